import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_TOKEN_RUN, tokenRuns } from './runs.js';

/** Reference: every maximal token run of at least MIN_TOKEN_RUN units, by regex. */
function reference(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of text.matchAll(/[A-Za-z0-9_\-.+/=~:|]+/g)) {
    if (m[0].length >= MIN_TOKEN_RUN) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

function actual(text: string): Array<[number, number]> {
  const r = tokenRuns(text);
  return Array.from({ length: r.count }, (_, k) => [r.starts[k]!, r.ends[k]!]);
}

describe('tokenRuns', () => {
  it('finds long token runs', () => {
    const text = 'see https://x.io/a?b=c and internationalisation, key ghp_ABCDEFGHIJKL1 ok';
    expect(actual(text)).toEqual(reference(text));
    expect(actual(text).map(([s, e]) => text.slice(s, e))).toEqual([
      'https://x.io/a',
      'internationalisation',
      'ghp_ABCDEFGHIJKL1',
    ]);
  });

  it('agrees with a regex reference on arbitrary text (property)', () => {
    const unit = fc.constantFrom('a', 'Z', '9', '_', '.', ' ', '\n', '?', 'é', ',');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 200 }), (units) => {
        const text = units.join('');
        expect(actual(text)).toEqual(reference(text));
      }),
      { numRuns: 400 },
    );
  });
});

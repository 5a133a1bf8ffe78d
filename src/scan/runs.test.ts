import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_TOKEN_RUN, tokenRuns } from './runs.js';

/** Reference: every maximal token run of at least MIN_TOKEN_RUN units, by regex. */
function reference(text: string): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (const m of text.matchAll(/[A-Za-z0-9_\-.+/=~:|]+/g)) {
    if (m[0].length >= MIN_TOKEN_RUN) {
      out.push([m.index, m.index + m[0].length, /^[a-z]+$/.test(m[0]) ? 1 : 0]);
    }
  }
  return out;
}

function actual(text: string): Array<[number, number, number]> {
  const r = tokenRuns(text);
  return Array.from({ length: r.count }, (_, k) => [r.starts[k]!, r.ends[k]!, r.plain[k]!]);
}

describe('tokenRuns', () => {
  it('finds long token runs and flags plain lower-case words', () => {
    const text = 'see https://x.io/a?b=c and internationalisation, key ghp_ABCDEFGHIJKL1 ok';
    expect(actual(text)).toEqual(reference(text));
    expect(actual(text).map(([s, e, p]) => [text.slice(s, e), p])).toEqual([
      ['https://x.io/a?b=c'.slice(0, 14), 0],
      ['internationalisation', 1],
      ['ghp_ABCDEFGHIJKL1', 0],
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

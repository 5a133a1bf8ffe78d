import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldLatin } from './keywords.js';
import { lexical } from './lexical.js';
import { normalise } from './normalise.js';

/** Reference: the unusual tokens, by regex over the whole text (see `Lexical.tokens`). */
function referenceTokens(text: string): number[] {
  const out: number[] = [];
  let ordinal = 0;
  for (const m of text.matchAll(/[A-Za-z0-9@$.\-_*|]+/g)) {
    const t = m[0];
    const o = ordinal++;
    if (t.length > 127) {
      out.push(m.index, m.index + t.length, o, -1);
      continue;
    }
    const letters = t.match(/[A-Za-z]/g)?.length ?? 0;
    const leet = t.match(/[01345789@$]/g)?.length ?? 0;
    const seps = t.match(/[26.\-_*|]/g)?.length ?? 0;
    if (!(t.length === 1 || t.length > 24 || leet > 0 || seps >= 4 || letters === 0)) continue;
    out.push(m.index, m.index + t.length, o, letters + (leet << 8) + (seps << 16));
  }
  return out;
}

const unit = fc.constantFrom(
  'a',
  'Z',
  'e',
  '1',
  '3',
  '@',
  '$',
  '2',
  '.',
  '-',
  '|',
  ' ',
  ' ',
  '\n',
  '\t',
  ',',
  'é',
  '’',
  'и',
  '\u200b',
  'ﬁ',
  '忽',
);
const word = fc.oneof(
  fc.array(unit, { maxLength: 10 }).map((a) => a.join('')),
  fc.constantFrom('ignore', 'r3v34l', 'f.o.r.g.e.t', 'a', 'I', 'x'.repeat(30), 'y'.repeat(130)),
);
const texts = fc.array(word, { maxLength: 150 }).map((ws) => ws.join(' '));

describe('lexical pass', () => {
  it('lists unusual tokens with ordinals and shapes, across both chains (property)', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect([...lexical({ text }).tokens]).toEqual(referenceTokens(text));
      }),
      { numRuns: 600 },
    );
  });

  it('tells stable text exactly when normalising leaves it unchanged (property)', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const { stable } = lexical({ text });
        // Unknown units read as "not known stable"; the normaliser then decides.
        if (stable) expect(normalise(text).text).toBe(text);
        if (normalise(text).text !== text) expect(stable).toBe(false);
      }),
      { numRuns: 600 },
    );
  });

  it('flags foldable text exactly when Latin folding changes it (property)', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(lexical({ text }).foldable).toBe(foldLatin(text) !== text);
      }),
      { numRuns: 600 },
    );
  });

  it('finds a token that straddles the middle of a long text once', () => {
    const half = 'word '.repeat(100);
    const text = `${half}r3v341${'x'.repeat(4)}${half}`;
    const tokens = lexical({ text }).tokens;
    const starts = tokens.filter((_, k) => k % 4 === 0);
    expect(starts.filter((s) => s === half.length)).toHaveLength(1);
    expect([...tokens]).toEqual(referenceTokens(text));
  });
});

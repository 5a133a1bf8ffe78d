import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalise, skeleton, toOriginalSpan } from './normalise.js';

const SPECIAL = [
  '\u200b',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u202e',
  '\u2066',
  '\u200f',
  '\u{e0041}',
  '\u{e0068}',
  '\u{e007f}',
  '\ufe0f',
  '\u{e0101}',
  '\u0301',
  '\u0308',
  'ﬁ',
  '㎏',
  'Ａ',
  '𝐀',
  'а',
  'е',
  'ο',
  '😀',
  '\ud800',
  '\udc00',
  'é',
  'ß',
  '가',
  '\u1100\u1161',
];

/** Strings mixing ASCII, arbitrary code points (astral included) and the characters that matter. */
const text = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme-ascii', maxLength: 4 }),
      fc.string({ unit: 'binary', maxLength: 3 }),
      fc.constantFrom(...SPECIAL),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));

describe('normalise', () => {
  it('returns ASCII unchanged with an identity map', () => {
    const n = normalise('plain ASCII text 123');
    expect(n.text).toBe('plain ASCII text 123');
    expect(n.starts).toBeNull();
    expect(n.hidden).toEqual([]);
  });

  it('returns NFKC-stable prose (typographic quotes, dashes, NFC accents, CJK) as is', () => {
    const prose = 'Café — “quoted” it’s 日本語 naïve résumé 100 €';
    const n = normalise(prose);
    expect(n.text).toBe(prose);
    expect(n.starts).toBeNull();
    expect(n.hidden).toEqual([]);
  });

  it('takes the identity fast path only when NFKC and folding change nothing (property)', () => {
    fc.assert(
      fc.property(text, (t) => {
        const n = normalise(t);
        if (n.starts === null) {
          expect(n.text).toBe(t);
          // (Conjoining Hangul jamo are normalised one by one, so never composed: known gap.)
          if (!/[\u1100-\u11ff]/.test(t)) expect(t.normalize('NFKC')).toBe(t);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('applies NFKC (fullwidth, math alphanumerics, ligatures)', () => {
    expect(normalise('Ｉｇｎｏｒｅ 𝐩𝐫𝐞𝐯𝐢𝐨𝐮𝐬 ﬁle').text).toBe('Ignore previous file');
  });

  it('folds look-alikes only inside mixed-script words', () => {
    const n = normalise('pаypal and привет and Ιgnore');
    expect(n.text).toBe('paypal and привет and Ignore');
    expect(n.hidden.filter((h) => h.kind === 'confusable')).toHaveLength(2);
  });

  it('removes and records zero-width, bidi and tag characters; decodes tag text', () => {
    const t = 'ig\u200bnore \u202eevil\u202c x\u{e0068}\u{e0069}';
    const n = normalise(t);
    expect(n.text).toBe('ignore evil x');
    const kinds = n.hidden.map((h) => h.kind);
    expect(kinds).toEqual(['zero_width', 'bidi', 'bidi', 'tag']);
    expect(n.hidden[0]).toMatchObject({ start: 2, end: 3, inWord: true });
    expect(n.hidden[3]).toMatchObject({ decoded: 'hi', start: 16, end: 20 });
  });

  it('maps spans back to the original text', () => {
    const t = 'Ｉｇｎｏｒｅ a\u200bb 😀 x';
    const n = normalise(t);
    const at = n.text.indexOf('x');
    expect(toOriginalSpan(n, at, at + 1)).toEqual({
      start: t.indexOf('x'),
      end: t.indexOf('x') + 1,
    });
    expect(toOriginalSpan(n, 0, 6)).toEqual({ start: 0, end: 6 });
    const ab = n.text.indexOf('ab');
    expect(t.slice(toOriginalSpan(n, ab, ab + 2).start, toOriginalSpan(n, ab, ab + 2).end)).toBe(
      'a\u200bb',
    );
  });

  it('keeps every mapped span in bounds and ordered (property)', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (t, x, y) => {
        const n = normalise(t);
        if (n.starts !== null) {
          expect(n.starts.length).toBe(n.text.length);
          for (let i = 0; i < n.text.length; i++) {
            expect(n.starts[i]).toBeGreaterThanOrEqual(i === 0 ? 0 : n.starts[i - 1]!);
            expect(n.ends![i]).toBeGreaterThan(n.starts[i]!);
            expect(n.ends![i]).toBeLessThanOrEqual(t.length);
          }
        }
        const len = n.text.length;
        const s = len === 0 ? 0 : x % (len + 1);
        const e = len === 0 ? 0 : s + (y % (len - s + 1));
        const span = toOriginalSpan(n, s, e);
        expect(span.start).toBeGreaterThanOrEqual(0);
        expect(span.end).toBeGreaterThanOrEqual(span.start);
        expect(span.end).toBeLessThanOrEqual(t.length);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips: the original under a mapped span normalises back to the span (property)', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (t, x, y) => {
        const n = normalise(t);
        const len = n.text.length;
        if (len === 0) return;
        const s = x % len;
        const e = s + 1 + (y % (len - s));
        const span = toOriginalSpan(n, s, e);
        const again = normalise(t.slice(span.start, span.end)).text;
        expect(skeleton(again)).toContain(skeleton(n.text.slice(s, e)));
      }),
      { numRuns: 500 },
    );
  });
});

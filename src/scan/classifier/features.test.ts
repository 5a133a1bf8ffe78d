import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractFeatures, MAX_FEATURES, WORD_WINDOW } from './features.js';

const MASK = (1 << 12) - 1;
const buf = new Int32Array(MAX_FEATURES);
const features = (text: string): number[] =>
  Array.from(buf.subarray(0, extractFeatures(text, MASK, buf))).sort((a, b) => a - b);

describe('extractFeatures', () => {
  it('yields in-range buckets, within the bound, deterministically', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 1500 }), (text) => {
        const a = features(text);
        expect(a.length).toBeLessThanOrEqual(MAX_FEATURES);
        for (const i of a) expect(i >= 0 && i <= MASK).toBe(true);
        expect(features(text)).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });

  it('ignores ASCII case and which whitespace separates words', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[A-Za-z0-9,.!?']{1,8}$/), { maxLength: 40 }),
        (words) => {
          const text = words.join(' ');
          expect(features(text.toUpperCase())).toEqual(features(text.toLowerCase()));
          expect(features(words.join('\n'))).toEqual(features(text));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('treats whitespace runs like one space', () => {
    expect(features('hello   world')).toEqual(features('hello world'));
  });

  it('folds digits, so numbers do not fragment the vocabulary', () => {
    expect(features('order 12345 shipped')).toEqual(features('order 98701 shipped'));
  });

  it('tokenises scripts written without spaces character by character', () => {
    // 4 characters: 4 unigrams + 3 bigrams.
    expect(features('忽略指令')).toHaveLength(7);
    expect(features('hello world')).toHaveLength(3);
  });

  it('reads only the head and tail of long texts', () => {
    const head = 'alpha '.repeat(WORD_WINDOW / 6 + 1);
    const tail = ' omega'.repeat(WORD_WINDOW / 6 + 1);
    const x = features(`${head}${'injected middle '.repeat(500)}${tail}`);
    const y = features(`${head}${'other filler text '.repeat(700)}${tail}`);
    expect(x.length).toBeLessThanOrEqual(MAX_FEATURES);
    expect(x).toEqual(y);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { literalSet } from './literals.js';

function naivePresent(literals: readonly string[], text: string): number[] {
  return literals.flatMap((l, i) => (text.includes(l) ? [i] : []));
}

function naiveHits(literals: readonly string[], text: string): string[] {
  const out: string[] = [];
  literals.forEach((l, k) => {
    for (let i = text.indexOf(l); i >= 0; i = text.indexOf(l, i + 1))
      out.push(`${k}@${i + l.length}`);
  });
  return out.sort();
}

describe('literalSet', () => {
  it('finds overlapping and nested literals', () => {
    const set = literalSet(['he', 'she', 'his', 'hers', 'é!', '😀']);
    expect(set.present('ushers')).toEqual([0, 1, 3]);
    expect(set.present('café! 😀')).toEqual([4, 5]);
    expect(set.present('nothing here')).toEqual([0]);
    const hits: string[] = [];
    set.scan('ushers', (k, end) => hits.push(`${k}@${end}`));
    expect(hits.sort()).toEqual(['0@4', '1@4', '3@6']);
  });

  it('agrees with String.includes on arbitrary literals and texts (property)', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', '-', 'é', '\u{1f600}');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 8 }),
        fc.array(alphabet, { maxLength: 40 }).map((a) => a.join('')),
        (literals, text) => {
          const set = literalSet(literals);
          expect(set.present(text)).toEqual(naivePresent(literals, text));
          const hits: string[] = [];
          set.scan(text, (k, end) => hits.push(`${k}@${end}`));
          expect(hits.sort()).toEqual(naiveHits(literals, text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects an empty literal', () => {
    expect(() => literalSet(['a', ''])).toThrow(RangeError);
  });
});

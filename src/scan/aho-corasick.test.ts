import { describe, expect, it } from 'vitest';
import { buildTransitions } from './aho-corasick.js';

/** Runs the automaton over `symbols` and returns `wordIndex@end` for every hit. */
function run(words: number[][], width: number, symbols: number[]): string[] {
  const t = buildTransitions(words, width);
  const out: string[] = [];
  let s = 0;
  symbols.forEach((symbol, i) => {
    s = t.delta[s * width + symbol]!;
    for (const w of t.outputs[s]!) out.push(`${w}@${i + 1}`);
  });
  return out.sort();
}

describe('buildTransitions', () => {
  it('reports every word ending at each position, suffixes and overlaps included', () => {
    // he, she, his, hers over symbols h=1 e=2 s=3 i=4 r=5
    const words = [
      [1, 2],
      [3, 1, 2],
      [1, 4, 3],
      [1, 2, 5, 3],
    ];
    expect(run(words, 8, [5, 3, 1, 2, 5, 3])).toEqual(['0@4', '1@4', '3@6']);
  });

  it('lists states breadth-first from the root and rejects empty words', () => {
    const t = buildTransitions([[1, 2, 3], [2]], 4);
    expect(t.breadthFirst[0]).toBe(0);
    expect(new Set(t.breadthFirst).size).toBe(t.states);
    expect(() => buildTransitions([[]], 4)).toThrow(RangeError);
  });
});

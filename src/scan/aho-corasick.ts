/**
 * Aho–Corasick construction shared by the scanner's literal matchers (`keywords.ts`, `literals.ts`):
 * words over a small alphabet of symbols become a complete transition table, so matching costs one
 * table lookup per input symbol. Each matcher chooses its own alphabet and table layout.
 */

/** A complete automaton: `delta[state * width + symbol]` is the next state; state 0 is the root. */
export interface Transitions {
  readonly width: number;
  readonly states: number;
  readonly delta: Int32Array;
  /** Per state, the indices (into the words given) of every word ending there, suffixes included. */
  readonly outputs: ReadonlyArray<readonly number[]>;
  /** Every state, breadth-first from the root (shallow states first). */
  readonly breadthFirst: readonly number[];
}

/**
 * Builds the automaton of `words`: each a non-empty sequence of symbols in `1 .. width - 1`
 * (symbol 0 stands for everything no word uses). O(states × width).
 */
export function buildTransitions(
  words: ReadonlyArray<ArrayLike<number>>,
  width: number,
): Transitions {
  // Trie.
  const next: Int32Array[] = [new Int32Array(width).fill(-1)];
  const outputs: number[][] = [[]];
  words.forEach((word, index) => {
    if (word.length === 0) throw new RangeError('an empty word cannot be matched');
    let s = 0;
    for (let i = 0; i < word.length; i++) {
      const symbol = word[i]!;
      let t = next[s]![symbol]!;
      if (t < 0) {
        t = next.length;
        next.push(new Int32Array(width).fill(-1));
        outputs.push([]);
        next[s]![symbol] = t;
      }
      s = t;
    }
    outputs[s]!.push(index);
  });
  // Failure links, breadth-first, folded into the table: a missing edge goes where the failure
  // state's edge goes, and a state's outputs include its failure state's.
  const states = next.length;
  const delta = new Int32Array(states * width);
  const fail = new Int32Array(states);
  const order: number[] = [0];
  for (let symbol = 0; symbol < width; symbol++) {
    const t = next[0]![symbol]!;
    delta[symbol] = Math.max(t, 0);
    if (t > 0) order.push(t);
  }
  for (let q = 1; q < order.length; q++) {
    const s = order[q]!;
    const f = fail[s]!;
    for (const o of outputs[f]!) outputs[s]!.push(o);
    for (let symbol = 0; symbol < width; symbol++) {
      const t = next[s]![symbol]!;
      if (t < 0) delta[s * width + symbol] = delta[f * width + symbol]!;
      else {
        fail[t] = delta[f * width + symbol]!;
        delta[s * width + symbol] = t;
        order.push(t);
      }
    }
  }
  return { width, states, delta, outputs, breadthFirst: order };
}

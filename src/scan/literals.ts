/**
 * Multi-literal search (Aho–Corasick automaton): which of a fixed set of literals occur in a text,
 * in one left-to-right pass with one table lookup per code unit. Used as the prefilter in front of
 * detector patterns; V8 runs a large literal alternation regex several times slower.
 */

import { buildTransitions } from './aho-corasick.js';

/** A compiled set of literals. */
export interface LiteralSet {
  /** The literals, in the order given (indices below refer to this array). */
  readonly literals: readonly string[];
  /** Indices of the literals that occur in `text` (each once, ascending). */
  present(text: string): number[];
  /** Calls `hit(index, end)` for every occurrence (overlaps included) ending in `text[from, to)`. */
  scan(text: string, hit: (index: number, end: number) => void, from?: number, to?: number): void;
}

/** Compile `literals` (non-empty strings; case-sensitive, exact code units) into a `LiteralSet`. */
export function literalSet(literals: readonly string[]): LiteralSet {
  // Alphabet: every code unit used by a literal gets a symbol; 0 stands for all others.
  const symbolOf = new Map<number, number>();
  for (const lit of literals) {
    if (lit.length === 0) throw new RangeError('literalSet: empty literal');
    for (let i = 0; i < lit.length; i++) {
      const u = lit.charCodeAt(i);
      if (!symbolOf.has(u)) symbolOf.set(u, symbolOf.size + 1);
    }
  }
  // Row width a power of two, so a row offset turns back into a state with a shift.
  const shift = Math.max(1, Math.ceil(Math.log2(symbolOf.size + 1)));
  const width = 1 << shift;

  const words = literals.map((lit) =>
    Array.from({ length: lit.length }, (_, i) => symbolOf.get(lit.charCodeAt(i))!),
  );
  const { delta, outputs: outs } = buildTransitions(words, width);
  // Rows hold the next state's row offset (no multiplication in the loop); code units map to
  // symbols through one flat table.
  for (let i = 0; i < delta.length; i++) delta[i] = delta[i]! << shift;
  const hasOut = Uint8Array.from(outs, (o) => (o.length > 0 ? 1 : 0));
  const output: ReadonlyArray<readonly number[]> = outs;
  const lengths = literals.map((l) => l.length);
  const table = width < 256 ? new Uint8Array(0x10000) : new Uint16Array(0x10000);
  for (const [u, sym] of symbolOf) table[u] = sym;

  return {
    literals,
    present(text) {
      const seen = new Uint8Array(literals.length);
      let found = 0;
      let state = 0;
      for (let i = 0; i < text.length; i++) {
        state = delta[state + table[text.charCodeAt(i)]!]!;
        if (hasOut[state >>> shift] === 0) continue;
        for (const k of output[state >>> shift]!) {
          if (seen[k] === 0) {
            seen[k] = 1;
            found++;
          }
        }
        if (found === literals.length) break;
      }
      const out: number[] = [];
      for (let k = 0; k < seen.length; k++) if (seen[k] === 1) out.push(k);
      return out;
    },
    scan(text, hit, from = 0, to = text.length) {
      let state = 0;
      const end = Math.min(to, text.length);
      for (let i = Math.max(0, from); i < end; i++) {
        state = delta[state + table[text.charCodeAt(i)]!]!;
        if (hasOut[state >>> shift] === 0) continue;
        for (const k of output[state >>> shift]!) {
          if (i + 1 - lengths[k]! >= from) hit(k, i + 1);
        }
      }
    },
  };
}

/**
 * The lexical pass: one loop over a text's code units computes, once per view, what the scanner
 * and the detectors gate on:
 * - every keyword occurrence (the shared automaton of `keywords.ts`);
 * - whether normalisation can leave the text unchanged (every unit known NFKC-stable);
 * - whether some unit needs Latin folding (`foldLatin`);
 * - the unusual tokens that obfuscation detection inspects (see {@link Lexical.tokens}).
 * Each is its own tight loop (fused, they spill registers and run slower). The automaton's loop is
 * bound by the latency of its table loads, so it runs two independent chains (the first and the
 * second half of the text) whose loads overlap. Pure; O(n + hits).
 */
import {
  type Automaton,
  compiledKeywords,
  FOLDABLE,
  foldLatin,
  type Keywords,
  WORD,
} from './keywords.js';
import { STABLE } from './normalise.js';
import { type TextSource, unitsOf } from './units.js';

/**
 * What one pass found in a text. Arrays are reused: a result is valid until the pass runs on
 * another view (the scanner's detectors read it right away, synchronously).
 */
export interface Lexical {
  /** Positional keyword hits, in text order: keyword `ids[i]` ends at `ends[i]` (exclusive). */
  readonly count: number;
  readonly ids: readonly number[];
  readonly ends: readonly number[];
  /** 1 for every keyword (any group) that occurs at least once. */
  readonly present: Uint8Array;
  /** Every unit is known NFKC-stable, not hidden and not a look-alike: normalising changes nothing. */
  readonly stable: boolean;
  /** Some unit is an accented Latin letter that `foldLatin` rewrites. */
  readonly foldable: boolean;
  /**
   * Tokens: maximal runs of ASCII letters, digits, `@ $` and separators (`. - _ * |`); any other
   * unit (space, punctuation, other scripts) ends one. Listed when unusual: one unit long, holding
   * a leet stand-in `0 1 3 4 5 7 8 9 @ $`, four or more separators, no letter (a Morse code), or
   * longer than 24 units; flattened `[start, end, ordinal, shape]`: `ordinal` counts every token
   * of the text, and `shape` packs letters + (leet << 8) + (separators and the digits 2 and 6
   * << 16), or is -1 for a token longer than 127 units (count it again).
   */
  readonly tokens: readonly number[];
}

// Per unit: what a token's packed shape adds (letters 1, leet 1 << 8, separators 1 << 16; 0 for a
// unit that is not part of tokens). Fields cannot overflow in tokens of at most 127 units.
const SHAPE = new Int32Array(65536);
for (let c = 65; c <= 90; c++) SHAPE[c] = 1;
for (let c = 97; c <= 122; c++) SHAPE[c] = 1;
for (const ch of '01345789@$') SHAPE[ch.charCodeAt(0)] = 1 << 8;
for (const ch of '26.-_*|') SHAPE[ch.charCodeAt(0)] = 1 << 16;
const MAX_SHAPED = 127;

const NOT_ASCII = /[^\u0000-\u007e]+/g;

/** Texts shorter than this run as one chain. */
const TWO_CHAINS_FROM = 256;

// One-entry cache: the detectors of one layer get the same view object and ask in turn.
let lastView: TextSource | undefined;
let last: Lexical | undefined;

// Reused between texts: typed-array allocation costs more than the pass over a short text.
let present = new Uint8Array(0);
const ids: number[] = [];
const ends: number[] = [];
const laterIds: number[] = [];
const laterEnds: number[] = [];
const tokens: number[] = [];

/** The lexical pass over `view.text` (memoised for the last view). */
export function lexical(view: TextSource): Lexical {
  if (view === lastView && last !== undefined) return last;
  const k = compiledKeywords();
  const units = unitsOf(view);
  const n = units.length;
  if (present.length !== k.lengths.length) present = new Uint8Array(k.lengths.length);
  else present.fill(0);
  ids.length = 0;
  ends.length = 0;
  tokens.length = 0;

  findAscii(k, units);

  // Stability and folding concern non-ASCII units only: the regex engine skips ASCII far faster
  // than a loop, and hands over each run of other units (a whole paragraph of another script).
  // The same units tell whether a keyword of another script can occur at all.
  let notStable = 0;
  let fold = 0;
  let otherScript = 0;
  const otherCls = k.other?.cls;
  const { text } = view;
  NOT_ASCII.lastIndex = 0;
  for (let m = NOT_ASCII.exec(text); m !== null; m = NOT_ASCII.exec(text)) {
    for (let j = m.index; j < NOT_ASCII.lastIndex; j++) {
      const u = units[j]!;
      notStable |= STABLE[u]! ^ 1;
      fold |= FOLDABLE[u]!;
      if (otherCls !== undefined) otherScript |= otherCls[u]!;
    }
  }
  if (otherScript !== 0 && k.other !== null) findOther(k, k.other, units);

  // Unusual tokens.
  let start = -1;
  let shape = 0;
  let ordinal = 0;
  for (let j = 0; j < n; j++) {
    const add = SHAPE[units[j]!]!;
    if (add !== 0) {
      if (start < 0) start = j;
      shape += add;
    } else if (start >= 0) {
      if (unusual(j - start, shape)) listToken(start, j, shape, ordinal);
      ordinal++;
      start = -1;
      shape = 0;
    }
  }
  if (start >= 0 && unusual(n - start, shape)) listToken(start, n, shape, ordinal);

  lastView = view;
  last = {
    count: ids.length,
    ids,
    ends,
    present,
    stable: notStable === 0,
    foldable: fold !== 0,
    tokens,
  };
  return last;
}

/**
 * Hits of the ASCII automaton into `ids`/`ends`, in text order. Two chains: the second starts
 * `longest - 1` units before `mid`; a keyword ending after `mid` starts after `mid - longest`, so it
 * finds exactly those.
 */
function findAscii(k: Keywords, units: Uint16Array): void {
  const { cls, shift, delta, firstOut, longest } = k.ascii;
  const n = units.length;
  const mid = n >= TWO_CHAINS_FROM ? n >> 1 : n;
  const restart = Math.max(0, mid - longest + 1);
  const span = Math.min(mid, n - restart);
  laterIds.length = 0;
  laterEnds.length = 0;
  let s1 = 0;
  let s2 = 0;
  let i = 0;
  for (; i < span; i++) {
    s1 = delta[(s1 << shift) | cls[units[i]!]!]!;
    s2 = delta[(s2 << shift) | cls[units[restart + i]!]!]!;
    if (s1 >= firstOut) collect(k, k.ascii, units, s1, i, ids, ends);
    if (s2 >= firstOut && restart + i >= mid) {
      collect(k, k.ascii, units, s2, restart + i, laterIds, laterEnds);
    }
  }
  for (let j = i; j < mid; j++) {
    s1 = delta[(s1 << shift) | cls[units[j]!]!]!;
    if (s1 >= firstOut) collect(k, k.ascii, units, s1, j, ids, ends);
  }
  for (let j = restart + i; j < n && mid < n; j++) {
    s2 = delta[(s2 << shift) | cls[units[j]!]!]!;
    if (s2 >= firstOut && j >= mid) collect(k, k.ascii, units, s2, j, laterIds, laterEnds);
  }
  for (let j = 0; j < laterIds.length; j++) {
    ids.push(laterIds[j]!);
    ends.push(laterEnds[j]!);
  }
}

/** Hits of the other-script automaton, merged into `ids`/`ends` in text order. */
function findOther(k: Keywords, a: Automaton, units: Uint16Array): void {
  const { cls, shift, delta, firstOut } = a;
  laterIds.length = 0;
  laterEnds.length = 0;
  let s = 0;
  for (let j = 0; j < units.length; j++) {
    s = delta[(s << shift) | cls[units[j]!]!]!;
    if (s >= firstOut) collect(k, a, units, s, j, laterIds, laterEnds);
  }
  if (laterIds.length === 0) return;
  const asciiIds = ids.slice();
  const asciiEnds = ends.slice();
  ids.length = 0;
  ends.length = 0;
  let x = 0;
  let y = 0;
  while (x < asciiIds.length || y < laterIds.length) {
    if (y >= laterIds.length || (x < asciiIds.length && asciiEnds[x]! <= laterEnds[y]!)) {
      ids.push(asciiIds[x]!);
      ends.push(asciiEnds[x++]!);
    } else {
      ids.push(laterIds[y]!);
      ends.push(laterEnds[y++]!);
    }
  }
}

/** Records the keywords of output state `s` of automaton `a`, reached at unit `i`. */
function collect(
  k: Keywords,
  a: Automaton,
  units: Uint16Array,
  s: number,
  i: number,
  hitIds: number[],
  hitEnds: number[],
): void {
  const hit = a.out[s - a.firstOut]!;
  for (let h = 0; h < hit.length; h++) {
    const id = hit[h]!;
    if (k.wordStart[id] === 1) {
      const start = i + 1 - k.lengths[id]!;
      if (start > 0 && WORD[units[start - 1]!] === 1) continue;
    }
    present[id] = 1;
    if (k.presenceOnly[id] === 0) {
      hitIds.push(id);
      hitEnds.push(i + 1);
    }
  }
}

/**
 * Whether a token of `len` units and packed `shape` is worth listing (see `Lexical.tokens`): most
 * tokens are words, or words with a stop or a hyphen, and are not.
 */
function unusual(len: number, shape: number): boolean {
  return (
    len === 1 || len > 24 || (shape & 0xff00) !== 0 || shape >= 4 << 16 || (shape & 0xffff) === 0
  );
}

function listToken(start: number, end: number, shape: number, ordinal: number): void {
  tokens.push(start, end, ordinal, end - start > MAX_SHAPED ? -1 : shape);
}

// One-entry cache: the cue detectors of one layer fold the same view in turn.
let lastFoldView: TextSource | undefined;
let lastFolded = '';

/** `foldLatin(view.text)`, computed once per view and only when the pass saw a foldable unit. */
export function foldedText(view: TextSource): string {
  if (view !== lastFoldView) {
    lastFolded = lexical(view).foldable ? foldLatin(view.text) : view.text;
    lastFoldView = view;
  }
  return lastFolded;
}

/**
 * Keywords: every literal that any detector gates on (cue anchors, unsafe-code cues, decoder
 * hints) compiled into one case-folded Aho–Corasick automaton, which the lexical pass
 * (`lexical.ts`) runs once per text for all detectors.
 *
 * Keyword syntax: text matched case-insensitively with accented Latin letters, typographic quotes
 * and whitespace folded (a space matches any whitespace unit); a leading `^` requires a word start
 * (the unit before is not a regex word character).
 */

import { buildTransitions } from './aho-corasick.js';

// ---- folding: one unit to one unit, so offsets survive ----------------------------------------

/**
 * Per UTF-16 unit: the unit itself, or for accented Latin letters (Latin-1, Extended-A/B,
 * Extended Additional) the base ASCII letter. "Ígnóré áll prévíóús" reads as "Ignore all previous".
 */
const LATIN = new Uint16Array(65536);
for (let c = 0; c < 65536; c++) LATIN[c] = c;
for (const [lo, hi] of [
  [0xc0, 0x24f],
  [0x1e00, 0x1eff],
] as const) {
  for (let c = lo; c <= hi; c++) {
    const base = String.fromCharCode(c).normalize('NFD').charCodeAt(0);
    if ((base >= 65 && base <= 90) || (base >= 97 && base <= 122)) LATIN[c] = base;
  }
}
// Letters NFD leaves alone.
for (const [from, to] of [
  ['đ', 'd'],
  ['Đ', 'D'],
  ['ı', 'i'],
  ['ł', 'l'],
  ['Ł', 'L'],
  ['ø', 'o'],
  ['Ø', 'O'],
] as const) {
  LATIN[from.charCodeAt(0)] = to.charCodeAt(0);
}

/** 1 for every unit that {@link foldLatin} rewrites. */
export const FOLDABLE = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) FOLDABLE[c] = LATIN[c] === c ? 0 : 1;

// Every unit `LATIN` changes lies in these blocks; a native scan finds the (rare) text that has one.
const FOLDABLE_TEXT = /[\u00c0-\u024f\u1e00-\u1eff]/;

/** Folds accented Latin letters to ASCII, unit for unit (same length, same offsets). */
export function foldLatin(text: string): string {
  if (!FOLDABLE_TEXT.test(text)) return text;
  const n = text.length;
  const units = new Array<string>(n);
  for (let j = 0; j < n; j++) units[j] = String.fromCharCode(LATIN[text.charCodeAt(j)]!);
  return units.join('');
}

const isSpace = (c: number): boolean =>
  c <= 32 || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);

/** What the automaton reads for a unit: Latin-folded, then lowercased (ASCII and Cyrillic). */
const FOLD = new Uint16Array(65536);
for (let c = 0; c < 65536; c++) {
  let f = LATIN[c]!;
  if (f >= 65 && f <= 90) f += 32;
  else if (f >= 0x410 && f <= 0x42f) f += 32;
  FOLD[c] = isSpace(c) ? 32 : f;
}
// Typographic quotes read as ASCII ones: English prose is full of them, and a keyword holding one
// would otherwise send every such text through the other-script automaton.
for (const c of [0x2018, 0x2019, 0x201b, 0x2032]) FOLD[c] = 0x27;
for (const c of [0x201c, 0x201d, 0x201f, 0x2033]) FOLD[c] = 0x22;

/** A keyword as the automaton reads text: every unit through `FOLD`. */
function foldKeyword(units: string): string {
  let out = '';
  for (let i = 0; i < units.length; i++) out += String.fromCharCode(FOLD[units.charCodeAt(i)]!);
  return out;
}

/**
 * 1 where a unit is a regex word character (`\w`: ASCII letters, digits, `_`). A `^` keyword starts
 * where `\b` can, so consumers that verify with `\b…` patterns never lose a match to the gate.
 */
export const WORD = new Uint8Array(65536);
for (let c = 0; c < 128; c++) WORD[c] = /\w/.test(String.fromCharCode(c)) ? 1 : 0;

// ---- registry ---------------------------------------------------------------------------------

/** A detector's keywords: keyword `i` of the group has global id `base + i`. */
export interface KeywordGroup {
  readonly base: number;
  readonly keywords: readonly string[];
  /** Whether the group only asks which keywords occur (no positions recorded). */
  readonly presenceOnly: boolean;
}

interface Keyword {
  readonly units: string;
  readonly wordStart: boolean;
  readonly presenceOnly: boolean;
}

const registered: Keyword[] = [];
const groups: KeywordGroup[] = [];

/**
 * Register a detector's keywords (at module load). `presenceOnly` groups learn which keywords occur,
 * not where, which keeps frequent one-character cues (`;`, `=`) cheap.
 */
export function registerKeywords(
  keywords: readonly string[],
  options: { presenceOnly?: boolean } = {},
): KeywordGroup {
  const presenceOnly = options.presenceOnly === true;
  const base = registered.length;
  for (const k of keywords) {
    const wordStart = k.startsWith('^');
    const units = wordStart ? k.slice(1) : k;
    if (units.length === 0) throw new RangeError(`keyword ${JSON.stringify(k)} is empty`);
    registered.push({ units: foldKeyword(units), wordStart, presenceOnly });
  }
  const group: KeywordGroup = { base, keywords: [...keywords], presenceOnly };
  groups.push(group);
  return group;
}

// ---- automaton --------------------------------------------------------------------------------

/** One compiled automaton over a subset of the keywords. */
export interface Automaton {
  /** Class of every unit (0: none of this automaton's keywords uses it). */
  readonly cls: Uint8Array;
  readonly shift: number;
  /** `delta[(state << shift) | class]`: next state. States `>= firstOut` have outputs. */
  readonly delta: Uint16Array;
  readonly firstOut: number;
  /** Keyword ids per output state, indexed by `state - firstOut`. */
  readonly out: ReadonlyArray<Int32Array>;
  /** Length of its longest keyword. */
  readonly longest: number;
}

/**
 * Every keyword registered so far, compiled (internal to the scan module: `lexical.ts` runs it).
 * Keywords written in ASCII (after folding) share one automaton with narrow rows (about 60
 * classes): its table stays small enough for the caches that prose keeps warm. Keywords of other
 * scripts get a second automaton, run only on texts that contain one of its units.
 */
export interface Keywords {
  readonly version: number;
  readonly ascii: Automaton;
  /** `null` when no keyword uses a non-ASCII unit. */
  readonly other: Automaton | null;
  readonly lengths: Int32Array;
  readonly wordStart: Uint8Array;
  readonly presenceOnly: Uint8Array;
}

let compiled: Keywords | undefined;

/** The keywords registered so far, compiled (rebuilt when a group is added). */
export function compiledKeywords(): Keywords {
  if (compiled === undefined || compiled.version !== registered.length) {
    const ids = registered.map((_, id) => id);
    const isAscii = (id: number) => [...registered[id]!.units].every((u) => u < '\u0080');
    const asciiIds = ids.filter(isAscii);
    const otherIds = ids.filter((id) => !isAscii(id));
    compiled = {
      version: registered.length,
      ascii: build(asciiIds),
      other: otherIds.length > 0 ? build(otherIds) : null,
      lengths: Int32Array.from(registered, (k) => k.units.length),
      wordStart: Uint8Array.from(registered, (k) => (k.wordStart ? 1 : 0)),
      presenceOnly: Uint8Array.from(registered, (k) => (k.presenceOnly ? 1 : 0)),
    };
  }
  return compiled;
}

/** An Aho–Corasick automaton over the keywords `ids`, as a complete transition table. */
function build(ids: readonly number[]): Automaton {
  // Alphabet: one class per folded unit that a keyword uses; every unit folding to it shares it.
  const classOf = new Map<number, number>();
  classOf.set(32, 1);
  for (const id of ids) {
    const { units } = registered[id]!;
    for (let i = 0; i < units.length; i++) {
      const u = units.charCodeAt(i);
      if (!classOf.has(u)) classOf.set(u, classOf.size + 1);
    }
  }
  if (classOf.size + 1 > 256) {
    throw new RangeError('keywords use more than 255 distinct characters');
  }
  const cls = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) cls[c] = classOf.get(FOLD[c]!) ?? 0;
  const shift = Math.max(1, Math.ceil(Math.log2(classOf.size + 1)));
  const width = 1 << shift;

  const words = ids.map((id) => {
    const { units } = registered[id]!;
    return Array.from({ length: units.length }, (_, i) => classOf.get(units.charCodeAt(i))!);
  });
  const { states: n, delta, outputs, breadthFirst } = buildTransitions(words, width);
  if (n > 65535) throw new RangeError('keyword automaton exceeds 65535 states');
  // Outputs name keywords, not positions in `words`.
  const outs = outputs.map((o) => o.map((w) => ids[w]!));
  // Renumber: states without output first, so one comparison in the loop tells a hit.
  // Breadth-first order keeps the shallow states, where prose spends its time, close together.
  const rank = new Int32Array(n);
  let r = 0;
  for (const s of breadthFirst) if (outs[s]!.length === 0) rank[s] = r++;
  const firstOut = r;
  for (const s of breadthFirst) if (outs[s]!.length > 0) rank[s] = r++;
  const table = new Uint16Array(n * width);
  const out: Int32Array[] = new Array(n - firstOut);
  for (let s = 0; s < n; s++) {
    const row = rank[s]! * width;
    for (let c = 0; c < width; c++) table[row + c] = rank[delta[s * width + c]!]!;
    if (outs[s]!.length > 0) out[rank[s]! - firstOut] = Int32Array.from(outs[s]!);
  }
  const longest = ids.reduce((m, id) => Math.max(m, registered[id]!.units.length), 1);
  return { cls, shift, delta: table, firstOut, out, longest };
}

/** Every registered keyword, as it matches (no `^`). */
export function allKeywords(): string[] {
  return registered.map((k) => k.units);
}

/** Length (in units) of a registered keyword. */
export function keywordLength(id: number): number {
  const k = registered[id];
  if (k === undefined) throw new RangeError(`no keyword ${id}`);
  return k.units.length;
}

/**
 * Unicode normalisation before detection: NFKC, confusable folding inside mixed-script words,
 * removal of invisible / zero-width / bidi-control / tag characters (recorded as hidden runs),
 * with an offset map from every normalised code unit back to the original text.
 */
import type { Span } from '../core/finding.js';
import { unitsOf } from './units.js';

/** Why characters were removed or rewritten. */
export type HiddenKind =
  | 'zero_width'
  | 'bidi'
  | 'tag'
  | 'variation_selector'
  | 'invisible'
  | 'confusable';

/** A run of removed (or, for `confusable`, folded) characters, located in the original text. */
export interface HiddenRun {
  readonly kind: HiddenKind;
  readonly start: number;
  readonly end: number;
  /** Code points in the run. */
  readonly count: number;
  /** `zero_width`/`invisible` only: whether the run sits between two letters or digits (word splitting). */
  readonly inWord?: boolean;
  /** `tag` only: the ASCII text smuggled in Unicode tag characters (U+E0020..U+E007E). */
  readonly decoded?: string;
}

/** Normalised text plus the way back to the original. */
export interface NormalisedText {
  readonly original: string;
  readonly text: string;
  /**
   * `starts[i]`/`ends[i]`: original range that produced normalised code unit `i`;
   * `null` when the text is unchanged (identity map).
   */
  readonly starts: Int32Array | null;
  readonly ends: Int32Array | null;
  readonly hidden: readonly HiddenRun[];
}

/** Map a half-open span of the normalised text to the original text. Always in bounds. */
export function toOriginalSpan(n: NormalisedText, start: number, end: number): Span {
  const len = n.text.length;
  const olen = n.original.length;
  const s = Math.min(Math.max(start, 0), len);
  const e = Math.min(Math.max(end, s), len);
  if (n.starts === null || n.ends === null) return { start: s, end: e };
  if (len === 0) return { start: 0, end: 0 };
  if (s === e) {
    // Empty span: a position between two normalised units.
    const pos = s < len ? n.starts[s]! : olen;
    return { start: pos, end: pos };
  }
  const os = n.starts[s]!;
  const oe = n.ends[e - 1]!;
  return { start: os, end: Math.max(oe, os) };
}

// Latin look-alikes from Cyrillic, Greek and Armenian (a compact subset of Unicode's
// confusables.txt; NFKC already folds fullwidth and mathematical alphanumerics).
const CONFUSABLE_PAIRS =
  'аaеeоoрpсcуyхxѕsіiјjԁdһhԛqԝwкkӏlѐeёeАAВBЕEКKМMНHОOРPСCТTХXУYЅSІIЈJԚQԜWҮYӀI' +
  'αaοoρpνvιiκkυuχxΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧXϲcϳjօoսuոnհh';
const CONFUSABLE = new Map<number, string>();
for (let i = 0; i < CONFUSABLE_PAIRS.length; i += 2) {
  CONFUSABLE.set(CONFUSABLE_PAIRS.charCodeAt(i), CONFUSABLE_PAIRS[i + 1]!);
}

/** Hidden-character class of a code point, or `null` for ordinary characters. */
export function hiddenKindOf(cp: number): HiddenKind | null {
  if (cp < 0xad) return null;
  if (cp === 0xad || cp === 0x34f || cp === 0x180e || cp === 0x115f || cp === 0x1160) {
    return 'invisible';
  }
  if (cp >= 0x200b && cp <= 0x200d) return 'zero_width';
  if (cp === 0x200e || cp === 0x200f || cp === 0x61c) return 'bidi';
  if (cp >= 0x202a && cp <= 0x202e) return 'bidi';
  if (cp >= 0x2060 && cp <= 0x2064) return cp === 0x2060 ? 'zero_width' : 'invisible';
  if (cp >= 0x2066 && cp <= 0x2069) return 'bidi';
  if (cp === 0xfeff) return 'zero_width';
  if (cp === 0x3164 || cp === 0xffa0) return 'invisible';
  if (cp >= 0xfe00 && cp <= 0xfe0f) return 'variation_selector';
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tag';
  if (cp >= 0xe0100 && cp <= 0xe01ef) return 'variation_selector';
  return null;
}

const MARK = /^\p{M}$/u;
const nfkcCache = new Map<number, string>();

function nfkcOf(cp: number): string {
  let out = nfkcCache.get(cp);
  if (out === undefined) {
    out = String.fromCodePoint(cp).normalize('NFKC');
    if (nfkcCache.size < 4096) nfkcCache.set(cp, out);
  }
  return out;
}

function isMark(cp: number): boolean {
  return cp >= 0x300 && MARK.test(String.fromCodePoint(cp));
}

// Word splitting is judged on ASCII neighbours only: joiners are legitimate inside Indic and
// Persian words and emoji sequences.
function isWordChar(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}

/**
 * Per BMP code unit: 0 unknown, 1 stable (NFKC leaves it alone, alone or before any following
 * character, and it is neither hidden nor a look-alike), 2 needs the full normaliser. Filled in as
 * units are met; the lexical pass reads it to tell, in its one loop, that a text is stable.
 */
export const STABLE = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) STABLE[c] = 1;
STABLE[0x7f] = 2;

function classify(u: number): number {
  const ch = String.fromCharCode(u);
  const unstable =
    (u >= 0xd800 && u <= 0xdfff) || // astral: tags, variation selectors, maths letters
    (u >= 0x1100 && u <= 0x11ff) || // Hangul jamo compose without being marks
    (u >= 0x3130 && u <= 0x318f) ||
    hiddenKindOf(u) !== null ||
    CONFUSABLE.has(u) ||
    MARK.test(ch) ||
    ch.normalize('NFKC') !== ch;
  const v = unstable ? 2 : 1;
  STABLE[u] = v;
  return v;
}

// True when normalisation cannot change the text: every code unit is NFKC-stable on its own, no
// combining mark can compose with a neighbour, nothing is hidden and no look-alike can be folded.
function isStable(units: Uint16Array): boolean {
  for (let i = 0; i < units.length; i++) {
    const v = STABLE[units[i]!]!;
    if (v !== 1 && (v === 2 || classify(units[i]!) !== 1)) return false;
  }
  return true;
}

/**
 * Normalise `text` for detection. Pure; O(n). Text that normalisation cannot change (ASCII and
 * most prose: typographic quotes, dashes, accented letters in NFC, CJK) is returned as is with an
 * identity map and no allocation beyond the result object. `units` (the text's code units, see
 * `units.ts`) saves a copy when the caller has them.
 */
export function normalise(text: string, units?: Uint16Array): NormalisedText {
  return isStable(units ?? unitsOf({ text })) ? unchanged(text) : normaliseSlow(text);
}

/** The normalised form of a text already known to be stable: itself, with an identity map. */
export function unchanged(text: string): NormalisedText {
  return { original: text, text, starts: null, ends: null, hidden: [] };
}

function normaliseSlow(text: string): NormalisedText {
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const hidden: HiddenRun[] = [];
  let changed = false;

  // Pending segment: a starter plus following combining marks, normalised together.
  let segStart = -1;
  let segEnd = -1;
  let segText = '';
  const flush = () => {
    if (segStart < 0) return;
    const first = segText.codePointAt(0)!;
    const single = segEnd - segStart === (first > 0xffff ? 2 : 1);
    const norm =
      first < 0x80 && single ? segText : single ? nfkcOf(first) : segText.normalize('NFKC');
    if (norm !== text.slice(segStart, segEnd)) changed = true;
    parts.push(norm);
    for (let k = 0; k < norm.length; k++) {
      starts.push(segStart);
      ends.push(segEnd);
    }
    segStart = -1;
    segText = '';
  };

  // Hidden run being accumulated.
  let hKind: HiddenKind | null = null;
  let hStart = 0;
  let hEnd = 0;
  let hCount = 0;
  let hDecoded = '';
  let hPrevWord = false;
  const closeHidden = (nextIsWord: boolean) => {
    if (hKind === null) return;
    const run: HiddenRun =
      hKind === 'tag'
        ? { kind: hKind, start: hStart, end: hEnd, count: hCount, decoded: hDecoded }
        : hKind === 'zero_width' || hKind === 'invisible'
          ? {
              kind: hKind,
              start: hStart,
              end: hEnd,
              count: hCount,
              inWord: hPrevWord && nextIsWord,
            }
          : { kind: hKind, start: hStart, end: hEnd, count: hCount };
    hidden.push(run);
    hKind = null;
    hDecoded = '';
  };

  let prevWord = false;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const kind = hiddenKindOf(cp);
    if (kind !== null) {
      changed = true;
      if (hKind !== kind) {
        closeHidden(false);
        hKind = kind;
        hStart = i;
        hCount = 0;
        hPrevWord = prevWord;
      }
      hEnd = i + width;
      hCount++;
      if (kind === 'tag' && cp >= 0xe0020 && cp <= 0xe007e) {
        hDecoded += String.fromCharCode(cp - 0xe0000);
      }
      i += width;
      continue;
    }
    // Fast path: a run of ASCII characters maps one-to-one (the last one stays out of the run
    // when a combining mark follows it, so that it is normalised together with the mark).
    if (cp < 0x80) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) < 0x80) j++;
      if (j < text.length && isMark(text.codePointAt(j)!)) j--;
      if (j > i + 1) {
        closeHidden(isWordChar(cp));
        flush();
        parts.push(text.slice(i, j));
        for (let k = i; k < j; k++) {
          starts.push(k);
          ends.push(k + 1);
        }
        prevWord = isWordChar(text.charCodeAt(j - 1));
        i = j;
        continue;
      }
    }
    const word = isWordChar(cp);
    closeHidden(word);
    if (segStart >= 0 && isMark(cp) && segEnd === i) {
      segText += text.slice(i, i + width);
      segEnd = i + width;
    } else {
      flush();
      segStart = i;
      segEnd = i + width;
      segText = text.slice(i, i + width);
    }
    prevWord = word;
    i += width;
  }
  flush();
  closeHidden(false);

  let norm = parts.join('');
  const folded = foldConfusables(norm, starts, ends, hidden);
  if (folded !== norm) {
    changed = true;
    norm = folded;
  }
  if (!changed) return { original: text, text, starts: null, ends: null, hidden };
  hidden.sort((a, b) => a.start - b.start);
  return {
    original: text,
    text: norm,
    starts: Int32Array.from(starts),
    ends: Int32Array.from(ends),
    hidden,
  };
}

/**
 * Fold Cyrillic/Greek/Armenian look-alikes to Latin inside words that mix Latin letters with
 * look-alikes (`pаypal` with a Cyrillic `а`); words written wholly in another script are kept,
 * so ordinary Russian or Greek text is not rewritten. Length-preserving, so the map is unchanged.
 */
function foldConfusables(
  text: string,
  starts: readonly number[],
  ends: readonly number[],
  hidden: HiddenRun[],
): string {
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (!isWordUnit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const ws = i;
    let latin = false;
    let confusable = 0;
    let other = false;
    while (i < n && isWordUnit(text.charCodeAt(i))) {
      const u = text.charCodeAt(i);
      if (u < 0x250) latin ||= u >= 0x41;
      else if (CONFUSABLE.has(u)) confusable++;
      else other = true;
      i++;
    }
    if (!latin || confusable === 0 || other) continue;
    out += text.slice(copied, ws);
    for (let k = ws; k < i; k++) out += CONFUSABLE.get(text.charCodeAt(k)) ?? text[k];
    copied = i;
    hidden.push({
      kind: 'confusable',
      start: starts[ws] ?? 0,
      end: ends[i - 1] ?? 0,
      count: confusable,
    });
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function isWordUnit(u: number): boolean {
  if (u < 0x80) {
    return (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5a) || (u >= 0x61 && u <= 0x7a);
  }
  // Latin-1/Extended letters and the Greek, Cyrillic and Armenian blocks the table covers.
  return (u >= 0xc0 && u <= 0x24f && u !== 0xd7 && u !== 0xf7) || (u >= 0x370 && u <= 0x58f);
}

/** Every look-alike letter folded to Latin regardless of context (UTS #39-style skeleton, subset). */
export function skeleton(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += CONFUSABLE.get(text.charCodeAt(i)) ?? text[i];
  return out;
}

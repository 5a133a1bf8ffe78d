/**
 * Character-level obfuscation of injection phrases: letter splitting ("I g n o r e  a l l",
 * "f.o.r.g.e.t"), leetspeak ("r3v341 7h3 5y573m pr0mp7") and run-together words
 * ("forgetpreviousrules..."). Tokens (runs of ASCII letters, digits, `@ $ . - _ * |`; anything else,
 * punctuation included, separates them) that look obfuscated are joined into segments, squashed to
 * letters (leet digits read as letters, `1` both as `i` and `l`; other digits and separators
 * dropped) and searched for override / extraction phrases. Only obfuscated segments are squashed,
 * so ordinary prose ("the system prompt") never is.
 *
 * Speed: the lexical pass (`../lexical.ts`) lists the few unusual tokens (see `Lexical.tokens`)
 * with their packed letter / leet / separator counts; only segments long enough to hold a phrase
 * are squashed.
 */
import type { Finding } from '../../core/finding.js';
import { excerpt } from '../evidence.js';
import { lexical } from '../lexical.js';
import type { TextSource } from '../units.js';

/** Override and extraction phrases, squashed (letters only, lower-case). */
export const SQUASHED_PHRASES: readonly string[] = [
  'ignoreall',
  'ignoreprevious',
  'ignoreyour',
  'ignoretheabove',
  'ignoreinstructions',
  'ignorethesystem',
  'forgetprevious',
  'forgetall',
  'forgetyour',
  'forgeteverything',
  'disregardprevious',
  'disregardall',
  'disregardyour',
  'previousinstructions',
  'previousrules',
  'priorinstructions',
  'systemprompt',
  'hiddenprompt',
  'developermode',
  'doanythingnow',
  'bypassapproval',
  'bypasssafety',
  'revealyour',
  'jailbreak',
];
/** What leet stand-ins read as (`1` is also tried as `l`). */
export const LEET_I: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
};
const MIN_SEGMENT = 12;
const MAX_SEGMENT = 2048;
const MAX_SQUASHED = 16 * 1024;
const MAX_FINDINGS = 8;

interface Token {
  /** Letters of the token, leet digits read as letters (`1` → `i`), lowercased. */
  readonly letters: string;
  /** Original offsets of each letter. */
  readonly at: number[];
}

// Per token unit (see `Lexical.tokens`): 1 letter, 2 leet digit/symbol, 3 separator or other digit.
const KIND_ASCII = new Uint8Array(128);
for (let c = 65; c <= 90; c++) KIND_ASCII[c] = 1;
for (let c = 97; c <= 122; c++) KIND_ASCII[c] = 1;
for (const ch of '01345789@$') KIND_ASCII[ch.charCodeAt(0)] = 2;
for (const ch of '26.-_*|') KIND_ASCII[ch.charCodeAt(0)] = 3;

/** Whether a whitespace-free token's character counts look split, leet or run-together. */
function looksObfuscated(n: number, alpha: number, leet: number, seps: number): boolean {
  return (
    n === 1 ||
    (alpha > 0 && leet > 0 && alpha + leet >= 2) ||
    (leet > 0 && alpha === 0 && leet <= 4) ||
    (seps >= 4 && alpha + leet >= 5 && seps * 2 >= alpha + leet - 2) ||
    (alpha >= 25 && leet === 0 && seps === 0)
  );
}

/** Letters (letters plus leet units) of the token `text[start, end)` when it looks obfuscated, else -1. */
function obfuscatedLetters(text: string, start: number, end: number): number {
  let alpha = 0;
  let leet = 0;
  let seps = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? KIND_ASCII[c]! : 0;
    if (k === 1) alpha++;
    else if (k === 2) leet++;
    else if (k === 3) seps++;
    else return -1;
  }
  return looksObfuscated(end - start, alpha, leet, seps) ? alpha + leet : -1;
}

/** The letters of an obfuscated token (leet digits read as letters) with their offsets. */
function tokenOf(text: string, start: number, end: number): Token {
  let letters = '';
  const at: number[] = [];
  for (let i = start; i < end; i++) {
    const ch = text[i]!;
    const lower = ch.toLowerCase();
    if (lower >= 'a' && lower <= 'z') letters += lower;
    else if (LEET_I[ch] !== undefined) letters += LEET_I[ch];
    else continue;
    at.push(i);
  }
  return { letters, at };
}

/** A finding for the first squashed phrase in a segment of obfuscated tokens, if any. */
function segmentFinding(text: string, segment: readonly Token[]): Finding | null {
  const realTokens = segment.filter((t) => t.letters.length > 0);
  const letters = realTokens.map((t) => t.letters).join('');
  // A lone ordinary word is not a segment; splitting or leet must be present.
  const evidenceOfObfuscation =
    realTokens.length >= 4 || realTokens.some((t) => t.letters.length >= 25);
  if (letters.length < MIN_SEGMENT || !evidenceOfObfuscation) return null;
  const at = realTokens.flatMap((t) => t.at);
  const variants = [
    letters,
    letters.replace(/i/g, (m, k: number) => (text[at[k]!] === '1' ? 'l' : m)),
  ];
  for (const v of variants) {
    let hit = -1;
    let phraseLength = 0;
    for (const p of SQUASHED_PHRASES) {
      const k = v.indexOf(p);
      if (k >= 0 && (hit < 0 || k < hit)) {
        hit = k;
        phraseLength = p.length;
      }
    }
    if (hit >= 0) {
      const start = at[hit]!;
      const end = at[hit + phraseLength - 1]! + 1;
      return {
        category: 'prompt_injection',
        detector: 'injection.obfuscated_phrase',
        score: 0.8,
        severity: 'medium',
        span: { start, end },
        evidence: excerpt(text, start, end),
      };
    }
  }
  return null;
}

/**
 * Findings for obfuscated override / extraction phrases in `view.text` (category
 * `prompt_injection`). A segment is a maximal run of consecutive obfuscated tokens, cut every
 * `MAX_SEGMENT` letters. Squashing is the costly step: at most `MAX_SQUASHED` letters per text are
 * squashed (segments too short to hold a phrase cost nothing and do not count).
 */
export function obfuscationFindings(view: TextSource): Finding[] {
  const { text } = view;
  // Every obfuscated token is among the pass's unusual tokens; the ordinals tell adjacency.
  const { tokens } = lexical(view);
  const out: Finding[] = [];
  const spans: number[] = [];
  let letters = 0;
  let squashed = 0;
  /** Squashes the segment in `spans` if it can hold a phrase; `false` when a cap is reached. */
  const flush = (): boolean => {
    if (letters >= MIN_SEGMENT) {
      squashed += letters;
      const segment: Token[] = [];
      for (let j = 0; j < spans.length; j += 2)
        segment.push(tokenOf(text, spans[j]!, spans[j + 1]!));
      const f = segmentFinding(text, segment);
      if (f !== null) out.push(f);
    }
    spans.length = 0;
    letters = 0;
    return out.length < MAX_FINDINGS && squashed < MAX_SQUASHED;
  };
  let previous = -2;
  for (let t = 0; t < tokens.length; t += 4) {
    const start = tokens[t]!;
    const end = tokens[t + 1]!;
    const ordinal = tokens[t + 2]!;
    const shape = tokens[t + 3]!;
    const tokenLetters =
      shape < 0
        ? obfuscatedLetters(text, start, end)
        : looksObfuscated(end - start, shape & 255, (shape >>> 8) & 255, (shape >>> 16) & 255)
          ? (shape & 255) + ((shape >>> 8) & 255)
          : -1;
    // A token between (not listed) or this one not obfuscated ends the segment.
    if (spans.length > 0 && (ordinal !== previous + 1 || tokenLetters < 0) && !flush()) return out;
    previous = ordinal;
    if (tokenLetters < 0) continue;
    letters += tokenLetters;
    spans.push(start, end);
    if (letters >= MAX_SEGMENT && !flush()) return out;
  }
  if (spans.length > 0) flush();
  return out;
}

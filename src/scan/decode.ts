/**
 * Decoding of obfuscated payloads: base64, hex, URL-encoding, HTML entities, `\u`/`\x` escapes,
 * ROT13 and Morse code. Every function is linear in its input and bounded by the caller's limits; the scanner
 * turns each decoded payload into another layer and scans it like the original.
 */

/** A block-encoded run of `source[start, end)` and its decoded text. */
export interface DecodedRun {
  readonly kind: 'base64' | 'hex' | 'rot13' | 'morse';
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Text with its escapes decoded, mapped unit by unit back to the source. */
export interface UnescapedText {
  /** `url`, `html`, `escape` or a `+`-joined combination, in order of first appearance. */
  readonly kind: string;
  readonly text: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

import { registerKeywords } from './keywords.js';
import { lexical } from './lexical.js';
import { type TextSource, unitsOf } from './units.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Fraction of code units that are printable text (letters of any script, punctuation, whitespace). */
function printableRatio(s: string): number {
  if (s.length === 0) return 0;
  let ok = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09 || c >= 0xa0) ok++;
  }
  return ok / s.length;
}

/** Decoded bytes as text, or `null` when they are not mostly printable UTF-8. */
function asText(bytes: Uint8Array, minLen: number): string | null {
  if (bytes.length < minLen) return null;
  // Cheap byte screen first: control bytes mean binary; pure ASCII needs no UTF-8 decoder.
  let control = 0;
  let high = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x80) high++;
    else if (b < 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) control++;
  }
  if (control * 20 > bytes.length || high * 2 > bytes.length + 8) return null;
  let s: string;
  if (high === 0) s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  else {
    try {
      s = utf8.decode(bytes);
    } catch {
      return null;
    }
  }
  if (printableRatio(s) < 0.95) return null;
  // Require some letters: decoded punctuation soup is not a payload.
  let letters = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c >= 0x61 && c <= 0x7a) letters++;
  }
  return letters * 3 >= s.length || letters >= 12 ? s : null;
}

// Character classes as lookup tables (one pass, no regex backtracking).
const B64 = new Uint8Array(128);
const HEX = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9+/_-]/.test(ch)) B64[c] = 1;
  if (/[0-9A-Fa-f]/.test(ch)) HEX[c] = 1;
}

// Base64 characters over all code units (the probe loop reads typed code units).
const B64_UNIT = new Uint8Array(65536);
B64_UNIT.set(B64);

/**
 * Base64 (standard and URL-safe) and hex runs of `view.text` that decode to printable text: maximal
 * runs of base64 characters (plus up to two `=`), `minLen` to `maxRun` long. Any such run covers one
 * of every `minLen`-th positions, so only those are probed and expanded: prose is mostly skipped.
 */
export function findEncodedRuns(view: TextSource, minLen = 16, maxRun = 65_536): DecodedRun[] {
  const out: DecodedRun[] = [];
  const units = unitsOf(view);
  const n = units.length;
  const stride = Math.max(1, minLen);
  let covered = 0;
  for (let p = stride - 1; p < n; ) {
    if (B64_UNIT[units[p]!] === 0) {
      p += stride;
      continue;
    }
    let start = p;
    while (start > covered && B64_UNIT[units[start - 1]!] === 1) start--;
    let i = p + 1;
    while (i < n && B64_UNIT[units[i]!] === 1) i++;
    covered = i;
    p = i + stride;
    if (i - start >= minLen && i - start <= maxRun) decodeRun(view.text, start, i, out);
  }
  return out;
}

/** Decodes the base64 run `text[start, i)` (or hex, when it is all hex) if it is a payload. */
function decodeRun(text: string, start: number, i: number, out: DecodedRun[]): void {
  const n = text.length;
  let allHex = true;
  let seps = 0;
  let digits = 0;
  let upper = 0;
  let lower = 0;
  for (let k = start; k < i; k++) {
    const d = text.charCodeAt(k);
    if (HEX[d] === 0) allHex = false;
    if (d === 0x2b || d === 0x2f || d === 0x2d || d === 0x5f) seps++;
    if (d >= 0x30 && d <= 0x39) digits++;
    else if (d >= 0x41 && d <= 0x5a) upper++;
    else if (d >= 0x61 && d <= 0x7a) lower++;
  }
  let end = i;
  while (end < n && end - i < 2 && text.charCodeAt(end) === 0x3d) end++;
  const len = i - start;
  // Paths and hyphenated words are full of separators; encoded text has few (~3%).
  if (seps * 12 > len) return;
  // Plain words and numbers are not encodings.
  if (upper === 0 || (lower === 0 && digits === 0)) {
    if (!(allHex && digits > 0)) return;
  }
  if (allHex && len % 2 === 0) {
    const decoded = asText(Buffer.from(text.slice(start, i), 'hex'), 6);
    if (decoded !== null) {
      out.push({ kind: 'hex', start, end: i, text: decoded });
      return;
    }
  }
  const decoded = asText(Buffer.from(text.slice(start, end), 'base64'), 8);
  if (decoded !== null) out.push({ kind: 'base64', start, end, text: decoded });
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  sol: '/',
  bsol: '\\',
  colon: ':',
  semi: ';',
  lpar: '(',
  rpar: ')',
  period: '.',
  comma: ',',
  excl: '!',
  quest: '?',
  num: '#',
  dollar: '$',
  percnt: '%',
  equals: '=',
  lsqb: '[',
  rsqb: ']',
  lcub: '{',
  rcub: '}',
  vert: '|',
  grave: '`',
  Tab: '\t',
  NewLine: '\n',
};

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

function pushCodePoint(cp: number, parts: string[]): number {
  if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff && cp > 0xffff)) return 0;
  const s = String.fromCodePoint(cp);
  parts.push(s);
  return s.length;
}

/**
 * Decode `%XX` runs, HTML character references and `\uXXXX` / `\u{X}` / `\xXX` escapes in one
 * pass. Returns `null` when fewer than `minEscapes` escapes occur (nothing worth a layer).
 */
export function decodeEscapes(text: string, minEscapes = 2): UnescapedText | null {
  if (text.indexOf('%') < 0 && text.indexOf('&') < 0 && text.indexOf('\\') < 0) return null;
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const kinds: string[] = [];
  let escapes = 0;
  let copyFrom = 0;
  const n = text.length;
  const emitCopy = (upTo: number) => {
    if (upTo > copyFrom) {
      parts.push(text.slice(copyFrom, upTo));
      for (let k = copyFrom; k < upTo; k++) {
        starts.push(k);
        ends.push(k + 1);
      }
    }
  };
  const emitDecoded = (s: string, from: number, to: number, kind: string, count = 1) => {
    emitCopy(from);
    parts.push(s);
    for (let k = 0; k < s.length; k++) {
      starts.push(from);
      ends.push(to);
    }
    copyFrom = to;
    escapes += count;
    if (!kinds.includes(kind)) kinds.push(kind);
  };
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x25 /* % */) {
      // A run of %XX bytes decodes as UTF-8 together.
      let j = i;
      const bytes: number[] = [];
      while (j + 2 < n + 0 && text.charCodeAt(j) === 0x25 && bytes.length < 4096) {
        const h = hexVal(text.charCodeAt(j + 1));
        const l = hexVal(text.charCodeAt(j + 2));
        if (h < 0 || l < 0) break;
        bytes.push(h * 16 + l);
        j += 3;
      }
      if (bytes.length > 0) {
        const s = Buffer.from(bytes).toString('utf8');
        emitDecoded(s, i, j, 'url', bytes.length);
        i = j;
        continue;
      }
    } else if (c === 0x26 /* & */) {
      const semi = text.indexOf(';', i + 2);
      if (semi > 0 && semi - i <= 12) {
        const body = text.slice(i + 1, semi);
        let cp = -1;
        if (body.charCodeAt(0) === 0x23 /* # */) {
          const hex = body.charCodeAt(1) === 0x78 || body.charCodeAt(1) === 0x58;
          const digits = body.slice(hex ? 2 : 1);
          if (digits.length > 0 && (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) {
            cp = Number.parseInt(digits, hex ? 16 : 10);
          }
        } else {
          const named = NAMED_ENTITIES[body];
          if (named !== undefined) cp = named.codePointAt(0)!;
        }
        if (cp >= 0) {
          const s: string[] = [];
          if (pushCodePoint(cp, s) > 0) {
            emitDecoded(s[0]!, i, semi + 1, 'html');
            i = semi + 1;
            continue;
          }
        }
      }
    } else if (c === 0x5c /* \ */ && i + 3 < n) {
      const k = text.charCodeAt(i + 1);
      if (k === 0x78 /* x */) {
        const h = hexVal(text.charCodeAt(i + 2));
        const l = hexVal(text.charCodeAt(i + 3));
        if (h >= 0 && l >= 0) {
          // Consecutive \xXX escapes are usually UTF-8 bytes.
          let j = i;
          const bytes: number[] = [];
          while (j + 3 < n + 0 && text.charCodeAt(j) === 0x5c && text.charCodeAt(j + 1) === 0x78) {
            const hh = hexVal(text.charCodeAt(j + 2));
            const ll = hexVal(text.charCodeAt(j + 3));
            if (hh < 0 || ll < 0 || bytes.length >= 4096) break;
            bytes.push(hh * 16 + ll);
            j += 4;
          }
          emitDecoded(Buffer.from(bytes).toString('utf8'), i, j, 'escape', bytes.length);
          i = j;
          continue;
        }
      } else if (k === 0x75 /* u */) {
        let cp = -1;
        let j = i + 2;
        if (text.charCodeAt(j) === 0x7b /* { */) {
          const close = text.indexOf('}', j);
          if (close > j && close - j <= 7) {
            const digits = text.slice(j + 1, close);
            if (/^[0-9a-fA-F]+$/.test(digits)) {
              cp = Number.parseInt(digits, 16);
              j = close + 1;
            }
          }
        } else if (j + 4 <= n && /^[0-9a-fA-F]{4}$/.test(text.slice(j, j + 4))) {
          cp = Number.parseInt(text.slice(j, j + 4), 16);
          j += 4;
        }
        if (cp >= 0) {
          const s: string[] = [];
          if (pushCodePoint(cp, s) > 0) {
            emitDecoded(s[0]!, i, j, 'escape');
            i = j;
            continue;
          }
        }
      }
    }
    i++;
  }
  if (escapes < minEscapes) return null;
  emitCopy(n);
  return {
    kind: kinds.join('+'),
    text: parts.join(''),
    starts: Int32Array.from(starts),
    ends: Int32Array.from(ends),
  };
}

// Frequent English words; ROT13 text is accepted only when its rotation reads as language.
const COMMON_WORDS = new Set(
  (
    'the be to of and a in that have i it for not on with he as you do at this but his by from ' +
    'they we say her she or an will my one all would there their what so up out if about who get ' +
    'which go me when make can like time no just him know take people into year your good some ' +
    'could them see other than then now look only come its over think also back after use two how ' +
    'our work first well way even new want because any these give day most us is are was were ' +
    'been has had did said please ignore previous instructions instead tell print send password ' +
    'secret system prompt data email all above below must should now here'
  ).split(' '),
);

/** ROT13 of ASCII letters; everything else unchanged (length-preserving). */
export function rot13(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) out += String.fromCharCode(((c - 0x41 + 13) % 26) + 0x41);
    else if (c >= 0x61 && c <= 0x7a) out += String.fromCharCode(((c - 0x61 + 13) % 26) + 0x61);
    else out += s[i];
  }
  return out;
}

// A word: letters only, optionally wrapped in punctuation. Mixed letter-digit tokens (ids, hashes,
// trace numbers) are not words in either reading and would only dilute the ratio.
const WORD_TOKEN = /^[("'[]{0,2}([a-z]{1,24})[)"'\].,;:!?]{0,3}$/;

function commonRatio(line: string): { words: number; common: number } {
  let words = 0;
  let common = 0;
  for (const token of line.toLowerCase().split(/\s+/)) {
    const w = WORD_TOKEN.exec(token)?.[1];
    if (w === undefined) continue;
    words++;
    if (COMMON_WORDS.has(w)) common++;
  }
  return { words, common };
}

// ROT13 forms of the commonest words; one of them must appear (found by the shared keyword pass)
// before lines are analysed.
const ROT13_HINTS = /\b(?:gur|naq|lbh|vf|bs|gb|vtaber|cerivbhf|vafgehpgvbaf|cnffjbeq)\b/i;
const ROT13_CUES = registerKeywords(
  ['gur ', 'naq ', 'lbh', 'vtaber', 'cerivbhf', 'vafgehpgvbaf', 'cnffjbeq'],
  { presenceOnly: true },
);

/** Lines of `view.text` that read as English after ROT13 but not before. */
export function findRot13Runs(view: TextSource, maxLines = 256): DecodedRun[] {
  const { present } = lexical(view);
  let cued = false;
  for (let k = 0; k < ROT13_CUES.keywords.length && !cued; k++) {
    cued = present[ROT13_CUES.base + k] === 1;
  }
  if (!cued) return [];
  const { text } = view;
  const out: DecodedRun[] = [];
  let start = 0;
  let lines = 0;
  while (start < text.length && lines < maxLines) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    lines++;
    if (ROT13_HINTS.test(line)) {
      const rotated = rot13(line);
      const before = commonRatio(line);
      const after = commonRatio(rotated);
      if (
        after.words >= 3 &&
        after.common / after.words >= 0.3 &&
        after.common >= 2 * before.common + 2
      ) {
        out.push({ kind: 'rot13', start, end, text: rotated });
      }
    }
    start = end + 1;
  }
  return out;
}

// International Morse code: letters, digits and common punctuation.
const MORSE: ReadonlyMap<string, string> = new Map(
  Object.entries({
    a: '.-',
    b: '-...',
    c: '-.-.',
    d: '-..',
    e: '.',
    f: '..-.',
    g: '--.',
    h: '....',
    i: '..',
    j: '.---',
    k: '-.-',
    l: '.-..',
    m: '--',
    n: '-.',
    o: '---',
    p: '.--.',
    q: '--.-',
    r: '.-.',
    s: '...',
    t: '-',
    u: '..-',
    v: '...-',
    w: '.--',
    x: '-..-',
    y: '-.--',
    z: '--..',
    '0': '-----',
    '1': '.----',
    '2': '..---',
    '3': '...--',
    '4': '....-',
    '5': '.....',
    '6': '-....',
    '7': '--...',
    '8': '---..',
    '9': '----.',
    '.': '.-.-.-',
    ',': '--..--',
    '?': '..--..',
    "'": '.----.',
    '!': '-.-.--',
    '/': '-..-.',
    ':': '---...',
    '-': '-....-',
    '(': '-.--.',
    ')': '-.--.-',
    '@': '.--.-.',
    '=': '-...-',
  }).map(([char, code]) => [code, char]),
);
const MIN_MORSE_LETTERS = 8;

/**
 * Runs of Morse code in `view.text` (letters separated by one space, words by two or more, or by
 * `/`), decoded to lower-case text; runs under eight letters are ignored.
 */
export function findMorseRuns(view: TextSource): DecodedRun[] {
  if (!hasMorseCodes(view)) return [];
  const { text } = view;
  const out: DecodedRun[] = [];
  // Characters of the current run; a word break is pushed once, never at the start.
  let decoded: string[] = [];
  let letters = 0;
  let runStart = -1;
  let runEnd = -1;
  const close = () => {
    if (decoded[decoded.length - 1] === ' ') decoded.pop();
    if (letters >= MIN_MORSE_LETTERS) {
      out.push({ kind: 'morse', start: runStart, end: runEnd, text: decoded.join('') });
    }
    decoded = [];
    letters = 0;
    runStart = -1;
  };
  const wordBreak = () => {
    if (decoded.length > 0 && decoded[decoded.length - 1] !== ' ') decoded.push(' ');
  };
  for (const m of text.matchAll(/\S+/g)) {
    const token = m[0];
    const char = token === '/' || token === '|' ? ' ' : MORSE.get(token);
    if (char === undefined) {
      close();
      continue;
    }
    if (runStart < 0) runStart = m.index;
    else if (m.index - runEnd >= 2 && /\s\s/.test(text.slice(runEnd, m.index))) wordBreak();
    if (char === ' ') wordBreak();
    else {
      decoded.push(char);
      letters++;
    }
    runEnd = m.index + token.length;
  }
  close();
  return out;
}

/**
 * Whether the lexical pass saw four consecutive tokens made of separators only (`.-` codes are such
 * tokens): prose almost never has them, so the walk above rarely starts.
 */
function hasMorseCodes(view: TextSource): boolean {
  const { tokens } = lexical(view);
  let run = 0;
  let previous = -2;
  for (let t = 0; t < tokens.length; t += 4) {
    const shape = tokens[t + 3]!;
    const separatorsOnly = shape > 0 && (shape & 0xffff) === 0;
    if (!separatorsOnly) {
      run = 0;
      continue;
    }
    run = tokens[t + 2] === previous + 1 ? run + 1 : 1;
    previous = tokens[t + 2]!;
    if (run >= 4) return true;
  }
  return false;
}

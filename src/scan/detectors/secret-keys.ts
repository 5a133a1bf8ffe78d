/**
 * Keys in token runs: candidate runs found from the characters nearly every key contains, the
 * provider formats of `secret-formats.ts` matched inside them with one automaton, and the words
 * before a run (`Bearer`, `--password`, "my api key is …") for values without a format.
 */
import { maskValue } from '../evidence.js';
import { literalSet } from '../literals.js';
import {
  authFinding,
  type Collector,
  DOC_EXAMPLE_SCORE,
  finding,
  PRIORITY_CONTEXT,
  PRIORITY_FORMAT,
} from './secret-findings.js';
import { KEY_FORMATS, type KeyFormat, VERIFIED_SCORE } from './secret-formats.js';
import {
  authScore,
  credentialScore,
  isDocExample,
  isFiller,
  isStandIn,
  isTemplate,
  shannonEntropy,
} from './secret-values.js';

// ---------------------------------------------------------------------------------------------
// Candidate runs: maximal runs of key characters that contain a signal character.

const RUN_CHAR = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.+/=~:|') {
  RUN_CHAR[ch.charCodeAt(0)] = 1;
}

function isRunChar(c: number): boolean {
  return c < 128 && RUN_CHAR[c] === 1;
}

// Every random key of 16+ characters contains a digit, `_` or `-` except with negligible
// probability; AWS key ids (base32, 3.6 % digit-free) are searched by prefix as well.
const SIGNALS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '_', '-', 'AKIA', 'ASIA'];
/** Shortest run that can hold a provider key (`AKC` + 10). */
const MIN_KEY_RUN = 12;
/** Shortest run judged by the words before it (`password is hunter22`). */
const MIN_CONTEXT_RUN = 6;

/** Calls `visit(start, end)` for each run of ≥ `MIN_CONTEXT_RUN` run characters holding a signal. */
function forEachCandidateRun(text: string, visit: (start: number, end: number) => void): void {
  // The next occurrence of each signal, in a binary min-heap: each run costs one `indexOf` per
  // signal it contains, and text between runs is only ever scanned natively.
  const heap = new SignalHeap();
  for (let k = 0; k < SIGNALS.length; k++) heap.push(text.indexOf(SIGNALS[k]!), k);
  let covered = 0;
  while (heap.size > 0) {
    const p = heap.top;
    let s = p;
    while (s > covered && isRunChar(text.charCodeAt(s - 1))) s--;
    let e = p + 1;
    while (e < text.length && isRunChar(text.charCodeAt(e))) e++;
    if (e - s >= MIN_CONTEXT_RUN) visit(s, e);
    covered = e;
    while (heap.size > 0 && heap.top < e) {
      const k = heap.pop();
      heap.push(text.indexOf(SIGNALS[k]!, e), k);
    }
  }
}

/** A min-heap of (position, signal index); positions below 0 (not found) are not kept. */
class SignalHeap {
  private readonly pos = new Int32Array(SIGNALS.length);
  private readonly sig = new Int32Array(SIGNALS.length);
  size = 0;

  get top(): number {
    return this.pos[0]!;
  }

  push(p: number, k: number): void {
    if (p < 0) return;
    let i = this.size++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (this.pos[up]! <= p) break;
      this.pos[i] = this.pos[up]!;
      this.sig[i] = this.sig[up]!;
      i = up;
    }
    this.pos[i] = p;
    this.sig[i] = k;
  }

  /** Removes the smallest position; returns its signal. */
  pop(): number {
    const k = this.sig[0]!;
    const n = --this.size;
    const lastP = this.pos[n]!;
    const lastK = this.sig[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.pos[c + 1]! < this.pos[c]!) c++;
      if (this.pos[c]! >= lastP) break;
      this.pos[i] = this.pos[c]!;
      this.sig[i] = this.sig[c]!;
      i = c;
    }
    this.pos[i] = lastP;
    this.sig[i] = lastK;
    return k;
  }
}

// ---------------------------------------------------------------------------------------------
// Provider formats inside candidate runs.

interface CompiledFormat {
  readonly format: KeyFormat;
  readonly back?: { readonly chars: Uint8Array; readonly max: number };
}

function charTable(cls: string): Uint8Array {
  const table = new Uint8Array(128);
  const re = new RegExp(`[${cls}]`);
  for (let c = 0; c < 128; c++) if (re.test(String.fromCharCode(c))) table[c] = 1;
  return table;
}

const LITERALS: string[] = [];
const BY_LITERAL: CompiledFormat[][] = [];
for (const format of KEY_FORMATS) {
  const compiled: CompiledFormat =
    format.back === undefined
      ? { format }
      : { format, back: { chars: charTable(format.back.chars), max: format.back.max } };
  for (const lit of format.literals) {
    let k = LITERALS.indexOf(lit);
    if (k < 0) {
      k = LITERALS.length;
      LITERALS.push(lit);
      BY_LITERAL.push([]);
    }
    BY_LITERAL[k]!.push(compiled);
  }
}
const LITERAL_SET = literalSet(LITERALS);

/** Literal occurrences inside `[from, to)` as (start, literal index) pairs, by start (shorter
 * literal first at equal starts). */
function literalHits(text: string, from: number, to: number): number[] {
  const hits: number[] = [];
  LITERAL_SET.scan(text, (k, end) => hits.push(end - LITERALS[k]!.length, k), from, to);
  // Hits arrive ordered by end; starts are out of order only within the longest literal's
  // length, so an insertion sort is linear here.
  for (let i = 2; i < hits.length; i += 2) {
    const start = hits[i]!;
    const k = hits[i + 1]!;
    let j = i;
    while (j > 0 && hits[j - 2]! > start) {
      hits[j] = hits[j - 2]!;
      hits[j + 1] = hits[j - 1]!;
      j -= 2;
    }
    hits[j] = start;
    hits[j + 1] = k;
  }
  return hits;
}

/** Where a match of `c` containing the literal at `index` starts. */
function matchStart(text: string, c: CompiledFormat, index: number, floor: number): number {
  if (c.back === undefined) return index;
  let s = index;
  while (s > floor && index - s < c.back.max) {
    const ch = text.charCodeAt(s - 1);
    if (ch >= 128 || c.back.chars[ch] === 0) break;
    s--;
  }
  return s;
}

// End of the run of `[A-Za-z0-9_-]` from `at`: a format that failed at `at` fails at every later
// start inside it (the start would follow a key character, or reach the same end).
function wordRunEnd(text: string, at: number): number {
  let e = at;
  const cap = Math.min(text.length, at + 16_384);
  while (e < cap) {
    const c = text.charCodeAt(e);
    if (
      !(
        (c >= 48 && c <= 57) ||
        (c >= 65 && c <= 90) ||
        (c >= 97 && c <= 122) ||
        c === 95 ||
        c === 45
      )
    )
      break;
    e++;
  }
  return Math.max(e, at + 1);
}

/** Score of a format match, or 0 when its variable part is a filler or its check fails. */
function formatScore(c: KeyFormat, value: string): number {
  const body = value.slice(c.show);
  if (body.length > 0 && (isFiller(body) || isTemplate(body))) return 0;
  const check = c.check?.(value) ?? 'valid';
  if (check === 'reject') return 0;
  if (isDocExample(value)) return Math.min(c.score, DOC_EXAMPLE_SCORE);
  return check === 'verified' ? VERIFIED_SCORE : c.score;
}

/** Provider formats in the run `[s, e)`; returns whether any matched. */
function findFormats(
  text: string,
  s: number,
  e: number,
  skip: Map<KeyFormat, number>,
  out: Collector,
): boolean {
  const hits = literalHits(text, s, e);
  let lastEnd = -1;
  let any = false;
  for (let h = 0; h < hits.length && !out.full; h += 2) {
    const index = hits[h]!;
    if (index < lastEnd) continue;
    for (const c of BY_LITERAL[hits[h + 1]!]!) {
      const f = c.format;
      const at = matchStart(text, c, index, Math.max(s, lastEnd));
      if (at < lastEnd || (skip.get(f) ?? -1) > at) continue;
      f.pattern.lastIndex = at;
      const m = f.pattern.exec(text);
      if (m === null) {
        skip.set(f, wordRunEnd(text, at));
        continue;
      }
      const value = m[0];
      const score = formatScore(f, value);
      if (score === 0) {
        skip.set(f, at + value.length);
        continue;
      }
      const end = at + value.length;
      const entity = f.entity;
      out.add(
        PRIORITY_FORMAT,
        finding(entity.toLowerCase(), entity, score, at, end, maskValue(value, f.show, 0)),
      );
      lastEnd = end;
      any = true;
      break;
    }
  }
  return any;
}

// ---------------------------------------------------------------------------------------------
// Words before a candidate run: auth schemes, CLI flags, "my api key is …".

// An auth scheme or CLI flag directly before the value.
// (`token` alone is too common in prose to act as a scheme here; headers are read elsewhere.)
const SCHEME_BEFORE = /(?:^|[\s"'`:=(])(bearer|basic)\s+["']?$/;
const FLAG_BEFORE =
  /(?:^|\s)--?(?:[a-z0-9]+[-_])*(password|passwd|pass|pwd|token|secret|api-?key|apikey|access-?key|secret-?key|auth-?token|access-?token|client-?secret|private-?key)[ =]\s*["']?$/;
// A secret word before the value, in prose or loose notation: `token abc…`, `my api key is …`,
// `the password for the admin account is …`, and the same in a few other languages, where the
// assignment rules (ASCII key names) do not reach: `mein Passwort ist …`, `contraseña: …`.
const SECRET_WORDS =
  'password|passwd|passphrase|pwd|secret|token|api[ _-]?key|apikey|access[ _-]?key|secret[ _-]?key|private[ _-]?key|credentials?|auth[ _-]?token';
const FOREIGN_PASSWORD_WORDS =
  'contraseña|passwort|kennwort|mot de passe|senha|parola|wachtwoord|hasło|lösenord|salasana|пароль|密码|口令|パスワード|비밀번호';
const COPULA = 'is|was|ist|es|est|é|è|är|jest|это|是|は|는|은';
const WORDS_BEFORE = new RegExp(
  `(?:^|[^\\p{L}])(${SECRET_WORDS}|${FOREIGN_PASSWORD_WORDS})` +
    `((?:\\s+\\p{L}{1,12}){0,4}\\s*(?:${COPULA})\\s*[:：]?|\\s*[:：])?\\s*["'\`]?$`,
  'u',
);
// Words between the secret word and `is` that make it a property, not the secret itself.
const PROPERTY_WORDS =
  /\b(?:length|count|size|policy|hint|field|reset|age|limit|strength|expir\w*|format|type|name|id|rotation|requirements?)\b/;
// Words that say a nearby hex or base64 string is an identifier or a digest, not a credential.
const NOT_SECRET_BEFORE =
  /\b(?:hash|sha\d*|md5|digest|checksum|commit|fingerprint|uuid|trace|request|public)\b/;

/** Trim punctuation that ends a sentence or closes a quote around a value. */
function trimValue(text: string, s: number, e: number): [number, number] {
  let a = s;
  let b = e;
  while (b > a && '.,:;|~'.includes(text[b - 1]!)) b--;
  while (a < b && '=:|~.'.includes(text[a]!)) a++;
  return [a, b];
}

const FOREIGN = new RegExp(`^(?:${FOREIGN_PASSWORD_WORDS})$`, 'u');

// Words that can introduce a credential; the lookback regexes run only when one is present.
const CONTEXT_CUES = [
  'pass',
  'pwd',
  'secret',
  'token',
  'key',
  'cred',
  'bearer',
  'basic',
  '--',
  ...FOREIGN_PASSWORD_WORDS.split('|').filter((w) => !w.includes('pass')),
];

function contextFinding(text: string, s: number, e: number, out: Collector): void {
  let before = text.slice(Math.max(0, s - 48), s);
  const newline = before.lastIndexOf('\n');
  if (newline >= 0) before = before.slice(newline + 1);
  before = before.toLowerCase();
  if (!CONTEXT_CUES.some((c) => before.includes(c))) return;
  const [a, b] = trimValue(text, s, e);
  if (b - a < MIN_CONTEXT_RUN) return;
  const value = text.slice(a, b);
  // Assignments inside the run (`key=value`) are judged by the assignment rules.
  if (/[=:]/.test(value.slice(0, -1)) || isStandIn(value)) return;
  const scheme = SCHEME_BEFORE.exec(before);
  if (scheme !== null) {
    const score = authScore(scheme[1] === 'basic' ? 'basic' : 'bearer', value);
    if (score > 0) out.add(PRIORITY_CONTEXT, authFinding(a, b, value, score));
    return;
  }
  const flag = FLAG_BEFORE.exec(before);
  const words = flag ?? WORDS_BEFORE.exec(before);
  if (words === null || NOT_SECRET_BEFORE.test(before)) return;
  if (flag === null && PROPERTY_WORDS.test(words[2] ?? '')) return;
  // A bare `:` after an English secret word is an assignment, judged by the assignment rules.
  if (flag === null && words[2]?.trim() === ':' && !FOREIGN.test(words[1]!)) return;
  const password = /pass|pwd/.test(words[1]!) || FOREIGN.test(words[1]!);
  const h = shannonEntropy(value);
  // Random-looking: letters and digits, or a long mixed-case string.
  const strong =
    (value.length >= 16 && h >= 3.3 && /\d/.test(value) && /[A-Za-z]/.test(value)) ||
    (value.length >= 20 && h >= 3.5 && /[a-z]/.test(value) && /[A-Z]/.test(value));
  // Away from a flag, only a long random-looking value counts (or any credible password).
  const score =
    flag !== null || password
      ? credentialScore(value, password ? 'password' : 'secret', true)
      : strong
        ? 0.65
        : 0;
  if (score === 0) return;
  out.add(
    PRIORITY_CONTEXT,
    finding('keyword_context', password ? 'PASSWORD' : 'SECRET', score, a, b, maskValue(value)),
  );
}

/** Provider keys and context-introduced values in the candidate runs of `text`. */
export function scanKeyRuns(text: string, out: Collector): void {
  const skip = new Map<KeyFormat, number>();
  forEachCandidateRun(text, (s, e) => {
    if (out.full) return;
    const matched = e - s >= MIN_KEY_RUN && findFormats(text, s, e, skip, out);
    if (!matched) contextFinding(text, s, e, out);
  });
}

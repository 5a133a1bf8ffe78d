/**
 * secret: credentials in text. Provider formats (`secret-formats.ts`: prefix, charset, length,
 * checksums), PEM/PuTTY private keys, URLs and `curl -u` with a password, `Authorization`
 * headers, and values assigned to secret-named keys (`secret-values.ts`), in code, config,
 * headers, CLI flags and prose ("my api key is …").
 *
 * Placeholders and examples (decided once, for every rule):
 * - A filler is not a secret: a value whose variable part is mostly one character (`xxxx`,
 *   `AKIAZZZZZZZZZZZZZZZZ`, `AKCxxxxxxxxxx`, `0000…`), a masking run (`####`, `***`), a template or
 *   reference (`${TOKEN}`, `<your-key>`, `$(cat pw.txt)`, `{{ .Values.pw }}`) or, for values without
 *   a provider format, a stand-in word (`changeme`, `password`, `your_key_here`, `a-fake-key`). It
 *   carries no credential: whatever it unlocks, it unlocks for everyone.
 * - A string that matches a provider's exact format is reported even when it looks made up
 *   (`abc123xyz…`, `…fake…` inside a 93-character key): the format is the evidence, and a guard
 *   cannot tell a test key from a live one.
 * - A published documentation example of an exact format (AWS's `AKIAIOSFODNN7EXAMPLE` and
 *   `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, Bedrock's `ABSK…EXAMPLE…`) is reported at 0.6: still
 *   blocking, because example keys are what people paste in place of theirs and what test
 *   suites use for real ones, but below live-looking keys so a policy can treat them apart.
 * - A version-1 UUID (timestamp + MAC address) is never a credential, whatever its name.
 *
 * Speed: the text is never walked character by character. Candidate key runs are found from
 * occurrences of the characters nearly every key contains (digits, `_`, `-`, plus `AKIA`/`ASIA`)
 * with `indexOf`; assignments from `=`, `:`, `(`, `>`; URLs from `://`; PEM blocks from
 * `-----BEGIN`. Prose has few of these, so most of it is skipped by native search. All work is
 * linear: every pattern is sticky with bounded repeats, and a format that failed at a position is
 * not retried inside the same token.
 */
import type { Finding } from '../../core/finding.js';
import type { Detector, TextView } from '../detector.js';
import { maskValue } from '../evidence.js';
import { spanFinding } from '../finding.js';
import { literalSet } from '../literals.js';
import { KEY_FORMATS, type KeyFormat, NAMED_FORMATS, VERIFIED_SCORE } from './secret-formats.js';
import {
  credentialScore,
  isDocExample,
  isFiller,
  isStandIn,
  isTemplate,
  mayNameSecret,
  type NameKind,
  nameKind,
  nameWords,
  shannonEntropy,
} from './secret-values.js';

/** Score of an exact provider format that is a published documentation example. */
const DOC_EXAMPLE_SCORE = 0.6;
/** At most this many findings per text: a text with more is blocked anyway. */
const MAX_FINDINGS = 256;

// Priorities when findings overlap: an exact provider format explains a value better than the
// key it is assigned to, which explains it better than nearby words.
const PRIORITY_FORMAT = 3;
const PRIORITY_STRUCTURE = 2;
const PRIORITY_ASSIGNMENT = 1;
const PRIORITY_CONTEXT = 0;

interface Candidate {
  readonly finding: Finding;
  readonly priority: number;
}

/** Findings of one text, resolved by priority where they overlap. */
class Collector {
  readonly items: Candidate[] = [];

  get full(): boolean {
    return this.items.length >= MAX_FINDINGS;
  }

  add(priority: number, finding: Finding): void {
    if (!this.full) this.items.push({ finding, priority });
  }

  result(): Finding[] {
    if (this.items.length <= 1) return this.items.map((c) => c.finding);
    const order = [...this.items].sort(
      (a, b) => b.priority - a.priority || a.finding.span!.start - b.finding.span!.start,
    );
    const kept: Finding[] = [];
    for (const c of order) {
      const s = c.finding.span!;
      if (!kept.some((k) => k.span!.start < s.end && s.start < k.span!.end)) kept.push(c.finding);
    }
    return kept.sort((a, b) => a.span!.start - b.span!.start);
  }
}

function finding(
  detector: string,
  entity: string,
  score: number,
  start: number,
  end: number,
  evidence: string,
): Finding {
  return spanFinding('secret', detector, score, start, end, evidence, entity);
}

// ---------------------------------------------------------------------------------------------
// Candidate runs: maximal runs of key characters that contain a signal character.

// Same alphabet as the shared token runs (`runs.ts`).
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

/** Literal occurrences inside `[from, to)` as (start, literal index) pairs, by start, longest
 * first at equal starts. */
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
// A secret word right before the value, in prose or loose notation (`my api key is …`).
const WORDS_BEFORE =
  /(?:^|[^a-z])(password|passwd|passphrase|pwd|secret|token|api[ _-]?key|apikey|access[ _-]?key|secret[ _-]?key|private[ _-]?key|credentials?|auth[ _-]?token)(?:\s+(?:is|was))?\s+["'`]?$/;
// Words that say a nearby hex or base64 string is an identifier or a digest, not a credential.
const NOT_SECRET_BEFORE =
  /\b(?:hash|sha\d*|md5|digest|checksum|commit|fingerprint|uuid|trace|request|public)\b/;

/** Score of an `Authorization` value: `Basic` credentials or a bearer-style token. */
function authScore(scheme: string, token: string): number {
  if (token.length < 8 || isStandIn(token)) return 0;
  if (scheme === 'basic') {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return 0;
    const decoded = Buffer.from(token, 'base64').toString('latin1');
    if (/^[\x20-\x7e]*:[\x20-\x7e]*$/.test(decoded)) {
      const password = decoded.slice(decoded.indexOf(':') + 1);
      return password.length > 0 && isStandIn(password) ? 0 : 0.8;
    }
    return token.length >= 16 && shannonEntropy(token) >= 3 ? 0.7 : 0;
  }
  // RFC 6750 token characters, and `@` (seen in real tokens).
  if (!/^[A-Za-z0-9._~+/=@-]+$/.test(token)) return 0;
  const h = shannonEntropy(token);
  if (/\d/.test(token) && /[A-Za-z]/.test(token) && h >= 2.5) return 0.8;
  // Without digits, a long random-looking token, not words joined by dashes.
  return token.length >= 20 && h >= 3 && !/^[a-z]+(?:[-_.][a-z]+)*$/.test(token) ? 0.8 : 0;
}

/** Trim punctuation that ends a sentence or closes a quote around a value. */
function trimValue(text: string, s: number, e: number): [number, number] {
  let a = s;
  let b = e;
  while (b > a && '.,:;|~'.includes(text[b - 1]!)) b--;
  while (a < b && '=:|~.'.includes(text[a]!)) a++;
  return [a, b];
}

// Words that can introduce a credential; the lookback regexes run only when one is present.
const CONTEXT_CUES = ['pass', 'pwd', 'secret', 'token', 'key', 'cred', 'bearer', 'basic', '--'];

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
  const password = /pass|pwd/.test(words[1]!);
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

function authFinding(start: number, end: number, token: string, score: number): Finding {
  return finding('auth_header', 'AUTH_TOKEN', score, start, end, maskValue(token));
}

function scanRuns(text: string, out: Collector): void {
  const skip = new Map<KeyFormat, number>();
  forEachCandidateRun(text, (s, e) => {
    if (out.full) return;
    const matched = e - s >= MIN_KEY_RUN && findFormats(text, s, e, skip, out);
    if (!matched) contextFinding(text, s, e, out);
  });
}

// ---------------------------------------------------------------------------------------------
// Assignments: `name = value`, `"name": "value"`, `name := value`, `name("value")`,
// `f("name", "value")`, `<name>value</name>`, and `Authorization:` headers.

const NAME_CHAR = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-') {
  NAME_CHAR[ch.charCodeAt(0)] = 1;
}

/** The key name ending just before `end` (skipping a closing quote and spaces), or null. */
function nameBefore(text: string, end: number): { start: number; name: string } | null {
  let e = end;
  while (e > 0 && e - end > -4 && (text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
  if (text[e - 1] === ']') e--;
  if (text[e - 1] === '"' || text[e - 1] === "'") e--;
  let s = e;
  while (s > 0 && e - s < 64) {
    const c = text.charCodeAt(s - 1);
    if (c >= 128 || NAME_CHAR[c] === 0) break;
    s--;
  }
  if (s === e) return null;
  // Strip leading punctuation: `--password`, `.secret`, `-H`.
  while (s < e && (text[s] === '-' || text[s] === '.')) s++;
  return s < e ? { start: s, name: text.slice(s, e) } : null;
}

interface Value {
  readonly start: number;
  readonly end: number;
  readonly quoted: boolean;
}

const UNQUOTED_STOP = new Uint8Array(128);
for (const ch of ' \t\r\n,;)}]"\'<>&`') UNQUOTED_STOP[ch.charCodeAt(0)] = 1;

/** The value starting at `i`: a quoted string or a bare token. */
function readValue(text: string, i: number): Value | null {
  const q = text[i];
  if (q === '"' || q === "'" || q === '`') {
    const close = text.indexOf(q, i + 1);
    if (close < 0 || close - i > 512) return null;
    return { start: i + 1, end: close, quoted: true };
  }
  let e = i;
  while (e < text.length && e - i < 256) {
    const c = text.charCodeAt(e);
    if (c < 128 && UNQUOTED_STOP[c] === 1) break;
    // `a=b=c`: an inner `=` that is not base64 padding starts another assignment.
    if (c === 61 && e > i) {
      const n = text.charCodeAt(e + 1);
      if (n !== 61 && !(n < 128 && UNQUOTED_STOP[n] === 1) && e + 1 < text.length) break;
    }
    e++;
  }
  return e > i ? { start: i, end: e, quoted: false } : null;
}

function skipBlanks(text: string, i: number, max: number): number {
  let j = i;
  while (j < text.length && j - i < max && (text[j] === ' ' || text[j] === '\t')) j++;
  return j;
}

const HEADER_NAMES = new Set(['authorization', 'proxy-authorization']);

// Values that begin like a provider key are judged by that provider's format alone: a
// malformed `xoxp-1234567890` or `dapi…g5` is a near miss, not a generic secret. (`eyJ` also
// starts any base64 JSON, so JWT-like values stay open to the generic rules.)
const PROVIDER_PREFIX = new RegExp(
  `^(?:${[
    ...new Set(
      KEY_FORMATS.filter((f) => f.back === undefined && f.entity !== 'JWT')
        .flatMap((f) => f.literals)
        .filter(
          (l) => l.length >= 4 || ['sk-', 'sk_', 'hf_', 'r8_', 'SG.', 'A3T', 'A3-'].includes(l),
        ),
    ),
  ]
    .map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})`,
);

/** A name-bound provider format for `name`: the value's score under it, or `undefined` when no
 * provider is named. */
function namedFormatScore(
  words: readonly string[],
  value: string,
): { entity: string; score: number } | null | undefined {
  const compact = words.join('');
  let bound = false;
  for (const f of NAMED_FORMATS) {
    if (!words.some((w) => f.word.test(w)) || (f.needs !== undefined && !f.needs.test(compact)))
      continue;
    bound = true;
    if (f.value.test(value) && !isFiller(value)) {
      return { entity: f.entity, score: isDocExample(value) ? DOC_EXAMPLE_SCORE : f.score };
    }
  }
  return bound ? null : undefined;
}

/** A key name, its words and what they say about its value. */
interface KeyName {
  readonly name: string;
  readonly words: readonly string[];
  readonly kind: NameKind;
}

function keyName(name: string): KeyName | null {
  const words = nameWords(name);
  const kind = nameKind(words);
  return kind === null ? null : { name, words, kind };
}

function addAssignment(text: string, key: KeyName, v: Value, out: Collector): void {
  const value = text.slice(v.start, v.end);
  const evidence = `${key.name.slice(0, 40)}=${maskValue(value)}`;
  const named = namedFormatScore(key.words, value);
  if (named === null) return;
  if (named !== undefined) {
    const detector = named.entity.toLowerCase();
    out.add(
      PRIORITY_ASSIGNMENT,
      finding(detector, named.entity, named.score, v.start, v.end, evidence),
    );
    return;
  }
  if (PROVIDER_PREFIX.test(value)) return;
  const score = credentialScore(value, key.kind, v.quoted);
  if (score === 0) return;
  const entity = key.kind === 'password' ? 'PASSWORD' : 'SECRET';
  out.add(PRIORITY_ASSIGNMENT, finding('assignment', entity, score, v.start, v.end, evidence));
}

// Bundler source credentials: `BUNDLE_GEMS__EXAMPLE__COM=user:password` (dots spelt `__`).
const BUNDLER_SOURCE = /^BUNDLE_[A-Z0-9_]*__[A-Z0-9]+$/;

function addBundlerSource(text: string, v: Value, out: Collector): void {
  const value = text.slice(v.start, v.end);
  const colon = value.indexOf(':');
  const password = value.slice(colon + 1);
  if (colon < 1 || password.length < 3 || isStandIn(password)) return;
  out.add(
    PRIORITY_ASSIGNMENT,
    finding('bundler_credentials', 'PASSWORD', 0.85, v.start, v.end, maskValue(value)),
  );
}

const AUTH_SCHEME = /([A-Za-z][A-Za-z0-9-]{0,24})\s{1,4}(?=[^\s])|/y;
const AUTH_TOKEN = /[^\s"'`]{1,2048}/y;

/** `Authorization: Bearer …` (or `Basic`, `Token`, no scheme), the value starting at `i`. */
function addHeader(text: string, i: number, out: Collector): void {
  let j = i;
  if (text[j] === '"' || text[j] === "'") j++;
  AUTH_SCHEME.lastIndex = j;
  const scheme = AUTH_SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined) j = AUTH_SCHEME.lastIndex;
  AUTH_TOKEN.lastIndex = j;
  const token = AUTH_TOKEN.exec(text)?.[0];
  if (token === undefined) return;
  const kind = scheme === 'basic' ? 'basic' : 'bearer';
  if (scheme !== undefined && !/^(?:basic|bearer|token|api-?token|api-?key)$/.test(scheme)) return;
  const score = authScore(kind, token);
  if (score > 0) out.add(PRIORITY_STRUCTURE, authFinding(j, j + token.length, token, score));
}

// A separator at `p` (`=`, `:` and their compounds): its length and whether it compares.
function separatorAt(text: string, p: number): { length: number; compare: boolean } | null {
  const c = text[p];
  const n = text[p + 1];
  if (c === ':') {
    if (n === '/' && text[p + 2] === '/') return null;
    if (n === '=') return { length: 2, compare: false };
    if (n === ':') {
      const m = /::?:?=/y;
      m.lastIndex = p;
      return m.exec(text) === null ? null : { length: m.lastIndex - p, compare: false };
    }
    if (text[p - 1] === ':') return null;
    return { length: 1, compare: false };
  }
  // `=`: compounds starting before it (`:=`, `!=`, `<=`…) are handled from their first character.
  const prev = text[p - 1];
  if (prev === ':' || prev === '=' || prev === '<' || prev === '>') return null;
  if (prev === '!') return { length: 1, compare: true };
  if (n === '=') return { length: text[p + 2] === '=' ? 3 : 2, compare: true };
  if (n === '>') return { length: 2, compare: false };
  return { length: 1, compare: false };
}

function scanSeparators(text: string, sep: string, out: Collector): void {
  for (let p = text.indexOf(sep); p >= 0 && !out.full; p = text.indexOf(sep, p + 1)) {
    const s = separatorAt(text, p);
    if (s === null) continue;
    const nameEnd = text[p - 1] === '?' || text[p - 1] === '!' ? p - 1 : p;
    const named = nameBefore(text, nameEnd);
    if (named === null || !mayNameSecret(named.name)) continue;
    const i = skipBlanks(text, p + s.length, 12);
    if (HEADER_NAMES.has(named.name.toLowerCase())) {
      addHeader(text, i, out);
      continue;
    }
    if (BUNDLER_SOURCE.test(named.name)) {
      const v = readValue(text, i);
      if (v !== null) addBundlerSource(text, v, out);
      continue;
    }
    const key = keyName(named.name);
    if (key === null) continue;
    const quote = text[i];
    // `==` / `!=` compare against a literal: only a quoted value is one.
    if (s.compare && quote !== '"' && quote !== "'") continue;
    const v = readValue(text, i);
    if (v !== null) addAssignment(text, key, v, out);
  }
}

/** `secret("…")`, `std::string password("…")` and `getenv("API_TOKEN", "…")`. */
function scanCalls(text: string, out: Collector): void {
  for (let p = text.indexOf('('); p >= 0 && !out.full; p = text.indexOf('(', p + 1)) {
    const i = skipBlanks(text, p + 1, 2);
    const q = text[i];
    if (q !== '"' && q !== "'") continue;
    const first = readValue(text, i);
    if (first === null) continue;
    const named = nameBefore(text, p);
    const key = named === null || !mayNameSecret(named.name) ? null : keyName(named.name);
    if (key !== null) {
      addAssignment(text, key, first, out);
      continue;
    }
    // A lookup with a default: the first argument names the second.
    const argName = text.slice(first.start, first.end);
    let j = skipBlanks(text, first.end + 1, 4);
    if (text[j] !== ',') continue;
    j = skipBlanks(text, j + 1, 4);
    if (text[j] !== '"' && text[j] !== "'") continue;
    const argKey = /^[\w.-]{1,64}$/.test(argName) ? keyName(argName) : null;
    const second = readValue(text, j);
    if (argKey !== null && second !== null) addAssignment(text, argKey, second, out);
  }
}

/** `<password>…</password>` and other secret-named XML elements. */
function scanElements(text: string, out: Collector): void {
  let close = -2; // next `<` after the current element (-1: none left)
  for (let p = text.indexOf('>'); p >= 0 && !out.full; p = text.indexOf('>', p + 1)) {
    const named = nameBefore(text, p);
    if (named === null || text[named.start - 1] !== '<' || !mayNameSecret(named.name)) continue;
    const key = keyName(named.name);
    if (key === null) continue;
    if (close !== -1 && close <= p) close = text.indexOf('<', p + 1);
    if (close < 0 || close - p > 256) continue;
    addAssignment(text, key, { start: p + 1, end: close, quoted: true }, out);
  }
}

// ---------------------------------------------------------------------------------------------
// URLs with a password, curl credentials, private key blocks.

const SCHEME_CHAR = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+.-') {
  SCHEME_CHAR[ch.charCodeAt(0)] = 1;
}
const AUTHORITY_STOP = new Uint8Array(128);
for (const ch of ' \t\r\n/?"\'`<>()[]{}\\,;') AUTHORITY_STOP[ch.charCodeAt(0)] = 1;

/** `scheme://user:password@host`: the password. */
function scanUrls(text: string, out: Collector): void {
  // Credentials in a URL come before an `@`: text without one has none.
  if (text.indexOf('@') < 0) return;
  for (let p = text.indexOf('://'); p >= 0 && !out.full; p = text.indexOf('://', p + 1)) {
    let s = p;
    while (s > 0 && p - s < 20) {
      const c = text.charCodeAt(s - 1);
      if (c >= 128 || SCHEME_CHAR[c] === 0) break;
      s--;
    }
    if (p - s < 2) continue;
    let e = p + 3;
    let at = -1;
    while (e < text.length && e - p < 512) {
      const c = text.charCodeAt(e);
      if (c < 128 && AUTHORITY_STOP[c] === 1) break;
      if (c === 64) at = e;
      e++;
    }
    if (at < 0) {
      p = e - 1;
      continue;
    }
    const userinfo = text.slice(p + 3, at);
    const colon = userinfo.indexOf(':');
    if (colon < 0) continue;
    const password = userinfo.slice(colon + 1);
    if (password.length === 0 || isStandIn(password)) continue;
    const start = p + 3 + colon + 1;
    const score = isDocExample(password) ? DOC_EXAMPLE_SCORE : 0.85;
    out.add(
      PRIORITY_STRUCTURE,
      finding('url_credentials', 'CONNECTION_STRING', score, start, at, maskValue(password)),
    );
    p = at;
  }
}

/** The shell word starting at `i` with its quotes removed, and where it ends. */
function shellWord(text: string, i: number): { word: string; end: number } {
  let word = '';
  let j = i;
  while (j < text.length && j - i < 512) {
    const c = text[j]!;
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, j + 1);
      if (close < 0 || close - j > 512) break;
      word += text.slice(j + 1, close);
      j = close + 1;
    } else if (/\s/.test(c)) break;
    else {
      word += c;
      j++;
    }
  }
  return { word, end: j };
}

const CLI_FLAG = /(?:-u|--user)(?:[ =] {0,2}|(?=["']))/y;

/** `curl -u user:pass`, `--user "user:pass"`, `-u "sk_live_…:"` (an API key as the user name). */
function scanCliUsers(text: string, out: Collector): void {
  for (let p = text.indexOf('-u'); p >= 0 && !out.full; p = text.indexOf('-u', p + 2)) {
    const at = text[p - 1] === '-' ? p - 1 : p;
    if (at > 0 && !/\s/.test(text[at - 1]!)) continue;
    CLI_FLAG.lastIndex = at;
    if (CLI_FLAG.exec(text) === null) continue;
    const start = CLI_FLAG.lastIndex;
    const { word, end } = shellWord(text, start);
    const colon = word.indexOf(':');
    if (colon < 0 || isTemplate(word)) continue;
    const user = word.slice(0, colon).replace(/^\{|\}$/g, '');
    const password = word.slice(colon + 1).replace(/^\{|\}$/g, '');
    if (password.length > 0) {
      if (isStandIn(password) || isStandIn(word.slice(colon + 1))) continue;
      out.add(
        PRIORITY_STRUCTURE,
        finding('cli_credentials', 'PASSWORD', 0.8, start, end, maskValue(password)),
      );
      continue;
    }
    // Key as the user name with an empty password: a random-looking token only.
    if (
      user.length >= 10 &&
      !isStandIn(user) &&
      /\d/.test(user) &&
      /[A-Za-z]/.test(user) &&
      shannonEntropy(user) >= 3 &&
      !user.includes('@')
    ) {
      out.add(
        PRIORITY_STRUCTURE,
        finding('cli_credentials', 'SECRET', 0.8, start, end, maskValue(user)),
      );
    }
  }
}

const PEM_HEADER = /-----BEGIN[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)?-----/y;

/** A private key block with something inside (an empty template is not a key). */
function scanPrivateKeys(text: string, out: Collector): void {
  let endMark = -2; // next `-----END` at or after the current block (-1: none left)
  let p = text.indexOf('-----BEGIN');
  while (p >= 0 && !out.full) {
    const next = text.indexOf('-----BEGIN', p + 1);
    PEM_HEADER.lastIndex = p;
    if (PEM_HEADER.exec(text) !== null) {
      const bodyStart = PEM_HEADER.lastIndex;
      // One forward search for the end markers overall, however many headers precede them.
      if (endMark !== -1 && endMark < bodyStart) endMark = text.indexOf('-----END', bodyStart);
      // A body ends at its end marker, the next header, or 4096 characters on.
      let bodyEnd = Math.min(text.length, bodyStart + 4096);
      if (endMark >= 0) bodyEnd = Math.min(bodyEnd, endMark);
      if (next >= 0) bodyEnd = Math.min(bodyEnd, next);
      addPrivateKey(text, p, bodyStart, bodyEnd, out);
    }
    p = next;
  }
}

function addPrivateKey(
  text: string,
  p: number,
  bodyStart: number,
  bodyEnd: number,
  out: Collector,
) {
  const body = text
    .slice(bodyStart, bodyEnd)
    .replace(/\\[nr]/g, ' ')
    .trim();
  if (body.length === 0 || isFiller(body.replace(/\s/g, ''))) return;
  // A base64 body is a key; anything else after a private key header still announces one.
  const score = /[A-Za-z0-9+/=]{40,}/.test(body) ? 0.95 : 0.8;
  const evidence = maskValue(text.slice(p, bodyEnd), 10, 0);
  out.add(PRIORITY_FORMAT, finding('private_key', 'PRIVATE_KEY', score, p, bodyEnd, evidence));
}

/** A param named like a secret whose whole value is a credential. */
function fieldValue(view: TextView, out: Collector): void {
  if (view.field === undefined) return;
  const kind = nameKind(view.field);
  if (kind === null || kind === 'bare-key') return;
  const score = credentialScore(view.text, kind, true);
  if (score === 0) return;
  out.add(
    PRIORITY_CONTEXT,
    finding(
      'field',
      kind === 'password' ? 'PASSWORD' : 'SECRET',
      score,
      0,
      view.text.length,
      `${view.field.slice(0, 40)}=${maskValue(view.text)}`,
    ),
  );
}

/** The secrets detector. */
export const secretDetector: Detector = {
  id: 'secret',
  categories: ['secret'],
  detect(view) {
    const { text } = view;
    if (text.length < 6) return [];
    const out = new Collector();
    scanRuns(text, out);
    scanPrivateKeys(text, out);
    scanUrls(text, out);
    scanSeparators(text, '=', out);
    scanSeparators(text, ':', out);
    scanCalls(text, out);
    scanElements(text, out);
    scanCliUsers(text, out);
    fieldValue(view, out);
    return out.result();
  },
};

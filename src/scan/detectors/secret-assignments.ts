/**
 * Values assigned to secret-named keys: `name = value`, `"name": "value"`, `name := value`,
 * `name("value")`, `getenv("NAME", "value")`, `<name>value</name>`, Bundler source credentials,
 * `Authorization:` headers, and a param value under a secret-named field.
 */
import type { TextView } from '../detector.js';
import { maskValue } from '../evidence.js';
import {
  authFinding,
  type Collector,
  DOC_EXAMPLE_SCORE,
  finding,
  PRIORITY_ASSIGNMENT,
  PRIORITY_CONTEXT,
  PRIORITY_STRUCTURE,
} from './secret-findings.js';
import { KEY_FORMATS, NAMED_FORMATS } from './secret-formats.js';
import {
  authScore,
  credentialScore,
  isDocExample,
  isFiller,
  isStandIn,
  mayNameSecret,
  type NameKind,
  nameKind,
  nameWords,
} from './secret-values.js';

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

/** How a value assigned to `key` reads: a name-bound provider key, a generic credential, or
 * nothing (`null`). */
function judgeAssignment(
  key: KeyName,
  value: string,
  quoted: boolean,
): { detector: string; entity: string; score: number } | null {
  const named = namedFormatScore(key.words, value);
  if (named === null) return null;
  if (named !== undefined) return { detector: named.entity.toLowerCase(), ...named };
  if (PROVIDER_PREFIX.test(value)) return null;
  const score = credentialScore(value, key.kind, quoted);
  if (score === 0) return null;
  return { detector: 'assignment', entity: key.kind === 'password' ? 'PASSWORD' : 'SECRET', score };
}

function addAssignment(text: string, key: KeyName, v: Value, out: Collector): void {
  const value = text.slice(v.start, v.end);
  const judged = judgeAssignment(key, value, v.quoted);
  if (judged === null) return;
  const evidence = `${key.name.slice(0, 40)}=${maskValue(value)}`;
  out.add(
    PRIORITY_ASSIGNMENT,
    finding(judged.detector, judged.entity, judged.score, v.start, v.end, evidence),
  );
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

// `::=` and `:::=` (Makefile assignments).
const COLONS_EQUALS = /::?:?=/y;

// A separator at `p` (`=`, `:` and their compounds): its length and whether it compares.
function separatorAt(text: string, p: number): { length: number; compare: boolean } | null {
  const c = text[p];
  const n = text[p + 1];
  if (c === ':') {
    if (n === '/' && text[p + 2] === '/') return null;
    if (n === '=') return { length: 2, compare: false };
    if (n === ':') {
      COLONS_EQUALS.lastIndex = p;
      return COLONS_EQUALS.exec(text) === null
        ? null
        : { length: COLONS_EQUALS.lastIndex - p, compare: false };
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

/** Assignments at every `sep` (`=` or `:`) of `text`. */
export function scanSeparators(text: string, sep: string, out: Collector): void {
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
export function scanCalls(text: string, out: Collector): void {
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
export function scanElements(text: string, out: Collector): void {
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

/** A param named like a secret whose whole value is a credential (`params.password`). */
export function fieldValue(view: TextView, out: Collector): void {
  if (view.field === undefined) return;
  const key = keyName(view.field);
  // A param called `key` is a map key as often as a credential.
  if (key === null || key.kind === 'bare-key') return;
  const judged = judgeAssignment(key, view.text, true);
  if (judged === null) return;
  const evidence = `${view.field.slice(0, 40)}=${maskValue(view.text)}`;
  out.add(
    PRIORITY_CONTEXT,
    finding('field', judged.entity, judged.score, 0, view.text.length, evidence),
  );
}

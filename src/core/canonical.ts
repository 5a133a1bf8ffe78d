/** Canonical JSON (RFC 8785, JCS) and digests over it. */
import { createHash } from 'node:crypto';

/** Nesting deeper than this is refused rather than risking the stack on hostile input. */
const MAX_DEPTH = 512;

/**
 * RFC 8785 canonical form of a JSON value: members sorted by UTF-16 code units, no whitespace,
 * numbers and strings serialised as ECMAScript's JSON.stringify does (which RFC 8785 adopts).
 * `undefined`, functions and symbols are dropped from objects and become `null` in arrays, as in
 * JSON.stringify. Non-finite numbers, BigInts and nesting beyond 512 levels throw TypeError.
 * Deviation: a lone surrogate is escaped as `\udXXX` (what JSON.stringify does) instead of
 * being rejected, so that hostile text still has a stable digest.
 */
export function canonicalJson(value: unknown): string {
  const out = write(value, 0);
  if (out === undefined) throw new TypeError('value has no JSON representation');
  return out;
}

function write(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`non-finite number ${value} in JSON`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('BigInt has no JSON representation');
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'null';
  if (depth >= MAX_DEPTH) throw new TypeError(`JSON nested deeper than ${MAX_DEPTH} levels`);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return write(toJSON.call(value), depth + 1);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += write(value[i], depth + 1) ?? 'null';
    }
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, exactly RFC 8785's member order.
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = write(obj[key], depth + 1);
    if (member === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${member}`;
  }
  return `${out}}`;
}

/** Hex SHA-256 of a string (UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hex SHA-256 of the canonical JSON of a value. */
export function digest(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

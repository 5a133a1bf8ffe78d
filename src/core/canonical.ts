/** Canonical JSON (RFC 8785, JCS) and digests over it. */
import { createHash } from 'node:crypto';
import canonicalizeJcs from 'canonicalize';

/**
 * RFC 8785 canonical form of a JSON value.
 * `undefined` members are dropped (as JSON.stringify does); non-finite numbers throw.
 */
export function canonicalJson(value: unknown): string {
  const out = (canonicalizeJcs as (v: unknown) => string | undefined)(value);
  if (out === undefined) throw new TypeError('value has no JSON representation');
  return out;
}

/** Hex SHA-256 of a string (UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hex SHA-256 of the canonical JSON of a value. */
export function digest(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/**
 * API keys: `bwk_<random>` bearer secrets with a role and a tenant.
 * Only the SHA-256 of a key is stored; the key itself is shown once, when created.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a key may do: `agent` checks/scans, `approver` decides approvals, `auditor` reads the audit log, `admin` everything. */
export type KeyRole = 'agent' | 'approver' | 'auditor' | 'admin';
export const KEY_ROLES: readonly KeyRole[] = ['agent', 'approver', 'auditor', 'admin'];

/** The tenant a key belongs to when none is given. */
export const DEFAULT_TENANT = 'default';

/** A stored key, without its secret. */
export interface ApiKeyRecord {
  /** Public key id (the first characters of the random part), safe to show and log. */
  readonly id: string;
  readonly name: string;
  readonly role: KeyRole;
  readonly tenant: string;
  /** Principal id requests made with this key act as. */
  readonly principal: string;
  /** Extra principal roles (e.g. approver groups such as `finance`), beyond `role`. */
  readonly roles: readonly string[];
  /** ISO-8601 creation time. */
  readonly createdAt: string;
  /** ISO-8601 revocation time; a revoked key never authenticates. */
  readonly revokedAt?: string;
}

/** What a new key is created with. */
export interface NewApiKey {
  readonly role: KeyRole;
  readonly tenant?: string;
  readonly name?: string;
  readonly principal?: string;
  readonly roles?: readonly string[];
}

/** A freshly created key: the only time the secret is available. */
export interface CreatedApiKey {
  readonly key: string;
  readonly record: ApiKeyRecord;
}

/** Row shape both backends persist. */
export interface ApiKeyRow {
  readonly record: ApiKeyRecord;
  /** Hex SHA-256 of the full key. */
  readonly hash: string;
}

/** Persistence of API keys. Implementations: `sqlite/keys.ts`, `postgres/keys.ts`. */
export interface ApiKeyStore {
  /** Create a key; returns the secret once. */
  create(input: NewApiKey): Promise<CreatedApiKey>;
  /** The live (not revoked) key whose secret is `key`, compared in constant time. */
  authenticate(key: string): Promise<ApiKeyRecord | undefined>;
  /** Keys of a tenant (all tenants when omitted), newest first, revoked ones included. */
  list(tenant?: string): Promise<ApiKeyRecord[]>;
  /** Revoke by id (restricted to `tenant` when given); false when no such live key. */
  revoke(id: string, tenant?: string): Promise<boolean>;
  /** Number of live keys with the role (all roles when omitted). */
  count(role?: KeyRole): Promise<number>;
}

const KEY_PREFIX = 'bwk_';
/** Length of the id part shown in listings: enough to tell keys apart, far too short to guess the rest. */
const ID_LENGTH = 10;
// 32 random bytes → 43 base64url characters (the first alphanumeric).
const KEY_PATTERN = /^bwk_[A-Za-z0-9][A-Za-z0-9_-]{42}$/;

/** A new key secret and the row to store for it. */
export function mintApiKey(input: NewApiKey, now: Date): { key: string; row: ApiKeyRow } {
  let random = randomBytes(32).toString('base64url');
  // An id starting with '-' would read as an option on command lines (`keys revoke -x…`).
  while (!/^[A-Za-z0-9]/.test(random)) random = randomBytes(32).toString('base64url');
  const key = `${KEY_PREFIX}${random}`;
  const id = random.slice(0, ID_LENGTH);
  const record: ApiKeyRecord = {
    id,
    name: input.name ?? `${input.role}-${id}`,
    role: input.role,
    tenant: input.tenant ?? DEFAULT_TENANT,
    principal: input.principal ?? input.name ?? `key:${id}`,
    roles: [...new Set(input.roles ?? [])],
    createdAt: now.toISOString(),
  };
  return { key, row: { record, hash: hashApiKey(key) } };
}

/** True when the text has the shape of a Bulwark key (cheap pre-check before any lookup). */
export function isApiKeyShape(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** Hex SHA-256 of a key: what the stores keep and index. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Key id (the public part) of a well-formed key. */
export function apiKeyId(key: string): string {
  return key.slice(KEY_PREFIX.length, KEY_PREFIX.length + ID_LENGTH);
}

/** Constant-time equality of two hex digests of equal length. */
export function sameDigest(aHex: string, bHex: string): boolean {
  const a = Buffer.from(aHex, 'hex');
  const b = Buffer.from(bHex, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/**
 * Shared authentication step: look a key up by id, then compare the stored hash in constant time.
 * Looking up by the public id (not by the hash) keeps the secret-dependent comparison in
 * `timingSafeEqual` only.
 */
export async function authenticateWith(
  key: string,
  findById: (id: string) => Promise<ApiKeyRow | undefined>,
): Promise<ApiKeyRecord | undefined> {
  if (!isApiKeyShape(key)) return undefined;
  const row = await findById(apiKeyId(key));
  const computed = hashApiKey(key);
  // Compare even when no row exists so a miss costs the same as a mismatch.
  const stored = row?.hash ?? '0'.repeat(64);
  const equal = sameDigest(stored, computed);
  if (!row || !equal || row.record.revokedAt !== undefined) return undefined;
  return row.record;
}

/**
 * Authentication and authorisation: the bearer key decides who the caller is (principal and
 * tenant), its role decides what it may do. Nothing in a header or body can change either.
 */
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../core/check.js';
import { type ApiKeyRecord, type ApiKeyStore, hashApiKey, type KeyRole } from '../store/keys.js';
import { HttpError } from './errors.js';

/** Operations a key may be granted. */
export type Permission =
  | 'check'
  | 'scan'
  | 'approvals:read'
  | 'approvals:decide'
  | 'approvals:own'
  | 'audit:read'
  | 'monitor:read'
  | 'monitor:manage'
  | 'policy:read'
  | 'policy:write'
  | 'keys:manage';

// INVARIANT: `agent` never gets `approvals:decide`; the approvals state machine refuses agents too.
const GRANTS: Record<KeyRole, readonly Permission[]> = {
  agent: ['check', 'scan', 'approvals:own'],
  approver: ['approvals:read', 'approvals:decide', 'approvals:own', 'monitor:read', 'policy:read'],
  auditor: ['approvals:read', 'audit:read', 'monitor:read', 'policy:read'],
  admin: [
    'check',
    'scan',
    'approvals:read',
    'approvals:decide',
    'approvals:own',
    'audit:read',
    'monitor:read',
    'monitor:manage',
    'policy:read',
    'policy:write',
    'keys:manage',
  ],
};

/** True when the role grants the permission. */
export function allows(role: KeyRole, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** The authenticated caller of a request. */
export interface Caller {
  /** Undefined only for public routes. */
  readonly key: ApiKeyRecord | undefined;
  readonly principal: Principal;
  readonly tenant: string;
}

/** The principal a key acts as: its id, tenant, `agent`/`user` type and its roles. */
export function principalOf(record: ApiKeyRecord): Principal {
  return {
    id: record.principal,
    type: record.role === 'agent' ? 'agent' : 'user',
    roles: [record.role, ...record.roles.filter((r) => r !== record.role)],
    tenant: record.tenant,
  };
}

/** Caller of a key record. */
export function callerOf(record: ApiKeyRecord): Caller {
  return { key: record, principal: principalOf(record), tenant: record.tenant };
}

/** Cached key authentication in front of an ApiKeyStore. */
export interface Authenticator {
  /** Caller for a presented key, or undefined when it is not a live key. */
  authenticate(key: string): Promise<Caller | undefined>;
  /** Drop cached entries of a key id (after revocation). */
  invalidate(keyId: string): void;
  /** Resolve a request's caller and check the permission: 401 without a valid key, 403 without the grant. */
  authorise(request: FastifyRequest, permission: Permission): Promise<Caller>;
}

const UNAUTHORIZED = () => new HttpError(401, 'unauthorized', 'missing or invalid API key', {});
const FORBIDDEN = () => new HttpError(403, 'forbidden', 'this key is not allowed to do that', {});

/** The key presented in `Authorization: Bearer …` (or `x-api-key`), if any. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(auth);
    return m?.[1];
  }
  const x = request.headers['x-api-key'];
  return typeof x === 'string' ? x : undefined;
}

/**
 * An authenticator with a short positive cache keyed by the key's SHA-256 (never the key itself),
 * so the hot path does not hit the store per request. Revocation on this server is immediate;
 * on other servers it takes effect within `cacheMs`.
 */
export function createAuthenticator(
  store: ApiKeyStore,
  opts: { cacheMs?: number; maxEntries?: number; now?: () => number } = {},
): Authenticator {
  const cacheMs = opts.cacheMs ?? 5_000;
  const maxEntries = opts.maxEntries ?? 10_000;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { caller: Caller; until: number }>();

  const authenticate = async (key: string): Promise<Caller | undefined> => {
    const hash = hashApiKey(key);
    const hit = cache.get(hash);
    if (hit && hit.until > now()) return hit.caller;
    if (hit) cache.delete(hash);
    const record = await store.authenticate(key);
    if (!record) return undefined;
    const caller = callerOf(record);
    if (cache.size >= maxEntries) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(hash, { caller, until: now() + cacheMs });
    return caller;
  };

  return {
    authenticate,
    invalidate(keyId) {
      for (const [hash, entry] of cache) if (entry.caller.key?.id === keyId) cache.delete(hash);
    },
    async authorise(request, permission) {
      const key = presentedKey(request);
      if (key === undefined) throw UNAUTHORIZED();
      const caller = await authenticate(key);
      if (!caller?.key) throw UNAUTHORIZED();
      if (!allows(caller.key.role, permission)) throw FORBIDDEN();
      return caller;
    },
  };
}

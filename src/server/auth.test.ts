import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type ApiKeyStore, KEY_ROLES } from '../store/keys.js';
import { createSqliteKeyStore } from '../store/sqlite/keys.js';
import { allows, createAuthenticator, principalOf } from './auth.js';

/** A key store that counts authentications reaching it. */
function counting(store: ApiKeyStore): ApiKeyStore & { hits: number } {
  const wrapped = {
    ...store,
    hits: 0,
    authenticate(key: string) {
      wrapped.hits++;
      return store.authenticate(key);
    },
  };
  return wrapped;
}

describe('roles', () => {
  it('never lets an agent decide approvals, read the audit log or manage anything', () => {
    for (const p of ['approvals:decide', 'audit:read', 'policy:write', 'keys:manage'] as const) {
      expect(allows('agent', p)).toBe(false);
    }
    expect(allows('agent', 'check')).toBe(true);
    expect(allows('approver', 'check')).toBe(false);
    expect(allows('auditor', 'approvals:decide')).toBe(false);
    const all = [
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
    ] as const;
    // Admin holds every permission any role holds.
    for (const role of KEY_ROLES)
      for (const p of all) if (allows(role, p)) expect(allows('admin', p)).toBe(true);
  });

  it('derives the principal from the key: id, tenant, type and roles', async () => {
    const store = createSqliteKeyStore(new Database(':memory:'));
    const { record } = await store.create({
      role: 'agent',
      tenant: 't',
      name: 'bot',
      roles: ['x'],
    });
    expect(principalOf(record)).toEqual({
      id: 'bot',
      type: 'agent',
      roles: ['agent', 'x'],
      tenant: 't',
    });
    const admin = await store.create({ role: 'admin', roles: ['admin'] });
    expect(principalOf(admin.record)).toMatchObject({ type: 'user', roles: ['admin'] });
  });
});

describe('createAuthenticator', () => {
  it('caches live keys for cacheMs, never misses, and forgets revoked keys at once', async () => {
    let now = 1_000;
    const store = counting(createSqliteKeyStore(new Database(':memory:')));
    const auth = createAuthenticator(store, { cacheMs: 100, now: () => now });
    const { key, record } = await store.create({ role: 'agent' });
    expect((await auth.authenticate(key))?.principal.id).toBe(record.principal);
    await auth.authenticate(key);
    expect(store.hits).toBe(1);
    now += 101;
    await auth.authenticate(key);
    expect(store.hits).toBe(2);
    // Unknown keys are never cached: each attempt asks the store.
    expect(await auth.authenticate(`${key.slice(0, -1)}x`)).toBeUndefined();
    expect(await auth.authenticate(`${key.slice(0, -1)}x`)).toBeUndefined();
    expect(store.hits).toBe(4);
    await store.revoke(record.id);
    auth.invalidate(record.id);
    expect(await auth.authenticate(key)).toBeUndefined();
  });

  it('bounds the cache: beyond maxEntries the oldest entry is evicted and fetched again', async () => {
    const store = counting(createSqliteKeyStore(new Database(':memory:')));
    const auth = createAuthenticator(store, { maxEntries: 2 });
    const keys = await Promise.all([1, 2, 3].map(() => store.create({ role: 'agent' })));
    for (const k of keys) expect(await auth.authenticate(k.key)).toBeDefined();
    expect(store.hits).toBe(3);
    expect(await auth.authenticate(keys[2]!.key)).toBeDefined();
    expect(store.hits).toBe(3);
    expect(await auth.authenticate(keys[0]!.key)).toBeDefined();
    expect(store.hits).toBe(4);
  });
});

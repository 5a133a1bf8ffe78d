/** Behaviour every ApiKeyStore must have; run against each backend by its own test file. */
import { describe, expect, it } from 'vitest';
import { type ApiKeyStore, hashApiKey, isApiKeyShape } from './keys.js';

/** Registers the API key store contract suite; `open` returns a fresh, empty store. */
export function keyStoreContract(
  backend: string,
  open: () => Promise<ApiKeyStore>,
  opts: { skip?: boolean } = {},
): void {
  describe.skipIf(opts.skip === true)(`ApiKeyStore contract (${backend})`, () => {
    it('creates a bwk_ key shown once and authenticates only that exact key', async () => {
      const store = await open();
      const { key, record } = await store.create({ role: 'agent', tenant: 't1', name: 'bot' });
      expect(isApiKeyShape(key)).toBe(true);
      expect(record).toMatchObject({ role: 'agent', tenant: 't1', name: 'bot', principal: 'bot' });
      expect(key.slice(4, 14)).toBe(record.id);
      expect(await store.authenticate(key)).toEqual(record);
      // One changed character, a truncated key and garbage all fail.
      const last = key.at(-1) === 'A' ? 'B' : 'A';
      expect(await store.authenticate(key.slice(0, -1) + last)).toBeUndefined();
      expect(await store.authenticate(key.slice(0, -1))).toBeUndefined();
      expect(await store.authenticate('bwk_nope')).toBeUndefined();
      expect(await store.authenticate('')).toBeUndefined();
    });

    it('makes ids that never start like a command-line option', async () => {
      const store = await open();
      for (let i = 0; i < 40; i++) {
        const { record } = await store.create({ role: 'agent' });
        expect(record.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{9}$/);
      }
    });

    it('never stores or lists the secret', async () => {
      const store = await open();
      const { key } = await store.create({ role: 'admin' });
      const listed = JSON.stringify(await store.list());
      expect(listed).not.toContain(key);
      expect(listed).not.toContain(hashApiKey(key));
      expect(listed).not.toContain(key.slice(14));
    });

    it('defaults tenant, name and principal and keeps extra roles', async () => {
      const store = await open();
      const { record } = await store.create({ role: 'approver', roles: ['finance', 'finance'] });
      expect(record.tenant).toBe('default');
      expect(record.principal).toBe(`key:${record.id}`);
      expect(record.roles).toEqual(['finance']);
      const again = await store.create({ role: 'approver', name: 'n', principal: 'alice' });
      expect(again.record.principal).toBe('alice');
      expect((await store.list('default')).map((r) => r.id).sort()).toEqual(
        [record.id, again.record.id].sort(),
      );
    });

    it('revokes within a tenant only, and a revoked key stops working', async () => {
      const store = await open();
      const a = await store.create({ role: 'agent', tenant: 'a' });
      expect(await store.revoke(a.record.id, 'b')).toBe(false);
      expect(await store.authenticate(a.key)).toBeDefined();
      expect(await store.revoke(a.record.id, 'a')).toBe(true);
      expect(await store.revoke(a.record.id, 'a')).toBe(false);
      expect(await store.authenticate(a.key)).toBeUndefined();
      const [listed] = await store.list('a');
      expect(listed?.revokedAt).toBeDefined();
      expect(await store.revoke('missing')).toBe(false);
    });

    it('lists per tenant and counts live keys by role', async () => {
      const store = await open();
      expect(await store.count()).toBe(0);
      await store.create({ role: 'admin', tenant: 'x' });
      await store.create({ role: 'agent', tenant: 'x' });
      const y = await store.create({ role: 'agent', tenant: 'y' });
      expect(await store.count()).toBe(3);
      expect(await store.count('agent')).toBe(2);
      expect(await store.count('admin')).toBe(1);
      expect((await store.list('x')).every((r) => r.tenant === 'x')).toBe(true);
      expect(await store.list('x')).toHaveLength(2);
      expect(await store.list()).toHaveLength(3);
      await store.revoke(y.record.id);
      expect(await store.count('agent')).toBe(1);
    });
  });
}

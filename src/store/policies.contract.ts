/** Behaviour every PolicyStore must have; run against each backend by its own test file. */
import { describe, expect, it } from 'vitest';
import type { NewPolicyVersion, PolicyStore } from './policies.js';

const v = (n: number, extra: Partial<NewPolicyVersion> = {}): NewPolicyVersion => ({
  name: 'p',
  version: `1.${n}`,
  hash: n.toString(16).padStart(64, '0'),
  source: `name: p\nversion: "1.${n}"\n`,
  createdBy: 'admin',
  ...extra,
});

/** Registers the policy store contract suite; `open` returns a fresh, empty store. */
export function policyStoreContract(
  backend: string,
  open: () => Promise<PolicyStore>,
  opts: { skip?: boolean } = {},
): void {
  describe.skipIf(opts.skip === true)(`PolicyStore contract (${backend})`, () => {
    it('has no current policy until one is appended', async () => {
      const store = await open();
      expect(await store.current('t')).toBeUndefined();
      expect(await store.list('t')).toEqual([]);
      expect(await store.heads()).toEqual(new Map());
    });

    it('appends versions with increasing seq; the latest is current', async () => {
      const store = await open();
      const first = await store.append('t', v(1));
      const second = await store.append('t', v(2));
      expect(first.seq).toBe(1);
      expect(second.seq).toBe(2);
      expect(await store.current('t')).toEqual(second);
      expect(await store.get('t', 1)).toEqual(first);
      expect(await store.get('t', 3)).toBeUndefined();
      expect(second.source).toBe(v(2).source);
      expect(Date.parse(second.createdAt)).not.toBeNaN();
    });

    it('keeps tenants apart', async () => {
      const store = await open();
      await store.append('a', v(1));
      await store.append('a', v(2));
      await store.append('b', v(9));
      expect((await store.current('b'))?.seq).toBe(1);
      expect(await store.get('b', 2)).toBeUndefined();
      expect((await store.list('b')).map((r) => r.version)).toEqual(['1.9']);
      expect(await store.heads()).toEqual(
        new Map([
          ['a', 2],
          ['b', 1],
        ]),
      );
    });

    it('lists newest first without sources, paging with before/limit', async () => {
      const store = await open();
      for (let i = 1; i <= 5; i++) await store.append('t', v(i));
      const all = await store.list('t');
      expect(all.map((r) => r.seq)).toEqual([5, 4, 3, 2, 1]);
      expect(all[0]).not.toHaveProperty('source');
      expect((await store.list('t', { limit: 2 })).map((r) => r.seq)).toEqual([5, 4]);
      expect((await store.list('t', { limit: 2, before: 4 })).map((r) => r.seq)).toEqual([3, 2]);
    });

    it('records a rollback as a new version pointing at the old one', async () => {
      const store = await open();
      const one = await store.append('t', v(1));
      await store.append('t', v(2));
      const back = await store.append('t', {
        ...v(1),
        source: one.source,
        rollbackOf: one.seq,
        createdBy: 'ops',
      });
      expect(back).toMatchObject({ seq: 3, rollbackOf: 1, hash: one.hash, createdBy: 'ops' });
      expect((await store.current('t'))?.source).toBe(one.source);
      expect(await store.get('t', 1)).toEqual(one);
    });

    it('gives concurrent appends distinct seqs', async () => {
      const store = await open();
      const made = await Promise.all(Array.from({ length: 8 }, (_, i) => store.append('c', v(i))));
      expect(new Set(made.map((r) => r.seq)).size).toBe(8);
      expect((await store.current('c'))?.seq).toBe(8);
    });
  });
}

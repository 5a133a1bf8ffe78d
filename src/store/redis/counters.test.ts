import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedis, REDIS_URL } from '../../../test/services.js';
import { StoreUnavailableError } from '../../core/errors.js';
import { RedisCounterStore } from './counters.js';

const redisUp = await hasRedis();

describe.skipIf(!redisUp)('RedisCounterStore (real Redis at 127.0.0.1:6379)', () => {
  const prefix = `bulwark-test:${randomUUID()}`;
  let a: RedisCounterStore;
  let b: RedisCounterStore;

  beforeAll(async () => {
    // Long sync interval: the test drives exchanges itself with sync().
    a = await RedisCounterStore.connect({ url: REDIS_URL, prefix, syncIntervalMs: 60_000 });
    b = await RedisCounterStore.connect({ url: REDIS_URL, prefix, syncIntervalMs: 60_000 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('counts own additions exactly and other servers after one exchange', async () => {
    const now = Date.now();
    a.add('email:alice', 1, 600_000, now);
    a.add('email:alice', 1, 600_000, now);
    b.track('email:alice', 600_000);
    expect(a.sum('email:alice', 600_000, now)).toBe(2);
    expect(b.sum('email:alice', 600_000, now)).toBe(0);
    await a.sync();
    await b.sync();
    expect(b.sum('email:alice', 600_000, now)).toBe(2);
    b.add('email:alice', 3, 600_000, now);
    await b.sync();
    await a.sync();
    // Neither server counts its own additions twice.
    expect(a.sum('email:alice', 600_000, now)).toBe(5);
    expect(b.sum('email:alice', 600_000, now)).toBe(5);
  });

  it('sums budgets with fractional amounts', async () => {
    const now = Date.now();
    a.add('spend:t1', 120.5, 86_400_000, now);
    b.add('spend:t1', 79.25, 86_400_000, now);
    await a.sync();
    await b.sync();
    await a.sync();
    expect(a.sum('spend:t1', 86_400_000, now)).toBeCloseTo(199.75, 6);
    expect(b.sum('spend:t1', 86_400_000, now)).toBeCloseTo(199.75, 6);
  });

  it('drops other servers’ additions once they leave the window', async () => {
    const t0 = Date.now();
    b.add('rate:bob', 4, 1000, t0);
    a.track('rate:bob', 1000);
    await b.sync();
    await a.sync();
    expect(a.sum('rate:bob', 1000, t0)).toBe(4);
    // Two windows later every bucket of t0 is outside the window.
    expect(a.sum('rate:bob', 1000, t0 + 2000)).toBe(0);
  });

  it('reports healthy after exchanges', () => {
    expect(a.health().ok).toBe(true);
  });
});

describe('RedisCounterStore when Redis is unreachable', () => {
  it('refuses to connect with StoreUnavailableError (fail closed)', async () => {
    // Port 1 on loopback: nothing listens there.
    await expect(RedisCounterStore.connect({ url: 'redis://127.0.0.1:1' })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  });
});

describe.skipIf(!redisUp)('RedisCounterStore when Redis goes away', () => {
  it('fails closed once no exchange succeeded for maxStalenessMs, and says so in health', async () => {
    const { spawn } = await import('node:child_process');
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    // A private redis-server, so the shared one is never disturbed.
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    try {
      let store: RedisCounterStore | undefined;
      for (let i = 0; i < 50 && !store; i++) {
        store = await RedisCounterStore.connect({
          url: `redis://127.0.0.1:${port}`,
          syncIntervalMs: 20,
          maxStalenessMs: 200,
        }).catch(async () => {
          await new Promise((r) => setTimeout(r, 50));
          return undefined;
        });
      }
      if (!store) throw new Error('private redis-server did not start');
      const now = Date.now();
      store.add('k', 1, 60_000, now);
      expect(store.sum('k', 60_000, now)).toBe(1);
      child.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 600));
      expect(() => store.sum('k', 60_000, Date.now())).toThrow(StoreUnavailableError);
      expect(store.health().ok).toBe(false);
      await store.close();
    } finally {
      child.kill('SIGKILL');
    }
  });
});

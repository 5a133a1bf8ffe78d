import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { hasPostgres, hasRedis, POSTGRES_URL, REDIS_URL } from '../../test/services.js';
import { systemClock } from '../core/clock.js';
import type { Decision } from '../core/decision.js';
import { createPostgresApprovalStore } from '../store/postgres/approvals.js';
import { openTestSchema } from '../store/postgres/test-schema.js';
import { createSqliteApprovalStore } from '../store/sqlite/approvals.js';
import { openSqliteDatabase } from '../store/sqlite/database.js';
import { createLocalApprovalChannel, createRedisApprovalChannel } from './channel.js';
import { createApprovalService } from './service.js';

const escalate: Decision = {
  decision: 'escalate',
  reasons: ['r'],
  rules: [],
  shadow: [],
  findings: [],
  redactions: [],
  approval: { role: 'approver', count: 1, expiresInMs: 60_000 },
  policy: { name: 'p', version: '1', hash: 'h' },
  checkDigest: 'd',
  evaluatedInUs: 1,
};
const check = {
  phase: 'action' as const,
  action: 'deploy.prod',
  params: { v: 1 },
  principal: { id: 'agent', tenant: 't' },
};

describe('local channel', () => {
  it('delivers to every subscriber until unsubscribed', async () => {
    const ch = createLocalApprovalChannel();
    const got: number[] = [];
    const off = ch.subscribe((c) => got.push(c.version));
    await ch.publish({ tenant: 't', id: 'a', state: 'pending', version: 1 });
    off();
    await ch.publish({ tenant: 't', id: 'a', state: 'approved', version: 2 });
    expect(got).toEqual([1]);
    await ch.close();
  });
});

const redisUp = await hasRedis();
const postgresUp = await hasPostgres();

describe.skipIf(!redisUp)('Redis channel (two servers, one store)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-channel-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('wakes a waiter on server A when server B approves', async () => {
    const name = `bulwark:test:approvals:${randomBytes(4).toString('hex')}`;
    const file = join(dir, 'shared.db');
    const dbs = [openSqliteDatabase(file), openSqliteDatabase(file)];
    const conns: Redis[] = [];
    const redis = () => {
      const r = new Redis(REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
      conns.push(r);
      return r;
    };
    const channels = await Promise.all(
      [0, 1].map(() =>
        createRedisApprovalChannel({ publisher: redis(), subscriber: redis(), channel: name }),
      ),
    );
    const [a, b] = dbs.map((db, i) =>
      createApprovalService({
        store: createSqliteApprovalStore(db),
        clock: systemClock,
        channel: channels[i]!,
      }),
    );
    try {
      const { request } = await a!.request(check, escalate);
      const waiting = a!.waitFor('t', request.id, 20_000);
      // A foreign message on the channel is ignored.
      await conns[0]!.publish(name, 'not json');
      const t0 = performance.now();
      await b!.approve(request.id, { id: 'human', roles: ['approver'], tenant: 't' });
      const done = await waiting;
      expect(done.state).toBe('approved');
      // Woken by the Redis message, far before the 20 s timeout.
      expect(performance.now() - t0).toBeLessThan(2_000);
    } finally {
      await a!.close();
      await b!.close();
      for (const ch of channels) await ch.close();
      for (const r of conns) r.disconnect();
      for (const db of dbs) db.close();
    }
  });
});

describe.skipIf(!redisUp || !postgresUp)('scale-out: two servers on PostgreSQL + Redis', () => {
  it('approvals from both servers reach the quorum once and wake a waiter on either', async () => {
    const { pool, schema, drop } = await openTestSchema(POSTGRES_URL, 'bw_appr_scale');
    const pg = (await import('pg')).default;
    const pool2 = new pg.Pool({
      connectionString: POSTGRES_URL,
      max: 4,
      options: `-c search_path=${schema}`,
    });
    const name = `bulwark:test:approvals:${randomBytes(4).toString('hex')}`;
    const conns: Redis[] = [];
    const redis = () => {
      const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      conns.push(r);
      return r;
    };
    const channels = await Promise.all(
      [0, 1].map(() =>
        createRedisApprovalChannel({ publisher: redis(), subscriber: redis(), channel: name }),
      ),
    );
    const stores = [
      await createPostgresApprovalStore(pool),
      await createPostgresApprovalStore(pool2),
    ];
    const [a, b] = stores.map((store, i) =>
      createApprovalService({ store, clock: systemClock, channel: channels[i]! }),
    );
    try {
      const quorum = { ...escalate, approval: { role: 'approver', count: 3, expiresInMs: 60_000 } };
      const { request } = await a!.request(check, quorum);
      // The same escalation arriving at the other server joins the pending request.
      const again = await b!.request(check, quorum);
      expect(again).toMatchObject({ created: false, request: { id: request.id } });
      const waiting = a!.waitFor('t', request.id, 20_000);
      const t0 = performance.now();
      const approvers = ['h1', 'h2', 'h3', 'h4'].map((id) => ({
        id,
        roles: ['approver'],
        tenant: 't',
      }));
      const results = await Promise.allSettled(
        approvers.map((who, i) => (i % 2 ? a! : b!).approve(request.id, who)),
      );
      const final = await b!.get('t', request.id);
      expect(final.state).toBe('approved');
      expect(final.votes).toHaveLength(3);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      // The waiter on server A woke on the first change (a vote or the approval).
      expect(['pending', 'approved']).toContain((await waiting).state);
      expect(performance.now() - t0).toBeLessThan(5_000);
    } finally {
      await a!.close();
      await b!.close();
      for (const ch of channels) await ch.close();
      for (const r of conns) r.disconnect();
      await pool2.end();
      await drop();
    }
  });
});

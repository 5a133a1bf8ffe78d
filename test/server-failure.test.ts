/**
 * Fail closed, lose nothing: a server on a private PostgreSQL cluster (started here, never the
 * shared one) keeps taking checks while the cluster is stopped. /readyz turns red, checks are
 * denied with the reason (503), and after a restart every acknowledged receipt is in the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgCluster, type PgCluster, postgresBinDir } from './server-pg-cluster.js';
import { client, type Json, startTestServer, type TestServer } from './server-support.js';

const hasBinaries = postgresBinDir() !== undefined;
if (!hasBinaries && process.env.CI === 'true') {
  throw new Error('PostgreSQL binaries are missing: the failure test cannot run under CI=true');
}

describe.skipIf(!hasBinaries)('server on a PostgreSQL that goes away', () => {
  let cluster: PgCluster;
  let srv: TestServer;

  beforeAll(async () => {
    cluster = await createPgCluster();
    cluster.start();
    srv = await startTestServer({ database: `${cluster.url}?schema=bulwark` });
  }, 60_000);
  afterAll(async () => {
    await srv?.stop();
    cluster?.destroy();
  });

  it('turns red, denies with the reason, and keeps every acknowledged receipt', async () => {
    const agent = client(srv.url, await srv.key('agent', { name: 'bot' }));
    const auditor = client(srv.url, srv.adminKey);
    const acked: Array<{ index: number; leafHash: string }> = [];
    const failed: Json[] = [];
    let stopped = false;
    let sent = 0;

    // Bounded load: 8 workers, at most 4,000 checks, until told to stop.
    const worker = async (w: number) => {
      while (!stopped && sent < 4_000) {
        sent++;
        const res = await agent<Json>('POST', '/v1/check', {
          phase: 'action',
          action: 'file.read',
          resource: `/data/${w}/${sent}.txt`,
        });
        if (res.status === 200) acked.push(res.body.receipt);
        else failed.push({ status: res.status, ...res.body });
      }
    };
    const until = async (cond: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(cond()).toBe(true);
    };

    expect((await auditor('GET', '/readyz')).status).toBe(200);
    const load = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    await until(() => acked.length >= 200, 20_000);

    cluster.stop();
    await until(() => failed.length >= 20, 20_000);
    const ready = await auditor<Json>('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('unready');
    expect(ready.body.checks.store.ok).toBe(false);

    stopped = true;
    await load;
    // Every failure is a deny that says why; nothing failed open.
    for (const f of failed) {
      expect(f.status).toBe(503);
      expect(f.decision).toBe('deny');
      expect(f.error.code).toBe('store_unavailable');
      // Either the decision could not be recorded, or (key store down) none could be made.
      expect(f.reasons[0]).toMatch(
        /unavailable: decision not recorded \(fail closed\)|unavailable \(fail closed\): no decision made/,
      );
      expect(f.receipt).toBeUndefined();
    }
    const ackedBeforeRestart = acked.length;

    cluster.start();
    const end = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < end) {
      status = (await auditor('GET', '/readyz')).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    const after = await agent<Json>('POST', '/v1/check', { phase: 'action', action: 'file.read' });
    expect(after.status).toBe(200);
    acked.push(after.body.receipt);

    // Every acknowledged receipt is in the log, at its index, with its leaf hash.
    const stored = new Map<number, string>();
    const bodies: Json[] = [];
    const size = ((await auditor<Json>('GET', '/v1/audit/checkpoint')).body.size as number) ?? 0;
    for (let from = 0; from < size; from += 1000) {
      const page = await auditor<Json>('GET', `/v1/audit/receipts?from=${from}&to=${from + 1000}`);
      for (const r of page.body.receipts) {
        stored.set(r.index, r.leafHash);
        bodies.push(r.receipt);
      }
    }
    expect(ackedBeforeRestart).toBeGreaterThanOrEqual(200);
    const missing = acked.filter((a) => stored.get(a.index) !== a.leafHash);
    expect(missing).toEqual([]);

    // A decision made but not durable in time may still reach the log after the restart; then a
    // follow-up receipt records that the caller was answered with a fail-closed deny instead.
    const decided = new Set(bodies.filter((b) => b.kind === 'decision').map((b) => b.checkDigest));
    const undelivered = new Set(
      bodies.filter((b) => b.event === 'decision.undelivered').map((b) => b.data.checkDigest),
    );
    const silent = failed.filter(
      (f) => typeof f.checkDigest === 'string' && decided.has(f.checkDigest),
    );
    expect(silent.filter((f) => !undelivered.has(f.checkDigest))).toEqual([]);
  }, 90_000);
});

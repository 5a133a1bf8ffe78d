/** One behavioural suite for every AuditStore implementation (run by sqlite/ and postgres/ tests). */
import { afterEach, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../audit/checkpoint.js';
import { storeSource } from '../audit/export.js';
import { createAuditLog } from '../audit/log.js';
import { verifyConsistency, verifyInclusion } from '../audit/merkle.js';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from '../audit/note.js';
import { consistencyProof, inclusionProof, rootAt } from '../audit/proof.js';
import { verifyLog } from '../audit/verify.js';
import { manualClock } from '../core/clock.js';
import type { ReceiptBody } from '../core/receipt.js';
import type { AuditStore } from './audit.js';

/** Opens connections to one fresh, empty log; every call returns another connection to the same log. */
export type AuditStoreFactory = () => Promise<{
  connect(): Promise<AuditStore>;
  cleanup(): Promise<void>;
}>;

const ORIGIN = 'contract.test/audit';
const signer = parseSignerKey(generateSignerKey(ORIGIN));
const verifier = parseVerifierKey(signer.verifierKey);

const body = (i: number): ReceiptBody => ({
  kind: 'system',
  time: new Date(1_700_000_000_000 + i).toISOString(),
  event: `event-${i}`,
  data: { i, text: 'ünïcode ✓' },
});

const hex = (s: string) => Buffer.from(s, 'hex');

/** Runs the contract. */
export function auditStoreContract(name: string, factory: AuditStoreFactory): void {
  describe(`AuditStore contract: ${name}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0)) await c();
    });
    const fresh = async () => {
      const f = await factory();
      const stores: AuditStore[] = [];
      cleanups.push(async () => {
        for (const s of stores) await s.close();
        await f.cleanup();
      });
      return async () => {
        const s = await f.connect();
        stores.push(s);
        return s;
      };
    };

    it('starts empty', async () => {
      const store = await (await fresh())();
      expect(await store.head()).toEqual({ size: 0, frontier: [], checkpoint: null });
      expect(await store.readEntries(0, 10)).toEqual([]);
      expect(await store.readCheckpoints()).toEqual([]);
    });

    it('group-commits, signs checkpoints every N, serves proofs that verify against them', async () => {
      const store = await (await fresh())();
      const clock = manualClock(1_000);
      const log = await createAuditLog({
        store,
        signer,
        origin: ORIGIN,
        checkpointEvery: 50,
        checkpointIntervalMs: 0,
        clock,
      });
      const refs = Array.from({ length: 237 }, (_, i) => log.append(body(i)));
      await log.flush();
      refs.forEach((r, i) => {
        expect(r.index).toBe(i);
        expect(r.leafHash).toMatch(/^[0-9a-f]{64}$/);
      });
      const head = await store.head();
      expect(head.size).toBe(237);
      const cps = await store.readCheckpoints();
      expect(cps.length).toBeGreaterThanOrEqual(1);
      for (const cp of cps) {
        const opened = openCheckpoint(cp.note, verifier, ORIGIN);
        expect(opened.root.toString('hex')).toBe(
          (await rootAt(store, opened.size)).toString('hex'),
        );
      }
      const last = openCheckpoint(cps[cps.length - 1]!.note, verifier);
      for (const i of [0, 1, 49, 50, last.size - 1]) {
        const p = await inclusionProof(store, i, last.size);
        expect(p.leafHash).toBe(refs[i]!.leafHash);
        expect(verifyInclusion(i, last.size, hex(p.leafHash), p.proof.map(hex), last.root)).toBe(
          true,
        );
      }
      const c = await consistencyProof(store, 7, 237);
      expect(verifyConsistency(7, 237, hex(c.firstRoot), hex(c.secondRoot), c.proof.map(hex))).toBe(
        true,
      );
      const entries = await store.readEntries(100, 3);
      expect(entries.map((e) => e.index)).toEqual([100, 101, 102]);
      const parsed = JSON.parse(entries[0]!.data) as { index: number; data: { text: string } };
      expect(parsed.index).toBe(100);
      expect(parsed.data.text).toBe('ünïcode ✓');
      const signed = await log.checkpoint();
      expect(signed?.size).toBe(237);
      const report = await verifyLog(storeSource(store), { verifier });
      expect(report).toMatchObject({ ok: true, size: 237, signedSize: 237, firstBadIndex: null });
      await log.close();
    });

    it('receipts reference the latest checkpoint before them; time-based checkpoints', async () => {
      const store = await (await fresh())();
      const clock = manualClock(0);
      const log = await createAuditLog({
        store,
        signer,
        origin: ORIGIN,
        checkpointEvery: 1e9,
        checkpointIntervalMs: 60_000,
        clock,
      });
      await log.appendDurable(body(0)); // first batch: no checkpoint yet → one is due by time
      clock.advance(1_000);
      await log.appendDurable(body(1)); // not due
      clock.advance(60_000);
      await log.appendDurable(body(2)); // due
      const cps = await store.readCheckpoints();
      expect(cps.map((c) => c.size)).toEqual([1, 3]);
      const rows = await store.readEntries(0, 3);
      const refs = rows.map(
        (r) => (JSON.parse(r.data) as { checkpoint?: { size: number } }).checkpoint?.size,
      );
      expect(refs).toEqual([undefined, 1, 1]);
      await log.close();
    });

    it('reopens at the stored head and continues the same tree', async () => {
      const connect = await fresh();
      const store1 = await connect();
      const log1 = await createAuditLog({
        store: store1,
        signer,
        origin: ORIGIN,
        checkpointEvery: 10,
        checkpointIntervalMs: 0,
      });
      for (let i = 0; i < 25; i++) log1.append(body(i)); // one batch: one checkpoint at 25
      await log1.close();
      const store2 = await connect();
      const log2 = await createAuditLog({
        store: store2,
        signer,
        origin: ORIGIN,
        checkpointEvery: 10,
        checkpointIntervalMs: 0,
      });
      expect(log2.latestCheckpoint()?.size).toBe(25);
      const ref = await log2.appendDurable(body(25));
      expect(ref.index).toBe(25);
      await log2.checkpoint();
      expect((await verifyLog(storeSource(store2), { verifier })).ok).toBe(true);
      await log2.close();
    });

    it('two writers on one log: a single total order, one verifiable tree', async () => {
      const connect = await fresh();
      const a = await connect();
      const b = await connect();
      const logA = await createAuditLog({
        store: a,
        signer,
        origin: ORIGIN,
        checkpointEvery: 20,
        checkpointIntervalMs: 0,
      });
      if (a.sequencing === 'process') {
        // Single-writer store: a second writer is detected, never silently interleaved.
        const logB = await createAuditLog({
          store: b,
          signer,
          origin: ORIGIN,
          checkpointIntervalMs: 0,
        });
        await logA.appendDurable(body(0));
        await expect(logB.appendDurable(body(1))).rejects.toThrow(/another writer/);
        await logA.close();
        return;
      }
      const logB = await createAuditLog({
        store: b,
        signer,
        origin: ORIGIN,
        checkpointEvery: 20,
        checkpointIntervalMs: 0,
      });
      const work = [];
      for (let i = 0; i < 60; i++) work.push((i % 2 ? logA : logB).appendDurable(body(i)));
      const refs = await Promise.all(work);
      expect(refs.map((r) => r.index).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 60 }, (_, i) => i),
      );
      await logA.checkpoint();
      const report = await verifyLog(storeSource(a), { verifier });
      expect(report).toMatchObject({ ok: true, size: 60, signedSize: 60 });
      await logA.close();
      await logB.close();
    });
  });
}

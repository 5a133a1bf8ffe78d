/** Parallel verification source for a SQLite audit log: aligned ranges are hashed in worker threads. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { storeSource } from '../../audit/export.js';
import type { RangeSummary, VerifySource } from '../../audit/verify.js';
import type { AuditStore } from '../audit.js';
import type { RangeRequest } from './audit-verify.worker.js';

const WORKER = new URL('./audit-verify.worker.js', import.meta.url);

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/**
 * `storeSource(store)` plus a `summarize` that runs in up to `parallelism` worker threads reading
 * `file` read-only. Falls back to the sequential source when the compiled worker is absent
 * (running from TypeScript sources) or only one CPU is available. Call `close()` when done.
 */
export function sqliteVerifySource(
  file: string,
  store: AuditStore,
  parallelism = Math.min(availableParallelism(), 4),
): VerifySource & { close(): Promise<void> } {
  const base = storeSource(store);
  if (parallelism < 2 || !existsSync(fileURLToPath(WORKER))) {
    return { ...base, close: async () => undefined };
  }
  const workers: Worker[] = [];
  const pending = new Map<number, { resolve(s: RangeSummary): void; reject(e: unknown): void }>();
  let nextId = 0;
  const worker = (i: number): Worker => {
    let w = workers[i];
    if (!w) {
      w = new Worker(WORKER, { execArgv: [] });
      w.on('message', (m: { id: number; summary: RangeSummary }) => {
        const p = pending.get(m.id);
        pending.delete(m.id);
        const s = m.summary;
        // Buffers arrive as plain Uint8Arrays after structured cloning.
        p?.resolve({
          ...s,
          tail: s.tail.map(asBuffer),
          cuts: s.cuts.map((c) => ({ size: c.size, hashes: c.hashes.map(asBuffer) })),
        });
      });
      w.on('error', (err) => {
        for (const p of pending.values()) p.reject(err);
        pending.clear();
      });
      workers[i] = w;
    }
    return w;
  };
  return {
    ...base,
    parallelism,
    summarize(start, end, cuts) {
      const id = nextId++;
      const req: RangeRequest = { id, file, start, end, cuts };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker(id % parallelism).postMessage(req);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * The audit log writer: assigns positions, group-commits receipts (one transaction per tick for
 * everything queued), issues signed checkpoints every N entries or T ms, and acknowledges a
 * receipt only once it is durable.
 */
import { canonicalJson } from '../core/canonical.js';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import type { ReceiptRef } from '../core/decision.js';
import type { CheckpointRef, ReceiptBody } from '../core/receipt.js';
import type { AuditSink } from '../guard.js';
import type { AuditStore, LogHead, StoredCheckpoint, StoredEntry } from '../store/audit.js';
import { AuditStoreCorruptError } from '../store/audit.js';
import { parseCheckpoint, type SignedCheckpoint, signCheckpoint } from './checkpoint.js';
import { leafData, leafHashOfData } from './entry.js';
import {
  assembleProof,
  consistencyPlan,
  Frontier,
  planNodes,
  type TreeNode,
  verifyConsistency,
} from './merkle.js';
import type { NoteSigner } from './note.js';

/** Options for `createAuditLog`. */
export interface AuditLogOptions {
  readonly store: AuditStore;
  readonly signer: NoteSigner;
  /** Checkpoint origin line, e.g. `bulwark.example.com/audit`. */
  readonly origin: string;
  /** Issue a checkpoint once this many entries are unsigned (default 1000). */
  readonly checkpointEvery?: number;
  /** …or once the latest checkpoint is this old and entries are unsigned (default 10 000 ms; 0 = never by time). */
  readonly checkpointIntervalMs?: number;
  readonly clock?: Clock;
  /** Largest number of receipts per transaction (default 10 000). */
  readonly maxBatch?: number;
}

/**
 * A receipt's position. With `database` sequencing (PostgreSQL) `index` is -1 and `leafHash`
 * empty until the batch commits; they are filled in place, so read them after `flush()`.
 */
export interface PendingReceiptRef extends ReceiptRef {
  index: number;
  leafHash: string;
}

/** The writer side of the audit log. */
export interface AuditLog extends AuditSink {
  readonly origin: string;
  /** Verifier key of the checkpoint signer (what auditors pin). */
  readonly verifierKey: string;
  /** Queues a receipt; returns its position now (SQLite) or after the next flush (PostgreSQL). */
  append(body: ReceiptBody): PendingReceiptRef;
  /** Appends and resolves once the receipt is durable, with its final position. */
  appendDurable(body: ReceiptBody): Promise<ReceiptRef>;
  /** Resolves once everything appended so far is durable; rejects if that commit failed. */
  flush(): Promise<void>;
  /** Flushes, then signs a checkpoint for the current tree if it is newer than the latest; returns the latest. */
  checkpoint(): Promise<SignedCheckpoint | null>;
  /** The latest checkpoint this writer knows. */
  latestCheckpoint(): SignedCheckpoint | null;
  /** Flushes and stops the checkpoint timer. The store stays open (it is the caller's). */
  close(): Promise<void>;
}

/** The log cannot go on: another process wrote to a single-writer store, or it was closed. */
export class AuditLogError extends Error {
  override readonly name = 'AuditLogError';
}

interface Pending {
  readonly body: ReceiptBody;
  readonly ref: PendingReceiptRef;
  readonly seq: number;
  readonly data: string | undefined;
  readonly leafHash: Buffer | undefined;
}

interface BatchResult {
  readonly entries: readonly StoredEntry[];
  readonly checkpoint: SignedCheckpoint | null;
  readonly head: LogHead;
}

interface Waiter {
  readonly seq: number;
  resolve(): void;
  reject(err: unknown): void;
}

const refOf = (cp: { size: number; root: Buffer }): CheckpointRef => ({
  size: cp.size,
  root: cp.root.toString('hex'),
});

/** Checks the head against the stored tree: last entry present, frontier = stored nodes, latest checkpoint consistent. */
async function checkTail(store: AuditStore, head: LogHead): Promise<void> {
  const frontier = Frontier.from(head.size, head.frontier);
  if (head.size > 0) {
    const tail = await store.readEntries(head.size - 1, 2);
    if (tail.length !== 1 || tail[0]!.index !== head.size - 1) {
      throw new AuditStoreCorruptError(
        `audit head says ${head.size} entries but the stored tail disagrees`,
      );
    }
  }
  const stored = await store.readNodes(frontier.nodes());
  stored.forEach((h, i) => {
    if (!h.equals(frontier.hashes[i]!)) {
      throw new AuditStoreCorruptError('audit head frontier does not match the stored tree');
    }
  });
  const cp = head.checkpoint;
  if (cp) {
    const plan = consistencyPlan(cp.size, head.size);
    const nodes = planNodes(plan);
    const hashes = await store.readNodes(nodes);
    const byKey = new Map(nodes.map((n, i) => [`${n.level}:${n.index}`, hashes[i]!]));
    const proof = assembleProof(plan, (n) => byKey.get(`${n.level}:${n.index}`)!);
    if (!verifyConsistency(cp.size, head.size, cp.root, frontier.root(), proof)) {
      throw new AuditStoreCorruptError(
        `stored tree of size ${head.size} is not consistent with checkpoint ${cp.size}`,
      );
    }
  }
}

/** Opens the writer on a store: reloads and checks the head, then accepts appends. */
export async function createAuditLog(opts: AuditLogOptions): Promise<AuditLog> {
  const { store, signer, origin } = opts;
  const every = opts.checkpointEvery ?? 1000;
  const intervalMs = opts.checkpointIntervalMs ?? 10_000;
  const clock = opts.clock ?? systemClock;
  const maxBatch = opts.maxBatch ?? 10_000;
  const local = store.sequencing === 'process';

  const head = await store.head();
  await checkTail(store, head);
  let latest: SignedCheckpoint | null = null;
  if (head.checkpoint) {
    const stored = (await store.readCheckpoints(head.checkpoint.size))[0];
    if (stored) {
      latest = {
        ...parseCheckpoint(stored.note.slice(0, stored.note.lastIndexOf('\n\n') + 1)),
        note: stored.note,
      };
    }
  }

  let nextIndex = head.size;
  let seq = 0;
  let durableSeq = 0;
  let queue: Pending[] = [];
  let waiters: Waiter[] = [];
  let inflight: Promise<void> | null = null;
  let scheduled = false;
  let failed: Error | null = null;
  let closed = false;

  const planBatch = (batch: readonly Pending[], force: boolean) => (h: LogHead) => {
    if (local && batch.length > 0 && batch[0]!.ref.index !== h.size) {
      throw new AuditLogError(
        `another writer appended to ${store.location} (expected size ${batch[0]!.ref.index}, found ${h.size}); use PostgreSQL for several writers`,
      );
    }
    const now = clock.now();
    const frontier = Frontier.from(h.size, h.frontier);
    const nodes: TreeNode[] = [];
    const entries: StoredEntry[] = [];
    const cpRef = h.checkpoint ? refOf(h.checkpoint) : undefined;
    for (const p of batch) {
      const index = frontier.size;
      const data = p.data ?? leafData(p.body, index, cpRef);
      const lh = p.leafHash ?? leafHashOfData(data);
      entries.push({ index, leafHash: lh, data });
      frontier.append(lh, (n) => nodes.push(n));
    }
    const size = frontier.size;
    const last = h.checkpoint;
    const due =
      size > (last?.size ?? 0) &&
      (force ||
        size - (last?.size ?? 0) >= every ||
        (intervalMs > 0 && now - (last?.time ?? Number.NEGATIVE_INFINITY) >= intervalMs));
    let signed: SignedCheckpoint | null = null;
    let cpHead = h.checkpoint;
    let checkpoint: StoredCheckpoint | undefined;
    if (due) {
      const root = frontier.root();
      signed = signCheckpoint({ origin, size, root }, signer);
      checkpoint = { size, time: now, note: signed.note };
      cpHead = { size, root, time: now };
    }
    const newHead: LogHead = { size, frontier: frontier.hashes, checkpoint: cpHead };
    const result: BatchResult = { entries, checkpoint: signed, head: newHead };
    return {
      entries,
      nodes,
      head: newHead,
      ...(checkpoint ? { checkpoint } : {}),
      result,
    };
  };

  const settle = (upTo: number, err?: unknown) => {
    const keep: Waiter[] = [];
    for (const w of waiters) {
      if (err !== undefined) w.reject(err);
      else if (w.seq <= upTo) w.resolve();
      else keep.push(w);
    }
    waiters = keep;
  };

  const commit = async (batch: Pending[], force: boolean): Promise<void> => {
    try {
      const r = await store.append(planBatch(batch, force));
      batch.forEach((p, i) => {
        const e = r.entries[i]!;
        p.ref.index = e.index;
        p.ref.leafHash = e.leafHash.toString('hex');
      });
      if (r.checkpoint) latest = r.checkpoint;
      if (batch.length > 0) durableSeq = batch[batch.length - 1]!.seq;
      settle(durableSeq);
    } catch (err) {
      if (err instanceof AuditLogError) {
        failed = err;
        queue = [];
      } else {
        // Positions already handed out stay valid: retry this batch first on the next tick.
        queue = [...batch, ...queue];
      }
      settle(durableSeq, err);
      throw err;
    }
  };

  const pump = () => {
    scheduled = false;
    if (inflight || queue.length === 0) return;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    inflight = commit(batch, false)
      .catch(() => undefined)
      .finally(() => {
        inflight = null;
      });
    void inflight.then(() => {
      // After a success keep draining; after a failure wait for the next append or flush to retry.
      if (queue.length > 0 && durableSeq >= batch[batch.length - 1]!.seq) schedule();
    });
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  };

  const flush = (): Promise<void> => {
    if (failed) return Promise.reject(failed);
    if (durableSeq >= seq) return inflight ? inflight.then(() => undefined) : Promise.resolve();
    const target = seq;
    const p = new Promise<void>((resolve, reject) => {
      waiters.push({ seq: target, resolve, reject });
    });
    schedule();
    return p;
  };

  const timer =
    intervalMs > 0
      ? setInterval(() => {
          if (!failed && !closed) void log.checkpoint().catch(() => undefined);
        }, intervalMs)
      : null;
  timer?.unref();

  const log: AuditLog = {
    origin,
    verifierKey: signer.verifierKey,
    append(body) {
      if (failed) throw failed;
      if (closed) throw new AuditLogError('audit log is closed');
      const ref: PendingReceiptRef = { index: -1, leafHash: '' };
      let data: string | undefined;
      let lh: Buffer | undefined;
      if (local) {
        // Single writer: the position is known now, so the leaf (and its hash) is too.
        data = leafData(body, nextIndex, latest ? refOf(latest) : undefined);
        ref.index = nextIndex++;
        lh = leafHashOfData(data);
        ref.leafHash = lh.toString('hex');
      } else {
        // Fail here, not inside a shared batch: a body with no JSON form would poison it.
        canonicalJson(body);
      }
      queue.push({ body, ref, seq: ++seq, data, leafHash: lh });
      schedule();
      return ref;
    },
    async appendDurable(body) {
      const ref = log.append(body);
      await flush();
      return { index: ref.index, leafHash: ref.leafHash };
    },
    flush,
    async checkpoint() {
      await flush();
      while (inflight) await inflight;
      if (failed) throw failed;
      const r = await store.append(planBatch([], true));
      if (r.checkpoint) latest = r.checkpoint;
      else if (r.head.checkpoint && (!latest || latest.size < r.head.checkpoint.size)) {
        // Another writer (PostgreSQL) signed a newer one: read it back.
        const stored = (await store.readCheckpoints(r.head.checkpoint.size))[0];
        if (stored) {
          latest = {
            ...parseCheckpoint(stored.note.slice(0, stored.note.lastIndexOf('\n\n') + 1)),
            note: stored.note,
          };
        }
      }
      return latest;
    },
    latestCheckpoint: () => latest,
    async close() {
      if (closed) return;
      try {
        if (!failed) await flush();
      } finally {
        closed = true;
        if (timer) clearInterval(timer);
      }
    },
  };
  return log;
}

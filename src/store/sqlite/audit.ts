/**
 * The audit log on SQLite: one writer process per file, every batch one `BEGIN IMMEDIATE`
 * transaction. The commit (and its fsync) runs in a worker thread with its own connection
 * (`audit-writer.worker.ts`) so it never stalls the event loop; reads use the caller's connection
 * (WAL: a reader always sees every committed batch).
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { NodeId } from '../../audit/merkle.js';
import {
  type AppendPlan,
  type AuditStore,
  AuditStoreCorruptError,
  type LogHead,
  type StoredCheckpoint,
  type StoredEntry,
} from '../audit.js';
import type {
  CloseRequest,
  CommitReply,
  CommitRequest,
  WriterData,
} from './audit-writer.worker.js';
import { migrate, openSqliteDatabase, type SqliteDatabase } from './database.js';

const MIGRATIONS = [
  `CREATE TABLE audit_entries (idx INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL, data TEXT NOT NULL);
   CREATE TABLE audit_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
     PRIMARY KEY (level, idx)) WITHOUT ROWID;
   CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 0), size INTEGER NOT NULL,
     frontier BLOB NOT NULL, cp_size INTEGER, cp_root BLOB, cp_time INTEGER);
   INSERT INTO audit_head (id, size, frontier) VALUES (0, 0, x'');
   CREATE TABLE audit_checkpoints (size INTEGER PRIMARY KEY, time INTEGER NOT NULL, note TEXT NOT NULL);`,
];

interface HeadRow {
  size: number;
  frontier: Buffer;
  cp_size: number | null;
  cp_root: Buffer | null;
  cp_time: number | null;
}

function toHead(row: HeadRow | undefined): LogHead {
  if (!row) throw new AuditStoreCorruptError('audit_head row is missing');
  const frontier: Buffer[] = [];
  for (let o = 0; o < row.frontier.length; o += 32) frontier.push(row.frontier.subarray(o, o + 32));
  return {
    size: row.size,
    frontier,
    checkpoint:
      row.cp_size === null || row.cp_root === null
        ? null
        : { size: row.cp_size, root: row.cp_root, time: row.cp_time ?? 0 },
  };
}

/** The audit writer thread failed (could not start, died, or its compiled script is missing). */
export class AuditWriterError extends Error {
  override readonly name = 'AuditWriterError';
}

/** A batch's commit failed inside SQLite (rolled back); `code` is SQLite's, e.g. `SQLITE_FULL`. */
export class SqliteCommitError extends Error {
  override readonly name = 'SqliteCommitError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** The stored head changed between planning and commit (another connection wrote): re-plan. */
class HeadMovedError extends Error {}

/**
 * The compiled worker script. From TypeScript sources (vitest) Node cannot start a `.ts` worker,
 * so the build output's copy is used and must not be older than the sources it was built from.
 */
function writerScript(): URL {
  const self = new URL(import.meta.url);
  if (!self.pathname.endsWith('.ts')) return new URL('./audit-writer.worker.js', self);
  const built = new URL('../../../dist/src/store/sqlite/', self);
  for (const name of ['audit-writer.worker', 'database']) {
    const src = statSync(new URL(`./${name}.ts`, self), { throwIfNoEntry: false });
    const js = statSync(new URL(`./${name}.js`, built), { throwIfNoEntry: false });
    if (!js || (src && js.mtimeMs < src.mtimeMs)) {
      throw new AuditWriterError(
        `${fileURLToPath(new URL(`./${name}.js`, built))} is missing or older than its source: run \`npm run build\``,
      );
    }
  }
  return new URL('./audit-writer.worker.js', built);
}

type Batch = Omit<CommitRequest, 'id'>;

/** The writer thread: one request at a time, started on the first batch and again after it died. */
function writerThread(file: string) {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve(): void; reject(err: Error): void }>();
  const failAll = (w: Worker, err: Error) => {
    if (worker !== w) return;
    worker = undefined;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const start = (): Worker => {
    const data: WriterData = { file };
    // No inherited execArgv: flags like --input-type or loaders are not valid (or needed) here.
    const w = new Worker(writerScript(), { workerData: data, execArgv: [] });
    w.on('message', (m: CommitReply) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      // Idle: do not keep the process alive; busy: do, so a queued commit is not abandoned.
      if (pending.size === 0) w.unref();
      if (m.ok) p.resolve();
      else if (m.moved) p.reject(new HeadMovedError(m.message));
      else p.reject(new SqliteCommitError(`audit commit failed: ${m.message}`, m.code));
    });
    w.on('error', (err) =>
      failAll(w, new AuditWriterError(`audit writer thread failed: ${err.message}`)),
    );
    w.on('exit', (code) =>
      failAll(w, new AuditWriterError(`audit writer thread exited (${code})`)),
    );
    return w;
  };
  return {
    commit(batch: Batch, transfer: ArrayBuffer[]): Promise<void> {
      worker ??= start();
      const w = worker;
      const id = nextId++;
      const req: CommitRequest = { id, ...batch };
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.ref();
        try {
          w.postMessage(req, transfer);
        } catch (err) {
          pending.delete(id);
          if (pending.size === 0) w.unref();
          throw err;
        }
      });
    },
    async close(): Promise<void> {
      const w = worker;
      if (!w) return;
      worker = undefined;
      const exited = new Promise((resolve) => w.once('exit', resolve));
      w.ref(); // an idle worker is unref'd: keep the process alive until it has closed the file
      const stop: CloseRequest = { close: true };
      w.postMessage(stop);
      await exited;
    },
  };
}

/** Copies 32-byte hashes into one right-sized buffer (a pooled Buffer would clone its whole pool). */
function packHashes(hashes: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(hashes.length * 32);
  hashes.forEach((h, i) => {
    out.set(h, i * 32);
  });
  return out;
}

function packBatch(
  base: LogHead,
  p: AppendPlan<unknown>,
): { batch: Batch; transfer: ArrayBuffer[] } {
  const cp = p.head.checkpoint;
  const batch: Batch = {
    expect: {
      size: base.size,
      frontier: packHashes(base.frontier),
      cpSize: base.checkpoint?.size ?? null,
    },
    entryIndexes: p.entries.map((e) => e.index),
    entryData: p.entries.map((e) => e.data),
    leafHashes: packHashes(p.entries.map((e) => e.leafHash)),
    nodeLevels: p.nodes.map((n) => n.level),
    nodeIndexes: p.nodes.map((n) => n.index),
    nodeHashes: packHashes(p.nodes.map((n) => n.hash)),
    head: {
      size: p.head.size,
      frontier: packHashes(p.head.frontier),
      cpSize: cp?.size ?? null,
      cpRoot: cp ? new Uint8Array(cp.root) : null,
      cpTime: cp?.time ?? null,
    },
    checkpoint: p.checkpoint ?? null,
  };
  const transfer = [batch.expect.frontier, batch.leafHashes, batch.nodeHashes, batch.head.frontier];
  return { batch, transfer: transfer.map((u) => u.buffer as ArrayBuffer) };
}

/** Options for the SQLite audit store. */
export interface SqliteAuditStoreOptions {
  /** Open read-only (verification, export, proofs): no migrations, no writes. */
  readonly readonly?: boolean;
}

/**
 * Opens the audit store in a SQLite file (created and migrated unless read-only). Writes go
 * through a worker thread started on the first `append`; `close()` stops it.
 */
export function openSqliteAuditStore(file: string, opts: SqliteAuditStoreOptions = {}): AuditStore {
  if (file === ':memory:') {
    throw new AuditWriterError(
      'the SQLite audit store needs a file (its writer thread opens its own connection)',
    );
  }
  const db = openSqliteDatabase(file, { readonly: opts.readonly ?? false });
  if (!opts.readonly) migrate(db, 'audit', MIGRATIONS);
  return sqliteAuditStore(db, file, opts.readonly ?? false);
}

/** The audit store over an open connection to `file` (tables must exist); batches are committed by a writer thread on `file`. */
function sqliteAuditStore(db: SqliteDatabase, file: string, readonly: boolean): AuditStore {
  const headStmt = db.prepare<[], HeadRow>(
    'SELECT size, frontier, cp_size, cp_root, cp_time FROM audit_head WHERE id = 0',
  );
  const readEntriesStmt = db.prepare<[number, number], [number, Buffer, string]>(
    'SELECT idx, leaf_hash, data FROM audit_entries WHERE idx >= ? ORDER BY idx LIMIT ?',
  );
  readEntriesStmt.raw(true);
  const countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_entries');
  const leafStmt = db.prepare<[number], { leaf_hash: Buffer }>(
    'SELECT leaf_hash FROM audit_entries WHERE idx = ?',
  );
  const nodeStmt = db.prepare<[number, number], { hash: Buffer }>(
    'SELECT hash FROM audit_nodes WHERE level = ? AND idx = ?',
  );
  const checkpointsStmt = db.prepare<[number], StoredCheckpoint>(
    'SELECT size, time, note FROM audit_checkpoints WHERE size >= ? ORDER BY size',
  );

  const thread = writerThread(file);
  // One batch at a time, in call order: each is planned against the head its predecessor left.
  let tail: Promise<unknown> = Promise.resolve();
  const appendOnce = async <T>(plan: (head: LogHead) => AppendPlan<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      // Planned here against the committed head; the writer re-checks it under the write lock.
      const base = toHead(headStmt.get());
      const p = plan(base);
      const { batch, transfer } = packBatch(base, p);
      try {
        await thread.commit(batch, transfer);
        return p.result;
      } catch (err) {
        // Another connection wrote since the head was read: re-plan against the new head (a
        // single-writer plan then refuses, as it would have under the lock).
        if (!(err instanceof HeadMovedError) || attempt >= 5) throw err;
      }
    }
  };

  return {
    sequencing: 'process',
    location: file,
    append<T>(plan: (head: LogHead) => AppendPlan<T>): Promise<T> {
      if (readonly) return Promise.reject(new AuditWriterError(`${file} was opened read-only`));
      const run = tail.then(() => appendOnce(plan));
      tail = run.catch(() => undefined);
      return run;
    },
    async head() {
      return toHead(headStmt.get());
    },
    async readEntries(start, limit): Promise<StoredEntry[]> {
      return readEntriesStmt
        .all(start, limit)
        .map(([index, leafHash, data]) => ({ index, leafHash, data }));
    },
    async countEntries() {
      return countStmt.get()!.n;
    },
    async readNodes(ids: readonly NodeId[]) {
      return ids.map((id) => {
        const row = id.level === 0 ? leafStmt.get(id.index) : nodeStmt.get(id.level, id.index);
        const h = row ? ('leaf_hash' in row ? row.leaf_hash : row.hash) : undefined;
        if (!h) throw new AuditStoreCorruptError(`tree node ${id.level}/${id.index} is missing`);
        return h;
      });
    },
    async readCheckpoints(minSize = 0) {
      return checkpointsStmt.all(minSize);
    },
    async close() {
      await tail;
      try {
        await thread.close();
      } finally {
        db.close();
      }
    },
  };
}

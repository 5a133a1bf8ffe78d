/**
 * Worker thread for the SQLite audit store: owns the log's write connection and commits each batch
 * in one `BEGIN IMMEDIATE` transaction (WAL, `synchronous=FULL`), so the fsync never blocks the
 * main thread's event loop. Replies once the commit has returned (the batch is durable).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteDatabase, type SqliteDatabase } from './database.js';

/** A packed batch: hashes are concatenated 32-byte values in one transferred buffer. */
export interface CommitRequest {
  readonly id: number;
  /** The head the batch was planned against; the commit fails with `moved` if the stored head differs. */
  readonly expect: {
    readonly size: number;
    readonly frontier: Uint8Array;
    readonly cpSize: number | null;
  };
  readonly entryIndexes: readonly number[];
  readonly entryData: readonly string[];
  readonly leafHashes: Uint8Array;
  readonly nodeLevels: readonly number[];
  readonly nodeIndexes: readonly number[];
  readonly nodeHashes: Uint8Array;
  readonly head: {
    readonly size: number;
    readonly frontier: Uint8Array;
    readonly cpSize: number | null;
    readonly cpRoot: Uint8Array | null;
    readonly cpTime: number | null;
  };
  readonly checkpoint: {
    readonly size: number;
    readonly time: number;
    readonly note: string;
  } | null;
}

/** The worker's answer to one request. */
export type CommitReply =
  | { readonly id: number; readonly ok: true }
  | {
      readonly id: number;
      readonly ok: false;
      /** The stored head is not the one the batch was planned against (another connection wrote). */
      readonly moved: boolean;
      readonly name: string;
      readonly message: string;
      readonly code: string | undefined;
    };

/** What the worker is started with. */
export interface WriterData {
  readonly file: string;
}

/** Sent to stop: the worker closes its connection and exits. */
export interface CloseRequest {
  readonly close: true;
}

class HeadMoved extends Error {}

const HASH = 32;
const view = (u: Uint8Array, i: number): Buffer =>
  Buffer.from(u.buffer, u.byteOffset + i * HASH, HASH);

function writer(db: SqliteDatabase) {
  const headStmt = db.prepare<[], { size: number; frontier: Buffer; cp_size: number | null }>(
    'SELECT size, frontier, cp_size FROM audit_head WHERE id = 0',
  );
  const insEntry = db.prepare('INSERT INTO audit_entries (idx, leaf_hash, data) VALUES (?, ?, ?)');
  const insNode = db.prepare('INSERT INTO audit_nodes (level, idx, hash) VALUES (?, ?, ?)');
  const insCp = db.prepare('INSERT INTO audit_checkpoints (size, time, note) VALUES (?, ?, ?)');
  const setHead = db.prepare(
    'UPDATE audit_head SET size = ?, frontier = ?, cp_size = ?, cp_root = ?, cp_time = ? WHERE id = 0',
  );
  const tx = db.transaction((r: CommitRequest) => {
    const row = headStmt.get();
    if (
      !row ||
      row.size !== r.expect.size ||
      row.cp_size !== r.expect.cpSize ||
      !Buffer.from(
        r.expect.frontier.buffer,
        r.expect.frontier.byteOffset,
        r.expect.frontier.byteLength,
      ).equals(row.frontier)
    ) {
      throw new HeadMoved(`audit head moved (expected size ${r.expect.size}, found ${row?.size})`);
    }
    r.entryIndexes.forEach((idx, i) => {
      insEntry.run(idx, view(r.leafHashes, i), r.entryData[i]);
    });
    r.nodeLevels.forEach((level, i) => {
      insNode.run(level, r.nodeIndexes[i], view(r.nodeHashes, i));
    });
    if (r.checkpoint) insCp.run(r.checkpoint.size, r.checkpoint.time, r.checkpoint.note);
    const h = r.head;
    setHead.run(
      h.size,
      Buffer.from(h.frontier.buffer, h.frontier.byteOffset, h.frontier.byteLength),
      h.cpSize,
      h.cpRoot ? Buffer.from(h.cpRoot.buffer, h.cpRoot.byteOffset, h.cpRoot.byteLength) : null,
      h.cpTime,
    );
  });
  // IMMEDIATE takes the write lock before the head is checked, so it cannot change under the batch.
  return (r: CommitRequest) => tx.immediate(r);
}

const port = parentPort;
if (port) {
  const { file } = workerData as WriterData;
  let db: SqliteDatabase | undefined;
  let commit: ((r: CommitRequest) => void) | undefined;
  port.on('message', (m: CommitRequest | CloseRequest) => {
    if ('close' in m) {
      db?.close();
      port.close();
      return;
    }
    let reply: CommitReply;
    try {
      // Opened on the first batch so an open failure is reported as that batch's error.
      db ??= openSqliteDatabase(file);
      commit ??= writer(db);
      commit(m);
      reply = { id: m.id, ok: true };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      const code = (e as { code?: unknown }).code;
      reply = {
        id: m.id,
        ok: false,
        moved: e instanceof HeadMoved,
        name: e.name,
        message: e.message,
        code: typeof code === 'string' ? code : undefined,
      };
    }
    port.postMessage(reply);
  });
}

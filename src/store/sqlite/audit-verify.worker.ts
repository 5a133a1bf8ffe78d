/** Worker thread for `sqliteVerifySource`: checks and hashes one aligned range of a SQLite audit log. */
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { summarizeEntries } from '../../audit/verify.js';
import type { StoredEntry } from '../audit.js';

/** A range to summarise. */
export interface RangeRequest {
  readonly id: number;
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly cuts: readonly number[];
}

let openFile: string | undefined;
let read: Database.Statement<[number, number], [number, Buffer, string]> | undefined;

function* rows(start: number, end: number): Generator<StoredEntry> {
  let next = start;
  while (next < end) {
    const batch = read!.all(next, Math.min(8192, end - next));
    if (batch.length === 0) return;
    for (const [index, leafHash, data] of batch) yield { index, leafHash, data };
    next = batch[batch.length - 1]![0] + 1;
  }
}

parentPort?.on('message', (req: RangeRequest) => {
  if (openFile !== req.file) {
    const db = new Database(req.file, { readonly: true, fileMustExist: true });
    read = db
      .prepare<[number, number], [number, Buffer, string]>(
        'SELECT idx, leaf_hash, data FROM audit_entries WHERE idx >= ? ORDER BY idx LIMIT ?',
      )
      .raw(true);
    openFile = req.file;
  }
  parentPort!.postMessage({
    id: req.id,
    summary: summarizeEntries(rows(req.start, req.end), req.start, req.end, req.cuts),
  });
});

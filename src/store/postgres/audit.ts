/**
 * The audit log on PostgreSQL. Positions are assigned inside the database: every batch locks the
 * single `audit_head` row (`SELECT … FOR UPDATE`), so any number of writer processes share one
 * total order and one tree. The pool's search_path picks the schema.
 */
import type pg from 'pg';
import type { NodeId } from '../../audit/merkle.js';
import {
  type AppendPlan,
  type AuditStore,
  AuditStoreCorruptError,
  type LogHead,
  type StoredCheckpoint,
  type StoredEntry,
} from '../audit.js';
import { guarded } from './availability.js';
import { migratePg } from './pool.js';

const MIGRATIONS = [
  `CREATE TABLE audit_entries (idx BIGINT PRIMARY KEY, leaf_hash BYTEA NOT NULL, data TEXT NOT NULL);
   CREATE TABLE audit_nodes (level SMALLINT NOT NULL, idx BIGINT NOT NULL, hash BYTEA NOT NULL,
     PRIMARY KEY (level, idx));
   CREATE TABLE audit_head (id SMALLINT PRIMARY KEY CHECK (id = 0), size BIGINT NOT NULL,
     frontier BYTEA NOT NULL, cp_size BIGINT, cp_root BYTEA, cp_time BIGINT);
   INSERT INTO audit_head (id, size, frontier) VALUES (0, 0, '\\x');
   CREATE TABLE audit_checkpoints (size BIGINT PRIMARY KEY, time BIGINT NOT NULL, note TEXT NOT NULL);`,
];

const STORE = 'audit (postgres)';

interface HeadRow {
  size: string;
  frontier: Buffer;
  cp_size: string | null;
  cp_root: Buffer | null;
  cp_time: string | null;
}

function toHead(row: HeadRow | undefined): LogHead {
  if (!row) throw new AuditStoreCorruptError('audit_head row is missing');
  const frontier: Buffer[] = [];
  for (let o = 0; o < row.frontier.length; o += 32) frontier.push(row.frontier.subarray(o, o + 32));
  return {
    size: Number(row.size),
    frontier,
    checkpoint:
      row.cp_size === null || row.cp_root === null
        ? null
        : { size: Number(row.cp_size), root: row.cp_root, time: Number(row.cp_time ?? 0) },
  };
}

const HEAD_SQL = 'SELECT size, frontier, cp_size, cp_root, cp_time FROM audit_head WHERE id = 0';

/** The audit store on a pg Pool (creates its tables in the pool's schema if missing). The pool stays the caller's. */
export async function createPostgresAuditStore(
  pool: pg.Pool,
  location: string,
): Promise<AuditStore> {
  await guarded(STORE, () => migratePg(pool, 'audit', MIGRATIONS));
  return {
    sequencing: 'database',
    location,
    append<T>(plan: (head: LogHead) => AppendPlan<T>): Promise<T> {
      return guarded(STORE, async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const got = await client.query<HeadRow>(`${HEAD_SQL} FOR UPDATE`);
          const p = plan(toHead(got.rows[0]));
          if (p.entries.length > 0) {
            await client.query(
              'INSERT INTO audit_entries (idx, leaf_hash, data) SELECT * FROM unnest($1::int8[], $2::bytea[], $3::text[])',
              [
                p.entries.map((e) => e.index),
                p.entries.map((e) => e.leafHash),
                p.entries.map((e) => e.data),
              ],
            );
          }
          if (p.nodes.length > 0) {
            await client.query(
              'INSERT INTO audit_nodes (level, idx, hash) SELECT * FROM unnest($1::int2[], $2::int8[], $3::bytea[])',
              [
                p.nodes.map((n) => n.level),
                p.nodes.map((n) => n.index),
                p.nodes.map((n) => n.hash),
              ],
            );
          }
          if (p.checkpoint) {
            await client.query(
              'INSERT INTO audit_checkpoints (size, time, note) VALUES ($1, $2, $3)',
              [p.checkpoint.size, p.checkpoint.time, p.checkpoint.note],
            );
          }
          const cp = p.head.checkpoint;
          await client.query(
            'UPDATE audit_head SET size = $1, frontier = $2, cp_size = $3, cp_root = $4, cp_time = $5 WHERE id = 0',
            [
              p.head.size,
              Buffer.concat(p.head.frontier),
              cp?.size ?? null,
              cp?.root ?? null,
              cp?.time ?? null,
            ],
          );
          await client.query('COMMIT');
          return p.result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      });
    },
    head: () => guarded(STORE, async () => toHead((await pool.query<HeadRow>(HEAD_SQL)).rows[0])),
    readEntries: (start, limit) =>
      guarded(STORE, async () => {
        const r = await pool.query<{ idx: string; leaf_hash: Buffer; data: string }>(
          'SELECT idx, leaf_hash, data FROM audit_entries WHERE idx >= $1 ORDER BY idx LIMIT $2',
          [start, limit],
        );
        return r.rows.map(
          (row): StoredEntry => ({
            index: Number(row.idx),
            leafHash: row.leaf_hash,
            data: row.data,
          }),
        );
      }),
    countEntries: () =>
      guarded(STORE, async () => {
        const r = await pool.query<{ n: string }>('SELECT count(*) AS n FROM audit_entries');
        return Number(r.rows[0]!.n);
      }),
    readNodes: (ids: readonly NodeId[]) =>
      guarded(STORE, async () => {
        if (ids.length === 0) return [];
        const r = await pool.query<{ level: number; idx: string; hash: Buffer }>(
          `SELECT w.level, w.idx, coalesce(n.hash, e.leaf_hash) AS hash
             FROM unnest($1::int2[], $2::int8[]) AS w(level, idx)
             LEFT JOIN audit_nodes n ON w.level > 0 AND n.level = w.level AND n.idx = w.idx
             LEFT JOIN audit_entries e ON w.level = 0 AND e.idx = w.idx`,
          [ids.map((i) => i.level), ids.map((i) => i.index)],
        );
        const byKey = new Map(r.rows.map((row) => [`${row.level}:${row.idx}`, row.hash]));
        return ids.map((id) => {
          const h = byKey.get(`${id.level}:${id.index}`);
          if (!h) throw new AuditStoreCorruptError(`tree node ${id.level}/${id.index} is missing`);
          return h;
        });
      }),
    readCheckpoints: (minSize = 0) =>
      guarded(STORE, async () => {
        const r = await pool.query<{ size: string; time: string; note: string }>(
          'SELECT size, time, note FROM audit_checkpoints WHERE size >= $1 ORDER BY size',
          [minSize],
        );
        return r.rows.map(
          (row): StoredCheckpoint => ({
            size: Number(row.size),
            time: Number(row.time),
            note: row.note,
          }),
        );
      }),
    async close() {
      // The pool belongs to the caller.
    },
  };
}

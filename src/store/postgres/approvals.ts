/** Approval requests in PostgreSQL (the pool's search_path picks the schema). */
import type { Pool, QueryResultRow } from 'pg';
import type { ApprovalRequest } from '../../approvals/request.js';
import {
  type ApprovalFilter,
  type ApprovalInsertResult,
  type ApprovalStore,
  listLimit,
} from '../approvals.js';
import { guarded } from './availability.js';
import { migratePg } from './pool.js';

// INVARIANT: at most one `pending` row per (tenant, binding), enforced by the partial unique index.
const MIGRATIONS = [
  `
CREATE TABLE IF NOT EXISTS bulwark_approvals (
  tenant TEXT NOT NULL,
  id TEXT NOT NULL,
  binding_hash TEXT NOT NULL,
  state TEXT NOT NULL,
  version INTEGER NOT NULL,
  action TEXT NOT NULL,
  requester TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  body JSONB NOT NULL,
  PRIMARY KEY (tenant, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS bulwark_approvals_pending
  ON bulwark_approvals (tenant, binding_hash) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS bulwark_approvals_created ON bulwark_approvals (tenant, created_at);
CREATE INDEX IF NOT EXISTS bulwark_approvals_expiry
  ON bulwark_approvals (expires_at) WHERE state = 'pending';
`,
];

interface Row {
  body: ApprovalRequest;
}

const STORE = 'approvals (postgres)';

/** Approval store on a pg Pool (migrates its table). */
export async function createPostgresApprovalStore(pool: Pool): Promise<ApprovalStore> {
  await guarded(STORE, () => migratePg(pool, 'approvals', MIGRATIONS));
  const q = <R extends QueryResultRow>(sql: string, args: unknown[]) =>
    guarded(STORE, () => pool.query<R>(sql, args));
  const findPending = async (tenant: string, hash: string) => {
    const res = await q<Row>(
      `SELECT body FROM bulwark_approvals
       WHERE tenant = $1 AND binding_hash = $2 AND state = 'pending'`,
      [tenant, hash],
    );
    return res.rows[0]?.body;
  };

  return {
    async insert(request): Promise<ApprovalInsertResult> {
      const res = await q(
        `INSERT INTO bulwark_approvals
           (tenant, id, binding_hash, state, version, action, requester, created_at, expires_at, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT DO NOTHING`,
        [
          request.tenant,
          request.id,
          request.bindingHash,
          request.state,
          request.version,
          request.action,
          request.requester,
          request.createdAt,
          request.expiresAt,
          JSON.stringify(request),
        ],
      );
      if ((res.rowCount ?? 0) > 0) return { inserted: true };
      const existing = await findPending(request.tenant, request.bindingHash);
      if (!existing) throw new Error(`approval request id ${request.id} already exists`);
      return { inserted: false, existing };
    },
    async get(tenant, id) {
      const res = await q<Row>('SELECT body FROM bulwark_approvals WHERE tenant = $1 AND id = $2', [
        tenant,
        id,
      ]);
      return res.rows[0]?.body;
    },
    findPending,
    async list(tenant, filter: ApprovalFilter, now) {
      const args: unknown[] = [tenant];
      const where = ['tenant = $1'];
      const arg = (v: unknown) => {
        args.push(v);
        return `$${args.length}`;
      };
      if (filter.state === 'pending') {
        where.push(`state = 'pending' AND expires_at > ${arg(now)}`);
      } else if (filter.state === 'expired') {
        where.push(`(state = 'expired' OR (state = 'pending' AND expires_at <= ${arg(now)}))`);
      } else if (filter.state !== undefined) {
        where.push(`state = ${arg(filter.state)}`);
      }
      if (filter.action !== undefined) where.push(`action = ${arg(filter.action)}`);
      if (filter.requester !== undefined) where.push(`requester = ${arg(filter.requester)}`);
      const limit = arg(listLimit(filter));
      const res = await q<Row>(
        `SELECT body FROM bulwark_approvals WHERE ${where.join(' AND ')}
         ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
        args,
      );
      return res.rows.map((r) => r.body);
    },
    async listExpired(now, limit) {
      const res = await q<Row>(
        `SELECT body FROM bulwark_approvals WHERE state = 'pending' AND expires_at <= $1
         ORDER BY expires_at LIMIT $2`,
        [now, limit],
      );
      return res.rows.map((r) => r.body);
    },
    async update(next, expectedVersion) {
      // Single-statement compare-and-set: row-level locking makes racing approvers serialise here.
      const res = await q(
        `UPDATE bulwark_approvals SET state = $1, version = $2, body = $3
         WHERE tenant = $4 AND id = $5 AND version = $6`,
        [next.state, next.version, JSON.stringify(next), next.tenant, next.id, expectedVersion],
      );
      return (res.rowCount ?? 0) > 0;
    },
    async close() {
      // The pool belongs to the caller.
    },
  };
}

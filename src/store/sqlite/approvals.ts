/** Approval requests in the embedded SQLite store. */
import type { ApprovalRequest } from '../../approvals/request.js';
import {
  type ApprovalFilter,
  type ApprovalInsertResult,
  type ApprovalStore,
  listLimit,
} from '../approvals.js';
import { migrate, type SqliteDatabase } from './database.js';

// INVARIANT: at most one `pending` row per (tenant, binding): the partial unique index makes
// concurrent identical escalations converge on one request.
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
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  body TEXT NOT NULL,
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
  body: string;
}

const parse = (r: Row): ApprovalRequest => JSON.parse(r.body) as ApprovalRequest;

/** Approval store on an open better-sqlite3 database (migrates its table). */
export function createSqliteApprovalStore(db: SqliteDatabase): ApprovalStore {
  migrate(db, 'approvals', MIGRATIONS);
  const insert = db.prepare(
    `INSERT INTO bulwark_approvals
       (tenant, id, binding_hash, state, version, action, requester, created_at, expires_at, body)
     VALUES (@tenant, @id, @bindingHash, @state, @version, @action, @requester, @createdAt, @expiresAt, @body)
     ON CONFLICT DO NOTHING`,
  );
  const byId = db.prepare<[string, string], Row>(
    'SELECT body FROM bulwark_approvals WHERE tenant = ? AND id = ?',
  );
  const pending = db.prepare<[string, string], Row>(
    `SELECT body FROM bulwark_approvals WHERE tenant = ? AND binding_hash = ? AND state = 'pending'`,
  );
  const expired = db.prepare<[number, number], Row>(
    `SELECT body FROM bulwark_approvals WHERE state = 'pending' AND expires_at <= ?
     ORDER BY expires_at LIMIT ?`,
  );
  const update = db.prepare(
    `UPDATE bulwark_approvals SET state = @state, version = @version, body = @body
     WHERE tenant = @tenant AND id = @id AND version = @expected`,
  );

  return {
    async insert(request): Promise<ApprovalInsertResult> {
      const info = insert.run({
        tenant: request.tenant,
        id: request.id,
        bindingHash: request.bindingHash,
        state: request.state,
        version: request.version,
        action: request.action,
        requester: request.requester,
        createdAt: request.createdAt,
        expiresAt: request.expiresAt,
        body: JSON.stringify(request),
      });
      if (info.changes > 0) return { inserted: true };
      const row = pending.get(request.tenant, request.bindingHash);
      if (!row) throw new Error(`approval request id ${request.id} already exists`);
      return { inserted: false, existing: parse(row) };
    },
    async get(tenant, id) {
      const row = byId.get(tenant, id);
      return row ? parse(row) : undefined;
    },
    async findPending(tenant, hash) {
      const row = pending.get(tenant, hash);
      return row ? parse(row) : undefined;
    },
    async list(tenant, filter: ApprovalFilter, now) {
      const where = ['tenant = ?'];
      const args: (string | number)[] = [tenant];
      if (filter.state === 'pending') {
        where.push(`state = 'pending' AND expires_at > ?`);
        args.push(now);
      } else if (filter.state === 'expired') {
        where.push(`(state = 'expired' OR (state = 'pending' AND expires_at <= ?))`);
        args.push(now);
      } else if (filter.state !== undefined) {
        where.push('state = ?');
        args.push(filter.state);
      }
      if (filter.action !== undefined) {
        where.push('action = ?');
        args.push(filter.action);
      }
      if (filter.requester !== undefined) {
        where.push('requester = ?');
        args.push(filter.requester);
      }
      args.push(listLimit(filter));
      const sql = `SELECT body FROM bulwark_approvals WHERE ${where.join(' AND ')}
                   ORDER BY created_at DESC, id DESC LIMIT ?`;
      return db
        .prepare<(string | number)[], Row>(sql)
        .all(...args)
        .map(parse);
    },
    async listExpired(now, limit) {
      return expired.all(now, limit).map(parse);
    },
    async update(next, expectedVersion) {
      const info = update.run({
        tenant: next.tenant,
        id: next.id,
        state: next.state,
        version: next.version,
        body: JSON.stringify(next),
        expected: expectedVersion,
      });
      return info.changes > 0;
    },
    async close() {
      // The database handle belongs to the caller.
    },
  };
}

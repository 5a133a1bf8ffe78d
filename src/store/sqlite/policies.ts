/** Policy versions in the embedded SQLite store. */
import type { Database } from 'better-sqlite3';
import {
  type NewPolicyVersion,
  type PolicyStore,
  type PolicyVersionRecord,
  type PolicyVersionRow,
  pageSize,
  policyVersionFromRow,
  summarise,
} from '../policies.js';
import { migrate } from './database.js';

const SCHEMA = `
CREATE TABLE bulwark_policy_versions (
  tenant TEXT NOT NULL,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  hash TEXT NOT NULL,
  source TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  rollback_of INTEGER,
  PRIMARY KEY (tenant, seq)
);
`;

/** Policy version store on an open better-sqlite3 database (creates its table if missing). */
export function createSqlitePolicyStore(
  db: Database,
  now: () => Date = () => new Date(),
): PolicyStore {
  migrate(db, 'policies', [SCHEMA]);
  const latest = db.prepare<[string], PolicyVersionRow>(
    'SELECT * FROM bulwark_policy_versions WHERE tenant = ? ORDER BY seq DESC LIMIT 1',
  );
  const one = db.prepare<[string, number], PolicyVersionRow>(
    'SELECT * FROM bulwark_policy_versions WHERE tenant = ? AND seq = ?',
  );
  const page = db.prepare<[string, number, number], PolicyVersionRow>(
    'SELECT * FROM bulwark_policy_versions WHERE tenant = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
  );
  const heads = db.prepare<[], { tenant: string; seq: number }>(
    'SELECT tenant, max(seq) AS seq FROM bulwark_policy_versions GROUP BY tenant',
  );
  const insert = db.prepare(
    `INSERT INTO bulwark_policy_versions
       (tenant, seq, name, version, hash, source, created_by, created_at, rollback_of)
     VALUES (@tenant, @seq, @name, @version, @hash, @source, @createdBy, @createdAt, @rollbackOf)`,
  );
  // IMMEDIATE: take the write lock before reading max(seq), so two processes never pick one seq.
  const append = db.transaction((tenant: string, input: NewPolicyVersion): PolicyVersionRecord => {
    const seq = (latest.get(tenant)?.seq ?? 0) + 1;
    const record: PolicyVersionRecord = {
      tenant,
      seq,
      name: input.name,
      version: input.version,
      hash: input.hash,
      source: input.source,
      createdBy: input.createdBy,
      createdAt: now().toISOString(),
      ...(input.rollbackOf === undefined ? {} : { rollbackOf: input.rollbackOf }),
    };
    insert.run({ ...record, rollbackOf: input.rollbackOf ?? null });
    return record;
  });

  return {
    async append(tenant, input) {
      return append.immediate(tenant, input);
    },
    async current(tenant) {
      const r = latest.get(tenant);
      return r ? policyVersionFromRow(r) : undefined;
    },
    async get(tenant, seq) {
      const r = one.get(tenant, seq);
      return r ? policyVersionFromRow(r) : undefined;
    },
    async list(tenant, opts = {}) {
      const before = opts.before ?? Number.MAX_SAFE_INTEGER;
      return page
        .all(tenant, before, pageSize(opts.limit))
        .map((r) => summarise(policyVersionFromRow(r)));
    },
    async heads() {
      return new Map(heads.all().map((h) => [h.tenant, h.seq]));
    },
  };
}

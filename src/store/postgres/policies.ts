/** Policy versions in PostgreSQL (the pool's search_path picks the schema). */
import type { Pool } from 'pg';
import {
  type PolicyStore,
  type PolicyVersionRow,
  pageSize,
  policyVersionFromRow,
  summarise,
} from '../policies.js';
import { guarded } from './availability.js';
import { migratePg } from './pool.js';

const SCHEMA = `
CREATE TABLE bulwark_policy_versions (
  tenant TEXT NOT NULL,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  hash TEXT NOT NULL,
  source TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  rollback_of INTEGER,
  PRIMARY KEY (tenant, seq)
);
`;

/** Policy version store on a pg Pool (creates its table if missing). */
export async function createPostgresPolicyStore(
  pool: Pool,
  now: () => Date = () => new Date(),
): Promise<PolicyStore> {
  await guarded('postgres', () => migratePg(pool, 'policies', [SCHEMA]));
  const q = <R extends object>(sql: string, params: unknown[]) =>
    guarded('postgres', () => pool.query<R>(sql, params));

  return {
    append(tenant, input) {
      return guarded('postgres', async () => {
        // The seq is assigned inside the database: a per-tenant advisory lock orders concurrent
        // writers from several servers.
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`policy:${tenant}`]);
          const res = await client.query<PolicyVersionRow>(
            `INSERT INTO bulwark_policy_versions
               (tenant, seq, name, version, hash, source, created_by, created_at, rollback_of)
             SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8
               FROM bulwark_policy_versions WHERE tenant = $1
             RETURNING *`,
            [
              tenant,
              input.name,
              input.version,
              input.hash,
              input.source,
              input.createdBy,
              now().toISOString(),
              input.rollbackOf ?? null,
            ],
          );
          await client.query('COMMIT');
          return policyVersionFromRow(res.rows[0]!);
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      });
    },
    async current(tenant) {
      const res = await q<PolicyVersionRow>(
        'SELECT * FROM bulwark_policy_versions WHERE tenant = $1 ORDER BY seq DESC LIMIT 1',
        [tenant],
      );
      const r = res.rows[0];
      return r ? policyVersionFromRow(r) : undefined;
    },
    async get(tenant, seq) {
      const res = await q<PolicyVersionRow>(
        'SELECT * FROM bulwark_policy_versions WHERE tenant = $1 AND seq = $2',
        [tenant, seq],
      );
      const r = res.rows[0];
      return r ? policyVersionFromRow(r) : undefined;
    },
    async list(tenant, opts = {}) {
      const res = await q<PolicyVersionRow>(
        `SELECT * FROM bulwark_policy_versions WHERE tenant = $1 AND seq < $2
          ORDER BY seq DESC LIMIT $3`,
        [tenant, opts.before ?? 2_147_483_647, pageSize(opts.limit)],
      );
      return res.rows.map((r) => summarise(policyVersionFromRow(r)));
    },
    async heads() {
      const res = await q<{ tenant: string; seq: number }>(
        'SELECT tenant, max(seq) AS seq FROM bulwark_policy_versions GROUP BY tenant',
        [],
      );
      return new Map(res.rows.map((h) => [h.tenant, h.seq]));
    },
  };
}

/** API keys in PostgreSQL (the pool's search_path picks the schema). */
import type { Pool } from 'pg';
import {
  type ApiKeyRecord,
  type ApiKeyRow,
  type ApiKeyStore,
  authenticateWith,
  type KeyRole,
  mintApiKey,
} from '../keys.js';
import { guarded } from './availability.js';
import { migratePg } from './pool.js';

const SCHEMA = `
CREATE TABLE bulwark_api_keys (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  tenant TEXT NOT NULL,
  principal TEXT NOT NULL,
  roles JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ
);
CREATE INDEX bulwark_api_keys_tenant ON bulwark_api_keys (tenant, created_at);
`;

interface Row {
  id: string;
  hash: string;
  name: string;
  role: string;
  tenant: string;
  principal: string;
  roles: string[];
  created_at: Date;
  revoked_at: Date | null;
}

function toRecord(r: Row): ApiKeyRecord {
  const base = {
    id: r.id,
    name: r.name,
    role: r.role as KeyRole,
    tenant: r.tenant,
    principal: r.principal,
    roles: r.roles,
    createdAt: r.created_at.toISOString(),
  };
  return r.revoked_at === null ? base : { ...base, revokedAt: r.revoked_at.toISOString() };
}

/** API key store on a pg Pool (creates its table if missing). */
export async function createPostgresKeyStore(
  pool: Pool,
  now: () => Date = () => new Date(),
): Promise<ApiKeyStore> {
  await guarded('postgres', () => migratePg(pool, 'keys', [SCHEMA]));
  const q = <R extends object>(sql: string, params: unknown[]) =>
    guarded('postgres', () => pool.query<R>(sql, params));

  return {
    async create(input) {
      const { key, row } = mintApiKey(input, now());
      const r = row.record;
      await q(
        `INSERT INTO bulwark_api_keys (id, hash, name, role, tenant, principal, roles, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          r.id,
          row.hash,
          r.name,
          r.role,
          r.tenant,
          r.principal,
          JSON.stringify(r.roles),
          r.createdAt,
        ],
      );
      return { key, record: r };
    },
    authenticate(key) {
      return authenticateWith(key, async (id): Promise<ApiKeyRow | undefined> => {
        const res = await q<Row>('SELECT * FROM bulwark_api_keys WHERE id = $1', [id]);
        const r = res.rows[0];
        return r ? { record: toRecord(r), hash: r.hash } : undefined;
      });
    },
    async list(tenant) {
      const res =
        tenant === undefined
          ? await q<Row>('SELECT * FROM bulwark_api_keys ORDER BY created_at DESC, id DESC', [])
          : await q<Row>(
              'SELECT * FROM bulwark_api_keys WHERE tenant = $1 ORDER BY created_at DESC, id DESC',
              [tenant],
            );
      return res.rows.map(toRecord);
    },
    async revoke(id, tenant) {
      const at = now().toISOString();
      const res =
        tenant === undefined
          ? await q(
              'UPDATE bulwark_api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
              [at, id],
            )
          : await q(
              'UPDATE bulwark_api_keys SET revoked_at = $1 WHERE id = $2 AND tenant = $3 AND revoked_at IS NULL',
              [at, id, tenant],
            );
      return (res.rowCount ?? 0) > 0;
    },
    async count(role) {
      const res =
        role === undefined
          ? await q<{ n: string }>(
              'SELECT count(*) AS n FROM bulwark_api_keys WHERE revoked_at IS NULL',
              [],
            )
          : await q<{ n: string }>(
              'SELECT count(*) AS n FROM bulwark_api_keys WHERE revoked_at IS NULL AND role = $1',
              [role],
            );
      return Number(res.rows[0]?.n ?? 0);
    },
  };
}

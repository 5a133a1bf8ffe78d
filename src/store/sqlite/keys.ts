/** API keys in the embedded SQLite store. */
import type { Database } from 'better-sqlite3';
import {
  type ApiKeyRecord,
  type ApiKeyRow,
  type ApiKeyStore,
  authenticateWith,
  type KeyRole,
  mintApiKey,
} from '../keys.js';
import { migrate } from './database.js';

const SCHEMA = `
CREATE TABLE bulwark_api_keys (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  tenant TEXT NOT NULL,
  principal TEXT NOT NULL,
  roles TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
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
  roles: string;
  created_at: string;
  revoked_at: string | null;
}

function toRecord(r: Row): ApiKeyRecord {
  const base = {
    id: r.id,
    name: r.name,
    role: r.role as KeyRole,
    tenant: r.tenant,
    principal: r.principal,
    roles: JSON.parse(r.roles) as string[],
    createdAt: r.created_at,
  };
  return r.revoked_at === null ? base : { ...base, revokedAt: r.revoked_at };
}

/** API key store on an open better-sqlite3 database (creates its table if missing). */
export function createSqliteKeyStore(
  db: Database,
  now: () => Date = () => new Date(),
): ApiKeyStore {
  migrate(db, 'keys', [SCHEMA]);
  const insert = db.prepare(
    `INSERT INTO bulwark_api_keys (id, hash, name, role, tenant, principal, roles, created_at)
     VALUES (@id, @hash, @name, @role, @tenant, @principal, @roles, @createdAt)`,
  );
  const byId = db.prepare<[string], Row>('SELECT * FROM bulwark_api_keys WHERE id = ?');
  const all = db.prepare<[], Row>(
    'SELECT * FROM bulwark_api_keys ORDER BY created_at DESC, id DESC',
  );
  const ofTenant = db.prepare<[string], Row>(
    'SELECT * FROM bulwark_api_keys WHERE tenant = ? ORDER BY created_at DESC, id DESC',
  );
  const revoke = db.prepare<[string, string], Row>(
    'UPDATE bulwark_api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  );
  const revokeInTenant = db.prepare<[string, string, string], Row>(
    'UPDATE bulwark_api_keys SET revoked_at = ? WHERE id = ? AND tenant = ? AND revoked_at IS NULL',
  );
  const countAll = db.prepare<[], { n: number }>(
    'SELECT count(*) AS n FROM bulwark_api_keys WHERE revoked_at IS NULL',
  );
  const countRole = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM bulwark_api_keys WHERE revoked_at IS NULL AND role = ?',
  );

  return {
    async create(input) {
      const { key, row } = mintApiKey(input, now());
      const r = row.record;
      insert.run({
        id: r.id,
        hash: row.hash,
        name: r.name,
        role: r.role,
        tenant: r.tenant,
        principal: r.principal,
        roles: JSON.stringify(r.roles),
        createdAt: r.createdAt,
      });
      return { key, record: r };
    },
    authenticate(key) {
      return authenticateWith(key, async (id): Promise<ApiKeyRow | undefined> => {
        const r = byId.get(id);
        return r ? { record: toRecord(r), hash: r.hash } : undefined;
      });
    },
    async list(tenant) {
      return (tenant === undefined ? all.all() : ofTenant.all(tenant)).map(toRecord);
    },
    async revoke(id, tenant) {
      const at = now().toISOString();
      const info = tenant === undefined ? revoke.run(at, id) : revokeInTenant.run(at, id, tenant);
      return info.changes > 0;
    },
    async count(role) {
      return (role === undefined ? countAll.get() : countRole.get(role))?.n ?? 0;
    },
  };
}

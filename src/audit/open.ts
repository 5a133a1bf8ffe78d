/** One-line wiring for the server and CLI: open a store by location and the embedded log under a data directory. */
import { join } from 'node:path';
import type { AuditStore } from '../store/audit.js';
import { createPostgresAuditStore } from '../store/postgres/audit.js';
import { createPgPool } from '../store/postgres/pool.js';
import { openSqliteAuditStore } from '../store/sqlite/audit.js';
import { loadOrCreateSigner } from './keys.js';
import { type AuditLog, type AuditLogOptions, createAuditLog } from './log.js';

/** Default data directory. */
export const DEFAULT_DATA_DIR = './.bulwark';
/** Default checkpoint origin (and key name). */
export const DEFAULT_ORIGIN = 'bulwark.local/audit';

/** Opens an audit store: `postgres://…` (optional `?schema=` picks the schema) or a SQLite file path. */
export async function openAuditStore(
  location: string,
  opts: { readonly readonly?: boolean } = {},
): Promise<AuditStore> {
  if (/^postgres(ql)?:\/\//.test(location)) {
    const url = new URL(location);
    const schema = url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    const pool = await createPgPool(url.toString(), schema === undefined ? {} : { schema });
    const store = await createPostgresAuditStore(
      pool,
      `${url.host}${url.pathname}#${schema ?? 'public'}`,
    );
    return { ...store, close: async () => pool.end() };
  }
  return openSqliteAuditStore(location, { readonly: opts.readonly ?? false });
}

/** Options for `openEmbeddedAuditLog`. */
export type EmbeddedAuditLogOptions = Partial<Omit<AuditLogOptions, 'store' | 'signer'>> & {
  /** `PRIVATE+KEY+…` signing key; else BULWARK_AUDIT_KEY; else `<dataDir>/audit-key`. */
  readonly key?: string;
  /** Store location instead of `<dataDir>/bulwark.db` (e.g. a postgres:// URL). */
  readonly database?: string;
};

/** The embedded audit log: SQLite at `<dataDir>/bulwark.db`, key file under `dataDir`. `close()` also closes the store. */
export async function openEmbeddedAuditLog(
  dataDir: string = DEFAULT_DATA_DIR,
  opts: EmbeddedAuditLogOptions = {},
): Promise<AuditLog & { readonly store: AuditStore }> {
  const origin = opts.origin ?? DEFAULT_ORIGIN;
  const signer = loadOrCreateSigner(dataDir, {
    name: origin,
    ...(opts.key === undefined ? {} : { key: opts.key }),
  });
  const store = await openAuditStore(opts.database ?? join(dataDir, 'bulwark.db'));
  const { key: _key, database: _db, ...rest } = opts;
  try {
    const log = await createAuditLog({ ...rest, origin, store, signer });
    return {
      ...log,
      store,
      async close() {
        try {
          await log.close();
        } finally {
          await store.close();
        }
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

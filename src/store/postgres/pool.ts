/** Shared PostgreSQL plumbing: a pg Pool from a URL (optionally pinned to a schema) and per-module migrations. */
import pg from 'pg';

/** Options for `createPgPool`. */
export interface PgPoolOptions {
  /** Schema to create (if missing) and put first on the search_path. */
  readonly schema?: string;
  readonly max?: number;
  /** Told when the server drops a connection; the pool discards it and the next query reconnects. */
  readonly onConnectionError?: (err: Error) => void;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A pg Pool for `url`; with `schema`, every connection's search_path is that schema. */
export async function createPgPool(url: string, opts: PgPoolOptions = {}): Promise<pg.Pool> {
  const config: pg.PoolConfig = { connectionString: url, max: opts.max ?? 4 };
  if (opts.schema !== undefined) {
    if (!SCHEMA_NAME.test(opts.schema)) {
      throw new TypeError(`schema ${JSON.stringify(opts.schema)} must match ${SCHEMA_NAME}`);
    }
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
    } finally {
      await admin.end();
    }
    config.options = `-c search_path=${opts.schema}`;
  }
  const pool = new pg.Pool(config);
  // pg emits 'error' on idle clients (the pool's event) and on checked-out clients between
  // queries; with no listener either one crashes the process when the database restarts.
  const lost = (err: Error) => opts.onConnectionError?.(err);
  pool.on('error', lost);
  pool.on('connect', (client) => {
    client.on('error', lost);
  });
  return pool;
}

/**
 * Applies `statements[i]` for every i not yet applied for `moduleName` (in the pool's schema),
 * under a transaction-scoped advisory lock so servers starting together migrate once.
 */
export async function migratePg(
  pool: pg.Pool,
  moduleName: string,
  statements: readonly string[],
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '/migrations'))");
    await client.query(
      'CREATE TABLE IF NOT EXISTS bulwark_migrations (module TEXT PRIMARY KEY, version INTEGER NOT NULL)',
    );
    const got = await client.query<{ version: number }>(
      'SELECT version FROM bulwark_migrations WHERE module = $1',
      [moduleName],
    );
    for (let i = got.rows[0]?.version ?? 0; i < statements.length; i++) {
      await client.query(statements[i]!);
    }
    await client.query(
      'INSERT INTO bulwark_migrations (module, version) VALUES ($1, $2) ON CONFLICT (module) DO UPDATE SET version = GREATEST(bulwark_migrations.version, excluded.version)',
      [moduleName, statements.length],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

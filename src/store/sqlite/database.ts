/** Shared SQLite plumbing: open a database file with durable settings, and per-module migrations. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** A better-sqlite3 connection. */
export type SqliteDatabase = Database.Database;

/** Options for `openSqliteDatabase`. */
export interface SqliteOptions {
  readonly readonly?: boolean;
  /** How long a statement waits for another connection's lock (ms). */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens (creating the directory and file if needed) a SQLite database in WAL mode with
 * `synchronous=FULL`, so a committed transaction survives power loss, and a busy timeout.
 */
export function openSqliteDatabase(file: string, opts: SqliteOptions = {}): SqliteDatabase {
  if (!opts.readonly && file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, {
    readonly: opts.readonly ?? false,
    fileMustExist: opts.readonly ?? false,
  });
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
  if (!opts.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Applies `statements[i]` for every i not yet applied for `moduleName`, each in its own
 * transaction together with the version bump. Statements are append-only: never edit an old one.
 */
export function migrate(
  db: SqliteDatabase,
  moduleName: string,
  statements: readonly string[],
): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS bulwark_migrations (module TEXT PRIMARY KEY, version INTEGER NOT NULL)',
  );
  const get = db.prepare<[string], { version: number }>(
    'SELECT version FROM bulwark_migrations WHERE module = ?',
  );
  const set = db.prepare(
    'INSERT INTO bulwark_migrations (module, version) VALUES (?, ?) ON CONFLICT (module) DO UPDATE SET version = excluded.version',
  );
  const step = db.transaction((i: number) => {
    // Re-read inside the write lock: another process may have migrated meanwhile.
    const now = get.get(moduleName)?.version ?? 0;
    if (now > i) return;
    db.exec(statements[i]!);
    set.run(moduleName, i + 1);
  });
  for (let i = get.get(moduleName)?.version ?? 0; i < statements.length; i++) step.immediate(i);
}

/**
 * `bulwark keys create|list|revoke`: API keys in the server's store (`--data` SQLite or
 * `--database` PostgreSQL). A new key is printed once; only its hash is stored.
 * Works while the server runs (new keys are usable at once; revocations within the key cache, 5 s).
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { errorMessage } from '../core/errors.js';
import { type ApiKeyRecord, type ApiKeyStore, KEY_ROLES, type KeyRole } from '../store/keys.js';
import { createPostgresKeyStore } from '../store/postgres/keys.js';
import { createPgPool } from '../store/postgres/pool.js';
import { openSqliteDatabase } from '../store/sqlite/database.js';
import { createSqliteKeyStore } from '../store/sqlite/keys.js';

interface StoreOptions {
  data: string;
  database?: string;
}

/** Opens the key store the server uses with the same flags. */
export async function openKeyStore(
  opts: StoreOptions,
): Promise<{ store: ApiKeyStore; close(): Promise<void> }> {
  if (opts.database !== undefined) {
    const url = new URL(opts.database);
    const schema = url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    const pool = await createPgPool(url.toString(), schema === undefined ? {} : { schema });
    try {
      return { store: await createPostgresKeyStore(pool), close: () => pool.end() };
    } catch (err) {
      await pool.end();
      throw err;
    }
  }
  const db = openSqliteDatabase(join(resolve(opts.data), 'bulwark.db'));
  return {
    store: createSqliteKeyStore(db),
    close: async () => {
      db.close();
    },
  };
}

function row(r: ApiKeyRecord): string {
  const roles = r.roles.length > 0 ? ` roles=${r.roles.join(',')}` : '';
  const state = r.revokedAt ? ` revoked ${r.revokedAt}` : '';
  return `${r.id}  ${r.role.padEnd(8)} tenant=${r.tenant} principal=${r.principal} name=${r.name}${roles}  ${r.createdAt}${state}`;
}

async function withStore<T>(
  opts: StoreOptions,
  fn: (store: ApiKeyStore) => Promise<T>,
): Promise<T> {
  const { store, close } = await openKeyStore(opts);
  try {
    return await fn(store);
  } finally {
    await close();
  }
}

function fail(err: unknown): never {
  process.stderr.write(`bulwark keys: ${errorMessage(err)}\n`);
  process.exit(2);
}

/** Adds `keys` to the program. */
export function register(program: Command): void {
  const keys = program.command('keys').description('Manage API keys (create, list, revoke)');
  const storeFlags = (c: Command) =>
    c
      .option('--data <dir>', 'data directory of the SQLite store', './.bulwark')
      .option('--database <url>', 'PostgreSQL URL (postgres://…[?schema=NAME])');

  storeFlags(
    keys
      .command('create')
      .description('Create a key and print it once')
      .requiredOption('--role <role>', `one of ${KEY_ROLES.join(', ')}`)
      .option('--tenant <tenant>', 'tenant the key belongs to', 'default')
      .option('--name <name>', 'label (also the principal unless --principal is given)')
      .option('--principal <id>', 'principal id requests act as (one person, several keys)')
      .option('--roles <list>', 'extra approver roles named by policies, comma-separated')
      .option('--json', 'print {key, record} as JSON'),
  ).action(
    async (
      opts: StoreOptions & {
        role: string;
        tenant: string;
        name?: string;
        principal?: string;
        roles?: string;
        json?: boolean;
      },
    ) => {
      try {
        if (!KEY_ROLES.includes(opts.role as KeyRole)) {
          throw new Error(`--role must be one of ${KEY_ROLES.join(', ')}`);
        }
        const roles = (opts.roles ?? '')
          .split(',')
          .map((r) => r.trim())
          .filter((r) => r !== '');
        const created = await withStore(opts, (store) =>
          store.create({
            role: opts.role as KeyRole,
            tenant: opts.tenant,
            ...(opts.name !== undefined ? { name: opts.name } : {}),
            ...(opts.principal !== undefined ? { principal: opts.principal } : {}),
            roles,
          }),
        );
        if (opts.json) process.stdout.write(`${JSON.stringify(created)}\n`);
        else {
          process.stdout.write(`${created.key}\n`);
          process.stderr.write(`created ${row(created.record)}\n(the key is shown only now)\n`);
        }
      } catch (err) {
        fail(err);
      }
    },
  );

  storeFlags(
    keys
      .command('list')
      .description('List keys (never their secrets)')
      .option('--tenant <tenant>', 'only this tenant')
      .option('--json', 'print JSON'),
  ).action(async (opts: StoreOptions & { tenant?: string; json?: boolean }) => {
    try {
      const list = await withStore(opts, (store) => store.list(opts.tenant));
      if (opts.json) process.stdout.write(`${JSON.stringify(list)}\n`);
      else for (const r of list) process.stdout.write(`${row(r)}\n`);
    } catch (err) {
      fail(err);
    }
  });

  storeFlags(
    keys.command('revoke').description('Revoke a key by id').argument('<id>', 'key id'),
  ).action(async (id: string, opts: StoreOptions) => {
    try {
      const revoked = await withStore(opts, (store) => store.revoke(id));
      if (!revoked) throw new Error(`no live key with id ${id}`);
      process.stdout.write(`revoked ${id}\n`);
    } catch (err) {
      fail(err);
    }
  });
}

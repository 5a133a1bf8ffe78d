/**
 * `bulwark serve`: the HTTP API on 127.0.0.1:8787 with the embedded SQLite store under
 * `./.bulwark/` (or PostgreSQL with `--database`). On a store's first start an admin key is
 * created and printed once. SIGINT/SIGTERM shut down gracefully.
 */
import type { Command } from 'commander';
import { errorMessage, PolicyError } from '../core/errors.js';
import { createLogger } from '../server/logger.js';
import { openRedisExtras, openRuntime, type RuntimeConfig } from '../server/runtime.js';
import { createServer } from '../server/server.js';

/** Options of `serve`, as commander parses them. */
interface ServeOptions {
  port: string;
  host: string;
  data: string;
  database?: string;
  redis?: string;
  policy?: string;
  logLevel: string;
  webhook: string[];
  publicUrl?: string;
}

function parsePort(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new Error(`--port must be an integer 0..65535, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** Starts the server; resolves once it listens. Returns a function that stops it. */
export async function serve(opts: ServeOptions): Promise<() => Promise<void>> {
  const port = parsePort(opts.port);
  const logger = createLogger(opts.logLevel);
  const extras: Partial<RuntimeConfig> = {};
  if (opts.redis !== undefined) Object.assign(extras, await openRedisExtras(opts.redis));
  if (opts.webhook.length > 0) {
    const secret = process.env.BULWARK_WEBHOOK_SECRET;
    if (!secret) throw new Error('--webhook needs BULWARK_WEBHOOK_SECRET (the signing secret)');
    Object.assign(extras, {
      webhooks: opts.webhook.map((url) => ({ url, secret })),
      ...(opts.publicUrl !== undefined ? { publicUrl: opts.publicUrl } : {}),
    });
  }
  const runtime = await openRuntime({
    dataDir: opts.data,
    logger,
    ...(opts.database !== undefined ? { database: opts.database } : {}),
    ...(opts.policy !== undefined ? { policyFile: opts.policy } : {}),
    ...extras,
  });
  // Compile the scanner's patterns before the first request instead of during it.
  runtime.scanner.warm();
  const server = createServer(runtime);
  let url: string;
  try {
    url = await server.listen(port, opts.host);
  } catch (err) {
    await server.close();
    throw err;
  }
  const store =
    runtime.databaseKind === 'sqlite' ? `sqlite ${runtime.dataDir}/bulwark.db` : 'postgres';
  process.stdout.write(`Bulwark listening on ${url} (store: ${store})\n`);
  if (runtime.firstAdminKey !== undefined) {
    process.stdout.write(
      `Admin API key (shown once, store it now): ${runtime.firstAdminKey}\n` +
        `  e.g. export BULWARK_KEY=${runtime.firstAdminKey}\n`,
    );
  }
  logger.info({ url, store: runtime.databaseKind }, 'bulwark started');
  return async () => {
    logger.info('shutting down: draining requests, flushing the audit log');
    await server.close();
    logger.info('stopped');
  };
}

/** Adds `serve` to the program. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('Run the HTTP API (embedded SQLite store by default)')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8787')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--data <dir>', 'data directory (SQLite store, audit signing key)', './.bulwark')
    .option('--database <url>', 'PostgreSQL URL (postgres://…[?schema=NAME]) instead of SQLite')
    .option('--redis <url>', 'Redis URL for approval notifications across servers')
    .option(
      '--policy <file>',
      'base policy for tenants without a stored one (default: policies/default.yaml)',
    )
    .option('--log-level <level>', 'fatal, error, warn, info, debug', 'info')
    .option(
      '--webhook <url>',
      'POST approvals and monitor alerts here (repeatable; signed with BULWARK_WEBHOOK_SECRET)',
      (url: string, all: string[]) => [...all, url],
      [] as string[],
    )
    .option('--public-url <url>', 'base URL of this server, for links in webhook messages')
    .action(async (opts: ServeOptions) => {
      let stop: () => Promise<void>;
      try {
        stop = await serve(opts);
      } catch (err) {
        if (err instanceof PolicyError) process.stderr.write(`${err.message}\n`);
        else process.stderr.write(`bulwark serve: ${errorMessage(err)}\n`);
        process.exit(2);
      }
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) {
          process.stderr.write(`${signal} again: exiting without draining\n`);
          process.exit(1);
        }
        stopping = true;
        stop().then(
          () => process.exit(0),
          (err: unknown) => {
            process.stderr.write(`shutdown failed: ${errorMessage(err)}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
    });
}

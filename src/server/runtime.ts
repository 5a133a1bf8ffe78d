/**
 * The standard composition behind `bulwark serve`: embedded SQLite under the data directory (or
 * PostgreSQL with `database`), the audit log, scanner, monitor, per-tenant guards, approvals
 * and API keys, with readiness probes over each.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import {
  type ApprovalChannel,
  createLocalApprovalChannel,
  createRedisApprovalChannel,
} from '../approvals/channel.js';
import { type ApprovalNotice, createApprovalService } from '../approvals/service.js';
import { loadOrCreateSigner } from '../audit/keys.js';
import { type AuditLog, createAuditLog } from '../audit/log.js';
import { DEFAULT_ORIGIN, openEmbeddedAuditLog } from '../audit/open.js';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { createGuard, type Guard } from '../guard.js';
import { createMonitor } from '../monitor/monitor.js';
import { alertNotifier, approvalNotifier } from '../notify/messages.js';
import { createWebhookSender, type WebhookTarget } from '../notify/webhook.js';
import { loadPolicyFile } from '../policy/compile.js';
import { type CounterStore, MemoryCounterStore } from '../policy/counters.js';
import { createScanner } from '../scan/scanner.js';
import type { ApprovalStore } from '../store/approvals.js';
import type { AuditStore } from '../store/audit.js';
import type { ApiKeyStore } from '../store/keys.js';
import { type MonitorStore, restoreMonitor } from '../store/monitor.js';
import type { PolicyStore } from '../store/policies.js';
import { createPostgresApprovalStore } from '../store/postgres/approvals.js';
import { createPostgresAuditStore } from '../store/postgres/audit.js';
import { createPostgresKeyStore } from '../store/postgres/keys.js';
import { createPostgresMonitorStore } from '../store/postgres/monitor.js';
import { createPostgresPolicyStore } from '../store/postgres/policies.js';
import { createPgPool } from '../store/postgres/pool.js';
import { RedisCounterStore } from '../store/redis/counters.js';
import { createSqliteApprovalStore } from '../store/sqlite/approvals.js';
import { openSqliteDatabase, type SqliteDatabase } from '../store/sqlite/database.js';
import { createSqliteKeyStore } from '../store/sqlite/keys.js';
import { createSqliteMonitorStore } from '../store/sqlite/monitor.js';
import { createSqlitePolicyStore } from '../store/sqlite/policies.js';
import { createLogger, type Logger } from './logger.js';
import { createServerMetrics } from './metrics.js';
import { defaultPolicyFile } from './package-info.js';
import type { ProbeResult, ReadinessProbe } from './routes/health.js';
import type { ServerParts } from './server.js';
import { openTenantPolicies } from './tenant-policies.js';

/** Configuration of a runtime (the `serve` flags). */
export interface RuntimeConfig {
  /** Data directory: SQLite file, audit signing key (default `./.bulwark`). */
  readonly dataDir?: string;
  /** `postgres://…[?schema=NAME]`: PostgreSQL for keys, policies, approvals and the audit log. */
  readonly database?: string;
  /** Base policy file for tenants without a stored version (default: the package's `policies/default.yaml`). */
  readonly policyFile?: string;
  readonly logger?: Logger;
  readonly logLevel?: string;
  readonly clock?: Clock;
  /** Checkpoint origin line (default `bulwark.local/audit`). */
  readonly origin?: string;
  /** How often stored policies are polled for changes made by other servers (ms, default 2000). */
  readonly policySyncMs?: number;
  /** Approval change channel shared by several servers (default: in-process). */
  readonly approvalChannel?: ApprovalChannel;
  /** Rate-limit and budget counters shared by several servers (default: in memory). */
  readonly counters?: CounterStore;
  /** Readiness of the shared counters (Redis), reported by /readyz. */
  readonly countersHealth?: () => ProbeResult;
  /** Webhooks that receive approval transitions and monitor alerts (signed, retried). */
  readonly webhooks?: readonly WebhookTarget[];
  /** Public base URL used in webhook messages' links. */
  readonly publicUrl?: string;
  /** Extra listener of approval transitions; called synchronously, must not block. */
  readonly onApprovalNotice?: (notice: ApprovalNotice) => void;
  /** Releases `approvalChannel` / `counters` resources at shutdown. */
  readonly releaseExtras?: () => Promise<void>;
}

/** A composed runtime: the server's parts and, on a store's first start, the admin key. */
export interface Runtime extends ServerParts {
  /** Set only when this start created the first admin key (print it once). */
  readonly firstAdminKey?: string;
  readonly dataDir: string;
  readonly databaseKind: 'sqlite' | 'postgres';
}

interface Backend {
  readonly kind: 'sqlite' | 'postgres';
  readonly keys: ApiKeyStore;
  readonly policies: PolicyStore;
  readonly approvals: ApprovalStore;
  readonly monitor: MonitorStore;
  readonly audit: AuditLog;
  readonly auditStore: AuditStore;
  readonly ping: () => Promise<void>;
  readonly close: () => Promise<void>;
}

async function sqliteBackend(dataDir: string, origin: string, clock: Clock): Promise<Backend> {
  const file = join(dataDir, 'bulwark.db');
  // The audit log and the other stores share one database file (separate connections).
  const audit = await openEmbeddedAuditLog(dataDir, { origin, clock });
  let db: SqliteDatabase | undefined;
  try {
    db = openSqliteDatabase(file);
    const open = db;
    return {
      kind: 'sqlite',
      keys: createSqliteKeyStore(open),
      policies: createSqlitePolicyStore(open),
      approvals: createSqliteApprovalStore(open),
      monitor: createSqliteMonitorStore(open),
      audit,
      auditStore: audit.store,
      ping: async () => {
        open.prepare('SELECT 1').get();
        await audit.store.head();
      },
      close: async () => {
        try {
          await audit.close();
        } finally {
          open.close();
        }
      },
    };
  } catch (err) {
    db?.close();
    await audit.close();
    throw err;
  }
}

async function postgresBackend(
  url: string,
  dataDir: string,
  origin: string,
  clock: Clock,
  logger: Logger,
): Promise<Backend> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  // A dropped connection must not crash the process: the next query fails
  // (StoreUnavailableError), the pool discards the client, and readiness goes red until the
  // database answers again.
  const pool = await createPgPool(parsed.toString(), {
    max: 10,
    ...(schema !== undefined ? { schema } : {}),
    onConnectionError: (err) => logger.warn({ err: err.message }, 'postgres connection lost'),
  });
  try {
    const auditStore = await createPostgresAuditStore(
      pool,
      `${parsed.host}${parsed.pathname}#${schema ?? 'public'}`,
    );
    const signer = loadOrCreateSigner(dataDir, { name: origin });
    const audit = await createAuditLog({ store: auditStore, signer, origin, clock });
    return {
      kind: 'postgres',
      keys: await createPostgresKeyStore(pool),
      policies: await createPostgresPolicyStore(pool),
      approvals: await createPostgresApprovalStore(pool),
      monitor: await createPostgresMonitorStore(pool),
      audit,
      auditStore,
      ping: async () => {
        await pool.query('SELECT 1');
      },
      close: async () => {
        try {
          await audit.close();
        } finally {
          await pool.end();
        }
      },
    };
  } catch (err) {
    await pool.end();
    throw err;
  }
}

/**
 * Scale-out parts on Redis: rate-limit/budget counters shared by every server (with a readiness
 * probe) and the approval change channel, so a waiter on one server wakes on another's approval.
 */
export async function openRedisExtras(
  url: string,
  /** Key and channel prefix of one deployment (default `bulwark`). */
  namespace = 'bulwark',
): Promise<
  Required<Pick<RuntimeConfig, 'counters' | 'countersHealth' | 'approvalChannel' | 'releaseExtras'>>
> {
  const counters = await RedisCounterStore.connect({ url, prefix: `${namespace}:ctr` });
  const publisher = new Redis(url, { maxRetriesPerRequest: 2 });
  const subscriber = new Redis(url);
  try {
    const channel = await createRedisApprovalChannel({
      publisher,
      subscriber,
      channel: `${namespace}:approvals`,
    });
    return {
      counters,
      countersHealth: () => {
        const h = counters.health();
        return h.ok
          ? { ok: true, detail: 'redis' }
          : { ok: false, detail: h.error ?? 'redis stale' };
      },
      approvalChannel: channel,
      releaseExtras: async () => {
        await channel.close();
        publisher.disconnect();
        await counters.close();
      },
    };
  } catch (err) {
    publisher.disconnect();
    subscriber.disconnect();
    await counters.close();
    throw err;
  }
}

/** Opens every part of a server from its configuration. */
export async function openRuntime(config: RuntimeConfig = {}): Promise<Runtime> {
  const dataDir = resolve(config.dataDir ?? './.bulwark');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const logger = config.logger ?? createLogger(config.logLevel ?? 'info');
  const clock = config.clock ?? systemClock;
  const origin = config.origin ?? DEFAULT_ORIGIN;

  const backend = config.database
    ? await postgresBackend(config.database, dataDir, origin, clock, logger)
    : await sqliteBackend(dataDir, origin, clock);
  const timers: NodeJS.Timeout[] = [];
  try {
    const scanner = createScanner();
    const monitor = createMonitor();
    // Baselines survive restarts; alerts are kept as history and sent to the webhooks.
    const restored = await restoreMonitor(monitor, backend.monitor);
    if (restored.restored + restored.skipped > 0)
      logger.info(restored, 'monitor baselines restored');
    const persistFailed = (what: string) => (err: unknown) =>
      logger.warn({ err: errorMessage(err) }, `monitor ${what} not stored`);
    monitor.onBaseline((b) => {
      backend.monitor.saveBaseline(b).catch(persistFailed('baseline'));
    });
    monitor.onAlert((e) => {
      backend.monitor.appendAlert(e).catch(persistFailed('alert'));
    });
    const webhooks =
      config.webhooks && config.webhooks.length > 0
        ? createWebhookSender({
            targets: config.webhooks,
            onDelivery: (d) => {
              if (!d.ok)
                logger.warn({ url: d.url, event: d.event, error: d.error }, 'webhook failed');
            },
          })
        : undefined;
    if (webhooks) monitor.onAlert(alertNotifier(webhooks));
    const notifyApproval = webhooks
      ? approvalNotifier(webhooks, config.publicUrl ? { baseUrl: config.publicUrl } : {})
      : undefined;
    const counters = config.counters ?? new MemoryCounterStore();
    const guards: Guard[] = [];
    const makeGuard = (policy: Parameters<typeof createGuard>[0]['policy']) => {
      const guard = createGuard({
        policy,
        scanner,
        monitor,
        audit: backend.audit,
        counters,
        clock,
      });
      guards.push(guard);
      return guard;
    };

    const baseFile = config.policyFile ?? defaultPolicyFile();
    const base = { policy: loadPolicyFile(baseFile), source: readFileSync(baseFile, 'utf8') };
    const policies = await openTenantPolicies({
      store: backend.policies,
      base,
      makeGuard: (p) => makeGuard(p),
      audit: backend.audit,
      now: () => clock.now(),
    });
    // Log transitions only: an outage would otherwise log every interval.
    let syncFailing = false;
    const syncTimer = setInterval(() => {
      policies.sync().then(
        () => {
          if (syncFailing) logger.info('policy sync recovered');
          syncFailing = false;
        },
        (err: unknown) => {
          if (!syncFailing) logger.warn({ err: errorMessage(err) }, 'policy sync failed');
          syncFailing = true;
        },
      );
    }, config.policySyncMs ?? 2_000);
    syncTimer.unref();
    timers.push(syncTimer);

    const metrics = createServerMetrics({
      auditSize: async () => {
        try {
          return (await backend.auditStore.head()).size;
        } catch {
          return Number.NaN;
        }
      },
    });
    const approvals = createApprovalService({
      store: backend.approvals,
      clock,
      audit: backend.audit,
      channel: config.approvalChannel ?? createLocalApprovalChannel(),
      sweepEveryMs: 1_000,
      notifier: (notice) => {
        if (notice.event !== 'approval.vote') metrics.observeApproval(notice.request.state);
        notifyApproval?.(notice);
        config.onApprovalNotice?.(notice);
      },
    });

    // Stage health: red while a stage has failed within the last 30 s.
    let seenFailures = 0;
    let lastFailureAt = Number.NEGATIVE_INFINITY;
    let lastFailure: string | undefined;
    const probes: ReadinessProbe[] = [
      {
        name: 'store',
        async check() {
          await backend.ping();
          return { ok: true, detail: backend.kind };
        },
      },
      {
        name: 'policy',
        check() {
          if (policies.lastSyncError !== undefined) {
            return { ok: false, detail: `policy store: ${policies.lastSyncError}` };
          }
          const [tenant, why] = policies.broken.entries().next().value ?? [];
          if (tenant !== undefined) return { ok: false, detail: `tenant ${tenant}: ${why}` };
          return { ok: true, detail: `base ${base.policy.name}@${base.policy.version}` };
        },
      },
      {
        name: 'guard',
        check() {
          let total = 0;
          for (const g of guards) {
            const h = g.health();
            for (const stage of Object.values(h.stages)) {
              total += stage.failures;
              if (stage.lastError !== undefined) lastFailure = stage.lastError;
            }
          }
          if (total > seenFailures) {
            seenFailures = total;
            lastFailureAt = clock.now();
          }
          const recent = clock.now() - lastFailureAt < 30_000;
          return recent
            ? { ok: false, detail: lastFailure ?? 'a stage failed' }
            : { ok: true, detail: `${guards.length} guard(s)` };
        },
      },
    ];

    const countersHealth = config.countersHealth;
    if (countersHealth) probes.push({ name: 'counters', check: () => countersHealth() });

    let firstAdminKey: string | undefined;
    if ((await backend.keys.count()) === 0) {
      const created = await backend.keys.create({ role: 'admin', name: 'admin' });
      firstAdminKey = created.key;
    }

    return {
      keys: backend.keys,
      policies,
      approvals,
      scanner,
      audit: backend.audit,
      auditStore: backend.auditStore,
      monitor,
      monitorStore: backend.monitor,
      probes,
      metrics,
      logger,
      now: () => clock.now(),
      dataDir,
      databaseKind: backend.kind,
      ...(firstAdminKey !== undefined ? { firstAdminKey } : {}),
      async release() {
        for (const t of timers) clearInterval(t);
        try {
          for (const g of guards) await g.close();
        } finally {
          try {
            await webhooks?.close();
            await config.releaseExtras?.();
          } finally {
            await backend.close();
          }
        }
      },
    };
  } catch (err) {
    for (const t of timers) clearInterval(t);
    await backend.close();
    throw err;
  }
}

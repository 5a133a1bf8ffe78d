/**
 * A Bulwark server: the HTTP app over a composed runtime (stores, guards, approvals, audit log,
 * monitor). `close()` shuts down gracefully: stop accepting, end long-polls and streams, drain
 * in-flight requests, flush the audit log, close the stores.
 */
import type { FastifyInstance } from 'fastify';
import type { ApprovalService } from '../approvals/service.js';
import type { AuditLog } from '../audit/log.js';
import type { BehaviourMonitor } from '../monitor/monitor.js';
import type { Scanner } from '../scan/scanner.js';
import type { AuditStore } from '../store/audit.js';
import type { ApiKeyStore } from '../store/keys.js';
import type { MonitorStore } from '../store/monitor.js';
import { buildApp } from './app.js';
import { type Authenticator, createAuthenticator } from './auth.js';
import type { Logger } from './logger.js';
import type { ServerMetrics } from './metrics.js';
import type { RouteSpec } from './route.js';
import { approvalRoutes } from './routes/approvals.js';
import { auditRoutes } from './routes/audit.js';
import { checkRoutes } from './routes/check.js';
import { healthRoutes, type ReadinessProbe } from './routes/health.js';
import { keyRoutes } from './routes/keys.js';
import { monitorRoutes } from './routes/monitor.js';
import { policyRoutes } from './routes/policies.js';
import { scanRoutes } from './routes/scan.js';
import type { TenantPolicies } from './tenant-policies.js';

/** Everything a server is composed of (see `openRuntime` for the standard composition). */
export interface ServerParts {
  readonly keys: ApiKeyStore;
  readonly policies: TenantPolicies;
  readonly approvals: ApprovalService;
  readonly scanner: Scanner;
  readonly audit: AuditLog;
  readonly auditStore: AuditStore;
  readonly monitor: BehaviourMonitor;
  /** Alert history and baselines (persisted); the monitor's own memory is used without it. */
  readonly monitorStore?: MonitorStore;
  readonly probes: readonly ReadinessProbe[];
  readonly metrics: ServerMetrics;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Largest request body (bytes), default 1 MiB. */
  readonly bodyLimit?: number;
  /** Key cache lifetime (ms), default 5 s. */
  readonly keyCacheMs?: number;
  /** SSE heartbeat interval (ms), default 15 s. */
  readonly heartbeatMs?: number;
  /** Longest a check waits for durability before failing closed (ms), default 5 s. */
  readonly durabilityTimeoutMs?: number;
  /** How long `close()` lets in-flight requests finish before cutting connections (ms), default 10 s. */
  readonly drainMs?: number;
  /** Called last by `close()`: release what the parts hold (stores, pools, timers). */
  readonly release?: () => Promise<void>;
}

/** A running (or ready to run) server. */
export interface BulwarkServer {
  readonly app: FastifyInstance;
  readonly auth: Authenticator;
  /** Starts listening; resolves with the base URL (`http://127.0.0.1:8787`). */
  listen(port: number, host: string): Promise<string>;
  /** Graceful shutdown; safe to call more than once. */
  close(): Promise<void>;
}

/** Route table of a server (exported for the OpenAPI document and its tests). */
export function serverRoutes(
  parts: ServerParts,
  auth: Authenticator,
  shutdown: AbortSignal,
): RouteSpec[] {
  return [
    ...healthRoutes(parts.probes, parts.metrics),
    ...checkRoutes({
      policies: parts.policies,
      approvals: parts.approvals,
      audit: parts.audit,
      metrics: parts.metrics,
      ...(parts.durabilityTimeoutMs !== undefined
        ? { durabilityTimeoutMs: parts.durabilityTimeoutMs }
        : {}),
    }),
    ...scanRoutes(parts.scanner, parts.metrics),
    ...policyRoutes(parts.policies),
    ...approvalRoutes(parts.approvals, {
      shutdown,
      ...(parts.heartbeatMs !== undefined ? { heartbeatMs: parts.heartbeatMs } : {}),
    }),
    ...auditRoutes(parts.audit, parts.auditStore),
    ...monitorRoutes(parts.monitor, parts.monitorStore, parts.now),
    ...keyRoutes(parts.keys, auth, parts.audit, parts.now),
  ];
}

/** Builds a server over composed parts. */
export function createServer(parts: ServerParts): BulwarkServer {
  const auth = createAuthenticator(parts.keys, {
    ...(parts.keyCacheMs !== undefined ? { cacheMs: parts.keyCacheMs } : {}),
  });
  const shutdown = new AbortController();
  const app = buildApp({
    closing: () => shutdown.signal.aborted,
    routes: serverRoutes(parts, auth, shutdown.signal),
    authorise: auth.authorise,
    logger: parts.logger,
    metrics: parts.metrics,
    ...(parts.bodyLimit !== undefined ? { bodyLimit: parts.bodyLimit } : {}),
  });
  let closing: Promise<void> | undefined;

  return {
    app,
    auth,
    async listen(port, host) {
      await app.listen({ port, host });
      const addr = app.server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      return `http://${shownHost}:${actual}`;
    },
    close() {
      closing ??= (async () => {
        // Long-polls and event streams end now; their clients reconnect elsewhere.
        shutdown.abort(new Error('server shutting down'));
        // Requests still running after the drain period are cut off.
        const force = setTimeout(() => app.server.closeAllConnections(), parts.drainMs ?? 10_000);
        try {
          // Stops accepting, closes idle keep-alive connections, waits for in-flight requests.
          await app.close();
        } finally {
          clearTimeout(force);
          try {
            await parts.audit.flush();
          } catch (err) {
            parts.logger.error({ err: (err as Error).message }, 'final audit flush failed');
          }
          await parts.approvals.close();
          await parts.release?.();
        }
      })();
      return closing;
    },
  };
}

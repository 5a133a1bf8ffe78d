/** The HTTP server: public entry (re-exports only). */
export type { Caller, Permission } from './auth.js';
export { allows, createAuthenticator, principalOf } from './auth.js';
export { HttpError } from './errors.js';
export { createLogger } from './logger.js';
export { createServerMetrics, type ServerMetrics } from './metrics.js';
export type { ProbeResult, ReadinessProbe } from './routes/health.js';
export { openRedisExtras, openRuntime, type Runtime, type RuntimeConfig } from './runtime.js';
export { type BulwarkServer, createServer, type ServerParts, serverRoutes } from './server.js';
export { openTenantPolicies, type TenantPolicies } from './tenant-policies.js';

/** Monitor baselines and alert history in PostgreSQL (the pool's search_path picks the schema). */
import type { Pool, QueryResultRow } from 'pg';
import type { AlertEvent } from '../../monitor/alert.js';
import type { PrincipalBaseline } from '../../monitor/baseline.js';
import { type AlertFilter, alertLimit, type MonitorStore } from '../monitor.js';
import { guarded } from './availability.js';
import { migratePg } from './pool.js';

const MIGRATIONS = [
  `
CREATE TABLE IF NOT EXISTS bulwark_monitor_baselines (
  tenant TEXT NOT NULL,
  principal TEXT NOT NULL,
  saved_at BIGINT NOT NULL,
  body JSONB NOT NULL,
  PRIMARY KEY (tenant, principal)
);
CREATE INDEX IF NOT EXISTS bulwark_monitor_baselines_saved ON bulwark_monitor_baselines (saved_at);
CREATE TABLE IF NOT EXISTS bulwark_monitor_alerts (
  seq BIGSERIAL,
  tenant TEXT NOT NULL,
  alert_id TEXT NOT NULL,
  type TEXT NOT NULL,
  principal TEXT NOT NULL,
  at BIGINT NOT NULL,
  body JSONB NOT NULL,
  PRIMARY KEY (alert_id, type)
);
CREATE INDEX IF NOT EXISTS bulwark_monitor_alerts_tenant ON bulwark_monitor_alerts (tenant, at);
`,
];

const STORE = 'monitor (postgres)';

/** Monitor store on a pg Pool (migrates its tables). */
export async function createPostgresMonitorStore(
  pool: Pool,
  now: () => number = Date.now,
): Promise<MonitorStore> {
  await guarded(STORE, () => migratePg(pool, 'monitor', MIGRATIONS));
  const q = <R extends QueryResultRow>(sql: string, args: unknown[]) =>
    guarded(STORE, () => pool.query<R>(sql, args));
  return {
    async saveBaseline(b) {
      await q(
        `INSERT INTO bulwark_monitor_baselines (tenant, principal, saved_at, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant, principal) DO UPDATE SET saved_at = excluded.saved_at, body = excluded.body`,
        [b.tenant, b.principal, now(), JSON.stringify(b)],
      );
    },
    async loadBaselines(limit) {
      const res = await q<{ body: PrincipalBaseline }>(
        'SELECT body FROM bulwark_monitor_baselines ORDER BY saved_at DESC LIMIT $1',
        [limit],
      );
      return res.rows.map((r) => r.body);
    },
    async deleteBaseline(tenant, principal) {
      const res = await q(
        'DELETE FROM bulwark_monitor_baselines WHERE tenant = $1 AND principal = $2',
        [tenant, principal],
      );
      return (res.rowCount ?? 0) > 0;
    },
    async appendAlert(e) {
      await q(
        `INSERT INTO bulwark_monitor_alerts (tenant, alert_id, type, principal, at, body)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [e.alert.tenant, e.alert.id, e.type, e.alert.principal, e.at, JSON.stringify(e)],
      );
    },
    async listAlerts(tenant, filter: AlertFilter) {
      const args: unknown[] = [tenant];
      const where = ['tenant = $1'];
      if (filter.principal !== undefined) {
        args.push(filter.principal);
        where.push(`principal = $${args.length}`);
      }
      if (filter.since !== undefined) {
        args.push(filter.since);
        where.push(`at >= $${args.length}`);
      }
      args.push(alertLimit(filter));
      const res = await q<{ body: AlertEvent }>(
        `SELECT body FROM bulwark_monitor_alerts WHERE ${where.join(' AND ')}
         ORDER BY at DESC, seq DESC LIMIT $${args.length}`,
        args,
      );
      return res.rows.map((r) => r.body);
    },
    async close() {
      // The pool belongs to the caller.
    },
  };
}

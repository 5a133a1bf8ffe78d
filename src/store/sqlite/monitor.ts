/** Monitor baselines and alert history in the embedded SQLite store. */
import type { AlertEvent } from '../../monitor/alert.js';
import type { PrincipalBaseline } from '../../monitor/baseline.js';
import { type AlertFilter, alertLimit, type MonitorStore } from '../monitor.js';
import { migrate, type SqliteDatabase } from './database.js';

const MIGRATIONS = [
  `
CREATE TABLE IF NOT EXISTS bulwark_monitor_baselines (
  tenant TEXT NOT NULL,
  principal TEXT NOT NULL,
  saved_at INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (tenant, principal)
);
CREATE INDEX IF NOT EXISTS bulwark_monitor_baselines_saved ON bulwark_monitor_baselines (saved_at);
CREATE TABLE IF NOT EXISTS bulwark_monitor_alerts (
  tenant TEXT NOT NULL,
  alert_id TEXT NOT NULL,
  type TEXT NOT NULL,
  principal TEXT NOT NULL,
  at INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (alert_id, type)
);
CREATE INDEX IF NOT EXISTS bulwark_monitor_alerts_tenant ON bulwark_monitor_alerts (tenant, at);
`,
];

/** Monitor store on an open better-sqlite3 database (migrates its tables). */
export function createSqliteMonitorStore(
  db: SqliteDatabase,
  now: () => number = Date.now,
): MonitorStore {
  migrate(db, 'monitor', MIGRATIONS);
  const save = db.prepare(
    `INSERT INTO bulwark_monitor_baselines (tenant, principal, saved_at, body) VALUES (?, ?, ?, ?)
     ON CONFLICT (tenant, principal) DO UPDATE SET saved_at = excluded.saved_at, body = excluded.body`,
  );
  const load = db.prepare<[number], { body: string }>(
    'SELECT body FROM bulwark_monitor_baselines ORDER BY saved_at DESC LIMIT ?',
  );
  const del = db.prepare(
    'DELETE FROM bulwark_monitor_baselines WHERE tenant = ? AND principal = ?',
  );
  const append = db.prepare(
    `INSERT INTO bulwark_monitor_alerts (tenant, alert_id, type, principal, at, body)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  return {
    async saveBaseline(b) {
      save.run(b.tenant, b.principal, now(), JSON.stringify(b));
    },
    async loadBaselines(limit) {
      return load.all(limit).map((r) => JSON.parse(r.body) as PrincipalBaseline);
    },
    async deleteBaseline(tenant, principal) {
      return del.run(tenant, principal).changes > 0;
    },
    async appendAlert(e) {
      append.run(e.alert.tenant, e.alert.id, e.type, e.alert.principal, e.at, JSON.stringify(e));
    },
    async listAlerts(tenant, filter: AlertFilter) {
      const where = ['tenant = ?'];
      const args: (string | number)[] = [tenant];
      if (filter.principal !== undefined) {
        where.push('principal = ?');
        args.push(filter.principal);
      }
      if (filter.since !== undefined) {
        where.push('at >= ?');
        args.push(filter.since);
      }
      args.push(alertLimit(filter));
      return db
        .prepare<(string | number)[], { body: string }>(
          `SELECT body FROM bulwark_monitor_alerts WHERE ${where.join(' AND ')}
           ORDER BY at DESC, rowid DESC LIMIT ?`,
        )
        .all(...args)
        .map((r) => JSON.parse(r.body) as AlertEvent);
    },
    async close() {
      // The database handle belongs to the caller.
    },
  };
}

/** Storage of monitor baselines and alert history: one interface, SQLite and PostgreSQL implementations. */
import type { AlertEvent } from '../monitor/alert.js';
import type { PrincipalBaseline } from '../monitor/baseline.js';
import type { BehaviourMonitor } from '../monitor/monitor.js';

/** Filters for alert history. */
export interface AlertFilter {
  readonly principal?: string;
  /** Only events at or after this time (ms since epoch). */
  readonly since?: number;
  /** Newest first; at most this many (default 100, capped at 1000). */
  readonly limit?: number;
}

/** Persistent baselines (one per tenant and principal) and alert events. */
export interface MonitorStore {
  /** Inserts or replaces the baseline of its tenant and principal. */
  saveBaseline(baseline: PrincipalBaseline): Promise<void>;
  /** Baselines, most recently saved first, at most `limit` (for start-up restore). */
  loadBaselines(limit: number): Promise<PrincipalBaseline[]>;
  deleteBaseline(tenant: string, principal: string): Promise<boolean>;
  /** Records a raised or cleared alert (idempotent per alert id and type). */
  appendAlert(event: AlertEvent): Promise<void>;
  listAlerts(tenant: string, filter: AlertFilter): Promise<AlertEvent[]>;
  close(): Promise<void>;
}

/** Page size of alert listings, clamped. */
export function alertLimit(filter: AlertFilter): number {
  return Math.max(1, Math.min(1000, Math.floor(filter.limit ?? 100)));
}

/** Loads stored baselines into a monitor (call at start-up, before traffic). */
export async function restoreMonitor(
  monitor: BehaviourMonitor,
  store: MonitorStore,
  limit = 100_000,
): Promise<{ restored: number; skipped: number }> {
  return monitor.restore(await store.loadBaselines(limit));
}

/** Connection between a monitor and its store: persists off the hot path. */
export interface MonitorPersistence {
  /** Resolves when every write started so far has finished. */
  flush(): Promise<void>;
  detach(): void;
}

/**
 * Persists learned baselines and alert events as the monitor emits them. Writes run in the
 * background (the monitor's `record` never waits); failures go to `onError`.
 */
export function persistMonitor(
  monitor: BehaviourMonitor,
  store: MonitorStore,
  onError: (err: unknown) => void = () => undefined,
): MonitorPersistence {
  const writes = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    const w: Promise<void> = p.catch(onError).finally(() => writes.delete(w));
    writes.add(w);
  };
  const offBaseline = monitor.onBaseline((b) => track(store.saveBaseline(b)));
  const offAlert = monitor.onAlert((e) => track(store.appendAlert(e)));
  return {
    async flush() {
      while (writes.size > 0) await Promise.all([...writes]);
    },
    detach() {
      offBaseline();
      offAlert();
    },
  };
}

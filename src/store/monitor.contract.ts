/** One behavioural contract for every MonitorStore implementation. */
import { describe, expect, it } from 'vitest';
import type { Check } from '../core/check.js';
import type { Decision } from '../core/decision.js';
import type { AlertEvent, MonitorAlert } from '../monitor/alert.js';
import type { PrincipalBaseline } from '../monitor/baseline.js';
import { createMonitor } from '../monitor/monitor.js';
import { type MonitorStore, persistMonitor, restoreMonitor } from './monitor.js';

/** A fresh, empty store per call. */
export interface MonitorStoreHarness {
  open(): Promise<MonitorStore>;
}

const alert = (id: string, tenant: string, principal: string, at: number): MonitorAlert => ({
  id,
  tenant,
  principal,
  metric: 'denial_rate',
  detector: 'cusum',
  value: 0.4,
  baseline: 0.05,
  statistic: 14,
  threshold: 13.8,
  at,
  severity: 'high',
});

const decision = (effect: Decision['decision']): Decision => ({
  decision: effect,
  reasons: [],
  rules: [],
  shadow: [],
  findings: [],
  redactions: [],
  policy: { name: 'p', version: '1', hash: 'h' },
  checkDigest: '',
  evaluatedInUs: 0,
});

/** Runs the monitor store contract against one implementation. */
export function monitorStoreContract(name: string, harness: MonitorStoreHarness): void {
  describe(`MonitorStore contract: ${name}`, () => {
    it('saves, replaces, loads and deletes baselines per tenant and principal', async () => {
      const store = await harness.open();
      const monitor = createMonitor({ warmup: 20 });
      const learned: PrincipalBaseline[] = [];
      monitor.onBaseline((b) => learned.push(b));
      for (const tenant of ['t1', 't2']) {
        for (let i = 0; i < 20; i++) {
          const check: Check = {
            phase: 'action',
            action: `a${i % 3}`,
            principal: { id: 'p', tenant },
          };
          monitor.record(check, decision(i % 10 === 0 ? 'deny' : 'allow'), 1_000 + i * 1000);
        }
      }
      expect(learned).toHaveLength(2);
      for (const b of learned) await store.saveBaseline(b);
      await store.saveBaseline(learned[0]!); // replace, not duplicate
      const loaded = await store.loadBaselines(10);
      expect(loaded).toHaveLength(2);
      expect(loaded.find((b) => b.tenant === 't1')).toEqual(learned[0]);
      expect(await store.loadBaselines(1)).toHaveLength(1);
      expect(await store.deleteBaseline('t1', 'p')).toBe(true);
      expect(await store.deleteBaseline('t1', 'p')).toBe(false);
      expect((await store.loadBaselines(10)).map((b) => b.tenant)).toEqual(['t2']);
    });

    it('appends alert events idempotently and lists them by tenant, principal and time', async () => {
      const store = await harness.open();
      const events: AlertEvent[] = [
        { type: 'raised', alert: alert('a1', 't1', 'p1', 1_000), at: 1_000 },
        { type: 'raised', alert: alert('a2', 't1', 'p2', 2_000), at: 2_000 },
        { type: 'cleared', alert: alert('a1', 't1', 'p1', 1_000), at: 3_000 },
        { type: 'raised', alert: alert('a3', 't2', 'p1', 2_500), at: 2_500 },
      ];
      for (const e of events) await store.appendAlert(e);
      await store.appendAlert(events[0]!); // duplicate delivery
      const t1 = await store.listAlerts('t1', {});
      expect(t1.map((e) => `${e.alert.id}:${e.type}`)).toEqual([
        'a1:cleared',
        'a2:raised',
        'a1:raised',
      ]);
      expect(t1[2]).toEqual(events[0]);
      expect((await store.listAlerts('t1', { principal: 'p1' })).map((e) => e.type)).toEqual([
        'cleared',
        'raised',
      ]);
      expect((await store.listAlerts('t1', { since: 2_000 })).map((e) => e.alert.id)).toEqual([
        'a1',
        'a2',
      ]);
      expect(await store.listAlerts('t1', { limit: 1 })).toHaveLength(1);
      expect((await store.listAlerts('t2', {})).map((e) => e.alert.id)).toEqual(['a3']);
      expect(await store.listAlerts('t3', {})).toEqual([]);
    });

    it('a restarted monitor restores persisted baselines and detects without re-learning', async () => {
      const store = await harness.open();
      const first = createMonitor({ warmup: 50 });
      const persistence = persistMonitor(first, store);
      const check = (i: number): Check => ({
        phase: 'action',
        action: i % 2 ? 'fs.read' : 'search.query',
        principal: { id: 'bot', tenant: 't1' },
      });
      let now = 0;
      const feed = (m: typeof first, n: number, effect: (i: number) => Decision['decision']) => {
        for (let i = 0; i < n; i++) {
          now += 2_000;
          m.record(check(i), decision(effect(i)), now);
        }
      };
      feed(first, 50, (i) => (i % 20 === 0 ? 'deny' : 'allow'));
      feed(first, 60, () => 'deny');
      await persistence.flush();
      persistence.detach();
      expect(
        (await store.listAlerts('t1', { principal: 'bot' })).map((e) => e.alert.metric),
      ).toContain('denial_rate');

      const second = createMonitor({ warmup: 50 });
      expect(await restoreMonitor(second, store)).toEqual({ restored: 1, skipped: 0 });
      expect(second.view(check(0), now).metrics.baseline_ready).toBe(1);
      feed(second, 60, () => 'deny');
      expect(second.view(check(0), now).alerts).toContain('denial_rate');
    });
  });
}

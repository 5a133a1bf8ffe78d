import { describe, expect, it } from 'vitest';
import type { Check } from '../core/check.js';
import type { Decision, Effect } from '../core/decision.js';
import type { Finding, FindingCategory } from '../core/finding.js';
import { seededRandom } from '../core/random.js';
import type { AlertEvent } from './alert.js';
import type { PrincipalBaseline } from './baseline.js';
import { type BehaviourMonitor, createMonitor, egressMatcher, METRIC_NAMES } from './monitor.js';

const isEgressAction = egressMatcher();

const rng = seededRandom;

interface Profile {
  /** Mean events per minute (Poisson). */
  perMinute: number;
  /** Actions and weights. */
  mix: readonly (readonly [string, number])[];
  deny: number;
  escalate: number;
  /** Probability of a finding per category. */
  findings?: Partial<Record<FindingCategory, number>>;
  /** Median egress payload bytes (log-normal, σ = 0.5 in ln units). */
  egressBytes: number;
  /** Mean size of bursts of simultaneous checks (parallel tool calls); 1 = none. */
  burst?: number;
}

const NORMAL: Profile = {
  perMinute: 30,
  mix: [
    ['fs.read', 40],
    ['search.query', 25],
    ['llm.chat', 20],
    ['http.post', 8],
    ['db.select', 5],
    ['calendar.list', 2],
  ],
  deny: 0.05,
  escalate: 0.02,
  findings: { pii: 0.03, secret: 0.005 },
  egressBytes: 2_000,
};

const decision = (effect: Effect, findings: Finding[]): Decision => ({
  decision: effect,
  reasons: [],
  rules: [],
  shadow: [],
  findings,
  redactions: [],
  policy: { name: 'p', version: '1', hash: 'h' },
  checkDigest: '',
  evaluatedInUs: 0,
});

/** Drives one principal with a profile; returns the time after the last event. */
class Traffic {
  readonly random: () => number;
  now = 1_700_000_000_000;
  pendingBurst = 0;
  constructor(
    readonly monitor: BehaviourMonitor,
    seed: number,
    readonly principal = 'agent-1',
    readonly tenant = 'acme',
  ) {
    this.random = rng(seed);
  }

  normal(): number {
    // Box–Muller
    const u = Math.max(this.random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
  }

  event(p: Profile, session?: string): { check: Check; decision: Decision } {
    const burst = p.burst ?? 1;
    if (this.pendingBurst > 0) {
      this.pendingBurst--; // same instant as the previous check
    } else {
      const arrivalsPerMinute = p.perMinute / burst;
      this.now += Math.round(
        (-Math.log(Math.max(this.random(), 1e-12)) * 60_000) / arrivalsPerMinute,
      );
      if (burst > 1) {
        // Geometric extra checks with mean burst − 1.
        const q = 1 - 1 / burst;
        this.pendingBurst = Math.floor(Math.log(Math.max(this.random(), 1e-12)) / Math.log(q));
      }
    }
    const total = p.mix.reduce((s, [, w]) => s + w, 0);
    let pick = this.random() * total;
    let action = p.mix[0]![0];
    for (const [a, w] of p.mix) {
      pick -= w;
      if (pick <= 0) {
        action = a;
        break;
      }
    }
    const findings: Finding[] = [];
    for (const [category, prob] of Object.entries(p.findings ?? {})) {
      if (this.random() < prob) {
        findings.push({
          category: category as FindingCategory,
          detector: 'x',
          score: 1,
          severity: 'high',
        });
      }
    }
    const r = this.random();
    const effect: Effect = r < p.deny ? 'deny' : r < p.deny + p.escalate ? 'escalate' : 'allow';
    const size = Math.round(p.egressBytes * Math.exp(0.5 * this.normal()));
    const check: Check = {
      phase: 'action',
      action,
      params: isEgressAction(action) ? { body: 'x'.repeat(size) } : { q: 'k' },
      principal: { id: this.principal, tenant: this.tenant },
      ...(session !== undefined ? { session } : {}),
    };
    return { check, decision: decision(effect, findings) };
  }

  /** Runs n events; returns the index (1-based) of the first event after which `alert` is active, or -1. */
  run(p: Profile, n: number, alert?: string, session?: string): number {
    let first = -1;
    for (let i = 1; i <= n; i++) {
      const { check, decision: d } = this.event(p, session);
      this.monitor.view(check, this.now);
      this.monitor.record(check, d, this.now);
      if (alert && first < 0 && this.monitor.view(check, this.now).alerts.includes(alert))
        first = i;
    }
    return first;
  }
}

function watch(monitor: BehaviourMonitor): AlertEvent[] {
  const events: AlertEvent[] = [];
  monitor.onAlert((e) => events.push(e));
  return events;
}

describe('monitor on synthetic traffic (fixed seeds)', () => {
  it('raises nothing over 10,000 stationary events, per principal and per session', () => {
    for (const seed of [1, 2]) {
      const monitor = createMonitor();
      const raised = watch(monitor);
      const t = new Traffic(monitor, seed);
      t.run(NORMAL, 200); // warm-up
      expect(monitor.baseline('acme', 'agent-1')).toBeDefined();
      for (let s = 0; s < 10; s++) t.run(NORMAL, 1_000, undefined, `s${s}`);
      expect(raised.map((e) => `${e.alert.metric}@${e.alert.session ?? '-'}`)).toEqual([]);
    }
  });

  it('bursty traffic (parallel tool calls, mean burst 6) raises nothing over 10,000 events, and × 5 still alerts', () => {
    const bursty = { ...NORMAL, burst: 6 };
    const monitor = createMonitor();
    const raised = watch(monitor);
    const t = new Traffic(monitor, 77);
    t.run(bursty, 200);
    expect(monitor.baseline('acme', 'agent-1')?.baseline.gapCv2).toBeGreaterThan(3);
    t.run(bursty, 10_000);
    expect(raised.map((e) => e.alert.metric)).toEqual([]);
    const at = t.run({ ...bursty, perMinute: 150 }, 1_000, 'action_rate');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThanOrEqual(400);
  });

  const shifted = (name: string, shift: Partial<Profile>, alert: string, bound: number) =>
    it(`${name}: raises '${alert}' within ${bound} events`, () => {
      const monitor = createMonitor();
      const raised = watch(monitor);
      const t = new Traffic(monitor, 42);
      t.run(NORMAL, 200);
      expect(t.run(NORMAL, 1_000)).toBe(-1);
      expect(raised).toEqual([]);
      const at = t.run({ ...NORMAL, ...shift }, bound * 3, alert);
      expect(at).toBeGreaterThan(0);
      expect(at).toBeLessThanOrEqual(bound);
      const first = raised[0]!.alert;
      expect(first.metric).toBe(alert);
      expect(first).toMatchObject({ tenant: 'acme', principal: 'agent-1' });
      expect(first.statistic).toBeGreaterThanOrEqual(first.threshold);
      return { monitor, raised, t };
    });

  shifted('action rate × 5', { perMinute: 150 }, 'action_rate', 40);
  shifted('denial rate 5% → 40%', { deny: 0.4 }, 'denial_rate', 100);
  shifted('escalation rate 2% → 30%', { escalate: 0.3 }, 'escalation_rate', 120);
  shifted(
    'secret findings 0.5% → 30%',
    { findings: { pii: 0.03, secret: 0.3 } },
    'finding_rate_secret',
    120,
  );
  shifted(
    'new tool mix (70% of traffic to tools never seen)',
    {
      mix: [
        ...NORMAL.mix.map(([a, w]) => [a, w * 0.3] as const),
        ['shell.exec', 40],
        ['k8s.delete', 30],
      ],
    },
    'action_divergence',
    40,
  );
  shifted('egress payloads × 50', { egressBytes: 100_000 }, 'egress_volume', 100);

  it('the alert value reflects the shift and the baseline what was learned', () => {
    const monitor = createMonitor();
    const raised = watch(monitor);
    const t = new Traffic(monitor, 3);
    t.run(NORMAL, 1_200);
    t.run({ ...NORMAL, perMinute: 150 }, 120);
    const a = raised.find((e) => e.alert.metric === 'action_rate')!.alert;
    expect(a.detector).toBe('cusum');
    expect(a.baseline).toBeGreaterThan(20);
    expect(a.baseline).toBeLessThan(45);
    expect(a.value).toBeGreaterThan(a.baseline);
  });

  it('a rogue session alerts with its session id while the principal stays quiet', () => {
    const monitor = createMonitor();
    const raised = watch(monitor);
    const t = new Traffic(monitor, 9);
    t.run(NORMAL, 200);
    // 2 rogue events per 100: the principal's overall denial rate barely moves (5% → 6.3%).
    for (let i = 0; i < 20; i++) {
      t.run(NORMAL, 100, undefined, 'benign');
      t.run({ ...NORMAL, deny: 0.7 }, 2, undefined, 'rogue');
    }
    const sessionAlerts = raised.filter((e) => e.type === 'raised' && e.alert.session === 'rogue');
    expect(sessionAlerts.map((e) => e.alert.metric)).toContain('denial_rate');
    expect(raised.some((e) => e.alert.session === 'benign')).toBe(false);
    expect(raised.some((e) => e.alert.session === undefined)).toBe(false);
    const probe = (session: string): Check => ({
      phase: 'action',
      action: 'fs.read',
      principal: { id: 'agent-1', tenant: 'acme' },
      session,
    });
    const rogue = monitor.view(probe('rogue'), t.now);
    expect(rogue.alerts).toContain('denial_rate');
    expect(rogue.metrics.session_denials).toBeGreaterThan(20);
    expect(monitor.view(probe('benign'), t.now).alerts).not.toContain('denial_rate');
  });

  it('alerts clear once behaviour returns to normal (hysteresis), and operators can clear them', () => {
    const monitor = createMonitor();
    const raised = watch(monitor);
    const t = new Traffic(monitor, 5);
    t.run(NORMAL, 300);
    t.run({ ...NORMAL, perMinute: 150 }, 100);
    expect(monitor.activeAlerts('acme').map((a) => a.metric)).toContain('action_rate');
    t.run(NORMAL, 200);
    expect(raised.some((e) => e.type === 'cleared' && e.alert.metric === 'action_rate')).toBe(true);
    t.run({ ...NORMAL, deny: 0.6 }, 100);
    expect(monitor.activeAlerts('acme', 'agent-1').map((a) => a.metric)).toContain('denial_rate');
    expect(monitor.clearAlerts('acme', 'agent-1', t.now, 'denial_rate')).toBe(1);
    expect(monitor.activeAlerts('acme', 'agent-1').map((a) => a.metric)).not.toContain(
      'denial_rate',
    );
    expect(monitor.recentAlerts('acme', 1000).length).toBeGreaterThanOrEqual(3);
    expect(monitor.recentAlerts('other')).toEqual([]);
  });
});

describe('monitor view (what policies read)', () => {
  it('exposes metrics for the principal and session, and flags a first-time action', () => {
    const monitor = createMonitor({ warmup: 50 });
    const t = new Traffic(monitor, 11);
    t.run(NORMAL, 60, undefined, 'sess');
    const probe = (action: string): Check => ({
      phase: 'action',
      action,
      principal: { id: 'agent-1', tenant: 'acme' },
      session: 'sess',
    });
    const v = monitor.view(probe('fs.read'), t.now);
    expect(v.alerts).toEqual([]);
    expect(v.metrics).toMatchObject({ events: 60, baseline_ready: 1, action_is_new: 0 });
    for (const k of [
      'action_rate',
      'denial_rate',
      'escalation_rate',
      'action_divergence',
      'new_actions',
      'egress_bytes',
      'finding_rate_pii',
      'session_events',
      'session_egress_bytes',
    ]) {
      expect(typeof v.metrics[k]).toBe('number');
    }
    expect(v.metrics.action_rate).toBeGreaterThan(5);
    expect(v.metrics.action_rate).toBeLessThan(90);
    expect(monitor.view(probe('shell.exec'), t.now).metrics.action_is_new).toBe(1);
    // Another tenant's principal with the same id is someone else.
    const other = monitor.view(
      { ...probe('fs.read'), principal: { id: 'agent-1', tenant: 'zeta' } },
      t.now,
    );
    expect(Object.keys(other.metrics).sort()).toEqual([...METRIC_NAMES].sort());
    expect(Object.values(other.metrics).every((x) => x === 0)).toBe(true);
    // Without a session the session metrics are still there (0), so expressions never miss a key.
    const noSession = monitor.view(
      { phase: 'action', action: 'fs.read', principal: { id: 'agent-1', tenant: 'acme' } },
      t.now,
    );
    expect(Object.keys(noSession.metrics).sort()).toEqual([...METRIC_NAMES].sort());
    expect(noSession.metrics.session_events).toBe(0);
    // The rate decays when the principal goes quiet.
    expect(monitor.view(probe('fs.read'), t.now + 10 * 60_000).metrics.action_rate!).toBeLessThan(
      1,
    );
  });

  it('classifies egress actions with the same globs as session labels', () => {
    for (const a of ['http.post', 'email.send', 'mcp.github.post', 's3.upload', 'net.connect'])
      expect(isEgressAction(a)).toBe(true);
    for (const a of ['fs.read', 'llm.chat', 'db.select', 'postgres.query', 'sendgrid'])
      expect(isEgressAction(a)).toBe(false);
    const custom = egressMatcher(['s3.put*']);
    expect(custom('s3.put_object')).toBe(true);
    expect(custom('http.post')).toBe(false);
  });
});

describe('baselines persist and memory is bounded', () => {
  it('a restored baseline detects at once, without a new warm-up', () => {
    const first = createMonitor();
    const learned: PrincipalBaseline[] = [];
    first.onBaseline((b) => learned.push(b));
    new Traffic(first, 21).run(NORMAL, 200);
    expect(learned).toHaveLength(1);
    const stored = JSON.parse(JSON.stringify(learned)) as PrincipalBaseline[]; // through storage
    expect(stored[0]!.baseline.actions).toContain('fs.read');

    const second = createMonitor();
    expect(
      second.restore([...stored, { tenant: 'x', principal: 'y', baseline: { bogus: 1 } as never }]),
    ).toEqual({
      restored: 1,
      skipped: 1,
    });
    const raised = watch(second);
    const t = new Traffic(second, 22);
    expect(t.run({ ...NORMAL, deny: 0.5 }, 120, 'denial_rate')).toBeGreaterThan(0);
    expect(raised[0]!.alert.metric).toBe('denial_rate');
  });

  it('evicts least recently active principals and sessions, keeping baselines', () => {
    const monitor = createMonitor({ warmup: 10, maxPrincipals: 50, maxSessions: 100 });
    for (let p = 0; p < 500; p++) {
      const t = new Traffic(monitor, p, `agent-${p}`);
      for (let s = 0; s < 3; s++) t.run(NORMAL, 12, undefined, `s${s}`);
    }
    const size = monitor.size;
    expect(size.principals).toBe(50);
    expect(size.sessions).toBeLessThanOrEqual(100);
    expect(size.baselines).toBe(500);
    expect(monitor.principalIds('acme')).toContain('agent-499');
    expect(monitor.principalIds('acme')).not.toContain('agent-0');
    // An evicted principal comes back with its baseline: no re-learning.
    const back = new Traffic(monitor, 1, 'agent-0');
    back.run(NORMAL, 1);
    expect(monitor.view(back.event(NORMAL).check, back.now).metrics.baseline_ready).toBe(1);
    expect(monitor.resetBaseline('acme', 'agent-0')).toBe(true);
    expect(monitor.baseline('acme', 'agent-0')).toBeUndefined();
  });

  it('never throws on hostile checks', () => {
    const monitor = createMonitor({ warmup: 10 });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const check: Check = {
      phase: 'action',
      action: 'http.post',
      params: cyclic,
      principal: { id: 'p' },
    };
    for (let i = 0; i < 30; i++) {
      expect(() => monitor.record(check, decision('allow', []), i)).not.toThrow();
      expect(() => monitor.view(check, i)).not.toThrow();
    }
  });
});

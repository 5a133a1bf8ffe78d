/**
 * The behavioural monitor: per principal and per session streaming metrics, baselines learned
 * from each principal's first N events, CUSUM and EWMA detectors, and alerts policies can read.
 * Synchronous and I/O-free; `now` is injected; O(K) per event with K the (small, fixed) top-K size.
 */
import { randomUUID } from 'node:crypto';
import type { Check } from '../core/check.js';
import type { Decision } from '../core/decision.js';
import { FINDING_CATEGORIES } from '../core/finding.js';
import { compileGlob } from '../policy/glob.js';
import type {
  AlertDetector,
  AlertEvent,
  AlertMetric,
  AlertSeverity,
  MonitorAlert,
} from './alert.js';
import {
  type Baseline,
  type DetectorSettings,
  isBaseline,
  type Model,
  modelOf,
  type PrincipalBaseline,
  WarmupAccumulator,
} from './baseline.js';
import { cusumNext } from './cusum.js';
import { jensenShannon } from './divergence.js';
import { decayed, ewmaNext, ewmaSigmaFactor } from './ewma.js';
import { DEFAULT_EGRESS_ACTIONS } from './session.js';

/** Behaviour state a policy reads (same shape as the guard's MonitorView). */
export interface MonitorReading {
  readonly alerts: readonly string[];
  readonly metrics: Readonly<Record<string, number>>;
}

/** Tunables; defaults are documented (and justified) in docs/monitor.md. */
export interface MonitorOptions {
  /** Events learned per principal before detection starts (N, default 200). */
  readonly warmup?: number;
  /** Principals with live state; least recently active are evicted (default 10,000). */
  readonly maxPrincipals?: number;
  /** Sessions with live state, all principals together (default 50,000). */
  readonly maxSessions?: number;
  /** Baselines kept in memory (default 100,000). */
  readonly maxBaselines?: number;
  /** Actions tracked individually in the mix; the rest share an "other" bucket (default 16). */
  readonly topK?: number;
  /** Distinct actions remembered per principal (default 256). */
  readonly maxKnownActions?: number;
  /** Time constant of rate metrics (default 60 s, so rates read as "per minute"). */
  readonly rateTauMs?: number;
  /** EWMA λ of the proportion metrics shown to policies (default 0.05). */
  readonly lambda?: number;
  /** EWMA λ of the action mix (default 0.02). */
  readonly mixLambda?: number;
  /** Jensen–Shannon alarm threshold in bits (default 0.15). */
  readonly divergenceThreshold?: number;
  /** CUSUM threshold h (default ln 10⁶ ≈ 13.8). */
  readonly cusumH?: number;
  /** Action-rate CUSUM design ratio (default 3). */
  readonly rateRatio?: number;
  /** Smallest rise a proportion CUSUM is designed for (default 0.15). */
  readonly minRise?: number;
  /** Egress EWMA chart λ and L (defaults 0.1 and 4). */
  readonly egressLambda?: number;
  readonly egressL?: number;
  /** Action globs that send data out (default `DEFAULT_EGRESS_ACTIONS`); `isEgress` overrides. */
  readonly egressActions?: readonly string[];
  readonly isEgress?: (action: string) => boolean;
  /** Alert ids (default random UUID). */
  readonly newId?: () => string;
  /** Raised/cleared alerts kept for the API (default 1000). */
  readonly historySize?: number;
}

/**
 * Egress predicate from action globs (default: the session tracker's `DEFAULT_EGRESS_ACTIONS`, so
 * "egress" means the same to session labels and to the monitor). Results are memoised per action.
 */
export function egressMatcher(
  globs: readonly string[] = DEFAULT_EGRESS_ACTIONS,
  cacheSize = 4096,
): (action: string) => boolean {
  const compiled = globs.map(compileGlob);
  const cache = new Map<string, boolean>();
  return (action) => {
    let hit = cache.get(action);
    if (hit === undefined) {
      hit = compiled.some((g) => g.match(action));
      if (cache.size >= cacheSize) cache.clear();
      cache.set(action, hit);
    }
    return hit;
  };
}

const CATS = FINDING_CATEGORIES.length;
const CATEGORY_INDEX = new Map(FINDING_CATEGORIES.map((c, i) => [c, i]));
const FINDING_METRICS = FINDING_CATEGORIES.map((c) => `finding_rate_${c}` as AlertMetric);
const HIGH_FINDINGS = new Set(['secret', 'exfiltration', 'prompt_injection', 'jailbreak']);
const EMPTY: readonly string[] = Object.freeze([]);

/** Every metric `view` reports, all zero: the shape policies can rely on. */
export const METRIC_NAMES: readonly string[] = [
  'events',
  'baseline_ready',
  'action_rate',
  'denial_rate',
  'escalation_rate',
  'action_divergence',
  'new_actions',
  'action_is_new',
  'egress_bytes',
  'egress_bytes_total',
  ...FINDING_CATEGORIES.map((c) => `finding_rate_${c}`),
  'session_events',
  'session_denials',
  'session_escalations',
  'session_findings',
  'session_egress_bytes',
  'session_new_actions',
  'session_action_rate',
];
const ZERO_METRICS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(METRIC_NAMES.map((m) => [m, 0])),
);

function severityOf(metric: AlertMetric): AlertSeverity {
  if (metric === 'denial_rate' || metric === 'egress_volume') return 'high';
  if (metric === 'new_action') return 'low';
  if (metric.startsWith('finding_rate_')) {
    return HIGH_FINDINGS.has(metric.slice('finding_rate_'.length)) ? 'high' : 'medium';
  }
  return 'medium';
}

function payloadBytes(check: Check): number {
  let n = 0;
  if (check.params !== undefined) {
    try {
      n += Buffer.byteLength(JSON.stringify(check.params) ?? '', 'utf8');
    } catch {
      // Unserialisable params (cycles, BigInt) never came from JSON; count nothing rather than throw.
    }
  }
  const content = check.content;
  if (typeof content === 'string') n += Buffer.byteLength(content, 'utf8');
  else if (content) for (const p of content) n += Buffer.byteLength(p.text, 'utf8');
  return n;
}

/** One event, reduced to what the detectors use. */
interface Observation {
  readonly action: string;
  readonly denied: boolean;
  readonly escalated: boolean;
  readonly findingMask: number;
  readonly egressBytes: number;
  readonly egress: boolean;
}

interface Settings extends DetectorSettings {
  readonly warmup: number;
  readonly topK: number;
  readonly maxKnownActions: number;
  readonly rateTauMs: number;
  readonly lambda: number;
  readonly mixLambda: number;
  readonly divergenceThreshold: number;
}

/** Live metrics and detector state of a principal or a session. */
class Track {
  events = 0;
  lastAt = Number.NaN;
  rate = 0; // decayed event count (events per τ)
  egressRate = 0; // decayed egress bytes (bytes per τ)
  denial = 0;
  escalation = 0;
  readonly findingEwma = new Float64Array(CATS);
  denials = 0;
  escalations = 0;
  findings = 0;
  egressBytes = 0;
  newActions = 0;
  // Detector state (used once a model exists).
  mix: Float64Array | undefined;
  divergence = 0;
  sRate = 0;
  sDenial = 0;
  sEscalation = 0;
  readonly sFindings = new Float64Array(CATS);
  sNovel = 0;
  egressZ = Number.NaN;
  egressN = 0;
  readonly active = new Map<AlertMetric, MonitorAlert>();
  alertNames: readonly string[] = EMPTY;

  constructor(
    readonly tenant: string,
    readonly principal: string,
    readonly session: string | undefined,
  ) {}
}

interface PrincipalState {
  readonly key: string;
  readonly track: Track;
  warmup: WarmupAccumulator | undefined;
  model: Model | undefined;
  /** Actions seen so far: the baseline's plus any new since (bounded). */
  seen: Set<string>;
}

/** The monitor: implements the guard's CheckMonitor (`view`, `record`) plus the API's reads. */
export class BehaviourMonitor {
  private readonly s: Settings;
  private readonly isEgress: (action: string) => boolean;
  private readonly newId: () => string;
  private readonly historySize: number;
  private readonly maxPrincipals: number;
  private readonly maxSessions: number;
  private readonly maxBaselines: number;
  private readonly principals = new Map<string, PrincipalState>();
  private readonly sessions = new Map<string, Track>();
  private readonly baselines = new Map<string, PrincipalBaseline>();
  private readonly history: AlertEvent[] = [];
  private readonly alertListeners = new Set<(e: AlertEvent) => void>();
  private readonly baselineListeners = new Set<(b: PrincipalBaseline) => void>();

  constructor(options: MonitorOptions = {}) {
    this.s = {
      warmup: Math.max(10, options.warmup ?? 200),
      topK: Math.max(1, options.topK ?? 16),
      maxKnownActions: options.maxKnownActions ?? 256,
      rateTauMs: options.rateTauMs ?? 60_000,
      lambda: options.lambda ?? 0.05,
      mixLambda: options.mixLambda ?? 0.02,
      divergenceThreshold: options.divergenceThreshold ?? 0.15,
      cusumH: options.cusumH ?? Math.log(1e6),
      rateRatio: options.rateRatio ?? 3,
      minRise: options.minRise ?? 0.15,
      pFloor: 0.005,
      egressLambda: options.egressLambda ?? 0.1,
      egressL: options.egressL ?? 4,
      egressSdFloor: 0.5,
      egressMinEvents: 8,
    };
    this.isEgress = options.isEgress ?? egressMatcher(options.egressActions);
    this.newId = options.newId ?? randomUUID;
    this.historySize = options.historySize ?? 1000;
    this.maxPrincipals = options.maxPrincipals ?? 10_000;
    this.maxSessions = options.maxSessions ?? 50_000;
    this.maxBaselines = options.maxBaselines ?? 100_000;
  }

  /** Alerts and metrics of the check's principal (and session) as of `now`. Reads only. */
  view(check: Check, now: number): MonitorReading {
    const tenant = check.principal.tenant ?? 'default';
    const key = `${tenant}\u0000${check.principal.id}`;
    const st = this.principals.get(key);
    // INVARIANT: every metric name is always present (0 when unknown), so policy expressions
    // never fail on a missing key for a new principal or a check without a session.
    const metrics: Record<string, number> = { ...ZERO_METRICS };
    if (!st) {
      const b = this.baselines.get(key);
      if (b) {
        metrics.baseline_ready = 1;
        metrics.action_is_new = b.baseline.known.includes(check.action) ? 0 : 1;
      }
      return { alerts: EMPTY, metrics };
    }
    const t = st.track;
    const tau = this.s.rateTauMs;
    metrics.events = t.events;
    metrics.baseline_ready = st.model ? 1 : 0;
    metrics.action_rate = decayed(t.rate, t.lastAt, now, tau);
    metrics.denial_rate = t.denial;
    metrics.escalation_rate = t.escalation;
    metrics.action_divergence = t.divergence;
    metrics.new_actions = t.newActions;
    metrics.action_is_new = st.model && !st.seen.has(check.action) ? 1 : 0;
    metrics.egress_bytes = decayed(t.egressRate, t.lastAt, now, tau);
    metrics.egress_bytes_total = t.egressBytes;
    for (let i = 0; i < CATS; i++) metrics[FINDING_METRICS[i]!] = t.findingEwma[i]!;
    let alerts = t.alertNames;
    if (check.session !== undefined) {
      const s = this.sessions.get(`${key}\u0000${check.session}`);
      if (s) {
        metrics.session_events = s.events;
        metrics.session_denials = s.denials;
        metrics.session_escalations = s.escalations;
        metrics.session_findings = s.findings;
        metrics.session_egress_bytes = s.egressBytes;
        metrics.session_new_actions = s.newActions;
        metrics.session_action_rate = decayed(s.rate, s.lastAt, now, tau);
        if (s.alertNames.length > 0) {
          alerts = alerts.length === 0 ? s.alertNames : [...new Set([...alerts, ...s.alertNames])];
        }
      }
    }
    return { alerts, metrics };
  }

  /** Feeds one decided check into the principal's and the session's metrics and detectors. */
  record(check: Check, decision: Decision, now: number): void {
    const tenant = check.principal.tenant ?? 'default';
    const key = `${tenant}\u0000${check.principal.id}`;
    const st = this.principalState(key, tenant, check.principal.id);
    let findingMask = 0;
    for (const f of decision.findings) {
      const i = CATEGORY_INDEX.get(f.category);
      if (i !== undefined) findingMask |= 1 << i;
    }
    const egress = this.isEgress(check.action);
    const obs: Observation = {
      action: check.action,
      denied: decision.decision === 'deny',
      escalated: decision.decision === 'escalate',
      findingMask,
      egress,
      egressBytes: egress ? payloadBytes(check) : 0,
    };
    const gap = Number.isNaN(st.track.lastAt) ? -1 : Math.max(0, now - st.track.lastAt);
    const novel = st.model !== undefined && !st.seen.has(obs.action);
    if (novel && st.seen.size < this.s.maxKnownActions) st.seen.add(obs.action);

    this.updateMetrics(st.track, obs, now, novel);
    const session =
      check.session !== undefined
        ? this.sessionTrack(
            `${key}\u0000${check.session}`,
            tenant,
            check.principal.id,
            check.session,
          )
        : undefined;
    const sgap = session && !Number.isNaN(session.lastAt) ? Math.max(0, now - session.lastAt) : -1;
    if (session) this.updateMetrics(session, obs, now, novel);
    if (st.warmup) {
      st.warmup.add(
        gap,
        obs.action,
        obs.denied,
        obs.escalated,
        findingMask,
        egress ? Math.log1p(obs.egressBytes) : undefined,
        this.s.maxKnownActions,
      );
      if (st.warmup.events >= this.s.warmup) {
        const baseline = st.warmup.finish(now, this.s);
        st.warmup = undefined;
        const stored: PrincipalBaseline = { tenant, principal: check.principal.id, baseline };
        this.keepBaseline(key, stored);
        this.adopt(st, baseline);
        for (const fn of this.baselineListeners) this.safely(() => fn(stored));
      }
      return;
    }
    const model = st.model!;
    this.detect(st.track, model, obs, gap, novel, now, true);
    if (session) this.detect(session, model, obs, sgap, novel, now, false);
  }

  /** Calls `fn` on every raised or cleared alert (synchronously inside `record`: queue, don't block). */
  onAlert(fn: (e: AlertEvent) => void): () => void {
    this.alertListeners.add(fn);
    return () => this.alertListeners.delete(fn);
  }

  /** Calls `fn` whenever a principal's baseline is learned (persist it). */
  onBaseline(fn: (b: PrincipalBaseline) => void): () => void {
    this.baselineListeners.add(fn);
    return () => this.baselineListeners.delete(fn);
  }

  /** Loads stored baselines (at start-up); invalid entries are skipped and counted. */
  restore(items: Iterable<PrincipalBaseline>): { restored: number; skipped: number } {
    let restored = 0;
    let skipped = 0;
    for (const item of items) {
      if (!isBaseline(item.baseline)) {
        skipped++;
        continue;
      }
      const key = `${item.tenant}\u0000${item.principal}`;
      this.keepBaseline(key, item);
      const st = this.principals.get(key);
      if (st && !st.model) this.adopt(st, item.baseline);
      restored++;
    }
    return { restored, skipped };
  }

  /** The stored baseline of a principal, if learned. */
  baseline(tenant: string, principal: string): PrincipalBaseline | undefined {
    return this.baselines.get(`${tenant}\u0000${principal}`);
  }

  /** Forgets a principal's baseline, state and active alerts: it learns again from its next events. */
  resetBaseline(tenant: string, principal: string): boolean {
    const key = `${tenant}\u0000${principal}`;
    const had = this.baselines.delete(key) || this.principals.has(key);
    this.principals.delete(key);
    for (const k of this.sessions.keys()) if (k.startsWith(`${key}\u0000`)) this.sessions.delete(k);
    return had;
  }

  /** Currently active alerts (optionally of one tenant / principal). */
  activeAlerts(tenant?: string, principal?: string): MonitorAlert[] {
    const out: MonitorAlert[] = [];
    const collect = (t: Track) => {
      if (
        (tenant === undefined || t.tenant === tenant) &&
        (principal === undefined || t.principal === principal)
      ) {
        out.push(...t.active.values());
      }
    };
    for (const st of this.principals.values()) collect(st.track);
    for (const s of this.sessions.values()) collect(s);
    return out.sort((a, b) => b.at - a.at);
  }

  /** Recent raised/cleared alert events, newest first (bounded history). */
  recentAlerts(tenant?: string, limit = 100): AlertEvent[] {
    const out: AlertEvent[] = [];
    for (let i = this.history.length - 1; i >= 0 && out.length < limit; i--) {
      const e = this.history[i]!;
      if (tenant === undefined || e.alert.tenant === tenant) out.push(e);
    }
    return out;
  }

  /** Principals with live state in a tenant (for the API), most recently active last. */
  principalIds(tenant: string): string[] {
    const out: string[] = [];
    for (const st of this.principals.values())
      if (st.track.tenant === tenant) out.push(st.track.principal);
    return out;
  }

  /** Operator acknowledgement: clears a principal's active alerts (all, or one metric). */
  clearAlerts(tenant: string, principal: string, now: number, metric?: AlertMetric): number {
    let n = 0;
    const clear = (t: Track) => {
      for (const m of [...t.active.keys()]) {
        if (metric !== undefined && m !== metric) continue;
        this.clear(t, m, now);
        if (m === 'action_rate') t.sRate = 0;
        n++;
      }
    };
    const st = this.principals.get(`${tenant}\u0000${principal}`);
    if (st) clear(st.track);
    for (const [k, s] of this.sessions)
      if (k.startsWith(`${tenant}\u0000${principal}\u0000`)) clear(s);
    return n;
  }

  /** Live sizes, for /metrics and the memory bound tests. */
  get size(): { principals: number; sessions: number; baselines: number } {
    return {
      principals: this.principals.size,
      sessions: this.sessions.size,
      baselines: this.baselines.size,
    };
  }

  private principalState(key: string, tenant: string, principal: string): PrincipalState {
    let st = this.principals.get(key);
    if (st) {
      // LRU: Map keeps insertion order; re-inserting moves the principal to the young end.
      this.principals.delete(key);
      this.principals.set(key, st);
      return st;
    }
    st = {
      key,
      track: new Track(tenant, principal, undefined),
      warmup: new WarmupAccumulator(),
      model: undefined,
      seen: new Set(),
    };
    const stored = this.baselines.get(key);
    if (stored) this.adopt(st, stored.baseline);
    this.principals.set(key, st);
    if (this.principals.size > this.maxPrincipals) {
      const oldest = this.principals.keys().next().value as string;
      this.principals.delete(oldest);
    }
    return st;
  }

  private sessionTrack(key: string, tenant: string, principal: string, session: string): Track {
    let t = this.sessions.get(key);
    if (t) {
      this.sessions.delete(key);
      this.sessions.set(key, t);
      return t;
    }
    t = new Track(tenant, principal, session);
    this.sessions.set(key, t);
    if (this.sessions.size > this.maxSessions) {
      const oldest = this.sessions.keys().next().value as string;
      this.sessions.delete(oldest);
    }
    return t;
  }

  private keepBaseline(key: string, b: PrincipalBaseline): void {
    this.baselines.delete(key);
    this.baselines.set(key, b);
    if (this.baselines.size > this.maxBaselines) {
      this.baselines.delete(this.baselines.keys().next().value as string);
    }
  }

  private adopt(st: PrincipalState, baseline: Baseline): void {
    st.warmup = undefined;
    st.model = modelOf(baseline, this.s);
    st.seen = new Set(baseline.known);
    st.track.mix = Float64Array.from(baseline.mix);
  }

  private updateMetrics(t: Track, o: Observation, now: number, novel: boolean): void {
    const tau = this.s.rateTauMs;
    const lambda = this.s.lambda;
    const last = Number.isNaN(t.lastAt) ? now : t.lastAt;
    t.rate = decayed(t.rate, last, now, tau) + 1;
    t.egressRate = decayed(t.egressRate, last, now, tau) + o.egressBytes;
    if (now > last || Number.isNaN(t.lastAt)) t.lastAt = now;
    t.events++;
    t.denial = ewmaNext(t.denial, o.denied ? 1 : 0, lambda);
    t.escalation = ewmaNext(t.escalation, o.escalated ? 1 : 0, lambda);
    for (let i = 0; i < CATS; i++) {
      t.findingEwma[i] = ewmaNext(t.findingEwma[i]!, o.findingMask & (1 << i) ? 1 : 0, lambda);
    }
    if (o.denied) t.denials++;
    if (o.escalated) t.escalations++;
    if (o.findingMask !== 0) t.findings++;
    t.egressBytes += o.egressBytes;
    if (novel) t.newActions++;
  }

  private detect(
    t: Track,
    m: Model,
    o: Observation,
    gap: number,
    novel: boolean,
    now: number,
    principalLevel: boolean,
  ): void {
    const h = this.s.cusumH;
    const cap = 2 * h; // bounded memory of evidence so an alert clears in bounded time after a shift ends
    const cusum = (metric: AlertMetric, s: number, value: number, baseline: number): number => {
      const v = Math.min(s, cap);
      if (v >= h) this.raise(t, metric, 'cusum', value, baseline, v, h, now);
      else if (v <= h / 2 && t.active.has(metric)) this.clear(t, metric, now);
      return v;
    };
    // Action rate: Poisson-process CUSUM on inter-arrival gaps (principal level only: sessions of
    // one principal run concurrently, so their rates are not comparable with its baseline).
    if (principalLevel && m.rate0 > 0 && gap >= 0) {
      const llr = m.rateSteps.scale * (m.rateSteps.logRatio - m.rateSteps.slope * gap);
      t.sRate = cusum(
        'action_rate',
        cusumNext(t.sRate, llr),
        decayed(t.rate, t.lastAt, now, this.s.rateTauMs),
        m.baseline.meanGapMs > 0 ? this.s.rateTauMs / m.baseline.meanGapMs : 0,
      );
    }
    t.sDenial = cusum(
      'denial_rate',
      cusumNext(t.sDenial, m.denial.steps[o.denied ? 1 : 0]),
      t.denial,
      m.denial.p,
    );
    t.sEscalation = cusum(
      'escalation_rate',
      cusumNext(t.sEscalation, m.escalation.steps[o.escalated ? 1 : 0]),
      t.escalation,
      m.escalation.p,
    );
    for (let i = 0; i < CATS; i++) {
      const fm = m.findings[i]!;
      t.sFindings[i] = cusum(
        FINDING_METRICS[i]!,
        cusumNext(t.sFindings[i]!, fm.steps[o.findingMask & (1 << i) ? 1 : 0]),
        t.findingEwma[i]!,
        fm.p,
      );
    }
    t.sNovel = cusum(
      'new_action',
      cusumNext(t.sNovel, m.novelty.steps[novel ? 1 : 0]),
      t.newActions,
      m.novelty.p,
    );

    // Action mix: EWMA of the one-hot bucket vector against the baseline mix (Jensen–Shannon).
    // A track that started before the baseline existed starts its mix at the baseline's.
    t.mix ??= Float64Array.from(m.baseline.mix);
    const mix = t.mix;
    const k = m.baseline.actions.length;
    const bucket = m.actionIndex.get(o.action) ?? k;
    const ml = this.s.mixLambda;
    for (let i = 0; i <= k; i++) mix[i] = (1 - ml) * mix[i]! + (i === bucket ? ml : 0);
    t.divergence = jensenShannon(mix, m.baseline.mix);
    const thr = this.s.divergenceThreshold;
    if (t.divergence > thr)
      this.raise(t, 'action_divergence', 'ewma', t.divergence, 0, t.divergence, thr, now);
    else if (t.divergence <= thr / 2 && t.active.has('action_divergence'))
      this.clear(t, 'action_divergence', now);

    // Egress volume: one-sided EWMA chart on ln(1 + bytes) of egress events.
    if (o.egress && m.egress) {
      const x = Math.log1p(o.egressBytes);
      const lam = this.s.egressLambda;
      t.egressZ = ewmaNext(Number.isNaN(t.egressZ) ? m.egress.mean : t.egressZ, x, lam);
      t.egressN++;
      // z is compared with an estimated mean: Var(z − μ̂) = σ²·(f_t² + 1/n), not σ²·f_t² alone.
      const f = ewmaSigmaFactor(lam, t.egressN);
      const limit =
        m.egress.mean + this.s.egressL * m.egress.sd * Math.sqrt(f * f + 1 / m.egress.n);
      if (t.egressZ > limit) {
        this.raise(
          t,
          'egress_volume',
          'ewma',
          Math.expm1(t.egressZ),
          Math.expm1(m.egress.mean),
          t.egressZ,
          limit,
          now,
        );
      } else if (t.egressZ <= (m.egress.mean + limit) / 2 && t.active.has('egress_volume')) {
        this.clear(t, 'egress_volume', now);
      }
    }
  }

  private raise(
    t: Track,
    metric: AlertMetric,
    detector: AlertDetector,
    value: number,
    baseline: number,
    statistic: number,
    threshold: number,
    now: number,
  ): void {
    if (t.active.has(metric)) return;
    const alert: MonitorAlert = {
      id: this.newId(),
      tenant: t.tenant,
      principal: t.principal,
      ...(t.session !== undefined ? { session: t.session } : {}),
      metric,
      detector,
      value,
      baseline,
      statistic,
      threshold,
      at: now,
      severity: severityOf(metric),
    };
    t.active.set(metric, alert);
    t.alertNames = [...t.active.keys()];
    this.emit({ type: 'raised', alert, at: now });
  }

  private clear(t: Track, metric: AlertMetric, now: number): void {
    const alert = t.active.get(metric);
    if (!alert) return;
    t.active.delete(metric);
    t.alertNames = t.active.size === 0 ? EMPTY : [...t.active.keys()];
    this.emit({ type: 'cleared', alert, at: now });
  }

  private emit(e: AlertEvent): void {
    this.history.push(e);
    if (this.history.length > this.historySize)
      this.history.splice(0, this.history.length - this.historySize);
    for (const fn of this.alertListeners) this.safely(() => fn(e));
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch {
      // Listeners (webhooks, persistence) never break the hot path.
    }
  }
}

/** Creates a monitor (implements the guard's `CheckMonitor`). */
export function createMonitor(options?: MonitorOptions): BehaviourMonitor {
  return new BehaviourMonitor(options);
}

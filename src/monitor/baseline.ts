/**
 * Baselines: what "normal" looks like for one principal, learned from its first N events and
 * frozen (a slowly drifting attacker cannot retrain it; operators reset it explicitly).
 */
import { FINDING_CATEGORIES } from '../core/finding.js';
import { bernoulliSteps } from './cusum.js';

/** Serialisable baseline of one principal (stored by the monitor store). */
export interface Baseline {
  readonly version: 1;
  /** Events it was learned from, and when learning completed (ms since epoch). */
  readonly events: number;
  readonly learnedAt: number;
  /** Mean inter-arrival time (ms) over the warm-up; 0 when every event came at once. */
  readonly meanGapMs: number;
  readonly gaps: number;
  /**
   * Squared coefficient of variation of the gaps (1 for a Poisson process, more for bursty
   * traffic such as parallel tool calls); absent in baselines stored before it existed.
   */
  readonly gapCv2?: number;
  /** Smoothed per-event probabilities. */
  readonly denial: number;
  readonly escalation: number;
  /** Per finding category, in `FINDING_CATEGORIES` order. */
  readonly findings: readonly number[];
  /** Top-K actions; `mix` has their probabilities followed by the "other" bucket. */
  readonly actions: readonly string[];
  readonly mix: readonly number[];
  /** Every action seen during warm-up (bounded). */
  readonly known: readonly string[];
  /** Good–Turing probability that the next action is one never seen (singletons / N). */
  readonly novelty: number;
  /** ln(1 + bytes) of egress events: count, mean, standard deviation. */
  readonly egress: { readonly n: number; readonly mean: number; readonly sd: number };
}

/** A principal's baseline as stored. */
export interface PrincipalBaseline {
  readonly tenant: string;
  readonly principal: string;
  readonly baseline: Baseline;
}

/** Learning parameters (see docs/monitor.md). */
export interface LearnSettings {
  readonly topK: number;
  readonly maxKnownActions: number;
}

/** Accumulates the warm-up. */
export class WarmupAccumulator {
  events = 0;
  gapSum = 0;
  gapSumSq = 0;
  gaps = 0;
  denials = 0;
  escalations = 0;
  readonly findings = new Float64Array(FINDING_CATEGORIES.length);
  readonly actions = new Map<string, number>();
  egressN = 0;
  egressSum = 0;
  egressSumSq = 0;

  /** Adds one event (gap < 0 when it is the first). */
  add(
    gapMs: number,
    action: string,
    denied: boolean,
    escalated: boolean,
    findingMask: number,
    egressLogBytes: number | undefined,
    maxKnown: number,
  ): void {
    this.events++;
    if (gapMs >= 0) {
      this.gapSum += gapMs;
      this.gapSumSq += gapMs * gapMs;
      this.gaps++;
    }
    if (denied) this.denials++;
    if (escalated) this.escalations++;
    for (let i = 0; i < FINDING_CATEGORIES.length; i++)
      if (findingMask & (1 << i)) this.findings[i]!++;
    const c = this.actions.get(action);
    if (c !== undefined) this.actions.set(action, c + 1);
    else if (this.actions.size < maxKnown) this.actions.set(action, 1);
    if (egressLogBytes !== undefined) {
      this.egressN++;
      this.egressSum += egressLogBytes;
      this.egressSumSq += egressLogBytes * egressLogBytes;
    }
  }

  private gapCv2(): number {
    if (this.gaps < 2 || this.gapSum <= 0) return 1;
    const mean = this.gapSum / this.gaps;
    const variance = Math.max(0, this.gapSumSq / this.gaps - mean * mean);
    return variance / (mean * mean);
  }

  /** The frozen baseline. */
  finish(now: number, settings: LearnSettings): Baseline {
    const n = this.events;
    // Jeffreys-smoothed estimate: never exactly 0 or 1.
    const p = (x: number) => (x + 0.5) / (n + 1);
    const ranked = [...this.actions.entries()].sort(
      (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
    );
    const top = ranked.slice(0, settings.topK);
    const inTop = top.reduce((s, [, c]) => s + c, 0);
    // "other" keeps a little mass even when unseen, so JS stays finite and meaningful.
    const mixRaw = [...top.map(([, c]) => c), Math.max(n - inTop, 0) + 0.5];
    const total = mixRaw.reduce((s, c) => s + c, 0);
    const singletons = ranked.filter(([, c]) => c === 1).length;
    const mean = this.egressN > 0 ? this.egressSum / this.egressN : 0;
    const variance =
      this.egressN > 1 ? Math.max(0, this.egressSumSq / this.egressN - mean * mean) : 0;
    return {
      version: 1,
      events: n,
      learnedAt: now,
      meanGapMs: this.gaps > 0 ? this.gapSum / this.gaps : 0,
      gaps: this.gaps,
      gapCv2: this.gapCv2(),
      denial: p(this.denials),
      escalation: p(this.escalations),
      findings: [...this.findings].map(p),
      actions: top.map(([a]) => a),
      mix: mixRaw.map((c) => c / total),
      known: ranked.map(([a]) => a),
      novelty: n > 0 ? singletons / n : 1,
      egress: { n: this.egressN, mean, sd: Math.sqrt(variance) },
    };
  }
}

/** Detector settings derived from a baseline (see docs/monitor.md for each constant). */
export interface DetectorSettings {
  /** CUSUM threshold h (ln of the false-alarm run length it guarantees). */
  readonly cusumH: number;
  /** Design ratio of the action-rate CUSUM (detect rate × this). */
  readonly rateRatio: number;
  /** Smallest absolute rise a Bernoulli CUSUM is designed for. */
  readonly minRise: number;
  /** Floor on any baseline probability. */
  readonly pFloor: number;
  /** Egress EWMA chart: λ, L, and the floor on σ0 (log-bytes). */
  readonly egressLambda: number;
  readonly egressL: number;
  readonly egressSdFloor: number;
  /** Fewest warm-up egress events for the egress chart to run. */
  readonly egressMinEvents: number;
}

/** Bernoulli detector: baseline p̂, the conservative p0 used, the design p1, precomputed steps. */
export interface BernoulliModel {
  readonly p: number;
  readonly p0: number;
  readonly p1: number;
  readonly steps: readonly [number, number];
}

/**
 * Conservative p0: the upper 2σ bound of the estimate (a baseline under-estimated by chance must
 * not turn normal traffic into alarms); p1 = max(3·p0, p0 + minRise), at most halfway to 1.
 */
export function bernoulliModel(p: number, n: number, s: DetectorSettings): BernoulliModel {
  const base = Math.max(p, s.pFloor);
  const p0 = Math.min(0.5, base + 2 * Math.sqrt((base * (1 - base)) / Math.max(n, 1)));
  const p1 = Math.min(p0 + (1 - p0) / 2, Math.max(3 * p0, p0 + s.minRise));
  return { p, p0, p1, steps: bernoulliSteps(p0, p1) };
}

/** Everything the hot path needs from a baseline, precomputed once. */
export interface Model {
  readonly baseline: Baseline;
  /** Conservative baseline rate (events per ms, upper 2σ bound); 0 disables the rate detector. */
  readonly rate0: number;
  /** Per-gap LLR ℓ = scale·(logRatio − slope·gap); scale = 1/max(1, CV²) (quasi-likelihood). */
  readonly rateSteps: { readonly logRatio: number; readonly slope: number; readonly scale: number };
  readonly denial: BernoulliModel;
  readonly escalation: BernoulliModel;
  readonly findings: readonly BernoulliModel[];
  readonly novelty: BernoulliModel;
  readonly actionIndex: ReadonlyMap<string, number>;
  readonly egress?: { readonly mean: number; readonly sd: number; readonly n: number };
}

/**
 * CV² of gaps estimated from a 200-event warm-up is noisy for bursty traffic (heavy tails), so the
 * excess dispersion CV² − 1 is inflated by this margin; a Poisson baseline (CV² ≈ 1) is barely touched.
 */
const CV2_MARGIN = 1.5;

/** Precomputes the detectors of a baseline. */
export function modelOf(baseline: Baseline, s: DetectorSettings): Model {
  const n = baseline.events;
  const r = baseline.meanGapMs > 0 ? 1 / baseline.meanGapMs : 0;
  const rate0 = r > 0 ? r * (1 + 2 / Math.sqrt(Math.max(baseline.gaps, 1))) : 0;
  const en = baseline.egress.n;
  // σ0 is itself estimated from few events: take its upper 2σ bound (se(s) ≈ s/√(2n)).
  const egress =
    en >= s.egressMinEvents
      ? {
          mean: baseline.egress.mean,
          sd: Math.max(baseline.egress.sd, s.egressSdFloor) * (1 + 2 / Math.sqrt(2 * en)),
          n: en,
        }
      : undefined;
  return {
    baseline,
    rate0,
    rateSteps: {
      logRatio: Math.log(s.rateRatio),
      slope: (s.rateRatio - 1) * rate0,
      // Overdispersed (bursty) arrivals carry less evidence per gap than a Poisson process:
      // dividing the log-likelihood by the dispersion is the quasi-likelihood correction.
      scale: 1 / (1 + CV2_MARGIN * Math.max(0, (baseline.gapCv2 ?? 1) - 1)),
    },
    denial: bernoulliModel(baseline.denial, n, s),
    escalation: bernoulliModel(baseline.escalation, n, s),
    findings: baseline.findings.map((p) => bernoulliModel(p, n, s)),
    novelty: bernoulliModel(baseline.novelty, n, s),
    actionIndex: new Map(baseline.actions.map((a, i) => [a, i])),
    ...(egress ? { egress } : {}),
  };
}

/** Structural check of a stored baseline (it crossed a storage boundary). */
export function isBaseline(v: unknown): v is Baseline {
  if (typeof v !== 'object' || v === null) return false;
  const b = v as Partial<Baseline>;
  return (
    b.version === 1 &&
    typeof b.events === 'number' &&
    typeof b.meanGapMs === 'number' &&
    Array.isArray(b.findings) &&
    b.findings.length === FINDING_CATEGORIES.length &&
    Array.isArray(b.actions) &&
    Array.isArray(b.mix) &&
    b.mix.length === b.actions.length + 1 &&
    Array.isArray(b.known) &&
    typeof b.egress === 'object'
  );
}

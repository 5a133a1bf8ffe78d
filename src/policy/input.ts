/**
 * What a policy evaluates: the check plus scan findings, monitor state, session state and time,
 * and the lazily derived views rules read (scan summary, CEL activation, local time).
 */
import type { Check } from '../core/check.js';
import type { Finding, FindingCategory } from '../core/finding.js';
import { FINDING_CATEGORIES } from '../core/finding.js';
import { EMPTY_SESSION, type SessionView } from '../monitor/session.js';

/** Behaviour state of the principal/session as the monitor reports it. */
export interface PolicyMonitorView {
  readonly alerts: readonly string[];
  readonly metrics: Readonly<Record<string, number>>;
}

/** Everything `evaluatePolicy` reads. `now` is injected (ms since the epoch). */
export interface PolicyInput {
  readonly check: Check;
  readonly now: number;
  readonly findings?: readonly Finding[];
  readonly session?: SessionView;
  readonly monitor?: PolicyMonitorView;
}

/** Highest score and count per finding category. */
export interface ScanSummary {
  readonly max: number;
  readonly byCategory: Readonly<Record<FindingCategory, { score: number; count: number }>>;
}

/** Local time parts in one time zone. */
export interface LocalTime {
  readonly hour: number;
  readonly minute: number;
  /** `mon` … `sun`. */
  readonly weekday: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
}

const EMPTY_MONITOR: PolicyMonitorView = { alerts: [], metrics: {} };
const WEEKDAYS: Record<string, string> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter for a time zone; throws RangeError for an unknown zone. */
export function timeZoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local time of `now` in `timeZone`. */
export function localTime(now: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of timeZoneFormatter(timeZone).formatToParts(now)) parts[p.type] = p.value;
  return {
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? '',
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

/** Summary of findings by category. */
export function summariseFindings(findings: readonly Finding[]): ScanSummary {
  const byCategory = {} as Record<FindingCategory, { score: number; count: number }>;
  for (const c of FINDING_CATEGORIES) byCategory[c] = { score: 0, count: 0 };
  let max = 0;
  for (const f of findings) {
    const slot = byCategory[f.category];
    if (!slot) continue;
    const score = Number.isFinite(f.score) ? f.score : 0;
    slot.count++;
    if (score > slot.score) slot.score = score;
    if (score > max) max = score;
  }
  return { max, byCategory };
}

/**
 * Per-evaluation state: the input and views derived from it on first use, so a check that
 * reaches no rule needing them pays nothing.
 */
export class EvaluationContext {
  readonly input: PolicyInput;
  readonly check: Check;
  readonly session: SessionView;
  readonly monitor: PolicyMonitorView;
  #scan: ScanSummary | undefined;
  #times: Map<string, LocalTime> | undefined;
  #cel: Map<string, Record<string, unknown>> | undefined;

  constructor(input: PolicyInput) {
    this.input = input;
    this.check = input.check;
    this.session = input.session ?? EMPTY_SESSION;
    this.monitor = input.monitor ?? EMPTY_MONITOR;
  }

  get scan(): ScanSummary {
    this.#scan ??= summariseFindings(this.input.findings ?? []);
    return this.#scan;
  }

  time(timeZone: string): LocalTime {
    this.#times ??= new Map();
    let t = this.#times.get(timeZone);
    if (!t) {
      t = localTime(this.input.now, timeZone);
      this.#times.set(timeZone, t);
    }
    return t;
  }

  /**
   * The CEL variables (see docs/policy.md), one activation per time zone. Each variable is a
   * getter converting its part of the input on first read, so a condition pays only for what it
   * reads.
   */
  celActivation(timeZone: string): Record<string, unknown> {
    this.#cel ??= new Map();
    let act = this.#cel.get(timeZone);
    if (act) return act;
    const v = this.#celValues();
    let time: Record<string, unknown> | undefined;
    const zoned = (): Record<string, unknown> => {
      if (!time) {
        const t = this.time(timeZone);
        time = {
          hour: BigInt(t.hour),
          minute: BigInt(t.minute),
          weekday: t.weekday,
          date: t.date,
          zone: timeZone,
        };
      }
      return time;
    };
    act = {
      get check() {
        return v('check');
      },
      get principal() {
        return v('principal');
      },
      get params() {
        return v('params');
      },
      get context() {
        return v('context');
      },
      get resource() {
        return v('resource');
      },
      get action() {
        return v('action');
      },
      get phase() {
        return v('phase');
      },
      get session() {
        return v('session');
      },
      get scan() {
        return v('scan');
      },
      get monitor() {
        return v('monitor');
      },
      get now() {
        return v('now');
      },
      get time() {
        return zoned();
      },
    };
    this.#cel.set(timeZone, act);
    return act;
  }

  #celCache: Map<string, unknown> | undefined;

  /** Lazily converted CEL values shared by every time zone's activation. */
  #celValues(): (name: string) => unknown {
    return (name) => {
      this.#celCache ??= new Map();
      if (this.#celCache.has(name)) return this.#celCache.get(name);
      const value = this.#celValue(name);
      this.#celCache.set(name, value);
      return value;
    };
  }

  #celValue(name: string): unknown {
    const check = this.check;
    switch (name) {
      case 'check':
        return toCel(check, 0);
      case 'principal':
      case 'params':
      case 'context':
        return toCel(check[name], 0) ?? {};
      case 'resource':
        return typeof check.resource === 'string' ? check.resource : '';
      case 'action':
        return typeof check.action === 'string' ? check.action : '';
      case 'phase':
        return typeof check.phase === 'string' ? check.phase : '';
      case 'session': {
        const session = this.session;
        return {
          id: session.id ?? '',
          labels: [...session.labels],
          counters: toCel(session.counters, 0),
          params_tainted: session.taintedParams.length > 0,
          tainted_params: [...session.taintedParams],
        };
      }
      case 'scan': {
        const scan: Record<string, unknown> = {
          max: this.scan.max,
          findings: (this.input.findings ?? []).map((f) => ({
            category: f.category,
            detector: f.detector,
            score: Number.isFinite(f.score) ? f.score : 0,
            severity: f.severity,
            entity: f.entity ?? '',
            location: f.location ?? '',
          })),
        };
        for (const c of FINDING_CATEGORIES) {
          const s = this.scan.byCategory[c];
          scan[c] = { score: s.score, count: BigInt(s.count) };
        }
        return scan;
      }
      case 'monitor': {
        const monitor = this.monitor;
        return {
          ...(toCel(monitor.metrics, 0) as Record<string, unknown>),
          alerts: [...monitor.alerts],
          metrics: toCel(monitor.metrics, 0),
        };
      }
      default:
        return new Date(this.input.now);
    }
  }
}

const MAX_DEPTH = 32;

/**
 * A JSON-like value as CEL sees it: whole numbers become CEL `int` (BigInt), other numbers
 * `double`; `undefined`, functions and symbols are dropped; depth is bounded. Never throws.
 */
export function toCel(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return value;
    case 'number':
      return Number.isSafeInteger(value) ? BigInt(value) : value;
    case 'object': {
      if (value === null) return null;
      if (depth >= MAX_DEPTH) return null;
      if (Array.isArray(value)) {
        const out: unknown[] = [];
        for (const v of value) out.push(toCel(v, depth + 1) ?? null);
        return out;
      }
      if (value instanceof Date) return value;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const v = toCel((value as Record<string, unknown>)[key], depth + 1);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
    default:
      return undefined;
  }
}

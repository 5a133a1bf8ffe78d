/**
 * Session state as a policy input: per-session counters, the labels seen so far
 * (`untrusted_input`, `sensitive_read`, `egress`), and value provenance (strings that came from
 * untrusted content and now appear in an action's params). In memory, bounded, time injected.
 */
import type { Check, ContentPart } from '../core/check.js';
import { contentParts } from '../core/check.js';
import type { Effect } from '../core/decision.js';
import { compileGlob, type Glob } from '../policy/glob.js';

/** What a policy sees of the session of a check. */
export interface SessionView {
  readonly id?: string;
  /** Labels seen earlier in the session, e.g. `untrusted_input`, `sensitive_read`, `egress`. */
  readonly labels: readonly string[];
  /** `checks`, `actions`, `denied`, `escalated`, `allowed`, `untrusted_inputs`, `sensitive_reads`, `egress`. */
  readonly counters: Readonly<Record<string, number>>;
  /** Param paths (e.g. `url`, `body.to`) whose string value came from untrusted content. */
  readonly taintedParams: readonly string[];
}

/** A view with nothing seen: used when a check has no session or tracking is off. */
export const EMPTY_SESSION: SessionView = { labels: [], counters: {}, taintedParams: [] };

/** Options of a SessionTracker. */
export interface SessionTrackerOptions {
  /** Action globs that send data out of the system (label `egress`). */
  readonly egressActions?: readonly string[];
  /** Action globs that read sensitive data (label `sensitive_read`) besides content marked sensitive. */
  readonly sensitiveActions?: readonly string[];
  /** Sessions idle longer than this are forgotten (default 1 h). */
  readonly idleMs?: number;
  /** At most this many sessions are kept; the least recently used go first (default 2,000). */
  readonly maxSessions?: number;
  /** Untrusted tokens remembered per session for provenance (default 4,096). */
  readonly maxTokens?: number;
  /** Characters of untrusted text kept per session for provenance (default 65,536). */
  readonly maxTextChars?: number;
}

/** Default egress actions: network, mail, messaging, uploads. */
export const DEFAULT_EGRESS_ACTIONS: readonly string[] = [
  'http.*',
  'net.*',
  'web.post',
  'email.*',
  'slack.*',
  'sms.*',
  'upload.*',
  '*.send',
  '*.post',
  '*.upload',
];

/** Shortest string tracked for provenance: shorter ones are too common to mean anything. */
export const MIN_TAINT_LENGTH = 8;

interface SessionState {
  labels: Set<string>;
  counters: Record<string, number>;
  tokens: Set<string>;
  texts: string[];
  textChars: number;
  lastSeen: number;
}

/** Tracks sessions across checks. `view` before policy evaluation, `record` after the decision. */
export class SessionTracker {
  readonly #sessions = new Map<string, SessionState>();
  readonly #egress: readonly Glob[];
  readonly #sensitive: readonly Glob[];
  readonly #idleMs: number;
  readonly #maxSessions: number;
  readonly #maxTokens: number;
  readonly #maxTextChars: number;

  constructor(options: SessionTrackerOptions = {}) {
    this.#egress = (options.egressActions ?? DEFAULT_EGRESS_ACTIONS).map(compileGlob);
    this.#sensitive = (options.sensitiveActions ?? []).map(compileGlob);
    this.#idleMs = options.idleMs ?? 3_600_000;
    this.#maxSessions = options.maxSessions ?? 2000;
    this.#maxTokens = options.maxTokens ?? 4096;
    this.#maxTextChars = options.maxTextChars ?? 65_536;
  }

  /** Session state visible to the policy for this check. */
  view(check: Check, now: number): SessionView {
    const id = check.session;
    if (id === undefined) return EMPTY_SESSION;
    const state = this.#sessions.get(id);
    if (!state || now - state.lastSeen > this.#idleMs) return { ...EMPTY_SESSION, id };
    const params = check.params;
    let tainted: string[] | undefined;
    return {
      id,
      labels: [...state.labels],
      counters: { ...state.counters },
      // Provenance is computed only if the policy reads it.
      get taintedParams(): readonly string[] {
        if (!tainted) {
          tainted = [];
          if (params) collectTainted(params, '', state, tainted, { depth: 0, budget: MAX_VALUES });
        }
        return tainted;
      },
    };
  }

  /** Fold a decided check into its session. */
  record(check: Check, decision: Effect, now: number): void {
    const id = check.session;
    if (id === undefined) return;
    let state = this.#sessions.get(id);
    if (!state || now - state.lastSeen > this.#idleMs) {
      state = {
        labels: new Set(),
        counters: {},
        tokens: new Set(),
        texts: [],
        textChars: 0,
        lastSeen: now,
      };
    }
    // Re-insert to keep Map order = least recently used first.
    this.#sessions.delete(id);
    this.#sessions.set(id, state);
    state.lastSeen = now;
    bump(state.counters, 'checks');
    bump(
      state.counters,
      decision === 'allow' ? 'allowed' : decision === 'deny' ? 'denied' : 'escalated',
    );
    if (check.phase === 'action') {
      bump(state.counters, 'actions');
      if (decision !== 'deny' && this.#egress.some((g) => g.match(check.action))) {
        state.labels.add('egress');
        bump(state.counters, 'egress');
      }
      if (decision !== 'deny' && this.#sensitive.some((g) => g.match(check.action))) {
        state.labels.add('sensitive_read');
        bump(state.counters, 'sensitive_reads');
      }
    }
    for (const part of contentParts(check)) this.#observe(state, part, check);
    if (this.#sessions.size > this.#maxSessions) this.#evict(now);
  }

  /** Number of sessions held. */
  get size(): number {
    return this.#sessions.size;
  }

  #observe(state: SessionState, part: ContentPart, check: Check): void {
    const untrusted =
      part.provenance?.trust === 'untrusted' ||
      (part.provenance?.trust === undefined &&
        check.phase === 'tool_result' &&
        part.role !== 'user');
    if (part.provenance?.sensitive) {
      state.labels.add('sensitive_read');
      bump(state.counters, 'sensitive_reads');
    }
    if (!untrusted) return;
    state.labels.add('untrusted_input');
    bump(state.counters, 'untrusted_inputs');
    const max = this.#maxTextChars;
    const text = part.text.length > max ? part.text.slice(0, max) : part.text;
    state.texts.push(text);
    state.textChars += text.length;
    while (state.textChars > max && state.texts.length > 1) {
      state.textChars -= state.texts.shift()!.length;
    }
    for (const token of tokens(text)) {
      if (state.tokens.size >= this.#maxTokens) {
        const oldest = state.tokens.values().next().value;
        if (oldest !== undefined) state.tokens.delete(oldest);
      }
      state.tokens.add(token);
    }
  }

  #evict(now: number): void {
    for (const [id, s] of this.#sessions) {
      if (now - s.lastSeen > this.#idleMs) this.#sessions.delete(id);
    }
    while (this.#sessions.size > this.#maxSessions) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#sessions.delete(oldest);
    }
  }
}

function bump(counters: Record<string, number>, key: string): void {
  counters[key] = (counters[key] ?? 0) + 1;
}

/** Whitespace/quote-separated tokens long enough to be a meaningful value (URLs, paths, addresses). */
function tokens(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[\s"'<>()[\]{}`,;]+/)) {
    // Trailing sentence punctuation is not part of the value (manual trim: no regex over input).
    let end = raw.length;
    while (end > 0 && '.:!?'.includes(raw[end - 1]!)) end--;
    const t = raw.slice(0, end);
    if (t.length >= MIN_TAINT_LENGTH && t.length <= 2048) out.push(t);
  }
  return out;
}

function isTainted(value: string, state: SessionState): boolean {
  if (value.length < MIN_TAINT_LENGTH) return false;
  if (state.tokens.has(value)) return true;
  for (const t of tokens(value)) if (state.tokens.has(t)) return true;
  for (const text of state.texts) if (text.includes(value)) return true;
  return false;
}

/** String params examined per check at most: bounds the work a hostile check can cause. */
const MAX_VALUES = 256;

function collectTainted(
  value: unknown,
  path: string,
  state: SessionState,
  out: string[],
  walk: { depth: number; budget: number },
): void {
  if (walk.depth > 16 || out.length >= 64 || walk.budget <= 0) return;
  if (typeof value === 'string') {
    walk.budget--;
    if (isTainted(value, state)) out.push(path);
    return;
  }
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [`${path}[${i}]`, v])
    : value !== null && typeof value === 'object'
      ? Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v])
      : [];
  walk.depth++;
  for (const [p, v] of entries) collectTainted(v, p, state, out, walk);
  walk.depth--;
}

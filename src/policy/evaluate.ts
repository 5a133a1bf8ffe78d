/**
 * Policy evaluation: pure and synchronous. Visits only the action's candidate rules, combines
 * matches deny-wins and order-independently, and never throws: a rule that cannot be evaluated
 * applies the policy's fail mode (closed → deny) with the error in the reasons.
 */
import { PHASES } from '../core/check.js';
import type {
  ApprovalRequirement,
  Effect,
  FailureNote,
  PolicyRef,
  RuleMatch,
} from '../core/decision.js';
import { errorMessage } from '../core/errors.js';
import type { FindingCategory } from '../core/finding.js';
import type { CompiledPolicy, CompiledRule } from './compile.js';
import { lookup, PHASE_BITS } from './compile.js';
import type { CounterStore } from './counters.js';
import { EvaluationContext, type PolicyInput } from './input.js';

/** What the policy decided for one input. */
export interface PolicyOutcome {
  readonly effect: Effect;
  /** One line per enforced matching rule (deciding effect first), or the failure/default that decided. */
  readonly reasons: readonly string[];
  /** Enforced rules that matched: deny, then escalate, then allow; policy order within each. */
  readonly rules: readonly RuleMatch[];
  /** Shadow rules that matched: reported, never enforced. */
  readonly shadow: readonly RuleMatch[];
  /** Set when the effect is escalate: the strictest requirement among matching escalate rules. */
  readonly approval?: ApprovalRequirement;
  /** Finding categories that enforced matching rules asked to redact. */
  readonly redact: readonly FindingCategory[];
  readonly failures: readonly FailureNote[];
  readonly policy: PolicyRef;
}

const RANK: Readonly<Record<Effect, number>> = { deny: 0, escalate: 1, allow: 2 };

interface PendingCount {
  readonly key: string;
  readonly amount: number;
  readonly windowMs: number;
}

/** Evaluate a compiled policy. Pure apart from the counter store; never throws. */
export function evaluatePolicy(
  policy: CompiledPolicy,
  input: PolicyInput,
  counters: CounterStore,
): PolicyOutcome {
  try {
    return evaluate(policy, input, counters);
  } catch (err) {
    // Defensive: evaluate() guards each rule, so this is reached only on a broken invariant.
    const error = `policy evaluation failed: ${errorMessage(err)}`;
    return failed(policy, error);
  }
}

function failed(policy: CompiledPolicy, error: string): PolicyOutcome {
  return {
    effect: 'deny',
    reasons: [error],
    rules: [],
    shadow: [],
    redact: [],
    failures: [{ stage: 'policy', error, failMode: 'closed' }],
    policy: policy.ref,
  };
}

function invalidCheck(input: PolicyInput): string | null {
  const c = input.check as unknown as Record<string, unknown> | null;
  if (c === null || typeof c !== 'object') return 'check is not an object';
  if (typeof c.action !== 'string') return 'check.action is not a string';
  if (!PHASES.includes(c.phase as never)) return 'check.phase is not a known phase';
  const p = c.principal as Record<string, unknown> | null | undefined;
  if (p === null || typeof p !== 'object' || typeof p.id !== 'string') {
    return 'check.principal.id is not a string';
  }
  if (!Number.isFinite(input.now)) return 'now is not a finite time';
  return null;
}

function evaluate(
  policy: CompiledPolicy,
  input: PolicyInput,
  counters: CounterStore,
): PolicyOutcome {
  const invalid = invalidCheck(input);
  if (invalid) return failed(policy, `invalid check: ${invalid}`);
  const check = input.check;
  const phaseBit = PHASE_BITS[check.phase];
  const candidates = policy.index.candidates(check.action);
  const ctx = new EvaluationContext(input);
  const enforced: CompiledRule[] = [];
  const shadow: CompiledRule[] = [];
  const failures: FailureNote[] = [];
  const errorReasons: string[] = [];
  const pending: PendingCount[] = [];

  for (const rule of candidates) {
    if ((rule.phaseMask & phaseBit) === 0) continue;
    let matched: boolean;
    try {
      matched = ruleMatches(rule, ctx);
      if (matched && rule.limit) matched = limitExceeded(policy, rule, ctx, counters, pending);
    } catch (err) {
      const error = `rule ${rule.id}: could not evaluate: ${errorMessage(err)}`;
      // A shadow rule never enforces, not even through its failure.
      const mode = rule.mode === 'shadow' ? 'open' : policy.failMode;
      failures.push({ stage: 'policy', error, failMode: mode });
      if (mode === 'closed') errorReasons.push(error);
      continue;
    }
    if (!matched) continue;
    (rule.mode === 'shadow' ? shadow : enforced).push(rule);
  }

  // Deciding rules first (deny, then escalate, then allow), policy order within each effect.
  enforced.sort((a, b) => RANK[a.effect] - RANK[b.effect] || a.order - b.order);
  shadow.sort((a, b) => RANK[a.effect] - RANK[b.effect] || a.order - b.order);
  const combined = combine(enforced, policy.defaultEffect);
  let effect: Effect = errorReasons.length > 0 ? 'deny' : combined;
  const reasons: string[] = [...errorReasons, ...enforced.map((r) => r.reason)];
  if (enforced.length === 0 && errorReasons.length === 0) {
    reasons.push(`no rule matched: default ${policy.defaultEffect}`);
  }
  if (policy.mode === 'shadow') {
    const would = combine(shadow, policy.defaultEffect);
    effect = 'allow';
    reasons.length = 0;
    reasons.push(`policy ${policy.name} is in shadow mode (would ${would})`);
  }

  // Limits count what goes ahead (allowed or sent for approval), not what is denied.
  if (effect !== 'deny') {
    for (const p of pending) {
      try {
        counters.add(p.key, p.amount, p.windowMs, input.now);
      } catch (err) {
        failures.push({
          stage: 'counters',
          error: `could not record limit usage: ${errorMessage(err)}`,
          failMode: policy.failMode,
        });
        if (policy.failMode === 'closed') {
          effect = 'deny';
          reasons.unshift(`counter store failed: ${errorMessage(err)}`);
        }
      }
    }
  }

  const out: {
    effect: Effect;
    reasons: string[];
    rules: RuleMatch[];
    shadow: RuleMatch[];
    approval?: ApprovalRequirement;
    redact: FindingCategory[];
    failures: FailureNote[];
    policy: PolicyRef;
  } = {
    effect,
    reasons,
    rules: enforced.map(toMatch),
    shadow: shadow.map(toMatch),
    redact: [],
    failures,
    policy: policy.ref,
  };
  if (effect === 'escalate') {
    let best: ApprovalRequirement | undefined;
    for (const r of enforced) {
      if (r.effect === 'escalate' && r.approval && (!best || r.approval.count > best.count)) {
        best = r.approval;
      }
    }
    if (best) out.approval = best;
  }
  if (effect !== 'deny') {
    const cats = new Set<FindingCategory>();
    for (const r of enforced) for (const c of r.redact) cats.add(c);
    out.redact = [...cats];
  }
  return out;
}

/** Deny wins, then escalate, then allow, then the default. Order-independent. */
export function combine(matches: readonly { effect: Effect }[], fallback: Effect): Effect {
  let sawEscalate = false;
  let sawAllow = false;
  for (const m of matches) {
    if (m.effect === 'deny') return 'deny';
    if (m.effect === 'escalate') sawEscalate = true;
    else sawAllow = true;
  }
  return sawEscalate ? 'escalate' : sawAllow ? 'allow' : fallback;
}

function toMatch(rule: CompiledRule): RuleMatch {
  return { id: rule.id, effect: rule.effect, reason: rule.reason, mode: rule.mode };
}

function ruleMatches(rule: CompiledRule, ctx: EvaluationContext): boolean {
  for (const cond of rule.conditions) if (!cond(ctx)) return false;
  if (rule.unless?.every((cond) => cond(ctx))) return false;
  if (rule.when) {
    const value = rule.when(ctx.celActivation(rule.timezone));
    if (typeof value !== 'boolean') {
      throw new TypeError(`condition returned ${typeof value}, not a bool`);
    }
    return value;
  }
  return true;
}

function scopeValue(rule: CompiledRule, ctx: EvaluationContext): string {
  const { check } = ctx;
  switch (rule.limit?.per) {
    case 'session':
      return check.session !== undefined ? `s:${check.session}` : `p:${check.principal.id}`;
    case 'tenant':
      return `t:${check.principal.tenant ?? ''}`;
    case 'global':
      return 'g';
    default:
      return `p:${check.principal.id}`;
  }
}

/** Whether this check would go past the rule's limit; queues the usage to record. */
function limitExceeded(
  policy: CompiledPolicy,
  rule: CompiledRule,
  ctx: EvaluationContext,
  counters: CounterStore,
  pending: PendingCount[],
): boolean {
  const limit = rule.limit!;
  const key = `${policy.name}\u0000${rule.id}\u0000${scopeValue(rule, ctx)}`;
  let amount = 1;
  if (limit.kind === 'budget') {
    const v = lookup(ctx.check.params, limit.param!);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      // Missing or negative amounts must not slip past (or refill) a budget.
      throw new TypeError(`budget param ${limit.param!.join('.')} is not a non-negative number`);
    }
    amount = v;
  }
  const used = counters.sum(key, limit.windowMs, ctx.input.now);
  pending.push({ key, amount, windowMs: limit.windowMs });
  return used + amount > limit.max;
}

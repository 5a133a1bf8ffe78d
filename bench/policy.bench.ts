/**
 * Policy evaluation latency for 10, 100 and 1,000 rules, with structured matchers only and with a
 * CEL condition on every rule, against a naive baseline measured in the same run: a linear scan of
 * the uncompiled rules (globs matched by picomatch from the pattern text, CEL parsed per call).
 */
import { evaluate as celEvaluate } from '@marcbachmann/cel-js';
import picomatch from 'picomatch';
import type { Check } from '../src/core/check.js';
import { createGuard } from '../src/guard.js';
import { compilePolicy } from '../src/policy/compile.js';
import { MemoryCounterStore } from '../src/policy/counters.js';
import { evaluatePolicy } from '../src/policy/evaluate.js';
import type { PolicyDocument } from '../src/policy/schema.js';
import type { BenchResult } from './harness.js';
import { timeUs } from './harness.js';

const SERVICES = 50;
const EFFECTS = ['allow', 'allow', 'allow', 'deny', 'escalate'] as const;

/** A policy of `n` rules spread over services and operations, like a large tool catalogue. */
function policyText(n: number, cel: boolean): string {
  const lines = ['name: bench', 'version: 1', 'rules:'];
  for (let i = 0; i < n; i++) {
    const svc = `svc${i % SERVICES}`;
    const effect = EFFECTS[i % EFFECTS.length]!;
    const action = i % 10 === 0 ? `${svc}.*` : `${svc}.op${Math.floor(i / SERVICES) % 20}`;
    const approvers = effect === 'escalate' ? ', approvers: { role: ops, count: 1 }' : '';
    const when = cel ? `, when: 'params.amount > ${i % 100} && "agent" in principal.roles'` : '';
    lines.push(
      `  - { id: r${i}, effect: ${effect}${approvers}, match: { phase: action, action: "${action}", ` +
        `resource: "/data/${svc}/**", principal: { roles: [agent, ops] }, params: { amount: { lte: ${1000 + i} } } }${when} }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function checks(): Check[] {
  const out: Check[] = [];
  for (let i = 0; i < 16; i++) {
    const svc = `svc${(i * 7) % SERVICES}`;
    out.push({
      phase: 'action',
      action: `${svc}.op${i % 20}`,
      resource: `/data/${svc}/file${i}.txt`,
      params: { amount: 150 + i },
      principal: { id: `agent-${i}`, roles: ['agent'] },
    });
  }
  return out;
}

/** The baseline: no index, no precompiled globs or CEL; every rule is interpreted on every call. */
function naiveEvaluate(doc: PolicyDocument, check: Check): string {
  let deny = false;
  let escalate = false;
  let allow = false;
  for (const rule of doc.rules) {
    const m = rule.match ?? {};
    if (m.phase !== undefined && !([] as string[]).concat(m.phase).includes(check.phase)) continue;
    if (
      m.action !== undefined &&
      !([] as string[])
        .concat(m.action)
        .some((p) => picomatch.isMatch(check.action, p, { dot: true }))
    )
      continue;
    if (m.resource !== undefined) {
      const r = check.resource;
      if (
        r === undefined ||
        !([] as string[]).concat(m.resource).some((p) => picomatch.isMatch(r, p, { dot: true }))
      )
        continue;
    }
    if (m.principal?.roles && !m.principal.roles.some((r) => check.principal.roles?.includes(r)))
      continue;
    let paramsOk = true;
    for (const [path, matcher] of Object.entries(m.params ?? {})) {
      const v = path
        .split('.')
        .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], check.params);
      if (typeof matcher === 'object' && matcher !== null && matcher.lte !== undefined) {
        if (typeof v !== 'number' || v > matcher.lte) paramsOk = false;
      }
    }
    if (!paramsOk) continue;
    if (
      rule.when &&
      celEvaluate(rule.when, {
        params: { amount: BigInt(check.params?.amount as number) },
        principal: check.principal,
      }) !== true
    )
      continue;
    if (rule.effect === 'deny') deny = true;
    else if (rule.effect === 'escalate') escalate = true;
    else allow = true;
  }
  return deny ? 'deny' : escalate ? 'escalate' : allow ? 'allow' : 'deny';
}

/** Runs the suite. */
export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const cs = checks();
  const now = Date.parse('2026-01-05T12:00:00Z');
  for (const cel of [false, true]) {
    for (const n of [10, 100, 1000]) {
      const policy = compilePolicy(policyText(n, cel));
      const counters = new MemoryCounterStore();
      let i = 0;
      const ours = timeUs(() => {
        evaluatePolicy(policy, { check: cs[i++ & 15]!, now }, counters);
      });
      // Sanity: the compiled evaluator and the naive one agree on every benchmark check.
      for (const c of cs) {
        const a = evaluatePolicy(policy, { check: c, now }, counters).effect;
        const b = naiveEvaluate(policy.document, c);
        if (a !== b) throw new Error(`bench: evaluators disagree on ${c.action}: ${a} vs ${b}`);
      }
      let j = 0;
      const naive = timeUs(
        () => {
          naiveEvaluate(policy.document, cs[j++ & 15]!);
        },
        { samples: n >= 1000 ? 60 : 300, warmup: n >= 1000 ? 5 : 50 },
      );
      const name = `policy.evaluate${cel ? '.cel' : ''}.rules${n}`;
      results.push({
        name,
        unit: 'us',
        p50: ours.p50,
        p99: ours.p99,
        baseline: { name: `${name}.naive`, p50: naive.p50, p99: naive.p99 },
      });
    }
  }
  // The whole guard (digest, session view, policy, decision) around the 1,000-rule policy.
  const guard = createGuard({ policy: compilePolicy(policyText(1000, false)), sessions: false });
  let k = 0;
  const whole = timeUs(() => {
    guard.check(cs[k++ & 15]!);
  });
  results.push({ name: 'guard.check.rules1000', unit: 'us', p50: whole.p50, p99: whole.p99 });
  return results;
}

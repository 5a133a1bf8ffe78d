import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Check } from '../core/check.js';
import type { Effect } from '../core/decision.js';
import type { Finding } from '../core/finding.js';
import { compilePolicy } from './compile.js';
import { type CounterStore, MemoryCounterStore } from './counters.js';
import { evaluatePolicy } from './evaluate.js';
import type { PolicyInput } from './input.js';

const NOW = Date.parse('2026-01-05T12:00:00Z'); // Monday noon UTC
const agent = { id: 'agent-1', type: 'agent', roles: ['reader'], tenant: 'acme' };

function policy(rules: string, head = ''): ReturnType<typeof compilePolicy> {
  return compilePolicy(`name: t\nversion: 1\n${head}rules:\n${rules}`);
}

function run(
  p: ReturnType<typeof compilePolicy>,
  check: Partial<Check>,
  extra: Partial<PolicyInput> = {},
  counters: CounterStore = new MemoryCounterStore(),
) {
  const full = { phase: 'action', action: 'x.y', principal: agent, ...check } as Check;
  return evaluatePolicy(p, { check: full, now: NOW, ...extra }, counters);
}

describe('combination', () => {
  const p = policy(`
  - { id: a, effect: allow, match: { action: "file.*" } }
  - { id: e, effect: escalate, match: { action: file.delete }, approvers: { role: ops, count: 2 }, expires: 1h }
  - { id: d, effect: deny, reason: no etc, match: { action: "file.*", resource: "/etc/**" } }
`);

  it('defaults to deny when nothing matches', () => {
    const o = run(p, { action: 'net.get' });
    expect(o).toMatchObject({
      effect: 'deny',
      rules: [],
      reasons: ['no rule matched: default deny'],
    });
  });

  it('allows, escalates with the approval requirement, and lets deny win', () => {
    expect(run(p, { action: 'file.read', resource: '/tmp/a' }).effect).toBe('allow');
    const esc = run(p, { action: 'file.delete', resource: '/tmp/a' });
    expect(esc.effect).toBe('escalate');
    expect(esc.approval).toEqual({ role: 'ops', count: 2, expiresInMs: 3_600_000 });
    const deny = run(p, { action: 'file.delete', resource: '/etc/passwd' });
    expect(deny.effect).toBe('deny');
    expect(deny.rules.map((r) => r.id)).toEqual(['d', 'e', 'a']);
    expect(deny.reasons).toEqual(['no etc', 'rule e (escalate)', 'rule a (allow)']);
    expect(deny.approval).toBeUndefined();
  });

  it('honours a default of allow', () => {
    const q = policy('  - { id: d, effect: deny, match: { action: bad } }\n', 'default: allow\n');
    expect(run(q, { action: 'good' })).toMatchObject({
      effect: 'allow',
      reasons: ['no rule matched: default allow'],
    });
  });

  it('picks the strictest approval among escalate rules', () => {
    const q = policy(`
  - { id: one, effect: escalate, approvers: { role: a, count: 1 } }
  - { id: three, effect: escalate, approvers: { role: b, count: 3 } }
  - { id: plain, effect: escalate }
`);
    expect(run(q, {}).approval).toEqual({ role: 'b', count: 3, expiresInMs: 86_400_000 });
  });

  it('deny wins for any ordering of the same rules', () => {
    const effects = fc.constantFrom<Effect>('allow', 'deny', 'escalate');
    const ruleArb = fc.record({ effect: effects, matches: fc.boolean(), shadow: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(ruleArb, { minLength: 1, maxLength: 8 }),
        fc.integer(),
        (rules, seed) => {
          const yaml = (list: typeof rules) =>
            list
              .map(
                (r, i) =>
                  `  - { id: r${rules.indexOf(r)}_${i}, effect: ${r.effect}, mode: ${r.shadow ? 'shadow' : 'enforce'}, match: { action: ${r.matches ? 'go' : 'stop'} } }\n`,
              )
              .join('');
          const shuffled = [...rules].sort(
            (a, b) =>
              ((rules.indexOf(a) * 7919 + seed) % 13) - ((rules.indexOf(b) * 7919 + seed) % 13),
          );
          const o1 = run(policy(yaml(rules)), { action: 'go' });
          const o2 = run(policy(yaml(shuffled)), { action: 'go' });
          const enforced = rules.filter((r) => r.matches && !r.shadow).map((r) => r.effect);
          const want = enforced.includes('deny')
            ? 'deny'
            : enforced.includes('escalate')
              ? 'escalate'
              : enforced.includes('allow')
                ? 'allow'
                : 'deny';
          expect(o1.effect).toBe(want);
          expect(o2.effect).toBe(want);
          expect(o1.shadow.length).toBe(rules.filter((r) => r.matches && r.shadow).length);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('shadow mode', () => {
  it('reports shadow rule matches without enforcing them', () => {
    const p = policy(`
  - { id: ok, effect: allow }
  - { id: trial, effect: deny, mode: shadow, reason: would block }
`);
    const o = run(p, {});
    expect(o.effect).toBe('allow');
    expect(o.shadow).toEqual([
      { id: 'trial', effect: 'deny', reason: 'would block', mode: 'shadow' },
    ]);
    expect(o.rules.map((r) => r.id)).toEqual(['ok']);
  });

  it('a shadow policy always allows and says what it would have done', () => {
    const p = policy('  - { id: d, effect: deny }\n', 'mode: shadow\n');
    const o = run(p, {});
    expect(o.effect).toBe('allow');
    expect(o.reasons).toEqual(['policy t is in shadow mode (would deny)']);
    expect(o.shadow.map((r) => r.id)).toEqual(['d']);
  });

  it('a failing shadow rule never denies', () => {
    const p = policy(
      '  - { id: ok, effect: allow }\n  - { id: s, effect: deny, mode: shadow, when: "params.missing == 1" }\n',
    );
    const o = run(p, { params: {} });
    expect(o.effect).toBe('allow');
    expect(o.failures[0]).toMatchObject({ stage: 'policy', failMode: 'open' });
  });
});

describe('structured matching', () => {
  it('matches phases, principals, params and context', () => {
    const p = policy(`
  - id: r
    effect: allow
    match:
      phase: [action, tool_result]
      principal: { id: "agent-*", type: agent, roles: [admin, reader], tenant: acme }
      params: { amount: { gte: 10, lt: 100 }, to: { glob: "*@example.com" }, kind: invoice, "meta.level": { in: [1, 2] } }
      context: { env: { not_in: [prod] } }
`);
    const ok = {
      params: { amount: 10, to: 'a@example.com', kind: 'invoice', meta: { level: 2 } },
      context: { env: 'dev' },
    };
    expect(run(p, ok).effect).toBe('allow');
    expect(run(p, { ...ok, phase: 'input' }).effect).toBe('deny');
    expect(run(p, { ...ok, principal: { ...agent, roles: ['writer'] } }).effect).toBe('deny');
    expect(run(p, { ...ok, principal: { id: 'agent-2' } }).effect).toBe('deny');
    expect(run(p, { ...ok, params: { ...ok.params, amount: 100 } }).effect).toBe('deny');
    expect(run(p, { ...ok, params: { ...ok.params, amount: '10' } }).effect).toBe('deny');
    expect(run(p, { ...ok, params: { ...ok.params, meta: { level: 3 } } }).effect).toBe('deny');
    expect(run(p, { ...ok, context: { env: 'prod' } }).effect).toBe('deny');
  });

  it('does not read inherited properties through param paths', () => {
    const p = policy(
      '  - { id: r, effect: allow, match: { params: { "toString": { exists: true } } } }\n',
    );
    expect(run(p, { params: {} }).effect).toBe('deny');
  });

  it('applies unless blocks', () => {
    const p = policy(`
  - { id: a, effect: allow }
  - { id: d, effect: deny, match: { action: "file.*" }, unless: { resource: "/tmp/**" } }
`);
    expect(run(p, { action: 'file.rm', resource: '/tmp/x' }).effect).toBe('allow');
    expect(run(p, { action: 'file.rm', resource: '/home/x' }).effect).toBe('deny');
  });

  it('compares scan scores with thresholds per category and overall', () => {
    const p = policy(`
  - { id: a, effect: allow }
  - { id: inj, effect: deny, match: { scan: { prompt_injection: ">= 0.8" } } }
  - { id: any, effect: escalate, match: { scan: { any: 0.5 } } }
`);
    const f = (category: Finding['category'], score: number): Finding => ({
      category,
      score,
      detector: 'd',
      severity: 'high',
    });
    expect(run(p, {}, { findings: [f('prompt_injection', 0.79)] }).effect).toBe('escalate');
    expect(run(p, {}, { findings: [f('prompt_injection', 0.8)] }).effect).toBe('deny');
    expect(run(p, {}, { findings: [f('pii', 0.4)] }).effect).toBe('allow');
  });

  it('reads session labels and provenance', () => {
    const p = policy(`
  - { id: a, effect: allow }
  - { id: t, effect: deny, match: { session: { params_tainted: true } } }
  - { id: l, effect: escalate, match: { session: { labels: [untrusted_input, sensitive_read] } } }
`);
    const session = (labels: string[], taintedParams: string[] = []) => ({
      session: { labels, counters: {}, taintedParams },
    });
    expect(run(p, {}, session(['untrusted_input'])).effect).toBe('allow');
    expect(run(p, {}, session(['untrusted_input', 'sensitive_read'])).effect).toBe('escalate');
    expect(run(p, {}, session([], ['url'])).effect).toBe('deny');
  });

  it('matches local time in the policy or rule time zone, wrapping past midnight', () => {
    const p = policy(
      `
  - { id: a, effect: allow }
  - { id: night, effect: deny, match: { time: { hours: { from: 22, to: 6 } } } }
  - { id: weekend, effect: escalate, timezone: Pacific/Auckland, match: { time: { weekdays: [sat, sun] } } }
`,
      'timezone: America/New_York\n',
    );
    const at = (iso: string) =>
      evaluatePolicy(
        p,
        { check: { phase: 'action', action: 'x', principal: agent }, now: Date.parse(iso) },
        new MemoryCounterStore(),
      ).effect;
    expect(at('2026-01-05T12:00:00Z')).toBe('allow'); // 07:00 Mon in New York, Tue in Auckland
    expect(at('2026-01-06T04:00:00Z')).toBe('deny'); // 23:00 Mon in New York
    expect(at('2026-01-09T12:00:00Z')).toBe('escalate'); // Fri 07:00 NY = Sat 01:00 Auckland
  });
});

describe('CEL conditions', () => {
  it('sees every documented variable', () => {
    const p = policy(`
  - id: r
    effect: allow
    when: >-
      params.amount > 100 && params.amount + 1 == 151 && params.rate < 0.5 &&
      principal.id == "agent-1" && "reader" in principal.roles && check.action == action &&
      phase == "action" && resource.startsWith("/data") && context.env == "dev" &&
      scan.pii.score >= 0.7 && scan.pii.count == 1 && scan.secret.score == 0.0 && scan.max >= 0.7 &&
      scan.findings.exists(f, f.entity == "EMAIL") &&
      "untrusted_input" in session.labels && session.counters.checks == 3 && session.params_tainted &&
      monitor.metrics.rate > 2.0 && "burst" in monitor.alerts && monitor.rate > 2.0 &&
      time.hour == 12 && time.weekday == "mon" && time.date == "2026-01-05" &&
      now > timestamp("2026-01-01T00:00:00Z") && resource.safeMatches("^/data/[a-z]+$")
`);
    const o = run(
      p,
      { resource: '/data/abc', params: { amount: 150, rate: 0.25 }, context: { env: 'dev' } },
      {
        findings: [
          {
            category: 'pii',
            score: 0.7,
            detector: 'pii.email',
            severity: 'medium',
            entity: 'EMAIL',
          },
        ],
        session: { labels: ['untrusted_input'], counters: { checks: 3 }, taintedParams: ['x'] },
        monitor: { alerts: ['burst'], metrics: { rate: 2.5 } },
      },
    );
    expect(o.failures).toEqual([]);
    expect(o.effect).toBe('allow');
  });

  it('fails closed on a runtime error, with the error in the reasons', () => {
    const p = policy(
      '  - { id: a, effect: allow }\n  - { id: c, effect: allow, when: "params.to.endsWith(\\"x\\")" }\n',
    );
    const o = run(p, { params: {} });
    expect(o.effect).toBe('deny');
    expect(o.reasons[0]).toMatch(/^rule c: could not evaluate: /);
    expect(o.failures).toEqual([expect.objectContaining({ stage: 'policy', failMode: 'closed' })]);
  });

  it('skips a failing rule when the policy fails open, and records it', () => {
    const p = policy(
      '  - { id: a, effect: allow }\n  - { id: c, effect: deny, when: "params.to == 1" }\n',
      'fail_mode: open\n',
    );
    const o = run(p, { params: {} });
    expect(o.effect).toBe('allow');
    expect(o.failures[0]).toMatchObject({ failMode: 'open' });
  });

  it('treats a non-bool result as an error', () => {
    const p = policy('  - { id: a, effect: allow, when: "params.x" }\n');
    expect(run(p, { params: { x: 'yes' } }).effect).toBe('deny');
    expect(run(p, { params: { x: true } }).effect).toBe('allow');
  });
});

describe('limits', () => {
  it('rate-limits per principal within a sliding window', () => {
    const p = policy(`
  - { id: ok, effect: allow }
  - { id: rate, effect: deny, match: { action: email.send }, limit: { rate: { count: 2, window: 10m } } }
`);
    const counters = new MemoryCounterStore();
    const send = (now: number, id = 'agent-1') =>
      evaluatePolicy(
        p,
        { check: { phase: 'action', action: 'email.send', principal: { id } }, now },
        counters,
      ).effect;
    expect([send(NOW), send(NOW + 1000), send(NOW + 2000)]).toEqual(['allow', 'allow', 'deny']);
    expect(send(NOW + 3000, 'other')).toBe('allow');
    // Denied attempts do not count; after the window the first sends expire.
    expect(send(NOW + 599_999)).toBe('deny');
    expect(send(NOW + 600_000)).toBe('allow');
    expect(send(NOW + 600_500)).toBe('deny');
  });

  it('caps a summed param per window and refuses missing or negative amounts', () => {
    const p = policy(`
  - { id: ok, effect: allow }
  - { id: budget, effect: escalate, limit: { budget: { param: amount, max: 500, window: 1d, per: tenant } } }
`);
    const counters = new MemoryCounterStore();
    const pay = (amount: unknown) =>
      run(p, { action: 'pay', params: { amount } }, {}, counters).effect;
    expect(pay(300)).toBe('allow');
    expect(pay(200)).toBe('allow');
    expect(pay(1)).toBe('escalate');
    expect(pay(-1000)).toBe('deny');
    expect(pay('5')).toBe('deny');
    expect(pay(undefined)).toBe('deny');
  });

  it('fails closed when the counter store fails', () => {
    const p = policy('  - { id: r, effect: allow, limit: { rate: { count: 5, window: 1m } } }\n');
    const broken: CounterStore = {
      sum: () => {
        throw new Error('redis down');
      },
      add: () => {},
    };
    const o = run(p, {}, {}, broken);
    expect(o.effect).toBe('deny');
    expect(o.reasons[0]).toContain('redis down');
  });
});

describe('action index', () => {
  it('visits exactly the rules whose action patterns match', () => {
    const p = policy(`
  - { id: exact, effect: allow, match: { action: file.read } }
  - { id: prefix, effect: allow, match: { action: "file.*" } }
  - { id: brace, effect: allow, match: { action: "{file,dir}.list" } }
  - { id: star, effect: allow, match: { action: "*.read" } }
  - { id: any, effect: allow }
  - { id: other, effect: allow, match: { action: "net.*" } }
`);
    const ids = (a: string) => p.index.candidates(a).map((r) => r.id);
    expect(ids('file.read')).toEqual(['exact', 'prefix', 'star', 'any']);
    expect(ids('dir.list')).toEqual(['brace', 'any']);
    expect(ids('file.list')).toEqual(['prefix', 'brace', 'any']);
    expect(ids('net.get')).toEqual(['any', 'other']);
  });

  it('agrees with a linear scan for arbitrary actions', () => {
    const pats = ['a.b', 'a.*', '*.b', 'a.{b,c}', '**', 'b.?', 'a.b.*', 'c'];
    const p = policy(
      pats
        .map((pat, i) => `  - { id: r${i}, effect: allow, match: { action: "${pat}" } }\n`)
        .join(''),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[abc.]{0,6}$/), (action) => {
        const want = p.rules
          .filter((r) => r.actions?.some((g) => g.match(action)) ?? true)
          .map((r) => r.id);
        expect(p.index.candidates(action).map((r) => r.id)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});

describe('robustness', () => {
  const p = policy(`
  - { id: a, effect: allow, match: { params: { "x.y": { gt: 1 } }, principal: { roles: [r] } } }
  - { id: b, effect: deny, when: "params.x.y > 2 || size(principal.roles) > 3" }
  - { id: c, effect: escalate, match: { scan: { any: 0.5 }, session: { labels: [l] } } }
  - { id: d, effect: deny, limit: { budget: { param: x.y, max: 10, window: 1m } } }
`);

  it('never throws and never allows an invalid check', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (check, params, findings) => {
        const input = {
          check: (typeof check === 'object' && check !== null
            ? { ...check, params }
            : check) as Check,
          now: NOW,
          findings: (Array.isArray(findings) ? findings : []) as Finding[],
        };
        const o = evaluatePolicy(p, input, new MemoryCounterStore());
        expect(['allow', 'deny', 'escalate']).toContain(o.effect);
      }),
      { numRuns: 300 },
    );
    expect(
      evaluatePolicy(p, { check: null as unknown as Check, now: NOW }, new MemoryCounterStore()),
    ).toMatchObject({
      effect: 'deny',
      reasons: ['invalid check: check is not an object'],
    });
    const badPhase = { phase: 'nope', action: 'x', principal: agent } as unknown as Check;
    expect(evaluatePolicy(p, { check: badPhase, now: NOW }, new MemoryCounterStore()).effect).toBe(
      'deny',
    );
  });

  it('never throws on well-shaped checks with arbitrary values', () => {
    const check = fc.record({
      phase: fc.constantFrom('input', 'output', 'action', 'tool_result'),
      action: fc.string(),
      principal: fc.record({ id: fc.string(), roles: fc.array(fc.string()) }),
      params: fc.dictionary(fc.string(), fc.jsonValue()),
    });
    fc.assert(
      fc.property(check, (c) => {
        const o = evaluatePolicy(p, { check: c as Check, now: NOW }, new MemoryCounterStore());
        expect(['allow', 'deny', 'escalate']).toContain(o.effect);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Integration: monitor alerts are a policy input. A principal whose denial rate jumps gets
 * quarantined (its actions escalate to a human) while another principal carries on.
 */
import { describe, expect, it } from 'vitest';
import type { Check } from '../src/core/check.js';
import { manualClock } from '../src/core/clock.js';
import { type CheckMonitor, createGuard } from '../src/guard.js';
import { createMonitor } from '../src/monitor/monitor.js';

const POLICY = `
name: quarantine
version: 1
default: deny
rules:
  - id: allow-reads
    effect: allow
    reason: reads are fine
    match: { phase: action, action: ["fs.read", "search.*"] }
  - id: deny-secrets-dir
    effect: deny
    reason: the secrets folder is off limits
    match: { phase: action, resource: ["/secrets/**"] }
  - id: quarantine
    effect: escalate
    reason: agent under a behavioural alert
    approvers: { role: security, count: 1 }
    expires: 10m
    when: "size(monitor.alerts) > 0"
  - id: first-time-tool
    effect: escalate
    reason: first use of this tool by this agent
    approvers: { role: security, count: 1 }
    expires: 10m
    when: "monitor.action_is_new == 1"
`;

describe('monitor → policy (quarantine)', () => {
  it('escalates an agent under alert and a first-time tool, leaves a well-behaved agent alone', () => {
    const clock = manualClock(1_700_000_000_000);
    const monitor = createMonitor({ warmup: 50 });
    const m: CheckMonitor = monitor; // the monitor is the guard's CheckMonitor
    const guard = createGuard({ policy: { text: POLICY }, monitor: m, clock, sessions: false });
    const check = (who: string, resource: string, action = 'fs.read'): Check => ({
      phase: 'action',
      action,
      resource,
      principal: { id: who, tenant: 'acme' },
    });
    // Warm-up and steady state for both agents: reads, 1 in 25 hits the secrets folder (denied).
    for (let i = 0; i < 200; i++) {
      clock.advance(2_000);
      for (const who of ['good', 'bad']) {
        const d = guard.check(check(who, i % 25 === 0 ? '/secrets/k' : `/data/${i}`));
        expect(d.decision).toBe(i % 25 === 0 ? 'deny' : 'allow');
      }
    }
    // 'bad' starts probing the secrets folder.
    let quarantinedAfter = -1;
    for (let i = 1; i <= 60 && quarantinedAfter < 0; i++) {
      clock.advance(2_000);
      guard.check(check('bad', '/secrets/k'));
      if (guard.check(check('bad', '/data/ok')).decision === 'escalate') quarantinedAfter = i;
    }
    expect(quarantinedAfter).toBeGreaterThan(0);
    expect(quarantinedAfter).toBeLessThanOrEqual(30);
    const d = guard.check(check('bad', '/data/ok'));
    expect(d.decision).toBe('escalate');
    expect(d.rules.map((r) => r.id)).toContain('quarantine');
    expect(d.approval).toMatchObject({ role: 'security', count: 1 });
    expect(guard.check(check('good', '/data/ok')).decision).toBe('allow');
    // A tool never seen in 'good''s baseline needs a human the first time.
    const fresh = guard.check(check('good', 'q', 'search.web'));
    expect(fresh.decision).toBe('escalate');
    expect(fresh.rules.map((r) => r.id)).toContain('first-time-tool');
    expect(fresh.rules.map((r) => r.id)).not.toContain('quarantine');
  });
});

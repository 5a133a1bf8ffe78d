import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { compilePolicy } from './compile.js';
import { parseReplayRecords, replay } from './replay.js';

const NOW = Date.parse('2026-01-05T12:00:00Z');
const v1 = compilePolicy(`name: mail
version: 1
rules:
  - { id: send, effect: allow, match: { action: email.send } }
  - { id: rate, effect: deny, match: { action: email.send }, limit: { rate: { count: 2, window: 1h } } }
`);
const v2 = compilePolicy(`name: mail
version: 2
rules:
  - { id: send, effect: allow, match: { action: email.send, params: { to: { glob: "*@example.com" } } } }
  - { id: external, effect: escalate, match: { action: email.send }, unless: { params: { to: { glob: "*@example.com" } } } }
  - { id: rate, effect: deny, match: { action: email.send }, limit: { rate: { count: 2, window: 1h } } }
`);

const jsonl = [
  JSON.stringify({
    phase: 'action',
    action: 'email.send',
    principal: { id: 'a' },
    params: { to: 'b@example.com' },
  }),
  '',
  JSON.stringify({
    check: {
      phase: 'action',
      action: 'email.send',
      principal: { id: 'a' },
      params: { to: 'x@other.org' },
    },
    now: '2026-01-05T12:01:00Z',
  }),
  JSON.stringify({
    phase: 'action',
    action: 'email.send',
    principal: { id: 'a' },
    params: { to: 'c@example.com' },
  }),
  JSON.stringify({
    check: { phase: 'input', action: 'llm.chat', principal: { id: 'a' } },
    findings: [{ category: 'pii', score: 0.9 }],
  }),
].join('\n');

describe('replay', () => {
  it('decides recorded checks in order and lists what a new version changes', () => {
    const records = parseReplayRecords(jsonl, 'r.jsonl', NOW);
    expect(records.map((r) => r.line)).toEqual([1, 3, 4, 5]);
    expect(records[1]!.input.now).toBe(Date.parse('2026-01-05T12:01:00Z'));
    expect(records[3]!.input.findings).toEqual([
      { category: 'pii', score: 0.9, detector: 'replay', severity: 'high' },
    ]);
    const report = replay(records, v2, v1);
    expect(report.records).toBe(4);
    expect(report.before).toEqual({ allow: 2, deny: 2, escalate: 0 });
    expect(report.after).toEqual({ allow: 1, deny: 2, escalate: 1 });
    // Line 4 is denied under both: escalated sends count against the rate limit too.
    expect(report.changes).toEqual([
      {
        line: 3,
        action: 'email.send',
        before: 'allow',
        after: 'escalate',
        rulesBefore: ['send'],
        rulesAfter: ['external'],
      },
    ]);
    expect(replay(records, v1).before).toBeUndefined();
  });

  it('names the line and field of a bad record', () => {
    const bad = (text: string): string => {
      try {
        parseReplayRecords(text, 'r.jsonl', NOW);
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(bad('{"phase":"action"}\n{')).toMatch(/^r\.jsonl:1: action: /);
    expect(bad(`${jsonl}\n{"phase": }`)).toMatch(/^r\.jsonl:6:11: invalid JSON/);
  });
});

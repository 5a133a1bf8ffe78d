import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../core/errors.js';
import { compilePolicy, loadPolicyFile } from './compile.js';
import { findPolicyTests, loadPolicyTests, runPolicyTests } from './test.js';

const policies = join(import.meta.dirname, '..', '..', 'policies');
const shipped = [
  join(policies, 'default.yaml'),
  ...readdirSync(join(policies, 'examples'))
    .filter((f) => f.endsWith('.yaml') && !f.includes('.test.'))
    .map((f) => join(policies, 'examples', f)),
];

describe('policy tests', () => {
  it.each(shipped)('every case passes for %s', (file) => {
    const tests = findPolicyTests(file);
    expect(tests).toBeDefined();
    const results = runPolicyTests(loadPolicyFile(file), loadPolicyTests(tests!));
    expect(results.length).toBeGreaterThan(3);
    expect(results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.message}`)).toEqual([]);
  });

  it('explains failing cases', () => {
    const p = compilePolicy(
      'name: t\nversion: 1\nrules:\n  - { id: a, effect: allow, match: { action: x } }\n',
    );
    const suite = {
      file: 't.test.yaml',
      cases: [
        {
          name: 'wrong',
          check: { phase: 'action' as const, action: 'x', principal: { id: 'p' } },
          expect: 'deny' as const,
        },
        {
          name: 'rules',
          check: { phase: 'action' as const, action: 'x', principal: { id: 'p' } },
          expect: { decision: 'allow' as const, rules: ['b'] },
        },
      ],
    };
    expect(runPolicyTests(p, suite).map((r) => [r.passed, r.message])).toEqual([
      [false, 'expected deny, got allow (rule a (allow))'],
      [false, 'expected rules [b], got [a]'],
    ]);
  });

  it('rejects malformed test files with located errors', () => {
    try {
      loadPolicyTests(join(policies, 'default.yaml'));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PolicyError);
      expect((err as PolicyError).issues[0]).toMatchObject({
        line: expect.any(Number),
        path: expect.any(String),
      });
    }
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_CATEGORIES } from '../core/finding.js';
import { compilePolicy, loadPolicyFile } from './compile.js';
import { blockingThresholds, DEFAULT_BLOCKING_THRESHOLD } from './threshold.js';

describe('blocking thresholds', () => {
  it('the default policy blocks every category at the one documented threshold', () => {
    const p = loadPolicyFile(join(import.meta.dirname, '..', '..', 'policies', 'default.yaml'));
    const t = blockingThresholds(p, FINDING_CATEGORIES);
    expect(Object.keys(t).sort()).toEqual([...FINDING_CATEGORIES].sort());
    for (const c of FINDING_CATEGORIES) expect(t[c]).toBe(DEFAULT_BLOCKING_THRESHOLD);
  });

  it('takes the lowest enforced deny/escalate threshold, `any` covering all categories', () => {
    const p = compilePolicy(`name: t
version: 1
rules:
  - { id: a, effect: deny, match: { scan: { pii: ">= 0.9", any: 0.7 } } }
  - { id: b, effect: escalate, match: { scan: { secret: 0.3 } } }
  - { id: c, effect: allow, match: { scan: { jailbreak: 0.1 } } }
  - { id: d, effect: deny, mode: shadow, match: { scan: { harmful: 0.1 } } }
`);
    expect(blockingThresholds(p, ['pii', 'secret', 'jailbreak', 'harmful'])).toEqual({
      pii: 0.7,
      secret: 0.3,
      jailbreak: 0.7,
      harmful: 0.7,
    });
  });
});

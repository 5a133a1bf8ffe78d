import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Check } from '../src/core/check.js';
import type { PolicyError } from '../src/core/errors.js';
import { createGuard } from '../src/guard.js';
import { type CompiledPolicy, compilePolicy } from '../src/policy/compile.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-reload-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check: Check = { phase: 'action', action: 'op.run', principal: { id: 'p' } };

/** Version `v` has `n` rules, all tagged with the version, and decides `effect`. */
function policyText(v: number, n: number, effect: 'allow' | 'deny' = 'allow'): string {
  const rules = Array.from(
    { length: n },
    (_, i) => `  - { id: v${v}-r${i}, effect: ${effect}, match: { action: "op.*" } }`,
  );
  return `name: reload\nversion: ${v}\nrules:\n${rules.join('\n')}\n`;
}

/** Every rule in a decision belongs to the policy version the decision names. */
function consistent(
  d: ReturnType<ReturnType<typeof createGuard>['check']>,
  versions: Map<string, CompiledPolicy>,
): void {
  const p = versions.get(d.policy.hash);
  expect(p, 'decision names a policy that was loaded').toBeDefined();
  expect(d.policy.version).toBe(p!.version);
  expect(d.rules.map((r) => r.id)).toEqual(p!.rules.map((r) => r.id));
}

function nextEvent<T>(register: (resolve: (v: T) => void) => void): Promise<T> {
  return new Promise((resolve) => register(resolve));
}

describe('hot reload', () => {
  it('swaps in valid changes, keeps the last good policy on invalid ones, and reports both', async () => {
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, policyText(1, 2));
    let onChange: (p: CompiledPolicy) => void = () => {};
    let onError: (e: PolicyError) => void = () => {};
    const guard = createGuard({
      policy: file,
      watch: true,
      onPolicyChange: (p) => onChange(p),
      onPolicyError: (e) => onError(e),
    });
    expect(guard.check(check).policy.version).toBe('1');

    const changed = nextEvent<CompiledPolicy>((r) => (onChange = r));
    writeFileSync(file, policyText(2, 3, 'deny'));
    expect((await changed).version).toBe('2');
    expect(guard.check(check)).toMatchObject({ decision: 'deny', policy: { version: '2' } });

    const failed = nextEvent<PolicyError>((r) => (onError = r));
    writeFileSync(file, 'name: reload\nversion: 3\nrules:\n  - { id: x, effect: maybe }\n');
    const err = await failed;
    expect(err.issues[0]).toMatchObject({
      file: expect.stringContaining('policy.yaml'),
      line: 4,
      path: 'rules[0].effect',
    });
    expect(guard.check(check).policy.version).toBe('2');
    expect(guard.health().policy).toMatchObject({
      ok: false,
      version: '2',
      lastError: expect.stringContaining('rules[0].effect'),
    });

    // Editors often save by writing a temporary file and renaming it over the original.
    const renamed = nextEvent<CompiledPolicy>((r) => (onChange = r));
    writeFileSync(`${file}.tmp`, policyText(4, 1));
    renameSync(`${file}.tmp`, file);
    expect((await renamed).version).toBe('4');
    expect(guard.health().policy).toMatchObject({ ok: true, version: '4' });
    expect(guard.health().policy.lastError).toBeUndefined();
    await guard.close();
  });

  it('logs a failed reload as a process warning when no handler is given', async () => {
    const file = join(dir, 'warn.yaml');
    writeFileSync(file, policyText(1, 1));
    const guard = createGuard({ policy: file, watch: true });
    const warned = nextEvent<Error>((r) => process.once('warning', r));
    writeFileSync(file, 'name: reload\nversion: 2\nrules: nope\n');
    const w = await warned;
    expect(w.name).toBe('PolicyReloadWarning');
    expect(w.message).toContain('keeping reload@1');
    expect(w.message).toMatch(/warn\.yaml:3:\d+: rules: /);
    await guard.close();
  });

  it('concurrent checks during file reloads never see a half-loaded policy', async () => {
    const file = join(dir, 'atomic.yaml');
    writeFileSync(file, policyText(0, 5));
    const versions = new Map<string, CompiledPolicy>();
    let onChange: (p: CompiledPolicy) => void = () => {};
    const guard = createGuard({ policy: file, watch: true, onPolicyChange: (p) => onChange(p) });
    versions.set(guard.policy.hash, guard.policy);
    let running = true;
    let checks = 0;
    const loop = (async () => {
      while (running) {
        consistent(guard.check(check), versions);
        checks++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let v = 1; v <= 6; v++) {
      const text = policyText(v, 1 + ((v * 7) % 9), v % 2 ? 'deny' : 'allow');
      const compiled = compilePolicy(text, file);
      versions.set(compiled.hash, compiled);
      const changed = nextEvent<CompiledPolicy>((r) => (onChange = r));
      writeFileSync(file, text);
      expect((await changed).hash).toBe(compiled.hash);
    }
    running = false;
    await loop;
    await guard.close();
    expect(checks).toBeGreaterThan(6);
    expect(guard.check(check).policy.version).toBe('6');
  });

  it('setPolicy under interleaved checks: every decision matches exactly one whole version', () => {
    const guard = createGuard({ policy: { text: policyText(0, 1) } });
    const versions = new Map<string, CompiledPolicy>([[guard.policy.hash, guard.policy]]);
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.record({ swap: fc.integer({ min: 1, max: 12 }) }), fc.constant({ swap: 0 })),
          { maxLength: 30 },
        ),
        (steps) => {
          for (const s of steps) {
            if (s.swap > 0) {
              const p = compilePolicy(policyText(s.swap, s.swap, s.swap % 3 ? 'allow' : 'deny'));
              versions.set(p.hash, p);
              guard.setPolicy(p);
            }
            consistent(guard.check(check), versions);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

/**
 * Policy tests: YAML files of cases (a check, optional findings/session/monitor/time, the expected
 * decision) kept next to a policy as `<name>.test.yaml`, run against the compiled policy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { Check } from '../core/check.js';
import { checkSchema } from '../core/check-schema.js';
import type { Effect } from '../core/decision.js';
import { PolicyError } from '../core/errors.js';
import { type CompiledPolicy, parseLocatedYaml } from './compile.js';
import { MemoryCounterStore } from './counters.js';
import { evaluatePolicy, type PolicyOutcome } from './evaluate.js';
import {
  recordedFindings,
  recordedFindingsSchema,
  recordedSession,
  recordedSessionSchema,
} from './recorded.js';

const effect = z.enum(['allow', 'deny', 'escalate']);

const caseSchema = z
  .object({
    name: z.string().min(1),
    check: checkSchema,
    findings: recordedFindingsSchema.optional(),
    session: recordedSessionSchema.optional(),
    monitor: z
      .object({
        alerts: z.array(z.string()).optional(),
        metrics: z.record(z.string(), z.number()).optional(),
      })
      .strict()
      .optional(),
    now: z.iso.datetime({ offset: true }).optional().describe('ISO time of the check.'),
    repeat: z.number().int().min(1).max(10_000).optional(),
    expect: z.union([
      effect,
      z
        .object({
          decision: effect,
          rules: z.array(z.string()).optional(),
          shadow: z.array(z.string()).optional(),
          approval: z.object({ role: z.string(), count: z.number().int() }).strict().optional(),
        })
        .strict(),
    ]),
  })
  .strict();

/** Schema of a policy test file. */
export const policyTestFileSchema = z
  .object({
    policy: z.string().min(1).optional().describe('Policy file, relative to this file.'),
    cases: z.array(caseSchema).min(1),
  })
  .strict();

/** One test case as written. */
export type PolicyTestCase = z.infer<typeof caseSchema>;

/** A loaded test file. */
export interface PolicyTestSuite {
  readonly file: string;
  /** Absolute path of the policy named in the file, if any. */
  readonly policyFile?: string;
  readonly cases: readonly PolicyTestCase[];
}

/** Outcome of one case. */
export interface PolicyTestResult {
  readonly name: string;
  readonly passed: boolean;
  /** Why it failed (empty when passed). */
  readonly message: string;
  readonly outcome: PolicyOutcome;
}

/** Test files conventionally next to a policy: `x.test.yaml` / `x.tests.yaml` for `x.yaml`. */
export function findPolicyTests(policyFile: string): string | undefined {
  const ext = extname(policyFile);
  const stem = join(dirname(policyFile), basename(policyFile, ext));
  for (const suffix of ['.test.yaml', '.tests.yaml', '.test.yml', '.tests.yml']) {
    if (existsSync(stem + suffix)) return stem + suffix;
  }
  return undefined;
}

/** Load and validate a test file; throws PolicyError with located issues. */
export function loadPolicyTests(file: string): PolicyTestSuite {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new PolicyError([
      { file, line: 1, column: 1, path: '', message: `cannot read file (${code})` },
    ]);
  }
  const doc = parseLocatedYaml(text, file, policyTestFileSchema);
  if (!doc.value) throw new PolicyError(doc.issues);
  return {
    file,
    ...(doc.value.policy ? { policyFile: resolve(dirname(file), doc.value.policy) } : {}),
    cases: doc.value.cases,
  };
}

const DEFAULT_NOW = Date.parse('2026-01-05T12:00:00Z'); // a Monday, noon UTC

/** Run every case; each starts with fresh counters. */
export function runPolicyTests(policy: CompiledPolicy, suite: PolicyTestSuite): PolicyTestResult[] {
  return suite.cases.map((c) => runCase(policy, c));
}

function runCase(policy: CompiledPolicy, c: PolicyTestCase): PolicyTestResult {
  const counters = new MemoryCounterStore();
  const now = c.now ? Date.parse(c.now) : DEFAULT_NOW;
  const input = {
    check: c.check as Check,
    now,
    findings: recordedFindings(c.findings, 'test'),
    session: recordedSession(c.check, c.session),
    monitor: { alerts: c.monitor?.alerts ?? [], metrics: c.monitor?.metrics ?? {} },
  };
  let outcome = evaluatePolicy(policy, input, counters);
  for (let i = 1; i < (c.repeat ?? 1); i++) outcome = evaluatePolicy(policy, input, counters);
  const problems = compare(c.expect, outcome);
  return { name: c.name, passed: problems.length === 0, message: problems.join('; '), outcome };
}

function compare(expect: PolicyTestCase['expect'], got: PolicyOutcome): string[] {
  const want: Exclude<PolicyTestCase['expect'], Effect> =
    typeof expect === 'string' ? { decision: expect } : expect;
  const problems: string[] = [];
  if (got.effect !== want.decision) {
    problems.push(`expected ${want.decision}, got ${got.effect} (${got.reasons.join('; ')})`);
  }
  const same = (a: readonly string[], b: readonly string[]): boolean =>
    a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
  if (want.rules) {
    const ids = got.rules.map((r) => r.id);
    if (!same(ids, want.rules)) problems.push(`expected rules [${want.rules}], got [${ids}]`);
  }
  if (want.shadow) {
    const ids = got.shadow.map((r) => r.id);
    if (!same(ids, want.shadow)) problems.push(`expected shadow [${want.shadow}], got [${ids}]`);
  }
  if (want.approval) {
    const a = got.approval;
    if (!a || a.role !== want.approval.role || a.count !== want.approval.count) {
      problems.push(
        `expected approval ${want.approval.count}×${want.approval.role}, got ${a ? `${a.count}×${a.role}` : 'none'}`,
      );
    }
  }
  return problems;
}

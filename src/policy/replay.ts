/**
 * Replay: evaluate a recorded stream of checks under a policy, or under two policies to see what
 * a change would do before it ships. Counters run in record order, as in production.
 */
import { z } from 'zod';
import type { Check } from '../core/check.js';
import { checkSchema, issuePath, parseJsonLocated } from '../core/check-schema.js';
import type { Effect } from '../core/decision.js';
import { InputError } from '../core/errors.js';
import type { CompiledPolicy } from './compile.js';
import { MemoryCounterStore } from './counters.js';
import { evaluatePolicy } from './evaluate.js';
import type { PolicyInput } from './input.js';
import {
  recordedFindings,
  recordedFindingsSchema,
  recordedSession,
  recordedSessionSchema,
} from './recorded.js';

const recordSchema = z
  .object({
    check: checkSchema,
    findings: recordedFindingsSchema.optional(),
    session: recordedSessionSchema.optional(),
    now: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** One recorded check with the context it was decided in. */
export interface ReplayRecord {
  /** 1-based line in the source file. */
  readonly line: number;
  readonly input: PolicyInput;
}

/**
 * Parse JSONL: each line a Check, or `{ check, findings?, session?, now? }`.
 * Blank lines are skipped; a bad line throws InputError naming `file:line`.
 */
export function parseReplayRecords(text: string, file: string, defaultNow: number): ReplayRecord[] {
  const out: ReplayRecord[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = parseJsonLocated(raw, where);
    } catch (err) {
      throw new InputError('', (err as Error).message.replace(`${where}:1:`, `${where}:`));
    }
    const bare = !(value !== null && typeof value === 'object' && 'check' in value);
    const r = recordSchema.safeParse(bare ? { check: value } : value);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      // A bare Check line reports paths inside the check, as `bulwark check` does.
      const path = issuePath(bare ? issue.path.slice(1) : issue.path);
      throw new InputError('', `${where}: ${path ? `${path}: ` : ''}${issue.message}`);
    }
    const rec = r.data;
    const check = rec.check as Check;
    out.push({
      line: i + 1,
      input: {
        check,
        now: rec.now ? Date.parse(rec.now) : defaultNow,
        findings: recordedFindings(rec.findings, 'replay'),
        session: recordedSession(check, rec.session),
      },
    });
  });
  return out;
}

/** A record whose decision differs between the two policies. */
export interface ReplayChange {
  readonly line: number;
  readonly action: string;
  readonly before: Effect;
  readonly after: Effect;
  readonly rulesBefore: readonly string[];
  readonly rulesAfter: readonly string[];
}

/** What a replay found. */
export interface ReplayReport {
  readonly records: number;
  /** Decisions per effect under the policy being tried. */
  readonly after: Readonly<Record<Effect, number>>;
  /** Decisions per effect under the baseline policy, when one was given. */
  readonly before?: Readonly<Record<Effect, number>>;
  readonly changes: readonly ReplayChange[];
}

function tally(): Record<Effect, number> {
  return { allow: 0, deny: 0, escalate: 0 };
}

/** Evaluate every record under `policy` (and `baseline`), each with its own counters. */
export function replay(
  records: readonly ReplayRecord[],
  policy: CompiledPolicy,
  baseline?: CompiledPolicy,
): ReplayReport {
  const afterCounters = new MemoryCounterStore();
  const beforeCounters = new MemoryCounterStore();
  const after = tally();
  const before = tally();
  const changes: ReplayChange[] = [];
  for (const rec of records) {
    const a = evaluatePolicy(policy, rec.input, afterCounters);
    after[a.effect]++;
    if (!baseline) continue;
    const b = evaluatePolicy(baseline, rec.input, beforeCounters);
    before[b.effect]++;
    if (a.effect !== b.effect) {
      changes.push({
        line: rec.line,
        action: rec.input.check.action,
        before: b.effect,
        after: a.effect,
        rulesBefore: b.rules.map((r) => r.id),
        rulesAfter: a.rules.map((r) => r.id),
      });
    }
  }
  return {
    records: records.length,
    after,
    ...(baseline ? { before } : {}),
    changes,
  };
}

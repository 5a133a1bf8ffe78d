/**
 * The context of a check given as data rather than computed: scanner findings and session state
 * as written in policy test cases and replay records. One schema and one conversion for both.
 */
import { z } from 'zod';
import type { Finding } from '../core/finding.js';
import { FINDING_CATEGORIES } from '../core/finding.js';
import type { SessionView } from '../monitor/session.js';

/** Findings as a test case or replay record gives them (only category and score required). */
export const recordedFindingsSchema = z.array(
  z
    .object({
      category: z.enum(FINDING_CATEGORIES as [string, ...string[]]),
      score: z.number().min(0).max(1),
      detector: z.string().optional(),
      severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
      entity: z.string().optional(),
    })
    .strict(),
);

/** Session state as a test case or replay record gives it. */
export const recordedSessionSchema = z
  .object({
    labels: z.array(z.string()).optional(),
    counters: z.record(z.string(), z.number()).optional(),
    tainted_params: z.array(z.string()).optional(),
  })
  .strict();

/** Findings for the evaluator; `detector` names the source when a finding gives none. */
export function recordedFindings(
  given: z.infer<typeof recordedFindingsSchema> | undefined,
  detector: string,
): Finding[] {
  return (given ?? []).map((f) => ({
    category: f.category as Finding['category'],
    detector: f.detector ?? detector,
    score: f.score,
    severity: f.severity ?? 'high',
    ...(f.entity !== undefined ? { entity: f.entity } : {}),
  }));
}

/** The session view for the evaluator. */
export function recordedSession(
  check: { readonly session?: string | undefined },
  given: z.infer<typeof recordedSessionSchema> | undefined,
): SessionView {
  return {
    ...(check.session !== undefined ? { id: check.session } : {}),
    labels: given?.labels ?? [],
    counters: given?.counters ?? {},
    taintedParams: given?.tainted_params ?? [],
  };
}

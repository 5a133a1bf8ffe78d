/** The blocking threshold of a policy: the score at which scan findings stop or escalate a check. */
import type { FindingCategory } from '../core/finding.js';
import type { CompiledPolicy } from './compile.js';

/** The threshold `policies/default.yaml` uses for every finding category. */
export const DEFAULT_BLOCKING_THRESHOLD = 0.5;

/**
 * Lowest `>=` / number scan threshold per category among the enforced deny and escalate rules
 * (`any` applies to every category). Categories no such rule covers are absent.
 */
export function blockingThresholds(
  policy: CompiledPolicy,
  categories: readonly FindingCategory[],
): Partial<Record<FindingCategory, number>> {
  const out: Partial<Record<FindingCategory, number>> = {};
  const note = (c: FindingCategory, x: number): void => {
    const cur = out[c];
    if (cur === undefined || x < cur) out[c] = x;
  };
  for (const rule of policy.document.rules) {
    if (
      rule.effect === 'allow' ||
      (rule.mode ?? policy.mode) === 'shadow' ||
      policy.mode === 'shadow'
    )
      continue;
    for (const [key, th] of Object.entries(rule.match?.scan ?? {})) {
      const x = typeof th === 'number' ? th : /^>= ?([0-9.]+)$/.exec(th ?? '')?.[1];
      if (x === undefined) continue;
      const value = Number(x);
      if (key === 'any') for (const c of categories) note(c, value);
      else note(key as FindingCategory, value);
    }
  }
  return out;
}

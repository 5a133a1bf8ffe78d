/** Severity of a finding from its score: one table, with per-category cut-offs. */
import type { FindingCategory, Severity } from '../core/finding.js';

/** Lowest score for each severity above `low`, per category. A missing rung is never reached. */
interface Ladder {
  readonly medium: number;
  readonly high: number;
  readonly critical?: number;
}

// Every ladder starts at the blocking threshold (0.5): whatever blocks is at least `medium`.
// Credentials and destructive code reach `critical`: a leaked key or `rm -rf /` needs action now.
const LADDERS: Readonly<Record<string, Ladder>> = {
  secret: { medium: 0.5, high: 0.7, critical: 0.9 },
  unsafe_code: { medium: 0.5, high: 0.7, critical: 0.85 },
  pii: { medium: 0.5, high: 0.85 },
  exfiltration: { medium: 0.5, high: 0.85 },
  cue: { medium: 0.5, high: 0.85 },
  classifier: { medium: 0.5, high: 0.9 },
};

/** Which ladder a finding uses: its category's, or `cue` / `classifier` for the text detectors. */
export type SeverityScale = FindingCategory | 'cue' | 'classifier';

/** Severity of a score on a scale. */
export function severityOf(scale: SeverityScale, score: number): Severity {
  const ladder = LADDERS[scale] ?? LADDERS.cue!;
  if (ladder.critical !== undefined && score >= ladder.critical) return 'critical';
  if (score >= ladder.high) return 'high';
  if (score >= ladder.medium) return 'medium';
  return 'low';
}

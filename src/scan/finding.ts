/** How pattern detectors build a finding: `<category>.<detector>` id, severity from the score. */
import type { Finding, FindingCategory } from '../core/finding.js';
import { severityOf } from './severity.js';

/** A finding over `[start, end)` of the view's text; `evidence` must already be masked. */
export function spanFinding(
  category: FindingCategory,
  detector: string,
  score: number,
  start: number,
  end: number,
  evidence: string,
  entity?: string,
): Finding {
  return {
    category,
    detector: `${category}.${detector}`,
    score,
    severity: severityOf(category, score),
    ...(entity === undefined ? {} : { entity }),
    span: { start, end },
    evidence,
  };
}

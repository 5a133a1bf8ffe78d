/** Findings produced by the scanner, and redactions derived from them. */

/** Threat categories a detector can report. */
export type FindingCategory =
  | 'prompt_injection'
  | 'jailbreak'
  | 'pii'
  | 'secret'
  | 'exfiltration'
  | 'unsafe_code'
  | 'harmful'
  | 'hidden_text';

export const FINDING_CATEGORIES: readonly FindingCategory[] = [
  'prompt_injection',
  'jailbreak',
  'pii',
  'secret',
  'exfiltration',
  'unsafe_code',
  'harmful',
  'hidden_text',
];

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** Half-open range `[start, end)` of UTF-16 code units in the original (not normalised) text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One thing a detector saw. */
export interface Finding {
  readonly category: FindingCategory;
  /** Stable detector id, e.g. `pii.email`, `secret.aws_access_key`, `classifier.injection`. */
  readonly detector: string;
  /** Confidence in [0, 1]. */
  readonly score: number;
  readonly severity: Severity;
  /** Entity type for pii/secret findings, e.g. `EMAIL`, `CREDIT_CARD`, `AWS_ACCESS_KEY`. */
  readonly entity?: string;
  /** Where in the check: `content`, `content[2]`, `params.command`. */
  readonly location?: string;
  readonly span?: Span;
  /** Masked excerpt; never the raw sensitive value. */
  readonly evidence?: string;
}

/** A rewrite applied to content: replace `span` of the text at `location`. */
export interface Redaction {
  readonly location: string;
  readonly span: Span;
  readonly entity: string;
  readonly replacement: string;
}

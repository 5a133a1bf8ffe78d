/**
 * Findings of the `secret` detector for one text: a collector that keeps, where findings
 * overlap, the one whose rule explains the value best, and the shared scores.
 */
import type { Finding } from '../../core/finding.js';
import { maskValue } from '../evidence.js';
import { spanFinding } from '../finding.js';

/** Score of an exact provider format that is a published documentation example. */
export const DOC_EXAMPLE_SCORE = 0.6;
/** At most this many findings per text: a text with more is blocked anyway. */
const MAX_FINDINGS = 256;

// Priorities when findings overlap: an exact provider format explains a value better than the
// key it is assigned to, which explains it better than nearby words.
export const PRIORITY_FORMAT = 3;
export const PRIORITY_STRUCTURE = 2;
export const PRIORITY_ASSIGNMENT = 1;
export const PRIORITY_CONTEXT = 0;

interface Candidate {
  readonly finding: Finding;
  readonly priority: number;
}

/** Findings of one text, resolved by priority where they overlap. */
export class Collector {
  private readonly items: Candidate[] = [];

  /** Whether no more findings are taken. */
  get full(): boolean {
    return this.items.length >= MAX_FINDINGS;
  }

  /** Adds a finding unless the text already has `MAX_FINDINGS`. */
  add(priority: number, finding: Finding): void {
    if (!this.full) this.items.push({ finding, priority });
  }

  /** The findings kept, in text order. */
  result(): Finding[] {
    if (this.items.length <= 1) return this.items.map((c) => c.finding);
    const order = [...this.items].sort(
      (a, b) => b.priority - a.priority || a.finding.span!.start - b.finding.span!.start,
    );
    const kept: Finding[] = [];
    for (const c of order) {
      const s = c.finding.span!;
      if (!kept.some((k) => k.span!.start < s.end && s.start < k.span!.end)) kept.push(c.finding);
    }
    return kept.sort((a, b) => a.span!.start - b.span!.start);
  }
}

/** A `secret.<detector>` finding over `[start, end)`; `evidence` must already be masked. */
export function finding(
  detector: string,
  entity: string,
  score: number,
  start: number,
  end: number,
  evidence: string,
): Finding {
  return spanFinding('secret', detector, score, start, end, evidence, entity);
}

/** A finding for the token of an `Authorization` header or a `Bearer …` value. */
export function authFinding(start: number, end: number, token: string, score: number): Finding {
  return finding('auth_header', 'AUTH_TOKEN', score, start, end, maskValue(token));
}

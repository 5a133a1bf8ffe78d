/**
 * One streamed text (a choice, a content block): deltas go through the incremental scanner, whose
 * bounded hold-back decides how much may be released; the guard decides on the text so far
 * whenever the scanner sees something, and its redactions are spliced into what is released.
 * INVARIANT: nothing past the scanner's release point, and no part of a known redaction span, is
 * ever emitted; a refusal stops the text before the held-back part passes.
 */
import type { Redaction } from '../core/finding.js';
import type { StreamScanner } from '../scan/stream.js';
import type { Enforcement } from '../sdk/enforce.js';

/** The incremental scanner (`createStreamScanner` of `src/scan/stream.ts`). */
export type TextStreamScanner = Pick<StreamScanner, 'push' | 'end'>;

/** Decides on the text so far (`final` once the text is complete). */
export type DecideText = (text: string, final: boolean) => Promise<Enforcement>;

/** What a step lets through. */
export type TextStep =
  | { readonly ok: true; readonly emit: string }
  | { readonly ok: false; readonly refusal: Extract<Enforcement, { allowed: false }> };

/** A guarded streamed text. Steps must be awaited in order. */
export class GuardedText {
  private full = '';
  private safe = 0;
  private emitted = 0;
  private decided = false;
  private spans: readonly Redaction[] = [];
  /** Exactly what was emitted so far (with redactions). */
  released = '';

  constructor(
    private readonly scanner: TextStreamScanner,
    private readonly decide: DecideText,
  ) {}

  /** Feeds a delta; returns the text that may be emitted now (possibly empty). */
  async push(delta: string): Promise<TextStep> {
    this.full += delta;
    const r = this.scanner.push(delta);
    this.safe = Math.min(this.full.length, this.safe + r.release.length);
    // why: decide on the first text (rules that need no finding) and whenever the scanner sees something.
    if (!this.decided || r.findings.length > 0) {
      this.decided = true;
      const e = await this.decide(this.full, false);
      if (!e.allowed) return { ok: false, refusal: e };
      this.spans = sortedContentSpans(e.decision.redactions);
    }
    return { ok: true, emit: this.emitUpTo(this.safe) };
  }

  /** Ends the text: the final decision on the whole text, then whatever was still held back. */
  async end(): Promise<TextStep> {
    this.scanner.end();
    this.safe = this.full.length;
    const e = await this.decide(this.full, true);
    if (!e.allowed) return { ok: false, refusal: e };
    this.spans = sortedContentSpans(e.decision.redactions);
    return { ok: true, emit: this.emitUpTo(this.full.length) };
  }

  private emitUpTo(target: number): string {
    // why: never cut a redaction span in two; hold its start back until the span is complete.
    for (const s of this.spans) {
      if (s.span.start < target && s.span.end > target)
        target = Math.max(this.emitted, s.span.start);
    }
    if (target <= this.emitted) return '';
    let out = '';
    let pos = this.emitted;
    for (const s of this.spans) {
      if (s.span.end <= pos || s.span.start >= target) continue;
      // A span that began before `pos` was found too late to hide its start: drop the rest of it.
      if (s.span.start >= pos) out += this.full.slice(pos, s.span.start) + s.replacement;
      pos = Math.max(pos, s.span.end);
    }
    if (pos < target) out += this.full.slice(pos, target);
    this.emitted = Math.max(target, pos);
    this.released += out;
    return out;
  }
}

function sortedContentSpans(redactions: readonly Redaction[]): Redaction[] {
  return redactions
    .filter((r) => r.location === 'content' || r.location === 'content[0]')
    .sort((a, b) => a.span.start - b.span.start);
}

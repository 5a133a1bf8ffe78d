/**
 * Streaming scan for token streams (SSE): text is released in order, holding back the last
 * `holdBack` characters so that a match crossing chunk boundaries is seen before any of it is
 * released.
 *
 * Guarantee (INVARIANT): a finding whose span is at most `holdBack` characters long is reported
 * no later than the push that releases its first character, and with `redact` set that push's
 * release is already redacted. Maximum leak: for a finding of length L > holdBack, up to
 * L - holdBack characters can be released before it is seen; if the buffer reaches `maxBuffer`
 * (default 8 × holdBack) it is released regardless and that text is scanned without the rest.
 */
import type { Finding } from '../core/finding.js';
import type { RedactionStyle } from './redact.js';
import { redactText } from './redact.js';
import type { ScanContext, Scanner } from './scanner.js';

/** Options of a stream scanner. */
export interface StreamScannerOptions {
  readonly scanner: Scanner;
  /** Characters held back (the longest match guaranteed not to leak). Default 256. */
  readonly holdBack?: number;
  /** Hard cap on buffered characters; beyond it text is released unscanned-in-full. Default 8 × holdBack. */
  readonly maxBuffer?: number;
  /** Context passed to every scan (phase, location, ...). */
  readonly context?: ScanContext;
  /** When set, released text has finding spans redacted in this style. */
  readonly redact?: RedactionStyle;
  /** Only findings at or above this score are held back for and redacted. Default 0.5. */
  readonly minScore?: number;
}

/** What one push (or the end) yields. Finding spans are offsets in the whole stream so far. */
export interface StreamResult {
  /** Text safe to forward now (redacted when `redact` is set). */
  readonly release: string;
  /** Findings newly seen in this step. */
  readonly findings: readonly Finding[];
}

/** A streaming scanner: `push` each chunk in order, then `end` once. */
export interface StreamScanner {
  push(chunk: string): StreamResult;
  end(): StreamResult;
}

/** Create a streaming scanner over `options.scanner`. */
export function createStreamScanner(options: StreamScannerOptions): StreamScanner {
  const holdBack = Math.max(0, options.holdBack ?? 256);
  const maxBuffer = Math.max(holdBack + 1, options.maxBuffer ?? 8 * Math.max(holdBack, 1));
  const minScore = options.minScore ?? 0.5;
  const context = options.context ?? {};
  // Released text kept as scan context (so context-dependent rules see what came before).
  let tail = '';
  let tailStart = 0;
  // Unreleased text and its offset in the stream.
  let buf = '';
  let bufStart = 0;
  let ended = false;
  const reported = new Set<string>();

  function step(final: boolean): StreamResult {
    const window = tail + buf;
    const windowStart = tailStart;
    const found = window.length === 0 ? [] : options.scanner.scanText(window, context);
    const abs: Finding[] = [];
    for (const f of found) {
      if (f.span === undefined) continue;
      const start = windowStart + f.span.start;
      const end = windowStart + f.span.end;
      // Findings wholly inside released text were handled before; one starting at the cut
      // edge of the window may be a fragment of a longer token.
      if (end <= bufStart) continue;
      if (f.span.start === 0 && tail.length > 0) continue;
      abs.push({ ...f, span: { start, end } });
    }
    // Release up to `cut`, never through a blocking finding that is still incomplete.
    let cut = final ? bufStart + buf.length : Math.max(bufStart, bufStart + buf.length - holdBack);
    if (!final) {
      let moved = true;
      while (moved) {
        moved = false;
        for (const f of abs) {
          if (
            f.score >= minScore &&
            f.span!.start < cut &&
            f.span!.end > cut &&
            f.span!.start >= bufStart
          ) {
            cut = f.span!.start;
            moved = true;
          }
        }
      }
      // Bounded memory: past maxBuffer, release regardless (the documented leak).
      if (bufStart + buf.length - cut > maxBuffer) cut = bufStart + buf.length - holdBack;
    }
    const newly: Finding[] = [];
    for (const f of abs) {
      if (!final && f.span!.end > cut) continue;
      const key = `${f.category}|${f.detector}|${f.span!.start}|${f.span!.end}`;
      if (reported.has(key)) continue;
      reported.add(key);
      newly.push(f);
    }
    let release = buf.slice(0, cut - bufStart);
    if (options.redact !== undefined && release.length > 0) {
      const local = abs
        .filter((f) => f.score >= minScore && f.span!.end > bufStart && f.span!.start < cut)
        .map((f) => ({
          ...f,
          span: { start: f.span!.start - bufStart, end: f.span!.end - bufStart },
        }));
      release = redactText(release, local, options.redact).text;
    }
    const releasedRaw = buf.slice(0, cut - bufStart);
    buf = buf.slice(cut - bufStart);
    bufStart = cut;
    tail = (tail + releasedRaw).slice(-holdBack);
    tailStart = bufStart - tail.length;
    return { release, findings: newly };
  }

  return {
    push(chunk) {
      if (ended) throw new Error('stream already ended');
      buf += chunk;
      return step(false);
    },
    end() {
      if (ended) return { release: '', findings: [] };
      ended = true;
      return step(true);
    },
  };
}

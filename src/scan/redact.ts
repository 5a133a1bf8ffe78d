/** Redaction of findings' spans: mask, type tag or keyed hash, leaving all other text untouched. */
import { createHmac } from 'node:crypto';
import type { Finding, Redaction } from '../core/finding.js';

/** How a sensitive span is replaced. */
export type RedactionStyle =
  | { readonly style: 'mask'; readonly char?: string; readonly keepLast?: number }
  | { readonly style: 'tag' }
  | { readonly style: 'hash'; readonly key: string | Uint8Array; readonly length?: number };

interface Range {
  start: number;
  end: number;
  entity: string;
  /** Digits to keep visible (masking payment cards keeps the last four when asked). */
  keepLast: number;
}

/** Merge overlapping or touching spans; the merged range takes the entity of its longest part. */
function mergeRanges(findings: readonly Finding[], length: number, keepLast: number): Range[] {
  const ranges: Range[] = [];
  for (const f of findings) {
    if (f.span === undefined) continue;
    const start = Math.max(0, Math.min(f.span.start, length));
    const end = Math.max(start, Math.min(f.span.end, length));
    if (end === start) continue;
    const entity = f.entity ?? f.category.toUpperCase();
    ranges.push({ start, end, entity, keepLast: entity === 'CREDIT_CARD' ? keepLast : 0 });
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Range[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last !== undefined && r.start < last.end) {
      if (r.end - r.start > last.end - last.start) last.entity = r.entity;
      last.end = Math.max(last.end, r.end);
      last.keepLast = Math.min(last.keepLast, r.keepLast);
    } else out.push({ ...r });
  }
  return out;
}

function replacement(value: string, range: Range, style: RedactionStyle): string {
  switch (style.style) {
    case 'mask': {
      const ch = style.char ?? '*';
      if (range.keepLast > 0) {
        // Keep the last digits, mask every other digit, keep separators.
        let kept = 0;
        let out = '';
        for (let i = value.length - 1; i >= 0; i--) {
          const c = value[i]!;
          const digit = c >= '0' && c <= '9';
          if (digit && kept < range.keepLast) {
            out = c + out;
            kept++;
          } else out = (digit ? ch : c) + out;
        }
        return out;
      }
      // Same length in UTF-16 units, so offsets after the span do not move.
      return ch.repeat(value.length);
    }
    case 'tag':
      return `[${range.entity}]`;
    case 'hash': {
      const hex = createHmac('sha256', style.key).update(value).digest('hex');
      return `[${range.entity}:${hex.slice(0, style.length ?? 12)}]`;
    }
  }
}

/** Result of redacting one text. */
export interface Redacted {
  readonly text: string;
  /** One entry per replaced range, spans in the input text. */
  readonly redactions: readonly Redaction[];
}

/**
 * Replace every finding span of `text` (merged where they overlap) according to `style`.
 * Text outside the spans is preserved exactly. `location` is copied into the redaction records.
 */
export function redactText(
  text: string,
  findings: readonly Finding[],
  style: RedactionStyle,
  location = 'content',
): Redacted {
  const keepLast = style.style === 'mask' ? (style.keepLast ?? 0) : 0;
  const ranges = mergeRanges(findings, text.length, keepLast);
  if (ranges.length === 0) return { text, redactions: [] };
  const parts: string[] = [];
  const redactions: Redaction[] = [];
  let at = 0;
  for (const r of ranges) {
    parts.push(text.slice(at, r.start));
    const rep = replacement(text.slice(r.start, r.end), r, style);
    parts.push(rep);
    redactions.push({
      location,
      span: { start: r.start, end: r.end },
      entity: r.entity,
      replacement: rep,
    });
    at = r.end;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), redactions };
}

/** `redact(text, findings, style)`: the redacted text only. */
export function redact(text: string, findings: readonly Finding[], style: RedactionStyle): string {
  return redactText(text, findings, style).text;
}

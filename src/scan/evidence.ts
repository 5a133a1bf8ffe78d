/** Masked evidence for findings: enough to recognise what matched, never the sensitive value. */

const MAX_EVIDENCE = 80;

/**
 * Mask a sensitive value: keep `keepStart` leading and `keepEnd` trailing characters (only when the
 * value is long enough that the kept part stays a minority), `*` for the rest, capped in length.
 */
export function maskValue(value: string, keepStart = 0, keepEnd = 0): string {
  const n = value.length;
  if (n === 0) return '';
  // Never reveal more than a third of a value.
  let ks = keepStart;
  let ke = keepEnd;
  while (ks + ke > 0 && (ks + ke) * 3 > n) {
    if (ke > 0) ke--;
    else ks--;
  }
  const hidden = Math.min(n - ks - ke, 24);
  return value.slice(0, ks) + '*'.repeat(Math.max(hidden, 3)) + (ke > 0 ? value.slice(n - ke) : '');
}

/** Masked e-mail address: first character of the local part and the top-level domain. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 1) return maskValue(value);
  const dot = value.lastIndexOf('.');
  const tld = dot > at ? value.slice(dot) : '';
  return `${value[0]}***@***${tld}`;
}

/**
 * Excerpt of non-sensitive matched text (an injection phrase, a command) for evidence, with
 * control characters made visible and the length capped.
 */
export function excerpt(text: string, start: number, end: number, max = MAX_EVIDENCE): string {
  let s = text.slice(start, Math.min(end, start + max));
  s = s.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return end - start > max ? `${s}…` : s;
}

/**
 * Hashed text features for the classifier, shared by training and inference so both see exactly
 * the same features: word uni- and bi-grams over a head/tail window of the text. Text is folded
 * per UTF-16 code unit through a table (lowercase, ASCII digits → `0`); in scripts written
 * without spaces (CJK, kana, Thai, ...) every character is its own token, so their uni/bi-grams
 * are character uni/bi-grams. One pass, no allocation.
 *
 * Why no character n-grams: in leave-one-source-out checks they learned each source's surface
 * form (identifier formats, templates) and flagged unseen benign sources; word features degrade
 * gracefully, because unseen words carry no weight.
 */

/** Word features see at most this many characters: the head and tail of longer texts. */
export const WORD_WINDOW = 1024;
const WORD_HEAD = 768;

/** Upper bound on the features one text can yield (≤ 2 per character). */
export const MAX_FEATURES = WORD_WINDOW * 2 + 8;

// Folding table over all UTF-16 code units: lowercase, digits → '0', separators → ' '.
const FOLD = new Uint16Array(65536);
// 1 where the folded unit is part of a word (letters and digits of any script, apostrophe);
// 2 where it is a word by itself (scripts written without spaces).
const WORD = new Uint8Array(65536);
const isUnspaced = (c: number): boolean =>
  (c >= 0x0e00 && c <= 0x0eff) || // Thai, Lao
  (c >= 0x1000 && c <= 0x109f) || // Myanmar
  (c >= 0x1780 && c <= 0x17ff) || // Khmer
  (c >= 0x2e80 && c <= 0x2fdf) || // CJK radicals
  (c >= 0x3040 && c <= 0x31ff) || // kana, bopomofo
  (c >= 0x3400 && c <= 0x4dbf) || // CJK extension A
  (c >= 0x4e00 && c <= 0x9fff) || // CJK unified
  (c >= 0xf900 && c <= 0xfaff); // CJK compatibility
for (let c = 0; c < 65536; c++) {
  let f = c;
  if (c <= 32 || c === 0x85 || c === 0xa0 || c === 0x1680 || c === 0x3000) f = 32;
  else if (c >= 0x2000 && c <= 0x200a) f = 32;
  else if (c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f) f = 32;
  else if (c >= 48 && c <= 57) f = 48;
  else if (c < 0xd800 || c > 0xdfff) {
    const lower = String.fromCharCode(c).toLowerCase();
    if (lower.length === 1) f = lower.charCodeAt(0);
  }
  FOLD[c] = f;
  const isAsciiWord = (f >= 97 && f <= 122) || f === 48 || f === 39;
  const isOtherWord =
    f >= 128 && !(f >= 0x2000 && f <= 0x206f) && !(f >= 0x3000 && f <= 0x303f) && f !== 0xff0c;
  WORD[c] = isUnspaced(c) ? 2 : isAsciiWord || isOtherWord ? 1 : 0;
}

const P1 = 0x9e3779b1;
const SEED_W1 = 0x7f4a7c15;
const SEED_W2 = 0x94d049bb;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Cheap finaliser: spreads high bits into the low bits used as the bucket index. */
function fin(h: number, mask: number): number {
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 13)) & mask;
}

/** Word uni- and bi-grams of `text[from, to)`, appended to `out` from `n`; returns the new count. */
function wordGrams(
  text: string,
  from: number,
  to: number,
  mask: number,
  out: Int32Array,
  n: number,
): number {
  let word = FNV_OFFSET;
  let inWord = false;
  let prev = 0;
  let hasPrev = false;
  for (let i = from; i <= to; i++) {
    const raw = i < to ? text.charCodeAt(i) : 32;
    const kind = WORD[raw]!;
    if (kind === 1) {
      word = Math.imul(word ^ FOLD[raw]!, FNV_PRIME);
      inWord = true;
      continue;
    }
    if (inWord) {
      out[n++] = fin(word ^ SEED_W1, mask);
      if (hasPrev) out[n++] = fin(Math.imul(prev, P1) ^ word ^ SEED_W2, mask);
      prev = word;
      hasPrev = true;
      inWord = false;
      word = FNV_OFFSET;
    }
    if (kind === 2) {
      const single = Math.imul(FNV_OFFSET ^ raw, FNV_PRIME);
      out[n++] = fin(single ^ SEED_W1, mask);
      if (hasPrev) out[n++] = fin(Math.imul(prev, P1) ^ single ^ SEED_W2, mask);
      prev = single;
      hasPrev = true;
    }
  }
  return n;
}

/**
 * Writes the bucket index (`hash & mask`) of every feature of `text` into `out` and returns how
 * many were written. `out` must hold at least {@link MAX_FEATURES} entries.
 */
export function extractFeatures(text: string, mask: number, out: Int32Array): number {
  const len = text.length;
  if (len <= WORD_WINDOW) return wordGrams(text, 0, len, mask, out, 0);
  const n = wordGrams(text, 0, WORD_HEAD, mask, out, 0);
  return wordGrams(text, len - (WORD_WINDOW - WORD_HEAD), len, mask, out, n);
}

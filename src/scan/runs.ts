/**
 * Runs of token characters (`A-Z a-z 0-9 _ - . + / = ~ : |`) of at least 12 units: where base64
 * and hex blobs can sit. Found by probing every 12th unit, so the decoder skips almost all of prose.
 */

/** Shortest run reported. */
export const MIN_TOKEN_RUN = 12;

const TOKEN = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.+/=~:|') {
  TOKEN[ch.charCodeAt(0)] = 1;
}

/** Token runs of a text, in order: run `i` is `[starts[i], ends[i])`. */
export interface TokenRuns {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** Token runs of at least `MIN_TOKEN_RUN` units in `text`. O(n). */
export function tokenRuns(text: string): TokenRuns {
  const starts: number[] = [];
  const ends: number[] = [];
  const n = text.length;
  // Any run of MIN_TOKEN_RUN units covers one of every MIN_TOKEN_RUN-th positions: probe those and
  // expand around a hit; each unit is read at most twice, and most of prose only once per stride.
  let covered = 0;
  let p = MIN_TOKEN_RUN - 1;
  while (p < n) {
    const c = text.charCodeAt(p);
    if (c >= 128 || TOKEN[c] === 0) {
      p += MIN_TOKEN_RUN;
      continue;
    }
    let s = p;
    while (s > covered) {
      const d = text.charCodeAt(s - 1);
      if (d >= 128 || TOKEN[d] === 0) break;
      s--;
    }
    let e = p + 1;
    while (e < n) {
      const d = text.charCodeAt(e);
      if (d >= 128 || TOKEN[d] === 0) break;
      e++;
    }
    if (e - s >= MIN_TOKEN_RUN) {
      starts.push(s);
      ends.push(e);
    }
    covered = e;
    p = e + MIN_TOKEN_RUN;
  }
  const runs: TokenRuns = {
    count: starts.length,
    starts: Int32Array.from(starts),
    ends: Int32Array.from(ends),
  };
  return runs;
}

/**
 * Pluggable external classifier (a hosted moderation endpoint, a self-hosted Llama Guard, ...):
 * asynchronous, with a timeout, an explicit fail mode and an LRU result cache. It is consulted only
 * when the cheap tier is uncertain (a score inside `band`) or when the caller forces it.
 *
 * Wire protocol: `POST url` with JSON `{ "text": string, "categories": string[] }`; the answer is
 * JSON `{ "results": [{ "category": string, "score": number }] }` (scores in [0, 1]).
 */
import { createHash } from 'node:crypto';
import type { FailMode } from '../core/errors.js';
import type { Finding, FindingCategory } from '../core/finding.js';

/** Configuration of an external classifier. */
export interface ExternalClassifierOptions {
  readonly url: string;
  /** What an unanswered call means: `closed` → a blocking finding, `open` → no finding (recorded). */
  readonly failMode: FailMode;
  /** Default 1500 ms. */
  readonly timeoutMs?: number;
  /** Categories the endpoint judges. Default prompt_injection, jailbreak, harmful. */
  readonly categories?: readonly FindingCategory[];
  /** Call when the local top score of a category lies in [low, high). Default [0.25, 0.75). */
  readonly band?: readonly [number, number];
  /** Cached texts (LRU). Default 1000. */
  readonly cacheSize?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Outcome of one consultation. */
export interface ExternalOutcome {
  /** Findings from the endpoint (or the fail-closed finding). */
  readonly findings: readonly Finding[];
  /** `called`, `cache`, `skipped` (cheap tier was certain) or `failed`. */
  readonly source: 'called' | 'cache' | 'skipped' | 'failed';
  /** Set when the call failed: what went wrong and the fail mode applied. */
  readonly failure?: { readonly error: string; readonly failMode: FailMode };
}

/** An external classifier client. */
export interface ExternalClassifier {
  /** Whether local findings leave a judged category uncertain. */
  uncertain(findings: readonly Finding[]): boolean;
  /** Consult the endpoint for `text` when uncertain (or `force`), else skip. */
  refine(
    text: string,
    local: readonly Finding[],
    opts?: { force?: boolean },
  ): Promise<ExternalOutcome>;
}

/** The endpoint answered something other than the documented shape. */
export class ExternalClassifierError extends Error {
  override readonly name = 'ExternalClassifierError';
}

const DEFAULT_CATEGORIES: readonly FindingCategory[] = ['prompt_injection', 'jailbreak', 'harmful'];

/** Create an external classifier client. */
export function createExternalClassifier(options: ExternalClassifierOptions): ExternalClassifier {
  const timeoutMs = options.timeoutMs ?? 1500;
  const categories = options.categories ?? DEFAULT_CATEGORIES;
  const [low, high] = options.band ?? [0.25, 0.75];
  const cacheSize = options.cacheSize ?? 1000;
  // Map iteration order is insertion order: delete + set moves an entry to the end (LRU).
  const cache = new Map<string, readonly Finding[]>();

  function uncertain(findings: readonly Finding[]): boolean {
    for (const c of categories) {
      let top = 0;
      for (const f of findings) if (f.category === c && f.score > top) top = f.score;
      if (top >= high) return false;
      if (top >= low) return true;
    }
    return false;
  }

  async function call(text: string): Promise<Finding[]> {
    const res = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.headers ?? {}) },
      body: JSON.stringify({ text, categories }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new ExternalClassifierError(`HTTP ${res.status}`);
    const body = (await res.json()) as { results?: unknown };
    if (!Array.isArray(body.results))
      throw new ExternalClassifierError('response has no results array');
    const out: Finding[] = [];
    for (const r of body.results as Array<{ category?: unknown; score?: unknown }>) {
      if (
        typeof r.category !== 'string' ||
        typeof r.score !== 'number' ||
        !(r.score >= 0 && r.score <= 1)
      ) {
        throw new ExternalClassifierError('result needs a category and a score in [0, 1]');
      }
      if (!categories.includes(r.category as FindingCategory)) continue;
      out.push({
        category: r.category as FindingCategory,
        detector: 'external',
        score: r.score,
        severity: r.score >= 0.85 ? 'high' : r.score >= 0.5 ? 'medium' : 'low',
      });
    }
    return out;
  }

  async function refine(
    text: string,
    local: readonly Finding[],
    opts: { force?: boolean } = {},
  ): Promise<ExternalOutcome> {
    if (opts.force !== true && !uncertain(local)) return { findings: [], source: 'skipped' };
    const key = createHash('sha256').update(text).digest('hex');
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
      return { findings: hit, source: 'cache' };
    }
    try {
      const findings = await call(text);
      cache.set(key, findings);
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
      return { findings, source: 'called' };
    } catch (err) {
      const error =
        err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')
          ? `timed out after ${timeoutMs} ms`
          : err instanceof Error
            ? err.message
            : String(err);
      const failure = { error, failMode: options.failMode };
      if (options.failMode === 'open') return { findings: [], source: 'failed', failure };
      // Fail closed: an unanswered check blocks, visibly.
      const closed: Finding = {
        category: categories[0] ?? 'prompt_injection',
        detector: 'external.unavailable',
        score: 1,
        severity: 'high',
        evidence: `external classifier unavailable (${error}); fail closed`,
      };
      return { findings: [closed], source: 'failed', failure };
    }
  }

  return { uncertain, refine };
}

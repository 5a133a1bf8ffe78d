/**
 * Rate-limit and budget counters shared by several Bulwark servers through Redis.
 *
 * The policy evaluator is synchronous, so a decision cannot wait for Redis. Each server keeps its
 * own additions exactly in memory and exchanges per-bucket totals with Redis in the background
 * (one pipelined round trip every `syncIntervalMs`). A sum is: own additions (exact) + the other
 * servers' additions as of the last sync (bucketed, counted whole when a bucket overlaps the
 * window, so it over-counts rather than under-counts). The global total can therefore lag by at
 * most one sync interval of the other servers' traffic; see docs/policy.md.
 *
 * When Redis has not answered for `maxStalenessMs`, `sum` throws StoreUnavailableError so the
 * guard applies its fail mode (closed by default) instead of deciding on stale numbers.
 */
import { Redis } from 'ioredis';
import { StoreUnavailableError } from '../../core/errors.js';
import { type CounterStore, MemoryCounterStore } from '../../policy/counters.js';

/** Options of RedisCounterStore. */
export interface RedisCounterStoreOptions {
  /** `redis://host:port/db`. */
  readonly url: string;
  /** Key prefix shared by every server of one deployment (default `bulwark:ctr`). */
  readonly prefix?: string;
  /** Background exchange period (default 50 ms). */
  readonly syncIntervalMs?: number;
  /** Longest time without a successful exchange before sums fail (default 2,000 ms). */
  readonly maxStalenessMs?: number;
  /** Buckets per window for the other servers' totals (default 20). */
  readonly bucketsPerWindow?: number;
}

/** Health of the Redis link, as /readyz reports it. */
export interface CounterHealth {
  readonly ok: boolean;
  readonly lastSyncAt: number | null;
  readonly error?: string;
}

interface KeyState {
  windowMs: number;
  bucketMs: number;
  /** Bucket → amount added here and not yet sent. */
  pending: Map<number, number>;
  /** Bucket → amount added here and already counted in Redis. */
  flushed: Map<number, number>;
  /** Bucket → other servers' total as of the last exchange. */
  others: Map<number, number>;
  lastAddAt: number;
}

/** CounterStore backed by Redis, exact for local traffic and one sync interval behind for others. */
export class RedisCounterStore implements CounterStore {
  readonly #local = new MemoryCounterStore();
  readonly #keys = new Map<string, KeyState>();
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #bucketsPerWindow: number;
  readonly #maxStalenessMs: number;
  readonly #timer: NodeJS.Timeout;
  #lastSyncAt: number | null = null;
  #lastError: string | undefined;
  #syncing = false;
  #closed = false;

  private constructor(redis: Redis, options: RedisCounterStoreOptions) {
    this.#redis = redis;
    this.#prefix = options.prefix ?? 'bulwark:ctr';
    this.#bucketsPerWindow = options.bucketsPerWindow ?? 20;
    this.#maxStalenessMs = options.maxStalenessMs ?? 2000;
    this.#timer = setInterval(() => void this.sync(), options.syncIntervalMs ?? 50);
    this.#timer.unref();
  }

  /** Connect and do a first exchange; rejects with StoreUnavailableError if Redis does not answer. */
  static async connect(options: RedisCounterStoreOptions): Promise<RedisCounterStore> {
    const redis = new Redis(options.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 1000,
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    });
    // Connection errors surface through health(); without a listener ioredis would print them.
    redis.on('error', () => {});
    try {
      await redis.connect();
      await redis.ping();
    } catch (err) {
      redis.disconnect();
      throw new StoreUnavailableError('redis', 'closed', err);
    }
    const store = new RedisCounterStore(redis, options);
    await store.sync();
    return store;
  }

  sum(key: string, windowMs: number, now: number): number {
    const stale = this.#lastSyncAt === null || Date.now() - this.#lastSyncAt > this.#maxStalenessMs;
    if (stale) throw new StoreUnavailableError('redis', 'closed', this.#lastError);
    let total = this.#local.sum(key, windowMs, now);
    const state = this.#keys.get(key);
    if (!state) return total;
    const from = now - windowMs;
    for (const [bucket, amount] of state.others) {
      if ((bucket + 1) * state.bucketMs > from) total += amount;
    }
    return total;
  }

  add(key: string, amount: number, windowMs: number, now: number): void {
    this.#local.add(key, amount, windowMs, now);
    const state = this.#state(key, windowMs);
    const bucket = Math.floor(now / state.bucketMs);
    state.pending.set(bucket, (state.pending.get(bucket) ?? 0) + amount);
    state.lastAddAt = now;
  }

  /** Key whose other-server totals should be tracked even before this server adds to it. */
  track(key: string, windowMs: number): void {
    this.#state(key, windowMs);
  }

  /** One exchange with Redis: send pending additions, read every tracked key's totals. */
  async sync(): Promise<void> {
    if (this.#syncing || this.#closed) return;
    this.#syncing = true;
    const now = Date.now();
    const batch = [...this.#keys.entries()];
    const sent = batch.map(([, s]) => s.pending);
    for (const [, s] of batch) s.pending = new Map();
    try {
      const pipe = this.#redis.pipeline();
      batch.forEach(([key, s], i) => {
        const rkey = this.#redisKey(key, s);
        const pending = sent[i]!;
        for (const [bucket, amount] of pending) pipe.hincrbyfloat(rkey, String(bucket), amount);
        if (pending.size > 0) pipe.pexpire(rkey, s.windowMs + 2 * s.bucketMs);
        pipe.hgetall(rkey);
      });
      const results = (await pipe.exec()) ?? [];
      let r = 0;
      batch.forEach(([, s], i) => {
        const pending = sent[i]!;
        r += pending.size + (pending.size > 0 ? 1 : 0);
        const [err, totals] = results[r++] ?? [new Error('missing reply'), null];
        if (err) throw err;
        for (const [bucket, amount] of pending) {
          s.flushed.set(bucket, (s.flushed.get(bucket) ?? 0) + amount);
        }
        s.others = othersFrom(totals as Record<string, string>, s.flushed);
        prune(s, now);
      });
      this.#lastSyncAt = now;
      this.#lastError = undefined;
    } catch (err) {
      // Put the unsent amounts back so nothing added here is lost from the global total.
      batch.forEach(([, s], i) => {
        for (const [bucket, amount] of sent[i]!) {
          s.pending.set(bucket, (s.pending.get(bucket) ?? 0) + amount);
        }
      });
      this.#lastError = err instanceof Error ? err.message : String(err);
    } finally {
      this.#syncing = false;
    }
    for (const [key, s] of this.#keys) {
      const idle = now - s.lastAddAt > 2 * s.windowMs;
      if (idle && s.pending.size === 0 && s.others.size === 0) this.#keys.delete(key);
    }
  }

  /** Link health for /readyz. */
  health(): CounterHealth {
    const ok = this.#lastSyncAt !== null && Date.now() - this.#lastSyncAt <= this.#maxStalenessMs;
    return {
      ok,
      lastSyncAt: this.#lastSyncAt,
      ...(this.#lastError === undefined ? {} : { error: this.#lastError }),
    };
  }

  /** Send what is pending and disconnect. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.sync();
    this.#closed = true;
    this.#redis.disconnect();
  }

  #state(key: string, windowMs: number): KeyState {
    let state = this.#keys.get(key);
    if (!state || state.windowMs < windowMs) {
      const bucketMs = Math.max(1, Math.ceil(windowMs / this.#bucketsPerWindow));
      state = {
        windowMs,
        bucketMs,
        pending: state?.pending ?? new Map(),
        flushed: state?.flushed ?? new Map(),
        others: state?.others ?? new Map(),
        lastAddAt: state?.lastAddAt ?? Number.NEGATIVE_INFINITY,
      };
      this.#keys.set(key, state);
    }
    return state;
  }

  #redisKey(key: string, s: KeyState): string {
    return `${this.#prefix}:${s.bucketMs}:${key}`;
  }
}

/** Other servers' share of each bucket: the Redis total minus what this server sent. */
function othersFrom(
  totals: Record<string, string>,
  flushed: Map<number, number>,
): Map<number, number> {
  const others = new Map<number, number>();
  for (const [field, value] of Object.entries(totals)) {
    const bucket = Number(field);
    const amount = Number(value) - (flushed.get(bucket) ?? 0);
    // Float sums of the same additions can differ in the last bits; ignore that noise.
    if (amount > 1e-9) others.set(bucket, amount);
  }
  return others;
}

function prune(s: KeyState, now: number): void {
  const oldest = Math.floor((now - s.windowMs) / s.bucketMs) - 1;
  for (const bucket of s.flushed.keys()) if (bucket < oldest) s.flushed.delete(bucket);
  for (const bucket of s.others.keys()) if (bucket < oldest) s.others.delete(bucket);
}

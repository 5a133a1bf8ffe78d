/** Counters behind rate limits and budgets: a sliding-window sum per key. */

/**
 * Where rate-limit and budget counters live. Synchronous so evaluation stays synchronous;
 * a shared implementation (Redis) keeps a local view and syncs in the background.
 * A store that throws makes the rule fail to evaluate, and the policy's fail mode applies.
 */
export interface CounterStore {
  /** Sum of the amounts added under `key` in the window `(now - windowMs, now]`. */
  sum(key: string, windowMs: number, now: number): number;
  /** Add `amount` under `key` at time `now`; `windowMs` tells how long it must be kept. */
  add(key: string, amount: number, windowMs: number, now: number): void;
}

interface Log {
  times: number[];
  amounts: number[];
  /** Index of the first live entry (entries before it have expired). */
  head: number;
  keepMs: number;
}

/** Options of MemoryCounterStore. */
export interface MemoryCounterStoreOptions {
  /** Keys kept at most; expired keys go first, then the least recently written (default 100,000). */
  readonly maxKeys?: number;
  /** Entries per key at most; beyond it the oldest two merge (conservative: they expire later). */
  readonly maxEntriesPerKey?: number;
}

/** Exact sliding-window counters in process memory. */
export class MemoryCounterStore implements CounterStore {
  readonly #logs = new Map<string, Log>();
  readonly #maxKeys: number;
  readonly #maxEntries: number;

  constructor(options: MemoryCounterStoreOptions = {}) {
    this.#maxKeys = options.maxKeys ?? 100_000;
    this.#maxEntries = options.maxEntriesPerKey ?? 10_000;
  }

  sum(key: string, windowMs: number, now: number): number {
    const log = this.#logs.get(key);
    if (!log) return 0;
    const from = now - windowMs;
    let total = 0;
    for (let i = log.times.length - 1; i >= log.head; i--) {
      if (log.times[i]! <= from) break;
      total += log.amounts[i]!;
    }
    return total;
  }

  add(key: string, amount: number, windowMs: number, now: number): void {
    let log = this.#logs.get(key);
    if (!log) {
      if (this.#logs.size >= this.#maxKeys) this.#evict(now);
      log = { times: [], amounts: [], head: 0, keepMs: windowMs };
    } else {
      this.#logs.delete(key); // re-insert: Map order is least recently written first
    }
    this.#logs.set(key, log);
    log.keepMs = Math.max(log.keepMs, windowMs);
    prune(log, now);
    // INVARIANT: times are non-decreasing, so sums can stop at the first expired entry.
    const last = log.times.length > 0 ? log.times[log.times.length - 1]! : now;
    log.times.push(Math.max(now, last));
    log.amounts.push(amount);
    if (log.times.length - log.head > this.#maxEntries) {
      const h = log.head;
      log.amounts[h + 1] = log.amounts[h + 1]! + log.amounts[h]!;
      log.head++;
    }
  }

  /** Number of keys held. */
  get size(): number {
    return this.#logs.size;
  }

  #evict(now: number): void {
    for (const [k, log] of this.#logs) {
      const last = log.times[log.times.length - 1];
      if (last === undefined || now - last >= log.keepMs) this.#logs.delete(k);
    }
    while (this.#logs.size >= this.#maxKeys) {
      const oldest = this.#logs.keys().next().value;
      if (oldest === undefined) break;
      this.#logs.delete(oldest);
    }
  }
}

function prune(log: Log, now: number): void {
  const from = now - log.keepMs;
  while (log.head < log.times.length && log.times[log.head]! <= from) log.head++;
  // Compact when the dead prefix dominates, keeping pruning amortised O(1).
  if (log.head > 64 && log.head * 2 > log.times.length) {
    log.times = log.times.slice(log.head);
    log.amounts = log.amounts.slice(log.head);
    log.head = 0;
  }
}

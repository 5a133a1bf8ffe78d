/**
 * Outbound webhooks: signed JSON POSTs (Stripe-style `X-Bulwark-Signature: t=<ts>,v1=<hex>`,
 * HMAC-SHA256 over `<ts>.<body>`), delivered in the background with bounded, jittered retries.
 * `send` never blocks or throws: a decision never waits for a webhook.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Where to deliver, and the shared secret used to sign. */
export interface WebhookTarget {
  readonly url: string;
  readonly secret: string;
}

/** A Slack block (the subset Bulwark sends). */
export type SlackBlock =
  | {
      readonly type: 'header';
      readonly text: { readonly type: 'plain_text'; readonly text: string };
    }
  | { readonly type: 'section'; readonly text: { readonly type: 'mrkdwn'; readonly text: string } }
  | {
      readonly type: 'context';
      readonly elements: readonly { readonly type: 'mrkdwn'; readonly text: string }[];
    };

/** A Slack-compatible message; `bulwark` carries the machine-readable event for other receivers. */
export interface WebhookMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
  readonly bulwark?: { readonly event: string; readonly [k: string]: unknown };
}

/** Outcome of one message to one target. */
export interface WebhookDelivery {
  readonly url: string;
  readonly event?: string;
  readonly ok: boolean;
  readonly attempts: number;
  /** Last HTTP status, if any response arrived. */
  readonly status?: number;
  /** Why it failed: `http 500`, `timeout`, `network`, `queue full`, `closed`, `http 400 (not retried)`. */
  readonly error?: string;
}

/** Delivery settings. */
export interface WebhookOptions {
  readonly targets: readonly WebhookTarget[];
  /** Attempts per message and target, first included (default 5). */
  readonly maxAttempts?: number;
  /** First retry delay before jitter (default 500 ms); doubles each attempt. */
  readonly baseDelayMs?: number;
  /** Cap on one delay (default 30 s). */
  readonly maxDelayMs?: number;
  /** Per-attempt timeout (default 5 s). */
  readonly timeoutMs?: number;
  /** Deliveries in flight or waiting beyond which new ones are dropped (default 1000). */
  readonly maxInFlight?: number;
  /** Random source in [0, 1) for jitter (default Math.random). */
  readonly random?: () => number;
  /** Wall clock in ms for the signature timestamp (default Date.now). */
  readonly now?: () => number;
  /** Told about every finished delivery (log it, count it; never the body). */
  readonly onDelivery?: (d: WebhookDelivery) => void;
}

/** Background webhook sender. */
export interface WebhookSender {
  /** Queues the message for every target and returns at once. */
  send(message: WebhookMessage): void;
  /** Resolves when every delivery queued so far has finished (success or given up). */
  drain(): Promise<void>;
  /** Abandons waiting retries and in-flight attempts, then drains. */
  close(): Promise<void>;
  /** Deliveries not finished yet. */
  readonly inFlight: number;
}

/** Header name carrying the signature. */
export const SIGNATURE_HEADER = 'x-bulwark-signature';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signWebhook(body: string, secret: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * Verifies a signature header for a raw body: any `v1` matches (constant time) and `t` is within
 * `toleranceSec` of `nowSeconds` (replay window, default 300 s).
 */
export function verifyWebhookSignature(
  header: string,
  body: string,
  secret: string,
  nowSeconds: number,
  toleranceSec = 300,
): boolean {
  let t: number | undefined;
  const sigs: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k === 't' && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && /^[0-9a-f]{64}$/.test(v)) sigs.push(v);
  }
  if (t === undefined || sigs.length === 0 || Math.abs(nowSeconds - t) > toleranceSec) return false;
  const expected = Buffer.from(
    createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'),
    'utf8',
  );
  let ok = false;
  for (const s of sigs) ok = timingSafeEqual(expected, Buffer.from(s, 'utf8')) || ok;
  return ok;
}

/**
 * Delay before retry number `retry` (1-based): exponential, capped, with "equal jitter" —
 * half fixed, half random — so retries spread out yet never come back immediately.
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return exp / 2 + (exp / 2) * random;
}

const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

function retryAfterMs(res: Response): number | undefined {
  const h = res.headers.get('retry-after');
  if (h === null || !/^\d{1,6}$/.test(h.trim())) return undefined;
  return Number(h.trim()) * 1000;
}

/** Creates a background sender for the given targets. */
export function createWebhookSender(options: WebhookOptions): WebhookSender {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const baseMs = options.baseDelayMs ?? 500;
  const maxMs = options.maxDelayMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxInFlight = options.maxInFlight ?? 1000;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const stop = new AbortController();
  const tasks = new Set<Promise<void>>();

  const report = (d: WebhookDelivery) => {
    try {
      options.onDelivery?.(d);
    } catch {
      // A faulty observer must not break delivery.
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stop.signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        stop.signal.removeEventListener('abort', done);
        resolve();
      }
      stop.signal.addEventListener('abort', done, { once: true });
    });

  const deliver = async (target: WebhookTarget, body: string, event: string | undefined) => {
    const base = { url: target.url, ...(event !== undefined ? { event } : {}) };
    let status: number | undefined;
    let error = 'closed';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (stop.signal.aborted) break;
      let wait: number | undefined;
      try {
        const ts = Math.floor(now() / 1000);
        const res = await fetch(target.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'bulwark-webhook/1',
            [SIGNATURE_HEADER]: signWebhook(body, target.secret, ts),
          },
          body,
          redirect: 'error',
          signal: AbortSignal.any([stop.signal, AbortSignal.timeout(timeoutMs)]),
        });
        status = res.status;
        await res.body?.cancel().catch(() => undefined);
        if (res.ok) return report({ ...base, ok: true, attempts: attempt, status });
        if (!RETRY_STATUSES.has(res.status)) {
          return report({
            ...base,
            ok: false,
            attempts: attempt,
            status,
            error: `http ${res.status} (not retried)`,
          });
        }
        error = `http ${res.status}`;
        wait = retryAfterMs(res);
      } catch (err) {
        error = stop.signal.aborted
          ? 'closed'
          : err instanceof Error && err.name === 'TimeoutError'
            ? 'timeout'
            : 'network';
      }
      if (attempt < maxAttempts && !stop.signal.aborted) {
        const backoff = backoffDelay(attempt, baseMs, maxMs, random());
        await sleep(Math.min(maxMs, Math.max(backoff, wait ?? 0)));
      }
    }
    report({
      ...base,
      ok: false,
      attempts: maxAttempts,
      ...(status !== undefined ? { status } : {}),
      error,
    });
  };

  return {
    send(message) {
      let body: string;
      try {
        body = JSON.stringify(message);
      } catch {
        return;
      }
      const event = message.bulwark?.event;
      for (const target of options.targets) {
        if (stop.signal.aborted || tasks.size >= maxInFlight) {
          report({
            url: target.url,
            ...(event !== undefined ? { event } : {}),
            ok: false,
            attempts: 0,
            error: stop.signal.aborted ? 'closed' : 'queue full',
          });
          continue;
        }
        const task: Promise<void> = deliver(target, body, event)
          .catch(() => undefined)
          .finally(() => tasks.delete(task));
        tasks.add(task);
      }
    },
    async drain() {
      while (tasks.size > 0) await Promise.all([...tasks]);
    },
    async close() {
      stop.abort();
      while (tasks.size > 0) await Promise.all([...tasks]);
    },
    get inFlight() {
      return tasks.size;
    },
  };
}

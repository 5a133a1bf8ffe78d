/**
 * The approval service: the state machine over a store, with audit receipts, change
 * notifications (waitFor) and outbound notices. Every read and write is scoped by tenant.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Check } from '../core/check.js';
import type { Clock } from '../core/clock.js';
import type { Decision, ReceiptRef } from '../core/decision.js';
import { InputError } from '../core/errors.js';
import type { ReceiptBody } from '../core/receipt.js';
import type { ApprovalFilter, ApprovalStore } from '../store/approvals.js';
import type { ApprovalChange, ApprovalChannel } from './channel.js';
import { ApprovalConflictError, ApprovalNotFoundError } from './errors.js';
import {
  type ApprovalActor,
  type ApprovalRequest,
  type ApprovalTransition,
  approve,
  bindingHash,
  bindingOf,
  cancel,
  deny,
  expire,
  openRequest,
  redeem,
  stateAt,
  tenantOf,
  viewAt,
} from './request.js';

/** Where receipts go (the audit log's `append`). */
export interface ApprovalAudit {
  append(receipt: ReceiptBody): ReceiptRef;
}

/** A notice for people (webhooks): a request was opened or reached a final state. */
export interface ApprovalNotice {
  /** `approval.requested`, `approval.vote`, `approval.approved`, `approval.denied`, `approval.expired`, `approval.cancelled`. */
  readonly event: string;
  readonly request: ApprovalRequest;
}

/** Dependencies of the service. */
export interface ApprovalServiceOptions {
  readonly store: ApprovalStore;
  readonly clock: Clock;
  readonly audit?: ApprovalAudit;
  /** Called for every state change and vote (not redemptions); must not block. Errors are swallowed. */
  readonly notifier?: (notice: ApprovalNotice) => void;
  /** Cross-server change channel (Redis); in-process waiters are woken either way. */
  readonly channel?: ApprovalChannel;
  /** Request ids (default `apr_` + 96 random bits). */
  readonly newId?: () => string;
  /** Materialise lazy expiries every this many ms (unref'd timer); off when absent. */
  readonly sweepEveryMs?: number;
}

/** Result of `request`: the pending (or existing) request for an escalated check. */
export interface ApprovalOpened {
  readonly request: ApprovalRequest;
  /** False when a pending request with the same binding already existed. */
  readonly created: boolean;
}

/** A request looked up by id for a retried check. */
export interface ApprovalLookup {
  readonly request: ApprovalRequest;
  /** True when the check's action, resource, params and tenant are exactly what the request covers. */
  readonly matches: boolean;
}

/** The approval service API that doors (HTTP, SDK) call. */
export interface ApprovalService {
  /** Opens (or returns the pending) request for an `escalate` decision with an approval requirement. */
  request(check: Check, decision: Decision): Promise<ApprovalOpened>;
  /** The request as of now (lazily expired); not_found outside the tenant. */
  get(tenant: string, id: string): Promise<ApprovalRequest>;
  /** A request by id for a retried check, with whether the check matches its binding. */
  lookup(check: Check, id: string): Promise<ApprovalLookup>;
  list(tenant: string, filter?: ApprovalFilter): Promise<ApprovalRequest[]>;
  /** Approval vote by `actor` (tenant from the actor). */
  approve(id: string, actor: ApprovalActor, comment?: string): Promise<ApprovalRequest>;
  deny(id: string, actor: ApprovalActor, comment?: string): Promise<ApprovalRequest>;
  cancel(id: string, actor: ApprovalActor, reason?: string): Promise<ApprovalRequest>;
  /**
   * Uses an approved request for `check` (single use): the requester, the exact binding, once.
   * Throws not_approved / binding_mismatch / forbidden / already_redeemed otherwise.
   */
  redeem(check: Check, id: string): Promise<ApprovalRequest>;
  /**
   * Resolves with the request after its next stored change, at its expiry, or after `timeoutMs`
   * (whichever comes first); at once if it is already final. Rejects with `signal.reason` on abort.
   */
  waitFor(
    tenant: string,
    id: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<ApprovalRequest>;
  /** Stores expiries that are due (with their receipts); returns how many. */
  sweep(limit?: number): Promise<number>;
  /** Stops the sweeper and detaches from the channel (the store and channel belong to the caller). */
  close(): Promise<void>;
}

const MAX_CAS_ATTEMPTS = 32;
const MAX_TIMER_MS = 2 ** 31 - 1;

const defaultId = () => `apr_${randomBytes(12).toString('base64url')}`;

/** Creates the approval service. */
export function createApprovalService(options: ApprovalServiceOptions): ApprovalService {
  const { store, clock, audit, notifier, channel } = options;
  const newId = options.newId ?? defaultId;
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const key = (tenant: string, id: string) => `${tenant}\u0000${id}`;
  const wake = (change: ApprovalChange) => {
    local.emit(key(change.tenant, change.id), change);
  };
  const unsubscribe = channel?.subscribe(wake);

  const committed = (t: ApprovalTransition): ApprovalRequest => {
    audit?.append(t.receipt);
    const change: ApprovalChange = {
      tenant: t.request.tenant,
      id: t.request.id,
      state: t.request.state,
      version: t.request.version,
    };
    wake(change);
    // Other servers learn through the channel; a lost publish only delays their waiters to timeout.
    channel?.publish(change).catch(() => undefined);
    // Redemption is audited but is not news for people (the state stays `approved`).
    if (notifier && t.receipt.event !== 'approval.redeemed') {
      try {
        notifier({ event: t.receipt.event, request: t.request });
      } catch {
        // Notification never blocks or fails a transition.
      }
    }
    return t.request;
  };

  const load = async (tenant: string, id: string): Promise<ApprovalRequest> => {
    const stored = await store.get(tenant, id);
    if (!stored) throw new ApprovalNotFoundError(id);
    return stored;
  };

  /** Stores a lazy expiry; returns the stored-or-viewed expired request. */
  const materialise = async (stored: ApprovalRequest, now: number): Promise<ApprovalRequest> => {
    const t = expire(stored, now);
    if (!t) return stored;
    if (await store.update(t.request, stored.version)) return committed(t);
    // Someone else stored a change first: theirs wins, report what is stored now.
    return viewAt(await load(stored.tenant, stored.id), now);
  };

  /** Load, apply, compare-and-set; retried when racing writers win. */
  const transition = async (
    tenant: string,
    id: string,
    step: (r: ApprovalRequest, now: number) => ApprovalTransition,
  ): Promise<ApprovalRequest> => {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const stored = await load(tenant, id);
      const now = clock.now();
      if (stateAt(stored, now) === 'expired' && stored.state === 'pending') {
        await materialise(stored, now);
      }
      const t = step(stored, now); // throws the typed error for expired/decided/ineligible
      if (await store.update(t.request, stored.version)) return committed(t);
    }
    throw new ApprovalConflictError(id);
  };

  const get = async (tenant: string, id: string): Promise<ApprovalRequest> => {
    const stored = await load(tenant, id);
    const now = clock.now();
    return stored.state === 'pending' && now >= stored.expiresAt
      ? materialise(stored, now)
      : stored;
  };

  const sweep = async (limit = 500): Promise<number> => {
    const now = clock.now();
    let n = 0;
    for (const r of await store.listExpired(now, limit)) {
      const t = expire(r, now);
      if (t && (await store.update(t.request, r.version))) {
        committed(t);
        n++;
      }
    }
    return n;
  };

  const timer =
    options.sweepEveryMs !== undefined
      ? setInterval(() => {
          sweep().catch(() => undefined);
        }, options.sweepEveryMs)
      : undefined;
  timer?.unref();

  return {
    async request(check, decision) {
      if (decision.decision !== 'escalate' || !decision.approval) {
        throw new InputError('decision', 'not an escalation with an approval requirement');
      }
      for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
        const now = clock.now();
        const opened = openRequest({
          id: newId(),
          check,
          requirement: decision.approval,
          reasons: decision.reasons,
          checkDigest: decision.checkDigest,
          now,
        });
        const res = await store.insert(opened.request);
        if (res.inserted) return { request: committed(opened), created: true };
        if (stateAt(res.existing, now) === 'pending') {
          return { request: res.existing, created: false };
        }
        // The pending one has run out: store its expiry, then open a fresh request.
        await materialise(res.existing, now);
      }
      throw new ApprovalConflictError('(new)');
    },
    get,
    async lookup(check, id) {
      const request = await get(tenantOf(check.principal), id);
      return { request, matches: request.bindingHash === bindingHash(bindingOf(check)) };
    },
    async list(tenant, filter = {}) {
      const now = clock.now();
      return (await store.list(tenant, filter, now)).map((r) => viewAt(r, now));
    },
    approve(id, actor, comment) {
      return transition(tenantOf(actor), id, (r, now) => approve(r, actor, now, comment));
    },
    deny(id, actor, comment) {
      return transition(tenantOf(actor), id, (r, now) => deny(r, actor, now, comment));
    },
    cancel(id, actor, reason) {
      return transition(tenantOf(actor), id, (r, now) => cancel(r, actor, now, reason));
    },
    redeem(check, id) {
      return transition(tenantOf(check.principal), id, (r, now) => redeem(r, check, now));
    },
    async waitFor(tenant, id, timeoutMs, signal) {
      signal?.throwIfAborted();
      const eventName = key(tenant, id);
      let onChange: ((c: ApprovalChange) => void) | undefined;
      let onAbort: (() => void) | undefined;
      let timeout: NodeJS.Timeout | undefined;
      let seen = 0;
      // Subscribe before reading, so a change between the read and the wait is not missed.
      const changed = new Promise<'change' | 'timeout'>((resolve, reject) => {
        onChange = (c) => {
          if (c.version > seen) resolve('change');
        };
        local.on(eventName, onChange);
        onAbort = () => reject(signal?.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      changed.catch(() => undefined); // an abort after we stopped waiting is not an error
      try {
        const started = performance.now();
        for (;;) {
          const current = await get(tenant, id);
          if (current.state !== 'pending') return current;
          seen = current.version;
          const remaining = timeoutMs - (performance.now() - started);
          if (remaining <= 0) return current;
          // Expiry is computed from the clock when read; a timer can fire a little before the
          // clock reaches `expiresAt`, so wait 1 ms past it and read again until it shows.
          const untilExpiry = Math.max(1, current.expiresAt - clock.now() + 1);
          // setTimeout fires at once beyond 2^31 − 1 ms; a longer wait just loops.
          const wait = Math.min(remaining, untilExpiry, MAX_TIMER_MS);
          const timedOut = new Promise<'timeout'>((resolve) => {
            timeout = setTimeout(() => resolve('timeout'), wait);
          });
          const outcome = await Promise.race([changed, timedOut]);
          clearTimeout(timeout);
          if (outcome === 'change') return await get(tenant, id);
        }
      } finally {
        if (onChange) local.off(eventName, onChange);
        if (onAbort) signal?.removeEventListener('abort', onAbort);
        if (timeout) clearTimeout(timeout);
      }
    },
    sweep,
    async close() {
      if (timer) clearInterval(timer);
      unsubscribe?.();
      local.removeAllListeners();
    },
  };
}

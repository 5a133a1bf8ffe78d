/**
 * The remote client: the same `check` / `scan` as the in-process guard, answered by a Bulwark
 * server (`POST /v1/check`, `POST /v1/scan`), with escalations awaited through
 * `GET /v1/approvals/:id/wait`. The server takes the principal from the API key.
 */
import type { Check, ContentRole, Phase, Principal, Provenance } from '../core/check.js';
import type { Decision } from '../core/decision.js';
import type { Finding, FindingCategory } from '../core/finding.js';
import type { ApprovalGate, ApprovalOutcome } from './checker.js';

/** Where the server is and how to authenticate. */
export interface ClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  readonly url: string;
  /** An API key (`bwk_…`), sent as `Authorization: Bearer`. */
  readonly apiKey: string;
  /** Per-request timeout for check and scan (default 10 s). */
  readonly timeoutMs?: number;
}

/** A Check for the server: the principal is optional (the key decides it). */
export type RemoteCheck = Omit<Check, 'principal'> & { readonly principal?: Principal };

/** The approval request a server attaches to an `escalate`. */
export interface RemoteApproval {
  readonly id: string;
  readonly state: 'pending' | 'approved' | 'denied' | 'expired' | 'cancelled';
  readonly role: string;
  readonly count: number;
  readonly expiresInMs: number;
  readonly expiresAt: number;
  readonly cause?: string;
  readonly approvers?: readonly string[];
}

/** A decision as the server returns it. */
export type RemoteDecision = Omit<Decision, 'approval'> & { readonly approval?: RemoteApproval };

/** Options of `scan`. */
export interface ScanOptions {
  readonly phase?: Phase;
  readonly role?: ContentRole;
  readonly provenance?: Provenance;
  /** Also return the text with findings redacted. */
  readonly redact?: boolean;
  readonly redactCategories?: readonly FindingCategory[];
}

/** What `scan` returns. */
export interface ScanResult {
  readonly findings: readonly Finding[];
  readonly redacted?: string;
}

/** The server answered with an error. */
export class BulwarkApiError extends Error {
  override readonly name = 'BulwarkApiError';
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(`${status} ${code}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

/** A client for a Bulwark server. */
export interface BulwarkClient {
  check(check: RemoteCheck): Promise<RemoteDecision>;
  scan(text: string, options?: ScanOptions): Promise<ScanResult>;
  /** Waits on the approval request of an escalated decision. */
  readonly approvals: ApprovalGate;
  /** Waits on an approval request by id (long-poll), up to `timeoutMs`. */
  waitForApproval(id: string, timeoutMs: number): Promise<ApprovalOutcome>;
}

/** Longest single long-poll the server accepts. */
const MAX_POLL_MS = 120_000;

/** Creates a client. */
export function createClient(options: ClientOptions): BulwarkClient {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers = {
    authorization: `Bearer ${options.apiKey}`,
    'content-type': 'application/json',
  };

  async function call<T>(
    method: string,
    path: string,
    body: unknown,
    waitMs: number,
    okStatuses: readonly number[] = [200],
  ): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(waitMs),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new BulwarkApiError(res.status, 'invalid_response', 'server answered non-JSON');
    }
    if (okStatuses.includes(res.status)) return json as T;
    const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new BulwarkApiError(res.status, err?.code ?? 'error', err?.message ?? res.statusText);
  }

  const waitForApproval = async (id: string, waitMs: number): Promise<ApprovalOutcome> => {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const left = Math.max(0, Math.min(deadline - Date.now(), MAX_POLL_MS));
      const r = await call<
        RemoteApproval & { votes?: Array<{ approver: string; verdict: string }> }
      >(
        'GET',
        `/v1/approvals/${encodeURIComponent(id)}/wait?timeoutMs=${left}`,
        undefined,
        left + timeoutMs,
      );
      switch (r.state) {
        case 'approved':
          return {
            status: 'approved',
            requestId: id,
            approvers: (r.votes ?? [])
              .filter((v) => v.verdict === 'approve')
              .map((v) => v.approver),
          };
        case 'denied':
          return { status: 'denied', requestId: id, reasons: r.cause ? [r.cause] : [] };
        case 'expired':
          return { status: 'expired', requestId: id };
        case 'cancelled':
          return { status: 'cancelled', requestId: id };
        case 'pending':
          if (Date.now() >= deadline) return { status: 'timeout', requestId: id };
      }
    }
  };

  return {
    // why: a 503 carries a deny decision (the server failed closed); it is a decision, not an error.
    check: (check) => call<RemoteDecision>('POST', '/v1/check', check, timeoutMs, [200, 503]),
    scan: (text, opts = {}) => call<ScanResult>('POST', '/v1/scan', { text, ...opts }, timeoutMs),
    waitForApproval,
    approvals: {
      async await(_check, decision, waitMs) {
        const id = (decision as RemoteDecision).approval?.id;
        if (!id) throw new Error('escalated decision carries no approval request id');
        return waitForApproval(id, waitMs);
      },
    },
  };
}

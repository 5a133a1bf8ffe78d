/** Typed errors the SDK throws when a wrapped call is refused. `DeniedError` lives in core. */
import { DeniedError } from '../core/errors.js';
import type { Enforcement } from './enforce.js';

export { DeniedError };

/** An escalation was not approved in time: the request expired, or the caller's wait ran out. */
export class ApprovalExpiredError extends Error {
  override readonly name = 'ApprovalExpiredError';
  /** Approval request id. */
  readonly requestId: string;
  /** `expired`: the request itself expired; `timeout`: still pending when the wait ended. */
  readonly reason: 'expired' | 'timeout';
  constructor(requestId: string, reason: 'expired' | 'timeout') {
    super(
      reason === 'expired'
        ? `approval ${requestId} expired before anyone decided`
        : `approval ${requestId} still pending when the wait ended`,
    );
    this.requestId = requestId;
    this.reason = reason;
  }
}

/** An approver denied (or someone cancelled) the escalated request. */
export class ApprovalDeniedError extends Error {
  override readonly name = 'ApprovalDeniedError';
  readonly requestId: string;
  readonly reasons: readonly string[];
  readonly cancelled: boolean;
  constructor(requestId: string, reasons: readonly string[], cancelled = false) {
    super(
      `approval ${requestId} ${cancelled ? 'cancelled' : 'denied'}${reasons.length ? `: ${reasons.join('; ')}` : ''}`,
    );
    this.requestId = requestId;
    this.reasons = reasons;
    this.cancelled = cancelled;
  }
}

/** The policy escalated but no approval service is configured (or it could not be reached). */
export class ApprovalUnavailableError extends Error {
  override readonly name = 'ApprovalUnavailableError';
  readonly reasons: readonly string[];
  constructor(message: string, reasons: readonly string[]) {
    super(message);
    this.reasons = reasons;
  }
}

/** The typed error for a refusal. */
export function refusalError(e: Extract<Enforcement, { allowed: false }>): Error {
  const id = e.approval?.requestId ?? '';
  switch (e.cause) {
    case 'denied':
      return new DeniedError(e.reasons);
    case 'approval_denied':
      return new ApprovalDeniedError(id, e.reasons);
    case 'approval_cancelled':
      return new ApprovalDeniedError(id, e.reasons, true);
    case 'approval_expired':
      return new ApprovalExpiredError(id, 'expired');
    case 'approval_timeout':
      return new ApprovalExpiredError(id, 'timeout');
    case 'approval_unavailable':
    case 'approval_error':
      return new ApprovalUnavailableError(e.message, e.reasons);
  }
}

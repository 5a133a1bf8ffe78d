/** HTTP errors: a status, a stable code and a message that never carries internals. */
import { ApprovalError } from '../approvals/errors.js';
import { InputError, PolicyError, StoreUnavailableError } from '../core/errors.js';

/** An error with the HTTP status and body the server answers with. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: number;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(
    status: number,
    code: string,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The JSON error body every route uses. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string } & Record<string, unknown>;
}

const APPROVAL_STATUS: Record<string, number> = {
  not_found: 404,
  forbidden_self_approval: 403,
  not_eligible: 403,
  forbidden: 403,
  already_voted: 409,
  already_decided: 409,
  expired: 409,
  conflict: 409,
  not_approved: 409,
  binding_mismatch: 409,
  already_redeemed: 409,
};

/** Maps anything thrown in a handler to a status and a safe body; unknown errors become 500 without detail. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof PolicyError) {
    return new HttpError(422, 'policy_invalid', 'the policy has errors', { issues: err.issues });
  }
  if (err instanceof StoreUnavailableError) {
    return new HttpError(503, 'store_unavailable', err.message, {
      store: err.store,
      failMode: err.failMode,
    });
  }
  if (err instanceof ApprovalError) {
    const details: Record<string, unknown> = { requestId: err.requestId };
    for (const k of ['state', 'expiredAt', 'requiredRole'] as const) {
      const v = (err as unknown as Record<string, unknown>)[k];
      if (v !== undefined) details[k] = v;
    }
    return new HttpError(APPROVAL_STATUS[err.code] ?? 409, err.code, err.message, details);
  }
  if (err instanceof InputError) {
    return new HttpError(400, 'invalid_request', err.message, {
      issues: [{ path: err.path, message: err.message }],
    });
  }
  // Fastify's own errors (bad JSON, wrong media type, body too large) carry a 4xx statusCode.
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code =
      status === 413
        ? 'body_too_large'
        : status === 415
          ? 'unsupported_media_type'
          : status === 404
            ? 'not_found'
            : 'invalid_request';
    const message =
      status === 413
        ? 'request body too large'
        : status === 415
          ? 'unsupported media type'
          : status === 404
            ? 'not found'
            : err instanceof SyntaxError || /JSON/i.test(String((err as Error).message))
              ? 'body is not valid JSON'
              : 'invalid request';
    return new HttpError(status, code, message);
  }
  return new HttpError(500, 'internal', 'internal error');
}

/** Body of an HttpError. */
export function errorBody(err: HttpError): ErrorBody {
  return { error: { code: err.code, message: err.message, ...err.details } };
}

/** Mapping PostgreSQL connection failures to StoreUnavailableError (fail closed). */
import { StoreUnavailableError } from '../../core/errors.js';

// SQLSTATE classes meaning "the server cannot serve you right now":
// 08 connection exception, 53 insufficient resources, 57 operator intervention (shutdown).
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57']);

/** True for errors meaning the database could not be reached or is shutting down. */
export function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) return UNAVAILABLE_CLASSES.has(code.slice(0, 2));
    // Node socket errors: ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE, ENOTFOUND...
    return code.startsWith('E');
  }
  return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
    err.message,
  );
}

/** Run a database call; connection failures become StoreUnavailableError, others pass through. */
export async function guarded<T>(store: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isUnavailable(err)) throw new StoreUnavailableError(store, 'closed', err);
    throw err;
  }
}

/** Structured JSON logs (pino) that never carry keys, authorization headers or raw content. */
import { type DestinationStream, type Logger, pino } from 'pino';

/** Paths pino censors wherever they appear in a log object. */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'authorization',
  'key',
  '*.key',
  'apiKey',
  '*.apiKey',
  'content',
  '*.content',
  'text',
  '*.text',
  'params',
  '*.params',
  'body',
  '*.body',
  'source',
  '*.source',
];

/** A server logger at `level`, writing JSON lines to `destination` (stdout by default). */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'bulwark' },
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export type { Logger };

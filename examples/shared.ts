/** What every example shares: the example policy, a guard with the scanner, a stream scanner. */
import { fileURLToPath } from 'node:url';
import { createGuard, type Guard } from '../src/guard.js';
import type { TextStreamScanner } from '../src/proxy/index.js';
import { createScanner } from '../src/scan/index.js';
import { createStreamScanner } from '../src/scan/stream.js';

/** The example policy (examples/policy.yaml, read from the source tree). */
export const POLICY_FILE = fileURLToPath(new URL('../../examples/policy.yaml', import.meta.url));

/** A guard and a stream scanner factory for the examples. */
export function exampleGuard(): { guard: Guard; streamScanner: () => TextStreamScanner } {
  const scanner = createScanner();
  const guard = createGuard({ policy: POLICY_FILE, scanner });
  return {
    guard,
    streamScanner: () =>
      createStreamScanner({
        scanner,
        holdBack: 64,
        minScore: 0,
        context: { phase: 'output', role: 'assistant' },
      }),
  };
}

/** Prints one labelled line. */
export function show(label: string, value: unknown): void {
  process.stdout.write(
    `${label.padEnd(28)} ${typeof value === 'string' ? value : JSON.stringify(value)}\n`,
  );
}

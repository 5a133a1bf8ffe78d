/**
 * Anthropic TypeScript SDK adapter: `guardAnthropic(client, options)` returns a copy of the client
 * whose Messages calls (plain and streamed) are checked in-process: input, output and every
 * tool_use block, exactly as the LLM proxy checks them.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { createGuardedFetch, type GuardedFetchOptions } from '../../proxy/fetch.js';

/** Options: the guard, a stream scanner factory, who calls, and optional approvals. */
export type GuardAnthropicOptions = GuardedFetchOptions;

/** A guarded copy of an Anthropic client (the original is left as it was). */
export function guardAnthropic<C extends Anthropic>(client: C, options: GuardAnthropicOptions): C {
  return client.withOptions({ fetch: createGuardedFetch(options) });
}

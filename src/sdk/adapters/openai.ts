/**
 * OpenAI TypeScript SDK adapter: `guardOpenAI(client, options)` returns a copy of the client whose
 * chat completions and responses calls (plain and streamed) are checked in-process: input,
 * output and every tool call, exactly as the LLM proxy checks them.
 */
import type OpenAI from 'openai';
import { createGuardedFetch, type GuardedFetchOptions } from '../../proxy/fetch.js';

/** Options: the guard, a stream scanner factory, who calls, and optional approvals. */
export type GuardOpenAIOptions = GuardedFetchOptions;

/** A guarded copy of an OpenAI client (the original is left as it was). */
export function guardOpenAI<C extends OpenAI>(client: C, options: GuardOpenAIOptions): C {
  return client.withOptions({ fetch: createGuardedFetch(options) });
}

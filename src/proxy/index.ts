/** The LLM proxy: OpenAI- and Anthropic-compatible, streaming, every check through the guard. */
export { createGuardedFetch, type GuardedFetchOptions } from './fetch.js';
export type { TextStreamScanner } from './guarded-text.js';
export {
  createProxy,
  type LlmProxy,
  PROXY_ROUTES,
  type ProxyOptions,
  principalFromCredential,
  type RunningProxy,
  startProxy,
} from './proxy.js';
export {
  type ExchangeDeps,
  type ExchangeRequest,
  type ProxyAnswer,
  runExchange,
  type UpstreamAnswer,
} from './runner.js';

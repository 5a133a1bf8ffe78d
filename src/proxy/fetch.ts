/**
 * The proxy in-process: a `fetch` that runs every chat completions, responses and messages call
 * through the same checks as the HTTP proxy, for SDKs that accept a custom `fetch` (OpenAI,
 * Anthropic, the Vercel AI SDK providers, LangChain's chat models). Other requests pass through.
 */
import type { Principal } from '../core/check.js';
import { anthropicMessages } from './anthropic.js';
import type { ProviderApi } from './exchange.js';
import { openAiChat } from './openai-chat.js';
import { openAiResponses } from './openai-responses.js';
import { type ExchangeDeps, type HeaderMap, type ProxyAnswer, runExchange } from './runner.js';
import { responseHeaders } from './upstream.js';

/** Options of a guarded fetch. */
export interface GuardedFetchOptions extends ExchangeDeps {
  /** Who the calls are made for. */
  readonly principal: Principal;
  readonly session?: string;
  /** The fetch that reaches the model API (default: the global fetch). */
  readonly fetch?: typeof fetch;
}

const SUFFIXES: ReadonlyArray<readonly [string, ProviderApi]> = [
  ['/chat/completions', openAiChat],
  ['/responses', openAiResponses],
  ['/messages', anthropicMessages],
];

/** The wire API a URL path speaks, if it is one the guard understands. */
function apiFor(pathname: string): ProviderApi | undefined {
  const path = pathname.replace(/\/+$/, '');
  return SUFFIXES.find(([suffix]) => path.endsWith(suffix))?.[1];
}

/** A `fetch` whose model calls are checked (input, output, streamed output, tool calls). */
export function createGuardedFetch(options: GuardedFetchOptions): typeof fetch {
  const inner = options.fetch ?? globalThis.fetch;
  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const api = request.method === 'POST' ? apiFor(new URL(request.url).pathname) : undefined;
    if (!api) return inner(request);
    const raw = await request.text();
    const answer = await runExchange(options, {
      api,
      raw,
      principal: options.principal,
      session: options.session,
      send: async (body) => {
        const headers = new Headers(request.headers);
        headers.delete('content-length');
        const res = await inner(request.url, {
          method: 'POST',
          headers,
          body,
          signal: request.signal,
        });
        const plain: Record<string, string> = {};
        res.headers.forEach((v, k) => {
          plain[k] = v;
        });
        return {
          status: res.status,
          headers: responseHeaders(plain),
          contentType: res.headers.get('content-type') ?? '',
          body: textChunks(res),
          cancel: () => {
            res.body?.cancel().catch(() => undefined);
          },
        };
      },
    });
    return toResponse(answer);
  };
  return guarded as typeof fetch;
}

async function* textChunks(res: Response): AsyncGenerator<string, void, undefined> {
  if (!res.body) return;
  const decoder = new TextDecoder();
  for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
    const s = decoder.decode(bytes, { stream: true });
    if (s) yield s;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

function toHeaders(h: HeaderMap): Headers {
  const out = new Headers();
  for (const [k, v] of Object.entries(h)) {
    for (const one of Array.isArray(v) ? v : [v]) out.append(k, one);
  }
  return out;
}

function toResponse(answer: ProxyAnswer): Response {
  if (answer.kind === 'body') {
    return new Response(answer.body, { status: answer.status, headers: toHeaders(answer.headers) });
  }
  const events = answer.events;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await events.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await events.return(undefined);
    },
  });
  return new Response(stream, { status: answer.status, headers: toHeaders(answer.headers) });
}

/**
 * The LLM proxy: an OpenAI- and Anthropic-compatible HTTP front that checks every request, every
 * answer (streamed or not) and every tool call the model emits, then forwards what is allowed.
 * It has no safety logic of its own: every verdict comes from the checker.
 */
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha256Hex } from '../core/canonical.js';
import type { Principal } from '../core/check.js';
import { errorMessage } from '../core/errors.js';
import { anthropicMessages } from './anthropic.js';
import type { ProviderApi } from './exchange.js';
import { openAiChat } from './openai-chat.js';
import { openAiResponses } from './openai-responses.js';
import { type ExchangeDeps, errorAnswer, type ProxyAnswer, runExchange } from './runner.js';
import { createUpstream, forwardHeaders, responseHeaders } from './upstream.js';

/** Paths the proxy answers, by wire API. */
export const PROXY_ROUTES: Readonly<Record<string, ProviderApi>> = {
  '/v1/chat/completions': openAiChat,
  '/v1/responses': openAiResponses,
  '/v1/messages': anthropicMessages,
};

/** How the proxy is set up. */
export interface ProxyOptions extends ExchangeDeps {
  /** Base URL of the model API, e.g. `https://api.openai.com` or `http://127.0.0.1:9000/v1`. */
  readonly upstream: string;
  /** Principal of a request; default: a hash of the caller's API credential (never the credential). */
  readonly principal?: (req: IncomingMessage) => Principal;
  /** Largest request body accepted; default 16 MiB. */
  readonly maxBodyBytes?: number;
}

/** A proxy that can be mounted in any Node HTTP server or run on its own. */
export interface LlmProxy {
  /** True when `handle` answers this request (a proxied route). */
  matches(req: IncomingMessage): boolean;
  /**
   * Handles a request; never rejects. `body` is the request body when a framework has already
   * read it (e.g. Fastify: `reply.hijack()` then `handle(req.raw, reply.raw, rawBody)`).
   */
  handle(req: IncomingMessage, res: ServerResponse, body?: string | Buffer): Promise<void>;
  close(): void;
}

/** Principal from the caller's credential: `key:<sha256 prefix>`, so nothing secret is kept. */
export function principalFromCredential(req: IncomingMessage): Principal {
  const cred = req.headers.authorization ?? req.headers['x-api-key'];
  const value = Array.isArray(cred) ? cred[0] : cred;
  if (!value) return { id: 'anonymous', type: 'anonymous' };
  return { id: `key:${sha256Hex(value).slice(0, 16)}`, type: 'api_key' };
}

/** Creates the proxy handler. */
export function createProxy(options: ProxyOptions): LlmProxy {
  const upstream = createUpstream(options.upstream);
  const principalOf = options.principal ?? principalFromCredential;
  const maxBody = options.maxBodyBytes ?? 16 * 2 ** 20;
  const routeOf = (req: IncomingMessage): string => (req.url ?? '/').split('?')[0] ?? '/';

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    given?: string | Buffer,
  ): Promise<void> {
    const path = routeOf(req);
    const api = PROXY_ROUTES[path];
    try {
      if (!api || req.method !== 'POST') {
        const like = path.includes('messages') ? anthropicMessages : openAiChat;
        const msg = `bulwark proxy: ${req.method} ${path} is not proxied`;
        await write(res, errorAnswer(like, 404, msg, 'not_found'));
        return;
      }
      const raw =
        given === undefined
          ? await readBody(req, maxBody)
          : Buffer.byteLength(given) > maxBody
            ? undefined
            : Buffer.from(given);
      if (raw === undefined) {
        const msg = `request body larger than ${maxBody} bytes`;
        await write(res, errorAnswer(api, 413, msg, 'body_too_large'));
        return;
      }
      const abort = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) abort.abort();
      });
      const session = req.headers['x-bulwark-session'];
      const answer = await runExchange(options, {
        api,
        raw: raw.toString('utf8'),
        principal: principalOf(req),
        session: typeof session === 'string' ? session : undefined,
        send: async (body) => {
          const up = await upstream.send(
            'POST',
            req.url ?? path,
            forwardHeaders(req.headers),
            Buffer.from(body),
            abort.signal,
          );
          up.setEncoding('utf8');
          return {
            status: up.statusCode ?? 502,
            headers: responseHeaders(up.headers),
            contentType: String(up.headers['content-type'] ?? ''),
            body: up as AsyncIterable<string>,
            cancel: () => up.destroy(),
          };
        },
      });
      await write(res, answer);
    } catch (err) {
      if (!res.headersSent) {
        const msg = `bulwark proxy error: ${errorMessage(err)}`;
        await write(res, errorAnswer(api ?? openAiChat, 500, msg, 'proxy_error'));
      } else res.destroy();
    }
  }

  return {
    matches: (req) => PROXY_ROUTES[routeOf(req)] !== undefined,
    handle,
    close: () => upstream.close(),
  };
}

/** Writes an answer; a stream stops (and its upstream is cancelled) when the client goes away. */
async function write(res: ServerResponse, answer: ProxyAnswer): Promise<void> {
  if (answer.kind === 'body') {
    res.writeHead(answer.status, {
      ...answer.headers,
      'content-length': String(Buffer.byteLength(answer.body)),
    });
    res.end(answer.body);
    return;
  }
  res.writeHead(answer.status, answer.headers);
  for await (const text of answer.events) {
    if (res.destroyed) break;
    res.write(text);
  }
  res.end();
}

/** Reads a body up to `max` bytes; undefined when larger. */
function readBody(stream: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) over = true;
      else if (!over) chunks.push(c);
    });
    stream.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** A running proxy server. */
export interface RunningProxy {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Starts the proxy on its own HTTP server (default 127.0.0.1, port 0 = any free port). */
export async function startProxy(
  options: ProxyOptions & { readonly port?: number; readonly host?: string },
): Promise<RunningProxy> {
  const proxy = createProxy(options);
  const server = http.createServer((req, res) => {
    void proxy.handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${addr.address}:${addr.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        proxy.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

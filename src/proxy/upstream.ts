/** The upstream model API: keep-alive connections, caller headers passed through unchanged. */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';

/** Headers that belong to one hop, or that the proxy sets itself. */
const HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'accept-encoding',
  'content-encoding',
]);

/** Request headers to forward: everything but hop-by-hop headers and Bulwark's own `x-bulwark-*`. */
export function forwardHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || HOP_HEADERS.has(k) || k.startsWith('x-bulwark-')) continue;
    out[k] = v;
  }
  return out;
}

/** Response headers to return to the client (the body may be rewritten, so no length/encoding). */
export function responseHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || HOP_HEADERS.has(k)) continue;
    out[k] = v;
  }
  return out;
}

/** A configured upstream. */
export interface Upstream {
  /** Sends a request; the path is joined to the upstream's base URL. */
  send(
    method: string,
    path: string,
    headers: Record<string, string | string[]>,
    body: Buffer | undefined,
    signal: AbortSignal,
  ): Promise<IncomingMessage>;
  close(): void;
}

/** An upstream at `baseUrl` (e.g. `https://api.openai.com` or `https://api.openai.com/v1`). */
export function createUpstream(baseUrl: string): Upstream {
  const base = new URL(baseUrl);
  const secure = base.protocol === 'https:';
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxSockets: 256 })
    : new http.Agent({ keepAlive: true, maxSockets: 256 });
  const basePath = base.pathname.replace(/\/+$/, '');
  const join = (path: string): string =>
    // why: a base ending in /v1 plus a request for /v1/... must not become /v1/v1/...
    basePath.endsWith('/v1') && path.startsWith('/v1/')
      ? basePath + path.slice(3)
      : basePath + path;
  return {
    send(method, path, headers, body, signal) {
      return new Promise((resolve, reject) => {
        const req = (secure ? https : http).request(
          {
            protocol: base.protocol,
            hostname: base.hostname,
            port: base.port || (secure ? 443 : 80),
            method,
            path: join(path),
            agent,
            signal,
            headers: {
              ...headers,
              'accept-encoding': 'identity',
              ...(body ? { 'content-length': String(body.length) } : {}),
            },
          },
          resolve,
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

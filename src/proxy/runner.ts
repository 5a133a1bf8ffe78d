/**
 * One proxied call, independent of transport: parse and check the request, forward it, check the
 * answer (plain or streamed) and every tool call in it. The HTTP proxy and the in-process
 * `fetch` adapter both run exactly this.
 */
import type { Principal } from '../core/check.js';
import { errorMessage } from '../core/errors.js';
import type { ApprovalGate, Checker } from '../sdk/checker.js';
import {
  checkInput,
  checkOutput,
  checkToolCalls,
  type Exchange,
  type ProviderApi,
  type Refusal,
  refusalCode,
  refusalMessage,
} from './exchange.js';
import type { TextStreamScanner } from './guarded-text.js';
import { isObject } from './json.js';
import { formatSse, type SseEvent, sseSplitter } from './sse.js';

/** What every proxied call needs. */
export interface ExchangeDeps {
  /** Decides every check: `createGuard()` in-process or `createClient()` remote. */
  readonly guard: Checker;
  /** A fresh incremental scanner per streamed text (`createStreamScanner` of `src/scan/stream`). */
  readonly streamScanner: () => TextStreamScanner;
  /** Where escalations wait for a human; without it they are refused. */
  readonly approvals?: ApprovalGate | undefined;
  readonly waitForApprovalMs?: number | undefined;
}

/** Headers as the runner passes them on. */
export type HeaderMap = Record<string, string | string[]>;

/** The upstream's answer, whatever carried it. */
export interface UpstreamAnswer {
  readonly status: number;
  /** Response headers, hop-by-hop, length and encoding already removed. */
  readonly headers: HeaderMap;
  readonly contentType: string;
  /** The body as text chunks. */
  readonly body: AsyncIterable<string>;
  /** Stops reading the upstream (the client went away or the stream was refused). */
  cancel(): void;
}

/** What the door sends back to its client. */
export type ProxyAnswer =
  | {
      readonly kind: 'body';
      readonly status: number;
      readonly headers: HeaderMap;
      readonly body: string;
    }
  | {
      readonly kind: 'stream';
      readonly status: number;
      readonly headers: HeaderMap;
      /** Wire text of the events, in order; ends with an error event on refusal. */
      readonly events: AsyncGenerator<string, void, undefined>;
    };

/** One call to run. */
export interface ExchangeRequest {
  readonly api: ProviderApi;
  /** The request body as sent by the client. */
  readonly raw: string;
  readonly principal: Principal;
  readonly session: string | undefined;
  /** Forwards the (possibly rewritten) body; rejects when the upstream cannot be reached. */
  send(body: string): Promise<UpstreamAnswer>;
}

/** Runs one call. Never rejects: every failure is an answer in the provider's error format. */
export async function runExchange(deps: ExchangeDeps, req: ExchangeRequest): Promise<ProxyAnswer> {
  const { api } = req;
  try {
    let body: unknown;
    try {
      body = JSON.parse(req.raw);
    } catch {
      return errorAnswer(api, 400, 'request body is not valid JSON', 'invalid_json');
    }
    if (!isObject(body)) {
      return errorAnswer(api, 400, 'request body must be a JSON object', 'invalid_body');
    }
    const x: Exchange = {
      checker: deps.guard,
      enforce: { approvals: deps.approvals, waitForApprovalMs: deps.waitForApprovalMs },
      streamScanner: deps.streamScanner,
      principal: req.principal,
      session: req.session,
      api: api.name,
      model: typeof body.model === 'string' ? body.model : undefined,
    };
    const input = await checkInput(x, api.inputTexts(body));
    if (!input.allowed) return refusalAnswer(api, input, 'request');
    const forwarded = input.decision.redactions.length > 0 ? JSON.stringify(body) : req.raw;
    let up: UpstreamAnswer;
    try {
      up = await req.send(forwarded);
    } catch (err) {
      return errorAnswer(api, 502, `upstream unreachable: ${errorMessage(err)}`, 'upstream_error');
    }
    if (up.status < 200 || up.status >= 300) {
      // The provider's own error, returned as it came.
      return { kind: 'body', status: up.status, headers: up.headers, body: await readAll(up.body) };
    }
    if (up.contentType.includes('text/event-stream')) {
      return {
        kind: 'stream',
        status: up.status,
        headers: {
          ...up.headers,
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
        },
        events: relayStream(x, api, up),
      };
    }
    if (!up.contentType.includes('json')) {
      up.cancel();
      // why: a body the proxy cannot read is a body it cannot check: refuse, never pass.
      return errorAnswer(
        api,
        502,
        `upstream answered ${up.contentType || 'no content type'}: cannot be checked`,
        'uncheckable_response',
      );
    }
    return await relayJson(x, api, up);
  } catch (err) {
    return errorAnswer(api, 500, `bulwark proxy error: ${errorMessage(err)}`, 'proxy_error');
  }
}

async function relayJson(x: Exchange, api: ProviderApi, up: UpstreamAnswer): Promise<ProxyAnswer> {
  const raw = await readAll(up.body);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return errorAnswer(
      api,
      502,
      'upstream answered invalid JSON: cannot be checked',
      'uncheckable_response',
    );
  }
  if (!isObject(body)) {
    return errorAnswer(
      api,
      502,
      'upstream answered a non-object: cannot be checked',
      'uncheckable_response',
    );
  }
  const texts = api.outputTexts(body);
  let changed = false;
  if (texts.length > 0) {
    const out = await checkOutput(x, texts);
    if (!out.allowed) return refusalAnswer(api, out, 'response');
    changed = out.decision.redactions.length > 0;
  }
  const calls = api.toolCalls(body);
  const refused = await checkToolCalls(x, calls);
  if (refused) return refusalAnswer(api, refused, 'tool call');
  // Redactions rewrite the parsed body through the slots; otherwise the upstream's bytes go on.
  const text = changed || calls.length > 0 ? JSON.stringify(body) : raw;
  return {
    kind: 'body',
    status: up.status,
    headers: { ...up.headers, 'content-type': 'application/json' },
    body: text,
  };
}

async function* relayStream(
  x: Exchange,
  api: ProviderApi,
  up: UpstreamAnswer,
): AsyncGenerator<string, void, undefined> {
  const out: string[] = [];
  const emit = (ev: SseEvent): void => {
    out.push(formatSse(ev));
  };
  const flush = (): string => {
    const s = out.join('');
    out.length = 0;
    return s;
  };
  const transform = api.stream(x);
  const split = sseSplitter();
  let refused: Refusal | undefined;
  let finished = false;
  try {
    for await (const chunk of up.body) {
      for (const ev of split.feed(chunk)) {
        refused = await transform.onEvent(ev, emit);
        if (refused) break;
      }
      if (out.length > 0) yield flush();
      if (refused) break;
    }
    if (!refused) refused = await transform.onEnd(emit);
    finished = true;
  } catch (err) {
    if (out.length > 0) yield flush();
    yield formatSse(api.streamError(`stream failed: ${errorMessage(err)}`, 'stream_error'));
    return;
  } finally {
    // Refused, failed or abandoned by the client: stop reading the upstream.
    if (!finished || refused) up.cancel();
  }
  if (out.length > 0) yield flush();
  if (refused)
    yield formatSse(api.streamError(refusalMessage(refused, 'response'), refusalCode(refused)));
}

function refusalAnswer(api: ProviderApi, r: Refusal, what: string): ProxyAnswer {
  return errorAnswer(api, 403, refusalMessage(r, what), refusalCode(r));
}

/** An error answer in the provider's format. */
export function errorAnswer(
  api: ProviderApi,
  status: number,
  message: string,
  code: string,
): ProxyAnswer {
  const e = api.error(status, message, code);
  return {
    kind: 'body',
    status: e.status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(e.body),
  };
}

async function readAll(body: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const c of body) s += c;
  return s;
}

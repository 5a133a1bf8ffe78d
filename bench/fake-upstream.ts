/**
 * A local fake model API on 127.0.0.1 for tests, examples and the proxy bench: OpenAI chat
 * completions and responses, Anthropic messages; plain and streamed (SSE), including streamed
 * tool calls. What it answers is scripted per test with `reply`.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tool call the fake model emits. */
export interface FakeToolCall {
  readonly id?: string;
  readonly name: string;
  /** JSON text of the arguments. */
  readonly arguments: string;
}

/** What the fake model answers. */
export interface FakeReply {
  /** Full answer text (streamed as `chunks`, or in pieces of `chunkSize`). */
  readonly text?: string;
  readonly chunks?: readonly string[];
  readonly chunkSize?: number;
  readonly toolCalls?: readonly FakeToolCall[];
  /** Pieces each tool call's arguments are streamed in (default 3). */
  readonly argumentPieces?: number;
  /** An error answer instead: status and body as given. */
  readonly status?: number;
  readonly errorBody?: unknown;
  /** Pause between streamed events. */
  readonly delayMs?: number;
}

/** A request the fake received. */
export interface RecordedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

/** A running fake upstream. */
export interface FakeUpstream {
  readonly url: string;
  /** The most recent requests (at most 100). */
  readonly requests: RecordedRequest[];
  /** Sets the answer for the following requests. */
  reply(r: FakeReply | ((req: RecordedRequest) => FakeReply)): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 (port 0 = any free port). */
export async function startFakeUpstream(port = 0): Promise<FakeUpstream> {
  let script: (req: RecordedRequest) => FakeReply = () => ({ text: 'Hello from the fake model.' });
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        // an empty or non-JSON body is recorded as {}
      }
      const rec: RecordedRequest = { path: req.url ?? '/', headers: req.headers, body };
      requests.push(rec);
      if (requests.length > 100) requests.shift();
      void answer(rec, script(rec), res);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const addr = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${addr.port}`,
    requests,
    reply(r) {
      script = typeof r === 'function' ? r : () => r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Sse = { event?: string; data: unknown };

async function answer(
  req: RecordedRequest,
  reply: FakeReply,
  res: http.ServerResponse,
): Promise<void> {
  if (reply.status !== undefined && reply.status >= 400) {
    const text = JSON.stringify(reply.errorBody ?? { error: { message: 'fake error' } });
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(text);
    return;
  }
  const path = req.path.split('?')[0];
  const model = typeof req.body.model === 'string' ? req.body.model : 'fake-model';
  const stream = req.body.stream === true;
  const pieces = textPieces(reply);
  const text = pieces.join('');
  const calls = (reply.toolCalls ?? []).map((c, i) => ({ ...c, id: c.id ?? `call_${i}` }));
  const argPieces = reply.argumentPieces ?? 3;
  let body: unknown;
  let events: Sse[] = [];
  if (path === '/v1/chat/completions') {
    if (!stream) body = chatBody(model, text, calls);
    else events = chatEvents(model, pieces, calls, argPieces);
  } else if (path === '/v1/responses') {
    if (!stream) body = responsesBody(model, text, calls);
    else events = responsesEvents(model, pieces, calls, argPieces);
  } else if (path === '/v1/messages') {
    if (!stream) body = messagesBody(model, text, calls);
    else events = messagesEvents(model, pieces, calls, argPieces);
  } else {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `no route ${path}` } }));
    return;
  }
  if (!stream) {
    const out = JSON.stringify(body);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(out)),
    });
    res.end(out);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const ev of events) {
    if (res.destroyed) return;
    const data = typeof ev.data === 'string' ? ev.data : JSON.stringify(ev.data);
    res.write(`${ev.event ? `event: ${ev.event}\n` : ''}data: ${data}\n\n`);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
  }
  res.end();
}

function textPieces(reply: FakeReply): string[] {
  if (reply.chunks) return [...reply.chunks];
  const text = reply.text ?? (reply.toolCalls?.length ? '' : 'Hello from the fake model.');
  const size = reply.chunkSize ?? 8;
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function split(s: string, n: number): string[] {
  if (s.length === 0 || n <= 1) return [s];
  const size = Math.ceil(s.length / n);
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

type Call = FakeToolCall & { id: string };

function chatBody(model: string, text: string, calls: readonly Call[]) {
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text === '' && calls.length ? null : text,
          refusal: null,
          ...(calls.length
            ? {
                tool_calls: calls.map((c) => ({
                  id: c.id,
                  type: 'function',
                  function: { name: c.name, arguments: c.arguments },
                })),
              }
            : {}),
        },
        logprobs: null,
        finish_reason: calls.length ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

function chatEvents(
  model: string,
  pieces: readonly string[],
  calls: readonly Call[],
  n: number,
): Sse[] {
  const env = {
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model,
  };
  const chunk = (delta: unknown, finish: string | null = null) => ({
    data: { ...env, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] },
  });
  const out: Sse[] = [chunk({ role: 'assistant', content: '' })];
  for (const p of pieces) out.push(chunk({ content: p }));
  calls.forEach((c, index) => {
    split(c.arguments, n).forEach((a, k) => {
      out.push(
        chunk({
          tool_calls: [
            k === 0
              ? { index, id: c.id, type: 'function', function: { name: c.name, arguments: a } }
              : { index, function: { arguments: a } },
          ],
        }),
      );
    });
  });
  out.push(chunk({}, calls.length ? 'tool_calls' : 'stop'));
  out.push({ data: '[DONE]' });
  return out;
}

function responsesOutput(text: string, calls: readonly Call[]) {
  const out: unknown[] = [];
  if (text !== '') {
    out.push({
      type: 'message',
      id: 'msg_fake',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text, annotations: [] }],
    });
  }
  for (const c of calls) {
    out.push({
      type: 'function_call',
      id: `fc_${c.id}`,
      call_id: c.id,
      name: c.name,
      arguments: c.arguments,
      status: 'completed',
    });
  }
  return out;
}

function responsesBody(model: string, text: string, calls: readonly Call[]) {
  return {
    id: 'resp_fake',
    object: 'response',
    created_at: 1_700_000_000,
    status: 'completed',
    model,
    output: responsesOutput(text, calls),
    usage: { input_tokens: 10, output_tokens: 10, total_tokens: 20 },
  };
}

function responsesEvents(
  model: string,
  pieces: readonly string[],
  calls: readonly Call[],
  n: number,
): Sse[] {
  const text = pieces.join('');
  let seq = 0;
  const ev = (type: string, rest: Record<string, unknown>): Sse => ({
    event: type,
    data: { type, sequence_number: seq++, ...rest },
  });
  const base = { id: 'resp_fake', object: 'response', created_at: 1_700_000_000, model };
  const out: Sse[] = [
    ev('response.created', { response: { ...base, status: 'in_progress', output: [] } }),
  ];
  let oi = 0;
  if (text !== '') {
    const item = {
      type: 'message',
      id: 'msg_fake',
      status: 'in_progress',
      role: 'assistant',
      content: [],
    };
    out.push(ev('response.output_item.added', { output_index: oi, item }));
    out.push(
      ev('response.content_part.added', {
        item_id: 'msg_fake',
        output_index: oi,
        content_index: 0,
        part: { type: 'output_text', text: '', annotations: [] },
      }),
    );
    for (const p of pieces) {
      out.push(
        ev('response.output_text.delta', {
          item_id: 'msg_fake',
          output_index: oi,
          content_index: 0,
          delta: p,
        }),
      );
    }
    out.push(
      ev('response.output_text.done', {
        item_id: 'msg_fake',
        output_index: oi,
        content_index: 0,
        text,
      }),
    );
    out.push(
      ev('response.content_part.done', {
        item_id: 'msg_fake',
        output_index: oi,
        content_index: 0,
        part: { type: 'output_text', text, annotations: [] },
      }),
    );
    out.push(
      ev('response.output_item.done', {
        output_index: oi,
        item: {
          ...item,
          status: 'completed',
          content: [{ type: 'output_text', text, annotations: [] }],
        },
      }),
    );
    oi++;
  }
  for (const c of calls) {
    const item = {
      type: 'function_call',
      id: `fc_${c.id}`,
      call_id: c.id,
      name: c.name,
      arguments: '',
      status: 'in_progress',
    };
    out.push(ev('response.output_item.added', { output_index: oi, item }));
    for (const a of split(c.arguments, n)) {
      out.push(
        ev('response.function_call_arguments.delta', {
          item_id: item.id,
          output_index: oi,
          delta: a,
        }),
      );
    }
    out.push(
      ev('response.function_call_arguments.done', {
        item_id: item.id,
        output_index: oi,
        arguments: c.arguments,
      }),
    );
    out.push(
      ev('response.output_item.done', {
        output_index: oi,
        item: { ...item, arguments: c.arguments, status: 'completed' },
      }),
    );
    oi++;
  }
  out.push(
    ev('response.completed', {
      response: { ...base, status: 'completed', output: responsesOutput(text, calls) },
    }),
  );
  return out;
}

function messagesBody(model: string, text: string, calls: readonly Call[]) {
  const content: unknown[] = [];
  if (text !== '') content.push({ type: 'text', text });
  for (const c of calls)
    content.push({ type: 'tool_use', id: c.id, name: c.name, input: JSON.parse(c.arguments) });
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: calls.length ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 10 },
  };
}

function messagesEvents(
  model: string,
  pieces: readonly string[],
  calls: readonly Call[],
  n: number,
): Sse[] {
  const ev = (type: string, rest: Record<string, unknown>): Sse => ({
    event: type,
    data: { type, ...rest },
  });
  const out: Sse[] = [
    ev('message_start', {
      message: {
        id: 'msg_fake',
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 1 },
      },
    }),
  ];
  let index = 0;
  if (pieces.length > 0) {
    out.push(ev('content_block_start', { index, content_block: { type: 'text', text: '' } }));
    out.push(ev('ping', {}));
    for (const p of pieces)
      out.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text: p } }));
    out.push(ev('content_block_stop', { index }));
    index++;
  }
  for (const c of calls) {
    out.push(
      ev('content_block_start', {
        index,
        content_block: { type: 'tool_use', id: c.id, name: c.name, input: {} },
      }),
    );
    for (const a of split(c.arguments, n)) {
      out.push(
        ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: a } }),
      );
    }
    out.push(ev('content_block_stop', { index }));
    index++;
  }
  out.push(
    ev('message_delta', {
      delta: { stop_reason: calls.length ? 'tool_use' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: 10 },
    }),
  );
  out.push(ev('message_stop', {}));
  return out;
}

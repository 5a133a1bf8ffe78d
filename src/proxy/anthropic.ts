/** Anthropic Messages (`POST /v1/messages`), plain and streamed. */
import {
  checkStreamedText,
  checkToolCalls,
  type Exchange,
  type ProviderApi,
  partFor,
  type Refusal,
  type StreamTransform,
  type TextSlot,
  type ToolCallSlot,
} from './exchange.js';
import { GuardedText } from './guarded-text.js';
import { isObject, type JsonObject, objects, parseArguments } from './json.js';
import type { SseEvent } from './sse.js';

function textSlots(holder: JsonObject, key: string, role: string): TextSlot[] {
  const v = holder[key];
  if (typeof v === 'string') return [{ part: partFor(role, v), set: (t) => (holder[key] = t) }];
  const out: TextSlot[] = [];
  for (const block of objects(v)) {
    if (block.type === 'text' && typeof block.text === 'string') {
      out.push({ part: partFor(role, block.text), set: (t) => (block.text = t) });
    } else if (block.type === 'tool_result') {
      // why: a tool result inside a user turn is tool output: untrusted.
      out.push(...textSlots(block, 'content', 'tool'));
    }
  }
  return out;
}

/** Anthropic-style error body. */
export function anthropicError(status: number, message: string, _code: string) {
  return { status, body: { type: 'error', error: { type: 'permission_error', message } } };
}

export const anthropicMessages: ProviderApi = {
  name: 'anthropic.messages',
  inputTexts(body) {
    const system = body.system === undefined ? [] : textSlots(body, 'system', 'system');
    const turns = objects(body.messages).flatMap((m) =>
      textSlots(m, 'content', typeof m.role === 'string' ? m.role : 'user'),
    );
    return [...system, ...turns];
  },
  outputTexts(body) {
    return textSlots(body, 'content', 'assistant');
  },
  toolCalls(body) {
    return objects(body.content)
      .filter((b) => b.type === 'tool_use' && typeof b.name === 'string')
      .map((b) => {
        const { params, valid } = parseArguments(b.input);
        return {
          id: typeof b.id === 'string' ? b.id : undefined,
          name: b.name as string,
          params,
          validArguments: valid,
          set: (p: JsonObject) => {
            b.input = p;
          },
        };
      });
  },
  error: anthropicError,
  streamError(message, code) {
    return { event: 'error', data: JSON.stringify(anthropicError(403, message, code).body) };
  },
  stream: (x) => new MessagesStream(x),
};

interface ToolBlock {
  start: JsonObject;
  json: string;
}

/**
 * Text blocks pass through the guarded text; a tool_use block is held from its start to its
 * stop, checked, then re-emitted whole (start, one input_json_delta, stop).
 */
class MessagesStream implements StreamTransform {
  private readonly texts = new Map<number, GuardedText>();
  private readonly tools = new Map<number, ToolBlock>();

  constructor(private readonly x: Exchange) {}

  async onEvent(ev: SseEvent, emit: (ev: SseEvent) => void): Promise<Refusal | undefined> {
    let data: unknown;
    try {
      data = JSON.parse(ev.data);
    } catch {
      return undefined;
    }
    if (!isObject(data)) return undefined;
    const index = typeof data.index === 'number' ? data.index : -1;
    switch (data.type) {
      case 'content_block_start': {
        const block = isObject(data.content_block) ? data.content_block : {};
        if (block.type === 'tool_use') {
          this.tools.set(index, { start: data, json: '' });
          return undefined;
        }
        if (block.type === 'text') {
          const g = new GuardedText(this.x.streamScanner(), (t, f) =>
            checkStreamedText(this.x, t, f),
          );
          this.texts.set(index, g);
          const initial = typeof block.text === 'string' ? block.text : '';
          block.text = '';
          emit({ event: ev.event, data: JSON.stringify(data) });
          if (initial !== '') return this.pushText(g, index, initial, emit);
          return undefined;
        }
        break;
      }
      case 'content_block_delta': {
        const delta = isObject(data.delta) ? data.delta : {};
        const tool = this.tools.get(index);
        if (tool && delta.type === 'input_json_delta') {
          if (typeof delta.partial_json === 'string') tool.json += delta.partial_json;
          return undefined;
        }
        const g = this.texts.get(index);
        if (g && delta.type === 'text_delta' && typeof delta.text === 'string') {
          return this.pushText(g, index, delta.text, emit);
        }
        break;
      }
      case 'content_block_stop': {
        const g = this.texts.get(index);
        if (g) {
          this.texts.delete(index);
          const step = await g.end();
          if (!step.ok) return step.refusal;
          if (step.emit !== '') emit(textDelta(index, step.emit));
          break;
        }
        const tool = this.tools.get(index);
        if (tool) {
          this.tools.delete(index);
          return this.releaseTool(index, tool, ev, emit);
        }
        break;
      }
      case 'message_delta':
      case 'message_stop': {
        const r = await this.flushOpen(emit);
        if (r) return r;
        break;
      }
    }
    emit(ev);
    return undefined;
  }

  async onEnd(emit: (ev: SseEvent) => void): Promise<Refusal | undefined> {
    return this.flushOpen(emit);
  }

  private async pushText(
    g: GuardedText,
    index: number,
    text: string,
    emit: (ev: SseEvent) => void,
  ): Promise<Refusal | undefined> {
    const step = await g.push(text);
    if (!step.ok) return step.refusal;
    if (step.emit !== '') emit(textDelta(index, step.emit));
    return undefined;
  }

  /** Blocks the upstream never closed: decide on them before the message ends. */
  private async flushOpen(emit: (ev: SseEvent) => void): Promise<Refusal | undefined> {
    for (const [index, g] of [...this.texts]) {
      this.texts.delete(index);
      const step = await g.end();
      if (!step.ok) return step.refusal;
      if (step.emit !== '') emit(textDelta(index, step.emit));
    }
    for (const [index, tool] of [...this.tools]) {
      this.tools.delete(index);
      const r = await this.releaseTool(index, tool, undefined, emit);
      if (r) return r;
    }
    return undefined;
  }

  private async releaseTool(
    index: number,
    tool: ToolBlock,
    stop: SseEvent | undefined,
    emit: (ev: SseEvent) => void,
  ): Promise<Refusal | undefined> {
    const block = isObject(tool.start.content_block) ? tool.start.content_block : {};
    const { params, valid } = parseArguments(tool.json);
    let json = tool.json;
    const slot: ToolCallSlot = {
      id: typeof block.id === 'string' ? block.id : undefined,
      name: typeof block.name === 'string' ? block.name : '',
      params,
      validArguments: valid,
      set: (p) => {
        json = JSON.stringify(p);
      },
    };
    const refused = await checkToolCalls(this.x, [slot]);
    if (refused) return refused;
    emit({ event: 'content_block_start', data: JSON.stringify(tool.start) });
    if (json !== '') {
      emit({
        event: 'content_block_delta',
        data: JSON.stringify({
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: json },
        }),
      });
    }
    emit(
      stop ?? {
        event: 'content_block_stop',
        data: JSON.stringify({ type: 'content_block_stop', index }),
      },
    );
    return undefined;
  }
}

function textDelta(index: number, text: string): SseEvent {
  return {
    event: 'content_block_delta',
    data: JSON.stringify({
      type: 'content_block_delta',
      index,
      delta: { type: 'text_delta', text },
    }),
  };
}

/** OpenAI Responses (`POST /v1/responses`), plain and streamed. */
import {
  checkOutput,
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
import { openAiError } from './openai-chat.js';
import type { SseEvent } from './sse.js';

function partSlots(holder: JsonObject, key: string, role: string): TextSlot[] {
  const v = holder[key];
  if (typeof v === 'string') return [{ part: partFor(role, v), set: (t) => (holder[key] = t) }];
  return objects(v)
    .filter((p) => typeof p.text === 'string')
    .map((p) => ({ part: partFor(role, p.text as string), set: (t: string) => (p.text = t) }));
}

function functionCallSlot(item: JsonObject): ToolCallSlot {
  const { params, valid } = parseArguments(item.arguments);
  return {
    id: typeof item.call_id === 'string' ? item.call_id : undefined,
    name: typeof item.name === 'string' ? item.name : '',
    params,
    validArguments: valid,
    set: (p) => {
      item.arguments = JSON.stringify(p);
    },
  };
}

export const openAiResponses: ProviderApi = {
  name: 'openai.responses',
  inputTexts(body) {
    const out: TextSlot[] = [];
    if (typeof body.instructions === 'string')
      out.push(...partSlots(body, 'instructions', 'system'));
    if (typeof body.input === 'string') out.push(...partSlots(body, 'input', 'user'));
    for (const item of objects(body.input)) {
      if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
        out.push(...partSlots(item, 'output', 'tool'));
      } else if (item.type === undefined || item.type === 'message') {
        out.push(...partSlots(item, 'content', typeof item.role === 'string' ? item.role : 'user'));
      }
    }
    return out;
  },
  outputTexts(body) {
    return objects(body.output)
      .filter((i) => i.type === 'message')
      .flatMap((i) => partSlots(i, 'content', 'assistant'));
  },
  toolCalls(body) {
    return objects(body.output)
      .filter((i) => i.type === 'function_call')
      .map(functionCallSlot);
  },
  error: openAiError,
  streamError(message, code) {
    const error = openAiError(403, message, code).body.error;
    return {
      event: 'error',
      data: JSON.stringify({ type: 'error', code, message, param: null, error }),
    };
  },
  stream: (x) => new ResponsesStream(x),
};

interface HeldCall {
  events: SseEvent[];
}

/**
 * Text deltas pass through a guarded text per (output, content) index; the `.done` events and the
 * final response carry exactly the text that was released. A function_call item is held from
 * `output_item.added` to `output_item.done`, checked, then re-emitted with its final arguments.
 */
class ResponsesStream implements StreamTransform {
  private readonly texts = new Map<string, GuardedText>();
  private readonly finalTexts = new Map<string, string>();
  private readonly finalArgs = new Map<number, string>();
  private readonly held = new Map<number, HeldCall>();
  private lastDelta: JsonObject = {};

  constructor(private readonly x: Exchange) {}

  private text(key: string): GuardedText {
    let g = this.texts.get(key);
    if (!g) {
      g = new GuardedText(this.x.streamScanner(), (t, f) => checkStreamedText(this.x, t, f));
      this.texts.set(key, g);
    }
    return g;
  }

  async onEvent(ev: SseEvent, emit: (ev: SseEvent) => void): Promise<Refusal | undefined> {
    let data: unknown;
    try {
      data = JSON.parse(ev.data);
    } catch {
      return undefined;
    }
    if (!isObject(data)) return undefined;
    const type = typeof data.type === 'string' ? data.type : ev.event;
    const oi = typeof data.output_index === 'number' ? data.output_index : -1;
    const key = `${oi}:${typeof data.content_index === 'number' ? data.content_index : 0}`;

    if (type === 'response.output_item.added' && isObject(data.item)) {
      if (data.item.type === 'function_call') {
        this.held.set(oi, { events: [ev] });
        return undefined;
      }
    }
    const held = this.held.get(oi);
    if (held) {
      if (type !== 'response.output_item.done') {
        held.events.push(ev);
        return undefined;
      }
      this.held.delete(oi);
      return this.releaseCall(oi, held, data, emit);
    }
    switch (type) {
      case 'response.output_text.delta': {
        if (typeof data.delta !== 'string') break;
        this.lastDelta = data;
        const step = await this.text(key).push(data.delta);
        if (!step.ok) return step.refusal;
        if (step.emit === '') return undefined;
        emit({ event: ev.event, data: JSON.stringify({ ...data, delta: step.emit }) });
        return undefined;
      }
      case 'response.output_text.done': {
        const r = await this.finishText(key, data, emit);
        if (r) return r;
        data.text = this.finalTexts.get(key) ?? data.text;
        emit({ event: ev.event, data: JSON.stringify(data) });
        return undefined;
      }
      case 'response.content_part.done': {
        const r = await this.finishText(key, data, emit);
        if (r) return r;
        if (isObject(data.part) && this.finalTexts.has(key))
          data.part.text = this.finalTexts.get(key);
        emit({ event: ev.event, data: JSON.stringify(data) });
        return undefined;
      }
      case 'response.output_item.done': {
        if (isObject(data.item)) {
          const r = await this.settleItems([[oi, data.item]]);
          if (r) return r;
        }
        emit({ event: ev.event, data: JSON.stringify(data) });
        return undefined;
      }
      case 'response.completed':
      case 'response.incomplete': {
        const r = await this.flushOpen(emit);
        if (r) return r;
        if (isObject(data.response)) {
          const items = objects(data.response.output).map((item, i): [number, JsonObject] => [
            i,
            item,
          ]);
          const refused = await this.settleItems(items);
          if (refused) return refused;
        }
        emit({ event: ev.event, data: JSON.stringify(data) });
        return undefined;
      }
    }
    emit(ev);
    return undefined;
  }

  async onEnd(emit: (ev: SseEvent) => void): Promise<Refusal | undefined> {
    return this.flushOpen(emit);
  }

  private async flushOpen(emit: (ev: SseEvent) => void): Promise<Refusal | undefined> {
    for (const key of [...this.texts.keys()]) {
      const r = await this.finishText(key, this.lastDelta, emit);
      if (r) return r;
    }
    for (const [oi, held] of [...this.held]) {
      this.held.delete(oi);
      const added = held.events[0];
      const item = added ? (JSON.parse(added.data) as JsonObject).item : undefined;
      const r = await this.releaseCall(oi, held, { item }, emit);
      if (r) return r;
    }
    return undefined;
  }

  /** Final decision on a text; whatever was held back goes out as one more delta. */
  private async finishText(
    key: string,
    like: JsonObject,
    emit: (ev: SseEvent) => void,
  ): Promise<Refusal | undefined> {
    const g = this.texts.get(key);
    if (!g) return undefined;
    this.texts.delete(key);
    const step = await g.end();
    if (!step.ok) return step.refusal;
    this.finalTexts.set(key, g.released);
    if (step.emit !== '') {
      const [oi, ci] = key.split(':').map(Number);
      const delta = {
        type: 'response.output_text.delta',
        ...(like.item_id === undefined ? {} : { item_id: like.item_id }),
        output_index: oi,
        content_index: ci,
        delta: step.emit,
      };
      emit({ event: 'response.output_text.delta', data: JSON.stringify(delta) });
    }
    return undefined;
  }

  private async releaseCall(
    oi: number,
    held: HeldCall,
    done: JsonObject,
    emit: (ev: SseEvent) => void,
  ): Promise<Refusal | undefined> {
    const item = isObject(done.item) ? done.item : {};
    if (typeof item.arguments !== 'string') {
      // why: the done event normally carries the arguments; assemble them if it does not.
      let args = '';
      for (const e of held.events) {
        const d = JSON.parse(e.data) as JsonObject;
        if (d.type === 'response.function_call_arguments.delta' && typeof d.delta === 'string') {
          args += d.delta;
        }
      }
      item.arguments = args;
    }
    const slot = functionCallSlot(item);
    const refused = await checkToolCalls(this.x, [slot]);
    if (refused) return refused;
    const args = item.arguments as string;
    this.finalArgs.set(oi, args);
    let sentDelta = false;
    for (const e of held.events) {
      const d = JSON.parse(e.data) as JsonObject;
      if (d.type === 'response.function_call_arguments.delta') {
        if (sentDelta) continue;
        sentDelta = true;
        emit({ event: e.event, data: JSON.stringify({ ...d, delta: args }) });
      } else if (d.type === 'response.function_call_arguments.done') {
        emit({ event: e.event, data: JSON.stringify({ ...d, arguments: args }) });
      } else emit(e);
    }
    if (done.type !== undefined) {
      emit({ event: 'response.output_item.done', data: JSON.stringify({ ...done, item }) });
    }
    return undefined;
  }

  /**
   * Makes final items carry exactly what was released (redacted texts, checked arguments); any
   * text or call the stream never delivered incrementally is checked here before it passes.
   */
  private async settleItems(
    items: ReadonlyArray<readonly [number, JsonObject]>,
  ): Promise<Refusal | undefined> {
    const unseenTexts: TextSlot[] = [];
    const unseenKeys: Array<[string, JsonObject]> = [];
    const unseenCalls: Array<[number, JsonObject]> = [];
    for (const [oi, item] of items) {
      if (item.type === 'message') {
        objects(item.content).forEach((part, ci) => {
          if (typeof part.text !== 'string') return;
          const t = this.finalTexts.get(`${oi}:${ci}`);
          if (t !== undefined) part.text = t;
          else {
            const key = `${oi}:${ci}`;
            unseenTexts.push({
              part: partFor('assistant', part.text),
              set: (v) => {
                part.text = v;
              },
            });
            unseenKeys.push([key, part]);
          }
        });
      } else if (item.type === 'function_call') {
        const a = this.finalArgs.get(oi);
        if (a !== undefined) item.arguments = a;
        else unseenCalls.push([oi, item]);
      }
    }
    if (unseenTexts.length > 0) {
      const e = await checkOutput(this.x, unseenTexts);
      if (!e.allowed) return e;
      for (const [key, part] of unseenKeys) this.finalTexts.set(key, part.text as string);
    }
    for (const [oi, item] of unseenCalls) {
      const refused = await checkToolCalls(this.x, [functionCallSlot(item)]);
      if (refused) return refused;
      this.finalArgs.set(oi, item.arguments as string);
    }
    return undefined;
  }
}

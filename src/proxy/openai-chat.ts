/** OpenAI Chat Completions (`POST /v1/chat/completions`), plain and streamed. */
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

/** Text slots of a message's `content` (a string or an array of parts). */
function contentSlots(msg: JsonObject, role: string): TextSlot[] {
  const content = msg.content;
  if (typeof content === 'string') {
    return [{ part: partFor(role, content), set: (t) => (msg.content = t) }];
  }
  return objects(content)
    .filter((p) => typeof p.text === 'string')
    .map((p) => ({ part: partFor(role, p.text as string), set: (t: string) => (p.text = t) }));
}

function toolCallSlots(calls: unknown): ToolCallSlot[] {
  return objects(calls).flatMap((call) => {
    const fn = call.function;
    if (!isObject(fn) || typeof fn.name !== 'string') return [];
    const { params, valid } = parseArguments(fn.arguments);
    return [
      {
        id: typeof call.id === 'string' ? call.id : undefined,
        name: fn.name,
        params,
        validArguments: valid,
        set: (p) => {
          fn.arguments = JSON.stringify(p);
        },
      },
    ];
  });
}

/** OpenAI-style error body. */
export function openAiError(status: number, message: string, code: string) {
  return {
    status,
    body: { error: { message, type: 'bulwark_policy_violation', param: null, code } },
  };
}

export const openAiChat: ProviderApi = {
  name: 'openai.chat',
  inputTexts(body) {
    return objects(body.messages).flatMap((m) =>
      contentSlots(m, typeof m.role === 'string' ? m.role : 'user'),
    );
  },
  outputTexts(body) {
    return objects(body.choices).flatMap((c) =>
      isObject(c.message) ? contentSlots(c.message, 'assistant') : [],
    );
  },
  toolCalls(body) {
    return objects(body.choices).flatMap((c) =>
      isObject(c.message) ? toolCallSlots(c.message.tool_calls) : [],
    );
  },
  error: openAiError,
  streamError(message, code) {
    return { data: JSON.stringify(openAiError(403, message, code).body) };
  },
  stream: (x) => new ChatStream(x),
};

interface PendingCall {
  id: string | undefined;
  name: string;
  args: string;
}

interface ChoiceState {
  text: GuardedText;
  calls: Map<number, PendingCall>;
}

/**
 * Text deltas pass through the guarded text; tool-call deltas are assembled and held until the
 * choice finishes, then checked and re-emitted as one delta per call (the form clients accumulate).
 */
class ChatStream implements StreamTransform {
  private readonly choices = new Map<number, ChoiceState>();
  private envelope: JsonObject = {};
  private done = false;

  constructor(private readonly x: Exchange) {}

  private choice(index: number): ChoiceState {
    let c = this.choices.get(index);
    if (!c) {
      c = {
        text: new GuardedText(this.x.streamScanner(), (t, f) => checkStreamedText(this.x, t, f)),
        calls: new Map(),
      };
      this.choices.set(index, c);
    }
    return c;
  }

  async onEvent(ev: SseEvent, emit: (ev: SseEvent) => void): Promise<Refusal | undefined> {
    if (ev.data.trim() === '[DONE]') {
      const r = await this.finishAll(emit);
      if (r) return r;
      this.done = true;
      emit(ev);
      return undefined;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(ev.data);
    } catch {
      return undefined; // not JSON: nothing a client could use either; dropped
    }
    if (!isObject(chunk) || !Array.isArray(chunk.choices) || chunk.error !== undefined) {
      emit(ev);
      return undefined;
    }
    this.envelope = {
      id: chunk.id,
      object: chunk.object,
      created: chunk.created,
      model: chunk.model,
    };
    const kept: JsonObject[] = [];
    const finishing: Array<{ index: number; choice: JsonObject }> = [];
    for (const ch of objects(chunk.choices)) {
      const index = typeof ch.index === 'number' ? ch.index : 0;
      const st = this.choice(index);
      const delta = isObject(ch.delta) ? ch.delta : undefined;
      if (delta && typeof delta.content === 'string' && delta.content !== '') {
        const step = await st.text.push(delta.content);
        if (!step.ok) return step.refusal;
        delta.content = step.emit;
      }
      if (delta && Array.isArray(delta.tool_calls)) {
        for (const tc of objects(delta.tool_calls)) {
          const ti = typeof tc.index === 'number' ? tc.index : 0;
          const fn = isObject(tc.function) ? tc.function : {};
          const p = st.calls.get(ti) ?? { id: undefined, name: '', args: '' };
          if (typeof tc.id === 'string') p.id = tc.id;
          if (typeof fn.name === 'string') p.name += fn.name;
          if (typeof fn.arguments === 'string') p.args += fn.arguments;
          st.calls.set(ti, p);
        }
        delete delta.tool_calls;
      }
      if (ch.finish_reason !== null && ch.finish_reason !== undefined) {
        finishing.push({ index, choice: ch });
        continue;
      }
      if (delta && Object.keys(delta).some((k) => k !== 'content' || delta.content !== '')) {
        kept.push(ch);
      } else if (ch.logprobs !== undefined && ch.logprobs !== null) kept.push(ch);
    }
    if (kept.length > 0 || (finishing.length === 0 && chunk.usage)) {
      emit({ data: JSON.stringify({ ...chunk, choices: kept }) });
    }
    for (const f of finishing) {
      const r = await this.finishChoice(f.index, emit);
      if (r) return r;
      emit({ data: JSON.stringify({ ...chunk, choices: [f.choice] }) });
    }
    return undefined;
  }

  async onEnd(emit: (ev: SseEvent) => void): Promise<Refusal | undefined> {
    if (this.done) return undefined;
    return this.finishAll(emit);
  }

  private async finishAll(emit: (ev: SseEvent) => void): Promise<Refusal | undefined> {
    for (const index of [...this.choices.keys()]) {
      const r = await this.finishChoice(index, emit);
      if (r) return r;
    }
    return undefined;
  }

  /** Final text decision and flush, then the assembled tool calls, checked. */
  private async finishChoice(
    index: number,
    emit: (ev: SseEvent) => void,
  ): Promise<Refusal | undefined> {
    const st = this.choices.get(index);
    if (!st) return undefined;
    this.choices.delete(index);
    const step = await st.text.end();
    if (!step.ok) return step.refusal;
    if (step.emit !== '') this.emitDelta(index, { content: step.emit }, emit);
    const calls = [...st.calls.entries()].sort((a, b) => a[0] - b[0]);
    const slots: Array<ToolCallSlot & { index: number; out: PendingCall }> = calls.map(
      ([ti, p]) => {
        const { params, valid } = parseArguments(p.args);
        const out = { ...p };
        return {
          index: ti,
          out,
          id: p.id,
          name: p.name,
          params,
          validArguments: valid,
          set: (np) => {
            out.args = JSON.stringify(np);
          },
        };
      },
    );
    const refused = await checkToolCalls(this.x, slots);
    if (refused) return refused;
    for (const s of slots) {
      this.emitDelta(
        index,
        {
          tool_calls: [
            {
              index: s.index,
              ...(s.out.id === undefined ? {} : { id: s.out.id }),
              type: 'function',
              function: { name: s.out.name, arguments: s.out.args },
            },
          ],
        },
        emit,
      );
    }
    return undefined;
  }

  private emitDelta(index: number, delta: JsonObject, emit: (ev: SseEvent) => void): void {
    const chunk = {
      ...this.envelope,
      choices: [{ index, delta, logprobs: null, finish_reason: null }],
    };
    emit({ data: JSON.stringify(chunk) });
  }
}

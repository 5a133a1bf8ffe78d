/**
 * Vercel AI SDK adapter. `bulwarkMiddleware(options)` is a language-model middleware
 * (`wrapLanguageModel({ model, middleware })`) that checks the prompt (`input`), the answer
 * (`output`, streamed through the incremental scanner) and every tool call the model emits
 * (`action`, `tool.<name>`). `guardTools(tools, options)` checks each tool's execution and result.
 * Refusals surface as the SDK's errors carrying Bulwark's typed error.
 */
import type {
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3Middleware,
  LanguageModelV3StreamPart,
} from '@ai-sdk/provider';
import type { ToolSet } from 'ai';
import type { Principal } from '../../core/check.js';
import {
  checkInput,
  checkOutput,
  checkStreamedText,
  checkToolCalls,
  type Exchange,
  partFor,
  type TextSlot,
  type ToolCallSlot,
} from '../../proxy/exchange.js';
import { GuardedText } from '../../proxy/guarded-text.js';
import { parseArguments } from '../../proxy/json.js';
import type { ExchangeDeps } from '../../proxy/runner.js';
import { refusalError } from '../errors.js';
import { type WrapOptions, wrap } from '../wrap.js';

/** Options of the middleware. */
export interface BulwarkMiddlewareOptions extends ExchangeDeps {
  readonly principal: Principal;
  readonly session?: string;
}

function exchange(o: BulwarkMiddlewareOptions, model: string): Exchange {
  return {
    checker: o.guard,
    enforce: { approvals: o.approvals, waitForApprovalMs: o.waitForApprovalMs },
    streamScanner: o.streamScanner,
    principal: o.principal,
    session: o.session,
    api: 'ai-sdk',
    model,
  };
}

/** Text slots of a prompt: system, user and assistant text, tool results (untrusted). */
function promptSlots(prompt: LanguageModelV3CallOptions['prompt']): TextSlot[] {
  const out: TextSlot[] = [];
  for (const msg of prompt) {
    if (msg.role === 'system') {
      out.push({ part: partFor('system', msg.content), set: (t) => (msg.content = t) });
      continue;
    }
    for (const part of msg.content) {
      if (part.type === 'text') {
        out.push({ part: partFor(msg.role, part.text), set: (t) => (part.text = t) });
      } else if (part.type === 'tool-result') {
        const o = part.output;
        if (o.type === 'text' || o.type === 'error-text') {
          out.push({ part: partFor('tool', o.value), set: (t) => (o.value = t) });
        } else if (o.type === 'json' || o.type === 'error-json') {
          out.push({ part: partFor('tool', JSON.stringify(o.value)), set: () => undefined });
        }
      }
    }
  }
  return out;
}

function toolCallSlot(call: { toolCallId: string; toolName: string; input: string }): ToolCallSlot {
  const { params, valid } = parseArguments(call.input);
  return {
    id: call.toolCallId,
    name: call.toolName,
    params,
    validArguments: valid,
    set: (p) => {
      call.input = JSON.stringify(p);
    },
  };
}

/** A language-model middleware that runs every call through the guard. */
export function bulwarkMiddleware(options: BulwarkMiddlewareOptions): LanguageModelV3Middleware {
  return {
    specificationVersion: 'v3',
    async transformParams({ params, model }) {
      const e = await checkInput(exchange(options, model.modelId), promptSlots(params.prompt));
      if (!e.allowed) throw refusalError(e);
      return params;
    },
    async wrapGenerate({ doGenerate, model }) {
      const x = exchange(options, model.modelId);
      const result = await doGenerate();
      const texts: TextSlot[] = [];
      const calls: ToolCallSlot[] = [];
      for (const c of result.content as LanguageModelV3Content[]) {
        if (c.type === 'text') {
          texts.push({ part: partFor('assistant', c.text), set: (t) => (c.text = t) });
        } else if (c.type === 'tool-call') calls.push(toolCallSlot(c));
      }
      if (texts.length > 0) {
        const e = await checkOutput(x, texts);
        if (!e.allowed) throw refusalError(e);
      }
      const refused = await checkToolCalls(x, calls);
      if (refused) throw refusalError(refused);
      return result;
    },
    async wrapStream({ doStream, model }) {
      const x = exchange(options, model.modelId);
      const { stream, ...rest } = await doStream();
      return { ...rest, stream: stream.pipeThrough(guardStream(x)) };
    },
  };
}

/** Text deltas through the guarded text; tool input held until its `tool-call` is checked. */
function guardStream(
  x: Exchange,
): TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart> {
  const texts = new Map<string, GuardedText>();
  const heldInput = new Map<string, LanguageModelV3StreamPart[]>();
  let stopped = false;
  const stop = (
    controller: TransformStreamDefaultController<LanguageModelV3StreamPart>,
    err: Error,
  ) => {
    stopped = true;
    controller.enqueue({ type: 'error', error: err });
    controller.terminate();
  };
  return new TransformStream({
    async transform(part, controller) {
      if (stopped) return;
      switch (part.type) {
        case 'text-start':
          texts.set(
            part.id,
            new GuardedText(x.streamScanner(), (t, f) => checkStreamedText(x, t, f)),
          );
          controller.enqueue(part);
          return;
        case 'text-delta': {
          const g = texts.get(part.id);
          if (!g) break;
          const step = await g.push(part.delta);
          if (!step.ok) return stop(controller, refusalError(step.refusal));
          if (step.emit !== '') controller.enqueue({ ...part, delta: step.emit });
          return;
        }
        case 'text-end': {
          const g = texts.get(part.id);
          if (!g) break;
          texts.delete(part.id);
          const step = await g.end();
          if (!step.ok) return stop(controller, refusalError(step.refusal));
          if (step.emit !== '')
            controller.enqueue({ type: 'text-delta', id: part.id, delta: step.emit });
          controller.enqueue(part);
          return;
        }
        case 'tool-input-start':
        case 'tool-input-delta':
        case 'tool-input-end': {
          const list = heldInput.get(part.id) ?? [];
          list.push(part);
          heldInput.set(part.id, list);
          return;
        }
        case 'tool-call': {
          const refused = await checkToolCalls(x, [toolCallSlot(part)]);
          if (refused) return stop(controller, refusalError(refused));
          for (const held of heldInput.get(part.toolCallId) ?? []) controller.enqueue(held);
          heldInput.delete(part.toolCallId);
          controller.enqueue(part);
          return;
        }
        case 'finish':
          for (const [id, g] of [...texts]) {
            texts.delete(id);
            const step = await g.end();
            if (!step.ok) return stop(controller, refusalError(step.refusal));
            if (step.emit !== '') controller.enqueue({ type: 'text-delta', id, delta: step.emit });
          }
          break;
      }
      controller.enqueue(part);
    },
  });
}

/** Options of `guardTools`: how each tool call is checked. */
export type GuardToolsOptions = Omit<WrapOptions, 'action'> & {
  readonly guard: Parameters<typeof wrap>[0];
  /** Action name of a tool; default `tool.<name>`. */
  readonly actionOf?: (name: string) => string;
};

/** The same tools, each execution checked before it runs and its result after. */
export function guardTools<T extends ToolSet>(tools: T, options: GuardToolsOptions): T {
  const { guard, actionOf, ...wrapOptions } = options;
  const out: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(tools)) {
    const execute = t.execute;
    if (!execute) {
      out[name] = t;
      continue;
    }
    const action = actionOf ? actionOf(name) : `tool.${name}`;
    out[name] = {
      ...t,
      execute: (input: unknown, callOptions: unknown) =>
        wrap(
          guard,
          (args: Record<string, unknown>) =>
            (execute as (i: unknown, o: unknown) => unknown)(args, callOptions),
          { ...wrapOptions, action },
        )(input as Record<string, unknown>),
    };
  }
  return out as T;
}

/**
 * One proxied model call: the checks it makes (input, output, each tool call) and the contract
 * each provider's wire format implements.
 */
import type { Check, ContentPart, Principal } from '../core/check.js';
import type { Checker } from '../sdk/checker.js';
import { type Enforcement, type EnforceOptions, enforce } from '../sdk/enforce.js';
import { redactParams, redactParts } from '../sdk/redactions.js';
import type { TextStreamScanner } from './guarded-text.js';
import type { JsonObject } from './json.js';
import type { SseEvent } from './sse.js';

/** The wire APIs the proxy speaks. */
export type ApiName = 'openai.chat' | 'openai.responses' | 'anthropic.messages' | 'ai-sdk';

/** Everything a proxied call needs to check itself. */
export interface Exchange {
  readonly checker: Checker;
  readonly enforce: EnforceOptions;
  readonly streamScanner: () => TextStreamScanner;
  readonly principal: Principal;
  readonly session: string | undefined;
  readonly api: ApiName;
  readonly model: string | undefined;
}

/** A text inside a provider body, with a way to rewrite it in place. */
export interface TextSlot {
  readonly part: ContentPart;
  set(text: string): void;
}

/** A tool call inside a provider body, with a way to rewrite its arguments in place. */
export interface ToolCallSlot {
  readonly id: string | undefined;
  readonly name: string;
  readonly params: JsonObject;
  readonly validArguments: boolean;
  set(params: JsonObject): void;
}

/** A refusal as a provider-format error. */
export interface ProviderError {
  readonly status: number;
  readonly body: JsonObject;
}

/** A provider wire format. */
export interface ProviderApi {
  readonly name: ApiName;
  inputTexts(body: JsonObject): TextSlot[];
  outputTexts(body: JsonObject): TextSlot[];
  toolCalls(body: JsonObject): ToolCallSlot[];
  /** Error body for a refusal (`code` is machine-readable, e.g. `bulwark_denied`). */
  error(status: number, message: string, code: string): ProviderError;
  /** The stream event that reports a refusal mid-stream. */
  streamError(message: string, code: string): SseEvent;
  /** A transformer for one streamed response. */
  stream(exchange: Exchange): StreamTransform;
}

/** Rewrites a provider event stream; `emit` writes to the client. */
export interface StreamTransform {
  /** Handles one upstream event; a refusal stops the stream. */
  onEvent(ev: SseEvent, emit: (ev: SseEvent) => void): Promise<Refusal | undefined>;
  /** Upstream ended: anything still held back is decided and flushed. */
  onEnd(emit: (ev: SseEvent) => void): Promise<Refusal | undefined>;
}

/** A refusal carried out by a door. */
export type Refusal = Extract<Enforcement, { allowed: false }>;

const ROLE_SOURCES: Readonly<Record<string, ContentPart['role']>> = {
  system: 'system',
  developer: 'developer',
  user: 'user',
  assistant: 'assistant',
  tool: 'tool',
  function: 'tool',
};

/** A content part for a chat role; tool output is untrusted. */
export function partFor(role: string, text: string): ContentPart {
  const r = ROLE_SOURCES[role] ?? 'user';
  if (r === 'tool') return { text, role: r, provenance: { trust: 'untrusted', source: 'tool' } };
  if (r === 'system' || r === 'developer') {
    return { text, role: r, provenance: { trust: 'trusted', source: r } };
  }
  return { text, role: r, provenance: { source: r } };
}

function base(x: Exchange, phase: Check['phase'], action: string): Check {
  const context = { door: 'proxy', api: x.api };
  const c: Check = { phase, action, principal: x.principal, context };
  return {
    ...c,
    ...(x.model === undefined ? {} : { resource: x.model }),
    ...(x.session === undefined ? {} : { session: x.session }),
  };
}

/** Checks the request's messages (phase `input`); on allow, applies redactions to the body. */
export async function checkInput(x: Exchange, slots: readonly TextSlot[]): Promise<Enforcement> {
  const check: Check = { ...base(x, 'input', 'llm.chat'), content: slots.map((s) => s.part) };
  const e = await enforce(x.checker, check, x.enforce);
  if (e.allowed) applyTextRedactions(slots, e);
  return e;
}

/** Checks a complete (non-streamed) answer's texts (phase `output`); applies redactions. */
export async function checkOutput(x: Exchange, slots: readonly TextSlot[]): Promise<Enforcement> {
  const check: Check = { ...base(x, 'output', 'llm.chat'), content: slots.map((s) => s.part) };
  const e = await enforce(x.checker, check, x.enforce);
  if (e.allowed) applyTextRedactions(slots, e);
  return e;
}

/** Checks a streamed answer's text so far (phase `output`). */
export function checkStreamedText(x: Exchange, text: string, final: boolean): Promise<Enforcement> {
  const b = base(x, 'output', 'llm.chat');
  const check: Check = {
    ...b,
    content: [{ text, role: 'assistant' }],
    context: { ...b.context, stream: true, partial: !final },
  };
  return enforce(x.checker, check, x.enforce);
}

/** Checks one tool call the model emitted (phase `action`, `tool.<name>`); applies param redactions. */
export async function checkToolCall(x: Exchange, call: ToolCallSlot): Promise<Enforcement> {
  const b = base(x, 'action', `tool.${call.name}`);
  const check: Check = {
    ...b,
    params: call.params,
    context: {
      ...b.context,
      ...(call.id === undefined ? {} : { toolCallId: call.id }),
      ...(call.validArguments ? {} : { invalidArguments: true }),
    },
  };
  const e = await enforce(x.checker, check, x.enforce);
  if (e.allowed && e.decision.redactions.length > 0) {
    call.set(redactParams(call.params, e.decision.redactions));
  }
  return e;
}

/** Checks every tool call in order; the first refusal wins. */
export async function checkToolCalls(
  x: Exchange,
  calls: readonly ToolCallSlot[],
): Promise<Refusal | undefined> {
  for (const call of calls) {
    const e = await checkToolCall(x, call);
    if (!e.allowed) return e;
  }
  return undefined;
}

function applyTextRedactions(slots: readonly TextSlot[], e: Enforcement): void {
  if (e.decision.redactions.length === 0) return;
  const texts = slots.map((s) => s.part.text);
  const redacted = redactParts(texts, e.decision.redactions);
  redacted.forEach((t, i) => {
    if (t !== texts[i]) slots[i]?.set(t);
  });
}

/** Machine-readable code for a refusal. */
export function refusalCode(r: Refusal): string {
  return r.cause === 'denied' ? 'bulwark_denied' : `bulwark_${r.cause}`;
}

/** Client-facing message for a refusal. */
export function refusalMessage(r: Refusal, what: string): string {
  return `Bulwark blocked the ${what}: ${r.message}`;
}

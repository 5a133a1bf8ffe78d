/**
 * LangChain.js adapter. `guardTool(tool, options)` returns a tool whose every call is checked
 * (`action`, params = its input), waits for approval on escalate, and whose result is checked
 * (`tool_result`, untrusted). `BulwarkCallbackHandler` checks chat-model input and output (text
 * and tool calls) and stops the run on a refusal; it cannot rewrite content, so for redaction
 * give the model a guarded `fetch` (`createGuardedFetch`) as well.
 */
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import { type StructuredToolInterface, tool } from '@langchain/core/tools';
import type { Check, ContentPart, ContentRole, Principal } from '../../core/check.js';
import type { ApprovalGate, Checker } from '../checker.js';
import { enforce } from '../enforce.js';
import { refusalError } from '../errors.js';
import { type WrapOptions, type WrapTarget, wrap } from '../wrap.js';

/** Options of `guardTool`. */
export type GuardToolOptions = Omit<WrapOptions, 'action'> & {
  readonly guard: WrapTarget;
  /** Action name; default `tool.<tool name>`. */
  readonly action?: string;
};

/** A LangChain tool with the same name, description and schema, checked on every call. */
export function guardTool(t: StructuredToolInterface, options: GuardToolOptions) {
  const { guard, action, ...rest } = options;
  const checked = wrap(guard, (args: Record<string, unknown>) => t.invoke(args), {
    ...rest,
    action: action ?? `tool.${t.name}`,
  });
  return tool(async (input: unknown) => checked(input as Record<string, unknown>), {
    name: t.name,
    description: t.description,
    schema: t.schema as never,
  });
}

/** Options of the callback handler. */
export interface CallbackOptions {
  readonly guard: Checker;
  readonly principal: Principal;
  readonly session?: string;
  readonly approvals?: ApprovalGate;
  readonly waitForApprovalMs?: number;
}

const ROLES: Readonly<Record<string, ContentRole>> = {
  system: 'system',
  human: 'user',
  ai: 'assistant',
  tool: 'tool',
  developer: 'developer',
};

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((p: unknown) =>
      typeof p === 'object' && p !== null && typeof (p as { text?: unknown }).text === 'string'
        ? (p as { text: string }).text
        : '',
    )
    .join('');
}

/** Checks every chat-model call's messages and answer; a refusal stops the run with a typed error. */
export class BulwarkCallbackHandler extends BaseCallbackHandler {
  name = 'bulwark';
  override raiseError = true;
  override awaitHandlers = true;

  constructor(private readonly options: CallbackOptions) {
    super();
  }

  private async decide(check: Omit<Check, 'principal'>): Promise<void> {
    const o = this.options;
    const e = await enforce(
      o.guard,
      { ...check, principal: o.principal, ...(o.session ? { session: o.session } : {}) },
      { approvals: o.approvals, waitForApprovalMs: o.waitForApprovalMs },
    );
    if (!e.allowed) throw refusalError(e);
  }

  override async handleChatModelStart(_llm: unknown, messages: BaseMessage[][]): Promise<void> {
    const parts: ContentPart[] = messages.flat().map((m) => {
      const role = ROLES[m.getType()] ?? 'user';
      const text = textOf(m.content);
      return role === 'tool'
        ? { text, role, provenance: { trust: 'untrusted', source: 'tool' } }
        : { text, role };
    });
    await this.decide({
      phase: 'input',
      action: 'llm.chat',
      content: parts,
      context: { door: 'langchain' },
    });
  }

  override async handleLLMEnd(output: LLMResult): Promise<void> {
    const gens = output.generations.flat();
    const parts: ContentPart[] = gens.map((g) => ({ text: g.text, role: 'assistant' }));
    if (parts.some((p) => p.text !== '')) {
      await this.decide({
        phase: 'output',
        action: 'llm.chat',
        content: parts,
        context: { door: 'langchain' },
      });
    }
    for (const g of gens) {
      const calls = (
        g as { message?: { tool_calls?: Array<{ name: string; args: unknown; id?: string }> } }
      ).message?.tool_calls;
      for (const call of calls ?? []) {
        await this.decide({
          phase: 'action',
          action: `tool.${call.name}`,
          params: (call.args ?? {}) as Record<string, unknown>,
          context: { door: 'langchain', ...(call.id ? { toolCallId: call.id } : {}) },
        });
      }
    }
  }
}

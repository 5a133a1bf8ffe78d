/** The Check: everything the guard evaluates for one prompt, response, tool call or tool result. */

/** Where in an agent's loop the check happens. */
export type Phase = 'input' | 'output' | 'action' | 'tool_result';

export const PHASES: readonly Phase[] = ['input', 'output', 'action', 'tool_result'];

/** Who is acting. Doors that authenticate (server, proxy) set this from the credential, never from the body. */
export interface Principal {
  readonly id: string;
  readonly type?: string;
  readonly roles?: readonly string[];
  readonly tenant?: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** Trust and sensitivity labels carried by a piece of content. */
export interface Provenance {
  readonly trust?: 'trusted' | 'untrusted';
  readonly sensitive?: boolean;
  /** Where the content came from, e.g. `tool:web.fetch`, `user`, `system`. */
  readonly source?: string;
}

/** Role of a message part, kept from chat APIs as provenance. */
export type ContentRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

/** One piece of text to scan. */
export interface ContentPart {
  readonly text: string;
  readonly role?: ContentRole;
  readonly provenance?: Provenance;
}

/** One evaluation request. */
export interface Check {
  readonly phase: Phase;
  /** Dotted action name, e.g. `file.delete`, `mcp.github.create_issue`, `llm.chat`. */
  readonly action: string;
  readonly resource?: string;
  readonly params?: Readonly<Record<string, unknown>>;
  /** Text (or message parts) to scan. */
  readonly content?: string | readonly ContentPart[];
  readonly principal: Principal;
  readonly session?: string;
  readonly context?: Readonly<Record<string, unknown>>;
  /** Default provenance for `content` parts that carry none. */
  readonly provenance?: Provenance;
}

/** Content of a check as parts, whatever form it was given in. */
export function contentParts(check: Check): readonly ContentPart[] {
  const { content } = check;
  if (content === undefined) return [];
  if (typeof content === 'string') {
    return [check.provenance ? { text: content, provenance: check.provenance } : { text: content }];
  }
  if (!check.provenance) return content;
  const fallback = check.provenance;
  return content.map((part) => (part.provenance ? part : { ...part, provenance: fallback }));
}

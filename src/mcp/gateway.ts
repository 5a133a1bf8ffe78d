/**
 * The MCP gateway: an MCP server to its client and an MCP client to one or more MCP servers
 * (stdio or Streamable HTTP). Tools the policy never allows are hidden, every call is a checked
 * `action` (`mcp.<server>.<tool>`), every result a checked `tool_result` (untrusted), and tool
 * definitions are pinned so a later change is put to the policy as `mcp.tool_changed`.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { Check, ContentPart, Principal } from '../core/check.js';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import type { Effect } from '../core/decision.js';
import type { ApprovalGate, Checker } from '../sdk/checker.js';
import { type Enforcement, enforce } from '../sdk/enforce.js';
import { redactParams, redactParts } from '../sdk/redactions.js';
import { type PinStatus, ToolPins } from './pins.js';

/** An MCP server the gateway fronts. */
export type UpstreamServer =
  | {
      readonly name: string;
      readonly command: string;
      readonly args?: readonly string[];
      readonly env?: Readonly<Record<string, string>>;
      readonly cwd?: string;
    }
  | {
      readonly name: string;
      readonly url: string;
      readonly headers?: Readonly<Record<string, string>>;
    };

/** How the gateway is set up. */
export interface GatewayOptions {
  readonly servers: readonly UpstreamServer[];
  /** Decides every check. */
  readonly guard: Checker;
  /**
   * Side-effect-free evaluation for `tools/list` (no receipt, no counters): tools whose probe
   * is `deny` are hidden. Without it every tool is listed (calls are still checked).
   */
  readonly probe?: (check: Check) => Effect;
  readonly approvals?: ApprovalGate;
  readonly waitForApprovalMs?: number;
  /** Who the gateway's client acts as. */
  readonly principal: Principal;
  readonly session?: string;
  /** JSON file holding tool pins (e.g. `.bulwark/mcp-pins.json`); in memory when absent. */
  readonly pinsFile?: string;
  readonly clock?: Clock;
  /** Name tools `<server>__<tool>`; default: only when there is more than one server. */
  readonly prefixTools?: boolean;
}

/** JSON-RPC error code of a policy refusal (implementation-defined server error range). */
export const MCP_POLICY_ERROR = -32_001;

interface ExposedTool {
  readonly server: string;
  readonly upstreamName: string;
  readonly tool: Tool;
  /** Why it may not be called, when it may not. */
  blocked?: string;
}

/** A running gateway. */
export interface McpGateway {
  /** Connects a client-facing transport (stdio, or one Streamable HTTP transport per request). */
  connect(transport: Transport): Promise<Server>;
  /** The tools as the client sees them (refreshes from every server). */
  listTools(): Promise<Tool[]>;
  close(): Promise<void>;
}

/** Connects to every upstream server and returns the gateway. */
export async function createGateway(options: GatewayOptions): Promise<McpGateway> {
  const clock = options.clock ?? systemClock;
  const pins = new ToolPins(options.pinsFile);
  const prefix = options.prefixTools ?? options.servers.length > 1;
  const clients = new Map<string, Client>();
  const servers = new Set<Server>();
  const exposed = new Map<string, ExposedTool>();
  let listed = false;

  for (const spec of options.servers) {
    const client = new Client({ name: 'bulwark-mcp-gateway', version: '0.1.0' });
    const transport =
      'command' in spec
        ? new StdioClientTransport({
            command: spec.command,
            args: [...(spec.args ?? [])],
            ...(spec.env ? { env: { ...spec.env } } : {}),
            ...(spec.cwd ? { cwd: spec.cwd } : {}),
            stderr: 'inherit',
          })
        : new StreamableHTTPClientTransport(new URL(spec.url), {
            requestInit: { headers: { ...(spec.headers ?? {}) } },
          });
    await client.connect(transport);
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      listed = false;
      for (const s of servers) await s.sendToolListChanged().catch(() => undefined);
    });
    clients.set(spec.name, client);
  }

  const base = (phase: Check['phase'], action: string): Check => ({
    phase,
    action,
    principal: options.principal,
    ...(options.session === undefined ? {} : { session: options.session }),
  });

  /** Puts a changed definition to the policy; allowed → re-pinned, otherwise blocked. */
  const judgeChange = async (
    server: string,
    tool: Tool,
    status: Extract<PinStatus, { state: 'changed' }>,
  ): Promise<string | undefined> => {
    const check: Check = {
      ...base('action', 'mcp.tool_changed'),
      resource: `mcp.${server}.${tool.name}`,
      params: {
        server,
        tool: tool.name,
        changed: [...status.changed],
        pinnedHash: status.pinned.hash,
        currentHash: status.current.hash,
      },
      context: { door: 'mcp', pinnedAt: status.pinned.pinnedAt },
    };
    const e = await enforce(options.guard, check, {});
    if (e.allowed) {
      pins.repin(server, status.current, tool.name);
      return undefined;
    }
    return `tool definition of ${server}/${tool.name} changed since it was pinned (${status.changed.join(', ')}): ${e.message}`;
  };

  const refresh = async (): Promise<void> => {
    const next = new Map<string, ExposedTool>();
    for (const [server, client] of clients) {
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined);
        for (const tool of page.tools) {
          const name = prefix ? `${server}__${tool.name}` : tool.name;
          const entry: ExposedTool = { server, upstreamName: tool.name, tool: { ...tool, name } };
          const status = pins.compare(server, tool, clock.now());
          if (status.state === 'changed') {
            const blocked = await judgeChange(server, tool, status);
            if (blocked) entry.blocked = blocked;
          }
          next.set(name, entry);
        }
        cursor = page.nextCursor;
      } while (cursor);
    }
    exposed.clear();
    for (const [k, v] of next) exposed.set(k, v);
    listed = true;
  };

  const visible = (t: ExposedTool): boolean => {
    if (t.blocked) return false;
    if (!options.probe) return true;
    const effect = options.probe({
      ...base('action', `mcp.${t.server}.${t.upstreamName}`),
      params: {},
      context: { door: 'mcp', probe: true },
    });
    return effect !== 'deny';
  };

  const listTools = async (): Promise<Tool[]> => {
    await refresh();
    return [...exposed.values()].filter(visible).map((t) => t.tool);
  };

  const callTool = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> => {
    if (!listed) await refresh();
    const t = exposed.get(name);
    if (!t) throw new McpError(ErrorCode.InvalidParams, `unknown tool: ${name}`);
    if (t.blocked) throw new McpError(MCP_POLICY_ERROR, `Bulwark blocked ${name}: ${t.blocked}`);
    const action = `mcp.${t.server}.${t.upstreamName}`;
    const before = await enforce(
      options.guard,
      { ...base('action', action), params: args, context: { door: 'mcp', server: t.server } },
      { approvals: options.approvals, waitForApprovalMs: options.waitForApprovalMs },
    );
    if (!before.allowed) throw refusal(name, before);
    const callArgs =
      before.decision.redactions.length > 0 ? redactParams(args, before.decision.redactions) : args;
    const client = clients.get(t.server);
    if (!client) throw new McpError(ErrorCode.InternalError, `server ${t.server} is not connected`);
    const result = (await client.callTool({
      name: t.upstreamName,
      arguments: callArgs,
    })) as CallToolResult;
    return checkResult(name, action, t.server, result);
  };

  /** Checks a tool result as `tool_result` (untrusted); applies redactions; flags findings. */
  const checkResult = async (
    name: string,
    action: string,
    server: string,
    result: CallToolResult,
  ): Promise<CallToolResult> => {
    const slots = resultTexts(result);
    if (slots.length === 0) return result;
    const e = await enforce(
      options.guard,
      {
        ...base('tool_result', action),
        content: slots.map((s): ContentPart => ({ text: s.text, role: 'tool' })),
        provenance: { trust: 'untrusted', source: `mcp:${server}` },
        context: { door: 'mcp', server },
      },
      {},
    );
    if (!e.allowed) throw refusal(`the result of ${name}`, e);
    if (e.decision.redactions.length > 0) {
      const texts = redactParts(
        slots.map((s) => s.text),
        e.decision.redactions,
      );
      texts.forEach((t, i) => {
        slots[i]?.set(t);
      });
    }
    if (e.decision.findings.length === 0) return result;
    // why: an allowed result with findings is passed on, flagged so the client can see why.
    return {
      ...result,
      _meta: {
        ...(result._meta ?? {}),
        'bulwark/findings': e.decision.findings.map((f) => ({
          category: f.category,
          detector: f.detector,
          score: f.score,
        })),
      },
    };
  };

  const connect = async (transport: Transport): Promise<Server> => {
    const server = new Server(
      { name: 'bulwark-mcp-gateway', version: '0.1.0' },
      { capabilities: { tools: { listChanged: true } } },
    );
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: await listTools() }));
    server.setRequestHandler(CallToolRequestSchema, async (req) =>
      callTool(req.params.name, (req.params.arguments ?? {}) as Record<string, unknown>),
    );
    server.onclose = () => {
      servers.delete(server);
    };
    servers.add(server);
    await server.connect(transport);
    return server;
  };

  return {
    connect,
    listTools,
    async close() {
      for (const s of servers) await s.close().catch(() => undefined);
      for (const c of clients.values()) await c.close().catch(() => undefined);
    },
  };
}

function refusal(what: string, e: Extract<Enforcement, { allowed: false }>): McpError {
  return new McpError(MCP_POLICY_ERROR, `Bulwark blocked ${what}: ${e.message}`, {
    cause: e.cause,
    reasons: e.reasons,
    ...(e.approval ? { approval: e.approval.requestId } : {}),
  });
}

/** Text in a tool result (text parts and embedded text resources), with setters. */
function resultTexts(result: CallToolResult): Array<{ text: string; set(t: string): void }> {
  const out: Array<{ text: string; set(t: string): void }> = [];
  for (const part of result.content ?? []) {
    const p = part as Record<string, unknown>;
    if (p.type === 'text' && typeof p.text === 'string') {
      out.push({ text: p.text, set: (t) => (p.text = t) });
    } else if (p.type === 'resource' && typeof p.resource === 'object' && p.resource !== null) {
      const r = p.resource as Record<string, unknown>;
      if (typeof r.text === 'string') out.push({ text: r.text, set: (t) => (r.text = t) });
    }
  }
  if (result.structuredContent !== undefined) {
    // why: structured output reaches the model too; it is checked as its JSON text.
    const text = JSON.stringify(result.structuredContent);
    out.push({
      text,
      set: (t) => {
        try {
          result.structuredContent = JSON.parse(t) as Record<string, unknown>;
        } catch {
          result.structuredContent = { redacted: t };
        }
      },
    });
  }
  return out;
}

/**
 * MCP gateway with a real MCP server process (the SDK over stdio) behind it and a real SDK client
 * in front of it (in-memory transport pair).
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createApprovalService } from '../src/approvals/index.js';
import { createGuard } from '../src/guard.js';
import { createGateway, MCP_POLICY_ERROR, type McpGateway, policyProbe } from '../src/mcp/index.js';
import { createScanner } from '../src/scan/index.js';
import { serviceApprovalGate } from '../src/sdk/approvals.js';
import type { ApprovalGate } from '../src/sdk/checker.js';
import { createSqliteApprovalStore } from '../src/store/sqlite/approvals.js';

const SERVER = fileURLToPath(new URL('./mcp-test-server.mjs', import.meta.url));

const POLICY = `
name: mcp-test
version: 1
default: allow
rules:
  - id: no-repo-delete
    effect: deny
    match: { phase: action, action: "mcp.*.delete_repo" }
    reason: deleting repositories is not allowed
  - id: transfers-need-approval
    effect: escalate
    match: { phase: action, action: "mcp.*.echo", params: { text: transfer } }
    reason: transfers need a human
    approvers: { role: approver }
    expires: 1m
  - id: pinned-tools
    effect: deny
    match: { action: mcp.tool_changed }
    reason: tool definitions may not change after they are pinned
  - id: injected-results
    effect: deny
    match: { phase: tool_result, scan: { prompt_injection: 0.8 } }
    reason: prompt injection in a tool result
`;

let gateway: McpGateway | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  await gateway?.close();
  client = undefined;
  gateway = undefined;
});

async function start(env: Record<string, string> = {}, approvals?: ApprovalGate) {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-mcp-'));
  const guard = createGuard({ policy: { text: POLICY }, scanner: createScanner() });
  const pinsFile = join(dir, 'mcp-pins.json');
  gateway = await createGateway({
    servers: [
      {
        name: 'test',
        command: process.execPath,
        args: [SERVER],
        env: { PATH: process.env.PATH ?? '', ...env },
      },
    ],
    guard,
    probe: policyProbe(guard),
    principal: { id: 'agent-1', type: 'agent' },
    pinsFile,
    ...(approvals ? { approvals } : {}),
  });
  const [clientSide, gatewaySide] = InMemoryTransport.createLinkedPair();
  await gateway.connect(gatewaySide);
  client = new Client({ name: 'test-client', version: '1.0.0' });
  await client.connect(clientSide);
  return { client, pinsFile };
}

describe('MCP gateway', () => {
  it('hides tools the policy never allows and pins the rest', async () => {
    const { client, pinsFile } = await start();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['echo', 'read_page', 'weather']);
    const pins = JSON.parse(readFileSync(pinsFile, 'utf8')) as { pins: Record<string, unknown> };
    expect(Object.keys(pins.pins).sort()).toEqual([
      'test/delete_repo',
      'test/echo',
      'test/read_page',
      'test/weather',
    ]);
  });

  it('passes an allowed call and refuses a denied one with an MCP error', async () => {
    const { client } = await start();
    const ok = await client.callTool({ name: 'echo', arguments: { text: 'hello' } });
    expect(ok.content).toEqual([{ type: 'text', text: 'hello' }]);
    const err = await client
      .callTool({ name: 'delete_repo', arguments: { repo: 'acme/app' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpError);
    expect((err as McpError).code).toBe(MCP_POLICY_ERROR);
    expect((err as McpError).message).toContain('deleting repositories is not allowed');
  });

  it('holds an escalated call until approved, and refuses it without an approval service', async () => {
    const db = new Database(join(mkdtempSync(join(tmpdir(), 'bulwark-mcp-a-')), 'a.db'));
    const opened = new EventEmitter();
    const service = createApprovalService({
      store: createSqliteApprovalStore(db),
      clock: { now: () => Date.now() },
      notifier: (n) => {
        if (n.event === 'approval.requested') opened.emit('id', n.request.id);
      },
    });
    try {
      const { client } = await start({}, serviceApprovalGate(service));
      const id = new Promise<string>((resolve) => opened.once('id', resolve));
      const pending = client.callTool({ name: 'echo', arguments: { text: 'transfer' } });
      await service.approve(await id, { id: 'alice', roles: ['approver'], tenant: 'default' });
      expect((await pending).content).toEqual([{ type: 'text', text: 'transfer' }]);
    } finally {
      await service.close();
      db.close();
    }
    await client?.close();
    await gateway?.close();
    const again = await start();
    const err = await again.client
      .callTool({ name: 'echo', arguments: { text: 'transfer' } })
      .catch((e: unknown) => e);
    expect((err as McpError).message).toContain('requires approval');
  });

  it('blocks a tool whose definition changed after it was pinned (rug pull)', async () => {
    const { client } = await start();
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('weather');
    const changed = new Promise<void>((resolve) =>
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
    );
    await client.callTool({ name: 'weather', arguments: { city: 'Oslo' } });
    await changed;
    const after = (await client.listTools()).tools.map((t) => t.name);
    expect(after).not.toContain('weather');
    const err = await client
      .callTool({ name: 'weather', arguments: { city: 'Oslo' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpError);
    expect((err as McpError).message).toContain('changed since it was pinned (description)');
    expect((err as McpError).message).toContain('tool definitions may not change');
  });

  it('refuses a tool result carrying an indirect prompt injection', async () => {
    const { client } = await start();
    const err = await client
      .callTool({ name: 'read_page', arguments: { url: 'https://shop.example' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpError);
    expect((err as McpError).message).toContain('prompt injection in a tool result');
  });

  it('flags findings on a result it lets through', async () => {
    const { client } = await start({ PAGE_TEXT: 'Contact us at sales@shop.example for a quote.' });
    const r = await client.callTool({
      name: 'read_page',
      arguments: { url: 'https://shop.example' },
    });
    expect(r.content).toEqual([
      { type: 'text', text: 'Contact us at sales@shop.example for a quote.' },
    ]);
    const flagged = (r._meta?.['bulwark/findings'] ?? []) as Array<{ category: string }>;
    expect(flagged.map((f) => f.category)).toContain('pii');
  });
});

/** A real MCP server over Streamable HTTP (stateless), in this process. */
async function httpMcpServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const mcp = new Server(
      { name: 'http-test', version: '1.0.0' },
      { capabilities: { tools: {} } },
    );
    mcp.setRequestHandler(ListToolsRequestSchema, async () => ({
      tools: [
        {
          name: 'delete_repo',
          description: 'Delete a repository.',
          inputSchema: { type: 'object' },
        },
        { name: 'notes', description: 'Read notes.', inputSchema: { type: 'object' } },
      ],
    }));
    mcp.setRequestHandler(CallToolRequestSchema, async () => ({
      content: [{ type: 'text', text: 'Notes: call Jane at jane.doe@example.com.' }],
    }));
    const transport = new StreamableHTTPServerTransport({});
    res.on('close', () => void transport.close());
    void mcp.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('MCP gateway over Streamable HTTP upstreams', () => {
  it('prefixes tools of several servers and checks calls to the HTTP one', async () => {
    const up = await httpMcpServer();
    try {
      const guard = createGuard({ policy: { text: POLICY }, scanner: createScanner() });
      gateway = await createGateway({
        servers: [
          { name: 'remote', url: up.url },
          { name: 'local', command: process.execPath, args: [SERVER] },
        ],
        guard,
        probe: policyProbe(guard),
        principal: { id: 'agent-1' },
      });
      const [clientSide, gatewaySide] = InMemoryTransport.createLinkedPair();
      await gateway.connect(gatewaySide);
      client = new Client({ name: 'test-client', version: '1.0.0' });
      await client.connect(clientSide);
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('remote__notes');
      expect(names).toContain('local__echo');
      expect(names).not.toContain('remote__delete_repo');
      const r = await client.callTool({ name: 'remote__notes', arguments: {} });
      expect(r.content).toEqual([
        { type: 'text', text: 'Notes: call Jane at jane.doe@example.com.' },
      ]);
      const err = await client
        .callTool({ name: 'remote__delete_repo', arguments: { repo: 'x' } })
        .catch((e: unknown) => e);
      expect((err as McpError).code).toBe(MCP_POLICY_ERROR);
    } finally {
      await client?.close();
      await gateway?.close();
      client = undefined;
      gateway = undefined;
      await up.close();
    }
  });
});

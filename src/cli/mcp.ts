/** `bulwark mcp --config FILE [--http PORT]`: the MCP gateway, serving its client on stdio or Streamable HTTP. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Command } from 'commander';
import { openEmbeddedAuditLog } from '../audit/open.js';
import { errorMessage } from '../core/errors.js';
import { createGuard } from '../guard.js';
import { loadGatewayConfig } from '../mcp/config.js';
import { createGateway, type GatewayOptions } from '../mcp/gateway.js';
import { policyProbe } from '../mcp/probe.js';
import { createScanner } from '../scan/index.js';
import { createClient } from '../sdk/client.js';
import { defaultPolicyPath } from './check.js';

/** Adds `mcp` to the program. */
export function register(program: Command): void {
  program
    .command('mcp')
    .description(
      'MCP gateway: checked tool calls and results, hidden tools, pinned tool definitions',
    )
    .requiredOption('--config <file>', 'gateway config (YAML or JSON)')
    .option('--http <port>', 'serve Streamable HTTP on 127.0.0.1:<port> instead of stdio')
    .action(async (opts: { config: string; http?: string }) => {
      try {
        await run(opts);
      } catch (err) {
        // stdout is the MCP channel in stdio mode: diagnostics go to stderr only.
        process.stderr.write(`bulwark mcp: ${errorMessage(err)}\n`);
        process.exit(2);
      }
    });
}

async function run(opts: { config: string; http?: string }): Promise<void> {
  const config = loadGatewayConfig(opts.config);
  const base = {
    servers: config.servers,
    principal: config.principal,
    pinsFile: join(config.dataDir, 'mcp-pins.json'),
    ...(config.session ? { session: config.session } : {}),
    ...(config.approvalWaitMs !== undefined ? { waitForApprovalMs: config.approvalWaitMs } : {}),
    ...(config.prefixTools !== undefined ? { prefixTools: config.prefixTools } : {}),
  };
  let options: GatewayOptions;
  let closeGuard = async () => {};
  if (config.server) {
    const client = createClient(config.server);
    options = { ...base, guard: client, approvals: client.approvals };
  } else {
    const audit = config.audit ? await openEmbeddedAuditLog(config.dataDir) : undefined;
    const guard = createGuard({
      policy: config.policy ?? defaultPolicyPath(),
      watch: true,
      scanner: createScanner(),
      ...(audit ? { audit } : {}),
      onPolicyError: (err) =>
        process.stderr.write(`bulwark mcp: policy reload failed:\n${err.message}\n`),
    });
    options = { ...base, guard, probe: policyProbe(guard) };
    closeGuard = async () => {
      await guard.close();
      await audit?.close();
    };
  }
  const gateway = await createGateway(options);
  let closing = false;
  const shutdown = async () => {
    // why: closing the gateway closes its transports, whose close handlers land here again.
    if (closing) return;
    closing = true;
    await gateway.close();
    await closeGuard();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());

  if (opts.http === undefined) {
    const transport = new StdioServerTransport();
    await gateway.connect(transport);
    // The client closing our stdin is the end of the session.
    process.stdin.once('end', () => void shutdown());
    return;
  }
  const port = Number(opts.http);
  const server = http.createServer((req, res) => {
    // Stateless Streamable HTTP: one transport (and MCP server) per request.
    const transport = new StreamableHTTPServerTransport({});
    res.on('close', () => void transport.close());
    gateway
      .connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(errorMessage(err));
      });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  process.stderr.write(`bulwark mcp: Streamable HTTP on http://127.0.0.1:${bound}/mcp\n`);
}

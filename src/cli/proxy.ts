/** `bulwark proxy --upstream URL [--port N] [--policy FILE | --server URL --api-key KEY]`: the LLM proxy. */
import type { Command } from 'commander';
import { openEmbeddedAuditLog } from '../audit/open.js';
import { errorMessage } from '../core/errors.js';
import { createGuard } from '../guard.js';
import { startProxy } from '../proxy/index.js';
import { createScanner } from '../scan/index.js';
import { createStreamScanner } from '../scan/stream.js';
import type { ApprovalGate, Checker } from '../sdk/checker.js';
import { createClient } from '../sdk/client.js';
import { defaultPolicyPath } from './check.js';

interface ProxyCliOptions {
  upstream: string;
  port: string;
  host: string;
  policy?: string;
  server?: string;
  apiKey?: string;
  holdBack: string;
  approvalWait: string;
  audit?: string;
}

/** Adds `proxy` to the program. */
export function register(program: Command): void {
  program
    .command('proxy')
    .description(
      'OpenAI/Anthropic-compatible LLM proxy: checks input, output (streamed too) and tool calls',
    )
    .requiredOption('--upstream <url>', 'model API base URL, e.g. https://api.openai.com')
    .option('--port <port>', 'port to listen on', '8788')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--policy <file>', 'policy file (default: the packaged policies/default.yaml)')
    .option('--server <url>', 'decide with a Bulwark server instead (approvals wait there)')
    .option('--api-key <key>', 'API key for --server (default: $BULWARK_API_KEY)')
    .option(
      '--audit <dir>',
      'record every local decision in the signed audit log under <dir> (with --server, the server records)',
    )
    .option('--hold-back <chars>', 'streaming hold-back window (characters)', '128')
    .option('--approval-wait <ms>', 'longest wait for an approval', '300000')
    .action(async (opts: ProxyCliOptions) => {
      try {
        await run(opts);
      } catch (err) {
        process.stderr.write(`bulwark proxy: ${errorMessage(err)}\n`);
        process.exit(2);
      }
    });
}

async function run(opts: ProxyCliOptions): Promise<void> {
  const scanner = createScanner();
  let guard: Checker;
  let approvals: ApprovalGate | undefined;
  let closeGuard = async () => {};
  if (opts.server) {
    const apiKey = opts.apiKey ?? process.env.BULWARK_API_KEY;
    if (!apiKey) throw new Error('--server needs --api-key or $BULWARK_API_KEY');
    const client = createClient({ url: opts.server, apiKey });
    guard = client;
    approvals = client.approvals;
  } else {
    const audit = opts.audit === undefined ? undefined : await openEmbeddedAuditLog(opts.audit);
    const local = createGuard({
      policy: opts.policy ?? defaultPolicyPath(),
      watch: true,
      scanner,
      ...(audit ? { audit } : {}),
      onPolicyError: (err) =>
        process.stderr.write(`bulwark proxy: policy reload failed:\n${err.message}\n`),
    });
    guard = local;
    closeGuard = async () => {
      await local.close();
      await audit?.close();
    };
  }
  const holdBack = Number(opts.holdBack);
  const proxy = await startProxy({
    upstream: opts.upstream,
    guard,
    streamScanner: () =>
      createStreamScanner({
        scanner,
        holdBack,
        minScore: 0,
        context: { phase: 'output', role: 'assistant' },
      }),
    ...(approvals ? { approvals } : {}),
    waitForApprovalMs: Number(opts.approvalWait),
    port: Number(opts.port),
    host: opts.host,
  });
  process.stderr.write(`bulwark proxy: ${proxy.url} → ${new URL(opts.upstream).origin}\n`);
  const shutdown = async () => {
    await proxy.close();
    await closeGuard();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

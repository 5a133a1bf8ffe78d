/** The gateway's config file (YAML or JSON), parsed once at the edge into typed options. */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Principal } from '../core/check.js';
import { errorMessage, InputError } from '../core/errors.js';
import type { UpstreamServer } from './gateway.js';

const name = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - (at most 64)');

const serverSchema = z.union([
  z
    .object({
      command: z.string().min(1),
      args: z.array(z.string()).optional(),
      env: z.record(z.string(), z.string()).optional(),
      cwd: z.string().optional(),
    })
    .strict(),
  z
    .object({
      url: z.url(),
      headers: z.record(z.string(), z.string()).optional(),
    })
    .strict(),
]);

const configSchema = z
  .object({
    servers: z
      .record(name, serverSchema)
      .refine((s) => Object.keys(s).length > 0, 'at least one server'),
    policy: z
      .string()
      .min(1)
      .optional()
      .describe('Policy file (default: the packaged default policy).'),
    server: z
      .object({ url: z.url(), apiKey: z.string().min(1) })
      .strict()
      .optional()
      .describe('A Bulwark server that decides (and holds approvals) instead of a local policy.'),
    dataDir: z.string().min(1).optional(),
    audit: z
      .boolean()
      .optional()
      .describe('Record every local decision in the signed audit log under dataDir.'),
    principal: z
      .object({
        id: z.string().min(1),
        type: z.string().optional(),
        roles: z.array(z.string()).optional(),
        tenant: z.string().optional(),
      })
      .strict()
      .optional(),
    session: z.string().optional(),
    approvalWaitMs: z.number().int().min(0).max(86_400_000).optional(),
    prefixTools: z.boolean().optional(),
  })
  .strict();

/** The gateway config, with paths resolved against the config file's folder. */
export interface GatewayConfig {
  readonly servers: readonly UpstreamServer[];
  readonly policy?: string;
  readonly server?: { readonly url: string; readonly apiKey: string };
  readonly dataDir: string;
  readonly audit: boolean;
  readonly principal: Principal;
  readonly session?: string;
  readonly approvalWaitMs?: number;
  readonly prefixTools?: boolean;
}

/** Reads and validates a config file; problems are `InputError`s naming the field. */
export function loadGatewayConfig(file: string): GatewayConfig {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(file, `cannot read config: ${errorMessage(err)}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${file}: ${issue?.path.join('.') ?? ''}`, issue?.message ?? 'invalid');
  }
  const c = parsed.data;
  const dir = dirname(resolve(file));
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(dir, p));
  const servers: UpstreamServer[] = Object.entries(c.servers).map(([n, s]) =>
    'command' in s
      ? {
          name: n,
          command: s.command,
          ...(s.args ? { args: s.args } : {}),
          ...(s.env ? { env: s.env } : {}),
          ...(s.cwd ? { cwd: abs(s.cwd) } : {}),
        }
      : { name: n, url: s.url, ...(s.headers ? { headers: s.headers } : {}) },
  );
  return {
    servers,
    ...(c.policy ? { policy: abs(c.policy) } : {}),
    ...(c.server ? { server: c.server } : {}),
    dataDir: abs(c.dataDir ?? '.bulwark'),
    audit: c.audit ?? false,
    principal: c.principal
      ? {
          id: c.principal.id,
          ...(c.principal.type ? { type: c.principal.type } : {}),
          ...(c.principal.roles ? { roles: c.principal.roles } : {}),
          ...(c.principal.tenant ? { tenant: c.principal.tenant } : {}),
        }
      : { id: 'mcp-client', type: 'agent' },
    ...(c.session ? { session: c.session } : {}),
    ...(c.approvalWaitMs !== undefined ? { approvalWaitMs: c.approvalWaitMs } : {}),
    ...(c.prefixTools !== undefined ? { prefixTools: c.prefixTools } : {}),
  };
}

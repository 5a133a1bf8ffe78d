/** /v1/policies: the tenant's current policy, uploads (validated), versions and rollback. */
import { z } from 'zod';
import { route } from '../route.js';
import { ErrorSchema } from '../schemas.js';
import type { TenantPolicies } from '../tenant-policies.js';

const VersionSummarySchema = z.object({
  tenant: z.string(),
  seq: z.number().int().describe('Per-tenant version number, 1-based.'),
  name: z.string(),
  version: z.string().describe('`version` declared in the policy document.'),
  hash: z.string().describe('SHA-256 of the canonical policy document.'),
  createdBy: z.string(),
  createdAt: z.string(),
  rollbackOf: z.number().int().optional().describe('Set when created by rolling back to this seq.'),
});
const VersionSchema = VersionSummarySchema.extend({ source: z.string() });
const CurrentSchema = z.object({
  seq: z.number().int().describe('0 while the tenant runs the base policy.'),
  name: z.string(),
  version: z.string(),
  hash: z.string(),
  source: z.string(),
  origin: z.enum(['stored', 'base']),
  createdBy: z.string().optional(),
  createdAt: z.string().optional(),
});
/** Largest policy document accepted (characters). */
const MAX_POLICY = 1_000_000;
const UploadBody = z.union([
  z.string().min(1).max(MAX_POLICY).describe('The policy as YAML (or JSON) text.'),
  z.object({ source: z.string().min(1).max(MAX_POLICY) }).strict(),
]);
const PolicyErrorSchema = ErrorSchema.describe(
  'The policy has errors: `error.issues[]` gives file, line, column, path and message of each.',
);

/** The policy routes. */
export function policyRoutes(policies: TenantPolicies) {
  const summary = (r: z.infer<typeof VersionSchema>) => {
    const { source: _s, ...rest } = r;
    return rest;
  };
  return [
    route({
      method: 'GET',
      path: '/v1/policies/current',
      operationId: 'currentPolicy',
      summary: 'The policy deciding for the caller’s tenant, with its source.',
      tag: 'policies',
      permission: 'policy:read',
      responses: { 200: { description: 'Current policy', schema: CurrentSchema } },
      async handler({ caller }) {
        return policies.current(caller.tenant);
      },
    }),
    route({
      method: 'PUT',
      path: '/v1/policies',
      operationId: 'uploadPolicy',
      summary:
        'Upload a new policy version (YAML body, or JSON `{ "source": … }`); validated, applied atomically, recorded in the audit log.',
      tag: 'policies',
      permission: 'policy:write',
      body: UploadBody,
      bodyMediaType: 'application/yaml',
      responses: {
        201: {
          description: 'Stored and in force',
          schema: z.object({ version: VersionSummarySchema }),
        },
        400: { description: 'Empty or oversized body', schema: ErrorSchema },
        422: { description: 'Invalid policy, with located issues', schema: PolicyErrorSchema },
      },
      async handler({ caller, body, reply }) {
        const source = typeof body === 'string' ? body : body.source;
        const record = await policies.upload(caller.tenant, source, caller.principal.id);
        reply.status(201);
        return { version: summary(record) };
      },
    }),
    route({
      method: 'GET',
      path: '/v1/policies/versions',
      operationId: 'listPolicyVersions',
      summary: 'Stored versions of the tenant’s policy, newest first.',
      tag: 'policies',
      permission: 'policy:read',
      query: z.object({
        limit: z.coerce.number().int().min(1).max(500).optional(),
        before: z.coerce
          .number()
          .int()
          .min(1)
          .optional()
          .describe('Only versions with seq below this.'),
      }),
      responses: {
        200: {
          description: 'Versions',
          schema: z.object({ versions: z.array(VersionSummarySchema) }),
        },
      },
      async handler({ caller, query }) {
        const opts = {
          ...(query.limit !== undefined ? { limit: query.limit } : {}),
          ...(query.before !== undefined ? { before: query.before } : {}),
        };
        return { versions: await policies.versions(caller.tenant, opts) };
      },
    }),
    route({
      method: 'GET',
      path: '/v1/policies/versions/:seq',
      operationId: 'getPolicyVersion',
      summary: 'One stored version, with its source.',
      tag: 'policies',
      permission: 'policy:read',
      params: z.object({ seq: z.coerce.number().int().min(1) }),
      responses: {
        200: { description: 'The version', schema: VersionSchema },
        404: { description: 'No such version in the tenant', schema: ErrorSchema },
      },
      async handler({ caller, params }) {
        return policies.version(caller.tenant, params.seq);
      },
    }),
    route({
      method: 'POST',
      path: '/v1/policies/rollback',
      operationId: 'rollbackPolicy',
      summary:
        'Roll back to an earlier version (default: the one before the current), stored as a new version.',
      tag: 'policies',
      permission: 'policy:write',
      body: z
        .object({ version: z.number().int().min(1).optional().describe('seq to restore.') })
        .strict()
        .default({}),
      responses: {
        201: { description: 'Rolled back', schema: z.object({ version: VersionSummarySchema }) },
        400: { description: 'Nothing to roll back to', schema: ErrorSchema },
        404: { description: 'No such version', schema: ErrorSchema },
      },
      async handler({ caller, body, reply }) {
        const record = await policies.rollback(caller.tenant, body.version, caller.principal.id);
        reply.status(201);
        return { version: summary(record) };
      },
    }),
  ];
}

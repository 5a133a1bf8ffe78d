/** /v1/keys: admins create, list and revoke the API keys of their own tenant. */
import { z } from 'zod';
import type { EventReceipt } from '../../core/receipt.js';
import type { AuditSink } from '../../guard.js';
import { type ApiKeyStore, KEY_ROLES } from '../../store/keys.js';
import type { Authenticator } from '../auth.js';
import { HttpError } from '../errors.js';
import { route } from '../route.js';
import { ErrorSchema } from '../schemas.js';

/** A key as listed (never its secret). */
export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(KEY_ROLES),
    tenant: z.string(),
    principal: z.string(),
    roles: z.array(z.string()),
    createdAt: z.string(),
    revokedAt: z.string().optional(),
  })
  .meta({ description: 'An API key record; the secret is never returned after creation.' });

const NewKeySchema = z
  .object({
    role: z.enum(KEY_ROLES),
    name: z.string().min(1).max(200).optional(),
    principal: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Principal the key acts as (default: the name, else `key:<id>`).'),
    roles: z
      .array(z.string().min(1).max(100))
      .max(20)
      .optional()
      .describe('Extra principal roles, e.g. approver groups named by policies.'),
  })
  .strict();

/** The key routes; every change is an audit receipt (ids and roles, never secrets). */
export function keyRoutes(
  keys: ApiKeyStore,
  auth: Authenticator,
  audit: AuditSink,
  now: () => number = Date.now,
) {
  const record = async (
    tenant: string,
    actor: string,
    event: string,
    data: Record<string, unknown>,
  ) => {
    const receipt: EventReceipt = {
      kind: 'key',
      time: new Date(now()).toISOString(),
      tenant,
      actor,
      event,
      data,
    };
    audit.append(receipt);
    await audit.flush();
  };
  return [
    route({
      method: 'POST',
      path: '/v1/keys',
      operationId: 'createKey',
      summary: 'Create an API key in the caller’s tenant; the secret is in this response only.',
      tag: 'keys',
      permission: 'keys:manage',
      body: NewKeySchema,
      responses: {
        201: {
          description: 'Created',
          schema: z.object({ key: z.string(), record: ApiKeySchema }),
        },
        400: { description: 'Invalid body', schema: ErrorSchema },
      },
      async handler({ caller, body, reply }) {
        const created = await keys.create({
          role: body.role,
          tenant: caller.tenant,
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.principal !== undefined ? { principal: body.principal } : {}),
          ...(body.roles !== undefined ? { roles: body.roles } : {}),
        });
        const r = created.record;
        await record(caller.tenant, caller.principal.id, 'key.created', {
          id: r.id,
          role: r.role,
          name: r.name,
          principal: r.principal,
          roles: r.roles,
        });
        reply.status(201);
        return created;
      },
    }),
    route({
      method: 'GET',
      path: '/v1/keys',
      operationId: 'listKeys',
      summary: 'List the API keys of the caller’s tenant.',
      tag: 'keys',
      permission: 'keys:manage',
      responses: {
        200: { description: 'Keys', schema: z.object({ keys: z.array(ApiKeySchema) }) },
      },
      async handler({ caller }) {
        return { keys: await keys.list(caller.tenant) };
      },
    }),
    route({
      method: 'DELETE',
      path: '/v1/keys/:id',
      operationId: 'revokeKey',
      summary: 'Revoke an API key of the caller’s tenant.',
      tag: 'keys',
      permission: 'keys:manage',
      params: z.object({ id: z.string().min(1).max(64) }),
      responses: {
        200: { description: 'Revoked', schema: z.object({ revoked: z.literal(true) }) },
        404: { description: 'No live key with this id in the tenant', schema: ErrorSchema },
      },
      async handler({ caller, params }) {
        if (!(await keys.revoke(params.id, caller.tenant))) {
          throw new HttpError(404, 'not_found', 'no live key with this id');
        }
        auth.invalidate(params.id);
        await record(caller.tenant, caller.principal.id, 'key.revoked', { id: params.id });
        return { revoked: true as const };
      },
    }),
  ];
}

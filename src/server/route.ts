/**
 * Routes as data: method, path, permission and zod schemas for params, query, body and responses.
 * The same table registers the HTTP handlers (validation at the edge) and generates /openapi.json.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Caller, Permission } from './auth.js';
import { errorBody, HttpError, toHttpError } from './errors.js';

/** A documented response of a route. */
export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Media type when not JSON (e.g. `text/plain` for /metrics, `text/event-stream` for SSE). */
  readonly mediaType?: string;
}

/** What a handler receives: the authenticated caller and the parsed, typed inputs. */
export interface RouteContext<P, Q, B> {
  readonly caller: Caller;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/** One route. `permission: null` makes it public (health, metrics, OpenAPI). */
export interface RouteSpec<
  PS extends z.ZodType | undefined = z.ZodType | undefined,
  QS extends z.ZodType | undefined = z.ZodType | undefined,
  BS extends z.ZodType | undefined = z.ZodType | undefined,
> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify path syntax (`/v1/approvals/:id`). */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly permission: Permission | null;
  readonly params?: PS;
  readonly query?: QS;
  readonly body?: BS;
  /** Body media type when not JSON (e.g. `application/yaml` for policy uploads). */
  readonly bodyMediaType?: string;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Body for an error of this route instead of the plain error body (e.g. a deny decision). */
  readonly errorBody?: (err: HttpError) => unknown;
  /**
   * Returns the JSON body to send with status 200 (or sets status on `reply` first), or
   * `undefined` after writing the reply itself (streams).
   */
  readonly handler: (ctx: RouteContext<Infer<PS>, Infer<QS>, Infer<BS>>) => Promise<unknown>;
}

/** Identity helper that keeps a route's schema types attached to its handler. */
export function route<
  PS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<PS, QS, BS>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** `a.b[2].c` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Parses one input part or throws a 400 naming every bad field. */
function parsePart(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => {
    const path = formatPath(i.path);
    return { path: path === '' ? where : `${where}.${path}`, message: i.message };
  });
  throw new HttpError(400, 'invalid_request', `invalid ${where}: ${issues[0]?.path}`, { issues });
}

/** Resolves the caller of a request (or throws 401/403); provided by the auth layer. */
export type Authorise = (request: FastifyRequest, permission: Permission) => Promise<Caller>;

/** Anonymous caller for public routes. */
export const ANONYMOUS: Caller = {
  key: undefined,
  principal: { id: 'anonymous', tenant: '' },
  tenant: '',
};

/** Registers every route on the fastify instance. */
export function registerRoutes(
  app: FastifyInstance,
  routes: readonly RouteSpec[],
  authorise: Authorise,
): void {
  for (const spec of routes) {
    app.route({
      method: spec.method,
      url: spec.path,
      handler: async (request, reply) => {
        try {
          const caller =
            spec.permission === null ? ANONYMOUS : await authorise(request, spec.permission);
          const params = parsePart(spec.params, request.params, 'params');
          const query = parsePart(spec.query, request.query, 'query');
          const body = parsePart(spec.body, request.body, 'body');
          const out = await spec.handler({ caller, params, query, body, request, reply });
          if (out === undefined) return reply;
          return out;
        } catch (err) {
          if (!spec.errorBody || reply.sent) throw err;
          const http = toHttpError(err);
          if (http.status >= 500 && http.code === 'internal') throw err;
          reply.status(http.status);
          return { ...errorBody(http), ...(spec.errorBody(http) as object) };
        }
      },
    });
  }
}

/** Input schema as JSON Schema 2020-12 (OpenAPI 3.1 dialect), without the `$schema` marker. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

/** OpenAPI parameters of a params/query object schema. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input');
  const props = (js.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((js.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      schema: rest,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}

/** The OpenAPI 3.1 document of a route table. */
export function openApiDocument(
  routes: readonly RouteSpec[],
  info: { title: string; version: string; description: string },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [status, res] of Object.entries(r.responses)) {
      responses[status] = {
        description: res.description,
        ...(res.schema
          ? {
              content: {
                [res.mediaType ?? 'application/json']: { schema: jsonSchema(res.schema, 'output') },
              },
            }
          : res.mediaType
            ? { content: { [res.mediaType]: {} } }
            : {}),
      };
    }
    const op: Record<string, unknown> = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses,
      ...(r.permission === null ? { security: [] } : { 'x-bulwark-permission': r.permission }),
    };
    if (r.body) {
      op.requestBody = {
        required: true,
        content: {
          [r.bodyMediaType ?? 'application/json']: { schema: jsonSchema(r.body, 'input') },
        },
      };
    }
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key `bwk_…` (Authorization: Bearer bwk_…).',
        },
      },
    },
    security: [{ apiKey: [] }],
    paths,
  };
}

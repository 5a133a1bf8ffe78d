/** The HTTP application: fastify with the route table, auth, error mapping, logs and metrics. */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { errorBody, toHttpError } from './errors.js';
import type { Logger } from './logger.js';
import type { ServerMetrics } from './metrics.js';
import { packageVersion } from './package-info.js';
import { type Authorise, openApiDocument, type RouteSpec, registerRoutes } from './route.js';

/** What the application is built from. */
export interface AppOptions {
  readonly routes: readonly RouteSpec[];
  readonly authorise: Authorise;
  readonly logger: Logger;
  readonly metrics: ServerMetrics;
  /** Largest accepted request body (bytes); default 1 MiB. */
  readonly bodyLimit?: number;
  /** True once shutdown has begun. */
  readonly closing?: () => boolean;
}

/** OpenAPI `info` of the Bulwark API. */
export const API_INFO = {
  title: 'Bulwark API',
  version: packageVersion(),
  description:
    'Runtime safety layer for AI agents: checks, scans, policies, approvals, audit log and monitor.',
};

/** Builds (does not start) the fastify application. */
export function buildApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    // pino's Logger is fastify's logger; only the generic parameters differ.
    loggerInstance: options.logger as unknown as FastifyBaseLogger,
    // One line per request from our onResponse hook instead of fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true },
  });

  // Policies are uploaded as YAML text.
  for (const type of ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/plain']) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => {
      done(null, body);
    });
  }

  app.setErrorHandler((err, request, reply) => {
    const http = toHttpError(err);
    if (http.status >= 500) {
      request.log.error(
        { err: { type: (err as Error).name, message: (err as Error).message } },
        'request failed',
      );
    }
    reply.status(http.status).send(errorBody(http));
  });
  app.setNotFoundHandler((_request, reply) => {
    reply.status(404).send({ error: { code: 'not_found', message: 'no such route' } });
  });

  // While closing, each response ends its keep-alive connection so draining finishes promptly.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (options.closing?.()) reply.header('connection', 'close');
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    options.metrics.observeHttp(route, request.method, reply.statusCode, seconds);
    const caller = (request as { bulwarkKeyId?: string }).bulwarkKeyId;
    request.log.info(
      {
        method: request.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
        ...(caller ? { keyId: caller } : {}),
      },
      'request',
    );
    done();
  });

  registerRoutes(app, options.routes, async (request, permission) => {
    const caller = await options.authorise(request, permission);
    if (caller.key) (request as { bulwarkKeyId?: string }).bulwarkKeyId = caller.key.id;
    return caller;
  });

  const document = openApiDocument(options.routes, API_INFO);
  app.get('/openapi.json', async () => document);
  return app;
}

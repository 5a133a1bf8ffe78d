/** /healthz, /readyz and /metrics. */
import { z } from 'zod';
import type { ServerMetrics } from '../metrics.js';
import { route } from '../route.js';

/** One readiness probe: a store, the policy, a pipeline stage. */
export interface ReadinessProbe {
  readonly name: string;
  check(): Promise<ProbeResult> | ProbeResult;
}

/** Result of a probe. `detail` is a short, secret-free explanation. */
export interface ProbeResult {
  readonly ok: boolean;
  readonly detail?: string;
}

const ProbeSchema = z.object({ ok: z.boolean(), detail: z.string().optional() });
const ReadySchema = z.object({
  status: z.enum(['ready', 'unready']),
  checks: z.record(z.string(), ProbeSchema),
});

/** Runs every probe (each bounded by `timeoutMs`); a probe that throws or times out is red. */
export async function readiness(
  probes: readonly ReadinessProbe[],
  timeoutMs = 2_000,
): Promise<z.infer<typeof ReadySchema>> {
  const results = await Promise.all(
    probes.map(async (p): Promise<[string, ProbeResult]> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<ProbeResult>((resolve) => {
          timer = setTimeout(() => resolve({ ok: false, detail: 'timed out' }), timeoutMs);
        });
        return [p.name, await Promise.race([Promise.resolve(p.check()), timeout])];
      } catch (err) {
        return [p.name, { ok: false, detail: (err as Error).message ?? 'failed' }];
      } finally {
        if (timer) clearTimeout(timer);
      }
    }),
  );
  const checks = Object.fromEntries(results);
  return { status: results.every(([, r]) => r.ok) ? 'ready' : 'unready', checks };
}

/** The health and metrics routes. */
export function healthRoutes(probes: readonly ReadinessProbe[], metrics: ServerMetrics) {
  return [
    route({
      method: 'GET',
      path: '/healthz',
      operationId: 'health',
      summary: 'Liveness: the process answers.',
      tag: 'health',
      permission: null,
      responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } },
      async handler() {
        return { status: 'ok' as const };
      },
    }),
    route({
      method: 'GET',
      path: '/readyz',
      operationId: 'ready',
      summary: 'Readiness: stores reachable, policy loaded, every stage healthy (503 when not).',
      tag: 'health',
      permission: null,
      responses: {
        200: { description: 'Ready', schema: ReadySchema },
        503: { description: 'Not ready: see which check is red', schema: ReadySchema },
      },
      async handler({ reply }) {
        const report = await readiness(probes);
        reply.status(report.status === 'ready' ? 200 : 503);
        return report;
      },
    }),
    route({
      method: 'GET',
      path: '/metrics',
      operationId: 'metrics',
      summary: 'Prometheus metrics.',
      tag: 'health',
      permission: null,
      responses: { 200: { description: 'Prometheus text format', mediaType: 'text/plain' } },
      async handler({ reply }) {
        const text = await metrics.registry.metrics();
        reply.header('content-type', metrics.registry.contentType).send(text);
        return undefined;
      },
    }),
  ];
}

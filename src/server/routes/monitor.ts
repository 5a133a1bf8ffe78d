/** /v1/monitor: current alerts, per-principal metrics and baselines, operator acknowledgement. */
import { z } from 'zod';
import type { BehaviourMonitor } from '../../monitor/monitor.js';
import type { MonitorStore } from '../../store/monitor.js';
import { route } from '../route.js';
import { ErrorSchema } from '../schemas.js';

const AlertSchema = z.looseObject({
  id: z.string(),
  tenant: z.string(),
  principal: z.string(),
  session: z.string().optional(),
  metric: z.string(),
  detector: z.enum(['cusum', 'ewma']),
  value: z.number(),
  baseline: z.number(),
  statistic: z.number(),
  threshold: z.number(),
  at: z.number(),
  severity: z.enum(['low', 'medium', 'high']),
});
const AlertEventSchema = z.object({
  type: z.enum(['raised', 'cleared']),
  alert: AlertSchema,
  at: z.number(),
});
const PrincipalParams = z.object({ id: z.string().min(1).max(256) });

/**
 * The monitor routes; every read is scoped to the caller's tenant. Alert history comes from the
 * store when there is one (it survives restarts and covers every server), else from memory.
 */
export function monitorRoutes(
  monitor: BehaviourMonitor,
  store: MonitorStore | undefined,
  now: () => number = Date.now,
) {
  return [
    route({
      method: 'GET',
      path: '/v1/monitor/alerts',
      operationId: 'monitorAlerts',
      summary: 'Active alerts of the tenant (optionally one principal) and recent alert events.',
      tag: 'monitor',
      permission: 'monitor:read',
      query: z.object({
        principal: z.string().min(1).max(256).optional(),
        since: z.coerce.number().int().min(0).optional().describe('Events at or after (ms epoch).'),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      responses: {
        200: {
          description: 'Alerts',
          schema: z.object({ active: z.array(AlertSchema), recent: z.array(AlertEventSchema) }),
        },
      },
      async handler({ caller, query }) {
        const recent = store
          ? await store.listAlerts(caller.tenant, {
              limit: query.limit,
              ...(query.principal !== undefined ? { principal: query.principal } : {}),
              ...(query.since !== undefined ? { since: query.since } : {}),
            })
          : monitor
              .recentAlerts(caller.tenant, query.limit)
              .filter(
                (e) =>
                  (query.principal === undefined || e.alert.principal === query.principal) &&
                  (query.since === undefined || e.at >= query.since),
              );
        return { active: monitor.activeAlerts(caller.tenant, query.principal), recent };
      },
    }),
    route({
      method: 'GET',
      path: '/v1/monitor/principals',
      operationId: 'monitorPrincipals',
      summary: 'Principals of the tenant the monitor has live state for.',
      tag: 'monitor',
      permission: 'monitor:read',
      responses: {
        200: {
          description: 'Principal ids',
          schema: z.object({ principals: z.array(z.string()) }),
        },
      },
      async handler({ caller }) {
        return { principals: monitor.principalIds(caller.tenant) };
      },
    }),
    route({
      method: 'GET',
      path: '/v1/monitor/principals/:id',
      operationId: 'monitorPrincipal',
      summary: 'A principal’s current metrics, alerts and learned baseline.',
      tag: 'monitor',
      permission: 'monitor:read',
      params: PrincipalParams,
      responses: {
        200: {
          description: 'Metrics, alerts and baseline',
          schema: z.object({
            principal: z.string(),
            metrics: z.record(z.string(), z.number()),
            alerts: z.array(AlertSchema),
            baseline: z.record(z.string(), z.unknown()).optional(),
          }),
        },
      },
      async handler({ caller, params }) {
        // A view of the principal (no session): the same reading a policy gets.
        const reading = monitor.view(
          { phase: 'action', action: '', principal: { id: params.id, tenant: caller.tenant } },
          now(),
        );
        const baseline = monitor.baseline(caller.tenant, params.id)?.baseline;
        return {
          principal: params.id,
          metrics: reading.metrics,
          alerts: monitor.activeAlerts(caller.tenant, params.id),
          ...(baseline ? { baseline: baseline as unknown as Record<string, unknown> } : {}),
        };
      },
    }),
    route({
      method: 'POST',
      path: '/v1/monitor/principals/:id/clear',
      operationId: 'clearAlerts',
      summary:
        'Acknowledge: clear a principal’s active alerts (lifting a quarantine policy keyed on them).',
      tag: 'monitor',
      permission: 'monitor:manage',
      params: PrincipalParams,
      body: z
        .object({ metric: z.string().min(1).max(100).optional() })
        .strict()
        .default({}),
      responses: {
        200: {
          description: 'How many alerts were cleared',
          schema: z.object({ cleared: z.number() }),
        },
        400: { description: 'Invalid body', schema: ErrorSchema },
      },
      async handler({ caller, params, body }) {
        const metric = body.metric as Parameters<BehaviourMonitor['clearAlerts']>[3];
        return { cleared: monitor.clearAlerts(caller.tenant, params.id, now(), metric) };
      },
    }),
    route({
      method: 'POST',
      path: '/v1/monitor/principals/:id/reset',
      operationId: 'resetBaseline',
      summary:
        'Forget a principal’s baseline and alerts: it learns "normal" again from its next events.',
      tag: 'monitor',
      permission: 'monitor:manage',
      params: PrincipalParams,
      responses: {
        200: {
          description: 'Whether there was anything to forget',
          schema: z.object({ reset: z.boolean() }),
        },
      },
      async handler({ caller, params }) {
        const had = monitor.resetBaseline(caller.tenant, params.id);
        const stored = store ? await store.deleteBaseline(caller.tenant, params.id) : false;
        return { reset: had || stored };
      },
    }),
  ];
}

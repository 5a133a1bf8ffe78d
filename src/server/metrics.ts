/** Prometheus metrics of one server (its own registry, so several servers can share a process). */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Decision } from '../core/decision.js';

/** The metrics a server records. */
export interface ServerMetrics {
  readonly registry: Registry;
  /** Record one check's decision and its wall time (seconds, receipt durable). */
  observeDecision(decision: Decision, seconds: number): void;
  /** Record findings of a scan request. */
  observeFindings(findings: readonly { readonly category: string }[]): void;
  /** Record an approval transition into `state`. */
  observeApproval(state: string): void;
  /** Record one HTTP response. */
  observeHttp(route: string, method: string, status: number, seconds: number): void;
}

/** Creates the registry; `auditSize` is read when /metrics is scraped. */
export function createServerMetrics(opts: {
  auditSize?: () => number | Promise<number>;
  defaultMetrics?: boolean;
}): ServerMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false)
    collectDefaultMetrics({ register: registry, prefix: 'bulwark_' });
  const decisions = new Counter({
    name: 'bulwark_decisions_total',
    help: 'Check decisions by effect.',
    labelNames: ['effect'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'bulwark_check_duration_seconds',
    help: 'Time to answer POST /v1/check, receipt durable, by effect.',
    labelNames: ['effect'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const findings = new Counter({
    name: 'bulwark_scan_findings_total',
    help: 'Scan findings by category (checks and scans).',
    labelNames: ['category'] as const,
    registers: [registry],
  });
  const approvals = new Counter({
    name: 'bulwark_approval_transitions_total',
    help: 'Approval requests entering each state.',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  const http = new Histogram({
    name: 'bulwark_http_request_duration_seconds',
    help: 'HTTP request time by route, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  const auditSize = opts.auditSize;
  if (auditSize) {
    new Gauge({
      name: 'bulwark_audit_log_size',
      help: 'Entries in the audit log.',
      registers: [registry],
      async collect() {
        this.set(await auditSize());
      },
    });
  }
  return {
    registry,
    observeDecision(decision, seconds) {
      decisions.inc({ effect: decision.decision });
      latency.observe({ effect: decision.decision }, seconds);
      for (const f of decision.findings) findings.inc({ category: f.category });
    },
    observeFindings(list) {
      for (const f of list) findings.inc({ category: f.category });
    },
    observeApproval(state) {
      approvals.inc({ state });
    },
    observeHttp(route, method, status, seconds) {
      http.observe({ route, method, status: String(status) }, seconds);
    },
  };
}

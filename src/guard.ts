/**
 * The guard: the one pipeline every door calls.
 * normalise → scan → monitor view → policy.evaluate → decision → monitor.record → audit.append.
 * `check` is synchronous and never throws: a failing stage applies its fail mode and is noted.
 */

import { performance } from 'node:perf_hooks';
import { digest, sha256Hex } from './core/canonical.js';
import type { Check } from './core/check.js';
import type { Clock } from './core/clock.js';
import { systemClock } from './core/clock.js';
import type { Decision, Effect, FailureNote, ReceiptRef } from './core/decision.js';
import type { FailMode } from './core/errors.js';
import { errorMessage, type PolicyError } from './core/errors.js';
import type { Finding, Redaction } from './core/finding.js';
import type { DecisionReceipt, ReceiptBody } from './core/receipt.js';
import { EMPTY_SESSION, SessionTracker } from './monitor/session.js';
import { type CompiledPolicy, compilePolicy, loadPolicyFile } from './policy/compile.js';
import { type CounterStore, MemoryCounterStore } from './policy/counters.js';
import { evaluatePolicy, type PolicyOutcome } from './policy/evaluate.js';
import { type PolicyWatch, watchPolicyFile } from './policy/watch.js';
import { createScanner } from './scan/scanner.js';

/** What a scanner returns for a check. */
export interface ScanOutcome {
  readonly findings: readonly Finding[];
}

/** Scans a check's content and string params (phase-aware). Synchronous, no I/O. */
export interface CheckScanner {
  scanCheck(check: Check): ScanOutcome;
}

/** Behaviour state a policy can read: alerts and metrics of the principal/session. */
export interface MonitorView {
  readonly alerts: readonly string[];
  readonly metrics: Readonly<Record<string, number>>;
}

/** Watches behaviour over time. `view` before evaluation, `record` after the decision. */
export interface CheckMonitor {
  view(check: Check, now: number): MonitorView;
  record(check: Check, decision: Decision, now: number): void;
}

/** Appends receipts to the audit log; returns the position synchronously, persists asynchronously. */
export interface AuditSink {
  append(receipt: ReceiptBody): ReceiptRef;
  /** Resolves once every receipt appended so far is durable. */
  flush(): Promise<void>;
}

/** Stages whose failure has a configurable mode; policy evaluation failures always fail closed unless the policy says otherwise. */
export interface FailModes {
  readonly scan: FailMode;
  readonly monitor: FailMode;
  readonly audit: FailMode;
}

export const DEFAULT_FAIL_MODES: FailModes = { scan: 'closed', monitor: 'closed', audit: 'closed' };

export type { Check, Clock, Decision, FailureNote };
export { digest, errorMessage, systemClock };

/** Where the guard's policy comes from: a file path, policy text, or an already compiled policy. */
export type PolicySource =
  | string
  | { readonly text: string; readonly file?: string }
  | CompiledPolicy;

/** Options of createGuard. Only `policy` is required; absent monitor and audit stages are skipped. */
export interface GuardOptions {
  readonly policy: PolicySource;
  /** Reload the policy file when it changes (needs `policy` to be a path). */
  readonly watch?: boolean;
  /** Content scanner (default: the built-in scanner); `false` turns scanning off. */
  readonly scanner?: CheckScanner | false;
  readonly monitor?: CheckMonitor;
  readonly audit?: AuditSink;
  /** Rate-limit and budget counters (default: in memory). */
  readonly counters?: CounterStore;
  /** Session state fed to the policy (default: in memory); `false` turns tracking off. */
  readonly sessions?: SessionTracker | false;
  readonly clock?: Clock;
  readonly failModes?: Partial<FailModes>;
  /** A reloaded policy did not compile; the last good one stays in force. Default: a process warning. */
  onPolicyError?(err: PolicyError): void;
  /** A new policy is in force (reload or setPolicy). */
  onPolicyChange?(policy: CompiledPolicy): void;
}

/** Health of one optional stage. */
export interface StageHealth {
  readonly configured: boolean;
  readonly failMode: FailMode;
  /** Failures seen since start. */
  readonly failures: number;
  /** The stage's last call failed. */
  readonly failing: boolean;
  readonly lastError?: string;
}

/** What `guard.health()` reports. */
export interface GuardHealth {
  /** False when the last policy reload failed or a stage's last call failed. */
  readonly ok: boolean;
  readonly policy: {
    readonly ok: boolean;
    readonly name: string;
    readonly version: string;
    readonly hash: string;
    readonly file?: string;
    /** ISO time the policy in force was loaded. */
    readonly loadedAt: string;
    /** Error of the last failed reload, cleared by the next good one. */
    readonly lastError?: string;
  };
  readonly stages: Readonly<Record<'scan' | 'monitor' | 'audit', StageHealth>>;
}

/** The guard every door calls. */
export interface Guard {
  /** Decide one check. Synchronous; never throws. */
  check(check: Check): Decision;
  /** The policy in force. */
  readonly policy: CompiledPolicy;
  /** Swap the policy atomically: each check sees either the old or the new one, whole. */
  setPolicy(policy: CompiledPolicy): void;
  health(): GuardHealth;
  /** Resolves once every receipt appended so far is durable. */
  flush(): Promise<void>;
  /** Stop watching and flush. */
  close(): Promise<void>;
}

type StageName = 'scan' | 'monitor' | 'audit';

interface MutableStage {
  failures: number;
  failing: boolean;
  lastError?: string;
}

function isCompiledPolicy(p: PolicySource): p is CompiledPolicy {
  return typeof p === 'object' && 'index' in p && 'rules' in p && 'hash' in p;
}

function loadSource(source: PolicySource): CompiledPolicy {
  if (typeof source === 'string') return loadPolicyFile(source);
  if (isCompiledPolicy(source)) return source;
  return compilePolicy(source.text, source.file);
}

/** Build a guard. Throws PolicyError when the initial policy does not compile. */
export function createGuard(options: GuardOptions): Guard {
  const clock = options.clock ?? systemClock;
  const counters = options.counters ?? new MemoryCounterStore();
  const sessions = options.sessions === false ? null : (options.sessions ?? new SessionTracker());
  const failModes: FailModes = { ...DEFAULT_FAIL_MODES, ...options.failModes };
  const scanner = options.scanner === false ? undefined : (options.scanner ?? createScanner());
  const { monitor, audit } = options;
  // INVARIANT: `current` is replaced whole; a check reads it once, so it never mixes versions.
  let current = loadSource(options.policy);
  let loadedAt = clock.now();
  let lastPolicyError: string | undefined;
  const stages: Record<StageName, MutableStage> = {
    scan: { failures: 0, failing: false },
    monitor: { failures: 0, failing: false },
    audit: { failures: 0, failing: false },
  };

  const install = (policy: CompiledPolicy): void => {
    current = policy;
    loadedAt = clock.now();
    lastPolicyError = undefined;
    options.onPolicyChange?.(policy);
  };

  let watcher: PolicyWatch | undefined;
  if (options.watch) {
    if (typeof options.policy !== 'string') {
      throw new TypeError('createGuard: `watch` needs `policy` to be a file path');
    }
    watcher = watchPolicyFile(options.policy, {
      currentHash: current.hash,
      onChange: install,
      onError: (err) => {
        lastPolicyError = err.message;
        if (options.onPolicyError) options.onPolicyError(err);
        // Without a handler the failure is still logged (policy text is not secret; no check data).
        else
          process.emitWarning(
            `policy reload failed, keeping ${current.name}@${current.version}:\n${err.message}`,
            'PolicyReloadWarning',
          );
      },
    });
  }

  const noteFailure = (stage: StageName, err: unknown, failures: FailureNote[]): FailMode => {
    const error = `${stage} failed: ${errorMessage(err)}`;
    stages[stage].failures++;
    stages[stage].failing = true;
    stages[stage].lastError = error;
    const failMode = failModes[stage];
    failures.push({ stage, error, failMode });
    return failMode;
  };

  const check = (input: Check): Decision => {
    const t0 = performance.now();
    const policy = current;
    const now = clock.now();
    const failures: FailureNote[] = [];
    let closedReason: string | undefined;

    let checkDigest: string;
    try {
      checkDigest = digest(input);
    } catch (err) {
      // Not representable as JSON (cycles, non-finite numbers): cannot be recorded faithfully.
      checkDigest = sha256Hex(`undigestable:${errorMessage(err)}`);
      const error = `check is not valid JSON data: ${errorMessage(err)}`;
      failures.push({ stage: 'input', error, failMode: 'closed' });
      closedReason = error;
    }

    let findings: readonly Finding[] = [];
    if (scanner && closedReason === undefined) {
      try {
        findings = scanner.scanCheck(input).findings;
        stages.scan.failing = false;
      } catch (err) {
        if (noteFailure('scan', err, failures) === 'closed') closedReason = failures.at(-1)!.error;
      }
    }

    let monitorView: MonitorView | undefined;
    if (monitor && closedReason === undefined) {
      try {
        monitorView = monitor.view(input, now);
        stages.monitor.failing = false;
      } catch (err) {
        if (noteFailure('monitor', err, failures) === 'closed')
          closedReason = failures.at(-1)!.error;
      }
    }

    let outcome: PolicyOutcome;
    if (closedReason === undefined) {
      let session = EMPTY_SESSION;
      try {
        if (sessions) session = sessions.view(input, now);
      } catch {
        // Session state is advisory context; a malformed check is handled by the evaluator.
      }
      outcome = evaluatePolicy(
        policy,
        {
          check: input,
          now,
          findings,
          session,
          ...(monitorView ? { monitor: monitorView } : {}),
        },
        counters,
      );
      failures.push(...outcome.failures);
    } else {
      outcome = {
        effect: 'deny',
        reasons: [`${closedReason} (fail closed)`],
        rules: [],
        shadow: [],
        redact: [],
        failures: [],
        policy: policy.ref,
      };
    }

    let effect: Effect = outcome.effect;
    const reasons = [...outcome.reasons];
    const decision: {
      -readonly [K in keyof Decision]: Decision[K];
    } = {
      decision: effect,
      reasons,
      rules: outcome.rules,
      shadow: outcome.shadow,
      findings,
      redactions: effect === 'deny' ? [] : redactionsFor(findings, outcome.redact),
      policy: policy.ref,
      checkDigest,
      evaluatedInUs: 0,
    };
    if (effect === 'escalate' && outcome.approval) decision.approval = outcome.approval;

    const failClosed = (stage: StageName, err: unknown): void => {
      if (noteFailure(stage, err, failures) === 'closed' && effect !== 'deny') {
        effect = 'deny';
        decision.decision = 'deny';
        reasons.unshift(`${failures.at(-1)!.error} (fail closed)`);
        decision.redactions = [];
        delete decision.approval;
      }
    };

    if (monitor) {
      try {
        monitor.record(input, decision, now);
      } catch (err) {
        failClosed('monitor', err);
      }
    }
    try {
      sessions?.record(input, effect, now);
    } catch {
      // A check the tracker cannot read (hostile shape) leaves session state unchanged.
    }
    if (failures.length > 0) decision.failures = failures;
    if (audit) {
      try {
        decision.receipt = audit.append(receiptFor(input, decision, now));
        stages.audit.failing = false;
      } catch (err) {
        failClosed('audit', err);
        decision.failures = failures;
      }
    }
    decision.evaluatedInUs = Math.round((performance.now() - t0) * 1000 * 10) / 10;
    return decision;
  };

  return {
    check(input: Check): Decision {
      try {
        return check(input);
      } catch (err) {
        // Defensive: every stage is guarded; this only runs if an invariant breaks.
        const error = `guard failed: ${errorMessage(err)}`;
        return {
          decision: 'deny',
          reasons: [error],
          rules: [],
          shadow: [],
          findings: [],
          redactions: [],
          policy: current.ref,
          failures: [{ stage: 'guard', error, failMode: 'closed' }],
          checkDigest: sha256Hex(`undigestable:${error}`),
          evaluatedInUs: 0,
        };
      }
    },
    get policy(): CompiledPolicy {
      return current;
    },
    setPolicy(policy: CompiledPolicy): void {
      install(policy);
    },
    health(): GuardHealth {
      const stage = (name: StageName, configured: boolean): StageHealth => ({
        configured,
        failMode: failModes[name],
        failures: stages[name].failures,
        failing: stages[name].failing,
        ...(stages[name].lastError !== undefined ? { lastError: stages[name].lastError } : {}),
      });
      const s = {
        scan: stage('scan', scanner !== undefined),
        monitor: stage('monitor', monitor !== undefined),
        audit: stage('audit', audit !== undefined),
      };
      const policyOk = lastPolicyError === undefined;
      return {
        ok: policyOk && !s.scan.failing && !s.monitor.failing && !s.audit.failing,
        policy: {
          ok: policyOk,
          name: current.name,
          version: current.version,
          hash: current.hash,
          ...(current.file !== undefined ? { file: current.file } : {}),
          loadedAt: new Date(loadedAt).toISOString(),
          ...(lastPolicyError !== undefined ? { lastError: lastPolicyError } : {}),
        },
        stages: s,
      };
    },
    async flush(): Promise<void> {
      await audit?.flush();
    },
    async close(): Promise<void> {
      watcher?.close();
      watcher = undefined;
      await audit?.flush();
    },
  };
}

/** Redactions for the findings of the given categories that carry a location and span. */
export function redactionsFor(
  findings: readonly Finding[],
  categories: readonly string[],
): Redaction[] {
  if (categories.length === 0) return [];
  const out: Redaction[] = [];
  for (const f of findings) {
    if (!categories.includes(f.category) || !f.span || f.location === undefined) continue;
    const entity = f.entity ?? f.category.toUpperCase();
    out.push({ location: f.location, span: f.span, entity, replacement: `[${entity}]` });
  }
  return out;
}

/** The audit receipt of a decision: no content, no evidence, no params. */
export function receiptFor(check: Check, decision: Decision, now: number): DecisionReceipt {
  const principal: { id: string; tenant?: string } = { id: String(check.principal?.id ?? '') };
  if (typeof check.principal?.tenant === 'string') principal.tenant = check.principal.tenant;
  return {
    kind: 'decision',
    time: new Date(now).toISOString(),
    checkDigest: decision.checkDigest,
    phase: String(check.phase),
    action: String(check.action),
    ...(typeof check.resource === 'string' ? { resource: check.resource } : {}),
    decision: decision.decision,
    rules: decision.rules.map((r) => r.id),
    shadow: decision.shadow.map((r) => r.id),
    findings: decision.findings.map((f) => ({
      category: f.category,
      detector: f.detector,
      score: f.score,
    })),
    policy: decision.policy,
    principal,
    ...(typeof check.session === 'string' ? { session: check.session } : {}),
    ...(decision.failures && decision.failures.length > 0
      ? { failures: decision.failures.map((f) => `${f.stage}: ${f.error}`) }
      : {}),
  };
}

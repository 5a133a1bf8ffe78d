/**
 * Per-tenant policies: each tenant's current stored version drives its own guard; tenants with
 * no stored version use the base policy (`--policy FILE` or `policies/default.yaml`).
 * Uploads and rollbacks are validated, stored, applied atomically and recorded as audit receipts.
 * Several servers sharing a store converge by polling the store's version heads.
 */
import type { Check } from '../core/check.js';
import type { Decision } from '../core/decision.js';
import { errorMessage, InputError } from '../core/errors.js';
import type { EventReceipt } from '../core/receipt.js';
import type { AuditSink } from '../guard.js';
import { type CompiledPolicy, compilePolicy } from '../policy/compile.js';
import type { PolicyStore, PolicyVersionRecord, PolicyVersionSummary } from '../store/policies.js';
import { HttpError } from './errors.js';

/** What this module needs of a guard. */
export interface TenantGuard {
  check(check: Check): Decision;
  setPolicy(policy: CompiledPolicy): void;
}

/** The policy in force for a tenant. */
export interface CurrentPolicy {
  /** Stored version, or 0 for the base policy. */
  readonly seq: number;
  readonly name: string;
  readonly version: string;
  readonly hash: string;
  readonly source: string;
  /** `stored` once the tenant has uploaded a policy, `base` before. */
  readonly origin: 'stored' | 'base';
  readonly createdBy?: string;
  readonly createdAt?: string;
}

/** Options of the registry. */
export interface TenantPoliciesOptions {
  readonly store: PolicyStore;
  readonly base: { readonly policy: CompiledPolicy; readonly source: string };
  /** Builds a guard for a policy; all guards share the scanner, monitor, counters and audit log. */
  readonly makeGuard: (policy: CompiledPolicy) => TenantGuard;
  /** Where policy-change receipts go. */
  readonly audit: AuditSink;
  readonly now?: () => number;
}

/** Per-tenant guards and their policy versions. */
export interface TenantPolicies {
  /** The guard deciding for a tenant (synchronous: the hot path never waits on the store). */
  guardFor(tenant: string): TenantGuard;
  current(tenant: string): CurrentPolicy;
  versions(
    tenant: string,
    opts?: { limit?: number; before?: number },
  ): Promise<PolicyVersionSummary[]>;
  version(tenant: string, seq: number): Promise<PolicyVersionRecord>;
  /** Validate, store and apply a new version; throws PolicyError (422) with located issues. */
  upload(tenant: string, source: string, actor: string): Promise<PolicyVersionRecord>;
  /** Re-apply version `to` (default: the one before the current) as a new version. */
  rollback(tenant: string, to: number | undefined, actor: string): Promise<PolicyVersionRecord>;
  /** Load stored policies that changed elsewhere (other servers); throws when the store is down. */
  sync(): Promise<void>;
  /** Last sync error, if the most recent sync failed. */
  readonly lastSyncError: string | undefined;
  /** Tenants whose latest stored version could not be compiled, with why. */
  readonly broken: ReadonlyMap<string, string>;
}

interface Loaded {
  readonly seq: number;
  readonly record: PolicyVersionRecord;
  readonly guard: TenantGuard;
}

/** File name used in located errors of uploaded policies. */
export const UPLOAD_FILE = 'policy.yaml';

/** Loads every tenant's current policy and returns the registry. */
export async function openTenantPolicies(options: TenantPoliciesOptions): Promise<TenantPolicies> {
  const { store, base, makeGuard, audit } = options;
  const now = options.now ?? Date.now;
  const baseGuard = makeGuard(base.policy);
  const tenants = new Map<string, Loaded>();
  let lastSyncError: string | undefined;

  const broken = new Map<string, string>();

  /** Swap a tenant to a stored version (compiled here unless the caller just did). */
  const apply = (record: PolicyVersionRecord, compiled?: CompiledPolicy): void => {
    const existing = tenants.get(record.tenant);
    if (existing && existing.seq >= record.seq) return;
    const policy = compiled ?? compilePolicy(record.source, UPLOAD_FILE);
    broken.delete(record.tenant);
    if (existing) {
      existing.guard.setPolicy(policy);
      tenants.set(record.tenant, { seq: record.seq, record, guard: existing.guard });
    } else {
      tenants.set(record.tenant, { seq: record.seq, record, guard: makeGuard(policy) });
    }
  };

  const sync = async (): Promise<void> => {
    try {
      const heads = await store.heads();
      for (const [tenant, seq] of heads) {
        if ((tenants.get(tenant)?.seq ?? 0) >= seq) continue;
        const record = await store.current(tenant);
        if (!record) continue;
        try {
          apply(record);
        } catch (err) {
          // A stored version that no longer compiles: the tenant keeps what it had, readyz says so.
          broken.set(tenant, `version ${record.seq} does not compile: ${errorMessage(err)}`);
        }
      }
      lastSyncError = undefined;
    } catch (err) {
      lastSyncError = errorMessage(err);
      throw err;
    }
  };

  const receipt = (tenant: string, actor: string, event: string, r: PolicyVersionRecord) => {
    const body: EventReceipt = {
      kind: 'policy',
      time: new Date(now()).toISOString(),
      tenant,
      actor,
      event,
      data: {
        seq: r.seq,
        name: r.name,
        version: r.version,
        hash: r.hash,
        ...(r.rollbackOf !== undefined ? { rollbackOf: r.rollbackOf } : {}),
      },
    };
    audit.append(body);
  };

  const store_ = async (
    tenant: string,
    policy: CompiledPolicy,
    source: string,
    actor: string,
    rollbackOf?: number,
  ): Promise<PolicyVersionRecord> => {
    const record = await store.append(tenant, {
      name: policy.name,
      version: policy.version,
      hash: policy.hash,
      source,
      createdBy: actor,
      ...(rollbackOf !== undefined ? { rollbackOf } : {}),
    });
    apply(record, policy);
    receipt(
      tenant,
      actor,
      rollbackOf === undefined ? 'policy.updated' : 'policy.rolled_back',
      record,
    );
    // The change is acknowledged only once its receipt is durable.
    await audit.flush();
    return record;
  };

  await sync();

  return {
    guardFor(tenant) {
      return tenants.get(tenant)?.guard ?? baseGuard;
    },
    current(tenant) {
      const loaded = tenants.get(tenant);
      if (!loaded) {
        return {
          seq: 0,
          name: base.policy.name,
          version: base.policy.version,
          hash: base.policy.hash,
          source: base.source,
          origin: 'base',
        };
      }
      const r = loaded.record;
      return {
        seq: r.seq,
        name: r.name,
        version: r.version,
        hash: r.hash,
        source: r.source,
        origin: 'stored',
        createdBy: r.createdBy,
        createdAt: r.createdAt,
      };
    },
    versions(tenant, opts = {}) {
      return store.list(tenant, opts);
    },
    async version(tenant, seq) {
      const r = await store.get(tenant, seq);
      if (!r) throw new HttpError(404, 'not_found', `no policy version ${seq}`);
      return r;
    },
    async upload(tenant, source, actor) {
      const policy = compilePolicy(source, UPLOAD_FILE);
      return store_(tenant, policy, source, actor);
    },
    async rollback(tenant, to, actor) {
      const head = await store.current(tenant);
      if (!head) throw new InputError('version', 'there is no stored policy to roll back');
      const target = to ?? head.seq - 1;
      if (target < 1) throw new InputError('version', 'there is no earlier version');
      if (target === head.seq) throw new InputError('version', `version ${target} is current`);
      const record = await store.get(tenant, target);
      if (!record) throw new HttpError(404, 'not_found', `no policy version ${target}`);
      const policy = compilePolicy(record.source, UPLOAD_FILE);
      return store_(tenant, policy, record.source, actor, record.seq);
    },
    sync,
    get lastSyncError() {
      return lastSyncError;
    },
    broken,
  };
}

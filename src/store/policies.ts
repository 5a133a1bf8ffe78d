/**
 * Policy versions per tenant: an append-only history whose latest entry is the current policy.
 * A rollback appends a copy of an older version, so history is never rewritten.
 */

/** One stored version of a tenant's policy. */
export interface PolicyVersionRecord {
  readonly tenant: string;
  /** Per-tenant sequence number, 1-based, increasing. */
  readonly seq: number;
  /** `name` and `version` as declared in the YAML. */
  readonly name: string;
  readonly version: string;
  /** Hex SHA-256 of the policy's canonical content (as the compiler reports it). */
  readonly hash: string;
  /** The YAML text as uploaded. */
  readonly source: string;
  /** Principal that made the change. */
  readonly createdBy: string;
  /** ISO-8601 time of the change. */
  readonly createdAt: string;
  /** Set when this version was created by rolling back to an older `seq`. */
  readonly rollbackOf?: number;
}

/** What a new version is stored with (the caller has validated and compiled it). */
export interface NewPolicyVersion {
  readonly name: string;
  readonly version: string;
  readonly hash: string;
  readonly source: string;
  readonly createdBy: string;
  readonly rollbackOf?: number;
}

/** Version list entry: a record without its source text. */
export type PolicyVersionSummary = Omit<PolicyVersionRecord, 'source'>;

/** Persistence of policy versions. Implementations: `sqlite/policies.ts`, `postgres/policies.ts`. */
export interface PolicyStore {
  /** Append a version; it becomes the tenant's current policy. */
  append(tenant: string, input: NewPolicyVersion): Promise<PolicyVersionRecord>;
  /** The tenant's current (latest) version. */
  current(tenant: string): Promise<PolicyVersionRecord | undefined>;
  /** One version of a tenant. */
  get(tenant: string, seq: number): Promise<PolicyVersionRecord | undefined>;
  /** Versions of a tenant, newest first; `before` pages by seq. */
  list(
    tenant: string,
    opts?: { readonly limit?: number; readonly before?: number },
  ): Promise<PolicyVersionSummary[]>;
  /** Latest seq of every tenant that has a policy: a cheap poll for changes made by other servers. */
  heads(): Promise<Map<string, number>>;
}

/** A version's list entry. */
export function summarise(record: PolicyVersionRecord): PolicyVersionSummary {
  const { source: _source, ...rest } = record;
  return rest;
}

/** Default and maximum page size of `list`. */
export const POLICY_PAGE = { default: 50, max: 500 } as const;

/** Page size clamped to [1, max]. */
export function pageSize(limit: number | undefined): number {
  return Math.max(1, Math.min(POLICY_PAGE.max, Math.floor(limit ?? POLICY_PAGE.default)));
}

/** A policy version row as both SQL backends store it (column names as in the tables). */
export interface PolicyVersionRow {
  tenant: string;
  seq: number;
  name: string;
  version: string;
  hash: string;
  source: string;
  created_by: string;
  /** TEXT (ISO-8601) in SQLite, TIMESTAMPTZ in PostgreSQL. */
  created_at: string | Date;
  rollback_of: number | null;
}

/** The record a stored row stands for. */
export function policyVersionFromRow(r: PolicyVersionRow): PolicyVersionRecord {
  const base = {
    tenant: r.tenant,
    seq: r.seq,
    name: r.name,
    version: r.version,
    hash: r.hash,
    source: r.source,
    createdBy: r.created_by,
    createdAt: typeof r.created_at === 'string' ? r.created_at : r.created_at.toISOString(),
  };
  return r.rollback_of === null ? base : { ...base, rollbackOf: r.rollback_of };
}

/** Typed errors. Each carries what a caller needs to act, nothing internal. */

/** A position in a source file (1-based line and column). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** One located problem in a policy document. */
export interface PolicyIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Path inside the document, e.g. `rules[3].when`. */
  readonly path: string;
  /** What was expected or what is wrong. */
  readonly message: string;
}

/** A policy could not be loaded: every located problem found. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  readonly issues: readonly PolicyIssue[];
  constructor(issues: readonly PolicyIssue[]) {
    super(issues.map(formatPolicyIssue).join('\n'));
    this.issues = issues;
  }
}

/** `file:line:column: path: message`, the format editors understand. */
export function formatPolicyIssue(issue: PolicyIssue): string {
  const where = issue.path ? `${issue.path}: ` : '';
  return `${issue.file}:${issue.line}:${issue.column}: ${where}${issue.message}`;
}

/** An action was denied; thrown by SDK wrappers, never by `guard.check`. */
export class DeniedError extends Error {
  override readonly name = 'DeniedError';
  readonly reasons: readonly string[];
  constructor(reasons: readonly string[]) {
    super(`denied: ${reasons.join('; ') || 'no reason given'}`);
    this.reasons = reasons;
  }
}

/** How the guard behaves when a dependency cannot answer. */
export type FailMode = 'closed' | 'open';

/** A store (database, cache) could not be reached; `failMode` is what was applied. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly store: string;
  readonly failMode: FailMode;
  constructor(store: string, failMode: FailMode, cause?: unknown) {
    super(`${store} unavailable (fail ${failMode})`, cause === undefined ? undefined : { cause });
    this.store = store;
    this.failMode = failMode;
  }
}

/** Input from outside (CLI argument, API body, check file) did not have the expected shape. */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** Field path, e.g. `principal.roles[1]`. */
  readonly path: string;
  constructor(path: string, message: string) {
    super(path ? `${path}: ${message}` : message);
    this.path = path;
  }
}

/** Message of anything thrown, without stack or internals. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

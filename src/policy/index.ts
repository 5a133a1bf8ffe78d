/** The policy engine: schema → compile → evaluate, plus counters, hot reload and policy tests. */
export type { CelProgram } from './cel.js';
export { CEL_VARIABLES } from './cel.js';
export type {
  ActionIndex,
  CompiledLimit,
  CompiledPolicy,
  CompiledRule,
  LimitScope,
} from './compile.js';
export { compilePolicy, DEFAULT_APPROVAL, loadPolicyFile, parseDuration } from './compile.js';
export type { CounterStore, MemoryCounterStoreOptions } from './counters.js';
export { MemoryCounterStore } from './counters.js';
export type { PolicyOutcome } from './evaluate.js';
export { combine, evaluatePolicy } from './evaluate.js';
export type { Glob } from './glob.js';
export { compileGlob, GlobSyntaxError } from './glob.js';
export type { LocalTime, PolicyInput, PolicyMonitorView, ScanSummary } from './input.js';
export { summariseFindings } from './input.js';
export type { ReplayChange, ReplayRecord, ReplayReport } from './replay.js';
export { parseReplayRecords, replay } from './replay.js';
export type { PolicyDocument, RuleDocument } from './schema.js';
export { policyDocumentSchema, policyJsonSchema } from './schema.js';
export type { PolicyTestCase, PolicyTestResult, PolicyTestSuite } from './test.js';
export {
  findPolicyTests,
  loadPolicyTests,
  policyTestFileSchema,
  runPolicyTests,
} from './test.js';
export { blockingThresholds, DEFAULT_BLOCKING_THRESHOLD } from './threshold.js';
export type { PolicyWatch, WatchPolicyOptions } from './watch.js';
export { watchPolicyFile } from './watch.js';

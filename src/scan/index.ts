/** Content scanner: public entry. */
export type { Detector, TextView } from './detector.js';
export { DETECTORS } from './detectors/index.js';
export type { ExternalClassifier, ExternalClassifierOptions, ExternalOutcome } from './external.js';
export { createExternalClassifier, ExternalClassifierError } from './external.js';
export type { HiddenKind, HiddenRun, NormalisedText } from './normalise.js';
export { normalise, toOriginalSpan } from './normalise.js';
export type { Redacted, RedactionStyle } from './redact.js';
export { redact, redactText } from './redact.js';
export type {
  CustomPattern,
  DecodeLimits,
  ScanContext,
  Scanner,
  ScannerOptions,
} from './scanner.js';
export {
  BLOCK_THRESHOLD,
  createScanner,
  ScanLimitError,
  scoresByCategory,
  sortFindings,
} from './scanner.js';
export type { StreamResult, StreamScanner, StreamScannerOptions } from './stream.js';
export { createStreamScanner } from './stream.js';

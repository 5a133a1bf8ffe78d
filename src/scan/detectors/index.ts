/** The detector registry: every built-in detector, in the order the scanner runs them. */
import { defaultClassifier } from '../classifier/index.js';
import type { Detector } from '../detector.js';
import { exfiltrationDetector } from './exfiltration.js';
import { harmfulDetector } from './harmful.js';
import { hiddenTextDetector } from './hidden-text.js';
import { injectionDetector } from './injection.js';
import { jailbreakDetector } from './jailbreak.js';
import { piiDetector } from './pii.js';
import { secretDetector } from './secret.js';
import { unsafeCodeDetector } from './unsafe-code.js';

/** Detectors a default scanner runs. Add a detector by importing it and listing it here. */
export const DETECTORS: readonly Detector[] = [
  hiddenTextDetector,
  piiDetector,
  secretDetector,
  exfiltrationDetector,
  unsafeCodeDetector,
  injectionDetector,
  jailbreakDetector,
  harmfulDetector,
  defaultClassifier,
];

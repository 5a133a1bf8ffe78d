/**
 * The trained classifier: hashed n-gram features, one calibrated logistic head per category
 * (`prompt_injection`, `jailbreak`, `harmful`), weights committed under `models/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Detector } from '../detector.js';
import { classifierDetector } from './detector.js';
import { type ClassifierModel, HEADS, loadModel, ModelFormatError } from './model.js';

export { classifierDetector, REPORT_FLOOR } from './detector.js';
export { extractFeatures, MAX_FEATURES, WORD_WINDOW } from './features.js';
export type { ClassifierModel, Head, HeadScores, SerializedModel } from './model.js';
export { classify, HEADS, loadModel, MODEL_FORMAT, ModelFormatError, rawLogits } from './model.js';

/** Path of the committed model, relative to the package root. */
export const MODEL_PATH = 'models/classifier.json';

/**
 * Finds the package root by walking up from this module (`src/...` under tests, `dist/src/...`
 * when built) to the first directory holding `package.json` and the model.
 */
function modelFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, MODEL_PATH);
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new ModelFormatError(`classifier model ${MODEL_PATH} not found above ${import.meta.url}`);
}

let cached: ClassifierModel | undefined;

/** The committed model, read and validated once per process. */
export function defaultModel(): ClassifierModel {
  cached ??= loadModel(JSON.parse(readFileSync(modelFile(), 'utf8')) as unknown);
  return cached;
}

let cachedDetector: Detector | undefined;

/**
 * The classifier detector over the committed model, as the default scanner runs it; the model is
 * loaded on first use, so importing the registry costs nothing until a text is scanned.
 */
export const defaultClassifier: Detector = {
  id: 'classifier',
  categories: HEADS,
  detect(view) {
    cachedDetector ??= classifierDetector(defaultModel());
    return cachedDetector.detect(view);
  },
};

/** The detector contract: every detector (pattern, checksum, classifier) implements this. */
import type { ContentRole, Phase, Provenance } from '../core/check.js';
import type { Finding, FindingCategory } from '../core/finding.js';
import type { HiddenRun } from './normalise.js';

/** One text a detector sees: the normalised original, or a payload decoded from it. */
export interface TextView {
  /** Text to inspect. Spans in returned findings index into this string. */
  readonly text: string;
  /** `original` for the normalised input; otherwise how it was obtained, e.g. `base64`, `url>base64`. */
  readonly layer: string;
  readonly phase?: Phase;
  readonly role?: ContentRole;
  readonly provenance?: Provenance;
  /**
   * `text.toLowerCase()`, computed once by the scanner for literal prefilters (`includes`). May differ
   * in length from `text` for a few non-ASCII letters: never use its offsets as spans.
   */
  readonly lower?: string;
  /** Name of the param the text came from (last path segment, e.g. `password`), when scanning params. */
  readonly field?: string;
  /**
   * Raw views (see `Detector.raw`) only: what normalisation removed or folded, located in `text`.
   * Absent when the caller did not normalise; a detector then normalises itself.
   */
  readonly hidden?: readonly HiddenRun[];
}

/**
 * A detector: pure, synchronous, linear-time in the length of `view.text`.
 * Findings carry spans into `view.text`; the scanner maps them back to the original text and sets
 * `location`. Evidence must already be masked.
 */
export interface Detector {
  readonly id: string;
  readonly categories: readonly FindingCategory[];
  /**
   * `true`: the detector inspects the text before normalisation (invisible characters still present);
   * spans then index that raw text. Default: it sees the normalised text.
   */
  readonly raw?: boolean;
  detect(view: TextView): Finding[];
}

/** Monitor alerts: what fired, for whom, against which baseline. */

/** Names of the behaviours the monitor watches; policies see them in `monitor.alerts`. */
export type AlertMetric =
  | 'action_rate'
  | 'denial_rate'
  | 'escalation_rate'
  | 'action_divergence'
  | 'new_action'
  | 'egress_volume'
  | `finding_rate_${string}`;

/** Which detector raised it. */
export type AlertDetector = 'cusum' | 'ewma';

export type AlertSeverity = 'low' | 'medium' | 'high';

/** One raised alert. */
export interface MonitorAlert {
  readonly id: string;
  readonly tenant: string;
  readonly principal: string;
  /** Set when the session's own detectors fired (the principal's fire without it). */
  readonly session?: string;
  readonly metric: AlertMetric;
  readonly detector: AlertDetector;
  /** Current value of the metric (rate per minute, fraction, bits, bytes) when it fired. */
  readonly value: number;
  /** The baseline value of the same metric. */
  readonly baseline: number;
  /** Detector statistic and the threshold it crossed (CUSUM S and h, EWMA z and its limit). */
  readonly statistic: number;
  readonly threshold: number;
  /** ms since epoch. */
  readonly at: number;
  readonly severity: AlertSeverity;
}

/** Raised when a detector crosses its threshold; cleared when its statistic has fallen back (hysteresis). */
export interface AlertEvent {
  readonly type: 'raised' | 'cleared';
  readonly alert: MonitorAlert;
  /** When it cleared (for `cleared`). */
  readonly at: number;
}

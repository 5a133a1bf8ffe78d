/** Behavioural monitor: metrics, baselines, EWMA/CUSUM detectors, alerts. */
export * from './alert.js';
export * from './baseline.js';
export * from './cusum.js';
export * from './divergence.js';
export * from './ewma.js';
export * from './monitor.js';

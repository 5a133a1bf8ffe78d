/**
 * A side-effect-free policy probe for `tools/list`: evaluates the in-process guard's current
 * policy with throwaway counters, so listing tools writes no receipt and spends no rate limit.
 */
import type { Check } from '../core/check.js';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import type { Effect } from '../core/decision.js';
import type { Guard } from '../guard.js';
import { evaluatePolicy, MemoryCounterStore } from '../policy/index.js';

/** Probe function for `GatewayOptions.probe`. */
export function policyProbe(
  guard: Pick<Guard, 'policy'>,
  clock: Clock = systemClock,
): (check: Check) => Effect {
  return (check) =>
    evaluatePolicy(guard.policy, { check, now: clock.now() }, new MemoryCounterStore()).effect;
}

/**
 * monitor.event: one `view` + `record` of the behavioural monitor per check (µs), for a principal
 * past warm-up with a session, beside a baseline of the same loop doing only the Map lookup.
 */
import type { Check } from '../src/core/check.js';
import type { Decision } from '../src/core/decision.js';
import { createMonitor } from '../src/monitor/monitor.js';
import { type BenchResult, timeUs } from './harness.js';

const ACTIONS = ['fs.read', 'search.query', 'llm.chat', 'http.post', 'db.select', 'calendar.list'];

/** Runs the monitor benchmark. */
export async function run(): Promise<BenchResult[]> {
  const monitor = createMonitor();
  const decision: Decision = {
    decision: 'allow',
    reasons: [],
    rules: [],
    shadow: [],
    findings: [],
    redactions: [],
    policy: { name: 'b', version: '1', hash: 'h' },
    checkDigest: '',
    evaluatedInUs: 0,
  };
  const checks: Check[] = [];
  for (let p = 0; p < 1000; p++) {
    for (let i = 0; i < ACTIONS.length; i++) {
      checks.push({
        phase: 'action',
        action: ACTIONS[i]!,
        params: { q: `query ${i}`, body: 'x'.repeat(200) },
        principal: { id: `agent-${p}`, tenant: 'bench' },
        session: `s-${p % 7}`,
      });
    }
  }
  let now = 1_700_000_000_000;
  let i = 0;
  // Past warm-up for every principal.
  for (let k = 0; k < 1000 * 250; k++) {
    now += 3;
    monitor.record(checks[k % checks.length]!, decision, now);
  }
  const step = () => {
    const c = checks[i++ % checks.length]!;
    monitor.view(c, now);
    now += 3;
    monitor.record(c, decision, now);
  };
  const map = new Map(checks.map((c) => [`${c.principal.id}`, 1]));
  let sink = 0;
  const base = () => {
    const c = checks[i++ % checks.length]!;
    sink += map.get(c.principal.id) ?? 0;
  };
  const t = timeUs(step, { samples: 1000 });
  const b = timeUs(base, { samples: 1000 });
  return [
    {
      name: 'monitor.event',
      unit: 'us',
      p50: t.p50,
      p99: t.p99,
      baseline: { name: 'map.lookup', p50: b.p50, p99: b.p99 },
      note: `1000 principals past warm-up, 7 sessions each (sink ${sink > 0 ? 'ok' : 'empty'})`,
    },
  ];
}

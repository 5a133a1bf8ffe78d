// Child process for test/audit-crash.test.ts: appends receipts as fast as it can and prints each
// index once it is acknowledged (durable). The parent SIGKILLs it mid-loop.
import { openEmbeddedAuditLog } from '../dist/src/audit/open.js';

const dir = process.argv[2];
const log = await openEmbeddedAuditLog(dir, { checkpointEvery: 500, checkpointIntervalMs: 50 });
for (let wave = 0; ; wave++) {
  const acks = [];
  for (let i = 0; i < 64; i++) {
    acks.push(
      log
        .appendDurable({
          kind: 'system',
          time: new Date().toISOString(),
          event: 'crash-test',
          data: { wave, i },
        })
        .then((ref) => process.stdout.write(`${ref.index}\n`)),
    );
  }
  await Promise.all(acks);
}

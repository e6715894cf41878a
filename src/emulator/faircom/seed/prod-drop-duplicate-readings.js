// Integration table transform: the broker redelivers messages after a failover.
// A message seen again within the window (same sensor, same timestamp) is marked
// as a duplicate so the integration skips the row.
const WINDOW_MS = 60 * 1000;
const seen = globalThis.recentReadings ?? (globalThis.recentReadings = new Map());

const payload = record.source_payload;
const key = `${payload.id}@${payload.ts}`;
const now = Date.now();

for (const [old, at] of seen) {
  if (now - at > WINDOW_MS) seen.delete(old);
}
record.duplicate = seen.has(key);
seen.set(key, now);

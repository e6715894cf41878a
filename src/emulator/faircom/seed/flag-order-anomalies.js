// Integration table transform: flags orders whose numbers do not add up.
const order = record.source_payload;
const flags = [];

const lineTotal = order.lines.reduce((sum, line) => sum + line.qty * line.price, 0);
if (Math.abs(lineTotal - order.total) > 0.01) {
  flags.push("total_mismatch");
}
if (order.lines.length === 0) {
  flags.push("no_lines");
}

record.order_id = order.id;
record.anomaly_flags = flags.join(",");

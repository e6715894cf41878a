// Job: removes sensor readings older than the retention period.
const RETENTION_DAYS = 30;

const cutoff = new Date(Date.now() - RETENTION_DAYS * 86400000);
const stale = db.query("SELECT id FROM sensor_readings WHERE read_at < ?", [cutoff]);
for (const row of stale) {
  db.delete("sensor_readings", row.id);
}
log.info(`purged ${stale.length} readings older than ${RETENTION_DAYS} days`);

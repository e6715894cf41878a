// Integration table transform: one MQTT message from a field sensor becomes one row.
const payload = record.source_payload;

record.sensor_id = payload.id;
record.reading = payload.value;
record.unit = payload.unit;
record.read_at = payload.ts;

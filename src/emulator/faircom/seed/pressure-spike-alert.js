// getRecords transform: marks sudden pressure jumps between two readings.
const jump = record.pressure_kpa - record.previous_pressure_kpa;
record.pressure_alert = jump > 50 ? "spike" : "";

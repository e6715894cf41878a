// getRecords transform: the first temperature banding, kept for the old dashboards.
const f = record.source_payload.temperature * 9 / 5 + 32;
record.temperature_band = f < 50 ? "low" : f < 75 ? "mid" : "high";

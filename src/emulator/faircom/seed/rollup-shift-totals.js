// Job: totals each production line's output per shift into shift_totals.
const SHIFTS = [
  { name: "early", start: 6, end: 14 },
  { name: "late", start: 14, end: 22 },
];

for (const shift of SHIFTS) {
  const rows = db.query(
    "SELECT line_id, SUM(units) AS units FROM line_output WHERE hour >= ? AND hour < ? GROUP BY line_id",
    [shift.start, shift.end]
  );
  for (const row of rows) {
    db.insert("shift_totals", { shift: shift.name, line_id: row.line_id, units: row.units });
  }
}

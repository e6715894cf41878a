// getRecords transform: adds derived columns to order records as they are read.
const TAX_RATE = 0.07;

record.order_total_with_tax = record.order_total * (1 + TAX_RATE);
record.region = regionFromZip(record.ship_zip);

function regionFromZip(zip) {
  const first = String(zip)[0];
  if (first === "0" || first === "1") return "northeast";
  if (first === "9") return "west";
  return "central";
}

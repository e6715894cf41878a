//! The demo's FairCom code packages: JavaScript transforms, a module and jobs, each with a history of
//! plausible edits and a comment per version. Deterministic like the Auth0 seed: versions are a base
//! script plus scripted edits, timestamps derive from names.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

use super::store::{PackageRec, PackageStore, PackageVersion};
use crate::emulator::seed::{edit, evolve, seeded, stamp, Edit};

struct PackageSpec {
    database: &'static str,
    owner: &'static str,
    /// The account that made every version (`createdBy`/`updatedBy`, upper-case as FairCom sends).
    author: &'static str,
    name: &'static str,
    code_type: &'static str,
    /// The status now; a different one from `earlier` was set in place after the last version.
    status: &'static str,
    /// The status the earlier versions had when they were replaced.
    earlier: &'static str,
    description: &'static str,
    metadata: &'static str,
    code: &'static str,
    /// One per version, the first for version 1.
    comments: &'static [&'static str],
    /// One per version after the first.
    edits: &'static [Edit],
}

const ADMIN: (&str, &str, &str) = ("faircom", "admin", "ADMIN");

const PACKAGES: &[PackageSpec] = &[
    PackageSpec {
        database: ADMIN.0,
        owner: ADMIN.1,
        author: ADMIN.2,
        name: "convertTemperature",
        code_type: "getRecordsTransform",
        status: "active",
        earlier: "active",
        description: "Copies the temperature from source_payload to temperature_celsius, converts it to Fahrenheit and labels it in temperature_status.",
        metadata: r#"{"keyword": "temperature", "favorites": true}"#,
        code: include_str!("seed/convert-temperature.js"),
        comments: &[
            "First version: Celsius from the payload, Fahrenheit and a cold/normal/hot label",
            "Alert when a reading drops below 0 °F",
            "Alert above 140 °F, checked before plain hot so it can fire",
            "Round Fahrenheit to one decimal place",
            "Label readings without a temperature as missing instead of NaN",
        ],
        edits: &[
            edit(&[("  switch (true) {\n    case (temperature_fahrenheit < 32):", "  switch (true) {\n    case (temperature_fahrenheit < 0):\n      return \"alert: too cold\";\n    case (temperature_fahrenheit < 32):")]),
            edit(&[("    case (temperature_fahrenheit > 80):", "    case (temperature_fahrenheit > 140):\n      return \"alert: too hot\";\n    case (temperature_fahrenheit > 80):")]),
            edit(&[("  return (temperature_celsius * 1.8) + 32;", "  return Math.round(((temperature_celsius * 1.8) + 32) * 10) / 10;")]),
            edit(&[
                ("record.temperature_celsius = record.source_payload.temperature;", "record.temperature_celsius = Number(record.source_payload.temperature ?? NaN);"),
                ("  switch (true) {\n", "  if (Number.isNaN(temperature_fahrenheit)) {\n    return \"missing\";\n  }\n  switch (true) {\n"),
            ]),
        ],
    },
    PackageSpec {
        database: ADMIN.0,
        owner: ADMIN.1,
        author: ADMIN.2,
        name: "normalizeSensorReadings",
        code_type: "integrationTableTransform",
        status: "active",
        earlier: "active",
        description: "Turns each field-sensor MQTT message into a row: id, reading in Celsius, time, battery.",
        metadata: r#"{"keyword": "sensor", "topic": "plant/+/sensors"}"#,
        code: include_str!("seed/normalize-sensor-readings.js"),
        comments: &[
            "Map the sensor message fields onto columns",
            "Convert Fahrenheit readings to Celsius so the column has one unit",
            "Store read_at as ISO time (sensors send epoch seconds)",
            "Keep the sensor's battery level when it sends one",
        ],
        edits: &[
            edit(&[("record.reading = payload.value;\nrecord.unit = payload.unit;", "record.reading = payload.unit === \"F\" ? (payload.value - 32) / 1.8 : payload.value;\nrecord.unit = \"C\";")]),
            edit(&[("record.read_at = payload.ts;", "record.read_at = new Date(payload.ts * 1000).toISOString();")]),
            edit(&[("record.read_at = new Date(payload.ts * 1000).toISOString();", "record.read_at = new Date(payload.ts * 1000).toISOString();\nrecord.battery_pct = payload.battery ?? null;")]),
        ],
    },
    PackageSpec {
        database: ADMIN.0,
        owner: ADMIN.1,
        author: ADMIN.2,
        name: "flagOrderAnomalies",
        code_type: "integrationTableTransform",
        status: "testing",
        earlier: "developing",
        description: "Flags incoming orders whose line items, quantities or totals do not add up.",
        metadata: r#"{"keyword": "orders", "owner_team": "finance"}"#,
        code: include_str!("seed/flag-order-anomalies.js"),
        comments: &[
            "Flag orders whose line items do not add up to the total",
            "Flag negative quantities (returns keyed in as orders)",
            "Allow one cent of rounding per line in the total check",
        ],
        edits: &[
            edit(&[("  flags.push(\"no_lines\");\n}", "  flags.push(\"no_lines\");\n}\nif (order.lines.some((line) => line.qty < 0)) {\n  flags.push(\"negative_qty\");\n}")]),
            edit(&[("if (Math.abs(lineTotal - order.total) > 0.01) {", "if (Math.abs(lineTotal - order.total) > 0.01 * Math.max(1, order.lines.length)) {")]),
        ],
    },
    PackageSpec {
        database: ADMIN.0,
        owner: ADMIN.1,
        author: ADMIN.2,
        name: "enrichOrderRecords",
        code_type: "getRecordsTransform",
        status: "active",
        earlier: "active",
        description: "Adds the total with tax, a shipping region and the customer tier to order records as they are read.",
        metadata: r#"{"keyword": "orders"}"#,
        code: include_str!("seed/enrich-order-records.js"),
        comments: &[
            "Add the total with tax and a region from the ZIP code",
            "Round the total with tax to cents",
            "Tax rate 7.25% from April",
            "Southeast region for ZIP codes starting with 3",
            "Pad short ZIP codes (the import lost their leading zeros)",
            "Customer tier from lifetime spend",
        ],
        edits: &[
            edit(&[("record.order_total_with_tax = record.order_total * (1 + TAX_RATE);", "record.order_total_with_tax = Math.round(record.order_total * (1 + TAX_RATE) * 100) / 100;")]),
            edit(&[("const TAX_RATE = 0.07;", "const TAX_RATE = 0.0725;")]),
            edit(&[("  if (first === \"9\") return \"west\";", "  if (first === \"3\") return \"southeast\";\n  if (first === \"9\") return \"west\";")]),
            edit(&[("  const first = String(zip)[0];", "  const first = String(zip).padStart(5, \"0\")[0];")]),
            edit(&[("record.region = regionFromZip(record.ship_zip);", "record.region = regionFromZip(record.ship_zip);\nrecord.customer_tier = record.lifetime_spend >= 5000 ? \"gold\" : record.lifetime_spend >= 1000 ? \"silver\" : \"standard\";")]),
        ],
    },
    PackageSpec {
        database: ADMIN.0,
        owner: ADMIN.1,
        author: ADMIN.2,
        name: "sensorMath",
        code_type: "module",
        status: "active",
        earlier: "active",
        description: "Helpers shared by the sensor transforms: unit conversion, clamping, smoothing.",
        metadata: "{}",
        code: include_str!("seed/sensor-math.js"),
        comments: &[
            "Shared helpers: Celsius to Fahrenheit and clamp",
            "Add a moving average for smoothing readings",
            "movingAverage of no values is null, not NaN",
        ],
        edits: &[
            edit(&[("module.exports = { celsiusToFahrenheit, clamp };", "function movingAverage(values, window) {\n  const tail = values.slice(-window);\n  return tail.reduce((sum, v) => sum + v, 0) / tail.length;\n}\n\nmodule.exports = { celsiusToFahrenheit, clamp, movingAverage };")]),
            edit(&[("  const tail = values.slice(-window);\n", "  const tail = values.slice(-window);\n  if (tail.length === 0) return null;\n")]),
        ],
    },
    PackageSpec {
        database: ADMIN.0,
        owner: ADMIN.1,
        author: ADMIN.2,
        name: "purgeStaleReadings",
        code_type: "job",
        status: "active",
        earlier: "active",
        description: "Nightly job: deletes sensor readings older than the retention period.",
        metadata: r#"{"schedule": "0 3 * * *"}"#,
        code: include_str!("seed/purge-stale-readings.js"),
        comments: &[
            "Purge readings older than 30 days",
            "Keep 90 days: quality asked for a quarter of history",
            "Delete in batches of 500 so the job never holds a long transaction",
            "Log nothing when there was nothing to purge",
        ],
        edits: &[
            edit(&[("const RETENTION_DAYS = 30;", "const RETENTION_DAYS = 90;")]),
            edit(&[("WHERE read_at < ?\", [cutoff]);", "WHERE read_at < ? LIMIT 500\", [cutoff]);")]),
            edit(&[("log.info(`purged", "if (stale.length > 0) log.info(`purged")]),
        ],
    },
    PackageSpec {
        database: ADMIN.0,
        owner: ADMIN.1,
        author: ADMIN.2,
        name: "legacyTemperatureBands",
        code_type: "getRecordsTransform",
        status: "deprecated",
        earlier: "active",
        description: "Low/mid/high temperature bands for the old wall dashboards.",
        metadata: r#"{"keyword": "temperature", "replacedBy": "convertTemperature"}"#,
        code: include_str!("seed/legacy-temperature-bands.js"),
        comments: &[
            "Low/mid/high temperature bands for the wall dashboards",
            "Point readers at convertTemperature's temperature_status",
        ],
        edits: &[edit(&[(
            "kept for the old dashboards.\n",
            "kept for the old dashboards.\n// DEPRECATED: read temperature_status from convertTemperature instead.\n",
        )])],
    },
    PackageSpec {
        database: "orders",
        owner: ADMIN.1,
        author: ADMIN.2,
        name: "maskCustomerPii",
        code_type: "integrationTableTransform",
        status: "inactive",
        earlier: "active",
        description: "Masks customer e-mail and phone before orders reach the analytics table.",
        metadata: r#"{"keyword": "privacy"}"#,
        code: include_str!("seed/mask-customer-pii.js"),
        comments: &[
            "Mask customer e-mail and phone before analytics",
            "Keep the last two digits of the phone for support lookups",
            "Orders without an e-mail no longer fail the transform",
        ],
        edits: &[
            edit(&[("record.customer_phone = \"***\";", "record.customer_phone = \"***\" + String(customer.phone).slice(-2);")]),
            edit(&[("function maskEmail(email) {\n", "function maskEmail(email) {\n  if (!email) return \"\";\n")]),
        ],
    },
    PackageSpec {
        database: ADMIN.0,
        owner: ADMIN.1,
        author: ADMIN.2,
        name: "pressureSpikeAlert",
        code_type: "getRecordsTransform",
        status: "deleted",
        earlier: "active",
        description: "Marks sudden pressure jumps between two readings.",
        metadata: "{}",
        code: include_str!("seed/pressure-spike-alert.js"),
        comments: &[
            "Mark pressure jumps over 50 kPa between readings",
            "Threshold 80 kPa: 50 raised an alert on every pump start",
        ],
        edits: &[edit(&[("jump > 50", "jump > 80")])],
    },
    PackageSpec {
        database: ADMIN.0,
        owner: "ops",
        author: "OPS",
        name: "rollupShiftTotals",
        code_type: "job",
        status: "active",
        earlier: "active",
        description: "Totals each production line's output per shift into shift_totals.",
        metadata: r#"{"schedule": "5 6,14,22 * * *", "keyword": "production"}"#,
        code: include_str!("seed/rollup-shift-totals.js"),
        comments: &[
            "Total units per line for the early and late shifts",
            "Add the night shift (22–6)",
            "Night shift wraps midnight: compare hours modulo 24",
            "Only today's output (the job summed all history)",
            "Store the day with each total",
            "Skip lines with no output instead of inserting zero rows",
            "Upsert so a rerun of the job replaces its totals",
            "Early shift starts at 5 since the March roster",
            "Count scrap separately from good units",
            "Log how many totals each run wrote",
        ],
        edits: &[
            edit(&[("  { name: \"late\", start: 14, end: 22 },\n", "  { name: \"late\", start: 14, end: 22 },\n  { name: \"night\", start: 22, end: 30 },\n")]),
            edit(&[
                ("WHERE hour >= ? AND hour < ?", "WHERE MOD(hour - ?, 24) < ?"),
                ("[shift.start, shift.end]", "[shift.start, shift.end - shift.start]"),
            ]),
            edit(&[("WHERE MOD(hour", "WHERE day = CURRENT_DATE AND MOD(hour")]),
            edit(&[
                ("const SHIFTS = [", "const today = () => new Date().toISOString().slice(0, 10);\n\nconst SHIFTS = ["),
                ("{ shift: shift.name,", "{ day: today(), shift: shift.name,"),
            ]),
            edit(&[("  for (const row of rows) {\n", "  for (const row of rows) {\n    if (!row.units) continue;\n")]),
            edit(&[("db.insert(\"shift_totals\",", "db.upsert(\"shift_totals\", [\"day\", \"shift\", \"line_id\"],")]),
            edit(&[("{ name: \"early\", start: 6, end: 14 }", "{ name: \"early\", start: 5, end: 14 }")]),
            edit(&[
                ("SUM(units) AS units FROM", "SUM(units) AS units, SUM(scrap) AS scrap FROM"),
                ("units: row.units });", "units: row.units, scrap: row.scrap ?? 0 });"),
            ]),
            edit(&[
                ("for (const shift of SHIFTS) {", "let written = 0;\nfor (const shift of SHIFTS) {"),
                ("scrap: row.scrap ?? 0 });", "scrap: row.scrap ?? 0 });\n    written += 1;"),
                ("  }\n}\n", "  }\n}\nlog.info(`wrote ${written} shift totals`);\n"),
            ]),
        ],
    },
];

fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 10, 6, 7, 30, 0).unwrap()
}

fn package(index: usize, spec: &PackageSpec) -> PackageRec {
    assert_eq!(
        spec.comments.len(),
        spec.edits.len() + 1,
        "seed package {}: one comment per version",
        spec.name
    );
    let snapshots = evolve(spec.name, spec.code, &[], spec.edits);
    let created = stamp(epoch(), index as i64 * 41, spec.name);
    let metadata: Value = seeded(serde_json::from_str(spec.metadata).ok(), "JSON metadata");
    let mut versions: Vec<PackageVersion> = snapshots
        .into_iter()
        .zip(spec.comments)
        .enumerate()
        .map(|(k, ((code, _), comment))| PackageVersion {
            number: k as u32 + 1,
            status: spec.earlier.to_string(),
            description: spec.description.to_string(),
            metadata: metadata.clone(),
            comment: comment.to_string(),
            code_format: "utf8".to_string(),
            code,
            updated_by: spec.author.to_string(),
            updated_on: match k {
                0 => created,
                _ => stamp(created, k as i64 * 50, &format!("{}#{}", spec.name, k + 1)),
            }
            .naive_utc(),
        })
        .collect();
    let mut current = seeded(versions.pop(), "base version");
    if current.status != spec.status {
        // The status was set in place after the last code change.
        current.status = spec.status.to_string();
        let changed = stamp(
            current.updated_on.and_utc(),
            20,
            &format!("{}:status", spec.name),
        );
        current.updated_on = changed.naive_utc();
    }
    PackageRec {
        code_id: index as i64 + 1,
        database: spec.database.to_string(),
        owner: spec.owner.to_string(),
        name: spec.name.to_string(),
        cloned_code_id: 0,
        language: "javascript".to_string(),
        code_type: spec.code_type.to_string(),
        created_by: spec.author.to_string(),
        created_on: created.naive_utc(),
        current,
        history: versions,
    }
}

/// The databases dev's packages live in, and prod's copy of each (one database per stage, as
/// FairCom advises; every package keeps its owner).
pub const STAGE_DATABASES: &[(&str, &str)] =
    &[("faircom", "faircom_prod"), ("orders", "orders_prod")];

/// How prod's copy of one of dev's packages came about.
struct StagePackage {
    name: &'static str,
    /// Dev's versions promoted (by `alterCodePackage`), oldest first: prod's versions 1, 2, ….
    promoted: &'static [u32],
    /// Prod's codeType when it is not dev's.
    code_type: Option<&'static str>,
    /// Prod's status when it is not dev's.
    status: Option<&'static str>,
}

const SAME: StagePackage = StagePackage {
    name: "",
    promoted: &[],
    code_type: None,
    status: None,
};

/// Prod's packages in the order prod's server created them. flagOrderAnomalies is missing on purpose.
const PROD_PACKAGES: &[StagePackage] = &[
    StagePackage {
        name: "legacyTemperatureBands",
        promoted: &[1],
        // Created on the older server, whose codeType for it was `transform`; still feeds the old
        // wall dashboards in production.
        code_type: Some("transform"),
        status: Some("active"),
    },
    StagePackage {
        name: "convertTemperature",
        promoted: &[2, 4, 5],
        ..SAME
    },
    StagePackage {
        name: "normalizeSensorReadings",
        promoted: &[1, 4],
        ..SAME
    },
    StagePackage {
        name: "sensorMath",
        promoted: &[1, 3],
        ..SAME
    },
    StagePackage {
        name: "purgeStaleReadings",
        promoted: &[2, 4],
        ..SAME
    },
    StagePackage {
        name: "enrichOrderRecords",
        promoted: &[1, 3, 5],
        ..SAME
    },
    StagePackage {
        name: "maskCustomerPii",
        promoted: &[3],
        ..SAME
    },
    StagePackage {
        name: "pressureSpikeAlert",
        promoted: &[2],
        ..SAME
    },
    StagePackage {
        name: "rollupShiftTotals",
        promoted: &[4, 7, 10],
        ..SAME
    },
];

/// Written on the production server during the broker failover; never in dev.
const PROD_ONLY: PackageSpec = PackageSpec {
    database: "faircom_prod",
    owner: ADMIN.1,
    author: ADMIN.2,
    name: "dropDuplicateReadings",
    code_type: "integrationTableTransform",
    status: "active",
    earlier: "active",
    description: "Marks sensor messages the broker delivered twice so the integration skips them.",
    metadata: r#"{"keyword": "sensor", "incident": "INC-2304"}"#,
    code: include_str!("seed/prod-drop-duplicate-readings.js"),
    comments: &[
        "Skip MQTT redeliveries after the broker failover",
        "Window of two minutes: redeliveries came up to 90 s late",
    ],
    edits: &[edit(&[(
        "const WINDOW_MS = 60 * 1000;",
        "const WINDOW_MS = 2 * 60 * 1000;",
    )])],
};

/// When the production server's packages were first created.
fn prod_epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 11, 17, 9, 15, 0).unwrap()
}

/// The production stage of the demo FairCom server (`demo-prod`). Prod's packages are in prod's
/// databases ([`STAGE_DATABASES`]: `faircom_prod`, `orders_prod`), owners as in dev (`admin`,
/// `ops`), under prod's own codeIds; each promoted version's comment says
/// `promoted from dev: vN`, and prod has fewer versions, made later. Against dev ([`demo`]):
/// - the same code (current version) and type: `convertTemperature`, `normalizeSensorReadings`,
///   `sensorMath`, `purgeStaleReadings` (owner admin), `maskCustomerPii` (in `orders_prod`),
///   `pressureSpikeAlert` (deleted in both), `rollupShiftTotals` (owner `ops`);
/// - code differs: `enrichOrderRecords` (prod is at dev's v5: the customer tier of dev's v6 was
///   not promoted);
/// - only in dev: `flagOrderAnomalies` (still `testing` in dev);
/// - only in prod: `dropDuplicateReadings` (integrationTableTransform, a fix made in production);
/// - codeType differs (a promote must refuse it): `legacyTemperatureBands` is `transform` in prod,
///   `getRecordsTransform` in dev (its code differs too: prod has dev's v1, and it is `active` in
///   prod, `deprecated` in dev).
pub fn demo_prod() -> PackageStore {
    let dev = demo();
    let mut packages: Vec<PackageRec> = PROD_PACKAGES
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let source = seeded(
                dev.packages.iter().find(|p| p.name == stage.name),
                "package",
            );
            let created = stamp(prod_epoch(), i as i64 * 29, &format!("prod:{}", stage.name));
            stage_package(source, stage, i as i64 + 1, created)
        })
        .collect();
    let mut only = package(packages.len(), &PROD_ONLY);
    // Made during the incident, long after the promoted ones.
    let shift = stamp(prod_epoch(), 24 * 360, "prod:incident") - only.created_on.and_utc();
    only.created_on += shift;
    for version in only.history.iter_mut().chain([&mut only.current]) {
        version.updated_on += shift;
    }
    packages.push(only);
    PackageStore { packages }
}

/// The database prod keeps a dev database's packages in.
fn prod_database(dev: &str) -> String {
    STAGE_DATABASES
        .iter()
        .find(|(d, _)| *d == dev)
        .map_or_else(|| format!("{dev}_prod"), |(_, p)| (*p).to_string())
}

/// Prod's copy of a dev package: the promoted versions renumbered from 1, one `promoted from dev`
/// comment each, a version made every couple of days from `created`.
fn stage_package(
    dev: &PackageRec,
    stage: &StagePackage,
    code_id: i64,
    created: DateTime<Utc>,
) -> PackageRec {
    let all: Vec<&PackageVersion> = dev.history.iter().chain([&dev.current]).collect();
    let earlier = dev
        .history
        .first()
        .map_or(&dev.current.status, |v| &v.status);
    let mut versions: Vec<PackageVersion> = stage
        .promoted
        .iter()
        .enumerate()
        .map(|(k, number)| {
            let source = seeded(all.iter().find(|v| v.number == *number), "promoted version");
            PackageVersion {
                number: k as u32 + 1,
                status: earlier.clone(),
                comment: format!("promoted from dev: v{number}"),
                updated_on: match k {
                    0 => created,
                    _ => stamp(
                        created,
                        k as i64 * 60,
                        &format!("prod:{}#{}", dev.name, k + 1),
                    ),
                }
                .naive_utc(),
                ..(*source).clone()
            }
        })
        .collect();
    let mut current = seeded(versions.pop(), "promoted version");
    current.status = stage.status.unwrap_or(&dev.current.status).to_string();
    PackageRec {
        code_id,
        database: prod_database(&dev.database),
        cloned_code_id: 0,
        code_type: stage.code_type.unwrap_or(&dev.code_type).to_string(),
        created_on: created.naive_utc(),
        current,
        history: versions,
        ..dev.clone()
    }
}

/// Dev's and prod's packages on one server, each stage in its own databases ([`STAGE_DATABASES`]):
/// "same server, two databases". Prod's codeIds follow dev's.
pub fn demo_stages() -> PackageStore {
    let mut store = demo();
    let after = store.packages.len() as i64;
    store
        .packages
        .extend(demo_prod().packages.into_iter().map(|p| PackageRec {
            code_id: p.code_id + after,
            ..p
        }));
    store
}

/// The demo's code packages (the development stage, `demo-dev`).
pub fn demo() -> PackageStore {
    PackageStore {
        packages: PACKAGES
            .iter()
            .enumerate()
            .map(|(i, spec)| package(i, spec))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::faircom::store::activated;

    /// Every version of every package as the API answers it, to compare two seedings.
    fn render(store: &PackageStore) -> Vec<String> {
        store
            .packages
            .iter()
            .flat_map(|p| {
                p.history
                    .iter()
                    .chain([&p.current])
                    .map(|v| p.json(v, true).to_string())
            })
            .collect()
    }

    #[test]
    fn demo_is_deterministic() {
        assert_eq!(render(&demo()), render(&demo()));
    }

    #[test]
    fn demo_mixes_statuses_types_and_places() {
        let store = demo();
        let count = |status: &str| {
            store
                .packages
                .iter()
                .filter(|p| p.current.status == status)
                .count()
        };
        assert!(count("active") > store.packages.len() / 2);
        for status in ["testing", "deprecated", "inactive", "deleted"] {
            assert_eq!(count(status), 1, "{status}");
        }
        let types: Vec<&str> = store
            .packages
            .iter()
            .map(|p| p.code_type.as_str())
            .collect();
        for wanted in [
            "integrationTableTransform",
            "getRecordsTransform",
            "module",
            "job",
        ] {
            assert!(types.contains(&wanted), "{wanted}");
        }
        let places: std::collections::BTreeSet<(&str, &str)> = store
            .packages
            .iter()
            .map(|p| (p.database.as_str(), p.owner.as_str()))
            .collect();
        assert!(places.len() >= 3, "{places:?}");
        assert!(store
            .packages
            .iter()
            .all(|p| (2..=10).contains(&p.current.number)));
        assert!(store.packages.iter().any(|p| !activated(&p.current.status)));
    }

    #[test]
    fn every_version_changes_the_code_and_time_moves_forward() {
        for p in demo().packages {
            let all: Vec<&PackageVersion> = p.history.iter().chain([&p.current]).collect();
            for pair in all.windows(2) {
                assert_ne!(pair[0].code, pair[1].code, "{} v{}", p.name, pair[1].number);
                assert!(
                    pair[0].updated_on < pair[1].updated_on,
                    "{} v{}",
                    p.name,
                    pair[1].number
                );
                assert_eq!(pair[0].number + 1, pair[1].number);
            }
            assert!(all.iter().all(|v| !v.comment.is_empty()));
            assert_eq!(p.created_on, all[0].updated_on);
        }
    }

    #[test]
    fn prod_is_deterministic_and_in_its_own_databases() {
        assert_eq!(render(&demo_prod()), render(&demo_prod()));
        let prod = demo_prod();
        assert!(prod.packages.iter().all(|p| p.database.ends_with("_prod")));
        let both = demo_stages();
        let mut identities: Vec<(&str, &str, &str)> = both
            .packages
            .iter()
            .map(|p| (p.database.as_str(), p.owner.as_str(), p.name.as_str()))
            .collect();
        let count = identities.len();
        identities.sort_unstable();
        identities.dedup();
        assert_eq!(identities.len(), count, "no package twice in one place");
        let mut ids: Vec<i64> = both.packages.iter().map(|p| p.code_id).collect();
        ids.dedup();
        assert_eq!(ids.len(), count);
    }

    #[test]
    fn prod_versions_move_forward() {
        for p in demo_prod().packages {
            let all: Vec<&PackageVersion> = p.history.iter().chain([&p.current]).collect();
            for pair in all.windows(2) {
                assert!(pair[0].updated_on < pair[1].updated_on, "{}", p.name);
                assert_eq!(pair[0].number + 1, pair[1].number);
            }
            assert_eq!(p.created_on, all[0].updated_on, "{}", p.name);
        }
    }
}

//! History's algorithms on the issue's sizes: search over 100 actions × 50 versions (≈15 MB of code,
//! the demo tenant's seed actions copied and varied, then edited the way versions are), and blame of
//! a 3 000-line action over 50 versions. Reports only; nothing here asserts a timing.
//!
//! `cargo bench --bench history -- --warm-up-time 1 --measurement-time 5`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // bench code stops at the line that failed

use std::collections::HashMap;

use criterion::{black_box, criterion_group, criterion_main, Criterion};

#[path = "support/seeds.rs"]
mod seeds;

use codedeck::history::{
    blame, pickaxe, search, Pattern, PatternKind, Revision, SearchEntry, VersionKey,
};

const ACTIONS: usize = 100;
const VERSIONS: usize = 50;

/// The demo tenant's seed actions and modules, sorted by file name.
fn seeds() -> Vec<String> {
    seeds::seed_sources()
        .into_iter()
        .map(|(_, source)| source)
        .collect()
}

/// Seed sources from `first` on, names and numbers varied by `copy`, until `bytes` long.
fn varied(seeds: &[String], first: usize, copy: usize, bytes: usize) -> String {
    let mut out = String::new();
    let mut next = first;
    while out.len() < bytes {
        let source = &seeds[next % seeds.len()];
        out.push_str(
            &source
                .replace("const ", &format!("const c{copy}_"))
                .replace("3000", &format!("{}", 3000 + copy))
                .replace("exports.", &format!("exports.v{copy}_")),
        );
        next += 1;
    }
    out
}

/// The version after `code`: `edits` lines edited, one inserted and, every third version, one
/// deleted, at places that move with `version`.
fn next_version(code: &str, version: usize, edits: usize) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let len = lines.len().max(1);
    let edited: Vec<usize> = (0..edits)
        .map(|k| (version * 131 + k * (len / edits.max(1) + 7)) % len)
        .collect();
    let inserted = (version * 61 + 11) % len;
    let deleted = version
        .is_multiple_of(3)
        .then_some((version * 97 + 5) % len);
    let mut out = String::with_capacity(code.len() + 256);
    for (i, line) in lines.iter().enumerate() {
        if i == inserted {
            out.push_str(&format!(
                "  logger.debug('checkpoint v{version} at {i}');\n"
            ));
        }
        if Some(i) == deleted {
            continue;
        }
        if edited.contains(&i) && !line.trim().is_empty() {
            out.push_str(&format!("{line} // reviewed in v{version}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// An action's versions oldest → newest. Version 30 rolls back to version 25 (the same code again).
fn trail(first: String, edits: usize) -> Vec<String> {
    let mut versions = vec![first];
    for v in 1..VERSIONS {
        let next = if v == 30 {
            versions[25].clone()
        } else {
            next_version(versions.last().unwrap(), v, edits)
        };
        versions.push(next);
    }
    versions
}

/// The tenant: every version of every action as a search entry, and the distinct blobs.
struct Tenant {
    entries: Vec<SearchEntry<usize, VersionKey, usize>>,
    blobs: Vec<String>,
    total_bytes: usize,
}

fn tenant() -> Tenant {
    let seeds = seeds();
    let mut blobs: Vec<String> = Vec::new();
    let mut blob_of: HashMap<String, usize> = HashMap::new();
    let mut entries = Vec::new();
    let mut total_bytes = 0;
    for action in 0..ACTIONS {
        let first = varied(&seeds, action, action, 1_100);
        for (number, code) in trail(first, 3).into_iter().enumerate() {
            total_bytes += code.len();
            let next_id = blobs.len();
            let blob = *blob_of.entry(code.clone()).or_insert(next_id);
            if blob == next_id {
                blobs.push(code);
            }
            entries.push(SearchEntry {
                object: action,
                version: VersionKey::Number(number as u32 + 1),
                blob,
            });
        }
    }
    Tenant {
        entries,
        blobs,
        total_bytes,
    }
}

fn searches(c: &mut Criterion) {
    let tenant = tenant();
    let unique: usize = tenant.blobs.iter().map(String::len).sum();
    eprintln!(
        "tenant: {ACTIONS} actions × {VERSIONS} versions, {} entries, {:.1} MB of code, {} distinct blobs ({:.1} MB)",
        tenant.entries.len(),
        tenant.total_bytes as f64 / 1e6,
        tenant.blobs.len(),
        unique as f64 / 1e6
    );
    let cases = [
        (
            "search_literal_absent",
            "no such text here",
            PatternKind::Literal,
            false,
        ),
        (
            "search_literal_one_line",
            "checkpoint v17 ",
            PatternKind::Literal,
            false,
        ),
        (
            "search_literal_common",
            "api.access.deny",
            PatternKind::Literal,
            false,
        ),
        (
            "search_literal_ignore_case",
            "API.ACCESS.DENY",
            PatternKind::Literal,
            true,
        ),
        (
            "search_regex",
            r"api\.(access|idToken)\.\w+\('",
            PatternKind::Regex,
            false,
        ),
        (
            "search_regex_no_literal",
            r"c\d+_\w+ = await",
            PatternKind::Regex,
            false,
        ),
    ];
    for (name, text, kind, ignore_case) in cases {
        let pattern = Pattern::new(text, kind, ignore_case).unwrap();
        let found = search(&pattern, tenant.entries.clone(), |b| {
            tenant.blobs.get(*b).map(String::as_str)
        });
        let versions: usize = found.iter().map(|o| o.versions.len()).sum();
        let lines: usize = found
            .iter()
            .flat_map(|o| &o.versions)
            .map(|v| v.hits.len())
            .sum();
        eprintln!(
            "{name} {text:?}: {} objects, {versions} versions, {lines} lines",
            found.len()
        );
        c.bench_function(name, |b| {
            b.iter(|| {
                search(&pattern, tenant.entries.iter().cloned(), |b| {
                    tenant.blobs.get(*b).map(String::as_str)
                })
            });
        });
    }
}

fn blames(c: &mut Criterion) {
    let seeds = seeds();
    // 3 000 lines: the seeds copied with names varied until long enough.
    let mut first = String::new();
    let mut copy = 0;
    while first.lines().count() < 3_000 {
        first.push_str(&varied(&seeds, copy, copy, 1));
        copy += 1;
    }
    let first: String = first
        .lines()
        .take(3_000)
        .map(|l| format!("{l}\n"))
        .collect();
    let versions = trail(first, 12);
    let revisions: Vec<Revision> = versions.iter().map(|c| Revision::of_code(c)).collect();
    let newest = revisions.len() - 1;
    let blamed = blame(&revisions, newest).unwrap();
    let origins: std::collections::BTreeSet<usize> =
        blamed.lines.iter().map(|l| l.origin).collect();
    eprintln!(
        "blame: {} lines at the newest of {} versions, {} KB, lines from {} versions",
        blamed.lines.len(),
        revisions.len(),
        versions[newest].len() / 1000,
        origins.len()
    );
    c.bench_function("blame_3000_lines_50_versions", |b| {
        b.iter(|| blame(black_box(&revisions), newest));
    });
    let pattern = Pattern::literal("checkpoint v17 ").unwrap();
    c.bench_function("pickaxe_3000_lines_50_versions", |b| {
        b.iter(|| pickaxe(black_box(&revisions), &pattern));
    });
}

/// The same tenant recorded in a history store (a temporary file), searched THROUGH it as
/// `codedeck search` and `S` do: every version read, each distinct blob read and decoded once, then
/// the scan. Recorded as modules (the store keeps every kind alike; a module version is the
/// smallest record to build here).
fn store_searches(c: &mut Criterion) {
    use codedeck::model::{Module, ModuleVersion};
    use codedeck::shell::search::CodeCache;
    use codedeck::store::{Place, Store};

    let tenant = tenant();
    let dir = tempfile::tempdir().unwrap();
    let path = Store::path_in(dir.path());
    let mut store = Store::open(&path).unwrap();
    let place = Place::auth0("bench.eu.auth0.com");
    let mut by_object: HashMap<usize, Vec<ModuleVersion>> = HashMap::new();
    for entry in &tenant.entries {
        let VersionKey::Number(number) = entry.version else {
            continue;
        };
        by_object
            .entry(entry.object)
            .or_default()
            .push(ModuleVersion {
                id: format!("m{}-v{number}", entry.object),
                module_id: format!("m{}", entry.object),
                number,
                code: tenant.blobs[entry.blob].clone(),
                dependencies: vec![],
                secrets: vec![],
                created_at: None,
            });
    }
    for (object, versions) in &by_object {
        let module = Module {
            id: format!("m{object}"),
            name: format!("module {object}"),
            code: versions.last().unwrap().code.clone(),
            dependencies: vec![],
            secrets: vec![],
            actions_using_module_total: 0,
            all_changes_published: true,
            latest_version: None,
            created_at: None,
            updated_at: None,
        };
        store
            .record_module_versions(&place, &module, versions)
            .unwrap();
    }
    let stats = store.stats().unwrap();
    eprintln!(
        "store: {} versions, {:.1} MB unique code, {:.1} MB on disk",
        stats.places[0].versions,
        stats.unique_code_bytes as f64 / 1e6,
        stats.file_bytes as f64 / 1e6
    );
    let cases = [
        (
            "store_search_literal",
            "api.access.deny",
            PatternKind::Literal,
        ),
        (
            "store_search_regex",
            r"api\.(access|idToken)\.\w+\('",
            PatternKind::Regex,
        ),
    ];
    for (name, text, kind) in cases {
        let pattern = Pattern::new(text, kind, false).unwrap();
        c.bench_function(name, |b| {
            b.iter(|| {
                let code = store.stored_code(None, |_| true).unwrap();
                codedeck::shell::search::search_stored(&code, &pattern)
            });
        });
        // As the dashboard searches again: the versions re-read, the code kept since the first.
        let mut kept = CodeCache::new(CodeCache::DASHBOARD_LIMIT);
        kept.read(&store).unwrap();
        eprintln!("kept code: {:.1} MB", kept.bytes() as f64 / 1e6);
        c.bench_function(&format!("{name}_kept"), |b| {
            b.iter(|| {
                let code = kept.read(&store).unwrap();
                codedeck::shell::search::search_stored(&code, &pattern)
            });
        });
    }
    c.bench_function("store_read_only", |b| {
        b.iter(|| store.stored_code(None, |_| true).unwrap());
    });
    // The size rule is about the file as it rests: closed, its WAL checkpointed into it.
    drop(store);
    let closed = std::fs::metadata(&path).unwrap().len();
    eprintln!(
        "file closed: {:.1} MB = {:.2}x the unique code",
        closed as f64 / 1e6,
        closed as f64 / stats.unique_code_bytes as f64
    );
}

criterion_group!(benches, searches, blames, store_searches);
criterion_main!(benches);

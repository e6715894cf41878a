//! The warm start on the size: a history store holding 100 actions × 50 versions (≈15 MB of
//! code, made with the Store API from the demo's seed JavaScript), the dashboard created on it
//! until its first populated frame — with the count of requests sent before that frame (it must be
//! zero) — and the resident memory of the release dashboard (`codedeck --demo` in tmux, the store
//! in its data dir) read from /proc. Reports only; the request count is the one thing asserted.
//!
//! `cargo bench --bench warm_start -- --warm-up-time 1 --measurement-time 5`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // bench code stops at the line that failed

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "support/seeds.rs"]
mod seeds;
#[allow(dead_code)]
#[path = "../tests/support/tmux.rs"]
mod tmux;

use codedeck::app::RunOptions;
use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
use codedeck::backend::both::Both;
use codedeck::backend::faircom::{parse_faircom_url, FairComClient, FairComConfig};
use codedeck::backend::Backend;
use codedeck::emulator::EmulatorHandle;
use codedeck::model::{Action, ActionVersion, BuildStatus, ConnectionInfo, TriggerRef};
use codedeck::secret::Secret;
use codedeck::shell::Driver;
use codedeck::store::{place_of, Service, SharedStore, Store};
use codedeck::theme::Theme;

const ACTIONS: usize = 100;
const VERSIONS: usize = 50;
/// Each version's code, about (100 × 50 × 3 KB ≈ 15 MB).
const CODE_BYTES: usize = 3_000;
const WIDTH: u16 = 160;
const HEIGHT: u16 = 45;

/// Action `a`'s version `v`: seed sources varied by the action, with edits that move with `v`.
fn code(seeds: &[String], a: usize, v: usize) -> String {
    let mut out = String::with_capacity(CODE_BYTES + 256);
    let mut next = a;
    while out.len() < CODE_BYTES {
        out.push_str(&seeds[next % seeds.len()].replace("const ", &format!("const a{a}_")));
        next += 1;
    }
    let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
    let len = lines.len();
    for k in 0..=v.min(20) {
        let at = (v * 131 + k * 17) % len;
        lines[at] = format!("{} // v{v}.{k}", lines[at]);
    }
    lines.insert((v * 61) % len, format!("const changedIn{v} = {v};"));
    lines.join("\n")
}

fn version(a: usize, v: usize, code: String, created: chrono::DateTime<Utc>) -> ActionVersion {
    ActionVersion {
        id: format!("act_{a}-v{v}"),
        number: v as u32,
        code,
        runtime: "node22".into(),
        status: BuildStatus::Built,
        deployed: false,
        errors: vec![],
        dependencies: vec![],
        secrets: vec![],
        modules: vec![],
        supported_triggers: vec![trigger()],
        created_at: Some(created),
        built_at: Some(created),
    }
}

fn trigger() -> TriggerRef {
    TriggerRef {
        id: "post-login".into(),
        version: "v3".into(),
    }
}

/// The store of the warm start: every version recorded, then the list (each action with its draft
/// and its live, newest, version), seen ten minutes ago. Returns the unique code bytes.
fn fill(path: &Path, connection: &ConnectionInfo) -> usize {
    let seeds: Vec<String> = seeds::seed_sources().into_iter().map(|(_, s)| s).collect();
    let mut store = Store::open(path).unwrap();
    let place = place_of(connection, Service::Auth0).unwrap();
    let start = Utc::now() - chrono::Duration::days(200);
    let mut list = vec![];
    let mut bytes = 0;
    for a in 0..ACTIONS {
        let versions: Vec<ActionVersion> = (1..=VERSIONS)
            .map(|v| {
                let at = start + chrono::Duration::hours((a * VERSIONS + v) as i64);
                version(a, v, code(&seeds, a, v), at)
            })
            .collect();
        bytes += versions.iter().map(|v| v.code.len()).sum::<usize>();
        let live = versions.last().cloned().unwrap();
        let action = Action {
            id: format!("act_{a}"),
            name: format!("Warm action {a:03}"),
            supported_triggers: vec![trigger()],
            code: live.code.clone(),
            code_loaded: true,
            runtime: "node22".into(),
            status: BuildStatus::Built,
            dependencies: vec![],
            secrets: vec![],
            modules: vec![],
            all_changes_deployed: true,
            deployed_version: Some(ActionVersion {
                deployed: true,
                ..live
            }),
            created_at: Some(start),
            updated_at: Some(start),
        };
        store
            .record_action_versions(&place, &action, &versions)
            .unwrap();
        list.push(action);
    }
    store
        .record_list(&place, &list, Utc::now() - chrono::Duration::minutes(10))
        .unwrap();
    bytes
}

/// The demo emulator and a backend on it whose connection is the demo's (`demo-dev`), as
/// `codedeck --demo` has it.
async fn demo_backend() -> (EmulatorHandle, Arc<dyn Backend>) {
    let emu = codedeck::emulator::spawn(Default::default()).await.unwrap();
    let mut auth0 = Auth0Config::new(
        parse_base_url(&emu.base_url()).unwrap(),
        Credentials::Token(Secret::new(emu.token())),
    );
    auth0.demo = true;
    let mut faircom = FairComConfig::new(
        parse_faircom_url(&emu.faircom_url()).unwrap(),
        emu.faircom_username(),
        emu.faircom_password(),
    );
    faircom.demo = true;
    let backend = Both::either(
        Some(Arc::new(Auth0Client::new(auth0).unwrap())),
        Some(Arc::new(FairComClient::new(faircom).unwrap())),
    )
    .unwrap();
    (emu, backend)
}

fn requests(emu: &EmulatorHandle) -> usize {
    emu.requests().iter().map(|(_, n)| n).sum()
}

/// From creating the dashboard to its first frame with the stored list: the driver runs its
/// commands in order, and the store's read is the first.
async fn first_populated_frame(backend: &Arc<dyn Backend>, store: &SharedStore) -> usize {
    let mut driver = Driver::new(backend.clone(), Theme::default(), RunOptions::default())
        .with_store(store.clone());
    driver.resize(WIDTH, HEIGHT);
    driver.step().await;
    let shown = driver.state.visible_actions().len();
    let frame = driver.render(WIDTH, HEIGHT);
    assert_eq!(shown, ACTIONS, "the stored list is shown");
    assert!(frame.content().len() > 1);
    shown
}

fn bench(c: &mut Criterion) {
    let data = tempfile::tempdir().unwrap();
    let path = Store::path_in(&data.path().join("demo"));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (emu, backend) = runtime.block_on(demo_backend());
    let connection = backend.connection();
    let started = Instant::now();
    let bytes = fill(&path, &connection);
    let file = std::fs::metadata(&path).unwrap().len()
        + std::fs::metadata(path.with_extension("sqlite3-wal")).map_or(0, |m| m.len());
    println!(
        "warm_start: store of {ACTIONS} actions × {VERSIONS} versions: {:.1} MB of code, file {:.1} MB, made in {:.1} s",
        bytes as f64 / 1e6,
        file as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    // A cold open (a new connection to the file, as a new run has), then the first frame.
    let before = requests(&emu);
    let mut cold = vec![];
    let (mut opening, mut reading, mut drawing) = (vec![], vec![], vec![]);
    for _ in 0..20 {
        let at = Instant::now();
        let store = Store::open(&path).unwrap().shared();
        opening.push(at.elapsed());
        runtime.block_on(first_populated_frame(&backend, &store));
        cold.push(at.elapsed());
        // The parts: the store's read alone, and one frame of the list alone.
        let read = Instant::now();
        let lists = codedeck::shell::stored::read_now(&store, &connection);
        reading.push(read.elapsed());
        let mut driver = Driver::new(backend.clone(), Theme::default(), RunOptions::default());
        driver.resize(WIDTH, HEIGHT);
        driver.send(codedeck::app::msg::Msg::StoredListsRead(Box::new(lists)));
        let draw = Instant::now();
        driver.render(WIDTH, HEIGHT);
        drawing.push(draw.elapsed());
    }
    let median = |mut times: Vec<Duration>| {
        times.sort();
        times[times.len() / 2].as_secs_f64() * 1e3
    };
    println!(
        "warm_start: parts (medians): open the store {:.1} ms, read the stored lists {:.1} ms, draw the first frame {:.1} ms",
        median(opening),
        median(reading),
        median(drawing)
    );
    let made = requests(&emu) - before;
    assert_eq!(made, 0, "requests before the first populated frame");
    cold.sort();
    println!(
        "warm_start: store opened + dashboard created → first populated frame: median {:.1} ms, max {:.1} ms; requests before it: {made}",
        cold[cold.len() / 2].as_secs_f64() * 1e3,
        cold[cold.len() - 1].as_secs_f64() * 1e3,
    );

    let store = Store::open(&path).unwrap().shared();
    c.bench_function(
        "warm start: dashboard created → first populated frame",
        |b| {
            b.iter(|| runtime.block_on(first_populated_frame(&backend, &store)));
        },
    );
    assert_eq!(
        requests(&emu) - before,
        0,
        "requests before the first populated frame"
    );

    resident_memory(data.path());
}

/// The release dashboard (`codedeck --demo`, built with this bench) on that store, in tmux: its
/// resident set once the stored list and then the live one are shown.
fn resident_memory(data: &Path) {
    if std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_err()
    {
        println!("warm_start: tmux is not installed; resident memory not measured");
        return;
    }
    let env = [
        (
            "XDG_CONFIG_HOME",
            "/nonexistent/codedeck-bench-config-home".to_string(),
        ),
        ("CODEDECK_DATA_DIR", data.display().to_string()),
    ];
    let binary = Path::new(env!("CARGO_BIN_EXE_codedeck"));
    let t = tmux::Tmux::start("warm-rss", (WIDTH, HEIGHT), &env, binary, &["--demo"]);
    // The first capture with the header (not a settled one: the live list follows quickly).
    let first = loop {
        let screen = t.screen();
        if screen
            .lines()
            .next()
            .is_some_and(|l| l.contains("codedeck"))
        {
            break screen;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    // Half a frame may be captured (tmux has no synchronized output): the header's mark says it.
    let warm =
        first.contains("Warm action") || first.lines().next().unwrap_or("").contains("cached");
    // The live demo list replaces the stored one; then the dashboard idles.
    t.wait_for("the live list", |s| {
        !s.lines().next().unwrap_or("").contains("cached")
    });
    std::thread::sleep(Duration::from_secs(2));
    let shell: u32 = t.format("#{pane_pid}").parse().unwrap();
    let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap();
    let pid: u32 = children.split_whitespace().next().unwrap().parse().unwrap();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .map(|l| l.trim_start_matches(name).trim().to_string())
            .unwrap_or_default()
    };
    println!(
        "warm_start: release dashboard (--demo, the store open; first screen showed the stored list: {warm}): VmRSS {}, VmHWM {}",
        field("VmRSS:"),
        field("VmHWM:")
    );
    t.keys(&["q"]);
}

criterion_group!(benches, bench);
criterion_main!(benches);

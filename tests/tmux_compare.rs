//! The Compare view (`5`) as a user meets it: the real binary in tmux. Two profiles pointing at two
//! emulators (one a production stage, drifted through the API here): `--from dev --to prod`, a
//! `code differs` row, Enter shows the diff with the settings above; and `--demo` alone, which
//! compares demo-dev with demo-prod. Skips without tmux (fails under CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;
use std::time::Duration;

use codedeck::backend::Backend;
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions};
use codedeck::model::{ActionFilter, DraftChange};
use support::dashboard::client;
use support::tmux::{self, Tmux};

const SIZE: (u16, u16) = (160, 45);

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_codedeck"))
}

async fn emulator() -> EmulatorHandle {
    emulator::spawn(EmulatorOptions {
        build_duration: Duration::from_millis(20),
        deploy_duration: Duration::from_millis(20),
        ..EmulatorOptions::default()
    })
    .await
    .unwrap()
}

/// Changes a deployed action's code on `emu` and deploys it; its name.
async fn drift(emu: &EmulatorHandle) -> String {
    let backend = client(emu);
    let actions = backend
        .list_actions(&ActionFilter::default())
        .await
        .unwrap();
    let action = actions
        .iter()
        .rev()
        .find(|a| a.deployed_version.is_some() && a.all_changes_deployed)
        .unwrap()
        .clone();
    let action = backend.get_action(&action.id).await.unwrap();
    let code = format!("{}\n// hotfixed in prod\n", action.code);
    backend
        .update_action(&action.id, &DraftChange::code(code))
        .await
        .unwrap();
    for _ in 0..200 {
        if backend.deploy_action(&action.id).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for _ in 0..200 {
        if backend
            .get_action(&action.id)
            .await
            .unwrap()
            .all_changes_deployed
        {
            return action.name;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the deploy never went live");
}

/// A config file (owner-only) with the two profiles.
fn config(dir: &Path, dev: &EmulatorHandle, prod: &EmulatorHandle) -> String {
    let path = dir.join("config.toml");
    let text = format!(
        "[profiles.dev]\nauth0_domain = \"{}\"\nauth0_api_token = \"{}\"\n\n\
         [profiles.prod]\nauth0_domain = \"{}\"\nauth0_api_token = \"{}\"\nproduction = true\n",
        dev.base_url(),
        dev.token(),
        prod.base_url(),
        prod.token()
    );
    std::fs::write(&path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path.display().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_profiles_a_code_differs_row_and_its_diff() {
    if !tmux::available() {
        return;
    }
    let (dev, prod) = (emulator().await, emulator().await);
    let name = drift(&prod).await;
    let home = tempfile::tempdir().unwrap();
    let env = vec![
        ("CODEDECK_CONFIG", config(home.path(), &dev, &prod)),
        ("CODEDECK_DATA_DIR", home.path().display().to_string()),
    ];
    let t = Tmux::start(
        "compare",
        SIZE,
        &env,
        binary(),
        &["--from", "dev", "--to", "prod"],
    );
    t.wait_for_text("5 Compare");
    t.keys(&["5"]);
    let screen = t.wait_for_text("code differs");
    assert!(screen.contains("dev → prod (production)"), "{screen}");
    t.type_text("/");
    t.type_text(&name);
    t.keys(&["Enter"]);
    t.wait_for("only the drifted row", |s| {
        s.contains(&name) && s.contains("code differs") && !s.contains(" same ")
    });
    t.keys(&["Enter"]);
    let screen = t.wait_for_text("// hotfixed in prod");
    assert!(screen.contains("dev (live) → prod (live)"), "{screen}");
    assert!(screen.contains("Settings that differ"), "{screen}");
    t.keys(&["Escape"]);
    t.wait_for("back to the rows", |s| {
        s.contains("code differs") && !s.contains("// hotfixed")
    });
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

/// `--demo` on view 5, filtered to Progressive profiling (`code differs`: dev's live v6 has a
/// `skip_profiling` opt-out prod has not got yet), its diff opened. The data dir is `home`.
fn demo_on_progressive_profilings_diff(session: &str, home: &Path) -> Tmux {
    let env = vec![
        (
            "XDG_CONFIG_HOME",
            "/nonexistent/codedeck-compare-config-home".to_string(),
        ),
        ("CODEDECK_DATA_DIR", home.display().to_string()),
    ];
    let t = Tmux::start(session, SIZE, &env, binary(), &["--demo"]);
    t.wait_for_text("5 Compare");
    t.keys(&["5"]);
    let screen = t.wait_for("both stages read", |s| {
        s.contains("demo-dev → demo-prod (production)") && s.contains("code differs")
    });
    assert!(!screen.contains("reading demo-"), "{screen}");
    t.type_text("/");
    t.type_text("Progressive profiling");
    t.keys(&["Enter"]);
    t.wait_for("only that row", |s| {
        s.contains("Progressive profiling") && s.contains("code differs") && !s.contains(" same ")
    });
    t.keys(&["Enter"]);
    let screen = t.wait_for_text("skip_profiling");
    assert!(
        screen.contains("demo-dev (live) → demo-prod (live)"),
        "{screen}"
    );
    t
}

/// `--demo` alone compares demo-dev with demo-prod: their drift is the seed's ("Progressive
/// profiling" is live at v6 in dev, with a `skip_profiling` opt-out prod has not got yet).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_compares_its_two_stages() {
    if !tmux::available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let t = demo_on_progressive_profilings_diff("compare-demo", home.path());
    t.keys(&["Escape"]);
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

/// Every journal line under `dir` (the demo keeps its journal in a folder of the data dir).
fn journal_lines(dir: &Path) -> Vec<String> {
    let mut lines = vec![];
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.file_name().is_some_and(|n| n == "journal.jsonl") {
                let text = std::fs::read_to_string(&path).unwrap();
                lines.extend(text.lines().map(str::to_string));
            }
        }
    }
    lines
}

/// `--demo`: a `code differs` row, its diff, `P`, the dialog's second button (promote and deploy),
/// `y`: the row becomes `same`, the journal has the promote naming demo-dev; `u`, `y` puts what
/// was live back (a roll forward), and the row differs again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_promotes_a_row_and_u_puts_it_back() {
    if !tmux::available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let t = demo_on_progressive_profilings_diff("compare-promote", home.path());
    t.keys(&["Escape"]);
    t.wait_for("back to the rows", |s| {
        s.contains("code differs") && !s.contains("Settings that differ")
    });
    t.keys(&["P"]);
    let screen = t.wait_for_text("Promote into demo-prod");
    assert!(
        screen.contains("from demo-dev to demo-prod (a PRODUCTION stage)"),
        "{screen}"
    );
    assert!(screen.contains("demo-prod after the promote"), "{screen}");
    // Cancel → Promote → Promote and deploy.
    t.keys(&["Tab", "Tab"]);
    t.type_text("y");
    t.wait_for("the row is the same", |s| {
        s.contains("Progressive profiling") && s.contains(" same ") && !s.contains("code differs")
    });
    let lines = journal_lines(home.path());
    assert!(
        lines
            .iter()
            .any(|l| l.contains("\"promoted_from\":\"demo-dev\"")
                && l.contains("\"profile\":\"demo-prod\"")
                && l.contains("Progressive profiling")
                && l.contains("\"outcome\":\"done\"")),
        "the journal has the promote:\n{}",
        lines.join("\n")
    );
    t.type_text("u");
    // The dialog says what the undo does, on which stage, in words.
    t.wait_for_text("Put demo-prod's Progressive profiling back to v");
    t.type_text("y");
    t.wait_for("the row differs again", |s| {
        s.contains("Progressive profiling") && s.contains("code differs")
    });
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

//! The dashboard's runtime as a user meets it: the real binary in tmux against the emulator. A window
//! too small to show the app ignores keys; every terminating signal gives the terminal back; pending
//! work is followed and the view refreshes without `R`. Skips without tmux (fails under CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;
use std::process::Command;

use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions};
use support::tmux::{self, Tmux};

const SIZE: (u16, u16) = (160, 45);

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_codedeck"))
}

/// A user whose AUTH0_* variables point at the emulator, with their own data folder (journal).
fn connected(emu: &EmulatorHandle, data: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("CODEDECK_DATA_DIR", data.display().to_string()),
        ("AUTH0_DOMAIN", emu.base_url()),
        ("AUTH0_API_TOKEN", emu.token()),
    ]
}

fn versions_of(emu: &EmulatorHandle, name: &str) -> usize {
    emu.with_store(|s| s.action_named(name).unwrap().versions.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_do_nothing_while_the_window_is_too_small_except_quit() {
    if !tmux::available() {
        return;
    }
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let t = Tmux::start("small", SIZE, &connected(&emu, data.path()), binary(), &[]);
    t.wait_for_text("Require MFA for admins");
    let before = versions_of(&emu, "Require MFA for admins");
    t.type_text("/mfa");
    t.keys(&["Enter"]);
    t.wait_for("the filtered list", |s| !s.contains("Add role claims"));

    // Too small: the message says keys are ignored; `p` then `y` would deploy unseen.
    t.resize(50, 12);
    let screen = t.wait_for_text("too small");
    assert!(screen.contains("ignored"), "{screen}");
    t.type_text("py");
    // Back to full size: the help (a key typed now) shows, and nothing else happened.
    t.resize(SIZE.0, SIZE.1);
    t.wait_for_text("Require MFA for admins");
    t.keys(&["?"]);
    let screen = t.wait_for_text("show or hide this help");
    assert!(!screen.contains("y Deploy"), "no dialog opened:\n{screen}");
    assert_eq!(versions_of(&emu, "Require MFA for admins"), before);
    let deploys: usize = emu.with_store(|s| {
        s.actions
            .iter()
            .map(|a| emu.request_count("POST", &format!("/api/v2/actions/actions/{}/deploy", a.id)))
            .sum()
    });
    assert_eq!(deploys, 0, "no deploy was sent");

    // Quitting still works while too small.
    t.resize(50, 12);
    t.wait_for_text("too small");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

/// The pid of the program the pane's shell started (`env` execs it).
fn program_pid(t: &Tmux) -> u32 {
    let shell = t.format("#{pane_pid}");
    let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
        .expect("the shell's children");
    children
        .split_whitespace()
        .next()
        .expect("the program runs")
        .parse()
        .unwrap()
}

/// `stty -a` of the pane's terminal.
fn tty_settings(t: &Tmux) -> String {
    let tty = t.format("#{pane_tty}");
    let out = Command::new("stty")
        .args(["-F", &tty, "-a"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_terminating_signal_gives_the_terminal_back() {
    if !tmux::available() {
        return;
    }
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    for signal in ["INT", "HUP", "TERM", "QUIT"] {
        let name = format!("signal-{signal}");
        let t = Tmux::start(&name, SIZE, &connected(&emu, data.path()), binary(), &[]);
        t.wait_for_text("Require MFA for admins");
        assert_eq!(t.format("#{alternate_on}"), "1");
        assert!(tty_settings(&t).contains("-icanon"), "raw while running");

        let pid = program_pid(&t);
        let status = Command::new("kill")
            .args([format!("-{signal}"), pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        t.wait_for_exit();
        assert_eq!(t.format("#{alternate_on}"), "0", "SIG{signal}: main screen");
        assert_eq!(t.format("#{mouse_any_flag}"), "0", "SIG{signal}: mouse off");
        assert_eq!(t.format("#{cursor_flag}"), "1", "SIG{signal}: cursor shown");
        let stty = tty_settings(&t);
        assert!(
            !stty.contains("-icanon") && !stty.contains("-echo "),
            "SIG{signal}: the terminal is cooked again: {stty}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_elsewhere_appears_without_r_and_its_build_is_followed_to_built() {
    use codedeck::backend::Backend;
    if !tmux::available() {
        return;
    }
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let config = data.path().join("config.toml");
    std::fs::write(&config, "refresh_seconds = 1\n").unwrap();
    let mut env = connected(&emu, data.path());
    env.push(("CODEDECK_CONFIG", config.display().to_string()));
    let t = Tmux::start("refresh", SIZE, &env, binary(), &[]);
    let name = "Add role claims to tokens";
    let row = |screen: &str| {
        screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_default()
            .to_string()
    };
    let screen = t.wait_for_text(name);
    assert!(!row(&screen).contains("≠ live"), "{screen}");

    // Another client edits the draft: a build starts.
    let api = support::dashboard::client(&emu);
    let id = emu.with_store(|s| s.action_named(name).unwrap().id.clone());
    let code = api.get_action(&id).await.unwrap().code + "\n// changed elsewhere\n";
    api.update_action(&id, &codedeck::model::DraftChange::code(code))
        .await
        .unwrap();

    // No key pressed: the refresh shows it and says so; the build is followed until it is built.
    let screen = t.wait_for_text("changed elsewhere");
    assert!(
        screen.contains(&format!("{name} changed elsewhere")),
        "{screen}"
    );
    t.wait_for("the build followed to the end", |s| {
        let row = row(s);
        row.contains("≠ live") && row.contains("built")
    });
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signal_during_a_deploy_restores_the_terminal_and_says_the_outcome_is_unknown() {
    if !tmux::available() {
        return;
    }
    let emu = emulator::spawn(EmulatorOptions {
        deploy_duration: std::time::Duration::from_mins(10),
        ..EmulatorOptions::default()
    })
    .await
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let t = Tmux::start(
        "signal-deploy",
        SIZE,
        &connected(&emu, data.path()),
        binary(),
        &[],
    );
    t.wait_for_text("Require MFA for admins");
    t.type_text("/mfa");
    t.keys(&["Enter"]);
    t.wait_for("the filtered list", |s| !s.contains("Add role claims"));
    t.type_text("p");
    t.wait_for("the deploy dialog", |s| s.contains("y Deploy"));
    t.type_text("y");
    t.wait_for_text("waiting for it to go live");

    let status = Command::new("kill")
        .args(["-TERM", &program_pid(&t).to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        t.wait_for_exit(),
        1,
        "not a clean exit: a change was under way"
    );
    assert_eq!(t.format("#{alternate_on}"), "0");
    let screen = t.screen();
    assert!(
        screen.contains("outcome is unknown") && screen.contains("Require MFA for admins"),
        "{screen}"
    );
    // The journal holds the deploy's intent, written before it was sent, and that it was
    // interrupted: the next start checks it.
    let mut journal = support::cli::bin();
    journal.env("CODEDECK_DATA_DIR", data.path());
    let all = support::cli::json(&support::cli::run(journal, &["journal", "--json", "--all"]));
    let lines: Vec<(&str, &str)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["operation"].as_str().unwrap(),
                e["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("action_deploy", "intent"),
            ("action_deploy", "interrupted")
        ]
    );
}

/// Frames the dashboard drew: each is wrapped in a synchronized update (`CSI ? 2026 h`).
fn frames_in(output: &[u8]) -> usize {
    let begin = b"\x1b[?2026h";
    output.windows(begin.len()).filter(|w| *w == begin).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_held_key_is_drawn_in_a_few_frames_and_no_press_is_lost() {
    if !tmux::available() {
        return;
    }
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let t = Tmux::start("held", SIZE, &connected(&emu, data.path()), binary(), &[]);
    t.wait_for_text("Require MFA for admins");

    // 200 presses of `j` typed ahead at once, as a held key repeats: the selection ends on the last
    // action (where `G` puts it), and the queued presses are folded into a few frames, not one each.
    let output = data.path().join("terminal-output");
    t.record_output(&output);
    t.type_text(&"j".repeat(200));
    let selected = |screen: &str| {
        screen
            .lines()
            .find(|l| l.contains('›'))
            .map(str::to_string)
            .unwrap_or_default()
    };
    // Keys are handled in order: once the help (typed after the presses) shows, every press was.
    t.type_text("?");
    t.wait_for_text("show or hide this help");
    t.stop_recording();
    let frames = frames_in(&std::fs::read(&output).unwrap());
    t.keys(&["Escape"]);
    let screen = t.wait_for("the help closed", |s| !s.contains("show or hide this help"));
    t.keys(&["G", "?"]);
    t.wait_for_text("show or hide this help");
    t.keys(&["Escape"]);
    let at_end = t.wait_for("the help closed", |s| !s.contains("show or hide this help"));
    assert_eq!(
        selected(&at_end),
        selected(&screen),
        "a press was lost:\n{screen}"
    );
    assert!(
        frames <= 50,
        "200 queued presses took {frames} frames (one per press would be 200):\n{screen}"
    );
}

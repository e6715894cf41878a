//! Reaching out in the real dashboard (tmux): `y` writes the clipboard as OSC 52 to the terminal —
//! the bytes are recorded from the pane, and tmux (with `set-clipboard on`) takes them into its
//! paste buffer as a terminal would into the system clipboard.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;

use support::tmux::{self, Tmux};

const SIZE: (u16, u16) = (160, 45);

/// Decodes standard base64 (the OSC 52 payload).
fn unbase64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let values: Vec<u32> = text
        .bytes()
        .filter(|b| *b != b'=')
        .map(|b| ALPHABET.iter().position(|a| *a == b).unwrap() as u32)
        .collect();
    let mut out = vec![];
    for chunk in values.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, v)| n | (v << (18 - 6 * i)));
        out.extend(n.to_be_bytes()[1..chunk.len()].iter());
    }
    out
}

/// Every OSC 52 payload (base64) in the recorded bytes, in order.
fn osc52_payloads(output: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(output);
    text.split("\x1b]52;c;")
        .skip(1)
        .filter_map(|rest| rest.split('\x07').next().map(str::to_string))
        .collect()
}

#[test]
fn y_puts_the_selected_id_on_the_clipboard_through_osc_52() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let env = vec![
        ("XDG_CONFIG_HOME", support::cli::NO_CONFIG_HOME.to_string()),
        ("CODEDECK_DATA_DIR", data.path().display().to_string()),
    ];
    let t = Tmux::start(
        "reach-copy",
        SIZE,
        &env,
        Path::new(env!("CARGO_BIN_EXE_codedeck")),
        &["--demo"],
    );
    t.command(&["set-option", "-s", "set-clipboard", "on"]);
    t.wait_for_text("Require MFA for admins");
    let output = data.path().join("terminal-output");
    t.record_output(&output);
    t.keys(&["y"]);
    let screen = t.wait_for_text("bytes of id (OSC 52)");
    t.stop_recording();

    let recorded = std::fs::read(&output).unwrap();
    let payloads = osc52_payloads(&recorded);
    assert!(!payloads.is_empty(), "no OSC 52 in {recorded:?}");
    let copied = String::from_utf8(unbase64(&payloads[0])).unwrap();
    assert!(!copied.is_empty());
    let said = format!("copied {} bytes of id", copied.len());
    assert!(screen.contains(&said), "{said}:\n{screen}");
    // Inside tmux the sequence comes again in tmux's passthrough, its ESCs doubled.
    let text = String::from_utf8_lossy(&recorded);
    assert!(
        text.contains("\x1bPtmux;\x1b\x1b]52;c;"),
        "the passthrough copy: {text:?}"
    );
    // tmux took it as a terminal does: its newest paste buffer holds the id.
    let buffer = t.command(&["show-buffer"]);
    assert_eq!(buffer, copied);

    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn t_remembers_the_event_and_capital_t_saves_it_under_a_name() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let env = vec![
        ("XDG_CONFIG_HOME", support::cli::NO_CONFIG_HOME.to_string()),
        ("CODEDECK_DATA_DIR", data.path().display().to_string()),
        // The editor hands the event back as it was: the test runs with the sample event.
        ("VISUAL", "true".to_string()),
        ("EDITOR", "true".to_string()),
    ];
    let t = Tmux::start(
        "reach-payloads",
        SIZE,
        &env,
        Path::new(env!("CARGO_BIN_EXE_codedeck")),
        &["--demo"],
    );
    t.wait_for_text("Require MFA for admins");
    t.keys(&["t"]);
    t.wait_for_text("No error thrown.");
    t.keys(&["Escape"]);
    t.wait_for("the result closed", |s| !s.contains("No error thrown."));
    t.keys(&["T"]);
    t.wait_for_text("save the last run's event as");
    t.keys(&["j", "Enter"]);
    t.wait_for_text("Save the last test event as");
    t.type_text("smoke");
    t.keys(&["Enter"]);
    t.wait_for_text("saved the last test event as \"smoke\"");
    t.keys(&["T"]);
    let screen = t.wait_for_text("Test payloads");
    assert!(screen.contains("last run"), "{screen}");
    assert!(screen.contains("  smoke "), "{screen}");
    // Apart: an Escape followed at once by `q` reads as Alt-q.
    t.keys(&["Escape"]);
    t.wait_for("the menu closed", |s| !s.contains("Test payloads"));
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);

    // Kept beside the demo's journal, readable by the owner only.
    let file = data.path().join("demo").join("test-payloads.json");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"smoke\""), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

/// An executable script in `dir` (the editor the dashboard starts).
fn script(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path.display().to_string()
}

/// The demo on `data` with `editor` as the user's editor, its list shown.
fn demo_with_editor(name: &str, data: &Path, editor: &str) -> Tmux {
    let env = vec![
        ("XDG_CONFIG_HOME", support::cli::NO_CONFIG_HOME.to_string()),
        ("CODEDECK_DATA_DIR", data.display().to_string()),
        ("VISUAL", editor.to_string()),
        ("EDITOR", editor.to_string()),
    ];
    let t = Tmux::start(
        name,
        SIZE,
        &env,
        Path::new(env!("CARGO_BIN_EXE_codedeck")),
        &["--demo"],
    );
    t.wait_for_text("Require MFA for admins");
    t
}

#[test]
fn t_after_a_restart_opens_the_payload_last_tested_with_that_action() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let scripts = tempfile::tempdir().unwrap();
    // First run: the user edits the sample event before the test runs.
    let edit = script(
        scripts.path(),
        "edit.sh",
        "sed -i 's/jane.doe@example.com/remembered.by.t@example.com/' \"$1\"",
    );
    let t = demo_with_editor("reach-last-payload-1", data.path(), &edit);
    t.keys(&["t"]);
    let screen = t.wait_for_text("No error thrown.");
    assert!(screen.contains("Event: sample payload"), "{screen}");
    t.keys(&["Escape"]);
    t.wait_for("the result closed", |s| !s.contains("No error thrown."));
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    drop(t);

    // Started again: `t` on the same action opens the edited event. The editor shows the file's
    // email line (on a cleared screen) and waits for Enter, as a person reads it before running.
    let show = script(
        scripts.path(),
        "show.sh",
        "printf '\\033[H\\033[2J'; grep '\"email\"' \"$1\"; \
         echo 'the event t opened: Enter runs it'; read reply",
    );
    let t = demo_with_editor("reach-last-payload-2", data.path(), &show);
    t.keys(&["t"]);
    let screen = t.wait_for_text("the event t opened");
    assert!(
        screen.contains("remembered.by.t@example.com"),
        "the edited event:\n{screen}"
    );
    assert!(!screen.contains("jane.doe@example.com"), "{screen}");
    t.keys(&["Enter"]);
    let screen = t.wait_for_text("No error thrown.");
    assert!(screen.contains("Event: last payload"), "{screen}");
    t.keys(&["Escape"]);
    t.wait_for("the result closed", |s| !s.contains("No error thrown."));

    // Another action keeps its own: the sample there.
    t.keys(&["j", "t"]);
    let screen = t.wait_for_text("the event t opened");
    assert!(!screen.contains("remembered.by.t@example.com"), "{screen}");
    t.keys(&["Enter"]);
    let screen = t.wait_for_text("Event: ");
    assert!(screen.contains("Event: sample payload"), "{screen}");
    t.keys(&["Escape"]);
    t.wait_for("the result closed", |s| !s.contains("Event: "));
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

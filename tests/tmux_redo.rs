//! Undo further back and redo (issue 19) in the real dashboard (tmux, `--demo`, isolated data and
//! config): a rollback, `z` undoes it (asking), `Z` redoes it (asking) and the redo shows live.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;

use support::tmux::{self, Tmux};

const SIZE: (u16, u16) = (160, 45);
const ACTION: &str = "Limit M2M scopes";

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_codedeck"))
}

/// The words the status line says once version `number` is live.
fn live_now(number: u32) -> String {
    format!("'{ACTION}': version {number} is live")
}

/// The live version the status line names.
fn said_live(screen: &str) -> u32 {
    let prefix = format!("'{ACTION}': version ");
    let at = screen.find(&prefix).expect(screen) + prefix.len();
    screen[at..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .expect(screen)
}

#[test]
fn z_undoes_a_rollback_and_shift_z_redoes_it_on_screen() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let env = vec![
        ("XDG_CONFIG_HOME", support::cli::NO_CONFIG_HOME.to_string()),
        ("CODEDECK_DATA_DIR", data.path().display().to_string()),
        ("HOME", data.path().display().to_string()),
    ];
    let t = Tmux::start("demo-redo", SIZE, &env, binary(), &["--demo"]);
    t.wait_for_text(ACTION);
    t.type_text("/m2m");
    t.keys(&["Enter"]);
    t.keys(&["v"]);
    t.wait_for_text(&format!("Versions · {ACTION}"));
    t.keys(&["G", "r"]);
    t.wait_for("the rollback dialog", |s| s.contains("y Roll back"));
    t.keys(&["y"]);
    let rolled = said_live(&t.wait_for_text("is live"));

    // `z` asks to undo the rollback: roll forward to what was live before it.
    t.keys(&["z"]);
    t.wait_for("the undo dialog", |s| s.contains("Undo: roll"));
    t.keys(&["y"]);
    t.wait_for_text(&live_now(rolled + 1));

    // `Z` asks to redo it: the rollback's version comes back as a new live version.
    t.keys(&["Z"]);
    let screen = t.wait_for("the redo dialog", |s| {
        s.contains(&format!("forward to version {rolled}"))
    });
    assert!(screen.contains("y Roll back"), "{screen}");
    t.keys(&["y"]);
    t.wait_for_text(&live_now(rolled + 2));
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

/// Packages (issue 19): a revert in a FairCom package's history, `z` undoes it (asking), `Z`
/// redoes it (asking); each makes the next version, with the code the status line names.
#[test]
fn in_packages_z_undoes_a_revert_and_shift_z_redoes_it_on_screen() {
    if !tmux::available() {
        return;
    }
    const PACKAGE: &str = "convertTemperature";
    let data = tempfile::tempdir().unwrap();
    let env = vec![
        ("XDG_CONFIG_HOME", support::cli::NO_CONFIG_HOME.to_string()),
        ("CODEDECK_DATA_DIR", data.path().display().to_string()),
        ("HOME", data.path().display().to_string()),
    ];
    let t = Tmux::start("demo-redo-package", SIZE, &env, binary(), &["--demo"]);
    t.wait_for_text(ACTION);
    t.keys(&["4"]);
    t.wait_for_text(PACKAGE);
    t.type_text(&format!("/{PACKAGE}"));
    t.keys(&["Enter", "v"]);
    t.wait_for_text("● current");
    t.keys(&["G", "r"]);
    t.wait_for_text(&format!("Revert '{PACKAGE}' to version 1?"));
    t.keys(&["y"]);
    let said = t.wait_for_text("(the code of version 1)");
    let prefix = format!("'{PACKAGE}' version ");
    let at = said.find(&prefix).expect(&said) + prefix.len();
    let reverted: u32 = said[at..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .expect(&said);

    // `z` asks to undo the revert: the version current before it comes back.
    t.keys(&["z"]);
    t.wait_for_text(&format!(
        "Undo: revert '{PACKAGE}' to version {} again?",
        reverted - 1
    ));
    t.keys(&["y"]);
    t.wait_for_text(&format!(
        "version {} is current (the code of version {})",
        reverted + 1,
        reverted - 1
    ));

    // `Z` asks to redo it: the revert's code comes back as the next version.
    t.keys(&["Z"]);
    t.wait_for_text(&format!(
        "Undo: revert '{PACKAGE}' to version {reverted} again?"
    ));
    t.keys(&["y"]);
    t.wait_for_text(&format!(
        "version {} is current (the code of version {reverted})",
        reverted + 2
    ));
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

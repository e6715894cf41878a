//! A confirm dialog's diff as a user sees it: the real binary in tmux against the emulator, read back
//! with capture-pane. Skips without tmux (fails under CI, which installs it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;

use codedeck::emulator::{self, EmulatorOptions};
use support::tmux::{self, Tmux};

/// Line 13 of "Limit M2M scopes" v8 (live); v1 has `const clientName = event.client.name;`.
/// Its changed tail (`|| event.client.name;`) sits past column 55: cut in a 120-column dialog that
/// does not wrap.
const OLD_TAIL: &str = "event.client.name;";

fn occurrences(screen: &str, text: &str) -> usize {
    screen.matches(text).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rollback_dialog_shows_a_changed_tail_and_its_keys_scroll_wrap_and_unify() {
    if !tmux::available() {
        return;
    }
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    // An empty config of the user's own (owner-only), so nothing from this machine is read.
    let config = home.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let env = vec![
        ("CODEDECK_CONFIG", config.display().to_string()),
        ("CODEDECK_DATA_DIR", home.path().display().to_string()),
        ("AUTH0_DOMAIN", emu.base_url()),
        ("AUTH0_API_TOKEN", emu.token()),
    ];
    let t = Tmux::start(
        "dialogs",
        (120, 40),
        &env,
        Path::new(env!("CARGO_BIN_EXE_codedeck")),
        &[],
    );
    t.wait_for_text("Limit M2M scopes");
    t.type_text("/m2m");
    t.keys(&["Enter", "v"]);
    t.wait_for_text("● live");
    t.keys(&["G", "r"]);
    let dialog = |s: &str| s.contains("to version 1?") && s.contains("y Roll back");
    let screen = t.wait_for("the rollback dialog", dialog);

    // Wrapped: the old line's tail shows on its own screen line, beside the new line's end.
    assert!(screen.contains("wrap"), "{screen}");
    assert!(occurrences(&screen, OLD_TAIL) >= 2, "{screen}");

    // At 80 columns too: the first change's removed scope is on screen.
    t.resize(80, 30);
    let narrow = t.wait_for("the dialog at 80 columns", |s| {
        dialog(s) && s.lines().all(|l| l.chars().count() <= 80)
    });
    assert!(narrow.contains("'read:exports'"), "{narrow}");
    t.resize(120, 40);
    t.wait_for("the dialog at 120 columns", |s| {
        dialog(s) && s.lines().any(|l| l.chars().count() > 100)
    });

    // w: not wrapped, the tail is cut …
    t.keys(&["w"]);
    let cut = t.wait_for("the dialog without wrapping", |s| {
        dialog(s) && !s.contains("· wrap")
    });
    assert_eq!(
        occurrences(&cut, OLD_TAIL),
        1,
        "only the new side's:\n{cut}"
    );
    // … → scrolls sideways until the old line's tail is there, beside its start.
    t.keys(&["Right", "Right", "Right", "Right"]);
    let scrolled = t.wait_for("the tail scrolled into view", |s| {
        s.lines()
            .any(|l| l.contains("service_name ||") && l.contains(OLD_TAIL))
    });
    assert!(dialog(&scrolled), "still asking:\n{scrolled}");
    // s: unified.
    t.keys(&["s"]);
    t.wait_for("the unified dialog", |s| dialog(s) && s.contains("unified"));

    // Looking changed nothing: Esc closes, no version was made.
    t.keys(&["Escape"]);
    t.wait_for("the dialog to close", |s| !dialog(s));
    let versions = emu.with_store(|s| {
        let action = s.actions.iter().find(|a| a.name == "Limit M2M scopes");
        action.map(|a| a.versions.len())
    });
    assert_eq!(versions, Some(8), "no rollback was made");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

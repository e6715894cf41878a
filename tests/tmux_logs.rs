//! View `6` and the timeline's failures in the real dashboard (tmux, `--demo`, issue 18): the demo
//! tenant logs failures after its seeded bad deploy; `6` shows them live, `t` keeps the failures,
//! and the failing action's timeline row says its failure count, who deployed it, and that the
//! failures started right after it went live.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;

use serde_json::Value;
use support::tmux::{self, Tmux};

const SIZE: (u16, u16) = (180, 45);

/// The action the demo's failures name, read from an emulator with the same seed.
fn failing_action() -> String {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let emu = support::cli::demo().await;
        let failures = support::cli::raw_get(
            &emu,
            "/logs?q=type:actions_execution_failed&per_page=100&page=0&sort=date:-1",
        )
        .await;
        let actions = support::cli::raw_get(&emu, "/actions/actions").await;
        let names: Vec<String> = actions["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap().to_string())
            .collect();
        let first: &Value = &failures.as_array().expect("the demo logs failures")[0];
        let text = first.to_string();
        names
            .into_iter()
            .filter(|name| text.contains(name.as_str()))
            .max_by_key(String::len)
            .unwrap_or_else(|| panic!("a failure names its action: {first}"))
    })
}

#[test]
fn view_6_shows_failures_and_the_bad_versions_row_its_count_and_author() {
    if !tmux::available() {
        return;
    }
    let action = failing_action();
    let data = tempfile::tempdir().unwrap();
    let env = vec![
        ("XDG_CONFIG_HOME", support::cli::NO_CONFIG_HOME.to_string()),
        ("CODEDECK_DATA_DIR", data.path().display().to_string()),
    ];
    let t = Tmux::start(
        "logs-6",
        SIZE,
        &env,
        Path::new(env!("CARGO_BIN_EXE_codedeck")),
        &["--demo"],
    );
    t.wait_for_text(&action);
    t.keys(&["6"]);
    t.wait_for_text("6 Logs");
    let screen = t.wait_for_text("● live");
    assert!(screen.contains("Logs · all"), "{screen}");
    t.keys(&["t"]);
    let screen = t.wait_for_text("Logs · failures");
    assert!(screen.contains("failure"), "{screen}");
    assert!(screen.contains(&action), "the failing action: {screen}");
    // Admin changes: the deploys older than the tail come from the service's newest page of them.
    t.keys(&["t"]);
    let screen = t.wait_for("the older deploys", |s| {
        s.contains("Logs · admin changes") && s.contains("deploy-cli")
    });
    assert!(screen.contains("via Dashboard"), "Alice's deploy: {screen}");
    // Its timeline: the bad version's row counts its failures and names its deploy's author.
    t.keys(&["1"]);
    t.wait_for_text("Actions");
    t.keys(&["/"]);
    t.type_text(&action);
    t.keys(&["Enter", "v"]);
    t.wait_for_text(&format!("Versions · {action}"));
    // The live version (under the draft): its facts name who deployed it, whatever the width
    // (the row says it in short when narrow).
    t.wait_for_text("● live");
    t.keys(&["j"]);
    t.wait_for("the live version selected", |s| {
        s.lines().any(|l| l.contains("› v") && l.contains("● live"))
    });
    let authored = |s: &str| {
        ["via Dashboard", "(M2M)", "codedeck (you)"]
            .iter()
            .any(|who| s.contains(who))
    };
    let screen = t.wait_for("a failure count and the deploy's author", |s| {
        s.contains("▲ ") && s.contains("failure") && authored(s)
    });
    assert!(screen.contains("Deployed by"), "{screen}");
    // The demo's bad deploy is recent: its failures started when it went live, so it is marked,
    // with the way back named.
    let screen = t.wait_for("the started-right-after mark", |s| {
        s.contains("⚑") && s.contains("started right after it went live")
    });
    assert!(screen.contains("d then r rolls it back"), "{screen}");
    assert!(
        screen.contains("via Dashboard"),
        "Alice deployed it: {screen}"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

//! End to end as a user: the real binary in tmux at 160×45 against the emulator, read back with
//! capture-pane. Skips without tmux (fails under CI, which installs it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;

use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions, Fault};
use support::tmux::{self, Tmux};

const SIZE: (u16, u16) = (160, 45);

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_codedeck"))
}

fn isolated_env() -> Vec<(&'static str, String)> {
    // A config dir that does not exist: no config (a missing file named by CODEDECK_CONFIG is an error).
    // A data dir of this run's own: the journal and the history store never touch the user's (a
    // store left there by another codedeck must not change what these tests see).
    let data = std::env::temp_dir().join(format!("codedeck-e2e-data-{}", std::process::id()));
    vec![
        (
            "XDG_CONFIG_HOME",
            "/nonexistent/codedeck-e2e-config-home".to_string(),
        ),
        ("CODEDECK_DATA_DIR", data.display().to_string()),
    ]
}

/// The environment of a user whose AUTH0_* variables point at the emulator.
fn connected_to(emu: &EmulatorHandle) -> Vec<(&'static str, String)> {
    let mut env = isolated_env();
    env.push(("AUTH0_DOMAIN", emu.base_url()));
    env.push(("AUTH0_API_TOKEN", emu.token()));
    env
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browse_filter_open_help_and_quit_against_the_emulator() {
    if !tmux::available() {
        return;
    }
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let env = connected_to(&emu);
    let t = Tmux::start("browse", SIZE, &env, binary(), &[]);

    // Launch: the list arrives, with the tenant in the header and no DEMO badge.
    let screen = t.wait_for_text("Add role claims to tokens");
    assert!(
        screen.contains("127.0.0.1"),
        "header names the tenant:\n{screen}"
    );
    assert!(
        !screen.contains(" DEMO "),
        "a real connection has no DEMO badge:\n{screen}"
    );
    assert!(screen.contains("Send SMS via Twilio") && screen.contains("failed"));

    // Filter by name.
    t.type_text("/mfa");
    let screen = t.wait_for("the filtered list", |s| {
        !s.contains("Add role claims to tokens")
    });
    assert!(screen.contains("Require MFA for admins"), "{screen}");
    assert!(screen.contains("/mfa"), "the filter is shown:\n{screen}");

    // Keep the filter, open the action: highlighted code with line numbers.
    t.keys(&["Enter"]);
    t.keys(&["Enter"]);
    let screen = t.wait_for_text("ADMIN_ROLES");
    assert!(screen.contains("exports.onExecutePostLogin"), "{screen}");
    let styled = t.screen_with_styles();
    let code_line = styled
        .lines()
        .find(|l| l.contains("onExecutePostLogin"))
        .unwrap();
    let colours = code_line.matches("\x1b[38;").count();
    assert!(
        colours >= 2,
        "the code line is syntax-highlighted in several colours: {code_line:?}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains(" 8 exports.onExecutePostLogin") || l.contains("8 exports.")),
        "line numbers precede the code:\n{screen}"
    );

    // Help overlay, generated from the keymap; Esc closes it.
    t.keys(&["?"]);
    // Wait for the whole overlay: a capture can land between two halves of a frame.
    t.wait_for("the help overlay", |s| {
        s.contains("show or hide this help")
            && s.contains("filter by name")
            && s.contains("refresh the current view")
    });
    t.keys(&["Escape"]);
    t.wait_for("help to close", |s| !s.contains("show or hide this help"));

    // Quit: the program exits cleanly and the terminal is given back.
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    assert_eq!(
        t.format("#{alternate_on}"),
        "0",
        "left the alternate screen"
    );
    assert_eq!(t.format("#{cursor_flag}"), "1", "cursor visible again");
    assert_eq!(t.format("#{mouse_any_flag}"), "0", "mouse capture released");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_responses_show_in_the_flash_and_the_app_keeps_running() {
    if !tmux::available() {
        return;
    }
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let env = connected_to(&emu);
    let t = Tmux::start("faults", SIZE, &env, binary(), &[]);
    t.wait_for_text("Add role claims to tokens");

    let cases: [(Fault, &str); 3] = [
        // The words, not just "500": the header shows the emulator's URL, whose port may hold "500".
        (Fault::Html500, "500 Internal Server Error"),
        (Fault::NonJson, "unexpected response"),
        (Fault::Truncated, "unexpected response"),
    ];
    for (fault, words) in cases {
        emu.inject_fault("/api/v2/actions/actions", fault);
        t.keys(&["R"]);
        let screen = t.wait_for(words, |s| s.contains(words));
        assert!(
            !screen.contains("<html") && !screen.contains("<body"),
            "no HTML soup:\n{screen}"
        );
        // Still running: the next refresh works and the list is back.
        t.keys(&["R"]);
        t.wait_for("the list after a good refresh", |s| {
            s.contains("Add role claims to tokens") && !s.contains(words)
        });
    }
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn demo_opens_with_badge_and_survives_a_tiny_window() {
    if !tmux::available() {
        return;
    }
    let t = Tmux::start("demo", SIZE, &isolated_env(), binary(), &[]);
    let screen = t.wait_for_text("Add role claims to tokens");
    assert!(
        screen.contains("DEMO"),
        "nothing configured opens the demo with its badge:\n{screen}"
    );
    assert!(
        screen.contains("AUTH0_DOMAIN"),
        "with a hint how to connect a real tenant:\n{screen}"
    );

    // Modules view.
    t.keys(&["2"]);
    t.wait_for_text("http-helpers");

    // Too small to draw: a short message instead of garbage; back to normal after resizing.
    t.resize(40, 10);
    t.wait_for_text("too small");
    t.resize(SIZE.0, SIZE.1);
    t.wait_for_text("http-helpers");

    t.keys(&["C-c"]);
    assert_eq!(t.wait_for_exit(), 0);
    assert_eq!(t.format("#{alternate_on}"), "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_client_secret_is_asked_for_without_echo() {
    if !tmux::available() {
        return;
    }
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let secret = emu.client_secret().expose().to_string();
    let mut env = isolated_env();
    env.push(("AUTH0_DOMAIN", emu.base_url()));
    env.push(("AUTH0_CLIENT_ID", emu.client_id()));
    let t = Tmux::start("prompt", SIZE, &env, binary(), &[]);
    t.wait_for_text(&format!("Client secret for {}", emu.client_id()));
    t.type_text(&secret);
    let typed = t.screen();
    assert!(
        !typed.contains(&secret),
        "the secret is not echoed:\n{typed}"
    );
    t.keys(&["Enter"]);
    let screen = t.wait_for_text("Add role claims to tokens");
    assert!(!screen.contains(&secret));
    assert_eq!(emu.request_count("POST", "/oauth/token"), 1);
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

/// Reads the emulator's record of the action with this name.
fn with_action<T>(
    emu: &EmulatorHandle,
    name: &str,
    read: impl FnOnce(&codedeck::emulator::store::ActionRec) -> T,
) -> T {
    emu.with_store(|s| read(s.actions.iter().find(|a| a.name == name).unwrap()))
}

/// The environment of a user connected to the emulator with their own data folder (journal).
fn connected_with_data(emu: &EmulatorHandle, data: &Path) -> Vec<(&'static str, String)> {
    let mut env = connected_to(emu);
    env.push(("CODEDECK_DATA_DIR", data.display().to_string()));
    env
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeline_diff_and_rollback_of_an_action_from_the_keyboard() {
    if !tmux::available() {
        return;
    }
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let env = connected_with_data(&emu, data.path());
    let t = Tmux::start("rollback", SIZE, &env, binary(), &[]);
    t.wait_for_text("Limit M2M scopes");
    let versions_before = with_action(&emu, "Limit M2M scopes", |a| a.versions.len());

    // Find the action, open its timeline: newest first, the live one marked.
    t.type_text("/m2m");
    t.keys(&["Enter"]);
    t.keys(&["v"]);
    t.wait_for_text("Versions · Limit M2M scopes");
    let screen = t.wait_for_text("● live");
    assert!(screen.contains("v1"), "{screen}");

    // The oldest version against the one after it: d on the second-oldest.
    t.keys(&["G", "k", "d"]);
    let screen = t.wait_for_text("v1 →");
    assert!(
        screen.contains("v2"),
        "the header says what is compared:\n{screen}"
    );
    t.keys(&["Escape"]);
    t.wait_for("the diff to close", |s| !s.contains("v1 →"));

    // Roll back to v1: the dialog says what happens, y confirms, the new version goes live.
    t.keys(&["G", "r"]);
    // The whole dialog, buttons included (a capture can land between two halves of a frame).
    let screen = t.wait_for("the rollback dialog", |s| {
        s.contains("Roll back 'Limit M2M scopes' to version 1?") && s.contains("y Roll back")
    });
    assert!(
        screen.contains("runs immediately") && screen.contains("Cancel"),
        "{screen}"
    );
    t.keys(&["y"]);
    let new_version = versions_before + 1;
    t.wait_for_text(&format!("version {new_version} is live"));
    // The timeline reloads after the flash: the new version carries the live marker.
    let new_is_live = |s: &str| {
        s.lines()
            .find(|l| l.contains("● live"))
            .is_some_and(|l| l.contains(&format!("v{new_version} ")))
    };
    t.wait_for("the new version marked live", new_is_live);
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);

    // `codedeck journal` lists what happened, with the numbers before and after.
    let out = std::process::Command::new(binary())
        .arg("journal")
        .arg("--json")
        .env("CODEDECK_DATA_DIR", data.path())
        .output()
        .unwrap();
    let entries: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entry = &entries[0];
    assert_eq!(entry["operation"], "action_rollback", "{entries}");
    assert_eq!(entry["object_name"], "Limit M2M scopes");
    assert_eq!(entry["after"]["version_number"], new_version as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn module_rollback_then_publish_from_the_keyboard() {
    if !tmux::available() {
        return;
    }
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let env = connected_with_data(&emu, data.path());
    let t = Tmux::start("modrollback", SIZE, &env, binary(), &[]);
    t.wait_for_text("Add role claims to tokens");
    t.keys(&["2"]);
    t.wait_for_text("claims-utils");
    // The list keeps the service's order.
    let index = emu.with_store(|s| {
        s.modules
            .iter()
            .position(|m| m.name == "claims-utils")
            .unwrap()
    });
    for _ in 0..index {
        t.keys(&["j"]);
    }
    t.keys(&["v"]);
    t.wait_for_text("Versions · claims-utils");
    t.wait_for_text("● latest");
    let published_before = emu.with_store(|s| {
        s.modules
            .iter()
            .find(|m| m.name == "claims-utils")
            .unwrap()
            .versions
            .len()
    });

    t.keys(&["G", "r"]);
    let screen = t.wait_for("the module rollback dialog", |s| {
        s.contains("Roll back the draft of module 'claims-utils' to version 1?")
            && s.contains("y Roll back")
    });
    assert!(
        screen.contains("DRAFT"),
        "the dialog says only the draft changes:\n{screen}"
    );
    t.keys(&["y"]);
    t.wait_for_text("Publish it?");
    t.keys(&["y"]);
    t.wait_for_text(&format!(
        "Published 'claims-utils' as version {}",
        published_before + 1
    ));
    let module = emu.with_store(|s| {
        s.modules
            .iter()
            .find(|m| m.name == "claims-utils")
            .unwrap()
            .clone()
    });
    assert_eq!(
        module.versions.last().unwrap().code,
        module.versions[0].code,
        "the new version has v1's content"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

/// The emulator's post-login order, by display name.
fn post_login_order(emu: &EmulatorHandle) -> Vec<String> {
    emu.with_store(|s| {
        s.bindings["post-login"]
            .iter()
            .map(|b| b.display_name.clone())
            .collect()
    })
}

/// Waits (within a generous bound, like `Tmux::wait_for`) until the emulator has this order.
fn wait_for_order(emu: &EmulatorHandle, t: &Tmux, want: &[&str]) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
    while post_login_order(emu) != want {
        assert!(
            std::time::Instant::now() < deadline,
            "the emulator never had {want:?}, it has {:?}\n{}",
            post_login_order(emu),
            t.screen()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The 1-based terminal row on which `text` is drawn.
fn row_of(screen: &str, text: &str) -> usize {
    screen
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{screen}"))
        + 1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reorder_a_flow_by_keys_undo_it_and_drag_with_the_mouse() {
    if !tmux::available() {
        return;
    }
    const ADD_ROLES: &str = "Add role claims to tokens";
    const MFA: &str = "Require MFA for admins";
    const GEO: &str = "Geo-block sanctioned countries";
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let env = connected_with_data(&emu, data.path());
    let t = Tmux::start("flows", SIZE, &env, binary(), &[]);
    t.wait_for_text("Limit M2M scopes");

    // View 3, open post-login: its bindings in execution order, drawn as a flow.
    t.keys(&["3"]);
    t.wait_for_text("post-login v3 (3 actions)");
    t.keys(&["Enter"]);
    let screen = t.wait_for_text("▶ Start");
    assert!(
        row_of(&screen, ADD_ROLES) < row_of(&screen, MFA)
            && row_of(&screen, MFA) < row_of(&screen, GEO)
            && row_of(&screen, GEO) < row_of(&screen, "■ Complete"),
        "{screen}"
    );

    // Pick up the first binding, move it down two, drop: the emulator has the new order.
    t.keys(&["Space", "j", "j"]);
    let screen = t.wait_for_text("⇅ Add role claims");
    assert!(
        row_of(&screen, GEO) < row_of(&screen, ADD_ROLES),
        "{screen}"
    );
    assert_eq!(
        post_login_order(&emu),
        [ADD_ROLES, MFA, GEO],
        "nothing sent while held"
    );
    t.keys(&["Space"]);
    wait_for_order(&emu, &t, &[MFA, GEO, ADD_ROLES]);
    t.wait_for_text("Saved the order of post-login");

    // u puts it back.
    t.keys(&["u"]);
    wait_for_order(&emu, &t, &[ADD_ROLES, MFA, GEO]);

    // The mouse: press on the first binding, drag it onto the last, release.
    let screen = t.wait_for("the restored order", |s| {
        s.contains("Saved the order") && row_of(s, ADD_ROLES) < row_of(s, MFA)
    });
    let (from, to) = (row_of(&screen, ADD_ROLES), row_of(&screen, GEO));
    let column = 100;
    t.type_text(&format!("\x1b[<0;{column};{from}M"));
    t.type_text(&format!("\x1b[<32;{column};{}M", from + 1));
    t.type_text(&format!("\x1b[<32;{column};{to}M"));
    t.type_text(&format!("\x1b[<0;{column};{to}m"));
    wait_for_order(&emu, &t, &[MFA, GEO, ADD_ROLES]);
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);

    // Every change is in the journal, the undo marked as one.
    let out = std::process::Command::new(binary())
        .args(["journal", "--json"])
        .env("CODEDECK_DATA_DIR", data.path())
        .output()
        .unwrap();
    let entries: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), 3, "{entries:?}");
    assert!(entries.iter().all(|e| e["operation"] == "bindings_change"));
    assert_eq!(entries[1]["undo"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_a_package_diff_two_versions_and_revert_from_the_keyboard() {
    if !tmux::available() {
        return;
    }
    const PACKAGE: &str = "convertTemperature";
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut env = connected_with_data(&emu, data.path());
    env.push(("FAIRCOM_URL", emu.faircom_url()));
    env.push(("FAIRCOM_USERNAME", emu.faircom_username()));
    env.push((
        "FAIRCOM_PASSWORD",
        emu.faircom_password().expose().to_string(),
    ));
    let current = || {
        emu.with_faircom_store(|s| {
            let p = s.find("faircom", "admin", PACKAGE).unwrap();
            (p.current.number, p.current.code.clone())
        })
    };
    let (before, _) = current();
    let t = Tmux::start("packages", SIZE, &env, binary(), &[]);
    t.wait_for_text("Limit M2M scopes");

    // View 4: the packages; open one (its code and facts), then its history.
    t.keys(&["4"]);
    t.wait_for_text(PACKAGE);
    t.type_text("/convert");
    t.keys(&["Enter", "Enter"]);
    t.wait_for_text(&format!("v{before} (current)"));
    t.keys(&["v"]);
    t.wait_for_text(&format!("Versions · {PACKAGE}"));
    let screen = t.wait_for_text("● current");
    assert!(screen.contains("server time"), "{screen}");

    // Diff v1 → v2: d on the second-oldest row.
    t.keys(&["G", "k", "d"]);
    t.wait_for_text("v1 → v2");
    t.keys(&["Escape"]);
    t.wait_for("the diff to close", |s| !s.contains("v1 → v2"));

    // Revert to v1 with y: the dialog says what FairCom does; a new current version appears.
    t.keys(&["G", "r"]);
    let screen = t.wait_for("the revert dialog", |s| {
        s.contains(&format!("Revert '{PACKAGE}' to version 1?")) && s.contains("y Revert")
    });
    assert!(screen.contains("into the history"), "{screen}");
    t.keys(&["y"]);
    let now = before + 1;
    t.wait_for_text(&format!("version {now} is current"));
    t.wait_for("the new version marked current", |s| {
        s.lines()
            .find(|l| l.contains("● current"))
            .is_some_and(|l| l.contains(&format!("v{now} ")))
    });
    let (number, code) = current();
    assert_eq!(number, now);
    let v1 = emu.with_faircom_store(|s| {
        let p = s.find("faircom", "admin", PACKAGE).unwrap();
        p.history
            .iter()
            .find(|v| v.number == 1)
            .unwrap()
            .code
            .clone()
    });
    assert_eq!(code, v1, "the current code is version 1's");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

/// A shell script the user could have written, made executable.
fn script(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path
}

/// An editor that changes one line of the file it is given, as a user would in vi.
fn scripted_editor(dir: &Path) -> std::path::PathBuf {
    script(
        dir,
        "edit-one-line.sh",
        "sed -i \"s/const ADMIN_ROLES = .*/const ADMIN_ROLES = ['admin', 'owner', 'security'];/\" \"$1\"\n",
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_a_draft_in_the_editor_review_the_diff_save_wait_for_built_and_deploy() {
    if !tmux::available() {
        return;
    }
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut env = connected_with_data(&emu, data.path());
    env.push(("VISUAL", String::new()));
    env.push(("EDITOR", scripted_editor(data.path()).display().to_string()));
    let t = Tmux::start("authoring", SIZE, &env, binary(), &[]);
    t.wait_for_text("Require MFA for admins");
    let (versions_before, draft_before) = with_action(&emu, "Require MFA for admins", |a| {
        (a.versions.len(), a.draft.code.clone())
    });

    // Open the action, edit its draft: the editor changes one line and exits.
    t.type_text("/mfa");
    t.keys(&["Enter", "Enter"]);
    t.wait_for_text("ADMIN_ROLES");
    t.keys(&["e"]);
    // Back from the editor: the dialog shows the one changed line, old and new.
    let screen = t.wait_for("the review of the edit", |s| {
        s.contains("Save the draft of Require MFA for admins?") && s.contains("y Save")
    });
    assert!(screen.contains("'security'"), "the new line:\n{screen}");
    let old_line = draft_before
        .lines()
        .find(|l| l.starts_with("const ADMIN_ROLES"))
        .unwrap();
    assert!(screen.contains(old_line), "the old line:\n{screen}");
    assert_eq!(
        t.format("#{alternate_on}"),
        "1",
        "the dashboard has the screen again"
    );

    // Save: the draft builds, the status follows it.
    t.keys(&["y"]);
    t.wait_for_text("the draft built — p deploys it");
    let draft = with_action(&emu, "Require MFA for admins", |a| a.draft.code.clone());
    assert!(draft.contains("'owner', 'security'"), "{draft}");

    // Deploy it as in the versions view.
    t.keys(&["p"]);
    t.wait_for("the deploy dialog", |s| s.contains("y Deploy"));
    t.keys(&["y"]);
    let new_version = versions_before + 1;
    t.wait_for_text(&format!("version {new_version} is live"));
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    assert_eq!(
        t.format("#{alternate_on}"),
        "0",
        "left the alternate screen"
    );

    let out = std::process::Command::new(binary())
        .args(["journal", "--json"])
        .env("CODEDECK_DATA_DIR", data.path())
        .output()
        .unwrap();
    let entries: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let operations: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["operation"].as_str().unwrap())
        .collect();
    assert_eq!(operations, ["draft_edit", "action_deploy"], "{entries}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_typed_in_the_dashboard_never_reaches_the_screen_the_log_or_the_journal() {
    if !tmux::available() {
        return;
    }
    const VALUE: &str = "xoxb-e2e-secret-value-4711";
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut env = connected_with_data(&emu, data.path());
    env.push(("CODEDECK_LOG", "debug".to_string()));
    let t = Tmux::start("secrets", SIZE, &env, binary(), &[]);
    t.wait_for_text("Notify Slack on signup");
    t.type_text("/slack");
    t.keys(&["Enter", "s"]);
    t.wait_for_text("Dependencies and secrets of Notify Slack on signup");
    t.keys(&["a"]);
    t.wait_for_text("Secret name");
    t.type_text("SLACK_SIGNING_SECRET");
    t.keys(&["Enter"]);
    t.wait_for_text("Value of SLACK_SIGNING_SECRET (hidden)");
    t.type_text(VALUE);
    let mut screens = vec![t.wait_for_text(&"•".repeat(VALUE.len()))];
    t.keys(&["Enter"]);
    screens.push(t.wait_for_text("new value ••••"));
    t.keys(&["w"]);
    screens.push(t.wait_for("the review", |s| s.contains("y Save")));
    t.keys(&["y"]);
    screens.push(t.wait_for_text("the draft built"));
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);

    let names = with_action(&emu, "Notify Slack on signup", |a| {
        a.secrets.iter().map(|s| s.name.clone()).collect::<Vec<_>>()
    });
    assert!(
        names.contains(&"SLACK_SIGNING_SECRET".to_string()),
        "{names:?}"
    );
    for screen in &screens {
        assert!(
            !screen.contains(VALUE) && !screen.contains("4711"),
            "{screen}"
        );
    }
    let mut files = 0;
    for entry in walk(data.path()) {
        let content = std::fs::read_to_string(&entry).unwrap_or_default();
        assert!(
            !content.contains(VALUE),
            "{} holds the secret",
            entry.display()
        );
        files += 1;
    }
    assert!(
        data.path().join("codedeck.log").exists() && data.path().join("journal.jsonl").exists(),
        "the log and the journal were written ({files} files)"
    );
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = vec![];
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_comes_back_whole_after_an_editor_that_leaves_a_mess() {
    if !tmux::available() {
        return;
    }
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    // Leaves the alternate screen, clears, prints junk, hides the cursor, and fails.
    let editor = script(
        data.path(),
        "messy-editor.sh",
        "printf '\\033[?1049l\\033[2J\\033[?25lJUNK FROM THE EDITOR\\n'\nexit 1\n",
    );
    let mut env = connected_with_data(&emu, data.path());
    env.push(("VISUAL", editor.display().to_string()));
    let t = Tmux::start("messy", SIZE, &env, binary(), &[]);
    t.wait_for_text("Block legacy user agents");
    t.keys(&["e"]);
    let screen = t.wait_for("the dashboard drawn again", |s| {
        s.contains("exited with status 1") && s.contains("Block legacy user agents")
    });
    assert!(!screen.contains("JUNK FROM THE EDITOR"), "{screen}");
    assert!(
        screen.contains("Add role claims to tokens"),
        "the whole list:\n{screen}"
    );
    assert_eq!(t.format("#{alternate_on}"), "1");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_typed_into_the_cli_at_a_terminal_are_not_echoed() {
    if !tmux::available() {
        return;
    }
    const VALUE: &str = "typed-at-the-terminal-0042";
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let env = connected_with_data(&emu, data.path());
    let args = [
        "actions",
        "update",
        "Notify Slack on signup",
        "--secrets-from-stdin",
        "--no-wait",
        "--yes",
    ];
    let t = Tmux::start("cli-secrets", SIZE, &env, binary(), &args);
    t.wait_for_text("nothing is shown as you type");
    t.type_text(&format!("TYPED_KEY={VALUE}"));
    t.keys(&["Enter"]);
    t.keys(&["Enter"]);
    assert_eq!(t.wait_for_exit(), 0);
    let screen = t.screen();
    assert!(screen.contains("new values for TYPED_KEY"), "{screen}");
    assert!(
        !screen.contains(VALUE) && !screen.contains("0042"),
        "{screen}"
    );
    let names = with_action(&emu, "Notify Slack on signup", |a| {
        a.secrets.iter().map(|s| s.name.clone()).collect::<Vec<_>>()
    });
    assert!(names.contains(&"TYPED_KEY".to_string()), "{names:?}");
}

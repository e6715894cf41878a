//! The dashboard's state machine against the emulator over loopback HTTP: keys while the window is
//! too small, a draft whose settings alone differ from live, and keeping the view current without
//! `R` (following pending work, the automatic refresh). Time is driven by ticks, not sleeps.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::time::Duration;

use codedeck::app::msg::Msg;
use codedeck::app::refresh::{Refresh, FOLLOW_TICKS, TICKS_PER_SECOND};
use codedeck::app::state::Overlay;
use codedeck::backend::Backend;
use codedeck::emulator::EmulatorHandle;
use codedeck::model::{Action, BuildStatus, DraftChange, SecretInput};
use codedeck::secret::Secret;
use codedeck::shell::Driver;
use support::dashboard::{auth0, client, flash_text, select, setup_on, text, Setup, HEIGHT, WIDTH};

const SAME_AS_LIVE: &str = "Add role claims to tokens";
const DIFFERS: &str = "Require MFA for admins";

fn versions_of(emu: &EmulatorHandle, name: &str) -> usize {
    emu.with_store(|s| s.action_named(name).unwrap().versions.len())
}

fn deploys_sent(emu: &EmulatorHandle) -> usize {
    emu.with_store(|s| {
        s.actions
            .iter()
            .map(|a| emu.request_count("POST", &format!("/api/v2/actions/actions/{}/deploy", a.id)))
            .sum()
    })
}

fn listed<'a>(driver: &'a Driver, name: &str) -> &'a Action {
    driver
        .state
        .actions
        .list
        .data
        .ready()
        .unwrap()
        .iter()
        .find(|a| a.name == name)
        .unwrap()
}

fn ticks(driver: &mut Driver, count: u64) {
    for _ in 0..count {
        driver.send(Msg::Tick);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_50x12_p_then_y_deploys_nothing_and_q_still_quits() {
    let Setup {
        mut driver, emu, ..
    } = setup_on(auth0).await;
    select(&mut driver, DIFFERS);
    let before = versions_of(&emu, DIFFERS);

    driver.resize(50, 12);
    let screen = text(&driver.render(50, 12));
    assert!(
        screen.contains("too small") && screen.contains("ignored"),
        "{screen}"
    );
    driver.press("p");
    driver.settle().await;
    driver.press("y");
    driver.settle().await;
    assert_eq!(
        driver.state.overlay,
        Overlay::None,
        "no dialog opened unseen"
    );
    assert_eq!(deploys_sent(&emu), 0, "no deploy was sent");
    assert_eq!(versions_of(&emu, DIFFERS), before, "no new version");
    assert!(
        driver.state.actions.versions.is_none(),
        "no timeline opened"
    );

    // Other keys do nothing either; quit works.
    driver.press("2");
    assert_eq!(driver.state.view, codedeck::app::state::View::Actions);
    driver.press("q");
    assert!(driver.state.quit);
}

/// Adds a secret to the action's draft as another client would (the others kept by name).
async fn add_secret(emu: &EmulatorHandle, name: &str, secret: &str) {
    let api = client(emu);
    let action = emu.with_store(|s| s.action_named(name).unwrap().id.clone());
    let current = api.get_action(&action).await.unwrap();
    let mut secrets = SecretInput::keep_all(&current.secrets);
    secrets.push(SecretInput {
        name: secret.to_string(),
        value: Some(Secret::new("s3cr3t-value".to_string())),
    });
    let change = DraftChange {
        secrets: Some(secrets),
        ..DraftChange::default()
    };
    api.update_action(&action, &change).await.unwrap();
    // The build the PATCH started is done.
    emu.advance_clock(Duration::from_secs(5));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_only_change_shows_differs_lists_the_secret_in_the_dialog_and_deploys() {
    let Setup {
        mut driver, emu, ..
    } = setup_on(auth0).await;
    assert!(!listed(&driver, SAME_AS_LIVE).draft_differs());
    add_secret(&emu, SAME_AS_LIVE, "API_KEY").await;
    let before = versions_of(&emu, SAME_AS_LIVE);

    driver.press("R");
    driver.settle().await;
    assert!(listed(&driver, SAME_AS_LIVE).draft_differs(), "≠ live");
    let screen = text(&driver.render(WIDTH, HEIGHT));
    let row = screen.lines().find(|l| l.contains(SAME_AS_LIVE)).unwrap();
    assert!(row.contains("≠ live"), "{row}");

    select(&mut driver, SAME_AS_LIVE);
    driver.press("p");
    driver.settle().await;
    let Overlay::Confirm(confirm) = &driver.state.overlay else {
        panic!("the deploy dialog opens: {}", flash_text(&driver));
    };
    assert!(
        confirm.lines.iter().any(|l| l.contains("+ secret API_KEY")),
        "{:?}",
        confirm.lines
    );
    let screen = text(&driver.render(WIDTH, HEIGHT));
    let secret_at = screen
        .find("+ secret API_KEY")
        .expect("shown in the dialog");
    let buttons_at = screen.find("y Deploy").unwrap();
    assert!(secret_at < buttons_at, "{screen}");

    driver.press("y");
    driver.settle().await;
    assert_eq!(
        versions_of(&emu, SAME_AS_LIVE),
        before + 1,
        "{}",
        flash_text(&driver)
    );
    let live_secrets = emu.with_store(|s| {
        let a = s.action_named(SAME_AS_LIVE).unwrap();
        a.versions
            .last()
            .unwrap()
            .secrets
            .iter()
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
    });
    assert!(live_secrets.contains(&"API_KEY".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pending_build_settles_to_built_in_the_list_without_r() {
    let Setup {
        mut driver, emu, ..
    } = setup_on(auth0).await;
    let building: Vec<String> = driver
        .state
        .actions
        .list
        .data
        .ready()
        .unwrap()
        .iter()
        .filter(|a| a.status == BuildStatus::Building)
        .map(|a| a.name.clone())
        .collect();
    assert_eq!(building.len(), 1, "the demo has one build running");
    emu.advance_clock(codedeck::emulator::seed::DEMO_BUILD);

    ticks(&mut driver, FOLLOW_TICKS);
    assert!(
        !driver.pending().is_empty(),
        "the pending build is read again"
    );
    driver.settle().await;
    assert_eq!(listed(&driver, &building[0]).status, BuildStatus::Built);
    let screen = text(&driver.render(WIDTH, HEIGHT));
    let row = screen.lines().find(|l| l.contains(&building[0])).unwrap();
    assert!(row.contains("built"), "{row}");

    // Settled: nothing more is read.
    ticks(&mut driver, FOLLOW_TICKS * 3);
    assert!(driver.pending().is_empty());
}

/// The dashboard with a 30 s automatic refresh.
async fn refreshing() -> Setup {
    let mut setup = setup_on(auth0).await;
    // The demo's running build settles first (it is followed on its own).
    setup
        .emu
        .advance_clock(codedeck::emulator::seed::DEMO_BUILD);
    ticks(&mut setup.driver, FOLLOW_TICKS);
    setup.driver.settle().await;
    let state = &mut setup.driver.state;
    state.refresh = Refresh::every_seconds(30);
    state.refresh.due_at = state.tick + state.refresh.every;
    setup
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_elsewhere_shows_after_the_refresh_interval() {
    let Setup {
        mut driver, emu, ..
    } = refreshing().await;
    add_secret(&emu, SAME_AS_LIVE, "OTHER_CLIENT_KEY").await;

    // The first seconds: the list shows what it had.
    ticks(&mut driver, 10 * TICKS_PER_SECOND);
    driver.settle().await;
    assert!(!listed(&driver, SAME_AS_LIVE).draft_differs());

    ticks(&mut driver, 20 * TICKS_PER_SECOND);
    let loads = driver.pending().len();
    assert_eq!(
        loads,
        1,
        "one list request per interval: {:?}",
        driver.pending()
    );
    driver.settle().await;
    assert!(listed(&driver, SAME_AS_LIVE).draft_differs());
    assert_eq!(
        flash_text(&driver),
        format!("{SAME_AS_LIVE} changed elsewhere")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_refresh_while_a_prompt_or_filter_is_open() {
    let Setup { mut driver, .. } = refreshing().await;
    driver.press(":");
    assert!(matches!(driver.state.overlay, Overlay::Prompt(_)));
    ticks(&mut driver, 60 * TICKS_PER_SECOND);
    assert!(driver.pending().is_empty(), "{:?}", driver.pending());
    driver.press("<Esc>");
    driver.press("/mfa");
    ticks(&mut driver, 60 * TICKS_PER_SECOND);
    assert!(driver.pending().is_empty(), "{:?}", driver.pending());
    // Done typing: the refresh that was due runs.
    driver.press("<Enter>");
    ticks(&mut driver, 1);
    assert_eq!(driver.pending().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actions_show_says_a_secret_only_change_differs_and_what_it_is() {
    use support::cli::{against, run, stdout};
    let emu = codedeck::emulator::spawn(codedeck::emulator::EmulatorOptions::default())
        .await
        .unwrap();
    let shown = stdout(&run(against(&emu), &["actions", "show", SAME_AS_LIVE]));
    assert!(shown.contains("same as live"), "{shown}");

    add_secret(&emu, SAME_AS_LIVE, "API_KEY").await;
    let out = run(against(&emu), &["actions", "show", SAME_AS_LIVE]);
    let shown = stdout(&out);
    let draft = shown
        .lines()
        .find(|l| l.starts_with("draft ") && !l.starts_with("draft status"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(
        draft.contains("differs from live") && draft.contains("+ secret API_KEY"),
        "{draft}"
    );
    assert!(!shown.contains("s3cr3t-value"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_an_edit_builds_the_list_says_what_the_status_line_says() {
    use codedeck::flow::Phase;
    let Setup {
        mut driver, emu, ..
    } = setup_on(auth0).await;
    emu.advance_clock(codedeck::emulator::seed::DEMO_BUILD);
    select(&mut driver, SAME_AS_LIVE);
    driver.state.opts.editor = support::dashboard::editor_script("printf '// edited\\n' >> \"$0\"");
    driver.press("e");
    driver.settle().await;
    assert!(matches!(driver.state.overlay, Overlay::Confirm(_)));
    driver.press("y");
    let mut seen_building = 0;
    while driver.step().await {
        let Some(flow) = driver.state.running.as_ref().and_then(|r| r.flow.as_ref()) else {
            continue;
        };
        if let Phase::WaitingForBuild { status } = &flow.phase {
            seen_building += 1;
            assert_eq!(
                &listed(&driver, SAME_AS_LIVE).status,
                status,
                "list vs status line"
            );
        }
    }
    assert!(seen_building > 0, "the build was followed");
    assert_eq!(listed(&driver, SAME_AS_LIVE).status, BuildStatus::Built);
    assert!(
        flash_text(&driver).contains("built"),
        "{}",
        flash_text(&driver)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_only_module_change_is_unpublished_and_publishes() {
    let Setup {
        mut driver, emu, ..
    } = setup_on(auth0).await;
    let (id, name, published) = emu.with_store(|s| {
        let m = s
            .modules
            .iter()
            .find(|m| m.all_changes_published() && m.secrets.is_empty())
            .expect("a module published as it is");
        (m.id.clone(), m.name.clone(), m.versions.len())
    });
    let change = DraftChange {
        secrets: Some(vec![SecretInput {
            name: "API_KEY".into(),
            value: Some(Secret::new("s3cr3t-value".to_string())),
        }]),
        ..DraftChange::default()
    };
    client(&emu).update_module(&id, &change).await.unwrap();

    driver.press("2R");
    driver.settle().await;
    let module = driver
        .state
        .modules_list()
        .iter()
        .find(|m| m.name == name)
        .unwrap();
    assert!(module.draft_unpublished(), "{module:?}");
    select(&mut driver, &name);
    driver.press("p");
    driver.settle().await;
    let Overlay::Confirm(confirm) = &driver.state.overlay else {
        panic!("the publish dialog opens: {}", flash_text(&driver));
    };
    assert!(
        confirm.lines.iter().any(|l| l.contains("+ secret API_KEY")),
        "{:?}",
        confirm.lines
    );
    driver.press("y");
    driver.settle().await;
    let versions = emu.with_store(|s| s.module(&id).unwrap().versions.len());
    assert_eq!(versions, published + 1, "{}", flash_text(&driver));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drafts_time_reads_edited_and_versions_keep_their_creation_time() {
    let Setup {
        mut driver, emu, ..
    } = setup_on(auth0).await;
    select(&mut driver, DIFFERS);
    driver.press("v");
    driver.settle().await;
    let screen = text(&driver.render(WIDTH, HEIGHT));
    let draft = screen.lines().find(|l| l.contains("› draft")).unwrap();
    assert!(draft.contains("edited "), "{draft}");
    let (v1_created, edited) = emu.with_store(|s| {
        let a = s.action_named(DIFFERS).unwrap();
        (a.versions[0].created_at, a.updated_at)
    });
    let v1 = screen.lines().find(|l| l.contains("  v1 ")).unwrap();
    assert!(
        v1.contains(&v1_created.format("%Y-%m-%d %H:%M").to_string()),
        "{v1}"
    );
    assert!(
        draft.contains(&edited.format("%Y-%m-%d %H:%M").to_string()),
        "{draft}"
    );
    // The draft's own facts say when it was edited, not created.
    assert!(screen.contains("Edited "), "{screen}");
}

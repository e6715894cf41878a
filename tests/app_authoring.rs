//! Writing from the dashboard — editing drafts in the user's editor, dependencies and secrets,
//! creating, deleting, test runs, executions — through the dashboard's own update/execute/render,
//! against the emulator over loopback HTTP. The editor is a real program (a shell script).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use codedeck::app::state::{Overlay, View};
use codedeck::backend::Backend;
use codedeck::emulator::seed::EXECUTION_IDS;
use codedeck::journal::{Journal, Operation};
use codedeck::shell::Driver;
use support::dashboard::{
    auth0, client, editor_script, flash_text, select, setup_on, text, Setup, HEIGHT, WIDTH,
};

const ACTION: &str = "Add role claims to tokens";
const MODULE: &str = "http-helpers";

async fn setup() -> Setup {
    setup_on(auth0).await
}

fn screen(driver: &Driver) -> String {
    text(&driver.render(WIDTH, HEIGHT))
}

/// The action's id and its draft code, as the service has them now.
async fn draft_of(setup: &Setup, name: &str) -> (String, String) {
    let actions = client(&setup.emu)
        .list_actions(&Default::default())
        .await
        .unwrap();
    let action = actions.iter().find(|a| a.name == name).unwrap();
    let full = client(&setup.emu).get_action(&action.id).await.unwrap();
    (full.id, full.code)
}

/// Opens the action's detail and waits for its draft.
async fn open(setup: &mut Setup, name: &str) {
    select(&mut setup.driver, name);
    setup.driver.press("<Enter>");
    setup.driver.settle().await;
}

fn entries(journal: &Journal) -> Vec<codedeck::journal::Entry> {
    support::dashboard::made(journal)
}

#[tokio::test]
async fn an_edit_is_reviewed_as_a_diff_saved_and_followed_until_built() {
    let mut setup = setup().await;
    let (id, before) = draft_of(&setup, ACTION).await;
    open(&mut setup, ACTION).await;
    setup.driver.state.opts.editor = editor_script("printf '// reviewed by the test\\n' >> \"$0\"");
    setup.driver.press("e");
    setup.driver.settle().await;

    let Overlay::Confirm(confirm) = &setup.driver.state.overlay else {
        panic!("a review of the edit: {:?}", setup.driver.state.flash);
    };
    let diff = confirm.diff.as_ref().expect("the edit as a diff");
    assert_eq!((diff.diff.added, diff.diff.removed), (1, 0));
    let shown = screen(&setup.driver);
    assert!(
        shown.contains(&format!("Save the draft of {ACTION}?")),
        "{shown}"
    );
    assert!(shown.contains("// reviewed by the test"), "{shown}");
    assert_eq!(
        draft_of(&setup, ACTION).await.1,
        before,
        "nothing sent before yes"
    );

    setup.driver.press("y");
    setup.driver.settle().await;
    let (_, after) = draft_of(&setup, ACTION).await;
    assert_eq!(after, format!("{before}// reviewed by the test\n"));
    assert!(
        flash_text(&setup.driver).contains("the draft built"),
        "{}",
        flash_text(&setup.driver)
    );
    let detail = setup.driver.state.actions.detail.as_ref().unwrap();
    assert_eq!(
        detail.action.data.ready().unwrap().code,
        after,
        "the detail shows the new draft"
    );

    let entry = entries(&setup.journal).pop().expect("journaled");
    assert_eq!(
        (entry.operation, entry.object_id.as_str()),
        (Operation::DraftEdit, id.as_str())
    );
    let saved = entry.before.saved_draft.expect("the old draft saved");
    assert_eq!(std::fs::read_to_string(saved).unwrap(), before);
}

#[tokio::test]
async fn an_unchanged_file_sends_nothing_and_a_failing_editor_says_so() {
    let mut setup = setup().await;
    let (_, before) = draft_of(&setup, ACTION).await;
    open(&mut setup, ACTION).await;
    setup.driver.state.opts.editor = editor_script("true");
    setup.driver.press("e");
    setup.driver.settle().await;
    assert_eq!(setup.driver.state.overlay, Overlay::None);
    assert!(flash_text(&setup.driver).contains("nothing sent"));

    setup.driver.state.opts.editor = editor_script("echo broken >> \"$0\"; exit 3");
    setup.driver.press("e");
    setup.driver.settle().await;
    assert_eq!(setup.driver.state.overlay, Overlay::None);
    assert!(
        flash_text(&setup.driver).contains("exited with status 3"),
        "{}",
        flash_text(&setup.driver)
    );
    setup.driver.state.opts.editor = Some(vec!["/nonexistent/editor".into()]);
    setup.driver.press("e");
    setup.driver.settle().await;
    assert!(
        flash_text(&setup.driver).contains("Could not start the editor '/nonexistent/editor'"),
        "{}",
        flash_text(&setup.driver)
    );
    assert_eq!(draft_of(&setup, ACTION).await.1, before);
    assert!(entries(&setup.journal).is_empty());
}

#[tokio::test]
async fn a_draft_changed_elsewhere_is_not_overwritten_and_the_edit_is_kept() {
    let mut setup = setup().await;
    let (id, _) = draft_of(&setup, ACTION).await;
    open(&mut setup, ACTION).await;
    setup.driver.state.opts.editor = editor_script("printf '// mine\\n' >> \"$0\"");
    setup.driver.press("e");
    setup.driver.settle().await;
    assert!(matches!(setup.driver.state.overlay, Overlay::Confirm(_)));

    // Another client edits the draft while the review is open.
    let theirs = "exports.onExecutePostLogin = async () => { /* theirs */ };\n";
    client(&setup.emu)
        .update_action(&id, &codedeck::model::DraftChange::code(theirs))
        .await
        .unwrap();
    setup.driver.press("y");
    setup.driver.settle().await;

    assert_eq!(
        draft_of(&setup, ACTION).await.1,
        theirs,
        "theirs is not clobbered"
    );
    let said = flash_text(&setup.driver);
    assert!(said.contains("changed on the service"), "{said}");
    let kept = said
        .split("kept in ")
        .nth(1)
        .and_then(|rest| rest.split(" (and").next())
        .expect("the path of the kept edit");
    assert!(std::fs::read_to_string(kept)
        .unwrap()
        .ends_with("// mine\n"));
    assert!(
        entries(&setup.journal).is_empty(),
        "nothing changed: nothing journaled"
    );

    // `e` again starts from the edit, not from the service's draft.
    setup.driver.state.opts.editor = editor_script("grep -q '// mine' \"$0\" || exit 9");
    setup.driver.press("e");
    setup.driver.settle().await;
    assert!(
        !flash_text(&setup.driver).contains("status 9"),
        "{}",
        flash_text(&setup.driver)
    );
}

#[tokio::test]
async fn code_over_the_limits_is_refused_before_sending() {
    let mut setup = setup().await;
    let (_, before) = draft_of(&setup, ACTION).await;
    open(&mut setup, ACTION).await;
    // 100 KB and one byte.
    setup.driver.state.opts.editor =
        editor_script("head -c 102401 /dev/zero | tr '\\0' 'a' > \"$0\"");
    setup.driver.press("e");
    setup.driver.settle().await;
    assert_eq!(setup.driver.state.overlay, Overlay::None);
    assert!(
        flash_text(&setup.driver).contains("100 KB"),
        "{}",
        flash_text(&setup.driver)
    );
    assert_eq!(draft_of(&setup, ACTION).await.1, before);

    setup.driver.press("2");
    setup.driver.settle().await;
    select(&mut setup.driver, MODULE);
    setup.driver.state.opts.editor =
        editor_script("head -c 65537 /dev/zero | tr '\\0' 'm' > \"$0\"");
    setup.driver.press("e");
    setup.driver.settle().await;
    assert!(
        flash_text(&setup.driver).contains("65536"),
        "{}",
        flash_text(&setup.driver)
    );
}

#[tokio::test]
async fn a_module_edit_saves_the_draft_and_publishing_is_the_next_step() {
    let mut setup = setup().await;
    setup.driver.press("2");
    setup.driver.settle().await;
    select(&mut setup.driver, MODULE);
    setup.driver.press("<Enter>");
    setup.driver.settle().await;
    setup.driver.state.opts.editor = editor_script("printf '// v-next\\n' >> \"$0\"");
    setup.driver.press("e");
    setup.driver.settle().await;
    assert!(matches!(setup.driver.state.overlay, Overlay::Confirm(_)));
    setup.driver.press("y");
    setup.driver.settle().await;
    assert!(
        flash_text(&setup.driver).contains("p publishes"),
        "{}",
        flash_text(&setup.driver)
    );
    let modules = client(&setup.emu).list_modules().await.unwrap();
    let module = modules.iter().find(|m| m.name == MODULE).unwrap();
    assert!(module.code.ends_with("// v-next\n"));
    assert!(!module.all_changes_published);
}

const SECRET_VALUE: &str = "sk_live_9f8e7d6c5b4a-do-not-leak";

/// Types a secret through the settings overlay, saves, and checks every place it could leak.
#[tokio::test]
async fn secrets_are_typed_masked_sent_once_and_never_kept() {
    let mut setup = setup().await;
    let (id, _) = draft_of(&setup, ACTION).await;
    let before = client(&setup.emu).get_action(&id).await.unwrap();
    open(&mut setup, ACTION).await;
    let mut screens = vec![];
    setup.driver.press("s");
    assert!(matches!(setup.driver.state.overlay, Overlay::Settings(_)));
    setup.driver.press("a");
    setup.driver.press("CRM_API_KEY<Enter>");
    setup.driver.press(SECRET_VALUE);
    screens.push(screen(&setup.driver));
    setup.driver.press("<Enter>");
    screens.push(screen(&setup.driver));
    setup.driver.press("dlodash@4.17.21<Enter>");
    setup.driver.press("w");
    screens.push(screen(&setup.driver));
    let Overlay::Confirm(confirm) = &setup.driver.state.overlay else {
        panic!("a review: {:?}", setup.driver.state.overlay);
    };
    let said = confirm.lines.join("\n");
    assert!(
        said.contains("Secret CRM_API_KEY: new value (hidden)"),
        "{said}"
    );
    assert!(
        said.contains("replaces it"),
        "the whole list is sent: {said}"
    );
    for kept in &before.secrets {
        assert!(
            said.contains(&format!("Secret {}: kept", kept.name)),
            "{said}"
        );
    }
    setup.driver.press("y");
    setup.driver.settle().await;
    screens.push(screen(&setup.driver));

    let after = client(&setup.emu).get_action(&id).await.unwrap();
    let names: Vec<&str> = after.secrets.iter().map(|s| s.name.as_str()).collect();
    assert!(names.contains(&"CRM_API_KEY"), "{names:?}");
    for kept in &before.secrets {
        assert!(
            names.contains(&kept.name.as_str()),
            "{} kept: {names:?}",
            kept.name
        );
    }
    assert!(after.dependencies.iter().any(|d| d.name == "lodash"));

    // Masked while typed, never drawn, gone from the state once sent, never journaled.
    assert!(
        screens[0].contains(&"•".repeat(SECRET_VALUE.chars().count())),
        "{}",
        screens[0]
    );
    for shown in &screens {
        assert!(
            !shown.contains(SECRET_VALUE) && !shown.contains("do-not-leak"),
            "{shown}"
        );
    }
    let state = format!("{:?}", setup.driver.state);
    assert!(
        !state.contains("do-not-leak"),
        "the state no longer holds it"
    );
    for entry in std::fs::read_dir(setup.dir.path()).unwrap().flatten() {
        let path = entry.path();
        let files: Vec<std::path::PathBuf> = if path.is_dir() {
            std::fs::read_dir(&path)
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .collect()
        } else {
            vec![path]
        };
        for file in files {
            let content = std::fs::read_to_string(&file).unwrap_or_default();
            assert!(
                !content.contains("do-not-leak"),
                "{} holds the secret",
                file.display()
            );
        }
    }
    assert_eq!(
        entries(&setup.journal).pop().unwrap().operation,
        Operation::DraftEdit
    );
}

#[tokio::test]
async fn removing_a_secret_is_said_and_keeps_the_others() {
    let mut setup = setup().await;
    let actions = client(&setup.emu)
        .list_actions(&Default::default())
        .await
        .unwrap();
    let action = actions
        .iter()
        .find(|a| a.secrets.len() >= 2)
        .expect("a demo action with two secrets")
        .clone();
    open(&mut setup, &action.name).await;
    setup.driver.press("s");
    // The first secret row follows the dependency rows.
    let deps = action.dependencies.len();
    setup.driver.press("g");
    for _ in 0..deps {
        setup.driver.press("j");
    }
    setup.driver.press("x");
    assert!(screen(&setup.driver).contains("removed"));
    setup.driver.press("w");
    let Overlay::Confirm(confirm) = &setup.driver.state.overlay else {
        panic!("a review");
    };
    let gone = &action.secrets[0].name;
    assert!(confirm
        .lines
        .iter()
        .any(|l| l == &format!("Secret {gone}: removed")));
    setup.driver.press("y");
    setup.driver.settle().await;
    let after = client(&setup.emu).get_action(&action.id).await.unwrap();
    let names: Vec<&str> = after.secrets.iter().map(|s| s.name.as_str()).collect();
    assert!(!names.contains(&gone.as_str()));
    assert_eq!(names.len(), action.secrets.len() - 1);
}

#[tokio::test]
async fn bad_dependencies_and_secret_names_are_refused_where_typed() {
    let mut setup = setup().await;
    open(&mut setup, ACTION).await;
    setup.driver.press("s");
    setup.driver.press("dlodash<Enter>");
    assert!(screen(&setup.driver).contains("is not name@version"));
    setup.driver.press("<Esc>a");
    setup.driver.press("bad name<Enter>");
    assert!(screen(&setup.driver).contains("is not a secret name"));
    setup.driver.press("<Esc><Esc>");
    assert_eq!(setup.driver.state.overlay, Overlay::None);
}

#[tokio::test]
async fn an_execution_shows_each_action_and_an_unknown_one_says_they_are_kept_10_days() {
    let mut setup = setup().await;
    setup
        .driver
        .press(&format!(":exec {}<Enter>", EXECUTION_IDS[0]));
    setup.driver.settle().await;
    let Overlay::Execution(view) = &setup.driver.state.overlay else {
        panic!("the execution pane");
    };
    let execution = view.execution.ready().expect("loaded").clone();
    let shown = screen(&setup.driver);
    assert!(shown.contains(&execution.trigger_id), "{shown}");
    for result in &execution.results {
        assert!(shown.contains(&result.action_name), "{shown}");
    }
    setup.driver.press("<Esc>E");
    setup.driver.press("nope<Enter>");
    setup.driver.settle().await;
    assert!(screen(&setup.driver).contains("executions are kept 10 days"));
}

#[tokio::test]
async fn every_authoring_key_works_only_where_it_means_something() {
    let mut setup = setup().await;
    setup.driver.press("2t");
    assert!(flash_text(&setup.driver).contains("Test runs are for actions"));
    assert_eq!(setup.driver.state.view, View::Modules);
}

/// Answers every create menu with its first choice except the last, where `finish` picks.
async fn create_action(setup: &mut Setup, name: &str, finish: &str) {
    setup.driver.press("n");
    setup.driver.press(name);
    setup.driver.press("<Enter>");
    setup.driver.settle().await;
    let Overlay::Menu(menu) = &setup.driver.state.overlay else {
        panic!(
            "the trigger menu: {:?} {:?}",
            setup.driver.state.overlay, setup.driver.state.flash
        );
    };
    assert!(menu.items.iter().all(|(_, hint)| !hint.is_empty()));
    assert!(menu.items.iter().any(|(id, _)| id == "post-login"));
    // post-login, then the default runtime, then the trigger's template.
    let post_login = menu
        .items
        .iter()
        .position(|(id, _)| id == "post-login")
        .unwrap();
    for _ in 0..post_login {
        setup.driver.press("j");
    }
    setup.driver.press("<Enter>");
    setup.driver.press("<Enter>");
    setup.driver.press("<Enter>");
    setup.driver.settle().await;
    assert!(
        matches!(setup.driver.state.overlay, Overlay::Settings(_)),
        "settings after the code: {:?} {}",
        setup.driver.state.overlay,
        flash_text(&setup.driver)
    );
    setup.driver.press("w");
    setup.driver.press(finish);
    setup.driver.settle().await;
}

#[tokio::test]
async fn n_creates_an_action_from_the_trigger_template_and_can_deploy_it() {
    let mut setup = setup().await;
    setup.driver.state.opts.editor = editor_script("printf '// first draft\\n' >> \"$0\"");
    create_action(&mut setup, "Stamp login time", "j<Enter>").await;

    let actions = client(&setup.emu)
        .list_actions(&Default::default())
        .await
        .unwrap();
    let created = actions
        .iter()
        .find(|a| a.name == "Stamp login time")
        .expect("created");
    let full = client(&setup.emu).get_action(&created.id).await.unwrap();
    assert!(
        full.code.contains("exports.onExecutePostLogin"),
        "{}",
        full.code
    );
    assert!(full.code.ends_with("// first draft\n"));
    assert_eq!(full.supported_triggers[0].id, "post-login");
    assert!(
        full.deployed_version.as_ref().is_some_and(|v| v.deployed),
        "deployed once built: {}",
        flash_text(&setup.driver)
    );
    assert_eq!(
        setup
            .driver
            .state
            .selected_action()
            .map(|a| a.name.as_str()),
        Some("Stamp login time"),
        "the new action is selected"
    );
    let operations: Vec<Operation> = entries(&setup.journal)
        .iter()
        .map(|e| e.operation)
        .collect();
    assert_eq!(operations, [Operation::Create, Operation::ActionDeploy]);
    assert_eq!(entries(&setup.journal)[0].object_id, created.id);
}

#[tokio::test]
async fn a_taken_name_is_refused_where_it_is_typed() {
    let mut setup = setup().await;
    setup.driver.press("n");
    setup.driver.press(ACTION);
    setup.driver.press("<Enter>");
    assert!(
        screen(&setup.driver).contains("is taken"),
        "{}",
        screen(&setup.driver)
    );
    setup.driver.press("<Esc>");
    assert!(setup.driver.state.creating.is_none());
}

#[tokio::test]
async fn n_in_modules_creates_and_publishes_a_module_with_a_secret() {
    let mut setup = setup().await;
    setup.driver.press("2");
    setup.driver.settle().await;
    setup.driver.state.opts.editor =
        editor_script("printf 'module.exports = { ping: () => \"pong\" };\\n' > \"$0\"");
    setup.driver.press("n");
    setup.driver.press("ping-helpers<Enter>");
    setup.driver.settle().await;
    assert!(matches!(setup.driver.state.overlay, Overlay::Settings(_)));
    setup.driver.press("a");
    setup.driver.press("PING_TOKEN<Enter>");
    setup.driver.press(SECRET_VALUE);
    setup.driver.press("<Enter>w");
    setup.driver.press("j<Enter>");
    setup.driver.settle().await;
    let modules = client(&setup.emu).list_modules().await.unwrap();
    let module = modules
        .iter()
        .find(|m| m.name == "ping-helpers")
        .expect("created");
    assert!(module.code.contains("pong"));
    assert_eq!(
        module
            .secrets
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["PING_TOKEN"]
    );
    assert_eq!(module.latest_version_number(), Some(1), "published");
    assert!(!format!("{:?}", setup.driver.state).contains("do-not-leak"));
    let journal = std::fs::read_to_string(setup.journal.path()).unwrap();
    assert!(!journal.contains("do-not-leak"));
}

#[tokio::test]
async fn deleting_a_bound_action_says_it_detaches_the_bindings() {
    let mut setup = setup().await;
    let (id, code) = draft_of(&setup, ACTION).await;
    select(&mut setup.driver, ACTION);
    setup.driver.press("X");
    setup.driver.settle().await;
    let Overlay::Confirm(confirm) = &setup.driver.state.overlay else {
        panic!("a delete dialog: {}", flash_text(&setup.driver));
    };
    let said = confirm.lines.join("\n");
    assert!(
        said.contains("It is bound to post-login") && said.contains("detaches"),
        "{said}"
    );
    setup.driver.press("y");
    setup.driver.settle().await;
    assert!(client(&setup.emu)
        .get_action(&id)
        .await
        .unwrap_err()
        .is_not_found());
    let bindings = client(&setup.emu)
        .list_bindings("post-login")
        .await
        .unwrap();
    assert!(bindings.iter().all(|b| b.action.id != id), "detached");
    assert!(setup
        .driver
        .state
        .visible_actions()
        .iter()
        .all(|a| a.id != id));
    let entry = entries(&setup.journal).pop().unwrap();
    assert_eq!(entry.operation, Operation::Delete);
    let saved = entry.before.saved_draft.expect("the draft kept");
    assert_eq!(std::fs::read_to_string(saved).unwrap(), code);
}

#[tokio::test]
async fn a_module_in_use_is_not_deleted_and_its_users_are_named() {
    let mut setup = setup().await;
    setup.driver.press("2");
    setup.driver.settle().await;
    let modules = client(&setup.emu).list_modules().await.unwrap();
    let used = modules
        .iter()
        .find(|m| m.actions_using_module_total > 0)
        .expect("a module in use")
        .clone();
    let users = client(&setup.emu)
        .list_module_actions(&used.id)
        .await
        .unwrap();
    select(&mut setup.driver, &used.name);
    setup.driver.press("X");
    // Its users are read first, then the dialog opens.
    setup.driver.settle().await;
    assert!(matches!(setup.driver.state.overlay, Overlay::Confirm(_)));
    setup.driver.press("y");
    setup.driver.settle().await;
    let said = flash_text(&setup.driver);
    for user in &users {
        assert!(said.contains(&user.action_name), "{said}");
    }
    assert!(
        client(&setup.emu).get_module(&used.id).await.is_ok(),
        "still there"
    );
    assert!(entries(&setup.journal).is_empty());
}

#[tokio::test]
async fn t_runs_the_draft_with_an_event_and_shows_a_thrown_error() {
    let mut setup = setup().await;
    let (id, _) = draft_of(&setup, ACTION).await;
    open(&mut setup, ACTION).await;
    // The event as prefilled, unchanged.
    setup.driver.state.opts.editor = editor_script("grep -q jane.doe@example.com \"$0\" || exit 7");
    setup.driver.press("t");
    setup.driver.settle().await;
    let Overlay::TestResult(result) = &setup.driver.state.overlay else {
        panic!("the result pane: {}", flash_text(&setup.driver));
    };
    let run = result.run.ready().expect("answered");
    assert!(run.error.is_none(), "{run:?}");
    assert!(screen(&setup.driver).contains("No error thrown."));

    // A draft that throws: the error comes back as a 200 with payload.error.
    client(&setup.emu)
        .update_action(
            &id,
            &codedeck::model::DraftChange::code(
                "exports.onExecutePostLogin = async () => { throw new Error('no roles claim'); };",
            ),
        )
        .await
        .unwrap();
    setup.driver.press("t");
    setup.driver.settle().await;
    let Overlay::TestResult(result) = &setup.driver.state.overlay else {
        panic!("the result pane");
    };
    let error = result
        .run
        .ready()
        .unwrap()
        .error
        .clone()
        .expect("the thrown error");
    let shown = screen(&setup.driver);
    assert!(shown.contains(&error.message), "{shown}");

    // Not JSON: said, and the text is kept for the next `t`.
    setup.driver.press("<Esc>");
    setup.driver.state.opts.editor = editor_script("echo '{ broken' > \"$0\"");
    setup.driver.press("t");
    setup.driver.settle().await;
    assert!(
        flash_text(&setup.driver).contains("not JSON (line"),
        "{}",
        flash_text(&setup.driver)
    );
    setup.driver.state.opts.editor = editor_script("grep -q broken \"$0\" || exit 8");
    setup.driver.press("t");
    setup.driver.settle().await;
    assert!(!flash_text(&setup.driver).contains("status 8"));
}

#[tokio::test]
async fn a_draft_whose_build_fails_says_so_and_what_is_live_stays() {
    let mut setup = setup().await;
    let (id, _) = draft_of(&setup, ACTION).await;
    let live_before = client(&setup.emu)
        .get_action(&id)
        .await
        .unwrap()
        .deployed_version;
    open(&mut setup, ACTION).await;
    // Not an exact version: the emulator's offline build cannot resolve it, like npm's ETARGET.
    setup.driver.press("sdleft-pad@^1<Enter>w");
    assert!(matches!(setup.driver.state.overlay, Overlay::Confirm(_)));
    setup.driver.press("y");
    setup.driver.settle().await;
    assert!(
        flash_text(&setup.driver).contains("failed to build"),
        "{}",
        flash_text(&setup.driver)
    );
    let after = client(&setup.emu).get_action(&id).await.unwrap();
    assert_eq!(after.status, codedeck::model::BuildStatus::Failed);
    assert_eq!(after.deployed_version, live_before);
}

#[tokio::test]
async fn every_authoring_popup_draws_in_the_smallest_window() {
    let mut setup = setup().await;
    open(&mut setup, "Notify Slack on signup").await;
    setup.driver.state.opts.editor = editor_script("true");
    let steps: [(&str, &str); 4] = [
        ("s", "Dependencies"),
        ("a", "Secret name"),
        ("<Esc><Esc>t", "Test run"),
        ("<Esc>:exec nope<Enter>", "Execution"),
    ];
    for (keys, expect) in steps {
        setup.driver.press(keys);
        setup.driver.settle().await;
        for (w, h) in [(60, 15), (61, 16), (200, 60)] {
            let shown = text(&setup.driver.render(w, h));
            assert!(shown.contains(expect), "{keys} at {w}×{h}:\n{shown}");
        }
    }
}

#[tokio::test]
async fn a_module_secret_change_asks_for_the_value_of_every_secret_it_keeps() {
    let mut setup = setup().await;
    setup.driver.press("2");
    setup.driver.settle().await;
    let modules = client(&setup.emu).list_modules().await.unwrap();
    let module = modules
        .iter()
        .find(|m| !m.secrets.is_empty())
        .expect("a demo module with a secret")
        .clone();
    select(&mut setup.driver, &module.name);
    setup.driver.press("s");
    setup.driver.press("aNEW_TOKEN<Enter>");
    setup.driver.press(SECRET_VALUE);
    setup.driver.press("<Enter>w");
    let kept = &module.secrets[0].name;
    let shown = screen(&setup.driver);
    assert!(
        matches!(setup.driver.state.overlay, Overlay::Settings(_)),
        "not sent yet"
    );
    assert!(shown.contains(&format!("give {kept}")), "{shown}");

    // Its value again: the first secret row follows the dependency rows.
    setup.driver.press("g");
    for _ in 0..module.dependencies.len() {
        setup.driver.press("j");
    }
    setup.driver.press("<Enter>");
    setup.driver.press("kept-value-again<Enter>w");
    assert!(matches!(setup.driver.state.overlay, Overlay::Confirm(_)));
    setup.driver.press("y");
    setup.driver.settle().await;
    let after = client(&setup.emu).get_module(&module.id).await.unwrap();
    let names: Vec<&str> = after.secrets.iter().map(|s| s.name.as_str()).collect();
    assert!(
        names.contains(&kept.as_str()) && names.contains(&"NEW_TOKEN"),
        "{names:?}"
    );
}

#[tokio::test]
async fn secrets_changed_elsewhere_while_the_settings_are_open_are_not_clobbered() {
    let mut setup = setup().await;
    let (id, _) = draft_of(&setup, ACTION).await;
    open(&mut setup, ACTION).await;
    setup.driver.press("sdlodash@4.17.21<Enter>w");
    assert!(matches!(setup.driver.state.overlay, Overlay::Confirm(_)));
    // Another client adds a secret while the review is open.
    client(&setup.emu)
        .update_action(
            &id,
            &codedeck::model::DraftChange {
                secrets: Some(vec![codedeck::model::SecretInput {
                    name: "THEIRS".into(),
                    value: Some(codedeck::secret::Secret::new("their-value")),
                }]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    setup.driver.press("y");
    setup.driver.settle().await;
    assert!(
        flash_text(&setup.driver).contains("changed on the service"),
        "{}",
        flash_text(&setup.driver)
    );
    let after = client(&setup.emu).get_action(&id).await.unwrap();
    assert_eq!(
        after
            .secrets
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["THEIRS"]
    );
    assert!(
        after.dependencies.iter().all(|d| d.name != "lodash"),
        "ours not sent"
    );
}

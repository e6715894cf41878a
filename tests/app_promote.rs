//! Promote from view 5 through the dashboard's own update/execute/render against the demo's two
//! stages (two emulators over loopback HTTP, `dev` and `prod`, a production stage): `P` → the
//! dialog (both stages named, B now → B after) → `y` → the row is the same and the journal has the
//! entry naming A; the second button deploys; `u` undoes; the guard when B changed since it was
//! read; a refusal in words; a batch in dependency order stopping at its first failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::sync::Arc;
use std::time::Duration;

use codedeck::app::state::{Overlay, StageChoices};
use codedeck::app::RunOptions;
use codedeck::backend::Backend;
use codedeck::config::{DemoStage, Stage};
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions, Seed};
use codedeck::journal::{Journal, ObjectKind, Operation};
use codedeck::model::{ActionFilter, DraftChange, NewAction, SecretInput, TriggerRef};
use codedeck::secret::Secret;
use codedeck::shell::stages::Connector;
use codedeck::shell::{Driver, StageConnection, Stages};
use codedeck::stages::{PackageScope, Reading, State as RowState};
use codedeck::theme::Theme;
use support::dashboard::{both, flash_text, made, row_state, text, HEIGHT, WIDTH};

async fn emulator(seed: Seed) -> EmulatorHandle {
    emulator::spawn(EmulatorOptions {
        seed,
        build_duration: Duration::from_millis(20),
        deploy_duration: Duration::from_millis(20),
        ..EmulatorOptions::default()
    })
    .await
    .unwrap()
}

/// `dev` and `prod` as the demo's stages say (prod: production, its replacements, its database).
fn connector(dev: Arc<dyn Backend>, prod: Arc<dyn Backend>) -> Connector {
    Arc::new(move |name: String| {
        let (backend, stage) = if name == "dev" {
            (dev.clone(), Stage::demo(DemoStage::Dev))
        } else {
            (prod.clone(), Stage::demo(DemoStage::Prod))
        };
        Box::pin(async move {
            Ok(StageConnection {
                backend,
                production: stage.production,
                replace: stage.replace.0.clone(),
                reading: Reading {
                    auth0: true,
                    faircom: true,
                    scope: PackageScope {
                        database: stage.faircom_database.clone(),
                        owner: stage.faircom_owner.clone(),
                    },
                },
                keep: None,
            })
        })
    })
}

struct Setup {
    driver: Driver,
    dev: Arc<dyn Backend>,
    prod: Arc<dyn Backend>,
    journal: Journal,
    _dir: tempfile::TempDir,
    _emus: (EmulatorHandle, EmulatorHandle),
}

/// The dashboard on dev, view 5 open on dev → prod, both read.
async fn setup() -> Setup {
    let (dev_emu, prod_emu) = (emulator(Seed::Demo).await, emulator(Seed::DemoProd).await);
    let (dev, prod) = (both(&dev_emu), both(&prod_emu));
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::at(dir.path());
    let mut driver = Driver::new(
        dev.clone(),
        Theme::default(),
        RunOptions {
            demo_hint: false,
            journal: Some(journal.clone()),
            stages: StageChoices {
                names: vec!["dev".into(), "prod".into()],
                initial: Some(("dev".into(), "prod".into())),
            },
            ..RunOptions::default()
        },
    )
    .with_stages(Stages::new(connector(dev.clone(), prod.clone())));
    driver.resize(WIDTH, HEIGHT);
    driver.settle().await;
    driver.press("5");
    driver.settle().await;
    assert!(driver.state.compare.ready(), "both sides read");
    Setup {
        driver,
        dev,
        prod,
        journal,
        _dir: dir,
        _emus: (dev_emu, prod_emu),
    }
}

/// Shows only `name`'s row.
async fn filter_to(driver: &mut Driver, name: &str) {
    driver.press("<Esc>");
    driver.press("/");
    driver.press(name);
    driver.press("<Enter>");
    driver.settle().await;
}

/// `P` on the row shown, and the dialog it opens.
async fn promote_dialog(driver: &mut Driver) -> String {
    driver.press("P");
    driver.settle().await;
    let Overlay::Promote(confirm) = &driver.state.overlay else {
        panic!(
            "a promote dialog: {:?} / {}",
            driver.state.overlay,
            flash_text(driver)
        );
    };
    assert!(!confirm.confirm_focused, "Cancel is focused");
    text(&driver.render(WIDTH, HEIGHT))
}

/// The footer says `needle`.
fn assert_said(driver: &Driver, needle: &str) {
    let said = flash_text(driver);
    assert!(said.contains(needle), "{needle}: {said}");
}

async fn action_id(backend: &dyn Backend, name: &str) -> String {
    let actions = backend
        .list_actions(&ActionFilter::default())
        .await
        .unwrap();
    actions.iter().find(|a| a.name == name).unwrap().id.clone()
}

#[tokio::test]
async fn p_promotes_a_package_the_row_becomes_same_journaled_naming_a_and_u_puts_it_back() {
    let mut setup = setup().await;
    let name = "admin/enrichOrderRecords";
    assert_eq!(row_state(&setup.driver, name), RowState::CodeDiffers);
    filter_to(&mut setup.driver, name).await;

    let screen = promote_dialog(&mut setup.driver).await;
    assert!(
        screen.contains("from dev to prod (a PRODUCTION stage)"),
        "both stages named in words:\n{screen}"
    );
    assert!(
        screen.contains("prod now") && screen.contains("prod after the promote"),
        "B now → B after:\n{screen}"
    );
    assert!(
        screen.contains("the new version runs at once"),
        "what the service will do:\n{screen}"
    );
    // The production warning in the danger colour.
    let buf = setup.driver.render(WIDTH, HEIGHT);
    let danger = (0..HEIGHT).any(|y| {
        let row: String = (0..WIDTH).map(|x| buf[(x, y)].symbol()).collect();
        row.find("PRODUCTION stage: what is sent")
            .is_some_and(|at| {
                let x = u16::try_from(row[..at].chars().count()).unwrap();
                buf[(x, y)].fg == Theme::default().danger
            })
    });
    assert!(danger, "the production warning in the danger colour");

    setup.driver.press("y");
    setup.driver.settle().await;
    assert_said(&setup.driver, "promoted package");
    assert_eq!(row_state(&setup.driver, name), RowState::Same, "re-read");
    let entries = made(&setup.journal);
    let entry = entries.last().expect("journaled");
    assert_eq!(entry.kind, ObjectKind::Package);
    assert_eq!(entry.profile, "prod");
    assert_eq!(entry.promoted_from.as_deref(), Some("dev"));
    assert!(entry.before.version_number.is_some() && entry.after.version_number.is_some());

    // `u`: the package reverted to the version before.
    setup.driver.press("u");
    setup.driver.settle().await;
    let Overlay::Promote(_) = &setup.driver.state.overlay else {
        panic!("u asks first: {:?}", setup.driver.state.overlay);
    };
    setup.driver.press("y");
    setup.driver.settle().await;
    assert_said(&setup.driver, "undid the promote");
    assert_eq!(row_state(&setup.driver, name), RowState::CodeDiffers);
    let last = made(&setup.journal).last().cloned().unwrap();
    assert!(last.undo && last.operation == Operation::PackageRevert);
}

#[tokio::test]
async fn the_second_button_deploys_an_action_and_u_rolls_forward() {
    let mut setup = setup().await;
    let name = "Progressive profiling";
    assert_eq!(row_state(&setup.driver, name), RowState::CodeDiffers);
    filter_to(&mut setup.driver, name).await;
    let screen = promote_dialog(&mut setup.driver).await;
    assert!(screen.contains("Promote and deploy"), "{screen}");
    setup.driver.press("<Tab>");
    setup.driver.press("<Tab>");
    setup.driver.press("y");
    setup.driver.settle().await;
    assert_said(&setup.driver, "is live");
    assert_eq!(row_state(&setup.driver, name), RowState::Same);
    let id = action_id(&*setup.prod, name).await;
    let entries = made(&setup.journal);
    // ONE entry for the promote and its deploy: both stages, the object, B's version before and
    // after, the draft it replaced.
    let ops: Vec<Operation> = entries.iter().map(|e| e.operation).collect();
    assert_eq!(ops, [Operation::ActionDeploy]);
    let entry = &entries[0];
    assert_eq!(entry.promoted_from.as_deref(), Some("dev"));
    assert_eq!(
        (entry.profile.as_str(), entry.object_id.as_str()),
        ("prod", id.as_str())
    );
    let (before, after) = (entry.before.version_number, entry.after.version_number);
    assert!(before.is_some() && after > before, "{before:?} → {after:?}");
    let saved = entry.before.saved_draft.clone().expect("B's draft saved");
    let draft_before = Journal::load_draft(&saved).unwrap();

    setup.driver.press("u");
    setup.driver.settle().await;
    let screen = text(&setup.driver.render(WIDTH, HEIGHT));
    let words = format!(
        "Put prod's Progressive profiling back to v{} (live before the promote)",
        before.unwrap()
    );
    assert!(
        flat(&screen).contains(&flat(&words)),
        "the undo says what it does, on which stage:\n{screen}"
    );
    setup.driver.press("y");
    setup.driver.settle().await;
    assert_said(&setup.driver, "live again");
    assert_said(&setup.driver, "draft");
    assert_eq!(row_state(&setup.driver, name), RowState::CodeDiffers);
    let now = setup.prod.get_action(&id).await.unwrap();
    assert_eq!(
        now.deployed_version.unwrap().number,
        after.unwrap() + 1,
        "rolled forward"
    );
    assert_eq!(now.code, draft_before, "B's draft back as it was");
}

#[tokio::test]
async fn u_puts_back_the_draft_a_promote_without_deploy_replaced() {
    let mut setup = setup().await;
    let name = "Progressive profiling";
    let id = action_id(&*setup.prod, name).await;
    let draft_before = setup.prod.get_action(&id).await.unwrap().code;
    filter_to(&mut setup.driver, name).await;
    promote_dialog(&mut setup.driver).await;
    setup.driver.press("y");
    setup.driver.settle().await;
    assert_said(&setup.driver, "promoted action");
    assert_ne!(setup.prod.get_action(&id).await.unwrap().code, draft_before);
    let entries = made(&setup.journal);
    assert_eq!(entries.len(), 1, "one entry: {entries:?}");
    assert_eq!(entries[0].operation, Operation::DraftEdit);

    setup.driver.press("u");
    setup.driver.settle().await;
    let screen = flat(&text(&setup.driver.render(WIDTH, HEIGHT)));
    assert!(
        screen.contains(&flat(
            "Put the draft of prod's action Progressive profiling back as it was before the promote"
        )),
        "{screen}"
    );
    setup.driver.press("y");
    setup.driver.settle().await;
    assert_said(&setup.driver, "undid the promote");
    assert_eq!(
        setup.prod.get_action(&id).await.unwrap().code,
        draft_before,
        "B's draft back"
    );
    let last = made(&setup.journal).last().cloned().unwrap();
    assert!(last.undo && last.object_id == id, "{last:?}");
}

#[tokio::test]
async fn u_puts_back_the_module_draft_a_promote_and_publish_replaced() {
    let mut setup = setup().await;
    let name = "deny-lists";
    let module = |backend: Arc<dyn Backend>| async move {
        let modules = backend.list_modules().await.unwrap();
        modules.into_iter().find(|m| m.name == name).unwrap()
    };
    let draft_before = module(setup.prod.clone()).await.code;
    filter_to(&mut setup.driver, name).await;
    let screen = promote_dialog(&mut setup.driver).await;
    assert!(screen.contains("Promote and publish"), "{screen}");
    setup.driver.press("<Tab>");
    setup.driver.press("<Tab>");
    setup.driver.press("y");
    setup.driver.settle().await;
    let entries = made(&setup.journal);
    let ops: Vec<Operation> = entries.iter().map(|e| e.operation).collect();
    assert_eq!(ops, [Operation::ModulePublish], "one entry");
    assert!(entries[0].after.version_number > entries[0].before.version_number);

    setup.driver.press("u");
    setup.driver.settle().await;
    setup.driver.press("y");
    setup.driver.settle().await;
    assert_said(&setup.driver, "undid the promote");
    assert_eq!(module(setup.prod.clone()).await.code, draft_before);
}

#[tokio::test]
async fn a_flow_takes_a_s_order_and_u_puts_b_s_back() {
    let mut setup = setup().await;
    // credentials-exchange differs in order only.
    let name = "credentials-exchange";
    let before = row_state(&setup.driver, name);
    assert!(!before.is_same(), "{before:?}");
    filter_to(&mut setup.driver, name).await;
    let screen = promote_dialog(&mut setup.driver).await;
    assert!(screen.contains("the new order runs at once"), "{screen}");
    setup.driver.press("y");
    setup.driver.settle().await;
    assert_eq!(row_state(&setup.driver, name), RowState::Same);
    let entry = made(&setup.journal).last().cloned().unwrap();
    assert_eq!(
        (entry.kind, entry.operation),
        (ObjectKind::Trigger, Operation::BindingsChange)
    );
    assert_eq!(entry.promoted_from.as_deref(), Some("dev"));

    setup.driver.press("u");
    setup.driver.settle().await;
    setup.driver.press("y");
    setup.driver.settle().await;
    assert_said(&setup.driver, "the order is back");
    assert_eq!(row_state(&setup.driver, name), before);
    // Undone once: the last change is the undo, not a promote (said at once: no dialog).
    setup.driver.press("u");
    setup.driver.settle().await;
    assert_eq!(setup.driver.state.overlay, Overlay::None);
    assert_said(&setup.driver, "was not a promote");
}

#[tokio::test]
async fn nothing_is_sent_when_b_changed_since_it_was_read() {
    let mut setup = setup().await;
    let name = "Progressive profiling";
    filter_to(&mut setup.driver, name).await;
    promote_dialog(&mut setup.driver).await;
    // Someone edits prod's draft meanwhile.
    let id = action_id(&*setup.prod, name).await;
    let change = DraftChange {
        code: Some("exports.onExecutePostLogin = async () => {};\n".into()),
        ..DraftChange::default()
    };
    setup.prod.update_action(&id, &change).await.unwrap();
    setup.driver.press("y");
    setup.driver.settle().await;
    let said = flash_text(&setup.driver);
    assert!(
        said.contains("changed in the target stage since it was read: nothing was sent"),
        "{said}"
    );
    assert!(made(&setup.journal).is_empty(), "nothing journaled as made");
    let now = setup.prod.get_action(&id).await.unwrap();
    assert_eq!(now.code, change.code.unwrap(), "the other edit stays");
}

#[tokio::test]
async fn a_refusal_is_said_in_words() {
    let mut setup = setup().await;
    // Prod lacks deny-lists v3, which dev's action pins.
    filter_to(&mut setup.driver, "Deny disposable email domains").await;
    setup.driver.press("P");
    setup.driver.settle().await;
    assert_eq!(setup.driver.state.overlay, Overlay::None);
    let said = flash_text(&setup.driver);
    assert!(
        said.contains("cannot be promoted") && said.contains("v3"),
        "{said}"
    );
}

#[tokio::test]
async fn a_batch_goes_in_dependency_order_and_stops_at_its_first_failure() {
    let mut setup = setup().await;
    // Marked flow first, then the action, then the module.
    for name in ["post-login", "Progressive profiling", "deny-lists"] {
        filter_to(&mut setup.driver, name).await;
        setup.driver.press("<Space>");
    }
    assert_eq!(setup.driver.state.compare.promote.marked.len(), 3);
    let screen = text(&setup.driver.render(WIDTH, HEIGHT));
    assert!(
        screen.contains("›+"),
        "the row shows it is marked:\n{screen}"
    );
    setup.driver.press("<Esc>");
    let screen = promote_dialog(&mut setup.driver).await;
    let at = |needle: &str| {
        screen
            .find(needle)
            .unwrap_or_else(|| panic!("{needle}:\n{screen}"))
    };
    assert!(
        at("module 'deny-lists'") < at("action 'Progressive profiling'")
            && at("action 'Progressive profiling'") < at("flow 'post-login'"),
        "modules, then actions, then flows:\n{screen}"
    );
    // The action changes in prod meanwhile: the batch stops there.
    let id = action_id(&*setup.prod, "Progressive profiling").await;
    let change = DraftChange {
        code: Some("exports.onExecutePostLogin = async () => {};\n".into()),
        ..DraftChange::default()
    };
    setup.prod.update_action(&id, &change).await.unwrap();
    setup.driver.press("y");
    setup.driver.settle().await;
    let said = flash_text(&setup.driver);
    assert!(
        said.contains("promoted: module deny-lists")
            && said.contains("failed: action Progressive profiling")
            && said.contains("not done: flow post-login"),
        "{said}"
    );
    let kinds: Vec<ObjectKind> = made(&setup.journal).iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [ObjectKind::Module], "only the module was made");
    assert!(setup.driver.state.compare.promote.marked.is_empty());
}

#[test]
fn the_help_lists_p_space_and_u_in_the_compare_view() {
    let (left, right) = codedeck::app::help::columns();
    let all = format!("{left:?}{right:?}");
    for help in [
        codedeck::strings::promote::HELP_PROMOTE,
        codedeck::strings::promote::HELP_MARK,
        codedeck::strings::promote::HELP_UNDO_PROMOTE,
    ] {
        assert!(all.contains(help), "{help} in the help");
    }
}

const SECRET_VALUE: &str = "typed-in-Vq83-never-shown";

/// An action only in dev's drafts, with a secret prod cannot have a value for; view 5 compares
/// drafts and shows only its row.
async fn with_secret_only_in_dev(setup: &mut Setup) -> &'static str {
    let name = "Call the audit API";
    setup
        .dev
        .create_action(&NewAction {
            name: name.into(),
            trigger: TriggerRef {
                id: "post-login".into(),
                version: "v3".into(),
            },
            runtime: None,
            code: "exports.onExecutePostLogin = async () => {};".into(),
            dependencies: vec![],
            secrets: vec![SecretInput {
                name: "AUDIT_TOKEN".into(),
                value: Some(Secret::new("dev-value-not-copied")),
            }],
            deploy: false,
        })
        .await
        .unwrap();
    setup.driver.press("d");
    setup.driver.press("r");
    setup.driver.settle().await;
    filter_to(&mut setup.driver, name).await;
    name
}

#[tokio::test]
async fn a_secret_b_lacks_is_asked_hidden_then_sent_and_its_value_shows_nowhere() {
    let mut setup = setup().await;
    let name = with_secret_only_in_dev(&mut setup).await;
    let screen = promote_dialog(&mut setup.driver).await;
    assert!(
        screen.contains("no value for: AUDIT_TOKEN"),
        "the dialog says a value will be asked:\n{screen}"
    );
    setup.driver.press("y");
    let Overlay::Prompt(prompt) = &setup.driver.state.overlay else {
        panic!("asked: {:?}", setup.driver.state.overlay);
    };
    assert!(prompt.masked, "hidden input");
    setup.driver.press(SECRET_VALUE);
    let screen = text(&setup.driver.render(WIDTH, HEIGHT));
    assert!(screen.contains("AUDIT_TOKEN"), "{screen}");
    assert!(
        !screen.contains(SECRET_VALUE),
        "typed, not shown:\n{screen}"
    );
    assert!(!format!("{:?}", setup.driver.state).contains(SECRET_VALUE));
    setup.driver.press("<Enter>");
    assert!(
        !format!("{:?}", setup.driver.state).contains(SECRET_VALUE),
        "not in Debug once taken"
    );
    setup.driver.settle().await;
    assert_said(&setup.driver, "promoted action");
    let made_in_prod = setup
        .prod
        .get_action(&action_id(&*setup.prod, name).await)
        .await;
    let secrets: Vec<String> = made_in_prod
        .unwrap()
        .secrets
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(secrets, ["AUDIT_TOKEN"]);
    let journal = std::fs::read_to_string(setup.journal.path()).unwrap();
    assert!(journal.contains(name) && !journal.contains(SECRET_VALUE));
    let screen = text(&setup.driver.render(WIDTH, HEIGHT));
    assert!(!screen.contains(SECRET_VALUE));
}

#[tokio::test]
async fn esc_on_a_secret_s_prompt_cancels_the_promote_and_sends_nothing() {
    let mut setup = setup().await;
    let name = with_secret_only_in_dev(&mut setup).await;
    promote_dialog(&mut setup.driver).await;
    setup.driver.press("y");
    setup.driver.press("abc");
    setup.driver.press("<Esc>");
    setup.driver.settle().await;
    assert_eq!(setup.driver.state.overlay, Overlay::None);
    assert_said(&setup.driver, "nothing was sent");
    assert!(setup.driver.state.compare.promote.secrets.is_none());
    let actions = setup
        .prod
        .list_actions(&ActionFilter::default())
        .await
        .unwrap();
    assert!(actions.iter().all(|a| a.name != name), "nothing sent");
    assert!(made(&setup.journal).is_empty());
}

/// The screen's words without the dialog's line breaks and borders, one space between words.
fn flat(screen: &str) -> String {
    screen
        .split(|c: char| c.is_whitespace() || c == '│')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn mouse(kind: crossterm::event::MouseEventKind, column: u16, row: u16) -> codedeck::app::msg::Msg {
    codedeck::app::msg::Msg::Mouse(crossterm::event::MouseEvent {
        kind,
        column,
        row,
        modifiers: crossterm::event::KeyModifiers::NONE,
    })
}

/// The screen line (its y) where `name` is drawn.
fn line_of(driver: &Driver, name: &str) -> u16 {
    let screen = text(&driver.render(WIDTH, HEIGHT));
    let y = screen.lines().position(|l| l.contains(name)).unwrap();
    u16::try_from(y).unwrap()
}

#[tokio::test]
async fn in_view_5_a_click_selects_a_row_and_the_wheel_moves_and_scrolls() {
    use crossterm::event::{MouseButton, MouseEventKind};
    let mut setup = setup().await;
    let driver = &mut setup.driver;
    let name = "Progressive profiling";
    let y = line_of(driver, name);
    driver.send(mouse(MouseEventKind::Down(MouseButton::Left), 10, y));
    assert_eq!(
        driver.state.compare.selected_row().unwrap().name,
        name,
        "the row clicked is selected"
    );
    driver.send(mouse(MouseEventKind::ScrollDown, 10, y));
    let below = driver.state.compare.selected;
    assert_ne!(driver.state.compare.selected_row().unwrap().name, name);
    driver.send(mouse(MouseEventKind::ScrollUp, 10, y));
    assert_eq!(driver.state.compare.selected_row().unwrap().name, name);
    assert_eq!(below, driver.state.compare.selected + 1);
    // The wheel scrolls an open diff.
    driver.press("<Enter>");
    driver.settle().await;
    let scroll = |d: &Driver| {
        d.state
            .compare
            .diff
            .as_ref()
            .unwrap()
            .diff
            .as_ref()
            .unwrap()
            .scroll
    };
    // A short screen: the diff is longer than its pane.
    driver.resize(WIDTH, 16);
    let before = scroll(driver);
    driver.send(mouse(MouseEventKind::ScrollDown, 10, 12));
    assert!(
        scroll(driver) > before,
        "scrolled: {before} → {}",
        scroll(driver)
    );
    driver.send(mouse(MouseEventKind::ScrollUp, 10, 12));
    assert_eq!(scroll(driver), before, "back");
    let selected = driver.state.compare.selected;
    driver.send(mouse(MouseEventKind::Down(MouseButton::Left), 10, 5));
    assert_eq!(
        driver.state.compare.selected, selected,
        "a click on the diff selects no row"
    );
}

#[tokio::test]
async fn at_80_by_24_a_long_error_and_the_keys_are_wrapped_not_cut() {
    let mut setup = setup().await;
    let driver = &mut setup.driver;
    driver.resize(80, 24);
    // The footer is the generated key bar: whole keys that fit, `? help` kept at its end.
    let shown = text(&driver.render(80, 24));
    let bar = shown.lines().last().unwrap_or_default();
    assert!(
        bar.contains("/ filter") && bar.trim_end().ends_with("? help"),
        "the keys whole:\n{shown}"
    );
    filter_to(driver, "Deny disposable email domains").await;
    driver.press("P");
    driver.settle().await;
    let said = flash_text(driver);
    assert!(said.chars().count() > 80, "a long error: {said}");
    let screen = text(&driver.render(80, 24));
    assert!(
        flat(&screen).contains(&flat(&said)),
        "the whole error is on screen:\n{screen}"
    );
    assert!(screen.lines().all(|l| l.chars().count() <= 80));
}

#[tokio::test]
async fn update_journals_a_promote_its_intent_before_the_request_and_its_outcome_after() {
    use codedeck::app::msg::Cmd;
    use codedeck::journal::Outcome;
    let mut setup = setup().await;
    filter_to(&mut setup.driver, "Progressive profiling").await;
    promote_dialog(&mut setup.driver).await;
    setup.driver.press("y");
    let pending: Vec<&Cmd> = setup.driver.pending().iter().collect();
    let intent = pending.iter().position(|c| {
        matches!(c, Cmd::AppendJournal(e)
            if e.outcome == Outcome::Intent && e.promoted_from.as_deref() == Some("dev"))
    });
    let promote = pending.iter().position(|c| matches!(c, Cmd::Promote(_)));
    assert!(
        intent.is_some() && intent < promote,
        "update emits the intent, then the promote: {pending:?}"
    );
    setup.driver.settle().await;
    let lines = setup.journal.read().unwrap();
    let outcomes: Vec<Outcome> = lines.iter().map(|e| e.outcome).collect();
    assert_eq!(outcomes, [Outcome::Intent, Outcome::Done]);
    assert_eq!(lines[0].change, lines[1].change, "one change");
    assert!(
        lines[1].before.saved_draft.is_some(),
        "the saved draft is in the outcome"
    );
    assert_eq!(lines[1].tenant, setup.prod.connection().label, "B's tenant");
}

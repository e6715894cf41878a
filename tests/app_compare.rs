//! View 5, Compare, through the dashboard's own update/execute/render against two emulators over
//! loopback HTTP, each side on its own connection: the rows and their states, the drafts toggle,
//! the cross-stage diff with the settings that differ above the code (secret names, never values),
//! one side refusing its token (its rows unknown, the other side's still compared), `:compare` and
//! the picker. The drift between the two stages is made through the API here (the demo's own drift
//! comes with another branch).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::sync::Arc;
use std::time::Duration;

use codedeck::app::state::{Overlay, StageChoices};
use codedeck::app::RunOptions;
use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
use codedeck::backend::both::Both;
use codedeck::backend::Backend;
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions};
use codedeck::model::{ActionFilter, Dependency, DraftChange, SecretInput};
use codedeck::secret::Secret;
use codedeck::shell::stages::Connector;
use codedeck::shell::{Driver, StageConnection, Stages};
use codedeck::stages::{Reading, State as RowState};
use codedeck::theme::Theme;
use support::dashboard::{both, faircom_client, row_state, text, HEIGHT, WIDTH};

/// A secret's value set on the target: it must never be drawn.
const SECRET_VALUE: &str = "prod-only-value-Qx81";

async fn emulator() -> EmulatorHandle {
    emulator::spawn(EmulatorOptions {
        build_duration: Duration::from_millis(20),
        deploy_duration: Duration::from_millis(20),
        ..EmulatorOptions::default()
    })
    .await
    .unwrap()
}

/// `dev` and `prod` (a production stage), each its own backend.
fn connector(dev: Arc<dyn Backend>, prod: Arc<dyn Backend>) -> Connector {
    Arc::new(move |name: String| {
        let backend = if name == "dev" {
            dev.clone()
        } else {
            prod.clone()
        };
        Box::pin(async move {
            Ok(StageConnection {
                backend,
                production: name == "prod",
                replace: vec![],
                reading: Reading {
                    auth0: true,
                    faircom: true,
                    scope: codedeck::stages::PackageScope::default(),
                },
                keep: None,
            })
        })
    })
}

/// The dashboard on `dev`, its Compare view offering `dev` → `prod` (`initial`: opened with them).
async fn dashboard(dev: Arc<dyn Backend>, prod: Arc<dyn Backend>, initial: bool) -> Driver {
    let mut driver = Driver::new(
        dev.clone(),
        Theme::default(),
        RunOptions {
            stages: StageChoices {
                names: vec!["dev".into(), "prod".into()],
                initial: initial.then(|| ("dev".into(), "prod".into())),
            },
            ..RunOptions::default()
        },
    )
    .with_stages(Stages::new(connector(dev, prod)));
    driver.resize(WIDTH, HEIGHT);
    driver.settle().await;
    driver
}

/// The first deployed action's name on this backend.
async fn deployed_action(backend: &dyn Backend) -> (String, String) {
    let actions = backend
        .list_actions(&ActionFilter::default())
        .await
        .unwrap();
    let action = actions
        .iter()
        .find(|a| a.deployed_version.is_some() && a.all_changes_deployed)
        .expect("the demo has a deployed action");
    (action.id.clone(), action.name.clone())
}

/// Changes the action's draft on `backend` (code, a dependency, a secret with a value).
async fn drift_draft(backend: &dyn Backend, id: &str) {
    let action = backend.get_action(id).await.unwrap();
    let mut secrets: Vec<SecretInput> = action
        .secrets
        .iter()
        .map(|s| SecretInput {
            name: s.name.clone(),
            value: None,
        })
        .collect();
    secrets.push(SecretInput {
        name: "PROD_ONLY".into(),
        value: Some(Secret::new(SECRET_VALUE)),
    });
    let mut dependencies = action.dependencies.clone();
    dependencies.push(Dependency {
        name: "left-pad".into(),
        version: "1.3.0".into(),
    });
    let change = DraftChange {
        code: Some(format!("{}\n// changed in prod\n", action.code)),
        runtime: None,
        dependencies: Some(dependencies),
        secrets: Some(secrets),
    };
    backend.update_action(id, &change).await.unwrap();
}

/// Deploys the draft once built, and waits until it is live.
async fn deploy(backend: &dyn Backend, id: &str) {
    for _ in 0..200 {
        if backend.deploy_action(id).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for _ in 0..200 {
        if backend.get_action(id).await.unwrap().all_changes_deployed {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the deploy never went live");
}

/// Shows only `name`'s row.
async fn filter_to(driver: &mut Driver, name: &str) {
    driver.press("/");
    driver.press(name);
    driver.press("<Enter>");
    driver.settle().await;
}

#[tokio::test]
async fn rows_per_object_with_states_and_the_diff_shows_settings_above_the_code() {
    let (dev_emu, prod_emu) = (emulator().await, emulator().await);
    let prod = both(&prod_emu);
    let (id, name) = deployed_action(&*prod).await;
    drift_draft(&*prod, &id).await;
    deploy(&*prod, &id).await;
    let mut driver = dashboard(both(&dev_emu), prod, true).await;

    driver.press("5");
    driver.settle().await;
    assert!(driver.state.comparing);
    assert!(driver.state.compare.ready(), "both sides read");
    assert_eq!(row_state(&driver, &name), RowState::CodeDiffers);
    let others = driver
        .state
        .compare
        .rows
        .iter()
        .filter(|r| r.name != name && r.kind == codedeck::stages::Kind::Action);
    for row in others {
        assert!(row.state.is_same(), "{row:?}: only {name} drifted");
    }
    let screen = text(&driver.render(WIDTH, HEIGHT));
    assert!(screen.contains("5 Compare"), "the tab:\n{screen}");
    assert!(
        screen.contains("dev → prod (production)"),
        "the header names both, the target as production:\n{screen}"
    );
    assert!(screen.contains("Actions"), "grouped by kind:\n{screen}");
    // The target, a production stage, in the theme's danger colour.
    let buf = driver.render(WIDTH, HEIGHT);
    let header: String = (0..WIDTH).map(|x| buf[(x, 0)].symbol()).collect();
    let at = header.find("prod (production)").unwrap();
    let column = u16::try_from(header[..at].chars().count()).unwrap();
    assert_eq!(buf[(column, 0)].fg, Theme::default().danger);
    // What is compared: the list's title says it, the key bar's `d` offers the other (the
    // hand-written footer that said both is the generated key bar now).
    assert!(screen.contains("Compare (live)"), "the title:\n{screen}");
    assert!(
        screen.lines().last().unwrap().contains("d drafts"),
        "the footer:\n{screen}"
    );

    filter_to(&mut driver, &name).await;
    let screen = text(&driver.render(WIDTH, HEIGHT));
    let line = screen
        .lines()
        .find(|l| l.contains(&name) && l.contains("code differs"))
        .unwrap_or_else(|| panic!("the row says code differs:\n{screen}"));
    assert!(
        line.contains("dependencies") && line.contains("secret names"),
        "and the fields that differ: {line}"
    );

    driver.press("<Enter>");
    driver.settle().await;
    let open = driver.state.compare.diff.as_ref().expect("the diff opened");
    assert!(open.diff.is_some(), "its code diff computed");
    let screen = text(&driver.render(WIDTH, HEIGHT));
    let lines: Vec<&str> = screen.lines().collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} on screen:\n{screen}"))
    };
    let settings = at("left-pad@1.3.0");
    let secrets = at("PROD_ONLY");
    let code = at("// changed in prod");
    assert!(
        settings < code && secrets < code,
        "settings above the code:\n{screen}"
    );
    assert!(lines[settings].contains("dependencies"), "{screen}");
    assert!(lines[secrets].contains("secret names"), "{screen}");
    assert!(
        screen.contains("dev (live)") && screen.contains("prod (live)"),
        "A → B labelled:\n{screen}"
    );
    assert!(
        !screen.contains(SECRET_VALUE),
        "a secret's value is never drawn"
    );
    assert!(!format!("{:?}", driver.state).contains(SECRET_VALUE));

    driver.press("<Esc>");
    assert!(driver.state.compare.diff.is_none(), "Esc: back to the rows");
    assert!(driver.state.comparing);
    driver.press("1");
    assert!(!driver.state.comparing, "1 leaves the Compare view");
}

#[tokio::test]
async fn d_compares_drafts_and_r_reads_both_sides_again() {
    let (dev_emu, prod_emu) = (emulator().await, emulator().await);
    let prod = both(&prod_emu);
    let (id, name) = deployed_action(&*prod).await;
    let mut driver = dashboard(both(&dev_emu), prod.clone(), true).await;
    driver.press("5");
    driver.settle().await;
    assert_eq!(row_state(&driver, &name), RowState::Same);

    // A draft changed on prod after the read: `r` reads it; live still the same.
    drift_draft(&*prod, &id).await;
    driver.press("r");
    assert_eq!(driver.pending().len(), 2, "both sides re-read");
    let screen = text(&driver.render(WIDTH, HEIGHT));
    assert!(
        screen.contains("reading prod…") && screen.contains(&name),
        "the rows stay while both are read again:\n{screen}"
    );
    driver.settle().await;
    assert_eq!(
        row_state(&driver, &name),
        RowState::Same,
        "live is the same"
    );
    driver.press("d");
    assert!(driver.state.compare.drafts);
    assert_eq!(row_state(&driver, &name), RowState::CodeDiffers);
    assert!(driver.pending().is_empty(), "the snapshots hold drafts too");
    let screen = text(&driver.render(WIDTH, HEIGHT));
    assert!(
        screen.contains("Compare (drafts)") && screen.contains("comparing drafts"),
        "the pane and the status line say so:\n{screen}"
    );
    driver.press("d");
    assert_eq!(row_state(&driver, &name), RowState::Same);
}

/// Both services of the emulator, the Auth0 side with a token the tenant refuses.
fn refused_auth0(emu: &EmulatorHandle) -> Arc<dyn Backend> {
    let url = parse_base_url(&emu.base_url()).unwrap();
    let auth0 = Auth0Client::new(Auth0Config::new(
        url,
        Credentials::Token(Secret::new("not-the-tenants-token")),
    ))
    .unwrap();
    Both::either(Some(Arc::new(auth0)), Some(Arc::new(faircom_client(emu)))).unwrap()
}

#[tokio::test]
async fn a_side_that_refuses_its_token_says_so_and_its_rows_are_unknown() {
    let (dev_emu, prod_emu) = (emulator().await, emulator().await);
    let mut driver = dashboard(both(&dev_emu), refused_auth0(&prod_emu), true).await;
    driver.press("5");
    driver.settle().await;
    let rows = &driver.state.compare.rows;
    let actions: Vec<_> = rows
        .iter()
        .filter(|r| r.kind == codedeck::stages::Kind::Action)
        .collect();
    assert!(!actions.is_empty(), "dev's actions are still listed");
    assert!(actions.iter().all(|r| r.state == RowState::Unknown));
    let packages: Vec<_> = rows
        .iter()
        .filter(|r| r.kind == codedeck::stages::Kind::Package)
        .collect();
    assert!(!packages.is_empty());
    assert!(
        packages.iter().all(|r| r.state.is_same()),
        "prod's FairCom side still compares: {packages:?}"
    );
    let screen = text(&driver.render(WIDTH, HEIGHT));
    let said = screen
        .lines()
        .find(|l| l.contains("prod (production)") && l.contains("unknown"))
        .unwrap_or_else(|| panic!("the failing side says why:\n{screen}"));
    assert!(said.contains("401"), "{said}");
    assert!(screen.contains("unknown"), "{screen}");
}

#[tokio::test]
async fn the_picker_and_compare_command_choose_the_stages() {
    let (dev_emu, prod_emu) = (emulator().await, emulator().await);
    let mut driver = dashboard(both(&dev_emu), both(&prod_emu), false).await;
    driver.press("5");
    let Overlay::Menu(menu) = &driver.state.overlay else {
        panic!(
            "5 without stages opens the picker: {:?}",
            driver.state.overlay
        );
    };
    assert_eq!(menu.items.len(), 2);
    driver.press("<Enter>");
    let Overlay::Menu(menu) = &driver.state.overlay else {
        panic!("then B's picker");
    };
    assert_eq!(menu.items.len(), 1, "A is not offered again");
    assert_eq!(menu.items[0].0, "prod");
    driver.press("<Enter>");
    driver.settle().await;
    assert!(driver.state.compare.ready());
    assert_eq!(driver.state.compare.to.as_ref().unwrap().name, "prod");

    driver.press(":compare prod dev<Enter>");
    driver.settle().await;
    assert_eq!(driver.state.compare.from.as_ref().unwrap().name, "prod");
    assert!(driver.state.compare.ready());
    driver.press(":compare dev nowhere<Enter>");
    assert!(
        driver
            .state
            .flash
            .as_ref()
            .is_some_and(|f| f.text.contains("nowhere")),
        "an unknown stage is refused in words"
    );
    driver.press(":compare dev dev<Enter>");
    assert!(driver
        .state
        .flash
        .as_ref()
        .is_some_and(|f| f.text.contains("itself")));
}

#[test]
fn the_help_lists_every_compare_key() {
    let (left, right) = codedeck::app::help::columns();
    let all = format!("{left:?}{right:?}");
    for table in [&codedeck::app::keymap::COMPARE] {
        // The moves are folded into one line for every table.
        for binding in table.bindings.iter().filter(|b| !b.intent.is_movement()) {
            assert!(all.contains(binding.help), "{} in the help", binding.help);
        }
    }
    assert!(all.contains(codedeck::strings::compare::HELP_VIEW_COMPARE));
}

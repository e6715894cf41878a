//! What a user's command costs in requests, counted by the emulator: a NAME is found through one
//! list, an id is read straight away, and the dashboard opens a listed action's timeline with one
//! request (its versions page carries the code).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::collections::BTreeMap;

use codedeck::emulator::EmulatorHandle;
use support::cli::{cmd, demo, raw_get, run, stderr};
use support::dashboard::{auth0, select, setup_on};

/// Built draft, five deployed versions in the demo seed.
const ACTION: &str = "Add role claims to tokens";
/// A published module with several versions.
const MODULE: &str = "claims-utils";

/// The requests counted so far, by `METHOD path`.
fn counts(emu: &EmulatorHandle) -> BTreeMap<String, usize> {
    emu.requests().into_iter().collect()
}

/// The requests made between two counts, by `METHOD path`, and their total.
fn made(before: &BTreeMap<String, usize>, after: &BTreeMap<String, usize>) -> (usize, String) {
    let mut total = 0;
    let mut lines = vec![];
    for (route, n) in after {
        let new = n - before.get(route).copied().unwrap_or(0);
        if new > 0 {
            total += new;
            lines.push(format!("{new}× {route}"));
        }
    }
    (total, lines.join(", "))
}

async fn id_of(emu: &EmulatorHandle, collection: &str, name: &str) -> String {
    let list = raw_get(emu, &format!("/actions/{collection}?per_page=100")).await;
    list[collection]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == name)
        .unwrap_or_else(|| panic!("the demo has {name}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Runs `codedeck ARGS` against the emulator and says what it cost: the total and the routes.
fn cost(emu: &EmulatorHandle, args: &[&str]) -> (usize, String) {
    let data = tempfile::tempdir().unwrap();
    let before = counts(emu);
    let out = run(cmd(emu, data.path()), args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    made(&before, &counts(emu))
}

/// Asserts a command's exact cost, printing the routes it took when it differs.
fn assert_cost(emu: &EmulatorHandle, args: &[&str], expected: usize) {
    let (total, routes) = cost(emu, args);
    assert_eq!(total, expected, "{args:?} made {routes}");
}

#[tokio::test(flavor = "multi_thread")]
async fn reading_commands_cost_one_lookup_and_what_they_show() {
    let emu = demo().await;
    let action = id_of(&emu, "actions", ACTION).await;
    let module = id_of(&emu, "modules", MODULE).await;
    let cases: &[(&[&str], usize)] = &[
        // The list entry is the whole action (code included).
        (&["actions", "show", ACTION], 1),
        (&["actions", "show", &action], 1),
        // The list, then the versions page.
        (&["actions", "diff", ACTION, "1", "2"], 2),
        // The versions page alone: it carries the code and which version serves.
        (&["actions", "diff", &action, "1", "2"], 1),
        // `live` is the action's deployed version: the action is read too.
        (&["actions", "diff", &action, "1", "live"], 2),
        // The draft needs no versions.
        (&["actions", "diff", ACTION, "draft", "draft"], 1),
        (&["modules", "diff", MODULE, "1", "2"], 2),
        (&["modules", "diff", &module, "1", "live"], 1),
    ];
    for (args, expected) in cases {
        assert_cost(&emu, args, *expected);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_module_by_id_is_read_once_and_by_name_listed_once() {
    let emu = demo().await;
    let module = id_of(&emu, "modules", MODULE).await;
    // `show` also lists the actions using the module: the lookup and that list.
    assert_cost(&emu, &["modules", "show", MODULE], 2);
    assert_cost(&emu, &["modules", "show", &module], 2);
}

/// The writes: by NAME or by ID the lookup is one request, so both cost the same.
#[tokio::test(flavor = "multi_thread")]
async fn changing_commands_cost_the_same_by_name_and_by_id() {
    let emu = demo().await;
    let action = id_of(&emu, "actions", ACTION).await;
    let module = id_of(&emu, "modules", MODULE).await;
    let pairs: &[(&[&str], &[&str], usize)] = &[
        (
            &["actions", "rollback", ACTION, "--to", "1", "--yes"],
            &["actions", "rollback", &action, "--to", "2", "--yes"],
            EXPECTED_ROLLBACK,
        ),
        (
            &["modules", "rollback", MODULE, "--to", "1", "--yes"],
            &["modules", "rollback", &module, "--to", "2", "--yes"],
            EXPECTED_MODULE_ROLLBACK,
        ),
        (
            &["actions", "test", ACTION],
            &["actions", "test", &action],
            EXPECTED_TEST,
        ),
    ];
    for (by_name, by_id, expected) in pairs {
        let (named, named_routes) = cost(&emu, by_name);
        let (ided, ided_routes) = cost(&emu, by_id);
        assert_eq!(named, *expected, "{named_routes}");
        assert_eq!(ided, *expected, "{ided_routes}");
    }
}

/// The lookup, the versions, the deploy, and the action read back.
const EXPECTED_ROLLBACK: usize = 4;
/// The lookup and the test run.
const EXPECTED_TEST: usize = 2;
/// The lookup, the versions, the rollback.
const EXPECTED_MODULE_ROLLBACK: usize = 3;

#[tokio::test(flavor = "multi_thread")]
async fn a_name_is_never_read_as_an_id() {
    let emu = demo().await;
    let (_, routes) = cost(&emu, &["actions", "diff", ACTION, "1", "2"]);
    let by_name = format!("/actions/actions/{}", ACTION.replace(' ', "%20"));
    assert!(
        !routes.contains(&by_name) && !routes.contains(ACTION),
        "{routes}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn opening_a_listed_actions_timeline_costs_one_request() {
    let mut setup = setup_on(auth0).await;
    let driver = &mut setup.driver;
    select(driver, ACTION);
    driver.settle().await;
    let before = counts(&setup.emu);
    driver.press("v");
    driver.settle().await;
    let timeline = driver
        .state
        .versions()
        .and_then(|v| v.timeline.data.ready());
    assert!(timeline.is_some_and(|t| t.rows.len() >= 5), "{timeline:?}");
    let (total, routes) = made(&before, &counts(&setup.emu));
    // One versions request; the timeline's failures and authors are read apart, on the logs'
    // own rate limit: one page of failures and one of admin changes.
    assert_eq!(total, 3, "{routes}");
    assert!(
        routes.contains("1× GET /api/v2/actions/actions/"),
        "{routes}"
    );
    assert!(routes.contains("/versions"), "{routes}");
    assert!(routes.contains("2× GET /api/v2/logs"), "{routes}");
}

/// A listing is one page (the demo has fewer than 100 of each), a trigger's bindings one request.
#[tokio::test(flavor = "multi_thread")]
async fn listing_commands_cost_one_request() {
    let emu = demo().await;
    for args in [
        &["actions", "list"][..],
        &["modules", "list"],
        &["triggers", "list"],
        &["bindings", "list", "post-login"],
        &["actions", "show", ACTION, "--json"],
    ] {
        assert_cost(&emu, args, 1);
    }
}

/// FairCom: one session per command (opened, closed), a NAME found through one list, and a
/// package's current version read once — the history's own read of it serves `history`, `diff`
/// and `revert`.
#[tokio::test(flavor = "multi_thread")]
async fn package_commands_read_each_thing_once() {
    let emu = demo().await;
    let history = [
        "createSession",
        "listCodePackages",
        "describeCodePackages",
        "describeCodePackageHistory",
        "deleteSession",
    ];
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["packages", "list"],
            &["createSession", "listCodePackages", "deleteSession"],
        ),
        (
            &["packages", "show", "convertTemperature"],
            &[
                "createSession",
                "listCodePackages",
                "describeCodePackages",
                "deleteSession",
            ],
        ),
        (&["packages", "history", "convertTemperature"], &history),
        (
            &["packages", "diff", "convertTemperature", "1", "current"],
            &history,
        ),
    ];
    for (args, expected) in cases {
        let before = emu.faircom_calls().len();
        // Each command's cost with nothing stored yet (a second one would read the history the
        // first kept: see tests/sync.rs).
        let data = tempfile::tempdir().unwrap();
        let mut c = support::cli::bin();
        c.env("FAIRCOM_URL", emu.faircom_url())
            .env("FAIRCOM_USERNAME", emu.faircom_username())
            .env("FAIRCOM_PASSWORD", emu.faircom_password().expose())
            .env("CODEDECK_DATA_DIR", data.path());
        let out = run(c, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let mut calls: Vec<String> = emu.faircom_calls()[before..]
            .iter()
            .map(|c| c.action.clone())
            .collect();
        // The history and the current version are read together, in either order.
        calls.sort();
        let mut expected: Vec<String> = expected.iter().map(ToString::to_string).collect();
        expected.sort();
        assert_eq!(calls, expected, "{args:?}");
    }
}

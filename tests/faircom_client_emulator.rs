//! The FairCom client against the emulator's `POST /api` over real loopback HTTP (no fakes): paging
//! the demo's packages, filters, describe and history with code, the session and its relogin after
//! 12031, errors answered with HTTP 200, every write and its rule, `close()`, and secrets kept out of
//! Debug output and errors. Every check of a write reads the emulator's store back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use codedeck::backend::faircom::{parse_faircom_url, FairComClient, FairComConfig};
use codedeck::backend::{Backend, BackendError};
use codedeck::emulator::faircom::store::{server_time, PackageRec, PackageStore};
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions};
use codedeck::model::{
    CodePackage, CodeStatus, CodeType, NewPackage, PackageFilter, PackageId, ServerTime,
};
use codedeck::secret::Secret;
use serde_json::json;
use support::faircom::{assert_status_set_in_place, sent};

const PASSWORD: &str = "emulator-pa55-w0rd";

/// A demo package with five versions.
const FIVE_VERSIONS: &str = "convertTemperature";
/// The demo's one deleted package.
const DELETED: &str = "pressureSpikeAlert";
/// The demo's one inactive package (database `orders`).
const INACTIVE: &str = "maskCustomerPii";
/// The demo package with the longest history (ten versions, owner `ops`).
const LONGEST: &str = "rollupShiftTotals";

async fn start() -> EmulatorHandle {
    start_with(|_| {}).await
}

async fn start_with(f: impl FnOnce(&mut EmulatorOptions)) -> EmulatorHandle {
    let mut opts = EmulatorOptions {
        faircom_password: Secret::new(PASSWORD),
        ..EmulatorOptions::default()
    };
    f(&mut opts);
    emulator::spawn(opts).await.expect("emulator starts")
}

fn config(emu: &EmulatorHandle) -> FairComConfig {
    FairComConfig::new(
        parse_faircom_url(&emu.faircom_url()).expect("the emulator's URL parses"),
        emu.faircom_username(),
        emu.faircom_password(),
    )
}

fn client(emu: &EmulatorHandle) -> FairComClient {
    FairComClient::new(config(emu)).expect("client")
}

fn paged_client(emu: &EmulatorHandle, page_size: u32) -> FairComClient {
    let mut config = config(emu);
    config.page_size = page_size;
    FairComClient::new(config).expect("client")
}

fn id(database: &str, owner: &str, name: &str) -> PackageId {
    PackageId {
        database: database.into(),
        owner: owner.into(),
        name: name.into(),
    }
}

/// The identity of a demo package, by name (demo names are unique).
fn demo_id(emu: &EmulatorHandle, name: &str) -> PackageId {
    emu.with_faircom_store(|s| {
        let p = s
            .packages
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("the demo has {name}"));
        id(&p.database, &p.owner, &p.name)
    })
}

fn stored(emu: &EmulatorHandle, pid: &PackageId) -> PackageRec {
    emu.with_faircom_store(|s| {
        s.find(&pid.database, &pid.owner, &pid.name)
            .unwrap_or_else(|| panic!("{} is stored", pid.key()))
            .clone()
    })
}

/// (key, version, status) of each package, sorted: what a list should say.
fn summary(packages: &[CodePackage]) -> Vec<(String, u32, String)> {
    let mut rows: Vec<_> = packages
        .iter()
        .map(|p| (p.id.key(), p.version, p.status.as_str().to_string()))
        .collect();
    rows.sort();
    rows
}

/// The same for the store's packages that `keep` accepts.
fn stored_summary(
    emu: &EmulatorHandle,
    keep: impl Fn(&PackageRec) -> bool,
) -> Vec<(String, u32, String)> {
    emu.with_faircom_store(|s: &PackageStore| {
        let mut rows: Vec<_> = s
            .packages
            .iter()
            .filter(|p| keep(p))
            .map(|p| {
                (
                    id(&p.database, &p.owner, &p.name).key(),
                    p.current.number,
                    p.current.status.clone(),
                )
            })
            .collect();
        rows.sort();
        rows
    })
}

fn names(packages: &[CodePackage]) -> BTreeSet<&str> {
    packages.iter().map(|p| p.id.name.as_str()).collect()
}

/// Runs of 40 or more letters and digits: what the emulator's tokens look like.
fn has_token_like_run(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| word.len() >= 40)
}

fn assert_no_secret(text: &str) {
    assert!(!text.contains(PASSWORD), "the password leaked: {text}");
    assert!(!has_token_like_run(text), "a token leaked: {text}");
}

// ---------------------------------------------------------------------------------------------
// Lists

#[tokio::test]
async fn every_demo_package_is_listed_at_any_page_size() {
    let emu = start().await;
    let everything = stored_summary(&emu, |_| true);
    let total = everything.len();
    assert_eq!(total, 10, "the demo seeds ten packages");
    let mut before = 0;
    for page_size in [1, 3, 4, 10, 50] {
        let listed = paged_client(&emu, page_size)
            .list_packages(&PackageFilter::default())
            .await
            .unwrap();
        assert_eq!(summary(&listed), everything, "page size {page_size}");
        assert!(
            listed.iter().all(|p| p.code.is_none()),
            "lists carry no code"
        );
        // Pages until a short one: a last full page is followed by one empty page.
        let pages = total / page_size as usize + 1;
        let calls: Vec<_> = emu
            .faircom_calls()
            .into_iter()
            .filter(|c| c.action == "listCodePackages")
            .skip(before)
            .collect();
        before += calls.len();
        assert_eq!(calls.len(), pages, "page size {page_size}");
        for (n, call) in calls.iter().enumerate() {
            assert_eq!(call.params["maxRecords"], page_size);
            assert_eq!(call.params["skipRecords"], n * page_size as usize);
            assert_eq!(call.params["includeDeactivatedCode"], true);
        }
    }
}

#[tokio::test]
async fn deleted_and_inactive_packages_are_listed_and_filters_narrow_the_list() {
    let emu = start().await;
    let fc = paged_client(&emu, 3);
    let list = |filter: PackageFilter| {
        let fc = fc.clone();
        async move { fc.list_packages(&filter).await.unwrap() }
    };

    let all = list(PackageFilter::default()).await;
    let shown = names(&all);
    assert!(
        shown.contains(DELETED) && shown.contains(INACTIVE),
        "{shown:?}"
    );
    assert!(all.iter().any(|p| !p.status.runs()));

    // partialName: a case-insensitive substring of the name.
    let temperature = list(PackageFilter {
        partial_name: Some("TEMPERATURE".into()),
        ..PackageFilter::default()
    })
    .await;
    assert_eq!(
        summary(&temperature),
        stored_summary(&emu, |p| p.name.to_lowercase().contains("temperature"))
    );
    assert_eq!(
        names(&temperature),
        BTreeSet::from([FIVE_VERSIONS, "legacyTemperatureBands"])
    );

    let deleted = list(PackageFilter {
        statuses: vec![CodeStatus::Deleted],
        ..PackageFilter::default()
    })
    .await;
    assert_eq!(names(&deleted), BTreeSet::from([DELETED]));
    let deactivated = list(PackageFilter {
        statuses: vec![CodeStatus::Inactive, CodeStatus::Deleted],
        ..PackageFilter::default()
    })
    .await;
    assert_eq!(
        summary(&deactivated),
        stored_summary(&emu, |p| matches!(
            p.current.status.as_str(),
            "inactive" | "deleted"
        ))
    );

    let jobs = list(PackageFilter {
        code_types: vec![CodeType::Job],
        ..PackageFilter::default()
    })
    .await;
    assert_eq!(
        summary(&jobs),
        stored_summary(&emu, |p| p.code_type == "job")
    );
    assert!(jobs.len() >= 2);
    assert!(jobs.iter().all(|p| p.code_type == CodeType::Job));

    let transforms = list(PackageFilter {
        code_types: vec![CodeType::GetRecordsTransform],
        statuses: vec![CodeStatus::Active],
        ..PackageFilter::default()
    })
    .await;
    assert_eq!(
        summary(&transforms),
        stored_summary(&emu, |p| p.code_type == "getRecordsTransform"
            && p.current.status == "active")
    );

    let orders = list(PackageFilter {
        database: Some("orders".into()),
        ..PackageFilter::default()
    })
    .await;
    assert_eq!(names(&orders), BTreeSet::from([INACTIVE]));
    let ops = list(PackageFilter {
        owner: Some("ops".into()),
        ..PackageFilter::default()
    })
    .await;
    assert_eq!(names(&ops), BTreeSet::from([LONGEST]));

    let none = list(PackageFilter {
        partial_name: Some("no-package-is-called-this".into()),
        ..PackageFilter::default()
    })
    .await;
    assert!(none.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Describe and history

#[tokio::test]
async fn describe_gives_the_current_version_with_code_and_an_unknown_name_is_101() {
    let emu = start().await;
    let fc = client(&emu);
    for name in [FIVE_VERSIONS, DELETED, INACTIVE, LONGEST] {
        let pid = demo_id(&emu, name);
        let rec = stored(&emu, &pid);
        let p = fc.describe_package(&pid).await.unwrap();
        assert_eq!(p.id, pid);
        assert_eq!(p.code_id, rec.code_id);
        assert_eq!(p.version, rec.current.number);
        assert_eq!(p.status.as_str(), rec.current.status);
        assert_eq!(p.code_type.as_str(), rec.code_type);
        assert_eq!(p.language, rec.language);
        assert_eq!(p.code.as_deref(), Some(rec.current.code.as_str()));
        assert_eq!(p.comment, rec.current.comment);
        assert_eq!(p.description, rec.current.description);
        assert_eq!(p.metadata, rec.current.metadata);
        assert_eq!(p.code_format, "utf8");
        assert_eq!(p.created_by, rec.created_by);
        // The wire carries milliseconds.
        let ms = |t: Option<ServerTime>| t.as_ref().map(server_time);
        assert_eq!(ms(p.updated_on), Some(server_time(&rec.current.updated_on)));
        assert_eq!(ms(p.created_on), Some(server_time(&rec.created_on)));
    }

    let unknown = fc
        .describe_package(&id("faircom", "admin", "noSuchPackage"))
        .await
        .unwrap_err();
    assert!(
        matches!(&unknown, BackendError::FairCom { code: 101, message }
            if message.starts_with("Code Package not found") && message.contains("noSuchPackage")),
        "{unknown:?}"
    );
    assert!(unknown.is_not_found());
    // Right name, wrong place: not found either.
    let elsewhere = fc
        .describe_package(&id("orders", "admin", FIVE_VERSIONS))
        .await
        .unwrap_err();
    assert!(elsewhere.is_not_found(), "{elsewhere:?}");
    // An empty database or owner is left to the session: faircom/admin.
    let defaulted = fc
        .describe_package(&id("", "", FIVE_VERSIONS))
        .await
        .unwrap();
    assert_eq!(defaulted.id, demo_id(&emu, FIVE_VERSIONS));
}

#[tokio::test]
async fn history_is_every_version_with_code_newest_first_the_current_one_once() {
    let emu = start().await;
    // Pages of three: the ten versions of the longest history take four requests.
    let fc = paged_client(&emu, 3);
    let packages = emu.with_faircom_store(|s| s.packages.clone());
    for rec in packages {
        let pid = id(&rec.database, &rec.owner, &rec.name);
        let history = fc.package_history(&pid).await.unwrap();
        let numbers: Vec<u32> = history.iter().map(|v| v.version).collect();
        let want: Vec<u32> = (1..=rec.current.number).rev().collect();
        assert_eq!(numbers, want, "{}", rec.name);
        assert_eq!(history[0].code.as_deref(), Some(rec.current.code.as_str()));
        assert_eq!(history[0].status.as_str(), rec.current.status);
        assert_eq!(history[0].comment, rec.current.comment);
        for old in &rec.history {
            let got = history.iter().find(|v| v.version == old.number).unwrap();
            assert_eq!(got.code.as_deref(), Some(old.code.as_str()), "{}", rec.name);
            assert_eq!(got.comment, old.comment);
            assert_eq!(got.id, pid);
        }
    }
    let longest = demo_id(&emu, LONGEST);
    let history_pages = emu
        .faircom_calls()
        .into_iter()
        .filter(|c| {
            c.action == "describeCodePackageHistory" && c.params["codeName"] == longest.name
        })
        .count();
    assert_eq!(
        history_pages, 4,
        "nine versions in history: three full pages of three, then an empty one"
    );

    let unknown = fc
        .package_history(&id("faircom", "admin", "noSuchPackage"))
        .await
        .unwrap_err();
    assert!(unknown.is_not_found(), "{unknown:?}");
}

// ---------------------------------------------------------------------------------------------
// The session

#[tokio::test]
async fn one_login_serves_many_calls_and_concurrent_first_callers() {
    let emu = start().await;
    let fc = client(&emu);
    let filter = PackageFilter::default();
    let first = futures::future::join_all((0..4).map(|_| fc.list_packages(&filter))).await;
    assert!(first.iter().all(Result::is_ok), "{first:?}");
    fc.describe_package(&demo_id(&emu, FIVE_VERSIONS))
        .await
        .unwrap();
    fc.clone()
        .package_history(&demo_id(&emu, LONGEST))
        .await
        .unwrap();
    assert_eq!(sent(&emu, "createSession"), 1);
    let login = &emu.faircom_calls()[0];
    assert_eq!(login.action, "createSession");
    assert_eq!(login.api.as_deref(), Some("admin"));
    assert_eq!(login.params["username"], emu.faircom_username());
    assert_eq!(
        login.params["password"], "***",
        "the emulator masks it in its log"
    );
    assert!(login.params.get("defaultDebug").is_none());
}

#[tokio::test]
async fn after_the_sessions_expire_the_next_call_logs_in_again_once() {
    let emu = start().await;
    let fc = client(&emu);
    let pid = demo_id(&emu, FIVE_VERSIONS);
    fc.describe_package(&pid).await.unwrap();
    assert_eq!(sent(&emu, "createSession"), 1);

    emu.expire_faircom_sessions();
    let p = fc.describe_package(&pid).await.unwrap();
    assert_eq!(p.version, 5);
    assert_eq!(sent(&emu, "createSession"), 2, "exactly one new login");
    // The refused call and its repeat; nothing else.
    assert_eq!(sent(&emu, "describeCodePackages"), 3);
    fc.describe_package(&pid).await.unwrap();
    assert_eq!(sent(&emu, "createSession"), 2, "the new session is reused");

    // A second expiry, this time before a write: the write is refused unrun (12031), so it is
    // sent again after the login and happens once.
    emu.expire_faircom_sessions();
    fc.revert_package(&pid, 2).await.unwrap();
    assert_eq!(sent(&emu, "createSession"), 3);
    assert_eq!(sent(&emu, "revertCodePackage"), 2);
    let rec = stored(&emu, &pid);
    assert_eq!(rec.current.number, 6, "reverted once");
    assert_eq!(rec.history.len(), 5);
}

#[tokio::test]
async fn an_idle_session_lapses_on_the_servers_clock_and_concurrent_callers_share_one_relogin() {
    let emu = start().await;
    let fc = client(&emu);
    let pid = demo_id(&emu, LONGEST);
    fc.describe_package(&pid).await.unwrap();
    // An hour of use keeps it alive; an hour and a minute of silence ends it (3600 s idle).
    emu.advance_clock(Duration::from_mins(50));
    fc.describe_package(&pid).await.unwrap();
    emu.advance_clock(Duration::from_mins(50));
    fc.describe_package(&pid).await.unwrap();
    assert_eq!(sent(&emu, "createSession"), 1);
    emu.advance_clock(Duration::from_mins(61));
    // History asks for the current version and the history at once: both are refused, one
    // login serves both repeats.
    let history = fc.package_history(&pid).await.unwrap();
    assert_eq!(history.len(), 10);
    assert_eq!(sent(&emu, "createSession"), 2);
}

#[tokio::test]
async fn sessions_that_expire_in_the_middle_of_paging_do_not_lose_a_page() {
    let emu = start_with(|o| o.latency = Some(Duration::from_millis(40))).await;
    let fc = paged_client(&emu, 1);
    let listing = tokio::spawn({
        let fc = fc.clone();
        async move { fc.list_packages(&PackageFilter::default()).await }
    });
    // Eleven pages of 40 ms each: once two have been asked for, the expiry lands mid-way.
    while sent(&emu, "listCodePackages") < 2 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    emu.expire_faircom_sessions();
    let listed = listing.await.unwrap().unwrap();
    assert_eq!(summary(&listed), stored_summary(&emu, |_| true));
    assert_eq!(sent(&emu, "createSession"), 2);
    assert_eq!(
        sent(&emu, "listCodePackages"),
        12,
        "eleven pages, one refused"
    );
}

#[tokio::test]
async fn no_session_twice_in_a_row_is_reported_after_one_relogin() {
    let emu = start().await;
    let fc = client(&emu);
    let pid = demo_id(&emu, FIVE_VERSIONS);
    fc.describe_package(&pid).await.unwrap();
    let words = "'authToken' does not match any existing session.";
    emu.inject_faircom_error("describeCodePackages", 12031, words);
    emu.inject_faircom_error("describeCodePackages", 12031, words);
    let error = fc.describe_package(&pid).await.unwrap_err();
    assert_eq!(
        error,
        BackendError::FairCom {
            code: 12031,
            message: words.into()
        }
    );
    assert_eq!(sent(&emu, "createSession"), 2, "one relogin, not a loop");
    assert_eq!(sent(&emu, "describeCodePackages"), 3);
    // The next call works in the session it has.
    fc.describe_package(&pid).await.unwrap();
    assert_eq!(sent(&emu, "createSession"), 2);
}

#[tokio::test]
async fn a_wrong_password_is_refused_in_words_without_the_secret() {
    let emu = start().await;
    let wrong = "not-the-emulator-password";
    let mut config = config(&emu);
    config.password = Secret::new(wrong);
    let fc = FairComClient::new(config).unwrap();
    let error = fc
        .list_packages(&PackageFilter::default())
        .await
        .unwrap_err();
    let BackendError::FairCom { code, message } = &error else {
        panic!("{error:?}");
    };
    assert_ne!(*code, 0);
    assert!(
        message.contains("Invalid username or password"),
        "{message}"
    );
    let shown = format!("{error} {error:?} {fc:?}");
    assert!(!shown.contains(wrong), "{shown}");
    assert_no_secret(&shown);
    assert_eq!(
        sent(&emu, "createSession"),
        1,
        "a refused login is not retried"
    );
    assert_eq!(
        sent(&emu, "listCodePackages"),
        0,
        "nothing is sent without a session"
    );
    // Each later call tries to log in once more, and says the same.
    let again = fc.describe_package(&demo_id(&emu, FIVE_VERSIONS)).await;
    assert_eq!(again.unwrap_err(), error);
    assert_eq!(sent(&emu, "createSession"), 2);
}

// ---------------------------------------------------------------------------------------------
// Errors answered with HTTP 200

#[tokio::test]
async fn server_errors_surface_with_their_code_and_message() {
    let emu = start().await;
    let fc = client(&emu);
    let pid = demo_id(&emu, FIVE_VERSIONS);
    emu.inject_faircom_error("listCodePackages", 12048, "Service is inactive");
    let error = fc
        .list_packages(&PackageFilter::default())
        .await
        .unwrap_err();
    assert_eq!(
        error,
        BackendError::FairCom {
            code: 12048,
            message: "Service is inactive".into()
        }
    );
    assert_eq!(
        error.to_string(),
        "FairCom error 12048: Service is inactive"
    );
    assert!(!error.is_not_found());
    // Reads are not retried either: the user reloads.
    assert_eq!(sent(&emu, "listCodePackages"), 1);

    emu.inject_faircom_error("describeCodePackageHistory", 14201, "Table not found");
    let error = fc.package_history(&pid).await.unwrap_err();
    assert!(
        matches!(&error, BackendError::FairCom { code: 14201, message } if message == "Table not found"),
        "{error:?}"
    );
    assert_eq!(sent(&emu, "describeCodePackageHistory"), 1);

    // An error without words still says something.
    emu.inject_faircom_error("describeCodePackages", 4, "");
    let quiet = fc.describe_package(&pid).await.unwrap_err();
    assert!(
        matches!(&quiet, BackendError::FairCom { code: 4, message } if !message.is_empty()),
        "{quiet:?}"
    );
}

#[tokio::test]
async fn a_write_answered_with_an_error_is_sent_once_and_changes_nothing() {
    let emu = start().await;
    let fc = client(&emu);
    let pid = demo_id(&emu, FIVE_VERSIONS);
    let before = emu.with_faircom_store(|s| s.packages.clone());
    let new = new_package("brandNew");
    let to = id("faircom", "ops", "copyOfConvert");
    for action in [
        "revertCodePackage",
        "alterCodePackage",
        "alterCodePackage",
        "createCodePackage",
        "cloneCodePackage",
    ] {
        emu.inject_faircom_error(action, 12004, &format!("refused: {action}"));
    }
    let results = [
        ("revertCodePackage", fc.revert_package(&pid, 2).await),
        (
            "alterCodePackage",
            fc.set_package_status(&pid, &CodeStatus::Inactive).await,
        ),
        (
            "alterCodePackage",
            fc.alter_package_code(&pid, "// new", "a comment").await,
        ),
        ("createCodePackage", fc.create_package(&new).await),
        ("cloneCodePackage", fc.clone_package(&pid, &to).await),
    ];
    for (action, result) in &results {
        assert_eq!(
            result.as_ref().unwrap_err(),
            &BackendError::FairCom {
                code: 12004,
                message: format!("refused: {action}")
            },
            "{action}"
        );
    }
    assert_eq!(sent(&emu, "revertCodePackage"), 1, "sent once, not retried");
    assert_eq!(sent(&emu, "alterCodePackage"), 2, "each alter sent once");
    assert_eq!(sent(&emu, "createCodePackage"), 1);
    assert_eq!(sent(&emu, "cloneCodePackage"), 1);
    assert_eq!(
        emu.with_faircom_store(|s| s.packages.clone()),
        before,
        "nothing changed"
    );
}

// ---------------------------------------------------------------------------------------------
// Writes

fn new_package(name: &str) -> NewPackage {
    NewPackage {
        id: id("faircom", "admin", name),
        code_type: CodeType::GetRecordsTransform,
        language: "javascript".into(),
        status: CodeStatus::Developing,
        description: "made by a test".into(),
        metadata: json!({"keyword": "test"}),
        comment: "first version".into(),
        code: "record.ok = true;\n".into(),
    }
}

#[tokio::test]
async fn revert_brings_old_code_back_as_the_next_version_and_keeps_the_current_in_history() {
    let emu = start().await;
    let fc = client(&emu);
    let pid = demo_id(&emu, FIVE_VERSIONS);
    let before = stored(&emu, &pid);
    assert_eq!(before.current.number, 5);
    let v2 = before
        .history
        .iter()
        .find(|v| v.number == 2)
        .unwrap()
        .clone();

    fc.revert_package(&pid, 2).await.unwrap();
    let after = stored(&emu, &pid);
    assert_eq!(after.current.number, 6);
    assert_eq!(after.current.code, v2.code);
    assert_eq!(after.current.status, before.current.status);
    assert_eq!(after.history.len(), before.history.len() + 1);
    let copied = after.history.last().unwrap();
    assert_eq!(copied.number, 5);
    assert_eq!(
        copied.code, before.current.code,
        "the current went to history as is"
    );

    let described = fc.describe_package(&pid).await.unwrap();
    assert_eq!(described.version, 6);
    assert_eq!(described.code.as_deref(), Some(v2.code.as_str()));
    let history = fc.package_history(&pid).await.unwrap();
    assert_eq!(history.len(), 6);
    assert_eq!(history[0].version, 6);

    for (to, why) in [(6, "current version"), (99, "no such version")] {
        let error = fc.revert_package(&pid, to).await.unwrap_err();
        assert!(
            matches!(&error, BackendError::FairCom { message, .. } if message.contains(why)),
            "revert to {to}: {error:?}"
        );
        assert!(!error.is_not_found());
    }
    assert_eq!(stored(&emu, &pid), after, "refused reverts changed nothing");
    let unknown = fc
        .revert_package(&id("faircom", "admin", "noSuchPackage"), 1)
        .await
        .unwrap_err();
    assert!(unknown.is_not_found(), "{unknown:?}");
    assert_eq!(sent(&emu, "revertCodePackage"), 4, "no write is retried");
}

#[tokio::test]
async fn new_code_makes_a_new_version_with_its_comment_and_the_old_one_goes_to_history() {
    let emu = start().await;
    let fc = client(&emu);
    let pid = demo_id(&emu, LONGEST);
    let before = stored(&emu, &pid);
    let code = "// rewritten by a test\n";
    fc.alter_package_code(&pid, code, "Rewrite for the test")
        .await
        .unwrap();
    let after = stored(&emu, &pid);
    assert_eq!(after.current.number, before.current.number + 1);
    assert_eq!(after.current.code, code);
    assert_eq!(after.current.comment, "Rewrite for the test");
    assert_eq!(after.history.last(), Some(&before.current));

    let history = fc.package_history(&pid).await.unwrap();
    assert_eq!(history[0].comment, "Rewrite for the test");
    assert_eq!(
        history[1].code.as_deref(),
        Some(before.current.code.as_str())
    );
}

#[tokio::test]
async fn status_changes_in_place_and_a_deleted_package_comes_back_by_activating_it() {
    let emu = start().await;
    let fc = client(&emu);
    let pid = demo_id(&emu, FIVE_VERSIONS);
    let before = stored(&emu, &pid);
    fc.set_package_status(&pid, &CodeStatus::Inactive)
        .await
        .unwrap();
    let after = stored(&emu, &pid);
    assert_status_set_in_place(&before, &after, "inactive");
    let described = fc.describe_package(&pid).await.unwrap();
    assert_eq!(described.status, CodeStatus::Inactive);
    assert!(!described.status.runs());

    let deleted = demo_id(&emu, DELETED);
    let was = stored(&emu, &deleted);
    assert_eq!(was.current.status, "deleted");
    fc.set_package_status(&deleted, &CodeStatus::Active)
        .await
        .unwrap();
    let undeleted = stored(&emu, &deleted);
    assert_eq!(undeleted.current.status, "active");
    assert_eq!(undeleted.current.number, was.current.number);
    let active = fc
        .list_packages(&PackageFilter {
            statuses: vec![CodeStatus::Active],
            ..PackageFilter::default()
        })
        .await
        .unwrap();
    assert!(names(&active).contains(DELETED));
}

#[tokio::test]
async fn create_starts_at_version_one_and_a_taken_identity_is_refused() {
    let emu = start().await;
    let fc = client(&emu);
    let new = new_package("brandNew");
    fc.create_package(&new).await.unwrap();
    let p = fc.describe_package(&new.id).await.unwrap();
    assert_eq!(p.version, 1);
    assert_eq!(p.code.as_deref(), Some(new.code.as_str()));
    assert_eq!(p.status, CodeStatus::Developing);
    assert_eq!(p.code_type, CodeType::GetRecordsTransform);
    assert_eq!(p.comment, "first version");
    assert_eq!(p.metadata, json!({"keyword": "test"}));
    assert_eq!(p.cloned_code_id, 0);
    assert_eq!(p.created_by, "ADMIN");
    let history = fc.package_history(&new.id).await.unwrap();
    assert_eq!(history.len(), 1, "a first version has no history");

    let again = fc.create_package(&new).await.unwrap_err();
    assert!(
        matches!(&again, BackendError::FairCom { message, .. } if message.contains("already exists")),
        "{again:?}"
    );
    // A demo package's name in its own place is taken too, even deleted.
    let mut deleted = new_package(DELETED);
    deleted.id = demo_id(&emu, DELETED);
    assert!(fc.create_package(&deleted).await.is_err());
    assert_eq!(sent(&emu, "createCodePackage"), 3);
    assert_eq!(emu.with_faircom_store(|s| s.packages.len()), 11);
}

#[tokio::test]
async fn clone_starts_a_fresh_version_line_and_a_taken_identity_is_refused() {
    let emu = start().await;
    let fc = client(&emu);
    let from = demo_id(&emu, FIVE_VERSIONS);
    let source = stored(&emu, &from);
    let to = id("faircom", "ops", FIVE_VERSIONS);
    fc.clone_package(&from, &to).await.unwrap();
    let copy = fc.describe_package(&to).await.unwrap();
    assert_eq!(copy.version, 1);
    assert_eq!(copy.cloned_code_id, source.code_id);
    assert_ne!(copy.code_id, source.code_id);
    assert_eq!(copy.code.as_deref(), Some(source.current.code.as_str()));
    assert_eq!(fc.package_history(&to).await.unwrap().len(), 1);
    assert_eq!(stored(&emu, &from), source, "the source is untouched");

    // The same name now lives under two owners.
    let named = fc
        .list_packages(&PackageFilter {
            partial_name: Some(FIVE_VERSIONS.into()),
            ..PackageFilter::default()
        })
        .await
        .unwrap();
    let places: BTreeSet<String> = named
        .iter()
        .filter(|p| p.id.name == FIVE_VERSIONS)
        .map(|p| p.id.key())
        .collect();
    assert_eq!(places, BTreeSet::from([from.key(), to.key()]));

    let again = fc.clone_package(&from, &to).await.unwrap_err();
    assert!(
        matches!(&again, BackendError::FairCom { message, .. } if message.contains("already exists")),
        "{again:?}"
    );
    // An empty database and owner mean the source's: the source's own identity is taken.
    let same_place = id("", "", FIVE_VERSIONS);
    assert!(fc.clone_package(&from, &same_place).await.is_err());
    let missing = fc
        .clone_package(&id("faircom", "admin", "noSuchPackage"), &to)
        .await
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
    assert_eq!(sent(&emu, "cloneCodePackage"), 4);
}

// ---------------------------------------------------------------------------------------------
// Closing, debug and secrets

#[tokio::test]
async fn close_ends_the_session_and_a_later_call_logs_in_again() {
    let emu = start().await;
    let fc = client(&emu);
    // Never logged in: nothing to end, nothing sent.
    fc.close().await;
    assert!(emu.faircom_calls().is_empty());

    fc.list_packages(&PackageFilter::default()).await.unwrap();
    fc.close().await;
    assert_eq!(sent(&emu, "deleteSession"), 1);
    fc.close().await;
    assert_eq!(sent(&emu, "deleteSession"), 1, "ended once");

    fc.describe_package(&demo_id(&emu, FIVE_VERSIONS))
        .await
        .unwrap();
    assert_eq!(sent(&emu, "createSession"), 2, "a new session after close");
    assert_eq!(sent(&emu, "describeCodePackages"), 1, "no 12031 on the way");

    // A session the server already forgot ends quietly.
    emu.expire_faircom_sessions();
    fc.end_session().await.unwrap();
    assert_eq!(sent(&emu, "deleteSession"), 2);
}

#[tokio::test]
async fn no_request_asks_for_debug_output() {
    let emu = start().await;
    let fc = paged_client(&emu, 4);
    let pid = demo_id(&emu, FIVE_VERSIONS);
    fc.list_packages(&PackageFilter::default()).await.unwrap();
    fc.package_history(&pid).await.unwrap();
    fc.revert_package(&pid, 1).await.unwrap();
    fc.set_package_status(&pid, &CodeStatus::Testing)
        .await
        .unwrap();
    fc.alter_package_code(&pid, "// x", "c").await.unwrap();
    fc.create_package(&new_package("debugless")).await.unwrap();
    fc.clone_package(&pid, &id("faircom", "ops", "debuglessClone"))
        .await
        .unwrap();
    emu.expire_faircom_sessions();
    fc.describe_package(&pid).await.unwrap();
    fc.close().await;
    let calls = emu.faircom_calls();
    let actions: BTreeSet<&str> = calls.iter().map(|c| c.action.as_str()).collect();
    assert_eq!(actions.len(), 9, "{actions:?}");
    for call in &calls {
        assert_eq!(call.debug, None, "{call:?}");
        assert_eq!(call.api.as_deref(), Some("admin"), "{call:?}");
        assert!(call.params.get("defaultDebug").is_none(), "{call:?}");
        if call.action != "createSession" {
            assert!(call.params.get("password").is_none(), "{call:?}");
        }
    }
}

#[tokio::test]
async fn debug_output_and_errors_never_show_the_password_or_a_token() {
    let emu = start().await;
    // The token check below looks for what the emulator's tokens look like: make sure it would.
    let login = reqwest::Client::new()
        .post(emu.faircom_url())
        .json(&json!({"api": "admin", "action": "createSession",
            "params": {"username": emu.faircom_username(), "password": PASSWORD}}))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert!(has_token_like_run(login["authToken"].as_str().unwrap()));

    let fc = client(&emu);
    fc.list_packages(&PackageFilter::default()).await.unwrap();
    assert_no_secret(&format!("{fc:?}"));
    assert_no_secret(&format!("{:?}", config(&emu)));
    assert!(format!("{fc:?}").contains(&emu.faircom_username()));

    let mut errors: Vec<BackendError> = Vec::new();
    errors.push(
        fc.describe_package(&id("faircom", "admin", "noSuchPackage"))
            .await
            .unwrap_err(),
    );
    errors.push(
        fc.revert_package(&demo_id(&emu, FIVE_VERSIONS), 5)
            .await
            .unwrap_err(),
    );
    emu.inject_faircom_error("listCodePackages", 12031, "no session");
    emu.inject_faircom_error("listCodePackages", 12031, "no session");
    errors.push(
        fc.list_packages(&PackageFilter::default())
            .await
            .unwrap_err(),
    );
    let mut wrong = config(&emu);
    wrong.password = Secret::new(format!("{PASSWORD}-but-wrong"));
    errors.push(
        FairComClient::new(wrong)
            .unwrap()
            .list_packages(&PackageFilter::default())
            .await
            .unwrap_err(),
    );
    // Nothing listening: a network error naming no secret.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/api", closed.local_addr().unwrap());
    drop(closed);
    let gone = FairComClient::new(FairComConfig::new(
        parse_faircom_url(&url).unwrap(),
        "ADMIN",
        Secret::new(PASSWORD),
    ))
    .unwrap();
    errors.push(
        gone.list_packages(&PackageFilter::default())
            .await
            .unwrap_err(),
    );
    assert!(
        matches!(errors.last(), Some(BackendError::Unreachable(_))),
        "{errors:?}"
    );
    for error in &errors {
        assert_no_secret(&format!("{error} {error:?}"));
    }
    assert_no_secret(&format!("{fc:?}"));
}

//! The history store: its file (owner-only, WAL, the schema and its migrations), what it refuses and
//! never touches (a newer schema, random bytes, a truncated file, a read-only one), dedupe and size,
//! versions seen twice or with other code, pruned marks, no secret value in the bytes, and two
//! processes writing at once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{TimeZone, Utc};
use codedeck::model::{
    Action, ActionVersion, BuildStatus, CodePackage, CodeStatus, CodeType, Dependency, Module,
    ModuleVersion, PackageId, SecretName, TriggerRef,
};
use codedeck::store::{ObjectKind, Place, Store, StoreError, SCHEMA_VERSION};

fn tenant() -> Place {
    Place::auth0("https://Acme.eu.auth0.com/")
}

fn version(action: &str, number: u32, code: &str) -> ActionVersion {
    ActionVersion {
        id: format!("{action}-v{number}"),
        number,
        code: code.to_string(),
        runtime: "node22".into(),
        status: BuildStatus::Built,
        deployed: false,
        errors: vec![],
        dependencies: vec![Dependency {
            name: "lodash".into(),
            version: "4.17.21".into(),
        }],
        secrets: vec![SecretName {
            name: "API_KEY".into(),
            updated_at: None,
        }],
        modules: vec![],
        supported_triggers: vec![TriggerRef {
            id: "post-login".into(),
            version: "v3".into(),
        }],
        created_at: Some(
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
                + chrono::Duration::hours(i64::from(number)),
        ),
        built_at: None,
    }
}

fn action(id: &str, draft: &str, live: Option<ActionVersion>) -> Action {
    Action {
        id: id.to_string(),
        name: format!("name of {id}"),
        supported_triggers: vec![TriggerRef {
            id: "post-login".into(),
            version: "v3".into(),
        }],
        code: draft.to_string(),
        code_loaded: true,
        runtime: "node22".into(),
        status: BuildStatus::Built,
        dependencies: vec![],
        secrets: vec![SecretName {
            name: "API_KEY".into(),
            updated_at: None,
        }],
        modules: vec![],
        all_changes_deployed: true,
        deployed_version: live.map(|v| ActionVersion {
            deployed: true,
            ..v
        }),
        created_at: None,
        updated_at: None,
    }
}

fn package(name: &str, number: u32, code: Option<&str>) -> CodePackage {
    CodePackage {
        id: PackageId {
            database: "faircom".into(),
            owner: "admin".into(),
            name: name.into(),
        },
        code_id: 7,
        version: number,
        cloned_code_id: 0,
        status: CodeStatus::Active,
        language: "javascript".into(),
        code_type: CodeType::GetRecordsTransform,
        description: String::new(),
        metadata: serde_json::json!({"k": 1}),
        comment: format!("v{number}"),
        code_format: "utf8".into(),
        code: code.map(str::to_string),
        created_by: "admin".into(),
        created_on: None,
        updated_by: "admin".into(),
        updated_on: None,
    }
}

/// Versions of action `a1` (draft `d`, nothing live) recorded at the test tenant.
fn record_a1(store: &mut Store, versions: &[ActionVersion]) -> codedeck::store::Recorded {
    store
        .record_action_versions(&tenant(), &action("a1", "d", None), versions)
        .unwrap()
}

fn store_in(dir: &Path) -> (PathBuf, Store) {
    let path = dir.join("data").join("history.sqlite3");
    let store = Store::open(&path).unwrap();
    (path, store)
}

fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

fn count(path: &Path, sql: &str) -> i64 {
    raw(path).query_row(sql, [], |row| row.get(0)).unwrap()
}

#[test]
fn a_new_file_is_owner_only_in_wal_mode_at_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = store_in(dir.path());
    record_a1(&mut store, &[version("a1", 1, "x")]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        // SQLite gives its log and shared-memory files the database's mode.
        for beside in ["-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{beside}", path.display()));
            assert_eq!(mode(&file), 0o600, "{beside}");
        }
    }
    drop(store);
    let conn = raw(&path);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // Opening again migrates nothing and loses nothing.
    drop(conn);
    Store::open(&path).unwrap();
}

#[test]
fn an_empty_file_is_migrated_from_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    std::fs::write(&path, b"").unwrap();
    let mut store = Store::open(&path).unwrap();
    record_a1(&mut store, &[version("a1", 1, "one")]);
    assert_eq!(store.action_versions(&tenant(), "a1").unwrap().len(), 1);
}

#[test]
fn a_file_from_a_newer_codedeck_is_refused_in_words_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = store_in(dir.path());
    record_a1(&mut store, &[version("a1", 1, "x")]);
    drop(store);
    raw(&path)
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let error = Store::open(&path).unwrap_err();
    assert!(matches!(error, StoreError::NewerSchema { found, .. } if found == SCHEMA_VERSION + 1));
    let words = error.to_string();
    assert!(words.contains("newer codedeck"), "{words}");
    assert!(words.contains(&path.display().to_string()), "{words}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was touched"
    );
}

#[test]
fn random_bytes_are_refused_and_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let bytes: Vec<u8> = (0..70_000)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect();
    std::fs::write(&path, &bytes).unwrap();
    let error = Store::open(&path).unwrap_err();
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error:?}");
    assert!(
        error.to_string().contains("not a readable database"),
        "{error}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    // A short file, too.
    std::fs::write(&path, b"SQLite").unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::Corrupt { .. })
    ));
    assert_eq!(std::fs::read(&path).unwrap(), b"SQLite");
}

#[test]
fn a_truncated_file_is_refused_and_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = store_in(dir.path());
    for n in 1..=40 {
        let code = format!(
            "// {n}\n{}",
            "exports.onExecutePostLogin = async () => {};\n".repeat(200 + n as usize)
        );
        record_a1(&mut store, &[version("a1", n, &code)]);
    }
    drop(store);
    let whole = std::fs::read(&path).unwrap();
    let cut = &whole[..whole.len() / 2];
    std::fs::write(&path, cut).unwrap();
    let error = Store::open(&path).unwrap_err();
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error:?}");
    assert!(error.to_string().contains("truncated"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), cut, "the file was touched");
}

/// chmod 0400 stops anyone but root; as root (CI) the file is made immutable instead, where the file
/// system allows it. Returns false when neither makes the file read-only here.
fn make_read_only(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o400)).unwrap();
    if std::fs::OpenOptions::new().write(true).open(path).is_err() {
        return true;
    }
    let immutable = Command::new("chattr").arg("+i").arg(path).status();
    immutable.is_ok_and(|s| s.success())
}

#[test]
fn a_read_only_file_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = store_in(dir.path());
    record_a1(&mut store, &[version("a1", 1, "x")]);
    drop(store);
    if !make_read_only(&path) {
        eprintln!(
            "skipped: this file system lets this user write a 0400 file and has no chattr +i"
        );
        return;
    }
    let before = std::fs::read(&path).unwrap();
    let result = Store::open(&path);
    let _ = Command::new("chattr").arg("-i").arg(&path).status();
    let error = result.unwrap_err();
    assert!(matches!(error, StoreError::ReadOnly { .. }), "{error:?}");
    assert!(error.to_string().contains("cannot be written"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_write_lock_held_too_long_is_said_in_words_and_nothing_is_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = store_in(dir.path());
    store.set_busy_timeout(Duration::from_millis(200)).unwrap();
    let holder = raw(&path);
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let error = store
        .record_action_versions(
            &tenant(),
            &action("a1", "d", None),
            &[version("a1", 1, "x")],
        )
        .unwrap_err();
    assert!(matches!(error, StoreError::Locked { .. }), "{error:?}");
    assert!(
        error.to_string().contains("locked by another codedeck"),
        "{error}"
    );
    holder.execute_batch("COMMIT").unwrap();
    // Once free, the same write goes through.
    record_a1(&mut store, &[version("a1", 1, "x")]);
    assert_eq!(store.action_versions(&tenant(), "a1").unwrap().len(), 1);
}

#[test]
fn versions_come_back_newest_first_with_their_code_and_the_live_one_marked() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = store_in(dir.path());
    let versions: Vec<ActionVersion> = (1..=3)
        .map(|n| version("a1", n, &format!("code {n}")))
        .collect();
    let recorded = store
        .record_action_versions(
            &tenant(),
            &action("a1", "draft", Some(versions[1].clone())),
            &versions,
        )
        .unwrap();
    assert_eq!(recorded.added, 3);
    let back = store.action_versions(&tenant(), "a1").unwrap();
    assert_eq!(back.iter().map(|v| v.number).collect::<Vec<_>>(), [3, 2, 1]);
    assert_eq!(back[0].code, "code 3");
    assert_eq!(back[0].dependencies, versions[2].dependencies);
    assert_eq!(back[0].secrets, versions[2].secrets);
    assert_eq!(back[0].supported_triggers, versions[2].supported_triggers);
    assert_eq!(back[0].created_at, versions[2].created_at);
    assert!(back[1].deployed && !back[0].deployed && !back[2].deployed);
    assert_eq!(
        store
            .known_version_numbers(&tenant(), ObjectKind::Action, "a1")
            .unwrap()
            .into_iter()
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
    // The same place however it is spelled.
    assert_eq!(
        store
            .action_versions(&Place::auth0("acme.eu.auth0.com"), "a1")
            .unwrap()
            .len(),
        3
    );
    assert!(store
        .action_versions(&Place::auth0("other.auth0.com"), "a1")
        .unwrap()
        .is_empty());
}

#[test]
fn a_version_returned_twice_is_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = store_in(dir.path());
    let v1 = version("a1", 1, "same code");
    record_a1(&mut store, std::slice::from_ref(&v1));
    let again = record_a1(&mut store, &[v1.clone(), v1]);
    assert_eq!((again.added, again.already_stored), (0, 2));
    assert!(again.conflicts.is_empty());
    drop(store);
    assert_eq!(count(&path, "SELECT count(*) FROM versions"), 1);
}

#[test]
fn versions_with_the_same_code_share_one_blob() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = store_in(dir.path());
    // A rollback: v3 deploys v1's code again.
    let versions = [
        version("a1", 1, "original"),
        version("a1", 2, "changed"),
        version("a1", 3, "original"),
    ];
    store
        .record_action_versions(&tenant(), &action("a1", "changed", None), &versions)
        .unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats.places[0].versions, 3);
    assert_eq!(
        stats.places[0].unique_code_bytes,
        ("original".len() + "changed".len()) as u64
    );
    drop(store);
    assert_eq!(count(&path, "SELECT count(*) FROM blobs"), 2);
}

#[test]
fn the_same_version_id_with_other_code_keeps_both() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = store_in(dir.path());
    record_a1(&mut store, &[version("a1", 1, "first code")]);
    let recorded = record_a1(&mut store, &[version("a1", 1, "other code")]);
    assert_eq!(recorded.conflicts.len(), 1);
    assert_eq!(recorded.conflicts[0].version_id, "a1-v1");
    // The first is never overwritten; the other is kept beside it.
    assert_eq!(
        store.action_versions(&tenant(), "a1").unwrap()[0].code,
        "first code"
    );
    let conflicts = store
        .conflicts(&tenant(), ObjectKind::Action, "a1")
        .unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].code, "other code");
    // Seen a third time with the other code: still one conflict row.
    record_a1(&mut store, &[version("a1", 1, "other code")]);
    drop(store);
    assert_eq!(count(&path, "SELECT count(*) FROM conflicts"), 1);
    assert_eq!(count(&path, "SELECT count(*) FROM versions"), 1);
}

#[test]
fn no_secret_value_reaches_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = store_in(dir.path());
    // The value was typed and sent in this process (as `actions update --secret` does); what the
    // service gives back, and so what the store is given, holds the secret's name only.
    let value = codedeck::model::secret::Secret::new("sv-9f3b1c7e-do-not-store");
    let change = codedeck::model::SecretInput {
        name: "SIGNING_KEY".into(),
        value: Some(value.clone()),
    };
    let mut read_back = action(
        "a1",
        "exports.x = 1;",
        Some(version("a1", 1, "exports.x = 1;")),
    );
    read_back.secrets.push(SecretName {
        name: change.name.clone(),
        updated_at: Some(Utc::now()),
    });
    let mut v2 = version("a1", 2, "exports.x = 2;");
    v2.secrets = read_back.secrets.clone();
    store
        .record_action_versions(&tenant(), &read_back, &[v2])
        .unwrap();
    store
        .record_list(&tenant(), &[read_back], Utc::now())
        .unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    bytes.extend(std::fs::read(&wal).unwrap_or_default());
    drop(store);
    bytes.extend(std::fs::read(&path).unwrap());
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("SIGNING_KEY"), "the name is kept");
    assert!(
        !text.contains(value.expose()),
        "the secret's value is in the store file"
    );
}

#[test]
fn a_token_a_server_echoes_into_code_is_not_stored() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = store_in(dir.path());
    // The token this process sends: a hostile server puts it in the code it answers with.
    let token = codedeck::model::secret::Secret::new("tok-echoed-7c1d2e9a");
    let echoed = format!("exports.x = '{}';", token.expose());
    let draft = action("a1", &echoed, Some(version("a1", 1, &echoed)));
    store
        .record_action_versions(&tenant(), &draft, &[version("a1", 1, &echoed)])
        .unwrap();
    store.record_list(&tenant(), &[draft], Utc::now()).unwrap();
    drop(store);
    let mut bytes = std::fs::read(&path).unwrap();
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    bytes.extend(std::fs::read(&wal).unwrap_or_default());
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        !text.contains(token.expose()),
        "the echoed token is in the store file"
    );
    let store = Store::open(&path).unwrap();
    let kept = store.action_versions(&tenant(), "a1").unwrap();
    assert_eq!(
        kept[0].code, "exports.x = '***';",
        "the rest of the code is kept"
    );
}

#[test]
fn versions_the_service_no_longer_lists_are_marked_pruned_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = store_in(dir.path());
    let versions: Vec<ActionVersion> = (1..=5)
        .map(|n| version("a1", n, &format!("code {n}")))
        .collect();
    store
        .record_action_versions(&tenant(), &action("a1", "d", None), &versions)
        .unwrap();
    let listed: Vec<String> = versions[2..].iter().map(|v| v.id.clone()).collect();
    let marked = store
        .mark_pruned(&tenant(), ObjectKind::Action, "a1", &listed)
        .unwrap();
    assert_eq!(marked, 2);
    // Marking again marks nothing new.
    assert_eq!(
        store
            .mark_pruned(&tenant(), ObjectKind::Action, "a1", &listed)
            .unwrap(),
        0
    );
    let marks = store
        .version_marks(&tenant(), ObjectKind::Action, "a1")
        .unwrap();
    let pruned: Vec<u32> = marks
        .iter()
        .filter(|m| m.pruned_at.is_some())
        .map(|m| m.number)
        .collect();
    assert_eq!(pruned, [2, 1]);
    // Pruned versions stay readable, code and all.
    let back = store.action_versions(&tenant(), "a1").unwrap();
    assert_eq!(back.len(), 5);
    assert_eq!(back[4].code, "code 1");
    assert_eq!(store.stats().unwrap().places[0].pruned, 2);
}

#[test]
fn the_last_list_comes_back_in_order_with_drafts_and_live_versions() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = store_in(dir.path());
    let seen = Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).unwrap();
    assert!(store.listed::<Action>(&tenant()).unwrap().is_none());
    let list = vec![
        action("b", "draft b", Some(version("b", 4, "live b"))),
        action("a", "draft a", None),
    ];
    let recorded = store.record_list(&tenant(), &list, seen).unwrap();
    assert_eq!(recorded.added, 1, "the live version is stored as a version");
    let listing = store.listed::<Action>(&tenant()).unwrap().unwrap();
    assert_eq!(listing.seen_at, seen);
    assert_eq!(listing.items, list);
    // A deployed version already stored needs no versions request.
    assert!(store
        .known_version_numbers(&tenant(), ObjectKind::Action, "b")
        .unwrap()
        .contains(&4));
    // A later list without `a` replaces it.
    store.record_list(&tenant(), &list[..1], seen).unwrap();
    assert_eq!(
        store
            .listed::<Action>(&tenant())
            .unwrap()
            .unwrap()
            .items
            .len(),
        1
    );

    let module = Module {
        id: "m1".into(),
        name: "shared".into(),
        code: "module draft".into(),
        dependencies: vec![],
        secrets: vec![],
        actions_using_module_total: 2,
        all_changes_published: false,
        latest_version: Some(ModuleVersion {
            id: "m1-v2".into(),
            module_id: "m1".into(),
            number: 2,
            code: "module v2".into(),
            dependencies: vec![],
            secrets: vec![],
            created_at: None,
        }),
        created_at: None,
        updated_at: None,
    };
    store
        .record_list(&tenant(), std::slice::from_ref(&module), seen)
        .unwrap();
    assert_eq!(
        store.listed::<Module>(&tenant()).unwrap().unwrap().items,
        [module]
    );
    assert_eq!(
        store.module_versions(&tenant(), "m1").unwrap()[0].code,
        "module v2"
    );
}

#[test]
fn package_history_keeps_entries_and_fills_in_code_seen_later() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = store_in(dir.path());
    let server = Place::faircom("http://localhost:8080/api");
    store
        .record_package_history(
            &server,
            &[package("convert", 1, None), package("convert", 2, None)],
        )
        .unwrap();
    let id = package("convert", 1, None).id;
    assert!(store
        .known_version_numbers(&server, ObjectKind::Package, &id.key())
        .unwrap()
        .is_empty());
    let recorded = store
        .record_package_history(
            &server,
            &[
                package("convert", 1, Some("v1 code")),
                package("convert", 2, Some("v2 code")),
            ],
        )
        .unwrap();
    assert_eq!(recorded.added, 2);
    let history = store.package_history(&server, &id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].code.as_deref(), Some("v2 code"));
    assert_eq!(history[0].metadata, serde_json::json!({"k": 1}));
    assert_eq!(history[1], package("convert", 1, Some("v1 code")));
    assert_eq!(Place::faircom("LOCALHOST:8080/"), server);
}

#[test]
fn stats_count_per_place_and_forget_removes_one_place_only() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = store_in(dir.path());
    let other = Place::auth0("prod.auth0.com");
    record_a1(
        &mut store,
        &[
            version("a1", 1, "shared code"),
            version("a1", 2, "dev only"),
        ],
    );
    store
        .record_action_versions(
            &other,
            &action("p1", "d", None),
            &[version("p1", 1, "shared code")],
        )
        .unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats.places.len(), 2);
    assert_eq!(
        stats.unique_code_bytes,
        ("shared code".len() + "dev only".len() + 1) as u64
    );
    assert!(stats.file_bytes > 0);
    let forgotten = store.forget(&tenant()).unwrap();
    assert_eq!((forgotten.objects, forgotten.versions), (1, 2));
    assert!(store.action_versions(&tenant(), "a1").unwrap().is_empty());
    assert_eq!(
        store.action_versions(&other, "p1").unwrap()[0].code,
        "shared code"
    );
    assert_eq!(store.forget(&tenant()).unwrap().versions, 0);
    drop(store);
    // Only the other place's code is left; the forgotten code is not in the file's bytes either.
    assert_eq!(
        count(&path, "SELECT count(*) FROM blobs"),
        2,
        "shared code and the other draft"
    );
    let bytes = std::fs::read(&path).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("dev only"));
}

/// Varied code, like real actions: a few hundred bytes to ~12 KB, each version a little different.
fn varied_code(seed: u64, n: u32) -> String {
    let mut state = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(u64::from(n));
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    // Half the actions short (≈ 0.6–6 KB), half long (up to ≈ 18 KB).
    let lines = 10 + next() % if seed.is_multiple_of(2) { 90 } else { 300 };
    let mut code = String::from("exports.onExecutePostLogin = async (event, api) => {\n");
    for line in 0..lines {
        code.push_str(&format!(
            "  const v{line}_{} = event.user.app_metadata?.k{} ?? {};\n",
            next() % 1000,
            next() % 50,
            next()
        ));
    }
    code.push_str(&format!("  // version {n}\n}};\n"));
    code
}

#[test]
fn two_hundred_versions_take_at_most_a_fifth_more_than_their_unique_code() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = store_in(dir.path());
    drop(store);
    let fixed = std::fs::metadata(&path).unwrap().len();
    let mut store = Store::open(&path).unwrap();
    let mut unique = std::collections::HashSet::new();
    for a in 0..20_u32 {
        let id = format!("action-{a}");
        let versions: Vec<ActionVersion> = (1..=10)
            .map(|n: u32| {
                // Every fifth version rolls back to the first: shared code.
                let code = if n.is_multiple_of(5) {
                    varied_code(u64::from(a), 1)
                } else {
                    varied_code(u64::from(a), n)
                };
                unique.insert(code.clone());
                version(&id, n, &code)
            })
            .collect();
        let draft = versions[9].code.clone();
        store
            .record_action_versions(
                &tenant(),
                &action(&id, &draft, Some(versions[9].clone())),
                &versions,
            )
            .unwrap();
    }
    let unique_bytes: u64 = unique.iter().map(|c| c.len() as u64).sum();
    assert_eq!(store.stats().unwrap().unique_code_bytes, unique_bytes);
    drop(store);
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!("fixed {fixed} B, unique code {unique_bytes} B, file {size} B");
    assert!(
        size <= fixed + unique_bytes * 12 / 10,
        "file {size} B > fixed {fixed} B + 1.2 × {unique_bytes} B"
    );
}

const WRITER: &str = "CODEDECK_STORE_TEST_WRITER";
const WRITES: u32 = 60;

/// Not a test on its own: the body of one of the two writer processes of the test below, which
/// runs this test binary twice with `CODEDECK_STORE_TEST_WRITER=path|tag|start_ms`.
#[test]
fn writer_process() {
    let Ok(spec) = std::env::var(WRITER) else {
        return;
    };
    let mut parts = spec.split('|');
    let (path, tag, start) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let start = UNIX_EPOCH + Duration::from_millis(start.parse().unwrap());
    // Both processes open first, then write at the same moment.
    let mut store = Store::open(path).unwrap();
    if let Ok(wait) = start.duration_since(SystemTime::now()) {
        std::thread::sleep(wait);
    }
    for n in 1..=WRITES {
        let id = format!("{tag}-{n}");
        // Half the code is the same in both processes: one blob for both.
        let shared = format!("shared code {n}");
        let own = format!("{tag} code {n}");
        store
            .record_action_versions(
                &tenant(),
                &action(&id, &own, None),
                &[version(&id, 1, &shared), version(&id, 2, &own)],
            )
            .unwrap();
    }
}

#[test]
fn two_processes_write_at_once_and_both_land() {
    if std::env::var(WRITER).is_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let start = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
        + 1500;
    let me = std::env::current_exe().unwrap();
    let children: Vec<_> = ["left", "right"]
        .iter()
        .map(|tag| {
            Command::new(&me)
                .args([
                    "--exact",
                    "writer_process",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(WRITER, format!("{}|{tag}|{start}", path.display()))
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "a writer process failed");
    }
    let store = Store::open(&path).unwrap();
    for tag in ["left", "right"] {
        for n in 1..=WRITES {
            let versions = store
                .action_versions(&tenant(), &format!("{tag}-{n}"))
                .unwrap();
            assert_eq!(versions.len(), 2, "{tag}-{n}");
            assert_eq!(versions[0].code, format!("{tag} code {n}"));
        }
    }
    drop(store);
    let check: String = raw(&path)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // shared n once + each side's own n.
    assert_eq!(
        count(&path, "SELECT count(*) FROM blobs"),
        i64::from(WRITES) * 3
    );
}

//! The code-package rules, driven on the store directly (no HTTP, no session).

use super::*;
use chrono::NaiveDate;

fn at(minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, 1)
        .unwrap()
        .and_hms_milli_opt(10, minute, 7, 216)
        .unwrap()
}

fn admin(minute: u32) -> Actor {
    Actor {
        user: "ADMIN".into(),
        database: "faircom".into(),
        owner: "admin".into(),
        now: at(minute),
    }
}

#[allow(clippy::needless_pass_by_value)] // every test passes a `json!` built for the call
fn params<T: serde::de::DeserializeOwned>(v: Value) -> T {
    parse(v.as_object().unwrap()).unwrap()
}

fn create(store: &mut PackageStore, name: &str, status: &str, code: &str) -> i64 {
    store
        .create(
            &params(json!({
                "codeName": name, "codeLanguage": "javascript",
                "codeType": "getRecordsTransform", "codeStatus": status, "code": code,
                "comment": "first"
            })),
            &admin(0),
        )
        .unwrap()
}

fn alter(store: &mut PackageStore, v: Value, minute: u32) -> Result<u32, Failure> {
    store.alter(&params(v), &admin(minute))
}

fn names(items: &[Value]) -> Vec<&str> {
    items
        .iter()
        .map(|i| i["codeName"].as_str().unwrap())
        .collect()
}

#[test]
fn create_defaults_and_refuses_duplicates() {
    let mut s = PackageStore::default();
    let id = s
        .create(
            &params(json!({"codeName": "a", "codeLanguage": "javascript",
                "codeType": "job", "code": "x"})),
            &admin(1),
        )
        .unwrap();
    assert_eq!(id, 1);
    let p = s.find("faircom", "admin", "a").unwrap();
    assert_eq!(p.current.status, "developing");
    assert_eq!(p.current.number, 1);
    assert_eq!(p.current.code_format, "utf8");
    assert_eq!(p.current.metadata, json!({}));
    assert_eq!(p.created_by, "ADMIN");
    let again = s.create(
        &params(json!({"codeName": "a", "codeLanguage": "javascript",
            "codeType": "job", "code": "y"})),
        &admin(2),
    );
    assert_eq!(again.unwrap_err().code, ALREADY_EXISTS);
    // Another owner is another identity.
    let other = s.create(
        &params(
            json!({"ownerName": "ops", "codeName": "a", "codeLanguage": "javascript",
            "codeType": "job", "code": "y"}),
        ),
        &admin(2),
    );
    assert_eq!(other.unwrap(), 2);
}

#[test]
fn create_checks_required_fields_names_and_enums() {
    let mut s = PackageStore::default();
    let base = json!({"codeName": "a", "codeLanguage": "javascript",
        "codeType": "job", "code": "x"});
    for (field, value) in [
        ("codeName", json!(null)),
        ("codeName", json!("")),
        ("codeName", json!("n".repeat(65))),
        ("databaseName", json!("")),
        ("codeType", json!("sproc")),
        ("codeStatus", json!("live")),
        ("codeFormat", json!("base64")),
        ("metadata", json!([1])),
        ("code", json!(null)),
    ] {
        let mut p = base.clone();
        p[field] = value.clone();
        let err = s.create(&params(p), &admin(0)).unwrap_err();
        assert_eq!(err.code, INVALID_PARAMS, "{field}={value}: {err:?}");
        assert!(err.message.contains(field), "{field}: {}", err.message);
    }
    let mut p = base.clone();
    p["codeName"] = json!("n".repeat(64));
    assert!(s.create(&params(p), &admin(0)).is_ok());
}

#[test]
fn alter_in_place_keeps_the_version_and_code_makes_a_new_one() {
    let mut s = PackageStore::default();
    create(&mut s, "a", "developing", "v1");
    assert_eq!(
        alter(
            &mut s,
            json!({"codeName": "a", "codeStatus": "Active",
            "description": "d", "metadata": {"k": 1}}),
            5
        ),
        Ok(1)
    );
    let p = s.find("faircom", "admin", "a").unwrap();
    assert_eq!(p.current.status, "active");
    assert_eq!(p.current.description, "d");
    assert_eq!(p.current.comment, "first");
    assert!(p.history.is_empty());
    assert_eq!(p.current.updated_on, at(5));

    assert_eq!(
        alter(
            &mut s,
            json!({"codeName": "a", "code": "v2", "comment": "c2"}),
            6
        ),
        Ok(2)
    );
    // The same code again is no change.
    assert_eq!(
        alter(&mut s, json!({"codeName": "a", "code": "v2"}), 7),
        Ok(2)
    );
    let p = s.find("faircom", "admin", "a").unwrap();
    assert_eq!(p.current.code, "v2");
    assert_eq!(p.current.comment, "c2");
    assert_eq!(p.current.status, "active", "status carries over");
    assert_eq!(p.history.len(), 1);
    assert_eq!(p.history[0].number, 1);
    assert_eq!(p.history[0].code, "v1");
    assert_eq!(p.history[0].comment, "first");
    assert_eq!(p.history[0].updated_on, at(5));
}

#[test]
fn alter_refuses_immutable_fields_and_unknown_packages() {
    let mut s = PackageStore::default();
    create(&mut s, "a", "active", "v1");
    for v in [
        json!({"codeName": "a", "codeType": "job"}),
        json!({"codeName": "a", "codeLanguage": "python"}),
        json!({"codeName": "a", "newCodeName": "b"}),
        json!({"codeName": "a", "codeStatus": "gone"}),
    ] {
        assert_eq!(
            alter(&mut s, v.clone(), 1).unwrap_err().code,
            INVALID_PARAMS,
            "{v}"
        );
    }
    // Naming the unchanged type is fine.
    assert!(alter(
        &mut s,
        json!({"codeName": "a", "codeType": "getRecordsTransform"}),
        1
    )
    .is_ok());
    let missing = alter(&mut s, json!({"codeName": "zz"}), 1).unwrap_err();
    assert_eq!(missing.code, NOT_FOUND);
    assert!(missing.message.starts_with("Code Package not found"));
    assert!(missing.message.contains("'zz'"));
    assert!(s.find("faircom", "admin", "a").unwrap().history.is_empty());
}

#[test]
fn revert_copies_current_into_history_and_takes_old_code_as_next_version() {
    let mut s = PackageStore::default();
    create(&mut s, "a", "active", "v1");
    alter(&mut s, json!({"codeName": "a", "code": "v2"}), 1).unwrap();
    alter(
        &mut s,
        json!({"codeName": "a", "code": "v3", "codeStatus": "testing"}),
        2,
    )
    .unwrap();
    let revert = |s: &mut PackageStore, v: i64| {
        s.revert(
            &params(json!({"codeName": "a", "codeVersion": v})),
            &admin(9),
        )
    };
    assert_eq!(revert(&mut s, 1), Ok(4));
    let p = s.find("faircom", "admin", "a").unwrap();
    assert_eq!(p.current.number, 4);
    assert_eq!(p.current.code, "v1");
    assert_eq!(p.current.comment, "Reverted to version 1");
    assert_eq!(p.current.status, "testing", "the current status is kept");
    assert_eq!(p.current.updated_on, at(9));
    let numbers: Vec<u32> = p.history.iter().map(|v| v.number).collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(p.history[2].code, "v3");

    let current = revert(&mut s, 4).unwrap_err();
    assert_eq!(current.code, INVALID_PARAMS);
    assert!(
        current.message.contains("current version"),
        "{}",
        current.message
    );
    let absent = revert(&mut s, 17).unwrap_err();
    assert!(absent.message.contains("1–3"), "{}", absent.message);
    assert_eq!(revert(&mut s, -1).unwrap_err().code, INVALID_PARAMS);
    let unknown = s
        .revert(
            &params(json!({"codeName": "b", "codeVersion": 1})),
            &admin(9),
        )
        .unwrap_err();
    assert_eq!(unknown.code, NOT_FOUND);
    assert_eq!(s.find("faircom", "admin", "a").unwrap().history.len(), 3);
}

#[test]
fn clone_starts_a_fresh_line_pointing_at_its_source() {
    let mut s = PackageStore::default();
    create(&mut s, "a", "active", "v1");
    alter(
        &mut s,
        json!({"codeName": "a", "code": "v2", "metadata": {"k": true}}),
        1,
    )
    .unwrap();
    let id = s
        .clone_package(
            &params(json!({"codeName": "a", "newCodeName": "b", "newOwnerName": "ops"})),
            &admin(3),
        )
        .unwrap();
    let b = s.find("faircom", "ops", "b").unwrap();
    assert_eq!(b.code_id, id);
    assert_eq!(b.cloned_code_id, 1);
    assert_eq!(b.current.number, 1);
    assert_eq!(b.current.code, "v2");
    assert_eq!(b.current.status, "developing");
    assert_eq!(b.current.metadata, json!({"k": true}));
    assert!(b.history.is_empty());
    let same = s
        .clone_package(&params(json!({"codeName": "a"})), &admin(3))
        .unwrap_err();
    assert_eq!(same.code, ALREADY_EXISTS);
    let taken = s
        .clone_package(
            &params(json!({"codeName": "a", "newCodeName": "b", "newOwnerName": "ops"})),
            &admin(3),
        )
        .unwrap_err();
    assert_eq!(taken.code, ALREADY_EXISTS);
}

#[test]
fn list_hides_deactivated_unless_asked_and_filters_and_pages() {
    let mut s = PackageStore::default();
    for (name, status) in [
        ("convertTemperature", "active"),
        ("CONVERTpressure", "testing"),
        ("draft", "developing"),
        ("gone", "deleted"),
        ("old", "deprecated"),
    ] {
        create(&mut s, name, status, "x");
    }
    let list = |v: Value| s.list(&params(v)).unwrap();
    assert_eq!(
        names(&list(json!({}))),
        ["convertTemperature", "CONVERTpressure", "old"]
    );
    assert_eq!(list(json!({"includeDeactivatedCode": true})).len(), 5);
    assert_eq!(names(&list(json!({"statusFilter": ["deleted"]}))), ["gone"]);
    assert_eq!(
        names(&list(json!({"partialName": "convert"}))),
        ["convertTemperature", "CONVERTpressure"]
    );
    assert_eq!(
        names(&list(json!({"partialName": "pressure"}))),
        ["CONVERTpressure"]
    );
    assert_eq!(list(json!({"codeTypeFilter": ["job"]})).len(), 0);
    assert_eq!(list(json!({"databaseName": "other"})).len(), 0);
    assert_eq!(list(json!({"commentFilter": "FIRST"})).len(), 3);
    let page = list(json!({"includeDeactivatedCode": true, "skipRecords": 3, "maxRecords": 3}));
    assert_eq!(names(&page), ["gone", "old"]);
    assert!(page.iter().all(|p| p.get("code").is_none()));
    assert_eq!(
        s.list(&params(json!({"statusFilter": ["running"]})))
            .unwrap_err()
            .code,
        INVALID_PARAMS
    );
    assert_eq!(
        s.list(&params(json!({"maxRecords": -1}))).unwrap_err().code,
        INVALID_PARAMS
    );
}

#[test]
fn list_pages_twenty_by_default() {
    let mut s = PackageStore::default();
    for i in 0..25 {
        create(&mut s, &format!("p{i:02}"), "active", "x");
    }
    assert_eq!(s.list(&ListParams::default()).unwrap().len(), 20);
}

#[test]
fn describe_gives_code_in_the_order_asked_or_101_naming_the_missing() {
    let mut s = PackageStore::default();
    create(&mut s, "a", "deleted", "code a");
    create(&mut s, "b", "active", "code b");
    let items = s
        .describe(&params(json!({"codeNames": ["b", "a", "b"]})), &admin(0))
        .unwrap();
    assert_eq!(names(&items), ["b", "a"]);
    assert_eq!(items[1]["code"], "code a");
    assert_eq!(items[1]["codeStatus"], "deleted");
    let err = s
        .describe(
            &params(json!({"codeNames": ["a", "nope", "never"]})),
            &admin(0),
        )
        .unwrap_err();
    assert_eq!(err.code, NOT_FOUND);
    assert!(
        err.message.starts_with("Code Package not found"),
        "{}",
        err.message
    );
    assert!(err.message.contains("'nope', 'never'"), "{}", err.message);
    let elsewhere = s
        .describe(
            &params(json!({"codeNames": ["a"], "ownerName": "ops"})),
            &admin(0),
        )
        .unwrap_err();
    assert_eq!(elsewhere.code, NOT_FOUND);
    assert_eq!(
        s.describe(&params(json!({"codeNames": []})), &admin(0))
            .unwrap_err()
            .code,
        INVALID_PARAMS
    );
}

#[test]
fn history_is_ascending_ranged_and_paged() {
    let mut s = PackageStore::default();
    create(&mut s, "a", "active", "v1");
    create(&mut s, "b", "active", "w1");
    for n in 2..=6 {
        alter(&mut s, json!({"codeName": "a", "code": format!("v{n}")}), n).unwrap();
    }
    alter(&mut s, json!({"codeName": "b", "code": "w2"}), 9).unwrap();
    let describe = |v: Value| s.describe_history(&params(v), &admin(0)).unwrap();
    let numbers = |items: &[Value]| -> Vec<u64> {
        items
            .iter()
            .map(|i| i["codeVersion"].as_u64().unwrap())
            .collect()
    };
    let all = describe(json!({"codeName": "a"}));
    assert_eq!(numbers(&all), [1, 2, 3, 4, 5]);
    assert_eq!(all[0]["code"], "v1");
    assert_eq!(
        numbers(&describe(
            json!({"codeName": "a", "minCodeVersion": 2, "maxCodeVersion": 3})
        )),
        [2, 3]
    );
    assert_eq!(
        numbers(&describe(
            json!({"codeName": "a", "skipRecords": 3, "maxRecords": 2})
        )),
        [4, 5]
    );
    assert_eq!(
        s.describe_history(&params(json!({"codeName": "c"})), &admin(0))
            .unwrap_err()
            .code,
        NOT_FOUND
    );
    let listed = s.list_history(&params(json!({}))).unwrap();
    assert_eq!(listed.len(), 6);
    assert!(listed.iter().all(|i| i.get("code").is_none()));
    assert_eq!(names(&listed), ["a", "a", "a", "a", "a", "b"]);
    let one = s
        .list_history(&params(json!({"partialName": "b"})))
        .unwrap();
    assert_eq!(numbers(&one), [1]);
}

#[test]
fn package_json_has_the_documented_fields() {
    let mut s = PackageStore::default();
    create(&mut s, "a", "active", "v1");
    let p = s.find("faircom", "admin", "a").unwrap();
    let with = p.json(&p.current, true);
    assert_eq!(with["createdOn"], "2026-03-01T10:00:07.216");
    assert_eq!(with.as_object().unwrap().len(), 18);
    assert!(p.json(&p.current, false).get("code").is_none());
}

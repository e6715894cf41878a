//! The write rules, driven on the demo store directly (no HTTP): every kind of write, its refusals, and
//! each limit at the boundary.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::*;
use crate::emulator::limits::{
    MAX_ACTION_CODE_BYTES, MAX_BINDINGS, MAX_DEPENDENCIES, MAX_DEPENDENCY_VERSION_CHARS,
    MAX_MODULE_CODE_CHARS, MAX_NAME_CHARS, MAX_SECRETS, MAX_SECRET_VALUE_CHARS,
};
use crate::emulator::seed::{self, stable_uuid};
use crate::emulator::store::{ActionRec, BindingRec, Dep, ModulePin, Store};

/// A demo tenant started at `t0`, with its settings (1 s builds, 0.5 s deploys).
fn demo() -> (Store, DateTime<Utc>) {
    let t0 = Utc::now();
    (seed::demo(t0), t0)
}

fn after(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    t + chrono::Duration::from_std(d).unwrap()
}

fn action_named<'a>(store: &'a Store, name: &str) -> &'a ActionRec {
    store.action_named(name).unwrap()
}

#[test]
fn deploy_makes_the_draft_live_as_a_new_version() {
    let (mut store, t0) = demo();
    let id = action_named(&store, "Require MFA for admins").id.clone();
    assert!(!action_named(&store, "Require MFA for admins").all_changes_deployed(t0));
    let before = store.action(&id).unwrap().versions.len() as u32;
    let number = store.deploy_draft(&id, t0).unwrap();
    assert_eq!(number, before + 1);
    let action = store.action(&id).unwrap();
    assert_eq!(action.deployed().unwrap().number, number);
    assert_eq!(action.live_number(t0), Some(before), "still going live");
    assert!(!action.all_changes_deployed(t0));
    let live_at = after(t0, store.settings.deploy_duration);
    assert_eq!(action.live_number(live_at), Some(number));
    assert!(action.all_changes_deployed(live_at));
}

#[test]
fn only_built_drafts_deploy() {
    let (mut store, t0) = demo();
    for name in ["Progressive profiling", "Validate signup metadata"] {
        let id = action_named(&store, name).id.clone();
        let count = store.action(&id).unwrap().versions.len();
        let Err(WriteError::BadRequest(message)) = store.deploy_draft(&id, t0) else {
            panic!("{name}: refused");
        };
        assert!(message.starts_with(MUST_BE_BUILT), "{message}");
        assert_eq!(
            store.action(&id).unwrap().versions.len(),
            count,
            "{name}: nothing changed"
        );
    }
}

#[test]
fn rollback_deploys_old_content_as_a_new_version() {
    let (mut store, t0) = demo();
    let action = action_named(&store, "Limit M2M scopes");
    let (id, first) = (action.id.clone(), action.versions[0].clone());
    let draft_before = action.draft.code.clone();
    let number = store.deploy_version(&id, &first.id, false, t0).unwrap();
    let later = after(t0, Duration::from_secs(1));
    let action = store.action(&id).unwrap();
    let live = action.live(later).unwrap();
    assert_eq!(
        (live.number, live.code.as_str()),
        (number, first.code.as_str())
    );
    assert_ne!(live.id, first.id);
    assert_eq!(
        action.draft.code, draft_before,
        "the draft stays unless asked"
    );
    assert!(!action.all_changes_deployed(later));
    assert_eq!(
        action.versions[0].code, first.code,
        "the old version is untouched"
    );

    let second = action.versions[1].id.clone();
    store.deploy_version(&id, &second, true, later).unwrap();
    let action = store.action(&id).unwrap();
    assert_eq!(action.draft.build.status(later), "built");
    assert!(action.all_changes_deployed(after(later, Duration::from_secs(1))));
}

#[test]
fn bindings_are_replaced_in_order_with_new_ids_and_checked() {
    let (mut store, t0) = demo();
    let old: Vec<BindingRec> = store.bindings["post-login"].clone();
    let reversed: Vec<BindingRequest> = old
        .iter()
        .rev()
        .map(|b| BindingRequest {
            reference: BindingRef::BindingId(b.id.clone()),
            display_name: None,
        })
        .collect();
    store.replace_bindings("post-login", &reversed, t0).unwrap();
    let new = &store.bindings["post-login"];
    let order = |list: &[BindingRec]| list.iter().map(|b| b.action_id.clone()).collect::<Vec<_>>();
    let mut expected = order(&old);
    expected.reverse();
    assert_eq!(order(new), expected);
    assert!(
        new.iter().all(|b| old.iter().all(|o| o.id != b.id)),
        "new ids"
    );
    assert_eq!(new[0].display_name, old.last().unwrap().display_name);

    let never_deployed = BindingRequest {
        reference: BindingRef::ActionName("Block legacy user agents".into()),
        display_name: None,
    };
    let before = store.bindings["post-login"].clone();
    assert!(matches!(
        store.replace_bindings("post-login", &[never_deployed], t0),
        Err(WriteError::BadRequest(_))
    ));
    assert_eq!(
        store.bindings["post-login"].len(),
        before.len(),
        "a refused PATCH changes nothing"
    );
    let wrong_trigger = BindingRequest {
        reference: BindingRef::ActionName("Limit M2M scopes".into()),
        display_name: None,
    };
    assert!(store
        .replace_bindings("post-login", &[wrong_trigger], t0)
        .is_err());
    assert!(store.replace_bindings("post-login", &[], t0).is_ok());
    assert!(store.bindings["post-login"].is_empty());
}

fn by_id(id: &str) -> BindingRequest {
    BindingRequest {
        reference: BindingRef::ActionId(id.to_string()),
        display_name: None,
    }
}

/// The demo with `extra` more deployed post-login actions (copies of a bound one).
fn demo_with_post_login_actions(extra: usize) -> (Store, DateTime<Utc>) {
    let (mut store, t0) = demo();
    let model = action_named(&store, "Add role claims to tokens").clone();
    for i in 0..extra {
        let mut copy = model.clone();
        copy.id = stable_uuid(&format!("copy:{i}"));
        copy.name = format!("Copy {i}");
        store.actions.push(copy);
    }
    (store, t0)
}

/// The post-login actions live at `now`: the ones that can be bound.
fn post_login_ids(store: &Store, now: DateTime<Utc>) -> Vec<String> {
    store
        .actions
        .iter()
        .filter(|a| a.trigger_id == "post-login" && a.live(now).is_some())
        .map(|a| a.id.clone())
        .collect()
}

#[test]
fn the_same_action_twice_is_refused_by_name_whatever_the_reference() {
    let (mut store, t0) = demo();
    let before = store.bindings["post-login"].clone();
    let first = &before[0];
    let name = store.action(&first.action_id).unwrap().name.clone();
    let twice = [
        by_id(&first.action_id),
        by_id(&before[1].action_id),
        BindingRequest {
            reference: BindingRef::BindingId(first.id.clone()),
            display_name: Some("Again".into()),
        },
    ];
    assert_eq!(
        store.replace_bindings("post-login", &twice, t0),
        Err(WriteError::BadRequest(bound_twice(&name)))
    );
    assert!(bound_twice(&name).contains(&format!("'{name}'")));
    let ids = |list: &[BindingRec]| list.iter().map(|b| b.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(&store.bindings["post-login"]),
        ids(&before),
        "nothing changed, not even the ids"
    );
}

#[test]
fn twenty_actions_bind_and_a_twenty_first_is_refused() {
    let (mut store, t0) = demo_with_post_login_actions(MAX_BINDINGS);
    let ids = post_login_ids(&store, t0);
    assert!(ids.len() > MAX_BINDINGS, "{} deployed", ids.len());
    let requests: Vec<BindingRequest> = ids.iter().map(|id| by_id(id)).collect();
    let before = store.bindings["post-login"].clone();
    assert_eq!(
        store.replace_bindings("post-login", &requests[..=MAX_BINDINGS], t0),
        Err(WriteError::BadRequest(too_many_bindings(MAX_BINDINGS + 1)))
    );
    assert!(too_many_bindings(21).contains("at most 20") && too_many_bindings(21).contains("21"));
    assert_eq!(store.bindings["post-login"].len(), before.len());
    assert_eq!(store.bindings["post-login"][0].id, before[0].id);

    store
        .replace_bindings("post-login", &requests[..MAX_BINDINGS], t0)
        .unwrap();
    let bound: Vec<String> = store.bindings["post-login"]
        .iter()
        .map(|b| b.action_id.clone())
        .collect();
    assert_eq!(bound, ids[..MAX_BINDINGS]);
}

#[test]
fn module_publish_and_rollback_follow_the_draft() {
    let (mut store, t0) = demo();
    let module = store.module_named("claims-utils").unwrap();
    let (id, first) = (module.id.clone(), module.versions[0].id.clone());
    let count = module.versions.len();
    store.publish_module(&id, t0).unwrap();
    assert_eq!(store.module(&id).unwrap().versions.len(), count + 1);
    assert!(matches!(
        store.publish_module(&id, t0),
        Err(WriteError::Conflict(_))
    ));

    store.rollback_module(&id, &first, t0).unwrap();
    let module = store.module(&id).unwrap();
    assert_eq!(module.code, module.versions[0].code);
    assert_eq!(
        module.versions.len(),
        count + 1,
        "rollback publishes nothing"
    );
    assert!(matches!(
        store.rollback_module(&id, &first, t0),
        Err(WriteError::Conflict(_))
    ));
}

#[test]
fn an_edit_builds_pending_then_building_then_built_or_failed() {
    let (mut store, t0) = demo();
    let id = action_named(&store, "Require MFA for admins").id.clone();
    let good = ActionEdit {
        code: Some("exports.onExecutePostLogin = async () => {};".into()),
        dependencies: Some(vec![Dep {
            name: "lodash".into(),
            version: "4.17.21".into(),
        }]),
        ..ActionEdit::default()
    };
    store.edit_action(&id, good, t0).unwrap();
    let second = |ms: u64| after(t0, Duration::from_millis(ms));
    let status = |store: &Store, at| store.action(&id).unwrap().draft.build.status(at);
    assert_eq!(status(&store, t0), "pending");
    assert_eq!(status(&store, second(500)), "building");
    assert_eq!(status(&store, second(1000)), "built");
    assert_eq!(
        store.deploy_draft(&id, second(500)),
        Err(WriteError::BadRequest(MUST_BE_BUILT.into()))
    );
    assert!(store.deploy_draft(&id, second(1000)).is_ok());

    let bad = ActionEdit {
        dependencies: Some(vec![Dep {
            name: "crypto".into(),
            version: "^17".into(),
        }]),
        ..ActionEdit::default()
    };
    store.edit_action(&id, bad, second(2000)).unwrap();
    assert_eq!(status(&store, second(3000)), "failed");
    let Err(WriteError::BadRequest(message)) = store.deploy_draft(&id, second(3000)) else {
        panic!("a failed draft does not deploy");
    };
    assert!(
        message.contains("No matching version found for crypto@^17"),
        "{message}"
    );

    let runtime = ActionEdit {
        runtime: Some("node4".into()),
        ..ActionEdit::default()
    };
    assert_eq!(
        store.edit_action(&id, runtime, t0),
        Err(WriteError::BadRequest("runtime is not supported".into()))
    );
}

#[test]
fn past_the_version_limit_the_oldest_action_versions_go() {
    let (mut store, t0) = demo();
    store.settings.max_action_versions = 3;
    store.settings.deploy_duration = Duration::ZERO;
    let action = action_named(&store, "Limit M2M scopes");
    let (id, newest) = (action.id.clone(), action.versions.last().unwrap().number);
    let number = store.deploy_draft(&id, t0).unwrap();
    let numbers: Vec<u32> = store
        .action(&id)
        .unwrap()
        .versions
        .iter()
        .map(|v| v.number)
        .collect();
    assert_eq!(numbers, vec![newest - 1, newest, number]);
    assert_eq!(number, newest + 1, "numbers keep counting");
}

#[test]
fn module_publish_stops_at_the_limit_and_edits_keep_what_they_omit() {
    let (mut store, t0) = demo();
    let module = store.module_named("claims-utils").unwrap();
    let (id, deps, count) = (
        module.id.clone(),
        module.dependencies.clone(),
        module.versions.len(),
    );
    store.settings.max_module_versions = count;
    assert_eq!(
        store.publish_module(&id, t0),
        Err(WriteError::PreconditionFailed(
            TOO_MANY_MODULE_VERSIONS.into()
        ))
    );
    let edit = ModuleEdit {
        code: Some("module.exports = {};".into()),
        ..ModuleEdit::default()
    };
    store.edit_module(&id, edit, t0).unwrap();
    let module = store.module(&id).unwrap();
    assert_eq!(module.code, "module.exports = {};");
    assert_eq!(module.dependencies, deps);
    assert_eq!(module.versions.len(), count, "an edit publishes nothing");
    let too_long = ModuleEdit {
        code: Some("x".repeat(MAX_MODULE_CODE_CHARS + 1)),
        ..ModuleEdit::default()
    };
    assert!(matches!(
        store.edit_module(&id, too_long, t0),
        Err(WriteError::InvalidBody(_))
    ));
    assert_eq!(store.module(&id).unwrap().code, "module.exports = {};");
}

fn dep(name: &str, version: &str) -> Dep {
    Dep {
        name: name.into(),
        version: version.into(),
    }
}

fn valued(name: &str) -> SecretWrite {
    SecretWrite::new(name, Some("v"))
}

fn new_action(name: &str) -> ActionCreate {
    ActionCreate {
        name: name.into(),
        triggers: vec![("post-login".into(), Some("v3".into()))],
        code: "exports.onExecutePostLogin = async () => {};".into(),
        ..ActionCreate::default()
    }
}

fn new_module(name: &str) -> ModuleCreate {
    ModuleCreate {
        name: name.into(),
        code: "module.exports = {};".into(),
        ..ModuleCreate::default()
    }
}

fn invalid_body(result: Result<impl std::fmt::Debug, WriteError>, property: &str) {
    match result {
        Err(WriteError::InvalidBody(detail)) => assert!(
            detail.contains(&format!("on property {property}.")),
            "{detail}"
        ),
        other => panic!("{property}: expected invalid_body, got {other:?}"),
    }
}

#[test]
fn a_created_action_builds_from_pending_with_the_triggers_default_runtime() {
    let (mut store, t0) = demo();
    let mut new = new_action("Brand new");
    new.secrets = vec![valued("API_KEY")];
    new.dependencies = vec![dep("lodash", "4.17.21")];
    let id = store.create_action(new, t0).unwrap();
    let action = store.action(&id).unwrap();
    assert_eq!(action.draft.runtime, "node22", "post-login v3's default");
    assert_eq!(action.draft.build.status(t0), "pending");
    assert_eq!(
        action.draft.build.status(after(t0, Duration::from_secs(1))),
        "built"
    );
    assert!(action.deploy.is_none() && action.versions.is_empty());
    assert_eq!(action.secrets[0].name, "API_KEY");
    assert_eq!(action.secrets[0].updated_at, t0);

    let mut v2 = new_action("Old trigger");
    v2.triggers = vec![("post-login".into(), Some("v2".into()))];
    let id = store.create_action(v2, t0).unwrap();
    assert_eq!(
        store.action(&id).unwrap().draft.runtime,
        "node16",
        "REC Create"
    );
    let mut no_version = new_action("Current by default");
    no_version.triggers = vec![("post-login".into(), None)];
    let id = store.create_action(no_version, t0).unwrap();
    assert_eq!(store.action(&id).unwrap().trigger_version, "v3");
}

#[test]
fn a_create_is_refused_for_bad_triggers_runtimes_and_taken_names() {
    let (mut store, t0) = demo();
    let count = store.actions.len();
    let with = |f: &dyn Fn(&mut ActionCreate)| {
        let mut new = new_action("Refused");
        f(&mut new);
        new
    };
    let refusals = [
        (
            with(&|n| n.triggers = vec![("post-logout".into(), Some("v1".into()))]),
            WriteError::BadRequest("The trigger 'post-logout' does not exist.".into()),
        ),
        (
            with(&|n| n.triggers = vec![("post-login".into(), Some("v9".into()))]),
            WriteError::BadRequest("The trigger 'post-login' has no version 'v9'.".into()),
        ),
        (
            with(&|n| n.runtime = Some("node4".into())),
            WriteError::BadRequest("runtime is not supported".into()),
        ),
        (
            with(&|n| n.name = "Require MFA for admins".into()),
            WriteError::Conflict(action_name_taken("Require MFA for admins")),
        ),
        (
            with(&|n| n.secrets = vec![SecretWrite::new("NEW", None)]),
            WriteError::BadRequest(secret_needs_value("NEW")),
        ),
    ];
    for (new, expected) in refusals {
        assert_eq!(store.create_action(new, t0), Err(expected));
    }
    let two = with(&|n| {
        n.triggers = vec![
            ("post-login".into(), Some("v3".into())),
            ("credentials-exchange".into(), Some("v2".into())),
        ];
    });
    let Err(WriteError::BadRequest(message)) = store.create_action(two, t0) else {
        panic!("two triggers are refused");
    };
    assert!(message.contains("single trigger"), "{message}");
    invalid_body(
        store.create_action(with(&|n| n.triggers.clear()), t0),
        "supported_triggers",
    );
    invalid_body(
        store.create_action(with(&|n| n.name = " ".into()), t0),
        "name",
    );
    assert_eq!(store.actions.len(), count, "nothing was created");
}

#[test]
fn action_limits_hold_at_the_boundary() {
    let (mut store, t0) = demo();
    let with = |name: &str, f: &dyn Fn(&mut ActionCreate)| {
        let mut new = new_action(name);
        f(&mut new);
        new
    };
    let code = |n: usize| "a".repeat(n);
    let secrets = |n: usize| (0..n).map(|i| valued(&format!("S{i}"))).collect();
    let deps = |n: usize| (0..n).map(|i| dep(&format!("p{i}"), "1.0.0")).collect();
    let at_limit = [
        with("code", &|n| n.code = code(MAX_ACTION_CODE_BYTES)),
        with("secrets", &|n| n.secrets = secrets(MAX_SECRETS)),
        with("deps", &|n| n.dependencies = deps(MAX_DEPENDENCIES)),
        with(&"n".repeat(MAX_NAME_CHARS), &|_| {}),
    ];
    for new in at_limit {
        let name = new.name.clone();
        assert!(store.create_action(new, t0).is_ok(), "{name} at the limit");
    }
    invalid_body(
        store.create_action(with("c", &|n| n.code = code(MAX_ACTION_CODE_BYTES + 1)), t0),
        "code",
    );
    invalid_body(
        store.create_action(with("s", &|n| n.secrets = secrets(MAX_SECRETS + 1)), t0),
        "secrets",
    );
    invalid_body(
        store.create_action(
            with("d", &|n| n.dependencies = deps(MAX_DEPENDENCIES + 1)),
            t0,
        ),
        "dependencies",
    );
    invalid_body(
        store.create_action(with(&"n".repeat(MAX_NAME_CHARS + 1), &|_| {}), t0),
        "name",
    );
    let id = action_named(&store, "Require MFA for admins").id.clone();
    let edit = |f: &dyn Fn(&mut ActionEdit)| {
        let mut e = ActionEdit::default();
        f(&mut e);
        e
    };
    assert!(store
        .edit_action(
            &id,
            edit(&|e| e.code = Some(code(MAX_ACTION_CODE_BYTES))),
            t0
        )
        .is_ok());
    invalid_body(
        store.edit_action(
            &id,
            edit(&|e| e.code = Some(code(MAX_ACTION_CODE_BYTES + 1))),
            t0,
        ),
        "code",
    );
    invalid_body(
        store.edit_action(
            &id,
            edit(&|e| e.secrets = Some(secrets(MAX_SECRETS + 1))),
            t0,
        ),
        "secrets",
    );
    invalid_body(
        store.edit_action(
            &id,
            edit(&|e| e.dependencies = Some(deps(MAX_DEPENDENCIES + 1))),
            t0,
        ),
        "dependencies",
    );
    assert_eq!(
        store.action(&id).unwrap().draft.code.len(),
        MAX_ACTION_CODE_BYTES,
        "refused edits change nothing"
    );
}

#[test]
fn module_pins_of_a_new_action_must_be_uuids_of_published_versions() {
    let (mut store, t0) = demo();
    let module = store.module_named("claims-utils").unwrap();
    let pin = ModulePin {
        module_id: module.id.clone(),
        module_version_id: module.versions[0].id.clone(),
    };
    let with_pin = |pin: ModulePin| ActionCreate {
        modules: vec![pin],
        ..new_action("Pinned")
    };
    let Err(WriteError::BadRequest(message)) = store.create_action(
        with_pin(ModulePin {
            module_version_id: "v1".into(),
            ..pin.clone()
        }),
        t0,
    ) else {
        panic!("not a UUID");
    };
    assert!(
        message.ends_with("invalid ModuleRef.ModuleVersionId: value must be a valid UUID"),
        "{message}"
    );
    let unknown = ModulePin {
        module_version_id: stable_uuid("nope"),
        ..pin.clone()
    };
    assert!(matches!(
        store.create_action(with_pin(unknown), t0),
        Err(WriteError::BadRequest(m)) if m.contains("claims-utils")
    ));
    let before = store.module_json(store.module(&pin.module_id).unwrap())
        ["actions_using_module_total"]
        .as_u64()
        .unwrap();
    let id = store.create_action(with_pin(pin.clone()), t0).unwrap();
    assert_eq!(store.action(&id).unwrap().draft.modules, vec![pin.clone()]);
    let using = |store: &Store| {
        store.module_json(store.module(&pin.module_id).unwrap())["actions_using_module_total"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(using(&store), before + 1);
    store.delete_action(&id, false).unwrap();
    assert_eq!(using(&store), before, "a deleted action no longer counts");
}

#[test]
fn create_with_deploy_is_deployed_at_once_and_goes_live_after_the_build() {
    let (mut store, t0) = demo();
    let id = store
        .create_action(
            ActionCreate {
                deploy: true,
                ..new_action("Deployed at once")
            },
            t0,
        )
        .unwrap();
    let action = store.action(&id).unwrap();
    let version = action.deployed().expect("deployed_version at once");
    assert_eq!(version.number, 1);
    assert_eq!(version.status_at(t0), "pending");
    assert_eq!(action.live_number(t0), None);
    let built = after(t0, store.settings.build_duration);
    assert_eq!(version.status_at(built), "built");
    let live = after(built, store.settings.deploy_duration);
    assert_eq!(action.live_number(live), Some(1));
    assert!(action.all_changes_deployed(live));

    let failing = ActionCreate {
        deploy: true,
        dependencies: vec![dep("crypto", "^17")],
        ..new_action("Never live")
    };
    let id = store.create_action(failing, t0).unwrap();
    let action = store.action(&id).unwrap();
    let later = after(t0, Duration::from_mins(1));
    assert_eq!(action.deployed().unwrap().status_at(later), "failed");
    assert_eq!(
        action.live_number(later),
        None,
        "a failed build never goes live"
    );
}

#[test]
fn a_bound_action_is_deleted_only_with_force_which_detaches_it() {
    let (mut store, _) = demo();
    let order = |store: &Store| -> Vec<String> {
        store.bindings["post-login"]
            .iter()
            .map(|b| b.action_id.clone())
            .collect()
    };
    let before = order(&store);
    let victim = before[1].clone();
    let name = store.action(&victim).unwrap().name.clone();
    let Err(WriteError::Conflict(message)) = store.delete_action(&victim, false) else {
        panic!("a bound action is refused");
    };
    assert_eq!(message, still_bound(&name, &["post-login".to_string()]));
    assert!(message.contains(&name) && message.contains("post-login"));
    assert!(store.action(&victim).is_some());

    store.delete_action(&victim, true).unwrap();
    assert!(store.action(&victim).is_none(), "its versions went with it");
    let expected: Vec<String> = before.iter().filter(|a| **a != victim).cloned().collect();
    assert_eq!(order(&store), expected, "the others keep their order");
    assert_eq!(
        store.delete_action(&victim, true),
        Err(WriteError::NotFound(NO_ACTION))
    );
    let unbound = action_named(&store, "Block legacy user agents").id.clone();
    assert!(store.delete_action(&unbound, false).is_ok());
}

#[test]
fn secrets_listed_by_name_keep_their_value_and_new_ones_need_one() {
    let (mut store, t0) = demo();
    let action = action_named(&store, "Notify Slack on signup");
    let (id, kept) = (action.id.clone(), action.secrets[0].clone());
    let t1 = after(t0, Duration::from_secs(5));
    let listed = vec![
        SecretWrite::new(&kept.name, None),
        SecretWrite::new("NEW_ONE", Some("value")),
    ];
    store
        .edit_action(
            &id,
            ActionEdit {
                secrets: Some(listed),
                ..ActionEdit::default()
            },
            t1,
        )
        .unwrap();
    let secrets = &store.action(&id).unwrap().secrets;
    assert_eq!(secrets.len(), 2);
    assert_eq!(secrets[0].name, kept.name);
    assert_eq!(secrets[0].updated_at, kept.updated_at, "kept as it was");
    assert_eq!(secrets[1].updated_at, t1);

    let unknown = ActionEdit {
        secrets: Some(vec![SecretWrite::new("MISSING", None)]),
        ..ActionEdit::default()
    };
    assert_eq!(
        store.edit_action(&id, unknown, t1),
        Err(WriteError::BadRequest(secret_needs_value("MISSING")))
    );
    let twice = ActionEdit {
        secrets: Some(vec![valued("A"), valued("A")]),
        ..ActionEdit::default()
    };
    assert_eq!(
        store.edit_action(&id, twice, t1),
        Err(WriteError::BadRequest(secret_twice("A")))
    );
    assert_eq!(store.action(&id).unwrap().secrets.len(), 2, "unchanged");
    let only_new = ActionEdit {
        secrets: Some(vec![SecretWrite::new("NEW_ONE", None)]),
        ..ActionEdit::default()
    };
    store.edit_action(&id, only_new, t1).unwrap();
    let names: Vec<&str> = store
        .action(&id)
        .unwrap()
        .secrets
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["NEW_ONE"],
        "the list replaces: the unlisted one is gone"
    );

    let module = store.module_named("http-helpers").unwrap();
    let (module_id, kept) = (module.id.clone(), module.secrets[0].clone());
    let edit = ModuleEdit {
        secrets: Some(vec![SecretWrite::new(&kept.name, None)]),
        ..ModuleEdit::default()
    };
    store.edit_module(&module_id, edit, t1).unwrap();
    assert_eq!(
        store.module(&module_id).unwrap().secrets[0].updated_at,
        kept.updated_at
    );
    let long = ModuleEdit {
        secrets: Some(vec![SecretWrite {
            name: "LONG".into(),
            value_chars: Some(MAX_SECRET_VALUE_CHARS + 1),
        }]),
        ..ModuleEdit::default()
    };
    invalid_body(store.edit_module(&module_id, long, t1), "secrets[0].value");
}

#[test]
fn the_test_run_throws_what_the_draft_throws() {
    let (mut store, t0) = demo();
    let code = "exports.onExecutePostLogin = async (event, api) => {\n  if (!event.user) {\n    throw new TypeError('no user here');\n  }\n};";
    let id = store
        .create_action(
            ActionCreate {
                code: code.into(),
                ..new_action("Thrower")
            },
            t0,
        )
        .unwrap();
    let payload = store.test_action(&id).unwrap();
    assert_eq!(payload["error"]["name"], "TypeError");
    assert_eq!(payload["error"]["message"], "no user here");
    let stack = payload["error"]["stack"].as_str().unwrap();
    assert!(
        stack.starts_with("TypeError: no user here\n    at /data/io/"),
        "{stack}"
    );
    assert!(
        stack.contains(".js:3:5"),
        "line and column of the throw: {stack}"
    );
    assert!(payload["stats"]["total_request_duration_ms"].is_u64());

    for (code, name, message) in [
        ("throw \"plain\";", "Error", "plain"),
        ("throw err;", "Error", "err"),
        ("throw new Custom(`templ`);", "Error", "templ"),
    ] {
        let edit = ActionEdit {
            code: Some(code.into()),
            ..ActionEdit::default()
        };
        store.edit_action(&id, edit, t0).unwrap();
        let error = &store.test_action(&id).unwrap()["error"];
        assert_eq!(
            (error["name"].as_str(), error["message"].as_str()),
            (Some(name), Some(message)),
            "{code}"
        );
    }

    let calm = action_named(&store, "Block legacy user agents").id.clone();
    let quiet = ActionEdit {
        code: Some("// a throwaway comment\nexports.x = () => {};".into()),
        ..ActionEdit::default()
    };
    store.edit_action(&calm, quiet, t0).unwrap();
    let payload = store.test_action(&calm).unwrap();
    assert!(payload.get("error").is_none(), "{payload}");
    assert!(payload["stats"].is_object() && payload["commands"].is_array());
    assert_eq!(
        store.test_action("nope"),
        Err(WriteError::NotFound(NO_ACTION))
    );
}

#[test]
fn a_created_module_is_unique_limited_and_published_on_request() {
    let (mut store, t0) = demo();
    let id = store.create_module(new_module("fresh"), t0).unwrap();
    let module = store.module(&id).unwrap();
    assert!(module.versions.is_empty() && !module.all_changes_published());
    assert_eq!(
        store.create_module(new_module("fresh"), t0),
        Err(WriteError::Conflict(module_name_taken("fresh")))
    );
    let published = store
        .create_module(
            ModuleCreate {
                publish: true,
                ..new_module("published")
            },
            t0,
        )
        .unwrap();
    let module = store.module(&published).unwrap();
    assert_eq!(module.latest().map(|v| v.number), Some(1));
    assert!(module.all_changes_published());

    let with = |name: &str, f: &dyn Fn(&mut ModuleCreate)| {
        let mut new = new_module(name);
        f(&mut new);
        new
    };
    let secret = |chars: usize| {
        vec![SecretWrite {
            name: "K".into(),
            value_chars: Some(chars),
        }]
    };
    let secrets = |n: usize| (0..n).map(|i| valued(&format!("S{i}"))).collect();
    let deps = |n: usize| (0..n).map(|i| dep(&format!("p{i}"), "1.0.0")).collect();
    let ok = [
        with("a", &|m| m.code = "é".repeat(MAX_MODULE_CODE_CHARS)),
        with("b", &|m| m.secrets = secret(MAX_SECRET_VALUE_CHARS)),
        with("c", &|m| m.secrets = secrets(MAX_SECRETS)),
        with("d", &|m| m.dependencies = deps(MAX_DEPENDENCIES)),
        with("e", &|m| {
            m.dependencies = vec![dep(
                &"n".repeat(MAX_NAME_CHARS),
                &"1".repeat(MAX_DEPENDENCY_VERSION_CHARS),
            )];
        }),
        with(&"n".repeat(MAX_NAME_CHARS), &|_| {}),
    ];
    for new in ok {
        let name = new.name.clone();
        assert!(store.create_module(new, t0).is_ok(), "{name}");
    }
    let refused = [
        (
            with("A", &|m| m.code = "é".repeat(MAX_MODULE_CODE_CHARS + 1)),
            "code",
        ),
        (
            with("B", &|m| m.secrets = secret(MAX_SECRET_VALUE_CHARS + 1)),
            "secrets[0].value",
        ),
        (
            with("C", &|m| m.secrets = secrets(MAX_SECRETS + 1)),
            "secrets",
        ),
        (
            with("D", &|m| m.dependencies = deps(MAX_DEPENDENCIES + 1)),
            "dependencies",
        ),
        (
            with("E", &|m| {
                m.dependencies = vec![dep(&"n".repeat(MAX_NAME_CHARS + 1), "1")];
            }),
            "dependencies[0].name",
        ),
        (
            with("F", &|m| {
                m.dependencies = vec![dep("x", &"1".repeat(MAX_DEPENDENCY_VERSION_CHARS + 1))];
            }),
            "dependencies[0].version",
        ),
        (with(&"n".repeat(MAX_NAME_CHARS + 1), &|_| {}), "name"),
    ];
    for (new, property) in refused {
        invalid_body(store.create_module(new, t0), property);
    }
    assert_eq!(
        store.create_module(
            with("G", &|m| m.secrets = vec![SecretWrite::new("K", None)]),
            t0
        ),
        Err(WriteError::BadRequest(secret_needs_value("K")))
    );
}

#[test]
fn a_module_in_use_is_not_deleted_and_the_refusal_names_its_actions() {
    let (mut store, t0) = demo();
    let id = store.module_named("http-helpers").unwrap().id.clone();
    let users = store.actions_pinning(&id);
    assert!(users.len() >= 2, "{users:?}");
    let Err(WriteError::PreconditionFailed(message)) = store.delete_module(&id) else {
        panic!("in use");
    };
    for name in &users {
        assert!(message.contains(&format!("'{name}'")), "{message}");
    }
    assert!(store.module(&id).is_some());
    let fresh = store.create_module(new_module("unused"), t0).unwrap();
    store.delete_module(&fresh).unwrap();
    assert!(store.module(&fresh).is_none());
    assert_eq!(
        store.delete_module(&fresh),
        Err(WriteError::NotFound(NO_MODULE))
    );
}

#[test]
fn seeded_executions_name_seeded_actions() {
    let (store, _) = demo();
    assert!(!store.executions.is_empty());
    for execution in &store.executions {
        for result in &execution.results {
            let action = store
                .action_named(&result.action_name)
                .unwrap_or_else(|| panic!("{} is not seeded", result.action_name));
            assert_eq!(action.trigger_id, execution.trigger_id, "{}", action.name);
        }
    }
}

/// The draft's secrets (by name and when each was set) belong to what a deploy carries.
#[test]
fn a_secret_only_change_is_not_deployed_until_a_deploy_carries_it() {
    let (mut store, t0) = demo();
    let name = "Add role claims to tokens";
    let id = action_named(&store, name).id.clone();
    assert!(action_named(&store, name).all_changes_deployed(t0));
    let secrets = Some(vec![SecretWrite::new("API_KEY", Some("value"))]);
    let edit = ActionEdit {
        secrets,
        ..ActionEdit::default()
    };
    store.edit_action(&id, edit, t0).unwrap();
    let built = after(t0, Duration::from_secs(5));
    assert!(
        !action_named(&store, name).all_changes_deployed(built),
        "a new secret differs from live"
    );
    store.deploy_draft(&id, built).unwrap();
    let live_at = after(built, Duration::from_secs(5));
    let action = action_named(&store, name);
    assert!(action.all_changes_deployed(live_at));
    let live = action.live(live_at).unwrap();
    assert_eq!(live.secrets.len(), 1);
    assert_eq!(live.secrets[0].name, "API_KEY");
    assert!(
        action.versions[0].secrets.is_empty(),
        "older versions keep the secrets they had"
    );

    // Setting the same secret again (a new value) differs too.
    let again = ActionEdit {
        secrets: Some(vec![SecretWrite::new("API_KEY", Some("other"))]),
        ..ActionEdit::default()
    };
    let later = after(live_at, Duration::from_secs(1));
    store.edit_action(&id, again, later).unwrap();
    let built = after(later, Duration::from_secs(5));
    assert!(!action_named(&store, name).all_changes_deployed(built));
}

#[test]
fn a_dependency_only_change_is_not_deployed() {
    let (mut store, t0) = demo();
    let name = "Add role claims to tokens";
    let id = action_named(&store, name).id.clone();
    let edit = ActionEdit {
        dependencies: Some(vec![Dep {
            name: "lodash".into(),
            version: "4.17.21".into(),
        }]),
        ..ActionEdit::default()
    };
    store.edit_action(&id, edit, t0).unwrap();
    let built = after(t0, Duration::from_secs(5));
    assert!(!action_named(&store, name).all_changes_deployed(built));
}

#[test]
fn a_secret_only_module_change_is_unpublished() {
    let (mut store, t0) = demo();
    let module = store
        .modules
        .iter()
        .find(|m| m.all_changes_published())
        .unwrap()
        .id
        .clone();
    let edit = ModuleEdit {
        secrets: Some(vec![SecretWrite::new("API_KEY", Some("value"))]),
        ..ModuleEdit::default()
    };
    store.edit_module(&module, edit, t0).unwrap();
    assert!(!store.module(&module).unwrap().all_changes_published());
}

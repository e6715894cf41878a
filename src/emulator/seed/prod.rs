//! The demo's production stage (`demo-prod`), made from the development stage (`demo-dev`, the plain
//! demo) the way a real production tenant relates to its development tenant: what was promoted is a
//! subset of dev's deployed versions, deployed days later under the tenant's own ids; a few things
//! were changed in production only; some of dev's work never reached it. The drift itself is listed
//! on [`super::demo_prod`]; this file holds it as data and builds the tenant.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::{
    build_action, build_bindings, edit, executions, hash64, seeded, seeded_secrets, stable_uuid,
    stamp, triggers, ActionSpec, DraftState, Run,
};
use crate::emulator::store::{
    ActionRec, Build, Dep, DeployRec, DraftRec, ModulePin, ModuleRec, ModuleVersionRec, SecretRec,
    Store, VersionRec,
};

/// What ids in prod derive from (dev's derive from the bare names): ids differ per tenant.
const ID_PREFIX: &str = "demo-prod:";

/// The `replace` mapping under which prod's stage values do not count as differences: dev sends SMS
/// from Twilio's magic test number, prod from its real sender number.
pub const DEMO_PROD_REPLACE: &[(&str, &str)] = &[("+15005550006", "+14155550142")];

/// Prod's seeded execution ids (dev's are [`super::EXECUTION_IDS`]).
pub const PROD_EXECUTION_IDS: [&str; 3] = [
    "0000000000000000000000000000000000000000000000000000000000a7c151",
    "0000000000000000000000000000000000000000000000000000000000a7c152",
    "0000000000000000000000000000000000000000000000000000000000a7c153",
];

/// How prod's copy of one of dev's actions came about.
struct StageAction {
    name: &'static str,
    /// Dev's version numbers that were promoted, oldest first: they become prod's versions 1, 2, …;
    /// the last is live in prod and its draft (nobody edits drafts in production).
    promoted: &'static [u32],
    /// Stage values written into every prod version's code: (dev's text, prod's text).
    values: &'static [(&'static str, &'static str)],
    /// Prod's runtime when it is not dev's.
    runtime: Option<&'static str>,
    /// Dependencies set to another version in prod (name, version).
    deps: &'static [(&'static str, &'static str)],
    /// Prod's secret names when they are not dev's.
    secrets: Option<&'static [&'static str]>,
    /// Prod's module pins (module name, version number) when they are not dev's.
    modules: Option<&'static [(&'static str, u32)]>,
}

const SAME: StageAction = StageAction {
    name: "",
    promoted: &[],
    values: &[],
    runtime: None,
    deps: &[],
    secrets: None,
    modules: None,
};

/// Dev's actions that exist in prod, in dev's order. "Block legacy user agents" is missing on purpose.
const ACTIONS: &[StageAction] = &[
    StageAction {
        name: "Add role claims to tokens",
        promoted: &[2, 5],
        // claims-utils was never promoted: prod's action does not require it.
        values: &[("const claims = require('claims-utils');\n\n", "")],
        modules: Some(&[]),
        ..SAME
    },
    StageAction {
        name: "Require MFA for admins",
        // Dev's v4 is the bad deploy of half an hour ago (`history::BAD_ACTION`): never promoted.
        promoted: &[1, 3],
        runtime: Some("node18-actions"),
        ..SAME
    },
    StageAction {
        name: "Geo-block sanctioned countries",
        promoted: &[1, 3],
        deps: &[("axios", "1.7.7")],
        ..SAME
    },
    StageAction {
        name: "Progressive profiling",
        promoted: &[1, 3, 5],
        ..SAME
    },
    StageAction {
        name: "Notify Slack on signup",
        promoted: &[2, 4, 7],
        ..SAME
    },
    StageAction {
        name: "Deny disposable email domains",
        promoted: &[1, 4],
        modules: Some(&[("deny-lists", 2)]),
        ..SAME
    },
    StageAction {
        name: "Validate signup metadata",
        promoted: &[1, 3],
        ..SAME
    },
    StageAction {
        name: "Limit M2M scopes",
        promoted: &[2, 5, 8],
        ..SAME
    },
    StageAction {
        name: "Tag M2M tokens with tenant",
        promoted: &[3],
        ..SAME
    },
    StageAction {
        name: "Send SMS via Twilio",
        promoted: &[3, 6, 10],
        values: &[("'+15005550006'", "'+14155550142'")],
        ..SAME
    },
    StageAction {
        name: "Audit password changes",
        promoted: &[1, 4],
        secrets: Some(&["AUDIT_API_KEY", "AUDIT_API_KEY_PREVIOUS"]),
        ..SAME
    },
];

/// The hotfix made in production during an incident, never in dev.
const HOTFIX: ActionSpec = ActionSpec {
    name: "Block credential stuffing IPs",
    trigger: ("post-login", "v3"),
    runtime: "node22",
    code: include_str!("prod-block-credential-stuffing.js"),
    deps: &[("ip-range-check", "0.2.0")],
    secrets: &[],
    modules: &[],
    edits: &[edit(&[(
        "const ATTACK_RANGES = ['192.0.2.0/24'];",
        "const ATTACK_RANGES = ['192.0.2.0/24', '198.18.0.0/15'];",
    )])],
    deployed: 2,
    draft: DraftState::Built,
};

/// When the incident began.
fn incident() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 12, 21, 40, 0).unwrap()
}

/// Dev's modules in prod, with how many of dev's published versions were promoted (prod's
/// versions keep dev's numbers). claims-utils is missing on purpose.
const MODULES: &[(&str, usize)] = &[("http-helpers", 4), ("deny-lists", 2)];

/// Prod's flows: the hotfix runs first at login, and the two M2M actions run in the other order.
const BINDINGS: &[(&str, &[&str])] = &[
    (
        "post-login",
        &[
            "Block credential stuffing IPs",
            "Add role claims to tokens",
            "Require MFA for admins",
            "Geo-block sanctioned countries",
        ],
    ),
    (
        "pre-user-registration",
        &["Deny disposable email domains", "Validate signup metadata"],
    ),
    (
        "credentials-exchange",
        &["Tag M2M tokens with tenant", "Limit M2M scopes"],
    ),
];

const RUNS: [Run; 3] = [
    (
        "post-login",
        "final",
        &[
            ("Block credential stuffing IPs", 2, 3, None),
            ("Add role claims to tokens", 6, 11, None),
            ("Require MFA for admins", 18, 8, None),
            ("Geo-block sanctioned countries", 27, 5, None),
        ],
    ),
    (
        "pre-user-registration",
        "final",
        &[
            ("Deny disposable email domains", 2, 28, None),
            ("Validate signup metadata", 31, 5, None),
        ],
    ),
    (
        "credentials-exchange",
        "final",
        &[
            ("Tag M2M tokens with tenant", 3, 4, None),
            ("Limit M2M scopes", 8, 6, None),
        ],
    ),
];

/// Prod's tenant, from dev's.
pub(super) fn store(dev: &Store, started: DateTime<Utc>) -> Store {
    let modules: Vec<ModuleRec> = MODULES
        .iter()
        .map(|(name, published)| {
            let module = seeded(dev.modules.iter().find(|m| m.name == *name), "module");
            stage_module(module, *published)
        })
        .collect();
    let mut actions: Vec<ActionRec> = ACTIONS
        .iter()
        .map(|stage| {
            let action = seeded(dev.actions.iter().find(|a| a.name == stage.name), "action");
            let created = stamp(action.created_at, 72, &format!("{ID_PREFIX}{}", stage.name));
            stage_action(action, stage, dev, &modules, created)
        })
        .collect();
    // Built as dev would have built it, then given prod's ids and times like the others.
    let hotfix = build_action(0, &HOTFIX, &[], started);
    let whole = StageAction {
        name: HOTFIX.name,
        promoted: &[1, 2],
        ..SAME
    };
    actions.push(stage_action(&hotfix, &whole, dev, &modules, incident()));
    let mut store = Store {
        triggers: triggers(),
        actions,
        modules,
        executions: executions(
            &RUNS,
            &PROD_EXECUTION_IDS,
            stamp(incident(), 24 * 8, "prod"),
        ),
        ..Store::default()
    };
    build_bindings(&mut store, BINDINGS, ID_PREFIX);
    store
}

/// Prod's copy of a dev module: its first `published` versions under prod's ids, published days
/// after dev's; the draft is the last of them.
fn stage_module(dev: &ModuleRec, published: usize) -> ModuleRec {
    let key = |suffix: &str| format!("{ID_PREFIX}{}{suffix}", dev.name);
    let created = stamp(dev.created_at, 24 * 5, &key(""));
    let versions: Vec<ModuleVersionRec> = dev
        .versions
        .iter()
        .take(published)
        .enumerate()
        .map(|(k, v)| {
            let version_key = key(&format!("#{}", v.number));
            ModuleVersionRec {
                id: stable_uuid(&format!(
                    "{ID_PREFIX}module-version:{}#{}",
                    dev.name, v.number
                )),
                created_at: stamp(created, 6 + k as i64 * 40, &version_key),
                secrets: seeded_secrets(&names(&v.secrets), created),
                ..v.clone()
            }
        })
        .collect();
    let last = seeded(versions.last(), "published module version");
    ModuleRec {
        id: stable_uuid(&format!("{ID_PREFIX}module:{}", dev.name)),
        name: dev.name.clone(),
        code: last.code.clone(),
        dependencies: last.dependencies.clone(),
        secrets: seeded_secrets(&names(&dev.secrets), created),
        created_at: created,
        updated_at: last.created_at,
        versions,
    }
}

fn names(secrets: &[SecretRec]) -> Vec<&str> {
    secrets.iter().map(|s| s.name.as_str()).collect()
}

/// Prod's copy of a dev action created at `created`: the promoted versions, renumbered from 1, with
/// prod's values, settings and module pins; its draft is its live version.
fn stage_action(
    dev_action: &ActionRec,
    stage: &StageAction,
    dev: &Store,
    modules: &[ModuleRec],
    created: DateTime<Utc>,
) -> ActionRec {
    let name = &dev_action.name;
    let secret_names: Vec<&str> = match stage.secrets {
        Some(list) => list.to_vec(),
        None => names(&dev_action.secrets),
    };
    let secrets = seeded_secrets(&secret_names, created);
    let pins: Vec<ModulePin> = match stage.modules {
        Some(list) => list.iter().map(|(m, n)| pin(modules, m, *n)).collect(),
        None => dev_action
            .draft
            .modules
            .iter()
            .map(|p| {
                let module = seeded(dev.modules.iter().find(|m| m.id == p.module_id), "module");
                let version = seeded(module.version(&p.module_version_id), "module version");
                pin(modules, &module.name, version.number)
            })
            .collect(),
    };
    let versions: Vec<VersionRec> = stage
        .promoted
        .iter()
        .enumerate()
        .map(|(k, number)| {
            let source = seeded(
                dev_action.versions.iter().find(|v| v.number == *number),
                "promoted version",
            );
            let key = format!("{ID_PREFIX}{name}#{}", k + 1);
            // Promoted a day or more after dev deployed it.
            let created_at = stamp(created, 2 + i64::from(*number - 1) * 53 + 24, &key);
            let built_at = created_at
                + Duration::nanoseconds(83_000_000 + (hash64(&key, 3) % 90_000_000) as i64);
            let mut code = source.code.clone();
            for (from, to) in stage.values {
                code = code.replace(from, to);
            }
            VersionRec {
                id: stable_uuid(&format!("{ID_PREFIX}action-version:{key}")),
                number: k as u32 + 1,
                code,
                dependencies: with_versions(&source.dependencies, stage.deps),
                runtime: stage.runtime.unwrap_or(&source.runtime).to_string(),
                status: "built".to_string(),
                errors: vec![],
                modules: pins.clone(),
                secrets: secrets.clone(),
                created_at,
                built_at,
                updated_at: built_at + Duration::nanoseconds((hash64(&key, 4) % 900_000) as i64),
                build: None,
            }
        })
        .collect();
    let live = seeded(versions.last(), "promoted version");
    ActionRec {
        id: stable_uuid(&format!("{ID_PREFIX}action:{name}")),
        name: name.clone(),
        trigger_id: dev_action.trigger_id.clone(),
        trigger_version: dev_action.trigger_version.clone(),
        secrets,
        draft: DraftRec {
            code: live.code.clone(),
            dependencies: live.dependencies.clone(),
            runtime: live.runtime.clone(),
            modules: pins,
            build: Build::done(live.updated_at),
        },
        deploy: Some(DeployRec {
            number: live.number,
            live_at: live.updated_at,
            replaces: live.number.checked_sub(1).filter(|&n| n > 0),
        }),
        updated_at: live.updated_at,
        created_at: created,
        versions,
    }
}

/// Prod's pin of version `number` of the module `name`.
fn pin(modules: &[ModuleRec], name: &str, number: u32) -> ModulePin {
    let module = seeded(modules.iter().find(|m| m.name == name), "prod module");
    let version = seeded(
        module.versions.iter().find(|v| v.number == number),
        "prod module version",
    );
    ModulePin {
        module_id: module.id.clone(),
        module_version_id: version.id.clone(),
    }
}

/// `deps` with the versions in `set` (by name).
fn with_versions(deps: &[Dep], set: &[(&str, &str)]) -> Vec<Dep> {
    deps.iter()
        .map(|d| Dep {
            name: d.name.clone(),
            version: set
                .iter()
                .find(|(name, _)| *name == d.name)
                .map_or_else(|| d.version.clone(), |(_, v)| (*v).to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{demo, demo_prod};
    use super::*;

    #[test]
    fn prod_is_deterministic_and_its_ids_are_its_own() {
        let now = Utc::now();
        let (a, b, dev) = (demo_prod(now), demo_prod(now), demo(now));
        let render = |s: &Store| {
            s.actions
                .iter()
                .map(|x| serde_json::to_string(&s.action_json(x, now)).unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(render(&a), render(&b));
        let ids = |s: &Store| {
            let mut ids: Vec<String> = s.actions.iter().map(|x| x.id.clone()).collect();
            ids.extend(s.modules.iter().map(|m| m.id.clone()));
            ids.extend(s.bindings.values().flatten().map(|b| b.id.clone()));
            ids
        };
        let dev_ids = ids(&dev);
        assert!(ids(&a).iter().all(|id| !dev_ids.contains(id)));
    }

    #[test]
    fn prod_versions_are_fewer_and_later_and_every_draft_is_live() {
        let now = Utc::now();
        let (prod, dev) = (demo_prod(now), demo(now));
        for action in &prod.actions {
            assert!(action.all_changes_deployed(now), "{}", action.name);
            let Some(twin) = dev.actions.iter().find(|d| d.name == action.name) else {
                continue;
            };
            assert!(
                action.versions.len() < twin.versions.len(),
                "{}",
                action.name
            );
            assert!(action.created_at > twin.created_at, "{}", action.name);
            for pair in action.versions.windows(2) {
                assert!(pair[0].created_at < pair[1].created_at, "{}", action.name);
            }
        }
    }

    #[test]
    fn the_mapping_makes_twilio_equal() {
        let now = Utc::now();
        let (prod, dev) = (demo_prod(now), demo(now));
        let live = |s: &Store| {
            let a = s
                .actions
                .iter()
                .find(|a| a.name == "Send SMS via Twilio")
                .unwrap();
            a.live(now).unwrap().code.clone()
        };
        let mut mapped = live(&dev);
        for (from, to) in DEMO_PROD_REPLACE {
            mapped = mapped.replace(from, to);
        }
        assert_ne!(live(&dev), live(&prod));
        assert_eq!(mapped, live(&prod));
    }
}

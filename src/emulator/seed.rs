//! The demo tenant: realistic actions, versions, modules, bindings and executions.
//! Fully deterministic (ids and timestamps derive from names), so snapshots stay stable.
//! Version histories are a base script plus a scripted sequence of edits, the way real edits look.
//! The name-derived ids, stamps and histories are in `determinism`, the trigger catalog in `triggers`.

mod determinism;
mod history;
mod prod;
mod triggers;

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::store::{
    ActionRec, BindingRec, Build, BuildErr, DeployRec, DraftRec, ExecutionRec, ExecutionResultRec,
    ModulePin, ModuleRec, ModuleVersionRec, SecretRec, Store, VersionRec,
};
pub use determinism::stable_uuid;
use determinism::{bump, hash64, SplitMix};
pub(super) use determinism::{edit, evolve, seeded, stamp, Edit};
pub use history::{dashboard_user, deploy_cli, BAD_ACTION, BAD_ERROR};
pub use prod::{DEMO_PROD_REPLACE, PROD_EXECUTION_IDS};
pub use triggers::triggers;

/// How long the demo's one in-flight draft build ("Progressive profiling") keeps `building` from the
/// moment the emulator starts. Longer than a real build on purpose: the demo should show an action `building`
/// when it opens, then `built` after a refresh — whatever `build_duration` new builds use.
pub const DEMO_BUILD: std::time::Duration = std::time::Duration::from_secs(20);

fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 9, 1, 8, 0, 0).unwrap()
}

#[derive(Clone, Copy)]
enum DraftState {
    Built,
    Building,
    Failed(&'static str),
}

struct ActionSpec {
    name: &'static str,
    trigger: (&'static str, &'static str),
    runtime: &'static str,
    code: &'static str,
    deps: &'static [(&'static str, &'static str)],
    secrets: &'static [&'static str],
    /// (module name, pinned published version number)
    modules: &'static [(&'static str, u32)],
    edits: &'static [Edit],
    /// How many of the snapshots were deployed (each deploy is a version); 0 = never deployed.
    /// Equal to `edits.len() + 1` when the draft is live, `edits.len()` when the draft is ahead.
    deployed: usize,
    draft: DraftState,
}

struct ModuleSpec {
    name: &'static str,
    code: &'static str,
    deps: &'static [(&'static str, &'static str)],
    secrets: &'static [&'static str],
    edits: &'static [Edit],
    published: usize,
}

const DENY_LIST_MARKER: &str = "/*__DENY_LIST__*/";

const MODULES: &[ModuleSpec] = &[
    ModuleSpec {
        name: "http-helpers",
        code: include_str!("seed/mod-http-helpers.js"),
        deps: &[("p-retry", "6.2.0")],
        secrets: &["OUTBOUND_PROXY_TOKEN"],
        edits: &[
            edit(&[("const RETRYABLE = [429, 502, 503];", "const RETRYABLE = [429, 500, 502, 503, 504];")]),
            edit(&[("  return res.json();", "  if (!res.ok) {\n    throw new Error(`POST ${url} failed with ${res.status}`);\n  }\n  return res.json();")]),
            edit(&[("  return RETRYABLE.includes(status);", "  return status === undefined || RETRYABLE.includes(status);")]),
        ],
        published: 4,
    },
    ModuleSpec {
        name: "claims-utils",
        code: include_str!("seed/mod-claims-utils.js"),
        deps: &[],
        secrets: &[],
        edits: &[
            edit(&[("'https://example.com/claims';", "'https://claims.example.com';")]),
            edit(&[("module.exports = { claimName, setBoth };", "function clearClaim(api, name) {\n  api.accessToken.setCustomClaim(claimName(name), undefined);\n}\n\nmodule.exports = { claimName, setBoth, clearClaim };")]),
        ],
        published: 2,
    },
    ModuleSpec {
        name: "deny-lists",
        code: include_str!("seed/mod-deny-lists.js"),
        deps: &[],
        secrets: &[],
        edits: &[
            edit(&[("['mailinator.com', 'guerrillamail.com']", "['mailinator.com', 'guerrillamail.com', 'yopmail.com']")]),
            edit(&[("['.zip', '.mov']", "['.zip', '.mov', '.xyz']")]),
        ],
        published: 3,
    },
];

const ACTIONS: &[ActionSpec] = &[
    ActionSpec {
        name: "Add role claims to tokens",
        trigger: ("post-login", "v3"),
        runtime: "node22",
        code: include_str!("seed/add-role-claims.js"),
        deps: &[],
        secrets: &[],
        modules: &[("claims-utils", 1)],
        edits: &[
            edit(&[("const NAMESPACE = 'https://example.com/claims';", "const NAMESPACE = 'https://claims.example.com';")]),
            edit(&[("  const roles = event.authorization ? event.authorization.roles : [];", "  if (!event.authorization) {\n    return;\n  }\n  const roles = event.authorization.roles;")]),
            edit(&[("  console.log(`adding ${roles.length} roles for ${event.user.user_id}`);\n", "")]),
            edit(&[
                ("  const email = event.user.email || '';\n  api.idToken.setCustomClaim(`${NAMESPACE}/email_domain`, email.split('@')[1] || null);", "  api.idToken.setCustomClaim(`${NAMESPACE}/email_domain`, emailDomain(event.user));"),
                ("exports.onExecutePostLogin", "function emailDomain(user) {\n  const email = user.email || '';\n  return email.split('@')[1] || null;\n}\n\nexports.onExecutePostLogin"),
            ]),
        ],
        deployed: 5,
        draft: DraftState::Built,
    },
    ActionSpec {
        name: "Require MFA for admins",
        trigger: ("post-login", "v3"),
        runtime: "node22",
        code: include_str!("seed/require-mfa-admins.js"),
        deps: &[],
        secrets: &[],
        modules: &[],
        edits: &[
            edit(&[("const REMEMBER_BROWSER_DAYS = 30;", "const REMEMBER_BROWSER_DAYS = 7;")]),
            edit(&[("['admin', 'owner']", "['admin', 'owner', 'billing-admin']")]),
            edit(&[("  console.log(`admin login, enrolled factors: ${enrolled.join(',')}`);\n", "")]),
            edit(&[("  api.multifactor.enable('any', {", "  if (event.authentication && event.authentication.methods.some((m) => m.name === 'mfa')) {\n    return;\n  }\n  api.multifactor.enable('any', {")]),
        ],
        deployed: 4,
        draft: DraftState::Built,
    },
    ActionSpec {
        name: "Geo-block sanctioned countries",
        trigger: ("post-login", "v3"),
        runtime: "node18-actions",
        code: include_str!("seed/geo-block.js"),
        deps: &[("ip-range-check", "0.2.0"), ("axios", "1.6.8")],
        secrets: &["SIEM_WEBHOOK_URL"],
        modules: &[],
        edits: &[
            edit(&[("['KP', 'IR', 'SY', 'CU']", "['KP', 'IR', 'SY', 'CU', 'RU']")]),
            edit(&[("    console.log('no geolocation for request, allowing');\n", "")]),
        ],
        deployed: 3,
        draft: DraftState::Built,
    },
    ActionSpec {
        name: "Progressive profiling",
        trigger: ("post-login", "v3"),
        runtime: "node22",
        code: include_str!("seed/progressive-profiling.js"),
        deps: &[],
        secrets: &["PROFILE_TOKEN_SECRET"],
        modules: &[],
        edits: &[
            edit(&[("MIN_LOGINS_BEFORE_ASKING = 3;", "MIN_LOGINS_BEFORE_ASKING = 2;")]),
            edit(&[("'family_name', 'company'];", "'family_name', 'company', 'job_title'];")]),
            edit(&[("  console.log(`asking ${event.user.user_id} for ${missing.join(', ')}`);\n", "")]),
            edit(&[("'https://example.com/profile/complete'", "'https://account.example.com/profile/complete'")]),
            edit(&[("  if (event.stats.logins_count < MIN_LOGINS_BEFORE_ASKING) {", "  if (event.client.metadata.skip_profiling === 'true') {\n    return;\n  }\n  if (event.stats.logins_count < MIN_LOGINS_BEFORE_ASKING) {")]),
            edit(&[("MIN_LOGINS_BEFORE_ASKING = 2;", "MIN_LOGINS_BEFORE_ASKING = 4;")]),
        ],
        deployed: 6,
        draft: DraftState::Building,
    },
    ActionSpec {
        name: "Notify Slack on signup",
        trigger: ("post-user-registration", "v2"),
        runtime: "node22",
        code: include_str!("seed/slack-signup.js"),
        deps: &[("axios", "1.6.0")],
        secrets: &["SLACK_WEBHOOK_URL"],
        modules: &[("http-helpers", 2)],
        edits: &[
            bump(("axios", "1.6.2"), &[("const TIMEOUT_MS = 3000;", "const TIMEOUT_MS = 5000;")]),
            edit(&[("const CHANNEL = '#signups';", "const CHANNEL = '#growth-signups';")]),
            edit(&[("  const user = event.user;\n", "  const user = event.user;\n  if (user.email && user.email.endsWith('@example.com')) {\n    return; // staff test accounts\n  }\n")]),
            bump(("axios", "1.7.2"), &[(":tada: New signup", ":wave: New signup")]),
            edit(&[("    console.log(`notified ${CHANNEL} about ${user.user_id}`);\n", "")]),
            edit(&[
                ("    await axios.post(event.secrets.SLACK_WEBHOOK_URL, {\n      channel: CHANNEL,\n      text,\n    }, { timeout: TIMEOUT_MS });", "    await postToSlack(event.secrets.SLACK_WEBHOOK_URL, text);"),
                ("exports.onExecutePostUserRegistration", "function postToSlack(url, text) {\n  return axios.post(url, { channel: CHANNEL, text }, { timeout: TIMEOUT_MS });\n}\n\nexports.onExecutePostUserRegistration"),
            ]),
        ],
        deployed: 7,
        draft: DraftState::Built,
    },
    ActionSpec {
        name: "Deny disposable email domains",
        trigger: ("pre-user-registration", "v2"),
        runtime: "node22",
        code: include_str!("seed/deny-disposable.js"),
        deps: &[],
        secrets: &[],
        modules: &[("deny-lists", 3)],
        edits: &[
            edit(&[("new Set([\n", "new Set([\n  'throwaway.email',\n")]),
            edit(&[("'Please sign up with a permanent email address.'", "'Please use a work or personal email address that you own.'")]),
            edit(&[("    console.log(`denied disposable domain ${domain}`);\n", "")]),
        ],
        deployed: 4,
        draft: DraftState::Built,
    },
    ActionSpec {
        name: "Validate signup metadata",
        trigger: ("pre-user-registration", "v2"),
        runtime: "node22",
        code: include_str!("seed/validate-signup-metadata.js"),
        deps: &[],
        secrets: &[],
        modules: &[],
        edits: &[
            edit(&[("MAX_NICKNAME_LENGTH = 32;", "MAX_NICKNAME_LENGTH = 40;")]),
            edit(&[("['free', 'team', 'enterprise']", "['free', 'starter', 'team', 'enterprise']")]),
            bump(("validator-extras", "^2.0.0"), &[("const MAX_NICKNAME_LENGTH", "const { isEmail } = require('validator-extras');\nconst MAX_NICKNAME_LENGTH")]),
        ],
        deployed: 3,
        draft: DraftState::Failed("npm ERR! code E404\nnpm ERR! 404 Not Found - GET https://registry.npmjs.org/validator-extras - Not found"),
    },
    ActionSpec {
        name: "Limit M2M scopes",
        trigger: ("credentials-exchange", "v2"),
        runtime: "node22",
        code: include_str!("seed/limit-m2m-scopes.js"),
        deps: &[],
        secrets: &[],
        modules: &[],
        edits: &[
            edit(&[("  'billing-worker': ['read:invoices', 'write:invoices'],\n", "  'billing-worker': ['read:invoices', 'write:invoices'],\n  'search-indexer': ['read:catalog'],\n")]),
            edit(&[("const DEFAULT_SCOPES = ['read:public'];", "const DEFAULT_SCOPES = [];")]),
            edit(&[("    console.log(`client ${clientName} asked for ${denied.join(' ')}`);\n", "")]),
            edit(&[("const clientName = event.client.name;", "const clientName = event.client.metadata.service_name || event.client.name;")]),
            edit(&[("'reporting-service': ['read:reports'],", "'reporting-service': ['read:reports', 'read:exports'],")]),
            edit(&[("  api.accessToken.setCustomClaim('https://example.com/client', clientName);\n", "  api.accessToken.setCustomClaim('https://example.com/client', clientName);\n  api.accessToken.setCustomClaim('https://example.com/scopes_checked', true);\n")]),
            edit(&[("const DEFAULT_SCOPES = [];", "const DEFAULT_SCOPES = ['read:status'];")]),
        ],
        deployed: 8,
        draft: DraftState::Built,
    },
    ActionSpec {
        name: "Tag M2M tokens with tenant",
        trigger: ("credentials-exchange", "v2"),
        runtime: "node22",
        code: include_str!("seed/tag-m2m-tenant.js"),
        deps: &[],
        secrets: &[],
        modules: &[],
        edits: &[
            edit(&[("'https://example.com/tenant';", "'https://example.com/tenant_id';")]),
            edit(&[("    api.access.deny('invalid_request',", "    console.log(`client ${event.client.client_id} has no tenant`);\n    api.access.deny('invalid_request',")]),
            edit(&[("  api.accessToken.setCustomClaim(CLAIM, tenant);\n", "  api.accessToken.setCustomClaim(CLAIM, tenant);\n  api.accessToken.setCustomClaim('https://example.com/tier', metadata.tier || 'standard');\n")]),
        ],
        deployed: 3,
        draft: DraftState::Built,
    },
    ActionSpec {
        name: "Send SMS via Twilio",
        trigger: ("send-phone-message", "v2"),
        runtime: "node22",
        code: include_str!("seed/twilio-sms.js"),
        deps: &[("twilio", "4.19.0")],
        secrets: &["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"],
        modules: &[("http-helpers", 4)],
        edits: &[
            edit(&[("const TIMEOUT_MS = 4000;", "const TIMEOUT_MS = 5000;")]),
            bump(("twilio", "4.20.0"), &[("const MAX_ATTEMPTS = 2;", "const MAX_ATTEMPTS = 3;")]),
            edit(&[
                ("const FROM_NUMBER = '+15005550006';", "const FALLBACK_FROM = '+15005550006';"),
                ("from: FROM_NUMBER", "from: event.secrets.TWILIO_FROM || FALLBACK_FROM"),
            ]),
            edit(&[("      console.log(`sms ${message.sid} queued on attempt ${attempt}`);\n", "")]),
            edit(&[("const TIMEOUT_MS = 5000;", "const TIMEOUT_MS = 8000;")]),
            bump(("twilio", "5.0.1"), &[("const twilio = require('twilio');\n", "const twilio = require('twilio');\n\n// twilio 5 dropped callbacks: everything below is promise based.\n")]),
            edit(&[("  const { recipient, text } = event.message_options;\n", "  const { recipient, text } = event.message_options;\n  if (!recipient.startsWith('+')) {\n    throw new Error(`recipient is not E.164: ${recipient}`);\n  }\n")]),
            edit(&[("`twilio error ${err.code}: ${err.message}`", "`twilio error ${err.code} on attempt ${attempt}`")]),
            bump(("twilio", "5.3.0"), &[("const MAX_ATTEMPTS = 3;", "const MAX_ATTEMPTS = 2;")]),
        ],
        deployed: 10,
        draft: DraftState::Built,
    },
    ActionSpec {
        name: "Audit password changes",
        trigger: ("post-change-password", "v2"),
        runtime: "node22",
        code: include_str!("seed/audit-password-change.js"),
        deps: &[("axios", "1.6.8")],
        secrets: &["AUDIT_API_KEY"],
        modules: &[],
        edits: &[
            edit(&[("    at: new Date().toISOString(),\n", "    at: new Date().toISOString(),\n    user_agent: event.request.user_agent,\n")]),
            edit(&[("  console.log(`audit: password change for ${event.user.user_id}`);\n", "")]),
            bump(("axios", "1.7.4"), &[("https://audit.example.com/v1/events", "https://audit.example.com/v2/events")]),
        ],
        deployed: 4,
        draft: DraftState::Built,
    },
    ActionSpec {
        name: "Block legacy user agents",
        trigger: ("post-login", "v3"),
        runtime: "node22",
        code: include_str!("seed/block-legacy-agents.js"),
        deps: &[],
        secrets: &[],
        modules: &[],
        edits: &[],
        deployed: 0,
        draft: DraftState::Built,
    },
];

/// Bindings per trigger in execution order, by action name.
const BINDINGS: &[(&str, &[&str])] = &[
    (
        "post-login",
        &[
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
        &["Limit M2M scopes", "Tag M2M tokens with tenant"],
    ),
];

/// Only the triggers: a fresh tenant.
pub fn empty() -> Store {
    Store {
        triggers: triggers(),
        ..Store::default()
    }
}

/// A few thousand plausible throwaway-mail domains, sorted, as JS string lines (~100 KB).
fn disposable_domain_lines() -> String {
    const SYLLABLES: &[&str] = &[
        "ka", "zo", "mi", "tra", "qu", "ex", "vo", "lin", "dro", "pi", "sna", "fy", "ru", "te",
        "bo", "xi",
    ];
    const WORDS: &[&str] = &[
        "mail", "inbox", "temp", "drop", "box", "burn", "trash", "spam", "fake", "quick",
    ];
    const TLDS: &[&str] = &["com", "net", "org", "xyz", "io", "email", "top", "site"];
    let mut rng = SplitMix(0x00c0_dede_c4d0_0001);
    let mut domains = BTreeSet::new();
    while domains.len() < 5200 {
        let prefix: String = (0..=rng.below(2))
            .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
            .collect();
        let word = WORDS[rng.below(WORDS.len())];
        let digits = if rng.below(4) == 0 {
            format!("{}", rng.below(100))
        } else {
            String::new()
        };
        let tld = TLDS[rng.below(TLDS.len())];
        domains.insert(format!("{prefix}{word}{digits}.{tld}"));
    }
    domains.iter().map(|d| format!("  '{d}',\n")).collect()
}

/// Secret names (values never exist in the emulator), set one hour after creation.
fn seeded_secrets(names: &[&str], created: DateTime<Utc>) -> Vec<SecretRec> {
    names
        .iter()
        .map(|name| SecretRec {
            name: name.to_string(),
            updated_at: stamp(created, 1, name),
        })
        .collect()
}

fn build_modules() -> Vec<ModuleRec> {
    MODULES
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let created = stamp(epoch(), i as i64 * 30, spec.name);
            let snapshots = evolve(spec.name, spec.code, spec.deps, spec.edits);
            let versions: Vec<ModuleVersionRec> = snapshots
                .iter()
                .take(spec.published)
                .enumerate()
                .map(|(k, (code, deps))| {
                    let key = format!("{}#{}", spec.name, k + 1);
                    ModuleVersionRec {
                        id: stable_uuid(&format!("module-version:{key}")),
                        number: k as u32 + 1,
                        code: code.clone(),
                        dependencies: deps.clone(),
                        secrets: seeded_secrets(spec.secrets, created),
                        created_at: stamp(created, k as i64 * 40, &key),
                    }
                })
                .collect();
            let (code, deps) = seeded(snapshots.last().cloned(), "base version");
            let updated = stamp(created, snapshots.len() as i64 * 40, spec.name);
            ModuleRec {
                id: stable_uuid(&format!("module:{}", spec.name)),
                name: spec.name.to_string(),
                code,
                dependencies: deps,
                secrets: seeded_secrets(spec.secrets, created),
                versions,
                created_at: created,
                updated_at: updated,
            }
        })
        .collect()
}

fn build_action(
    index: usize,
    spec: &ActionSpec,
    modules: &[ModuleRec],
    started: DateTime<Utc>,
) -> ActionRec {
    let base_code = spec
        .code
        .replace(&format!("{DENY_LIST_MARKER}\n"), &disposable_domain_lines());
    let snapshots = evolve(spec.name, &base_code, spec.deps, spec.edits);
    assert!(
        spec.deployed == snapshots.len() || spec.deployed + 1 == snapshots.len(),
        "seed action {}: deployed count must leave the draft live or one edit ahead",
        spec.name
    );
    let created = stamp(epoch() + Duration::days(60), index as i64 * 70, spec.name);
    let pins: Vec<ModulePin> = spec
        .modules
        .iter()
        .map(|(name, number)| {
            let module = seeded(modules.iter().find(|m| m.name == *name), "module");
            let version = seeded(
                module.versions.iter().find(|v| v.number == *number),
                "module version",
            );
            ModulePin {
                module_id: module.id.clone(),
                module_version_id: version.id.clone(),
            }
        })
        .collect();
    let version = |k: usize, status: &str, errors: Vec<BuildErr>| {
        let (code, deps) = &snapshots[k];
        let key = format!("{}#{}", spec.name, k + 1);
        let created_at = stamp(created, 2 + k as i64 * 53, &key);
        let built_at =
            created_at + Duration::nanoseconds(83_000_000 + (hash64(&key, 3) % 90_000_000) as i64);
        VersionRec {
            id: stable_uuid(&format!("action-version:{key}")),
            number: k as u32 + 1,
            code: code.clone(),
            dependencies: deps.clone(),
            runtime: spec.runtime.to_string(),
            status: status.to_string(),
            errors,
            modules: pins.clone(),
            secrets: seeded_secrets(spec.secrets, created),
            created_at,
            built_at,
            updated_at: built_at + Duration::nanoseconds((hash64(&key, 4) % 900_000) as i64),
            build: None,
        }
    };
    let mut versions: Vec<VersionRec> = (0..spec.deployed)
        .map(|k| version(k, "built", vec![]))
        .collect();
    let failure = match spec.draft {
        DraftState::Failed(msg) => Some(BuildErr {
            id: "dependency_install_failed".into(),
            msg: msg.into(),
            url: None,
        }),
        _ => None,
    };
    if let Some(error) = &failure {
        // The draft was deployed and its build failed: a newer version that never went live.
        versions.push(version(snapshots.len() - 1, "failed", vec![error.clone()]));
    }
    let (code, deps) = seeded(snapshots.last().cloned(), "base version");
    let updated_at = match versions.last() {
        Some(v) if versions.len() == snapshots.len() => v.updated_at,
        _ => stamp(created, 2 + snapshots.len() as i64 * 53, spec.name),
    };
    let build = match spec.draft {
        // In flight when the emulator starts, so the demo opens with it building.
        DraftState::Building => Build::building_until(started, DEMO_BUILD),
        _ => Build {
            errors: failure.into_iter().collect(),
            ..Build::done(updated_at)
        },
    };
    let secrets = seeded_secrets(spec.secrets, created);
    ActionRec {
        id: stable_uuid(&format!("action:{}", spec.name)),
        name: spec.name.to_string(),
        trigger_id: spec.trigger.0.to_string(),
        trigger_version: spec.trigger.1.to_string(),
        secrets,
        draft: DraftRec {
            code,
            dependencies: deps,
            runtime: spec.runtime.to_string(),
            modules: pins,
            build,
        },
        deploy: (spec.deployed > 0).then(|| DeployRec {
            number: spec.deployed as u32,
            live_at: versions[spec.deployed - 1].updated_at,
            replaces: spec
                .deployed
                .checked_sub(1)
                .filter(|&n| n > 0)
                .map(|n| n as u32),
        }),
        versions,
        created_at: created,
        updated_at,
    }
}

/// Binds the actions of `table` (by name) in order; binding ids derive from `id_prefix`, the trigger
/// and the name.
fn build_bindings(store: &mut Store, table: &[(&str, &[&str])], id_prefix: &str) {
    for (trigger_id, names) in table {
        let bindings = names
            .iter()
            .map(|name| {
                let action = seeded(store.actions.iter().find(|a| a.name == *name), "action");
                let live = seeded(action.deployed(), "deployed action");
                let at = stamp(live.updated_at, 1, name);
                BindingRec {
                    id: stable_uuid(&format!("{id_prefix}binding:{trigger_id}:{name}")),
                    action_id: action.id.clone(),
                    display_name: name.to_string(),
                    created_at: at,
                    updated_at: at,
                }
            })
            .collect();
        store.bindings.insert(trigger_id.to_string(), bindings);
    }
}

/// Seeded execution ids, for tests and the demo.
pub const EXECUTION_IDS: [&str; 3] = [
    "00000000000000000000000000000000000000000000000000000000000f4e31",
    "00000000000000000000000000000000000000000000000000000000000f4e32",
    "00000000000000000000000000000000000000000000000000000000000f4e33",
];

/// One seeded action result: (action, start offset ms, duration ms, error).
type RunResult = (&'static str, i64, i64, Option<&'static str>);
/// One seeded execution: (trigger, status, results).
type Run = (&'static str, &'static str, &'static [RunResult]);

const RUNS: [Run; 3] = [
    (
        "post-login",
        "final",
        &[
            ("Add role claims to tokens", 3, 12, None),
            ("Require MFA for admins", 16, 9, None),
            ("Geo-block sanctioned countries", 27, 4, None),
        ],
    ),
    (
        "pre-user-registration",
        "final",
        &[
            ("Deny disposable email domains", 2, 31, None),
            ("Validate signup metadata", 35, 6, None),
        ],
    ),
    (
        "credentials-exchange",
        "partial",
        &[
            ("Limit M2M scopes", 4, 7, None),
            (
                "Tag M2M tokens with tenant",
                13,
                3,
                Some("TypeError: Cannot read properties of undefined (reading 'tenant_id')"),
            ),
        ],
    ),
];

fn build_executions() -> Vec<ExecutionRec> {
    let day = Utc.with_ymd_and_hms(2026, 11, 20, 14, 3, 11).unwrap();
    executions(&RUNS, &EXECUTION_IDS, day)
}

/// The executions of `runs`, with these ids, a few hours apart from `day`.
fn executions(runs: &[Run], ids: &[&str], day: DateTime<Utc>) -> Vec<ExecutionRec> {
    runs.iter()
        .zip(ids)
        .enumerate()
        .map(|(i, ((trigger, status, results), id))| {
            let created = stamp(day, i as i64 * 3, id);
            let results: Vec<ExecutionResultRec> = results
                .iter()
                .map(|(name, start_ms, took_ms, error)| {
                    let started = created + Duration::milliseconds(*start_ms);
                    ExecutionResultRec {
                        action_name: name.to_string(),
                        error: error.map(|msg| BuildErr {
                            id: "action_error".into(),
                            msg: msg.into(),
                            url: None,
                        }),
                        started_at: started,
                        ended_at: started + Duration::milliseconds(*took_ms),
                    }
                })
                .collect();
            ExecutionRec {
                id: id.to_string(),
                trigger_id: trigger.to_string(),
                status: status.to_string(),
                updated_at: results.last().map_or(created, |r| r.ended_at),
                created_at: created,
                results,
                kept_until: None,
            }
        })
        .collect()
}

/// The production stage of the demo (`demo-prod`; `demo-dev` is [`demo`]): what was promoted is a
/// subset of dev's deployed versions (prod has fewer versions, deployed days later), under prod's own
/// ids (they derive from `demo-prod:` and the name); every draft is its live version. Against dev,
/// comparing what is live:
/// - actions the same: "Notify Slack on signup", "Validate signup metadata", "Limit M2M scopes",
///   "Tag M2M tokens with tenant" (dev's drafts of some are ahead; their live versions are equal);
/// - code differs: "Progressive profiling" (prod is at dev's v5: the `skip_profiling` client
///   metadata opt-out of dev's v6 was never promoted);
/// - code and module pins differ: "Add role claims to tokens" (the `claims-utils` module was never
///   promoted: prod's action does not require it and pins nothing; dev pins claims-utils v1);
/// - dependencies differ: "Geo-block sanctioned countries" (axios 1.7.7 in prod, patched there;
///   1.6.8 in dev);
/// - runtime and code differ: "Require MFA for admins" (`node18-actions` in prod, `node22` in dev;
///   prod runs dev's v3: dev's v4, the bad deploy of half an hour ago, was never promoted);
/// - secret names differ: "Audit password changes" (prod: `AUDIT_API_KEY`,
///   `AUDIT_API_KEY_PREVIOUS`, left from a key rotation; dev: `AUDIT_API_KEY`);
/// - module pin differs: "Deny disposable email domains" pins deny-lists v2 in prod, v3 in dev (v3
///   is missing in prod: a promote refuses until the module is promoted);
/// - the same after mapping ([`DEMO_PROD_REPLACE`]: `+15005550006` = `+14155550142`): "Send SMS
///   via Twilio" (dev sends from Twilio's test number, prod from its own);
/// - only in dev: "Block legacy user agents" (never deployed in dev either);
/// - only in prod: "Block credential stuffing IPs" (a post-login hotfix, 2 versions);
/// - flows: post-login differs (prod runs the hotfix first, then dev's three in dev's order);
///   credentials-exchange differs in order only ("Tag M2M tokens with tenant" before "Limit M2M
///   scopes" in prod); pre-user-registration is the same;
/// - modules: `http-helpers` the same (v1–v4); `deny-lists` differs (prod published v1–v2, dev
///   v1–v3: `.xyz` in the suspicious TLDs); `claims-utils` only in dev;
/// - executions: three of its own ([`PROD_EXECUTION_IDS`]).
pub fn demo_prod(started: DateTime<Utc>) -> Store {
    prod::store(&demo(started), started)
}

/// The demo tenant, for an emulator starting at `started` (when its one in-flight build began).
pub fn demo(started: DateTime<Utc>) -> Store {
    let modules = build_modules();
    let actions = ACTIONS
        .iter()
        .enumerate()
        .map(|(i, spec)| build_action(i, spec, &modules, started))
        .collect();
    let mut store = Store {
        triggers: triggers(),
        actions,
        modules,
        executions: build_executions(),
        ..Store::default()
    };
    build_bindings(&mut store, BINDINGS, "");
    history::seed(&mut store, started);
    store
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_is_deterministic() {
        let now = Utc::now();
        let a = demo(now);
        let b = demo(now);
        let ids = |s: &Store| s.actions.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        assert_eq!(
            serde_json::to_string(&a.action_json(&a.actions[5], now)).unwrap(),
            serde_json::to_string(&b.action_json(&b.actions[5], now)).unwrap()
        );
    }

    #[test]
    fn stable_uuid_has_uuid_shape() {
        let id = stable_uuid("x");
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_ne!(stable_uuid("x"), stable_uuid("y"));
    }

    #[test]
    fn draft_states_are_mixed() {
        let started = Utc::now();
        let store = demo(started);
        let count_at = |at: DateTime<Utc>, s: &str| {
            store
                .actions
                .iter()
                .filter(|a| a.draft.build.status(at) == s)
                .count()
        };
        let status = |s: &str| count_at(started, s);
        assert_eq!(status("failed"), 1);
        assert_eq!(status("building"), 1);
        assert_eq!(
            store
                .actions
                .iter()
                .filter(|a| a.deployed().is_none())
                .count(),
            1
        );
        assert!(
            store
                .actions
                .iter()
                .filter(|a| a.deployed().is_some() && !a.all_changes_deployed(started))
                .count()
                >= 2
        );
        assert!(store.modules.iter().any(|m| !m.all_changes_published()));
        let later = started + Duration::from_std(DEMO_BUILD).unwrap();
        assert_eq!(count_at(later, "building"), 0, "the demo build finishes");
        assert_eq!(count_at(later, "failed"), 1, "the failed one stays failed");
    }
}

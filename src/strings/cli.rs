//! Words printed by the non-interactive commands. Those of bindings, packages and authoring are in
//! their own files below `cli/`; every one is reachable as `strings::cli::…`.

mod authoring;
mod bindings;
mod packages;

pub use authoring::*;
pub use bindings::*;
pub use packages::*;

pub const ABOUT: &str =
    "A keyboard-driven terminal dashboard for Auth0 Actions, Actions Modules and FairCom code \
    packages: see what is live, browse versions, put a good one back, run it all offline on an \
    embedded demo.";
pub const DEMO_LABEL: &str = "demo tenant";
pub const DEMO_FAIRCOM_LABEL: &str = "demo server";
pub const NEEDS_TERMINAL: &str =
    "the dashboard needs a terminal; in scripts use a command such as \
    `codedeck actions list --json` (see `codedeck --help`)";
pub const NEVER: &str = "—";
pub const NONE: &str = "(none)";
pub const DRAFT_DIFFERS: &str = "differs from live";
pub const DRAFT_SAME: &str = "same as live";
pub const DRAFT_UNPUBLISHED: &str = "unpublished changes";
pub const DRAFT_PUBLISHED: &str = "published";
pub const ENTITY_BOUND: &str = "entity-bound";
pub const TRIGGER_BOUND: &str = "trigger-bound";

pub fn no_such(kind: &str, key: &str) -> String {
    format!("no {kind} with the name or id `{key}`")
}

pub fn entity_bound(trigger: &str) -> String {
    format!("{trigger} is entity-bound: Auth0 manages its bindings, there is no order to list")
}

pub fn no_bindings(trigger: &str) -> String {
    format!("no actions are bound to {trigger}")
}

pub fn emulator_banner(
    url: &str,
    token: &str,
    client_id: &str,
    client_secret: &str,
    faircom_user: &str,
    faircom_password: &str,
    dashboard_token: &str,
) -> String {
    format!(
        "codedeck emulator listening on {url}\n\
         Management API: {url}/api/v2  (Authorization: Bearer {token})\n\
         a Dashboard user's token (her changes are logged as Alice's): Bearer {dashboard_token}\n\
         token endpoint: {url}/oauth/token  (client_id {client_id}, client_secret {client_secret})\n\
         connect: AUTH0_DOMAIN={url} AUTH0_API_TOKEN={token} codedeck\n\
         FairCom JSON API: {url}/api  (createSession username {faircom_user}, password {faircom_password})\n\
         connect: FAIRCOM_URL={url}/api FAIRCOM_USERNAME={faircom_user} FAIRCOM_PASSWORD={faircom_password} codedeck\n\
         Ctrl-C stops it."
    )
}

// Versions and diffs
pub const DRAFT_LABEL: &str = "draft";

pub fn live_label(number: u32) -> String {
    format!("v{number} (live)")
}

pub fn latest_label(number: u32) -> String {
    format!("v{number} (latest)")
}

pub fn bad_version_spec(given: &str) -> String {
    format!("`{given}` is not a version: give a version number (3 or v3), `draft` or `live`")
}

/// Where only a number will do (`--to`).
pub fn bad_version_number(given: &str) -> String {
    format!("`{given}` is not a version number: give one counting from 1 (3 or v3)")
}

/// `numbers`: every version number the object has, in any order.
pub fn no_version(kind: &str, name: &str, number: u32, numbers: &[u32]) -> String {
    match (numbers.iter().min(), numbers.iter().max()) {
        (Some(low), Some(high)) if low == high => {
            format!("{kind} '{name}' has no version {number} (it has only version {low})")
        }
        (Some(low), Some(high)) => {
            format!("{kind} '{name}' has no version {number} (it has {low}–{high})")
        }
        _ => format!("{kind} '{name}' has no version {number} (it has no versions yet)"),
    }
}

pub fn never_deployed(name: &str) -> String {
    format!("action '{name}' was never deployed: it has no live version")
}

pub fn never_published(name: &str) -> String {
    format!("module '{name}' was never published: it has no live version")
}

// Changes (deploy, rollback, publish)
pub const DEPLOY_HELP: &str = "Deploy the draft as a new version: it goes live in production.\n\n\
    Without --wait, one deploy request is sent; a draft that is not built yet is refused (exit 1).\n\
    With --wait, codedeck waits for the build, deploys, and follows until the new version is live.\n\n\
    Like every command that changes the tenant, it asks for confirmation on a terminal; without one \
    (scripts, CI) it refuses unless --yes is given. Every change is recorded in `codedeck journal`.";
pub const ACTION_ROLLBACK_HELP: &str = "Deploy an earlier version's content as a NEW version, live at once \
    (the draft is left as it is). codedeck follows until the new version is live.\n\n\
    Asks for confirmation on a terminal; without one (scripts, CI) it refuses unless --yes is given. \
    Every change is recorded in `codedeck journal`.";
pub const MODULE_PUBLISH_HELP: &str = "Publish the module's draft as its next version. Actions keep \
    running the version they pin until they are updated.\n\n\
    Asks for confirmation on a terminal; without one (scripts, CI) it refuses unless --yes is given. \
    Every change is recorded in `codedeck journal`.";
pub const MODULE_ROLLBACK_HELP: &str = "Replace the module's DRAFT with a published version's content. \
    Nothing is published and no action changes; publish afterwards to make it a version. The draft \
    being replaced is saved first (its path is printed and kept in `codedeck journal --json`).\n\n\
    Asks for confirmation on a terminal; without one (scripts, CI) it refuses unless --yes is given.";
pub const YES_NO: &str = "[y/N] ";
pub const NEEDS_YES: &str =
    "this changes the tenant and there is no terminal to confirm on — nothing changed; pass --yes to go ahead";
pub const CANCELLED: &str = "cancelled — nothing changed";

fn was(number: Option<u32>) -> String {
    number.map_or_else(
        || "was never deployed".to_string(),
        |n| format!("was version {n}"),
    )
}

pub fn confirm_deploy(name: &str, live: Option<u32>) -> String {
    let now = live.map_or_else(
        || "never deployed".to_string(),
        |n| format!("live now: version {n}"),
    );
    format!("Deploy the draft of '{name}' as a new version, live in production ({now})?")
}

pub fn confirm_action_rollback(name: &str, to: u32, live: Option<u32>) -> String {
    let now = live.map_or_else(
        || "never deployed".to_string(),
        |n| format!("live now: version {n}"),
    );
    format!(
        "Roll back '{name}': deploy the content of version {to} as a new version, live in production at once ({now})?"
    )
}

pub fn confirm_publish(name: &str, latest: Option<u32>) -> String {
    let next = latest.map_or(1, |n| n + 1);
    format!("Publish the draft of module '{name}' as version {next}?")
}

pub fn confirm_module_rollback(name: &str, to: u32) -> String {
    format!(
        "Replace the DRAFT of module '{name}' with the content of version {to}? \
         Nothing is published; the current draft is saved first."
    )
}

pub fn deployed(name: &str, number: u32, before: Option<u32>) -> String {
    format!(
        "Deployed '{name}': version {number} is live; {}\n",
        was(before)
    )
}

pub fn deploy_started(name: &str, number: u32) -> String {
    format!(
        "Deployed '{name}': version {number} created; Auth0 makes it live in the background \
         (--wait follows it)\n"
    )
}

pub fn rolled_back(name: &str, number: u32, from: u32, before: Option<u32>) -> String {
    format!(
        "Rolled back '{name}': version {number} (content of version {from}) is live; {}\n",
        was(before)
    )
}

pub fn not_deployed(name: &str, why: &str) -> String {
    format!("'{name}' was not deployed: {why}")
}

pub fn not_rolled_back(name: &str, why: &str) -> String {
    format!("'{name}' was not rolled back: {why}")
}

pub fn draft_failed(name: &str) -> String {
    format!(
        "the draft of '{name}' failed to build, so nothing was deployed — fix the code and save it again"
    )
}

pub fn draft_not_built(name: &str, status: &str) -> String {
    format!(
        "the draft of '{name}' is not built yet ({status}), so nothing was deployed — \
         try again shortly, or pass --wait to wait for the build and deploy"
    )
}

pub fn already_live(name: &str, number: u32) -> String {
    format!("version {number} of '{name}' is already live — nothing changed")
}

pub fn nothing_to_publish(name: &str, latest: Option<u32>) -> String {
    match latest {
        Some(n) => format!(
            "the draft of module '{name}' is already published as version {n} — nothing changed"
        ),
        None => format!("module '{name}' has no draft to publish — nothing changed"),
    }
}

pub fn published(name: &str, number: u32, before: Option<u32>) -> String {
    let was = before.map_or_else(
        || "its first version".to_string(),
        |n| format!("was version {n}"),
    );
    format!(
        "Published module '{name}': version {number} ({was}). Actions keep the version they pin \
         until they are updated.\n"
    )
}

pub fn draft_already(name: &str, number: u32) -> String {
    format!("the draft of module '{name}' already has the content of version {number} — nothing changed")
}

pub fn draft_not_saved(err: &str) -> String {
    format!("the current draft could not be saved, so nothing changed: {err}")
}

pub fn module_rolled_back(name: &str, number: u32, saved: &str) -> String {
    format!(
        "Rolled back the DRAFT of module '{name}' to the content of version {number}; nothing was \
         published (`codedeck modules publish` does that).\nThe previous draft is saved in {saved}\n"
    )
}

pub fn journal_not_written(err: &str) -> String {
    format!("codedeck: warning: the change was made, but it could not be recorded in the journal: {err}")
}

// Journal
pub const OP_DEPLOY: &str = "deploy";
pub const OP_ROLLBACK: &str = "rollback";
pub const OP_PUBLISH: &str = "publish";
pub const OP_DRAFT_ROLLBACK: &str = "draft rollback";
pub const OP_DRAFT_RESTORE: &str = "draft restore";
pub const OP_UNDO: &str = "(undo)";

/// What a module's draft held: a published version's content, or edits of its own.
pub fn draft_holds(number: Option<u32>) -> String {
    number.map_or_else(|| "draft (edited)".to_string(), |n| format!("draft = v{n}"))
}

pub fn journal_empty(path: &str) -> String {
    format!("the journal is empty: codedeck has changed nothing from this machine yet ({path})")
}

pub const OP_BINDINGS: &str = "bindings";
pub const OP_REVERT: &str = "revert";
pub const OP_STATUS: &str = "status";
pub const OP_CREATE: &str = "create";
pub const OP_DRAFT_EDIT: &str = "draft edit";
pub const OP_DELETE: &str = "delete";

/// A trigger's order as the journal shows it: `A › B › C` (or `none`).
pub fn order(order: &[crate::model::BoundAction]) -> String {
    if order.is_empty() {
        return "none".to_string();
    }
    order
        .iter()
        .map(|b| b.display_name.as_str())
        .collect::<Vec<_>>()
        .join(" › ")
}

// What the commands name, in words
pub const KIND_ACTION: &str = "action";
pub const KIND_MODULE: &str = "module";
pub const KIND_PACKAGE: &str = "code package";

pub fn cannot_write_output(err: &str) -> String {
    format!("codedeck: cannot write the output: {err}")
}

pub fn cannot_start_runtime(err: &str) -> String {
    format!("codedeck: cannot start the async runtime: {err}")
}

/// A failed command's last line on stderr.
pub fn command_failed(err: &str) -> String {
    format!("codedeck: {err}")
}

pub fn cannot_listen(port: u16, err: &str) -> String {
    format!("cannot listen on 127.0.0.1:{port}: {err}")
}

pub fn cannot_start_demo(err: &str) -> String {
    format!("cannot start the demo emulator: {err}")
}

/// Where the config file would be, when the platform has no config directory.
pub const NO_CONFIG_DIR: &str = "(no config dir)";

pub fn cannot_create_dir(path: &str, err: &str) -> String {
    format!("cannot create {path}: {err}")
}

pub fn cannot_write_file(path: &str, err: &str) -> String {
    format!("cannot write {path}: {err}")
}

pub fn wrote(path: &str) -> String {
    format!("wrote {path}")
}

// Tables and detail blocks of the read-only commands
pub const ACTIONS_HEADER: &[&str] = &[
    "NAME", "TRIGGERS", "RUNTIME", "STATUS", "LIVE", "DRAFT", "ID",
];
pub const MODULES_HEADER: &[&str] = &["NAME", "LATEST", "DRAFT", "USED BY", "ID"];
pub const TRIGGERS_HEADER: &[&str] = &[
    "ID",
    "VERSION",
    "STATUS",
    "BINDINGS",
    "DEFAULT RUNTIME",
    "RUNTIMES",
];
pub const BINDINGS_HEADER: &[&str] = &["#", "DISPLAY NAME", "ACTION", "LIVE", "DRAFT"];

/// One `label   value` line of a detail block (`show`), the labels padded to one column.
pub fn field(label: &str, value: &str) -> String {
    format!("{label:<14}{value}\n")
}

/// `name@version` of a trigger, dependency … as the commands list them.
pub fn at_version(name: &str, version: &str) -> String {
    format!("{name}@{version}")
}

/// A module an action uses, or an action using a module, with the module version pinned.
pub fn module_pin(module: &str, version: u32) -> String {
    format!("{module} v{version}")
}

pub fn used_by(action: &str, version: u32) -> String {
    format!("{action} (v{version})")
}

pub const JOURNAL_HEADER: &[&str] = &[
    "WHEN",
    "PROFILE",
    "TENANT",
    "KIND",
    "NAME",
    "WHAT",
    "BEFORE → AFTER",
    "OUTCOME",
];

pub const KIND_TRIGGER: &str = "trigger";
/// A code package in the journal's KIND column.
pub const KIND_PACKAGE_SHORT: &str = "package";

/// A journal row's BEFORE → AFTER cell.
pub fn before_after(before: &str, after: &str) -> String {
    format!("{before} → {after}")
}

/// The labels of `actions show` and `modules show`.
pub const FIELD_NAME: &str = "name";
pub const FIELD_ID: &str = "id";
pub const FIELD_TRIGGERS: &str = "triggers";
pub const FIELD_RUNTIME: &str = "runtime";
pub const FIELD_DRAFT_STATUS: &str = "draft status";
pub const FIELD_LIVE: &str = "live";
pub const FIELD_LATEST: &str = "latest";
pub const FIELD_DRAFT: &str = "draft";
pub const FIELD_DEPENDENCIES: &str = "dependencies";
pub const FIELD_SECRETS: &str = "secrets";
pub const FIELD_MODULES: &str = "modules";
pub const FIELD_USED_BY: &str = "used by";

/// What a finished build left the draft as (`build_result`).
pub const BUILT: &str = "built";
pub const BUILD_FAILED: &str = "failed";

/// What a change names in `set_and_removed`.
pub const KIND_DEPENDENCY: &str = "dependency";
pub const KIND_SECRET: &str = "secret";

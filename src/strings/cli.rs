//! Words printed by the non-interactive commands.

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
) -> String {
    format!(
        "codedeck emulator listening on {url}\n\
         Management API: {url}/api/v2  (Authorization: Bearer {token})\n\
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

// Bindings (a trigger's execution order)
/// How both order commands confirm and guard, ending their help.
macro_rules! order_change_help {
    () => {
        "Shows the order now and the new one, then asks for confirmation on a terminal; without one \
        (scripts, CI) it refuses unless --yes is given. If the order changes on the server while you \
        decide, nothing is sent and both orders are shown (exit 1). Every change is recorded in \
        `codedeck journal`."
    };
}
pub const BINDINGS_SET_HELP: &str = concat!(
    "Bind exactly the given actions to TRIGGER, in the given execution order: actions not named \
    are unbound, new ones are bound under their action name, and the ones already bound keep their \
    display names. Each action must support the trigger and be deployed; each may appear once, and \
    a trigger runs at most 20.\n\n\
    Giving no action is refused, so a forgotten argument never unbinds a whole flow: --none \
    (instead of actions) unbinds every action, and still asks first.\n\n",
    order_change_help!()
);
pub const BINDINGS_MOVE_HELP: &str = concat!(
    "Move one bound action to position POS (1 runs first); the others keep their order.\n\n",
    order_change_help!()
);

pub fn no_trigger(trigger: &str) -> String {
    format!("no trigger `{trigger}` — `codedeck triggers list` shows them")
}

pub fn entity_bound_order(trigger: &str) -> String {
    format!(
        "{trigger} is entity-bound: Auth0 manages its bindings and they cannot be changed here — nothing changed"
    )
}

/// `most`: the service's limit of actions per trigger.
pub fn too_many_actions(trigger: &str, given: usize, most: usize) -> String {
    format!("{trigger} can run at most {most} actions and {given} were given — nothing changed")
}

pub fn given_twice(name: &str) -> String {
    format!(
        "'{name}' is given more than once: an action runs at most once per trigger — nothing changed"
    )
}

/// `supported`: the triggers the action does support.
pub fn not_for_trigger(name: &str, trigger: &str, supported: &[&str]) -> String {
    let runs_on = if supported.is_empty() {
        "no trigger".to_string()
    } else {
        supported.join(", ")
    };
    format!("action '{name}' runs on {runs_on}, not {trigger}, so it cannot be bound there — nothing changed")
}

pub fn bind_undeployed(name: &str) -> String {
    format!(
        "action '{name}' has never been deployed: deploy it first (`codedeck actions deploy`), \
         then bind it — nothing changed"
    )
}

/// `bound`: the trigger's order now.
pub fn not_bound(key: &str, trigger: &str, bound: &[crate::model::BoundAction]) -> String {
    if bound.is_empty() {
        return format!("no actions are bound to {trigger}: there is nothing to move");
    }
    format!(
        "'{key}' is not bound to {trigger} (it runs {}) — `codedeck bindings set` binds actions",
        order(bound)
    )
}

pub fn position_out_of_range(trigger: &str, position: usize, count: usize) -> String {
    let range = if count == 1 {
        "only 1".to_string()
    } else {
        format!("1–{count}")
    };
    format!(
        "there is no position {position}: {trigger} runs {count} action{} (give {range})",
        if count == 1 { "" } else { "s" }
    )
}

pub fn already_at(name: &str, trigger: &str, position: usize) -> String {
    format!("'{name}' already runs at position {position} of {trigger} — nothing changed")
}

/// `empty`: the order (now and asked for) binds nothing.
pub fn order_unchanged(trigger: &str, empty: bool) -> String {
    if empty {
        format!("no actions are bound to {trigger} already — nothing changed")
    } else {
        format!("{trigger} already runs these actions in this order — nothing changed")
    }
}

/// The order now and the proposed one, shown before asking.
pub fn order_change(
    trigger: &str,
    now: &[crate::model::BoundAction],
    new: &[crate::model::BoundAction],
) -> String {
    format!(
        "The execution order of {trigger}:\n  now: {}\n  new: {}",
        order(now),
        order(new)
    )
}

pub fn confirm_order(trigger: &str, clears: bool) -> String {
    if clears {
        format!("Unbind every action from {trigger}? Nothing will run on {trigger} afterwards.")
    } else {
        format!("Save the new order of {trigger}? It applies to every execution from now on.")
    }
}

/// The guard found the server's order changed while the user decided: nothing was sent.
pub fn order_changed_elsewhere(
    trigger: &str,
    yours: &[crate::model::BoundAction],
    server: &[crate::model::BoundAction],
) -> String {
    format!(
        "the order of {trigger} changed on the server while you were deciding, so nothing was sent\n  \
         yours:             {}\n  on the server now: {}\n\
         Run the command again to change the order as it is now.",
        order(yours),
        order(server)
    )
}

/// The service refused the change (4xx): the order is as it was.
pub fn order_refused(trigger: &str, err: &str) -> String {
    format!("the order of {trigger} was not changed: {err}")
}

pub fn order_saved(trigger: &str) -> String {
    format!("Saved the new order of {trigger}; the service now runs:")
}

pub fn flow_cleared(trigger: &str) -> String {
    format!("Unbound every action from {trigger}: nothing runs on it now")
}

// Code packages (FairCom)
pub const NO_PACKAGES: &str = "no code packages match";
pub const PACKAGE_REVERT_HELP: &str = "Make an earlier version of a code package current again. \
FairCom copies the current version into the history, takes the requested version's code, gives it the \
next version number and makes it current: the server starts running it at once (if the package's status \
lets it run). Asks first on a terminal; without one, needs --yes.";
pub const PACKAGE_STATUS_HELP: &str = "Change a code package's status in place (no new version). \
active, testing and deprecated may run; developing and inactive do not; deleted is a soft delete that \
any other status undoes. Asks first on a terminal; without one, needs --yes.";

pub fn bad_package_version(s: &str) -> String {
    format!("{s:?} is not a version: give a number (3 or v3) or current")
}

pub fn bad_status(s: &str) -> String {
    format!(
        "{s:?} is not a status: give active, testing, deprecated, developing, inactive or deleted"
    )
}

pub fn ambiguous_package(name: &str, places: &[String]) -> String {
    format!(
        "more than one code package is named {name:?}: give one of {} (database/owner/name)",
        places.join(", ")
    )
}

pub fn current_label(number: u32) -> String {
    format!("v{number} (current)")
}

pub fn already_current(name: &str, number: u32) -> String {
    format!("version {number} of {name} is the current one: nothing to revert")
}

pub fn confirm_package_revert(name: &str, to: u32, current: u32, runs: bool) -> String {
    let next = current + 1;
    let runs = if runs {
        "it runs at once"
    } else {
        "it will not run until the package is activated"
    };
    format!(
        "Revert {name} to version {to}? FairCom copies version {current} into the history and makes \
         version {to}'s code current as version {next}; {runs}."
    )
}

pub fn package_reverted(name: &str, now: u32, to: u32) -> String {
    format!("{name}: version {now} is current (the code of version {to})")
}

pub fn status_already(name: &str, status: &str) -> String {
    format!("{name} is already {status}: nothing changed")
}

pub fn confirm_package_status(
    name: &str,
    from: &crate::model::CodeStatus,
    to: &crate::model::CodeStatus,
) -> String {
    format!(
        "Change {name} from {} to {} ({})?",
        from.as_str(),
        to.as_str(),
        crate::strings::status_meaning(to)
    )
}

pub fn package_status_set(name: &str, status: &str) -> String {
    format!("{name} is now {status}")
}

// Authoring: create, update, delete, test, executions
/// How every authoring command takes secrets, ending their help.
macro_rules! secrets_help {
    () => {
        "Secrets never come from a flag's value: --secret NAME reads the value of the environment \
        variable NAME, and --secrets-from-stdin reads NAME=VALUE lines from stdin (blank lines and \
        lines starting with # are skipped). Values are sent to the service only: never printed, \
        logged or journaled."
    };
}
pub const ACTION_CREATE_HELP: &str = concat!(
    "Create an action on one trigger. --trigger takes a trigger id (post-login) and picks its \
    CURRENT version, or id@version (post-login@v3); --runtime must be one of that trigger's \
    runtimes (default: the trigger's default). Without --code-file, the action starts from the \
    trigger's handler template. The name, code size (100 KB), dependencies (at most 10, each \
    name@version) and secrets (at most 30) are checked before anything is sent (exit 2).\n\n\
    The new action is not bound to any trigger. With --deploy, codedeck waits for its draft to \
    build, deploys it and follows until version 1 is live.\n\n",
    secrets_help!(),
    " Every change is recorded in `codedeck journal`."
);
pub const ACTION_UPDATE_HELP: &str = concat!(
    "Change an action's DRAFT: its code (--code-file), its dependencies (--dependency name@version \
    adds or changes one, --remove-dependency NAME drops one; the whole resulting list is sent), its \
    secrets (--secret, --secrets-from-stdin, --remove-secret: the service replaces the list, so \
    every other secret is sent by name and keeps its value) or its runtime. What is live is \
    untouched until the next deploy.\n\n\
    Shows the diff of the draft's code on stderr and asks for confirmation on a terminal; without \
    one (scripts, CI, or stdin used for secrets) it refuses unless --yes is given. If the draft \
    changed on the server since it was read, nothing is sent (exit 1). The draft being replaced is \
    saved first (see `codedeck journal --json`). Afterwards codedeck follows the build and says \
    `built`, or `failed` (exit 1); --no-wait returns at once.\n\n",
    secrets_help!()
);
pub const ACTION_DELETE_HELP: &str = "Delete an action and every version of it. An action bound to \
    a trigger is refused (exit 2, naming the triggers) unless --force is given, which detaches those \
    bindings: the triggers stop running it at once. The draft's code is saved first (see `codedeck \
    journal --json`).\n\n\
    Asks for confirmation on a terminal; without one (scripts, CI) it refuses unless --yes is given. \
    Every change is recorded in `codedeck journal`.";
pub const ACTION_TEST_HELP: &str = "Run the action's DRAFT once with an event, as Auth0's Test tab \
    does (nothing is deployed, no user flow runs it). --payload-file holds the event as JSON; without \
    it, a sample event for the action's trigger is sent.\n\n\
    Prints the payload the run returned, the error it threw (name, message, stack) and its timing \
    stats; --json prints them as one JSON object.\n\n\
    Exit codes: 0 the action ran without throwing, 1 it threw an error (or the service failed), 2 the \
    payload file is not JSON or the arguments are wrong.";
pub const MODULE_CREATE_HELP: &str = concat!(
    "Create an Actions Module from a code file. The name (it cannot change later), code size \
    (65 536 characters), dependencies (at most 10, each name@version) and secrets (at most 30) are \
    checked before anything is sent (exit 2). With --publish the first version is published at \
    once; otherwise only the draft exists.\n\n",
    secrets_help!(),
    " Every change is recorded in `codedeck journal`."
);
pub const MODULE_UPDATE_HELP: &str = concat!(
    "Change a module's DRAFT: its code, dependencies or secrets, as `codedeck actions update` does. \
    Nothing is published (`codedeck modules publish` does that) and no action changes.\n\n\
    Shows the diff on stderr and asks for confirmation on a terminal; without one it refuses unless \
    --yes is given. If the draft changed on the server since it was read, nothing is sent (exit 1). \
    The draft being replaced is saved first.\n\n",
    secrets_help!()
);
pub const MODULE_DELETE_HELP: &str = "Delete a module and every version of it. The service refuses \
    while actions use it (exit 1, naming them). The draft's code is saved first.\n\n\
    Asks for confirmation on a terminal; without one (scripts, CI) it refuses unless --yes is given. \
    Every change is recorded in `codedeck journal`.";

pub fn cannot_read_file(path: &str, err: &str) -> String {
    format!("cannot read {path}: {err} — nothing was sent")
}

pub fn not_utf8(path: &str) -> String {
    format!("{path} is not UTF-8 text — nothing was sent")
}

pub const MODULE_NEEDS_CODE: &str =
    "a module needs its code: give --code-file PATH — nothing was sent";

pub fn action_exists(name: &str) -> String {
    format!("an action named '{name}' exists already: names are unique — nothing was sent")
}

pub fn module_exists(name: &str) -> String {
    format!("a module named '{name}' exists already: names are unique — nothing was sent")
}

/// `current`: every CURRENT trigger as id@version.
pub fn unknown_trigger(given: &str, current: &[String]) -> String {
    format!(
        "no trigger `{given}` takes new actions; the current triggers are: {}",
        current.join(", ")
    )
}

pub fn deprecated_trigger(given: &str, current: &[String]) -> String {
    let current = if current.is_empty() {
        "it has no current version".to_string()
    } else {
        format!("use {}", current.join(" or "))
    };
    format!("`{given}` is deprecated and takes no new actions: {current}")
}

pub fn unknown_runtime(runtime: &str, trigger: &str, runtimes: &[String]) -> String {
    format!(
        "{trigger} does not run {runtime}: its runtimes are {} — nothing was sent",
        runtimes.join(", ")
    )
}

pub fn env_secret_missing(name: &str) -> String {
    format!(
        "--secret {name} takes the value of the environment variable {name}, which is not set or \
         empty — nothing was sent"
    )
}

pub fn stdin_secret_line(line: usize) -> String {
    format!(
        "line {line} of stdin is not NAME=VALUE (blank lines and # comments are skipped) — nothing \
         was sent"
    )
}

pub const STDIN_NOT_UTF8: &str = "stdin is not UTF-8 text — nothing was sent";
pub const READING_SECRETS: &str =
    "type secrets as NAME=VALUE lines; nothing is shown as you type; an empty line ends";
pub const SECRET_LINE_PROMPT: &str = "NAME=VALUE: ";
pub const STDIN_NEEDS_YES: &str = "stdin holds the secrets, so there is no way to confirm: pass \
     --yes to go ahead — nothing was sent";

pub fn no_such_dependency(name: &str) -> String {
    format!("there is no dependency '{name}' to remove — nothing was sent")
}

pub fn no_such_secret(name: &str) -> String {
    format!("there is no secret '{name}' to remove — nothing was sent")
}

pub fn set_and_removed(kind: &str, name: &str) -> String {
    format!("{kind} '{name}' is both given and removed — nothing was sent")
}

pub const NOTHING_GIVEN: &str = "nothing to change: give --code-file, --dependency, \
     --remove-dependency, --secret, --secrets-from-stdin, --remove-secret or --runtime";

pub fn nothing_to_change(kind: &str, name: &str) -> String {
    format!("the draft of {kind} '{name}' already is so — nothing to change, nothing was sent")
}

pub fn created_action(name: &str, id: &str, trigger: &str, runtime: &str) -> String {
    format!(
        "Created action '{name}' ({id}) on {trigger}, runtime {runtime}. It is not deployed and \
         not bound to a trigger yet.\n"
    )
}

pub fn created_module(name: &str, id: &str, published: Option<u32>) -> String {
    let state = published.map_or_else(
        || "only its draft exists; `codedeck modules publish` publishes it".to_string(),
        |n| format!("published as version {n}"),
    );
    format!("Created module '{name}' ({id}): {state}.\n")
}

pub fn first_deploy_failed(name: &str, why: &str) -> String {
    format!("'{name}' was created, but not deployed: {why}")
}

pub const CODE_CHANGE: &str = "code";
pub fn change_line(what: &str, from: &str, to: &str) -> String {
    format!("{what}: {from} → {to}")
}

pub fn secrets_change(kept: &[&str], set: &[&str], removed: &[&str]) -> String {
    let list = |names: &[&str]| {
        if names.is_empty() {
            NONE.to_string()
        } else {
            names.join(", ")
        }
    };
    format!(
        "secrets: new values for {}; removed {}; kept {}",
        list(set),
        list(removed),
        list(kept)
    )
}

pub fn confirm_draft_change(kind: &str, name: &str) -> String {
    let after = if kind == "action" {
        "what is live stays as it is until the next deploy"
    } else {
        "nothing is published"
    };
    format!("Save this change to the draft of {kind} '{name}'? ({after})")
}

pub fn draft_changed_elsewhere(kind: &str, name: &str) -> String {
    format!(
        "the draft of {kind} '{name}' changed on the server since it was read, so nothing was sent \
         — run the command again to change the draft as it is now"
    )
}

pub fn draft_saved(kind: &str, name: &str, saved: &str) -> String {
    format!("Saved the draft of {kind} '{name}'. The previous draft is kept in {saved}\n")
}

/// How the build after an update ended: `built` (or another settled status), or failed.
pub fn build_result(name: &str, status: &str, built: bool) -> String {
    if built {
        format!("The draft of '{name}' is {status}.\n")
    } else {
        format!("The draft of '{name}' failed to build ({status}).\n")
    }
}

pub fn build_failed(name: &str) -> String {
    format!(
        "the draft of '{name}' was saved but failed to build — check the code and the \
         dependencies' versions (exact versions such as 4.17.21), then update it again"
    )
}

pub fn bound_refusal(name: &str, triggers: &[String]) -> String {
    format!(
        "action '{name}' is bound to {}: deleting it would stop those flows running it. \
         --force detaches those bindings and deletes it — nothing changed",
        triggers.join(", ")
    )
}

pub fn confirm_delete_action(name: &str, live: Option<u32>, detaches: &[String]) -> String {
    let versions = live.map_or_else(
        || "it was never deployed".to_string(),
        |n| format!("live now: version {n}"),
    );
    let detach = if detaches.is_empty() {
        String::new()
    } else {
        format!(
            " --force detaches it from {}: they stop running it at once.",
            detaches.join(", ")
        )
    };
    format!("Delete action '{name}' and every version of it ({versions})?{detach}")
}

pub fn confirm_delete_module(name: &str, latest: Option<u32>) -> String {
    let versions = latest.map_or_else(
        || "never published".to_string(),
        |n| format!("versions 1–{n}"),
    );
    format!("Delete module '{name}' and every version of it ({versions})?")
}

pub fn deleted(kind: &str, name: &str, saved: &str, detached: &[String]) -> String {
    let detached = if detached.is_empty() {
        String::new()
    } else {
        format!(" It was detached from {}.", detached.join(", "))
    };
    format!("Deleted {kind} '{name}'.{detached} Its draft is saved in {saved}\n")
}

/// `users`: `name (vN)` of each action using the module, when they could be read.
pub fn module_in_use(name: &str, users: &[String], service: &str) -> String {
    if users.is_empty() {
        format!("module '{name}' was not deleted: {service}")
    } else {
        format!(
            "module '{name}' was not deleted: actions use it — {} ({service}). Update them to stop \
             using it first",
            users.join(", ")
        )
    }
}

pub fn bad_payload(path: &str, line: usize, column: usize, err: &str) -> String {
    format!("{path} is not JSON (line {line}, column {column}: {err}) — nothing was sent")
}

pub const TEST_PAYLOAD: &str = "payload";
pub const TEST_ERROR: &str = "error";
pub const TEST_STATS: &str = "stats";
pub const TEST_NO_PAYLOAD: &str = "(nothing returned)";

pub fn test_threw(name: &str, error: &str) -> String {
    if error.is_empty() {
        format!("the draft of '{name}' threw an error")
    } else {
        format!("the draft of '{name}' threw {error}")
    }
}

pub fn milliseconds(ms: f64) -> String {
    format!("{ms} ms")
}

pub const EXECUTION_GONE: &str = "That execution does not exist — executions are kept 10 days.";
pub const NO_RESULTS: &str = "no action ran";

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

/// A trigger an action is bound to under another display name.
pub fn bound_as(trigger: &str, display_name: &str) -> String {
    format!("{trigger} (as '{display_name}')")
}

/// A version by its number: `v7`.
pub fn version(number: u32) -> String {
    format!("v{number}")
}

pub const PACKAGES_HEADER: &[&str] = &[
    "NAME",
    "VERSION",
    "STATUS",
    "TYPE",
    "UPDATED (SERVER TIME)",
    "BY",
];
/// The column after NAME when packages of that name live in several databases or owners.
pub const PACKAGE_PLACE_COLUMN: &str = "DATABASE/OWNER";
pub const PACKAGE_HISTORY_HEADER: &[&str] = &[
    "VERSION",
    "STATUS",
    "UPDATED (SERVER TIME)",
    "BY",
    "COMMENT",
];

/// `codedeck packages show`: the package's facts, description, metadata and code (`updated`,
/// `created`: server times as shown; `metadata`: pretty JSON).
pub fn package_details(
    p: &crate::model::CodePackage,
    updated: &str,
    created: &str,
    metadata: &str,
) -> String {
    let mut out = format!(
        "{}\n  in:          {}/{}\n  version:     v{} (current)\n  status:      {} ({})\n  type:        {} ({})\n  updated:     {} by {} (server time)\n  created:     {} by {} (server time)\n  comment:     {}\n",
        p.id.name,
        p.id.database,
        p.id.owner,
        p.version,
        p.status.as_str(),
        crate::strings::status_meaning(&p.status),
        p.code_type.as_str(),
        p.language,
        updated,
        p.updated_by,
        created,
        p.created_by,
        p.comment,
    );
    if p.cloned_code_id != 0 {
        out.push_str(&format!("  cloned from: package #{}\n", p.cloned_code_id));
    }
    out.push_str(&format!(
        "\ndescription:\n{}\n\nmetadata:\n{metadata}\n\n{}\n",
        p.description.trim_end(),
        p.code.as_deref().unwrap_or_default().trim_end()
    ));
    out
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

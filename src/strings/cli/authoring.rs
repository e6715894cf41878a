//! Words of the authoring commands: create, update, delete, test, executions.

use super::NONE;

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

/// A trigger an action is bound to under another display name.
pub fn bound_as(trigger: &str, display_name: &str) -> String {
    format!("{trigger} (as '{display_name}')")
}

/// A thrown error's first line: `TypeError: boom`.
pub fn thrown(name: &str, message: &str) -> String {
    format!("{name}: {message}")
}

pub const STATS_HEADER: &[&str] = &["NAME", "TIME"];
pub const EXECUTION_RESULTS_HEADER: &[&str] =
    &["#", "ACTION", "STARTED", "ENDED", "DURATION", "ERROR"];
/// When an execution or one of its actions started and ended (UTC, to the millisecond).
pub const EXECUTION_TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S%.3f UTC";
pub const FIELD_TRIGGER: &str = "trigger";
pub const FIELD_STATUS: &str = "status";
pub const FIELD_CREATED: &str = "created";
pub const FIELD_UPDATED: &str = "updated";

/// One `label   value` line of `executions show`.
pub fn execution_field(label: &str, value: &str) -> String {
    format!("{label:<10}{value}\n")
}

/// What an action that failed in an execution said: `id: message (url)`.
pub fn action_error(id: &str, message: &str, url: Option<&str>) -> String {
    match url {
        Some(url) => format!("{id}: {message} ({url})"),
        None => format!("{id}: {message}"),
    }
}

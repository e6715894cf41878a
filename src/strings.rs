//! Every user-facing string of the dashboard, in one place (one voice, fewer snapshot churns).

pub mod authoring;
pub mod cli;
pub mod config;
pub mod diff;
pub mod diffs;
pub mod journal;
pub mod reconcile;
pub mod state;
pub mod theme;
pub mod transport;

pub const APP_NAME: &str = "codedeck";
pub const DEMO_BADGE: &str = " DEMO ";
pub const DEMO_HINT: &str =
    "DEMO — set AUTH0_DOMAIN and AUTH0_API_TOKEN, or FAIRCOM_URL (or a profile) to connect your own; see README";
pub const FOOTER_HELP: &str = "? help  q quit ";
pub const PROFILE_PREFIX: &str = "profile ";
pub const FOOTER_HINTS: &str =
    "? help   1–4 views   / filter   Enter open   v versions   Tab focus   R refresh   q quit";

// Tabs / views
pub const VIEW_ACTIONS: &str = "Actions";
pub const VIEW_MODULES: &str = "Modules";
pub const VIEW_FLOWS: &str = "Flows";

// Lists
pub const LOADING_ACTIONS: &str = "Loading actions…";
pub const LOADING_MODULES: &str = "Loading modules…";
pub const EMPTY_ACTIONS: &str = "No actions on this tenant yet";
pub const EMPTY_MODULES: &str = "No modules on this tenant yet";
pub const NO_MATCH: &str = "Nothing matches the filter — Esc clears it";
pub const LOAD_FAILED: &str = "Could not load — press R to retry";
pub const FILTER_PROMPT: &str = "/";
pub const TRIGGER_LABEL: &str = "trigger: ";
pub const COL_NAME: &str = "Name";
pub const COL_TRIGGERS: &str = "Triggers";
pub const COL_RUNTIME: &str = "Runtime";
/// Leading space: the badges below start with one.
pub const COL_STATUS: &str = " Status";
pub const COL_LIVE: &str = "Live";
pub const COL_DRAFT: &str = "Draft";
pub const COL_LATEST: &str = "Latest";
pub const COL_USED_BY: &str = "Used by";
pub const NEVER: &str = "—";
pub const DRAFT_DIFFERS: &str = "≠ live";
/// The draft marker where space is short (next to the live version).
pub const DRAFT_DIFFERS_SHORT: &str = "≠";
pub const DRAFT_UNPUBLISHED: &str = "unpublished";

// Trigger picker
pub const PICKER_TITLE: &str = " Filter by trigger ";
pub const PICKER_ALL: &str = "all";

// Detail
pub const LOADING_ACTION: &str = "Loading action…";
pub const LOADING_MODULE: &str = "Loading module…";
pub const LOADING_USAGES: &str = "loading…";
pub const NO_USAGES: &str = "no action uses it";
pub const NO_CODE: &str = "(no code)";
pub const NONE: &str = "none";
pub const LABEL_RUNTIME: &str = "Runtime ";
/// Trailing space: the badge is padded inside its colour, so it needs a gap before it.
pub const LABEL_STATUS: &str = "Status ";
pub const LABEL_LIVE: &str = "Live ";
pub const LABEL_TRIGGERS: &str = "Triggers ";
pub const LABEL_DEPENDENCIES: &str = "Dependencies ";
pub const LABEL_SECRETS: &str = "Secrets ";
pub const LABEL_MODULES: &str = "Modules ";
pub const LABEL_LATEST: &str = "Latest ";
pub const LABEL_USED_BY: &str = "Used by ";
pub const DRAFT_DIFFERS_LONG: &str = "draft differs from live";
pub const DRAFT_UNPUBLISHED_LONG: &str = "draft has unpublished changes";
pub const NOT_DEPLOYED: &str = "never deployed";
pub const NOT_PUBLISHED: &str = "never published";

// Help overlay
pub const HELP_TITLE: &str = " Keys — j/k scroll · Esc closes ";
pub const HELP_SECTION_GLOBAL: &str = "Everywhere";
pub const HELP_SECTION_LIST: &str = "Lists";
pub const HELP_SECTION_DETAIL: &str = "Detail";
pub const HELP_SECTION_FILTER: &str = "Typing a filter";
pub const HELP_SECTION_PICKER: &str = "Pickers (trigger filter, add to flow)";
pub const HELP_QUIT: &str = "quit";
pub const HELP_HELP: &str = "show or hide this help";
pub const HELP_FOCUS: &str = "switch focus list ↔ detail";
pub const HELP_REFRESH: &str = "refresh the current view";
pub const HELP_VIEW_ACTIONS: &str = "Actions view";
pub const HELP_VIEW_MODULES: &str = "Modules view";
pub const HELP_UP: &str = "move up";
pub const HELP_DOWN: &str = "move down";
pub const HELP_PAGE_UP: &str = "page up";
pub const HELP_PAGE_DOWN: &str = "page down";
pub const HELP_TOP: &str = "go to the top";
pub const HELP_BOTTOM: &str = "go to the bottom";
pub const HELP_OPEN: &str = "open the detail";
pub const HELP_BACK_LIST: &str = "leave detail / clear filters";
pub const HELP_BACK_DETAIL: &str = "leave the detail";
pub const HELP_CLOSE: &str = "close this help";
pub const HELP_FILTER: &str = "filter by name";
pub const HELP_TRIGGER: &str = "filter by trigger";
pub const HELP_FILTER_KEEP: &str = "keep the filter";
pub const HELP_FILTER_CLEAR: &str = "clear the filter";
pub const HELP_FILTER_ERASE: &str = "erase a character";
pub const HELP_PICK: &str = "choose";
pub const HELP_CANCEL: &str = "cancel";
pub const HELP_SECTION_TIMELINE: &str = "Versions";
pub const HELP_SECTION_DIFF: &str = "Diff";
pub const HELP_SECTION_CONFIRM: &str = "Confirm dialog";
pub const HELP_VERSIONS: &str = "open the version timeline";
pub const HELP_DEPLOY: &str = "deploy / publish the draft (asks)";
pub const HELP_UNDO: &str = "undo codedeck's last change (asks)";
pub const HELP_DIFF: &str = "diff with previous (or the base)";
pub const HELP_MARK_BASE: &str = "mark as base for d (again: unmark)";
pub const HELP_DIFF_DRAFT_LIVE: &str = "diff live → draft";
pub const HELP_ROLLBACK: &str = "roll back to this version (asks)";
pub const HELP_BACK_TIMELINE: &str = "leave the timeline";
pub const HELP_NEXT_HUNK: &str = "next change";
pub const HELP_PREV_HUNK: &str = "previous change";
pub const HELP_UNIFIED: &str = "side-by-side ↔ unified";
pub const HELP_WRAP: &str = "wrap ↔ scroll long lines";
pub const HELP_FOLDS: &str = "expand ↔ fold unchanged lines";
pub const HELP_SCROLL_LEFT: &str = "scroll left";
pub const HELP_SCROLL_RIGHT: &str = "scroll right";
pub const HELP_BACK_DIFF: &str = "close the diff";
pub const HELP_CONFIRM: &str = "confirm the change";
pub const HELP_SWITCH_BUTTON: &str = "move between Cancel and confirm";
pub const HELP_PRESS_BUTTON: &str = "press the focused button";
pub const KEYMAP_MD_HEADER: &str = "| Where | Keys | What it does |\n|---|---|---|\n";

// Flash messages
pub const WHAT_ACTIONS: &str = "actions";
pub const WHAT_ACTION: &str = "the action";
pub const WHAT_MODULES: &str = "modules";
pub const WHAT_MODULE: &str = "the module";
pub const WHAT_VERSIONS: &str = "the versions";
pub const WHAT_TRIGGERS: &str = "triggers";
pub const WHAT_BINDINGS: &str = "the trigger's bindings";
pub const WHAT_MODULE_USAGES: &str = "the actions using the module";
pub const REQUEST_PANICKED: &str = "the request failed unexpectedly (internal error)";
pub const REFRESHING: &str = "Refreshing…";
pub const NO_JOURNAL: &str =
    "no journal: codedeck has no data folder to record changes in (set CODEDECK_DATA_DIR)";

pub fn flash_load_failed(what: &str, err: &dyn std::fmt::Display) -> String {
    format!("Could not load {what}: {err}")
}

pub fn in_flight(count: usize) -> String {
    format!("{count} request{}", if count == 1 { "" } else { "s" })
}

pub fn count_of(shown: usize, total: usize) -> String {
    if shown == total {
        format!("{total}")
    } else {
        format!("{shown}/{total}")
    }
}

pub fn used_by_count(n: u32) -> String {
    format!("{n} action{}", if n == 1 { "" } else { "s" })
}

// Deploy flow (shared by the dashboard and the CLI)
pub const FLOW_DEPLOYING_DRAFT: &str = "deploying the draft…";
pub const FLOW_EDIT_FAILED: &str = "The draft failed to build. Auth0 gives no reason for a draft; a dependency \
     version that npm does not have is the usual cause (s changes them). What is live is untouched.";
pub const FLOW_DRAFT_FAILED: &str =
    "The draft failed to build, so it cannot be deployed — fix the code and save it again";

pub fn flow_waiting_for_build(status: &str) -> String {
    format!("waiting for the draft to build ({status})…")
}

pub fn flow_deploying_version(number: u32) -> String {
    format!("deploying the content of version {number} as a new version…")
}

pub fn flow_following(number: u32) -> String {
    format!("version {number} created, waiting for it to go live…")
}

pub fn flow_done(number: u32) -> String {
    format!("version {number} is live")
}

pub fn flow_build_timeout(polls: u32) -> String {
    format!(
        "The draft is still not built after {polls} checks — nothing was deployed; try again later"
    )
}

pub fn flow_deploy_timeout(number: u32, polls: u32) -> String {
    format!("Version {number} was created but is not live after {polls} checks — refresh to see where it stands")
}

pub fn flow_unconfirmed(number: u32, err: &str) -> String {
    format!("Version {number} was created, but codedeck could not confirm it went live: {err}")
}

// Version timeline
pub const TIMELINE_TITLE: &str = "Versions";
pub const TIMELINE_DRAFT: &str = "draft";
pub const TIMELINE_BASE_MARK: &str = " ◆";
pub const TIMELINE_EMPTY: &str = "No versions yet — deploy (p) to create the first";
pub const LOADING_VERSIONS: &str = "Loading versions…";
pub const JUST_NOW: &str = "just now";
pub const NO_PREDECESSOR: &str = "This is the oldest version: nothing before it to compare with";
pub const BASE_MARKED: &str = "Base marked — move to another version and press d to compare";
pub const BASE_CLEARED: &str = "Base cleared";
pub const NOTHING_LIVE: &str = "Nothing is live yet: there is no live version to compare with";
pub const DRAFT_NOT_A_VERSION: &str =
    "The draft is not a version: roll back to a numbered version, or deploy the draft with p";
pub const ALREADY_LIVE: &str = "That version is already live";
pub const VERSION_DID_NOT_BUILD: &str = "That version did not build, so it cannot be deployed";
pub const BUSY: &str = "Another change is still in progress — wait for it to finish";
pub const NOTHING_TO_PUBLISH: &str = "The draft has no unpublished changes: nothing to publish";
pub const NOTHING_TO_DEPLOY: &str = "The draft is already live: nothing to deploy";
pub const NOTHING_SELECTED: &str = "Select an action or module first";
pub const NOTHING_TO_UNDO: &str = "Nothing to undo: codedeck made no change to this one";
pub const UNDO_PUBLISH_IMPOSSIBLE: &str =
    "A published module version cannot be removed — Auth0 keeps versions immutable";
pub const UNDO_FIRST_DEPLOY_IMPOSSIBLE: &str =
    "Nothing was live before that deploy, and Auth0 cannot un-deploy an action — unbind it from its trigger instead";
pub const IDENTICAL: &str = "identical";

pub fn version_label(number: u32) -> String {
    format!("v{number}")
}

pub const LIVE_WORD: &str = "live";
pub const LATEST_WORD: &str = "latest";
pub const CURRENT_WORD: &str = "current";
pub const LABEL_COMMENT: &str = "Comment ";

/// A FairCom time: the server's own clock, zone unknown.
pub fn server_time(at: &str) -> String {
    format!("{at} (server time)")
}

pub fn version_live_label(number: u32, word: &str) -> String {
    format!("v{number} ({word})")
}

/// `● live` / `● latest`.
pub fn live_mark(word: &str) -> String {
    format!("● {word}")
}

pub fn ago(value: i64, unit: &str) -> String {
    format!("{value} {unit} ago")
}

pub fn timeline_title(name: &str, count: usize) -> String {
    format!(" {TIMELINE_TITLE} · {name} ({count}) ")
}

pub fn build_errors(errors: &[String]) -> String {
    format!("build failed: {}", errors.join("; "))
}

// Confirm dialogs: each says what the service will do, in its own terms.
pub const CONFIRM_CANCEL: &str = " Cancel ";
pub const CONFIRM_HINT: &str =
    "y confirm · n/Esc cancel · Tab button · ↑↓←→ scroll · w wrap · s unified";
pub const CONFIRM_HINT_NO_DIFF: &str = "y confirm · n/Esc cancel · Tab switch button";

pub fn confirm_action_rollback_title(name: &str, number: u32) -> String {
    format!(" Roll back '{name}' to version {number}? ")
}

pub fn confirm_action_rollback(number: u32, next: u32, live: Option<u32>) -> Vec<String> {
    let stops = match live {
        Some(live) => format!("Version {live} stops running."),
        None => "Nothing was live before.".to_string(),
    };
    vec![
        format!(
            "This deploys version {number}'s content as a NEW version (v{next}) that runs immediately \
             for every execution of its trigger. {stops}"
        ),
        "Versions are never changed or deleted; the draft stays as it is. u undoes by rolling forward."
            .to_string(),
    ]
}

pub fn confirm_action_deploy_title(name: &str) -> String {
    format!(" Deploy the draft of '{name}'? ")
}

pub fn confirm_action_deploy(next: u32, live: Option<u32>) -> Vec<String> {
    let replaces = match live {
        Some(live) => format!("It replaces version {live}."),
        None => "It is the action's first live version.".to_string(),
    };
    vec![
        format!(
            "The draft becomes version {next} and runs immediately. {replaces} codedeck waits for the \
             build to finish first and follows the deploy until it is live."
        ),
        "u undoes by rolling forward to the version live before.".to_string(),
    ]
}

pub fn confirm_module_rollback_title(name: &str, number: u32) -> String {
    format!(" Roll back the draft of module '{name}' to version {number}? ")
}

pub fn confirm_module_rollback(number: u32) -> Vec<String> {
    vec![
        format!(
            "Only the module's DRAFT takes version {number}'s content: nothing is published and no \
             action changes. Publish afterwards (offered next) to make it a new version."
        ),
        "The current draft is saved to codedeck's data folder first; u puts it back.".to_string(),
    ]
}

pub fn confirm_module_publish_title(name: &str) -> String {
    format!(" Publish the draft of module '{name}'? ")
}

pub fn confirm_module_publish(next: u32) -> Vec<String> {
    vec![format!(
        "The draft becomes version {next}. Actions keep the module version they pin until they \
             are updated to use it. Published versions cannot be removed."
    )]
}

pub fn confirm_publish_after_rollback(name: &str, number: u32) -> String {
    format!(" Draft of '{name}' now holds version {number}'s content. Publish it? ")
}

pub fn confirm_undo_rollforward_title(name: &str, number: u32) -> String {
    format!(" Undo: roll '{name}' forward to version {number}? ")
}

pub fn confirm_undo_rollforward(number: u32, next: u32) -> Vec<String> {
    vec![format!(
        "Version {number} was live before codedeck's last change. This deploys its content as a NEW \
         version (v{next}) that runs immediately."
    )]
}

pub fn confirm_undo_restore_title(name: &str) -> String {
    format!(" Undo: put back the draft of module '{name}'? ")
}

pub fn confirm_undo_restore(path: &str) -> Vec<String> {
    vec![format!(
        "The draft takes back the code saved before the rollback ({path}). Nothing is published."
    )]
}

pub fn confirm_button(verb: &str) -> String {
    format!(" y {verb} ")
}

pub const VERB_ROLL_BACK: &str = "Roll back";
pub const VERB_DEPLOY: &str = "Deploy";
pub const VERB_PUBLISH: &str = "Publish";
pub const VERB_RESTORE: &str = "Restore";

// Results of changes
pub fn rolled_back_module(name: &str, number: u32) -> String {
    format!("The draft of '{name}' now holds version {number}'s content")
}

pub fn published(name: &str, number: u32) -> String {
    format!("Published '{name}' as version {number}")
}

pub fn draft_restored(name: &str) -> String {
    format!("The draft of '{name}' is back as it was before the rollback")
}

pub fn change_failed(err: &str) -> String {
    format!("The change failed: {err}")
}

pub fn journal_failed(err: &str) -> String {
    format!("The change was made, but the journal could not record it: {err}")
}

pub fn live_now(name: &str, number: u32) -> String {
    format!("'{name}': version {number} is live")
}

pub const DRAFT_ALREADY_HOLDS: &str = "The draft already holds that version's content";

pub const COL_VERSION: &str = "Version";
pub const COL_CREATED: &str = "Created";
/// FairCom keeps no time per version, only when each was last changed (a status change moves it).
pub const COL_WHEN_COMMENT: &str = "Changed (server time) · comment";
pub const PACKAGE_TIMELINE_KEYS: &str = "d diff · D base · r revert · s status · u undo";
pub const LABEL_CREATED: &str = "Created ";
pub const TIMELINE_KEYS: &str =
    "d diff · D base · L live→draft · r roll back · p deploy/publish · u undo";

pub const CHANGE_IN_PROGRESS: &str = "saving the change…";
pub const HELP_MOVES: &str = "move, page, top, bottom";
pub const HELP_DIFF_DOWN: &str = "scroll the diff down";
pub const HELP_DIFF_UP: &str = "scroll the diff up";
pub const QUIT_WHILE_RUNNING: &str =
    "A change is still in progress and not yet recorded — press q again to quit anyway";

pub fn undo_version_gone(number: u32) -> String {
    format!(
        "Version {number}, live before that change, no longer exists (Auth0 keeps the newest 50)"
    )
}

// Packages (FairCom)
pub const VIEW_PACKAGES: &str = "Packages";
pub const FAIRCOM_PREFIX: &str = "FairCom ";
pub const HELP_VIEW_PACKAGES: &str = "Packages view (FairCom)";
pub const HELP_SECTION_PACKAGES: &str = "Packages";
pub const HELP_SECTION_PACKAGE_DETAIL: &str = "Package detail";
pub const HELP_SECTION_PACKAGE_TIMELINE: &str = "Package history";
pub const HELP_STATUS_FILTER: &str = "filter by status";
pub const HELP_TYPE_FILTER: &str = "filter by type";
pub const HELP_HISTORY: &str = "open the version history";
pub const HELP_SET_STATUS: &str = "change the status (asks)";
pub const HELP_METADATA: &str = "code ↔ description and metadata";
pub const HELP_REVERT: &str = "revert to this version (asks)";
pub const WHAT_PACKAGES: &str = "code packages";

/// Why a view's key does nothing here.
/// `packages`: the key was the code packages' view (FairCom); else one of Auth0's.
pub fn view_not_offered(packages: bool) -> String {
    if packages {
        "No FairCom server is configured: set FAIRCOM_URL (see README) to see code packages"
            .to_string()
    } else {
        "No Auth0 tenant is configured: set AUTH0_DOMAIN (see README) to see actions".to_string()
    }
}
pub const WHAT_PACKAGE: &str = "the code package";
pub const LOADING_PACKAGES: &str = "Loading code packages…";
pub const LOADING_PACKAGE: &str = "Loading the package…";
pub const EMPTY_PACKAGES: &str = "No code packages on this server";
pub const ALREADY_CURRENT: &str = "That version is the current one";
pub const PACKAGES_HAVE_NO_DRAFT: &str =
    "Code packages have no draft: what is current is what runs — r in the history reverts";
pub const MENU_ALL: &str = "all";
pub const MENU_STATUS_FILTER: &str = " Filter by status ";
pub const MENU_TYPE_FILTER: &str = " Filter by type ";
pub const VERB_CHANGE_STATUS: &str = "Change status";
pub const VERB_REVERT: &str = "Revert";
pub const COL_PLACE: &str = "Database/owner";
pub const COL_TYPE: &str = "Type";
pub const COL_UPDATED: &str = "Updated (server time)";
pub const COL_VERSION_V: &str = "Ver";
pub const LABEL_PLACE: &str = "In      ";
pub const LABEL_UPDATED: &str = "Updated ";
pub const LABEL_DESCRIPTION: &str = "Description";
pub const LABEL_METADATA: &str = "Metadata";
pub const PACKAGE_KEYS: &str = "v history · s status · m description and metadata · u undo";
pub const NO_DESCRIPTION: &str = "(no description)";
pub const STATUS_FILTER_LABEL: &str = "status: ";

pub fn cloned_from(code_id: i64) -> String {
    format!("  (cloned from package #{code_id})")
}

pub fn created_on(when: &str) -> String {
    format!("created {when} (server time)")
}

pub fn at_by(at: &str, by: &str) -> String {
    format!("{at} by {by}")
}
pub const TYPE_FILTER_LABEL: &str = "type: ";

/// What a status means to the server.
pub fn status_meaning(status: &crate::model::CodeStatus) -> &'static str {
    use crate::model::CodeStatus::{
        Active, Deleted, Deprecated, Developing, Inactive, Other, Testing,
    };
    match status {
        Active => "runs",
        Testing => "runs (for testing)",
        Deprecated => "runs (marked for retirement)",
        Developing => "does not run (in development)",
        Inactive => "does not run",
        Deleted => "soft delete: does not run; any other status undeletes",
        Other(_) => "a status this codedeck does not know",
    }
}

pub fn menu_set_status(name: &str, now: &str) -> String {
    format!(" Status of '{name}' (now {now}) — Enter chooses, Esc cancels ")
}

pub fn confirm_status_title(name: &str, from: &str, to: &str) -> String {
    format!(" Change '{name}' from {from} to {to}? ")
}

/// What changing a package's status does, in FairCom's terms.
pub fn confirm_status(
    from: &crate::model::CodeStatus,
    to: &crate::model::CodeStatus,
    version: u32,
) -> Vec<String> {
    use crate::model::CodeStatus;
    let mut lines = vec![format!(
        "The status changes in place: version {version} stays current and no new version is made."
    )];
    lines.push(match (from.runs(), to.runs()) {
        (false, true) => {
            "The server may run it from now on (in transforms, triggers, jobs).".into()
        }
        (true, false) => {
            "Running instances finish; the server will not run it again until it is activated."
                .into()
        }
        (true, true) => "It keeps running; only the reason changes.".into(),
        (false, false) => "It stays deactivated: the server does not run it.".into(),
    });
    if *to == CodeStatus::Deleted {
        lines.push(
            "A soft delete: the package and its history stay; any other status undeletes it."
                .into(),
        );
    } else if *from == CodeStatus::Deleted {
        lines.push("This undeletes it.".into());
    }
    lines
}

pub fn confirm_revert_title(name: &str, to: u32, undo: bool) -> String {
    if undo {
        format!(" Undo: revert '{name}' to version {to} again? ")
    } else {
        format!(" Revert '{name}' to version {to}? ")
    }
}

/// What a FairCom revert does (seed 004).
/// `status`: the current version's; the revert keeps it.
pub fn confirm_revert(
    to: u32,
    current: u32,
    next: u32,
    status: Option<&crate::model::CodeStatus>,
) -> Vec<String> {
    let mut lines = vec![format!(
        "FairCom copies the current version {current} into the history, takes version {to}'s code, \
         gives it the next number ({next}) and makes it current."
    )];
    lines.push(match status {
        Some(status) if !status.runs() => format!(
            "The package is {}: the server will not run it until it is activated.",
            status.as_str()
        ),
        _ => "The server starts running it at once.".to_string(),
    });
    lines.push(format!(
        "Version {current} stays in the history: u reverts to it again."
    ));
    lines
}

pub fn reverted(name: &str, now: u32, to: u32) -> String {
    format!("'{name}' version {now} is current (the code of version {to})")
}

pub fn status_changed(name: &str, status: &str) -> String {
    format!("'{name}' is now {status}")
}

pub fn status_changed_since(now: &str) -> String {
    format!("The status changed since codedeck's change (it is {now} now): nothing to undo")
}

// Flows
pub const HELP_VIEW_FLOWS: &str = "Flows view";
pub const HELP_SECTION_FLOW_TRIGGERS: &str = "Flows: triggers";
pub const HELP_SECTION_FLOW_BINDINGS: &str = "Flows: bindings";
pub const HELP_SECTION_CONFLICT: &str = "Flow changed elsewhere";
pub const HELP_OPEN_BINDINGS: &str = "go to the trigger's bindings";
pub const HELP_FILTER_TRIGGERS: &str = "filter triggers";
pub const HELP_CLEAR_FILTER: &str = "clear the filter";
pub const HELP_PICK_UP: &str = "pick up / drop (saves at once)";
pub const HELP_MOVE_UP: &str = "move one up (saves at once)";
pub const HELP_MOVE_DOWN: &str = "move one down (saves at once)";
pub const HELP_ADD_BINDING: &str = "add an action to the flow";
pub const HELP_REMOVE_BINDING: &str = "remove from the flow (asks)";
pub const HELP_UNDO_FLOW: &str = "undo codedeck's last change here";
pub const HELP_BACK_BINDINGS: &str = "put back / back to triggers";
pub const HELP_RELOAD_THEIRS: &str = "keep the server's order";
pub const HELP_APPLY_MINE: &str = "apply my order over it";
pub const LOADING_TRIGGERS: &str = "Loading triggers…";
pub const LOADING_BINDINGS: &str = "loading…";
pub const NO_TRIGGERS: &str = "No triggers";
pub const FLOW_SAVING: &str = "saving…";
pub const FLOW_EMPTY: &str = "No actions bound — a adds one";
pub const ENTITY_BOUND: &str = "managed by Auth0 (entity-bound): read-only here";
pub const ENTITY_BOUND_SHORT: &str = "entity-bound";
/// "entity-bound" where a column has five cells.
pub const ENTITY_BOUND_TINY: &str = "auto";
pub const FLOW_HINTS: &str = "Space pick up/drop · J/K move · a add · x remove · u undo";
pub const FLOW_HOLDING: &str = "j/k to move · Space drops (saves) · Esc puts it back";
pub const FLOW_FULL: &str = "Auth0 runs at most 20 actions per trigger: remove one first";
pub const FLOW_NOTHING_TO_ADD: &str =
    "No other deployed action supports this trigger (deploy one first, or it is already bound)";
pub const FLOW_ACTIONS_LOADING: &str = "Actions are still loading — press a again in a moment";
pub const FLOW_READ_ONLY: &str =
    "This trigger's bindings are managed by Auth0 and cannot be changed here";
pub const ADD_TITLE: &str = " Add to the flow (runs last) — Enter adds, Esc cancels ";
pub const CONFLICT_TITLE: &str = " The flow changed elsewhere — nothing was sent ";
pub const CONFLICT_WHY: &str =
    "Someone changed this flow after codedeck loaded it. Saving yours now would undo their change.";
pub const CONFLICT_MINE: &str = "Your order";
pub const CONFLICT_SERVER: &str = "On the server now";
pub const CONFLICT_HINT: &str = "r/Esc keep the server's order · a apply yours over it";
pub const COL_POSITION: &str = "#";
pub const COL_TRIGGER: &str = "Trigger";
pub const COL_TRIGGER_STATUS: &str = "Status";
pub const COL_DISPLAY_NAME: &str = "Display name";
pub const COL_ACTION: &str = "Action";
pub const BOUND_LOADING: &str = "…";
pub const BOUND_UNKNOWN: &str = "?";
pub const COL_BOUND: &str = "Bound";
pub const COL_VERSION_SHORT: &str = "Ver";

pub fn flow_saved(trigger: &str) -> String {
    format!("Saved the order of {trigger}")
}

pub fn flow_changed_elsewhere(trigger: &str) -> String {
    format!("The flow of {trigger} changed elsewhere; nothing was sent — compare and choose")
}

pub fn flow_count(count: usize) -> String {
    match count {
        1 => "(1 action) ".to_string(),
        n => format!("({n} actions) "),
    }
}

/// The flow's first line; when bindings are scrolled away above, how many.
pub fn flow_start(hidden_above: usize) -> String {
    match hidden_above {
        0 => "▶ Start".to_string(),
        n => format!("▶ Start  ▲ {n} more"),
    }
}

pub fn flow_complete(hidden_below: usize) -> String {
    match hidden_below {
        0 => "■ Complete".to_string(),
        n => format!("▼ {n} more  ■ Complete"),
    }
}

pub fn flow_other_versions(versions: &[String]) -> String {
    format!("older versions: {}", versions.join(", "))
}

pub fn confirm_remove_title(name: &str, trigger: &str) -> String {
    format!(" Remove '{name}' from {trigger}? ")
}

pub fn confirm_remove(name: &str, after: &[crate::model::BoundAction]) -> Vec<String> {
    vec![
        format!(
            "'{name}' stops running in this flow at once; the action itself and its versions stay. \
             u puts it back."
        ),
        format!("After: {}", flow_names(after)),
    ]
}

/// An order by display name: `Start → A → B → Complete`.
pub fn flow_names(order: &[crate::model::BoundAction]) -> String {
    std::iter::once("Start")
        .chain(order.iter().map(|b| b.display_name.as_str()))
        .chain(std::iter::once("Complete"))
        .collect::<Vec<_>>()
        .join(" → ")
}

pub const VERB_REMOVE: &str = "Remove";
pub const VERB_UNDO: &str = "Undo";
pub const FLOW_NOT_LOADED: &str = "The flow has not loaded yet — a moment";
pub const FLOW_UNDO_WAIT: &str = "The order is still being saved — undo once it has";
pub const FLOW_RELOADED_WHILE_HOLDING: &str =
    "The flow changed on the server while you held a binding: it was put back";

pub const QUEUED_MOVES_NOT_SENT: &str = "the moves made meanwhile were not sent";

pub fn flow_not_saved(err: &str, queued_dropped: bool) -> String {
    if queued_dropped {
        format!("The order was not saved: {err} — {QUEUED_MOVES_NOT_SENT} either")
    } else {
        format!("The order was not saved: {err}")
    }
}

pub fn confirm_undo_flow_title(trigger: &str) -> String {
    format!(" Undo codedeck's last change to {trigger}? ")
}

/// What an undo that adds or removes actions will do, by name.
pub fn confirm_undo_flow(
    now: &[crate::model::BoundAction],
    back: &[crate::model::BoundAction],
) -> Vec<String> {
    let mut lines = vec![
        format!("Now:   {}", flow_names(now)),
        format!("After: {}", flow_names(back)),
    ];
    for gone in now
        .iter()
        .filter(|n| back.iter().all(|b| b.action_id != n.action_id))
    {
        lines.push(format!(
            "'{}' stops running in this flow at once.",
            gone.display_name
        ));
    }
    for added in back
        .iter()
        .filter(|b| now.iter().all(|n| n.action_id != b.action_id))
    {
        lines.push(format!(
            "'{}' runs again in this flow at once.",
            added.display_name
        ));
    }
    lines
}
pub const FLOW_UNDO_STALE: &str =
    "The flow changed since codedeck's last change to it — undo would overwrite that; reorder by hand";

// Authoring: editing drafts, dependencies and secrets, creating, deleting, test runs, executions.
use crate::model::limits::{MAX_DEPENDENCIES, MAX_SECRETS};
use crate::model::{Owner, SecretRow};

fn owner_word(owner: Owner) -> &'static str {
    match owner {
        Owner::Action => "action",
        Owner::Module => "module",
    }
}

pub fn editor_io(err: &str) -> String {
    format!("Could not hand the text to the editor: {err}. Nothing was sent.")
}
pub fn editor_failed_to_start(program: &str, err: &str) -> String {
    format!(
        "Could not start the editor '{program}': {err}. Set $VISUAL or $EDITOR. Nothing was sent."
    )
}
pub fn editor_exit(program: &str, code: Option<i32>) -> String {
    match code {
        Some(code) => {
            format!("The editor '{program}' exited with status {code}: nothing was sent.")
        }
        None => format!("The editor '{program}' was stopped: nothing was sent."),
    }
}
pub fn terminal_lost(err: &str) -> String {
    format!("The terminal could not be taken back after the editor: {err}")
}
pub fn edit_kept(why: &str, path: &std::path::Path) -> String {
    format!("{why} {}", edit_kept_at(path))
}
pub fn edit_kept_at(path: &std::path::Path) -> String {
    format!(
        "Your edit is kept in {} (and `e` starts from it).",
        path.display()
    )
}
pub const DRAFT_CHANGED_ELSEWHERE: &str =
    "The draft changed on the service since you opened it (another client?): nothing was sent. Refresh with R to see it.";
pub const DRAFT_STILL_LOADING: &str = "The draft is still loading — try again in a moment.";
pub const EDIT_UNCHANGED: &str = "Unchanged — nothing sent.";
pub fn confirm_save_draft_title(name: &str) -> String {
    format!("Save the draft of {name}?")
}
pub fn confirm_save_settings_title(name: &str) -> String {
    format!("Save the dependencies and secrets of {name}?")
}
pub fn confirm_save_draft(owner: Owner) -> Vec<String> {
    match owner {
        Owner::Action => vec![
            "PATCH /actions/actions/{id}: the draft changes and builds again.".to_string(),
            "What is live does not change until you deploy (p).".to_string(),
        ],
        Owner::Module => vec![
            "PATCH /actions/modules/{id}: the draft changes.".to_string(),
            "Actions keep the version they pin until you publish (p) and they take it.".to_string(),
        ],
    }
}
pub const VERB_SAVE: &str = "Save";
pub const VERB_DELETE: &str = "Delete";
pub const DRAFT_NOW: &str = "draft now";
pub const DRAFT_EDITED: &str = "your edit";
pub fn draft_built(name: &str) -> String {
    format!("{name}: the draft built — p deploys it.")
}
pub const FLOW_BUILT: &str = "The draft built.";
pub fn module_draft_saved(name: &str) -> String {
    format!("{name}: draft saved — p publishes it as the next version.")
}
pub fn too_many_dependencies_here() -> String {
    format!("At most {MAX_DEPENDENCIES} dependencies — remove one first.")
}
pub fn too_many_secrets_here() -> String {
    format!("At most {MAX_SECRETS} secrets — remove one first.")
}
pub const PROMPT_DEPENDENCY: &str = "Dependency (name@version)";
pub const PROMPT_SECRET_NAME: &str = "Secret name";
pub fn prompt_secret_value(name: &str) -> String {
    format!("Value of {name} (hidden)")
}
pub const SECRET_VALUE_HINT: &str =
    "Sent once with the save, never shown, logged or kept. Enter keeps it for the save, Esc drops it.";
pub const PROMPT_NAME: &str = "Name";
pub fn create_name_hint(owner: Owner) -> String {
    match owner {
        Owner::Action => "A new action: name, then trigger, runtime and code.".to_string(),
        Owner::Module => {
            "A new module: name, then its code (at most 255 characters for the name).".to_string()
        }
    }
}
pub fn name_taken(name: &str) -> String {
    format!("'{name}' is taken on this tenant — choose another name.")
}
pub const COMMAND_HINT: &str = "exec ID — show an execution (IDs are in the tenant logs)";
pub fn unknown_command(text: &str) -> String {
    format!("Unknown command ':{text}' — try ':exec ID'.")
}
pub fn execution_not_found(id: &str) -> String {
    format!("No execution {id}: it does not exist or is older than 10 days (executions are kept 10 days).")
}
pub fn payload_not_json(err: &serde_json::Error) -> String {
    format!(
        "The test event is not JSON (line {}, column {}): {err}. Nothing was sent; t opens your text again.",
        err.line(),
        err.column()
    )
}
pub const PAYLOAD_NOT_OBJECT: &str =
    "The test event must be a JSON object ({ … }). Nothing was sent; t opens your text again.";
pub fn test_failed(err: &str) -> String {
    format!("The test run failed: {err}")
}
pub const CHECKING_BINDINGS: &str = "Checking the flows this action is bound to…";
pub const NO_CURRENT_TRIGGERS: &str =
    "The tenant lists no CURRENT trigger: nothing to create an action for.";
pub const MENU_TRIGGER: &str = "Trigger (CURRENT versions)";
pub fn trigger_choice(version: &str, runtimes: usize) -> String {
    format!("{version} · {runtimes} runtime(s)")
}
pub const MENU_RUNTIME: &str = "Runtime";
pub const RUNTIME_DEFAULT: &str = "the trigger's default";
pub const MENU_START: &str = "Start from";
pub const START_TEMPLATE: &str = "The trigger's handler";
pub const START_TEMPLATE_HINT: &str = "exports.onExecute… = async (event, api) => {}";
pub const START_EMPTY: &str = "An empty file";
pub const MODULE_TEMPLATE: &str =
    "// Shared code for your actions: require it by the module's name.\nmodule.exports = {\n};\n";
pub const SETTINGS_UNCHANGED: &str = "Dependencies and secrets unchanged — nothing sent.";
pub fn settings_summary(
    dependencies: &[crate::model::Dependency],
    secrets: &[SecretRow],
) -> Vec<String> {
    let deps = if dependencies.is_empty() {
        "none".to_string()
    } else {
        dependencies
            .iter()
            .map(|d| format!("{}@{}", d.name, d.version))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut lines = vec![format!("Dependencies: {deps}")];
    for row in secrets {
        lines.push(match row {
            SecretRow::Kept(name) => format!("Secret {name}: kept"),
            SecretRow::Set(name, _) => format!("Secret {name}: new value (hidden)"),
            SecretRow::Removed(name) => format!("Secret {name}: removed"),
        });
    }
    lines
}
pub const CREATE_DRAFT: &str = "Create";
pub const CREATE_DRAFT_HINT: &str = "the draft only; p deploys it later";
pub const CREATE_AND_DEPLOY: &str = "Create and deploy";
pub const CREATE_AND_DEPLOY_HINT: &str = "waits for the build, then goes live (bind it in Flows)";
pub const CREATE_AND_PUBLISH: &str = "Create and publish";
pub const CREATE_AND_PUBLISH_HINT: &str = "version 1 is published at once";
pub const CANCEL: &str = "Cancel";
pub const CREATE_CANCELLED: &str = "Not created — nothing was sent.";
pub fn create_title(owner: Owner, name: &str) -> String {
    format!("Create the {} {name}?", owner_word(owner))
}
pub fn created(name: &str) -> String {
    format!("Created {name}.")
}
pub fn create_failed(err: &str) -> String {
    format!("Not created: {err}")
}
pub fn confirm_delete_title(owner: Owner, name: &str) -> String {
    format!("Delete the {} {name}?", owner_word(owner))
}
pub fn confirm_delete(owner: Owner, force: bool, others: &[String]) -> Vec<String> {
    let mut lines = vec![format!(
        "DELETE: the {} and every version of it go; this cannot be undone.",
        owner_word(owner)
    )];
    match owner {
        Owner::Action if force => {
            lines.push(format!("It is bound to {}.", others.join(", ")));
            lines.push(
                "Deleting with force=true detaches those bindings: the flows run without it."
                    .to_string(),
            );
        }
        Owner::Action => lines.push("It is bound to no trigger.".to_string()),
        Owner::Module if !others.is_empty() => lines.push(format!(
            "Used by {}: the service refuses to delete a module in use.",
            others.join(", ")
        )),
        Owner::Module => lines.push(diffs::MODULE_UNUSED.to_string()),
    }
    lines.push("The draft code is saved under the data dir first.".to_string());
    lines
}
pub fn deleted(name: &str, saved: &std::path::Path) -> String {
    format!("Deleted {name}. Its draft is kept in {}.", saved.display())
}
pub fn module_in_use(err: &str, users: &[String]) -> String {
    if users.is_empty() {
        format!("{err} (the module is in use)")
    } else {
        format!(
            "{err} — used by: {}. Remove it from those actions first.",
            users.join(", ")
        )
    }
}

// Help for the authoring keys.
pub const HELP_COMMAND: &str = "command line (:exec ID)";
pub const HELP_EDIT: &str = "edit the draft in $EDITOR (asks)";
pub const HELP_SETTINGS: &str = "dependencies and secrets";
pub const HELP_CREATE: &str = "create an action or module";
pub const HELP_DELETE: &str = "delete (asks)";
pub const HELP_TEST: &str = "test-run the draft (actions)";
pub const HELP_EXEC: &str = "show an execution (:exec ID)";
pub const HELP_SECTION_SETTINGS: &str = "Dependencies and secrets";
pub const HELP_ADD_DEPENDENCY: &str = "add a dependency (name@version)";
pub const HELP_ADD_SECRET: &str = "add a secret (value typed hidden)";
pub const HELP_EDIT_ROW: &str = "change it / give a new value";
pub const HELP_REMOVE_ROW: &str = "remove (again: keep)";
pub const HELP_SAVE_SETTINGS: &str = "save (asks) / go on creating";
pub const HELP_SECTION_PROMPT: &str = "Typing a value";
pub const HELP_PROMPT_ACCEPT: &str = "accept";
pub const HELP_SECTION_RESULT: &str = "Test result, execution";
pub const HELP_TEST_AGAIN: &str = "test again (edit the event)";
pub const TEST_ONLY_ACTIONS: &str = "Test runs are for actions (view 1).";
pub fn settings_title(name: &str) -> String {
    format!("Dependencies and secrets of {name}")
}
pub const SETTINGS_NEW_TITLE: &str = "Dependencies and secrets (optional)";
pub const SETTINGS_DEPENDENCIES: &str = "Dependencies (npm)";
pub const SETTINGS_SECRETS: &str = "Secrets (values are never shown)";
pub const SETTINGS_NONE: &str = "  none";
pub const SECRET_KEPT: &str = "kept";
pub const SECRET_NEW_VALUE: &str = "new value ••••";
pub const SECRET_REMOVED: &str = "removed";
pub const SETTINGS_KEYS: &str =
    "d dependency  a secret  Enter change  x remove  w save  Esc cancel";
pub const SETTINGS_KEYS_NEW: &str =
    "d dependency  a secret  Enter change  x remove  w go on  Esc cancel";
pub fn test_result_title(name: &str) -> String {
    format!("Test run of {name} (the draft)")
}
pub fn execution_title(id: &str) -> String {
    format!("Execution {id}")
}
pub const RESULT_KEYS_TEST: &str = "j/k scroll  t test again  Esc close";
pub const RESULT_KEYS: &str = "j/k scroll  Esc close";
pub const TEST_RUNNING: &str = "Running the test…";
pub const TEST_PASSED: &str = "No error thrown.";
pub const TEST_PAYLOAD: &str = "Returned payload:";
pub const LOADING_EXECUTION: &str = "Loading the execution…";
pub const EXEC_TRIGGER: &str = "Trigger";
pub const EXEC_STATUS: &str = "Status";
pub const EXEC_CREATED: &str = "Created";
pub const EXEC_NO_RESULTS: &str = "No action ran in this execution.";
pub const EXEC_FAILED: &str = "error";
pub const EXEC_OK: &str = "ok";
pub fn create_code_refused(why: &str) -> String {
    format!("{why} Your code is kept: n opens it again.")
}
pub const SECRETS_SENT_ONCE: &str =
    "Secret values are sent once with the create and are never shown, logged, journaled or kept.";
/// What saving a draft's secret list does, for its kind of object.
pub fn secrets_note(owner: Owner) -> &'static str {
    match owner {
        Owner::Action => authoring::SECRETS_REPLACE,
        Owner::Module => authoring::MODULE_SECRETS_REPLACE,
    }
}

//! Every user-facing string of the dashboard, in one place (one voice, fewer snapshot churns).

pub mod archive;
pub mod authoring;
pub mod blame;
pub mod cli;
pub mod compare;
pub mod config;
pub mod diff;
pub mod diffs;
mod editing;
pub mod export;
pub mod find;
mod flows;
pub mod history;
pub mod journal;
pub mod keys;
pub mod log_wire;
pub mod logs;
pub mod package_code;
mod packages;
pub mod promote;
// Reaching out (issue 19).
pub mod reach;
pub mod reconcile;
pub mod search;
pub mod stages;
pub mod state;
pub mod store;
pub mod theme;
pub mod transport;
pub mod warm;

// The dashboard's words by view, named as one module (`strings::X`) like the rest.
pub use editing::*;
pub use flows::*;
pub use packages::*;

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
pub const HELP_TITLE: &str = " Keys — j/k scroll · / filter · Esc closes ";
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
// Undo more than one level (issue 19).
pub const HELP_UNDO_OLDER: &str = "undo further back on this tenant (asks)";
pub const HELP_REDO: &str = "redo the last undo (asks)";
pub const NOTHING_TO_UNDO_HERE: &str =
    "Nothing to undo: codedeck's journal holds no change on this tenant that it can take back";
pub const NOTHING_TO_REDO: &str = "Nothing to redo: no undo on this tenant waits to be redone";
pub const HELP_DIFF: &str = "diff with previous (or the base)";
pub const HELP_MARK_BASE: &str = "mark as base for d (again: unmark)";
pub const HELP_DIFF_DRAFT_LIVE: &str = "diff live → draft";
pub const HELP_ROLLBACK: &str = "roll back to this version (asks)";
pub const HELP_ROLLBACK_FROM_DIFF: &str = "roll back to the left side's version (asks)";
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

pub fn confirm_undo_action_draft_title(name: &str) -> String {
    format!(" Undo: put back the draft of action '{name}'? ")
}

/// `from`: the stage a promote brought the replaced draft from.
pub fn confirm_undo_action_draft(path: &str, from: Option<&str>) -> Vec<String> {
    let replaced = match from {
        Some(from) => format!("the promote from {from}"),
        None => "the edit".to_string(),
    };
    vec![
        format!("The draft takes back the code saved before {replaced} ({path})."),
        "Its dependencies, secrets and runtime stay as they are now; nothing is deployed."
            .to_string(),
    ]
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
pub const PACKAGE_TIMELINE_KEYS: &str =
    "d diff · D base · r revert · s status · u undo · b blame · L find text";
pub const LABEL_CREATED: &str = "Created ";
pub const TIMELINE_KEYS: &str =
    "d diff · D base · = live→draft · r roll back · p deploy/publish · u undo · b blame · L find text";

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

//! Every user-facing string of the dashboard, in one place (one voice, fewer snapshot churns).

pub mod cli;
pub mod diff;

pub const APP_NAME: &str = "codedeck";
pub const DEMO_BADGE: &str = " DEMO ";
pub const DEMO_HINT: &str =
    "DEMO tenant — set AUTH0_DOMAIN and AUTH0_API_TOKEN (or a profile) to connect your own; see README";
pub const FOOTER_HELP: &str = "? help  q quit ";
pub const PROFILE_PREFIX: &str = "profile ";
pub const TOO_SMALL: &str = "Window too small — enlarge to at least 60×15";
pub const FOOTER_HINTS: &str =
    "? help   1/2 views   / filter   t trigger   Enter open   Tab focus   R refresh   q quit";

// Tabs / views
pub const VIEW_ACTIONS: &str = "Actions";
pub const VIEW_MODULES: &str = "Modules";

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
pub const HELP_TITLE: &str = " Keys — Esc closes ";
pub const HELP_SECTION_GLOBAL: &str = "Everywhere";
pub const HELP_SECTION_LIST: &str = "Lists";
pub const HELP_SECTION_DETAIL: &str = "Detail";
pub const HELP_SECTION_FILTER: &str = "Typing a filter";
pub const HELP_SECTION_PICKER: &str = "Trigger picker";
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
pub const KEYMAP_MD_HEADER: &str = "| Where | Keys | What it does |\n|---|---|---|\n";

// Flash messages
pub const WHAT_ACTIONS: &str = "actions";
pub const WHAT_ACTION: &str = "the action";
pub const WHAT_MODULES: &str = "modules";
pub const WHAT_MODULE: &str = "the module";
pub const WHAT_MODULE_USAGES: &str = "the actions using the module";
pub const REQUEST_PANICKED: &str = "the request failed unexpectedly (internal error)";
pub const REFRESHING: &str = "Refreshing…";

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

//! Words of the keys themselves: the footer's key bar, the help's filter, the messages list, and the
//! user's `[keys]` overrides refused at start.

pub const HELP_MESSAGES: &str = "the last 50 messages and their times (:messages)";
pub const HELP_FILTER_HELP: &str = "filter the keys by key or description";
pub const HELP_SECTION_MESSAGES: &str = "Messages";
pub const HELP_CLOSE_MESSAGES: &str = "close the messages";

/// The help's title while a filter is typed or kept.
pub fn help_title_filtered(filter: &str, typing: bool) -> String {
    let cursor = if typing { "▏" } else { "" };
    format!(" Keys — /{filter}{cursor} · Esc clears ")
}
pub const HELP_NO_MATCH: &str = "No key matches the filter — Esc clears it";

pub const MESSAGES_TITLE: &str = " Messages — newest first · Esc closes ";
pub const MESSAGES_NONE: &str = "Nothing has been said yet.";
/// A message made before the clock was first read.
pub const MESSAGES_NO_TIME: &str = "--:--:--";
/// Said under an error in the status line: how to put it away.
pub const ERROR_DISMISS: &str = "Esc dismisses · M lists past messages";

/// The key bar's `? help`, always shown.
pub const BAR_HELP: &str = "help";
/// Back, where it closes a popup.
pub const BAR_CLOSE: &str = "close";
/// The view keys folded into one entry.
pub const BAR_VIEWS: &str = "views";
/// The Compare view's Esc: it clears the filter.
pub const BAR_CLEAR_FILTER: &str = "clear filter";
/// The Compare view's `d` while drafts are compared: back to what is live.
pub const BAR_COMPARE_LIVE: &str = "live";
/// The moves folded into one entry.
pub const BAR_MOVE: &str = "move";
/// A popup's up and down keys.
pub const BAR_SCROLL: &str = "scroll";

/// A short label for the key bar, by the intent's config name; `None`: the bar uses the help's
/// words up to their first pause.
pub fn short_label(intent: &str) -> Option<&'static str> {
    Some(match intent {
        "quit" => "quit",
        "help" => "help",
        "command" => "command",
        "next_focus" => "focus",
        "refresh" => "refresh",
        "search" => "search",
        "messages" => "messages",
        "open" => "open",
        "back" => "back",
        "filter" => "filter",
        "trigger_picker" => "trigger",
        "versions" => "versions",
        "deploy" => "deploy",
        "undo" => "undo",
        "edit_draft" => "edit",
        "open_settings" => "settings",
        "create" => "new",
        "delete" => "delete",
        "test_action" => "test",
        "exec_prompt" => "execution",
        "diff_predecessor" => "diff",
        "mark_base" => "mark base",
        "diff_draft_live" => "draft↔live",
        "rollback" => "rollback",
        "next_change" => "next",
        "prev_change" => "prev",
        "toggle_unified" => "split/unified",
        "toggle_wrap" => "wrap",
        "toggle_folds" => "folds",
        "scroll_left" | "scroll_right" => "scroll",
        "confirm" => "confirm",
        "switch_button" => "switch",
        "pick" => "choose",
        "pick_up" => "pick up",
        "move_up" => "move up",
        "move_down" => "move down",
        "add_binding" => "add",
        "reload_theirs" => "reload",
        "apply_mine" => "apply mine",
        "status_filter" => "status",
        "type_filter" => "type",
        "set_status" => "set status",
        "toggle_metadata" => "metadata",
        "add_dependency" => "dependency",
        "add_secret" => "secret",
        "remove_binding" | "remove_row" => "remove",
        "save" => "save",
        "toggle_drafts" => "drafts",
        "pick_stages" => "stages",
        "promote" => "promote",
        "mark" => "mark",
        "blame" => "blame",
        "blame_parent" => "blame parent",
        "blame_back" => "blame back",
        "blame_diff" => "line diff",
        "pickaxe" => "pickaxe",
        "filter_keep" => "keep",
        "filter_clear" => "clear",
        "filter_erase" => "erase",
        "copy" => "copy",
        "copy_menu" => "copy…",
        _ => return None,
    })
}

pub fn unknown_mode(mode: &str, known: &[String]) -> String {
    format!(
        "config.toml [keys.{mode}]: no such mode; the modes are {}",
        known.join(", ")
    )
}

pub fn unknown_intent(mode: &str, intent: &str, known: &[String]) -> String {
    format!(
        "config.toml [keys.{mode}] {intent}: no such action in this mode; its actions are {}",
        known.join(", ")
    )
}

pub fn unknown_key(mode: &str, intent: &str, key: &str) -> String {
    format!(
        "config.toml [keys.{mode}] {intent} = \"{key}\": not a key; write one character (\"R\") \
         or a named key in angle brackets (\"<Enter>\", \"<C-r>\", \"<A-Up>\", \"<PgDn>\")"
    )
}

pub fn no_keys(mode: &str, intent: &str) -> String {
    format!("config.toml [keys.{mode}] {intent}: give at least one key")
}

pub fn key_taken_twice(mode: &str, key: &str, first: &str, second: &str) -> String {
    format!(
        "config.toml [keys]: in {mode}, {key} would be both {first} and {second}; \
         move one of them to another key"
    )
}

/// Heading of the problems found in `[keys]` (the dashboard does not start).
pub const KEYS_REFUSED: &str = "the keymap in config.toml cannot be used:";

/// `:messages` opens the list of what was said.
pub const MESSAGES_COMMAND: &str = "messages";

/// After a status message cut at a third of the screen.
pub const STATUS_CUT: &str = " … (M shows it whole)";
/// The key bar's entry while an error is shown.
pub const BAR_DISMISS: &str = "dismiss";

//! Words of the dashboard's Compare view (`5`): two stages side by side, their rows and diffs.

pub const VIEW_COMPARE: &str = "Compare";

pub const HELP_VIEW_COMPARE: &str = "Compare view (two stages)";
pub const HELP_SECTION_COMPARE: &str = "Compare";
pub const HELP_OPEN_DIFF: &str = "diff A → B, settings above";
pub const HELP_TOGGLE_DRAFTS: &str = "compare drafts ⇄ what is live";
pub const HELP_REREAD: &str = "re-read both stages";
pub const HELP_PICK_STAGES: &str = "choose the two stages";

pub const COMPARING_DRAFTS: &str = "comparing drafts (d: what is live)";
pub const COMPARING_LIVE: &str = "comparing what is live (d: drafts)";

pub const PICK_FROM: &str = "Compare from (A)";
pub fn pick_to(from: &str) -> String {
    format!("Compare {from} to (B)")
}
pub const PICK_ITEM: &str = "profile";
pub const NO_STAGES: &str =
    "no stages to compare: add two profiles to the config file, or start with --demo";
pub fn same_stage_twice(name: &str) -> String {
    format!("`{name}` compared with itself shows nothing: choose two stages")
}
pub fn unknown_stage(name: &str, known: &[String]) -> String {
    if known.is_empty() {
        format!("no profile named `{name}` (no profiles configured)")
    } else {
        format!("no profile named `{name}`; known: {}", known.join(", "))
    }
}
pub const COMPARE_USAGE: &str = "usage: :compare FROM TO (or :compare to choose)";

pub const ARROW: &str = " → ";
pub const PRODUCTION: &str = " (production)";
pub fn reading(name: &str) -> String {
    format!("reading {name}…")
}
pub fn side_failed(name: &str, why: &str) -> String {
    format!("{name}: {why} — its rows say unknown")
}
pub const CHOOSE_STAGES: &str = "No stages chosen: press c to choose two (or :compare FROM TO)";
pub const NOTHING_TO_COMPARE: &str = "Nothing to compare: neither stage holds anything";
pub const NO_MATCH: &str = "No row matches the filter";
/// A row key pressed while a side is still being read.
pub const STILL_READING: &str = "both stages are still being read";
/// A row key pressed while the filter hides every row.
pub const NO_ROW: &str = "no row matches the filter (Esc clears it)";
pub const LIVE: &str = "live";
pub const DRAFTS: &str = "drafts";

/// A kind's heading in the rows (by the kind's stable word: `action`, `module` …).
pub fn kind_heading(kind: &str) -> &'static str {
    match kind {
        "action" => "Actions",
        "module" => "Modules",
        "flow" => "Flows (bound actions in order, per trigger)",
        _ => "Packages",
    }
}

/// A row's state in words (by its stable word, `code_differs` …), naming the stage an object is
/// only in.
pub fn state_words(state: &str, from: &str, to: &str) -> String {
    match state {
        "same_mapped" => "same (mapped)".into(),
        "only_in_from" => format!("only in {from}"),
        "only_in_to" => format!("only in {to}"),
        other => other.replace('_', " "),
    }
}

/// A setting's name above the cross-stage diff (by the field's stable word).
pub fn field_label(field: &str) -> String {
    match field {
        "secrets" => "secret names".into(),
        "modules" => "module pins".into(),
        other => other.replace('_', " "),
    }
}

pub const SETTINGS_TITLE: &str = " Settings that differ (A → B) ";
pub const SETTINGS_SAME: &str = "settings are the same";
pub const NONE: &str = "(none)";
pub fn only_in(name: &str) -> String {
    format!("only in {name}: the other side has nothing to show")
}
/// A side lacks what is compared (`what`: the field's stable word, `deployed` or `published`).
pub fn lacks(name: &str, what: &str) -> String {
    match what {
        "published" => format!("{name} has never published it"),
        _ => format!("{name} has nothing live (never deployed)"),
    }
}
pub fn side_label(name: &str, drafts: bool) -> String {
    format!("{name} ({})", if drafts { DRAFTS } else { LIVE })
}
pub fn unreadable(name: &str) -> String {
    format!("{name} could not be read: nothing to diff")
}

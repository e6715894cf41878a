//! Words of line history in the dashboard: the blame gutter (`b`, `,`, `<`, Enter) and the pickaxe
//! (`/` in a timeline).

// The help column is 34 wide: these fit.
pub const HELP_BLAME: &str = "blame: who changed each line";
pub const HELP_BLAME_PARENT: &str = "blame before this line's version";
pub const HELP_BLAME_BACK: &str = "back one blame level (Esc too)";
pub const HELP_BLAME_DIFF: &str = "blame on: the diff of this line";

/// The gutter while the blame is computed, and `,`/Enter pressed meanwhile.
pub const BLAMING: &str = "blaming…";
/// `,`/`<`/Enter without the gutter.
pub const BLAME_FIRST: &str =
    "press b first: the blame gutter says which version changed each line";
/// `,`/Enter on a line the first version brought.
pub const FIRST_VERSION_LINE: &str = "this line came with the first version: nothing before it";
/// `<` with no `,` to come back from.
pub const NOTHING_TO_GO_BACK: &str = "no earlier blame to go back to";
/// A blame asked of a version the request did not hold (should not happen: said, not hidden).
pub const NO_SUCH_VERSION: &str = "that version is not among the versions given";
/// What failed, in "could not load …" words.
pub const WHAT_BLAME: &str = "the line history";

pub const HELP_PICKAXE: &str = "versions that added/removed TEXT";
/// The pickaxe's prompt.
pub const PICKAXE_PROMPT: &str = "versions that added or removed";
pub const PICKAXE_HINT: &str = "a literal text; Enter lists the versions where its count changed";
/// What failed, in "could not load …" words.
pub const WHAT_PICKAXE: &str = "the versions that changed the text";
/// `/` before the versions have loaded.
pub const VERSIONS_NOT_LOADED: &str = "the versions are still loading";

/// No version changed the count.
pub fn no_version_changed(text: &str) -> String {
    format!("no version added or removed {text:?}")
}

/// The pickaxe list's title.
pub fn pickaxe_title(text: &str, count: usize) -> String {
    format!(" {count} version(s) added or removed {text:?} ")
}

/// A listed version: its label and the change of the count (`v5  +2 −0`).
pub fn pickaxe_item(version: &str, added: usize, removed: usize) -> String {
    format!("{version:<6} +{added} −{removed}")
}

/// A listed version's hunk, in short: where it is and its first line with the text.
pub fn pickaxe_hunk(line: usize, text: &str, more: usize) -> String {
    match more {
        0 => format!("{line}: {text}"),
        more => format!("{line}: {text} (+{more} more)"),
    }
}

/// The gutter's label of a version: `v12 3d ago`, `draft 5 min ago`.
pub fn gutter_label(version: &str, when: &str) -> String {
    if when.is_empty() {
        version.to_string()
    } else {
        format!("{version} {when}")
    }
}

/// A short relative time for the gutter: `3d ago`, `5min ago`, `just now`.
pub fn short_ago(value: i64, unit: &str) -> String {
    format!("{value}{unit} ago")
}

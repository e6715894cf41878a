//! Words of finding things (issue 19): text search in the code pane and the diff, going to a
//! line, list sorting and the Actions list's filter by state.

/// The prompt of `/` in the code pane and the diff.
pub const FIND_PROMPT: &str = "/";
pub const FIND_HINT: &str = "search the text shown · Enter: go · n/N: next/previous · Esc clears";
/// At the right edge of a code line cut short: it goes on.
pub const CONTINUES: &str = "›";
pub const SEARCH_WRAPPED: &str = "search wrapped";

pub fn no_matches(query: &str) -> String {
    format!("no matches for “{query}”")
}

/// After a step: `match 3 of 12 for “token”`.
pub fn match_of(index: usize, count: usize, query: &str) -> String {
    format!("match {} of {count} for “{query}”", index + 1)
}

/// `:N` past the end.
pub fn no_such_line(line: usize, lines: usize) -> String {
    format!("no line {line}: the text has {lines}")
}

pub const NO_TEXT_TO_GO_TO: &str =
    ":N goes to line N of the code or the diff shown — open one first";

/// The diff's position: `line 12 of 80 · hunk 2/5`.
pub fn diff_position(line: usize, lines: usize, hunk: usize, hunks: usize) -> String {
    if hunks == 0 {
        format!("line {line} of {lines}")
    } else {
        format!("line {line} of {lines} · hunk {hunk}/{hunks}")
    }
}

/// The diff pane's title: what is compared, from which to which.
pub fn diff_title(object: &str, old: &str, new: &str) -> String {
    format!("{object} · {old} → {new}")
}

// Keys.
pub const HELP_FIND: &str = "search the text (n/N: next/previous match)";
pub const HELP_NEXT_MATCH_CODE: &str = "next match of the search";
pub const HELP_PREV_MATCH_CODE: &str = "previous match of the search";
pub const HELP_NEXT_MATCH: &str = "next match (without a search: next change)";
pub const HELP_PREV_MATCH: &str = "previous match (without a search: previous change)";
pub const HELP_CODE_WRAP: &str = "wrap ↔ cut long lines";
pub const HELP_BACK_DIFF: &str = "clear the search, else close the diff";
pub const HELP_SORT: &str = "sort: name / status / last deployed / created";
pub const HELP_STATE_FILTER: &str = "filter by state or trigger";

// Sorting.
pub const SORT_NAME: &str = "name";
pub const SORT_STATUS: &str = "status";
pub const SORT_DEPLOYED: &str = "last deployed";
pub const SORT_PUBLISHED: &str = "last published";
pub const SORT_CHANGED: &str = "last changed";
pub const SORT_CREATED: &str = "created";

pub fn sorted_by(word: &str) -> String {
    format!("by {word}")
}

// The Actions list's filter by state.
pub const STATE_FAILED: &str = "failed";
pub const STATE_BUILDING: &str = "building";
pub const STATE_DRAFT_DIFFERS: &str = "≠ live";
pub const STATE_NEVER_DEPLOYED: &str = "never deployed";
pub const PICKER_TITLE: &str = " Filter by trigger or state ";
/// A state in the filter picker and under the list: `state: failed`.
pub fn state_choice(label: &str) -> String {
    format!("state: {label}")
}

/// The list body when a filter leaves nothing.
pub fn no_list_matches(filter: &str) -> String {
    format!("no matches for “{filter}” — Esc clears the filter")
}

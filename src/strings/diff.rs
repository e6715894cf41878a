//! Words of the diff pane and of `codedeck diff`.

pub const PANE_TITLE: &str = " diff ";
pub const ARROW: &str = " → ";
pub const IDENTICAL: &str = "identical";
/// Shown when the texts differ only in line endings (CRLF, a final newline), which the line diff ignores.
pub const ENDINGS_ONLY: &str = "only line endings differ";
pub const MODE_UNIFIED: &str = "unified";
pub const MODE_SIDE_BY_SIDE: &str = "side by side";
pub const MODE_WRAP: &str = "wrap";
pub const MODE_ALL_LINES: &str = "all lines";

/// The line standing for a folded stretch of unchanged lines.
pub fn folded(lines: usize) -> String {
    if lines == 1 {
        "⋯ 1 unchanged line".to_string()
    } else {
        format!("⋯ {lines} unchanged lines")
    }
}

/// `codedeck diff` could not read one of its files.
pub fn cannot_read(path: &str, reason: &str) -> String {
    format!("cannot read {path}: {reason}")
}

pub const NOT_UTF8: &str = "not UTF-8 text";

/// After the counts when word pairing stopped at its cap (a huge change): later lines are not paired.
pub const WORDS_CAPPED: &str = "(changed words shown only near the top: the change is too large)";
/// On stderr with [`WORDS_CAPPED`]: what the cap left out, and that the lines themselves are exact.
pub const WORDS_CAPPED_NOTE: &str = "note: the change is too large to compare the words of every \
     changed line; changed lines past the first few megabytes show whole (the lines themselves are exact)";

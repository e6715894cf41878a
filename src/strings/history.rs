//! Words of history: search, pickaxe and blame over every stored version.

/// A search or pickaxe pattern that is empty.
pub const PATTERN_EMPTY: &str = "the pattern is empty: say what to look for";

/// A regex that matches an empty text would match every line.
pub const PATTERN_MATCHES_EMPTY: &str =
    "the pattern matches an empty line, so every line would match: make it ask for something";

/// A regex the `regex` crate refused, with its own explanation.
pub fn pattern_invalid(why: &str) -> String {
    format!("not a valid regular expression: {why}")
}

//! Words of the theme loader: why a theme name or file was refused.

pub fn theme_not_found(name_or_path: &str, builtin: &[&str]) -> String {
    format!(
        "theme '{name_or_path}' is neither a built-in theme ({}) nor an existing file",
        builtin.join(", ")
    )
}

pub fn theme_unreadable(path: &str) -> String {
    format!("cannot read theme file {path}")
}

pub fn theme_not_toml(origin: &str) -> String {
    format!("theme file {origin} is not valid TOML")
}

pub fn theme_value_not_string(origin: &str, key: &str) -> String {
    format!("theme file {origin}: key '{key}' must be a string")
}

pub fn unknown_syntax_theme(origin: &str, value: &str, known: &[String]) -> String {
    format!(
        "theme file {origin}: syntax_theme '{value}' is not a syntect theme (known: {})",
        known.join(", ")
    )
}

pub fn unknown_colour(origin: &str, key: &str, value: &str) -> String {
    format!(
        "theme file {origin}: key '{key}' has an unknown colour '{value}' (use a name or #rrggbb)"
    )
}

pub fn unknown_theme_key(origin: &str, key: &str, known: &[&str]) -> String {
    format!(
        "theme file {origin}: unknown key '{key}' (known keys: {})",
        known.join(", ")
    )
}

//! UI colours and the syntect theme name. Theme files are PARTIAL overrides of the built-in default:
//! a file names only what it changes (gitui style). Colours are names (`red`, `light-blue`, `reset`) or
//! `#rrggbb`.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{anyhow, bail, Context};
use ratatui::style::Color;

use crate::strings::theme as text;

/// Declares the colour fields once: the struct, the default values and the override logic follow.
macro_rules! theme_colors {
    ($($field:ident = $default:expr),* $(,)?) => {
        /// Colours of the dashboard. `syntax_theme` names a syntect theme for code.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Theme {
            $(pub $field: Color,)*
            pub syntax_theme: String,
        }

        impl Default for Theme {
            fn default() -> Self {
                Self { $($field: $default,)* syntax_theme: DEFAULT_SYNTAX_THEME.to_string() }
            }
        }

        impl Theme {
            fn set(&mut self, key: &str, value: Color) -> bool {
                match key {
                    $(stringify!($field) => self.$field = value,)*
                    _ => return false,
                }
                true
            }

            /// Names of every key a theme file may set.
            pub fn keys() -> Vec<&'static str> {
                vec![$(stringify!($field),)* "syntax_theme"]
            }
        }
    };
}

/// The syntect theme is highlight's; the name stays here for the callers.
pub use crate::highlight::DEFAULT_SYNTAX_THEME;

theme_colors! {
    text = Color::Reset,
    background = Color::Reset,
    muted = Color::DarkGray,
    header_fg = Color::White,
    header_bg = Color::Rgb(0x1f, 0x2a, 0x3a),
    demo_badge_fg = Color::Black,
    demo_badge_bg = Color::Rgb(0xff, 0xb8, 0x3d),
    tab_active = Color::Rgb(0x7a, 0xc4, 0xff),
    tab_inactive = Color::Gray,
    border = Color::DarkGray,
    border_focus = Color::Rgb(0x7a, 0xc4, 0xff),
    selection_fg = Color::White,
    selection_bg = Color::Rgb(0x2d, 0x4a, 0x6b),
    status_built = Color::Rgb(0x4c, 0xc3, 0x6b),
    status_failed = Color::Rgb(0xf0, 0x55, 0x55),
    status_in_progress = Color::Rgb(0xe6, 0xc0, 0x4c),
    status_other = Color::Gray,
    status_badge_fg = Color::Black,
    deployed = Color::Rgb(0x4c, 0xc3, 0x6b),
    not_deployed = Color::DarkGray,
    draft_differs = Color::Rgb(0xe6, 0xa0, 0x4c),
    flash_error_fg = Color::White,
    flash_error_bg = Color::Rgb(0xa8, 0x2a, 0x2a),
    flash_info_fg = Color::Rgb(0x7a, 0xc4, 0xff),
    line_number = Color::DarkGray,
    label = Color::Rgb(0x9a, 0xa8, 0xb8),
    help_key = Color::Rgb(0xe6, 0xc0, 0x4c),
    help_bg = Color::Rgb(0x16, 0x1c, 0x26),
    filter = Color::Rgb(0xe6, 0xc0, 0x4c),
    spinner = Color::Rgb(0x7a, 0xc4, 0xff),
    diff_deleted_bg = Color::Rgb(0x3d, 0x1f, 0x24),
    diff_inserted_bg = Color::Rgb(0x1c, 0x38, 0x26),
    diff_deleted_emph_bg = Color::Rgb(0x80, 0x2c, 0x36),
    diff_inserted_emph_bg = Color::Rgb(0x2a, 0x6b, 0x3c),
    diff_deleted_fg = Color::Rgb(0xf0, 0x55, 0x55),
    diff_inserted_fg = Color::Rgb(0x4c, 0xc3, 0x6b),
    diff_fold = Color::Rgb(0x7f, 0x8c, 0x99),
    // What can hurt: a production TARGET profile in the header.
    danger = Color::Rgb(0xff, 0x5f, 0x5f),
}

/// Theme files shipped in the binary.
const BUILTIN: &[(&str, &str)] = &[
    ("dark", include_str!("../themes/dark.toml")),
    ("light", include_str!("../themes/light.toml")),
];

impl Theme {
    /// Names of the built-in themes.
    pub fn builtin_names() -> Vec<&'static str> {
        BUILTIN.iter().map(|(name, _)| *name).collect()
    }

    /// A built-in theme by name (`dark`, `light`).
    pub fn builtin(name: &str) -> Option<Theme> {
        let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
        // The embedded files are tested (`builtin_files_parse`); were one broken, the
        // default colours would show rather than the program stop.
        Some(Theme::from_toml(text, name).unwrap_or_default())
    }

    /// A built-in name, or a path to a TOML file that overrides the default.
    pub fn load(name_or_path: &str) -> anyhow::Result<Theme> {
        if let Some(theme) = Theme::builtin(name_or_path) {
            return Ok(theme);
        }
        let path = Path::new(name_or_path);
        if !path.exists() {
            bail!(text::theme_not_found(name_or_path, &Theme::builtin_names()));
        }
        let shown = path.display().to_string();
        let read = std::fs::read_to_string(path).with_context(|| text::theme_unreadable(&shown))?;
        Theme::from_toml(&read, &shown)
    }

    /// Applies a TOML override on top of the default. `origin` names the file in errors.
    pub fn from_toml(toml_text: &str, origin: &str) -> anyhow::Result<Theme> {
        let table: BTreeMap<String, toml::Value> =
            toml::from_str(toml_text).with_context(|| text::theme_not_toml(origin))?;
        let mut theme = Theme::default();
        for (key, value) in table {
            let Some(value) = value.as_str() else {
                bail!(text::theme_value_not_string(origin, &key));
            };
            if key == "syntax_theme" {
                let known = crate::highlight::theme_names();
                if !known.iter().any(|name| name == value) {
                    bail!(text::unknown_syntax_theme(origin, value, &known));
                }
                theme.syntax_theme = value.to_string();
                continue;
            }
            let color = parse_color(value)
                .ok_or_else(|| anyhow!(text::unknown_colour(origin, &key, value)))?;
            if !theme.set(&key, color) {
                bail!(text::unknown_theme_key(origin, &key, &Theme::keys()));
            }
        }
        Ok(theme)
    }
}

fn parse_color(value: &str) -> Option<Color> {
    let value = value.trim();
    if value.starts_with('#') && value.len() != 7 {
        return None;
    }
    value.parse::<Color>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_override_keeps_the_rest_of_the_default() {
        let theme = Theme::from_toml(
            "status_failed = \"#ff0000\"\nsyntax_theme = \"InspiredGitHub\"",
            "t.toml",
        )
        .unwrap();
        assert_eq!(theme.status_failed, Color::Rgb(255, 0, 0));
        assert_eq!(theme.syntax_theme, "InspiredGitHub");
        let default = Theme::default();
        assert_eq!(theme.status_built, default.status_built);
        assert_eq!(theme.header_bg, default.header_bg);
    }

    #[test]
    fn unknown_key_is_named_in_the_error() {
        let err = Theme::from_toml("stauts_built = \"red\"", "my.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("stauts_built"), "{err}");
        assert!(err.contains("my.toml"), "{err}");
    }

    #[test]
    fn unknown_syntax_theme_is_named_in_the_error() {
        let err = Theme::from_toml("syntax_theme = \"Solarised Nope\"", "mine.toml").unwrap_err();
        let text = format!("{err:#}");
        assert!(
            text.contains("Solarised Nope") && text.contains("InspiredGitHub"),
            "{text}"
        );
    }

    #[test]
    fn bad_colour_is_named_in_the_error() {
        let err = Theme::from_toml("header_bg = \"#12\"", "my.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("header_bg") && err.contains("#12"), "{err}");
    }

    #[test]
    fn builtin_files_parse() {
        for (name, text) in BUILTIN {
            assert!(Theme::from_toml(text, name).is_ok(), "{name}");
        }
    }

    #[test]
    fn every_shipped_theme_names_its_danger_colour() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "toml"))
            .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let mut shipped = Theme::builtin_names();
        shipped.sort_unstable();
        assert_eq!(files, shipped, "every file in themes/ ships in the binary");
        for (name, text) in BUILTIN {
            let table: BTreeMap<String, toml::Value> = toml::from_str(text).unwrap();
            assert!(
                table.contains_key("danger"),
                "{name} names no danger colour"
            );
            let theme = Theme::builtin(name).unwrap();
            assert_ne!(
                theme.danger, theme.header_fg,
                "{name}: danger must stand out"
            );
            assert_ne!(theme.danger, theme.header_bg, "{name}: danger must show");
        }
    }

    #[test]
    fn builtins_load_and_differ() {
        let dark = Theme::builtin("dark").unwrap();
        let light = Theme::builtin("light").unwrap();
        assert_ne!(dark, light);
        assert_ne!(dark.syntax_theme, light.syntax_theme);
        assert!(Theme::builtin("nope").is_none());
    }

    #[test]
    fn load_reads_a_file_and_reports_missing_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.toml");
        std::fs::write(&path, "selection_bg = \"blue\"").unwrap();
        let theme = Theme::load(path.to_str().unwrap()).unwrap();
        assert_eq!(theme.selection_bg, Color::Blue);
        let err = Theme::load("/no/such/theme.toml").unwrap_err().to_string();
        assert!(err.contains("/no/such/theme.toml"), "{err}");
    }
}

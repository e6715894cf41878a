//! `codedeck diff FILE_A FILE_B`: two local files compared the way the dashboard's diff pane shows
//! versions. Exit 0 whether or not they differ (like `git diff`), 1 with `--exit-code` when they
//! differ, 2 when a file cannot be read.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, ValueEnum};

use super::connect::{config_file, theme_name};
use super::output::emit_styled;
use super::{Cli, CliError};
use crate::diff::text::{render_themed, TextOptions};
use crate::diff::Diff;
use crate::strings::diff as s;
use crate::theme::Theme;

/// Columns when stdout is not a terminal and no `--width` is given.
pub const PIPE_WIDTH: u16 = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Always,
    Never,
    /// When stdout is a terminal and NO_COLOR is unset.
    Auto,
}

impl ColorWhen {
    /// Whether to colour output going to a stream that is (`terminal`) or is not a terminal.
    pub fn enabled(self, terminal: bool) -> bool {
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

/// Columns of the terminal behind a stream (`terminal`), else [`PIPE_WIDTH`].
pub fn columns(terminal: bool) -> u16 {
    terminal
        .then(|| crossterm::terminal::size().ok().map(|(w, _)| w))
        .flatten()
        .unwrap_or(PIPE_WIDTH)
}

/// How a diff is printed: shared by every command that prints one.
#[derive(Debug, Clone, Args)]
pub struct DiffView {
    /// One column: each block's deleted lines, then its inserted lines.
    #[arg(long)]
    pub unified: bool,
    /// Columns to fill (default: the terminal's width, 120 when piped).
    #[arg(long, value_name = "N")]
    pub width: Option<u16>,
    /// Colours and syntax highlighting (auto: when stdout is a terminal and NO_COLOR is unset).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
}

impl DiffView {
    /// The renderer's options for these flags and this output.
    pub fn text_options(&self, old_label: String, new_label: String, theme: &Theme) -> TextOptions {
        let terminal = std::io::stdout().is_terminal();
        TextOptions {
            unified: self.unified,
            width: self.width.unwrap_or_else(|| columns(terminal)),
            color: self.color.enabled(terminal),
            old_label,
            new_label,
            syntax_theme: theme.syntax_theme.clone(),
        }
    }

    /// Diffs two texts and prints the result; returns the diff (for `--exit-code`).
    pub fn print(&self, old: (String, Arc<str>), new: (String, Arc<str>), theme: &Theme) -> Diff {
        let diff = Diff::new(old.1, new.1);
        emit_styled(&render_themed(
            &diff,
            &self.text_options(old.0, new.0, theme),
            theme,
        ));
        if diff.words_capped {
            eprintln!("{}", s::WORDS_CAPPED_NOTE);
        }
        diff
    }
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version.
    pub old: PathBuf,
    /// The new version.
    pub new: PathBuf,
    #[command(flatten)]
    pub view: DiffView,
    /// Exit 1 when the files differ (as `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
}

pub fn run(args: &DiffArgs, cli: &Cli) -> Result<(), CliError> {
    let old = read(&args.old)?;
    let new = read(&args.new)?;
    let (file, _) = config_file(cli)?;
    let theme = Theme::load(&theme_name(cli, &file, cli.profile.as_deref()))
        .map_err(|e| CliError::Usage(format!("{e:#}")))?;
    let diff = args.view.print(
        (args.old.display().to_string(), old),
        (args.new.display().to_string(), new),
        &theme,
    );
    if args.exit_code && !diff.is_identical() {
        std::process::exit(1);
    }
    Ok(())
}

fn read(path: &Path) -> Result<Arc<str>, CliError> {
    let shown = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| CliError::Usage(s::cannot_read(&shown, &e.to_string())))?;
    String::from_utf8(bytes)
        .map(Arc::from)
        .map_err(|_| CliError::Usage(s::cannot_read(&shown, s::NOT_UTF8)))
}

//! `codedeck diff FILE_A FILE_B`: two local files compared the way the dashboard's diff pane shows
//! versions. Exit 0 whether or not they differ (like `git diff`), 1 with `--exit-code` when they
//! differ, 2 when a file cannot be read.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, ValueEnum};

use super::commands::emit;
use super::connect::{config_file, theme_name};
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

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version.
    pub old: PathBuf,
    /// The new version.
    pub new: PathBuf,
    /// One column: each block's deleted lines, then its inserted lines.
    #[arg(long)]
    pub unified: bool,
    /// Columns to fill (default: the terminal's width, 120 when piped).
    #[arg(long, value_name = "N")]
    pub width: Option<u16>,
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
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
    let terminal = std::io::stdout().is_terminal();
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let width = args.width.unwrap_or_else(|| {
        terminal
            .then(|| crossterm::terminal::size().ok().map(|(w, _)| w))
            .flatten()
            .unwrap_or(PIPE_WIDTH)
    });
    let diff = Diff::new(old, new);
    let opts = TextOptions {
        unified: args.unified,
        width,
        color,
        old_label: args.old.display().to_string(),
        new_label: args.new.display().to_string(),
        syntax_theme: theme.syntax_theme.clone(),
    };
    emit(&render_themed(&diff, &opts, &theme));
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

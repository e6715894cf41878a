//! `codedeck log NAME -S TEXT` (the versions that added or removed TEXT, with their hunks, like
//! `git log -S`) and `codedeck blame NAME [--version N]` (each line's version): one object's stored
//! versions, read from the history store, answered by `history`.

use std::io::IsTerminal;

use clap::Args;
use serde::Serialize;

use super::output::{emit, emit_styled, print_json, say};
use super::search_cmd::{before_reading, open_places, pattern, read, PlaceArgs};
use super::{Cli, CliError};
use crate::history::{self, Revision};
use crate::model::Timestamp;
use crate::store::{StoredCode, StoredVersion};
use crate::strings::search as words;

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The object (action, module or code package) by name or id.
    #[arg(value_name = "NAME|ID")]
    pub name: String,
    /// List the versions where the number of occurrences of TEXT changed (git log -S).
    #[arg(short = 'S', value_name = "TEXT", required = true)]
    pub pickaxe: String,
    /// Read TEXT as a regular expression.
    #[arg(long, short = 'E')]
    pub regex: bool,
    /// Ignore case.
    #[arg(long = "ignore-case", short = 'i')]
    pub ignore_case: bool,
    #[command(flatten)]
    pub places: PlaceArgs,
}

#[derive(Debug, Args)]
pub struct BlameArgs {
    /// The object (action, module or code package) by name or id.
    #[arg(value_name = "NAME|ID")]
    pub name: String,
    /// Blame this version (default: the newest stored).
    #[arg(long, value_name = "N")]
    pub version: Option<u32>,
    /// Print JSON: an array of {line, text, version, created_at}.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub places: PlaceArgs,
}

/// One object's stored versions (drafts left out), oldest first.
struct Object {
    code: StoredCode,
}

impl Object {
    fn versions(&self) -> &[StoredVersion] {
        &self.code.versions
    }

    fn revisions(&self) -> Vec<Revision<'_>> {
        self.code
            .versions
            .iter()
            .map(|v| Revision {
                number: v.number,
                id: &v.version_id,
                created_at: v.created_at.as_deref().and_then(parse_time),
                code: self.code.code(v.blob).unwrap_or_default(),
            })
            .collect()
    }
}

fn parse_time(text: &str) -> Option<Timestamp> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// The one stored object named (or with id) `name`, its numbered versions oldest first.
async fn object(cli: &Cli, name: &str, places: &PlaceArgs) -> Result<Object, CliError> {
    before_reading(cli).await?;
    let (store, chosen) = open_places(cli, places)?;
    let service = places.service.map(super::search_cmd::ServiceChoice::store);
    let code = read(&store, chosen.as_deref(), |v| {
        !v.draft
            && (v.name == name || v.object_id == name)
            && service.is_none_or(|s| s == v.place.service)
    })?;
    let groups = code.by_object();
    match groups.as_slice() {
        [] => Err(CliError::Usage(words::unknown_object(name))),
        [_] => Ok(Object { code }),
        several => {
            let labels: Vec<String> = several
                .iter()
                .map(|g| {
                    format!(
                        "{} {} in {}",
                        g[0].kind.as_str(),
                        g[0].name,
                        g[0].place.label()
                    )
                })
                .collect();
            Err(CliError::Usage(words::ambiguous_object(
                name,
                &labels.join("; "),
            )))
        }
    }
}

fn label(version: &StoredVersion) -> String {
    words::version_heading(version.number, version.live, version.pruned)
}

fn when(version: &StoredVersion) -> String {
    version
        .created_at
        .clone()
        .unwrap_or_else(|| words::UNKNOWN_TIME.to_string())
}

/// `codedeck log NAME -S TEXT`.
pub(super) async fn log(args: &LogArgs, cli: &Cli) -> Result<(), CliError> {
    let pattern = pattern(&args.pickaxe, args.regex, args.ignore_case)?;
    let object = object(cli, &args.name, &args.places).await?;
    let revisions = object.revisions();
    let hits = history::pickaxe(&revisions, &pattern);
    if hits.is_empty() {
        say(&words::no_pickaxe(&args.pickaxe, &args.name));
        return Ok(());
    }
    let colour = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let first = &object.versions()[0];
    let mut out = String::new();
    out.push_str(&words::object_heading(
        first.kind.as_str(),
        &first.name,
        &first.place.label(),
    ));
    out.push('\n');
    for hit in &hits {
        let version = &object.versions()[hit.at];
        out.push('\n');
        out.push_str(&words::pickaxe_heading(
            &label(version),
            &when(version),
            hit.before,
            hit.after,
        ));
        out.push('\n');
        let old = crate::diff::lines(if hit.at == 0 {
            ""
        } else {
            revisions[hit.at - 1].code
        });
        let new = crate::diff::lines(revisions[hit.at].code);
        for hunk in &hit.hunks {
            let (o, n) = (&hunk.lines.old, &hunk.lines.new);
            out.push_str(&format!(
                "@@ -{},{} +{},{} @@\n",
                o.start + 1,
                o.len(),
                n.start + 1,
                n.len()
            ));
            for line in &old[o.clone()] {
                push_diff_line(&mut out, '-', line, colour);
            }
            for line in &new[n.clone()] {
                push_diff_line(&mut out, '+', line, colour);
            }
        }
    }
    emit_styled(&out);
    Ok(())
}

fn push_diff_line(out: &mut String, sign: char, line: &str, colour: bool) {
    let safe = crate::model::terminal_safe(line);
    let style = if sign == '-' { "\x1b[31m" } else { "\x1b[32m" };
    if colour {
        out.push_str(&format!("{style}{sign}{safe}\x1b[0m\n"));
    } else {
        out.push_str(&format!("{sign}{safe}\n"));
    }
}

/// One blamed line as `--json` prints it.
#[derive(Debug, Serialize)]
struct BlamedLine<'a> {
    line: usize,
    text: &'a str,
    version: u32,
    created_at: Option<&'a str>,
}

/// `codedeck blame NAME [--version N]`.
pub(super) async fn blame(args: &BlameArgs, cli: &Cli) -> Result<(), CliError> {
    let object = object(cli, &args.name, &args.places).await?;
    let versions = object.versions();
    let at = match args.version {
        None => versions.len() - 1,
        Some(number) => versions
            .iter()
            .position(|v| v.number == Some(number))
            .ok_or_else(|| {
                let known: Vec<String> = versions
                    .iter()
                    .filter_map(|v| v.number)
                    .map(crate::strings::version_label)
                    .collect();
                CliError::Usage(words::version_not_stored(
                    &args.name,
                    number,
                    &known.join(", "),
                ))
            })?,
    };
    let revisions = object.revisions();
    let Some(blamed) = history::blame(&revisions, at) else {
        return Err(CliError::Usage(words::unknown_object(&args.name)));
    };
    let lines = crate::diff::lines(revisions[at].code);
    let rows: Vec<BlamedLine> = blamed
        .lines
        .iter()
        .zip(&lines)
        .enumerate()
        .map(|(index, (origin, text))| {
            let version = &versions[origin.origin];
            BlamedLine {
                line: index + 1,
                text,
                version: version.number.unwrap_or_default(),
                created_at: version.created_at.as_deref(),
            }
        })
        .collect();
    if args.json {
        return print_json(&rows);
    }
    let width = rows.len().to_string().len();
    let mut out = String::new();
    for row in &rows {
        let when = row
            .created_at
            .map_or(words::UNKNOWN_TIME, |t| t.get(..10).unwrap_or(t));
        out.push_str(&format!(
            "{:<5} {:<12} {:>width$}│ {}\n",
            crate::strings::version_label(row.version),
            when,
            row.line,
            row.text
        ));
    }
    emit(&out);
    Ok(())
}

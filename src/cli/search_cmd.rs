//! `codedeck search PATTERN`: every stored version (and draft) of every object, searched once per
//! distinct code, hits grouped object → version (newest first). It reads the local history store
//! after [`before_reading`] brought it up to date (a sync of the named connection, not offline).
//!
//! Which places: `--profile P` (its tenant and FairCom server), `--all-profiles` (everything
//! stored), `--demo` (the demo's store, all of it); else the config's default profile, else
//! everything stored.

use std::io::IsTerminal;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::output::{emit_styled, print_json, say};
use super::store_cmd::{places_of_profile, store_path};
use super::{Cli, CliError};
use crate::history::{
    self, EntryFacts, LineHit, ObjectHits, Pattern, PatternKind, Scope, VersionKey,
};
use crate::model::terminal_safe;
use crate::store::{ObjectKind, Place, Service, Store, StoredCode, StoredVersion};
use crate::strings::search as words;

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The text to find (a literal unless --regex).
    pub pattern: String,
    /// Read PATTERN as a regular expression (Rust regex syntax; ^ and $ match at each line).
    #[arg(long, short = 'E')]
    pub regex: bool,
    /// Ignore case.
    #[arg(long = "ignore-case", short = 'i')]
    pub ignore_case: bool,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Print JSON instead of text: an array of hits {kind, name, tenant, version, version_id, line, text}.
    #[arg(long)]
    pub json: bool,
}

/// The scope flags of `codedeck search`.
#[derive(Debug, Args)]
pub struct ScopeArgs {
    /// Only what runs now (each object's live version).
    #[arg(long)]
    pub live: bool,
    /// Only drafts (as last seen); with --live, either.
    #[arg(long)]
    pub drafts: bool,
    /// Only the object of this exact name.
    #[arg(long, value_name = "NAME")]
    pub object: Option<String>,
    #[command(flatten)]
    pub places: PlaceArgs,
}

/// Which stored places a history command reads.
#[derive(Debug, Args)]
pub struct PlaceArgs {
    /// Every tenant and FairCom server stored (not only the profile's).
    #[arg(long, conflicts_with = "profile")]
    pub all_profiles: bool,
    /// Only this service's objects.
    #[arg(long, value_enum, value_name = "SERVICE")]
    pub service: Option<ServiceChoice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ServiceChoice {
    /// Actions and modules.
    Auth0,
    /// Code packages.
    Faircom,
}

impl ServiceChoice {
    pub(super) fn store(self) -> Service {
        match self {
            Self::Auth0 => Service::Auth0,
            Self::Faircom => Service::FairCom,
        }
    }

    fn history(self) -> history::Service {
        match self {
            Self::Auth0 => history::Service::Auth0,
            Self::Faircom => history::Service::FairCom,
        }
    }
}

/// The hook every history command calls before it reads the store: the connection the command
/// names is synced first (only what is new is fetched), unless `--offline`.
pub(super) async fn before_reading(cli: &Cli) -> Result<(), CliError> {
    super::sync_cmd::before_reading(cli, None).await;
    Ok(())
}

/// The store and the places to read, or why there is nothing to read (exit 2).
pub(super) fn open_places(
    cli: &Cli,
    places: &PlaceArgs,
) -> Result<(Store, Option<Vec<Place>>), CliError> {
    let chosen = if places.all_profiles || cli.demo {
        None
    } else if let Some(name) = cli.profile.as_deref() {
        Some(places_of_profile(cli, name)?)
    } else {
        let (file, _) = super::connect::config_file(cli)?;
        match file.default_profile.as_deref() {
            Some(name) => Some(places_of_profile(cli, name)?),
            None => None,
        }
    };
    let shown = chosen.as_ref().map_or_else(
        || words::ALL_PLACES.to_string(),
        |p| p.iter().map(Place::label).collect::<Vec<_>>().join(", "),
    );
    let path = store_path(cli.demo)?;
    // Reading must not make a store: an absent file is an empty one.
    if !path.exists() {
        return Err(CliError::Usage(words::nothing_stored(&shown)));
    }
    let store = Store::open(&path).map_err(|e| CliError::Usage(e.to_string()))?;
    let stored = store
        .places()
        .map_err(|e| CliError::Other(anyhow::anyhow!(e.to_string())))?;
    let any = match &chosen {
        Some(wanted) => stored.iter().any(|p| wanted.contains(p)),
        None => !stored.is_empty(),
    };
    if !any {
        return Err(CliError::Usage(words::nothing_stored(&shown)));
    }
    Ok((store, chosen))
}

/// Reads the stored versions `admit` keeps, of the places chosen.
pub(super) fn read(
    store: &Store,
    places: Option<&[Place]>,
    admit: impl Fn(&StoredVersion) -> bool,
) -> Result<StoredCode, CliError> {
    store
        .stored_code(places, admit)
        .map_err(|e| CliError::Other(anyhow::anyhow!(e.to_string())))
}

/// The facts a [`Scope`] asks of a stored version.
pub(super) fn facts(version: &StoredVersion) -> EntryFacts<'_> {
    EntryFacts {
        service: match version.place.service {
            Service::Auth0 => history::Service::Auth0,
            Service::FairCom => history::Service::FairCom,
        },
        name: &version.name,
        live: version.live,
        draft: version.draft,
    }
}

/// The pattern as asked, or why it cannot be searched for (exit 2).
pub(super) fn pattern(text: &str, regex: bool, ignore_case: bool) -> Result<Pattern, CliError> {
    let kind = if regex {
        PatternKind::Regex
    } else {
        PatternKind::Literal
    };
    Pattern::new(text, kind, ignore_case).map_err(|e| CliError::Usage(e.to_string()))
}

/// One hit as `--json` prints it.
#[derive(Debug, Serialize)]
struct JsonHit<'a> {
    kind: ObjectKind,
    name: &'a str,
    tenant: &'a str,
    /// A number, or "draft".
    version: serde_json::Value,
    version_id: &'a str,
    line: usize,
    text: &'a str,
}

pub(super) async fn run(args: &SearchArgs, cli: &Cli) -> Result<(), CliError> {
    let pattern = pattern(&args.pattern, args.regex, args.ignore_case)?;
    before_reading(cli).await?;
    let (store, places) = open_places(cli, &args.scope.places)?;
    let scope = Scope {
        live: args.scope.live,
        drafts: args.scope.drafts,
        object: args.scope.object.clone(),
        service: args.scope.places.service.map(ServiceChoice::history),
    };
    let code = read(&store, places.as_deref(), |v| scope.admits(&facts(v)))?;
    if let Some(name) = &args.scope.object {
        if !code.versions.iter().any(|v| &v.name == name) {
            return Err(CliError::Usage(words::unknown_object(name)));
        }
    }
    let found = crate::shell::search::search_stored(&code, &pattern);
    if args.json {
        let hits: Vec<JsonHit> = found
            .iter()
            .flat_map(|object| &object.versions)
            .flat_map(|version| {
                let stored = &code.versions[version.version.1];
                version.hits.iter().map(move |hit| JsonHit {
                    kind: stored.kind,
                    name: &stored.name,
                    tenant: &stored.place.name,
                    version: stored
                        .number
                        .map_or_else(|| "draft".into(), serde_json::Value::from),
                    version_id: &stored.version_id,
                    line: hit.line,
                    text: &hit.text,
                })
            })
            .collect();
        print_json(&hits)?;
    } else {
        let colour = std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        emit_styled(&render(&code, &found, colour));
    }
    if found.is_empty() {
        say(&words::no_matches(&args.pattern, code.versions.len()));
        return Err(CliError::Status(1));
    }
    Ok(())
}

const BOLD: &str = "\x1b[1m";
const MATCH: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

/// The hits as text: an object heading, each version's label, each hit `line: text` with the match
/// emphasised when `colour`. Remote text is made safe span by span.
fn render(
    code: &StoredCode,
    found: &[ObjectHits<usize, (VersionKey, usize)>],
    colour: bool,
) -> String {
    let mut out = String::new();
    for object in found {
        let first = &code.versions[object.object];
        let heading = words::object_heading(first.kind.as_str(), &first.name, &first.place.label());
        push_line(&mut out, &heading, colour.then_some(BOLD));
        for version in &object.versions {
            let stored = &code.versions[version.version.1];
            out.push_str("  ");
            out.push_str(&terminal_safe(&words::version_heading(
                stored.number,
                stored.live,
                stored.pruned,
            )));
            out.push('\n');
            for hit in version.hits.iter() {
                out.push_str(&format!("    {:>4}: ", hit.line));
                out.push_str(&emphasised(hit, colour));
                out.push('\n');
            }
        }
    }
    out
}

fn push_line(out: &mut String, text: &str, style: Option<&str>) {
    match style {
        Some(style) => out.push_str(&format!("{style}{}{RESET}\n", terminal_safe(text))),
        None => out.push_str(&format!("{}\n", terminal_safe(text))),
    }
}

/// A hit's line with its matches in colour (or plain), each span made safe on its own.
pub(super) fn emphasised(hit: &LineHit, colour: bool) -> String {
    if !colour {
        return terminal_safe(&hit.text).into_owned();
    }
    let mut out = String::new();
    let mut at = 0;
    for range in &hit.matches {
        out.push_str(&terminal_safe(&hit.text[at..range.start]));
        out.push_str(MATCH);
        out.push_str(&terminal_safe(&hit.text[range.clone()]));
        out.push_str(RESET);
        at = range.end;
    }
    out.push_str(&terminal_safe(&hit.text[at..]));
    out
}

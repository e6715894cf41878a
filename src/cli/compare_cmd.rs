//! `codedeck compare --from A --to B`: two stages (profiles: tenants, FairCom places) compared
//! object by object, matched by name. Each stage is its own connection; one that fails leaves its
//! rows `unknown` and the other is still read. Exit 0, or with `--exit-code` 1 when anything
//! differs; 2 on usage or configuration errors; 3 when a side could not be read.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, ValueEnum};

use super::connect::{connect_stages, ConnectedStage};
use super::output::{emit, print_json, say};
use super::table::Table;
use super::{Cli, CliError};
use crate::config::Stage;
use crate::stages::{self, Keywords, Mapping, Options, Reading, Row, Snapshot, State};
use crate::strings::stages as text;

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The stage compared from: a profile of the config file (with --demo: demo-dev, the default).
    #[arg(long, value_name = "PROFILE")]
    pub from: Option<String>,
    /// The stage compared to (with --demo: demo-prod, the default).
    #[arg(long, value_name = "PROFILE")]
    pub to: Option<String>,
    /// Print a JSON array of rows {kind, name, state, differences} instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when anything differs, 0 when all is the same (like `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
    /// Compare the drafts of actions and modules instead of what is live (deployed, published).
    #[arg(long)]
    pub drafts: bool,
    /// a0deploy's AUTH0_KEYWORD_REPLACE_MAPPINGS as JSON: ##KEY## and @@KEY@@ markers in FROM's
    /// code are rewritten with these values before comparing.
    #[arg(long, value_name = "FILE")]
    pub keywords: Option<PathBuf>,
    /// Compare one service only (when a profile names only one of them).
    #[arg(long, value_enum, value_name = "SERVICE")]
    pub only: Option<ServiceArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ServiceArg {
    /// Actions, modules and flows.
    Auth0,
    /// Code packages.
    Faircom,
}

/// `codedeck compare …`.
pub(super) async fn run(args: &CompareArgs, cli: &Cli) -> Result<(), CliError> {
    let keywords = match &args.keywords {
        Some(path) => read_keywords(path)?,
        None => Keywords::default(),
    };
    let (from, to) = connect_stages(cli, args.from.as_deref(), args.to.as_deref()).await?;
    let compared = services(&from.stage, &to.stage, args.only)?;
    for side in [&from, &to] {
        side.connected
            .backend
            .report_waits(waits_of(&side.stage.name));
    }
    let reading = |stage: &Stage| Reading {
        auth0: compared.auth0,
        faircom: compared.faircom,
        scope: stages::PackageScope {
            database: stage.faircom_database.clone(),
            owner: stage.faircom_owner.clone(),
        },
    };
    say(&text::comparing(
        &from.stage.name,
        &to.stage.name,
        to.stage.production,
        args.drafts,
    ));
    let (read_from, read_to) = (reading(&from.stage), reading(&to.stage));
    let (a, b) = tokio::join!(
        stages::gather(&*from.connected.backend, &read_from),
        stages::gather(&*to.connected.backend, &read_to),
    );
    tokio::join!(from.connected.backend.close(), to.connected.backend.close());
    let options = Options {
        drafts: args.drafts,
        mapping: Mapping::between(&from.stage.replace.0, &to.stage.replace.0)
            .with_keywords(keywords),
    };
    let rows = stages::compare(&a, &b, &options);
    let some_failed = !(a.failures().is_empty() && b.failures().is_empty());
    if args.json {
        print_json(&rows)?;
    } else if rows.is_empty() {
        say(if some_failed {
            text::NOTHING_READ
        } else {
            text::NOTHING_TO_COMPARE
        });
    } else {
        emit(&table(&rows, &from, &to));
    }
    let naming = stages::PackageNaming::of(&a.scope, &b.scope);
    for (side, snapshot) in [(&from, &a), (&to, &b)] {
        for name in stages::named_twice(snapshot, naming) {
            say(&text::package_named_twice(&side.stage.name, &name));
        }
    }
    let failed = report_failures(&from, &a) | report_failures(&to, &b);
    if failed {
        return Err(CliError::Status(3));
    }
    if args.exit_code && rows.iter().any(|r| !r.state.is_same()) {
        return Err(CliError::Status(1));
    }
    Ok(())
}

pub(super) fn read_keywords(path: &std::path::Path) -> Result<Keywords, CliError> {
    let shown = path.display().to_string();
    let json = std::fs::read_to_string(path)
        .map_err(|e| CliError::Usage(text::cannot_read_keywords(&shown, &e.to_string())))?;
    Keywords::parse(&json).map_err(|e| CliError::Usage(text::bad_keywords(&shown, &e.0)))
}

/// Which services both stages have: the one `--only` names, else every one either names (each
/// must then be on both sides).
pub(super) fn services(
    from: &Stage,
    to: &Stage,
    only: Option<ServiceArg>,
) -> Result<crate::model::Services, CliError> {
    let auth0 = only.is_none_or(|s| s == ServiceArg::Auth0) && (from.has_auth0() || to.has_auth0());
    let faircom =
        only.is_none_or(|s| s == ServiceArg::Faircom) && (from.has_faircom() || to.has_faircom());
    for (wanted, has, service) in [
        (
            auth0,
            Stage::has_auth0 as fn(&Stage) -> bool,
            text::SERVICE_AUTH0,
        ),
        (faircom, Stage::has_faircom, text::SERVICE_FAIRCOM),
    ] {
        if !wanted {
            continue;
        }
        for (stage, other) in [(from, to), (to, from)] {
            if !has(stage) {
                return Err(CliError::Usage(text::profile_lacks(
                    &stage.name,
                    &other.name,
                    service,
                )));
            }
        }
    }
    if !auth0 && !faircom {
        return Err(CliError::Usage(text::NO_SERVICE_COMPARED.to_string()));
    }
    Ok(crate::model::Services { auth0, faircom })
}

/// Waits (a rate limit, a slow answer) said on stderr with the stage they happen on.
pub(super) fn waits_of(stage: &str) -> crate::backend::waits::WaitReporter {
    let stage = stage.to_string();
    Arc::new(move |event: crate::model::WaitEvent| {
        if let Some(line) = event.line() {
            say(&text::on_stage(&stage, &line));
        }
    })
}

/// Says on stderr what a side could not read; true when there was anything.
fn report_failures(side: &ConnectedStage, snapshot: &Snapshot) -> bool {
    let failures = snapshot.failures();
    // One error often stands for several kinds (a 401 for actions, modules and flows).
    let mut said: Vec<String> = Vec::new();
    for words in failures.iter().map(|(_, e)| e.to_string()) {
        if said.contains(&words) {
            continue;
        }
        let kinds: Vec<&str> = failures
            .iter()
            .filter(|(_, e)| e.to_string() == words)
            .map(|(k, _)| k.as_str())
            .collect();
        say(&text::side_failed(&side.stage.name, &kinds, &words));
        said.push(words);
    }
    !failures.is_empty()
}

fn table(rows: &[Row], from: &ConnectedStage, to: &ConnectedStage) -> String {
    let mut t = Table::new(text::COMPARE_HEADER);
    for row in rows {
        t.row(vec![
            row.kind.as_str().to_string(),
            row.name.clone(),
            state_words(row.state, &from.stage.name, &to.stage.name),
            row.differences
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ]);
    }
    t.render()
}

/// A state in words for the table (the JSON has the stable words).
fn state_words(state: State, from: &str, to: &str) -> String {
    match state {
        State::OnlyInFrom => text::only_in(from),
        State::OnlyInTo => text::only_in(to),
        State::Same => text::STATE_SAME.to_string(),
        State::SameMapped => text::STATE_SAME_MAPPED.to_string(),
        State::CodeDiffers => text::STATE_CODE_DIFFERS.to_string(),
        State::SettingsDiffer => text::STATE_SETTINGS_DIFFER.to_string(),
        State::Unknown => text::STATE_UNKNOWN.to_string(),
    }
}

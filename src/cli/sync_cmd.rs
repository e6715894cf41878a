//! `codedeck sync [--profile P] [--all-profiles]`: fills the history store through the archive
//! (only what is new is fetched), a progress bar on stderr when it is a terminal, a line of summary
//! per place, and exit 1 naming what could not be synced (the rest is kept).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::connect::{config_file, connect};
use super::output::{emit, say};
use super::{Cli, CliError};
use crate::archive::sync::{sync, Progress};
use crate::strings::archive as words;

struct Bar(ProgressBar);

impl Progress for Bar {
    fn found(&self, count: usize) {
        self.0.inc_length(count as u64);
    }
    fn done(&self, name: &str) {
        self.0
            .set_message(crate::model::terminal_safe(name).into_owned());
        self.0.inc(1);
    }
}

fn bar(label: &str) -> Bar {
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    if let Ok(style) = ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {wide_msg}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(label.to_string());
    Bar(bar)
}

pub async fn run(mut cli: Cli, all_profiles: bool) -> Result<(), CliError> {
    if cli.offline {
        return Err(CliError::Usage(words::NEEDS_CONNECTION.to_string()));
    }
    if !all_profiles {
        return sync_one(&cli).await;
    }
    let (file, _) = config_file(&cli)?;
    if file.profiles.is_empty() {
        return Err(CliError::Usage(words::NO_PROFILES_TO_SYNC.to_string()));
    }
    let mut failed = 0;
    for name in file.profiles.keys() {
        cli.profile = Some(name.clone());
        match sync_one(&cli).await {
            Ok(()) => {}
            Err(CliError::Status(_)) => failed += 1,
            Err(e) => {
                say(&words::sync_failed(name, &e.to_string()));
                failed += 1;
            }
        }
    }
    if failed > 0 {
        say(&words::sync_failures(failed));
        return Err(CliError::Status(1));
    }
    Ok(())
}

/// Before a history command (search, log -S, blame, export) reads the store: brings it up to date
/// for the connection it names — `profile`, else `--profile`, the environment or the default
/// profile, or the demo — fetching only what is new. Not with `--offline`. A sync that cannot run
/// is said on stderr and the command goes on with what is stored (it is a reader, not a sync).
pub(super) async fn before_reading(cli: &Cli, profile: Option<&str>) {
    if cli.offline || !names_a_connection(cli, profile) {
        return;
    }
    let target = Cli {
        demo: cli.demo,
        profile: profile.map(str::to_string).or_else(|| cli.profile.clone()),
        theme: None,
        config: cli.config.clone(),
        offline: false,
        from: None,
        to: None,
        command: Some(super::Command::Sync {
            all_profiles: false,
        }),
    };
    match sync_quietly(&target, false).await {
        // The objects that failed were named already.
        Ok(()) | Err(CliError::Status(_)) => {}
        Err(e) => say(&words::not_brought_up_to_date(&e.to_string())),
    }
}

/// The command names something to connect to (with nothing configured, a history command reads
/// what is stored and does not tell how to configure a connection it did not ask for).
fn names_a_connection(cli: &Cli, profile: Option<&str>) -> bool {
    let named = profile.or(cli.profile.as_deref());
    // A file that cannot be read names nothing by default (the sync would say why, the reading too).
    let file = config_file(cli).map(|(file, _)| file).unwrap_or_default();
    crate::config::names_a_target(cli.demo, named, &file, &crate::config::Env::from_process())
}

async fn sync_one(cli: &Cli) -> Result<(), CliError> {
    sync_quietly(cli, true).await
}

/// One connection synced; `summary`: its line of summary on stdout (a history command's stdout is
/// its answer, so before one nothing is printed there).
async fn sync_quietly(cli: &Cli, summary: bool) -> Result<(), CliError> {
    let conn = connect(cli).await?;
    let Some(archive) = conn.archive.clone() else {
        // Said already why; a sync without its store has nothing to do.
        return Err(CliError::Other(anyhow::anyhow!(conn
            .store_problem
            .clone()
            .unwrap_or_default())));
    };
    conn.backend
        .report_waits(crate::backend::waits::to_stderr());
    let label = archive.places().label();
    let progress = bar(&words::syncing(&label));
    let synced = sync(&archive, &progress).await;
    progress.0.finish_and_clear();
    conn.backend.close().await;
    if summary {
        emit(&format!(
            "{}\n",
            words::sync_summary(&label, synced.objects, synced.new_versions, synced.pruned)
        ));
    }
    for conflict in archive.conflicts() {
        say(&words::version_conflict(
            conflict.kind.as_str(),
            &conflict.object_id,
            conflict.number,
        ));
    }
    if synced.failed.is_empty() {
        return Ok(());
    }
    for (what, why) in &synced.failed {
        say(&words::sync_failed(what, &why.to_string()));
    }
    say(&words::sync_failures(synced.failed.len()));
    Err(CliError::Status(1))
}

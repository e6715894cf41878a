//! `codedeck export DIR [--profile P] [--all-profiles]`: the history store written as a real git
//! repository, one commit per stored version (pruned ones too), through `git fast-import`.
//!
//! One BRANCH per profile, named after it (`env` for a connection from the environment, `demo` for
//! the demo's store); the work tree shows the branch HEAD names (the first exported, in a new
//! repository). A profile's tenant and FairCom server share its branch, their versions interleaved
//! by creation time. The repository is recognised as codedeck's by `codedeck.export = true` in its
//! config; a later run appends only the versions its branches lack (read back from the commits'
//! `Codedeck-*` trailers). A folder that is not empty and not codedeck's, or a work tree with
//! uncommitted changes, is refused in words before anything is written.
//!
//! The command reads the STORE, after [`before_reading`] brought each profile's up to date (a sync
//! of only what is new, unless `--offline`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{DateTime, Utc};
use clap::Args;

use super::connect::config_file;
use super::output::{emit, say};
use super::store_cmd::{places_of, places_of_profile, store_path};
use super::{Cli, CliError};
use crate::history::export::{
    branch_name, fast_import_stream, plan, BranchImport, Content, ExportVersion, Exported, Plan,
};
use crate::journal::{self, Entry, Journal, Operation};
use crate::model::{parse_server_time, Outcome};
use crate::store::{Place, PlaceVersion, Store, StoredContent};
use crate::strings::export as words;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The repository's folder: made if new; one codedeck exported to before is appended to.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Every profile of the config file, each on its own branch.
    #[arg(long)]
    pub all_profiles: bool,
}

/// One profile to export: its branch and the places whose versions go on it.
#[derive(Debug, Clone)]
pub struct Exporting {
    pub profile: String,
    /// `profile` is one of the config file's (not `demo` or `env`).
    pub named: bool,
    pub branch: String,
    pub places: Vec<Place>,
}

/// One branch's share of the run: what it lacks, and how many versions its places hold.
struct Planned<'a> {
    exporting: &'a Exporting,
    reference: String,
    parent: Option<String>,
    plan: Plan,
    total: usize,
}

pub async fn run(args: &ExportArgs, cli: &Cli) -> Result<(), CliError> {
    let store_file = store_path(cli.demo)?;
    let profiles = what_to_export(cli, args, &store_file)?;
    for exporting in &profiles {
        before_reading(cli, exporting).await?;
    }
    if !store_file.exists() {
        return Err(CliError::Usage(words::no_store(&store_file)));
    }
    let store = Store::open(&store_file).map_err(other)?;
    git_available()?;
    let git = Git::prepare(&args.dir)?;
    let journal = journal_entries(cli.demo);
    let mut planned = Vec::new();
    for exporting in &profiles {
        let reference = format!("refs/heads/{}", exporting.branch);
        let parent = git.tip(&reference)?;
        let exported = match &parent {
            Some(_) => {
                Exported::from_messages(git.messages(&reference)?.iter().map(String::as_str))
            }
            None => Exported::default(),
        };
        let mut versions = Vec::new();
        for place in &exporting.places {
            let stored = store.every_version(place).map_err(other)?;
            versions.extend(
                stored
                    .into_iter()
                    .map(|v| export_version(place, v, &journal)),
            );
        }
        planned.push(Planned {
            exporting,
            reference,
            parent,
            total: versions.len(),
            plan: plan(&exported, versions),
        });
    }
    let branches: Vec<BranchImport<'_>> = planned
        .iter()
        .filter(|p| !p.plan.commits.is_empty())
        .map(|p| BranchImport {
            reference: p.reference.clone(),
            parent: p.parent.clone(),
            commits: &p.plan.commits,
        })
        .collect();
    if let Some(first) = branches.first() {
        git.point_unborn_head_at(&first.reference)?;
        git.fast_import(&fast_import_stream(&branches))?;
        git.refresh_work_tree()?;
    }
    for p in &planned {
        report(p.exporting, &p.plan, p.total);
    }
    say(&words::written(&args.dir));
    Ok(())
}

/// Before a profile's versions are read: its store brought up to date (a sync of only what is
/// new, unless `--offline`). The demo and the environment's connection are named by no profile.
async fn before_reading(cli: &Cli, exporting: &Exporting) -> Result<(), CliError> {
    let profile = exporting.named.then_some(exporting.profile.as_str());
    super::sync_cmd::before_reading(cli, profile).await;
    Ok(())
}

fn other(e: impl std::fmt::Display) -> CliError {
    CliError::Other(anyhow::anyhow!(e.to_string()))
}

fn report(exporting: &Exporting, plan: &Plan, total: usize) {
    let places: Vec<String> = exporting.places.iter().map(Place::label).collect();
    emit(&format!(
        "{}\n",
        words::exported(
            &exporting.profile,
            &exporting.branch,
            &places.join(", "),
            plan.commits.len(),
            total - plan.without_code
        )
    ));
    if plan.without_code > 0 {
        say(&words::without_code(&exporting.branch, plan.without_code));
    }
}

/// The profiles the command names: `--all-profiles` (every profile naming a place), `--profile P`,
/// else the environment's connection, else the default profile. The demo exports its whole store
/// (the places in it).
fn what_to_export(
    cli: &Cli,
    args: &ExportArgs,
    store_file: &Path,
) -> Result<Vec<Exporting>, CliError> {
    let one = |profile: &str, places: Vec<Place>| Exporting {
        profile: profile.to_string(),
        named: !cli.demo,
        branch: branch_name(profile),
        places,
    };
    if cli.demo {
        let places = if store_file.exists() {
            Store::open(store_file)
                .and_then(|store| store.places())
                .map_err(other)?
        } else {
            vec![]
        };
        return Ok(vec![one("demo", places)]);
    }
    if args.all_profiles {
        let (file, _) = config_file(cli)?;
        let all: Vec<Exporting> = file
            .profiles
            .keys()
            .filter_map(|name| Some(one(name, places_of_profile(cli, name).ok()?)))
            .collect();
        if all.is_empty() {
            return Err(CliError::Usage(words::NO_PROFILES.to_string()));
        }
        return Ok(all);
    }
    if let Some(name) = cli.profile.as_deref() {
        return Ok(vec![one(name, places_of_profile(cli, name)?)]);
    }
    let from_env = places_of(&crate::config::Profile::from_process());
    if !from_env.is_empty() {
        return Ok(vec![Exporting {
            named: false,
            ..one("env", from_env)
        }]);
    }
    let (file, _) = config_file(cli)?;
    match file.default_profile {
        Some(name) => Ok(vec![one(&name, places_of_profile(cli, &name)?)]),
        None => Err(CliError::Usage(words::NEEDS_PROFILE.to_string())),
    }
}

/// The journal's changes that were made, for telling why a version exists; an unreadable journal
/// says nothing (the export does not need it).
fn journal_entries(demo: bool) -> Vec<Entry> {
    let journal = if demo {
        Journal::open_demo()
    } else {
        Journal::open_default()
    };
    journal
        .and_then(|j| j.read())
        .map(|entries| {
            journal::changes(&entries)
                .into_iter()
                .filter(|e| e.outcome == Outcome::Done)
                .collect()
        })
        .unwrap_or_default()
}

/// The journal's words for the change that made this version, if codedeck made it.
fn journaled(place: &Place, version: &PlaceVersion, entries: &[Entry]) -> Option<String> {
    let (version_id, number) = match &version.content {
        StoredContent::Action(v) => (Some(v.id.as_str()), v.number),
        StoredContent::Module(v) => (Some(v.id.as_str()), v.number),
        StoredContent::Package(p) => (None, p.version),
    };
    let entry = entries.iter().rev().find(|e| {
        Place::auth0(&e.tenant).name == place.name
            && e.object_id == version.object_id
            && match (&e.after.version_id, version_id) {
                (Some(made), Some(id)) => made == id,
                _ => e.after.version_number == Some(number),
            }
    })?;
    let operation = match entry.operation {
        Operation::ActionDeploy => words::OP_DEPLOY,
        Operation::ActionRollback => words::OP_ROLLBACK,
        Operation::ModulePublish => words::OP_PUBLISH,
        Operation::Create => words::OP_CREATE,
        Operation::PackageRevert => words::OP_REVERT,
        _ => return None,
    };
    let mut text = words::journaled(
        operation,
        &entry.profile,
        &entry.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    );
    if let Some(from) = &entry.promoted_from {
        text = format!("{text} {}", words::journaled_promote(from));
    }
    if entry.undo {
        text = format!("{text} {}", words::JOURNALED_UNDO);
    }
    Some(text)
}

/// A stored version as the exporter takes it: dated by its creation (FairCom's zoneless time read
/// as UTC), else by when codedeck first saw it.
fn export_version(place: &Place, stored: PlaceVersion, journal: &[Entry]) -> ExportVersion {
    let created = stored.created_at.as_deref().and_then(|text| {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .ok()
            .or_else(|| parse_server_time(text).map(|t| t.and_utc()))
    });
    let first_seen = DateTime::parse_from_rfc3339(&stored.first_seen_at)
        .map_or(DateTime::UNIX_EPOCH, |t| t.with_timezone(&Utc));
    let journal = journaled(place, &stored, journal);
    ExportVersion {
        place: place.label(),
        object_id: stored.object_id,
        name: stored.name,
        content: match stored.content {
            StoredContent::Action(v) => Content::Action(v),
            StoredContent::Module(v) => Content::Module(v),
            StoredContent::Package(p) => Content::Package(p),
        },
        at: created.unwrap_or(first_seen),
        dated_by_first_seen: created.is_none(),
        pruned_at: stored.pruned_at,
        journal,
    }
}

/// Says in words when git cannot be run at all.
fn git_available() -> Result<(), CliError> {
    match git_command().arg("--version").output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(other(words::git_failed(
            "--version",
            String::from_utf8_lossy(&out.stderr).trim(),
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(CliError::Usage(words::GIT_MISSING.to_string()))
        }
        Err(e) => Err(other(words::git_failed("--version", &e.to_string()))),
    }
}

/// `git` with none of the caller's repository settings (a hook's GIT_DIR would redirect it).
fn git_command() -> Command {
    let mut command = Command::new("git");
    for variable in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_NAMESPACE",
        "GIT_CEILING_DIRECTORIES",
    ] {
        command.env_remove(variable);
    }
    command
}

/// The config key that marks a repository as codedeck's export.
const MARK: &str = "codedeck.export";

/// The export's repository.
struct Git {
    dir: PathBuf,
}

impl Git {
    /// The repository in `dir`: made when `dir` is new or empty; else it must be codedeck's, with
    /// nothing uncommitted.
    fn prepare(dir: &Path) -> Result<Self, CliError> {
        let git = Self {
            dir: dir.to_path_buf(),
        };
        if dir.exists() && !dir.is_dir() {
            return Err(CliError::Usage(words::not_a_folder(dir)));
        }
        let empty = !dir.exists()
            || std::fs::read_dir(dir)
                .map_err(|e| other(words::git_failed("init", &e.to_string())))?
                .next()
                .is_none();
        if empty {
            std::fs::create_dir_all(dir)
                .map_err(|e| other(words::git_failed("init", &e.to_string())))?;
            git.run(&["init", "-q"])?;
            git.run(&["config", MARK, "true"])?;
            return Ok(git);
        }
        if !dir.join(".git").is_dir() {
            return Err(CliError::Usage(words::not_ours(dir)));
        }
        if git
            .try_run(&["config", "--local", "--get", MARK])?
            .as_deref()
            != Some("true")
        {
            return Err(CliError::Usage(words::foreign_repository(dir)));
        }
        let status = git.run(&["status", "--porcelain=v1", "-z", "--untracked-files=all"])?;
        let changed: Vec<String> = status
            .split('\0')
            .filter(|entry| !entry.is_empty())
            .map(|entry| entry.get(3..).unwrap_or(entry).to_string())
            .take(5)
            .collect();
        if !changed.is_empty() {
            return Err(CliError::Usage(words::uncommitted(dir, &changed)));
        }
        Ok(git)
    }

    fn command(&self) -> Command {
        let mut command = git_command();
        command.arg("-C").arg(&self.dir);
        command
    }

    fn output(&self, args: &[&str]) -> Result<std::process::Output, CliError> {
        self.command().args(args).output().map_err(|e| {
            other(words::git_failed(
                args.first().copied().unwrap_or_default(),
                &e.to_string(),
            ))
        })
    }

    /// Runs git; its stdout, or what it said on stderr as the error.
    fn run(&self, args: &[&str]) -> Result<String, CliError> {
        let out = self.output(args)?;
        if out.status.success() {
            return Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_string());
        }
        Err(other(words::git_failed(
            args.first().copied().unwrap_or_default(),
            String::from_utf8_lossy(&out.stderr).trim(),
        )))
    }

    /// Runs git; `None` when it exits non-zero (a key not set, a ref absent).
    fn try_run(&self, args: &[&str]) -> Result<Option<String>, CliError> {
        let out = self.output(args)?;
        Ok(out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim_end().to_string()))
    }

    /// The branch's commit, if it exists.
    fn tip(&self, reference: &str) -> Result<Option<String>, CliError> {
        self.try_run(&[
            "rev-parse",
            "-q",
            "--verify",
            &format!("{reference}^{{commit}}"),
        ])
    }

    /// The branch's commit messages, newest first.
    fn messages(&self, reference: &str) -> Result<Vec<String>, CliError> {
        let log = self.run(&["log", "-z", "--format=%B", reference])?;
        Ok(log.split('\0').map(str::to_string).collect())
    }

    /// A repository with no commit yet shows the first branch written.
    fn point_unborn_head_at(&self, reference: &str) -> Result<(), CliError> {
        if self
            .try_run(&["rev-parse", "-q", "--verify", "HEAD"])?
            .is_none()
        {
            self.run(&["symbolic-ref", "HEAD", reference])?;
        }
        Ok(())
    }

    fn fast_import(&self, stream: &[u8]) -> Result<(), CliError> {
        let fail = |why: &str| other(words::git_failed("fast-import", why));
        let mut child = self
            .command()
            .args(["fast-import", "--quiet"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| fail(&e.to_string()))?;
        let written = child.stdin.take().map(|mut stdin| stdin.write_all(stream));
        let out = child.wait_with_output().map_err(|e| fail(&e.to_string()))?;
        if !out.status.success() {
            return Err(fail(String::from_utf8_lossy(&out.stderr).trim()));
        }
        match written {
            Some(Err(e)) => Err(fail(&e.to_string())),
            _ => Ok(()),
        }
    }

    /// The work tree (clean, checked before) brought to HEAD's new commit.
    fn refresh_work_tree(&self) -> Result<(), CliError> {
        if self
            .try_run(&["rev-parse", "-q", "--verify", "HEAD"])?
            .is_some()
        {
            self.run(&["reset", "-q", "--hard", "HEAD"])?;
        }
        Ok(())
    }
}

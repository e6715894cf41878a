//! `codedeck promote action|module|flow|package NAME --from A --to B`: one object of stage A made
//! so in stage B (the engine is `stages::promote`). Shown as B now → B after with both stages named
//! and what the service will do, asked (a production stage always asks unless --yes-production is
//! given too), guarded (nothing is sent if B changed since it was read) and journaled on B's side
//! naming A. Exit 2 on a refusal (a missing module, secrets without a value …), 3 when a side could
//! not be read.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, ValueEnum};
use futures::FutureExt;

use super::change::{Change, Failure};
use super::compare_cmd::{read_keywords, services, waits_of, ServiceArg};
use super::connect::{connect_stages, prompt_secret, ConnectedStage};
use super::diff_cmd::{columns, ColorWhen};
use super::output::{emit, failed, say};
use super::{authoring, journaling, release, Cli, CliError, SourceArgs};
use crate::diff::text::{render_themed, TextOptions};
use crate::diff::Diff;
use crate::model::{terminal_safe, SecretInput};
use crate::stages::promote::{self, Done, Plan, PromoteError, SecretsError};
use crate::stages::{self, Keywords, Kind, Mapping, Reading};
use crate::strings::promote as text;

#[derive(Debug, Args)]
pub struct PromoteArgs {
    /// What is promoted.
    #[arg(value_enum)]
    pub kind: KindArg,
    /// Its name (a flow: the trigger id; a package: as `codedeck compare` names it).
    pub name: String,
    /// The stage promoted from: a profile (with --demo: demo-dev, the default).
    #[arg(long, value_name = "PROFILE")]
    pub from: Option<String>,
    /// The stage promoted to (with --demo: demo-prod, the default).
    #[arg(long, value_name = "PROFILE")]
    pub to: Option<String>,
    /// An action: then wait for the build, deploy, and follow until live.
    #[arg(long)]
    pub deploy: bool,
    /// A module: then publish B's draft as a new version.
    #[arg(long)]
    pub publish: bool,
    /// Take A's draft instead of its live (published) version.
    #[arg(long)]
    pub draft: bool,
    /// Do not ask (required without a terminal). Into a production stage, only with --yes-production.
    #[arg(long)]
    pub yes: bool,
    /// With --yes: do not ask into a `production = true` stage either.
    #[arg(long)]
    pub yes_production: bool,
    /// A secret B lacks, its value from the environment variable NAME (repeatable).
    #[arg(long = "secret", value_name = "NAME")]
    pub secrets: Vec<String>,
    /// Read secrets as NAME=VALUE lines from stdin.
    #[arg(long)]
    pub secrets_from_stdin: bool,
    /// a0deploy's AUTH0_KEYWORD_REPLACE_MAPPINGS as JSON (##KEY## and @@KEY@@ markers in A's code).
    #[arg(long, value_name = "FILE")]
    pub keywords: Option<PathBuf>,
    /// Colours in the diff (auto: when stderr is a terminal and NO_COLOR is unset).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Action,
    Module,
    Flow,
    Package,
}

impl KindArg {
    fn kind(self) -> Kind {
        match self {
            Self::Action => Kind::Action,
            Self::Module => Kind::Module,
            Self::Flow => Kind::Flow,
            Self::Package => Kind::Package,
        }
    }
}

/// `codedeck promote …`.
pub(super) async fn run(args: &PromoteArgs, cli: &Cli) -> Result<(), CliError> {
    let keywords = match &args.keywords {
        Some(path) => read_keywords(path)?,
        None => Keywords::default(),
    };
    let given = authoring::given_secrets(&SourceArgs {
        secrets: args.secrets.clone(),
        secrets_from_stdin: args.secrets_from_stdin,
        ..SourceArgs::default()
    })?;
    let (from, to) = connect_stages(cli, args.from.as_deref(), args.to.as_deref()).await?;
    let kind = args.kind.kind();
    let service = if kind == Kind::Package {
        ServiceArg::Faircom
    } else {
        ServiceArg::Auth0
    };
    let compared = services(&from.stage, &to.stage, Some(service))?;
    for side in [&from, &to] {
        side.connected
            .backend
            .report_waits(waits_of(&side.stage.name));
    }
    journaling::start_journal(&to.connected, true).await;
    let reading = |side: &ConnectedStage| Reading {
        auth0: compared.auth0,
        faircom: compared.faircom,
        scope: stages::PackageScope {
            database: side.stage.faircom_database.clone(),
            owner: side.stage.faircom_owner.clone(),
        },
    };
    let (read_from, read_to) = (reading(&from), reading(&to));
    let (a, b) = tokio::join!(
        stages::gather(&*from.connected.backend, &read_from),
        stages::gather(&*to.connected.backend, &read_to),
    );
    let result = promote_read(args, (&from, &to), (&a, &b), keywords, given).await;
    tokio::join!(from.connected.backend.close(), to.connected.backend.close());
    result
}

async fn promote_read(
    args: &PromoteArgs,
    (from, to): (&ConnectedStage, &ConnectedStage),
    (a, b): (&stages::Snapshot, &stages::Snapshot),
    keywords: Keywords,
    mut given: Vec<SecretInput>,
) -> Result<(), CliError> {
    let mut unread = false;
    for (side, snapshot) in [(from, a), (to, b)] {
        if let Some((_, e)) = snapshot.failures().first() {
            say(&text::side_unread(&side.stage.name, &e.to_string()));
            unread = true;
        }
    }
    if unread {
        return Err(CliError::Status(3));
    }
    let (from_name, to_name) = (from.stage.name.as_str(), to.stage.name.as_str());
    let options = promote::Options {
        drafts: args.draft,
        mapping: Mapping::between(&from.stage.replace.0, &to.stage.replace.0)
            .with_keywords(keywords),
        from_stage: from_name.to_string(),
    };
    let backend = &*to.connected.backend;
    let plan = match promote::plan_reading(backend, args.kind.kind(), &args.name, (a, b), &options)
        .await?
    {
        Ok(plan) => plan,
        Err(refusal) => return Err(CliError::Usage(refusal.words())),
    };
    let production = to.stage.production;
    if production && !args.yes_production && !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(text::production_needs_flag(to_name)));
    }
    let yes = args.yes && (!production || args.yes_production);
    if plan.is_noop() {
        say(text::NOTHING_TO_PROMOTE);
        // Nothing was asked yet: a deploy (a publish) still asks, as its own command does.
        return release_unpromoted(args, (from_name, to), &plan, yes).await;
    }
    ask_missing_secrets(&plan, &mut given, to_name, args.secrets_from_stdin);
    let secrets = plan.secrets_to_send(&given).map_err(|e| match e {
        SecretsError::Missing(names) => CliError::Usage(text::secrets_missing(&names, to_name)),
        SecretsError::NotListed(names) => CliError::Usage(text::secrets_not_listed(&names)),
    })?;
    let kind_word = plan.kind().as_str();
    let name = plan.name().to_string();
    let preview = shown(&plan, (from, to), args)?;
    let guard = async {
        promote::check_unchanged(backend, &plan)
            .await
            .map_err(|e| match e {
                PromoteError::Changed(changed) => failed(changed.0),
                PromoteError::Backend(e) => e.into(),
            })
    };
    let record = plan.record(&secrets);
    // With --deploy (--publish) the release is part of the promote: one journal entry for both.
    let releases = match &plan {
        Plan::Action(_) => args.deploy,
        Plan::Module(_) => args.publish,
        _ => false,
    };
    let mut change = Change::new(
        record.kind,
        &record.object_id,
        &name,
        record.operation_with(&plan, releases),
        text::promote_named(kind_word, &name, from_name),
    )
    .before(record.before.clone())
    .asking(record.after.clone())
    .showing(preview)
    .confirming(
        text::confirm_promote(kind_word, &name, from_name, to_name),
        yes,
    )
    .checking(guard.boxed_local())
    .promoted_from(Some(from_name));
    if let Some(code) = record.keeps_draft.as_deref() {
        change = change.keeping_draft(code);
    }
    let sent = change
        .send(&to.connected, async {
            promote::send(backend, &plan, secrets)
                .await
                .map_err(Failure::from)
        })
        .await?;
    let (done, mut intent) = (sent.value, sent.intent);
    if let Some(id) = record.made_id(&done) {
        intent.identify(id);
    }
    let after = record.after_done(&done);
    emit(&text::promoted(kind_word, &name, to_name));
    let draft_only = (after.clone(), record.operation);
    match &done {
        Done::Action(action) if releases => {
            release::deploy_after_promote(&to.connected, action, intent, draft_only).await
        }
        Done::Module(module) if releases => {
            release::publish_after_promote(&to.connected, module, intent, draft_only).await
        }
        _ => {
            intent.done(after);
            Ok(())
        }
    }
}

/// Nothing to promote: `--deploy` (an action) and `--publish` (a module) still run, through the
/// commands that do them, asking as those do (`yes` answers).
async fn release_unpromoted(
    args: &PromoteArgs,
    (from, to): (&str, &ConnectedStage),
    plan: &Plan,
    yes: bool,
) -> Result<(), CliError> {
    let target = match plan {
        Plan::Action(p) => p.target.as_ref().map(|t| t.id.clone()),
        Plan::Module(p) => p.target.as_ref().map(|t| t.id.clone()),
        _ => None,
    };
    let Some(id) = target else {
        return Ok(());
    };
    match plan {
        Plan::Action(_) if args.deploy => {
            release::deploy_promoted(&to.connected, &id, (true, yes), Some(from)).await
        }
        Plan::Module(_) if args.publish => {
            release::publish_promoted(&to.connected, &id, yes, Some(from)).await
        }
        _ => Ok(()),
    }
}

/// Secrets B lacks that were not given: asked one by one without echo when there is a terminal.
fn ask_missing_secrets(plan: &Plan, given: &mut Vec<SecretInput>, to: &str, from_stdin: bool) {
    if from_stdin || !std::io::stdin().is_terminal() {
        return;
    }
    for name in plan.secrets_needed() {
        if given.iter().any(|g| g.name == name) {
            continue;
        }
        if let Some(value) = prompt_secret(&text::secret_prompt(&name, to)) {
            given.push(SecretInput {
                name,
                value: Some(value),
            });
        }
    }
}

/// What is shown before the question: both stages in words, B now → B after (the exact code
/// sent), the settings that change (secret names only), and what the service will do.
fn shown(
    plan: &Plan,
    (from, to): (&ConnectedStage, &ConnectedStage),
    args: &PromoteArgs,
) -> Result<String, CliError> {
    let (from_name, to_name) = (from.stage.name.as_str(), to.stage.name.as_str());
    let kind = plan.kind().as_str();
    let mut out = String::new();
    let mut line = |said: &str| out.push_str(&format!("{}\n", terminal_safe(said)));
    line(&text::promoting(
        kind,
        plan.name(),
        from_name,
        to_name,
        to.stage.production,
    ));
    let preview = plan.preview();
    if preview.before.is_none() {
        line(text::NOTHING_YET);
    }
    for (field, old, new) in &preview.settings {
        line(&format!("{}: {old} → {new}", field.as_str()));
    }
    let theme = to.connected.theme()?;
    let terminal = std::io::stderr().is_terminal();
    let old = preview.before.clone().unwrap_or_default();
    let diff = Diff::new(Arc::from(old.as_str()), Arc::from(preview.after.as_str()));
    let opts = TextOptions {
        unified: true,
        width: columns(terminal),
        color: args.color.enabled(terminal),
        old_label: format!("{to_name} {}", text::NOW_LABEL),
        new_label: format!("{to_name} {}", text::AFTER_LABEL),
        syntax_theme: theme.syntax_theme.clone(),
    };
    out.push_str(&render_themed(&diff, &opts, &theme));
    out.push_str(&format!(
        "{}\n",
        terminal_safe(&text::will_do(
            kind,
            plan.name(),
            to_name,
            plan.creates(),
            args.deploy,
            args.publish,
        ))
    ));
    Ok(out)
}

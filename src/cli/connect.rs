//! From flags, config file and environment to a live backend (and, for the demo, the emulator behind it).

use std::io::IsTerminal;
use std::sync::Arc;

use super::{Cli, CliError};
use crate::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
use crate::backend::both::Both;
use crate::backend::faircom::{parse_faircom_url, FairComClient, FairComConfig};
use crate::backend::Backend;
use crate::config::{
    self, Auth0Target, ConfigError, ConfigFile, DemoStage, Env, FairComTarget, Stage, Target,
};
use crate::emulator::{self, EmulatorHandle, EmulatorOptions};
use crate::model::secret::Secret;
use crate::strings::cli as text;
use crate::theme::Theme;

/// A connected backend. Holds the embedded emulator, when there is one, for as long as it is used.
pub struct Connected {
    pub backend: Arc<dyn Backend>,
    pub target: Target,
    theme_name: String,
    /// The dashboard's automatic refresh interval (config `refresh_seconds`).
    pub refresh_seconds: u32,
    _emulator: Option<EmulatorHandle>,
}

impl Connected {
    pub fn is_demo(&self) -> bool {
        self.target == Target::Demo
    }

    pub fn theme(&self) -> Result<Theme, CliError> {
        Theme::load(&self.theme_name).map_err(|e| CliError::Usage(format!("{e:#}")))
    }
}

/// Resolves where to connect and builds the backend. The demo starts the emulator in-process.
pub async fn connect(cli: &Cli) -> Result<Connected, CliError> {
    let (file, shown) = config_file(cli)?;
    let resolved = config::resolve(
        cli.demo,
        cli.profile.as_deref(),
        &file,
        &shown,
        &Env::from_process(),
        &mut prompt_secret,
    );
    let target = match resolved {
        // Only the dashboard falls back to the demo: a person sees its DEMO badge. A command
        // would report a change it made to the demo as done (a CI job missing a secret).
        Err(ConfigError::NothingConfigured { .. }) if cli.command.is_none() => Target::Demo,
        other => other?,
    };
    let theme_name = theme_name(cli, &file, target.profile());

    let (backend, emulator) = backend_for(&target, None).await?;
    Ok(Connected {
        backend,
        target,
        theme_name,
        refresh_seconds: file
            .refresh_seconds
            .unwrap_or(crate::app::refresh::DEFAULT_REFRESH_SECONDS),
        _emulator: emulator,
    })
}

/// The backend a target names; the demo (dev or production stage) starts its emulator in-process.
async fn backend_for(
    target: &Target,
    demo: Option<DemoStage>,
) -> Result<(Arc<dyn Backend>, Option<EmulatorHandle>), CliError> {
    Ok(match target {
        Target::Demo => {
            let seed = match demo {
                Some(DemoStage::Prod) => emulator::Seed::DemoProd,
                Some(DemoStage::Dev) | None => emulator::Seed::Demo,
            };
            let (backend, handle) = demo_backend_seeded(seed, demo).await?;
            (backend, Some(handle))
        }
        Target::Services {
            profile,
            auth0,
            faircom,
        } => {
            let auth0 = match auth0 {
                Some(Auth0Target { domain, auth }) => {
                    let url = parse_base_url(domain)?;
                    let mut config = Auth0Config::new(url, auth.clone());
                    config.label.clone_from(domain);
                    config.profile.clone_from(profile);
                    Some(Arc::new(Auth0Client::new(config)?) as Arc<dyn Backend>)
                }
                None => None,
            };
            let faircom = match faircom {
                Some(target) => Some(faircom_backend(target, profile.clone())?),
                None => None,
            };
            (Both::either(auth0, faircom)?, None)
        }
    })
}

/// One stage of a comparison, connected: its own backend (token or session, rate limit, errors),
/// and for the demo its own emulator.
pub struct ConnectedStage {
    pub stage: Stage,
    pub connected: Connected,
}

/// Resolves `--from A --to B` (the demo's `demo-dev` and `demo-prod` with `--demo`) and connects
/// each stage on its own. Nothing is sent yet: a stage that is down or refuses the credentials
/// says so when it is first read, and the other keeps working.
pub async fn connect_stages(
    cli: &Cli,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(ConnectedStage, ConnectedStage), CliError> {
    let (file, shown) = config_file(cli)?;
    let (from, to) =
        config::resolve_stages(cli.demo, (from, to), &file, &shown, &mut prompt_secret)?;
    let from = connect_stage(cli, &file, from).await?;
    let to = connect_stage(cli, &file, to).await?;
    Ok((from, to))
}

/// Connects one stage by name (a profile, or with `--demo` one of the demo's), as a promote or a
/// second connection beside the dashboard's needs.
pub async fn connect_profile(cli: &Cli, name: &str) -> Result<ConnectedStage, CliError> {
    let (file, shown) = config_file(cli)?;
    let stage = config::resolve_stage(cli.demo, name, &file, &shown, &mut prompt_secret)?;
    connect_stage(cli, &file, stage).await
}

/// Connects one resolved stage (its theme and refresh settings as `connect` reads them).
pub async fn connect_stage(
    cli: &Cli,
    file: &ConfigFile,
    stage: Stage,
) -> Result<ConnectedStage, CliError> {
    let (backend, emulator) = backend_for(&stage.target, stage.demo).await?;
    let connected = Connected {
        backend,
        target: stage.target.clone(),
        theme_name: theme_name(cli, file, Some(&stage.name)),
        refresh_seconds: file
            .refresh_seconds
            .unwrap_or(crate::app::refresh::DEFAULT_REFRESH_SECONDS),
        _emulator: emulator,
    };
    Ok(ConnectedStage { stage, connected })
}

/// The config file named by `--config` or `$CODEDECK_CONFIG` (it must exist), else the platform
/// default (missing is empty), and how to name it.
pub fn config_file(cli: &Cli) -> Result<(ConfigFile, String), CliError> {
    let (path, named_by) = match config::named_config_path(cli.config.as_deref()) {
        Some((path, named_by)) => (Some(path), Some(named_by)),
        None => (config::default_config_path(), None),
    };
    Ok(match &path {
        Some(p) => (config::load_file(p, named_by)?, p.display().to_string()),
        None => (ConfigFile::default(), text::NO_CONFIG_DIR.to_string()),
    })
}

/// The UI theme: `--theme`, else the profile's, else the file's, else dark.
pub fn theme_name(cli: &Cli, file: &ConfigFile, profile: Option<&str>) -> String {
    let profile_theme = profile.and_then(|name| file.profiles.get(name)?.theme.clone());
    cli.theme
        .clone()
        .or(profile_theme)
        .or(file.theme.clone())
        .unwrap_or_else(|| "dark".to_string())
}

/// Starts the embedded emulator with the demo tenant and the demo FairCom server, and one backend
/// for both.
pub async fn demo_backend() -> Result<(Arc<dyn Backend>, EmulatorHandle), CliError> {
    demo_backend_seeded(emulator::Seed::Demo, None).await
}

/// The demo with this seed; a demo stage's backend names the stage as its profile.
async fn demo_backend_seeded(
    seed: emulator::Seed,
    stage: Option<DemoStage>,
) -> Result<(Arc<dyn Backend>, EmulatorHandle), CliError> {
    let handle = emulator::spawn(EmulatorOptions {
        seed,
        ..EmulatorOptions::default()
    })
    .await
    .map_err(|e| CliError::Other(anyhow::anyhow!(text::cannot_start_demo(&e.to_string()))))?;
    let url = parse_base_url(&handle.base_url())?;
    let mut config = Auth0Config::new(url, Credentials::Token(Secret::new(handle.token())));
    config.label = text::DEMO_LABEL.to_string();
    config.demo = true;
    config.profile = stage.map(|s| s.name().to_string());
    let auth0: Arc<dyn Backend> = Arc::new(Auth0Client::new(config)?);
    let mut config = FairComConfig::new(
        parse_faircom_url(&handle.faircom_url())?,
        handle.faircom_username(),
        handle.faircom_password(),
    );
    config.label = text::DEMO_FAIRCOM_LABEL.to_string();
    config.demo = true;
    config.profile = stage.map(|s| s.name().to_string());
    let faircom: Arc<dyn Backend> = Arc::new(FairComClient::new(config)?);
    Ok((Both::either(Some(auth0), Some(faircom))?, handle))
}

/// A FairCom client for the target.
fn faircom_backend(
    target: &FairComTarget,
    profile: Option<String>,
) -> Result<Arc<dyn Backend>, CliError> {
    let mut config = FairComConfig::new(
        parse_faircom_url(&target.url)?,
        target.username.clone(),
        target.password.clone(),
    );
    config.profile = profile;
    Ok(Arc::new(FairComClient::new(config)?))
}

/// Reads a secret from the terminal without echo; `None` when no terminal is attached.
pub(super) fn prompt_secret(question: &str) -> Option<Secret> {
    use crossterm::event::{read, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
    use std::io::Write;
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return None;
    }
    // Raw mode first: keys typed as soon as the question shows must not be echoed by the terminal.
    crossterm::terminal::enable_raw_mode().ok()?;
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut typed = String::new();
    let accepted = loop {
        match read() {
            Ok(Event::Key(KeyEvent {
                code,
                modifiers,
                kind: KeyEventKind::Press,
                ..
            })) => match code {
                KeyCode::Enter => break true,
                KeyCode::Esc => break false,
                KeyCode::Char('c') if modifiers.contains(KeyModifiers::CONTROL) => break false,
                KeyCode::Backspace => {
                    typed.pop();
                }
                KeyCode::Char(c) => typed.push(c),
                _ => {}
            },
            Ok(_) => {}
            Err(_) => break false,
        }
    };
    let _ = crossterm::terminal::disable_raw_mode();
    eprintln!();
    (accepted && !typed.is_empty()).then(|| Secret::new(typed))
}

/// The Compare view's stages for the dashboard: the profiles of the config file (with `--demo`,
/// `demo-dev` and `demo-prod`), the pair `--from A --to B` opens it on (the demo's two by
/// default), and how a side is connected when chosen — each its own backend, without asking for a
/// secret (the dashboard owns the terminal then): a profile missing one says so on its side.
pub fn dashboard_stages(
    cli: &Cli,
) -> Result<(crate::shell::Stages, crate::app::state::StageChoices), CliError> {
    use crate::shell::Stages;
    let (file, shown) = config_file(cli)?;
    let demo = cli.demo;
    let names: Vec<String> = if demo {
        DemoStage::ALL.map(|s| s.name().to_string()).to_vec()
    } else {
        file.profiles.keys().cloned().collect()
    };
    let initial = match (&cli.from, &cli.to) {
        (Some(from), Some(to)) => Some((from.clone(), to.clone())),
        (None, None) if !demo => None,
        (from, to) if demo => Some((
            from.clone()
                .unwrap_or_else(|| DemoStage::Dev.name().to_string()),
            to.clone()
                .unwrap_or_else(|| DemoStage::Prod.name().to_string()),
        )),
        _ => {
            return Err(CliError::Usage(
                crate::strings::stages::NEEDS_FROM_AND_TO.to_string(),
            ))
        }
    };
    if let Some((from, to)) = &initial {
        if from == to {
            return Err(ConfigError::SameProfileTwice { name: from.clone() }.into());
        }
        for name in [from, to] {
            if !names.contains(name) {
                return Err(CliError::Usage(crate::strings::compare::unknown_stage(
                    name, &names,
                )));
            }
        }
    }
    let connect = stage_connector(demo, file, shown);
    Ok((
        Stages::new(connect),
        crate::app::state::StageChoices { names, initial },
    ))
}

/// Connects a stage by name when the Compare view asks: the demo's (each its own emulator) with
/// `demo`, else a profile of `file` (no secret is asked for).
fn stage_connector(demo: bool, file: ConfigFile, shown: String) -> crate::shell::stages::Connector {
    use crate::shell::StageConnection;
    use crate::stages::{PackageScope, Reading};
    let file = Arc::new(file);
    let shown = Arc::new(shown);
    Arc::new(move |name: String| {
        let (file, shown) = (Arc::clone(&file), Arc::clone(&shown));
        Box::pin(async move {
            let stage = config::resolve_stage(demo, &name, &file, &shown, &mut |_| None)
                .map_err(|e| e.to_string())?;
            let (backend, emulator) = backend_for(&stage.target, stage.demo)
                .await
                .map_err(|e| e.to_string())?;
            Ok(StageConnection {
                backend,
                production: stage.production,
                replace: stage.replace.0.clone(),
                reading: Reading {
                    auth0: stage.has_auth0(),
                    faircom: stage.has_faircom(),
                    scope: PackageScope {
                        database: stage.faircom_database.clone(),
                        owner: stage.faircom_owner.clone(),
                    },
                },
                keep: emulator.map(|e| Box::new(e) as Box<dyn std::any::Any + Send + Sync>),
            })
        })
    })
}

/// The demo's two stages for the Compare view, demo-dev → demo-prod (the screenshots').
pub fn demo_stages() -> (crate::shell::Stages, crate::app::state::StageChoices) {
    let names = DemoStage::ALL.map(|s| s.name().to_string()).to_vec();
    let initial = Some((names[0].clone(), names[1].clone()));
    (
        crate::shell::Stages::new(stage_connector(true, ConfigFile::default(), String::new())),
        crate::app::state::StageChoices { names, initial },
    )
}

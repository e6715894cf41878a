//! From flags, config file and environment to a live backend (and, for the demo, the emulator behind it).

use std::io::IsTerminal;
use std::sync::Arc;

use super::{Cli, CliError};
use crate::archive::{Archived, Offline};
use crate::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
use crate::backend::both::Both;
use crate::backend::faircom::{parse_faircom_url, FairComClient, FairComConfig};
use crate::backend::Backend;
use crate::config::{
    self, Auth0Target, ConfigError, ConfigFile, DemoStage, Env, FairComTarget, Stage, Target,
};
use crate::emulator::{self, EmulatorHandle, EmulatorOptions};
use crate::model::connection::{ConnectionInfo, Services};
use crate::model::secret::Secret;
use crate::store::SharedStore;
use crate::strings::cli as text;
use crate::theme::Theme;

/// A connected backend. Holds the embedded emulator, when there is one, for as long as it is used.
pub struct Connected {
    /// Through the archive when the history store opened (`--offline`: the store alone).
    pub backend: Arc<dyn Backend>,
    /// The history store, when it opened.
    pub store: Option<SharedStore>,
    /// The archive in front of the service (its store problems, what it kept), when there is one.
    pub archive: Option<Arc<Archived>>,
    /// Why the store is not used this time, in words.
    pub store_problem: Option<String>,
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
    // The dashboard's keys are checked before anything connects (or asks for a secret).
    if cli.command.is_none() {
        keymap_of(&file)?;
    }
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
    let refresh_seconds = file
        .refresh_seconds
        .unwrap_or(crate::app::refresh::DEFAULT_REFRESH_SECONDS);
    if cli.offline {
        return offline(cli, target, None, theme_name, refresh_seconds);
    }
    let (backend, emulator) = backend_for(&target, None).await?;
    let kept = archived(backend, target == Target::Demo, cli.command.is_some());
    Ok(Connected {
        backend: kept.backend,
        store: kept.store,
        archive: kept.archive,
        store_problem: kept.problem,
        target,
        theme_name,
        refresh_seconds,
        _emulator: emulator,
    })
}

/// A backend with the history store in front of it, when the store opens.
struct Kept {
    backend: Arc<dyn Backend>,
    store: Option<SharedStore>,
    archive: Option<Arc<Archived>>,
    problem: Option<String>,
}

/// Puts the archive in front of `backend` (the demo's store is its own). `say`: a store that
/// cannot be used is said once on stderr (a command's; the dashboard shows it itself).
fn archived(backend: Arc<dyn Backend>, demo: bool, say: bool) -> Kept {
    match super::store_cmd::open_shared(demo) {
        Ok(store) => {
            let archive = Arc::new(Archived::new(backend, Arc::clone(&store)));
            if say {
                archive.on_store_problem(Box::new(|words| {
                    eprintln!("{}", crate::model::terminal_safe(words));
                }));
            }
            Kept {
                backend: Arc::clone(&archive) as Arc<dyn Backend>,
                store: Some(store),
                archive: Some(archive),
                problem: None,
            }
        }
        Err(why) => {
            let words = crate::strings::archive::store_problem(&why);
            if say {
                eprintln!("{}", crate::model::terminal_safe(&words));
            }
            Kept {
                backend,
                store: None,
                archive: None,
                problem: Some(words),
            }
        }
    }
}

/// `--offline`: the store alone, read as the target's connection would have named its places.
fn offline(
    cli: &Cli,
    target: Target,
    stage: Option<DemoStage>,
    theme_name: String,
    refresh_seconds: u32,
) -> Result<Connected, CliError> {
    let demo = target == Target::Demo;
    let store = super::store_cmd::open_shared(demo)
        .map_err(|why| CliError::Usage(crate::strings::archive::offline_without_store(&why)))?;
    let info = offline_info(cli, &target, stage)?;
    let backend: Arc<dyn Backend> = Arc::new(Offline::new(Arc::clone(&store), info));
    Ok(Connected {
        backend,
        store: Some(store),
        archive: None,
        store_problem: None,
        target,
        theme_name,
        refresh_seconds,
        _emulator: None,
    })
}

/// What the connection to `target` would say of itself, without connecting.
fn offline_info(
    cli: &Cli,
    target: &Target,
    stage: Option<DemoStage>,
) -> Result<ConnectionInfo, CliError> {
    let info = |label: &str, faircom_label: Option<&str>, services: Services| ConnectionInfo {
        label: label.to_string(),
        base_url: String::new(),
        demo: false,
        profile: target.profile().map(str::to_string).or(cli.profile.clone()),
        services,
        faircom_label: faircom_label.map(str::to_string),
    };
    match target {
        Target::Demo => Ok(ConnectionInfo {
            demo: true,
            profile: stage.map(|s| s.name().to_string()),
            ..info(
                text::DEMO_LABEL,
                Some(text::DEMO_FAIRCOM_LABEL),
                Services {
                    auth0: true,
                    faircom: true,
                },
            )
        }),
        Target::Services { auth0, faircom, .. } => {
            let services = Services {
                auth0: auth0.is_some(),
                faircom: faircom.is_some(),
            };
            let faircom_url = faircom.as_ref().map(|f| f.url.as_str());
            match (auth0, faircom_url) {
                (Some(a), faircom_url) => Ok(info(&a.domain, faircom_url, services)),
                (None, Some(url)) => Ok(info(url, None, services)),
                (None, None) => Err(CliError::Usage(
                    crate::strings::archive::OFFLINE_NAMES_NOTHING.to_string(),
                )),
            }
        }
    }
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
            let (backend, handle) = demo_backend_seeded(seed, demo, None).await?;
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
    let theme_name = theme_name(cli, file, Some(&stage.name));
    let refresh_seconds = file
        .refresh_seconds
        .unwrap_or(crate::app::refresh::DEFAULT_REFRESH_SECONDS);
    if cli.offline {
        let connected = offline(
            cli,
            stage.target.clone(),
            stage.demo,
            theme_name,
            refresh_seconds,
        )?;
        return Ok(ConnectedStage { stage, connected });
    }
    let (backend, emulator) = backend_for(&stage.target, stage.demo).await?;
    let kept = archived(backend, stage.target == Target::Demo, true);
    let connected = Connected {
        backend: kept.backend,
        store: kept.store,
        archive: kept.archive,
        store_problem: kept.problem,
        target: stage.target.clone(),
        theme_name,
        refresh_seconds,
        _emulator: emulator,
    };
    Ok(ConnectedStage { stage, connected })
}

/// The dashboard's keys: the tables with config.toml's `[keys]` in place, or why they cannot be.
pub fn dashboard_keymap(cli: &Cli) -> Result<crate::app::keymap::Keymap, CliError> {
    let (file, _) = config_file(cli)?;
    keymap_of(&file)
}

fn keymap_of(file: &ConfigFile) -> Result<crate::app::keymap::Keymap, CliError> {
    crate::app::keymap::Keymap::from_overrides(&file.key_overrides()).map_err(|problems| {
        CliError::Usage(format!(
            "{}\n  {}",
            crate::strings::keys::KEYS_REFUSED,
            problems.join("\n  ")
        ))
    })
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

/// Starts the embedded emulator with the demo tenant and the demo FairCom server, its clock at
/// `started_at`, and one backend for both.
pub async fn demo_backend_at(
    started_at: chrono::DateTime<chrono::Utc>,
) -> Result<(Arc<dyn Backend>, EmulatorHandle), CliError> {
    demo_backend_seeded(emulator::Seed::Demo, None, Some(started_at)).await
}

/// The demo with this seed; a demo stage's backend names the stage as its profile.
async fn demo_backend_seeded(
    seed: emulator::Seed,
    stage: Option<DemoStage>,
    started_at: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<(Arc<dyn Backend>, EmulatorHandle), CliError> {
    let handle = emulator::spawn(EmulatorOptions {
        seed,
        started_at,
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
/// The connected profile's `faircom_owner` (issue 19: `n` in Packages offers it as a new
/// package's owner). The demo and the environment name none.
pub fn profile_faircom_owner(cli: &Cli, target: &Target) -> Result<Option<String>, CliError> {
    let Some(name) = target.profile() else {
        return Ok(None);
    };
    let (file, _) = config_file(cli)?;
    Ok(file
        .profiles
        .get(name)
        .and_then(|profile| profile.faircom_owner.clone()))
}

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
            let backend = archived(backend, stage.target == Target::Demo, false).backend;
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn the_dashboard_gets_the_connected_profiles_faircom_owner() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "[profiles.stage]\nfaircom_url = \"localhost:8080\"\nfaircom_owner = \"ops\"\n\
             [profiles.other]\nfaircom_url = \"localhost:8081\"\n",
        )
        .unwrap();
        let cli = Cli::try_parse_from(["codedeck", "--config", path.to_str().unwrap()]).unwrap();
        let profile = |name: Option<&str>| Target::Services {
            profile: name.map(str::to_string),
            auth0: None,
            faircom: None,
        };
        let owner = |target: &Target| profile_faircom_owner(&cli, target).unwrap();
        assert_eq!(owner(&profile(Some("stage"))).as_deref(), Some("ops"));
        assert_eq!(owner(&profile(Some("other"))), None);
        assert_eq!(owner(&profile(None)), None);
        assert_eq!(owner(&Target::Demo), None);
    }
}

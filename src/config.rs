//! Where codedeck connects: profiles in a TOML file under the platform config dir, the environment, or a
//! prompt. Secrets never come from command-line flags (they would leak into `ps`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::connection::Credentials;
use crate::model::secret::Secret;
use crate::strings::config as text;
use crate::strings::stages as stage_text;

/// Environment variables read here (their names live in `model`: messages name them too).
pub use crate::model::connection::{
    ENV_API_TOKEN, ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_DOMAIN, ENV_FAIRCOM_PASSWORD,
    ENV_FAIRCOM_URL, ENV_FAIRCOM_USERNAME,
};
/// Overrides the config file location (used by tests and by people who keep dotfiles elsewhere).
pub const ENV_CONFIG: &str = "CODEDECK_CONFIG";

/// The config file as written by the user. Unknown keys are refused so typos do not pass silently.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub default_profile: Option<String>,
    pub theme: Option<String>,
    /// Seconds between the dashboard's automatic refreshes of the open view; 0 turns them off.
    pub refresh_seconds: Option<u32>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
    /// `[keys.MODE] intent = "K"` (or `["K", "L"]`): the user's keys, checked by the dashboard at
    /// start (issue 19).
    #[serde(default)]
    pub keys: BTreeMap<String, BTreeMap<String, KeySpecs>>,
}

/// One key or several, as `[keys.MODE]` writes them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum KeySpecs {
    One(String),
    Many(Vec<String>),
}

impl ConfigFile {
    /// The `[keys]` table as plain data for the dashboard (`app::keymap::Keymap` checks it).
    pub fn key_overrides(&self) -> crate::model::keys::KeyOverrides {
        let modes = self
            .keys
            .iter()
            .map(|(mode, intents)| {
                let intents = intents
                    .iter()
                    .map(|(intent, keys)| {
                        let keys = match keys {
                            KeySpecs::One(key) => vec![key.clone()],
                            KeySpecs::Many(keys) => keys.clone(),
                        };
                        (intent.clone(), keys)
                    })
                    .collect();
                (mode.clone(), intents)
            })
            .collect();
        crate::model::keys::KeyOverrides { modes }
    }
}

/// A connection's settings: a profile of the config file, or the environment (see [`Env`]).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub auth0_domain: Option<String>,
    pub auth0_client_id: Option<String>,
    pub auth0_client_secret: Option<Secret>,
    pub auth0_api_token: Option<Secret>,
    /// A FairCom server: `host`, `host:port` or a URL, with or without `/api`.
    pub faircom_url: Option<String>,
    pub faircom_username: Option<String>,
    pub faircom_password: Option<Secret>,
    /// Only a profile names one; the environment has none.
    pub theme: Option<String>,
    /// A production stage: a comparison says so beside its name (the dashboard's danger colour and
    /// the always-asked promote build on it).
    #[serde(default)]
    pub production: bool,
    /// The FairCom database this stage's packages live in (one database per stage on one server).
    pub faircom_database: Option<String>,
    /// The FairCom owner of this stage's packages.
    pub faircom_owner: Option<String>,
    /// `[profiles.NAME.replace]`: text that differs per stage, as `"dev.example.com" = "example.com"`
    /// pairs (what the other stage says → what this one says), in the order written.
    #[serde(default)]
    pub replace: Replacements,
}

/// Literal replacements in the order the file lists them (a TOML table keeps no order of its own
/// once in a map, and the first pair that matches at a place wins).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Replacements(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for Replacements {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> serde::de::Visitor<'de> for InOrder {
            type Value = Replacements;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(stage_text::REPLACE_EXPECTED)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some((from, to)) = map.next_entry::<String, String>()? {
                    if from.is_empty() {
                        return Err(serde::de::Error::custom(stage_text::REPLACE_EMPTY_KEY));
                    }
                    pairs.push((from, to));
                }
                Ok(Replacements(pairs))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

impl ConfigFile {
    fn holds_secrets(&self) -> bool {
        self.profiles.values().any(|p| {
            p.auth0_client_secret.is_some()
                || p.auth0_api_token.is_some()
                || p.faircom_password.is_some()
        })
    }
}

/// What the dashboard or a command should talk to.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// The embedded emulator: the demo Auth0 tenant and the demo FairCom server.
    Demo,
    /// Real services: an Auth0 tenant, a FairCom server, or both (one profile may name both).
    Services {
        profile: Option<String>,
        auth0: Option<Auth0Target>,
        faircom: Option<FairComTarget>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Auth0Target {
    /// As the user wrote it: `acme.eu.auth0.com` or a full base URL.
    pub domain: String,
    pub auth: Credentials,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FairComTarget {
    /// As the user wrote it.
    pub url: String,
    pub username: String,
    pub password: Secret,
}

impl Target {
    /// The profile name for the journal: the configured one, `demo`, or `env`.
    pub fn profile_name(&self) -> String {
        match self {
            Target::Demo => "demo".to_string(),
            Target::Services {
                profile: Some(name),
                ..
            } => name.clone(),
            Target::Services { profile: None, .. } => "env".to_string(),
        }
    }

    pub fn profile(&self) -> Option<&str> {
        match self {
            Target::Services {
                profile: Some(name),
                ..
            } => Some(name),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConfigError {
    Unreadable {
        path: String,
        reason: String,
    },
    Invalid {
        path: String,
        reason: String,
    },
    Missing {
        path: String,
        named_by: String,
    },
    TooOpen {
        path: String,
        mode: u32,
        /// Who may do what to the file, and what they could do with it.
        danger: String,
    },
    NothingConfigured {
        path: String,
    },
    NoSuchProfile {
        name: String,
        path: String,
        known: String,
    },
    Incomplete(String),
    /// `--from` and `--to` name the same profile.
    SameProfileTwice {
        name: String,
    },
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Self::Unreadable { path, reason } => text::unreadable(path, reason),
            Self::Invalid { path, reason } => text::invalid(path, reason),
            Self::Missing { path, named_by } => text::missing(path, named_by),
            Self::TooOpen { path, mode, danger } => text::too_open(path, *mode, danger),
            Self::NothingConfigured { path } => text::nothing_configured(path),
            Self::NoSuchProfile { name, path, known } => text::no_such_profile(name, path, known),
            Self::Incomplete(why) => why.clone(),
            Self::SameProfileTwice { name } => stage_text::same_profile_twice(name),
        })
    }
}

impl std::error::Error for ConfigError {}

/// The config file the user named: `--config` (given here), else `$CODEDECK_CONFIG`; with what named it.
pub fn named_config_path(flag: Option<&Path>) -> Option<(PathBuf, &'static str)> {
    if let Some(p) = flag {
        return Some((p.to_path_buf(), "--config"));
    }
    std::env::var_os(ENV_CONFIG)
        .filter(|p| !p.is_empty())
        .map(|p| (PathBuf::from(p), ENV_CONFIG))
}

/// `<platform config dir>/codedeck/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("dev", "codedeck", "codedeck")
        .map(|d| d.config_dir().join("config.toml"))
}

/// Reads the config file. A missing file is an empty config when it is the platform default
/// (`named_by` is `None`); a file the user named must exist, or a typo would silently connect elsewhere.
pub fn load_file(path: &Path, named_by: Option<&str>) -> Result<ConfigFile, ConfigError> {
    let shown = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return match named_by {
                None => Ok(ConfigFile::default()),
                Some(named_by) => Err(ConfigError::Missing {
                    path: shown,
                    named_by: named_by.to_string(),
                }),
            }
        }
        Err(e) => {
            return Err(ConfigError::Unreadable {
                path: shown,
                reason: e.to_string(),
            })
        }
    };
    let file: ConfigFile = toml::from_str(&text).map_err(|e| ConfigError::Invalid {
        path: shown.clone(),
        reason: e.message().to_string(),
    })?;
    if file.holds_secrets() {
        if let Some(mode) = group_or_other_access(path) {
            return Err(ConfigError::TooOpen {
                path: shown,
                mode,
                danger: text::open_danger(mode),
            });
        }
    }
    Ok(file)
}

/// The file's permission bits when group or others may read or write it.
#[cfg(unix)]
fn group_or_other_access(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o066 != 0).then_some(mode)
}

#[cfg(not(unix))]
fn group_or_other_access(_path: &Path) -> Option<u32> {
    None
}

/// The environment as far as it concerns us: the same settings as a profile, read from the
/// `AUTH0_*` and `FAIRCOM_*` variables (a value, so resolution is testable without touching the
/// process). One struct for both, so a setting added to one cannot be forgotten in the other.
pub type Env = Profile;

impl Profile {
    pub fn from_process() -> Self {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        Self {
            auth0_domain: get(ENV_DOMAIN),
            auth0_api_token: get(ENV_API_TOKEN).map(Secret::new),
            auth0_client_id: get(ENV_CLIENT_ID),
            auth0_client_secret: get(ENV_CLIENT_SECRET).map(Secret::new),
            faircom_url: get(ENV_FAIRCOM_URL),
            faircom_username: get(ENV_FAIRCOM_USERNAME),
            faircom_password: get(ENV_FAIRCOM_PASSWORD).map(Secret::new),
            ..Self::default()
        }
    }
}

/// A setting from the profile, else from the environment.
fn either<T: Clone>(
    profile: Option<&Profile>,
    env: &Env,
    setting: impl Fn(&Profile) -> &Option<T>,
) -> Option<T> {
    profile
        .and_then(|p| setting(p).clone())
        .or_else(|| setting(env).clone())
}

/// Whether the flags, the environment or the file name something to connect to; when not,
/// [`resolve`] answers `NothingConfigured` (and asks for nothing).
pub fn names_a_target(demo: bool, profile: Option<&str>, file: &ConfigFile, env: &Env) -> bool {
    demo || profile.is_some()
        || env.auth0_domain.is_some()
        || env.faircom_url.is_some()
        || file.default_profile.is_some()
}

/// Asks the user for a secret that is nowhere else (only when a terminal is attached).
pub type SecretPrompt<'a> = &'a mut dyn FnMut(&str) -> Option<Secret>;

/// Decides the target: `--demo` wins; then `--profile`; then `AUTH0_DOMAIN` / `FAIRCOM_URL`; then
/// the file's `default_profile`; else nothing is configured (an error: only the dashboard, where a
/// person sees the DEMO badge, falls back to the demo). Within a profile, the environment fills secrets the
/// file lacks.
pub fn resolve(
    demo: bool,
    profile: Option<&str>,
    file: &ConfigFile,
    file_path: &str,
    env: &Env,
    prompt: SecretPrompt<'_>,
) -> Result<Target, ConfigError> {
    if demo {
        return Ok(Target::Demo);
    }
    if !names_a_target(demo, profile, file, env) {
        return Err(ConfigError::NothingConfigured {
            path: file_path.to_string(),
        });
    }
    let from_env = env.auth0_domain.is_some() || env.faircom_url.is_some();
    let chosen = match profile {
        Some(name) => Some(name.to_string()),
        None if from_env => None,
        None => file.default_profile.clone(),
    };
    let Some(name) = chosen else {
        let source = text::FROM_ENVIRONMENT;
        let auth0 = match &env.auth0_domain {
            Some(domain) => Some(Auth0Target {
                domain: domain.clone(),
                auth: auth_from(None, env, prompt, source)?,
            }),
            None => None,
        };
        let faircom = match &env.faircom_url {
            Some(url) => Some(faircom_from(url, None, env, prompt, source)?),
            None => None,
        };
        return Ok(Target::Services {
            profile: None,
            auth0,
            faircom,
        });
    };
    resolve_profile(&name, file, file_path, env, prompt)
}

/// One profile of the file as a target; the environment fills the secrets the file lacks.
fn resolve_profile(
    name: &str,
    file: &ConfigFile,
    file_path: &str,
    env: &Env,
    prompt: SecretPrompt<'_>,
) -> Result<Target, ConfigError> {
    let p = profile_named(name, file, file_path)?;
    if p.auth0_domain.is_none() && p.faircom_url.is_none() {
        return Err(ConfigError::Incomplete(text::profile_names_nothing(
            name, file_path,
        )));
    }
    let source = text::from_profile(name);
    let auth0 = match &p.auth0_domain {
        Some(domain) => Some(Auth0Target {
            domain: domain.clone(),
            auth: auth_from(Some(p), env, prompt, &source)?,
        }),
        None => None,
    };
    let faircom = match &p.faircom_url {
        Some(url) => Some(faircom_from(url, Some(p), env, prompt, &source)?),
        None => None,
    };
    Ok(Target::Services {
        profile: Some(name.to_string()),
        auth0,
        faircom,
    })
}

/// The profile of that name, or an error naming the known ones.
fn profile_named<'a>(
    name: &str,
    file: &'a ConfigFile,
    file_path: &str,
) -> Result<&'a Profile, ConfigError> {
    file.profiles
        .get(name)
        .ok_or_else(|| ConfigError::NoSuchProfile {
            name: name.to_string(),
            path: file_path.to_string(),
            known: if file.profiles.is_empty() {
                text::NO_PROFILES.into()
            } else {
                file.profiles.keys().cloned().collect::<Vec<_>>().join(", ")
            },
        })
}

/// The demo's stages, as `--demo` names them for a comparison: its development tenant and its
/// production one (each an emulator of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoStage {
    Dev,
    Prod,
}

impl DemoStage {
    pub const ALL: [DemoStage; 2] = [DemoStage::Dev, DemoStage::Prod];

    /// `demo-dev`, `demo-prod`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Dev => stage_text::DEMO_DEV,
            Self::Prod => stage_text::DEMO_PROD,
        }
    }

    pub fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|stage| stage.name() == name)
    }
}

/// One stage of a comparison (or a promote): a profile resolved to where it connects, with what a
/// stage says besides (production, its FairCom place, its replacements).
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// The profile name (`demo-dev`, `demo-prod` for the demo).
    pub name: String,
    pub target: Target,
    /// Which demo tenant, when `target` is the demo.
    pub demo: Option<DemoStage>,
    pub production: bool,
    /// Applied to code that comes INTO this stage from another.
    pub replace: Replacements,
    pub faircom_database: Option<String>,
    pub faircom_owner: Option<String>,
}

impl Stage {
    /// The demo's stage: `demo-prod` is a production stage whose SMS sender replaces `demo-dev`'s
    /// test number; each compares the packages of its own FairCom database.
    pub fn demo(stage: DemoStage) -> Self {
        let prod = stage == DemoStage::Prod;
        Self {
            name: stage.name().to_string(),
            target: Target::Demo,
            demo: Some(stage),
            production: prod,
            replace: Replacements(if prod {
                vec![(
                    stage_text::DEMO_DEV_VALUE.to_string(),
                    stage_text::DEMO_PROD_VALUE.to_string(),
                )]
            } else {
                vec![]
            }),
            faircom_database: Some(
                if prod {
                    stage_text::DEMO_PROD_DATABASE
                } else {
                    stage_text::DEMO_DEV_DATABASE
                }
                .to_string(),
            ),
            faircom_owner: None,
        }
    }

    /// True when the stage names an Auth0 tenant.
    pub fn has_auth0(&self) -> bool {
        match &self.target {
            Target::Demo => true,
            Target::Services { auth0, .. } => auth0.is_some(),
        }
    }

    /// True when the stage names a FairCom server.
    pub fn has_faircom(&self) -> bool {
        match &self.target {
            Target::Demo => true,
            Target::Services { faircom, .. } => faircom.is_some(),
        }
    }
}

/// The two stages of `--from A --to B`. With `demo`, the names are the demo's (`demo-dev` and
/// `demo-prod`, the defaults); otherwise both are profiles of the file. A stage reads its settings
/// from its profile only (missing secrets are asked for): the environment names one tenant, and a
/// comparison has two, so its `AUTH0_API_TOKEN` would be sent to the wrong one.
pub fn resolve_stages(
    demo: bool,
    (from, to): (Option<&str>, Option<&str>),
    file: &ConfigFile,
    file_path: &str,
    prompt: SecretPrompt<'_>,
) -> Result<(Stage, Stage), ConfigError> {
    if demo {
        let from = from.unwrap_or(DemoStage::Dev.name());
        let to = to.unwrap_or(DemoStage::Prod.name());
        not_twice(from, to)?;
        return Ok((demo_stage(from)?, demo_stage(to)?));
    }
    let (Some(from), Some(to)) = (from, to) else {
        return Err(ConfigError::Incomplete(
            stage_text::NEEDS_FROM_AND_TO.to_string(),
        ));
    };
    not_twice(from, to)?;
    // Both names are checked before anything is asked for.
    profile_named(from, file, file_path)?;
    profile_named(to, file, file_path)?;
    let from = resolve_stage(false, from, file, file_path, prompt)?;
    let to = resolve_stage(false, to, file, file_path, prompt)?;
    Ok((from, to))
}

/// One stage by name: the demo's with `demo`, else a profile of the file (see [`resolve_stages`]).
pub fn resolve_stage(
    demo: bool,
    name: &str,
    file: &ConfigFile,
    file_path: &str,
    prompt: SecretPrompt<'_>,
) -> Result<Stage, ConfigError> {
    if demo {
        return demo_stage(name);
    }
    let target = resolve_profile(name, file, file_path, &Env::default(), prompt)?;
    let p = profile_named(name, file, file_path)?;
    Ok(Stage {
        name: name.to_string(),
        target,
        demo: None,
        production: p.production,
        replace: p.replace.clone(),
        faircom_database: p.faircom_database.clone(),
        faircom_owner: p.faircom_owner.clone(),
    })
}

fn not_twice(from: &str, to: &str) -> Result<(), ConfigError> {
    if from == to {
        return Err(ConfigError::SameProfileTwice {
            name: from.to_string(),
        });
    }
    Ok(())
}

fn demo_stage(name: &str) -> Result<Stage, ConfigError> {
    DemoStage::named(name)
        .map(Stage::demo)
        .ok_or_else(|| ConfigError::NoSuchProfile {
            name: name.to_string(),
            path: stage_text::DEMO_PLACE.to_string(),
            known: DemoStage::ALL.map(DemoStage::name).join(", "),
        })
}

/// A FairCom login: the user name from the profile or the environment, the password from the
/// profile, the environment or a prompt.
fn faircom_from(
    url: &str,
    profile: Option<&Profile>,
    env: &Env,
    prompt: SecretPrompt<'_>,
    source: &str,
) -> Result<FairComTarget, ConfigError> {
    let username = either(profile, env, |s| &s.faircom_username)
        .ok_or_else(|| ConfigError::Incomplete(text::faircom_without_user(source)))?;
    let password = either(profile, env, |s| &s.faircom_password)
        .or_else(|| prompt(&text::ask_faircom_password(&username, url)))
        .ok_or_else(|| {
            ConfigError::Incomplete(text::faircom_without_password(source, &username))
        })?;
    Ok(FairComTarget {
        url: url.to_string(),
        username,
        password,
    })
}

fn auth_from(
    profile: Option<&Profile>,
    env: &Env,
    prompt: SecretPrompt<'_>,
    source: &str,
) -> Result<Credentials, ConfigError> {
    if let Some(token) = either(profile, env, |s| &s.auth0_api_token) {
        return Ok(Credentials::Token(token));
    }
    let Some(client_id) = either(profile, env, |s| &s.auth0_client_id) else {
        return Err(ConfigError::Incomplete(text::domain_without_credentials(
            source,
        )));
    };
    let secret = either(profile, env, |s| &s.auth0_client_secret)
        .or_else(|| prompt(&text::ask_client_secret(&client_id)));
    match secret {
        Some(client_secret) => Ok(Credentials::ClientCredentials {
            client_id,
            client_secret,
        }),
        None => Err(ConfigError::Incomplete(text::client_without_secret(source))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_prompt() -> impl FnMut(&str) -> Option<Secret> {
        |_| None
    }

    fn file(text: &str) -> ConfigFile {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn nothing_configured_is_an_error_saying_what_to_set() {
        let e = resolve(
            false,
            None,
            &ConfigFile::default(),
            "c.toml",
            &Env::default(),
            &mut no_prompt(),
        )
        .unwrap_err();
        assert!(matches!(e, ConfigError::NothingConfigured { .. }));
        for needed in [
            "AUTH0_DOMAIN",
            "AUTH0_API_TOKEN",
            "FAIRCOM_URL",
            "--profile",
            "--demo",
        ] {
            assert!(e.to_string().contains(needed), "{needed}: {e}");
        }
        let demo = resolve(
            true,
            None,
            &ConfigFile::default(),
            "c",
            &Env::default(),
            &mut no_prompt(),
        );
        assert_eq!(demo.unwrap(), Target::Demo);
    }

    #[test]
    fn env_domain_with_token() {
        let env = Env {
            auth0_domain: Some("acme.eu.auth0.com".into()),
            auth0_api_token: Some(Secret::new("tok")),
            ..Env::default()
        };
        let t = resolve(
            false,
            None,
            &ConfigFile::default(),
            "c",
            &env,
            &mut no_prompt(),
        )
        .unwrap();
        assert_eq!(
            t,
            Target::Services {
                profile: None,
                auth0: Some(Auth0Target {
                    domain: "acme.eu.auth0.com".into(),
                    auth: Credentials::Token(Secret::new("tok")),
                }),
                faircom: None,
            }
        );
    }

    #[test]
    fn profile_takes_secret_from_env_then_prompt() {
        let f = file(
            "[profiles.prod]\nauth0_domain = \"prod.us.auth0.com\"\nauth0_client_id = \"abc\"\n",
        );
        let mut asked = Vec::new();
        let mut prompt = |q: &str| {
            asked.push(q.to_string());
            Some(Secret::new("typed"))
        };
        let t = resolve(false, Some("prod"), &f, "c", &Env::default(), &mut prompt).unwrap();
        assert_eq!(asked, vec!["Client secret for abc: ".to_string()]);
        assert_eq!(
            t,
            Target::Services {
                profile: Some("prod".into()),
                auth0: Some(Auth0Target {
                    domain: "prod.us.auth0.com".into(),
                    auth: Credentials::ClientCredentials {
                        client_id: "abc".into(),
                        client_secret: Secret::new("typed")
                    },
                }),
                faircom: None,
            }
        );
    }

    #[test]
    fn faircom_from_the_environment_alone_or_beside_auth0() {
        let env = Env {
            faircom_url: Some("db.example.com:8443".into()),
            faircom_username: Some("ADMIN".into()),
            faircom_password: Some(Secret::new("pw")),
            ..Env::default()
        };
        let t = resolve(
            false,
            None,
            &ConfigFile::default(),
            "c",
            &env,
            &mut no_prompt(),
        )
        .unwrap();
        let faircom = FairComTarget {
            url: "db.example.com:8443".into(),
            username: "ADMIN".into(),
            password: Secret::new("pw"),
        };
        assert_eq!(
            t,
            Target::Services {
                profile: None,
                auth0: None,
                faircom: Some(faircom.clone()),
            }
        );
        let both = Env {
            auth0_domain: Some("acme.eu.auth0.com".into()),
            auth0_api_token: Some(Secret::new("tok")),
            ..env
        };
        let t = resolve(
            false,
            None,
            &ConfigFile::default(),
            "c",
            &both,
            &mut no_prompt(),
        )
        .unwrap();
        assert!(
            matches!(t, Target::Services { auth0: Some(_), faircom: Some(f), .. } if f == faircom)
        );
    }

    #[test]
    fn a_faircom_profile_asks_for_a_missing_password_and_needs_a_user() {
        let f = file("[profiles.edge]\nfaircom_url = \"http://127.0.0.1:8080\"\nfaircom_username = \"ADMIN\"\n");
        let mut asked = Vec::new();
        let mut prompt = |q: &str| {
            asked.push(q.to_string());
            Some(Secret::new("typed"))
        };
        let t = resolve(false, Some("edge"), &f, "c", &Env::default(), &mut prompt).unwrap();
        assert_eq!(
            asked,
            ["FairCom password for ADMIN at http://127.0.0.1:8080: "]
        );
        assert!(matches!(
            t,
            Target::Services {
                auth0: None,
                faircom: Some(_),
                ..
            }
        ));
        let f = file("[profiles.edge]\nfaircom_url = \"http://127.0.0.1:8080\"\n");
        let e = resolve(
            false,
            Some("edge"),
            &f,
            "c",
            &Env::default(),
            &mut no_prompt(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("FAIRCOM_USERNAME"), "{e}");
        let f = file("[profiles.empty]\ntheme = \"light\"\n");
        let e = resolve(
            false,
            Some("empty"),
            &f,
            "c",
            &Env::default(),
            &mut no_prompt(),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("neither auth0_domain nor faircom_url"),
            "{e}"
        );
    }

    #[test]
    fn a_faircom_password_in_a_readable_file_is_refused_too() {
        let f = file("[profiles.edge]\nfaircom_password = \"pw\"\n");
        assert!(f.holds_secrets());
        assert!(!format!("{f:?}").contains("\"pw\""));
    }

    #[test]
    fn unknown_profile_names_the_known_ones() {
        let f = file("[profiles.a]\nauth0_domain = \"a\"\n[profiles.b]\nauth0_domain = \"b\"\n");
        let e = resolve(
            false,
            Some("c"),
            &f,
            "cfg.toml",
            &Env::default(),
            &mut no_prompt(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "no profile named `c` in cfg.toml (known: a, b)"
        );
    }

    #[test]
    fn domain_without_credentials_says_what_to_set() {
        let env = Env {
            auth0_domain: Some("x.auth0.com".into()),
            ..Env::default()
        };
        let e = resolve(
            false,
            None,
            &ConfigFile::default(),
            "c",
            &env,
            &mut no_prompt(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("AUTH0_API_TOKEN"), "{e}");
    }

    #[test]
    fn typo_in_config_is_refused() {
        let e = toml::from_str::<ConfigFile>("[profiles.a]\nauth0_domian = \"x\"\n").unwrap_err();
        assert!(e.message().contains("auth0_domian"), "{}", e.message());
    }

    #[test]
    fn debug_of_profile_hides_secrets() {
        let f = file("[profiles.a]\nauth0_api_token = \"very-secret-token\"\n");
        assert!(!format!("{f:?}").contains("very-secret-token"));
    }

    #[cfg(unix)]
    #[test]
    fn secrets_in_a_file_others_may_read_or_write_are_refused_saying_why() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "[profiles.a]\nauth0_domain = \"a\"\nauth0_api_token = \"t\"\n",
        )
        .unwrap();
        let refusal = |mode: u32| {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            load_file(&path, None).unwrap_err()
        };
        let e = refusal(0o644);
        assert!(matches!(e, ConfigError::TooOpen { mode: 0o644, .. }), "{e}");
        assert!(e.to_string().contains("chmod 600"));
        assert!(e.to_string().contains("can read it"), "{e}");
        for mode in [0o622, 0o620, 0o602] {
            let e = refusal(mode).to_string();
            assert!(
                e.contains("can write it") && e.contains("repoint the domain"),
                "{e}"
            );
            assert!(!e.contains("can read"), "{e}");
        }
        let e = refusal(0o666).to_string();
        assert!(e.contains("can read it") && e.contains("write it"), "{e}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(load_file(&path, None).unwrap().profiles.contains_key("a"));
    }

    #[test]
    fn a_missing_default_file_is_empty_but_a_named_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let f = load_file(&dir.path().join("nope.toml"), None).unwrap();
        assert!(f.profiles.is_empty());
        let e = load_file(&dir.path().join("nope.toml"), Some("--config")).unwrap_err();
        assert!(matches!(e, ConfigError::Missing { .. }));
        assert!(
            e.to_string().contains("nope.toml") && e.to_string().contains("--config"),
            "{e}"
        );
    }

    #[test]
    fn the_keys_table_parses_one_key_or_several() {
        let f = file(
            "[keys.timeline]\nrollback = \"R\"\n[keys.global]\nrefresh = [\"<C-r>\", \"F\"]\n",
        );
        let overrides = f.key_overrides();
        assert_eq!(overrides.modes["timeline"]["rollback"], ["R"]);
        assert_eq!(overrides.modes["global"]["refresh"], ["<C-r>", "F"]);
    }

    #[test]
    fn stage_keys_parse_and_replacements_keep_their_order() {
        let f = file(
            "[profiles.prod]\nauth0_domain = \"p\"\nauth0_api_token = \"t\"\nproduction = true\n\
             faircom_database = \"PROD\"\nfaircom_owner = \"admin\"\n\
             [profiles.prod.replace]\n\"z.dev\" = \"z\"\n\"a.dev\" = \"a\"\n\"m.dev\" = \"m\"\n\
             [profiles.dev]\nauth0_domain = \"d\"\nauth0_api_token = \"t2\"\n",
        );
        let (from, to) = resolve_stages(
            false,
            (Some("dev"), Some("prod")),
            &f,
            "c",
            &mut no_prompt(),
        )
        .unwrap();
        assert_eq!(from.name, "dev");
        assert!(!from.production && from.replace.0.is_empty());
        assert!(to.production);
        assert_eq!(to.faircom_database.as_deref(), Some("PROD"));
        assert_eq!(to.faircom_owner.as_deref(), Some("admin"));
        let pairs: Vec<(&str, &str)> = to
            .replace
            .0
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(pairs, [("z.dev", "z"), ("a.dev", "a"), ("m.dev", "m")]);
        assert!(to.has_auth0() && !to.has_faircom());
        let e = toml::from_str::<ConfigFile>("[profiles.a.replace]\nx = 1\n").unwrap_err();
        assert!(!e.message().is_empty());
    }

    #[test]
    fn stages_refuse_the_same_profile_twice_unknown_names_and_one_missing() {
        let f = file("[profiles.a]\nauth0_domain = \"a\"\nauth0_api_token = \"t\"\n");
        let e =
            resolve_stages(false, (Some("a"), Some("a")), &f, "c", &mut no_prompt()).unwrap_err();
        assert!(matches!(e, ConfigError::SameProfileTwice { .. }), "{e}");
        assert!(e.to_string().contains("`a`"), "{e}");
        let e =
            resolve_stages(false, (Some("a"), Some("b")), &f, "c", &mut no_prompt()).unwrap_err();
        assert_eq!(e.to_string(), "no profile named `b` in c (known: a)");
        let e = resolve_stages(false, (Some("a"), None), &f, "c", &mut no_prompt()).unwrap_err();
        assert!(e.to_string().contains("--from"), "{e}");
    }

    #[test]
    fn stages_never_take_secrets_from_the_environment_but_ask() {
        let f = file(
            "[profiles.a]\nauth0_domain = \"a\"\nauth0_client_id = \"id-a\"\n\
             [profiles.b]\nauth0_domain = \"b\"\nauth0_api_token = \"t\"\n",
        );
        let mut asked = Vec::new();
        let mut prompt = |q: &str| {
            asked.push(q.to_string());
            Some(Secret::new("typed"))
        };
        let (a, _) = resolve_stages(false, (Some("a"), Some("b")), &f, "c", &mut prompt).unwrap();
        assert_eq!(asked, ["Client secret for id-a: "]);
        assert!(a.has_auth0());
    }

    #[test]
    fn the_demo_has_two_stages_and_prod_is_production_with_a_replacement() {
        let (dev, prod) = resolve_stages(
            true,
            (None, None),
            &ConfigFile::default(),
            "c",
            &mut no_prompt(),
        )
        .unwrap();
        assert_eq!(
            (dev.name.as_str(), prod.name.as_str()),
            ("demo-dev", "demo-prod")
        );
        assert_eq!(
            (dev.demo, prod.demo),
            (Some(DemoStage::Dev), Some(DemoStage::Prod))
        );
        assert!(prod.production && !dev.production);
        assert_eq!(
            prod.replace.0,
            [("+15005550006".to_string(), "+14155550142".to_string())]
        );
        let e = resolve_stages(
            true,
            (Some("demo-dev"), Some("staging")),
            &ConfigFile::default(),
            "c",
            &mut no_prompt(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "no profile named `staging` in the demo (known: demo-dev, demo-prod)"
        );
        let e = resolve_stages(
            true,
            (Some("demo-prod"), Some("demo-prod")),
            &ConfigFile::default(),
            "c",
            &mut no_prompt(),
        )
        .unwrap_err();
        assert!(matches!(e, ConfigError::SameProfileTwice { .. }));
    }
}

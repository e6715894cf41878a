//! Words of the configuration: what is missing, what is refused and why, what is asked for.

use crate::model::connection::{
    ENV_API_TOKEN, ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_DOMAIN, ENV_FAIRCOM_PASSWORD,
    ENV_FAIRCOM_URL, ENV_FAIRCOM_USERNAME,
};

pub fn unreadable(path: &str, reason: &str) -> String {
    format!("cannot read config file {path}: {reason}")
}

pub fn invalid(path: &str, reason: &str) -> String {
    format!("config file {path} is not valid: {reason}")
}

pub fn missing(path: &str, named_by: &str) -> String {
    format!("config file {path} does not exist (named by {named_by}); create it or name another")
}

pub fn too_open(path: &str, mode: u32, danger: &str) -> String {
    format!(
        "config file {path} holds secrets but {danger} (mode {mode:o}); run `chmod 600 {path}` \
         and try again"
    )
}

pub fn nothing_configured(path: &str) -> String {
    format!(
        "nothing to connect to: set {ENV_DOMAIN} with {ENV_API_TOKEN} (or {ENV_CLIENT_ID} and \
         {ENV_CLIENT_SECRET}) for an Auth0 tenant, {ENV_FAIRCOM_URL} with {ENV_FAIRCOM_USERNAME} and \
         {ENV_FAIRCOM_PASSWORD} for a FairCom server, choose a profile of {path} with --profile (or \
         its default_profile), or pass --demo for the embedded demo"
    )
}

pub fn no_such_profile(name: &str, path: &str, known: &str) -> String {
    format!("no profile named `{name}` in {path} (known: {known})")
}

/// The known profiles when there are none.
pub const NO_PROFILES: &str = "none";

/// Why group or other access to a file of secrets is refused, in words.
pub fn open_danger(mode: u32) -> String {
    const READ: &str = "can read it and so the secrets";
    const WRITE: &str = "can write it and so repoint the domain or server to one that collects \
                         the credentials";
    let (read, write) = (mode & 0o044 != 0, mode & 0o022 != 0);
    match (read, write) {
        (true, true) => format!("group or others {READ}, and {WRITE}"),
        (false, true) => format!("group or others {WRITE}"),
        _ => format!("group or others {READ}"),
    }
}

/// Where the settings came from, as the messages below name it.
pub const FROM_ENVIRONMENT: &str = "the environment";

pub fn from_profile(name: &str) -> String {
    format!("profile `{name}`")
}

pub fn profile_names_nothing(name: &str, path: &str) -> String {
    format!("profile `{name}` in {path} has neither auth0_domain nor faircom_url")
}

pub fn faircom_without_user(source: &str) -> String {
    format!(
        "{source} names a FairCom server but no user: set {ENV_FAIRCOM_USERNAME} or \
         faircom_username"
    )
}

pub fn faircom_without_password(source: &str, username: &str) -> String {
    format!(
        "{source} has no FairCom password for {username}: set {ENV_FAIRCOM_PASSWORD} or \
         put faircom_password in the config file (mode 600)"
    )
}

pub fn domain_without_credentials(source: &str) -> String {
    format!(
        "{source} names a domain but no credentials: set {ENV_API_TOKEN}, or {ENV_CLIENT_ID} and \
         {ENV_CLIENT_SECRET}"
    )
}

pub fn client_without_secret(source: &str) -> String {
    format!(
        "{source} has {ENV_CLIENT_ID} but no client secret: set {ENV_CLIENT_SECRET} or put \
         auth0_client_secret in the config file (mode 600)"
    )
}

/// The prompt for a client secret found nowhere else.
pub fn ask_client_secret(client_id: &str) -> String {
    format!("Client secret for {client_id}: ")
}

/// The prompt for a FairCom password found nowhere else.
pub fn ask_faircom_password(username: &str, url: &str) -> String {
    format!("FairCom password for {username} at {url}: ")
}

//! Where a backend points and which services it talks to: what the header shows and the views
//! offered. Never holds secrets (those travel in [`Credentials`], masked).

use crate::model::secret::Secret;

/// How codedeck proves itself to an Auth0 tenant, as the user configured it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// A Management API token used as is.
    Token(Secret),
    /// Exchanged at `{base}/oauth/token` (client-credentials grant) and cached.
    ClientCredentials {
        client_id: String,
        client_secret: Secret,
    },
}

/// The environment variables that name a connection (read by `config`, named in messages).
pub const ENV_DOMAIN: &str = "AUTH0_DOMAIN";
pub const ENV_API_TOKEN: &str = "AUTH0_API_TOKEN";
pub const ENV_CLIENT_ID: &str = "AUTH0_CLIENT_ID";
pub const ENV_CLIENT_SECRET: &str = "AUTH0_CLIENT_SECRET";
pub const ENV_FAIRCOM_URL: &str = "FAIRCOM_URL";
pub const ENV_FAIRCOM_USERNAME: &str = "FAIRCOM_USERNAME";
pub const ENV_FAIRCOM_PASSWORD: &str = "FAIRCOM_PASSWORD";

/// Which services a backend talks to: the views of the others are not offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Services {
    pub auth0: bool,
    pub faircom: bool,
}

impl Default for Services {
    fn default() -> Self {
        Self {
            auth0: true,
            faircom: false,
        }
    }
}

/// Where the backend points, for the header and for error messages. Never holds secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionInfo {
    /// Tenant domain or base URL as the user knows it.
    pub label: String,
    pub base_url: String,
    /// True for the embedded demo emulator.
    pub demo: bool,
    pub profile: Option<String>,
    pub services: Services,
    /// The FairCom server, when it sits beside an Auth0 tenant (`label` names the tenant then).
    pub faircom_label: Option<String>,
}

impl ConnectionInfo {
    /// Where FairCom changes happened, for the journal.
    pub fn faircom_tenant(&self) -> &str {
        self.faircom_label.as_deref().unwrap_or(&self.label)
    }
}

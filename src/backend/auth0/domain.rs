//! Where the tenant lives: a domain (`acme.eu.auth0.com`) or a full base URL, and the URLs derived from it.

use url::Url;

use crate::backend::net::{join_segments, parse_service_url, UrlRules};
use crate::model::BackendError;
use crate::strings::transport as text;

/// Accepts `acme.eu.auth0.com` (→ https), `https://…` as is, and `http://` only for loopback hosts
/// (the emulator, replay servers). Trailing slashes and a trailing `/api/v2` are tolerated.
pub fn parse_base_url(input: &str) -> Result<Url, BackendError> {
    parse_service_url(
        input,
        &UrlRules {
            what: text::TENANT_URL,
            api_suffix: "/api/v2",
            example: text::TENANT_URL_EXAMPLE,
            default_port: None,
            exposed: text::TENANT_URL_EXPOSES,
        },
    )
}

/// `{base}/api/v2` — every Management API path hangs below it.
pub(crate) fn api_base(base: &Url) -> Url {
    join_segments(base, &["api", "v2"])
}

/// The audience for the client-credentials grant: `{base}/api/v2/` with the trailing slash.
pub(crate) fn audience(base: &Url) -> String {
    format!("{}/", api_base(base).as_str().trim_end_matches('/'))
}

pub(crate) fn token_url(base: &Url) -> Url {
    join_segments(base, &["oauth", "token"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_urls() {
        let base = parse_base_url("acme.eu.auth0.com/").unwrap();
        assert_eq!(api_base(&base).as_str(), "https://acme.eu.auth0.com/api/v2");
        assert_eq!(audience(&base), "https://acme.eu.auth0.com/api/v2/");
        assert_eq!(
            token_url(&base).as_str(),
            "https://acme.eu.auth0.com/oauth/token"
        );
        let prefixed = parse_base_url("https://proxy.example/auth0/api/v2/").unwrap();
        assert_eq!(
            api_base(&prefixed).as_str(),
            "https://proxy.example/auth0/api/v2"
        );
        assert_eq!(
            join_segments(&api_base(&prefixed), &["actions", "a b/c"]).as_str(),
            "https://proxy.example/auth0/api/v2/actions/a%20b%2Fc"
        );
    }
}

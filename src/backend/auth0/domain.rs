//! Where the tenant lives: a domain (`acme.eu.auth0.com`) or a full base URL, and the URLs derived from it.

use url::{Host, Url};

use crate::backend::BackendError;

/// Accepts `acme.eu.auth0.com` (→ https), `https://…` as is, and `http://` only for loopback hosts
/// (the emulator, replay servers). Trailing slashes and a trailing `/api/v2` are tolerated.
pub fn parse_base_url(input: &str) -> Result<Url, BackendError> {
    let config_error = |why: String| BackendError::Config(format!("tenant URL {input:?}: {why}"));
    let (scheme, rest) = input
        .trim()
        .split_once("://")
        .unwrap_or(("https", input.trim()));
    let mut rest = rest.trim_end_matches('/');
    if let Some(stripped) = rest.strip_suffix("/api/v2") {
        rest = stripped.trim_end_matches('/');
    }
    if rest.is_empty() {
        return Err(config_error(
            "no host; give a domain like acme.eu.auth0.com".into(),
        ));
    }
    let with_scheme = format!("{scheme}://{rest}");
    let url = Url::parse(&with_scheme).map_err(|e| config_error(e.to_string()))?;
    let host = url
        .host()
        .ok_or_else(|| config_error("no host name".into()))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => return Err(config_error(
            "plain http is only allowed for loopback hosts (127.0.0.1, ::1, localhost) because \
                 the token would travel unencrypted; use https://"
                .into(),
        )),
        other => {
            return Err(config_error(format!(
                "unsupported scheme {other:?}; use https://"
            )))
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(config_error("must not contain a query or fragment".into()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(config_error("must not contain credentials".into()));
    }
    Ok(url)
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// `base` + extra path segments, keeping any path prefix the base has (e.g. behind a proxy).
pub(crate) fn join_segments(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    url.path_segments_mut()
        .expect("validated base URLs always have a host")
        .pop_if_empty()
        .extend(segments);
    url
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

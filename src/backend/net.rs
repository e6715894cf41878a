//! What the providers' HTTP clients share: the base-URL rules (https, plain http only to loopback
//! hosts), joining path segments, one guarded round trip (no redirects, a capped body, slow answers
//! said aloud), and transport failures and body snippets in a few words.

use std::error::Error as _;
use std::time::Duration;

use reqwest::header::{HeaderMap, LOCATION};
use reqwest::StatusCode;
use url::{Host, Url};

use crate::backend::waits::Waits;
use crate::model::{BackendError, BackendResult};
use crate::secret::{scrub, scrub_url};
use crate::strings::transport as text;

/// How one provider's base URL is read by `parse_service_url`.
pub(crate) struct UrlRules<'a> {
    /// What the URL is called in errors ("tenant URL", "FairCom URL").
    pub what: &'a str,
    /// The API path users paste along with the base (`/api/v2`, `/api`): tolerated and removed.
    pub api_suffix: &'a str,
    /// What to give instead, for the "no host" error ("a domain like acme.eu.auth0.com").
    pub example: &'a str,
    /// The port an input without scheme and port gets (FairCom listens on 8443); `None`: the
    /// scheme's default.
    pub default_port: Option<u16>,
    /// What plain http would expose ("the token", "the password").
    pub exposed: &'a str,
}

/// Accepts `host`, `host:port` (→ https) and `https://…` as is; `http://` only for loopback hosts
/// (the emulator, replay servers). Trailing slashes and a trailing `rules.api_suffix` are tolerated.
/// A full URL keeps its own port (or its scheme's default); `rules.default_port` applies only to
/// input without a scheme and without a port.
pub(crate) fn parse_service_url(input: &str, rules: &UrlRules<'_>) -> Result<Url, BackendError> {
    let what = rules.what;
    // The input as typed may carry credentials (`x:TOKEN@host`, `?token=`): never echoed.
    let shown = scrub_url(input.trim());
    let config_error = |why: String| BackendError::Config(text::url_refused(what, &shown, &why));
    let trimmed = input.trim();
    let (scheme, rest, scheme_given) = match trimmed.split_once("://") {
        Some((scheme, rest)) => (scheme, rest, true),
        None => ("https", trimmed, false),
    };
    let mut rest = rest.trim_end_matches('/');
    if let Some(stripped) = rest.strip_suffix(rules.api_suffix) {
        rest = stripped.trim_end_matches('/');
    }
    if rest.is_empty() {
        return Err(config_error(text::url_without_host(rules.example)));
    }
    let mut url =
        Url::parse(&format!("{scheme}://{rest}")).map_err(|e| config_error(e.to_string()))?;
    let host = url
        .host()
        .ok_or_else(|| config_error(text::URL_NO_HOST_NAME.into()))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => return Err(config_error(text::plain_http_refused(rules.exposed))),
        other => return Err(config_error(text::unsupported_scheme(other))),
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(config_error(text::URL_QUERY_OR_FRAGMENT.into()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(config_error(text::URL_CREDENTIALS.into()));
    }
    let authority = rest.split('/').next().unwrap_or_default();
    // After an IPv6 literal's `]`, a `:` can only start a port. (`Url` drops a port equal to the
    // scheme's default, so `host:443` must be recognised here, not from `url.port()`.)
    let port_given = authority
        .rsplit(']')
        .next()
        .unwrap_or_default()
        .contains(':');
    if let (false, false, Some(port)) = (scheme_given, port_given, rules.default_port) {
        url.set_port(Some(port))
            .map_err(|()| config_error(text::URL_NO_PORT.into()))?;
    }
    Ok(url)
}

/// A slot among the requests on the wire at once, held until dropped. The clients never close
/// their semaphore, so `acquire` cannot fail; were it closed, the request would go out without a
/// slot rather than stop the program.
pub(crate) async fn in_flight_slot(
    in_flight: &tokio::sync::Semaphore,
) -> Option<tokio::sync::SemaphorePermit<'_>> {
    in_flight.acquire().await.ok()
}

/// The HTTP client a provider's requests share: one connection pool, `timeout` per request
/// (connect to last byte), codedeck's user agent, and no redirects followed: a 307/308 would send
/// the body (client secret, password, session token) and the bearer token on to wherever the
/// server points. `send_and_read` turns a 3xx into `Redirected`.
pub(crate) fn http_client(timeout: Duration) -> Result<reqwest::Client, BackendError> {
    reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("codedeck/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| BackendError::Config(text::no_http_client(&e.to_string())))
}

/// Loopback hosts, the only ones plain http may go to.
pub(crate) fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// `base` + extra path segments (each percent-encoded as one segment), keeping any path prefix the
/// base has (e.g. behind a proxy).
pub(crate) fn join_segments(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    // A base from `parse_service_url` has a host, so it always takes segments; one that cannot
    // (`mailto:`-like) is left as it is and the service answers for it.
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}

/// At most this many characters of a non-JSON error body end up in a message.
pub(crate) const SNIPPET_CHARS: usize = 120;

/// The most of a body looked at for a snippet.
const SNIPPET_SOURCE_BYTES: usize = 64 * 1024;

/// Text of a body fit for one line of an error: held secrets and URL credentials scrubbed, tags
/// stripped, whitespace collapsed, capped.
pub(crate) fn sanitize_snippet(body: &[u8]) -> String {
    // Only the start of a long body can make it into the snippet. Scrubbed before capping, so a
    // secret cut in two by the cap cannot slip through.
    let head = &body[..body.len().min(SNIPPET_SOURCE_BYTES)];
    let text = without_blocks(&scrub(&String::from_utf8_lossy(head)), &["script", "style"]);
    let mut plain = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            _ if in_tag => {}
            c if c.is_control() || c.is_whitespace() => plain.push(' '),
            c => plain.push(c),
        }
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.chars().count() <= SNIPPET_CHARS {
        return joined;
    }
    let cut: String = joined.chars().take(SNIPPET_CHARS).collect();
    format!("{}…", cut.trim_end())
}

/// `text` without `<name …>…</name>` blocks (their content is code, not words).
fn without_blocks(text: &str, names: &[&str]) -> String {
    let mut text = text.to_string();
    for name in names {
        let (open, close) = (format!("<{name}"), format!("</{name}>"));
        // ASCII lowercasing keeps byte offsets, so positions found in `lower` apply to `text`.
        loop {
            let lower = text.to_ascii_lowercase();
            let Some(start) = lower.find(&open) else {
                break;
            };
            let end = lower[start..]
                .find(&close)
                .map_or(text.len(), |e| start + e + close.len());
            text.replace_range(start..end, " ");
        }
    }
    text
}

/// Most bytes codedeck reads of one answer: far above the largest real page (50 versions of
/// 100 KB code each is about 5 MB), far below what would hurt.
pub const MAX_BODY_BYTES: u64 = 32 * 1024 * 1024;

/// One answer, its body read in full (at most `MAX_BODY_BYTES`).
pub(crate) struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// One guarded round trip of `request` (no retries here): at most `timeout` from connect to last
/// byte, a 3xx refused (`Redirected`, naming where it pointed), the body read in chunks up to
/// `MAX_BODY_BYTES` (`TooLarge` past it, without reading the rest), reported to `waits` as a wait
/// for `service` once it takes longer than a moment.
pub(crate) async fn send_and_read(
    request: reqwest::RequestBuilder,
    endpoint: &str,
    timeout: Duration,
    service: &str,
    waits: &Waits,
) -> BackendResult<Answer> {
    let work = async {
        let transport = |e: reqwest::Error| transport_error(&e, endpoint, timeout);
        let mut response = request.timeout(timeout).send().await.map_err(transport)?;
        let status = response.status();
        if status.is_redirection() {
            return Err(BackendError::Redirected {
                endpoint: endpoint.to_string(),
                status: status.as_u16(),
                location: response.headers().get(LOCATION).map(|l| {
                    sanitize_snippet(scrub_url(&String::from_utf8_lossy(l.as_bytes())).as_bytes())
                }),
            });
        }
        let too_large = || BackendError::TooLarge {
            endpoint: endpoint.to_string(),
            limit: MAX_BODY_BYTES,
        };
        let announced = response.content_length().unwrap_or(0);
        if announced > MAX_BODY_BYTES {
            return Err(too_large());
        }
        let mut body = Vec::with_capacity(announced as usize);
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if (body.len() + chunk.len()) as u64 > MAX_BODY_BYTES {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer {
            status,
            headers: response.headers().clone(),
            body,
        })
    };
    let what = || text::answer_from(service, endpoint);
    waits.watch(what, timeout, work).await
}

/// A reqwest failure of a request to `endpoint`: `TimedOut` after sending, `Unreachable` before
/// (nothing was sent), else `Network`.
fn transport_error(error: &reqwest::Error, endpoint: &str, timeout: Duration) -> BackendError {
    if error.is_timeout() && !error.is_connect() {
        return BackendError::TimedOut {
            endpoint: endpoint.to_string(),
            after: timeout,
        };
    }
    network_error(error)
}

/// A transport failure in a few words: what went wrong and the innermost cause (no URL).
pub(crate) fn network_error(error: &reqwest::Error) -> BackendError {
    let what = if error.is_timeout() {
        text::REQUEST_TIMED_OUT
    } else if error.is_connect() {
        text::COULD_NOT_CONNECT
    } else if error.is_body() || error.is_decode() {
        text::BROKE_WHILE_READING
    } else {
        text::REQUEST_FAILED
    };
    let mut cause = None;
    let mut source = error.source();
    while let Some(inner) = source {
        cause = Some(inner.to_string());
        source = inner.source();
    }
    let words = match cause {
        Some(cause) => text::failed_because(what, &sanitize_snippet(scrub(&cause).as_bytes())),
        None => what.to_string(),
    };
    if error.is_connect() {
        BackendError::Unreachable(words)
    } else {
        BackendError::Network(words)
    }
}

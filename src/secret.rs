//! The one place that removes secrets from text: every `Secret` made is remembered (the registry in
//! `model::secret`), and [`scrub`] replaces each one it finds (and any URL credentials and
//! credential fields) with `***`. Errors (`BackendError`'s `Display`), logs and the
//! journal pass their text through it, whatever the text's source (a server echoing the request,
//! a URL the user typed).

use std::fmt;

use crate::model::secret::with_held;
pub use crate::model::secret::{Secret, Typed};
use crate::strings::transport::SCRUBBED;

/// Tests elsewhere ask what typing a value registered.
#[cfg(test)]
pub(crate) use crate::model::secret::held_containing;

/// The mask, wherever a `Secret` is formatted for a person.
impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(SCRUBBED)
    }
}

/// `text` with every held secret and every URL credential (`user:pass@`, query values) replaced
/// by `***`. A secret that starts or ends with a letter or digit is only replaced where it does
/// not continue a longer word (so a secret `admin1` leaves `superadmin12` alone).
pub fn scrub(text: &str) -> String {
    let mut out = scrub_urls(text);
    with_held(|held| {
        for secret in held {
            if out.contains(secret.as_str()) {
                out = replace_whole(&out, secret);
            }
        }
    });
    // Last, so that a held value is matched whole before a field's value is cut at an escape.
    scrub_credential_fields(&out)
}

/// `text` with every held secret replaced by `***`, and nothing else touched: for code kept on
/// disk (a server that echoes a token into an action's code must not have it stored), where URL
/// query values and credential-looking fields are the user's own code.
pub fn scrub_held(text: &str) -> std::borrow::Cow<'_, str> {
    with_held(|held| {
        let mut out = std::borrow::Cow::Borrowed(text);
        for secret in held {
            if out.contains(secret.as_str()) {
                out = std::borrow::Cow::Owned(replace_whole(&out, secret));
            }
        }
        out
    })
}

/// JSON fields that carry a credential, whoever sent them. Their values are hidden even when the
/// text holds only part of one (an answer cut short), which the held values cannot match.
const CREDENTIAL_FIELDS: &[&str] = &[
    "authToken",
    "password",
    "client_secret",
    "access_token",
    "refresh_token",
    "id_token",
];

/// `"authToken":"krJ6…` (also JSON quoted again, `\"authToken\":\"…`) → `"authToken":"***`.
fn scrub_credential_fields(text: &str) -> String {
    let mut out = text.to_string();
    for field in CREDENTIAL_FIELDS {
        let mut from = 0;
        while let Some(found) = out[from..].find(field) {
            let after_name = from + found + field.len();
            // Between the name and its value: quotes, backslashes, spaces and one colon.
            let gap = out[after_name..]
                .find(|c: char| !matches!(c, '"' | '\\' | ':' | ' '))
                .map_or(out.len(), |g| after_name + g);
            let is_field = out[after_name..gap].contains(':') && out[after_name..gap].contains('"');
            let end = out[gap..]
                .find(|c: char| matches!(c, '"' | '\\' | ',' | '}') || c.is_whitespace())
                .map_or(out.len(), |e| gap + e);
            if is_field && end > gap {
                out.replace_range(gap..end, SCRUBBED);
                from = gap + SCRUBBED.len();
            } else {
                from = after_name;
            }
        }
    }
    out
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

fn replace_whole(text: &str, secret: &str) -> String {
    let glues_before = is_word(secret.chars().next());
    let glues_after = is_word(secret.chars().next_back());
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, _) in text.match_indices(secret) {
        let end = at + secret.len();
        let glued = (glues_before && is_word(text[..at].chars().next_back()))
            || (glues_after && is_word(text[end..].chars().next()));
        if glued {
            continue;
        }
        out.push_str(&text[copied..at]);
        out.push_str(SCRUBBED);
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// A writer that scrubs what goes through it, for the log file: tracing's fmt layer writes each
/// event in one `write`, so a secret is never split across two.
pub struct Scrubbed<W>(pub W);

impl<W: std::io::Write> std::io::Write for Scrubbed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .write_all(scrub(&String::from_utf8_lossy(buf)).as_bytes())?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Characters that end a URL inside free text (`;` too: our own sentences go on after one).
fn ends_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | ')' | ']' | ',' | ';')
}

/// Every `scheme://…` in `text` through [`scrub_url`].
fn scrub_urls(text: &str) -> String {
    if !text.contains("://") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        // The scheme: the letters just before `://`.
        let scheme_start = rest[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |i| i + 1);
        let end = rest[at..].find(ends_url).map_or(rest.len(), |e| at + e);
        out.push_str(&rest[..scheme_start]);
        out.push_str(&scrub_url(&rest[scheme_start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// One URL (with or without a scheme, as a user may type it) without its credentials: the
/// userinfo before `@` and every query value become `***`. Fit for an error about that URL.
pub fn scrub_url(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(at) => url.split_at(at + 3),
        None => ("", url),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rfind('@') {
        Some(at) => format!("{SCRUBBED}{}", &authority[at..]),
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let (query, fragment) = match query.split_once('#') {
                Some((query, fragment)) => (query, Some(fragment)),
                None => (query, None),
            };
            let query: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((name, _)) => format!("{name}={SCRUBBED}"),
                    None => pair.to_string(),
                })
                .collect();
            let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
            format!("{path}?{}{fragment}", query.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}{authority}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = Secret::new("eyJhbGciOi.super-secret");
        assert!(!format!("{s:?}").contains("super-secret"));
        assert!(!format!("{s}").contains("super-secret"));
        assert_eq!(s.expose(), "eyJhbGciOi.super-secret");
    }

    #[test]
    fn held_secrets_are_scrubbed_in_every_form_a_server_echoes() {
        let _held = Secret::new("pa\"ss w/rd-7731");
        let echoed =
            r#"{"password":"pa\"ss w/rd-7731"} form: pa%22ss+w%2Frd-7731 raw: pa"ss w/rd-7731."#;
        let scrubbed = scrub(echoed);
        assert!(!scrubbed.contains("7731"), "{scrubbed}");
        assert_eq!(scrubbed.matches(SCRUBBED).count(), 3, "{scrubbed}");
    }

    #[test]
    fn a_short_word_like_secret_leaves_longer_words_alone() {
        let _held = Secret::new("qzadmin");
        assert_eq!(
            scrub("user qzadmin, not qzadmins or xqzadmin: \"qzadmin\""),
            "user ***, not qzadmins or xqzadmin: \"***\""
        );
        let _tiny = Secret::new("ab1");
        assert_eq!(scrub("ab1 tab1"), "ab1 tab1");
    }

    #[test]
    fn the_log_writer_scrubs_each_line() {
        use std::io::Write;
        let _held = Secret::new("log-line-secret-55");
        let mut log = Scrubbed(Vec::new());
        writeln!(log, "DEBUG refused log-line-secret-55").unwrap();
        assert_eq!(String::from_utf8(log.0).unwrap(), "DEBUG refused ***\n");
    }

    #[test]
    fn credential_fields_are_hidden_even_when_cut_short() {
        assert_eq!(
            scrub(r#"the body is not JSON: "{\"authToken\":\"krJ6Hf"#),
            r#"the body is not JSON: "{\"authToken\":\"***"#
        );
        assert_eq!(
            scrub(r#"{"password": "hunter2", "username":"ADMIN"}"#),
            r#"{"password": "***", "username":"ADMIN"}"#
        );
        assert_eq!(
            scrub("the password is wrong"),
            "the password is wrong",
            "a word in a sentence is not a field"
        );
    }

    #[test]
    fn url_credentials_and_query_values_are_scrubbed() {
        assert_eq!(
            scrub("cannot reach http://x:TOKEN-9@host:1/p?token=abc&b=2#f (refused)"),
            "cannot reach http://***@host:1/p?token=***&b=***#f (refused)"
        );
        assert_eq!(
            scrub("a redirect to http://h/x?token=abc; codedeck follows none"),
            "a redirect to http://h/x?token=***; codedeck follows none",
            "the sentence after the URL stays"
        );
        assert_eq!(scrub_url("u:pw@host/api"), "***@host/api");
        assert_eq!(scrub_url("host?token=abc"), "host?token=***");
        assert_eq!(
            scrub("no urls here: a@b?c=d"),
            "no urls here: a@b?c=d",
            "free text without a scheme is left alone"
        );
    }
}

//! Secret values as the authoring commands take them: from the environment variable each
//! `--secret NAME` names, or as `NAME=VALUE` lines on stdin (typed without echo on a terminal).
//! Never from a flag's value; they go nowhere but the request body.

use std::io::{IsTerminal, Read};

use super::{failed, usage};
use crate::cli::output::say;
use crate::cli::{CliError, SourceArgs};
use crate::model::secret::Secret;
use crate::model::SecretInput;
use crate::strings::cli as text;

/// `NAME=VALUE` lines (blank lines and `#` comments skipped; the value is everything after the
/// first `=`, a trailing CR dropped). A bad line is named by its number, never shown: it may hold a
/// value.
pub(super) fn parse_secret_lines(input: &str) -> Result<Vec<SecretInput>, String> {
    let mut secrets = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            return Err(text::stdin_secret_line(i + 1));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(text::stdin_secret_line(i + 1));
        }
        secrets.push(SecretInput {
            name: name.to_string(),
            value: Some(Secret::new(value)),
        });
    }
    Ok(secrets)
}

/// Each `--secret NAME`, its value from the environment variable NAME (`env` looks one up).
pub(super) fn secrets_from_env(
    names: &[String],
    env: impl Fn(&str) -> Option<String>,
) -> Result<Vec<SecretInput>, String> {
    names
        .iter()
        .map(|name| match env(name).filter(|v| !v.is_empty()) {
            Some(value) => Ok(SecretInput {
                name: name.clone(),
                value: Some(Secret::new(value)),
            }),
            None => Err(text::env_secret_missing(name)),
        })
        .collect()
}

/// The secrets given on the command line: from the environment, then from stdin.
pub(in crate::cli) fn given_secrets(source: &SourceArgs) -> Result<Vec<SecretInput>, CliError> {
    let mut secrets =
        secrets_from_env(&source.secrets, |name| std::env::var(name).ok()).map_err(usage)?;
    if source.secrets_from_stdin {
        let mut stdin = std::io::stdin();
        let input = if stdin.is_terminal() {
            // Typed by hand: read without echo, line by line, so no value shows on the screen.
            say(text::READING_SECRETS);
            let mut typed = String::new();
            while let Some(line) = super::super::connect::prompt_secret(text::SECRET_LINE_PROMPT) {
                typed.push_str(line.expose());
                typed.push('\n');
            }
            typed
        } else {
            let mut bytes = Vec::new();
            stdin
                .read_to_end(&mut bytes)
                .map_err(|e| failed(e.to_string()))?;
            String::from_utf8(bytes).map_err(|_| usage(text::STDIN_NOT_UTF8.into()))?
        };
        secrets.extend(parse_secret_lines(&input).map_err(usage)?);
    }
    Ok(secrets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &SecretInput) -> Option<&str> {
        s.value.as_ref().map(Secret::expose)
    }

    #[test]
    fn stdin_secrets_skip_blanks_and_comments_and_keep_the_value_verbatim() {
        let input =
            "# the tenant's keys\n\nAPI_KEY=abc=def\r\n  SLACK_URL =https://x/y?a=1 \n\t# x\n";
        let secrets = parse_secret_lines(input).unwrap();
        let pairs: Vec<(&str, Option<&str>)> = secrets
            .iter()
            .map(|s| (s.name.as_str(), value(s)))
            .collect();
        assert_eq!(
            pairs,
            [
                ("API_KEY", Some("abc=def")),
                ("SLACK_URL", Some("https://x/y?a=1 "))
            ]
        );
        assert!(parse_secret_lines("").unwrap().is_empty());
    }

    #[test]
    fn a_bad_stdin_line_is_named_by_number_and_never_shown() {
        let err = parse_secret_lines("A=1\nhunter2-no-equals\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
        let err = parse_secret_lines("=value-without-name").unwrap_err();
        assert!(
            err.contains("line 1") && !err.contains("value-without"),
            "{err}"
        );
    }

    #[test]
    fn env_secrets_need_a_set_non_empty_variable() {
        let env = |name: &str| match name {
            "SET" => Some("s3cr3t".to_string()),
            "EMPTY" => Some(String::new()),
            _ => None,
        };
        let ok = secrets_from_env(&["SET".into()], env).unwrap();
        assert_eq!(value(&ok[0]), Some("s3cr3t"));
        for missing in ["EMPTY", "UNSET"] {
            let err = secrets_from_env(&["SET".into(), missing.into()], env).unwrap_err();
            assert!(err.contains(missing) && !err.contains("s3cr3t"), "{err}");
        }
    }
}

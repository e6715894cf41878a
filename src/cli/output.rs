//! How the commands talk: results on stdout (text made safe for the terminal, or JSON), notes and
//! questions on stderr, and the one [y/N] confirmation every change asks.

use std::io::{BufRead, IsTerminal, Write};

use serde::Serialize;

use super::CliError;
use crate::model::terminal_safe;
use crate::strings::cli as text;

/// Writes command output, stripped of control characters (it holds remote names, code and messages).
pub(super) fn emit(text: &str) {
    emit_styled(&terminal_safe(text));
}

/// Writes output whose only control sequences are codedeck's own colours (its remote text was
/// made safe span by span, see `diff::text::line_text`). A reader that went away (`| head`) is not
/// an error: stop quietly, as Unix tools do.
pub(super) fn emit_styled(output: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(output.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("{}", text::cannot_write_output(&e.to_string()));
        std::process::exit(1);
    }
}

/// Writes a line to stderr (notes, progress, questions), stripped of control characters.
pub(super) fn say(text: &str) {
    eprintln!("{}", terminal_safe(text));
}

/// Goes ahead with `--yes`; otherwise asks on the terminal (default No), and without one refuses.
pub(super) fn confirm(question: &str, yes: bool) -> Result<(), CliError> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(text::NEEDS_YES.to_string()));
    }
    // The question names remote objects.
    eprint!("{} {}", terminal_safe(question), text::YES_NO);
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(anyhow::Error::from)?;
    match answer.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err(CliError::Usage(text::CANCELLED.to_string())),
    }
}

pub(super) fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), CliError> {
    let mut value = serde_json::to_value(value).map_err(anyhow::Error::from)?;
    without_bookkeeping(&mut value);
    let json = serde_json::to_string_pretty(&value).map_err(anyhow::Error::from)?;
    emit(&format!("{}\n", escape_controls(&json)));
    Ok(())
}

/// serde_json escapes the C0 controls only; DEL and the C1 controls (0x80–0x9f) get `\uXXXX` too,
/// so the JSON keeps every character of remote text and none reaches the terminal raw. (Outside
/// strings, pretty JSON holds no control character but its newlines.)
pub(super) fn escape_controls(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_control() && c != '\n' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// JSON output says what the service said: an action's `code_loaded` is codedeck's bookkeeping and
/// goes; the code it marks as not sent (listed and bound actions) is null, and so is every text
/// field of an action the service left out (a bound action's status, runtime …), not an empty
/// string a script would take for a value.
fn without_bookkeeping(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Array(items) => items.iter_mut().for_each(without_bookkeeping),
        Value::Object(fields) => {
            if let Some(loaded) = fields.remove("code_loaded") {
                if loaded == Value::Bool(false) {
                    fields.insert("code".into(), Value::Null);
                }
                for field in fields.values_mut() {
                    if field.as_str() == Some("") {
                        *field = Value::Null;
                    }
                }
            }
            fields.values_mut().for_each(without_bookkeeping);
        }
        _ => {}
    }
}

/// `v7`, or a dash when there is no such version (never deployed, never published).
pub(super) fn version_label(number: Option<u32>) -> String {
    number.map_or_else(|| text::NEVER.to_string(), crate::strings::version_label)
}

/// A failure the command words itself (exit 1).
pub(super) fn failed(why: String) -> CliError {
    CliError::Other(anyhow::anyhow!(why))
}

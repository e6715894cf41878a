//! `codedeck actions test` (run a draft once with an event) and `codedeck executions show` (what a
//! flow's run did).

use std::io::IsTerminal;
use std::path::Path;

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use serde::Serialize;

use super::diff_cmd::ColorWhen;
use super::lookup::find_action;
use super::output::{emit, emit_styled, escape_controls, print_json};
use super::table::Table;
use super::{CliError, Connected};
use crate::backend::Backend;
use crate::diff::text::line_text;
use crate::model::{Execution, TestError, TestRun, Timestamp};
use crate::strings::cli as text;
use crate::theme::Theme;

/// The event in a payload file: JSON, or exit 2 saying where it stops being JSON.
pub(crate) fn parse_payload(shown: &str, content: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str(content)
        .map_err(|e| text::bad_payload(shown, e.line(), e.column(), &e.to_string()))
}

fn read_payload(path: &Path) -> Result<serde_json::Value, CliError> {
    let shown = path.display().to_string();
    let content = std::fs::read_to_string(path)
        .map_err(|e| CliError::Usage(text::cannot_read_file(&shown, &e.to_string())))?;
    parse_payload(&shown, &content).map_err(CliError::Usage)
}

/// A test run as `--json` prints it: the stats as an object of milliseconds.
#[derive(Serialize)]
struct RunJson<'a> {
    payload: &'a serde_json::Value,
    error: &'a Option<TestError>,
    stats: serde_json::Map<String, serde_json::Value>,
}

/// `codedeck actions test NAME|ID [--payload-file F] [--json] [--color WHEN]`: exit 1 when the draft
/// threw.
/// The payload saved for `action` under `name` (`last`: the last run's, when none is named so).
fn saved(
    journal: Option<&crate::journal::Journal>,
    tenant: &str,
    action: &crate::model::Action,
    name: &str,
) -> Result<serde_json::Value, CliError> {
    let saved = match journal {
        Some(journal) => journal
            .payloads(tenant, &action.id)
            .map_err(|why| CliError::Other(anyhow::anyhow!(why)))?,
        None => crate::journal::payloads::SavedPayloads::default(),
    };
    let found = saved.named.get(name).cloned().or_else(|| {
        (name == crate::strings::reach::PAYLOAD_LAST_ARG)
            .then(|| saved.last.clone())
            .flatten()
    });
    found.ok_or_else(|| {
        let known: Vec<String> = saved.named.keys().cloned().collect();
        CliError::Usage(crate::strings::reach::no_such_payload(
            name,
            &action.name,
            &known,
        ))
    })
}

pub async fn test_action(
    conn: &Connected,
    key: &str,
    (payload_file, saved_payload): (Option<&Path>, Option<&str>),
    json: bool,
    color: ColorWhen,
) -> Result<(), CliError> {
    let payload = payload_file.map(read_payload).transpose()?;
    let backend = &*conn.backend;
    let action = find_action(backend, key).await?;
    // Saved test payloads (issue 19): `--payload NAME` (or `last`), kept beside the journal.
    let journal = super::journaling::journal_of(conn).ok();
    let tenant = backend.connection().label;
    let payload = match (payload, saved_payload, &journal) {
        (Some(payload), _, _) => payload,
        (None, Some(name), journal) => saved(journal.as_ref(), &tenant, &action, name)?,
        (None, None, _) => {
            let trigger = action.trigger_ids().first().copied().unwrap_or_default();
            crate::authoring::sample_event(trigger)
        }
    };
    if let Some(journal) = &journal {
        // Remembered as the action's last, as the dashboard's `t` does (a failure only loses that).
        if let Err(why) = journal.save_payload(&tenant, &action.id, None, &payload) {
            tracing::warn!("test payload not remembered: {why}");
        }
    }
    let run = backend.test_action(&action.id, &payload).await?;
    if json {
        print_json(&RunJson {
            payload: &run.payload,
            error: &run.error,
            stats: run
                .stats
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::json!(v)))
                .collect(),
        })?;
    } else {
        let theme = conn.theme()?;
        emit_styled(&describe_run(
            &run,
            color.enabled(std::io::stdout().is_terminal()),
            &theme,
        ));
    }
    match &run.error {
        Some(e) => Err(CliError::Other(anyhow::anyhow!(text::test_threw(
            &action.name,
            &e.name
        )))),
        None => Ok(()),
    }
}

/// The payload without what is shown apart (the error and the stats), `None` when nothing is left.
fn returned(payload: &serde_json::Value) -> Option<serde_json::Value> {
    match payload {
        serde_json::Value::Object(map) => {
            let rest: serde_json::Map<_, _> = map
                .iter()
                .filter(|(k, _)| *k != "error" && *k != "stats")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (!rest.is_empty()).then_some(serde_json::Value::Object(rest))
        }
        serde_json::Value::Null => None,
        other => Some(other.clone()),
    }
}

/// A test run as text: the returned payload pretty-printed, the thrown error (in the theme's
/// failure colour when `color`), the stats in milliseconds.
pub(crate) fn describe_run(run: &TestRun, color: bool, theme: &Theme) -> String {
    let heading = Style::new().fg(theme.label).add_modifier(Modifier::BOLD);
    let failure = Style::new().fg(theme.status_failed);
    let line = |spans: Vec<Span<'static>>| line_text(&Line::from(spans), color);
    let mut out = line(vec![Span::styled(text::TEST_PAYLOAD, heading)]);
    match returned(&run.payload) {
        Some(value) => {
            let pretty = serde_json::to_string_pretty(&value).unwrap_or_default();
            // The output is styled (not stripped as a whole): the payload's C1 controls are escaped.
            out.push_str(&escape_controls(&pretty));
            out.push('\n');
        }
        None => out.push_str(&format!("{}\n", text::TEST_NO_PAYLOAD)),
    }
    if let Some(e) = &run.error {
        out.push('\n');
        out.push_str(&line(vec![Span::styled(text::TEST_ERROR, heading)]));
        let head = match (e.name.is_empty(), e.message.is_empty()) {
            (false, false) => text::thrown(&e.name, &e.message),
            (false, true) => e.name.clone(),
            _ => e.message.clone(),
        };
        out.push_str(&line(vec![Span::styled(
            head,
            failure.add_modifier(Modifier::BOLD),
        )]));
        for stack_line in e.stack.lines() {
            // The stack usually repeats the first line.
            if stack_line.trim() != text::thrown(&e.name, &e.message) {
                out.push_str(&line(vec![Span::styled(stack_line.to_string(), failure)]));
            }
        }
    }
    if !run.stats.is_empty() {
        out.push('\n');
        out.push_str(&line(vec![Span::styled(text::TEST_STATS, heading)]));
        let mut t = Table::new(text::STATS_HEADER);
        for (name, ms) in &run.stats {
            t.row(vec![name.clone(), text::milliseconds(*ms)]);
        }
        out.push_str(&t.render());
    }
    out
}

/// `codedeck executions show ID [--json]`.
pub async fn show_execution(backend: &dyn Backend, id: &str, json: bool) -> Result<(), CliError> {
    let execution = match backend.get_execution(id).await {
        Ok(e) => e,
        Err(e) if e.is_not_found() => {
            return Err(CliError::Other(anyhow::anyhow!(text::EXECUTION_GONE)))
        }
        Err(e) => return Err(e.into()),
    };
    if json {
        return print_json(&execution);
    }
    emit(&describe_execution(&execution));
    Ok(())
}

fn time(t: Option<Timestamp>) -> String {
    t.map_or_else(
        || text::NEVER.to_string(),
        |t| t.format(text::EXECUTION_TIME_FORMAT).to_string(),
    )
}

/// An execution as text: its facts, then one row per action that ran, in order.
pub(crate) fn describe_execution(e: &Execution) -> String {
    let mut out = String::new();
    for (label, value) in [
        (text::FIELD_ID, e.id.clone()),
        (text::FIELD_TRIGGER, e.trigger_id.clone()),
        (text::FIELD_STATUS, e.status.clone()),
        (text::FIELD_CREATED, time(e.created_at)),
        (text::FIELD_UPDATED, time(e.updated_at)),
    ] {
        out.push_str(&text::execution_field(label, &value));
    }
    out.push('\n');
    if e.results.is_empty() {
        out.push_str(&format!("{}\n", text::NO_RESULTS));
        return out;
    }
    let mut t = Table::new(text::EXECUTION_RESULTS_HEADER);
    for (i, r) in e.results.iter().enumerate() {
        let duration = match (r.started_at, r.ended_at) {
            (Some(start), Some(end)) => text::milliseconds((end - start).num_milliseconds() as f64),
            _ => text::NEVER.to_string(),
        };
        let error = r.error.as_ref().map_or_else(String::new, |err| {
            text::action_error(
                &err.id,
                &err.msg,
                err.url.as_deref().filter(|u| !u.is_empty()),
            )
        });
        t.row(vec![
            (i + 1).to_string(),
            r.action_name.clone(),
            time(r.started_at),
            time(r.ended_at),
            duration,
            error,
        ]);
    }
    out.push_str(&t.render());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_payload_that_is_not_json_says_where() {
        let err = parse_payload("event.json", "{\n  \"user\": {,\n}").unwrap_err();
        assert!(
            err.contains("event.json") && err.contains("line 2"),
            "{err}"
        );
        assert!(err.contains("column"), "{err}");
        assert_eq!(parse_payload("e", "{\"a\":1}").unwrap(), json!({"a": 1}));
    }

    #[test]
    fn a_thrown_error_is_red_only_with_colour_and_the_stats_are_listed() {
        let run = TestRun::from_payload(json!({
            "error": {"name": "TypeError", "message": "boom", "stack": "TypeError: boom\n    at x (a.js:1)"},
            "stats": {"total_request_duration_ms": 12.0},
            "user": {"app_metadata": {"plan": "pro"}}
        }));
        let theme = Theme::default();
        let plain = describe_run(&run, false, &theme);
        assert!(!plain.contains('\x1b'), "{plain}");
        assert!(plain.contains("\"plan\": \"pro\""), "{plain}");
        assert!(
            plain.contains("TypeError: boom\n    at x (a.js:1)"),
            "{plain}"
        );
        assert!(
            plain.contains("total_request_duration_ms  12 ms"),
            "{plain}"
        );
        let coloured = describe_run(&run, true, &theme);
        assert!(coloured.contains("\x1b["), "{coloured}");
    }

    #[test]
    fn a_runs_payload_and_error_reach_the_terminal_without_their_control_characters() {
        let run = TestRun::from_payload(json!({
            "error": {"name": "E\u{1b}]0;t\u{7}", "message": "m\u{9b}2J", "stack": ""},
            "user": {"note": "a\u{9b}b\u{1b}[2J"}
        }));
        let theme = Theme::default();
        let plain = describe_run(&run, false, &theme);
        assert!(
            !plain.chars().any(|c| c.is_control() && c != '\n'),
            "{plain:?}"
        );
        assert!(
            plain.contains(r"a\u009bb\u001b[2J"),
            "the payload stays, escaped: {plain}"
        );
        let coloured = describe_run(&run, true, &theme);
        let theirs = coloured.replace("\x1b[", "");
        assert!(
            !theirs.contains(['\u{1b}', '\u{7}', '\u{9b}']),
            "{coloured:?}"
        );
    }
}

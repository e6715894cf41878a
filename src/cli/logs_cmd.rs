//! `codedeck logs` (issue 18): the tenant's log events, oldest first — failures, admin changes to
//! actions, or all — as a table or JSON lines; `--follow` goes on by checkpoint polling until
//! Ctrl-C (exit 0). Events come from the client with secret values stripped; nothing here adds
//! any.

use std::time::Duration;

use clap::{Args, ValueEnum};
use serde_json::json;

use super::output::{emit, escape_controls, say};
use super::table::Table;
use super::CliError;
use crate::activity;
use crate::backend::Backend;
use crate::model::logs::{LogClass, LogEvent};
use crate::model::{BackendError, Timestamp};
use crate::strings::logs as words;

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// Only the events of this action (its failures and the changes to it).
    #[arg(long, value_name = "NAME")]
    pub action: Option<String>,
    /// failures (actions_execution_failed), changes (writes to actions), or all.
    #[arg(long = "type", value_enum, default_value = "all", value_name = "TYPE")]
    pub class: ClassArg,
    /// Only events this recent: 30m, 1h, 2d, or a time (2026-01-31T10:00:00Z).
    #[arg(long, value_name = "AGE|TIME")]
    pub since: Option<String>,
    /// Go on printing new events as they are logged, until Ctrl-C (then exit 0).
    #[arg(long)]
    pub follow: bool,
    /// One JSON object per line instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ClassArg {
    Failures,
    Changes,
    All,
}

impl From<ClassArg> for LogClass {
    fn from(class: ClassArg) -> Self {
        match class {
            ClassArg::Failures => LogClass::Failures,
            ClassArg::Changes => LogClass::Changes,
            ClassArg::All => LogClass::All,
        }
    }
}

/// Results read by search at most (the service's own bound is 1 000).
const SEARCH_PAGES: u32 = 10;
const PER_PAGE: u32 = 100;
/// Seconds between checkpoint polls while following.
const FOLLOW_SECONDS: u64 = 3;

/// What an event must be to be printed.
struct Wanted {
    class: LogClass,
    action: Option<(String, String)>,
    since: Option<Timestamp>,
}

impl Wanted {
    fn admits(&self, event: &LogEvent) -> bool {
        activity::in_class(event, self.class)
            && self.since.is_none_or(|since| event.date >= since)
            && self
                .action
                .as_ref()
                .is_none_or(|(name, id)| activity::names_action(event, name, Some(id)))
    }
}

pub async fn run(backend: &dyn Backend, args: LogsArgs) -> Result<(), CliError> {
    let since = match &args.since {
        Some(typed) => Some(parse_since(typed, chrono::Utc::now())?),
        None => None,
    };
    let action = match &args.action {
        Some(name) => {
            let found = super::lookup::find_action(backend, name)
                .await
                .map_err(|_| CliError::NotFound(words::unknown_action(name)))?;
            Some((found.name, found.id))
        }
        None => None,
    };
    let wanted = Wanted {
        class: args.class.into(),
        action,
        since,
    };
    if args.follow {
        // Ctrl-C is how a follow ends, from the first moment (reading what came before too).
        super::interrupt::interrupt_ends_quietly();
    }
    let mut printer = Printer::new(args.json);
    let mut events = search(backend, &wanted).await?;
    events.retain(|e| wanted.admits(e));
    events.sort_by_key(|e| e.date);
    printer.print(&events);
    if !args.follow {
        printer.finish();
        if events.is_empty() {
            say(words::NO_EVENTS);
        }
        return Ok(());
    }
    printer.finish();
    follow(backend, &wanted, &mut printer).await
}

/// Every matching event the search mode gives (newest first, paged to the service's bound).
async fn search(backend: &dyn Backend, wanted: &Wanted) -> Result<Vec<LogEvent>, CliError> {
    let mut query = activity::class_query(wanted.class);
    if let Some(since) = wanted.since {
        let range = format!("date:[{} TO *]", since.format("%Y-%m-%dT%H:%M:%S%.3fZ"));
        query = Some(match query {
            Some(q) => format!("{q} AND {range}"),
            None => range,
        });
    }
    let mut all = vec![];
    for page in 0..SEARCH_PAGES {
        let events = backend
            .search_logs(query.as_deref(), page, PER_PAGE)
            .await?;
        let last = events.len() < PER_PAGE as usize;
        let older = wanted
            .since
            .is_some_and(|since| events.iter().any(|e| e.date < since));
        all.extend(events);
        if last || older {
            break;
        }
    }
    Ok(all)
}

/// Checkpoint polling from the newest event on, until interrupted.
async fn follow(
    backend: &dyn Backend,
    wanted: &Wanted,
    printer: &mut Printer,
) -> Result<(), CliError> {
    say(words::FOLLOWING);
    let mut checkpoint = newest(backend).await?;
    let mut failures: u32 = 0;
    loop {
        let Some(from) = checkpoint.clone() else {
            tokio::time::sleep(Duration::from_secs(FOLLOW_SECONDS)).await;
            checkpoint = newest(backend).await?;
            continue;
        };
        match backend.logs_from(&from, PER_PAGE).await {
            Ok(page) => {
                failures = 0;
                let full = page.events.len() >= PER_PAGE as usize;
                let newest_id = page.events.last().map(|e| e.log_id.clone());
                let shown: Vec<LogEvent> = page
                    .events
                    .into_iter()
                    .filter(|e| e.log_id != from && wanted.admits(e))
                    .collect();
                printer.print(&shown);
                printer.finish();
                checkpoint = page.next.or(newest_id).or(Some(from));
                if !full {
                    tokio::time::sleep(Duration::from_secs(FOLLOW_SECONDS)).await;
                }
            }
            Err(BackendError::Api {
                status: 400 | 404, ..
            }) => {
                say(words::CHECKPOINT_LOST);
                checkpoint = newest(backend).await?;
            }
            Err(
                err @ (BackendError::Auth(_)
                | BackendError::Config(_)
                | BackendError::Unsupported(_)),
            ) => {
                return Err(err.into());
            }
            Err(err) => {
                failures = failures.saturating_add(1);
                say(&words::tail_reconnecting(&err.to_string()));
                let mut wait = (FOLLOW_SECONDS << failures.min(4)).min(30);
                if let BackendError::RateLimited {
                    retry_after: Some(after),
                    ..
                } = &err
                {
                    wait = wait.max(after.as_secs());
                }
                tokio::time::sleep(Duration::from_secs(wait)).await;
            }
        }
    }
}

/// The newest event's id: where following starts.
async fn newest(backend: &dyn Backend) -> Result<Option<String>, CliError> {
    let page = backend.search_logs(None, 0, 1).await?;
    Ok(page.first().map(|e| e.log_id.clone()))
}

/// `30m`, `1h`, `2d`, `45s`, or an RFC 3339 time.
pub fn parse_since(typed: &str, now: Timestamp) -> Result<Timestamp, CliError> {
    let bad = || CliError::Usage(words::bad_since(typed));
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(typed) {
        return Ok(at.with_timezone(&chrono::Utc));
    }
    let split = typed.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (number, unit) = typed.split_at(split);
    let number: i64 = number.parse().map_err(|_| bad())?;
    let age = match unit {
        "s" => chrono::Duration::try_seconds(number),
        "m" => chrono::Duration::try_minutes(number),
        "h" => chrono::Duration::try_hours(number),
        "d" => chrono::Duration::try_days(number),
        _ => None,
    }
    .ok_or_else(bad)?;
    now.checked_sub_signed(age).ok_or_else(bad)
}

/// A table (rows gathered, printed at the end of each batch) or JSON lines (printed at once).
struct Printer {
    json: bool,
    table: Option<Table>,
}

const HEADER: [&str; 4] = [
    words::COL_WHEN,
    words::COL_TYPE,
    words::COL_WHO,
    words::COL_WHAT,
];

impl Printer {
    fn new(json: bool) -> Self {
        Self { json, table: None }
    }

    fn print(&mut self, events: &[LogEvent]) {
        for event in events {
            if self.json {
                emit(&format!("{}\n", json_line(event)));
            } else {
                self.table
                    .get_or_insert_with(|| Table::new(&HEADER))
                    .row(vec![
                        event.date.format("%Y-%m-%d %H:%M:%S").to_string(),
                        words::kind_label(&event.kind),
                        activity::who(event),
                        activity::what(event),
                    ]);
            }
        }
    }

    fn finish(&mut self) {
        if let Some(table) = self.table.take() {
            emit(&table.render());
        }
    }
}

/// One event as a JSON line: its own fields, what codedeck reads from it, and the event whole.
fn json_line(event: &LogEvent) -> String {
    let value = json!({
        "log_id": event.log_id,
        "date": event.date,
        "type": event.kind,
        "description": event.description,
        "client_id": event.client_id,
        "client_name": event.client_name,
        "user_name": event.user_name,
        "action_name": activity::failed_action_name(event),
        "author": activity::author(event)
            .filter(|_| event.kind == activity::ADMIN_WRITE)
            .map(|a| words::author(&a)),
        "executions": activity::execution_ids(event),
        "event": event.event,
    });
    escape_controls(&value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_takes_ages_and_times() {
        let now: Timestamp = "2026-01-02T00:00:00Z".parse().unwrap();
        assert_eq!(
            parse_since("1h", now).unwrap(),
            "2026-01-01T23:00:00Z".parse::<Timestamp>().unwrap()
        );
        assert_eq!(
            parse_since("2d", now).unwrap(),
            "2025-12-31T00:00:00Z".parse::<Timestamp>().unwrap()
        );
        assert_eq!(
            parse_since("2026-01-01T10:00:00Z", now).unwrap(),
            "2026-01-01T10:00:00Z".parse::<Timestamp>().unwrap()
        );
        for bad in ["", "h", "1y", "soon", "-1h"] {
            assert!(
                matches!(parse_since(bad, now), Err(CliError::Usage(_))),
                "{bad}"
            );
        }
    }
}

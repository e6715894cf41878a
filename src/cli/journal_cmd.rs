//! `codedeck journal`: what codedeck changed from this machine, read from the local journal. Needs no
//! connection.

use chrono::Local;

use super::output::{emit, print_json, say, version_label};
use super::table::Table;
use super::CliError;
use crate::journal::{changes, Entry, Journal, ObjectKind, Operation, Outcome, Snapshot};
use crate::strings::cli as text;
use crate::strings::journal as words;

/// One row per change with its latest known outcome (changes the service did not make are left
/// out); `all`: every line as written — intents, outcomes, reconciliations. `demo`: the demo's own
/// journal. Unreadable lines are reported on stderr by number, never skipped silently.
pub fn list(json: bool, all: bool, demo: bool) -> Result<(), CliError> {
    let journal = if demo {
        Journal::open_demo()
    } else {
        Journal::open_default()
    }
    .map_err(|e| CliError::Usage(e.to_string()))?;
    let read = journal
        .read_all()
        .map_err(|e| CliError::Other(anyhow::Error::from(e)))?;
    if !read.unreadable.is_empty() {
        eprintln!(
            "{}",
            words::unreadable_lines(&journal.path().display().to_string(), &read.unreadable)
        );
    }
    let entries: Vec<Entry> = if all {
        read.entries
    } else {
        changes(&read.entries)
            .into_iter()
            .filter(|e| e.outcome != Outcome::NotDone)
            .collect()
    };
    if json {
        return print_json(&entries);
    }
    if entries.is_empty() {
        say(&text::journal_empty(&journal.path().display().to_string()));
        return Ok(());
    }
    let mut t = Table::new(text::JOURNAL_HEADER);
    for e in &entries {
        t.row(vec![
            e.at.with_timezone(&Local)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            e.promoted_from.as_deref().map_or_else(
                || e.profile.clone(),
                |from| crate::strings::promote::profiles(from, &e.profile),
            ),
            e.tenant.clone(),
            match e.kind {
                ObjectKind::Action => text::KIND_ACTION,
                ObjectKind::Module => text::KIND_MODULE,
                ObjectKind::Trigger => text::KIND_TRIGGER,
                ObjectKind::Package => text::KIND_PACKAGE_SHORT,
            }
            .to_string(),
            e.object_name.clone(),
            what(e),
            text::before_after(&side(e, &e.before), &side(e, &e.after)),
            words::outcome_label(e.outcome).to_string(),
        ]);
    }
    emit(&t.render());
    let open = entries.iter().filter(|e| e.outcome.is_open()).count();
    if open > 0 && !all {
        eprintln!("{}", words::open_changes(open));
    }
    Ok(())
}

fn what(e: &Entry) -> String {
    crate::outcome::operation_words(e)
}

/// A live or published version (`v7`), or for module draft changes what the draft held.
fn side(e: &Entry, s: &Snapshot) -> String {
    match e.operation {
        Operation::ModuleRollback | Operation::ModuleDraftRestore => {
            text::draft_holds(s.version_number)
        }
        Operation::BindingsChange => text::order(s.order.as_deref().unwrap_or_default()),
        Operation::PackageStatus => s
            .status
            .as_ref()
            .map_or_else(String::new, |status| status.as_str().to_string()),
        _ => version_label(s.version_number),
    }
}

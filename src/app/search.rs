//! Search every stored version (`S`, `:search PATTERN`): the prompt (`-r` regex, `-i` ignoring
//! case, in front of the pattern), the search sent to the shell (it reads the store on a blocking
//! thread), the results grouped object → version, and a hit opened in its object's timeline at its
//! line (`Enter`) or as its version's diff with the one before (`d`). No I/O here.

use crate::app::common::new_moved;
use crate::app::keymap::Intent;
use crate::app::layout;
use crate::app::loading::{open_timeline_of, select_version};
use crate::app::msg::{Cmd, Generation};
use crate::app::state::{
    FlashKind, Overlay, Prompt, PromptPurpose, Remote, SearchQuery, SearchResults, SearchView,
    State, SyncReport, Then,
};
use crate::app::timeline::RowKey;
use crate::history::{Pattern, PatternKind};
use crate::strings::search as words;

/// `S`: the prompt, holding the last search's text.
pub fn open_prompt(state: &mut State) -> Vec<Cmd> {
    if refused_without_store(state) {
        return vec![];
    }
    let last = state
        .search
        .as_ref()
        .map(|s| s.query.typed.clone())
        .unwrap_or_default();
    state.overlay = Overlay::Prompt(Prompt {
        label: words::PROMPT_LABEL.to_string(),
        text: crate::secret::Typed::new(&last),
        masked: false,
        purpose: PromptPurpose::Search,
        error: None,
        hint: Some(words::PROMPT_HINT.to_string()),
    });
    vec![]
}

/// The store could not be opened at start: said at once, not after a pattern was typed.
fn refused_without_store(state: &mut State) -> bool {
    let Some(problem) = state.opts.store_problem.clone() else {
        return false;
    };
    state.flash(FlashKind::Error, words::no_store_because(&problem));
    true
}

/// `:search` alone opens the prompt; `:search PATTERN` searches at once.
pub fn from_command(state: &mut State, rest: &str) -> Vec<Cmd> {
    if refused_without_store(state) {
        return vec![];
    }
    if rest.trim().is_empty() {
        return open_prompt(state);
    }
    match parse_query(rest.trim()) {
        Ok(query) => start(state, query),
        Err(why) => {
            state.flash(FlashKind::Error, why);
            vec![]
        }
    }
}

/// Enter in the search prompt: searches, or keeps the prompt open saying why not.
pub fn on_prompt_enter(state: &mut State) -> Vec<Cmd> {
    let Overlay::Prompt(prompt) = &mut state.overlay else {
        return vec![];
    };
    match parse_query(prompt.text.as_str().trim()) {
        Ok(query) => {
            state.overlay = Overlay::None;
            start(state, query)
        }
        Err(why) => {
            prompt.error = Some(why);
            vec![]
        }
    }
}

/// `-r`, `-i`, `-ri`/`-ir` in front choose a regex and ignoring case; the rest is the pattern,
/// checked here so a bad one is said before anything runs.
pub fn parse_query(typed: &str) -> Result<SearchQuery, String> {
    let (mut kind, mut ignore_case) = (PatternKind::Literal, false);
    let mut rest = typed;
    while let Some((flag, after)) = rest.split_once(' ') {
        let letters = match flag.strip_prefix('-') {
            Some(letters) if !letters.is_empty() && letters.chars().all(|c| "ri".contains(c)) => {
                letters
            }
            _ => break,
        };
        kind = if letters.contains('r') {
            PatternKind::Regex
        } else {
            kind
        };
        ignore_case |= letters.contains('i');
        rest = after.trim_start();
    }
    Pattern::new(rest, kind, ignore_case).map_err(|e| e.to_string())?;
    Ok(SearchQuery {
        typed: typed.to_string(),
        pattern: rest.to_string(),
        kind,
        ignore_case,
    })
}

fn start(state: &mut State, query: SearchQuery) -> Vec<Cmd> {
    let generation = state.new_generation();
    state.search = Some(SearchView {
        query: query.clone(),
        generation,
        results: Remote::Loading,
        selected: 0,
        shown: true,
    });
    vec![Cmd::SearchStore { generation, query }]
}

/// `:sync`: fetch every version not yet stored (a read of the service, refused offline and while
/// one runs), then search again if results are open.
pub fn sync(state: &mut State) -> Vec<Cmd> {
    if state.opts.offline {
        state.flash(FlashKind::Error, words::SYNC_OFFLINE.to_string());
        return vec![];
    }
    if refused_without_store(state) {
        return vec![];
    }
    if state.syncing {
        state.flash(FlashKind::Info, words::SYNC_RUNNING.to_string());
        return vec![];
    }
    state.syncing = true;
    state.flash(FlashKind::Info, words::SYNC_STARTED.to_string());
    vec![Cmd::SyncStore]
}

/// `:sync` ended: said, and the open results read again (they may have more now).
pub fn on_synced(state: &mut State, result: Result<SyncReport, String>) -> Vec<Cmd> {
    state.syncing = false;
    match result {
        Ok(report) if report.failed.is_empty() => {
            state.flash(
                FlashKind::Info,
                words::synced(report.objects, report.new_versions, &report.failed),
            );
        }
        Ok(report) => state.flash(
            FlashKind::Error,
            words::synced(report.objects, report.new_versions, &report.failed),
        ),
        Err(why) => {
            state.flash(FlashKind::Error, words::sync_failed(&why));
            return vec![];
        }
    }
    match state.search.as_ref().filter(|s| s.shown) {
        Some(open) => {
            let query = open.query.clone();
            start(state, query)
        }
        None => vec![],
    }
}

/// The shell's answer: kept only for the newest search.
pub fn on_searched(
    state: &mut State,
    generation: Generation,
    result: Result<SearchResults, String>,
) {
    let Some(search) = state.search.as_mut().filter(|s| s.generation == generation) else {
        return;
    };
    search.selected = 0;
    search.results = match result {
        Ok(results) => Remote::Ready(results),
        Err(why) => Remote::Failed(why),
    };
}

/// Keys of the results view.
pub fn on_key(state: &mut State, intent: Intent) -> Vec<Cmd> {
    match intent {
        Intent::Search => open_prompt(state),
        Intent::Back => {
            state.search = None;
            vec![]
        }
        Intent::Open => open_hit(state, false),
        Intent::DiffPredecessor => open_hit(state, true),
        Intent::Quit => {
            state.quit = true;
            vec![Cmd::Quit]
        }
        movement if movement.is_movement() => {
            let page = layout::list_rows(state);
            if let Some(search) = state.search.as_mut() {
                let len = search.results.ready().map_or(0, SearchResults::hit_count);
                search.selected = new_moved(search.selected, len, movement, page);
            }
            vec![]
        }
        _ => vec![],
    }
}

/// The selected hit's version in its object's timeline: its code at the hit's line, or (`diff`)
/// its diff with the version before, once the timeline has loaded.
fn open_hit(state: &mut State, diff: bool) -> Vec<Cmd> {
    let Some(search) = state.search.as_mut() else {
        return vec![];
    };
    let Some(results) = search.results.ready() else {
        return vec![];
    };
    let Some(&(o, v, h)) = results.hit_positions().get(search.selected) else {
        state.flash(FlashKind::Info, words::NOTHING_SELECTED.to_string());
        return vec![];
    };
    let object = &results.objects[o];
    let version = &object.versions[v];
    let then = Then::Show {
        key: version.key,
        line: version.hits[h].line,
        diff,
    };
    let (kind, id, name) = (object.kind, object.object_id.clone(), object.name.clone());
    search.shown = false;
    open_timeline_of(state, kind, id, name, then)
}

/// The timeline a hit opened has loaded: select its version at its line. True when the version is
/// there (then the dispatcher shows the diff if one was asked for); said in words when not.
pub fn on_timeline_ready(state: &mut State, key: RowKey, line: usize) -> bool {
    if select_version(state, key, line) {
        return true;
    }
    let label = match key {
        RowKey::Draft => crate::strings::TIMELINE_DRAFT.to_string(),
        RowKey::Version(n) => crate::strings::version_label(n),
    };
    state.flash(FlashKind::Info, words::version_not_listed(&label));
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_in_front_choose_regex_and_case_and_the_rest_is_the_pattern() {
        let plain = parse_query("api.access deny").unwrap();
        assert_eq!(
            (plain.pattern.as_str(), plain.kind, plain.ignore_case),
            ("api.access deny", PatternKind::Literal, false)
        );
        let both = parse_query("-ri a.+b").unwrap();
        assert_eq!(
            (both.pattern.as_str(), both.kind, both.ignore_case),
            ("a.+b", PatternKind::Regex, true)
        );
        let apart = parse_query("-i -r x").unwrap();
        assert_eq!((apart.kind, apart.ignore_case), (PatternKind::Regex, true));
        assert_eq!(parse_query("-x y").unwrap().pattern, "-x y");
        assert!(parse_query("-r (")
            .unwrap_err()
            .contains("regular expression"));
        assert!(parse_query("").is_err());
    }
}

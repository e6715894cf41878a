//! `:` commands (`exec ID` shows an execution), and the keys of the test result and execution panes.

use super::{
    prompt, request_test, s, BackendError, Cmd, Execution, ExecutionView, FlashKind, Intent,
    Overlay, Prompt, PromptPurpose, Remote, State,
};

/// `:` opens the command line; `E` opens it with `exec ` typed.
pub fn open_command(state: &mut State, text: &str) {
    state.overlay = Overlay::Prompt(Prompt {
        hint: Some(s::COMMAND_HINT.to_string()),
        ..prompt(":", text, false, PromptPurpose::Command)
    });
}

pub(super) fn run_command(state: &mut State, text: &str) -> Vec<Cmd> {
    let mut words = text.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some("exec" | "execution"), Some(id), None) => {
            state.overlay = Overlay::Execution(Box::new(ExecutionView {
                id: id.to_string(),
                execution: Remote::Loading,
                scroll: 0,
            }));
            vec![Cmd::LoadExecution { id: id.to_string() }]
        }
        (None, ..) => vec![],
        _ => {
            state.flash(FlashKind::Error, s::unknown_command(text));
            vec![]
        }
    }
}

pub fn on_execution_loaded(state: &mut State, id: &str, result: Result<Execution, BackendError>) {
    let Overlay::Execution(view) = &mut state.overlay else {
        return;
    };
    if view.id != id {
        return;
    }
    view.execution = match result {
        Ok(execution) => Remote::Ready(execution),
        Err(err) if err.is_not_found() => Remote::Failed(s::execution_not_found(id)),
        Err(err) => Remote::Failed(err.to_string()),
    };
}

/// Scrolling and closing the test result and execution panes.
pub fn on_result_key(state: &mut State, intent: Intent) -> Vec<Cmd> {
    use crate::app::layout::{self, test_result};
    let testing = matches!(state.overlay, Overlay::TestResult(_));
    // The test result's rows are known (issue 19): it pages by its height and stops at its end.
    let (page, max) = if testing {
        let body = test_result::result_body(layout::screen(state));
        let page = usize::from(body.height).saturating_sub(1).max(1);
        (page, Some(test_result::test_result_max_scroll(state)))
    } else {
        (10, None)
    };
    let scroll = match &mut state.overlay {
        Overlay::TestResult(result) => &mut result.scroll,
        Overlay::Execution(view) => &mut view.scroll,
        _ => return vec![],
    };
    let end = max.unwrap_or(usize::MAX);
    *scroll = (*scroll).min(end);
    match intent {
        Intent::Down => *scroll = (*scroll + 1).min(end),
        Intent::Up => *scroll = scroll.saturating_sub(1),
        Intent::PageDown => *scroll = scroll.saturating_add(page).min(end),
        Intent::PageUp => *scroll = scroll.saturating_sub(page),
        Intent::Top => *scroll = 0,
        Intent::Bottom => {
            if let Some(end) = max {
                *scroll = end;
            }
        }
        Intent::Back => state.overlay = Overlay::None,
        // (An execution is no test: `t` means nothing there.)
        Intent::TestAction if testing => {
            // Run again with the same event: the user's last payload is kept.
            state.overlay = Overlay::None;
            return request_test(state);
        }
        _ => {}
    }
    vec![]
}

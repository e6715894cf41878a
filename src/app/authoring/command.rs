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
    let scroll = match &mut state.overlay {
        Overlay::TestResult(result) => &mut result.scroll,
        Overlay::Execution(view) => &mut view.scroll,
        _ => return vec![],
    };
    match intent {
        Intent::Down => *scroll += 1,
        Intent::Up => *scroll = scroll.saturating_sub(1),
        Intent::PageDown => *scroll += 10,
        Intent::PageUp => *scroll = scroll.saturating_sub(10),
        Intent::Top => *scroll = 0,
        Intent::Back => state.overlay = Overlay::None,
        Intent::TestAction => {
            // Run again with the same event: the user's last payload is kept.
            state.overlay = Overlay::None;
            return request_test(state);
        }
        _ => {}
    }
    vec![]
}

//! `t`: a test run of an action's draft with an event from the user's editor.

use super::{
    authoring, edit_cmd, focused, s, Arc, BackendError, Cmd, EditPurpose, FlashKind, Overlay,
    Remote, State, TestResult, TestRun, View,
};
use crate::app::state::PayloadFrom;
use crate::journal::payloads::SavedPayloads;

/// `t`: the shell reads what this action was last tested with (`on_last_payload_read` opens the
/// editor on it).
pub fn request_test(state: &mut State) -> Vec<Cmd> {
    if state.view != View::Actions {
        return vec![];
    }
    let Some(action) = focused(state) else {
        return vec![];
    };
    vec![Cmd::ReadLastPayload {
        action_id: action.id,
        name: action.name,
    }]
}

/// The saved payloads arrived: the editor opens on an edit of this session that was not run, else
/// on the event the action was last tested with, else on the trigger's sample event.
pub fn on_last_payload_read(
    state: &mut State,
    action_id: String,
    name: String,
    result: Result<SavedPayloads, String>,
) -> Vec<Cmd> {
    if state.overlay != Overlay::None {
        // Something else opened meanwhile: the editor would take the terminal from it.
        return vec![];
    }
    let saved = result.unwrap_or_else(|why| {
        state.flash(FlashKind::Error, s::reach::payloads_unreadable(&why));
        SavedPayloads::default()
    });
    let unsent = state.unsent.get(&payload_key(&action_id)).cloned();
    let last_from = PayloadFrom::Last { at: saved.last_at };
    let (text, from) = match (unsent, saved.last) {
        // The edit was run: it is the last payload, as the user wrote it.
        (Some(text), Some(last))
            if serde_json::from_str::<serde_json::Value>(&text).ok() == Some(last.clone()) =>
        {
            (text, last_from)
        }
        (Some(text), _) => (text, PayloadFrom::Unsent),
        (None, Some(last)) => (pretty(&last), last_from),
        (None, None) => {
            let trigger = focused(state)
                .filter(|action| action.id == action_id)
                .and_then(|action| action.triggers.first().map(|t| t.id.clone()))
                .unwrap_or_default();
            (
                pretty(&authoring::sample_event(&trigger)),
                PayloadFrom::Sample,
            )
        }
    };
    let file_name = format!("{name}-event.json");
    let purpose = EditPurpose::TestPayload {
        action_id,
        name,
        from,
    };
    vec![edit_cmd(state, purpose, text, file_name)]
}

fn pretty(value: &serde_json::Value) -> Arc<str> {
    serde_json::to_string_pretty(value)
        .unwrap_or_default()
        .into()
}

pub(super) fn payload_key(action_id: &str) -> String {
    format!("test-payload:{action_id}")
}

pub(super) fn edited_payload(
    state: &mut State,
    action_id: String,
    name: String,
    from: PayloadFrom,
    text: Arc<str>,
) -> Vec<Cmd> {
    let parsed = serde_json::from_str::<serde_json::Value>(&text);
    state.unsent.insert(payload_key(&action_id), text);
    let payload = match parsed {
        Ok(payload) => payload,
        Err(err) => {
            state.flash(FlashKind::Error, s::payload_not_json(&err));
            return vec![];
        }
    };
    if !payload.is_object() {
        state.flash(FlashKind::Error, s::PAYLOAD_NOT_OBJECT.to_string());
        return vec![];
    }
    state.overlay = Overlay::TestResult(Box::new(TestResult {
        action_name: name,
        run: Remote::Loading,
        pretty: Arc::from(""),
        scroll: 0,
        from,
    }));
    vec![Cmd::TestAction { action_id, payload }]
}

pub fn on_tested(state: &mut State, result: Result<TestRun, BackendError>) {
    let Overlay::TestResult(view) = &mut state.overlay else {
        // Closed meanwhile: say how it went in a line.
        if let Err(err) = result {
            state.flash(FlashKind::Error, s::test_failed(&err.to_string()));
        }
        return;
    };
    match result {
        Ok(run) => {
            view.pretty = serde_json::to_string_pretty(&run.payload)
                .unwrap_or_default()
                .into();
            view.run = Remote::Ready(run);
        }
        Err(err) => view.run = Remote::Failed(s::test_failed(&err.to_string())),
    }
}

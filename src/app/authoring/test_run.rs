//! `t`: a test run of an action's draft with an event from the user's editor.

use super::{
    authoring, edit_cmd, focused, s, Arc, BackendError, Cmd, EditPurpose, FlashKind, Overlay,
    Remote, State, TestResult, TestRun, View,
};

pub fn request_test(state: &mut State) -> Vec<Cmd> {
    if state.view != View::Actions {
        return vec![];
    }
    let Some(action) = focused(state) else {
        return vec![];
    };
    let key = payload_key(&action.id);
    let text = state.unsent.get(&key).cloned().unwrap_or_else(|| {
        let trigger = action.triggers.first().map_or("", |t| t.id.as_str());
        let event = authoring::sample_event(trigger);
        serde_json::to_string_pretty(&event)
            .unwrap_or_default()
            .into()
    });
    let purpose = EditPurpose::TestPayload {
        action_id: action.id,
        name: action.name.clone(),
    };
    vec![edit_cmd(
        state,
        purpose,
        text,
        format!("{}-event.json", action.name),
    )]
}

pub(super) fn payload_key(action_id: &str) -> String {
    format!("test-payload:{action_id}")
}

pub(super) fn edited_payload(
    state: &mut State,
    action_id: String,
    name: String,
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

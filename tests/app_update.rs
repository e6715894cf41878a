//! `update` is pure: keys and results in, state and commands out. No backend, no terminal.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod app_fixtures;

use app_fixtures::*;
use codedeck::app::keymap::parse_keys;
use codedeck::app::msg::{Cmd, Msg};
use codedeck::app::state::{Change, FlashKind, Focus, Overlay, Remote, Running, State, View};
use codedeck::app::update::{init, update, ERROR_TICKS};
use codedeck::app::RunOptions;
use codedeck::backend::BackendError;
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// A dashboard whose initial loads were answered with the fixture data.
fn loaded() -> State {
    let mut state = State::new(connection(false), RunOptions::default());
    for cmd in init(&mut state) {
        let msg = match cmd {
            Cmd::LoadActions { generation } => Msg::ActionsLoaded {
                generation,
                result: Ok(actions()),
            },
            Cmd::LoadModules { generation } => Msg::ModulesLoaded {
                generation,
                result: Ok(modules()),
            },
            other => panic!("unexpected initial command {other:?}"),
        };
        update(&mut state, msg);
    }
    state
}

fn press(state: &mut State, keys: &str) -> Vec<Cmd> {
    parse_keys(keys)
        .into_iter()
        .flat_map(|key| update(state, Msg::Key(key)))
        .collect()
}

fn visible_names(state: &State) -> Vec<String> {
    state
        .visible_actions()
        .iter()
        .map(|a| a.name.clone())
        .collect()
}

fn network_error() -> BackendError {
    BackendError::Network("connection refused (127.0.0.1:4455)".into())
}

#[test]
fn start_loads_both_lists_and_counts_them_in_flight() {
    let mut state = State::new(connection(false), RunOptions::default());
    let cmds = init(&mut state);
    assert!(
        matches!(
            cmds.as_slice(),
            [Cmd::LoadActions { .. }, Cmd::LoadModules { .. }]
        ),
        "{cmds:?}"
    );
    assert_eq!(state.in_flight, 2);
    assert!(state.actions.list.data.is_loading());
    let state = loaded();
    assert_eq!(state.in_flight, 0);
    assert_eq!(state.visible_actions().len(), 6);
}

#[test]
fn name_filter_is_live_enter_keeps_it_and_esc_clears_it() {
    let mut state = loaded();
    press(&mut state, "/CRM");
    assert!(state.actions.editing_filter);
    assert_eq!(
        visible_names(&state),
        vec!["Enrich profile from CRM"],
        "case-insensitive, while typing"
    );
    press(&mut state, "<Backspace><Backspace><Backspace>rol");
    assert_eq!(visible_names(&state), vec!["Add roles to tokens"]);
    press(&mut state, "<Enter>");
    assert!(!state.actions.editing_filter);
    assert_eq!(
        visible_names(&state),
        vec!["Add roles to tokens"],
        "Enter keeps the filter"
    );
    press(&mut state, "<Esc>");
    assert_eq!(state.actions.name_filter, "");
    assert_eq!(visible_names(&state).len(), 6);
}

#[test]
fn esc_while_typing_clears_and_q_is_just_a_letter() {
    let mut state = loaded();
    let cmds = press(&mut state, "/zq");
    assert!(cmds.is_empty());
    assert!(!state.quit, "q typed into the filter does not quit");
    assert_eq!(state.actions.name_filter, "zq");
    assert!(visible_names(&state).is_empty());
    press(&mut state, "<Esc>");
    assert!(!state.actions.editing_filter);
    assert_eq!(visible_names(&state).len(), 6);
}

#[test]
fn trigger_picker_lists_present_triggers_and_filters() {
    let mut state = loaded();
    press(&mut state, "f");
    assert_eq!(state.overlay, Overlay::TriggerPicker { selected: 0 });
    assert_eq!(
        state.trigger_ids(),
        vec![
            "custom-phone-provider",
            "post-login",
            "post-user-registration",
            "pre-user-registration"
        ]
    );
    press(&mut state, "jj<Enter>"); // "all", custom-phone-provider, post-login
    assert_eq!(state.overlay, Overlay::None);
    assert_eq!(state.actions.trigger_filter.as_deref(), Some("post-login"));
    assert_eq!(
        visible_names(&state),
        vec![
            "Add roles to tokens",
            "Enrich profile from CRM",
            "Require MFA for admins"
        ]
    );
    // Reopening starts on the current choice; "all" clears.
    press(&mut state, "f");
    assert_eq!(state.overlay, Overlay::TriggerPicker { selected: 2 });
    press(&mut state, "kk<Enter>");
    assert_eq!(state.actions.trigger_filter, None);
    assert_eq!(visible_names(&state).len(), 6);
}

#[test]
fn name_and_trigger_filters_combine() {
    let mut state = loaded();
    press(&mut state, "fjj<Enter>/I<Enter>");
    assert_eq!(
        visible_names(&state),
        vec!["Enrich profile from CRM", "Require MFA for admins"]
    );
}

#[test]
fn enter_opens_the_detail_and_loads_the_full_action() {
    let mut state = loaded();
    let cmds = press(&mut state, "jj<Enter>");
    let [Cmd::LoadAction { id, generation }] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    assert_eq!(id, "act_crm");
    let detail = state.actions.detail.as_ref().unwrap();
    assert_eq!(detail.action.generation, *generation);
    assert_eq!(state.focus, Focus::Detail);
    assert_eq!(state.in_flight, 1);
    // Pressing Enter on the open action again does not refetch.
    press(&mut state, "<Tab>");
    assert_eq!(state.focus, Focus::List);
    assert!(press(&mut state, "<Enter>").is_empty());
    assert_eq!(state.focus, Focus::Detail);
}

#[test]
fn stale_detail_results_are_ignored_last_request_wins() {
    let mut state = loaded();
    let first = press(&mut state, "<Enter>");
    let [Cmd::LoadAction {
        generation: old, ..
    }] = first.as_slice()
    else {
        panic!("{first:?}")
    };
    // Back to the list; moving retargets the detail at once but sends nothing while a load is out.
    let moved = press(&mut state, "<Tab>jjj");
    assert!(moved.is_empty(), "no pile-up of requests: {moved:?}");
    let detail = state.actions.detail.as_ref().unwrap();
    assert_eq!(
        detail.name, "Notify Slack on signup",
        "the pane follows the selection"
    );

    // The old answer is stale: dropped, and it frees the slot for the newest selection only.
    let roles = actions()[0].clone();
    let next = update(
        &mut state,
        Msg::ActionLoaded {
            generation: *old,
            result: Ok(roles),
        },
    );
    let shown = state
        .actions
        .detail
        .as_ref()
        .unwrap()
        .action
        .data
        .ready()
        .map(|a| a.id.clone());
    assert_ne!(
        shown.as_deref(),
        Some("act_roles"),
        "the stale answer is not shown"
    );
    let [Cmd::LoadAction {
        id,
        generation: new,
    }] = next.as_slice()
    else {
        panic!("{next:?}")
    };
    assert_eq!(id, "act_slack");
    assert_ne!(old, new);

    let mut full = actions()[3].clone();
    full.code = "exports.onExecutePostUserRegistration = async () => {};\n".into();
    let after = update(
        &mut state,
        Msg::ActionLoaded {
            generation: *new,
            result: Ok(full.clone()),
        },
    );
    assert!(after.is_empty());
    let shown = state
        .actions
        .detail
        .as_ref()
        .unwrap()
        .action
        .data
        .ready()
        .unwrap();
    assert_eq!(shown, &full, "the newest answer is shown");
    assert_eq!(state.in_flight, 0, "both answers closed their request");

    // A late error for an old generation is ignored too: no flash.
    update(
        &mut state,
        Msg::ActionLoaded {
            generation: *old,
            result: Err(network_error()),
        },
    );
    assert_eq!(state.flash, None);
}

#[test]
fn moving_with_a_free_slot_loads_at_once() {
    let mut state = loaded();
    let first = press(&mut state, "<Enter>");
    let [Cmd::LoadAction { generation, .. }] = first.as_slice() else {
        panic!("{first:?}")
    };
    update(
        &mut state,
        Msg::ActionLoaded {
            generation: *generation,
            result: Ok(actions()[0].clone()),
        },
    );
    let moved = press(&mut state, "<Tab>j");
    assert!(
        matches!(moved.as_slice(), [Cmd::LoadAction { id, .. }] if id == "act_disposable"),
        "{moved:?}"
    );
}

#[test]
fn errors_go_to_the_flash_and_the_app_keeps_running() {
    let mut state = State::new(connection(false), RunOptions::default());
    let cmds = init(&mut state);
    let Cmd::LoadActions { generation } = cmds[0] else {
        panic!()
    };
    update(
        &mut state,
        Msg::ActionsLoaded {
            generation,
            result: Err(network_error()),
        },
    );
    let flash = state.flash.clone().expect("an error flash");
    assert_eq!(flash.kind, FlashKind::Error);
    assert!(
        flash.text.contains("network error: connection refused"),
        "{}",
        flash.text
    );
    assert!(matches!(state.actions.list.data, Remote::Failed(_)));
    assert!(!state.quit);

    // The error stays through ticks: nothing said vanishes before it is read (issue 19) …
    for _ in 0..ERROR_TICKS * 10 {
        update(&mut state, Msg::Tick);
    }
    assert!(state.flash.is_some(), "errors do not expire");
    // … through a key that means nothing here …
    press(&mut state, "%");
    assert!(
        state.flash.is_some(),
        "a key that does nothing leaves the error"
    );
    // … until Esc dismisses it (and does nothing else) …
    press(&mut state, "<Esc>");
    assert!(state.flash.is_none(), "dismissed");

    // … or until the next key. R retries.
    update(
        &mut state,
        Msg::ActionsLoaded {
            generation,
            result: Err(network_error()),
        },
    );
    assert!(state.flash.is_some());
    let cmds = press(&mut state, "R");
    assert!(
        matches!(cmds.as_slice(), [Cmd::LoadActions { .. }]),
        "{cmds:?}"
    );
    assert_ne!(state.flash.as_ref().map(|f| f.kind), Some(FlashKind::Error));
}

#[test]
fn refresh_keeps_showing_the_old_list_while_loading() {
    let mut state = loaded();
    let cmds = press(&mut state, "R");
    let [Cmd::LoadActions { generation }] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    assert_eq!(state.visible_actions().len(), 6);
    let mut fewer = actions();
    fewer.truncate(2);
    update(
        &mut state,
        Msg::ActionsLoaded {
            generation: *generation,
            result: Ok(fewer),
        },
    );
    assert_eq!(state.visible_actions().len(), 2);
}

#[test]
fn q_and_ctrl_c_quit() {
    for keys in ["q", "<C-c>"] {
        let mut state = loaded();
        let cmds = press(&mut state, keys);
        assert_eq!(cmds, vec![Cmd::Quit], "{keys}");
        assert!(state.quit);
    }
    let mut state = loaded();
    let ctrl_c = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    );
    press(&mut state, "/");
    update(&mut state, Msg::Key(ctrl_c));
    assert!(state.quit, "Ctrl-C quits even while typing a filter");
}

#[test]
fn quitting_during_a_change_needs_a_second_press() {
    let mut state = loaded();
    state.running = Some(Running {
        change_id: None,
        change: Change::ModulePublish {
            module_id: "m1".into(),
            name: "http-helpers".into(),
            latest_before: None,
        },
        undo: false,
        flow: None,
        created: None,
        saved_draft: None,
        applied: None,
        created_id: None,
        also: None,
    });
    assert!(press(&mut state, "q").is_empty());
    assert!(!state.quit);
    assert!(state.flash.as_ref().unwrap().text.contains("q again"));
    // Another key in between disarms it.
    press(&mut state, "j");
    press(&mut state, "q");
    assert!(!state.quit);
    assert_eq!(press(&mut state, "q"), vec![Cmd::Quit]);
    assert!(state.quit);
}

#[test]
fn number_keys_switch_views_and_opening_a_module_loads_it_and_its_users() {
    let mut state = loaded();
    assert!(
        press(&mut state, "2").is_empty(),
        "modules were loaded at start"
    );
    assert_eq!(state.view, View::Modules);
    assert_eq!(state.list_len(), 3);
    let cmds = press(&mut state, "<Enter>");
    assert!(
        matches!(cmds.as_slice(), [Cmd::LoadModule { id: a, .. }, Cmd::LoadModuleActions { id: b, .. }] if a == "mod_crm" && b == "mod_crm"),
        "{cmds:?}"
    );
    press(&mut state, "1");
    assert_eq!(state.view, View::Actions);
    assert!(
        state.actions.detail.is_none(),
        "each view keeps its own detail"
    );
    press(&mut state, "2");
    assert!(state.modules.detail.is_some());
}

#[test]
fn help_overlay_toggles_and_swallows_other_keys() {
    let mut state = loaded();
    press(&mut state, "?");
    assert_eq!(state.overlay, Overlay::Help { scroll: 0 });
    press(&mut state, "j2");
    assert_eq!(state.actions.selected, 0);
    assert_eq!(state.view, View::Actions);
    press(&mut state, "?");
    assert_eq!(state.overlay, Overlay::None);
    press(&mut state, "?<Esc>");
    assert_eq!(state.overlay, Overlay::None);
}

#[test]
fn list_selection_stays_in_bounds() {
    let mut state = loaded();
    press(&mut state, "k");
    assert_eq!(state.actions.selected, 0);
    press(&mut state, "G");
    assert_eq!(state.actions.selected, 5);
    press(&mut state, "jj<Down>");
    assert_eq!(state.actions.selected, 5);
    press(&mut state, "<PgUp>");
    assert_eq!(state.actions.selected, 0);
}

#[test]
fn detail_scrolling_stays_in_bounds() {
    let mut state = loaded();
    let big = ActionBuilder::new("act_big", "Big action", "post-login")
        .code(&long_code(300))
        .build();
    let cmds = press(&mut state, "<Enter>");
    let [Cmd::LoadAction { generation, .. }] = cmds.as_slice() else {
        panic!()
    };
    update(
        &mut state,
        Msg::ActionLoaded {
            generation: *generation,
            result: Ok(big),
        },
    );
    let scroll = |s: &State| s.actions.detail.as_ref().unwrap().scroll;

    press(&mut state, "kk<Home>");
    assert_eq!(scroll(&state), 0);
    press(&mut state, "jjj");
    assert_eq!(scroll(&state), 3);
    press(&mut state, "G");
    let bottom = scroll(&state);
    let rows = codedeck::app::layout::code_rows(&state);
    assert!(rows > 5, "{rows}");
    assert_eq!(bottom, 300 - rows, "the last line sits at the bottom");
    press(&mut state, "j<PgDn>");
    assert_eq!(scroll(&state), bottom);
    press(&mut state, "<PgUp>");
    assert_eq!(scroll(&state), bottom - (rows - 1));
    press(&mut state, "g");
    assert_eq!(scroll(&state), 0);

    // A smaller window: the bound shrinks, the offset follows.
    press(&mut state, "G");
    update(&mut state, Msg::Resize(120, 60));
    assert_eq!(
        scroll(&state),
        300 - codedeck::app::layout::code_rows(&state)
    );
    press(&mut state, "<Esc>");
    assert!(state.actions.detail.is_none());
    assert_eq!(state.focus, Focus::List);
}

#[test]
fn clicking_a_row_selects_it_and_the_wheel_moves_the_focused_pane() {
    let mut state = loaded();
    // Rows start below the header (0), tabs (1), border (2) and the table header (3).
    let click = |row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    };
    update(&mut state, Msg::Mouse(click(6)));
    assert_eq!(state.actions.selected, 2);
    update(&mut state, Msg::Mouse(click(30)));
    assert_eq!(
        state.actions.selected, 2,
        "a click below the last row changes nothing"
    );
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 10,
        row: 6,
        modifiers: KeyModifiers::NONE,
    };
    update(&mut state, Msg::Mouse(wheel));
    assert_eq!(state.actions.selected, 3);
}

//! View `6` and the timeline's failures and authors (issue 18), pure: keys and results through
//! `update` over constructed log events, the screen through `ui::render`. The tail polls only
//! while the view is open, says its connection state, pauses, filters, opens an event with its
//! executions; an action's timeline counts failures per version and names each deploy's author.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

use std::sync::Arc;

use codedeck::app::keymap::{parse_keys, Mode};
use codedeck::app::msg::{Cmd, Msg};
use codedeck::app::state::{
    ActivityRead, Focus, Overlay, Remote, Slot, State, TailState, TimelineActivity, VersionsView,
    View,
};
use codedeck::app::timeline::{RowKey, RowStatus, Timeline, TimelineRow, Versioned, When};
use codedeck::app::update::update;
use codedeck::app::RunOptions;
use codedeck::model::logs::{LogClass, LogEvent, LogPage};
use codedeck::model::{
    Action, BackendError, BuildError, BuildStatus, ConnectionInfo, Execution, ExecutionResult,
    Services,
};
use codedeck::theme::Theme;
use codedeck::ui::RenderCache;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde_json::json;

fn state() -> State {
    let connection = ConnectionInfo {
        label: "t".into(),
        base_url: "http://t".into(),
        demo: false,
        profile: None,
        services: Services {
            auth0: true,
            faircom: false,
        },
        faircom_label: None,
    };
    let mut state = State::new(connection, RunOptions::default());
    update(&mut state, Msg::Resize(140, 30));
    state
}

fn press(state: &mut State, keys: &str) -> Vec<Cmd> {
    parse_keys(keys)
        .into_iter()
        .flat_map(|key| update(state, Msg::Key(key)))
        .collect()
}

fn screen(state: &State) -> String {
    let mut terminal = Terminal::new(TestBackend::new(state.width, state.height)).unwrap();
    let mut cache = RenderCache::new();
    terminal
        .draw(|frame| codedeck::ui::render(state, &Theme::default(), frame, &mut cache))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn at(time: &str) -> String {
    format!("2026-01-01T{time}Z")
}

fn failure(id: &str, time: &str, action: &str) -> LogEvent {
    LogEvent {
        log_id: id.into(),
        date: at(time).parse().unwrap(),
        kind: "actions_execution_failed".into(),
        description: Some(format!("Action {action} failed: TypeError")),
        client_id: None,
        client_name: None,
        user_name: None,
        event: json!({
            "type": "actions_execution_failed",
            "details": { "action_name": action, "actions": { "executions": [format!("exe_{id}")] } }
        }),
    }
}

fn deploy(id: &str, time: &str, action_id: &str, email: &str) -> LogEvent {
    LogEvent {
        log_id: id.into(),
        date: at(time).parse().unwrap(),
        kind: "sapi".into(),
        description: Some("Deploy an action".into()),
        client_id: None,
        client_name: None,
        user_name: None,
        event: json!({
            "type": "sapi",
            "details": { "request": {
                "method": "post",
                "path": format!("/api/v2/actions/actions/{action_id}/deploy"),
                "channel": "https://manage.auth0.com/",
                "auth": { "user": { "name": "Alice", "email": email } }
            } }
        }),
    }
}

fn login(id: &str, time: &str) -> LogEvent {
    LogEvent {
        log_id: id.into(),
        date: at(time).parse().unwrap(),
        kind: "s".into(),
        description: Some("Success Login".into()),
        client_id: None,
        client_name: Some("My App".into()),
        user_name: Some("bob@example.com".into()),
        event: json!({ "type": "s" }),
    }
}

fn poll_cmd(cmds: &[Cmd]) -> (u64, Option<String>) {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::PollLogs { generation, from } => Some((*generation, from.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a poll: {cmds:?}"))
}

/// View 6 open, its first poll answered with `events`.
fn tail_with(events: Vec<LogEvent>) -> State {
    let mut state = state();
    let (generation, _) = poll_cmd(&press(&mut state, "6"));
    update(
        &mut state,
        Msg::LogsPolled {
            generation,
            result: Ok(LogPage { events, next: None }),
        },
    );
    state
}

fn ticks(state: &mut State, n: usize) -> Vec<Cmd> {
    (0..n).flat_map(|_| update(state, Msg::Tick)).collect()
}

#[test]
fn six_opens_the_tail_which_polls_only_while_open() {
    let mut state = state();
    assert!(
        ticks(&mut state, 100)
            .iter()
            .all(|c| !matches!(c, Cmd::PollLogs { .. })),
        "no poll before the view opens"
    );
    let (generation, from) = poll_cmd(&press(&mut state, "6"));
    assert_eq!(from, None, "the first page is the newest");
    assert_eq!(state.mode(), Mode::Logs);
    assert!(screen(&state).contains("connecting"), "{}", screen(&state));
    let page = LogPage {
        events: vec![login("1", "10:00:00"), failure("2", "10:00:05", "audit")],
        next: Some("2".into()),
    };
    update(
        &mut state,
        Msg::LogsPolled {
            generation,
            result: Ok(page),
        },
    );
    assert_eq!(state.logs.tail, TailState::Connected);
    let shown = screen(&state);
    assert!(shown.contains("live"), "{shown}");
    assert!(shown.contains("6 Logs"), "the tab: {shown}");
    let newest_first = shown.find("failure").unwrap() < shown.find("login").unwrap();
    assert!(newest_first, "{shown}");
    // The next poll goes from the checkpoint, a few seconds later.
    let (generation, from) = poll_cmd(&ticks(&mut state, 40));
    assert_eq!(from.as_deref(), Some("2"));
    // Leaving the view stops the polls (the one in flight still answers).
    let cmds = press(&mut state, "<Esc>");
    assert!(!state.logs.shown && cmds.is_empty());
    update(
        &mut state,
        Msg::LogsPolled {
            generation,
            result: Ok(LogPage::default()),
        },
    );
    assert!(
        ticks(&mut state, 200)
            .iter()
            .all(|c| !matches!(c, Cmd::PollLogs { .. })),
        "no poll once closed"
    );
}

#[test]
fn a_failed_poll_reconnects_later_and_a_lost_checkpoint_starts_from_the_newest() {
    let mut state = state();
    let (generation, _) = poll_cmd(&press(&mut state, "6"));
    update(
        &mut state,
        Msg::LogsPolled {
            generation,
            result: Err(BackendError::Unreachable("connection refused".into())),
        },
    );
    assert!(matches!(state.logs.tail, TailState::Reconnecting(_)));
    assert!(screen(&state).contains("reconnecting"));
    assert!(
        ticks(&mut state, 30)
            .iter()
            .all(|c| !matches!(c, Cmd::PollLogs { .. })),
        "waits longer after a failure"
    );
    let (generation, _) = poll_cmd(&ticks(&mut state, 40));
    update(
        &mut state,
        Msg::LogsPolled {
            generation,
            result: Ok(LogPage {
                events: vec![login("1", "10:00:00")],
                next: None,
            }),
        },
    );
    assert_eq!(state.logs.tail, TailState::Connected);
    assert_eq!(state.logs.checkpoint.as_deref(), Some("1"), "the newest id");
    let (generation, from) = poll_cmd(&ticks(&mut state, 40));
    assert_eq!(from.as_deref(), Some("1"));
    update(
        &mut state,
        Msg::LogsPolled {
            generation,
            result: Err(BackendError::Api {
                status: 400,
                error: "Bad Request".into(),
                message: "unknown log id".into(),
                error_code: None,
            }),
        },
    );
    assert!(state
        .flash
        .as_ref()
        .unwrap()
        .text
        .contains("starting again from the newest"));
    let (_, from) = poll_cmd(&ticks(&mut state, 1));
    assert_eq!(from, None);
}

#[test]
fn space_pauses_t_cycles_types_slash_filters_text_and_a_picks_an_action() {
    let mut state = state();
    let (generation, _) = poll_cmd(&press(&mut state, "6"));
    let mut order = deploy("3", "10:00:09", "act_1", "alice@acme");
    order.event["details"]["request"]["path"] = json!("/api/v2/clients/abc");
    let events = vec![
        login("1", "10:00:00"),
        failure("2", "10:00:05", "audit"),
        deploy("3", "10:00:08", "act_1", "alice@acme"),
        order,
        failure("5", "10:00:10", "other"),
    ];
    update(
        &mut state,
        Msg::LogsPolled {
            generation,
            result: Ok(LogPage { events, next: None }),
        },
    );
    press(&mut state, "<Space>");
    assert_eq!(state.logs.tail, TailState::Paused);
    assert!(screen(&state).contains("paused"));
    assert!(
        ticks(&mut state, 100)
            .iter()
            .all(|c| !matches!(c, Cmd::PollLogs { .. })),
        "paused: no polls"
    );
    press(&mut state, "<Space>");
    poll_cmd(&ticks(&mut state, 1));
    assert_eq!(state.logs.visible().len(), 5);
    press(&mut state, "t");
    assert_eq!(state.logs.visible().len(), 2, "failures");
    press(&mut state, "t");
    let changes = state.logs.visible();
    assert_eq!(changes.len(), 1, "admin changes to actions only");
    assert_eq!(changes[0].log_id, "3");
    assert!(screen(&state).contains("alice@acme via Dashboard"));
    press(&mut state, "t");
    press(&mut state, "/");
    assert_eq!(state.mode(), Mode::Filter);
    press(&mut state, "bob<Enter>");
    assert_eq!(state.mode(), Mode::Logs);
    assert_eq!(state.logs.visible().len(), 1);
    press(&mut state, "/<Esc>");
    assert_eq!(state.logs.visible().len(), 5, "Esc clears the text");
    // `a`: the loaded actions.
    state.actions.list.data = Remote::Ready(vec![action("act_1", "audit")]);
    press(&mut state, "a");
    assert!(matches!(state.overlay, Overlay::Menu(_)));
    press(&mut state, "j<Enter>");
    let ids: Vec<&str> = state
        .logs
        .visible()
        .iter()
        .map(|e| e.log_id.as_str())
        .collect();
    assert_eq!(ids, ["3", "2"], "its failures and its deploy, newest first");
}

/// `t` on a type asks the service once for that type's newest page: its older events join the
/// tail's in date order, each once; `All` asks nothing; a failed read is said and the tail goes on.
#[test]
fn t_reads_each_types_older_events_once() {
    let mut state = tail_with(vec![failure("new", "10:00:05", "audit")]);
    let backfills = |cmds: &[Cmd]| -> Vec<LogClass> {
        cmds.iter()
            .filter_map(|c| match c {
                Cmd::BackfillLogs { class } => Some(*class),
                _ => None,
            })
            .collect()
    };
    assert_eq!(backfills(&press(&mut state, "t")), [LogClass::Failures]);
    // The service's answer reaches back before the tail (oldest first), and repeats one it has.
    update(
        &mut state,
        Msg::LogsBackfilled(Ok(vec![
            failure("old", "09:00:00", "audit"),
            failure("new", "10:00:05", "audit"),
        ])),
    );
    let ids: Vec<&str> = state
        .logs
        .visible()
        .iter()
        .map(|e| e.log_id.as_str())
        .collect();
    assert_eq!(ids, ["new", "old"], "newest first, each once");
    assert_eq!(backfills(&press(&mut state, "t")), [LogClass::Changes]);
    update(
        &mut state,
        Msg::LogsBackfilled(Err(BackendError::Api {
            status: 503,
            error: "Service Unavailable".into(),
            message: "Too Many at once".into(),
            error_code: None,
        })),
    );
    let said = state.flash.as_ref().unwrap().text.clone();
    assert!(
        said.contains("older events") && said.contains("Too Many"),
        "{said}"
    );
    assert!(
        backfills(&press(&mut state, "t")).is_empty(),
        "all: the tail itself"
    );
    assert!(
        backfills(&press(&mut state, "t")).is_empty(),
        "failures: read once"
    );
}

/// At 80 columns the Who column leaves What room to say what happened: an email whole, a
/// Dashboard author in short; wide, the author whole.
#[test]
fn the_who_column_fits_the_width() {
    let mut login = login("1", "10:00:00");
    login.user_name = Some("sam.okafor@example.com".into());
    let deploy = deploy("2", "10:00:08", "act_1", "alice@acme.example");
    let mut state = tail_with(vec![login, deploy]);
    state.width = 80;
    state.height = 24;
    let narrow = screen(&state);
    assert!(narrow.contains("sam.okafor@example.com"), "{narrow}");
    assert!(narrow.contains("alice@acme "), "{narrow}");
    assert!(!narrow.contains("via Dashboard"), "{narrow}");
    assert!(narrow.contains("POST /api/v2/action"), "{narrow}");
    state.width = 200;
    state.height = 60;
    let wide = screen(&state);
    assert!(wide.contains("alice@acme.example via Dashboard"), "{wide}");
}

fn action(id: &str, name: &str) -> Action {
    serde_json::from_value(json!({
        "id": id, "name": name, "supported_triggers": [], "code": "", "code_loaded": false,
        "runtime": "node22", "status": "built", "dependencies": [], "secrets": [], "modules": [],
        "all_changes_deployed": true, "deployed_version": null, "created_at": null,
        "updated_at": null
    }))
    .unwrap_or_else(|e| panic!("an action: {e}"))
}

#[test]
fn enter_shows_the_event_whole_with_its_executions_and_a_gone_one_in_words() {
    let mut state = tail_with(vec![failure("2", "10:00:05", "audit")]);
    let cmds = press(&mut state, "<Enter>");
    assert_eq!(cmds, vec![Cmd::LoadLogExecution { id: "exe_2".into() }]);
    assert!(screen(&state).contains("reading…"));
    // The list's keys wait while the event covers it: not on the bar, and `t` changes nothing.
    assert!(!screen(&state).contains("t type"), "{}", screen(&state));
    assert!(press(&mut state, "t").is_empty());
    assert_eq!(state.logs.class, LogClass::All);
    update(
        &mut state,
        Msg::LogExecutionLoaded {
            id: "exe_2".into(),
            result: Ok(Execution {
                id: "exe_2".into(),
                trigger_id: "post-login".into(),
                status: "final".into(),
                results: vec![ExecutionResult {
                    action_name: "audit".into(),
                    error: Some(BuildError {
                        id: "e".into(),
                        msg: "TypeError: x is undefined".into(),
                        url: None,
                    }),
                    started_at: None,
                    ended_at: None,
                }],
                created_at: None,
                updated_at: None,
            }),
        },
    );
    let shown = screen(&state);
    assert!(shown.contains("TypeError: x is undefined"), "{shown}");
    assert!(
        shown.contains("\"action_name\""),
        "the event as JSON: {shown}"
    );
    update(
        &mut state,
        Msg::LogExecutionLoaded {
            id: "exe_2".into(),
            result: Err(BackendError::Api {
                status: 404,
                error: "Not Found".into(),
                message: "That execution does not exist.".into(),
                error_code: None,
            }),
        },
    );
    assert!(screen(&state).contains("Auth0 keeps executions 10 days"));
    press(&mut state, "<Esc>");
    assert!(
        state.logs.open.is_none() && state.logs.shown,
        "back to the list"
    );
}

fn version_row(number: u32, time: &str, live: bool) -> TimelineRow {
    TimelineRow {
        key: RowKey::Version(number),
        kind: Versioned::Action,
        version_id: Some(format!("ver_{number}")),
        code: Arc::from("exports.onExecutePostLogin = async () => {};\n"),
        status: RowStatus::Build(BuildStatus::Built),
        errors: vec![],
        comment: String::new(),
        author: None,
        created: Some(When::Utc(at(time).parse().unwrap())),
        live,
    }
}

/// The actions view on `audit`'s timeline: v1 at 10:00, v2 (live) at 12:00.
fn on_timeline() -> State {
    let mut state = state();
    let rows = vec![
        version_row(2, "12:00:00", true),
        version_row(1, "10:00:00", false),
    ];
    state.view = View::Actions;
    state.focus = Focus::Timeline;
    state.actions.versions = Some(VersionsView {
        kind: Versioned::Action,
        object_id: "act_1".into(),
        object_name: "audit".into(),
        timeline: Slot {
            data: Remote::Ready(Timeline {
                kind: Versioned::Action,
                object_id: "act_1".into(),
                object_name: "audit".into(),
                draft_code: rows[0].code.clone(),
                rows,
                draft_status: BuildStatus::Built,
                settings: vec![],
            }),
            generation: 0,
        },
        selected: 0,
        base: None,
        code_scroll: 0,
        diff: None,
        diff_old: None,
        pending_diff: None,
        then: None,
    });
    state.activity = Some(Box::new(TimelineActivity {
        object_id: "act_1".into(),
        object_name: "audit".into(),
        generation: 77,
        read: Remote::Loading,
        per_version: Default::default(),
    }));
    state
}

#[test]
fn a_timeline_counts_failures_per_version_names_the_author_and_f_lists_them() {
    let mut state = on_timeline();
    // (The key bar names `f`'s failures; no count is shown yet.)
    assert!(
        !screen(&state).contains("▲"),
        "the versions show before the logs are read"
    );
    let events = vec![
        failure("f3", "12:40:00", "audit"),
        failure("f2", "12:10:00", "audit"),
        deploy("d2", "12:00:02", "act_1", "alice@acme"),
        failure("other", "12:20:00", "another"),
    ];
    update(
        &mut state,
        Msg::ActivityRead {
            generation: 77,
            result: Ok(ActivityRead {
                events,
                journal: vec![],
                known_since: None,
            }),
        },
    );
    let per = &state.activity.as_ref().unwrap().per_version;
    assert_eq!(per[&2].failures, 2);
    assert_eq!(per[&1].failures, 0);
    assert!(per[&2].started_after_live);
    let shown = screen(&state);
    assert!(shown.contains("▲ 2 failures"), "{shown}");
    assert!(shown.contains("alice@acme via Dashboard"), "{shown}");
    assert!(
        shown.contains("started right after it went live"),
        "{shown}"
    );
    assert!(shown.contains("d then r rolls it back"), "{shown}");
    assert_eq!(state.mode(), Mode::Timeline);
    press(&mut state, "f");
    assert_eq!(state.mode(), Mode::Logs);
    let ids: Vec<&str> = state
        .logs
        .visible()
        .iter()
        .map(|e| e.log_id.as_str())
        .collect();
    assert_eq!(ids, ["f3", "f2"]);
    assert!(
        ticks(&mut state, 100)
            .iter()
            .all(|c| !matches!(c, Cmd::PollLogs { .. })),
        "a version's failures are no tail"
    );
    press(&mut state, "<Esc>");
    assert_eq!(
        state.mode(),
        Mode::Timeline,
        "Esc goes back to the timeline"
    );
    // v1 had none.
    press(&mut state, "jf");
    assert!(state.flash.as_ref().unwrap().text.contains("no failure"));
}

#[test]
fn an_activity_read_that_failed_leaves_the_timeline_as_it_was() {
    let mut state = on_timeline();
    let before = screen(&state);
    update(
        &mut state,
        Msg::ActivityRead {
            generation: 77,
            result: Err("rate limited".into()),
        },
    );
    assert_eq!(screen(&state), before);
    update(
        &mut state,
        Msg::ActivityRead {
            generation: 1,
            result: Ok(ActivityRead::default()),
        },
    );
    assert!(
        matches!(state.activity.as_ref().unwrap().read, Remote::Failed(_)),
        "a stale answer is dropped"
    );
}

/// `--offline`: view 6 shows what the store kept, and says so instead of "live".
#[test]
fn offline_the_tail_says_it_shows_stored_events() {
    let mut state = state();
    state.opts.offline = true;
    let (generation, _) = poll_cmd(&press(&mut state, "6"));
    update(
        &mut state,
        Msg::LogsPolled {
            generation,
            result: Ok(LogPage {
                events: vec![failure("2", "10:00:05", "audit")],
                next: Some("2".into()),
            }),
        },
    );
    let shown = screen(&state);
    assert!(shown.contains("offline: stored events"), "{shown}");
    assert!(!shown.contains("● live"), "{shown}");
}

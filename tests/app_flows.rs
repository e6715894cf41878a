//! The Flows view (view 3) through the dashboard's own update/execute/render, against the emulator
//! over loopback HTTP: reordering drag-style and step by step, adding, removing, undo, the conflict
//! guard against another client, saves that queue behind a save in flight, failures, the mouse.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use codedeck::app::layout;
use codedeck::app::msg::{Cmd, Msg};
use codedeck::app::state::{FlashKind, Focus, Overlay};
use codedeck::backend::Backend;
use codedeck::emulator::store::BindingRec;
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions, Fault};
use codedeck::journal::{ObjectKind, Operation};
use codedeck::model::BoundAction;
use codedeck::shell::Driver;
use codedeck::strings as s;
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use serde_json::json;
use support::dashboard::{auth0, client, flash_text, setup_with, text, Setup, HEIGHT, WIDTH};

const ADD_ROLES: &str = "Add role claims to tokens";
const MFA: &str = "Require MFA for admins";
const GEO: &str = "Geo-block sanctioned countries";
const BINDINGS_PATH: &str = "/api/v2/actions/triggers/post-login/bindings";

/// The dashboard on the demo tenant, in view 3 with every flow loaded.
async fn setup() -> Setup {
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    setup_on(emu).await
}

async fn setup_on(emu: EmulatorHandle) -> Setup {
    let mut setup = setup_with(emu, auth0).await;
    setup.driver.press("3");
    setup.driver.settle().await;
    setup
}

/// Opens a trigger's flow: selects it in the list and presses Enter.
fn open(driver: &mut Driver, trigger: &str) {
    let ids: Vec<String> = driver
        .state
        .flows
        .visible_triggers()
        .iter()
        .map(|t| t.id.clone())
        .collect();
    let index = ids.iter().position(|id| id == trigger).unwrap();
    driver.press("g");
    for _ in 0..index {
        driver.press("j");
    }
    driver.press("<Enter>");
    assert_eq!(driver.state.focus, Focus::Detail);
}

fn screen(driver: &Driver) -> String {
    text_at(driver, WIDTH, HEIGHT)
}

fn text_at(driver: &Driver, width: u16, height: u16) -> String {
    text(&driver.render(width, height))
}

/// One field of each of the emulator's post-login bindings, in execution order.
fn server_bindings(emu: &EmulatorHandle, field: fn(&BindingRec) -> &String) -> Vec<String> {
    emu.with_store(|s| {
        s.bindings["post-login"]
            .iter()
            .map(|b| field(b).clone())
            .collect()
    })
}

/// The emulator's post-login order, by display name.
fn server_order(emu: &EmulatorHandle) -> Vec<String> {
    server_bindings(emu, |b| &b.display_name)
}

fn server_binding_ids(emu: &EmulatorHandle) -> Vec<String> {
    server_bindings(emu, |b| &b.id)
}

/// The order as the panel draws it.
fn shown(driver: &Driver) -> Vec<String> {
    driver
        .state
        .flow_rows()
        .iter()
        .map(|r| r.entry.display_name.clone())
        .collect()
}

/// Another client (its own connection, as a colleague or a script would) reverses post-login.
async fn reverse_elsewhere(emu: &EmulatorHandle) {
    let other = client(emu);
    let now = other.list_bindings("post-login").await.unwrap();
    let reversed: Vec<BoundAction> = now
        .iter()
        .rev()
        .map(codedeck::model::Binding::as_bound)
        .collect();
    other
        .update_bindings("post-login", &reversed)
        .await
        .unwrap();
}

fn patches(emu: &EmulatorHandle) -> usize {
    emu.request_count("PATCH", BINDINGS_PATH)
}

fn apply_orders(driver: &Driver) -> Vec<Vec<String>> {
    driver
        .pending()
        .iter()
        .filter_map(|cmd| match cmd {
            Cmd::ApplyOrder { order, .. } => {
                Some(order.iter().map(|b| b.display_name.clone()).collect())
            }
            _ => None,
        })
        .collect()
}

fn names(order: &[BoundAction]) -> Vec<String> {
    order.iter().map(|b| b.display_name.clone()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_shows_each_trigger_once_with_its_count_and_entity_bound_flows_are_read_only() {
    let Setup {
        mut driver, emu, ..
    } = setup().await;
    let ids: Vec<String> = driver
        .state
        .flows
        .visible_triggers()
        .iter()
        .map(|t| t.id.clone())
        .collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(
        ids, unique,
        "one row per trigger id, though the API lists each version"
    );
    let screen_text = screen(&driver);
    let post_login = screen_text
        .lines()
        .find(|l| l.contains("› post-login "))
        .unwrap();
    assert!(
        post_login.contains("v3") && post_login.contains("CURRENT") && post_login.contains(" 3"),
        "{post_login}"
    );
    assert!(
        screen_text.contains("custom-token-exchange"),
        "{screen_text}"
    );

    // `/` filters the triggers.
    driver.press("/token<Enter>");
    let listed: Vec<String> = driver
        .state
        .flows
        .visible_triggers()
        .iter()
        .map(|t| t.id.clone())
        .collect();
    assert_eq!(listed, ["custom-token-exchange"]);
    driver.press("<Esc>");
    assert_eq!(driver.state.flows.visible_triggers().len(), ids.len());

    open(&mut driver, "custom-token-exchange");
    assert!(screen(&driver).contains(s::ENTITY_BOUND));
    driver.press("<Space>");
    driver.press("J");
    driver.press("a");
    assert!(
        driver.pending().is_empty(),
        "nothing is sent for an entity-bound flow"
    );
    assert_eq!(flash_text(&driver), s::FLOW_READ_ONLY);
    assert_eq!(driver.state.overlay, Overlay::None);
    drop(emu);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pick_up_move_down_two_and_drop_saves_the_whole_order_and_u_restores_it() {
    let Setup {
        mut driver,
        emu,
        journal,
        ..
    } = setup().await;
    let before_ids = server_binding_ids(&emu);
    open(&mut driver, "post-login");
    assert_eq!(shown(&driver), [ADD_ROLES, MFA, GEO]);
    assert_eq!(
        driver.state.flows.binding_selected, 0,
        "the first binding is selected"
    );

    driver.press("<Space>jj");
    assert_eq!(
        shown(&driver),
        [MFA, GEO, ADD_ROLES],
        "the list shows where it lands"
    );
    assert!(driver.pending().is_empty(), "holding sends nothing");
    assert!(screen(&driver).contains("⇅ Add role claims"));

    driver.press("<Space>");
    assert_eq!(
        apply_orders(&driver),
        [[MFA, GEO, ADD_ROLES]],
        "the drop sends the whole order"
    );
    driver.settle().await;
    assert_eq!(server_order(&emu), [MFA, GEO, ADD_ROLES]);
    assert_eq!(shown(&driver), [MFA, GEO, ADD_ROLES]);
    assert_eq!(
        driver.state.flows.binding_selected, 2,
        "the cursor stays on the moved binding"
    );
    let after_ids = server_binding_ids(&emu);
    assert!(
        after_ids.iter().all(|id| !before_ids.contains(id)),
        "new binding ids"
    );
    let loaded_ids: Vec<String> = driver
        .state
        .flows
        .loaded("post-login")
        .unwrap()
        .iter()
        .map(|b| b.id.clone())
        .collect();
    assert_eq!(
        loaded_ids, after_ids,
        "the panel shows what the server returned"
    );
    assert!(flash_text(&driver).contains("Saved the order of post-login"));

    let entries = support::dashboard::made(&journal);
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(
        (entry.kind, entry.operation),
        (ObjectKind::Trigger, Operation::BindingsChange)
    );
    assert_eq!(entry.object_id, "post-login");
    assert_eq!(
        names(entry.before.order.as_ref().unwrap()),
        [ADD_ROLES, MFA, GEO]
    );
    assert_eq!(
        names(entry.after.order.as_ref().unwrap()),
        [MFA, GEO, ADD_ROLES]
    );

    driver.press("u");
    driver.settle().await;
    assert_eq!(
        server_order(&emu),
        [ADD_ROLES, MFA, GEO],
        "u puts the order back"
    );
    assert_eq!(shown(&driver), [ADD_ROLES, MFA, GEO]);
    let entries = support::dashboard::made(&journal);
    assert_eq!(entries.len(), 2);
    assert!(entries[1].undo);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn esc_while_holding_puts_it_back_without_a_call() {
    let Setup {
        mut driver, emu, ..
    } = setup().await;
    open(&mut driver, "post-login");
    driver.press("<Space>jj<Esc>");
    assert!(driver.pending().is_empty());
    driver.settle().await;
    assert_eq!(shown(&driver), [ADD_ROLES, MFA, GEO]);
    assert_eq!(driver.state.flows.held, None);
    assert_eq!(patches(&emu), 0);
    assert_eq!(
        driver.state.focus,
        Focus::Detail,
        "Esc put it back; a second Esc leaves"
    );
    driver.press("<Esc>");
    assert_eq!(driver.state.focus, Focus::List);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shift_j_and_k_and_alt_arrows_move_one_step_and_save_on_the_keypress() {
    let Setup {
        mut driver, emu, ..
    } = setup().await;
    open(&mut driver, "post-login");
    driver.press("J");
    driver.settle().await;
    assert_eq!(server_order(&emu), [MFA, ADD_ROLES, GEO]);
    driver.press("<A-Down>");
    driver.settle().await;
    assert_eq!(server_order(&emu), [MFA, GEO, ADD_ROLES]);
    driver.press("K");
    driver.settle().await;
    assert_eq!(server_order(&emu), [MFA, ADD_ROLES, GEO]);
    assert_eq!(patches(&emu), 3);
    // At the top, K has nowhere to go: nothing is sent.
    driver.press("gK");
    driver.settle().await;
    assert_eq!(patches(&emu), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moves_made_while_a_save_is_in_flight_queue_behind_it_and_none_is_lost() {
    let Setup {
        mut driver,
        emu,
        journal,
        ..
    } = setup().await;
    open(&mut driver, "post-login");
    driver.press("J");
    driver.press("J");
    assert_eq!(
        apply_orders(&driver),
        [[MFA, ADD_ROLES, GEO]],
        "one PATCH at a time: the second move waits"
    );
    assert_eq!(
        shown(&driver),
        [MFA, GEO, ADD_ROLES],
        "the panel shows both moves"
    );
    assert!(screen(&driver).contains(s::FLOW_SAVING));
    driver.settle().await;
    assert_eq!(server_order(&emu), [MFA, GEO, ADD_ROLES]);
    assert_eq!(patches(&emu), 2);
    assert_eq!(
        support::dashboard::made(&journal).len(),
        2,
        "each save is recorded"
    );
    assert!(driver.state.flows.queued.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_elsewhere_between_load_and_drop_is_never_overwritten() {
    let Setup {
        mut driver,
        emu,
        journal,
        ..
    } = setup().await;
    open(&mut driver, "post-login");

    // Another client reverses the flow after the dashboard loaded it.
    reverse_elsewhere(&emu).await;
    assert_eq!(server_order(&emu), [GEO, MFA, ADD_ROLES]);

    driver.press("<Space>j<Space>");
    driver.settle().await;
    assert_eq!(
        server_order(&emu),
        [GEO, MFA, ADD_ROLES],
        "nothing was sent"
    );
    assert_eq!(patches(&emu), 1, "only the other client's PATCH");
    assert_eq!(driver.state.overlay, Overlay::Conflict);
    let text = screen(&driver);
    assert!(
        text.contains(s::CONFLICT_MINE) && text.contains(s::CONFLICT_SERVER),
        "{text}"
    );
    let conflict = driver.state.flows.conflict.clone().unwrap();
    assert_eq!(names(&conflict.mine), [MFA, ADD_ROLES, GEO]);
    assert_eq!(
        shown(&driver),
        [GEO, MFA, ADD_ROLES],
        "the panel shows the server's order"
    );
    assert!(
        support::dashboard::made(&journal).is_empty(),
        "nothing changed: nothing recorded"
    );

    // a: apply mine over it, knowingly.
    driver.press("a");
    driver.settle().await;
    assert_eq!(server_order(&emu), [MFA, ADD_ROLES, GEO]);
    assert_eq!(support::dashboard::made(&journal).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keeping_the_servers_order_after_a_conflict_sends_nothing() {
    let Setup {
        mut driver, emu, ..
    } = setup().await;
    open(&mut driver, "post-login");
    reverse_elsewhere(&emu).await;
    driver.press("J");
    driver.settle().await;
    assert_eq!(driver.state.overlay, Overlay::Conflict);
    driver.press("r");
    driver.settle().await;
    assert_eq!(driver.state.overlay, Overlay::None);
    assert_eq!(shown(&driver), [GEO, MFA, ADD_ROLES]);
    assert_eq!(patches(&emu), 1);
    // The flow is current again: the next move goes through.
    driver.press("gJ");
    driver.settle().await;
    assert_eq!(server_order(&emu), [MFA, GEO, ADD_ROLES]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_save_shows_the_error_and_the_servers_order_and_records_nothing() {
    let Setup {
        mut driver,
        emu,
        journal,
        ..
    } = setup().await;
    open(&mut driver, "post-login");
    emu.inject_fault_on(
        "PATCH",
        BINDINGS_PATH,
        Fault::Status(
            503,
            json!({"statusCode": 503, "error": "Service Unavailable", "message": "Try again later"}),
        ),
    );
    driver.press("J");
    driver.press("J"); // queued behind the first, and dropped with it
    driver.settle().await;
    assert_eq!(
        patches(&emu),
        1,
        "a failed PATCH is not retried, and the queued move is not sent"
    );
    assert_eq!(server_order(&emu), [ADD_ROLES, MFA, GEO]);
    assert_eq!(
        shown(&driver),
        [ADD_ROLES, MFA, GEO],
        "the server's order again"
    );
    let flash = driver.state.flash.clone().unwrap();
    assert_eq!(flash.kind, FlashKind::Error);
    assert!(flash.text.contains("Try again later"), "{}", flash.text);
    // A 503 may hide a change the server made: it was read back and found not made.
    assert!(flash.text.contains("was NOT made"), "{}", flash.text);
    assert!(
        flash
            .text
            .contains("the moves made meanwhile were not sent"),
        "the dropped move is said: {}",
        flash.text
    );
    assert!(support::dashboard::made(&journal).is_empty());
    assert!(driver.state.running.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adding_binds_a_deployed_action_last_and_removing_asks_first() {
    let Setup {
        mut driver,
        emu,
        journal,
        ..
    } = setup().await;
    open(&mut driver, "post-login");
    driver.press("a");
    let Overlay::AddBinding { candidates, .. } = &driver.state.overlay else {
        panic!("the picker opens: {:?}", driver.state.overlay);
    };
    let offered = names(candidates);
    assert_eq!(
        offered,
        ["Progressive profiling"],
        "deployed post-login actions not bound yet (a never-deployed one is not offered)"
    );
    driver.press("<Enter>");
    driver.settle().await;
    assert_eq!(
        server_order(&emu),
        [ADD_ROLES, MFA, GEO, "Progressive profiling"]
    );
    assert_eq!(driver.state.flows.binding_selected, 3);

    // x asks; n keeps it.
    driver.press("x");
    assert!(matches!(driver.state.overlay, Overlay::Confirm(_)));
    driver.press("n");
    driver.settle().await;
    assert_eq!(server_order(&emu).len(), 4);
    driver.press("xy");
    driver.settle().await;
    assert_eq!(server_order(&emu), [ADD_ROLES, MFA, GEO]);

    // Undoing the removal would bind the action again: it asks too.
    driver.press("u");
    driver.settle().await;
    let Overlay::Confirm(confirm) = &driver.state.overlay else {
        panic!("undo that re-adds asks: {:?}", driver.state.overlay);
    };
    assert!(confirm
        .lines
        .iter()
        .any(|l| l.contains("Progressive profiling")));
    driver.press("y");
    driver.settle().await;
    assert_eq!(
        server_order(&emu),
        [ADD_ROLES, MFA, GEO, "Progressive profiling"]
    );
    let operations: Vec<bool> = support::dashboard::made(&journal)
        .iter()
        .map(|e| e.undo)
        .collect();
    assert_eq!(operations, [false, false, true]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_refuses_when_the_flow_changed_since_codedecks_change() {
    let Setup {
        mut driver, emu, ..
    } = setup().await;
    open(&mut driver, "post-login");
    driver.press("J");
    driver.settle().await;
    reverse_elsewhere(&emu).await;
    driver.press("R");
    driver.settle().await;
    driver.press("<Enter>u");
    driver.settle().await;
    assert_eq!(flash_text(&driver), s::FLOW_UNDO_STALE);
    assert_eq!(
        patches(&emu),
        2,
        "the user's and the other client's; no undo"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_change_in_progress_refuses_moves_with_a_message() {
    let Setup {
        mut driver, emu, ..
    } = setup().await;
    // A module publish is under way (not settled yet) when the user reorders.
    driver.press("2");
    driver.settle().await;
    let unpublished = driver
        .state
        .modules_list()
        .iter()
        .position(codedeck::model::Module::draft_unpublished)
        .unwrap();
    driver.press("g");
    for _ in 0..unpublished {
        driver.press("j");
    }
    driver.press("p");
    driver.settle().await; // the timeline it needs
    driver.press("y");
    assert!(driver.state.running.is_some(), "{:?}", driver.state.overlay);
    driver.press("3");
    open(&mut driver, "post-login");
    driver.press("J");
    assert!(apply_orders(&driver).is_empty());
    assert_eq!(flash_text(&driver), s::BUSY);
    assert_eq!(shown(&driver), [ADD_ROLES, MFA, GEO]);
    assert_eq!(
        driver.state.flows.binding_selected, 0,
        "the cursor did not move either"
    );
    driver.settle().await;
    assert_eq!(patches(&emu), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mouse_drags_a_binding_to_its_new_place() {
    let Setup {
        mut driver, emu, ..
    } = setup().await;
    open(&mut driver, "post-login");
    let areas = layout::areas(&driver.state, layout::screen(&driver.state));
    let rows = layout::flow_areas(areas.detail.unwrap()).rows;
    let column = rows.x + 10;
    let mouse = |kind, row| {
        Msg::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    driver.send(mouse(MouseEventKind::Down(MouseButton::Left), rows.y));
    driver.send(mouse(MouseEventKind::Drag(MouseButton::Left), rows.y + 1));
    driver.send(mouse(MouseEventKind::Drag(MouseButton::Left), rows.y + 2));
    assert_eq!(shown(&driver), [MFA, GEO, ADD_ROLES]);
    assert!(
        driver.pending().is_empty(),
        "nothing is sent before the release"
    );
    driver.send(mouse(MouseEventKind::Up(MouseButton::Left), rows.y + 2));
    driver.settle().await;
    assert_eq!(server_order(&emu), [MFA, GEO, ADD_ROLES]);

    // A binding picked up with Space is put back by a click beside the flow, not dropped.
    driver.press("<Space>j");
    driver.send(mouse(MouseEventKind::Down(MouseButton::Left), rows.y + 20));
    driver.send(mouse(MouseEventKind::Up(MouseButton::Left), rows.y + 20));
    assert!(driver.pending().is_empty());
    assert_eq!(driver.state.flows.held, None);

    // A click (press and release in place) only selects.
    driver.send(mouse(MouseEventKind::Down(MouseButton::Left), rows.y + 1));
    driver.send(mouse(MouseEventKind::Up(MouseButton::Left), rows.y + 1));
    assert!(driver.pending().is_empty());
    assert_eq!(driver.state.flows.binding_selected, 1);
    // Dragging past the end lands on the last place.
    driver.send(mouse(MouseEventKind::Down(MouseButton::Left), rows.y));
    driver.send(mouse(MouseEventKind::Drag(MouseButton::Left), rows.y + 30));
    driver.send(mouse(MouseEventKind::Up(MouseButton::Left), rows.y + 30));
    driver.settle().await;
    assert_eq!(server_order(&emu), [GEO, ADD_ROLES, MFA]);
    assert_eq!(patches(&emu), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_tenants_400_for_an_entity_bound_trigger_reads_as_read_only() {
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    emu.inject_fault(
        "/api/v2/actions/triggers/post-change-password/bindings",
        Fault::Status(
            400,
            json!({"statusCode": 400, "error": "Bad Request",
                   "message": "cannot list action bindings for an entity-bound trigger"}),
        ),
    );
    let Setup { mut driver, .. } = setup_on(emu).await;
    assert!(
        driver.state.flash.is_none(),
        "not an error: {:?}",
        driver.state.flash
    );
    open(&mut driver, "post-change-password");
    assert!(screen(&driver).contains(s::ENTITY_BOUND));
    driver.press("a");
    assert_eq!(flash_text(&driver), s::FLOW_READ_ONLY);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshots_of_the_flows_view() {
    let Setup {
        mut driver, emu, ..
    } = setup().await;
    insta::assert_snapshot!("flows_view", screen(&driver));
    open(&mut driver, "post-login");
    driver.press("<Space>j");
    insta::assert_snapshot!("flows_holding", screen(&driver));
    // The held row is painted in the "in progress" colour: it is not saved yet.
    let buf = driver.render(WIDTH, HEIGHT);
    let (x, y) = (0..buf.area.height)
        .find_map(|y| {
            (0..buf.area.width)
                .find(|&x| buf[(x, y)].symbol() == "⇅")
                .map(|x| (x, y))
        })
        .unwrap();
    assert_eq!(buf[(x, y)].bg, driver.theme.status_in_progress);
    driver.press("<Esc>");

    reverse_elsewhere(&emu).await;
    driver.press("J");
    driver.settle().await;
    insta::assert_snapshot!("flows_conflict", screen(&driver));
    driver.press("r");
    driver.settle().await;

    driver.press("<Esc>");
    open(&mut driver, "event-stream");
    insta::assert_snapshot!("flows_entity_bound", screen(&driver));

    // Narrow: the pane with the focus takes the width.
    driver.resize(80, 24);
    driver.press("<Esc>");
    open(&mut driver, "post-login");
    let narrow = text_at(&driver, 80, 24);
    assert!(
        narrow.contains("▶ Start") && !narrow.contains("credentials-exchange"),
        "{narrow}"
    );
    driver.press("<Esc>");
    let narrow = text_at(&driver, 80, 24);
    assert!(
        narrow.contains("credentials-exchange") && !narrow.contains("▶ Start"),
        "{narrow}"
    );

    // Down to the smallest window that is drawn, and odd sizes: the flow draws, holding too.
    driver.press("<Enter><Space>j");
    for (width, height) in [(60, 15), (61, 16), (99, 20), (100, 15), (200, 60)] {
        driver.resize(width, height);
        let drawn = text_at(&driver, width, height);
        assert!(drawn.contains("post-login"), "{width}×{height}:\n{drawn}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remove_confirmed_after_the_flow_changed_elsewhere_is_not_sent() {
    let Setup {
        mut driver,
        emu,
        journal,
        ..
    } = setup().await;
    open(&mut driver, "post-login");
    // A refresh is on its way while the dialog opens; meanwhile someone else reorders the flow, and
    // the refresh brings their order in under the dialog.
    driver.press("R");
    driver.press("x");
    assert!(matches!(driver.state.overlay, Overlay::Confirm(_)));
    reverse_elsewhere(&emu).await;
    driver.settle().await;
    assert_eq!(shown(&driver), [GEO, MFA, ADD_ROLES]);
    driver.press("y");
    driver.settle().await;
    assert_eq!(
        server_order(&emu),
        [GEO, MFA, ADD_ROLES],
        "the removal was decided on the old order: nothing is sent"
    );
    assert_eq!(driver.state.overlay, Overlay::Conflict);
    assert_eq!(
        names(&driver.state.flows.conflict.as_ref().unwrap().mine),
        [MFA, GEO]
    );
    assert!(support::dashboard::made(&journal).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_binding_held_while_a_reload_brings_another_order_is_put_back() {
    let Setup {
        mut driver, emu, ..
    } = setup().await;
    open(&mut driver, "post-login");
    driver.press("R<Space>j");
    reverse_elsewhere(&emu).await;
    driver.settle().await;
    assert_eq!(
        driver.state.flows.held, None,
        "its places were positions in the old order"
    );
    assert_eq!(flash_text(&driver), s::FLOW_RELOADED_WHILE_HOLDING);
    assert_eq!(shown(&driver), [GEO, MFA, ADD_ROLES]);
    driver.press("<Space>");
    assert!(
        driver.pending().is_empty(),
        "Space now picks up again; nothing was dropped"
    );
}

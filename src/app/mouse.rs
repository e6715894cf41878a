//! The mouse, dispatched like keys: a click selects or focuses, the wheel scrolls the pane under it,
//! and in the Flows view a press, drag and release moves a binding. Part of the dispatcher (it
//! calls the features); no I/O.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use crate::app::browse::{move_selection, scroll_detail, select};
use crate::app::keymap::{Intent, Mode};
use crate::app::layout;
use crate::app::msg::Cmd;
use crate::app::state::{Focus, Overlay, State, View};
use crate::app::{compare, flows_view, versions, warm};

/// Lines the mouse wheel scrolls in a detail pane.
const WHEEL_LINES: usize = 3;

pub fn on_mouse(state: &mut State, mouse: MouseEvent) -> Vec<Cmd> {
    if state.overlay != Overlay::None || layout::too_small(state.width, state.height) {
        return vec![];
    }
    if state.comparing {
        return on_compare_mouse(state, mouse);
    }
    if state.view == View::Flows {
        return on_flows_mouse(state, mouse);
    }
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            if let Some(index) = layout::list_row_at(state, mouse.column, mouse.row) {
                if let Some(versions) = state.versions_mut() {
                    versions.selected = index;
                    versions.code_scroll = 0;
                    state.focus = Focus::Timeline;
                    return vec![];
                }
                state.focus = Focus::List;
                return select(state, index);
            }
            if layout::in_detail(state, mouse.column, mouse.row) {
                state.focus = Focus::Detail;
            }
            vec![]
        }
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let down = mouse.kind == MouseEventKind::ScrollDown;
            let step = if down { Intent::Down } else { Intent::Up };
            if state.versions().is_some_and(|v| v.diff.is_some()) {
                for _ in 0..WHEEL_LINES {
                    versions::diff_key(state, step);
                }
                vec![]
            } else if state.focus == Focus::Detail
                && (state.detail_open() || state.versions().is_some())
            {
                for _ in 0..WHEEL_LINES {
                    scroll_detail(state, step);
                }
                vec![]
            } else if state.versions().is_some() {
                versions::move_selection(state, step);
                vec![]
            } else {
                move_selection(state, if down { Intent::Down } else { Intent::Up })
            }
        }
        _ => vec![],
    }
}

/// The mouse in the Compare view: a click selects a row; the wheel moves the selection, or
/// scrolls the diff when one is open.
fn on_compare_mouse(state: &mut State, mouse: MouseEvent) -> Vec<Cmd> {
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            compare::click(state, mouse.column, mouse.row);
            vec![]
        }
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let step = if mouse.kind == MouseEventKind::ScrollDown {
                Intent::Down
            } else {
                Intent::Up
            };
            if state.compare.diff.is_some() {
                for _ in 0..WHEEL_LINES {
                    compare::on_intent(state, Mode::Diff, step);
                }
            } else {
                compare::on_intent(state, Mode::Compare, step);
            }
            vec![]
        }
        _ => vec![],
    }
}

/// The mouse in the Flows view: click a trigger to select it; press on a binding, drag, release to
/// move it (a click without moving only selects); the wheel moves the selection of the pane under it.
fn on_flows_mouse(state: &mut State, mouse: MouseEvent) -> Vec<Cmd> {
    let (column, row) = (mouse.column, mouse.row);
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            // A binding held with Space is put back: only a press on a binding starts a drag.
            state.flows.held = None;
            if let Some(index) = layout::list_row_at(state, column, row) {
                state.focus = Focus::List;
                return select(state, index);
            }
            if let Some(index) = layout::flow_row_at(state, column, row) {
                flows_view::on_mouse_down(state, index);
                // Offline a click still selects, but nothing is held to be moved.
                if state.opts.offline {
                    state.flows.held = None;
                }
            } else if layout::in_detail(state, column, row) {
                state.focus = Focus::Detail;
            }
            vec![]
        }
        MouseEventKind::Drag(MouseButton::Left) => {
            // Offline, dragging a binding is refused (said) as Space is.
            if state.opts.offline
                && warm::refused_offline(state, Mode::FlowBindings, Intent::PickUp)
            {
                return vec![];
            }
            if let Some(index) = layout::flow_row_near(state, row) {
                flows_view::on_mouse_drag(state, index);
            }
            vec![]
        }
        MouseEventKind::Up(MouseButton::Left) => flows_view::on_mouse_up(state),
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let step = if mouse.kind == MouseEventKind::ScrollDown {
                Intent::Down
            } else {
                Intent::Up
            };
            if layout::in_detail(state, column, row) {
                state.focus = Focus::Detail;
                flows_view::on_intent(state, Mode::FlowBindings, step).unwrap_or_default()
            } else {
                state.focus = Focus::List;
                move_selection(state, step)
            }
        }
        _ => vec![],
    }
}

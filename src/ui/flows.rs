//! The Flows view: triggers on the left, the opened trigger's bindings drawn as a flow on the right.

use ratatui::layout::Rect;
use ratatui::Frame;

use crate::app::state::State;
use crate::theme::Theme;

pub fn render(_state: &State, _theme: &Theme, _frame: &mut Frame, _list: Option<Rect>, _detail: Option<Rect>) {}

pub fn render_add(_state: &State, _theme: &Theme, _frame: &mut Frame, _area: Rect) {}

pub fn render_conflict(_state: &State, _theme: &Theme, _frame: &mut Frame, _area: Rect) {}

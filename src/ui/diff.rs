//! PLACEHOLDER until the diff pane lands.
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::diff::DiffState;
use crate::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, state: &DiffState, theme: &Theme, focused: bool) {
    let _ = (frame, area, state, theme, focused);
}

//! The test-run result popup (issue 19): the event's origin, the thrown error and its stack, the
//! stats and the returned payload as rows wrapped at the popup's width, never cut. The render draws
//! a window of them and `update` keeps the scroll inside them: both read the rows from here.

use ratatui::layout::{Constraint, Rect};

use crate::app::state::{PayloadFrom, Remote, State, TestResult};
use crate::model::Timestamp;
use crate::strings as s;

/// What a row shows (the render styles it by its kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResultRowKind {
    /// Where the event started from.
    From,
    ErrorHead,
    Stack,
    Passed,
    Stats,
    PayloadLabel,
    /// A piece of the returned payload's line `line`, from its character `start`.
    Payload {
        line: usize,
        start: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRow {
    pub kind: ResultRowKind,
    pub text: String,
}

/// The popup of result text (a test run, an execution).
pub fn result_area(screen: Rect) -> Rect {
    screen.centered(
        Constraint::Length(screen.width.saturating_sub(4).min(110)),
        Constraint::Length(screen.height.saturating_sub(2)),
    )
}

/// The popup's text rows: inside the border, above its keys line.
pub fn result_body(screen: Rect) -> Rect {
    let inner = super::inner(result_area(screen));
    Rect {
        height: inner.height.saturating_sub(1),
        ..inner
    }
}

/// Where the event started from, in words (`last payload, 3 min ago`).
pub fn payload_from_label(from: &PayloadFrom, now: Option<Timestamp>) -> String {
    match from {
        PayloadFrom::Sample => s::reach::PAYLOAD_FROM_SAMPLE.to_string(),
        PayloadFrom::Last { at } => s::reach::payload_from_last(
            at.zip(now)
                .map(|(at, now)| crate::app::timeline::relative_time(at, now))
                .as_deref(),
        ),
        PayloadFrom::Unsent => s::reach::PAYLOAD_FROM_UNSENT.to_string(),
        PayloadFrom::Saved(name) => s::reach::payload_from_saved(name),
    }
}

/// Every row of the result at `width` columns (before the run answers: the origin alone).
pub fn test_result_rows(
    result: &TestResult,
    now: Option<Timestamp>,
    width: usize,
) -> Vec<ResultRow> {
    let width = width.max(1);
    let mut rows = vec![];
    let mut push = |kind: ResultRowKind, text: &str, gap: &str| {
        for part in super::wrap_words(text, width, gap) {
            rows.push(ResultRow {
                kind: kind.clone(),
                text: part,
            });
        }
    };
    push(
        ResultRowKind::From,
        &s::reach::test_event_from(&payload_from_label(&result.from, now)),
        " ",
    );
    let Remote::Ready(run) = &result.run else {
        return rows;
    };
    match &run.error {
        Some(error) => {
            let head = if error.name.is_empty() {
                format!(" {} ", error.message)
            } else {
                format!(" {}: {} ", error.name, error.message)
            };
            push(ResultRowKind::ErrorHead, &head, " ");
            for frame_line in error.stack.lines().skip(1) {
                push(ResultRowKind::Stack, frame_line, " ");
            }
        }
        None => push(ResultRowKind::Passed, s::TEST_PASSED, " "),
    }
    // The stats, as many to a line as fit.
    let stats: Vec<String> = run
        .stats
        .iter()
        .map(|(name, ms)| format!("{} {ms} ms", name.trim_end_matches("_ms").replace('_', " ")))
        .collect();
    if !stats.is_empty() {
        push(ResultRowKind::Stats, &stats.join(" · "), " · ");
    }
    push(ResultRowKind::PayloadLabel, s::TEST_PAYLOAD, " ");
    // The payload is code: its lines are cut at the width and go on in the next row.
    for (line, text) in crate::diff::lines(&result.pretty).into_iter().enumerate() {
        let count = text.chars().count();
        let mut start = 0;
        loop {
            rows.push(ResultRow {
                kind: ResultRowKind::Payload { line, start },
                text: text.chars().skip(start).take(width).collect(),
            });
            start += width;
            if start >= count {
                break;
            }
        }
    }
    rows
}

/// The first row shown: the scroll kept where the last rows fill the popup.
pub fn test_result_top(result: &TestResult, now: Option<Timestamp>, body: Rect) -> usize {
    let total = test_result_rows(result, now, usize::from(body.width)).len();
    result
        .scroll
        .min(super::max_scroll(total, usize::from(body.height)))
}

/// The furthest `scroll` of the open test result at the state's size (0 without one).
pub fn test_result_max_scroll(state: &State) -> usize {
    let crate::app::state::Overlay::TestResult(result) = &state.overlay else {
        return 0;
    };
    let body = result_body(super::screen(state));
    let total = test_result_rows(result, state.now, usize::from(body.width)).len();
    super::max_scroll(total, usize::from(body.height))
}

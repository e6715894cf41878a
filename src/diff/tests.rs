//! Alignment, folding, word emphasis, hunk navigation and the text output; property tests that no line
//! is lost, duplicated or reordered on either side.

use std::sync::Arc;

use proptest::prelude::*;

use super::text::{render, TextOptions};
use super::*;

fn diff(old: &str, new: &str) -> Diff {
    Diff::new(Arc::from(old), Arc::from(new))
}

fn state(old: &str, new: &str) -> DiffState {
    DiffState::new(Arc::new(diff(old, new)), "v1".into(), "v2".into())
}

fn kinds(d: &Diff) -> Vec<RowKind> {
    d.rows.iter().map(|r| r.kind).collect()
}

/// Lines `0..n` as `line i`, with the ones in `changed` rewritten.
fn numbered(n: usize, changed: &[usize]) -> String {
    (0..n)
        .map(|i| {
            if changed.contains(&i) {
                format!("let value{i} = compute({i}, 'edited');\n")
            } else {
                format!("let value{i} = compute({i});\n")
            }
        })
        .collect()
}

/// (old line, new line) per display line, with folds as their hidden counts.
fn shown(s: &DiffState) -> Vec<String> {
    let rows = &s.diff.rows;
    s.display_lines()
        .iter()
        .map(|l| match *l {
            DisplayLine::Fold { len, .. } => format!("fold {len}"),
            DisplayLine::Row { old, new } => {
                let side = |r: Option<usize>, old_side: bool| {
                    r.and_then(|r| {
                        if old_side {
                            rows[r].old.as_ref()
                        } else {
                            rows[r].new.as_ref()
                        }
                    })
                    .map_or("_".to_string(), |c| (c.line + 1).to_string())
                };
                format!("{}|{}", side(old, true), side(new, false))
            }
        })
        .collect()
}

#[test]
fn a_changed_line_pairs_with_its_edit_and_emphasises_the_words() {
    let d = diff(
        "const CHANNEL = '#signups';\nconst TIMEOUT_MS = 3000;\nmodule.exports = {};\n",
        "const CHANNEL = '#signups';\nconst TIMEOUT_MS = 5000;\nmodule.exports = {};\n",
    );
    assert_eq!(
        kinds(&d),
        [RowKind::Equal, RowKind::Changed, RowKind::Equal]
    );
    let row = &d.rows[1];
    let (old, new) = (row.old.as_ref().unwrap(), row.new.as_ref().unwrap());
    assert_eq!((old.line, new.line), (1, 1));
    assert_eq!(&"const TIMEOUT_MS = 3000;"[old.emphasis[0].clone()], "3000");
    assert_eq!(&"const TIMEOUT_MS = 5000;"[new.emphasis[0].clone()], "5000");
    assert_eq!((d.added, d.removed), (1, 1));
    assert!(!d.is_identical());
}

#[test]
fn unrelated_lines_stay_separate_deletes_and_inserts() {
    let d = diff("a();\nreturn;\nz();\n", "a();\nconst REASON = 'x';\nz();\n");
    assert_eq!(
        kinds(&d),
        [
            RowKind::Equal,
            RowKind::Deleted,
            RowKind::Inserted,
            RowKind::Equal
        ]
    );
    assert!(d.rows[1].new.is_none() && d.rows[2].old.is_none());
}

#[test]
fn pairs_keep_order_when_an_insert_comes_first() {
    // The new line `log(total)` has no partner; `sum(a, b)` pairs with `sum(a, b, c)` after it.
    let d = diff("x;\nsum(a, b);\n", "x;\nlog(total);\nsum(a, b, c);\n");
    assert_eq!(
        kinds(&d),
        [RowKind::Equal, RowKind::Inserted, RowKind::Changed]
    );
    let changed = &d.rows[2];
    assert_eq!(changed.old.as_ref().unwrap().line, 1);
    assert_eq!(changed.new.as_ref().unwrap().line, 2);
}

#[test]
fn identical_texts_and_empty_texts() {
    let d = diff("a\nb\n", "a\nb\n");
    assert!(d.is_identical());
    assert_eq!((d.added, d.removed), (0, 0));
    assert!(kinds(&d).iter().all(|k| *k == RowKind::Equal));
    let empty = diff("", "");
    assert!(empty.is_identical() && empty.rows.is_empty());
    let from_nothing = diff("", "one\ntwo\n");
    assert_eq!(kinds(&from_nothing), [RowKind::Inserted, RowKind::Inserted]);
    assert_eq!(from_nothing.added, 2);
}

#[test]
fn line_endings_alone_change_no_line_but_are_not_identical() {
    let d = diff("a\r\nb\r\n", "a\nb");
    assert_eq!((d.added, d.removed), (0, 0));
    assert!(!d.is_identical());
    assert!(d.endings_only());
}

#[test]
fn unchanged_stretches_fold_to_context() {
    let s = state(&numbered(30, &[]), &numbered(30, &[15]));
    assert_eq!(
        shown(&s),
        ["fold 12", "13|13", "14|14", "15|15", "16|16", "17|17", "18|18", "19|19", "fold 11"]
    );
    assert_eq!(s.line_count(), 9);
    assert_eq!(s.hunk_starts(), [1]);
}

#[test]
fn expanded_shows_every_line() {
    let mut s = state(&numbered(30, &[]), &numbered(30, &[15]));
    s.toggle_expanded();
    assert_eq!(s.line_count(), 30);
    assert!(shown(&s).iter().all(|l| !l.starts_with("fold")));
    assert_eq!(
        s.hunk_starts(),
        [12],
        "the same hunk: its first context line"
    );
}

#[test]
fn a_gap_of_one_line_is_shown_not_folded() {
    // Changes at 3 and 11: the rows between are 3 + 1 + 3 context — a one-line fold saves nothing.
    let s = state(&numbered(15, &[]), &numbered(15, &[3, 11]));
    assert!(shown(&s).iter().all(|l| !l.starts_with("fold")));
    assert_eq!(s.hunk_starts(), [0]);
}

#[test]
fn identical_texts_fold_to_one_line_with_no_hunks() {
    let mut s = state("a\nb\nc\n", "a\nb\nc\n");
    assert_eq!(shown(&s), ["fold 3"]);
    s.next_change();
    assert_eq!(s.scroll, 0);
}

#[test]
fn side_by_side_puts_deletes_and_inserts_of_a_block_on_shared_lines() {
    let s = state(
        "a();\nreturn;\nbreak;\nz();\n",
        "a();\nconst REASON = 'x';\nz();\n",
    );
    assert_eq!(shown(&s), ["1|1", "2|2", "3|_", "4|3"]);
}

#[test]
fn unified_shows_a_blocks_old_lines_then_its_new_lines() {
    let mut s = state(
        "keep;\nlet a = 1;\nlet b = 2;\nkeep;\n",
        "keep;\nlet a = 10;\nlet b = 20;\nkeep;\n",
    );
    assert_eq!(kinds(&s.diff)[1..3], [RowKind::Changed, RowKind::Changed]);
    assert_eq!(shown(&s), ["1|1", "2|2", "3|3", "4|4"]);
    s.toggle_unified();
    assert_eq!(shown(&s), ["1|1", "2|_", "3|_", "_|2", "_|3", "4|4"]);
}

#[test]
fn next_and_previous_hunk_move_between_hunk_starts() {
    let mut s = state(&numbered(100, &[]), &numbered(100, &[10, 50, 90]));
    // Folded: fold, hunk (7 lines), fold, hunk, fold, hunk, fold.
    assert_eq!(s.hunk_starts(), [1, 9, 17]);
    s.next_change();
    assert_eq!(s.scroll, 1);
    s.next_change();
    assert_eq!(s.scroll, 9);
    s.next_change();
    s.next_change();
    assert_eq!(s.scroll, 17, "stays on the last hunk");
    s.prev_change();
    assert_eq!(s.scroll, 9);
    s.prev_change();
    s.prev_change();
    assert_eq!(s.scroll, 1);

    s.toggle_expanded();
    assert_eq!(s.hunk_starts(), [7, 47, 87]);
    assert_eq!(s.scroll, 7, "the row on top stays on top");
    s.next_change();
    assert_eq!(s.scroll, 47);
}

#[test]
fn next_and_previous_change_reach_every_change_of_a_hunk() {
    // Lines 26 and 29 (1-based) share one hunk: both are reached, each with its context above.
    let mut s = state(&numbered(60, &[]), &numbered(60, &[25, 28]));
    assert_eq!(s.hunk_starts().len(), 1, "one hunk");
    let changed_line_at = |s: &DiffState, line: usize| shown(s)[line].clone();
    assert_eq!(s.change_starts().len(), 2);
    s.next_change();
    assert_eq!(changed_line_at(&s, s.scroll + CONTEXT), "26|26");
    s.next_change();
    assert_eq!(changed_line_at(&s, s.scroll + CONTEXT), "29|29");
    let last = s.scroll;
    s.next_change();
    assert_eq!(s.scroll, last, "stays on the last change");
    s.prev_change();
    assert_eq!(changed_line_at(&s, s.scroll + CONTEXT), "26|26");

    // A block of several changed lines is one change; unified it is still one.
    let mut s = state(&numbered(60, &[]), &numbered(60, &[25, 26, 27, 40]));
    assert_eq!(s.change_starts().len(), 2);
    s.toggle_unified();
    assert_eq!(s.change_starts().len(), 2);
    s.next_change();
    s.next_change();
    assert_eq!(shown(&s)[s.scroll + CONTEXT], "41|_", "{:?}", shown(&s));
}

#[test]
fn the_first_change_opens_in_view_even_under_tall_wrapped_context() {
    let long = "x".repeat(400);
    let old = format!("{long}1\n{long}2\n{long}3\nkeep\nlet a = 1;\n");
    let new = format!("{long}1\n{long}2\n{long}3\nkeep\nlet a = 2;\n");
    let mut s = state(&old, &new);
    s.set_wrap(true);
    let view = Viewport {
        rows: 10,
        width: 80,
    };
    s.show_first_change(view);
    let lines = s.display_lines();
    let change = s.change_starts()[0];
    let above: usize = (s.scroll..=change)
        .map(|k| s.line_height(lines[k], view.width))
        .sum();
    assert!(above <= view.rows, "the change is on screen: {above} rows");
    assert!(s.scroll >= 1, "context that would push it off is skipped");
}

#[test]
fn wrapped_lines_still_let_the_last_line_be_reached() {
    // Forty changed lines that wrap to three screen lines each: the bottom must still be reachable.
    let old: String = (0..40)
        .map(|i| format!("{}{i}\n", "a".repeat(100)))
        .collect();
    let new: String = (0..40)
        .map(|i| format!("{}{i}\n", "b".repeat(100)))
        .collect();
    let mut s = state(&old, &new);
    s.toggle_unified();
    s.set_wrap(true);
    let view = Viewport {
        rows: 12,
        width: 60,
    };
    s.scroll_to_bottom(view);
    let lines = s.display_lines();
    let below: usize = (s.scroll..lines.len())
        .map(|k| s.line_height(lines[k], view.width))
        .sum();
    assert!(below <= view.rows, "the last lines fit: {below}");
    let one_more = s.line_height(lines[s.scroll - 1], view.width);
    assert!(
        below + one_more > view.rows,
        "as far as the last line needs"
    );
    assert!(
        s.scroll > lines.len() - view.rows,
        "further than a count of lines would allow"
    );
}

#[test]
fn line_heights_match_what_is_painted() {
    let theme = crate::theme::Theme::default();
    let texts = [
        ("short\n\tx\n", "short but longer now\n\ty\n"),
        (
            "const a = 'a very long line that will surely wrap in a narrow pane';\nz\n",
            "const a = 'a very long line that will surely wrap in a narrow pane, changed';\nz\nnew\n",
        ),
        ("日本語のテキストがここにあります。日本語のテキスト\n", "日本語のテキスト\n"),
    ];
    for (old, new) in texts {
        for unified in [false, true] {
            for width in [9, 20, 33, 80] {
                let mut s = state(old, new);
                s.set_wrap(true);
                if unified {
                    s.toggle_unified();
                }
                s.toggle_expanded();
                let painter = s.painter(&theme);
                let layout = paint::Layout {
                    width,
                    unified,
                    wrap: true,
                    hscroll: 0,
                    fill: true,
                };
                for &line in s.display_lines().iter() {
                    let painted = painter
                        .paint(line, layout, &mut |side, n| {
                            paint::plain_line(s.index.line(&s.diff, side, n))
                        })
                        .len();
                    assert_eq!(s.line_height(line, width), painted, "{line:?} at {width}");
                }
            }
        }
    }
}

#[test]
fn twenty_thousand_lines_with_three_changes_show_exactly_three() {
    // Past the size where a time-limited diff gave up and marked every line changed.
    let changed = [123, 10_500, 19_998];
    let d = diff(&numbered(20_000, &[]), &numbered(20_000, &changed));
    assert_eq!((d.added, d.removed), (3, 3));
    let rows: Vec<usize> = (d.rows.iter())
        .filter(|r| r.kind != RowKind::Equal)
        .map(|r| r.new.as_ref().unwrap().line)
        .collect();
    assert_eq!(rows, changed);
    assert!(d
        .rows
        .iter()
        .all(|r| r.kind != RowKind::Changed || !r.new.as_ref().unwrap().emphasis.is_empty()));
}

#[test]
fn scrolling_is_bounded_by_the_page() {
    let mut s = state(&numbered(100, &[]), &numbered(100, &[50]));
    s.toggle_expanded();
    let page = Viewport {
        rows: 20,
        width: 100,
    };
    s.scroll_by(-5, page);
    assert_eq!(s.scroll, 0);
    s.scroll_by(30, page);
    assert_eq!(s.scroll, 30);
    s.scroll_by(1000, page);
    assert_eq!(s.scroll, 80);
    s.scroll_to_top();
    assert_eq!(s.scroll, 0);
    s.scroll_to_bottom(page);
    assert_eq!(s.scroll, 80);
    s.scroll_left(3);
    assert_eq!(s.hscroll, 0);
    s.scroll_right(8);
    assert_eq!(s.hscroll, 8);
    s.scroll_right(1000);
    assert_eq!(s.hscroll, s.widest_line(), "not past the widest line");
    s.toggle_wrap();
    assert!(s.opts.wrap);
    assert_eq!(s.hscroll, 0, "wrapping has nothing to scroll sideways");
}

#[test]
fn options_set_directly_still_show_the_right_lines() {
    let mut s = state(&numbered(30, &[]), &numbered(30, &[15]));
    s.opts.expanded = true;
    assert_eq!(s.display_lines().len(), 30);
}

#[test]
fn unrelated_large_texts_finish_and_keep_every_line() {
    // Two ~100 KB texts with nothing in common but punctuation: every line changed, none lost.
    let old: String = (0..3000)
        .map(|i| format!("const a{i} = f({i}, '{}');\n", i * 7))
        .collect();
    let new: String = (0..3000)
        .map(|i| format!("let b{i} = g(\"{}\", {i});\n", i * 13))
        .collect();
    let d = diff(&old, &new);
    assert_each_line_once(&d);
    assert_eq!((d.added, d.removed), (3000, 3000));
}

fn text_opts(unified: bool, width: u16) -> TextOptions {
    TextOptions {
        unified,
        width,
        color: false,
        old_label: "v1".into(),
        new_label: "v2".into(),
        syntax_theme: crate::highlight::DEFAULT_SYNTAX_THEME.into(),
    }
}

#[test]
fn text_side_by_side_shows_hunks_with_context() {
    let old = numbered(12, &[]);
    let new = numbered(12, &[6]).replace("let value9 = compute(9);\n", "");
    let out = render(&diff(&old, &new), &text_opts(false, 80));
    let expected = "\
v1 → v2  +1 −2
────────────────────────────────────────────────────────────────────────────────
   ⋯ 3 unchanged lines
 4   let value3 = compute(3);          │ 4   let value3 = compute(3);
 5   let value4 = compute(4);          │ 5   let value4 = compute(4);
 6   let value5 = compute(5);          │ 6   let value5 = compute(5);
 7 - let value6 = compute(6);          │ 7 + let value6 = compute(6, 'edited');
 8   let value7 = compute(7);          │ 8   let value7 = compute(7);
 9   let value8 = compute(8);          │ 9   let value8 = compute(8);
10 - let value9 = compute(9);          │
11   let value10 = compute(10);        │10   let value10 = compute(10);
12   let value11 = compute(11);        │11   let value11 = compute(11);
";
    assert_eq!(out, expected);
}

#[test]
fn text_unified_lists_deleted_then_inserted_with_both_numbers() {
    let out = render(
        &diff("a;\nlet x = 1;\nb;\n", "a;\nlet x = 2;\nb;\n"),
        &text_opts(true, 40),
    );
    let expected = "\
v1 → v2  +1 −1
────────────────────────────────────────
1 1   a;
2   - let x = 1;
  2 + let x = 2;
3 3   b;
";
    assert_eq!(out, expected);
}

#[test]
fn text_wraps_long_lines_side_by_side_and_says_identical() {
    let long = format!("const s = '{}';\n", "x".repeat(60));
    let out = render(&diff("a;\n", &long), &text_opts(false, 41));
    let body: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(
        body.len(),
        5,
        "73 columns of code in 16-column pieces: {out}"
    );
    assert!(body
        .iter()
        .all(|l| unicode_width::UnicodeWidthStr::width(*l) <= 41));
    let joined: String = body
        .iter()
        .map(|l| {
            l.split('│')
                .nth(1)
                .unwrap_or("")
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '+')
        })
        .collect();
    assert!(joined.contains(&"x".repeat(60)), "nothing lost: {out}");

    let same = render(&diff("a\n", "a\n"), &text_opts(false, 40));
    assert_eq!(same, "v1 → v2  identical\n");
}

#[test]
fn text_colour_carries_the_tint_and_the_emphasis() {
    let mut opts = text_opts(false, 80);
    opts.color = true;
    let out = render(&diff("let x = 1;\n", "let x = 2;\n"), &opts);
    let theme = crate::theme::Theme::default();
    let bg = |c: ratatui::style::Color| match c {
        ratatui::style::Color::Rgb(r, g, b) => format!("48;2;{r};{g};{b}"),
        other => panic!("theme colours are RGB: {other:?}"),
    };
    assert!(out.contains(&bg(theme.diff_deleted_bg)));
    assert!(out.contains(&bg(theme.diff_inserted_emph_bg)));
    assert!(out.contains("\x1b[0m"));
}

/// Every line of both texts appears exactly once, in order, on its side of the rows.
fn assert_each_line_once(d: &Diff) {
    let old: Vec<usize> = d
        .rows
        .iter()
        .filter_map(|r| r.old.as_ref())
        .map(|c| c.line)
        .collect();
    let new: Vec<usize> = d
        .rows
        .iter()
        .filter_map(|r| r.new.as_ref())
        .map(|c| c.line)
        .collect();
    assert_eq!(old, (0..d.old.lines().count()).collect::<Vec<_>>());
    assert_eq!(new, (0..d.new.lines().count()).collect::<Vec<_>>());
}

/// The line numbers each side shows, in display order, and the hidden count of folds.
fn sides(s: &DiffState) -> (Vec<usize>, Vec<usize>, usize) {
    let (mut old, mut new, mut folded) = (vec![], vec![], 0);
    for line in s.display_lines().iter() {
        match *line {
            DisplayLine::Fold { len, .. } => folded += len,
            DisplayLine::Row { old: o, new: n } => {
                if let Some(c) = o.and_then(|r| s.diff.rows[r].old.as_ref()) {
                    old.push(c.line);
                }
                if let Some(c) = n.and_then(|r| s.diff.rows[r].new.as_ref()) {
                    new.push(c.line);
                }
            }
        }
    }
    (old, new, folded)
}

fn texts() -> impl Strategy<Value = (String, String)> {
    // Few distinct lines, so the texts share lines in many ways.
    let line = prop::sample::select(vec![
        "a",
        "b",
        "c",
        "let x = 1;",
        "let x = 2;",
        "}",
        "",
        "\treturn y;",
    ]);
    let text = prop::collection::vec(line, 0..40)
        .prop_map(|lines| lines.iter().map(|l| format!("{l}\n")).collect::<String>());
    (text.clone(), text)
}

proptest! {
    #[test]
    fn rows_keep_every_line_once_in_order((old, new) in texts()) {
        let d = diff(&old, &new);
        assert_each_line_once(&d);
        let old_lines = lines(&old);
        let new_lines = lines(&new);
        for row in &d.rows {
            if row.kind == RowKind::Equal {
                let (o, n) = (row.old.as_ref().unwrap(), row.new.as_ref().unwrap());
                prop_assert_eq!(old_lines[o.line], new_lines[n.line]);
            }
        }
    }

    #[test]
    fn every_display_keeps_every_line_once_in_order((old, new) in texts()) {
        let mut s = state(&old, &new);
        let all_old: Vec<usize> = (0..lines(&old).len()).collect();
        let all_new: Vec<usize> = (0..lines(&new).len()).collect();
        for (unified, expanded) in [(false, true), (true, true), (false, false), (true, false)] {
            if s.opts.unified != unified {
                s.toggle_unified();
            }
            if s.opts.expanded != expanded {
                s.toggle_expanded();
            }
            let (shown_old, shown_new, folded) = sides(&s);
            if expanded {
                prop_assert_eq!(folded, 0);
                prop_assert_eq!(&shown_old, &all_old);
                prop_assert_eq!(&shown_new, &all_new);
            } else {
                prop_assert!(shown_old.windows(2).all(|w| w[0] < w[1]));
                prop_assert!(shown_new.windows(2).all(|w| w[0] < w[1]));
                prop_assert_eq!(shown_old.len() + folded, all_old.len());
                prop_assert_eq!(shown_new.len() + folded, all_new.len());
            }
            for &h in s.hunk_starts() {
                prop_assert!(h < s.line_count());
            }
        }
    }
}

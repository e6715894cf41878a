//! JavaScript highlighting with syntect, lazily and incrementally.
//!
//! syntect's JavaScript grammar is slow, so nothing is highlighted twice: each (content hash, syntect
//! theme) keeps the lines highlighted so far, the parser state after the last of them, and a copy of
//! the parser state every [`CHECKPOINT_EVERY`] lines the parse passed (versions never change, so these
//! stay valid). Asking for lines 3000..3040 parses from the nearest fresh start ([`scan`]) or
//! checkpoint above them once, skipping through runs of plain literal lines (a long array of
//! strings) whose parser state is a fixed point; later frames read from the cache. A small LRU bounds
//! memory. Rendering only asks for the visible lines.
//!
//! A jump far ahead (`G` in a 100 KB file) would stall one frame on parsing everything before it, so
//! the renderer's cache (`ui::RenderCache`, owned by whoever draws) parses at most [`FRAME_BUDGET`]
//! lines per frame and returns the rest as plain text; [`Highlighter::has_pending_work`] tells the
//! runtime to draw again on the next tick, and colour fills in.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use syntect::highlighting::{
    FontStyle, HighlightIterator, HighlightState, Highlighter as SyntectHighlighter, Theme,
    ThemeSet,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};

pub mod scan;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static THEMES: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);
static NO_THEME: LazyLock<Theme> = LazyLock::new(Theme::default);

/// The syntect theme used when the UI theme names none (or one syntect does not know).
pub const DEFAULT_SYNTAX_THEME: &str = "base16-ocean.dark";

/// Lines parsed per frame at most, across every pane: syntect parses JavaScript at roughly 17k
/// lines/s here (release), so a frame stays under 16 ms; colour beyond fills in over the next frames.
pub const FRAME_BUDGET: usize = 200;

const TAB: &str = "    ";

/// Number of display lines of `code` (a trailing newline does not add an empty line).
pub fn line_count(code: &str) -> usize {
    code.lines().count()
}

/// Names of the syntect themes available.
pub fn theme_names() -> Vec<String> {
    THEMES.themes.keys().cloned().collect()
}

fn javascript() -> &'static SyntaxReference {
    SYNTAXES
        .find_syntax_by_extension("js")
        .unwrap_or_else(|| SYNTAXES.find_syntax_plain_text())
}

/// A cache of highlighted files. Not `Send` (syntect's parser state is not): it lives with whoever
/// draws, on the drawing thread.
pub struct Highlighter {
    entries: HashMap<(u64, String), Entry>,
    capacity: usize,
    clock: u64,
    /// Lines run through syntect since creation: tells cache hits from work.
    pub lines_parsed: usize,
    /// Most lines parsed per frame (across calls; see [`Highlighter::begin_frame`]).
    budget: usize,
    /// Lines parsed since the frame began.
    spent: usize,
    /// The last call returned lines not highlighted yet (lines further down the same text cannot be
    /// ready either).
    pub pending: bool,
    /// Some call since the frame began returned lines not highlighted yet (a frame may highlight
    /// several texts).
    frame_pending: bool,
}

struct Entry {
    /// Byte offsets where each source line starts.
    line_starts: Vec<usize>,
    /// Lines coloured so far (not necessarily from the top: see `nearest_fresh`).
    done: Vec<Option<Line<'static>>>,
    /// For each line, the nearest line at or above it where a fresh parse is exact ([`scan`]).
    nearest_fresh: Vec<usize>,
    /// The parse under way and the line it reads next.
    painter: Painter,
    next: usize,
    /// `checkpoints[c]`: the parser state before line `c * CHECKPOINT_EVERY`, saved when a parse
    /// passed it (at most one per [`CHECKPOINT_EVERY`] lines; versions never change, so it stays
    /// valid for the entry's life).
    checkpoints: Vec<Option<PainterState>>,
    /// For each line that holds nothing but one plain string literal (see [`is_plain_literal_line`]),
    /// the first line of the run of such lines it is in; `None` for other lines.
    literal_run: Vec<Option<usize>>,
    /// Runs of plain literal lines whose parser state is a fixed point, by first line: the state
    /// every line of the run starts in from its second line on, and the line after it.
    fixed_runs: HashMap<usize, PainterState>,
    syntax_theme: String,
    last_used: u64,
}

/// Lines between two saved parser states in an [`Entry`]: a parse restarted from a checkpoint reads
/// at most this many lines before the one wanted (under 8 ms at syntect's ~17k lines/s). Measured
/// inside a 3 000-line IIFE: cloning the state costs about 1/60 of parsing one line, so the clones
/// cost under 0.02 % of the parse, and 1 KB or so each is little beside the coloured lines an entry
/// keeps anyway.
pub const CHECKPOINT_EVERY: usize = 128;

/// What syntect carries from one line to the next: cloned into checkpoints so a later look at the
/// same text resumes near the lines it wants instead of at a fresh start far above.
#[derive(Clone, PartialEq, Eq)]
struct PainterState {
    parse: ParseState,
    highlight: HighlightState,
}

/// syntect's parser and highlighter state, carried from one line to the next.
struct Painter {
    state: PainterState,
    highlighter: SyntectHighlighter<'static>,
}

impl Painter {
    /// A painter in the state syntect starts a file in.
    fn fresh(syntax_theme: &str) -> Self {
        let theme = THEMES
            .themes
            .get(syntax_theme)
            .or_else(|| THEMES.themes.get(DEFAULT_SYNTAX_THEME))
            .or_else(|| THEMES.themes.values().next())
            // syntect ships its default themes, so this is never reached: uncoloured, not a panic.
            .unwrap_or(&NO_THEME);
        let highlighter = SyntectHighlighter::new(theme);
        let highlight = HighlightState::new(&highlighter, ScopeStack::new());
        Self {
            state: PainterState {
                parse: ParseState::new(javascript()),
                highlight,
            },
            highlighter,
        }
    }

    /// A fresh painter for a parse that starts at line `index`: past the first line, syntect is told so
    /// with an empty line first (its grammars treat a file's first line apart, e.g. `#!`).
    fn fresh_at(syntax_theme: &str, index: usize) -> Self {
        let mut painter = Self::fresh(syntax_theme);
        if index > 0 {
            painter.paint("\n");
        }
        painter
    }

    /// The next line (with its terminator), coloured.
    fn paint(&mut self, source: &str) -> Line<'static> {
        match self.state.parse.parse_line(source, &SYNTAXES) {
            Ok(ops) => {
                let spans = HighlightIterator::new(
                    &mut self.state.highlight,
                    &ops,
                    source,
                    &self.highlighter,
                )
                .filter_map(|(style, text)| to_span(style, text))
                .collect::<Vec<_>>();
                Line::from(spans)
            }
            // A grammar error must not lose the text: show the rest plainly.
            Err(_) => Line::from(clean(source)),
        }
    }
}

/// True for a line holding nothing but one string literal of letters, digits, `.`, `_` and `-`,
/// perhaps indented and followed by a comma (`  'mail.example',`): syntect's JavaScript grammar
/// reads every such line alike whatever the letters (no rule inside a string, comment or template
/// looks at them), so when one line of a run leaves the parser state as it was, every line does
/// ([`Entry::fixed_runs`]; the tests check it on every demo action and generated code).
fn is_plain_literal_line(line: &str) -> bool {
    let text = line
        .trim_end_matches(['\n', '\r'])
        .trim_start_matches([' ', '\t']);
    let text = text.strip_suffix(',').unwrap_or(text);
    let mut chars = text.chars();
    let Some(quote @ ('\'' | '"')) = chars.next() else {
        return false;
    };
    let Some(body) = chars.as_str().strip_suffix(quote) else {
        return false;
    };
    body.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// For each line, the first line of the run of plain literal lines it is in ([`is_plain_literal_line`]).
fn literal_runs(code: &str, starts: &[usize]) -> Vec<Option<usize>> {
    let mut run = None;
    (0..starts.len())
        .map(|index| {
            if is_plain_literal_line(source_line(code, starts, index)) {
                Some(*run.get_or_insert(index))
            } else {
                run = None;
                None
            }
        })
        .collect()
}

/// Byte offsets where each line of `code` starts (lines as `split_inclusive('\n')` cuts them).
fn line_starts(code: &str) -> Vec<usize> {
    let mut starts = vec![];
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        starts.push(offset);
        offset += line.len();
    }
    starts
}

/// Line `index` of `code` with its terminator, given the line starts.
fn source_line<'c>(code: &'c str, starts: &[usize], index: usize) -> &'c str {
    let from = starts[index];
    let to = starts.get(index + 1).copied().unwrap_or(code.len());
    &code[from..to]
}

/// The `wanted` lines of `code` (indexes in any order; out of range ones are ignored), coloured
/// exactly as a whole-file highlight colours them, at index `n` of the result (`None` for lines not
/// highlighted). Parsing starts at the nearest line above each wanted one where [`scan`] says a
/// fresh parser state is exact, so the cost follows what is shown, not where it sits in the file.
pub fn lines_at(code: &str, syntax_theme: &str, wanted: &[usize]) -> Vec<Option<Line<'static>>> {
    let fresh = scan::fresh_starts(code);
    lines_from_fresh_starts(code, syntax_theme, wanted, &fresh, false)
}

/// Every line of `code`, each parse started afresh at every line [`scan`] calls a fresh start: equal to
/// a whole-file highlight exactly when every fresh start is exact (what the tests check).
pub fn lines_restarting_at_every_fresh_start(code: &str, syntax_theme: &str) -> Vec<Line<'static>> {
    let fresh = scan::fresh_starts(code);
    let all: Vec<usize> = (0..fresh.len()).collect();
    lines_from_fresh_starts(code, syntax_theme, &all, &fresh, true)
        .into_iter()
        .flatten()
        .collect()
}

/// Every line of `code` highlighted from the top, as the dashboard's cache does.
pub fn whole_file(code: &str, syntax_theme: &str) -> Vec<Line<'static>> {
    let mut painter = Painter::fresh(syntax_theme);
    let starts = line_starts(code);
    (0..starts.len())
        .map(|index| painter.paint(source_line(code, &starts, index)))
        .collect()
}

/// For each of `total` lines, the nearest line at or above it where a fresh parse is exact (line 0
/// always is).
fn nearest_fresh_starts(fresh: &[bool], total: usize) -> Vec<usize> {
    let mut last_fresh = 0;
    (0..total)
        .map(|index| {
            if fresh.get(index).copied().unwrap_or(false) {
                last_fresh = index;
            }
            last_fresh
        })
        .collect()
}

/// [`lines_at`] with the fresh starts given; `restart_everywhere` starts afresh at every fresh start
/// even when the parse is already there (tests use it to check every fresh start at once).
fn lines_from_fresh_starts(
    code: &str,
    syntax_theme: &str,
    wanted: &[usize],
    fresh: &[bool],
    restart_everywhere: bool,
) -> Vec<Option<Line<'static>>> {
    let starts = line_starts(code);
    let total = starts.len();
    let mut out: Vec<Option<Line<'static>>> = vec![None; total];
    let mut wanted: Vec<usize> = wanted.iter().copied().filter(|&n| n < total).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let nearest = nearest_fresh_starts(fresh, total);
    // The painter and the next line it would parse.
    let mut current: Option<(Painter, usize)> = None;
    for n in wanted {
        let from = nearest[n];
        let mut state = match current.take() {
            Some((painter, next)) if next >= from && next <= n => (painter, next),
            _ => (Painter::fresh_at(syntax_theme, from), from),
        };
        while state.1 <= n {
            if restart_everywhere && state.1 != from && fresh.get(state.1) == Some(&true) {
                state.0 = Painter::fresh_at(syntax_theme, state.1);
            }
            let line = state.0.paint(source_line(code, &starts, state.1));
            out[state.1] = Some(line);
            state.1 += 1;
        }
        current = Some(state);
    }
    out
}

impl Highlighter {
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: HashMap::new(),
            capacity: capacity.max(1),
            clock: 0,
            lines_parsed: 0,
            budget: usize::MAX,
            spent: 0,
            pending: false,
            frame_pending: false,
        }
    }

    /// A new frame: its calls share a fresh budget, and pending work from the previous frame is
    /// forgotten (the code it was for may no longer be on screen).
    pub fn begin_frame(&mut self) {
        self.spent = 0;
        self.frame_pending = false;
    }

    /// True when some call since [`Highlighter::begin_frame`] returned plain lines that later
    /// frames will colour.
    pub fn has_pending_work(&self) -> bool {
        self.frame_pending
    }

    /// Limits the lines parsed per frame; lines beyond come back as plain text until a later frame.
    pub fn with_budget(mut self, budget: usize) -> Self {
        self.budget = budget.max(1);
        self
    }

    pub fn cached_files(&self) -> usize {
        self.entries.len()
    }

    pub fn lines(
        &mut self,
        code: &str,
        syntax_theme: &str,
        start: usize,
        count: usize,
    ) -> Vec<Line<'static>> {
        let key = (content_hash(code), syntax_theme.to_string());
        self.clock += 1;
        if !self.entries.contains_key(&key) {
            self.evict_if_full();
        }
        let entry = self
            .entries
            .entry(key)
            .or_insert_with(|| Entry::new(code, syntax_theme));
        entry.last_used = self.clock;
        let total = entry.line_starts.len();
        let end = start.saturating_add(count).min(total);
        let budget = self.budget.saturating_sub(self.spent);
        let (parsed, complete) = entry.colour(code, start.min(end)..end, budget);
        self.spent += parsed;
        self.lines_parsed += parsed;
        self.pending = !complete;
        self.frame_pending |= self.pending;
        (start.min(end)..end)
            .map(|index| entry.line(code, index))
            .collect()
    }

    fn evict_if_full(&mut self) {
        while self.entries.len() >= self.capacity {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, e)| e.last_used)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(key) => self.entries.remove(&key),
                None => break,
            };
        }
    }
}

impl Entry {
    fn new(code: &str, syntax_theme: &str) -> Self {
        let line_starts = line_starts(code);
        let nearest_fresh = nearest_fresh_starts(&scan::fresh_starts(code), line_starts.len());
        Self {
            done: vec![None; line_starts.len()],
            checkpoints: vec![None; line_starts.len().div_ceil(CHECKPOINT_EVERY)],
            literal_run: literal_runs(code, &line_starts),
            fixed_runs: HashMap::new(),
            line_starts,
            nearest_fresh,
            painter: Painter::fresh(syntax_theme),
            next: 0,
            syntax_theme: syntax_theme.to_string(),
            last_used: 0,
        }
    }

    /// Line `index`: highlighted if done, else plain text.
    fn line(&self, code: &str, index: usize) -> Line<'static> {
        match self.done.get(index) {
            Some(Some(line)) => line.clone(),
            _ => Line::from(clean(source_line(code, &self.line_starts, index))),
        }
    }

    /// Colours the lines of `wanted` not done yet, parsing at most `budget` lines. When the first
    /// line not done is far from where a parse can start and a fresh start lies inside the window
    /// below it, the lines from that fresh start down are coloured first: they cost only
    /// themselves, so the code below a long construct (the end of a file after a 5 000-line array,
    /// as `G` shows it) comes in colour at once while the construct above fills in over the next
    /// frames. Returns the lines parsed and whether every wanted line is done.
    fn colour(
        &mut self,
        code: &str,
        wanted: std::ops::Range<usize>,
        budget: usize,
    ) -> (usize, bool) {
        let Some(first) = wanted.clone().find(|&index| self.done[index].is_none()) else {
            return (0, true);
        };
        let below = (first + 1..wanted.end).find(|&index| self.nearest_fresh[index] == index);
        let Some(split) = below.filter(|_| self.lines_to_reach(first) > wanted.len()) else {
            return self.colour_run(code, wanted, budget);
        };
        let (bottom, bottom_done) = self.colour_run(code, split..wanted.end, budget);
        let (top, top_done) = self.colour_run(code, wanted.start..split, budget - bottom);
        (bottom + top, bottom_done && top_done)
    }

    /// The lines to parse before line `first` can be coloured (see [`Entry::colour_run`]).
    fn lines_to_reach(&self, first: usize) -> usize {
        let fresh = self.nearest_fresh[first];
        let from = self
            .nearest_checkpoint(fresh, first)
            .map_or(fresh, |(line, _)| line);
        if (from..=first).contains(&self.next) {
            first - self.next
        } else {
            first - from
        }
    }

    /// [`Entry::colour`] for one run of lines: from where the parse under way stands when that is
    /// on the way, else from the nearest fresh start or saved checkpoint above the first missing
    /// line — so the cost follows what is shown, not where it sits in the file, even inside one huge
    /// function or array.
    fn colour_run(
        &mut self,
        code: &str,
        wanted: std::ops::Range<usize>,
        budget: usize,
    ) -> (usize, bool) {
        let Some(first) = wanted.clone().find(|&index| self.done[index].is_none()) else {
            return (0, true);
        };
        // Nothing to spend: leave the parse under way where it stands, so another window of this
        // file asked for first in the frame keeps its progress.
        if budget == 0 {
            return (0, false);
        }
        let fresh = self.nearest_fresh[first];
        let checkpoint = self.nearest_checkpoint(fresh, first);
        let from = checkpoint.map_or(fresh, |(line, _)| line);
        if !(from..=first).contains(&self.next) {
            if let Some((line, state)) = checkpoint {
                self.painter.state = state.clone();
                self.next = line;
            } else {
                self.painter = Painter::fresh_at(&self.syntax_theme, fresh);
                self.next = fresh;
            }
        }
        // Lines done at the window's end (coloured from a fresh start below) are not parsed again.
        let end = wanted
            .rev()
            .find(|&index| self.done[index].is_none())
            .map_or(first, |last| last + 1);
        let mut parsed = 0;
        while self.next < end && parsed < budget {
            self.skip_through_fixed_run(first..end);
            self.save_checkpoint();
            // The second line of a run of literal lines: does parsing it leave the state as it was?
            let run = self.literal_run[self.next]
                .filter(|&run| self.next == run + 1 && !self.fixed_runs.contains_key(&run));
            let before = run.map(|_| self.painter.state.clone());
            let line = self
                .painter
                .paint(source_line(code, &self.line_starts, self.next));
            if let (Some(run), Some(before)) = (run, before) {
                if before == self.painter.state {
                    self.fixed_runs.insert(run, before);
                }
            }
            self.done[self.next] = Some(line);
            self.next += 1;
            parsed += 1;
        }
        (parsed, self.next >= end)
    }

    /// Inside a run of plain literal lines known to keep the parser state (see [`Entry::fixed_runs`]),
    /// moves the parse to the next line of `wanted` not coloured yet when it is in the same run (or
    /// just after it): that line starts in the run's fixed state, so the lines between need no parse.
    fn skip_through_fixed_run(&mut self, wanted: std::ops::Range<usize>) {
        let Some(run) = self.literal_run[self.next].filter(|&run| self.next > run) else {
            return;
        };
        let Some(state) = self.fixed_runs.get(&run) else {
            return;
        };
        let from = self.next.max(wanted.start);
        let Some(target) = (from..wanted.end).find(|&index| self.done[index].is_none()) else {
            return;
        };
        if target > self.next && self.literal_run[target - 1] == Some(run) {
            self.painter.state = state.clone();
            self.next = target;
        }
    }

    /// The last checkpoint at or before `line` and after the fresh start `floor` (when none is
    /// between them, the fresh start is nearer), with the line it resumes at.
    fn nearest_checkpoint(&self, floor: usize, line: usize) -> Option<(usize, &PainterState)> {
        (floor.div_ceil(CHECKPOINT_EVERY)..=line / CHECKPOINT_EVERY)
            .rev()
            .find_map(|c| {
                let state = self.checkpoints.get(c)?.as_ref()?;
                Some((c * CHECKPOINT_EVERY, state))
            })
    }

    /// Saves the parser state before line `next` when it is a checkpoint line not saved yet.
    fn save_checkpoint(&mut self) {
        if !self.next.is_multiple_of(CHECKPOINT_EVERY) || self.nearest_fresh[self.next] == self.next
        {
            return; // a fresh start there is as good and costs nothing to keep
        }
        if let Some(slot @ None) = self.checkpoints.get_mut(self.next / CHECKPOINT_EVERY) {
            *slot = Some(self.painter.state.clone());
        }
    }
}

fn clean(text: &str) -> String {
    text.trim_end_matches(['\n', '\r']).replace('\t', TAB)
}

fn to_span(style: syntect::highlighting::Style, text: &str) -> Option<Span<'static>> {
    let text = clean(text);
    if text.is_empty() {
        return None;
    }
    let fg = style.foreground;
    let mut out = Style::default().fg(Color::Rgb(fg.r, fg.g, fg.b));
    if style.font_style.contains(FontStyle::BOLD) {
        out = out.add_modifier(Modifier::BOLD);
    }
    if style.font_style.contains(FontStyle::ITALIC) {
        out = out.add_modifier(Modifier::ITALIC);
    }
    Some(Span::styled(text, out))
}

fn content_hash(code: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    code.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "/** @type {PostLogin} */\nexports.onExecutePostLogin = async (event, api) => {\n\tif (event.user.email_verified) {\n    api.idToken.setCustomClaim('https://example.com/roles', event.authorization?.roles ?? []);\n  }\n};\n";

    fn text_of(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn keeps_the_text_and_colours_it() {
        let mut h = Highlighter::new(4);
        let lines = h.lines(SAMPLE, "base16-ocean.dark", 0, 100);
        assert_eq!(lines.len(), 6);
        assert_eq!(
            text_of(&lines[1]),
            "exports.onExecutePostLogin = async (event, api) => {"
        );
        assert_eq!(
            text_of(&lines[2]),
            "    if (event.user.email_verified) {",
            "tabs expand"
        );
        let colours: std::collections::HashSet<_> =
            lines[1].spans.iter().filter_map(|s| s.style.fg).collect();
        assert!(
            colours.len() >= 2,
            "several token colours on a code line: {colours:?}"
        );
    }

    #[test]
    fn second_request_is_a_cache_hit() {
        let mut h = Highlighter::new(4);
        let first = h.lines(SAMPLE, "base16-ocean.dark", 0, 6);
        assert_eq!(h.lines_parsed, 6);
        let again = h.lines(SAMPLE, "base16-ocean.dark", 2, 3);
        assert_eq!(h.lines_parsed, 6, "nothing re-parsed");
        assert_eq!(again, first[2..5].to_vec());
        h.lines(SAMPLE, "InspiredGitHub", 0, 6);
        assert_eq!(h.lines_parsed, 12, "another syntect theme is another entry");
        assert_eq!(h.cached_files(), 2);
    }

    #[test]
    fn large_file_keeps_every_line_and_parses_only_what_is_asked() {
        let code: String = (0..3000)
            .map(|i| format!("const value{i} = compute({i}, \"text {i}\"); // line {i}\n"))
            .collect();
        let mut h = Highlighter::new(4);
        let top = h.lines(&code, "base16-ocean.dark", 0, 40);
        assert_eq!(top.len(), 40);
        assert_eq!(h.lines_parsed, 40, "only the viewport is parsed");
        let bottom = h.lines(&code, "base16-ocean.dark", 2980, 40);
        assert_eq!(bottom.len(), 20, "clipped at the end");
        assert_eq!(
            text_of(&bottom[19]),
            "const value2999 = compute(2999, \"text 2999\"); // line 2999"
        );
        // Every line is a top-level statement, a fresh start: the bottom costs what it shows.
        assert_eq!(
            h.lines_parsed, 60,
            "the end is parsed from a fresh start near it"
        );
        h.lines(&code, "base16-ocean.dark", 2980, 20);
        assert_eq!(h.lines_parsed, 60, "looking again parses nothing");
        assert_eq!(line_count(&code), 3000);
    }

    #[test]
    fn lines_from_the_cache_are_coloured_as_the_whole_file_colours_them() {
        // Comments, templates and strings across lines, so some lines are no fresh start.
        let code: String = (0..400)
            .map(|i| match i % 4 {
                0 => format!("/* block {i}\n   still comment */ const c{i} = {i};\n"),
                1 => format!("const t{i} = `line one\n${{ {i} }} two`;\n"),
                2 => format!(
                    "function f{i}(a) {{\n  return a * 2 + f(\"/* not a comment */\");\n}}\n"
                ),
                _ => format!("let s{i} = 'it\\'s {i}';\n"),
            })
            .collect();
        let whole = whole_file(&code, "base16-ocean.dark");
        let mut h = Highlighter::new(2);
        // Far down first, then back up and around: each window must equal the whole-file colours.
        for start in [700, 10, 450, 451, 0, 788, 600] {
            let got = h.lines(&code, "base16-ocean.dark", start, 12);
            for (offset, line) in got.iter().enumerate() {
                assert_eq!(line, &whole[start + offset], "line {}", start + offset + 1);
            }
        }
        assert!(
            h.lines_parsed < whole.len() / 2,
            "parsed from fresh starts, not from the top: {}",
            h.lines_parsed
        );
    }

    #[test]
    fn a_budget_returns_plain_text_first_and_colour_later() {
        // One array literal: no line in it is a fresh start, so line 900 is parsed from the top.
        let code: String = std::iter::once("const list = [\n".to_string())
            .chain((1..1000).map(|i| format!("  'text {i}',\n")))
            .collect();
        let mut h = Highlighter::new(2).with_budget(300);
        let far = h.lines(&code, "base16-ocean.dark", 900, 10);
        assert!(h.pending);
        assert_eq!(h.lines_parsed, 300);
        assert_eq!(
            text_of(&far[0]),
            "  'text 900',",
            "plain text keeps the content"
        );
        assert!(
            far[0].spans.iter().all(|s| s.style.fg.is_none()),
            "not coloured yet"
        );
        let again = h.lines(&code, "base16-ocean.dark", 900, 10);
        assert_eq!(h.lines_parsed, 300, "the frame's budget is spent");
        assert!(again[0].spans.iter().all(|s| s.style.fg.is_none()));
        for _ in 0..3 {
            h.begin_frame();
            h.lines(&code, "base16-ocean.dark", 900, 10);
        }
        let done = h.lines(&code, "base16-ocean.dark", 900, 10);
        assert!(!h.pending);
        assert_eq!(h.lines_parsed, 910);
        assert_eq!(text_of(&done[0]), "  'text 900',");
        assert!(done[0].spans.iter().any(|s| s.style.fg.is_some()));
    }

    /// An array of `elements` lines, then 20 top-level statements; its whole-file colours; and a
    /// cache with a 200-line budget, its first frame begun.
    fn array_then_code(
        elements: usize,
        element: impl Fn(usize) -> String,
    ) -> (String, Vec<Line<'static>>, Highlighter) {
        let code: String = std::iter::once("const list = new Set([\n".to_string())
            .chain((1..elements).map(element))
            .chain(std::iter::once("]);\n".to_string()))
            .chain((0..20).map(|i| format!("const after{i} = `text ${{list.size}}`;\n")))
            .collect();
        let whole = whole_file(&code, "base16-ocean.dark");
        let mut h = Highlighter::new(2).with_budget(200);
        h.begin_frame();
        (code, whole, h)
    }

    #[test]
    fn the_lines_below_a_long_array_come_coloured_on_the_first_frame() {
        // The window's top rows are the end of a long array (no fresh start in it, and its lines
        // not plain literals: each is parsed), its bottom rows the code after it.
        let (code, whole, mut h) = array_then_code(3000, |i| format!("  'domain {i}',\n"));
        let (theme, total) = ("base16-ocean.dark", whole.len());
        let first = h.lines(&code, theme, total - 40, 40);
        assert!(h.has_pending_work(), "the array's end is still parsing");
        assert_eq!(
            first[20..].to_vec(),
            whole[total - 20..].to_vec(),
            "the code after it is coloured"
        );
        assert!(
            first[0].spans.iter().all(|s| s.style.fg.is_none()),
            "the array's end is plain"
        );
        for frame in 0.. {
            assert!(frame < 40, "never filled in");
            h.begin_frame();
            if h.lines(&code, theme, total - 40, 40) == whole[total - 40..].to_vec() {
                break;
            }
        }
        assert!(!h.has_pending_work());
        assert!(
            h.lines_parsed <= total,
            "no line parsed twice: {}",
            h.lines_parsed
        );
    }

    #[test]
    fn the_end_of_a_long_array_of_plain_literals_comes_coloured_on_the_first_frame() {
        // `G` on the demo's largest action: the end of its 5 200-line array of domains above the
        // code after it. Every element line starts in the state the second one starts in.
        let (code, whole, mut h) = array_then_code(5200, |i| format!("  'mail{i}.example',\n"));
        let (theme, total) = ("base16-ocean.dark", whole.len());
        let window = h.lines(&code, theme, total - 50, 50);
        assert!(!h.has_pending_work(), "all in the first frame");
        assert_eq!(window, whole[total - 50..].to_vec());
        assert!(h.lines_parsed <= 50 + 3, "{} lines parsed", h.lines_parsed);
        // And the middle, later: from the top of the array again, a few lines.
        let parsed = h.lines_parsed;
        assert_eq!(h.lines(&code, theme, 2600, 30), whole[2600..2630].to_vec());
        assert!(
            h.lines_parsed - parsed <= 30 + 3,
            "{}",
            h.lines_parsed - parsed
        );
        assert!(!is_plain_literal_line("  'two words',\n"));
        assert!(!is_plain_literal_line("  'a' + 'b',\n"));
        assert!(is_plain_literal_line("\t\"x-y_z.0\"\n"));
    }

    #[test]
    fn two_windows_of_one_file_both_fill_in_under_a_budget() {
        // Two windows far apart, each from a different fresh start, the first too far for one
        // frame: the second must not undo the first's progress frame after frame.
        let array: String = std::iter::once("const list = [\n".to_string())
            .chain((1..800).map(|i| format!("  'text {i}',\n")))
            .chain(std::iter::once("];\n".to_string()))
            .collect();
        let code = format!("{array}{array}");
        let mut h = Highlighter::new(2).with_budget(300);
        for frame in 0.. {
            assert!(frame < 20, "the two windows never both filled in");
            h.begin_frame();
            h.lines(&code, "base16-ocean.dark", 700, 10);
            h.lines(&code, "base16-ocean.dark", 1500, 10);
            if !h.has_pending_work() {
                break;
            }
        }
        let whole = whole_file(&code, "base16-ocean.dark");
        assert_eq!(
            h.lines(&code, "base16-ocean.dark", 700, 10),
            whole[700..710].to_vec()
        );
        assert_eq!(
            h.lines(&code, "base16-ocean.dark", 1500, 10),
            whole[1500..1510].to_vec()
        );
    }

    /// 6 000 statements inside one IIFE (no fresh start in it but its first line), then 200
    /// top-level statements (each a fresh start).
    fn one_iife_then_top_level() -> String {
        std::iter::once("(function () {\n".to_string())
            .chain((1..=6000).map(|i| format!("  const v{i} = f({i}, 'text {i}');\n")))
            .chain(std::iter::once("})();\n".to_string()))
            .chain((0..200).map(|i| format!("const t{i} = {i};\n")))
            .collect()
    }

    #[test]
    fn a_parse_interrupted_inside_one_function_resumes_at_a_checkpoint() {
        let code = one_iife_then_top_level();
        let theme = "base16-ocean.dark";
        let whole = whole_file(&code, theme);
        let mut h = Highlighter::new(2).with_budget(1000);
        // Frames until the window is coloured; the lines parsed on the way.
        let look = |h: &mut Highlighter, start: usize| {
            let before = h.lines_parsed;
            for frame in 0.. {
                assert!(frame < 20, "window at {start} never coloured");
                h.begin_frame();
                let got = h.lines(&code, theme, start, 20);
                if !h.has_pending_work() {
                    assert_eq!(got, whole[start..start + 20].to_vec(), "window at {start}");
                    break;
                }
            }
            h.lines_parsed - before
        };
        // The end of the IIFE, three frames only: the parse stops near line 3 000...
        for _ in 0..3 {
            h.begin_frame();
            h.lines(&code, theme, 5980, 20);
        }
        assert_eq!(h.lines_parsed, 3000);
        // ...the reader looks below the IIFE (a fresh start there: the parse moves)...
        assert_eq!(look(&mut h, 6100), 20);
        // ...then in the middle, past where the parse stopped: it resumes at the checkpoint below
        // line 3 000, not at the top.
        let parsed = look(&mut h, 4000);
        assert!(
            parsed <= 4020 - 3000 + CHECKPOINT_EVERY,
            "middle: {parsed} lines parsed"
        );
        assert_eq!(look(&mut h, 6150), 20, "the parse moves again");
        // Near the end again: from the checkpoint below line 4 020.
        let parsed = look(&mut h, 5980);
        assert!(
            parsed <= 6000 - 4020 + CHECKPOINT_EVERY,
            "end: {parsed} lines parsed"
        );
        // Everything looked at is kept: looking again parses nothing.
        assert_eq!(
            look(&mut h, 4000) + look(&mut h, 5980) + look(&mut h, 100),
            0
        );
        let entry = h.entries.values().next().unwrap();
        let saved = entry.checkpoints.iter().flatten().count();
        assert!(
            saved <= whole.len() / CHECKPOINT_EVERY,
            "{saved} checkpoints"
        );
        assert!(saved >= 5900 / CHECKPOINT_EVERY, "{saved} checkpoints");
    }

    #[test]
    fn a_checkpoint_inside_a_comment_resumes_inside_the_comment() {
        // An IIFE holding a 400-line block comment: the checkpoints at lines 128, 256 and 384 sit
        // inside it, where a fresh parser state would colour the text as code.
        let code: String = std::iter::once("(function () {\n".to_string())
            .chain((1..=100).map(|i| format!("  run({i});\n")))
            .chain(std::iter::once("  /*\n".to_string()))
            .chain((0..400).map(|i| format!("   const notCode{i} = 'in the comment';\n")))
            .chain(std::iter::once("  */\n".to_string()))
            .chain((0..100).map(|i| format!("  run({i});\n")))
            .chain(std::iter::once("})();\n".to_string()))
            .chain((0..50).map(|i| format!("const t{i} = {i};\n")))
            .collect();
        let theme = "base16-ocean.dark";
        let whole = whole_file(&code, theme);
        let mut h = Highlighter::new(2).with_budget(200);
        for _ in 0..2 {
            h.begin_frame();
            h.lines(&code, theme, 400, 20);
        }
        assert_eq!(h.lines_parsed, 400, "interrupted at line 400");
        h.begin_frame();
        h.lines(&code, theme, 620, 10); // a fresh start: the parse moves away
        let before = h.lines_parsed;
        h.begin_frame();
        let got = h.lines(&code, theme, 400, 20);
        assert!(!h.pending);
        assert_eq!(
            got,
            whole[400..420].to_vec(),
            "coloured as the comment it is"
        );
        assert!(
            h.lines_parsed - before <= 20 + CHECKPOINT_EVERY,
            "resumed at a checkpoint"
        );
    }

    #[test]
    fn a_window_far_down_one_function_is_coloured_from_the_checkpoint_nearest_it() {
        // The end, then the middle, then near the end again: the later looks cost at most a
        // checkpoint's distance and the window (here nothing: the first look kept every line).
        let code = one_iife_then_top_level();
        let theme = "base16-ocean.dark";
        let mut h = Highlighter::new(2).with_budget(10_000);
        h.lines(&code, theme, 5980, 20);
        assert_eq!(h.lines_parsed, 6000, "the first look parses from the top");
        let after_end = h.lines_parsed;
        h.begin_frame();
        h.lines(&code, theme, 3000, 20);
        h.begin_frame();
        h.lines(&code, theme, 5990, 20);
        assert!(
            h.lines_parsed - after_end <= CHECKPOINT_EVERY + 20,
            "later looks: {} lines",
            h.lines_parsed - after_end
        );
    }

    #[test]
    fn lru_evicts_the_least_recently_used() {
        let mut h = Highlighter::new(2);
        h.lines("let a = 1;\n", "base16-ocean.dark", 0, 1);
        h.lines("let b = 2;\n", "base16-ocean.dark", 0, 1);
        h.lines("let a = 1;\n", "base16-ocean.dark", 0, 1); // a is fresh again
        h.lines("let c = 3;\n", "base16-ocean.dark", 0, 1); // evicts b
        assert_eq!(h.cached_files(), 2);
        let parsed = h.lines_parsed;
        h.lines("let a = 1;\n", "base16-ocean.dark", 0, 1);
        assert_eq!(h.lines_parsed, parsed, "a stayed cached");
        h.lines("let b = 2;\n", "base16-ocean.dark", 0, 1);
        assert_eq!(h.lines_parsed, parsed + 1, "b was evicted");
    }
}

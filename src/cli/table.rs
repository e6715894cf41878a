//! Plain aligned text tables for the non-interactive commands (no colour: output is for scripts too).

use unicode_width::UnicodeWidthStr;

use crate::model::terminal_safe;

pub struct Table {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&'static str]) -> Self {
        Self {
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Cells hold remote text: control characters are dropped and line breaks become spaces, so
    /// a row stays one line and nothing in it drives the terminal.
    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.header.len());
        let one_line = |cell: String| terminal_safe(&cell).replace(['\n', '\t'], " ");
        self.rows.push(cells.into_iter().map(one_line).collect());
    }

    /// Columns padded to their widest cell, two spaces apart; the last column is not padded.
    pub fn render(&self) -> String {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        let line = |cells: &mut dyn Iterator<Item = &str>| {
            let mut out = String::new();
            for (i, cell) in cells.enumerate() {
                if i + 1 == widths.len() {
                    out.push_str(cell);
                } else {
                    out.push_str(cell);
                    out.push_str(&" ".repeat(widths[i] - cell.width() + 2));
                }
            }
            out.trim_end().to_string()
        };
        let mut out = line(&mut self.header.iter().copied());
        out.push('\n');
        for row in &self.rows {
            out.push_str(&line(&mut row.iter().map(String::as_str)));
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_columns_by_display_width() {
        let mut t = Table::new(&["NAME", "LIVE"]);
        t.row(vec!["Add roles".into(), "v3".into()]);
        t.row(vec!["Ünïcode".into(), "—".into()]);
        assert_eq!(t.render(), "NAME       LIVE\nAdd roles  v3\nÜnïcode    —\n");
    }

    #[test]
    fn a_cell_stays_one_line_without_control_characters() {
        let mut t = Table::new(&["NAME", "LIVE"]);
        t.row(vec!["a\x1b[2J\nb\x07".into(), "v1".into()]);
        assert_eq!(t.render(), "NAME    LIVE\na[2J b  v1\n");
    }
}

//! An SVG screenshot of a rendered buffer: monospace text with colours and bold, one `<text>` per run
//! of same-styled cells and a background rect per run.

use std::fmt::Write;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use crate::theme::Theme;

const CELL_WIDTH: f32 = 8.4;
const CELL_HEIGHT: f32 = 17.0;
const FONT_SIZE: f32 = 14.0;
/// Used where the theme says "terminal default".
const DEFAULT_FG: (u8, u8, u8) = (0xd8, 0xde, 0xe9);
const DEFAULT_BG: (u8, u8, u8) = (0x12, 0x16, 0x1e);

pub fn buffer_to_svg(buf: &Buffer, theme: &Theme) -> String {
    let area = buf.area;
    let default_fg = resolve(theme.text, DEFAULT_FG);
    let default_bg = resolve(theme.background, DEFAULT_BG);
    let width = f32::from(area.width) * CELL_WIDTH;
    let height = f32::from(area.height) * CELL_HEIGHT;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="'JetBrains Mono','DejaVu Sans Mono',Menlo,Consolas,monospace" font-size="{FONT_SIZE}">"#
    );
    let _ = writeln!(
        out,
        r#"<rect width="100%" height="100%" fill="{}"/>"#,
        hex(default_bg)
    );
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let start = &buf[(area.x + x, area.y + y)];
            let style = (start.fg, start.bg, start.modifier);
            let mut text = String::new();
            let mut len = 0;
            while x + len < area.width {
                let cell = &buf[(area.x + x + len, area.y + y)];
                if (cell.fg, cell.bg, cell.modifier) != style {
                    break;
                }
                text.push_str(cell.symbol());
                len += 1;
            }
            let (fg, bg, modifier) = style;
            let (mut fg, mut bg) = (resolve(fg, default_fg), resolve(bg, default_bg));
            if modifier.contains(Modifier::REVERSED) {
                std::mem::swap(&mut fg, &mut bg);
            }
            let left = f32::from(x) * CELL_WIDTH;
            let top = f32::from(y) * CELL_HEIGHT;
            if bg != default_bg {
                let _ = writeln!(
                    out,
                    r#"<rect x="{left:.1}" y="{top:.1}" width="{:.1}" height="{CELL_HEIGHT}" fill="{}"/>"#,
                    f32::from(len) * CELL_WIDTH,
                    hex(bg)
                );
            }
            if !text.trim().is_empty() {
                let weight = if modifier.contains(Modifier::BOLD) {
                    r#" font-weight="bold""#
                } else {
                    ""
                };
                let italic = if modifier.contains(Modifier::ITALIC) {
                    r#" font-style="italic""#
                } else {
                    ""
                };
                let underline = if modifier.contains(Modifier::UNDERLINED) {
                    r#" text-decoration="underline""#
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    r#"<text x="{left:.1}" y="{:.1}" fill="{}"{weight}{italic}{underline} xml:space="preserve" textLength="{:.1}" lengthAdjust="spacingAndGlyphs">{}</text>"#,
                    top + CELL_HEIGHT * 0.78,
                    hex(fg),
                    f32::from(len) * CELL_WIDTH,
                    escape(&text)
                );
            }
            x += len;
        }
    }
    out.push_str("</svg>\n");
    out
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A concrete RGB for a terminal colour (xterm's palette for the named and indexed ones).
fn resolve(color: Color, default: (u8, u8, u8)) -> (u8, u8, u8) {
    match color {
        Color::Reset => default,
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) => indexed(i),
        Color::Black => indexed(0),
        Color::Red => indexed(1),
        Color::Green => indexed(2),
        Color::Yellow => indexed(3),
        Color::Blue => indexed(4),
        Color::Magenta => indexed(5),
        Color::Cyan => indexed(6),
        Color::Gray => indexed(7),
        Color::DarkGray => indexed(8),
        Color::LightRed => indexed(9),
        Color::LightGreen => indexed(10),
        Color::LightYellow => indexed(11),
        Color::LightBlue => indexed(12),
        Color::LightMagenta => indexed(13),
        Color::LightCyan => indexed(14),
        Color::White => indexed(15),
    }
}

fn indexed(i: u8) -> (u8, u8, u8) {
    const BASE: [(u8, u8, u8); 16] = [
        (0x00, 0x00, 0x00),
        (0xcd, 0x00, 0x00),
        (0x00, 0xcd, 0x00),
        (0xcd, 0xcd, 0x00),
        (0x00, 0x00, 0xee),
        (0xcd, 0x00, 0xcd),
        (0x00, 0xcd, 0xcd),
        (0xe5, 0xe5, 0xe5),
        (0x7f, 0x7f, 0x7f),
        (0xff, 0x00, 0x00),
        (0x00, 0xff, 0x00),
        (0xff, 0xff, 0x00),
        (0x5c, 0x5c, 0xff),
        (0xff, 0x00, 0xff),
        (0x00, 0xff, 0xff),
        (0xff, 0xff, 0xff),
    ];
    match i {
        0..=15 => BASE[i as usize],
        16..=231 => {
            let i = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            (level(i / 36), level((i / 6) % 6), level(i % 6))
        }
        _ => {
            let v = 8 + (i - 232) * 10;
            (v, v, v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn text_is_escaped() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 1));
        buf.set_string(0, 0, "a<b && c>\"d\"", Style::new());
        let svg = buffer_to_svg(&buf, &Theme::default());
        assert!(
            svg.contains("a&lt;b &amp;&amp; c&gt;&quot;d&quot;"),
            "{svg}"
        );
        assert!(!svg.contains("a<b"));
    }

    #[test]
    fn colours_and_bold_are_kept_per_run() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 2));
        buf.set_string(
            0,
            0,
            " built ",
            Style::new()
                .fg(Color::Black)
                .bg(Color::Rgb(0x4c, 0xc3, 0x6b))
                .add_modifier(Modifier::BOLD),
        );
        buf.set_string(7, 0, "plain", Style::new().fg(Color::Rgb(0x12, 0x34, 0x56)));
        let svg = buffer_to_svg(&buf, &Theme::default());
        assert!(
            svg.contains(r##"fill="#4cc36b""##),
            "badge background rect: {svg}"
        );
        assert!(svg.contains(r#"font-weight="bold""#));
        assert!(
            svg.contains(r##"fill="#123456""##),
            "foreground of the plain run"
        );
        assert_eq!(
            svg.matches("<text").count(),
            2,
            "one text element per styled run: {svg}"
        );
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    }
}

//! A cheap JavaScript pre-scan that finds the lines where syntect's JavaScript parser is back in its
//! initial state, so highlighting can start there from a fresh state and colour exactly as a
//! whole-file highlight does.
//!
//! A line qualifies when it starts at the top level: no bracket, `${` or template open, outside every
//! comment, string, template and regular expression, and the last token before it is a `;` (or there
//! is no token yet). Whenever the scan cannot be sure how syntect reads the text (a `/` read as
//! division followed on its line by a quote, a backtick or another `/`; a closing bracket with nothing
//! open; a regular expression that does not close on its line) it stops finding lines: every later
//! line then starts from the last sure one, which is exact, only slower.

/// What the scanner is inside of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inside {
    Code,
    LineComment,
    BlockComment,
    Quote(u8),
    Template,
}

/// The kind of the last significant token, which tells a regular expression from a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Nothing,
    Semicolon,
    /// An identifier, number, string, template, regex or a closing `)`/`]`/`}`: a `/` divides.
    Value,
    /// An operator, an opening bracket, `,` or a keyword that expects an expression: a `/` starts a regex.
    Operator,
}

/// Keywords after which a `/` starts a regular expression.
const EXPRESSION_KEYWORDS: &[&[u8]] = &[
    b"return",
    b"typeof",
    b"case",
    b"do",
    b"else",
    b"in",
    b"instanceof",
    b"new",
    b"void",
    b"delete",
    b"throw",
    b"yield",
    b"await",
    b"of",
];

/// For each line of `code` (as `str::split_inclusive('\n')` cuts it), whether a fresh syntect parse
/// state is exact at its start. Line 0 always is.
pub fn fresh_starts(code: &str) -> Vec<bool> {
    let bytes = code.as_bytes();
    let mut out = vec![];
    let mut inside = Inside::Code;
    // Open brackets; `$` marks a template's `${`.
    let mut open: Vec<u8> = vec![];
    let mut last = Last::Nothing;
    let mut sure = true;
    let mut at_line_start = true;
    let mut i = 0;
    while i < bytes.len() {
        if at_line_start {
            out.push(
                sure && inside == Inside::Code
                    && open.is_empty()
                    && matches!(last, Last::Nothing | Last::Semicolon),
            );
            at_line_start = false;
        }
        if !sure {
            // Only line starts matter from here on.
            if bytes[i] == b'\n' {
                at_line_start = true;
            }
            i += 1;
            continue;
        }
        let byte = bytes[i];
        let next = bytes.get(i + 1).copied();
        match inside {
            Inside::LineComment => {
                if byte == b'\n' {
                    inside = Inside::Code;
                }
            }
            Inside::BlockComment => {
                if byte == b'*' && next == Some(b'/') {
                    inside = Inside::Code;
                    i += 1;
                }
            }
            Inside::Quote(quote) => {
                if byte == b'\\' {
                    i += 1;
                } else if byte == quote {
                    inside = Inside::Code;
                    last = Last::Value;
                } else if byte == b'\n' {
                    // An unterminated string: syntect's reading of what follows is not ours to guess.
                    sure = false;
                }
            }
            Inside::Template => {
                if byte == b'\\' {
                    i += 1;
                } else if byte == b'`' {
                    inside = Inside::Code;
                    last = Last::Value;
                } else if byte == b'$' && next == Some(b'{') {
                    open.push(b'$');
                    inside = Inside::Code;
                    last = Last::Operator;
                    i += 1;
                }
            }
            Inside::Code => match byte {
                b'/' if next == Some(b'/') => inside = Inside::LineComment,
                b'/' if next == Some(b'*') => {
                    inside = Inside::BlockComment;
                    i += 1;
                }
                b'/' if last == Last::Value => {
                    last = Last::Operator;
                    let rest = line_rest(bytes, i + 1);
                    if rest.iter().any(|b| matches!(b, b'\'' | b'"' | b'`' | b'/')) {
                        sure = false;
                    }
                }
                b'/' => match regex_end(bytes, i + 1) {
                    Some(end) => {
                        i = end;
                        last = Last::Value;
                    }
                    None => sure = false,
                },
                b'\'' | b'"' => inside = Inside::Quote(byte),
                b'`' => inside = Inside::Template,
                b'(' | b'[' | b'{' => {
                    open.push(byte);
                    last = Last::Operator;
                }
                b')' | b']' | b'}' => {
                    let opener = match byte {
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    };
                    match open.pop() {
                        Some(b'$') if byte == b'}' => inside = Inside::Template,
                        Some(top) if top == opener => {}
                        _ => sure = false,
                    }
                    last = Last::Value;
                }
                b';' => last = Last::Semicolon,
                b if b.is_ascii_whitespace() => {}
                b if is_word(b) => {
                    let start = i;
                    while bytes.get(i + 1).copied().is_some_and(is_word) {
                        i += 1;
                    }
                    let word = &bytes[start..=i];
                    last = if EXPRESSION_KEYWORDS.contains(&word) {
                        Last::Operator
                    } else {
                        Last::Value
                    };
                }
                _ => last = Last::Operator,
            },
        }
        if bytes[i] == b'\n' {
            at_line_start = true;
        }
        i += 1;
    }
    if out.is_empty() {
        out.push(true);
    }
    out
}

fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'$' | b'.') || byte >= 0x80
}

/// The bytes from `from` to the end of its line.
fn line_rest(bytes: &[u8], from: usize) -> &[u8] {
    let rest = bytes.get(from..).unwrap_or_default();
    let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    &rest[..end]
}

/// The index of the `/` closing a regular expression whose body starts at `from`, with its flags
/// skipped to their last byte; `None` when it does not close on its line.
fn regex_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    let mut in_class = false;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'\n' => return None,
            b'\\' => i += 1,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'/' if !in_class => {
                while bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
                    i += 1;
                }
                return Some(i);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(code: &str) -> Vec<usize> {
        fresh_starts(code)
            .iter()
            .enumerate()
            .filter_map(|(i, &f)| f.then_some(i))
            .collect()
    }

    #[test]
    fn top_level_statements_are_fresh_starts() {
        let code = "const a = 1;\nfunction f() {\n  return 2;\n}\nlet b = f();\nb++;\n";
        assert_eq!(starts(code), vec![0, 1, 5]);
    }

    #[test]
    fn constructs_spanning_lines_are_not() {
        let code = "/* a;\n b; */\nx = `t;\n${ y; }\n`;\n'a\\\n';\nz;\n";
        // line 1 is inside the comment, 3 and 4 inside the template, 6 inside a continued string.
        assert_eq!(starts(code), vec![0, 2, 5, 7]);
    }

    #[test]
    fn a_regex_with_comment_openers_is_skipped_whole() {
        let code = "x = /[/*]\\//g;\ny;\n";
        assert_eq!(starts(code), vec![0, 1]);
    }

    #[test]
    fn doubt_stops_the_scan() {
        let code = "a = b / c + '/';\nd;\ne;\n";
        assert_eq!(starts(code), vec![0]);
    }
}

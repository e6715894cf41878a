//! `POST /actions/actions/{id}/test`: nothing runs; the answer is shaped like Auth0's, with the
//! error a `throw` in the draft would raise.

use serde_json::{json, Value};

use super::{WriteError, NO_ACTION};
use crate::emulator::store::Store;

/// Stats shaped like REC TestActionManager_Test (nothing runs, so they are made up).
fn test_stats(code: &str) -> Value {
    let action_ms = 3 + code.len() / 2_000;
    json!({
        "total_request_duration_ms": action_ms + 53,
        "total_runtime_execution_duration_ms": action_ms + 51,
        "runtime_processing_duration_ms": 7,
        "action_duration_ms": action_ms,
        "runtime_external_call_duration_ms": 0,
        "boot_duration_ms": 44,
        "network_duration_ms": 2,
    })
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// Byte offset of the first `throw` keyword (a whole word) in `code`.
fn find_throw(code: &str) -> Option<usize> {
    code.match_indices("throw").map(|(at, _)| at).find(|&at| {
        let before = code[..at].chars().next_back();
        let after = code[at + 5..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// What the first `throw` throws: `throw new TypeError("…")` → (`TypeError`, `…`); anything else
/// → (`Error`, the thrown expression).
fn thrown(statement: &str) -> (String, String) {
    let rest = statement.trim_start();
    if let Some(after_new) = rest.strip_prefix("new ") {
        let class: String = after_new
            .trim_start()
            .chars()
            .take_while(|&c| is_ident(c))
            .collect();
        let args = after_new.trim_start()[class.len()..].trim_start();
        let name = if class.ends_with("Error") {
            class
        } else {
            "Error".to_string()
        };
        if let Some(args) = args.strip_prefix('(') {
            if let Some(quote) = args
                .chars()
                .next()
                .filter(|c| matches!(c, '"' | '\'' | '`'))
            {
                if let Some(end) = args[1..].find(quote) {
                    return (name, args[1..=end].to_string());
                }
            }
        }
        return (name, String::new());
    }
    let expression: String = rest
        .chars()
        .take_while(|&c| c != ';' && c != '\n')
        .collect();
    let expression = expression.trim();
    let unquoted = expression
        .strip_prefix(['"', '\'', '`'])
        .and_then(|e| e.strip_suffix(['"', '\'', '`']))
        .unwrap_or(expression);
    ("Error".to_string(), unquoted.to_string())
}

impl Store {
    /// `POST /actions/actions/{id}/test`: nothing runs. A draft whose code contains `throw` answers
    /// what Auth0 answers for a thrown error (REC TestActionManager_Test: 200 with `payload.error`
    /// and `stats`), with the error taken from the code; any other draft a success without
    /// commands or logs. Returns the `payload`.
    pub fn test_action(&self, action_id: &str) -> Result<Value, WriteError> {
        let action = self
            .action(action_id)
            .ok_or(WriteError::NotFound(NO_ACTION))?;
        let code = &action.draft.code;
        let stats = test_stats(code);
        let Some(at) = find_throw(code) else {
            return Ok(json!({ "commands": [], "logs": "", "stats": stats }));
        };
        let (name, message) = thrown(&code[at + 5..]);
        let line = code[..at].matches('\n').count() + 1;
        let column = at - code[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
        let file = action.id.replace('-', "");
        let headline = if message.is_empty() {
            name.clone()
        } else {
            format!("{name}: {message}")
        };
        let stack = format!(
            "{headline}\n    at /data/io/{file}.js:{line}:{column}\n    at processTicksAndRejections (node:internal/process/task_queues:96:5)"
        );
        Ok(json!({
            "error": { "message": message, "name": name, "stack": stack },
            "stats": stats,
        }))
    }
}

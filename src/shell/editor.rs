//! The user's own editor: `$VISUAL`, else `$EDITOR`, else `vi`, on a private temporary file. The
//! terminal runtime gives the editor the terminal while it runs (see `runtime::suspended`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::strings as s;

/// The editor command line, split on whitespace (`code --wait` works; quoting does not).
pub fn editor_command() -> Vec<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .map(|value| {
            value
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .find(|words| !words.is_empty())
        .unwrap_or_else(|| vec!["vi".to_string()])
}

/// Opens `text` in the editor (`command`, else [`editor_command`]) as `name` and waits. `Ok(None)`:
/// the file was saved unchanged (or not saved). The file lives in a fresh folder only the user can
/// read, removed afterwards.
pub fn edit(
    command: Option<Vec<String>>,
    text: &str,
    name: &str,
) -> Result<Option<String>, String> {
    let dir = private_dir().map_err(|e| s::editor_io(&e.to_string()))?;
    let path = dir.join(sanitize(name));
    let result = write_private(&path, text)
        .map_err(|e| s::editor_io(&e.to_string()))
        .and_then(|()| {
            run(
                &command
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(editor_command),
                &path,
            )
        })
        .and_then(|()| std::fs::read_to_string(&path).map_err(|e| s::editor_io(&e.to_string())));
    let _ = std::fs::remove_dir_all(&dir);
    let edited = result?;
    Ok((edited != text).then_some(edited))
}

fn run(words: &[String], path: &Path) -> Result<(), String> {
    let status = Command::new(&words[0])
        .args(&words[1..])
        .arg(path)
        .status()
        .map_err(|e| s::editor_failed_to_start(&words[0], &e.to_string()))?;
    if status.success() {
        Ok(())
    } else {
        Err(s::editor_exit(&words[0], status.code()))
    }
}

/// Keeps the file name readable for the editor's syntax detection, without path separators.
fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn private_dir() -> std::io::Result<PathBuf> {
    let base = std::env::temp_dir();
    let unique = format!(
        "codedeck-edit-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    );
    let dir = base.join(unique);
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(&dir)?;
    Ok(dir)
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_separators() {
        assert_eq!(sanitize("Add roles/claims.js"), "Add_roles_claims.js");
    }
}

//! Logs go to a file (the terminal belongs to the dashboard), only when `CODEDECK_LOG` asks for them.
//! Requests are logged by method, path and status — never headers, bodies or secrets; every line is
//! scrubbed of held secrets on its way to the file.

pub const ENV_LOG: &str = "CODEDECK_LOG";

/// `CODEDECK_LOG=debug` (any tracing filter) writes `codedeck.log` in the platform data dir.
pub fn init() {
    let Ok(filter) = std::env::var(ENV_LOG) else {
        return;
    };
    let Some(dir) = crate::journal::data_dir() else {
        return;
    };
    // Owner-only like the journal: the log names tenants, actions and paths.
    if crate::journal::create_private_dir(&dir).is_err() {
        return;
    }
    let Ok(file) = crate::journal::private_options()
        .append(true)
        .open(dir.join("codedeck.log"))
    else {
        return;
    };
    // A log left by an older codedeck may still be readable by others.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
    }
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(log_writer(file))
        .with_ansi(false)
        .try_init();
}

/// The log file's writer: whatever a line's source (a server echoing a token, a dependency's own
/// trace), no held secret reaches the file.
fn log_writer<W: std::io::Write>(file: W) -> std::sync::Mutex<crate::secret::Scrubbed<W>> {
    std::sync::Mutex::new(crate::secret::Scrubbed(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_in_any_log_line_is_scrubbed_before_the_file() {
        let token = crate::model::secret::Secret::new("log-file-token-Hw31q");
        let file = tempfile::NamedTempFile::new().unwrap();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(log_writer(file.reopen().unwrap()))
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            // As a careless dependency or a server's echoed text would.
            tracing::info!(answer = %format!("denied {}", token.expose()), "request failed");
        });
        let log = std::fs::read_to_string(file.path()).unwrap();
        assert!(log.contains("request failed"), "{log}");
        assert!(!log.contains("log-file-token-Hw31q"), "{log}");
    }
}

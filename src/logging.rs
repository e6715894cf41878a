//! Logs go to a file (the terminal belongs to the dashboard), only when `CODEDECK_LOG` asks for them.
//! Requests are logged by method, path and status — never headers, bodies or secrets.

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
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .try_init();
}

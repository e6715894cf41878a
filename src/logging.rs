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
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("codedeck.log"))
    else {
        return;
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .try_init();
}

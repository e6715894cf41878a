//! Helpers shared by the integration tests. Each test file uses a different subset.
#![allow(dead_code)]

pub mod cassette;
pub mod cli;
pub mod dashboard;
pub mod faircom;
pub mod history;
pub mod proxy;
pub mod rate;
pub mod replay;
pub mod stages;
pub mod tmux;

use std::path::PathBuf;

/// `<CARGO_MANIFEST_DIR>/../shared` (fixtures, reference). When it is absent: panic under CI
/// (env `CI` set), else print a notice and return `None` so the caller can return early.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing; CI must provide ../shared (recorded fixtures)",
        dir.display()
    );
    eprintln!(
        "notice: {} not found; skipping this test (it would fail under CI)",
        dir.display()
    );
    None
}

/// Short waits so retry tests take milliseconds; the counts are what the tests check.
pub fn fast_retry() -> codedeck::backend::auth0::RetryPolicy {
    codedeck::backend::auth0::RetryPolicy {
        backoff_base: std::time::Duration::from_millis(1),
        backoff_cap: std::time::Duration::from_millis(5),
        max_server_wait: std::time::Duration::from_millis(5),
        ..codedeck::backend::auth0::RetryPolicy::default()
    }
}

/// Serves `router` on an ephemeral loopback port; returns its base URL (`http://127.0.0.1:PORT`).
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("test server") });
    format!("http://{addr}")
}

//! Waits said aloud: the clients tell whoever listens what they are waiting for and for at most
//! how long (a slow answer, a pause before asking again). The CLI prints them to stderr
//! ([`to_stderr`]); the dashboard can show the newest in its footer.
//!
//! The hook: `Backend::report_waits(reporter)` once after building the backend. Every wait is a
//! `Began` followed by an `Ended` with the same `id` (several can overlap: requests run
//! concurrently). Nothing is reported for answers that come within [`SLOW_AFTER`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// An answer still missing after this long is reported as a wait.
pub const SLOW_AFTER: Duration = Duration::from_secs(2);

// The event is a shared contract (the app reads it): it lives in `model`; its words in `strings`.
pub use crate::model::wait::WaitEvent;

/// Receives every wait event. Called on the client's task: it must return quickly (print, send on
/// a channel).
pub type WaitReporter = Arc<dyn Fn(WaitEvent) + Send + Sync>;

/// A reporter that prints each wait as one line on stderr (the CLI's).
pub fn to_stderr() -> WaitReporter {
    Arc::new(|event: WaitEvent| {
        if let Some(line) = event.line() {
            eprintln!("{line}");
        }
    })
}

/// Where a client sends its waits; nowhere until `report_to`. Shared by the client's clones.
#[derive(Clone, Default)]
pub struct Waits {
    reporter: Arc<RwLock<Option<WaitReporter>>>,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Waits {
    pub fn report_to(&self, reporter: WaitReporter) {
        *self
            .reporter
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(reporter);
    }

    fn send(&self, event: WaitEvent) {
        let reporter = self
            .reporter
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        if let Some(reporter) = reporter {
            reporter(event);
        }
    }

    /// Says a wait began; it ends when the guard drops.
    pub fn begin(&self, what: String, up_to: Duration) -> WaitGuard {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(what = %what, up_to_s = up_to.as_secs(), "waiting");
        self.send(WaitEvent::Began { id, what, up_to });
        WaitGuard {
            waits: self.clone(),
            id,
        }
    }

    /// `work`, reported as a wait for `what` (at most `up_to`) once it takes longer than
    /// [`SLOW_AFTER`].
    pub async fn watch<T>(
        &self,
        what: impl FnOnce() -> String,
        up_to: Duration,
        work: impl std::future::Future<Output = T>,
    ) -> T {
        self.watch_after(SLOW_AFTER, what, up_to, work).await
    }

    async fn watch_after<T>(
        &self,
        slow_after: Duration,
        what: impl FnOnce() -> String,
        up_to: Duration,
        work: impl std::future::Future<Output = T>,
    ) -> T {
        tokio::pin!(work);
        tokio::select! {
            biased;
            done = &mut work => done,
            () = tokio::time::sleep(slow_after) => {
                let _said = self.begin(what(), up_to.saturating_sub(slow_after));
                work.await
            }
        }
    }

    /// Sleeps `wait`, said aloud as waiting for `what`.
    pub async fn sleep(&self, what: String, wait: Duration) {
        let _said = self.begin(what, wait);
        tokio::time::sleep(wait).await;
    }
}

/// Ends its wait when dropped.
pub struct WaitGuard {
    waits: Waits,
    id: u64,
}

impl Drop for WaitGuard {
    fn drop(&mut self) {
        self.waits.send(WaitEvent::Ended { id: self.id });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[tokio::test]
    async fn only_slow_work_is_reported_and_every_wait_ends() {
        let seen: Arc<Mutex<Vec<WaitEvent>>> = Arc::default();
        let (said, heard) = tokio::sync::oneshot::channel::<()>();
        let said = Mutex::new(Some(said));
        let waits = Waits::default();
        let log = seen.clone();
        waits.report_to(Arc::new(move |e| {
            // The slow work below finishes once its wait has been said.
            if let Some(said) = said.lock().unwrap().take() {
                let _ = said.send(());
            }
            log.lock().unwrap().push(e);
        }));

        let up_to = Duration::from_secs(30);
        let quick = waits.watch(|| "quick".into(), up_to, async { 1 }).await;
        assert_eq!(quick, 1);
        assert!(
            seen.lock().unwrap().is_empty(),
            "a quick answer is not a wait"
        );

        let what = || "the tenant to answer GET /x".to_string();
        let slow = waits.watch_after(Duration::ZERO, what, up_to, async {
            heard.await.unwrap();
            2
        });
        assert_eq!(slow.await, 2);
        waits
            .sleep("the rate limit to pass".into(), Duration::from_millis(1))
            .await;
        let seen = seen.lock().unwrap();
        let lines: Vec<String> = seen.iter().filter_map(WaitEvent::line).collect();
        assert_eq!(
            lines,
            [
                "waiting up to 30 s for the tenant to answer GET /x…",
                "waiting up to 1 ms for the rate limit to pass…"
            ]
        );
        assert_eq!(
            seen.iter()
                .filter(|e| matches!(e, WaitEvent::Ended { .. }))
                .count(),
            2
        );
    }
}

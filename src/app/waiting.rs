//! The waits the clients report (a slow answer, a pause before asking again), kept while they last
//! so the footer can say the newest: what is waited for, for at most how long, and for how long so
//! far. Time is counted in `Msg::Tick`s: nothing here reads a clock.

use std::time::Duration;

use crate::app::state::TICKS_PER_SECOND;
use crate::model::WaitEvent;

/// One wait under way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wait {
    pub id: u64,
    /// What is waited for, in words ("the tenant to answer GET …"), without control characters.
    pub what: String,
    pub up_to: Duration,
    /// The tick at which it was reported.
    pub since_tick: u64,
}

/// The waits under way, oldest first (requests run concurrently, so several can overlap).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Waits {
    open: Vec<Wait>,
}

impl Waits {
    /// Keeps a wait that began, drops one that ended. `tick` is the state's tick now.
    pub fn on_event(&mut self, event: WaitEvent, tick: u64) {
        match event {
            WaitEvent::Began { id, what, up_to } => self.open.push(Wait {
                id,
                what: crate::model::terminal_safe(&what).into_owned(),
                up_to,
                since_tick: tick,
            }),
            WaitEvent::Ended { id } => self.open.retain(|wait| wait.id != id),
        }
    }

    /// The wait that began last, if any is under way.
    pub fn newest(&self) -> Option<&Wait> {
        self.open.last()
    }

    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
    }
}

impl Wait {
    /// The footer's line: `waiting up to 28 s for the tenant to answer GET …… 4 s so far`.
    pub fn line(&self, tick: u64) -> String {
        let seconds = tick.saturating_sub(self.since_tick) / TICKS_PER_SECOND;
        crate::strings::transport::waited_so_far(&self.what, self.up_to, seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn began(id: u64, what: &str) -> WaitEvent {
        WaitEvent::Began {
            id,
            what: what.to_string(),
            up_to: Duration::from_secs(30),
        }
    }

    #[test]
    fn the_newest_wait_under_way_is_said_with_the_seconds_it_has_lasted() {
        let mut waits = Waits::default();
        assert!(waits.newest().is_none());
        waits.on_event(began(1, "the tenant to answer GET /actions/actions"), 5);
        let line = |waits: &Waits, tick| waits.newest().map(|w| w.line(tick));
        assert_eq!(
            line(&waits, 5).as_deref(),
            Some("waiting up to 30 s for the tenant to answer GET /actions/actions… 0 s so far")
        );
        assert_eq!(
            line(&waits, 5 + 3 * TICKS_PER_SECOND + 4).as_deref(),
            Some("waiting up to 30 s for the tenant to answer GET /actions/actions… 3 s so far")
        );
        // A second wait overlaps: the newest is said; when it ends, the first again.
        waits.on_event(began(2, "the rate limit\u{1b}[2J to pass"), 40);
        assert_eq!(
            line(&waits, 50).as_deref(),
            Some("waiting up to 30 s for the rate limit[2J to pass… 1 s so far"),
            "remote text reaches the footer without control characters"
        );
        waits.on_event(WaitEvent::Ended { id: 2 }, 51);
        assert_eq!(waits.newest().map(|w| w.id), Some(1));
        // An end never begun (reported before the dashboard listened) changes nothing.
        waits.on_event(WaitEvent::Ended { id: 9 }, 52);
        assert_eq!(waits.newest().map(|w| w.id), Some(1));
        waits.on_event(WaitEvent::Ended { id: 1 }, 53);
        assert!(waits.is_empty() && waits.newest().is_none());
    }
}

//! Pacing requests to a token-bucket rate limit, from what the answers say about the bucket.
//!
//! Auth0 answers every request with `x-ratelimit-limit` (the bucket's size), `x-ratelimit-remaining`
//! and `x-ratelimit-reset` (UNIX seconds when tokens are next added). The reset is in whole seconds,
//! so waiting for it after an empty bucket wastes up to a second a time while tokens come back every
//! few tens of milliseconds (20 a second on the emulator's limit, 2.5 a second on a self-service
//! tenant). Instead the pacer learns how fast the bucket refills — a lower bound, from how many
//! tokens came back over a stretch of answers — and spaces requests by it once the bucket runs low,
//! so a tenant-wide load runs at the limit without a storm of 429s. Until it has learnt the rate it
//! waits for the reset the server named, as before.
//!
//! Pure: the caller passes the clock in, so the arithmetic is tested without sleeping.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;

/// A stretch of answers shorter than this says too little about the refill rate (the remaining
/// count is a whole number, so a short stretch over-reads one token as a high rate).
const SHORTEST_STRETCH: Duration = Duration::from_millis(300);

/// What one answer said about the bucket.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    pub limit: u32,
    pub remaining: u32,
    /// When tokens are next added, on the wall clock.
    pub reset: Option<SystemTime>,
}

impl Bucket {
    /// The `x-ratelimit-*` headers, when the answer carries a limit and a remaining count.
    pub fn read(headers: &HeaderMap) -> Option<Self> {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
        let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        Some(Self {
            limit: clamp(number("x-ratelimit-limit")?),
            remaining: clamp(number("x-ratelimit-remaining")?),
            reset: number("x-ratelimit-reset").map(|s| UNIX_EPOCH + Duration::from_secs(s)),
        })
    }
}

/// The newest answer's bucket, and when it came.
#[derive(Debug, Clone, Copy)]
struct Seen {
    at: Instant,
    bucket: Bucket,
    /// The reset on the monotonic clock.
    reset_at: Option<Instant>,
}

/// Where a stretch of answers began: tokens that came back since then are
/// `remaining now − remaining then + granted since`.
#[derive(Debug, Clone, Copy)]
struct Stretch {
    at: Instant,
    remaining: u32,
    granted: u32,
    /// Requests already sent when the stretch began: the server may have counted them before it
    /// (they are not refills), so they are taken off what came back.
    unanswered: u32,
}

/// The pacer's state; see the module doc.
#[derive(Debug, Default)]
pub struct Pacer {
    seen: Option<Seen>,
    /// Requests let through and not answered yet: they take tokens the newest answer did not count.
    unanswered: u32,
    /// Tokens per second the bucket refills at least, once learnt.
    rate: Option<f64>,
    stretch: Option<Stretch>,
}

impl Pacer {
    /// How long the next request should wait before it is sent. Counts it as sent: every call is
    /// followed by one [`Pacer::answered`] or [`Pacer::abandoned`].
    pub fn admit(&mut self, now: Instant) -> Duration {
        let waited = self.unanswered;
        self.unanswered += 1;
        let Some(seen) = self.seen else {
            return Duration::ZERO;
        };
        let limit = f64::from(seen.bucket.limit);
        let remaining = f64::from(seen.bucket.remaining);
        let taken = f64::from(waited);
        match self.rate {
            Some(rate) => {
                let since = now.saturating_duration_since(seen.at).as_secs_f64();
                let tokens = (remaining + rate * since).min(limit) - taken;
                if tokens >= 1.0 {
                    Duration::ZERO
                } else {
                    Duration::from_secs_f64((1.0 - tokens) / rate)
                }
            }
            None if remaining - taken >= 1.0 => Duration::ZERO,
            None => seen
                .reset_at
                .map_or(Duration::ZERO, |reset| reset.saturating_duration_since(now)),
        }
    }

    /// A request admitted earlier was answered; `granted` when it was not refused (429).
    pub fn answered(
        &mut self,
        now: Instant,
        wall: SystemTime,
        bucket: Option<Bucket>,
        granted: bool,
    ) {
        self.unanswered = self.unanswered.saturating_sub(1);
        let Some(bucket) = bucket else {
            return;
        };
        if self.seen.is_some_and(|s| s.bucket.limit != bucket.limit) {
            // Another bucket (the limit changed): what was learnt was about the old one.
            self.rate = None;
            self.stretch = None;
        }
        self.learn(now, bucket, granted);
        let reset_at = bucket
            .reset
            .map(|reset| now + reset.duration_since(wall).unwrap_or(Duration::ZERO));
        self.seen = Some(Seen {
            at: now,
            bucket,
            reset_at,
        });
    }

    /// A request admitted earlier was never answered (it failed on the way, or was dropped).
    pub fn abandoned(&mut self) {
        self.unanswered = self.unanswered.saturating_sub(1);
    }

    /// True once the pacer has learnt the refill rate: a 429 is then waited out by pacing, not by
    /// the server's whole-second reset.
    pub fn knows_rate(&self) -> bool {
        self.rate.is_some()
    }

    fn learn(&mut self, now: Instant, bucket: Bucket, granted: bool) {
        // A bucket that was full before this answer took its token may have spilt refills: a
        // stretch can only start after it. Since the newest answer at least enough tokens came
        // back to fill it, which bounds the rate from below (what the pacer needs after waiting
        // for a whole-second reset).
        if granted && bucket.remaining.saturating_add(1) >= bucket.limit {
            if let Some(seen) = self.seen {
                let long = now.saturating_duration_since(seen.at);
                let came_back =
                    f64::from(bucket.remaining) + 1.0 - f64::from(seen.bucket.remaining) - 1.0;
                if long >= SHORTEST_STRETCH && came_back >= 1.0 {
                    let bound = came_back / long.as_secs_f64();
                    self.rate = Some(self.rate.map_or(bound, |rate| rate.max(bound)));
                }
            }
            self.stretch = None;
            return;
        }
        let Some(stretch) = &mut self.stretch else {
            self.stretch = Some(Stretch {
                at: now,
                remaining: bucket.remaining,
                granted: 0,
                unanswered: self.unanswered,
            });
            return;
        };
        if granted {
            stretch.granted += 1;
        }
        let long = now.saturating_duration_since(stretch.at);
        // Each remaining count is rounded down: one token either way, counted against the rate so
        // that it is a lower bound.
        let came_back = f64::from(bucket.remaining) + f64::from(stretch.granted)
            - f64::from(stretch.remaining)
            - f64::from(stretch.unanswered)
            - 1.0;
        if long >= SHORTEST_STRETCH && came_back >= 1.0 {
            self.rate = Some(came_back / long.as_secs_f64());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token bucket like the emulator's and Auth0's, on a virtual clock.
    struct Server {
        tokens: f64,
        burst: f64,
        per_second: f64,
        last: f64,
        epoch: SystemTime,
    }

    impl Server {
        fn new(burst: u32, per_second: f64) -> Self {
            Self {
                tokens: f64::from(burst),
                burst: f64::from(burst),
                per_second,
                last: 0.0,
                epoch: UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            }
        }

        /// Takes a token at virtual time `t` (seconds) if there is one.
        fn take(&mut self, t: f64) -> (Bucket, bool) {
            self.tokens = (self.tokens + (t - self.last) * self.per_second).min(self.burst);
            self.last = t;
            let granted = self.tokens >= 1.0;
            if granted {
                self.tokens -= 1.0;
            }
            let until_next = if self.tokens >= self.burst {
                0.0
            } else {
                (self.tokens.floor() + 1.0 - self.tokens) / self.per_second
            };
            let wall = self.epoch + Duration::from_secs_f64(t + until_next);
            let reset = UNIX_EPOCH
                + Duration::from_secs(
                    wall.duration_since(UNIX_EPOCH)
                        .unwrap()
                        .as_secs_f64()
                        .ceil() as u64,
                );
            let bucket = Bucket {
                limit: self.burst as u32,
                remaining: self.tokens.floor() as u32,
                reset: Some(reset),
            };
            (bucket, granted)
        }
    }

    /// Runs `needed` requests through the pacer, `at_once` in flight, each taking `latency`
    /// seconds to be answered and retried after a 429. Returns (seconds taken, 429s).
    fn run(server: &mut Server, needed: usize, at_once: usize, latency: f64) -> (f64, usize) {
        let start = Instant::now();
        let at = |t: f64| start + Duration::from_secs_f64(t);
        let mut pacer = Pacer::default();
        let mut done = 0;
        let mut refused = 0;
        // Each slot: the virtual time it sends next.
        let mut slots: Vec<f64> = vec![0.0; at_once];
        let mut admitted = vec![false; at_once];
        let mut finished = 0.0_f64;
        while done < needed {
            // The slot that acts first.
            let (i, &t) = slots
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(b.1))
                .unwrap();
            if admitted[i] {
                // Its request reaches the server now and is answered `latency` later.
                let (bucket, granted) = server.take(t);
                let answered_at = t + latency;
                pacer.answered(
                    at(answered_at),
                    server.epoch + Duration::from_secs_f64(answered_at),
                    Some(bucket),
                    granted,
                );
                admitted[i] = false;
                if granted {
                    done += 1;
                    finished = answered_at;
                } else {
                    refused += 1;
                }
                slots[i] = answered_at;
            } else {
                let wait = pacer.admit(at(t)).as_secs_f64();
                admitted[i] = true;
                slots[i] = t + wait;
            }
        }
        (finished, refused)
    }

    #[test]
    fn a_hundred_requests_run_near_the_rate_floor_with_few_refusals() {
        for (burst, per_second, at_once) in
            [(10, 20.0, 4), (10, 2.5, 4), (2, 2.0, 1), (10, 20.0, 1)]
        {
            let mut server = Server::new(burst, per_second);
            let needed = 101;
            let (took, refused) = run(&mut server, needed, at_once, 0.002);
            let floor = needed as f64 / per_second;
            assert!(
                took <= floor * 1.15,
                "burst {burst}, {per_second}/s: {took:.2} s against a floor of {floor:.2} s"
            );
            assert!(refused <= 3, "{refused} refused at {per_second}/s");
        }
    }

    #[test]
    fn without_headers_nothing_waits() {
        let mut pacer = Pacer::default();
        let now = Instant::now();
        for _ in 0..50 {
            assert_eq!(pacer.admit(now), Duration::ZERO);
            pacer.answered(now, SystemTime::now(), None, true);
        }
    }

    #[test]
    fn an_empty_bucket_waits_for_the_reset_until_the_rate_is_known() {
        let mut pacer = Pacer::default();
        let now = Instant::now();
        let wall = SystemTime::now();
        let _ = pacer.admit(now);
        let bucket = Bucket {
            limit: 10,
            remaining: 0,
            reset: Some(wall + Duration::from_secs(2)),
        };
        pacer.answered(now, wall, Some(bucket), false);
        let wait = pacer.admit(now);
        assert!(
            wait > Duration::from_millis(1900) && wait <= Duration::from_secs(2),
            "{wait:?}"
        );
        assert!(!pacer.knows_rate());
    }

    #[test]
    fn the_headers_are_read() {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-limit", "10".parse().unwrap());
        headers.insert("x-ratelimit-remaining", "3".parse().unwrap());
        headers.insert("x-ratelimit-reset", "1700000000".parse().unwrap());
        let bucket = Bucket::read(&headers).unwrap();
        assert_eq!((bucket.limit, bucket.remaining), (10, 3));
        assert_eq!(
            bucket.reset,
            Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000))
        );
        headers.remove("x-ratelimit-remaining");
        assert_eq!(Bucket::read(&headers), None);
    }
}

//! A wait the backend reports (a slow answer, a pause before asking again): the clients send it,
//! the CLI prints it and the dashboard shows the newest in its footer.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitEvent {
    /// codedeck started waiting for `what` (words: "the tenant to answer GET …"), at most `up_to`.
    Began {
        id: u64,
        what: String,
        up_to: Duration,
    },
    /// The wait `id` is over (answered, failed, or given up).
    Ended { id: u64 },
}

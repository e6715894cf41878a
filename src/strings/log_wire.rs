//! The words of reading tenant logs on the wire (issue 18): refusals before sending, and the
//! service's answers said plainly.

/// A search page past what the service pages through.
pub fn past_the_search_window(page: u32, per_page: u32, max_results: u32) -> String {
    format!(
        "page {page} of {per_page} per page reaches past the first {max_results} log events, \
         which is all a log search pages through: narrow the query (type:, date:[… TO …]) or \
         read in checkpoint mode"
    )
}

/// A page size the service does not give.
pub fn per_page_too_large(per_page: u32, max: u32) -> String {
    format!("{per_page} log events per page asked for: the service gives at most {max}")
}

/// A 414.
pub fn query_too_long(chars: usize) -> String {
    format!(
        "the log search query is too long ({chars} characters): the service refused the URL \
         (414); search with fewer terms"
    )
}

/// A log list that was not a list of events.
pub const NOT_A_LOG_LIST: &str = "not a list of log events";

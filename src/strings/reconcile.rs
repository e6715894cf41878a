//! Words for the dashboard's check, at start, of the changes an earlier run left open.

/// The status line after the check: `checked 1 change left open: deploy of 'Login' WAS MADE (…)`.
pub fn checked(findings: &[String]) -> String {
    let changes = if findings.len() == 1 {
        "change"
    } else {
        "changes"
    };
    format!(
        "checked {} {changes} left open: {}",
        findings.len(),
        findings.join("; ")
    )
}

pub fn made(what: &str, now: &str) -> String {
    format!("{what} WAS MADE ({now})")
}

pub fn not_made(what: &str) -> String {
    format!("{what} was NOT made")
}

pub fn still_unknown(what: &str, why: &str) -> String {
    format!("{what} is still unknown ({why}); checked again at the next start")
}

/// A finding the journal could not record (the change stays open).
pub fn unrecorded(finding: &str, err: &str) -> String {
    format!("{finding}, but the journal could not record it ({err})")
}

pub fn not_checked(err: &str) -> String {
    format!("the changes left open in the journal could not be checked: {err}")
}

//! Keyset paging for the pages that list rows of the host's own tables (calls, deals, the
//! mailbox): a page is [`PAGE`] rows after (or before) the last key of the page shown, so
//! a page costs the same however deep it is and rows added meanwhile are neither skipped
//! nor shown twice.

use crate::AppError;

/// Rows per page.
pub(crate) const PAGE: i64 = 50;

/// The key a page starts from, from a query parameter (`after` or `before`); `what` names
/// the key in the error (`record id`, `mail position`).
pub(crate) fn page_start(param: Option<&str>, what: &str) -> Result<Option<i64>, AppError> {
    match param.filter(|p| !p.is_empty()) {
        Some(text) => text
            .parse::<i64>()
            .map(Some)
            .map_err(|_| AppError::BadForm(format!("`{text}` is not a {what}"))),
        None => Ok(None),
    }
}

/// Keeps the first [`PAGE`] of `rows` (a query asks for one more) and says where the next
/// page starts, if there is one.
pub(crate) fn one_page<T>(mut rows: Vec<T>, key: impl Fn(&T) -> i64) -> (Vec<T>, Option<i64>) {
    let page = usize::try_from(PAGE).unwrap_or(usize::MAX);
    if rows.len() <= page {
        return (rows, None);
    }
    rows.truncate(page);
    let next = rows.last().map(key);
    (rows, next)
}

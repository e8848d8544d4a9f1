//! The signed-in user's mailbox: the e-mails the outbox consumer "sent" to their address
//! (invitations with their join link, reminders, access requests to approve, approvals). The
//! demo has no mail server; this page is where its e-mails arrive, newest first, a page at a
//! time.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::Extension;
use serde::Deserialize;

use super::paging::{one_page, page_start, PAGE};
use super::{AppUser, Layout};
use crate::{App, AppError, Session};

/// One e-mail.
struct MailEntry {
    subject: String,
    body: String,
    link: Option<String>,
}

#[derive(Template)]
#[template(path = "mail.html")]
struct MailPage {
    layout: Layout,
    mails: Vec<MailEntry>,
    /// The link to the older e-mails, when there are more.
    older: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct MailQuery {
    /// Show the e-mails from before this outbox position (keyset paging).
    before: Option<String>,
}

/// GET `/mail?before=`: the e-mails sent to the signed-in user's address, newest first, after
/// the outbox has been delivered. An address gets at most one e-mail per outbox entry, so the
/// entry's position orders and pages them.
pub(crate) async fn page(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Query(query): Query<MailQuery>,
) -> Result<Html<String>, AppError> {
    let user = AppUser::signed_in(&app, &session).await?;
    let before = page_start(query.before.as_deref(), "mail position")?.unwrap_or(i64::MAX);
    app.deliver_outbox().await?;
    let rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT position, subject, body, link FROM app_mail WHERE recipient = ? AND position < ? \
         ORDER BY position DESC LIMIT ?",
    )
    .bind(&user.email)
    .bind(before)
    .bind(PAGE.saturating_add(1))
    .fetch_all(app.pool())
    .await?;
    let (rows, older) = one_page(rows, |row| row.0);
    let page = MailPage {
        layout: Layout::plain("Mailbox", &session, Some(&user)),
        mails: rows
            .into_iter()
            .map(|(_, subject, body, link)| MailEntry {
                subject,
                body,
                link,
            })
            .collect(),
        older: older.map(|position| format!("/mail?before={position}")),
    };
    Ok(Html(page.render()?))
}

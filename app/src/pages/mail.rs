//! The signed-in user's mailbox: the e-mails the outbox consumer "sent" to their address
//! (invitations with their join link, reminders, access requests to approve, approvals). The
//! demo has no mail server; this page is where its e-mails arrive.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum::Extension;

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
}

/// GET `/mail`: the e-mails sent to the signed-in user's address, newest first, after the
/// outbox has been delivered.
pub(crate) async fn page(
    State(app): State<App>,
    Extension(session): Extension<Session>,
) -> Result<Html<String>, AppError> {
    let user = AppUser::signed_in(&app, &session).await?;
    app.deliver_outbox().await?;
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT subject, body, link FROM app_mail WHERE recipient = ? \
         ORDER BY position DESC, rowid DESC LIMIT 100",
    )
    .bind(&user.email)
    .fetch_all(app.pool())
    .await?;
    let page = MailPage {
        layout: Layout::plain("Mailbox", &session, Some(&user)),
        mails: rows
            .into_iter()
            .map(|(subject, body, link)| MailEntry {
                subject,
                body,
                link,
            })
            .collect(),
    };
    Ok(Html(page.render()?))
}

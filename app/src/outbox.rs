//! The application's outbox consumer (S-5): it acts on what the store's outbox hands out and
//! then advances its cursor. The demo has no mail server, so the e-mails the events ask for
//! are "sent" into `app_mail`, which the mailbox page shows; the charges, renewals and plan
//! changes go into `app_billing_history`, which the billing page shows.
//!
//! Delivery is at least once: a consumer that stops after acting and before advancing gets the
//! same entries again. Every row is therefore keyed by the entry's outbox position (and
//! recipient) and written with `INSERT OR IGNORE`, so acting twice changes nothing.

use chrono::{DateTime, Utc};
use seatwise::{Email, Event};
use seatwise_store::{OutboxEntry, StoreError};

use crate::{App, AppError};

/// The consumer's name in the store's cursor table.
pub(crate) const CONSUMER: &str = "seatwise-app";

/// How many entries one round reads.
const BATCH: u32 = 200;

/// The host's tables the consumer writes.
pub(crate) const TABLES: [&str; 2] = [
    "CREATE TABLE IF NOT EXISTS app_mail (position INTEGER NOT NULL, recipient TEXT NOT NULL, workspace TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, link TEXT, PRIMARY KEY (position, recipient))",
    "CREATE TABLE IF NOT EXISTS app_billing_history (position INTEGER NOT NULL PRIMARY KEY, workspace TEXT NOT NULL, day TEXT, what TEXT NOT NULL, amount TEXT)",
];

/// An e-mail to "send".
struct Mail {
    to: Email,
    subject: String,
    body: String,
    link: Option<String>,
}

/// A line of a workspace's billing history.
struct BillingLine {
    day: Option<DateTime<Utc>>,
    what: String,
    amount: Option<String>,
}

/// Acts on every entry past the cursor, oldest first, advancing after each batch; returns how
/// many entries it acted on. One delivery runs at a time (the cursor only moves forward).
pub(crate) async fn deliver(app: &App) -> Result<u64, AppError> {
    let _one_at_a_time = app.delivery_lock().lock().await;
    let mut acted = 0u64;
    loop {
        let entries = app.store().outbox(CONSUMER, BATCH).await?;
        let Some(last) = entries.last().map(OutboxEntry::position) else {
            return Ok(acted);
        };
        for entry in &entries {
            act(app, entry).await?;
        }
        app.store().advance(CONSUMER, last).await?;
        acted = acted.saturating_add(u64::try_from(entries.len()).unwrap_or(u64::MAX));
    }
}

async fn act(app: &App, entry: &OutboxEntry) -> Result<(), AppError> {
    let position = i64::try_from(entry.position()).map_err(|_| {
        AppError::Store(StoreError::OutOfRange {
            what: "outbox position",
            value: entry.position(),
        })
    })?;
    let ws = entry.workspace().as_str();
    for mail in mails(app, entry).await? {
        sqlx::query(
            "INSERT OR IGNORE INTO app_mail (position, recipient, workspace, subject, body, link) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(position)
        .bind(mail.to.as_str())
        .bind(ws)
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(&mail.link)
        .execute(app.pool())
        .await?;
    }
    if let Some(line) = billing_line(entry.event()) {
        sqlx::query(
            "INSERT OR IGNORE INTO app_billing_history (position, workspace, day, what, amount) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(position)
        .bind(ws)
        .bind(line.day.map(|d| d.format("%Y-%m-%d").to_string()))
        .bind(&line.what)
        .bind(&line.amount)
        .execute(app.pool())
        .await?;
    }
    Ok(())
}

/// The workspace's name for people, or its id for one the application does not serve.
fn title_of(app: &App, entry: &OutboxEntry) -> String {
    app.space(entry.workspace().as_str())
        .map_or_else(|_| entry.workspace().to_string(), |s| s.title().to_owned())
}

/// The newest join link the host issued for `email` in the entry's workspace, else the
/// invitee's list of spaces, which shows the invitation.
async fn join_link(app: &App, entry: &OutboxEntry, email: &Email) -> Result<String, AppError> {
    let token =
        crate::pages::invitee::link_for(app, entry.workspace().as_str(), email.as_str()).await?;
    Ok(token.map_or_else(|| "/spaces".to_owned(), |t| format!("/join/{t}")))
}

/// The e-mails an event asks for: invitations and reminders to the invitee (M-1, M-3), a
/// request to the users who may approve it, an approval to the requester (M-5). A rejected
/// request notifies no one (M-5).
async fn mails(app: &App, entry: &OutboxEntry) -> Result<Vec<Mail>, AppError> {
    let space = title_of(app, entry);
    Ok(match entry.event() {
        Event::InvitationSent {
            email,
            token,
            invited_by,
            expires_at,
            ..
        } => {
            let ws = app.store().load(entry.workspace()).await?;
            let inviter = ws
                .member(*invited_by)
                .map_or_else(|| "Someone".to_owned(), |m| m.name().to_owned());
            let link = match token {
                Some(token) => format!("/join/{}", token.as_str()),
                None => join_link(app, entry, email).await?,
            };
            let expiry = expires_at.map_or_else(String::new, |at| {
                format!(" The invitation expires on {}.", at.format("%Y-%m-%d"))
            });
            vec![Mail {
                to: email.clone(),
                subject: format!("{inviter} invited you to {space}"),
                body: format!("Open the link to join {space}.{expiry}"),
                link: Some(link),
            }]
        }
        Event::InvitationResent { email } => vec![Mail {
            to: email.clone(),
            subject: format!("Reminder: you are invited to {space}"),
            body: format!("Your invitation to {space} is waiting for you."),
            link: Some(join_link(app, entry, email).await?),
        }],
        Event::AccessRequested {
            email,
            name,
            notify,
            ..
        } => {
            let ws = app.store().load(entry.workspace()).await?;
            notify
                .iter()
                .filter_map(|user| ws.member(*user))
                .map(|approver| Mail {
                    to: approver.email().clone(),
                    subject: format!("{name} asked to join {space}"),
                    body: format!("{name} <{email}> asked for access. Approve or reject it."),
                    link: Some(format!("/w/{}/members", entry.workspace())),
                })
                .collect()
        }
        Event::AccessApproved { email, .. } => vec![Mail {
            to: email.clone(),
            subject: format!("You can now open {space}"),
            body: format!("Your request to join {space} was approved."),
            link: Some(format!("/w/{}", entry.workspace())),
        }],
        _ => Vec::new(),
    })
}

/// The billing history's line for an event that charges or changes the plan (B-4, B-11,
/// B-12): dated when the charge or change takes effect.
fn billing_line(event: &Event) -> Option<BillingLine> {
    Some(match event {
        Event::Created {
            subscription,
            invoice,
            ..
        } => BillingLine {
            day: Some(invoice.period().start()),
            what: format!(
                "Subscribed to {} with {} paid seats",
                subscription.plan().name(),
                subscription.paid_seats()
            ),
            amount: Some(invoice.total().to_string()),
        },
        Event::SeatsAdded {
            seats,
            quote,
            subscription,
        } => BillingLine {
            day: Some(quote.effective_at()),
            what: format!(
                "{seats} seat{} added ({} paid)",
                if *seats == 1 { "" } else { "s" },
                subscription.paid_seats()
            ),
            amount: Some(quote.total().to_string()),
        },
        Event::PlanUpgraded {
            quote,
            subscription,
        } => BillingLine {
            day: Some(quote.effective_at()),
            what: format!("Upgraded to {}", subscription.plan().name()),
            amount: Some(quote.total().to_string()),
        },
        Event::DowngradeScheduled { subscription } => BillingLine {
            day: Some(subscription.period().end()),
            what: format!(
                "Downgrade to {} scheduled for the end of the period",
                subscription
                    .scheduled_plan()
                    .map_or("another plan", |p| p.name())
            ),
            amount: None,
        },
        Event::DowngradeCancelled { plan } => BillingLine {
            day: None,
            what: format!("Scheduled downgrade to {plan} cancelled"),
            amount: None,
        },
        Event::DowngradeDropped { plan, blockers } => BillingLine {
            day: None,
            what: format!(
                "Scheduled downgrade to {plan} dropped at renewal: {}",
                blockers
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            amount: None,
        },
        Event::Renewed {
            invoice,
            subscription,
        } => BillingLine {
            day: Some(invoice.period().start()),
            what: format!(
                "Renewed {} with {} paid seats",
                subscription.plan().name(),
                subscription.paid_seats()
            ),
            amount: Some(invoice.total().to_string()),
        },
        _ => return None,
    })
}

//! The billing page: plan, period, paid seats and what they cover (B-4, B-5, B-10), the
//! billing history the outbox consumer recorded, and the billing details. Hidden from
//! everyone without a billing grant; read-only for those who may view but not manage it
//! (SS-3: only the owner edits billing details, decided by `can(MANAGE, billing)`).

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use seatwise::{CommandError, Resource, Verb};

use super::members::PageQuery;
use super::{with_notice, Ctx, FormData, Layout};
use crate::{now, App, AppError, Session};

/// The host's table of billing details, one row per workspace.
pub(crate) const TABLE: &str = "CREATE TABLE IF NOT EXISTS app_billing_details (workspace TEXT NOT NULL PRIMARY KEY, company TEXT NOT NULL, email TEXT NOT NULL)";

/// The longest company name the form takes.
const MAX_COMPANY_CHARS: usize = 200;

/// A line of the billing history.
struct HistoryLine {
    day: String,
    what: String,
    amount: String,
}

/// The workspace's billing details.
struct Details {
    company: String,
    email: String,
}

#[derive(Template)]
#[template(path = "billing.html")]
struct BillingPage {
    layout: Layout,
    plan: String,
    period: String,
    paid_seats: u32,
    members: u32,
    pending: u32,
    guests: u32,
    /// Guests allowed on the seats paid; `None` on a plan without a guest ratio.
    allowance: Option<String>,
    next_seat: String,
    scheduled: Option<String>,
    details: Option<Details>,
    details_action: String,
    history: Vec<HistoryLine>,
    can_manage: bool,
}

/// GET `/w/{ws}/billing`.
pub(crate) async fn page(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Html<String>, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let mode = ctx.mode("billing")?;
    app.deliver_outbox().await?;
    let history: Vec<(Option<String>, String, Option<String>)> = sqlx::query_as(
        "SELECT day, what, amount FROM app_billing_history WHERE workspace = ? \
         ORDER BY position DESC LIMIT 100",
    )
    .bind(ctx.space.id().as_str())
    .fetch_all(app.pool())
    .await?;
    let details = stored_details(&app, &ctx).await?;
    let space = &ctx.ws;
    let subscription = space.subscription();
    let usage = space.seat_usage_at(now());
    let status = space.guest_status();
    let period = subscription.period();
    let page = BillingPage {
        layout: ctx.layout("Billing", "billing", mode, query.notice_text()),
        plan: subscription.plan().name().to_owned(),
        period: format!(
            "{} – {}",
            period.start().format("%Y-%m-%d"),
            period.end().format("%Y-%m-%d")
        ),
        paid_seats: subscription.paid_seats(),
        members: usage.members(),
        pending: usage.pending_member_invites(),
        guests: status.used(),
        allowance: status.allowance().map(|a| a.to_string()),
        next_seat: subscription
            .plan()
            .next_seat_price(subscription.paid_seats())
            .map_or_else(|e| e.to_string(), |m| m.to_string()),
        scheduled: subscription.scheduled_plan().map(|p| p.name().to_owned()),
        details,
        details_action: format!("{}/billing/details", ctx.base()),
        history: history
            .into_iter()
            .map(|(day, what, amount)| HistoryLine {
                day: day.unwrap_or_default(),
                what,
                amount: amount.unwrap_or_default(),
            })
            .collect(),
        can_manage: may_manage(&ctx).is_ok(),
    };
    Ok(Html(page.render()?))
}

/// Lets through only a user whom `can` allows to manage billing (SS-3: the owner), on the
/// page and again on save; anyone else is refused with the crate's reason.
fn may_manage(ctx: &Ctx) -> Result<(), AppError> {
    let policy = ctx.ws.policy();
    let area = policy
        .area("billing")
        .map_err(|e| AppError::NotFound(e.to_string()))?;
    let decision = policy.can(&ctx.me(), Verb::MANAGE, &Resource::new(area));
    if decision.is_allowed() {
        Ok(())
    } else {
        Err(AppError::Refused(CommandError::Denied(decision)))
    }
}

async fn stored_details(app: &App, ctx: &Ctx) -> Result<Option<Details>, AppError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT company, email FROM app_billing_details WHERE workspace = ?")
            .bind(ctx.space.id().as_str())
            .fetch_optional(app.pool())
            .await?;
    Ok(row.map(|(company, email)| Details { company, email }))
}

#[derive(Template)]
#[template(path = "billing_details.html")]
struct DetailsPage {
    layout: Layout,
    action: String,
    back: String,
    company: String,
    email: String,
}

/// GET `/w/{ws}/billing/details`: the billing details form, for whoever may manage billing.
pub(crate) async fn details_page(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
) -> Result<Html<String>, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let mode = ctx.mode("billing")?;
    may_manage(&ctx)?;
    // Nothing saved yet: the company blank, invoices to the owner's own address.
    let Details { company, email } = stored_details(&app, &ctx).await?.unwrap_or(Details {
        company: String::new(),
        email: ctx.user.email.clone(),
    });
    let page = DetailsPage {
        layout: ctx.layout("Edit billing details", "billing", mode, None),
        action: format!("{}/billing/details", ctx.base()),
        back: format!("{}/billing", ctx.base()),
        company,
        email,
    };
    Ok(Html(page.render()?))
}

/// POST `/w/{ws}/billing/details`: saves the company name (1 to 200 characters, no control
/// characters) and the invoice address (checked as the crate checks addresses, T-6), for
/// whoever may manage billing; a forged post by anyone else is refused with the reason.
pub(crate) async fn save_details(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    ctx.mode("billing")?;
    may_manage(&ctx)?;
    let form = FormData::parse(&body)?;
    let company = form.line("company", "a company name", MAX_COMPANY_CHARS)?;
    let email = form.email("email")?;
    sqlx::query(
        "INSERT INTO app_billing_details (workspace, company, email) VALUES (?, ?, ?) \
         ON CONFLICT (workspace) DO UPDATE SET company = excluded.company, email = excluded.email",
    )
    .bind(ctx.space.id().as_str())
    .bind(company)
    .bind(email.as_str())
    .execute(app.pool())
    .await?;
    let back = format!("{}/billing", ctx.base());
    Ok(Redirect::to(&with_notice(&back, "Saved the billing details.")).into_response())
}

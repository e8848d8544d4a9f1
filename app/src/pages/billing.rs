//! The billing page: plan, period, paid seats and what they cover (B-4, B-5, B-10). Hidden
//! from everyone without a billing grant; read-only for those who may view but not manage
//! it (SS-3: only the owner edits billing details).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use axum::Extension;
use seatwise::{Resource, Verb};

use super::members::PageQuery;
use super::{Ctx, Layout};
use crate::{now, App, AppError, Session};

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
    allowance: String,
    next_seat: String,
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
    let space = &ctx.ws;
    let policy = space.policy();
    let area = policy
        .area("billing")
        .map_err(|e| AppError::NotFound(e.to_string()))?;
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
        allowance: status
            .allowance()
            .map_or_else(|| "no guest ratio".to_owned(), |a| a.to_string()),
        next_seat: subscription
            .plan()
            .next_seat_price(subscription.paid_seats())
            .map_or_else(|e| e.to_string(), |m| m.to_string()),
        can_manage: policy.is_allowed(&ctx.me(), Verb::MANAGE, &Resource::new(area)),
    };
    Ok(Html(page.render()?))
}

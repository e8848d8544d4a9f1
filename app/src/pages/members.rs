//! The users page of seed 000 (W-1) and the members page of seed 004 (W-4): one members
//! table, paged by address, whose rows carry the actions the crate allows the viewer (M-3);
//! the seat count; the guest ratio, always visible, with its warning (B-10); adding users in
//! a batch with the charge previewed (B-9); access requests to approve or reject (M-4, M-5).

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use seatwise::{Change, Email, InviteToken, Invitee, MemberKind, PageMode, RowActions, RowStatus};
use serde::Deserialize;

use super::{
    perform, perform_then_back, role_from_form, role_value, team_of, with_notice, Ctx, FormData,
    Layout, Step,
};
use crate::{now, session::random_token, App, AppError, Session};

/// Rows per page of the members table.
pub const PAGE_SIZE: usize = 50;

/// How many address lines the add-users form offers.
const INVITE_LINES: usize = 5;

/// A row of the table as the template shows it; every flag comes from the row's
/// [`RowActions`].
pub(crate) struct Row {
    name: String,
    email: String,
    role: String,
    guest: bool,
    status: &'static str,
    availability: Option<bool>,
    calendar: Option<String>,
    user: Option<u64>,
    resend: bool,
    copy_link: bool,
    change_role: bool,
    add_to_team: bool,
    delete: bool,
    roles: Vec<(String, String)>,
}

impl Row {
    fn any_action(&self) -> bool {
        self.resend || self.copy_link || self.change_role || self.add_to_team || self.delete
    }
}

pub(crate) struct GuestView {
    used: u32,
    allowance: String,
    remaining: String,
    paid_seats: u32,
    ratio: String,
    at_limit: bool,
    over: bool,
}

pub(crate) struct RequestRow {
    name: String,
    email: String,
    requested_at: String,
}

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage {
    layout: Layout,
    heading: String,
    base: String,
    path: String,
    plan: String,
    paid_seats: u32,
    members: u32,
    pending_seats: u32,
    guests_line: Option<GuestView>,
    rows: Vec<Row>,
    next: Option<String>,
    invite_roles: Vec<(String, String)>,
    default_role: String,
    invite_lines: Vec<usize>,
    teams: Vec<(u64, String)>,
    requests: Vec<RequestRow>,
    read_only: bool,
}

/// `?after=` for the next page.
#[derive(Debug, Deserialize)]
pub(crate) struct PageQuery {
    after: Option<String>,
    notice: Option<String>,
}

impl PageQuery {
    /// The notice to show once.
    pub(crate) fn notice_text(&self) -> Option<String> {
        self.notice.clone()
    }
}

/// The admin area of the workspace's policy: its page mode decides the page.
fn admin_area(ctx: &Ctx) -> Result<String, AppError> {
    let policy = ctx.ws.policy();
    policy
        .admin_area()
        .and_then(|a| policy.area_info(a))
        .map(|a| a.name().to_owned())
        .ok_or_else(|| AppError::NotFound("this workspace has no members page".to_owned()))
}

/// GET `/w/{ws}/users` (W-1) and `/w/{ws}/members` (W-4).
pub(crate) async fn page(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Html<String>, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let mode = ctx.mode(&admin_area(&ctx)?)?;
    let after = match query.after.as_deref().filter(|a| !a.is_empty()) {
        Some(text) => Some(Email::parse(text).map_err(|e| AppError::BadForm(e.to_string()))?),
        None => None,
    };
    let space = &ctx.ws;
    let policy = space.policy();
    let me = ctx.me();
    let at = now();
    let table = space.members_table(ctx.user.id, at, after.as_ref(), PAGE_SIZE);
    let next = (table.len() == PAGE_SIZE)
        .then(|| table.last().map(|r| r.email.as_str().to_owned()))
        .flatten();
    let rows = table
        .iter()
        .map(|row| {
            let user = match row.status {
                RowStatus::Accepted(user) => Some(user),
                _ => None,
            };
            let roles = match user {
                Some(user) if row.actions.contains(RowActions::CHANGE_ROLE) => {
                    let target = space.principal(user);
                    policy
                        .roles()
                        .filter(|r| r.id() != row.role)
                        .filter(|r| policy.may_change_role(&me, &target, r.id()).is_allowed())
                        .map(|r| (role_value(r.id()), r.label().to_owned()))
                        .collect()
                }
                _ => Vec::new(),
            };
            Row {
                name: row.name.unwrap_or("").to_owned(),
                email: row.email.as_str().to_owned(),
                role: policy
                    .role_info(row.role)
                    .map_or_else(String::new, |r| r.label().to_owned()),
                guest: row.kind == MemberKind::Guest,
                status: match row.status {
                    RowStatus::Accepted(_) => "Accepted",
                    RowStatus::Pending => "Pending",
                    RowStatus::Expired => "Expired",
                },
                availability: user.map(|_| row.availability),
                calendar: row.calendar.map(str::to_owned),
                user: user.map(|u| u.get()),
                resend: row.actions.contains(RowActions::RESEND),
                copy_link: row.actions.contains(RowActions::COPY_LINK),
                change_role: row.actions.contains(RowActions::CHANGE_ROLE) && !roles.is_empty(),
                add_to_team: row.actions.contains(RowActions::ADD_TO_TEAM),
                delete: row.actions.contains(RowActions::DELETE),
                roles,
            }
        })
        .collect();
    // M-1, A-7: the roles this viewer may invite with, as the crate decides.
    let invite_roles: Vec<(String, String)> = policy
        .roles()
        .filter(|r| policy.may_invite(&me, r.id()).is_allowed())
        .map(|r| (role_value(r.id()), r.label().to_owned()))
        .collect();
    let default_role = policy.default_role().map(role_value).unwrap_or_default();
    let subscription = space.subscription();
    let usage = space.seat_usage_at(at);
    let status = space.guest_status();
    let guests_line = subscription.plan().guest_ratio().map(|ratio| GuestView {
        used: status.used(),
        allowance: status
            .allowance()
            .map_or_else(|| "unlimited".to_owned(), |a| a.to_string()),
        remaining: status
            .remaining()
            .map_or_else(|| "unlimited".to_owned(), |r| r.to_string()),
        paid_seats: status.paid_seats(),
        ratio: format!(
            "{} guests for the first paid seat, {} for each further one",
            ratio.first(),
            ratio.per_additional()
        ),
        at_limit: status.is_at_limit(),
        over: status.is_over(),
    });
    let requests = space
        .pending_requests_for(ctx.user.id)
        .into_iter()
        .map(|r| RequestRow {
            name: r.name().to_owned(),
            email: r.email().as_str().to_owned(),
            requested_at: r.requested_at().format("%Y-%m-%d %H:%M UTC").to_string(),
        })
        .collect();
    let teams = space
        .teams()
        .map(|t| (t.id().get(), t.name().to_owned()))
        .collect();
    let current = match ctx.space.kind() {
        crate::SpaceKind::SalesScheduler => "users",
        crate::SpaceKind::DealSpace => "members",
    };
    let heading = match ctx.space.kind() {
        crate::SpaceKind::SalesScheduler => "Users",
        crate::SpaceKind::DealSpace => "Members",
    };
    let page = MembersPage {
        layout: ctx.layout(heading, current, mode, query.notice),
        heading: heading.to_owned(),
        base: ctx.base(),
        path: format!("{}/{current}", ctx.base()),
        plan: subscription.plan().name().to_owned(),
        paid_seats: subscription.paid_seats(),
        members: usage.members(),
        pending_seats: usage.pending_member_invites(),
        guests_line,
        rows,
        next,
        invite_roles,
        default_role,
        invite_lines: (1..=INVITE_LINES).collect(),
        teams,
        requests,
        read_only: mode == PageMode::ReadOnly,
    };
    Ok(Html(page.render()?))
}

fn members_path(ctx: &Ctx) -> String {
    match ctx.space.kind() {
        crate::SpaceKind::SalesScheduler => format!("{}/users", ctx.base()),
        crate::SpaceKind::DealSpace => format!("{}/members", ctx.base()),
    }
}

/// The invitees of the add-users form: `email1` / `role1` … ; blank lines are skipped. A
/// role is sent as its stable key (T-1); the guest role invites a guest (DS-3).
fn invitees(ctx: &Ctx, form: &FormData) -> Result<Vec<Invitee>, AppError> {
    let mut out = Vec::new();
    for i in 1..=INVITE_LINES {
        let Some(address) = form.get(&format!("email{i}")).map(str::trim) else {
            continue;
        };
        if address.is_empty() {
            continue;
        }
        let email = Email::parse(address)
            .map_err(|e| AppError::BadForm(super::sentence(&e.to_string())))?;
        let role = role_from_form(&ctx.ws, form.required(&format!("role{i}"))?)?;
        if ctx.ws.policy().guest_role() == Some(role) {
            out.push(Invitee::guest(email));
        } else {
            out.push(Invitee::member(email, role));
        }
    }
    if out.is_empty() {
        return Err(AppError::BadForm(
            "enter at least one e-mail address".to_owned(),
        ));
    }
    Ok(out)
}

/// POST `/w/{ws}/invite/preview` and `/w/{ws}/invite`: add users in a batch (M-1). The
/// first post previews (the charge, or the guest-limit prompt); the confirmation executes.
/// Each new invitation then gets a link token (M-3) and a demo user to sign in as.
pub(crate) async fn invite(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let form = FormData::parse(&body)?;
    let invitees = invitees(&ctx, &form)?;
    let emails: Vec<Email> = invitees.iter().map(|i| i.email.clone()).collect();
    let what = match emails.len() {
        1 => format!("Invite {}", emails.first().map_or("", |e| e.as_str())),
        n => format!("Invite {n} people"),
    };
    let back = members_path(&ctx);
    let step = Step {
        action: format!("{}/invite", ctx.base()),
        back: back.clone(),
        what: &what,
        always_preview: true,
    };
    let change = Change::Invite {
        invitees,
        expires_at: None,
    };
    match perform(&ctx, change, &form, step).await? {
        super::Performed::Page(page) => Ok(page),
        super::Performed::Done => {
            let space = app.store().load(ctx.space.id()).await?;
            for email in &emails {
                if space.invitation(email).is_some() {
                    issue_link(&ctx, email).await?;
                }
                add_demo_user(&app, email).await?;
            }
            Ok(Redirect::to(&with_notice(&back, &format!("Done: {what}."))).into_response())
        }
    }
}

/// Records an invitation link token through the crate (M-3) and in the host's link table.
async fn issue_link(ctx: &Ctx, email: &Email) -> Result<String, AppError> {
    let token = random_token()?;
    let change = Change::IssueInviteLink {
        email: email.clone(),
        token: InviteToken::new(&token),
    };
    ctx.app
        .store()
        .execute(
            ctx.space.id(),
            ctx.user.id,
            seatwise::Command::new(change),
            now(),
        )
        .await?;
    sqlx::query("INSERT INTO app_invite_links (token, workspace, email) VALUES (?, ?, ?)")
        .bind(&token)
        .bind(ctx.space.id().as_str())
        .bind(email.as_str())
        .execute(ctx.app.pool())
        .await?;
    Ok(token)
}

/// A demo user for an invited address, so a visitor can sign in as them and accept.
async fn add_demo_user(app: &App, email: &Email) -> Result<(), AppError> {
    let name = email.as_str().split('@').next().unwrap_or("").to_owned();
    sqlx::query(
        "INSERT OR IGNORE INTO app_users (id, email, name, persona) \
         VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM app_users), ?, ?, 'Invited through the app')",
    )
    .bind(email.as_str())
    .bind(name)
    .execute(app.pool())
    .await?;
    Ok(())
}

async fn simple(
    app: App,
    session: Session,
    ws: String,
    body: Bytes,
    action: &str,
    make: impl FnOnce(&Ctx, &FormData) -> Result<(Change, String), AppError>,
) -> Result<Response, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let form = FormData::parse(&body)?;
    let (change, what) = make(&ctx, &form)?;
    let action = format!("{}/{action}", ctx.base());
    perform_then_back(&ctx, change, &form, action, members_path(&ctx), &what).await
}

fn user_label(ctx: &Ctx, user: seatwise::UserId) -> String {
    ctx.ws
        .member(user)
        .map_or_else(|| format!("user {user}"), |m| m.email().as_str().to_owned())
}

/// POST `/w/{ws}/users/role`: change a member's role; a tampered role key is refused.
pub(crate) async fn change_role(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    simple(app, session, ws, body, "users/role", |ctx, form| {
        let user = form.user("user")?;
        let role = role_from_form(&ctx.ws, form.required("role")?)?;
        let label = ctx
            .ws
            .policy()
            .role_info(role)
            .map_or_else(String::new, |r| r.label().to_owned());
        Ok((
            Change::ChangeRole { user, role },
            format!("Make {} {label}", user_label(ctx, user)),
        ))
    })
    .await
}

/// POST `/w/{ws}/users/team`: add a member to a team (M-8).
pub(crate) async fn add_to_team(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    simple(app, session, ws, body, "users/team", |ctx, form| {
        let user = form.user("user")?;
        let team = team_of(form.required("team")?)?;
        let name = ctx
            .ws
            .team(team)
            .map_or_else(|| format!("team {team}"), |t| t.name().to_owned());
        Ok((
            Change::AddToTeam { team, user },
            format!("Add {} to {name}", user_label(ctx, user)),
        ))
    })
    .await
}

/// The delete confirmation page.
#[derive(Template)]
#[template(path = "delete.html")]
struct DeletePage {
    layout: Layout,
    who: String,
    pending: bool,
    action: String,
    field: (String, String),
    back: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct DeleteQuery {
    user: Option<String>,
    email: Option<String>,
}

fn delete_change(
    ctx: &Ctx,
    user: Option<&str>,
    email: Option<&str>,
) -> Result<(Change, String, bool, (String, String)), AppError> {
    match (user, email) {
        (Some(text), _) => {
            let user = text
                .trim()
                .parse::<u64>()
                .map(seatwise::UserId::new)
                .map_err(|_| AppError::BadForm(format!("`{text}` is not a user id")))?;
            Ok((
                Change::RemoveMember { user },
                user_label(ctx, user),
                false,
                ("user".to_owned(), user.get().to_string()),
            ))
        }
        (None, Some(text)) => {
            let email = Email::parse(text).map_err(|e| AppError::BadForm(e.to_string()))?;
            Ok((
                Change::RevokeInvitation {
                    email: email.clone(),
                },
                email.as_str().to_owned(),
                true,
                ("email".to_owned(), email.as_str().to_owned()),
            ))
        }
        (None, None) => Err(AppError::BadForm("say whom to delete".to_owned())),
    }
}

/// GET `/w/{ws}/users/delete?user=` or `?email=`: "delete with confirmation" (W-1). The
/// crate previews the removal first; a refusal is shown instead of the question.
pub(crate) async fn delete_page(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    Query(query): Query<DeleteQuery>,
) -> Result<Html<String>, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let (change, who, pending, field) =
        delete_change(&ctx, query.user.as_deref(), query.email.as_deref())?;
    app.store()
        .preview(
            ctx.space.id(),
            ctx.user.id,
            &seatwise::Command::new(change),
            now(),
        )
        .await?;
    let page = DeletePage {
        layout: ctx.layout("Delete", "", PageMode::Full, None),
        who,
        pending,
        action: format!("{}/users/delete", ctx.base()),
        field,
        back: members_path(&ctx),
    };
    Ok(Html(page.render()?))
}

/// POST `/w/{ws}/users/delete`: remove a member (M-7) or withdraw an invitation (M-3).
pub(crate) async fn delete(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    simple(app, session, ws, body, "users/delete", |ctx, form| {
        let (change, who, pending, _) = delete_change(ctx, form.get("user"), form.get("email"))?;
        let what = if pending {
            format!("Withdraw the invitation to {who}")
        } else {
            format!("Remove {who}")
        };
        Ok((change, what))
    })
    .await
}

/// POST `/w/{ws}/invitations/resend` (M-3).
pub(crate) async fn resend(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    simple(app, session, ws, body, "invitations/resend", |_, form| {
        let email = form.email("email")?;
        let what = format!("Resend the invitation to {email}");
        Ok((Change::ResendInvitation { email }, what))
    })
    .await
}

#[derive(Template)]
#[template(path = "link.html")]
struct LinkPage {
    layout: Layout,
    email: String,
    link: String,
    back: String,
}

/// POST `/w/{ws}/invitations/link`: "copy invite link" (M-3). A fresh link token is issued
/// through the crate (which refuses it for anyone who may not, or for an accepted user) and
/// shown to copy.
pub(crate) async fn copy_link(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Html<String>, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let form = FormData::parse(&body)?;
    let email = form.email("email")?;
    let token = issue_link(&ctx, &email).await?;
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let page = LinkPage {
        layout: ctx.layout("Invitation link", "", PageMode::Full, None),
        email: email.as_str().to_owned(),
        link: format!("http://{host}/join/{token}"),
        back: members_path(&ctx),
    };
    Ok(Html(page.render()?))
}

/// POST `/w/{ws}/requests/approve` (M-5): past the guest allowance the crate quotes the extra
/// seat, and the approval waits for that quote to be confirmed (B-6, B-7, W-4).
pub(crate) async fn approve(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    simple(app, session, ws, body, "requests/approve", |_, form| {
        let email = form.email("email")?;
        let what = format!("Approve {email} as a guest");
        Ok((Change::ApproveRequest { email }, what))
    })
    .await
}

/// POST `/w/{ws}/requests/reject` (M-5): silent.
pub(crate) async fn reject(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    simple(app, session, ws, body, "requests/reject", |_, form| {
        let email = form.email("email")?;
        let what = format!("Reject the request of {email}");
        Ok((Change::RejectRequest { email }, what))
    })
    .await
}

//! The invitee's side (W-5): the user's own spaces, invitations and requests side by side;
//! the join link with profile setup, accept and decline (proof: the link's token, T-7);
//! requesting access, "already requested", and the prompt to accept an invitation instead.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use seatwise::{Change, Command, InviteToken, Proof, Standing};
use serde::Deserialize;

use super::{with_notice, AppUser, FormData, Layout};
use crate::{now, App, AppError, Session};

pub(crate) struct SpaceEntry {
    id: String,
    title: String,
    role: String,
}

pub(crate) struct InvitationEntry {
    title: String,
    role: String,
    link: Option<String>,
}

pub(crate) struct RequestEntry {
    title: String,
    requested_at: String,
}

pub(crate) struct OtherEntry {
    id: String,
    title: String,
    removed: bool,
}

#[derive(Template)]
#[template(path = "spaces.html")]
struct SpacesPage {
    layout: Layout,
    spaces: Vec<SpaceEntry>,
    invitations: Vec<InvitationEntry>,
    requests: Vec<RequestEntry>,
    others: Vec<OtherEntry>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct NoticeQuery {
    notice: Option<String>,
}

/// The link token recorded for `email`'s invitation to `ws`, if any (latest first).
pub(crate) async fn link_for(app: &App, ws: &str, email: &str) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT token FROM app_invite_links WHERE workspace = ? AND email = ? ORDER BY rowid DESC LIMIT 1",
    )
    .bind(ws)
    .bind(email)
    .fetch_optional(app.pool())
    .await?;
    Ok(row.map(|(t,)| t))
}

/// GET `/spaces`: where the signed-in user stands in every workspace, as the crate says.
pub(crate) async fn spaces(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Query(query): Query<NoticeQuery>,
) -> Result<Html<String>, AppError> {
    let user = AppUser::signed_in(&app, &session).await?;
    let email = user.email()?;
    let mut page = SpacesPage {
        layout: Layout {
            notice: query.notice,
            ..Layout::plain("My spaces", &session, Some(&user))
        },
        spaces: Vec::new(),
        invitations: Vec::new(),
        requests: Vec::new(),
        others: Vec::new(),
    };
    for space in app.spaces() {
        let ws = app.store().load(space.id()).await?;
        let policy = ws.policy();
        let principal = ws.principal(user.id);
        let role_label = |role| {
            policy
                .role_info(role)
                .map_or_else(String::new, |r| r.label().to_owned())
        };
        if principal.standing() == Standing::Active {
            page.spaces.push(SpaceEntry {
                id: space.id().as_str().to_owned(),
                title: space.title().to_owned(),
                role: principal.role().map(role_label).unwrap_or_default(),
            });
            continue;
        }
        let (invitation, request) = ws.pending_for(&email);
        if let Some(invitation) = invitation {
            let link = link_for(&app, space.id().as_str(), email.as_str())
                .await?
                .map(|t| format!("/join/{t}"));
            page.invitations.push(InvitationEntry {
                title: space.title().to_owned(),
                role: role_label(invitation.role()),
                link,
            });
        } else if let Some(request) = request {
            page.requests.push(RequestEntry {
                title: space.title().to_owned(),
                requested_at: request
                    .requested_at()
                    .format("%Y-%m-%d %H:%M UTC")
                    .to_string(),
            });
        } else {
            page.others.push(OtherEntry {
                id: space.id().as_str().to_owned(),
                title: space.title().to_owned(),
                removed: principal.standing() == Standing::Removed,
            });
        }
    }
    Ok(Html(page.render()?))
}

/// The workspace and address an invitation link was issued for.
async fn link(app: &App, token: &str) -> Result<(crate::Space, String), AppError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT workspace, email FROM app_invite_links WHERE token = ?")
            .bind(token)
            .fetch_optional(app.pool())
            .await?;
    let (ws, email) =
        row.ok_or_else(|| AppError::NotFound("this invitation link is not valid".to_owned()))?;
    Ok((app.space(&ws)?.clone(), email))
}

#[derive(Template)]
#[template(path = "join.html")]
struct JoinPage {
    layout: Layout,
    title: String,
    role: String,
    guest: bool,
    inviter: String,
    invited: String,
    other_address: bool,
    name: String,
    token: String,
}

/// GET `/join/{token}`: the invitation, a profile name to set, accept or decline (W-5).
pub(crate) async fn join_page(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(token): Path<String>,
) -> Result<Html<String>, AppError> {
    let user = AppUser::signed_in(&app, &session).await?;
    let (space, invited) = link(&app, &token).await?;
    let ws = app.store().load(space.id()).await?;
    let email = seatwise::Email::parse(&invited).map_err(|e| AppError::BadForm(e.to_string()))?;
    let invitation = ws.invitation(&email).ok_or_else(|| {
        AppError::NotFound(
            "this invitation is no longer pending: it was accepted, declined or withdrawn"
                .to_owned(),
        )
    })?;
    let policy = ws.policy();
    let page = JoinPage {
        layout: Layout::plain("Join", &session, Some(&user)),
        title: space.title().to_owned(),
        role: policy
            .role_info(invitation.role())
            .map_or_else(String::new, |r| r.label().to_owned()),
        guest: invitation.kind() == seatwise::MemberKind::Guest,
        inviter: ws
            .member(invitation.invited_by())
            .map_or_else(String::new, |m| m.name().to_owned()),
        invited: invited.clone(),
        other_address: invited != user.email,
        name: user.name.clone(),
        token,
    };
    Ok(Html(page.render()?))
}

/// POST `/join/{token}/accept`: the signed-in user accepts the invitation to their address,
/// with the link's token as proof (T-7) and the profile name they set. A token that is not
/// this address's invitation's is refused by the crate.
pub(crate) async fn accept(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(token): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let user = AppUser::signed_in(&app, &session).await?;
    let (space, _) = link(&app, &token).await?;
    let form = FormData::parse(&body)?;
    let name = form.required("name")?.trim().to_owned();
    let change = Change::AcceptInvitation {
        email: user.email()?,
        name: name.clone(),
        proof: Proof::LinkToken(InviteToken::new(&token)),
    };
    app.store()
        .execute(space.id(), user.id, Command::new(change), now())
        .await?;
    if !name.is_empty() {
        sqlx::query("UPDATE app_users SET name = ? WHERE id = ?")
            .bind(&name)
            .bind(i64::try_from(user.id.get()).unwrap_or(0))
            .execute(app.pool())
            .await?;
    }
    Ok(Redirect::to(&with_notice(
        &format!("/w/{}", space.id()),
        "Welcome! You joined the space.",
    ))
    .into_response())
}

/// POST `/join/{token}/decline`: the invitee turns the invitation down (M-2, T-7).
pub(crate) async fn decline(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let user = AppUser::signed_in(&app, &session).await?;
    let (space, _) = link(&app, &token).await?;
    let change = Change::DeclineInvitation {
        email: user.email()?,
        proof: Proof::LinkToken(InviteToken::new(&token)),
    };
    app.store()
        .execute(space.id(), user.id, Command::new(change), now())
        .await?;
    Ok(Redirect::to(&with_notice(
        "/spaces",
        &format!("You declined the invitation to {}.", space.title()),
    ))
    .into_response())
}

#[derive(Template)]
#[template(path = "request.html")]
struct RequestPage {
    layout: Layout,
    id: String,
    title: String,
    state: &'static str,
    requested_at: String,
    link: Option<String>,
    name: String,
}

/// GET `/w/{ws}/request-access`: what the crate knows of this user here decides the page:
/// a member is sent in; an invitee is told to accept instead (M-4); a pending request shows
/// "already requested"; anyone else gets the form.
pub(crate) async fn request_page(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
) -> Result<Response, AppError> {
    let user = AppUser::signed_in(&app, &session).await?;
    let space = app.space(&ws)?.clone();
    let loaded = app.store().load(space.id()).await?;
    if loaded.principal(user.id).standing() == Standing::Active {
        return Ok(Redirect::to(&format!("/w/{ws}")).into_response());
    }
    let email = user.email()?;
    let (invitation, request) = loaded.pending_for(&email);
    let (state, requested_at, link) = match (invitation, request) {
        (Some(_), _) => (
            "invited",
            String::new(),
            link_for(&app, &ws, email.as_str())
                .await?
                .map(|t| format!("/join/{t}")),
        ),
        (None, Some(r)) => (
            "requested",
            r.requested_at().format("%Y-%m-%d %H:%M UTC").to_string(),
            None,
        ),
        (None, None) => ("none", String::new(), None),
    };
    let page = RequestPage {
        layout: Layout::plain("Request access", &session, Some(&user)),
        id: ws.clone(),
        title: space.title().to_owned(),
        state,
        requested_at,
        link,
        name: user.name.clone(),
    };
    Ok(Html(page.render()?).into_response())
}

/// POST `/w/{ws}/request-access` (M-4): the crate refuses a second request, and tells an
/// invitee to accept instead; its words are shown.
pub(crate) async fn request_access(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let user = AppUser::signed_in(&app, &session).await?;
    let space = app.space(&ws)?.clone();
    let form = FormData::parse(&body)?;
    let change = Change::RequestAccess {
        email: user.email()?,
        name: form.required("name")?.trim().to_owned(),
    };
    app.store()
        .execute(space.id(), user.id, Command::new(change), now())
        .await?;
    Ok(Redirect::to(&with_notice(
        "/spaces",
        &format!(
            "You asked for access to {}; its admins were told.",
            space.title()
        ),
    ))
    .into_response())
}

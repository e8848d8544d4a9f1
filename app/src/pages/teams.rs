//! The teams tab (W-2): create a team, add and remove members (M-8). Who may change teams
//! is the crate's answer (`can` on the workspace's admin area, and each command's own check).

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use axum::Extension;
use seatwise::{Change, MemberKind, PageMode, Resource, TeamId, Verb};

use super::members::PageQuery;
use super::{perform_then_back, team_of, Ctx, FormData, Layout};
use crate::{App, AppError, Session};

pub(crate) struct TeamView {
    id: u64,
    name: String,
    members: Vec<(u64, String)>,
    others: Vec<(u64, String)>,
}

#[derive(Template)]
#[template(path = "teams.html")]
struct TeamsPage {
    layout: Layout,
    base: String,
    teams: Vec<TeamView>,
    can_manage: bool,
}

fn admin_area(ctx: &Ctx) -> Result<seatwise::AreaId, AppError> {
    ctx.ws
        .policy()
        .admin_area()
        .ok_or_else(|| AppError::NotFound("this workspace has no teams".to_owned()))
}

/// GET `/w/{ws}/teams`.
pub(crate) async fn page(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Html<String>, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let area = admin_area(&ctx)?;
    let name = ctx
        .ws
        .policy()
        .area_info(area)
        .map(|a| a.name().to_owned())
        .unwrap_or_default();
    let mode = ctx.mode(&name)?;
    let space = &ctx.ws;
    let can_manage = mode != PageMode::ReadOnly
        && space
            .policy()
            .is_allowed(&ctx.me(), Verb::MANAGE, &Resource::new(area));
    let teams = space
        .teams()
        .map(|team| {
            let inside: Vec<_> = team.members().collect();
            let label = |user: seatwise::UserId| {
                space
                    .member(user)
                    .map_or_else(|| format!("user {user}"), |m| m.name().to_owned())
            };
            TeamView {
                id: team.id().get(),
                name: team.name().to_owned(),
                members: inside.iter().map(|u| (u.get(), label(*u))).collect(),
                others: space
                    .members()
                    .filter(|m| m.kind() == MemberKind::Member && !inside.contains(&m.user()))
                    .map(|m| (m.user().get(), m.name().to_owned()))
                    .collect(),
            }
        })
        .collect();
    let page = TeamsPage {
        layout: ctx.layout("Teams", "teams", mode, query.notice_text()),
        base: ctx.base(),
        teams,
        can_manage,
    };
    Ok(Html(page.render()?))
}

async fn run(
    ctx: &Ctx,
    change: Change,
    form: &FormData,
    action: String,
    what: String,
) -> Result<Response, AppError> {
    let back = format!("{}/teams", ctx.base());
    perform_then_back(ctx, change, form, action, back, &what).await
}

/// POST `/w/{ws}/teams`: create a team (M-8); the crate checks the name (T-6).
pub(crate) async fn create(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let form = FormData::parse(&body)?;
    let name = form.required("name")?.to_owned();
    let next = ctx
        .ws
        .teams()
        .map(|t| t.id().get())
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let change = Change::CreateTeam {
        team: TeamId::new(next),
        name: name.clone(),
    };
    run(
        &ctx,
        change,
        &form,
        format!("{}/teams", ctx.base()),
        format!("Create the team {name}"),
    )
    .await
}

/// POST `/w/{ws}/teams/{team}/add`.
pub(crate) async fn add(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path((ws, team)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let form = FormData::parse(&body)?;
    let team = team_of(&team)?;
    let user = form.user("user")?;
    let action = format!("{}/teams/{team}/add", ctx.base());
    run(
        &ctx,
        Change::AddToTeam { team, user },
        &form,
        action,
        format!("Add user {user} to team {team}"),
    )
    .await
}

/// POST `/w/{ws}/teams/{team}/remove`.
pub(crate) async fn remove(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path((ws, team)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let form = FormData::parse(&body)?;
    let team = team_of(&team)?;
    let user = form.user("user")?;
    let action = format!("{}/teams/{team}/remove", ctx.base());
    run(
        &ctx,
        Change::RemoveFromTeam { team, user },
        &form,
        action,
        format!("Remove user {user} from team {team}"),
    )
    .await
}

//! The host's own records, listed through the crate's list filters turned into SQL (A-9,
//! S-6): the sales scheduler's scheduled calls with a team filter (W-2), the deal space's
//! deals with each action enabled or disabled by `can` (W-6).

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use seatwise::{Resource, UserId, Verb};
use serde::Deserialize;
use sqlx::{QueryBuilder, Sqlite};

use super::paging::{one_page, page_start, PAGE};
use super::{team_of, with_notice, Ctx, FormData, Layout};
use crate::{App, AppError, Session, SpaceKind};

pub(crate) struct CallRow {
    id: i64,
    title: String,
    starts_at: String,
    creator: String,
    host: String,
    can_edit: bool,
}

#[derive(Template)]
#[template(path = "calls.html")]
struct CallsPage {
    layout: Layout,
    path: String,
    calls: Vec<CallRow>,
    teams: Vec<(u64, String)>,
    team: Option<u64>,
    scope: String,
    /// The link to the next page, when there is one.
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct CallsQuery {
    team: Option<String>,
    after: Option<String>,
    notice: Option<String>,
}

fn id_of(user: i64) -> UserId {
    UserId::new(u64::try_from(user).unwrap_or(0))
}

/// The scheduled-events area, in a workspace that lists calls (the sales scheduler).
fn calls_area(ctx: &Ctx) -> Result<seatwise::AreaId, AppError> {
    if ctx.space.kind() != SpaceKind::SalesScheduler {
        return Err(AppError::NotFound(
            "this workspace has no scheduled calls".to_owned(),
        ));
    }
    ctx.ws
        .policy()
        .area("scheduled_events")
        .map_err(|e| AppError::NotFound(e.to_string()))
}

/// GET `/w/{ws}/calls?team=`: the scheduled calls the user may see (the policy's list filter
/// as one SQL query), optionally only those hosted by a team's members (W-2).
pub(crate) async fn calls(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    Query(query): Query<CallsQuery>,
) -> Result<Html<String>, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let area = calls_area(&ctx)?;
    let mode = ctx.mode("scheduled_events")?;
    let policy = ctx.ws.policy();
    let me = ctx.me();
    let team = match query.team.as_deref().filter(|t| !t.is_empty()) {
        Some(text) => {
            let id = team_of(text)?;
            Some(
                ctx.ws
                    .team(id)
                    .ok_or_else(|| AppError::BadForm(format!("there is no team {id}")))?,
            )
        }
        None => None,
    };
    let after = page_start(query.after.as_deref(), "record id")?;
    let filter = policy.list_filter(&me, Verb::VIEW, area);
    let mut sql = QueryBuilder::<Sqlite>::new(
        "SELECT calls.id, calls.title, calls.starts_at, calls.created_by, \
         (SELECT GROUP_CONCAT(user_id) FROM call_hosts WHERE call_hosts.call_id = calls.id) \
         FROM calls WHERE calls.workspace = ",
    );
    sql.push_bind(ctx.space.id().as_str().to_owned())
        .push(" AND ");
    ctx.space.records().push_condition(&mut sql, &filter)?;
    if let Some(team) = team {
        // The team filter: calls hosted by any of the team's members.
        sql.push(" AND calls.id IN (SELECT call_id FROM call_hosts WHERE user_id IN (");
        // -1 matches no user and keeps the list non-empty for a team without members.
        let mut list = sql.separated(", ");
        list.push_bind(-1_i64);
        for user in team.members() {
            list.push_bind(i64::try_from(user.get()).unwrap_or(-1));
        }
        sql.push("))");
    }
    if let Some(after) = after {
        sql.push(" AND calls.id > ").push_bind(after);
    }
    sql.push(" ORDER BY calls.id LIMIT ")
        .push_bind(PAGE.saturating_add(1));
    let rows: Vec<(i64, String, String, i64, Option<String>)> =
        sql.build_query_as().fetch_all(app.pool()).await?;
    let (rows, next) = one_page(rows, |row| row.0);
    let calls = rows
        .into_iter()
        .map(|(id, title, starts_at, creator, hosts)| {
            // Every host of the call: a co-host may edit it as much as the first one.
            let call = StoredCall {
                title,
                starts_at,
                creators: [id_of(creator)],
                hosts: hosts
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|h| h.trim().parse::<i64>().ok())
                    .map(id_of)
                    .collect(),
            };
            CallRow {
                id,
                can_edit: policy.is_allowed(&me, Verb::EDIT, &call.record(area)),
                creator: ctx.name_of(id_of(creator)),
                host: call.host_names(&ctx),
                title: call.title,
                starts_at: call.starts_at,
            }
        })
        .collect();
    let scope = match filter.coverage() {
        seatwise::Coverage::All => "every user's scheduled calls",
        seatwise::Coverage::Nothing => "no scheduled calls",
        _ => "the scheduled calls you host",
    };
    let path = format!("{}/calls", ctx.base());
    let next = next.map(|after| match team {
        Some(team) => format!("{path}?team={}&after={after}", team.id()),
        None => format!("{path}?after={after}"),
    });
    let page = CallsPage {
        layout: ctx.layout("Scheduled calls", "calls", mode, query.notice),
        path,
        next,
        calls,
        teams: ctx
            .ws
            .teams()
            .map(|t| (t.id().get(), t.name().to_owned()))
            .collect(),
        team: team.map(|t| t.id().get()),
        scope: scope.to_owned(),
    };
    Ok(Html(page.render()?))
}

/// The verbs a deal row offers, with their button labels.
const DEAL_VERBS: [(&str, &str); 6] = [
    ("present", "Present"),
    ("edit", "Edit"),
    ("approve", "Approve"),
    ("close", "Close"),
    ("archive", "Archive"),
    ("delete", "Delete"),
];

pub(crate) struct DealRow {
    id: i64,
    title: String,
    stage: String,
    owner: String,
    buttons: Vec<(&'static str, &'static str, bool)>,
}

#[derive(Template)]
#[template(path = "deals.html")]
struct DealsPage {
    layout: Layout,
    base: String,
    deals: Vec<DealRow>,
    can_create: bool,
    /// The link to the next page, when there is one.
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct DealsQuery {
    after: Option<String>,
    notice: Option<String>,
}

fn deals_area(ctx: &Ctx) -> Result<seatwise::AreaId, AppError> {
    if ctx.space.kind() != SpaceKind::DealSpace {
        return Err(AppError::NotFound(
            "this workspace has no deals page".to_owned(),
        ));
    }
    ctx.ws
        .policy()
        .area("deals")
        .map_err(|e| AppError::NotFound(e.to_string()))
}

/// The resource of a deal of workspace `ws`: its owner and assignees. A deal of another
/// workspace has no owner here, so it is not found.
async fn deal_parties(
    app: &App,
    ws: &str,
    id: i64,
) -> Result<(Vec<UserId>, Vec<UserId>), AppError> {
    let owner: Option<(i64,)> =
        sqlx::query_as("SELECT owner_id FROM deals WHERE id = ? AND workspace = ?")
            .bind(id)
            .bind(ws)
            .fetch_optional(app.pool())
            .await?;
    let assignees: Vec<(i64,)> =
        sqlx::query_as("SELECT user_id FROM deal_assignees WHERE deal_id = ?")
            .bind(id)
            .fetch_all(app.pool())
            .await?;
    Ok((
        owner.map(|(o,)| id_of(o)).into_iter().collect(),
        assignees.into_iter().map(|(a,)| id_of(a)).collect(),
    ))
}

/// GET `/w/{ws}/deals`: the deals the user may see; every action button enabled or disabled
/// by `can` on that deal; the read-only banner for a guest (W-6, A-10).
pub(crate) async fn deals(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    Query(query): Query<DealsQuery>,
) -> Result<Html<String>, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let area = deals_area(&ctx)?;
    let mode = ctx.mode("deals")?;
    let policy = ctx.ws.policy();
    let me = ctx.me();
    let after = page_start(query.after.as_deref(), "record id")?;
    let filter = policy.list_filter(&me, Verb::VIEW, area);
    let mut sql = QueryBuilder::<Sqlite>::new(
        "SELECT deals.id, deals.title, deals.stage, deals.owner_id FROM deals WHERE deals.workspace = ",
    );
    sql.push_bind(ctx.space.id().as_str().to_owned())
        .push(" AND ");
    ctx.space.records().push_condition(&mut sql, &filter)?;
    if let Some(after) = after {
        sql.push(" AND deals.id > ").push_bind(after);
    }
    sql.push(" ORDER BY deals.id LIMIT ")
        .push_bind(PAGE.saturating_add(1));
    let rows: Vec<(i64, String, String, i64)> = sql.build_query_as().fetch_all(app.pool()).await?;
    let (rows, next) = one_page(rows, |row| row.0);
    let mut deals = Vec::with_capacity(rows.len());
    for (id, title, stage, owner) in rows {
        let (owners, assignees) = deal_parties(&app, ctx.space.id().as_str(), id).await?;
        let record = Resource::new(area)
            .owned_by(&owners[..])
            .assigned_to(&assignees[..]);
        let buttons = DEAL_VERBS
            .iter()
            .map(|(verb, label)| {
                let allowed = Verb::named(verb).is_some_and(|v| policy.is_allowed(&me, v, &record));
                (*verb, *label, allowed)
            })
            .collect();
        deals.push(DealRow {
            id,
            title,
            stage,
            owner: ctx.name_of(id_of(owner)),
            buttons,
        });
    }
    let page = DealsPage {
        layout: ctx.layout("Deals", "deals", mode, query.notice),
        base: ctx.base(),
        deals,
        can_create: policy.is_allowed(&me, Verb::CREATE, &Resource::new(area)),
        next: next.map(|after| format!("{}/deals?after={after}", ctx.base())),
    };
    Ok(Html(page.render()?))
}

/// The longest record title taken, in characters.
const MAX_TITLE_CHARS: usize = 200;

/// POST `/w/{ws}/deals`: a new deal owned by the signed-in user, allowed only when `can` says
/// they may create deals; the title is trimmed and must be 1 to 200 characters without
/// control characters.
pub(crate) async fn create_deal(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(ws): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let area = deals_area(&ctx)?;
    let decision = ctx
        .ws
        .policy()
        .can(&ctx.me(), Verb::CREATE, &Resource::new(area));
    if !decision.is_allowed() {
        return Err(AppError::Refused(seatwise::CommandError::Denied(decision)));
    }
    let form = FormData::parse(&body)?;
    let title = form.line("title", "a title", MAX_TITLE_CHARS)?;
    let owner = i64::try_from(ctx.user.id.get())
        .map_err(|_| AppError::BadForm(format!("user {} cannot own deals", ctx.user.id)))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO deals (workspace, title, stage, owner_id) VALUES (?, ?, 'New', ?) RETURNING id",
    )
    .bind(ctx.space.id().as_str())
    .bind(title)
    .bind(owner)
    .fetch_one(app.pool())
    .await?;
    let back = format!("{}/deals", ctx.base());
    Ok(Redirect::to(&with_notice(&back, &format!("Created deal {id}: {title}."))).into_response())
}

/// POST `/w/{ws}/deals/{id}/{verb}`: a deal action, allowed only when `can` says so on that
/// deal; a refusal names the reason.
pub(crate) async fn deal_action(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path((ws, id, verb)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let area = deals_area(&ctx)?;
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::BadForm(format!("`{id}` is not a deal")))?;
    let label = DEAL_VERBS
        .iter()
        .find(|(v, _)| *v == verb)
        .map(|(_, l)| *l)
        .ok_or_else(|| AppError::NotFound(format!("deals have no action `{verb}`")))?;
    let verb_id =
        Verb::named(&verb).ok_or_else(|| AppError::NotFound(format!("no action `{verb}`")))?;
    let (owners, assignees) = deal_parties(&app, ctx.space.id().as_str(), id).await?;
    if owners.is_empty() {
        return Err(AppError::NotFound(format!("there is no deal {id}")));
    }
    let record = Resource::new(area)
        .owned_by(&owners[..])
        .assigned_to(&assignees[..]);
    let policy = ctx.ws.policy();
    let decision = policy.can(&ctx.me(), verb_id, &record);
    if !decision.is_allowed() {
        return Err(AppError::Refused(seatwise::CommandError::Denied(decision)));
    }
    let stage = match verb.as_str() {
        "approve" => Some("Approved"),
        "close" => Some("Closed won"),
        "archive" => Some("Archived"),
        _ => None,
    };
    if verb == "delete" {
        sqlx::query("DELETE FROM deal_assignees WHERE deal_id = ?")
            .bind(id)
            .execute(app.pool())
            .await?;
        sqlx::query("DELETE FROM deals WHERE id = ? AND workspace = ?")
            .bind(id)
            .bind(ctx.space.id().as_str())
            .execute(app.pool())
            .await?;
    } else if let Some(stage) = stage {
        sqlx::query("UPDATE deals SET stage = ? WHERE id = ? AND workspace = ?")
            .bind(stage)
            .bind(id)
            .bind(ctx.space.id().as_str())
            .execute(app.pool())
            .await?;
    }
    let back = format!("{}/deals", ctx.base());
    Ok(Redirect::to(&with_notice(&back, &format!("Done: {label} deal {id}."))).into_response())
}

/// A scheduled call as the host's tables hold it: what the list and the edit page show, and
/// who created and hosts it.
struct StoredCall {
    title: String,
    starts_at: String,
    creators: [UserId; 1],
    hosts: Vec<UserId>,
}

impl StoredCall {
    /// The call as a resource of `area`: its creator and every host.
    fn record(&self, area: seatwise::AreaId) -> Resource<'_> {
        Resource::new(area)
            .created_by(&self.creators[..])
            .hosted_by(&self.hosts[..])
    }

    /// The hosts' names, in user order.
    fn host_names(&self, ctx: &Ctx) -> String {
        self.hosts
            .iter()
            .map(|h| ctx.name_of(*h))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Call `id` of this workspace, with every host; a call of another workspace is not found.
async fn stored_call(app: &App, ctx: &Ctx, id: &str) -> Result<(i64, StoredCall), AppError> {
    let missing = || AppError::NotFound(format!("there is no scheduled call {id}"));
    let id: i64 = id.parse().map_err(|_| missing())?;
    let row: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT title, starts_at, created_by FROM calls WHERE id = ? AND workspace = ?",
    )
    .bind(id)
    .bind(ctx.space.id().as_str())
    .fetch_optional(app.pool())
    .await?;
    let (title, starts_at, creator) = row.ok_or_else(missing)?;
    let hosts: Vec<(i64,)> =
        sqlx::query_as("SELECT user_id FROM call_hosts WHERE call_id = ? ORDER BY user_id")
            .bind(id)
            .fetch_all(app.pool())
            .await?;
    Ok((
        id,
        StoredCall {
            title,
            starts_at,
            creators: [id_of(creator)],
            hosts: hosts.into_iter().map(|(h,)| id_of(h)).collect(),
        },
    ))
}

/// Lets through only a user whom `can` allows to edit `call`: the same decision as the
/// list's Edit button, taken again on the server.
fn may_edit(ctx: &Ctx, call: &StoredCall) -> Result<(), AppError> {
    let area = calls_area(ctx)?;
    let decision = ctx
        .ws
        .policy()
        .can(&ctx.me(), Verb::EDIT, &call.record(area));
    if decision.is_allowed() {
        Ok(())
    } else {
        Err(AppError::Refused(seatwise::CommandError::Denied(decision)))
    }
}

#[derive(Template)]
#[template(path = "call_edit.html")]
struct CallEditPage {
    layout: Layout,
    action: String,
    back: String,
    title: String,
    starts_at: String,
    hosts: String,
}

/// GET `/w/{ws}/calls/{id}/edit`: the edit form of a call, for whoever `can` edit it.
pub(crate) async fn edit_call_page(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path((ws, id)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let (id, call) = stored_call(&app, &ctx, &id).await?;
    may_edit(&ctx, &call)?;
    let mode = ctx.mode("scheduled_events")?;
    let hosts = call.host_names(&ctx);
    let page = CallEditPage {
        layout: ctx.layout("Edit scheduled call", "calls", mode, None),
        action: format!("{}/calls/{id}", ctx.base()),
        back: format!("{}/calls", ctx.base()),
        title: call.title,
        starts_at: call.starts_at,
        hosts,
    };
    Ok(Html(page.render()?))
}

/// POST `/w/{ws}/calls/{id}`: saves a call's title, for whoever `can` edit it; a
/// forged post by anyone else is refused with the reason.
pub(crate) async fn edit_call(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path((ws, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let ctx = Ctx::load(&app, &session, &ws).await?;
    let (id, call) = stored_call(&app, &ctx, &id).await?;
    may_edit(&ctx, &call)?;
    let form = FormData::parse(&body)?;
    let title = form.line("title", "a title", MAX_TITLE_CHARS)?;
    sqlx::query("UPDATE calls SET title = ? WHERE id = ? AND workspace = ?")
        .bind(title)
        .bind(id)
        .bind(ctx.space.id().as_str())
        .execute(app.pool())
        .await?;
    let back = format!("{}/calls", ctx.base());
    Ok(Redirect::to(&with_notice(&back, &format!("Saved call {id}: {title}."))).into_response())
}

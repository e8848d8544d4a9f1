//! The read model (S-2): members, invitations, access requests, teams and team members as
//! tables, written in the commit's transaction. A command rewrites only the rows its events
//! touch, read from the workspace after the command, so a command at 100,000 members writes
//! a handful of rows.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use seatwise::{
    AccessRequest, Email, Event, Invitation, Member, MemberKind, RoleId, TeamId, UserId, Workspace,
};

use crate::db::{int, on_tx, Tx};
use crate::log::{values_sql, ROWS_PER_INSERT};
use crate::{StoreError, WorkspaceId};

/// The rows a command's events touch, and which of them existed before the command.
///
/// A command's transaction writes rows that change and nothing else: each write is a round
/// trip to the database, and the command's cost at any size is mostly those round trips.
/// What exists after the command is written with an upsert (right whatever was stored); a
/// row is deleted only if the workspace before the command had it, since the read model
/// held exactly that workspace's rows (each commit writes them in its own transaction).
#[derive(Debug, Default)]
pub(crate) struct Touched {
    /// Each touched user: whether they were a member before, and had team rows.
    users: BTreeMap<UserId, (bool, bool)>,
    /// Each touched address: whether it had an invitation before, and an access request.
    emails: BTreeMap<Email, (bool, bool)>,
    teams: BTreeSet<TeamId>,
    /// An event this version of the store does not know: rewrite every row.
    everything: bool,
}

impl Touched {
    /// The rows `events` touch, with what `before`, the workspace the events were decided
    /// on, held of them.
    pub(crate) fn of(events: &[Event], before: &Workspace) -> Touched {
        let mut users = BTreeSet::new();
        let mut emails = BTreeSet::new();
        let mut t = Touched::default();
        for event in events {
            match event {
                Event::Created { owner, .. } => {
                    users.insert(*owner);
                }
                Event::InvitationSent { email, .. }
                | Event::InvitationResent { email }
                | Event::InviteLinkIssued { email, .. }
                | Event::InvitationRevoked { email }
                | Event::InvitationDeclined { email }
                | Event::InvitationExpired { email }
                | Event::AccessRejected { email } => {
                    emails.insert(email);
                }
                Event::InvitationAccepted { email, user, .. }
                | Event::AccessRequested { email, user, .. }
                | Event::AccessApproved { email, user, .. } => {
                    emails.insert(email);
                    users.insert(*user);
                }
                Event::RoleChanged { user, .. }
                | Event::MemberRemoved { user }
                | Event::AvailabilityChanged { user, .. }
                | Event::CalendarConnected { user, .. }
                | Event::CalendarDisconnected { user } => {
                    users.insert(*user);
                }
                Event::OwnershipTransferred { from, to, .. } => {
                    users.insert(*from);
                    users.insert(*to);
                }
                Event::TeamCreated { team, .. }
                | Event::TeamRenamed { team, .. }
                | Event::TeamDeleted { team } => {
                    t.teams.insert(*team);
                }
                // A user's team rows are rewritten from the member's own list of teams.
                Event::AddedToTeam { user, .. } | Event::RemovedFromTeam { user, .. } => {
                    users.insert(*user);
                }
                // Role names and keys do not change when a role's grants do (T-1); billing
                // lives in the workspace row, which every commit rewrites.
                Event::PolicyChanged { .. }
                | Event::GuestLimitConfirmed { .. }
                | Event::SeatsOnAcceptanceConfirmed { .. }
                | Event::SeatsAdded { .. }
                | Event::PlanUpgraded { .. }
                | Event::DowngradeScheduled { .. }
                | Event::DowngradeCancelled { .. }
                | Event::DowngradeDropped { .. }
                | Event::Renewed { .. }
                | Event::Committed { .. } => {}
                _ => t.everything = true,
            }
        }
        for user in users {
            let had = before
                .member(user)
                .map_or((false, false), |m| (true, !m.teams().is_empty()));
            t.users.insert(user, had);
        }
        for email in emails {
            let had = (
                before.invitation(email).is_some(),
                before.request(email).is_some(),
            );
            t.emails.insert(email.clone(), had);
        }
        t
    }
}

/// Writes the rows `touched` names from `space`, the workspace after the command.
pub(crate) async fn write_touched(
    tx: &mut Tx,
    ws: &WorkspaceId,
    space: &Workspace,
    touched: &Touched,
) -> Result<(), StoreError> {
    if touched.everything {
        return rebuild(tx, ws, space).await;
    }
    for team in &touched.teams {
        match space.team(*team) {
            Some(t) => upsert_team(tx, ws, t.id(), t.name()).await?,
            None => delete_team(tx, ws, *team).await?,
        }
    }
    for (user, (was_member, had_teams)) in &touched.users {
        let id = int("user id", user.get())?;
        if *had_teams {
            delete_keyed(
                tx,
                ws,
                id,
                &["DELETE FROM seatwise_team_members WHERE workspace = $1 AND user_id = $2"],
            )
            .await?;
        }
        match space.member(*user) {
            Some(member) => upsert_member(tx, ws, space, member).await?,
            None if *was_member => {
                delete_keyed(
                    tx,
                    ws,
                    id,
                    &["DELETE FROM seatwise_members WHERE workspace = $1 AND user_id = $2"],
                )
                .await?
            }
            None => {}
        }
    }
    for (email, (was_invited, had_requested)) in &touched.emails {
        match space.invitation(email) {
            Some(invitation) => upsert_invitation(tx, ws, space, invitation).await?,
            None if *was_invited => delete_by_email(tx, ws, email, DELETE_INVITATION).await?,
            None => {}
        }
        match space.request(email) {
            Some(request) => upsert_request(tx, ws, request).await?,
            None if *had_requested => delete_by_email(tx, ws, email, DELETE_REQUEST).await?,
            None => {}
        }
    }
    Ok(())
}

const DELETE_INVITATION: &str =
    "DELETE FROM seatwise_invitations WHERE workspace = $1 AND email = $2";
const DELETE_REQUEST: &str =
    "DELETE FROM seatwise_access_requests WHERE workspace = $1 AND email = $2";

/// Runs `sql`, a `DELETE … WHERE workspace = $1 AND email = $2`.
async fn delete_by_email(
    tx: &mut Tx,
    ws: &WorkspaceId,
    email: &Email,
    sql: &'static str,
) -> Result<(), StoreError> {
    on_tx!(&mut *tx, |c| sqlx::query(sql)
        .bind(ws.as_str())
        .bind(email.as_str())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Rewrites every read-model row of the workspace (creation, import, an unknown event).
pub(crate) async fn rebuild(
    tx: &mut Tx,
    ws: &WorkspaceId,
    space: &Workspace,
) -> Result<(), StoreError> {
    for table in [
        "seatwise_team_members",
        "seatwise_teams",
        "seatwise_members",
        "seatwise_invitations",
        "seatwise_access_requests",
    ] {
        let sql = format!("DELETE FROM {table} WHERE workspace = $1");
        on_tx!(&mut *tx, |c| sqlx::query(&sql)
            .bind(ws.as_str())
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    for team in space.teams() {
        upsert_team(tx, ws, team.id(), team.name()).await?;
    }
    for member in space.members() {
        upsert_member(tx, ws, space, member).await?;
    }
    for invitation in space.invitations() {
        upsert_invitation(tx, ws, space, invitation).await?;
    }
    for request in space.requests() {
        upsert_request(tx, ws, request).await?;
    }
    Ok(())
}

async fn upsert_team(
    tx: &mut Tx,
    ws: &WorkspaceId,
    team: TeamId,
    name: &str,
) -> Result<(), StoreError> {
    let id = int("team id", team.get())?;
    on_tx!(&mut *tx, |c| sqlx::query(
        "INSERT INTO seatwise_teams (workspace, team_id, name) VALUES ($1, $2, $3) \
         ON CONFLICT (workspace, team_id) DO UPDATE SET name = excluded.name"
    )
    .bind(ws.as_str())
    .bind(id)
    .bind(name)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

async fn delete_team(tx: &mut Tx, ws: &WorkspaceId, team: TeamId) -> Result<(), StoreError> {
    let id = int("team id", team.get())?;
    delete_keyed(
        tx,
        ws,
        id,
        &[
            "DELETE FROM seatwise_team_members WHERE workspace = $1 AND team_id = $2",
            "DELETE FROM seatwise_teams WHERE workspace = $1 AND team_id = $2",
        ],
    )
    .await
}

/// Runs each `DELETE … WHERE workspace = $1 AND <key> = $2` of `statements`, in order.
async fn delete_keyed(
    tx: &mut Tx,
    ws: &WorkspaceId,
    id: i64,
    statements: &[&str],
) -> Result<(), StoreError> {
    for sql in statements {
        on_tx!(&mut *tx, |c| sqlx::query(sql)
            .bind(ws.as_str())
            .bind(id)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// The role's name and its stable key as 12 hexadecimal digits (T-1).
pub(crate) fn role_columns(
    ws: &WorkspaceId,
    space: &Workspace,
    role: RoleId,
) -> Result<(String, String), StoreError> {
    let info = space
        .policy()
        .role_info(role)
        .ok_or_else(|| StoreError::Damaged {
            workspace: ws.clone(),
            version: space.version(),
            reason: format!("role {role:?} is not in the policy"),
        })?;
    Ok((info.name().to_owned(), format!("{:012x}", role.key())))
}

pub(crate) fn kind_name(kind: MemberKind) -> &'static str {
    match kind {
        MemberKind::Guest => "guest",
        _ => "member",
    }
}

/// Writes a member's row, over the one stored if any, and adds their team rows.
async fn upsert_member(
    tx: &mut Tx,
    ws: &WorkspaceId,
    space: &Workspace,
    member: &Member,
) -> Result<(), StoreError> {
    let id = int("user id", member.user().get())?;
    let (role, key) = role_columns(ws, space, member.role())?;
    let owner = space.owner() == member.user();
    let joined: DateTime<Utc> = member.joined_at();
    on_tx!(&mut *tx, |c| sqlx::query(
        "INSERT INTO seatwise_members (workspace, user_id, email, name, role, role_key, kind, \
         is_owner, has_availability, calendar, joined_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (workspace, user_id) DO UPDATE SET email = excluded.email, \
         name = excluded.name, role = excluded.role, role_key = excluded.role_key, \
         kind = excluded.kind, is_owner = excluded.is_owner, \
         has_availability = excluded.has_availability, calendar = excluded.calendar, \
         joined_at = excluded.joined_at"
    )
    .bind(ws.as_str())
    .bind(id)
    .bind(member.email().as_str())
    .bind(member.name())
    .bind(&role)
    .bind(&key)
    .bind(kind_name(member.kind()))
    .bind(owner)
    .bind(member.has_availability())
    .bind(member.calendar())
    .bind(joined)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    let teams = member
        .teams()
        .iter()
        .map(|team| int("team id", team.get()))
        .collect::<Result<Vec<_>, _>>()?;
    for chunk in teams.chunks(ROWS_PER_INSERT) {
        let mut sql = values_sql(
            "INSERT INTO seatwise_team_members (workspace, team_id, user_id) VALUES ",
            3,
            chunk.len(),
        );
        sql.push_str(" ON CONFLICT (workspace, team_id, user_id) DO NOTHING");
        on_tx!(&mut *tx, |c| {
            let mut query = sqlx::query(&sql);
            for team in chunk {
                query = query.bind(ws.as_str()).bind(*team).bind(id);
            }
            query.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Writes an invitation's row, over the one stored if any.
async fn upsert_invitation(
    tx: &mut Tx,
    ws: &WorkspaceId,
    space: &Workspace,
    invitation: &Invitation,
) -> Result<(), StoreError> {
    let (role, key) = role_columns(ws, space, invitation.role())?;
    let by = int("user id", invitation.invited_by().get())?;
    on_tx!(&mut *tx, |c| sqlx::query(
        "INSERT INTO seatwise_invitations (workspace, email, role, role_key, kind, invited_by, \
         sent_at, expires_at, times_resent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (workspace, email) DO UPDATE SET role = excluded.role, \
         role_key = excluded.role_key, kind = excluded.kind, invited_by = excluded.invited_by, \
         sent_at = excluded.sent_at, expires_at = excluded.expires_at, \
         times_resent = excluded.times_resent"
    )
    .bind(ws.as_str())
    .bind(invitation.email().as_str())
    .bind(&role)
    .bind(&key)
    .bind(kind_name(invitation.kind()))
    .bind(by)
    .bind(invitation.sent_at())
    .bind(invitation.expires_at())
    .bind(i64::from(invitation.times_resent()))
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Writes an access request's row, over the one stored if any.
async fn upsert_request(
    tx: &mut Tx,
    ws: &WorkspaceId,
    request: &AccessRequest,
) -> Result<(), StoreError> {
    let user = int("user id", request.user().get())?;
    on_tx!(&mut *tx, |c| sqlx::query(
        "INSERT INTO seatwise_access_requests (workspace, email, user_id, name, requested_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (workspace, email) DO UPDATE SET \
         user_id = excluded.user_id, name = excluded.name, requested_at = excluded.requested_at"
    )
    .bind(ws.as_str())
    .bind(request.email().as_str())
    .bind(user)
    .bind(request.name())
    .bind(request.requested_at())
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A `seatwise_members` row as [`stored_lines`] reads it.
type MemberRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    bool,
    bool,
    Option<String>,
);

/// The read model as text lines, sorted, from the tables (to compare with [`expected`]).
pub(crate) async fn stored_lines(tx: &mut Tx, ws: &WorkspaceId) -> Result<Vec<String>, StoreError> {
    let mut lines = Vec::new();
    let members: Vec<MemberRow> = on_tx!(&mut *tx, |c| sqlx::query_as(
        "SELECT user_id, email, name, role, role_key, kind, is_owner, has_availability, \
             calendar FROM seatwise_members WHERE workspace = $1"
    )
    .bind(ws.as_str())
    .fetch_all(c)
    .await)?;
    for (user, email, name, role, key, kind, owner, availability, calendar) in members {
        lines.push(format!(
            "member {user} {email} {name:?} {role} {key} {kind} {owner} {availability} {calendar:?}"
        ));
    }
    let invitations: Vec<(String, String, String, String, i64, i64)> =
        on_tx!(&mut *tx, |c| sqlx::query_as(
            "SELECT email, role, role_key, kind, invited_by, times_resent \
             FROM seatwise_invitations WHERE workspace = $1"
        )
        .bind(ws.as_str())
        .fetch_all(c)
        .await)?;
    for (email, role, key, kind, by, resent) in invitations {
        lines.push(format!(
            "invitation {email} {role} {key} {kind} {by} {resent}"
        ));
    }
    let requests: Vec<(String, i64, String)> = on_tx!(&mut *tx, |c| sqlx::query_as(
        "SELECT email, user_id, name FROM seatwise_access_requests WHERE workspace = $1"
    )
    .bind(ws.as_str())
    .fetch_all(c)
    .await)?;
    for (email, user, name) in requests {
        lines.push(format!("request {email} {user} {name:?}"));
    }
    let teams: Vec<(i64, String)> = on_tx!(&mut *tx, |c| sqlx::query_as(
        "SELECT team_id, name FROM seatwise_teams WHERE workspace = $1"
    )
    .bind(ws.as_str())
    .fetch_all(c)
    .await)?;
    for (team, name) in teams {
        lines.push(format!("team {team} {name:?}"));
    }
    let team_members: Vec<(i64, i64)> = on_tx!(&mut *tx, |c| sqlx::query_as(
        "SELECT team_id, user_id FROM seatwise_team_members WHERE workspace = $1"
    )
    .bind(ws.as_str())
    .fetch_all(c)
    .await)?;
    for (team, user) in team_members {
        lines.push(format!("team-member {team} {user}"));
    }
    lines.sort();
    Ok(lines)
}

/// The read model `space` should have, as [`stored_lines`] writes it.
pub(crate) fn expected_lines(
    ws: &WorkspaceId,
    space: &Workspace,
) -> Result<Vec<String>, StoreError> {
    let mut lines = Vec::new();
    for m in space.members() {
        let (role, key) = role_columns(ws, space, m.role())?;
        lines.push(format!(
            "member {} {} {:?} {role} {key} {} {} {} {:?}",
            m.user().get(),
            m.email(),
            m.name(),
            kind_name(m.kind()),
            space.owner() == m.user(),
            m.has_availability(),
            m.calendar(),
        ));
        for team in m.teams() {
            lines.push(format!("team-member {} {}", team.get(), m.user().get()));
        }
    }
    for i in space.invitations() {
        let (role, key) = role_columns(ws, space, i.role())?;
        lines.push(format!(
            "invitation {} {role} {key} {} {} {}",
            i.email(),
            kind_name(i.kind()),
            i.invited_by().get(),
            i.times_resent()
        ));
    }
    for r in space.requests() {
        lines.push(format!(
            "request {} {} {:?}",
            r.email(),
            r.user().get(),
            r.name()
        ));
    }
    for t in space.teams() {
        lines.push(format!("team {} {:?}", t.id().get(), t.name()));
    }
    lines.sort();
    Ok(lines)
}

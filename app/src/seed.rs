//! The demo data: both seeds' workspaces, told through the store as commands (so their logs,
//! read models and outboxes are real), the demo users, and the host's own calls and deals.

use chrono::{DateTime, Duration, Utc};
use seatwise::{
    presets, Change, Command, CommandError, Email, InviteToken, Invitee, Plan, Policy, Proof,
    TeamId, UserId,
};
use seatwise_store::{RecordTable, Store, StoreError, WorkspaceId};
use sqlx::SqlitePool;

use crate::{AppError, Space, SpaceKind};

/// The sales scheduler of seed 000.
pub(crate) const SALES: &str = "closers-inc";
/// The deal space of seed 004.
pub(crate) const DEALS: &str = "deal-room";

/// The host's tables, beside the store's `seatwise_*` tables.
const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS app_users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, persona TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS app_invite_links (token TEXT PRIMARY KEY, workspace TEXT NOT NULL, email TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS calls (id INTEGER PRIMARY KEY, workspace TEXT NOT NULL, title TEXT NOT NULL, starts_at TEXT NOT NULL, created_by INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS call_hosts (call_id INTEGER NOT NULL, user_id INTEGER NOT NULL, PRIMARY KEY (call_id, user_id))",
    "CREATE INDEX IF NOT EXISTS call_hosts_by_user ON call_hosts (user_id, call_id)",
    "CREATE INDEX IF NOT EXISTS calls_by_creator ON calls (created_by)",
    "CREATE TABLE IF NOT EXISTS deals (id INTEGER PRIMARY KEY, workspace TEXT NOT NULL, title TEXT NOT NULL, stage TEXT NOT NULL, owner_id INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS deal_assignees (deal_id INTEGER NOT NULL, user_id INTEGER NOT NULL, PRIMARY KEY (deal_id, user_id))",
    "CREATE INDEX IF NOT EXISTS deal_assignees_by_user ON deal_assignees (user_id, deal_id)",
    "CREATE INDEX IF NOT EXISTS deals_by_owner ON deals (owner_id)",
];

/// How the host's records of a kind of workspace are laid out (S-6).
pub(crate) fn record_table(kind: SpaceKind, policy: &Policy) -> Result<RecordTable, AppError> {
    let table = match kind {
        SpaceKind::SalesScheduler => RecordTable::builder("calls", "id")
            .area(policy.area("scheduled_events").map_err(seed_error)?)
            .creator_column("created_by")
            .hosts_table("call_hosts", "call_id", "user_id")
            .build(),
        SpaceKind::DealSpace => RecordTable::builder("deals", "id")
            .area(policy.area("deals").map_err(seed_error)?)
            .owner_column("owner_id")
            .assignees_table("deal_assignees", "deal_id", "user_id")
            .build(),
    };
    table.map_err(seed_error)
}

fn seed_error(error: impl std::fmt::Display) -> AppError {
    AppError::Seed(error.to_string())
}

/// Creates the host's tables, and the two workspaces with their users and records unless the
/// database already holds them. Commands are dated from two hours before `now`.
pub(crate) async fn seed(
    store: &Store,
    pool: &SqlitePool,
    now: DateTime<Utc>,
) -> Result<Vec<Space>, AppError> {
    for statement in SCHEMA {
        sqlx::query(statement).execute(pool).await?;
    }
    let mut clock = Clock(now - Duration::hours(2));
    let sales = WorkspaceId::new(SALES)?;
    let deals = WorkspaceId::new(DEALS)?;
    if !exists(store, &sales).await? {
        sales_scheduler(store, pool, &sales, &mut clock).await?;
    }
    if !exists(store, &deals).await? {
        deal_space(store, pool, &deals, &mut clock).await?;
    }
    let sales_policy = store.load(&sales).await?;
    let deals_policy = store.load(&deals).await?;
    Ok(vec![
        Space {
            records: record_table(SpaceKind::SalesScheduler, sales_policy.policy())?,
            id: sales,
            kind: SpaceKind::SalesScheduler,
            title: "Closers Inc (sales scheduler)".to_owned(),
        },
        Space {
            records: record_table(SpaceKind::DealSpace, deals_policy.policy())?,
            id: deals,
            kind: SpaceKind::DealSpace,
            title: "Deal room (deal space)".to_owned(),
        },
    ])
}

async fn exists(store: &Store, ws: &WorkspaceId) -> Result<bool, AppError> {
    match store.version(ws).await {
        Ok(_) => Ok(true),
        Err(StoreError::NotFound(_)) => Ok(false),
        Err(other) => Err(other.into()),
    }
}

/// Seeding time: each command one second after the previous one.
struct Clock(DateTime<Utc>);

impl Clock {
    fn tick(&mut self) -> DateTime<Utc> {
        self.0 += Duration::seconds(1);
        self.0
    }
}

/// Runs `change`: previews it, confirms the quote (B-9) and the guest limit if asked.
async fn step(
    store: &Store,
    ws: &WorkspaceId,
    actor: UserId,
    change: Change,
    clock: &mut Clock,
) -> Result<(), AppError> {
    let now = clock.tick();
    let mut command = Command::new(change);
    match store.preview(ws, actor, &command, now).await {
        Ok(outcome) => {
            if let Some(quote) = outcome.quote() {
                command = command.confirming(quote.clone());
            }
        }
        Err(StoreError::Command(CommandError::GuestLimitConfirmationRequired { .. })) => {
            command = command.confirming_guest_limit();
        }
        Err(other) => return Err(seed_error(other)),
    }
    store
        .execute(ws, actor, command, now)
        .await
        .map_err(seed_error)?;
    Ok(())
}

async fn user(
    pool: &SqlitePool,
    id: u64,
    email: &str,
    name: &str,
    persona: &str,
) -> Result<(), AppError> {
    sqlx::query("INSERT OR IGNORE INTO app_users (id, email, name, persona) VALUES (?, ?, ?, ?)")
        .bind(i64::try_from(id).map_err(seed_error)?)
        .bind(email)
        .bind(name)
        .bind(persona)
        .execute(pool)
        .await?;
    Ok(())
}

fn mail(address: &str) -> Result<Email, AppError> {
    Email::parse(address).map_err(seed_error)
}

/// Invites `email` with a fresh link token and records the link for the join page (W-5).
async fn link(pool: &SqlitePool, ws: &WorkspaceId, email: &Email) -> Result<InviteToken, AppError> {
    let token = crate::session::random_token()?;
    sqlx::query("INSERT INTO app_invite_links (token, workspace, email) VALUES (?, ?, ?)")
        .bind(&token)
        .bind(ws.as_str())
        .bind(email.as_str())
        .execute(pool)
        .await?;
    Ok(InviteToken::new(&token))
}

fn accept(email: &Email, name: &str) -> Change {
    Change::AcceptInvitation {
        email: email.clone(),
        name: name.to_owned(),
        proof: Proof::VerifiedEmail,
    }
}

fn invite(invitees: Vec<Invitee>) -> Change {
    Change::Invite {
        invitees,
        expires_at: None,
    }
}

/// Seed 000 on the Business plan: Olivia (owner, Super Admin), Dan (Super Admin), Maria
/// (Sales Manager), Carla (Closer), Sam (Setter), Pete invited; teams; scheduled calls.
async fn sales_scheduler(
    store: &Store,
    pool: &SqlitePool,
    ws: &WorkspaceId,
    clock: &mut Clock,
) -> Result<(), AppError> {
    let policy = presets::sales_scheduler().map_err(seed_error)?;
    let role = |name: &str| policy.role(name).map_err(seed_error);
    let (closer, setter, manager, admin) = (
        role("closer")?,
        role("setter")?,
        role("sales_manager")?,
        role("super_admin")?,
    );
    let people: [(u64, &str, &str, &str); 6] = [
        (
            1,
            "olivia@closers.example",
            "Olivia",
            "Closers Inc: owner (Super Admin)",
        ),
        (2, "dan@closers.example", "Dan", "Closers Inc: Super Admin"),
        (
            3,
            "maria@closers.example",
            "Maria",
            "Closers Inc: Sales Manager",
        ),
        (
            4,
            "carla@closers.example",
            "Carla",
            "Closers Inc: Closer (team Closers); asked for access to the deal room",
        ),
        (
            5,
            "sam@closers.example",
            "Sam",
            "Closers Inc: Setter (team Setters)",
        ),
        (
            6,
            "pete@closers.example",
            "Pete",
            "Closers Inc: invited as Closer, not joined yet",
        ),
    ];
    for (id, email, name, persona) in people {
        user(pool, id, email, name, persona).await?;
    }
    let [olivia, dan, maria, carla, sam, _pete] = [1, 2, 3, 4, 5, 6].map(UserId::new);
    store
        .create(
            ws,
            policy.clone(),
            Plan::business(),
            olivia,
            mail("olivia@closers.example")?,
            "Olivia",
            clock.tick(),
        )
        .await?;
    let batch = invite(vec![
        Invitee::member(mail("dan@closers.example")?, admin),
        Invitee::member(mail("maria@closers.example")?, manager),
        Invitee::member(mail("carla@closers.example")?, closer),
        Invitee::member(mail("sam@closers.example")?, setter),
    ]);
    step(store, ws, olivia, batch, clock).await?;
    for (user, email, name) in [
        (dan, "dan@closers.example", "Dan"),
        (maria, "maria@closers.example", "Maria"),
        (carla, "carla@closers.example", "Carla"),
        (sam, "sam@closers.example", "Sam"),
    ] {
        step(store, ws, user, accept(&mail(email)?, name), clock).await?;
    }
    // SS-15: availability and calendar badges.
    for user in [olivia, carla, sam, maria] {
        step(
            store,
            ws,
            user,
            Change::SetAvailability { user, set: true },
            clock,
        )
        .await?;
    }
    for (user, calendar) in [
        (olivia, "olivia@closers.example (Google)"),
        (carla, "carla@closers.example (Outlook)"),
    ] {
        let connect = Change::ConnectCalendar {
            user,
            calendar: calendar.to_owned(),
        };
        step(store, ws, user, connect, clock).await?;
    }
    // M-8: teams.
    for (team, name, members) in [(1, "Closers", vec![carla]), (2, "Setters", vec![sam])] {
        let team = TeamId::new(team);
        step(
            store,
            ws,
            olivia,
            Change::CreateTeam {
                team,
                name: name.to_owned(),
            },
            clock,
        )
        .await?;
        for user in members {
            step(store, ws, olivia, Change::AddToTeam { team, user }, clock).await?;
        }
    }
    // M-1: Pete is invited and has not accepted yet.
    let pete = mail("pete@closers.example")?;
    let token = link(pool, ws, &pete).await?;
    let batch = invite(vec![Invitee::member(pete, closer).with_token(token)]);
    step(store, ws, olivia, batch, clock).await?;
    // The host's scheduled calls: creator and host, listed through the SQL filter (S-6).
    let calls: [(i64, &str, u64, u64); 8] = [
        (101, "Discovery call with Acme", 1, 4),
        (102, "Demo for Globex", 3, 4),
        (103, "Follow-up with Initech", 4, 4),
        (104, "Qualification: Umbrella", 5, 5),
        (105, "Setter sync: Hooli", 5, 5),
        (106, "Pricing review: Stark", 3, 3),
        (107, "Renewal: Wayne", 1, 1),
        (108, "Intro: Soylent (booked by Sam for Carla)", 5, 4),
    ];
    for (i, (id, title, creator, host)) in calls.into_iter().enumerate() {
        let starts = clock.0 + Duration::days(i64::try_from(i).unwrap_or(0) + 1);
        sqlx::query("INSERT INTO calls (id, workspace, title, starts_at, created_by) VALUES (?, ?, ?, ?, ?)")
            .bind(id)
            .bind(ws.as_str())
            .bind(title)
            .bind(starts.format("%Y-%m-%d %H:%M UTC").to_string())
            .bind(i64::try_from(creator).map_err(seed_error)?)
            .execute(pool)
            .await?;
        sqlx::query("INSERT INTO call_hosts (call_id, user_id) VALUES (?, ?)")
            .bind(id)
            .bind(i64::try_from(host).map_err(seed_error)?)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// Seed 004: Olga (owner), Ada (admin), Ed (editor), Rob (removed), ten guests — one short of
/// the allowance — Pia invited, Vic and Val (and Carla) asking for access; deals.
async fn deal_space(
    store: &Store,
    pool: &SqlitePool,
    ws: &WorkspaceId,
    clock: &mut Clock,
) -> Result<(), AppError> {
    let policy = presets::deal_space().map_err(seed_error)?;
    let admin = policy.role("admin").map_err(seed_error)?;
    let people: [(u64, &str, &str, &str); 7] = [
        (10, "olga@deals.example", "Olga", "Deal room: owner"),
        (11, "ada@deals.example", "Ada", "Deal room: Admin"),
        (12, "ed@deals.example", "Ed", "Deal room: Editor"),
        (13, "rob@deals.example", "Rob", "Deal room: removed member"),
        (
            14,
            "pia@deals.example",
            "Pia",
            "Deal room: invited as Editor, not joined yet",
        ),
        (
            15,
            "vic@deals.example",
            "Vic",
            "Deal room: asked for guest access",
        ),
        (
            16,
            "val@deals.example",
            "Val",
            "Deal room: asked for guest access",
        ),
    ];
    for (id, email, name, persona) in people {
        user(pool, id, email, name, persona).await?;
    }
    const GUESTS: [&str; 10] = [
        "Rita", "Gina", "Hugo", "Gus", "Gwen", "Gail", "Glen", "Gia", "Greta", "Gil",
    ];
    for (i, name) in GUESTS.iter().enumerate() {
        let id = 20 + u64::try_from(i).map_err(seed_error)?;
        let email = format!("{}@guests.example", name.to_lowercase());
        user(pool, id, &email, name, "Deal room: guest (read only)").await?;
    }
    let [olga, ada, ed, rob] = [10, 11, 12, 13].map(UserId::new);
    store
        .create(
            ws,
            policy.clone(),
            Plan::deal_space(),
            olga,
            mail("olga@deals.example")?,
            "Olga",
            clock.tick(),
        )
        .await?;
    let batch = invite(vec![
        Invitee::member(mail("ada@deals.example")?, admin),
        Invitee::default_role(mail("ed@deals.example")?),
        Invitee::default_role(mail("rob@deals.example")?),
    ]);
    step(store, ws, olga, batch, clock).await?;
    for (user, email, name) in [
        (ada, "ada@deals.example", "Ada"),
        (ed, "ed@deals.example", "Ed"),
        (rob, "rob@deals.example", "Rob"),
    ] {
        step(store, ws, user, accept(&mail(email)?, name), clock).await?;
    }
    // M-7, B-5: Rob is removed; his seat stays paid until the period ends.
    step(store, ws, olga, Change::RemoveMember { user: rob }, clock).await?;
    // B-6, B-7: ten guests join (the allowance on four paid seats is 5 + 2 × 3 = 11).
    let guests = GUESTS
        .iter()
        .map(|name| mail(&format!("{}@guests.example", name.to_lowercase())).map(Invitee::guest))
        .collect::<Result<Vec<_>, _>>()?;
    step(store, ws, olga, invite(guests), clock).await?;
    for (i, name) in GUESTS.iter().enumerate() {
        let id = UserId::new(20 + u64::try_from(i).map_err(seed_error)?);
        let email = mail(&format!("{}@guests.example", name.to_lowercase()))?;
        step(store, ws, id, accept(&email, name), clock).await?;
    }
    // M-1: Pia is invited as Editor, with a link.
    let pia = mail("pia@deals.example")?;
    let token = link(pool, ws, &pia).await?;
    let batch = invite(vec![Invitee::default_role(pia).with_token(token)]);
    step(store, ws, olga, batch, clock).await?;
    // M-4: access requests.
    for (id, email, name) in [
        (15, "vic@deals.example", "Vic"),
        (16, "val@deals.example", "Val"),
        (4, "carla@closers.example", "Carla"),
    ] {
        let ask = Change::RequestAccess {
            email: mail(email)?,
            name: name.to_owned(),
        };
        step(store, ws, UserId::new(id), ask, clock).await?;
    }
    let deals: [(i64, &str, &str, u64, Option<u64>); 6] = [
        (201, "Acme renewal", "Negotiation", 10, Some(12)),
        (202, "Globex expansion", "Proposal", 11, None),
        (203, "Initech pilot", "Qualified", 12, None),
        (204, "Umbrella framework deal", "Negotiation", 11, Some(12)),
        (205, "Hooli data room", "Closed won", 10, None),
        (206, "Stark partnership", "Proposal", 12, Some(11)),
    ];
    for (id, title, stage, owner, assignee) in deals {
        sqlx::query(
            "INSERT INTO deals (id, workspace, title, stage, owner_id) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(ws.as_str())
        .bind(title)
        .bind(stage)
        .bind(i64::try_from(owner).map_err(seed_error)?)
        .execute(pool)
        .await?;
        if let Some(assignee) = assignee {
            sqlx::query("INSERT INTO deal_assignees (deal_id, user_id) VALUES (?, ?)")
                .bind(id)
                .bind(i64::try_from(assignee).map_err(seed_error)?)
                .execute(pool)
                .await?;
        }
    }
    Ok(())
}

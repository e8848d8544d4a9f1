//! Both seeds' stories, stored: the sales scheduler of seed 000 (Startup, then Business) and
//! the deal space of seed 004 (members, guests, access requests), told through a
//! [`seatwise_store::Store`] on a SQLite file; then the outbox a host's mailer and biller
//! would read.
//!
//! ```sh
//! cargo run -p seatwise-store --example stories
//! ```
//!
//! The file is created under the system's temporary directory and removed at the end (set
//! `SEATWISE_STORIES_DB=path` to keep it elsewhere).

use chrono::{DateTime, TimeZone, Utc};
use seatwise::{
    presets, Change, Command, Email, Event, Invitee, Plan, Policy, Proof, TeamId, UserId,
};
use seatwise_store::filter::{Page, RecordTable};
use seatwise_store::{Store, WorkspaceId};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn at(month: u32, day: u32) -> Result<DateTime<Utc>> {
    Utc.with_ymd_and_hms(2025, month, day, 9, 0, 0)
        .single()
        .ok_or_else(|| "no such day".into())
}

/// Runs `change` by `actor` at `now`: previews it and confirms the quote it shows, if any
/// (B-9), retrying on a conflict (S-3). Prints what it charged.
async fn step(
    store: &Store,
    ws: &WorkspaceId,
    actor: UserId,
    change: Change,
    now: DateTime<Utc>,
) -> Result<()> {
    let outcome = store
        .execute_with_retry(ws, actor, now, 3, |space| {
            let command = Command::new(change.clone());
            let quote = space.preview(actor, &command, now)?.quote().cloned();
            Ok(match quote {
                Some(quote) => command.confirming(quote),
                None => command,
            })
        })
        .await?;
    let charged = outcome
        .quote()
        .map(|q| format!(", charged {}", q.total()))
        .unwrap_or_default();
    println!(
        "  v{:<3} {}{charged}",
        outcome.version(),
        describe_change(&change)
    );
    Ok(())
}

/// The change's name, as its JSON tag (`invite`, `accept_invitation`, …).
fn describe_change(change: &Change) -> String {
    match serde_json::to_value(change) {
        Ok(serde_json::Value::Object(map)) => map.keys().next().cloned().unwrap_or_default(),
        Ok(serde_json::Value::String(tag)) => tag,
        _ => String::new(),
    }
}

fn invite(invitees: Vec<Invitee>) -> Change {
    Change::Invite {
        invitees,
        expires_at: None,
    }
}

fn accept(email: &Email, name: &str) -> Change {
    Change::AcceptInvitation {
        email: email.clone(),
        name: name.to_owned(),
        proof: Proof::VerifiedEmail,
    }
}

/// Seed 000: Olivia's sales team on Startup, then Business (SS-1, SS-2, B-4 … B-11).
async fn sales_scheduler(store: &Store) -> Result<WorkspaceId> {
    let ws = WorkspaceId::new("closers-inc")?;
    let policy: Policy = presets::sales_scheduler()?;
    let role = |name: &str| policy.role(name);
    let (closer, setter, manager, admin) = (
        role("closer")?,
        role("setter")?,
        role("sales_manager")?,
        role("super_admin")?,
    );
    let mail = |name: &str| Email::parse(&format!("{name}@closers.example"));
    let [olivia, carla, sam, maria, dan, frank] = [1, 2, 3, 4, 5, 7].map(UserId::new);
    println!("seed 000, sales scheduler `{ws}`:");
    let created = store
        .create(
            &ws,
            policy.clone(),
            Plan::startup(),
            olivia,
            mail("olivia")?,
            "Olivia",
            at(4, 1)?,
        )
        .await?;
    println!("  v{:<3} created on Startup", created.version());
    let batch = invite(vec![
        Invitee::member(mail("carla")?, closer),
        Invitee::member(mail("sam")?, setter),
    ]);
    step(store, &ws, olivia, batch, at(4, 16)?).await?;
    step(
        store,
        &ws,
        carla,
        accept(&mail("carla")?, "Carla"),
        at(4, 17)?,
    )
    .await?;
    step(store, &ws, sam, accept(&mail("sam")?, "Sam"), at(4, 17)?).await?;
    step(
        store,
        &ws,
        carla,
        Change::SetAvailability {
            user: carla,
            set: true,
        },
        at(4, 17)?,
    )
    .await?;
    let upgrade = Change::Upgrade {
        plan: Plan::business(),
    };
    step(store, &ws, olivia, upgrade, at(4, 21)?).await?;
    let batch = invite(vec![
        Invitee::member(mail("maria")?, manager),
        Invitee::member(mail("dan")?, admin),
    ]);
    step(store, &ws, olivia, batch, at(4, 21)?).await?;
    step(
        store,
        &ws,
        maria,
        accept(&mail("maria")?, "Maria"),
        at(4, 21)?,
    )
    .await?;
    step(store, &ws, dan, accept(&mail("dan")?, "Dan"), at(4, 21)?).await?;
    let team = TeamId::new(1);
    let create_team = Change::CreateTeam {
        team,
        name: "Closers".into(),
    };
    step(store, &ws, olivia, create_team, at(4, 22)?).await?;
    step(
        store,
        &ws,
        olivia,
        Change::AddToTeam { team, user: carla },
        at(4, 22)?,
    )
    .await?;
    // M-7, B-5: Sam leaves; his seat stays paid and Frank takes it at no charge.
    step(
        store,
        &ws,
        olivia,
        Change::RemoveMember { user: sam },
        at(4, 24)?,
    )
    .await?;
    let frank_invite = invite(vec![Invitee::member(mail("frank")?, closer)]);
    step(store, &ws, olivia, frank_invite, at(4, 25)?).await?;
    step(
        store,
        &ws,
        frank,
        accept(&mail("frank")?, "Frank"),
        at(4, 25)?,
    )
    .await?;
    Ok(ws)
}

/// Seed 004: Olga's deal space: members, a declined invitation, guests and access requests
/// (DS-1 … DS-3, M-1 … M-6, B-6, B-7).
async fn deal_space(store: &Store) -> Result<WorkspaceId> {
    let ws = WorkspaceId::new("deal-room")?;
    let policy = presets::deal_space()?;
    let (admin, manager) = (policy.role("admin")?, policy.role("manager")?);
    let mail = |name: &str| Email::parse(&format!("{name}@deals.example"));
    let [olga, ed, ada, dora, rita, gina, hugo] = [1, 2, 3, 4, 20, 21, 22].map(UserId::new);
    println!("seed 004, deal space `{ws}`:");
    let created = store
        .create(
            &ws,
            policy,
            Plan::deal_space(),
            olga,
            mail("olga")?,
            "Olga",
            at(4, 1)?,
        )
        .await?;
    println!("  v{:<3} created on the deal-space plan", created.version());
    // DS-1: Ed at the default level (Editor), Ada as Admin; each seat is charged.
    step(
        store,
        &ws,
        olga,
        invite(vec![Invitee::default_role(mail("ed")?)]),
        at(4, 2)?,
    )
    .await?;
    step(store, &ws, ed, accept(&mail("ed")?, "Ed"), at(4, 2)?).await?;
    let ada_invite = invite(vec![Invitee::member(mail("ada")?, admin)]);
    step(store, &ws, olga, ada_invite, at(4, 3)?).await?;
    step(store, &ws, ada, accept(&mail("ada")?, "Ada"), at(4, 3)?).await?;
    // M-2: Dora declines.
    let dora_invite = invite(vec![Invitee::member(mail("dora")?, manager)]);
    step(store, &ws, olga, dora_invite, at(4, 4)?).await?;
    let decline = Change::DeclineInvitation {
        email: mail("dora")?,
        proof: Proof::VerifiedEmail,
    };
    step(store, &ws, dora, decline, at(4, 4)?).await?;
    // M-4, M-5: Rita asks for guest access; Ada approves.
    let ask = Change::RequestAccess {
        email: mail("rita")?,
        name: "Rita".into(),
    };
    step(store, &ws, rita, ask, at(4, 5)?).await?;
    let approve = Change::ApproveRequest {
        email: mail("rita")?,
    };
    step(store, &ws, ada, approve, at(4, 5)?).await?;
    // M-6: Hugo asks; inviting him approves his request instead.
    let ask = Change::RequestAccess {
        email: mail("hugo")?,
        name: "Hugo".into(),
    };
    step(store, &ws, hugo, ask, at(4, 6)?).await?;
    step(
        store,
        &ws,
        olga,
        invite(vec![Invitee::guest(mail("hugo")?)]),
        at(4, 6)?,
    )
    .await?;
    // B-7: Gina, invited as a guest, counts once she accepts.
    step(
        store,
        &ws,
        olga,
        invite(vec![Invitee::guest(mail("gina")?)]),
        at(4, 7)?,
    )
    .await?;
    step(store, &ws, gina, accept(&mail("gina")?, "Gina"), at(4, 7)?).await?;
    Ok(ws)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let (path, temporary) = match std::env::var("SEATWISE_STORIES_DB") {
        Ok(path) => (std::path::PathBuf::from(path), false),
        Err(_) => (
            std::env::temp_dir().join(format!("seatwise-stories-{}.db", std::process::id())),
            true,
        ),
    };
    let url = format!("sqlite://{}?mode=rwc", path.display());
    println!("store: {url}\n");
    let store = Store::connect(&url).await?;
    let sales = sales_scheduler(&store).await?;
    let deals = deal_space(&store).await?;

    for ws in [&sales, &deals] {
        let report = store.check(ws).await?;
        let space = store.load(ws).await?;
        println!(
            "\n`{ws}`: version {}, {} members, {} paid seats on {}; {} events, {} read-model rows, checked",
            report.version,
            space.members().count(),
            space.subscription().paid_seats(),
            space.subscription().plan().name(),
            report.events,
            report.read_model_rows,
        );
    }

    list_calls(&path, &*store.load(&sales).await?).await?;

    println!("\nthe outbox, as the consumer `mailer` reads it (S-5):");
    let entries = store.outbox("mailer", 1_000).await?;
    for entry in &entries {
        println!(
            "  #{:<3} {:<12} v{:<3} {:<21} {}",
            entry.position(),
            entry.workspace().as_str(),
            entry.version(),
            entry.kind(),
            describe(entry.event())
        );
    }
    if let Some(last) = entries.last() {
        store.advance("mailer", last.position()).await?;
    }
    println!(
        "mailer's cursor now at {}; {} entries left",
        store.cursor("mailer").await?,
        store.outbox("mailer", 1_000).await?.len()
    );
    drop(store);
    if temporary {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    Ok(())
}

/// The host's own table of scheduled calls, in the same SQLite file, listed for each member
/// of the sales scheduler through the SQL form of their list filter (S-6, A-9).
async fn list_calls(path: &std::path::Path, space: &seatwise::Workspace) -> Result<()> {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await?;
    for statement in [
        "CREATE TABLE IF NOT EXISTS calls (id INTEGER PRIMARY KEY, created_by INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS call_hosts (call_id INTEGER NOT NULL, user_id INTEGER NOT NULL)",
        "DELETE FROM call_hosts",
        "DELETE FROM calls",
    ] {
        sqlx::query(statement).execute(&pool).await?;
    }
    // Twelve calls, each created by one member and hosted by the next.
    let users: Vec<UserId> = space.members().map(|m| m.user()).collect();
    for id in 1..=12i64 {
        let pick = |k: i64| {
            let i = usize::try_from(k).unwrap_or(0) % users.len().max(1);
            users
                .get(i)
                .map_or(0, |u| i64::try_from(u.get()).unwrap_or(0))
        };
        sqlx::query("INSERT INTO calls (id, created_by) VALUES (?, ?)")
            .bind(id)
            .bind(pick(id))
            .execute(&pool)
            .await?;
        sqlx::query("INSERT INTO call_hosts (call_id, user_id) VALUES (?, ?)")
            .bind(id)
            .bind(pick(id + 1))
            .execute(&pool)
            .await?;
    }
    let policy = space.policy();
    let scheduled = policy.area("scheduled_events")?;
    let calls = RecordTable::builder("calls", "id")
        .area(scheduled)
        .creator_column("created_by")
        .hosts_table("call_hosts", "call_id", "user_id")
        .build()?;
    println!("\nscheduled calls each member may see, as one SQL query each (S-6):");
    for member in space.members() {
        let principal = space.principal(member.user());
        let filter = policy.list_filter(&principal, seatwise::Verb::VIEW, scheduled);
        let page = calls.page(&pool, &filter, Page::first(50)).await?;
        let role = policy.role_info(member.role()).map_or("?", |r| r.name());
        println!("  {:<8} ({role:<13}) calls {:?}", member.name(), page.ids());
    }
    pool.close().await;
    Ok(())
}

/// What a host acts on, in a few words.
fn describe(event: &Event) -> String {
    match event {
        Event::Created { email, invoice, .. } => {
            format!("welcome {email}; invoice {}", invoice.total())
        }
        Event::InvitationSent { email, .. } => format!("e-mail an invitation to {email}"),
        Event::InvitationAccepted { email, .. } => format!("{email} joined"),
        Event::InvitationDeclined { email } => format!("{email} declined"),
        Event::AccessRequested { email, notify, .. } => {
            format!("{email} asks for access; notify {} admin(s)", notify.len())
        }
        Event::AccessApproved { email, .. } => format!("tell {email} they are in"),
        Event::SeatsAdded { seats, quote, .. } => {
            format!("charge {} for {seats} seat(s)", quote.total())
        }
        Event::PlanUpgraded { quote, .. } => format!("charge {} for the upgrade", quote.total()),
        Event::MemberRemoved { user } => format!("user {user} loses access"),
        _ => String::new(),
    }
}

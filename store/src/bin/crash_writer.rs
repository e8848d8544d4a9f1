//! The child process of the store's crash-safety test (`tests/store_crash.rs`): commits
//! commands in a loop on a SQLite file until it is killed, printing each committed version on
//! its own line once the commit returned.
//!
//! Usage: `seatwise-store-crash-writer <sqlite-url> <workspace> <snapshot-every>`

use std::io::Write as _;

use chrono::{TimeZone, Utc};
use seatwise::{
    presets, Change, Command, Currency, Email, IdempotencyKey, Invitee, Plan, PlanFeatures, PlanId,
    Proof, TeamId, UserId,
};
use seatwise_store::{Store, StoreError, StoreOptions, WorkspaceId};

const OWNER: UserId = UserId::new(1);

fn email(n: u64) -> Result<Email, Box<dyn std::error::Error>> {
    Ok(Email::parse(&format!("p{n}@example.com"))?)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(ws), Some(every)) = (args.next(), args.next(), args.next()) else {
        return Err(
            "usage: seatwise-store-crash-writer <sqlite-url> <workspace> <snapshot-every>".into(),
        );
    };
    let ws = WorkspaceId::new(&ws)?;
    let options = StoreOptions::default().snapshot_every(every.parse()?);
    let store = Store::connect_with(&url, options).await?;
    let now = Utc
        .with_ymd_and_hms(2025, 3, 1, 9, 0, 0)
        .single()
        .ok_or("no time")?;
    let plan = Plan::builder(PlanId::new("free")?, "Free", Currency::USD)
        .features(PlanFeatures::all())
        .build()?;
    match store
        .create(
            &ws,
            presets::deal_space()?,
            plan,
            OWNER,
            email(0)?,
            "Owner",
            now,
        )
        .await
    {
        Ok(_) | Err(StoreError::AlreadyExists(_)) => {}
        Err(e) => return Err(e.into()),
    }
    let mut out = std::io::stdout();
    loop {
        let space = store.load(&ws).await?;
        let v = space.version();
        // A mix of commands that touch every table: invitations (keyed), acceptances,
        // teams and their members, removals.
        let (actor, change) = if let Some(invitation) = space.invitations().next() {
            let n = invitation.email().as_str().trim_start_matches('p');
            let n: u64 = n.split('@').next().unwrap_or("0").parse()?;
            let accept = Change::AcceptInvitation {
                email: invitation.email().clone(),
                name: format!("Person {n}"),
                proof: Proof::VerifiedEmail,
            };
            (UserId::new(10_000 + n), accept)
        } else if v % 7 == 0 && space.members().count() > 3 {
            let user = space
                .members()
                .map(|m| m.user())
                .find(|u| *u != OWNER)
                .ok_or("no member")?;
            (OWNER, Change::RemoveMember { user })
        } else if v % 5 == 0 {
            let team = TeamId::new(v);
            (
                OWNER,
                Change::CreateTeam {
                    team,
                    name: format!("Team {v}"),
                },
            )
        } else if let (Some(team), Some(user)) = (
            space
                .teams()
                .find(|t| t.members().next().is_none())
                .map(|t| t.id()),
            space.members().map(|m| m.user()).find(|u| *u != OWNER),
        ) {
            (OWNER, Change::AddToTeam { team, user })
        } else {
            let invite = Change::Invite {
                invitees: vec![Invitee::default_role(email(v)?)],
                expires_at: None,
            };
            (OWNER, invite)
        };
        let mut command = Command::new(change);
        if v % 3 == 0 {
            command = command.with_key(IdempotencyKey::new(&format!("k{v}")));
        }
        let outcome = store.execute(&ws, actor, command, now).await?;
        writeln!(out, "{}", outcome.version())?;
        out.flush()?;
    }
}

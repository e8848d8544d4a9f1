//! The 100,001-member deal space that the crate's `trust` and `workspace` benches, the store's
//! `store` bench and the application's `members_page` bench all measure, built once outside
//! every measurement: the owner (user 1) invites 100,000 addresses in batches of 1,000 on a
//! plan whose seats cost nothing, and each invitee (user 1,000 + n) accepts. The log has
//! 100,101 commits.
//!
//! Included by path (`#[path = …] mod big_deal_space;`), so that the three packages build the
//! same workspace from one copy.

#![allow(dead_code, reason = "each bench uses a different part of this module")]

use chrono::{DateTime, TimeZone, Utc};
use seatwise::{
    presets, Change, Command, Currency, Email, Event, Invitee, Plan, PlanId, Proof, UserId,
    Workspace,
};

/// Members besides the owner.
pub const MEMBERS: u64 = 100_000;
const BATCH: u64 = 1_000;
/// The owner, who sends the invitations.
pub const OWNER: UserId = UserId::new(1);

/// Member `n`'s address.
pub fn email(n: u64) -> Email {
    Email::parse(&format!("member{n:06}@example.com")).unwrap()
}

/// Member `n`'s user id.
pub fn user(n: u64) -> UserId {
    UserId::new(1_000 + n)
}

/// The instant every command of the build is dated at.
pub fn then() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap()
}

/// The workspace and its whole log.
pub fn big_workspace() -> (Workspace, Vec<Event>) {
    let plan = Plan::builder(PlanId::new("bench-free").unwrap(), "Free", Currency::USD)
        .build()
        .unwrap();
    let (mut space, created) = Workspace::create(
        presets::deal_space().unwrap(),
        plan,
        OWNER,
        Email::parse("owner@example.com").unwrap(),
        "Owner",
        then(),
    )
    .unwrap();
    let mut log = created.events().to_vec();
    for start in (0..MEMBERS).step_by(BATCH as usize) {
        let invitees = (start..start + BATCH)
            .map(|n| Invitee::default_role(email(n)))
            .collect();
        let invite = Change::Invite {
            invitees,
            expires_at: None,
        };
        let outcome = space.execute(OWNER, Command::new(invite), then()).unwrap();
        log.extend_from_slice(outcome.events());
    }
    for n in 0..MEMBERS {
        let accept = Change::AcceptInvitation {
            email: email(n),
            name: format!("Member {n}"),
            proof: Proof::VerifiedEmail,
        };
        let outcome = space
            .execute(user(n), Command::new(accept), then())
            .unwrap();
        log.extend_from_slice(outcome.events());
    }
    (space, log)
}

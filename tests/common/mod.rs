//! Helpers shared by the workspace test files (`mod common;`): instants, addresses, creating a
//! workspace, and running commands the way a host does — previewing, confirming the previewed
//! quote (B-9, U-3), and checking that a refused command changes nothing (U-2, I-7).
#![allow(
    dead_code,
    reason = "each test file is its own crate and uses a part of these helpers"
)]

use chrono::{DateTime, TimeZone, Utc};
use seatwise::{
    Change, Command, CommandError, Deny, Email, Invitee, Outcome, Plan, Policy, Proof, UserId,
    Workspace,
};

/// Midnight UTC on `month`/`day` of 2025, the year of the seeds' stories.
pub fn at(month: u32, day: u32) -> DateTime<Utc> {
    at_hour(month, day, 0)
}

/// `hour`:00 UTC on `month`/`day` of 2025.
pub fn at_hour(month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, month, day, hour, 0, 0).unwrap()
}

/// The address `local@domain`.
pub fn email_at(local: &str, domain: &str) -> Email {
    Email::parse(&format!("{local}@{domain}")).unwrap()
}

/// A workspace created by `owner` (`email`, `name`) on `policy` and `plan` at `now`.
pub fn create(
    policy: Policy,
    plan: Plan,
    owner: UserId,
    email: Email,
    name: &str,
    now: DateTime<Utc>,
) -> Workspace {
    Workspace::create(policy, plan, owner, email, name, now)
        .unwrap()
        .0
}

/// Inviting `invitees` with no expiry.
pub fn invite(invitees: Vec<Invitee>) -> Change {
    Change::Invite {
        invitees,
        expires_at: None,
    }
}

/// Accepting the invitation of `email` as `name`, proving the address was verified (T-7).
pub fn accept(email: Email, name: &str) -> Change {
    Change::AcceptInvitation {
        email,
        name: name.to_owned(),
        proof: Proof::VerifiedEmail,
    }
}

/// Requesting access for `email` as `name` (M-4).
pub fn request(email: Email, name: &str) -> Change {
    Change::RequestAccess {
        email,
        name: name.to_owned(),
    }
}

/// Runs `change` as a host does: previews it and, if it costs money, confirms the previewed
/// quote (B-9, U-3).
#[track_caller]
pub fn run(ws: &mut Workspace, actor: UserId, change: Change, now: DateTime<Utc>) -> Outcome {
    let command = Command::new(change);
    let command = match ws.preview(actor, &command, now).unwrap().quote() {
        Some(quote) if quote.requires_confirmation() => command.confirming(quote.clone()),
        _ => command,
    };
    ws.execute(actor, command, now).unwrap()
}

/// Applies a change that costs nothing: no quote to confirm.
#[track_caller]
pub fn free(ws: &mut Workspace, actor: UserId, change: Change, now: DateTime<Utc>) -> Outcome {
    let outcome = ws.execute(actor, Command::new(change), now).unwrap();
    assert_eq!(outcome.quote().map(|q| q.total().minor_units()), None);
    outcome
}

/// Applies a change that costs `total` minor units (B-9, U-3): the preview quotes it, running
/// it unconfirmed is refused with that same quote and changes nothing, and running it with the
/// quote confirmed charges exactly the previewed amount.
#[track_caller]
pub fn paid(
    ws: &mut Workspace,
    actor: UserId,
    change: Change,
    now: DateTime<Utc>,
    total: i64,
) -> Outcome {
    let previewed = ws
        .preview(actor, &Command::new(change.clone()), now)
        .unwrap();
    let quote = previewed.quote().unwrap().clone();
    assert_eq!(quote.total().minor_units(), total);
    let before = ws.clone();
    match ws.execute(actor, Command::new(change.clone()), now) {
        Err(CommandError::ConfirmationRequired { quote: asked }) => assert_eq!(*asked, quote),
        other => panic!("expected a confirmation request, got {other:?}"),
    }
    assert!(*ws == before, "an unconfirmed charge changed the workspace");
    let outcome = ws
        .execute(actor, Command::new(change).confirming(quote.clone()), now)
        .unwrap();
    assert_eq!(outcome.quote(), Some(&quote));
    assert_eq!(outcome, previewed, "U-3: the preview is the outcome");
    outcome
}

/// Runs a change that must be refused, checks the workspace is unchanged (U-2, I-7) and
/// returns the error.
#[track_caller]
pub fn refused(
    ws: &mut Workspace,
    actor: UserId,
    change: Change,
    now: DateTime<Utc>,
) -> CommandError {
    let before = ws.clone();
    let err = ws.execute(actor, Command::new(change), now).unwrap_err();
    assert!(
        *ws == before,
        "I-7: a refused command changed the workspace"
    );
    err
}

/// The denial inside a refused command.
#[track_caller]
pub fn denial(err: CommandError) -> Deny {
    match err {
        CommandError::Denied(decision) => decision.denial().unwrap(),
        other => panic!("expected a denial, got {other:?}"),
    }
}

/// The seed 000 sales team: addresses at `closers.example`, roles of
/// `presets::sales_scheduler()`.
pub mod closers {
    use seatwise::{presets, Change, Email, RoleId};

    /// `name@closers.example`.
    pub fn email(name: &str) -> Email {
        super::email_at(name, "closers.example")
    }

    /// A role of the built-in policy (ids are stable while no custom role is defined).
    pub fn role(name: &str) -> RoleId {
        presets::sales_scheduler().unwrap().role(name).unwrap()
    }

    /// `name` accepts the invitation of `name@closers.example` with a verified address.
    pub fn accept(name: &str) -> Change {
        super::accept(email(name), name)
    }
}

/// The seed 004 deal space: addresses at `deals.example`, levels of `presets::deal_space()`.
pub mod deals {
    use seatwise::{presets, Change, Email, RoleId};

    /// `name@deals.example`.
    pub fn email(name: &str) -> Email {
        super::email_at(name, "deals.example")
    }

    /// A level of the built-in deal space policy.
    pub fn role(name: &str) -> RoleId {
        presets::deal_space().unwrap().role(name).unwrap()
    }

    /// `name` accepts the invitation of `name@deals.example` with a verified address.
    pub fn accept(name: &str) -> Change {
        super::accept(email(name), name)
    }

    /// `name` asks for access from `name@deals.example`.
    pub fn request(name: &str) -> Change {
        super::request(email(name), name)
    }
}

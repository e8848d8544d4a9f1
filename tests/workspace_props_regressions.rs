//! Regression tests for workspace bugs found by the property tests in `workspace_props.rs`,
//! each reduced to the smallest command sequence that showed it.

use chrono::{TimeZone, Utc};
use seatwise::{presets, Change, Command, Email, Invitee, Plan, PlanId, UserId, Workspace};

fn open_business() -> Plan {
    Plan::business()
        .to_builder()
        .id(PlanId::new("business-open").unwrap())
        .invites_reserve_seats(false)
        .build()
        .unwrap()
}

/// I-6 / B-4: a plan change is judged by the *new* plan's seat rules. A workspace on a plan
/// whose invitations reserve no seat, renewing into one whose invitations do, must pay for
/// the pending invitation (found by `model_workspace_matches_simple_model`).
#[test]
fn i6_renewal_into_a_plan_that_reserves_seats_counts_pending_invitations() {
    let start = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    let owner = UserId::new(1);
    let (mut space, _) = Workspace::create(
        presets::sales_scheduler().unwrap(),
        open_business(),
        owner,
        Email::parse("user1@example.com").unwrap(),
        "Owner",
        start,
    )
    .unwrap();
    let invite = Change::Invite {
        invitees: vec![Invitee::default_role(
            Email::parse("user2@example.com").unwrap(),
        )],
        expires_at: None,
    };
    space.execute(owner, Command::new(invite), start).unwrap();
    let downgrade = Change::Downgrade {
        plan: Plan::startup(),
    };
    space
        .execute(owner, Command::new(downgrade), start)
        .unwrap();
    let next = Utc.with_ymd_and_hms(2025, 4, 1, 9, 0, 0).unwrap();
    space
        .execute(owner, Command::new(Change::Renew), next)
        .unwrap();

    let sub = space.subscription();
    assert_eq!(sub.plan().id(), Plan::startup().id());
    let needed = sub
        .plan()
        .seats_needed(&space.seat_usage())
        .unwrap()
        .needed();
    assert_eq!(needed, 2, "the owner and the pending member invitation");
    assert_eq!(
        sub.paid_seats(),
        2,
        "I-6: paid seats cover what the new plan needs"
    );
}

/// I-6 / B-11: the same for an immediate upgrade.
#[test]
fn i6_upgrade_into_a_plan_that_reserves_seats_counts_pending_invitations() {
    let start = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    let owner = UserId::new(1);
    let (mut space, _) = Workspace::create(
        presets::sales_scheduler().unwrap(),
        open_business(),
        owner,
        Email::parse("user1@example.com").unwrap(),
        "Owner",
        start,
    )
    .unwrap();
    for n in 2..=7 {
        let invite = Change::Invite {
            invitees: vec![Invitee::default_role(
                Email::parse(&format!("user{n}@example.com")).unwrap(),
            )],
            expires_at: None,
        };
        // The 6th and 7th invitees will need seats when they accept (B-4): confirmed here.
        let command = Command::new(invite).confirming_seats_on_acceptance();
        space.execute(owner, command, start).unwrap();
    }
    let upgrade = Command::new(Change::Upgrade {
        plan: Plan::enterprise(),
    });
    let quote = space
        .preview(owner, &upgrade, start)
        .unwrap()
        .quote()
        .cloned();
    let upgrade = match quote {
        Some(quote) => upgrade.confirming(quote),
        None => upgrade,
    };
    space.execute(owner, upgrade, start).unwrap();

    let sub = space.subscription();
    let needed = sub
        .plan()
        .seats_needed(&space.seat_usage())
        .unwrap()
        .needed();
    assert_eq!(needed, 7, "the owner and six pending member invitations");
    assert!(sub.paid_seats() >= needed, "I-6: {} paid", sub.paid_seats());
}

/// I-8 / M-4 / M-6 (found by the `command_sequence` fuzz target): one user asked for access
/// from two addresses, and one invitation batch naming both addresses approved both requests,
/// letting the user in twice; the workspace executed it, and its own log then failed to replay
/// ("already a member"). A user now has at most one pending request.
#[test]
fn i8_one_user_cannot_hold_two_access_requests() {
    let start = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    let owner = UserId::new(1);
    let (mut space, created) = Workspace::create(
        presets::deal_space().unwrap(),
        Plan::deal_space(),
        owner,
        Email::parse("user1@example.com").unwrap(),
        "Owner",
        start,
    )
    .unwrap();
    let mut log = created.events().to_vec();
    let visitor = UserId::new(2);
    let first = Email::parse("user3@example.com").unwrap();
    let second = Email::parse("user2@example.com").unwrap();
    let ask = |email: &Email| {
        Command::new(Change::RequestAccess {
            email: email.clone(),
            name: "Visitor".into(),
        })
    };
    let asked = space.execute(visitor, ask(&first), start).unwrap();
    log.extend_from_slice(asked.events());
    let again = space.execute(visitor, ask(&second), start);
    assert!(
        matches!(&again, Err(seatwise::CommandError::AlreadyRequested(e)) if *e == first),
        "M-4: a second request by the same user names the first: {again:?}"
    );
    // Inviting both addresses approves the one request and invites the other address.
    let invite = Command::new(Change::Invite {
        invitees: vec![
            Invitee::guest(first.clone()),
            Invitee::guest(second.clone()),
        ],
        expires_at: None,
    })
    .confirming_guest_limit();
    let invited = space.execute(owner, invite, start).unwrap();
    log.extend_from_slice(invited.events());
    assert!(space.member(visitor).is_some());
    assert!(space.invitation(&second).is_some());
    // I-8: the log the workspace wrote replays to it.
    assert!(Workspace::replay(log.iter()).unwrap() == space);
}

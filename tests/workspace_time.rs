//! Workspace behaviour that depends on time and on the plan to come: invitations that expire
//! before anyone records it (B-4, B-5, M-2), downgrades scheduled for the period end (B-11,
//! B-12), meeting links by event location (SS-15) and teams on Startup (SS-1).
//!
//! The calendar: workspaces start on 2025-04-01, so the first period is April (30 days).
mod common;

use chrono::{DateTime, TimeDelta, Utc};
use common::closers::email;
use common::{at, refused};
use seatwise::{
    presets, Change, Command, CommandError, Event, EventLocation, HostEligibility, Invitee,
    Outcome, Plan, PlanChangeBlocker, PlanFeatures, PlanId, RowStatus, TeamId, UserId, Workspace,
};

const OLIVIA: UserId = UserId::new(1); // the owner
const ANN: UserId = UserId::new(2);

fn workspace(plan: Plan) -> Workspace {
    common::create(
        presets::sales_scheduler().unwrap(),
        plan,
        OLIVIA,
        email("olivia"),
        "Olivia",
        at(4, 1),
    )
}

fn invite(name: &str, expires_at: Option<DateTime<Utc>>) -> Change {
    Change::Invite {
        invitees: vec![Invitee::default_role(email(name))],
        expires_at,
    }
}

/// Runs a change, confirming its previewed quote if it costs money; returns the outcome and
/// the amount quoted (0 without a quote).
#[track_caller]
fn run(ws: &mut Workspace, actor: UserId, change: Change, now: DateTime<Utc>) -> (Outcome, i64) {
    let outcome = common::run(ws, actor, change, now);
    let charged = outcome.quote().map_or(0, |q| q.total().minor_units());
    (outcome, charged)
}

/// A Business plan variant with a hard limit of one seat, as a host might sell it.
fn solo() -> Plan {
    Plan::business()
        .to_builder()
        .id(PlanId::new("solo").unwrap())
        .name("Solo")
        .included_seats(1)
        .seat_limit(1, Some(PlanId::new("business").unwrap()))
        .features(PlanFeatures::empty())
        .build()
        .unwrap()
}

// ---------------------------------------------------------------- B-4, B-5, M-2: expiry

/// B-4, M-2: an invitation stops reserving a seat the moment it expires, whether or not the
/// host has recorded the expiry; the address may be invited again, and the next invitee reuses
/// the seat at no charge (B-5).
#[test]
fn b4_m2_expired_invitation_holds_no_seat_before_it_is_recorded() {
    let mut log = Vec::new();
    let (mut ws, created) = Workspace::create(
        presets::sales_scheduler().unwrap(),
        Plan::startup(),
        OLIVIA,
        email("olivia"),
        "Olivia",
        at(4, 1),
    )
    .unwrap();
    log.extend(created.events().iter().cloned());
    // April 1: Ann is invited until April 2; her seat costs the whole month, 49.00 (SS-1).
    let (outcome, charged) = run(&mut ws, OLIVIA, invite("ann", Some(at(4, 2))), at(4, 1));
    log.extend(outcome.events().iter().cloned());
    assert_eq!(charged, 4_900);
    assert_eq!(ws.subscription().paid_seats(), 2);

    // April 15: her invitation expired on April 2; no one has recorded it.
    let now = at(4, 15);
    assert_eq!(ws.seat_usage_at(now).pending_member_invites(), 0);
    assert_eq!(ws.seat_usage_at(at(4, 1)).pending_member_invites(), 1);
    let rows = ws.members_table(OLIVIA, now, None, 10);
    assert_eq!(rows[0].status, RowStatus::Expired);
    assert_eq!(
        refused(&mut ws, ANN, common::accept(email("ann"), "Ann"), now),
        CommandError::InvitationExpired(email("ann"))
    );
    // B-5: Bob takes the seat Ann's invitation no longer holds, at no charge.
    let bob = ws
        .preview(OLIVIA, &Command::new(invite("bob", None)), now)
        .unwrap();
    assert_eq!(bob.quote(), None, "B-4, B-5: the second seat is free again");
    // M-2: Ann may be invited again; the new invitation replaces the expired one.
    let (outcome, charged) = run(&mut ws, OLIVIA, invite("ann", Some(at(4, 22))), now);
    log.extend(outcome.events().iter().cloned());
    assert_eq!(charged, 0);
    assert_eq!(
        outcome.events()[0],
        Event::InvitationExpired {
            email: email("ann")
        }
    );
    assert!(matches!(outcome.events()[1], Event::InvitationSent { .. }));
    assert_eq!(
        ws.invitation(&email("ann")).unwrap().expires_at(),
        Some(at(4, 22))
    );
    assert_eq!(ws.seat_usage_at(now).pending_member_invites(), 1);
    assert_eq!(ws.subscription().paid_seats(), 2);
    // Now Ann's new invitation holds the second seat: Bob costs a third.
    let bob = ws
        .preview(OLIVIA, &Command::new(invite("bob", None)), now)
        .unwrap();
    assert!(bob.quote().is_some_and(|q| q.total().minor_units() > 0));
    // I-8: the log rebuilds the same workspace.
    assert_eq!(Workspace::replay(&log).unwrap(), ws);
    // Accepting the new invitation works.
    run(&mut ws, ANN, common::accept(email("ann"), "Ann"), at(4, 16));
    assert!(ws.member(ANN).is_some());
}

/// B-5, B-12: at renewal, paid seats are recomputed from use, and an invitation that expired
/// during the period — recorded or not — uses none.
#[test]
fn b12_renewal_counts_no_seat_for_an_expired_invitation() {
    let mut ws = workspace(Plan::startup());
    run(&mut ws, OLIVIA, invite("ann", Some(at(4, 10))), at(4, 1));
    assert_eq!(ws.subscription().paid_seats(), 2);
    let (outcome, _) = run(&mut ws, OLIVIA, Change::Renew, at(5, 1));
    match &outcome.events()[0] {
        // 1 seat: the plan price, 49.00, and no extra seat.
        Event::Renewed { invoice, .. } => assert_eq!(invoice.total().minor_units(), 4_900),
        other => panic!("expected a renewal, got {other:?}"),
    }
    assert_eq!(ws.subscription().paid_seats(), 1);
}

/// M-2, M-4: an outsider whose invitation has expired may ask for access; the expired
/// invitation is recorded first, so the address never has both.
#[test]
fn m2_m4_expired_invitation_does_not_block_an_access_request() {
    let mut ws = common::create(
        presets::deal_space().unwrap(),
        Plan::deal_space(),
        OLIVIA,
        email("olivia"),
        "Olivia",
        at(4, 1),
    );
    run(
        &mut ws,
        OLIVIA,
        Change::Invite {
            invitees: vec![Invitee::guest(email("gus"))],
            expires_at: Some(at(4, 3)),
        },
        at(4, 1),
    );
    let gus = UserId::new(9);
    let request = Change::RequestAccess {
        email: email("gus"),
        name: "Gus".to_owned(),
    };
    assert_eq!(
        refused(&mut ws, gus, request.clone(), at(4, 2)),
        CommandError::AcceptInvitationInstead(email("gus"))
    );
    let (outcome, _) = run(&mut ws, gus, request, at(4, 5));
    assert_eq!(
        outcome.events()[0],
        Event::InvitationExpired {
            email: email("gus")
        }
    );
    assert!(ws.invitation(&email("gus")).is_none());
    assert!(ws.request(&email("gus")).is_some());
}

// ---------------------------------------------------------------- B-11, B-12: downgrades

/// B-11: while a downgrade is scheduled, a change the new plan would refuse is refused with
/// an error naming that plan; the owner can cancel the downgrade, and then it is allowed.
#[test]
fn b11_scheduled_downgrade_refuses_what_the_new_plan_would_and_can_be_cancelled() {
    let mut ws = workspace(Plan::business());
    run(
        &mut ws,
        OLIVIA,
        Change::Downgrade { plan: solo() },
        at(4, 10),
    );
    assert_eq!(
        ws.subscription().scheduled_plan().map(|p| p.id().as_str()),
        Some("solo")
    );
    // A second member would need 2 seats; Solo allows 1.
    let err = refused(&mut ws, OLIVIA, invite("ann", None), at(4, 12));
    assert_eq!(
        err,
        CommandError::RefusedByScheduledPlan {
            plan: PlanId::new("solo").unwrap(),
            blockers: vec![PlanChangeBlocker::SeatLimit {
                limit: 1,
                needed: 2
            }],
        }
    );
    assert!(err.to_string().contains("`solo`"), "{err}");
    // Solo has no teams: creating one is refused too, naming Solo.
    let err = refused(
        &mut ws,
        OLIVIA,
        Change::CreateTeam {
            team: TeamId::new(1),
            name: "Closers".to_owned(),
        },
        at(4, 12),
    );
    assert!(
        matches!(&err, CommandError::RefusedByScheduledPlan { plan, .. } if plan.as_str() == "solo"),
        "{err:?}"
    );
    // The owner cancels the downgrade.
    let (outcome, charged) = run(&mut ws, OLIVIA, Change::CancelDowngrade, at(4, 12));
    assert_eq!(charged, 0);
    assert_eq!(
        outcome.events()[0],
        Event::DowngradeCancelled {
            plan: PlanId::new("solo").unwrap()
        }
    );
    assert!(ws.subscription().scheduled_plan().is_none());
    assert_eq!(
        refused(&mut ws, OLIVIA, Change::CancelDowngrade, at(4, 12)),
        CommandError::NoScheduledDowngrade
    );
    // Now Business rules alone: Ann is invited within the 5 included seats.
    run(&mut ws, OLIVIA, invite("ann", None), at(4, 12));
    // And renewal stays on Business.
    run(&mut ws, OLIVIA, Change::Renew, at(5, 1));
    assert_eq!(ws.subscription().plan().name(), "Business");
}

/// B-11: a member without billing rights cannot cancel the owner's downgrade.
#[test]
fn b11_cancelling_a_downgrade_needs_billing_rights() {
    let mut ws = workspace(Plan::business());
    run(
        &mut ws,
        OLIVIA,
        Change::Invite {
            invitees: vec![Invitee::member(
                email("ann"),
                presets::sales_scheduler().unwrap().role("closer").unwrap(),
            )],
            expires_at: None,
        },
        at(4, 2),
    );
    run(&mut ws, ANN, common::accept(email("ann"), "Ann"), at(4, 2));
    run(
        &mut ws,
        OLIVIA,
        Change::Downgrade {
            plan: Plan::startup(),
        },
        at(4, 3),
    );
    let err = refused(&mut ws, ANN, Change::CancelDowngrade, at(4, 4));
    assert!(matches!(err, CommandError::Denied(_)), "{err:?}");
}

/// B-12: renewal never fails because of a scheduled downgrade. A workspace stored with a
/// downgrade it no longer fits (here: hand-edited, as a host's older data might be) renews on
/// its current plan, and an event says why.
#[test]
fn b12_renewal_keeps_the_current_plan_when_the_downgrade_no_longer_fits() {
    let mut ws = workspace(Plan::business());
    run(&mut ws, OLIVIA, invite("ann", None), at(4, 2));
    // The stored workspace claims a downgrade to Solo (1 seat) while 2 seats are used.
    let mut stored = serde_json::to_value(&ws).unwrap();
    stored["subscription"]["scheduled_plan"] = serde_json::to_value(solo()).unwrap();
    let mut ws: Workspace = serde_json::from_value(stored).unwrap();
    assert_eq!(
        ws.subscription().scheduled_plan().map(|p| p.id().as_str()),
        Some("solo")
    );
    let (outcome, charged) = run(&mut ws, OLIVIA, Change::Renew, at(5, 1));
    assert_eq!(
        outcome.events()[0],
        Event::DowngradeDropped {
            plan: PlanId::new("solo").unwrap(),
            blockers: vec![PlanChangeBlocker::SeatLimit {
                limit: 1,
                needed: 2
            }],
        }
    );
    assert!(matches!(outcome.events()[1], Event::Renewed { .. }));
    // Business for May, 5 seats included: 199.00.
    assert_eq!(charged, 0, "a renewal is invoiced, not quoted");
    match &outcome.events()[1] {
        Event::Renewed { invoice, .. } => assert_eq!(invoice.total().minor_units(), 19_900),
        other => panic!("expected a renewal, got {other:?}"),
    }
    assert_eq!(ws.subscription().plan().name(), "Business");
    assert!(ws.subscription().scheduled_plan().is_none());
}

/// B-11, B-12: a downgrade that still fits takes over at renewal, after invitations that would
/// not have fitted expired on their own.
#[test]
fn b11_b12_downgrade_applies_once_the_blocking_invitation_expired() {
    let mut ws = workspace(Plan::business());
    run(&mut ws, OLIVIA, invite("ann", Some(at(4, 20))), at(4, 2));
    // Ann's pending invitation needs a second seat: Solo cannot be scheduled yet.
    let err = refused(
        &mut ws,
        OLIVIA,
        Change::Downgrade { plan: solo() },
        at(4, 10),
    );
    assert!(matches!(err, CommandError::Billing(_)), "{err:?}");
    // After April 20 her invitation has expired, unrecorded: Solo fits.
    run(
        &mut ws,
        OLIVIA,
        Change::Downgrade { plan: solo() },
        at(4, 21),
    );
    let (outcome, _) = run(&mut ws, OLIVIA, Change::Renew, at(5, 1));
    assert!(matches!(outcome.events()[0], Event::Renewed { .. }));
    assert_eq!(ws.subscription().plan().name(), "Solo");
    assert_eq!(ws.subscription().paid_seats(), 1);
    // The period is over for her old invitation too: inviting her again is refused by Solo.
    let err = refused(
        &mut ws,
        OLIVIA,
        invite("ann", None),
        at(5, 1) + TimeDelta::hours(1),
    );
    assert!(matches!(err, CommandError::Billing(_)), "{err:?}");
}

// ---------------------------------------------------------------- SS-15: meeting links

/// SS-15: a host without a connected calendar lacks a meeting link only when the event's
/// location needs one (a video meeting such as Google Meet); phone, in person and custom
/// locations miss nothing.
#[test]
fn ss15_meeting_link_missing_only_for_video_locations() {
    let mut ws = workspace(Plan::startup());
    run(
        &mut ws,
        OLIVIA,
        Change::SetAvailability {
            user: OLIVIA,
            set: true,
        },
        at(4, 2),
    );
    assert_eq!(
        ws.host_eligibility(OLIVIA, EventLocation::VideoMeeting),
        HostEligibility::NoMeetingLink
    );
    for location in [
        EventLocation::Phone,
        EventLocation::InPerson,
        EventLocation::Custom,
    ] {
        assert_eq!(
            ws.host_eligibility(OLIVIA, location),
            HostEligibility::Eligible,
            "{location:?}"
        );
    }
    run(
        &mut ws,
        OLIVIA,
        Change::ConnectCalendar {
            user: OLIVIA,
            calendar: "olivia@gmail.example".to_owned(),
        },
        at(4, 2),
    );
    assert_eq!(
        ws.host_eligibility(OLIVIA, EventLocation::VideoMeeting),
        HostEligibility::Eligible
    );
}

// ---------------------------------------------------------------- SS-1: teams on Startup

/// SS-1: the seed limits custom roles to Business and Enterprise, not teams: on Startup the
/// owner creates a team and adds members; custom roles stay refused.
#[test]
fn ss1_startup_allows_teams_but_not_custom_roles() {
    let mut ws = workspace(Plan::startup());
    let closers = TeamId::new(1);
    run(
        &mut ws,
        OLIVIA,
        Change::CreateTeam {
            team: closers,
            name: "Closers".to_owned(),
        },
        at(4, 2),
    );
    run(
        &mut ws,
        OLIVIA,
        Change::AddToTeam {
            team: closers,
            user: OLIVIA,
        },
        at(4, 2),
    );
    assert!(ws.team(closers).unwrap().members().any(|u| u == OLIVIA));
    let err = refused(
        &mut ws,
        OLIVIA,
        Change::DefineRole {
            role: seatwise::RoleSpec::new("junior", 5),
        },
        at(4, 2),
    );
    assert_eq!(
        err,
        CommandError::PlanLacksFeature {
            feature: PlanFeatures::CUSTOM_ROLES
        }
    );
}

//! Seed 004 (deal space members, guests and access requests), told step by step on a
//! `Workspace` with the built-in `presets::deal_space()` policy and `Plan::deal_space()`
//! (12.00 a seat a month, 1 seat included, guest ratio 5 + 2). Each test names the SPEC rules
//! it proves.
//!
//! The calendar: the space starts on 2025-04-01, so its first period is April (30 days).
//! Every amount below is computed by hand in the comment next to it.
mod common;

use chrono::{DateTime, Utc};
use common::deals::{accept, email, request, role};
use common::{at, denial, invite};
use seatwise::{
    presets, Change, Command, CommandError, Deny, Email, Event, EventLocation, HostEligibility,
    Invitee, MemberKind, Outcome, Plan, Proof, Resource, UserId, Verb, Workspace,
};

const OLGA: UserId = UserId::new(1); // Owner
const ED: UserId = UserId::new(2); // Editor (the default level)
const ADA: UserId = UserId::new(3); // Admin
const DORA: UserId = UserId::new(4); // invited as Manager, declines
const XENA: UserId = UserId::new(5); // invited as guest, lets the invitation expire
const RITA: UserId = UserId::new(20); // an outsider who requests access
const GINA: UserId = UserId::new(21); // invited as guest, then requests access
const HUGO: UserId = UserId::new(22); // requests access, then is invited
const IRIS: UserId = UserId::new(23); // requests access, then is invited as Editor

/// The space and every event it yielded, so that the story can be replayed (M-10, U-5).
struct Story {
    ws: Workspace,
    log: Vec<Event>,
}

impl Story {
    /// Olga creates the space on April 1: 1 seat × 12.00 = 12.00.
    fn new() -> Story {
        let (ws, created) = Workspace::create(
            presets::deal_space().unwrap(),
            Plan::deal_space(),
            OLGA,
            email("olga"),
            "Olga",
            at(4, 1),
        )
        .unwrap();
        match &created.events()[0] {
            Event::Created { invoice, .. } => assert_eq!(invoice.total().minor_units(), 1_200),
            other => panic!("expected the creation, got {other:?}"),
        }
        Story {
            ws,
            log: created.events().to_vec(),
        }
    }

    /// M-10: every applied change yields its events, ending with the commit of the next version.
    #[track_caller]
    fn record(&mut self, version_before: u64, outcome: &Outcome) {
        let events = outcome.events();
        assert!(events.len() >= 2, "a change without events: {events:?}");
        assert!(matches!(
            events.last(),
            Some(Event::Committed { version, .. }) if *version == version_before + 1
        ));
        assert_eq!(self.ws.version(), version_before + 1);
        self.log.extend_from_slice(events);
    }

    /// Applies a change that costs nothing.
    #[track_caller]
    fn free(&mut self, actor: UserId, change: Change, now: DateTime<Utc>) -> Outcome {
        let version = self.ws.version();
        let outcome = common::free(&mut self.ws, actor, change, now);
        self.record(version, &outcome);
        outcome
    }

    /// Applies a change that costs `total` minor units (B-9): refused with the previewed quote
    /// until it is confirmed, then charged exactly that.
    #[track_caller]
    fn paid(&mut self, actor: UserId, change: Change, now: DateTime<Utc>, total: i64) -> Outcome {
        let version = self.ws.version();
        let outcome = common::paid(&mut self.ws, actor, change, now, total);
        self.record(version, &outcome);
        outcome
    }

    /// Runs a change that must be refused; the space stays as it was (U-2).
    #[track_caller]
    fn refused(&mut self, actor: UserId, change: Change, now: DateTime<Utc>) -> CommandError {
        common::refused(&mut self.ws, actor, change, now)
    }
}

/// April 11 (20 of 30 days left): Olga invites Ed with the default level, Ada as Admin and
/// Dora as Manager. On April 12 Ed and Ada accept and Dora declines.
fn team() -> Story {
    let mut s = Story::new();
    let batch = invite(vec![
        Invitee::default_role(email("ed")),
        Invitee::member(email("ada"), role("admin")),
        Invitee::member(email("dora"), role("manager")),
    ]);
    // B-4: each pending member invitation reserves a seat: 1 + 3 = 4 seats, 3 bought at
    // 12.00 × 20/30 days = 8.00 each; 3 × 8.00 = 24.00
    s.paid(OLGA, batch, at(4, 11), 2_400);
    s.free(ED, accept("ed"), at(4, 12));
    s.free(ADA, accept("ada"), at(4, 12));
    s.free(
        DORA,
        Change::DeclineInvitation {
            email: email("dora"),
            proof: Proof::VerifiedEmail,
        },
        at(4, 12),
    );
    s
}

#[test]
fn ds1_m1_invite_defaults_to_editor_and_reserves_a_seat() {
    let mut s = Story::new();
    let outcome = s.paid(
        OLGA,
        invite(vec![Invitee::default_role(email("ed"))]),
        at(4, 11),
        // 1 seat × 12.00 × 20/30 days = 8.00
        800,
    );
    assert!(matches!(
        outcome.events()[0],
        Event::SeatsAdded { seats: 1, .. }
    ));
    match &outcome.events()[1] {
        Event::InvitationSent {
            email: sent,
            role: offered,
            kind,
            invited_by,
            ..
        } => {
            assert_eq!(sent, &email("ed"));
            assert_eq!(*offered, role("editor"));
            assert_eq!(*kind, MemberKind::Member);
            assert_eq!(*invited_by, OLGA);
        }
        other => panic!("expected an invitation, got {other:?}"),
    }
    let invitation = s.ws.invitation(&email("ed")).unwrap();
    assert_eq!(invitation.role(), role("editor"));
    assert_eq!(s.ws.seat_usage().pending_member_invites(), 1);
}

#[test]
fn m2_accept_and_decline() {
    let mut s = team();
    // Ed accepted: an Editor member with his profile name; his seat was already paid.
    let ed = s.ws.member(ED).unwrap();
    assert_eq!(ed.role(), role("editor"));
    assert_eq!(ed.kind(), MemberKind::Member);
    assert_eq!(ed.name(), "ed");
    assert_eq!(ed.email(), &email("ed"));
    // Dora declined: no invitation, no member; accepting now is too late.
    assert!(s.ws.invitation(&email("dora")).is_none());
    assert!(s.ws.member(DORA).is_none());
    let err = s.refused(DORA, accept("dora"), at(4, 13));
    assert_eq!(err, CommandError::NoInvitation(email("dora")));
    // B-5: the seat reserved for her stays paid this period: 4 paid, 3 used.
    assert_eq!(s.ws.subscription().paid_seats(), 4);
    assert_eq!(s.ws.seat_usage().members(), 3);
    assert_eq!(s.ws.seat_usage().pending_member_invites(), 0);
    // The outcome of accepting names the user who joined.
    let log_has_accept = s.log.iter().any(|e| {
        matches!(e, Event::InvitationAccepted { user, email: e, .. } if *user == ADA && *e == email("ada"))
    });
    assert!(log_has_accept);
    assert!(s.log.contains(&Event::InvitationDeclined {
        email: email("dora")
    }));
}

#[test]
fn m2_invitations_expire() {
    let mut s = team();
    let xena = Change::Invite {
        invitees: vec![Invitee::guest(email("xena"))],
        expires_at: Some(at(4, 18)),
    };
    s.free(ADA, xena, at(4, 12));
    assert_eq!(
        s.ws.invitation(&email("xena")).unwrap().expires_at(),
        Some(at(4, 18))
    );
    assert_eq!(
        s.ws.host_eligibility_of(&email("xena"), EventLocation::VideoMeeting),
        HostEligibility::InvitePending
    );
    // On April 18 the invitation has expired: it can be neither accepted nor resent.
    let err = s.refused(XENA, accept("xena"), at(4, 18));
    assert_eq!(err, CommandError::InvitationExpired(email("xena")));
    let err = s.refused(
        ADA,
        Change::ResendInvitation {
            email: email("xena"),
        },
        at(4, 18),
    );
    assert_eq!(err, CommandError::InvitationExpired(email("xena")));
    let err = s.refused(
        ADA,
        Change::IssueInviteLink {
            email: email("xena"),
            token: seatwise::InviteToken::new("tok-xena"),
        },
        at(4, 18),
    );
    assert_eq!(err, CommandError::InvitationExpired(email("xena")));
    // Sweeping expired invitations is an admin's job, not an editor's.
    let err = s.refused(ED, Change::ExpireInvitations, at(4, 18));
    assert!(matches!(denial(err), Deny::NoGrant { .. }));
    let outcome = s.free(ADA, Change::ExpireInvitations, at(4, 18));
    assert_eq!(
        outcome.events()[0],
        Event::InvitationExpired {
            email: email("xena")
        }
    );
    assert!(s.ws.invitation(&email("xena")).is_none());
    assert_eq!(s.ws.pending_for(&email("xena")), (None, None));
}

#[test]
fn m4_access_request_notifies_the_admins() {
    let mut s = team();
    // Rita is a stranger: she sees nothing.
    let deals = Resource::new(s.ws.policy().area("deals").unwrap());
    assert_eq!(
        s.ws.policy()
            .can(&s.ws.principal(RITA), Verb::VIEW, &deals)
            .denial(),
        Some(Deny::NotMember)
    );
    let outcome = s.free(RITA, request("rita"), at(4, 13));
    match &outcome.events()[0] {
        Event::AccessRequested {
            email: from,
            user,
            notify,
            ..
        } => {
            assert_eq!(from, &email("rita"));
            assert_eq!(*user, RITA);
            // Owner and Admin may approve guests; the Editor is not told.
            assert_eq!(notify, &vec![OLGA, ADA]);
        }
        other => panic!("expected an access request, got {other:?}"),
    }
    // The admins' members page lists it; an editor's does not.
    let pending = s.ws.pending_requests_for(ADA);
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].user(), RITA);
    assert_eq!(pending[0].name(), "rita");
    assert!(s.ws.pending_requests_for(ED).is_empty());
    // Rita's space list shows the pending request.
    let (invitation, pending) = s.ws.pending_for(&email("rita"));
    assert!(invitation.is_none());
    assert_eq!(pending.unwrap().requested_at(), at(4, 13));
}

#[test]
fn m4_m5_second_request_refused_reject_is_silent_then_rerequest_allowed() {
    let mut s = team();
    s.free(RITA, request("rita"), at(4, 13));
    // M-4: not twice while one is pending, whatever the case of the address (M-9).
    let again = Change::RequestAccess {
        email: Email::parse("RITA@Deals.Example").unwrap(),
        name: "Rita".to_owned(),
    };
    let err = s.refused(RITA, again, at(4, 13));
    assert_eq!(err, CommandError::AlreadyRequested(email("rita")));
    // An editor cannot reject it.
    let err = s.refused(
        ED,
        Change::RejectRequest {
            email: email("rita"),
        },
        at(4, 14),
    );
    assert!(matches!(denial(err), Deny::NoGrant { .. }));
    // M-5: rejecting deletes the request and notifies no one: one event, naming no user.
    let outcome = s.free(
        ADA,
        Change::RejectRequest {
            email: email("rita"),
        },
        at(4, 14),
    );
    assert_eq!(outcome.events().len(), 2);
    assert_eq!(
        outcome.events()[0],
        Event::AccessRejected {
            email: email("rita")
        }
    );
    assert!(s.ws.request(&email("rita")).is_none());
    assert!(s.ws.member(RITA).is_none());
    // M-4: after a rejection, a new request is allowed.
    let outcome = s.free(RITA, request("rita"), at(4, 15));
    assert!(matches!(outcome.events()[0], Event::AccessRequested { .. }));
}

#[test]
fn m4_user_with_a_pending_invitation_is_told_to_accept_it() {
    let mut s = team();
    s.free(ADA, invite(vec![Invitee::guest(email("gina"))]), at(4, 13));
    let err = s.refused(GINA, request("gina"), at(4, 14));
    assert_eq!(err, CommandError::AcceptInvitationInstead(email("gina")));
    let (invitation, pending) = s.ws.pending_for(&email("gina"));
    assert_eq!(invitation.unwrap().kind(), MemberKind::Guest);
    assert!(pending.is_none());
    s.free(GINA, accept("gina"), at(4, 14));
    assert_eq!(s.ws.member(GINA).unwrap().kind(), MemberKind::Guest);
}

#[test]
fn m5_approve_adds_a_guest_and_notifies_the_requester() {
    let mut s = team();
    s.free(RITA, request("rita"), at(4, 13));
    // Only those who may invite guests approve.
    let err = s.refused(
        ED,
        Change::ApproveRequest {
            email: email("rita"),
        },
        at(4, 14),
    );
    assert!(matches!(denial(err), Deny::NoGrant { .. }));
    let outcome = s.free(
        ADA,
        Change::ApproveRequest {
            email: email("rita"),
        },
        at(4, 14),
    );
    // The approval names the requester, for the host to send her the confirmation e-mail.
    assert_eq!(
        outcome.events()[0],
        Event::AccessApproved {
            email: email("rita"),
            user: RITA,
            role: role("guest"),
            kind: MemberKind::Guest,
            at: at(4, 14),
        }
    );
    let rita = s.ws.member(RITA).unwrap();
    assert_eq!(rita.kind(), MemberKind::Guest);
    assert_eq!(rita.name(), "rita");
    assert!(s.ws.request(&email("rita")).is_none());
    // B-7: an approved guest counts at once.
    assert_eq!(s.ws.guest_status().used(), 1);
    let deals = Resource::new(s.ws.policy().area("deals").unwrap());
    assert!(s
        .ws
        .policy()
        .is_allowed(&s.ws.principal(RITA), Verb::VIEW, &deals));
}

#[test]
fn m6_invite_meets_request_approves_it_instead_of_sending() {
    let mut s = team();
    s.free(HUGO, request("hugo"), at(4, 13));
    // Ada invites Hugo, typing his address in capitals (M-9).
    let outcome = s.free(
        ADA,
        invite(vec![Invitee::guest(
            Email::parse("HUGO@deals.example").unwrap(),
        )]),
        at(4, 14),
    );
    assert!(outcome
        .events()
        .iter()
        .all(|e| !matches!(e, Event::InvitationSent { .. })));
    assert_eq!(
        outcome.events()[0],
        Event::AccessApproved {
            email: email("hugo"),
            user: HUGO,
            role: role("guest"),
            kind: MemberKind::Guest,
            at: at(4, 14),
        }
    );
    assert!(s.ws.invitation(&email("hugo")).is_none());
    assert!(s.ws.request(&email("hugo")).is_none());
    assert_eq!(s.ws.member(HUGO).unwrap().kind(), MemberKind::Guest);

    // Inviting a requester as a member approves the request with that level; Iris takes the
    // seat Dora's declined invitation left paid (B-5): 4 members on 4 paid seats, no charge.
    s.free(IRIS, request("iris"), at(4, 15));
    let outcome = s.free(
        ADA,
        invite(vec![Invitee::member(email("iris"), role("editor"))]),
        at(4, 15),
    );
    assert!(matches!(
        outcome.events()[0],
        Event::AccessApproved {
            user: IRIS,
            kind: MemberKind::Member,
            ..
        }
    ));
    assert_eq!(s.ws.member(IRIS).unwrap().role(), role("editor"));
    assert_eq!(s.ws.subscription().paid_seats(), 4);
}

#[test]
fn m9_addresses_compared_case_insensitively_one_user_one_member() {
    let mut s = team();
    let shouting = Email::parse("  ED@Deals.EXAMPLE ").unwrap();
    assert_eq!(shouting, email("ed"));
    let err = s.refused(
        ADA,
        invite(vec![Invitee::default_role(shouting.clone())]),
        at(4, 13),
    );
    assert_eq!(err, CommandError::AlreadyMember(email("ed")));
    let err = s.refused(
        UserId::new(99),
        Change::RequestAccess {
            email: shouting,
            name: "Not Ed".to_owned(),
        },
        at(4, 13),
    );
    assert_eq!(err, CommandError::AlreadyMember(email("ed")));
    // Ed, already in, cannot join a second time under another address.
    s.free(
        ADA,
        invite(vec![Invitee::guest(email("ed.private"))]),
        at(4, 13),
    );
    let err = s.refused(
        ED,
        Change::AcceptInvitation {
            email: email("ed.private"),
            name: "Ed".to_owned(),
            proof: Proof::VerifiedEmail,
        },
        at(4, 13),
    );
    assert_eq!(err, CommandError::UserAlreadyJoined(ED));
    let err = s.refused(ED, request("ed.other"), at(4, 13));
    assert_eq!(err, CommandError::UserAlreadyJoined(ED));
    // Nor can a requester who joined meanwhile be approved again.
    s.free(RITA, request("rita"), at(4, 13));
    s.free(
        ADA,
        invite(vec![Invitee::guest(email("rita.work"))]),
        at(4, 13),
    );
    s.free(
        RITA,
        Change::AcceptInvitation {
            email: email("rita.work"),
            name: "Rita".to_owned(),
            proof: Proof::VerifiedEmail,
        },
        at(4, 14),
    );
    let err = s.refused(
        ADA,
        Change::ApproveRequest {
            email: email("rita"),
        },
        at(4, 14),
    );
    assert_eq!(err, CommandError::UserAlreadyJoined(RITA));
    assert_eq!(s.ws.members().filter(|m| m.user() == RITA).count(), 1);
}

#[test]
fn b6_b7_b9_b10_guest_ratio_warns_at_the_limit_and_charges_on_acceptance() {
    let mut s = Story::new();
    let guests: Vec<String> = (1..=7).map(|i| format!("guest{i}")).collect();
    let guest_id = |i: usize| UserId::new(100 + i as u64);
    // April 11: five guests invited. B-7: invitations cost nothing and do not count.
    s.free(
        OLGA,
        invite(
            guests[..5]
                .iter()
                .map(|g| Invitee::guest(email(g)))
                .collect(),
        ),
        at(4, 11),
    );
    let status = s.ws.guest_status();
    assert_eq!((status.used(), status.allowance()), (0, Some(5)));
    assert_eq!(s.ws.seat_usage().accepted_guests(), 0);
    // B-6: 1 paid seat allows 5 guests.
    for (i, g) in guests[..5].iter().enumerate() {
        s.free(guest_id(i), accept(g), at(4, 12));
    }
    // B-10: at the limit: warn; not over.
    let status = s.ws.guest_status();
    assert_eq!(status.used(), 5);
    assert!(status.is_at_limit());
    assert!(!status.is_over());
    assert_eq!(status.remaining(), Some(0));
    assert_eq!(status.extra_seats_for_next_guest(), 1);
    assert_eq!(s.ws.subscription().paid_seats(), 1);
    // Seed 004: adding a guest at the limit prompts the inviter to confirm the increase…
    let sixth = invite(vec![Invitee::guest(email(&guests[5]))]);
    let before = s.ws.clone();
    let err =
        s.ws.execute(OLGA, Command::new(sixth.clone()), at(4, 13))
            .unwrap_err();
    assert_eq!(
        err,
        CommandError::GuestLimitConfirmationRequired {
            guests: 6,
            allowance: 5
        }
    );
    assert!(
        s.ws == before,
        "U-2: the refused invitation changed nothing"
    );
    // …and once confirmed, the invitation is still free (B-7).
    let outcome =
        s.ws.execute(
            OLGA,
            Command::new(sixth).confirming_guest_limit(),
            at(4, 13),
        )
        .unwrap();
    let version = s.ws.version() - 1;
    s.record(version, &outcome);
    assert!(outcome.quote().is_none());
    assert!(outcome.events().iter().any(|e| matches!(
        e,
        Event::GuestLimitConfirmed {
            guests: 6,
            allowance: 5
        }
    )));
    assert_eq!(s.ws.subscription().paid_seats(), 1);
    // …and the seat is charged when she accepts on April 16 (15 of 30 days left):
    // 1 seat × 12.00 × 15/30 = 6.00
    let outcome =
        s.ws.execute(guest_id(5), Command::new(accept(&guests[5])), at(4, 16))
            .unwrap();
    let version = s.ws.version() - 1;
    s.record(version, &outcome);
    assert!(matches!(
        outcome.events()[0],
        Event::SeatsAdded { seats: 1, .. }
    ));
    assert_eq!(outcome.quote().unwrap().total().minor_units(), 600);
    // B-6: 2 seats allow 5 + 2 = 7 guests.
    let status = s.ws.guest_status();
    assert_eq!((status.used(), status.allowance()), (6, Some(7)));
    assert!(!status.is_at_limit());
    s.free(
        OLGA,
        invite(vec![Invitee::guest(email(&guests[6]))]),
        at(4, 17),
    );
    s.free(guest_id(6), accept(&guests[6]), at(4, 17));
    assert!(s.ws.guest_status().is_at_limit());
    // B-9: an admin approving a request past the limit must confirm the extra seat, on
    // April 21 (10 of 30 days left): 1 seat × 12.00 × 10/30 = 4.00
    let requester = UserId::new(200);
    s.free(requester, request("requester"), at(4, 20));
    s.paid(
        OLGA,
        Change::ApproveRequest {
            email: email("requester"),
        },
        at(4, 21),
        400,
    );
    let status = s.ws.guest_status();
    assert_eq!((status.used(), status.allowance()), (8, Some(9)));
    assert_eq!(s.ws.subscription().paid_seats(), 3);
    // M-10, U-5: the whole story replays into the same space.
    assert!(Workspace::replay(&s.log).unwrap() == s.ws);
}

#[test]
fn i4_ds3_guests_are_read_only() {
    let mut s = team();
    s.free(RITA, request("rita"), at(4, 13));
    s.free(
        ADA,
        Change::ApproveRequest {
            email: email("rita"),
        },
        at(4, 13),
    );
    let policy = s.ws.policy();
    let rita = s.ws.principal(RITA);
    let mut views = 0;
    for area in policy.areas() {
        let own = Resource::new(area.id()).owned_by(RITA);
        for action in area.actions().verbs() {
            let allowed = policy.is_allowed(&rita, action, &own);
            if action == Verb::VIEW {
                views += usize::from(allowed);
            } else if action.is_change() {
                assert!(!allowed, "a guest may {action:?} on {}", area.name());
            }
        }
    }
    // DS-3: pipeline, deals, roles, streams, themes.
    assert_eq!(views, 5);
    // Nor can she act on the space through commands.
    let err = s.refused(
        RITA,
        invite(vec![Invitee::guest(email("friend"))]),
        at(4, 14),
    );
    assert!(matches!(
        denial(err),
        Deny::GuestReadOnly | Deny::NoGrant { .. }
    ));
    let err = s.refused(
        RITA,
        Change::ApproveRequest {
            email: email("rita"),
        },
        at(4, 14),
    );
    assert_eq!(err, CommandError::NoRequest(email("rita")));
    let err = s.refused(OLGA, Change::TransferOwnership { to: RITA }, at(4, 14));
    assert_eq!(err, CommandError::Guest(RITA));
    assert_eq!(
        s.ws.host_eligibility(RITA, EventLocation::VideoMeeting),
        HostEligibility::NotAMember
    );
}

#[test]
fn m7_removed_guest_and_member_lose_access_at_once() {
    let mut s = team();
    s.free(RITA, request("rita"), at(4, 13));
    s.free(
        ADA,
        Change::ApproveRequest {
            email: email("rita"),
        },
        at(4, 13),
    );
    let deals = Resource::new(s.ws.policy().area("deals").unwrap());
    for user in [RITA, ED] {
        let outcome = s.free(ADA, Change::RemoveMember { user }, at(4, 20));
        assert_eq!(outcome.events()[0], Event::MemberRemoved { user });
        assert_eq!(
            s.ws.policy()
                .can(&s.ws.principal(user), Verb::VIEW, &deals)
                .denial(),
            Some(Deny::Removed)
        );
    }
    assert_eq!(s.ws.guest_status().used(), 0);
    // An Admin cannot remove the Owner.
    let err = s.refused(ADA, Change::RemoveMember { user: OLGA }, at(4, 20));
    assert_eq!(denial(err), Deny::OwnerProtected);
    // B-5: seats stay paid.
    assert_eq!(s.ws.subscription().paid_seats(), 4);
}

#[test]
fn m10_every_change_yields_events_and_the_story_replays() {
    let mut s = team();
    s.free(RITA, request("rita"), at(4, 13));
    s.free(
        ADA,
        Change::RejectRequest {
            email: email("rita"),
        },
        at(4, 13),
    );
    s.free(RITA, request("rita"), at(4, 14));
    s.free(
        ADA,
        Change::ApproveRequest {
            email: email("rita"),
        },
        at(4, 14),
    );
    s.free(HUGO, request("hugo"), at(4, 15));
    s.free(ADA, invite(vec![Invitee::guest(email("hugo"))]), at(4, 15));
    s.free(ADA, invite(vec![Invitee::guest(email("gina"))]), at(4, 15));
    s.free(
        ADA,
        Change::ResendInvitation {
            email: email("gina"),
        },
        at(4, 16),
    );
    s.free(
        ADA,
        Change::ChangeRole {
            user: ED,
            role: role("manager"),
        },
        at(4, 16),
    );
    s.free(ADA, Change::RemoveMember { user: HUGO }, at(4, 17));
    // Every kind of change the host must act on came out as an event (each `free` / `paid`
    // above also checked that its outcome ended with the commit of the next version).
    let kinds: Vec<&str> = s
        .log
        .iter()
        .map(|e| match e {
            Event::Created { .. } => "created",
            Event::SeatsAdded { .. } => "seats added",
            Event::InvitationSent { .. } => "invitation sent",
            Event::InvitationAccepted { .. } => "invitation accepted",
            Event::InvitationDeclined { .. } => "invitation declined",
            Event::InvitationResent { .. } => "invitation resent",
            Event::AccessRequested { .. } => "access requested",
            Event::AccessRejected { .. } => "access rejected",
            Event::AccessApproved { .. } => "access approved",
            Event::RoleChanged { .. } => "role changed",
            Event::MemberRemoved { .. } => "member removed",
            Event::Committed { .. } => "committed",
            _ => "other",
        })
        .collect();
    for kind in [
        "created",
        "seats added",
        "invitation sent",
        "invitation accepted",
        "invitation declined",
        "invitation resent",
        "access requested",
        "access rejected",
        "access approved",
        "role changed",
        "member removed",
    ] {
        assert!(kinds.contains(&kind), "no `{kind}` event");
    }
    assert!(!kinds.contains(&"other"));
    assert_eq!(
        kinds.iter().filter(|k| **k == "committed").count() as u64,
        s.ws.version()
    );
    // U-5: the events rebuild the same space, also after a trip through JSON.
    assert!(Workspace::replay(&s.log).unwrap() == s.ws);
    let json = serde_json::to_string(&s.log).unwrap();
    let log: Vec<Event> = serde_json::from_str(&json).unwrap();
    assert!(Workspace::replay(&log).unwrap() == s.ws);
}

//! Seed 000 (sales scheduler user management), told step by step on a `Workspace` with the
//! built-in `presets::sales_scheduler()` policy. Each test names the SPEC rules it proves.
//!
//! The calendar: the workspace starts on Startup on 2025-04-01, so its first period is April
//! (30 days). Every amount below is computed by hand in the comment next to it.
mod common;

use common::closers::{accept, email, role};
use common::{at, denial, free, invite, paid, refused};
use seatwise::{
    presets, Change, Command, CommandError, Decision, Deny, Email, Event, EventLocation,
    HostEligibility, InviteToken, Invitee, LineKind, Plan, PlanFeatures, Resource, RoleChange,
    RoleSpec, RowActions, RowStatus, Scope, TeamId, UserId, Verb, Workspace,
};

const OLIVIA: UserId = UserId::new(1); // the account creator: owner and Super Admin (SS-2)
const CARLA: UserId = UserId::new(2); // Closer
const SAM: UserId = UserId::new(3); // Setter
const MARIA: UserId = UserId::new(4); // Sales Manager
const DAN: UserId = UserId::new(5); // a second Super Admin
const EVE: UserId = UserId::new(6); // a third Super Admin
const FRANK: UserId = UserId::new(7); // a Closer who takes a freed seat

/// Step 1: Olivia creates a Startup workspace on April 1 and pays the plan price.
fn created() -> Workspace {
    let (ws, outcome) = Workspace::create(
        presets::sales_scheduler().unwrap(),
        Plan::startup(),
        OLIVIA,
        email("olivia"),
        "Olivia",
        at(4, 1),
    )
    .unwrap();
    match &outcome.events()[0] {
        // SS-1: Startup is 49.00 a month with 1 seat included.
        Event::Created { invoice, .. } => assert_eq!(invoice.total().minor_units(), 4_900),
        other => panic!("expected the creation, got {other:?}"),
    }
    ws
}

/// Step 2: on April 16 (15 of 30 days left) Olivia invites Carla (Closer) and Sam (Setter) in
/// one batch, paying 2 extra seats.
fn invited() -> Workspace {
    let mut ws = created();
    let batch = invite(vec![
        Invitee::member(email("carla"), role("closer")),
        Invitee::member(email("sam"), role("setter")),
    ]);
    // 2 seats × 49.00 × 15/30 days = 2 × 24.50 = 49.00
    paid(&mut ws, OLIVIA, batch, at(4, 16), 4_900);
    ws
}

/// Step 3: Carla and Sam accept on April 17; Carla sets her availability.
fn accepted() -> Workspace {
    let mut ws = invited();
    free(&mut ws, CARLA, accept("carla"), at(4, 17));
    free(&mut ws, SAM, accept("sam"), at(4, 17));
    ws
}

/// Step 4: on April 21 (10 of 30 days left) Olivia upgrades to Business.
fn on_business() -> Workspace {
    let mut ws = accepted();
    // Credit: Startup with 3 paid seats = 49.00 + 2 × 49.00 = 147.00; −147.00 × 10/30 = −49.00
    // Charge: Business for 3 members = max(5 included, 3) = 5 seats, 199.00 × 10/30 = 66.33
    // Total: 66.33 − 49.00 = 17.33
    let upgrade = Change::Upgrade {
        plan: Plan::business(),
    };
    paid(&mut ws, OLIVIA, upgrade, at(4, 21), 1_733);
    assert_eq!(ws.subscription().plan().name(), "Business");
    assert_eq!(ws.subscription().paid_seats(), 5);
    ws
}

/// Step 5: still on April 21, Maria (Sales Manager) and Dan (Super Admin) join within the 5
/// Business seats; on April 26 (5 of 30 days left) Eve (Super Admin) takes a 6th seat.
fn full_house() -> Workspace {
    let mut ws = on_business();
    let batch = invite(vec![
        Invitee::member(email("maria"), role("sales_manager")),
        Invitee::member(email("dan"), role("super_admin")),
    ]);
    // 3 members + 2 pending = 5 seats = the 5 included: nothing to pay (SS-1).
    free(&mut ws, OLIVIA, batch, at(4, 21));
    free(&mut ws, MARIA, accept("maria"), at(4, 21));
    free(&mut ws, DAN, accept("dan"), at(4, 21));
    let eve = invite(vec![Invitee::member(email("eve"), role("super_admin"))]);
    // 6th seat on Business: 45.00 × 5/30 days = 7.50
    paid(&mut ws, OLIVIA, eve, at(4, 26), 750);
    free(&mut ws, EVE, accept("eve"), at(4, 26));
    assert_eq!(ws.subscription().paid_seats(), 6);
    ws
}

#[test]
fn ss2_creator_is_owner_and_super_admin() {
    let ws = created();
    assert_eq!(ws.owner(), OLIVIA);
    assert_eq!(ws.member(OLIVIA).unwrap().role(), role("super_admin"));
    assert_eq!(ws.version(), 1);
    assert_eq!(ws.subscription().paid_seats(), 1);
}

#[test]
fn m1_batch_with_one_bad_address_changes_nothing() {
    let mut ws = created();
    let before = ws.clone();
    let closer = role("closer");
    // The owner's own address, in other case: already in the workspace (M-9).
    let err = refused(
        &mut ws,
        OLIVIA,
        invite(vec![
            Invitee::member(email("carla"), closer),
            Invitee::member(Email::parse(" OLIVIA@Closers.Example ").unwrap(), closer),
            Invitee::member(email("sam"), closer),
        ]),
        at(4, 16),
    );
    assert_eq!(err, CommandError::AlreadyMember(email("olivia")));
    // The same address twice in one batch.
    let err = refused(
        &mut ws,
        OLIVIA,
        invite(vec![
            Invitee::member(email("carla"), closer),
            Invitee::member(Email::parse("Carla@closers.example").unwrap(), closer),
        ]),
        at(4, 16),
    );
    assert_eq!(err, CommandError::DuplicateInvitee(email("carla")));
    // A batch whose second invitee is offered a role above the inviter is refused whole too
    // see `u2_i7_refused_commands_change_nothing` in `workspace_commands.rs`.
    let err = refused(&mut ws, OLIVIA, invite(vec![]), at(4, 16));
    assert_eq!(err, CommandError::EmptyBatch);
    assert!(ws == before);
    assert_eq!(ws.invitations().count(), 0);
    // A text that is no address never becomes one.
    assert!(Email::parse("carla at closers").is_err());
}

#[test]
fn m1_ss1_b4_b9_u3_batch_invite_pays_two_extra_startup_seats_after_confirmation() {
    let mut ws = created();
    let batch = invite(vec![
        Invitee::member(email("carla"), role("closer")),
        Invitee::member(email("sam"), role("setter")),
    ]);
    let previewed = ws
        .preview(OLIVIA, &Command::new(batch.clone()), at(4, 16))
        .unwrap();
    let quote = previewed.quote().unwrap();
    // B-4: 1 member + 2 pending invitations = 3 seats; 1 is included, 2 are bought.
    // B-8: each at 49.00 × 15/30 days = 24.50; 2 × 24.50 = 49.00
    assert_eq!(quote.lines().len(), 1);
    assert_eq!(quote.lines()[0].kind(), LineKind::ProratedSeats);
    assert_eq!(quote.lines()[0].quantity(), 2);
    assert_eq!(quote.lines()[0].unit_amount().minor_units(), 2_450);
    assert_eq!(quote.total().minor_units(), 4_900);
    assert_eq!(quote.total().to_string(), "$49.00");
    let outcome = paid(&mut ws, OLIVIA, batch, at(4, 16), 4_900);
    // U-3: the preview is exactly what the confirmed command did.
    assert_eq!(outcome.events()[..2], previewed.events()[..2]);
    assert!(matches!(
        outcome.events()[0],
        Event::SeatsAdded { seats: 2, .. }
    ));
    let sent: Vec<_> = outcome
        .events()
        .iter()
        .filter_map(|e| match e {
            Event::InvitationSent { email, role, .. } => Some((email.clone(), *role)),
            _ => None,
        })
        .collect();
    assert_eq!(
        sent,
        vec![
            (email("carla"), role("closer")),
            (email("sam"), role("setter")),
        ]
    );
    assert!(matches!(
        outcome.events().last(),
        Some(Event::Committed { version: 2, .. })
    ));
    // SS-1: Startup with 3 members pays 2 extra seats: 49.00 + 2 × 49.00 = 147.00 a month.
    assert_eq!(ws.subscription().paid_seats(), 3);
    assert_eq!(
        ws.subscription().period_price().unwrap().minor_units(),
        14_700
    );
}

#[test]
fn m2_a1_ss15_pending_invitees_cannot_act_or_host() {
    let mut ws = invited();
    // SS-15, M-2: the members table knows Carla only as a pending address.
    assert_eq!(
        ws.host_eligibility_of(&email("carla"), EventLocation::VideoMeeting),
        HostEligibility::InvitePending
    );
    assert!(!ws
        .host_eligibility_of(&email("carla"), EventLocation::VideoMeeting)
        .can_host());
    // before accepting, Carla's user is no one here.
    let contacts = ws.policy().area("contacts").unwrap();
    let carla = ws.principal(CARLA);
    assert_eq!(
        ws.policy()
            .can(&carla, Verb::VIEW, &Resource::new(contacts))
            .denial(),
        Some(Deny::NotMember)
    );
    let err = refused(
        &mut ws,
        CARLA,
        Change::SetAvailability {
            user: CARLA,
            set: true,
        },
        at(4, 16),
    );
    assert_eq!(err, CommandError::NotAMember(CARLA));
    let err = refused(
        &mut ws,
        CARLA,
        invite(vec![Invitee::default_role(email("zed"))]),
        at(4, 16),
    );
    assert_eq!(denial(err), Deny::NotMember);
    // Once accepted, she is a Closer who sees contacts.
    free(&mut ws, CARLA, accept("carla"), at(4, 17));
    assert!(ws
        .policy()
        .is_allowed(&ws.principal(CARLA), Verb::VIEW, &Resource::new(contacts)));
}

#[test]
fn m3_resend_and_copy_link_only_for_pending_rows() {
    let mut ws = invited();
    // Resend and copy the link while Carla is pending.
    let outcome = free(
        &mut ws,
        OLIVIA,
        Change::ResendInvitation {
            email: email("carla"),
        },
        at(4, 16),
    );
    assert_eq!(
        outcome.events()[0],
        Event::InvitationResent {
            email: email("carla")
        }
    );
    let token = InviteToken::new("tok-carla-1");
    let outcome = free(
        &mut ws,
        OLIVIA,
        Change::IssueInviteLink {
            email: email("carla"),
            token: token.clone(),
        },
        at(4, 16),
    );
    assert!(
        matches!(&outcome.events()[0], Event::InviteLinkIssued { token: t, .. } if *t == token)
    );
    let invitation = ws.invitation(&email("carla")).unwrap();
    assert_eq!(invitation.times_resent(), 1);
    assert_eq!(invitation.link(), Some(&token));

    // After accepting, there is no invitation left to resend or link.
    free(&mut ws, CARLA, accept("carla"), at(4, 17));
    let err = refused(
        &mut ws,
        OLIVIA,
        Change::ResendInvitation {
            email: email("carla"),
        },
        at(4, 17),
    );
    assert_eq!(err, CommandError::NoInvitation(email("carla")));
    let err = refused(
        &mut ws,
        OLIVIA,
        Change::IssueInviteLink {
            email: email("carla"),
            token,
        },
        at(4, 17),
    );
    assert_eq!(err, CommandError::NoInvitation(email("carla")));
}

#[test]
fn m3_ss15_members_table_of_seed_000() {
    let mut ws = accepted();
    // Carla sets availability and connects her calendar; Sam does neither.
    free(
        &mut ws,
        CARLA,
        Change::SetAvailability {
            user: CARLA,
            set: true,
        },
        at(4, 18),
    );
    free(
        &mut ws,
        CARLA,
        Change::ConnectCalendar {
            user: CARLA,
            calendar: "carla.meet@gmail.example".to_owned(),
        },
        at(4, 18),
    );
    // A third invitee, with the default role, stays pending: a 4th seat on April 18,
    // 49.00 × 13/30 days = 21.2333… = 21.23
    paid(
        &mut ws,
        OLIVIA,
        invite(vec![Invitee::default_role(email("zoe"))]),
        at(4, 18),
        2_123,
    );
    let rows = ws.members_table(OLIVIA, at(4, 18), None, 10);
    let view: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.email.as_str(),
                r.name,
                r.status == RowStatus::Pending,
                r.availability,
                r.calendar,
                r.actions,
            )
        })
        .collect();
    // SS-1: Startup has teams, so accepted member rows offer "add to team" (M-8).
    let accepted_actions = RowActions::CHANGE_ROLE | RowActions::ADD_TO_TEAM | RowActions::DELETE;
    let pending_actions = RowActions::RESEND | RowActions::COPY_LINK | RowActions::DELETE;
    assert_eq!(
        view,
        vec![
            (
                "carla@closers.example",
                Some("carla"),
                false,
                true,
                Some("carla.meet@gmail.example"),
                accepted_actions
            ),
            // The owner's own row: no one changes the owner's role or deletes the owner;
            // she may put herself in a team.
            (
                "olivia@closers.example",
                Some("Olivia"),
                false,
                false,
                None,
                RowActions::ADD_TO_TEAM
            ),
            (
                "sam@closers.example",
                Some("sam"),
                false,
                false,
                None,
                accepted_actions
            ),
            (
                "zoe@closers.example",
                None,
                true,
                false,
                None,
                pending_actions
            ),
        ]
    );
    // Roles: the invitee's own, and the default (Closer) for Zoe.
    assert_eq!(rows[2].role, role("setter"));
    assert_eq!(rows[3].role, role("closer"));
    // Paging: after Olivia's address, two rows.
    let page = ws.members_table(OLIVIA, at(4, 18), Some(&email("olivia")), 2);
    assert_eq!(page.len(), 2);
    assert_eq!(page[0].email, &email("sam"));
    // A Closer has no user management: no buttons at all.
    assert!(ws
        .members_table(CARLA, at(4, 18), None, 10)
        .iter()
        .all(|r| r.actions.is_empty()));

    // On Business too, accepted member rows offer "add to team" (M-8).
    let ws = on_business();
    let rows = ws.members_table(OLIVIA, at(4, 18), None, 10);
    assert_eq!(
        rows[0].actions,
        RowActions::CHANGE_ROLE | RowActions::ADD_TO_TEAM | RowActions::DELETE
    );
}

#[test]
fn ss15_host_needs_acceptance_and_availability_calendar_only_for_meeting_link() {
    let mut ws = accepted();
    // Accepted, availability not set: cannot host.
    assert_eq!(
        ws.host_eligibility(CARLA, EventLocation::VideoMeeting),
        HostEligibility::NoAvailability
    );
    assert!(!ws
        .host_eligibility(CARLA, EventLocation::VideoMeeting)
        .can_host());
    free(
        &mut ws,
        CARLA,
        Change::SetAvailability {
            user: CARLA,
            set: true,
        },
        at(4, 18),
    );
    // Availability set, no calendar: hosts, but no meeting link is made for her.
    assert_eq!(
        ws.host_eligibility(CARLA, EventLocation::VideoMeeting),
        HostEligibility::NoMeetingLink
    );
    assert!(ws
        .host_eligibility(CARLA, EventLocation::VideoMeeting)
        .can_host());
    free(
        &mut ws,
        CARLA,
        Change::ConnectCalendar {
            user: CARLA,
            calendar: "carla.meet@gmail.example".to_owned(),
        },
        at(4, 18),
    );
    assert_eq!(
        ws.host_eligibility(CARLA, EventLocation::VideoMeeting),
        HostEligibility::Eligible
    );
    assert_eq!(
        ws.host_eligibility_of(&email("carla"), EventLocation::VideoMeeting),
        HostEligibility::Eligible
    );
    free(
        &mut ws,
        CARLA,
        Change::DisconnectCalendar { user: CARLA },
        at(4, 19),
    );
    assert_eq!(
        ws.host_eligibility(CARLA, EventLocation::VideoMeeting),
        HostEligibility::NoMeetingLink
    );
    // SS-9: a Closer manages only her own availability; a Setter (Full) manages everyone's.
    let err = refused(
        &mut ws,
        CARLA,
        Change::SetAvailability {
            user: SAM,
            set: true,
        },
        at(4, 19),
    );
    assert!(matches!(denial(err), Deny::NotRelated { .. }));
    free(
        &mut ws,
        SAM,
        Change::SetAvailability {
            user: SAM,
            set: true,
        },
        at(4, 19),
    );
    assert_eq!(
        ws.host_eligibility(SAM, EventLocation::VideoMeeting),
        HostEligibility::NoMeetingLink
    );
    // Strangers do not host.
    assert_eq!(
        ws.host_eligibility(UserId::new(99), EventLocation::VideoMeeting),
        HostEligibility::NotAMember
    );
}

#[test]
fn m8_a11_teams_need_a_plan_with_teams() {
    // SS-1: the built-in plans all have teams; a host's plan without them refuses.
    let no_teams = Plan::startup()
        .to_builder()
        .features(PlanFeatures::empty())
        .build()
        .unwrap();
    let (mut ws, _) = Workspace::create(
        presets::sales_scheduler().unwrap(),
        no_teams,
        OLIVIA,
        email("olivia"),
        "Olivia",
        at(4, 1),
    )
    .unwrap();
    let closers = TeamId::new(1);
    let err = refused(
        &mut ws,
        OLIVIA,
        Change::CreateTeam {
            team: closers,
            name: "Closers".to_owned(),
        },
        at(4, 18),
    );
    assert_eq!(
        err,
        CommandError::PlanLacksFeature {
            feature: PlanFeatures::TEAMS
        }
    );
}

#[test]
fn m8_teams_create_rename_add_remove_delete_on_business() {
    let mut ws = on_business();
    let closers = TeamId::new(1);
    let now = at(4, 22);
    let outcome = free(
        &mut ws,
        OLIVIA,
        Change::CreateTeam {
            team: closers,
            name: " Closers ".to_owned(),
        },
        now,
    );
    assert_eq!(
        outcome.events()[0],
        Event::TeamCreated {
            team: closers,
            name: "Closers".to_owned()
        }
    );
    free(
        &mut ws,
        OLIVIA,
        Change::RenameTeam {
            team: closers,
            name: "Closers EU".to_owned(),
        },
        now,
    );
    assert_eq!(ws.team(closers).unwrap().name(), "Closers EU");
    for user in [CARLA, SAM] {
        free(
            &mut ws,
            OLIVIA,
            Change::AddToTeam {
                team: closers,
                user,
            },
            now,
        );
    }
    assert_eq!(
        ws.team(closers).unwrap().members().collect::<Vec<_>>(),
        vec![CARLA, SAM]
    );
    // the team reaches Carla's principal, for Team scope and list filters.
    assert_eq!(ws.principal(CARLA).teams(), &[closers]);
    free(
        &mut ws,
        OLIVIA,
        Change::RemoveFromTeam {
            team: closers,
            user: SAM,
        },
        now,
    );
    assert_eq!(
        ws.team(closers).unwrap().members().collect::<Vec<_>>(),
        vec![CARLA]
    );
    assert!(ws.member(SAM).unwrap().teams().is_empty());
    // A Closer cannot manage teams; an unknown user cannot join one.
    let err = refused(
        &mut ws,
        CARLA,
        Change::AddToTeam {
            team: closers,
            user: SAM,
        },
        now,
    );
    assert!(matches!(denial(err), Deny::NoGrant { .. }));
    let err = refused(
        &mut ws,
        OLIVIA,
        Change::AddToTeam {
            team: closers,
            user: UserId::new(99),
        },
        now,
    );
    assert_eq!(err, CommandError::NotAMember(UserId::new(99)));
    free(&mut ws, OLIVIA, Change::DeleteTeam { team: closers }, now);
    assert!(ws.team(closers).is_none());
    assert!(ws.member(CARLA).unwrap().teams().is_empty());
}

#[test]
fn a7_m8_team_changes_do_not_reach_users_ranked_above_the_actor() {
    let mut ws = full_house();
    let closers = TeamId::new(1);
    let now = at(4, 27);
    free(
        &mut ws,
        MARIA,
        Change::CreateTeam {
            team: closers,
            name: "Closers".to_owned(),
        },
        now,
    );
    // Maria (Sales Manager) manages users at or below her rank…
    free(
        &mut ws,
        MARIA,
        Change::AddToTeam {
            team: closers,
            user: CARLA,
        },
        now,
    );
    // …but not a Super Admin, nor the owner (A-7: no acting on a user ranked above you).
    for user in [DAN, OLIVIA] {
        let err = refused(
            &mut ws,
            MARIA,
            Change::AddToTeam {
                team: closers,
                user,
            },
            now,
        );
        assert!(matches!(denial(err), Deny::TargetOutranks { .. }));
    }
    free(
        &mut ws,
        OLIVIA,
        Change::AddToTeam {
            team: closers,
            user: DAN,
        },
        now,
    );
    let err = refused(
        &mut ws,
        MARIA,
        Change::RemoveFromTeam {
            team: closers,
            user: DAN,
        },
        now,
    );
    assert!(matches!(denial(err), Deny::TargetOutranks { .. }));
    // The members table offers "add to team" only where she may use it.
    let rows = ws.members_table(MARIA, now, None, 10);
    let offers = |who: &Email| {
        rows.iter()
            .find(|r| r.email == who)
            .unwrap()
            .actions
            .contains(RowActions::ADD_TO_TEAM)
    };
    assert!(offers(&email("carla")));
    assert!(!offers(&email("dan")));
    assert!(!offers(&email("olivia")));
}

#[test]
fn ss8_a11_custom_roles_refused_on_startup_allowed_on_business() {
    let mut ws = accepted();
    let junior = RoleSpec::new("junior_closer", 5)
        .label("Junior Closer")
        .grant_all("contacts", Scope::Exclusive);
    let err = refused(
        &mut ws,
        OLIVIA,
        Change::DefineRole {
            role: junior.clone(),
        },
        at(4, 18),
    );
    assert_eq!(
        err,
        CommandError::PlanLacksFeature {
            feature: PlanFeatures::CUSTOM_ROLES
        }
    );
    let err = refused(
        &mut ws,
        OLIVIA,
        Change::DeleteRole {
            name: "setter".to_owned(),
        },
        at(4, 18),
    );
    assert!(matches!(err, CommandError::PlanLacksFeature { .. }));

    let mut ws = on_business();
    let now = at(4, 22);
    let outcome = free(&mut ws, OLIVIA, Change::DefineRole { role: junior }, now);
    assert!(matches!(
        &outcome.events()[0],
        Event::PolicyChanged { role, change: RoleChange::Defined, .. } if role == "junior_closer"
    ));
    assert!(ws.policy().role("junior_closer").is_ok());
    // The built-in Closer can be edited (SS-8), keeping who holds it.
    let closer_edit = RoleSpec::new("closer", 10)
        .label("Closer")
        .grant_all("contacts", Scope::Full)
        .grant_all("analytics", Scope::Exclusive);
    free(&mut ws, OLIVIA, Change::EditRole { role: closer_edit }, now);
    assert_eq!(
        ws.member(CARLA).unwrap().role(),
        ws.policy().role("closer").unwrap()
    );
    // Super Admin cannot be edited or deleted (SS-8).
    let err = refused(
        &mut ws,
        OLIVIA,
        Change::EditRole {
            role: RoleSpec::new("super_admin", 100),
        },
        now,
    );
    assert_eq!(err, CommandError::FixedRole("super_admin".to_owned()));
    let err = refused(
        &mut ws,
        OLIVIA,
        Change::DeleteRole {
            name: "super_admin".to_owned(),
        },
        now,
    );
    assert_eq!(err, CommandError::FixedRole("super_admin".to_owned()));
    // A role someone holds is not deleted from under them; a free one is.
    let err = refused(
        &mut ws,
        OLIVIA,
        Change::DeleteRole {
            name: "setter".to_owned(),
        },
        now,
    );
    assert_eq!(err, CommandError::RoleInUse("setter".to_owned()));
    free(
        &mut ws,
        OLIVIA,
        Change::DeleteRole {
            name: "junior_closer".to_owned(),
        },
        now,
    );
    assert!(ws.policy().role("junior_closer").is_err());
    // no role above the owner's Super Admin (rank 100) can exist.
    let err = refused(
        &mut ws,
        OLIVIA,
        Change::DefineRole {
            role: RoleSpec::new("emperor", 200),
        },
        now,
    );
    assert!(matches!(err, CommandError::Policy(_)), "{err:?}");
    // A Closer has no access to roles and permissions.
    let err = refused(
        &mut ws,
        CARLA,
        Change::DefineRole {
            role: RoleSpec::new("helper", 1),
        },
        now,
    );
    assert!(matches!(denial(err), Deny::NoGrant { .. }));
}

#[test]
fn a7_no_escalation_by_a_sales_manager() {
    let mut ws = full_house();
    let now = at(4, 27);
    // Maria has user management (SS-7) but cannot reach above Sales Manager.
    let err = refused(
        &mut ws,
        MARIA,
        invite(vec![Invitee::member(email("mallory"), role("super_admin"))]),
        now,
    );
    assert!(matches!(denial(err), Deny::Escalation { .. }));
    let err = refused(
        &mut ws,
        MARIA,
        Change::ChangeRole {
            user: CARLA,
            role: role("super_admin"),
        },
        now,
    );
    assert!(matches!(denial(err), Deny::Escalation { .. }));
    let err = refused(&mut ws, MARIA, Change::RemoveMember { user: DAN }, now);
    assert!(matches!(denial(err), Deny::TargetOutranks { .. }));
    // Within her rank she manages: Carla becomes a Setter.
    let outcome = free(
        &mut ws,
        MARIA,
        Change::ChangeRole {
            user: CARLA,
            role: role("setter"),
        },
        now,
    );
    assert!(matches!(
        outcome.events()[0],
        Event::RoleChanged { user: CARLA, .. }
    ));
    // A Closer cannot invite at all.
    let err = refused(
        &mut ws,
        SAM,
        invite(vec![Invitee::default_role(email("mallory"))]),
        now,
    );
    assert!(matches!(denial(err), Deny::NoGrant { .. }));
}

#[test]
fn ss3_a7_only_the_owner_removes_or_demotes_super_admins_and_the_owner_stays() {
    let mut ws = full_house();
    let now = at(4, 27);
    // Dan is a Super Admin but not the owner.
    let err = refused(&mut ws, DAN, Change::RemoveMember { user: EVE }, now);
    assert_eq!(denial(err), Deny::OwnerOnly);
    let err = refused(
        &mut ws,
        DAN,
        Change::ChangeRole {
            user: EVE,
            role: role("closer"),
        },
        now,
    );
    assert_eq!(denial(err), Deny::OwnerOnly);
    // the owner cannot be removed or demoted, by anyone, herself included.
    for actor in [DAN, OLIVIA] {
        let err = refused(&mut ws, actor, Change::RemoveMember { user: OLIVIA }, now);
        assert_eq!(denial(err), Deny::OwnerProtected);
    }
    let err = refused(
        &mut ws,
        DAN,
        Change::ChangeRole {
            user: OLIVIA,
            role: role("closer"),
        },
        now,
    );
    assert_eq!(denial(err), Deny::OwnerProtected);
    // SS-3: billing details are the owner's alone.
    let billing = Resource::new(ws.policy().area("billing").unwrap());
    assert_eq!(
        ws.policy()
            .can(&ws.principal(DAN), Verb::EDIT, &billing)
            .denial(),
        Some(Deny::OwnerOnly)
    );
    assert!(ws
        .policy()
        .is_allowed(&ws.principal(OLIVIA), Verb::EDIT, &billing));
    // The owner demotes Eve, then removes her.
    free(
        &mut ws,
        OLIVIA,
        Change::ChangeRole {
            user: EVE,
            role: role("closer"),
        },
        now,
    );
    free(&mut ws, OLIVIA, Change::RemoveMember { user: EVE }, now);
    assert!(ws.member(EVE).is_none());
}

#[test]
fn m7_i3_b5_b12_removed_member_loses_access_seat_reused_then_gone_at_renewal() {
    let mut ws = full_house();
    let contacts = Resource::new(ws.policy().area("contacts").unwrap());
    assert!(ws
        .policy()
        .is_allowed(&ws.principal(SAM), Verb::VIEW, &contacts));
    // April 27: Sam is removed.
    let outcome = free(
        &mut ws,
        OLIVIA,
        Change::RemoveMember { user: SAM },
        at(4, 27),
    );
    assert_eq!(outcome.events()[0], Event::MemberRemoved { user: SAM });
    // M-7, I-3: he loses all access at once.
    assert_eq!(
        ws.policy()
            .can(&ws.principal(SAM), Verb::VIEW, &contacts)
            .denial(),
        Some(Deny::Removed)
    );
    assert_eq!(
        ws.host_eligibility(SAM, EventLocation::VideoMeeting),
        HostEligibility::NotAMember
    );
    let err = refused(
        &mut ws,
        SAM,
        Change::SetAvailability {
            user: SAM,
            set: true,
        },
        at(4, 27),
    );
    assert_eq!(err, CommandError::NotAMember(SAM));
    // B-5: the seat stays paid for April: 6 paid, 5 used.
    assert_eq!(ws.subscription().paid_seats(), 6);
    assert_eq!(ws.seat_usage().members(), 5);
    // The next invitee takes the freed seat at no charge.
    let frank = invite(vec![Invitee::member(email("frank"), role("closer"))]);
    let previewed = ws
        .preview(OLIVIA, &Command::new(frank.clone()), at(4, 28))
        .unwrap();
    assert_eq!(previewed.quote(), None);
    free(&mut ws, OLIVIA, frank, at(4, 28));
    free(&mut ws, FRANK, accept("frank"), at(4, 28));
    assert_eq!(ws.subscription().paid_seats(), 6);
    // Eve leaves on April 29: 5 members, still 6 seats paid until the period ends.
    free(
        &mut ws,
        OLIVIA,
        Change::ChangeRole {
            user: EVE,
            role: role("closer"),
        },
        at(4, 29),
    );
    free(
        &mut ws,
        OLIVIA,
        Change::RemoveMember { user: EVE },
        at(4, 29),
    );
    assert_eq!(ws.subscription().paid_seats(), 6);
    // B-12: renewal on May 1 recomputes seats from use: 5 members = the 5 Business seats
    // included, so the invoice is the plan price alone, 199.00, with no extra seat line.
    let err = refused(&mut ws, OLIVIA, Change::Renew, at(4, 30));
    assert_eq!(err, CommandError::NotDue);
    let outcome = free(&mut ws, OLIVIA, Change::Renew, at(5, 1));
    match &outcome.events()[0] {
        Event::Renewed { invoice, .. } => {
            assert_eq!(invoice.total().minor_units(), 19_900);
            assert!(invoice
                .lines()
                .iter()
                .all(|l| l.kind() != LineKind::ExtraSeats));
        }
        other => panic!("expected a renewal, got {other:?}"),
    }
    assert_eq!(ws.subscription().paid_seats(), 5);
}

#[test]
fn a7_ownership_transfer_moves_the_owner_rights() {
    let mut ws = full_house();
    let now = at(4, 27);
    // Only the owner transfers ownership.
    let err = refused(&mut ws, DAN, Change::TransferOwnership { to: DAN }, now);
    assert_eq!(denial(err), Deny::OwnerOnly);
    let err = refused(
        &mut ws,
        OLIVIA,
        Change::TransferOwnership {
            to: UserId::new(99),
        },
        now,
    );
    assert_eq!(err, CommandError::NotAMember(UserId::new(99)));
    let outcome = free(
        &mut ws,
        OLIVIA,
        Change::TransferOwnership { to: MARIA },
        now,
    );
    assert_eq!(
        outcome.events()[0],
        Event::OwnershipTransferred {
            from: OLIVIA,
            to: MARIA,
            role: role("super_admin"),
        }
    );
    assert_eq!(ws.owner(), MARIA);
    assert_eq!(ws.member(MARIA).unwrap().role(), role("super_admin"));
    // The new owner edits billing; the old one no longer does (SS-3) and can now be removed.
    let billing = Resource::new(ws.policy().area("billing").unwrap());
    assert!(ws
        .policy()
        .is_allowed(&ws.principal(MARIA), Verb::EDIT, &billing));
    assert_eq!(
        ws.policy().can(&ws.principal(OLIVIA), Verb::EDIT, &billing),
        Decision::Deny(Deny::OwnerOnly)
    );
    free(&mut ws, MARIA, Change::RemoveMember { user: OLIVIA }, now);
    assert!(ws.member(OLIVIA).is_none());
    let err = refused(&mut ws, DAN, Change::RemoveMember { user: MARIA }, now);
    assert_eq!(denial(err), Deny::OwnerProtected);
}

#[test]
fn ss8_the_default_closer_role_can_be_deleted_when_no_one_holds_it() {
    let now = at(4, 2);
    let (mut ws, _) = Workspace::create(
        presets::sales_scheduler().unwrap(),
        Plan::business(),
        OLIVIA,
        email("olivia"),
        "Olivia",
        now,
    )
    .unwrap();
    free(
        &mut ws,
        OLIVIA,
        Change::DeleteRole {
            name: "closer".to_owned(),
        },
        now,
    );
    assert!(ws.policy().role("closer").is_err(), "SS-8");
    assert_eq!(ws.policy().default_role(), None);
    // Invitations must now name a role.
    let err = refused(
        &mut ws,
        OLIVIA,
        invite(vec![Invitee::default_role(email("zoe"))]),
        now,
    );
    assert_eq!(err, CommandError::NoRole);
}

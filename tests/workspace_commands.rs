//! The command interface of the workspace (SPEC section 7): a refused command changes nothing
//! (U-2), every command previews exactly what it does (U-3), keyed commands apply once (U-4),
//! and a workspace is rebuilt from its events or from JSON (U-5); stale quotes (B-9) and
//! renewals (B-5, B-11, B-12).
//!
//! The calendar: workspaces start on 2025-04-01, so their first period is April (30 days).
//! Every amount below is computed by hand in the comment next to it.
mod common;

use chrono::{DateTime, Utc};
use common::deals::{accept, email, role};
use common::{at, invite};
use seatwise::{
    presets, BillingError, Change, Command, CommandError, Event, IdempotencyKey, Invitee, LineKind,
    Outcome, Plan, RoleSpec, Scope, TeamId, UserId, Workspace,
};

const OLGA: UserId = UserId::new(1); // Owner
const ED: UserId = UserId::new(2); // Editor
const ADA: UserId = UserId::new(3); // Admin
const RITA: UserId = UserId::new(20); // requests access

/// The space and the events it yielded.
struct Log {
    ws: Workspace,
    events: Vec<Event>,
}

impl Log {
    /// Executes `command`, confirming the quote its preview returns, if any.
    #[track_caller]
    fn run(&mut self, actor: UserId, change: Change, now: DateTime<Utc>) -> Outcome {
        let outcome = common::run(&mut self.ws, actor, change, now);
        self.events.extend_from_slice(outcome.events());
        outcome
    }
}

/// A deal space: Olga (Owner) on April 1; on April 11 (20 of 30 days left) Ed (Editor, for
/// 12.00 × 20/30 = 8.00) and Ada (Admin, another 8.00) join.
fn space() -> Log {
    let (ws, created) = Workspace::create(
        presets::deal_space().unwrap(),
        Plan::deal_space(),
        OLGA,
        email("olga"),
        "Olga",
        at(4, 1),
    )
    .unwrap();
    let mut log = Log {
        ws,
        events: created.events().to_vec(),
    };
    let outcome = log.run(
        OLGA,
        invite(vec![
            Invitee::default_role(email("ed")),
            Invitee::member(email("ada"), role("admin")),
        ]),
        at(4, 11),
    );
    // 2 seats × 12.00 × 20/30 days = 2 × 8.00 = 16.00
    assert_eq!(outcome.quote().unwrap().total().minor_units(), 1_600);
    log.run(ED, accept("ed"), at(4, 11));
    log.run(ADA, accept("ada"), at(4, 11));
    log
}

// ------------------------------------------------------------------------- U-2

#[test]
fn u2_i7_refused_commands_change_nothing() {
    let mut log = space();
    log.run(
        RITA,
        Change::RequestAccess {
            email: email("rita"),
            name: "Rita".to_owned(),
        },
        at(4, 12),
    );
    // Keyed the day of the cases below, within the key's 24-hour window (T-8).
    let keyed = Command::new(Change::ExpireInvitations).with_key(IdempotencyKey::new("sweep-1"));
    log.ws.execute(ADA, keyed, at(4, 16)).unwrap();
    let two_more = invite(vec![
        Invitee::default_role(email("fay")),
        Invitee::default_role(email("gil")),
    ]);
    let now = at(4, 16);
    let quote = log
        .ws
        .preview(OLGA, &Command::new(two_more.clone()), now)
        .unwrap()
        .quote()
        .unwrap()
        .clone();
    let one_more = invite(vec![Invitee::default_role(email("fay"))]);
    let cases: Vec<(&str, UserId, Command, DateTime<Utc>)> = vec![
        (
            "denied: an editor invites",
            ED,
            Command::new(one_more.clone()),
            now,
        ),
        (
            "denied: a stranger removes a member",
            UserId::new(99),
            Command::new(Change::RemoveMember { user: ED }),
            now,
        ),
        (
            "batch: the second invitee is already a member",
            OLGA,
            Command::new(invite(vec![
                Invitee::default_role(email("fay")),
                Invitee::default_role(email("ed")),
            ])),
            now,
        ),
        (
            "batch: an Admin offers the Owner level to the second invitee",
            ADA,
            Command::new(invite(vec![
                Invitee::guest(email("fay")),
                Invitee::member(email("gil"), role("owner")),
            ])),
            now,
        ),
        (
            "a charge without confirmation",
            OLGA,
            Command::new(two_more.clone()),
            now,
        ),
        (
            "a charge confirmed with the quote of another change",
            OLGA,
            Command::new(one_more.clone()).confirming(quote.clone()),
            now,
        ),
        (
            "a seat change after the period end, before renewal",
            OLGA,
            Command::new(one_more.clone()),
            at(5, 2),
        ),
        (
            "no such invitation",
            OLGA,
            Command::new(Change::ResendInvitation {
                email: email("nobody"),
            }),
            now,
        ),
        (
            "a second request",
            RITA,
            Command::new(Change::RequestAccess {
                email: email("rita"),
                name: "Rita".to_owned(),
            }),
            now,
        ),
        (
            "teams on a plan without them",
            OLGA,
            Command::new(Change::CreateTeam {
                team: TeamId::new(1),
                name: "Deals".to_owned(),
            }),
            now,
        ),
        (
            "a key used for another command",
            ADA,
            Command::new(Change::RemoveMember { user: ED })
                .with_key(IdempotencyKey::new("sweep-1")),
            now,
        ),
        (
            "renewal before the period end",
            OLGA,
            Command::new(Change::Renew),
            now,
        ),
        (
            "the owner transfers to a stranger",
            OLGA,
            Command::new(Change::TransferOwnership {
                to: UserId::new(99),
            }),
            now,
        ),
    ];
    for (what, actor, command, when) in cases {
        let before = log.ws.clone();
        let preview = log.ws.preview(actor, &command, when);
        let result = log.ws.execute(actor, command, when);
        assert!(result.is_err(), "{what}: applied");
        assert!(log.ws == before, "{what}: the workspace changed");
        // U-3: a refusal previews as the same refusal, except for the confirmation itself.
        if !matches!(
            result,
            Err(CommandError::ConfirmationRequired { .. }
                | CommandError::StaleQuote { .. }
                | CommandError::QuoteNotForThis { .. })
        ) {
            assert_eq!(preview.map(|_| ()), result.map(|_| ()), "{what}");
        }
    }
    // A refused keyed command does not use up its key.
    let refused = Command::new(one_more.clone()).with_key(IdempotencyKey::new("fay"));
    assert!(log.ws.execute(ED, refused, now).is_err());
    let command = Command::new(invite(vec![Invitee::guest(email("fay"))]))
        .with_key(IdempotencyKey::new("fay"));
    assert!(log.ws.execute(ADA, command, now).is_ok());
}

// ------------------------------------------------------------------------- U-3

#[test]
fn u3_preview_is_the_outcome_and_changes_nothing() {
    let mut log = space();
    let now = at(4, 16);
    let changes: Vec<(UserId, Change)> = vec![
        // Costs 12.00 × 15/30 = 6.00 (a 4th seat reserved on April 16).
        (OLGA, invite(vec![Invitee::default_role(email("fay"))])),
        (UserId::new(6), accept("fay")),
        (
            ADA,
            Change::ChangeRole {
                user: ED,
                role: role("manager"),
            },
        ),
        (
            RITA,
            Change::RequestAccess {
                email: email("rita"),
                name: "Rita".to_owned(),
            },
        ),
        (
            ADA,
            Change::ApproveRequest {
                email: email("rita"),
            },
        ),
        (ADA, Change::RemoveMember { user: RITA }),
    ];
    for (actor, change) in changes {
        let before = log.ws.clone();
        let previewed = log
            .ws
            .preview(actor, &Command::new(change.clone()), now)
            .unwrap();
        assert!(
            log.ws == before,
            "the preview of {change:?} changed the workspace"
        );
        let executed = log.run(actor, change, now);
        assert_eq!(previewed, executed);
    }
    // The paid one charged what its preview quoted.
    let charges: Vec<i64> = log
        .events
        .iter()
        .filter_map(|e| match e {
            Event::SeatsAdded { quote, .. } => Some(quote.total().minor_units()),
            _ => None,
        })
        .collect();
    // 16.00 for Ed and Ada on April 11, then 6.00 for Fay on April 16.
    assert_eq!(charges, vec![1_600, 600]);
}

// ------------------------------------------------------------------------- U-4

#[test]
fn u4_a_keyed_command_applies_once_and_charges_once() {
    let mut log = space();
    let now = at(4, 16);
    let change = invite(vec![Invitee::default_role(email("fay"))]);
    let quote = log
        .ws
        .preview(OLGA, &Command::new(change.clone()), now)
        .unwrap()
        .quote()
        .unwrap()
        .clone();
    // 1 seat × 12.00 × 15/30 days = 6.00
    assert_eq!(quote.total().minor_units(), 600);
    let key = IdempotencyKey::new("invite-fay-7f3a");
    let command = Command::new(change.clone())
        .confirming(quote)
        .with_key(key.clone());
    let version = log.ws.version();
    let first = log.ws.execute(OLGA, command.clone(), now).unwrap();
    let after_first = log.ws.clone();
    assert_eq!(log.ws.version(), version + 1);
    assert_eq!(log.ws.subscription().paid_seats(), 4);
    // The host retries, hours later (within the key's 24-hour window, T-8): same outcome,
    // nothing applied or charged again.
    let later = now + chrono::TimeDelta::hours(20);
    let retry = log.ws.execute(OLGA, command.clone(), later).unwrap();
    assert_eq!(retry, first);
    assert!(log.ws == after_first);
    assert_eq!(log.ws.version(), version + 1);
    assert_eq!(log.ws.subscription().paid_seats(), 4);
    assert_eq!(log.ws.preview(OLGA, &command, later).unwrap(), first);
    // The key answers only to the actor who used it: anyone else is refused, not shown it.
    assert_eq!(
        log.ws.execute(ED, command.clone(), later).unwrap_err(),
        CommandError::KeyReused("invite-fay-7f3a".to_owned())
    );
    assert!(log.ws == after_first);
    // The committed event carries the key and the command, so a rebuilt workspace remembers it.
    assert!(matches!(
        first.events().last(),
        Some(Event::Committed { keyed: Some(keyed), .. }) if keyed.key == key
    ));
    log.events.extend_from_slice(first.events());
    let mut rebuilt = Workspace::replay(&log.events).unwrap();
    assert_eq!(
        rebuilt.execute(OLGA, command.clone(), later).unwrap(),
        first
    );
    let mut stored: Workspace =
        serde_json::from_str(&serde_json::to_string(&log.ws).unwrap()).unwrap();
    assert_eq!(stored.execute(OLGA, command.clone(), later).unwrap(), first);
    // T-8: once the window has closed the key is forgotten and the command runs anew (here
    // refused: Fay is already invited), instead of answering with the first outcome.
    let mut forgotten = log.ws.clone();
    assert_eq!(
        forgotten.execute(OLGA, command, at(4, 18)),
        Err(CommandError::AlreadyInvited(email("fay")))
    );
    // The key reused for another command is refused, and changes nothing.
    let other = Command::new(Change::RemoveMember { user: ED }).with_key(key.clone());
    assert_eq!(
        log.ws.execute(OLGA, other, now),
        Err(CommandError::KeyReused("invite-fay-7f3a".to_owned()))
    );
    // The same change without the confirmation is another command too.
    let unconfirmed = Command::new(change).with_key(key);
    assert!(matches!(
        log.ws.execute(OLGA, unconfirmed, now),
        Err(CommandError::KeyReused(_))
    ));
    assert!(log.ws == after_first);
}

#[test]
fn u4_the_version_grows_by_one_per_applied_command() {
    let mut log = space();
    // Created (1), invite (2), two acceptances (3, 4).
    assert_eq!(log.ws.version(), 4);
    let mut expected = log.ws.version();
    for (actor, change) in [
        (
            ADA,
            Change::ChangeRole {
                user: ED,
                role: role("manager"),
            },
        ),
        (OLGA, Change::ExpireInvitations),
        (ADA, invite(vec![Invitee::guest(email("gus"))])),
        (
            ADA,
            Change::ResendInvitation {
                email: email("gus"),
            },
        ),
    ] {
        let outcome = log.run(actor, change, at(4, 20));
        expected += 1;
        assert_eq!(outcome.version(), expected);
        assert_eq!(log.ws.version(), expected);
    }
    // A refused command does not move it.
    assert!(log
        .ws
        .execute(
            ED,
            Command::new(Change::RemoveMember { user: ADA }),
            at(4, 20)
        )
        .is_err());
    assert_eq!(log.ws.version(), expected);
}

// ------------------------------------------------------------------------- U-5

/// A sales scheduler on Business with a team, a custom role, a removed member, a keyed
/// command and a scheduled downgrade: everything a log can hold.
fn busy_sales_workspace() -> Log {
    let policy = presets::sales_scheduler().unwrap();
    let closer = policy.role("closer").unwrap();
    let (ws, created) = Workspace::create(
        policy,
        Plan::business(),
        OLGA,
        email("olga"),
        "Olga",
        at(4, 1),
    )
    .unwrap();
    let mut log = Log {
        ws,
        events: created.events().to_vec(),
    };
    log.run(
        OLGA,
        invite(vec![
            Invitee::member(email("ed"), closer),
            Invitee::member(email("ada"), closer),
            Invitee::member(email("cy"), closer),
        ]),
        at(4, 2),
    );
    log.run(ED, accept("ed"), at(4, 3));
    log.run(ADA, accept("ada"), at(4, 3));
    let team = TeamId::new(7);
    log.run(
        OLGA,
        Change::CreateTeam {
            team,
            name: "Closers".to_owned(),
        },
        at(4, 4),
    );
    log.run(OLGA, Change::AddToTeam { team, user: ED }, at(4, 4));
    log.run(
        OLGA,
        Change::DefineRole {
            role: RoleSpec::new("junior", 5).grant_all("contacts", Scope::Exclusive),
        },
        at(4, 5),
    );
    let junior = log.ws.policy().role("junior").unwrap();
    log.run(
        OLGA,
        Change::ChangeRole {
            user: ADA,
            role: junior,
        },
        at(4, 5),
    );
    log.run(
        ED,
        Change::ConnectCalendar {
            user: ED,
            calendar: "ed@cal.example".to_owned(),
        },
        at(4, 6),
    );
    log.run(
        ED,
        Change::SetAvailability {
            user: ED,
            set: true,
        },
        at(4, 6),
    );
    log.run(OLGA, Change::RemoveMember { user: ADA }, at(4, 7));
    let keyed = Command::new(Change::ResendInvitation { email: email("cy") })
        .with_key(IdempotencyKey::new("resend-cy"));
    let outcome = log.ws.execute(OLGA, keyed, at(4, 8)).unwrap();
    log.events.extend_from_slice(outcome.events());
    log
}

#[test]
fn u5_i8_replay_and_json_give_the_same_workspace() {
    for log in [space(), busy_sales_workspace()] {
        let rebuilt = Workspace::replay(&log.events).unwrap();
        assert!(rebuilt == log.ws, "replay differs");
        let json = serde_json::to_string(&log.ws).unwrap();
        let read: Workspace = serde_json::from_str(&json).unwrap();
        assert!(read == log.ws, "JSON round trip differs");
        assert_eq!(serde_json::to_string(&read).unwrap(), json);
        // The events themselves survive JSON, and replay from there.
        let events: Vec<Event> =
            serde_json::from_str(&serde_json::to_string(&log.events).unwrap()).unwrap();
        assert_eq!(events, log.events);
        assert!(Workspace::replay(&events).unwrap() == log.ws);
    }
    // Replaying from any prefix of commits gives the workspace as it was then.
    let log = busy_sales_workspace();
    let cut = log
        .events
        .iter()
        .position(|e| matches!(e, Event::TeamCreated { .. }))
        .unwrap();
    let partial = Workspace::replay(&log.events[..cut + 2]).unwrap();
    assert!(partial.team(TeamId::new(7)).is_some());
    assert!(partial.member(ADA).is_some());
    assert!(log.ws.member(ADA).is_none());
    // A log that does not start with the creation is refused.
    assert!(Workspace::replay(&log.events[1..]).is_err());
}

// ------------------------------------------------------------------------- B-9: stale quotes

#[test]
fn b9_a_stale_quote_is_refused_with_the_current_one() {
    let mut log = space();
    let change = invite(vec![Invitee::default_role(email("fay"))]);
    // Quoted on April 16: 12.00 × 15/30 = 6.00
    let old = log
        .ws
        .preview(OLGA, &Command::new(change.clone()), at(4, 16))
        .unwrap()
        .quote()
        .unwrap()
        .clone();
    assert_eq!(old.total().minor_units(), 600);
    // Confirmed on April 21, when it costs 12.00 × 10/30 = 4.00
    let before = log.ws.clone();
    let err = log
        .ws
        .execute(
            OLGA,
            Command::new(change.clone()).confirming(old),
            at(4, 21),
        )
        .unwrap_err();
    let current = match err {
        CommandError::StaleQuote { quote } => *quote,
        other => panic!("expected a stale quote, got {other:?}"),
    };
    assert_eq!(current.total().minor_units(), 400);
    assert!(log.ws == before);
    let outcome = log
        .ws
        .execute(
            OLGA,
            Command::new(change).confirming(current.clone()),
            at(4, 21),
        )
        .unwrap();
    assert_eq!(outcome.quote(), Some(&current));
}

// ------------------------------------------------------------------------- B-5, B-11, B-12: renewal

#[test]
fn b5_b12_renew_is_not_due_before_the_period_end_and_drops_freed_seats() {
    let mut log = space();
    // 3 members on 3 paid seats; Ed leaves on April 20 and his seat stays paid (B-5).
    log.run(ADA, Change::RemoveMember { user: ED }, at(4, 20));
    assert_eq!(log.ws.subscription().paid_seats(), 3);
    let before = log.ws.clone();
    assert_eq!(
        log.ws.execute(OLGA, Command::new(Change::Renew), at(4, 30)),
        Err(CommandError::NotDue)
    );
    assert!(log.ws == before);
    // May 1: the invoice is for the 2 seats in use: 2 × 12.00 = 24.00, nothing for Ed's.
    let outcome = log.run(OLGA, Change::Renew, at(5, 1));
    match &outcome.events()[0] {
        Event::Renewed {
            invoice,
            subscription,
        } => {
            assert_eq!(invoice.total().minor_units(), 2_400);
            assert_eq!(invoice.lines()[0].quantity(), 2);
            assert_eq!(subscription.paid_seats(), 2);
            assert_eq!(invoice.period().start(), at(5, 1));
            assert_eq!(invoice.period().end(), at(6, 1));
        }
        other => panic!("expected a renewal, got {other:?}"),
    }
    // The renewed space takes seat changes again: on May 17 (15 of 31 days left) a 3rd seat
    // costs 12.00 × 15/31 = 5.806… = 5.81
    let outcome = log.run(
        OLGA,
        invite(vec![Invitee::default_role(email("fay"))]),
        at(5, 17),
    );
    assert_eq!(outcome.quote().unwrap().total().minor_units(), 581);
    // A space left alone for two periods catches up: June and July, one invoice each.
    let outcome = log.run(OLGA, Change::Renew, at(7, 15));
    let renewals = outcome
        .events()
        .iter()
        .filter(|e| matches!(e, Event::Renewed { .. }))
        .count();
    assert_eq!(renewals, 2);
    assert!(Workspace::replay(&log.events).unwrap() == log.ws);
}

#[test]
fn b11_b12_downgrade_takes_effect_at_renewal() {
    let mut log = busy_sales_workspace();
    // Business is in use for its team and custom role: Startup lacks both.
    let err = log
        .ws
        .execute(
            OLGA,
            Command::new(Change::Downgrade {
                plan: Plan::startup(),
            }),
            at(4, 20),
        )
        .unwrap_err();
    assert!(matches!(
        err,
        CommandError::Billing(BillingError::PlanChangeRefused { .. })
    ));
    log.run(
        OLGA,
        Change::DeleteTeam {
            team: TeamId::new(7),
        },
        at(4, 20),
    );
    log.run(
        OLGA,
        Change::DeleteRole {
            name: "junior".to_owned(),
        },
        at(4, 20),
    );
    // B-11: a cheaper plan cannot be taken "at once" as an upgrade; it waits for the period end.
    let err = log
        .ws
        .execute(
            OLGA,
            Command::new(Change::Upgrade {
                plan: Plan::startup(),
            }),
            at(4, 20),
        )
        .unwrap_err();
    assert!(matches!(err, CommandError::NotAnUpgrade { .. }), "{err:?}");
    log.run(
        OLGA,
        Change::Downgrade {
            plan: Plan::startup(),
        },
        at(4, 20),
    );
    assert_eq!(log.ws.subscription().plan().name(), "Business");
    assert_eq!(
        log.ws.subscription().scheduled_plan().map(Plan::name),
        Some("Startup")
    );
    // May 1: Olga and Ed, and Cy's pending invitation (B-4) = 3 seats on Startup:
    // 49.00 + 2 extra × 49.00 = 147.00
    let outcome = log.run(OLGA, Change::Renew, at(5, 1));
    match &outcome.events()[0] {
        Event::Renewed { invoice, .. } => {
            assert_eq!(invoice.total().minor_units(), 14_700);
            assert!(invoice
                .lines()
                .iter()
                .any(|l| l.kind() == LineKind::ExtraSeats && l.quantity() == 2));
        }
        other => panic!("expected a renewal, got {other:?}"),
    }
    assert_eq!(log.ws.subscription().plan().name(), "Startup");
    assert!(Workspace::replay(&log.events).unwrap() == log.ws);
}

#[test]
fn b12_seats_after_the_period_end_wait_for_renewal() {
    let mut log = space();
    // May 2: April has ended and no renewal ran. A change that needs no new seat still works…
    log.run(OLGA, invite(vec![Invitee::guest(email("gus"))]), at(5, 2));
    // …one that needs a seat says to renew first, and changes nothing (U-2).
    let before = log.ws.clone();
    let err = log
        .ws
        .preview(
            OLGA,
            &Command::new(invite(vec![Invitee::default_role(email("eve"))])),
            at(5, 2),
        )
        .unwrap_err();
    assert_eq!(
        err,
        CommandError::RenewalDue {
            period_end: at(5, 1)
        }
    );
    assert!(log.ws == before);
    log.run(OLGA, Change::Renew, at(5, 2));
    log.run(
        OLGA,
        invite(vec![Invitee::default_role(email("eve"))]),
        at(5, 2),
    );
}

#[test]
fn m2_m3_expired_invitations_offer_only_delete() {
    let mut log = space();
    log.run(
        OLGA,
        Change::Invite {
            invitees: vec![Invitee::guest(email("xena"))],
            expires_at: Some(at(4, 18)),
        },
        at(4, 12),
    );
    let row = |now| {
        log.ws
            .members_table(OLGA, now, None, 10)
            .into_iter()
            .find(|r| r.email == &email("xena"))
            .map(|r| (r.status, r.actions))
            .unwrap()
    };
    assert_eq!(
        row(at(4, 17)),
        (
            seatwise::RowStatus::Pending,
            seatwise::RowActions::RESEND
                | seatwise::RowActions::COPY_LINK
                | seatwise::RowActions::DELETE
        )
    );
    assert_eq!(
        row(at(4, 18)),
        (seatwise::RowStatus::Expired, seatwise::RowActions::DELETE)
    );
}

#[test]
fn a8_refusals_read_as_sentences() {
    let mut log = space();
    let err = log
        .ws
        .execute(
            ED,
            Command::new(invite(vec![Invitee::default_role(email("eve"))])),
            at(4, 12),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "not allowed: the role has no grant for this"
    );
}

#[test]
fn b4_b7_b9_seats_charged_on_acceptance_are_confirmed_at_the_invitation() {
    // Business (5 seats included) whose invitations reserve no seat: they are charged when
    // the invitees accept, so the inviter confirms that when inviting.
    let open = Plan::business()
        .to_builder()
        .id(seatwise::PlanId::new("business-open").unwrap())
        .invites_reserve_seats(false)
        .build()
        .unwrap();
    let now = at(4, 1);
    let mut ws = common::create(
        presets::sales_scheduler().unwrap(),
        open,
        OLGA,
        email("olga"),
        "Olga",
        now,
    );
    let names = ["ann", "bob", "cyd", "dee", "eli"];
    let batch = invite(
        names
            .iter()
            .map(|n| Invitee::default_role(email(n)))
            .collect(),
    );
    // The owner and five invitees need 6 seats once all accept; 5 are paid.
    let before = ws.clone();
    let err = ws
        .execute(OLGA, Command::new(batch.clone()), now)
        .unwrap_err();
    assert_eq!(
        err,
        CommandError::SeatsOnAcceptanceConfirmationRequired {
            seats_needed: 6,
            paid_seats: 5
        }
    );
    assert!(ws == before, "U-2");
    let sent = ws
        .execute(
            OLGA,
            Command::new(batch).confirming_seats_on_acceptance(),
            now,
        )
        .unwrap();
    assert!(
        sent.quote().is_none(),
        "B-4: nothing is charged at the invitation"
    );
    for (i, name) in names.iter().enumerate() {
        let user = UserId::new(100 + i as u64);
        // April 16, 15 of 30 days left: the 6th seat costs 45.00 × 15/30 = 22.50.
        let outcome = ws
            .execute(user, Command::new(accept(name)), at(4, 16))
            .unwrap();
        let charged = outcome.quote().map(|q| q.total().minor_units());
        let expected = if i == 4 { Some(2_250) } else { None };
        assert_eq!(charged, expected, "{name}");
    }
    assert_eq!(ws.subscription().paid_seats(), 6);
}

#[test]
fn m1_m3_m10_an_invitation_sent_with_the_hosts_link_token_carries_it() {
    let mut log = space();
    let token = seatwise::InviteToken::new("tok-9f2c");
    let outcome = log.run(
        OLGA,
        invite(vec![Invitee::guest(email("gus")).with_token(token.clone())]),
        at(4, 12),
    );
    assert!(outcome.events().iter().any(|e| matches!(
        e,
        Event::InvitationSent { email: sent, token: Some(t), .. } if *sent == email("gus") && *t == token
    )));
    assert_eq!(
        log.ws.invitation(&email("gus")).unwrap().link(),
        Some(&token)
    );
    // Replay keeps it.
    let replayed = Workspace::replay(log.events.iter()).unwrap();
    assert!(replayed == log.ws);
}

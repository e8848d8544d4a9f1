//! T-6 (clean values, time never runs backwards) and T-7 (acting for someone else): each
//! test reproduces an abuse that used to be accepted and proves it is refused.
mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::at_hour;
use seatwise::{
    presets, Change, Command, CommandError, Email, InviteToken, Invitee, NameError, Plan, Proof,
    TeamId, UserId, Workspace,
};

const OLGA: UserId = UserId::new(1);
const GUS: UserId = UserId::new(2);
const MALLORY: UserId = UserId::new(66);

fn at(day: u32) -> DateTime<Utc> {
    at_hour(5, day, 12)
}

fn email(text: &str) -> Email {
    Email::parse(text).unwrap()
}

fn space() -> Workspace {
    common::create(
        presets::deal_space().unwrap(),
        Plan::deal_space(),
        OLGA,
        email("olga@example.com"),
        "Olga",
        at(1),
    )
}

/// Invites Gus as a guest (free on the deal space plan), with a link token.
fn with_invited_gus() -> Workspace {
    let mut ws = space();
    let invite = Change::Invite {
        invitees: vec![Invitee::guest(email("gus@example.com"))
            .with_token(InviteToken::new("s3cret-link-token"))],
        expires_at: None,
    };
    ws.execute(OLGA, Command::new(invite), at(2)).unwrap();
    ws
}

fn accept(name: &str, proof: Proof) -> Change {
    Change::AcceptInvitation {
        email: email("gus@example.com"),
        name: name.to_owned(),
        proof,
    }
}

#[test]
fn t6_lookalike_email_is_the_same_person() {
    // `olga\u{200B}@…` used to become a second, look-alike member.
    let lookalike = Email::parse("olga\u{200B}@example.com").unwrap();
    assert_eq!(lookalike, email("olga@example.com"));
    assert_eq!(
        Email::parse("\u{202E}OLGA@example.com").unwrap(),
        email("olga@example.com")
    );
    let mut ws = space();
    let invite = Change::Invite {
        invitees: vec![Invitee::guest(lookalike.clone())],
        expires_at: None,
    };
    assert_eq!(
        ws.execute(OLGA, Command::new(invite), at(2)),
        Err(CommandError::AlreadyMember(lookalike))
    );
}

#[test]
fn t6_emails_with_control_characters_are_refused() {
    for bad in [
        "olga\0@example.com",
        "olga\u{1b}@example.com",
        "ol\nga@example.com",
    ] {
        assert!(Email::parse(bad).is_err(), "{bad:?}");
    }
    // And the error shows the character instead of printing it.
    let message = Email::parse("olga\u{1b}@x.com").unwrap_err().to_string();
    assert!(!message.contains('\u{1b}'), "{message}");
}

#[test]
fn t6_member_names_are_clean_and_bounded() {
    for (name, expected) in [
        (
            "",
            CommandError::InvalidName(NameError::Empty {
                what: "member name",
            }),
        ),
        (
            "Gus\u{1b}[2J",
            CommandError::InvalidName(NameError::Forbidden {
                what: "member name",
                character: '\u{1b}',
            }),
        ),
        (
            "Gus\0",
            CommandError::InvalidName(NameError::Forbidden {
                what: "member name",
                character: '\0',
            }),
        ),
    ] {
        let mut ws = with_invited_gus();
        let before = ws.clone();
        let refused = ws.execute(GUS, Command::new(accept(name, Proof::VerifiedEmail)), at(3));
        assert_eq!(refused, Err(expected), "{name:?}");
        assert_eq!(ws, before);
    }
    // A megabyte name used to be stored as is.
    let mut ws = with_invited_gus();
    let huge = "G".repeat(1 << 20);
    assert!(matches!(
        ws.execute(GUS, Command::new(accept(&huge, Proof::VerifiedEmail)), at(3)),
        Err(CommandError::InvalidName(NameError::TooLong { found, .. })) if found == 1 << 20
    ));
    // A clean name is trimmed and kept.
    ws.execute(
        GUS,
        Command::new(accept("  Gus  ", Proof::VerifiedEmail)),
        at(3),
    )
    .unwrap();
    assert_eq!(ws.member(GUS).unwrap().name(), "Gus");
}

#[test]
fn t6_team_names_are_clean() {
    let mut ws = common::create(
        presets::sales_scheduler().unwrap(),
        Plan::business(),
        OLGA,
        email("olga@example.com"),
        "Olga",
        at(1),
    );
    let create = Change::CreateTeam {
        team: TeamId::new(1),
        name: "Sales\u{2066}".into(),
    };
    assert!(matches!(
        ws.execute(OLGA, Command::new(create), at(2)),
        Err(CommandError::InvalidName(NameError::Forbidden {
            what: "team name",
            ..
        }))
    ));
}

#[test]
fn t6_access_request_names_are_clean() {
    let mut ws = space();
    let request = Change::RequestAccess {
        email: email("rita@example.com"),
        name: "\u{200B}".into(),
    };
    assert!(matches!(
        ws.execute(UserId::new(9), Command::new(request), at(2)),
        Err(CommandError::InvalidName(_))
    ));
}

#[test]
fn t6_invitation_cannot_be_sent_already_expired() {
    // It used to reserve (and charge) a seat for an invitation nobody could accept.
    let ws = space();
    for expires_at in [at(2), at(2) - Duration::seconds(1)] {
        let invite = Change::Invite {
            invitees: vec![Invitee::default_role(email("ed@example.com"))],
            expires_at: Some(expires_at),
        };
        assert_eq!(
            ws.preview(OLGA, &Command::new(invite), at(2)),
            Err(CommandError::ExpiresInThePast {
                expires_at,
                now: at(2)
            })
        );
    }
}

#[test]
fn t6_commands_dated_before_the_last_change_are_refused() {
    // An acceptance dated 1970 after an invitation sent in 2025 used to be applied.
    let mut ws = with_invited_gus();
    assert_eq!(ws.changed_at(), at(2));
    let long_ago = Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).unwrap();
    let before = ws.clone();
    assert_eq!(
        ws.execute(
            GUS,
            Command::new(accept("Gus", Proof::VerifiedEmail)),
            long_ago
        ),
        Err(CommandError::TimeWentBack {
            now: long_ago,
            last: at(2)
        })
    );
    assert_eq!(ws, before);
    // The same instant as the last change is fine; time only may not run backwards.
    ws.execute(
        GUS,
        Command::new(accept("Gus", Proof::VerifiedEmail)),
        at(2),
    )
    .unwrap();
    assert_eq!(ws.changed_at(), at(2));
}

#[test]
fn t7_nobody_declines_someone_elses_invitation() {
    // Any user id could decline anyone's invitation.
    let mut ws = with_invited_gus();
    let before = ws.clone();
    for proof in [
        Proof::LinkToken(InviteToken::new("guess")),
        Proof::LinkToken(InviteToken::new("s3cret-link-tokeN")),
        Proof::LinkToken(InviteToken::new("")),
    ] {
        let decline = Change::DeclineInvitation {
            email: email("gus@example.com"),
            proof,
        };
        assert_eq!(
            ws.execute(MALLORY, Command::new(decline), at(3)),
            Err(CommandError::NotYourInvitation(email("gus@example.com")))
        );
    }
    assert_eq!(ws, before);
    // Gus, with the link he was sent, declines his own.
    let decline = Change::DeclineInvitation {
        email: email("gus@example.com"),
        proof: Proof::LinkToken(InviteToken::new("s3cret-link-token")),
    };
    ws.execute(GUS, Command::new(decline), at(3)).unwrap();
    assert!(ws.invitation(&email("gus@example.com")).is_none());
}

#[test]
fn t7_accepting_needs_the_link_token_or_a_verified_address() {
    let mut ws = with_invited_gus();
    let wrong = accept("Mallory", Proof::LinkToken(InviteToken::new("nope")));
    assert_eq!(
        ws.execute(MALLORY, Command::new(wrong), at(3)),
        Err(CommandError::NotYourInvitation(email("gus@example.com")))
    );
    assert!(ws.member(MALLORY).is_none());
    let right = accept(
        "Gus",
        Proof::LinkToken(InviteToken::new("s3cret-link-token")),
    );
    ws.execute(GUS, Command::new(right), at(3)).unwrap();
    assert!(ws.member(GUS).is_some());
}

#[test]
fn t7_invitation_without_a_link_accepts_only_a_verified_address() {
    let mut ws = space();
    let invite = Change::Invite {
        invitees: vec![Invitee::guest(email("gus@example.com"))],
        expires_at: None,
    };
    ws.execute(OLGA, Command::new(invite), at(2)).unwrap();
    // No token was ever issued, so no token (not even an empty one) proves anything.
    let empty = accept("Gus", Proof::LinkToken(InviteToken::new("")));
    assert_eq!(
        ws.execute(GUS, Command::new(empty), at(3)),
        Err(CommandError::NotYourInvitation(email("gus@example.com")))
    );
    ws.execute(
        GUS,
        Command::new(accept("Gus", Proof::VerifiedEmail)),
        at(3),
    )
    .unwrap();
}

//! Arbitrary command sequences (I-5, I-6, I-7, I-8, I-11, T-6): the input's bytes choose
//! actors, commands, arguments and how far time moves among a small cast, on both built-in
//! models. Whatever happens: no panic; a refused command leaves the workspace as it was; time
//! never runs backwards; the owner stays; and at the end the log replays, verified, to the same
//! workspace, which also survives its stored form.
//!
//!   cargo +nightly fuzz run command_sequence -- -max_total_time=300 -max_len=4096
#![no_main]

use std::sync::OnceLock;

use chrono::{Duration, TimeZone, Utc};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use seatwise::{
    presets, Change, Command, Email, Event, EventLocation, IdempotencyKey, InviteToken, Invitee, Plan,
    Policy, Proof, RoleSpec, Scope, TeamId, UserId, Workspace,
};

const PEOPLE: u64 = 6;

fn email(n: u64) -> Email {
    Email::parse(&format!("user{n}@example.com")).expect("a valid address")
}

fn person(u: &mut Unstructured<'_>) -> Result<u64> {
    u.int_in_range(1..=PEOPLE)
}

fn role(u: &mut Unstructured<'_>, policy: &Policy) -> Result<seatwise::RoleId> {
    let roles: Vec<_> = policy.roles().map(|r| r.id()).collect();
    Ok(*u.choose(&roles)?)
}

fn name(u: &mut Unstructured<'_>) -> Result<String> {
    // Mostly plain names; sometimes whatever the bytes say, control characters included.
    if u.ratio(1, 8)? {
        <String as libfuzzer_sys::arbitrary::Arbitrary>::arbitrary(u)
    } else {
        Ok(format!("Name {}", u.int_in_range(0..=99u8)?))
    }
}

fn change(u: &mut Unstructured<'_>, policy: &Policy) -> Result<Change> {
    let who = person(u)?;
    Ok(match u.int_in_range(0..=21u8)? {
        0 | 1 | 2 => {
            let mut invitees = Vec::new();
            for _ in 0..u.int_in_range(1..=3u8)? {
                let n = person(u)?;
                let invitee = match u.int_in_range(0..=2u8)? {
                    0 => Invitee::guest(email(n)),
                    1 => Invitee::default_role(email(n)),
                    _ => Invitee::member(email(n), role(u, policy)?),
                };
                invitees.push(if u.arbitrary()? {
                    invitee.with_token(InviteToken::new(&format!("t{n}")))
                } else {
                    invitee
                });
            }
            let expires_at = if u.arbitrary()? {
                Some(Utc.with_ymd_and_hms(2025, 3, 1, 0, 0, 0).unwrap()
                    + Duration::hours(u.int_in_range(0..=24 * 90)?))
            } else {
                None
            };
            Change::Invite { invitees, expires_at }
        }
        3 | 4 => Change::AcceptInvitation {
            email: email(who),
            name: name(u)?,
            proof: if u.arbitrary()? {
                Proof::VerifiedEmail
            } else {
                Proof::LinkToken(InviteToken::new(&format!("t{}", person(u)?)))
            },
        },
        5 => Change::DeclineInvitation { email: email(who), proof: Proof::VerifiedEmail },
        6 => Change::ResendInvitation { email: email(who) },
        7 => Change::RevokeInvitation { email: email(who) },
        8 => Change::ExpireInvitations,
        9 => Change::RequestAccess { email: email(who), name: name(u)? },
        10 => Change::ApproveRequest { email: email(who) },
        11 => Change::RejectRequest { email: email(who) },
        12 => Change::ChangeRole { user: UserId::new(who), role: role(u, policy)? },
        13 => Change::RemoveMember { user: UserId::new(who) },
        14 => Change::TransferOwnership { to: UserId::new(who) },
        15 => Change::CreateTeam { team: TeamId::new(u.int_in_range(1..=3)?), name: name(u)? },
        16 => Change::AddToTeam {
            team: TeamId::new(u.int_in_range(1..=3)?),
            user: UserId::new(who),
        },
        17 => Change::SetAvailability { user: UserId::new(who), set: u.arbitrary()? },
        18 => Change::DefineRole {
            role: RoleSpec::new(&format!("custom{}", u.int_in_range(0..=3u8)?), u.int_in_range(1..=100)?)
                .grant_all("*", Scope::Exclusive),
        },
        19 => Change::DeleteRole { name: format!("custom{}", u.int_in_range(0..=3u8)?) },
        20 => Change::Downgrade { plan: Plan::startup() },
        _ => Change::Renew,
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(sales) = u.arbitrary::<bool>() else { return };
    // Created once per model: compiling the built-in documents and sealing the creation event
    // would otherwise dominate every run. Each run starts from a clone.
    static CREATED: OnceLock<[(Workspace, Vec<Event>); 2]> = OnceLock::new();
    let created = CREATED.get_or_init(|| {
        let start = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
        let make = |policy: Policy, plan: Plan| {
            let (ws, created) =
                Workspace::create(policy, plan, UserId::new(1), email(1), "Owner", start)
                    .expect("created");
            (ws, created.events().to_vec())
        };
        [
            make(presets::sales_scheduler().expect("built-in"), Plan::business()),
            make(presets::deal_space().expect("built-in"), Plan::deal_space()),
        ]
    });
    let (start, created_log) = &created[usize::from(!sales)];
    let mut now = start.changed_at();
    let mut ws = start.clone();
    let mut log: Vec<Event> = Vec::new();
    for _ in 0..64 {
        if u.is_empty() {
            break;
        }
        let Ok(actor) = person(&mut u) else { break };
        let Ok(change) = change(&mut u, ws.policy()) else { break };
        if let Ok(hours) = u.int_in_range(0..=24 * 20u32) {
            now += Duration::hours(i64::from(hours) / 8);
        }
        let mut command = Command::new(change);
        if u.ratio(1, 4).unwrap_or(false) {
            command = command.with_key(IdempotencyKey::new("k"));
        }
        // The host confirms whatever the preview asks (B-9) and the guest-limit prompt.
        if let Ok(preview) = ws.preview(UserId::new(actor), &command, now) {
            if let Some(quote) = preview.quote() {
                command = command.confirming(quote.clone());
            }
        }
        let command = command.confirming_guest_limit().confirming_seats_on_acceptance();
        let before = ws.clone();
        match ws.execute(UserId::new(actor), command, now) {
            // A keyed retry returns the first outcome, which the host has already stored (U-4).
            Ok(outcome) if outcome.version() > before.version() => {
                log.extend_from_slice(outcome.events())
            }
            Ok(_) => assert!(ws == before, "U-4: a keyed retry changed the workspace"),
            Err(_) => assert!(ws == before, "I-7: a refused command changed the workspace"),
        }
        // A-7, I-5: the workspace always has its owner.
        assert!(ws.member(ws.owner()).is_some(), "the owner is gone");
        let _ = ws.host_eligibility(UserId::new(actor), EventLocation::VideoMeeting);
    }
    // I-8, T-3: the log replays, verified, to the same workspace (from the creation, which
    // the first run also replays the whole log from creation); the stored form reloads.
    static FULL_REPLAY: std::sync::Once = std::sync::Once::new();
    FULL_REPLAY.call_once(|| {
        let whole: Vec<Event> = created_log.iter().chain(&log).cloned().collect();
        let replayed = Workspace::replay(whole.iter()).expect("a log the workspace wrote replays");
        assert!(replayed == ws, "I-8: replay differs");
    });
    let replayed = start.clone().replay_tail(log.iter()).expect("a log the workspace wrote replays");
    assert!(replayed == ws, "I-8: replay differs");
    let text = serde_json::to_string(&ws).expect("a workspace writes");
    let loaded: Workspace = serde_json::from_str(&text).expect("a written workspace loads (T-2)");
    assert!(loaded == ws, "U-5: the stored form differs");
});

//! Trust boundaries for what a host stores and hands back (SPEC section 10): validated loading
//! of stored workspaces (T-2), verified replay of event logs (T-3), and bounded growth (T-8).
//!
//! Property tests start from valid workspaces and logs (`seatwise::strategies`) and tamper
//! with one thing: a stored workspace must then be refused or still hold every invariant; a
//! log must be refused, or (when the tampering re-seals the digests) replay to a workspace that
//! holds every invariant. Never a panic. Example tests reproduce each finding of the abuse check.

use std::collections::BTreeSet;

mod common;

use chrono::{DateTime, TimeDelta, Utc};
use common::at_hour;
use common::deals::email;
use seatwise::{
    presets, Change, Command, CommitDigest, Event, EventRefusal, IdempotencyKey, Invitee,
    MemberKind, Plan, ReplayError, RoleSpec, UserId, Workspace,
};
use serde_json::Value;

const OLGA: UserId = UserId::new(1);

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    at_hour(4, day, hour)
}

/// Every invariant a workspace must hold (T-2), checked through the public API only.
fn invariants_hold(ws: &Workspace) -> Result<(), String> {
    let policy = ws.policy();
    if ws.version() < 1 {
        return Err("version 0".into());
    }
    let owner = ws.member(ws.owner()).ok_or("the owner is not a member")?;
    if owner.kind() != MemberKind::Member || owner.role() != policy.owner_role() {
        return Err("the owner is a guest or lacks the owner role".into());
    }
    let mut emails = BTreeSet::new();
    let mut users = BTreeSet::new();
    let mut guests = 0u32;
    let mut members = 0u32;
    for m in ws.members() {
        if !emails.insert(m.email().clone()) || !users.insert(m.user()) {
            return Err(format!("member {} twice", m.user()));
        }
        if policy.role_info(m.role()).is_none() {
            return Err(format!("member {} holds an unknown role", m.user()));
        }
        if (policy.guest_role() == Some(m.role())) != (m.kind() == MemberKind::Guest) {
            return Err(format!("member {} of the wrong kind", m.user()));
        }
        match m.kind() {
            MemberKind::Member => members += 1,
            MemberKind::Guest => guests += 1,
        }
        for team in m.teams() {
            let t = ws
                .team(*team)
                .ok_or(format!("member {} in a missing team", m.user()))?;
            if !t.members().any(|u| u == m.user()) {
                return Err(format!("team {team} does not list {}", m.user()));
            }
        }
    }
    for t in ws.teams() {
        for u in t.members() {
            if !ws.member(u).is_some_and(|m| m.teams().contains(&t.id())) {
                return Err(format!("team {} lists {u}, not in it", t.id()));
            }
        }
    }
    let now = ws.head().committed_at().ok_or("no commit time")?;
    let mut reserving = 0u32;
    for i in ws.invitations() {
        if emails.contains(i.email()) {
            return Err(format!("invitation for member `{}`", i.email()));
        }
        if policy.role_info(i.role()).is_none() {
            return Err(format!(
                "invitation for `{}` with an unknown role",
                i.email()
            ));
        }
        if i.kind() == MemberKind::Member && !i.is_expired(now) {
            reserving += 1;
        }
    }
    for r in ws.requests() {
        if emails.contains(r.email()) {
            return Err(format!("request from member `{}`", r.email()));
        }
    }
    let usage = ws.seat_usage().with_pending_member_invites(reserving);
    if (usage.members(), usage.accepted_guests()) != (members, guests) {
        return Err("seat usage does not count the members".into());
    }
    let sub = ws.subscription();
    let needed = sub
        .plan()
        .seats_needed(&usage)
        .map_err(|e| e.to_string())?
        .needed();
    if needed > sub.paid_seats() {
        return Err(format!("{needed} seats needed, {} paid", sub.paid_seats()));
    }
    // A valid workspace survives its own round trip.
    let json = serde_json::to_string(ws).map_err(|e| e.to_string())?;
    let back: Workspace = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    if &back != ws {
        return Err("the round trip changed the workspace".into());
    }
    Ok(())
}

/// A deal space with Olga (owner), Ed and Ada (editors) and a pending invitation for Fay, and
/// its log.
fn deal_space() -> (Workspace, Vec<Event>) {
    let (mut ws, created) = Workspace::create(
        presets::deal_space().unwrap(),
        Plan::deal_space(),
        OLGA,
        email("olga"),
        "Olga",
        at(1, 9),
    )
    .unwrap();
    let mut log = created.events().to_vec();
    let editor = ws.policy().role("editor").unwrap();
    let mut run = |ws: &mut Workspace, actor: UserId, change: Change, now: DateTime<Utc>| {
        let outcome = common::run(ws, actor, change, now);
        log.extend_from_slice(outcome.events());
    };
    for (i, name) in ["ed", "ada"].into_iter().enumerate() {
        let user = UserId::new(2 + i as u64);
        run(
            &mut ws,
            OLGA,
            Change::Invite {
                invitees: vec![Invitee::member(email(name), editor)],
                expires_at: None,
            },
            at(2, 9 + 2 * i as u32),
        );
        run(
            &mut ws,
            user,
            common::accept(email(name), name),
            at(2, 10 + 2 * i as u32),
        );
    }
    run(
        &mut ws,
        OLGA,
        Change::Invite {
            invitees: vec![Invitee::member(email("fay"), editor)],
            expires_at: None,
        },
        at(3, 9),
    );
    (ws, log)
}

fn stored(ws: &Workspace) -> Value {
    serde_json::to_value(ws).unwrap()
}

fn load(value: &Value) -> Result<Workspace, serde_json::Error> {
    serde_json::from_value(value.clone())
}

#[track_caller]
fn refused(value: &Value, names: &str) {
    match load(value) {
        Ok(_) => panic!("accepted, expected a refusal naming {names}"),
        Err(e) => assert!(
            e.to_string().contains(names),
            "the error `{e}` does not name {names}"
        ),
    }
}

/// Recomputes every commit digest of `log`, as a forger who knows the encoding would.
fn reseal(log: &mut [Event]) {
    let mut previous = CommitDigest::GENESIS;
    let mut start = 0;
    for i in 0..log.len() {
        if let Event::Committed { .. } = log[i] {
            let digest = CommitDigest::chain(&previous, &log[start..=i]);
            if let Event::Committed { digest: d, .. } = &mut log[i] {
                *d = digest;
            }
            previous = digest;
            start = i + 1;
        }
    }
}

// ----------------------------------------------------------------------------- T-2 examples

#[test]
fn t2_a_valid_workspace_loads_and_holds_every_invariant() {
    let (ws, _) = deal_space();
    let back = load(&stored(&ws)).unwrap();
    assert_eq!(back, ws);
    invariants_hold(&back).unwrap();
}

#[test]
fn t2_duplicate_member_ids_are_refused() {
    let (ws, _) = deal_space();
    let mut value = stored(&ws);
    let members = value["members"].as_array_mut().unwrap();
    let mut twin = members[1].clone();
    twin["email"] = Value::from("twin@deals.example");
    members.push(twin);
    refused(&value, "user 2");
}

#[test]
fn t2_two_members_with_one_address_are_refused() {
    let (ws, _) = deal_space();
    let mut value = stored(&ws);
    value["members"][2]["email"] = Value::from("ed@deals.example");
    refused(&value, "ed@deals.example");
}

#[test]
fn t2_an_invitation_for_a_members_address_is_refused() {
    let (ws, _) = deal_space();
    let mut value = stored(&ws);
    value["invitations"][0]["email"] = Value::from("ed@deals.example");
    refused(&value, "ed@deals.example");
}

#[test]
fn t2_the_same_invitation_twice_is_refused() {
    let (ws, _) = deal_space();
    let mut value = stored(&ws);
    let invitations = value["invitations"].as_array_mut().unwrap();
    invitations.push(invitations[0].clone());
    refused(&value, "fay@deals.example");
}

#[test]
fn t2_an_access_request_from_a_members_address_is_refused() {
    let (ws, _) = deal_space();
    let mut value = stored(&ws);
    value["requests"] = serde_json::json!([{
        "email": "ed@deals.example", "user": 9, "name": "Ed again",
        "requested_at": "2025-04-03T09:00:00Z"
    }]);
    refused(&value, "ed@deals.example");
}

#[test]
fn t2_a_subscription_paying_too_few_seats_is_refused() {
    // Five users (Olga, Ed, Ada, Fay invited, Gil invited) on 4 paid seats; the finding was
    // 1 seat for 5 users.
    let (mut ws, _) = deal_space();
    let editor = ws.policy().role("editor").unwrap();
    let command = Command::new(Change::Invite {
        invitees: vec![Invitee::member(email("gil"), editor)],
        expires_at: None,
    });
    let quote = ws
        .preview(OLGA, &command, at(3, 10))
        .unwrap()
        .quote()
        .cloned();
    let command = match quote {
        Some(q) => command.confirming(q),
        None => command,
    };
    ws.execute(OLGA, command, at(3, 10)).unwrap();
    assert_eq!(ws.subscription().paid_seats(), 5);
    let mut value = stored(&ws);
    let text = serde_json::to_string(&value["subscription"]).unwrap();
    let cheaper = text.replace("\"paid_seats\":5", "\"paid_seats\":1");
    assert_ne!(
        text, cheaper,
        "the stored subscription names its paid seats"
    );
    value["subscription"] = serde_json::from_str(&cheaper).unwrap();
    let error = load(&value).unwrap_err().to_string();
    assert!(error.contains("seat"), "{error}");
}

#[test]
fn t2_the_owner_stored_as_a_guest_is_refused() {
    let (ws, _) = deal_space();
    let mut value = stored(&ws);
    value["members"][0]["kind"] = Value::from("guest");
    refused(&value, "user 1");
}

#[test]
fn t2_the_owner_without_the_owner_role_is_refused() {
    let (ws, _) = deal_space();
    let mut value = stored(&ws);
    value["members"][0]["role"] = value["members"][1]["role"].clone();
    refused(&value, "user 1");
}

#[test]
fn t2_a_member_whose_role_does_not_exist_is_refused() {
    let (ws, _) = deal_space();
    let mut value = stored(&ws);
    value["members"][1]["role"] = match &value["members"][1]["role"] {
        Value::Number(_) => Value::from(999),
        _ => Value::from("no-such-role"),
    };
    assert!(load(&value).is_err(), "T-2: an unknown role loads");
}

#[test]
fn t2_team_membership_must_agree_both_ways() {
    let mut ws = common::create(
        presets::sales_scheduler().unwrap(),
        Plan::enterprise(),
        OLGA,
        email("olga"),
        "Olga",
        at(1, 9),
    );
    let closer = ws.policy().role("closer").unwrap();
    let team = seatwise::TeamId::new(1);
    for (actor, change) in [
        (
            OLGA,
            Change::Invite {
                invitees: vec![Invitee::member(email("ed"), closer)],
                expires_at: None,
            },
        ),
        (UserId::new(2), common::accept(email("ed"), "Ed")),
        (
            OLGA,
            Change::CreateTeam {
                team,
                name: "East".into(),
            },
        ),
        (
            OLGA,
            Change::AddToTeam {
                team,
                user: UserId::new(2),
            },
        ),
    ] {
        let command = Command::new(change);
        let quote = ws
            .preview(actor, &command, at(3, 11))
            .unwrap()
            .quote()
            .cloned();
        let command = match quote {
            Some(q) => command.confirming(q),
            None => command,
        };
        ws.execute(actor, command, at(3, 11)).unwrap();
    }
    let value = stored(&ws);
    let mut one_way = value.clone();
    one_way["members"][1]["teams"] = serde_json::json!([]);
    refused(&one_way, "team 1");
    let mut other_way = value.clone();
    other_way["teams"][0]["members"] = serde_json::json!([]);
    refused(&other_way, "team 1");
    let mut missing = value;
    missing["teams"] = serde_json::json!([]);
    refused(&missing, "team 1");
}

#[test]
fn t2_removed_users_are_not_members_and_the_version_is_positive() {
    let (ws, _) = deal_space();
    let mut removed = stored(&ws);
    removed["removed"] = serde_json::json!([2]);
    refused(&removed, "user 2");
    let mut zero = stored(&ws);
    zero["version"] = Value::from(0);
    assert!(load(&zero).is_err());
}

#[test]
fn t2_unknown_fields_are_refused_everywhere() {
    let (ws, _) = deal_space();
    let value = stored(&ws);
    type Place = Box<dyn Fn(&mut Value) -> &mut Value>;
    let mut places: Vec<Place> = vec![
        Box::new(|v| v),
        Box::new(|v| &mut v["members"][0]),
        Box::new(|v| &mut v["invitations"][0]),
        Box::new(|v| &mut v["subscription"]),
        Box::new(|v| &mut v["subscription"]["plan"]),
    ];
    for (i, place) in places.iter_mut().enumerate() {
        let mut tampered = value.clone();
        place(&mut tampered)
            .as_object_mut()
            .unwrap()
            .insert("is_admin".into(), Value::Bool(true));
        let error = load(&tampered).unwrap_err().to_string();
        assert!(error.contains("is_admin"), "place {i}: {error}");
    }
}

// ----------------------------------------------------------------------------- T-3 examples

#[test]
fn t3_a_valid_log_replays_verifies_and_continues_from_a_snapshot() {
    let (ws, log) = deal_space();
    assert_eq!(Workspace::replay(&log).unwrap(), ws);
    let head = Workspace::verify_log(&log).unwrap();
    assert_eq!(
        (head.version(), head.digest()),
        (ws.version(), ws.head().digest())
    );
    // A snapshot at version 3 and the tail after it.
    let cut = log
        .iter()
        .position(|e| matches!(e, Event::Committed { version: 3, .. }))
        .unwrap();
    let snapshot = Workspace::replay(&log[..=cut]).unwrap();
    let tail = &log[cut + 1..];
    let snap = snapshot.head();
    assert_eq!(
        Workspace::verify_tail(snap.version(), snap.digest(), tail).unwrap(),
        head
    );
    assert_eq!(snapshot.clone().replay_tail(tail).unwrap(), ws);
    // The tail does not chain from another snapshot, nor start at another version.
    assert!(matches!(
        Workspace::verify_tail(snap.version(), CommitDigest::GENESIS, tail),
        Err(ReplayError::Digest { version: 4 })
    ));
    assert!(matches!(
        snapshot.replay_tail(&tail[1..]),
        Err(ReplayError::Digest { .. }
            | ReplayError::Version { .. }
            | ReplayError::Truncated { .. })
    ));
}

#[test]
fn t3_two_writers_from_version_6_make_a_fork_that_is_refused() {
    let (ws, log) = deal_space();
    assert_eq!(ws.version(), 6);
    let editor = ws.policy().role("editor").unwrap();
    let invite = |name: &str| Change::Invite {
        invitees: vec![Invitee::member(email(name), editor)],
        expires_at: None,
    };
    // Two hosts load version 6 and each invites someone; both append to one log.
    let mut first = ws.clone();
    let mut second = ws.clone();
    let mut both = log.clone();
    for (space, name) in [(&mut first, "gil"), (&mut second, "hal")] {
        let command = Command::new(invite(name));
        let quote = space
            .preview(OLGA, &command, at(4, 9))
            .unwrap()
            .quote()
            .cloned();
        let command = match quote {
            Some(q) => command.confirming(q),
            None => command,
        };
        let outcome = space.execute(OLGA, command, at(4, 9)).unwrap();
        both.extend_from_slice(outcome.events());
    }
    assert_eq!(
        Workspace::replay(&both),
        Err(ReplayError::Version {
            expected: 8,
            found: 7
        })
    );
    assert!(matches!(
        Workspace::verify_log(&both),
        Err(ReplayError::Version {
            expected: 8,
            found: 7
        })
    ));
    // Even re-sealed, the second commit of version 7 is refused.
    let mut resealed = both.clone();
    reseal(&mut resealed);
    assert!(matches!(
        Workspace::replay(&resealed),
        Err(ReplayError::Version { .. })
    ));
}

#[test]
fn t3_a_log_cut_inside_an_all_or_nothing_batch_is_refused() {
    let (mut ws, mut log) = deal_space();
    let editor = ws.policy().role("editor").unwrap();
    let batch = Command::new(Change::Invite {
        invitees: ["gil", "hal", "ivy"]
            .into_iter()
            .map(|n| Invitee::member(email(n), editor))
            .collect(),
        expires_at: None,
    });
    let quote = ws.preview(OLGA, &batch, at(4, 9)).unwrap().quote().cloned();
    let batch = match quote {
        Some(q) => batch.confirming(q),
        None => batch,
    };
    let outcome = ws.execute(OLGA, batch, at(4, 9)).unwrap();
    assert!(outcome.events().len() >= 4);
    log.extend_from_slice(outcome.events());
    for cut in 1..outcome.events().len() {
        let partial = &log[..log.len() - cut];
        assert_eq!(
            Workspace::replay(partial),
            Err(ReplayError::Truncated { version: 7 }),
            "cut {cut} events before the end"
        );
    }
}

#[test]
fn t3_versions_going_backwards_and_duplicated_events_are_refused() {
    let (_, log) = deal_space();
    // Swap the last two commands: version 6 then 5.
    let commits: Vec<usize> = log
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e, Event::Committed { .. }))
        .map(|(i, _)| i)
        .collect();
    let [.., a, b, c] = commits[..] else {
        panic!("too short")
    };
    let mut swapped = log[..=a].to_vec();
    swapped.extend_from_slice(&log[c.min(b + 1)..=c]);
    swapped.extend_from_slice(&log[a + 1..=b]);
    let error = Workspace::replay(&swapped).unwrap_err();
    assert!(
        matches!(
            error,
            ReplayError::Version { .. } | ReplayError::Digest { .. }
        ),
        "{error}"
    );
    reseal(&mut swapped);
    assert!(matches!(
        Workspace::replay(&swapped),
        Err(ReplayError::Version { found: 6, .. })
    ));
    // A duplicated command: its commit repeats a version.
    let mut twice = log.clone();
    twice.extend_from_slice(&log[b + 1..=c]);
    assert!(matches!(
        Workspace::replay(&twice),
        Err(ReplayError::Refused { version: 7, .. } | ReplayError::Version { .. })
    ));
    // A duplicated event inside a command, re-sealed: the invitation exists already.
    let mut dup = log.clone();
    dup.insert(c, log[c - 1].clone());
    reseal(&mut dup);
    assert!(matches!(
        Workspace::replay(&dup),
        Err(ReplayError::Refused {
            version: 6,
            reason: EventRefusal::AlreadyInvited(_)
        })
    ));
    // A second creation.
    let mut again = log.clone();
    again.insert(a + 1, log[0].clone());
    reseal(&mut again);
    assert!(matches!(
        Workspace::replay(&again),
        Err(ReplayError::CreatedAgain { .. })
    ));
}

#[test]
fn t3_events_about_missing_entities_are_refused_not_skipped() {
    let (_, log) = deal_space();
    let last = log.len() - 1;
    let cases = [
        Event::MemberRemoved {
            user: UserId::new(42),
        },
        Event::InvitationAccepted {
            email: email("nobody"),
            user: UserId::new(42),
            name: "Nobody".into(),
            at: at(4, 9),
        },
        Event::TeamRenamed {
            team: seatwise::TeamId::new(9),
            name: "Ghost".into(),
        },
        // The finding: accepting an invitation as a user who is already a member.
        Event::InvitationAccepted {
            email: email("fay"),
            user: UserId::new(2),
            name: "Ed".into(),
            at: at(4, 9),
        },
    ];
    for event in cases {
        let mut bad = log.clone();
        bad.insert(last, event.clone());
        reseal(&mut bad);
        assert!(
            matches!(
                Workspace::replay(&bad),
                Err(ReplayError::Refused { version: 6, .. })
            ),
            "{event:?} was not refused"
        );
    }
}

#[test]
fn t3_a_changed_event_breaks_the_digest_chain() {
    let (_, log) = deal_space();
    let mut bad = log.clone();
    for event in &mut bad {
        if let Event::InvitationAccepted { name, .. } = event {
            *name = "Mallory".into();
        }
    }
    assert_eq!(
        Workspace::replay(&bad),
        Err(ReplayError::Digest { version: 3 })
    );
    assert_eq!(
        Workspace::verify_log(&bad),
        Err(ReplayError::Digest { version: 3 })
    );
    // Re-sealed, the log replays, but its head no longer matches the one the host kept.
    reseal(&mut bad);
    let forged = Workspace::verify_log(&bad).unwrap();
    assert_ne!(
        forged.digest(),
        Workspace::verify_log(&log).unwrap().digest()
    );
}

// ----------------------------------------------------------------------------- T-8 examples

#[test]
fn t8_keyed_commands_over_days_keep_the_stored_workspace_bounded() {
    // 20,000 keyed commands, one every 5 minutes (about 69 days): only the last 24 hours of
    // keys are kept, so the stored size levels off instead of growing with history.
    let (mut ws, _) = deal_space();
    let start = at(4, 9);
    let mut sizes = Vec::new();
    for i in 0..20_000u32 {
        let now = start + TimeDelta::minutes(5 * i64::from(i));
        let command = Command::new(Change::SetAvailability {
            user: OLGA,
            set: i % 2 == 0,
        })
        .with_key(IdempotencyKey::new(&format!("avail-{i}")));
        ws.execute(OLGA, command, now).unwrap();
        if i == 999 || i == 19_999 {
            sizes.push(serde_json::to_vec(&ws).unwrap().len());
        }
    }
    let (day_3, day_69) = (sizes[0], sizes[1]);
    assert!(
        day_69 <= day_3 + day_3 / 10,
        "T-8: the stored workspace grew from {day_3} to {day_69} bytes"
    );
    // 288 keys a day at most are remembered: far below the 9.9 MB of the finding.
    assert!(day_69 < 400_000, "{day_69} bytes");
}

#[test]
fn t8_a_keyed_command_retried_after_the_window_runs_anew() {
    let (mut ws, _) = deal_space();
    let key = IdempotencyKey::new("avail");
    let command = Command::new(Change::SetAvailability {
        user: OLGA,
        set: true,
    })
    .with_key(key);
    let first = ws.execute(OLGA, command.clone(), at(4, 9)).unwrap();
    // Within 24 hours: the first outcome, nothing new.
    let retry = ws.execute(OLGA, command.clone(), at(5, 8)).unwrap();
    assert_eq!(retry, first);
    assert_eq!(ws.version(), first.version());
    // At 24 hours: forgotten, so it runs again as a new version.
    let again = ws.execute(OLGA, command.clone(), at(5, 9)).unwrap();
    assert_eq!(again.version(), first.version() + 1);
    // A host may keep keys longer.
    let (mut ws, _) = deal_space();
    ws.set_key_retention(TimeDelta::days(7));
    let first = ws.execute(OLGA, command.clone(), at(4, 9)).unwrap();
    assert_eq!(ws.execute(OLGA, command, at(10, 9)).unwrap(), first);
    assert_eq!(ws.key_retention(), TimeDelta::days(7));
}

#[test]
fn t8_policy_change_events_carry_the_change_so_the_log_grows_linearly() {
    let (mut ws, created) = Workspace::create(
        presets::sales_scheduler().unwrap(),
        Plan::enterprise(),
        OLGA,
        email("olga"),
        "Olga",
        at(1, 9),
    )
    .unwrap();
    let mut log = created.events().to_vec();
    let mut sizes = Vec::new();
    for i in 0..1_000 {
        let role = RoleSpec::new(&format!("custom{i}"), 5);
        let outcome = ws
            .execute(OLGA, Command::new(Change::DefineRole { role }), at(2, 9))
            .unwrap();
        let change = outcome
            .events()
            .iter()
            .find(|e| matches!(e, Event::PolicyChanged { .. }))
            .unwrap();
        sizes.push(serde_json::to_vec(change).unwrap().len());
        log.extend_from_slice(outcome.events());
    }
    let (first, last) = (sizes[0], sizes[999]);
    assert!(last < 200, "T-8: a policy change event takes {last} bytes");
    assert!(
        last <= first + 8,
        "T-8: the event grew from {first} to {last} bytes"
    );
    let total = serde_json::to_vec(&log).unwrap().len();
    assert!(total < 1_000 * 400, "T-8: the log takes {total} bytes");
    // The log still rebuilds the policy: every custom role is there.
    let rebuilt = Workspace::replay(&log).unwrap();
    assert_eq!(rebuilt, ws);
    assert!(rebuilt.policy().role("custom999").is_ok());
}

// --------------------------------------------------------------------- property tests

#[cfg(feature = "proptest")]
mod props {
    use super::*;
    use proptest::prelude::*;
    use seatwise::strategies;

    /// A path to one node of a JSON document.
    type Path = Vec<Step>;

    #[derive(Debug, Clone)]
    enum Step {
        Key(String),
        Index(usize),
    }

    fn paths(value: &Value, here: &mut Path, out: &mut Vec<Path>) {
        out.push(here.clone());
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    here.push(Step::Key(k.clone()));
                    paths(v, here, out);
                    here.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    here.push(Step::Index(i));
                    paths(v, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }

    fn node<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
        let mut at = value;
        for step in path {
            at = match step {
                Step::Key(k) => at.get_mut(k.as_str())?,
                Step::Index(i) => at.get_mut(*i)?,
            };
        }
        Some(at)
    }

    fn strings(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
            Value::Object(map) => map.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }

    /// Changes the node at `path` in one of several ways: a number nudged, zeroed or made
    /// huge; a string replaced by another string of the document or altered; a flag flipped;
    /// an array element duplicated or dropped; a field dropped or an unknown one added.
    fn tamper(value: &mut Value, path: &[Step], how: usize, pick: prop::sample::Index) {
        let mut pool = Vec::new();
        strings(value, &mut pool);
        let Some(target) = node(value, path) else {
            return;
        };
        match target {
            Value::Number(n) => {
                let v = n.as_i64().unwrap_or(0);
                *target = match how % 5 {
                    0 => Value::from(v.saturating_add(1)),
                    1 => Value::from(v.saturating_sub(1)),
                    2 => Value::from(0),
                    3 => Value::from(u64::MAX),
                    _ => Value::from(-v),
                };
            }
            Value::String(s) => {
                *target = match how % 3 {
                    0 if !pool.is_empty() => Value::from(pick.get(&pool).clone()),
                    1 => Value::from(format!("{s}x")),
                    _ => Value::from(s.to_uppercase()),
                };
            }
            Value::Bool(b) => *target = Value::Bool(!*b),
            Value::Array(items) if !items.is_empty() => {
                let i = pick.index(items.len());
                if how % 2 == 0 {
                    let copy = items[i].clone();
                    items.insert(i, copy);
                } else {
                    items.remove(i);
                }
            }
            Value::Object(map) if !map.is_empty() => {
                if how % 2 == 0 {
                    let key = map.keys().nth(pick.index(map.len())).cloned().unwrap();
                    map.remove(&key);
                } else {
                    map.insert("extra".into(), Value::from(1));
                }
            }
            Value::Null => *target = Value::from(1),
            _ => *target = Value::Null,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// T-2 / I-11: one field of a stored workspace tampered with → refused with an error,
        /// or loaded into a workspace that holds every invariant; never a panic.
        #[test]
        fn t2_tampered_stored_workspace_is_refused_or_consistent(
            case in strategies::workspace(),
            which in any::<prop::sample::Index>(),
            how in 0usize..30,
            pick in any::<prop::sample::Index>(),
        ) {
            let mut value = serde_json::to_value(&case.workspace).unwrap();
            let mut all = Vec::new();
            paths(&value, &mut Vec::new(), &mut all);
            let path = which.get(&all).clone();
            tamper(&mut value, &path, how, pick);
            if let Ok(ws) = serde_json::from_value::<Workspace>(value) {
                if let Err(broken) = invariants_hold(&ws) {
                    prop_assert!(false, "T-2: tampering at {:?} loaded a broken workspace: {}", path, broken);
                }
            }
        }

        /// T-3 / I-11: one event of a log dropped, duplicated, swapped with the next, or with a
        /// number changed → refused, as the digests no longer chain; and even with the digests
        /// re-sealed, refused or replayed into a workspace that holds every invariant.
        #[test]
        fn t3_tampered_log_is_refused_or_consistent(
            case in strategies::workspace(),
            which in any::<prop::sample::Index>(),
            how in 0usize..4,
            leaf in any::<prop::sample::Index>(),
            nudge in 0usize..5,
        ) {
            let log = case.events.clone();
            prop_assert_eq!(&Workspace::replay(&log).unwrap(), &case.workspace);
            let i = which.index(log.len());
            let mut bad = log.clone();
            match how {
                0 => { bad.remove(i); }
                1 => bad.insert(i, log[i].clone()),
                2 => if i + 1 < bad.len() { bad.swap(i, i + 1) },
                _ => {
                    let mut value = serde_json::to_value(&log[i]).unwrap();
                    let mut all = Vec::new();
                    paths(&value, &mut Vec::new(), &mut all);
                    let numeric: Vec<Path> = all
                        .into_iter()
                        .filter(|p| node(&mut value.clone(), p).is_some_and(|v| v.is_number()))
                        .collect();
                    if !numeric.is_empty() {
                        let path = leaf.get(&numeric).clone();
                        tamper(&mut value, &path, nudge, leaf);
                        if let Ok(event) = serde_json::from_value::<Event>(value) {
                            bad[i] = event;
                        }
                    }
                }
            }
            if bad != log {
                prop_assert!(Workspace::replay(&bad).is_err(), "T-3: a changed log replayed");
                prop_assert!(Workspace::verify_log(&bad).is_err(), "T-3: a changed log verified");
            }
            reseal(&mut bad);
            if let Ok(ws) = Workspace::replay(&bad) {
                if let Err(broken) = invariants_hold(&ws) {
                    prop_assert!(false, "T-3: a re-sealed log replayed to a broken workspace: {}", broken);
                }
            }
        }

        /// T-3: any prefix that ends on a commit replays, and the rest continues it.
        #[test]
        fn t3_snapshot_and_tail_rebuild_the_workspace(
            case in strategies::workspace(),
            which in any::<prop::sample::Index>(),
        ) {
            let commits: Vec<usize> = case.events.iter().enumerate()
                .filter(|(_, e)| matches!(e, Event::Committed { .. }))
                .map(|(i, _)| i)
                .collect();
            let cut = *which.get(&commits);
            let snapshot = Workspace::replay(&case.events[..=cut]).unwrap();
            let stored: Workspace = serde_json::from_str(&serde_json::to_string(&snapshot).unwrap()).unwrap();
            prop_assert_eq!(&stored.replay_tail(&case.events[cut + 1..]).unwrap(), &case.workspace);
        }
    }
}

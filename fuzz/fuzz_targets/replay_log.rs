//! Replaying arbitrary event logs (T-3, I-11): an error naming the version, or a workspace
//! that holds together; never a panic. Logs are read as JSON arrays of events; for inputs that
//! are not, a valid log is built and cut, duplicated or reordered by the input's bytes, and
//! its digests re-sealed, so that the checks past the digests are reached too.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use seatwise::{
    presets, Change, Command, CommitDigest, Email, Event, Invitee, Plan, Proof, UserId, Workspace,
};

/// A short valid log: creation, an invitation batch, an acceptance, a removal.
fn base_log() -> Vec<Event> {
    let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    let owner = UserId::new(1);
    let email = |n: &str| Email::parse(&format!("{n}@example.com")).unwrap();
    let (mut ws, created) =
        Workspace::create(presets::deal_space().unwrap(), Plan::deal_space(), owner, email("o"), "O", now)
            .unwrap();
    let mut log = created.events().to_vec();
    let steps = [
        (owner, Change::Invite {
            invitees: vec![Invitee::guest(email("a")), Invitee::guest(email("b"))],
            expires_at: None,
        }),
        (UserId::new(2), Change::AcceptInvitation { email: email("a"), name: "A".into(), proof: Proof::VerifiedEmail }),
        (owner, Change::RemoveMember { user: UserId::new(2) }),
    ];
    for (actor, change) in steps {
        let mut command = Command::new(change);
        if let Ok(preview) = ws.preview(actor, &command, now) {
            if let Some(quote) = preview.quote() {
                command = command.confirming(quote.clone());
            }
        }
        if let Ok(outcome) = ws.execute(actor, command.confirming_guest_limit(), now) {
            log.extend_from_slice(outcome.events());
        }
    }
    log
}

fn reseal(log: &mut [Event]) {
    let mut previous = CommitDigest::GENESIS;
    let mut start = 0;
    for i in 0..log.len() {
        if matches!(log[i], Event::Committed { .. }) {
            let digest = CommitDigest::chain(&previous, &log[start..=i]);
            if let Event::Committed { digest: d, .. } = &mut log[i] {
                *d = digest;
            }
            previous = digest;
            start = i + 1;
        }
    }
}

fn check(events: &[Event]) {
    if let Ok(ws) = Workspace::replay(events) {
        // A replayed workspace stores and loads back to itself.
        let text = serde_json::to_string(&ws).expect("a replayed workspace writes");
        let back: Workspace = serde_json::from_str(&text).expect("a replayed workspace loads");
        assert!(back == ws);
        assert!(Workspace::verify_log(events).is_ok());
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(events) = serde_json::from_slice::<Vec<Event>>(data) {
        check(&events);
        return;
    }
    // Built once: creating it (the built-in model is parsed from TOML) would dominate every run.
    static BASE: std::sync::OnceLock<Vec<Event>> = std::sync::OnceLock::new();
    let mut log = BASE.get_or_init(base_log).clone();
    for pair in data.chunks(2) {
        let (op, at) = match pair {
            [op, at] => (*op, *at as usize),
            [op] => (*op, 0),
            _ => break,
        };
        if log.is_empty() {
            break;
        }
        let i = at % log.len();
        match op % 4 {
            0 => {
                log.remove(i);
            }
            1 => {
                let copy = log[i].clone();
                log.insert(i, copy);
            }
            2 => {
                let j = (i + 1) % log.len();
                log.swap(i, j);
            }
            _ => log.truncate(i),
        }
    }
    check(&log);
    reseal(&mut log);
    check(&log);
});

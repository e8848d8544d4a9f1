//! T-4: a confirmed quote is valid only for the workspace, version and command it was
//! computed for. Each test confirms a quote that costs exactly the same as the real charge,
//! so only the binding can tell them apart.
mod common;

use chrono::{DateTime, Utc};
use common::{at_hour, email_at};
use seatwise::{
    presets, Change, Command, CommandError, Email, Invitee, Plan, Quote, UserId, Workspace,
};

const OLGA: UserId = UserId::new(1);

fn at(day: u32) -> DateTime<Utc> {
    at_hour(4, day, 9)
}

fn email(name: &str) -> Email {
    email_at(name, "example.com")
}

fn space(owner_email: &str) -> Workspace {
    common::create(
        presets::sales_scheduler().unwrap(),
        Plan::startup(),
        OLGA,
        email(owner_email),
        "Olga",
        at(1),
    )
}

fn invite(name: &str) -> Command {
    let closer = presets::sales_scheduler().unwrap().role("closer").unwrap();
    Command::new(Change::Invite {
        invitees: vec![Invitee::member(email(name), closer)],
        expires_at: None,
    })
}

fn quote(ws: &Workspace, command: &Command, now: DateTime<Utc>) -> Quote {
    ws.preview(OLGA, command, now)
        .unwrap()
        .quote()
        .cloned()
        .unwrap()
}

#[test]
fn t4_quote_for_inviting_a_does_not_confirm_inviting_b() {
    let mut ws = space("olga");
    let for_ana = quote(&ws, &invite("ana"), at(10));
    let for_bob = quote(&ws, &invite("bob"), at(10));
    assert_eq!(
        for_ana.total(),
        for_bob.total(),
        "same price, other command"
    );
    let before = ws.clone();
    let refused = ws.execute(OLGA, invite("bob").confirming(for_ana), at(10));
    assert!(
        matches!(&refused, Err(CommandError::QuoteNotForThis { quote }) if **quote == for_bob),
        "{refused:?}"
    );
    assert_eq!(ws, before);
    ws.execute(OLGA, invite("bob").confirming(for_bob), at(10))
        .unwrap();
}

#[test]
fn t4_quote_from_another_workspace_is_refused() {
    let mut mine = space("olga");
    let theirs = space("olga.other");
    let foreign = quote(&theirs, &invite("ana"), at(10));
    let own = quote(&mine, &invite("ana"), at(10));
    assert_eq!(foreign.total(), own.total());
    assert!(matches!(
        mine.execute(OLGA, invite("ana").confirming(foreign), at(10)),
        Err(CommandError::QuoteNotForThis { .. })
    ));
}

#[test]
fn t4_quote_from_an_earlier_version_is_refused() {
    let mut ws = space("olga");
    let early = quote(&ws, &invite("ana"), at(10));
    // Something else commits in between: the quote was decided on a workspace that is gone.
    ws.execute(
        OLGA,
        Command::new(Change::SetAvailability {
            user: OLGA,
            set: true,
        }),
        at(10),
    )
    .unwrap();
    assert!(matches!(
        ws.execute(OLGA, invite("ana").confirming(early), at(10)),
        Err(CommandError::QuoteNotForThis { .. })
    ));
}

#[test]
fn t4_binding_survives_storage_and_tampering_is_refused() {
    let ws = space("olga");
    let q = quote(&ws, &invite("ana"), at(10));
    let text = serde_json::to_string(&q).unwrap();
    let back: Quote = serde_json::from_str(&text).unwrap();
    assert_eq!(back, q);
    assert!(q.binding().is_some());
    // Any change to the binding makes it another binding, or no binding at all.
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["binding"] = serde_json::Value::String("00".repeat(32));
    let forged: Quote = serde_json::from_value(value.clone()).unwrap();
    assert_ne!(forged.binding(), q.binding());
    value["binding"] = serde_json::Value::String("xyz".into());
    assert!(serde_json::from_value::<Quote>(value).is_err());
    let mut ws = ws;
    assert!(matches!(
        ws.execute(OLGA, invite("ana").confirming(forged), at(10)),
        Err(CommandError::QuoteNotForThis { .. })
    ));
}

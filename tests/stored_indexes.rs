//! T-2: a stored workspace is read with its members' indexes built in bulk when the members
//! come in user order with distinct addresses, and one by one otherwise; either way, every
//! duplicate is refused naming the entry, and what loads is the workspace that was stored.

use chrono::{TimeZone, Utc};
use seatwise::{
    presets, Change, Command, Email, Invitee, Plan, Proof, StoredWorkspaceError, UserId, Workspace,
};

fn workspace() -> Workspace {
    let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    let owner = UserId::new(1);
    let (mut space, _) = Workspace::create(
        presets::deal_space().unwrap(),
        Plan::business(),
        owner,
        Email::parse("olga@example.com").unwrap(),
        "Olga",
        now,
    )
    .unwrap();
    for (n, name) in ["bea", "cy", "dan"].iter().enumerate() {
        let email = Email::parse(&format!("{name}@example.com")).unwrap();
        let invite = Command::new(Change::Invite {
            invitees: vec![Invitee::guest(email.clone())],
            expires_at: None,
        });
        space.execute(owner, invite, now).unwrap();
        let accept = Command::new(Change::AcceptInvitation {
            email,
            name: (*name).into(),
            proof: Proof::VerifiedEmail,
        });
        space
            .execute(UserId::new(2 + u64::try_from(n).unwrap()), accept, now)
            .unwrap();
    }
    space
}

/// The stored form with its member list changed by `edit`.
fn edited(space: &Workspace, edit: impl FnOnce(&mut Vec<serde_json::Value>)) -> String {
    let mut value = serde_json::to_value(space).unwrap();
    let members = value
        .get_mut("members")
        .and_then(serde_json::Value::as_array_mut)
        .unwrap();
    edit(members);
    value.to_string()
}

fn load(json: &str) -> Result<Workspace, String> {
    serde_json::from_str::<Workspace>(json).map_err(|e| e.to_string())
}

// T-2: members in user order load to the workspace stored; out of order too.
#[test]
fn t2_members_in_any_order_load_to_the_workspace_stored() {
    let space = workspace();
    assert_eq!(load(&edited(&space, |_| {})).unwrap(), space);
    let reversed = edited(&space, |members| members.reverse());
    assert_eq!(load(&reversed).unwrap(), space);
    assert_eq!(space.members().count(), 4);
}

// T-2: two members with one address are refused naming it, in order or not.
#[test]
fn t2_a_shared_address_is_refused_naming_it() {
    let space = workspace();
    for reverse in [false, true] {
        let json = edited(&space, |members| {
            let olga = members[0]["email"].clone();
            members[2]["email"] = olga;
            if reverse {
                members.reverse();
            }
        });
        let error = load(&json).unwrap_err();
        let expected = StoredWorkspaceError::SharedEmail(Email::parse("olga@example.com").unwrap());
        assert!(error.contains(&expected.to_string()), "{error}");
    }
}

// T-2: one user stored twice is refused naming the user.
#[test]
fn t2_a_member_stored_twice_is_refused_naming_them() {
    let space = workspace();
    let json = edited(&space, |members| {
        let mut copy = members[1].clone();
        copy["email"] = serde_json::Value::from("other@example.com");
        members.insert(2, copy);
    });
    let error = load(&json).unwrap_err();
    assert!(
        error.contains(&StoredWorkspaceError::DuplicateMember(UserId::new(2)).to_string()),
        "{error}"
    );
}

// T-2, M-9: an address stored with capitals is read as the member's normalized address,
// and then shared with nobody else.
#[test]
fn t2_a_stored_address_is_normalized_on_reading() {
    let space = workspace();
    let json = edited(&space, |members| {
        members[1]["email"] = serde_json::Value::from("BEA@Example.com");
    });
    assert_eq!(load(&json).unwrap(), space);
    let json = edited(&space, |members| {
        members[1]["email"] = serde_json::Value::from("CY@example.com");
    });
    let error = load(&json).unwrap_err();
    assert!(error.contains("cy@example.com"), "{error}");
}

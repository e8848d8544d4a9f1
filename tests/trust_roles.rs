//! T-1: a role reference kept by a host never resolves to a different role. Ids are stable
//! keys (the policy's name and the role's name), not positions: they survive roles being
//! added, deleted or reordered, and an id of a deleted or renamed role, or from another
//! policy, is refused.
mod common;

use chrono::{DateTime, Utc};
use common::{at_hour, email_at};
use seatwise::{
    presets, Change, Command, CommandError, Decision, Deny, Email, Invitee, Plan, Policy,
    PolicyDocument, Principal, Resource, RoleId, RoleSpec, Scope, UserId, Verb, Workspace,
};

const OWNER: UserId = UserId::new(1);
const CARLA: UserId = UserId::new(2);

fn at(day: u32) -> DateTime<Utc> {
    at_hour(4, day, 9)
}

fn email(name: &str) -> Email {
    email_at(name, "example.com")
}

/// Runs a change, confirming whatever quote its preview asks for.
#[track_caller]
fn run(ws: &mut Workspace, actor: UserId, change: Change, now: DateTime<Utc>) {
    common::run(ws, actor, change, now);
}

/// A Business sales-scheduler workspace with two custom roles, `aide` (rank 5) and `lead`
/// (rank 35, above the sales manager), and Carla as a closer.
fn business() -> Workspace {
    let mut ws = common::create(
        presets::sales_scheduler().unwrap(),
        Plan::business(),
        OWNER,
        email("owner"),
        "Owner",
        at(1),
    );
    for spec in [
        RoleSpec::new("aide", 5).grant_all("contacts", Scope::Exclusive),
        RoleSpec::new("lead", 35).grant_all("*", Scope::Full),
    ] {
        run(&mut ws, OWNER, Change::DefineRole { role: spec }, at(2));
    }
    let closer = ws.policy().role("closer").unwrap();
    run(
        &mut ws,
        OWNER,
        Change::Invite {
            invitees: vec![Invitee::member(email("carla"), closer)],
            expires_at: None,
        },
        at(3),
    );
    run(
        &mut ws,
        CARLA,
        common::accept(email("carla"), "Carla"),
        at(3),
    );
    ws
}

fn role_name(ws: &Workspace, user: UserId) -> String {
    let role = ws.member(user).unwrap().role();
    ws.policy().role_info(role).unwrap().name().to_owned()
}

#[test]
fn t1_id_read_before_a_delete_still_names_its_own_role() {
    let mut ws = business();
    // The form was rendered before `aide` (which sits before `lead`) was deleted.
    let aide = ws.policy().role("aide").unwrap();
    let lead_before = ws.policy().role("lead").unwrap();
    run(
        &mut ws,
        OWNER,
        Change::DeleteRole {
            name: "aide".into(),
        },
        at(4),
    );
    // The id of the deleted role is refused, never taken as whatever sits in its place.
    let refused = ws.execute(
        OWNER,
        Command::new(Change::ChangeRole {
            user: CARLA,
            role: aide,
        }),
        at(5),
    );
    assert_eq!(refused, Err(CommandError::UnknownRole(aide)));
    assert_eq!(role_name(&ws, CARLA), "closer");
    // An id read before the delete for a role that survived still names that role.
    run(
        &mut ws,
        OWNER,
        Change::ChangeRole {
            user: CARLA,
            role: lead_before,
        },
        at(5),
    );
    assert_eq!(role_name(&ws, CARLA), "lead");
}

#[test]
fn t1_deleted_role_id_is_denied_by_checks() {
    let mut ws = business();
    let aide = ws.policy().role("aide").unwrap();
    let contacts = ws.policy().area("contacts").unwrap();
    let me = Principal::member(CARLA, aide);
    assert!(ws
        .policy()
        .can(&me, Verb::VIEW, &Resource::new(contacts).owned_by(CARLA))
        .is_allowed());
    run(
        &mut ws,
        OWNER,
        Change::DeleteRole {
            name: "aide".into(),
        },
        at(4),
    );
    let decision = ws
        .policy()
        .can(&me, Verb::VIEW, &Resource::new(contacts).owned_by(CARLA));
    assert_eq!(decision, Decision::Deny(Deny::UnknownRole));
    assert!(ws.policy().role_info(aide).is_none());
}

#[test]
fn t1_reordered_roles_keep_their_ids() {
    let policy = presets::deal_space().unwrap();
    let editor = policy.role("editor").unwrap();
    let admin = policy.role("admin").unwrap();
    let mut doc: PolicyDocument = policy.document().clone();
    doc.roles.reverse();
    let reordered = doc.compile().unwrap();
    assert_eq!(reordered.role_info(editor).unwrap().name(), "editor");
    assert_eq!(reordered.role_info(admin).unwrap().name(), "admin");
    assert_eq!(reordered.role("editor").ok(), Some(editor));
    // And the decisions follow the role, not the position.
    let deals = reordered.area("deals").unwrap();
    let ed = Principal::member(CARLA, editor);
    assert!(!reordered
        .may_invite(&ed, reordered.role("manager").unwrap())
        .is_allowed());
    assert!(reordered
        .can(&ed, Verb::EDIT, &Resource::new(deals).owned_by(CARLA))
        .is_allowed());
}

#[test]
fn t1_reordered_roles_in_a_stored_workspace_keep_every_member_and_invitation() {
    let mut ws = common::create(
        presets::deal_space().unwrap(),
        Plan::deal_space(),
        OWNER,
        email("olga"),
        "Olga",
        at(1),
    );
    run(
        &mut ws,
        OWNER,
        Change::Invite {
            invitees: vec![
                Invitee::default_role(email("ed")),
                Invitee::default_role(email("pending")),
            ],
            expires_at: None,
        },
        at(2),
    );
    run(&mut ws, CARLA, common::accept(email("ed"), "Ed"), at(2));
    let mut stored: serde_json::Value = serde_json::to_value(&ws).unwrap();
    stored["policy"]["role"]
        .as_array_mut()
        .expect("roles are a list")
        .reverse();
    let loaded: Workspace = serde_json::from_value(stored).unwrap();
    assert_eq!(role_name(&loaded, CARLA), "editor");
    assert_eq!(role_name(&loaded, OWNER), "owner");
    let pending = loaded.invitation(&email("pending")).unwrap().role();
    assert_eq!(loaded.policy().role_info(pending).unwrap().name(), "editor");
}

#[test]
fn t1_id_from_another_policy_is_refused() {
    let sales = presets::sales_scheduler().unwrap();
    let deal = presets::deal_space().unwrap();
    for role in sales.roles() {
        assert!(deal.role_info(role.id()).is_none(), "{}", role.name());
    }
    // Same document under another name: another policy, other keys.
    let mut doc = deal.document().clone();
    doc.name = "deal-space-copy".into();
    let copy: Policy = doc.compile().unwrap();
    let admin = deal.role("admin").unwrap();
    assert!(copy.role_info(admin).is_none());
    let deals = copy.area("deals").unwrap();
    let decision = copy.can(
        &Principal::member(CARLA, admin),
        Verb::VIEW,
        &Resource::new(deals),
    );
    assert_eq!(decision, Decision::Deny(Deny::UnknownRole));

    // In a workspace, commands refuse it too.
    let mut ws = common::create(
        deal.clone(),
        Plan::deal_space(),
        OWNER,
        email("olga"),
        "Olga",
        at(1),
    );
    let foreign = sales.role("super_admin").unwrap();
    let refused = ws.execute(
        OWNER,
        Command::new(Change::Invite {
            invitees: vec![Invitee::member(email("x"), foreign)],
            expires_at: None,
        }),
        at(2),
    );
    assert_eq!(refused, Err(CommandError::UnknownRole(foreign)));
}

#[test]
fn t1_renamed_role_id_resolves_to_nothing() {
    let policy = presets::deal_space().unwrap();
    let manager = policy.role("manager").unwrap();
    let mut doc = policy.document().clone();
    for role in &mut doc.roles {
        if role.name == "manager" {
            role.name = "lead".into();
        }
    }
    // Renaming the role means renaming its parent reference too.
    for role in &mut doc.roles {
        if role.parent.as_deref() == Some("manager") {
            role.parent = Some("lead".into());
        }
    }
    let renamed = doc.compile().unwrap();
    assert!(renamed.role_info(manager).is_none());
    assert!(renamed.role("lead").is_ok());
}

#[test]
fn t1_role_ids_serialize_as_stable_keys() {
    let policy = presets::deal_space().unwrap();
    let admin = policy.role("admin").unwrap();
    let text = serde_json::to_string(&admin).unwrap();
    assert_eq!(text.len(), 14, "{text}"); // 12 hex digits in quotes
    let back: RoleId = serde_json::from_str(&text).unwrap();
    assert_eq!(back, admin);
    assert_eq!(policy.role_info(back).unwrap().name(), "admin");
    assert_eq!(policy.role_by_key(admin.key()), Some(admin));
    // A position is not a key.
    assert!(serde_json::from_str::<RoleId>("1").is_err());
    assert!(serde_json::from_str::<RoleId>("\"+0000000001f\"").is_err());
    assert!(serde_json::from_str::<RoleId>("\"zz\"").is_err());
}

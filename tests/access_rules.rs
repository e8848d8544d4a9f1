//! The general rules of the access model (SPEC section 2, A-1 … A-11) on small policies built in code.

use seatwise::{
    presets, Actions, Allow, AreaSpec, Coverage, Decision, Deny, ExceptionSpec, PageMode, Policy,
    PolicyDocument, Principal, Relation, Resource, RoleSpec, Scope, Standing, TeamId, UserId, Verb,
};

const ME: UserId = UserId::new(1);
const OTHER: UserId = UserId::new(2);
const RED: TeamId = TeamId::new(10);
const BLUE: TeamId = TeamId::new(20);

/// One area `notes` (owner relation for view, creator for edit), one role per scope.
fn policy() -> Policy {
    PolicyDocument::new("test", "boss")
        .admin_area("people")
        .area(
            AreaSpec::new("notes", Verb::VIEW | Verb::EDIT | Verb::DELETE)
                .relations(&["owner"])
                .relations_for(Verb::EDIT, &["creator"]),
        )
        .area(
            AreaSpec::new(
                "people",
                Verb::VIEW | Verb::INVITE | Verb::REMOVE | Verb::MANAGE,
            )
            .relations(&["owner"]),
        )
        .role(RoleSpec::new("boss", 100).grant_all("*", Scope::Full))
        .role(RoleSpec::new("full", 40).grant_all("notes", Scope::Full))
        .role(RoleSpec::new("team", 30).grant_all("notes", Scope::Team))
        .role(RoleSpec::new("exclusive", 20).grant_all("notes", Scope::Exclusive))
        .role(RoleSpec::new("none", 10))
        .role(
            RoleSpec::new("mixed", 15)
                .grant("notes", Verb::VIEW, Scope::Full)
                .grant("notes", Verb::EDIT, Scope::Exclusive),
        )
        .role(RoleSpec::new("child", 25).parent("exclusive").grant(
            "notes",
            Verb::VIEW,
            Scope::Full,
        ))
        .compile()
        .expect("test policy compiles")
}

fn who<'a>(policy: &Policy, role: &str) -> Principal<'a> {
    Principal::member(ME, policy.role(role).unwrap())
}

#[test]
fn a1_default_deny_for_unknown_area_verb_and_role() {
    let policy = policy();
    let big = presets::sales_scheduler().unwrap();
    let unknown_area = big.area("billing").unwrap(); // index beyond this policy's two areas
    let boss = who(&policy, "boss");
    assert_eq!(
        policy.can(&boss, Verb::VIEW, &Resource::new(unknown_area)),
        Decision::Deny(Deny::UnknownArea)
    );
    let notes = policy.area("notes").unwrap();
    let note = Resource::new(notes).owned_by(ME);
    assert_eq!(
        policy.can(&boss, Verb::EXPORT, &note),
        Decision::Deny(Deny::UnknownAction {
            area: notes,
            action: Actions::EXPORT
        }),
        "A-1: a verb the area does not offer"
    );
    // A-1: a check takes exactly one verb, by type; no verb and several verbs are not one.
    assert!(Verb::try_from(Actions::empty()).is_err(), "A-1: no verb");
    assert!(
        Verb::try_from(Actions::VIEW | Actions::EDIT).is_err(),
        "A-1: one verb per check"
    );
    let foreign_role = big.role("sales_manager").unwrap(); // index beyond this policy's roles? not necessarily
    let stranger_role = Principal::member(ME, foreign_role);
    if policy.role_info(foreign_role).is_none() {
        assert_eq!(
            policy.can(&stranger_role, Verb::VIEW, &note),
            Decision::Deny(Deny::UnknownRole)
        );
    }
    assert_eq!(
        policy.can(&who(&policy, "none"), Verb::VIEW, &note),
        Decision::Deny(Deny::NoGrant {
            role: policy.role("none").unwrap(),
            area: notes,
            action: Actions::VIEW
        })
    );
    for standing in [Standing::Pending, Standing::Removed, Standing::Stranger] {
        assert!(
            !policy.is_allowed(&boss.with_standing(standing), Verb::VIEW, &note),
            "A-1 {standing:?}"
        );
    }
}

#[test]
fn a2_scopes_cover_full_team_exclusive_none() {
    let policy = policy();
    let notes = policy.area("notes").unwrap();
    let (red, blue) = ([RED], [BLUE]);
    let own = Resource::new(notes).owned_by(ME);
    let teammates = Resource::new(notes).owned_by(OTHER).in_teams(&red);
    let strangers = Resource::new(notes).owned_by(OTHER).in_teams(&blue);
    let cases = [
        ("full", [true, true, true]),
        ("team", [true, true, false]),
        ("exclusive", [true, false, false]),
        ("none", [false, false, false]),
    ];
    for (role, expected) in cases {
        let p = who(&policy, role).with_teams(&red);
        for (record, want) in [own, teammates, strangers].iter().zip(expected) {
            assert_eq!(
                policy.is_allowed(&p, Verb::VIEW, record),
                want,
                "A-2: {role} {record:?}"
            );
        }
    }
    let team = who(&policy, "team").with_teams(&red);
    match policy.can(&team, Verb::VIEW, &teammates) {
        Decision::Allow(Allow::Grant {
            relation, scope, ..
        }) => {
            assert_eq!(relation, Relation::TEAM, "A-8: says a team matched");
            assert_eq!(scope, Scope::Team);
        }
        other => panic!("A-2: {other:?}"),
    }
}

#[test]
fn a3_scope_is_per_action() {
    let policy = policy();
    let notes = policy.area("notes").unwrap();
    let mixed = who(&policy, "mixed");
    let others = Resource::new(notes).owned_by(OTHER).created_by(OTHER);
    let mine = Resource::new(notes).owned_by(OTHER).created_by(ME);
    assert!(
        policy.is_allowed(&mixed, Verb::VIEW, &others),
        "A-3: view every note"
    );
    assert!(
        !policy.is_allowed(&mixed, Verb::EDIT, &others),
        "A-3: edit only own"
    );
    assert!(policy.is_allowed(&mixed, Verb::EDIT, &mine), "A-3");
}

#[test]
fn a4_relations_are_per_action() {
    let policy = policy();
    let notes = policy.area("notes").unwrap();
    let excl = who(&policy, "exclusive");
    // Owned by me, created by another: own for viewing, not for editing.
    let owned = Resource::new(notes).owned_by(ME).created_by(OTHER);
    assert!(policy.is_allowed(&excl, Verb::VIEW, &owned), "A-4");
    assert!(!policy.is_allowed(&excl, Verb::EDIT, &owned), "A-4");
    let both = Resource::new(notes).owned_by(ME).created_by(ME);
    assert!(policy.is_allowed(&excl, Verb::EDIT, &both), "A-4");
    let info = policy.area_info(notes).unwrap();
    assert_eq!(info.relations(Verb::VIEW), Relation::OWNER);
    assert_eq!(info.relations(Verb::EDIT), Relation::CREATOR);
}

#[test]
fn a5_exceptions_are_declared_data_for_members_only() {
    let doc = policy().document().clone().exception(ExceptionSpec::new(
        "notes_for_all",
        "notes",
        Verb::VIEW,
        Scope::Full,
        "everyone reads notes",
    ));
    let with = doc.compile().unwrap();
    let without = policy();
    let notes = with.area("notes").unwrap();
    let others = Resource::new(notes).owned_by(OTHER);
    let none = who(&with, "none");
    assert!(
        !without.is_allowed(&none, Verb::VIEW, &others),
        "A-5: not without the exception"
    );
    let d = with.can(&none, Verb::VIEW, &others);
    assert!(matches!(d, Decision::Allow(Allow::Exception { .. })), "A-5");
    assert!(
        d.explain(&with).to_string().contains("notes_for_all"),
        "A-5: listed in explanations"
    );
    assert!(
        !with.is_allowed(&none, Verb::EDIT, &others),
        "A-5: only the declared verbs"
    );
    let guest = Principal::guest(ME, with.role("none").unwrap());
    assert!(
        !with.is_allowed(&guest, Verb::VIEW, &others),
        "A-5: for members, not guests"
    );
}

#[test]
fn a6_a_child_role_holds_every_grant_of_its_parent() {
    let policy = policy();
    let notes = policy.area("notes").unwrap();
    let child = who(&policy, "child");
    let own = Resource::new(notes).owned_by(ME).created_by(ME);
    for verb in [Verb::VIEW, Verb::EDIT, Verb::DELETE] {
        assert!(policy.is_allowed(&child, verb, &own), "A-6 {verb:?}");
    }
    let others = Resource::new(notes).owned_by(OTHER);
    assert!(
        policy.is_allowed(&child, Verb::VIEW, &others),
        "A-6: its own wider grant: {}",
        policy.can(&child, Verb::VIEW, &others).explain(&policy)
    );
    assert!(
        !policy.is_allowed(&who(&policy, "exclusive"), Verb::VIEW, &others),
        "A-6: not the parent's"
    );
    let d = policy.can(&child, Verb::EDIT, &own);
    assert!(
        d.explain(&policy)
            .to_string()
            .contains("inherited from `exclusive`"),
        "A-6, A-8: {}",
        d.explain(&policy)
    );
    let child_id = policy.role("child").unwrap();
    assert_eq!(
        policy.granted_by(child_id, notes, Verb::VIEW),
        Some(child_id)
    );
    assert_eq!(
        policy.granted_by(child_id, notes, Verb::EDIT),
        policy.role("exclusive").ok()
    );
}

#[test]
fn a7_no_escalation_and_no_acting_above_oneself() {
    let policy = policy();
    let full = Principal::member(ME, policy.role("full").unwrap());
    // `full` has no grant on `people`: no administration at all.
    assert!(
        !policy
            .may_invite(&full, policy.role("none").unwrap())
            .is_allowed(),
        "A-7"
    );
    let boss_role = policy.role("boss").unwrap();
    let boss = Principal::member(ME, boss_role).with_owner(ME);
    let target = Principal::member(OTHER, policy.role("team").unwrap());
    assert!(policy.may_remove(&boss, &target).is_allowed());
    assert!(policy.may_act_on(&boss, &target).is_allowed());
    assert_eq!(
        policy.may_remove(&target, &boss),
        Decision::Deny(Deny::OwnerProtected),
        "A-7: the owner stays"
    );
    let removed_boss = boss.with_standing(Standing::Removed);
    assert_eq!(
        policy.may_act_on(&removed_boss, &target),
        Decision::Deny(Deny::Removed),
        "A-1"
    );
}

#[test]
fn a8_every_denial_explains_itself() {
    let policy = policy();
    let notes = policy.area("notes").unwrap();
    let note = Resource::new(notes).owned_by(OTHER).created_by(OTHER);
    let cases: Vec<(Principal<'_>, Verb, &str)> = vec![
        (Principal::stranger(ME), Verb::VIEW, "not a member"),
        (
            who(&policy, "full").with_standing(Standing::Pending),
            Verb::VIEW,
            "not accepted the invitation",
        ),
        (
            who(&policy, "full").with_standing(Standing::Removed),
            Verb::VIEW,
            "removed",
        ),
        (who(&policy, "none"), Verb::VIEW, "no grant to view `notes`"),
        (
            who(&policy, "exclusive"),
            Verb::VIEW,
            "exclusive scope only",
        ),
        (who(&policy, "full"), Verb::MERGE, "does not offer `merge`"),
        (
            Principal::guest(ME, policy.role("full").unwrap()),
            Verb::EDIT,
            "read-only",
        ),
    ];
    for (principal, verb, words) in cases {
        let d = policy.can(&principal, verb, &note);
        assert!(!d.is_allowed());
        let text = d.explain(&policy).to_string();
        assert!(
            text.starts_with("denied: ") && text.contains(words),
            "A-8: `{text}` should say `{words}`"
        );
    }
    let allowed = policy
        .can(&who(&policy, "full"), Verb::VIEW, &note)
        .explain(&policy)
        .to_string();
    assert!(
        allowed.contains("role `full` has full view on `notes`"),
        "A-8: {allowed}"
    );
}

#[test]
fn a9_list_filters_are_query_shaped() {
    let policy = policy();
    let notes = policy.area("notes").unwrap();
    let red = [RED];
    assert_eq!(
        policy
            .list_filter(&who(&policy, "none"), Verb::VIEW, notes)
            .coverage(),
        Coverage::Nothing
    );
    assert_eq!(
        policy
            .list_filter(&who(&policy, "full"), Verb::VIEW, notes)
            .coverage(),
        Coverage::All
    );
    match policy
        .list_filter(&who(&policy, "team").with_teams(&red), Verb::VIEW, notes)
        .coverage()
    {
        Coverage::Related {
            user,
            first,
            second,
        } => {
            assert_eq!(user, ME);
            assert_eq!(first.relations(), Relation::OWNER);
            assert_eq!(first.teams(), &red);
            assert_eq!(second, None);
        }
        other => panic!("A-9: {other:?}"),
    }
    // Editing needs the verb's relation (creator); seeing the record is owner or, for this
    // verb, creator (SS-10), which the first clause already implies: one clause.
    match policy
        .list_filter(&who(&policy, "exclusive"), Verb::EDIT, notes)
        .coverage()
    {
        Coverage::Related { first, second, .. } => {
            assert_eq!(first.relations(), Relation::CREATOR);
            assert_eq!(second, None);
        }
        other => panic!("A-9: {other:?}"),
    }
    let mut list = vec![
        Resource::new(notes).owned_by(ME).created_by(ME),
        Resource::new(notes).owned_by(ME).created_by(OTHER),
        Resource::new(notes).owned_by(OTHER).created_by(ME),
    ];
    policy
        .list_filter(&who(&policy, "exclusive"), Verb::EDIT, notes)
        .retain(&mut list);
    assert_eq!(list.len(), 2, "A-9");
    assert!(list.iter().all(|r| r.creators() == [ME]));
}

#[test]
fn a10_page_modes_from_grants() {
    let policy = policy();
    let notes = policy.area("notes").unwrap();
    assert_eq!(
        policy.page_mode(&who(&policy, "none"), notes),
        PageMode::Hidden
    );
    assert_eq!(
        policy.page_mode(&who(&policy, "full"), notes),
        PageMode::Full
    );
    assert_eq!(
        policy.page_mode(&who(&policy, "exclusive"), notes),
        PageMode::Full,
        "A-10: own records count"
    );
    let view_only = PolicyDocument::new("v", "r")
        .area(AreaSpec::new("notes", Verb::VIEW | Verb::EDIT))
        .role(RoleSpec::new("r", 1).grant("notes", Verb::VIEW, Scope::Full))
        .compile()
        .unwrap();
    let reader = Principal::member(ME, view_only.role("r").unwrap());
    assert_eq!(
        view_only.page_mode(&reader, view_only.area("notes").unwrap()),
        PageMode::ReadOnly
    );
    let mixed = PolicyDocument::new("m", "r")
        .area(AreaSpec::new(
            "notes",
            Verb::VIEW | Verb::EDIT | Verb::DELETE,
        ))
        .role(RoleSpec::new("r", 1).grant("notes", Verb::VIEW | Verb::EDIT, Scope::Full))
        .compile()
        .unwrap();
    let editor = Principal::member(ME, mixed.role("r").unwrap());
    assert_eq!(
        mixed.page_mode(&editor, mixed.area("notes").unwrap()),
        PageMode::Limited
    );
}

#[test]
fn policies_are_send_sync_and_cheap_to_share() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Policy>();
    let policy = policy();
    let copy = policy.clone();
    let handle = std::thread::spawn(move || copy.role("boss").is_ok());
    assert!(handle.join().unwrap());
}

#[test]
fn a4_every_relation_builder_takes_one_user_or_a_list() {
    // Issue 9: owned_by, created_by, hosted_by and assigned_to take the same thing, and a
    // single user relates exactly as a list of one (A-4).
    use seatwise::{AsResource, ResourceBuf};
    let policy = policy();
    let notes = policy.area("notes").unwrap();
    let both = [ME, OTHER];
    let single = Resource::new(notes)
        .owned_by(ME)
        .created_by(ME)
        .hosted_by(ME)
        .assigned_to(ME);
    let listed = Resource::new(notes)
        .owned_by(&both)
        .created_by(&both[..1])
        .hosted_by(&both)
        .assigned_to(&both);
    let all = Relation::OWNER | Relation::CREATOR | Relation::HOST | Relation::ASSIGNEE;
    assert_eq!(single.relations_of(ME, all), all);
    assert_eq!(listed.relations_of(ME, all), all);
    assert_eq!(listed.relations_of(OTHER, all), all - Relation::CREATOR);
    assert_eq!(single.owners(), &[ME]);
    assert_eq!(listed.hosts(), &both);
    let owned = ResourceBuf::new(notes)
        .owned_by(ME)
        .created_by(&both)
        .hosted_by(ME)
        .assigned_to(&vec![OTHER]);
    assert_eq!(owned.as_resource().creators(), &both);
    assert_eq!(owned.as_resource().assignees(), &[OTHER]);
    assert_eq!(
        Resource::new(notes).hosted_by(ME),
        Resource::new(notes).hosted_by(&both[..1])
    );
}

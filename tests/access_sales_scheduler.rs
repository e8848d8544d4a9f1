//! The sales scheduler model (SPEC section 3) walked role by role, area by area, verb by verb.
//!
//! The expected matrix below is written from SPEC.md, not from the policy document: each line
//! names the rule it comes from. `F` is Full, `E` Exclusive, `-` none.

use seatwise::{
    presets, Actions, Allow, Decision, Deny, PageMode, PlanFeatures, Policy, Principal, Resource,
    RoleSpec, Scope, Standing, UserId, Verb,
};

const ME: UserId = UserId::new(1);
const OTHER: UserId = UserId::new(2);

/// (rule, area, verbs with expected scope)
type Matrix = &'static [(&'static str, &'static str, &'static str)];

const CLOSER: Matrix = &[
    ("SS-5 SS-11", "analytics", "view:E"),
    (
        "SS-5 SS-4",
        "contacts",
        "view:F create:F edit:F delete:- export:- merge:- reassign:-",
    ),
    ("SS-5", "calls", "view:F create:F edit:F delete:- export:-"),
    ("SS-5", "deals", "view:F create:F edit:F delete:- export:-"),
    ("SS-5", "appointment_setting", "view:- edit:-"),
    ("SS-5 SS-11", "members", "view:E"),
    ("SS-5 SS-10", "events", "view:E create:E edit:E delete:E"),
    ("SS-5 SS-9", "scheduled_events", "view:E edit:E"),
    ("SS-5 SS-9", "calendar_connections", "view:E edit:E"),
    ("SS-5 SS-9", "availability", "view:E edit:E"),
    ("SS-5 SS-14", "rules", "view:F create:E edit:E delete:E"),
    ("SS-5 SS-14", "workflows", "view:F create:E edit:E delete:E"),
    (
        "SS-5 SS-13",
        "user_management",
        "view:- invite:- remove:- manage:-",
    ),
    ("SS-5 SS-13", "integrations", "view:- manage:-"),
    (
        "SS-5 SS-8",
        "custom_roles",
        "view:- create:- edit:- delete:-",
    ),
    ("SS-5", "troubleshoot_events", "view:- edit:-"),
    ("SS-5", "custom_fields", "view:- create:- edit:- delete:-"),
    ("SS-5", "products", "view:- create:- edit:- delete:-"),
    ("SS-5", "ip_blocking", "view:- create:- edit:- delete:-"),
    ("SS-5", "billing", "view:- edit:- manage:-"),
];

const SETTER: Matrix = &[
    ("SS-6 SS-11", "analytics", "view:E"),
    (
        "SS-6 SS-4",
        "contacts",
        "view:F create:F edit:F delete:- export:- merge:- reassign:-",
    ),
    ("SS-6", "calls", "view:F create:F edit:F delete:- export:-"),
    ("SS-6", "deals", "view:F create:F edit:F delete:- export:-"),
    ("SS-6", "appointment_setting", "view:F edit:F"),
    ("SS-6 SS-11", "members", "view:E"),
    ("SS-6 SS-10", "events", "view:F create:F edit:F delete:F"),
    ("SS-6 SS-9", "scheduled_events", "view:F edit:F"),
    ("SS-6 SS-9", "calendar_connections", "view:E edit:E"),
    ("SS-6 SS-9", "availability", "view:F edit:F"),
    ("SS-6 SS-14", "rules", "view:F create:E edit:E delete:E"),
    ("SS-6 SS-14", "workflows", "view:F create:E edit:E delete:E"),
    (
        "SS-6 SS-13",
        "user_management",
        "view:- invite:- remove:- manage:-",
    ),
    ("SS-6 SS-13", "integrations", "view:- manage:-"),
    (
        "SS-6 SS-8",
        "custom_roles",
        "view:- create:- edit:- delete:-",
    ),
    ("SS-6 SS-11", "troubleshoot_events", "view:F edit:F"),
    ("SS-6", "custom_fields", "view:F create:F edit:F delete:F"),
    ("SS-6", "products", "view:F create:F edit:F delete:F"),
    ("SS-6", "ip_blocking", "view:- create:- edit:- delete:-"),
    ("SS-6", "billing", "view:- edit:- manage:-"),
];

const SALES_MANAGER: Matrix = &[
    ("SS-7 SS-11", "analytics", "view:F"),
    (
        "SS-7 SS-4",
        "contacts",
        "view:F create:F edit:F delete:- export:- merge:- reassign:-",
    ),
    ("SS-7", "calls", "view:F create:F edit:F delete:- export:-"),
    ("SS-7", "deals", "view:F create:F edit:F delete:- export:-"),
    ("SS-7", "appointment_setting", "view:F edit:F"),
    ("SS-7 SS-11", "members", "view:F"),
    ("SS-7 SS-10", "events", "view:F create:F edit:F delete:F"),
    ("SS-7 SS-9", "scheduled_events", "view:F edit:F"),
    ("SS-7 SS-9", "calendar_connections", "view:F edit:F"),
    ("SS-7 SS-9", "availability", "view:F edit:F"),
    ("SS-7 SS-14", "rules", "view:F create:F edit:F delete:F"),
    ("SS-7 SS-14", "workflows", "view:F create:F edit:F delete:F"),
    (
        "SS-7 SS-13",
        "user_management",
        "view:F invite:F remove:F manage:F",
    ),
    ("SS-7 SS-13", "integrations", "view:- manage:-"),
    (
        "SS-7 SS-8",
        "custom_roles",
        "view:- create:- edit:- delete:-",
    ),
    ("SS-7 SS-11", "troubleshoot_events", "view:E edit:E"),
    ("SS-7", "custom_fields", "view:F create:F edit:F delete:F"),
    ("SS-7", "products", "view:F create:F edit:F delete:F"),
    ("SS-7", "ip_blocking", "view:F create:F edit:F delete:F"),
    ("SS-7", "billing", "view:- edit:- manage:-"),
];

fn policy() -> Policy {
    presets::sales_scheduler().expect("the built-in sales scheduler loads")
}

fn parse(spec: &str) -> Vec<(Verb, char)> {
    spec.split_whitespace()
        .map(|pair| {
            let (verb, scope) = pair.split_once(':').expect("verb:scope");
            let verb = Verb::named(verb).unwrap_or_else(|| panic!("unknown verb {verb}"));
            (verb, scope.chars().next().expect("a scope letter"))
        })
        .collect()
}

fn record<'a>(policy: &Policy, area: &str, user: UserId, users: &'a [UserId]) -> Resource<'a> {
    let area = policy.area(area).unwrap_or_else(|e| panic!("{e}"));
    Resource::new(area)
        .owned_by(user)
        .created_by(user)
        .hosted_by(users)
        .assigned_to(users)
}

/// Walks a role's matrix: own records are allowed iff the verb and `view` are at least
/// Exclusive; other users' records iff both are Full.
#[track_caller]
fn walk(role_name: &str, matrix: Matrix) {
    let policy = policy();
    let role = policy.role(role_name).expect("role");
    let me = Principal::member(ME, role);
    let (mine, theirs) = ([ME], [OTHER]);
    let mut areas_seen = 0;
    for (rule, area, spec) in matrix {
        let verbs = parse(spec);
        let area_id = policy.area(area).expect("area");
        let offered = policy.area_info(area_id).expect("info").actions();
        let listed: Actions = verbs.iter().fold(Actions::empty(), |acc, (v, _)| acc | *v);
        assert_eq!(
            listed, offered,
            "{rule}: the matrix lists every verb of `{area}`"
        );
        let view = verbs
            .iter()
            .find(|(v, _)| *v == Verb::VIEW)
            .map(|(_, s)| *s)
            .unwrap_or('-');
        for (verb, scope) in &verbs {
            let own = record(&policy, area, ME, &mine);
            let others = record(&policy, area, OTHER, &theirs);
            let expect_own = *scope != '-' && view != '-';
            let expect_others = *scope == 'F' && view == 'F';
            let got_own = policy.can(&me, *verb, &own);
            let got_others = policy.can(&me, *verb, &others);
            assert_eq!(
                got_own.is_allowed(),
                expect_own,
                "{rule}: {role_name} {verb:?} own `{area}`: {}",
                got_own.explain(&policy)
            );
            assert_eq!(
                got_others.is_allowed(),
                expect_others,
                "{rule}: {role_name} {verb:?} others' `{area}`: {}",
                got_others.explain(&policy)
            );
        }
        areas_seen += 1;
    }
    assert_eq!(areas_seen, policy.areas().count(), "every area is walked");
}

#[test]
fn ss5_closer_matrix() {
    walk("closer", CLOSER);
}

#[test]
fn ss6_setter_matrix() {
    walk("setter", SETTER);
}

#[test]
fn ss7_sales_manager_matrix() {
    walk("sales_manager", SALES_MANAGER);
}

#[test]
fn ss2_super_admin_owner_has_every_permission() {
    let policy = policy();
    let owner = Principal::member(ME, policy.owner_role()).with_owner(ME);
    assert_eq!(policy.owner_role(), policy.role("super_admin").unwrap());
    let theirs = [OTHER];
    for area in policy.areas() {
        for verb in area.actions().verbs() {
            let r = record(&policy, area.name(), OTHER, &theirs);
            let d = policy.can(&owner, verb, &r);
            assert!(
                d.is_allowed(),
                "SS-2: owner {verb:?} `{}`: {}",
                area.name(),
                d.explain(&policy)
            );
        }
    }
}

#[test]
fn ss3_only_the_owner_edits_billing() {
    let policy = policy();
    let billing = Resource::new(policy.area("billing").unwrap());
    let other_admin = Principal::member(OTHER, policy.role("super_admin").unwrap());
    assert!(policy.can(&other_admin, Verb::VIEW, &billing).is_allowed());
    for verb in [Verb::EDIT, Verb::MANAGE] {
        assert_eq!(
            policy.can(&other_admin, verb, &billing),
            Decision::Deny(Deny::OwnerOnly)
        );
        let owner = Principal::member(ME, policy.owner_role()).with_owner(ME);
        assert!(policy.can(&owner, verb, &billing).is_allowed());
    }
}

#[test]
fn ss3_only_the_owner_removes_or_demotes_super_admins() {
    let policy = policy();
    let sa = policy.role("super_admin").unwrap();
    let closer = policy.role("closer").unwrap();
    let owner = Principal::member(ME, sa).with_owner(ME);
    let admin_a = Principal::member(UserId::new(3), sa);
    let admin_b = Principal::member(UserId::new(4), sa);
    assert_eq!(
        policy.may_remove(&admin_a, &admin_b),
        Decision::Deny(Deny::OwnerOnly)
    );
    assert_eq!(
        policy.may_change_role(&admin_a, &admin_b, closer),
        Decision::Deny(Deny::OwnerOnly)
    );
    assert!(policy.may_remove(&owner, &admin_b).is_allowed());
    assert!(policy
        .may_change_role(&owner, &admin_b, closer)
        .is_allowed());
    // The owner cannot be removed or demoted by anyone.
    assert_eq!(
        policy.may_remove(&admin_a, &owner),
        Decision::Deny(Deny::OwnerProtected)
    );
    assert_eq!(
        policy.may_change_role(&admin_a, &owner, closer),
        Decision::Deny(Deny::OwnerProtected)
    );
}

#[test]
fn ss4_contacts_visible_to_all_even_with_exclusive_scope() {
    let policy = policy()
        .document()
        .clone()
        .role(
            RoleSpec::new("junior", 5)
                .grant_all("contacts", Scope::Exclusive)
                .grant_all("calls", Scope::Exclusive)
                .grant_all("deals", Scope::Exclusive),
        )
        .compile()
        .unwrap();
    let junior = Principal::member(ME, policy.role("junior").unwrap());
    let theirs = [OTHER];
    let contact = record(&policy, "contacts", OTHER, &theirs);
    let d = policy.can(&junior, Verb::VIEW, &contact);
    assert!(
        matches!(d, Decision::Allow(Allow::Exception { .. })),
        "SS-4: {}",
        d.explain(&policy)
    );
    assert!(
        d.explain(&policy)
            .to_string()
            .contains("contacts_visible_to_all"),
        "A-5: listed in the explanation"
    );
    let info = policy.area_info(policy.area("contacts").unwrap()).unwrap();
    assert!(
        matches!(info.exception(Verb::VIEW), Some((_, Scope::Full))),
        "SS-4, A-5"
    );
    assert_eq!(info.exception(Verb::EDIT), None);
    // Calls and deals follow the scope.
    for area in ["calls", "deals"] {
        assert!(
            !policy.is_allowed(&junior, Verb::VIEW, &record(&policy, area, OTHER, &theirs)),
            "SS-4: {area}"
        );
    }
    // The exception is about viewing: editing another's contact still follows the scope.
    assert!(!policy.is_allowed(&junior, Verb::EDIT, &contact));
}

#[test]
fn ss8_builtin_roles_editable_except_super_admin() {
    let policy = policy();
    for name in ["closer", "setter", "sales_manager"] {
        assert!(
            policy
                .role_info(policy.role(name).unwrap())
                .unwrap()
                .is_editable(),
            "SS-8: {name}"
        );
    }
    assert!(
        !policy.role_info(policy.owner_role()).unwrap().is_editable(),
        "SS-8: super_admin"
    );
}

#[test]
fn ss8_a11_custom_roles_need_the_plan_feature() {
    let policy = policy();
    let area = policy.area("custom_roles").unwrap();
    let startup = PlanFeatures::empty();
    let owner = Principal::member(ME, policy.owner_role())
        .with_owner(ME)
        .with_plan(startup);
    let d = policy.can(&owner, Verb::CREATE, &Resource::new(area));
    assert_eq!(
        d,
        Decision::Deny(Deny::PlanLacksFeature {
            area,
            feature: PlanFeatures::CUSTOM_ROLES
        })
    );
    assert!(
        d.explain(&policy).to_string().contains("custom_roles"),
        "A-8: names the feature"
    );
    let business = Principal::member(ME, policy.owner_role())
        .with_owner(ME)
        .with_plan(PlanFeatures::CUSTOM_ROLES);
    assert!(policy
        .can(&business, Verb::CREATE, &Resource::new(area))
        .is_allowed());
}

#[test]
fn ss9_exclusive_sees_only_own_calendar_connections_and_availability() {
    let policy = policy();
    let closer = Principal::member(ME, policy.role("closer").unwrap());
    let manager = Principal::member(ME, policy.role("sales_manager").unwrap());
    for area in ["calendar_connections", "availability", "scheduled_events"] {
        let (mine, theirs) = ([ME], [OTHER]);
        assert!(
            policy.is_allowed(&closer, Verb::EDIT, &record(&policy, area, ME, &mine)),
            "SS-9 {area}"
        );
        assert!(
            !policy.is_allowed(&closer, Verb::EDIT, &record(&policy, area, OTHER, &theirs)),
            "SS-9 {area}"
        );
        assert!(
            policy.is_allowed(&manager, Verb::EDIT, &record(&policy, area, OTHER, &theirs)),
            "SS-9 {area}"
        );
    }
}

#[test]
fn ss10_exclusive_events_view_by_host_settings_by_creator() {
    let policy = policy();
    let events = policy.area("events").unwrap();
    let closer = Principal::member(ME, policy.role("closer").unwrap());
    let me_only = [ME];
    let other_only = [OTHER];
    // Hosted by me, created by someone else: visible, settings closed.
    let hosted = Resource::new(events).created_by(OTHER).hosted_by(&me_only);
    assert!(policy.is_allowed(&closer, Verb::VIEW, &hosted), "SS-10");
    assert!(
        matches!(
            policy.can(&closer, Verb::EDIT, &hosted),
            Decision::Deny(Deny::NotRelated { .. })
        ),
        "SS-10"
    );
    // Created and hosted by me: settings open.
    let mine = Resource::new(events).created_by(ME).hosted_by(&me_only);
    assert!(policy.is_allowed(&closer, Verb::EDIT, &mine), "SS-10");
    // Created by me but hosted by another: not listed, but its settings open (SS-10, amended).
    let handed_over = Resource::new(events).created_by(ME).hosted_by(&other_only);
    assert!(
        !policy.is_allowed(&closer, Verb::VIEW, &handed_over),
        "SS-10"
    );
    assert!(
        policy.is_allowed(&closer, Verb::EDIT, &handed_over),
        "SS-10"
    );
    // Full sees events the user does not host and opens their settings.
    let setter = Principal::member(ME, policy.role("setter").unwrap());
    let foreign = Resource::new(events)
        .created_by(OTHER)
        .hosted_by(&other_only);
    assert!(policy.is_allowed(&setter, Verb::VIEW, &foreign), "SS-10");
    assert!(policy.is_allowed(&setter, Verb::EDIT, &foreign), "SS-10");
}

#[test]
fn ss10_creator_opens_settings_of_event_hosted_by_another() {
    // SS-10 (amended): settings access does not depend on hosting; the visibility rule of
    // SS-12 must not swallow it. `can` and the list filter agree (I-10).
    let policy = policy();
    let events = policy.area("events").unwrap();
    let closer = Principal::member(ME, policy.role("closer").unwrap());
    let other_only = [OTHER];
    let created = Resource::new(events).created_by(ME).hosted_by(&other_only);
    let foreign = Resource::new(events)
        .created_by(OTHER)
        .hosted_by(&other_only);
    let d = policy.can(&closer, Verb::EDIT, &created);
    assert!(d.is_allowed(), "SS-10: {}", d.explain(&policy));
    assert!(!policy.is_allowed(&closer, Verb::EDIT, &foreign), "SS-10");
    let filter = policy.list_filter(&closer, Verb::EDIT, events);
    assert!(filter.matches(&created), "I-10");
    assert!(!filter.matches(&foreign), "I-10");
    // Listing stays by hosting.
    let view = policy.list_filter(&closer, Verb::VIEW, events);
    assert!(!view.matches(&created), "SS-10");
}

#[test]
fn ss11_exclusive_analytics_shows_own_data_only() {
    let policy = policy();
    let analytics = policy.area("analytics").unwrap();
    let closer = Principal::member(ME, policy.role("closer").unwrap());
    let manager = Principal::member(ME, policy.role("sales_manager").unwrap());
    let others = Resource::new(analytics).owned_by(OTHER);
    let own = Resource::new(analytics).owned_by(ME);
    assert!(policy.is_allowed(&closer, Verb::VIEW, &own), "SS-11");
    assert!(!policy.is_allowed(&closer, Verb::VIEW, &others), "SS-11");
    assert!(policy.is_allowed(&manager, Verb::VIEW, &others), "SS-11");
}

#[test]
fn ss12_delete_never_reaches_beyond_what_the_user_sees() {
    // A custom role with Full delete but Exclusive view of calls may delete only its own.
    let policy = policy()
        .document()
        .clone()
        .role(
            RoleSpec::new("cleaner", 5)
                .grant("calls", Verb::VIEW, Scope::Exclusive)
                .grant("calls", Verb::DELETE, Scope::Full),
        )
        .compile()
        .unwrap();
    let cleaner = Principal::member(ME, policy.role("cleaner").unwrap());
    let (mine, theirs) = ([ME], [OTHER]);
    assert!(
        policy.is_allowed(&cleaner, Verb::DELETE, &record(&policy, "calls", ME, &mine)),
        "SS-12"
    );
    let d = policy.can(
        &cleaner,
        Verb::DELETE,
        &record(&policy, "calls", OTHER, &theirs),
    );
    assert!(
        matches!(d, Decision::Deny(Deny::NotVisible { .. })),
        "SS-12: {}",
        d.explain(&policy)
    );
    // Delete is separate per contacts, calls and deals: none of the built-in roles but Super Admin has it.
    let built_in = presets::sales_scheduler().unwrap();
    for role in ["closer", "setter", "sales_manager"] {
        let p = Principal::member(ME, built_in.role(role).unwrap());
        for area in ["contacts", "calls", "deals"] {
            assert!(
                !built_in.is_allowed(&p, Verb::DELETE, &record(&built_in, area, ME, &mine)),
                "SS-12 {role} {area}"
            );
        }
    }
}

#[test]
fn ss13_user_management_is_on_or_off() {
    let policy = policy();
    let manager = Principal::member(ME, policy.role("sales_manager").unwrap());
    let closer_role = policy.role("closer").unwrap();
    let closer = Principal::member(OTHER, closer_role);
    assert!(
        policy.may_invite(&manager, closer_role).is_allowed(),
        "SS-13, SS-7"
    );
    assert!(
        policy.may_remove(&manager, &closer).is_allowed(),
        "SS-13, SS-7"
    );
    assert!(
        !policy.may_invite(&closer, closer_role).is_allowed(),
        "SS-13, SS-5"
    );
    // No escalation: a Sales Manager cannot invite a Super Admin.
    let sa = policy.role("super_admin").unwrap();
    assert_eq!(
        policy.may_invite(&manager, sa),
        Decision::Deny(Deny::Escalation { role: sa })
    );
    // Integrations are off for every built-in role but Super Admin.
    let integrations = Resource::new(policy.area("integrations").unwrap());
    assert!(
        !policy.is_allowed(&manager, Verb::VIEW, &integrations),
        "SS-13"
    );
}

#[test]
fn ss14_exclusive_rules_open_all_edit_own() {
    let policy = policy();
    let closer = Principal::member(ME, policy.role("closer").unwrap());
    for area in ["rules", "workflows"] {
        let (mine, theirs) = ([ME], [OTHER]);
        let others = record(&policy, area, OTHER, &theirs);
        assert!(
            policy.is_allowed(&closer, Verb::VIEW, &others),
            "SS-14 {area}"
        );
        assert!(
            !policy.is_allowed(&closer, Verb::EDIT, &others),
            "SS-14 {area}"
        );
        assert!(
            policy.is_allowed(&closer, Verb::EDIT, &record(&policy, area, ME, &mine)),
            "SS-14 {area}"
        );
    }
}

#[test]
fn a1_pending_removed_and_strangers_are_denied_in_the_sales_scheduler() {
    let policy = policy();
    let sa = policy.role("super_admin").unwrap();
    let contacts = Resource::new(policy.area("contacts").unwrap());
    let pending = Principal::member(ME, sa).with_standing(Standing::Pending);
    let removed = Principal::member(ME, sa).with_standing(Standing::Removed);
    assert_eq!(
        policy.can(&pending, Verb::VIEW, &contacts),
        Decision::Deny(Deny::InvitePending)
    );
    assert_eq!(
        policy.can(&removed, Verb::VIEW, &contacts),
        Decision::Deny(Deny::Removed)
    );
    assert_eq!(
        policy.can(&Principal::stranger(ME), Verb::VIEW, &contacts),
        Decision::Deny(Deny::NotMember)
    );
}

#[test]
fn a10_page_modes_of_the_sales_scheduler() {
    let policy = policy();
    let mode = |role: &str, area: &str| {
        policy.page_mode(
            &Principal::member(ME, policy.role(role).unwrap()),
            policy.area(area).unwrap(),
        )
    };
    assert_eq!(mode("closer", "billing"), PageMode::Hidden);
    assert_eq!(mode("closer", "analytics"), PageMode::Full);
    assert_eq!(mode("closer", "contacts"), PageMode::Limited); // no delete, export, merge, reassign
    assert_eq!(mode("sales_manager", "user_management"), PageMode::Full);
    let other_admin = Principal::member(ME, policy.owner_role());
    assert_eq!(
        policy.page_mode(&other_admin, policy.area("billing").unwrap()),
        PageMode::ReadOnly,
        "SS-3"
    );
}

#[test]
fn a7_ss3_owner_status_comes_from_the_workspace_owner_for_actor_and_target() {
    let policy = policy();
    let sa = policy.role("super_admin").unwrap();
    // The owner, and an unmarked copy of the owner (a host that forgot to mark the target).
    let owner = Principal::member(ME, sa).with_owner(ME);
    let unmarked_copy = Principal::member(ME, sa);
    let d = policy.may_remove(&owner, &unmarked_copy);
    assert!(
        matches!(d, Decision::Deny(Deny::OwnerProtected)),
        "A-7: the owner cannot be removed: {}",
        d.explain(&policy)
    );
    assert!(matches!(
        policy.may_change_role(&owner, &unmarked_copy, policy.role("closer").unwrap()),
        Decision::Deny(Deny::OwnerProtected)
    ));
    // A Super Admin who is not the owner does not remove or demote themselves (SS-3: only
    // the owner removes or demotes top-role holders).
    let other_admin = Principal::member(OTHER, sa).with_owner(ME);
    assert!(!other_admin.is_owner());
    assert!(
        !policy.may_remove(&other_admin, &other_admin).is_allowed(),
        "SS-3"
    );
    assert!(
        !policy
            .may_change_role(&other_admin, &other_admin, policy.role("closer").unwrap())
            .is_allowed(),
        "SS-3"
    );
    // The owner still removes the other Super Admin.
    assert!(policy.may_remove(&owner, &other_admin).is_allowed(), "SS-3");
    // Without the owner given, no one is the owner: top-role holders are untouchable.
    let unknown = Principal::member(OTHER, sa);
    assert!(!unknown.is_owner());
    assert!(
        !policy.may_remove(&unknown, &unmarked_copy).is_allowed(),
        "A-7"
    );
}

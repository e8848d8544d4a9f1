//! The deal space model (SPEC section 4) walked level by level.
//!
//! Each level's expected verbs are written from SPEC.md with what it adds to the level below
//! (DS-2), so a missing inheritance or an extra grant fails here.

use seatwise::{
    presets, Actions, Decision, Deny, MemberKind, PageMode, Policy, Principal, Resource, UserId,
    Verb,
};

const ME: UserId = UserId::new(1);
const OTHER: UserId = UserId::new(2);

/// (rule, level, what the level adds as (area, verbs))
type Level = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const LEVELS: &[Level] = &[
    (
        "DS-3",
        "guest",
        &[
            ("pipeline", "view"),
            ("deals", "view present"),
            ("roles", "view"),
            ("streams", "view"),
            ("themes", "view"),
        ],
    ),
    (
        "DS-4",
        "editor",
        &[
            ("deals", "create edit"),
            ("scope", "view edit"),
            ("schedules", "view edit"),
        ],
    ),
    (
        "DS-5",
        "manager",
        &[
            ("deals", "approve close archive delete"),
            ("roles", "create edit delete"),
            ("streams", "create edit delete"),
            ("accounts", "view create edit delete"),
        ],
    ),
    (
        "DS-6",
        "admin",
        &[
            ("members", "view invite remove manage"),
            ("space_settings", "view manage"),
        ],
    ),
    (
        "DS-7",
        "owner",
        &[
            ("billing", "view manage"),
            ("billing_history", "view"),
            ("space", "view delete"),
        ],
    ),
];

fn policy() -> Policy {
    presets::deal_space().expect("the built-in deal space loads")
}

fn verbs(names: &str) -> Actions {
    names
        .split_whitespace()
        .map(|n| Actions::named(n).expect("verb"))
        .fold(Actions::empty(), |a, b| a | b)
}

#[test]
fn ds1_levels_are_ordered_owner_admin_manager_editor_guest() {
    let policy = policy();
    let ranks: Vec<u32> = ["owner", "admin", "manager", "editor", "guest"]
        .iter()
        .map(|n| policy.role_info(policy.role(n).unwrap()).unwrap().rank())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] > w[1]), "DS-1: {ranks:?}");
    assert_eq!(policy.roles().count(), 5, "DS-1");
    assert_eq!(
        policy.default_role(),
        policy.role("editor").ok(),
        "DS-1: Editor is the default"
    );
    assert_eq!(policy.owner_role(), policy.role("owner").unwrap());
    assert_eq!(policy.guest_role(), policy.role("guest").ok());
}

/// DS-2 … DS-7: every level may do exactly what it adds plus what the levels below may do.
#[test]
fn ds2_to_ds7_each_level_holds_its_own_and_every_lower_levels_grants() {
    let policy = policy();
    let mut expected: Vec<(&str, Actions)> = Vec::new();
    for (rule, level, adds) in LEVELS {
        for (area, names) in *adds {
            match expected.iter_mut().find(|(a, _)| a == area) {
                Some((_, set)) => *set |= verbs(names),
                None => expected.push((area, verbs(names))),
            }
        }
        let member = Principal::member(ME, policy.role(level).unwrap());
        let me = if *level == "owner" {
            member.with_owner(ME)
        } else {
            member
        };
        let owners = [OTHER];
        for area in policy.areas() {
            let allowed = expected
                .iter()
                .find(|(a, _)| *a == area.name())
                .map(|(_, s)| *s)
                .unwrap_or_default();
            for verb in area.actions().verbs() {
                let record = Resource::new(area.id())
                    .owned_by(OTHER)
                    .assigned_to(&owners);
                let d = policy.can(&me, verb, &record);
                assert_eq!(
                    d.is_allowed(),
                    allowed.contains(verb.into()),
                    "{rule} / DS-2: {level} {verb:?} `{}`: {}",
                    area.name(),
                    d.explain(&policy)
                );
            }
        }
    }
}

#[test]
fn ds3_guests_are_read_only_whatever_their_role_grants() {
    let policy = policy();
    // I-4: even a guest principal holding a higher role gets no change.
    for level in ["guest", "editor", "manager", "admin", "owner"] {
        let guest = Principal::guest(ME, policy.role(level).unwrap());
        assert_eq!(guest.kind(), MemberKind::Guest);
        let deal = Resource::new(policy.area("deals").unwrap()).owned_by(ME);
        assert!(policy.is_allowed(&guest, Verb::VIEW, &deal), "DS-3 {level}");
        for verb in Actions::changes().verbs() {
            let d = policy.can(&guest, verb, &deal);
            assert!(!d.is_allowed(), "DS-3 / I-4 {level} {verb:?}");
        }
        assert_eq!(
            policy.can(&guest, Verb::EDIT, &deal),
            Decision::Deny(Deny::GuestReadOnly)
        );
    }
}

#[test]
fn ds3_guest_presents_a_deal_but_every_change_stays_refused() {
    // Seed 004: read-only users "can still interact and browse through content, and present
    // a deal, but not make any changes" (DS-3, I-4).
    let policy = policy();
    let deals = policy.area("deals").unwrap();
    let guest = Principal::guest(ME, policy.role("guest").unwrap());
    let deal = Resource::new(deals).owned_by(OTHER);
    let d = policy.can(&guest, Verb::PRESENT, &deal);
    assert!(d.is_allowed(), "DS-3: {}", d.explain(&policy));
    assert!(!Verb::PRESENT.is_change(), "I-4");
    for verb in policy.area_info(deals).unwrap().actions().verbs() {
        if verb.is_change() {
            assert!(!policy.is_allowed(&guest, verb, &deal), "I-4 {verb:?}");
        }
    }
    // Presenting does not turn the page into an editable one.
    assert_eq!(policy.page_mode(&guest, deals), PageMode::ReadOnly, "DS-3");
}

#[test]
fn ds6_admins_invite_and_remove_members_without_escalation() {
    let policy = policy();
    let admin = Principal::member(ME, policy.role("admin").unwrap());
    let editor_role = policy.role("editor").unwrap();
    let owner_role = policy.role("owner").unwrap();
    assert!(policy.may_invite(&admin, editor_role).is_allowed(), "DS-6");
    assert_eq!(
        policy.may_invite(&admin, owner_role),
        Decision::Deny(Deny::Escalation { role: owner_role }),
        "A-7"
    );
    let editor = Principal::member(OTHER, editor_role);
    assert!(policy.may_remove(&admin, &editor).is_allowed(), "DS-6");
    assert!(
        policy
            .may_change_role(&admin, &editor, policy.role("manager").unwrap())
            .is_allowed(),
        "DS-6"
    );
    // A manager may not invite (DS-5 adds no member management).
    let manager = Principal::member(UserId::new(3), policy.role("manager").unwrap());
    assert!(
        !policy.may_invite(&manager, editor_role).is_allowed(),
        "DS-5"
    );
    // Nobody acts on a user ranked above them.
    let other_owner = Principal::member(UserId::new(4), owner_role);
    assert_eq!(
        policy.may_remove(&admin, &other_owner),
        Decision::Deny(Deny::TargetOutranks { role: owner_role })
    );
}

#[test]
fn ds7_only_the_owner_level_manages_billing_and_deletes_the_space() {
    let policy = policy();
    let owner = Principal::member(ME, policy.role("owner").unwrap()).with_owner(ME);
    let admin = Principal::member(OTHER, policy.role("admin").unwrap());
    for (area, verb) in [
        ("billing", Verb::MANAGE),
        ("billing_history", Verb::VIEW),
        ("space", Verb::DELETE),
    ] {
        let r = Resource::new(policy.area(area).unwrap());
        assert!(policy.is_allowed(&owner, verb, &r), "DS-7 {area}");
        assert!(!policy.is_allowed(&admin, verb, &r), "DS-7 {area}");
    }
}

#[test]
fn a10_page_modes_follow_seed_004() {
    let policy = policy();
    let deals = policy.area("deals").unwrap();
    let mode =
        |level: &str| policy.page_mode(&Principal::member(ME, policy.role(level).unwrap()), deals);
    let guest = Principal::guest(ME, policy.role("guest").unwrap());
    assert_eq!(
        policy.page_mode(&guest, deals),
        PageMode::ReadOnly,
        "A-10: read-only banner"
    );
    assert_eq!(
        mode("editor"),
        PageMode::Limited,
        "A-10: approve and delete disabled"
    );
    assert_eq!(mode("manager"), PageMode::Full, "A-10");
    assert_eq!(
        policy.page_mode(&guest, policy.area("members").unwrap()),
        PageMode::Hidden,
        "A-10: restricted pages are hidden"
    );
    let removed = Principal::member(ME, policy.role("owner").unwrap())
        .with_standing(seatwise::Standing::Removed);
    assert_eq!(
        policy.page_mode(&removed, deals),
        PageMode::Hidden,
        "M-7: no access"
    );
}

#[test]
fn ds3_the_policy_makes_its_guests() {
    // DS-3: a guest holds the policy's guest role; the host need not look it up.
    let policy = policy();
    let rita = policy.guest(OTHER).unwrap();
    assert_eq!(rita.kind(), MemberKind::Guest);
    assert_eq!(rita.role(), policy.guest_role());
    assert_eq!(rita, Principal::guest(OTHER, policy.role("guest").unwrap()));
    let sales = presets::sales_scheduler().unwrap();
    let err = sales.guest(OTHER).unwrap_err();
    assert_eq!(
        err.to_string(),
        "policy `sales-scheduler` has no guest role"
    );
}

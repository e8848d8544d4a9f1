//! Property tests of the access model: I-1, I-2, I-3, I-4, I-10 and I-11 over generated policies.
#![cfg(feature = "proptest")]

use proptest::prelude::*;
use seatwise::strategies::{self, AccessCase};
use seatwise::{AsResource, GrantSpec, MemberKind, Policy, PolicyDocument, Scope, Standing, Verb};

fn verbs_of(case: &AccessCase) -> Vec<Verb> {
    case.policy
        .area_info(case.area)
        .unwrap()
        .actions()
        .verbs()
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// I-10 / A-9: the list filter and `can` agree on every record, for every verb.
    #[test]
    fn i10_list_filter_agrees_with_can(case in strategies::access_case()) {
        let principal = case.principal.as_principal();
        for verb in verbs_of(&case) {
            let filter = case.policy.list_filter(&principal, verb, case.area);
            for record in &case.records {
                let r = record.as_resource();
                prop_assert_eq!(filter.matches(&r), case.policy.is_allowed(&principal, verb, &r),
                    "verb {:?} record {:?} filter {:?}", verb, record, filter);
            }
            let mut kept = case.records.clone();
            filter.retain(&mut kept);
            let expected: Vec<_> = case.records.iter()
                .filter(|r| case.policy.is_allowed(&principal, verb, &r.as_resource()))
                .cloned().collect();
            prop_assert_eq!(kept, expected);
        }
    }

    /// I-1 / A-6: a role is allowed everything its parent (and every ancestor) is.
    #[test]
    fn i1_higher_role_in_hierarchy_allowed_everything_lower_is(case in strategies::access_case()) {
        let mut base = case.principal.clone();
        for child in case.policy.roles() {
            let mut ancestor = child.parent();
            while let Some(parent) = ancestor {
                for verb in verbs_of(&case) {
                    for record in &case.records {
                        base.role = Some(parent);
                        let lower = case.policy.is_allowed(&base.as_principal(), verb, &record.as_resource());
                        base.role = Some(child.id());
                        let higher = case.policy.is_allowed(&base.as_principal(), verb, &record.as_resource());
                        prop_assert!(!lower || higher, "I-1: {} lacks {:?} that its ancestor has", child.name(), verb);
                    }
                }
                ancestor = case.policy.role_info(parent).and_then(|p| p.parent());
            }
        }
    }

    /// I-2 / A-2: for the same role and record, widening one grant never denies what it allowed.
    #[test]
    fn i2_full_covers_team_covers_exclusive_covers_none(
        case in strategies::access_case(),
        role_pick in any::<prop::sample::Index>(),
        verb_pick in any::<prop::sample::Index>(),
    ) {
        let roles: Vec<_> = case.policy.roles().map(|r| r.name().to_owned()).collect();
        let role_name = role_pick.get(&roles).clone();
        let verbs = verbs_of(&case);
        let verb = *verb_pick.get(&verbs);
        let area_name = case.policy.area_info(case.area).unwrap().name().to_owned();
        let with_scope = |scope: Scope| -> Policy {
            let mut doc: PolicyDocument = case.policy.document().clone();
            let role = doc.roles.iter_mut().find(|r| r.name == role_name).unwrap();
            let entry = role.grants.entry(area_name.clone()).or_insert_with(|| GrantSpec::PerAction(Default::default()));
            let mut map = match entry {
                GrantSpec::PerAction(map) => map.clone(),
                GrantSpec::All(all) => verbs.iter().map(|v| (v.name().to_owned(), *all)).collect(),
            };
            map.insert(verb.name().to_owned(), scope);
            *entry = GrantSpec::PerAction(map);
            doc.compile().unwrap()
        };
        let policies: Vec<Policy> = Scope::ALL.iter().map(|s| with_scope(*s)).collect();
        let mut principal = case.principal.clone();
        principal.role = case.policy.role(&role_name).ok().filter(|_| principal.standing != Standing::Stranger);
        for record in &case.records {
            let allowed: Vec<bool> = policies.iter()
                .map(|p| p.is_allowed(&principal.as_principal(), verb, &record.as_resource()))
                .collect();
            for pair in allowed.windows(2) {
                prop_assert!(!pair[0] || pair[1], "I-2: {:?} by scope {:?}", verb, allowed);
            }
        }
    }

    /// I-3 / A-1: removed users, pending users and strangers are denied everything.
    #[test]
    fn i3_removed_pending_and_strangers_denied_everything(case in strategies::access_case()) {
        for standing in [Standing::Pending, Standing::Removed, Standing::Stranger] {
            let mut p = case.principal.clone();
            p.standing = standing;
            p.owner = true;
            if standing == Standing::Stranger { p.role = None; }
            for verb in verbs_of(&case) {
                for record in &case.records {
                    prop_assert!(!case.policy.is_allowed(&p.as_principal(), verb, &record.as_resource()));
                }
            }
        }
    }

    /// I-4 / DS-3: guests are never allowed a change.
    #[test]
    fn i4_guests_never_allowed_a_change(case in strategies::access_case()) {
        let mut p = case.principal.clone();
        p.kind = MemberKind::Guest;
        // DS-3: `present` is read-only, not a change.
        for verb in verbs_of(&case).into_iter().filter(|v| v.is_change()) {
            for record in &case.records {
                prop_assert!(!case.policy.is_allowed(&p.as_principal(), verb, &record.as_resource()));
            }
        }
    }

    /// I-11 / A-12: a loaded policy written back and loaded again decides every request the same.
    #[test]
    fn i11_round_trip_decides_the_same(case in strategies::access_case()) {
        let toml = Policy::from_toml(&case.policy.to_toml().unwrap()).unwrap();
        let json = Policy::from_json(&case.policy.to_json().unwrap()).unwrap();
        let principal = case.principal.as_principal();
        for verb in verbs_of(&case) {
            for record in &case.records {
                let r = record.as_resource();
                let want = case.policy.can(&principal, verb, &r);
                prop_assert_eq!(toml.can(&principal, verb, &r), want);
                prop_assert_eq!(json.can(&principal, verb, &r), want);
            }
        }
    }

    /// I-11: arbitrary text never makes the loader panic.
    #[test]
    fn i11_arbitrary_text_never_panics(text in ".{0,400}") {
        let _ = Policy::from_toml(&text);
        let _ = Policy::from_json(&text);
    }

    /// I-11: mutated valid documents give an error or a policy, never a panic; a policy that
    /// loads never allows more than a document that says so.
    #[test]
    fn i11_mutated_documents_never_panic(
        doc in strategies::policy_document(),
        cut in any::<prop::sample::Index>(),
        len in 0usize..40,
        insert in "[a-z\"=\\[\\]{},.* \n0-9-]{0,20}",
        json in any::<bool>(),
    ) {
        let text = if json { doc.to_json().unwrap() } else { doc.to_toml().unwrap() };
        let chars: Vec<char> = text.chars().collect();
        let at = cut.index(chars.len().max(1)).min(chars.len());
        let end = (at + len).min(chars.len());
        let mutated: String = chars[..at].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(chars[end..].iter()).collect();
        let loaded = if json { Policy::from_json(&mutated) } else { Policy::from_toml(&mutated) };
        if let Ok(policy) = loaded {
            // Whatever loaded is exactly what its own document says: it writes back the same.
            let again = Policy::from_toml(&policy.to_toml().unwrap()).unwrap();
            prop_assert_eq!(again.document(), policy.document());
        }
    }
}

//! Policies with many roles: generated custom roles beside the built-in ones.
//!
//! The largest size measured, 10,000 roles, is above the main crate's default limit of
//! 5,000 roles per policy (`PolicyLimits::DEFAULT`, T-5): [`with_roles`] compiles the grown
//! document with that one limit raised to the size asked for ([`limits_for`]), every other
//! limit left at its default.

use seatwise::{Actions, Limit, Policy, PolicyLimits, RoleSpec, Scope};

use crate::rng::Rng;
use crate::Error;

/// How many areas each generated role is granted something on.
pub const AREAS_PER_ROLE: usize = 6;

/// The default limits, with `Limit::Roles` raised to `total` when it is above the default.
pub fn limits_for(total: usize) -> PolicyLimits {
    let roles = PolicyLimits::DEFAULT.get(Limit::Roles).max(total);
    PolicyLimits::DEFAULT.with(Limit::Roles, roles)
}

/// `base` with custom roles added until it holds `total` roles, compiled with
/// [`limits_for`]`(total)` (10,000 roles exceed the default 5,000). Each custom role is granted,
/// on [`AREAS_PER_ROLE`] areas drawn from `seed`, a scope per verb: None, Exclusive, Team or
/// Full. Ranks stay below the owner's.
///
/// # Errors
///
/// When the grown document does not compile (it does).
pub fn with_roles(base: &Policy, total: usize, seed: u64) -> Result<Policy, Error> {
    let mut rng = Rng::new(seed);
    let areas: Vec<(String, Vec<Actions>)> = base
        .areas()
        .map(|a| {
            (
                a.name().to_owned(),
                a.actions().verbs().map(Actions::from).collect(),
            )
        })
        .collect();
    let mut doc = base.document().clone();
    let existing = base.roles().count();
    for i in existing..total {
        let mut role = RoleSpec::new(&format!("custom_{i:05}"), 1 + (i % 90) as u32)
            .label(&format!("Custom role {i}"));
        for _ in 0..AREAS_PER_ROLE {
            let (area, verbs) = rng.pick(&areas);
            for verb in verbs {
                let scope = match rng.below(10) {
                    0..=2 => Scope::None,
                    3..=5 => Scope::Exclusive,
                    6 => Scope::Team,
                    _ => Scope::Full,
                };
                role = role.grant(area, *verb, scope);
            }
        }
        doc = doc.role(role);
    }
    Ok(doc.compile_with(&limits_for(total))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t5_ten_thousand_roles_compile_with_the_roles_limit_raised() {
        let base = seatwise::presets::sales_scheduler().unwrap();
        // T-5: the default limit refuses the grown document …
        let mut doc = base.document().clone();
        for i in 0..5_001 {
            doc = doc.role(RoleSpec::new(&format!("r{i}"), 1));
        }
        assert!(doc.compile().is_err());
        // … the raised one takes it, and only `Roles` is raised.
        let grown = with_roles(&base, 10_000, 1).unwrap();
        assert_eq!(grown.roles().count(), 10_000);
        assert_eq!(limits_for(10_000).get(Limit::Roles), 10_000);
        assert_eq!(limits_for(4).get(Limit::Roles), 5_000);
        assert_eq!(
            limits_for(10_000).get(Limit::Areas),
            PolicyLimits::DEFAULT.get(Limit::Areas)
        );
    }
}

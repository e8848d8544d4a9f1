//! Policies with many roles: generated custom roles beside the built-in ones.

use seatwise::{Policy, RoleSpec, Scope};

use crate::rng::Rng;
use crate::Error;

/// How many areas each generated role is granted something on.
pub const AREAS_PER_ROLE: usize = 6;

/// `base` with custom roles added until it holds `total` roles. Each custom role is granted,
/// on [`AREAS_PER_ROLE`] areas drawn from `seed`, a scope per verb: None, Exclusive, Team or
/// Full. Ranks stay below the owner's.
///
/// # Errors
///
/// When the grown document does not compile (it does).
pub fn with_roles(base: &Policy, total: usize, seed: u64) -> Result<Policy, Error> {
    let mut rng = Rng::new(seed);
    let areas: Vec<(String, Vec<seatwise::Actions>)> = base
        .areas()
        .map(|a| (a.name().to_owned(), a.actions().verbs().collect()))
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
    Ok(doc.compile()?)
}

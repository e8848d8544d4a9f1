//! Validation and compilation of a policy document into lookup tables.

use std::collections::HashMap;
use std::sync::Arc;

use super::action::{Actions, ACTION_COUNT};
use super::document::{GrantSpec, PolicyDocument};
use super::error::PolicyError;
use super::ids::{AreaId, ExceptionId, RoleId};
use super::limits::{self, Limit, PolicyLimits};
use super::policy::{slot, AreaDef, Compiled, ExceptionDef, Masks, Policy, RoleDef};
use super::relation::Relation;
use super::scope::Scope;
use crate::PlanFeatures;

/// The area key that grants every verb of every area.
pub(crate) const WILDCARD: &str = "*";

fn check_name(what: &'static str, name: &str) -> Result<(), PolicyError> {
    let ok = !name.is_empty()
        && name.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' || c == '.'
        });
    if ok {
        Ok(())
    } else {
        Err(PolicyError::BadName {
            what,
            name: name.to_owned(),
        })
    }
}

/// Maps names to positions, refusing duplicates and bad names.
fn index_names<'d>(
    what: &'static str,
    names: impl Iterator<Item = &'d str>,
) -> Result<HashMap<&'d str, usize>, PolicyError> {
    let mut map = HashMap::new();
    for (i, name) in names.enumerate() {
        check_name(what, name)?;
        if map.insert(name, i).is_some() {
            return Err(PolicyError::Duplicate {
                what,
                name: name.to_owned(),
            });
        }
    }
    Ok(map)
}

/// Parses verb names that `area` must offer.
fn verbs(
    entry: &dyn Fn() -> String,
    area: &str,
    offered: Actions,
    names: &[String],
) -> Result<Actions, PolicyError> {
    let mut set = Actions::empty();
    for name in names {
        match Actions::named(name) {
            Some(verb) if offered.contains(verb) => set |= verb,
            _ => {
                return Err(PolicyError::UnknownAction {
                    entry: entry(),
                    area: area.to_owned(),
                    action: name.clone(),
                })
            }
        }
    }
    Ok(set)
}

fn relations(area: &str, names: &[String]) -> Result<Relation, PolicyError> {
    let mut set = Relation::empty();
    for name in names {
        match Relation::named(name) {
            Some(r) if r != Relation::TEAM => set |= r,
            _ => {
                return Err(PolicyError::UnknownRelation {
                    area: area.to_owned(),
                    relation: name.clone(),
                })
            }
        }
    }
    Ok(set)
}

fn area_id(
    areas: &HashMap<&str, usize>,
    entry: &dyn Fn() -> String,
    name: &str,
) -> Result<usize, PolicyError> {
    areas
        .get(name)
        .copied()
        .ok_or_else(|| PolicyError::UnknownArea {
            entry: entry(),
            area: name.to_owned(),
        })
}

/// The named area, and the verbs of it an entry names (declared and non-empty or not).
fn area_verbs<'a>(
    index: &HashMap<&str, usize>,
    areas: &'a mut [AreaDef],
    entry: &dyn Fn() -> String,
    area: &str,
    names: &[String],
) -> Result<(&'a mut AreaDef, Actions), PolicyError> {
    let position = area_id(index, entry, area)?;
    let def = areas
        .get_mut(position)
        .ok_or_else(|| PolicyError::UnknownArea {
            entry: entry(),
            area: area.to_owned(),
        })?;
    let set = verbs(entry, area, def.actions, names)?;
    Ok((def, set))
}

fn role_id(roles: &HashMap<&str, usize>, entry: &str, name: &str) -> Result<RoleId, PolicyError> {
    roles
        .get(name)
        .and_then(|i| RoleId::from_index(*i))
        .ok_or_else(|| PolicyError::UnknownRole {
            entry: entry.to_owned(),
            role: name.to_owned(),
        })
}

fn too_many(what: &'static str, count: usize) -> Result<(), PolicyError> {
    if count > usize::from(u16::MAX) {
        Err(PolicyError::TooMany { what, count })
    } else {
        Ok(())
    }
}

/// Compiles `doc` within `limits` (T-5): every count is checked before a table sized by it
/// is allocated, and each step is linear in the document or in the roles × areas tables.
pub(crate) fn compile(doc: &PolicyDocument, limits: &PolicyLimits) -> Result<Policy, PolicyError> {
    limits::check_document(doc, limits)?;
    too_many("areas", doc.areas.len())?;
    too_many("roles", doc.roles.len())?;
    too_many("exceptions", doc.exceptions.len())?;
    let area_index = index_names("area", doc.areas.iter().map(|a| a.name.as_str()))?;
    let role_index = index_names("role", doc.roles.iter().map(|r| r.name.as_str()))?;
    index_names("exception", doc.exceptions.iter().map(|e| e.name.as_str()))?;

    let mut areas = Vec::with_capacity(doc.areas.len());
    for spec in &doc.areas {
        let entry = || format!("area `{}`", spec.name);
        let offered = verbs(&entry, &spec.name, Actions::all(), &spec.actions)?;
        let default = relations(&spec.name, &spec.relations)?;
        let mut per_verb = [default; ACTION_COUNT];
        for (verb_name, names) in &spec.relations_by_action {
            let verb = verbs(&entry, &spec.name, offered, std::slice::from_ref(verb_name))?;
            let set = relations(&spec.name, names)?;
            if let Some(slot) = verb.index().and_then(|i| per_verb.get_mut(i)) {
                *slot = set;
            }
        }
        let requires = match &spec.requires {
            None => PlanFeatures::empty(),
            Some(name) => PlanFeatures::named(name).ok_or_else(|| PolicyError::UnknownFeature {
                area: spec.name.clone(),
                feature: name.clone(),
            })?,
        };
        areas.push(AreaDef {
            name: spec.name.clone(),
            label: spec.label.clone(),
            group: spec.group.clone(),
            actions: offered,
            relations: per_verb,
            requires,
            owner_only: Actions::empty(),
            floor: Masks::default(),
            floor_from: [None; ACTION_COUNT],
        });
    }

    let mut exceptions = Vec::with_capacity(doc.exceptions.len());
    for (i, spec) in doc.exceptions.iter().enumerate() {
        let entry = || format!("exception `{}`", spec.name);
        let (area, set) = area_verbs(&area_index, &mut areas, &entry, &spec.area, &spec.actions)?;
        if set.is_empty() || spec.scope == Scope::None {
            return Err(PolicyError::Empty { entry: entry() });
        }
        let id = ExceptionId::from_index(i);
        for verb in set.each() {
            if area.floor.scope(verb) < spec.scope {
                area.floor.set(verb, spec.scope);
                if let Some(slot) = verb.index().and_then(|v| area.floor_from.get_mut(v)) {
                    *slot = id;
                }
            }
        }
        exceptions.push(ExceptionDef {
            name: spec.name.clone(),
            reason: spec.reason.clone(),
        });
    }

    for spec in &doc.owner_only {
        let entry = || format!("owner-only rule on `{}`", spec.area);
        let (area, set) = area_verbs(&area_index, &mut areas, &entry, &spec.area, &spec.actions)?;
        if set.is_empty() {
            return Err(PolicyError::Empty { entry: entry() });
        }
        area.owner_only |= set;
    }

    let mut roles = Vec::with_capacity(doc.roles.len());
    for spec in &doc.roles {
        let parent = match &spec.parent {
            None => None,
            Some(parent) => Some(
                role_index
                    .get(parent.as_str())
                    .and_then(|i| RoleId::from_index(*i))
                    .ok_or_else(|| PolicyError::UnknownParent {
                        role: spec.name.clone(),
                        parent: parent.clone(),
                    })?,
            ),
        };
        roles.push(RoleDef {
            name: spec.name.clone(),
            label: spec.label.clone(),
            rank: spec.rank,
            parent,
            editable: spec.editable,
        });
    }
    let order = hierarchy_order(&roles, limits.get(Limit::InheritanceDepth))?;

    let width = areas.len();
    let slots = roles.len().checked_mul(width).ok_or(PolicyError::TooMany {
        what: "grants",
        count: usize::MAX,
    })?;
    let mut own = vec![Masks::default(); slots];
    for (r, spec) in doc.roles.iter().enumerate() {
        let entry = || format!("role `{}`", spec.name);
        for (area_name, grant) in &spec.grants {
            if area_name == WILDCARD {
                let GrantSpec::All(scope) = grant else {
                    return Err(PolicyError::WildcardPerAction {
                        role: spec.name.clone(),
                    });
                };
                for (a, area) in areas.iter().enumerate() {
                    if let Some(m) = slot(r, a, width).and_then(|s| own.get_mut(s)) {
                        m.raise(area.actions, *scope);
                    }
                }
                continue;
            }
            let a = area_id(&area_index, &entry, area_name)?;
            let offered = areas.get(a).map(|x| x.actions).unwrap_or_default();
            let Some(m) = slot(r, a, width).and_then(|s| own.get_mut(s)) else {
                continue;
            };
            match grant {
                GrantSpec::All(scope) => m.raise(offered, *scope),
                GrantSpec::PerAction(map) => {
                    for (verb_name, scope) in map {
                        let verb =
                            verbs(&entry, area_name, offered, std::slice::from_ref(verb_name))?;
                        m.raise(verb, *scope);
                    }
                }
            }
        }
    }

    // parents come before children in `order`, so each parent is final when read.
    let mut effective = own.clone();
    for role in order {
        let Some(parent) = roles.get(role).and_then(|r| r.parent) else {
            continue;
        };
        for a in 0..width {
            let from = slot(parent.index(), a, width)
                .and_then(|s| effective.get(s))
                .copied()
                .unwrap_or_default();
            if let Some(m) = slot(role, a, width).and_then(|s| effective.get_mut(s)) {
                *m = m.union(from);
            }
        }
    }

    let owner_role = role_id(&role_index, "`owner_role`", &doc.owner_role)?;
    let owner_rank = roles.get(owner_role.index()).map(|r| r.rank).unwrap_or(0);
    if let Some(higher) = roles.iter().find(|r| r.rank > owner_rank) {
        return Err(PolicyError::OwnerOutranked {
            owner_role: doc.owner_role.clone(),
            role: higher.name.clone(),
        });
    }
    let default_role = doc
        .default_role
        .as_deref()
        .map(|name| role_id(&role_index, "`default_role`", name))
        .transpose()?;
    let guest_role = doc
        .guest_role
        .as_deref()
        .map(|name| role_id(&role_index, "`guest_role`", name))
        .transpose()?;
    if let Some(guest) = guest_role {
        check_guest(guest, owner_role, &roles, &areas, &own, &effective)?;
    }
    let admin_area = match doc.admin_area.as_deref() {
        None => None,
        Some(name) => {
            let i = area_id(&area_index, &|| "`admin_area`".to_owned(), name)?;
            AreaId::from_index(i)
        }
    };

    // T-1: roles are named by stable keys; a collision would let one role's id name another.
    let role_keys: Vec<u64> = roles
        .iter()
        .map(|r| RoleId::key_of(&doc.name, &r.name))
        .collect();
    let mut key_slots = HashMap::with_capacity(role_keys.len());
    for (slot, key) in role_keys.iter().enumerate() {
        if key_slots.insert(*key, slot).is_some() {
            return Err(PolicyError::Duplicate {
                what: "role key",
                name: roles.get(slot).map(|r| r.name.clone()).unwrap_or_default(),
            });
        }
    }
    let keyed = |role: RoleId| {
        role_keys
            .get(role.index())
            .map(|key| RoleId::keyed(*key, role.index()))
    };
    let owner_role = keyed(owner_role).ok_or_else(|| PolicyError::UnknownRole {
        entry: "`owner_role`".to_owned(),
        role: doc.owner_role.clone(),
    })?;
    let default_role = default_role.and_then(keyed);
    let guest_role = guest_role.and_then(keyed);

    Ok(Policy {
        inner: Arc::new(Compiled {
            role_keys,
            key_slots,
            document: doc.clone(),
            areas,
            roles,
            exceptions,
            own,
            effective,
            owner_role,
            default_role,
            guest_role,
            admin_area,
        }),
    })
}

/// Role positions ordered so that every parent comes before its children; refuses cycles,
/// parents that are not lower and roles with more than `max_depth` ancestors (T-5).
///
/// Linear in the number of roles: each role's depth is computed once, from its parent's.
fn hierarchy_order(roles: &[RoleDef], max_depth: usize) -> Result<Vec<usize>, PolicyError> {
    let parent_of = |i: usize| roles.get(i).and_then(|r| r.parent).map(RoleId::index);
    let name_of = |i: usize| roles.get(i).map(|r| r.name.clone()).unwrap_or_default();
    // INVARIANT: `depth[i]` is set only once every ancestor of role `i` has its depth set
    // and is in `order`, so `order` lists parents before children.
    let mut depth: Vec<Option<usize>> = vec![None; roles.len()];
    let mut on_path = vec![false; roles.len()];
    let mut order = Vec::with_capacity(roles.len());
    let mut path = Vec::new();
    for start in 0..roles.len() {
        // Climb from `start` to a root or to the first ancestor whose depth is known.
        path.clear();
        let mut known_above: Option<usize> = None;
        let mut current = Some(start);
        while let Some(i) = current {
            if let Some(d) = depth.get(i).copied().flatten() {
                known_above = Some(d);
                break;
            }
            match on_path.get_mut(i) {
                Some(seen) if !*seen => *seen = true,
                _ => return Err(PolicyError::Cycle { role: name_of(i) }),
            }
            path.push(i);
            current = parent_of(i);
        }
        if path.is_empty() {
            continue;
        }
        // The highest role on the path sits just below the known ancestor, or is a root.
        let top = known_above.map_or(Some(0), |d| d.checked_add(1));
        let deepest = top.and_then(|t| t.checked_add(path.len().saturating_sub(1)));
        let deepest = deepest.unwrap_or(usize::MAX);
        if deepest > max_depth {
            return Err(PolicyError::LimitExceeded {
                limit: Limit::InheritanceDepth,
                max: max_depth,
                found: deepest,
                entry: format!("role `{}`", limits::shown(&name_of(start))),
            });
        }
        let mut d = top.unwrap_or(usize::MAX);
        for &i in path.iter().rev() {
            if let Some(slot) = depth.get_mut(i) {
                *slot = Some(d);
            }
            order.push(i);
            d = d.saturating_add(1);
        }
    }
    // Checked once cycles are ruled out, which would otherwise be reported as a rank error.
    for role in roles {
        if let Some(parent) = role.parent.and_then(|p| roles.get(p.index())) {
            if parent.rank >= role.rank {
                return Err(PolicyError::ParentNotLower {
                    role: role.name.clone(),
                    rank: role.rank,
                    parent: parent.name.clone(),
                    parent_rank: parent.rank,
                });
            }
        }
    }
    Ok(order)
}

/// T-6: guests hold the guest role, which must not be the owner's and may only view, whether
/// it grants the verbs itself, through `*` or through a parent.
fn check_guest(
    guest: RoleId,
    owner: RoleId,
    roles: &[RoleDef],
    areas: &[AreaDef],
    own: &[Masks],
    effective: &[Masks],
) -> Result<(), PolicyError> {
    let name_of = |role: RoleId| {
        roles
            .get(role.index())
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    if guest.index() == owner.index() {
        return Err(PolicyError::GuestIsOwner {
            role: name_of(guest),
        });
    }
    let width = areas.len();
    let held = |table: &[Masks], role: RoleId, a: usize, verb: Actions| {
        slot(role.index(), a, width)
            .and_then(|s| table.get(s))
            .is_some_and(|m| m.scope(verb) != Scope::None)
    };
    for (a, area) in areas.iter().enumerate() {
        // T-6, I-4: `view` and `present` only read; every other verb is a change.
        for verb in area.actions.intersection(Actions::changes()).each() {
            if !held(effective, guest, a, verb) {
                continue;
            }
            // The role in the guest's line of parents whose own grant gives the verb.
            let mut granted_by = guest;
            let mut current = Some(guest);
            for _ in 0..roles.len() {
                let Some(here) = current else { break };
                if held(own, here, a, verb) {
                    granted_by = here;
                    break;
                }
                current = roles.get(here.index()).and_then(|r| r.parent);
            }
            return Err(PolicyError::GuestMayChange {
                role: name_of(guest),
                area: area.name.clone(),
                action: verb.name().unwrap_or_default().to_owned(),
                granted_by: name_of(granted_by),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AreaSpec, RoleSpec};

    fn tree(parents: &[Option<usize>]) -> PolicyDocument {
        let mut doc = PolicyDocument::new("t", "r0").area(AreaSpec::new("a", Actions::VIEW));
        for (i, parent) in parents.iter().enumerate() {
            // Lower index, higher rank: parents (of higher index) are lower.
            let rank = u32::try_from(1_000usize.saturating_sub(i)).unwrap();
            let mut role = RoleSpec::new(&format!("r{i}"), rank);
            if let Some(p) = parent {
                role = role.parent(&format!("r{p}"));
            }
            doc = doc.role(role);
        }
        doc
    }

    #[test]
    fn t5_tables_hold_exactly_roles_times_areas_cells() {
        let policy = crate::presets::sales_scheduler().unwrap();
        let cells = policy.inner.roles.len() * policy.inner.areas.len();
        assert_eq!(policy.inner.own.len(), cells);
        assert_eq!(policy.inner.effective.len(), cells);
    }

    #[test]
    fn a6_hierarchy_order_puts_parents_first_and_counts_depth() {
        // r0 -> r1 -> r3 -> r4 and r2 -> r4 (child -> parent).
        let doc = tree(&[Some(1), Some(3), Some(4), Some(4), None]);
        let policy = doc.compile().unwrap();
        let order = hierarchy_order(&policy.inner.roles, 3).unwrap();
        assert_eq!(order.len(), 5);
        let position = |r: usize| order.iter().position(|x| *x == r).unwrap();
        for (i, role) in policy.inner.roles.iter().enumerate() {
            if let Some(p) = role.parent {
                assert!(position(p.index()) < position(i), "{i} after its parent");
            }
        }
        // r0 has 3 ancestors (r1, r3, r4).
        let err = hierarchy_order(&policy.inner.roles, 2).unwrap_err();
        assert!(matches!(
            err,
            PolicyError::LimitExceeded {
                limit: Limit::InheritanceDepth,
                max: 2,
                found: 3,
                ..
            }
        ));
    }
}

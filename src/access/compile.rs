//! Validation and compilation of a policy document into lookup tables.

use std::collections::HashMap;
use std::sync::Arc;

use super::action::{Actions, ACTION_COUNT};
use super::document::{GrantSpec, PolicyDocument};
use super::error::PolicyError;
use super::ids::{AreaId, ExceptionId, RoleId};
use super::policy::{slot, AreaDef, Compiled, ExceptionDef, Masks, Policy, RoleDef};
use super::relation::Relation;
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

pub(crate) fn compile(doc: &PolicyDocument) -> Result<Policy, PolicyError> {
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
        if set.is_empty() || spec.scope == super::scope::Scope::None {
            return Err(PolicyError::Empty { entry: entry() });
        }
        let id = ExceptionId::from_index(i);
        for verb in set.verbs() {
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
    let order = hierarchy_order(&roles)?;

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

/// Role positions ordered so that every parent comes before its children; refuses cycles
/// and parents that are not lower.
fn hierarchy_order(roles: &[RoleDef]) -> Result<Vec<usize>, PolicyError> {
    let mut depth = vec![0usize; roles.len()];
    for (i, role) in roles.iter().enumerate() {
        let mut steps = 0usize;
        let mut current = role.parent;
        while let Some(parent) = current {
            if parent.index() == i || steps >= roles.len() {
                return Err(PolicyError::Cycle {
                    role: role.name.clone(),
                });
            }
            let Some(def) = roles.get(parent.index()) else {
                break;
            };
            steps = steps.saturating_add(1);
            current = def.parent;
        }
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
        if let Some(slot) = depth.get_mut(i) {
            *slot = steps;
        }
    }
    let mut order: Vec<usize> = (0..roles.len()).collect();
    order.sort_by_key(|i| depth.get(*i).copied().unwrap_or(0));
    Ok(order)
}

//! The seatwise policy read back as coverage terms: the common ground both translations are
//! written from.
//!
//! For a role, an area and a verb, seatwise allows when the principal is active, the area
//! offers the verb, the plan has the area's feature, the owner-only rule is met, a guest only
//! reads (`view`, `present`; I-4), the scope covers the record (Full: every record; Exclusive:
//! records the user is tied to through the verb's relations; Team: those plus records of the
//! user's teams) and, for every verb but `view`, the record is also visible (SS-12 with the
//! amended SS-10): the view grant covers it, or the view grant is not None and the record is
//! tied to the user by one of the relations the area declares for *that* verb (an Exclusive
//! closer opens the settings of an event she created though she does not host it). A declared
//! exception gives every active member (not guests) a floor scope.
//!
//! Coverage is expressed as a disjunction of [`Term`]s: `[Any]` covers every record, an empty
//! list covers none. Because Full ⊇ Team ⊇ Exclusive ⊇ None with the same relations (I-2),
//! the union of two term lists is the coverage of the wider scope, which is what seatwise's
//! `max(role grant, exception floor)` computes.

use seatwise::{Actions, AreaId, PlanFeatures, Policy, Relation, RoleId, Scope, Verb};

use crate::Error;

/// The seatwise `Verb` of a one-verb set (the translations keep verbs as `Actions` sets).
pub fn one(verb: Actions) -> Verb {
    Verb::try_from(verb).expect("one verb")
}

/// One way a record can be covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Term {
    /// Every record (Full scope).
    Any,
    /// The user is the record's owner.
    Owner,
    /// The user is one of the record's hosts.
    Host,
    /// The user created the record.
    Creator,
    /// The record is assigned to the user.
    Assignee,
    /// The record belongs to one of the user's teams (Team scope).
    Team,
}

impl Term {
    /// The name used in casbin policy lines.
    pub fn name(self) -> &'static str {
        match self {
            Term::Any => "any",
            Term::Owner => "owner",
            Term::Host => "host",
            Term::Creator => "creator",
            Term::Assignee => "assignee",
            Term::Team => "team",
        }
    }
}

/// A disjunction of terms, sorted and without duplicates; `[Any]` alone when it covers all.
pub type Terms = Vec<Term>;

/// The terms a scope reaches through `relations`.
pub fn terms(scope: Scope, relations: Relation) -> Terms {
    let mut out = Vec::new();
    match scope {
        Scope::None => {}
        Scope::Full => out.push(Term::Any),
        Scope::Exclusive | Scope::Team => {
            for (flag, term) in [
                (Relation::OWNER, Term::Owner),
                (Relation::HOST, Term::Host),
                (Relation::CREATOR, Term::Creator),
                (Relation::ASSIGNEE, Term::Assignee),
            ] {
                if relations.contains(flag) {
                    out.push(term);
                }
            }
            if scope == Scope::Team {
                out.push(Term::Team);
            }
        }
    }
    out
}

/// The union of two disjunctions.
pub fn union(a: &[Term], b: &[Term]) -> Terms {
    let mut out: Terms = a.iter().chain(b).copied().collect();
    if out.contains(&Term::Any) {
        return vec![Term::Any];
    }
    out.sort();
    out.dedup();
    out
}

/// An area as the translations need it.
#[derive(Debug, Clone)]
pub struct AreaModel {
    /// The seatwise id.
    pub id: AreaId,
    /// Machine name.
    pub name: String,
    /// The verbs offered, in bit order.
    pub verbs: Vec<Actions>,
    /// Verbs only the owner may take (SS-3).
    pub owner_only: Actions,
    /// The plan features the area needs.
    pub requires: PlanFeatures,
    /// What the area's declared exceptions give every active member, per verb.
    pub floors: Vec<(Actions, Terms, String)>,
    /// Whether an exception gives every active member a `view` scope other than None:
    /// then a member's view grant is never None on this area, which the amended SS-10 asks.
    pub view_floor: bool,
}

impl AreaModel {
    /// The exception floor for `verb`, with the exception's name.
    pub fn floor(&self, verb: Actions) -> Option<(&Terms, &str)> {
        self.floors
            .iter()
            .find(|(v, _, _)| *v == verb)
            .map(|(_, t, n)| (t, n.as_str()))
    }
}

/// Who a grant is for. Guests get no exception floor and only read (I-4), so a read
/// verb other than `view` (`present`) can need one condition for members and another for
/// guests; every other grant is the same for both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    /// Members and guests alike (guests are still refused changes by the shared I-4 rule).
    Anyone,
    /// Members only.
    Members,
    /// Guests only.
    Guests,
}

/// One permitted (role, area, verb), with the coverage it needs.
#[derive(Debug, Clone)]
pub struct Grant {
    /// Index into [`Model::areas`].
    pub area: usize,
    /// One verb.
    pub verb: Actions,
    /// Who the grant is for.
    pub audience: Audience,
    /// The record must be covered by one of these for the verb…
    pub terms: Terms,
    /// …and, for every verb but `view`, be visible (SS-12, amended SS-10): covered by one of
    /// these, the role's `view` coverage together with the relations the area declares for the
    /// verb. `[Any]` when the verb's terms already imply visibility. `None` for `view`.
    pub view_terms: Option<Terms>,
}

/// A role and everything it is granted, inherited grants included (A-6 is flattened).
#[derive(Debug, Clone)]
pub struct RoleModel {
    /// The seatwise id.
    pub id: RoleId,
    /// Machine name.
    pub name: String,
    /// The grants, area by area, verbs in bit order.
    pub grants: Vec<Grant>,
}

/// A whole policy, ready to be written out for a peer.
#[derive(Debug, Clone)]
pub struct Model {
    /// Areas in policy order.
    pub areas: Vec<AreaModel>,
    /// Roles in policy order.
    pub roles: Vec<RoleModel>,
}

impl Model {
    /// Reads a compiled policy back through seatwise's public API.
    ///
    /// # Errors
    ///
    /// When a declared exception names an area or verb the policy does not have (cannot
    /// happen for a compiled policy).
    pub fn from_policy(policy: &Policy) -> Result<Model, Error> {
        let mut areas = Vec::new();
        for info in policy.areas() {
            // A verb other than `view` needs the record visible, so a non-owner who may not
            // view (owner-only `view`, SS-3) may not take any verb of the area either.
            let owner_only = if info.owner_only().contains(Actions::VIEW) {
                info.actions()
            } else {
                info.owner_only()
            };
            areas.push(AreaModel {
                id: info.id(),
                name: info.name().to_owned(),
                verbs: info.actions().verbs().map(Actions::from).collect(),
                owner_only,
                requires: info.requires(),
                floors: Vec::new(),
                view_floor: false,
            });
        }
        // exceptions are data in the document; the compiled policy keeps the widest.
        for spec in &policy.document().exceptions {
            let index = areas
                .iter()
                .position(|a| a.name == spec.area)
                .ok_or_else(|| format!("exception `{}` names no area", spec.name))?;
            let info = policy
                .area_info(areas[index].id)
                .ok_or("area vanished from the policy")?;
            for verb_name in &spec.actions {
                let verb = Actions::named(verb_name)
                    .ok_or_else(|| format!("exception `{}`: verb `{verb_name}`", spec.name))?;
                let t = terms(spec.scope, info.relations(one(verb)));
                let area = &mut areas[index];
                if verb == Actions::VIEW && spec.scope != Scope::None {
                    area.view_floor = true;
                }
                match area.floors.iter_mut().find(|(v, _, _)| *v == verb) {
                    Some(existing) => existing.1 = union(&existing.1, &t),
                    None => area.floors.push((verb, t, spec.name.clone())),
                }
            }
        }

        let mut roles = Vec::new();
        for role in policy.roles() {
            let mut grants = Vec::new();
            for (index, area) in areas.iter().enumerate() {
                let info = policy.area_info(area.id).ok_or("area vanished")?;
                let coverage = |verb: Actions| {
                    terms(
                        policy.scope_of(role.id(), area.id, one(verb)),
                        info.relations(one(verb)),
                    )
                };
                let floor =
                    |verb: Actions| area.floor(verb).map(|(t, _)| t.clone()).unwrap_or_default();
                let view_scope = policy.scope_of(role.id(), area.id, Verb::VIEW);
                for &verb in &area.verbs {
                    if verb == Actions::VIEW {
                        // The view floor is its own role-independent rule, for members only.
                        let t = coverage(verb);
                        if !t.is_empty() {
                            grants.push(Grant {
                                area: index,
                                verb,
                                audience: Audience::Anyone,
                                terms: t,
                                view_terms: None,
                            });
                        }
                        continue;
                    }
                    // Members: the exception floors count, for the verb and for `view`.
                    let member = condition(
                        union(&coverage(verb), &floor(verb)),
                        view_scope != Scope::None || area.view_floor,
                        union(&coverage(Actions::VIEW), &floor(Actions::VIEW)),
                        info.relations(one(verb)),
                    );
                    // Guests (I-4: reads only, `present`): the role's own grants alone.
                    let guest = if Actions::reads().contains(verb) {
                        condition(
                            coverage(verb),
                            view_scope != Scope::None,
                            coverage(Actions::VIEW),
                            info.relations(one(verb)),
                        )
                    } else {
                        None
                    };
                    let split = match (member, guest) {
                        (m, g) if Actions::reads().contains(verb) && m == g => {
                            vec![(Audience::Anyone, m)]
                        }
                        (m, g) => vec![(Audience::Members, m), (Audience::Guests, g)],
                    };
                    for (audience, found) in split {
                        let Some((t, v)) = found else {
                            continue;
                        };
                        // A change is for members anyway (the shared I-4 rule refuses guests).
                        let audience =
                            if audience == Audience::Members && !Actions::reads().contains(verb) {
                                Audience::Anyone
                            } else {
                                audience
                            };
                        grants.push(Grant {
                            area: index,
                            verb,
                            audience,
                            terms: t,
                            view_terms: Some(v),
                        });
                    }
                }
            }
            roles.push(RoleModel {
                id: role.id(),
                name: role.name().to_owned(),
                grants,
            });
        }
        Ok(Model { areas, roles })
    }
}

/// The coverage of a verb other than `view` (`verb_terms`), and what makes the record visible
/// for it (SS-12 with the amended SS-10): nothing when the view grant is None (`may_view`
/// false), else the view coverage or a relation the area declares for the verb. `None` when
/// no record can be covered; the visibility is `[Any]` when the verb's coverage implies it.
fn condition(
    verb_terms: Terms,
    may_view: bool,
    view_terms: Terms,
    verb_relations: Relation,
) -> Option<(Terms, Terms)> {
    if verb_terms.is_empty() || !may_view {
        return None;
    }
    let visible = union(&view_terms, &terms(Scope::Exclusive, verb_relations));
    if visible.is_empty() {
        return None;
    }
    let view_terms = if visible == [Term::Any] || verb_terms.iter().all(|t| visible.contains(t)) {
        vec![Term::Any]
    } else {
        visible
    };
    Some((verb_terms, view_terms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_of_full_is_full_and_sorted_otherwise() {
        assert_eq!(union(&[Term::Host], &[Term::Any]), vec![Term::Any]);
        assert_eq!(
            union(&[Term::Host, Term::Owner], &[Term::Owner]),
            vec![Term::Owner, Term::Host]
        );
        assert!(union(&[], &[]).is_empty());
    }

    #[test]
    fn exclusive_without_relations_covers_nothing() {
        assert!(terms(Scope::Exclusive, Relation::empty()).is_empty());
        assert_eq!(terms(Scope::Team, Relation::empty()), vec![Term::Team]);
    }

    #[test]
    fn sales_scheduler_reads_back() {
        let policy = seatwise::presets::sales_scheduler().unwrap();
        let model = Model::from_policy(&policy).unwrap();
        assert_eq!(model.roles.len(), 4);
        let contacts = model.areas.iter().find(|a| a.name == "contacts").unwrap();
        assert_eq!(contacts.floor(Actions::VIEW).unwrap().0, &vec![Term::Any]);
        let billing = model.areas.iter().find(|a| a.name == "billing").unwrap();
        assert_eq!(billing.owner_only, Actions::EDIT | Actions::MANAGE);
        let closer = model.roles.iter().find(|r| r.name == "closer").unwrap();
        let events = model.areas.iter().position(|a| a.name == "events").unwrap();
        let edit = closer
            .grants
            .iter()
            .find(|g| g.area == events && g.verb == Actions::EDIT)
            .unwrap();
        // SS-10 (amended) + SS-12: edit needs creator; being the creator also makes the event
        // visible for its settings, hosting or not.
        assert_eq!(edit.terms, vec![Term::Creator]);
        assert_eq!(edit.view_terms, Some(vec![Term::Any]));
        assert_eq!(edit.audience, Audience::Anyone);
        // Same relation for edit and view: visibility is implied.
        let scheduled = model
            .areas
            .iter()
            .position(|a| a.name == "scheduled_events")
            .unwrap();
        let edit = closer
            .grants
            .iter()
            .find(|g| g.area == scheduled && g.verb == Actions::EDIT)
            .unwrap();
        assert_eq!(edit.view_terms, Some(vec![Term::Any]));
    }

    #[test]
    fn ss10_amended_visibility_adds_the_verbs_relations() {
        // SS-10: Full edit, Exclusive view through `host`, edit related through `creator`:
        // visible when hosting or when created.
        let (t, v) = condition(vec![Term::Any], true, vec![Term::Host], Relation::CREATOR).unwrap();
        assert_eq!(t, vec![Term::Any]);
        assert_eq!(v, vec![Term::Host, Term::Creator]);
        // A view grant of None hides everything, whatever the relations.
        assert!(condition(vec![Term::Any], false, vec![], Relation::CREATOR).is_none());
        // Exclusive view without view relations still lets the verb's relation through.
        let (_, v) =
            condition(vec![Term::Team, Term::Owner], true, vec![], Relation::OWNER).unwrap();
        assert_eq!(v, vec![Term::Owner]);
    }

    #[test]
    fn owner_only_view_makes_every_verb_owner_only() {
        // SS-3 + SS-12: a non-owner who may not view may not edit either.
        use seatwise::{AreaSpec, PolicyDocument, RoleSpec};
        let policy = PolicyDocument::new("t", "boss")
            .area(AreaSpec::new("notes", Actions::VIEW | Actions::EDIT))
            .owner_only("notes", Actions::VIEW)
            .role(RoleSpec::new("boss", 2).grant_all("notes", Scope::Full))
            .compile()
            .unwrap();
        let model = Model::from_policy(&policy).unwrap();
        assert_eq!(model.areas[0].owner_only, Actions::VIEW | Actions::EDIT);
    }
}

//! The evaluator: `can(principal, action, resource)` (A-1 … A-5, A-8, U-1).
//!
//! A check is a handful of table reads and comparisons; nothing is allocated.

use super::action::Actions;
use super::decision::{Allow, Decision, Deny};
use super::ids::{AreaId, ExceptionId, RoleId};
use super::policy::{AreaDef, Policy};
use super::principal::{MemberKind, Principal, Standing};
use super::relation::Relation;
use super::resource::Resource;
use super::scope::Scope;
use super::verb::Verb;

/// Where a grant comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Source {
    Role,
    Exception(ExceptionId),
}

/// What a principal holds for one verb on one area, before any record is looked at.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Effective {
    pub(crate) role: RoleId,
    pub(crate) scope: Scope,
    pub(crate) source: Source,
    /// Relations that make a record "own" for this verb (A-4).
    pub(crate) relations: Relation,
}

impl Policy {
    /// Decides whether `principal` may take `action` (exactly one verb) on `resource`, and why.
    ///
    /// `action` must be exactly one verb the area offers: a set of several verbs
    /// (`VIEW | MANAGE`), an empty set or a verb the area lacks is denied as
    /// [`Deny::UnknownAction`], never allowed. [`Policy::permission`] checks the verb against
    /// the area once, up front, and [`Policy::check`] takes the result: prefer it.
    ///
    /// Default deny ([A-1]): strangers, pending and removed users, unknown areas and verbs
    /// are denied. Every verb but `VIEW` also needs the record to be visible ([SS-12]): the
    /// view grant reaches it, or — when the user may view the area at all — the record is tied
    /// to the user by a relation the area declares for that verb ([A-4], [SS-10]: the creator
    /// of an event opens its settings without hosting it).
    ///
    /// [A-1]: crate::rules#a-1-default-deny
    /// [A-4]: crate::rules#a-4-relations-per-verb
    /// [SS-10]: crate::rules#ss-10-events
    /// [SS-12]: crate::rules#ss-12-delete
    ///
    /// ```
    /// use seatwise::{Verb, presets, Actions, Principal, Resource, UserId};
    /// let policy = presets::sales_scheduler()?;
    /// let setter = policy.role("setter")?;
    /// let calls = policy.area("scheduled_events")?;
    /// let sam = UserId::new(1);
    /// let principal = Principal::member(sam, setter);
    /// let others_call = [UserId::new(2)];
    /// let call = Resource::new(calls).hosted_by(&others_call);
    /// assert!(policy.can(&principal, Verb::VIEW, &call).is_allowed()); // SS-6: Full
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn can(&self, principal: &Principal<'_>, verb: Verb, resource: &Resource<'_>) -> Decision {
        let action = verb.actions();
        let area = resource.area();
        // The role is resolved once (T-1), for the verb and for the visibility check.
        let acting = match self.acting(principal) {
            Ok(acting) => acting,
            Err(deny) => return Decision::Deny(deny),
        };
        let effective = match self.effective_for(principal, acting, action, area) {
            Ok(effective) => effective,
            Err(deny) => return Decision::Deny(deny),
        };
        let relation = match covers(&effective, principal, resource) {
            Some(relation) => relation,
            None => {
                return Decision::Deny(not_covered(&effective, area, action));
            }
        };
        if action != Actions::VIEW {
            // SS-12: acting on a record needs seeing it first. SS-10: a relation that makes
            // the record "own" for this verb also makes it visible for this verb, as long as
            // the user may see anything of the area at all.
            let visible = self
                .effective_for(principal, acting, Actions::VIEW, area)
                .ok()
                .is_some_and(|view| visible_for(&view, &effective, principal, resource));
            if !visible {
                return Decision::Deny(Deny::NotVisible {
                    role: effective.role,
                    area,
                    action,
                });
            }
        }
        Decision::Allow(match effective.source {
            Source::Role => Allow::Grant {
                role: effective.role,
                area,
                action,
                scope: effective.scope,
                relation,
            },
            Source::Exception(exception) => Allow::Exception {
                exception,
                area,
                action,
            },
        })
    }

    /// The boolean twin of [`can`](Self::can), for hot paths.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Principal, Resource, UserId, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let carla = UserId::new(1);
    /// let closer = Principal::member(carla, policy.role("closer")?);
    /// let calls = policy.area("scheduled_events")?;
    /// let (mine, theirs) = ([carla], [UserId::new(2)]);
    /// // SS-9: Exclusive scope reaches only the calls she hosts; same answer as `can`.
    /// assert!(policy.is_allowed(&closer, Verb::VIEW, &Resource::new(calls).hosted_by(&mine)));
    /// assert!(!policy.is_allowed(&closer, Verb::VIEW, &Resource::new(calls).hosted_by(&theirs)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn is_allowed(
        &self,
        principal: &Principal<'_>,
        verb: Verb,
        resource: &Resource<'_>,
    ) -> bool {
        self.can(principal, verb, resource).is_allowed()
    }

    pub(crate) fn area_def(&self, area: AreaId) -> Option<&AreaDef> {
        self.inner.areas.get(area.index())
    }

    /// Everything a check decides before looking at the record: standing, role, area,
    /// verb, plan feature, owner-only, guest, then the widest grant of role or exception.
    pub(crate) fn effective(
        &self,
        principal: &Principal<'_>,
        action: Actions,
        area: AreaId,
    ) -> Result<Effective, Deny> {
        let acting = self.acting(principal)?;
        self.effective_for(principal, acting, action, area)
    }

    /// The principal's standing checked, and its role with where it sits in this policy
    /// (`None` for a role this policy did not issue, T-1).
    #[inline]
    fn acting(&self, principal: &Principal<'_>) -> Result<(RoleId, Option<usize>), Deny> {
        match principal.standing() {
            Standing::Active => {}
            Standing::Pending => return Err(Deny::InvitePending),
            Standing::Removed => return Err(Deny::Removed),
            Standing::Stranger => return Err(Deny::NotMember),
        }
        let role = principal.role().ok_or(Deny::NotMember)?;
        Ok((role, self.slot_of(role)))
    }

    #[inline]
    fn effective_for(
        &self,
        principal: &Principal<'_>,
        (role, slot): (RoleId, Option<usize>),
        action: Actions,
        area: AreaId,
    ) -> Result<Effective, Deny> {
        let def = self.area_def(area).ok_or(Deny::UnknownArea)?;
        let masks = slot
            .and_then(|slot| self.masks_at(slot, area))
            .ok_or(Deny::UnknownRole)?;
        let index = match action.index() {
            Some(index) if def.actions.contains(action) => index,
            _ => return Err(Deny::UnknownAction { area, action }),
        };
        if !principal.plan().contains(def.requires) {
            return Err(Deny::PlanLacksFeature {
                area,
                feature: def.requires.difference(principal.plan()),
            });
        }
        if def.owner_only.contains(action) && !principal.is_owner() {
            return Err(Deny::OwnerOnly);
        }
        // I-4: guests only read (view, present).
        if principal.kind() == MemberKind::Guest && action.is_change() {
            return Err(Deny::GuestReadOnly);
        }
        let relations = def.relations.get(index).copied().unwrap_or_default();
        let granted = masks.scope(action);
        let floor = def.floor.scope(action);
        let from_exception = def.floor_from.get(index).copied().flatten();
        match from_exception {
            Some(exception) if principal.kind() == MemberKind::Member && floor > granted => {
                Ok(Effective {
                    role,
                    scope: floor,
                    source: Source::Exception(exception),
                    relations,
                })
            }
            _ => Ok(Effective {
                role,
                scope: granted,
                source: Source::Role,
                relations,
            }),
        }
    }
}

/// Whether the grant reaches the record, and through which relation (A-2).
pub(crate) fn covers(
    effective: &Effective,
    principal: &Principal<'_>,
    resource: &Resource<'_>,
) -> Option<Relation> {
    match effective.scope {
        Scope::None => None,
        Scope::Full => Some(Relation::empty()),
        Scope::Exclusive | Scope::Team => {
            let related = resource.relations_of(principal.user(), effective.relations);
            if !related.is_empty() {
                Some(related)
            } else if effective.scope == Scope::Team && resource.shares_team(principal.teams()) {
                Some(Relation::TEAM)
            } else {
                None
            }
        }
    }
}

/// Whether the record is visible for the verb of `verb` (SS-10, SS-12): the view grant
/// reaches it, or the view grant is not `None` and the record is tied to the user by one of
/// the relations the area declares for that verb. [`ListFilter`](super::ListFilter) builds
/// the same condition (I-10).
pub(crate) fn visible_for(
    view: &Effective,
    verb: &Effective,
    principal: &Principal<'_>,
    resource: &Resource<'_>,
) -> bool {
    view.scope != Scope::None
        && (covers(view, principal, resource).is_some()
            || !resource
                .relations_of(principal.user(), verb.relations)
                .is_empty())
}

fn not_covered(effective: &Effective, area: AreaId, action: Actions) -> Deny {
    if effective.scope == Scope::None {
        Deny::NoGrant {
            role: effective.role,
            area,
            action,
        }
    } else {
        Deny::NotRelated {
            role: effective.role,
            area,
            action,
            scope: effective.scope,
        }
    }
}

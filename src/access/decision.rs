//! Decisions and their reasons (A-8, U-1).

use crate::Verb;
use std::fmt;

use super::action::Actions;
use super::ids::{AreaId, ExceptionId, RoleId};
use super::policy::Policy;
use super::relation::Relation;
use super::scope::Scope;
use crate::PlanFeatures;

/// The answer to a check: allowed or denied, and why (A-8). Small, `Copy`, never allocated.
///
/// ```
/// use seatwise::{Verb, presets, Actions, Decision, Deny, Principal, Resource, UserId};
/// let policy = presets::sales_scheduler()?;
/// let closer = policy.role("closer")?;
/// let deals = policy.area("deals")?;
/// let ana = Principal::member(UserId::new(1), closer);
/// let decision = policy.can(&ana, Verb::EXPORT, &Resource::new(deals));
/// assert!(matches!(decision, Decision::Deny(Deny::NoGrant { .. })));
/// println!("{}", decision.explain(&policy)); // denied: role `closer` has no grant to export `deals`
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Decision {
    /// Allowed, with the grant that allowed it.
    Allow(Allow),
    /// Denied, with what was missing.
    Deny(Deny),
}

/// Why a check was allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allow {
    /// A grant of the principal's role (or one it inherits) covers the record.
    Grant {
        /// The principal's role.
        role: RoleId,
        /// The area.
        area: AreaId,
        /// The verb.
        action: Actions,
        /// The scope of the grant.
        scope: Scope,
        /// How the user is tied to the record: empty for Full, `TEAM` when a team matched.
        relation: Relation,
    },
    /// A declared exception covers the record (A-5).
    Exception {
        /// The exception.
        exception: ExceptionId,
        /// The area.
        area: AreaId,
        /// The verb.
        action: Actions,
    },
}

/// Why a check was denied. Deliberately exhaustive, so callers can match every case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deny {
    /// The user is not part of the workspace (A-1).
    NotMember,
    /// The user has not accepted the invitation yet (M-2).
    InvitePending,
    /// The user was removed (M-7).
    Removed,
    /// The principal's role is not in this policy.
    UnknownRole,
    /// The area is not in this policy (A-1).
    UnknownArea,
    /// The area does not offer this verb, or not exactly one verb was asked (A-1).
    UnknownAction {
        /// The area.
        area: AreaId,
        /// The verb or verbs asked.
        action: Actions,
    },
    /// The workspace's plan lacks a feature the area needs (A-11).
    PlanLacksFeature {
        /// The area.
        area: AreaId,
        /// The missing features.
        feature: PlanFeatures,
    },
    /// Only the workspace owner may do this (SS-3).
    OwnerOnly,
    /// Guests are read-only (DS-3, I-4).
    GuestReadOnly,
    /// The role has no grant for this verb on this area.
    NoGrant {
        /// The role.
        role: RoleId,
        /// The area.
        area: AreaId,
        /// The verb.
        action: Actions,
    },
    /// The grant's scope does not reach this record: the user is not related to it.
    NotRelated {
        /// The role.
        role: RoleId,
        /// The area.
        area: AreaId,
        /// The verb.
        action: Actions,
        /// The scope the role holds.
        scope: Scope,
    },
    /// The user may not see the record, so may not act on it (SS-12).
    NotVisible {
        /// The role.
        role: RoleId,
        /// The area.
        area: AreaId,
        /// The verb.
        action: Actions,
    },
    /// The role to give is above the actor's own (A-7).
    Escalation {
        /// The role that would be given.
        role: RoleId,
    },
    /// The target user's role is above the actor's (A-7).
    TargetOutranks {
        /// The target's role.
        role: RoleId,
    },
    /// The owner cannot be removed or have their role changed, only replaced by a
    /// transfer of ownership (A-7).
    OwnerProtected,
    /// A [`Permission`](crate::Permission) of one area was checked on a record of another.
    WrongArea {
        /// The permission's area.
        permission: AreaId,
        /// The record's area.
        record: AreaId,
    },
}

impl Decision {
    /// Whether the action is allowed.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Principal, Resource, UserId, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let closer = Principal::member(UserId::new(1), policy.role("closer")?);
    /// let contact = Resource::new(policy.area("contacts")?).owned_by(UserId::new(2));
    /// assert!(policy.can(&closer, Verb::VIEW, &contact).is_allowed()); // SS-4: every contact
    /// assert!(!policy.can(&closer, Verb::DELETE, &contact).is_allowed()); // SS-5
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allow(_))
    }

    /// The reason for a denial, if denied.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Deny, Principal, Resource, Standing, UserId, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let closer = policy.role("closer")?;
    /// let contact = Resource::new(policy.area("contacts")?);
    /// let invited = Principal::member(UserId::new(1), closer).with_standing(Standing::Pending);
    /// // A-1: a pending invitee is allowed nothing, and the reason says why.
    /// assert_eq!(policy.can(&invited, Verb::VIEW, &contact).denial(), Some(Deny::InvitePending));
    /// let active = Principal::member(UserId::new(1), closer);
    /// assert_eq!(policy.can(&active, Verb::VIEW, &contact).denial(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn denial(&self) -> Option<Deny> {
        match self {
            Decision::Allow(_) => None,
            Decision::Deny(deny) => Some(*deny),
        }
    }

    /// A sentence for people, with the names from `policy`.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Principal, Resource, UserId, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let closer = Principal::member(UserId::new(1), policy.role("closer")?);
    /// let contact = Resource::new(policy.area("contacts")?).owned_by(UserId::new(2));
    /// let decision = policy.can(&closer, Verb::EXPORT, &contact); // SS-5: closers do not export
    /// assert!(decision.explain(&policy).to_string().starts_with("denied: "));
    /// assert!(decision.explain(&policy).to_string().contains("`contacts`"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain<'p>(&self, policy: &'p Policy) -> Explanation<'p> {
        Explanation {
            decision: *self,
            policy,
        }
    }
}

/// The reason in general words; [`Decision::explain`] names the role and area.
impl fmt::Display for Deny {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Deny::NotMember => "the user is not a member of the workspace",
            Deny::InvitePending => "the user has not accepted the invitation",
            Deny::Removed => "the user was removed from the workspace",
            Deny::UnknownRole => "the role is not in the policy",
            Deny::UnknownArea => "the area is not in the policy",
            Deny::UnknownAction { .. } => "the area does not offer this action",
            Deny::PlanLacksFeature { .. } => "the plan lacks a feature this needs",
            Deny::OwnerOnly => "only the workspace owner may do this",
            Deny::GuestReadOnly => "guests have read-only access",
            Deny::NoGrant { .. } => "the role has no grant for this",
            Deny::NotRelated { .. } => "the role's scope does not reach this record",
            Deny::NotVisible { .. } => "the user cannot see this record",
            Deny::Escalation { .. } => "the role is above the actor's own",
            Deny::TargetOutranks { .. } => "the target user's role is above the actor's",
            Deny::OwnerProtected => {
                "the owner cannot be removed or demoted, only replaced by a transfer of ownership"
            }
            Deny::WrongArea { .. } => "the permission is for another area than the record",
        })
    }
}

/// A decision written out with names, via [`Decision::explain`].
#[derive(Debug, Clone, Copy)]
pub struct Explanation<'p> {
    decision: Decision,
    policy: &'p Policy,
}

impl Explanation<'_> {
    fn role(&self, role: RoleId) -> &str {
        self.policy.role_info(role).map_or("?", |r| r.name())
    }

    fn area(&self, area: AreaId) -> &str {
        self.policy.area_info(area).map_or("?", |a| a.name())
    }
}

fn verb(action: Actions) -> &'static str {
    action.name().unwrap_or("do that")
}

impl fmt::Display for Explanation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.decision {
            Decision::Allow(Allow::Grant {
                role,
                area,
                action,
                scope,
                relation,
            }) => {
                write!(
                    f,
                    "allowed: role `{}` has {scope} {} on `{}`",
                    self.role(role),
                    verb(action),
                    self.area(area)
                )?;
                if let Some(via) = Verb::try_from(action)
                    .ok()
                    .and_then(|verb| self.policy.granted_by(role, area, verb))
                {
                    if via != role {
                        write!(f, " (inherited from `{}`)", self.role(via))?;
                    }
                }
                let mut names = relation.names();
                if let Some(first) = names.next() {
                    write!(f, ", the user is {first}")?;
                    for name in names {
                        write!(f, " and {name}")?;
                    }
                }
                Ok(())
            }
            Decision::Allow(Allow::Exception {
                exception,
                area,
                action,
            }) => {
                let (name, reason) = self.policy.exception(exception).unwrap_or(("?", None));
                write!(
                    f,
                    "allowed: exception `{name}` lets every member {} `{}`",
                    verb(action),
                    self.area(area)
                )?;
                if let Some(reason) = reason {
                    write!(f, " ({reason})")?;
                }
                Ok(())
            }
            Decision::Deny(deny) => {
                f.write_str("denied: ")?;
                match deny {
                    Deny::NotMember => f.write_str("the user is not a member of the workspace"),
                    Deny::InvitePending => f.write_str("the user has not accepted the invitation"),
                    Deny::Removed => f.write_str("the user was removed from the workspace"),
                    Deny::UnknownRole => f.write_str("the role is not in the policy"),
                    Deny::UnknownArea => f.write_str("the area is not in the policy"),
                    Deny::UnknownAction { area, action } => match action.name() {
                        Some(name) => {
                            write!(f, "area `{}` does not offer `{name}`", self.area(area))
                        }
                        None => f.write_str("a check asks for exactly one action"),
                    },
                    Deny::PlanLacksFeature { area, feature } => {
                        write!(f, "`{}` needs plan feature", self.area(area))?;
                        for name in feature.names() {
                            write!(f, " `{name}`")?;
                        }
                        Ok(())
                    }
                    Deny::OwnerOnly => f.write_str("only the workspace owner may do this"),
                    Deny::GuestReadOnly => f.write_str("guests have read-only access"),
                    Deny::NoGrant { role, area, action } => write!(
                        f,
                        "role `{}` has no grant to {} `{}`",
                        self.role(role),
                        verb(action),
                        self.area(area)
                    ),
                    Deny::NotRelated {
                        role,
                        area,
                        action,
                        scope,
                    } => write!(
                        f,
                        "role `{}` may {} `{}` with {scope} scope only, and the record is not the user's",
                        self.role(role),
                        verb(action),
                        self.area(area)
                    ),
                    Deny::NotVisible { role, area, action } => write!(
                        f,
                        "role `{}` cannot see this `{}` record, so cannot {} it",
                        self.role(role),
                        self.area(area),
                        verb(action)
                    ),
                    Deny::Escalation { role } => write!(
                        f,
                        "role `{}` is above the actor's own role",
                        self.role(role)
                    ),
                    Deny::TargetOutranks { role } => write!(
                        f,
                        "the target user's role `{}` is above the actor's",
                        self.role(role)
                    ),
                    Deny::OwnerProtected => f.write_str(
                        "the owner cannot be removed or demoted, only replaced by a transfer of ownership",
                    ),
                    Deny::WrongArea { permission, record } => write!(
                        f,
                        "a permission on `{}` was checked on a record of `{}`",
                        self.area(permission),
                        self.area(record)
                    ),
                }
            }
        }
    }
}

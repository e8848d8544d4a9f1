//! Permissions: one verb on one area, checked against the policy once, then used on hot paths.

use super::action::Actions;
use super::decision::{Decision, Deny};
use super::ids::AreaId;
use super::lookup::LookupError;
use super::policy::Policy;
use super::principal::Principal;
use super::resource::Resource;
use super::verb::Verb;

/// Exactly one verb on one area, known to be offered by the area of the policy that made it.
///
/// Made by [`Policy::permission`], which fails for an unknown area or a verb the area does not
/// offer; used by [`Policy::check`] and [`Policy::is_permitted`]. A permission belongs to the
/// policy that made it (areas are numbered per policy); build it once, at start-up, and keep it.
///
/// ```
/// use seatwise::{presets, Principal, Resource, UserId};
/// let policy = presets::sales_scheduler()?;
/// let view_calls = policy.permission("scheduled_events", "view")?;
/// let closer = Principal::member(UserId::new(1), policy.role("closer")?);
/// let mine = [UserId::new(1)];
/// let call = Resource::new(view_calls.area()).hosted_by(&mine);
/// assert!(policy.is_permitted(&closer, view_calls, &call)); // SS-9: own calls
/// assert!(policy.permission("scheduled_events", "delete").is_err()); // not offered
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Permission {
    area: AreaId,
    verb: Verb,
}

impl Permission {
    /// The area.
    pub fn area(&self) -> AreaId {
        self.area
    }

    /// The verb.
    pub fn verb(&self) -> Verb {
        self.verb
    }
}

/// Why [`Policy::permission`] could not make a permission.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PermissionError {
    /// The policy has no area of that name.
    #[error(transparent)]
    UnknownArea(#[from] LookupError),
    /// The area does not offer the verb (or it is no verb at all).
    #[error("area `{area}` does not offer `{verb}`; it offers {}", Offered(.offered))]
    VerbNotOffered {
        /// The area's name.
        area: String,
        /// The verb asked for.
        verb: String,
        /// The verbs the area offers, in bit order.
        offered: Vec<&'static str>,
    },
}

struct Offered<'a>(&'a [&'static str]);

impl std::fmt::Display for Offered<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, verb) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{verb}`")?;
        }
        Ok(())
    }
}

impl Policy {
    /// The permission to take `verb` (one verb, by its document name) on the area named `area`.
    ///
    /// # Errors
    ///
    /// [`PermissionError::UnknownArea`] with the nearest area names, or
    /// [`PermissionError::VerbNotOffered`] naming the area, the verb and the verbs it offers.
    ///
    /// ```
    /// # let policy = seatwise::presets::sales_scheduler()?;
    /// let err = policy.permission("scheduled_events", "delete").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "area `scheduled_events` does not offer `delete`; it offers `view`, `edit`"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn permission(&self, area: &str, verb: &str) -> Result<Permission, PermissionError> {
        let id = self.area(area)?;
        let offered = self.area_info(id).map(|a| a.actions()).unwrap_or_default();
        match Verb::named(verb) {
            Some(named) if offered.contains(named.actions()) => Ok(Permission {
                area: id,
                verb: named,
            }),
            _ => Err(PermissionError::VerbNotOffered {
                area: area.to_owned(),
                verb: verb.to_owned(),
                offered: offered.each().filter_map(Actions::name).collect(),
            }),
        }
    }

    /// Decides whether `principal` holds `permission` on `resource`, and why: the checked twin
    /// of [`can`](Self::can), for a verb known to be one the area offers.
    ///
    /// A record of another area than the permission's is denied ([`Deny::WrongArea`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Deny, Principal, Resource, UserId};
    /// let policy = presets::sales_scheduler()?;
    /// let edit_calls = policy.permission("scheduled_events", "edit")?;
    /// let setter = Principal::member(UserId::new(1), policy.role("setter")?);
    /// let call = Resource::new(edit_calls.area());
    /// assert!(policy.check(&setter, edit_calls, &call).is_allowed()); // SS-6: Full
    /// // A record of another area is refused, never checked against the wrong area.
    /// let contact = Resource::new(policy.area("contacts")?);
    /// assert!(matches!(policy.check(&setter, edit_calls, &contact).denial(), Some(Deny::WrongArea { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn check(
        &self,
        principal: &Principal<'_>,
        permission: Permission,
        resource: &Resource<'_>,
    ) -> Decision {
        if resource.area() != permission.area {
            return Decision::Deny(Deny::WrongArea {
                permission: permission.area,
                record: resource.area(),
            });
        }
        self.can(principal, permission.verb, resource)
    }

    /// The boolean twin of [`check`](Self::check), for hot paths.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Principal, Resource, UserId};
    /// let policy = presets::sales_scheduler()?;
    /// let view_calls = policy.permission("scheduled_events", "view")?; // once, at start-up
    /// let carla = UserId::new(1);
    /// let closer = Principal::member(carla, policy.role("closer")?);
    /// let (mine, theirs) = ([carla], [UserId::new(2)]);
    /// // SS-9: Exclusive scope reaches only the calls she hosts.
    /// assert!(policy.is_permitted(&closer, view_calls, &Resource::new(view_calls.area()).hosted_by(&mine)));
    /// assert!(!policy.is_permitted(&closer, view_calls, &Resource::new(view_calls.area()).hosted_by(&theirs)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn is_permitted(
        &self,
        principal: &Principal<'_>,
        permission: Permission,
        resource: &Resource<'_>,
    ) -> bool {
        self.check(principal, permission, resource).is_allowed()
    }
}

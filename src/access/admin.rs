//! Administrative checks: inviting, removing and changing the role of users (A-7, SS-3).

use super::decision::{Decision, Deny};
use super::ids::RoleId;
use super::policy::Policy;
use super::principal::Principal;
use super::resource::Resource;
use crate::Verb;

impl Policy {
    /// The actor's grant for an administrative verb on the policy's admin area, about `target`.
    fn admin_grant(
        &self,
        actor: &Principal<'_>,
        verb: Verb,
        target: Option<&Principal<'_>>,
    ) -> Decision {
        let Some(area) = self.admin_area() else {
            return Decision::Deny(Deny::UnknownArea);
        };
        let mut record = Resource::new(area);
        if let Some(target) = target {
            record = record.owned_by(target.user());
        }
        self.can(actor, verb, &record)
    }

    fn actor_rank(&self, actor: &Principal<'_>) -> Result<u32, Deny> {
        actor
            .role()
            .and_then(|r| self.rank(r))
            .ok_or(Deny::UnknownRole)
    }

    fn top_rank(&self) -> u32 {
        self.rank(self.owner_role()).unwrap_or(u32::MAX)
    }

    /// Whether `actor` may invite a user with `role` (A-7, M-1): the `invite` grant on the
    /// admin area, and no role above the actor's own.
    ///
    /// ```
    /// use seatwise::{Verb, presets, Principal, UserId};
    /// let policy = presets::deal_space()?;
    /// let admin = Principal::member(UserId::new(1), policy.role("admin")?);
    /// assert!(policy.may_invite(&admin, policy.role("manager")?).is_allowed());
    /// assert!(!policy.may_invite(&admin, policy.role("owner")?).is_allowed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn may_invite(&self, actor: &Principal<'_>, role: RoleId) -> Decision {
        let grant = self.admin_grant(actor, Verb::INVITE, None);
        if !grant.is_allowed() {
            return grant;
        }
        match (self.actor_rank(actor), self.rank(role)) {
            (Err(deny), _) => Decision::Deny(deny),
            (_, None) => Decision::Deny(Deny::UnknownRole),
            (Ok(mine), Some(theirs)) if theirs > mine => Decision::Deny(Deny::Escalation { role }),
            _ => grant,
        }
    }

    /// Whether `target` is the workspace owner, as the actor's workspace knows it (A-7).
    ///
    /// The target's own marking is not trusted alone: a copy of the owner without it is
    /// still the owner.
    fn is_workspace_owner(actor: &Principal<'_>, target: &Principal<'_>) -> bool {
        target.is_owner() || actor.workspace_owner() == Some(target.user())
    }

    /// Whether `actor` may remove `target` (A-7, M-7, SS-3): the `remove` grant, a target not
    /// above the actor, top-role holders (the actor included) only by the owner, and never the
    /// owner. Who the owner is comes from [`Principal::with_owner`].
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Deny, Principal, UserId};
    /// let policy = presets::sales_scheduler()?;
    /// let (founder, mia, carl, sam) = (UserId::new(1), UserId::new(2), UserId::new(3), UserId::new(4));
    /// let owner = Principal::member(founder, policy.role("super_admin")?).with_owner(founder);
    /// let manager = Principal::member(mia, policy.role("sales_manager")?).with_owner(founder);
    /// let closer = Principal::member(carl, policy.role("closer")?).with_owner(founder);
    /// let admin = Principal::member(sam, policy.role("super_admin")?).with_owner(founder);
    /// assert!(policy.may_remove(&manager, &closer).is_allowed()); // A-7: `remove` grant, lower rank
    /// assert!(!policy.may_remove(&closer, &manager).is_allowed()); // a closer has no `remove` grant
    /// // SS-3: only the owner removes a top-role holder, even the holder themselves.
    /// assert_eq!(policy.may_remove(&admin, &admin).denial(), Some(Deny::OwnerOnly));
    /// assert!(policy.may_remove(&owner, &admin).is_allowed());
    /// // A-7: nobody removes the owner; ownership is transferred instead.
    /// assert_eq!(policy.may_remove(&admin, &owner).denial(), Some(Deny::OwnerProtected));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn may_remove(&self, actor: &Principal<'_>, target: &Principal<'_>) -> Decision {
        if Self::is_workspace_owner(actor, target) {
            return Decision::Deny(Deny::OwnerProtected);
        }
        let grant = self.admin_grant(actor, Verb::REMOVE, Some(target));
        if !grant.is_allowed() {
            return grant;
        }
        match self.check_target(actor, target) {
            Err(deny) => Decision::Deny(deny),
            Ok(()) => grant,
        }
    }

    /// Whether `actor` may give `target` the role `to` (A-7, SS-3): the `manage` grant, a
    /// target not above the actor, `to` not above the actor, top-role holders demoted only
    /// by the owner, and never the owner's own role.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Deny, Principal, UserId};
    /// let policy = presets::sales_scheduler()?;
    /// let (founder, mia, carl) = (UserId::new(1), UserId::new(2), UserId::new(3));
    /// let top = policy.role("super_admin")?;
    /// let owner = Principal::member(founder, top).with_owner(founder);
    /// let manager = Principal::member(mia, policy.role("sales_manager")?).with_owner(founder);
    /// let closer = Principal::member(carl, policy.role("closer")?).with_owner(founder);
    /// let setter = policy.role("setter")?;
    /// assert!(policy.may_change_role(&manager, &closer, setter).is_allowed());
    /// // A-7: no role above the actor's own is given.
    /// assert_eq!(
    ///     policy.may_change_role(&manager, &closer, top).denial(),
    ///     Some(Deny::Escalation { role: top })
    /// );
    /// // A-7: the owner's role is never changed, not even by the owner.
    /// assert_eq!(policy.may_change_role(&owner, &owner, setter).denial(), Some(Deny::OwnerProtected));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn may_change_role(
        &self,
        actor: &Principal<'_>,
        target: &Principal<'_>,
        to: RoleId,
    ) -> Decision {
        if Self::is_workspace_owner(actor, target) {
            return Decision::Deny(Deny::OwnerProtected);
        }
        let grant = self.admin_grant(actor, Verb::MANAGE, Some(target));
        if !grant.is_allowed() {
            return grant;
        }
        if let Err(deny) = self.check_target(actor, target) {
            return Decision::Deny(deny);
        }
        match (self.actor_rank(actor), self.rank(to)) {
            (Err(deny), _) => Decision::Deny(deny),
            (_, None) => Decision::Deny(Deny::UnknownRole),
            (Ok(mine), Some(theirs)) if theirs > mine => {
                Decision::Deny(Deny::Escalation { role: to })
            }
            _ => grant,
        }
    }

    /// Whether `actor` may act on `target` at all: the target is not above the actor (A-7)
    /// and, if the target holds the top role, the actor is the owner (SS-3).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Deny, Principal, Standing, UserId};
    /// let policy = presets::sales_scheduler()?;
    /// let (founder, mia, carl) = (UserId::new(1), UserId::new(2), UserId::new(3));
    /// let top = policy.role("super_admin")?;
    /// let owner = Principal::member(founder, top).with_owner(founder);
    /// let manager = Principal::member(mia, policy.role("sales_manager")?).with_owner(founder);
    /// let closer = Principal::member(carl, policy.role("closer")?).with_owner(founder);
    /// assert!(policy.may_act_on(&manager, &closer).is_allowed());
    /// // A-7: a target ranked above the actor is out of reach.
    /// assert_eq!(policy.may_act_on(&manager, &owner).denial(), Some(Deny::TargetOutranks { role: top }));
    /// // A-1: a removed actor acts on nobody.
    /// let gone = manager.with_standing(Standing::Removed);
    /// assert_eq!(policy.may_act_on(&gone, &closer).denial(), Some(Deny::Removed));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn may_act_on(&self, actor: &Principal<'_>, target: &Principal<'_>) -> Decision {
        if !actor.is_active() {
            return Decision::Deny(match actor.standing() {
                super::principal::Standing::Pending => Deny::InvitePending,
                super::principal::Standing::Removed => Deny::Removed,
                _ => Deny::NotMember,
            });
        }
        match self.check_target(actor, target) {
            Err(deny) => Decision::Deny(deny),
            Ok(()) => match self.admin_area() {
                Some(area) => self.can(
                    actor,
                    Verb::VIEW,
                    &Resource::new(area).owned_by(target.user()),
                ),
                None => Decision::Deny(Deny::UnknownArea),
            },
        }
    }

    fn check_target(&self, actor: &Principal<'_>, target: &Principal<'_>) -> Result<(), Deny> {
        let mine = self.actor_rank(actor)?;
        let Some(target_role) = target.role() else {
            return Ok(());
        };
        let theirs = self.rank(target_role).ok_or(Deny::UnknownRole)?;
        if theirs > mine {
            return Err(Deny::TargetOutranks { role: target_role });
        }
        // SS-3, A-7: only the owner acts on a top-role holder, the holder's own account
        // included (a non-owner Super Admin does not remove or demote themselves either).
        if theirs >= self.top_rank() && !actor.is_owner() {
            return Err(Deny::OwnerOnly);
        }
        Ok(())
    }
}

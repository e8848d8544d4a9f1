//! Principals: who acts, and where they stand in the workspace (A-1).

use super::ids::{RoleId, TeamId, UserId};
use crate::PlanFeatures;

/// Where a user stands in a workspace. Only `Active` users are ever allowed anything (A-1, I-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Accepted the invitation (or was approved) and has not been removed.
    Active,
    /// Invited, has not accepted yet (M-2).
    Pending,
    /// Was a member or guest and has been removed (M-7).
    Removed,
    /// Not part of the workspace at all.
    Stranger,
}

/// Whether a user holds a seat or is a read-only guest (B-4, B-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberKind {
    /// Occupies a paid seat.
    Member,
    /// Read-only; never allowed a change (DS-3, I-4).
    Guest,
}

/// Who asks: a user, their role, their standing and teams, and the plan they act under.
///
/// Borrowing the team list keeps a check free of allocation.
///
/// ```
/// use seatwise::{presets, Principal, TeamId, UserId};
/// let policy = presets::sales_scheduler()?;
/// let closer = policy.role("closer")?;
/// let teams = [TeamId::new(7)];
/// let ana = Principal::member(UserId::new(1), closer).with_teams(&teams);
/// assert!(ana.is_active());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Principal<'a> {
    user: UserId,
    role: Option<RoleId>,
    kind: MemberKind,
    standing: Standing,
    /// The workspace's owner, as the host knows it; owner status is derived from it.
    workspace_owner: Option<UserId>,
    teams: &'a [TeamId],
    plan: PlanFeatures,
}

impl<'a> Principal<'a> {
    fn with(user: UserId, role: Option<RoleId>, kind: MemberKind, standing: Standing) -> Self {
        Principal {
            user,
            role,
            kind,
            standing,
            workspace_owner: None,
            teams: &[],
            plan: PlanFeatures::all(),
        }
    }

    /// An active member holding `role`.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, MemberKind, Principal, Resource, UserId, Verb};
    /// let policy = presets::deal_space()?;
    /// let ed = Principal::member(UserId::new(2), policy.role("editor")?);
    /// assert!(ed.is_active() && ed.kind() == MemberKind::Member);
    /// let deal = Resource::new(policy.area("deals")?);
    /// assert!(policy.can(&ed, Verb::EDIT, &deal).is_allowed()); // DS-4
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn member(user: UserId, role: RoleId) -> Self {
        Self::with(user, Some(role), MemberKind::Member, Standing::Active)
    }

    /// An active read-only guest; `role` is the policy's guest role, whose grants are
    /// further limited to reading (I-4). [`Policy::guest`](crate::Policy::guest) finds the
    /// guest role itself.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Principal, Resource, UserId, Verb};
    /// let policy = presets::deal_space()?;
    /// let guest_role = policy.guest_role().ok_or("no guest role")?;
    /// let rita = Principal::guest(UserId::new(7), guest_role);
    /// let deal = Resource::new(policy.area("deals")?);
    /// // DS-3, I-4: a guest may view and present a deal, and change nothing.
    /// assert!(policy.can(&rita, Verb::PRESENT, &deal).is_allowed());
    /// assert!(!policy.can(&rita, Verb::EDIT, &deal).is_allowed());
    /// // Even with a member's role, a guest stays read-only.
    /// let editor_guest = Principal::guest(UserId::new(7), policy.role("editor")?);
    /// assert!(!policy.can(&editor_guest, Verb::EDIT, &deal).is_allowed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn guest(user: UserId, role: RoleId) -> Self {
        Self::with(user, Some(role), MemberKind::Guest, Standing::Active)
    }

    /// A user outside the workspace.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Deny, Principal, Resource, UserId, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let outsider = Principal::stranger(UserId::new(99));
    /// let contact = Resource::new(policy.area("contacts")?);
    /// // A-1: someone outside the workspace is allowed nothing, exceptions included.
    /// assert_eq!(policy.can(&outsider, Verb::VIEW, &contact).denial(), Some(Deny::NotMember));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stranger(user: UserId) -> Self {
        Self::with(user, None, MemberKind::Member, Standing::Stranger)
    }

    /// The same user with another standing (pending, removed, …).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Deny, Principal, Resource, Standing, UserId, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let carla = Principal::member(UserId::new(1), policy.role("closer")?);
    /// let contact = Resource::new(policy.area("contacts")?);
    /// // A-1: removed users keep their role in the host's records but are allowed nothing.
    /// let removed = carla.with_standing(Standing::Removed);
    /// assert_eq!(policy.can(&removed, Verb::VIEW, &contact).denial(), Some(Deny::Removed));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_standing(mut self, standing: Standing) -> Self {
        self.standing = standing;
        self
    }

    /// The same user, acting in a workspace owned by `owner` (SS-2, SS-3, A-7).
    ///
    /// Owner status is not a flag: it is derived by comparing users, so it holds alike for
    /// the actor and for the target of an administrative check, which compares the target
    /// with the actor's workspace owner. Give every principal of a workspace the same owner.
    ///
    /// ```
    /// use seatwise::{presets, Principal, UserId};
    /// let policy = presets::sales_scheduler()?;
    /// let (founder, ana) = (UserId::new(1), UserId::new(2));
    /// let admin = policy.role("super_admin")?;
    /// let me = Principal::member(founder, admin).with_owner(founder);
    /// let other = Principal::member(ana, admin).with_owner(founder);
    /// assert!(me.is_owner() && !other.is_owner());
    /// // The owner cannot be removed, even by the owner through an unmarked copy (A-7).
    /// let copy = Principal::member(founder, admin);
    /// assert!(!policy.may_remove(&me, &copy).is_allowed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_owner(mut self, owner: UserId) -> Self {
        self.workspace_owner = Some(owner);
        self
    }

    /// The same user, in these teams (Team scope, A-2).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{PolicyDocument, AreaSpec, Principal, Resource, RoleSpec, Scope, TeamId, UserId, Verb};
    /// let policy = PolicyDocument::new("crm", "owner")
    ///     .area(AreaSpec::new("leads", Verb::VIEW).relations(&["owner"]))
    ///     .role(RoleSpec::new("owner", 10).grant_all("*", Scope::Full))
    ///     .role(RoleSpec::new("rep", 1).grant("leads", Verb::VIEW, Scope::Team))
    ///     .compile()?;
    /// let (east, west) = ([TeamId::new(1)], [TeamId::new(2)]);
    /// let rep = Principal::member(UserId::new(1), policy.role("rep")?).with_teams(&east);
    /// let leads = policy.area("leads")?;
    /// // A-2: Team scope reaches the records of the user's teams.
    /// assert!(policy.is_allowed(&rep, Verb::VIEW, &Resource::new(leads).in_teams(&east)));
    /// assert!(!policy.is_allowed(&rep, Verb::VIEW, &Resource::new(leads).in_teams(&west)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_teams(mut self, teams: &'a [TeamId]) -> Self {
        self.teams = teams;
        self
    }

    /// The same user, acting under a plan with these features (A-11). Without it every
    /// feature counts as present, so hosts that do not sell plans see no gating.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Deny, PlanFeatures, Principal, Resource, UserId, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let admin = policy.role("super_admin")?;
    /// let roles_page = Resource::new(policy.area("custom_roles")?);
    /// // A-11: the custom roles page needs a plan with the feature.
    /// let on_startup = Principal::member(UserId::new(1), admin).with_plan(PlanFeatures::empty());
    /// assert!(matches!(
    ///     policy.can(&on_startup, Verb::VIEW, &roles_page).denial(),
    ///     Some(Deny::PlanLacksFeature { .. })
    /// ));
    /// let on_business = Principal::member(UserId::new(1), admin).with_plan(PlanFeatures::CUSTOM_ROLES);
    /// assert!(policy.can(&on_business, Verb::VIEW, &roles_page).is_allowed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_plan(mut self, features: PlanFeatures) -> Self {
        self.plan = features;
        self
    }

    /// The user.
    pub fn user(&self) -> UserId {
        self.user
    }

    /// The role, if the user has one.
    pub fn role(&self) -> Option<RoleId> {
        self.role
    }

    /// Member or guest.
    pub fn kind(&self) -> MemberKind {
        self.kind
    }

    /// Active, pending, removed or stranger.
    pub fn standing(&self) -> Standing {
        self.standing
    }

    /// Whether this user is the workspace owner: the owner given by
    /// [`with_owner`](Self::with_owner) is this user.
    pub fn is_owner(&self) -> bool {
        self.workspace_owner == Some(self.user)
    }

    /// The workspace's owner, if the host gave it.
    pub fn workspace_owner(&self) -> Option<UserId> {
        self.workspace_owner
    }

    /// Whether the user is an active member or guest.
    pub fn is_active(&self) -> bool {
        self.standing == Standing::Active
    }

    /// The user's teams.
    pub fn teams(&self) -> &'a [TeamId] {
        self.teams
    }

    /// The plan features the user acts under.
    pub fn plan(&self) -> PlanFeatures {
        self.plan
    }
}

/// The policy has no guest role, so it has no guests (the sales scheduler, for one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("policy `{policy}` has no guest role")]
pub struct NoGuestRole {
    policy: String,
}

impl NoGuestRole {
    /// The policy's name.
    pub fn policy(&self) -> &str {
        &self.policy
    }
}

impl crate::Policy {
    /// An active read-only guest holding this policy's guest role (DS-3, I-4).
    ///
    /// # Errors
    ///
    /// [`NoGuestRole`] when the policy declares no guest role.
    ///
    /// ```
    /// use seatwise::{presets, MemberKind, UserId};
    /// let deals = presets::deal_space()?;
    /// let rita = deals.guest(UserId::new(7))?;
    /// assert_eq!(rita.kind(), MemberKind::Guest);
    /// assert_eq!(rita.role(), deals.guest_role());
    /// assert!(presets::sales_scheduler()?.guest(UserId::new(7)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn guest(&self, user: UserId) -> Result<Principal<'static>, NoGuestRole> {
        match self.guest_role() {
            Some(role) => Ok(Principal::guest(user, role)),
            None => Err(NoGuestRole {
                policy: self.name().to_owned(),
            }),
        }
    }
}

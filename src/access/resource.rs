//! Resources: the record a check is about, and how users relate to it (A-2, A-4).

use super::ids::{AreaId, TeamId, UserId};
use super::relation::Relation;

/// The users tied to a record by one relation: one user or a borrowed list, so that every
/// relation builder of [`Resource`] and [`ResourceBuf`] takes the same thing and a check
/// allocates nothing.
///
/// ```
/// use seatwise::{UserId, Users};
/// let one = Users::from(UserId::new(1));
/// let pair = [UserId::new(1), UserId::new(2)];
/// assert_eq!(one.as_slice(), &[UserId::new(1)]);
/// assert!(Users::from(&pair).contains(UserId::new(2)));
/// assert_eq!(one, Users::from(&pair[..1]));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Users<'a>(UsersRepr<'a>);

#[derive(Debug, Clone, Copy)]
enum UsersRepr<'a> {
    One(UserId),
    Many(&'a [UserId]),
}

impl<'a> Users<'a> {
    /// No user.
    pub const NONE: Users<'static> = Users(UsersRepr::Many(&[]));

    /// The users, as a slice.
    pub fn as_slice(&self) -> &[UserId] {
        match &self.0 {
            UsersRepr::One(user) => std::slice::from_ref(user),
            UsersRepr::Many(users) => users,
        }
    }

    /// Whether `user` is one of them.
    pub fn contains(&self, user: UserId) -> bool {
        match self.0 {
            UsersRepr::One(one) => one == user,
            UsersRepr::Many(users) => users.contains(&user),
        }
    }
}

impl Default for Users<'_> {
    fn default() -> Self {
        Users::NONE
    }
}

impl PartialEq for Users<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Users<'_> {}

impl From<UserId> for Users<'_> {
    fn from(user: UserId) -> Self {
        Users(UsersRepr::One(user))
    }
}

impl<'a> From<&'a [UserId]> for Users<'a> {
    fn from(users: &'a [UserId]) -> Self {
        Users(UsersRepr::Many(users))
    }
}

impl<'a, const N: usize> From<&'a [UserId; N]> for Users<'a> {
    fn from(users: &'a [UserId; N]) -> Self {
        Users(UsersRepr::Many(users))
    }
}

impl<'a> From<&'a Vec<UserId>> for Users<'a> {
    fn from(users: &'a Vec<UserId>) -> Self {
        Users(UsersRepr::Many(users))
    }
}

/// A record (or a page) of an area, with the users related to it.
///
/// Every relation builder takes one user or a borrowed list ([`Users`]); borrowing keeps a
/// check free of allocation.
///
/// ```
/// use seatwise::{presets, Resource, UserId};
/// let policy = presets::sales_scheduler()?;
/// let events = policy.area("events")?;
/// let hosts = [UserId::new(2), UserId::new(3)];
/// let demo = Resource::new(events).created_by(UserId::new(1)).hosted_by(&hosts);
/// let solo = Resource::new(events).created_by(UserId::new(1)).hosted_by(UserId::new(2));
/// assert_eq!(demo.area(), events);
/// assert_eq!(solo.hosts(), &[UserId::new(2)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resource<'a> {
    area: AreaId,
    owners: Users<'a>,
    creators: Users<'a>,
    hosts: Users<'a>,
    assignees: Users<'a>,
    teams: &'a [TeamId],
}

impl<'a> Resource<'a> {
    /// A record of `area` that no user is related to yet.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Principal, Resource, UserId, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let closer = Principal::member(UserId::new(1), policy.role("closer")?);
    /// let analytics = policy.area("analytics")?;
    /// // A record nobody is related to is outside an Exclusive grant (A-2).
    /// assert!(!policy.is_allowed(&closer, Verb::VIEW, &Resource::new(analytics)));
    /// assert!(policy.is_allowed(&closer, Verb::VIEW, &Resource::new(analytics).owned_by(UserId::new(1))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(area: AreaId) -> Self {
        Resource {
            area,
            owners: Users::NONE,
            creators: Users::NONE,
            hosts: Users::NONE,
            assignees: Users::NONE,
            teams: &[],
        }
    }

    /// Sets the owner (or owners).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Principal, Resource, UserId, Verb};
    /// let policy = presets::deal_space()?;
    /// let deals = policy.area("deals")?;
    /// let owners = [UserId::new(1), UserId::new(2)];
    /// let deal = Resource::new(deals).owned_by(&owners); // one user or a borrowed list
    /// assert_eq!(deal.owners(), &owners);
    /// assert_eq!(Resource::new(deals).owned_by(UserId::new(1)).owners(), &[UserId::new(1)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn owned_by(mut self, users: impl Into<Users<'a>>) -> Self {
        self.owners = users.into();
        self
    }

    /// Sets the creator (or creators).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Principal, Resource, UserId, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let carla = UserId::new(1);
    /// let closer = Principal::member(carla, policy.role("closer")?);
    /// let events = policy.area("events")?;
    /// let hosts = [UserId::new(2)];
    /// // SS-10 (amended): a closer opens the settings of an event she created, even one she
    /// // does not host.
    /// let created = Resource::new(events).created_by(carla).hosted_by(&hosts);
    /// assert!(policy.is_allowed(&closer, Verb::EDIT, &created));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn created_by(mut self, users: impl Into<Users<'a>>) -> Self {
        self.creators = users.into();
        self
    }

    /// Sets the host (or hosts).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Principal, Resource, UserId, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let carla = UserId::new(1);
    /// let closer = Principal::member(carla, policy.role("closer")?);
    /// let events = policy.area("events")?;
    /// let hosts = [carla, UserId::new(2)];
    /// let round_robin = Resource::new(events).hosted_by(&hosts);
    /// // SS-10: she sees the events she hosts, but opens the settings only of events she created.
    /// assert!(policy.is_allowed(&closer, Verb::VIEW, &round_robin));
    /// assert!(!policy.is_allowed(&closer, Verb::EDIT, &round_robin));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn hosted_by(mut self, users: impl Into<Users<'a>>) -> Self {
        self.hosts = users.into();
        self
    }

    /// Sets the assignee (or assignees).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{AreaSpec, PolicyDocument, Principal, Resource, RoleSpec, Scope, UserId, Verb};
    /// let policy = PolicyDocument::new("tasks", "owner")
    ///     .area(AreaSpec::new("tasks", Verb::VIEW | Verb::EDIT).relations(&["assignee"]))
    ///     .role(RoleSpec::new("owner", 10).grant_all("*", Scope::Full))
    ///     .role(RoleSpec::new("helper", 1).grant_all("tasks", Scope::Exclusive))
    ///     .compile()?;
    /// let me = UserId::new(1);
    /// let helper = Principal::member(me, policy.role("helper")?);
    /// let tasks = policy.area("tasks")?;
    /// // A-4: on this area the assignee relation makes a task "own".
    /// assert!(policy.is_allowed(&helper, Verb::EDIT, &Resource::new(tasks).assigned_to(me)));
    /// assert!(!policy.is_allowed(&helper, Verb::EDIT, &Resource::new(tasks).owned_by(me)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn assigned_to(mut self, users: impl Into<Users<'a>>) -> Self {
        self.assignees = users.into();
        self
    }

    /// Sets the teams the record belongs to (usually the teams of its owner or hosts).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Resource, TeamId};
    /// let policy = presets::sales_scheduler()?;
    /// let teams = [TeamId::new(4)];
    /// let call = Resource::new(policy.area("calls")?).in_teams(&teams);
    /// assert!(call.shares_team(&[TeamId::new(4), TeamId::new(5)]));
    /// assert!(!call.shares_team(&[TeamId::new(5)]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn in_teams(mut self, teams: &'a [TeamId]) -> Self {
        self.teams = teams;
        self
    }

    /// The area of the record.
    pub fn area(&self) -> AreaId {
        self.area
    }

    /// The owners.
    pub fn owners(&self) -> &[UserId] {
        self.owners.as_slice()
    }

    /// The creators.
    pub fn creators(&self) -> &[UserId] {
        self.creators.as_slice()
    }

    /// The hosts.
    pub fn hosts(&self) -> &[UserId] {
        self.hosts.as_slice()
    }

    /// The assignees.
    pub fn assignees(&self) -> &[UserId] {
        self.assignees.as_slice()
    }

    /// The teams the record belongs to.
    pub fn teams(&self) -> &'a [TeamId] {
        self.teams
    }

    /// Which of the relations in `wanted` tie `user` to this record. Only the asked-for
    /// relations are looked at, so a check never scans lists it does not need.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, Relation, Resource, UserId};
    /// let policy = presets::sales_scheduler()?;
    /// let carla = UserId::new(1);
    /// let demo = Resource::new(policy.area("events")?).created_by(carla).hosted_by(carla);
    /// assert_eq!(demo.relations_of(carla, Relation::HOST), Relation::HOST); // only what is asked
    /// assert_eq!(demo.relations_of(carla, Relation::all()), Relation::HOST | Relation::CREATOR);
    /// assert!(demo.relations_of(UserId::new(2), Relation::all()).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn relations_of(&self, user: UserId, wanted: Relation) -> Relation {
        let mut found = Relation::empty();
        if wanted.contains(Relation::OWNER) && self.owners.contains(user) {
            found |= Relation::OWNER;
        }
        if wanted.contains(Relation::CREATOR) && self.creators.contains(user) {
            found |= Relation::CREATOR;
        }
        if wanted.contains(Relation::HOST) && self.hosts.contains(user) {
            found |= Relation::HOST;
        }
        if wanted.contains(Relation::ASSIGNEE) && self.assignees.contains(user) {
            found |= Relation::ASSIGNEE;
        }
        found
    }

    /// Whether the record belongs to any of `teams`.
    pub fn shares_team(&self, teams: &[TeamId]) -> bool {
        self.teams.iter().any(|t| teams.contains(t))
    }
}

/// An owned record: what a host keeps in memory, or what a test generates. Its builders take
/// the same [`Users`] as [`Resource`]'s and copy them.
///
/// ```
/// use seatwise::{AsResource, ResourceBuf, UserId};
/// # let policy = seatwise::presets::deal_space()?;
/// # let deals = policy.area("deals")?;
/// let deal = ResourceBuf::new(deals).owned_by(UserId::new(1)).assigned_to(&[UserId::new(2)]);
/// assert_eq!(deal.as_resource().assignees(), &[UserId::new(2)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ResourceBuf {
    area: AreaId,
    owners: Vec<UserId>,
    creators: Vec<UserId>,
    hosts: Vec<UserId>,
    assignees: Vec<UserId>,
    teams: Vec<TeamId>,
}

impl ResourceBuf {
    /// A record of `area` that no user is related to yet.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{presets, AsResource, Principal, ResourceBuf, TeamId, UserId, Verb};
    /// let policy = presets::sales_scheduler()?;
    /// let carla = UserId::new(1);
    /// let closer = Principal::member(carla, policy.role("closer")?);
    /// // Records kept by the host, owned; each check borrows them without allocating.
    /// let events = vec![
    ///     ResourceBuf::new(policy.area("events")?).created_by(carla).hosted_by(&[UserId::new(2)]),
    ///     ResourceBuf::new(policy.area("events")?).in_teams(vec![TeamId::new(3)]),
    /// ];
    /// let editable = events.iter().filter(|e| policy.is_allowed(&closer, Verb::EDIT, &e.as_resource()));
    /// assert_eq!(editable.count(), 1); // SS-10: only the event she created
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(area: AreaId) -> Self {
        ResourceBuf {
            area,
            owners: Vec::new(),
            creators: Vec::new(),
            hosts: Vec::new(),
            assignees: Vec::new(),
            teams: Vec::new(),
        }
    }

    /// Sets the owner (or owners).
    pub fn owned_by<'u>(mut self, users: impl Into<Users<'u>>) -> Self {
        self.owners = users.into().as_slice().to_vec();
        self
    }

    /// Sets the creator (or creators).
    pub fn created_by<'u>(mut self, users: impl Into<Users<'u>>) -> Self {
        self.creators = users.into().as_slice().to_vec();
        self
    }

    /// Sets the host (or hosts).
    pub fn hosted_by<'u>(mut self, users: impl Into<Users<'u>>) -> Self {
        self.hosts = users.into().as_slice().to_vec();
        self
    }

    /// Sets the assignee (or assignees).
    pub fn assigned_to<'u>(mut self, users: impl Into<Users<'u>>) -> Self {
        self.assignees = users.into().as_slice().to_vec();
        self
    }

    /// Sets the teams.
    pub fn in_teams(mut self, teams: Vec<TeamId>) -> Self {
        self.teams = teams;
        self
    }
}

impl AsResource for ResourceBuf {
    fn as_resource(&self) -> Resource<'_> {
        Resource {
            area: self.area,
            owners: Users::from(self.owners.as_slice()),
            creators: Users::from(self.creators.as_slice()),
            hosts: Users::from(self.hosts.as_slice()),
            assignees: Users::from(self.assignees.as_slice()),
            teams: &self.teams,
        }
    }
}

/// Anything a host keeps in lists that can be seen as a [`Resource`], for list filtering (A-9).
pub trait AsResource {
    /// The record as a resource.
    fn as_resource(&self) -> Resource<'_>;
}

impl AsResource for Resource<'_> {
    fn as_resource(&self) -> Resource<'_> {
        *self
    }
}

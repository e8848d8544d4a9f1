//! Resources: the record a check is about, and how users relate to it (A-2, A-4).

use super::ids::{AreaId, TeamId, UserId};
use super::relation::Relation;

/// A record (or a page) of an area, with the users related to it.
///
/// Borrowed slices keep a check free of allocation.
///
/// ```
/// use seatwise::{presets, Resource, UserId};
/// let policy = presets::sales_scheduler()?;
/// let events = policy.area("events")?;
/// let hosts = [UserId::new(2), UserId::new(3)];
/// let demo = Resource::new(events).created_by(UserId::new(1)).hosted_by(&hosts);
/// assert_eq!(demo.area(), events);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resource<'a> {
    area: AreaId,
    owner: Option<UserId>,
    creator: Option<UserId>,
    hosts: &'a [UserId],
    assignees: &'a [UserId],
    teams: &'a [TeamId],
}

impl<'a> Resource<'a> {
    /// A record of `area` that no user is related to yet.
    pub fn new(area: AreaId) -> Self {
        Resource {
            area,
            owner: None,
            creator: None,
            hosts: &[],
            assignees: &[],
            teams: &[],
        }
    }

    /// Sets the owner.
    pub fn owned_by(mut self, user: UserId) -> Self {
        self.owner = Some(user);
        self
    }

    /// Sets the creator.
    pub fn created_by(mut self, user: UserId) -> Self {
        self.creator = Some(user);
        self
    }

    /// Sets the hosts.
    pub fn hosted_by(mut self, users: &'a [UserId]) -> Self {
        self.hosts = users;
        self
    }

    /// Sets the assignees.
    pub fn assigned_to(mut self, users: &'a [UserId]) -> Self {
        self.assignees = users;
        self
    }

    /// Sets the teams the record belongs to (usually the teams of its owner or hosts).
    pub fn in_teams(mut self, teams: &'a [TeamId]) -> Self {
        self.teams = teams;
        self
    }

    /// The area of the record.
    pub fn area(&self) -> AreaId {
        self.area
    }

    /// The owner, if any.
    pub fn owner(&self) -> Option<UserId> {
        self.owner
    }

    /// The creator, if any.
    pub fn creator(&self) -> Option<UserId> {
        self.creator
    }

    /// The hosts.
    pub fn hosts(&self) -> &'a [UserId] {
        self.hosts
    }

    /// The assignees.
    pub fn assignees(&self) -> &'a [UserId] {
        self.assignees
    }

    /// The teams the record belongs to.
    pub fn teams(&self) -> &'a [TeamId] {
        self.teams
    }

    /// Which of the relations in `wanted` tie `user` to this record. Only the asked-for
    /// relations are looked at, so a check never scans lists it does not need.
    pub fn relations_of(&self, user: UserId, wanted: Relation) -> Relation {
        let mut found = Relation::empty();
        if wanted.contains(Relation::OWNER) && self.owner == Some(user) {
            found |= Relation::OWNER;
        }
        if wanted.contains(Relation::CREATOR) && self.creator == Some(user) {
            found |= Relation::CREATOR;
        }
        if wanted.contains(Relation::HOST) && self.hosts.contains(&user) {
            found |= Relation::HOST;
        }
        if wanted.contains(Relation::ASSIGNEE) && self.assignees.contains(&user) {
            found |= Relation::ASSIGNEE;
        }
        found
    }

    /// Whether the record belongs to any of `teams`.
    pub fn shares_team(&self, teams: &[TeamId]) -> bool {
        self.teams.iter().any(|t| teams.contains(t))
    }
}

/// An owned record: what a host keeps in memory, or what a test generates.
///
/// ```
/// use seatwise::{AsResource, ResourceBuf, UserId};
/// # let policy = seatwise::presets::deal_space()?;
/// # let deals = policy.area("deals")?;
/// let deal = ResourceBuf::new(deals).owned_by(UserId::new(1)).assigned_to(vec![UserId::new(2)]);
/// assert_eq!(deal.as_resource().assignees(), &[UserId::new(2)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ResourceBuf {
    area: AreaId,
    owner: Option<UserId>,
    creator: Option<UserId>,
    hosts: Vec<UserId>,
    assignees: Vec<UserId>,
    teams: Vec<TeamId>,
}

impl ResourceBuf {
    /// A record of `area` that no user is related to yet.
    pub fn new(area: AreaId) -> Self {
        ResourceBuf {
            area,
            owner: None,
            creator: None,
            hosts: Vec::new(),
            assignees: Vec::new(),
            teams: Vec::new(),
        }
    }

    /// Sets the owner.
    pub fn owned_by(mut self, user: UserId) -> Self {
        self.owner = Some(user);
        self
    }

    /// Sets the creator.
    pub fn created_by(mut self, user: UserId) -> Self {
        self.creator = Some(user);
        self
    }

    /// Sets the hosts.
    pub fn hosted_by(mut self, users: Vec<UserId>) -> Self {
        self.hosts = users;
        self
    }

    /// Sets the assignees.
    pub fn assigned_to(mut self, users: Vec<UserId>) -> Self {
        self.assignees = users;
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
            owner: self.owner,
            creator: self.creator,
            hosts: &self.hosts,
            assignees: &self.assignees,
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

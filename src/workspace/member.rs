//! The people of a workspace: members and guests, invitations, access requests, teams.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::email::Email;
use crate::{MemberKind, RoleId, TeamId, UserId};

/// An active member or guest (M-2).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use seatwise::{presets, Email, MemberKind, Plan, UserId, Workspace};
/// let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
/// let olga = UserId::new(1);
/// let (space, _) = Workspace::create(
///     presets::sales_scheduler()?, Plan::business(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
/// let owner = space.member(olga).ok_or("no owner")?;
/// // T-2: the owner is an active member holding the owner role.
/// assert_eq!((owner.user(), owner.email().as_str(), owner.name()), (olga, "olga@example.com", "Olga"));
/// assert_eq!(owner.role(), space.policy().owner_role());
/// assert_eq!(owner.kind(), MemberKind::Member);
/// assert!(owner.teams().is_empty());
/// assert!(!owner.has_availability() && owner.calendar().is_none()); // SS-15: nothing set yet
/// assert_eq!(owner.joined_at(), now);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub(crate) user: UserId,
    pub(crate) email: Email,
    pub(crate) name: String,
    pub(crate) role: RoleId,
    pub(crate) kind: MemberKind,
    pub(crate) teams: Vec<TeamId>,
    pub(crate) availability: bool,
    pub(crate) calendar: Option<String>,
    #[serde(deserialize_with = "super::timestamp::deserialize")]
    pub(crate) joined_at: DateTime<Utc>,
}

impl Member {
    /// The user.
    pub fn user(&self) -> UserId {
        self.user
    }
    /// The e-mail address the user joined with.
    pub fn email(&self) -> &Email {
        &self.email
    }
    /// The name from the user's profile.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The role.
    pub fn role(&self) -> RoleId {
        self.role
    }
    /// Member (holds a seat) or guest.
    pub fn kind(&self) -> MemberKind {
        self.kind
    }
    /// The teams the user is in (M-8).
    pub fn teams(&self) -> &[TeamId] {
        &self.teams
    }
    /// Whether the user has set their availability (SS-15).
    pub fn has_availability(&self) -> bool {
        self.availability
    }
    /// The connected calendar's address, if any (SS-15).
    pub fn calendar(&self) -> Option<&str> {
        self.calendar.as_deref()
    }
    /// When the user joined.
    pub fn joined_at(&self) -> DateTime<Utc> {
        self.joined_at
    }
}

/// A token the host generated for an invitation link (M-3); seatwise only stores it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct InviteToken(String);

impl InviteToken {
    /// Wraps the host's token.
    pub fn new(token: &str) -> Self {
        InviteToken(token.to_owned())
    }
    /// The token.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `other` is the same token, compared in time that does not depend on where
    /// they differ, so that a guesser learns nothing from timing (T-7).
    pub(crate) fn matches(&self, other: &InviteToken) -> bool {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        let differ = a
            .iter()
            .zip(b.iter())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y));
        a.len() == b.len() && !a.is_empty() && differ == 0
    }
}

/// A pending invitation (M-1).
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use seatwise::{presets, Change, Command, Email, Invitee, MemberKind, Plan, UserId, Workspace};
/// let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
/// let olga = UserId::new(1);
/// let (mut space, _) = Workspace::create(
///     presets::sales_scheduler()?, Plan::business(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
/// let ann = Email::parse("ann@example.com")?;
/// let expires = now + TimeDelta::days(7);
/// space.execute(olga, Command::new(Change::Invite {
///     invitees: vec![Invitee::default_role(ann.clone())],
///     expires_at: Some(expires),
/// }), now)?;
/// let invitation = space.invitation(&ann).ok_or("not invited")?;
/// // M-1: the default role (Closer), sent by Olga, not resent and without a link yet.
/// assert_eq!(invitation.email(), &ann);
/// assert_eq!(invitation.role(), space.policy().role("closer")?);
/// assert_eq!(invitation.kind(), MemberKind::Member);
/// assert_eq!((invitation.invited_by(), invitation.sent_at()), (olga, now));
/// assert_eq!(invitation.expires_at(), Some(expires));
/// assert_eq!(invitation.times_resent(), 0);
/// assert!(invitation.link().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Invitation {
    pub(crate) email: Email,
    pub(crate) role: RoleId,
    pub(crate) kind: MemberKind,
    pub(crate) invited_by: UserId,
    #[serde(deserialize_with = "super::timestamp::deserialize")]
    pub(crate) sent_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "super::timestamp::deserialize_option")]
    pub(crate) expires_at: Option<DateTime<Utc>>,
    pub(crate) resent: u32,
    pub(crate) link: Option<InviteToken>,
}

impl Invitation {
    /// The invitee's address.
    pub fn email(&self) -> &Email {
        &self.email
    }
    /// The role the invitee will get.
    pub fn role(&self) -> RoleId {
        self.role
    }
    /// Member or guest.
    pub fn kind(&self) -> MemberKind {
        self.kind
    }
    /// Who sent it.
    pub fn invited_by(&self) -> UserId {
        self.invited_by
    }
    /// When it was first sent.
    pub fn sent_at(&self) -> DateTime<Utc> {
        self.sent_at
    }
    /// When it expires, if ever (M-2).
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.expires_at
    }
    /// How many times it was resent (M-3).
    pub fn times_resent(&self) -> u32 {
        self.resent
    }
    /// The latest invitation link token, if one was issued (M-3).
    pub fn link(&self) -> Option<&InviteToken> {
        self.link.as_ref()
    }
    /// Whether it has expired at `now`: from its expiry instant on; never for an invitation
    /// without one (M-2). An expired invitation reserves no seat, whether or not the expiry
    /// was recorded (B-4).
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Invitee, Plan, UserId, Workspace};
    /// let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// let olga = UserId::new(1);
    /// let (mut space, _) = Workspace::create(
    ///     presets::sales_scheduler()?, Plan::business(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let ann = Email::parse("ann@example.com")?;
    /// let expires = now + TimeDelta::days(1);
    /// space.execute(olga, Command::new(Change::Invite {
    ///     invitees: vec![Invitee::default_role(ann.clone())],
    ///     expires_at: Some(expires),
    /// }), now)?;
    /// let invitation = space.invitation(&ann).ok_or("not invited")?;
    /// assert!(!invitation.is_expired(now));
    /// assert!(!invitation.is_expired(expires - TimeDelta::seconds(1)));
    /// assert!(invitation.is_expired(expires));
    /// // B-4: still on record, yet it stopped reserving a seat the moment it expired.
    /// assert_eq!(space.seat_usage_at(now).pending_member_invites(), 1);
    /// assert_eq!(space.seat_usage_at(expires).pending_member_invites(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }
}

/// A pending request for guest access (M-4).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use seatwise::{presets, Change, Command, Email, Plan, UserId, Workspace};
/// let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
/// let olga = UserId::new(1);
/// let (mut space, _) = Workspace::create(
///     presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
/// let vic = UserId::new(8);
/// let email = Email::parse("vic@example.com")?;
/// space.execute(vic, Command::new(Change::RequestAccess { email: email.clone(), name: "Vic".into() }), now)?;
/// // M-4: the request names who asked, under which address and name, and when.
/// let request = space.request(&email).ok_or("no request")?;
/// assert_eq!((request.email(), request.user(), request.name()), (&email, vic, "Vic"));
/// assert_eq!(request.requested_at(), now);
/// assert!(space.member(vic).is_none()); // not a guest until approved
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessRequest {
    pub(crate) email: Email,
    pub(crate) user: UserId,
    pub(crate) name: String,
    #[serde(deserialize_with = "super::timestamp::deserialize")]
    pub(crate) requested_at: DateTime<Utc>,
}

impl AccessRequest {
    /// The requester's address.
    pub fn email(&self) -> &Email {
        &self.email
    }
    /// The requester.
    pub fn user(&self) -> UserId {
        self.user
    }
    /// The requester's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// When it was made.
    pub fn requested_at(&self) -> DateTime<Utc> {
        self.requested_at
    }
}

/// A named group of members (M-8).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use seatwise::{presets, Change, Command, Email, Plan, TeamId, UserId, Workspace};
/// let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
/// let olga = UserId::new(1);
/// let (mut space, _) = Workspace::create(
///     presets::sales_scheduler()?, Plan::business(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
/// let east = TeamId::new(10);
/// space.execute(olga, Command::new(Change::CreateTeam { team: east, name: "East".into() }), now)?;
/// space.execute(olga, Command::new(Change::AddToTeam { team: east, user: olga }), now)?;
/// let team = space.team(east).ok_or("no team")?;
/// assert_eq!((team.id(), team.name()), (east, "East"));
/// assert_eq!(team.members().collect::<Vec<_>>(), [olga]);
/// // M-8: membership shows on both sides.
/// assert_eq!(space.member(olga).ok_or("no owner")?.teams(), [east]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub(crate) id: TeamId,
    pub(crate) name: String,
    pub(crate) members: BTreeSet<UserId>,
}

impl Team {
    /// The team's id, chosen by the host when it created the team (M-8).
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Plan, TeamId, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::sales_scheduler()?, Plan::business(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// space.execute(olga, Command::new(Change::CreateTeam { team: TeamId::new(20), name: "West".into() }), now)?;
    /// let ids: Vec<TeamId> = space.teams().map(|t| t.id()).collect();
    /// assert_eq!(ids, [TeamId::new(20)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn id(&self) -> TeamId {
        self.id
    }
    /// The team's name, trimmed (M-8); [`Change::RenameTeam`](crate::Change::RenameTeam)
    /// changes it.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Plan, TeamId, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::sales_scheduler()?, Plan::business(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let team = TeamId::new(10);
    /// space.execute(olga, Command::new(Change::CreateTeam { team, name: "  East ".into() }), now)?;
    /// assert_eq!(space.team(team).map(|t| t.name()), Some("East"));
    /// space.execute(olga, Command::new(Change::RenameTeam { team, name: "East coast".into() }), now)?;
    /// assert_eq!(space.team(team).map(|t| t.name()), Some("East coast"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Its members, by user id (M-8). Removing a member from the workspace takes them out
    /// of its teams too.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Plan, TeamId, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::sales_scheduler()?, Plan::business(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let team = TeamId::new(10);
    /// space.execute(olga, Command::new(Change::CreateTeam { team, name: "East".into() }), now)?;
    /// assert_eq!(space.team(team).map(|t| t.members().count()), Some(0));
    /// space.execute(olga, Command::new(Change::AddToTeam { team, user: olga }), now)?;
    /// assert!(space.team(team).is_some_and(|t| t.members().eq([olga])));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn members(&self) -> impl Iterator<Item = UserId> + '_ {
        self.members.iter().copied()
    }
}

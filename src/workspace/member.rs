//! The people of a workspace: members and guests, invitations, access requests, teams.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::email::Email;
use crate::{MemberKind, RoleId, TeamId, UserId};

/// An active member or guest (M-2).
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Invitation {
    pub(crate) email: Email,
    pub(crate) role: RoleId,
    pub(crate) kind: MemberKind,
    pub(crate) invited_by: UserId,
    pub(crate) sent_at: DateTime<Utc>,
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
    /// Whether it has expired at `now`.
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }
}

/// A pending request for guest access (M-4).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessRequest {
    pub(crate) email: Email,
    pub(crate) user: UserId,
    pub(crate) name: String,
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub(crate) id: TeamId,
    pub(crate) name: String,
    pub(crate) members: BTreeSet<UserId>,
}

impl Team {
    /// The team's id.
    pub fn id(&self) -> TeamId {
        self.id
    }
    /// The team's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Its members.
    pub fn members(&self) -> impl Iterator<Item = UserId> + '_ {
        self.members.iter().copied()
    }
}

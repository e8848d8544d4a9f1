//! The stored form of a workspace (U-5): the policy as its document, people as lists, and
//! the indexes and counts rebuilt on reading. Reading checks every invariant of the state
//! (T-2): a stored workspace that does not hold together is refused, naming the entry.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use seatwise::{presets, Email, Plan, UserId, Workspace};
//!
//! let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
//! let (space, _) = Workspace::create(
//!     presets::deal_space()?, Plan::deal_space(), UserId::new(1), Email::parse("olga@example.com")?, "Olga", now)?;
//! let json = serde_json::to_string(&space)?;
//! assert_eq!(serde_json::from_str::<Workspace>(&json)?, space);
//!
//! // T-2: the owner stored as a guest is refused, and the error names the owner.
//! let forged = json.replace(r#""kind":"member""#, r#""kind":"guest""#);
//! let error = serde_json::from_str::<Workspace>(&forged).unwrap_err();
//! assert!(error.to_string().contains("user 1"), "{error}");
//! // Unknown fields are refused too.
//! let extra = json.replacen('{', r#"{"admin":true,"#, 1);
//! assert!(serde_json::from_str::<Workspace>(&extra).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::command::{Command, IdempotencyKey};
use super::email::Email;
use super::event::{Event, Outcome};
use super::log::{committed_at, CommitDigest};
use super::member::{AccessRequest, Invitation, Member, Team};
use super::state::{holders_of, Counts, Workspace};
use crate::{
    BillingError, MemberKind, PolicyDocument, PolicyError, RoleId, Subscription, TeamId, UserId,
};

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoredWorkspace {
    policy: PolicyDocument,
    subscription: Subscription,
    owner: UserId,
    members: Vec<Member>,
    removed: BTreeSet<UserId>,
    invitations: Vec<Invitation>,
    requests: Vec<AccessRequest>,
    teams: Vec<Team>,
    custom_roles: BTreeSet<String>,
    completed: Vec<(IdempotencyKey, UserId, Command, Outcome)>,
    version: u64,
    identity: crate::QuoteBinding,
    head: CommitDigest,
    head_at: DateTime<Utc>,
    key_retention_seconds: i64,
}

/// A stored workspace (or the end of a replayed log) that breaks an invariant of the state
/// (T-2), naming the entry.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum StoredWorkspaceError {
    /// The policy does not compile.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The version is 0: every workspace has at least its creation.
    #[error("the version is 0; a workspace starts at version 1")]
    NoVersion,
    /// The key retention window is not positive.
    #[error("the key retention of {0} seconds is not positive")]
    KeyRetention(i64),
    /// Two members with one user id.
    #[error("user {0} is stored twice")]
    DuplicateMember(UserId),
    /// Two members with one address (M-9).
    #[error("address `{0}` belongs to two members")]
    SharedEmail(Email),
    /// The owner is not an active member.
    #[error("the owner, user {0}, is not a member")]
    NoOwner(UserId),
    /// The owner is stored as a guest.
    #[error("the owner, user {0}, is stored as a guest")]
    OwnerIsGuest(UserId),
    /// The owner does not hold the policy's owner role (SS-2).
    #[error("the owner, user {0}, does not hold the owner role")]
    OwnerRole(UserId),
    /// A member holds a role the policy does not have.
    #[error("user {user} holds unknown role {role:?}")]
    MemberRole {
        /// The member.
        user: UserId,
        /// The role.
        role: RoleId,
    },
    /// A member's kind does not go with their role: guests hold the guest role, members any
    /// other.
    #[error("user {0} is stored as the wrong kind for their role")]
    MemberKind(UserId),
    /// A removed user is still a member (M-7).
    #[error("user {0} is both removed and a member")]
    RemovedMember(UserId),
    /// An invitation for an address that belongs to a member.
    #[error("`{0}` is invited but already a member")]
    InvitedMember(Email),
    /// Two invitations for one address.
    #[error("`{0}` is invited twice")]
    DuplicateInvitation(Email),
    /// An invitation offers a role the policy does not have.
    #[error("the invitation for `{email}` offers unknown role {role:?}")]
    InvitationRole {
        /// The invitee.
        email: Email,
        /// The role.
        role: RoleId,
    },
    /// An invitation's kind does not go with its role.
    #[error("the invitation for `{0}` is of the wrong kind for its role")]
    InvitationKind(Email),
    /// An access request for an address that belongs to a member.
    #[error("`{0}` requests access but is already a member")]
    RequestFromMember(Email),
    /// Two access requests for one address.
    #[error("`{0}` requests access twice")]
    DuplicateRequest(Email),
    /// A pending access request and a live invitation for one address (M-4, M-6).
    #[error("`{0}` has both a pending invitation and an access request")]
    InvitedAndRequested(Email),
    /// Two teams with one id.
    #[error("team {0} is stored twice")]
    DuplicateTeam(TeamId),
    /// A member lists a team that does not list them, or does not exist.
    #[error("user {user} lists team {team}, which does not list them")]
    MemberTeam {
        /// The member.
        user: UserId,
        /// The team.
        team: TeamId,
    },
    /// A team lists a user who is not a member, or who does not list the team.
    #[error("team {team} lists user {user}, who is not in it")]
    TeamMember {
        /// The team.
        team: TeamId,
        /// The user.
        user: UserId,
    },
    /// A custom role that the policy does not have.
    #[error("custom role `{0}` is not in the policy")]
    CustomRole(String),
    /// The paid seats do not cover the members, reserving invitations and guests (B-4, B-6).
    #[error("{needed} seats are needed but {paid} are paid")]
    Seats {
        /// Seats needed.
        needed: u32,
        /// Seats paid.
        paid: u32,
    },
    /// The people stored exceed what the plan allows (B-4, B-6).
    #[error(transparent)]
    Billing(#[from] BillingError),
    /// Two records for one idempotency key.
    #[error("idempotency key `{0}` is stored twice")]
    DuplicateKey(String),
    /// A keyed command's record does not end with its own commit, or claims a version the
    /// workspace has not reached (U-4).
    #[error("idempotency key `{0}` does not match its recorded outcome or the version")]
    KeyRecord(String),
    /// A keyed command's record is older than the retention window: it should have been
    /// forgotten (T-8).
    #[error("idempotency key `{0}` is past its retention window")]
    StaleKey(String),
}

impl From<Workspace> for StoredWorkspace {
    fn from(w: Workspace) -> Self {
        StoredWorkspace {
            policy: w.policy.document().clone(),
            subscription: w.subscription,
            owner: w.owner,
            members: w.members.into_values().collect(),
            removed: w.removed,
            invitations: w.invitations.into_values().collect(),
            requests: w.requests.into_values().collect(),
            teams: w.teams.into_values().collect(),
            custom_roles: w.custom_roles,
            completed: w
                .completed
                .into_iter()
                .map(|(k, (a, c, o))| (k, a, c, o))
                .collect(),
            version: w.version,
            identity: crate::QuoteBinding::new(w.identity),
            head: w.head,
            head_at: w.head_at,
            key_retention_seconds: w.key_retention.num_seconds(),
        }
    }
}

impl TryFrom<StoredWorkspace> for Workspace {
    type Error = StoredWorkspaceError;

    fn try_from(s: StoredWorkspace) -> Result<Self, Self::Error> {
        let policy = s.policy.compile()?;
        let key_retention = TimeDelta::try_seconds(s.key_retention_seconds)
            .filter(|d| *d >= TimeDelta::seconds(1))
            .ok_or(StoredWorkspaceError::KeyRetention(s.key_retention_seconds))?;
        let mut counts = Counts::default();
        for member in &s.members {
            match member.kind {
                MemberKind::Member => counts.members = counts.members.saturating_add(1),
                MemberKind::Guest => counts.guests = counts.guests.saturating_add(1),
            }
        }
        let (members, emails) = match indexed_in_bulk(&s.members) {
            Some(emails) => (s.members.into_iter().map(|m| (m.user, m)).collect(), emails),
            None => indexed_one_by_one(s.members)?,
        };
        let mut invitations = BTreeMap::new();
        for invitation in s.invitations {
            match invitation.kind {
                MemberKind::Member => {
                    counts.pending_members = counts.pending_members.saturating_add(1)
                }
                MemberKind::Guest => {
                    counts.pending_guests = counts.pending_guests.saturating_add(1)
                }
            }
            let email = invitation.email.clone();
            if invitations.insert(email.clone(), invitation).is_some() {
                return Err(StoredWorkspaceError::DuplicateInvitation(email));
            }
        }
        let mut requests = BTreeMap::new();
        for request in s.requests {
            let email = request.email.clone();
            if requests.insert(email.clone(), request).is_some() {
                return Err(StoredWorkspaceError::DuplicateRequest(email));
            }
        }
        let mut teams = BTreeMap::new();
        for team in s.teams {
            let id = team.id;
            if teams.insert(id, team).is_some() {
                return Err(StoredWorkspaceError::DuplicateTeam(id));
            }
        }
        let mut completed = BTreeMap::new();
        for (key, actor, command, outcome) in s.completed {
            let name = key.as_str().to_owned();
            if completed.insert(key, (actor, command, outcome)).is_some() {
                return Err(StoredWorkspaceError::DuplicateKey(name));
            }
        }
        let holders = holders_of(members.values());
        let expiries = super::state::Expiries::of(invitations.values());
        let mut space = Workspace {
            policy,
            subscription: s.subscription,
            owner: s.owner,
            members,
            emails,
            removed: s.removed,
            invitations,
            requests,
            teams,
            custom_roles: s.custom_roles,
            completed,
            counts,
            holders,
            expiries,
            version: s.version,
            identity: *s.identity.as_bytes(),
            head: s.head,
            head_at: s.head_at,
            key_retention,
            key_times: BTreeSet::new(),
        };
        space.key_times = space.key_index();
        space.check_invariants()?;
        Ok(space)
    }
}

/// The address index of `members` when they are in strictly increasing user order (as a
/// workspace stores them) and their addresses are distinct: sorted once and built in bulk.
/// `None` otherwise, and [`indexed_one_by_one`] then names the first offending member.
fn indexed_in_bulk(members: &[Member]) -> Option<BTreeMap<Email, UserId>> {
    let ordered = members
        .iter()
        .zip(members.iter().skip(1))
        .all(|(a, b)| a.user < b.user);
    if !ordered {
        return None;
    }
    let mut emails: Vec<(Email, UserId)> =
        members.iter().map(|m| (m.email.clone(), m.user)).collect();
    emails.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let distinct = emails
        .iter()
        .zip(emails.iter().skip(1))
        .all(|(a, b)| a.0 != b.0);
    // Sorted and distinct: collecting keeps every entry, in one pass.
    distinct.then(|| emails.into_iter().collect())
}

/// The members by user and the address index, inserted one by one: the first member (in
/// stored order) whose address or user id was already seen is the error.
#[allow(
    clippy::type_complexity,
    reason = "the two maps of the workspace, as its fields spell them"
)]
fn indexed_one_by_one(
    stored: Vec<Member>,
) -> Result<(BTreeMap<UserId, Member>, BTreeMap<Email, UserId>), StoredWorkspaceError> {
    let mut emails = BTreeMap::new();
    let mut members = BTreeMap::new();
    for member in stored {
        if emails.insert(member.email.clone(), member.user).is_some() {
            return Err(StoredWorkspaceError::SharedEmail(member.email));
        }
        let user = member.user;
        if members.insert(user, member).is_some() {
            return Err(StoredWorkspaceError::DuplicateMember(user));
        }
    }
    Ok((members, emails))
}

impl Workspace {
    /// Checks every invariant of the state (T-2): who is in it, what they hold, what is pending,
    /// what is paid and what is remembered. Loading a stored workspace and replaying a log
    /// both end with it.
    pub(crate) fn check_invariants(&self) -> Result<(), StoredWorkspaceError> {
        use StoredWorkspaceError as E;
        if self.version == 0 {
            return Err(E::NoVersion);
        }
        let guest_role = self.policy.guest_role();
        let kind_fits = |role: RoleId, kind: MemberKind| {
            (guest_role == Some(role)) == (kind == MemberKind::Guest)
        };
        // The owner: an active member, not a guest, holding the owner role (SS-2).
        let owner = self
            .members
            .get(&self.owner)
            .ok_or(E::NoOwner(self.owner))?;
        if owner.kind == MemberKind::Guest {
            return Err(E::OwnerIsGuest(self.owner));
        }
        if owner.role != self.policy.owner_role() {
            return Err(E::OwnerRole(self.owner));
        }
        // Members: known roles, kinds that fit, one address each, teams that list them.
        // The address index holds exactly the members' addresses: as many entries as
        // members, each naming a member stored under that user id with that address (distinct
        // keys then reach distinct members, so every member is reached and stored under its own
        // id). Checked by user id, one ordered walk, rather than by looking each address up; the
        // slow search only names the offender.
        let index_fits = self.emails.len() == self.members.len()
            && self.emails.iter().all(|(email, user)| {
                self.members
                    .get(user)
                    .is_some_and(|m| m.user == *user && m.email == *email)
            });
        if !index_fits {
            return Err(self
                .members
                .iter()
                .find(|(user, m)| m.user != **user || self.emails.get(&m.email) != Some(user))
                .map_or(E::NoOwner(self.owner), |(_, m)| {
                    E::SharedEmail(m.email.clone())
                }));
        }
        for (user, member) in &self.members {
            if self.policy.role_info(member.role).is_none() {
                return Err(E::MemberRole {
                    user: *user,
                    role: member.role,
                });
            }
            if !kind_fits(member.role, member.kind) {
                return Err(E::MemberKind(*user));
            }
            if self.removed.contains(user) {
                return Err(E::RemovedMember(*user));
            }
            let mut seen = BTreeSet::new();
            for team in &member.teams {
                let listed = self
                    .teams
                    .get(team)
                    .is_some_and(|t| t.members.contains(user));
                if !listed || !seen.insert(*team) {
                    return Err(E::MemberTeam {
                        user: *user,
                        team: *team,
                    });
                }
            }
        }
        for (id, team) in &self.teams {
            if team.id != *id {
                return Err(E::DuplicateTeam(team.id));
            }
            for user in &team.members {
                let back = self.members.get(user).is_some_and(|m| m.teams.contains(id));
                if !back {
                    return Err(E::TeamMember {
                        team: *id,
                        user: *user,
                    });
                }
            }
        }
        // Invitations: for non-members, one per address, known roles, kinds that fit.
        let mut reserving = 0u32;
        for (email, invitation) in &self.invitations {
            if invitation.email != *email {
                return Err(E::DuplicateInvitation(invitation.email.clone()));
            }
            if self.emails.contains_key(email) {
                return Err(E::InvitedMember(email.clone()));
            }
            if self.policy.role_info(invitation.role).is_none() {
                return Err(E::InvitationRole {
                    email: email.clone(),
                    role: invitation.role,
                });
            }
            if !kind_fits(invitation.role, invitation.kind) {
                return Err(E::InvitationKind(email.clone()));
            }
            // B-4: an expired invitation stops reserving a seat.
            if invitation.kind == MemberKind::Member && !invitation.is_expired(self.head_at) {
                reserving = reserving.saturating_add(1);
            }
        }
        // Access requests: from non-members, one per address, none beside a live invitation.
        for (email, request) in &self.requests {
            if request.email != *email {
                return Err(E::DuplicateRequest(request.email.clone()));
            }
            if self.emails.contains_key(email) {
                return Err(E::RequestFromMember(email.clone()));
            }
            if self
                .invitations
                .get(email)
                .is_some_and(|i| !i.is_expired(self.head_at))
            {
                return Err(E::InvitedAndRequested(email.clone()));
            }
        }
        for role in &self.custom_roles {
            if self.policy.role(role).is_err() {
                return Err(E::CustomRole(role.clone()));
            }
        }
        // B-4, B-6: the paid seats cover members, reserving invitations and guests.
        let usage = self.seat_usage().with_pending_member_invites(reserving);
        let needed = self.subscription.plan().seats_needed(&usage)?.needed();
        let paid = self.subscription.paid_seats();
        if needed > paid {
            return Err(E::Seats { needed, paid });
        }
        // U-4, T-8: each remembered key ends with its own commit, within the version and the
        // retention window.
        for (key, (actor, command, outcome)) in &self.completed {
            let name = || key.as_str().to_owned();
            let fits = match outcome.events.last() {
                Some(Event::Committed {
                    version,
                    keyed: Some(keyed),
                    ..
                }) => {
                    (1..=self.version).contains(version)
                        && keyed.key == *key
                        && keyed.actor == *actor
                        && keyed.command == *command
                }
                _ => false,
            };
            if !fits {
                return Err(E::KeyRecord(name()));
            }
            if committed_at(outcome).is_some_and(|at| self.key_expired(at, self.head_at)) {
                return Err(E::StaleKey(name()));
            }
        }
        Ok(())
    }
}

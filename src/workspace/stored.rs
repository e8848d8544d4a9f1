//! The stored form of a workspace (U-5): the policy as its document, people as lists, and
//! the indexes and counts rebuilt and checked on reading.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::command::{Command, IdempotencyKey};
use super::event::Outcome;
use super::member::{AccessRequest, Invitation, Member, Team};
use super::state::{Counts, Workspace};
use crate::{MemberKind, PolicyDocument, PolicyError, Subscription, UserId};

#[derive(Serialize, Deserialize)]
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
    changed_at: chrono::DateTime<chrono::Utc>,
    identity: crate::QuoteBinding,
}

/// A stored workspace that does not hold together.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StoredWorkspaceError {
    #[error(transparent)]
    Policy(#[from] PolicyError),
    #[error("the owner is not a member")]
    NoOwner,
    #[error("address `{0}` belongs to two members")]
    SharedEmail(String),
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
            changed_at: w.changed_at,
            identity: crate::QuoteBinding::new(w.identity),
        }
    }
}

impl TryFrom<StoredWorkspace> for Workspace {
    type Error = StoredWorkspaceError;

    fn try_from(s: StoredWorkspace) -> Result<Self, Self::Error> {
        let policy = s.policy.compile()?;
        let mut counts = Counts::default();
        let mut emails = BTreeMap::new();
        let mut members = BTreeMap::new();
        for member in s.members {
            if emails.insert(member.email.clone(), member.user).is_some() {
                return Err(StoredWorkspaceError::SharedEmail(member.email.to_string()));
            }
            match member.kind {
                MemberKind::Member => counts.members = counts.members.saturating_add(1),
                MemberKind::Guest => counts.guests = counts.guests.saturating_add(1),
            }
            members.insert(member.user, member);
        }
        if !members.contains_key(&s.owner) {
            return Err(StoredWorkspaceError::NoOwner);
        }
        let pending = |kind: MemberKind| {
            let n = s.invitations.iter().filter(|i| i.kind == kind).count();
            u32::try_from(n).unwrap_or(u32::MAX)
        };
        counts.pending_members = pending(MemberKind::Member);
        counts.pending_guests = pending(MemberKind::Guest);
        let holders = super::state::holders_of(members.values());
        let expiries = super::state::Expiries::of(s.invitations.iter());
        Ok(Workspace {
            policy,
            subscription: s.subscription,
            owner: s.owner,
            members,
            emails,
            removed: s.removed,
            invitations: s
                .invitations
                .into_iter()
                .map(|i| (i.email.clone(), i))
                .collect(),
            requests: s
                .requests
                .into_iter()
                .map(|r| (r.email.clone(), r))
                .collect(),
            teams: s.teams.into_iter().map(|t| (t.id, t)).collect(),
            custom_roles: s.custom_roles,
            completed: s
                .completed
                .into_iter()
                .map(|(k, a, c, o)| (k, (a, c, o)))
                .collect(),
            counts,
            holders,
            expiries,
            version: s.version,
            changed_at: s.changed_at,
            identity: *s.identity.as_bytes(),
        })
    }
}

//! Access requests: request, approve, reject (M-4, M-5).

use crate::Verb;
use chrono::{DateTime, Utc};

use super::email::Email;
use super::error::CommandError;
use super::event::Event;
use super::execute::{allow, Delta};
use super::state::Workspace;
use crate::{MemberKind, Principal, UserId};
use std::collections::BTreeSet;

impl Workspace {
    /// Asking for guest access from outside, once at a time; the admins to notify are named (M-4).
    pub(super) fn request_access(
        &self,
        actor: UserId,
        email: &Email,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        let name = super::execute::clean("member name", name)?;
        let guest_role = self.policy.guest_role().ok_or(CommandError::NoGuests)?;
        if self.members.contains_key(&actor) {
            return Err(CommandError::UserAlreadyJoined(actor));
        }
        if self.emails.contains_key(email) {
            return Err(CommandError::AlreadyMember(email.clone()));
        }
        // M-2, M-4: only a pending invitation is to be accepted instead; an expired one is
        // recorded as such first, so the address never has both.
        let expired = match self.invitations.get(email) {
            Some(i) if i.is_expired(now) => true,
            Some(_) => return Err(CommandError::AcceptInvitationInstead(email.clone())),
            None => false,
        };
        if self.requests.contains_key(email) {
            return Err(CommandError::AlreadyRequested(email.clone()));
        }
        // One pending request per user: a second address would let one approval batch let
        // the same user in twice.
        if let Some(other) = self.requests.values().find(|r| r.user == actor) {
            return Err(CommandError::AlreadyRequested(other.email.clone()));
        }
        // M-4: everyone who may approve it is notified. Approval depends on the role
        // (and the owner flag), so only holders of approving roles are looked at.
        let plan = self.subscription.plan().features();
        let mut notify = BTreeSet::new();
        for role in self.policy.roles() {
            let holder = Principal::member(actor, role.id()).with_plan(plan);
            if !self.policy.may_invite(&holder, guest_role).is_allowed() {
                continue;
            }
            let users = self.holders.get(&role.id()).into_iter().flatten();
            notify.extend(users.filter(|u| {
                self.members
                    .get(u)
                    .is_some_and(|m| m.kind == MemberKind::Member)
            }));
        }
        if self
            .policy
            .may_invite(&self.principal(self.owner), guest_role)
            .is_allowed()
        {
            notify.insert(self.owner);
        }
        let notify = notify.into_iter().collect();
        let mut events = Vec::with_capacity(2);
        if expired {
            events.push(Event::InvitationExpired {
                email: email.clone(),
            });
        }
        events.push(Event::AccessRequested {
            email: email.clone(),
            user: actor,
            name,
            notify,
            at: now,
        });
        Ok(events)
    }

    /// Approving a request: the requester joins as a guest, and a seat past the guest ratio is charged (M-5, B-6, B-9).
    pub(super) fn approve_request(
        &self,
        me: &Principal<'_>,
        email: &Email,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        let request = self
            .requests
            .get(email)
            .ok_or_else(|| CommandError::NoRequest(email.clone()))?;
        let guest_role = self.policy.guest_role().ok_or(CommandError::NoGuests)?;
        allow(self.policy.may_invite(me, guest_role))?;
        if self.members.contains_key(&request.user) {
            return Err(CommandError::UserAlreadyJoined(request.user));
        }
        let approved = Event::AccessApproved {
            email: email.clone(),
            user: request.user,
            role: guest_role,
            kind: MemberKind::Guest,
            at: now,
        };
        let delta = Delta {
            guests: 1,
            ..Delta::default()
        };
        self.with_seats(delta, now, vec![approved])
    }

    /// Rejecting a request, silently (M-5).
    pub(super) fn reject_request(
        &self,
        me: &Principal<'_>,
        email: &Email,
    ) -> Result<Vec<Event>, CommandError> {
        self.requests
            .get(email)
            .ok_or_else(|| CommandError::NoRequest(email.clone()))?;
        self.admin(me, Verb::INVITE)?;
        Ok(vec![Event::AccessRejected {
            email: email.clone(),
        }])
    }
}

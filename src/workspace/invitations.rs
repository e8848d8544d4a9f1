//! Invitations: invite (a batch, all or nothing), resend, link, revoke, accept, decline,
//! expire (M-1, M-2, M-3, M-6, B-7).

use crate::Verb;
use chrono::{DateTime, Utc};

use super::command::Proof;
use super::email::Email;
use super::error::CommandError;
use super::event::Event;
use super::execute::{allow, clean, shifted, Delta};
use super::member::{Invitation, InviteToken};
use super::state::Workspace;
use crate::{MemberKind, Principal, UserId};
use std::collections::BTreeSet;

impl Workspace {
    /// Resending: only a pending, unexpired invitation, by someone who may invite its role (M-3).
    pub(super) fn resend_invitation(
        &self,
        me: &Principal<'_>,
        email: &Email,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        self.invitation_for_admin(me, email, Some(now))?;
        Ok(vec![Event::InvitationResent {
            email: email.clone(),
        }])
    }

    /// Recording a link token the host made: same rule as resending (M-3).
    pub(super) fn issue_invite_link(
        &self,
        me: &Principal<'_>,
        email: &Email,
        token: &InviteToken,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        // M-2, M-3: an expired invitation is no longer pending; its link would not work.
        self.invitation_for_admin(me, email, Some(now))?;
        Ok(vec![Event::InviteLinkIssued {
            email: email.clone(),
            token: token.clone(),
        }])
    }

    /// Withdrawing an invitation, expired or not, by someone who may invite its role (M-3).
    pub(super) fn revoke_invitation(
        &self,
        me: &Principal<'_>,
        email: &Email,
    ) -> Result<Vec<Event>, CommandError> {
        // Expired or not, an invitation can always be withdrawn.
        self.invitation_for_admin(me, email, None)?;
        Ok(vec![Event::InvitationRevoked {
            email: email.clone(),
        }])
    }

    /// Joining: the invitation must be pending and unexpired; a guest counts, and may cost a seat, only now (M-2, B-7).
    pub(super) fn accept_invitation(
        &self,
        actor: UserId,
        email: &Email,
        name: &str,
        proof: &Proof,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        let name = clean("member name", name)?;
        let invitation = self.invitation_of_actor(email, proof)?;
        if invitation.is_expired(now) {
            return Err(CommandError::InvitationExpired(email.clone()));
        }
        if self.members.contains_key(&actor) {
            return Err(CommandError::UserAlreadyJoined(actor));
        }
        let delta = match invitation.kind {
            MemberKind::Member => Delta {
                members: 1,
                pending: -1,
                guests: 0,
            },
            // B-7: a guest counts, and may cost a seat, only now.
            MemberKind::Guest => Delta {
                guests: 1,
                ..Delta::default()
            },
        };
        let accepted = Event::InvitationAccepted {
            email: email.clone(),
            user: actor,
            name,
            at: now,
        };
        self.with_seats(delta, now, vec![accepted])
    }

    /// The pending invitation to `email`, if the actor proves the address is theirs (T-7):
    /// the invitation's link token, or the host's word that it verified the address.
    fn invitation_of_actor(
        &self,
        email: &Email,
        proof: &Proof,
    ) -> Result<&Invitation, CommandError> {
        let invitation = self
            .invitations
            .get(email)
            .ok_or_else(|| CommandError::NoInvitation(email.clone()))?;
        let proven = match proof {
            Proof::VerifiedEmail => true,
            Proof::LinkToken(token) => invitation
                .link
                .as_ref()
                .is_some_and(|link| link.matches(token)),
        };
        if proven {
            Ok(invitation)
        } else {
            Err(CommandError::NotYourInvitation(email.clone()))
        }
    }

    /// Declining a pending invitation (M-2).
    pub(super) fn decline_invitation(
        &self,
        email: &Email,
        proof: &Proof,
    ) -> Result<Vec<Event>, CommandError> {
        self.invitation_of_actor(email, proof)?;
        Ok(vec![Event::InvitationDeclined {
            email: email.clone(),
        }])
    }

    /// Expiring every invitation past its expiry, by someone who may invite (M-2).
    pub(super) fn expire_invitations(
        &self,
        me: &Principal<'_>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        self.admin(me, Verb::INVITE)?;
        // The expiry index holds exactly the invitations past their expiry: no scan of the rest.
        Ok(self
            .expiries
            .expired_emails(now)
            .into_iter()
            .map(|email| Event::InvitationExpired {
                email: email.clone(),
            })
            .collect())
    }

    pub(super) fn invite(
        &self,
        me: &Principal<'_>,
        invitees: &[super::command::Invitee],
        expires_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        if invitees.is_empty() {
            return Err(CommandError::EmptyBatch);
        }
        // T-6: an invitation cannot be sent already expired.
        if let Some(expires_at) = expires_at.filter(|at| *at <= now) {
            return Err(CommandError::ExpiresInThePast { expires_at, now });
        }
        let mut seen = BTreeSet::new();
        let mut delta = Delta::default();
        let mut new_guests = 0u32;
        let mut events = Vec::with_capacity(invitees.len());
        // Users whose access request this batch approves: one user may have asked from two
        // addresses, and joins once (I-8: the log must replay).
        let mut approved_users = BTreeSet::new();
        for invitee in invitees {
            let email = &invitee.email;
            if !seen.insert(email) {
                return Err(CommandError::DuplicateInvitee(email.clone()));
            }
            if self.emails.contains_key(email) {
                return Err(CommandError::AlreadyMember(email.clone()));
            }
            // B-4, M-2: an expired invitation is no longer pending; a new one replaces it.
            let expired = match self.invitations.get(email) {
                Some(i) if i.is_expired(now) => true,
                Some(_) => return Err(CommandError::AlreadyInvited(email.clone())),
                None => false,
            };
            let role = if invitee.guest {
                self.policy.guest_role().ok_or(CommandError::NoGuests)?
            } else {
                invitee
                    .role
                    .or(self.policy.default_role())
                    .ok_or(CommandError::NoRole)?
            };
            let role = self.role_exists(role)?;
            allow(self.policy.may_invite(me, role))?;
            let kind = self.kind_of(role);
            match self.requests.get(email) {
                // M-6: an invitation meets a pending request: approve it instead.
                Some(request) => {
                    if self.members.contains_key(&request.user)
                        || !approved_users.insert(request.user)
                    {
                        return Err(CommandError::UserAlreadyJoined(request.user));
                    }
                    match kind {
                        MemberKind::Member => delta.members = delta.members.saturating_add(1),
                        MemberKind::Guest => delta.guests = delta.guests.saturating_add(1),
                    }
                    events.push(Event::AccessApproved {
                        email: email.clone(),
                        user: request.user,
                        role,
                        kind,
                        at: now,
                    });
                }
                None => {
                    match kind {
                        MemberKind::Member => delta.pending = delta.pending.saturating_add(1),
                        MemberKind::Guest => new_guests = new_guests.saturating_add(1),
                    }
                    if expired {
                        events.push(Event::InvitationExpired {
                            email: email.clone(),
                        });
                    }
                    events.push(Event::InvitationSent {
                        email: email.clone(),
                        token: invitee.token.clone(),
                        role,
                        kind,
                        invited_by: me.user(),
                        expires_at,
                        at: now,
                    });
                }
            }
        }
        let mut events = self.with_seats(delta, now, events)?;
        // Seats paid once this command's own charge, if any, is applied.
        let paid = events
            .iter()
            .find_map(|e| match e {
                Event::SeatsAdded { subscription, .. } => Some(subscription.paid_seats()),
                _ => None,
            })
            .unwrap_or(self.subscription.paid_seats());
        if new_guests > 0 {
            // Seed 004: adding guests past the allowance asks the inviter to confirm; the
            // seats are counted and charged only when the guests accept (B-7).
            let guests = shifted(self.counts.guests, delta.guests)
                .saturating_add(self.pending_guests_at(now))
                .saturating_add(new_guests);
            let status = self.subscription.plan().guest_status(paid, guests);
            if let (true, Some(allowance)) = (status.is_over(), status.allowance()) {
                events.push(Event::GuestLimitConfirmed { guests, allowance });
            }
        }
        if delta.pending > 0 && !self.subscription.plan().invites_reserve_seats() {
            // B-4: this plan's invitations reserve no seat, so the seats are charged when the
            // invitees accept (like guests, B-7); the inviter confirms that now.
            let members = shifted(self.counts.members, delta.members)
                .saturating_add(shifted(self.pending_members_at(now), delta.pending));
            let usage = crate::SeatUsage::of_members(members)
                .with_accepted_guests(shifted(self.counts.guests, delta.guests));
            let seats_needed = self.subscription.plan().seats_needed(&usage)?.needed();
            if seats_needed > paid {
                events.push(Event::SeatsOnAcceptanceConfirmed {
                    seats_needed,
                    paid_seats: paid,
                });
            }
        }
        Ok(events)
    }
}

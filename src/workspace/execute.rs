//! Deciding commands: authorization, seats and money (B-4 … B-11), and the events a
//! command yields. Deciding never changes the workspace; applying the events does (U-2, U-3).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::command::{Change, Command};
use super::email::Email;
use super::error::CommandError;
use super::event::{Event, KeyedCommand, Outcome, RoleChange};
use super::state::Workspace;
use crate::{
    Actions, Decision, Deny, MemberKind, Plan, PlanFeatures, Policy, Principal, Resource, RoleId,
    SeatUsage, Subscription, UserId,
};

/// Renewals one `Renew` command may catch up on, so a far-future instant cannot loop for long.
const MAX_RENEWALS: usize = 1_200;

fn allow(decision: Decision) -> Result<(), CommandError> {
    if decision.is_allowed() {
        Ok(())
    } else {
        Err(CommandError::Denied(decision))
    }
}

fn denied(deny: Deny) -> CommandError {
    CommandError::Denied(Decision::Deny(deny))
}

/// Seat counts after a change, as deltas on the current ones.
#[derive(Debug, Clone, Copy, Default)]
struct Delta {
    members: i64,
    pending: i64,
    guests: i64,
}

fn shifted(count: u32, delta: i64) -> u32 {
    let value = i64::from(count).saturating_add(delta).max(0);
    u32::try_from(value).unwrap_or(u32::MAX)
}

impl Workspace {
    /// Creates a workspace whose owner (`owner`, holding the policy's owner role, SS-2) starts
    /// `plan` at `now`. The outcome holds the creation event and the first invoice.
    ///
    /// # Errors
    ///
    /// Billing errors of [`Subscription::start`].
    pub fn create(
        policy: Policy,
        plan: Plan,
        owner: UserId,
        email: Email,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<(Workspace, Outcome), CommandError> {
        let (subscription, invoice) = Subscription::start(plan, now, &SeatUsage::new(1, 0, 0))?;
        let space = Workspace::empty(
            policy,
            subscription.clone(),
            owner,
            email.clone(),
            name,
            now,
        );
        let events = vec![
            Event::Created {
                owner,
                email,
                name: name.to_owned(),
                policy: Box::new(space.document().clone()),
                subscription: Box::new(subscription),
                invoice: Box::new(invoice),
                at: now,
            },
            Event::Committed {
                version: 1,
                at: now,
                keyed: None,
            },
        ];
        Ok((space, Outcome { version: 1, events }))
    }

    /// What `command` would do if `actor` ran it at `now`, without changing anything (U-3,
    /// B-9). A change that costs money previews fine and returns the quote to confirm.
    ///
    /// # Errors
    ///
    /// The [`CommandError`] that [`execute`](Self::execute) would return, except for a
    /// missing or stale confirmation.
    pub fn preview(
        &self,
        actor: UserId,
        command: &Command,
        now: DateTime<Utc>,
    ) -> Result<Outcome, CommandError> {
        if let Some(outcome) = self.remembered(actor, command)? {
            return Ok(outcome);
        }
        let events = self.decide(actor, command.change(), now)?;
        self.commit(events, actor, command, now)
    }

    /// Applies `command` by `actor` at `now`: all of it, or nothing (U-2, I-7).
    ///
    /// A change that costs money needs the quote confirmed ([`Command::confirming`]); a keyed
    /// command applied again returns its first outcome and charges nothing twice (U-4).
    ///
    /// # Errors
    ///
    /// A [`CommandError`]: denied, billing (limits, guests, money), a missing or stale
    /// confirmation, or a bad reference; the workspace is unchanged.
    pub fn execute(
        &mut self,
        actor: UserId,
        command: Command,
        now: DateTime<Utc>,
    ) -> Result<Outcome, CommandError> {
        if let Some(outcome) = self.remembered(actor, &command)? {
            return Ok(outcome);
        }
        let events = self.decide(actor, command.change(), now)?;
        if let Some(Event::GuestLimitConfirmed { guests, allowance }) = events
            .iter()
            .find(|e| matches!(e, Event::GuestLimitConfirmed { .. }))
        {
            if !command.guest_limit_confirmed() {
                return Err(CommandError::GuestLimitConfirmationRequired {
                    guests: *guests,
                    allowance: *allowance,
                });
            }
        }
        // An accepting invitee cannot confirm a charge; the inviter confirmed it (B-7).
        let implicit = matches!(command.change(), Change::AcceptInvitation { .. });
        if let Some(quote) = charge(&events).filter(|_| !implicit) {
            match command.confirmed() {
                None => {
                    return Err(CommandError::ConfirmationRequired {
                        quote: Box::new(quote.clone()),
                    })
                }
                Some(confirmed) if confirmed != quote => {
                    return Err(CommandError::StaleQuote {
                        quote: Box::new(quote.clone()),
                    })
                }
                Some(_) => {}
            }
        }
        let outcome = self.commit(events, actor, &command, now)?;
        for event in &outcome.events {
            self.apply(event);
        }
        if let Some(key) = command.key() {
            self.completed
                .insert(key.clone(), (actor, command, outcome.clone()));
        }
        Ok(outcome)
    }

    /// The first outcome of a keyed command retried by the same actor (U-4).
    fn remembered(
        &self,
        actor: UserId,
        command: &Command,
    ) -> Result<Option<Outcome>, CommandError> {
        let Some(key) = command.key() else {
            return Ok(None);
        };
        match self.completed.get(key) {
            None => Ok(None),
            Some((who, first, outcome)) if *who == actor && first == command => {
                Ok(Some(outcome.clone()))
            }
            Some(_) => Err(CommandError::KeyReused(key.as_str().to_owned())),
        }
    }

    fn commit(
        &self,
        mut events: Vec<Event>,
        actor: UserId,
        command: &Command,
        now: DateTime<Utc>,
    ) -> Result<Outcome, CommandError> {
        let version = self
            .version
            .checked_add(1)
            .ok_or(CommandError::VersionOverflow)?;
        events.push(Event::Committed {
            version,
            at: now,
            keyed: command.key().map(|key| {
                Box::new(KeyedCommand {
                    key: key.clone(),
                    actor,
                    command: command.clone(),
                })
            }),
        });
        Ok(Outcome { version, events })
    }

    /// Seat usage after `delta`. Pending member invitations are always passed on: whether they
    /// reserve seats is the rule of the plan that judges the usage (`Plan::seats_needed`),
    /// which on an upgrade, downgrade or renewal is the *new* plan, not the current one (B-4).
    fn usage_after(&self, delta: Delta) -> SeatUsage {
        SeatUsage::new(
            shifted(self.counts.members, delta.members),
            shifted(self.counts.pending_members, delta.pending),
            shifted(self.counts.guests, delta.guests),
        )
    }

    /// The seats event for a change of head counts, if it needs more paid seats (B-4 … B-8).
    fn seats(&self, delta: Delta, now: DateTime<Utc>) -> Result<Option<Event>, CommandError> {
        let usage = self.usage_after(delta);
        let needed = self.subscription.plan().seats_needed(&usage)?.needed();
        if needed <= self.subscription.paid_seats() {
            return Ok(None);
        }
        let period_end = self.subscription.period().end();
        if now >= period_end {
            return Err(CommandError::RenewalDue { period_end });
        }
        let change = self.subscription.quote_seats(&usage, now)?;
        if change.seats_bought() == 0 {
            return Ok(None);
        }
        Ok(Some(Event::SeatsAdded {
            seats: change.seats_bought(),
            quote: Box::new(change.quote().clone()),
            subscription: Box::new(change.into_subscription()),
        }))
    }

    fn with_seats(
        &self,
        delta: Delta,
        now: DateTime<Utc>,
        mut events: Vec<Event>,
    ) -> Result<Vec<Event>, CommandError> {
        if let Some(seats) = self.seats(delta, now)? {
            events.insert(0, seats);
        }
        Ok(events)
    }

    fn admin(&self, actor: &Principal<'_>, verb: Actions) -> Result<(), CommandError> {
        let area = self.policy.admin_area().ok_or(denied(Deny::UnknownArea))?;
        allow(self.policy.can(actor, verb, &Resource::new(area)))
    }

    /// `verb` on the named area if the policy has it; otherwise only the owner.
    fn area_or_owner(
        &self,
        actor: &Principal<'_>,
        area: &str,
        verb: Actions,
        owner_of: Option<UserId>,
    ) -> Result<(), CommandError> {
        match self.policy.area(area) {
            Some(area) => {
                let mut record = Resource::new(area);
                if let Some(user) = owner_of {
                    record = record.owned_by(user);
                }
                allow(self.policy.can(actor, verb, &record))
            }
            None if actor.is_owner() && actor.is_active() => Ok(()),
            None => Err(denied(Deny::OwnerOnly)),
        }
    }

    /// no one acts on a user ranked above them. Returns the target's role if it is.
    pub(crate) fn outranks(&self, me: &Principal<'_>, user: UserId) -> Option<RoleId> {
        let rank = |role: RoleId| self.policy.role_info(role).map(|r| r.rank());
        let mine = me.role().and_then(rank).unwrap_or(0);
        let theirs = self.members.get(&user)?.role;
        (rank(theirs)? > mine).then_some(theirs)
    }

    fn not_outranked(&self, me: &Principal<'_>, user: UserId) -> Result<(), CommandError> {
        match self.outranks(me, user) {
            Some(role) => Err(denied(Deny::TargetOutranks { role })),
            None => Ok(()),
        }
    }

    fn needs(&self, feature: PlanFeatures) -> Result<(), CommandError> {
        let has = self.subscription.plan().features();
        if has.contains(feature) {
            Ok(())
        } else {
            Err(CommandError::PlanLacksFeature {
                feature: feature.difference(has),
            })
        }
    }

    fn features_in_use(&self) -> PlanFeatures {
        let mut used = PlanFeatures::empty();
        if !self.teams.is_empty() {
            used |= PlanFeatures::TEAMS;
        }
        if !self.custom_roles.is_empty() {
            used |= PlanFeatures::CUSTOM_ROLES;
        }
        used
    }

    fn kind_of(&self, role: RoleId) -> MemberKind {
        if self.policy.guest_role() == Some(role) {
            MemberKind::Guest
        } else {
            MemberKind::Member
        }
    }

    fn role_exists(&self, role: RoleId) -> Result<(), CommandError> {
        self.policy
            .role_info(role)
            .map(|_| ())
            .ok_or(CommandError::UnknownRole(role))
    }

    /// The pending invitation for `email`, if the actor may invite its role (M-3); with
    /// `pending_at`, refused once it has expired (M-2).
    fn invitation_for_admin(
        &self,
        me: &Principal<'_>,
        email: &Email,
        pending_at: Option<DateTime<Utc>>,
    ) -> Result<&super::member::Invitation, CommandError> {
        let invitation = self
            .invitations
            .get(email)
            .ok_or_else(|| CommandError::NoInvitation(email.clone()))?;
        allow(self.policy.may_invite(me, invitation.role))?;
        if pending_at.is_some_and(|now| invitation.is_expired(now)) {
            return Err(CommandError::InvitationExpired(email.clone()));
        }
        Ok(invitation)
    }

    fn active_member(&self, user: UserId) -> Result<&super::member::Member, CommandError> {
        self.members
            .get(&user)
            .ok_or(CommandError::NotAMember(user))
    }

    /// The events `change` by `actor` at `now` yields, or why it is refused. Pure.
    pub(crate) fn decide(
        &self,
        actor: UserId,
        change: &Change,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        let me = self.principal(actor);
        match change {
            Change::Invite {
                invitees,
                expires_at,
            } => self.invite(&me, invitees, *expires_at, now),
            Change::ResendInvitation { email } => {
                self.invitation_for_admin(&me, email, Some(now))?;
                Ok(vec![Event::InvitationResent {
                    email: email.clone(),
                }])
            }
            Change::IssueInviteLink { email, token } => {
                // M-2, M-3: an expired invitation is no longer pending; its link would not work.
                self.invitation_for_admin(&me, email, Some(now))?;
                Ok(vec![Event::InviteLinkIssued {
                    email: email.clone(),
                    token: token.clone(),
                }])
            }
            Change::RevokeInvitation { email } => {
                // Expired or not, an invitation can always be withdrawn.
                self.invitation_for_admin(&me, email, None)?;
                Ok(vec![Event::InvitationRevoked {
                    email: email.clone(),
                }])
            }
            Change::AcceptInvitation { email, name } => {
                let invitation = self
                    .invitations
                    .get(email)
                    .ok_or_else(|| CommandError::NoInvitation(email.clone()))?;
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
                    name: name.clone(),
                    at: now,
                };
                self.with_seats(delta, now, vec![accepted])
            }
            Change::DeclineInvitation { email } => {
                self.invitations
                    .get(email)
                    .ok_or_else(|| CommandError::NoInvitation(email.clone()))?;
                Ok(vec![Event::InvitationDeclined {
                    email: email.clone(),
                }])
            }
            Change::ExpireInvitations => {
                self.admin(&me, Actions::INVITE)?;
                Ok(self
                    .invitations
                    .values()
                    .filter(|i| i.is_expired(now))
                    .map(|i| Event::InvitationExpired {
                        email: i.email.clone(),
                    })
                    .collect())
            }
            Change::RequestAccess { email, name } => {
                let guest_role = self.policy.guest_role().ok_or(CommandError::NoGuests)?;
                if self.members.contains_key(&actor) {
                    return Err(CommandError::UserAlreadyJoined(actor));
                }
                if self.emails.contains_key(email) {
                    return Err(CommandError::AlreadyMember(email.clone()));
                }
                if self.invitations.contains_key(email) {
                    return Err(CommandError::AcceptInvitationInstead(email.clone()));
                }
                if self.requests.contains_key(email) {
                    return Err(CommandError::AlreadyRequested(email.clone()));
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
                Ok(vec![Event::AccessRequested {
                    email: email.clone(),
                    user: actor,
                    name: name.clone(),
                    notify,
                    at: now,
                }])
            }
            Change::ApproveRequest { email } => {
                let request = self
                    .requests
                    .get(email)
                    .ok_or_else(|| CommandError::NoRequest(email.clone()))?;
                let guest_role = self.policy.guest_role().ok_or(CommandError::NoGuests)?;
                allow(self.policy.may_invite(&me, guest_role))?;
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
            Change::RejectRequest { email } => {
                self.requests
                    .get(email)
                    .ok_or_else(|| CommandError::NoRequest(email.clone()))?;
                self.admin(&me, Actions::INVITE)?;
                Ok(vec![Event::AccessRejected {
                    email: email.clone(),
                }])
            }
            Change::ChangeRole { user, role } => {
                let target = self.active_member(*user)?;
                self.role_exists(*role)?;
                allow(
                    self.policy
                        .may_change_role(&me, &self.principal(*user), *role),
                )?;
                let kind = self.kind_of(*role);
                let delta = match (target.kind, kind) {
                    (MemberKind::Guest, MemberKind::Member) => Delta {
                        members: 1,
                        guests: -1,
                        pending: 0,
                    },
                    (MemberKind::Member, MemberKind::Guest) => Delta {
                        members: -1,
                        guests: 1,
                        pending: 0,
                    },
                    _ => Delta::default(),
                };
                let changed = Event::RoleChanged {
                    user: *user,
                    from: target.role,
                    to: *role,
                    kind,
                };
                self.with_seats(delta, now, vec![changed])
            }
            Change::RemoveMember { user } => {
                self.active_member(*user)?;
                allow(self.policy.may_remove(&me, &self.principal(*user)))?;
                // B-5: paid seats stay; nothing to charge or refund.
                Ok(vec![Event::MemberRemoved { user: *user }])
            }
            Change::TransferOwnership { to } => {
                if actor != self.owner || !me.is_active() {
                    return Err(denied(Deny::OwnerOnly));
                }
                let target = self.active_member(*to)?;
                if target.kind == MemberKind::Guest {
                    return Err(CommandError::Guest(*to));
                }
                Ok(vec![Event::OwnershipTransferred {
                    from: self.owner,
                    to: *to,
                    role: self.policy.owner_role(),
                }])
            }
            Change::CreateTeam { team, name } => {
                self.needs(PlanFeatures::TEAMS)?;
                self.admin(&me, Actions::MANAGE)?;
                if self.teams.contains_key(team) {
                    return Err(CommandError::TeamExists(*team));
                }
                let name = non_empty(name)?;
                Ok(vec![Event::TeamCreated { team: *team, name }])
            }
            Change::RenameTeam { team, name } => {
                self.needs(PlanFeatures::TEAMS)?;
                self.admin(&me, Actions::MANAGE)?;
                self.teams.get(team).ok_or(CommandError::NoTeam(*team))?;
                let name = non_empty(name)?;
                Ok(vec![Event::TeamRenamed { team: *team, name }])
            }
            Change::DeleteTeam { team } => {
                self.admin(&me, Actions::MANAGE)?;
                self.teams.get(team).ok_or(CommandError::NoTeam(*team))?;
                Ok(vec![Event::TeamDeleted { team: *team }])
            }
            Change::AddToTeam { team, user } => {
                self.needs(PlanFeatures::TEAMS)?;
                self.admin(&me, Actions::MANAGE)?;
                self.teams.get(team).ok_or(CommandError::NoTeam(*team))?;
                if self.active_member(*user)?.kind == MemberKind::Guest {
                    return Err(CommandError::Guest(*user));
                }
                self.not_outranked(&me, *user)?;
                Ok(vec![Event::AddedToTeam {
                    team: *team,
                    user: *user,
                }])
            }
            Change::RemoveFromTeam { team, user } => {
                self.admin(&me, Actions::MANAGE)?;
                self.teams.get(team).ok_or(CommandError::NoTeam(*team))?;
                self.active_member(*user)?;
                self.not_outranked(&me, *user)?;
                Ok(vec![Event::RemovedFromTeam {
                    team: *team,
                    user: *user,
                }])
            }
            Change::SetAvailability { user, set } => {
                self.own_or_granted(&me, *user, "availability")?;
                Ok(vec![Event::AvailabilityChanged {
                    user: *user,
                    set: *set,
                }])
            }
            Change::ConnectCalendar { user, calendar } => {
                self.own_or_granted(&me, *user, "calendar_connections")?;
                let calendar = non_empty(calendar)?;
                Ok(vec![Event::CalendarConnected {
                    user: *user,
                    calendar,
                }])
            }
            Change::DisconnectCalendar { user } => {
                self.own_or_granted(&me, *user, "calendar_connections")?;
                Ok(vec![Event::CalendarDisconnected { user: *user }])
            }
            Change::DefineRole { role } => {
                self.needs(PlanFeatures::CUSTOM_ROLES)?;
                self.area_or_owner(&me, "custom_roles", Actions::CREATE, None)?;
                let doc = self.document().clone().role(role.clone());
                self.role_change(&me, doc, &role.name, role.rank, RoleChange::Defined)
            }
            Change::EditRole { role } => {
                self.needs(PlanFeatures::CUSTOM_ROLES)?;
                self.area_or_owner(&me, "custom_roles", Actions::EDIT, None)?;
                let mut doc = self.document().clone();
                let slot = doc
                    .roles
                    .iter_mut()
                    .find(|r| r.name == role.name)
                    .ok_or_else(|| CommandError::UnknownRoleName(role.name.clone()))?;
                if !slot.editable {
                    return Err(CommandError::FixedRole(role.name.clone()));
                }
                let old_rank = slot.rank;
                *slot = role.clone();
                self.role_change(
                    &me,
                    doc,
                    &role.name,
                    role.rank.max(old_rank),
                    RoleChange::Edited,
                )
            }
            Change::DeleteRole { name } => {
                self.needs(PlanFeatures::CUSTOM_ROLES)?;
                self.area_or_owner(&me, "custom_roles", Actions::DELETE, None)?;
                let id = self
                    .policy
                    .role(name)
                    .ok_or_else(|| CommandError::UnknownRoleName(name.clone()))?;
                let info = self
                    .policy
                    .role_info(id)
                    .ok_or(CommandError::UnknownRole(id))?;
                if !info.is_editable() {
                    return Err(CommandError::FixedRole(name.clone()));
                }
                let special = [Some(self.policy.owner_role()), self.policy.guest_role()];
                let held = self.members.values().any(|m| m.role == id)
                    || self.invitations.values().any(|i| i.role == id);
                if special.contains(&Some(id)) || held {
                    return Err(CommandError::RoleInUse(name.clone()));
                }
                let mut doc = self.document().clone();
                doc.roles.retain(|r| r.name != *name);
                // SS-8: the default role (Closer) may go too; invitations then name a role.
                if doc.default_role.as_deref() == Some(name.as_str()) {
                    doc.default_role = None;
                }
                self.role_change(&me, doc, name, info.rank(), RoleChange::Deleted)
            }
            Change::Upgrade { plan } => {
                self.area_or_owner(&me, "billing", Actions::MANAGE, None)?;
                let usage = self.usage_after(Delta::default());
                // B-11: only a change to a plan that costs at least as much per period takes
                // effect at once; a cheaper one waits for the period end (`Downgrade`), so
                // paid seats are never given back mid-period (B-5).
                let new_paid = plan.seats_needed(&usage)?.paid();
                let prices = (
                    plan.period_price(new_paid),
                    self.subscription.period_price(),
                );
                if let (Ok(new), Ok(old)) = prices {
                    if new.checked_cmp(&old) == Ok(std::cmp::Ordering::Less) {
                        return Err(CommandError::NotAnUpgrade {
                            from: self.subscription.plan().id().clone(),
                            to: plan.id().clone(),
                        });
                    }
                }
                let change = self.subscription.quote_upgrade(
                    plan.clone(),
                    &usage,
                    self.features_in_use(),
                    now,
                )?;
                Ok(vec![Event::PlanUpgraded {
                    quote: Box::new(change.quote().clone()),
                    subscription: Box::new(change.into_subscription()),
                }])
            }
            Change::Downgrade { plan } => {
                self.area_or_owner(&me, "billing", Actions::MANAGE, None)?;
                let subscription = self.subscription.schedule_downgrade(
                    plan.clone(),
                    &self.usage_after(Delta::default()),
                    self.features_in_use(),
                )?;
                Ok(vec![Event::DowngradeScheduled {
                    subscription: Box::new(subscription),
                }])
            }
            Change::Renew => {
                self.area_or_owner(&me, "billing", Actions::VIEW, None)?;
                let usage = self.usage_after(Delta::default());
                let mut current = self.subscription.clone();
                let mut events = Vec::new();
                while now >= current.period().end() && events.len() < MAX_RENEWALS {
                    let renewal = current.renew(&usage)?;
                    current = renewal.subscription().clone();
                    events.push(Event::Renewed {
                        invoice: Box::new(renewal.invoice().clone()),
                        subscription: Box::new(renewal.into_subscription()),
                    });
                }
                if events.is_empty() {
                    return Err(CommandError::NotDue);
                }
                Ok(events)
            }
        }
    }

    fn invite(
        &self,
        me: &Principal<'_>,
        invitees: &[super::command::Invitee],
        expires_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        if invitees.is_empty() {
            return Err(CommandError::EmptyBatch);
        }
        let mut seen = BTreeSet::new();
        let mut delta = Delta::default();
        let mut new_guests = 0u32;
        let mut events = Vec::with_capacity(invitees.len());
        for invitee in invitees {
            let email = &invitee.email;
            if !seen.insert(email) {
                return Err(CommandError::DuplicateInvitee(email.clone()));
            }
            if self.emails.contains_key(email) {
                return Err(CommandError::AlreadyMember(email.clone()));
            }
            if self.invitations.contains_key(email) {
                return Err(CommandError::AlreadyInvited(email.clone()));
            }
            let role = if invitee.guest {
                self.policy.guest_role().ok_or(CommandError::NoGuests)?
            } else {
                invitee
                    .role
                    .or(self.policy.default_role())
                    .ok_or(CommandError::NoRole)?
            };
            self.role_exists(role)?;
            allow(self.policy.may_invite(me, role))?;
            let kind = self.kind_of(role);
            match self.requests.get(email) {
                // M-6: an invitation meets a pending request: approve it instead.
                Some(request) => {
                    if self.members.contains_key(&request.user) {
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
                    events.push(Event::InvitationSent {
                        email: email.clone(),
                        role,
                        kind,
                        invited_by: me.user(),
                        expires_at,
                        at: now,
                    });
                }
            }
        }
        if new_guests > 0 {
            // Seed 004: adding guests past the allowance asks the inviter to confirm; the
            // seats are counted and charged only when the guests accept (B-7).
            let guests = shifted(self.counts.guests, delta.guests)
                .saturating_add(self.counts.pending_guests)
                .saturating_add(new_guests);
            let status = self.subscription.guest_status(guests);
            if let (true, Some(allowance)) = (status.is_over(), status.allowance()) {
                events.push(Event::GuestLimitConfirmed { guests, allowance });
            }
        }
        self.with_seats(delta, now, events)
    }

    /// The user themselves, or an actor with `edit` on the user's record of `area` (SS-9).
    fn own_or_granted(
        &self,
        me: &Principal<'_>,
        user: UserId,
        area: &str,
    ) -> Result<(), CommandError> {
        self.active_member(user)?;
        if me.user() == user && me.is_active() {
            return Ok(());
        }
        match self.policy.area(area) {
            Some(area) => allow(self.policy.can(
                me,
                Actions::EDIT,
                &Resource::new(area).owned_by(user),
            )),
            // Without the area, only the user may change their own.
            None => Err(denied(Deny::UnknownArea)),
        }
    }

    fn role_change(
        &self,
        me: &Principal<'_>,
        doc: crate::PolicyDocument,
        name: &str,
        rank: u32,
        change: RoleChange,
    ) -> Result<Vec<Event>, CommandError> {
        let compiled = doc.compile()?;
        let mine = me
            .role()
            .and_then(|r| self.policy.role_info(r))
            .map(|r| r.rank())
            .unwrap_or(0);
        if rank > mine {
            // no one defines a role above their own.
            let role = compiled
                .role(name)
                .or(me.role())
                .unwrap_or(self.policy.owner_role());
            return Err(denied(Deny::Escalation { role }));
        }
        Ok(vec![Event::PolicyChanged {
            policy: Box::new(doc),
            role: name.to_owned(),
            change,
        }])
    }
}

fn non_empty(name: &str) -> Result<String, CommandError> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        Err(CommandError::EmptyName)
    } else {
        Ok(trimmed.to_owned())
    }
}

/// The charge among `events` that a caller must confirm (B-9).
fn charge(events: &[Event]) -> Option<&crate::Quote> {
    events.iter().find_map(|e| match e {
        Event::SeatsAdded { quote, .. } | Event::PlanUpgraded { quote, .. }
            if quote.requires_confirmation() =>
        {
            Some(&**quote)
        }
        _ => None,
    })
}

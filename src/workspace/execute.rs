//! Deciding commands: authorization (A-7), seats and money (B-4 … B-11), and the events a
//! command yields. Deciding never changes the workspace; applying the events does (U-2, U-3).

use crate::Verb;
use chrono::{DateTime, Utc};

use super::binding::bind;
use super::command::{Change, Command};
use super::email::Email;
use super::error::CommandError;
use super::event::{Event, KeyedCommand, Outcome};
use super::state::Workspace;
use crate::{
    Decision, Deny, MemberKind, Plan, PlanFeatures, Policy, Principal, Resource, RoleId, SeatUsage,
    Subscription, UserId,
};

/// Renewals one `Renew` command may catch up on, so a far-future instant cannot loop for long.
pub(super) const MAX_RENEWALS: usize = 1_200;

pub(super) fn allow(decision: Decision) -> Result<(), CommandError> {
    if decision.is_allowed() {
        Ok(())
    } else {
        Err(CommandError::Denied(decision))
    }
}

pub(super) fn denied(deny: Deny) -> CommandError {
    CommandError::Denied(Decision::Deny(deny))
}

/// Seat counts after a change, as deltas on the current ones.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Delta {
    pub(super) members: i64,
    pub(super) pending: i64,
    pub(super) guests: i64,
}

pub(super) fn shifted(count: u32, delta: i64) -> u32 {
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
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Email, Event, Plan, UserId, Workspace};
    /// let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// let olga = UserId::new(1);
    /// let email = Email::parse("olga@example.com")?;
    /// let (space, created) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, email, "Olga", now)?;
    /// // SS-2, DS-7: the creator is the owner and holds the owner role.
    /// assert_eq!(space.owner(), olga);
    /// assert_eq!(space.member(olga).map(|m| m.role()), Some(space.policy().owner_role()));
    /// assert!(space.principal(olga).is_owner());
    /// // M-10: the outcome starts the event log the host stores.
    /// assert!(matches!(created.events().first(), Some(Event::Created { .. })));
    /// assert_eq!(created.version(), space.version());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create(
        policy: Policy,
        plan: Plan,
        owner: UserId,
        email: Email,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<(Workspace, Outcome), CommandError> {
        let (subscription, invoice) = Subscription::start(plan, now, &SeatUsage::of_members(1))?;
        let mut space = Workspace::empty(
            policy,
            subscription.clone(),
            owner,
            email.clone(),
            name,
            now,
        );
        let created = Event::Created {
            owner,
            email,
            name: name.to_owned(),
            policy: Box::new(space.document().clone()),
            subscription: Box::new(subscription),
            invoice: Box::new(invoice),
            at: now,
        };
        let outcome = space
            .seal(vec![created], None, now)
            .ok_or(CommandError::VersionOverflow)?;
        for event in &outcome.events {
            space.apply(event);
        }
        Ok((space, outcome))
    }

    /// What `command` would do if `actor` ran it at `now`, without changing anything
    /// ([U-3](crate::rules#u-3-preview), [B-9](crate::rules#b-9-quotes)). A change that costs
    /// money previews fine and returns the quote to confirm.
    ///
    /// # Errors
    ///
    /// The [`CommandError`] that [`execute`](Self::execute) would return, except for a
    /// missing or stale confirmation.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, CommandError, Email, Invitee, Plan, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let invite = Command::new(Change::Invite {
    ///     invitees: vec![Invitee::default_role(Email::parse("ed@example.com")?)],
    ///     expires_at: None,
    /// });
    /// let version = space.version();
    /// let quote = space.preview(olga, &invite, now)?.quote().cloned().ok_or("no charge")?;
    /// assert_eq!(space.version(), version); // U-3: a preview changes nothing
    /// assert_eq!(quote.total().to_string(), "$12.00"); // B-4: the invitation reserves a seat
    /// // B-9: what costs money is applied only with its quote confirmed.
    /// assert!(matches!(space.execute(olga, invite.clone(), now), Err(CommandError::ConfirmationRequired { .. })));
    /// let sent = space.execute(olga, invite.confirming(quote.clone()), now)?;
    /// assert_eq!(sent.quote(), Some(&quote)); // U-3: execute does what the preview said
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn preview(
        &self,
        actor: UserId,
        command: &Command,
        now: DateTime<Utc>,
    ) -> Result<Outcome, CommandError> {
        if let Some(outcome) = self.remembered(actor, command, now)? {
            return Ok(outcome);
        }
        self.not_before_last_change(now)?;
        let events = self.decide(actor, command.change(), now)?;
        let events = bind(events, self.binding(actor, command.change()));
        self.commit(events, actor, command, now)
    }

    /// Applies `command` by `actor` at `now`: all of it, or nothing ([U-2], [I-7]).
    ///
    /// A change that costs money needs the quote confirmed ([`Command::confirming`]); a keyed
    /// command applied again returns its first outcome and charges nothing twice ([U-4]).
    ///
    /// # Errors
    ///
    /// A [`CommandError`]: denied ([A-7]), billing (limits, guests, money), a missing or stale
    /// confirmation, or a bad reference; the workspace is unchanged.
    ///
    /// [U-2]: crate::rules#u-2-commands
    /// [I-7]: crate::rules#i-7-failure-changes-nothing
    /// [U-4]: crate::rules#u-4-idempotency
    /// [A-7]: crate::rules#a-7-administrative-checks
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, CommandError, Email, IdempotencyKey, Plan, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let set = Command::new(Change::SetAvailability { user: olga, set: true })
    ///     .with_key(IdempotencyKey::new("req-7f3a"));
    /// let first = space.execute(olga, set.clone(), now)?;
    /// // U-4: the same keyed command again returns its first outcome and changes nothing.
    /// let again = space.execute(olga, set, now)?;
    /// assert_eq!(again, first);
    /// assert_eq!(space.version(), first.version());
    /// // A-1, U-2: an outsider is denied, and the workspace is unchanged.
    /// let unset = Command::new(Change::SetAvailability { user: olga, set: false });
    /// let err = space.execute(UserId::new(99), unset, now).unwrap_err();
    /// assert!(matches!(err, CommandError::Denied(_)));
    /// assert_eq!(space.version(), first.version());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn execute(
        &mut self,
        actor: UserId,
        command: Command,
        now: DateTime<Utc>,
    ) -> Result<Outcome, CommandError> {
        let (outcome, fresh) = self.decided(actor, &command, now)?;
        if fresh {
            for event in &outcome.events {
                self.apply(event);
            }
            if let Some(key) = command.key() {
                self.remember(key.clone(), actor, command, outcome.clone());
            }
        }
        Ok(outcome)
    }

    /// Exactly what [`execute`](Self::execute) would return — confirmations checked, a keyed
    /// retry answered with its first outcome — without changing the workspace. A host that
    /// writes the outcome somewhere first (a database, with a version check) decides with
    /// this, and applies with `execute` once the write succeeded; both are deterministic, so
    /// they agree. Unlike [`preview`](Self::preview), a missing or stale confirmation is an
    /// error here.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Plan, UserId, Workspace};
    ///
    /// let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// let owner = UserId::new(1);
    /// let (mut space, _) = Workspace::create(
    ///     presets::deal_space()?, Plan::deal_space(), owner, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let command = Command::new(Change::ExpireInvitations);
    /// let decided = space.dry_run(owner, &command, now)?;
    /// assert_eq!(space.version(), 1); // nothing changed yet
    /// assert_eq!(space.execute(owner, command, now)?, decided);
    /// assert_eq!(space.version(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The [`CommandError`] that [`execute`](Self::execute) would return.
    pub fn dry_run(
        &self,
        actor: UserId,
        command: &Command,
        now: DateTime<Utc>,
    ) -> Result<Outcome, CommandError> {
        self.decided(actor, command, now)
            .map(|(outcome, _)| outcome)
    }

    /// The outcome of `command`, and whether it is new (`false`: a keyed retry's first outcome,
    /// which changes nothing).
    fn decided(
        &self,
        actor: UserId,
        command: &Command,
        now: DateTime<Utc>,
    ) -> Result<(Outcome, bool), CommandError> {
        if let Some(outcome) = self.remembered(actor, command, now)? {
            return Ok((outcome, false));
        }
        self.not_before_last_change(now)?;
        let events = self.decide(actor, command.change(), now)?;
        let events = bind(events, self.binding(actor, command.change()));
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
        if let Some(Event::SeatsOnAcceptanceConfirmed {
            seats_needed,
            paid_seats,
        }) = events
            .iter()
            .find(|e| matches!(e, Event::SeatsOnAcceptanceConfirmed { .. }))
        {
            if !command.seats_on_acceptance_confirmed() {
                return Err(CommandError::SeatsOnAcceptanceConfirmationRequired {
                    seats_needed: *seats_needed,
                    paid_seats: *paid_seats,
                });
            }
        }
        // An accepting invitee cannot confirm a charge; the inviter confirmed it at the
        // invitation (B-4, B-7).
        let implicit = matches!(command.change(), Change::AcceptInvitation { .. });
        if let Some(quote) = charge(&events).filter(|_| !implicit) {
            match command.confirmed() {
                None => {
                    return Err(CommandError::ConfirmationRequired {
                        quote: Box::new(quote.clone()),
                    })
                }
                // T-4: a quote confirms only what it was computed for.
                Some(confirmed) if confirmed.binding() != quote.binding() => {
                    return Err(CommandError::QuoteNotForThis {
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
        let outcome = self.commit(events, actor, command, now)?;
        Ok((outcome, true))
    }

    /// T-6: time never runs backwards; a command dated before the last change is refused.
    fn not_before_last_change(&self, now: DateTime<Utc>) -> Result<(), CommandError> {
        if now < self.head_at {
            Err(CommandError::TimeWentBack {
                now,
                last: self.head_at,
            })
        } else {
            Ok(())
        }
    }

    /// The first outcome of a keyed command retried by the same actor within the key's
    /// retention window (U-4, T-8).
    fn remembered(
        &self,
        actor: UserId,
        command: &Command,
        now: DateTime<Utc>,
    ) -> Result<Option<Outcome>, CommandError> {
        let Some(key) = command.key() else {
            return Ok(None);
        };
        match self.live_key(key, now) {
            None => Ok(None),
            Some((who, first, outcome)) if *who == actor && first == command => {
                Ok(Some(outcome.clone()))
            }
            Some(_) => Err(CommandError::KeyReused(key.as_str().to_owned())),
        }
    }

    fn commit(
        &self,
        events: Vec<Event>,
        actor: UserId,
        command: &Command,
        now: DateTime<Utc>,
    ) -> Result<Outcome, CommandError> {
        let keyed = command.key().map(|key| {
            Box::new(KeyedCommand {
                key: key.clone(),
                actor,
                command: command.clone(),
            })
        });
        self.seal(events, keyed, now)
            .ok_or(CommandError::VersionOverflow)
    }

    /// Seat usage at `now` after `delta`. Pending member invitations are always passed on:
    /// whether they reserve seats is the rule of the plan that judges the usage
    /// (`Plan::seats_needed`), which on an upgrade, downgrade or renewal is the *new* plan,
    /// not the current one; invitations expired at `now` are not pending, recorded or not (B-4).
    pub(super) fn usage_after(&self, delta: Delta, now: DateTime<Utc>) -> SeatUsage {
        SeatUsage::of_members(shifted(self.counts.members, delta.members))
            .with_pending_member_invites(shifted(self.pending_members_at(now), delta.pending))
            .with_accepted_guests(shifted(self.counts.guests, delta.guests))
    }

    /// B-11: while a downgrade is scheduled, a change its plan would refuse — more seats than
    /// its hard limit or guest ratio allow with `usage`, or `features` it lacks — is refused,
    /// naming that plan.
    pub(super) fn scheduled_allows(
        &self,
        usage: &SeatUsage,
        features: PlanFeatures,
    ) -> Result<(), CommandError> {
        let Some(plan) = self.subscription.scheduled_plan() else {
            return Ok(());
        };
        let blockers = self.subscription.scheduled_blockers(usage, features)?;
        if blockers.is_empty() {
            Ok(())
        } else {
            Err(CommandError::RefusedByScheduledPlan {
                plan: plan.id().clone(),
                blockers,
            })
        }
    }

    /// The seats event for a change of head counts, if it needs more paid seats (B-4 … B-8).
    pub(super) fn seats(
        &self,
        delta: Delta,
        now: DateTime<Utc>,
    ) -> Result<Option<Event>, CommandError> {
        let usage = self.usage_after(delta, now);
        let needed = self.subscription.plan().seats_needed(&usage)?.needed();
        self.scheduled_allows(&usage, PlanFeatures::empty())?;
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

    pub(super) fn with_seats(
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

    pub(super) fn admin(&self, actor: &Principal<'_>, verb: Verb) -> Result<(), CommandError> {
        let area = self.policy.admin_area().ok_or(denied(Deny::UnknownArea))?;
        allow(self.policy.can(actor, verb, &Resource::new(area)))
    }

    /// `verb` on the named area if the policy has it; otherwise only the owner.
    pub(super) fn area_or_owner(
        &self,
        actor: &Principal<'_>,
        area: &str,
        verb: Verb,
        owner_of: Option<UserId>,
    ) -> Result<(), CommandError> {
        match self.policy.area(area).ok() {
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

    /// A-7: no one acts on a user ranked above them. Returns the target's role if it is.
    pub(crate) fn outranks(&self, me: &Principal<'_>, user: UserId) -> Option<RoleId> {
        let rank = |role: RoleId| self.policy.role_info(role).map(|r| r.rank());
        let mine = me.role().and_then(rank).unwrap_or(0);
        let theirs = self.members.get(&user)?.role;
        (rank(theirs)? > mine).then_some(theirs)
    }

    pub(super) fn not_outranked(
        &self,
        me: &Principal<'_>,
        user: UserId,
    ) -> Result<(), CommandError> {
        match self.outranks(me, user) {
            Some(role) => Err(denied(Deny::TargetOutranks { role })),
            None => Ok(()),
        }
    }

    pub(super) fn needs(&self, feature: PlanFeatures) -> Result<(), CommandError> {
        let has = self.subscription.plan().features();
        if !has.contains(feature) {
            return Err(CommandError::PlanLacksFeature {
                feature: feature.difference(has),
            });
        }
        // B-11: nor may the workspace take up a feature the scheduled plan lacks. Seats are
        // not at stake here: usage passes as nothing.
        self.scheduled_allows(&SeatUsage::EMPTY, feature)
    }

    pub(super) fn features_in_use(&self) -> PlanFeatures {
        let mut used = PlanFeatures::empty();
        if !self.teams.is_empty() {
            used |= PlanFeatures::TEAMS;
        }
        if !self.custom_roles.is_empty() {
            used |= PlanFeatures::CUSTOM_ROLES;
        }
        used
    }

    pub(super) fn kind_of(&self, role: RoleId) -> MemberKind {
        if self.policy.guest_role() == Some(role) {
            MemberKind::Guest
        } else {
            MemberKind::Member
        }
    }

    /// The role if it is one of the policy's (T-1), with its position hint for this policy.
    pub(super) fn role_exists(&self, role: RoleId) -> Result<RoleId, CommandError> {
        self.policy
            .rehint(role)
            .ok_or(CommandError::UnknownRole(role))
    }

    /// The pending invitation for `email`, if the actor may invite its role (M-3); with
    /// `pending_at`, refused once it has expired (M-2).
    pub(super) fn invitation_for_admin(
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

    pub(super) fn active_member(
        &self,
        user: UserId,
    ) -> Result<&super::member::Member, CommandError> {
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
            Change::ResendInvitation { email } => self.resend_invitation(&me, email, now),
            Change::IssueInviteLink { email, token } => {
                self.issue_invite_link(&me, email, token, now)
            }
            Change::RevokeInvitation { email } => self.revoke_invitation(&me, email),
            Change::AcceptInvitation { email, name, proof } => {
                self.accept_invitation(actor, email, name, proof, now)
            }
            Change::DeclineInvitation { email, proof } => self.decline_invitation(email, proof),
            Change::ExpireInvitations => self.expire_invitations(&me, now),
            Change::RequestAccess { email, name } => self.request_access(actor, email, name, now),
            Change::ApproveRequest { email } => self.approve_request(&me, email, now),
            Change::RejectRequest { email } => self.reject_request(&me, email),
            Change::ChangeRole { user, role } => self.change_role(&me, user, role, now),
            Change::RemoveMember { user } => self.remove_member(&me, user),
            Change::TransferOwnership { to } => self.transfer_ownership(&me, actor, to),
            Change::CreateTeam { team, name } => self.create_team(&me, team, name),
            Change::RenameTeam { team, name } => self.rename_team(&me, team, name),
            Change::DeleteTeam { team } => self.delete_team(&me, team),
            Change::AddToTeam { team, user } => self.add_to_team(&me, team, user),
            Change::RemoveFromTeam { team, user } => self.remove_from_team(&me, team, user),
            Change::SetAvailability { user, set } => self.set_availability(&me, user, set),
            Change::ConnectCalendar { user, calendar } => {
                self.connect_calendar(&me, user, calendar)
            }
            Change::DisconnectCalendar { user } => self.disconnect_calendar(&me, user),
            Change::DefineRole { role } => self.define_role(&me, role),
            Change::EditRole { role } => self.edit_role(&me, role),
            Change::DeleteRole { name } => self.delete_role(&me, name),
            Change::Upgrade { plan } => self.upgrade(&me, plan, now),
            Change::Downgrade { plan } => self.downgrade(&me, plan, now),
            Change::CancelDowngrade => self.cancel_downgrade(&me),
            Change::Renew => self.renew(&me, now),
        }
    }
}

/// `name` trimmed, if it is a clean name (T-6).
pub(super) fn clean(what: &'static str, name: &str) -> Result<String, CommandError> {
    Ok(crate::text::clean_name(what, name, crate::MAX_NAME_CHARS)?)
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

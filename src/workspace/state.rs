//! The workspace value: who is in it, what it pays, and how events change it (U-2, U-5).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, TimeDelta, Utc};

use super::command::{Command, IdempotencyKey};
use super::email::Email;
use super::event::{Event, Outcome, RoleChange};
use super::log::{changed_document, CommitDigest, DEFAULT_KEY_RETENTION};
use super::member::{AccessRequest, Invitation, Member, Team};
use crate::{
    MemberKind, Policy, PolicyDocument, Principal, RoleId, SeatUsage, Standing, Subscription,
    UserId,
};

/// Head counts kept beside the maps so that seat checks never walk the member list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    // INVARIANT: equal to counting `members` by kind and `invitations` for members, kept by `apply`.
    pub(crate) members: u32,
    pub(crate) guests: u32,
    pub(crate) pending_members: u32,
    pub(crate) pending_guests: u32,
}

impl Counts {
    fn add(&mut self, kind: MemberKind) {
        match kind {
            MemberKind::Member => self.members = self.members.saturating_add(1),
            MemberKind::Guest => self.guests = self.guests.saturating_add(1),
        }
    }

    fn remove(&mut self, kind: MemberKind) {
        match kind {
            MemberKind::Member => self.members = self.members.saturating_sub(1),
            MemberKind::Guest => self.guests = self.guests.saturating_sub(1),
        }
    }
}

/// Pending invitations by expiry, so that the ones expired at an instant are found without
/// walking every invitation (B-4, M-2): counting them costs `O(log n)` plus one step per
/// distinct expiry instant already passed and not yet recorded by
/// [`Change::ExpireInvitations`](super::command::Change::ExpireInvitations).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Expiries {
    // INVARIANT: exactly the pending invitations that have an expiry, under that expiry and
    // their address, by kind; kept by `Workspace::apply` and rebuilt on loading.
    members: BTreeMap<DateTime<Utc>, BTreeSet<Email>>,
    guests: BTreeMap<DateTime<Utc>, BTreeSet<Email>>,
}

impl Expiries {
    /// The index of `invitations`.
    pub(crate) fn of<'i>(invitations: impl Iterator<Item = &'i Invitation>) -> Expiries {
        let mut expiries = Expiries::default();
        for invitation in invitations {
            expiries.insert(invitation);
        }
        expiries
    }

    fn side(&mut self, kind: MemberKind) -> &mut BTreeMap<DateTime<Utc>, BTreeSet<Email>> {
        match kind {
            MemberKind::Member => &mut self.members,
            MemberKind::Guest => &mut self.guests,
        }
    }

    pub(crate) fn insert(&mut self, invitation: &Invitation) {
        if let Some(at) = invitation.expires_at {
            self.side(invitation.kind)
                .entry(at)
                .or_default()
                .insert(invitation.email.clone());
        }
    }

    pub(crate) fn remove(&mut self, invitation: &Invitation) {
        if let Some(at) = invitation.expires_at {
            let side = self.side(invitation.kind);
            if let Some(set) = side.get_mut(&at) {
                set.remove(&invitation.email);
                if set.is_empty() {
                    side.remove(&at);
                }
            }
        }
    }

    /// Invitations of `kind` expired at `now` (expiry at or before it, as
    /// [`Invitation::is_expired`]) and still pending.
    pub(crate) fn expired(&self, kind: MemberKind, now: DateTime<Utc>) -> u32 {
        let side = match kind {
            MemberKind::Member => &self.members,
            MemberKind::Guest => &self.guests,
        };
        let n: usize = side.range(..=now).map(|(_, set)| set.len()).sum();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// The addresses of every invitation expired at `now`, in address order.
    pub(crate) fn expired_emails(&self, now: DateTime<Utc>) -> BTreeSet<&Email> {
        self.members
            .range(..=now)
            .chain(self.guests.range(..=now))
            .flat_map(|(_, set)| set.iter())
            .collect()
    }
}

fn move_holder(
    holders: &mut BTreeMap<RoleId, BTreeSet<UserId>>,
    user: UserId,
    from: RoleId,
    to: RoleId,
) {
    if let Some(set) = holders.get_mut(&from) {
        set.remove(&user);
    }
    holders.entry(to).or_default().insert(user);
}

/// The role-holders index of a set of members.
pub(crate) fn holders_of<'m>(
    members: impl Iterator<Item = &'m Member>,
) -> BTreeMap<RoleId, BTreeSet<UserId>> {
    // Gathered per role, then each set built at once: members come in user order, and a
    // set collected from sorted ids is built in bulk rather than node by node.
    let mut users: BTreeMap<RoleId, Vec<UserId>> = BTreeMap::new();
    for member in members {
        users.entry(member.role).or_default().push(member.user);
    }
    users
        .into_iter()
        .map(|(role, users)| (role, users.into_iter().collect()))
        .collect()
}

/// A workspace: an owner, a policy, a subscription, members and guests, invitations, access
/// requests and teams. It changes only through commands
/// ([`execute`](Workspace::execute)), each of which yields events; replaying the events
/// rebuilds an equal workspace (I-8).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use seatwise::{presets, Change, Command, Email, Invitee, Plan, UserId, Workspace};
///
/// let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
/// let owner = UserId::new(1);
/// let (mut space, created) = Workspace::create(
///     presets::deal_space()?, Plan::deal_space(), owner, Email::parse("olga@example.com")?, "Olga", now)?;
///
/// let invite = Change::Invite { invitees: vec![Invitee::guest(Email::parse("gus@example.com")?)], expires_at: None };
/// let outcome = space.execute(owner, Command::new(invite), now)?;
/// assert_eq!(outcome.version(), 2);
///
/// let rebuilt = Workspace::replay(created.events().iter().chain(outcome.events()))?;
/// assert_eq!(rebuilt, space);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(
    try_from = "super::stored::StoredWorkspace",
    into = "super::stored::StoredWorkspace"
)]
pub struct Workspace {
    pub(crate) policy: Policy,
    pub(crate) subscription: Subscription,
    pub(crate) owner: UserId,
    pub(crate) members: BTreeMap<UserId, Member>,
    pub(crate) emails: BTreeMap<Email, UserId>,
    pub(crate) removed: BTreeSet<UserId>,
    pub(crate) invitations: BTreeMap<Email, Invitation>,
    pub(crate) requests: BTreeMap<Email, AccessRequest>,
    pub(crate) teams: BTreeMap<crate::TeamId, Team>,
    pub(crate) custom_roles: BTreeSet<String>,
    pub(crate) completed: BTreeMap<IdempotencyKey, (UserId, Command, Outcome)>,
    pub(crate) counts: Counts,
    /// Who holds each role, so that finding the admins to notify is not a scan (M-4).
    // INVARIANT: exactly the members by role, kept by `apply` and rebuilt on policy changes.
    pub(crate) holders: BTreeMap<RoleId, BTreeSet<UserId>>,
    /// Pending invitations by expiry, so that expired ones reserve nothing (B-4).
    pub(crate) expiries: Expiries,
    pub(crate) version: u64,
    /// A digest of the creation, which quotes are bound to (T-4).
    pub(crate) identity: [u8; 32],
    /// The digest of the last commit (T-3).
    pub(crate) head: CommitDigest,
    /// When the last commit was made.
    pub(crate) head_at: DateTime<Utc>,
    /// How long idempotency keys are kept (T-8).
    pub(crate) key_retention: TimeDelta,
    /// The remembered keys by commit time, oldest first, to forget them in order (T-8).
    // INVARIANT: exactly the keys of `completed`, each with its outcome's commit time.
    pub(crate) key_times: BTreeSet<(DateTime<Utc>, IdempotencyKey)>,
}

impl PartialEq for Workspace {
    fn eq(&self, other: &Self) -> bool {
        // One compiled policy is equal to itself; only distinct ones need their documents.
        (std::sync::Arc::ptr_eq(&self.policy.inner, &other.policy.inner)
            || self.policy.document() == other.policy.document())
            && self.subscription == other.subscription
            && self.owner == other.owner
            && self.members == other.members
            && self.emails == other.emails
            && self.removed == other.removed
            && self.invitations == other.invitations
            && self.requests == other.requests
            && self.teams == other.teams
            && self.custom_roles == other.custom_roles
            && self.completed == other.completed
            && self.counts == other.counts
            && self.expiries == other.expiries
            && self.version == other.version
            && self.identity == other.identity
            && self.head == other.head
            && self.head_at == other.head_at
            && self.key_retention == other.key_retention
    }
}

impl Workspace {
    pub(crate) fn empty(
        policy: Policy,
        subscription: Subscription,
        owner: UserId,
        email: Email,
        name: &str,
        at: DateTime<Utc>,
    ) -> Workspace {
        let identity = super::binding::identity_of(owner, &email, policy.name(), at);
        let mut space = Workspace {
            policy,
            subscription,
            owner,
            members: BTreeMap::new(),
            emails: BTreeMap::new(),
            removed: BTreeSet::new(),
            invitations: BTreeMap::new(),
            requests: BTreeMap::new(),
            teams: BTreeMap::new(),
            custom_roles: BTreeSet::new(),
            completed: BTreeMap::new(),
            counts: Counts::default(),
            holders: BTreeMap::new(),
            expiries: Expiries::default(),
            identity,
            version: 0,
            head: CommitDigest::GENESIS,
            head_at: at,
            key_retention: DEFAULT_KEY_RETENTION,
            key_times: BTreeSet::new(),
        };
        let role = space.policy.owner_role();
        space.join(owner, email, name.to_owned(), role, MemberKind::Member, at);
        space
    }

    fn join(
        &mut self,
        user: UserId,
        email: Email,
        name: String,
        role: RoleId,
        kind: MemberKind,
        at: DateTime<Utc>,
    ) {
        if self.members.contains_key(&user) || self.emails.contains_key(&email) {
            return;
        }
        let role = self.policy.rehint(role).unwrap_or(role);
        self.removed.remove(&user);
        self.emails.insert(email.clone(), user);
        self.counts.add(kind);
        self.holders.entry(role).or_default().insert(user);
        self.members.insert(
            user,
            Member {
                user,
                email,
                name,
                role,
                kind,
                teams: Vec::new(),
                availability: false,
                calendar: None,
                joined_at: at,
            },
        );
    }

    fn take_invitation(&mut self, email: &Email) -> Option<Invitation> {
        let invitation = self.invitations.remove(email)?;
        self.expiries.remove(&invitation);
        match invitation.kind {
            MemberKind::Member => {
                self.counts.pending_members = self.counts.pending_members.saturating_sub(1)
            }
            MemberKind::Guest => {
                self.counts.pending_guests = self.counts.pending_guests.saturating_sub(1)
            }
        }
        Some(invitation)
    }

    /// Applies one event. Events come from [`decide`](Self::decide), or from a log whose
    /// replay checked each one first (`log.rs`, T-3); ones that refer to missing entities are
    /// skipped, so that applying never panics.
    pub(crate) fn apply(&mut self, event: &Event) {
        match event {
            Event::Created { .. }
            | Event::GuestLimitConfirmed { .. }
            | Event::SeatsOnAcceptanceConfirmed { .. } => {}
            Event::InvitationSent {
                email,
                token,
                role,
                kind,
                invited_by,
                expires_at,
                at,
            } => {
                // B-4, M-2: a new invitation replaces an expired one for the same address.
                self.take_invitation(email);
                match kind {
                    MemberKind::Member => {
                        self.counts.pending_members = self.counts.pending_members.saturating_add(1)
                    }
                    MemberKind::Guest => {
                        self.counts.pending_guests = self.counts.pending_guests.saturating_add(1)
                    }
                }
                let invitation = Invitation {
                    email: email.clone(),
                    role: *role,
                    kind: *kind,
                    invited_by: *invited_by,
                    sent_at: *at,
                    expires_at: *expires_at,
                    resent: 0,
                    link: token.clone(),
                };
                self.expiries.insert(&invitation);
                self.invitations.insert(email.clone(), invitation);
            }
            Event::InvitationResent { email } => {
                if let Some(i) = self.invitations.get_mut(email) {
                    i.resent = i.resent.saturating_add(1);
                }
            }
            Event::InviteLinkIssued { email, token } => {
                if let Some(i) = self.invitations.get_mut(email) {
                    i.link = Some(token.clone());
                }
            }
            Event::InvitationRevoked { email }
            | Event::InvitationDeclined { email }
            | Event::InvitationExpired { email } => {
                self.take_invitation(email);
            }
            Event::InvitationAccepted {
                email,
                user,
                name,
                at,
            } => {
                if let Some(invitation) = self.take_invitation(email) {
                    self.join(
                        *user,
                        email.clone(),
                        name.clone(),
                        invitation.role,
                        invitation.kind,
                        *at,
                    );
                }
            }
            Event::AccessRequested {
                email,
                user,
                name,
                at,
                ..
            } => {
                self.requests.insert(
                    email.clone(),
                    AccessRequest {
                        email: email.clone(),
                        user: *user,
                        name: name.clone(),
                        requested_at: *at,
                    },
                );
            }
            Event::AccessApproved {
                email,
                user,
                role,
                kind,
                at,
            } => {
                if let Some(request) = self.requests.remove(email) {
                    self.join(*user, email.clone(), request.name, *role, *kind, *at);
                }
            }
            Event::AccessRejected { email } => {
                self.requests.remove(email);
            }
            Event::RoleChanged { user, to, kind, .. } => {
                let to = self.policy.rehint(*to).unwrap_or(*to);
                if let Some(member) = self.members.get_mut(user) {
                    let was = member.kind;
                    move_holder(&mut self.holders, *user, member.role, to);
                    member.role = to;
                    member.kind = *kind;
                    if was != *kind {
                        self.counts.remove(was);
                        self.counts.add(*kind);
                    }
                }
            }
            Event::MemberRemoved { user } => {
                if let Some(member) = self.members.remove(user) {
                    self.emails.remove(&member.email);
                    if let Some(set) = self.holders.get_mut(&member.role) {
                        set.remove(user);
                    }
                    self.counts.remove(member.kind);
                    for team in &member.teams {
                        if let Some(t) = self.teams.get_mut(team) {
                            t.members.remove(user);
                        }
                    }
                    self.removed.insert(*user);
                }
            }
            Event::OwnershipTransferred { to, role, .. } => {
                if let Some(member) = self.members.get_mut(to) {
                    move_holder(&mut self.holders, *to, member.role, *role);
                    member.role = *role;
                    self.owner = *to;
                }
            }
            Event::TeamCreated { team, name } => {
                self.teams.insert(
                    *team,
                    Team {
                        id: *team,
                        name: name.clone(),
                        members: BTreeSet::new(),
                    },
                );
            }
            Event::TeamRenamed { team, name } => {
                if let Some(t) = self.teams.get_mut(team) {
                    t.name = name.clone();
                }
            }
            Event::TeamDeleted { team } => {
                if let Some(t) = self.teams.remove(team) {
                    for user in t.members {
                        if let Some(m) = self.members.get_mut(&user) {
                            m.teams.retain(|x| x != team);
                        }
                    }
                }
            }
            Event::AddedToTeam { team, user } => {
                if let (Some(t), Some(m)) = (self.teams.get_mut(team), self.members.get_mut(user)) {
                    if t.members.insert(*user) {
                        m.teams.push(*team);
                    }
                }
            }
            Event::RemovedFromTeam { team, user } => {
                if let Some(t) = self.teams.get_mut(team) {
                    t.members.remove(user);
                }
                if let Some(m) = self.members.get_mut(user) {
                    m.teams.retain(|x| x != team);
                }
            }
            Event::AvailabilityChanged { user, set } => {
                if let Some(m) = self.members.get_mut(user) {
                    m.availability = *set;
                }
            }
            Event::CalendarConnected { user, calendar } => {
                if let Some(m) = self.members.get_mut(user) {
                    m.calendar = Some(calendar.clone());
                }
            }
            Event::CalendarDisconnected { user } => {
                if let Some(m) = self.members.get_mut(user) {
                    m.calendar = None;
                }
            }
            Event::PolicyChanged {
                role,
                change,
                definition,
            } => {
                let changed =
                    changed_document(self.document(), role, *change, definition.as_deref());
                if let Ok(Ok(policy)) = changed.map(|doc| doc.compile()) {
                    self.switch_policy(policy);
                    self.note_role_change(role, *change);
                }
            }
            Event::DowngradeCancelled { .. } | Event::DowngradeDropped { .. } => {
                self.subscription = self.subscription.cancel_scheduled_change();
            }
            Event::SeatsAdded { subscription, .. }
            | Event::PlanUpgraded { subscription, .. }
            | Event::DowngradeScheduled { subscription }
            | Event::Renewed { subscription, .. } => {
                self.subscription = (**subscription).clone();
            }
            Event::Committed {
                version,
                at,
                digest,
                ..
            } => {
                self.version = *version;
                self.head = *digest;
                self.head_at = *at;
                // T-8: keys whose window has closed are forgotten as commands commit.
                self.forget_keys(*at);
            }
        }
    }

    /// Keeps the custom roles' names in step with a role change.
    pub(crate) fn note_role_change(&mut self, role: &str, change: RoleChange) {
        match change {
            RoleChange::Defined => {
                self.custom_roles.insert(role.to_owned());
            }
            RoleChange::Deleted => {
                self.custom_roles.remove(role);
            }
            RoleChange::Edited => {}
        }
    }

    /// Swaps in a recompiled policy, moving every role reference to the new ids by name.
    pub(crate) fn switch_policy(&mut self, next: Policy) {
        let old = std::mem::replace(&mut self.policy, next);
        // T-1: ids are keys; only their position hints change with the policy.
        let remap = |role: RoleId, _old: &Policy, new: &Policy| -> RoleId {
            new.rehint(role).unwrap_or(role)
        };
        for member in self.members.values_mut() {
            member.role = remap(member.role, &old, &self.policy);
        }
        self.holders = holders_of(self.members.values());
        for invitation in self.invitations.values_mut() {
            invitation.role = remap(invitation.role, &old, &self.policy);
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The subscription.
    pub fn subscription(&self) -> &Subscription {
        &self.subscription
    }

    /// The owner.
    pub fn owner(&self) -> UserId {
        self.owner
    }

    /// When the last command was applied (or the workspace created); commands dated before
    /// it are refused (T-6).
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Plan, UserId, Workspace};
    /// let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// let olga = UserId::new(1);
    /// let (mut space, _) = Workspace::create(
    ///     presets::sales_scheduler()?, Plan::business(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// assert_eq!(space.changed_at(), now);
    /// let later = now + TimeDelta::hours(2);
    /// let set = Command::new(Change::SetAvailability { user: olga, set: true });
    /// space.execute(olga, set.clone(), later)?;
    /// assert_eq!(space.changed_at(), later);
    /// // T-6: a command dated before the last one is refused, and changes nothing.
    /// assert!(space.execute(olga, set, now).is_err());
    /// assert_eq!((space.changed_at(), space.version()), (later, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn changed_at(&self) -> DateTime<Utc> {
        self.head_at
    }

    /// The version: 1 at creation, one more for every applied command (U-4).
    pub fn version(&self) -> u64 {
        self.version
    }

    /// An active member or guest.
    pub fn member(&self, user: UserId) -> Option<&Member> {
        self.members.get(&user)
    }

    /// Every active member and guest, by user id.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Invitee, Plan, Proof, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::sales_scheduler()?, Plan::business(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let (ann, email) = (UserId::new(2), Email::parse("ann@example.com")?);
    /// space.execute(olga, Command::new(Change::Invite {
    ///     invitees: vec![Invitee::default_role(email.clone())], expires_at: None }), now)?;
    /// // M-1: an invitee is not a member until they accept.
    /// assert_eq!(space.members().count(), 1);
    /// space.execute(ann, Command::new(Change::AcceptInvitation {
    ///     email, name: "Ann".into(), proof: Proof::VerifiedEmail }), now)?;
    /// let users: Vec<UserId> = space.members().map(|m| m.user()).collect();
    /// assert_eq!(users, [olga, ann]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn members(&self) -> impl Iterator<Item = &Member> {
        self.members.values()
    }

    /// The pending invitation for an address.
    pub fn invitation(&self, email: &Email) -> Option<&Invitation> {
        self.invitations.get(email)
    }

    /// Every pending invitation, by address.
    pub fn invitations(&self) -> impl Iterator<Item = &Invitation> {
        self.invitations.values()
    }

    /// The pending access request of an address (M-4); addresses are compared as parsed, so
    /// case does not matter (M-9).
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Plan, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let vic = UserId::new(8);
    /// space.execute(vic, Command::new(Change::RequestAccess { email: Email::parse("vic@example.com")?, name: "Vic".into() }), now)?;
    /// let request = space.request(&Email::parse("Vic@Example.com")?).ok_or("no request")?;
    /// assert_eq!(request.user(), vic);
    /// assert!(space.request(&Email::parse("ann@example.com")?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn request(&self, email: &Email) -> Option<&AccessRequest> {
        self.requests.get(email)
    }

    /// Every pending access request, by address (M-4). Approving one makes the requester a
    /// guest and takes the request away (M-5).
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Plan, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let vic = UserId::new(8);
    /// let email = Email::parse("vic@example.com")?;
    /// space.execute(vic, Command::new(Change::RequestAccess { email: email.clone(), name: "Vic".into() }), now)?;
    /// assert_eq!(space.requests().map(|r| r.user()).collect::<Vec<_>>(), [vic]);
    /// space.execute(olga, Command::new(Change::ApproveRequest { email }), now)?;
    /// assert_eq!(space.requests().count(), 0);
    /// assert!(space.member(vic).is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn requests(&self) -> impl Iterator<Item = &AccessRequest> {
        self.requests.values()
    }

    /// A team (M-8).
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Plan, TeamId, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::sales_scheduler()?, Plan::business(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let east = TeamId::new(10);
    /// assert!(space.team(east).is_none());
    /// space.execute(olga, Command::new(Change::CreateTeam { team: east, name: "East".into() }), now)?;
    /// assert_eq!(space.team(east).map(|t| t.name()), Some("East"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn team(&self, team: crate::TeamId) -> Option<&Team> {
        self.teams.get(&team)
    }

    /// Every team, by id (M-8). Teams need a plan with teams (A-11).
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Plan, TeamId, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::sales_scheduler()?, Plan::business(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// for (id, name) in [(20, "West"), (10, "East")] {
    ///     space.execute(olga, Command::new(Change::CreateTeam { team: TeamId::new(id), name: name.into() }), now)?;
    /// }
    /// let names: Vec<&str> = space.teams().map(|t| t.name()).collect();
    /// assert_eq!(names, ["East", "West"]);
    /// // A-11: the deal space plan has no teams.
    /// let (mut small, _) = Workspace::create(
    ///     presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// assert!(small.execute(olga, Command::new(Change::CreateTeam { team: TeamId::new(10), name: "East".into() }), now).is_err());
    /// assert_eq!(small.teams().count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn teams(&self) -> impl Iterator<Item = &Team> {
        self.teams.values()
    }

    /// Members, pending member invitations and accepted guests, as billing counts them (B-4,
    /// B-7), counting every invitation not yet recorded as expired. An invitation stops
    /// reserving a seat the moment it expires, recorded or not: prefer
    /// [`seat_usage_at`](Self::seat_usage_at).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Invitee, Plan, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let invite = Command::new(Change::Invite {
    ///     invitees: vec![Invitee::default_role(Email::parse("ed@example.com")?), Invitee::guest(Email::parse("rita@example.com")?)],
    ///     expires_at: None,
    /// });
    /// let quote = space.preview(olga, &invite, now)?.quote().cloned().ok_or("no charge")?;
    /// space.execute(olga, invite.confirming(quote), now)?;
    /// // B-4, B-7: the member invitation reserves a seat; the guest counts only once accepted.
    /// let usage = space.seat_usage();
    /// assert_eq!((usage.members(), usage.pending_member_invites(), usage.accepted_guests()), (1, 1, 0));
    /// assert_eq!(space.subscription().paid_seats(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn seat_usage(&self) -> SeatUsage {
        let pending = if self.subscription.plan().invites_reserve_seats() {
            self.counts.pending_members
        } else {
            0
        };
        SeatUsage::of_members(self.counts.members)
            .with_pending_member_invites(pending)
            .with_accepted_guests(self.counts.guests)
    }

    /// Members, member invitations still pending at `now` and accepted guests, as billing
    /// counts them at `now` (B-4, B-7): an invitation past its expiry reserves nothing,
    /// whether or not [`Change::ExpireInvitations`](super::command::Change::ExpireInvitations)
    /// has recorded it. Costs `O(log n)` plus one step per expiry instant passed and not yet
    /// recorded.
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Invitee, Plan, UserId, Workspace};
    ///
    /// let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// let owner = UserId::new(1);
    /// let (mut space, _) = Workspace::create(
    ///     presets::sales_scheduler()?, Plan::startup(), owner, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let invite = Command::new(Change::Invite {
    ///     invitees: vec![Invitee::default_role(Email::parse("ann@example.com")?)],
    ///     expires_at: Some(now + TimeDelta::days(1)),
    /// });
    /// let quote = space.preview(owner, &invite, now)?.quote().cloned().unwrap();
    /// space.execute(owner, invite.confirming(quote), now)?;
    /// assert_eq!(space.seat_usage_at(now).pending_member_invites(), 1);
    /// // Two weeks on the invitation has expired: it reserves nothing, recorded or not.
    /// assert_eq!(space.seat_usage_at(now + TimeDelta::days(14)).pending_member_invites(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn seat_usage_at(&self, now: DateTime<Utc>) -> SeatUsage {
        let pending = if self.subscription.plan().invites_reserve_seats() {
            self.pending_members_at(now)
        } else {
            0
        };
        SeatUsage::of_members(self.counts.members)
            .with_pending_member_invites(pending)
            .with_accepted_guests(self.counts.guests)
    }

    /// Member invitations still pending at `now` (B-4, M-2).
    pub(crate) fn pending_members_at(&self, now: DateTime<Utc>) -> u32 {
        self.counts
            .pending_members
            .saturating_sub(self.expiries.expired(MemberKind::Member, now))
    }

    /// Guest invitations still pending at `now` (B-6, M-2).
    pub(crate) fn pending_guests_at(&self, now: DateTime<Utc>) -> u32 {
        self.counts
            .pending_guests
            .saturating_sub(self.expiries.expired(MemberKind::Guest, now))
    }

    /// The principal for `user`, for [`Policy::can`]: active members and guests with their
    /// role, teams, owner flag and plan; removed users and strangers as such (A-1).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Email, Plan, Resource, Standing, UserId, Verb, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (space, _) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let policy = space.policy();
    /// let billing = Resource::new(policy.area("billing")?);
    /// // The workspace knows the owner, the role and the plan: no flag for the host to forget.
    /// assert!(policy.can(&space.principal(olga), Verb::MANAGE, &billing).is_allowed()); // DS-7
    /// let outsider = space.principal(UserId::new(99));
    /// assert_eq!(outsider.standing(), Standing::Stranger); // A-1
    /// assert!(!policy.can(&outsider, Verb::VIEW, &billing).is_allowed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn principal(&self, user: UserId) -> Principal<'_> {
        match self.members.get(&user) {
            Some(member) => match member.kind {
                MemberKind::Member => Principal::member(user, member.role),
                MemberKind::Guest => Principal::guest(user, member.role),
            }
            .with_teams(&member.teams)
            .with_plan(self.subscription.plan().features())
            .with_owner(self.owner),
            None if self.removed.contains(&user) => {
                Principal::stranger(user).with_standing(Standing::Removed)
            }
            None => Principal::stranger(user),
        }
    }

    pub(crate) fn document(&self) -> &PolicyDocument {
        self.policy.document()
    }
}

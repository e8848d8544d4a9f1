//! Events: what happened, for the host to act on and store (M-10, U-5). A workspace rebuilt
//! from its events equals the original (I-8).

use chrono::{DateTime, Utc};

use super::command::{Command, IdempotencyKey};
use super::email::Email;
use super::log::CommitDigest;
use super::member::InviteToken;
use crate::{
    Invoice, MemberKind, PlanChangeBlocker, PlanId, PolicyDocument, Quote, RoleId, RoleSpec,
    Subscription, TeamId, UserId,
};

/// Something that happened to a workspace. Hosts send the e-mails and notifications events
/// call for, and store events to rebuild the workspace with
/// [`Workspace::replay`](crate::Workspace::replay).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Event {
    /// The workspace was created with its owner, policy and subscription.
    Created {
        /// The owner (SS-2).
        owner: UserId,
        /// The owner's address.
        email: Email,
        /// The owner's name.
        name: String,
        /// The policy.
        policy: Box<PolicyDocument>,
        /// The subscription.
        subscription: Box<Subscription>,
        /// The first period's invoice.
        invoice: Box<Invoice>,
        /// When.
        at: DateTime<Utc>,
    },
    /// An invitation was sent: e-mail the address, with the link token if the host gave one (M-1).
    InvitationSent {
        /// The invitee.
        email: Email,
        /// The host's token for the invitation link, if given with the invitee (M-3).
        token: Option<InviteToken>,
        /// The role offered.
        role: RoleId,
        /// Member or guest.
        kind: MemberKind,
        /// Who invited.
        invited_by: UserId,
        /// When it expires.
        expires_at: Option<DateTime<Utc>>,
        /// When.
        at: DateTime<Utc>,
    },
    /// An invitation was sent again: e-mail the address (M-3).
    InvitationResent {
        /// The invitee.
        email: Email,
    },
    /// An invitation link was issued: the host may show or copy it (M-3).
    InviteLinkIssued {
        /// The invitee.
        email: Email,
        /// The host's token.
        token: InviteToken,
    },
    /// An invitation was withdrawn.
    InvitationRevoked {
        /// The invitee.
        email: Email,
    },
    /// An invitation was accepted: the user joined (M-2).
    InvitationAccepted {
        /// The invitee.
        email: Email,
        /// The user who joined.
        user: UserId,
        /// Their name.
        name: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// An invitation was declined (M-2).
    InvitationDeclined {
        /// The invitee.
        email: Email,
    },
    /// An invitation expired (M-2).
    InvitationExpired {
        /// The invitee.
        email: Email,
    },
    /// Someone asked for guest access: notify these admins (M-4).
    AccessRequested {
        /// The requester's address.
        email: Email,
        /// The requester.
        user: UserId,
        /// Their name.
        name: String,
        /// The users who may approve it, to notify.
        notify: Vec<UserId>,
        /// When.
        at: DateTime<Utc>,
    },
    /// A request was approved: the requester joined; notify them (M-5, M-6).
    AccessApproved {
        /// The requester's address.
        email: Email,
        /// The requester.
        user: UserId,
        /// The role given.
        role: RoleId,
        /// Guest, or member when an invitation met the request (M-6).
        kind: MemberKind,
        /// When.
        at: DateTime<Utc>,
    },
    /// The inviter confirmed that the guests invited, once they accept, go past the guest
    /// allowance and may cost extra seats then (seed 004's confirmation prompt, B-6, B-7).
    GuestLimitConfirmed {
        /// Accepted guests plus pending guest invitations, this batch included.
        guests: u32,
        /// The allowance on the seats paid now.
        allowance: u64,
    },
    /// The inviter confirmed that the members invited, once they accept, need more seats than
    /// are paid, on a plan whose invitations reserve none (B-4); they are charged then.
    SeatsOnAcceptanceConfirmed {
        /// Seats needed once every pending member invitation is accepted.
        seats_needed: u32,
        /// Seats paid now.
        paid_seats: u32,
    },
    /// A request was rejected: notify no one (M-5).
    AccessRejected {
        /// The requester's address.
        email: Email,
    },
    /// A member's role changed.
    RoleChanged {
        /// The member.
        user: UserId,
        /// The old role.
        from: RoleId,
        /// The new role.
        to: RoleId,
        /// Member or guest after the change.
        kind: MemberKind,
    },
    /// A member or guest was removed: they lose access at once (M-7).
    MemberRemoved {
        /// The user.
        user: UserId,
    },
    /// The workspace has a new owner.
    OwnershipTransferred {
        /// The old owner.
        from: UserId,
        /// The new owner.
        to: UserId,
        /// The new owner's role (the policy's owner role).
        role: RoleId,
    },
    /// A team was created (M-8).
    TeamCreated {
        /// The team.
        team: TeamId,
        /// Its name.
        name: String,
    },
    /// A team was renamed.
    TeamRenamed {
        /// The team.
        team: TeamId,
        /// The new name.
        name: String,
    },
    /// A team was deleted.
    TeamDeleted {
        /// The team.
        team: TeamId,
    },
    /// A member joined a team.
    AddedToTeam {
        /// The team.
        team: TeamId,
        /// The member.
        user: UserId,
    },
    /// A member left a team.
    RemovedFromTeam {
        /// The team.
        team: TeamId,
        /// The member.
        user: UserId,
    },
    /// A user's availability was set or cleared (SS-15).
    AvailabilityChanged {
        /// The user.
        user: UserId,
        /// Whether it is set.
        set: bool,
    },
    /// A calendar was connected (SS-15).
    CalendarConnected {
        /// The user.
        user: UserId,
        /// The calendar's address.
        calendar: String,
    },
    /// A calendar was disconnected.
    CalendarDisconnected {
        /// The user.
        user: UserId,
    },
    /// The policy changed: a custom role was defined, edited or deleted (SS-8). The event
    /// carries the change, not the whole policy, so a log grows with what happened (T-8).
    PolicyChanged {
        /// The role concerned.
        role: String,
        /// What happened to it.
        change: RoleChange,
        /// The role's definition after the change; `None` for a deleted role.
        definition: Option<Box<RoleSpec>>,
    },
    /// Seats were bought: charge the quote (B-4, B-8).
    SeatsAdded {
        /// How many.
        seats: u32,
        /// The charge.
        quote: Box<Quote>,
        /// The subscription after it.
        subscription: Box<Subscription>,
    },
    /// The plan was upgraded: charge the quote (B-11).
    PlanUpgraded {
        /// Credit and charge.
        quote: Box<Quote>,
        /// The subscription after it.
        subscription: Box<Subscription>,
    },
    /// A downgrade was scheduled for the period end (B-11).
    DowngradeScheduled {
        /// The subscription, with the plan it will switch to.
        subscription: Box<Subscription>,
    },
    /// The owner cancelled the downgrade scheduled for the period end: the plan in force
    /// renews (B-11).
    DowngradeCancelled {
        /// The plan the cancelled downgrade would have switched to.
        plan: PlanId,
    },
    /// At renewal, the scheduled downgrade could no longer take over the workspace: it is
    /// dropped and the workspace renews on its current plan; tell the owner why (B-12).
    /// Always followed by [`Event::Renewed`].
    DowngradeDropped {
        /// The plan the dropped downgrade would have switched to.
        plan: PlanId,
        /// Why it could not: every reason.
        blockers: Vec<PlanChangeBlocker>,
    },
    /// A new period began: charge the invoice (B-12).
    Renewed {
        /// The invoice.
        invoice: Box<Invoice>,
        /// The subscription for the new period.
        subscription: Box<Subscription>,
    },
    /// The command was applied; the workspace is now at `version`. Always the last event of
    /// an outcome.
    Committed {
        /// The new version.
        version: u64,
        /// When.
        at: DateTime<Utc>,
        /// The key, actor and command, when the command had a key (U-4).
        keyed: Option<Box<KeyedCommand>>,
        /// SHA-256 over the previous commit's digest and this command's events, this one
        /// without its digest: a log is tamper-evident (T-3, [`CommitDigest::chain`]).
        digest: CommitDigest,
    },
}

/// A keyed command as [`Event::Committed`] records it: who ran what under which key (U-4).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct KeyedCommand {
    /// The idempotency key.
    pub key: IdempotencyKey,
    /// Who ran it; the key answers only to the same actor.
    pub actor: UserId,
    /// The command.
    pub command: Command,
}

/// What happened to a role in [`Event::PolicyChanged`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "snake_case")]
pub enum RoleChange {
    /// A custom role was defined.
    Defined,
    /// A role was edited.
    Edited,
    /// A role was deleted.
    Deleted,
}

/// What an applied (or previewed) command did: its events, ending with
/// [`Event::Committed`], which names the version it brings the workspace to.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use seatwise::{presets, Change, Command, Email, Event, Invitee, Plan, UserId, Workspace};
/// let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
/// let olga = UserId::new(1);
/// let (mut space, created) = Workspace::create(
///     presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
/// assert_eq!(created.version(), 1);
/// assert!(created.quote().is_none());
/// let invite = Command::new(Change::Invite {
///     invitees: vec![Invitee::default_role(Email::parse("ed@example.com")?)],
///     expires_at: None,
/// });
/// // B-9: the preview's quote is what the command charges once confirmed.
/// let quote = space.preview(olga, &invite, now)?.quote().cloned().ok_or("no charge")?;
/// let outcome = space.execute(olga, invite.confirming(quote.clone()), now)?;
/// assert_eq!(outcome.quote(), Some(&quote));
/// // U-4: the version to store with compare-and-swap, from the closing marker.
/// assert_eq!(outcome.version(), space.version());
/// assert!(matches!(outcome.events().last(), Some(Event::Committed { version: 2, .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub(crate) events: Vec<Event>,
}

impl Outcome {
    /// The workspace version after the command (U-4: store with compare-and-swap), as its
    /// closing [`Event::Committed`] says; 0 for an outcome without one.
    pub fn version(&self) -> u64 {
        match self.events.last() {
            Some(Event::Committed { version, .. }) => *version,
            _ => 0,
        }
    }

    /// The events, in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// What the command charges, if anything: seats added or an upgrade (B-9).
    pub fn quote(&self) -> Option<&Quote> {
        self.events.iter().find_map(|e| match e {
            Event::SeatsAdded { quote, .. } | Event::PlanUpgraded { quote, .. } => Some(&**quote),
            _ => None,
        })
    }
}

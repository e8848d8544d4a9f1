//! Why a command was refused. A refused command changes nothing (U-2, I-7).

use super::email::Email;
use crate::{BillingError, Decision, PlanFeatures, PolicyError, Quote, RoleId, TeamId, UserId};

/// A refused command. The workspace is left exactly as it was.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CommandError {
    /// The actor may not do this; the decision says why, and
    /// [`Decision::explain`] names the role and area.
    #[error("not allowed: {}", .0.denial().map_or_else(String::new, |d| d.to_string()))]
    Denied(Decision),
    /// The workspace's plan lacks a feature the command needs.
    #[error("the plan lacks the feature needed")]
    PlanLacksFeature {
        /// The missing features.
        feature: PlanFeatures,
    },
    /// The change costs money and no quote was confirmed (B-9).
    #[error("the change costs {}; confirm the quote to apply it", quote.total())]
    ConfirmationRequired {
        /// The quote to confirm.
        quote: Box<Quote>,
    },
    /// The confirmed quote is not what the change costs now (B-9).
    #[error("the confirmed quote is stale; the change now costs {}", quote.total())]
    StaleQuote {
        /// The current quote.
        quote: Box<Quote>,
    },
    /// The confirmed quote was computed for another workspace, version, actor or command
    /// (T-4); preview this command now and confirm the quote it returns.
    #[error("the confirmed quote was computed for another workspace, version or command; this change costs {}", quote.total())]
    QuoteNotForThis {
        /// The quote for this command, now.
        quote: Box<Quote>,
    },
    /// Guests invited past the allowance need the inviter's confirmation
    /// ([`Command::confirming_guest_limit`](crate::Command::confirming_guest_limit)): they may
    /// cost extra seats when they accept (B-6, B-7).
    #[error("{guests} guests would exceed the allowance of {allowance}; confirm the guest limit to invite them")]
    GuestLimitConfirmationRequired {
        /// Accepted guests plus pending guest invitations, this batch included.
        guests: u32,
        /// The allowance on the seats paid now.
        allowance: u64,
    },
    /// Members invited on a plan whose invitations reserve no seat will need more seats when
    /// they accept: confirm with
    /// [`Command::confirming_seats_on_acceptance`](crate::Command::confirming_seats_on_acceptance) (B-4).
    #[error("once the invitees accept, {seats_needed} seats are needed and {paid_seats} are paid; confirm the seats to invite them")]
    SeatsOnAcceptanceConfirmationRequired {
        /// Seats needed once every pending member invitation is accepted.
        seats_needed: u32,
        /// Seats paid now.
        paid_seats: u32,
    },
    /// Seats are needed but the billing period has ended: renew first (B-12).
    #[error("the billing period ended at {period_end}; renew before changing seats")]
    RenewalDue {
        /// When the period ended.
        period_end: chrono::DateTime<chrono::Utc>,
    },
    /// The new plan costs less per period than the current one: downgrade at the period end
    /// instead (B-11).
    #[error("plan `{to}` costs less than `{from}`: downgrade at the period end instead")]
    NotAnUpgrade {
        /// The current plan.
        from: crate::PlanId,
        /// The plan asked for.
        to: crate::PlanId,
    },
    /// The change would break the plan a scheduled downgrade switches to at the period end
    /// (B-11): cancel the downgrade ([`Change::CancelDowngrade`](crate::Change::CancelDowngrade))
    /// or wait for the renewal.
    #[error(
        "the downgrade to plan `{plan}` scheduled for the period end would not allow this: {}; cancel the downgrade first",
        join_blockers(.blockers)
    )]
    RefusedByScheduledPlan {
        /// The plan the scheduled downgrade switches to.
        plan: crate::PlanId,
        /// Every reason that plan refuses the change.
        blockers: Vec<crate::PlanChangeBlocker>,
    },
    /// There is no scheduled downgrade to cancel (B-11).
    #[error("no downgrade is scheduled")]
    NoScheduledDowngrade,
    /// Seats, limits, plan changes or money (B-4, B-6, B-11).
    #[error(transparent)]
    Billing(#[from] BillingError),
    /// A custom role that does not make a valid policy.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The address already belongs to a member or guest (M-9).
    #[error("`{0}` is already in the workspace")]
    AlreadyMember(Email),
    /// The address already has a pending invitation.
    #[error("`{0}` already has a pending invitation")]
    AlreadyInvited(Email),
    /// The same address appears twice in one batch (M-1).
    #[error("`{0}` appears twice in the batch")]
    DuplicateInvitee(Email),
    /// An invitation batch names no one.
    #[error("the batch invites no one")]
    EmptyBatch,
    /// No pending invitation for the address (M-3).
    #[error("no pending invitation for `{0}`")]
    NoInvitation(Email),
    /// The invitation has expired (M-2).
    #[error("the invitation for `{0}` has expired")]
    InvitationExpired(Email),
    /// A user with a pending invitation asks for access: accept the invitation instead (M-4).
    #[error("`{0}` has a pending invitation; accept it instead")]
    AcceptInvitationInstead(Email),
    /// A second request while one is pending (M-4).
    #[error("`{0}` already has a pending access request")]
    AlreadyRequested(Email),
    /// No pending access request for the address.
    #[error("no pending access request for `{0}`")]
    NoRequest(Email),
    /// The user is already in the workspace under another address (M-9).
    #[error("user {0} is already in the workspace")]
    UserAlreadyJoined(UserId),
    /// The user is not an active member or guest.
    #[error("user {0} is not in the workspace")]
    NotAMember(UserId),
    /// The policy has no guest role, so there are no guests.
    #[error("this workspace's policy has no guest role")]
    NoGuests,
    /// The policy names no default role and the invitee has none.
    #[error("the invitee needs a role: the policy has no default role")]
    NoRole,
    /// The role is not in the policy.
    #[error("unknown role {0:?}")]
    UnknownRole(RoleId),
    /// No role of that name.
    #[error("no role `{0}`")]
    UnknownRoleName(String),
    /// The role is fixed: it cannot be edited or deleted (SS-8).
    #[error("role `{0}` cannot be edited or deleted")]
    FixedRole(String),
    /// Someone still holds the role, or it is the owner's, default or guest role.
    #[error("role `{0}` is in use")]
    RoleInUse(String),
    /// The team does not exist.
    #[error("no team {0}")]
    NoTeam(TeamId),
    /// A team with that id already exists.
    #[error("team {0} already exists")]
    TeamExists(TeamId),
    /// Guests cannot join teams or become owner.
    #[error("user {0} is a guest")]
    Guest(UserId),
    /// Nothing to renew yet: the period has not ended (B-12).
    #[error("the current period has not ended")]
    NotDue,
    /// A name is empty, too long, or holds control or invisible characters (T-6).
    #[error(transparent)]
    InvalidName(#[from] crate::NameError),
    /// The actor did not show that the invited address is theirs: no proof, or a link token
    /// that is not the invitation's (T-7).
    #[error("the invitation to `{0}` needs proof that it is yours: its link token, or an address the host verified")]
    NotYourInvitation(Email),
    /// The command is dated before the workspace's last change: time never runs backwards (T-6).
    #[error("the command is dated {now}, before the workspace's last change at {last}")]
    TimeWentBack {
        /// The command's time.
        now: chrono::DateTime<chrono::Utc>,
        /// The last change.
        last: chrono::DateTime<chrono::Utc>,
    },
    /// The invitation would expire at or before the moment it is sent (T-6).
    #[error("the invitation would expire at {expires_at}, which is not after {now}")]
    ExpiresInThePast {
        /// The expiry asked for.
        expires_at: chrono::DateTime<chrono::Utc>,
        /// The command's time.
        now: chrono::DateTime<chrono::Utc>,
    },
    /// The key was used for another command, or by another actor (U-4).
    #[error("idempotency key `{0}` was used for another command")]
    KeyReused(String),
    /// The version would overflow.
    #[error("the workspace version cannot grow further")]
    VersionOverflow,
}

/// Joins plan-change blockers for a message.
fn join_blockers(blockers: &[crate::PlanChangeBlocker]) -> String {
    blockers
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why events could not be replayed into a workspace (U-5, T-3). Each names the version of
/// the command where the log goes wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// The first event is not [`Event::Created`](crate::Event::Created).
    #[error("the events do not start with the workspace's creation")]
    NotCreated,
    /// The creation's policy does not compile.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A second creation, in the command that would reach `version`.
    #[error("the workspace is created again at version {version}")]
    CreatedAgain {
        /// The version of the command it appears in.
        version: u64,
    },
    /// A commit out of sequence: a gap, a fork (two commits of one version) or a step back.
    #[error("a commit of version {found} where version {expected} comes next (a gap, a fork or a step back)")]
    Version {
        /// The version that comes next.
        expected: u64,
        /// The version the commit names.
        found: u64,
    },
    /// The log ends inside a command, before its commit: a batch is all or nothing (M-1).
    #[error("the log ends before the commit of version {version}")]
    Truncated {
        /// The version the unfinished command would have reached.
        version: u64,
    },
    /// A commit's digest is not the one its events and the previous digest give: the log
    /// was changed (T-3).
    #[error("the digest of version {version} does not match its events")]
    Digest {
        /// The version.
        version: u64,
    },
    /// An event refers to what does not exist at that point, or creates what exists.
    #[error("the command of version {version} cannot apply: {reason}")]
    Refused {
        /// The version of the command the event belongs to.
        version: u64,
        /// Why.
        reason: super::log::EventRefusal,
    },
    /// The workspace the log leads to breaks an invariant (T-2).
    #[error("the workspace at version {version} does not hold together: {error}")]
    Invalid {
        /// The version reached.
        version: u64,
        /// The broken invariant.
        error: Box<super::stored::StoredWorkspaceError>,
    },
}

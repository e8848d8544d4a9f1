//! Commands: every change to a workspace, with the quote it confirms and an idempotency key
//! (U-2, U-3, U-4).

use chrono::{DateTime, Utc};

use super::email::Email;
use super::member::InviteToken;
use crate::{Plan, Quote, RoleId, RoleSpec, TeamId, UserId};

/// Someone to invite: an address and a role, or a guest (M-1).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Invitee {
    /// The address.
    pub email: Email,
    /// The role; `None` means the policy's default role (DS-1), or its guest role for a guest.
    pub role: Option<RoleId>,
    /// Invite as a read-only guest.
    pub guest: bool,
    /// The host's token for the invitation link, sent with the invitation (M-3).
    #[serde(default)]
    pub token: Option<InviteToken>,
}

impl Invitee {
    /// A member with `role`.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Invitee, MemberKind, Plan, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let manager = space.policy().role("manager")?;
    /// let invite = Command::new(Change::Invite {
    ///     invitees: vec![
    ///         Invitee::member(Email::parse("mia@example.com")?, manager),
    ///         Invitee::guest(Email::parse("rita@example.com")?),
    ///     ],
    ///     expires_at: None,
    /// });
    /// let quote = space.preview(olga, &invite, now)?.quote().cloned().ok_or("no charge")?;
    /// assert_eq!(quote.total().to_string(), "$12.00"); // B-4, B-7: one seat for Mia, none for a guest
    /// space.execute(olga, invite.confirming(quote), now)?;
    /// let rita = space.invitation(&Email::parse("rita@example.com")?).ok_or("not invited")?;
    /// assert_eq!(rita.kind(), MemberKind::Guest);
    /// assert_eq!(Some(rita.role()), space.policy().guest_role()); // DS-3
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn member(email: Email, role: RoleId) -> Self {
        Invitee {
            email,
            role: Some(role),
            guest: false,
            token: None,
        }
    }

    /// A member with the policy's default role.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Invitee, Plan, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let ed = Email::parse("ed@example.com")?;
    /// let invite = Command::new(Change::Invite { invitees: vec![Invitee::default_role(ed.clone())], expires_at: None });
    /// let quote = space.preview(olga, &invite, now)?.quote().cloned().ok_or("no charge")?;
    /// space.execute(olga, invite.confirming(quote), now)?;
    /// // DS-1: the default role of the deal space is Editor.
    /// assert_eq!(space.invitation(&ed).map(|i| i.role()), Some(space.policy().role("editor")?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn default_role(email: Email) -> Self {
        Invitee {
            email,
            role: None,
            guest: false,
            token: None,
        }
    }

    /// The same invitee, with the host's token for the invitation link (M-3).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Invitee, InviteToken, Plan, Proof, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let rita = Email::parse("rita@example.com")?;
    /// let link = InviteToken::new("a6Jq-host-generated");
    /// let invite = Invitee::guest(rita.clone()).with_token(link.clone());
    /// space.execute(olga, Command::new(Change::Invite { invitees: vec![invite], expires_at: None }), now)?;
    /// // T-7: whoever follows the link accepts with its token; a wrong token is refused.
    /// let wrong = Change::AcceptInvitation { email: rita.clone(), name: "Rita".into(), proof: Proof::LinkToken(InviteToken::new("guess")) };
    /// assert!(space.execute(UserId::new(7), Command::new(wrong), now).is_err());
    /// let right = Change::AcceptInvitation { email: rita, name: "Rita".into(), proof: Proof::LinkToken(link) };
    /// space.execute(UserId::new(7), Command::new(right), now)?;
    /// assert!(space.member(UserId::new(7)).is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_token(mut self, token: InviteToken) -> Self {
        self.token = Some(token);
        self
    }

    /// A read-only guest.
    pub fn guest(email: Email) -> Self {
        Invitee {
            email,
            role: None,
            guest: true,
            token: None,
        }
    }
}

/// How the actor of an acceptance or a refusal shows that the invited address is theirs (T-7).
/// Without it anyone could join as, or turn away, someone else.
///
/// ```
/// use seatwise::{Change, Email, InviteToken, Proof};
/// // The invitee followed the link the host sent, whose token came with the invitation.
/// let accept = Change::AcceptInvitation {
///     email: Email::parse("ana@example.com")?,
///     name: "Ana".into(),
///     proof: Proof::LinkToken(InviteToken::new("k3J9-link")),
/// };
/// # let _ = accept;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Proof {
    /// The token of the invitation's link: the one given with the invitee
    /// ([`Invitee::with_token`]) or issued later ([`Change::IssueInviteLink`]).
    LinkToken(InviteToken),
    /// The host has verified that the actor owns the invited address (for example, they
    /// signed in with it and confirmed it). The host vouches for this; seatwise cannot check it.
    VerifiedEmail,
}

/// What a command changes. The actor and the time are passed to
/// [`Workspace::execute`](crate::Workspace::execute) beside it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Change {
    /// Invite addresses, all or none (M-1); an address with a pending access request has the
    /// request approved instead (M-6).
    Invite {
        /// Who to invite.
        invitees: Vec<Invitee>,
        /// When the invitations expire, if ever (M-2).
        expires_at: Option<DateTime<Utc>>,
    },
    /// Send a pending invitation again (M-3).
    ResendInvitation {
        /// The invitee.
        email: Email,
    },
    /// Record an invitation link the host generated (M-3, "copy invite link").
    IssueInviteLink {
        /// The invitee.
        email: Email,
        /// The host's token.
        token: InviteToken,
    },
    /// Withdraw a pending invitation ("delete" on a pending row, M-3).
    RevokeInvitation {
        /// The invitee.
        email: Email,
    },
    /// The actor accepts the invitation sent to `email` and joins (M-2).
    AcceptInvitation {
        /// The address invited.
        email: Email,
        /// The actor's profile name.
        name: String,
        /// How the actor shows they own `email` (T-7).
        proof: Proof,
    },
    /// The actor declines the invitation sent to `email` (M-2).
    DeclineInvitation {
        /// The address invited.
        email: Email,
        /// How the actor shows they own `email` (T-7).
        proof: Proof,
    },
    /// Expire every invitation whose expiry is at or before now (M-2).
    ExpireInvitations,
    /// The actor, outside the workspace, asks for guest access (M-4).
    RequestAccess {
        /// The actor's address.
        email: Email,
        /// The actor's profile name.
        name: String,
    },
    /// Approve a pending access request: the requester joins as a guest (M-5).
    ApproveRequest {
        /// The requester.
        email: Email,
    },
    /// Reject a pending access request, silently (M-5).
    RejectRequest {
        /// The requester.
        email: Email,
    },
    /// Give a member another role (A-7). Moving to or from the guest role turns a member
    /// into a guest or back.
    ChangeRole {
        /// The member.
        user: UserId,
        /// The new role.
        role: RoleId,
    },
    /// Remove a member or guest (M-7).
    RemoveMember {
        /// The user.
        user: UserId,
    },
    /// Make another member the owner (A-7); only the owner may.
    TransferOwnership {
        /// The new owner.
        to: UserId,
    },
    /// Create a team (M-8).
    CreateTeam {
        /// The host's id for it.
        team: TeamId,
        /// Its name.
        name: String,
    },
    /// Rename a team.
    RenameTeam {
        /// The team.
        team: TeamId,
        /// The new name.
        name: String,
    },
    /// Delete a team.
    DeleteTeam {
        /// The team.
        team: TeamId,
    },
    /// Add a member to a team.
    AddToTeam {
        /// The team.
        team: TeamId,
        /// The member.
        user: UserId,
    },
    /// Take a member out of a team.
    RemoveFromTeam {
        /// The team.
        team: TeamId,
        /// The member.
        user: UserId,
    },
    /// Mark a user's availability as set or not (SS-15).
    SetAvailability {
        /// The user.
        user: UserId,
        /// Whether it is set.
        set: bool,
    },
    /// Connect a calendar for a user (SS-15).
    ConnectCalendar {
        /// The user.
        user: UserId,
        /// The calendar's address.
        calendar: String,
    },
    /// Disconnect a user's calendar.
    DisconnectCalendar {
        /// The user.
        user: UserId,
    },
    /// Define a custom role (SS-8, A-11).
    DefineRole {
        /// The role.
        role: RoleSpec,
    },
    /// Replace an editable role's definition (SS-8).
    EditRole {
        /// The role, matched by name.
        role: RoleSpec,
    },
    /// Delete an editable role no one holds (SS-8).
    DeleteRole {
        /// The role's name.
        name: String,
    },
    /// Upgrade at once: credit the unused old plan, charge the new one (B-11).
    Upgrade {
        /// The new plan.
        plan: Plan,
    },
    /// Downgrade at the period end, if the workspace fits the new plan (B-11).
    Downgrade {
        /// The new plan.
        plan: Plan,
    },
    /// Cancel the downgrade scheduled for the period end: the plan in force renews (B-11).
    CancelDowngrade,
    /// Start the next billing period(s) up to now, with their invoices (B-12). Never refused
    /// because of a scheduled downgrade: one that no longer fits is dropped, and the
    /// workspace renews on its current plan ([`Event::DowngradeDropped`](crate::Event::DowngradeDropped)).
    Renew,
}

/// A key the host attaches to a command so that a retry returns the first outcome (U-4).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Wraps the host's key.
    pub fn new(key: &str) -> Self {
        IdempotencyKey(key.to_owned())
    }
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A change, the quote the caller confirms for it (B-9), and an idempotency key (U-4).
///
/// ```
/// use seatwise::{Change, Command, IdempotencyKey};
/// let command = Command::new(Change::ExpireInvitations).with_key(IdempotencyKey::new("cron-42"));
/// assert!(command.key().is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Command {
    change: Change,
    confirmed: Option<Quote>,
    #[serde(default)]
    guest_limit_confirmed: bool,
    #[serde(default)]
    seats_on_acceptance_confirmed: bool,
    key: Option<IdempotencyKey>,
}

impl Command {
    /// A command with no confirmation and no key.
    pub fn new(change: Change) -> Self {
        Command {
            change,
            confirmed: None,
            guest_limit_confirmed: false,
            seats_on_acceptance_confirmed: false,
            key: None,
        }
    }

    /// Confirms the quote a preview returned; a change that costs money needs it (B-9).
    pub fn confirming(mut self, quote: Quote) -> Self {
        self.confirmed = Some(quote);
        self
    }

    /// Confirms inviting guests past the guest allowance: they may cost extra seats when they
    /// accept (seed 004's prompt; B-6, B-7). Nothing is charged until then.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, CommandError, Email, Invitee, Plan, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// // One paid seat allows 5 guests (B-6); inviting 6 needs the owner to confirm that a seat
    /// // will be charged when the 6th accepts (B-7, B-10).
    /// let guests = (1..=6)
    ///     .map(|i| Email::parse(&format!("guest{i}@example.com")).map(Invitee::guest))
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// let invite = Command::new(Change::Invite { invitees: guests, expires_at: None });
    /// assert!(matches!(
    ///     space.execute(olga, invite.clone(), now),
    ///     Err(CommandError::GuestLimitConfirmationRequired { .. })
    /// ));
    /// let confirmed = invite.confirming_guest_limit();
    /// assert!(confirmed.guest_limit_confirmed());
    /// space.execute(olga, confirmed, now)?;
    /// assert_eq!(space.invitations().count(), 6);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn confirming_guest_limit(mut self) -> Self {
        self.guest_limit_confirmed = true;
        self
    }

    /// Whether inviting guests past the allowance is confirmed.
    pub fn guest_limit_confirmed(&self) -> bool {
        self.guest_limit_confirmed
    }

    /// Confirms inviting members who, on a plan whose invitations reserve no seat, will need
    /// more paid seats when they accept (B-4); nothing is charged until then.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, CommandError, Email, Invitee, Plan, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// // B-4: on a plan whose invitations reserve no seat, a member invitation costs nothing now
    /// // but a seat when accepted; the inviter confirms that.
    /// let plan = Plan::deal_space().to_builder().invites_reserve_seats(false).build()?;
    /// let (mut space, _) = Workspace::create(presets::deal_space()?, plan, olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let invite = Command::new(Change::Invite {
    ///     invitees: vec![Invitee::default_role(Email::parse("ed@example.com")?)],
    ///     expires_at: None,
    /// });
    /// assert!(matches!(
    ///     space.execute(olga, invite.clone(), now),
    ///     Err(CommandError::SeatsOnAcceptanceConfirmationRequired { .. })
    /// ));
    /// space.execute(olga, invite.confirming_seats_on_acceptance(), now)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn confirming_seats_on_acceptance(mut self) -> Self {
        self.seats_on_acceptance_confirmed = true;
        self
    }

    /// Whether seats charged on acceptance are confirmed.
    pub fn seats_on_acceptance_confirmed(&self) -> bool {
        self.seats_on_acceptance_confirmed
    }

    /// Attaches an idempotency key (U-4).
    pub fn with_key(mut self, key: IdempotencyKey) -> Self {
        self.key = Some(key);
        self
    }

    /// The change.
    pub fn change(&self) -> &Change {
        &self.change
    }

    /// The confirmed quote, if any.
    pub fn confirmed(&self) -> Option<&Quote> {
        self.confirmed.as_ref()
    }

    /// The idempotency key, if any.
    pub fn key(&self) -> Option<&IdempotencyKey> {
        self.key.as_ref()
    }
}

impl From<Change> for Command {
    fn from(change: Change) -> Self {
        Command::new(change)
    }
}

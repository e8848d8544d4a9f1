//! The event log as a trust boundary: verified replay with chained digests (T-3), and
//! idempotency keys kept for a retention window (T-8).
//!
//! Every command's events end with an [`Event::Committed`] marker that carries the next version
//! and a [`CommitDigest`]: SHA-256 over the previous commit's digest and the command's events.
//! A host that keeps the head digest (or just the log) can tell whether a stored log, or the
//! tail written since a snapshot, is the one the workspace produced.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use seatwise::{presets, Change, Command, Email, Plan, ReplayError, UserId, Workspace};
//!
//! let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
//! let owner = UserId::new(1);
//! let (mut space, created) = Workspace::create(
//!     presets::deal_space()?, Plan::deal_space(), owner, Email::parse("olga@example.com")?, "Olga", now)?;
//! let snapshot = space.clone();
//! let outcome = space.execute(owner, Command::new(Change::ExpireInvitations), now)?;
//!
//! // The whole log, from creation, verified and replayed (T-3):
//! let log: Vec<_> = created.events().iter().chain(outcome.events()).cloned().collect();
//! assert_eq!(Workspace::replay(&log)?, space);
//! // Only the tail written since a snapshot:
//! assert_eq!(snapshot.clone().replay_tail(outcome.events())?, space);
//! // A log cut inside a command is refused, naming the version it would have reached:
//! assert_eq!(Workspace::replay(&log[..1]), Err(ReplayError::Truncated { version: 1 }));
//! let head = Workspace::verify_log(&log)?;
//! assert_eq!((head.version(), head.digest()), (2, space.head().digest()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeSet;
use std::fmt;
use std::io;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use sha2::{Digest as _, Sha256};

use super::command::{Command, IdempotencyKey};
use super::email::Email;
use super::error::ReplayError;
use super::event::{Event, KeyedCommand, Outcome, RoleChange};
use super::state::Workspace;
use crate::{MemberKind, Policy, PolicyDocument, PolicyError, RoleId, RoleSpec, TeamId, UserId};

/// How long idempotency keys are kept by default: 24 hours, like Stripe's (T-8).
pub const DEFAULT_KEY_RETENTION: TimeDelta = TimeDelta::hours(24);

/// The domain tag every commit digest starts from, so that these digests are never confused
/// with SHA-256 of anything else; it names the encoding's version.
const DOMAIN: &[u8] = b"seatwise commit digest v1\n";

/// The digest a commit carries: SHA-256 over the previous commit's digest and the canonical
/// encoding of the command's events (T-3). The first commit chains from [`CommitDigest::GENESIS`].
///
/// The encoding: the bytes `seatwise commit digest v1\n`, the previous digest's 32 bytes, then
/// each event of the command as its JSON serialization followed by a newline, the closing
/// [`Event::Committed`] serialized without its `digest` field.
///
/// It serializes as 64 lowercase hexadecimal digits.
///
/// ```
/// use seatwise::CommitDigest;
/// let hex = CommitDigest::GENESIS.to_string();
/// assert_eq!(hex.len(), 64);
/// assert_eq!(hex.parse::<CommitDigest>()?, CommitDigest::GENESIS);
/// assert!("not hex".parse::<CommitDigest>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(
    Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct CommitDigest([u8; 32]);

impl CommitDigest {
    /// What the first commit (version 1, the creation) chains from: all zero bytes.
    pub const GENESIS: CommitDigest = CommitDigest([0; 32]);

    /// The digest of a command's `events` chained to `previous`, as its closing
    /// [`Event::Committed`] should carry it. Every event is hashed; a `Committed` event without
    /// its own digest field. Hosts may use it to check a log by hand; [`Workspace::verify_log`]
    /// does it for a whole log.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, CommitDigest, Email, Event, Plan, UserId, Workspace};
    /// let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// let olga = UserId::new(1);
    /// let (mut space, created) = Workspace::create(
    ///     presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// // T-3: the creation chains from GENESIS; its closing marker carries the digest.
    /// let first = CommitDigest::chain(&CommitDigest::GENESIS, created.events());
    /// assert!(matches!(created.events().last(), Some(Event::Committed { digest, .. }) if *digest == first));
    /// let set = space.execute(olga, Command::new(Change::SetAvailability { user: olga, set: true }), now)?;
    /// let second = CommitDigest::chain(&first, set.events());
    /// assert_eq!(space.head().digest(), second);
    /// // Chained to anything else, the same events give another digest.
    /// assert_ne!(CommitDigest::chain(&CommitDigest::GENESIS, set.events()), second);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn chain(previous: &CommitDigest, events: &[Event]) -> CommitDigest {
        let mut hasher = CommandHasher::new(previous);
        for event in events {
            hasher.feed(event);
        }
        hasher.finish()
    }

    /// The 32 bytes of the SHA-256 digest (T-3); its text form is their lowercase hex.
    ///
    /// ```
    /// use seatwise::CommitDigest;
    /// assert_eq!(CommitDigest::GENESIS.as_bytes(), &[0u8; 32]);
    /// let digest: CommitDigest = "ab".repeat(32).parse()?;
    /// assert!(digest.as_bytes().iter().all(|b| *b == 0xab));
    /// let hex: String = digest.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    /// assert_eq!(hex, digest.to_string());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for CommitDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for CommitDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CommitDigest({self})")
    }
}

/// Text that is not 64 hexadecimal digits, read as a [`CommitDigest`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a commit digest (64 hexadecimal digits)")]
pub struct CommitDigestError {
    text: String,
}

impl std::str::FromStr for CommitDigest {
    type Err = CommitDigestError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || CommitDigestError {
            text: text.chars().take(80).collect(),
        };
        if text.len() != 64 || !text.is_ascii() {
            return Err(bad());
        }
        let mut bytes = [0u8; 32];
        for (slot, pair) in bytes.iter_mut().zip(text.as_bytes().chunks(2)) {
            let pair = std::str::from_utf8(pair).map_err(|_| bad())?;
            *slot = u8::from_str_radix(pair, 16).map_err(|_| bad())?;
        }
        Ok(CommitDigest(bytes))
    }
}

impl TryFrom<String> for CommitDigest {
    type Error = CommitDigestError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<CommitDigest> for String {
    fn from(digest: CommitDigest) -> String {
        digest.to_string()
    }
}

/// The head of a log: the last commit's version, digest and time.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use seatwise::{presets, Change, Command, CommitDigest, Email, Plan, UserId, Workspace};
/// let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
/// let olga = UserId::new(1);
/// let (mut space, created) = Workspace::create(
///     presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
/// let head = space.head();
/// assert_eq!((head.version(), head.committed_at()), (1, Some(now)));
/// assert_eq!(head.digest(), CommitDigest::chain(&CommitDigest::GENESIS, created.events()));
/// let later = now + TimeDelta::minutes(5);
/// let set = space.execute(olga, Command::new(Change::SetAvailability { user: olga, set: true }), later)?;
/// // T-3: each commit moves the head; verifying the log reaches the same head.
/// let log: Vec<_> = created.events().iter().chain(set.events()).cloned().collect();
/// let head = Workspace::verify_log(&log)?;
/// assert_eq!(head, space.head());
/// assert_eq!((head.version(), head.committed_at()), (2, Some(later)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogHead {
    pub(crate) version: u64,
    pub(crate) digest: CommitDigest,
    pub(crate) at: Option<DateTime<Utc>>,
}

impl LogHead {
    /// The version the last commit reached.
    pub fn version(&self) -> u64 {
        self.version
    }
    /// The last commit's digest.
    pub fn digest(&self) -> CommitDigest {
        self.digest
    }
    /// When the last commit was made; `None` for a tail with no commit in it.
    pub fn committed_at(&self) -> Option<DateTime<Utc>> {
        self.at
    }
}

/// Writes into a SHA-256 hasher.
struct HashWriter<'h>(&'h mut Sha256);

impl io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The closing marker as the digest covers it: everything but the digest itself.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum CommitBody<'e> {
    Committed {
        version: &'e u64,
        at: &'e DateTime<Utc>,
        keyed: &'e Option<Box<KeyedCommand>>,
    },
}

/// The digest of one command, fed event by event.
pub(crate) struct CommandHasher(Sha256);

impl CommandHasher {
    pub(crate) fn new(previous: &CommitDigest) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(DOMAIN);
        hasher.update(previous.0);
        CommandHasher(hasher)
    }

    pub(crate) fn feed(&mut self, event: &Event) {
        let mut out = HashWriter(&mut self.0);
        let written = match event {
            Event::Committed {
                version, at, keyed, ..
            } => serde_json::to_writer(&mut out, &CommitBody::Committed { version, at, keyed }),
            other => serde_json::to_writer(&mut out, other),
        };
        if written.is_err() {
            // Serializing our own types does not fail; if it ever did, the debug form still
            // binds the digest to the event, deterministically.
            self.0.update(format!("{event:?}").as_bytes());
        }
        self.0.update(b"\n");
    }

    pub(crate) fn finish(self) -> CommitDigest {
        CommitDigest(self.0.finalize().into())
    }
}

/// Why an event of a log cannot be applied to the workspace as it stands at that point (T-3).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EventRefusal {
    /// The user is not an active member or guest.
    #[error("user {0} is not in the workspace")]
    NotAMember(UserId),
    /// The user is already an active member or guest.
    #[error("user {0} is already in the workspace")]
    AlreadyMember(UserId),
    /// The address already belongs to a member or guest.
    #[error("`{0}` already belongs to a member")]
    EmailTaken(Email),
    /// No pending invitation for the address.
    #[error("no pending invitation for `{0}`")]
    NoInvitation(Email),
    /// The address already has a pending invitation.
    #[error("`{0}` already has a pending invitation")]
    AlreadyInvited(Email),
    /// No pending access request for the address.
    #[error("no pending access request for `{0}`")]
    NoRequest(Email),
    /// The address already has a pending access request.
    #[error("`{0}` already has a pending access request")]
    AlreadyRequested(Email),
    /// The role is not in the policy.
    #[error("unknown role {0:?}")]
    UnknownRole(RoleId),
    /// The event says the user held another role than they do.
    #[error("user {user} does not hold role {role:?}")]
    StaleRole {
        /// The user.
        user: UserId,
        /// The role the event says they held.
        role: RoleId,
    },
    /// The kind does not go with the role: guests hold the guest role, members any other.
    #[error("role {role:?} does not go with {kind:?}")]
    KindMismatch {
        /// The role.
        role: RoleId,
        /// The kind given.
        kind: MemberKind,
    },
    /// The owner cannot be removed, and only the owner hands the workspace over.
    #[error("user {0} is the owner")]
    Owner(UserId),
    /// The user is not the owner.
    #[error("user {0} is not the owner")]
    NotOwner(UserId),
    /// Guests cannot own the workspace or join teams.
    #[error("user {0} is a guest")]
    Guest(UserId),
    /// The team does not exist.
    #[error("no team {0}")]
    NoTeam(TeamId),
    /// A team with that id already exists.
    #[error("team {0} already exists")]
    TeamExists(TeamId),
    /// A policy change that does not say what changed, or that cannot apply: no role of that
    /// name, a fixed role, a role in use or defined twice.
    #[error("role `{0}` cannot change that way")]
    RoleChange(String),
    /// The changed policy does not compile.
    #[error(transparent)]
    Policy(#[from] PolicyError),
}

/// The policy document after a role change (SS-8): the one place that turns a
/// [`RoleChange`] into a document, for deciding and for applying (T-8: the event carries the
/// change, not the policy).
pub(crate) fn changed_document(
    doc: &PolicyDocument,
    name: &str,
    change: RoleChange,
    definition: Option<&RoleSpec>,
) -> Result<PolicyDocument, EventRefusal> {
    let refuse = || EventRefusal::RoleChange(name.to_owned());
    let mut doc = doc.clone();
    let slot = doc.roles.iter().position(|r| r.name == name);
    match (change, definition) {
        (RoleChange::Defined, Some(spec)) if spec.name == name => {
            // A second role of the same name makes a document that does not compile.
            doc.roles.push(spec.clone());
        }
        (RoleChange::Edited, Some(spec)) if spec.name == name => {
            let slot = slot
                .and_then(|i| doc.roles.get_mut(i))
                .filter(|r| r.editable)
                .ok_or_else(refuse)?;
            *slot = spec.clone();
        }
        (RoleChange::Deleted, None) => {
            if !slot
                .and_then(|i| doc.roles.get(i))
                .is_some_and(|r| r.editable)
            {
                return Err(refuse());
            }
            doc.roles.retain(|r| r.name != name);
            // SS-8: the default role (Closer) may go too; invitations then name a role.
            if doc.default_role.as_deref() == Some(name) {
                doc.default_role = None;
            }
        }
        _ => return Err(refuse()),
    }
    Ok(doc)
}

/// The events of the command being read, and its running digest.
struct Reading {
    hasher: CommandHasher,
    events: Vec<Event>,
}

impl Workspace {
    /// The head of the workspace's log: its version, the digest of its last commit and when
    /// that commit was made (T-3). Keep it beside a snapshot to check the log written after it
    /// with [`Workspace::verify_tail`] or [`Workspace::replay_tail`].
    pub fn head(&self) -> LogHead {
        LogHead {
            version: self.version,
            digest: self.head,
            at: Some(self.head_at),
        }
    }

    /// How long idempotency keys are remembered after their command (T-8).
    pub fn key_retention(&self) -> TimeDelta {
        self.key_retention
    }

    /// Sets how long idempotency keys are remembered after their command: a retry within the
    /// window returns the first outcome (U-4); after it, the key is forgotten and the command
    /// runs anew (T-8). The default is [`DEFAULT_KEY_RETENTION`], 24 hours. A window under one
    /// second is taken as one second. Keys already older than the window are forgotten now.
    ///
    /// The window is the host's setting, not part of the log: replay with
    /// [`Workspace::replay_with_retention`] to rebuild a workspace that used another one.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use seatwise::{presets, Email, Plan, UserId, Workspace, DEFAULT_KEY_RETENTION};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// let (mut space, created) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// assert_eq!(space.key_retention(), DEFAULT_KEY_RETENTION); // T-8: 24 hours
    /// space.set_key_retention(TimeDelta::hours(1));
    /// // The window is the host's setting: replay with the same one.
    /// let again = Workspace::replay_with_retention(created.events(), TimeDelta::hours(1))?;
    /// assert_eq!(again.key_retention(), TimeDelta::hours(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_key_retention(&mut self, retention: TimeDelta) {
        self.key_retention = retention.max(TimeDelta::seconds(1));
        self.forget_keys(self.head_at);
    }

    /// Replays a whole log, [`Event::Created`] first, checking it on the way (T-3): versions
    /// run 1, 2, 3, … with no gap, fork or step back; every command ends with its
    /// [`Event::Committed`], whose digest chains to the previous one; every event refers to
    /// what exists at that point; and the workspace reached holds every invariant a stored
    /// one must (T-2). Idempotency keys are kept for [`DEFAULT_KEY_RETENTION`] (T-8).
    ///
    /// # Errors
    ///
    /// A [`ReplayError`] naming the version where the log goes wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Invitee, Plan, ReplayError, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// let (mut space, created) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let guest = |e: &str| -> Result<Command, Box<dyn std::error::Error>> {
    ///     Ok(Command::new(Change::Invite { invitees: vec![Invitee::guest(Email::parse(e)?)], expires_at: None }))
    /// };
    /// let first = space.execute(olga, guest("a@example.com")?, now)?;
    /// let second = space.execute(olga, guest("b@example.com")?, now)?;
    /// // U-5: the stored events rebuild the same workspace.
    /// let log: Vec<_> = created.events().iter().chain(first.events()).chain(second.events()).cloned().collect();
    /// assert_eq!(Workspace::replay(&log)?, space);
    /// // T-3: a log with a command missing is refused, naming where it goes wrong.
    /// let gap = created.events().iter().chain(second.events());
    /// assert!(Workspace::replay(gap).is_err());
    /// # let _: Option<ReplayError> = None;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn replay<'e>(
        events: impl IntoIterator<Item = &'e Event>,
    ) -> Result<Workspace, ReplayError> {
        Workspace::replay_with_retention(events, DEFAULT_KEY_RETENTION)
    }

    /// [`Workspace::replay`] for a workspace whose host keeps idempotency keys for `retention`
    /// ([`Workspace::set_key_retention`]).
    ///
    /// # Errors
    ///
    /// As [`Workspace::replay`].
    pub fn replay_with_retention<'e>(
        events: impl IntoIterator<Item = &'e Event>,
        retention: TimeDelta,
    ) -> Result<Workspace, ReplayError> {
        let mut events = events.into_iter();
        let first = events.next();
        let Some(
            created @ Event::Created {
                owner,
                email,
                name,
                policy,
                subscription,
                at,
                ..
            },
        ) = first
        else {
            return Err(ReplayError::NotCreated);
        };
        let policy = policy.compile()?;
        let mut space = Workspace::empty(
            policy,
            (**subscription).clone(),
            *owner,
            email.clone(),
            name,
            *at,
        );
        space.key_retention = retention.max(TimeDelta::seconds(1));
        let mut reading = Reading {
            hasher: CommandHasher::new(&space.head),
            events: Vec::new(),
        };
        reading.hasher.feed(created);
        reading.events.push(created.clone());
        space.read(events, Some(reading))?;
        space
            .check_invariants()
            .map_err(|error| ReplayError::Invalid {
                version: space.version,
                error: Box::new(error),
            })?;
        Ok(space)
    }

    /// Continues a verified snapshot (a workspace loaded or replayed earlier) with the log
    /// written after it: the tail must start at the next version and chain from the
    /// snapshot's head digest (T-3).
    ///
    /// # Errors
    ///
    /// A [`ReplayError`] naming the version where the tail goes wrong; the snapshot is
    /// consumed either way (clone it first to keep it).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Plan, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// # let (mut space, _) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let snapshot = space.clone(); // stored, with its head
    /// let later = space.execute(olga, Command::new(Change::SetAvailability { user: olga, set: true }), now)?;
    /// // T-3: the snapshot plus the log written after it gives the current workspace.
    /// assert_eq!(Workspace::verify_tail(snapshot.head().version(), snapshot.head().digest(), later.events())?, space.head());
    /// assert_eq!(snapshot.clone().replay_tail(later.events())?, space);
    /// // A tail that does not continue the snapshot is refused.
    /// assert!(space.clone().replay_tail(later.events()).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn replay_tail<'e>(
        mut self,
        events: impl IntoIterator<Item = &'e Event>,
    ) -> Result<Workspace, ReplayError> {
        self.read(events.into_iter(), None)?;
        self.check_invariants()
            .map_err(|error| ReplayError::Invalid {
                version: self.version,
                error: Box::new(error),
            })?;
        Ok(self)
    }

    /// Checks the shape and digests of a whole log without building the workspace: creation
    /// first and only first, versions 1, 2, 3, … and every command closed by a commit whose
    /// digest chains to the previous one (T-3). Returns the head it reaches.
    ///
    /// # Errors
    ///
    /// A [`ReplayError`] naming the version where the log goes wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Plan, UserId, Workspace};
    /// # let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    /// # let olga = UserId::new(1);
    /// let (mut space, created) = Workspace::create(presets::deal_space()?, Plan::deal_space(), olga, Email::parse("olga@example.com")?, "Olga", now)?;
    /// let set = space.execute(olga, Command::new(Change::SetAvailability { user: olga, set: true }), now)?;
    /// let log: Vec<_> = created.events().iter().chain(set.events()).cloned().collect();
    /// // T-3: the head a log reaches is the workspace's head; a truncated log does not verify.
    /// assert_eq!(Workspace::verify_log(&log)?, space.head());
    /// assert!(Workspace::verify_log(&log[1..]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verify_log<'e>(
        events: impl IntoIterator<Item = &'e Event>,
    ) -> Result<LogHead, ReplayError> {
        let mut events = events.into_iter().peekable();
        if !matches!(events.peek(), Some(Event::Created { .. })) {
            return Err(ReplayError::NotCreated);
        }
        verify(
            LogHead {
                version: 0,
                digest: CommitDigest::GENESIS,
                at: None,
            },
            events,
        )
    }

    /// Checks that `events` continue a log whose head is at `version` with `digest`: the
    /// tail starts at `version + 1`, chains from `digest`, and every command in it is closed by
    /// its commit (T-3). Returns the head it reaches.
    ///
    /// # Errors
    ///
    /// A [`ReplayError`] naming the version where the tail goes wrong.
    pub fn verify_tail<'e>(
        version: u64,
        digest: CommitDigest,
        events: impl IntoIterator<Item = &'e Event>,
    ) -> Result<LogHead, ReplayError> {
        verify(
            LogHead {
                version,
                digest,
                at: None,
            },
            events.into_iter(),
        )
    }

    /// Reads events into the workspace, checking each against the state it finds, and each
    /// commit's version and digest.
    fn read<'e>(
        &mut self,
        events: impl Iterator<Item = &'e Event>,
        mut reading: Option<Reading>,
    ) -> Result<(), ReplayError> {
        for event in events {
            let version = self.version.checked_add(1).ok_or(ReplayError::Version {
                expected: self.version,
                found: self.version,
            })?;
            let current = reading.get_or_insert_with(|| Reading {
                hasher: CommandHasher::new(&self.head),
                events: Vec::new(),
            });
            current.hasher.feed(event);
            match event {
                Event::Created { .. } => return Err(ReplayError::CreatedAgain { version }),
                Event::Committed {
                    version: found,
                    digest,
                    keyed,
                    ..
                } => {
                    if *found != version {
                        return Err(ReplayError::Version {
                            expected: version,
                            found: *found,
                        });
                    }
                    let Some(mut done) = reading.take() else {
                        continue;
                    };
                    let computed = std::mem::replace(
                        &mut done.hasher,
                        CommandHasher::new(&CommitDigest::GENESIS),
                    )
                    .finish();
                    if computed != *digest {
                        return Err(ReplayError::Digest { version });
                    }
                    self.apply(event);
                    if let Some(keyed) = keyed {
                        done.events.push(event.clone());
                        self.remember(
                            keyed.key.clone(),
                            keyed.actor,
                            keyed.command.clone(),
                            Outcome {
                                events: done.events,
                            },
                        );
                    }
                }
                Event::PolicyChanged {
                    role,
                    change,
                    definition,
                } => {
                    let doc = changed_document(
                        self.policy.document(),
                        role,
                        *change,
                        definition.as_deref(),
                    )
                    .and_then(|doc| self.admit_policy(doc, role, *change))
                    .map_err(|reason| ReplayError::Refused { version, reason })?;
                    self.switch_policy(doc);
                    self.note_role_change(role, *change);
                    current.events.push(event.clone());
                }
                other => {
                    self.admit(other)
                        .map_err(|reason| ReplayError::Refused { version, reason })?;
                    self.apply(other);
                    current.events.push(other.clone());
                }
            }
        }
        match reading {
            Some(_) => Err(ReplayError::Truncated {
                version: self.version.saturating_add(1),
            }),
            None => Ok(()),
        }
    }

    /// Compiles a changed policy, refusing one that would leave a member or invitation with
    /// a role it no longer has.
    fn admit_policy(
        &self,
        doc: PolicyDocument,
        role: &str,
        change: RoleChange,
    ) -> Result<Policy, EventRefusal> {
        let compiled = doc.compile()?;
        if change == RoleChange::Deleted {
            let gone = self.policy.role(role).ok();
            let held = self.members.values().any(|m| Some(m.role) == gone)
                || self.invitations.values().any(|i| Some(i.role) == gone);
            if held {
                return Err(EventRefusal::RoleChange(role.to_owned()));
            }
        }
        Ok(compiled)
    }

    /// Whether `event` can apply to the workspace as it stands: everything it refers to
    /// exists, and nothing it creates exists already (T-3).
    fn admit(&self, event: &Event) -> Result<(), EventRefusal> {
        let member = |user: &UserId| {
            self.members
                .get(user)
                .ok_or(EventRefusal::NotAMember(*user))
        };
        let invitation = |email: &Email| {
            self.invitations
                .get(email)
                .ok_or_else(|| EventRefusal::NoInvitation(email.clone()))
        };
        let newcomer = |user: &UserId, email: &Email| {
            if self.members.contains_key(user) {
                return Err(EventRefusal::AlreadyMember(*user));
            }
            if self.emails.contains_key(email) {
                return Err(EventRefusal::EmailTaken(email.clone()));
            }
            Ok(())
        };
        let role_for = |role: &RoleId, kind: MemberKind| {
            if self.policy.role_info(*role).is_none() {
                return Err(EventRefusal::UnknownRole(*role));
            }
            let guest = self.policy.guest_role() == Some(*role);
            if guest != (kind == MemberKind::Guest) {
                return Err(EventRefusal::KindMismatch { role: *role, kind });
            }
            Ok(())
        };
        let team = |team: &TeamId| self.teams.get(team).ok_or(EventRefusal::NoTeam(*team));
        match event {
            Event::InvitationSent {
                email,
                role,
                kind,
                at,
                ..
            } => {
                if self.emails.contains_key(email) {
                    return Err(EventRefusal::EmailTaken(email.clone()));
                }
                // B-4: an expired invitation's address may be invited again.
                if self
                    .invitations
                    .get(email)
                    .is_some_and(|i| !i.is_expired(*at))
                {
                    return Err(EventRefusal::AlreadyInvited(email.clone()));
                }
                if self.requests.contains_key(email) {
                    return Err(EventRefusal::AlreadyRequested(email.clone()));
                }
                role_for(role, *kind)
            }
            Event::InvitationResent { email }
            | Event::InviteLinkIssued { email, .. }
            | Event::InvitationRevoked { email }
            | Event::InvitationDeclined { email }
            | Event::InvitationExpired { email } => invitation(email).map(|_| ()),
            Event::InvitationAccepted { email, user, .. } => {
                invitation(email)?;
                newcomer(user, email)
            }
            Event::AccessRequested {
                email, user, at, ..
            } => {
                newcomer(user, email)?;
                if self.requests.contains_key(email) {
                    return Err(EventRefusal::AlreadyRequested(email.clone()));
                }
                if self
                    .invitations
                    .get(email)
                    .is_some_and(|i| !i.is_expired(*at))
                {
                    return Err(EventRefusal::AlreadyInvited(email.clone()));
                }
                Ok(())
            }
            Event::AccessApproved {
                email,
                user,
                role,
                kind,
                ..
            } => {
                let request = self
                    .requests
                    .get(email)
                    .ok_or_else(|| EventRefusal::NoRequest(email.clone()))?;
                if request.user != *user {
                    return Err(EventRefusal::NoRequest(email.clone()));
                }
                newcomer(user, email)?;
                role_for(role, *kind)
            }
            Event::AccessRejected { email } => self
                .requests
                .get(email)
                .map(|_| ())
                .ok_or_else(|| EventRefusal::NoRequest(email.clone())),
            Event::RoleChanged {
                user,
                from,
                to,
                kind,
            } => {
                let m = member(user)?;
                if m.role != *from {
                    return Err(EventRefusal::StaleRole {
                        user: *user,
                        role: *from,
                    });
                }
                if *user == self.owner && to != from {
                    return Err(EventRefusal::Owner(*user));
                }
                role_for(to, *kind)
            }
            Event::MemberRemoved { user } => {
                member(user)?;
                if *user == self.owner {
                    return Err(EventRefusal::Owner(*user));
                }
                Ok(())
            }
            Event::OwnershipTransferred { from, to, role } => {
                if *from != self.owner {
                    return Err(EventRefusal::NotOwner(*from));
                }
                if member(to)?.kind == MemberKind::Guest {
                    return Err(EventRefusal::Guest(*to));
                }
                if *role != self.policy.owner_role() {
                    return Err(EventRefusal::UnknownRole(*role));
                }
                Ok(())
            }
            Event::TeamCreated { team, .. } => {
                if self.teams.contains_key(team) {
                    return Err(EventRefusal::TeamExists(*team));
                }
                Ok(())
            }
            Event::TeamRenamed { team: t, .. } | Event::TeamDeleted { team: t } => {
                team(t).map(|_| ())
            }
            Event::AddedToTeam { team: t, user } => {
                team(t)?;
                if member(user)?.kind == MemberKind::Guest {
                    return Err(EventRefusal::Guest(*user));
                }
                // Adding a member a team already has changes nothing, as the command allows.
                Ok(())
            }
            Event::RemovedFromTeam { team: t, user } => {
                team(t)?;
                member(user).map(|_| ())
            }
            Event::AvailabilityChanged { user, .. }
            | Event::CalendarConnected { user, .. }
            | Event::CalendarDisconnected { user } => member(user).map(|_| ()),
            Event::Created { .. }
            | Event::Committed { .. }
            | Event::PolicyChanged { .. }
            | Event::GuestLimitConfirmed { .. }
            | Event::SeatsOnAcceptanceConfirmed { .. }
            | Event::SeatsAdded { .. }
            | Event::PlanUpgraded { .. }
            | Event::DowngradeScheduled { .. }
            | Event::DowngradeCancelled { .. }
            | Event::DowngradeDropped { .. }
            | Event::Renewed { .. } => Ok(()),
        }
    }

    /// Remembers a keyed command's outcome for the retention window (U-4, T-8).
    pub(crate) fn remember(
        &mut self,
        key: IdempotencyKey,
        actor: UserId,
        command: Command,
        outcome: Outcome,
    ) {
        let at = committed_at(&outcome).unwrap_or(self.head_at);
        if let Some((_, _, old)) = self.completed.get(&key) {
            let old_at = committed_at(old).unwrap_or(at);
            self.key_times.remove(&(old_at, key.clone()));
        }
        self.key_times.insert((at, key.clone()));
        self.completed.insert(key, (actor, command, outcome));
    }

    /// Forgets the keys whose window has closed at `now` (T-8).
    pub(crate) fn forget_keys(&mut self, now: DateTime<Utc>) {
        while let Some((at, key)) = self.key_times.first().cloned() {
            if !self.key_expired(at, now) {
                break;
            }
            self.key_times.pop_first();
            self.completed.remove(&key);
        }
    }

    /// Whether a key committed `at` is forgotten at `now` (T-8).
    pub(crate) fn key_expired(&self, at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        at.checked_add_signed(self.key_retention)
            .is_some_and(|until| until <= now)
    }

    /// The outcome remembered for `key`, unless its window has closed at `now` (T-8).
    pub(crate) fn live_key(
        &self,
        key: &IdempotencyKey,
        now: DateTime<Utc>,
    ) -> Option<&(UserId, Command, Outcome)> {
        self.completed.get(key).filter(|(_, _, outcome)| {
            committed_at(outcome).is_none_or(|at| !self.key_expired(at, now))
        })
    }

    /// The head index of the keys, rebuilt from the remembered outcomes.
    pub(crate) fn key_index(&self) -> BTreeSet<(DateTime<Utc>, IdempotencyKey)> {
        self.completed
            .iter()
            .map(|(key, (_, _, outcome))| {
                (committed_at(outcome).unwrap_or(self.head_at), key.clone())
            })
            .collect()
    }

    /// Closes a command's events with its commit marker: the next version, the time, the key,
    /// and the digest chained to the head (T-3).
    pub(crate) fn seal(
        &self,
        mut events: Vec<Event>,
        keyed: Option<Box<KeyedCommand>>,
        now: DateTime<Utc>,
    ) -> Option<Outcome> {
        let version = self.version.checked_add(1)?;
        events.push(Event::Committed {
            version,
            at: now,
            keyed,
            digest: CommitDigest::GENESIS,
        });
        let sealed = CommitDigest::chain(&self.head, &events);
        if let Some(Event::Committed { digest, .. }) = events.last_mut() {
            *digest = sealed;
        }
        Some(Outcome { events })
    }
}

/// When an outcome was committed: its closing marker's time.
pub(crate) fn committed_at(outcome: &Outcome) -> Option<DateTime<Utc>> {
    match outcome.events.last() {
        Some(Event::Committed { at, .. }) => Some(*at),
        _ => None,
    }
}

/// Checks versions, commit markers and digests from `head` on.
fn verify<'e>(
    mut head: LogHead,
    events: impl Iterator<Item = &'e Event>,
) -> Result<LogHead, ReplayError> {
    let mut hasher: Option<CommandHasher> = None;
    for event in events {
        let version = head.version.checked_add(1).ok_or(ReplayError::Version {
            expected: head.version,
            found: head.version,
        })?;
        // Creation comes first and only first.
        if matches!(event, Event::Created { .. }) && (version != 1 || hasher.is_some()) {
            return Err(ReplayError::CreatedAgain { version });
        }
        let current = hasher.get_or_insert_with(|| CommandHasher::new(&head.digest));
        current.feed(event);
        if let Event::Committed {
            version: found,
            digest,
            at,
            ..
        } = event
        {
            if *found != version {
                return Err(ReplayError::Version {
                    expected: version,
                    found: *found,
                });
            }
            let computed = hasher
                .take()
                .map(CommandHasher::finish)
                .unwrap_or(CommitDigest::GENESIS);
            if computed != *digest {
                return Err(ReplayError::Digest { version });
            }
            head = LogHead {
                version,
                digest: computed,
                at: Some(*at),
            };
        }
    }
    match hasher {
        Some(_) => Err(ReplayError::Truncated {
            version: head.version.saturating_add(1),
        }),
        None => Ok(head),
    }
}

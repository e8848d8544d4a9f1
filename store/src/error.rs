//! The store's errors: typed, each naming the workspace and, for what is read back, the
//! version (S-7).

use seatwise::CommandError;

use crate::WorkspaceId;

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database URL is not one the store understands (`sqlite:` or `postgres://`).
    #[error("`{0}` is not a database URL the store understands (sqlite:… or postgres://…)")]
    Url(String),
    /// The database said no, or could not be reached.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date (S-2).
    #[error("migration {version} (`{name}`): {reason}")]
    Migration {
        /// The migration's version.
        version: i64,
        /// Its name.
        name: String,
        /// Why.
        reason: String,
    },
    /// A workspace id that is empty, too long, or holds control characters.
    #[error("`{0}` is not a workspace id (1 to 200 characters, no control characters)")]
    WorkspaceId(String),
    /// No workspace of that id is stored.
    #[error("workspace `{0}` is not stored")]
    NotFound(WorkspaceId),
    /// A workspace of that id is already stored.
    #[error("workspace `{0}` is already stored")]
    AlreadyExists(WorkspaceId),
    /// The stored version is no longer the one the command was decided on (S-3): another
    /// writer committed first. Reload and decide again ([`Store::execute_with_retry`]
    /// does both).
    ///
    /// [`Store::execute_with_retry`]: crate::Store::execute_with_retry
    #[error("workspace `{workspace}`: the command was decided on version {decided_on}, but version {stored} is stored")]
    Conflict {
        /// The workspace.
        workspace: WorkspaceId,
        /// The version the command was decided on.
        decided_on: u64,
        /// The version stored now.
        stored: u64,
    },
    /// The workspace refused the command (U-2): nothing was written.
    #[error(transparent)]
    Command(#[from] CommandError),
    /// Something read back does not hold together (S-7, T-2, T-3): a row that does not parse,
    /// a log with a gap or a digest that does not match, a snapshot that is not the one its
    /// version names. Nothing is loaded from it.
    #[error("workspace `{workspace}` is damaged at version {version}: {reason}")]
    Damaged {
        /// The workspace.
        workspace: WorkspaceId,
        /// The version of the damaged row or commit.
        version: u64,
        /// What is wrong.
        reason: String,
    },
    /// An outbox row that does not parse (S-5, S-7).
    #[error("outbox position {position} is damaged: {reason}")]
    DamagedOutbox {
        /// Its position.
        position: u64,
        /// What is wrong.
        reason: String,
    },
    /// A number that does not fit the column it goes to (SQL integers are signed 64-bit):
    /// a user or team id above 2⁶³ − 1, for example.
    #[error("{what} {value} does not fit a signed 64-bit SQL integer")]
    OutOfRange {
        /// What the number is.
        what: &'static str,
        /// The number.
        value: u64,
    },
    /// A consumer tried to move its outbox cursor past the end of the outbox, or back.
    #[error(
        "consumer `{consumer}` cannot move its cursor from {from} to {to} (outbox head {head})"
    )]
    Cursor {
        /// The consumer.
        consumer: String,
        /// Where the cursor is.
        from: u64,
        /// Where it was asked to go.
        to: u64,
        /// The last position written.
        head: u64,
    },
    /// The cached workspace and what was written disagree: the store dropped its cached copy
    /// and will reload what was committed. This indicates a bug; please report it.
    #[error(
        "workspace `{0}`: the applied command differs from the one written; the cache was dropped"
    )]
    Diverged(WorkspaceId),
}

impl StoreError {
    /// Whether this is a [`StoreError::Conflict`]: another writer committed first.
    pub fn is_conflict(&self) -> bool {
        matches!(self, StoreError::Conflict { .. })
    }
}

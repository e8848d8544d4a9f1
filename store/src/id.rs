//! Workspace ids: the host's key for a workspace, as the store's tables name it.

use std::fmt;

use crate::StoreError;

/// The most characters a [`WorkspaceId`] may have.
pub const MAX_WORKSPACE_ID_CHARS: usize = 200;

/// The host's id for a stored workspace: 1 to 200 characters, no control characters (a slug,
/// a UUID, a number). It is the `workspace` column of every table.
///
/// ```
/// use seatwise_store::WorkspaceId;
/// assert_eq!(WorkspaceId::new("acme")?.as_str(), "acme");
/// assert!(WorkspaceId::new("").is_err());
/// assert!(WorkspaceId::new("a\u{0}b").is_err());
/// # Ok::<(), seatwise_store::StoreError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WorkspaceId(String);

impl WorkspaceId {
    /// Checks `id`.
    ///
    /// # Errors
    ///
    /// [`StoreError::WorkspaceId`] for an empty id, one over [`MAX_WORKSPACE_ID_CHARS`]
    /// characters, or one with control characters.
    pub fn new(id: &str) -> Result<WorkspaceId, StoreError> {
        let count = id.chars().count();
        if count == 0 || count > MAX_WORKSPACE_ID_CHARS || id.chars().any(char::is_control) {
            return Err(StoreError::WorkspaceId(
                id.chars().take(MAX_WORKSPACE_ID_CHARS).collect(),
            ));
        }
        Ok(WorkspaceId(id.to_owned()))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WorkspaceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for WorkspaceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WorkspaceId({:?})", self.0)
    }
}

impl std::str::FromStr for WorkspaceId {
    type Err = StoreError;
    fn from_str(id: &str) -> Result<Self, Self::Err> {
        WorkspaceId::new(id)
    }
}

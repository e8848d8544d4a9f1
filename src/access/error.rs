//! Errors of loading, validating and compiling a policy document (A-12, I-11).

/// Which document format failed to parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentFormat {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

impl std::fmt::Display for DocumentFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DocumentFormat::Toml => "TOML",
            DocumentFormat::Json => "JSON",
        })
    }
}

/// A policy document that cannot become a [`Policy`](crate::Policy). Every variant names the
/// offending entry, so a host can show it to whoever wrote the document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The text is not a well-formed document of the expected shape.
    #[error("cannot read the {format} policy document{}: {message}", At(*.line, *.column))]
    Parse {
        /// The format being read.
        format: DocumentFormat,
        /// What the parser reported.
        message: String,
        /// The line (from 1) the parser stopped at, when it says.
        line: Option<usize>,
        /// The column (from 1) the parser stopped at, when it says.
        column: Option<usize>,
    },
    /// The document could not be written out.
    #[error("cannot write the {format} policy document: {message}")]
    Write {
        /// The format being written.
        format: DocumentFormat,
        /// What the serializer reported.
        message: String,
    },
    /// A name is empty or not made of lowercase letters, digits, `_`, `-` and `.`.
    #[error("{what} name `{name}` must be non-empty lowercase letters, digits, `_`, `-` or `.`")]
    BadName {
        /// What kind of entry (area, role, exception).
        what: &'static str,
        /// The name as written.
        name: String,
    },
    /// Two entries of the same kind share a name.
    #[error("{what} `{name}` is defined twice")]
    Duplicate {
        /// What kind of entry (area, role, exception).
        what: &'static str,
        /// The repeated name.
        name: String,
    },
    /// An entry names an area that is not defined.
    #[error("{entry} names unknown area `{area}`")]
    UnknownArea {
        /// The entry that names it, e.g. "role `closer`".
        entry: String,
        /// The unknown area.
        area: String,
    },
    /// An entry names a role that is not defined.
    #[error("{entry} names unknown role `{role}`")]
    UnknownRole {
        /// The entry that names it, e.g. "`owner_role`".
        entry: String,
        /// The unknown role.
        role: String,
    },
    /// An entry names a verb that does not exist, or that its area does not offer.
    #[error("{entry} names action `{action}`, which area `{area}` does not offer")]
    UnknownAction {
        /// The entry that names it.
        entry: String,
        /// The area concerned.
        area: String,
        /// The verb as written.
        action: String,
    },
    /// An area names a relation that does not exist (or `team`, which scope implies).
    #[error("area `{area}` names unknown relation `{relation}`")]
    UnknownRelation {
        /// The area.
        area: String,
        /// The relation as written.
        relation: String,
    },
    /// An area names a plan feature that does not exist.
    #[error("area `{area}` requires unknown plan feature `{feature}`")]
    UnknownFeature {
        /// The area.
        area: String,
        /// The feature as written.
        feature: String,
    },
    /// A role inherits from a role that is not defined.
    #[error("role `{role}` inherits from unknown role `{parent}`")]
    UnknownParent {
        /// The inheriting role.
        role: String,
        /// The unknown parent.
        parent: String,
    },
    /// Following parents from this role never ends: they form a cycle.
    #[error("the parents of role `{role}` form a cycle")]
    Cycle {
        /// A role on the cycle.
        role: String,
    },
    /// A role inherits from a role of equal or higher rank (A-6: inherit from a lower role).
    #[error("role `{role}` (rank {rank}) inherits from `{parent}` (rank {parent_rank}), which is not lower")]
    ParentNotLower {
        /// The inheriting role.
        role: String,
        /// Its rank.
        rank: u32,
        /// The parent.
        parent: String,
        /// The parent's rank.
        parent_rank: u32,
    },
    /// The owner's role is outranked by another role, so the owner could be acted on.
    #[error("owner role `{owner_role}` is outranked by role `{role}`")]
    OwnerOutranked {
        /// The owner role.
        owner_role: String,
        /// The higher role.
        role: String,
    },
    /// An exception or owner-only rule names no action, so it would mean nothing.
    #[error("{entry} names no action")]
    Empty {
        /// The entry.
        entry: String,
    },
    /// A wildcard grant (`"*"`) must be a single scope, not a per-action table.
    #[error("role `{role}` grants `*` per action; a wildcard takes one scope")]
    WildcardPerAction {
        /// The role.
        role: String,
    },
    /// The document asks for more than the host's [`PolicyLimits`](crate::PolicyLimits) allow
    /// (T-5).
    #[error("{entry} exceeds the limit on {limit}: {found} (at most {max})")]
    LimitExceeded {
        /// Which limit.
        limit: crate::Limit,
        /// Its value.
        max: usize,
        /// What the document asks for.
        found: usize,
        /// The entry over the limit, e.g. "the document" or "role `closer`".
        entry: String,
    },
    /// A name or free text contains a control, bidirectional or zero-width character (T-6).
    #[error("{entry} contains the control or invisible character {}", .character.escape_unicode())]
    HiddenCharacter {
        /// The entry, e.g. "the label of role `closer`".
        entry: String,
        /// The first such character.
        character: char,
    },
    /// The guest role is the owner role, so guests would get the owner's rights (T-6).
    #[error("guest role `{role}` is the owner role")]
    GuestIsOwner {
        /// The role.
        role: String,
    },
    /// The guest role holds a verb other than `view`, itself or through a parent (T-6, I-4).
    #[error("guest role `{role}` holds `{action}` on area `{area}`, granted by role `{granted_by}`; guests may only view")]
    GuestMayChange {
        /// The guest role.
        role: String,
        /// The area.
        area: String,
        /// The verb.
        action: String,
        /// The role whose own grant gives it: the guest role or one of its parents.
        granted_by: String,
    },
    /// More areas or roles than a policy can index.
    #[error("too many {what}: {count} (at most 65535)")]
    TooMany {
        /// Areas or roles.
        what: &'static str,
        /// How many the document has.
        count: usize,
    },
}

/// " at line L, column C" when a position is known.
struct At(Option<usize>, Option<usize>);

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.0, self.1) {
            (Some(line), Some(column)) => write!(f, " at line {line}, column {column}"),
            (Some(line), None) => write!(f, " at line {line}"),
            _ => Ok(()),
        }
    }
}

//! Limits on what a policy document may ask of the compiler (T-5), and the checks of its
//! names and free text (T-6).
//!
//! Compiling a policy costs time and memory linear in the document's size, and the compiled
//! tables hold one cell per role × area. [`PolicyLimits`] caps every dimension a document
//! controls, *and* their product, so that no document — however it was built — makes the
//! compiler allocate more than the host allows or abort the process.
//!
//! ```
//! use seatwise::{Limit, Policy, PolicyError, PolicyLimits};
//! let limits = PolicyLimits::default().with(Limit::Roles, 2);
//! let text = r#"
//!     name = "tiny"
//!     owner_role = "boss"
//!     [[area]]
//!     name = "notes"
//!     actions = ["view"]
//!     [[role]]
//!     name = "boss"
//!     rank = 3
//!     [[role]]
//!     name = "clerk"
//!     rank = 2
//!     [[role]]
//!     name = "intern"
//!     rank = 1
//! "#;
//! let err = Policy::from_toml_with(text, &limits).unwrap_err();
//! assert!(matches!(
//!     err,
//!     PolicyError::LimitExceeded { limit: Limit::Roles, max: 2, found: 3, .. }
//! ));
//! assert!(Policy::from_toml(text).is_ok()); // the defaults allow 5,000 roles
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use super::document::{GrantSpec, PolicyDocument};
use super::error::PolicyError;
use super::policy::Masks;

/// One of the limits of [`PolicyLimits`], named in [`PolicyError::LimitExceeded`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Limit {
    /// Bytes of TOML or JSON text, checked before parsing. Default 1 MiB (1,048,576).
    DocumentBytes,
    /// Roles in the document. Default 5,000.
    Roles,
    /// Areas in the document. Default 1,000.
    Areas,
    /// Declared exceptions (A-5). Default 1,000.
    Exceptions,
    /// Owner-only rules (SS-3). Default 1,000.
    OwnerOnlyRules,
    /// Roles × areas: the cells of each compiled table. Default 1,000,000.
    RolesTimesAreas,
    /// Ancestors of a role along its parents (A-6); a role without a parent has depth 0.
    /// Default 64.
    InheritanceDepth,
    /// Bytes of a role, area or exception name. Default 128.
    NameBytes,
    /// Characters of free text: the policy's name and description, labels, groups, reasons.
    /// Default 1,000.
    TextChars,
    /// Entries of one role's grant map (areas and `*`). Default 1,001.
    GrantsPerRole,
    /// Entries of any other list or map of one entry: an area's verbs, relations and per-verb
    /// relations, a per-verb grant, an exception's or owner-only rule's verbs. Default 64.
    ListEntries,
}

impl Limit {
    /// Every limit, in declaration order.
    pub const ALL: [Limit; 11] = [
        Limit::DocumentBytes,
        Limit::Roles,
        Limit::Areas,
        Limit::Exceptions,
        Limit::OwnerOnlyRules,
        Limit::RolesTimesAreas,
        Limit::InheritanceDepth,
        Limit::NameBytes,
        Limit::TextChars,
        Limit::GrantsPerRole,
        Limit::ListEntries,
    ];

    /// The limit's name for people, e.g. `"roles × areas"`.
    pub fn name(self) -> &'static str {
        match self {
            Limit::DocumentBytes => "document bytes",
            Limit::Roles => "roles",
            Limit::Areas => "areas",
            Limit::Exceptions => "exceptions",
            Limit::OwnerOnlyRules => "owner-only rules",
            Limit::RolesTimesAreas => "roles × areas",
            Limit::InheritanceDepth => "inheritance depth",
            Limit::NameBytes => "name bytes",
            Limit::TextChars => "text characters",
            Limit::GrantsPerRole => "grants per role",
            Limit::ListEntries => "list entries",
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The most a policy document may ask of the compiler (T-5). The defaults are generous for
/// real SaaS products and keep the compiled tables under 24 MB.
///
/// | [`Limit`] | default |
/// | --- | --- |
/// | `DocumentBytes` | 1 MiB (1,048,576) |
/// | `Roles` | 5,000 |
/// | `Areas` | 1,000 |
/// | `Exceptions` | 1,000 |
/// | `OwnerOnlyRules` | 1,000 |
/// | `RolesTimesAreas` | 1,000,000 |
/// | `InheritanceDepth` | 64 |
/// | `NameBytes` | 128 |
/// | `TextChars` | 1,000 |
/// | `GrantsPerRole` | 1,001 |
/// | `ListEntries` | 64 |
///
/// Whatever the limits, roles, areas and exceptions are also capped at 65,535 each (their ids
/// are 16 bits). The compiled tables take
/// [`TABLE_BYTES_PER_CELL`](Self::TABLE_BYTES_PER_CELL) bytes per role × area.
///
/// ```
/// use seatwise::{Limit, PolicyLimits};
/// let limits = PolicyLimits::default()
///     .with(Limit::Roles, 20_000)
///     .with(Limit::RolesTimesAreas, 4_000_000);
/// assert_eq!(limits.get(Limit::Roles), 20_000);
/// assert_eq!(limits.get(Limit::InheritanceDepth), 64);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyLimits {
    // INVARIANT: one value per `Limit`, at position `Limit as usize`.
    values: [usize; Limit::ALL.len()],
}

impl PolicyLimits {
    /// The defaults (see the table above).
    pub const DEFAULT: PolicyLimits = PolicyLimits {
        values: [
            1 << 20,
            5_000,
            1_000,
            1_000,
            1_000,
            1_000_000,
            64,
            128,
            1_000,
            1_001,
            64,
        ],
    };

    /// Bytes of compiled tables per role × area cell: a role's own grants and its grants with
    /// its ancestors', each a set of verbs per scope.
    pub const TABLE_BYTES_PER_CELL: usize = 2 * std::mem::size_of::<Masks>();

    /// The value of `limit`.
    pub fn get(&self, limit: Limit) -> usize {
        self.values.get(limit as usize).copied().unwrap_or(0)
    }

    /// Sets `limit` to `max` (`usize::MAX`: no limit beyond the 16-bit id caps).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Limit, PolicyLimits};
    /// let limits = PolicyLimits::default().with(Limit::Roles, 20_000);
    /// assert_eq!(limits.get(Limit::Roles), 20_000);
    /// assert_eq!(limits.get(Limit::Areas), PolicyLimits::DEFAULT.get(Limit::Areas)); // others kept
    /// assert_eq!(Limit::RolesTimesAreas.name(), "roles × areas");
    /// ```
    #[must_use]
    pub fn with(mut self, limit: Limit, max: usize) -> Self {
        if let Some(value) = self.values.get_mut(limit as usize) {
            *value = max;
        }
        self
    }

    /// Refuses `found` over `limit`, naming `entry`.
    pub(crate) fn check(
        &self,
        limit: Limit,
        found: usize,
        entry: impl FnOnce() -> String,
    ) -> Result<(), PolicyError> {
        let max = self.get(limit);
        if found > max {
            Err(PolicyError::LimitExceeded {
                limit,
                max,
                found,
                entry: entry(),
            })
        } else {
            Ok(())
        }
    }
}

impl Default for PolicyLimits {
    fn default() -> Self {
        PolicyLimits::DEFAULT
    }
}

/// Whether `c` must not appear in names or free text (T-6): control characters,
/// bidirectional marks, embeddings, overrides and isolates, and zero-width or invisible
/// formatting characters, which would make a label read differently from what it is.
pub(crate) fn is_hidden(c: char) -> bool {
    crate::text::is_forbidden(c)
}

/// A name shortened for an error message, so that a huge name does not make a huge error.
pub(crate) fn shown(name: &str) -> String {
    const SHOWN: usize = 40;
    match name.char_indices().nth(SHOWN) {
        None => name.to_owned(),
        Some((cut, _)) => format!("{}…", name.get(..cut).unwrap_or_default()),
    }
}

fn check_text(
    limits: &PolicyLimits,
    text: Option<&str>,
    entry: impl Fn() -> String,
) -> Result<(), PolicyError> {
    let Some(text) = text else { return Ok(()) };
    if let Some(character) = text.chars().find(|c| is_hidden(*c)) {
        return Err(PolicyError::HiddenCharacter {
            entry: entry(),
            character,
        });
    }
    limits.check(Limit::TextChars, text.chars().count(), entry)
}

fn check_name(limits: &PolicyLimits, what: &str, name: &str) -> Result<(), PolicyError> {
    limits.check(Limit::NameBytes, name.len(), || {
        format!("{what} `{}`", shown(name))
    })
}

/// Checks the document's counts, names, lists and free text against `limits` (T-5, T-6),
/// before the compiler allocates anything sized by them. Linear in the document's size.
pub(crate) fn check_document(
    doc: &PolicyDocument,
    limits: &PolicyLimits,
) -> Result<(), PolicyError> {
    let whole = || "the document".to_owned();
    limits.check(Limit::Roles, doc.roles.len(), whole)?;
    limits.check(Limit::Areas, doc.areas.len(), whole)?;
    limits.check(Limit::Exceptions, doc.exceptions.len(), whole)?;
    limits.check(Limit::OwnerOnlyRules, doc.owner_only.len(), whole)?;
    let cells = doc.roles.len().saturating_mul(doc.areas.len());
    limits.check(Limit::RolesTimesAreas, cells, whole)?;

    check_text(limits, Some(&doc.name), || "the policy name".to_owned())?;
    check_text(limits, doc.description.as_deref(), || {
        "the policy description".to_owned()
    })?;
    let list =
        |len: usize, entry: &dyn Fn() -> String| limits.check(Limit::ListEntries, len, entry);

    for area in &doc.areas {
        check_name(limits, "area", &area.name)?;
        let entry = || format!("area `{}`", shown(&area.name));
        check_text(limits, area.label.as_deref(), || {
            format!("the label of {}", entry())
        })?;
        check_text(limits, area.group.as_deref(), || {
            format!("the group of {}", entry())
        })?;
        list(area.actions.len(), &entry)?;
        list(area.relations.len(), &entry)?;
        list(area.relations_by_action.len(), &entry)?;
        for relations in area.relations_by_action.values() {
            list(relations.len(), &entry)?;
        }
    }
    for role in &doc.roles {
        check_name(limits, "role", &role.name)?;
        let entry = || format!("role `{}`", shown(&role.name));
        check_text(limits, role.label.as_deref(), || {
            format!("the label of {}", entry())
        })?;
        limits.check(Limit::GrantsPerRole, role.grants.len(), entry)?;
        for grant in role.grants.values() {
            if let GrantSpec::PerAction(map) = grant {
                list(map.len(), &entry)?;
            }
        }
    }
    for exception in &doc.exceptions {
        check_name(limits, "exception", &exception.name)?;
        let entry = || format!("exception `{}`", shown(&exception.name));
        check_text(limits, exception.reason.as_deref(), || {
            format!("the reason of {}", entry())
        })?;
        list(exception.actions.len(), &entry)?;
    }
    for rule in &doc.owner_only {
        list(rule.actions.len(), &|| {
            format!("owner-only rule on `{}`", shown(&rule.area))
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_limit_has_its_own_default() {
        let limits = PolicyLimits::default();
        assert_eq!(limits.get(Limit::DocumentBytes), 1_048_576);
        assert_eq!(limits.get(Limit::Roles), 5_000);
        assert_eq!(limits.get(Limit::Areas), 1_000);
        assert_eq!(limits.get(Limit::Exceptions), 1_000);
        assert_eq!(limits.get(Limit::OwnerOnlyRules), 1_000);
        assert_eq!(limits.get(Limit::RolesTimesAreas), 1_000_000);
        assert_eq!(limits.get(Limit::InheritanceDepth), 64);
        assert_eq!(limits.get(Limit::NameBytes), 128);
        assert_eq!(limits.get(Limit::TextChars), 1_000);
        assert_eq!(limits.get(Limit::GrantsPerRole), 1_001);
        assert_eq!(limits.get(Limit::ListEntries), 64);
        for (i, limit) in Limit::ALL.iter().enumerate() {
            assert_eq!(*limit as usize, i);
            let changed = limits.clone().with(*limit, 7);
            assert_eq!(changed.get(*limit), 7);
            let others = Limit::ALL.iter().filter(|l| *l != limit);
            assert!(others
                .into_iter()
                .all(|l| changed.get(*l) == limits.get(*l)));
        }
    }

    #[test]
    fn t5_cell_cost_is_two_tables_of_three_verb_sets() {
        let verbs = std::mem::size_of::<crate::Actions>();
        assert_eq!(PolicyLimits::TABLE_BYTES_PER_CELL, 2 * 3 * verbs);
    }

    #[test]
    fn t6_hidden_characters() {
        for c in [
            '\u{0}', '\n', '\u{7F}', '\u{202E}', '\u{2066}', '\u{200B}', '\u{FEFF}',
        ] {
            assert!(is_hidden(c), "{c:?}");
        }
        for c in ['a', 'É', ' ', '&', '—', 'ß', '中'] {
            assert!(!is_hidden(c), "{c:?}");
        }
    }

    #[test]
    fn shown_names_are_short() {
        assert_eq!(shown("closer"), "closer");
        let long = "x".repeat(1000);
        assert_eq!(shown(&long).chars().count(), 41);
    }
}

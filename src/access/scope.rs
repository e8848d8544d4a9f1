//! Scopes: how far a grant reaches (A-2, I-2).

use std::fmt;

/// How far a grant reaches, ordered `None < Exclusive < Team < Full` (I-2).
///
/// ```
/// use seatwise::Scope;
/// assert!(Scope::Full > Scope::Team && Scope::Team > Scope::Exclusive);
/// assert_eq!(Scope::from_name("complete"), Some(Scope::Full));
/// ```
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Covers no record.
    #[default]
    None,
    /// Covers records the user is related to (owner, host, creator, assignee).
    Exclusive,
    /// Covers records of the user's teams, and the user's own.
    Team,
    /// Covers every record. Seed 000 also calls it "Complete".
    #[serde(alias = "complete")]
    Full,
}

impl Scope {
    /// Every scope, narrowest first.
    pub const ALL: [Scope; 4] = [Scope::None, Scope::Exclusive, Scope::Team, Scope::Full];

    /// The scope with this document name; `"complete"` is read as Full.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::Scope;
    /// assert_eq!(Scope::from_name("complete"), Some(Scope::Full)); // seed 000's word for Full
    /// assert_eq!(Scope::from_name("team"), Some(Scope::Team));
    /// assert_eq!(Scope::from_name("everything"), None);
    /// assert_eq!(Scope::Exclusive.name(), "exclusive");
    /// ```
    pub fn from_name(name: &str) -> Option<Scope> {
        match name {
            "none" => Some(Scope::None),
            "exclusive" => Some(Scope::Exclusive),
            "team" => Some(Scope::Team),
            "full" | "complete" => Some(Scope::Full),
            _ => None,
        }
    }

    /// The document name of the scope.
    pub fn name(self) -> &'static str {
        match self {
            Scope::None => "none",
            Scope::Exclusive => "exclusive",
            Scope::Team => "team",
            Scope::Full => "full",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

//! One verb: what a single check asks about (A-3). Sets of verbs ([`Actions`]) are for grants
//! and masks; a check takes exactly one verb, by type.

use std::fmt;
use std::ops::BitOr;

use super::action::{Actions, NAMES};

/// Exactly one verb: `view`, `edit`, `manage`, …
///
/// [`Policy::can`](crate::Policy::can), [`Policy::list_filter`](crate::Policy::list_filter)
/// and [`Permission`](crate::Permission) take a `Verb`, so a set of several verbs, which no
/// single check can mean, does not compile there. Two verbs joined with `|` make an
/// [`Actions`] set, for grants.
///
/// ```
/// use seatwise::{Actions, Verb};
/// assert_eq!(Verb::named("present"), Some(Verb::PRESENT));
/// assert_eq!(Verb::EDIT.name(), "edit");
/// let grant: Actions = Verb::VIEW | Verb::EDIT; // a set, for grants and masks
/// assert!(grant.contains(Verb::EDIT.into()));
/// assert_eq!(Verb::try_from(grant).ok(), None); // two verbs are not one verb
/// assert_eq!(Verb::try_from(Verb::VIEW), Ok(Verb::VIEW));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Verb(Actions); // INVARIANT: exactly one bit is set.

impl Verb {
    /// See a page or a record.
    pub const VIEW: Verb = Verb(Actions::VIEW);
    /// Create a record.
    pub const CREATE: Verb = Verb(Actions::CREATE);
    /// Change a record or open its settings.
    pub const EDIT: Verb = Verb(Actions::EDIT);
    /// Delete a record (SS-12).
    pub const DELETE: Verb = Verb(Actions::DELETE);
    /// Export data.
    pub const EXPORT: Verb = Verb(Actions::EXPORT);
    /// Merge records.
    pub const MERGE: Verb = Verb(Actions::MERGE);
    /// Reassign a record's owner.
    pub const REASSIGN: Verb = Verb(Actions::REASSIGN);
    /// Approve a record.
    pub const APPROVE: Verb = Verb(Actions::APPROVE);
    /// Close a record.
    pub const CLOSE: Verb = Verb(Actions::CLOSE);
    /// Archive a record.
    pub const ARCHIVE: Verb = Verb(Actions::ARCHIVE);
    /// Manage an area: its settings, roles of users, subscriptions.
    pub const MANAGE: Verb = Verb(Actions::MANAGE);
    /// Invite users (A-7, M-1).
    pub const INVITE: Verb = Verb(Actions::INVITE);
    /// Remove users (A-7, M-7).
    pub const REMOVE: Verb = Verb(Actions::REMOVE);
    /// Present a record without changing it; not a change (DS-3, I-4).
    pub const PRESENT: Verb = Verb(Actions::PRESENT);

    /// The verb with this document name (`"view"`, `"merge"`, …), if there is one.
    pub fn named(name: &str) -> Option<Verb> {
        NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| Verb(*a))
    }

    /// The verb's name as written in policy documents.
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(_, a)| *a == self.0)
            .map_or("", |(n, _)| *n)
    }

    /// The verb as a one-verb set.
    pub const fn actions(self) -> Actions {
        self.0
    }

    /// Whether the verb changes something; guests never hold such a verb (I-4).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::Verb;
    /// assert!(!Verb::PRESENT.is_change()); // DS-3: a guest may present a deal
    /// assert!(Verb::EDIT.is_change());
    /// assert_eq!(Verb::all().filter(|v| !v.is_change()).count(), 2); // view and present
    /// ```
    pub const fn is_change(self) -> bool {
        self.0.is_change()
    }

    /// Every verb, in bit order.
    pub fn all() -> impl Iterator<Item = Verb> {
        NAMES.iter().map(|(_, a)| Verb(*a))
    }
}

impl fmt::Debug for Verb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Verb::{}", self.name().to_uppercase())
    }
}

impl fmt::Display for Verb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl From<Verb> for Actions {
    fn from(verb: Verb) -> Actions {
        verb.0
    }
}

/// A set that is not exactly one verb was given where one verb is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{found:?} is not exactly one verb")]
pub struct NotOneVerb {
    /// The set that was given.
    pub found: Actions,
}

impl TryFrom<Actions> for Verb {
    type Error = NotOneVerb;

    fn try_from(actions: Actions) -> Result<Verb, NotOneVerb> {
        if actions.bits().count_ones() == 1 {
            Ok(Verb(actions))
        } else {
            Err(NotOneVerb { found: actions })
        }
    }
}

impl BitOr for Verb {
    type Output = Actions;
    fn bitor(self, other: Verb) -> Actions {
        self.0 | other.0
    }
}

impl BitOr<Verb> for Actions {
    type Output = Actions;
    fn bitor(self, other: Verb) -> Actions {
        self | other.0
    }
}

impl serde::Serialize for Verb {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Verb {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Verb, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Verb::named(&name).ok_or_else(|| serde::de::Error::custom(format!("unknown verb `{name}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_verb_is_one_flag_with_its_name() {
        assert_eq!(Verb::all().count(), Actions::all().iter().count());
        for verb in Verb::all() {
            assert_eq!(verb.actions().bits().count_ones(), 1);
            assert_eq!(Verb::named(verb.name()), Some(verb));
            assert_eq!(Verb::try_from(verb.actions()), Ok(verb));
        }
        assert!(Verb::try_from(Actions::empty()).is_err());
    }
}

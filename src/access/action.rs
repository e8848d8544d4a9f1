//! Actions: the verbs a grant is given for (A-2, A-3).

bitflags::bitflags! {
    /// A set of verbs, for grants and masks. A check takes one [`Verb`](crate::Verb) instead.
    ///
    /// The vocabulary is fixed so that a check is a bit test; a policy declares which of
    /// these verbs each area offers.
    ///
    /// ```
    /// use seatwise::Actions;
    /// let changes = Actions::CREATE | Actions::EDIT;
    /// assert!(changes.contains(Actions::EDIT));
    /// assert_eq!(Actions::named("reassign"), Some(Actions::REASSIGN));
    /// assert_eq!(Actions::MERGE.name(), Some("merge"));
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(transparent)]
    pub struct Actions: u32 {
        /// See a page or a record.
        const VIEW = 1 << 0;
        /// Create a record.
        const CREATE = 1 << 1;
        /// Change a record or open its settings.
        const EDIT = 1 << 2;
        /// Delete a record (SS-12).
        const DELETE = 1 << 3;
        /// Export data.
        const EXPORT = 1 << 4;
        /// Merge records (merge leads).
        const MERGE = 1 << 5;
        /// Reassign a record's owner (change lead owner).
        const REASSIGN = 1 << 6;
        /// Approve a record (approve deals).
        const APPROVE = 1 << 7;
        /// Close a record (close deals).
        const CLOSE = 1 << 8;
        /// Archive a record.
        const ARCHIVE = 1 << 9;
        /// Manage an area: its settings, roles of users, subscriptions.
        const MANAGE = 1 << 10;
        /// Invite users (A-7, M-1).
        const INVITE = 1 << 11;
        /// Remove users (A-7, M-7).
        const REMOVE = 1 << 12;
        /// Present a record to others (a deal, seed 004) without changing it. Not a change:
        /// guests may hold it (DS-3, I-4).
        const PRESENT = 1 << 13;
    }
}

/// The names of the verbs, in bit order, as written in policy documents.
pub(crate) const NAMES: [(&str, Actions); 14] = [
    ("view", Actions::VIEW),
    ("create", Actions::CREATE),
    ("edit", Actions::EDIT),
    ("delete", Actions::DELETE),
    ("export", Actions::EXPORT),
    ("merge", Actions::MERGE),
    ("reassign", Actions::REASSIGN),
    ("approve", Actions::APPROVE),
    ("close", Actions::CLOSE),
    ("archive", Actions::ARCHIVE),
    ("manage", Actions::MANAGE),
    ("invite", Actions::INVITE),
    ("remove", Actions::REMOVE),
    ("present", Actions::PRESENT),
];

/// How many verbs exist; tables indexed by verb have this length.
pub(crate) const ACTION_COUNT: usize = NAMES.len();

impl Actions {
    /// The verb with this document name (`"view"`, `"merge"`, …), if there is one.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Actions, Verb};
    /// assert_eq!(Actions::named("merge"), Some(Actions::MERGE));
    /// assert_eq!(Actions::named("update"), None); // not a verb
    /// assert_eq!(Actions::MERGE.name(), Some("merge"));
    /// assert_eq!((Actions::VIEW | Actions::EDIT).name(), None); // two verbs have no one name
    /// let grant = Actions::VIEW | Actions::EDIT;
    /// assert_eq!(grant.verbs().collect::<Vec<_>>(), [Verb::VIEW, Verb::EDIT]);
    /// ```
    pub fn named(name: &str) -> Option<Actions> {
        NAMES.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
    }

    /// The document name of a single verb; `None` for an empty set or several verbs.
    pub fn name(self) -> Option<&'static str> {
        NAMES.iter().find(|(_, a)| *a == self).map(|(n, _)| *n)
    }

    /// Every verb in the set, one at a time, in bit order.
    pub fn verbs(self) -> impl Iterator<Item = crate::Verb> {
        crate::Verb::all().filter(move |v| self.contains(v.actions()))
    }

    /// Every verb in the set as a one-verb set, in bit order (for the per-verb tables).
    pub(crate) fn each(self) -> impl Iterator<Item = Actions> {
        NAMES
            .iter()
            .map(|(_, a)| *a)
            .filter(move |a| self.contains(*a))
    }

    /// The verbs that only read: `view` and `present`. Guests may hold these (DS-3).
    ///
    /// ```
    /// use seatwise::Actions;
    /// assert!(Actions::reads().contains(Actions::PRESENT));
    /// assert!(!Actions::changes().contains(Actions::PRESENT));
    /// ```
    pub const fn reads() -> Actions {
        Actions::VIEW.union(Actions::PRESENT)
    }

    /// The verbs that change something; guests are never allowed these (I-4).
    pub const fn changes() -> Actions {
        Actions::all().difference(Actions::reads())
    }

    /// Whether the set holds a verb that changes something (I-4).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::Actions;
    /// // I-4: a guest may hold `view` and `present`, which change nothing.
    /// assert!(!(Actions::VIEW | Actions::PRESENT).is_change());
    /// assert!((Actions::VIEW | Actions::EDIT).is_change());
    /// assert_eq!(Actions::changes() | Actions::reads(), Actions::all());
    /// ```
    pub const fn is_change(self) -> bool {
        self.intersects(Actions::changes())
    }

    /// The position of a single verb in per-verb tables; `None` unless exactly one bit is set.
    pub(crate) fn index(self) -> Option<usize> {
        if self.bits().count_ones() == 1 {
            usize::try_from(self.bits().trailing_zeros()).ok()
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cover_every_flag_in_bit_order() {
        assert_eq!(NAMES.len(), Actions::all().iter().count());
        for (i, (name, action)) in NAMES.iter().enumerate() {
            assert_eq!(action.index(), Some(i));
            assert_eq!(Actions::named(name), Some(*action));
            assert_eq!(action.name(), Some(*name));
        }
    }

    #[test]
    fn index_needs_exactly_one_verb() {
        assert_eq!(Actions::empty().index(), None);
        assert_eq!((Actions::VIEW | Actions::EDIT).index(), None);
        assert_eq!(Actions::REMOVE.index(), Some(12));
    }
}

//! Relations: how a user is tied to a record (A-2, A-4).

bitflags::bitflags! {
    /// How a user is tied to a record. An area says, per action, which relations make a
    /// record the user's "own" for Exclusive scope (A-4).
    ///
    /// ```
    /// use seatwise::Relation;
    /// assert_eq!(Relation::named("host"), Some(Relation::HOST));
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(transparent)]
    pub struct Relation: u8 {
        /// The user owns the record (a lead's owner, the user's own dashboard).
        const OWNER = 1 << 0;
        /// The user hosts the record (an event, a scheduled call).
        const HOST = 1 << 1;
        /// The user created the record.
        const CREATOR = 1 << 2;
        /// The record is assigned to the user.
        const ASSIGNEE = 1 << 3;
        /// The record belongs to one of the user's teams (Team scope, never declared on an area).
        const TEAM = 1 << 4;
    }
}

const NAMES: [(&str, Relation); 5] = [
    ("owner", Relation::OWNER),
    ("host", Relation::HOST),
    ("creator", Relation::CREATOR),
    ("assignee", Relation::ASSIGNEE),
    ("team", Relation::TEAM),
];

impl Relation {
    /// The relation with this document name (`"owner"`, `"host"`, …).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::Relation;
    /// assert_eq!(Relation::named("assignee"), Some(Relation::ASSIGNEE));
    /// assert_eq!(Relation::named("member"), None);
    /// let names: Vec<_> = (Relation::OWNER | Relation::HOST).names().collect();
    /// assert_eq!(names, ["owner", "host"]);
    /// ```
    pub fn named(name: &str) -> Option<Relation> {
        NAMES.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
    }

    /// The document names of the relations in the set, in bit order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        NAMES
            .iter()
            .filter(move |(_, r)| self.contains(*r))
            .map(|(n, _)| *n)
    }
}

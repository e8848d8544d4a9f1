//! Plan features: what a subscription unlocks (A-11, B-1).

bitflags::bitflags! {
    /// The features a plan unlocks; a policy area or a workspace command may require one (A-11).
    ///
    /// ```
    /// use seatwise::PlanFeatures;
    /// let business = PlanFeatures::CUSTOM_ROLES | PlanFeatures::TEAMS;
    /// assert!(business.contains(PlanFeatures::TEAMS));
    /// assert_eq!(PlanFeatures::named("integrations"), Some(PlanFeatures::INTEGRATIONS));
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(transparent)]
    pub struct PlanFeatures: u32 {
        /// Define, edit and delete custom roles (SS-8).
        const CUSTOM_ROLES = 1 << 0;
        /// Create teams and grant Team scope (M-8).
        const TEAMS = 1 << 1;
        /// Connect third-party integrations (SS-13).
        const INTEGRATIONS = 1 << 2;
        /// Invite read-only guests (B-6).
        const GUESTS = 1 << 3;
        /// Use the public API.
        const API = 1 << 4;
    }
}

const NAMES: [(&str, PlanFeatures); 5] = [
    ("custom_roles", PlanFeatures::CUSTOM_ROLES),
    ("teams", PlanFeatures::TEAMS),
    ("integrations", PlanFeatures::INTEGRATIONS),
    ("guests", PlanFeatures::GUESTS),
    ("api", PlanFeatures::API),
];

impl PlanFeatures {
    /// The feature with this document name (`custom_roles`, `teams`, …).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::PlanFeatures;
    /// assert_eq!(PlanFeatures::named("custom_roles"), Some(PlanFeatures::CUSTOM_ROLES));
    /// assert_eq!(PlanFeatures::named("sso"), None);
    /// let names: Vec<_> = (PlanFeatures::TEAMS | PlanFeatures::GUESTS).names().collect();
    /// assert_eq!(names, ["teams", "guests"]);
    /// ```
    pub fn named(name: &str) -> Option<PlanFeatures> {
        NAMES.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// The document names of the features in the set.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        NAMES
            .iter()
            .filter(move |(_, f)| self.contains(*f))
            .map(|(n, _)| *n)
    }
}

//! Plan features: what a subscription unlocks (A-11, B-1).

bitflags::bitflags! {
    /// The features a plan unlocks; a policy area or a workspace command may require one (A-11).
    ///
    /// ```
    /// use seatwise::PlanFeatures;
    /// let business = PlanFeatures::CUSTOM_ROLES | PlanFeatures::TEAMS;
    /// assert!(business.contains(PlanFeatures::TEAMS));
    /// assert!(!business.contains(PlanFeatures::INTEGRATIONS));
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
    #[cfg_attr(feature = "serde", serde(transparent))]
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

impl PlanFeatures {
    /// The lowercase name of a single feature, as written in policy and plan documents.
    pub fn name(self) -> Option<&'static str> {
        self.iter_names()
            .next()
            .and_then(|(name, flag)| (flag == self).then_some(name))
            .map(|n| match n {
                "CUSTOM_ROLES" => "custom_roles",
                "TEAMS" => "teams",
                "INTEGRATIONS" => "integrations",
                "GUESTS" => "guests",
                "API" => "api",
                other => other,
            })
    }
}

//! The set-ups both peers are measured in: how the translation is written, and whether each
//! request sees the whole policy or only the slice of the principal's role.

/// How a peer's policy is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// The first translation, kept for comparison. Cedar: one `permit` per role, area and
    /// distinct condition, every verb named, so requests need no schema check. casbin: ABAC
    /// over serialized request structs (rhai maps), standing and role compared first.
    Naive,
    /// What an author who knows the engine writes. Cedar: per role, one `permit` per grant
    /// pattern over every area sharing it (`resource is A || resource is B`), `action` left
    /// open where the role may take every verb an area offers, one catch-all permit for a role
    /// with Full scope on everything, and requests validated against the schema (which rejects
    /// verbs an area does not offer: that is what makes the open `action` exact). casbin: plain
    /// string requests, area and verb compared first.
    Idiomatic,
}

/// Which set-up of a peer decides a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Variant {
    /// How the policy is written.
    pub style: Style,
    /// Whether each request is decided against the policies of the principal's role plus the
    /// shared rules only — a Cedar `PolicySet` per role (Cedar's guidance: pass the policies
    /// that can apply), a casbin enforcer per role (filtered loading) — instead of the whole set.
    pub sliced: bool,
}

impl Variant {
    /// The first translation, whole set.
    pub const NAIVE: Variant = Variant {
        style: Style::Naive,
        sliced: false,
    };
    /// The idiomatic translation, whole set (the worst case as roles grow).
    pub const IDIOMATIC: Variant = Variant {
        style: Style::Idiomatic,
        sliced: false,
    };
    /// The idiomatic translation, sliced by the principal's role.
    pub const SLICED: Variant = Variant {
        style: Style::Idiomatic,
        sliced: true,
    };
}

//! seatwise measured against its peers, cedar-policy and casbin.
//!
//! The translations are generated from a compiled seatwise [`Policy`](seatwise::Policy): every
//! role, area and verb is read back through the public API (`roles()`, `areas()`,
//! `scope_of`, `AreaInfo::relations`, `owner_only`, `requires`) and the document's declared
//! exceptions, turned into coverage [`terms`](model::Terms), and written out once as a Cedar
//! schema and policy set ([`cedar`]) and as a casbin model and policy lines ([`casbin`]).
//!
//! A request is a host's row ([`workload::Request`]): each engine builds its own principal and
//! resource from that row per check, as a host would.

pub mod casbin;
pub mod cedar;
pub mod model;
pub mod rng;
pub mod scaling;
pub mod variant;
pub mod workload;

/// Errors of the translations and loaders: they are test and bench tooling, so one boxed type.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

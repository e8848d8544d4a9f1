//! seatwise decides who may do what in a multi-user SaaS workspace, and what the workspace
//! owes for its seats.
//!
//! It is pure logic: no I/O, no clock, no randomness, no global state. The host application
//! owns storage, e-mail and payment; seatwise returns decisions, quotes and events.
//!
//! # Access
//!
//! A [`Policy`] is data ([A-12](rules#a-12-policies-are-data)): areas, verbs, roles with
//! ranks and parents, and per-verb scopes — None, Exclusive (records the user is related to),
//! Team, Full. It is loaded from TOML or JSON (or built in code), validated, and compiled
//! into tables that a check reads without allocating.
//!
//! ```
//! use seatwise::{Verb, presets, Actions, Decision, Principal, Resource, UserId};
//!
//! let policy = presets::sales_scheduler()?;
//! let closer = policy.role("closer")?;
//! let events = policy.area("events")?;
//!
//! let carla = UserId::new(1);
//! let hosts = [carla];
//! let demo = Resource::new(events).hosted_by(&hosts).created_by(UserId::new(2));
//! let me = Principal::member(carla, closer);
//!
//! // SS-10: an Exclusive closer sees the events she hosts, but opens the settings only of
//! // events she created.
//! assert!(policy.can(&me, Verb::VIEW, &demo).is_allowed());
//! let decision = policy.can(&me, Verb::EDIT, &demo);
//! assert!(matches!(decision, Decision::Deny(_)));
//! println!("{}", decision.explain(&policy));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Where each rule lives
//!
//! Rule ids (A-1, SS-10, B-4, …) refer to the product's rules; the [`rules`] module states
//! each one, with the code that carries it and the tests that prove it. By module:
//!
//! | SPEC | module |
//! | --- | --- |
//! | A-1 … A-5, A-8, U-1 (`can`) | `access/evaluate.rs`, `access/decision.rs` |
//! | A-6, A-12 (documents, hierarchy) | `access/document.rs`, `access/compile.rs` |
//! | T-5 (policy limits), T-6 (guest roles, labels) | `access/limits.rs`, `access/compile.rs` |
//! | A-7 (administrative checks) | `access/admin.rs` |
//! | A-9 (list filters), A-10 (page modes) | `access/filter.rs`, `access/page.rs` |
//! | sections 3 and 4 (built-in models) | `presets/*.toml` |
//! | B-1, SS-1 (plans) | `billing/plan.rs` |
//! | B-2 (money), B-3 (periods) | `billing/money.rs`, `billing/period.rs` |
//! | B-4, B-5 (seats), B-6, B-10 (guests) | `billing/seats.rs`, `billing/guests.rs` |
//! | B-8 (proration), B-9 (quotes) | `billing/proration.rs`, `billing/quote.rs` |
//! | B-11, B-12 (plan changes, renewal) | `billing/subscription.rs`, `billing/invoice.rs` |
//! | U-2 … U-4 (commands, preview, idempotency) | `workspace/command.rs`, `workspace/execute.rs` |
//! | M-1 … M-3, M-6 (invitations) | `workspace/invitations.rs` |
//! | M-4, M-5 (access requests) | `workspace/requests.rs` |
//! | M-7, A-7, SS-15 (members, roles, hosts) | `workspace/membership.rs` |
//! | M-8 (teams), SS-8 (custom roles) | `workspace/teams.rs`, `workspace/roles.rs` |
//! | B-11, B-12 in the workspace | `workspace/plans.rs` |
//! | M-9 (identity) | `workspace/email.rs` |
//! | M-10, U-5 (events, replay) | `workspace/event.rs`, `workspace/state.rs` |
//! | T-2 (validated loading) | `workspace/stored.rs` |
//! | T-3 (verified replay, digests), T-8 (key retention) | `workspace/log.rs` |
//! | members table, SS-15 (hosts) | `workspace/queries.rs` |
//! | U-6 (proptest strategies) | `external/proptest/access.rs`, `external/proptest/workspace.rs` |
//!
//! # Billing and the workspace
//!
//! [`Subscription`] prices seats (plans, guest ratios, proration, quotes, invoices) in
//! integer minor units; [`Workspace`] holds members, invitations, access requests and teams,
//! changed only by [`Command`]s that are authorized by the policy, billed by the subscription,
//! previewable, idempotent and replayable from their [`Event`]s. The README has a tour.
//!
//! # Crate features
//!
//! - `serde` (default): kept for compatibility and does nothing; `Serialize` / `Deserialize`
//!   for every value hosts store are always there, since the event log's digests (T-3) hash
//!   the serde encoding of events.
//! - `proptest`: [`strategies`], proptest strategies that generate valid policies, principals,
//!   records, workspaces and command sequences for hosts' own property tests (U-6).
#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::todo,
    clippy::unimplemented,
    clippy::unreachable,
    clippy::arithmetic_side_effects,
    clippy::allow_attributes_without_reason
)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

mod access;
mod billing;
mod external;
mod features;
pub mod presets;
pub mod rules;
mod text;
mod workspace;

pub use access::*;
pub use billing::*;
pub use features::PlanFeatures;
pub use text::{NameError, MAX_NAME_CHARS};
pub use workspace::*;

#[cfg(feature = "proptest")]
pub use external::proptest as strategies;

/// The README's examples, compiled and run as doctests so that it cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

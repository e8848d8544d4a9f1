//! proptest strategies for hosts' own property tests (U-6).
//!
//! Everything generated is valid: documents compile, principals and records refer to the
//! policy they were generated for, workspaces are what a history of successful commands
//! made ([`workspace`]). Users and teams come from small pools so that relations, team
//! matches and clashes (an address invited twice, a removed user coming back) happen often.
//! Command sequences ([`commands`]) mix valid and invalid commands by every kind of actor.
//! Nothing is random outside proptest's runner, and no clock is read: time starts at
//! [`start`] and moves by each step's advance.
//!
//! ```
//! use proptest::prelude::*;
//! use seatwise::{strategies, AsResource};
//!
//! proptest!(|(case in strategies::access_case())| {
//!     let principal = case.principal.as_principal();
//!     for record in &case.records {
//!         let _ = case.policy.can(&principal, seatwise::Verb::VIEW, &record.as_resource());
//!     }
//! });
//! ```

mod access;
mod workspace;

pub use access::*;
pub use workspace::*;

//! seatwise-store keeps seatwise workspaces in a real database (SPEC section 11): SQLite
//! embedded, PostgreSQL for many application servers, through one API on sqlx.
//!
//! This package does the I/O the `seatwise` crate leaves to its host. This part of it:
//!
//! - [`filter`]: list filters as parameterized SQL conditions over a table the host
//!   describes (S-6), and a page query that runs them on SQLite or PostgreSQL.
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

pub mod filter;

pub use filter::{
    Condition, Dialect, FilterError, IdPage, NameProblem, Page, RecordTable, RecordTableBuilder,
    TableError,
};

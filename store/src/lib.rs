//! seatwise-store keeps [seatwise] workspaces in SQL — SQLite embedded (a file, or memory for
//! tests), PostgreSQL for many application servers sharing one database — so that a host
//! stores, shares and queries them without writing that layer itself (SPEC section 11).
//!
//! - **One API, two engines (S-1).** [`Store::connect`] takes `sqlite::memory:`,
//!   `sqlite://path?mode=rwc` or `postgres://…`; everything else is the same.
//! - **Schema (S-2).** Migrations ship in the package and run on connect: an append-only
//!   event log keyed by (workspace, version) with each commit's digest, snapshots,
//!   idempotency keys with their expiry, an outbox, and read-model tables (members,
//!   invitations, access requests, teams, team members) that a command updates row by row in
//!   its own transaction, for hosts to join with their own tables.
//! - **Optimistic concurrency (S-3).** A command is decided on the cached workspace and
//!   written only if the stored version is still the one it was decided on; otherwise
//!   [`StoreError::Conflict`] names both versions, and [`Store::execute_with_retry`] reloads
//!   and decides again. Previews never write.
//! - **Snapshots and cache (S-4).** A snapshot every N versions; loading reads the latest
//!   snapshot and the commits after it. A cached workspace is re-checked with one version
//!   query when older than a bound the host sets, and on PostgreSQL as soon as another
//!   store's commit is notified (LISTEN / NOTIFY).
//! - **Outbox (S-5).** The events to act on, written in the command's transaction and
//!   delivered at least once through a cursor per consumer.
//! - **List filters in SQL (S-6).** [`filter`] turns a list filter (A-9) into a
//!   parameterized condition over a table the host describes, and pages through it.
//! - **Verification (S-7).** Everything read back is checked (T-2, T-3); a damaged row is
//!   [`StoreError::Damaged`], naming the workspace and the version.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use chrono::{TimeZone, Utc};
//! use seatwise::{presets, Change, Command, Email, Invitee, Plan, Proof, Resource, UserId, Verb};
//! use seatwise_store::{Store, WorkspaceId};
//!
//! let store = Store::connect("sqlite::memory:").await?;
//! let deals = WorkspaceId::new("deal-room-7")?;
//! let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
//! let (olga, gus) = (UserId::new(1), UserId::new(2));
//! store.create(&deals, presets::deal_space()?, Plan::deal_space(), olga,
//!              Email::parse("olga@example.com")?, "Olga", now).await?;
//!
//! let gus_mail = Email::parse("gus@example.com")?;
//! let invite = Change::Invite { invitees: vec![Invitee::guest(gus_mail.clone())], expires_at: None };
//! store.execute(&deals, olga, Command::new(invite), now).await?;
//! let accept = Change::AcceptInvitation { email: gus_mail, name: "Gus".into(), proof: Proof::VerifiedEmail };
//! store.execute(&deals, gus, Command::new(accept), now).await?;
//!
//! // Every request: the cached workspace (re-checked within the bound) answers `can`.
//! let space = store.load(&deals).await?;
//! let deals_area = space.policy().area("deals")?;
//! let doc = Resource::new(deals_area);
//! assert!(space.policy().can(&space.principal(gus), Verb::VIEW, &doc).is_allowed());
//!
//! // Removing Gus: on every server sharing the database, within the bound (M-7).
//! store.execute(&deals, olga, Command::new(Change::RemoveMember { user: gus }), now).await?;
//! let space = store.load(&deals).await?;
//! assert!(!space.policy().can(&space.principal(gus), Verb::VIEW, &doc).is_allowed());
//! assert_eq!(store.check(&deals).await?.version, 4);
//! # Ok(())
//! # }
//! ```
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

mod check;
mod db;
mod error;
mod id;
mod log;
mod model;
mod outbox;
mod store;

pub use check::CheckReport;
pub use db::Engine;
pub use error::StoreError;
pub use id::{WorkspaceId, MAX_WORKSPACE_ID_CHARS};
pub use outbox::OutboxEntry;
pub use store::{Store, StoreOptions};

pub mod filter;

pub use filter::{
    Condition, Dialect, FilterError, IdPage, NameProblem, Page, RecordTable, RecordTableBuilder,
    TableError,
};

//! The reference web application of [seatwise]: the screens of both seeds — the sales
//! scheduler's users, teams, calls and roles pages (seed 000) and the deal space's members and
//! deals pages (seed 004), with the invitee's side — served by axum on the
//! [store](seatwise_store) with SQLite (SPEC section 12, W-1 … W-7).
//!
//! Every decision a page shows — what is listed, which buttons are enabled, disabled or
//! hidden, which pages appear in the navigation, what a change costs — comes from the crate on
//! the server: [`seatwise::Policy::page_mode`] (A-10), the members table's row actions (M-3),
//! [`seatwise::Workspace::guest_status`] (B-10), `can` and the list filters as SQL (S-6), and
//! the quotes (B-9, T-4). Handlers only translate forms into commands and results into pages.
//!
//! Start it in-process, as the tests do:
//!
//! ```no_run
//! # async fn run() -> Result<(), seatwise_app::AppError> {
//! let app = seatwise_app::demo("sqlite::memory:").await?;
//! let router: axum::Router = app.router();
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! axum::serve(listener, router).await?;
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::todo,
    clippy::unimplemented
)]

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::FromRef;
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::cookie::Key;
use chrono::{DateTime, Utc};
use seatwise_store::{RecordTable, Store, WorkspaceId};
use sqlx::SqlitePool;

mod error;
mod outbox;
mod pages;
mod seed;
pub mod session;

pub use error::AppError;
pub use session::Session;

/// Which of the two built-in models a workspace follows: it decides the pages it offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpaceKind {
    /// Seed 000: users, teams, scheduled calls, roles and permissions, billing.
    SalesScheduler,
    /// Seed 004: members, deals, billing.
    DealSpace,
}

/// A workspace the application serves, with the host's tables listed through its filters.
#[derive(Debug, Clone)]
pub struct Space {
    id: WorkspaceId,
    kind: SpaceKind,
    title: String,
    /// The host's records of this workspace (calls or deals), described for S-6.
    records: RecordTable,
}

impl Space {
    /// The workspace's id in the store (`closers-inc`, `deal-room`).
    pub fn id(&self) -> &WorkspaceId {
        &self.id
    }

    /// Its kind.
    pub fn kind(&self) -> SpaceKind {
        self.kind
    }

    /// Its name for people.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The host's table of its records (calls or deals), as the list filters see it (S-6).
    pub fn records(&self) -> &RecordTable {
        &self.records
    }
}

struct Inner {
    store: Store,
    pool: SqlitePool,
    key: Key,
    secure_cookies: bool,
    spaces: Vec<Space>,
    /// Held while the outbox is delivered, so that one delivery runs at a time.
    delivery: tokio::sync::Mutex<()>,
    /// A temporary database file to remove when the application is dropped.
    temporary: Option<PathBuf>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(path) = &self.temporary {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
}

/// The application: the store, the host's own tables in the same SQLite database, the
/// session key, and the workspaces served. Cheap to clone (one `Arc`).
#[derive(Clone)]
pub struct App {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("spaces", &self.inner.spaces)
            .finish_non_exhaustive()
    }
}

impl FromRef<App> for Key {
    fn from_ref(app: &App) -> Key {
        app.inner.key.clone()
    }
}

/// Opens (or creates) the database at `db_url` and seeds both seeds' workspaces through the
/// store unless they are already there: the sales scheduler `closers-inc` (seed 000) and the
/// deal space `deal-room` (seed 004), their users, and the host's calls and deals.
///
/// `db_url` is `sqlite://path?mode=rwc` for a file, or `sqlite::memory:` for a database that
/// lives as long as the application (kept in a temporary file, since the host's tables and the
/// store share it through two connection pools). The session key is generated anew, so
/// sessions do not survive a restart.
///
/// # Errors
///
/// [`AppError::Store`] / [`AppError::Database`] when the database cannot be opened or
/// written, [`AppError::Seed`] when the demo data is refused.
pub async fn demo(db_url: &str) -> Result<App, AppError> {
    App::open(db_url, false).await
}

impl App {
    /// As [`demo`], choosing whether session cookies are marked Secure (HTTPS only).
    ///
    /// # Errors
    ///
    /// As [`demo`].
    pub async fn open(db_url: &str, secure_cookies: bool) -> Result<App, AppError> {
        let (url, temporary) = if db_url.contains(":memory:") || db_url.contains("mode=memory") {
            let path = temporary_path();
            (format!("sqlite://{}?mode=rwc", path.display()), Some(path))
        } else if db_url.starts_with("sqlite:") {
            (db_url.to_owned(), None)
        } else {
            return Err(AppError::Seed(format!(
                "`{db_url}` is not a SQLite URL (sqlite://path?mode=rwc or sqlite::memory:)"
            )));
        };
        let store = Store::connect(&url).await?;
        let pool = SqlitePool::connect(&url).await?;
        for table in outbox::TABLES.iter().chain([&pages::billing::TABLE]) {
            sqlx::query(table).execute(&pool).await?;
        }
        let spaces = seed::seed(&store, &pool, now()).await?;
        Ok(App {
            inner: Arc::new(Inner {
                store,
                pool,
                key: Key::generate(),
                secure_cookies,
                spaces,
                delivery: tokio::sync::Mutex::new(()),
                temporary,
            }),
        })
    }

    /// The routes of every page and action, with the session and CSRF middleware. Serve it
    /// with `axum::serve`, or call it in-process with `tower::ServiceExt::oneshot`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/", get(pages::home))
            .route("/signin", get(pages::signin_page).post(pages::signin))
            .route("/signout", post(pages::signout))
            .route("/spaces", get(pages::invitee::spaces))
            .route("/join/{token}", get(pages::invitee::join_page))
            .route("/join/{token}/accept", post(pages::invitee::accept))
            .route("/join/{token}/decline", post(pages::invitee::decline))
            .route(
                "/w/{ws}/request-access",
                get(pages::invitee::request_page).post(pages::invitee::request_access),
            )
            .route("/w/{ws}", get(pages::space_home))
            .route("/w/{ws}/users", get(pages::members::page))
            .route("/w/{ws}/members", get(pages::members::page))
            .route("/w/{ws}/invite/preview", post(pages::members::invite))
            .route("/w/{ws}/invite", post(pages::members::invite))
            .route("/w/{ws}/users/role", post(pages::members::change_role))
            .route("/w/{ws}/users/team", post(pages::members::add_to_team))
            .route(
                "/w/{ws}/users/delete",
                get(pages::members::delete_page).post(pages::members::delete),
            )
            .route("/w/{ws}/invitations/resend", post(pages::members::resend))
            .route("/w/{ws}/invitations/link", post(pages::members::copy_link))
            .route("/w/{ws}/requests/approve", post(pages::members::approve))
            .route("/w/{ws}/requests/reject", post(pages::members::reject))
            .route(
                "/w/{ws}/teams",
                get(pages::teams::page).post(pages::teams::create),
            )
            .route("/w/{ws}/teams/{team}/add", post(pages::teams::add))
            .route("/w/{ws}/teams/{team}/remove", post(pages::teams::remove))
            .route("/w/{ws}/calls", get(pages::records::calls))
            .route(
                "/w/{ws}/calls/{id}/edit",
                get(pages::records::edit_call_page),
            )
            .route("/w/{ws}/calls/{id}", post(pages::records::edit_call))
            .route(
                "/w/{ws}/deals",
                get(pages::records::deals).post(pages::records::create_deal),
            )
            .route(
                "/w/{ws}/deals/{id}/{verb}",
                post(pages::records::deal_action),
            )
            .route("/w/{ws}/billing", get(pages::billing::page))
            .route(
                "/w/{ws}/billing/details",
                get(pages::billing::details_page).post(pages::billing::save_details),
            )
            .route("/mail", get(pages::mail::page))
            .route(
                "/w/{ws}/roles",
                get(pages::roles::page).post(pages::roles::create),
            )
            .route("/w/{ws}/roles/{name}", post(pages::roles::edit))
            .route("/w/{ws}/roles/{name}/delete", post(pages::roles::delete))
            .fallback(pages::not_found)
            .layer(axum::middleware::from_fn_with_state(
                self.clone(),
                session::guard,
            ))
            .with_state(self.clone())
    }

    /// The workspaces served, in navigation order.
    pub fn spaces(&self) -> &[Space] {
        &self.inner.spaces
    }

    /// The store the workspaces live in.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The pool of the host's own tables (users, calls, deals, invitation links).
    pub fn pool(&self) -> &SqlitePool {
        &self.inner.pool
    }

    /// Adds a workspace the store already holds to the ones served (benches and tests build
    /// large workspaces this way). Call before [`router`](Self::router).
    ///
    /// # Errors
    ///
    /// [`AppError::NotFound`] when the store does not hold `id`, or the application is
    /// already shared (cloned) and cannot change.
    pub async fn serve_space(
        &mut self,
        id: WorkspaceId,
        kind: SpaceKind,
        title: &str,
    ) -> Result<(), AppError> {
        let space = self.inner.store.load(&id).await?;
        let records = seed::record_table(kind, space.policy())?;
        let inner = Arc::get_mut(&mut self.inner)
            .ok_or_else(|| AppError::NotFound("the application is already shared".to_owned()))?;
        inner.spaces.push(Space {
            id,
            kind,
            title: title.to_owned(),
            records,
        });
        Ok(())
    }

    /// Acts on the store's outbox (S-5): "sends" the e-mails its events ask for into the
    /// mailbox table and records charges and plan changes in the billing history, then moves
    /// the application's cursor past them. Returns how many entries it acted on (0 when there
    /// was nothing new). The pages that show these call it first; `seatwise-app` also runs it
    /// every second.
    ///
    /// # Errors
    ///
    /// [`AppError::Store`] / [`AppError::Database`] when the outbox cannot be read or the
    /// host's tables written; the cursor then stays where it was and the next call acts on
    /// the same entries again, which changes nothing already written.
    pub async fn deliver_outbox(&self) -> Result<u64, AppError> {
        outbox::deliver(self).await
    }

    /// Deletes the outbox entries the application has acted on (S-5): it is the only
    /// consumer of its database's outbox. Returns how many.
    ///
    /// # Errors
    ///
    /// [`AppError::Store`] for the database's errors.
    pub async fn prune_outbox(&self) -> Result<u64, AppError> {
        Ok(self.store().prune_outbox(&[outbox::CONSUMER]).await?)
    }

    pub(crate) fn delivery_lock(&self) -> &tokio::sync::Mutex<()> {
        &self.inner.delivery
    }

    pub(crate) fn key(&self) -> &Key {
        &self.inner.key
    }

    pub(crate) fn secure_cookies(&self) -> bool {
        self.inner.secure_cookies
    }

    pub(crate) fn space(&self, id: &str) -> Result<&Space, AppError> {
        self.inner
            .spaces
            .iter()
            .find(|s| s.id.as_str() == id)
            .ok_or_else(|| AppError::NotFound(format!("no workspace `{id}`")))
    }
}

/// The time every command is dated with.
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now()
}

fn temporary_path() -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = Utc::now().timestamp_subsec_nanos();
    std::env::temp_dir().join(format!(
        "seatwise-app-{}-{n}-{nanos}.db",
        std::process::id()
    ))
}

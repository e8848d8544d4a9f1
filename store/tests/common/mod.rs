//! Shared by the store's tests: the engines to run on (S-1), unique workspace ids, a clock,
//! and small workspace stories.
#![allow(dead_code, reason = "each test file uses part of it")]

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, TimeZone, Utc};
use seatwise::{
    presets, Change, Command, Currency, Email, Invitee, Plan, PlanFeatures, PlanId, Proof, UserId,
};
use seatwise_store::{Store, StoreOptions, WorkspaceId};
use tempfile::TempDir;

/// The variable naming the PostgreSQL database the tests may use.
pub const POSTGRES_URL: &str = "SEATWISE_TEST_POSTGRES_URL";

/// One database to run a test on. A SQLite file lives in its own temporary directory.
pub struct Db {
    pub name: &'static str,
    pub url: String,
    _dir: Option<TempDir>,
}

impl Db {
    pub async fn store(&self, options: StoreOptions) -> Store {
        Store::connect_with(&self.url, options)
            .await
            .unwrap_or_else(|e| panic!("{}: cannot connect to {}: {e}", self.name, self.url))
    }
}

/// A SQLite file in a fresh temporary directory.
pub fn sqlite_file() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("store.db").display()
    );
    Db {
        name: "SQLite file",
        url,
        _dir: Some(dir),
    }
}

/// The PostgreSQL database named by `SEATWISE_TEST_POSTGRES_URL`, if set. Without it, says
/// that PostgreSQL was not tested. With it set, a test that cannot reach it fails.
pub fn postgres() -> Option<Db> {
    match std::env::var(POSTGRES_URL) {
        Ok(url) if !url.trim().is_empty() => Some(Db {
            name: "PostgreSQL",
            url,
            _dir: None,
        }),
        _ => {
            say_untested();
            None
        }
    }
}

/// A database of its own on the PostgreSQL server of `SEATWISE_TEST_POSTGRES_URL`, for a test
/// that acts on the whole database (the outbox is shared by every workspace in it); dropped by
/// [`drop_postgres`]. `None` when PostgreSQL is not configured.
pub async fn postgres_alone(name: &str) -> Option<Db> {
    use sqlx::Connection as _;
    let shared = postgres()?;
    let mut c = sqlx::PgConnection::connect(&shared.url)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL: cannot connect to {}: {e}", shared.url));
    let database = format!("{name}_{}", std::process::id());
    for statement in [
        format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"),
        format!("CREATE DATABASE {database}"),
    ] {
        sqlx::raw_sql(&statement).execute(&mut c).await.unwrap();
    }
    let (base, query) = shared
        .url
        .split_once('?')
        .map_or((shared.url.as_str(), None), |(b, q)| (b, Some(q)));
    let server = &base[..base.rfind('/').expect("a database in the URL")];
    Some(Db {
        name: "PostgreSQL",
        url: format!(
            "{server}/{database}{}",
            query.map_or(String::new(), |q| format!("?{q}"))
        ),
        _dir: None,
    })
}

/// Drops a database made by [`postgres_alone`].
pub async fn drop_postgres(db: &Db) {
    use sqlx::Connection as _;
    let shared = postgres().expect("configured");
    let database = db
        .url
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap();
    let mut c = sqlx::PgConnection::connect(&shared.url).await.unwrap();
    sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        .execute(&mut c)
        .await
        .unwrap();
}

/// Says once per test binary, past libtest's output capture (which only takes `print!` and
/// `eprint!`), that PostgreSQL was not tested, so the README's test command shows it.
pub fn say_untested() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "note: {POSTGRES_URL} is not set: the store's tests ran on SQLite only; PostgreSQL was NOT tested"
        );
    });
}

/// Every engine a store-wide test runs on (S-1): a SQLite file, SQLite in memory when
/// `memory`, and PostgreSQL when configured.
pub fn engines(memory: bool) -> Vec<Db> {
    let mut dbs = vec![sqlite_file()];
    if memory {
        dbs.push(Db {
            name: "SQLite memory",
            url: "sqlite::memory:".into(),
            _dir: None,
        });
    }
    dbs.extend(postgres());
    dbs
}

/// Engines two stores can share: a SQLite file and PostgreSQL when configured.
pub fn shared_engines() -> Vec<Db> {
    engines(false)
}

/// A workspace id no other test (or earlier run on the same PostgreSQL database) uses.
pub fn unique(name: &str) -> WorkspaceId {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    WorkspaceId::new(&format!("{name}-{}-{n}-{nanos}", std::process::id())).unwrap()
}

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap()
}

pub fn email(name: &str) -> Email {
    Email::parse(&format!("{name}@example.com")).unwrap()
}

pub const OWNER: UserId = UserId::new(1);

/// A plan that charges nothing and has every feature, so stories need no quotes.
pub fn free_plan() -> Plan {
    Plan::builder(PlanId::new("free").unwrap(), "Free", Currency::USD)
        .features(PlanFeatures::all())
        .build()
        .unwrap()
}

/// The deal-space policy on [`free_plan`], owned by `OWNER`.
pub async fn deal_space(store: &Store, ws: &WorkspaceId) {
    store
        .create(
            ws,
            presets::deal_space().unwrap(),
            free_plan(),
            OWNER,
            email("owner"),
            "Owner",
            now(),
        )
        .await
        .unwrap();
}

/// Invites `name` as a guest and has them accept as `user`.
pub async fn guest_joins(store: &Store, ws: &WorkspaceId, name: &str, user: UserId) {
    let invite = Change::Invite {
        invitees: vec![Invitee::guest(email(name))],
        expires_at: None,
    };
    store
        .execute(ws, OWNER, Command::new(invite), now())
        .await
        .unwrap();
    let accept = Change::AcceptInvitation {
        email: email(name),
        name: name.to_owned(),
        proof: Proof::VerifiedEmail,
    };
    store
        .execute(ws, user, Command::new(accept), now())
        .await
        .unwrap();
}

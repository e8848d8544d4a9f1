//! The two engines behind one API (S-1): a pool and a transaction of either, the macros that
//! run the same statement on both, and the migrations that run on connect (S-2).
//!
//! Statements use `$1, $2, …` placeholders, which both engines accept, and are written once;
//! the few that differ are chosen by [`Engine`].

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Postgres, Sqlite, Transaction};

use crate::StoreError;

/// Which engine a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// SQLite: a file, or memory.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// A connection pool of either engine.
#[derive(Debug, Clone)]
pub(crate) enum Pool {
    /// Every use but write transactions, and the one connection write transactions take.
    /// SQLite lets one writer in at a time: writers queue for `writer` in this process
    /// rather than on the database's lock (whose busy handler sleeps), and that connection's
    /// page cache stays valid from one commit to the next. In memory, both are one pool.
    Sqlite {
        pool: SqlitePool,
        writer: SqlitePool,
    },
    Postgres(PgPool),
}

/// A transaction of either engine.
pub(crate) enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$c` bound to the transaction's connection, whichever the engine.
macro_rules! on_tx {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::db::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

/// Runs `$body` with `$c` bound to the pool, whichever the engine.
macro_rules! on_pool {
    ($pool:expr, |$c:ident| $body:expr) => {
        match $pool {
            $crate::db::Pool::Sqlite { pool: p, .. } => {
                let $c = p;
                $body
            }
            $crate::db::Pool::Postgres(p) => {
                let $c = p;
                $body
            }
        }
    };
}

pub(crate) use {on_pool, on_tx};

impl Pool {
    pub(crate) fn engine(&self) -> Engine {
        match self {
            Pool::Sqlite { .. } => Engine::Sqlite,
            Pool::Postgres(_) => Engine::Postgres,
        }
    }

    /// A write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so
    /// two writers queue on the busy timeout instead of failing to upgrade a read lock.
    pub(crate) async fn begin_write(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Pool::Sqlite { writer, .. } => Tx::Sqlite(writer.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// A read transaction: one consistent view across several statements.
    pub(crate) async fn begin_read(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Pool::Sqlite { pool, .. } => Tx::Sqlite(pool.begin().await?),
            Pool::Postgres(p) => Tx::Postgres(
                p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?,
            ),
        })
    }
}

impl Tx {
    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

/// Opens a pool for `url` and brings the schema up to date.
pub(crate) async fn connect(url: &str, max_connections: u32) -> Result<Pool, StoreError> {
    let pool = if url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|_| StoreError::Url(url.to_owned()))?
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30))
            .synchronous(SqliteSynchronous::Normal);
        let memory = is_memory(url);
        // No ping before each use: an SQLite connection is a file handle in this process, not
        // a socket that can drop, and the ping is one more round trip to its thread.
        if memory {
            // One connection keeps one shared in-memory database alive for the pool's life.
            let pool = SqlitePoolOptions::new()
                .test_before_acquire(false)
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
                .connect_with(options)
                .await?;
            Pool::Sqlite {
                writer: pool.clone(),
                pool,
            }
        } else {
            let options = options.journal_mode(SqliteJournalMode::Wal);
            let pool = SqlitePoolOptions::new()
                .test_before_acquire(false)
                .max_connections(max_connections.max(1))
                .connect_with(options.clone())
                .await?;
            let writer = SqlitePoolOptions::new()
                .test_before_acquire(false)
                .max_connections(1)
                .idle_timeout(None)
                .connect_with(options)
                .await?;
            Pool::Sqlite { pool, writer }
        }
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let options =
            PgConnectOptions::from_str(url).map_err(|_| StoreError::Url(url.to_owned()))?;
        Pool::Postgres(
            PgPoolOptions::new()
                .max_connections(max_connections.max(2))
                .connect_with(options)
                .await?,
        )
    } else {
        return Err(StoreError::Url(url.to_owned()));
    };
    migrate(&pool).await?;
    Ok(pool)
}

fn is_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// One migration: version, name, SQL.
type Migration = (i64, &'static str, &'static str);

const SQLITE_MIGRATIONS: &[Migration] = &[(
    1,
    "init",
    include_str!("../migrations/sqlite/0001_init.sql"),
)];

const POSTGRES_MIGRATIONS: &[Migration] = &[(
    1,
    "init",
    include_str!("../migrations/postgres/0001_init.sql"),
)];

/// The migrations of `engine`, in order: the SQL files under `migrations/` of this package.
pub(crate) fn migrations(engine: Engine) -> &'static [Migration] {
    match engine {
        Engine::Sqlite => SQLITE_MIGRATIONS,
        Engine::Postgres => POSTGRES_MIGRATIONS,
    }
}

/// Brings the schema up to date, in one transaction, recording what ran in
/// `seatwise_migrations` (a table of its own, so that a host's own sqlx migrations in the same
/// database never see ours). Concurrent connects wait for each other: SQLite's write lock,
/// PostgreSQL's advisory lock.
async fn migrate(pool: &Pool) -> Result<(), StoreError> {
    let engine = pool.engine();
    let mut tx = pool.begin_write().await?;
    let create = match engine {
        Engine::Sqlite => {
            "CREATE TABLE IF NOT EXISTS seatwise_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
        }
        Engine::Postgres => {
            "CREATE TABLE IF NOT EXISTS seatwise_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        }
    };
    if engine == Engine::Postgres {
        // The key is arbitrary but fixed: "seatwise" in ASCII.
        on_tx!(&mut tx, |c| sqlx::query(
            "SELECT pg_advisory_xact_lock(8315161718575760229)"
        )
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    }
    on_tx!(&mut tx, |c| sqlx::query(create)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    let applied: Vec<(i64, String)> = on_tx!(&mut tx, |c| sqlx::query_as(
        "SELECT version, name FROM seatwise_migrations ORDER BY version"
    )
    .fetch_all(c)
    .await)?;
    let known = migrations(engine);
    for (version, name) in &applied {
        match known.iter().find(|(v, _, _)| v == version) {
            Some((_, known_name, _)) if known_name == name => {}
            Some(_) => {
                return Err(StoreError::Migration {
                    version: *version,
                    name: name.clone(),
                    reason: "the database applied a different migration of this version".into(),
                })
            }
            None => {
                return Err(StoreError::Migration {
                    version: *version,
                    name: name.clone(),
                    reason: "the database schema is newer than this version of seatwise-store"
                        .into(),
                })
            }
        }
    }
    for (version, name, sql) in known {
        if applied.iter().any(|(v, _)| v == version) {
            continue;
        }
        let ran = on_tx!(&mut tx, |c| sqlx::raw_sql(sql)
            .execute(c)
            .await
            .map(|r| r.rows_affected()));
        ran.map_err(|error| StoreError::Migration {
            version: *version,
            name: (*name).to_owned(),
            reason: error.to_string(),
        })?;
        on_tx!(&mut tx, |c| sqlx::query(
            "INSERT INTO seatwise_migrations (version, name) VALUES ($1, $2)"
        )
        .bind(version)
        .bind(name)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    }
    tx.commit().await
}

/// `value` as a signed 64-bit SQL integer.
pub(crate) fn int(what: &'static str, value: u64) -> Result<i64, StoreError> {
    i64::try_from(value).map_err(|_| StoreError::OutOfRange { what, value })
}

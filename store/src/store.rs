//! The store: one API over both engines (S-1), commands with optimistic concurrency (S-3),
//! the in-process cache with its staleness bound and PostgreSQL notifications (S-4).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex as SyncMutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use seatwise::{Command, CommandError, Email, Event, Outcome, Plan, Policy, UserId, Workspace};
use tokio::task::JoinHandle;

use crate::db::{self, int, on_pool, on_tx, Engine, Pool, Tx};
use crate::log;
use crate::model::{self, Touched};
use crate::{StoreError, WorkspaceId};

/// How a [`Store`] keeps and checks what it caches, and how often it snapshots.
///
/// ```
/// use std::time::Duration;
/// use seatwise_store::StoreOptions;
/// let options = StoreOptions::default()
///     .snapshot_every(500)
///     .max_staleness(Duration::from_millis(250));
/// assert_eq!(options.snapshot_interval(), 500);
/// ```
#[derive(Debug, Clone)]
pub struct StoreOptions {
    snapshot_every: u64,
    max_staleness: Duration,
    listen: bool,
    max_connections: u32,
    cache_capacity: usize,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            snapshot_every: 100,
            max_staleness: Duration::from_secs(1),
            listen: true,
            max_connections: 8,
            cache_capacity: 1_024,
        }
    }
}

impl StoreOptions {
    /// Writes a snapshot with every `n`th version (S-4), in the transaction of the command
    /// that reaches it; 0 never snapshots, so loading replays the whole log. Default 100.
    pub fn snapshot_every(mut self, n: u64) -> Self {
        self.snapshot_every = n;
        self
    }

    /// The snapshot interval.
    pub fn snapshot_interval(&self) -> u64 {
        self.snapshot_every
    }

    /// The longest a cached workspace is used without asking the database for its version
    /// (S-4, M-7): older than this, the next use first runs one cheap version query, and reads
    /// what was committed elsewhere. A change made through another store is therefore seen
    /// here within this bound (sooner on PostgreSQL, through notifications). `Duration::ZERO`
    /// checks on every use. Default one second.
    pub fn max_staleness(mut self, bound: Duration) -> Self {
        self.max_staleness = bound;
        self
    }

    /// The staleness bound.
    pub fn staleness_bound(&self) -> Duration {
        self.max_staleness
    }

    /// On PostgreSQL, listen for other stores' commits (LISTEN / NOTIFY) and re-check a
    /// cached workspace as soon as one arrives, not only when the bound passes. Default on;
    /// ignored on SQLite.
    pub fn listen(mut self, on: bool) -> Self {
        self.listen = on;
        self
    }

    /// The most pooled connections (SQLite in memory always uses one; a SQLite file has one
    /// more, which write transactions take in turn). Default 8.
    pub fn max_connections(mut self, n: u32) -> Self {
        self.max_connections = n;
        self
    }

    /// The most workspaces kept in the cache; the least recently used goes first. Default
    /// 1,024.
    pub fn cache_capacity(mut self, n: usize) -> Self {
        self.cache_capacity = n.max(1);
        self
    }
}

/// A cached workspace and when its version was last known to be the stored one.
#[derive(Default)]
struct Slot {
    space: Option<Arc<Workspace>>,
    checked: Option<Instant>,
}

struct Entry {
    /// Set by a notification: re-check before the next use.
    stale: AtomicBool,
    last_used: AtomicU64,
    /// Held for the whole of a command, so commands on one workspace through one store
    /// queue rather than conflict.
    slot: tokio::sync::Mutex<Slot>,
}

#[derive(Default)]
struct Cache {
    entries: SyncMutex<HashMap<WorkspaceId, Arc<Entry>>>,
    tick: AtomicU64,
}

impl Cache {
    fn entry(&self, ws: &WorkspaceId, capacity: usize) -> Arc<Entry> {
        let tick = self.tick.fetch_add(1, Ordering::Relaxed);
        let mut entries = match self.entries.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(entry) = entries.get(ws) {
            entry.last_used.store(tick, Ordering::Relaxed);
            return Arc::clone(entry);
        }
        if entries.len() >= capacity {
            // Evict the least recently used entry that no one is using.
            let victim = entries
                .iter()
                .filter(|(_, e)| Arc::strong_count(e) == 1)
                .min_by_key(|(_, e)| e.last_used.load(Ordering::Relaxed))
                .map(|(id, _)| id.clone());
            if let Some(victim) = victim {
                entries.remove(&victim);
            }
        }
        let entry = Arc::new(Entry {
            stale: AtomicBool::new(false),
            last_used: AtomicU64::new(tick),
            slot: tokio::sync::Mutex::new(Slot::default()),
        });
        entries.insert(ws.clone(), Arc::clone(&entry));
        entry
    }

    fn mark_stale(&self, ws: Option<&str>) {
        let entries = match self.entries.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        for (id, entry) in entries.iter() {
            if ws.is_none_or(|ws| ws == id.as_str()) {
                entry.stale.store(true, Ordering::Release);
            }
        }
    }

    fn remove(&self, ws: &WorkspaceId) {
        let mut entries = match self.entries.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        entries.remove(ws);
    }
}

struct Inner {
    pool: Pool,
    options: StoreOptions,
    cache: Arc<Cache>,
    listener: Option<JoinHandle<()>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(listener) = self.listener.take() {
            listener.abort();
        }
    }
}

/// Workspaces in SQLite or PostgreSQL (S-1): a verified event log with snapshots, read-model
/// tables and an outbox written in each command's transaction, optimistic concurrency, and
/// an in-process cache with a staleness bound. Cheap to clone; clones share the pool and
/// the cache.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use chrono::{TimeZone, Utc};
/// use seatwise::{presets, Change, Command, Email, Invitee, Plan, UserId};
/// use seatwise_store::{Store, WorkspaceId};
///
/// let store = Store::connect("sqlite::memory:").await?;
/// let acme = WorkspaceId::new("acme")?;
/// let now = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
/// let olga = UserId::new(1);
/// store
///     .create(&acme, presets::deal_space()?, Plan::deal_space(), olga,
///             Email::parse("olga@example.com")?, "Olga", now)
///     .await?;
///
/// let invite = Command::new(Change::Invite {
///     invitees: vec![Invitee::guest(Email::parse("gus@example.com")?)],
///     expires_at: None,
/// });
/// let outcome = store.execute(&acme, olga, invite, now).await?;
/// assert_eq!(outcome.version(), 2);
/// assert_eq!(store.load(&acme).await?.invitations().count(), 1);
///
/// // The outbox holds the invitation for the host's mailer (S-5).
/// let entries = store.outbox("mailer", 10).await?;
/// assert!(entries.iter().any(|e| e.kind() == "invitation_sent"));
/// store.advance("mailer", entries.last().map_or(0, |e| e.position())).await?;
/// assert!(store.outbox("mailer", 10).await?.is_empty());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("engine", &self.engine())
            .field("options", &self.inner.options)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Connects with [`StoreOptions::default`]: `sqlite::memory:`, `sqlite://path?mode=rwc`
    /// (a file, created if missing) or `postgres://user@host:port/db`. The schema is brought
    /// up to date on connect (S-2).
    ///
    /// # Errors
    ///
    /// [`StoreError::Url`] for another URL; the database's errors; a migration that fails.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        Store::connect_with(url, StoreOptions::default()).await
    }

    /// Connects with `options`. On PostgreSQL with [`StoreOptions::listen`] on, a background
    /// task (on the current Tokio runtime) listens for other stores' commits.
    ///
    /// # Errors
    ///
    /// As [`Store::connect`].
    pub async fn connect_with(url: &str, options: StoreOptions) -> Result<Store, StoreError> {
        let pool = db::connect(url, options.max_connections).await?;
        let cache = Arc::new(Cache::default());
        let listener = match &pool {
            Pool::Postgres(pg) if options.listen => {
                let mut listener = sqlx::postgres::PgListener::connect_with(pg).await?;
                listener.listen(log::CHANNEL).await?;
                let cache = Arc::clone(&cache);
                Some(tokio::spawn(async move {
                    loop {
                        match listener.try_recv().await {
                            Ok(Some(note)) => {
                                let ws = note.payload().split_once(' ').map(|(_, ws)| ws);
                                cache.mark_stale(ws);
                            }
                            // The connection dropped and will be re-established on the next
                            // call; what was missed meanwhile is unknown: re-check everything.
                            Ok(None) => cache.mark_stale(None),
                            Err(_) => {
                                cache.mark_stale(None);
                                tokio::time::sleep(Duration::from_millis(200)).await;
                            }
                        }
                    }
                }))
            }
            _ => None,
        };
        Ok(Store {
            inner: Arc::new(Inner {
                pool,
                options,
                cache,
                listener,
            }),
        })
    }

    /// The engine behind this store.
    pub fn engine(&self) -> Engine {
        self.inner.pool.engine()
    }

    /// The options it was connected with.
    pub fn options(&self) -> &StoreOptions {
        &self.inner.options
    }

    pub(crate) fn pool(&self) -> &Pool {
        &self.inner.pool
    }

    /// Creates and stores a workspace ([`Workspace::create`]): its first commit, its owner's
    /// row and the creation in the outbox, in one transaction.
    ///
    /// # Errors
    ///
    /// [`StoreError::AlreadyExists`]; [`StoreError::Command`] for what
    /// [`Workspace::create`] refuses; the database's errors.
    #[allow(
        clippy::too_many_arguments,
        reason = "the arguments of Workspace::create"
    )]
    pub async fn create(
        &self,
        ws: &WorkspaceId,
        policy: Policy,
        plan: Plan,
        owner: UserId,
        email: Email,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Outcome, StoreError> {
        let (space, outcome) = Workspace::create(policy, plan, owner, email, name, now)?;
        let mut tx = self.pool().begin_write().await?;
        insert_workspace_row(&mut tx, ws, &space).await?;
        log::append(&mut tx, ws, outcome.events(), true).await?;
        model::rebuild(&mut tx, ws, &space).await?;
        if log::snapshot_due(space.version(), self.inner.options.snapshot_every) {
            log::snapshot(&mut tx, ws, &space).await?;
        }
        log::notify(&mut tx, ws, space.version()).await?;
        tx.commit().await?;
        self.cache_fresh(ws, space).await;
        Ok(outcome)
    }

    /// Stores a workspace from an existing log (a host moving to the store): the log is
    /// replayed with verification (T-3), then written with its read model and a snapshot at
    /// its head, in one transaction. History is not news: nothing goes to the outbox.
    ///
    /// # Errors
    ///
    /// [`StoreError::Damaged`] for a log that does not verify; [`StoreError::AlreadyExists`];
    /// the database's errors.
    pub async fn import(&self, ws: &WorkspaceId, log: &[Event]) -> Result<u64, StoreError> {
        let space = Workspace::replay(log).map_err(|e| log::replay_damage(ws, &e, 1))?;
        let mut tx = self.pool().begin_write().await?;
        insert_workspace_row(&mut tx, ws, &space).await?;
        let mut start = 0;
        for (i, event) in log.iter().enumerate() {
            if matches!(event, Event::Committed { .. }) {
                let command = log.get(start..=i).unwrap_or_default();
                log::append(&mut tx, ws, command, false).await?;
                start = i.saturating_add(1);
            }
        }
        model::rebuild(&mut tx, ws, &space).await?;
        log::snapshot(&mut tx, ws, &space).await?;
        log::notify(&mut tx, ws, space.version()).await?;
        tx.commit().await?;
        let version = space.version();
        self.cache_fresh(ws, space).await;
        Ok(version)
    }

    /// The workspace as stored, from the cache when it is fresh enough (S-4): a cached copy
    /// older than the staleness bound, or named by a notification, is first checked with one
    /// version query and brought up to date with the commits made elsewhere. What is read is
    /// verified (S-7). The value is shared; clone it to change it.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`]; [`StoreError::Damaged`]; the database's errors.
    pub async fn load(&self, ws: &WorkspaceId) -> Result<Arc<Workspace>, StoreError> {
        let entry = self.entry(ws);
        let mut slot = entry.slot.lock().await;
        let space = self.fresh(ws, &entry, &mut slot).await?;
        Ok(Arc::clone(space))
    }

    /// Loads the workspace from the database, ignoring and then replacing the cache.
    ///
    /// # Errors
    ///
    /// As [`Store::load`].
    pub async fn reload(&self, ws: &WorkspaceId) -> Result<Arc<Workspace>, StoreError> {
        let entry = self.entry(ws);
        let mut slot = entry.slot.lock().await;
        slot.space = None;
        let space = self.fresh(ws, &entry, &mut slot).await?;
        Ok(Arc::clone(space))
    }

    /// Drops the workspace from this store's cache.
    pub fn evict(&self, ws: &WorkspaceId) {
        self.inner.cache.remove(ws);
    }

    /// The stored version of the workspace: one query, no cache.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`]; the database's errors.
    pub async fn version(&self, ws: &WorkspaceId) -> Result<u64, StoreError> {
        let mut tx = self.pool().begin_read().await?;
        let head = log::head(&mut tx, ws).await?;
        tx.commit().await?;
        head.map(|h| h.version)
            .ok_or_else(|| StoreError::NotFound(ws.clone()))
    }

    /// What `command` would do (U-3, B-9), on the stored workspace. Never writes.
    ///
    /// # Errors
    ///
    /// As [`Store::load`], and [`StoreError::Command`] for what the workspace refuses.
    pub async fn preview(
        &self,
        ws: &WorkspaceId,
        actor: UserId,
        command: &Command,
        now: DateTime<Utc>,
    ) -> Result<Outcome, StoreError> {
        let space = self.load(ws).await?;
        Ok(space.preview(actor, command, now)?)
    }

    /// Applies `command` by `actor` at `now` to the stored workspace (S-3): decided on the
    /// cached workspace, written only if the stored version is still the one it was decided
    /// on, with its events, read-model rows, idempotency key, outbox entries and any due
    /// snapshot, in one transaction. A keyed command retried within its retention window
    /// returns its first outcome and writes nothing (U-4).
    ///
    /// # Errors
    ///
    /// [`StoreError::Command`] for what the workspace refuses (nothing is written);
    /// [`StoreError::Conflict`] when another writer committed first (nothing is written;
    /// the next call reads what they wrote); as [`Store::load`].
    pub async fn execute(
        &self,
        ws: &WorkspaceId,
        actor: UserId,
        command: Command,
        now: DateTime<Utc>,
    ) -> Result<Outcome, StoreError> {
        let mut command = Some(command);
        self.attempt(ws, actor, now, &mut |_| {
            command.take().ok_or(CommandError::VersionOverflow)
        })
        .await
    }

    /// Applies the command `make` builds from the current workspace, retrying on
    /// [`StoreError::Conflict`] up to `attempts` times in all (S-3): each attempt reads what
    /// the other writers committed and calls `make` again, so a command that confirms a quote
    /// (T-4: bound to the version) confirms the current one. Every other error is returned at
    /// once.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{presets, Change, Command, Email, Invitee, Plan, UserId};
    /// use seatwise_store::{Store, WorkspaceId};
    ///
    /// let store = Store::connect("sqlite::memory:").await?;
    /// let ws = WorkspaceId::new("sales")?;
    /// let now = Utc.with_ymd_and_hms(2025, 4, 1, 9, 0, 0).unwrap();
    /// let olivia = UserId::new(1);
    /// store.create(&ws, presets::sales_scheduler()?, Plan::startup(), olivia,
    ///              Email::parse("olivia@example.com")?, "Olivia", now).await?;
    /// let closer = store.load(&ws).await?.policy().role("closer")?;
    /// let carla = Email::parse("carla@example.com")?;
    /// // Inviting on Startup costs a seat: preview, then confirm the quote of this version.
    /// let outcome = store
    ///     .execute_with_retry(&ws, olivia, now, 5, |space| {
    ///         let invite = Command::new(Change::Invite {
    ///             invitees: vec![Invitee::member(carla.clone(), closer)],
    ///             expires_at: None,
    ///         });
    ///         let quote = space.preview(olivia, &invite, now)?.quote().cloned();
    ///         Ok(match quote {
    ///             Some(quote) => invite.confirming(quote),
    ///             None => invite,
    ///         })
    ///     })
    ///     .await?;
    /// assert!(outcome.quote().is_some());
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Store::execute`]; the last [`StoreError::Conflict`] when every attempt conflicted;
    /// [`StoreError::Command`] for an error `make` returns.
    pub async fn execute_with_retry<F>(
        &self,
        ws: &WorkspaceId,
        actor: UserId,
        now: DateTime<Utc>,
        attempts: u32,
        mut make: F,
    ) -> Result<Outcome, StoreError>
    where
        F: FnMut(&Workspace) -> Result<Command, CommandError> + Send,
    {
        let mut left = attempts.max(1);
        loop {
            match self.attempt(ws, actor, now, &mut make).await {
                Err(conflict @ StoreError::Conflict { .. }) => {
                    left = left.saturating_sub(1);
                    if left == 0 {
                        return Err(conflict);
                    }
                    tokio::task::yield_now().await;
                }
                other => return other,
            }
        }
    }

    /// One attempt of a command: fresh workspace, decide, write under the version check,
    /// apply to the cache.
    async fn attempt(
        &self,
        ws: &WorkspaceId,
        actor: UserId,
        now: DateTime<Utc>,
        make: &mut (dyn FnMut(&Workspace) -> Result<Command, CommandError> + Send),
    ) -> Result<Outcome, StoreError> {
        let entry = self.entry(ws);
        let mut slot = entry.slot.lock().await;
        let space = self.fresh(ws, &entry, &mut slot).await?;
        let command = make(space)?;
        let decided_on = space.head();
        let outcome = space.dry_run(actor, &command, now)?;
        if outcome.version() <= decided_on.version() {
            // U-4: a keyed retry, answered with its first outcome; nothing to write.
            return Ok(outcome);
        }
        let mut tx = self.pool().begin_write().await?;
        // S-3: the version check. The row is locked (or, on SQLite, the database) until the
        // transaction ends, so no other writer can commit in between.
        let checked = on_tx!(&mut tx, |c| sqlx::query(
            "UPDATE seatwise_workspaces SET version = $1, digest = $2, changed_at = $3 \
             WHERE workspace = $4 AND version = $5 AND digest = $6"
        )
        .bind(int("version", outcome.version())?)
        .bind(log::closing(outcome.events()).map(|(_, _, d)| d.to_string()))
        .bind(now)
        .bind(ws.as_str())
        .bind(int("version", decided_on.version())?)
        .bind(decided_on.digest().to_string())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        if checked != 1 {
            let stored = log::head(&mut tx, ws).await?;
            drop(tx);
            entry.stale.store(true, Ordering::Release);
            return Err(match stored {
                None => StoreError::NotFound(ws.clone()),
                Some(head) => StoreError::Conflict {
                    workspace: ws.clone(),
                    decided_on: decided_on.version(),
                    stored: head.version,
                },
            });
        }
        log::append(&mut tx, ws, outcome.events(), true).await?;
        // Apply to the cached workspace only now that the version check holds; from here
        // on, a failure leaves the cache ahead of the database, so it is dropped.
        let result = self
            .finish(&mut tx, ws, &mut slot, actor, command, now, &outcome)
            .await;
        let result = match result {
            Ok(()) => tx.commit().await,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                slot.checked = Some(Instant::now());
                Ok(outcome)
            }
            Err(e) => {
                slot.space = None;
                slot.checked = None;
                Err(e)
            }
        }
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "one step of attempt, split for clarity"
    )]
    async fn finish(
        &self,
        tx: &mut Tx,
        ws: &WorkspaceId,
        slot: &mut Slot,
        actor: UserId,
        command: Command,
        now: DateTime<Utc>,
        outcome: &Outcome,
    ) -> Result<(), StoreError> {
        let Some(cached) = slot.space.as_mut() else {
            return Err(StoreError::Diverged(ws.clone()));
        };
        let space = Arc::make_mut(cached);
        let key = command.key().cloned();
        let touched = Touched::of(outcome.events(), space);
        let row = |space: &Workspace| {
            (
                space.owner(),
                space.subscription().plan().id().clone(),
                space.subscription().paid_seats(),
            )
        };
        let row_before = row(space);
        match space.execute(actor, command, now) {
            Ok(applied) if applied == *outcome => {}
            _ => return Err(StoreError::Diverged(ws.clone())),
        }
        let space: &Workspace = space;
        // The workspace row holds what it held at the version decided on; rewrite its owner
        // and billing columns only when the command changed them.
        if row(space) != row_before {
            on_tx!(&mut *tx, |c| sqlx::query(
                "UPDATE seatwise_workspaces SET owner = $1, plan = $2, paid_seats = $3 \
                 WHERE workspace = $4"
            )
            .bind(int("user id", space.owner().get())?)
            .bind(space.subscription().plan().id().as_str())
            .bind(i64::from(space.subscription().paid_seats()))
            .bind(ws.as_str())
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        }
        model::write_touched(tx, ws, space, &touched).await?;
        if let Some(key) = key {
            let expires = space
                .head()
                .committed_at()
                .unwrap_or(now)
                .checked_add_signed(space.key_retention())
                .unwrap_or(DateTime::<Utc>::MAX_UTC);
            on_tx!(&mut *tx, |c| {
                sqlx::query(
                "INSERT INTO seatwise_idempotency_keys \
                 (workspace, idempotency_key, actor, version, expires_at) \
                 VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (workspace, idempotency_key) DO UPDATE SET \
                 actor = excluded.actor, version = excluded.version, expires_at = excluded.expires_at"
            )
            .bind(ws.as_str())
            .bind(key.as_str())
            .bind(int("user id", actor.get())?)
            .bind(int("version", outcome.version())?)
            .bind(expires)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
            })?;
        }
        if log::snapshot_due(space.version(), self.inner.options.snapshot_every) {
            log::snapshot(tx, ws, space).await?;
        }
        log::notify(tx, ws, space.version()).await?;
        Ok(())
    }

    /// The version under which an idempotency key committed, while it is remembered
    /// (U-4, T-8): `None` for a key never used, or expired at `now`.
    ///
    /// # Errors
    ///
    /// The database's errors.
    pub async fn key_version(
        &self,
        ws: &WorkspaceId,
        key: &seatwise::IdempotencyKey,
        now: DateTime<Utc>,
    ) -> Result<Option<u64>, StoreError> {
        let version: Option<i64> = on_pool!(self.pool(), |c| sqlx::query_scalar(
            "SELECT version FROM seatwise_idempotency_keys \
             WHERE workspace = $1 AND idempotency_key = $2 AND expires_at > $3"
        )
        .bind(ws.as_str())
        .bind(key.as_str())
        .bind(now)
        .fetch_optional(c)
        .await)?;
        Ok(version.and_then(|v| u64::try_from(v).ok()))
    }

    /// Deletes the idempotency keys expired at `now` (T-8); returns how many. The workspace
    /// forgets them on its own; this keeps the table as small.
    ///
    /// # Errors
    ///
    /// The database's errors.
    pub async fn purge_expired_keys(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let done = on_pool!(self.pool(), |c| sqlx::query(
            "DELETE FROM seatwise_idempotency_keys WHERE expires_at <= $1"
        )
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(done)
    }

    fn entry(&self, ws: &WorkspaceId) -> Arc<Entry> {
        self.inner
            .cache
            .entry(ws, self.inner.options.cache_capacity)
    }

    async fn cache_fresh(&self, ws: &WorkspaceId, space: Workspace) {
        let entry = self.entry(ws);
        let mut slot = entry.slot.lock().await;
        slot.space = Some(Arc::new(space));
        slot.checked = Some(Instant::now());
    }

    /// The cached workspace, checked against the database if the bound passed or a
    /// notification named it, and brought up to date; loaded if not cached (S-4).
    async fn fresh<'s>(
        &self,
        ws: &WorkspaceId,
        entry: &Entry,
        slot: &'s mut Slot,
    ) -> Result<&'s Arc<Workspace>, StoreError> {
        let bound = self.inner.options.max_staleness;
        let notified = entry.stale.swap(false, Ordering::AcqRel);
        let due = notified || slot.checked.is_none_or(|at| at.elapsed() >= bound);
        if slot.space.is_none() || due {
            // Stamp the time before asking: what is read is at least this fresh.
            let asked = Instant::now();
            let mut tx = self.pool().begin_read().await?;
            let loaded = match slot.space.take() {
                None => log::load(&mut tx, ws).await.map(Arc::new),
                Some(cached) => catch_up(&mut tx, ws, cached).await,
            };
            tx.commit().await?;
            match loaded {
                Ok(space) => {
                    slot.space = Some(space);
                    slot.checked = Some(asked);
                }
                Err(e) => {
                    slot.checked = None;
                    return Err(e);
                }
            }
        }
        slot.space
            .as_ref()
            .ok_or_else(|| StoreError::Diverged(ws.clone()))
    }
}

/// Brings a cached workspace up to the stored head: nothing if it is there, the commits
/// after it if it is behind (verified and replayed, T-3), a full load otherwise.
async fn catch_up(
    tx: &mut Tx,
    ws: &WorkspaceId,
    cached: Arc<Workspace>,
) -> Result<Arc<Workspace>, StoreError> {
    let head = log::head(tx, ws)
        .await?
        .ok_or_else(|| StoreError::NotFound(ws.clone()))?;
    let at = cached.head();
    if at.version() == head.version && at.digest() == head.digest {
        return Ok(cached);
    }
    if at.version() < head.version {
        let events = log::tail(tx, ws, at.version(), head.version).await?;
        let space = Arc::try_unwrap(cached).unwrap_or_else(|shared| (*shared).clone());
        let space = space
            .replay_tail(&events)
            .map_err(|e| log::replay_damage(ws, &e, at.version().saturating_add(1)))?;
        log::at_head(ws, &space, head)?;
        return Ok(Arc::new(space));
    }
    // Behind us, or forked from what we hold: trust only what is stored.
    Ok(Arc::new(log::load(tx, ws).await?))
}

async fn insert_workspace_row(
    tx: &mut Tx,
    ws: &WorkspaceId,
    space: &Workspace,
) -> Result<(), StoreError> {
    let head = space.head();
    let at = head.committed_at().unwrap_or_else(|| space.changed_at());
    let inserted = on_tx!(&mut *tx, |c| sqlx::query(
        "INSERT INTO seatwise_workspaces \
         (workspace, version, digest, owner, plan, paid_seats, created_at, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (workspace) DO NOTHING"
    )
    .bind(ws.as_str())
    .bind(int("version", head.version())?)
    .bind(head.digest().to_string())
    .bind(int("user id", space.owner().get())?)
    .bind(space.subscription().plan().id().as_str())
    .bind(i64::from(space.subscription().paid_seats()))
    .bind(at)
    .bind(at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if inserted == 1 {
        Ok(())
    } else {
        Err(StoreError::AlreadyExists(ws.clone()))
    }
}

//! The store on every engine (S-1): schema and read model (S-2), optimistic concurrency
//! (S-3), snapshots and cache (S-4), outbox (S-5), verification of what is read (S-7),
//! idempotency keys (U-4, T-8).
mod common;

use std::time::Duration;

use chrono::TimeDelta;
use common::{deal_space, email, engines, guest_joins, now, shared_engines, unique, OWNER};
use seatwise::{Change, Command, CommandError, IdempotencyKey, Invitee, TeamId, UserId};
use seatwise_store::{Engine, Store, StoreError, StoreOptions, WorkspaceId};

const GUS: UserId = UserId::new(2);
const HAL: UserId = UserId::new(3);

fn invite_guest(name: &str) -> Command {
    Command::new(Change::Invite {
        invitees: vec![Invitee::guest(email(name))],
        expires_at: None,
    })
}

/// Runs raw SQL on the store's database, for tests that look at or damage rows.
async fn sql(url: &str, statements: &[&str]) {
    if url.starts_with("sqlite:") {
        use sqlx::ConnectOptions as _;
        let options: sqlx::sqlite::SqliteConnectOptions = url.parse().unwrap();
        let mut c = options.connect().await.unwrap();
        for s in statements {
            sqlx::raw_sql(s).execute(&mut c).await.unwrap();
        }
    } else {
        use sqlx::ConnectOptions as _;
        let options: sqlx::postgres::PgConnectOptions = url.parse().unwrap();
        let mut c = options.connect().await.unwrap();
        for s in statements {
            sqlx::raw_sql(s).execute(&mut c).await.unwrap();
        }
    }
}

/// Lets a test change log rows, as an attacker or a broken disk could (S-7).
fn unlock_log(engine: Engine) -> Vec<&'static str> {
    match engine {
        Engine::Sqlite => vec![
            "DROP TRIGGER seatwise_events_append_only_update",
            "DROP TRIGGER seatwise_events_append_only_delete",
            "DROP TRIGGER seatwise_commits_append_only_update",
            "DROP TRIGGER seatwise_commits_append_only_delete",
        ],
        Engine::Postgres => vec![
            "ALTER TABLE seatwise_events DISABLE TRIGGER seatwise_events_append_only",
            "ALTER TABLE seatwise_commits DISABLE TRIGGER seatwise_commits_append_only",
        ],
    }
}

fn relock_log(engine: Engine) -> Vec<&'static str> {
    match engine {
        Engine::Sqlite => vec![],
        Engine::Postgres => vec![
            "ALTER TABLE seatwise_events ENABLE TRIGGER seatwise_events_append_only",
            "ALTER TABLE seatwise_commits ENABLE TRIGGER seatwise_commits_append_only",
        ],
    }
}

#[tokio::test]
async fn s1_one_api_on_every_engine() {
    for db in engines(true) {
        let store = db.store(StoreOptions::default()).await;
        let ws = unique("s1");
        deal_space(&store, &ws).await;
        guest_joins(&store, &ws, "gus", GUS).await;
        let space = store.load(&ws).await.unwrap();
        assert_eq!(space.version(), 3, "{}", db.name);
        assert!(space.member(GUS).is_some(), "{}", db.name);
        let report = store.check(&ws).await.unwrap();
        assert_eq!(report.version, 3, "{}", db.name);
        assert_eq!(report.versions_in_outbox, 3, "{}", db.name);
        // S-2: creating it again is refused.
        let again = store
            .create(
                &ws,
                seatwise::presets::deal_space().unwrap(),
                common::free_plan(),
                OWNER,
                email("owner"),
                "Owner",
                now(),
            )
            .await;
        assert!(
            matches!(again, Err(StoreError::AlreadyExists(_))),
            "{}",
            db.name
        );
        let missing = store.load(&unique("missing")).await;
        assert!(
            matches!(missing, Err(StoreError::NotFound(_))),
            "{}",
            db.name
        );
    }
}

#[tokio::test]
async fn s1_unknown_urls_are_refused() {
    let error = Store::connect("mysql://localhost/db").await.unwrap_err();
    assert!(matches!(error, StoreError::Url(_)), "{error}");
}

#[tokio::test]
async fn s2_migrations_run_once_and_a_newer_schema_is_refused() {
    for db in shared_engines() {
        let first = db.store(StoreOptions::default()).await;
        let ws = unique("s2-migrations");
        deal_space(&first, &ws).await;
        // A second connect finds the schema in place and keeps the data.
        let second = db.store(StoreOptions::default()).await;
        assert_eq!(second.version(&ws).await.unwrap(), 1, "{}", db.name);
        if db.name == "PostgreSQL" {
            continue; // the shared database stays usable for the other tests
        }
        sql(
            &db.url,
            &["INSERT INTO seatwise_migrations (version, name) VALUES (999, 'future')"],
        )
        .await;
        let error = Store::connect(&db.url).await.unwrap_err();
        assert!(
            matches!(error, StoreError::Migration { version: 999, .. }),
            "{}: {error}",
            db.name
        );
    }
}

#[tokio::test]
async fn s2_read_model_follows_each_command_row_by_row() {
    for db in shared_engines() {
        let store = db.store(StoreOptions::default()).await;
        let ws = unique("s2-rows");
        deal_space(&store, &ws).await;
        guest_joins(&store, &ws, "gus", GUS).await;
        guest_joins(&store, &ws, "hal", HAL).await;
        store
            .execute(&ws, OWNER, invite_guest("ivy"), now())
            .await
            .unwrap();
        store
            .execute(
                &ws,
                OWNER,
                Command::new(Change::CreateTeam {
                    team: TeamId::new(7),
                    name: "Closers".into(),
                }),
                now(),
            )
            .await
            .unwrap();
        store
            .execute(
                &ws,
                OWNER,
                Command::new(Change::AddToTeam {
                    team: TeamId::new(7),
                    user: OWNER,
                }),
                now(),
            )
            .await
            .unwrap();
        store.check(&ws).await.unwrap();
        // Damage the row of a member no later command touches: it must survive the next
        // command, which proves that a command does not rewrite the members table (S-2).
        let damage = format!(
            "UPDATE seatwise_members SET name = 'sentinel' WHERE workspace = '{}' AND user_id = 3",
            ws.as_str()
        );
        sql(&db.url, &[&damage]).await;
        store
            .execute(
                &ws,
                OWNER,
                Command::new(Change::RemoveMember { user: GUS }),
                now(),
            )
            .await
            .unwrap();
        let error = store.check(&ws).await.unwrap_err();
        assert!(
            error.to_string().contains("sentinel"),
            "{}: the untouched row was rewritten: {error}",
            db.name
        );
        let repair = format!(
            "UPDATE seatwise_members SET name = 'hal' WHERE workspace = '{}' AND user_id = 3",
            ws.as_str()
        );
        sql(&db.url, &[&repair]).await;
        let report = store.check(&ws).await.unwrap();
        // Owner and Hal, Ivy's invitation, the team and its member.
        assert_eq!(report.read_model_rows, 5, "{}", db.name);
    }
}

#[tokio::test]
async fn s2_log_tables_are_append_only() {
    for db in shared_engines() {
        let store = db.store(StoreOptions::default()).await;
        let ws = unique("s2-append-only");
        deal_space(&store, &ws).await;
        let pool_url = db.url.clone();
        let statement = format!(
            "UPDATE seatwise_events SET kind = 'x' WHERE workspace = '{}'",
            ws.as_str()
        );
        let refused = if pool_url.starts_with("sqlite:") {
            use sqlx::ConnectOptions as _;
            let options: sqlx::sqlite::SqliteConnectOptions = pool_url.parse().unwrap();
            let mut c = options.connect().await.unwrap();
            sqlx::raw_sql(&statement).execute(&mut c).await.is_err()
        } else {
            use sqlx::ConnectOptions as _;
            let options: sqlx::postgres::PgConnectOptions = pool_url.parse().unwrap();
            let mut c = options.connect().await.unwrap();
            sqlx::raw_sql(&statement).execute(&mut c).await.is_err()
        };
        assert!(refused, "{}: the log took an UPDATE", db.name);
    }
}

#[tokio::test]
async fn s3_a_stale_writer_gets_a_conflict_naming_both_versions_then_catches_up() {
    for db in shared_engines() {
        // A bound of an hour and no notifications: only the version check protects B.
        let options = StoreOptions::default()
            .max_staleness(Duration::from_secs(3_600))
            .listen(false);
        let a = db.store(options.clone()).await;
        let b = db.store(options).await;
        let ws = unique("s3-conflict");
        deal_space(&a, &ws).await;
        assert_eq!(b.load(&ws).await.unwrap().version(), 1);
        a.execute(&ws, OWNER, invite_guest("gus"), now())
            .await
            .unwrap();
        let error = b
            .execute(&ws, OWNER, invite_guest("hal"), now())
            .await
            .unwrap_err();
        match error {
            StoreError::Conflict {
                workspace,
                decided_on,
                stored,
            } => {
                assert_eq!((decided_on, stored), (1, 2), "{}", db.name);
                assert_eq!(workspace, ws);
            }
            other => panic!("{}: expected a conflict, got {other}", db.name),
        }
        // Nothing of B's command was written; its next attempt reads A's and commits 3.
        assert_eq!(a.version(&ws).await.unwrap(), 2, "{}", db.name);
        let outcome = b
            .execute(&ws, OWNER, invite_guest("hal"), now())
            .await
            .unwrap();
        assert_eq!(outcome.version(), 3, "{}", db.name);
        let space = b.load(&ws).await.unwrap();
        assert!(
            space.invitation(&email("gus")).is_some(),
            "{}: lost update",
            db.name
        );
        b.check(&ws).await.unwrap();
    }
}

#[tokio::test]
async fn s3_retry_helper_decides_again_on_the_new_version() {
    for db in shared_engines() {
        let options = StoreOptions::default()
            .max_staleness(Duration::from_secs(3_600))
            .listen(false);
        let a = db.store(options.clone()).await;
        let b = db.store(options).await;
        let ws = unique("s3-retry");
        deal_space(&a, &ws).await;
        b.load(&ws).await.unwrap();
        a.execute(&ws, OWNER, invite_guest("gus"), now())
            .await
            .unwrap();
        let mut seen = Vec::new();
        let outcome = b
            .execute_with_retry(&ws, OWNER, now(), 3, |space| {
                seen.push(space.version());
                Ok(invite_guest("hal"))
            })
            .await
            .unwrap();
        assert_eq!(seen, vec![1, 2], "{}", db.name);
        assert_eq!(outcome.version(), 3, "{}", db.name);
        // One attempt only: the conflict comes back.
        // A's cache is an hour stale too: it retries once to read B's commit.
        a.execute_with_retry(&ws, OWNER, now(), 2, |_| Ok(invite_guest("ivy")))
            .await
            .unwrap();
        let error = b
            .execute_with_retry(&ws, OWNER, now(), 1, |_| Ok(invite_guest("jo")))
            .await
            .unwrap_err();
        assert!(error.is_conflict(), "{}: {error}", db.name);
    }
}

#[tokio::test]
async fn s3_preview_and_refused_commands_write_nothing() {
    for db in engines(true) {
        let store = db.store(StoreOptions::default()).await;
        let ws = unique("s3-preview");
        deal_space(&store, &ws).await;
        // Only this workspace's entries: tests share the database (and its outbox) on
        // PostgreSQL, and commit at the same time.
        let before = outbox_of(&store, &ws).await;
        assert!(before > 0, "{}: the creation is in the outbox", db.name);
        let outcome = store
            .preview(&ws, OWNER, &invite_guest("gus"), now())
            .await
            .unwrap();
        assert_eq!(outcome.version(), 2);
        assert_eq!(
            store.version(&ws).await.unwrap(),
            1,
            "{}: preview wrote",
            db.name
        );
        // U-2: a refused command (a stranger removing the owner) changes nothing.
        let refused = store
            .execute(
                &ws,
                UserId::new(99),
                Command::new(Change::RemoveMember { user: OWNER }),
                now(),
            )
            .await;
        assert!(
            matches!(refused, Err(StoreError::Command(_))),
            "{}: {refused:?}",
            db.name
        );
        assert_eq!(store.version(&ws).await.unwrap(), 1, "{}", db.name);
        let after = outbox_of(&store, &ws).await;
        assert_eq!(before, after, "{}", db.name);
        store.check(&ws).await.unwrap();
    }
}

/// S-5: pruning deletes only what every named consumer has acted on, whole commands only, and
/// the outbox goes on after it; `Store::check` still passes.
#[tokio::test]
async fn s5_pruning_the_outbox_keeps_what_a_consumer_has_not_acted_on() {
    let mut dbs = engines(true);
    dbs.retain(|db| db.name != "PostgreSQL");
    dbs.extend(common::postgres_alone("seatwise_prune").await);
    for db in &dbs {
        let store = db.store(StoreOptions::default()).await;
        let ws = unique("s5-prune");
        deal_space(&store, &ws).await;
        store
            .execute(&ws, OWNER, invite_guest("gus"), now())
            .await
            .unwrap();
        // One command, two entries: the cursor of `mailer` will stop between them.
        let two = Command::new(Change::Invite {
            invitees: vec![Invitee::guest(email("hal")), Invitee::guest(email("ivy"))],
            expires_at: None,
        });
        store.execute(&ws, OWNER, two, now()).await.unwrap();
        let all = store.outbox("mailer", 100).await.unwrap();
        let versions: Vec<u64> = all.iter().map(|e| e.version()).collect();
        assert_eq!(versions, [1, 2, 3, 3], "{}", db.name);
        let positions: Vec<u64> = all.iter().map(|e| e.position()).collect();
        store.advance("mailer", positions[2]).await.unwrap();
        store.advance("billing", positions[3]).await.unwrap();
        // No consumer named, or one that never advanced: nothing goes.
        assert_eq!(store.prune_outbox(&[]).await.unwrap(), 0, "{}", db.name);
        assert_eq!(
            store
                .prune_outbox(&["mailer", "billing", "new"])
                .await
                .unwrap(),
            0,
            "{}",
            db.name
        );
        // Up to `mailer`'s cursor, but not half of version 3.
        assert_eq!(
            store.prune_outbox(&["mailer", "billing"]).await.unwrap(),
            2,
            "{}",
            db.name
        );
        let kept: Vec<u64> = store
            .outbox("late", 100)
            .await
            .unwrap()
            .iter()
            .map(|e| e.position())
            .collect();
        assert_eq!(kept, positions[2..], "{}", db.name);
        let report = store.check(&ws).await.unwrap();
        assert_eq!(report.outbox_entries, 2, "{}", db.name);
        // `mailer` still gets the entry it has not acted on.
        let next = store.outbox("mailer", 100).await.unwrap();
        assert_eq!(next.len(), 1, "{}", db.name);
        store.advance("mailer", positions[3]).await.unwrap();
        assert_eq!(
            store.prune_outbox(&["mailer", "billing"]).await.unwrap(),
            2,
            "{}",
            db.name
        );
        assert!(
            store.outbox("mailer", 100).await.unwrap().is_empty(),
            "{}",
            db.name
        );
        // Positions go on after the last one written, never reused.
        store
            .execute(&ws, OWNER, invite_guest("jo"), now())
            .await
            .unwrap();
        let after = store.outbox("mailer", 100).await.unwrap();
        assert_eq!(after.len(), 1, "{}", db.name);
        assert_eq!(after[0].position(), positions[3] + 1, "{}", db.name);
        store.check(&ws).await.unwrap();
        drop(store);
        if db.name == "PostgreSQL" {
            common::drop_postgres(db).await;
        }
    }
}

/// How many outbox entries belong to `ws`, read by a consumer of its own.
async fn outbox_of(store: &Store, ws: &WorkspaceId) -> usize {
    store
        .outbox(&format!("{ws}"), 1_000_000)
        .await
        .unwrap()
        .iter()
        .filter(|entry| entry.workspace() == ws)
        .count()
}

#[tokio::test]
async fn u4_keyed_commands_through_the_store_commit_once() {
    for db in shared_engines() {
        let store = db.store(StoreOptions::default()).await;
        let ws = unique("u4");
        deal_space(&store, &ws).await;
        let key = IdempotencyKey::new("invite-gus-1");
        let keyed = invite_guest("gus").with_key(key.clone());
        let first = store
            .execute(&ws, OWNER, keyed.clone(), now())
            .await
            .unwrap();
        let again = store
            .execute(&ws, OWNER, keyed.clone(), now())
            .await
            .unwrap();
        assert_eq!(first, again, "{}", db.name);
        assert_eq!(store.version(&ws).await.unwrap(), 2, "{}", db.name);
        // Another store, loading from the database, answers the same (the key is in the log).
        let other = db.store(StoreOptions::default()).await;
        let third = other
            .execute(&ws, OWNER, keyed.clone(), now())
            .await
            .unwrap();
        assert_eq!(first, third, "{}", db.name);
        assert_eq!(other.version(&ws).await.unwrap(), 2, "{}", db.name);
        // The key's row, with its expiry (T-8).
        assert_eq!(store.key_version(&ws, &key, now()).await.unwrap(), Some(2));
        let later = now() + TimeDelta::hours(25);
        assert_eq!(store.key_version(&ws, &key, later).await.unwrap(), None);
        assert!(
            store.purge_expired_keys(later).await.unwrap() >= 1,
            "{}",
            db.name
        );
        assert_eq!(store.key_version(&ws, &key, now()).await.unwrap(), None);
        // Another actor reusing the key is refused by the workspace, and nothing is written.
        let reused = store.execute(&ws, UserId::new(5), keyed, now()).await;
        assert!(
            matches!(reused, Err(StoreError::Command(CommandError::KeyReused(_)))),
            "{}: {reused:?}",
            db.name
        );
        store.check(&ws).await.unwrap();
    }
}

#[tokio::test]
async fn s4_snapshots_every_n_versions_and_loads_from_the_latest() {
    for db in shared_engines() {
        let options = StoreOptions::default().snapshot_every(3);
        let store = db.store(options.clone()).await;
        let ws = unique("s4-snapshots");
        deal_space(&store, &ws).await;
        for name in ["a", "b", "c", "d", "e", "f"] {
            store
                .execute(&ws, OWNER, invite_guest(name), now())
                .await
                .unwrap();
        }
        let report = store.check(&ws).await.unwrap();
        assert_eq!(
            (report.version, report.snapshot),
            (7, Some(6)),
            "{}",
            db.name
        );
        let other = db.store(options).await;
        assert_eq!(
            *other.load(&ws).await.unwrap(),
            *store.load(&ws).await.unwrap(),
            "{}",
            db.name
        );
    }
}

#[tokio::test]
async fn s4_a_cached_workspace_reads_the_commits_made_elsewhere_after_the_bound() {
    for db in shared_engines() {
        let options = StoreOptions::default()
            .max_staleness(Duration::ZERO)
            .listen(false);
        let a = db.store(options.clone()).await;
        let b = db.store(options).await;
        let ws = unique("s4-catch-up");
        deal_space(&a, &ws).await;
        b.load(&ws).await.unwrap();
        for name in ["a", "b", "c"] {
            a.execute(&ws, OWNER, invite_guest(name), now())
                .await
                .unwrap();
        }
        let seen = b.load(&ws).await.unwrap();
        assert_eq!(seen.version(), 4, "{}", db.name);
        assert_eq!(*seen, *a.load(&ws).await.unwrap(), "{}", db.name);
    }
}

#[tokio::test]
async fn s5_outbox_is_delivered_at_least_once_per_consumer() {
    for db in engines(true) {
        let store = db.store(StoreOptions::default()).await;
        let ws = unique("s5");
        deal_space(&store, &ws).await;
        guest_joins(&store, &ws, "gus", GUS).await;
        let consumer = format!("mailer-{ws}");
        // Read everything up to now, in pages, without advancing: the same entries again.
        let all = store.outbox(&consumer, 100_000).await.unwrap();
        let mine: Vec<_> = all.iter().filter(|e| e.workspace() == &ws).collect();
        let kinds: Vec<_> = mine.iter().map(|e| e.kind()).collect();
        assert_eq!(
            kinds,
            ["created", "invitation_sent", "invitation_accepted"],
            "{}",
            db.name
        );
        let versions: Vec<_> = mine.iter().map(|e| e.version()).collect();
        assert_eq!(versions, [1, 2, 3], "{}", db.name);
        assert!(all
            .windows(2)
            .all(|w| w[1].position() == w[0].position() + 1));
        let first = store.outbox(&consumer, 1).await.unwrap();
        assert_eq!(first[0], all[0], "{}: not redelivered", db.name);
        // Advancing past the first entry delivers the second next.
        store.advance(&consumer, all[0].position()).await.unwrap();
        assert_eq!(store.outbox(&consumer, 1).await.unwrap()[0], all[1]);
        // Another consumer has its own cursor.
        let other = format!("billing-{ws}");
        assert_eq!(store.outbox(&other, 1).await.unwrap()[0], all[0]);
        // A cursor never moves back, nor past what was written.
        let back = store.advance(&consumer, 0).await;
        assert!(matches!(back, Err(StoreError::Cursor { .. })), "{back:?}");
        let last = all.last().unwrap().position();
        let past = store.advance(&consumer, last + 1_000_000).await;
        assert!(matches!(past, Err(StoreError::Cursor { .. })), "{past:?}");
        store.advance(&consumer, last).await.unwrap();
        assert_eq!(store.cursor(&consumer).await.unwrap(), last);
    }
}

/// Damages a stored workspace with `damage` (SQL with `{ws}` for the id) and expects a fresh
/// store to refuse it, naming the workspace and `version` (S-7).
async fn refused_after(damage: &str, version: u64, snapshot_every: u64) {
    for db in shared_engines() {
        let options = StoreOptions::default().snapshot_every(snapshot_every);
        let store = db.store(options.clone()).await;
        let ws = unique("s7");
        deal_space(&store, &ws).await;
        guest_joins(&store, &ws, "gus", GUS).await;
        store
            .execute(&ws, OWNER, invite_guest("hal"), now())
            .await
            .unwrap();
        let engine = store.engine();
        let jsonb = match engine {
            Engine::Sqlite => "",
            Engine::Postgres => "::jsonb",
        };
        let damage = damage
            .replace("{ws}", ws.as_str())
            .replace("{jsonb}", jsonb);
        let mut statements = unlock_log(engine);
        statements.push(&damage);
        statements.extend(relock_log(engine));
        sql(&db.url, &statements).await;
        let fresh = db.store(options).await;
        match fresh.load(&ws).await {
            Err(StoreError::Damaged {
                workspace,
                version: named,
                reason,
            }) => {
                assert_eq!(workspace, ws, "{}", db.name);
                assert_eq!(named, version, "{}: {reason}", db.name);
            }
            other => panic!("{}: `{damage}` was not refused: {other:?}", db.name),
        }
    }
}

#[tokio::test]
async fn s7_an_altered_event_is_refused_naming_its_version() {
    // Gus's accepted name changed in the log: the digest of version 3 no longer matches.
    refused_after(
        "UPDATE seatwise_events SET body = REPLACE(CAST(body AS TEXT), '\"gus\"', '\"eve\"'){jsonb} \
         WHERE workspace = '{ws}' AND version = 3 AND seq = 0",
        3,
        0,
    )
    .await;
}

#[tokio::test]
async fn s7_an_unreadable_event_is_refused_naming_its_version() {
    refused_after(
        "UPDATE seatwise_events SET body = '{\"no_such_event\":{}}'{jsonb} \
         WHERE workspace = '{ws}' AND version = 2 AND seq = 0",
        2,
        0,
    )
    .await;
}

#[tokio::test]
async fn s7_a_missing_event_is_refused_naming_its_version() {
    refused_after(
        "DELETE FROM seatwise_events WHERE workspace = '{ws}' AND version = 3 AND seq = 0",
        3,
        0,
    )
    .await;
}

#[tokio::test]
async fn s7_a_missing_commit_is_refused_naming_its_version() {
    refused_after(
        "DELETE FROM seatwise_events WHERE workspace = '{ws}' AND version = 2; \
         DELETE FROM seatwise_commits WHERE workspace = '{ws}' AND version = 2",
        2,
        0,
    )
    .await;
}

#[tokio::test]
async fn s7_a_tampered_snapshot_is_refused_naming_its_version() {
    // T-2: the snapshot at version 2 (every 2 versions) with the owner stored as a guest.
    refused_after(
        "UPDATE seatwise_snapshots SET body = REPLACE(body, '\"kind\":\"member\"', '\"kind\":\"guest\"') \
         WHERE workspace = '{ws}' AND version = 4",
        4,
        2,
    )
    .await;
}

#[tokio::test]
async fn s7_a_snapshot_of_another_history_is_refused() {
    // The snapshot row claims another digest than the log's commit of its version.
    refused_after(
        "UPDATE seatwise_snapshots SET digest = '0000000000000000000000000000000000000000000000000000000000000000' \
         WHERE workspace = '{ws}' AND version = 4",
        4,
        2,
    )
    .await;
}

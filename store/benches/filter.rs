//! S-6: a page of 50 through the SQL list filter out of 1,000,000 records (target ≤ 5 ms),
//! beside fetching every record and filtering in Rust, on SQLite in memory.
//!
//! The records are events: an owner, a creator and a team column, one or two hosts in a join
//! table; 1,000 users, 20 teams. The data is made by SQL from the row number (no randomness),
//! so every run reads the same table.
//!
//! Run briefly: `cargo bench -p seatwise-store --bench filter -- --warm-up-time 1 --measurement-time 3`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use seatwise::{
    presets, AreaSpec, ListFilter, PolicyDocument, Principal, Resource, RoleSpec, Scope, TeamId,
    UserId, Verb,
};
use seatwise_store::filter::{Page, RecordTable};
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::{Row, SqlitePool};

const RECORDS: i64 = 1_000_000;
const USERS: i64 = 1_000;
const TEAMS: i64 = 20;

async fn populate() -> SqlitePool {
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect("sqlite::memory:")
        .await
        .unwrap();
    // User u of 1..=1000 is in team (u % 20) + 1; a record's team is its owner's.
    let sql = format!(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, owner_id INTEGER, creator_id INTEGER, team_id INTEGER);
         CREATE TABLE event_hosts (event_id INTEGER NOT NULL, user_id INTEGER NOT NULL,
                                   PRIMARY KEY (user_id, event_id)) WITHOUT ROWID;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {RECORDS})
         INSERT INTO events
           SELECT i, (i * 7919) % {USERS} + 1, (i * 104729) % {USERS} + 1,
                  ((i * 7919) % {USERS} + 1) % {TEAMS} + 1
           FROM n;
         INSERT INTO event_hosts SELECT id, (id * 31337) % {USERS} + 1 FROM events;
         INSERT OR IGNORE INTO event_hosts SELECT id, (id * 15485863) % {USERS} + 1 FROM events WHERE id % 2 = 0;
         CREATE INDEX events_owner ON events (owner_id);
         CREATE INDEX events_creator ON events (creator_id);
         CREATE INDEX events_team ON events (team_id);
         ANALYZE;"
    );
    sqlx::raw_sql(&sql).execute(&pool).await.unwrap();
    pool
}

/// A record read back for filtering in Rust.
struct Event {
    id: i64,
    owner: UserId,
    creator: UserId,
    team: [TeamId; 1],
    hosts: Vec<UserId>,
}

/// Fetch-all-then-filter: every record and every host row, then `ListFilter::matches`.
async fn fetch_all_then_filter(
    pool: &SqlitePool,
    filter: &ListFilter<'_>,
    limit: usize,
) -> Vec<i64> {
    let rows = sqlx::query("SELECT id, owner_id, creator_id, team_id FROM events ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap();
    let user = |v: i64| UserId::new(u64::try_from(v).unwrap());
    let mut events: Vec<Event> = rows
        .iter()
        .map(|r| Event {
            id: r.get(0),
            owner: user(r.get(1)),
            creator: user(r.get(2)),
            team: [TeamId::new(u64::try_from(r.get::<i64, _>(3)).unwrap())],
            hosts: Vec::new(),
        })
        .collect();
    let hosts = sqlx::query("SELECT event_id, user_id FROM event_hosts")
        .fetch_all(pool)
        .await
        .unwrap();
    for h in hosts {
        let index = usize::try_from(h.get::<i64, _>(0) - 1).unwrap();
        events[index].hosts.push(user(h.get(1)));
    }
    events
        .iter()
        .filter(|e| {
            filter.matches(
                &Resource::new(filter.area())
                    .owned_by(e.owner)
                    .created_by(e.creator)
                    .hosted_by(&e.hosts)
                    .in_teams(&e.team),
            )
        })
        .take(limit)
        .map(|e| e.id)
        .collect()
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let pool = runtime.block_on(populate());
    let table = RecordTable::builder("events", "id")
        .owner_column("owner_id")
        .creator_column("creator_id")
        .hosts_table("event_hosts", "event_id", "user_id")
        .team_column("team_id")
        .build()
        .unwrap();

    // SS-9: a closer sees the scheduled events she hosts (Exclusive over the hosts join).
    let scheduler = presets::sales_scheduler().unwrap();
    let calls = scheduler.area("scheduled_events").unwrap();
    let closer = Principal::member(UserId::new(7), scheduler.role("closer").unwrap());
    let hosted = scheduler.list_filter(&closer, Verb::VIEW, calls);
    // SS-10: she edits the events she created; viewing needs hosting: two clauses AND'ed.
    let events = scheduler.area("events").unwrap();
    let created_and_hosted = scheduler.list_filter(&closer, Verb::EDIT, events);
    // Team scope: records she owns or of her team (user 7 is in team 8).
    let team_policy = PolicyDocument::new("teams", "lead")
        .area(AreaSpec::new("events", Verb::VIEW).relations(&["owner", "host"]))
        .role(RoleSpec::new("lead", 10).grant("events", Verb::VIEW, Scope::Team))
        .compile()
        .unwrap();
    let teams = [TeamId::new(8)];
    let lead =
        Principal::member(UserId::new(7), team_policy.role("lead").unwrap()).with_teams(&teams);
    let team = team_policy.list_filter(&lead, Verb::VIEW, team_policy.area("events").unwrap());

    let cases: [(&str, &ListFilter<'_>); 3] = [
        ("exclusive_hosts", &hosted),
        ("creator_and_hosts", &created_and_hosted),
        ("team_or_related", &team),
    ];
    // The SQL page and the filtered Rust list agree before anything is timed.
    for (name, filter) in cases {
        let sql = runtime
            .block_on(table.page(&pool, filter, Page::first(50)))
            .unwrap();
        let rust = runtime.block_on(fetch_all_then_filter(&pool, filter, 50));
        assert_eq!(sql.ids(), &rust[..], "{name}");
        assert!(!rust.is_empty(), "{name}");
    }

    let mut group = c.benchmark_group("filter_page_of_50_in_1m");
    for (name, filter) in cases {
        group.bench_with_input(BenchmarkId::new("sql_first_page", name), filter, |b, f| {
            b.to_async(&runtime)
                .iter(|| async { table.page(&pool, f, Page::first(50)).await.unwrap() })
        });
    }
    // Keyset paging: a page from the middle of the table costs what the first one does.
    group.bench_function(
        BenchmarkId::new("sql_keyset_page_at_half", "exclusive_hosts"),
        |b| {
            b.to_async(&runtime).iter(|| async {
                table
                    .page(&pool, &hosted, Page::after(RECORDS / 2, 50))
                    .await
                    .unwrap()
            })
        },
    );
    group.bench_function(
        BenchmarkId::new("sql_offset_page_500", "exclusive_hosts"),
        |b| {
            b.to_async(&runtime).iter(|| async {
                table
                    .page(&pool, &hosted, Page::at_offset(500, 50))
                    .await
                    .unwrap()
            })
        },
    );
    group.finish();

    let mut slow = c.benchmark_group("filter_fetch_all_then_filter_1m");
    slow.sample_size(10);
    slow.bench_function("exclusive_hosts", |b| {
        b.to_async(&runtime)
            .iter(|| async { fetch_all_then_filter(&pool, &hosted, 50).await })
    });
    slow.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

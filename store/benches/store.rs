//! The store at 100,000 members (S-4), on a SQLite file and, when
//! `SEATWISE_BENCH_POSTGRES_URL` names a database, on PostgreSQL:
//! - cold load: the latest snapshot plus the commits after it, read and verified (T-2, T-3);
//!   target 300 ms or less on SQLite (the copy loaded before is freed outside the measurement);
//! - a command through the store with a warm cache: decide on the cached workspace, write the
//!   commit, events, read-model rows and outbox under the version check, apply; target p50
//!   1 ms or less on SQLite.
//!
//! Run with `cargo bench -p seatwise-store --bench store -- --warm-up-time 1 --measurement-time 3`;
//! for PostgreSQL too, start a throwaway cluster first (`.ci/postgres.sh start` prints its URL as
//! its last line) and set `SEATWISE_BENCH_POSTGRES_URL` to it. Each run stores a new workspace
//! there (named by the time), so use a database made for it.
//!
//! The workspace is built once per engine, outside every measurement, as in the crate's
//! `benches/trust.rs`: the owner invites 100,000 addresses in batches of 1,000 and each
//! accepts, on a plan whose seats cost nothing; the log (100,101 commits) is then imported into
//! the store, which writes a snapshot at its head. The commands alternate between inviting one
//! address and revoking that invitation, so the workspace keeps its size. Snapshots are taken
//! every 100,000 versions, so none falls inside the measurement (one would cost a
//! serialization of the whole workspace, ~18 MB).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use seatwise::{Change, Command, Email, Invitee};
use seatwise_store::{Store, StoreOptions, WorkspaceId};
use tokio::runtime::Runtime;

#[path = "../../benches/support/big_deal_space.rs"]
mod big_deal_space;
use big_deal_space::{big_workspace, then as now, OWNER};

/// The variable naming the PostgreSQL database to measure on as well.
const POSTGRES_URL: &str = "SEATWISE_BENCH_POSTGRES_URL";

fn store(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    on_engine(
        c,
        &rt,
        "SQLite file",
        &sqlite,
        WorkspaceId::new("big").unwrap(),
    );
    match std::env::var(POSTGRES_URL) {
        Ok(url) if !url.trim().is_empty() => {
            let since_epoch = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis();
            let ws = WorkspaceId::new(&format!("bench-{since_epoch}")).unwrap();
            on_engine(c, &rt, "PostgreSQL", &url, ws);
        }
        _ => println!("note: {POSTGRES_URL} is not set; PostgreSQL was not measured"),
    }
}

/// Imports the big workspace into the database at `url` and measures a cold load and a
/// command there.
fn on_engine(c: &mut Criterion, rt: &Runtime, engine: &str, url: &str, ws: WorkspaceId) {
    let options = StoreOptions::default()
        .snapshot_every(100_000)
        .max_staleness(Duration::from_secs(3_600));
    let store = rt.block_on(Store::connect_with(url, options)).unwrap();

    let started = Instant::now();
    let (_, log) = big_workspace();
    let built = started.elapsed();
    let started = Instant::now();
    rt.block_on(store.import(&ws, &log)).unwrap();
    println!(
        "{engine}: built a log of {} events in {built:.2?}; imported it (commits, events, read model, snapshot) in {:.2?}",
        log.len(),
        started.elapsed()
    );
    drop(log);

    let name = format!("store, {engine}, 100,000 members");
    let mut group = c.benchmark_group(&name);
    group.sample_size(10);
    group.bench_function("cold load: snapshot + tail, verified", |b| {
        b.iter_custom(|iters| {
            let mut loading = Duration::ZERO;
            for _ in 0..iters {
                // Evicting frees the copy loaded before, outside the measurement: freeing
                // 100,000 members is not part of loading them.
                store.evict(&ws);
                let started = Instant::now();
                let space = rt.block_on(store.load(&ws)).unwrap();
                loading += started.elapsed();
                black_box(space.version());
            }
            loading
        });
    });
    group.finish();

    rt.block_on(store.load(&ws)).unwrap(); // warm
    let mut group = c.benchmark_group(&name);
    group.sample_size(50);
    let address = Email::parse("bench@example.com").unwrap();
    let mut invited = false;
    // Invites the address, then revokes the invitation, and so on.
    let mut next_command = move || {
        let change = if invited {
            Change::RevokeInvitation {
                email: address.clone(),
            }
        } else {
            Change::Invite {
                invitees: vec![Invitee::default_role(address.clone())],
                expires_at: None,
            }
        };
        invited = !invited;
        Command::new(change)
    };
    group.bench_function("command, warm cache (invite or revoke one address)", |b| {
        b.iter(|| {
            let outcome = rt
                .block_on(store.execute(&ws, OWNER, next_command(), now()))
                .unwrap();
            black_box(outcome.version())
        });
    });
    group.finish();

    // Criterion's figure is the median of samples that each average many commands; the
    // target is a per-command p50, so the distribution of single commands is printed too.
    let mut each: Vec<Duration> = (0..2_000)
        .map(|_| {
            let started = Instant::now();
            let outcome = rt
                .block_on(store.execute(&ws, OWNER, next_command(), now()))
                .unwrap();
            let took = started.elapsed();
            black_box(outcome.version());
            took
        })
        .collect();
    each.sort_unstable();
    let at = |q: usize| each[each.len() * q / 100];
    println!(
        "{engine}, 2,000 single commands: p50 {:.3?}, p90 {:.3?}, p99 {:.3?}, max {:.3?}",
        at(50),
        at(90),
        at(99),
        each[each.len() - 1]
    );

    let report = rt.block_on(store.check(&ws)).unwrap();
    println!(
        "{engine}, after the benchmark: version {}, snapshot {:?}, read-model rows {}",
        report.version, report.snapshot, report.read_model_rows
    );
}

criterion_group!(benches, store);
criterion_main!(benches);

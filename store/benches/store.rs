//! The store at 100,000 members, on a SQLite file (S-4):
//! - cold load: the latest snapshot plus the commits after it, read and verified (T-2, T-3);
//!   target 300 ms or less (the copy loaded before is freed outside the measurement);
//! - a command through the store with a warm cache: decide on the cached workspace, write the
//!   commit, events, read-model rows and outbox under the version check, apply; target p50
//!   1 ms or less.
//!
//! Run with `cargo bench -p seatwise-store --bench store -- --warm-up-time 1 --measurement-time 3`.
//!
//! The workspace is built once, outside every measurement, as in the crate's `benches/trust.rs`:
//! the owner invites 100,000 addresses in batches of 1,000 and each accepts, on a plan whose
//! seats cost nothing; the log (100,101 commits) is then imported into the store, which writes
//! a snapshot at its head. The commands alternate between inviting one address and revoking
//! that invitation, so the workspace keeps its size. Snapshots are taken every 100,000
//! versions, so none falls inside the measurement (one would cost a serialization of the whole
//! workspace, ~18 MB).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use seatwise::{Change, Command, Email, Invitee};
use seatwise_store::{Store, StoreOptions, WorkspaceId};

#[path = "../../benches/support/big_deal_space.rs"]
mod big_deal_space;
use big_deal_space::{big_workspace, then as now, OWNER};

fn store(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let options = StoreOptions::default()
        .snapshot_every(100_000)
        .max_staleness(Duration::from_secs(3_600));
    let store = rt.block_on(Store::connect_with(&url, options)).unwrap();
    let ws = WorkspaceId::new("big").unwrap();

    let started = Instant::now();
    let (_, log) = big_workspace();
    let built = started.elapsed();
    let started = Instant::now();
    rt.block_on(store.import(&ws, &log)).unwrap();
    println!(
        "built a log of {} events in {built:.2?}; imported it (commits, events, read model, snapshot) in {:.2?}",
        log.len(),
        started.elapsed()
    );
    drop(log);

    let mut group = c.benchmark_group("store, SQLite file, 100,000 members");
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
    let mut group = c.benchmark_group("store, SQLite file, 100,000 members");
    group.sample_size(50);
    let address = Email::parse("bench@example.com").unwrap();
    let mut invited = false;
    group.bench_function("command, warm cache (invite or revoke one address)", |b| {
        b.iter(|| {
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
            let outcome = rt
                .block_on(store.execute(&ws, OWNER, Command::new(change), now()))
                .unwrap();
            black_box(outcome.version())
        });
    });
    group.finish();
    let report = rt.block_on(store.check(&ws)).unwrap();
    println!(
        "after the benchmark: version {}, snapshot {:?}, read-model rows {}",
        report.version, report.snapshot, report.read_model_rows
    );
}

criterion_group!(benches, store);
criterion_main!(benches);

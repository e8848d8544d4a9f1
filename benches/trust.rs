//! Benchmarks of the trust boundary for a workspace of 100,000 members (T-2, T-3): loading a
//! stored workspace (deserialize and validate every invariant), replaying its event log with
//! verification (versions, digests, references, invariants at the end), and checking the log's
//! digest chain alone.
//!
//! Run with `cargo bench --bench trust`.
//!
//! The workspace and its log are built once, outside every measurement: the owner invites
//! 100,000 addresses in batches of 1,000 and each invitee accepts, on a plan whose seats cost
//! nothing. The log has 100,101 commits.

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use seatwise::Workspace;

#[path = "support/big_deal_space.rs"]
mod big_deal_space;
use big_deal_space::big_workspace;

fn trust(c: &mut Criterion) {
    let started = Instant::now();
    let (space, log) = big_workspace();
    let json = serde_json::to_vec(&space).unwrap();
    let log_json = serde_json::to_vec(&log).unwrap();
    println!(
        "built {} members, {} events in {:.2?}; stored workspace {:.1} MB, log {:.1} MB",
        space.members().count(),
        log.len(),
        started.elapsed(),
        json.len() as f64 / 1e6,
        log_json.len() as f64 / 1e6,
    );
    let mut group = c.benchmark_group("trust, 100,000 members");
    group.sample_size(10);
    group.bench_function("load: deserialize + validate (T-2)", |b| {
        b.iter(|| {
            let loaded: Workspace = serde_json::from_slice(black_box(&json)).unwrap();
            black_box(loaded.version())
        });
    });
    group.bench_function("replay with verification (T-3)", |b| {
        b.iter(|| {
            let rebuilt = Workspace::replay(black_box(&log)).unwrap();
            black_box(rebuilt.version())
        });
    });
    group.bench_function("verify_log: digest chain only (T-3)", |b| {
        b.iter(|| black_box(Workspace::verify_log(black_box(&log)).unwrap().version()));
    });
    group.finish();
}

criterion_group!(benches, trust);
criterion_main!(benches);

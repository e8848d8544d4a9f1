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

use chrono::{DateTime, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use seatwise::{
    presets, Change, Command, Currency, Email, Event, Invitee, Plan, PlanId, Proof, UserId,
    Workspace,
};

const MEMBERS: u64 = 100_000;
const BATCH: u64 = 1_000;
const OWNER: UserId = UserId::new(1);

fn email(n: u64) -> Email {
    Email::parse(&format!("member{n:06}@example.com")).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap()
}

/// The deal-space policy on a free plan with the owner and `MEMBERS` editors, and its log.
fn big_workspace() -> (Workspace, Vec<Event>) {
    let plan = Plan::builder(PlanId::new("bench-free").unwrap(), "Free", Currency::USD)
        .build()
        .unwrap();
    let (mut space, created) = Workspace::create(
        presets::deal_space().unwrap(),
        plan,
        OWNER,
        Email::parse("owner@example.com").unwrap(),
        "Owner",
        now(),
    )
    .unwrap();
    let mut log = created.events().to_vec();
    for start in (0..MEMBERS).step_by(BATCH as usize) {
        let invitees = (start..start + BATCH)
            .map(|n| Invitee::default_role(email(n)))
            .collect();
        let invite = Change::Invite {
            invitees,
            expires_at: None,
        };
        let outcome = space.execute(OWNER, Command::new(invite), now()).unwrap();
        log.extend_from_slice(outcome.events());
    }
    for n in 0..MEMBERS {
        let accept = Change::AcceptInvitation {
            email: email(n),
            name: format!("Member {n}"),
            proof: Proof::VerifiedEmail,
        };
        let outcome = space
            .execute(UserId::new(1_000 + n), Command::new(accept), now())
            .unwrap();
        log.extend_from_slice(outcome.events());
    }
    (space, log)
}

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

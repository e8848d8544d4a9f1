//! seatwise against cedar-policy and casbin, in one run.
//!
//! Group `check`: the same 10,000 requests over the built-in sales scheduler (every role,
//! every area, own and others' records, guests, pending and removed users, strangers, owners,
//! small plans) decided by each engine. Throughput is per request, so criterion's
//! `elem/s` / time per element is the time per check.
//!
//! Group `scaling`: the same requests (built-in roles) against the policy grown to 4, 100,
//! 1,000 and 10,000 roles, each engine loaded with its translation of that policy.
//!
//! Inside the timed loop, for every engine: building the principal and the record from the
//! host's row (seatwise `Principal`/`Resource`; Cedar `User` entity with attributes and role
//! parent, the record entity with its attributes, `Entities::from_entities`, `Request::new`;
//! casbin's `r.sub` / `r.obj` structs) and the decision. Outside: generating the rows,
//! compiling / parsing the policies once, interning type names, role and action uids.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use seatwise::{presets, Policy};
use seatwise_peers::casbin::CasbinEngine;
use seatwise_peers::cedar::CedarEngine;
use seatwise_peers::scaling;
use seatwise_peers::workload::{generate, shuffle, Mix, Request};

const REQUESTS: usize = 10_000;
const SIZES: [usize; 4] = [4, 100, 1_000, 10_000];
/// Each scaling iteration aims at about this long; slow engines get fewer requests.
const ITERATION: Duration = Duration::from_millis(250);

fn requests(policy: &Policy) -> Vec<Request> {
    let roles: Vec<_> = policy.roles().map(|r| r.id()).collect();
    let mut batch = generate(policy, &roles, REQUESTS, 42, Mix::REALISTIC);
    // Any prefix (the scaling group's smaller batches) is then a fair sample.
    shuffle(&mut batch, 43);
    batch
}

fn run_seatwise(policy: &Policy, batch: &[Request]) -> usize {
    batch
        .iter()
        .filter(|r| black_box(r).seatwise(policy))
        .count()
}

fn run_cedar(engine: &CedarEngine, batch: &[Request]) -> usize {
    batch
        .iter()
        .filter(|r| engine.is_allowed(black_box(r)).unwrap_or(false))
        .count()
}

fn run_casbin(engine: &CasbinEngine, batch: &[Request]) -> usize {
    batch
        .iter()
        .filter(|r| engine.is_allowed(black_box(r)).unwrap_or(false))
        .count()
}

fn check(c: &mut Criterion) {
    let policy = presets::sales_scheduler().expect("built-in policy");
    let batch = requests(&policy);
    let cedar = CedarEngine::new(&policy).expect("cedar translation");
    let casbin = CasbinEngine::new(&policy).expect("casbin translation");
    let allowed = run_seatwise(&policy, &batch);
    assert_eq!(allowed, run_cedar(&cedar, &batch), "cedar disagrees");
    assert_eq!(allowed, run_casbin(&casbin, &batch), "casbin disagrees");
    eprintln!(
        "check: {} requests, {allowed} allowed; cedar {} policies, casbin {} lines",
        batch.len(),
        cedar.translation.policy_count,
        casbin.translation.lines
    );

    // Cedar's authorizer alone, with every request and its entities built beforehand: how
    // much of Cedar's time is the host-side building.
    let prebuilt: Vec<_> = batch
        .iter()
        .map(|r| cedar.build(r).expect("cedar request"))
        .collect();
    let authorizer = cedar_policy::Authorizer::new();

    let mut group = c.benchmark_group("check");
    group.throughput(Throughput::Elements(batch.len() as u64));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.bench_function("seatwise", |b| b.iter(|| run_seatwise(&policy, &batch)));
    group.bench_function("cedar", |b| b.iter(|| run_cedar(&cedar, &batch)));
    group.bench_function("cedar_authorize_only", |b| {
        b.iter(|| {
            prebuilt
                .iter()
                .filter(|(request, entities)| {
                    authorizer
                        .is_authorized(request, &cedar.policies, entities)
                        .decision()
                        == cedar_policy::Decision::Allow
                })
                .count()
        })
    });
    group.bench_function("casbin", |b| b.iter(|| run_casbin(&casbin, &batch)));
    group.finish();
}

/// How many requests of `batch` make an iteration of about [`ITERATION`] for `run`.
fn sized(batch: &[Request], run: impl Fn(&[Request]) -> usize) -> &[Request] {
    let probe = &batch[..batch.len().min(8)];
    let start = Instant::now();
    run(probe);
    let per = start.elapsed().as_secs_f64() / probe.len() as f64;
    let n = (ITERATION.as_secs_f64() / per.max(1e-9)) as usize;
    &batch[..n.clamp(8, batch.len())]
}

fn scaling(c: &mut Criterion) {
    let base = presets::sales_scheduler().expect("built-in policy");
    let batch = requests(&base);
    let mut group = c.benchmark_group("scaling");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    for roles in SIZES {
        let policy = scaling::with_roles(&base, roles, 99).expect("grown policy");
        let start = Instant::now();
        let cedar = CedarEngine::new(&policy).expect("cedar translation");
        let cedar_load = start.elapsed();
        let start = Instant::now();
        let casbin = CasbinEngine::new(&policy).expect("casbin translation");
        let casbin_load = start.elapsed();

        let s = &batch[..];
        let cb = sized(&batch, |b| run_cedar(&cedar, b));
        let kb = sized(&batch, |b| run_casbin(&casbin, b));
        // The same decisions, whatever the size: the built-in roles are untouched.
        assert_eq!(
            run_seatwise(&policy, cb),
            run_cedar(&cedar, cb),
            "cedar disagrees"
        );
        assert_eq!(
            run_seatwise(&policy, kb),
            run_casbin(&casbin, kb),
            "casbin disagrees"
        );
        eprintln!(
            "scaling {roles} roles: cedar {} policies (translate + parse {:.2?}, {} requests per iteration), \
             casbin {} lines (translate + load {:.2?}, {} requests per iteration)",
            cedar.translation.policy_count,
            cedar_load,
            cb.len(),
            casbin.translation.lines,
            casbin_load,
            kb.len()
        );

        group.throughput(Throughput::Elements(s.len() as u64));
        group.bench_with_input(BenchmarkId::new("seatwise", roles), s, |b, s| {
            b.iter(|| run_seatwise(&policy, s))
        });
        group.throughput(Throughput::Elements(cb.len() as u64));
        group.bench_with_input(BenchmarkId::new("cedar", roles), cb, |b, s| {
            b.iter(|| run_cedar(&cedar, s))
        });
        group.throughput(Throughput::Elements(kb.len() as u64));
        group.bench_with_input(BenchmarkId::new("casbin", roles), kb, |b, s| {
            b.iter(|| run_casbin(&casbin, s))
        });
    }
    group.finish();
}

criterion_group!(benches, check, scaling);
criterion_main!(benches);

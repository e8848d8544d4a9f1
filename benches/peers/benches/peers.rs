//! seatwise against cedar-policy and casbin, in one run.
//!
//! Group `check`: the same 10,000 requests over the built-in sales scheduler (every role,
//! every area, own and others' records, guests, pending and removed users, strangers, owners,
//! small plans) decided by each engine. Throughput is per request, so criterion's
//! `elem/s` / time per element is the time per check.
//!
//! Group `scaling`: the same requests (built-in roles) against the policy grown to 4, 100,
//! 1,000 and 10,000 roles, each peer loaded with its idiomatic translation of that policy,
//! whole (`*_whole_worst_case`: every rule evaluated on every request, which no deployment
//! needs) and sliced by the principal's role (`cedar_sliced`, `casbin_sliced`). 10,000 roles
//! exceed seatwise's default limit of 5,000: `scaling::with_roles` compiles the grown policy
//! with `Limit::Roles` raised (`scaling::limits_for`).
//!
//! Policy and line counts (whole set, and the mean a request is decided against) are printed
//! to stderr before each group is timed.
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
use seatwise_peers::casbin::{self, CasbinEngine};
use seatwise_peers::cedar::{self, CedarEngine};
use seatwise_peers::scaling;
use seatwise_peers::workload::{generate, shuffle, Mix, Request};

const REQUESTS: usize = 10_000;
/// The largest is above the main crate's default limit on roles per policy (5,000);
/// `scaling::with_roles` raises that limit for it.
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

/// Policies a request is authorized against: the whole set, or the mean slice over `batch`.
fn cedar_size(engine: &CedarEngine, batch: &[Request]) -> f64 {
    let total: usize = batch
        .iter()
        .map(|r| engine.policies_for(r).num_of_policies())
        .sum();
    total as f64 / batch.len().max(1) as f64
}

fn cedar_label(v: cedar::Variant) -> &'static str {
    match (v.style, v.sliced) {
        (cedar::Style::Naive, false) => "cedar_naive",
        (cedar::Style::Naive, true) => "cedar_naive_sliced",
        (cedar::Style::Idiomatic, false) => "cedar_idiomatic",
        (cedar::Style::Idiomatic, true) => "cedar_sliced",
    }
}

fn casbin_label(v: casbin::Variant) -> &'static str {
    match (v.style, v.sliced) {
        (casbin::Style::Naive, false) => "casbin_naive",
        (casbin::Style::Naive, true) => "casbin_naive_sliced",
        (casbin::Style::Idiomatic, false) => "casbin_idiomatic",
        (casbin::Style::Idiomatic, true) => "casbin_sliced",
    }
}

/// The scaling group's names: the whole set is the worst case, no deployment needs it.
fn scaling_label(label: &str, sliced: bool) -> String {
    if sliced {
        label.to_owned()
    } else {
        format!("{}_whole_worst_case", label.trim_end_matches("_idiomatic"))
    }
}

const CEDARS: [cedar::Variant; 3] = [
    cedar::Variant::NAIVE,
    cedar::Variant::IDIOMATIC,
    cedar::Variant::SLICED,
];
const CASBINS: [casbin::Variant; 3] = [
    casbin::Variant::NAIVE,
    casbin::Variant::IDIOMATIC,
    casbin::Variant::SLICED,
];

fn check(c: &mut Criterion) {
    let policy = presets::sales_scheduler().expect("built-in policy");
    let batch = requests(&policy);
    let allowed = run_seatwise(&policy, &batch);
    let cedars: Vec<CedarEngine> = CEDARS
        .iter()
        .map(|v| CedarEngine::with(&policy, *v).expect("cedar translation"))
        .collect();
    let casbins: Vec<CasbinEngine> = CASBINS
        .iter()
        .map(|v| CasbinEngine::with(&policy, *v).expect("casbin translation"))
        .collect();
    eprintln!("check: {} requests, {allowed} allowed", batch.len());
    for e in &cedars {
        assert_eq!(
            allowed,
            run_cedar(e, &batch),
            "cedar {:?} disagrees",
            e.variant
        );
        eprintln!(
            "  {}: {} policies, {:.1} per request",
            cedar_label(e.variant),
            e.translation.policy_count,
            cedar_size(e, &batch)
        );
    }
    for e in &casbins {
        assert_eq!(
            allowed,
            run_casbin(e, &batch),
            "casbin {:?} disagrees",
            e.variant
        );
        eprintln!(
            "  {}: {} lines, {:.1} per request",
            casbin_label(e.variant),
            e.translation.lines,
            e.lines_for_mean(&batch)
        );
    }

    // Cedar's authorizer alone, with every request and its entities built beforehand: how
    // much of Cedar's time is the host-side building (naive translation).
    let naive = &cedars[0];
    let prebuilt: Vec<_> = batch
        .iter()
        .filter_map(|r| naive.build(r).expect("cedar request"))
        .collect();
    let authorizer = cedar_policy::Authorizer::new();

    let mut group = c.benchmark_group("check");
    group.throughput(Throughput::Elements(batch.len() as u64));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.bench_function("seatwise", |b| b.iter(|| run_seatwise(&policy, &batch)));
    for e in &cedars {
        group.bench_function(cedar_label(e.variant), |b| b.iter(|| run_cedar(e, &batch)));
    }
    group.bench_function("cedar_naive_authorize_only", |b| {
        b.iter(|| {
            prebuilt
                .iter()
                .filter(|(request, entities)| {
                    authorizer
                        .is_authorized(request, &naive.policies, entities)
                        .decision()
                        == cedar_policy::Decision::Allow
                })
                .count()
        })
    });
    for e in &casbins {
        group.bench_function(casbin_label(e.variant), |b| {
            b.iter(|| run_casbin(e, &batch))
        });
    }
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
        let s = &batch[..];
        group.throughput(Throughput::Elements(s.len() as u64));
        group.bench_with_input(BenchmarkId::new("seatwise", roles), s, |b, s| {
            b.iter(|| run_seatwise(&policy, s))
        });
        for v in [cedar::Variant::IDIOMATIC, cedar::Variant::SLICED] {
            let start = Instant::now();
            let e = CedarEngine::with(&policy, v).expect("cedar translation");
            let load = start.elapsed();
            let cb = sized(&batch, |b| run_cedar(&e, b));
            // The same decisions, whatever the size: the built-in roles are untouched.
            assert_eq!(
                run_seatwise(&policy, cb),
                run_cedar(&e, cb),
                "cedar disagrees"
            );
            let label = scaling_label(cedar_label(v), v.sliced);
            eprintln!(
                "scaling {roles} roles: {label} {} policies, {:.1} per request (translate + parse {load:.2?}, {} requests per iteration)",
                e.translation.policy_count,
                cedar_size(&e, cb),
                cb.len()
            );
            group.throughput(Throughput::Elements(cb.len() as u64));
            group.bench_with_input(BenchmarkId::new(label, roles), cb, |b, s| {
                b.iter(|| run_cedar(&e, s))
            });
        }
        for v in [casbin::Variant::IDIOMATIC, casbin::Variant::SLICED] {
            let start = Instant::now();
            let e = CasbinEngine::with(&policy, v).expect("casbin translation");
            let load = start.elapsed();
            let kb = sized(&batch, |b| run_casbin(&e, b));
            assert_eq!(
                run_seatwise(&policy, kb),
                run_casbin(&e, kb),
                "casbin disagrees"
            );
            let label = scaling_label(casbin_label(v), v.sliced);
            eprintln!(
                "scaling {roles} roles: {label} {} lines, {:.1} per request (translate + load {load:.2?}, {} requests per iteration)",
                e.translation.lines,
                e.lines_for_mean(kb),
                kb.len()
            );
            group.throughput(Throughput::Elements(kb.len() as u64));
            group.bench_with_input(BenchmarkId::new(label, roles), kb, |b, s| {
                b.iter(|| run_casbin(&e, s))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, check, scaling);
criterion_main!(benches);

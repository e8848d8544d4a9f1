//! Benchmarks of compiling policy documents at the size the default limits allow (T-5).
//!
//! Run with `cargo bench --bench policy_compile`. Three figures:
//!
//! - `largest_default/compile`: a document of 1,000 roles × 1,000 areas (the default limit of
//!   1,000,000 cells), roles in chains 64 deep (the default depth limit), every role granting
//!   on a few areas and every 16th granting `*`;
//! - `largest_default/from_toml`: the same, read from its TOML text (under the 1 MiB limit);
//! - `deep_chain/60000`: the abuse check's shape, one chain of 60,000 roles under raised
//!   limits (it took 11.5 s for 65,534 roles when each chain was walked from scratch).
//!
//! It also prints the bytes of compiled tables per role × area and for the largest policy.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use seatwise::{AreaSpec, Limit, PolicyDocument, PolicyLimits, RoleSpec, Scope, Verb};

const ROLES: usize = 1_000;
const AREAS: usize = 1_000;
const DEPTH: usize = 64;

fn rank(i: usize) -> u32 {
    u32::try_from(i + 1).expect("small")
}

/// The largest policy the default limits allow: roles × areas at the cell limit.
fn largest() -> PolicyDocument {
    let verbs = Verb::VIEW | Verb::CREATE | Verb::EDIT | Verb::DELETE;
    let mut doc = PolicyDocument::new("largest", &format!("r{}", ROLES - 1));
    for a in 0..AREAS {
        doc = doc.area(AreaSpec::new(&format!("a{a}"), verbs).relations(&["owner"]));
    }
    for i in 0..ROLES {
        let mut role = RoleSpec::new(&format!("r{i}"), rank(i));
        // Chains of DEPTH + 1 roles; the owner (the last role) ends the last chain.
        if i % (DEPTH + 1) != 0 {
            role = role.parent(&format!("r{}", i - 1));
        }
        if i % 16 == 0 {
            role = role.grant_all("*", Scope::Exclusive);
        }
        for k in 0..3 {
            let area = (i * 7 + k * 331) % AREAS;
            role = role.grant(&format!("a{area}"), Verb::VIEW | Verb::EDIT, Scope::Team);
        }
        doc = doc.role(role);
    }
    doc
}

fn chain(n: usize) -> PolicyDocument {
    let mut doc = PolicyDocument::new("chain", &format!("r{}", n - 1))
        .area(AreaSpec::new("notes", Verb::VIEW | Verb::EDIT));
    for i in 0..n {
        let mut role = RoleSpec::new(&format!("r{i}"), rank(i));
        role = if i == 0 {
            role.grant("notes", Verb::VIEW, Scope::Full)
        } else {
            role.parent(&format!("r{}", i - 1))
        };
        doc = doc.role(role);
    }
    doc
}

fn bench(c: &mut Criterion) {
    let limits = PolicyLimits::default();
    let doc = largest();
    let text = doc.to_toml().expect("writes");
    assert!(
        text.len() <= limits.get(Limit::DocumentBytes),
        "{}",
        text.len()
    );
    let cells = ROLES * AREAS;
    assert_eq!(cells, limits.get(Limit::RolesTimesAreas));
    println!(
        "compiled tables: {} bytes per role × area; {} cells = {} bytes ({:.1} MiB); TOML text {} bytes",
        PolicyLimits::TABLE_BYTES_PER_CELL,
        cells,
        cells * PolicyLimits::TABLE_BYTES_PER_CELL,
        (cells * PolicyLimits::TABLE_BYTES_PER_CELL) as f64 / f64::from(1u32 << 20),
        text.len()
    );

    let mut group = c.benchmark_group("largest_default");
    group.sample_size(10);
    group.throughput(Throughput::Elements(cells as u64));
    group.bench_function("compile", |b| {
        b.iter(|| black_box(&doc).compile_with(&limits).expect("compiles"))
    });
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("from_toml", |b| {
        b.iter(|| seatwise::Policy::from_toml_with(black_box(&text), &limits).expect("loads"))
    });
    group.finish();

    let n = 60_000;
    let deep = chain(n);
    let raised = PolicyLimits::default()
        .with(Limit::Roles, 65_535)
        .with(Limit::InheritanceDepth, n);
    let mut group = c.benchmark_group("deep_chain");
    group.sample_size(10);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("60000", |b| {
        b.iter(|| black_box(&deep).compile_with(&raised).expect("compiles"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

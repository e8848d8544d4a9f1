//! Benchmarks of `can`, `check` (through a `Permission`), their boolean twins and list
//! filtering on both built-in models.
//!
//! Run with `cargo bench --bench access`. Each check iteration takes the next request of a
//! fixed, realistic mix (every role, every area and verb, own and others' records, guests and
//! removed users), so the figure is the time of one check.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use seatwise::{presets, Policy, Principal, Resource, Standing, TeamId, UserId, Verb};

static USERS: [UserId; 4] = [
    UserId::new(1),
    UserId::new(2),
    UserId::new(3),
    UserId::new(4),
];
static TEAMS: [TeamId; 2] = [TeamId::new(10), TeamId::new(20)];

/// Requests over every role, area and verb, against own and others' records.
fn requests(policy: &Policy) -> Vec<(Principal<'static>, Verb, Resource<'static>)> {
    let mut out = Vec::new();
    for (i, role) in policy.roles().enumerate() {
        let user = USERS[i % USERS.len()];
        let mut principals = vec![
            Principal::member(user, role.id()).with_teams(&TEAMS[..1]),
            Principal::member(user, role.id()).with_standing(Standing::Removed),
        ];
        if policy.guest_role() == Some(role.id()) {
            principals.push(Principal::guest(user, role.id()));
        }
        if policy.owner_role() == role.id() {
            principals.push(Principal::member(user, role.id()).with_owner(user));
        }
        for area in policy.areas() {
            let own = Resource::new(area.id())
                .owned_by(user)
                .created_by(user)
                .hosted_by(&USERS[..2])
                .assigned_to(&USERS[1..2])
                .in_teams(&TEAMS[..1]);
            let others = Resource::new(area.id())
                .owned_by(USERS[3])
                .created_by(USERS[2])
                .hosted_by(&USERS[2..])
                .in_teams(&TEAMS[1..]);
            for verb in area.actions().verbs() {
                for p in &principals {
                    out.push((*p, verb, own));
                    out.push((*p, verb, others));
                }
            }
        }
    }
    out
}

fn bench_model(c: &mut Criterion, name: &str, policy: &Policy) {
    let requests = requests(policy);
    let allowed = requests
        .iter()
        .filter(|(p, a, r)| policy.is_allowed(p, *a, r))
        .count();
    eprintln!("{name}: {} requests, {allowed} allowed", requests.len());
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(1));
    let mut i = 0usize;
    group.bench_function("can", |b| {
        b.iter(|| {
            i = if i + 1 == requests.len() { 0 } else { i + 1 };
            let (p, a, r) = &requests[i];
            black_box(policy.can(black_box(p), black_box(*a), black_box(r)))
        })
    });
    let mut i = 0usize;
    group.bench_function("is_allowed", |b| {
        b.iter(|| {
            i = if i + 1 == requests.len() { 0 } else { i + 1 };
            let (p, a, r) = &requests[i];
            black_box(policy.is_allowed(black_box(p), black_box(*a), black_box(r)))
        })
    });

    // The checked path: the same requests through permissions resolved once, up front
    // (`Policy::permission`), as a host does at start-up.
    let checked: Vec<_> = requests
        .iter()
        .map(|(p, verb, r)| {
            let area = policy.area_info(r.area()).expect("an area of this policy");
            let permission = policy
                .permission(area.name(), verb.name())
                .expect("a verb the area offers");
            (*p, permission, *r)
        })
        .collect();
    let mut i = 0usize;
    group.bench_function("check", |b| {
        b.iter(|| {
            i = if i + 1 == checked.len() { 0 } else { i + 1 };
            let (p, permission, r) = &checked[i];
            black_box(policy.check(black_box(p), black_box(*permission), black_box(r)))
        })
    });
    let mut i = 0usize;
    group.bench_function("is_permitted", |b| {
        b.iter(|| {
            i = if i + 1 == checked.len() { 0 } else { i + 1 };
            let (p, permission, r) = &checked[i];
            black_box(policy.is_permitted(black_box(p), black_box(*permission), black_box(r)))
        })
    });

    // List filtering: 1,000 records of one busy area, filtered for a member with Exclusive or
    // Full view; the figure is per record.
    let area = policy
        .areas()
        .max_by_key(|a| a.actions().bits().count_ones())
        .map(|a| a.id())
        .expect("an area");
    let records: Vec<Resource<'static>> = (0..1000)
        .map(|k| {
            Resource::new(area)
                .owned_by(USERS[k % 4])
                .created_by(USERS[(k / 4) % 4])
                .hosted_by(&USERS[(k % 3)..(k % 3) + 1])
                .in_teams(&TEAMS[(k % 2)..(k % 2) + 1])
        })
        .collect();
    let roles: Vec<_> = policy.roles().map(|r| r.id()).collect();
    group.throughput(Throughput::Elements(records.len() as u64));
    group.bench_function("list_filter_1000", |b| {
        let mut k = 0usize;
        b.iter(|| {
            k = (k + 1) % roles.len();
            let p = Principal::member(USERS[0], roles[k]).with_teams(&TEAMS[..1]);
            let filter = policy.list_filter(&p, Verb::EDIT, area);
            black_box(filter.filter(&records).count())
        })
    });
    group.finish();
}

fn access(c: &mut Criterion) {
    let sales = presets::sales_scheduler().expect("built-in model");
    let deals = presets::deal_space().expect("built-in model");
    bench_model(c, "sales_scheduler", &sales);
    bench_model(c, "deal_space", &deals);
}

criterion_group!(benches, access);
criterion_main!(benches);

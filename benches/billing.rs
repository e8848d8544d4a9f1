//! Benchmarks of seat billing: computing the seats a usage needs, and quoting a seat change.
//!
//! Run with `cargo bench --bench billing`.

use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use seatwise::{Plan, SeatUsage, Subscription};

fn seats_needed(c: &mut Criterion) {
    let plan = Plan::deal_space();
    let usage = SeatUsage::of_members(37)
        .with_pending_member_invites(4)
        .with_accepted_guests(95);
    c.bench_function(
        "seats_needed (deal space, 37 members, 4 invites, 95 guests)",
        |b| {
            b.iter(|| black_box(&plan).seats_needed(black_box(&usage)).unwrap());
        },
    );
}

fn quote_seat_change(c: &mut Criterion) {
    let anchor = Utc.with_ymd_and_hms(2024, 1, 31, 0, 0, 0).unwrap();
    let (sub, _) =
        Subscription::start(Plan::business(), anchor, &SeatUsage::of_members(5)).unwrap();
    let at = Utc.with_ymd_and_hms(2024, 2, 14, 13, 30, 0).unwrap();
    let usage = SeatUsage::of_members(7).with_pending_member_invites(1);
    c.bench_function("quote_seats (business, +3 seats mid-period)", |b| {
        b.iter(|| {
            black_box(&sub)
                .quote_seats(black_box(&usage), black_box(at))
                .unwrap()
        });
    });
}

criterion_group!(benches, seats_needed, quote_seat_change);
criterion_main!(benches);

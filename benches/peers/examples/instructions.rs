//! Instruction counts per seatwise check, immune to other processes on the machine:
//!
//! ```text
//! cargo build --release --example instructions
//! valgrind --tool=callgrind --toggle-collect='*measured*' \
//!     target/release/examples/instructions 10000
//! ```
//!
//! Runs the benchmark's 10,000 requests twice inside `measured`, the only function callgrind
//! counts (the first pass doubles as a check that the second decides the same). Divide the
//! total by 20,000.

use std::hint::black_box;

use seatwise::{presets, Policy};
use seatwise_peers::scaling;
use seatwise_peers::workload::{generate, shuffle, Mix, Request};

#[inline(never)]
fn measured(policy: &Policy, batch: &[Request]) -> usize {
    batch
        .iter()
        .filter(|r| black_box(r).seatwise(policy))
        .count()
}

fn main() -> Result<(), seatwise_peers::Error> {
    let roles: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(4);
    let base = presets::sales_scheduler()?;
    let ids: Vec<_> = base.roles().map(|r| r.id()).collect();
    let mut batch = generate(&base, &ids, 10_000, 42, Mix::REALISTIC);
    shuffle(&mut batch, 43);
    let policy = scaling::with_roles(&base, roles, 99)?;
    let warm = measured(&policy, &batch);
    let allowed = measured(&policy, &batch);
    assert_eq!(warm, allowed);
    println!("{roles} roles: {allowed} of {} allowed", batch.len());
    Ok(())
}

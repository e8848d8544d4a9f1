//! Instruction counts per check, for every engine, immune to other processes on the machine:
//!
//! ```text
//! cargo build --release --example instructions
//! valgrind --tool=callgrind --toggle-collect='*measured*' \
//!     target/release/examples/instructions ENGINE ROLES N
//! ```
//!
//! `ENGINE` is one of `seatwise`, `cedar_naive`, `cedar_idiomatic`, `cedar_sliced`,
//! `casbin_naive`, `casbin_idiomatic`, `casbin_sliced`; `ROLES` the policy's size (4 is the
//! built-in model); `N` how many of the benchmark's shuffled requests to decide (default
//! 2,000). The requests are decided once outside `measured` (warming caches, and checking the
//! engine against seatwise) and once inside it, the only function callgrind counts: divide
//! the total by `N`. Loading the engine is outside too.

use std::hint::black_box;

use seatwise::presets;
use seatwise_peers::casbin::{self, CasbinEngine};
use seatwise_peers::cedar::{self, CedarEngine};
use seatwise_peers::scaling;
use seatwise_peers::workload::{generate, shuffle, Mix, Request};

#[inline(never)]
fn measured(decide: &dyn Fn(&Request) -> bool, batch: &[Request]) -> usize {
    batch.iter().filter(|r| decide(black_box(r))).count()
}

fn main() -> Result<(), seatwise_peers::Error> {
    let mut args = std::env::args().skip(1);
    let engine = args.next().unwrap_or_else(|| "seatwise".to_owned());
    let roles: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(4);
    let n: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(2_000);
    let base = presets::sales_scheduler()?;
    let ids: Vec<_> = base.roles().map(|r| r.id()).collect();
    let mut batch = generate(&base, &ids, 10_000, 42, Mix::REALISTIC);
    shuffle(&mut batch, 43);
    batch.truncate(n);
    let policy = scaling::with_roles(&base, roles, 99)?;
    let decide: Box<dyn Fn(&Request) -> bool> = match engine.as_str() {
        "seatwise" => Box::new(|r: &Request| r.seatwise(&policy)),
        "cedar_naive" | "cedar_idiomatic" | "cedar_sliced" => {
            let variant = match engine.as_str() {
                "cedar_naive" => cedar::Variant::NAIVE,
                "cedar_idiomatic" => cedar::Variant::IDIOMATIC,
                _ => cedar::Variant::SLICED,
            };
            let e = CedarEngine::with(&policy, variant)?;
            Box::new(move |r: &Request| e.is_allowed(r).unwrap_or(false))
        }
        "casbin_naive" | "casbin_idiomatic" | "casbin_sliced" => {
            let variant = match engine.as_str() {
                "casbin_naive" => casbin::Variant::NAIVE,
                "casbin_idiomatic" => casbin::Variant::IDIOMATIC,
                _ => casbin::Variant::SLICED,
            };
            let e = CasbinEngine::with(&policy, variant)?;
            Box::new(move |r: &Request| e.is_allowed(r).unwrap_or(false))
        }
        other => return Err(format!("unknown engine `{other}`").into()),
    };
    let expected = batch.iter().filter(|r| r.seatwise(&policy)).count();
    let warm = batch.iter().filter(|r| decide(r)).count();
    if warm != expected {
        return Err(format!("{engine} allows {warm}, seatwise {expected}").into());
    }
    let allowed = measured(&*decide, &batch);
    println!(
        "{engine}, {roles} roles: {allowed} of {} allowed",
        batch.len()
    );
    Ok(())
}

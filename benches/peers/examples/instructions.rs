//! Instruction counts per check, for every engine and variant, immune to other processes on
//! the machine (callgrind counts instructions, not time).
//!
//! One command counts every engine and prints the table:
//!
//! ```text
//! cargo build --profile test --example instructions     # or --release
//! target/debug/examples/instructions count all 4 2000   # target/release/... for --release
//! ```
//!
//! `count ENGINES ROLES N` runs, for each engine of `ENGINES` (`all`, or a comma-separated
//! list of `seatwise`, `cedar_naive`, `cedar_idiomatic`, `cedar_sliced`, `casbin_naive`,
//! `casbin_idiomatic`, `casbin_sliced`), this same program under
//! `valgrind --tool=callgrind --toggle-collect='*measured*'` (`$VALGRIND` overrides the
//! `valgrind` on the `PATH`), reads the instructions callgrind collected inside `measured`
//! from its output file, and prints them divided by `N`, with the rules the engine holds and
//! decides each request against.
//!
//! `ENGINE ROLES N` is one such measured run, to run under callgrind by hand:
//!
//! ```text
//! valgrind --tool=callgrind --toggle-collect='*measured*' \
//!     target/debug/examples/instructions cedar_sliced 4 2000
//! ```
//!
//! `ROLES` is the policy's size (4 is the built-in model; larger sizes add generated custom
//! roles, see `scaling::with_roles`, which raises seatwise's 5,000-role limit for 10,000); `N`
//! how many of the benchmark's shuffled requests to decide (default 2,000; the whole-set
//! variants at 10,000 roles take tens of millions of instructions per check, so use a small
//! `N` there). The requests are decided once outside `measured` (warming caches, and checking
//! the engine against seatwise) and once inside it, the only function callgrind counts.
//! Loading the engine is outside too.

use std::hint::black_box;
use std::process::Command;

use seatwise::presets;
use seatwise_peers::casbin::{self, CasbinEngine};
use seatwise_peers::cedar::{self, CedarEngine};
use seatwise_peers::scaling;
use seatwise_peers::workload::{generate, shuffle, Mix, Request};
use seatwise_peers::Error;

/// Every engine and variant, in table order.
const ENGINES: [&str; 7] = [
    "seatwise",
    "cedar_naive",
    "cedar_idiomatic",
    "cedar_sliced",
    "casbin_naive",
    "casbin_idiomatic",
    "casbin_sliced",
];

/// How a measured run decides one request.
type Decide<'a> = Box<dyn Fn(&Request) -> bool + 'a>;

#[inline(never)]
fn measured(decide: &dyn Fn(&Request) -> bool, batch: &[Request]) -> usize {
    batch.iter().filter(|r| decide(black_box(r))).count()
}

fn cedar_variant(engine: &str) -> Option<cedar::Variant> {
    match engine {
        "cedar_naive" => Some(cedar::Variant::NAIVE),
        "cedar_idiomatic" => Some(cedar::Variant::IDIOMATIC),
        "cedar_sliced" => Some(cedar::Variant::SLICED),
        _ => None,
    }
}

fn casbin_variant(engine: &str) -> Option<casbin::Variant> {
    match engine {
        "casbin_naive" => Some(casbin::Variant::NAIVE),
        "casbin_idiomatic" => Some(casbin::Variant::IDIOMATIC),
        "casbin_sliced" => Some(casbin::Variant::SLICED),
        _ => None,
    }
}

/// One measured run: loads `engine` over the policy grown to `roles`, decides `n` requests.
/// Prints `RULES <held> <per request>` (policies or lines; `-` for seatwise) for `count`.
fn run(engine: &str, roles: usize, n: usize) -> Result<(), Error> {
    let base = presets::sales_scheduler()?;
    let ids: Vec<_> = base.roles().map(|r| r.id()).collect();
    let mut batch = generate(&base, &ids, 10_000, 42, Mix::REALISTIC);
    shuffle(&mut batch, 43);
    batch.truncate(n);
    let policy = scaling::with_roles(&base, roles, 99)?;
    let (decide, rules): (Decide<'_>, String) = if let Some(variant) = cedar_variant(engine) {
        let e = CedarEngine::with(&policy, variant)?;
        let per: usize = batch
            .iter()
            .map(|r| e.policies_for(r).num_of_policies())
            .sum();
        let rules = format!(
            "{} {:.1}",
            e.translation.policy_count,
            per as f64 / batch.len().max(1) as f64
        );
        (
            Box::new(move |r: &Request| e.is_allowed(r).unwrap_or(false)),
            rules,
        )
    } else if let Some(variant) = casbin_variant(engine) {
        let e = CasbinEngine::with(&policy, variant)?;
        let rules = format!("{} {:.1}", e.translation.lines, e.lines_for_mean(&batch));
        (
            Box::new(move |r: &Request| e.is_allowed(r).unwrap_or(false)),
            rules,
        )
    } else if engine == "seatwise" {
        (
            Box::new(|r: &Request| r.seatwise(&policy)),
            "- -".to_owned(),
        )
    } else {
        return Err(format!("unknown engine `{engine}`").into());
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
    println!("RULES {rules}");
    Ok(())
}

/// The instructions callgrind collected, from the `totals:` (or `summary:`) line of its
/// output file (the first event is `Ir`, instructions).
fn collected(text: &str) -> Option<u64> {
    let line = text
        .lines()
        .find(|l| l.starts_with("totals:"))
        .or_else(|| text.lines().find(|l| l.starts_with("summary:")))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs every engine of `engines` under callgrind and prints instructions per check.
fn count(engines: &str, roles: usize, n: usize) -> Result<(), Error> {
    let engines: Vec<&str> = if engines == "all" {
        ENGINES.to_vec()
    } else {
        engines.split(',').map(str::trim).collect()
    };
    if let Some(bad) = engines.iter().find(|e| !ENGINES.contains(e)) {
        return Err(format!("unknown engine `{bad}`; one of {ENGINES:?}").into());
    }
    let me = std::env::current_exe()?;
    let valgrind = std::env::var("VALGRIND").unwrap_or_else(|_| "valgrind".to_owned());
    let dir = std::env::temp_dir();
    println!("{roles} roles, {n} requests per engine (callgrind, `measured` only)\n");
    println!("| engine | rules held | rules per request | instructions per check |");
    println!("| --- | ---: | ---: | ---: |");
    for engine in engines {
        let out = dir.join(format!(
            "callgrind.peers.{engine}.{roles}.{}",
            std::process::id()
        ));
        let output = Command::new(&valgrind)
            .arg("--tool=callgrind")
            .arg("--toggle-collect=*measured*")
            .arg(format!("--callgrind-out-file={}", out.display()))
            .arg(&me)
            .args([engine, &roles.to_string(), &n.to_string()])
            .output()
            .map_err(|e| {
                format!("cannot run `{valgrind}` ({e}); install it: apt-get install -y valgrind")
            })?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            return Err(format!(
                "{engine}: {}\n{stdout}{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        let text = std::fs::read_to_string(&out)?;
        let _ = std::fs::remove_file(&out);
        let total = collected(&text).ok_or("no totals in callgrind's output")?;
        let rules = stdout
            .lines()
            .find_map(|l| l.strip_prefix("RULES "))
            .unwrap_or("? ?");
        let (held, per) = rules.split_once(' ').unwrap_or((rules, "?"));
        println!(
            "| {engine} | {held} | {per} | {:.1} |",
            total as f64 / n.max(1) as f64
        );
    }
    Ok(())
}

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str);
    let number = |i: usize, default: usize| -> Result<usize, Error> {
        Ok(arg(i).map(str::parse).transpose()?.unwrap_or(default))
    };
    match arg(0) {
        Some("count") => count(arg(1).unwrap_or("all"), number(2, 4)?, number(3, 2_000)?),
        engine => run(
            engine.unwrap_or("seatwise"),
            number(1, 4)?,
            number(2, 2_000)?,
        ),
    }
}

//! Prints the role × area × scope matrix of a policy, the way a role settings page shows it,
//! then which relation makes a record "own" per area and verb (A-4).
//!
//! ```sh
//! cargo run --example access_matrix                   # the sales scheduler
//! cargo run --example access_matrix -- deal_space     # the deal space
//! cargo run --example access_matrix -- my_policy.toml # any policy document (.toml or .json)
//! ```

use seatwise::{presets, Policy, Scope};

fn load(arg: Option<String>) -> Result<Policy, Box<dyn std::error::Error>> {
    Ok(match arg.as_deref() {
        None | Some("sales_scheduler") => presets::sales_scheduler()?,
        Some("deal_space") => presets::deal_space()?,
        Some(path) => {
            let text = std::fs::read_to_string(path)?;
            if path.ends_with(".json") {
                Policy::from_json(&text)?
            } else {
                Policy::from_toml(&text)?
            }
        }
    })
}

fn cell(scope: Scope) -> &'static str {
    match scope {
        Scope::Full => "Full",
        Scope::Team => "Team",
        Scope::Exclusive => "Exclusive",
        Scope::None => "-",
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let policy = load(std::env::args().nth(1))?;
    let roles: Vec<_> = policy.roles().collect();
    let first = policy
        .areas()
        .flat_map(|a| {
            a.actions()
                .verbs()
                .map(move |v| a.label().len() + v.name().len() + 3)
        })
        .max()
        .unwrap_or(10)
        .max(12);
    let widths: Vec<usize> = roles.iter().map(|r| r.label().len().max(9)).collect();

    println!("{}", policy.name());
    print!("{:first$}", "");
    for (role, w) in roles.iter().zip(&widths) {
        print!(" | {:w$}", role.label());
    }
    println!();
    println!(
        "{}",
        "-".repeat(first + widths.iter().map(|w| w + 3).sum::<usize>())
    );

    let mut group = None;
    for area in policy.areas() {
        if area.group() != group && area.group().is_some() {
            group = area.group();
            println!("[{}]", group.unwrap_or_default());
        }
        for verb in area.actions().verbs() {
            let label = format!("{} · {}", area.label(), verb.name());
            print!("{label:first$}");
            for (role, w) in roles.iter().zip(&widths) {
                let mut text = cell(policy.scope_of(role.id(), area.id(), verb)).to_owned();
                if area.owner_only().contains(verb.into()) && text != "-" {
                    text.push_str(" (owner)");
                }
                print!(" | {text:w$}");
            }
            println!();
        }
    }
    let notes: Vec<_> = policy
        .document()
        .exceptions
        .iter()
        .map(|e| {
            format!(
                "  * `{}` on {}: {}",
                e.name,
                e.area,
                e.reason.as_deref().unwrap_or("")
            )
        })
        .collect();
    if !notes.is_empty() {
        println!("\nExceptions for every member (A-5):");
        for note in notes {
            println!("{note}");
        }
    }
    // A-4: which relation makes a record "own" for Exclusive (and Team) scope, per area and
    // verb. Every verb but `view` also needs the record visible: the view grant reaches it,
    // or this verb's own relation ties the user to it (SS-12, SS-10).
    println!("\nWhat makes a record the user's own (A-4):");
    for area in policy.areas() {
        let mut rows: Vec<(String, Vec<&str>)> = Vec::new();
        for verb in area.actions().verbs() {
            let relations: Vec<&str> = area.relations(verb).names().collect();
            if relations.is_empty() {
                continue;
            }
            let name = verb.name();
            match rows.iter_mut().find(|(_, r)| *r == relations) {
                Some((verbs, _)) => {
                    verbs.push_str(", ");
                    verbs.push_str(name);
                }
                None => rows.push((name.to_owned(), relations)),
            }
        }
        for (verbs, relations) in rows {
            println!("  * {} · {verbs}: {}", area.label(), relations.join(" or "));
        }
    }
    if let Some(area) = policy
        .areas()
        .find(|a| a.requires() != seatwise::PlanFeatures::empty())
    {
        println!(
            "\n`{}` needs plan feature(s): {}",
            area.name(),
            area.requires().names().collect::<Vec<_>>().join(", ")
        );
    }
    Ok(())
}

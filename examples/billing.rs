//! Seat billing for a sample deal space: guest status, a seat added mid-period, an upgrade and
//! the renewal invoice, printed as tables.
//!
//! Run with `cargo run --example billing`.

use std::error::Error;

use chrono::{DateTime, TimeZone, Utc};
use seatwise::{GuestRatio, Money, Plan, PlanFeatures, PlanId, SeatUsage, Subscription};

fn at(y: i32, m: u32, d: u32) -> Result<DateTime<Utc>, Box<dyn Error>> {
    Ok(Utc
        .with_ymd_and_hms(y, m, d, 0, 0, 0)
        .single()
        .ok_or("invalid date")?)
}

fn main() -> Result<(), Box<dyn Error>> {
    let plan = Plan::deal_space();
    let pro = plan
        .to_builder()
        .id(PlanId::new("deal-space-pro")?)
        .name("Deal space Pro")
        .seat_price(Money::from_major(20, plan.currency())?)
        .guest_ratio(GuestRatio::new(10, 5))
        .features(PlanFeatures::GUESTS | PlanFeatures::TEAMS | PlanFeatures::CUSTOM_ROLES)
        .build()?;

    // A deal space with 3 members and 9 accepted guests, billed monthly from April 1.
    let usage = SeatUsage::of_members(3).with_accepted_guests(9);
    let (sub, first) = Subscription::start(plan, at(2024, 4, 1)?, &usage)?;
    println!("== {} — period {}", sub.plan().name(), sub.period());
    println!("{first}\n");

    let status = sub.guest_status(usage.accepted_guests());
    println!("== Guest status (B-10)");
    println!("{:<28} {:>6}", "paid seats", sub.paid_seats());
    println!("{:<28} {:>6}", "guests used", status.used());
    let allowance = status
        .allowance()
        .map_or_else(|| "none".to_owned(), |a| a.to_string());
    println!("{:<28} {:>6}", "guest allowance", allowance);
    println!("{:<28} {:>6}", "at limit (warn)", status.is_at_limit());
    println!("{:<28} {:>6}", "over limit", status.is_over());
    println!(
        "{:<28} {:>6}\n",
        "seats for the next guest",
        status.extra_seats_for_next_guest()
    );

    // April 21: a 4th member joins (10 of 30 days left).
    let usage = usage.with_members(4);
    let change = sub.quote_seats(&usage, at(2024, 4, 21)?)?;
    println!("== Quote: add a member on 2024-04-21 (B-8, B-9)");
    println!("{}\n", change.quote());
    let sub = change.into_subscription();

    // April 24: upgrade to Pro.
    let upgrade = sub.quote_upgrade(pro, &usage, PlanFeatures::GUESTS, at(2024, 4, 24)?)?;
    println!("== Quote: upgrade to Deal space Pro on 2024-04-24 (B-11)");
    println!("{}\n", upgrade.quote());
    let sub = upgrade.into_subscription();

    // A member leaves before the period end; renewal recomputes the seats (B-5, B-12).
    let renewal = sub.renew(&usage.with_members(3))?;
    println!(
        "== Renewal invoice for {} (B-12)",
        renewal.invoice().period()
    );
    println!("{}", renewal.invoice());
    Ok(())
}

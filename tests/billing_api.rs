//! The billing API cannot be misused by a new user (issue 9): counts are passed by name, quote
//! lines are found by kind, resuming is explicit, and a cheaper plan is never an upgrade. Each
//! test names the SPEC rule it guards.
use chrono::{DateTime, TimeZone, Utc};
use seatwise::{
    BillingCycle, BillingError, BillingInterval, BillingPeriod, Currency, LineItem, LineKind,
    Money, Plan, PlanFeatures, PlanId, Quote, SeatUsage, Subscription,
};

fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

fn usd(minor: i64) -> Money {
    Money::from_minor(minor, Currency::USD)
}

// ---------------------------------------------------------------- item 1: named seat counts

// B-4, B-6, B-7: each count reaches its own rule. Seed 004's Deal Space: 2 members and 1
// pending invitation (which reserves a seat by default) need 3 seats; 10 accepted guests on
// a 5 + 2 per extra seat ratio need a 4th seat — had the counts been swapped, 10 pending
// invitations would need 12 seats and 1 guest none.
#[test]
fn b4_b6_named_counts_reach_their_own_rule() {
    let usage = SeatUsage::of_members(2)
        .with_pending_member_invites(1)
        .with_accepted_guests(10);
    assert_eq!(usage.members(), 2);
    assert_eq!(usage.pending_member_invites(), 1);
    assert_eq!(usage.accepted_guests(), 10);
    let need = Plan::deal_space().seats_needed(&usage).unwrap();
    assert_eq!(
        (need.member_seats(), need.guest_seats(), need.paid()),
        (3, 4, 4)
    );
    // The builder starts from nothing but the members.
    assert_eq!(SeatUsage::of_members(0), SeatUsage::EMPTY);
    assert_eq!(SeatUsage::EMPTY, SeatUsage::default());
}

// B-4: stored usage names its counts too, so a document cannot swap them silently.
#[test]
fn b4_usage_is_stored_by_name() {
    let usage = SeatUsage::of_members(3).with_accepted_guests(9);
    let json = serde_json::to_value(usage).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"members": 3, "pending_member_invites": 0, "accepted_guests": 9})
    );
    let back: SeatUsage = serde_json::from_value(json).unwrap();
    assert_eq!(back, usage);
}

// ---------------------------------------------------------------- item 2: lines by kind

// B-9, B-11: an upgrade's credit and charge are found by what they are, not by position.
// Startup → Business on April 16 with 3 members (15 of 30 days left): credit
// −147.00 × 15/30 = −73.50, charge 199.00 × 15/30 = 99.50.
#[test]
fn b11_upgrade_credit_and_charge_by_kind() {
    let usage = SeatUsage::of_members(3);
    let (sub, _) = Subscription::start(Plan::startup(), utc(2024, 4, 1), &usage).unwrap();
    let change = sub
        .quote_upgrade(
            Plan::business(),
            &usage,
            PlanFeatures::empty(),
            utc(2024, 4, 16),
        )
        .unwrap();
    let quote = change.quote();
    assert_eq!(quote.credit(), usd(-7_350));
    assert_eq!(quote.charge(), usd(9_950));
    assert_eq!(
        quote.total(),
        quote.charge().checked_add(quote.credit()).unwrap()
    );
    let credit = quote.line(LineKind::UnusedTimeCredit).unwrap();
    assert_eq!(credit.amount(), usd(-7_350));
    let charge = quote.line(LineKind::RemainingTimeCharge).unwrap();
    assert_eq!(charge.amount(), usd(9_950));
    assert_eq!(quote.lines_of(LineKind::ProratedSeats).count(), 0);
    assert!(quote.line(LineKind::ExtraSeats).is_none());
}

// B-9: whatever order a quote's lines come in (a stored or hand-built quote), the same
// credit, charge and lines of a kind come out.
#[test]
fn b9_lines_by_kind_do_not_depend_on_order() {
    let april = BillingPeriod::new(utc(2024, 4, 16), utc(2024, 5, 1)).unwrap();
    let seats = LineItem::new(LineKind::ProratedSeats, "seat", 2, usd(1_633), april).unwrap();
    let more = LineItem::new(LineKind::ProratedSeats, "seat", 1, usd(1_000), april).unwrap();
    let credit = LineItem::new(LineKind::UnusedTimeCredit, "unused", 1, usd(-500), april).unwrap();
    let forward = vec![seats.clone(), credit.clone(), more.clone()];
    let backward = vec![more, credit, seats];
    for lines in [forward, backward] {
        let quote = Quote::new(Currency::USD, april.start(), lines).unwrap();
        // 2 × 16.33 + 10.00 = 42.66 charged, 5.00 credited.
        assert_eq!(quote.charge(), usd(4_266));
        assert_eq!(quote.credit(), usd(-500));
        assert_eq!(quote.total(), usd(3_766));
        let seats: u32 = quote
            .lines_of(LineKind::ProratedSeats)
            .map(LineItem::quantity)
            .sum();
        assert_eq!(seats, 3);
        assert_eq!(
            quote.line(LineKind::UnusedTimeCredit).unwrap().amount(),
            usd(-500)
        );
    }
}

// B-9: a quote with no lines charges and credits nothing.
#[test]
fn b9_empty_quote_has_zero_charge_and_credit() {
    let quote = Quote::new(Currency::USD, utc(2024, 4, 1), Vec::new()).unwrap();
    assert!(quote.charge().is_zero() && quote.credit().is_zero());
    assert_eq!(quote.lines_of(LineKind::Seats).count(), 0);
}

// B-12: a renewal invoice's extra seats are found by kind. Startup (1 included seat) renewed
// with 3 members: 2 extra seats.
#[test]
fn b12_invoice_extra_seats_by_kind() {
    let (sub, _) =
        Subscription::start(Plan::startup(), utc(2024, 4, 1), &SeatUsage::of_members(3)).unwrap();
    let renewal = sub.renew(&SeatUsage::of_members(3)).unwrap();
    let invoice = renewal.invoice();
    let extra = invoice.line(LineKind::ExtraSeats).unwrap();
    assert_eq!((extra.quantity(), extra.amount()), (2, usd(9_800)));
    assert_eq!(
        invoice.line(LineKind::PlanPrice).unwrap().amount(),
        usd(4_900)
    );
    assert_eq!(invoice.lines_of(LineKind::Seats).count(), 0);
    assert!(invoice.line(LineKind::UnusedTimeCredit).is_none());
}

// ---------------------------------------------------------------- item 3: explicit resume

/// Renews `sub` `times` times with `usage`.
fn renewed(mut sub: Subscription, usage: &SeatUsage, times: u32) -> Subscription {
    for _ in 0..times {
        sub = sub.renew(usage).unwrap().into_subscription();
    }
    sub
}

// B-3, B-5, B-12: a subscription rebuilt from its stored plan, period and paid seats — no
// anchor — renews exactly as the original does, on periods whose start day was clamped
// ([Feb 29, Mar 31) of a Jan 31 anchor) and whose end day was clamped ([Mar 31, Apr 30)).
#[test]
fn b3_resume_from_stored_period_renews_like_the_original() {
    let usage = SeatUsage::of_members(3);
    let (first, _) = Subscription::start(Plan::startup(), utc(2024, 1, 31), &usage).unwrap();
    for times in 0..14 {
        let original = renewed(first.clone(), &usage, times);
        let resumed =
            Subscription::resume(Plan::startup(), original.period(), original.paid_seats())
                .unwrap();
        assert_eq!(
            resumed.period(),
            original.period(),
            "after {times} renewals"
        );
        assert_eq!(resumed.paid_seats(), 3);
        let more = SeatUsage::of_members(4);
        assert_eq!(
            resumed.renew(&more).unwrap().invoice(),
            original.renew(&more).unwrap().invoice(),
            "after {times} renewals"
        );
        let (a, b) = (renewed(resumed, &more, 12), renewed(original, &more, 12));
        assert_eq!(a.period(), b.period(), "a year after {times} renewals");
    }
    // [Feb 29, Mar 31) is the second period; its start was clamped from the 31st.
    let feb = renewed(first, &usage, 1).period();
    assert_eq!(
        (feb.start(), feb.end()),
        (utc(2024, 2, 29), utc(2024, 3, 31))
    );
}

// B-3: the same on a yearly plan anchored on Feb 29 while the period ends on a Feb 29.
#[test]
fn b3_resume_yearly_period_ending_on_a_leap_day() {
    let yearly = Plan::business()
        .to_builder()
        .interval(BillingInterval::Yearly)
        .build()
        .unwrap();
    let cycle = BillingCycle::new(utc(2020, 2, 29), BillingInterval::Yearly);
    let period = cycle.period(3).unwrap(); // [2023-02-28, 2024-02-29)
    let resumed = Subscription::resume(yearly.clone(), period, 5).unwrap();
    let on_cycle = Subscription::resume_on_cycle(yearly, cycle, period, 5).unwrap();
    let usage = SeatUsage::of_members(5);
    assert_eq!(
        resumed.renew(&usage).unwrap().subscription().period(),
        on_cycle.renew(&usage).unwrap().subscription().period()
    );
}

// B-4: resuming with 0 paid seats is refused with an error naming the plan and the minimum;
// the old `resume` raised them to 1 without a word.
#[test]
fn b4_resume_refuses_zero_paid_seats() {
    let period = BillingPeriod::new(utc(2024, 4, 1), utc(2024, 5, 1)).unwrap();
    let err = Subscription::resume(Plan::startup(), period, 0).unwrap_err();
    assert_eq!(
        err,
        BillingError::PaidSeatsBelowMinimum {
            plan: PlanId::new("startup").unwrap(),
            paid: 0,
            min: 1
        }
    );
    assert_eq!(
        err.to_string(),
        "cannot resume plan `startup` with 0 paid seats: it bills at least 1"
    );
    // Business includes 5 seats: 4 is refused too, 5 is kept as is.
    let err = Subscription::resume(Plan::business(), period, 4).unwrap_err();
    assert!(matches!(
        err,
        BillingError::PaidSeatsBelowMinimum {
            paid: 4,
            min: 5,
            ..
        }
    ));
    assert_eq!(
        Subscription::resume(Plan::business(), period, 5)
            .unwrap()
            .paid_seats(),
        5
    );
}

// B-4: above the hard limit, resuming is refused naming the limit.
#[test]
fn b4_resume_refuses_seats_above_the_hard_limit() {
    let capped = Plan::startup()
        .to_builder()
        .seat_limit(3, None)
        .build()
        .unwrap();
    let period = BillingPeriod::new(utc(2024, 4, 1), utc(2024, 5, 1)).unwrap();
    let err = Subscription::resume(capped, period, 4).unwrap_err();
    assert!(matches!(
        err,
        BillingError::SeatLimitExceeded {
            limit: 3,
            needed: 4,
            ..
        }
    ));
}

// B-3: a stored period that is not one period of the plan's interval is refused, naming the
// period and the plan; so is a period of another cycle, or a cycle of another interval.
#[test]
fn b3_resume_refuses_a_period_it_would_change() {
    let ten_days = BillingPeriod::new(utc(2024, 4, 1), utc(2024, 4, 11)).unwrap();
    let err = Subscription::resume(Plan::startup(), ten_days, 1).unwrap_err();
    assert_eq!(
        err,
        BillingError::PeriodNotOfPlan {
            plan: PlanId::new("startup").unwrap(),
            period: ten_days,
            interval: BillingInterval::Monthly
        }
    );
    assert!(err.to_string().contains("plan `startup`"), "{err}");
    // A month is not a yearly period.
    let april = BillingPeriod::new(utc(2024, 4, 1), utc(2024, 5, 1)).unwrap();
    let yearly = Plan::startup()
        .to_builder()
        .interval(BillingInterval::Yearly)
        .build()
        .unwrap();
    assert!(matches!(
        Subscription::resume(yearly.clone(), april, 1),
        Err(BillingError::PeriodNotOfPlan {
            interval: BillingInterval::Yearly,
            ..
        })
    ));
    // Bounds at different times of day do not come from one anchor.
    let skewed = BillingPeriod::new(
        utc(2024, 4, 1),
        Utc.with_ymd_and_hms(2024, 5, 1, 9, 0, 0).unwrap(),
    )
    .unwrap();
    assert!(matches!(
        Subscription::resume(Plan::startup(), skewed, 1),
        Err(BillingError::PeriodNotOfPlan { .. })
    ));
    // On a known cycle: April is not a period of a cycle anchored on the 15th …
    let mid = BillingCycle::new(utc(2024, 1, 15), BillingInterval::Monthly);
    let err = Subscription::resume_on_cycle(Plan::startup(), mid, april, 1).unwrap_err();
    assert!(matches!(err, BillingError::PeriodNotOfCycle { period, .. } if period == april));
    // … and a yearly plan does not run on a monthly cycle.
    let monthly = BillingCycle::new(utc(2024, 4, 1), BillingInterval::Monthly);
    let err = Subscription::resume_on_cycle(yearly, monthly, april, 1).unwrap_err();
    assert!(matches!(
        err,
        BillingError::IntervalMismatch {
            plan_interval: BillingInterval::Yearly,
            cycle_interval: BillingInterval::Monthly,
            ..
        }
    ));
}

// ---------------------------------------------------------------- item 4: cheaper is no upgrade

// B-11, B-5: the billing layer itself refuses a cheaper plan "at once": Business with 7 paid
// seats (289.00) to Enterprise for 5 members (5 × 39.00 = 195.00) would give back paid seats
// mid-period. The error names both plans and prices; the same change is a valid downgrade.
#[test]
fn b11_quote_upgrade_refuses_a_cheaper_plan() {
    let (sub, _) =
        Subscription::start(Plan::business(), utc(2024, 4, 1), &SeatUsage::of_members(7)).unwrap();
    let five = SeatUsage::of_members(5);
    let sub = sub
        .quote_seats(&five, utc(2024, 4, 5))
        .unwrap()
        .into_subscription();
    let err = sub
        .quote_upgrade(
            Plan::enterprise(),
            &five,
            PlanFeatures::empty(),
            utc(2024, 4, 16),
        )
        .unwrap_err();
    assert_eq!(
        err,
        BillingError::NotAnUpgrade {
            from: PlanId::new("business").unwrap(),
            to: PlanId::new("enterprise").unwrap(),
            current_price: usd(28_900),
            new_price: usd(19_500),
        }
    );
    assert_eq!(
        err.to_string(),
        "plan `enterprise` costs $195.00 a period, less than the $289.00 of plan `business`: downgrade at the period end instead"
    );
    let scheduled = sub
        .schedule_downgrade(Plan::enterprise(), &five, PlanFeatures::empty())
        .unwrap();
    assert_eq!(
        scheduled.scheduled_plan().unwrap().id().as_str(),
        "enterprise"
    );
    // At a price at least as high (8 members: 312.00 ≥ 289.00) the change is an upgrade, and
    // so is the same plan for the seats paid now; the same plan for fewer seats than are paid
    // would give seats back mid-period, so it is refused.
    let at = utc(2024, 4, 16);
    let none = PlanFeatures::empty();
    let (seven, eight) = (SeatUsage::of_members(7), SeatUsage::of_members(8));
    assert!(sub
        .quote_upgrade(Plan::enterprise(), &eight, none, at)
        .is_ok());
    assert!(sub
        .quote_upgrade(Plan::business(), &seven, none, at)
        .is_ok());
    assert!(matches!(
        sub.quote_upgrade(Plan::business(), &five, none, at),
        Err(BillingError::NotAnUpgrade { .. })
    ));
}

// B-11: a plan change blocked for other reasons (another currency) still lists its blockers.
#[test]
fn b11_blockers_still_reported_when_prices_cannot_be_compared() {
    let euro = Plan::builder(PlanId::new("euro").unwrap(), "Euro", Currency::EUR)
        .build()
        .unwrap();
    let usage = SeatUsage::of_members(1);
    let (sub, _) = Subscription::start(Plan::startup(), utc(2024, 4, 1), &usage).unwrap();
    let err = sub
        .quote_upgrade(euro, &usage, PlanFeatures::empty(), utc(2024, 4, 2))
        .unwrap_err();
    assert!(
        matches!(err, BillingError::PlanChangeRefused { .. }),
        "{err:?}"
    );
}

// ---------------------------------------------------------------- item 5: names that say it

// B-6, B-4: the seats bought for guests are counted beyond both the member seats and the
// included seats. Deal Space with 5 included seats, 2 members and 15 guests: 5 + 2 × (s − 1)
// ≥ 15 needs s = 6 guest seats. 6 − max(2, 5) = 1 seat is bought for guests — not
// 6 − 2 = 4, since the included seats cover guests too.
#[test]
fn b6_extra_seats_for_guests_count_beyond_members_and_included_seats() {
    let plan = Plan::deal_space()
        .to_builder()
        .included_seats(5)
        .build()
        .unwrap();
    let usage = SeatUsage::of_members(2).with_accepted_guests(15);
    let need = plan.seats_needed(&usage).unwrap();
    assert_eq!((need.member_seats(), need.guest_seats()), (2, 6));
    assert_eq!(need.extra_seats_for_guests(), 1);
    assert_eq!(
        need.paid(),
        need.member_seats().max(plan.included_seats()) + need.extra_seats_for_guests()
    );
    // With the guests covered by the included seats, none is bought for them.
    let few = plan
        .seats_needed(&SeatUsage::of_members(2).with_accepted_guests(9))
        .unwrap();
    assert_eq!((few.guest_seats(), few.extra_seats_for_guests()), (3, 0));
}

// B-1: an interval has one name — `monthly` or `yearly` — stored, displayed and parsed alike;
// `unit_name` is the noun of one period ("1 month" on an invoice line).
#[test]
fn b1_interval_has_one_name_stored_displayed_and_parsed() {
    for (interval, name, unit) in [
        (BillingInterval::Monthly, "monthly", "month"),
        (BillingInterval::Yearly, "yearly", "year"),
    ] {
        assert_eq!(interval.name(), name);
        assert_eq!(interval.to_string(), name);
        assert_eq!(
            serde_json::to_value(interval).unwrap(),
            serde_json::json!(name)
        );
        assert_eq!(name.parse::<BillingInterval>().unwrap(), interval);
        assert_eq!(
            serde_json::from_value::<BillingInterval>(serde_json::json!(name)).unwrap(),
            interval
        );
        assert_eq!(interval.unit_name(), unit);
        assert!(unit.parse::<BillingInterval>().is_err(), "{unit}");
    }
    let err = "Monthly".parse::<BillingInterval>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown billing interval `Monthly`: expected `monthly` or `yearly`"
    );
    // Invoices use the unit noun.
    let (sub, _) =
        Subscription::start(Plan::startup(), utc(2024, 4, 1), &SeatUsage::of_members(1)).unwrap();
    let renewal = sub.renew(&SeatUsage::of_members(1)).unwrap();
    let line = renewal.invoice().line(LineKind::PlanPrice).unwrap();
    assert!(
        line.description().ends_with(", 1 month"),
        "{}",
        line.description()
    );
}

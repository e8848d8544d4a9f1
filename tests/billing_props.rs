//! Property tests of seat billing: I-9 (proration additivity, totals equal the sum of lines),
//! period tiling (B-3), seat monotonicity (B-4, B-6), paid seats never falling (B-5, I-6), and
//! money arithmetic that never panics (B-2, I-11).
use chrono::{DateTime, Utc};
use proptest::prelude::*;
use seatwise::{
    prorate, prorate_span, BillingCycle, BillingError, BillingInterval, Currency, GuestRatio,
    Invoice, LineKind, Money, MoneyError, Plan, PlanFeatures, Quote, SeatUsage, Subscription,
};

/// Instants between 1970 and 2200, to the second.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (0_i64..7_258_118_400).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

fn interval() -> impl Strategy<Value = BillingInterval> {
    prop_oneof![
        Just(BillingInterval::Monthly),
        Just(BillingInterval::Yearly)
    ]
}

fn builtin_plan() -> impl Strategy<Value = Plan> {
    prop_oneof![
        Just(Plan::startup()),
        Just(Plan::business()),
        Just(Plan::enterprise()),
        Just(Plan::deal_space()),
    ]
}

fn currency() -> impl Strategy<Value = Currency> {
    prop_oneof![
        Just(Currency::USD),
        Just(Currency::EUR),
        Just(Currency::JPY),
        Just(Currency::BHD)
    ]
}

fn usage() -> impl Strategy<Value = SeatUsage> {
    (0_u32..40, 0_u32..10, 0_u32..120).prop_map(|(m, p, g)| {
        SeatUsage::of_members(m)
            .with_pending_member_invites(p)
            .with_accepted_guests(g)
    })
}

#[track_caller]
fn assert_lines_add_up(lines: &[seatwise::LineItem], total: Money) {
    let mut sum = 0_i128;
    for line in lines {
        let unit = i128::from(line.unit_amount().minor_units());
        assert_eq!(
            i128::from(line.amount().minor_units()),
            unit * i128::from(line.quantity())
        );
        sum += i128::from(line.amount().minor_units());
    }
    assert_eq!(i128::from(total.minor_units()), sum);
}

fn check_quote(quote: &Quote) {
    assert_lines_add_up(quote.lines(), quote.total());
}

fn check_invoice(invoice: &Invoice) {
    assert_lines_add_up(invoice.lines(), invoice.total());
}

proptest! {
    /// I-9, B-8: prorations of consecutive parts of a period add up to the full price within
    /// one minor unit per part.
    #[test]
    fn i9_proration_of_consecutive_parts_adds_up(
        anchor in instant(),
        interval in interval(),
        index in -5_i64..30,
        price in any::<i64>(),
        cuts in proptest::collection::vec(0.0_f64..1.0, 0..12),
    ) {
        let period = BillingCycle::new(anchor, interval).period(index).unwrap();
        let length = period.length_seconds();
        // The test builds cut points from fractions; billing itself uses none.
        let mut points: Vec<i64> = cuts.iter().map(|f| (f * length as f64) as i64).collect();
        points.push(0);
        points.push(length);
        points.sort_unstable();
        let money = Money::from_minor(price, Currency::USD);
        let mut sum = 0_i128;
        for pair in points.windows(2) {
            let from = period.start() + chrono::Duration::seconds(pair[0]);
            let to = period.start() + chrono::Duration::seconds(pair[1]);
            sum += i128::from(prorate_span(money, &period, from, to).unwrap().minor_units());
        }
        let parts = i128::try_from(points.len() - 1).unwrap();
        prop_assert!((sum - i128::from(price)).abs() <= parts, "sum {} vs price {}", sum, price);
    }

    /// B-8, I-11: proration of any price at any instant is an error or at most the price, never
    /// a panic.
    #[test]
    fn b8_proration_never_panics(anchor in instant(), at in instant(), price in any::<i64>()) {
        let period = BillingCycle::new(anchor, BillingInterval::Monthly).period(0).unwrap();
        match prorate(Money::from_minor(price, Currency::JPY), &period, at) {
            Ok(part) => {
                prop_assert!(period.contains(at));
                prop_assert!(part.minor_units().unsigned_abs() <= price.unsigned_abs());
            }
            Err(_) => prop_assert!(!period.contains(at)),
        }
    }

    /// B-3: periods tile time — each ends where the next starts, none is empty, and the period
    /// containing an instant contains it.
    #[test]
    fn b3_periods_tile_time(anchor in instant(), interval in interval(), from in -30_i64..30, at in instant()) {
        let cycle = BillingCycle::new(anchor, interval);
        for i in from..from + 26 {
            let p = cycle.period(i).unwrap();
            let next = cycle.period(i + 1).unwrap();
            prop_assert!(p.start() < p.end());
            prop_assert_eq!(p.end(), next.start());
            prop_assert_eq!(cycle.next_period(&p).unwrap(), next);
            prop_assert_eq!(cycle.index_containing(p.start()).unwrap(), i);
        }
        let containing = cycle.period_containing(at).unwrap();
        prop_assert!(containing.contains(at));
        let index = cycle.index_containing(at).unwrap();
        prop_assert_eq!(cycle.period(index).unwrap(), containing);
    }

    /// B-4, B-6: seats needed never decrease when members, invitations or guests are added.
    #[test]
    fn b4_b6_seats_needed_never_decrease(
        plan in builtin_plan(),
        first in 0_u32..10,
        per in 0_u32..5,
        base in usage(),
        more_members in 0_u32..10,
        more_pending in 0_u32..10,
        more_guests in 0_u32..30,
    ) {
        let plan = if plan.guest_ratio().is_some() {
            plan.to_builder().guest_ratio(GuestRatio::new(first, per)).build().unwrap()
        } else {
            plan
        };
        let bigger = SeatUsage::of_members(base.members() + more_members)
            .with_pending_member_invites(base.pending_member_invites() + more_pending)
            .with_accepted_guests(base.accepted_guests() + more_guests);
        match (plan.seats_needed(&base), plan.seats_needed(&bigger)) {
            (Ok(small), Ok(big)) => {
                prop_assert!(big.needed() >= small.needed());
                prop_assert!(big.paid() >= small.paid());
                prop_assert!(big.paid() >= plan.included_seats());
                // The paid seats cover the members and the guests (I-6).
                prop_assert!(big.paid() >= bigger.members());
                if let Some(ratio) = plan.guest_ratio() {
                    prop_assert!(ratio.allowance(big.paid()) >= u64::from(bigger.accepted_guests()));
                }
            }
            // Only a guest ratio without per-seat guests can refuse; then so does the bigger usage.
            (Ok(_), Err(_)) | (Err(_), Err(_)) => prop_assert_eq!(per, 0),
            (Err(_), Ok(_)) => prop_assert!(false, "a smaller usage was refused"),
        }
    }

    /// B-5, I-6, I-9: along any sequence of seat changes and upgrades, paid seats never fall
    /// within a period on the same plan, cover the usage, and every quote and invoice adds up.
    #[test]
    fn b5_i9_subscription_sequences(
        plan in builtin_plan(),
        anchor in instant(),
        start in usage(),
        steps in proptest::collection::vec((usage(), 0.0_f64..1.0, any::<bool>(), builtin_plan()), 1..12),
    ) {
        let (mut sub, invoice) = Subscription::start(plan, anchor, &start).unwrap();
        check_invoice(&invoice);
        let mut usage = start;
        for (next, when, upgrade, other) in steps {
            let period = sub.period();
            let offset = (when * period.length_seconds() as f64) as i64;
            let at = period.start() + chrono::Duration::seconds(offset);
            if upgrade {
                let change = match sub.quote_upgrade(other, &next, PlanFeatures::empty(), at) {
                    Ok(change) => change,
                    // B-11: a cheaper plan is a downgrade, refused here with both prices.
                    Err(BillingError::NotAnUpgrade { current_price, new_price, .. }) => {
                        prop_assert!(new_price.minor_units() < current_price.minor_units());
                        prop_assert_eq!(current_price, sub.period_price().unwrap());
                        continue;
                    }
                    Err(other) => return Err(TestCaseError::fail(other.to_string())),
                };
                // An accepted upgrade's new period costs at least the old one.
                prop_assert!(change.subscription().period_price().unwrap().minor_units() >= sub.period_price().unwrap().minor_units()
                    || change.subscription().cycle().interval() != sub.cycle().interval());
                check_quote(change.quote());
                prop_assert_eq!(change.quote().line(LineKind::UnusedTimeCredit).unwrap().amount(), prorate(sub.period_price().unwrap(), &period, at).unwrap().checked_neg().unwrap());
                sub = change.into_subscription();
            } else {
                let before = sub.paid_seats();
                let change = sub.quote_seats(&next, at).unwrap();
                check_quote(change.quote());
                // Preview equals charge.
                prop_assert_eq!(&change, &sub.quote_seats(&next, at).unwrap());
                prop_assert!(change.subscription().paid_seats() >= before);
                prop_assert_eq!(change.subscription().paid_seats() - before, change.seats_bought());
                prop_assert_eq!(change.quote().total().is_zero(), change.seats_bought() == 0 || change.quote().line(LineKind::ProratedSeats).unwrap().unit_amount().is_zero());
                sub = change.into_subscription();
            }
            usage = next;
            prop_assert!(sub.paid_seats() >= sub.plan().seats_needed(&usage).unwrap().paid());
        }
        let renewal = sub.renew(&usage).unwrap();
        check_invoice(renewal.invoice());
        prop_assert_eq!(renewal.subscription().paid_seats(), renewal.subscription().plan().seats_needed(&usage).unwrap().paid());
        prop_assert_eq!(renewal.invoice().period().start(), sub.period().end());
    }

    /// I-9: a full-period invoice adds up for any paid seats.
    #[test]
    fn i9_invoice_total_is_the_sum_of_lines(plan in builtin_plan(), anchor in instant(), paid in 0_u32..100_000) {
        let period = BillingCycle::new(anchor, plan.interval()).period(0).unwrap();
        let invoice = Invoice::for_period(&plan, period, paid).unwrap();
        check_invoice(&invoice);
        prop_assert_eq!(invoice.total(), plan.period_price(paid).unwrap());
    }

    /// B-2, I-11: money arithmetic on arbitrary values returns the right value or an error, and
    /// never panics.
    #[test]
    fn b2_i11_money_arithmetic_is_exact_or_an_error(
        a in any::<i64>(),
        b in any::<i64>(),
        ca in currency(),
        cb in currency(),
    ) {
        let x = Money::from_minor(a, ca);
        let y = Money::from_minor(b, cb);
        let expect = |wide: i128, got: Result<Money, MoneyError>| -> Result<(), TestCaseError> {
            if ca != cb {
                prop_assert!(matches!(got, Err(MoneyError::CurrencyMismatch { .. })), "expected a mismatch");
            } else if let Ok(v) = i64::try_from(wide) {
                prop_assert_eq!(got, Ok(Money::from_minor(v, ca)));
            } else {
                prop_assert!(matches!(got, Err(MoneyError::Overflow { .. })), "expected an overflow");
            }
            Ok(())
        };
        expect(i128::from(a) + i128::from(b), x.checked_add(y))?;
        expect(i128::from(a) - i128::from(b), x.checked_sub(y))?;
        let product = i128::from(a) * i128::from(b);
        match (i64::try_from(product), x.checked_mul(b)) {
            (Ok(v), Ok(m)) => prop_assert_eq!(m, Money::from_minor(v, ca)),
            (Err(_), Err(MoneyError::Overflow { .. })) => {}
            (p, m) => prop_assert!(false, "{:?} vs {:?}", p, m),
        }
        match (i64::try_from(-i128::from(a)), x.checked_neg()) {
            (Ok(v), Ok(m)) => prop_assert_eq!(m.minor_units(), v),
            (Err(_), Err(_)) => {}
            (p, m) => prop_assert!(false, "{:?} vs {:?}", p, m),
        }
        // Display never panics and shows the sign.
        let text = x.to_string();
        prop_assert_eq!(text.starts_with('-'), a < 0);
    }

    /// B-2, I-11: building a currency from any text and exponent is a value or an error.
    #[test]
    fn b2_i11_currency_from_any_text(code in ".{0,5}", exponent in any::<u8>()) {
        let ok = code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) && exponent <= 4;
        prop_assert_eq!(Currency::new(&code, exponent).is_ok(), ok);
    }
}

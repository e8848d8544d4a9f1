//! Seat billing, rule by rule (SPEC section 6, B-1 … B-12, SS-1), with the seeds' own numbers.
//! Every expected amount below is computed by hand in the comment next to it.
use chrono::{DateTime, TimeZone, Utc};
use seatwise::{
    prorate, prorate_span, BillingCycle, BillingError, BillingInterval, BillingPeriod, Currency,
    GuestRatio, Invoice, LineKind, Money, MoneyError, PeriodError, Plan, PlanChangeBlocker,
    PlanError, PlanFeatures, PlanId, Quote, SeatUsage, Subscription,
};

fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

fn usd(minor: i64) -> Money {
    Money::from_minor(minor, Currency::USD)
}

fn period(start: DateTime<Utc>, end: DateTime<Utc>) -> BillingPeriod {
    BillingPeriod::new(start, end).unwrap()
}

fn members(n: u32) -> SeatUsage {
    SeatUsage::of_members(n)
}

/// Asserts that a quote's total is the sum of its lines' amounts, each `unit × quantity` (I-9).
#[track_caller]
fn assert_consistent(quote: &Quote) {
    let mut sum = 0_i64;
    for line in quote.lines() {
        assert_eq!(
            line.amount().minor_units(),
            line.unit_amount().minor_units() * i64::from(line.quantity())
        );
        sum += line.amount().minor_units();
    }
    assert_eq!(quote.total().minor_units(), sum);
}

// ---------------------------------------------------------------- B-1, SS-1: plans

#[test]
fn b1_plan_holds_prices_interval_seats_limit_ratio_features() {
    let plan = Plan::builder(PlanId::new("pro").unwrap(), "Pro", Currency::EUR)
        .interval(BillingInterval::Yearly)
        .base_price(Money::from_minor(100_000, Currency::EUR))
        .seat_price(Money::from_minor(1_000, Currency::EUR))
        .included_seats(2)
        .extra_seat_price(Money::from_minor(5_000, Currency::EUR))
        .seat_limit(10, Some(PlanId::new("max").unwrap()))
        .guest_ratio(GuestRatio::new(5, 2))
        .features(PlanFeatures::TEAMS)
        .build()
        .unwrap();
    assert_eq!(plan.interval(), BillingInterval::Yearly);
    assert_eq!(plan.included_seats(), 2);
    assert_eq!(plan.seat_limit().unwrap().max_seats(), 10);
    assert_eq!(
        plan.seat_limit().unwrap().upgrade_to().unwrap().as_str(),
        "max"
    );
    assert_eq!(plan.guest_ratio(), Some(GuestRatio::new(5, 2)));
    assert!(plan.invites_reserve_seats());
    // 4 paid seats: 1000.00 + 4 × 10.00 + 2 extra × 50.00 = 1140.00
    assert_eq!(
        plan.period_price(4).unwrap(),
        Money::from_minor(114_000, Currency::EUR)
    );
    // 1 paid seat (below included): 1000.00 + 10.00 = 1010.00
    assert_eq!(
        plan.period_price(1).unwrap(),
        Money::from_minor(101_000, Currency::EUR)
    );
}

#[test]
fn b1_plan_builder_rejects_bad_settings() {
    let id = PlanId::new("bad").unwrap();
    let wrong_currency = Plan::builder(id.clone(), "Bad", Currency::USD)
        .base_price(Money::from_minor(1, Currency::EUR))
        .build();
    assert!(matches!(
        wrong_currency,
        Err(PlanError::PriceCurrency {
            price: "base price",
            ..
        })
    ));
    let negative = Plan::builder(id.clone(), "Bad", Currency::USD)
        .extra_seat_price(usd(-1))
        .build();
    assert!(matches!(
        negative,
        Err(PlanError::NegativePrice {
            price: "extra-seat price",
            ..
        })
    ));
    let low_limit = Plan::builder(id.clone(), "Bad", Currency::USD)
        .included_seats(5)
        .seat_limit(4, None)
        .build();
    assert!(matches!(
        low_limit,
        Err(PlanError::LimitBelowIncluded {
            limit: 4,
            included: 5,
            ..
        })
    ));
    let zero_limit = Plan::builder(id, "Bad", Currency::USD)
        .included_seats(0)
        .seat_limit(0, None)
        .build();
    assert!(zero_limit.is_err());
    for bad in ["", "Startup", "start up", "é", &"x".repeat(65)] {
        assert!(PlanId::new(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn ss1_startup_one_seat_included_each_further_seat_49_usd_no_custom_roles() {
    let plan = Plan::startup();
    assert_eq!(plan.included_seats(), 1);
    assert_eq!(plan.interval(), BillingInterval::Monthly);
    assert_eq!(plan.pricing().base(), usd(4_900));
    assert_eq!(plan.pricing().extra_seat(), Some(usd(4_900)));
    assert!(plan.seat_limit().is_none());
    assert!(!plan.features().contains(PlanFeatures::CUSTOM_ROLES));
}

#[test]
fn ss1_startup_workspace_with_3_members_pays_for_2_extra_seats_at_49_usd() {
    let (sub, invoice) =
        Subscription::start(Plan::startup(), utc(2024, 4, 1), &members(3)).unwrap();
    assert_eq!(sub.paid_seats(), 3);
    let extra = invoice
        .lines()
        .iter()
        .find(|l| l.kind() == LineKind::ExtraSeats)
        .unwrap();
    assert_eq!(extra.quantity(), 2);
    assert_eq!(extra.unit_amount(), usd(4_900));
    // 49.00 plan + 2 × 49.00 = 147.00
    assert_eq!(invoice.total(), usd(14_700));
}

#[test]
fn ss1_business_five_seats_included_extra_seats_charged_not_limited() {
    let plan = Plan::business();
    assert_eq!(plan.included_seats(), 5);
    assert!(
        plan.seat_limit().is_none(),
        "section 9: Business charges extra seats"
    );
    assert!(plan.pricing().extra_seat().is_some());
    assert!(plan
        .features()
        .contains(PlanFeatures::CUSTOM_ROLES | PlanFeatures::TEAMS));
    // 3 members still pay for the 5 included seats (B-4).
    assert_eq!(plan.seats_needed(&members(3)).unwrap().paid(), 5);
    assert_eq!(plan.seats_needed(&members(8)).unwrap().extra_seats(), 3);
}

#[test]
fn ss1_business_sixth_member_is_charged_extra_prorated() {
    // April 2024 has 30 days; the 6th member joins on April 21 with 10 days left.
    let (sub, _) = Subscription::start(Plan::business(), utc(2024, 4, 1), &members(5)).unwrap();
    let change = sub.quote_seats(&members(6), utc(2024, 4, 21)).unwrap();
    assert_eq!(change.seats_bought(), 1);
    let line = &change.quote().lines()[0];
    assert_eq!(line.kind(), LineKind::ProratedSeats);
    assert_eq!(line.period(), period(utc(2024, 4, 21), utc(2024, 5, 1)));
    // 45.00 × 10 / 30 = 15.00
    assert_eq!(change.quote().total(), usd(1_500));
    assert_eq!(change.subscription().paid_seats(), 6);
}

#[test]
fn ss1_enterprise_unlimited_seats_at_a_negotiated_price_per_seat() {
    let negotiated = Plan::enterprise()
        .to_builder()
        .seat_price(usd(2_500))
        .build()
        .unwrap();
    assert!(negotiated.seat_limit().is_none());
    assert!(negotiated
        .features()
        .contains(PlanFeatures::CUSTOM_ROLES | PlanFeatures::INTEGRATIONS));
    let need = negotiated.seats_needed(&members(1_000)).unwrap();
    assert_eq!(need.paid(), 1_000);
    // 1000 × 25.00 = 25000.00
    assert_eq!(
        negotiated.period_price(need.paid()).unwrap(),
        usd(2_500_000)
    );
}

// ---------------------------------------------------------------- B-2: money

#[test]
fn b2_checked_arithmetic() {
    assert_eq!(usd(4_900).checked_add(usd(100)), Ok(usd(5_000)));
    assert_eq!(usd(100).checked_sub(usd(425)), Ok(usd(-325)));
    assert_eq!(usd(4_900).checked_mul(3), Ok(usd(14_700)));
    assert_eq!(usd(325).checked_neg(), Ok(usd(-325)));
    assert_eq!(Money::from_major(49, Currency::USD), Ok(usd(4_900)));
    assert_eq!(
        Money::from_major(500, Currency::JPY),
        Ok(Money::from_minor(500, Currency::JPY))
    );
    assert!(matches!(
        usd(i64::MAX).checked_add(usd(1)),
        Err(MoneyError::Overflow { .. })
    ));
    assert!(matches!(
        usd(i64::MIN).checked_sub(usd(1)),
        Err(MoneyError::Overflow { .. })
    ));
    assert!(matches!(
        usd(i64::MAX).checked_mul(2),
        Err(MoneyError::Overflow { .. })
    ));
    assert!(matches!(
        usd(i64::MIN).checked_neg(),
        Err(MoneyError::Overflow { .. })
    ));
    assert!(Money::from_major(i64::MAX, Currency::USD).is_err());
}

#[test]
fn b2_currencies_never_mix() {
    let eur = Money::from_minor(100, Currency::EUR);
    let err = usd(100).checked_add(eur).unwrap_err();
    assert_eq!(
        err,
        MoneyError::CurrencyMismatch {
            left: Currency::USD,
            right: Currency::EUR
        }
    );
    assert_eq!(
        err.to_string(),
        "amounts in `USD` and `EUR` cannot be mixed"
    );
    assert!(usd(100).checked_sub(eur).is_err());
    assert!(Money::checked_sum(Currency::USD, [usd(1), eur]).is_err());
    assert!(usd(1).checked_cmp(&eur).is_err());
}

#[test]
fn b2_display_for_people() {
    let cases = [
        (usd(4_900), "$49.00"),
        (usd(-325), "-$3.25"),
        (usd(5), "$0.05"),
        (usd(0), "$0.00"),
        (Money::from_minor(500, Currency::JPY), "¥500"),
        (Money::from_minor(-1, Currency::JPY), "-¥1"),
        (Money::from_minor(1_250, Currency::EUR), "€12.50"),
        (Money::from_minor(99, Currency::GBP), "£0.99"),
        (Money::from_minor(1_250, Currency::CHF), "CHF 12.50"),
        (Money::from_minor(-1_005, Currency::BHD), "-BHD 1.005"),
        (
            Money::from_minor(7, Currency::new("XYZ", 0).unwrap()),
            "XYZ 7",
        ),
    ];
    for (money, text) in cases {
        assert_eq!(money.to_string(), text);
    }
    assert_eq!(format!("[{:>8}]", usd(4_900)), "[  $49.00]");
}

#[test]
fn b2_currency_is_a_validated_code_with_exponent() {
    assert_eq!(Currency::JPY.exponent(), 0);
    assert_eq!(Currency::USD.minor_per_major(), 100);
    assert!(matches!(
        Currency::new("usd", 2),
        Err(MoneyError::InvalidCurrencyCode { .. })
    ));
    assert!(matches!(
        Currency::new("USD", 9),
        Err(MoneyError::InvalidExponent { exponent: 9, .. })
    ));
    assert_eq!(
        Currency::new("dollars", 2).unwrap_err().to_string(),
        "currency code `dollars` is not three ascii capital letters"
    );
}

// ---------------------------------------------------------------- B-3: periods

/// Asserts the first boundaries of a monthly cycle.
#[track_caller]
fn assert_boundaries(cycle: &BillingCycle, expected: &[(i32, u32, u32)]) {
    for (i, &(y, m, d)) in expected.iter().enumerate() {
        let index = i64::try_from(i).unwrap();
        let p = cycle.period(index).unwrap();
        assert_eq!(p.start(), utc(y, m, d), "start of period {index}");
        if let Some(&(y2, m2, d2)) = expected.get(i + 1) {
            assert_eq!(p.end(), utc(y2, m2, d2), "end of period {index}");
            assert_eq!(cycle.next_period(&p).unwrap().start(), p.end());
        }
    }
}

#[test]
fn b3_jan_31_anchor_keeps_month_ends_over_25_periods() {
    let cycle = BillingCycle::new(utc(2023, 1, 31), BillingInterval::Monthly);
    #[rustfmt::skip]
    let expected = [
        (2023, 1, 31), (2023, 2, 28), (2023, 3, 31), (2023, 4, 30), (2023, 5, 31), (2023, 6, 30),
        (2023, 7, 31), (2023, 8, 31), (2023, 9, 30), (2023, 10, 31), (2023, 11, 30), (2023, 12, 31),
        (2024, 1, 31), (2024, 2, 29), (2024, 3, 31), (2024, 4, 30), (2024, 5, 31), (2024, 6, 30),
        (2024, 7, 31), (2024, 8, 31), (2024, 9, 30), (2024, 10, 31), (2024, 11, 30), (2024, 12, 31),
        (2025, 1, 31), (2025, 2, 28), (2025, 3, 31),
    ];
    assert_boundaries(&cycle, &expected);
}

#[test]
fn b3_feb_29_anchor_keeps_the_29th_over_25_periods() {
    let cycle = BillingCycle::new(utc(2024, 2, 29), BillingInterval::Monthly);
    #[rustfmt::skip]
    let expected = [
        (2024, 2, 29), (2024, 3, 29), (2024, 4, 29), (2024, 5, 29), (2024, 6, 29), (2024, 7, 29),
        (2024, 8, 29), (2024, 9, 29), (2024, 10, 29), (2024, 11, 29), (2024, 12, 29), (2025, 1, 29),
        (2025, 2, 28), (2025, 3, 29), (2025, 4, 29), (2025, 5, 29), (2025, 6, 29), (2025, 7, 29),
        (2025, 8, 29), (2025, 9, 29), (2025, 10, 29), (2025, 11, 29), (2025, 12, 29), (2026, 1, 29),
        (2026, 2, 28), (2026, 3, 29),
    ];
    assert_boundaries(&cycle, &expected);
}

#[test]
fn b3_yearly_feb_29_anchor_clamps_in_common_years() {
    let cycle = BillingCycle::new(utc(2024, 2, 29), BillingInterval::Yearly);
    let expected = [
        (2024, 2, 29),
        (2025, 2, 28),
        (2026, 2, 28),
        (2027, 2, 28),
        (2028, 2, 29),
    ];
    assert_boundaries(&cycle, &expected);
}

#[test]
fn b3_period_containing_any_instant_including_before_the_anchor() {
    let anchor = Utc.with_ymd_and_hms(2024, 1, 31, 9, 30, 0).unwrap();
    let cycle = BillingCycle::new(anchor, BillingInterval::Monthly);
    let feb = period(
        Utc.with_ymd_and_hms(2024, 2, 29, 9, 30, 0).unwrap(),
        Utc.with_ymd_and_hms(2024, 3, 31, 9, 30, 0).unwrap(),
    );
    // Exactly at a boundary: the period starting there (half-open).
    assert_eq!(cycle.period_containing(feb.start()).unwrap(), feb);
    assert_eq!(
        cycle
            .period_containing(Utc.with_ymd_and_hms(2024, 3, 31, 9, 29, 59).unwrap())
            .unwrap(),
        feb
    );
    assert_eq!(cycle.index_containing(feb.end()).unwrap(), 2);
    // Before the anchor: Dec 31 09:30 – Jan 31 09:30, index −1.
    let before = Utc.with_ymd_and_hms(2024, 1, 15, 0, 0, 0).unwrap();
    assert_eq!(cycle.index_containing(before).unwrap(), -1);
    assert_eq!(
        cycle.period_containing(before).unwrap().start(),
        Utc.with_ymd_and_hms(2023, 12, 31, 9, 30, 0).unwrap()
    );
    // Far out of range: a typed error, not a panic.
    assert!(matches!(
        cycle.period(i64::MAX),
        Err(PeriodError::OutOfRange { .. })
    ));
}

#[test]
fn b3_periods_are_half_open() {
    let p = period(utc(2024, 4, 1), utc(2024, 5, 1));
    assert!(p.contains(utc(2024, 4, 1)));
    assert!(!p.contains(utc(2024, 5, 1)));
    assert_eq!(p.length_seconds(), 30 * 86_400);
    assert!(matches!(
        BillingPeriod::new(utc(2024, 5, 1), utc(2024, 5, 1)),
        Err(PeriodError::Empty { .. })
    ));
}

// ---------------------------------------------------------------- B-4, B-5: seats

#[test]
fn b4_every_member_and_pending_invite_occupies_a_seat_by_default() {
    let plan = Plan::startup();
    assert_eq!(
        plan.seats_needed(&SeatUsage::of_members(2).with_pending_member_invites(2))
            .unwrap()
            .needed(),
        4
    );
    let no_reserve = plan
        .to_builder()
        .invites_reserve_seats(false)
        .build()
        .unwrap();
    assert_eq!(
        no_reserve
            .seats_needed(&SeatUsage::of_members(2).with_pending_member_invites(2))
            .unwrap()
            .needed(),
        2
    );
}

#[test]
fn b4_paid_seats_are_max_of_included_and_needed() {
    let plan = Plan::business();
    let cases = [(0, 5), (1, 5), (5, 5), (6, 6), (12, 12)];
    for (n, paid) in cases {
        assert_eq!(
            plan.seats_needed(&members(n)).unwrap().paid(),
            paid,
            "{n} members"
        );
    }
}

#[test]
fn b4_hard_limit_names_the_limit_and_the_upgrade() {
    let capped = Plan::business()
        .to_builder()
        .seat_limit(5, Some(PlanId::new("enterprise").unwrap()))
        .build()
        .unwrap();
    assert!(capped.seats_needed(&members(5)).is_ok());
    let err = capped
        .seats_needed(&SeatUsage::of_members(5).with_pending_member_invites(1))
        .unwrap_err();
    assert_eq!(
        err,
        BillingError::SeatLimitExceeded {
            plan: PlanId::new("business").unwrap(),
            limit: 5,
            needed: 6,
            upgrade_to: Some(PlanId::new("enterprise").unwrap()),
        }
    );
    assert_eq!(
        err.to_string(),
        "plan `business` allows at most 5 seats, 6 needed; upgrade to plan `enterprise` for more seats"
    );
    // The same refusal through a subscription leaves the subscription as it was.
    let (sub, _) = Subscription::start(capped, utc(2024, 4, 1), &members(5)).unwrap();
    let before = sub.clone();
    assert!(sub.quote_seats(&members(6), utc(2024, 4, 10)).is_err());
    assert_eq!(sub, before);
}

#[test]
fn b5_removed_members_seat_is_reused_by_the_next_invite_at_no_charge_and_gone_at_renewal() {
    // Business, 6 members, 6 paid seats for April 2024.
    let (sub, _) = Subscription::start(Plan::business(), utc(2024, 4, 1), &members(6)).unwrap();
    assert_eq!(sub.paid_seats(), 6);
    // A member is removed on April 5: the seat stays paid.
    let removed = sub.quote_seats(&members(5), utc(2024, 4, 5)).unwrap();
    assert!(removed.quote().lines().is_empty());
    assert_eq!(removed.quote().total(), usd(0));
    let sub = removed.into_subscription();
    assert_eq!(sub.paid_seats(), 6);
    assert_eq!(sub.free_seats(&members(5)).unwrap(), 1);
    // The next invite (a pending invitation reserves a seat) reuses it at no charge.
    let invited = sub
        .quote_seats(
            &SeatUsage::of_members(5).with_pending_member_invites(1),
            utc(2024, 4, 12),
        )
        .unwrap();
    assert_eq!(invited.seats_bought(), 0);
    assert_eq!(invited.quote().total(), usd(0));
    assert!(!invited.quote().requires_confirmation());
    let sub = invited.into_subscription();
    // The invitation is withdrawn; at renewal only the 5 members count: no extra seat.
    let renewal = sub.renew(&members(5)).unwrap();
    assert_eq!(renewal.subscription().paid_seats(), 5);
    assert_eq!(
        renewal.invoice().period(),
        period(utc(2024, 5, 1), utc(2024, 6, 1))
    );
    assert!(renewal
        .invoice()
        .lines()
        .iter()
        .all(|l| l.kind() != LineKind::ExtraSeats));
    assert_eq!(renewal.invoice().total(), usd(19_900));
}

#[test]
fn b5_paid_seats_never_fall_within_a_period() {
    let (mut sub, _) = Subscription::start(Plan::startup(), utc(2024, 4, 1), &members(4)).unwrap();
    for (day, n) in [(2, 3), (3, 1), (4, 2), (5, 4), (6, 1)] {
        sub = sub
            .quote_seats(&members(n), utc(2024, 4, day))
            .unwrap()
            .into_subscription();
        assert_eq!(sub.paid_seats(), 4);
    }
    // Needing a 5th seat buys exactly one.
    let change = sub.quote_seats(&members(5), utc(2024, 4, 6)).unwrap();
    assert_eq!(change.seats_bought(), 1);
}

// ---------------------------------------------------------------- B-6, B-7, B-10: guests

#[test]
fn b6_one_seat_allows_5_guests_two_7_three_9() {
    let ratio = Plan::deal_space().guest_ratio().unwrap();
    assert_eq!(ratio, GuestRatio::new(5, 2));
    let cases = [(0, 0), (1, 5), (2, 7), (3, 9), (10, 23)];
    for (seats, guests) in cases {
        assert_eq!(ratio.allowance(seats), guests, "{seats} seats");
    }
}

#[test]
fn b6_tenth_guest_on_3_seats_needs_one_more_paid_seat() {
    let plan = Plan::deal_space();
    let nine = plan
        .seats_needed(&SeatUsage::of_members(3).with_accepted_guests(9))
        .unwrap();
    assert_eq!(nine.paid(), 3);
    let ten = plan
        .seats_needed(&SeatUsage::of_members(3).with_accepted_guests(10))
        .unwrap();
    assert_eq!(
        (ten.guest_seats(), ten.paid(), ten.extra_seats_for_guests()),
        (4, 4, 1)
    );
    // Charged for that period: 12.00 × 10 / 30 days = 4.00.
    let (sub, _) = Subscription::start(
        plan,
        utc(2024, 4, 1),
        &SeatUsage::of_members(3).with_accepted_guests(9),
    )
    .unwrap();
    let change = sub
        .quote_seats(
            &SeatUsage::of_members(3).with_accepted_guests(10),
            utc(2024, 4, 21),
        )
        .unwrap();
    assert_eq!(change.seats_bought(), 1);
    assert_eq!(change.quote().total(), usd(400));
}

#[test]
fn b6_guests_need_no_seats_on_a_plan_without_ratio() {
    let need = Plan::startup()
        .seats_needed(&SeatUsage::of_members(1).with_accepted_guests(1_000))
        .unwrap();
    assert_eq!(need.paid(), 1);
    let status = Plan::startup().guest_status(1, 1_000);
    assert_eq!(status.allowance(), None);
    assert!(!status.is_over() && !status.is_at_limit());
}

#[test]
fn b6_a_ratio_without_per_seat_guests_refuses_beyond_first() {
    let plan = Plan::deal_space()
        .to_builder()
        .guest_ratio(GuestRatio::new(3, 0))
        .build()
        .unwrap();
    let err = plan
        .seats_needed(&SeatUsage::of_members(1).with_accepted_guests(4))
        .unwrap_err();
    assert!(matches!(
        err,
        BillingError::GuestLimitExceeded {
            guests: 4,
            max_guests: 3,
            ..
        }
    ));
}

#[test]
fn b7_invited_guest_counts_only_on_acceptance() {
    let (sub, _) = Subscription::start(
        Plan::deal_space(),
        utc(2024, 4, 1),
        &SeatUsage::of_members(3).with_accepted_guests(9),
    )
    .unwrap();
    // The 10th guest is invited: the accepted count is still 9, nothing is charged.
    let invited = sub
        .quote_seats(
            &SeatUsage::of_members(3).with_accepted_guests(9),
            utc(2024, 4, 11),
        )
        .unwrap();
    assert_eq!(invited.quote().total(), usd(0));
    let sub = invited.into_subscription();
    // They accept on April 21: one seat, 12.00 × 10/30 = 4.00.
    let accepted = sub
        .quote_seats(
            &SeatUsage::of_members(3).with_accepted_guests(10),
            utc(2024, 4, 21),
        )
        .unwrap();
    assert_eq!(accepted.quote().total(), usd(400));
}

#[test]
fn b10_guest_status_used_allowance_warn_over() {
    let plan = Plan::deal_space();
    let under = plan.guest_status(1, 4);
    assert_eq!(
        (under.used(), under.allowance(), under.remaining()),
        (4, Some(5), Some(1))
    );
    assert!(!under.is_at_limit() && !under.is_over());
    assert_eq!(under.extra_seats_for_next_guest(), 0);
    let at = plan.guest_status(1, 5);
    assert!(at.is_at_limit() && !at.is_over());
    assert_eq!(at.extra_seats_for_next_guest(), 1);
    let over = plan.guest_status(1, 6);
    assert!(over.is_over() && !over.is_at_limit());
    let three_seats = plan.guest_status(3, 9);
    assert!(three_seats.is_at_limit());
    assert_eq!(three_seats.allowance(), Some(9));
}

// ---------------------------------------------------------------- B-8: proration

#[test]
fn b8_proration_in_28_29_30_31_day_months() {
    let price = usd(4_900);
    let cases = [
        // Feb 2023, 28 days, 14 left: 4900 × 14/28 = 2450
        (
            period(utc(2023, 2, 1), utc(2023, 3, 1)),
            utc(2023, 2, 15),
            2_450,
        ),
        // Feb 2024 (leap), 29 days, 15 left: 4900 × 15/29 = 2534.48 → 2534
        (
            period(utc(2024, 2, 1), utc(2024, 3, 1)),
            utc(2024, 2, 15),
            2_534,
        ),
        // April 2024, 30 days, 10 left: 4900 × 10/30 = 1633.33 → 1633
        (
            period(utc(2024, 4, 1), utc(2024, 5, 1)),
            utc(2024, 4, 21),
            1_633,
        ),
        // May 2024, 31 days, 16 left: 4900 × 16/31 = 2529.03 → 2529
        (
            period(utc(2024, 5, 1), utc(2024, 6, 1)),
            utc(2024, 5, 16),
            2_529,
        ),
        // May 2024, 31 days, 1 left: 4900 / 31 = 158.06 → 158
        (
            period(utc(2024, 5, 1), utc(2024, 6, 1)),
            utc(2024, 5, 31),
            158,
        ),
        // The whole period is the whole price.
        (
            period(utc(2024, 5, 1), utc(2024, 6, 1)),
            utc(2024, 5, 1),
            4_900,
        ),
    ];
    for (p, at, expected) in cases {
        assert_eq!(
            prorate(price, &p, at).unwrap().minor_units(),
            expected,
            "{p} from {at}"
        );
    }
}

#[test]
fn b8_proration_over_a_leap_year_and_a_common_year() {
    let price = usd(49_000);
    // 2024 has 366 days; Dec 1 leaves 31: 49000 × 31/366 = 4150.27 → 4150
    let leap = BillingCycle::new(utc(2024, 1, 1), BillingInterval::Yearly)
        .period(0)
        .unwrap();
    assert_eq!(leap.length_seconds(), 366 * 86_400);
    assert_eq!(
        prorate(price, &leap, utc(2024, 12, 1))
            .unwrap()
            .minor_units(),
        4_150
    );
    // 2023 has 365 days: 49000 × 31/365 = 4161.64 → 4162
    let common = BillingCycle::new(utc(2023, 1, 1), BillingInterval::Yearly)
        .period(0)
        .unwrap();
    assert_eq!(
        prorate(price, &common, utc(2023, 12, 1))
            .unwrap()
            .minor_units(),
        4_162
    );
}

#[test]
fn b8_rounds_half_away_from_zero_in_seconds() {
    let feb = period(utc(2023, 2, 1), utc(2023, 3, 1));
    // 5 × 14/28 = 2.5 → 3 and −2.5 → −3
    assert_eq!(prorate(usd(5), &feb, utc(2023, 2, 15)).unwrap(), usd(3));
    assert_eq!(prorate(usd(-5), &feb, utc(2023, 2, 15)).unwrap(), usd(-3));
    // One second of 28 days: 4900 / 2419200 → 0
    let last_second = Utc.with_ymd_and_hms(2023, 2, 28, 23, 59, 59).unwrap();
    assert_eq!(prorate(usd(4_900), &feb, last_second).unwrap(), usd(0));
    // Half a day of 28: 2419200 × 43200/2419200 = 43200 exactly.
    let half_day_in = Utc.with_ymd_and_hms(2023, 2, 28, 12, 0, 0).unwrap();
    assert_eq!(
        prorate(usd(2_419_200), &feb, half_day_in).unwrap(),
        usd(43_200)
    );
}

#[test]
fn b8_nonsense_is_an_error_not_a_panic() {
    let april = period(utc(2024, 4, 1), utc(2024, 5, 1));
    assert!(matches!(
        prorate(usd(100), &april, utc(2024, 5, 1)),
        Err(BillingError::Period(
            PeriodError::InstantOutsidePeriod { .. }
        ))
    ));
    assert!(prorate(usd(100), &april, utc(2024, 3, 31)).is_err());
    assert!(matches!(
        prorate_span(usd(100), &april, utc(2024, 4, 20), utc(2024, 4, 10)),
        Err(BillingError::Period(PeriodError::Backwards { .. }))
    ));
    assert!(prorate_span(usd(100), &april, utc(2024, 4, 20), utc(2024, 5, 2)).is_err());
    assert_eq!(
        prorate(usd(i64::MAX), &april, utc(2024, 4, 1)).unwrap(),
        usd(i64::MAX)
    );
    assert_eq!(
        prorate(usd(i64::MIN), &april, utc(2024, 4, 1)).unwrap(),
        usd(i64::MIN)
    );
    let sub_second = period(
        utc(2024, 4, 1),
        utc(2024, 4, 1) + chrono::Duration::milliseconds(10),
    );
    assert!(prorate(usd(100), &sub_second, utc(2024, 4, 1)).is_err());
}

// ---------------------------------------------------------------- B-9: quotes

#[test]
fn b9_preview_equals_charge() {
    let (sub, _) = Subscription::start(Plan::business(), utc(2024, 4, 1), &members(5)).unwrap();
    let first = sub.quote_seats(&members(8), utc(2024, 4, 9)).unwrap();
    let second = sub.quote_seats(&members(8), utc(2024, 4, 9)).unwrap();
    assert_eq!(first, second);
    // 3 seats × (45.00 × 22/30 = 33.00) = 99.00
    assert_eq!(first.quote().total(), usd(9_900));
    let added = first.quote().line(LineKind::ProratedSeats).unwrap();
    assert_eq!(added.quantity(), 3);
    assert_eq!(added.unit_amount(), usd(3_300));
    assert!(first.quote().requires_confirmation());
    assert_consistent(first.quote());
    // Enterprise for 6 members (6 × 39.00 = 234.00) costs more than Business's 199.00 (B-11).
    let up1 = sub
        .quote_upgrade(
            Plan::enterprise(),
            &members(6),
            PlanFeatures::TEAMS,
            utc(2024, 4, 9),
        )
        .unwrap();
    let up2 = sub
        .quote_upgrade(
            Plan::enterprise(),
            &members(6),
            PlanFeatures::TEAMS,
            utc(2024, 4, 9),
        )
        .unwrap();
    assert_eq!(up1, up2);
}

#[test]
fn b9_quote_total_is_the_sum_of_its_lines() {
    let (sub, _) = Subscription::start(Plan::startup(), utc(2024, 4, 1), &members(2)).unwrap();
    let upgrade = sub
        .quote_upgrade(
            Plan::business(),
            &members(2),
            PlanFeatures::empty(),
            utc(2024, 4, 11),
        )
        .unwrap();
    assert_eq!(upgrade.quote().lines().len(), 2);
    assert_consistent(upgrade.quote());
    assert!(Quote::new(
        Currency::EUR,
        utc(2024, 4, 1),
        upgrade.quote().lines().to_vec()
    )
    .is_err());
}

#[test]
fn b9_seat_changes_outside_the_current_period_are_refused() {
    let (sub, _) = Subscription::start(Plan::business(), utc(2024, 4, 1), &members(5)).unwrap();
    let err = sub.quote_seats(&members(6), utc(2024, 5, 1)).unwrap_err();
    assert!(matches!(
        err,
        BillingError::Period(PeriodError::InstantOutsidePeriod { .. })
    ));
}

// ---------------------------------------------------------------- B-11: plan changes

#[test]
fn b11_upgrade_credits_unused_old_plan_and_charges_new_plan_for_the_rest() {
    // Startup with 3 members (147.00 a month); April 2024; upgrade on April 11, 20 of 30 days left.
    let (sub, _) = Subscription::start(Plan::startup(), utc(2024, 4, 1), &members(3)).unwrap();
    let change = sub
        .quote_upgrade(
            Plan::business(),
            &members(3),
            PlanFeatures::TEAMS,
            utc(2024, 4, 11),
        )
        .unwrap();
    let lines = change.quote().lines();
    assert_eq!(lines[0].kind(), LineKind::UnusedTimeCredit);
    // −14700 × 20/30 = −9800
    assert_eq!(lines[0].amount(), usd(-9_800));
    assert_eq!(lines[1].kind(), LineKind::RemainingTimeCharge);
    // 19900 × 20/30 = 13266.67 → 13267
    assert_eq!(lines[1].amount(), usd(13_267));
    assert_eq!(change.quote().total(), usd(3_467));
    assert_eq!(lines[1].period(), period(utc(2024, 4, 11), utc(2024, 5, 1)));
    let new = change.subscription();
    assert_eq!(new.plan().id().as_str(), "business");
    assert_eq!(new.period(), period(utc(2024, 4, 1), utc(2024, 5, 1)));
    assert_eq!(new.paid_seats(), 5);
}

#[test]
fn b11_second_upgrade_credits_full_price_of_plan_in_force_not_last_charge() {
    let (sub, _) = Subscription::start(Plan::startup(), utc(2024, 4, 1), &members(3)).unwrap();
    let sub = sub
        .quote_upgrade(
            Plan::business(),
            &members(3),
            PlanFeatures::empty(),
            utc(2024, 4, 11),
        )
        .unwrap()
        .into_subscription();
    // Three more members by April 21; Enterprise for 6 (234.00) costs more than Business's
    // 199.00, so it is an upgrade (B-11).
    let change = sub
        .quote_upgrade(
            Plan::enterprise(),
            &members(6),
            PlanFeatures::empty(),
            utc(2024, 4, 21),
        )
        .unwrap();
    // Credit from Business's full 199.00 over the whole 30-day April, 10 days left:
    // −19900 × 10/30 = −6633.33 → −6633. (From the last net charge, 34.67, it would be about
    // −17.34; over the 20 days since the upgrade it would be −99.50.)
    assert_eq!(change.quote().credit(), usd(-6_633));
    // Enterprise 6 seats × 39.00 = 234.00 × 10/30 = 78.00
    assert_eq!(change.quote().charge(), usd(7_800));
    assert_eq!(change.quote().total(), usd(1_167));
    assert!(change.quote().requires_confirmation());
}

#[test]
fn b11_subscription_begun_mid_period_by_upgrade_prorates_over_whole_period() {
    // Startup for 3 (147.00) upgraded to Business for 5 (199.00) on April 11.
    let (sub, _) = Subscription::start(Plan::startup(), utc(2024, 4, 1), &members(3)).unwrap();
    let sub = sub
        .quote_upgrade(
            Plan::business(),
            &members(5),
            PlanFeatures::empty(),
            utc(2024, 4, 11),
        )
        .unwrap()
        .into_subscription();
    // The 6th member on April 21: 45.00 × 10/30 = 15.00 (not × 10/20 = 22.50).
    let change = sub.quote_seats(&members(6), utc(2024, 4, 21)).unwrap();
    assert_eq!(change.quote().total(), usd(1_500));
}

#[test]
fn b11_upgrade_credit_includes_paid_extra_seats() {
    // Business with 7 paid seats (2 extra); 2 members leave, the seats stay paid (B-5).
    let (sub, _) = Subscription::start(Plan::business(), utc(2024, 4, 1), &members(7)).unwrap();
    let sub = sub
        .quote_seats(&members(5), utc(2024, 4, 5))
        .unwrap()
        .into_subscription();
    // Three members join as it upgrades: Enterprise for 8 (312.00) costs more than the
    // 289.00 paid now, so it is an upgrade (B-11).
    let change = sub
        .quote_upgrade(
            Plan::enterprise(),
            &members(8),
            PlanFeatures::empty(),
            utc(2024, 4, 16),
        )
        .unwrap();
    // Full Business price: 199.00 + 2 × 45.00 = 289.00; × 15/30 = 144.50 credit.
    assert_eq!(change.quote().credit(), usd(-14_450));
    // Enterprise for the 8 members needed: 8 × 39.00 = 312.00 × 15/30 = 156.00.
    assert_eq!(change.quote().charge(), usd(15_600));
}

#[test]
fn b11_upgrade_to_another_interval_restarts_the_cycle() {
    let yearly = Plan::business()
        .to_builder()
        .interval(BillingInterval::Yearly)
        .base_price(usd(199_000))
        .build()
        .unwrap();
    let (sub, _) = Subscription::start(Plan::business(), utc(2024, 4, 1), &members(5)).unwrap();
    let change = sub
        .quote_upgrade(yearly, &members(5), PlanFeatures::empty(), utc(2024, 4, 16))
        .unwrap();
    // Credit 19900 × 15/30 = 9950; charge a full year from April 16.
    assert_eq!(change.quote().credit(), usd(-9_950));
    assert_eq!(change.quote().charge(), usd(199_000));
    assert_eq!(
        change.subscription().period(),
        period(utc(2024, 4, 16), utc(2025, 4, 16))
    );
}

#[test]
fn b11_downgrade_takes_effect_at_period_end() {
    let (sub, _) = Subscription::start(Plan::business(), utc(2024, 4, 1), &members(2)).unwrap();
    let scheduled = sub
        .schedule_downgrade(Plan::startup(), &members(2), PlanFeatures::empty())
        .unwrap();
    // Nothing changes now.
    assert_eq!(scheduled.plan().id().as_str(), "business");
    assert_eq!(scheduled.scheduled_plan().unwrap().id().as_str(), "startup");
    assert_eq!(scheduled.paid_seats(), 5);
    // At renewal Startup takes over: 49.00 + 1 extra seat × 49.00 = 98.00.
    let renewal = scheduled.renew(&members(2)).unwrap();
    assert_eq!(renewal.subscription().plan().id().as_str(), "startup");
    assert_eq!(renewal.invoice().total(), usd(9_800));
    assert_eq!(
        renewal.invoice().period(),
        period(utc(2024, 5, 1), utc(2024, 6, 1))
    );
    assert!(scheduled
        .cancel_scheduled_change()
        .scheduled_plan()
        .is_none());
}

#[test]
fn b11_downgrade_refused_for_hard_limit_and_features_in_use() {
    // Startup has teams (SS-1); this host's variant of it has neither teams nor custom roles.
    let small = Plan::startup()
        .to_builder()
        .seat_limit(3, Some(PlanId::new("business").unwrap()))
        .features(PlanFeatures::empty())
        .build()
        .unwrap();
    let (sub, _) = Subscription::start(Plan::business(), utc(2024, 4, 1), &members(4)).unwrap();
    let before = sub.clone();
    let err = sub
        .schedule_downgrade(
            small,
            &members(4),
            PlanFeatures::CUSTOM_ROLES | PlanFeatures::TEAMS,
        )
        .unwrap_err();
    let BillingError::PlanChangeRefused { from, to, blockers } = &err else {
        panic!("expected a refusal, got {err:?}");
    };
    assert_eq!((from.as_str(), to.as_str()), ("business", "startup"));
    assert_eq!(
        blockers,
        &vec![
            PlanChangeBlocker::SeatLimit {
                limit: 3,
                needed: 4
            },
            PlanChangeBlocker::MissingFeatures {
                features: PlanFeatures::CUSTOM_ROLES | PlanFeatures::TEAMS
            },
        ]
    );
    assert_eq!(
        err.to_string(),
        "cannot change from plan `business` to plan `startup`: 4 seats needed but the plan allows \
         at most 3; features in use are not in the plan: `custom_roles`, `teams`"
    );
    assert_eq!(sub, before);
}

#[test]
fn b11_upgrade_refused_across_currencies() {
    let euro = Plan::builder(PlanId::new("euro").unwrap(), "Euro", Currency::EUR)
        .build()
        .unwrap();
    let (sub, _) = Subscription::start(Plan::startup(), utc(2024, 4, 1), &members(1)).unwrap();
    let err = sub
        .quote_upgrade(euro, &members(1), PlanFeatures::empty(), utc(2024, 4, 2))
        .unwrap_err();
    assert!(matches!(
        err,
        BillingError::PlanChangeRefused { ref blockers, .. }
            if blockers == &vec![PlanChangeBlocker::Currency { from: Currency::USD, to: Currency::EUR }]
    ));
}

// ---------------------------------------------------------------- B-12: renewal invoice

#[test]
fn b12_renewal_invoice_has_plan_price_and_extra_seats_from_current_use() {
    // Startup, Jan 31 anchor: 2 members, then 4 members (2 seats bought), then 1 leaves.
    let (sub, _) = Subscription::start(Plan::startup(), utc(2024, 1, 31), &members(2)).unwrap();
    let sub = sub
        .quote_seats(&members(4), utc(2024, 2, 10))
        .unwrap()
        .into_subscription();
    let sub = sub
        .quote_seats(&members(3), utc(2024, 2, 20))
        .unwrap()
        .into_subscription();
    assert_eq!(sub.paid_seats(), 4);
    let renewal = sub.renew(&members(3)).unwrap();
    let invoice: &Invoice = renewal.invoice();
    // The next period after [Jan 31, Feb 29) is [Feb 29, Mar 31).
    assert_eq!(invoice.period(), period(utc(2024, 2, 29), utc(2024, 3, 31)));
    let kinds: Vec<_> = invoice
        .lines()
        .iter()
        .map(|l| (l.kind(), l.quantity(), l.unit_amount()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (LineKind::PlanPrice, 1, usd(4_900)),
            (LineKind::ExtraSeats, 2, usd(4_900))
        ]
    );
    // 49.00 + 2 × 49.00 = 147.00: nothing for the seat freed in February.
    assert_eq!(invoice.total(), usd(14_700));
    assert_eq!(renewal.subscription().paid_seats(), 3);
}

#[test]
fn b12_per_seat_plan_invoice_counts_every_paid_seat() {
    let (sub, _) = Subscription::start(Plan::enterprise(), utc(2024, 4, 1), &members(12)).unwrap();
    let renewal = sub.renew(&members(10)).unwrap();
    // 10 × 39.00 = 390.00
    assert_eq!(renewal.invoice().total(), usd(39_000));
    assert_eq!(renewal.invoice().lines()[0].kind(), LineKind::Seats);
}

#[test]
fn b12_renewal_refused_if_the_next_plan_cannot_hold_the_workspace() {
    let capped = Plan::startup()
        .to_builder()
        .seat_limit(3, None)
        .build()
        .unwrap();
    let (sub, _) = Subscription::start(Plan::business(), utc(2024, 4, 1), &members(3)).unwrap();
    let scheduled = sub
        .schedule_downgrade(capped, &members(3), PlanFeatures::empty())
        .unwrap();
    assert!(matches!(
        scheduled.renew(&members(4)),
        Err(BillingError::SeatLimitExceeded { .. })
    ));
}

// ---------------------------------------------------------------- U-5: storage

#[cfg(feature = "serde")]
mod serde_round_trips {
    use super::*;

    #[test]
    fn plans_money_quotes_and_subscriptions_round_trip() {
        for plan in [
            Plan::startup(),
            Plan::business(),
            Plan::enterprise(),
            Plan::deal_space(),
        ] {
            let json = serde_json::to_string(&plan).unwrap();
            assert_eq!(serde_json::from_str::<Plan>(&json).unwrap(), plan);
        }
        let (sub, invoice) =
            Subscription::start(Plan::business(), utc(2024, 4, 1), &members(5)).unwrap();
        let change = sub.quote_seats(&members(7), utc(2024, 4, 10)).unwrap();
        let json = serde_json::to_string(&change).unwrap();
        assert_eq!(
            serde_json::from_str::<seatwise::SeatChange>(&json).unwrap(),
            change
        );
        let json = serde_json::to_string(&invoice).unwrap();
        assert_eq!(serde_json::from_str::<Invoice>(&json).unwrap(), invoice);
        let toml_text = toml::to_string(&Plan::deal_space()).unwrap();
        assert_eq!(
            toml::from_str::<Plan>(&toml_text).unwrap(),
            Plan::deal_space()
        );
    }

    #[test]
    fn stored_values_are_validated_on_read() {
        assert!(serde_json::from_str::<Currency>(r#"{"code":"usd","exponent":2}"#).is_err());
        assert!(serde_json::from_str::<PlanId>(r#""Not Valid""#).is_err());
        let (sub, _) = Subscription::start(Plan::business(), utc(2024, 4, 1), &members(5)).unwrap();
        let quote = sub
            .quote_seats(&members(7), utc(2024, 4, 10))
            .unwrap()
            .quote()
            .clone();
        let mut value = serde_json::to_value(&quote).unwrap();
        value["total"]["minor"] = serde_json::json!(1);
        assert!(
            serde_json::from_value::<Quote>(value).is_err(),
            "a tampered total is refused"
        );
        let mut value = serde_json::to_value(&quote).unwrap();
        value["lines"][0]["amount"]["minor"] = serde_json::json!(1);
        assert!(
            serde_json::from_value::<Quote>(value).is_err(),
            "a tampered line is refused"
        );
        let stored = serde_json::to_value(&sub).unwrap();
        assert_eq!(
            serde_json::from_value::<Subscription>(stored.clone()).unwrap(),
            sub
        );
        let mut fewer = stored.clone();
        fewer["ledger"]["paid_seats"] = serde_json::json!(4);
        assert!(
            serde_json::from_value::<Subscription>(fewer).is_err(),
            "below the included seats"
        );
        let mut shifted = stored;
        shifted["ledger"]["period"]["start"] = serde_json::json!("2024-04-02T00:00:00Z");
        assert!(
            serde_json::from_value::<Subscription>(shifted).is_err(),
            "not a period of the cycle"
        );
        let bad_plan = serde_json::to_value(Plan::startup()).unwrap();
        let mut bad_plan = bad_plan;
        bad_plan["pricing"]["base"]["minor"] = serde_json::json!(-1);
        assert!(serde_json::from_value::<Plan>(bad_plan).is_err());
    }
}

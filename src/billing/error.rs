//! Errors of the billing operations, one enum per operation family.

use chrono::{DateTime, Utc};

use super::money::{Currency, Money};
use super::period::{BillingInterval, BillingPeriod};
use super::plan::PlanId;
use crate::PlanFeatures;

/// An error of money arithmetic or of building a currency (B-2).
///
/// # Examples
///
/// ```
/// use seatwise::{Currency, Money, MoneyError};
/// let dollars = Money::from_minor(100, Currency::USD);
/// let euros = Money::from_minor(100, Currency::EUR);
/// assert!(matches!(
///     dollars.checked_add(euros),
///     Err(MoneyError::CurrencyMismatch { .. })
/// ));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// Two amounts in different currencies met in one operation.
    #[error("amounts in `{left}` and `{right}` cannot be mixed")]
    CurrencyMismatch {
        /// The currency of the left operand.
        left: Currency,
        /// The currency of the right operand.
        right: Currency,
    },
    /// The exact result does not fit in the amount type.
    #[error("amount overflow in {operation}")]
    Overflow {
        /// The operation that overflowed, such as `addition`.
        operation: &'static str,
    },
    /// A currency code is not three ASCII capital letters.
    #[error("currency code `{code}` is not three ascii capital letters")]
    InvalidCurrencyCode {
        /// The code as given.
        code: String,
    },
    /// A currency exponent is larger than supported.
    #[error("currency exponent {exponent} is above the maximum of {max}")]
    InvalidExponent {
        /// The exponent as given.
        exponent: u8,
        /// The largest supported exponent.
        max: u8,
    },
}

/// An error of billing-period arithmetic (B-3).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PeriodError {
    /// A period boundary falls outside the dates that can be represented.
    #[error("billing period {index} from anchor {anchor} is outside the supported date range")]
    OutOfRange {
        /// The anchor of the billing cycle.
        anchor: DateTime<Utc>,
        /// The index of the period, counted from the anchor (negative before it).
        index: i64,
    },
    /// A period whose start is not before its end.
    #[error("period start {start} is not before its end {end}")]
    Empty {
        /// The start given.
        start: DateTime<Utc>,
        /// The end given.
        end: DateTime<Utc>,
    },
    /// An instant that must lie inside a period does not.
    #[error("instant {instant} is outside the billing period {period}")]
    InstantOutsidePeriod {
        /// The instant given.
        instant: DateTime<Utc>,
        /// The period it should be in.
        period: BillingPeriod,
    },
    /// An interval name other than `monthly` or `yearly`.
    #[error("unknown billing interval `{text}`: expected `monthly` or `yearly`")]
    UnknownInterval {
        /// The text given.
        text: String,
    },
    /// A span whose end comes before its start.
    #[error("span from {from} to {to} runs backwards")]
    Backwards {
        /// The start of the span.
        from: DateTime<Utc>,
        /// The end of the span.
        to: DateTime<Utc>,
    },
}

/// An error building a [`Plan`](super::Plan) (B-1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// A plan id that is empty, too long, or has characters other than `a-z`, `0-9`, `-`, `_`.
    #[error("plan id `{id}` must be 1 to 64 characters of a-z, 0-9, `-` or `_`")]
    InvalidId {
        /// The id as given.
        id: String,
    },
    /// A price in another currency than the plan's.
    #[error("the {price} of plan `{plan}` is in `{found}`, not the plan currency `{expected}`")]
    PriceCurrency {
        /// The plan.
        plan: PlanId,
        /// Which price: `base price`, `seat price` or `extra-seat price`.
        price: &'static str,
        /// The plan currency.
        expected: Currency,
        /// The price's currency.
        found: Currency,
    },
    /// A negative price.
    #[error("the {price} of plan `{plan}` is negative ({amount})")]
    NegativePrice {
        /// The plan.
        plan: PlanId,
        /// Which price: `base price`, `seat price` or `extra-seat price`.
        price: &'static str,
        /// The amount given.
        amount: Money,
    },
    /// A hard seat limit below the included seats, or zero.
    #[error(
        "plan `{plan}` has a seat limit of {limit}, below its {included} included seats or zero"
    )]
    LimitBelowIncluded {
        /// The plan.
        plan: PlanId,
        /// The hard limit given.
        limit: u32,
        /// The included seats.
        included: u32,
    },
}

/// Why a plan change cannot happen; a [`BillingError::PlanChangeRefused`] lists every reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub enum PlanChangeBlocker {
    /// The workspace needs more seats than the new plan's hard limit (B-4).
    SeatLimit {
        /// The new plan's hard limit.
        limit: u32,
        /// The seats the workspace needs.
        needed: u32,
    },
    /// The workspace uses features the new plan lacks (A-11).
    MissingFeatures {
        /// The features in use that the new plan does not include.
        features: PlanFeatures,
    },
    /// The workspace has more guests than the new plan can ever allow (B-6).
    GuestLimit {
        /// The accepted guests.
        guests: u32,
    },
    /// An immediate change between plans billed in different currencies.
    Currency {
        /// The current plan's currency.
        from: Currency,
        /// The new plan's currency.
        to: Currency,
    },
}

impl core::fmt::Display for PlanChangeBlocker {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::SeatLimit { limit, needed } => {
                write!(
                    f,
                    "{needed} seats needed but the plan allows at most {limit}"
                )
            }
            Self::MissingFeatures { features } => {
                f.write_str("features in use are not in the plan:")?;
                for (i, name) in features.names().enumerate() {
                    let sep = if i == 0 { " " } else { ", " };
                    write!(f, "{sep}`{name}`")?;
                }
                Ok(())
            }
            Self::GuestLimit { guests } => {
                write!(f, "the plan cannot allow {guests} guests")
            }
            Self::Currency { from, to } => {
                write!(f, "an immediate change cannot move from `{from}` to `{to}`")
            }
        }
    }
}

/// The "upgrade to …" hint of a seat-limit message.
fn upgrade_hint(upgrade_to: &Option<PlanId>) -> String {
    match upgrade_to {
        Some(plan) => format!("; upgrade to plan `{plan}` for more seats"),
        None => String::new(),
    }
}

/// Joins plan-change blockers for a message.
fn join_blockers(blockers: &[PlanChangeBlocker]) -> String {
    blockers
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// An error of seat arithmetic, quoting, plan changes or renewal (B-4 … B-12).
///
/// # Examples
///
/// ```
/// use seatwise::{BillingError, Currency, Money, Plan, PlanId, SeatUsage};
/// let plan = Plan::builder(PlanId::new("team")?, "Team", Currency::USD)
///     .base_price(Money::from_minor(9_900, Currency::USD))
///     .included_seats(5)
///     .seat_limit(5, Some(PlanId::new("scale")?))
///     .build()?;
/// let err = plan.seats_needed(&SeatUsage::of_members(6)).unwrap_err();
/// assert!(matches!(err, BillingError::SeatLimitExceeded { limit: 5, needed: 6, .. }));
/// assert_eq!(
///     err.to_string(),
///     "plan `team` allows at most 5 seats, 6 needed; upgrade to plan `scale` for more seats"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BillingError {
    /// Money arithmetic failed.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// Period arithmetic failed.
    #[error(transparent)]
    Period(#[from] PeriodError),
    /// The change needs more seats than the plan's hard limit (B-4).
    #[error(
        "plan `{plan}` allows at most {limit} seats, {needed} needed{}",
        upgrade_hint(.upgrade_to)
    )]
    SeatLimitExceeded {
        /// The plan whose limit is reached.
        plan: PlanId,
        /// The hard limit.
        limit: u32,
        /// The seats the change needs.
        needed: u32,
        /// The plan the host should suggest upgrading to, if the plan names one.
        upgrade_to: Option<PlanId>,
    },
    /// More guests than the plan's guest ratio can ever cover, whatever the seats (B-6).
    #[error("plan `{plan}` cannot allow {guests} guests: at most {max_guests} whatever the seats")]
    GuestLimitExceeded {
        /// The plan.
        plan: PlanId,
        /// The accepted guests.
        guests: u32,
        /// The most guests the plan can ever allow.
        max_guests: u64,
    },
    /// A seat or guest count does not fit the counters.
    #[error("seat count overflow")]
    SeatCountOverflow,
    /// Resuming a subscription with fewer paid seats than its plan bills: fewer than the
    /// included seats, or none (B-4). Nothing is raised silently: store the paid seats as they
    /// were billed.
    #[error("cannot resume plan `{plan}` with {paid} paid seats: it bills at least {min}")]
    PaidSeatsBelowMinimum {
        /// The plan.
        plan: PlanId,
        /// The paid seats given.
        paid: u32,
        /// The fewest paid seats the plan bills: its included seats, and at least one.
        min: u32,
    },
    /// A stored period that is not one period of the plan's billing interval (B-3).
    #[error("period {period} is not one {interval} billing period of plan `{plan}`")]
    PeriodNotOfPlan {
        /// The plan.
        plan: PlanId,
        /// The period given.
        period: BillingPeriod,
        /// The plan's interval.
        interval: BillingInterval,
    },
    /// A stored period that is not a period of the given billing cycle (B-3).
    #[error(
        "period {period} is not a period of the {interval} billing cycle anchored at {anchor}"
    )]
    PeriodNotOfCycle {
        /// The period given.
        period: BillingPeriod,
        /// The cycle's anchor.
        anchor: DateTime<Utc>,
        /// The cycle's interval.
        interval: BillingInterval,
    },
    /// A billing cycle whose interval is not its plan's (B-1, B-3).
    #[error("plan `{plan}` bills {plan_interval}, not {cycle_interval}")]
    IntervalMismatch {
        /// The plan.
        plan: PlanId,
        /// The plan's interval.
        plan_interval: BillingInterval,
        /// The cycle's interval.
        cycle_interval: BillingInterval,
    },
    /// An immediate change to a plan that costs less per period than the current one: it is a
    /// downgrade, which takes effect at the period end (B-11) — schedule it instead.
    #[error(
        "plan `{to}` costs {new_price} a period, less than the {current_price} of plan `{from}`: downgrade at the period end instead"
    )]
    NotAnUpgrade {
        /// The plan in force.
        from: PlanId,
        /// The plan asked for.
        to: PlanId,
        /// The price of the current period on the plan in force, for the seats paid now.
        current_price: Money,
        /// The price of a period on the new plan, for the seats the usage needs.
        new_price: Money,
    },
    /// A plan change is refused; every reason is listed (B-11).
    #[error("cannot change from plan `{from}` to plan `{to}`: {}", join_blockers(.blockers))]
    PlanChangeRefused {
        /// The plan in force.
        from: PlanId,
        /// The plan asked for.
        to: PlanId,
        /// Every reason the change is refused.
        blockers: Vec<PlanChangeBlocker>,
    },
}

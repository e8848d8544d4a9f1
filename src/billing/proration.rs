//! Proration of a period price over part of the period (B-8).
//!
//! `price × seconds / period seconds`, rounded to the minor unit half away from zero, in `i128`
//! integer arithmetic that cannot overflow for any `i64` amount and representable dates.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use seatwise::{prorate, BillingPeriod, Currency, Money};
//! // April has 30 days; 10 of them remain: 49.00 × 10 / 30 = 16.333… → 16.33.
//! let april = BillingPeriod::new(
//!     Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap(),
//!     Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap(),
//! )?;
//! let at = Utc.with_ymd_and_hms(2024, 4, 21, 0, 0, 0).unwrap();
//! assert_eq!(prorate(Money::from_minor(4_900, Currency::USD), &april, at)?.minor_units(), 1_633);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, Utc};

use super::error::{BillingError, MoneyError, PeriodError};
use super::money::Money;
use super::period::{seconds_between, BillingPeriod};

/// The part of `price` for the rest of `period` from `at`: `price × (end − at) / (end − start)`
/// in seconds, rounded half away from zero ([B-8](crate::rules#b-8-proration)).
///
/// # Errors
///
/// [`PeriodError::InstantOutsidePeriod`] unless `period` contains `at`; see also
/// [`prorate_span`].
///
/// # Examples
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use seatwise::{prorate, BillingPeriod, Currency, Money};
/// let april = BillingPeriod::new(
///     Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap(),
///     Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap(),
/// )?;
/// let seat = Money::from_minor(4_500, Currency::USD);
/// // B-8: 45.00 × 10 / 30 days = 15.00; at the start, the whole price.
/// assert_eq!(prorate(seat, &april, Utc.with_ymd_and_hms(2024, 4, 21, 0, 0, 0).unwrap())?.to_string(), "$15.00");
/// assert_eq!(prorate(seat, &april, april.start())?, seat);
/// assert!(prorate(seat, &april, april.end()).is_err()); // outside the period
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn prorate(
    price: Money,
    period: &BillingPeriod,
    at: DateTime<Utc>,
) -> Result<Money, BillingError> {
    if !period.contains(at) {
        return Err(PeriodError::InstantOutsidePeriod {
            instant: at,
            period: *period,
        }
        .into());
    }
    prorate_span(price, period, at, period.end())
}

/// The part of `price` for `[from, to)` within `period`: `price × (to − from) / (end − start)`
/// in seconds, rounded half away from zero ([B-8](crate::rules#b-8-proration)). Prorations of
/// consecutive spans add up to the full price within one minor unit per span
/// ([I-9](crate::rules#i-9-sums-add-up)).
///
/// # Errors
///
/// [`PeriodError::Backwards`] if `to < from`; [`PeriodError::InstantOutsidePeriod`] if `from`
/// or `to` is outside `[start, end]`; [`PeriodError::Empty`] for a period shorter than a second;
/// [`MoneyError::Overflow`] never in practice (the result is at most `price`).
///
/// # Examples
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use seatwise::{prorate_span, BillingPeriod, Currency, Money};
/// let feb = BillingPeriod::new(
///     Utc.with_ymd_and_hms(2023, 2, 1, 0, 0, 0).unwrap(),
///     Utc.with_ymd_and_hms(2023, 3, 1, 0, 0, 0).unwrap(),
/// )?;
/// let mid = Utc.with_ymd_and_hms(2023, 2, 15, 0, 0, 0).unwrap();
/// let price = Money::from_minor(1_000, Currency::USD);
/// // 14 of 28 days: exactly half.
/// assert_eq!(prorate_span(price, &feb, feb.start(), mid)?.minor_units(), 500);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn prorate_span(
    price: Money,
    period: &BillingPeriod,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Money, BillingError> {
    if to < from {
        return Err(PeriodError::Backwards { from, to }.into());
    }
    for instant in [from, to] {
        if instant < period.start() || instant > period.end() {
            return Err(PeriodError::InstantOutsidePeriod {
                instant,
                period: *period,
            }
            .into());
        }
    }
    let length = period.length_seconds();
    if length <= 0 {
        return Err(PeriodError::Empty {
            start: period.start(),
            end: period.end(),
        }
        .into());
    }
    let part = seconds_between(from, to);
    let minor = div_round_half_away(
        i128::from(price.minor_units())
            .checked_mul(i128::from(part))
            .ok_or(MoneyError::Overflow {
                operation: "proration",
            })?,
        i128::from(length),
    )
    .ok_or(MoneyError::Overflow {
        operation: "proration",
    })?;
    let minor = i64::try_from(minor).map_err(|_| MoneyError::Overflow {
        operation: "proration",
    })?;
    Ok(Money::from_minor(minor, price.currency()))
}

/// `n / d` rounded half away from zero, for `d > 0`; `None` on overflow or `d <= 0`.
fn div_round_half_away(n: i128, d: i128) -> Option<i128> {
    if d <= 0 {
        return None;
    }
    let quotient = n.checked_div(d)?;
    let remainder = n.checked_rem(d)?;
    let twice = remainder.checked_abs()?.checked_mul(2)?;
    if twice >= d {
        quotient.checked_add(n.signum())
    } else {
        Some(quotient)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b8_rounding_half_away_from_zero() {
        assert_eq!(div_round_half_away(5, 2), Some(3));
        assert_eq!(div_round_half_away(-5, 2), Some(-3));
        assert_eq!(div_round_half_away(4, 3), Some(1));
        assert_eq!(div_round_half_away(-4, 3), Some(-1));
        assert_eq!(div_round_half_away(5, 3), Some(2));
        assert_eq!(div_round_half_away(-5, 3), Some(-2));
        assert_eq!(div_round_half_away(0, 7), Some(0));
        assert_eq!(div_round_half_away(1, 0), None);
        assert_eq!(div_round_half_away(i128::MIN, 1), Some(i128::MIN));
    }
}

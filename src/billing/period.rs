//! Billing intervals, cycles anchored on an instant, and half-open billing periods (B-3).
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use seatwise::{BillingCycle, BillingInterval};
//! let anchor = Utc.with_ymd_and_hms(2024, 1, 31, 9, 0, 0).unwrap();
//! let cycle = BillingCycle::new(anchor, BillingInterval::Monthly);
//! let feb = cycle.period(1)?;
//! assert_eq!(feb.start(), Utc.with_ymd_and_hms(2024, 2, 29, 9, 0, 0).unwrap());
//! assert_eq!(feb.end(), Utc.with_ymd_and_hms(2024, 3, 31, 9, 0, 0).unwrap());
//! assert_eq!(cycle.next_period(&feb)?, cycle.period(2)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::error::PeriodError;

/// How often a plan bills (B-1).
///
/// One vocabulary names the interval: `"monthly"` and `"yearly"`, both in stored documents
/// (serde) and in [`Display`](fmt::Display), and parsed back by [`FromStr`](core::str::FromStr).
/// [`unit_name`](Self::unit_name) is not another name for the interval but the noun of one
/// period, `"month"` or `"year"`, for phrases such as "1 month" on an invoice line.
///
/// # Examples
///
/// ```
/// use seatwise::BillingInterval;
/// let monthly: BillingInterval = "monthly".parse()?;
/// assert_eq!(monthly, BillingInterval::Monthly);
/// assert_eq!(monthly.to_string(), "monthly");
/// assert_eq!(format!("1 {}", monthly.unit_name()), "1 month");
/// assert!("month".parse::<BillingInterval>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "snake_case")]
pub enum BillingInterval {
    /// Every month, on the anchor day (clamped to the month's last day).
    Monthly,
    /// Every year, on the anchor's month and day (Feb 29 clamps to Feb 28).
    Yearly,
}

impl BillingInterval {
    /// The interval length in calendar months: 1 or 12.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::BillingInterval;
    /// assert_eq!(BillingInterval::Monthly.months(), 1);
    /// assert_eq!(BillingInterval::Yearly.months(), 12);
    /// assert_eq!(BillingInterval::Yearly.name(), "yearly"); // as stored
    /// assert_eq!(BillingInterval::Yearly.unit_name(), "year"); // as in "1 year"
    /// ```
    pub const fn months(self) -> i64 {
        match self {
            Self::Monthly => 1,
            Self::Yearly => 12,
        }
    }

    /// The name of the interval as stored and displayed: `"monthly"` or `"yearly"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Monthly => "monthly",
            Self::Yearly => "yearly",
        }
    }

    /// The noun of one period, `"month"` or `"year"`, as in "1 month" (not a name of the
    /// interval: that is [`name`](Self::name)).
    pub const fn unit_name(self) -> &'static str {
        match self {
            Self::Monthly => "month",
            Self::Yearly => "year",
        }
    }
}

impl fmt::Display for BillingInterval {
    /// The interval's [`name`](BillingInterval::name), as stored.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl core::str::FromStr for BillingInterval {
    type Err = PeriodError;

    /// Parses a [`name`](BillingInterval::name): `"monthly"` or `"yearly"`, exactly.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [Self::Monthly, Self::Yearly]
            .into_iter()
            .find(|interval| interval.name() == text)
            .ok_or_else(|| PeriodError::UnknownInterval {
                text: text.to_owned(),
            })
    }
}

/// A half-open span of time `[start, end)` that one charge covers (B-3).
///
/// # Examples
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use seatwise::BillingPeriod;
/// let start = Utc.with_ymd_and_hms(2024, 2, 1, 0, 0, 0).unwrap();
/// let end = Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).unwrap();
/// let feb = BillingPeriod::new(start, end)?;
/// assert_eq!(feb.length_seconds(), 29 * 86_400);
/// assert!(feb.contains(start) && !feb.contains(end));
/// assert!(BillingPeriod::new(end, start).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "PeriodRepr", into = "PeriodRepr")]
pub struct BillingPeriod {
    // INVARIANT: start < end.
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl BillingPeriod {
    /// The period `[start, end)`.
    ///
    /// # Errors
    ///
    /// [`PeriodError::Empty`] unless `start < end`.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<BillingPeriod, PeriodError> {
        if start < end {
            Ok(BillingPeriod { start, end })
        } else {
            Err(PeriodError::Empty { start, end })
        }
    }

    /// The first instant of the period.
    pub const fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// The first instant after the period.
    pub const fn end(&self) -> DateTime<Utc> {
        self.end
    }

    /// Whether `instant` is in `[start, end)`.
    pub fn contains(&self, instant: DateTime<Utc>) -> bool {
        self.start <= instant && instant < self.end
    }

    /// The length in seconds, counted between whole-second timestamps (sub-second parts of the
    /// bounds are truncated, so a period shorter than a second has length 0).
    pub fn length_seconds(&self) -> i64 {
        seconds_between(self.start, self.end)
    }

    /// The seconds from `instant` to the end of the period (B-8).
    ///
    /// # Errors
    ///
    /// [`PeriodError::InstantOutsidePeriod`] unless the period contains `instant`.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::BillingPeriod;
    /// let april = BillingPeriod::new(
    ///     Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap(),
    ///     Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap(),
    /// )?;
    /// let at = Utc.with_ymd_and_hms(2024, 4, 21, 0, 0, 0).unwrap();
    /// assert_eq!(april.remaining_seconds(at)?, 10 * 86_400); // B-8: what proration uses
    /// assert!(april.remaining_seconds(april.end()).is_err()); // the end is not in the period
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remaining_seconds(&self, instant: DateTime<Utc>) -> Result<i64, PeriodError> {
        if self.contains(instant) {
            Ok(seconds_between(instant, self.end))
        } else {
            Err(PeriodError::InstantOutsidePeriod {
                instant,
                period: *self,
            })
        }
    }
}

/// Seconds from `from` to `to`, counted on whole-second timestamps so that consecutive spans add
/// up exactly.
pub(crate) fn seconds_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    // Timestamps of representable dates are within ±8.3e12 s, so this never saturates.
    to.timestamp().saturating_sub(from.timestamp())
}

impl fmt::Display for BillingPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!(
            "{} – {}",
            self.start.format("%Y-%m-%d %H:%M"),
            self.end.format("%Y-%m-%d %H:%M")
        );
        f.pad(&text)
    }
}

/// How a period is stored.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodRepr {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl TryFrom<PeriodRepr> for BillingPeriod {
    type Error = PeriodError;
    fn try_from(repr: PeriodRepr) -> Result<Self, Self::Error> {
        BillingPeriod::new(repr.start, repr.end)
    }
}

impl From<BillingPeriod> for PeriodRepr {
    fn from(period: BillingPeriod) -> Self {
        PeriodRepr {
            start: period.start,
            end: period.end,
        }
    }
}

/// A billing cycle: an anchor instant and an interval, which together fix every period boundary
/// (B-3).
///
/// The `n`-th boundary is always computed from the anchor — `anchor + n` intervals, the day
/// clamped to the month's last day — never from the previous boundary, so a Jan 31 anchor gives
/// Feb 29, Mar 31, Apr 30, May 31, … and never drifts to the 28th. Period `0` starts at the
/// anchor; negative indexes are the periods before it.
///
/// # Examples
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use seatwise::{BillingCycle, BillingInterval};
/// let anchor = Utc.with_ymd_and_hms(2023, 1, 31, 0, 0, 0).unwrap();
/// let cycle = BillingCycle::new(anchor, BillingInterval::Monthly);
/// let during_april = Utc.with_ymd_and_hms(2023, 5, 15, 0, 0, 0).unwrap();
/// let period = cycle.period_containing(during_april)?;
/// assert_eq!(period.start(), Utc.with_ymd_and_hms(2023, 4, 30, 0, 0, 0).unwrap());
/// assert_eq!(period.end(), Utc.with_ymd_and_hms(2023, 5, 31, 0, 0, 0).unwrap());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillingCycle {
    anchor: DateTime<Utc>,
    interval: BillingInterval,
}

impl BillingCycle {
    /// The cycle of `interval` periods starting at `anchor`.
    pub const fn new(anchor: DateTime<Utc>, interval: BillingInterval) -> BillingCycle {
        BillingCycle { anchor, interval }
    }

    /// The anchor instant: the start of period 0.
    pub const fn anchor(&self) -> DateTime<Utc> {
        self.anchor
    }

    /// The interval.
    pub const fn interval(&self) -> BillingInterval {
        self.interval
    }

    /// The `index`-th boundary: the start of period `index`.
    ///
    /// # Errors
    ///
    /// [`PeriodError::OutOfRange`] if the boundary is not a representable date.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{BillingCycle, BillingInterval};
    /// let anchor = Utc.with_ymd_and_hms(2024, 1, 31, 0, 0, 0).unwrap();
    /// let cycle = BillingCycle::new(anchor, BillingInterval::Monthly);
    /// // B-3: every boundary is computed from the anchor, so the 31st never drifts to the 29th.
    /// assert_eq!(cycle.boundary(1)?, Utc.with_ymd_and_hms(2024, 2, 29, 0, 0, 0).unwrap());
    /// assert_eq!(cycle.boundary(2)?, Utc.with_ymd_and_hms(2024, 3, 31, 0, 0, 0).unwrap());
    /// assert_eq!(cycle.boundary(-1)?, Utc.with_ymd_and_hms(2023, 12, 31, 0, 0, 0).unwrap());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn boundary(&self, index: i64) -> Result<DateTime<Utc>, PeriodError> {
        let out_of_range = || PeriodError::OutOfRange {
            anchor: self.anchor,
            index,
        };
        let anchor_month = i64::from(self.anchor.year())
            .checked_mul(12)
            .and_then(|m| m.checked_add(i64::from(self.anchor.month0())))
            .ok_or_else(out_of_range)?;
        let month_index = index
            .checked_mul(self.interval.months())
            .and_then(|m| m.checked_add(anchor_month))
            .ok_or_else(out_of_range)?;
        let year = i32::try_from(month_index.div_euclid(12)).map_err(|_| out_of_range())?;
        let month0 = u32::try_from(month_index.rem_euclid(12)).map_err(|_| out_of_range())?;
        let month = month0.checked_add(1).ok_or_else(out_of_range)?;
        let date = clamped_date(year, month, self.anchor.day()).ok_or_else(out_of_range)?;
        Ok(date.and_time(self.anchor.time()).and_utc())
    }

    /// Period `index`: `[boundary(index), boundary(index + 1))`.
    ///
    /// # Errors
    ///
    /// [`PeriodError::OutOfRange`] if a boundary is not a representable date.
    pub fn period(&self, index: i64) -> Result<BillingPeriod, PeriodError> {
        let next = index.checked_add(1).ok_or(PeriodError::OutOfRange {
            anchor: self.anchor,
            index,
        })?;
        BillingPeriod::new(self.boundary(index)?, self.boundary(next)?)
    }

    /// The index of the period containing `instant` (negative before the anchor).
    ///
    /// # Errors
    ///
    /// [`PeriodError::OutOfRange`] near the ends of the representable dates.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{BillingCycle, BillingInterval};
    /// let anchor = Utc.with_ymd_and_hms(2024, 1, 31, 0, 0, 0).unwrap();
    /// let cycle = BillingCycle::new(anchor, BillingInterval::Monthly);
    /// let march_1 = Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).unwrap();
    /// assert_eq!(cycle.index_containing(march_1)?, 1); // [Feb 29, Mar 31)
    /// let second = cycle.period(1)?;
    /// assert!(second.contains(march_1));
    /// assert_eq!(cycle.next_period(&second)?, cycle.period(2)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn index_containing(&self, instant: DateTime<Utc>) -> Result<i64, PeriodError> {
        let out_of_range = |index| PeriodError::OutOfRange {
            anchor: self.anchor,
            index,
        };
        let months = |t: DateTime<Utc>| {
            i64::from(t.year())
                .saturating_mul(12)
                .saturating_add(i64::from(t.month0()))
        };
        let diff = months(instant).saturating_sub(months(self.anchor));
        let mut index = diff.div_euclid(self.interval.months());
        // The estimate is off by at most one; a few steps settle it.
        for _ in 0..4 {
            if instant < self.boundary(index)? {
                index = index.checked_sub(1).ok_or_else(|| out_of_range(index))?;
            } else {
                let next = index.checked_add(1).ok_or_else(|| out_of_range(index))?;
                if instant >= self.boundary(next)? {
                    index = next;
                } else {
                    return Ok(index);
                }
            }
        }
        Err(out_of_range(index))
    }

    /// The period containing `instant`; instants before the anchor get the periods before it.
    ///
    /// # Errors
    ///
    /// [`PeriodError::OutOfRange`] near the ends of the representable dates.
    pub fn period_containing(&self, instant: DateTime<Utc>) -> Result<BillingPeriod, PeriodError> {
        self.period(self.index_containing(instant)?)
    }

    /// The period right after `period`: the one containing its end.
    ///
    /// # Errors
    ///
    /// [`PeriodError::OutOfRange`] near the ends of the representable dates.
    pub fn next_period(&self, period: &BillingPeriod) -> Result<BillingPeriod, PeriodError> {
        self.period_containing(period.end())
    }
}

/// The date `year-month-day`, with `day` clamped to the month's last day.
fn clamped_date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let mut day = day;
    loop {
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
            return Some(date);
        }
        if day <= 28 {
            return None;
        }
        day = day.checked_sub(1)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn b3_far_indexes_are_errors_not_panics() {
        let anchor = Utc.with_ymd_and_hms(2024, 1, 31, 0, 0, 0).unwrap();
        let cycle = BillingCycle::new(anchor, BillingInterval::Yearly);
        assert!(cycle.period(i64::MAX).is_err());
        assert!(cycle.period(i64::MIN).is_err());
        assert!(cycle.period(10_000_000).is_err());
        assert!(cycle.period_containing(DateTime::<Utc>::MAX_UTC).is_err());
        assert!(cycle.period_containing(DateTime::<Utc>::MIN_UTC).is_err());
    }

    #[test]
    fn b3_clamped_date() {
        assert_eq!(
            clamped_date(2023, 2, 31),
            NaiveDate::from_ymd_opt(2023, 2, 28)
        );
        assert_eq!(
            clamped_date(2024, 2, 30),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(
            clamped_date(2024, 4, 31),
            NaiveDate::from_ymd_opt(2024, 4, 30)
        );
        assert_eq!(clamped_date(2024, 13, 1), None);
    }
}

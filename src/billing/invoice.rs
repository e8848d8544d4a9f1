//! Invoices: what a period costs, such as the renewal invoice (B-12).
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use seatwise::{BillingPeriod, Invoice, Plan};
//! let march = BillingPeriod::new(
//!     Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).unwrap(),
//!     Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap(),
//! )?;
//! // Startup with 3 paid seats: 49.00 plan price + 2 extra seats × 49.00.
//! let invoice = Invoice::for_period(&Plan::startup(), march, 3)?;
//! assert_eq!(invoice.lines().len(), 2);
//! assert_eq!(invoice.total().minor_units(), 14_700);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use super::error::MoneyError;
use super::money::{Currency, Money};
use super::period::BillingPeriod;
use super::plan::Plan;
use super::quote::{write_table, LineItem, LineKind, Lines};

/// An invoice for a period: line items and their total (B-12). Built from its lines, it computes
/// its own total with checked arithmetic, so the total always equals the sum of the lines (I-9).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use seatwise::{BillingPeriod, Currency, Invoice, Money, Plan};
/// let april = BillingPeriod::new(
///     Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap(),
///     Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap(),
/// )?;
/// let invoice = Invoice::for_period(&Plan::deal_space(), april, 3)?;
/// assert_eq!((invoice.period(), invoice.currency()), (april, Currency::USD));
/// // I-9: the total is the sum of the lines: 3 seats × 12.00.
/// let sum = invoice.lines().iter().try_fold(Money::zero(Currency::USD), |t, l| t.checked_add(l.amount()))?;
/// assert_eq!(invoice.total(), sum);
/// assert_eq!(invoice.total().minor_units(), 3_600);
/// assert!(invoice.to_string().contains("$36.00")); // printed as a table with its total
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(
    try_from = "super::quote::DocumentRepr",
    into = "super::quote::DocumentRepr"
)]
pub struct Invoice {
    period: BillingPeriod,
    lines: Lines,
}

impl Invoice {
    /// An invoice for `period`; the total is the checked sum of the lines.
    ///
    /// # Errors
    ///
    /// [`MoneyError::CurrencyMismatch`] if a line is not in `currency`,
    /// [`MoneyError::Overflow`] if the total does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{BillingPeriod, Currency, Invoice, LineItem, LineKind, Money, MoneyError};
    /// let may = BillingPeriod::new(
    ///     Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap(),
    ///     Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0).unwrap(),
    /// )?;
    /// let usd = Currency::USD;
    /// let seats = LineItem::new(LineKind::Seats, "seats", 3, Money::from_minor(1_200, usd), may)?;
    /// let invoice = Invoice::new(usd, may, vec![seats.clone()])?;
    /// assert_eq!(invoice.total(), Money::from_minor(3_600, usd)); // I-9: the sum of its lines
    /// // B-2: a line in another currency is refused, never added.
    /// let euros = LineItem::new(LineKind::Seats, "seats", 1, Money::from_minor(100, Currency::EUR), may)?;
    /// assert!(matches!(
    ///     Invoice::new(usd, may, vec![seats, euros]),
    ///     Err(MoneyError::CurrencyMismatch { .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        currency: Currency,
        period: BillingPeriod,
        lines: Vec<LineItem>,
    ) -> Result<Invoice, MoneyError> {
        Ok(Invoice {
            period,
            lines: Lines::new(currency, lines)?,
        })
    }

    /// The full-period invoice of `plan` for `paid_seats`: the plan price, the per-seat price
    /// for every paid seat, and the extra-seat price for paid seats beyond the included ones.
    /// Lines of zero are left out, except the plan-price line of a free plan.
    ///
    /// # Errors
    ///
    /// [`MoneyError::Overflow`] if an amount does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{BillingPeriod, Invoice, LineKind, Plan};
    /// let may = BillingPeriod::new(
    ///     Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap(),
    ///     Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0).unwrap(),
    /// )?;
    /// // B-12: Business with 7 paid seats: the plan price and 2 seats beyond the 5 included.
    /// let invoice = Invoice::for_period(&Plan::business(), may, 7)?;
    /// assert_eq!(invoice.line(LineKind::ExtraSeats).map(|l| l.quantity()), Some(2));
    /// assert_eq!(invoice.lines_of(LineKind::PlanPrice).count(), 1);
    /// assert_eq!(invoice.total().to_string(), "$289.00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn for_period(
        plan: &Plan,
        period: BillingPeriod,
        paid_seats: u32,
    ) -> Result<Invoice, MoneyError> {
        let pricing = plan.pricing();
        let unit = plan.interval().unit_name();
        let mut lines = Vec::new();
        if !pricing.per_seat().is_zero() {
            let text = format!("{} seats, 1 {unit}", plan.name());
            lines.push(LineItem::new(
                LineKind::Seats,
                &text,
                paid_seats,
                pricing.per_seat(),
                period,
            )?);
        }
        let extra_seats = paid_seats.saturating_sub(plan.included_seats());
        if let Some(extra) = pricing
            .extra_seat()
            .filter(|p| !p.is_zero() && extra_seats > 0)
        {
            let text = format!("{} extra seats, 1 {unit}", plan.name());
            lines.push(LineItem::new(
                LineKind::ExtraSeats,
                &text,
                extra_seats,
                extra,
                period,
            )?);
        }
        // The plan's own price comes first; a plan with nothing to charge still shows it.
        if !pricing.base().is_zero() || lines.is_empty() {
            let text = format!("{} plan, 1 {unit}", plan.name());
            let base = LineItem::new(LineKind::PlanPrice, &text, 1, pricing.base(), period)?;
            lines.insert(0, base);
        }
        Invoice::new(plan.currency(), period, lines)
    }

    /// The period invoiced.
    pub const fn period(&self) -> BillingPeriod {
        self.period
    }

    /// The currency.
    pub const fn currency(&self) -> Currency {
        self.lines.currency
    }

    /// The line items.
    pub fn lines(&self) -> &[LineItem] {
        &self.lines.items
    }

    /// The lines of `kind`, in order (B-12): the plan price, seats or extra seats.
    pub fn lines_of(&self, kind: LineKind) -> impl Iterator<Item = &LineItem> + '_ {
        self.lines.of_kind(kind)
    }

    /// The first line of `kind`, if any (B-12).
    pub fn line(&self, kind: LineKind) -> Option<&LineItem> {
        self.lines.of_kind(kind).next()
    }

    /// The sum of the lines.
    pub const fn total(&self) -> Money {
        self.lines.total
    }
}

impl fmt::Display for Invoice {
    /// An aligned table of the lines and the total.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_table(f, &self.lines)
    }
}

impl TryFrom<super::quote::DocumentRepr> for Invoice {
    type Error = super::quote::StoredDocumentError;
    fn try_from(repr: super::quote::DocumentRepr) -> Result<Self, Self::Error> {
        let (_, period, lines) = repr.into_parts()?;
        let period = period.ok_or(super::quote::StoredDocumentError::Missing("period"))?;
        Ok(Invoice { period, lines })
    }
}

impl From<Invoice> for super::quote::DocumentRepr {
    fn from(invoice: Invoice) -> Self {
        super::quote::DocumentRepr::new(None, Some(invoice.period), invoice.lines)
    }
}

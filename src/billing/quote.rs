//! Line items and quotes: previews of what a change costs (B-9).
//!
//! A quote is built from its lines and computes its own total with checked arithmetic, so a
//! quote whose total differs from the sum of its lines cannot exist (I-9).
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use seatwise::{BillingPeriod, Currency, LineItem, LineKind, Money, Quote};
//! let period = BillingPeriod::new(
//!     Utc.with_ymd_and_hms(2024, 4, 21, 0, 0, 0).unwrap(),
//!     Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap(),
//! )?;
//! let line = LineItem::new(LineKind::ProratedSeats, "extra seat", 2, Money::from_minor(1_633, Currency::USD), period)?;
//! let quote = Quote::new(Currency::USD, period.start(), vec![line])?;
//! assert_eq!(quote.total().minor_units(), 3_266);
//! assert!(quote.requires_confirmation());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use chrono::{DateTime, Utc};

use super::error::MoneyError;
use super::money::{Currency, Money};
use super::period::BillingPeriod;

/// What a line item charges or credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LineKind {
    /// The flat plan price for a period.
    PlanPrice,
    /// The per-seat price for every paid seat.
    Seats,
    /// Paid seats beyond the included ones.
    ExtraSeats,
    /// Seats added mid-period, prorated to the period end (B-8).
    ProratedSeats,
    /// Credit for the unused part of the plan in force (B-11).
    UnusedTimeCredit,
    /// Charge for the rest of the period on a new plan (B-11).
    RemainingTimeCharge,
}

impl fmt::Display for LineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Self::PlanPrice => "plan price",
            Self::Seats => "seats",
            Self::ExtraSeats => "extra seats",
            Self::ProratedSeats => "prorated seats",
            Self::UnusedTimeCredit => "unused time credit",
            Self::RemainingTimeCharge => "remaining time charge",
        })
    }
}

/// One line of a quote or an invoice: what, how many, at what unit amount, for which period,
/// and the amount `unit_amount × quantity` (B-9).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "LineRepr", into = "LineRepr")]
pub struct LineItem {
    kind: LineKind,
    description: String,
    quantity: u32,
    unit_amount: Money,
    period: BillingPeriod,
    // INVARIANT: amount == unit_amount × quantity.
    amount: Money,
}

impl LineItem {
    /// A line of `quantity` × `unit_amount` covering `period`; the amount is computed.
    ///
    /// # Errors
    ///
    /// [`MoneyError::Overflow`] if the amount does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{BillingPeriod, Currency, LineItem, LineKind, Money};
    /// let may = BillingPeriod::new(
    ///     Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap(),
    ///     Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0).unwrap(),
    /// )?;
    /// let line = LineItem::new(LineKind::Seats, "Deal space seats", 3, Money::from_minor(1_200, Currency::USD), may)?;
    /// assert_eq!(line.amount().minor_units(), 3_600); // unit amount × quantity
    /// assert!(LineItem::new(LineKind::Seats, "x", u32::MAX, Money::from_minor(i64::MAX, Currency::USD), may).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        kind: LineKind,
        description: &str,
        quantity: u32,
        unit_amount: Money,
        period: BillingPeriod,
    ) -> Result<LineItem, MoneyError> {
        let amount = unit_amount.checked_mul(i64::from(quantity))?;
        Ok(LineItem {
            kind,
            description: description.to_owned(),
            quantity,
            unit_amount,
            period,
            amount,
        })
    }

    /// What the line is for.
    pub const fn kind(&self) -> LineKind {
        self.kind
    }

    /// A description for people.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// How many units.
    pub const fn quantity(&self) -> u32 {
        self.quantity
    }

    /// The amount per unit (negative for a credit).
    pub const fn unit_amount(&self) -> Money {
        self.unit_amount
    }

    /// The span of time the line covers.
    pub const fn period(&self) -> BillingPeriod {
        self.period
    }

    /// `unit_amount × quantity`.
    pub const fn amount(&self) -> Money {
        self.amount
    }
}

/// How a line item is stored; reading one back recomputes and checks its amount.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LineRepr {
    kind: LineKind,
    description: String,
    quantity: u32,
    unit_amount: Money,
    period: BillingPeriod,
    amount: Money,
}

/// A stored line or document whose amounts do not add up.
#[derive(Debug, thiserror::Error)]
enum StoredAmountError {
    #[error(transparent)]
    Money(#[from] MoneyError),
    #[error("stored amount {stored} differs from the computed {computed}")]
    Mismatch { stored: Money, computed: Money },
}

impl TryFrom<LineRepr> for LineItem {
    type Error = StoredAmountError;
    fn try_from(repr: LineRepr) -> Result<Self, Self::Error> {
        let line = LineItem::new(
            repr.kind,
            &repr.description,
            repr.quantity,
            repr.unit_amount,
            repr.period,
        )?;
        if line.amount != repr.amount {
            return Err(StoredAmountError::Mismatch {
                stored: repr.amount,
                computed: line.amount,
            });
        }
        Ok(line)
    }
}

impl From<LineItem> for LineRepr {
    fn from(line: LineItem) -> Self {
        LineRepr {
            kind: line.kind,
            description: line.description,
            quantity: line.quantity,
            unit_amount: line.unit_amount,
            period: line.period,
            amount: line.amount,
        }
    }
}

/// Line items with their checked total; shared by quotes and invoices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lines {
    pub(crate) currency: Currency,
    pub(crate) items: Vec<LineItem>,
    // INVARIANT: total == sum of items' amounts, all in `currency`; charge == sum of the
    // positive amounts, credit == sum of the negative ones, so total == charge + credit.
    pub(crate) total: Money,
    charge: Money,
    credit: Money,
}

impl Lines {
    pub(crate) fn new(currency: Currency, items: Vec<LineItem>) -> Result<Lines, MoneyError> {
        let amounts = || items.iter().map(LineItem::amount);
        let total = Money::checked_sum(currency, amounts())?;
        let charge = Money::checked_sum(currency, amounts().filter(Money::is_positive))?;
        let credit = Money::checked_sum(currency, amounts().filter(Money::is_negative))?;
        Ok(Lines {
            currency,
            items,
            total,
            charge,
            credit,
        })
    }

    /// The lines of `kind`, in order.
    pub(crate) fn of_kind(&self, kind: LineKind) -> impl Iterator<Item = &LineItem> + '_ {
        self.items.iter().filter(move |line| line.kind == kind)
    }
}

/// A preview of what a change costs: line items and their total (B-9). Computing the same
/// change twice from the same inputs gives an equal quote, so the charge equals the preview.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use seatwise::{Currency, LineKind, Plan, SeatUsage, Subscription};
/// let anchor = Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap();
/// let (sub, _) = Subscription::start(Plan::business(), anchor, &SeatUsage::of_members(5))?;
/// let at = Utc.with_ymd_and_hms(2024, 4, 16, 0, 0, 0).unwrap();
/// let change = sub.quote_seats(&SeatUsage::of_members(7), at)?;
/// let quote = change.quote();
/// assert_eq!((quote.effective_at(), quote.currency()), (at, Currency::USD));
/// assert!(quote.lines().iter().all(|l| l.kind() == LineKind::ProratedSeats));
/// // B-9: total = charge + credit; adding seats credits nothing and must be confirmed.
/// assert!(quote.credit().is_zero());
/// assert_eq!(quote.total(), quote.charge());
/// assert!(quote.requires_confirmation());
/// // B-9: computing it again gives an equal quote. T-4: only a workspace binds one.
/// assert_eq!(sub.quote_seats(&SeatUsage::of_members(7), at)?.quote(), quote);
/// assert!(quote.binding().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "DocumentRepr", into = "DocumentRepr")]
pub struct Quote {
    effective_at: DateTime<Utc>,
    lines: Lines,
    binding: Option<QuoteBinding>,
}

/// What a workspace quote was computed for: a digest of the workspace, its version, the actor
/// and the command (T-4). Confirming the quote for anything else is refused, so a quote for
/// inviting one person cannot confirm inviting another, or a charge in another workspace.
///
/// Stored as 64 hexadecimal digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QuoteBinding([u8; 32]);

impl QuoteBinding {
    pub(crate) const fn new(digest: [u8; 32]) -> Self {
        QuoteBinding(digest)
    }

    /// The digest's bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for QuoteBinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl serde::Serialize for QuoteBinding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for QuoteBinding {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        let bad = || serde::de::Error::custom("a quote binding is 64 hexadecimal digits");
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            let pair = i
                .checked_mul(2)
                .and_then(|at| text.get(at..at.checked_add(2)?))
                .ok_or_else(bad)?;
            *byte = u8::from_str_radix(pair, 16).map_err(|_| bad())?;
        }
        Ok(QuoteBinding(bytes))
    }
}

impl Quote {
    /// A quote for a change at `effective_at`; the total is the checked sum of the lines.
    ///
    /// # Errors
    ///
    /// [`MoneyError::CurrencyMismatch`] if a line is not in `currency`,
    /// [`MoneyError::Overflow`] if the total, the sum of the charges or the sum of the credits
    /// does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{BillingPeriod, Currency, LineItem, LineKind, Money, Quote};
    /// let at = Utc.with_ymd_and_hms(2024, 5, 16, 0, 0, 0).unwrap();
    /// let rest = BillingPeriod::new(at, Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0).unwrap())?;
    /// let usd = Currency::USD;
    /// let credit = LineItem::new(LineKind::UnusedTimeCredit, "unused", 1, Money::from_minor(-1_000, usd), rest)?;
    /// let charge = LineItem::new(LineKind::RemainingTimeCharge, "new plan", 1, Money::from_minor(2_500, usd), rest)?;
    /// let quote = Quote::new(usd, at, vec![credit, charge])?;
    /// // B-9: total = charge + credit; a quote that costs money must be confirmed.
    /// assert_eq!((quote.charge().minor_units(), quote.credit().minor_units()), (2_500, -1_000));
    /// assert_eq!(quote.total().minor_units(), 1_500);
    /// assert!(quote.requires_confirmation());
    /// assert!(!Quote::new(usd, at, vec![])?.requires_confirmation());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        currency: Currency,
        effective_at: DateTime<Utc>,
        lines: Vec<LineItem>,
    ) -> Result<Quote, MoneyError> {
        Ok(Quote {
            effective_at,
            lines: Lines::new(currency, lines)?,
            binding: None,
        })
    }

    /// What the quote was computed for, if a workspace computed it (T-4).
    pub const fn binding(&self) -> Option<&QuoteBinding> {
        self.binding.as_ref()
    }

    /// The same quote, bound to what it was computed for (T-4).
    pub(crate) fn bound(mut self, binding: QuoteBinding) -> Quote {
        self.binding = Some(binding);
        self
    }

    /// When the change takes effect.
    pub const fn effective_at(&self) -> DateTime<Utc> {
        self.effective_at
    }

    /// The currency.
    pub const fn currency(&self) -> Currency {
        self.lines.currency
    }

    /// The line items, in order. To find a line, ask for its kind with
    /// [`line`](Self::line) or [`lines_of`](Self::lines_of) rather than relying on its
    /// position.
    pub fn lines(&self) -> &[LineItem] {
        &self.lines.items
    }

    /// The lines of `kind`, in order (B-9).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{LineKind, Plan, SeatUsage, Subscription};
    /// let anchor = Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap();
    /// let (sub, _) = Subscription::start(Plan::business(), anchor, &SeatUsage::of_members(5))?;
    /// let at = Utc.with_ymd_and_hms(2024, 4, 21, 0, 0, 0).unwrap();
    /// let change = sub.quote_seats(&SeatUsage::of_members(7), at)?;
    /// let added: u32 = change.quote().lines_of(LineKind::ProratedSeats).map(|l| l.quantity()).sum();
    /// assert_eq!(added, 2);
    /// assert_eq!(change.quote().lines_of(LineKind::UnusedTimeCredit).count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lines_of(&self, kind: LineKind) -> impl Iterator<Item = &LineItem> + '_ {
        self.lines.of_kind(kind)
    }

    /// The first line of `kind`, if any (B-9).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{LineKind, Plan, PlanFeatures, SeatUsage, Subscription};
    /// let anchor = Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap();
    /// let usage = SeatUsage::of_members(3);
    /// let (sub, _) = Subscription::start(Plan::startup(), anchor, &usage)?;
    /// let at = Utc.with_ymd_and_hms(2024, 4, 16, 0, 0, 0).unwrap();
    /// let upgrade = sub.quote_upgrade(Plan::business(), &usage, PlanFeatures::empty(), at)?;
    /// let credit = upgrade.quote().line(LineKind::UnusedTimeCredit).map(|l| l.amount());
    /// assert_eq!(credit, Some(upgrade.quote().credit()));
    /// assert!(upgrade.quote().line(LineKind::ProratedSeats).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn line(&self, kind: LineKind) -> Option<&LineItem> {
        self.lines.of_kind(kind).next()
    }

    /// The sum of the lines.
    pub const fn total(&self) -> Money {
        self.lines.total
    }

    /// What the quote charges: the sum of its positive lines (zero if none). With
    /// [`credit`](Self::credit), `total = charge + credit`.
    pub const fn charge(&self) -> Money {
        self.lines.charge
    }

    /// What the quote credits: the sum of its negative lines, zero or negative — such as the
    /// unused time of the old plan on an upgrade (B-11).
    pub const fn credit(&self) -> Money {
        self.lines.credit
    }

    /// Whether the change costs money, so the caller must confirm this quote (B-9).
    pub const fn requires_confirmation(&self) -> bool {
        self.lines.total.is_positive()
    }
}

/// How quotes and invoices are stored; reading one back recomputes and checks the total.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DocumentRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    effective_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    period: Option<BillingPeriod>,
    currency: Currency,
    lines: Vec<LineItem>,
    total: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    binding: Option<QuoteBinding>,
}

/// The checked parts of a stored quote or invoice: effective instant, period, lines.
pub(crate) type DocumentParts = (Option<DateTime<Utc>>, Option<BillingPeriod>, Lines);

/// Errors reading a stored quote or invoice.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StoredDocumentError {
    #[error(transparent)]
    Money(#[from] MoneyError),
    #[error("stored total {stored} differs from the sum of the lines {computed}")]
    Mismatch { stored: Money, computed: Money },
    #[error("missing field `{0}`")]
    Missing(&'static str),
}

impl DocumentRepr {
    pub(crate) fn new(
        effective_at: Option<DateTime<Utc>>,
        period: Option<BillingPeriod>,
        lines: Lines,
    ) -> Self {
        DocumentRepr {
            effective_at,
            period,
            currency: lines.currency,
            lines: lines.items,
            total: lines.total,
            binding: None,
        }
    }

    pub(crate) fn into_parts(self) -> Result<DocumentParts, StoredDocumentError> {
        let lines = Lines::new(self.currency, self.lines)?;
        if lines.total != self.total {
            return Err(StoredDocumentError::Mismatch {
                stored: self.total,
                computed: lines.total,
            });
        }
        Ok((self.effective_at, self.period, lines))
    }
}

impl TryFrom<DocumentRepr> for Quote {
    type Error = StoredDocumentError;
    fn try_from(repr: DocumentRepr) -> Result<Self, Self::Error> {
        let binding = repr.binding;
        let (effective_at, _, lines) = repr.into_parts()?;
        let effective_at = effective_at.ok_or(StoredDocumentError::Missing("effective_at"))?;
        Ok(Quote {
            effective_at,
            lines,
            binding,
        })
    }
}

impl From<Quote> for DocumentRepr {
    fn from(quote: Quote) -> Self {
        DocumentRepr {
            binding: quote.binding,
            ..DocumentRepr::new(Some(quote.effective_at), None, quote.lines)
        }
    }
}

/// Writes line items as an aligned table, for examples and logs.
pub(crate) fn write_table(f: &mut fmt::Formatter<'_>, lines: &Lines) -> fmt::Result {
    let text_width = lines
        .items
        .iter()
        .map(|l| l.description.chars().count())
        .fold("description".len(), usize::max);
    let money_width = lines
        .items
        .iter()
        .flat_map(|l| [l.unit_amount, l.amount])
        .chain([lines.total])
        .map(|m| m.to_string().chars().count())
        .fold("amount".len(), usize::max);
    let (t, m) = (text_width, money_width);
    writeln!(
        f,
        "{:<t$}  {:>4}  {:>m$}  {:>m$}  period",
        "description", "qty", "unit", "amount"
    )?;
    for line in &lines.items {
        writeln!(
            f,
            "{:<t$}  {:>4}  {:>m$}  {:>m$}  {}",
            line.description, line.quantity, line.unit_amount, line.amount, line.period
        )?;
    }
    write!(
        f,
        "{:<t$}  {:>4}  {:>m$}  {:>m$}",
        "total", "", "", lines.total
    )
}

impl fmt::Display for Quote {
    /// An aligned table of the lines and the total.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_table(f, &self.lines)
    }
}

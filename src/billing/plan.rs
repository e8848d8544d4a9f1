//! Plans: what a subscription buys (B-1, SS-1), and the built-in plans.
//!
//! ```
//! use seatwise::{Currency, Money, Plan, PlanFeatures, PlanId};
//! let startup = Plan::startup();
//! assert_eq!(startup.included_seats(), 1);
//! assert!(!startup.features().contains(PlanFeatures::CUSTOM_ROLES));
//! assert!(startup.features().contains(PlanFeatures::TEAMS)); // SS-1: the seed limits only roles
//! // Three paid seats on Startup: the plan price plus two extra seats at 49 USD.
//! assert_eq!(startup.period_price(3)?, Money::from_major(147, Currency::USD)?);
//!
//! // Prices are data: a host changes them through the builder.
//! let pricier = startup.to_builder().base_price(Money::from_major(59, Currency::USD)?).build()?;
//! assert_eq!(pricier.period_price(1)?, Money::from_major(59, Currency::USD)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use super::error::{MoneyError, PlanError};
use super::guests::GuestRatio;
use super::money::{Currency, Money};
use super::period::BillingInterval;
use crate::PlanFeatures;

/// The id of a plan: 1 to 64 characters of `a-z`, `0-9`, `-` and `_`.
///
/// # Examples
///
/// ```
/// use seatwise::PlanId;
/// assert_eq!(PlanId::new("business")?.as_str(), "business");
/// assert!(PlanId::new("Business Plan").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct PlanId(
    // INVARIANT: 1..=64 characters of a-z, 0-9, '-', '_'.
    String,
);

impl PlanId {
    /// Validates a plan id.
    ///
    /// # Errors
    ///
    /// [`PlanError::InvalidId`] if `id` is empty, longer than 64 characters, or has other
    /// characters than `a-z`, `0-9`, `-` and `_`.
    pub fn new(id: &str) -> Result<PlanId, PlanError> {
        let valid = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if valid {
            Ok(PlanId(id.to_owned()))
        } else {
            Err(PlanError::InvalidId { id: id.to_owned() })
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A trusted built-in id.
    fn builtin(id: &'static str) -> PlanId {
        PlanId(id.to_owned())
    }
}

impl fmt::Display for PlanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl TryFrom<String> for PlanId {
    type Error = PlanError;
    fn try_from(id: String) -> Result<Self, Self::Error> {
        PlanId::new(&id)
    }
}

impl From<PlanId> for String {
    fn from(id: PlanId) -> Self {
        id.0
    }
}

/// How a plan prices a period: a flat base price, a price per paid seat, and a price for each
/// paid seat beyond the included ones (B-1).
///
/// For `paid` seats and `included` included seats the period price is
/// `base + per_seat × paid + extra_seat × max(0, paid − included)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatPricing {
    base: Money,
    per_seat: Money,
    extra_seat: Option<Money>,
}

impl SeatPricing {
    /// The flat price per period, covering the included seats.
    pub const fn base(&self) -> Money {
        self.base
    }

    /// The price of every paid seat per period (zero on flat plans).
    pub const fn per_seat(&self) -> Money {
        self.per_seat
    }

    /// The price per period of each paid seat beyond the included ones, if charged.
    pub const fn extra_seat(&self) -> Option<Money> {
        self.extra_seat
    }
}

/// A hard seat limit, with the plan to suggest upgrading to (B-4).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatLimit {
    max_seats: u32,
    upgrade_to: Option<PlanId>,
}

impl SeatLimit {
    /// The most seats the plan allows.
    pub const fn max_seats(&self) -> u32 {
        self.max_seats
    }

    /// The plan to suggest when the limit is reached.
    pub fn upgrade_to(&self) -> Option<&PlanId> {
        self.upgrade_to.as_ref()
    }
}

/// A plan: what a subscription buys — prices, interval, included seats, an optional hard seat
/// limit, an optional guest ratio and features (B-1). Build one with [`Plan::builder`], or start
/// from a built-in plan ([`Plan::startup`], [`Plan::business`], [`Plan::enterprise`],
/// [`Plan::deal_space`]) and change it with [`Plan::to_builder`].
///
/// # Examples
///
/// ```
/// use seatwise::{BillingInterval, Currency, GuestRatio, Money, Plan, PlanFeatures, PlanId};
/// let eur = Currency::EUR;
/// let plan = Plan::builder(PlanId::new("team")?, "Team", eur)
///     .interval(BillingInterval::Yearly)
///     .base_price(Money::from_major(990, eur)?)
///     .included_seats(3)
///     .extra_seat_price(Money::from_major(240, eur)?)
///     .guest_ratio(GuestRatio::new(5, 2))
///     .features(PlanFeatures::TEAMS | PlanFeatures::GUESTS)
///     .build()?;
/// assert_eq!(plan.period_price(4)?, Money::from_major(1_230, eur)?);
/// assert!(plan.invites_reserve_seats());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "PlanBuilder", into = "PlanBuilder")]
pub struct Plan {
    // INVARIANT: every price is in `currency` and not negative; a seat limit is at least 1 and
    // at least `included_seats`.
    id: PlanId,
    name: String,
    currency: Currency,
    interval: BillingInterval,
    pricing: SeatPricing,
    included_seats: u32,
    seat_limit: Option<SeatLimit>,
    invites_reserve_seats: bool,
    guest_ratio: Option<GuestRatio>,
    features: PlanFeatures,
}

impl Plan {
    /// A builder for a plan with this id, display name and currency; every price starts at
    /// zero, the interval monthly, with 1 included seat, no limit, no guest ratio, no features,
    /// and pending member invitations reserving seats.
    pub fn builder(id: PlanId, name: &str, currency: Currency) -> PlanBuilder {
        PlanBuilder {
            id,
            name: name.to_owned(),
            currency,
            interval: BillingInterval::Monthly,
            pricing: SeatPricing {
                base: Money::zero(currency),
                per_seat: Money::zero(currency),
                extra_seat: None,
            },
            included_seats: 1,
            seat_limit: None,
            invites_reserve_seats: true,
            guest_ratio: None,
            features: PlanFeatures::empty(),
        }
    }

    /// A builder holding this plan's settings, to change some of them.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Currency, Money, Plan};
    /// // Plans are data (B-1): replace Enterprise's placeholder price with the negotiated one.
    /// let negotiated = Plan::enterprise().to_builder().seat_price(Money::from_minor(3_500, Currency::USD)).build()?;
    /// assert_eq!(negotiated.period_price(10)?.to_string(), "$350.00");
    /// assert_eq!(negotiated.features(), Plan::enterprise().features()); // the rest is kept
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_builder(&self) -> PlanBuilder {
        PlanBuilder::from(self.clone())
    }

    /// The plan id.
    pub fn id(&self) -> &PlanId {
        &self.id
    }

    /// The display name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The currency of every price.
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// The billing interval.
    pub const fn interval(&self) -> BillingInterval {
        self.interval
    }

    /// The prices.
    pub const fn pricing(&self) -> &SeatPricing {
        &self.pricing
    }

    /// Seats the base price covers; paid seats never fall below it (B-4).
    pub const fn included_seats(&self) -> u32 {
        self.included_seats
    }

    /// The hard seat limit, if any.
    pub fn seat_limit(&self) -> Option<&SeatLimit> {
        self.seat_limit.as_ref()
    }

    /// Whether a pending member invitation reserves a seat (B-4; default yes).
    pub const fn invites_reserve_seats(&self) -> bool {
        self.invites_reserve_seats
    }

    /// The guest ratio, if the plan has one; without one, guests need no seats (B-6).
    pub const fn guest_ratio(&self) -> Option<GuestRatio> {
        self.guest_ratio
    }

    /// The features the plan unlocks.
    pub const fn features(&self) -> PlanFeatures {
        self.features
    }

    /// The price of one period for `paid_seats` paid seats:
    /// `base + per_seat × paid + extra_seat × max(0, paid − included)`.
    ///
    /// # Errors
    ///
    /// [`MoneyError::Overflow`] if the price does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::Plan;
    /// let business = Plan::business(); // 199 USD with 5 seats, 45 USD per extra seat
    /// assert_eq!(business.period_price(5)?.to_string(), "$199.00");
    /// assert_eq!(business.period_price(7)?.to_string(), "$289.00");
    /// assert_eq!(Plan::deal_space().period_price(3)?.to_string(), "$36.00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn period_price(&self, paid_seats: u32) -> Result<Money, MoneyError> {
        let p = &self.pricing;
        let mut price = p
            .base
            .checked_add(p.per_seat.checked_mul(i64::from(paid_seats))?)?;
        if let Some(extra) = p.extra_seat {
            let extra_seats = paid_seats.saturating_sub(self.included_seats);
            price = price.checked_add(extra.checked_mul(i64::from(extra_seats))?)?;
        }
        Ok(price)
    }

    /// The price per period of one more paid seat when `paid_seats` are paid: the seat price,
    /// plus the extra-seat price once the included seats are used up.
    ///
    /// # Errors
    ///
    /// [`MoneyError::Overflow`] if the price does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::Plan;
    /// let business = Plan::business();
    /// assert!(business.next_seat_price(4)?.is_zero()); // still within the 5 included seats
    /// assert_eq!(business.next_seat_price(5)?.to_string(), "$45.00");
    /// assert_eq!(Plan::enterprise().next_seat_price(1)?.to_string(), "$39.00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_seat_price(&self, paid_seats: u32) -> Result<Money, MoneyError> {
        match self.pricing.extra_seat {
            Some(extra) if paid_seats >= self.included_seats => {
                self.pricing.per_seat.checked_add(extra)
            }
            _ => Ok(self.pricing.per_seat),
        }
    }

    /// Startup (SS-1): 1 seat included for 49 USD a month; each further seat 49 USD a month; no
    /// hard limit; teams, but no custom roles (the seed limits only roles).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Plan, PlanFeatures, SeatUsage};
    /// let startup = Plan::startup();
    /// assert_eq!(startup.period_price(3)?.to_string(), "$147.00"); // 49 USD a seat
    /// assert!(!startup.features().contains(PlanFeatures::CUSTOM_ROLES)); // SS-1
    /// assert!(startup.seats_needed(&SeatUsage::of_members(50)).is_ok()); // no hard limit
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn startup() -> Plan {
        let usd = Currency::USD;
        Plan {
            id: PlanId::builtin("startup"),
            name: "Startup".to_owned(),
            currency: usd,
            interval: BillingInterval::Monthly,
            pricing: SeatPricing {
                base: Money::from_minor(4_900, usd),
                per_seat: Money::zero(usd),
                extra_seat: Some(Money::from_minor(4_900, usd)),
            },
            included_seats: 1,
            seat_limit: None,
            invites_reserve_seats: true,
            guest_ratio: None,
            features: PlanFeatures::TEAMS,
        }
    }

    /// Business (SS-1, section 9): 5 seats included; each further seat charged extra and
    /// prorated (no hard limit); custom roles and teams.
    ///
    /// The seeds give no Business price: the 199 USD a month base price and 45 USD a month
    /// extra-seat price are placeholders for the host to replace.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Plan, PlanFeatures};
    /// let business = Plan::business();
    /// assert_eq!(business.included_seats(), 5);
    /// assert!(business.features().contains(PlanFeatures::CUSTOM_ROLES | PlanFeatures::TEAMS)); // SS-1
    /// ```
    pub fn business() -> Plan {
        let usd = Currency::USD;
        Plan {
            id: PlanId::builtin("business"),
            name: "Business".to_owned(),
            currency: usd,
            interval: BillingInterval::Monthly,
            pricing: SeatPricing {
                base: Money::from_minor(19_900, usd),
                per_seat: Money::zero(usd),
                extra_seat: Some(Money::from_minor(4_500, usd)),
            },
            included_seats: 5,
            seat_limit: None,
            invites_reserve_seats: true,
            guest_ratio: None,
            features: PlanFeatures::CUSTOM_ROLES.union(PlanFeatures::TEAMS),
        }
    }

    /// Enterprise (SS-1): unlimited seats at a negotiated price per seat; custom roles, teams
    /// and integrations.
    ///
    /// The negotiated price is data: the 39 USD per seat a month here is a placeholder, to be
    /// replaced with `to_builder().seat_price(..)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Plan, PlanFeatures};
    /// let enterprise = Plan::enterprise();
    /// assert!(enterprise.seat_limit().is_none()); // SS-1: unlimited seats
    /// assert!(enterprise.features().contains(PlanFeatures::INTEGRATIONS));
    /// assert_eq!(enterprise.pricing().per_seat().to_string(), "$39.00"); // a placeholder
    /// ```
    pub fn enterprise() -> Plan {
        let usd = Currency::USD;
        Plan {
            id: PlanId::builtin("enterprise"),
            name: "Enterprise".to_owned(),
            currency: usd,
            interval: BillingInterval::Monthly,
            pricing: SeatPricing {
                base: Money::zero(usd),
                per_seat: Money::from_minor(3_900, usd),
                extra_seat: None,
            },
            included_seats: 1,
            seat_limit: None,
            invites_reserve_seats: true,
            guest_ratio: None,
            features: PlanFeatures::CUSTOM_ROLES
                .union(PlanFeatures::TEAMS)
                .union(PlanFeatures::INTEGRATIONS),
        }
    }

    /// The deal-space paid plan (seed 004): every paid seat allows guests at the ratio 5 for the
    /// first seat plus 2 per additional seat (B-6); guests enabled.
    ///
    /// Seed 004 names no price: the 12 USD per seat a month is a placeholder.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{GuestRatio, Plan};
    /// let plan = Plan::deal_space();
    /// assert_eq!(plan.guest_ratio(), Some(GuestRatio::new(5, 2))); // seed 004, B-6
    /// assert_eq!(plan.guest_status(1, 0).allowance(), Some(5));
    /// ```
    pub fn deal_space() -> Plan {
        let usd = Currency::USD;
        Plan {
            id: PlanId::builtin("deal-space"),
            name: "Deal space".to_owned(),
            currency: usd,
            interval: BillingInterval::Monthly,
            pricing: SeatPricing {
                base: Money::zero(usd),
                per_seat: Money::from_minor(1_200, usd),
                extra_seat: None,
            },
            included_seats: 1,
            seat_limit: None,
            invites_reserve_seats: true,
            guest_ratio: Some(GuestRatio::new(5, 2)),
            features: PlanFeatures::GUESTS,
        }
    }
}

/// Builds a [`Plan`], checking its prices and limits in [`PlanBuilder::build`]. It is also the
/// stored form of a plan.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanBuilder {
    id: PlanId,
    name: String,
    currency: Currency,
    interval: BillingInterval,
    pricing: SeatPricing,
    included_seats: u32,
    seat_limit: Option<SeatLimit>,
    #[serde(default = "default_true")]
    invites_reserve_seats: bool,
    guest_ratio: Option<GuestRatio>,
    features: PlanFeatures,
}

fn default_true() -> bool {
    true
}

impl PlanBuilder {
    /// Sets the plan id, for a plan derived from another.
    pub fn id(mut self, id: PlanId) -> Self {
        self.id = id;
        self
    }

    /// Sets the display name.
    ///
    /// ```
    /// use seatwise::{Plan, PlanId};
    /// let plan = Plan::business().to_builder()
    ///     .id(PlanId::new("business-7")?)
    ///     .name("Business, 7 seats")
    ///     .build()?;
    /// assert_eq!(plan.name(), "Business, 7 seats");
    /// assert_eq!(Plan::business().name(), "Business"); // the original is unchanged
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn name(mut self, name: &str) -> Self {
        name.clone_into(&mut self.name);
        self
    }

    /// Sets the billing interval.
    pub fn interval(mut self, interval: BillingInterval) -> Self {
        self.interval = interval;
        self
    }

    /// Sets the flat price per period.
    pub fn base_price(mut self, price: Money) -> Self {
        self.pricing.base = price;
        self
    }

    /// Sets the price of every paid seat per period.
    pub fn seat_price(mut self, price: Money) -> Self {
        self.pricing.per_seat = price;
        self
    }

    /// Sets the price per period of each seat beyond the included ones.
    pub fn extra_seat_price(mut self, price: Money) -> Self {
        self.pricing.extra_seat = Some(price);
        self
    }

    /// Removes the extra-seat price: seats beyond the included ones cost only the per-seat
    /// price (B-12).
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{BillingPeriod, Invoice, LineKind, Plan};
    /// let may = BillingPeriod::new(
    ///     Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap(),
    ///     Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0).unwrap(),
    /// )?;
    /// let flat = Plan::business().to_builder().no_extra_seat_price().build()?;
    /// assert!(flat.pricing().extra_seat().is_none());
    /// // B-12: 7 paid seats, 2 beyond the 5 included, and no extra-seat line.
    /// assert!(Invoice::for_period(&Plan::business(), may, 7)?.line(LineKind::ExtraSeats).is_some());
    /// assert!(Invoice::for_period(&flat, may, 7)?.line(LineKind::ExtraSeats).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn no_extra_seat_price(mut self) -> Self {
        self.pricing.extra_seat = None;
        self
    }

    /// Sets the included seats.
    pub fn included_seats(mut self, seats: u32) -> Self {
        self.included_seats = seats;
        self
    }

    /// Sets a hard seat limit and the plan to suggest upgrading to.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{BillingError, Plan, PlanId, SeatUsage};
    /// let solo = Plan::startup().to_builder()
    ///     .id(PlanId::new("solo")?)
    ///     .seat_limit(3, Some(PlanId::new("business")?))
    ///     .build()?;
    /// // B-4: over a hard limit the error names the plan to upgrade to.
    /// let err = solo.seats_needed(&SeatUsage::of_members(4)).unwrap_err();
    /// assert!(matches!(
    ///     err,
    ///     BillingError::SeatLimitExceeded { limit: 3, needed: 4, upgrade_to: Some(ref to), .. } if to.as_str() == "business"
    /// ));
    /// assert!(solo.check_seat_limit(3).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn seat_limit(mut self, max_seats: u32, upgrade_to: Option<PlanId>) -> Self {
        self.seat_limit = Some(SeatLimit {
            max_seats,
            upgrade_to,
        });
        self
    }

    /// Removes the hard seat limit (B-4).
    ///
    /// ```
    /// use seatwise::{Plan, SeatUsage};
    /// let capped = Plan::startup().to_builder().seat_limit(3, None).build()?;
    /// let usage = SeatUsage::of_members(4);
    /// assert!(capped.seats_needed(&usage).is_err()); // B-4: over the hard limit
    /// let open = capped.to_builder().no_seat_limit().build()?;
    /// assert!(open.seat_limit().is_none());
    /// assert!(open.seats_needed(&usage).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn no_seat_limit(mut self) -> Self {
        self.seat_limit = None;
        self
    }

    /// Sets whether pending member invitations reserve seats.
    pub fn invites_reserve_seats(mut self, reserve: bool) -> Self {
        self.invites_reserve_seats = reserve;
        self
    }

    /// Sets the guest ratio.
    pub fn guest_ratio(mut self, ratio: GuestRatio) -> Self {
        self.guest_ratio = Some(ratio);
        self
    }

    /// Removes the guest ratio: guests are then not limited by paid seats (B-6).
    ///
    /// ```
    /// use seatwise::Plan;
    /// // B-6, seed 004: one paid seat allows 5 guests.
    /// assert_eq!(Plan::deal_space().guest_status(1, 0).allowance(), Some(5));
    /// let open = Plan::deal_space().to_builder().no_guest_ratio().build()?;
    /// assert!(open.guest_ratio().is_none());
    /// assert_eq!(open.guest_status(1, 40).allowance(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn no_guest_ratio(mut self) -> Self {
        self.guest_ratio = None;
        self
    }

    /// Sets the features.
    pub fn features(mut self, features: PlanFeatures) -> Self {
        self.features = features;
        self
    }

    /// Checks the settings and builds the plan.
    ///
    /// # Errors
    ///
    /// [`PlanError::PriceCurrency`] for a price in another currency,
    /// [`PlanError::NegativePrice`] for a negative price, [`PlanError::LimitBelowIncluded`] for
    /// a hard limit of 0 or below the included seats.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Currency, Money, Plan, PlanError, PlanId};
    /// let id = PlanId::new("team")?;
    /// // A price in another currency, a negative price, or a limit below the included seats is refused.
    /// let euro_price = Plan::builder(id.clone(), "Team", Currency::USD).seat_price(Money::from_minor(900, Currency::EUR));
    /// assert!(matches!(euro_price.build(), Err(PlanError::PriceCurrency { .. })));
    /// let negative = Plan::builder(id.clone(), "Team", Currency::USD).base_price(Money::from_minor(-1, Currency::USD));
    /// assert!(matches!(negative.build(), Err(PlanError::NegativePrice { .. })));
    /// let tight = Plan::builder(id, "Team", Currency::USD).included_seats(5).seat_limit(3, None);
    /// assert!(matches!(tight.build(), Err(PlanError::LimitBelowIncluded { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build(self) -> Result<Plan, PlanError> {
        let prices = [
            ("base price", Some(self.pricing.base)),
            ("seat price", Some(self.pricing.per_seat)),
            ("extra-seat price", self.pricing.extra_seat),
        ];
        for (price, amount) in prices {
            let Some(amount) = amount else { continue };
            if amount.currency() != self.currency {
                return Err(PlanError::PriceCurrency {
                    plan: self.id,
                    price,
                    expected: self.currency,
                    found: amount.currency(),
                });
            }
            if amount.is_negative() {
                return Err(PlanError::NegativePrice {
                    plan: self.id,
                    price,
                    amount,
                });
            }
        }
        if let Some(limit) = &self.seat_limit {
            if limit.max_seats == 0 || limit.max_seats < self.included_seats {
                return Err(PlanError::LimitBelowIncluded {
                    plan: self.id,
                    limit: limit.max_seats,
                    included: self.included_seats,
                });
            }
        }
        Ok(Plan {
            id: self.id,
            name: self.name,
            currency: self.currency,
            interval: self.interval,
            pricing: self.pricing,
            included_seats: self.included_seats,
            seat_limit: self.seat_limit,
            invites_reserve_seats: self.invites_reserve_seats,
            guest_ratio: self.guest_ratio,
            features: self.features,
        })
    }
}

impl From<Plan> for PlanBuilder {
    fn from(plan: Plan) -> Self {
        PlanBuilder {
            id: plan.id,
            name: plan.name,
            currency: plan.currency,
            interval: plan.interval,
            pricing: plan.pricing,
            included_seats: plan.included_seats,
            seat_limit: plan.seat_limit,
            invites_reserve_seats: plan.invites_reserve_seats,
            guest_ratio: plan.guest_ratio,
            features: plan.features,
        }
    }
}

impl TryFrom<PlanBuilder> for Plan {
    type Error = PlanError;
    fn try_from(builder: PlanBuilder) -> Result<Self, Self::Error> {
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b1_builtin_plans_pass_validation() {
        for plan in [
            Plan::startup(),
            Plan::business(),
            Plan::enterprise(),
            Plan::deal_space(),
        ] {
            assert_eq!(plan.to_builder().build().as_ref(), Ok(&plan));
            assert!(PlanId::new(plan.id().as_str()).is_ok());
        }
    }
}

//! Subscriptions: a plan, a billing cycle, and the seats paid in the current period, with the
//! changes a workspace makes to them — seat changes, upgrades, downgrades, renewal (B-4 … B-12).
//!
//! Every method takes `&self` and returns a new value with its quote or invoice; on error
//! nothing changes. The host shows the quote, and once confirmed stores the new subscription
//! (B-9).
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use seatwise::{Plan, SeatUsage, Subscription};
//! let anchor = Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap();
//! let (sub, first_invoice) = Subscription::start(Plan::business(), anchor, &SeatUsage::of_members(5))?;
//! assert_eq!(first_invoice.total().minor_units(), 19_900);
//!
//! // The 6th member joins on April 21: one extra seat, 45.00 × 10/30 days = 15.00.
//! let at = Utc.with_ymd_and_hms(2024, 4, 21, 0, 0, 0).unwrap();
//! let change = sub.quote_seats(&SeatUsage::of_members(6), at)?;
//! assert_eq!(change.quote().total().minor_units(), 1_500);
//! let sub = change.into_subscription();
//! assert_eq!(sub.paid_seats(), 6);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, Utc};

use super::error::{BillingError, PeriodError, PlanChangeBlocker};
use super::invoice::Invoice;
use super::period::{BillingCycle, BillingPeriod};
use super::plan::Plan;
use super::proration::prorate;
use super::quote::{LineItem, LineKind, Quote};
use super::seats::{SeatLedger, SeatUsage};
use crate::PlanFeatures;

/// A workspace's subscription: the plan in force, the billing cycle, the seats paid for the
/// current period, and a downgrade scheduled for the period end, if any.
///
/// # Examples
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use seatwise::{Plan, PlanFeatures, SeatUsage, Subscription};
/// let anchor = Utc.with_ymd_and_hms(2024, 1, 31, 0, 0, 0).unwrap();
/// let usage = SeatUsage::of_members(3);
/// let (sub, _) = Subscription::start(Plan::startup(), anchor, &usage)?;
/// // Upgrade on Feb 14 (15 of 29 days left): credit the unused Startup time, charge Business.
/// let at = Utc.with_ymd_and_hms(2024, 2, 14, 0, 0, 0).unwrap();
/// let upgrade = sub.quote_upgrade(Plan::business(), &usage, PlanFeatures::empty(), at)?;
/// assert_eq!(upgrade.quote().credit().minor_units(), -7_603); // −147.00 × 15/29 = −76.034…
/// assert_eq!(upgrade.quote().charge().minor_units(), 10_293); // 199.00 × 15/29 = 102.931…
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "SubscriptionRepr", into = "SubscriptionRepr")]
pub struct Subscription {
    // INVARIANT: the cycle's interval is the plan's; the ledger's period is a period of the
    // cycle; included seats <= paid seats <= the hard limit, if any.
    plan: Plan,
    cycle: BillingCycle,
    ledger: SeatLedger,
    scheduled_plan: Option<Plan>,
}

/// The outcome of a seat change: its quote and the subscription to store once confirmed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatChange {
    quote: Quote,
    seats_bought: u32,
    subscription: Subscription,
}

impl SeatChange {
    /// The quote: prorated seats to the period end, or no lines when free seats cover it.
    pub const fn quote(&self) -> &Quote {
        &self.quote
    }

    /// Seats bought by the change (0 when paid seats already cover it).
    pub const fn seats_bought(&self) -> u32 {
        self.seats_bought
    }

    /// The subscription after the change.
    pub const fn subscription(&self) -> &Subscription {
        &self.subscription
    }

    /// The subscription after the change, by value.
    pub fn into_subscription(self) -> Subscription {
        self.subscription
    }
}

/// The outcome of an immediate plan change: its quote and the new subscription (B-11).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanChange {
    quote: Quote,
    subscription: Subscription,
}

impl PlanChange {
    /// The quote: a credit for the unused part of the old plan, a charge for the new one.
    pub const fn quote(&self) -> &Quote {
        &self.quote
    }

    /// The subscription after the change.
    pub const fn subscription(&self) -> &Subscription {
        &self.subscription
    }

    /// The subscription after the change, by value.
    pub fn into_subscription(self) -> Subscription {
        self.subscription
    }
}

/// The outcome of a renewal: the next period's invoice and the renewed subscription (B-12).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renewal {
    invoice: Invoice,
    subscription: Subscription,
}

impl Renewal {
    /// The invoice for the next period.
    pub const fn invoice(&self) -> &Invoice {
        &self.invoice
    }

    /// The subscription for the next period.
    pub const fn subscription(&self) -> &Subscription {
        &self.subscription
    }

    /// The subscription for the next period, by value.
    pub fn into_subscription(self) -> Subscription {
        self.subscription
    }
}

impl Subscription {
    /// Starts `plan` at `anchor` for `usage`: period 0 of the cycle anchored there, with
    /// `max(included, needed)` paid seats, and its full-period invoice.
    ///
    /// # Errors
    ///
    /// Seat errors of [`Plan::seats_needed`] (hard limit, guests); period and money errors.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{BillingError, Plan, SeatUsage, Subscription};
    /// let anchor = Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap();
    /// let (sub, invoice) = Subscription::start(Plan::business(), anchor, &SeatUsage::of_members(3))?;
    /// assert_eq!(sub.paid_seats(), 5); // B-4: max(included, needed)
    /// assert_eq!(invoice.total().to_string(), "$199.00");
    /// assert_eq!(sub.period().start(), anchor);
    /// // A hard limit refuses a start that needs more seats.
    /// let capped = Plan::startup().to_builder().seat_limit(2, None).build()?;
    /// assert!(matches!(
    ///     Subscription::start(capped, anchor, &SeatUsage::of_members(3)),
    ///     Err(BillingError::SeatLimitExceeded { .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn start(
        plan: Plan,
        anchor: DateTime<Utc>,
        usage: &SeatUsage,
    ) -> Result<(Subscription, Invoice), BillingError> {
        let paid = plan.seats_needed(usage)?.paid();
        let cycle = BillingCycle::new(anchor, plan.interval());
        let period = cycle.period(0)?;
        let invoice = Invoice::for_period(&plan, period, paid)?;
        let subscription = Subscription {
            plan,
            cycle,
            ledger: SeatLedger::new(period, paid),
            scheduled_plan: None,
        };
        Ok((subscription, invoice))
    }

    /// Resumes a stored subscription on `plan` in its stored current `period`, with the
    /// `paid_seats` billed for it — no anchor needed: the billing cycle is found from the period
    /// itself (B-3), and nothing is adjusted. Renewals then continue the same boundaries; a
    /// Jan 31 anchor stays on the month's last day.
    ///
    /// One case cannot be told from a single period: a yearly cycle anchored on Feb 29, in a
    /// period between two Feb 28ths. There, or to keep the original anchor, use
    /// [`resume_on_cycle`](Self::resume_on_cycle).
    ///
    /// # Errors
    ///
    /// [`BillingError::PeriodNotOfPlan`] if `period` is not one period of the plan's interval
    /// (its start and end do not fall on the same anchor day and time, one interval apart);
    /// [`BillingError::PaidSeatsBelowMinimum`] if `paid_seats` is below the included seats or
    /// zero; [`BillingError::SeatLimitExceeded`] if it is above the hard limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{BillingError, BillingPeriod, Plan, Subscription};
    /// // Stored: Business, 7 seats paid for [Feb 29, Mar 31) of a cycle anchored on Jan 31.
    /// let period = BillingPeriod::new(
    ///     Utc.with_ymd_and_hms(2024, 2, 29, 0, 0, 0).unwrap(),
    ///     Utc.with_ymd_and_hms(2024, 3, 31, 0, 0, 0).unwrap(),
    /// )?;
    /// let sub = Subscription::resume(Plan::business(), period, 7)?;
    /// assert_eq!((sub.period(), sub.paid_seats()), (period, 7));
    /// // The next period keeps the month's last day (B-3).
    /// let next = sub.cycle().next_period(&period)?;
    /// assert_eq!(next.end(), Utc.with_ymd_and_hms(2024, 4, 30, 0, 0, 0).unwrap());
    /// // Business includes 5 seats: resuming with 0 is refused, not raised.
    /// let err = Subscription::resume(Plan::business(), period, 0).unwrap_err();
    /// assert!(matches!(err, BillingError::PaidSeatsBelowMinimum { paid: 0, min: 5, .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resume(
        plan: Plan,
        period: BillingPeriod,
        paid_seats: u32,
    ) -> Result<Subscription, BillingError> {
        let interval = plan.interval();
        // A cycle anchored on the period's start reproduces it unless the start day was
        // clamped (Feb 29 of a Jan 31 anchor); then the end keeps the anchor day.
        let cycle = [(period.start(), 0), (period.end(), -1)]
            .into_iter()
            .map(|(anchor, index)| (BillingCycle::new(anchor, interval), index))
            .find(|(cycle, index)| cycle.period(*index).ok() == Some(period))
            .map(|(cycle, _)| cycle)
            .ok_or_else(|| BillingError::PeriodNotOfPlan {
                plan: plan.id().clone(),
                period,
                interval,
            })?;
        Self::resume_on_cycle(plan, cycle, period, paid_seats)
    }

    /// Resumes a stored subscription on `plan`, on a known billing `cycle`, in its stored current
    /// `period` with the `paid_seats` billed for it (B-3, B-4). Nothing is adjusted: what does
    /// not fit is refused.
    ///
    /// # Errors
    ///
    /// [`BillingError::IntervalMismatch`] if the cycle's interval is not the plan's;
    /// [`BillingError::PeriodNotOfCycle`] if `period` is not a period of `cycle`;
    /// [`BillingError::PaidSeatsBelowMinimum`] if `paid_seats` is below the included seats or
    /// zero; [`BillingError::SeatLimitExceeded`] if it is above the hard limit; period errors.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{BillingCycle, Plan, Subscription};
    /// let anchor = Utc.with_ymd_and_hms(2024, 1, 31, 0, 0, 0).unwrap();
    /// let cycle = BillingCycle::new(anchor, Plan::startup().interval());
    /// let period = cycle.period(3)?; // [Apr 30, May 31)
    /// let sub = Subscription::resume_on_cycle(Plan::startup(), cycle, period, 3)?;
    /// assert_eq!((sub.cycle(), sub.period(), sub.paid_seats()), (cycle, period, 3));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resume_on_cycle(
        plan: Plan,
        cycle: BillingCycle,
        period: BillingPeriod,
        paid_seats: u32,
    ) -> Result<Subscription, BillingError> {
        if cycle.interval() != plan.interval() {
            return Err(BillingError::IntervalMismatch {
                plan: plan.id().clone(),
                plan_interval: plan.interval(),
                cycle_interval: cycle.interval(),
            });
        }
        if cycle.period_containing(period.start())? != period {
            return Err(BillingError::PeriodNotOfCycle {
                period,
                anchor: cycle.anchor(),
                interval: cycle.interval(),
            });
        }
        let min = plan.included_seats().max(1);
        if paid_seats < min {
            return Err(BillingError::PaidSeatsBelowMinimum {
                plan: plan.id().clone(),
                paid: paid_seats,
                min,
            });
        }
        plan.check_seat_limit(paid_seats)?;
        Ok(Subscription {
            plan,
            cycle,
            ledger: SeatLedger::new(period, paid_seats),
            scheduled_plan: None,
        })
    }

    /// The plan in force.
    pub const fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The billing cycle (anchor and interval).
    pub const fn cycle(&self) -> BillingCycle {
        self.cycle
    }

    /// The current period.
    pub const fn period(&self) -> BillingPeriod {
        self.ledger.period()
    }

    /// Seats paid for the current period.
    pub const fn paid_seats(&self) -> u32 {
        self.ledger.paid_seats()
    }

    /// The seat ledger of the current period.
    pub const fn ledger(&self) -> SeatLedger {
        self.ledger
    }

    /// The plan a downgrade will switch to at the period end, if one is scheduled.
    pub fn scheduled_plan(&self) -> Option<&Plan> {
        self.scheduled_plan.as_ref()
    }

    /// The full price of the current period on the plan in force, paid extra seats included.
    ///
    /// # Errors
    ///
    /// [`MoneyError::Overflow`](super::MoneyError::Overflow) if it does not fit.
    pub fn period_price(&self) -> Result<super::Money, BillingError> {
        Ok(self.plan.period_price(self.paid_seats())?)
    }

    /// Paid seats not needed by `usage`, reused by the next members at no charge (B-5).
    ///
    /// # Errors
    ///
    /// Seat errors of [`Plan::seats_needed`].
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{Plan, SeatUsage, Subscription};
    /// let anchor = Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap();
    /// let (sub, _) = Subscription::start(Plan::deal_space(), anchor, &SeatUsage::of_members(3))?;
    /// assert_eq!(sub.period_price()?.to_string(), "$36.00");
    /// // B-5: a member leaves; the seat stays paid and is free for the next member.
    /// assert_eq!(sub.free_seats(&SeatUsage::of_members(2))?, 1);
    /// // B-10: three paid seats allow 9 guests.
    /// assert_eq!(sub.guest_status(9).remaining(), Some(0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn free_seats(&self, usage: &SeatUsage) -> Result<u32, BillingError> {
        Ok(self
            .ledger
            .free_seats(self.plan.seats_needed(usage)?.needed()))
    }

    /// The guest status for `accepted_guests` on the seats paid now (B-10).
    pub fn guest_status(&self, accepted_guests: u32) -> super::GuestStatus {
        self.plan.guest_status(self.paid_seats(), accepted_guests)
    }

    fn check_in_period(&self, at: DateTime<Utc>) -> Result<(), BillingError> {
        if self.period().contains(at) {
            Ok(())
        } else {
            Err(PeriodError::InstantOutsidePeriod {
                instant: at,
                period: self.period(),
            }
            .into())
        }
    }

    /// Quotes the change to `usage_after` at `at` ([B-4], [B-5], [B-6], [B-8], [B-9]): free
    /// paid seats are reused first at no charge; each further seat costs the plan's next-seat
    /// price prorated from `at` to the period end. Paid seats never fall.
    ///
    /// Pass the usage *after* the change: members, pending member invitations (reserving seats
    /// if the plan says so) and accepted guests ([B-7]) — a guest invitation costs nothing
    /// until accepted.
    ///
    /// [B-4]: crate::rules#b-4-seats
    /// [B-5]: crate::rules#b-5-seats-last-the-period
    /// [B-6]: crate::rules#b-6-guest-ratio
    /// [B-7]: crate::rules#b-7-guests-count-on-acceptance
    /// [B-8]: crate::rules#b-8-proration
    /// [B-9]: crate::rules#b-9-quotes
    ///
    /// # Errors
    ///
    /// [`BillingError::SeatLimitExceeded`] above a hard limit; [`BillingError::GuestLimitExceeded`];
    /// [`PeriodError::InstantOutsidePeriod`] if `at` is not in the current period (renew
    /// first); money errors.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{Plan, SeatUsage, Subscription};
    /// let anchor = Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap();
    /// let (sub, _) = Subscription::start(Plan::deal_space(), anchor, &SeatUsage::of_members(3))?;
    /// let at = Utc.with_ymd_and_hms(2024, 4, 21, 0, 0, 0).unwrap();
    /// // B-8, B-9: a 4th member costs 12.00 × 10/30 days, to be confirmed before it is charged.
    /// let change = sub.quote_seats(&SeatUsage::of_members(4), at)?;
    /// assert_eq!((change.seats_bought(), change.quote().total().to_string()), (1, "$4.00".to_owned()));
    /// assert!(change.quote().requires_confirmation());
    /// // B-5: after a member left, the next one reuses the paid seat at no charge.
    /// let reuse = sub.quote_seats(&SeatUsage::of_members(3), at)?;
    /// assert!(reuse.quote().total().is_zero() && !reuse.quote().requires_confirmation());
    /// // An instant after the period is refused: renew first.
    /// assert!(sub.quote_seats(&SeatUsage::of_members(4), sub.period().end()).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn quote_seats(
        &self,
        usage_after: &SeatUsage,
        at: DateTime<Utc>,
    ) -> Result<SeatChange, BillingError> {
        self.check_in_period(at)?;
        let needed = self.plan.seats_needed(usage_after)?.needed();
        let seats_bought = self.ledger.seats_to_buy(needed);
        let mut lines = Vec::new();
        if seats_bought > 0 {
            let unit_full = self.plan.next_seat_price(self.paid_seats())?;
            let unit = prorate(unit_full, &self.period(), at)?;
            let covered = BillingPeriod::new(at, self.period().end())?;
            let text = format!("{} seat added, prorated", self.plan.name());
            lines.push(LineItem::new(
                LineKind::ProratedSeats,
                &text,
                seats_bought,
                unit,
                covered,
            )?);
        }
        let quote = Quote::new(self.plan.currency(), at, lines)?;
        let subscription = Subscription {
            ledger: self.ledger.covering(needed),
            ..self.clone()
        };
        Ok(SeatChange {
            quote,
            seats_bought,
            subscription,
        })
    }

    /// Reasons `new_plan` cannot hold the workspace: hard limit, guests, features.
    fn blockers(
        new_plan: &Plan,
        usage: &SeatUsage,
        features_in_use: PlanFeatures,
    ) -> Result<Vec<PlanChangeBlocker>, BillingError> {
        let mut blockers = Vec::new();
        match new_plan.seats_needed(usage) {
            Ok(_) => {}
            Err(BillingError::SeatLimitExceeded { limit, needed, .. }) => {
                blockers.push(PlanChangeBlocker::SeatLimit { limit, needed });
            }
            Err(BillingError::GuestLimitExceeded { guests, .. }) => {
                blockers.push(PlanChangeBlocker::GuestLimit { guests });
            }
            Err(other) => return Err(other),
        }
        let missing = features_in_use.difference(new_plan.features());
        if !missing.is_empty() {
            blockers.push(PlanChangeBlocker::MissingFeatures { features: missing });
        }
        Ok(blockers)
    }

    /// Quotes an immediate change to `new_plan` at `at` ([B-11]): a credit for the unused part of
    /// the plan in force — from its *full* price for the seats paid now, extra seats included —
    /// and a charge for the rest of the period on the new plan. Both are prorated over the
    /// whole period's length. Since the credit refunds every seat paid on the old plan (freed
    /// ones too), the new plan's paid seats are `max(new included, needed by usage)`. A
    /// scheduled downgrade is dropped.
    ///
    /// If the new plan bills on another interval, its cycle restarts at `at` and the charge is
    /// its full price for a new period.
    ///
    /// Only a plan whose period price for the seats `usage` needs is at least the current
    /// period's price is an upgrade; a cheaper one is a downgrade, which waits for the period
    /// end ([`schedule_downgrade`](Self::schedule_downgrade)), so paid seats are never given
    /// back mid-period ([B-5](crate::rules#b-5-seats-last-the-period), [B-11]). The same plan
    /// again counts as an upgrade.
    ///
    /// [B-11]: crate::rules#b-11-plan-changes
    ///
    /// # Errors
    ///
    /// [`BillingError::NotAnUpgrade`] if the new plan costs less per period, naming both plans
    /// and prices; [`BillingError::PlanChangeRefused`] listing every blocker — hard limit,
    /// guests, features in use that the new plan lacks, another currency;
    /// [`PeriodError::InstantOutsidePeriod`] if `at` is not in the current period; money
    /// errors.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{BillingError, Plan, PlanFeatures, SeatUsage, Subscription};
    /// let anchor = Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap();
    /// let usage = SeatUsage::of_members(3);
    /// let (sub, _) = Subscription::start(Plan::business(), anchor, &usage)?;
    /// let at = Utc.with_ymd_and_hms(2024, 4, 16, 0, 0, 0).unwrap();
    /// // B-11: Startup costs less than Business — a downgrade, not an upgrade.
    /// let err = sub.quote_upgrade(Plan::startup(), &usage, PlanFeatures::empty(), at).unwrap_err();
    /// assert!(matches!(err, BillingError::NotAnUpgrade { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn quote_upgrade(
        &self,
        new_plan: Plan,
        usage: &SeatUsage,
        features_in_use: PlanFeatures,
        at: DateTime<Utc>,
    ) -> Result<PlanChange, BillingError> {
        self.check_in_period(at)?;
        // B-11: a cheaper plan is a downgrade. Prices that cannot be compared (another
        // currency, seats the new plan refuses) are reported as blockers below.
        if let Ok(requirement) = new_plan.seats_needed(usage) {
            let prices = (
                new_plan.period_price(requirement.paid()),
                self.period_price(),
            );
            if let (Ok(new_price), Ok(current_price)) = prices {
                if new_price.checked_cmp(&current_price) == Ok(core::cmp::Ordering::Less) {
                    return Err(BillingError::NotAnUpgrade {
                        from: self.plan.id().clone(),
                        to: new_plan.id().clone(),
                        current_price,
                        new_price,
                    });
                }
            }
        }
        let mut blockers = Self::blockers(&new_plan, usage, features_in_use)?;
        if new_plan.currency() != self.plan.currency() {
            blockers.push(PlanChangeBlocker::Currency {
                from: self.plan.currency(),
                to: new_plan.currency(),
            });
        }
        if !blockers.is_empty() {
            return Err(BillingError::PlanChangeRefused {
                from: self.plan.id().clone(),
                to: new_plan.id().clone(),
                blockers,
            });
        }
        let period = self.period();
        let rest = BillingPeriod::new(at, period.end())?;
        let credit = prorate(self.period_price()?, &period, at)?.checked_neg()?;
        let credit_text = format!(
            "Unused {} time, {} seats",
            self.plan.name(),
            self.paid_seats()
        );

        // The credit refunds every seat paid on the old plan, freed ones included, so the new
        // plan starts from what the usage needs.
        let paid = new_plan.seats_needed(usage)?.paid();
        let full_new = new_plan.period_price(paid)?;
        let (cycle, new_period, charge, covered) = if new_plan.interval() == self.plan.interval() {
            (self.cycle, period, prorate(full_new, &period, at)?, rest)
        } else {
            let cycle = BillingCycle::new(at, new_plan.interval());
            let new_period = cycle.period(0)?;
            (cycle, new_period, full_new, new_period)
        };
        let charge_text = format!(
            "{} for the rest of the period, {paid} seats",
            new_plan.name()
        );
        let lines = vec![
            LineItem::new(LineKind::UnusedTimeCredit, &credit_text, 1, credit, rest)?,
            LineItem::new(
                LineKind::RemainingTimeCharge,
                &charge_text,
                1,
                charge,
                covered,
            )?,
        ];
        let quote = Quote::new(self.plan.currency(), at, lines)?;
        let subscription = Subscription {
            plan: new_plan,
            cycle,
            ledger: SeatLedger::new(new_period, paid),
            scheduled_plan: None,
        };
        Ok(PlanChange {
            quote,
            subscription,
        })
    }

    /// Schedules a downgrade to `new_plan` at the period end
    /// ([B-11](crate::rules#b-11-plan-changes)); nothing is charged now.
    /// The caller passes the features the workspace uses.
    ///
    /// # Errors
    ///
    /// [`BillingError::PlanChangeRefused`] listing every blocker: the workspace would break the
    /// new plan's hard seat limit or guest ratio, or uses features it lacks.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{BillingError, Plan, PlanFeatures, SeatUsage, Subscription};
    /// let anchor = Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap();
    /// let usage = SeatUsage::of_members(3);
    /// let (sub, _) = Subscription::start(Plan::business(), anchor, &usage)?;
    /// // B-11: a workspace using custom roles cannot move to a plan without them.
    /// let refused = sub.schedule_downgrade(Plan::startup(), &usage, PlanFeatures::CUSTOM_ROLES);
    /// assert!(matches!(refused, Err(BillingError::PlanChangeRefused { .. })));
    /// // Otherwise the downgrade waits for the period end; nothing changes now.
    /// let scheduled = sub.schedule_downgrade(Plan::startup(), &usage, PlanFeatures::TEAMS)?;
    /// assert_eq!(scheduled.scheduled_plan().map(|p| p.id().as_str()), Some("startup"));
    /// assert_eq!(scheduled.plan(), sub.plan());
    /// assert!(scheduled.cancel_scheduled_change().scheduled_plan().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schedule_downgrade(
        &self,
        new_plan: Plan,
        usage: &SeatUsage,
        features_in_use: PlanFeatures,
    ) -> Result<Subscription, BillingError> {
        let blockers = Self::blockers(&new_plan, usage, features_in_use)?;
        if !blockers.is_empty() {
            return Err(BillingError::PlanChangeRefused {
                from: self.plan.id().clone(),
                to: new_plan.id().clone(),
                blockers,
            });
        }
        Ok(Subscription {
            scheduled_plan: Some(new_plan),
            ..self.clone()
        })
    }

    /// Reasons the scheduled downgrade, if any, could not take over a workspace with `usage`
    /// using `features_in_use` (B-11, B-12): its hard seat limit, guest ratio or missing
    /// features. Empty when no downgrade is scheduled or the workspace fits it.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{PlanChangeBlocker, Plan, PlanFeatures, SeatUsage, Subscription};
    /// let anchor = Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap();
    /// let (sub, _) = Subscription::start(Plan::business(), anchor, &SeatUsage::of_members(1))?;
    /// let solo = Plan::startup().to_builder().seat_limit(1, None).build()?;
    /// let sub = sub.schedule_downgrade(solo, &SeatUsage::of_members(1), PlanFeatures::empty())?;
    /// assert!(sub.scheduled_blockers(&SeatUsage::of_members(1), PlanFeatures::empty())?.is_empty());
    /// let blockers = sub.scheduled_blockers(&SeatUsage::of_members(2), PlanFeatures::empty())?;
    /// assert_eq!(blockers, vec![PlanChangeBlocker::SeatLimit { limit: 1, needed: 2 }]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Seat count overflow of [`Plan::seats_needed`].
    pub fn scheduled_blockers(
        &self,
        usage: &SeatUsage,
        features_in_use: PlanFeatures,
    ) -> Result<Vec<PlanChangeBlocker>, BillingError> {
        match &self.scheduled_plan {
            Some(plan) => Self::blockers(plan, usage, features_in_use),
            None => Ok(Vec::new()),
        }
    }

    /// The subscription without a scheduled downgrade.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{Plan, PlanFeatures, SeatUsage, Subscription};
    /// let anchor = Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap();
    /// let usage = SeatUsage::of_members(3);
    /// let (sub, _) = Subscription::start(Plan::business(), anchor, &usage)?;
    /// let scheduled = sub.schedule_downgrade(Plan::startup(), &usage, PlanFeatures::empty())?;
    /// let kept = scheduled.cancel_scheduled_change();
    /// assert_eq!(kept.renew(&usage)?.subscription().plan(), &Plan::business()); // B-11
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn cancel_scheduled_change(&self) -> Subscription {
        Subscription {
            scheduled_plan: None,
            ..self.clone()
        }
    }

    /// Renews into the next period ([B-5](crate::rules#b-5-seats-last-the-period),
    /// [B-12](crate::rules#b-12-renewal-invoice)): the scheduled plan, if any, takes over; paid
    /// seats are recomputed from `usage` — `max(included, needed)` — so seats freed during the
    /// last period are no longer paid; the invoice has the plan price and extra seats.
    ///
    /// # Errors
    ///
    /// Seat errors of [`Plan::seats_needed`] on the plan for the next period; period and money
    /// errors. A caller with a scheduled downgrade checks
    /// [`scheduled_blockers`](Self::scheduled_blockers) first and, if the downgrade no longer
    /// fits, renews [`cancel_scheduled_change`](Self::cancel_scheduled_change)'s subscription
    /// instead, as the workspace's `Renew` does (B-12).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use seatwise::{Plan, PlanFeatures, SeatUsage, Subscription};
    /// let anchor = Utc.with_ymd_and_hms(2024, 1, 31, 0, 0, 0).unwrap();
    /// let (sub, _) = Subscription::start(Plan::deal_space(), anchor, &SeatUsage::of_members(4))?;
    /// // B-5, B-12: seats freed during the period are no longer paid after the renewal.
    /// let renewal = sub.renew(&SeatUsage::of_members(2))?;
    /// assert_eq!(renewal.subscription().paid_seats(), 2);
    /// assert_eq!(renewal.invoice().total().to_string(), "$24.00");
    /// // B-3: the next period starts on Feb 29, not drifting from the 31st.
    /// assert_eq!(renewal.subscription().period().start(), Utc.with_ymd_and_hms(2024, 2, 29, 0, 0, 0).unwrap());
    /// // B-11: a scheduled downgrade takes over at the renewal.
    /// let (business, _) = Subscription::start(Plan::business(), anchor, &SeatUsage::of_members(2))?;
    /// let down = business.schedule_downgrade(Plan::startup(), &SeatUsage::of_members(2), PlanFeatures::empty())?;
    /// assert_eq!(down.renew(&SeatUsage::of_members(2))?.subscription().plan(), &Plan::startup());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn renew(&self, usage: &SeatUsage) -> Result<Renewal, BillingError> {
        let plan = self
            .scheduled_plan
            .clone()
            .unwrap_or_else(|| self.plan.clone());
        let paid = plan.seats_needed(usage)?.paid();
        let (cycle, period) = if plan.interval() == self.cycle.interval() {
            (self.cycle, self.cycle.next_period(&self.period())?)
        } else {
            let cycle = BillingCycle::new(self.period().end(), plan.interval());
            (cycle, cycle.period(0)?)
        };
        let invoice = Invoice::for_period(&plan, period, paid)?;
        let subscription = Subscription {
            plan,
            cycle,
            ledger: SeatLedger::new(period, paid),
            scheduled_plan: None,
        };
        Ok(Renewal {
            invoice,
            subscription,
        })
    }
}

/// How a subscription is stored; reading one back checks its invariants.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SubscriptionRepr {
    plan: Plan,
    cycle: BillingCycle,
    ledger: SeatLedger,
    #[serde(default)]
    scheduled_plan: Option<Plan>,
}

/// A stored subscription that breaks an invariant.
#[derive(Debug, thiserror::Error)]
enum StoredSubscriptionError {
    #[error("the billing cycle is {cycle} but plan `{plan}` bills {plan_interval}")]
    Interval {
        cycle: super::BillingInterval,
        plan: super::PlanId,
        plan_interval: super::BillingInterval,
    },
    #[error("the current period {0} is not a period of the billing cycle")]
    Period(BillingPeriod),
    #[error("{paid} paid seats are outside the {min} to {max} seats plan `{plan}` allows")]
    PaidSeats {
        paid: u32,
        min: u32,
        max: u32,
        plan: super::PlanId,
    },
    #[error(transparent)]
    Billing(#[from] BillingError),
}

impl TryFrom<SubscriptionRepr> for Subscription {
    type Error = StoredSubscriptionError;
    fn try_from(repr: SubscriptionRepr) -> Result<Self, Self::Error> {
        let SubscriptionRepr {
            plan,
            cycle,
            ledger,
            scheduled_plan,
        } = repr;
        if cycle.interval() != plan.interval() {
            return Err(StoredSubscriptionError::Interval {
                cycle: cycle.interval(),
                plan: plan.id().clone(),
                plan_interval: plan.interval(),
            });
        }
        let period = ledger.period();
        if cycle
            .period_containing(period.start())
            .map_err(BillingError::from)?
            != period
        {
            return Err(StoredSubscriptionError::Period(period));
        }
        let max = plan
            .seat_limit()
            .map_or(u32::MAX, super::SeatLimit::max_seats);
        let paid = ledger.paid_seats();
        if paid < plan.included_seats() || paid > max {
            return Err(StoredSubscriptionError::PaidSeats {
                paid,
                min: plan.included_seats(),
                max,
                plan: plan.id().clone(),
            });
        }
        Ok(Subscription {
            plan,
            cycle,
            ledger,
            scheduled_plan,
        })
    }
}

impl From<Subscription> for SubscriptionRepr {
    fn from(sub: Subscription) -> Self {
        SubscriptionRepr {
            plan: sub.plan,
            cycle: sub.cycle,
            ledger: sub.ledger,
            scheduled_plan: sub.scheduled_plan,
        }
    }
}

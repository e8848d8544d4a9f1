//! Seat billing: money, periods, plans, seats, guest ratios, proration, quotes and invoices
//! (SPEC section 6, B-1 … B-12).
//!
//! Everything is a value: a [`Subscription`] holds the plan, the billing cycle and the seats
//! paid in the current period, and each change returns a [`Quote`] (or an [`Invoice`]) with
//! the new subscription to store once the caller confirms it. Amounts are integer minor units
//! ([`Money`]); nothing here uses floating point, reads a clock or panics.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use seatwise::{Plan, PlanFeatures, SeatUsage, Subscription};
//!
//! let anchor = Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap();
//! let usage = SeatUsage::of_members(1);
//! let (sub, invoice) = Subscription::start(Plan::startup(), anchor, &usage)?;
//! assert_eq!(invoice.total().to_string(), "$49.00");
//!
//! // Two more members join on April 16: two seats at 49.00 × 15/30 days = 24.50 each.
//! let at = Utc.with_ymd_and_hms(2024, 4, 16, 0, 0, 0).unwrap();
//! let change = sub.quote_seats(&usage.with_members(3), at)?;
//! assert_eq!(change.quote().total().to_string(), "$49.00");
//! let sub = change.into_subscription();
//!
//! // One member leaves: the seat stays paid until the period end, then renewal drops it.
//! let renewal = sub.renew(&usage.with_members(2))?;
//! assert_eq!(renewal.invoice().total().to_string(), "$98.00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod guests;
mod invoice;
mod money;
mod period;
mod plan;
mod proration;
mod quote;
mod seats;
mod subscription;

pub use error::{BillingError, MoneyError, PeriodError, PlanChangeBlocker, PlanError};
pub use guests::{GuestRatio, GuestStatus};
pub use invoice::Invoice;
pub use money::{Currency, Money};
pub use period::{BillingCycle, BillingInterval, BillingPeriod};
pub use plan::{Plan, PlanBuilder, PlanId, SeatLimit, SeatPricing};
pub use proration::{prorate, prorate_span};
pub use quote::{LineItem, LineKind, Quote, QuoteBinding};
pub use seats::{SeatLedger, SeatRequirement, SeatUsage};
pub use subscription::{PlanChange, Renewal, SeatChange, Subscription};

//! Seat arithmetic: seats needed for members, pending invitations and guests, hard limits, and
//! a ledger of the seats paid in a period (B-4, B-5, B-6).
//!
//! ```
//! use seatwise::{Plan, SeatUsage};
//! // Seed 000: a Startup workspace with 3 members pays for 1 included + 2 extra seats.
//! let need = Plan::startup().seats_needed(&SeatUsage::of_members(3))?;
//! assert_eq!((need.needed(), need.paid(), need.extra_seats()), (3, 3, 2));
//! // Seed 004: 3 seats allow 9 guests, so the 10th guest needs a 4th paid seat.
//! let need = Plan::deal_space().seats_needed(&SeatUsage::of_members(3).with_accepted_guests(10))?;
//! assert_eq!((need.member_seats(), need.guest_seats(), need.paid()), (3, 4, 4));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::error::BillingError;
use super::period::BillingPeriod;
use super::plan::Plan;

/// What occupies seats in a workspace right now: members, pending member invitations and
/// accepted guests.
///
/// Guests count only once they accepted their invitation or their access request was approved
/// (B-7): pass the accepted count, not the invited one. Members include the owner.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct SeatUsage {
    members: u32,
    pending_member_invites: u32,
    accepted_guests: u32,
}

impl SeatUsage {
    /// No members, no pending invitations, no guests.
    pub const EMPTY: SeatUsage = SeatUsage {
        members: 0,
        pending_member_invites: 0,
        accepted_guests: 0,
    };

    /// Usage of `members` members (owner included), with no pending member invitations and no
    /// guests; add those by name with [`with_pending_member_invites`](Self::with_pending_member_invites)
    /// and [`with_accepted_guests`](Self::with_accepted_guests), so that the three counts
    /// cannot be swapped.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::SeatUsage;
    /// let usage = SeatUsage::of_members(3)
    ///     .with_pending_member_invites(1)
    ///     .with_accepted_guests(10);
    /// assert_eq!(
    ///     (usage.members(), usage.pending_member_invites(), usage.accepted_guests()),
    ///     (3, 1, 10)
    /// );
    /// ```
    pub const fn of_members(members: u32) -> SeatUsage {
        SeatUsage {
            members,
            ..SeatUsage::EMPTY
        }
    }

    /// Usage of `members` members (owner included), `pending_member_invites` pending member
    /// invitations, and `accepted_guests` guests who accepted or were approved (B-7).
    #[deprecated(
        since = "0.2.0",
        note = "three positional counts are easy to swap: use `SeatUsage::of_members(m).with_pending_member_invites(p).with_accepted_guests(g)`"
    )]
    pub const fn new(members: u32, pending_member_invites: u32, accepted_guests: u32) -> SeatUsage {
        SeatUsage {
            members,
            pending_member_invites,
            accepted_guests,
        }
    }

    /// Members, owner included.
    pub const fn members(&self) -> u32 {
        self.members
    }

    /// Pending member invitations (guest invitations are not counted here).
    pub const fn pending_member_invites(&self) -> u32 {
        self.pending_member_invites
    }

    /// Guests who accepted or were approved.
    pub const fn accepted_guests(&self) -> u32 {
        self.accepted_guests
    }

    /// The same usage with `members` members.
    pub const fn with_members(self, members: u32) -> SeatUsage {
        SeatUsage { members, ..self }
    }

    /// The same usage with `pending` pending member invitations.
    pub const fn with_pending_member_invites(self, pending: u32) -> SeatUsage {
        SeatUsage {
            pending_member_invites: pending,
            ..self
        }
    }

    /// The same usage with `guests` accepted guests.
    pub const fn with_accepted_guests(self, guests: u32) -> SeatUsage {
        SeatUsage {
            accepted_guests: guests,
            ..self
        }
    }
}

/// The seats a usage needs on a plan, and why (B-4, B-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatRequirement {
    member_seats: u32,
    guest_seats: u32,
    included: u32,
}

impl SeatRequirement {
    /// Seats for members and, if the plan reserves them, pending member invitations (B-4).
    pub const fn member_seats(&self) -> u32 {
        self.member_seats
    }

    /// The fewest paid seats whose guest allowance covers the accepted guests (B-6).
    pub const fn guest_seats(&self) -> u32 {
        self.guest_seats
    }

    /// Seats needed: the larger of the member seats and the guest seats.
    pub fn needed(&self) -> u32 {
        self.member_seats.max(self.guest_seats)
    }

    /// Seats to pay for: `max(included seats, needed)` (B-4).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Plan, SeatUsage};
    /// let business = Plan::business(); // 5 seats included
    /// let small = business.seats_needed(&SeatUsage::of_members(3))?;
    /// assert_eq!((small.needed(), small.paid(), small.extra_seats()), (3, 5, 0)); // B-4: max(included, needed)
    /// let large = business.seats_needed(&SeatUsage::of_members(7))?;
    /// assert_eq!((large.needed(), large.paid(), large.extra_seats()), (7, 7, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn paid(&self) -> u32 {
        self.needed().max(self.included)
    }

    /// Paid seats beyond the included ones.
    pub fn extra_seats(&self) -> u32 {
        self.paid().saturating_sub(self.included)
    }

    /// Paid seats bought only because of guests (B-6): the guest seats beyond both the member
    /// seats and the included seats, `guest_seats − max(member_seats, included)` (zero if
    /// negative). Seats the members or the included seats already give are not counted, so
    /// `paid() = max(member_seats, included) + extra_seats_for_guests()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Plan, SeatUsage};
    /// // Seed 004: 3 members allow 9 guests; the 10th guest needs a 4th seat, bought for guests.
    /// let need = Plan::deal_space().seats_needed(&SeatUsage::of_members(3).with_accepted_guests(10))?;
    /// assert_eq!((need.member_seats(), need.guest_seats(), need.extra_seats_for_guests()), (3, 4, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn extra_seats_for_guests(&self) -> u32 {
        self.guest_seats
            .saturating_sub(self.member_seats.max(self.included))
    }

    /// Paid seats bought only because of guests.
    #[deprecated(
        since = "0.2.0",
        note = "renamed `extra_seats_for_guests`: it counts guest seats beyond both the member and the included seats"
    )]
    pub fn seats_for_guests_only(&self) -> u32 {
        self.extra_seats_for_guests()
    }
}

impl Plan {
    /// The seats `usage` needs on this plan (B-4, B-6).
    ///
    /// # Errors
    ///
    /// [`BillingError::SeatLimitExceeded`] if more seats are needed than the hard limit, naming
    /// the limit and the plan to upgrade to; [`BillingError::GuestLimitExceeded`] if no number
    /// of seats covers the guests; [`BillingError::SeatCountOverflow`] if the counts overflow.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{Plan, SeatUsage};
    /// let plan = Plan::deal_space();
    /// // B-4: a pending member invitation reserves a seat by default.
    /// assert_eq!(plan.seats_needed(&SeatUsage::of_members(2).with_pending_member_invites(1))?.needed(), 3);
    /// let relaxed = plan.to_builder().invites_reserve_seats(false).build()?;
    /// assert_eq!(relaxed.seats_needed(&SeatUsage::of_members(2).with_pending_member_invites(1))?.needed(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn seats_needed(&self, usage: &SeatUsage) -> Result<SeatRequirement, BillingError> {
        let pending = if self.invites_reserve_seats() {
            usage.pending_member_invites
        } else {
            0
        };
        let member_seats = usage
            .members
            .checked_add(pending)
            .ok_or(BillingError::SeatCountOverflow)?;
        let guest_seats = match self.guest_ratio() {
            None => 0,
            Some(ratio) => match ratio.seats_for_guests(usage.accepted_guests) {
                Some(seats) => seats,
                None => {
                    return Err(match ratio.max_guests() {
                        Some(max_guests) => BillingError::GuestLimitExceeded {
                            plan: self.id().clone(),
                            guests: usage.accepted_guests,
                            max_guests,
                        },
                        None => BillingError::SeatCountOverflow,
                    })
                }
            },
        };
        let requirement = SeatRequirement {
            member_seats,
            guest_seats,
            included: self.included_seats(),
        };
        self.check_seat_limit(requirement.needed())?;
        Ok(requirement)
    }

    /// Checks `seats` against the hard limit.
    ///
    /// # Errors
    ///
    /// [`BillingError::SeatLimitExceeded`] if `seats` is above the hard limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::{BillingError, Plan};
    /// let capped = Plan::startup().to_builder().seat_limit(2, None).build()?;
    /// assert!(capped.check_seat_limit(2).is_ok());
    /// assert!(matches!(capped.check_seat_limit(3), Err(BillingError::SeatLimitExceeded { limit: 2, needed: 3, .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_seat_limit(&self, seats: u32) -> Result<(), BillingError> {
        match self.seat_limit() {
            Some(limit) if seats > limit.max_seats() => Err(BillingError::SeatLimitExceeded {
                plan: self.id().clone(),
                limit: limit.max_seats(),
                needed: seats,
                upgrade_to: limit.upgrade_to().cloned(),
            }),
            _ => Ok(()),
        }
    }
}

/// The seats paid for one billing period (B-5).
///
/// Paid seats never fall within a period: a seat freed by a removed member stays paid and is
/// reused by the next member at no charge. Only a renewal recomputes them from current use.
///
/// # Examples
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use seatwise::{BillingPeriod, SeatLedger};
/// let start = Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).unwrap();
/// let end = Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap();
/// let ledger = SeatLedger::new(BillingPeriod::new(start, end)?, 6);
/// // A member left: 5 seats needed, 6 paid — one free seat, nothing to buy.
/// assert_eq!(ledger.free_seats(5), 1);
/// assert_eq!(ledger.seats_to_buy(6), 0);
/// // Two members joined: the free seat is reused, one more is bought.
/// assert_eq!(ledger.seats_to_buy(7), 1);
/// assert_eq!(ledger.covering(7).paid_seats(), 7);
/// // Paid seats never fall within the period.
/// assert_eq!(ledger.covering(2).paid_seats(), 6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatLedger {
    period: BillingPeriod,
    paid_seats: u32,
}

impl SeatLedger {
    /// `paid_seats` paid for `period`.
    pub const fn new(period: BillingPeriod, paid_seats: u32) -> SeatLedger {
        SeatLedger { period, paid_seats }
    }

    /// The period the seats are paid for.
    pub const fn period(&self) -> BillingPeriod {
        self.period
    }

    /// Seats paid for the period.
    pub const fn paid_seats(&self) -> u32 {
        self.paid_seats
    }

    /// Paid seats not needed now, free for the next members at no charge (B-5).
    pub const fn free_seats(&self, needed: u32) -> u32 {
        self.paid_seats.saturating_sub(needed)
    }

    /// Seats to buy to cover `needed`, after reusing the free ones (B-5).
    pub const fn seats_to_buy(&self, needed: u32) -> u32 {
        needed.saturating_sub(self.paid_seats)
    }

    /// The ledger after covering `needed` seats: paid seats rise if needed, never fall (B-5).
    #[must_use]
    pub fn covering(&self, needed: u32) -> SeatLedger {
        SeatLedger {
            period: self.period,
            paid_seats: self.paid_seats.max(needed),
        }
    }
}

//! Guest ratios, guest allowances and guest status (B-6, B-7, B-10).
//!
//! A paid plan with a guest ratio allows `first + per_additional × (seats − 1)` guests for
//! `seats ≥ 1` paid seats, and none for 0 seats. Only *accepted* guests count (B-7): a guest
//! invitation, or a pending access request, does not; the caller passes the number of guests who
//! accepted their invitation or whose access request was approved.
//!
//! ```
//! use seatwise::GuestRatio;
//! let ratio = GuestRatio::new(5, 2); // seed 004
//! assert_eq!(ratio.allowance(1), 5);
//! assert_eq!(ratio.allowance(3), 9);
//! assert_eq!(ratio.seats_for_guests(10), Some(4));
//! ```

use super::plan::Plan;

/// A guest-to-seat ratio: `first` guests for the first paid seat, `per_additional` for each
/// further seat (B-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuestRatio {
    first: u32,
    per_additional: u32,
}

impl GuestRatio {
    /// The ratio `first + per_additional × (seats − 1)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::GuestRatio;
    /// let ratio = GuestRatio::new(5, 2); // seed 004: 5 guests for the first seat, 2 per further seat
    /// assert_eq!(ratio.allowance(0), 0); // B-6: no paid seat, no guest
    /// assert_eq!(ratio.allowance(4), 11);
    /// assert_eq!(ratio.seats_for_guests(12), Some(5)); // the 12th guest needs a 5th seat
    /// let capped = GuestRatio::new(5, 0);
    /// assert_eq!(capped.max_guests(), Some(5));
    /// assert_eq!(capped.seats_for_guests(6), None); // no number of seats allows a 6th guest
    /// ```
    pub const fn new(first: u32, per_additional: u32) -> GuestRatio {
        GuestRatio {
            first,
            per_additional,
        }
    }

    /// Guests allowed by the first paid seat.
    pub const fn first(&self) -> u32 {
        self.first
    }

    /// Guests allowed by each paid seat after the first.
    pub const fn per_additional(&self) -> u32 {
        self.per_additional
    }

    /// The guests allowed for `paid_seats`: 0 for 0 seats, else
    /// `first + per_additional × (paid_seats − 1)` (B-6). Computed in `u64`, where it cannot
    /// overflow.
    pub fn allowance(&self, paid_seats: u32) -> u64 {
        match paid_seats.checked_sub(1) {
            None => 0,
            Some(further) => u64::from(self.first)
                .saturating_add(u64::from(self.per_additional).saturating_mul(u64::from(further))),
        }
    }

    /// The fewest paid seats whose allowance covers `guests`: 0 for no guests, `None` if no
    /// number of seats does (`per_additional` is 0 and `guests > first`, or the count would not
    /// fit in a `u32`).
    pub fn seats_for_guests(&self, guests: u32) -> Option<u32> {
        if guests == 0 {
            return Some(0);
        }
        let beyond_first = guests.saturating_sub(self.first);
        if beyond_first == 0 {
            return Some(1);
        }
        if self.per_additional == 0 {
            return None;
        }
        // ceil(beyond_first / per_additional) further seats, plus the first one.
        beyond_first.div_ceil(self.per_additional).checked_add(1)
    }

    /// The most guests the ratio can allow whatever the seats: `None` if unbounded.
    pub fn max_guests(&self) -> Option<u64> {
        (self.per_additional == 0).then_some(u64::from(self.first))
    }
}

/// How a workspace stands against its guest allowance (B-10).
///
/// # Examples
///
/// ```
/// use seatwise::{GuestStatus, Plan};
/// let plan = Plan::deal_space();
/// let status = plan.guest_status(1, 5);
/// assert_eq!(status.allowance(), Some(5));
/// assert!(status.is_at_limit());
/// assert!(!status.is_over());
/// assert_eq!(status.extra_seats_for_next_guest(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuestStatus {
    used: u32,
    allowance: Option<u64>,
    paid_seats: u32,
    seats_for_next_guest: u32,
}

impl GuestStatus {
    /// Accepted guests.
    pub const fn used(&self) -> u32 {
        self.used
    }

    /// Paid seats the allowance was computed for.
    pub const fn paid_seats(&self) -> u32 {
        self.paid_seats
    }

    /// Guests allowed, `None` for no limit.
    pub const fn allowance(&self) -> Option<u64> {
        self.allowance
    }

    /// Guests that can still join without an extra seat, `None` for no limit.
    pub fn remaining(&self) -> Option<u64> {
        self.allowance
            .map(|a| a.saturating_sub(u64::from(self.used)))
    }

    /// At the limit: the next guest needs a paid seat, so show a warning (B-10).
    pub fn is_at_limit(&self) -> bool {
        self.allowance == Some(u64::from(self.used))
    }

    /// Over the limit: more guests than the paid seats allow (extra seats are due).
    pub fn is_over(&self) -> bool {
        self.allowance.is_some_and(|a| u64::from(self.used) > a)
    }

    /// Extra paid seats the next accepted guest would need.
    pub const fn extra_seats_for_next_guest(&self) -> u32 {
        self.seats_for_next_guest
    }
}

impl Plan {
    /// The guest status for `paid_seats` and `accepted_guests` (B-10). Only guests who accepted
    /// their invitation, or whose access request was approved, count (B-7).
    ///
    /// # Examples
    ///
    /// ```
    /// use seatwise::Plan;
    /// let plan = Plan::deal_space(); // 5 + 2 guests per paid seat
    /// let status = plan.guest_status(2, 8); // two seats allow 7 guests
    /// assert_eq!((status.used(), status.allowance(), status.remaining()), (8, Some(7), Some(0)));
    /// assert!(status.is_over()); // B-10: more guests than the seats allow
    /// assert_eq!(status.extra_seats_for_next_guest(), 1);
    /// // A plan without a guest ratio sets no limit.
    /// assert_eq!(Plan::business().guest_status(5, 100).allowance(), None);
    /// ```
    pub fn guest_status(&self, paid_seats: u32, accepted_guests: u32) -> GuestStatus {
        let allowance = self.guest_ratio().map(|r| r.allowance(paid_seats));
        let seats_for_next_guest = match self.guest_ratio() {
            None => 0,
            Some(ratio) => {
                let next = accepted_guests.saturating_add(1);
                let seats = ratio.seats_for_guests(next).unwrap_or(u32::MAX);
                seats.saturating_sub(paid_seats)
            }
        };
        GuestStatus {
            used: accepted_guests,
            allowance,
            paid_seats,
            seats_for_next_guest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b6_seats_for_guests_is_the_least_covering_count() {
        let ratio = GuestRatio::new(5, 2);
        for guests in 0..200_u32 {
            let seats = ratio.seats_for_guests(guests).unwrap();
            assert!(ratio.allowance(seats) >= u64::from(guests));
            if seats > 0 {
                assert!(ratio.allowance(seats - 1) < u64::from(guests));
            }
        }
    }

    #[test]
    fn b6_zero_per_additional_caps_guests() {
        let ratio = GuestRatio::new(3, 0);
        assert_eq!(ratio.seats_for_guests(3), Some(1));
        assert_eq!(ratio.seats_for_guests(4), None);
        assert_eq!(ratio.max_guests(), Some(3));
        assert_eq!(
            GuestRatio::new(u32::MAX, u32::MAX).allowance(u32::MAX),
            18_446_744_065_119_617_025
        );
    }
}

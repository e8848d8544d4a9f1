//! The two built-in models, shipped as policy documents and loaded by the same loader
//! hosts use (A-12): the sales scheduler (SPEC section 3) and the deal space (section 4).
//!
//! ```
//! let policy = seatwise::presets::deal_space()?;
//! assert_eq!(policy.roles().count(), 5); // DS-1
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::{Policy, PolicyError};

/// The sales scheduler document (seed 000), as TOML.
pub const SALES_SCHEDULER_TOML: &str = include_str!("sales_scheduler.toml");

/// The deal space document (seed 004), as TOML.
pub const DEAL_SPACE_TOML: &str = include_str!("deal_space.toml");

/// The sales scheduler model: Super Admin, Closer, Setter and Sales Manager (SS-2 … SS-14).
///
/// # Errors
///
/// None in practice: the document is tested; the `Result` is the loader's.
///
/// # Examples
///
/// ```
/// use seatwise::{presets, Principal, Resource, UserId, Verb};
/// let policy = presets::sales_scheduler()?;
/// let setter = Principal::member(UserId::new(1), policy.role("setter")?);
/// let calls = Resource::new(policy.area("scheduled_events")?);
/// assert!(policy.can(&setter, Verb::VIEW, &calls).is_allowed()); // SS-6: Full
/// assert!(policy.guest_role().is_none()); // no guests in this model
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sales_scheduler() -> Result<Policy, PolicyError> {
    Policy::from_toml(SALES_SCHEDULER_TOML)
}

/// The deal space model: Owner > Admin > Manager > Editor > Guest (DS-1 … DS-7).
///
/// # Errors
///
/// None in practice: the document is tested; the `Result` is the loader's.
///
/// # Examples
///
/// ```
/// use seatwise::{presets, Resource, UserId, Verb};
/// let policy = presets::deal_space()?;
/// let guest = policy.guest(UserId::new(7))?;
/// let deal = Resource::new(policy.area("deals")?);
/// // Seed 004, DS-3: a guest may present a deal but change nothing.
/// assert!(policy.can(&guest, Verb::PRESENT, &deal).is_allowed());
/// assert!(!policy.can(&guest, Verb::EDIT, &deal).is_allowed());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn deal_space() -> Result<Policy, PolicyError> {
    Policy::from_toml(DEAL_SPACE_TOML)
}

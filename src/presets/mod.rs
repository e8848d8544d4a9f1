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
pub fn sales_scheduler() -> Result<Policy, PolicyError> {
    Policy::from_toml(SALES_SCHEDULER_TOML)
}

/// The deal space model: Owner > Admin > Manager > Editor > Guest (DS-1 … DS-7).
///
/// # Errors
///
/// None in practice: the document is tested; the `Result` is the loader's.
pub fn deal_space() -> Result<Policy, PolicyError> {
    Policy::from_toml(DEAL_SPACE_TOML)
}

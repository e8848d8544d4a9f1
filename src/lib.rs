//! seatwise
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

mod access;
mod features;
pub mod presets;

pub use access::*;
pub use features::PlanFeatures;

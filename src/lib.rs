//! seatwise
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

mod billing;
mod features;

pub use billing::*;
pub use features::PlanFeatures;

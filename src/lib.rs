//! seatwise
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

mod features;

pub use features::PlanFeatures;

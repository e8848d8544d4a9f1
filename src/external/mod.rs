//! Optional integrations with other crates, each behind its feature.

#[cfg(feature = "proptest")]
pub mod proptest;

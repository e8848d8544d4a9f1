//! Serialization is part of the crate, not an option: the event log's digests (T-3) hash the
//! serde encoding of events. The `serde` feature is kept as a no-op for compatibility; this
//! turns on the `feature = "serde"` cfg that the derives are written under, whatever the
//! features, so `--no-default-features` builds the same crate.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rustc-cfg=feature=\"serde\"");
}

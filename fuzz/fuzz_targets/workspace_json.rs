//! Stored workspaces and event logs from arbitrary JSON (I-11, U-5): an error or a value,
//! never a panic; a workspace that loads writes back to the same one; events replay or fail.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatwise::{Event, Workspace};

fuzz_target!(|data: &[u8]| {
    if let Ok(space) = serde_json::from_slice::<Workspace>(data) {
        let text = serde_json::to_string(&space).expect("a loaded workspace writes");
        let again: Workspace = serde_json::from_str(&text).expect("a written workspace loads");
        assert!(again == space);
    }
    if let Ok(events) = serde_json::from_slice::<Vec<Event>>(data) {
        let _ = Workspace::replay(events.iter());
    }
});

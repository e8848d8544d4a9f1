//! Parse, print and parse again (I-11, A-12): any text gives an error or a policy, never a
//! panic, and a policy that loads writes back to a document that loads to the same one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatwise::Policy;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for loaded in [Policy::from_toml(text), Policy::from_json(text)] {
        let Ok(policy) = loaded else { continue };
        let toml = policy.to_toml().expect("a loaded policy writes as TOML");
        let again = Policy::from_toml(&toml).expect("a written policy loads");
        assert_eq!(again.document(), policy.document());
        let json = policy.to_json().expect("a loaded policy writes as JSON");
        let again = Policy::from_json(&json).expect("a written policy loads");
        assert_eq!(again.document(), policy.document());
    }
});

//! `roster_yaml`: any text, read as the loader reads that file kind. Must never
//! panic; every problem is a diagnostic with a message.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for d in pledgeboard::content::fuzz_roster_yaml(text) {
        assert!(!d.message.is_empty(), "empty message: {d:?}");
    }
});

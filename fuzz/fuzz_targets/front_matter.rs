//! `front_matter`: any text as a Markdown file with front matter, read as
//! a member's sheet, a unit's own sheet and a progress note. Must never
//! panic; every problem is a diagnostic with a message and a line.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for d in pledgeboard::content::fuzz_front_matter(text) {
        assert!(!d.message.is_empty(), "empty message: {d:?}");
        assert!(d.line >= 1, "no line: {d:?}");
    }
});

//! `front_matter`: any text as a Markdown file with front matter, read as
//! a member's sheet, a unit's own sheet and a progress note; every problem
//! also has a line (file_kind.rs).
#![no_main]
mod file_kind;
use pledgeboard::content::fuzz_front_matter as read;
libfuzzer_sys::fuzz_target!(|data: &[u8]| file_kind::check(data, read, true));

//! `unit_yaml`: any text, read as the loader reads that file kind (file_kind.rs).
#![no_main]
mod file_kind;
use pledgeboard::content::fuzz_unit_yaml as read;
libfuzzer_sys::fuzz_target!(|data: &[u8]| file_kind::check(data, read, false));

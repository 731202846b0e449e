//! `yaml_readers_agree`: any text through both YAML readers. The
//! hand-written fast path may decline; where it answers, its tree must be
//! serde-saphyr's, positions included, and serde-saphyr must not refuse
//! the text (`pledgeboard::content::yaml::check_fast_path`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(why) = pledgeboard::content::yaml::check_fast_path(text) {
        panic!("the YAML readers disagree on {text:?}: {why}");
    }
});

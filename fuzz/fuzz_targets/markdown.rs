//! `markdown`: any text rendered as an editor's Markdown body, with and
//! without a link folder. Must never panic, and what comes out must hold
//! no executable script.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pledgeboard::render::{MdOptions, render_markdown};

#[path = "oracle.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for link_base in [None, Some("/p/u/2026/zhang-wei/")] {
        let opts = MdOptions {
            link_base,
            heading_offset: 2,
            footnote_prefix: "n-",
        };
        let html = render_markdown(text, &opts);
        let bad = oracle::unsafe_markup(&html, true, &[]);
        assert!(bad.is_empty(), "unsafe markup {bad:?} in {html}");
    }
});

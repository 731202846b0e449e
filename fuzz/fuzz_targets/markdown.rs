//! `markdown`: any text rendered as an editor's Markdown body, with and
//! without a link folder. Must never panic, and what comes out must hold
//! no executable script.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pledgeboard::render::{MdOptions, render_markdown};

#[path = "../../tests/common/script_safety.rs"]
mod script_safety;

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
        let no_script = script_safety::Allowed {
            script_src: &|_| false,
            inline: &[],
        };
        let doc = scraper::Html::parse_fragment(&html);
        let bad = script_safety::unsafe_markup(&doc, &no_script);
        assert!(bad.is_empty(), "unsafe markup {bad:?} in {html}");
    }
});

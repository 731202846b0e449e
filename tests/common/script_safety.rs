//! The "no executable script" check (SECURITY.md §2), in one place for
//! tests/security.rs and the fuzz targets that produce HTML (they include
//! this file with `#[path]`). Needs `scraper` and `serde_json` only.

use scraper::Html;

/// What a page may run: the scripts (`src`) it may load, and inline
/// scripts known to be the theme's own, as (`type`, text).
pub struct Allowed<'a> {
    pub script_src: &'a dyn Fn(&str) -> bool,
    pub inline: &'a [(String, String)],
}

/// Inline scripts of a page: (`type`, text).
pub fn inline_scripts(doc: &Html) -> Vec<(String, String)> {
    doc.tree
        .nodes()
        .filter_map(scraper::ElementRef::wrap)
        .filter(|e| e.value().name() == "script" && e.value().attr("src").is_none())
        .map(|e| {
            (
                e.value().attr("type").unwrap_or("").to_string(),
                e.text().collect(),
            )
        })
        .collect()
}

/// What in `doc` could run script, other than what `allowed` allows;
/// empty when it is safe.
pub fn unsafe_markup(doc: &Html, allowed: &Allowed) -> Vec<String> {
    let mut found = Vec::new();
    for el in doc.tree.nodes().filter_map(scraper::ElementRef::wrap) {
        let el = el.value();
        let name = el.name();
        match name {
            "script" => {
                if let Some(src) = el.attr("src")
                    && !(allowed.script_src)(src)
                {
                    found.push(format!("<script src={src:?}>"));
                }
            }
            "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "base" => {
                found.push(format!("<{name}>"));
            }
            "meta"
                if el.attr("http-equiv").is_some_and(|h| {
                    h.eq_ignore_ascii_case("refresh") || h.eq_ignore_ascii_case("set-cookie")
                }) =>
            {
                found.push("<meta http-equiv>".into());
            }
            _ => {}
        }
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                found.push(format!("<{name} {attr}={value:?}>"));
            }
            // Browsers drop whitespace and control characters in a scheme.
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            // A scheme stands at the start of a URL (a `javascript:` in
            // a fragment or in plain text is not one); `srcset` holds a
            // list of URLs and `<meta refresh>` one after `url=`.
            let urls: Vec<&str> = match attr.as_str() {
                "srcset" => squeezed.split(',').collect(),
                "content" => squeezed.split("url=").skip(1).collect(),
                _ => vec![squeezed.as_str()],
            };
            if urls
                .iter()
                .any(|u| u.starts_with("javascript:") || u.starts_with("vbscript:"))
            {
                found.push(format!("<{name} {attr}={value:?}>"));
            }
            if attr == "srcdoc" {
                found.push(format!("<{name} srcdoc>"));
            }
            if squeezed.starts_with("data:") && !(name == "img" && attr == "src") {
                found.push(format!("<{name} {attr}={value:?}>"));
            }
            if attr == "style" && (squeezed.contains("expression(") || squeezed.contains("url(")) {
                found.push(format!("<{name} style={value:?}>"));
            }
            if name == "img" && attr == "src" && squeezed.starts_with("data:") {
                let kind = squeezed.trim_start_matches("data:");
                if !kind.starts_with("image/") || kind.starts_with("image/svg") {
                    found.push(format!("<img src={value:?}>"));
                }
            }
        }
    }
    for script in inline_scripts(doc) {
        let json = script.0 == "application/ld+json"
            && serde_json::from_str::<serde_json::Value>(&script.1).is_ok();
        if !json && !allowed.inline.contains(&script) {
            found.push(format!("inline <script>{}</script>", script.1));
        }
    }
    found
}

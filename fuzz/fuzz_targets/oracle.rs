//! The "no executable script" check shared by the fuzz targets that
//! produce HTML (the same rules as tests/security.rs).

use scraper::Html;

/// What in `html` could run script; empty when it is safe. `theme_js`:
/// the links (`src`) of the theme's own script files, which are allowed.
pub fn unsafe_markup(html: &str, fragment: bool, theme_js: &[String]) -> Vec<String> {
    let doc = if fragment {
        Html::parse_fragment(html)
    } else {
        Html::parse_document(html)
    };
    let mut found = Vec::new();
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let name = el.name();
        let theme_script = name == "script"
            && el
                .attr("src")
                .is_some_and(|s| theme_js.iter().any(|j| j == s))
            && node.children().next().is_none();
        if !theme_script
            && matches!(
                name,
                "script" | "iframe" | "frame" | "object" | "embed" | "base" | "applet"
            )
        {
            found.push(format!("<{name}>"));
        }
        if name == "meta"
            && el.attr("http-equiv").is_some_and(|h| {
                h.eq_ignore_ascii_case("refresh") || h.eq_ignore_ascii_case("set-cookie")
            })
        {
            found.push("<meta http-equiv>".into());
        }
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                found.push(format!("<{name} {attr}>"));
            }
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
        }
    }
    found
}

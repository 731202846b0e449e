//! Escaping text for markup, in one place: HTML (every value a template
//! prints, and the error overlay of `serve`) and XML (feeds, the sitemap,
//! SVG charts and QR codes).

use std::io::Write;

/// The entity of an HTML-special byte: tera's five characters plus `=`,
/// so escaped editor text never even reads like an attribute (`onerror=`)
/// to a naive scanner.
fn html_entity(b: u8) -> Option<&'static str> {
    Some(match b {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        b'\'' => "&#39;",
        b'=' => "&#61;",
        _ => return None,
    })
}

/// `input` HTML-escaped onto `out` (the theme's escape function).
pub fn html_to(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let Some(entity) = html_entity(b) else {
            continue;
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(entity.as_bytes())?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
}

/// `input` HTML-escaped, for text and attribute values.
pub fn html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    html_into(input, &mut out);
    out
}

/// `input` HTML-escaped, borrowed when nothing in it needs escaping
/// (most links).
pub fn html_cow(input: &str) -> std::borrow::Cow<'_, str> {
    if input.bytes().any(|b| html_entity(b).is_some()) {
        std::borrow::Cow::Owned(html(input))
    } else {
        std::borrow::Cow::Borrowed(input)
    }
}

/// `input` HTML-escaped onto `out` (the compiled templates' escaping,
/// the same as the theme's).
pub fn html_into(input: &str, out: &mut String) {
    let mut start = 0;
    for (i, b) in input.bytes().enumerate() {
        let Some(entity) = html_entity(b) else {
            continue;
        };
        // Every special byte is ASCII: `i` is a character boundary.
        out.push_str(&input[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&input[start..]);
}

/// `text` with `& < > " '` escaped, for XML text and attribute values;
/// characters XML 1.0 does not allow at all are dropped.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_the_six_characters() {
        let text = "a<b>&\"c'd=e 城";
        let want = "a&lt;b&gt;&amp;&quot;c&#39;d&#61;e 城";
        assert_eq!(html(text), want);
        let mut out = Vec::new();
        html_to(text, &mut out).expect("write");
        assert_eq!(String::from_utf8(out).expect("utf-8"), want);
    }

    #[test]
    fn xml_escapes_and_drops_what_xml_forbids() {
        assert_eq!(xml("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(xml("tab\there\u{ffff}"), "tab\there");
    }
}

//! Markdown written by editors to safe HTML: pulldown-cmark (tables,
//! footnotes, strikethrough, task lists), then an ammonia allow-list.
//! Nothing an editor writes survives as script, event handler, style,
//! frame or `javascript:`/`vbscript:`/`data:` URL.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative, UrlRelativeEvaluate};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// How one piece of Markdown is placed in its page.
#[derive(Clone, Copy, Debug, Default)]
pub struct MdOptions<'a> {
    /// Relative links and pictures point into this folder (a link that
    /// ends with `/`), where the note's attachments are copied.
    pub link_base: Option<&'a str>,
    /// Headings are pushed down this many levels (`#` becomes `<h3>` with 2).
    pub heading_offset: u8,
    /// Makes footnote ids unique when several bodies share one page.
    pub footnote_prefix: &'a str,
}

/// Renders and sanitizes `source`. Empty input gives an empty string.
pub fn render(source: &str, opts: &MdOptions) -> String {
    if source.trim().is_empty() {
        return String::new();
    }
    let (raw, plain) = unsanitized(source, opts);
    if plain {
        // Nothing but text, paragraphs, headings, emphasis and simple
        // lists: the sanitizer would give back the same bytes, and it was
        // half of this function's time.
        return raw;
    }
    sanitize(&raw, opts)
}

/// `source` as pulldown-cmark's HTML, and whether that is plain (see
/// [`is_plain`]).
fn unsanitized(source: &str, opts: &MdOptions) -> (String, bool) {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let footnote = |label: CowStr<'_>| -> CowStr<'static> {
        format!("fn-{}{}", opts.footnote_prefix, label).into()
    };
    let plain = std::cell::Cell::new(true);
    let events = Parser::new_ext(source, options).map(|event| {
        if plain.get() && !is_plain(&event) {
            plain.set(false);
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: shift(level, opts.heading_offset),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => {
                Event::End(TagEnd::Heading(shift(level, opts.heading_offset)))
            }
            Event::FootnoteReference(label) => Event::FootnoteReference(footnote(label)),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                Event::Start(Tag::FootnoteDefinition(footnote(label)))
            }
            other => other,
        }
    });
    let mut raw = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut raw, events);
    (raw, plain.get())
}

fn sanitize(raw: &str, opts: &MdOptions) -> String {
    LINK_BASE.with(|b| {
        let mut b = b.borrow_mut();
        b.clear();
        b.push_str(opts.link_base.unwrap_or(""));
    });
    SANITIZER.clean(raw).to_string()
}

/// Whether `event` makes HTML that the sanitizer leaves exactly as it is:
/// no links, pictures, raw HTML, code, tables, footnotes or line breaks
/// (`<br />` would come back as `<br>`), and text without the characters
/// it escapes differently (`"`, `'`) or that HTML parsing changes
/// (control characters).
fn is_plain(event: &Event) -> bool {
    match event {
        Event::Text(text) => !text
            .chars()
            .any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'' | '\u{a0}') || c.is_control()),
        Event::SoftBreak => true,
        Event::Start(Tag::Heading {
            id, classes, attrs, ..
        }) => id.is_none() && classes.is_empty() && attrs.is_empty(),
        Event::Start(tag) => matches!(
            tag,
            Tag::Paragraph
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::List(None)
                | Tag::Item
                | Tag::BlockQuote(None)
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::List(false)
                | TagEnd::Item
                | TagEnd::BlockQuote(None)
        ),
        _ => false,
    }
}

fn shift(level: HeadingLevel, by: u8) -> HeadingLevel {
    let n = (level as usize + by as usize).min(6);
    HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
}

/// The allow-list: ammonia's safe defaults (no script, style, iframe,
/// event handlers or style attributes; only well-known URL schemes, so no
/// `javascript:`, `vbscript:` or `data:`), plus disabled task-list
/// checkboxes and footnote markup. Table alignment (a `style`) is lost.
fn sanitizer() -> Builder<'static> {
    let mut b = Builder::default();
    b.add_tags(["input"]);
    // Only `type="checkbox"`; forcing attributes with ammonia's setters
    // would order them by hash, and output must be byte-identical.
    b.add_tag_attributes("input", ["checked", "disabled"]);
    b.add_tag_attribute_values("input", "type", ["checkbox"]);
    b.add_tag_attributes("div", ["id"]);
    b.id_prefix(Some("fn-"));
    let mut classes: HashMap<&str, HashSet<&str>> = HashMap::new();
    classes.insert("div", HashSet::from(["footnote-definition"]));
    classes.insert(
        "sup",
        HashSet::from(["footnote-definition-label", "footnote-reference"]),
    );
    classes.insert("ul", HashSet::from(["contains-task-list"]));
    classes.insert("li", HashSet::from(["task-list-item"]));
    b.allowed_classes(classes);
    b.url_relative(UrlRelative::Custom(Box::new(IntoFolder)));
    b
}

/// Built once: a builder costs as much as half a sanitizing pass.
static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(sanitizer);

thread_local! {
    /// The folder relative URLs point into, for the `clean` call running
    /// on this thread (empty: leave them alone). Set by `render` just
    /// before it sanitizes, so the shared builder needs no per-call state.
    static LINK_BASE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Points relative URLs (no scheme, not `/…`, `#…` or `?…`) into the
/// folder in `LINK_BASE`.
struct IntoFolder;

impl<'a> UrlRelativeEvaluate<'a> for IntoFolder {
    fn evaluate<'url>(&self, url: &'url str) -> Option<Cow<'url, str>> {
        // No scheme browsers would run, but no real link either
        // (`jav&#x13;ascript:`): dropped.
        if url.chars().any(char::is_control) {
            return None;
        }
        if url.starts_with('/') || url.starts_with('#') || url.starts_with('?') {
            return Some(Cow::Borrowed(url));
        }
        LINK_BASE.with(|base| {
            let base = base.borrow();
            if base.is_empty() {
                Some(Cow::Borrowed(url))
            } else {
                Some(Cow::Owned(format!(
                    "{base}{}",
                    url.trim_start_matches("./")
                )))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(s: &str) -> String {
        render(s, &MdOptions::default())
    }

    #[test]
    fn tables_and_task_lists() {
        let out = md("| a | b |\n|---|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~");
        assert!(out.contains("<table>"), "{out}");
        assert!(out.contains("<td>1</td>"), "{out}");
        assert!(out.contains(r#"type="checkbox""#), "{out}");
        assert!(out.contains("checked"), "{out}");
        assert!(out.contains("<del>old</del>"), "{out}");
    }

    #[test]
    fn script_and_handlers_are_dropped() {
        let out = md(concat!(
            "<script>alert(1)</script>\n\n",
            "<img src=x onerror=alert(1)>\n\n",
            "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](vbscript:x) ",
            "![d](data:image/png;base64,AAAA)\n\n",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<p style=\"color:red\" onclick=\"x()\">hi</p>",
            "<input type=\"text\" name=\"q\">"
        ));
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "JaVaScRiPt",
            "vbscript",
            "data:",
            "<iframe",
            "style=",
            "onclick",
            "type=\"text\"",
        ] {
            assert!(!out.contains(bad), "{bad} survived in {out}");
        }
    }

    #[test]
    fn relative_urls_point_into_the_note_folder() {
        let opts = MdOptions {
            link_base: Some("/p/u/2026/zhang/"),
            ..MdOptions::default()
        };
        let out = render(
            "![](photo.jpg) [doc](./a.pdf) [abs](/x/) [frag](#y) [ext](https://e.org/)\n\n<img src=\"b.png\">",
            &opts,
        );
        assert!(out.contains(r#"src="/p/u/2026/zhang/photo.jpg""#), "{out}");
        assert!(out.contains(r#"href="/p/u/2026/zhang/a.pdf""#), "{out}");
        assert!(out.contains(r#"href="/x/""#), "{out}");
        assert!(out.contains(r##"href="#y""##), "{out}");
        assert!(out.contains(r#"href="https://e.org/""#), "{out}");
        assert!(out.contains(r#"src="/p/u/2026/zhang/b.png""#), "{out}");
    }

    /// The sanitizer run over `source`'s HTML, as before the plain path.
    fn sanitized(source: &str) -> String {
        let opts = MdOptions::default();
        sanitize(&unsanitized(source, &opts).0, &opts)
    }

    #[test]
    fn plain_text_skips_the_sanitizer_with_the_same_bytes() {
        for source in [
            "走访企业12家，解决问题3个。\n第二行\n\n## 小结\n\n*重点* **难点** ~~旧~~\n\n- 一\n- 二\n\n> 引用",
            "a\n\n### b\n\n* c\n  * d",
        ] {
            assert!(unsanitized(source, &MdOptions::default()).1, "{source}");
            assert_eq!(md(source), sanitized(source), "{source}");
        }
        for source in [
            "[a](b)",
            "a<b",
            "a\\\nb",
            "`x`",
            "x[^1]\n\n[^1]: y",
            "1. a",
            "\"q\"",
        ] {
            assert!(!unsanitized(source, &MdOptions::default()).1, "{source}");
        }
    }

    proptest::proptest! {
        /// Whatever the text, the output is the sanitizer's: the plain path
        /// only skips it when it would change nothing.
        #[test]
        fn any_text_renders_as_the_sanitizer_gives_it(
            lines in proptest::collection::vec("[#*_~>\\- ]{0,2}[a-z中文&<>\"'\u{a0}\t*_~`!\\[\\]()<>: ]{0,12}", 0..6)
        ) {
            let source = lines.join("\n");
            let expected = if source.trim().is_empty() { String::new() } else { sanitized(&source) };
            proptest::prop_assert_eq!(md(&source), expected);
        }
    }

    #[test]
    fn headings_shift_and_footnotes_are_prefixed() {
        let opts = MdOptions {
            heading_offset: 2,
            footnote_prefix: "n1-",
            ..MdOptions::default()
        };
        let out = render("# T\n\nText[^a]\n\n[^a]: note", &opts);
        assert!(out.contains("<h3>T</h3>"), "{out}");
        assert!(out.contains(r##"href="#fn-n1-a""##), "{out}");
        assert!(out.contains(r#"id="fn-n1-a""#), "{out}");
    }
}

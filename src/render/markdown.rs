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
    let bounds = RefCell::new(Bounds::default());
    let events = Parser::new_ext(source, options)
        .filter_map(|event| bounds.borrow_mut().container(event))
        .flat_map(|event| {
            let event = bounds.borrow_mut().raw(event);
            let closing = bounds.borrow_mut().close_before(&event);
            closing.into_iter().chain(std::iter::once(event))
        })
        .chain(std::iter::from_fn(|| bounds.borrow_mut().close_all()));
    let events = events.map(|event| {
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

/// Block quotes and lists deeper than this are flattened: what is inside
/// them shows at this depth (docs/format.md). The sanitizer's HTML parser
/// does work in proportion to the depth for every element, so without a
/// cap a note of nested `>` took time in the square of its size.
pub const MAX_NESTING: usize = 16;

/// Raw HTML tags open at once in one Markdown block, at most; a piece of
/// raw HTML that would open more is shown as text.
pub const MAX_RAW_DEPTH: usize = 32;

/// What keeps the sanitizer's work near-linear in the input: the depth of
/// Markdown containers, and raw HTML that cannot reach across Markdown
/// blocks (each block closes the raw tags it left open) nor nest past
/// [`MAX_RAW_DEPTH`].
#[derive(Default)]
struct Bounds {
    /// Block quotes and lists open (and kept).
    depth: usize,
    /// Containers open past [`MAX_NESTING`] (dropped).
    over: usize,
    /// Raw tags open in this block, innermost last (lower case).
    raw: Vec<String>,
}

impl Bounds {
    /// Drops the start and end of containers past [`MAX_NESTING`] (their
    /// contents stay).
    fn container<'a>(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        let counts = |t: &Tag| matches!(t, Tag::BlockQuote(_) | Tag::List(_));
        match &event {
            Event::Start(t @ (Tag::BlockQuote(_) | Tag::List(_) | Tag::Item)) => {
                if self.over > 0 || (counts(t) && self.depth == MAX_NESTING) {
                    self.over += 1;
                    return None;
                }
                if counts(t) {
                    self.depth += 1;
                }
            }
            Event::End(t @ (TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item)) => {
                if self.over > 0 {
                    self.over -= 1;
                    return None;
                }
                if !matches!(t, TagEnd::Item) {
                    self.depth -= 1;
                }
            }
            _ => {}
        }
        Some(event)
    }

    /// Raw HTML without `<input>` (only task lists make checkboxes),
    /// or as text when it would nest too deep.
    fn raw<'a>(&mut self, event: Event<'a>) -> Event<'a> {
        let (html, inline) = match event {
            Event::Html(h) => (h, false),
            Event::InlineHtml(h) => (h, true),
            other => return other,
        };
        let html = match without_inputs(&html) {
            Some(stripped) => CowStr::from(stripped),
            None => html,
        };
        let mut open = self.raw.clone();
        if !raw_tags(&html, &mut open) {
            return Event::Text(html);
        }
        self.raw = open;
        if inline {
            Event::InlineHtml(html)
        } else {
            Event::Html(html)
        }
    }

    /// End tags for the raw tags still open, when a Markdown block starts
    /// or ends.
    fn close_before(&mut self, event: &Event) -> Option<Event<'static>> {
        let inline = |t: &Tag| {
            matches!(
                t,
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link { .. }
                    | Tag::Image { .. }
            )
        };
        let block = match event {
            Event::Start(t) => !inline(t),
            Event::End(t) => !matches!(
                t,
                TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Superscript
                    | TagEnd::Subscript
                    | TagEnd::Link
                    | TagEnd::Image
            ),
            Event::Rule => true,
            _ => false,
        };
        if block { self.close_all() } else { None }
    }

    fn close_all(&mut self) -> Option<Event<'static>> {
        if self.raw.is_empty() {
            return None;
        }
        let closing: String = self
            .raw
            .drain(..)
            .rev()
            .map(|t| format!("</{t}>"))
            .collect();
        Some(Event::Html(closing.into()))
    }
}

/// Elements without an end tag.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Follows the tags in `html` on `open`: a start tag is pushed (void
/// ones aside), an end tag pops only the innermost tag of its name. Any
/// other end tag leaves `open` as it is, so `open` holds at least what
/// the sanitizer's parser will have open. False when more than
/// [`MAX_RAW_DEPTH`] would be open.
fn raw_tags(html: &str, open: &mut Vec<String>) -> bool {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        i += p + 1;
        let end = b.get(i) == Some(&b'/');
        let start = i + usize::from(end);
        if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let len = b[start..]
            .iter()
            .position(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
            .unwrap_or(b.len() - start);
        let name = html[start..start + len].to_ascii_lowercase();
        i = start + len;
        if end {
            if open.last() == Some(&name) {
                open.pop();
            }
        } else if !VOID.contains(&name.as_str()) {
            open.push(name);
            if open.len() > MAX_RAW_DEPTH {
                return false;
            }
        }
    }
    true
}

/// `html` without its `<input …>` tags, when it has any.
fn without_inputs(html: &str) -> Option<String> {
    let b = html.as_bytes();
    let is_input = |at: usize| {
        b.get(at + 1..at + 6)
            .is_some_and(|n| n.eq_ignore_ascii_case(b"input"))
            && b.get(at + 6)
                .is_none_or(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
    };
    let first = (0..b.len()).find(|&i| b[i] == b'<' && is_input(i))?;
    let mut out = String::with_capacity(html.len());
    let mut i = first;
    out.push_str(&html[..i]);
    while i < b.len() {
        if b[i] == b'<' && is_input(i) {
            i = b[i..]
                .iter()
                .position(|&c| c == b'>')
                .map_or(b.len(), |e| i + e + 1);
            continue;
        }
        let next = b[i + 1..]
            .iter()
            .position(|&c| c == b'<')
            .map_or(b.len(), |p| i + 1 + p);
        out.push_str(&html[i..next]);
        i = next;
    }
    Some(out)
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

    fn count(out: &str, tag: &str) -> usize {
        out.matches(tag).count()
    }

    #[test]
    fn containers_deeper_than_the_cap_are_flattened() {
        let quotes = md(&format!("{}深处\n\n[链接](a)", ">".repeat(1000)));
        assert_eq!(count(&quotes, "<blockquote>"), MAX_NESTING, "{quotes}");
        assert_eq!(count(&quotes, "</blockquote>"), MAX_NESTING, "{quotes}");
        assert!(quotes.contains("深处"), "{quotes}");
        let lists = md(&format!("{}深处\n", "- ".repeat(1000)));
        assert_eq!(count(&lists, "<ul>"), MAX_NESTING, "{lists}");
        assert_eq!(count(&lists, "<li>"), MAX_NESTING, "{lists}");
        assert!(lists.contains("深处"), "{lists}");
        // Mixed, and up to the cap nothing changes.
        let mixed = md(&format!("{}x\n", "> 1. ".repeat(500)));
        assert_eq!(
            count(&mixed, "<blockquote>") + count(&mixed, "<ol>"),
            MAX_NESTING
        );
        let at_cap = format!("{}x\n", ">".repeat(MAX_NESTING));
        assert_eq!(count(&md(&at_cap), "<blockquote>"), MAX_NESTING);
    }

    #[test]
    fn raw_inputs_are_stripped_and_task_lists_keep_their_checkboxes() {
        let out = md(concat!(
            "<input type=\"text\" name=\"q\"> <INPUT>\n\n",
            "<p>a<input\ntype=checkbox></p>\n\n",
            "b <input type=\"checkbox\" disabled> c\n\n",
            "- [x] done\n- [ ] todo\n",
        ));
        assert_eq!(count(&out, "<input"), 2, "{out}");
        assert_eq!(
            count(&out, r#"<input disabled="" type="checkbox""#),
            2,
            "{out}"
        );
        assert!(!out.contains("INPUT"), "{out}");
        assert!(
            out.contains("<li><input disabled=\"\" type=\"checkbox\" checked=\"\">"),
            "{out}"
        );
        // `<inputs>` is another tag, and text is text.
        assert_eq!(without_inputs("<inputs> &lt;input>"), None);
    }

    #[test]
    fn raw_tags_do_not_reach_across_markdown_blocks() {
        // Left open, a tag would wrap every later paragraph.
        let out = md("<b title=1>粗\n\n后面\n\n<div>\n\n里面\n\n</div>");
        assert!(out.contains("<p>后面</p>"), "{out}");
        assert!(out.contains("<p>里面</p>"), "{out}");
        // Raw HTML nested deeper than the cap is shown as text.
        let deep = md(&"<div>".repeat(MAX_RAW_DEPTH + 1));
        assert!(!deep.contains("<div>"), "{deep}");
        assert!(deep.contains("&lt;div&gt;"), "{deep}");
        let ok = md(&format!(
            "{}x{}",
            "<div>".repeat(MAX_RAW_DEPTH),
            "</div>".repeat(MAX_RAW_DEPTH)
        ));
        assert_eq!(count(&ok, "<div>"), MAX_RAW_DEPTH, "{ok}");
    }

    /// Inputs shaped to make the parser or the sanitizer do work in the
    /// square of their size (nesting, unclosed and misnested tags, tags
    /// the parser re-opens in every later block) next to ordinary text.
    fn nasty() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just(">".to_string()),
            Just("- ".to_string()),
            Just("1. ".to_string()),
            Just("  ".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("[a](b)".to_string()),
            Just("<div>".to_string()),
            Just("</div>".to_string()),
            Just("<table>".to_string()),
            Just("<td>".to_string()),
            Just("<b><i></b>".to_string()),
            Just("<b title=x>".to_string()),
            Just("<p>".to_string()),
            Just("<a href=x>".to_string()),
            Just("*".to_string()),
            Just("**".to_string()),
            Just("[".to_string()),
            Just("](x)".to_string()),
            Just("`".to_string()),
            Just("| a |\n|---|\n".to_string()),
            Just("[^1]".to_string()),
            Just("<!--".to_string()),
            Just("文字".to_string()),
        ];
        proptest::collection::vec(piece, 1..12).prop_map(|motif| motif.concat())
    }

    /// Renders `source` and says how long it took.
    fn timed(source: &str) -> std::time::Duration {
        let started = std::time::Instant::now();
        let _ = md(source);
        started.elapsed()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]
        /// A motif of those pieces repeated to 256 KiB renders within a
        /// bound that a quadratic stage misses by far (minutes before the
        /// caps; an unoptimized build, on a shared machine).
        #[test]
        fn no_input_takes_quadratic_time(motif in nasty()) {
            let source = motif.repeat((256 << 10) / motif.len().max(1) + 1);
            let took = timed(&source);
            proptest::prop_assert!(took.as_secs() < 8, "{took:?} for {:?}…", &motif);
        }
    }

    /// The same at and past the Markdown file-size limit (1 MB;
    /// `content::source::MAX_MARKDOWN_BYTES`), where the bound is "a few
    /// seconds" and the time grows with the size: too slow for an
    /// unoptimized build, so run it with
    /// `cargo test --release --lib markdown -- --ignored`.
    #[test]
    #[ignore]
    fn eight_megabytes_of_any_motif_render_in_seconds() {
        use std::time::Duration;
        for motif in [
            ">",
            "- ",
            "1. ",
            "> - ",
            "[a](b)",
            "<div>",
            "<b><i></b>",
            "<b title=x>\n\nx\n\n",
            "<div><table></div>",
            "<span>",
            "**[",
            "文字\n\n",
            "| a |\n|---|\n| b |\n",
        ] {
            let small = timed(&motif.repeat((1 << 20) / motif.len()));
            let took = timed(&motif.repeat((8 << 20) / motif.len()));
            eprintln!("{motif:?}: 1 MB {small:?}, 8 MB {took:?}");
            // Linear: 8 times the input, about 8 times the time.
            assert!(
                took < small * 12 + Duration::from_secs(1),
                "{took:?} for {motif:?}"
            );
            // At the limit a Markdown file may reach: within seconds.
            assert!(small.as_secs() < 3, "{small:?} for 1 MB of {motif:?}");
        }
    }
}

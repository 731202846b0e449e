//! Compiled copies of built-in templates, for the pages a city has by
//! the tens of thousands, a pledge sheet's (`sheet.html`) and a note's own
//! (`note.html`), and for the longest, the status and category lists
//! (`status.html`, `category.html`), each in the frame of `base.html`,
//! with `partials/note.html` and the components they call. Tera
//! interprets a template anew for every page, and with `note_pages` its
//! interpreter was a sixth of a whole build's processor time
//! (BENCHMARKS.md); these write the same bytes directly from the views.
//!
//! The templates stay the source of truth, and what a site's theme sees
//! is unchanged: a copy is used only while the site replaces none of the
//! templates it copies (`Native::new`; a site's copy identical to the
//! built-in one does not count), and `native_pages_are_teras_byte_for_byte`
//! (src/render/tests.rs) renders every such page of every test
//! site both ways, in both languages, and compares the bytes: a change to
//! one of those templates not made here too fails the tests.

mod lists;
mod sheet;

use std::collections::BTreeMap;

use super::context::{Env, ItemView, Link, Story};
use super::pages::{Page, Pager, Parts};
use super::theme::Theme;
use super::urls::LinkForm;
use crate::escape::{html as esc, html_cow, html_into};

/// The templates each compiled page copies: `base.html`,
/// `components.html` and `partials/note.html` are in both.
const NOTE_TEMPLATES: [&str; 4] = [
    "base.html",
    "components.html",
    "partials/note.html",
    "note.html",
];
const SHEET_TEMPLATES: [&str; 4] = [
    "base.html",
    "components.html",
    "partials/note.html",
    "sheet.html",
];
const STATUS_TEMPLATES: [&str; 3] = ["base.html", "components.html", "status.html"];
const CATEGORY_TEMPLATES: [&str; 3] = ["base.html", "components.html", "category.html"];

/// The compiled pages of one build. The parts of `base.html` that are
/// the same on every page are made once; a page adds its title, print
/// values, feed, kind, crumbs and content between them.
pub struct Native {
    /// Up to the print values of `<html style='…'>`.
    open: String,
    /// From the end of `<html>` to the `<title>`.
    head: String,
    /// From after the page's title to the site feed's `<link>`.
    head_links: Fixed,
    /// After the head block: up to the body's class.
    body: String,
    /// After the body's class: the masthead, up to the first crumb.
    masthead: Fixed,
    /// After the crumbs, up to the content.
    main: String,
    /// After the content, to the end.
    footer: Fixed,
    /// The catalog, escaped (`{{ t.key }}`).
    t: BTreeMap<&'static str, String>,
    /// `site.glossary_url`, as it is, and `site.as_of_print`, escaped.
    glossary_url: String,
    as_of_print: String,
    /// Which kinds of page are compiled (`NOTE_TEMPLATES`…).
    notes: bool,
    sheets: bool,
    statuses: bool,
    categories: bool,
}

impl Native {
    /// The compiled pages whose templates the site does not replace.
    pub fn new(env: &Env, theme: &Theme) -> Option<Native> {
        let kept = |names: &[&str]| !names.iter().any(|name| theme.overrides(env.site, name));
        let (notes, sheets) = (kept(&NOTE_TEMPLATES), kept(&SHEET_TEMPLATES));
        let (statuses, categories) = (kept(&STATUS_TEMPLATES), kept(&CATEGORY_TEMPLATES));
        if !(notes || sheets || statuses || categories) {
            return None;
        }
        let t = |key: &str| esc(env.t.get(key));
        let c = &env.site.config;
        let title = esc(&c.title);
        let home = env.urls.dir("");
        let feed_url = env.urls.file(super::urls::SITE_FEED);
        let open = format!(
            "<!DOCTYPE html>\n<html lang=\"{}\" style='",
            esc(c.language.code())
        );
        let head = "'>\n<head>\n<meta charset=\"utf-8\">\n\
            <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
            .to_string();
        let mut head_links = Fixed::default();
        head_links
            .raw(" - ")
            .raw(&title)
            .raw("</title>\n<link rel=\"stylesheet\" href=\"")
            .link("href", &env.urls.file(super::urls::STYLE))
            .raw("\">\n<script src=\"")
            .link("src", &env.urls.file(super::urls::READER_JS))
            .raw("\"></script>\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
            .raw(&title)
            .raw("\" href=\"")
            .link("href", &feed_url)
            .raw("\">");
        let body = "\n</head>\n<body class=\"page-".to_string();
        let mut masthead = Fixed::default();
        masthead
            .raw("\"><a class=\"skip\" href=\"")
            .link("href", "#main")
            .raw("\">")
            .raw(&t("skip"))
            .raw(
                "</a>\n<header class=\"masthead\"><div class=\"wrap\">\n<a class=\"brand\" href=\"",
            )
            .link("href", &home)
            .raw("\">")
            .raw(&title)
            .raw("</a>\n<nav class=\"nav\" aria-label=\"")
            .raw(&t("nav_label"))
            .raw("\"><ul>\n<li><a href=\"")
            .link("href", &home)
            .raw("\">")
            .raw(&t("nav_home"))
            .raw("</a></li>");
        if let Some(year) = env.site.site_year() {
            masthead
                .raw("<li><a href=\"")
                .link("href", &env.year_url(year))
                .raw("\">")
                .num(year)
                .raw(&t("year_suffix"))
                .raw("</a></li>");
        }
        masthead
            .raw("\n<li><a href=\"")
            .link("href", &env.urls.dir(super::urls::YEARS))
            .raw("\">")
            .raw(&t("nav_years"))
            .raw("</a></li>\n<li><a href=\"")
            .link("href", &env.urls.dir(super::urls::CATEGORIES))
            .raw("\">")
            .raw(&t("nav_categories"))
            .raw("</a></li></ul></nav>\n<form class=\"search-box\" role=\"search\" aria-label=\"")
            .raw(&t("search_label"))
            .raw("\" action=\"")
            .link("action", &env.urls.dir(super::urls::SEARCH))
            .raw("\"><input id=\"site-q\" name=\"q\" type=\"search\" aria-label=\"")
            .raw(&t("search_label"))
            .raw("\" placeholder=\"")
            .raw(&t("search_placeholder"))
            .raw("\" autocomplete=\"off\"><button>")
            .raw(&t("search_button"))
            .raw("</button></form>\n</div></header>\n<nav class=\"crumbs wrap\" aria-label=\"")
            .raw(&t("crumbs_label"))
            .raw("\"><ol>");
        let main = "\n</ol></nav>\n<main id=\"main\" class=\"wrap\">".to_string();
        let mut footer = Fixed::default();
        footer
            .raw("\n</main>\n<footer class=\"footer\"><div class=\"wrap\">\n<p>")
            .raw(&t("footer"))
            .raw(" ")
            .text(&env.today.to_string())
            .raw("</p>");
        let s = &c.supervision;
        if !s.is_empty() {
            footer
                .raw("\n<p class=\"supervision-line\">")
                .raw(&t("supervision"))
                .raw(":");
            let parts = [
                (" ", "supervision_phone", &s.phone),
                (" · ", "supervision_mailbox", &s.mailbox),
                (" · ", "supervision_address", &s.address),
            ];
            for (sep, key, value) in parts {
                if let Some(value) = given(value) {
                    footer.raw(sep).raw(&t(key)).raw(" ").text(value);
                }
            }
            footer.raw("</p>");
        }
        footer
            .raw("\n<p><a class=\"feed-link\" href=\"")
            .link("href", &feed_url)
            .raw("\">")
            .raw(&t("feed"))
            .raw("</a></p>\n<button id=\"large-toggle\" title=\"")
            .raw(&t("large_text_label"))
            .raw("\" hidden>")
            .raw(&t("large_text"))
            .raw("</button>\n<p class=\"muted\">")
            .raw(&t("generator"))
            .raw("</p>\n</div></footer>\n</body>\n</html>\n");
        Some(Native {
            open,
            head,
            head_links,
            body,
            masthead,
            main,
            footer,
            t: env.t.map().iter().map(|(k, v)| (*k, esc(v))).collect(),
            glossary_url: env.urls.dir(super::urls::GLOSSARY),
            as_of_print: esc(&env
                .t
                .fill("print_as_of", &[("date", env.today.to_string())])),
            notes,
            sheets,
            statuses,
            categories,
        })
    }

    /// Whether `page` is of a kind this compiles.
    pub fn compiles(&self, page: &Page) -> bool {
        match page {
            Page::Note { .. } => self.notes,
            Page::Sheet { .. } => self.sheets,
            Page::Status { .. } => self.statuses,
            Page::Category(..) => self.categories,
            _ => false,
        }
    }

    /// `{{ t.key }}`; a key the catalog lacks shows as itself, as
    /// `Strings::get` does (and Tera's copy fails the tests).
    fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.t.get(key).map_or(key, String::as_str)
    }

    /// `base.html` around `content`, for a page other than the home page
    /// that fills none of its blocks but `content`.
    fn frame(
        &self,
        out: &mut Out<'_>,
        page: Frame<'_>,
        content: impl FnOnce(&Native, &mut Out<'_>),
    ) {
        out.raw(&self.open)
            .raw(page.print_vars)
            .raw(&self.head)
            .text(page.title)
            .fixed(&self.head_links);
        if let Some(feed) = page.feed {
            out.raw("\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
                .text(&feed.label)
                .raw("\" href=\"")
                .link("href", &feed.url)
                .raw("\">");
        }
        lists::pager_head(out, page.pager);
        out.raw(&self.body).raw(page.kind).fixed(&self.masthead);
        let last = page.crumbs.len().saturating_sub(1);
        for (i, c) in page.crumbs.iter().enumerate() {
            if i == last {
                out.raw("\n<li aria-current=\"page\"><span>")
                    .text(&c.label)
                    .raw("</span></li>");
            } else {
                out.raw("\n<li><a href=\"")
                    .link("href", &c.url)
                    .raw("\">")
                    .text(&c.label)
                    .raw("</a></li>");
            }
        }
        out.raw(&self.main);
        content(self, out);
        out.fixed(&self.footer);
    }

    /// The `define` component: a figure's definition, one tap away.
    fn define(&self, out: &mut Out<'_>, key: &str, name: &str) {
        out.raw("<details class=\"define\"><summary>")
            .raw(self.t("define_label"))
            .raw("<span class=\"sr-only\">: ")
            .raw(name)
            .raw("</span></summary><p>")
            .raw(self.t(&format!("define_{key}")))
            .raw(" <a href=\"")
            .link("href", &format!("{}#{key}", self.glossary_url))
            .raw("\">")
            .raw(self.t("glossary_link"))
            .raw("</a></p></details>");
    }
    /// An item's category, deadline, status and progress cells and the
    /// row's end, as the sheet's items table and `items_table` write
    /// them; `attrs`: what the first three cells' tags add after their
    /// label.
    fn item_cells(&self, out: &mut Out<'_>, i: &ItemView, attrs: [&str; 3]) {
        let t = |key| self.t(key);
        out.raw("\n<td data-label=\"")
            .raw(t("category"))
            .raw("\"")
            .raw(attrs[0])
            .raw(">");
        match &i.category {
            Some(c) => out
                .raw("<a href=\"")
                .link("href", &c.url)
                .raw("\">")
                .text(&c.label)
                .raw("</a>"),
            None => out.raw(t("dash")),
        };
        out.raw("</td>\n<td data-label=\"")
            .raw(t("deadline"))
            .raw("\"")
            .raw(attrs[1])
            .raw(">");
        self.deadline(out, i);
        out.raw("</td>\n<td data-label=\"")
            .raw(t("status"))
            .raw("\"")
            .raw(attrs[2])
            .raw(">");
        status_badge(out, i.status, &i.status_label);
        if let Some(s) = &i.story {
            story(out, s);
        }
        out.raw("</td>\n<td data-label=\"")
            .raw(t("progress"))
            .raw("\">");
        bar(out, i.progress, t("percent_label"));
        out.raw("</td></tr>");
    }

    /// The `deadline` component.
    fn deadline(&self, out: &mut Out<'_>, i: &ItemView) {
        if let Some(original) = given(&i.original_deadline) {
            out.raw("<del title=\"")
                .raw(self.t("original_deadline"))
                .raw("\"><span class=\"sr-only\">")
                .raw(self.t("original_deadline"))
                .raw(" </span>")
                .text(original)
                .raw("</del> ");
        }
        out.text(&i.deadline);
    }
}

/// The `story` component.
fn story(out: &mut Out<'_>, s: &Story) {
    out.raw("<p class=\"story\"><span class=\"story-label\">")
        .text(&s.label)
        .raw(":</span> ");
    if let Some(title) = given(&s.title) {
        out.raw("<b>").text(title).raw("</b> ");
    }
    out.raw("<a href=\"")
        .link("href", &s.url)
        .raw("\">")
        .text(&s.text)
        .raw("</a></p>");
}

/// A value Tera's `{% if %}` takes as given: present and not empty.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// A compiled page being written: markup as it is, text escaped as
/// `{{ text }}` prints it, numbers as Tera prints them, and site links
/// in their final form (`LinkForm`: Tera's pages get theirs from the
/// same rule afterwards).
pub struct Out<'a> {
    html: String,
    links: &'a LinkForm<'a>,
}

impl<'a> Out<'a> {
    pub fn new(capacity: usize, links: &'a LinkForm<'a>) -> Self {
        Out {
            html: String::with_capacity(capacity),
            links,
        }
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.html.into_bytes()
    }

    fn raw(&mut self, markup: &str) -> &mut Self {
        self.html.push_str(markup);
        self
    }

    fn text(&mut self, text: &str) -> &mut Self {
        html_into(text, &mut self.html);
        self
    }

    fn num(&mut self, n: impl std::fmt::Display) -> &mut Self {
        use std::fmt::Write as _;
        let _ = write!(self.html, "{n}");
        self
    }

    /// `url` as the value of the link attribute `attr`.
    fn link(&mut self, attr: &str, url: &str) -> &mut Self {
        let escaped = html_cow(url);
        self.links.put(&mut self.html, attr, &escaped);
        self
    }

    /// Markup made elsewhere (an editor's Markdown, as `| safe` prints
    /// it), its links in the page's form.
    fn blob(&mut self, html: &str) -> &mut Self {
        super::urls::links_into(html, self.links, &mut self.html);
        self
    }

    /// A part made once for every page.
    fn fixed(&mut self, part: &Fixed) -> &mut Self {
        for piece in &part.0 {
            match piece {
                Piece::Markup(markup) => self.html.push_str(markup),
                Piece::Link(attr, url) => self.links.put(&mut self.html, attr, url),
            }
        }
        self
    }
}

/// Part of the frame, the same on every page but for the form of its
/// links: markup, and links (escaped) to write in the page's form.
#[derive(Default)]
struct Fixed(Vec<Piece>);

enum Piece {
    Markup(String),
    Link(&'static str, String),
}

impl Fixed {
    fn raw(&mut self, markup: &str) -> &mut Self {
        match self.0.last_mut() {
            Some(Piece::Markup(last)) => last.push_str(markup),
            _ => self.0.push(Piece::Markup(markup.to_string())),
        }
        self
    }

    fn text(&mut self, text: &str) -> &mut Self {
        self.raw(&esc(text))
    }

    fn num(&mut self, n: impl std::fmt::Display) -> &mut Self {
        self.raw(&n.to_string())
    }

    fn link(&mut self, attr: &'static str, url: &str) -> &mut Self {
        self.0.push(Piece::Link(attr, esc(url)));
        self
    }
}

impl<'a> Frame<'a> {
    /// The frame of a page of `kind` made from `parts`, without a pager.
    fn of<V>(parts: &'a Parts<V>, kind: &'a str, print_vars: &'a str) -> Self {
        Frame {
            print_vars,
            pager: None,
            title: &parts.title,
            feed: parts.feed.as_ref(),
            kind,
            crumbs: &parts.crumbs,
        }
    }
}

/// What a page puts in `base.html`'s frame.
struct Frame<'a> {
    /// `page.print_vars`, printed as it is (`| safe`).
    print_vars: &'a str,
    /// The long list's pager, whose neighbours the `head` block of
    /// `status.html` and `category.html` links to.
    pager: Option<&'a Pager>,
    title: &'a str,
    feed: Option<&'a Link>,
    kind: &'a str,
    crumbs: &'a [Link],
}

/// The `status` component.
fn status_badge(out: &mut Out<'_>, key: &str, label: &str) {
    out.raw("<span class=\"status status-")
        .text(key)
        .raw("\">")
        .text(label)
        .raw("</span>");
}

/// The `bar` component with no text; `label` is escaped.
fn bar(out: &mut Out<'_>, value: u8, label: &str) {
    out.raw("<span role=\"progressbar\" aria-valuenow=\"")
        .num(value)
        .raw("\"");
    if !label.is_empty() {
        out.raw(" aria-label=\"").raw(label).raw("\"");
    }
    out.raw("><i style=\"--p:")
        .num(value)
        .raw("%\"></i><b>")
        .num(value)
        .raw("%</b></span>");
}

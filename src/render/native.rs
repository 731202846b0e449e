//! Compiled copies of built-in templates, for the kind of page a city has
//! by the tens of thousands: a note's own page (`note.html` in the frame
//! of `base.html`, with `partials/note.html` and the `status` and `bar`
//! components). Tera interprets a template anew for every page, and with
//! `note_pages` its interpreter was a sixth of a whole build's processor
//! time (BENCHMARKS.md); these write the same bytes directly.
//!
//! The templates stay the source of truth: a copy is used only while the
//! site replaces none of the templates it copies (`Native::new`), and
//! `native_pages_are_teras_byte_for_byte` (src/render/tests.rs) renders
//! every such page of every fixture site both ways and compares them, so
//! a change to one of those templates that is not made here too fails
//! the tests.

use super::context::{Env, NoteView};
use super::pages::NoteParts;
use super::theme::Theme;
use crate::escape::html_into;

/// The templates a compiled note page copies.
const NOTE_TEMPLATES: [&str; 4] = [
    "base.html",
    "note.html",
    "partials/note.html",
    "components.html",
];

/// The parts of `base.html` that are the same on every page of a build,
/// made once; a page adds its title, print values, feed, kind, crumbs
/// and content between them.
pub struct Native {
    /// Up to the print values of `<html style='…'>`.
    open: String,
    /// From the end of `<html>` to the `<title>`.
    head: String,
    /// From after the page's title to the site feed's `<link>`.
    head_links: String,
    /// After the head block: up to the body's class.
    body: String,
    /// After the body's class: the masthead, up to the first crumb.
    masthead: String,
    /// After the crumbs, up to the content.
    main: String,
    /// After the content, to the end.
    footer: String,
    /// The catalog's strings the note page prints, escaped.
    t: NoteStrings,
}

struct NoteStrings {
    pledge_sheet: String,
    back_to_sheet: String,
    item_now: String,
    percent_label: String,
    note_items: String,
    list_sep: String,
    author: String,
}

/// `text` escaped, as `{{ text }}` prints it.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    html_into(text, &mut out);
    out
}

impl Native {
    /// The compiled pages, unless the site replaces a template they copy.
    pub fn new(env: &Env, theme: &Theme) -> Option<Native> {
        if NOTE_TEMPLATES
            .iter()
            .any(|name| theme.overrides(env.site, name))
        {
            return None;
        }
        let t = |key: &str| esc(env.t.get(key));
        let c = &env.site.config;
        let title = esc(&c.title);
        let home = esc(&env.urls.dir(""));
        let feed_url = esc(&env.urls.file(super::urls::SITE_FEED));
        let open = format!(
            "<!DOCTYPE html>\n<html lang=\"{}\" style='",
            esc(c.language.code())
        );
        let head = "'>\n<head>\n<meta charset=\"utf-8\">\n\
            <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
            .to_string();
        let head_links = format!(
            " - {title}</title>\n<link rel=\"stylesheet\" href=\"{}\">\n\
             <script src=\"{}\"></script>\n\
             <link rel=\"alternate\" type=\"application/atom+xml\" title=\"{title}\" href=\"{feed_url}\">",
            esc(&env.urls.file(super::urls::STYLE)),
            esc(&env.urls.file(super::urls::READER_JS)),
        );
        let body = "\n</head>\n<body class=\"page-".to_string();
        let mut masthead = format!(
            "\"><a class=\"skip\" href=\"#main\">{}</a>\n\
             <header class=\"masthead\"><div class=\"wrap\">\n\
             <a class=\"brand\" href=\"{home}\">{title}</a>\n\
             <nav class=\"nav\" aria-label=\"{}\"><ul>\n\
             <li><a href=\"{home}\">{}</a></li>",
            t("skip"),
            t("nav_label"),
            t("nav_home"),
        );
        if let Some(year) = env.site.site_year() {
            masthead.push_str(&format!(
                "<li><a href=\"{}\">{year}{}</a></li>",
                esc(&env.year_url(year)),
                t("year_suffix"),
            ));
        }
        masthead.push_str(&format!(
            "\n<li><a href=\"{}\">{}</a></li>\n<li><a href=\"{}\">{}</a></li></ul></nav>\n\
             <form class=\"search-box\" role=\"search\" aria-label=\"{search_label}\" action=\"{}\">\
             <input id=\"site-q\" name=\"q\" type=\"search\" aria-label=\"{search_label}\" \
             placeholder=\"{}\" autocomplete=\"off\"><button>{}</button></form>\n\
             </div></header>\n<nav class=\"crumbs wrap\" aria-label=\"{}\"><ol>",
            esc(&env.urls.dir(super::urls::YEARS)),
            t("nav_years"),
            esc(&env.urls.dir(super::urls::CATEGORIES)),
            t("nav_categories"),
            esc(&env.urls.dir(super::urls::SEARCH)),
            t("search_placeholder"),
            t("search_button"),
            t("crumbs_label"),
            search_label = t("search_label"),
        ));
        let main = "\n</ol></nav>\n<main id=\"main\" class=\"wrap\">".to_string();
        let mut footer = format!(
            "\n</main>\n<footer class=\"footer\"><div class=\"wrap\">\n<p>{} {}</p>",
            t("footer"),
            esc(&env.today.to_string()),
        );
        let s = &c.supervision;
        if !s.is_empty() {
            let given = |v: &Option<String>| v.as_deref().filter(|v| !v.is_empty()).map(esc);
            footer.push_str(&format!(
                "\n<p class=\"supervision-line\">{}:",
                t("supervision")
            ));
            if let Some(phone) = given(&s.phone) {
                footer.push_str(&format!(" {} {phone}", t("supervision_phone")));
            }
            if let Some(mailbox) = given(&s.mailbox) {
                footer.push_str(&format!(" · {} {mailbox}", t("supervision_mailbox")));
            }
            if let Some(address) = given(&s.address) {
                footer.push_str(&format!(" · {} {address}", t("supervision_address")));
            }
            footer.push_str("</p>");
        }
        footer.push_str(&format!(
            "\n<p><a class=\"feed-link\" href=\"{feed_url}\">{}</a></p>\n\
             <button id=\"large-toggle\" title=\"{}\" hidden>{}</button>\n\
             <p class=\"muted\">{}</p>\n</div></footer>\n</body>\n</html>\n",
            t("feed"),
            t("large_text_label"),
            t("large_text"),
            t("generator"),
        ));
        Some(Native {
            open,
            head,
            head_links,
            body,
            masthead,
            main,
            footer,
            t: NoteStrings {
                pledge_sheet: t("pledge_sheet"),
                back_to_sheet: t("back_to_sheet"),
                item_now: t("item_now"),
                percent_label: t("percent_label"),
                note_items: t("note_items"),
                list_sep: t("list_sep"),
                author: t("author"),
            },
        })
    }

    /// `base.html` around `content`, for a page other than the home page
    /// that fills none of its blocks but `content`.
    fn frame(&self, out: &mut String, page: Frame<'_>, content: impl FnOnce(&Native, &mut String)) {
        out.push_str(&self.open);
        out.push_str(page.print_vars);
        out.push_str(&self.head);
        html_into(page.title, out);
        out.push_str(&self.head_links);
        if let Some(feed) = page.feed {
            out.push_str("\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
            html_into(&feed.label, out);
            out.push_str("\" href=\"");
            html_into(&feed.url, out);
            out.push_str("\">");
        }
        out.push_str(&self.body);
        out.push_str(page.kind);
        out.push_str(&self.masthead);
        let last = page.crumbs.len().saturating_sub(1);
        for (i, c) in page.crumbs.iter().enumerate() {
            if i == last {
                out.push_str("\n<li aria-current=\"page\"><span>");
                html_into(&c.label, out);
                out.push_str("</span></li>");
            } else {
                out.push_str("\n<li><a href=\"");
                html_into(&c.url, out);
                out.push_str("\">");
                html_into(&c.label, out);
                out.push_str("</a></li>");
            }
        }
        out.push_str(&self.main);
        content(self, out);
        out.push_str(&self.footer);
    }

    /// `note.html`: a note's own page.
    pub fn note_page(&self, parts: &NoteParts, print_vars: &str) -> Vec<u8> {
        let n = &*parts.note;
        let mut out = String::with_capacity(4096 + n.body_html.len());
        let frame = Frame {
            print_vars,
            title: &parts.title,
            feed: parts.feed.as_ref(),
            kind: "note",
            crumbs: &parts.crumbs,
        };
        self.frame(&mut out, frame, |native, out| {
            let sheet = &parts.sheet;
            out.push_str("\n<p class=\"sheet-kicker\"><a href=\"");
            html_into(&sheet.unit.url, out);
            out.push_str("\">");
            html_into(&sheet.unit.label, out);
            out.push_str("</a> · ");
            html_into(&sheet.year_label, out);
            out.push_str(" · ");
            out.push_str(&native.t.pledge_sheet);
            out.push_str("</p>\n<h1>");
            html_into(&n.heading, out);
            out.push_str("</h1>\n\n");
            native.note_article(out, n);
            out.push_str("\n<p><a class=\"more\" href=\"");
            html_into(&n.permalink, out);
            out.push_str("\">");
            out.push_str(&native.t.back_to_sheet);
            out.push_str(": ");
            html_into(&sheet.name, out);
            out.push_str("</a></p>\n");
        });
        out.into_bytes()
    }

    /// `partials/note.html` on the note's own page (`note_page` true).
    fn note_article(&self, out: &mut String, n: &NoteView) {
        out.push_str("<article class=\"note\"><header>\n<p class=\"note-meta\"><time>");
        html_into(&n.date, out);
        out.push_str("</time>");
        if let Some(status) = n.status.filter(|s| !s.is_empty()) {
            out.push(' ');
            status_badge(out, status, n.status_label.as_deref().unwrap_or_default());
        }
        for i in &n.now {
            out.push_str(" <span class=\"item-now\">");
            out.push_str(&self.t.item_now);
            if n.now.len() > 1 {
                out.push('（');
                html_into(&i.title, out);
                out.push('）');
            }
            out.push_str(": ");
            status_badge(out, i.status, &i.status_label);
            out.push_str("</span>");
        }
        if let Some(progress) = n.progress {
            out.push(' ');
            bar(out, progress, &self.t.percent_label);
        }
        out.push_str("</p>\n<p class=\"note-items\">");
        out.push_str(&self.t.note_items);
        out.push_str(": ");
        let last = n.items.len().saturating_sub(1);
        for (i, item) in n.items.iter().enumerate() {
            out.push_str("<a href=\"");
            html_into(&item.url, out);
            out.push_str("\">");
            html_into(&item.label, out);
            out.push_str("</a>");
            if i != last {
                out.push_str(&self.t.list_sep);
            }
        }
        if let Some(author) = n.author.as_deref().filter(|a| !a.is_empty()) {
            out.push_str(" · ");
            out.push_str(&self.t.author);
            out.push_str(": ");
            html_into(author, out);
        }
        out.push_str("</p></header>");
        if !n.body_html.is_empty() {
            out.push_str("\n<div class=\"prose\">");
            out.push_str(&n.body_html);
            out.push_str("</div>");
        }
        out.push_str("\n</article>\n");
    }
}

/// What a page puts in `base.html`'s frame.
struct Frame<'a> {
    /// `page.print_vars`, printed as it is (`| safe`).
    print_vars: &'a str,
    title: &'a str,
    feed: Option<&'a super::context::Link>,
    kind: &'a str,
    crumbs: &'a [super::context::Link],
}

/// The `status` component.
fn status_badge(out: &mut String, key: &str, label: &str) {
    out.push_str("<span class=\"status status-");
    html_into(key, out);
    out.push_str("\">");
    html_into(label, out);
    out.push_str("</span>");
}

/// The `bar` component with a label and no text.
fn bar(out: &mut String, value: u8, label: &str) {
    let value = value.to_string();
    out.push_str("<span role=\"progressbar\" aria-valuenow=\"");
    out.push_str(&value);
    out.push('"');
    if !label.is_empty() {
        out.push_str(" aria-label=\"");
        out.push_str(label);
        out.push('"');
    }
    out.push_str("><i style=\"--p:");
    out.push_str(&value);
    out.push_str("%\"></i><b>");
    out.push_str(&value);
    out.push_str("%</b></span>");
}

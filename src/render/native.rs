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

use std::collections::BTreeMap;

use super::context::{Env, Figures, ItemView, Link, NoteView, StatusCount, Story};
use super::pages::{CategoryView, NotePage, Page, Pager, Parts, SheetView, StatusView, YearLink};
use super::theme::Theme;
use super::urls::LinkForm;
use crate::escape::{html as esc, html_into};

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
            if let Some(phone) = given(&s.phone) {
                footer
                    .raw(" ")
                    .raw(&t("supervision_phone"))
                    .raw(" ")
                    .text(phone);
            }
            if let Some(mailbox) = given(&s.mailbox) {
                footer
                    .raw(" · ")
                    .raw(&t("supervision_mailbox"))
                    .raw(" ")
                    .text(mailbox);
            }
            if let Some(address) = given(&s.address) {
                footer
                    .raw(" · ")
                    .raw(&t("supervision_address"))
                    .raw(" ")
                    .text(address);
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
        pager_head(out, page.pager);
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

    /// `note.html`: a note's own page.
    pub fn note_page(
        &self,
        parts: &Parts<NotePage>,
        print_vars: &str,
        links: &LinkForm<'_>,
    ) -> Vec<u8> {
        let n = &*parts.view.note;
        let mut out = Out::new(4096 + n.body_html.len(), links);
        let frame = Frame {
            print_vars,
            pager: None,
            title: &parts.title,
            feed: parts.feed.as_ref(),
            kind: "note",
            crumbs: &parts.crumbs,
        };
        self.frame(&mut out, frame, |native, out| {
            let sheet = &parts.view.sheet;
            out.raw("\n<p class=\"sheet-kicker\"><a href=\"")
                .link("href", &sheet.unit.url)
                .raw("\">")
                .text(&sheet.unit.label)
                .raw("</a> · ")
                .text(&sheet.year_label)
                .raw(" · ")
                .raw(native.t("pledge_sheet"))
                .raw("</p>\n<h1>")
                .text(&n.heading)
                .raw("</h1>\n\n");
            native.note_article(out, n, true);
            out.raw("\n<p><a class=\"more\" href=\"")
                .link("href", &n.permalink)
                .raw("\">")
                .raw(native.t("back_to_sheet"))
                .raw(": ")
                .text(&sheet.name)
                .raw("</a></p>\n");
        });
        out.into_bytes()
    }

    /// `partials/note.html`; `note_page`: on the note's own page.
    fn note_article(&self, out: &mut Out<'_>, n: &NoteView, note_page: bool) {
        out.raw("<article class=\"note\"");
        if !note_page {
            out.raw(" id=\"").text(&n.id).raw("\"");
        }
        out.raw("><header>\n<p class=\"note-meta\">");
        if !note_page {
            out.raw("<a class=\"permalink\" href=\"")
                .link("href", &n.anchor_href)
                .raw("\" title=\"")
                .raw(self.t("permalink"))
                .raw("\">#</a> ");
        }
        out.raw("<time>").text(&n.date).raw("</time>");
        if let Some(status) = n.status.filter(|s| !s.is_empty()) {
            out.raw(" ");
            status_badge(out, status, n.status_label.as_deref().unwrap_or_default());
        }
        for i in &n.now {
            out.raw(" <span class=\"item-now\">")
                .raw(self.t("item_now"));
            if n.now.len() > 1 {
                out.raw("（").text(&i.title).raw("）");
            }
            out.raw(": ");
            status_badge(out, i.status, &i.status_label);
            out.raw("</span>");
        }
        if let Some(progress) = n.progress {
            out.raw(" ");
            bar(out, progress, self.t("percent_label"));
        }
        out.raw("</p>");
        if !note_page {
            out.raw("\n<h3>");
            match given(&n.page_url) {
                Some(url) => out
                    .raw("<a href=\"")
                    .link("href", url)
                    .raw("\">")
                    .text(&n.heading)
                    .raw("</a>"),
                None => out.text(&n.heading),
            };
            out.raw("</h3>");
        }
        out.raw("\n<p class=\"note-items\">")
            .raw(self.t("note_items"))
            .raw(": ");
        let last = n.items.len().saturating_sub(1);
        for (i, item) in n.items.iter().enumerate() {
            out.raw("<a href=\"")
                .link("href", &item.url)
                .raw("\">")
                .text(&item.label)
                .raw("</a>");
            if i != last {
                out.raw(self.t("list_sep"));
            }
        }
        if let Some(author) = given(&n.author) {
            out.raw(" · ").raw(self.t("author")).raw(": ").text(author);
        }
        out.raw("</p></header>");
        if !n.body_html.is_empty() {
            out.raw("\n<div class=\"prose\">")
                .blob(&n.body_html)
                .raw("</div>");
        }
        out.raw("\n</article>\n");
    }

    /// `sheet.html`: a pledge sheet's page.
    pub fn sheet_page(
        &self,
        parts: &Parts<SheetView>,
        print_vars: &str,
        links: &LinkForm<'_>,
    ) -> Vec<u8> {
        let v = &parts.view;
        let notes: usize = v.notes.iter().map(|n| n.body_html.len() + 1024).sum();
        let mut out = Out::new(12 * 1024 + v.body_html.len() + notes, links);
        let frame = Frame {
            print_vars,
            pager: None,
            title: &parts.title,
            feed: parts.feed.as_ref(),
            kind: "sheet",
            crumbs: &parts.crumbs,
        };
        self.frame(&mut out, frame, |native, out| native.sheet_content(out, v));
        out.into_bytes()
    }

    fn sheet_content(&self, out: &mut Out<'_>, v: &SheetView) {
        let t = |key| self.t(key);
        let h = &v.head;
        let f = &v.totals;
        out.raw("\n<article class=\"sheet\">\n<header class=\"sheet-head\">\n<p class=\"sheet-kicker\">")
            .text(&h.year_label)
            .raw(" · ")
            .raw(t("pledge_sheet"))
            .raw("</p>\n<h1>")
            .text(&h.name)
            .raw("</h1>\n<dl class=\"facts\">\n");
        if let Some(role) = given(&h.role) {
            out.raw("<div><dt>")
                .raw(t("role"))
                .raw("</dt><dd>")
                .text(role)
                .raw("</dd></div>");
        }
        out.raw("\n<div><dt>")
            .raw(t("unit"))
            .raw("</dt><dd><a href=\"")
            .link("href", &h.unit.url)
            .raw("\">")
            .text(&h.unit.label)
            .raw("</a></dd></div>\n<div><dt>")
            .raw(t("form"))
            .raw("</dt><dd>")
            .text(&v.form_label)
            .raw("</dd></div>\n");
        if let Some(by) = given(&v.approved_by) {
            out.raw("<div><dt>")
                .raw(t("approved"))
                .raw("</dt><dd>")
                .text(by)
                .raw(" ")
                .text(v.approved_on.as_deref().unwrap_or_default())
                .raw("</dd></div>");
        }
        out.raw("\n");
        if let Some(published) = given(&v.published) {
            out.raw("<div><dt>")
                .raw(t("published"))
                .raw("</dt><dd>")
                .text(published)
                .raw("</dd></div>");
        }
        out.raw("\n");
        if f.running {
            out.raw("<div><dt>")
                .raw(t("fulfilment_due"))
                .raw("</dt><dd>")
                .text(&f.fulfilment_due);
            if f.due_known {
                out.raw(" (").num(f.done).raw("/").num(f.due).raw(")");
            }
            self.define(out, "fulfilment_due", t("fulfilment_due"));
            out.raw("</dd></div>");
        }
        out.raw("\n<div><dt>")
            .raw(t("fulfilment_year"))
            .raw("</dt><dd>")
            .text(&f.fulfilment);
        if f.counted > 0 {
            out.raw(" (").num(f.done).raw("/").num(f.counted).raw(")");
        }
        self.define(out, "fulfilment", t("fulfilment_year"));
        out.raw("</dd></div>\n");
        if let Some(as_of) = given(&f.as_of) {
            out.raw("<div><dt class=\"sr-only\">")
                .raw(t("fulfilment_due"))
                .raw("</dt><dd class=\"as-of\">")
                .text(as_of)
                .raw("</dd></div>");
        }
        out.raw("\n<div><dt>")
            .raw(t("avg_progress"))
            .raw("</dt><dd>");
        bar(out, v.progress, t("avg_progress"));
        out.raw("</dd></div>\n</dl>\n");
        if v.years.len() > 1 {
            year_nav(out, &v.years, t("sheet_years"));
        }
        out.raw("\n</header>\n\n<section>\n<h2>")
            .raw(t("item"))
            .raw("</h2>\n<div class=\"table-wrap\"><table class=\"items sheet-items reflow\"><thead><tr data-b=\"")
            .raw(t("baseline"))
            .raw("\" data-t=\"")
            .raw(t("target"))
            .raw("\"><th data-p=\"")
            .raw(t("print_no"))
            .raw("\">#</th><th>")
            .raw(t("item"))
            .raw("</th><th>")
            .raw(t("category"))
            .raw("</th><th>")
            .raw(t("deadline"))
            .raw("</th><th>")
            .raw(t("status"))
            .raw("</th><th>")
            .raw(t("progress"))
            .raw("</th></tr></thead>\n<tbody>");
        for (n, i) in v.items.iter().enumerate() {
            self.item_row(out, n + 1, i);
        }
        out.raw("\n</tbody></table></div>\n</section>\n\n");
        if !v.body_html.is_empty() {
            out.raw("\n<section class=\"statement\">\n<h2>")
                .raw(t("statement"))
                .raw("</h2>\n<div class=\"prose\">")
                .blob(&v.body_html)
                .raw("</div>\n</section>\n");
        }
        out.raw("\n\n<section class=\"timeline\">\n<h2>")
            .raw(t("timeline"))
            .raw("</h2>\n");
        for n in &v.notes {
            self.note_article(out, n, false);
        }
        if v.notes.is_empty() {
            out.raw("<p class=\"muted\">")
                .raw(t("no_notes"))
                .raw("</p>");
        }
        out.raw("\n</section>\n\n<section class=\"evaluation\">\n<h2>")
            .raw(t("evaluation"))
            .raw("</h2>\n");
        self.evaluation(out, v);
        out.raw("\n</section>\n</article>");
        self.formal(out, v);
    }

    /// A row of the sheet's items table.
    fn item_row(&self, out: &mut Out<'_>, n: usize, i: &ItemView) {
        let t = |key| self.t(key);
        out.raw("\n<tr id=\"")
            .text(&i.anchor)
            .raw("\"><td class=\"num\">")
            .num(n)
            .raw("</td>\n<td><b>")
            .text(&i.title)
            .raw("</b>");
        let details = [
            ("base", "baseline", &i.baseline),
            ("goal", "target", &i.target),
            ("resp", "responsibility", &i.responsibility),
        ];
        for (class, key, text) in details {
            if let Some(text) = given(text) {
                out.raw("<div class=\"detail ")
                    .raw(class)
                    .raw("\"><span>")
                    .raw(t(key))
                    .raw(":</span> ")
                    .text(text)
                    .raw("</div>");
            }
        }
        out.raw("</td>\n<td data-label=\"")
            .raw(t("category"))
            .raw("\">");
        match &i.category {
            Some(c) => {
                out.raw("<a href=\"")
                    .link("href", &c.url)
                    .raw("\">")
                    .text(&c.label)
                    .raw("</a>");
            }
            None => {
                out.raw(t("dash"));
            }
        }
        out.raw("</td>\n<td data-label=\"")
            .raw(t("deadline"))
            .raw("\">");
        self.deadline(out, i);
        out.raw("</td>\n<td data-label=\"")
            .raw(t("status"))
            .raw("\">");
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

    /// The sheet's evaluation section, inside its `<h2>`.
    fn evaluation(&self, out: &mut Out<'_>, v: &SheetView) {
        let t = |key| self.t(key);
        let Some(r) = &v.review else {
            out.raw("\n<p class=\"pending\">")
                .raw(t("after_review"))
                .raw("</p>\n");
            return;
        };
        out.raw("\n");
        let grade = r.grade.filter(|g| !g.is_empty());
        if grade.is_some() || r.exemplary {
            out.raw("<p>");
            if let Some(g) = grade {
                out.raw(t("grade"))
                    .raw(": <span class=\"grade grade-")
                    .text(g)
                    .raw("\">")
                    .text(r.grade_label.as_deref().unwrap_or_default())
                    .raw("</span>");
            }
            if r.exemplary {
                out.raw(" <span class=\"badge\">")
                    .raw(t("exemplary_badge"))
                    .raw("</span>");
            }
            out.raw("</p>");
        }
        out.raw("\n");
        if !r.comments.is_empty() {
            out.raw("\n<h3>")
                .raw(t("leader_comments"))
                .raw("</h3>\n<ul class=\"comments\">");
            for c in &r.comments {
                out.raw("\n<li><p class=\"note-meta\">")
                    .text(&c.half_label)
                    .raw(" · ")
                    .text(&c.by)
                    .raw(" · <time>")
                    .text(&c.date)
                    .raw("</time></p><blockquote>")
                    .text(&c.text)
                    .raw("</blockquote></li>\n");
            }
            out.raw("</ul>\n");
        }
        out.raw("\n");
        if let Some(votes) = &r.votes {
            out.raw("\n<h3>")
                .raw(t("mass_evaluation"))
                .raw("</h3>\n<dl class=\"figures\">\n<div><dt>")
                .raw(t("votes_satisfied"))
                .raw("</dt><dd>")
                .num(votes.satisfied)
                .raw("</dd></div>\n<div><dt>")
                .raw(t("votes_basic"))
                .raw("</dt><dd>")
                .num(votes.basic)
                .raw("</dd></div>\n<div><dt>")
                .raw(t("votes_unsatisfied"))
                .raw("</dt><dd>")
                .num(votes.unsatisfied)
                .raw("</dd></div>\n<div><dt>")
                .raw(t("satisfaction"))
                .raw("</dt><dd>")
                .text(&votes.satisfaction)
                .raw("<small>")
                .raw(t("votes_total"))
                .raw(" ")
                .num(votes.total)
                .raw("</small></dd></div>\n</dl>\n");
        }
        out.raw("\n");
    }

    /// The printed 公开承诺书 (`print-only`).
    fn formal(&self, out: &mut Out<'_>, v: &SheetView) {
        let t = |key| self.t(key);
        let h = &v.head;
        out.raw("<section class=\"formal print-only");
        if v.print_dense {
            out.raw(" dense");
        }
        if v.closed {
            out.raw(" closed");
        }
        out.raw("\" aria-hidden=\"true\">\n<p class=\"formal-kicker\">")
            .text(&h.year_label)
            .raw("</p>\n<p class=\"formal-title\">")
            .raw(t("pledge_sheet"))
            .raw("</p>\n");
        if v.closed {
            out.raw("<p class=\"formal-closed\">")
                .raw(t("print_closed"))
                .raw(" · ")
                .raw(&self.as_of_print)
                .raw("</p>");
        }
        out.raw("\n<table class=\"formal-facts\">\n");
        if h.is_unit {
            out.raw("\n<tr><th>")
                .raw(t("print_unit_pledger"))
                .raw("</th><td>")
                .text(&h.name)
                .raw("</td><th>")
                .raw(t("print_leader"))
                .raw("</th><td>")
                .text(given(&v.leader).unwrap_or_default())
                .raw("</td></tr>\n");
            if let Some(parent) = given(&v.parent) {
                out.raw("<tr><th>")
                    .raw(t("print_parent"))
                    .raw("</th><td colspan=\"3\">")
                    .text(parent)
                    .raw("</td></tr>");
            }
            out.raw("\n");
        } else {
            out.raw("\n<tr><th>")
                .raw(t("pledger"))
                .raw("</th><td>")
                .text(&h.name)
                .raw("</td><th>")
                .raw(t("role"))
                .raw("</th><td>");
            match given(&h.role) {
                Some(role) => out.text(role),
                None => out.raw(t("dash")),
            };
            out.raw("</td></tr>\n<tr><th>")
                .raw(t("print_unit"))
                .raw("</th><td colspan=\"3\">")
                .text(&h.unit.label)
                .raw("</td></tr>\n");
        }
        out.raw("\n<tr><th>")
            .raw(t("form"))
            .raw("</th><td>")
            .text(&v.form_label)
            .raw("</td><th>")
            .raw(t("published"))
            .raw("</th><td>");
        match given(&v.published) {
            Some(published) => out.text(published),
            None => out.raw(t("dash")),
        };
        out.raw("</td></tr>\n</table>\n");
        if v.closed {
            self.formal_results(out, v);
        }
        out.raw("\n<div class=\"formal-foot\">\n<div class=\"formal-sign\">\n<p>")
            .raw(t("print_approval"))
            .raw(": ");
        match given(&v.approved_by) {
            Some(by) => out
                .text(by)
                .raw(" ")
                .text(v.approved_on.as_deref().unwrap_or_default()),
            None => out.raw(t("dash")),
        };
        out.raw("</p>\n");
        if !v.closed {
            out.raw("\n");
            if h.is_unit {
                out.raw("\n<p>")
                    .raw(t("print_seal"))
                    .raw(": <span class=\"sign-line\"></span></p>\n<p>")
                    .raw(t("print_leader_signature"))
                    .raw(": <span class=\"sign-line\"></span></p>\n");
            } else {
                out.raw("\n<p>")
                    .raw(t("print_signature"))
                    .raw(": <span class=\"sign-line\"></span></p>\n");
            }
            out.raw("\n<p>")
                .raw(t("print_date"))
                .raw(": ")
                .raw(t("print_date_blank"))
                .raw("</p>\n");
        }
        out.raw("\n</div>\n");
        if let Some(qr) = given(&v.qr) {
            out.raw("<div class=\"formal-qr\">")
                .blob(qr)
                .raw("<p>")
                .raw(t("print_qr"))
                .raw("</p><p class=\"url\">")
                .text(&v.abs_url)
                .raw("</p></div>");
        }
        out.raw("\n</div>\n</section>\n");
    }

    /// The printed sheet's results, once its year is over.
    fn formal_results(&self, out: &mut Out<'_>, v: &SheetView) {
        let t = |key| self.t(key);
        let f = &v.totals;
        out.raw("\n<table class=\"formal-results\">\n<caption>")
            .raw(t("print_result"))
            .raw("</caption>\n<tr><th>")
            .raw(t("fulfilment_year"))
            .raw("</th><td>")
            .text(&f.fulfilment);
        if f.counted > 0 {
            out.raw(" (").num(f.done).raw("/").num(f.counted).raw(")");
        }
        out.raw("</td><th>").raw(t("grade")).raw("</th><td>");
        let review = v.review.as_ref();
        match review.and_then(|r| given(&r.grade_label).map(|g| (r, g))) {
            Some((r, grade)) => {
                out.raw("<b>").text(grade).raw("</b>");
                if r.exemplary {
                    out.raw(" · ").raw(t("exemplary_badge"));
                }
            }
            None => {
                out.raw(t("print_no_review"));
            }
        }
        out.raw("</td></tr>\n<tr><th>")
            .raw(t("print_votes"))
            .raw("</th><td colspan=\"3\">");
        match review.and_then(|r| r.votes.as_ref()) {
            Some(votes) => {
                out.raw(t("votes_satisfied"))
                    .raw(" ")
                    .num(votes.satisfied)
                    .raw(" · ")
                    .raw(t("votes_basic"))
                    .raw(" ")
                    .num(votes.basic)
                    .raw(" · ")
                    .raw(t("votes_unsatisfied"))
                    .raw(" ")
                    .num(votes.unsatisfied)
                    .raw(" · ")
                    .raw(t("satisfaction"))
                    .raw(" <b>")
                    .text(&votes.satisfaction)
                    .raw("</b>");
            }
            None => {
                out.raw(t("print_no_review"));
            }
        }
        out.raw("</td></tr>\n");
        if let Some(r) = review.filter(|r| !r.comments.is_empty()) {
            out.raw("<tr><th>")
                .raw(t("leader_comments"))
                .raw("</th><td colspan=\"3\">");
            for c in &r.comments {
                out.raw("<p>")
                    .text(&c.half_label)
                    .raw(" · ")
                    .text(&c.by)
                    .raw(": ")
                    .text(&c.text)
                    .raw("</p>");
            }
            out.raw("</td></tr>");
        }
        out.raw("\n</table>\n");
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
}

impl Native {
    /// `status.html`: a page of one status's items in a year.
    pub fn status_page(
        &self,
        parts: &Parts<StatusView>,
        print_vars: &str,
        links: &LinkForm<'_>,
    ) -> Vec<u8> {
        let v = &parts.view;
        let mut out = Out::new(1024 * (8 + v.items.len()), links);
        let frame = Frame {
            print_vars,
            pager: v.pager.as_ref(),
            title: &parts.title,
            feed: parts.feed.as_ref(),
            kind: "status",
            crumbs: &parts.crumbs,
        };
        self.frame(&mut out, frame, |native, out| {
            let t = |key| native.t(key);
            out.raw("\n<h1>")
                .text(&v.year_label)
                .raw(" <span class=\"status status-")
                .text(v.status)
                .raw("\">")
                .text(&v.label)
                .raw("</span> <small>(")
                .num(v.count)
                .raw(")</small></h1>\n<p class=\"lead\"><a href=\"")
                .link("href", &v.index_url)
                .raw("\">")
                .text(&v.year_label)
                .raw(" ")
                .raw(t("status_counts"))
                .raw("</a></p>\n");
            statuses(out, &v.statuses);
            out.raw("\n");
            if v.items.is_empty() {
                out.raw("\n<p class=\"muted\">")
                    .raw(t("none_yet"))
                    .raw("</p>\n");
            } else {
                out.raw("\n");
                pager_status(out, v.pager.as_ref());
                out.raw("\n");
                native.items_table(out, &v.items);
                out.raw("\n");
                if let Some(p) = &v.pager {
                    native.pager(out, p);
                }
                out.raw("\n");
            }
            out.raw("\n");
        });
        out.into_bytes()
    }

    /// `category.html`: a page of one category's items, newest year first.
    pub fn category_page(
        &self,
        parts: &Parts<CategoryView>,
        print_vars: &str,
        links: &LinkForm<'_>,
    ) -> Vec<u8> {
        let v = &parts.view;
        let rows: usize = v.years.iter().map(|y| y.items.len()).sum();
        let mut out = Out::new(1024 * (8 + rows), links);
        let frame = Frame {
            print_vars,
            pager: v.pager.as_ref(),
            title: &parts.title,
            feed: parts.feed.as_ref(),
            kind: "category",
            crumbs: &parts.crumbs,
        };
        self.frame(&mut out, frame, |native, out| {
            out.raw("\n<h1>")
                .text(&v.name)
                .raw(" <span class=\"sub\">")
                .raw(native.t("category_items"))
                .raw("</span> <small>(")
                .num(v.count)
                .raw(")</small></h1>\n");
            pager_status(out, v.pager.as_ref());
            out.raw("\n");
            for y in &v.years {
                out.raw("\n<section");
                if !y.continued {
                    out.raw(" id=\"y").num(y.year).raw("\"");
                }
                out.raw(">\n<h2>").text(&y.label).raw("</h2>\n");
                if let Some(f) = &y.figures {
                    native.figures(out, f);
                }
                out.raw("\n");
                native.items_table(out, &y.items);
                out.raw("\n</section>\n");
            }
            out.raw("\n");
            if let Some(p) = &v.pager {
                native.pager(out, p);
            }
            out.raw("\n");
        });
        out.into_bytes()
    }

    /// The `items_table` component with `pledger=true`.
    fn items_table(&self, out: &mut Out<'_>, items: &[ItemView]) {
        let t = |key| self.t(key);
        out.raw("<div class=\"table-wrap\"><table class=\"items reflow\">\n<thead><tr><th scope=\"col\">")
            .raw(t("item"))
            .raw("</th><th scope=\"col\">")
            .raw(t("pledger"))
            .raw("</th><th scope=\"col\">")
            .raw(t("category"))
            .raw("</th><th scope=\"col\">")
            .raw(t("deadline"))
            .raw("</th><th scope=\"col\">")
            .raw(t("status"))
            .raw("</th><th scope=\"col\">")
            .raw(t("progress"))
            .raw("</th></tr></thead>\n<tbody>");
        for i in items {
            out.raw("\n<tr><td><a href=\"")
                .link("href", &i.url)
                .raw("\">")
                .text(&i.title)
                .raw("</a></td><td data-label=\"")
                .raw(t("pledger"))
                .raw("\" class=\"who\"><a href=\"")
                .link("href", &i.pledger.url)
                .raw("\">")
                .text(&i.pledger.label)
                .raw("</a>");
            if i.unit.label != i.pledger.label {
                out.raw("<br><small><a href=\"")
                    .link("href", &i.unit.url)
                    .raw("\">")
                    .text(&i.unit.label)
                    .raw("</a></small>");
            }
            out.raw("</td>\n<td data-label=\"")
                .raw(t("category"))
                .raw("\" class=\"cat\">");
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
                .raw("\" class=\"nowrap\">");
            self.deadline(out, i);
            out.raw("</td>\n<td data-label=\"")
                .raw(t("status"))
                .raw("\" class=\"state\">");
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
        out.raw("\n</tbody></table></div>");
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

    /// The `pager` component.
    fn pager(&self, out: &mut Out<'_>, p: &Pager) {
        out.raw("<nav class=\"pager\" aria-label=\"")
            .raw(self.t("pager_label"))
            .raw("\">\n<p class=\"pager-status\">")
            .text(&p.status)
            .raw(" <small>")
            .text(&p.range)
            .raw("</small></p>\n<ul>");
        if let Some(prev) = given(&p.prev) {
            out.raw("<li><a href=\"")
                .link("href", prev)
                .raw("\" rel=\"prev\">")
                .raw(self.t("pager_prev"))
                .raw("</a></li>");
        }
        for l in &p.links {
            if l.number == 0 {
                out.raw("<li class=\"pager-gap\" aria-hidden=\"true\">…</li>");
                continue;
            }
            out.raw("<li><a href=\"")
                .link("href", &l.url)
                .raw("\" aria-label=\"")
                .text(&l.label)
                .raw("\"");
            if l.current {
                out.raw(" aria-current=\"page\"");
            }
            out.raw(">").num(l.number).raw("</a></li>");
        }
        if let Some(next) = given(&p.next) {
            out.raw("<li><a href=\"")
                .link("href", next)
                .raw("\" rel=\"next\">")
                .raw(self.t("pager_next"))
                .raw("</a></li>");
        }
        out.raw("\n</ul>\n</nav>");
    }

    /// The `figures` component with `coverage=false`.
    fn figures(&self, out: &mut Out<'_>, f: &Figures) {
        let t = |key| self.t(key);
        match (given(&f.as_of), given(&f.scope)) {
            (Some(as_of), scope) => {
                out.raw("<p class=\"as-of\">").text(as_of);
                if let Some(scope) = scope {
                    out.raw(" · ").text(scope);
                }
                out.raw("</p>");
            }
            (None, Some(scope)) => {
                out.raw("<p class=\"as-of\">").text(scope).raw("</p>");
            }
            (None, None) => {}
        }
        out.raw("\n<dl class=\"figures\">\n");
        if f.running {
            out.raw("\n<div class=\"lead-figure\"><dt>")
                .raw(t("fulfilment_due"))
                .raw("</dt><dd>")
                .text(&f.fulfilment_due);
            if f.due_known {
                out.raw("<small>")
                    .num(f.done)
                    .raw("/")
                    .num(f.due)
                    .raw("</small>");
            }
            self.define(out, "fulfilment_due", t("fulfilment_due"));
            out.raw("</dd></div>\n<div>");
        } else {
            out.raw("\n<div class=\"lead-figure\">");
        }
        out.raw("<dt>")
            .raw(t("fulfilment_year"))
            .raw("</dt><dd>")
            .text(&f.fulfilment);
        if f.counted > 0 {
            out.raw("<small>")
                .num(f.done)
                .raw("/")
                .num(f.counted)
                .raw("</small>");
        }
        self.define(out, "fulfilment", t("fulfilment_year"));
        out.raw("</dd></div>\n\n<div><dt>")
            .raw(t("items"))
            .raw("</dt><dd>")
            .num(f.items)
            .raw("</dd></div>\n<div><dt>")
            .raw(t("done"))
            .raw("</dt><dd>")
            .num(f.done)
            .raw("</dd></div>\n");
        if f.running {
            out.raw("<div><dt>")
                .raw(t("due_items"))
                .raw("</dt><dd>")
                .num(f.due)
                .raw("</dd></div>");
        }
        out.raw("\n\n<div><dt>")
            .raw(t("satisfaction"))
            .raw("</dt><dd>");
        if f.has_votes {
            out.text(&f.satisfaction);
        } else {
            out.raw("<span class=\"pending\">")
                .text(&f.satisfaction)
                .raw("</span>");
        }
        self.define(out, "satisfaction", t("satisfaction"));
        out.raw("</dd></div>\n</dl>");
    }
}

/// The head block of `status.html` and `category.html`: the pages
/// before and after this one of a long list.
fn pager_head(head: &mut Out<'_>, pager: Option<&Pager>) {
    if let Some(p) = pager {
        if let Some(prev) = given(&p.prev) {
            head.raw("<link rel=\"prev\" href=\"")
                .link("href", prev)
                .raw("\">");
        }
        if let Some(next) = given(&p.next) {
            head.raw("<link rel=\"next\" href=\"")
                .link("href", next)
                .raw("\">");
        }
    }
}

/// A long list's "第 2 页，共 31 页" above its table.
fn pager_status(out: &mut Out<'_>, pager: Option<&Pager>) {
    if let Some(p) = pager {
        out.raw("<p class=\"pager-status\">")
            .text(&p.status)
            .raw(" <small>")
            .text(&p.range)
            .raw("</small></p>");
    }
}

/// The `statuses` component with `zeros=true`.
fn statuses(out: &mut Out<'_>, list: &[StatusCount]) {
    out.raw("<ul class=\"status-counts\">");
    for s in list {
        out.raw("\n<li>");
        if let Some(url) = given(&s.url) {
            out.raw("<a href=\"").link("href", url).raw("\">");
        }
        out.raw("<span class=\"status status-")
            .text(s.key)
            .raw("\">")
            .text(&s.label)
            .raw("</span> <b>")
            .num(s.count)
            .raw("</b>");
        if given(&s.url).is_some() {
            out.raw("</a>");
        }
        out.raw("</li>");
    }
    out.raw("\n</ul>");
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

/// The `year_nav` component; `label` is escaped.
fn year_nav(out: &mut Out<'_>, years: &[YearLink], label: &str) {
    out.raw("<nav class=\"year-nav\" aria-label=\"")
        .raw(label)
        .raw("\">\n<span class=\"year-nav-label\">")
        .raw(label)
        .raw(":</span>\n<ul class=\"year-links\">");
    for y in years {
        out.raw("<li><a href=\"").link("href", &y.url);
        if y.current {
            out.raw("\" aria-current=\"page");
        }
        out.raw("\">").text(&y.label).raw("</a></li>");
    }
    out.raw("</ul>\n</nav>");
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
        let escaped = esc_if_needed(url);
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

/// `text` escaped, borrowed when nothing in it needs escaping (most
/// links).
fn esc_if_needed(text: &str) -> std::borrow::Cow<'_, str> {
    if text
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | b'='))
    {
        std::borrow::Cow::Owned(esc(text))
    } else {
        std::borrow::Cow::Borrowed(text)
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

//! The compiled `status.html` and `category.html`: the long lists.

use super::{Frame, Native, Out, given};
use crate::render::context::{Figures, ItemView, StatusCount};
use crate::render::pages::{CategoryView, Pager, Parts, StatusView};
use crate::render::urls::LinkForm;

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
            pager: v.pager.as_ref(),
            ..Frame::of(parts, "status", print_vars)
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
            pager: v.pager.as_ref(),
            ..Frame::of(parts, "category", print_vars)
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
            out.raw("</td>");
            self.item_cells(
                out,
                i,
                [" class=\"cat\"", " class=\"nowrap\"", " class=\"state\""],
            );
        }
        out.raw("\n</tbody></table></div>");
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
pub(super) fn pager_head(head: &mut Out<'_>, pager: Option<&Pager>) {
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

//! The compiled `sheet.html` and `note.html` (with `partials/note.html`).

use super::{Frame, Native, Out, bar, given, status_badge};
use crate::render::context::{ItemView, NoteView};
use crate::render::pages::{NotePage, Parts, SheetView, YearLink};
use crate::render::urls::LinkForm;

impl Native {
    /// `note.html`: a note's own page.
    pub fn note_page(
        &self,
        parts: &Parts<NotePage>,
        print_vars: &str,
        links: &LinkForm<'_>,
    ) -> Vec<u8> {
        let n = &*parts.view.note;
        let mut out = Out::new(4096 + n.body_html.len(), links);
        let frame = Frame::of(parts, "note", print_vars);
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
        let frame = Frame::of(parts, "sheet", print_vars);
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
        out.raw("</td>");
        self.item_cells(out, i, ["", "", ""]);
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

//! Files for machines: Atom feeds of progress notes (the whole site at
//! `feeds/atom.xml`, each unit's subtree at `<unit>/atom.xml`),
//! `sitemap.xml` (an index of `sitemap-<n>.xml` files past 50,000 pages)
//! and `robots.txt`. Written by hand, not by templates: every value is
//! XML-escaped here.

use rayon::prelude::*;

use super::context::Env;
use super::context::note_heading;
use super::urls::{self, Urls};
use crate::escape::xml as xml_escape;
use crate::model::{Date, NoteIx, SheetIx, UnitIx};
use crate::output::OutFile;

/// Entries per feed: the newest notes.
pub const FEED_ENTRIES: usize = 50;
/// URLs per sitemap file (the protocol's limit).
pub const SITEMAP_LIMIT: usize = 50_000;

/// One note in a feed.
#[derive(Clone, Copy)]
struct Entry {
    date: Date,
    unit: UnitIx,
    year: i32,
    sheet: SheetIx,
    note: NoteIx,
}

/// The `FEED_ENTRIES` newest notes of the units `units`, newest first
/// (ties in tree order). Only a few feeds' worth of entries is held at a
/// time: the root's subtree is every note of a city.
fn entries(env: &Env, units: &[UnitIx]) -> Vec<Entry> {
    let newest_first = |a: &Entry, b: &Entry| {
        b.date
            .cmp(&a.date)
            .then((a.unit, a.year, a.sheet, a.note).cmp(&(b.unit, b.year, b.sheet, b.note)))
    };
    let keep = |out: &mut Vec<Entry>| {
        if out.len() > FEED_ENTRIES {
            out.select_nth_unstable_by(FEED_ENTRIES, newest_first);
            out.truncate(FEED_ENTRIES);
        }
    };
    let mut out = Vec::with_capacity(2 * FEED_ENTRIES);
    for &u in units {
        for (&year, uy) in &env.unit(u).years {
            for (s, sheet) in uy.sheets_ix() {
                for (n, note) in sheet.notes_ix() {
                    out.push(Entry {
                        date: note.date,
                        unit: u,
                        year,
                        sheet: s,
                        note: n,
                    });
                    if out.len() == 2 * FEED_ENTRIES {
                        keep(&mut out);
                    }
                }
            }
        }
    }
    keep(&mut out);
    out.sort_by(newest_first);
    out
}

/// RFC 3339 for a date: midnight, China Standard Time (the dates are
/// local dates in the pledge boards' own time zone).
fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00+08:00")
}

/// The Atom feed of `units`' notes, titled `title`, published at `path`
/// (the feed's own file) and about the page `page_url`.
fn atom(env: &Env, entries: &[Entry], title: &str, path: &str, page_url: &str) -> String {
    let self_url = env.abs(&env.urls.file(path));
    let page = env.abs(page_url);
    let updated = entries.first().map(|e| e.date).unwrap_or(env.today);
    let mut x = String::with_capacity(4096 + entries.len() * 1024);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        env.site.config.language.code()
    ));
    x.push_str(&format!("  <title>{}</title>\n", xml_escape(title)));
    x.push_str(&format!("  <id>{}</id>\n", xml_escape(&self_url)));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&self_url)
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&page)
    ));
    x.push_str(&format!("  <updated>{}</updated>\n", timestamp(updated)));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&env.site.config.title)
    ));
    x.push_str("  <generator>pledgeboard</generator>\n");
    for e in entries {
        let sheet = env.unit(e.unit).years[&e.year].sheet(e.sheet);
        let note = sheet.note(e.note);
        let link = env.abs(&urls::anchor_link(
            &env.sheet_url(e.unit, e.year, &sheet.id),
            &note.id,
        ));
        let pledger = env.pledger_name(e.unit, sheet);
        let unit_name = &env.unit(e.unit).name;
        let mut entry_title = format!("{pledger}：{}", note_heading(sheet, note));
        if env.site.config.language == crate::model::Lang::En {
            entry_title = format!("{pledger}: {}", note_heading(sheet, note));
        }
        let mut summary = vec![unit_name.clone()];
        if let Some(s) = note.status {
            summary.push(env.t.get(&format!("status_{}", s.as_str())).to_string());
        }
        if let Some(p) = note.progress {
            summary.push(format!("{} {p}%", env.t.get("progress")));
        }
        let body = env.markdown(
            &note.body,
            Some(&env.sheet_url(e.unit, e.year, &sheet.id)),
            2,
            &format!("{}-", note.id),
        );
        x.push_str("  <entry>\n");
        x.push_str(&format!(
            "    <title>{}</title>\n",
            xml_escape(&entry_title)
        ));
        x.push_str(&format!("    <id>{}</id>\n", xml_escape(&link)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&link)
        ));
        x.push_str(&format!(
            "    <published>{}</published>\n",
            timestamp(note.date)
        ));
        x.push_str(&format!(
            "    <updated>{}</updated>\n",
            timestamp(note.date)
        ));
        let author = note.author.clone().unwrap_or_else(|| unit_name.clone());
        x.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            xml_escape(&author)
        ));
        x.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml_escape(&summary.join(" · "))
        ));
        if !body.is_empty() {
            // Links in the body are site-absolute paths: `xml:base` makes
            // them resolvable for readers.
            x.push_str(&format!(
                "    <content type=\"html\" xml:base=\"{}\">{}</content>\n",
                xml_escape(&env.abs(env.urls.base())),
                xml_escape(&body)
            ));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// The site feed and one per unit (the root unit's is the site feed),
/// but those `skip(path, unit)` keeps as they are (`unit`: the unit whose
/// subtree the feed is of; `None` for the site's).
pub fn feed_files_each(
    env: &Env,
    skip: &(dyn Fn(&str, Option<UnitIx>) -> bool + Sync),
    emit: &(dyn Fn(OutFile, Option<UnitIx>) + Sync),
) {
    // (file, title, page, units, unit); the site's first.
    let mut feeds = Vec::new();
    if !skip(urls::SITE_FEED, None) {
        feeds.push((
            urls::SITE_FEED.to_string(),
            format!("{} - {}", env.site.config.title, env.t.get("notes")),
            env.urls.base().to_string(),
            UnitIx::all(env.site.units.len()).collect::<Vec<_>>(),
            None,
        ));
    }
    for u in UnitIx::all(env.site.units.len()) {
        let Some(path) = urls::unit_feed(&env.unit(u).path) else {
            continue;
        };
        if skip(&path, Some(u)) {
            continue;
        }
        let title = format!(
            "{} - {} - {}",
            env.unit(u).name,
            env.t.get("notes"),
            env.site.config.title
        );
        feeds.push((path, title, env.unit_url(u), env.site.subtree(u), Some(u)));
    }
    // Each feed is made and handed on by itself: a city's feeds, or the
    // notes' bodies rendered for them, are never held all at once. (A
    // note in several feeds is rendered for each; feeds share few notes.)
    feeds
        .par_iter()
        .for_each(|(path, title, page, units, unit)| {
            let entries = entries(env, units);
            emit(
                OutFile::text(path.clone(), atom(env, &entries, title, path, page)),
                *unit,
            )
        });
}

/// `sitemap.xml` listing `pages` (site links, base path included), or a
/// sitemap index with `sitemap-<n>.xml` files when there are more than
/// `SITEMAP_LIMIT`. `origin` is `base_url` without its path.
pub fn sitemap_files_each(
    urls: &Urls,
    origin: &str,
    pages: &[String],
    emit: &(dyn Fn(OutFile) + Sync),
) {
    let urlset = |list: &[String]| {
        let mut x = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for u in list {
            x.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                xml_escape(&format!("{origin}{u}"))
            ));
        }
        x.push_str("</urlset>\n");
        x
    };
    if pages.len() <= SITEMAP_LIMIT {
        return emit(OutFile::text(urls::SITEMAP, urlset(pages)));
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    // Each part is handed on as it is made: a city's sitemap is tens of MB.
    for (n, part) in pages.chunks(SITEMAP_LIMIT).enumerate() {
        let name = urls::sitemap_part(n + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            xml_escape(&format!("{origin}{}", urls.file(&name)))
        ));
        emit(OutFile::text(name, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    emit(OutFile::text(urls::SITEMAP, index));
}

pub fn robots(env: &Env) -> OutFile {
    OutFile::text(
        urls::ROBOTS,
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            env.abs(&env.urls.file(urls::SITEMAP))
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sitemap files in the order they are handed on.
    fn sitemap_files(urls: &Urls, origin: &str, pages: &[String]) -> Vec<OutFile> {
        let files = std::sync::Mutex::new(Vec::new());
        sitemap_files_each(urls, origin, pages, &|f| files.lock().unwrap().push(f));
        files.into_inner().unwrap()
    }

    #[test]
    fn big_sitemaps_are_split() {
        let urls = Urls::new("/sub/");
        let small = sitemap_files(&urls, "https://e.org", &["/sub/".into(), "/sub/a/".into()]);
        assert_eq!(small.len(), 1);
        let pages: Vec<String> = (0..SITEMAP_LIMIT + 1)
            .map(|i| format!("/sub/p{i}/"))
            .collect();
        let files = sitemap_files(&urls, "https://e.org", &pages);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
        let text = |f: &OutFile| match &f.body {
            crate::output::OutBody::Bytes(b) => String::from_utf8(b.clone()).unwrap(),
            crate::output::OutBody::Copy(_) => String::new(),
        };
        let index = text(&files[2]);
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://e.org/sub/sitemap-2.xml</loc>"));
        assert_eq!(text(&files[0]).matches("<loc>").count(), SITEMAP_LIMIT);
        assert!(
            text(&files[1]).contains(&format!("<loc>https://e.org/sub/p{SITEMAP_LIMIT}/</loc>"))
        );
    }
}

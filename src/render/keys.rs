//! Input keys made from what a file depends on, without its view model
//! (issue 19, item 2): a rebuild of an unchanged page costs a hash of a
//! few digests, not the page's making.
//!
//! Each unit's content is digested once per build (`content::cache`'s
//! encoding, which names every field of the model): the unit without its
//! sheets' contents (its *head*) and each sheet whole. From these:
//!
//! - a sheet's page and its notes' pages: the unit's head, the sheet, the
//!   names and paths of the unit's ancestors (the breadcrumbs) and the
//!   years the unit has a board. Their derived facts are a function of
//!   the unit and `--today` (`derive::unit_facts`), both in the key;
//! - a unit's page, boards, posters and desk cards: its whole subtree
//!   (their figures, charts, child rows) and its ancestors;
//! - a status or category list page: per row, the sheet the item is on
//!   and the unit's name, path and boards; the list's length and the
//!   figures the page heads with;
//! - a unit's Atom feed: its subtree; the site's feed: the whole site;
//! - a file of search result rows (`search/d/<n>.json`): for each of its
//!   documents, what the page it links to is keyed by (`Deps::unit_doc`,
//!   `Deps::sheet_doc`), and where the document stands in the index;
//! - the search index's terms and `meta.json`, and the sitemap: the
//!   whole site, as a group (`Deps::group_key`); each year's open data: the whole site but the
//!   Markdown bodies, which it does not export (`Deps::data_key`).
//!
//! Every key also holds the renderer's global key (program, templates,
//! options, the values every page shares) and the site's settings and
//! site-wide tables (`shared`). Pages about the whole site (home, years,
//! the year pages…) are few and keep the key of their whole context.
//!
//! A key that misses something a page shows would leave a stale page:
//! `tests/incremental_build.rs` compares random edit sequences with clean
//! builds byte for byte. Where in doubt a key holds more than needed,
//! which only costs a page made again.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::context::{Env, ItemRef};
use super::pages::{LIST_PAGE_ROWS, Page};
use crate::content::cache::{sheet_digests, unit_head_digest};
use crate::manifest::{Digest, Hash};
use crate::model::{IxVec, UnitIx};

/// The digests keys are made of, computed once per build.
pub(super) struct Deps {
    /// The global key and the site-wide values pages read besides their
    /// own units'.
    shared: Digest,
    head: IxVec<UnitIx, Digest>,
    /// Per unit, per year, per sheet in the unit's order.
    sheets: IxVec<UnitIx, BTreeMap<i32, Vec<Digest>>>,
    /// The names and paths of the unit's ancestors.
    chain: IxVec<UnitIx, Digest>,
    /// The unit and all its descendants, with the tree's shape.
    subtree: IxVec<UnitIx, Digest>,
    /// Where each unit's name leads (`place`), made once: list pages
    /// hash it for each of their rows.
    places: IxVec<UnitIx, Digest>,
    /// Every unit.
    site: Digest,
    /// Every unit as the open data sees it: without Markdown bodies.
    data: Digest,
}

/// Whether `page` is one about the whole site, keyed by its context
/// (`Deps::page_key` gives `None`).
pub(super) fn keyed_by_context(page: &Page) -> bool {
    !matches!(
        page,
        Page::Sheet { .. }
            | Page::Note { .. }
            | Page::Unit(_)
            | Page::Board { .. }
            | Page::Poster { .. }
            | Page::Cards { .. }
            | Page::Status { .. }
            | Page::Category(..)
    )
}

impl Deps {
    pub fn new(env: &Env, global: Digest) -> Deps {
        let site = env.site;
        // Per unit: its head, its sheets' digests, and one digest of the
        // unit as the open data sees it (head and bodiless sheets).
        type PerUnit = (Digest, BTreeMap<i32, Vec<Digest>>, Digest);
        let per_unit: Vec<PerUnit> = site
            .units
            .par_iter()
            .map(|unit| {
                let head = unit_head_digest(unit);
                let mut data = Hash::default();
                data.u128(head);
                let sheets = unit
                    .years
                    .iter()
                    .map(|(&y, uy)| {
                        data.str(&y.to_string());
                        let digests = uy
                            .sheets
                            .iter()
                            .map(|sheet| {
                                let (whole, bodiless) = sheet_digests(sheet);
                                data.u128(bodiless);
                                whole
                            })
                            .collect();
                        (y, digests)
                    })
                    .collect();
                (head, sheets, data.finish())
            })
            .collect();
        let mut data = Hash::default();
        data.u128(per_unit.len() as u128);
        let mut head = Vec::with_capacity(per_unit.len());
        let mut sheets = Vec::with_capacity(per_unit.len());
        for (h, s, d) in per_unit {
            data.u128(d);
            head.push(h);
            sheets.push(s);
        }
        let data = data.finish();
        let head = IxVec::from(head);
        let sheets: IxVec<UnitIx, BTreeMap<i32, Vec<Digest>>> = IxVec::from(sheets);

        let mut h = Hash::default();
        h.str("pledgeboard input keys 1");
        h.u128(global);
        h.str(&format!("{:?}", site.config));
        h.str(&format!("{:?} {:?}", site.years, site.site_year()));
        h.str(&format!("{:?}", env.facts.keys().collect::<Vec<_>>()));
        h.str(&format!("{:?}", env.outline.root));
        h.u128(env.outline.category_slugs.len() as u128);
        for (category, slug) in &env.outline.category_slugs {
            h.str(category);
            h.str(slug);
        }
        // Their names, not where they sit on this machine: pages show
        // which static files exist (robots.txt), and the copies are
        // compared by their bytes.
        h.u128(site.static_files.len() as u128);
        for (name, _) in &site.static_files {
            h.str(name);
        }
        let shared = h.finish();

        // Units are in pre-order: a parent comes before its children.
        let mut chain: IxVec<UnitIx, Digest> = IxVec::with_capacity(site.units.len());
        for (_, unit) in site.units_ix() {
            let mut h = Hash::default();
            if let Some(p) = unit.parent {
                h.u128(chain[p]);
                h.str(&site.unit(p).path);
                h.str(&site.unit(p).name);
            }
            chain.push(h.finish());
        }
        let mut subtree: IxVec<UnitIx, Digest> = IxVec::from(vec![0; site.units.len()]);
        for (u, unit) in site.units_ix().rev() {
            let mut h = Hash::default();
            h.u128(head[u]);
            for (y, digests) in &sheets[u] {
                h.str(&y.to_string());
                h.u128(digests.len() as u128);
                digests.iter().for_each(|&d| h.u128(d));
            }
            h.u128(unit.children.len() as u128);
            for &c in &unit.children {
                h.u128(subtree[c]);
            }
            subtree[u] = h.finish();
        }
        let mut h = Hash::default();
        h.u128(site.units.len() as u128);
        for (u, unit) in site.units_ix() {
            if unit.parent.is_none() {
                h.u128(subtree[u]);
            }
        }
        let site_digest = h.finish();
        let places = site
            .units_ix()
            .map(|(u, _)| {
                let mut h = Hash::default();
                h.debug(&env.outline.board_years[u]);
                h.bytes(&[u8::from(env.outline.root == Some(u))]);
                h.finish()
            })
            .collect::<Vec<_>>();
        Deps {
            places: IxVec::from(places),
            shared,
            head,
            sheets,
            chain,
            subtree,
            site: site_digest,
            data,
        }
    }

    /// The key of `page` (written to `path`), or `None` for the pages
    /// about the whole site, which are keyed by their context.
    pub fn page_key(&self, env: &Env, page: &Page, path: &str) -> Option<Digest> {
        if keyed_by_context(page) {
            return None;
        }
        let mut h = Hash::default();
        h.u128(self.shared);
        h.str(path);
        match page {
            Page::Sheet { unit, year, sheet }
            | Page::Note {
                unit, year, sheet, ..
            } => {
                // The page's kind and note, by their `Debug` text.
                h.debug(page);
                h.u128(self.head[*unit]);
                h.u128(self.sheet(*unit, *year, sheet.get()));
                h.u128(self.chain[*unit]);
                self.place(&mut h, *unit);
            }
            Page::Unit(u)
            | Page::Board { unit: u, .. }
            | Page::Poster { unit: u, .. }
            | Page::Cards { unit: u, .. } => {
                h.debug(page);
                h.u128(self.subtree[*u]);
                h.u128(self.chain[*u]);
                self.place(&mut h, *u);
            }
            Page::Status { year, status, page } => {
                h.str(&format!("status {year} {} {page}", status.as_str()));
                let all = env.status_items(*year, *status);
                h.u128(all.len() as u128);
                h.debug(&env.facts.get(year).map(|f| f.site));
                let start = page.saturating_sub(1) * LIST_PAGE_ROWS;
                for &r in all.iter().skip(start).take(LIST_PAGE_ROWS) {
                    self.item(&mut h, env, r, *year);
                }
            }
            Page::Category(name, page) => {
                h.str("category");
                h.str(name);
                h.u128(*page as u128);
                for (y, f) in &env.facts {
                    h.str(&format!("{y} {:?}", f.categories.get(name)));
                }
                // The category's rows, year by year (newest first): a
                // page's rows are found by skipping whole years, not by
                // walking every row before them.
                let years: Vec<(i32, &[ItemRef])> = env
                    .outline
                    .by_category
                    .get(name)
                    .into_iter()
                    .flat_map(|years| years.iter().rev())
                    .filter(|(y, _)| env.facts.contains_key(*y))
                    .map(|(&y, refs)| (y, refs.as_slice()))
                    .collect();
                h.u128(years.iter().map(|(_, refs)| refs.len()).sum::<usize>() as u128);
                // From the row before the page's first: whether the page
                // goes on with a year begun on the page before.
                let start = page.saturating_sub(1) * LIST_PAGE_ROWS;
                let mut skip = start.saturating_sub(1);
                h.u128(skip as u128);
                let mut left = start + LIST_PAGE_ROWS - skip;
                for (y, refs) in years {
                    if left == 0 {
                        break;
                    }
                    let Some(rows) = refs.get(skip..) else {
                        skip -= refs.len();
                        continue;
                    };
                    skip = 0;
                    for &r in rows.iter().take(left) {
                        h.str(&y.to_string());
                        self.item(&mut h, env, r, y);
                        left -= 1;
                    }
                }
            }
            _ => return None,
        }
        Some(h.finish())
    }

    /// The key of a group of files made together from the whole site
    /// (`what` names the group: `"search"`, `"feeds"`, `"data 2026"`…).
    pub fn group_key(&self, what: &str) -> Digest {
        self.group_key_of(what, self.site)
    }

    /// A year's open data (`what` names it): the whole site but the
    /// Markdown bodies, which the data does not hold. (The units' tree,
    /// which the data's rows follow, is in every unit's head.)
    pub fn data_key(&self, what: &str) -> Digest {
        self.group_key_of(what, self.data)
    }

    fn group_key_of(&self, what: &str, of: Digest) -> Digest {
        let mut h = Hash::default();
        h.u128(self.shared);
        h.str("group");
        h.str(what);
        h.u128(of);
        h.finish()
    }

    /// A feed's key: a unit's feed is made of its subtree's notes (and
    /// the unit's name and path, in its head); the site's of every unit.
    pub fn feed_key(&self, path: &str, unit: Option<UnitIx>) -> Digest {
        let mut h = Hash::default();
        h.u128(self.shared);
        h.str("feed");
        h.str(path);
        h.u128(unit.map_or(self.site, |u| self.subtree[u]));
        h.finish()
    }

    /// What a search document about unit `u` is made of: its subtree
    /// (the fulfilment figure its row shows) and its ancestors.
    pub(super) fn unit_doc(&self, h: &mut Hash, u: UnitIx) {
        h.u128(self.shared);
        h.u128(self.subtree[u]);
        h.u128(self.chain[u]);
    }

    /// What a search document about a sheet of unit `u` (the pledger, an
    /// item or a note) is made of: as the sheet's page.
    pub(super) fn sheet_doc(&self, h: &mut Hash, u: UnitIx, year: i32, s: usize) {
        h.u128(self.shared);
        h.u128(self.head[u]);
        h.u128(self.sheet(u, year, s));
        h.u128(self.chain[u]);
    }

    fn sheet(&self, u: UnitIx, year: i32, s: usize) -> Digest {
        self.sheets[u]
            .get(&year)
            .and_then(|v| v.get(s))
            .copied()
            .unwrap_or_default()
    }

    /// What pages show of a unit besides its own content: where its name
    /// leads (its boards' years, and whether it is the root).
    fn place(&self, h: &mut Hash, u: UnitIx) {
        h.u128(self.places[u]);
    }

    /// A list's row: the item's sheet whole, and the unit's name and path.
    fn item(&self, h: &mut Hash, env: &Env, r: ItemRef, year: i32) {
        let unit = env.unit(r.unit);
        h.u128(self.sheet(r.unit, year, r.sheet.get()));
        h.u128(r.item.get() as u128);
        h.str(&unit.path);
        h.str(&unit.name);
        self.place(h, r.unit);
    }
}

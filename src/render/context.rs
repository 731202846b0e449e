//! The rendering environment (site, facts, lookup tables built once) and
//! the serializable view models templates see: every figure already
//! formatted, every link already built, every label already translated.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::markdown::{self, MdOptions};
use super::urls::{self, Urls};
use crate::derive::{self, ItemState, ItemStatus, Tally, YearFacts};
use crate::i18n::ui::{Strings, bar_width, percent};
use crate::model::{
    Date, Grade, ItemIx, IxVec, MemberStatus, Note, NoteIx, Rectification, Review, Sheet, SheetIx,
    Site, Unit, UnitIx, Votes,
};

/// One published item of a year: indices into the site model.
#[derive(Clone, Copy, Debug)]
pub struct ItemRef {
    pub unit: UnitIx,
    pub sheet: SheetIx,
    pub item: ItemIx,
}

/// Unit-years' print sets waiting at a time before all are let go (see
/// `Reuse`): the pages of a unit-year are rendered together, so a few
/// wait at a time.
const PRINT_SETS_KEPT: usize = 64;

/// Notes' views waiting at a time (see `Reuse`): a sheet's page and its
/// notes' pages are rendered together.
const NOTES_KEPT: usize = 4096;

/// Everything a page needs, built once per render.
pub struct Env<'a> {
    pub site: &'a Site,
    pub facts: BTreeMap<i32, &'a YearFacts>,
    pub urls: Urls,
    /// `base_url` without its path (`https://example.org`).
    pub origin: String,
    pub t: Strings,
    pub today: Date,
    /// What follows from the site's outline alone (shared by `serve`
    /// between versions with the same outline).
    pub outline: Arc<Outline>,
    /// (year, status) → the items with that status, in tree order (the
    /// status lists; absent when none).
    pub by_status: BTreeMap<(i32, ItemStatus), Vec<ItemRef>>,
    /// QR codes made once for the two pages that print them.
    pub qr: super::qr::Made,
    /// Unit-years' boards and members made once for their board, posters
    /// and desk cards.
    pub prints: super::reuse::Reuse<(UnitIx, i32), Arc<super::pages::PrintSet>>,
    /// Notes' views made once for their sheet's page and their own.
    pub notes: super::reuse::Reuse<(UnitIx, i32, SheetIx, NoteIx), Arc<NoteView>>,
}

/// The lookup tables that depend on the site's outline only — its units,
/// their years, sheets and items and the items' categories — not on the
/// figures or on any text: an edit that keeps the outline keeps them.
pub struct Outline {
    /// The years it was made for (those with facts).
    years: Vec<i32>,
    /// The unit at the root of `content/`, if any.
    pub root: Option<UnitIx>,
    /// Per unit: the years it has a board (it or a descendant has a year folder).
    pub board_years: IxVec<UnitIx, Vec<i32>>,
    /// Per year: its published items in tree order.
    pub items: BTreeMap<i32, Vec<ItemRef>>,
    /// Category text → folder name.
    pub category_slugs: BTreeMap<String, String>,
    /// Category text → year → its items in tree order.
    pub by_category: BTreeMap<String, BTreeMap<i32, Vec<ItemRef>>>,
}

impl Outline {
    pub fn new(site: &Site, years: Vec<i32>) -> Self {
        let root = site
            .units_ix()
            .find(|(_, u)| u.path.is_empty())
            .map(|(u, _)| u);
        let board_years = board_years(site);
        let mut items = BTreeMap::new();
        for &y in &years {
            items.insert(y, year_items(site, y));
        }
        let mut by_category: BTreeMap<String, BTreeMap<i32, Vec<ItemRef>>> = BTreeMap::new();
        for (&y, refs) in &items {
            for &r in refs {
                let sheet = site.unit(r.unit).years[&y].sheet(r.sheet);
                if let Some(c) = &sheet.item(r.item).category {
                    let years = match by_category.get_mut(c.as_str()) {
                        Some(years) => years,
                        None => by_category.entry(c.clone()).or_default(),
                    };
                    years.entry(y).or_default().push(r);
                }
            }
        }
        // The categories of the years' facts are exactly those their items name.
        let category_slugs = urls::category_slugs(by_category.keys().map(String::as_str));
        Outline {
            years,
            root,
            board_years,
            items,
            category_slugs,
            by_category,
        }
    }

    /// Whether this outline, made for `before` and `years`, is also
    /// `site`'s: checks only the units `site` does not share with
    /// `before`. Sheet and note ids and attachments count as outline too,
    /// so that pages keep their paths (`serve` keeps its page index).
    pub fn fits(&self, before: &Site, site: &Site, years: &[i32]) -> bool {
        self.years == years
            && before.units.len() == site.units.len()
            && before
                .units
                .iter()
                .zip(&site.units)
                .all(|(a, b)| Arc::ptr_eq(a, b) || same_outline(a, b))
    }
}

fn same_outline(a: &Unit, b: &Unit) -> bool {
    let sheet = |a: &Sheet, b: &Sheet| {
        a.id == b.id
            && a.items.len() == b.items.len()
            && a.items
                .iter()
                .zip(&b.items)
                .all(|(x, y)| x.category == y.category)
            && a.notes.len() == b.notes.len()
            && a.notes.iter().zip(&b.notes).all(|(x, y)| {
                x.id == y.id
                    && x.attachments.len() == y.attachments.len()
                    && x.attachments
                        .iter()
                        .zip(&y.attachments)
                        .all(|(p, q)| p.name == q.name && p.source == q.source)
            })
    };
    a.path == b.path
        && a.parent == b.parent
        && a.children == b.children
        && a.years.len() == b.years.len()
        && a.years.iter().zip(&b.years).all(|((y, x), (z, w))| {
            y == z
                && x.sheets.len() == w.sheets.len()
                && x.sheets.iter().zip(&w.sheets).all(|(p, q)| sheet(p, q))
        })
}

impl<'a> Env<'a> {
    /// An environment for tests and `render::search_internals`.
    pub fn new(site: &'a Site, facts: BTreeMap<i32, &'a YearFacts>, today: Date) -> Self {
        let outline = Arc::new(Outline::new(site, facts.keys().copied().collect()));
        Env::with_outline(site, facts, today, outline)
    }

    /// `outline` must be `site`'s for the years of `facts`.
    pub fn with_outline(
        site: &'a Site,
        facts: BTreeMap<i32, &'a YearFacts>,
        today: Date,
        outline: Arc<Outline>,
    ) -> Self {
        let mut by_status: BTreeMap<(i32, ItemStatus), Vec<ItemRef>> = BTreeMap::new();
        for (&y, refs) in &outline.items {
            let Some(f) = facts.get(&y) else { continue };
            for &r in refs {
                let state = f
                    .sheets
                    .get(r.unit)
                    .and_then(|s| s.get(r.sheet))
                    .and_then(|s| s.items.get(r.item));
                if let Some(state) = state {
                    by_status.entry((y, state.status)).or_default().push(r);
                }
            }
        }
        let base_path = site.config.base_path();
        let origin = site
            .config
            .base_url
            .strip_suffix(base_path.as_str())
            .unwrap_or(site.config.base_url.trim_end_matches('/'))
            .to_string();
        Env {
            site,
            urls: Urls::new(&base_path),
            origin,
            t: Strings::new(site.config.language),
            today,
            outline,
            by_status,
            facts,
            qr: super::qr::Made::default(),
            prints: super::reuse::Reuse::new(PRINT_SETS_KEPT),
            notes: super::reuse::Reuse::new(NOTES_KEPT),
        }
    }

    /// The items of `year` with `status`, in tree order.
    pub fn status_items(&self, year: i32, status: ItemStatus) -> &[ItemRef] {
        self.by_status
            .get(&(year, status))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// A site link (`/base/x/`) as an absolute URL, for feeds, the
    /// sitemap and QR codes.
    pub fn abs(&self, url: &str) -> String {
        format!("{}{url}", self.origin)
    }

    pub fn unit(&self, u: UnitIx) -> &'a Unit {
        self.site.unit(u)
    }

    /// Top-level units: the root's children, or the units without a parent.
    pub fn top_units(&self) -> Vec<UnitIx> {
        match self.outline.root {
            Some(r) => self.unit(r).children.clone(),
            None => self
                .site
                .units_ix()
                .filter(|(_, unit)| unit.parent.is_none())
                .map(|(u, _)| u)
                .collect(),
        }
    }

    pub fn unit_url(&self, u: UnitIx) -> String {
        self.urls.dir(&urls::unit_dir(&self.unit(u).path))
    }

    pub fn board_url(&self, u: UnitIx, year: i32) -> String {
        self.urls.dir(&urls::board_dir(&self.unit(u).path, year))
    }

    pub fn has_board(&self, u: UnitIx, year: i32) -> bool {
        self.outline.board_years[u].binary_search(&year).is_ok()
    }

    pub fn sheet_url(&self, u: UnitIx, year: i32, sheet: &str) -> String {
        self.urls
            .dir(&urls::sheet_dir(&self.unit(u).path, year, sheet))
    }

    /// Where a unit's name leads on a page about `year` (one rule for
    /// every list, table, tree and picker): its board for that year when
    /// it has one (the year page for the root unit), else its unit page.
    pub fn unit_year_url(&self, u: UnitIx, year: Option<i32>) -> String {
        match year.filter(|&y| self.has_board(u, y)) {
            Some(y) if self.outline.root == Some(u) => self.year_url(y),
            Some(y) => self.board_url(u, y),
            None => self.unit_url(u),
        }
    }

    /// [`Env::unit_year_url`] as a link with the unit's name.
    pub fn unit_year_link(&self, u: UnitIx, year: i32) -> Link {
        Link::new(&self.unit(u).name, self.unit_year_url(u, Some(year)))
    }

    pub fn year_url(&self, year: i32) -> String {
        self.urls.dir(&urls::year_dir(year))
    }

    /// Whether `year` is still running on the build date (docs/spec.md §3: today
    /// on or before its 31 December): pages then lead with the
    /// fulfilment of due items.
    pub fn year_running(&self, year: i32) -> bool {
        self.today.year() <= year
    }

    /// "年度进行中，数据截至11月28日" while `year` runs.
    pub fn as_of(&self, year: i32) -> Option<String> {
        self.year_running(year).then(|| {
            self.t
                .fill("year_running", &[("date", self.t.day(self.today))])
        })
    }

    pub fn statuses_url(&self, year: i32) -> String {
        self.urls.dir(&urls::statuses_dir(year))
    }

    pub fn status_url(&self, year: i32, status: ItemStatus) -> String {
        self.urls.dir(&urls::status_dir(year, status.as_str()))
    }

    pub fn category_url(&self, category: &str) -> Option<String> {
        self.outline
            .category_slugs
            .get(category)
            .map(|slug| self.urls.dir(&urls::category_dir(slug)))
    }

    pub fn sheet(&self, r: ItemRef, year: i32) -> &'a Sheet {
        self.unit(r.unit).years[&year].sheet(r.sheet)
    }

    pub fn state(&self, r: ItemRef, year: i32) -> Option<&'a ItemState> {
        let facts = self.facts.get(&year)?;
        facts.sheets.get(r.unit)?.get(r.sheet)?.items.get(r.item)
    }

    /// The name a pledger is shown by: the unit's for `_unit`.
    pub fn pledger_name(&self, u: UnitIx, sheet: &Sheet) -> String {
        if sheet.is_unit() {
            return self.unit(u).name.clone();
        }
        sheet.name.clone().unwrap_or_else(|| sheet.id.clone())
    }

    pub fn unit_link(&self, u: UnitIx) -> Link {
        Link::new(&self.unit(u).name, self.unit_url(u))
    }

    pub fn markdown(
        &self,
        source: &str,
        link_base: Option<&str>,
        heading_offset: u8,
        prefix: &str,
    ) -> String {
        markdown::render(
            source,
            &MdOptions {
                link_base,
                heading_offset,
                footnote_prefix: prefix,
            },
        )
    }
}

fn board_years(site: &Site) -> IxVec<UnitIx, Vec<i32>> {
    let mut out: IxVec<UnitIx, Vec<i32>> = site
        .units
        .iter()
        .map(|u| u.years.keys().copied().collect())
        .collect();
    // Pre-order: children come after their parent, so walk backwards.
    for (u, unit) in site.units_ix().rev() {
        let mut years = out[u].clone();
        for &c in &unit.children {
            years.extend(out[c].iter().copied());
        }
        years.sort_unstable();
        years.dedup();
        out[u] = years;
    }
    out
}

fn year_items(site: &Site, year: i32) -> Vec<ItemRef> {
    let mut out = Vec::new();
    for (u, unit) in site.units_ix() {
        let Some(uy) = unit.years.get(&year) else {
            continue;
        };
        for (s, sheet) in uy.sheets_ix() {
            out.extend(ItemIx::all(sheet.items.len()).map(|item| ItemRef {
                unit: u,
                sheet: s,
                item,
            }));
        }
    }
    out
}

#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

impl Link {
    pub fn new(label: impl Into<String>, url: impl Into<String>) -> Self {
        Link {
            label: label.into(),
            url: url.into(),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct StatusCount {
    pub key: &'static str,
    pub label: String,
    pub count: u64,
    pub url: Option<String>,
}

/// A tally, formatted.
#[derive(Clone, Debug, Serialize)]
pub struct Figures {
    pub items: u64,
    pub done: u64,
    /// The whole-year denominator: items − adjusted.
    pub counted: u64,
    pub fulfilment: String,
    pub fulfilment_bar: u8,
    pub due: u64,
    /// The fulfilment of due items, or "暂无到期事项" (never a 0 % that
    /// only means nothing is due yet).
    pub fulfilment_due: String,
    pub fulfilment_due_bar: u8,
    pub due_known: bool,
    /// The year is running: lead with the due-based figure.
    pub running: bool,
    pub as_of: Option<String>,
    /// 含下级组织 / 本组织, where the page mixes both.
    pub scope: Option<String>,
    /// The figure a row or a line leads with, and its count ("19/32").
    pub lead_label: String,
    pub lead: String,
    pub lead_bar: u8,
    pub lead_count: String,
    pub coverage: String,
    pub coverage_known: bool,
    pub required_known: bool,
    pub pledged: u64,
    pub required: u64,
    pub satisfaction: String,
    pub has_votes: bool,
    pub votes: u64,
    pub sheets: u64,
    pub notes: u64,
    /// Every status, in docs/spec.md §3 order, zeros included.
    pub statuses: Vec<StatusCount>,
}

/// The figures of `tally` for `year` (none: a list over years, which
/// leads with the whole-year figure); `links`: link each status count to
/// the year's status page.
pub fn figures(env: &Env, tally: &Tally, year: Option<i32>, links: bool) -> Figures {
    let status_links = year.filter(|_| links);
    let statuses = ItemStatus::ALL
        .iter()
        .map(|&s| StatusCount {
            key: s.as_str(),
            label: env.t.status(s),
            count: tally.count(s),
            url: status_links.map(|y| env.status_url(y, s)),
        })
        .collect();
    let done = tally.count(ItemStatus::Done);
    let counted = tally.items - tally.count(ItemStatus::Adjusted);
    let due = tally.due();
    let fulfilment_due = match tally.fulfilment_due() {
        Some(r) => percent(Some(r)),
        None => env.t.get("no_due").to_string(),
    };
    let running = year.is_some_and(|y| env.year_running(y));
    let (lead_label, lead, lead_bar, lead_count) = if running {
        (
            env.t.get("fulfilment_due"),
            fulfilment_due.clone(),
            bar_width(tally.fulfilment_due()),
            if due > 0 {
                format!("{done}/{due}")
            } else {
                String::new()
            },
        )
    } else {
        (
            env.t.get("fulfilment_year"),
            percent(tally.fulfilment()),
            bar_width(tally.fulfilment()),
            if counted > 0 {
                format!("{done}/{counted}")
            } else {
                String::new()
            },
        )
    };
    Figures {
        items: tally.items,
        done,
        counted,
        fulfilment: percent(tally.fulfilment()),
        fulfilment_bar: bar_width(tally.fulfilment()),
        due,
        fulfilment_due,
        fulfilment_due_bar: bar_width(tally.fulfilment_due()),
        due_known: due > 0,
        running,
        as_of: year.and_then(|y| env.as_of(y)),
        scope: None,
        lead_label: lead_label.to_string(),
        lead,
        lead_bar,
        lead_count,
        coverage: percent(tally.coverage()),
        coverage_known: tally.coverage().is_some(),
        required_known: tally.required().is_some(),
        pledged: tally.pledged,
        required: tally.required,
        satisfaction: if tally.has_votes {
            percent(tally.satisfaction())
        } else {
            env.t.get("after_review").to_string()
        },
        has_votes: tally.has_votes,
        votes: tally.votes.total(),
        sheets: tally.sheets,
        notes: tally.notes,
        statuses,
    }
}

/// A unit in a table: its figures for one year, subtree included.
#[derive(Clone, Debug, Serialize)]
pub struct UnitRow {
    pub name: String,
    pub url: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub board_url: Option<String>,
    pub exemplary: bool,
    pub figures: Figures,
}

pub fn unit_row(env: &Env, u: UnitIx, year: i32) -> UnitRow {
    let unit = env.unit(u);
    let tally = env.facts.get(&year).map(|f| f.total[u]).unwrap_or_default();
    UnitRow {
        name: unit.name.clone(),
        url: env.unit_url(u),
        kind: unit.kind.as_str(),
        kind_label: env.t.kind(unit.kind),
        board_url: env.has_board(u, year).then(|| env.board_url(u, year)),
        exemplary: unit.exemplary.contains(&year),
        figures: figures(env, &tally, Some(year), false),
    }
}

/// The unit tree on the home page.
#[derive(Clone, Debug, Serialize)]
pub struct TreeNode {
    pub name: String,
    pub url: String,
    pub kind_label: String,
    /// The figure the year leads with, named ("到期事项兑现率 59.4%").
    pub fulfilment: String,
    pub children: Vec<TreeNode>,
}

/// Levels of units the home page's tree shows. Tera renders components
/// nested at most 20 deep (a deeper tree failed the whole build); deeper
/// units are listed on their parents' pages.
pub const TREE_LEVELS: usize = 8;

pub fn tree(env: &Env, u: UnitIx, year: Option<i32>) -> TreeNode {
    tree_to(env, u, year, TREE_LEVELS)
}

fn tree_to(env: &Env, u: UnitIx, year: Option<i32>, levels: usize) -> TreeNode {
    let unit = env.unit(u);
    let fulfilment = year
        .and_then(|y| env.facts.get(&y).map(|f| (y, f)))
        .map(|(y, f)| {
            let fig = figures(env, &f.total[u], Some(y), false);
            format!("{} {}", fig.lead_label, fig.lead)
        })
        .unwrap_or_else(|| format!("{} {}", env.t.get("fulfilment"), percent(None)));
    TreeNode {
        name: unit.name.clone(),
        url: env.unit_year_url(u, year),
        kind_label: env.t.kind(unit.kind),
        fulfilment,
        children: match levels {
            0 | 1 => Vec::new(),
            _ => unit
                .children
                .iter()
                .map(|&c| tree_to(env, c, year, levels - 1))
                .collect(),
        },
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct RectView {
    pub unit: Link,
    pub year: i32,
    pub issued: String,
    pub deadline: String,
    pub reason: String,
    pub done: Option<String>,
    /// `done`, `open` or `late`.
    pub state: &'static str,
    pub state_label: String,
}

pub fn rect_view(env: &Env, u: UnitIx, r: &Rectification) -> RectView {
    let state = match r.done {
        Some(_) => "done",
        None if r.deadline < env.today => "late",
        None => "open",
    };
    RectView {
        unit: env.unit_year_link(u, r.year),
        year: r.year,
        issued: r.issued.to_string(),
        deadline: r.deadline.to_string(),
        reason: r.reason.clone(),
        done: r.done.map(|d| d.to_string()),
        state,
        state_label: env.t.get(&format!("rect_{state}")).to_string(),
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct CountRow {
    pub key: &'static str,
    pub label: String,
    pub count: u64,
}

/// A unit's page details (also on the home page for the root unit).
#[derive(Clone, Debug, Serialize)]
pub struct UnitDetails {
    pub name: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub secretary: Option<String>,
    pub members: Option<u64>,
    /// Roster entries by member status (counts only: nothing private).
    pub composition: Vec<CountRow>,
    pub established: Option<String>,
    pub description_html: String,
    pub exemplary_years: Vec<Link>,
    pub rectifications: Vec<RectView>,
    pub years: Vec<Link>,
    pub children: Vec<UnitRow>,
}

pub fn unit_details(env: &Env, u: UnitIx) -> UnitDetails {
    let unit = env.unit(u);
    let year = env.site.site_year();
    let roster = year
        .and_then(|y| unit.roster_for(y))
        .or(unit.roster.as_deref());
    let members = roster
        .map(|r| r.len() as u64)
        .or(unit.members.map(u64::from));
    let composition = roster
        .map(|r| {
            MemberStatus::ALL
                .iter()
                .map(|&s| CountRow {
                    key: s.as_str(),
                    label: env.t.member_status(s),
                    count: r.iter().filter(|e| e.status == s).count() as u64,
                })
                .filter(|c| c.count > 0)
                .collect()
        })
        .unwrap_or_default();
    let mut exemplary = unit.exemplary.clone();
    exemplary.sort_unstable();
    exemplary.dedup();
    let mut rects: Vec<&Rectification> = unit.rectification.iter().collect();
    rects.sort_by_key(|r| (std::cmp::Reverse(r.year), r.issued));
    let year_for_children = year.unwrap_or(0);
    UnitDetails {
        name: unit.name.clone(),
        kind: unit.kind.as_str(),
        kind_label: env.t.kind(unit.kind),
        secretary: unit.secretary.clone(),
        members,
        composition,
        established: unit.established.map(|d| d.to_string()),
        description_html: unit
            .description
            .as_deref()
            .map(|d| env.markdown(d, None, 2, "unit-"))
            .unwrap_or_default(),
        // A year the site has no folder for has no page to lead to.
        exemplary_years: exemplary
            .iter()
            .map(|&y| {
                let url = if env.has_board(u, y) {
                    env.unit_year_url(u, Some(y))
                } else if env.site.years.contains(&y) {
                    env.year_url(y)
                } else {
                    String::new()
                };
                Link::new(env.t.year(y), url)
            })
            .collect(),
        rectifications: rects.into_iter().map(|r| rect_view(env, u, r)).collect(),
        years: env.outline.board_years[u]
            .iter()
            .rev()
            .map(|&y| Link::new(env.t.year(y), env.board_url(u, y)))
            .collect(),
        children: unit
            .children
            .iter()
            .map(|&c| unit_row(env, c, year_for_children))
            .collect(),
    }
}

/// One pledge item, with where it belongs.
#[derive(Clone, Debug, Serialize)]
pub struct ItemView {
    pub id: String,
    pub anchor: String,
    pub url: String,
    pub title: String,
    pub category: Option<Link>,
    /// The deadline now (the approved new one when there is one).
    pub deadline: String,
    /// The original deadline, when a new one replaced it (struck through).
    pub original_deadline: Option<String>,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub responsibility: Option<String>,
    pub status: &'static str,
    /// The status in words, with its date or days where it has them
    /// ("已延期至 2027-01-31", "已逾期 12 天").
    pub status_label: String,
    /// What became of it, in the words of the note that said so.
    pub story: Option<Story>,
    pub progress: u8,
    pub notes: usize,
    pub last_note: Option<String>,
    pub pledger: Link,
    pub unit: Link,
    /// The schema's generic item fields (`item.fields.<name>`).
    pub fields: crate::model::GenericFields,
}

/// The note behind an item's status: what it was adjusted into, why it
/// was given up, why it is late.
#[derive(Clone, Debug, Serialize)]
pub struct Story {
    pub label: String,
    pub title: Option<String>,
    pub text: String,
    /// The note on its sheet's timeline.
    pub url: String,
}

/// Characters of a note's text an item's story shows.
const STORY_CHARS: usize = 160;

fn story(
    env: &Env,
    sheet: &Sheet,
    item: &str,
    status: ItemStatus,
    sheet_url: &str,
) -> Option<Story> {
    use crate::model::NoteStatus as N;
    let notes: Vec<&Note> = derive::notes_for(&sheet.notes, item).collect();
    let (label, note) = match status {
        ItemStatus::Adjusted => (
            "adjusted_to",
            notes.iter().rev().find(|n| n.status == Some(N::Adjusted)),
        ),
        ItemStatus::Abandoned => (
            "abandoned_why",
            notes.iter().rev().find(|n| n.status == Some(N::Abandoned)),
        ),
        ItemStatus::Delayed => (
            "latest_explanation",
            notes.iter().rev().find(|n| n.status == Some(N::Delayed)),
        ),
        ItemStatus::Overdue => ("latest_explanation", notes.last()),
        _ => return None,
    };
    let note = note?;
    let plain = super::search::plain_text(&note.body);
    let plain = plain.trim();
    let mut text: String = plain.chars().take(STORY_CHARS).collect();
    if plain.chars().count() > STORY_CHARS {
        text.push('…');
    }
    let title = if status == ItemStatus::Adjusted {
        note.title.clone()
    } else {
        None
    };
    if text.is_empty() && title.is_none() {
        return None;
    }
    Some(Story {
        label: env.t.get(label).to_string(),
        title,
        text,
        url: urls::anchor_link(sheet_url, &note.id),
    })
}

/// An item's status in words, with the new deadline or the days late.
pub fn status_words(env: &Env, state: &ItemState) -> String {
    match state.status {
        ItemStatus::Delayed if state.new_deadline.is_some() => env
            .t
            .fill("delayed_to", &[("date", state.deadline.to_string())]),
        ItemStatus::Overdue => {
            let days = state.deadline.days_until(env.today);
            env.t.fill("overdue_by", &[("n", days.to_string())])
        }
        s => env.t.status(s),
    }
}

/// The views of the first `count` items (all of them) of sheet `s` of
/// unit `u` in `year`, in the sheet's order.
pub fn item_views(env: &Env, u: UnitIx, s: SheetIx, count: usize, year: i32) -> Vec<ItemView> {
    ItemIx::all(count)
        .map(|item| {
            let r = ItemRef {
                unit: u,
                sheet: s,
                item,
            };
            item_view(env, r, year)
        })
        .collect()
}

pub fn item_view(env: &Env, r: ItemRef, year: i32) -> ItemView {
    let sheet = env.sheet(r, year);
    let item = sheet.item(r.item);
    let state = env
        .state(r, year)
        .copied()
        .unwrap_or_else(|| derive::item_state(item, &sheet.notes, env.today));
    let sheet_url = env.sheet_url(r.unit, year, &sheet.id);
    let anchor = urls::item_anchor(&item.id);
    ItemView {
        id: item.id.clone(),
        url: urls::anchor_link(&sheet_url, &anchor),
        anchor,
        title: item.title.clone(),
        category: item
            .category
            .as_ref()
            .map(|c| Link::new(c.clone(), env.category_url(c).unwrap_or_default())),
        deadline: state.deadline.to_string(),
        original_deadline: (state.deadline != item.deadline).then(|| item.deadline.to_string()),
        baseline: item.baseline.clone(),
        target: item.target.clone(),
        responsibility: item.responsibility.clone(),
        status: state.status.as_str(),
        status_label: status_words(env, &state),
        story: story(env, sheet, &item.id, state.status, &sheet_url),
        progress: state.progress,
        notes: state.notes,
        last_note: state.last_note.map(|d| d.to_string()),
        pledger: Link::new(env.pledger_name(r.unit, sheet), sheet_url),
        unit: env.unit_year_link(r.unit, year),
        fields: item.fields.clone(),
    }
}

/// A row on a board: one pledger's sheet.
#[derive(Clone, Debug, Serialize)]
pub struct SheetRow {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
    pub url: String,
    pub form: &'static str,
    pub form_label: String,
    pub items: u64,
    /// Non-zero statuses only.
    pub statuses: Vec<StatusCount>,
    pub progress: u8,
    pub fulfilment: String,
    pub satisfaction: String,
    pub grade: Option<&'static str>,
    pub grade_label: Option<String>,
    pub exemplary: bool,
}

pub fn sheet_row(env: &Env, u: UnitIx, year: i32, s: SheetIx) -> SheetRow {
    let uy = &env.unit(u).years[&year];
    let sheet = uy.sheet(s);
    let facts = env
        .facts
        .get(&year)
        .and_then(|f| f.sheets.get(u))
        .and_then(|v| v.get(s));
    let tally = facts.map(|f| f.tally).unwrap_or_default();
    let review = uy.reviews.get(&sheet.id);
    let mut statuses = figures(env, &tally, Some(year), false).statuses;
    statuses.retain(|s| s.count > 0);
    SheetRow {
        id: sheet.id.clone(),
        name: env.pledger_name(u, sheet),
        role: pledger_role(env, u, year, sheet),
        url: env.sheet_url(u, year, &sheet.id),
        form: sheet.form.as_str(),
        form_label: env.t.form(sheet.form),
        items: tally.items,
        statuses,
        progress: facts
            .map(|f| mean_progress(f.items.as_slice()))
            .unwrap_or(0),
        fulfilment: percent(tally.fulfilment()),
        satisfaction: percent(tally.satisfaction()),
        grade: review.and_then(|r| r.grade).map(Grade::as_str),
        grade_label: review.and_then(|r| r.grade).map(|g| env.t.grade(g)),
        exemplary: review.is_some_and(|r| r.exemplary),
    }
}

/// The sheet's own role text, else the roster's role label.
pub fn pledger_role(env: &Env, u: UnitIx, year: i32, sheet: &Sheet) -> Option<String> {
    if sheet.role.is_some() || sheet.is_unit() {
        return sheet.role.clone();
    }
    env.unit(u)
        .roster_for(year)?
        .iter()
        .find(|e| e.id == sheet.id)?
        .role
        .map(|r| env.t.role(r))
}

/// Mean progress of the items that count (adjusted ones excluded).
fn mean_progress(items: &[ItemState]) -> u8 {
    let counted: Vec<u64> = items
        .iter()
        .filter(|s| s.status != ItemStatus::Adjusted)
        .map(|s| u64::from(s.progress))
        .collect();
    if counted.is_empty() {
        return 0;
    }
    let sum: u64 = counted.iter().sum();
    ((sum as f64 / counted.len() as f64).round() as u64).min(100) as u8
}

#[derive(Clone, Debug, Serialize)]
pub struct NoteView {
    pub id: String,
    pub date: String,
    pub heading: String,
    pub title: Option<String>,
    pub author: Option<String>,
    pub progress: Option<u8>,
    pub status: Option<&'static str>,
    pub status_label: Option<String>,
    /// Items whose status now differs from what this note said, with
    /// their status now: a reader never takes a stale word for today's.
    pub now: Vec<ItemNow>,
    pub items: Vec<Link>,
    pub body_html: String,
    /// The link to the note's anchor from its own sheet (`#<id>`).
    pub anchor_href: String,
    /// The note's anchor on its sheet.
    pub permalink: String,
    /// Its own page, with `note_pages`.
    pub page_url: Option<String>,
    /// The schema's generic note fields (`note.fields.<name>`).
    pub fields: crate::model::GenericFields,
}

#[derive(Clone, Debug, Serialize)]
pub struct ItemNow {
    pub title: String,
    pub status: &'static str,
    pub status_label: String,
}

fn items_now(env: &Env, sheet: &Sheet, note: &Note) -> Vec<ItemNow> {
    let Some(said) = note.status else {
        return Vec::new();
    };
    sheet
        .items
        .iter()
        .filter(|i| note.items.contains(&i.id))
        .filter_map(|item| {
            let state = derive::item_state(item, &sheet.notes, env.today);
            (state.status.as_str() != said.as_str()).then(|| ItemNow {
                title: item.title.clone(),
                status: state.status.as_str(),
                status_label: status_words(env, &state),
            })
        })
        .collect()
}

pub fn note_view(env: &Env, u: UnitIx, year: i32, sheet: &Sheet, note: &Note) -> NoteView {
    let sheet_url = env.sheet_url(u, year, &sheet.id);
    let items: Vec<Link> = note
        .items
        .iter()
        .map(|id| {
            let title = sheet
                .items
                .iter()
                .find(|i| &i.id == id)
                .map(|i| i.title.clone())
                .unwrap_or_else(|| id.clone());
            Link::new(title, urls::anchor_link(&sheet_url, &urls::item_anchor(id)))
        })
        .collect();
    let heading = note_heading(sheet, note);
    let status = note.status.map(|s| s.as_str());
    NoteView {
        id: note.id.clone(),
        date: note.date.to_string(),
        heading,
        title: note.title.clone(),
        author: note.author.clone(),
        progress: note.progress,
        status,
        status_label: status.map(|s| match note.deadline {
            Some(d) => env.t.fill("delayed_to", &[("date", d.to_string())]),
            None => env.t.get(&format!("status_{s}")).to_string(),
        }),
        now: items_now(env, sheet, note),
        items,
        body_html: env.markdown(&note.body, Some(&sheet_url), 2, &format!("{}-", note.id)),
        anchor_href: urls::anchor_link("", &note.id),
        permalink: urls::anchor_link(&sheet_url, &note.id),
        page_url: env.site.config.note_pages.then(|| {
            env.urls.dir(&urls::note_dir(
                &env.unit(u).path,
                year,
                &sheet.id,
                &note.id,
            ))
        }),
        fields: note.fields.clone(),
    }
}

/// A note's heading as its sheet shows it: its title, else its first
/// item's title, else its id.
pub fn note_heading(sheet: &Sheet, note: &Note) -> String {
    note.title
        .clone()
        .or_else(|| {
            let first = note.items.first()?;
            sheet
                .items
                .iter()
                .find(|i| &i.id == first)
                .map(|i| i.title.clone())
        })
        .unwrap_or_else(|| note.id.clone())
}

/// A line in the home page's list of latest notes.
#[derive(Clone, Debug, Serialize)]
pub struct LatestNote {
    pub date: String,
    pub heading: String,
    pub url: String,
    pub pledger: String,
    pub unit: String,
    /// The item the note is about, when the heading is the note's own
    /// title (a bare "程序规范" says nothing of whose pledge it is).
    pub item: Option<String>,
    pub status: Option<&'static str>,
    pub status_label: Option<String>,
    pub progress: Option<u8>,
}

/// The `limit` newest notes of the whole site, newest first.
pub fn latest_notes(env: &Env, limit: usize) -> Vec<LatestNote> {
    let mut all: Vec<(Date, UnitIx, i32, SheetIx, NoteIx)> = Vec::new();
    for (u, unit) in env.site.units_ix() {
        for (&y, uy) in &unit.years {
            for (s, sheet) in uy.sheets_ix() {
                all.extend(sheet.notes_ix().map(|(n, note)| (note.date, u, y, s, n)));
            }
        }
    }
    all.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then((a.1, a.2, a.3, a.4).cmp(&(b.1, b.2, b.3, b.4)))
    });
    all.truncate(limit);
    all.into_iter()
        .map(|(_, u, y, s, n)| {
            let sheet = env.unit(u).years[&y].sheet(s);
            let note = sheet.note(n);
            let status = note.status.map(|s| s.as_str());
            let item = note
                .items
                .first()
                .and_then(|first| sheet.items.iter().find(|i| &i.id == first))
                .map(|i| i.title.clone());
            LatestNote {
                item: item.filter(|_| note.title.is_some()),
                date: note.date.to_string(),
                heading: note_heading(sheet, note),
                url: urls::anchor_link(&env.sheet_url(u, y, &sheet.id), &note.id),
                pledger: env.pledger_name(u, sheet),
                unit: env.unit(u).name.clone(),
                status,
                status_label: status.map(|s| env.t.get(&format!("status_{s}")).to_string()),
                progress: note.progress,
            }
        })
        .collect()
}

#[derive(Clone, Debug, Serialize)]
pub struct CommentView {
    pub half: u8,
    pub half_label: String,
    pub by: String,
    pub date: String,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct VotesView {
    pub satisfied: u64,
    pub basic: u64,
    pub unsatisfied: u64,
    pub total: u64,
    pub satisfaction: String,
    pub satisfaction_bar: u8,
}

pub fn votes_view(v: &Votes) -> VotesView {
    let rate = (v.total() > 0).then(|| (v.satisfied + v.basic) as f64 / v.total() as f64);
    VotesView {
        satisfied: v.satisfied,
        basic: v.basic,
        unsatisfied: v.unsatisfied,
        total: v.total(),
        satisfaction: percent(rate),
        satisfaction_bar: bar_width(rate),
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ReviewView {
    pub comments: Vec<CommentView>,
    pub votes: Option<VotesView>,
    pub grade: Option<&'static str>,
    pub grade_label: Option<String>,
    pub exemplary: bool,
}

pub fn review_view(env: &Env, review: &Review) -> ReviewView {
    let mut comments: Vec<CommentView> = review
        .comments
        .iter()
        .map(|c| CommentView {
            half: c.half,
            half_label: env
                .t
                .get(if c.half == 1 { "half_1" } else { "half_2" })
                .to_string(),
            by: c.by.clone(),
            date: c.date.to_string(),
            text: c.text.clone(),
        })
        .collect();
    comments.sort_by(|a, b| (a.half, &a.date).cmp(&(b.half, &b.date)));
    ReviewView {
        comments,
        votes: review.votes.as_ref().map(votes_view),
        grade: review.grade.map(Grade::as_str),
        grade_label: review.grade.map(|g| env.t.grade(g)),
        exemplary: review.exemplary,
    }
}

/// The coverage block of a board: the unit's own members.
#[derive(Clone, Debug, Serialize)]
pub struct CoverageView {
    pub known: bool,
    /// "应承诺人数未登记": shown instead of a rate when not known.
    pub unknown_label: String,
    pub pledged: u64,
    pub required: u64,
    pub exempt: u64,
    pub rate: String,
    pub bar: u8,
}

pub fn coverage_view(env: &Env, u: UnitIx, year: i32) -> CoverageView {
    let facts = env.facts.get(&year);
    let own = facts.map(|f| f.own[u]).unwrap_or_default();
    CoverageView {
        known: facts.is_some_and(|f| f.required_known[u]),
        unknown_label: env.t.get("required_unknown").to_string(),
        pledged: own.pledged,
        required: own.required,
        exempt: derive::exempt_members(env.unit(u), year),
        rate: percent(own.coverage()),
        bar: bar_width(own.coverage()),
    }
}

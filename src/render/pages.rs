//! The list of pages (docs/spec.md §4) and, for each, its template, its output
//! folder, its breadcrumbs and its view model.

use std::sync::Arc;

use serde::Serialize;

use super::charts::{self, Chart};
use super::context::{self as cx, Env, Figures, ItemView, Link, UnitRow};
use super::{qr, search, urls};
use crate::derive::ItemStatus;
use crate::model::{Grade, NoteIx, SheetIx, UnitIx};

/// Rows per page of the long lists (status and category pages). A row of
/// the items table is about 0.9 KB of HTML, so 200 rows keep a page near
/// 180 KB (some 20 KB compressed): quick to load and scroll on a phone,
/// while a city's 10,000-item list still needs only 50 pages.
pub const LIST_PAGE_ROWS: usize = 200;

/// Overdue items the year page shows (the earliest deadlines); all of
/// them are on the year's overdue status list, which it links to.
pub const YEAR_OVERDUE_ROWS: usize = 100;

/// Pages a list of `rows` rows takes (an empty list still has its page).
pub fn list_pages(rows: usize) -> usize {
    rows.div_ceil(LIST_PAGE_ROWS).max(1)
}

/// One page to render: indices into the site model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    Unit(UnitIx),
    Board {
        unit: UnitIx,
        year: i32,
    },
    /// A board's 公示栏 laid out for printing on `paper`.
    Poster {
        unit: UnitIx,
        year: i32,
        paper: urls::Paper,
    },
    /// A board's desk cards (承诺卡): one small page per member.
    Cards {
        unit: UnitIx,
        year: i32,
    },
    Sheet {
        unit: UnitIx,
        year: i32,
        sheet: SheetIx,
    },
    Note {
        unit: UnitIx,
        year: i32,
        sheet: SheetIx,
        note: NoteIx,
    },
    Year(i32),
    /// `/status/<year>/`: the year's status lists.
    Statuses(i32),
    Years,
    Categories,
    /// A category's items, page `.1` (from 1) of them.
    Category(String, usize),
    /// A status list; `page` from 1.
    Status {
        year: i32,
        status: ItemStatus,
        page: usize,
    },
    Search,
    /// 口径说明: every figure, status word and evaluation explained.
    Glossary,
    NotFound,
}

/// Every page of the site, in a fixed order.
pub fn all(env: &Env) -> Vec<Page> {
    let mut pages = vec![
        Page::Home,
        Page::Years,
        Page::Categories,
        Page::Search,
        Page::Glossary,
        Page::NotFound,
    ];
    for u in UnitIx::all(env.site.units.len()) {
        if env.outline.root != Some(u) {
            pages.push(Page::Unit(u));
        }
        for &year in &env.outline.board_years[u] {
            if env.outline.root != Some(u) {
                pages.push(Page::Board { unit: u, year });
            }
            for paper in [urls::Paper::A4, urls::Paper::A3] {
                pages.push(Page::Poster {
                    unit: u,
                    year,
                    paper,
                });
            }
            if has_cards(env, u, year) {
                pages.push(Page::Cards { unit: u, year });
            }
        }
        for (&year, uy) in &env.unit(u).years {
            for (s, sheet) in uy.sheets_ix() {
                pages.push(Page::Sheet {
                    unit: u,
                    year,
                    sheet: s,
                });
                if env.site.config.note_pages {
                    pages.extend(NoteIx::all(sheet.notes.len()).map(|n| Page::Note {
                        unit: u,
                        year,
                        sheet: s,
                        note: n,
                    }));
                }
            }
        }
    }
    for &year in env.facts.keys() {
        pages.push(Page::Year(year));
        pages.push(Page::Statuses(year));
        for status in ItemStatus::ALL {
            let n = list_pages(env.status_items(year, status).len());
            pages.extend((1..=n).map(|page| Page::Status { year, status, page }));
        }
    }
    for c in env.outline.category_slugs.keys() {
        let n = list_pages(category_count(env, c));
        pages.extend((1..=n).map(|page| Page::Category(c.clone(), page)));
    }
    pages
}

impl Page {
    /// The name its view model goes under in the template's context, and
    /// the page's `page.kind`.
    pub fn key(&self) -> &'static str {
        match self {
            Page::Home => "home",
            Page::Unit(_) => "unit",
            Page::Board { .. } => "board",
            Page::Poster { .. } => "poster",
            Page::Cards { .. } => "cards",
            Page::Sheet { .. } => "sheet",
            Page::Note { .. } => "note",
            Page::Year(_) => "year",
            Page::Statuses(_) => "statuses",
            Page::Years => "years",
            Page::Categories => "categories",
            Page::Category(..) => "category",
            Page::Status { .. } => "status",
            Page::Search => "search",
            Page::Glossary => "glossary",
            Page::NotFound => "not_found",
        }
    }
}

/// What a page needs from the theme.
pub struct Built {
    pub template: &'static str,
    /// Output folder, `""` for the home page.
    pub dir: String,
    /// The output file when it is not `<dir>/index.html` (the 404 page).
    pub file: Option<String>,
    /// The unit's own Atom feed, for pages about one unit: its link and
    /// its name (the unit's; the page's own title would say the feed is
    /// about the page).
    pub feed: Option<Link>,
    pub title: String,
    pub crumbs: Vec<Link>,
    /// The view model, under `Page::key` in the context.
    pub data: tera::Value,
}

fn value<T: Serialize>(data: &T) -> tera::Value {
    tera::Value::from_serializable(data)
}

pub fn build(env: &Env, page: &Page) -> Built {
    match page {
        Page::Home => home(env),
        Page::Unit(u) => unit(env, *u),
        Page::Board { unit, year } => board(env, *unit, *year),
        Page::Poster { unit, year, paper } => poster_page(env, *unit, *year, *paper),
        Page::Cards { unit, year } => cards_page(env, *unit, *year),
        Page::Sheet { unit, year, sheet } => sheet_page(env, *unit, *year, *sheet),
        Page::Note {
            unit,
            year,
            sheet,
            note,
        } => note_page(env, *unit, *year, *sheet, *note),
        Page::Year(y) => year(env, *y),
        Page::Statuses(y) => statuses_page(env, *y),
        Page::Years => years(env),
        Page::Categories => categories(env),
        Page::Category(c, page) => category(env, c, *page),
        Page::Status { year, status, page } => status_page(env, *year, *status, *page),
        Page::Search => search_page(env),
        Page::Glossary => glossary(env),
        Page::NotFound => not_found(env),
    }
}

/// The file a page is written to, without building its view model (the
/// same folder rules as `build`; `serve` uses it to find pages by path).
pub fn output(env: &Env, page: &Page) -> String {
    let unit = |u: &UnitIx| &env.unit(*u).path;
    let dir = match page {
        Page::NotFound => return urls::NOT_FOUND.to_string(),
        Page::Home => String::new(),
        Page::Unit(u) => urls::unit_dir(unit(u)),
        Page::Board { unit: u, year } => urls::board_dir(unit(u), *year),
        Page::Poster {
            unit: u,
            year,
            paper,
        } => urls::poster_dir(unit(u), *year, *paper),
        Page::Cards { unit: u, year } => urls::cards_dir(unit(u), *year),
        Page::Sheet {
            unit: u,
            year,
            sheet,
        } => urls::sheet_dir(unit(u), *year, &env.unit(*u).years[year].sheet(*sheet).id),
        Page::Note {
            unit: u,
            year,
            sheet,
            note,
        } => {
            let sheet = env.unit(*u).years[year].sheet(*sheet);
            urls::note_dir(unit(u), *year, &sheet.id, &sheet.note(*note).id)
        }
        Page::Year(y) => urls::year_dir(*y),
        Page::Statuses(y) => urls::statuses_dir(*y),
        Page::Years => urls::YEARS.to_string(),
        Page::Categories => urls::CATEGORIES.to_string(),
        Page::Category(c, page) => urls::list_page_dir(
            &urls::category_dir(
                &env.outline
                    .category_slugs
                    .get(c)
                    .cloned()
                    .unwrap_or_default(),
            ),
            *page,
        ),
        Page::Status { year, status, page } => {
            urls::list_page_dir(&urls::status_dir(*year, status.as_str()), *page)
        }
        Page::Search => urls::SEARCH.to_string(),
        Page::Glossary => urls::GLOSSARY.to_string(),
    };
    urls::index_file(&dir)
}

/// A unit's feed link (none for the root: the site feed is its feed).
fn unit_feed(env: &Env, u: UnitIx) -> Option<Link> {
    urls::unit_feed(&env.unit(u).path)
        .map(|p| Link::new(env.unit(u).name.clone(), env.urls.file(&p)))
}

fn search_page(env: &Env) -> Built {
    Built {
        template: "search.html",
        dir: urls::SEARCH.to_string(),
        file: None,
        feed: None,
        title: env.t.get("search_title").to_string(),
        crumbs: vec![
            home_crumb(env),
            Link::new(env.t.get("search_title"), env.urls.dir(urls::SEARCH)),
        ],
        data: value(&search::search_view(env)),
    }
}

#[derive(Serialize)]
struct GlossaryEntry {
    key: &'static str,
    name: String,
    text: String,
}

#[derive(Serialize)]
struct GlossaryView {
    figures: Vec<GlossaryEntry>,
    statuses: Vec<GlossaryEntry>,
}

/// The reader-facing definitions every figure's one-liner links to; the
/// one-liners are the same strings, so a page and this one cannot differ.
fn glossary(env: &Env) -> Built {
    let t = &env.t;
    let entry = |key: &'static str, name: &str, text: &str| GlossaryEntry {
        key,
        name: t.get(name).to_string(),
        text: t.get(text).to_string(),
    };
    let data = GlossaryView {
        figures: vec![
            entry("fulfilment_due", "fulfilment_due", "define_fulfilment_due"),
            entry("fulfilment", "fulfilment_year", "define_fulfilment"),
            entry("coverage", "coverage", "define_coverage"),
            entry("satisfaction", "satisfaction", "define_satisfaction"),
        ],
        statuses: ItemStatus::ALL
            .iter()
            .map(|s| GlossaryEntry {
                key: s.as_str(),
                name: t.status(*s),
                text: t.get(&format!("status_def_{}", s.as_str())).to_string(),
            })
            .collect(),
    };
    Built {
        template: "glossary.html",
        dir: urls::GLOSSARY.to_string(),
        file: None,
        feed: None,
        title: t.get("glossary_title").to_string(),
        crumbs: vec![
            home_crumb(env),
            Link::new(t.get("glossary_title"), env.urls.dir(urls::GLOSSARY)),
        ],
        data: value(&data),
    }
}

fn not_found(env: &Env) -> Built {
    Built {
        template: "404.html",
        dir: String::new(),
        file: Some(urls::NOT_FOUND.to_string()),
        feed: None,
        title: env.t.get("not_found_title").to_string(),
        crumbs: vec![home_crumb(env), Link::new(env.t.get("not_found_title"), "")],
        data: value(&()),
    }
}

fn home_crumb(env: &Env) -> Link {
    Link::new(env.t.get("nav_home"), env.urls.dir(""))
}

/// Home, then the unit's ancestors and the unit (the root unit is home).
fn unit_crumbs(env: &Env, u: UnitIx) -> Vec<Link> {
    let mut chain = Vec::new();
    let mut cur = Some(u);
    while let Some(c) = cur {
        if env.outline.root != Some(c) {
            chain.push(env.unit_link(c));
        }
        cur = env.unit(c).parent;
    }
    chain.push(home_crumb(env));
    chain.reverse();
    chain
}

/// Crumbs down to a unit's board for `year` (the year page for the root).
fn board_crumbs(env: &Env, u: UnitIx, year: i32) -> Vec<Link> {
    let mut crumbs = unit_crumbs(env, u);
    let url = if env.outline.root == Some(u) {
        env.year_url(year)
    } else {
        env.board_url(u, year)
    };
    crumbs.push(Link::new(env.t.year(year), url));
    crumbs
}

#[derive(Serialize)]
struct HomeView {
    year: Option<i32>,
    year_url: Option<String>,
    totals: Option<Figures>,
    latest: Vec<cx::LatestNote>,
    tree: Vec<cx::TreeNode>,
    years: Vec<YearSummary>,
    root: Option<cx::UnitDetails>,
    charts: Vec<Chart>,
    feed_url: String,
    /// 找我的社区/单位: top units, each opening onto its sub-units.
    picker: Vec<PickerGroup>,
}

/// A top unit in the home page's picker: opened with one tap (no
/// script), it lists its own board and every unit under it, each one
/// more tap away; deeper units are indented under their parents.
#[derive(Serialize)]
struct PickerGroup {
    name: String,
    url: String,
    kind_label: String,
    units: Vec<PickerUnit>,
}

#[derive(Serialize)]
struct PickerUnit {
    name: String,
    url: String,
    kind_label: String,
    depth: usize,
}

fn picker(env: &Env, year: Option<i32>) -> Vec<PickerGroup> {
    env.top_units()
        .into_iter()
        .map(|top| {
            let base = env.unit(top).depth;
            let mut subtree = env.site.subtree(top);
            // Units are stored in pre-order: sorted, each follows its parent.
            subtree.sort_unstable();
            let units = subtree
                .into_iter()
                .filter(|&c| c != top)
                .map(|c| PickerUnit {
                    name: env.unit(c).name.clone(),
                    url: env.unit_year_url(c, year),
                    kind_label: env.t.kind(env.unit(c).kind),
                    depth: env.unit(c).depth.saturating_sub(base + 1),
                })
                .collect();
            PickerGroup {
                name: env.unit(top).name.clone(),
                url: env.unit_year_url(top, year),
                kind_label: env.t.kind(env.unit(top).kind),
                units,
            }
        })
        .collect()
}

fn home(env: &Env) -> Built {
    let year = env.site.site_year();
    let roots: Vec<UnitIx> = match env.outline.root {
        Some(r) => vec![r],
        None => env.top_units(),
    };
    let data = HomeView {
        year,
        year_url: year.map(|y| env.year_url(y)),
        totals: year.and_then(|y| {
            env.facts
                .get(&y)
                .map(|f| cx::figures(env, &f.site, Some(y), true))
        }),
        latest: cx::latest_notes(env, 20),
        tree: roots.iter().map(|&u| cx::tree(env, u, year)).collect(),
        years: year_summaries(env),
        root: env.outline.root.map(|r| cx::unit_details(env, r)),
        charts: year
            .and_then(|y| env.facts.get(&y).map(|f| (y, f)))
            .map(|(y, f)| {
                let all: Vec<UnitIx> = UnitIx::all(env.site.units.len()).collect();
                vec![
                    charts::status(env, "chart-status", &f.site),
                    charts::months(env, "chart-months", y, &all),
                ]
            })
            .unwrap_or_default(),
        feed_url: env.urls.file(urls::SITE_FEED),
        picker: picker(env, year),
    };
    Built {
        template: "index.html",
        dir: String::new(),
        file: None,
        feed: None,
        title: env.site.config.title.clone(),
        crumbs: vec![home_crumb(env)],
        data: value(&data),
    }
}

/// The last crumb names the page's kind ("张伟 · 承诺书"): the crumbs of
/// a deep unit are cut in the middle on a phone, never at their end.
fn with_kind(mut crumbs: Vec<Link>, kind: &str) -> Vec<Link> {
    if let Some(last) = crumbs.last_mut() {
        last.label = format!("{} · {kind}", last.label);
    }
    crumbs
}

fn unit(env: &Env, u: UnitIx) -> Built {
    Built {
        template: "unit.html",
        dir: urls::unit_dir(&env.unit(u).path),
        file: None,
        feed: unit_feed(env, u),
        title: env.unit(u).name.clone(),
        crumbs: with_kind(unit_crumbs(env, u), env.t.get("unit_details")),
        data: value(&cx::unit_details(env, u)),
    }
}

#[derive(Serialize)]
struct BoardView {
    year: i32,
    year_label: String,
    unit: Link,
    kind_label: String,
    exemplary: bool,
    totals: Figures,
    unit_sheet: Option<cx::SheetRow>,
    unit_items: Vec<ItemView>,
    members: Vec<cx::SheetRow>,
    /// Whether any member's sheet has a grade (组织认定) yet.
    graded: bool,
    /// 本组织: the board's own lists and coverage.
    own_label: String,
    children: Vec<UnitRow>,
    coverage: cx::CoverageView,
    drafts: usize,
    rectifications: Vec<cx::RectView>,
    charts: Vec<Chart>,
    /// The board's printable pages: the poster on A4 and A3, the desk cards.
    prints: Vec<Link>,
    /// The unit's boards of every year, this one marked.
    years: Vec<YearLink>,
}

/// One year of a unit's boards or of a pledger's sheets.
#[derive(Serialize)]
pub struct YearLink {
    pub(super) label: String,
    pub(super) url: String,
    pub(super) current: bool,
}

fn board_years_links(env: &Env, u: UnitIx, year: i32) -> Vec<YearLink> {
    env.outline.board_years[u]
        .iter()
        .rev()
        .map(|&y| YearLink {
            label: env.t.year(y),
            url: env.unit_year_url(u, Some(y)),
            current: y == year,
        })
        .collect()
}

/// The same pledger's sheets (the same id in the same unit) of every year.
fn sheet_years_links(env: &Env, u: UnitIx, year: i32, id: &str) -> Vec<YearLink> {
    env.unit(u)
        .years
        .iter()
        .rev()
        .filter(|(_, uy)| uy.sheets.iter().any(|s| s.id == id))
        .map(|(&y, _)| YearLink {
            label: env.t.year(y),
            url: env.sheet_url(u, y, id),
            current: y == year,
        })
        .collect()
}

/// The links to a board's printable pages.
fn print_links(env: &Env, u: UnitIx, year: i32) -> Vec<Link> {
    let path = &env.unit(u).path;
    let mut out: Vec<Link> = [
        (urls::Paper::A4, "print_poster_a4"),
        (urls::Paper::A3, "print_poster_a3"),
    ]
    .into_iter()
    .map(|(paper, key)| {
        Link::new(
            env.t.get(key),
            env.urls.dir(&urls::poster_dir(path, year, paper)),
        )
    })
    .collect();
    if has_cards(env, u, year) {
        out.push(Link::new(
            env.t.get("print_cards"),
            env.urls.dir(&urls::cards_dir(path, year)),
        ));
    }
    out
}

/// Whether the unit has members' sheets in `year`: its desk cards' page.
fn has_cards(env: &Env, u: UnitIx, year: i32) -> bool {
    env.unit(u)
        .years
        .get(&year)
        .is_some_and(|y| y.sheets.iter().any(|s| !s.is_unit()))
}

/// The board of `u` for `year`: the year page for the root unit.
fn board_link(env: &Env, u: UnitIx, year: i32) -> String {
    if env.outline.root == Some(u) {
        env.year_url(year)
    } else {
        env.board_url(u, year)
    }
}

/// The board's charts: status, child units, kinds, notes per month, votes.
fn board_charts(env: &Env, u: UnitIx, year: i32, totals: &crate::derive::Tally) -> Vec<Chart> {
    let subtree = env.site.subtree(u);
    let mut out = vec![charts::status(env, "chart-status", totals)];
    out.extend(charts::by_child(
        env,
        "chart-children",
        year,
        &env.unit(u).children,
    ));
    let kinds: std::collections::BTreeSet<_> = subtree
        .iter()
        .filter(|&&c| env.facts.get(&year).is_some_and(|f| f.own[c].items > 0))
        .map(|&c| env.unit(c).kind)
        .collect();
    if kinds.len() > 1 {
        out.extend(charts::by_kind(env, "chart-kinds", year, &subtree));
    }
    out.push(charts::months(env, "chart-months", year, &subtree));
    out.extend(charts::satisfaction(env, "chart-votes", &totals.votes));
    out
}

/// A board's view, its charts left empty (only the board page has them).
fn board_view(env: &Env, u: UnitIx, year: i32) -> BoardView {
    let unit = env.unit(u);
    let uy = unit.years.get(&year);
    let sheets = || uy.into_iter().flat_map(|y| y.sheets_ix());
    let unit_index = sheets().find(|(_, s)| s.is_unit());
    let unit_items = unit_index
        .map(|(s, sheet)| cx::item_views(env, u, s, sheet.items.len(), year))
        .unwrap_or_default();
    let totals = env.facts.get(&year).map(|f| f.total[u]).unwrap_or_default();
    let members: Vec<cx::SheetRow> = sheets()
        .filter(|(_, sheet)| !sheet.is_unit())
        .map(|(s, _)| cx::sheet_row(env, u, year, s))
        .collect();
    BoardView {
        year,
        year_label: env.t.year(year),
        unit: env.unit_link(u),
        kind_label: env.t.kind(unit.kind),
        exemplary: unit.exemplary.contains(&year),
        totals: cx::Figures {
            scope: (!unit.children.is_empty()).then(|| env.t.get("scope_subtree").to_string()),
            ..cx::figures(env, &totals, Some(year), false)
        },
        unit_sheet: unit_index.map(|(s, _)| cx::sheet_row(env, u, year, s)),
        unit_items,
        graded: members.iter().any(|m| m.grade.is_some()),
        members,
        own_label: env.t.get("scope_own").to_string(),
        children: unit
            .children
            .iter()
            .map(|&c| cx::unit_row(env, c, year))
            .collect(),
        coverage: cx::coverage_view(env, u, year),
        drafts: uy.map(|y| y.drafts.len()).unwrap_or(0),
        rectifications: unit
            .rectification
            .iter()
            .filter(|r| r.year == year)
            .map(|r| cx::rect_view(env, u, r))
            .collect(),
        charts: Vec::new(),
        prints: print_links(env, u, year),
        years: board_years_links(env, u, year),
    }
}

fn board(env: &Env, u: UnitIx, year: i32) -> Built {
    let unit = env.unit(u);
    let totals = env.facts.get(&year).map(|f| f.total[u]).unwrap_or_default();
    let mut view = print_set(env, u, year)
        .board
        .clone()
        .into_map()
        .unwrap_or_default();
    view.insert("charts".into(), value(&board_charts(env, u, year, &totals)));
    Built {
        template: "board.html",
        dir: urls::board_dir(&unit.path, year),
        file: None,
        feed: unit_feed(env, u),
        title: format!("{} {} {}", unit.name, env.t.year(year), env.t.get("board")),
        crumbs: with_kind(board_crumbs(env, u, year), env.t.get("board")),
        data: view.into(),
    }
}

/// A member on the poster: every item in words, so a resident at the
/// board reads what each promised, by when, and where it stands.
#[derive(Serialize)]
struct PosterMember {
    name: String,
    role: Option<String>,
    form: &'static str,
    form_label: String,
    exemplary: bool,
    grade_label: Option<String>,
    /// `Vec<ItemView>`, serialized once for the posters and the cards.
    items: tera::Value,
    #[serde(skip)]
    item_count: usize,
    /// The member's sheet (for the desk card's QR code).
    #[serde(skip)]
    url: Option<String>,
}

/// The 公示栏 laid out for paper: the board's figures and lists, every
/// member's items, the date, a QR code to the board, and where to report.
#[derive(Serialize)]
struct PosterView {
    paper: &'static str,
    /// `BoardView` and `Vec<PosterMember>`, from the unit-year's `PrintSet`.
    board: tera::Value,
    members: tera::Value,
    /// How much the poster holds, so type fills the paper without
    /// crowding it: `roomy`, `normal` or `compact`.
    density: &'static str,
    qr: Option<String>,
    /// The board, on the screen and as printed under the QR code.
    board_url: String,
    board_abs_url: String,
    /// The same poster on the other paper.
    other: Link,
    /// On the screen only: how to print it.
    intro: String,
    /// Above the figures: up to when (a year in progress) or that the
    /// year is over, and whether sub-units are included.
    figures_caption: String,
}

/// How full a poster is, in tenths of a one-line table row: a unit item
/// shows its target under its title, a member's first row carries a
/// name and role. Up to `POSTER_ROOMY` it prints in large type, up to
/// `POSTER_NORMAL` in normal type, beyond in compact type (running onto
/// more pages when it must). Measured on A4 prints of the demo boards.
const POSTER_ROOMY: usize = 80;
const POSTER_NORMAL: usize = 120;

fn poster_fill(board: &BoardView, members: &[PosterMember]) -> usize {
    board.unit_items.len() * 16
        + members.iter().map(|m| m.item_count * 10 + 3).sum::<usize>()
        + board.children.len() * 10
        + board.rectifications.len() * 12
}

fn poster_members(env: &Env, u: UnitIx, year: i32) -> Vec<PosterMember> {
    let Some(uy) = env.unit(u).years.get(&year) else {
        return Vec::new();
    };
    uy.sheets_ix()
        .filter(|(_, sheet)| !sheet.is_unit())
        .map(|(s, sheet)| {
            let review = uy.reviews.get(&sheet.id);
            let items = cx::item_views(env, u, s, sheet.items.len(), year);
            PosterMember {
                name: env.pledger_name(u, sheet),
                role: cx::pledger_role(env, u, year, sheet),
                form: sheet.form.as_str(),
                form_label: env.t.form(sheet.form),
                exemplary: review.is_some_and(|r| r.exemplary),
                grade_label: review.and_then(|r| r.grade).map(|g| env.t.grade(g)),
                item_count: items.len(),
                url: items.first().map(|i| i.pledger.url.clone()),
                items: value(&items),
            }
        })
        .collect()
}

/// What a unit-year's board page (or, for the root unit, its year page),
/// its two posters and its desk cards share: made and serialized once
/// for the four (`Env::prints`).
pub struct PrintSet {
    /// `BoardView`, without charts.
    board: tera::Value,
    members: Vec<PosterMember>,
    /// `members`, serialized.
    members_value: tera::Value,
    /// See `poster_fill`.
    fill: usize,
    /// Above the poster's figures.
    figures_caption: String,
}

fn print_set(env: &Env, u: UnitIx, year: i32) -> std::sync::Arc<PrintSet> {
    let board_page = if env.outline.root == Some(u) {
        env.facts.contains_key(&year)
    } else {
        true
    };
    let uses = usize::from(board_page) + 2 + usize::from(has_cards(env, u, year));
    env.prints.get(&(u, year), uses, || {
        let board = board_view(env, u, year);
        let members = poster_members(env, u, year);
        let mut figures_caption = env
            .as_of(year)
            .unwrap_or_else(|| env.t.fill("year_closed", &[("year", env.t.year(year))]));
        if let Some(scope) = &board.totals.scope {
            figures_caption = format!("{figures_caption} · {scope}");
        }
        std::sync::Arc::new(PrintSet {
            fill: poster_fill(&board, &members),
            board: value(&board),
            members_value: value(&members),
            members,
            figures_caption,
        })
    })
}

fn poster_view(env: &Env, u: UnitIx, year: i32, paper: urls::Paper) -> PosterView {
    let set = print_set(env, u, year);
    let board_url = board_link(env, u, year);
    let board_abs_url = env.abs(&board_url);
    let other_paper = match paper {
        urls::Paper::A4 => urls::Paper::A3,
        urls::Paper::A3 => urls::Paper::A4,
    };
    PosterView {
        paper: paper.as_str(),
        intro: env.t.fill(
            "poster_intro",
            &[("paper", paper.as_str().to_ascii_uppercase())],
        ),
        figures_caption: set.figures_caption.clone(),
        members: set.members_value.clone(),
        density: if set.fill <= POSTER_ROOMY {
            "roomy"
        } else if set.fill <= POSTER_NORMAL {
            "normal"
        } else {
            "compact"
        },
        qr: qr::img(
            &env.qr,
            &board_abs_url,
            Some(&format!("{} {board_abs_url}", env.t.get("poster_qr"))),
        ),
        other: Link::new(
            env.t.get(&format!("print_poster_{}", other_paper.as_str())),
            env.urls
                .dir(&urls::poster_dir(&env.unit(u).path, year, other_paper)),
        ),
        board: set.board.clone(),
        board_url,
        board_abs_url,
    }
}

fn poster_page(env: &Env, u: UnitIx, year: i32, paper: urls::Paper) -> Built {
    let unit = env.unit(u);
    let label = env
        .t
        .get(&format!("print_poster_{}", paper.as_str()))
        .to_string();
    let dir = urls::poster_dir(&unit.path, year, paper);
    let mut crumbs = board_crumbs(env, u, year);
    crumbs.push(Link::new(label.clone(), env.urls.dir(&dir)));
    Built {
        template: "poster.html",
        dir,
        file: None,
        feed: None,
        title: format!("{} {} {label}", unit.name, env.t.year(year)),
        crumbs,
        data: value(&poster_view(env, u, year, paper)),
    }
}

/// One desk card (承诺卡): a member's name, items and the QR code to
/// their sheet.
#[derive(Serialize)]
struct Card {
    name: String,
    role: Option<String>,
    /// `Vec<ItemView>`.
    items: tera::Value,
    qr: Option<String>,
    abs_url: String,
}

#[derive(Serialize)]
struct CardsView {
    year_label: String,
    unit: Link,
    board_url: String,
    cards: Vec<Card>,
}

fn cards_page(env: &Env, u: UnitIx, year: i32) -> Built {
    let unit = env.unit(u);
    let set = print_set(env, u, year);
    let cards = set
        .members
        .iter()
        .map(|m| {
            let abs_url = m.url.as_ref().map(|url| env.abs(url)).unwrap_or_default();
            Card {
                qr: qr::img(
                    &env.qr,
                    &abs_url,
                    Some(&format!("{} {abs_url}", env.t.get("print_qr"))),
                ),
                name: m.name.clone(),
                role: m.role.clone(),
                items: m.items.clone(),
                abs_url,
            }
        })
        .collect();
    let dir = urls::cards_dir(&unit.path, year);
    let mut crumbs = board_crumbs(env, u, year);
    crumbs.push(Link::new(env.t.get("print_cards"), env.urls.dir(&dir)));
    Built {
        template: "cards.html",
        dir,
        file: None,
        feed: None,
        title: format!(
            "{} {} {}",
            unit.name,
            env.t.year(year),
            env.t.get("print_cards")
        ),
        crumbs,
        data: value(&CardsView {
            year_label: env.t.year(year),
            unit: env.unit_link(u),
            board_url: board_link(env, u, year),
            cards,
        }),
    }
}

#[derive(Serialize)]
pub(super) struct SheetView {
    /// Whose sheet and where it belongs, as a note's page shows it too.
    #[serde(flatten)]
    pub head: SheetHead,
    pub form: &'static str,
    pub form_label: String,
    pub approved_by: Option<String>,
    pub approved_on: Option<String>,
    pub published: Option<String>,
    pub items: Vec<ItemView>,
    pub body_html: String,
    /// Each made once for this page and the note's own.
    pub notes: Vec<Arc<cx::NoteView>>,
    pub review: Option<cx::ReviewView>,
    pub totals: Figures,
    pub progress: u8,
    /// The printed sheet's QR code (sheet pages only) and the link in it.
    pub qr: Option<String>,
    pub abs_url: String,
    /// Many items or a long statement: the printed sheet uses smaller type
    /// to stay on one A4 page.
    pub print_dense: bool,
    /// This pledger's sheets of every year, this one marked.
    pub years: Vec<YearLink>,
    /// The year is over: the printed sheet is its result (statuses,
    /// fulfilment, evaluation, grade), with no signature line to fill in.
    pub closed: bool,
    /// A unit's own sheet prints as an organization's: its 负责人 (the
    /// secretary in `_unit.yaml`) and its upper-level organization.
    pub leader: Option<String>,
    pub parent: Option<String>,
    /// The schema's generic sheet fields (`sheet.fields.<name>`).
    pub fields: crate::model::GenericFields,
}

fn sheet_view(env: &Env, u: UnitIx, year: i32, s: SheetIx) -> SheetView {
    let uy = &env.unit(u).years[&year];
    let sheet = uy.sheet(s);
    let head = sheet_head(env, u, year, sheet);
    let sheet_url = head.url.clone();
    let body_html = env.markdown(&sheet.body, Some(&sheet_url), 2, "sheet-");
    let abs_url = env.abs(&sheet_url);
    let closed = !env.year_running(year);
    let tally = env
        .facts
        .get(&year)
        .and_then(|f| f.sheets.get(u))
        .and_then(|v| v.get(s))
        .map(|f| f.tally)
        .unwrap_or_default();
    SheetView {
        head,
        form: sheet.form.as_str(),
        form_label: env.t.form(sheet.form),
        approved_by: sheet.approved.as_ref().map(|a| a.by.clone()),
        approved_on: sheet.approved.as_ref().map(|a| a.date.to_string()),
        published: sheet.published.map(|d| d.to_string()),
        items: cx::item_views(env, u, s, sheet.items.len(), year),
        body_html,
        notes: NoteIx::all(sheet.notes.len())
            .map(|n| note_view(env, u, year, s, n))
            .collect(),
        review: uy.reviews.get(&sheet.id).map(|r| cx::review_view(env, r)),
        progress: cx::sheet_row(env, u, year, s).progress,
        totals: cx::figures(env, &tally, Some(year), false),
        // The printed form is aria-hidden: its code needs no name.
        qr: qr::img(&env.qr, &abs_url, None),
        abs_url,
        years: sheet_years_links(env, u, year, &sheet.id),
        print_dense: print_dense(sheet, closed.then(|| uy.reviews.get(&sheet.id))),
        closed,
        leader: sheet
            .is_unit()
            .then(|| env.unit(u).secretary.clone())
            .flatten(),
        parent: env.unit(u).parent.map(|p| env.unit(p).name.clone()),
        fields: sheet.fields.clone(),
    }
}

/// Whether the printed sheet needs smaller type to stay on one A4 page.
/// `closed`: the year is over and the sheet adds a status column and its
/// results, leaders' comments (this review's) included.
fn print_dense(sheet: &crate::model::Sheet, closed: Option<Option<&crate::model::Review>>) -> bool {
    let comments = closed.flatten().map_or(0, |r| {
        r.comments.iter().map(|c| c.text.chars().count() + 20).sum()
    });
    let (items, chars) = if closed.is_some() { (4, 550) } else { (5, 700) };
    sheet.items.len() > items
        || sheet.body.chars().count()
            + sheet.items.iter().map(item_text_len).sum::<usize>()
            + comments
            > chars
}

/// How much text an item puts on the printed sheet.
fn item_text_len(item: &crate::model::Item) -> usize {
    [&item.baseline, &item.target, &item.responsibility]
        .into_iter()
        .flatten()
        .map(|t| t.chars().count())
        .sum::<usize>()
        + item.title.chars().count()
}

/// A page before its view is made into a template's values: what the
/// compiled pages (`super::native`) read as it is.
pub(super) struct Parts<V> {
    pub view: V,
    pub dir: String,
    pub feed: Option<Link>,
    pub title: String,
    pub crumbs: Vec<Link>,
}

impl<V: Serialize> Parts<V> {
    fn built(self, template: &'static str) -> Built {
        Built {
            template,
            data: value(&self.view),
            dir: self.dir,
            file: None,
            feed: self.feed,
            title: self.title,
            crumbs: self.crumbs,
        }
    }
}

pub(super) fn sheet_parts(env: &Env, u: UnitIx, year: i32, s: SheetIx) -> Parts<SheetView> {
    let view = sheet_view(env, u, year, s);
    let sheet = env.unit(u).years[&year].sheet(s);
    let mut crumbs = board_crumbs(env, u, year);
    // The unit's own sheet is not named by the unit a second time.
    if sheet.is_unit() {
        crumbs.push(Link::new(env.t.get("unit_pledge"), view.head.url.clone()));
    } else {
        crumbs.push(Link::new(view.head.name.clone(), view.head.url.clone()));
        crumbs = with_kind(crumbs, env.t.get("sheets"));
    }
    Parts {
        dir: urls::sheet_dir(&env.unit(u).path, year, &sheet.id),
        feed: unit_feed(env, u),
        title: format!(
            "{} {} {}",
            view.head.name,
            env.t.year(year),
            env.t.get("pledge_sheet")
        ),
        crumbs,
        view,
    }
}

fn sheet_page(env: &Env, u: UnitIx, year: i32, s: SheetIx) -> Built {
    sheet_parts(env, u, year, s).built("sheet.html")
}

/// `note.html`'s `note`.
#[derive(Serialize)]
pub(super) struct NotePage {
    pub sheet: SheetHead,
    pub note: Arc<cx::NoteView>,
}

/// What a note's own page says of its sheet: whose it is and where it
/// belongs. The items, statement and review stay on the sheet's page;
/// making them again for each of its notes was most of a note page's cost.
#[derive(Serialize)]
pub(super) struct SheetHead {
    pub id: String,
    pub is_unit: bool,
    pub year: i32,
    pub year_label: String,
    pub name: String,
    pub role: Option<String>,
    pub unit: Link,
    pub url: String,
    pub board_url: String,
}

fn sheet_head(env: &Env, u: UnitIx, year: i32, sheet: &crate::model::Sheet) -> SheetHead {
    SheetHead {
        id: sheet.id.clone(),
        is_unit: sheet.is_unit(),
        year,
        year_label: env.t.year(year),
        name: env.pledger_name(u, sheet),
        role: cx::pledger_role(env, u, year, sheet),
        unit: env.unit_year_link(u, year),
        url: env.sheet_url(u, year, &sheet.id),
        // The root unit's board is the year page.
        board_url: if env.outline.root == Some(u) {
            env.year_url(year)
        } else {
            env.board_url(u, year)
        },
    }
}

/// A note's view, made once for its sheet's timeline and, with
/// `note_pages`, its own page (`Env::notes`).
fn note_view(env: &Env, u: UnitIx, year: i32, s: SheetIx, n: NoteIx) -> Arc<cx::NoteView> {
    let uses = 1 + usize::from(env.site.config.note_pages);
    env.notes.get(&(u, year, s, n), uses, || {
        let sheet = env.unit(u).years[&year].sheet(s);
        Arc::new(cx::note_view(env, u, year, sheet, sheet.note(n)))
    })
}

pub(super) fn note_parts(
    env: &Env,
    u: UnitIx,
    year: i32,
    s: SheetIx,
    n: NoteIx,
) -> Parts<NotePage> {
    let sheet = env.unit(u).years[&year].sheet(s);
    let note = sheet.note(n);
    let head = sheet_head(env, u, year, sheet);
    let heading = cx::note_heading(sheet, note);
    let dir = urls::note_dir(&env.unit(u).path, year, &sheet.id, &note.id);
    let mut crumbs = board_crumbs(env, u, year);
    crumbs.push(Link::new(head.name.clone(), head.url.clone()));
    crumbs.push(Link::new(heading.clone(), env.urls.dir(&dir)));
    Parts {
        title: format!("{heading} - {}", head.name),
        view: NotePage {
            sheet: head,
            note: note_view(env, u, year, s, n),
        },
        feed: unit_feed(env, u),
        crumbs,
        dir,
    }
}

fn note_page(env: &Env, u: UnitIx, year: i32, s: SheetIx, n: NoteIx) -> Built {
    note_parts(env, u, year, s, n).built("note.html")
}

#[derive(Serialize)]
struct ExemplaryMember {
    name: String,
    url: String,
    unit: Link,
    grade_label: Option<String>,
}

#[derive(Serialize)]
struct YearView {
    year: i32,
    year_label: String,
    totals: Figures,
    grades: Vec<cx::CountRow>,
    /// Whether any grade has been given: before, no zeros are shown.
    graded: bool,
    votes: Option<cx::VotesView>,
    exemplary_units: Vec<Link>,
    exemplary_members: Vec<ExemplaryMember>,
    rectifications: Vec<cx::RectView>,
    /// The first `YEAR_OVERDUE_ROWS` overdue items by deadline.
    overdue: Vec<ItemView>,
    /// All overdue items of the year, their list, and when `overdue` is
    /// not all of them, what it shows and the link to the rest.
    overdue_count: usize,
    overdue_url: String,
    overdue_first: Option<String>,
    overdue_all: Option<String>,
    units: Vec<UnitRow>,
    /// The root unit's board, merged into this page.
    /// `BoardView`.
    board: Option<tera::Value>,
    charts: Vec<Chart>,
}

fn year_view(env: &Env, year: i32) -> YearView {
    let facts = env.facts.get(&year);
    let site = facts.map(|f| f.site).unwrap_or_default();
    let mut grades = [0u64; 4];
    let mut members = Vec::new();
    let mut rects = Vec::new();
    for (u, unit) in env.site.units_ix() {
        rects.extend(
            unit.rectification
                .iter()
                .filter(|r| r.year == year)
                .map(|r| cx::rect_view(env, u, r)),
        );
        let Some(uy) = unit.years.get(&year) else {
            continue;
        };
        for sheet in &uy.sheets {
            let Some(review) = uy.reviews.get(&sheet.id) else {
                continue;
            };
            if let Some(g) = review.grade {
                grades[Grade::ALL.iter().position(|x| *x == g).unwrap_or(0)] += 1;
            }
            if review.exemplary {
                members.push(ExemplaryMember {
                    name: env.pledger_name(u, sheet),
                    url: env.sheet_url(u, year, &sheet.id),
                    unit: env.unit_year_link(u, year),
                    grade_label: review.grade.map(|g| env.t.grade(g)),
                });
            }
        }
    }
    let mut overdue = env.status_items(year, ItemStatus::Overdue).to_vec();
    let overdue_count = overdue.len();
    // Stable: equal deadlines keep the tree order.
    overdue.sort_by_key(|&r| {
        env.state(r, year)
            .map_or(env.sheet(r, year).item(r.item).deadline, |s| s.deadline)
    });
    overdue.truncate(YEAR_OVERDUE_ROWS);
    let more = overdue_count > overdue.len();
    YearView {
        year,
        year_label: env.t.year(year),
        totals: cx::figures(env, &site, Some(year), true),
        grades: Grade::ALL
            .iter()
            .zip(grades)
            .map(|(&g, count)| cx::CountRow {
                key: g.as_str(),
                label: env.t.grade(g),
                count,
            })
            .collect(),
        graded: grades.iter().any(|&n| n > 0),
        votes: site.has_votes.then(|| cx::votes_view(&site.votes)),
        exemplary_units: UnitIx::all(env.site.units.len())
            .filter(|&u| env.unit(u).exemplary.contains(&year))
            .map(|u| env.unit_year_link(u, year))
            .collect(),
        exemplary_members: members,
        rectifications: rects,
        overdue: overdue
            .into_iter()
            .map(|r| cx::item_view(env, r, year))
            .collect(),
        overdue_count,
        overdue_url: env.status_url(year, ItemStatus::Overdue),
        overdue_first: more.then(|| {
            env.t
                .fill("overdue_first", &[("n", YEAR_OVERDUE_ROWS.to_string())])
        }),
        overdue_all: more.then(|| {
            env.t
                .fill("overdue_all", &[("n", overdue_count.to_string())])
        }),
        units: env
            .top_units()
            .into_iter()
            .map(|u| cx::unit_row(env, u, year))
            .collect(),
        board: env
            .outline
            .root
            .map(|r| print_set(env, r, year).board.clone()),
        charts: year_charts(env, year, &site),
    }
}

/// The year page's charts: status, kinds, top units, months, votes.
fn year_charts(env: &Env, year: i32, site: &crate::derive::Tally) -> Vec<Chart> {
    let all: Vec<UnitIx> = UnitIx::all(env.site.units.len()).collect();
    let mut out = vec![charts::status(env, "chart-status", site)];
    out.extend(charts::by_kind(env, "chart-kinds", year, &all));
    out.extend(charts::by_child(
        env,
        "chart-children",
        year,
        &env.top_units(),
    ));
    out.push(charts::months(env, "chart-months", year, &all));
    out.extend(charts::satisfaction(env, "chart-votes", &site.votes));
    out
}

fn year(env: &Env, year: i32) -> Built {
    Built {
        template: "year.html",
        dir: urls::year_dir(year),
        file: None,
        feed: None,
        title: format!("{} {}", env.t.year(year), env.t.get("year_page")),
        crumbs: vec![
            home_crumb(env),
            Link::new(env.t.year(year), env.year_url(year)),
        ],
        data: value(&year_view(env, year)),
    }
}

#[derive(Serialize)]
pub struct YearSummary {
    year: i32,
    label: String,
    url: String,
    figures: Figures,
}

/// Every year, newest first.
fn year_summaries(env: &Env) -> Vec<YearSummary> {
    env.facts
        .iter()
        .rev()
        .filter(|(y, _)| env.site.years.contains(y))
        .map(|(&y, f)| YearSummary {
            year: y,
            label: env.t.year(y),
            url: env.year_url(y),
            figures: cx::figures(env, &f.site, Some(y), true),
        })
        .collect()
}

fn years(env: &Env) -> Built {
    Built {
        template: "years.html",
        dir: urls::YEARS.to_string(),
        file: None,
        feed: None,
        title: env.t.get("years").to_string(),
        crumbs: vec![
            home_crumb(env),
            Link::new(env.t.get("years"), env.urls.dir(urls::YEARS)),
        ],
        data: value(&year_summaries(env)),
    }
}

#[derive(Serialize)]
struct CategoryRow {
    name: String,
    url: String,
    figures: Figures,
}

#[derive(Serialize)]
struct CategoriesYear {
    year: i32,
    label: String,
    rows: Vec<CategoryRow>,
}

/// The categories of each year, newest first: a category's figures are
/// a year's (the years' items are not pooled), each row leading to that
/// year's part of the category's page.
fn categories(env: &Env) -> Built {
    let years: Vec<CategoriesYear> = env
        .facts
        .iter()
        .rev()
        .filter(|(_, f)| !f.categories.is_empty())
        .map(|(&y, f)| {
            let mut rows: Vec<CategoryRow> = f
                .categories
                .iter()
                .filter(|(c, _)| env.outline.category_slugs.contains_key(c.as_str()))
                .map(|(c, tally)| CategoryRow {
                    name: c.clone(),
                    url: format!("{}#y{y}", env.category_url(c).unwrap_or_default()),
                    figures: cx::figures(env, tally, Some(y), false),
                })
                .collect();
            // Most items first; the name breaks ties.
            rows.sort_by(|a, b| {
                b.figures
                    .items
                    .cmp(&a.figures.items)
                    .then_with(|| a.name.cmp(&b.name))
            });
            CategoriesYear {
                year: y,
                label: env.t.year(y),
                rows,
            }
        })
        .collect();
    Built {
        template: "categories.html",
        dir: urls::CATEGORIES.to_string(),
        file: None,
        feed: None,
        title: env.t.get("categories").to_string(),
        crumbs: vec![
            home_crumb(env),
            Link::new(env.t.get("categories"), env.urls.dir(urls::CATEGORIES)),
        ],
        data: value(&years),
    }
}

#[derive(Serialize)]
pub(super) struct CategoryYear {
    pub year: i32,
    pub label: String,
    /// The year's figures for the category, where its rows begin (none
    /// on a page that continues the year from the page before).
    pub figures: Option<Figures>,
    pub continued: bool,
    pub items: Vec<ItemView>,
}

#[derive(Serialize)]
pub(super) struct CategoryView {
    pub name: String,
    /// Items in the category, all years, all pages.
    pub count: usize,
    pub years: Vec<CategoryYear>,
    pub pager: Option<Pager>,
}

/// A category's rows, newest year first, each year in tree order: the
/// order its pages list them in.
/// `category_rows(env, name).len()`, without making the rows.
fn category_count(env: &Env, name: &str) -> usize {
    env.outline.by_category.get(name).map_or(0, |years| {
        years
            .iter()
            .filter(|(y, _)| env.facts.contains_key(y))
            .map(|(_, refs)| refs.len())
            .sum()
    })
}

fn category_rows(env: &Env, name: &str) -> Vec<(i32, cx::ItemRef)> {
    env.outline
        .by_category
        .get(name)
        .map(|years| {
            years
                .iter()
                .rev()
                .filter(|(y, _)| env.facts.contains_key(y))
                .flat_map(|(&y, refs)| refs.iter().map(move |&r| (y, r)))
                .collect()
        })
        .unwrap_or_default()
}

fn category(env: &Env, name: &str, page: usize) -> Built {
    category_parts(env, name, page).built("category.html")
}

pub(super) fn category_parts(env: &Env, name: &str, page: usize) -> Parts<CategoryView> {
    let rows = category_rows(env, name);
    let start = (page - 1) * LIST_PAGE_ROWS;
    let mut years: Vec<CategoryYear> = Vec::new();
    for (i, &(y, r)) in rows.iter().enumerate().skip(start).take(LIST_PAGE_ROWS) {
        if years.last().is_none_or(|last| last.year != y) {
            let continued = i > 0 && rows[i - 1].0 == y;
            let label = env.t.year(y);
            years.push(CategoryYear {
                year: y,
                label: if continued {
                    format!("{label}{}", env.t.get("continued"))
                } else {
                    label
                },
                figures: if continued {
                    None
                } else {
                    env.facts
                        .get(&y)
                        .and_then(|f| f.categories.get(name))
                        .map(|tally| cx::figures(env, tally, Some(y), false))
                },
                continued,
                items: Vec::new(),
            });
        }
        if let Some(last) = years.last_mut() {
            last.items.push(cx::item_view(env, r, y));
        }
    }
    let url = env.category_url(name).unwrap_or_default();
    let slug = env
        .outline
        .category_slugs
        .get(name)
        .cloned()
        .unwrap_or_default();
    let list_dir = urls::category_dir(&slug);
    let pager = pager(env, &list_dir, page, rows.len());
    let mut crumbs = vec![
        home_crumb(env),
        Link::new(env.t.get("categories"), env.urls.dir(urls::CATEGORIES)),
        Link::new(name, url),
    ];
    crumbs.extend(page_crumb(env, &list_dir, page));
    Parts {
        dir: urls::list_page_dir(&list_dir, page),
        feed: None,
        title: paged_title(env, name.to_string(), page),
        crumbs,
        view: CategoryView {
            name: name.to_string(),
            count: rows.len(),
            years,
            pager,
        },
    }
}

/// The navigation between the pages of a long list.
#[derive(Serialize)]
pub(super) struct Pager {
    /// This page and how many there are, from 1.
    pub page: usize,
    pub pages: usize,
    /// "第 2 页，共 31 页" and "第 201–400 项，共 6054 项".
    pub status: String,
    pub range: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The first and last pages and those near this one, with gaps.
    pub links: Vec<PageLink>,
}

#[derive(Serialize)]
pub(super) struct PageLink {
    /// The page number; 0 for a gap ("…").
    pub number: usize,
    /// "第 3 页", for screen readers.
    pub label: String,
    pub url: String,
    pub current: bool,
}

/// Pages each side of the current one the pager links to.
const PAGER_NEAR: usize = 2;

/// The pager of page `page` of the list in `list_dir` with `rows` rows;
/// none when the list fits on one page.
fn pager(env: &Env, list_dir: &str, page: usize, rows: usize) -> Option<Pager> {
    let pages = list_pages(rows);
    if pages < 2 {
        return None;
    }
    let url = |n: usize| env.urls.dir(&urls::list_page_dir(list_dir, n));
    let mut numbers: Vec<usize> = vec![1, pages];
    numbers.extend(page.saturating_sub(PAGER_NEAR).max(1)..=(page + PAGER_NEAR).min(pages));
    numbers.sort_unstable();
    numbers.dedup();
    let mut links = Vec::new();
    let mut prev_number = 0;
    for n in numbers {
        // A gap of one page shows that page instead of "…".
        if n == prev_number + 2 {
            links.push(page_link(env, &url, n - 1, page));
        } else if n > prev_number + 2 {
            links.push(PageLink {
                number: 0,
                label: String::new(),
                url: String::new(),
                current: false,
            });
        }
        links.push(page_link(env, &url, n, page));
        prev_number = n;
    }
    let from = (page - 1) * LIST_PAGE_ROWS + 1;
    let to = (page * LIST_PAGE_ROWS).min(rows);
    Some(Pager {
        page,
        pages,
        status: env.t.fill(
            "pager_status",
            &[("n", page.to_string()), ("pages", pages.to_string())],
        ),
        range: env.t.fill(
            "pager_range",
            &[
                ("from", from.to_string()),
                ("to", to.to_string()),
                ("count", rows.to_string()),
            ],
        ),
        prev: (page > 1).then(|| url(page - 1)),
        next: (page < pages).then(|| url(page + 1)),
        links,
    })
}

fn page_link(env: &Env, url: &impl Fn(usize) -> String, n: usize, current: usize) -> PageLink {
    PageLink {
        number: n,
        label: env.t.fill("pager_page", &[("n", n.to_string())]),
        url: url(n),
        current: n == current,
    }
}

/// "第 2 页" as the last crumb of page 2 and after.
fn page_crumb(env: &Env, list_dir: &str, page: usize) -> Option<Link> {
    (page > 1).then(|| {
        Link::new(
            env.t.fill("pager_page", &[("n", page.to_string())]),
            env.urls.dir(&urls::list_page_dir(list_dir, page)),
        )
    })
}

/// A list's title, with the page number from page 2 on.
fn paged_title(env: &Env, title: String, page: usize) -> String {
    if page > 1 {
        format!(
            "{title} - {}",
            env.t.fill("pager_page", &[("n", page.to_string())])
        )
    } else {
        title
    }
}

#[derive(Serialize)]
pub(super) struct StatusView {
    pub year: i32,
    pub year_label: String,
    pub status: &'static str,
    pub label: String,
    /// Items with this status, all pages.
    pub count: usize,
    /// This page's items.
    pub items: Vec<ItemView>,
    pub statuses: Vec<cx::StatusCount>,
    pub pager: Option<Pager>,
    /// `/status/<year>/`, the year's status lists.
    pub index_url: String,
}

#[derive(Serialize)]
struct StatusesView {
    year: i32,
    year_label: String,
    year_url: String,
    totals: Figures,
    /// Other years' status indexes.
    years: Vec<YearLink>,
}

/// `/status/<year>/`: every status list of the year, with its count.
fn statuses_page(env: &Env, year: i32) -> Built {
    let site = env.facts.get(&year).map(|f| f.site).unwrap_or_default();
    let title = format!("{} {}", env.t.year(year), env.t.get("status_counts"));
    Built {
        template: "statuses.html",
        dir: urls::statuses_dir(year),
        file: None,
        feed: None,
        title: title.clone(),
        crumbs: vec![
            home_crumb(env),
            Link::new(env.t.year(year), env.year_url(year)),
            Link::new(env.t.get("status_counts"), env.statuses_url(year)),
        ],
        data: value(&StatusesView {
            year,
            year_label: env.t.year(year),
            year_url: env.year_url(year),
            totals: cx::figures(env, &site, Some(year), true),
            years: env
                .facts
                .keys()
                .rev()
                .map(|&y| YearLink {
                    label: env.t.year(y),
                    url: env.statuses_url(y),
                    current: y == year,
                })
                .collect(),
        }),
    }
}

fn status_page(env: &Env, year: i32, status: ItemStatus, page: usize) -> Built {
    status_parts(env, year, status, page).built("status.html")
}

pub(super) fn status_parts(
    env: &Env,
    year: i32,
    status: ItemStatus,
    page: usize,
) -> Parts<StatusView> {
    let all = env.status_items(year, status);
    let items: Vec<ItemView> = all
        .iter()
        .skip((page - 1) * LIST_PAGE_ROWS)
        .take(LIST_PAGE_ROWS)
        .map(|&r| cx::item_view(env, r, year))
        .collect();
    let site = env.facts.get(&year).map(|f| f.site).unwrap_or_default();
    let label = env.t.status(status);
    let url = env.status_url(year, status);
    let list_dir = urls::status_dir(year, status.as_str());
    let mut crumbs = vec![
        home_crumb(env),
        Link::new(env.t.year(year), env.year_url(year)),
        Link::new(env.t.get("status_counts"), env.statuses_url(year)),
        Link::new(label.clone(), url),
    ];
    crumbs.extend(page_crumb(env, &list_dir, page));
    Parts {
        dir: urls::list_page_dir(&list_dir, page),
        feed: None,
        title: paged_title(env, format!("{} {}", env.t.year(year), label), page),
        crumbs,
        view: StatusView {
            year,
            year_label: env.t.year(year),
            status: status.as_str(),
            label,
            count: all.len(),
            items,
            statuses: cx::figures(env, &site, Some(year), true).statuses,
            index_url: env.statuses_url(year),
            pager: pager(env, &list_dir, page, all.len()),
        },
    }
}

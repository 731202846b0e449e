//! Property tests of the derived facts (SECURITY.md §5), on random sites
//! built directly as models: random trees of units, rosters with
//! exemptions, `members:` counts, sheets with items due before and after
//! "today", notes with random progress and statuses, random votes.
//!
//! - every unit's subtree tally is its own plus its children's subtree
//!   tallies, and the site's is the sum over the top-level units;
//! - every item has exactly one status (statuses are total), counts by
//!   status add up to the item count, done items show 100 %;
//! - fulfilment and satisfaction lie in [0, 1], coverage is ≥ 0 (it may
//!   exceed 1: docs/spec.md §3), each unknown exactly when its denominator is 0;
//! - the open data says the same;
//! - rendering the same site twice gives identical files.

use std::collections::BTreeMap;

use proptest::prelude::*;

use pledgeboard::build;
use pledgeboard::derive::{ItemStatus, Tally, YearFacts, derive_year};
use pledgeboard::model::{
    Date, Item, MemberStatus, Note, NoteStatus, PledgeForm, Review, RosterEntry, Sheet, Site,
    SiteConfig, Unit, UnitIx, UnitKind, UnitYear, Votes,
};
use pledgeboard::render::RenderOptions;

const YEARS: [i32; 2] = [2025, 2026];

fn date(year: i32, day_of_year: u16) -> Date {
    let start = jiff::civil::date(year as i16, 1, 1);
    Date(
        start
            .checked_add(jiff::Span::new().days(i64::from(day_of_year % 365)))
            .expect("date"),
    )
}

/// The shape of one random sheet: items (deadline day), notes (day,
/// item index, progress, status), and votes.
#[derive(Clone, Debug)]
struct SheetSpec {
    deadlines: Vec<u16>,
    notes: Vec<(u16, usize, Option<u8>, Option<usize>)>,
    votes: Option<(u64, u64, u64)>,
}

#[derive(Clone, Debug)]
struct UnitSpec {
    /// Index of the parent among the earlier units, or top level.
    parent: Option<usize>,
    roster: Option<Vec<(usize, Vec<bool>)>>,
    members: Option<u32>,
    /// Per year: the unit's own sheet?, member sheets.
    years: Vec<(bool, Vec<SheetSpec>)>,
}

fn sheet_spec() -> impl Strategy<Value = SheetSpec> {
    (
        prop::collection::vec(0u16..365, 1..4),
        prop::collection::vec(
            (
                0u16..365,
                0usize..4,
                prop::option::of(0u8..=100),
                prop::option::of(0usize..5),
            ),
            0..4,
        ),
        prop::option::of((0u64..50, 0u64..50, 0u64..50)),
    )
        .prop_map(|(deadlines, notes, votes)| SheetSpec {
            deadlines,
            notes,
            votes,
        })
}

fn unit_spec() -> impl Strategy<Value = UnitSpec> {
    (
        prop::option::of(0usize..100),
        prop::option::of(prop::collection::vec(
            (0usize..4, prop::collection::vec(any::<bool>(), 2)),
            0..5,
        )),
        prop::option::of(0u32..8),
        prop::collection::vec(
            (any::<bool>(), prop::collection::vec(sheet_spec(), 0..4)),
            2,
        ),
    )
        .prop_map(|(parent, roster, members, years)| UnitSpec {
            parent,
            roster,
            members,
            years,
        })
}

fn site_spec(max_units: usize) -> impl Strategy<Value = Vec<UnitSpec>> {
    prop::collection::vec(unit_spec(), 1..max_units)
}

fn sheet(id: &str, year: i32, spec: &SheetSpec) -> Sheet {
    let items: Vec<Item> = spec
        .deadlines
        .iter()
        .enumerate()
        .map(|(i, &day)| Item {
            fields: Default::default(),
            pos: Default::default(),
            id: format!("i{i}"),
            title: format!("事项{i}"),
            category: Some(["就业", "服务", "治理"][i % 3].to_string()),
            deadline: date(year, day),
            baseline: None,
            target: None,
            responsibility: None,
        })
        .collect();
    let mut notes: Vec<Note> = spec
        .notes
        .iter()
        .enumerate()
        .map(|(n, &(day, item, progress, status))| {
            let date = date(year, day);
            Note {
                id: format!("{date}-n{n}"),
                date,
                items: vec![format!("i{}", item % items.len())],
                progress,
                status: status.and_then(|s| NoteStatus::ALL.get(s).copied()),
                deadline: None,
                status_pos: Default::default(),
                title: None,
                author: None,
                body: format!("进展{n}"),
                extra: serde_json::Value::Null,
                fields: Default::default(),
                attachments: Vec::new(),
            }
        })
        .collect();
    notes.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    Sheet {
        fields: Default::default(),
        id: id.to_string(),
        name: Some(format!("党员{id}")),
        name_pos: Default::default(),
        role: None,
        form: PledgeForm::Public,
        approved: None,
        published: None,
        items,
        body: String::new(),
        extra: serde_json::Value::Null,
        notes,
    }
}

/// Builds the site: units in pre-order (children after their parent,
/// subtrees contiguous), as the loader promises.
fn site(specs: &[UnitSpec]) -> Site {
    let n = specs.len();
    let parent: Vec<Option<usize>> = (0..n)
        .map(|i| specs[i].parent.filter(|_| i > 0).map(|p| p % i))
        .collect();
    // Pre-order of the random forest.
    let mut order = Vec::with_capacity(n);
    let mut stack: Vec<usize> = (0..n).rev().filter(|&i| parent[i].is_none()).collect();
    while let Some(u) = stack.pop() {
        order.push(u);
        stack.extend((0..n).rev().filter(|&c| parent[c] == Some(u)));
    }
    let mut index = vec![0; n];
    for (new, &old) in order.iter().enumerate() {
        index[old] = new;
    }
    let mut units: Vec<Unit> = Vec::with_capacity(n);
    for &old in &order {
        let spec = &specs[old];
        let p = parent[old].map(|p| index[p]);
        let slug = format!("u{old}");
        let path = match p {
            Some(p) => format!("{}/{slug}", units[p].path),
            None => slug,
        };
        let mut years = BTreeMap::new();
        let mut ids = Vec::new();
        for (y, (own, sheets)) in YEARS.iter().zip(&spec.years) {
            let mut uy = UnitYear {
                year: *y,
                ..UnitYear::default()
            };
            for (s, sheet_spec) in sheets.iter().enumerate() {
                let id = format!("m{s}");
                ids.push(id.clone());
                uy.sheets.push(sheet(&id, *y, sheet_spec));
                if let Some((a, b, c)) = sheet_spec.votes {
                    uy.reviews.insert(
                        id,
                        Review {
                            votes: Some(Votes {
                                satisfied: a,
                                basic: b,
                                unsatisfied: c,
                            }),
                            ..Review::default()
                        },
                    );
                }
            }
            if *own {
                uy.sheets.insert(
                    0,
                    sheet(
                        "_unit",
                        *y,
                        &sheets.first().cloned().unwrap_or(SheetSpec {
                            deadlines: vec![100],
                            notes: Vec::new(),
                            votes: None,
                        }),
                    ),
                );
            }
            if !uy.sheets.is_empty() {
                years.insert(*y, uy);
            }
        }
        let roster = spec.roster.as_ref().map(|entries| {
            entries
                .iter()
                .enumerate()
                .map(|(e, (status, exempt))| RosterEntry {
                    pos: Default::default(),
                    id: format!("m{e}"),
                    name: format!("党员{e}"),
                    role: None,
                    status: MemberStatus::ALL[status % MemberStatus::ALL.len()],
                    exempt: YEARS
                        .iter()
                        .zip(exempt)
                        .filter(|(_, x)| **x)
                        .map(|(y, _)| *y)
                        .collect(),
                    has_exempt_reason: false,
                })
                .collect()
        });
        units.push(Unit {
            depth: p.map_or(0, |p| units[p].depth + 1),
            parent: p.map(UnitIx::new),
            members: spec.members,
            roster,
            years,
            ..Unit::new(path, format!("单位{old}"), UnitKind::Community)
        });
    }
    for u in 0..n {
        if let Some(p) = units[u].parent {
            units[p.get()].children.push(UnitIx::new(u));
        }
    }
    let mut years: Vec<i32> = units.iter().flat_map(|u| u.years.keys().copied()).collect();
    years.sort_unstable();
    years.dedup();
    Site {
        config: SiteConfig::new("性质测试", "https://example.org/"),
        units: units.into_iter().map(std::sync::Arc::new).collect(),
        years,
        static_files: Vec::new(),
        templates: Vec::new(),
    }
}

fn today(day: u16) -> Date {
    date(2026, day)
}

fn check_rates(t: &Tally) -> Result<(), TestCaseError> {
    let done = t.count(ItemStatus::Done);
    let adjusted = t.count(ItemStatus::Adjusted);
    match t.fulfilment() {
        Some(f) => prop_assert!((0.0..=1.0).contains(&f), "fulfilment {f}"),
        None => prop_assert_eq!(t.items - adjusted, 0),
    }
    prop_assert!(done <= t.items - adjusted);
    match t.satisfaction() {
        Some(s) => prop_assert!((0.0..=1.0).contains(&s), "satisfaction {s}"),
        None => prop_assert_eq!(t.votes.total(), 0),
    }
    match t.coverage() {
        Some(c) => prop_assert!(c >= 0.0 && c.is_finite(), "coverage {c}"),
        None => prop_assert_eq!(t.required, 0),
    }
    prop_assert_eq!(t.by_status.iter().sum::<u64>(), t.items, "statuses total");
    Ok(())
}

fn check_year(site: &Site, facts: &YearFacts) -> Result<(), TestCaseError> {
    let n = site.units.len();
    prop_assert_eq!(facts.total.len(), n);
    for u in UnitIx::all(n) {
        // Roll-up: own + children's subtrees.
        let mut expect = facts.own[u];
        for &c in &site.unit(u).children {
            expect.add(&facts.total[c]);
        }
        prop_assert_eq!(facts.total[u], expect, "unit {:?}", u);
        // And the same as summing `own` over the whole subtree.
        let mut flat = Tally::default();
        for d in site.subtree(u) {
            flat.add(&facts.own[d]);
        }
        prop_assert_eq!(facts.total[u], flat);
        check_rates(&facts.own[u])?;
        check_rates(&facts.total[u])?;
        // Statuses are total: one per item, done at 100 %.
        let sheets = site
            .unit(u)
            .years
            .get(&facts.year)
            .map_or(&[][..], |y| &y.sheets[..]);
        prop_assert_eq!(facts.sheets[u].len(), sheets.len());
        for (sheet, sf) in sheets.iter().zip(facts.sheets[u].iter()) {
            prop_assert_eq!(sf.items.len(), sheet.items.len());
            for state in &sf.items {
                prop_assert!(ItemStatus::ALL.contains(&state.status));
                prop_assert!(state.progress <= 100);
                if state.status == ItemStatus::Done {
                    prop_assert_eq!(state.progress, 100);
                }
            }
            check_rates(&sf.tally)?;
        }
    }
    let mut site_sum = Tally::default();
    for (u, unit) in site.units_ix() {
        if unit.parent.is_none() {
            site_sum.add(&facts.total[u]);
        }
    }
    prop_assert_eq!(facts.site, site_sum);
    check_rates(&facts.site)?;
    for t in facts.categories.values() {
        check_rates(t)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn derived_facts_roll_up_and_stay_in_range(specs in site_spec(14), day in 0u16..365) {
        let site = site(&specs);
        for year in YEARS {
            let facts = derive_year(&site, year, today(day));
            check_year(&site, &facts)?;
            // The open data says the same.
            let data: serde_json::Value =
                serde_json::from_str(&pledgeboard::data::json(&site, &facts)).expect("json");
            for row in data["units"].as_array().expect("units").iter()
                .chain(data["pledgers"].as_array().expect("pledgers"))
            {
                for key in ["fulfilment", "satisfaction"] {
                    if let Some(r) = row[key].as_f64() {
                        prop_assert!((0.0..=1.0).contains(&r), "{} {}", key, r);
                    } else {
                        prop_assert!(row[key].is_null());
                    }
                }
                if let Some(c) = row.get("coverage").and_then(|c| c.as_f64()) {
                    prop_assert!(c >= 0.0);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Rendering is a pure function of the site: twice the same files.
    #[test]
    fn output_is_deterministic(specs in site_spec(6), day in 0u16..365) {
        let site = site(&specs);
        let opts = RenderOptions { today: today(day), live_reload: false, relative: false };
        let first = build::generate(&site, &opts).expect("render");
        let second = build::generate(&site, &opts).expect("render");
        prop_assert!(first == second);
    }
}

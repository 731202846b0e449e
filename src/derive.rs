//! Derived facts of docs/spec.md §3 — item states (with their new deadlines),
//! fulfilment, due items and the fulfilment of due items, coverage,
//! satisfaction and their roll-ups — as pure functions of the model.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{
    Date, Item, ItemIx, IxVec, Note, NoteStatus, Sheet, SheetIx, Site, Unit, UnitIx, Votes,
};

/// An item's derived status, in docs/spec.md §3 precedence order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ItemStatus {
    #[serde(rename = "done")]
    Done,
    #[serde(rename = "adjusted")]
    Adjusted,
    #[serde(rename = "abandoned")]
    Abandoned,
    #[serde(rename = "overdue")]
    Overdue,
    #[serde(rename = "delayed")]
    Delayed,
    #[serde(rename = "in-progress")]
    InProgress,
    #[serde(rename = "not-started")]
    NotStarted,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 7] = [
        ItemStatus::Done,
        ItemStatus::Adjusted,
        ItemStatus::Abandoned,
        ItemStatus::Overdue,
        ItemStatus::Delayed,
        ItemStatus::InProgress,
        ItemStatus::NotStarted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Done => "done",
            ItemStatus::Adjusted => "adjusted",
            ItemStatus::Abandoned => "abandoned",
            ItemStatus::Overdue => "overdue",
            ItemStatus::Delayed => "delayed",
            ItemStatus::InProgress => "in-progress",
            ItemStatus::NotStarted => "not-started",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// Due (到期): fulfilled, given up, or past its deadline now.
    pub fn is_due(self) -> bool {
        matches!(
            self,
            ItemStatus::Done | ItemStatus::Abandoned | ItemStatus::Overdue
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ItemState {
    pub status: ItemStatus,
    pub progress: u8,
    /// How many notes name this item.
    pub notes: usize,
    pub last_note: Option<Date>,
    /// The last `deadline` a note gives (延期至), whatever came after it.
    pub new_deadline: Option<Date>,
    /// The deadline now: the new deadline when there is one, else the
    /// item's own. Overdue is measured against it.
    pub deadline: Date,
}

/// The notes that name `item_id`, in the order docs/spec.md §3 walks them.
/// `notes` must already be sorted by date, then file name.
pub fn notes_for<'a>(notes: &'a [Note], item_id: &'a str) -> impl Iterator<Item = &'a Note> + 'a {
    notes
        .iter()
        .filter(move |n| n.items.iter().any(|i| i == item_id))
}

/// docs/spec.md §3 "Item state".
pub fn item_state(item: &Item, notes: &[Note], today: Date) -> ItemState {
    let mut progress = 0u8;
    let mut last_status = None;
    let mut count = 0;
    let mut last_note = None;
    let mut new_deadline = None;
    for note in notes_for(notes, &item.id) {
        count += 1;
        last_note = Some(note.date);
        if let Some(p) = note.progress {
            progress = p;
        }
        if let Some(s) = note.status {
            last_status = Some(s);
        }
        if let Some(d) = note.deadline {
            new_deadline = Some(d);
        }
    }
    let deadline = new_deadline.unwrap_or(item.deadline);
    let status = if last_status == Some(NoteStatus::Done) || progress >= 100 {
        progress = 100;
        ItemStatus::Done
    } else if last_status == Some(NoteStatus::Adjusted) {
        ItemStatus::Adjusted
    } else if last_status == Some(NoteStatus::Abandoned) {
        ItemStatus::Abandoned
    } else if deadline < today {
        ItemStatus::Overdue
    } else if last_status == Some(NoteStatus::Delayed) {
        ItemStatus::Delayed
    } else if count > 0 {
        ItemStatus::InProgress
    } else {
        ItemStatus::NotStarted
    };
    ItemState {
        status,
        progress,
        notes: count,
        last_note,
        new_deadline,
        deadline,
    }
}

/// Counts that add up over pledgers, units, subtrees, categories and the
/// site; rates are computed from them, never summed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub items: u64,
    /// Items per status, indexed like `ItemStatus::ALL`.
    pub by_status: [u64; 7],
    pub sheets: u64,
    pub notes: u64,
    /// Member sheets published, counted only where `required` is known.
    pub pledged: u64,
    pub required: u64,
    pub votes: Votes,
    pub has_votes: bool,
    /// Whether any unit counted knows how many members must pledge;
    /// `required` is unknown (not 0) when none does.
    pub required_known: bool,
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.items += other.items;
        for (a, b) in self.by_status.iter_mut().zip(other.by_status) {
            *a += b;
        }
        self.sheets += other.sheets;
        self.notes += other.notes;
        self.pledged += other.pledged;
        self.required += other.required;
        self.votes.add(&other.votes);
        self.has_votes |= other.has_votes;
        self.required_known |= other.required_known;
    }

    /// Takes out the items of `other` (a category's tally, which counts
    /// items only) from a sum it was added to.
    fn remove_items(&mut self, other: &Tally) {
        self.items -= other.items;
        for (a, b) in self.by_status.iter_mut().zip(other.by_status) {
            *a -= b;
        }
    }

    pub fn count(&self, status: ItemStatus) -> u64 {
        self.by_status[status.index()]
    }

    pub fn add_item(&mut self, state: &ItemState) {
        self.items += 1;
        self.by_status[state.status.index()] += 1;
    }

    pub fn add_votes(&mut self, votes: &Votes) {
        self.votes.add(votes);
        self.has_votes = true;
    }

    /// done / (items − adjusted); unknown when that is 0.
    pub fn fulfilment(&self) -> Option<f64> {
        let denominator = self.items - self.count(ItemStatus::Adjusted);
        ratio(self.count(ItemStatus::Done), denominator)
    }

    /// Due items (到期事项): done, abandoned or overdue.
    pub fn due(&self) -> u64 {
        ItemStatus::ALL
            .iter()
            .filter(|s| s.is_due())
            .map(|&s| self.count(s))
            .sum()
    }

    /// done / due (到期兑现率); unknown when nothing is due.
    pub fn fulfilment_due(&self) -> Option<f64> {
        ratio(self.count(ItemStatus::Done), self.due())
    }

    /// Members required to pledge; unknown when no unit counted knows.
    pub fn required(&self) -> Option<u64> {
        self.required_known.then_some(self.required)
    }

    /// pledged / required; unknown when required is unknown or 0. Not
    /// capped at 1.
    pub fn coverage(&self) -> Option<f64> {
        ratio(self.pledged, self.required().unwrap_or(0))
    }

    /// (satisfied + basic) / all votes; unknown without votes.
    pub fn satisfaction(&self) -> Option<f64> {
        ratio(self.votes.satisfied + self.votes.basic, self.votes.total())
    }
}

fn ratio(numerator: u64, denominator: u64) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

/// How many members of `unit` must pledge in `year`: non-exempt roster
/// entries, else `members`, else unknown.
pub fn required_members(unit: &Unit, year: i32) -> Option<u64> {
    match unit.roster_for(year) {
        Some(roster) => Some(roster.iter().filter(|e| !e.exempt_in(year)).count() as u64),
        None => unit.members.map(u64::from),
    }
}

/// Members exempted from pledging in `year` (免诺): the site shows only this count.
pub fn exempt_members(unit: &Unit, year: i32) -> u64 {
    unit.roster_for(year)
        .map(|r| r.iter().filter(|e| e.exempt_in(year)).count() as u64)
        .unwrap_or(0)
}

/// A published sheet's derived facts.
#[derive(Clone, Debug)]
pub struct SheetFacts {
    /// Parallel to `sheet.items`.
    pub items: IxVec<ItemIx, ItemState>,
    pub tally: Tally,
}

pub fn sheet_facts(sheet: &Sheet, votes: Option<&Votes>, today: Date) -> SheetFacts {
    let items: IxVec<ItemIx, ItemState> = sheet
        .items
        .iter()
        .map(|item| item_state(item, &sheet.notes, today))
        .collect();
    let mut tally = Tally {
        sheets: 1,
        notes: sheet.notes.len() as u64,
        ..Tally::default()
    };
    for state in &items {
        tally.add_item(state);
    }
    if let Some(v) = votes {
        tally.add_votes(v);
    }
    SheetFacts { items, tally }
}

/// All derived facts of one year.
#[derive(Clone, Debug)]
pub struct YearFacts {
    pub year: i32,
    pub today: Date,
    /// `sheets[unit][i]` is parallel to `site.units[unit].years[year].sheets`
    /// (shared with the facts derived before, for units that did not change).
    pub sheets: IxVec<UnitIx, Arc<IxVec<SheetIx, SheetFacts>>>,
    /// The unit's own figures (its own sheets, its own coverage).
    pub own: IxVec<UnitIx, Tally>,
    /// The unit and all its descendants.
    pub total: IxVec<UnitIx, Tally>,
    /// Whether the unit's own `required` is known.
    pub required_known: IxVec<UnitIx, bool>,
    /// The whole site.
    pub site: Tally,
    /// Per category, over every published item that names one.
    pub categories: BTreeMap<String, Tally>,
    /// `categories` per unit (its own sheets only), which add up to it.
    pub unit_categories: IxVec<UnitIx, Arc<BTreeMap<String, Tally>>>,
}

impl YearFacts {
    pub fn sheet(&self, unit: UnitIx, sheet: SheetIx) -> &SheetFacts {
        &self.sheets[unit][sheet]
    }
}

pub fn derive_year(site: &Site, year: i32, today: Date) -> YearFacts {
    derive_year_from(site, year, today, None)
}

/// `derive_year`, taking the sheets' facts of every unit that `site`
/// shares with `previous` (the same `Arc`: loaded once, unchanged) from
/// `previous`'s facts instead of deriving them again. `serve` does this
/// after each change; the result is the same as `derive_year`'s.
pub fn derive_year_from(
    site: &Site,
    year: i32,
    today: Date,
    previous: Option<(&Site, &YearFacts)>,
) -> YearFacts {
    let previous = previous.filter(|(_, f)| f.year == year && f.today == today);
    if let Some((before, facts)) = previous
        && let Some(changed) = changed_units(before, site)
    {
        return patched(site, facts, &changed);
    }
    // While `previous` is borrowed its units are alive, so an address
    // cannot have been reused by a new unit.
    let address = |u: &Arc<Unit>| Arc::as_ptr(u) as usize;
    let shared: HashMap<usize, UnitIx> = previous
        .map(|(s, _)| {
            s.units
                .iter()
                .enumerate()
                .map(|(i, u)| (address(u), UnitIx::new(i)))
                .collect()
        })
        .unwrap_or_default();
    let n = site.units.len();

    // Each unit on its own (in parallel: `serve` derives after every
    // change), or as `previous` had it; then the sums over units, in order.
    let per_unit: Vec<UnitFacts> = site
        .units
        .par_iter()
        .map(|unit| match (previous, shared.get(&address(unit))) {
            (Some((_, facts)), Some(&i)) => UnitFacts {
                sheets: Arc::clone(&facts.sheets[i]),
                own: facts.own[i],
                required_known: facts.required_known[i],
                categories: Arc::clone(&facts.unit_categories[i]),
            },
            _ => unit_facts(unit, year, today),
        })
        .collect();
    let mut sheets = IxVec::with_capacity(n);
    let mut own = IxVec::with_capacity(n);
    let mut required_known = IxVec::with_capacity(n);
    let mut unit_categories = IxVec::with_capacity(n);
    let mut categories: BTreeMap<String, Tally> = BTreeMap::new();
    for f in per_unit {
        for (cat, tally) in f.categories.iter() {
            match categories.get_mut(cat) {
                Some(t) => t.add(tally),
                None => {
                    categories.insert(cat.clone(), *tally);
                }
            }
        }
        sheets.push(f.sheets);
        own.push(f.own);
        required_known.push(f.required_known);
        unit_categories.push(f.categories);
    }

    // Units are in pre-order, so children come after their parent: adding
    // each unit into its parent from the back rolls up whole subtrees.
    let mut total = own.clone();
    for (u, unit) in site.units_ix().rev() {
        if let Some(p) = unit.parent {
            let child = total[u];
            total[p].add(&child);
        }
    }
    let mut site_tally = Tally::default();
    for (u, unit) in site.units_ix() {
        if unit.parent.is_none() {
            site_tally.add(&total[u]);
        }
    }

    YearFacts {
        year,
        today,
        sheets,
        own,
        total,
        required_known,
        site: site_tally,
        categories,
        unit_categories,
    }
}

/// The units of `site` that are not shared with `before`, when the two
/// have the same tree (the same units at the same places) and few of them
/// changed; `None` when the facts must be derived over again.
fn changed_units(before: &Site, site: &Site) -> Option<Vec<UnitIx>> {
    if before.units.len() != site.units.len() {
        return None;
    }
    let mut changed = Vec::new();
    for ((u, old), new) in before.units_ix().zip(&site.units) {
        if std::ptr::eq(old, &**new) {
            continue;
        }
        if old.parent != new.parent || old.children != new.children {
            return None;
        }
        changed.push(u);
    }
    // Past a few units, deriving everything in parallel is as quick.
    (changed.len() <= 16 + site.units.len() / 8).then_some(changed)
}

/// `before` with the facts of the `changed` units derived again and the
/// sums they enter redone: the units' own categories taken out of the
/// site's and theirs put in, and the totals of the changed units and
/// their ancestors added up again from their children's. An edit costs
/// the changed unit and its line of ancestors, not the whole site.
fn patched(site: &Site, before: &YearFacts, changed: &[UnitIx]) -> YearFacts {
    let mut facts = before.clone();
    for &u in changed {
        let new = unit_facts(site.unit(u), facts.year, facts.today);
        for (cat, tally) in facts.unit_categories[u].iter() {
            if let Some(t) = facts.categories.get_mut(cat) {
                t.remove_items(tally);
                // Every unit's entry counts at least one item: an empty
                // sum means no unit names the category any more.
                if t.items == 0 {
                    facts.categories.remove(cat);
                }
            }
        }
        for (cat, tally) in new.categories.iter() {
            match facts.categories.get_mut(cat) {
                Some(t) => t.add(tally),
                None => {
                    facts.categories.insert(cat.clone(), *tally);
                }
            }
        }
        facts.sheets[u] = new.sheets;
        facts.own[u] = new.own;
        facts.required_known[u] = new.required_known;
        facts.unit_categories[u] = new.categories;
    }
    // `has_votes` only ever turns on in a sum, so totals are added up
    // again rather than corrected by a difference.
    let mut dirty = std::collections::BTreeSet::new();
    for &u in changed {
        let mut at = Some(u);
        while let Some(a) = at {
            if !dirty.insert(a) {
                break; // its ancestors are in already
            }
            at = site.unit(a).parent;
        }
    }
    let mut root_changed = false;
    // Pre-order: a unit's children have higher indices, so going down
    // the indices sums each child before its parent.
    for &u in dirty.iter().rev() {
        let unit = site.unit(u);
        let mut total = facts.own[u];
        for &c in &unit.children {
            total.add(&facts.total[c]);
        }
        facts.total[u] = total;
        root_changed |= unit.parent.is_none();
    }
    if root_changed {
        let mut site_tally = Tally::default();
        for (u, unit) in site.units_ix() {
            if unit.parent.is_none() {
                site_tally.add(&facts.total[u]);
            }
        }
        facts.site = site_tally;
    }
    facts
}

/// One unit's part of a year's facts.
struct UnitFacts {
    sheets: Arc<IxVec<SheetIx, SheetFacts>>,
    own: Tally,
    required_known: bool,
    categories: Arc<BTreeMap<String, Tally>>,
}

fn unit_facts(unit: &Unit, year: i32, today: Date) -> UnitFacts {
    let uy = unit.years.get(&year);
    let facts: IxVec<SheetIx, SheetFacts> = uy
        .map(|uy| {
            uy.sheets
                .iter()
                .map(|s| {
                    let votes = uy.reviews.get(&s.id).and_then(|r| r.votes.as_ref());
                    sheet_facts(s, votes, today)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut tally = Tally::default();
    for f in &facts {
        tally.add(&f.tally);
    }
    let mut categories: BTreeMap<String, Tally> = BTreeMap::new();
    if let Some(uy) = uy {
        for (sheet, f) in uy.sheets.iter().zip(&facts) {
            for (item, state) in sheet.items.iter().zip(&f.items) {
                if let Some(cat) = &item.category {
                    categories.entry(cat.clone()).or_default().add_item(state);
                }
            }
        }
    }
    // Coverage: a unit whose requirement is unknown adds nothing, neither
    // pledged nor required.
    tally.pledged = 0;
    tally.required = 0;
    let required = required_members(unit, year);
    if let Some(required) = required {
        tally.required = required;
        tally.required_known = true;
        tally.pledged = uy.map(|y| y.member_sheets().count() as u64).unwrap_or(0);
    }
    UnitFacts {
        sheets: Arc::new(facts),
        own: tally,
        required_known: required.is_some(),
        categories: Arc::new(categories),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{self, LoadOptions};
    use crate::model::NoteStatus;

    fn demo() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        content::load(root, &LoadOptions::default())
            .expect("the demo site loads")
            .0
    }

    /// `site` with `edit` made to unit `u` (a new `Arc`, as the loader
    /// makes for a unit whose files changed).
    fn edited(site: &Site, u: UnitIx, edit: impl Fn(&mut Unit)) -> Site {
        let mut next = site.clone();
        let mut unit = next.unit(u).clone();
        edit(&mut unit);
        next.units[u.get()] = Arc::new(unit);
        next
    }

    /// Patching the facts of the changed units into the previous version's
    /// gives what deriving the whole site does, for edits that change an
    /// item's state, a category, votes and the number of sheets, in every
    /// unit (roots, leaves and those between).
    #[test]
    fn patched_facts_equal_facts_derived_afresh() {
        let site = demo();
        let today = Date::parse("2026-11-28").expect("date");
        let year = 2026;
        type Edit = fn(&mut Unit);
        let edits: [Edit; 5] = [
            |u| {
                for uy in u.years.values_mut() {
                    for s in &mut uy.sheets {
                        for n in &mut s.notes {
                            n.status = Some(NoteStatus::Done);
                        }
                    }
                }
            },
            |u| {
                for uy in u.years.values_mut() {
                    for s in &mut uy.sheets {
                        for i in &mut s.items {
                            i.category = None;
                        }
                    }
                }
            },
            |u| {
                for uy in u.years.values_mut() {
                    for s in &mut uy.sheets {
                        for i in &mut s.items {
                            i.category = Some("只在这里的类别".into());
                        }
                    }
                }
            },
            |u| {
                for uy in u.years.values_mut() {
                    for r in uy.reviews.values_mut() {
                        r.votes = Some(Votes {
                            satisfied: 7,
                            basic: 1,
                            unsatisfied: 2,
                        });
                    }
                }
            },
            |u| {
                for uy in u.years.values_mut() {
                    uy.sheets.pop();
                }
            },
        ];
        let mut patched_at_least_once = false;
        for u in UnitIx::all(site.units.len()) {
            let mut before = site.clone();
            let mut facts = derive_year(&before, year, today);
            // One edit after another, each from the facts of the one before.
            for edit in edits {
                let next = edited(&before, u, edit);
                assert_eq!(changed_units(&before, &next), Some(vec![u]));
                let incremental = derive_year_from(&next, year, today, Some((&before, &facts)));
                let fresh = derive_year(&next, year, today);
                assert_eq!(
                    format!("{incremental:?}"),
                    format!("{fresh:?}"),
                    "unit {u:?}"
                );
                patched_at_least_once = true;
                (before, facts) = (next, incremental);
            }
        }
        assert!(patched_at_least_once);
        // Two units at once: a unit and its parent.
        let (child, parent) = site
            .units_ix()
            .find_map(|(u, unit)| Some((u, unit.parent?)))
            .expect("a unit with a parent");
        let facts = derive_year(&site, year, today);
        let one = edited(&site, child, edits[0]);
        let both = edited(&one, parent, edits[2]);
        let incremental = derive_year_from(&both, year, today, Some((&site, &facts)));
        assert_eq!(
            format!("{incremental:?}"),
            format!("{:?}", derive_year(&both, year, today))
        );
    }
}

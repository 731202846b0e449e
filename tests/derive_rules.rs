//! docs/spec.md §3 (Derived facts), one test per rule, through the public API of
//! `pledgeboard::model` and `pledgeboard::derive`. Sites are built by hand
//! so that every figure can be checked against a count done on paper.

use pledgeboard::derive::{
    ItemStatus, Tally, derive_year, exempt_members, item_state, required_members, sheet_facts,
};
use pledgeboard::model::{
    Date, Item, ItemIx, MemberStatus, Note, NoteStatus, PledgeForm, Review, RosterEntry, Sheet,
    SheetIx, Site, SiteConfig, Unit, UnitIx, UnitKind, UnitYear, Votes,
};

const YEAR: i32 = 2026;

// ---------------------------------------------------------------- builder

fn d(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|| panic!("bad test date {text}"))
}

fn item(id: &str, deadline: &str) -> Item {
    Item {
        fields: Default::default(),
        pos: Default::default(),
        id: id.to_string(),
        title: format!("item {id}"),
        category: None,
        deadline: d(deadline),
        baseline: None,
        target: None,
        responsibility: None,
    }
}

fn item_in(id: &str, deadline: &str, category: &str) -> Item {
    Item {
        fields: Default::default(),
        category: Some(category.to_string()),
        ..item(id, deadline)
    }
}

/// A note whose id is its file stem; the date is taken from the stem's
/// first ten characters.
fn note(stem: &str, items: &[&str], progress: Option<u8>, status: Option<NoteStatus>) -> Note {
    note_dated(&stem[..10], stem, items, progress, status)
}

fn note_dated(
    date: &str,
    stem: &str,
    items: &[&str],
    progress: Option<u8>,
    status: Option<NoteStatus>,
) -> Note {
    Note {
        id: stem.to_string(),
        date: d(date),
        items: items.iter().map(|s| s.to_string()).collect(),
        progress,
        status,
        deadline: None,
        status_pos: Default::default(),
        title: None,
        author: None,
        body: String::new(),
        extra: serde_json::Value::Null,
        fields: Default::default(),
        attachments: Vec::new(),
    }
}

fn sheet(id: &str, items: Vec<Item>, notes: Vec<Note>) -> Sheet {
    Sheet {
        fields: Default::default(),
        id: id.to_string(),
        name: Some(id.to_string()),
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

/// A member sheet with one not-started item due at the end of the year.
fn simple_sheet(id: &str) -> Sheet {
    sheet(id, vec![item("a", "2026-12-31")], vec![])
}

fn member(id: &str) -> RosterEntry {
    RosterEntry {
        pos: Default::default(),
        id: id.to_string(),
        name: id.to_string(),
        role: None,
        status: MemberStatus::Active,
        exempt: Vec::new(),
        has_exempt_reason: false,
    }
}

fn member_with(id: &str, status: MemberStatus, exempt: &[i32]) -> RosterEntry {
    RosterEntry {
        pos: Default::default(),
        status,
        exempt: exempt.to_vec(),
        has_exempt_reason: !exempt.is_empty(),
        ..member(id)
    }
}

fn votes(satisfied: u64, basic: u64, unsatisfied: u64) -> Votes {
    Votes {
        satisfied,
        basic,
        unsatisfied,
    }
}

fn review(v: Votes) -> Review {
    Review {
        votes: Some(v),
        ..Review::default()
    }
}

/// Builds a `Site` unit by unit; units must be added parent first, which
/// keeps them in the tree (pre-)order the model promises.
struct SiteBuilder {
    units: Vec<Unit>,
}

impl SiteBuilder {
    fn new() -> Self {
        SiteBuilder { units: Vec::new() }
    }

    /// Adds a unit under `parent` (None: top level) and returns its index.
    fn unit(&mut self, slug: &str, parent: Option<UnitIx>) -> UnitIx {
        let (path, depth) = match parent {
            Some(p) if self.units[p.get()].path.is_empty() => {
                (slug.to_string(), self.units[p.get()].depth + 1)
            }
            Some(p) => (
                format!("{}/{slug}", self.units[p.get()].path),
                self.units[p.get()].depth + 1,
            ),
            None => (slug.to_string(), 0),
        };
        let index = UnitIx::new(self.units.len());
        self.units.push(Unit {
            parent,
            depth,
            ..Unit::new(path, format!("unit {slug}"), UnitKind::Community)
        });
        if let Some(p) = parent {
            self.units[p.get()].children.push(index);
        }
        index
    }

    fn set_members(&mut self, unit: UnitIx, members: u32) {
        self.units[unit.get()].members = Some(members);
    }

    fn set_roster(&mut self, unit: UnitIx, roster: Vec<RosterEntry>) {
        self.units[unit.get()].roster = Some(roster);
    }

    /// The unit's year folder, created on first use.
    fn year(&mut self, unit: UnitIx, year: i32) -> &mut UnitYear {
        self.units[unit.get()]
            .years
            .entry(year)
            .or_insert_with(|| UnitYear {
                year,
                ..UnitYear::default()
            })
    }

    fn sheet(&mut self, unit: UnitIx, year: i32, sheet: Sheet) {
        let uy = self.year(unit, year);
        uy.sheets.push(sheet);
        // `_unit` first, then by id, as the model promises.
        uy.sheets
            .sort_by(|a, b| (!a.is_unit(), &a.id).cmp(&(!b.is_unit(), &b.id)));
    }

    fn review(&mut self, unit: UnitIx, year: i32, id: &str, review: Review) {
        self.year(unit, year).reviews.insert(id.to_string(), review);
    }

    fn build(self) -> Site {
        let mut years: Vec<i32> = self
            .units
            .iter()
            .flat_map(|u| u.years.keys().copied())
            .collect();
        years.sort_unstable();
        years.dedup();
        Site {
            config: SiteConfig::new("test", "https://example.org/"),
            units: self.units.into_iter().map(std::sync::Arc::new).collect(),
            years,
            static_files: Vec::new(),
            templates: Vec::new(),
        }
    }
}

/// A site of one top-level unit holding the given sheets in `YEAR`.
fn one_unit_site(sheets: Vec<Sheet>) -> Site {
    let mut b = SiteBuilder::new();
    let u = b.unit("u", None);
    b.year(u, YEAR);
    for s in sheets {
        b.sheet(u, YEAR, s);
    }
    b.build()
}

fn state_of(deadline: &str, notes: &[Note], today: &str) -> (ItemStatus, u8) {
    let s = item_state(&item("a", deadline), notes, d(today));
    (s.status, s.progress)
}

fn assert_rate(actual: Option<f64>, expected: f64) {
    let a = actual.unwrap_or_else(|| panic!("expected {expected}, got unknown"));
    assert!((a - expected).abs() < 1e-9, "expected {expected}, got {a}");
}

use NoteStatus as N;

// ------------------------------------------------------------ item state

#[test]
fn item_state_done_when_last_status_done() {
    let notes = [note("2026-03-01-a", &["a"], Some(40), Some(N::Done))];
    assert_eq!(
        state_of("2026-12-31", &notes, "2026-06-01"),
        (ItemStatus::Done, 100)
    );
}

#[test]
fn item_state_done_beats_overdue() {
    let notes = [note("2026-03-01-a", &["a"], None, Some(N::Done))];
    // Deadline long past.
    assert_eq!(
        state_of("2026-04-01", &notes, "2026-11-01"),
        (ItemStatus::Done, 100)
    );
}

#[test]
fn item_state_progress_100_without_status_is_done() {
    let notes = [note("2026-03-01-a", &["a"], Some(100), None)];
    assert_eq!(
        state_of("2026-12-31", &notes, "2026-06-01"),
        (ItemStatus::Done, 100)
    );
    // … also when the deadline has passed.
    assert_eq!(
        state_of("2026-04-01", &notes, "2026-11-01"),
        (ItemStatus::Done, 100)
    );
}

#[test]
fn item_state_status_done_sets_progress_to_100() {
    let notes = [
        note("2026-02-01-a", &["a"], Some(40), None),
        note("2026-03-01-b", &["a"], None, Some(N::Done)),
    ];
    assert_eq!(
        state_of("2026-12-31", &notes, "2026-06-01"),
        (ItemStatus::Done, 100)
    );
}

#[test]
fn item_state_progress_100_beats_adjusted_and_abandoned() {
    for status in [N::Adjusted, N::Abandoned, N::Delayed, N::InProgress] {
        let notes = [note("2026-03-01-a", &["a"], Some(100), Some(status))];
        assert_eq!(
            state_of("2026-12-31", &notes, "2026-06-01"),
            (ItemStatus::Done, 100),
            "progress 100 with last status {status:?}"
        );
    }
}

#[test]
fn item_state_adjusted_beats_overdue() {
    let notes = [note("2026-03-01-a", &["a"], Some(30), Some(N::Adjusted))];
    assert_eq!(
        state_of("2026-04-01", &notes, "2026-11-01"),
        (ItemStatus::Adjusted, 30)
    );
}

#[test]
fn item_state_abandoned_beats_overdue() {
    let notes = [note("2026-03-01-a", &["a"], Some(30), Some(N::Abandoned))];
    assert_eq!(
        state_of("2026-04-01", &notes, "2026-11-01"),
        (ItemStatus::Abandoned, 30)
    );
}

#[test]
fn item_state_adjusted_and_abandoned_before_deadline() {
    let adjusted = [note("2026-03-01-a", &["a"], None, Some(N::Adjusted))];
    let abandoned = [note("2026-03-01-a", &["a"], None, Some(N::Abandoned))];
    assert_eq!(
        state_of("2026-12-31", &adjusted, "2026-06-01"),
        (ItemStatus::Adjusted, 0)
    );
    assert_eq!(
        state_of("2026-12-31", &abandoned, "2026-06-01"),
        (ItemStatus::Abandoned, 0)
    );
}

#[test]
fn item_state_overdue_beats_delayed() {
    let notes = [note("2026-03-01-a", &["a"], Some(50), Some(N::Delayed))];
    assert_eq!(
        state_of("2026-04-01", &notes, "2026-11-01"),
        (ItemStatus::Overdue, 50)
    );
}

#[test]
fn item_state_overdue_beats_in_progress_and_not_started() {
    let notes = [note("2026-03-01-a", &["a"], Some(50), Some(N::InProgress))];
    assert_eq!(
        state_of("2026-04-01", &notes, "2026-11-01"),
        (ItemStatus::Overdue, 50)
    );
    assert_eq!(
        state_of("2026-04-01", &[], "2026-11-01"),
        (ItemStatus::Overdue, 0)
    );
}

#[test]
fn item_state_deadline_today_is_not_overdue() {
    assert_eq!(
        state_of("2026-06-01", &[], "2026-06-01").0,
        ItemStatus::NotStarted
    );
}

#[test]
fn item_state_deadline_yesterday_is_overdue() {
    assert_eq!(
        state_of("2026-05-31", &[], "2026-06-01").0,
        ItemStatus::Overdue
    );
    // Across a year boundary too.
    assert_eq!(
        state_of("2026-12-31", &[], "2027-01-01").0,
        ItemStatus::Overdue
    );
}

#[test]
fn item_state_delayed_with_future_deadline() {
    let notes = [note("2026-03-01-a", &["a"], Some(20), Some(N::Delayed))];
    assert_eq!(
        state_of("2026-12-31", &notes, "2026-06-01"),
        (ItemStatus::Delayed, 20)
    );
}

#[test]
fn item_state_in_progress_needs_at_least_one_note() {
    // A note that gives neither progress nor status still counts.
    let bare = [note("2026-03-01-a", &["a"], None, None)];
    let s = item_state(&item("a", "2026-12-31"), &bare, d("2026-06-01"));
    assert_eq!(
        (s.status, s.progress, s.notes),
        (ItemStatus::InProgress, 0, 1)
    );
    assert_eq!(s.last_note, Some(d("2026-03-01")));

    let with_progress = [note("2026-03-01-a", &["a"], Some(60), Some(N::InProgress))];
    assert_eq!(
        state_of("2026-12-31", &with_progress, "2026-06-01"),
        (ItemStatus::InProgress, 60)
    );
}

#[test]
fn item_state_not_started_without_notes() {
    let s = item_state(&item("a", "2026-12-31"), &[], d("2026-06-01"));
    assert_eq!(
        (s.status, s.progress, s.notes),
        (ItemStatus::NotStarted, 0, 0)
    );
    assert_eq!(s.last_note, None);
}

#[test]
fn item_state_progress_zero_when_none_given() {
    let notes = [
        note("2026-02-01-a", &["a"], None, Some(N::InProgress)),
        note("2026-03-01-b", &["a"], None, None),
    ];
    assert_eq!(
        state_of("2026-12-31", &notes, "2026-06-01"),
        (ItemStatus::InProgress, 0)
    );
}

#[test]
fn item_state_later_note_without_progress_keeps_earlier_progress() {
    let notes = [
        note("2026-02-01-a", &["a"], Some(40), None),
        note("2026-03-01-b", &["a"], None, Some(N::InProgress)),
    ];
    assert_eq!(
        state_of("2026-12-31", &notes, "2026-06-01"),
        (ItemStatus::InProgress, 40)
    );
}

#[test]
fn item_state_progress_is_the_last_given_not_the_highest() {
    let notes = [
        note("2026-02-01-a", &["a"], Some(100), None),
        note("2026-03-01-b", &["a"], Some(50), None),
    ];
    assert_eq!(
        state_of("2026-12-31", &notes, "2026-06-01"),
        (ItemStatus::InProgress, 50)
    );
}

#[test]
fn item_state_later_note_without_status_keeps_last_given_status() {
    let delayed = [
        note("2026-02-01-a", &["a"], None, Some(N::Delayed)),
        note("2026-03-01-b", &["a"], Some(30), None),
    ];
    assert_eq!(
        state_of("2026-12-31", &delayed, "2026-06-01"),
        (ItemStatus::Delayed, 30)
    );
    let done = [
        note("2026-02-01-a", &["a"], None, Some(N::Done)),
        note("2026-03-01-b", &["a"], None, None),
    ];
    assert_eq!(
        state_of("2026-12-31", &done, "2026-06-01"),
        (ItemStatus::Done, 100)
    );
}

#[test]
fn item_state_last_given_status_replaces_earlier_done() {
    // A later status overrides an earlier `done` (the work was reopened).
    let notes = [
        note("2026-02-01-a", &["a"], Some(90), Some(N::Done)),
        note("2026-03-01-b", &["a"], Some(80), Some(N::InProgress)),
    ];
    assert_eq!(
        state_of("2026-12-31", &notes, "2026-06-01"),
        (ItemStatus::InProgress, 80)
    );
    let adjusted_after_done = [
        note("2026-02-01-a", &["a"], None, Some(N::Done)),
        note("2026-03-01-b", &["a"], None, Some(N::Adjusted)),
    ];
    assert_eq!(
        state_of("2026-12-31", &adjusted_after_done, "2026-06-01").0,
        ItemStatus::Adjusted
    );
}

#[test]
fn item_state_note_naming_several_items_applies_to_each() {
    let items = [item("a", "2026-12-31"), item("b", "2026-12-31")];
    let notes = [note(
        "2026-03-01-a",
        &["a", "b"],
        Some(70),
        Some(N::Delayed),
    )];
    for it in &items {
        let s = item_state(it, &notes, d("2026-06-01"));
        assert_eq!(
            (s.status, s.progress, s.notes),
            (ItemStatus::Delayed, 70, 1)
        );
    }
}

#[test]
fn item_state_notes_naming_other_items_do_not_count() {
    let notes = [
        note("2026-02-01-a", &["a"], Some(30), None),
        note("2026-03-01-b", &["b"], Some(100), Some(N::Done)),
        note("2026-04-01-c", &["c", "d"], None, Some(N::Abandoned)),
    ];
    let s = item_state(&item("a", "2026-12-31"), &notes, d("2026-06-01"));
    assert_eq!(
        (s.status, s.progress, s.notes),
        (ItemStatus::InProgress, 30, 1)
    );
    assert_eq!(s.last_note, Some(d("2026-02-01")));

    let untouched = item_state(&item("e", "2026-12-31"), &notes, d("2026-06-01"));
    assert_eq!(
        (untouched.status, untouched.progress, untouched.notes),
        (ItemStatus::NotStarted, 0, 0)
    );
}

#[test]
fn item_state_same_date_later_file_name_wins() {
    // The model stores notes sorted by (date, file name); on the same date
    // the later file name is the later note.
    let notes = [
        note("2026-03-01-a-first", &["a"], Some(30), Some(N::Delayed)),
        note("2026-03-01-b-second", &["a"], Some(60), Some(N::InProgress)),
    ];
    assert_eq!(
        state_of("2026-12-31", &notes, "2026-06-01"),
        (ItemStatus::InProgress, 60)
    );
}

#[test]
fn item_state_walks_notes_by_date_before_file_name() {
    // A note whose file name does not start with its date: its date, not
    // its name, places it. Given in (date, file name) order, the later date
    // wins even though its file name sorts first.
    let notes = [
        note_dated("2026-01-10", "zz-early", &["a"], Some(70), Some(N::Delayed)),
        note("2026-02-01-later", &["a"], Some(20), Some(N::InProgress)),
    ];
    let s = item_state(&item("a", "2026-12-31"), &notes, d("2026-06-01"));
    assert_eq!((s.status, s.progress), (ItemStatus::InProgress, 20));
    assert_eq!(s.last_note, Some(d("2026-02-01")));
}

#[test]
fn today_option_changes_overdue() {
    let s = sheet(
        "m",
        vec![item("a", "2026-06-30")],
        vec![note("2026-03-01-x", &["a"], Some(50), None)],
    );
    let site = one_unit_site(vec![s]);
    let before = derive_year(&site, YEAR, d("2026-06-30"));
    let after = derive_year(&site, YEAR, d("2026-07-01"));
    assert_eq!(before.today, d("2026-06-30"));
    assert_eq!(
        before.sheet(UnitIx::new(0), SheetIx::new(0)).items[ItemIx::new(0)].status,
        ItemStatus::InProgress
    );
    assert_eq!(
        after.sheet(UnitIx::new(0), SheetIx::new(0)).items[ItemIx::new(0)].status,
        ItemStatus::Overdue
    );
    assert_eq!(before.site.count(ItemStatus::Overdue), 0);
    assert_eq!(after.site.count(ItemStatus::Overdue), 1);
}

#[test]
fn sheet_facts_items_parallel_to_sheet_items() {
    let s = sheet(
        "m",
        vec![
            item("a", "2026-12-31"),
            item("b", "2026-01-31"),
            item("c", "2026-12-31"),
        ],
        vec![
            note("2026-02-01-x", &["a", "c"], Some(40), None),
            note("2026-03-01-y", &["c"], None, Some(N::Done)),
        ],
    );
    let f = sheet_facts(&s, None, d("2026-06-01"));
    let got: Vec<_> = f.items.iter().map(|i| (i.status, i.progress)).collect();
    assert_eq!(
        got,
        vec![
            (ItemStatus::InProgress, 40),
            (ItemStatus::Overdue, 0),
            (ItemStatus::Done, 100),
        ]
    );
    assert_eq!(f.tally.items, 3);
    assert_eq!(f.tally.sheets, 1);
    assert_eq!(f.tally.notes, 2);
    assert_eq!(f.tally.count(ItemStatus::Done), 1);
    assert_eq!(f.tally.count(ItemStatus::Overdue), 1);
    assert_eq!(f.tally.count(ItemStatus::InProgress), 1);
    assert!(!f.tally.has_votes);
    assert_eq!(f.tally.satisfaction(), None);
}

// ------------------------------------------------------------ fulfilment

/// A sheet whose items end in the given statuses (deadlines in the future).
fn sheet_with_statuses(id: &str, statuses: &[Option<NoteStatus>]) -> Sheet {
    let mut items = Vec::new();
    let mut notes = Vec::new();
    for (i, status) in statuses.iter().enumerate() {
        let item_id = format!("i{i}");
        items.push(item(&item_id, "2026-12-31"));
        if let Some(s) = status {
            notes.push(note(
                &format!("2026-03-01-n{i:02}"),
                &[&item_id],
                None,
                Some(*s),
            ));
        }
    }
    sheet(id, items, notes)
}

#[test]
fn fulfilment_is_done_over_items_minus_adjusted() {
    // 2 done, 1 adjusted, 1 in progress, 1 not started: 2 / (5 − 1).
    let s = sheet_with_statuses(
        "m",
        &[
            Some(N::Done),
            Some(N::Done),
            Some(N::Adjusted),
            Some(N::InProgress),
            None,
        ],
    );
    let f = sheet_facts(&s, None, d("2026-06-01"));
    assert_eq!(f.tally.items, 5);
    assert_rate(f.tally.fulfilment(), 0.5);
}

#[test]
fn fulfilment_abandoned_stays_in_denominator() {
    // 1 done, 1 abandoned: 1 / 2.
    let s = sheet_with_statuses("m", &[Some(N::Done), Some(N::Abandoned)]);
    let f = sheet_facts(&s, None, d("2026-06-01"));
    assert_rate(f.tally.fulfilment(), 0.5);
}

#[test]
fn fulfilment_unknown_when_all_items_adjusted() {
    let s = sheet_with_statuses("m", &[Some(N::Adjusted), Some(N::Adjusted)]);
    let f = sheet_facts(&s, None, d("2026-06-01"));
    assert_eq!(f.tally.items, 2);
    assert_eq!(f.tally.fulfilment(), None);
}

#[test]
fn fulfilment_unknown_without_items() {
    assert_eq!(Tally::default().fulfilment(), None);
    let site = one_unit_site(vec![]);
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_eq!(facts.own[UnitIx::new(0)].fulfilment(), None);
    assert_eq!(facts.site.fulfilment(), None);
}

#[test]
fn fulfilment_zero_is_known() {
    let s = sheet_with_statuses("m", &[None, Some(N::Abandoned)]);
    let f = sheet_facts(&s, None, d("2026-06-01"));
    assert_rate(f.tally.fulfilment(), 0.0);
}

#[test]
fn fulfilment_of_unit_pools_its_sheets() {
    // Unit sheet 1/1 done, member A 0/2, member B 1/2 (1 adjusted left
    // out): (1 + 0 + 1) / (1 + 2 + 1) — not the mean of the sheets' rates.
    let unit_sheet = sheet_with_statuses("_unit", &[Some(N::Done)]);
    let a = sheet_with_statuses("a", &[None, Some(N::Abandoned)]);
    let b = sheet_with_statuses("b", &[Some(N::Done), Some(N::Adjusted)]);
    let site = one_unit_site(vec![a, b, unit_sheet]);
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_eq!(facts.own[UnitIx::new(0)].items, 5);
    assert_eq!(facts.own[UnitIx::new(0)].count(ItemStatus::Done), 2);
    assert_rate(facts.own[UnitIx::new(0)].fulfilment(), 0.5);
    assert_rate(facts.site.fulfilment(), 0.5);
}

// -------------------------------------------------------------- coverage

fn coverage_site(configure: impl FnOnce(&mut SiteBuilder, UnitIx)) -> (Site, UnitIx) {
    let mut b = SiteBuilder::new();
    let u = b.unit("u", None);
    configure(&mut b, u);
    (b.build(), u)
}

#[test]
fn coverage_roster_entries_of_any_status_are_required() {
    let (site, u) = coverage_site(|b, u| {
        b.set_roster(
            u,
            vec![
                member_with("active", MemberStatus::Active, &[]),
                member_with("retired", MemberStatus::Retired, &[]),
                member_with("floating", MemberStatus::Floating, &[]),
                member_with("nopost", MemberStatus::NoPost, &[]),
            ],
        );
        b.sheet(u, YEAR, simple_sheet("active"));
        b.sheet(u, YEAR, simple_sheet("floating"));
    });
    assert_eq!(required_members(site.unit(u), YEAR), Some(4));
    assert_eq!(exempt_members(site.unit(u), YEAR), 0);
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_eq!((facts.own[u].pledged, facts.own[u].required), (2, 4));
    assert!(facts.required_known[u]);
    assert_rate(facts.own[u].coverage(), 0.5);
}

#[test]
fn coverage_exempt_members_are_not_required() {
    let (site, u) = coverage_site(|b, u| {
        b.set_roster(
            u,
            vec![
                member("a"),
                member_with("old", MemberStatus::Retired, &[YEAR]),
                member_with("ill", MemberStatus::Active, &[YEAR]),
            ],
        );
        b.sheet(u, YEAR, simple_sheet("a"));
    });
    assert_eq!(required_members(site.unit(u), YEAR), Some(1));
    assert_eq!(exempt_members(site.unit(u), YEAR), 2);
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_rate(facts.own[u].coverage(), 1.0);
}

#[test]
fn coverage_exemption_for_another_year_does_not_exempt() {
    let (site, u) = coverage_site(|b, u| {
        b.set_roster(
            u,
            vec![
                member("a"),
                member_with("b", MemberStatus::Retired, &[YEAR - 1]),
            ],
        );
        b.sheet(u, YEAR, simple_sheet("a"));
        b.sheet(u, YEAR, simple_sheet("b"));
    });
    let unit = site.unit(u);
    assert_eq!(required_members(unit, YEAR), Some(2));
    assert_eq!(exempt_members(unit, YEAR), 0);
    assert_eq!(required_members(unit, YEAR - 1), Some(1));
    assert_eq!(exempt_members(unit, YEAR - 1), 1);
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_rate(facts.own[u].coverage(), 1.0);
}

#[test]
fn coverage_list_of_exempt_years() {
    let (site, u) = coverage_site(|b, u| {
        b.set_roster(
            u,
            vec![
                member("a"),
                member_with("b", MemberStatus::Retired, &[2024, 2026, 2027]),
            ],
        );
    });
    let unit = site.unit(u);
    for (year, required, exempt) in [
        (2024, 1, 1),
        (2025, 2, 0),
        (2026, 1, 1),
        (2027, 1, 1),
        (2028, 2, 0),
    ] {
        assert_eq!(required_members(unit, year), Some(required), "{year}");
        assert_eq!(exempt_members(unit, year), exempt, "{year}");
    }
}

#[test]
fn coverage_year_roster_replaces_unit_roster_for_that_year_only() {
    let (site, u) = coverage_site(|b, u| {
        b.set_roster(u, vec![member("a"), member("b"), member("c")]);
        b.set_members(u, 50);
        b.year(u, YEAR).roster = Some(vec![
            member("a"),
            member_with("d", MemberStatus::Floating, &[]),
            member_with("e", MemberStatus::Retired, &[YEAR]),
            member("f"),
            member("g"),
        ]);
        b.sheet(u, YEAR, simple_sheet("a"));
        b.sheet(u, YEAR, simple_sheet("d"));
        // Another year folder without its own roster.
        b.sheet(u, YEAR - 1, simple_sheet("a"));
    });
    let unit = site.unit(u);
    assert_eq!(required_members(unit, YEAR), Some(4));
    assert_eq!(exempt_members(unit, YEAR), 1);
    assert_eq!(required_members(unit, YEAR - 1), Some(3));
    assert_eq!(required_members(unit, YEAR + 1), Some(3));

    let this = derive_year(&site, YEAR, d("2026-06-01"));
    assert_rate(this.own[u].coverage(), 0.5);
    let last = derive_year(&site, YEAR - 1, d("2026-06-01"));
    assert_rate(last.own[u].coverage(), 1.0 / 3.0);
}

#[test]
fn coverage_year_roster_replaces_members_count() {
    let (site, u) = coverage_site(|b, u| {
        b.set_members(u, 10);
        b.year(u, YEAR).roster = Some(vec![member("a"), member("b")]);
        b.sheet(u, YEAR, simple_sheet("a"));
    });
    let unit = site.unit(u);
    assert_eq!(required_members(unit, YEAR), Some(2));
    assert_eq!(required_members(unit, YEAR - 1), Some(10));
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_rate(facts.own[u].coverage(), 0.5);
}

#[test]
fn coverage_roster_takes_precedence_over_members() {
    let (site, u) = coverage_site(|b, u| {
        b.set_members(u, 126);
        b.set_roster(u, vec![member("a"), member("b")]);
    });
    assert_eq!(required_members(site.unit(u), YEAR), Some(2));
}

#[test]
fn coverage_without_roster_uses_members() {
    let (site, u) = coverage_site(|b, u| {
        b.set_members(u, 4);
        b.sheet(u, YEAR, simple_sheet("a"));
    });
    assert_eq!(required_members(site.unit(u), YEAR), Some(4));
    assert_eq!(exempt_members(site.unit(u), YEAR), 0);
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_eq!((facts.own[u].pledged, facts.own[u].required), (1, 4));
    assert_rate(facts.own[u].coverage(), 0.25);
}

#[test]
fn coverage_unknown_without_roster_or_members_and_adds_nothing_to_ancestors() {
    let mut b = SiteBuilder::new();
    let top = b.unit("top", None);
    let known = b.unit("known", Some(top));
    let unknown = b.unit("unknown", Some(top));
    b.set_members(top, 2);
    b.set_members(known, 4);
    b.sheet(top, YEAR, simple_sheet("t1"));
    b.sheet(known, YEAR, simple_sheet("k1"));
    b.sheet(known, YEAR, simple_sheet("k2"));
    // Three member sheets, but nobody knows how many should have pledged.
    for id in ["x", "y", "z"] {
        b.sheet(unknown, YEAR, simple_sheet(id));
    }
    let site = b.build();
    assert_eq!(required_members(site.unit(unknown), YEAR), None);
    let facts = derive_year(&site, YEAR, d("2026-06-01"));

    assert!(!facts.required_known[unknown]);
    assert_eq!(facts.own[unknown].coverage(), None);
    assert_eq!(
        (facts.own[unknown].pledged, facts.own[unknown].required),
        (0, 0)
    );
    // Its items still count everywhere else.
    assert_eq!(facts.own[unknown].items, 3);
    assert_eq!(facts.own[unknown].sheets, 3);

    // top: (1 + 2) / (2 + 4); the unknown unit's 3 sheets are left out.
    assert_eq!(
        (facts.total[top].pledged, facts.total[top].required),
        (3, 6)
    );
    assert_rate(facts.total[top].coverage(), 0.5);
    assert_eq!(facts.total[top].items, 6);
    assert_eq!((facts.site.pledged, facts.site.required), (3, 6));
}

#[test]
fn coverage_never_counts_unit_sheet() {
    let (site, u) = coverage_site(|b, u| {
        b.set_members(u, 2);
        b.sheet(u, YEAR, simple_sheet("_unit"));
        b.sheet(u, YEAR, simple_sheet("a"));
    });
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_eq!(facts.own[u].sheets, 2);
    assert_eq!((facts.own[u].pledged, facts.own[u].required), (1, 2));
    assert_rate(facts.own[u].coverage(), 0.5);
}

#[test]
fn coverage_only_unit_sheet_is_zero_not_unknown() {
    let (site, u) = coverage_site(|b, u| {
        b.set_members(u, 2);
        b.sheet(u, YEAR, simple_sheet("_unit"));
    });
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_rate(facts.own[u].coverage(), 0.0);
}

#[test]
fn coverage_not_capped_at_one() {
    let (site, u) = coverage_site(|b, u| {
        b.set_members(u, 2);
        for id in ["a", "b", "c"] {
            b.sheet(u, YEAR, simple_sheet(id));
        }
    });
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_eq!((facts.own[u].pledged, facts.own[u].required), (3, 2));
    assert_rate(facts.own[u].coverage(), 1.5);
}

#[test]
fn coverage_unknown_when_required_is_zero() {
    // members: 0
    let (site, u) = coverage_site(|b, u| {
        b.set_members(u, 0);
        b.sheet(u, YEAR, simple_sheet("_unit"));
    });
    assert_eq!(required_members(site.unit(u), YEAR), Some(0));
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_eq!(facts.own[u].coverage(), None);

    // A roster whose every entry is exempt that year.
    let (site, u) = coverage_site(|b, u| {
        b.set_roster(u, vec![member_with("a", MemberStatus::Retired, &[YEAR])]);
        b.year(u, YEAR);
    });
    assert_eq!(required_members(site.unit(u), YEAR), Some(0));
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_eq!(facts.own[u].coverage(), None);

    // An empty roster.
    let (site, u) = coverage_site(|b, u| {
        b.set_roster(u, vec![]);
        b.year(u, YEAR);
    });
    assert_eq!(required_members(site.unit(u), YEAR), Some(0));
    assert_eq!(Tally::default().coverage(), None);
}

// ---------------------------------------------------------- satisfaction

#[test]
fn satisfaction_is_satisfied_plus_basic_over_all_votes() {
    let s = simple_sheet("m");
    let f = sheet_facts(&s, Some(&votes(86, 10, 4)), d("2026-06-01"));
    assert!(f.tally.has_votes);
    assert_rate(f.tally.satisfaction(), 0.96);
}

#[test]
fn satisfaction_pools_unit_and_member_votes() {
    let mut b = SiteBuilder::new();
    let u = b.unit("u", None);
    b.sheet(u, YEAR, simple_sheet("_unit"));
    b.sheet(u, YEAR, simple_sheet("a"));
    b.sheet(u, YEAR, simple_sheet("b"));
    b.sheet(u, YEAR, simple_sheet("c"));
    b.review(u, YEAR, "_unit", review(votes(8, 0, 2)));
    b.review(u, YEAR, "a", review(votes(0, 0, 10)));
    b.review(u, YEAR, "b", review(votes(0, 80, 0)));
    // `c` has a review without votes: it adds nothing.
    b.review(u, YEAR, "c", Review::default());
    let site = b.build();
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    // (8 + 80) / (10 + 10 + 80), not the mean of 0.8, 0 and 1.
    assert_eq!(facts.own[u].votes, votes(8, 80, 12));
    assert_rate(facts.own[u].satisfaction(), 0.88);
    assert_eq!(facts.sheet(u, SheetIx::new(3)).tally.satisfaction(), None);
    assert_rate(facts.site.satisfaction(), 0.88);
}

#[test]
fn satisfaction_pools_over_subtree() {
    let mut b = SiteBuilder::new();
    let top = b.unit("top", None);
    let child = b.unit("child", Some(top));
    let grandchild = b.unit("grandchild", Some(child));
    b.sheet(top, YEAR, simple_sheet("_unit"));
    b.review(top, YEAR, "_unit", review(votes(1, 0, 1)));
    b.sheet(child, YEAR, simple_sheet("a"));
    b.review(child, YEAR, "a", review(votes(0, 0, 6)));
    b.sheet(grandchild, YEAR, simple_sheet("b"));
    b.review(grandchild, YEAR, "b", review(votes(10, 2, 0)));
    let site = b.build();
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_rate(facts.total[grandchild].satisfaction(), 1.0);
    assert_rate(facts.total[child].satisfaction(), 12.0 / 18.0);
    assert_rate(facts.own[child].satisfaction(), 0.0);
    assert_rate(facts.total[top].satisfaction(), 13.0 / 20.0);
    assert_rate(facts.own[top].satisfaction(), 0.5);
    assert_rate(facts.site.satisfaction(), 13.0 / 20.0);
}

#[test]
fn satisfaction_missing_vote_keys_count_zero() {
    // `votes: { satisfied: 5 }` loads as the default for the other keys.
    let only_satisfied = Votes {
        satisfied: 5,
        ..Votes::default()
    };
    let only_unsatisfied = Votes {
        unsatisfied: 5,
        ..Votes::default()
    };
    let s = simple_sheet("m");
    let f = sheet_facts(&s, Some(&only_satisfied), d("2026-06-01"));
    assert_rate(f.tally.satisfaction(), 1.0);
    let f = sheet_facts(&s, Some(&only_unsatisfied), d("2026-06-01"));
    assert_rate(f.tally.satisfaction(), 0.0);
    let mut pooled = sheet_facts(&s, Some(&only_satisfied), d("2026-06-01")).tally;
    pooled.add(&f.tally);
    assert_rate(pooled.satisfaction(), 0.5);
}

#[test]
fn satisfaction_unknown_without_votes() {
    let s = simple_sheet("m");
    assert_eq!(
        sheet_facts(&s, None, d("2026-06-01")).tally.satisfaction(),
        None
    );
    // `votes: {}`: a review that counted nobody.
    assert_eq!(
        sheet_facts(&s, Some(&Votes::default()), d("2026-06-01"))
            .tally
            .satisfaction(),
        None
    );
    let site = one_unit_site(vec![simple_sheet("m")]);
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_eq!(facts.own[UnitIx::new(0)].satisfaction(), None);
    assert_eq!(facts.site.satisfaction(), None);
    assert!(!facts.site.has_votes);
}

// ---------------------------------------------------------------- roll-up

#[test]
fn rollup_unit_total_counts_all_descendants_three_levels_deep() {
    let mut b = SiteBuilder::new();
    let top = b.unit("top", None);
    let mid = b.unit("mid", Some(top));
    let leaf1 = b.unit("leaf1", Some(mid));
    let leaf2 = b.unit("leaf2", Some(mid));
    let other = b.unit("other", Some(top));
    b.set_members(top, 1);
    b.set_members(mid, 2);
    b.set_members(leaf1, 3);
    b.set_members(leaf2, 4);
    b.set_members(other, 5);
    b.sheet(
        top,
        YEAR,
        sheet_with_statuses("_unit", &[Some(N::Done), Some(N::Adjusted)]),
    );
    b.sheet(mid, YEAR, sheet_with_statuses("m1", &[Some(N::Done), None]));
    b.sheet(leaf1, YEAR, sheet_with_statuses("l1", &[Some(N::Done)]));
    b.sheet(leaf1, YEAR, sheet_with_statuses("l2", &[None]));
    b.sheet(
        leaf2,
        YEAR,
        sheet_with_statuses("l3", &[Some(N::Abandoned), Some(N::Done)]),
    );
    b.sheet(other, YEAR, sheet_with_statuses("o1", &[None, None, None]));
    let site = b.build();
    assert_eq!(site.subtree(top), vec![top, mid, other, leaf1, leaf2]);
    let facts = derive_year(&site, YEAR, d("2026-06-01"));

    // Leaves: own == total.
    for u in [leaf1, leaf2, other] {
        assert_eq!(facts.own[u], facts.total[u]);
    }
    assert_eq!(facts.total[leaf1].items, 2);
    assert_eq!(
        (facts.total[leaf1].pledged, facts.total[leaf1].required),
        (2, 3)
    );

    // mid = mid + leaf1 + leaf2.
    let t = &facts.total[mid];
    assert_eq!(t.items, 2 + 2 + 2);
    assert_eq!(t.count(ItemStatus::Done), 1 + 1 + 1);
    assert_eq!(t.sheets, 4);
    assert_eq!((t.pledged, t.required), (1 + 2 + 1, 2 + 3 + 4));
    assert_rate(t.fulfilment(), 3.0 / 6.0);

    // top = top + mid subtree + other.
    let t = &facts.total[top];
    assert_eq!(t.items, 2 + 6 + 3);
    assert_eq!(t.count(ItemStatus::Done), 1 + 3);
    assert_eq!(t.count(ItemStatus::Adjusted), 1);
    assert_eq!(t.count(ItemStatus::Abandoned), 1);
    assert_eq!(t.sheets, 1 + 4 + 1);
    // The `_unit` sheet pledges nothing toward coverage.
    assert_eq!((t.pledged, t.required), (4 + 1, 1 + 9 + 5));
    assert_rate(t.fulfilment(), 4.0 / 10.0);
    assert_rate(t.coverage(), 5.0 / 15.0);

    // The total is the sum of own figures over the subtree.
    for u in UnitIx::all(site.units.len()) {
        let mut sum = Tally::default();
        for v in site.subtree(u) {
            sum.add(&facts.own[v]);
        }
        assert_eq!(facts.total[u], sum, "unit {}", site.unit(u).path);
    }
}

#[test]
fn rollup_site_total_is_sum_of_top_level_totals() {
    let mut b = SiteBuilder::new();
    let a = b.unit("a", None);
    let a1 = b.unit("a1", Some(a));
    let z = b.unit("z", None);
    let z1 = b.unit("z1", Some(z));
    b.set_members(a1, 2);
    b.set_members(z, 3);
    b.sheet(a, YEAR, sheet_with_statuses("_unit", &[Some(N::Done)]));
    b.sheet(a1, YEAR, sheet_with_statuses("m", &[None]));
    b.sheet(z1, YEAR, sheet_with_statuses("n", &[Some(N::Done), None]));
    b.review(z1, YEAR, "n", review(votes(3, 0, 1)));
    let site = b.build();
    let facts = derive_year(&site, YEAR, d("2026-06-01"));

    let mut sum = facts.total[a];
    sum.add(&facts.total[z]);
    assert_eq!(facts.site, sum);
    assert_eq!(facts.site.items, 4);
    assert_eq!(facts.site.count(ItemStatus::Done), 2);
    assert_eq!((facts.site.pledged, facts.site.required), (1, 5));
    assert_rate(facts.site.fulfilment(), 0.5);
    assert_rate(facts.site.satisfaction(), 0.75);
}

#[test]
fn rollup_with_root_unit_site_total_is_root_total() {
    let mut b = SiteBuilder::new();
    let root = b.unit("", None);
    let a = b.unit("a", Some(root));
    let b1 = b.unit("b", Some(root));
    assert_eq!(b.units[a.get()].path, "a");
    b.sheet(root, YEAR, sheet_with_statuses("_unit", &[Some(N::Done)]));
    b.sheet(a, YEAR, sheet_with_statuses("x", &[None]));
    b.sheet(b1, YEAR, sheet_with_statuses("y", &[None]));
    let site = b.build();
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_eq!(facts.site, facts.total[root]);
    assert_eq!(facts.site.items, 3);
}

#[test]
fn every_unit_appears_with_zeros_where_it_has_no_year_folder() {
    let mut b = SiteBuilder::new();
    let top = b.unit("top", None);
    let with_members = b.unit("with-members", Some(top));
    let with_roster = b.unit("with-roster", Some(top));
    let bare = b.unit("bare", Some(top));
    b.set_members(with_members, 7);
    b.set_roster(
        with_roster,
        vec![
            member("a"),
            member("b"),
            member_with("c", MemberStatus::Retired, &[YEAR]),
        ],
    );
    b.set_members(top, 1);
    b.sheet(top, YEAR, simple_sheet("t"));
    // Only `top` has a 2026 folder; `bare` has a folder for another year.
    b.sheet(bare, YEAR - 1, simple_sheet("old"));
    let site = b.build();
    let facts = derive_year(&site, YEAR, d("2026-06-01"));

    assert_eq!(facts.sheets.len(), site.units.len());
    assert_eq!(facts.own.len(), site.units.len());
    assert_eq!(facts.total.len(), site.units.len());
    for u in [with_members, with_roster, bare] {
        assert!(facts.sheets[u].is_empty());
        let t = &facts.own[u];
        assert_eq!(
            (t.items, t.sheets, t.notes, t.pledged, t.by_status),
            (0, 0, 0, 0, [0; 7])
        );
        assert_eq!(t.votes, Votes::default());
        assert_eq!(t.fulfilment(), None);
        assert_eq!(t.satisfaction(), None);
    }
    assert_eq!(facts.own[with_members].required, 7);
    assert_rate(facts.own[with_members].coverage(), 0.0);
    assert_eq!(facts.own[with_roster].required, 2);
    assert_eq!(facts.own[bare].required, 0);
    assert!(!facts.required_known[bare]);
    assert_eq!(facts.own[bare].coverage(), None);

    assert_eq!(
        (facts.total[top].pledged, facts.total[top].required),
        (1, 1 + 7 + 2)
    );

    // A year no unit has a folder for: still every unit, all zeros.
    let empty = derive_year(&site, 2030, d("2030-06-01"));
    assert_eq!(empty.own.len(), site.units.len());
    assert_eq!(empty.site.items, 0);
    assert_eq!(empty.site.fulfilment(), None);
}

// ------------------------------------------------------------ unpublished

#[test]
fn unpublished_drafts_count_nowhere() {
    let build = |with_drafts: bool| {
        let mut b = SiteBuilder::new();
        let top = b.unit("top", None);
        let child = b.unit("child", Some(top));
        b.set_members(top, 2);
        b.set_members(child, 3);
        b.sheet(top, YEAR, sheet_with_statuses("a", &[Some(N::Done)]));
        b.sheet(child, YEAR, sheet_with_statuses("c", &[None]));
        b.review(child, YEAR, "c", review(votes(1, 0, 0)));
        if with_drafts {
            let y = b.year(child, YEAR);
            y.drafts.push("d1".to_string());
            y.drafts.push("d2".to_string());
            b.year(top, YEAR).drafts.push("_unit".to_string());
            // A review keyed by a draft's id must not leak its votes.
            b.review(child, YEAR, "d1", review(votes(0, 0, 100)));
        }
        b.build()
    };
    let published = derive_year(&build(false), YEAR, d("2026-06-01"));
    let with_drafts = derive_year(&build(true), YEAR, d("2026-06-01"));
    assert_eq!(with_drafts.own, published.own);
    assert_eq!(with_drafts.total, published.total);
    assert_eq!(with_drafts.site, published.site);
    assert_eq!(with_drafts.sheets[UnitIx::new(1)].len(), 1);
    assert_eq!(
        (with_drafts.site.pledged, with_drafts.site.required),
        (2, 5)
    );
    assert_rate(with_drafts.site.satisfaction(), 1.0);
}

// ------------------------------------------------------------- categories

#[test]
fn categories_tally_items_across_units_and_sheets() {
    let mut b = SiteBuilder::new();
    let top = b.unit("top", None);
    let child = b.unit("child", Some(top));
    b.sheet(
        top,
        YEAR,
        sheet(
            "_unit",
            vec![
                item_in("a", "2026-12-31", "就业创业"),
                item_in("b", "2026-12-31", "环境整治"),
                item("c", "2026-12-31"),
            ],
            vec![note("2026-03-01-x", &["a", "c"], None, Some(N::Done))],
        ),
    );
    b.sheet(
        child,
        YEAR,
        sheet(
            "m",
            vec![
                item_in("a", "2026-12-31", "就业创业"),
                item_in("b", "2026-12-31", "就业创业"),
                item_in("c", "2026-02-01", "环境整治"),
            ],
            vec![note("2026-03-01-y", &["b"], None, Some(N::Adjusted))],
        ),
    );
    let site = b.build();
    let facts = derive_year(&site, YEAR, d("2026-06-01"));

    let keys: Vec<&str> = facts.categories.keys().map(String::as_str).collect();
    assert_eq!(keys, ["就业创业", "环境整治"]);

    let jobs = &facts.categories["就业创业"];
    assert_eq!(jobs.items, 3);
    assert_eq!(jobs.count(ItemStatus::Done), 1);
    assert_eq!(jobs.count(ItemStatus::Adjusted), 1);
    assert_eq!(jobs.count(ItemStatus::NotStarted), 1);
    // done / (items − adjusted) = 1 / 2.
    assert_rate(jobs.fulfilment(), 0.5);

    let env = &facts.categories["环境整治"];
    assert_eq!(env.items, 2);
    assert_eq!(env.count(ItemStatus::Overdue), 1);
    assert_rate(env.fulfilment(), 0.0);

    // Uncategorised items are in the site's figures but in no category.
    let categorised: u64 = facts.categories.values().map(|t| t.items).sum();
    assert_eq!(categorised, 5);
    assert_eq!(facts.site.items, 6);
}

#[test]
fn categories_only_published_items_for_the_year() {
    let mut b = SiteBuilder::new();
    let u = b.unit("u", None);
    b.sheet(
        u,
        YEAR - 1,
        sheet("m", vec![item_in("a", "2025-12-31", "旧类")], vec![]),
    );
    b.sheet(
        u,
        YEAR,
        sheet("m", vec![item_in("a", "2026-12-31", "新类")], vec![]),
    );
    b.year(u, YEAR).drafts.push("draft".to_string());
    let site = b.build();
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    let keys: Vec<&str> = facts.categories.keys().map(String::as_str).collect();
    assert_eq!(keys, ["新类"]);
}

// ------------------------------------------------------------------ tally

#[test]
fn tally_rates_are_computed_from_counts_never_averaged() {
    // Two sheets: 1/1 done and 0/3 done. Pooled: 1/4, not (1 + 0) / 2.
    let a = sheet_facts(
        &sheet_with_statuses("a", &[Some(N::Done)]),
        Some(&votes(1, 0, 0)),
        d("2026-06-01"),
    );
    let b = sheet_facts(
        &sheet_with_statuses("b", &[None, None, None]),
        Some(&votes(0, 0, 3)),
        d("2026-06-01"),
    );
    let mut t = a.tally;
    t.add(&b.tally);
    assert_rate(t.fulfilment(), 0.25);
    assert_rate(t.satisfaction(), 0.25);
    assert_eq!(t.sheets, 2);
    assert!(t.has_votes);
}

// ------------------------------------------------ new deadlines (rev. 2)

/// A delay note with `deadline` (延期至).
fn delay(stem: &str, items: &[&str], deadline: &str) -> Note {
    Note {
        deadline: Some(d(deadline)),
        ..note(stem, items, None, Some(N::Delayed))
    }
}

#[test]
fn item_state_new_deadline_moves_overdue() {
    let notes = [delay("2026-06-20-late", &["a"], "2026-12-31")];
    // Past its own deadline, not past the new one: delayed, not overdue.
    let s = item_state(&item("a", "2026-06-30"), &notes, d("2026-11-28"));
    assert_eq!(s.status, ItemStatus::Delayed);
    assert_eq!(s.new_deadline, Some(d("2026-12-31")));
    assert_eq!(s.deadline, d("2026-12-31"));
    // Past the new deadline: overdue, measured against it.
    let s = item_state(&item("a", "2026-06-30"), &notes, d("2027-01-01"));
    assert_eq!(s.status, ItemStatus::Overdue);
    // The new deadline's own day is not overdue.
    let s = item_state(&item("a", "2026-06-30"), &notes, d("2026-12-31"));
    assert_eq!(s.status, ItemStatus::Delayed);
}

#[test]
fn item_state_without_new_deadline_the_deadline_now_is_the_items() {
    let notes = [note("2026-06-20-late", &["a"], None, Some(N::Delayed))];
    let s = item_state(&item("a", "2026-06-30"), &notes, d("2026-11-28"));
    assert_eq!(s.new_deadline, None);
    assert_eq!(s.deadline, d("2026-06-30"));
    // A delay without a new deadline does not stop the clock.
    assert_eq!(s.status, ItemStatus::Overdue);
}

#[test]
fn item_state_new_deadline_is_the_last_given_and_outlives_later_notes() {
    let notes = [
        delay("2026-03-01-first", &["a"], "2026-09-30"),
        delay("2026-09-01-second", &["a"], "2027-03-31"),
        // A later note without `deadline` keeps the last one given, and
        // its `in-progress` keeps the item from being overdue before it.
        note("2026-10-01-work", &["a"], Some(60), Some(N::InProgress)),
    ];
    let s = item_state(&item("a", "2026-06-30"), &notes, d("2026-11-28"));
    assert_eq!(s.new_deadline, Some(d("2027-03-31")));
    assert_eq!(s.status, ItemStatus::InProgress);
    // Done beats everything; the new deadline stays on record.
    let mut done = notes.to_vec();
    done.push(note("2026-11-01-done", &["a"], None, Some(N::Done)));
    let s = item_state(&item("a", "2026-06-30"), &done, d("2027-06-01"));
    assert_eq!(s.status, ItemStatus::Done);
    assert_eq!(s.new_deadline, Some(d("2027-03-31")));
}

#[test]
fn item_state_new_deadline_applies_to_each_item_a_note_names() {
    let notes = [delay("2026-06-20-late", &["a", "b"], "2026-12-31")];
    for id in ["a", "b"] {
        let s = item_state(&item(id, "2026-06-30"), &notes, d("2026-11-28"));
        assert_eq!(
            (s.status, s.new_deadline),
            (ItemStatus::Delayed, Some(d("2026-12-31")))
        );
    }
    let s = item_state(&item("c", "2026-06-30"), &notes, d("2026-11-28"));
    assert_eq!((s.status, s.new_deadline), (ItemStatus::Overdue, None));
}

/// Seven items, one per status, as of 2026-11-28.
fn one_of_each_status() -> Sheet {
    sheet(
        "m",
        vec![
            item("done", "2026-12-31"),
            item("adjusted", "2026-06-30"),
            item("abandoned", "2026-12-31"),
            item("overdue", "2026-06-30"),
            item("delayed", "2026-06-30"),
            item("in-progress", "2026-12-31"),
            item("not-started", "2026-12-31"),
        ],
        vec![
            note("2026-03-01-a", &["done"], None, Some(N::Done)),
            note("2026-03-01-b", &["adjusted"], None, Some(N::Adjusted)),
            note("2026-03-01-c", &["abandoned"], None, Some(N::Abandoned)),
            delay("2026-03-01-d", &["delayed"], "2027-01-31"),
            note("2026-03-01-e", &["in-progress"], Some(30), None),
        ],
    )
}

#[test]
fn due_items_are_done_abandoned_or_overdue() {
    let f = sheet_facts(&one_of_each_status(), None, d("2026-11-28"));
    let got: Vec<&str> = f.items.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(
        got,
        [
            "done",
            "adjusted",
            "abandoned",
            "overdue",
            "delayed",
            "in-progress",
            "not-started"
        ]
    );
    assert_eq!(f.tally.due(), 3);
    for status in ItemStatus::ALL {
        let due = matches!(
            status,
            ItemStatus::Done | ItemStatus::Abandoned | ItemStatus::Overdue
        );
        assert_eq!(status.is_due(), due, "{status:?}");
    }
}

#[test]
fn fulfilment_due_is_done_over_due() {
    let f = sheet_facts(&one_of_each_status(), None, d("2026-11-28"));
    // 1 done of 3 due; the whole year: 1 of 7 − 1 adjusted.
    assert_rate(f.tally.fulfilment_due(), 1.0 / 3.0);
    assert_rate(f.tally.fulfilment(), 1.0 / 6.0);
}

#[test]
fn fulfilment_due_unknown_when_nothing_is_due() {
    // Nothing done, nothing past its deadline: unknown, not 0 %.
    let s = sheet(
        "m",
        vec![item("a", "2026-12-31"), item("b", "2026-12-31")],
        vec![],
    );
    let f = sheet_facts(&s, None, d("2026-11-28"));
    assert_eq!(f.tally.due(), 0);
    assert_eq!(f.tally.fulfilment_due(), None);
    assert_rate(f.tally.fulfilment(), 0.0);
    // The same items after their deadline: due, and 0 % is then known.
    let f = sheet_facts(&s, None, d("2027-01-01"));
    assert_eq!(f.tally.due(), 2);
    assert_rate(f.tally.fulfilment_due(), 0.0);
}

#[test]
fn due_items_roll_up_over_units_and_the_site() {
    let mut b = SiteBuilder::new();
    let top = b.unit("top", None);
    let child = b.unit("child", Some(top));
    let other = b.unit("other", None);
    b.sheet(top, YEAR, one_of_each_status());
    b.sheet(child, YEAR, one_of_each_status());
    b.sheet(other, YEAR, simple_sheet("x"));
    let site = b.build();
    let facts = derive_year(&site, YEAR, d("2026-11-28"));
    assert_eq!(facts.own[top].due(), 3);
    assert_eq!(facts.total[top].due(), 6);
    assert_rate(facts.total[top].fulfilment_due(), 2.0 / 6.0);
    assert_eq!(facts.total[other].fulfilment_due(), None);
    assert_eq!(facts.site.due(), 6);
    assert_rate(facts.site.fulfilment_due(), 2.0 / 6.0);
}

/// Unknown is not zero: `required` is unknown for a unit (and a subtree)
/// where nobody knows how many must pledge, and the sum of the known ones
/// as soon as one unit of the subtree knows.
#[test]
fn required_unknown_is_not_zero() {
    let mut b = SiteBuilder::new();
    let top = b.unit("top", None);
    let unknown = b.unit("unknown", Some(top));
    let known = b.unit("known", Some(top));
    let zero = b.unit("zero", None);
    b.set_members(known, 4);
    b.set_roster(
        zero,
        vec![member_with("old", MemberStatus::Retired, &[YEAR])],
    );
    b.sheet(unknown, YEAR, simple_sheet("x"));
    let site = b.build();
    let facts = derive_year(&site, YEAR, d("2026-06-01"));
    assert_eq!(facts.total[unknown].required(), None);
    assert_eq!(facts.total[unknown].coverage(), None);
    assert_eq!(facts.own[top].required(), None);
    assert_eq!(facts.total[top].required(), Some(4));
    assert_eq!(facts.total[known].required(), Some(4));
    // Everyone exempt: 0 members required is known; coverage is unknown.
    assert_eq!(facts.total[zero].required(), Some(0));
    assert_eq!(facts.total[zero].coverage(), None);
    assert_eq!(facts.site.required(), Some(4));
}

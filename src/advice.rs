//! Advice for `check`: warnings an organization department cares about
//! (coverage gaps, pledges awaiting approval, overdue items, silent
//! pledges, items that cannot be verified, leaders pledging less, exempt
//! members without a reason, overdue rectification orders). Pure functions
//! of the loaded site, its derived facts and a positions index; only
//! `check` shows them, `build` and `serve` stay quiet.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::content::yaml::{self, Node, Pos, Value};
use crate::derive::{ItemStatus, YearFacts};
use crate::diag::{self, Diagnostic};
use crate::i18n::Messages;
use crate::model::{Role, RosterEntry, Site, Unit};

/// A pledge with no progress note for this many days gets a reminder.
pub const STALE_DAYS: i64 = 90;

/// Stable codes of the advice warnings, for `check --format json`.
pub mod codes {
    pub const COVERAGE_GAP: &str = "coverage-gap";
    pub const AWAITING_APPROVAL: &str = "awaiting-approval";
    pub const OVERDUE_WITHOUT_FINAL_NOTE: &str = "overdue-without-final-note";
    pub const NO_RECENT_NOTE: &str = "no-recent-note";
    pub const NO_TARGET: &str = "no-target";
    pub const NO_BASELINE: &str = "no-baseline";
    pub const LEADER_FEWER_ITEMS: &str = "leader-fewer-items";
    pub const EXEMPT_WITHOUT_REASON: &str = "exempt-without-reason";
    pub const RECTIFICATION_OVERDUE: &str = "rectification-overdue";
}

/// Where things stand in their files, so a warning can point at a line:
/// items by (sheet file, item id), roster entries by (roster file, member
/// id), rectification orders by (`_unit.yaml`, index). Missing entries
/// point at the start of the file.
///
/// Files are parsed when a warning first asks about them, not all up
/// front: on a big site that halves the time `check` spends on YAML.
#[derive(Clone, Debug, Default)]
pub struct Positions {
    root: Option<PathBuf>,
    parsed: RefCell<HashSet<PathBuf>>,
    items: RefCell<HashMap<(PathBuf, String), Pos>>,
    roster: RefCell<HashMap<(PathBuf, String), Pos>>,
    orders: RefCell<HashMap<(PathBuf, usize), Pos>>,
}

#[derive(Clone, Copy)]
enum FileKind {
    Sheet,
    Roster,
    Unit,
}

impl Positions {
    /// Positions in the files of the site under `root` (sheets, rosters,
    /// `_unit.yaml`), read as they are asked for. Files that cannot be read
    /// give the start of the file (the loader has reported them).
    pub fn read(root: &Path) -> Positions {
        Positions {
            root: Some(root.to_path_buf()),
            ..Positions::default()
        }
    }

    /// Records the items of a sheet file's front matter.
    pub fn add_sheet(&mut self, file: &Path, text: &str) {
        self.record(file, text, FileKind::Sheet);
    }

    /// Records the entries of a roster file.
    pub fn add_roster(&mut self, file: &Path, text: &str) {
        self.record(file, text, FileKind::Roster);
    }

    /// Records the rectification orders of a `_unit.yaml`.
    pub fn add_orders(&mut self, file: &Path, text: &str) {
        self.record(file, text, FileKind::Unit);
    }

    fn record(&self, file: &Path, text: &str, kind: FileKind) {
        self.parsed.borrow_mut().insert(file.to_path_buf());
        let node = match kind {
            FileKind::Sheet => front_matter(text).and_then(|f| yaml::parse(f, 2).ok()),
            FileKind::Roster | FileKind::Unit => yaml::parse(text, 1).ok(),
        };
        let Some(node) = node else {
            return;
        };
        let ids = |list: Vec<&Node>| {
            list.into_iter()
                .filter_map(|entry| Some((get(entry, "id").and_then(scalar)?, entry.pos)))
                .collect::<Vec<_>>()
        };
        match kind {
            FileKind::Sheet => {
                let mut items = self.items.borrow_mut();
                for (id, pos) in ids(list_entries(get(&node, "items"))) {
                    items.insert((file.to_path_buf(), id), pos);
                }
            }
            FileKind::Roster => {
                let mut roster = self.roster.borrow_mut();
                for (id, pos) in ids(list_entries(Some(&node))) {
                    roster.insert((file.to_path_buf(), id), pos);
                }
            }
            FileKind::Unit => {
                let mut orders = self.orders.borrow_mut();
                for (i, entry) in list_entries(get(&node, "rectification"))
                    .into_iter()
                    .enumerate()
                {
                    orders.insert((file.to_path_buf(), i), entry.pos);
                }
            }
        }
    }

    /// Parses `file` the first time it is asked about.
    fn ensure(&self, file: &Path, kind: FileKind) {
        let Some(root) = &self.root else {
            return;
        };
        if self.parsed.borrow().contains(file) {
            return;
        }
        match std::fs::read_to_string(root.join(file)) {
            Ok(text) => self.record(file, &text, kind),
            Err(_) => {
                self.parsed.borrow_mut().insert(file.to_path_buf());
            }
        }
    }

    fn item(&self, file: &Path, id: &str) -> Pos {
        self.ensure(file, FileKind::Sheet);
        self.items
            .borrow()
            .get(&(file.to_path_buf(), id.to_string()))
            .copied()
            .unwrap_or(START)
    }

    fn roster_entry(&self, file: &Path, id: &str) -> Pos {
        self.ensure(file, FileKind::Roster);
        self.roster
            .borrow()
            .get(&(file.to_path_buf(), id.to_string()))
            .copied()
            .unwrap_or(START)
    }

    fn order(&self, file: &Path, index: usize) -> Pos {
        self.ensure(file, FileKind::Unit);
        self.orders
            .borrow()
            .get(&(file.to_path_buf(), index))
            .copied()
            .unwrap_or(START)
    }
}

const START: Pos = Pos { line: 1, column: 1 };

/// How many files `check` read: site.yaml and every YAML and Markdown
/// file under `content/` (editors' junk and hidden files aside).
pub fn files_checked(root: &Path) -> usize {
    let content = walkdir::WalkDir::new(root.join("content"))
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e
                    .file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with(['.', '~', '#']))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "md" || x == "yaml")
        })
        .count();
    usize::from(root.join("site.yaml").is_file()) + content
}

/// The YAML between the first two `---` lines of a Markdown file.
fn front_matter(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    let start = text.find('\n')? + 1;
    let mut offset = start;
    for line in lines {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return text.get(start..offset);
        }
        offset += line.len();
    }
    None
}

fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match &node.value {
        Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
        _ => None,
    }
}

fn list_entries(node: Option<&Node>) -> Vec<&Node> {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items.iter().collect(),
        _ => Vec::new(),
    }
}

fn scalar(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.trim().to_string()),
        _ => node.raw.clone(),
    }
}

/// A unit's folder relative to the site root.
fn unit_dir(unit: &Unit) -> PathBuf {
    let mut dir = PathBuf::from("content");
    if !unit.path.is_empty() {
        dir.push(&unit.path);
    }
    dir
}

/// The roster file in force for `year` (the year's own, else the unit's).
fn roster_file(unit: &Unit, year: i32) -> PathBuf {
    let dir = unit_dir(unit);
    match unit.years.get(&year).and_then(|y| y.roster.as_ref()) {
        Some(_) => dir.join(year.to_string()).join("_roster.yaml"),
        None => dir.join("_roster.yaml"),
    }
}

/// Every advice warning for the year of `facts` (the site year) and for
/// the rectification orders of every year, sorted by file and line.
pub fn advise(site: &Site, facts: &YearFacts, pos: &Positions, msg: Messages) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (u, unit) in site.units.iter().enumerate() {
        coverage(unit, facts.year, pos, msg, &mut out);
        awaiting_approval(unit, facts.year, msg, &mut out);
        sheets(unit, u, facts, pos, msg, &mut out);
        leaders(unit, facts.year, msg, &mut out);
        exemptions(unit, pos, msg, &mut out);
        rectification(unit, facts, pos, msg, &mut out);
    }
    diag::normalize(&mut out);
    out
}

fn warn(file: &Path, pos: Pos, code: &'static str, message: String) -> Diagnostic {
    Diagnostic::warning(file, pos.line, pos.column, message).with_code(code)
}

/// Roster members (not exempt) with neither a published nor a draft sheet;
/// without a roster, a `members` count above the sheets published.
fn coverage(unit: &Unit, year: i32, pos: &Positions, msg: Messages, out: &mut Vec<Diagnostic>) {
    let uy = unit.years.get(&year);
    let has_sheet = |id: &str| {
        uy.is_some_and(|y| y.sheets.iter().any(|s| s.id == id) || y.drafts.iter().any(|d| d == id))
    };
    match unit.roster_for(year) {
        Some(roster) => {
            let file = roster_file(unit, year);
            for e in roster.iter().filter(|e| !e.exempt_in(year)) {
                if !has_sheet(&e.id) {
                    let new_path = sheet_arg(unit, year, &e.id);
                    out.push(warn(
                        &file,
                        pos.roster_entry(&file, &e.id),
                        codes::COVERAGE_GAP,
                        msg.advice_member_without_sheet(&e.name, &e.id, year, &new_path),
                    ));
                }
            }
        }
        None => {
            let Some(members) = unit.members else { return };
            let pledged = uy.map_or(0, |y| y.member_sheets().count() + y.drafts.len());
            if (pledged as u64) < u64::from(members) {
                out.push(warn(
                    &unit_dir(unit).join("_unit.yaml"),
                    START,
                    codes::COVERAGE_GAP,
                    msg.advice_members_without_sheets(members, pledged, year),
                ));
            }
        }
    }
}

/// The `new pledge` argument for a member of `unit`.
fn sheet_arg(unit: &Unit, year: i32, id: &str) -> String {
    if unit.path.is_empty() {
        format!("{year}/{id}")
    } else {
        format!("{}/{year}/{id}", unit.path)
    }
}

fn awaiting_approval(unit: &Unit, year: i32, msg: Messages, out: &mut Vec<Diagnostic>) {
    let Some(uy) = unit.years.get(&year) else {
        return;
    };
    let dir = unit_dir(unit).join(year.to_string());
    for id in &uy.drafts {
        out.push(warn(
            &dir.join(format!("{id}.md")),
            START,
            codes::AWAITING_APPROVAL,
            msg.advice_awaiting_approval(),
        ));
    }
}

/// Overdue items, silent pledges, items without target or baseline.
fn sheets(
    unit: &Unit,
    u: usize,
    facts: &YearFacts,
    pos: &Positions,
    msg: Messages,
    out: &mut Vec<Diagnostic>,
) {
    let Some(uy) = unit.years.get(&facts.year) else {
        return;
    };
    let today = facts.today;
    for (s, sheet) in uy.sheets.iter().enumerate() {
        let states = &facts.sheet(u, s).items;
        let file = &sheet.source;
        for (item, state) in sheet.items.iter().zip(states) {
            let at = pos.item(file, &item.id);
            if state.status == ItemStatus::Overdue {
                out.push(warn(
                    file,
                    at,
                    codes::OVERDUE_WITHOUT_FINAL_NOTE,
                    msg.advice_overdue(&item.id, &item.deadline.to_string()),
                ));
            }
            match (&item.target, &item.baseline) {
                (None, _) => out.push(warn(
                    file,
                    at,
                    codes::NO_TARGET,
                    msg.advice_no_target(&item.id),
                )),
                (Some(_), None) => out.push(warn(
                    file,
                    at,
                    codes::NO_BASELINE,
                    msg.advice_no_baseline(&item.id),
                )),
                _ => {}
            }
        }
        let open = states.iter().any(|st| {
            !matches!(
                st.status,
                ItemStatus::Done | ItemStatus::Adjusted | ItemStatus::Abandoned
            )
        });
        let last_note = sheet.notes.iter().map(|n| n.date).max();
        let since = last_note
            .or(sheet.approved.as_ref().map(|a| a.date))
            .or(sheet.published);
        if let (true, Some(since)) = (open, since) {
            let days = since.days_until(today);
            if days > STALE_DAYS {
                let text = if last_note.is_some() {
                    msg.advice_no_recent_note(days, &since.to_string())
                } else {
                    msg.advice_no_note_since_approval(days, &since.to_string())
                };
                out.push(warn(file, START, codes::NO_RECENT_NOTE, text));
            }
        }
    }
}

/// Secretaries (roster role) whose sheet has fewer items than the median
/// of the other members' sheets in the unit.
fn leaders(unit: &Unit, year: i32, msg: Messages, out: &mut Vec<Diagnostic>) {
    let (Some(uy), Some(roster)) = (unit.years.get(&year), unit.roster_for(year)) else {
        return;
    };
    let is_leader = |id: &str| {
        roster
            .iter()
            .any(|e: &RosterEntry| e.id == id && e.role == Some(Role::Secretary))
    };
    for leader in uy.member_sheets().filter(|s| is_leader(&s.id)) {
        let mut counts: Vec<usize> = uy
            .member_sheets()
            .filter(|s| s.id != leader.id)
            .map(|s| s.items.len())
            .collect();
        let Some(median) = median(&mut counts) else {
            continue;
        };
        if (leader.items.len() as f64) < median {
            out.push(warn(
                &leader.source,
                START,
                codes::LEADER_FEWER_ITEMS,
                msg.advice_leader_fewer_items(leader.items.len(), &format_median(median)),
            ));
        }
    }
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &mut [usize]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
    })
}

fn format_median(m: f64) -> String {
    if m.fract() == 0.0 {
        format!("{m:.0}")
    } else {
        format!("{m:.1}")
    }
}

/// Exempt members whose roster entry gives no `exempt_reason`, in every
/// roster file of the unit.
fn exemptions(unit: &Unit, pos: &Positions, msg: Messages, out: &mut Vec<Diagnostic>) {
    let dir = unit_dir(unit);
    let mut rosters: Vec<(PathBuf, &[RosterEntry])> = Vec::new();
    if let Some(r) = &unit.roster {
        rosters.push((dir.join("_roster.yaml"), r));
    }
    for (year, uy) in &unit.years {
        if let Some(r) = &uy.roster {
            rosters.push((dir.join(year.to_string()).join("_roster.yaml"), r));
        }
    }
    for (file, roster) in rosters {
        for e in roster
            .iter()
            .filter(|e| !e.exempt.is_empty() && !e.has_exempt_reason)
        {
            out.push(warn(
                &file,
                pos.roster_entry(&file, &e.id),
                codes::EXEMPT_WITHOUT_REASON,
                msg.advice_exempt_without_reason(&e.name),
            ));
        }
    }
}

fn rectification(
    unit: &Unit,
    facts: &YearFacts,
    pos: &Positions,
    msg: Messages,
    out: &mut Vec<Diagnostic>,
) {
    let file = unit_dir(unit).join("_unit.yaml");
    for (i, order) in unit.rectification.iter().enumerate() {
        if order.done.is_none() && order.deadline < facts.today {
            out.push(warn(
                &file,
                pos.order(&file, i),
                codes::RECTIFICATION_OVERDUE,
                msg.advice_rectification_overdue(&order.deadline.to_string()),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3, 1, 2]), Some(2.0));
        assert_eq!(median(&mut [4, 1, 2, 3]), Some(2.5));
        assert_eq!(format_median(2.5), "2.5");
        assert_eq!(format_median(2.0), "2");
    }

    #[test]
    fn positions_of_items_roster_entries_and_orders() {
        let mut pos = Positions::default();
        let sheet = Path::new("s.md");
        pos.add_sheet(
            sheet,
            "---\nname: a\nitems:\n  - id: one\n    title: t\n  - title: u\n    id: two\n---\nbody\n",
        );
        assert_eq!(pos.item(sheet, "one"), Pos { line: 4, column: 5 });
        assert_eq!(pos.item(sheet, "two"), Pos { line: 6, column: 5 });
        assert_eq!(pos.item(sheet, "three"), START);
        let roster = Path::new("r.yaml");
        pos.add_roster(roster, "- id: a\n  name: A\n- name: B\n  id: b\n");
        assert_eq!(pos.roster_entry(roster, "b").line, 3);
        let unit = Path::new("u.yaml");
        pos.add_orders(
            unit,
            "name: x\nrectification:\n  - year: 2026\n    reason: r\n  - year: 2027\n",
        );
        assert_eq!(pos.order(unit, 1).line, 5);
    }

    #[test]
    fn front_matter_is_found_between_the_dashes() {
        assert_eq!(front_matter("---\na: 1\n---\nb\n"), Some("a: 1\n"));
        assert_eq!(front_matter("a: 1\n"), None);
        assert_eq!(front_matter("---\na: 1\n"), None);
    }
}

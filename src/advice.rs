//! Advice for `check`: warnings an organization department cares about
//! (coverage gaps, pledges awaiting approval, overdue items, silent
//! pledges, items that cannot be verified, delays, adjustments and
//! abandonments not explained to the public, leaders pledging less, exempt
//! members without a reason, overdue rectification orders, published
//! sheets still holding the template's placeholder text, names that differ
//! from the roster). Pure functions
//! of the loaded site and its derived facts (the model keeps where each
//! item, roster entry and order was written); only
//! `check` shows them, `build` and `serve` stay quiet.

use std::path::{Path, PathBuf};

use crate::derive::{ItemStatus, YearFacts};
use crate::diag::{self, Diagnostic};
use crate::i18n::Messages;
use crate::model::{NoteStatus, Pos, Role, RosterEntry, Site, Unit, UnitIx};

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
    pub const STATUS_NOTE_WITHOUT_TEXT: &str = "status-note-without-text";
    pub const PLACEHOLDER_TEXT: &str = "placeholder-text";
    pub const NAME_DIFFERS_FROM_ROSTER: &str = "name-differs-from-roster";

    /// Every code, in the order summaries list them.
    pub const ALL: &[&str] = &[
        COVERAGE_GAP,
        AWAITING_APPROVAL,
        OVERDUE_WITHOUT_FINAL_NOTE,
        NO_RECENT_NOTE,
        NO_TARGET,
        NO_BASELINE,
        LEADER_FEWER_ITEMS,
        EXEMPT_WITHOUT_REASON,
        RECTIFICATION_OVERDUE,
        STATUS_NOTE_WITHOUT_TEXT,
        PLACEHOLDER_TEXT,
        NAME_DIFFERS_FROM_ROSTER,
    ];
}

const START: Pos = Pos { line: 1, column: 1 };

/// A unit's folder relative to the site root.
/// The roster file in force for `year` (the year's own, else the unit's).
fn roster_file(unit: &Unit, year: i32) -> PathBuf {
    let dir = unit.dir();
    match unit.years.get(&year).and_then(|y| y.roster.as_ref()) {
        Some(_) => dir.join(year.to_string()).join("_roster.yaml"),
        None => dir.join("_roster.yaml"),
    }
}

/// Every advice warning for the year of `facts` (the site year) and for
/// the rectification orders of every year, sorted by file and line.
pub fn advise(site: &Site, facts: &YearFacts, msg: Messages) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (u, unit) in site.units_ix() {
        coverage(unit, facts.year, msg, &mut out);
        awaiting_approval(unit, facts.year, msg, &mut out);
        sheets(unit, u, facts, msg, &mut out);
        placeholders(unit, facts.year, msg, &mut out);
        names(unit, facts.year, msg, &mut out);
        leaders(unit, facts.year, msg, &mut out);
        exemptions(unit, msg, &mut out);
        rectification(unit, facts, msg, &mut out);
    }
    diag::normalize(&mut out);
    out
}

fn warn(file: &Path, pos: Pos, code: &'static str, message: String) -> Diagnostic {
    Diagnostic::warning(file, pos.line, pos.column, message).with_code(code)
}

/// Roster members (not exempt) with neither a published nor a draft sheet;
/// without a roster, a `members` count above the sheets published.
fn coverage(unit: &Unit, year: i32, msg: Messages, out: &mut Vec<Diagnostic>) {
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
                        e.pos,
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
                    &unit.dir().join("_unit.yaml"),
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
    let dir = unit.dir().join(year.to_string());
    for id in &uy.drafts {
        out.push(warn(
            &dir.join(format!("{id}.md")),
            START,
            codes::AWAITING_APPROVAL,
            msg.advice_awaiting_approval(),
        ));
    }
}

/// Overdue items, silent pledges, items without target or baseline,
/// status notes without text.
fn sheets(unit: &Unit, u: UnitIx, facts: &YearFacts, msg: Messages, out: &mut Vec<Diagnostic>) {
    let Some(uy) = unit.years.get(&facts.year) else {
        return;
    };
    let today = facts.today;
    for (s, sheet) in uy.sheets_ix() {
        let states = &facts.sheet(u, s).items;
        let file = &unit.sheet_file(facts.year, &sheet.id);
        for (item, state) in sheet.items.iter().zip(states) {
            let at = item.pos;
            if state.status == ItemStatus::Overdue {
                out.push(warn(
                    file,
                    at,
                    codes::OVERDUE_WITHOUT_FINAL_NOTE,
                    msg.advice_overdue(&item.id, &state.deadline.to_string()),
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
        // A pledge not kept for objective reasons must be explained to
        // the public: the note that says so is where the reason goes.
        for note in &sheet.notes {
            let explains = matches!(
                note.status,
                Some(NoteStatus::Delayed | NoteStatus::Adjusted | NoteStatus::Abandoned)
            );
            if explains && note.body.trim().is_empty() {
                let status = note.status.map_or("", NoteStatus::as_str);
                out.push(warn(
                    &unit.note_file(facts.year, &sheet.id, &note.id),
                    note.status_pos,
                    codes::STATUS_NOTE_WITHOUT_TEXT,
                    msg.advice_status_note_without_text(status),
                ));
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

/// Items of published sheets whose title still holds the placeholder the
/// sheet template (`new pledge`) wrote: the public would read it as is.
fn placeholders(unit: &Unit, year: i32, msg: Messages, out: &mut Vec<Diagnostic>) {
    let Some(uy) = unit.years.get(&year) else {
        return;
    };
    let titles = crate::editor::placeholder_titles();
    for sheet in &uy.sheets {
        for item in &sheet.items {
            if titles.iter().any(|t| item.title.contains(t.as_str())) {
                out.push(warn(
                    &unit.sheet_file(year, &sheet.id),
                    item.pos,
                    codes::PLACEHOLDER_TEXT,
                    msg.advice_placeholder_title(&item.id, &item.title),
                ));
            }
        }
    }
}

/// A name as written, without the spaces some editors put between the
/// characters of a two-character name (`张  伟`) to align a list.
fn bare_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Member sheets whose `name` is not the one on the roster entry of the
/// same id: one of the two is misspelt, or the sheet is someone else's.
fn names(unit: &Unit, year: i32, msg: Messages, out: &mut Vec<Diagnostic>) {
    let (Some(uy), Some(roster)) = (unit.years.get(&year), unit.roster_for(year)) else {
        return;
    };
    for sheet in uy.member_sheets() {
        let (Some(name), Some(entry)) = (&sheet.name, roster.iter().find(|e| e.id == sheet.id))
        else {
            continue;
        };
        if bare_name(name) != bare_name(&entry.name) {
            let file = roster_file(unit, year);
            out.push(warn(
                &unit.sheet_file(year, &sheet.id),
                sheet.name_pos,
                codes::NAME_DIFFERS_FROM_ROSTER,
                msg.advice_name_differs(name, &entry.name, &file.display().to_string()),
            ));
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
                &unit.sheet_file(year, &leader.id),
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
fn exemptions(unit: &Unit, msg: Messages, out: &mut Vec<Diagnostic>) {
    let dir = unit.dir();
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
                e.pos,
                codes::EXEMPT_WITHOUT_REASON,
                msg.advice_exempt_without_reason(&e.name),
            ));
        }
    }
}

fn rectification(unit: &Unit, facts: &YearFacts, msg: Messages, out: &mut Vec<Diagnostic>) {
    let file = unit.dir().join("_unit.yaml");
    for order in &unit.rectification {
        if order.done.is_none() && order.deadline < facts.today {
            out.push(warn(
                &file,
                order.pos,
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
    fn names_compare_without_alignment_spaces() {
        assert_eq!(bare_name("张  伟"), bare_name("张伟"));
        assert_eq!(bare_name("张\u{3000}伟"), bare_name("张伟"));
        assert_ne!(bare_name("张玮"), bare_name("张伟"));
    }

    /// `codes::ALL` names every code once: `--only` and the summary line
    /// know a new code only through it.
    #[test]
    fn every_code_is_listed_once() {
        let source = include_str!("advice.rs");
        let block = &source[source.find("pub mod codes").expect("codes")..];
        let block = &block[..block.find("pub const ALL").expect("ALL")];
        let defined = block.matches("pub const ").count();
        let mut all = codes::ALL.to_vec();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), codes::ALL.len());
        assert_eq!(defined, codes::ALL.len());
    }
}

//! `pledgeboard import <file.csv|file.xlsx> --unit U --year Y`: a pledge
//! spreadsheet (one row per item, as organization departments keep them)
//! becomes one pledge sheet per person. Columns are found by their usual
//! Chinese headers; a blank name means "the same person as above" (merged
//! cells); member ids come from the roster by name, or from an id column —
//! never from guessed pinyin. A person with any bad row is left out whole,
//! with every row listed; existing files are never overwritten.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::table::{self, Cell, ReadError, Table, half_width, normalize_header};
use super::templates::{self, SheetTemplate};
use super::{EditError, dates, find_unit, require_site, unit_rel_dir, valid_name, write_new};
use crate::content::lookup::{self, UnitFolder};
use crate::i18n::{Messages, suggest};
use crate::model::{Date, Item, RosterEntry, UNIT_SHEET};

/// A column's meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Unit,
    Name,
    Role,
    Id,
    Title,
    Category,
    Deadline,
    Target,
    Baseline,
    Responsibility,
    ItemId,
    /// 序号: recognized so it is not reported as unused, never read.
    Seq,
}

/// Each field: its `--map` name and the headers it is known by
/// (compared after `normalize_header`).
const FIELDS: &[(Field, &str, &[&str])] = &[
    (
        Field::Unit,
        "unit",
        &[
            "单位",
            "组织",
            "单位/组织",
            "党组织",
            "单位名称",
            "组织名称",
            "党组织名称",
            "所在单位",
            "所在党组织",
            "所在支部",
            "支部",
            "党支部",
        ],
    ),
    (
        Field::Name,
        "name",
        &[
            "姓名",
            "名字",
            "承诺人",
            "党员姓名",
            "承诺人姓名",
            "党员",
            "name",
        ],
    ),
    (
        Field::Role,
        "role",
        &["职务", "职位", "身份", "党内职务", "role"],
    ),
    (
        Field::Id,
        "id",
        &["编号", "id", "党员编号", "人员编号", "member-id"],
    ),
    (
        Field::Title,
        "title",
        &[
            "承诺事项",
            "承诺内容",
            "事项",
            "承诺事项内容",
            "承诺",
            "承诺项目",
            "事项名称",
            "具体承诺",
            "title",
        ],
    ),
    (
        Field::Category,
        "category",
        &["类别", "分类", "类型", "承诺类别", "事项类别", "category"],
    ),
    (
        Field::Deadline,
        "deadline",
        &[
            "完成时限",
            "时限",
            "完成时间",
            "截止日期",
            "截止时间",
            "期限",
            "完成期限",
            "完成日期",
            "deadline",
        ],
    ),
    (
        Field::Target,
        "target",
        &[
            "预期效果",
            "目标",
            "预期效果/目标",
            "预期目标",
            "预期成效",
            "效果",
            "target",
        ],
    ),
    (
        Field::Baseline,
        "baseline",
        &[
            "现状",
            "基线",
            "现状/基线",
            "现状基础",
            "基础",
            "现有基础",
            "baseline",
        ],
    ),
    (
        Field::Responsibility,
        "responsibility",
        &[
            "责任人",
            "责任分工",
            "责任",
            "责任领导",
            "牵头人",
            "responsibility",
        ],
    ),
    (Field::ItemId, "item", &["事项编号", "item"]),
    (Field::Seq, "seq", &["序号", "no", "no."]),
];

/// The field a header names, if any.
fn field_of(header: &str) -> Option<Field> {
    let h = normalize_header(header);
    FIELDS
        .iter()
        .find(|(_, _, aliases)| aliases.contains(&h.as_str()))
        .map(|(f, _, _)| *f)
}

/// The Chinese header shown for a field in messages.
fn header_of(field: Field) -> &'static str {
    FIELDS
        .iter()
        .find(|(f, _, _)| *f == field)
        .map(|(_, _, a)| a[0])
        .unwrap_or("")
}

pub struct ImportOptions<'a> {
    pub file: &'a Path,
    pub unit: &'a str,
    pub year: i32,
    /// `列名=field` pairs from `--map`.
    pub maps: &'a [String],
    pub dry_run: bool,
    /// `--approved-by` and `--approved-date`: the sheets are written approved.
    pub approved: Option<(String, Date)>,
}

/// One pledge sheet the import writes (or would write).
#[derive(Clone, Debug)]
pub struct Planned {
    /// Relative to the site root.
    pub path: PathBuf,
    pub name: String,
    pub items: usize,
    /// Already there: left alone.
    pub exists: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RowProblem {
    pub row: usize,
    pub reason: String,
}

#[derive(Clone, Debug, Default)]
pub struct ImportReport {
    /// The worksheet read (xlsx), if it has a name.
    pub sheet: Option<String>,
    pub sheets: Vec<Planned>,
    pub problems: Vec<RowProblem>,
    /// Headers that name no field (shown so a `--map` can be added).
    pub unused_columns: Vec<String>,
    pub dry_run: bool,
    pub approved: bool,
}

impl ImportReport {
    pub fn written(&self) -> impl Iterator<Item = &Planned> {
        self.sheets.iter().filter(|p| !p.exists)
    }

    /// The lines to print, in the site's language: the files, the rows
    /// not imported, hints and the summary.
    pub fn lines(&self, file: &str, msg: Messages) -> Vec<String> {
        let mut out = Vec::new();
        for p in &self.sheets {
            let path = p.path.display().to_string();
            out.push(match (p.exists, self.dry_run) {
                (true, _) => msg.import_exists(&path),
                (false, true) => msg.import_would_write(&path, &p.name, p.items),
                (false, false) => msg.import_wrote(&path, &p.name, p.items),
            });
        }
        for pr in &self.problems {
            out.push(msg.import_row_problem(file, pr.row, &pr.reason));
        }
        if !self.unused_columns.is_empty() {
            out.push(msg.import_unused_columns(&self.unused_columns.join("、")));
        }
        let written = self.written().count();
        if written > 0 && !self.approved {
            out.push(msg.import_unapproved_hint());
        }
        let items = self.written().map(|p| p.items).sum();
        let exists = self.sheets.len() - written;
        let rows: usize = {
            let mut r: Vec<usize> = self.problems.iter().map(|p| p.row).collect();
            r.dedup();
            r.len()
        };
        out.push(msg.import_summary(written, items, exists, rows, self.dry_run));
        out
    }
}

/// Reads the spreadsheet and writes (or, with `dry_run`, plans) the sheets.
pub fn import(root: &Path, opts: &ImportOptions, msg: Messages) -> Result<ImportReport, EditError> {
    require_site(root, msg)?;
    let overrides = parse_maps(opts.maps, msg)?;
    let unit_path = super::segments(opts.unit).join("/");
    let unit = find_unit(root, &unit_path, msg)?;
    let shown = opts.file.display().to_string();
    let tables = table::read(opts.file).map_err(|e| {
        EditError::usage(match e {
            ReadError::Io(err) => msg.cannot_read_file(&shown, &err),
            ReadError::Format(err) => msg.import_bad_file(&shown, &err),
            ReadError::UnknownType => msg.import_unknown_type(&shown),
        })
    })?;
    let (table, header_row, columns) = find_header(&tables, &overrides, msg)?;
    let mut cx = Rows::new(root, &unit, opts.year, msg)?;
    let mut report = ImportReport {
        sheet: table.name.clone(),
        dry_run: opts.dry_run,
        approved: opts.approved.is_some(),
        ..ImportReport::default()
    };
    report.unused_columns = columns.unused.clone();
    for (row, cells) in table.rows.iter().skip(header_row + 1) {
        cx.row(*row, cells, &columns)?;
    }
    let (groups, problems) = cx.finish();
    report.problems = problems;
    for g in groups {
        let rel = unit_rel_dir(&g.unit)
            .join(opts.year.to_string())
            .join(format!("{}.md", g.id));
        let exists = root.join(&rel).exists();
        let shown_name = g.name.clone().unwrap_or_else(|| g.unit_name.clone());
        if !exists && !opts.dry_run {
            let approved = opts.approved.as_ref().map(|(by, d)| (by.as_str(), *d));
            let text = templates::sheet(&SheetTemplate {
                name: g.name.as_deref(),
                role: g.role.as_deref(),
                approver: &g.approver,
                year: opts.year,
                approved,
                items: Some(&g.items),
                body: "",
            });
            write_new(root, &rel, &text, msg)?;
        }
        report.sheets.push(Planned {
            path: rel,
            name: shown_name,
            items: g.items.len(),
            exists,
        });
    }
    Ok(report)
}

/// `--map 列名=field` (the field by its `--map` name or by a known header).
fn parse_maps(maps: &[String], msg: Messages) -> Result<Vec<(String, Field)>, EditError> {
    let mut out = Vec::new();
    for m in maps {
        let Some((header, field)) = m.split_once('=').or_else(|| m.split_once('＝')) else {
            return Err(EditError::usage(msg.import_bad_map(m)));
        };
        let key = field.trim().to_ascii_lowercase();
        let found = FIELDS
            .iter()
            .find(|(_, name, _)| *name == key)
            .map(|(f, _, _)| *f)
            .or_else(|| field_of(field));
        let Some(found) = found else {
            let names: Vec<&str> = FIELDS.iter().map(|(_, n, _)| *n).collect();
            let hint = suggest(&key, names.iter().copied());
            return Err(EditError::usage(msg.unknown_choice(
                "--map",
                field.trim(),
                hint,
                &names.join(" | "),
            )));
        };
        if normalize_header(header).is_empty() {
            return Err(EditError::usage(msg.import_bad_map(m)));
        }
        out.push((normalize_header(header), found));
    }
    Ok(out)
}

/// Which column holds which field.
#[derive(Clone, Debug, Default)]
struct Columns {
    of: HashMap<Field, usize>,
    unused: Vec<String>,
}

impl Columns {
    fn from_headers(cells: &[Cell], overrides: &[(String, Field)]) -> Columns {
        let mut cols = Columns::default();
        for (i, c) in cells.iter().enumerate() {
            let text = c.text();
            if text.is_empty() {
                continue;
            }
            let norm = normalize_header(&text);
            let field = overrides
                .iter()
                .find(|(h, _)| *h == norm)
                .map(|(_, f)| *f)
                .or_else(|| field_of(&text));
            match field {
                // The first column of a field wins; a second is unused.
                Some(f) if !cols.of.contains_key(&f) => {
                    cols.of.insert(f, i);
                }
                Some(Field::Seq) => {}
                _ => cols.unused.push(text),
            }
        }
        cols
    }

    fn has(&self, f: Field) -> bool {
        self.of.contains_key(&f)
    }

    fn score(&self) -> usize {
        self.of.keys().filter(|f| **f != Field::Seq).count()
    }

    fn get(&self, cells: &[Cell], f: Field) -> String {
        self.cell(cells, f).map(Cell::text).unwrap_or_default()
    }

    fn cell<'c>(&self, cells: &'c [Cell], f: Field) -> Option<&'c Cell> {
        self.of.get(&f).and_then(|i| cells.get(*i))
    }
}

/// The first sheet with a header row (among its first 20 rows) naming the
/// pledge item and the person; returns the table, the header's index in
/// its rows and the columns.
fn find_header<'t>(
    tables: &'t [Table],
    overrides: &[(String, Field)],
    msg: Messages,
) -> Result<(&'t Table, usize, Columns), EditError> {
    for t in tables {
        for (i, (_, cells)) in t.rows.iter().take(20).enumerate() {
            let cols = Columns::from_headers(cells, overrides);
            if cols.score() >= 2
                && cols.has(Field::Title)
                && (cols.has(Field::Name) || cols.has(Field::Id))
            {
                if !cols.has(Field::Deadline) {
                    return Err(EditError::usage(
                        msg.import_missing_column(header_of(Field::Deadline)),
                    ));
                }
                return Ok((t, i, cols));
            }
        }
    }
    let first: Vec<String> = tables
        .iter()
        .flat_map(|t| &t.rows)
        .map(|(_, cells)| cells.iter().map(Cell::text).filter(|s| !s.is_empty()))
        .map(|c| c.collect::<Vec<_>>())
        .find(|c| !c.is_empty())
        .unwrap_or_default();
    Err(EditError::usage(msg.import_no_header(&first.join("、"))))
}

/// One person's sheet being gathered.
struct Group {
    unit: String,
    unit_name: String,
    approver: String,
    id: String,
    name: Option<String>,
    role: Option<String>,
    items: Vec<Item>,
    /// Explicit item ids per item (from a 事项编号 column).
    item_ids: Vec<Option<String>>,
    rows: Vec<usize>,
    bad_rows: Vec<usize>,
}

/// A unit rows may name, with its roster for the year.
struct UnitRef {
    folder: UnitFolder,
    name: String,
    parent_name: String,
    roster: Option<Vec<RosterEntry>>,
}

/// The rows being read: the person a blank name continues, the groups.
struct Rows {
    year: i32,
    msg: Messages,
    units: Vec<UnitRef>,
    /// Index in `units` of the unit rows belong to when they name none.
    current_unit: usize,
    /// The last person read: (group index, or the row that failed).
    prev: Option<Result<usize, usize>>,
    groups: Vec<Group>,
    problems: Vec<RowProblem>,
}

impl Rows {
    fn new(root: &Path, target: &UnitFolder, year: i32, msg: Messages) -> Result<Rows, EditError> {
        let all = lookup::unit_folders(root);
        let prefix = format!("{}/", target.path);
        let mut units = Vec::new();
        let name_of = |dir: &Path| lookup::read_unit(root, dir, msg).map(|u| u.name);
        for f in all.iter().filter(|u| {
            u.path == target.path || target.path.is_empty() || u.path.starts_with(&prefix)
        }) {
            let name = name_of(&f.dir).map_err(|d| EditError::content(d, msg))?;
            let roster = lookup::read_roster(root, &f.dir, year, msg)
                .map_err(|d| EditError::content(d, msg))?;
            let parent_name = match f.path.rsplit_once('/') {
                Some((p, _)) => all.iter().find(|u| u.path == p),
                None if !f.path.is_empty() => all.iter().find(|u| u.path.is_empty()),
                None => None,
            }
            .and_then(|u| name_of(&u.dir).ok())
            .unwrap_or_else(|| msg.upper_level());
            units.push(UnitRef {
                folder: f.clone(),
                name,
                parent_name,
                roster,
            });
        }
        let current_unit = units
            .iter()
            .position(|u| u.folder.path == target.path)
            .unwrap_or(0);
        Ok(Rows {
            year,
            msg,
            units,
            current_unit,
            prev: None,
            groups: Vec::new(),
            problems: Vec::new(),
        })
    }

    fn problem(&mut self, row: usize, reason: String) {
        self.problems.push(RowProblem { row, reason });
    }

    fn row(&mut self, row: usize, cells: &[Cell], cols: &Columns) -> Result<(), EditError> {
        if cells.iter().all(Cell::is_empty) {
            return Ok(());
        }
        let msg = self.msg;
        let shown_name = collapse(&cols.get(cells, Field::Name));
        let name = squash(&shown_name);
        let id = cols.get(cells, Field::Id);
        let unit_cell = squash(&cols.get(cells, Field::Unit));
        let title = cols.get(cells, Field::Title);
        // A row with only a unit (a section heading such as "一、机关党支部")
        // or only a sequence number carries no pledge item.
        if title.is_empty() && name.is_empty() && id.is_empty() {
            if !unit_cell.is_empty()
                && let Some(u) = self.unit_named(&unit_cell)
            {
                self.current_unit = u;
            }
            return Ok(());
        }
        let group = if name.is_empty() && id.is_empty() {
            match self.prev {
                Some(Ok(g)) => Ok(g),
                Some(Err(bad)) => Err(msg.import_same_person_failed(bad)),
                None => Err(msg.import_no_person()),
            }
        } else {
            let unit = if unit_cell.is_empty() {
                Some(self.current_unit)
            } else {
                self.unit_named(&unit_cell)
            };
            match unit {
                None => {
                    let names: Vec<&str> = self.units.iter().map(|u| u.name.as_str()).collect();
                    let hint = suggest(&unit_cell, names.iter().copied());
                    Err(msg.import_unknown_unit(&unit_cell, hint))
                }
                Some(u) => {
                    self.current_unit = u;
                    let role = collapse(&cols.get(cells, Field::Role));
                    self.person(u, &shown_name, &id, &role)
                }
            }
        };
        let g = match group {
            Ok(g) => g,
            Err(reason) => {
                self.problem(row, reason);
                if !name.is_empty() || !id.is_empty() {
                    self.prev = Some(Err(row));
                }
                return Ok(());
            }
        };
        self.prev = Some(Ok(g));
        match self.item(cells, cols) {
            Ok((item, item_id)) => {
                let group = &mut self.groups[g];
                group.items.push(item);
                group.item_ids.push(item_id);
                group.rows.push(row);
            }
            Err(reason) => {
                self.problem(row, reason);
                self.groups[g].bad_rows.push(row);
            }
        }
        Ok(())
    }

    /// The unit a cell names: by name (spaces and full-width ignored) or
    /// by folder path or folder name.
    fn unit_named(&self, text: &str) -> Option<usize> {
        let t = squash(text);
        self.units.iter().position(|u| {
            squash(&u.name) == t
                || u.folder.path == t
                || u.folder.path.rsplit('/').next() == Some(t.as_str())
        })
    }

    /// The group of the person a row names, created on first sight.
    fn person(&mut self, u: usize, shown: &str, id: &str, role: &str) -> Result<usize, String> {
        let msg = self.msg;
        let name = squash(shown);
        let name = name.as_str();
        let year = self.year;
        let unit = &self.units[u];
        let is_unit_sheet =
            id == UNIT_SHEET || (!name.is_empty() && squash(name) == squash(&unit.name));
        let (id, name, roster_role) = if is_unit_sheet {
            (UNIT_SHEET.to_string(), None, None)
        } else if !id.is_empty() {
            if !valid_name(id) {
                return Err(msg.bad_name(id));
            }
            match &unit.roster {
                Some(roster) => match roster.iter().find(|e| e.id == id) {
                    None => {
                        let hint = suggest(id, roster.iter().map(|e| e.id.as_str()));
                        return Err(msg.unknown_member(id, hint));
                    }
                    Some(e) if e.exempt_in(year) => return Err(msg.exempt_no_pledge(id, year)),
                    Some(e) if !name.is_empty() && squash(&e.name) != name => {
                        return Err(msg.import_name_mismatch(id, &e.name, shown));
                    }
                    Some(e) => (e.id.clone(), Some(e.name.clone()), e.role),
                },
                None if name.is_empty() => return Err(msg.name_required(id)),
                None => (id.to_string(), Some(shown.to_string()), None),
            }
        } else {
            let Some(roster) = &unit.roster else {
                return Err(msg.import_no_id(name));
            };
            let found: Vec<&RosterEntry> =
                roster.iter().filter(|e| squash(&e.name) == name).collect();
            match found.as_slice() {
                [] => {
                    let hint = suggest(name, roster.iter().map(|e| e.name.as_str()));
                    return Err(msg.import_not_on_roster(name, hint));
                }
                [e] if e.exempt_in(year) => return Err(msg.exempt_no_pledge(&e.id, year)),
                [e] => (e.id.clone(), Some(e.name.clone()), e.role),
                many => {
                    let ids: Vec<&str> = many.iter().map(|e| e.id.as_str()).collect();
                    return Err(msg.import_ambiguous_name(name, &ids.join(", ")));
                }
            }
        };
        let unit_path = unit.folder.path.clone();
        if let Some(g) = self
            .groups
            .iter()
            .position(|g| g.unit == unit_path && g.id == id)
        {
            return Ok(g);
        }
        let role = if role.is_empty() {
            roster_role.map(|r| msg.role_label(r))
        } else {
            Some(role.to_string())
        };
        let approver = if is_unit_sheet {
            unit.parent_name.clone()
        } else {
            unit.name.clone()
        };
        self.groups.push(Group {
            unit: unit_path,
            unit_name: unit.name.clone(),
            approver,
            id,
            name,
            role: role.filter(|_| !is_unit_sheet),
            items: Vec::new(),
            item_ids: Vec::new(),
            rows: Vec::new(),
            bad_rows: Vec::new(),
        });
        Ok(self.groups.len() - 1)
    }

    /// The pledge item of a row.
    fn item(&self, cells: &[Cell], cols: &Columns) -> Result<(Item, Option<String>), String> {
        let msg = self.msg;
        let text = |f| cols.get(cells, f);
        let opt = |f| Some(text(f)).filter(|s: &String| !s.is_empty());
        let title = text(Field::Title);
        if title.is_empty() {
            return Err(msg.import_no_title());
        }
        let deadline = match cols.cell(cells, Field::Deadline) {
            None | Some(Cell::Empty) => return Err(msg.import_no_deadline()),
            Some(Cell::Date(serial)) => dates::from_serial(*serial),
            Some(Cell::Number(n)) if *n >= 20_000.0 => dates::from_serial(*n),
            Some(c) => dates::parse(&c.text(), self.year),
        };
        let Some(deadline) = deadline else {
            let written = cols.cell(cells, Field::Deadline).map(Cell::text);
            return Err(msg.import_bad_deadline(&written.unwrap_or_default()));
        };
        let item_id = opt(Field::ItemId);
        if let Some(id) = &item_id
            && !valid_name(id)
        {
            return Err(msg.bad_name(id));
        }
        Ok((
            Item {
                pos: Default::default(),
                id: String::new(),
                title,
                category: opt(Field::Category),
                deadline,
                baseline: opt(Field::Baseline),
                target: opt(Field::Target),
                responsibility: opt(Field::Responsibility),
            },
            item_id,
        ))
    }

    /// The complete groups (item ids assigned) and every row problem,
    /// including the good rows of a person left out for a bad one.
    fn finish(mut self) -> (Vec<Group>, Vec<RowProblem>) {
        let msg = self.msg;
        let mut good = Vec::new();
        for mut g in std::mem::take(&mut self.groups) {
            if !g.bad_rows.is_empty() || g.items.is_empty() {
                let first_bad = g.bad_rows.first().copied().unwrap_or(0);
                for row in &g.rows {
                    self.problems.push(RowProblem {
                        row: *row,
                        reason: msg.import_same_person_failed(first_bad),
                    });
                }
                continue;
            }
            if let Err((row, reason)) = assign_item_ids(&mut g, msg) {
                for r in &g.rows {
                    self.problems.push(RowProblem {
                        row: *r,
                        reason: if *r == row {
                            reason.clone()
                        } else {
                            msg.import_same_person_failed(row)
                        },
                    });
                }
                continue;
            }
            good.push(g);
        }
        self.problems.sort_by_key(|p| p.row);
        (good, self.problems)
    }
}

/// Explicit item ids are kept (duplicates are an error); the others get
/// `item-1`, `item-2` … skipping ids already taken.
fn assign_item_ids(g: &mut Group, msg: Messages) -> Result<(), (usize, String)> {
    let mut taken: Vec<String> = Vec::new();
    for (i, id) in g.item_ids.iter().enumerate() {
        if let Some(id) = id {
            if taken.contains(id) {
                return Err((g.rows[i], msg.duplicate_id(id)));
            }
            taken.push(id.clone());
        }
    }
    let mut n = 0;
    for (item, id) in g.items.iter_mut().zip(&g.item_ids) {
        item.id = match id {
            Some(id) => id.clone(),
            None => loop {
                n += 1;
                let candidate = format!("item-{n}");
                if !taken.contains(&candidate) {
                    break candidate;
                }
            },
        };
    }
    Ok(())
}

/// A cell's text with runs of spaces (full-width too) made one space.
fn collapse(s: &str) -> String {
    s.chars()
        .map(half_width)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name or unit as compared: half-width, without any spaces.
fn squash(s: &str) -> String {
    s.chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognized_with_full_width_and_spaces() {
        assert_eq!(field_of(" 姓　名 "), Some(Field::Name));
        assert_eq!(field_of("预期效果／目标"), Some(Field::Target));
        assert_eq!(field_of("完成时限（年月日）"), Some(Field::Deadline));
        assert_eq!(field_of("*承诺事项"), Some(Field::Title));
        assert_eq!(field_of("ＩＤ"), Some(Field::Id));
        assert_eq!(field_of("备注"), None);
    }

    #[test]
    fn maps_name_a_field_by_key_or_header() {
        let msg = Messages::default();
        let m =
            parse_maps(&["具体内容=title".into(), "时间 = 完成时限".into()], msg).expect("maps");
        assert_eq!(
            m,
            [
                ("具体内容".to_string(), Field::Title),
                ("时间".to_string(), Field::Deadline)
            ]
        );
        let e = parse_maps(&["x=titel".into()], msg).expect_err("typo");
        assert!(e.message.contains("title"), "{}", e.message);
        assert!(parse_maps(&["no-equals".into()], msg).is_err());
    }
}

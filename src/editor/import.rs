//! `pledgeboard import <file.csv|file.xlsx> [--unit U] [--year Y]`: a
//! pledge spreadsheet (one row per item, as organization departments keep
//! them) becomes one pledge sheet per person. Columns are found by their
//! usual Chinese headers; a blank name or id means "the same person as
//! above" (merged cells); member ids come from the roster by name, from an
//! id column, or are made by `--add-to-roster` — never from guessed pinyin.
//! A person with any bad row is left out whole, with every row listed. A
//! second import merges: items a sheet lacks are appended to it, items it
//! has are never changed (differences are reported).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::merge;
use super::scope::{self, IdScheme, Named, Scope, Skip, collapse, new_member_id, squash};
use super::table::{self, Cell, ReadError, Table, normalize_header};
use super::templates::{self, SheetTemplate};
use super::{EditError, dates, require_site, unit_rel_dir, valid_name, write_new, yaml_text};
use crate::content::lookup;
use crate::i18n::{Messages, suggest};
use crate::model::{Date, Item, MemberNames, Role, RosterEntry, UNIT_SHEET};

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
        &[
            "职务",
            "职位",
            "身份",
            "党内职务",
            "岗位",
            "职务/岗位",
            "role",
        ],
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
    /// The unit path below content/; `""`: the root unit (or, without
    /// one, every unit, named in a 单位 column).
    pub unit: &'a str,
    pub year: i32,
    /// `列名=field` pairs from `--map`.
    pub maps: &'a [String],
    pub dry_run: bool,
    /// `--approved-by` and `--approved-date`: the sheets are written approved.
    pub approved: Option<(String, Date)>,
    /// `--add-to-roster`: people missing from their unit's roster are added
    /// to it (with a made id when the table has none).
    pub add_to_roster: bool,
}

/// One pledge sheet the import writes, extends or leaves alone.
#[derive(Clone, Debug)]
pub struct Planned {
    /// Relative to the site root.
    pub path: PathBuf,
    pub name: String,
    /// The items written: all of a new sheet's, or those added to an
    /// existing one.
    pub items: usize,
    /// The sheet was there before.
    pub exists: bool,
    /// Items added to an existing sheet: (row, id, title).
    pub added: Vec<(usize, String, String)>,
}

/// A row whose item is already in its sheet with other values: reported,
/// never written.
#[derive(Clone, Debug, PartialEq)]
pub struct Changed {
    pub row: usize,
    pub path: PathBuf,
    pub item: String,
    pub field: Field,
    pub old: String,
    pub new: String,
}

/// A roster entry the import adds (`--add-to-roster`).
#[derive(Clone, Debug)]
pub struct NewMember {
    pub unit: String,
    pub id: String,
    pub name: String,
    pub role: Option<Role>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RowProblem {
    pub row: usize,
    pub reason: String,
}

/// A row skipped as holding no data (a title, a blank line, a footnote).
#[derive(Clone, Debug, PartialEq)]
pub struct RowNote {
    pub row: usize,
    pub skip: Skip,
}

#[derive(Clone, Debug, Default)]
pub struct ImportReport {
    /// The worksheet read (xlsx), if it has a name.
    pub sheet: Option<String>,
    pub sheets: Vec<Planned>,
    pub problems: Vec<RowProblem>,
    pub skipped: Vec<RowNote>,
    pub changed: Vec<Changed>,
    /// Roster entries added, with the roster file (relative to the root).
    pub members: Vec<(PathBuf, NewMember)>,
    /// Headers that name no field (shown so a `--map` can be added).
    pub unused_columns: Vec<String>,
    pub dry_run: bool,
    pub approved: bool,
}

impl ImportReport {
    /// The new sheets.
    pub fn written(&self) -> impl Iterator<Item = &Planned> {
        self.sheets.iter().filter(|p| !p.exists)
    }

    /// The existing sheets items are added to.
    pub fn extended(&self) -> impl Iterator<Item = &Planned> {
        self.sheets
            .iter()
            .filter(|p| p.exists && !p.added.is_empty())
    }

    /// The lines to print, in the site's language: the files, the rows
    /// skipped or not imported, hints and the summary.
    pub fn lines(&self, file: &str, msg: Messages) -> Vec<String> {
        let mut out = Vec::new();
        for n in &self.skipped {
            out.push(msg.import_skipped(file, n.row, &n.skip));
        }
        for (path, m) in &self.members {
            out.push(msg.import_roster_added(
                &path.display().to_string(),
                &m.name,
                &m.id,
                self.dry_run,
            ));
        }
        for p in &self.sheets {
            let path = p.path.display().to_string();
            out.push(match (p.exists, self.dry_run) {
                (true, _) if p.added.is_empty() => msg.import_nothing_new(&path),
                (true, dry) => msg.import_extended(&path, &p.name, p.items, dry),
                (false, true) => msg.import_would_write(&path, &p.name, p.items),
                (false, false) => msg.import_wrote(&path, &p.name, p.items),
            });
            for (row, id, title) in &p.added {
                out.push(msg.import_added_item(*row, id, title));
            }
        }
        for c in &self.changed {
            out.push(msg.import_changed(
                file,
                c.row,
                &c.path.display().to_string(),
                &c.item,
                field_name(c.field),
                header_of(c.field),
                &c.old,
                &c.new,
            ));
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
        let rows: usize = {
            let mut r: Vec<usize> = self.problems.iter().map(|p| p.row).collect();
            r.dedup();
            r.len()
        };
        out.push(
            msg.import_summary(&ImportCounts {
                new_sheets: written,
                new_items: self.written().map(|p| p.items).sum(),
                extended: self.extended().count(),
                added_items: self.extended().map(|p| p.items).sum(),
                unchanged: self
                    .sheets
                    .iter()
                    .filter(|p| p.exists && p.added.is_empty())
                    .count(),
                bad_rows: rows,
                dry_run: self.dry_run,
            }),
        );
        out
    }
}

/// Reads the spreadsheet and writes (or, with `dry_run`, plans) the
/// sheets: new ones whole, existing ones extended by the items they lack.
pub fn import(root: &Path, opts: &ImportOptions, msg: Messages) -> Result<ImportReport, EditError> {
    require_site(root, msg)?;
    let overrides = parse_maps(opts.maps, msg)?;
    let unit_path = super::segments(opts.unit).join("/");
    let scope = Scope::load(root, &unit_path, msg)?;
    let scheme = id_scheme(root, msg);
    let shown = opts.file.display().to_string();
    let tables = table::read(opts.file).map_err(|e| {
        EditError::usage(match e {
            ReadError::Io(err) => msg.cannot_read_file(&shown, &err),
            ReadError::Format(err) => msg.import_bad_file(&shown, &err),
            ReadError::UnknownType => msg.import_unknown_type(&shown),
        })
    })?;
    let (table, header_row, columns) = find_header(&tables, &overrides, msg)?;
    let mut cx = Rows::new(root, scope, opts, scheme, msg)?;
    let mut report = ImportReport {
        sheet: table.name.clone(),
        dry_run: opts.dry_run,
        approved: opts.approved.is_some(),
        ..ImportReport::default()
    };
    report.unused_columns = columns.unused.clone();
    for (row, cells) in table.rows.iter().take(header_row) {
        if let Some(skip) = scope::skip(cells, None, &[]).filter(|s| *s != Skip::Blank) {
            cx.skipped.push(RowNote { row: *row, skip });
        }
    }
    for (row, cells) in table.rows.iter().skip(header_row + 1) {
        cx.row(*row, cells, &columns, &overrides);
    }
    let units: Vec<(String, PathBuf)> = cx
        .scope
        .units
        .iter()
        .map(|u| (u.folder.path.clone(), u.folder.dir.clone()))
        .collect();
    let (groups, mut problems, skipped) = cx.finish();
    report.skipped = skipped;
    // Everything is planned before anything is written.
    let mut plans = Vec::new();
    for g in groups {
        match plan(root, opts, &g, msg) {
            Ok(p) => plans.push((g, p)),
            Err(reason) => {
                let first = g.rows[0];
                for r in &g.rows {
                    problems.push(RowProblem {
                        row: *r,
                        reason: if *r == first {
                            reason.clone()
                        } else {
                            msg.import_same_person_failed(first)
                        },
                    });
                }
            }
        }
    }
    problems.sort_by_key(|p| p.row);
    report.problems = problems;
    // New roster entries first, so every sheet written has its member.
    let mut rosters: Vec<(String, PathBuf, Vec<NewMember>)> = Vec::new();
    for (g, _) in &plans {
        let Some(m) = &g.new_member else { continue };
        let dir = &units
            .iter()
            .find(|(p, _)| *p == g.unit)
            .expect("scope unit")
            .1;
        let path = lookup::roster_path(dir, opts.year);
        match rosters.iter_mut().find(|(_, p, _)| *p == path) {
            Some((_, _, list)) => list.push(m.clone()),
            None => rosters.push((g.unit.clone(), path, vec![m.clone()])),
        }
    }
    for (_, path, members) in &rosters {
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let old = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(EditError::usage(
                    msg.cannot_read_file(&rel.display().to_string(), &e.to_string()),
                ));
            }
        };
        let block: String = members.iter().map(roster_entry_text).collect();
        let text = merge::append_entries(&old, &block)
            .map_err(|_| EditError::usage(msg.import_cannot_extend(&rel.display().to_string())))?;
        lookup::parse_roster(root, path, &text, msg).map_err(|d| EditError::content(d, msg))?;
        if !opts.dry_run {
            replace_file(root, &rel, &text, msg)?;
        }
        for m in members {
            report.members.push((rel.clone(), m.clone()));
        }
    }
    for (g, p) in plans {
        if !opts.dry_run
            && let Some(text) = &p.text
        {
            if p.planned.exists {
                replace_file(root, &p.planned.path, text, msg)?;
            } else {
                write_new(root, &p.planned.path, text, msg)?;
            }
        }
        let _ = g;
        report.changed.extend(p.changed);
        report.sheets.push(p.planned);
    }
    Ok(report)
}

/// How made ids look on this site (names are in URLs, so a site that
/// hides full names gets counters).
fn id_scheme(root: &Path, msg: Messages) -> IdScheme {
    match lookup::read_site(root, msg) {
        Ok(c) if c.member_names == MemberNames::Surname => IdScheme::Counter,
        _ => IdScheme::Name,
    }
}

/// What one person's rows become.
struct Plan {
    planned: Planned,
    /// The file's new text; `None` when nothing changes.
    text: Option<String>,
    changed: Vec<Changed>,
}

/// A new sheet, or the items an existing sheet lacks (matched by item id
/// when the table gives one, else by title).
fn plan(root: &Path, opts: &ImportOptions, g: &Group, msg: Messages) -> Result<Plan, String> {
    let rel = unit_rel_dir(&g.unit)
        .join(opts.year.to_string())
        .join(format!("{}.md", g.id));
    let shown_name = g.name.clone().unwrap_or_else(|| g.unit_name.clone());
    let path = root.join(&rel);
    let shown = rel.display().to_string();
    if !path.exists() {
        let mut items = g.items.clone();
        assign_item_ids(&mut items, &g.item_ids, &[]);
        let approved = opts.approved.as_ref().map(|(by, d)| (by.as_str(), *d));
        let text = templates::sheet(&SheetTemplate {
            name: g.name.as_deref(),
            role: g.role.as_deref(),
            approver: &g.approver,
            year: opts.year,
            approved,
            items: Some(&items),
            body: "",
        });
        return Ok(Plan {
            planned: Planned {
                path: rel,
                name: shown_name,
                items: items.len(),
                exists: false,
                added: Vec::new(),
            },
            text: Some(text),
            changed: Vec::new(),
        });
    }
    let old_text =
        std::fs::read_to_string(&path).map_err(|e| msg.cannot_read_file(&shown, &e.to_string()))?;
    let existing = lookup::parse_sheet(root, &path, &old_text, msg)
        .map_err(|_| msg.import_sheet_broken(&shown))?;
    let mut changed = Vec::new();
    let mut new_items = Vec::new();
    let mut new_ids = Vec::new();
    let mut new_rows = Vec::new();
    for ((item, explicit), row) in g.items.iter().zip(&g.item_ids).zip(&g.rows) {
        let found = match explicit {
            Some(id) => existing.items.iter().find(|e| e.id == *id),
            None => existing
                .items
                .iter()
                .find(|e| squash(&e.title) == squash(&item.title)),
        };
        match found {
            Some(old) => changed.extend(differences(*row, &rel, old, item)),
            None => {
                new_items.push(item.clone());
                new_ids.push(explicit.clone());
                new_rows.push(*row);
            }
        }
    }
    let taken: Vec<String> = existing.items.iter().map(|i| i.id.clone()).collect();
    for id in new_ids.iter().flatten() {
        if taken.contains(id) {
            return Err(msg.duplicate_id(id));
        }
    }
    assign_item_ids(&mut new_items, &new_ids, &taken);
    let text = if new_items.is_empty() {
        None
    } else {
        let block: String = new_items
            .iter()
            .map(|i| templates::item_text(i, false))
            .collect();
        let text =
            merge::append_items(&old_text, &block).map_err(|_| msg.import_cannot_extend(&shown))?;
        // What is written must read back: never leave a sheet broken.
        lookup::parse_sheet(root, &path, &text, msg)
            .map_err(|_| msg.import_cannot_extend(&shown))?;
        Some(text)
    };
    Ok(Plan {
        planned: Planned {
            path: rel,
            name: shown_name,
            items: new_items.len(),
            exists: true,
            added: new_rows
                .into_iter()
                .zip(&new_items)
                .map(|(r, i)| (r, i.id.clone(), i.title.clone()))
                .collect(),
        },
        text,
        changed,
    })
}

/// The fields a row gives that differ from the item already in the sheet
/// (a blank cell differs from nothing).
fn differences(row: usize, path: &Path, old: &Item, new: &Item) -> Vec<Changed> {
    let pairs = [
        (
            Field::Title,
            Some(old.title.clone()),
            Some(new.title.clone()),
        ),
        (
            Field::Deadline,
            Some(old.deadline.to_string()),
            Some(new.deadline.to_string()),
        ),
        (Field::Category, old.category.clone(), new.category.clone()),
        (Field::Target, old.target.clone(), new.target.clone()),
        (Field::Baseline, old.baseline.clone(), new.baseline.clone()),
        (
            Field::Responsibility,
            old.responsibility.clone(),
            new.responsibility.clone(),
        ),
    ];
    pairs
        .into_iter()
        .filter_map(|(field, old_v, new_v)| {
            let new_v = new_v?;
            let old_v = old_v.unwrap_or_default();
            (squash(&old_v) != squash(&new_v)).then(|| Changed {
                row,
                path: path.to_path_buf(),
                item: old.id.clone(),
                field,
                old: old_v,
                new: new_v,
            })
        })
        .collect()
}

/// A roster entry as `append_entries` takes it.
fn roster_entry_text(m: &NewMember) -> String {
    let mut s = format!(
        "- id: {}\n  name: {}\n",
        yaml_text(&m.id),
        yaml_text(&m.name)
    );
    if let Some(r) = m.role {
        s.push_str(&format!("  role: {}\n", r.as_str()));
    }
    s
}

/// Replaces a file the import extends: the new text goes to a temporary
/// file beside it first (a name the loader ignores), so a failed write
/// never leaves half a file.
pub(crate) fn replace_file(
    root: &Path,
    rel: &Path,
    text: &str,
    msg: Messages,
) -> Result<(), EditError> {
    let path = root.join(rel);
    let shown = rel.display().to_string();
    let fail = |e: std::io::Error| EditError::usage(msg.cannot_write(&shown, &e.to_string()));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = path.with_file_name(format!(".{name}.import.tmp"));
    std::fs::write(&tmp, text).map_err(fail)?;
    std::fs::rename(&tmp, &path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
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

    /// A header row names the item and the person.
    fn is_header(&self) -> bool {
        self.score() >= 2
            && self.has(Field::Title)
            && (self.has(Field::Name) || self.has(Field::Id))
    }

    fn get(&self, cells: &[Cell], f: Field) -> String {
        self.cell(cells, f).map(Cell::text).unwrap_or_default()
    }

    fn cell<'c>(&self, cells: &'c [Cell], f: Field) -> Option<&'c Cell> {
        self.of.get(&f).and_then(|i| cells.get(*i))
    }

    /// The columns that hold a person's data.
    fn data(&self) -> Vec<usize> {
        self.of
            .iter()
            .filter(|(f, _)| **f != Field::Seq)
            .map(|(_, i)| *i)
            .collect()
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
            if cols.is_header() {
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
    /// The roster entry to add for them (`--add-to-roster`).
    new_member: Option<NewMember>,
}

/// The rows being read: the person a blank name continues, the groups.
struct Rows {
    year: i32,
    msg: Messages,
    add_to_roster: bool,
    scheme: IdScheme,
    scope: Scope,
    /// Each unit's roster for the year, parallel to `scope.units`.
    rosters: Vec<Option<Vec<RosterEntry>>>,
    /// Index in `scope.units` of the unit rows belong to when they name none.
    current_unit: Option<usize>,
    /// The last person read: (group index, or the row that failed), and
    /// the name and unit cell it was read from.
    prev: Option<(Result<usize, usize>, String)>,
    groups: Vec<Group>,
    problems: Vec<RowProblem>,
    skipped: Vec<RowNote>,
}

impl Rows {
    fn new(
        root: &Path,
        scope: Scope,
        opts: &ImportOptions,
        scheme: IdScheme,
        msg: Messages,
    ) -> Result<Rows, EditError> {
        let mut rosters = Vec::new();
        for u in &scope.units {
            rosters.push(
                lookup::read_roster(root, &u.folder.dir, opts.year, msg)
                    .map_err(|d| EditError::content(d, msg))?,
            );
        }
        Ok(Rows {
            year: opts.year,
            msg,
            add_to_roster: opts.add_to_roster,
            scheme,
            current_unit: scope.default,
            scope,
            rosters,
            prev: None,
            groups: Vec::new(),
            problems: Vec::new(),
            skipped: Vec::new(),
        })
    }

    fn problem(&mut self, row: usize, reason: String) {
        self.problems.push(RowProblem { row, reason });
    }

    fn row(&mut self, row: usize, cells: &[Cell], cols: &Columns, overrides: &[(String, Field)]) {
        let msg = self.msg;
        let seq = cols.of.get(&Field::Seq).copied();
        if let Some(skip) = scope::skip(cells, seq, &cols.data()) {
            // A heading naming a unit (一、新华社区) starts that unit's rows.
            if let Skip::Title(t) = &skip
                && let Some(u) = self.scope.heading(t)
            {
                self.current_unit = Some(u);
                self.prev = None;
            }
            if skip != Skip::Blank {
                self.skipped.push(RowNote { row, skip });
            }
            return;
        }
        if Columns::from_headers(cells, overrides).is_header() {
            self.skipped.push(RowNote {
                row,
                skip: Skip::Header,
            });
            return;
        }
        let shown_name = collapse(&cols.get(cells, Field::Name));
        let name = squash(&shown_name);
        let id = cols.get(cells, Field::Id);
        let unit_cell = squash(&cols.get(cells, Field::Unit));
        let title = cols.get(cells, Field::Title);
        // A row with only a unit (a section heading such as "一、机关党支部")
        // carries no pledge item.
        if title.is_empty() && name.is_empty() && id.is_empty() {
            if let Named::One(u) = self.scope.named(&unit_cell) {
                self.current_unit = Some(u);
                self.prev = None;
            }
            self.skipped.push(RowNote {
                row,
                skip: Skip::Title(unit_cell),
            });
            return;
        }
        // A blank name, or the same name again with a blank id, continues
        // the person above (merged or "same as above" cells).
        let continues = match &self.prev {
            Some((_, prev_name)) => {
                (name.is_empty() && id.is_empty())
                    || (id.is_empty() && *prev_name == name && unit_cell.is_empty())
            }
            None => false,
        };
        let group = if continues {
            match self.prev.as_ref().map(|p| p.0) {
                Some(Ok(g)) => Ok(g),
                Some(Err(bad)) => Err(msg.import_same_person_failed(bad)),
                None => Err(msg.import_no_person()),
            }
        } else if name.is_empty() && id.is_empty() {
            Err(msg.import_no_person())
        } else {
            let unit = if unit_cell.is_empty() {
                self.current_unit.ok_or_else(|| msg.import_no_unit())
            } else {
                match self.scope.named(&unit_cell) {
                    Named::One(u) => Ok(u),
                    Named::Unknown => {
                        let names = self.scope.names();
                        let hint = suggest(&unit_cell, names.iter().copied());
                        Err(msg.import_unknown_unit(&unit_cell, hint))
                    }
                    Named::Many(us) => {
                        Err(msg.import_ambiguous_unit(&unit_cell, &self.scope.names_of(&us)))
                    }
                }
            };
            match unit {
                Err(e) => Err(e),
                Ok(u) => {
                    self.current_unit = Some(u);
                    let role = collapse(&cols.get(cells, Field::Role));
                    self.person(u, &shown_name, &id, &role)
                }
            }
        };
        let g = match group {
            Ok(g) => g,
            Err(reason) => {
                self.problem(row, reason);
                if !continues {
                    self.prev = Some((Err(row), name));
                }
                return;
            }
        };
        if !continues {
            self.prev = Some((Ok(g), name));
        }
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
    }

    /// The group of the person a row names, created on first sight.
    fn person(&mut self, u: usize, shown: &str, id: &str, role: &str) -> Result<usize, String> {
        let msg = self.msg;
        let name = squash(shown);
        let name = name.as_str();
        let year = self.year;
        let unit_path = self.scope.units[u].folder.path.clone();
        let find = |groups: &[Group], id: &str| {
            groups
                .iter()
                .position(|g| g.unit == unit_path && g.id == id)
        };
        if !id.is_empty()
            && let Some(g) = find(&self.groups, id)
        {
            return Ok(g);
        }
        let is_unit_sheet = id == UNIT_SHEET || (!name.is_empty() && self.scope.is_unit(u, name));
        let roster = &self.rosters[u];
        let mut new_member = None;
        let (id, name, roster_role) = if is_unit_sheet {
            (UNIT_SHEET.to_string(), None, None)
        } else if !id.is_empty() {
            if !valid_name(id) {
                return Err(msg.bad_name(id));
            }
            match roster {
                Some(roster) => match roster.iter().find(|e| e.id == id) {
                    None if self.add_to_roster && !name.is_empty() => {
                        new_member = Some(id.to_string());
                        (id.to_string(), Some(shown.to_string()), None)
                    }
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
            // The same person met earlier and added to the roster by this import.
            if let Some(g) = self.groups.iter().position(|g| {
                g.unit == unit_path
                    && g.new_member
                        .as_ref()
                        .is_some_and(|m| squash(&m.name) == name)
            }) {
                return Ok(g);
            }
            let found: Vec<&RosterEntry> = roster
                .iter()
                .flatten()
                .filter(|e| squash(&e.name) == name)
                .collect();
            match (found.as_slice(), roster) {
                ([], _) if self.add_to_roster => {
                    let mut taken: Vec<String> =
                        roster.iter().flatten().map(|e| e.id.clone()).collect();
                    taken.extend(
                        self.groups
                            .iter()
                            .filter(|g| g.unit == unit_path)
                            .map(|g| g.id.clone()),
                    );
                    let id = new_member_id(name, self.scheme, &taken);
                    new_member = Some(id.clone());
                    (id, Some(shown.to_string()), None)
                }
                ([], None) => return Err(msg.import_no_id(name)),
                ([], Some(roster)) => {
                    let hint = suggest(name, roster.iter().map(|e| e.name.as_str()));
                    return Err(msg.import_not_on_roster(name, hint));
                }
                ([e], _) if e.exempt_in(year) => return Err(msg.exempt_no_pledge(&e.id, year)),
                ([e], _) => (e.id.clone(), Some(e.name.clone()), e.role),
                (many, _) => {
                    let ids: Vec<&str> = many.iter().map(|e| e.id.as_str()).collect();
                    return Err(msg.import_ambiguous_name(name, &ids.join(", ")));
                }
            }
        };
        if let Some(g) = find(&self.groups, &id) {
            return Ok(g);
        }
        let unit = &self.scope.units[u];
        let role_text = if role.is_empty() {
            roster_role.map(|r| msg.role_label(r))
        } else {
            Some(role.to_string())
        };
        let approver = if is_unit_sheet {
            unit.parent_name.clone()
        } else {
            unit.name.clone()
        };
        let new_member = new_member.map(|id| NewMember {
            unit: unit_path.clone(),
            id,
            name: name.clone().unwrap_or_default(),
            role: super::roster_import::role_of(role),
        });
        self.groups.push(Group {
            unit: unit_path,
            unit_name: unit.name.clone(),
            approver,
            id,
            name,
            role: role_text.filter(|_| !is_unit_sheet),
            items: Vec::new(),
            item_ids: Vec::new(),
            rows: Vec::new(),
            bad_rows: Vec::new(),
            new_member,
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
                fields: Default::default(),
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

    /// The complete groups and every row problem, including the good rows
    /// of a person left out for a bad one (all or nothing per person).
    fn finish(mut self) -> (Vec<Group>, Vec<RowProblem>, Vec<RowNote>) {
        let msg = self.msg;
        let mut good = Vec::new();
        for g in std::mem::take(&mut self.groups) {
            let dup = duplicate_item_id(&g);
            if !g.bad_rows.is_empty() || g.items.is_empty() || dup.is_some() {
                let first_bad = g
                    .bad_rows
                    .first()
                    .copied()
                    .or(dup.as_ref().map(|d| d.0))
                    .unwrap_or(0);
                for row in &g.rows {
                    let reason = match &dup {
                        Some((r, id)) if r == row => msg.duplicate_id(id),
                        _ => msg.import_same_person_failed(first_bad),
                    };
                    self.problems.push(RowProblem { row: *row, reason });
                }
                continue;
            }
            good.push(g);
        }
        self.problems.sort_by_key(|p| p.row);
        (good, self.problems, self.skipped)
    }
}

/// The row and id of an item id given twice for one person.
fn duplicate_item_id(g: &Group) -> Option<(usize, String)> {
    let mut seen: Vec<&String> = Vec::new();
    for (i, id) in g.item_ids.iter().enumerate() {
        if let Some(id) = id {
            if seen.contains(&id) {
                return Some((g.rows[i], id.clone()));
            }
            seen.push(id);
        }
    }
    None
}

/// Explicit item ids are kept; the others get `item-1`, `item-2` …
/// skipping ids taken (in the sheet already, or explicit).
fn assign_item_ids(items: &mut [Item], ids: &[Option<String>], existing: &[String]) {
    let mut taken: Vec<String> = existing.to_vec();
    taken.extend(ids.iter().flatten().cloned());
    let mut n = 0;
    for (item, id) in items.iter_mut().zip(ids) {
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
}

/// A field's `--map` name.
fn field_name(field: Field) -> &'static str {
    FIELDS
        .iter()
        .find(|(f, _, _)| *f == field)
        .map(|(_, n, _)| *n)
        .unwrap_or("")
}

/// The figures of the import's summary line.
pub struct ImportCounts {
    pub new_sheets: usize,
    pub new_items: usize,
    pub extended: usize,
    pub added_items: usize,
    pub unchanged: usize,
    pub bad_rows: usize,
    pub dry_run: bool,
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

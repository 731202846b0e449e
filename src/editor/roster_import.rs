//! `pledgeboard import roster <file> [--unit U]`: a 党员名册 (姓名, 性别,
//! 职务/岗位, 党员类别, 联系电话 …) becomes `_roster.yaml`, one per unit
//! (a 单位 column may name the unit's sub-units). Ids come from an 编号
//! column or are made from the name (`scope::new_member_id`); columns the
//! site does not use are kept as private fields, which are never
//! published. An existing roster is extended: people already on it (by
//! 编号, else by name) are left as they are.

use std::path::{Path, PathBuf};

use super::import::replace_file;
use super::merge;
use super::scope::{self, IdScheme, Named, Scope, Skip, collapse, new_member_id, squash};
use super::table::{self, Cell, ReadError, Table, normalize_header};
use super::{EditError, require_site, valid_name, yaml_text};
use crate::content::lookup;
use crate::i18n::{Messages, suggest};
use crate::model::{MemberNames, MemberStatus, Role, RosterEntry};

pub struct RosterOptions<'a> {
    pub file: &'a Path,
    /// As in the pledge import: `""` is the root unit (or every unit).
    pub unit: &'a str,
    pub dry_run: bool,
}

/// A roster column's meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Unit,
    Name,
    Id,
    Role,
    Status,
    Seq,
    /// Kept in the roster as a private field, under its header.
    Private,
}

const COLUMNS: &[(Col, &[&str])] = &[
    (
        Col::Unit,
        &[
            "单位",
            "组织",
            "党组织",
            "单位名称",
            "所在单位",
            "所在党组织",
            "所在支部",
            "支部",
            "党支部",
        ],
    ),
    (Col::Name, &["姓名", "党员姓名", "名字", "name"]),
    (Col::Id, &["编号", "党员编号", "人员编号", "id"]),
    (
        Col::Role,
        &[
            "职务",
            "岗位",
            "职务/岗位",
            "党内职务",
            "职位",
            "身份",
            "role",
        ],
    ),
    (
        Col::Status,
        &[
            "党员类别",
            "类别",
            "人员类别",
            "党员状态",
            "状态",
            "党员类型",
            "status",
        ],
    ),
    (Col::Seq, &["序号", "no", "no."]),
];

fn col_of(header: &str) -> Option<Col> {
    let h = normalize_header(header);
    COLUMNS
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(c, _)| *c)
}

/// The `role` a 职务 names, when it names one of the roster's roles.
pub fn role_of(text: &str) -> Option<Role> {
    let t = squash(text);
    if t.is_empty() {
        return None;
    }
    if let Some(r) = Role::parse(&t.to_ascii_lowercase()) {
        return Some(r);
    }
    if t.contains("副书记") || t.contains("委员") {
        Some(Role::Committee)
    } else if t.contains("书记") {
        Some(Role::Secretary)
    } else if t.contains("党务") {
        Some(Role::AffairsWorker)
    } else if t.contains("学生") {
        Some(Role::Student)
    } else if t == "党员" || t == "普通党员" || t == "正式党员" || t == "预备党员" {
        Some(Role::Member)
    } else {
        None
    }
}

/// The `status` a 党员类别 names: `Ok(None)` when blank.
fn status_of(text: &str) -> Result<Option<MemberStatus>, ()> {
    let t = squash(text);
    if t.is_empty() {
        return Ok(None);
    }
    if let Some(s) = MemberStatus::parse(&t.to_ascii_lowercase()) {
        return Ok(Some(s));
    }
    let s = if t.contains("流动") {
        MemberStatus::Floating
    } else if t.contains("无职") {
        MemberStatus::NoPost
    } else if t.contains("离") || t.contains("退") {
        MemberStatus::Retired
    } else if t.contains("在职") || t.contains("在岗") || t == "正式党员" || t == "预备党员"
    {
        MemberStatus::Active
    } else {
        return Err(());
    };
    Ok(Some(s))
}

/// One unit's roster as the import leaves it.
#[derive(Clone, Debug)]
pub struct RosterPlan {
    /// Relative to the site root.
    pub path: PathBuf,
    pub unit_name: String,
    /// New entries: (row, id, name).
    pub added: Vec<(usize, String, String)>,
    /// People already on the roster.
    pub existing: usize,
    pub created: bool,
}

#[derive(Clone, Debug, Default)]
pub struct RosterReport {
    pub rosters: Vec<RosterPlan>,
    pub problems: Vec<super::import::RowProblem>,
    pub skipped: Vec<super::import::RowNote>,
    /// Headers kept as private fields.
    pub private_columns: Vec<String>,
    pub dry_run: bool,
}

impl RosterReport {
    pub fn lines(&self, file: &str, msg: Messages) -> Vec<String> {
        let mut out = Vec::new();
        for n in &self.skipped {
            out.push(msg.import_skipped(file, n.row, &n.skip));
        }
        for r in &self.rosters {
            let path = r.path.display().to_string();
            out.push(msg.roster_plan(&path, &r.unit_name, r.added.len(), r.existing, self.dry_run));
            for (row, id, name) in &r.added {
                out.push(msg.roster_added_entry(*row, id, name));
            }
        }
        for p in &self.problems {
            out.push(msg.import_row_problem(file, p.row, &p.reason));
        }
        if !self.private_columns.is_empty() {
            out.push(msg.roster_private_columns(&self.private_columns.join("、")));
        }
        let added = self.rosters.iter().map(|r| r.added.len()).sum();
        out.push(msg.roster_summary(added, self.problems.len(), self.dry_run));
        out
    }
}

/// One person read from a row.
struct Person {
    row: usize,
    id: Option<String>,
    name: String,
    role: Option<Role>,
    status: Option<MemberStatus>,
    /// (header, value) of the private columns.
    private: Vec<(String, String)>,
}

pub fn import_roster(
    root: &Path,
    opts: &RosterOptions,
    msg: Messages,
) -> Result<RosterReport, EditError> {
    require_site(root, msg)?;
    let unit_path = super::segments(opts.unit).join("/");
    let scope = Scope::load(root, &unit_path, msg)?;
    let scheme = match lookup::read_site(root, msg) {
        Ok(c) if c.member_names == MemberNames::Surname => IdScheme::Counter,
        _ => IdScheme::Name,
    };
    let shown = opts.file.display().to_string();
    let tables = table::read(opts.file).map_err(|e| {
        EditError::usage(match e {
            ReadError::Io(err) => msg.cannot_read_file(&shown, &err),
            ReadError::Format(err) => msg.import_bad_file(&shown, &err),
            ReadError::UnknownType => msg.import_unknown_type(&shown),
        })
    })?;
    let (table, header_at, cols) =
        find_header(&tables).ok_or_else(|| EditError::usage(msg.roster_no_header()))?;
    let mut report = RosterReport {
        dry_run: opts.dry_run,
        private_columns: cols
            .iter()
            .filter(|(c, _, _)| *c == Col::Private)
            .map(|(_, _, h)| h.clone())
            .collect(),
        ..RosterReport::default()
    };
    let at = |c: Col| cols.iter().find(|(k, _, _)| *k == c).map(|(_, i, _)| *i);
    let data: Vec<usize> = cols
        .iter()
        .filter(|(c, _, _)| *c != Col::Seq)
        .map(|(_, i, _)| *i)
        .collect();
    let text = |cells: &[Cell], c: Col| {
        at(c)
            .and_then(|i| cells.get(i))
            .map(Cell::text)
            .unwrap_or_default()
    };
    for (row, cells) in table.rows.iter().take(header_at) {
        if let Some(skip) = scope::skip(cells, None, &[]).filter(|s| *s != Skip::Blank) {
            report
                .skipped
                .push(super::import::RowNote { row: *row, skip });
        }
    }
    // People by unit (index in scope.units), in row order.
    let mut people: Vec<Vec<Person>> = scope.units.iter().map(|_| Vec::new()).collect();
    let mut current = scope.default;
    let mut problem = |row: usize, reason: String| {
        report
            .problems
            .push(super::import::RowProblem { row, reason })
    };
    let mut skipped = Vec::new();
    for (row, cells) in table.rows.iter().skip(header_at + 1) {
        let row = *row;
        if let Some(skip) = scope::skip(cells, at(Col::Seq), &data) {
            if let Skip::Title(t) = &skip
                && let Some(u) = scope.heading(t)
            {
                current = Some(u);
            }
            if skip != Skip::Blank {
                skipped.push(super::import::RowNote { row, skip });
            }
            continue;
        }
        let unit_cell = squash(&text(cells, Col::Unit));
        let name = collapse(&text(cells, Col::Name));
        if name.is_empty() {
            if let Named::One(u) = scope.named(&unit_cell) {
                current = Some(u);
                skipped.push(super::import::RowNote {
                    row,
                    skip: Skip::Title(unit_cell),
                });
            } else {
                problem(row, msg.roster_no_name());
            }
            continue;
        }
        let unit = if unit_cell.is_empty() {
            current.ok_or_else(|| msg.import_no_unit())
        } else {
            match scope.named(&unit_cell) {
                Named::One(u) => Ok(u),
                Named::Unknown => {
                    let names = scope.names();
                    Err(msg.import_unknown_unit(
                        &unit_cell,
                        suggest(&unit_cell, names.iter().copied()),
                    ))
                }
                Named::Many(us) => Err(msg.import_ambiguous_unit(&unit_cell, &scope.names_of(&us))),
            }
        };
        let u = match unit {
            Ok(u) => u,
            Err(e) => {
                problem(row, e);
                continue;
            }
        };
        current = Some(u);
        let id = text(cells, Col::Id);
        if !id.is_empty() && !valid_name(&id) {
            problem(row, msg.bad_name(&id));
            continue;
        }
        if !id.is_empty()
            && people[u]
                .iter()
                .any(|p| p.id.as_deref() == Some(id.as_str()))
        {
            problem(row, msg.duplicate_id(&id));
            continue;
        }
        let role_text = collapse(&text(cells, Col::Role));
        let role = role_of(&role_text);
        let status_text = text(cells, Col::Status);
        let Ok(status) = status_of(&status_text) else {
            problem(row, msg.roster_bad_status(&status_text));
            continue;
        };
        let mut private: Vec<(String, String)> = cols
            .iter()
            .filter(|(c, _, _)| *c == Col::Private)
            .filter_map(|(_, i, h)| {
                let v = cells.get(*i).map(Cell::text).unwrap_or_default();
                (!v.is_empty()).then(|| (h.clone(), collapse(&v)))
            })
            .collect();
        // A post that is not one of the roster's roles is kept, privately.
        if role.is_none() && !role_text.is_empty() {
            let header = cols
                .iter()
                .find(|(c, _, _)| *c == Col::Role)
                .map(|(_, _, h)| h.clone())
                .unwrap_or_default();
            private.insert(0, (header, role_text));
        }
        people[u].push(Person {
            row,
            id: (!id.is_empty()).then_some(id),
            name,
            role,
            status,
            private,
        });
    }
    report.skipped.extend(skipped);
    // Each unit's roster: who is there already, what is added.
    let mut writes = Vec::new();
    for (u, list) in people.iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        let unit = &scope.units[u];
        let path = unit.folder.dir.join("_roster.yaml");
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let shown = rel.display().to_string();
        let old = match std::fs::read_to_string(&path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(EditError::usage(
                    msg.cannot_read_file(&shown, &e.to_string()),
                ));
            }
        };
        let entries: Vec<RosterEntry> = match &old {
            Some(t) => {
                lookup::parse_roster(root, &path, t, msg).map_err(|d| EditError::content(d, msg))?
            }
            None => Vec::new(),
        };
        let mut taken: Vec<String> = entries.iter().map(|e| e.id.clone()).collect();
        let mut used = vec![false; entries.len()];
        let mut block = String::new();
        let mut plan = RosterPlan {
            path: rel.clone(),
            unit_name: unit.name.clone(),
            added: Vec::new(),
            existing: 0,
            created: old.is_none(),
        };
        for p in list {
            // Already there: by 编号, else the next unmatched entry of that name.
            let known = match &p.id {
                Some(id) => entries.iter().position(|e| e.id == *id),
                None => entries
                    .iter()
                    .enumerate()
                    .position(|(i, e)| !used[i] && squash(&e.name) == squash(&p.name)),
            };
            if let Some(i) = known {
                if squash(&entries[i].name) != squash(&p.name) {
                    report.problems.push(super::import::RowProblem {
                        row: p.row,
                        reason: msg.import_name_mismatch(&entries[i].id, &entries[i].name, &p.name),
                    });
                    continue;
                }
                used[i] = true;
                plan.existing += 1;
                continue;
            }
            let id = match &p.id {
                Some(id) => id.clone(),
                None => new_member_id(&p.name, scheme, &taken),
            };
            taken.push(id.clone());
            block.push_str(&entry_text(&id, p));
            plan.added.push((p.row, id, p.name.clone()));
        }
        if !block.is_empty() {
            let head = if old.is_none() {
                roster_head()
            } else {
                String::new()
            };
            let text = merge::append_entries(
                &format!("{}{head}", old.clone().unwrap_or_default()),
                &block,
            )
            .map_err(|_| EditError::usage(msg.import_cannot_extend(&shown)))?;
            lookup::parse_roster(root, &path, &text, msg)
                .map_err(|d| EditError::content(d, msg))?;
            writes.push((rel, text));
        }
        report.rosters.push(plan);
    }
    report.problems.sort_by_key(|p| p.row);
    if !opts.dry_run {
        for (rel, text) in &writes {
            replace_file(root, rel, text, msg)?;
        }
    }
    Ok(report)
}

/// The comment a new `_roster.yaml` starts with.
fn roster_head() -> String {
    "# 党员花名册（由 pledgeboard import roster 从表格导入）：每名党员一项，id 是党员编号，其承诺书就叫 <id>.md。\n# role、status 以外的栏目（电话、性别等）是私密信息，网站上永远不会公开。\n".to_string()
}

fn entry_text(id: &str, p: &Person) -> String {
    let mut s = format!("- id: {}\n  name: {}\n", yaml_text(id), yaml_text(&p.name));
    if let Some(r) = p.role {
        s.push_str(&format!("  role: {}\n", r.as_str()));
    }
    if let Some(st) = p.status {
        s.push_str(&format!("  status: {}\n", st.as_str()));
    }
    for (k, v) in &p.private {
        // Quoted, so a phone number stays text (leading zeros and all).
        let value = serde_json::to_string(v).unwrap_or_default();
        s.push_str(&format!("  {}: {value}\n", yaml_text(k)));
    }
    s
}

/// A column: its meaning, index and header text.
type Column = (Col, usize, String);

/// The header row (among the first 10 rows of each sheet): one naming 姓名
/// and at least one other roster column. Returns the columns with their
/// index and header text; unknown headers are private fields.
fn find_header(tables: &[Table]) -> Option<(&Table, usize, Vec<Column>)> {
    for t in tables {
        for (i, (_, cells)) in t.rows.iter().take(10).enumerate() {
            let mut cols: Vec<Column> = Vec::new();
            for (j, c) in cells.iter().enumerate() {
                let h = collapse(&c.text());
                if h.is_empty() {
                    continue;
                }
                let col = col_of(&h).unwrap_or(Col::Private);
                // The first column of a kind wins; a second is kept privately.
                let col = if col != Col::Private && cols.iter().any(|(k, _, _)| *k == col) {
                    Col::Private
                } else {
                    col
                };
                if col == Col::Private && (cols.iter().any(|(_, _, x)| *x == h) || !valid_key(&h)) {
                    continue;
                }
                cols.push((col, j, h));
            }
            let known = cols
                .iter()
                .filter(|(c, _, _)| !matches!(c, Col::Private | Col::Seq))
                .count();
            if cols.iter().any(|(c, _, _)| *c == Col::Name) && (known >= 2 || cols.len() >= 3) {
                return Some((t, i, cols));
            }
        }
    }
    None
}

/// A header that can be a private field's key: not one of the roster's
/// own fields (which must keep their meaning), and one line.
fn valid_key(h: &str) -> bool {
    !matches!(
        h.to_ascii_lowercase().as_str(),
        "id" | "name" | "role" | "status" | "exempt" | "exempt_reason"
    ) && !h.contains('\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_and_categories_as_departments_write_them() {
        assert_eq!(role_of("党支部书记"), Some(Role::Secretary));
        assert_eq!(role_of("副书记"), Some(Role::Committee));
        assert_eq!(role_of("组织委员"), Some(Role::Committee));
        assert_eq!(role_of("党员"), Some(Role::Member));
        assert_eq!(role_of("社区主任"), None);
        assert_eq!(status_of("在职"), Ok(Some(MemberStatus::Active)));
        assert_eq!(status_of("离退休"), Ok(Some(MemberStatus::Retired)));
        assert_eq!(status_of("流动党员"), Ok(Some(MemberStatus::Floating)));
        assert_eq!(status_of("无职党员"), Ok(Some(MemberStatus::NoPost)));
        assert_eq!(status_of(""), Ok(None));
        assert_eq!(status_of("优秀"), Err(()));
    }
}

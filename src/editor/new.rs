//! `pledgeboard new unit|pledge|note`: one new content file from a
//! commented template, checked against the site (the unit exists, the
//! member is on the roster, the item is on the sheet) before it is written.

use std::path::{Path, PathBuf};

use super::templates::{self, NoteTemplate, SheetTemplate};
use super::{EditError, find_unit, is_year, require_site, reserved, segments, unit_rel_dir};
use super::{valid_name, write_new};
use crate::content::lookup::{self, UnitFolder};
use crate::i18n::{Messages, suggest};
use crate::model::{Date, Keyword, NoteStatus, UNIT_SHEET, UnitKind};

/// `new unit <path> --kind K --name N`.
pub fn unit(
    root: &Path,
    path: &str,
    kind: &str,
    name: &str,
    msg: Messages,
) -> Result<PathBuf, EditError> {
    let (rel, text) = unit_plan(root, path, kind, name, msg)?;
    write_new(root, &rel, &text, msg)?;
    Ok(rel)
}

/// The `_unit.yaml` `unit` would write, not written yet: where (from the
/// site root), and its text. `serve --edit` writes the same file.
pub fn unit_plan(
    root: &Path,
    path: &str,
    kind: &str,
    name: &str,
    msg: Messages,
) -> Result<(PathBuf, String), EditError> {
    require_site(root, msg)?;
    let parts = segments(path);
    let Some((last, parents)) = parts.split_last() else {
        return Err(EditError::usage(msg.bad_unit_path(path)));
    };
    if let Some(bad) = parts.iter().find(|p| !valid_name(p)) {
        return Err(EditError::usage(msg.bad_name(bad)));
    }
    if let Some(year) = parts.iter().find(|p| is_year(p)) {
        return Err(EditError::usage(msg.unit_named_like_year(year)));
    }
    if parents.is_empty() && reserved(last) {
        return Err(EditError::usage(msg.reserved_name(last)));
    }
    let Some(kind) = UnitKind::parse(kind) else {
        return Err(EditError::usage(msg.unknown_keyword(
            UnitKind::CHOICES,
            "--kind",
            kind,
        )));
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(EditError::usage(msg.empty_text("--name")));
    }
    // The parent must be a unit (or content/ itself), or the new unit
    // would be ignored by the build.
    let parent = parents.join("/");
    if !parent.is_empty() {
        find_unit(root, &parent, msg)?;
    }
    let rel = unit_rel_dir(&parts.join("/")).join("_unit.yaml");
    if root.join(&rel).exists() {
        return Err(EditError::usage(
            msg.file_exists(&rel.display().to_string()),
        ));
    }
    Ok((rel, templates::unit_yaml(name, kind.as_str())))
}

/// A `<unit>/<year>/<pledger>` argument, resolved against the site.
struct SheetTarget {
    unit: UnitFolder,
    year: i32,
    id: String,
}

fn sheet_target(root: &Path, arg: &str, msg: Messages) -> Result<SheetTarget, EditError> {
    let parts = segments(arg);
    let n = parts.len();
    if n < 2 || !is_year(&parts[n - 2]) {
        return Err(EditError::usage(msg.bad_sheet_path(arg)));
    }
    let id = parts[n - 1].clone();
    if id != UNIT_SHEET && !valid_name(&id) {
        return Err(EditError::usage(msg.bad_name(&id)));
    }
    let year: i32 = parts[n - 2]
        .parse()
        .map_err(|_| EditError::usage(msg.bad_sheet_path(arg)))?;
    let unit = find_unit(root, &parts[..n - 2].join("/"), msg)?;
    Ok(SheetTarget { unit, year, id })
}

/// `new pledge <unit>/<year>/<member-id> [--name N]`; `_unit` as the id
/// makes the unit's own pledge sheet.
pub fn pledge(
    root: &Path,
    arg: &str,
    name: Option<&str>,
    msg: Messages,
) -> Result<PathBuf, EditError> {
    let (rel, text) = pledge_plan(root, arg, name, msg)?;
    write_new(root, &rel, &text, msg)?;
    Ok(rel)
}

/// The sheet `pledge` would write, not written yet: where (from the
/// site root), and its text. `serve --edit` writes the same file.
pub fn pledge_plan(
    root: &Path,
    arg: &str,
    name: Option<&str>,
    msg: Messages,
) -> Result<(PathBuf, String), EditError> {
    require_site(root, msg)?;
    let t = sheet_target(root, arg, msg)?;
    let unit = lookup::read_unit(root, &t.unit.dir, msg).map_err(|d| EditError::content(d, msg))?;
    let rel = unit_rel_dir(&t.unit.path)
        .join(t.year.to_string())
        .join(format!("{}.md", t.id));
    if t.id == UNIT_SHEET {
        let approver = upper_level_name(root, &t.unit.path, msg);
        let text = templates::sheet(&SheetTemplate {
            name: None,
            role: None,
            approver: &approver,
            year: t.year,
            approved: None,
            items: None,
            body: "",
        });
        return Ok((rel, text));
    }
    let roster = lookup::read_roster(root, &t.unit.dir, t.year, msg)
        .map_err(|d| EditError::content(d, msg))?;
    let mut role = None;
    let mut roster_name = None;
    if let Some(roster) = &roster {
        let Some(entry) = roster.iter().find(|e| e.id == t.id) else {
            let hint = suggest(&t.id, roster.iter().map(|e| e.id.as_str()));
            return Err(EditError::usage(msg.unknown_member(&t.id, hint)));
        };
        if entry.exempt_in(t.year) {
            return Err(EditError::usage(msg.exempt_no_pledge(&t.id, t.year)));
        }
        role = entry.role.map(|r| msg.role_label(r));
        roster_name = Some(entry.name.clone()).filter(|n| !n.is_empty());
    }
    let name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .or(roster_name)
        .ok_or_else(|| EditError::usage(msg.name_required(&t.id)))?;
    let text = templates::sheet(&SheetTemplate {
        name: Some(&name),
        role: role.as_deref(),
        approver: &unit.name,
        year: t.year,
        approved: None,
        items: None,
        body: "",
    });
    Ok((rel, text))
}

/// The name of the unit above `path` (who approves a unit's own pledge).
fn upper_level_name(root: &Path, path: &str, msg: Messages) -> String {
    let units = lookup::unit_folders(root);
    let mut parent = path.rsplit_once('/').map(|(p, _)| p.to_string());
    if parent.is_none() && !path.is_empty() {
        parent = Some(String::new());
    }
    parent
        .and_then(|p| units.into_iter().find(|u| u.path == p))
        .and_then(|u| lookup::read_unit(root, &u.dir, msg).ok())
        .map(|u| u.name)
        .unwrap_or_else(|| msg.upper_level())
}

/// What `new note` is asked for.
pub struct NoteRequest<'a> {
    pub target: &'a str,
    pub items: &'a [String],
    pub progress: Option<i64>,
    pub status: Option<&'a str>,
    /// The approved new deadline; only with `status: delayed`.
    pub deadline: Option<Date>,
    pub title: Option<&'a str>,
    pub today: Date,
}

/// `new note <unit>/<year>/<pledger> --item ID [--progress N] [--status S]
/// [--deadline D] [--title T]`.
pub fn note(root: &Path, req: &NoteRequest, msg: Messages) -> Result<PathBuf, EditError> {
    let plan = note_plan(root, req, msg)?;
    write_new(root, &plan.rel, &plan.text, msg)?;
    Ok(plan.rel)
}

/// The note `note` would write, not written yet: where, and its text
/// (which ends with the front matter's closing `---`: the body follows).
/// `serve --edit` writes the same file through it.
pub struct NotePlan {
    /// From the site root (`content/…/<year>/<pledger>/<stem>.md`).
    pub rel: PathBuf,
    pub stem: String,
    pub text: String,
}

/// Checks a `new note` request against the site and makes its file's
/// name and text.
pub fn note_plan(root: &Path, req: &NoteRequest, msg: Messages) -> Result<NotePlan, EditError> {
    require_site(root, msg)?;
    let t = sheet_target(root, req.target, msg)?;
    let year_dir = unit_rel_dir(&t.unit.path).join(t.year.to_string());
    let sheet_path = root.join(&year_dir).join(format!("{}.md", t.id));
    if !sheet_path.is_file() {
        let existing = sheet_ids(&root.join(&year_dir));
        let hint = suggest(&t.id, existing.iter().map(String::as_str));
        return Err(EditError::usage(msg.no_such_sheet(
            &year_dir.join(format!("{}.md", t.id)).display().to_string(),
            hint,
        )));
    }
    let sheet =
        lookup::read_sheet(root, &sheet_path, msg).map_err(|d| EditError::content(d, msg))?;
    let known: Vec<&str> = sheet.items.iter().map(|i| i.id.as_str()).collect();
    if req.items.is_empty() {
        return Err(EditError::usage(msg.note_needs_item(&known)));
    }
    for item in req.items {
        if !known.contains(&item.as_str()) {
            let hint = suggest(item, known.iter().copied());
            return Err(EditError::usage(msg.note_unknown_item(item, &known, hint)));
        }
    }
    let progress = match req.progress {
        Some(p) if !(0..=100).contains(&p) => {
            return Err(EditError::usage(msg.int_range("--progress", 0, 100)));
        }
        p => p.map(|p| p as u8),
    };
    let status = match req.status {
        Some(s) => {
            let Some(st) = NoteStatus::parse(s) else {
                return Err(EditError::usage(msg.unknown_keyword(
                    NoteStatus::CHOICES,
                    "--status",
                    s,
                )));
            };
            Some(st.as_str())
        }
        None => None,
    };
    // The loader's rule (docs/spec.md §5), said before a file that breaks it exists.
    if req.deadline.is_some() && status != Some(NoteStatus::Delayed.as_str()) {
        return Err(EditError::usage(msg.deadline_option_needs_delayed()));
    }
    if req.today.year() != t.year {
        return Err(EditError::usage(
            msg.note_date_outside_year(&req.today.to_string(), t.year),
        ));
    }
    let title = req.title.map(str::trim).filter(|s| !s.is_empty());
    let notes_dir = year_dir.join(&t.id);
    let stem = note_stem(&root.join(&notes_dir), req.today, title);
    let first = &req.items[0];
    let item_title = sheet
        .items
        .iter()
        .find(|i| &i.id == first)
        .map(|i| i.title.as_str())
        .unwrap_or("");
    let text = templates::note(&NoteTemplate {
        items: req.items,
        item_title,
        progress,
        status,
        deadline: req.deadline,
        title,
    });
    let rel = notes_dir.join(format!("{stem}.md"));
    Ok(NotePlan { rel, stem, text })
}

/// The ids of the sheets in a year folder.
fn sheet_ids(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter_map(|n| n.strip_suffix(".md").map(str::to_string))
        .collect();
    ids.sort();
    ids
}

/// An ASCII slug from a title, or `None` when the title is not plain
/// ASCII (pinyin is never guessed: 重庆 is not "zhong-qing").
pub fn slug(title: &str) -> Option<String> {
    if !title.is_ascii() {
        return None;
    }
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(60).collect();
    let out = out.trim_end_matches('-').to_string();
    (!out.is_empty()).then_some(out)
}

/// `<date>-<slug>` from the title, else `<date>-1`, `<date>-2` …; a name
/// already taken gets the next free counter, so nothing is overwritten.
pub fn note_stem(dir: &Path, date: Date, title: Option<&str>) -> String {
    let taken = |stem: &str| dir.join(format!("{stem}.md")).exists();
    let base = match title.and_then(slug) {
        Some(s) => format!("{date}-{s}"),
        None => {
            let mut n = 1;
            while taken(&format!("{date}-{n}")) {
                n += 1;
            }
            return format!("{date}-{n}");
        }
    };
    if !taken(&base) {
        return base;
    }
    let mut n = 2;
    while taken(&format!("{base}-{n}")) {
        n += 1;
    }
    format!("{base}-{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_only() {
        assert_eq!(slug("Job Fair #1").as_deref(), Some("job-fair-1"));
        assert_eq!(slug("  --x--  ").as_deref(), Some("x"));
        assert_eq!(slug("第一场招聘会"), None);
        assert_eq!(slug("招聘会 job fair"), None);
        assert_eq!(slug("!!!"), None);
    }

    #[test]
    fn note_stems_never_collide() {
        let dir = tempfile::tempdir().expect("tmp");
        let d = Date::parse("2026-03-15").expect("date");
        assert_eq!(note_stem(dir.path(), d, None), "2026-03-15-1");
        std::fs::write(dir.path().join("2026-03-15-1.md"), "").expect("write");
        assert_eq!(note_stem(dir.path(), d, Some("招聘会")), "2026-03-15-2");
        assert_eq!(
            note_stem(dir.path(), d, Some("Job fair")),
            "2026-03-15-job-fair"
        );
        std::fs::write(dir.path().join("2026-03-15-job-fair.md"), "").expect("write");
        assert_eq!(
            note_stem(dir.path(), d, Some("Job fair")),
            "2026-03-15-job-fair-2"
        );
    }
}

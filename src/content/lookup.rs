//! Reading single files for the editors' commands (`new`, `import`): which
//! units exist, a unit's name, the roster in force for a year, a sheet's
//! items. The same rules as a full load, without loading the whole site, so
//! one broken file elsewhere does not stop an editor from adding another.

use std::path::{Path, PathBuf};

use super::fields::FileCx;
use super::walk::{self, rel};
use super::{pledge, site_yaml, source, unit_yaml};
use crate::diag::Diagnostic;
use crate::i18n::Messages;
use crate::model::{Item, RosterEntry, SiteConfig, UNIT_SHEET, UnitKind};

/// A unit folder: its path below `content/` (`""` for the root unit) and
/// its folder on disk.
#[derive(Clone, Debug)]
pub struct UnitFolder {
    pub path: String,
    pub dir: PathBuf,
}

/// Every unit folder of the site at `root`, in tree order, found by the
/// same rules as a build (folders without `_unit.yaml` cut off their subtree).
pub fn unit_folders(root: &Path) -> Vec<UnitFolder> {
    let content = root.join("content");
    if !content.is_dir() {
        return Vec::new();
    }
    let msg = Messages::default();
    let mut ignored = Vec::new();
    let tree = walk::list_tree(root, &content, msg, &mut ignored, false, None);
    walk::find_units(root, &content, tree, msg, &mut ignored)
        .into_iter()
        .map(|u| UnitFolder {
            path: u.path,
            dir: u.dir,
        })
        .collect()
}

/// Reads `site.yaml`.
pub fn read_site(root: &Path, msg: Messages) -> Result<SiteConfig, Vec<Diagnostic>> {
    let path = root.join("site.yaml");
    let mut cx = FileCx::new(&rel(root, &path), msg);
    let config = source::read_text(&mut cx, &path)
        .and_then(|t| source::parse_yaml(&mut cx, &t))
        .and_then(|n| site_yaml::read(&mut cx, &n));
    match config {
        Some(c) if !cx.has_errors() => Ok(c),
        _ => Err(cx.diags),
    }
}

/// The fields of `_unit.yaml` the editors' commands need.
#[derive(Clone, Debug)]
pub struct UnitInfo {
    pub name: String,
    pub kind: UnitKind,
    /// `aliases:` — other names spreadsheets use for the unit.
    pub aliases: Vec<String>,
}

/// Reads a unit's `_unit.yaml`.
pub fn read_unit(root: &Path, dir: &Path, msg: Messages) -> Result<UnitInfo, Vec<Diagnostic>> {
    let path = dir.join("_unit.yaml");
    let mut cx = FileCx::new(&rel(root, &path), msg);
    let unit = source::read_text(&mut cx, &path)
        .and_then(|t| source::parse_yaml(&mut cx, &t))
        .and_then(|n| unit_yaml::read_unit(&mut cx, &n));
    match unit {
        Some(u) if !cx.has_errors() => Ok(UnitInfo {
            name: u.name,
            kind: u.kind,
            aliases: u.aliases,
        }),
        _ => Err(cx.diags),
    }
}

/// The roster in force for `year` in the unit at `dir`: the year's own
/// `_roster.yaml`, else the unit's; `None` when the unit keeps none.
pub fn read_roster(
    root: &Path,
    dir: &Path,
    year: i32,
    msg: Messages,
) -> Result<Option<Vec<RosterEntry>>, Vec<Diagnostic>> {
    let path = roster_path(dir, year);
    if !path.is_file() {
        return Ok(None);
    }
    let mut cx = FileCx::new(&rel(root, &path), msg);
    let Some(text) = source::read_text(&mut cx, &path) else {
        return Err(cx.diags);
    };
    parse_roster(root, &path, &text, msg).map(Some)
}

/// The file `read_roster` reads for `year` (which may not exist yet: then
/// the unit's own `_roster.yaml`, where a new roster goes).
pub fn roster_path(dir: &Path, year: i32) -> PathBuf {
    let year_roster = dir.join(year.to_string()).join("_roster.yaml");
    if year_roster.is_file() {
        year_roster
    } else {
        dir.join("_roster.yaml")
    }
}

/// Reads a roster from `text` as if it were the file at `path` (so an
/// import can check what it would write before writing it).
pub fn parse_roster(
    root: &Path,
    path: &Path,
    text: &str,
    msg: Messages,
) -> Result<Vec<RosterEntry>, Vec<Diagnostic>> {
    let mut cx = FileCx::new(&rel(root, path), msg);
    let roster =
        source::parse_yaml(&mut cx, text).and_then(|n| unit_yaml::read_roster(&mut cx, &n));
    match roster {
        Some(r) if !cx.has_errors() => Ok(r),
        _ => Err(cx.diags),
    }
}

/// The parts of a pledge sheet a new note needs.
#[derive(Clone, Debug)]
pub struct SheetInfo {
    pub name: Option<String>,
    pub items: Vec<Item>,
}

/// Reads one pledge sheet (`<year>/<id>.md`).
pub fn read_sheet(root: &Path, path: &Path, msg: Messages) -> Result<SheetInfo, Vec<Diagnostic>> {
    let mut cx = FileCx::new(&rel(root, path), msg);
    match source::read_text(&mut cx, path) {
        Some(text) => parse_sheet(root, path, &text, msg),
        None => Err(cx.diags),
    }
}

/// Reads a pledge sheet from `text` as if it were the file at `path`.
pub fn parse_sheet(
    root: &Path,
    path: &Path,
    text: &str,
    msg: Messages,
) -> Result<SheetInfo, Vec<Diagnostic>> {
    let is_unit = path.file_stem().is_some_and(|s| s == UNIT_SHEET);
    let mut cx = FileCx::new(&rel(root, path), msg);
    let sheet =
        source::parse_page(&mut cx, text).and_then(|p| pledge::read_sheet(&mut cx, p, is_unit));
    match sheet {
        Some(s) if !cx.has_errors() => Ok(SheetInfo {
            name: s.name,
            items: s.items,
        }),
        _ => Err(cx.diags),
    }
}

/// A whole sheet as the build reads it, notes aside: what `serve --edit`
/// shows of a sheet not yet approved (a draft, which the site model
/// holds only by id).
pub fn read_whole_sheet(
    root: &Path,
    path: &Path,
    msg: Messages,
) -> Result<crate::model::Sheet, Vec<Diagnostic>> {
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    let mut cx = FileCx::new(&rel(root, path), msg);
    let sheet = source::read_text(&mut cx, path)
        .and_then(|t| source::parse_page(&mut cx, &t))
        .and_then(|p| pledge::read_sheet(&mut cx, p, id == UNIT_SHEET));
    match sheet {
        Some(s) if !cx.has_errors() => Ok(crate::model::Sheet {
            id,
            name: s.name,
            name_pos: s.name_pos,
            role: s.role,
            form: s.form,
            approved: s.approved,
            published: s.published,
            items: s.items,
            body: s.body,
            extra: s.extra,
            fields: s.fields,
            notes: Vec::new(),
        }),
        _ => Err(cx.diags),
    }
}

/// Reads a progress note from `text` as if it were the file at `path`
/// (`<year>/<sheet>/<stem>.md`), with the build's rules: `items` are the
/// ids on its sheet. What `serve --edit` checks before it writes a note.
pub fn parse_note(
    root: &Path,
    path: &Path,
    text: &str,
    year: i32,
    items: &[&str],
    msg: Messages,
) -> Result<crate::model::Note, Vec<Diagnostic>> {
    let mut cx = FileCx::new(&rel(root, path), msg);
    if text.len() as u64 > source::max_bytes(path) {
        let limit = source::max_bytes(path) >> 20;
        let size = (text.len() as u64).div_ceil(1 << 20);
        cx.error(
            crate::model::Pos::default(),
            msg.file_too_large(size, limit),
        );
        return Err(cx.diags);
    }
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let note = source::parse_page(&mut cx, text)
        .and_then(|p| pledge::read_note(&mut cx, p, stem, year, Some(items)));
    match note {
        Some(n) if !cx.has_errors() => Ok(n),
        _ => Err(cx.diags),
    }
}

/// Checks a year's `_review.yaml` from `text` as if it were the file at
/// `path`, with the build's rules: `sheets` are the year's sheet ids.
pub fn parse_review(
    root: &Path,
    path: &Path,
    text: &str,
    sheets: &[&str],
    msg: Messages,
) -> Result<(), Vec<Diagnostic>> {
    let mut cx = FileCx::new(&rel(root, path), msg);
    if let Some(node) = source::parse_yaml(&mut cx, text) {
        pledge::read_reviews(&mut cx, &node, sheets);
    }
    if cx.has_errors() {
        Err(cx.diags)
    } else {
        Ok(())
    }
}

//! **新建承诺书** on a board: a roster member of the year who has no
//! pledge sheet yet gets the sheet `pledgeboard new pledge` writes
//! (`editor::new::pledge_plan`: name and role from the roster, approval
//! left commented out). The member is picked from the site model's
//! roster, never named by the request.

use std::path::{Path, PathBuf};

use super::Outcome;
use super::form::Form;
use super::html::{Fill, esc, t};
use super::write::{self, Refused};
use crate::content::lookup;
use crate::editor::{new, unit_rel_dir};
use crate::i18n::Messages;
use crate::model::{Lang, Site, Unit};

pub const FORM: &str = "pledge";

/// A board found in the site model from a page's folder.
pub struct Board<'a> {
    pub unit: &'a Unit,
    pub year: i32,
    pub dir: String,
}

/// The board whose page is in folder `dir` (`<unit>/<year>`, the root
/// unit's is `<year>`).
pub fn locate<'a>(site: &'a Site, dir: &str) -> Option<Board<'a>> {
    let (unit_path, year) = match dir.rsplit_once('/') {
        Some((u, y)) => (u, y),
        None => ("", dir),
    };
    let year: i32 = year.parse().ok()?;
    let unit = site.units.iter().find(|u| u.path == unit_path)?;
    unit.years.get(&year)?;
    let board = Board {
        unit,
        year,
        dir: dir.to_string(),
    };
    (crate::render::urls::board_dir(&unit.path, year) == dir).then_some(board)
}

/// The roster file in force for the board's year (what the form's
/// version is taken of).
pub fn roster_file(root: &Path, b: &Board) -> PathBuf {
    let dir = root.join(unit_rel_dir(&b.unit.path));
    lookup::roster_path(&dir, b.year)
}

/// Members of the year's roster without a sheet (published or draft),
/// not exempt: (id, name).
pub fn without_sheet(root: &Path, b: &Board) -> Vec<(String, String)> {
    let Some(roster) = b.unit.roster_for(b.year) else {
        return Vec::new();
    };
    let year_dir = root
        .join(unit_rel_dir(&b.unit.path))
        .join(b.year.to_string());
    roster
        .iter()
        .filter(|e| !e.exempt_in(b.year))
        .filter(|e| !year_dir.join(format!("{}.md", e.id)).exists())
        .map(|e| (e.id.clone(), e.name.clone()))
        .collect()
}

pub fn fields(root: &Path, b: &Board, lang: Lang, fill: &Fill) -> String {
    let members = without_sheet(root, b);
    let mut s = fill.error("");
    if members.is_empty() {
        s.push_str(&format!("<p>{}</p>", t(lang, "edit_all_pledged")));
        return s;
    }
    s.push_str(&format!(
        "<fieldset{}><legend>{}</legend>",
        fill.aria("member"),
        t(lang, "edit_without_sheet")
    ));
    for (id, name) in &members {
        s.push_str(&format!(
            "<label class=\"pb-check\"><input type=\"radio\" name=\"member\" value=\"{v}\"{c}>{n} <code>{v}</code></label>",
            v = esc(id),
            n = esc(name),
            c = if fill.checked("member", id, false) { " checked" } else { "" },
        ));
    }
    s.push_str(&fill.error("member"));
    s.push_str("</fieldset>");
    s.push_str(&format!(
        "<p>{}</p><p><button type=\"submit\">{}</button></p>",
        t(lang, "edit_new_sheet_hint"),
        t(lang, "edit_pledge_create")
    ));
    s
}

pub fn submit(root: &Path, b: &Board, form: &Form, msg: Messages) -> Outcome {
    let lang = msg.lang;
    let member = form.get("member");
    let candidates = without_sheet(root, b);
    let Some((id, _)) = candidates.iter().find(|(id, _)| id == member) else {
        return Outcome::Invalid(vec![(
            "member".into(),
            t(lang, "edit_pick_member").to_string(),
        )]);
    };
    let arg = crate::render::urls::sheet_dir(&b.unit.path, b.year, id);
    let (rel, text) = match new::pledge_plan(root, &arg, None, msg) {
        Ok(p) => p,
        Err(e) => return Outcome::Invalid(super::note::refusal(e, msg)),
    };
    if let Err(diags) = lookup::parse_sheet(root, &root.join(&rel), &text, msg) {
        return Outcome::from_diags(&diags);
    }
    match write::create(root, &rel, text.as_bytes()) {
        Ok(()) => Outcome::Saved(rel),
        Err(Refused::Exists) => Outcome::Invalid(vec![(
            "member".into(),
            msg.file_exists(&rel.display().to_string()),
        )]),
        Err(e) => Outcome::Refused(e),
    }
}

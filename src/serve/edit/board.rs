//! **新建承诺书** on a board: a roster member of the year who has no
//! pledge sheet yet gets the sheet `pledgeboard new pledge` writes
//! (`editor::new::pledge_plan`: name and role from the roster, approval
//! left commented out). The member is picked from the site model's
//! roster, never named by the request.

use std::path::{Path, PathBuf};

use super::Outcome;
use super::form::Form;
use super::html::{Fill, esc, l};
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
        s.push_str(&format!(
            "<p>{}</p>",
            l(
                lang,
                "花名册上的每一位党员都已经有承诺书了。",
                "Every member on the roster has a pledge sheet."
            )
        ));
        return s;
    }
    s.push_str(&format!(
        "<fieldset{}><legend>{}</legend>",
        fill.aria("member"),
        l(
            lang,
            "还没有承诺书的党员（名字和职务取自花名册）",
            "Members without a pledge sheet (name and role from the roster)"
        )
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
        l(lang, "新建的承诺书还没有审定，所以先不公示：请在承诺书文件里写好承诺事项，审定后去掉 approved 一行前面的 #。", "A new sheet is not approved yet, so it is not published: write its items in the file, and once approved remove the # before its approved line."),
        l(lang, "新建承诺书", "Create the pledge sheet")
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
            l(
                lang,
                "请从列表中选一位还没有承诺书的党员",
                "pick a member without a pledge sheet from the list",
            )
            .to_string(),
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

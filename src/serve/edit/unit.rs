//! A unit's page: its roster as a table (the private columns shown only
//! here, marked 不公开) with a row to add a member (appended to
//! `_roster.yaml`, every other byte kept), and **新建下级组织** (the
//! `_unit.yaml` `pledgeboard new unit` writes).

use std::path::{Path, PathBuf};

use super::Outcome;
use super::form::Form;
use super::html::{Fill, esc, t};
use super::lines;
use super::write;
use crate::content::lookup;
use crate::content::yaml::{self, Value};
use crate::editor::{new, unit_rel_dir, valid_name, yaml_text};
use crate::i18n::Messages;
use crate::model::{Keyword, Lang, MemberStatus, Role, Site, Unit, UnitKind};

pub const ROSTER: &str = "roster";
pub const SUBUNIT: &str = "subunit";

/// The published roster fields; any other column is private.
const PUBLIC: &[&str] = &["id", "name", "role", "status"];

/// The unit whose page is in folder `dir` (`""`: the root unit, whose
/// page is the home page).
pub fn locate<'a>(site: &'a Site, dir: &str) -> Option<&'a Unit> {
    site.units.iter().find(|u| u.path == dir).map(|u| &**u)
}

/// The unit's own `_roster.yaml`, from the site root.
pub fn roster_file(unit: &Unit) -> PathBuf {
    unit_rel_dir(&unit.path).join("_roster.yaml")
}

/// One roster entry's key as written: its text, and whether the table
/// may edit it (text, or the member's role or status; a list or a
/// number such as `exempt: 2026` is shown only).
struct Cell {
    key: String,
    text: String,
    editable: bool,
}

/// The roster as written: each entry's cells.
fn rows(root: &Path, unit: &Unit) -> Vec<Vec<Cell>> {
    let Ok(text) = std::fs::read_to_string(root.join(roster_file(unit))) else {
        return Vec::new();
    };
    let Ok(node) = yaml::parse(&text, 1) else {
        return Vec::new();
    };
    let Value::Seq(entries) = node.value else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|e| match &e.value {
            Value::Map(m) => Some(
                m.iter()
                    .map(|(k, v)| {
                        let (text, editable) = match &v.value {
                            Value::Str(s) => (s.clone(), k.name != "id"),
                            _ => (v.raw.clone().unwrap_or_default(), false),
                        };
                        Cell {
                            key: k.name.clone(),
                            text,
                            editable,
                        }
                    })
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

fn cell<'a>(row: &'a [Cell], key: &str) -> Option<&'a Cell> {
    row.iter().find(|c| c.key == key)
}

/// The `<option>`s of keyword `K`, `chosen` selected, after a `none` one.
fn options<K: Keyword>(chosen: &str, none: Option<&str>) -> String {
    let mut o = none
        .map(|n| format!("<option value=\"\">{}</option>", esc(n)))
        .unwrap_or_default();
    for (kw, zh) in K::choices() {
        o.push_str(&format!(
            "<option value=\"{kw}\"{}>{}</option>",
            if chosen == kw { " selected" } else { "" },
            esc(zh)
        ));
    }
    o
}

fn select<K: Keyword>(fill: &Fill, name: &str, label: &str, none: Option<&str>) -> String {
    format!(
        "<p class=\"pb-field\"><label for=\"{id}\">{}</label><select id=\"{id}\" name=\"{name}\"{}>{}</select>{}</p>",
        esc(label),
        fill.aria(name),
        options::<K>(&fill.value(name, ""), none),
        fill.error(name),
        id = fill.id(name),
    )
}

/// The form field of a roster cell: `f-<key>:<id>` (`f-` keeps a column
/// named like another field apart).
fn field(key: &str, id: &str) -> String {
    format!("f-{key}:{id}")
}

/// A table cell's control: a select for role and status, else a text
/// input; labelled by its column and the member.
fn cell_control(
    fill: &Fill,
    key: &str,
    id: &str,
    who: &str,
    c: Option<&Cell>,
    lang: Lang,
) -> String {
    let name = field(key, id);
    let value = fill.value(&name, c.map_or("", |c| c.text.as_str()));
    let label = esc(&format!("{who} {key}"));
    let attrs = format!(
        "id=\"{}\" name=\"{name}\" aria-label=\"{label}\"{}",
        fill.id(&name),
        fill.aria(&name)
    );
    let none = Some(t(lang, "edit_none"));
    let control = match key {
        "role" => format!("<select {attrs}>{}</select>", options::<Role>(&value, none)),
        "status" => format!(
            "<select {attrs}>{}</select>",
            options::<MemberStatus>(&value, none)
        ),
        _ => format!("<input type=\"text\" {attrs} value=\"{}\">", esc(&value)),
    };
    format!("<td>{control}{}</td>", fill.error(&name))
}

/// The table's columns: the published ones, then every other key any
/// entry has (private), in the order first written.
fn columns(rows: &[Vec<Cell>]) -> Vec<String> {
    let mut cols: Vec<String> = PUBLIC.iter().map(|c| c.to_string()).collect();
    for r in rows {
        for c in r {
            if !cols.contains(&c.key) {
                cols.push(c.key.clone());
            }
        }
    }
    cols
}

pub fn roster_fields(root: &Path, unit: &Unit, lang: Lang, fill: &Fill) -> String {
    let rows = rows(root, unit);
    let cols = columns(&rows);
    let mut s = fill.error("");
    s.push_str("<div style=\"overflow-x:auto\"><table><thead><tr>");
    for c in &cols {
        let private = if PUBLIC.contains(&c.as_str()) {
            String::new()
        } else {
            format!(
                " <span class=\"pb-private\">{}</span>",
                t(lang, "edit_private")
            )
        };
        s.push_str(&format!("<th>{}{private}</th>", esc(c)));
    }
    s.push_str(&format!("<th>{}</th>", t(lang, "edit_remove_member")));
    s.push_str("</tr></thead><tbody>");
    for r in &rows {
        let id = cell(r, "id").map_or("", |c| c.text.as_str());
        let who = cell(r, "name").map_or(id, |c| c.text.as_str());
        s.push_str("<tr>");
        for key in &cols {
            let c = cell(r, key);
            let editable = c.is_none_or(|c| c.editable) && key != "id" && !id.is_empty();
            if editable {
                s.push_str(&cell_control(fill, key, id, who, c, lang));
            } else {
                s.push_str(&format!(
                    "<td>{}</td>",
                    esc(c.map_or("", |c| c.text.as_str()))
                ));
            }
        }
        let rname = format!("remove:{id}");
        s.push_str(&format!(
            "<td><input type=\"checkbox\" id=\"{rid}\" name=\"{rname}\" value=\"1\" aria-label=\"{} {}\"{}{}>{}</td>",
            t(lang, "edit_remove_member"),
            esc(who),
            if fill.checked(&rname, "1", false) { " checked" } else { "" },
            fill.aria(&rname),
            fill.error(&rname),
            rid = fill.id(&rname),
        ));
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div>");
    s.push_str(&format!(
        "<p><strong>{}</strong></p>",
        t(lang, "edit_add_member")
    ));
    s.push_str(&fill.input("id", t(lang, "edit_member_id"), "text", "", ""));
    s.push_str(&fill.input("name", t(lang, "edit_member_name"), "text", "", ""));
    s.push_str(&select::<Role>(
        fill,
        "role",
        t(lang, "edit_member_role"),
        Some(t(lang, "edit_none")),
    ));
    s.push_str(&select::<MemberStatus>(
        fill,
        "status",
        t(lang, "edit_member_status"),
        None,
    ));
    s.push_str(&fill.input("phone", t(lang, "edit_member_phone"), "text", "", ""));
    s.push_str(&format!(
        "<p><button type=\"submit\">{}</button></p>",
        t(lang, "edit_save_roster")
    ));
    s
}

pub fn subunit_fields(lang: Lang, fill: &Fill) -> String {
    let mut s = fill.error("");
    s.push_str(&fill.input("slug", t(lang, "edit_subunit_slug"), "text", "", ""));
    s.push_str(&fill.input("name", t(lang, "edit_subunit_name"), "text", "", ""));
    s.push_str(&select::<UnitKind>(
        fill,
        "kind",
        t(lang, "edit_subunit_kind"),
        None,
    ));
    s.push_str(&format!(
        "<p><button type=\"submit\">{}</button></p>",
        t(lang, "edit_subunit_create")
    ));
    s
}

/// A member's pledge sheet in any year of the unit, from the site root.
fn sheet_of(root: &Path, unit: &Unit, id: &str) -> Option<PathBuf> {
    unit.years.keys().find_map(|year| {
        let rel = unit_rel_dir(&unit.path)
            .join(year.to_string())
            .join(format!("{id}.md"));
        root.join(&rel).is_file().then_some(rel)
    })
}

/// A changed cell's value as written: the keywords as they are, the name
/// as text, a private column always quoted (a phone number is text, and
/// a plain 0731… would not be).
fn cell_value(key: &str, sent: &str) -> String {
    match key {
        "role" | "status" => sent.to_string(),
        "name" => yaml_text(sent),
        _ => serde_json::to_string(sent).unwrap_or_default(),
    }
}

/// The roster form: the table's changed cells, members removed, and a
/// member added.
pub fn submit(root: &Path, unit: &Unit, form: &Form, version: &str, msg: Messages) -> Outcome {
    let lang = msg.lang;
    let rel = roster_file(unit);
    let text = std::fs::read_to_string(root.join(&rel)).unwrap_or_default();
    let mut lines = lines::split(&text);
    let mut errors = Vec::new();
    let rows = rows(root, unit);
    let cols = columns(&rows);
    let mut removed = Vec::new();
    for r in &rows {
        let Some(id) = cell(r, "id").map(|c| c.text.as_str()) else {
            continue;
        };
        let rname = format!("remove:{id}");
        if form.get(&rname) == "1" {
            match sheet_of(root, unit, id) {
                Some(sheet) => errors.push((
                    rname,
                    msg.edit_member_has_sheet(id, &sheet.display().to_string()),
                )),
                None => removed.push(id),
            }
            continue;
        }
        for key in cols.iter().map(String::as_str).filter(|k| *k != "id") {
            let name = field(key, id);
            let c = cell(r, key);
            if !form.has(&name) || c.is_some_and(|c| !c.editable) {
                continue;
            }
            let sent = form.get(&name);
            if sent == c.map_or("", |c| c.text.as_str()) {
                continue;
            }
            let bad = match key {
                "name" if sent.is_empty() => Some(msg.empty_text("name")),
                "role" if !sent.is_empty() && Role::parse(sent).is_none() => {
                    Some(msg.unknown_keyword(Role::CHOICES, "role", sent))
                }
                "status" if !sent.is_empty() && MemberStatus::parse(sent).is_none() => {
                    Some(msg.unknown_keyword(MemberStatus::CHOICES, "status", sent))
                }
                _ => None,
            };
            if let Some(m) = bad {
                errors.push((name, m));
                continue;
            }
            let Some(block) = lines::entry_by_id(&lines, (0, lines.len()), id) else {
                errors.push((name, t(lang, "edit_not_one_key_a_line").to_string()));
                continue;
            };
            let value = (!sent.is_empty()).then(|| cell_value(key, sent));
            lines::set_in_block(&mut lines, block, key, value.as_deref());
        }
    }
    for id in removed {
        match lines::entry_by_id(&lines, (0, lines.len()), id) {
            Some((start, end, _)) => {
                lines.drain(start..end);
            }
            None => errors.push((
                format!("remove:{id}"),
                t(lang, "edit_not_one_key_a_line").to_string(),
            )),
        }
    }
    let (id, name) = (form.get("id"), form.get("name"));
    let adding = !id.is_empty() || !name.is_empty();
    if adding {
        if !valid_name(id) {
            errors.push(("id".to_string(), msg.bad_name(id)));
        }
        if rows
            .iter()
            .any(|r| cell(r, "id").is_some_and(|c| c.text == id))
        {
            errors.push(("id".to_string(), t(lang, "edit_id_taken").to_string()));
        }
        if name.is_empty() {
            errors.push(("name".to_string(), msg.empty_text("name")));
        }
    }
    if !errors.is_empty() {
        return Outcome::Invalid(errors);
    }
    let mut new_text = if lines.is_empty() {
        String::new()
    } else {
        lines::join(&lines, &text)
    };
    if adding {
        if !new_text.is_empty() && !new_text.ends_with('\n') {
            new_text.push('\n');
        }
        let mut entry = format!("- id: {}\n  name: {}\n", yaml_text(id), yaml_text(name));
        if let Some(r) = Role::parse(form.get("role")) {
            entry.push_str(&format!("  role: {}\n", r.as_str()));
        }
        let status = MemberStatus::parse(form.get("status")).unwrap_or(MemberStatus::Active);
        entry.push_str(&format!("  status: {}\n", status.as_str()));
        if !form.get("phone").is_empty() {
            entry.push_str(&format!(
                "  phone: {}\n",
                cell_value("phone", form.get("phone"))
            ));
        }
        new_text.push_str(&entry);
    }
    if new_text == text {
        return Outcome::Unchanged(rel);
    }
    if let Err(diags) = lookup::parse_roster(root, &root.join(&rel), &new_text, msg) {
        return Outcome::from_diags(&diags);
    }
    let written = if text.is_empty() && !root.join(&rel).exists() {
        write::create(root, &rel, new_text.as_bytes())
    } else {
        write::replace(root, &rel, version, new_text.as_bytes())
    };
    Outcome::written(rel, written)
}

pub fn add_subunit(root: &Path, unit: &Unit, form: &Form, msg: Messages) -> Outcome {
    let slug = form.get("slug");
    if !valid_name(slug) {
        return Outcome::Invalid(vec![("slug".into(), msg.bad_name(slug))]);
    }
    let path = match unit.path.as_str() {
        "" => slug.to_string(),
        parent => format!("{parent}/{slug}"),
    };
    match new::unit_plan(root, &path, form.get("kind"), form.get("name"), msg) {
        Ok((rel, text)) => match write::create(root, &rel, text.as_bytes()) {
            Ok(()) => Outcome::Saved(rel),
            Err(write::Refused::Exists) => Outcome::Invalid(vec![(
                "slug".into(),
                msg.file_exists(&rel.display().to_string()),
            )]),
            Err(e) => Outcome::Refused(e),
        },
        Err(e) => Outcome::Invalid(super::note::refusal(e, msg)),
    }
}

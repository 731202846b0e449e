//! A unit's page: its roster as a table (the private columns shown only
//! here, marked 不公开) with a row to add a member (appended to
//! `_roster.yaml`, every other byte kept), and **新建下级组织** (the
//! `_unit.yaml` `pledgeboard new unit` writes).

use std::path::{Path, PathBuf};

use super::Outcome;
use super::form::Form;
use super::html::{Fill, esc, l};
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

/// The roster as written: each entry's (key, value as text) pairs.
fn rows(root: &Path, unit: &Unit) -> Vec<Vec<(String, String)>> {
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
                        let text = match &v.value {
                            Value::Str(s) => s.clone(),
                            _ => v.raw.clone().unwrap_or_default(),
                        };
                        (k.name.clone(), text)
                    })
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

fn select<K: Keyword>(fill: &Fill, name: &str, label: &str, none: Option<&str>) -> String {
    let chosen = fill.value(name, "");
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
    format!(
        "<p class=\"pb-field\"><label for=\"{id}\">{}</label><select id=\"{id}\" name=\"{name}\"{}>{o}</select>{}</p>",
        esc(label),
        fill.aria(name),
        fill.error(name),
        id = fill.id(name),
    )
}

pub fn roster_fields(root: &Path, unit: &Unit, lang: Lang, fill: &Fill) -> String {
    let rows = rows(root, unit);
    let mut cols: Vec<String> = PUBLIC.iter().map(|c| c.to_string()).collect();
    for r in &rows {
        for (k, _) in r {
            if !cols.contains(k) {
                cols.push(k.clone());
            }
        }
    }
    let mut s = fill.error("");
    s.push_str("<div style=\"overflow-x:auto\"><table><thead><tr>");
    for c in &cols {
        let private = if PUBLIC.contains(&c.as_str()) {
            String::new()
        } else {
            format!(
                " <span class=\"pb-private\">{}</span>",
                l(lang, "不公开", "private")
            )
        };
        s.push_str(&format!("<th>{}{private}</th>", esc(c)));
    }
    s.push_str("</tr></thead><tbody>");
    for r in &rows {
        s.push_str("<tr>");
        for c in &cols {
            let v = r
                .iter()
                .find(|(k, _)| k == c)
                .map_or("", |(_, v)| v.as_str());
            s.push_str(&format!("<td>{}</td>", esc(v)));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div>");
    s.push_str(&format!(
        "<p><strong>{}</strong></p>",
        l(lang, "添加一名党员", "Add a member")
    ));
    s.push_str(&fill.input(
        "id",
        l(
            lang,
            "编号（拼音或字母、数字，如 zhang-wei）",
            "Id (letters, digits, e.g. zhang-wei)",
        ),
        "text",
        "",
        "",
    ));
    s.push_str(&fill.input("name", l(lang, "姓名", "Name"), "text", "", ""));
    s.push_str(&select::<Role>(
        fill,
        "role",
        l(lang, "职务", "Role"),
        Some(l(lang, "（不填）", "(none)")),
    ));
    s.push_str(&select::<MemberStatus>(
        fill,
        "status",
        l(lang, "党员类别", "Status"),
        None,
    ));
    s.push_str(&fill.input(
        "phone",
        l(lang, "联系电话（不公开）", "Phone (private)"),
        "text",
        "",
        "",
    ));
    s.push_str(&format!(
        "<p><button type=\"submit\">{}</button></p>",
        l(lang, "加入花名册", "Add to the roster")
    ));
    s
}

pub fn subunit_fields(lang: Lang, fill: &Fill) -> String {
    let mut s = fill.error("");
    s.push_str(&fill.input(
        "slug",
        l(
            lang,
            "文件夹名（拼音或字母，如 xinhua-community；不能猜拼音，请自己写）",
            "Folder name (e.g. xinhua-community)",
        ),
        "text",
        "",
        "",
    ));
    s.push_str(&fill.input("name", l(lang, "单位全称", "Full name"), "text", "", ""));
    s.push_str(&select::<UnitKind>(
        fill,
        "kind",
        l(lang, "组织类型", "Kind"),
        None,
    ));
    s.push_str(&format!(
        "<p><button type=\"submit\">{}</button></p>",
        l(lang, "新建下级组织", "Create the sub-unit")
    ));
    s
}

pub fn add_member(root: &Path, unit: &Unit, form: &Form, version: &str, msg: Messages) -> Outcome {
    let lang = msg.lang;
    let rel = roster_file(unit);
    let text = std::fs::read_to_string(root.join(&rel)).unwrap_or_default();
    let (id, name) = (form.get("id"), form.get("name"));
    let mut errors = Vec::new();
    if !valid_name(id) {
        errors.push(("id".to_string(), msg.bad_name(id)));
    }
    if rows(root, unit)
        .iter()
        .any(|r| r.iter().any(|(k, v)| k == "id" && v == id))
    {
        errors.push((
            "id".to_string(),
            l(
                lang,
                "花名册上已有这个编号",
                "this id is on the roster already",
            )
            .to_string(),
        ));
    }
    if name.is_empty() {
        errors.push(("name".to_string(), msg.empty_text("name")));
    }
    if !errors.is_empty() {
        return Outcome::Invalid(errors);
    }
    let mut entry = format!("- id: {}\n  name: {}\n", yaml_text(id), yaml_text(name));
    if let Some(r) = Role::parse(form.get("role")) {
        entry.push_str(&format!("  role: {}\n", r.as_str()));
    }
    let status = MemberStatus::parse(form.get("status")).unwrap_or(MemberStatus::Active);
    entry.push_str(&format!("  status: {}\n", status.as_str()));
    if !form.get("phone").is_empty() {
        // Always quoted: a phone number is text (a plain 0731… would not be).
        let phone = serde_json::to_string(form.get("phone")).unwrap_or_default();
        entry.push_str(&format!("  phone: {phone}\n"));
    }
    let mut new_text = text.clone();
    if !new_text.is_empty() && !new_text.ends_with('\n') {
        new_text.push('\n');
    }
    new_text.push_str(&entry);
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

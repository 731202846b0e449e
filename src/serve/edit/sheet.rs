//! **修改承诺书** on a pledge sheet: the approval (by whom, when; on a
//! draft, 审定 itself) and the items — each one's title, deadline, target
//! and baseline, an item removed, a new one added. Only the lines of the
//! keys that changed are replaced (a line's trailing comment kept), lines
//! are added where a key or an item was missing (the template's
//! commented-out `# key:` line taken when there is one), and everything
//! else in the file — the editor's comments, order and spacing — stays
//! byte for byte (`lines`). The result goes through the build's sheet
//! reader before it is written.

use std::path::Path;

use super::form::Form;
use super::html::{Fill, esc, t};
use super::lines::{self, Block};
use super::write;
use super::{Located, Outcome};
use crate::content::lookup;
use crate::editor::{valid_name, yaml_text};
use crate::i18n::Messages;
use crate::model::{Date, Lang};

pub const FORM: &str = "sheet";

/// The item fields the form edits: (key, label's catalog key).
const ITEM_KEYS: &[(&str, &str)] = &[
    ("title", "edit_item_title"),
    ("deadline", "edit_deadline"),
    ("target", "edit_target"),
    ("baseline", "edit_baseline"),
];

fn item_value(at: &Located, id: &str, key: &str) -> String {
    let Some(item) = at.sheet.items.iter().find(|i| i.id == id) else {
        return String::new();
    };
    match key {
        "title" => item.title.clone(),
        "deadline" => item.deadline.to_string(),
        "target" => item.target.clone().unwrap_or_default(),
        "baseline" => item.baseline.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// The id offered for a new item: `item-N`, the first one free.
fn next_item_id(at: &Located) -> String {
    (1..)
        .map(|n| format!("item-{n}"))
        .find(|id| at.sheet.items.iter().all(|i| &i.id != id))
        .unwrap_or_default()
}

fn checkbox(fill: &Fill, name: &str, label: &str, on: bool) -> String {
    format!(
        "<label class=\"pb-check\"><input type=\"checkbox\" id=\"{id}\" name=\"{name}\" value=\"1\"{c}{aria}>{}</label>{err}",
        esc(label),
        id = fill.id(name),
        c = if fill.checked(name, "1", on) {
            " checked"
        } else {
            ""
        },
        aria = fill.aria(name),
        err = fill.error(name),
    )
}

pub fn fields(at: &Located, today: Date, lang: Lang, fill: &Fill) -> String {
    let mut s = fill.error("");
    let (by, date) = match &at.sheet.approved {
        Some(a) => (a.by.clone(), a.date.to_string()),
        None => (at.unit.name.clone(), today.to_string()),
    };
    s.push_str(&format!(
        "<fieldset><legend>{}</legend>",
        t(lang, "edit_approval")
    ));
    if at.draft {
        s.push_str(&format!("<p>{}</p>", t(lang, "edit_draft_hint")));
        s.push_str(&checkbox(fill, "approve", t(lang, "edit_approve"), false));
    }
    s.push_str(&fill.input("approved_by", t(lang, "edit_approved_by"), "text", &by, ""));
    s.push_str(&fill.input(
        "approved_date",
        t(lang, "edit_approved_date"),
        "date",
        &date,
        "",
    ));
    s.push_str("</fieldset>");
    for (n, item) in at.sheet.items.iter().enumerate() {
        s.push_str(&format!(
            "<fieldset><legend>{}. {}</legend>",
            n + 1,
            esc(&item.title)
        ));
        for (key, label) in ITEM_KEYS {
            let name = format!("{key}:{}", item.id);
            let kind = if *key == "deadline" { "date" } else { "text" };
            s.push_str(&fill.input(
                &name,
                t(lang, label),
                kind,
                &item_value(at, &item.id, key),
                "",
            ));
        }
        s.push_str(&checkbox(
            fill,
            &format!("remove:{}", item.id),
            t(lang, "edit_remove_item"),
            false,
        ));
        s.push_str("</fieldset>");
    }
    s.push_str(&format!(
        "<fieldset><legend>{}</legend>",
        t(lang, "edit_new_item")
    ));
    s.push_str(&fill.input(
        "new_id",
        t(lang, "edit_item_id"),
        "text",
        &next_item_id(at),
        "",
    ));
    let default_deadline = format!("{}-12-31", at.year);
    for (key, label) in ITEM_KEYS {
        let value = if *key == "deadline" {
            default_deadline.as_str()
        } else {
            ""
        };
        let kind = if *key == "deadline" { "date" } else { "text" };
        s.push_str(&fill.input(&format!("new_{key}"), t(lang, label), kind, value, ""));
    }
    s.push_str("</fieldset>");
    s.push_str(&format!(
        "<p><button type=\"submit\">{}</button></p>",
        t(lang, "edit_save_sheet")
    ));
    s
}

/// Sets the top-level `approved:` (a one-line map; a block form's lines
/// go), uncommenting the template's `# approved:` line when there is one.
fn set_approved(lines: &mut Vec<String>, fm: (usize, usize), value: &str) {
    let line = format!("approved: {value}");
    if let Some(i) = (fm.0..fm.1).find(|&i| lines::key_at(&lines[i], 0) == Some("approved")) {
        let comment = if lines[i].trim_end().ends_with(':') {
            String::new()
        } else {
            lines::trailing_comment(&lines[i]).to_string()
        };
        let mut end = i + 1;
        while end < fm.1 && lines::indent(&lines[end]) > 0 && !lines[end].trim().is_empty() {
            end += 1;
        }
        lines.splice(i..end, [format!("{line}{comment}")]);
        return;
    }
    if let Some(i) = (fm.0..fm.1).find(|&i| lines[i].trim_start().starts_with("# approved:")) {
        lines[i] = line;
        return;
    }
    let at = (fm.0..fm.1)
        .find(|&i| lines::key_at(&lines[i], 0) == Some("items"))
        .unwrap_or(fm.1);
    lines.insert(at, line);
}

/// The items list of the sheet's front matter, as it is now.
fn items_list(lines: &[String]) -> Option<(usize, usize)> {
    let fm = lines::front_matter(lines)?;
    lines::list_under(lines, fm, "items")
}

/// Item `id`'s lines, as they are now.
fn item_block(lines: &[String], id: &str) -> Option<Block> {
    lines::entry_by_id(lines, items_list(lines)?, id)
}

/// A new item's lines, indented like the sheet's items: what
/// `templates::item_text` writes.
fn new_item_lines(lines: &[String], item: &crate::model::Item) -> Vec<String> {
    let dash = items_list(lines)
        .and_then(|l| lines::entries(lines, l).first().copied())
        .map_or(2, |(start, ..)| lines::indent(&lines[start]));
    let text = crate::editor::templates::item_text(item, false);
    text.lines()
        .map(|l| {
            // The template indents items by 2 (the dash) and keys by 4.
            let own = lines::indent(l);
            format!("{}{}", " ".repeat(own + dash - 2.min(own)), l.trim_start())
        })
        .collect()
}

/// Checks the form, and rewrites the changed lines of the sheet.
pub fn submit(root: &Path, at: &Located, form: &Form, version: &str, msg: Messages) -> Outcome {
    let lang = msg.lang;
    let rel = at.unit.sheet_file(at.year, &at.sheet.id);
    let Ok(text) = std::fs::read_to_string(root.join(&rel)) else {
        return Outcome::Refused(write::Refused::Conflict);
    };
    let mut lines = lines::split(&text);
    let Some(fm) = lines::front_matter(&lines) else {
        return Outcome::Invalid(vec![(String::new(), msg.no_front_matter())]);
    };
    let mut errors: Vec<(String, String)> = Vec::new();
    // The approval: set when either part changed (on a draft: when 审定
    // is ticked).
    let by = form.get("approved_by");
    let date = form.get("approved_date");
    let old = at
        .sheet
        .approved
        .as_ref()
        .map(|a| (a.by.clone(), a.date.to_string()));
    let approve = if at.draft {
        form.get("approve") == "1"
    } else {
        old.as_ref().map(|(b, d)| (b.as_str(), d.as_str())) != Some((by, date))
    };
    if approve {
        if by.is_empty() {
            errors.push(("approved_by".into(), msg.empty_text("by")));
        }
        if Date::parse(date).is_none() {
            errors.push(("approved_date".into(), msg.bad_date("date", date)));
        }
        if errors.is_empty() {
            set_approved(
                &mut lines,
                fm,
                &format!("{{ by: {}, date: {date} }}", yaml_text(by)),
            );
        }
    }
    let mut removed = Vec::new();
    for item in &at.sheet.items {
        let remove = format!("remove:{}", item.id);
        if form.get(&remove) == "1" {
            if at.sheet.notes.iter().any(|n| n.items.contains(&item.id)) {
                errors.push((remove, msg.edit_item_has_notes(&item.id)));
            } else {
                removed.push(item.id.as_str());
            }
            continue;
        }
        for (key, _) in ITEM_KEYS {
            let name = format!("{key}:{}", item.id);
            let sent = form.get(&name);
            // A field not sent (not on the form) leaves the key as it is.
            if !form.has(&name) || sent == item_value(at, &item.id, key) {
                continue;
            }
            let Some(block) = item_block(&lines, &item.id) else {
                errors.push((name, t(lang, "edit_not_one_key_a_line").to_string()));
                continue;
            };
            let value = match *key {
                "deadline" => {
                    if Date::parse(sent).is_none() {
                        errors.push((name, msg.bad_date("deadline", sent)));
                        continue;
                    }
                    Some(sent.to_string())
                }
                "title" if sent.is_empty() => {
                    errors.push((name, msg.empty_text("title")));
                    continue;
                }
                _ if sent.is_empty() => None,
                _ => Some(yaml_text(sent)),
            };
            set_item_key(&mut lines, block, key, value.as_deref());
        }
    }
    if !form.get("new_title").is_empty() {
        match new_item(at, form, msg) {
            Ok(item) => {
                let new = new_item_lines(&lines, &item);
                let at_end = items_list(&lines)
                    .and_then(|l| lines::entries(&lines, l).last().copied())
                    .map(|b| lines::entry_tail(&lines, b));
                match at_end {
                    Some(i) => {
                        lines.splice(i..i, new);
                    }
                    None => errors.push((
                        "new_title".into(),
                        t(lang, "edit_not_one_key_a_line").to_string(),
                    )),
                }
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    for id in removed {
        match item_block(&lines, id) {
            Some((start, end, _)) => {
                lines.drain(start..end);
            }
            None => errors.push((
                format!("remove:{id}"),
                t(lang, "edit_not_one_key_a_line").to_string(),
            )),
        }
    }
    if !errors.is_empty() {
        return Outcome::Invalid(errors);
    }
    let new_text = lines::join(&lines, &text);
    if new_text == text {
        return Outcome::Unchanged(rel);
    }
    if let Err(diags) = lookup::parse_sheet(root, &root.join(&rel), &new_text, msg) {
        let errors = diags
            .iter()
            .map(|d| (field_at(&new_text, d.line), d.message.clone()))
            .collect();
        return Outcome::Invalid(errors);
    }
    Outcome::written(
        rel.clone(),
        write::replace(root, &rel, version, new_text.as_bytes()),
    )
}

/// Sets an item's key, taking the template's commented-out `# key:` line
/// of the item when the key is not written.
fn set_item_key(lines: &mut Vec<String>, block: Block, key: &str, value: Option<&str>) {
    let (start, end, keys) = block;
    let written = (start + 1..end).any(|i| lines::key_at(&lines[i], keys) == Some(key));
    if let (false, Some(v)) = (written, value) {
        let tail = lines::entry_tail(lines, block);
        let commented = format!("# {key}:");
        if let Some(i) = (start + 1..tail)
            .find(|&i| lines::indent(&lines[i]) == keys && lines[i][keys..].starts_with(&commented))
        {
            let comment = lines::trailing_comment(&lines[i][keys + 2..]).to_string();
            lines[i] = format!("{}{key}: {v}{comment}", " ".repeat(keys));
            return;
        }
    }
    lines::set_in_block(lines, block, key, value);
}

/// The new item the form's `new_*` fields describe.
fn new_item(
    at: &Located,
    form: &Form,
    msg: Messages,
) -> Result<crate::model::Item, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let id = form.get("new_id");
    if !valid_name(id) {
        errors.push(("new_id".to_string(), msg.bad_name(id)));
    } else if at.sheet.items.iter().any(|i| i.id == id) {
        errors.push(("new_id".to_string(), msg.duplicate_id(id)));
    }
    let deadline = Date::parse(form.get("new_deadline"));
    if deadline.is_none() {
        errors.push((
            "new_deadline".to_string(),
            msg.bad_date("deadline", form.get("new_deadline")),
        ));
    }
    let text = |k: &str| Some(form.get(k).to_string()).filter(|v| !v.is_empty());
    match (deadline, errors.is_empty()) {
        (Some(deadline), true) => Ok(crate::model::Item {
            pos: Default::default(),
            id: id.to_string(),
            title: form.get("new_title").to_string(),
            category: None,
            deadline,
            baseline: text("new_baseline"),
            target: text("new_target"),
            responsibility: None,
            fields: Default::default(),
        }),
        _ => Err(errors),
    }
}

/// The form field of a diagnostic at `line` of the new text.
fn field_at(text: &str, line: u32) -> String {
    let lines = lines::split(text);
    let i = (line as usize).saturating_sub(1);
    let Some(l) = lines.get(i) else {
        return String::new();
    };
    let key = l
        .trim_start()
        .trim_start_matches("- ")
        .split(':')
        .next()
        .unwrap_or("");
    if l.starts_with("approved") {
        return "approved_date".into();
    }
    // The item whose block holds the line.
    let id = lines[..=i].iter().rev().find_map(|l| {
        let v = l.trim_start().strip_prefix("- id:")?;
        Some(
            v.split(" #")
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\''])
                .to_string(),
        )
    });
    match id {
        Some(id) if ITEM_KEYS.iter().any(|(k, _)| *k == key) => format!("{key}:{id}"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_changed_lines_change() {
        let text = "---\nname: 张伟\n# 审定：\n# approved: { by: X, date: 2026-01-18 }\nitems:\n  - id: a   # 第一项\n    title: T\n    deadline: 2026-06-30    # 时限\n    # target: 例子    # 可选：预期效果\n    # 说明\n  - id: \"b\"\n    title: U\n    deadline: 2026-12-31\n  # 再加一项\n---\n正文\n";
        let mut l = lines::split(text);
        let fm = lines::front_matter(&l).expect("fm");
        set_approved(&mut l, fm, "{ by: 社区党委, date: 2026-02-01 }");
        let a = item_block(&l, "a").expect("a");
        set_item_key(&mut l, a, "deadline", Some("2026-07-31"));
        let a = item_block(&l, "a").expect("a");
        set_item_key(&mut l, a, "target", Some("30人"));
        let b = item_block(&l, "b").expect("b");
        set_item_key(&mut l, b, "baseline", Some("无"));
        assert_eq!(
            l.join("\n"),
            "---\nname: 张伟\n# 审定：\napproved: { by: 社区党委, date: 2026-02-01 }\nitems:\n  - id: a   # 第一项\n    title: T\n    deadline: 2026-07-31    # 时限\n    target: 30人    # 可选：预期效果\n    # 说明\n  - id: \"b\"\n    title: U\n    deadline: 2026-12-31\n    baseline: 无\n  # 再加一项\n---\n正文"
        );
        let b = item_block(&l, "b").expect("b");
        set_item_key(&mut l, b, "baseline", None);
        assert!(!l.join("\n").contains("baseline"));
        assert!(item_block(&l, "zz").is_none());
        // A new item goes after the last one, before the comment that
        // follows the list.
        let b = item_block(&l, "b").expect("b");
        assert_eq!(l[lines::entry_tail(&l, b)], "  # 再加一项");
    }
}

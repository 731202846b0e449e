//! **修改承诺书** on a pledge sheet: the approval (by whom, when) and each
//! item's deadline, target and baseline. Only the lines of the keys that
//! changed are replaced (a line's trailing comment is kept), lines are
//! added where a key was missing, and everything else in the file —
//! the editor's comments, order and spacing — stays byte for byte. The
//! result goes through the build's sheet reader before it is written.

use std::path::Path;

use super::form::Form;
use super::html::{Fill, esc, l};
use super::write;
use super::{Located, Outcome};
use crate::content::lookup;
use crate::editor::yaml_text;
use crate::i18n::Messages;
use crate::model::{Date, Lang};

pub const FORM: &str = "sheet";

/// The item fields the form edits: (key, Chinese label, English label).
const ITEM_KEYS: &[(&str, &str, &str)] = &[
    ("deadline", "完成时限", "Deadline"),
    (
        "target",
        "目标（可量化的标准）",
        "Target (a measurable standard)",
    ),
    (
        "baseline",
        "基线（承诺前的情况）",
        "Baseline (the state before the pledge)",
    ),
];

fn item_value(at: &Located, id: &str, key: &str) -> String {
    let Some(item) = at.sheet.items.iter().find(|i| i.id == id) else {
        return String::new();
    };
    match key {
        "deadline" => item.deadline.to_string(),
        "target" => item.target.clone().unwrap_or_default(),
        "baseline" => item.baseline.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

pub fn fields(at: &Located, today: Date, lang: Lang, fill: &Fill) -> String {
    let mut s = fill.error("");
    let (by, date) = match &at.sheet.approved {
        Some(a) => (a.by.clone(), a.date.to_string()),
        None => (at.unit.name.clone(), today.to_string()),
    };
    s.push_str(&format!(
        "<fieldset><legend>{}</legend>",
        l(lang, "审定", "Approval")
    ));
    s.push_str(&fill.input(
        "approved_by",
        l(lang, "审定单位", "Approved by"),
        "text",
        &by,
        "",
    ));
    s.push_str(&fill.input(
        "approved_date",
        l(lang, "审定日期", "Approved on"),
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
        for (key, zh, en) in ITEM_KEYS {
            let name = format!("{key}:{}", item.id);
            let kind = if *key == "deadline" { "date" } else { "text" };
            s.push_str(&fill.input(
                &name,
                l(lang, zh, en),
                kind,
                &item_value(at, &item.id, key),
                "",
            ));
        }
        s.push_str("</fieldset>");
    }
    s.push_str(&format!(
        "<p><button type=\"submit\">{}</button></p>",
        l(lang, "保存承诺书", "Save the pledge sheet")
    ));
    s
}

/// The front matter's lines: (first line index, one past the last).
fn front_matter(lines: &[String]) -> Option<(usize, usize)> {
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return None;
    }
    let end = lines.iter().skip(1).position(|l| l.trim_end() == "---")? + 1;
    Some((1, end))
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The key written on `line` at `at` spaces of indentation.
fn key_at(line: &str, at: usize) -> Option<&str> {
    if indent(line) != at {
        return None;
    }
    let rest = line[at..].strip_prefix("- ").unwrap_or(&line[at..]);
    let (key, _) = rest.split_once(':')?;
    (!key.is_empty() && !key.contains([' ', '#', '"', '\''])).then_some(key)
}

/// What follows a value on its line: ` # comment`, kept when the value
/// is replaced.
fn trailing_comment(line: &str) -> &str {
    let Some((_, value)) = line.split_once(':') else {
        return "";
    };
    let v = value.trim_start();
    let start = line.len() - v.len();
    let search_from = match v.chars().next() {
        Some(q @ ('"' | '\'')) => v[1..].find(q).map_or(v.len(), |i| i + 2),
        _ => 0,
    };
    match v[search_from.min(v.len())..].find(" #") {
        Some(i) => {
            // With the spaces that line the comment up.
            let at = start + search_from + i;
            let value_end = line[..at].trim_end_matches(' ').len();
            &line[value_end..]
        }
        None => "",
    }
}

/// The lines of item `id`: its `- id:` line, one past its last line, and
/// the indentation of its keys. `None` when it is not written as a block.
fn item_block(lines: &[String], fm: (usize, usize), id: &str) -> Option<(usize, usize, usize)> {
    let items = (fm.0..fm.1).find(|&i| key_at(&lines[i], 0) == Some("items"))?;
    let mut i = items + 1;
    while i < fm.1 {
        let line = &lines[i];
        let t = line.trim_start();
        if indent(line) == 0 && !t.is_empty() && !t.starts_with('#') && !t.starts_with('-') {
            return None; // the next top-level key
        }
        if let Some(rest) = t.strip_prefix("- ") {
            let dash = indent(line);
            let keys = dash + 2;
            let is_it = rest
                .strip_prefix("id:")
                .map(|v| {
                    let v = v.split(" #").next().unwrap_or("").trim();
                    v.trim_matches(['"', '\'']) == id
                })
                .unwrap_or(false);
            let mut end = i + 1;
            while end < fm.1 {
                let l = &lines[end];
                let lt = l.trim_start();
                if !lt.is_empty() && !lt.starts_with('#') && indent(l) <= dash {
                    break;
                }
                end += 1;
            }
            if is_it {
                // Comments and blank lines at its end belong to what follows.
                while end > i + 1 && {
                    let lt = lines[end - 1].trim_start();
                    lt.is_empty() || lt.starts_with('#')
                } {
                    end -= 1;
                }
                return Some((i, end, keys));
            }
            i = end;
            continue;
        }
        i += 1;
    }
    None
}

/// Sets `key` in the item block to `value` (`None`: removes the line).
fn set_in_block(
    lines: &mut Vec<String>,
    block: (usize, usize, usize),
    key: &str,
    value: Option<&str>,
) {
    let (start, end, keys) = block;
    let found = (start..end).find(|&i| {
        let l = &lines[i];
        if i == start {
            return false; // the `- id:` line
        }
        key_at(l, keys) == Some(key)
    });
    match (found, value) {
        (Some(i), Some(v)) => {
            let comment = trailing_comment(&lines[i]).to_string();
            lines[i] = format!("{}{key}: {v}{comment}", " ".repeat(keys));
        }
        (Some(i), None) => {
            lines.remove(i);
        }
        (None, Some(v)) => lines.insert(end, format!("{}{key}: {v}", " ".repeat(keys))),
        (None, None) => {}
    }
}

/// Sets the top-level `approved:` (a one-line map; a block form's lines
/// go), uncommenting the template's `# approved:` line when there is one.
fn set_approved(lines: &mut Vec<String>, fm: (usize, usize), value: &str) {
    let line = format!("approved: {value}");
    if let Some(i) = (fm.0..fm.1).find(|&i| key_at(&lines[i], 0) == Some("approved")) {
        let comment = if lines[i].trim_end().ends_with(':') {
            String::new()
        } else {
            trailing_comment(&lines[i]).to_string()
        };
        let mut end = i + 1;
        while end < fm.1 && indent(&lines[end]) > 0 && !lines[end].trim().is_empty() {
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
        .find(|&i| key_at(&lines[i], 0) == Some("items"))
        .unwrap_or(fm.1);
    lines.insert(at, line);
}

/// Checks the form, and rewrites the changed lines of the sheet.
pub fn submit(root: &Path, at: &Located, form: &Form, version: &str, msg: Messages) -> Outcome {
    let lang = msg.lang;
    let rel = at.sheet.source.clone();
    let Ok(text) = std::fs::read_to_string(root.join(&rel)) else {
        return Outcome::Refused(write::Refused::Conflict);
    };
    let crlf = text.contains("\r\n");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let Some(fm) = front_matter(&lines) else {
        return Outcome::Invalid(vec![(String::new(), msg.no_front_matter())]);
    };
    let mut errors: Vec<(String, String)> = Vec::new();
    // The approval: set when either part changed.
    let by = form.get("approved_by");
    let date = form.get("approved_date");
    let old = at
        .sheet
        .approved
        .as_ref()
        .map(|a| (a.by.clone(), a.date.to_string()));
    if old.as_ref().map(|(b, d)| (b.as_str(), d.as_str())) != Some((by, date)) {
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
    for item in &at.sheet.items {
        for (key, ..) in ITEM_KEYS {
            let name = format!("{key}:{}", item.id);
            let sent = form.get(&name);
            if sent == item_value(at, &item.id, key) {
                continue;
            }
            let fm = front_matter(&lines).unwrap_or(fm);
            let Some(block) = item_block(&lines, fm, &item.id) else {
                errors.push((
                    name,
                    l(
                        lang,
                        "这个事项不是按行写的，请在文本编辑器里修改",
                        "this item is not written one key a line: change it in a text editor",
                    )
                    .to_string(),
                ));
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
                _ if sent.is_empty() => None,
                _ => Some(yaml_text(sent)),
            };
            set_in_block(&mut lines, block, key, value.as_deref());
        }
    }
    if !errors.is_empty() {
        return Outcome::Invalid(errors);
    }
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut new_text = lines.join(nl);
    if text.ends_with('\n') {
        new_text.push_str(nl);
    }
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
    match write::replace(root, &rel, version, new_text.as_bytes()) {
        Ok(()) => Outcome::Saved(rel),
        Err(e) => Outcome::Refused(e),
    }
}

/// The form field of a diagnostic at `line` of the new text.
fn field_at(text: &str, line: u32) -> String {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
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
        Some(id) if ITEM_KEYS.iter().any(|(k, ..)| *k == key) => format!("{key}:{id}"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(t: &str) -> Vec<String> {
        t.lines().map(str::to_string).collect()
    }

    #[test]
    fn only_the_changed_lines_change() {
        let text = "---\nname: 张伟\n# 审定：\n# approved: { by: X, date: 2026-01-18 }\nitems:\n  - id: a   # 第一项\n    title: T\n    deadline: 2026-06-30    # 时限\n    # 说明\n  - id: \"b\"\n    title: U\n    deadline: 2026-12-31\n---\n正文\n";
        let mut l = lines(text);
        let fm = front_matter(&l).expect("fm");
        set_approved(&mut l, fm, "{ by: 社区党委, date: 2026-02-01 }");
        let fm = front_matter(&l).expect("fm");
        let a = item_block(&l, fm, "a").expect("a");
        set_in_block(&mut l, a, "deadline", Some("2026-07-31"));
        set_in_block(&mut l, a, "target", Some("30人"));
        let fm = front_matter(&l).expect("fm");
        let b = item_block(&l, fm, "b").expect("b");
        set_in_block(&mut l, b, "baseline", Some("无"));
        assert_eq!(
            l.join("\n"),
            "---\nname: 张伟\n# 审定：\napproved: { by: 社区党委, date: 2026-02-01 }\nitems:\n  - id: a   # 第一项\n    title: T\n    deadline: 2026-07-31    # 时限\n    target: 30人\n    # 说明\n  - id: \"b\"\n    title: U\n    deadline: 2026-12-31\n    baseline: 无\n---\n正文"
        );
        let fm = front_matter(&l).expect("fm");
        let b = item_block(&l, fm, "b").expect("b");
        set_in_block(&mut l, b, "baseline", None);
        assert!(!l.join("\n").contains("baseline"));
        assert!(item_block(&l, fm, "zz").is_none());
        assert_eq!(trailing_comment("x: \"a #b\" # c"), " # c");
        assert_eq!(trailing_comment("x: a"), "");
    }
}

//! The board's `_review.yaml` as a form (民主评诺): per published sheet,
//! the year-end votes, the grade, exemplary, and a new leader comment.
//! Like the sheet form, only the lines of what changed are replaced or
//! added (a new file is started when the year has none); the result goes
//! through the build's review reader before it is written.

use std::path::{Path, PathBuf};

use super::Outcome;
use super::board::Board;
use super::form::Form;
use super::html::{Fill, esc, l};
use super::write;
use crate::content::lookup;
use crate::editor::{unit_rel_dir, yaml_text};
use crate::i18n::Messages;
use crate::model::{Date, Grade, Keyword, Lang, Review};

pub const FORM: &str = "review";

/// The year's `_review.yaml`, from the site root.
pub fn file(b: &Board) -> PathBuf {
    unit_rel_dir(&b.unit.path)
        .join(b.year.to_string())
        .join("_review.yaml")
}

fn review<'a>(b: &'a Board, id: &str) -> Option<&'a Review> {
    b.unit.years.get(&b.year)?.reviews.get(id)
}

fn votes_text(r: Option<&Review>, which: usize) -> String {
    r.and_then(|r| r.votes)
        .map(|v| [v.satisfied, v.basic, v.unsatisfied][which].to_string())
        .unwrap_or_default()
}

const VOTES: [(&str, &str, &str); 3] = [
    ("satisfied", "满意票", "Satisfied"),
    ("basic", "基本满意票", "Basically satisfied"),
    ("unsatisfied", "不满意票", "Unsatisfied"),
];

pub fn fields(b: &Board, today: Date, lang: Lang, fill: &Fill) -> String {
    let mut s = fill.error("");
    let Some(year) = b.unit.years.get(&b.year) else {
        return s;
    };
    for sheet in &year.sheets {
        let id = &sheet.id;
        let r = review(b, id);
        let who = match (&sheet.name, sheet.is_unit()) {
            (_, true) => b.unit.name.clone(),
            (Some(n), _) => n.clone(),
            (None, _) => id.clone(),
        };
        s.push_str(&format!("<fieldset><legend>{}</legend>", esc(&who)));
        for (i, (key, zh, en)) in VOTES.iter().enumerate() {
            s.push_str(&fill.input(
                &format!("{key}:{id}"),
                l(lang, zh, en),
                "number",
                &votes_text(r, i),
                " min=\"0\" inputmode=\"numeric\"",
            ));
        }
        let grade = fill.value(
            &format!("grade:{id}"),
            r.and_then(|r| r.grade).map_or("", |g| g.as_str()),
        );
        let mut options = format!(
            "<option value=\"\">{}</option>",
            l(lang, "（未认定）", "(none)")
        );
        for (kw, zh) in Grade::choices() {
            options.push_str(&format!(
                "<option value=\"{kw}\"{}>{}</option>",
                if grade == kw { " selected" } else { "" },
                esc(zh)
            ));
        }
        let gname = format!("grade:{id}");
        s.push_str(&format!(
            "<p class=\"pb-field\"><label for=\"{gid}\">{}</label><select id=\"{gid}\" name=\"{gname}\"{}>{options}</select>{}</p>",
            l(lang, "组织认定等次", "Grade"),
            fill.aria(&gname),
            fill.error(&gname),
            gid = fill.id(&gname),
        ));
        let ename = format!("exemplary:{id}");
        let on = fill.checked(&ename, "1", r.is_some_and(|r| r.exemplary));
        s.push_str(&format!(
            "<label class=\"pb-check\"><input type=\"checkbox\" name=\"{ename}\" value=\"1\"{}>{}</label>",
            if on { " checked" } else { "" },
            l(lang, "评为践诺先进典型", "Exemplary")
        ));
        s.push_str(&format!(
            "<p><strong>{}</strong></p>",
            l(
                lang,
                "加一条领导点评（可不填）",
                "Add a leader's comment (optional)"
            )
        ));
        let half = fill.value(
            &format!("half:{id}"),
            if today.month() > 6 { "2" } else { "1" },
        );
        let hname = format!("half:{id}");
        s.push_str(&format!(
            "<p class=\"pb-field\"><label for=\"{hid}\">{}</label><select id=\"{hid}\" name=\"{hname}\"><option value=\"1\"{}>{}</option><option value=\"2\"{}>{}</option></select></p>",
            l(lang, "半年", "Half"),
            if half == "1" { " selected" } else { "" },
            l(lang, "上半年", "First half"),
            if half == "2" { " selected" } else { "" },
            l(lang, "下半年", "Second half"),
            hid = fill.id(&hname),
        ));
        s.push_str(&fill.input(&format!("by:{id}"), l(lang, "点评人", "By"), "text", "", ""));
        s.push_str(&fill.input(
            &format!("date:{id}"),
            l(lang, "日期", "Date"),
            "date",
            &today.to_string(),
            "",
        ));
        s.push_str(&fill.input(
            &format!("text:{id}"),
            l(lang, "点评内容", "Comment"),
            "text",
            "",
            "",
        ));
        s.push_str("</fieldset>");
    }
    s.push_str(&format!(
        "<p><button type=\"submit\">{}</button></p>",
        l(lang, "保存评议", "Save the review")
    ));
    s
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn key_of(line: &str) -> Option<&str> {
    let t = line
        .trim_start()
        .strip_prefix("- ")
        .unwrap_or(line.trim_start());
    let (k, _) = t.split_once(':')?;
    (!k.is_empty() && !k.starts_with('#')).then(|| k.trim_matches(['"', '\'']))
}

/// The lines of `id`'s entry: its `id:` line and one past its last.
fn entry(lines: &[String], id: &str) -> Option<(usize, usize)> {
    let start = lines
        .iter()
        .position(|l| indent(l) == 0 && key_of(l) == Some(id))?;
    let mut end = start + 1;
    while end < lines.len() {
        let t = lines[end].trim_start();
        if indent(&lines[end]) == 0 && !t.is_empty() && !t.starts_with('#') {
            break;
        }
        end += 1;
    }
    while end > start + 1 && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    Some((start, end))
}

/// Sets `key` (indent 2) in the entry to `value` (`None`: removes it
/// with its deeper lines).
fn set_key(lines: &mut Vec<String>, e: (usize, usize), key: &str, value: Option<String>) {
    let found = (e.0 + 1..e.1).find(|&i| indent(&lines[i]) == 2 && key_of(&lines[i]) == Some(key));
    match (found, value) {
        (Some(i), v) => {
            let mut end = i + 1;
            while end < e.1 && indent(&lines[end]) > 2 && !lines[end].trim().is_empty() {
                end += 1;
            }
            match v {
                Some(v) => {
                    lines.splice(i..end, [format!("  {key}: {v}")]);
                }
                None => {
                    lines.drain(i..end);
                }
            }
        }
        (None, Some(v)) => lines.insert(e.1, format!("  {key}: {v}")),
        (None, None) => {}
    }
}

/// Appends a comment to the entry's `comments:` list.
fn add_comment(lines: &mut Vec<String>, e: (usize, usize), comment: [String; 4]) {
    let item = [
        format!("    - half: {}", comment[0]),
        format!("      by: {}", comment[1]),
        format!("      date: {}", comment[2]),
        format!("      text: {}", comment[3]),
    ];
    match (e.0 + 1..e.1).find(|&i| indent(&lines[i]) == 2 && key_of(&lines[i]) == Some("comments"))
    {
        Some(i) => {
            let mut end = i + 1;
            while end < e.1 && (indent(&lines[end]) > 2 || lines[end].trim().is_empty()) {
                end += 1;
            }
            lines.splice(end..end, item);
        }
        None => {
            let mut all = vec!["  comments:".to_string()];
            all.extend(item);
            lines.splice(e.1..e.1, all);
        }
    }
}

pub fn submit(root: &Path, b: &Board, form: &Form, version: &str, msg: Messages) -> Outcome {
    let rel = file(b);
    let text = std::fs::read_to_string(root.join(&rel)).unwrap_or_default();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut errors: Vec<(String, String)> = Vec::new();
    let Some(year) = b.unit.years.get(&b.year) else {
        return Outcome::Invalid(errors);
    };
    for sheet in &year.sheets {
        let id = sheet.id.as_str();
        let r = review(b, id);
        let mut changes: Vec<(&str, Option<String>)> = Vec::new();
        let votes: Vec<String> = VOTES
            .iter()
            .map(|(k, ..)| form.get(&format!("{k}:{id}")).to_string())
            .collect();
        let before: Vec<String> = (0..3).map(|i| votes_text(r, i)).collect();
        if votes != before {
            if votes.iter().all(String::is_empty) {
                changes.push(("votes", None));
            } else {
                let mut parts = Vec::new();
                for ((k, ..), v) in VOTES.iter().zip(&votes) {
                    match v.parse::<u64>() {
                        Ok(n) => parts.push(format!("{k}: {n}")),
                        Err(_) if v.is_empty() => parts.push(format!("{k}: 0")),
                        Err(_) => errors.push((format!("{k}:{id}"), msg.expected_int(k, None))),
                    }
                }
                changes.push(("votes", Some(format!("{{ {} }}", parts.join(", ")))));
            }
        }
        let grade = form.get(&format!("grade:{id}"));
        if grade != r.and_then(|r| r.grade).map_or("", |g| g.as_str()) {
            match (grade, Grade::parse(grade)) {
                ("", _) => changes.push(("grade", None)),
                (_, Some(g)) => changes.push(("grade", Some(g.as_str().to_string()))),
                (g, None) => errors.push((
                    format!("grade:{id}"),
                    msg.unknown_keyword(Grade::CHOICES, "grade", g),
                )),
            }
        }
        let exemplary = form.get(&format!("exemplary:{id}")) == "1";
        if exemplary != r.is_some_and(|r| r.exemplary) {
            changes.push(("exemplary", exemplary.then(|| "true".to_string())));
        }
        let comment_text = form.get(&format!("text:{id}"));
        let comment = if comment_text.is_empty() {
            None
        } else {
            let by = form.get(&format!("by:{id}"));
            let date = form.get(&format!("date:{id}"));
            let half = form.get(&format!("half:{id}"));
            if by.is_empty() {
                errors.push((format!("by:{id}"), msg.empty_text("by")));
            }
            if Date::parse(date).is_none() {
                errors.push((format!("date:{id}"), msg.bad_date("date", date)));
            }
            let half = if half == "2" { "2" } else { "1" };
            Some([
                half.to_string(),
                yaml_text(by),
                date.to_string(),
                yaml_text(comment_text),
            ])
        };
        if changes.is_empty() && comment.is_none() {
            continue;
        }
        if entry(&lines, id).is_none() {
            lines.push(format!("{}:", yaml_text(id)));
        }
        for (key, value) in changes {
            if let Some(e) = entry(&lines, id) {
                set_key(&mut lines, e, key, value);
            }
        }
        if let (Some(c), Some(e)) = (comment, entry(&lines, id)) {
            add_comment(&mut lines, e, c);
        }
    }
    if !errors.is_empty() {
        return Outcome::Invalid(errors);
    }
    let mut new_text = lines.join("\n");
    new_text.push('\n');
    if new_text == text || (text.is_empty() && lines.is_empty()) {
        return Outcome::Unchanged(rel);
    }
    let ids: Vec<&str> = year
        .sheets
        .iter()
        .map(|s| s.id.as_str())
        .chain(year.drafts.iter().map(String::as_str))
        .collect();
    if let Err(diags) = lookup::parse_review(root, &root.join(&rel), &new_text, &ids, msg) {
        return Outcome::from_diags(&diags);
    }
    let written = if text.is_empty() && !root.join(&rel).exists() {
        write::create(root, &rel, new_text.as_bytes())
    } else {
        write::replace(root, &rel, version, new_text.as_bytes())
    };
    Outcome::written(rel, written)
}

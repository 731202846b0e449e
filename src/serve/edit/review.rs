//! The board's `_review.yaml` as a form (民主评诺): per published sheet,
//! the year-end votes, the grade, exemplary, and a new leader comment.
//! Like the sheet form, only the lines of what changed are replaced or
//! added (a new file is started when the year has none); the result goes
//! through the build's review reader before it is written.

use std::path::{Path, PathBuf};

use super::Outcome;
use super::board::Board;
use super::form::Form;
use super::html::{Fill, esc, t};
use super::lines::{self, Block};
use super::write;
use crate::content::lookup;
use crate::editor::{unit_rel_dir, yaml_text};
use crate::i18n::Messages;
use crate::model::{Comment, Date, Grade, Keyword, Lang, Review};

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

const VOTES: [(&str, &str); 3] = [
    ("satisfied", "edit_votes_satisfied"),
    ("basic", "edit_votes_basic"),
    ("unsatisfied", "edit_votes_unsatisfied"),
];

/// The half-year select, `value` chosen.
fn half_select(fill: &Fill, name: &str, value: &str, lang: Lang) -> String {
    let half = fill.value(name, value);
    format!(
        "<p class=\"pb-field\"><label for=\"{hid}\">{}</label><select id=\"{hid}\" name=\"{name}\"><option value=\"1\"{}>{}</option><option value=\"2\"{}>{}</option></select></p>",
        t(lang, "edit_half"),
        if half == "1" { " selected" } else { "" },
        t(lang, "edit_half_1"),
        if half == "2" { " selected" } else { "" },
        t(lang, "edit_half_2"),
        hid = fill.id(name),
    )
}

/// A comment's fields (`prefix` before each name: `c0-` for the first
/// one written, `""` for a new one), filled with `c` when it is written.
fn comment_fields(
    fill: &Fill,
    prefix: &str,
    id: &str,
    c: Option<&Comment>,
    today: Date,
    lang: Lang,
) -> String {
    let default_half = if today.month() > 6 { "2" } else { "1" };
    let mut s = half_select(
        fill,
        &format!("{prefix}half:{id}"),
        &c.map_or(default_half.to_string(), |c| c.half.to_string()),
        lang,
    );
    let date = c.map_or(today, |c| c.date).to_string();
    for (key, label, kind, value) in [
        (
            "by",
            "edit_comment_by",
            "text",
            c.map_or("", |c| c.by.as_str()),
        ),
        ("date", "edit_date", "date", date.as_str()),
        (
            "text",
            "edit_comment_text",
            "text",
            c.map_or("", |c| c.text.as_str()),
        ),
    ] {
        s.push_str(&fill.input(
            &format!("{prefix}{key}:{id}"),
            t(lang, label),
            kind,
            value,
            "",
        ));
    }
    s
}

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
        for (i, (key, label)) in VOTES.iter().enumerate() {
            s.push_str(&fill.input(
                &format!("{key}:{id}"),
                t(lang, label),
                "number",
                &votes_text(r, i),
                " min=\"0\" inputmode=\"numeric\"",
            ));
        }
        let grade = fill.value(
            &format!("grade:{id}"),
            r.and_then(|r| r.grade).map_or("", |g| g.as_str()),
        );
        let mut options = format!("<option value=\"\">{}</option>", t(lang, "edit_grade_none"));
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
            t(lang, "edit_grade"),
            fill.aria(&gname),
            fill.error(&gname),
            gid = fill.id(&gname),
        ));
        let ename = format!("exemplary:{id}");
        let on = fill.checked(&ename, "1", r.is_some_and(|r| r.exemplary));
        s.push_str(&format!(
            "<label class=\"pb-check\"><input type=\"checkbox\" name=\"{ename}\" value=\"1\"{}>{}</label>",
            if on { " checked" } else { "" },
            t(lang, "edit_exemplary")
        ));
        for (n, c) in r.map_or(&[][..], |r| &r.comments).iter().enumerate() {
            s.push_str(&format!(
                "<fieldset><legend>{} {}</legend>",
                t(lang, "edit_comment"),
                n + 1
            ));
            let prefix = format!("c{n}-");
            s.push_str(&comment_fields(fill, &prefix, id, Some(c), today, lang));
            let rname = format!("{prefix}remove:{id}");
            s.push_str(&format!(
                "<label class=\"pb-check\"><input type=\"checkbox\" name=\"{rname}\" value=\"1\"{}>{}</label>",
                if fill.checked(&rname, "1", false) { " checked" } else { "" },
                t(lang, "edit_remove_comment")
            ));
            s.push_str("</fieldset>");
        }
        s.push_str(&format!(
            "<p><strong>{}</strong></p>",
            t(lang, "edit_new_comment")
        ));
        s.push_str(&comment_fields(fill, "", id, None, today, lang));
        s.push_str("</fieldset>");
    }
    s.push_str(&format!(
        "<p><button type=\"submit\">{}</button></p>",
        t(lang, "edit_save_review")
    ));
    s
}

use lines::indent;

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

/// A comment's lines as an editor writes them, its dash at `dash` spaces.
fn comment_lines(dash: usize, comment: &[String; 4]) -> [String; 4] {
    let (d, k) = (" ".repeat(dash), " ".repeat(dash + 2));
    [
        format!("{d}- half: {}", comment[0]),
        format!("{k}by: {}", comment[1]),
        format!("{k}date: {}", comment[2]),
        format!("{k}text: {}", comment[3]),
    ]
}

/// The `comments:` key of `id`'s entry and the lines of its list.
fn comments_list(lines: &[String], id: &str) -> Option<(usize, (usize, usize))> {
    let e = entry(lines, id)?;
    let at = (e.0 + 1..e.1)
        .find(|&i| indent(&lines[i]) == 2 && key_of(&lines[i]) == Some("comments"))?;
    let end = (at + 1..e.1)
        .find(|&i| {
            let t = lines[i].trim_start();
            !t.is_empty() && !t.starts_with('#') && indent(&lines[i]) <= 2
        })
        .unwrap_or(e.1);
    Some((at, (at + 1, end)))
}

/// The lines of `id`'s comment `n` (in the order written).
fn comment_block(lines: &[String], id: &str, n: usize) -> Option<Block> {
    let (_, list) = comments_list(lines, id)?;
    lines::entries(lines, list).get(n).copied()
}

/// What the form changes in `id`'s written comments: per comment (by its
/// place), `None` to remove it, else the keys that changed and their
/// values as written.
type CommentEdits = Vec<(usize, Option<Vec<(&'static str, String)>>)>;

fn comment_edits(
    id: &str,
    written: &[Comment],
    form: &Form,
    msg: Messages,
    errors: &mut Vec<(String, String)>,
) -> CommentEdits {
    let mut edits = Vec::new();
    for (n, c) in written.iter().enumerate() {
        let name = |k: &str| format!("c{n}-{k}:{id}");
        if form.get(&name("remove")) == "1" {
            edits.push((n, None));
            continue;
        }
        if !form.has(&name("text")) {
            continue; // not on the form that was sent
        }
        let half = if form.get(&name("half")) == "2" {
            "2"
        } else {
            "1"
        };
        let (by, date, text) = (
            form.get(&name("by")),
            form.get(&name("date")),
            form.get(&name("text")),
        );
        let mut keys = Vec::new();
        if half != c.half.to_string() {
            keys.push(("half", half.to_string()));
        }
        for (key, sent, was) in [("by", by, c.by.trim()), ("text", text, c.text.trim())] {
            match (sent == was, sent.is_empty()) {
                (true, _) => {}
                (false, true) => errors.push((name(key), msg.empty_text(key))),
                (false, false) => keys.push((key, yaml_text(sent))),
            }
        }
        if date != c.date.to_string() {
            match Date::parse(date) {
                Some(_) => keys.push(("date", date.to_string())),
                None => errors.push((name("date"), msg.bad_date("date", date))),
            }
        }
        if !keys.is_empty() {
            edits.push((n, Some(keys)));
        }
    }
    edits
}

/// Makes the comment edits in the file's lines (the last one first, so
/// each comment's place holds). A comment written as one `{ … }` line is
/// written out anew; otherwise only the changed keys' lines change.
fn apply_comment_edits(
    lines: &mut Vec<String>,
    id: &str,
    written: &[Comment],
    edits: CommentEdits,
    errors: &mut Vec<(String, String)>,
    lang: Lang,
) {
    for (n, change) in edits.into_iter().rev() {
        let Some(block) = comment_block(lines, id, n) else {
            errors.push((
                format!("c{n}-text:{id}"),
                t(lang, "edit_not_one_key_a_line").to_string(),
            ));
            continue;
        };
        let Some(keys) = change else {
            lines.drain(block.0..block.1);
            continue;
        };
        let first = lines[block.0].trim_start();
        if first.trim_start_matches('-').trim_start().starts_with('{') {
            let c = &written[n];
            let mut all = [
                c.half.to_string(),
                yaml_text(&c.by),
                c.date.to_string(),
                yaml_text(&c.text),
            ];
            for (k, v) in keys {
                let i = ["half", "by", "date", "text"]
                    .iter()
                    .position(|x| *x == k)
                    .unwrap_or(0);
                all[i] = v;
            }
            let dash = indent(&lines[block.0]);
            lines.splice(block.0..block.1, comment_lines(dash, &all));
            continue;
        }
        for (k, v) in keys {
            if let Some(b) = comment_block(lines, id, n) {
                lines::set_in_block(lines, b, k, Some(&v));
            }
        }
    }
    // No comment left: the empty `comments:` goes too.
    if let Some((at, list)) = comments_list(lines, id)
        && lines::entries(lines, list).is_empty()
    {
        lines.remove(at);
    }
}

/// Appends a comment to the entry's `comments:` list.
fn add_comment(lines: &mut Vec<String>, e: (usize, usize), comment: [String; 4]) {
    let item = comment_lines(4, &comment);
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
        let written = r.map_or(&[][..], |r| &r.comments);
        let edits = comment_edits(id, written, form, msg, &mut errors);
        if changes.is_empty() && comment.is_none() && edits.is_empty() {
            continue;
        }
        apply_comment_edits(&mut lines, id, written, edits, &mut errors, msg.lang);
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
        // Nothing left under the sheet's key: the key goes too.
        if let Some(e) = entry(&lines, id)
            && lines[e.0 + 1..e.1].iter().all(|l| {
                let t = l.trim_start();
                t.is_empty() || t.starts_with('#')
            })
        {
            lines.remove(e.0);
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

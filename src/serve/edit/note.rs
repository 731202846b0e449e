//! **记一条进展** on a pledge sheet: the form, and the note it writes —
//! the file `pledgeboard new note` writes (`editor::new::note_plan`), with
//! the Markdown text and the photos after its front matter, checked by
//! the build's own note reader before anything is written.

use std::path::{Path, PathBuf};

use super::form::Form;
use super::html::{Fill, esc, t};
use super::photo;
use super::write::{self, Refused};
use super::{Located, Outcome, field_of_line};
use crate::content::lookup;
use crate::editor::new::{self, NoteRequest};
use crate::i18n::Messages;
use crate::model::{Date, Keyword, Lang, NoteStatus};

pub const FORM: &str = "note";

/// The form's fields (inside its `<form>`, after the hidden ones).
pub fn fields(
    at: &Located,
    today: Date,
    lang: Lang,
    fill: &Fill,
    only_item: Option<&str>,
) -> String {
    let mut s = fill.error("");
    s.push_str(&fill.input(
        "date",
        t(lang, "edit_date"),
        "date",
        &today.to_string(),
        " required",
    ));
    s.push_str(&format!(
        "<fieldset{}><legend>{}</legend>",
        fill.aria("item"),
        t(lang, "edit_note_items")
    ));
    let single = at.sheet.items.len() == 1;
    for (i, item) in at.sheet.items.iter().enumerate() {
        let on = single || only_item == Some(item.id.as_str());
        s.push_str(&format!(
            "<label class=\"pb-check\"><input type=\"checkbox\" name=\"item\" value=\"{v}\"{c}>{n}. {t} <code>{v}</code></label>",
            v = esc(&item.id),
            c = if fill.checked("item", &item.id, on) { " checked" } else { "" },
            n = i + 1,
            t = esc(&item.title),
        ));
    }
    s.push_str(&fill.error("item"));
    s.push_str("</fieldset>");
    let progress_label = t(lang, "edit_note_progress");
    s.push_str(&fill.input(
        "progress",
        progress_label,
        "number",
        "",
        &format!(
            " min=\"0\" max=\"100\" step=\"1\" inputmode=\"numeric\" data-pb-progress=\"{}\"",
            esc(progress_label)
        ),
    ));
    let status = fill.value("status", "");
    let mut options = format!("<option value=\"\">{}</option>", t(lang, "edit_none"));
    for (kw, zh) in NoteStatus::choices() {
        let label = match lang {
            Lang::ZhCn => zh.to_string(),
            Lang::En => format!("{kw} ({zh})"),
        };
        options.push_str(&format!(
            "<option value=\"{kw}\"{}>{}</option>",
            if status == kw { " selected" } else { "" },
            esc(&label)
        ));
    }
    s.push_str(&format!(
        "<p class=\"pb-field\"><label for=\"{id}\">{}</label><select id=\"{id}\" name=\"status\"{}>{options}</select>{}</p>",
        t(lang, "edit_note_status"),
        fill.aria("status"),
        fill.error("status"),
        id = fill.id("status"),
    ));
    s.push_str(&fill.input("deadline", t(lang, "edit_note_deadline"), "date", "", ""));
    s.push_str(&fill.input("title", t(lang, "edit_note_title"), "text", "", ""));
    s.push_str(&format!(
        "<p class=\"pb-field\"><label for=\"{id}\">{}</label><textarea id=\"{id}\" name=\"body\" data-pb-preview=\"{}\"{}>{}</textarea>{}</p>",
        t(lang, "edit_note_body"),
        t(lang, "edit_preview"),
        fill.aria("body"),
        esc(&fill.value("body", "")),
        fill.error("body"),
        id = fill.id("body"),
    ));
    s.push_str(&format!(
        "<p class=\"pb-field\"><label for=\"{id}\">{}</label><input id=\"{id}\" name=\"photo\" type=\"file\" accept=\"image/jpeg,image/png,image/webp,image/gif\" multiple{}>{}</p>",
        esc(&Messages::new(lang).edit_photos_label(photo::MAX_PHOTO_BYTES >> 20, photo::MAX_PHOTOS)),
        fill.aria("photo"),
        fill.error("photo"),
        id = fill.id("photo"),
    ));
    s.push_str(&format!(
        "<p><button type=\"submit\">{}</button></p>",
        t(lang, "edit_save_note")
    ));
    s
}

/// The photos of a form: (extension, bytes) of each, or the errors.
fn photos(form: &Form, lang: Lang) -> Result<Vec<(&'static str, &[u8])>, String> {
    let files: Vec<_> = form.files.iter().filter(|f| f.field == "photo").collect();
    if files.len() > photo::MAX_PHOTOS {
        return Err(Messages::new(lang).edit_too_many_photos(photo::MAX_PHOTOS));
    }
    let mut out = Vec::new();
    for f in files {
        if f.bytes.len() > photo::MAX_PHOTO_BYTES {
            return Err(Messages::new(lang).edit_photo_too_large(photo::MAX_PHOTO_BYTES >> 20));
        }
        let Some(ext) = photo::kind(&f.bytes) else {
            return Err(t(lang, "edit_photo_kind").to_string());
        };
        out.push((ext, f.bytes.as_slice()));
    }
    Ok(out)
}

/// Checks the form, and writes the photos and the note.
pub fn submit(root: &Path, at: &Located, form: &Form, msg: Messages) -> Outcome {
    let lang = msg.lang;
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut err = |field: &str, m: String| errors.push((field.to_string(), m));
    let year = at.year;
    let date_text = form.get("date");
    let date = Date::parse(date_text);
    match date {
        None => err("date", msg.bad_date("date", date_text)),
        Some(d) if d.year() != year => err("date", msg.note_outside_year(&d.to_string(), year)),
        Some(_) => {}
    }
    let known: Vec<&str> = at.sheet.items.iter().map(|i| i.id.as_str()).collect();
    let items = form.all("item");
    if items.is_empty() {
        err("item", t(lang, "edit_tick_item").to_string());
    }
    for item in &items {
        if !known.contains(&item.as_str()) {
            let hint = crate::i18n::suggest(item, known.iter().copied());
            err("item", msg.note_unknown_item(item, &known, hint));
        }
    }
    let progress = match form.get("progress") {
        "" => None,
        p => match p.parse::<i64>() {
            Ok(n) if (0..=100).contains(&n) => Some(n),
            Ok(_) => {
                err("progress", msg.int_range("progress", 0, 100));
                None
            }
            Err(_) => {
                err("progress", msg.expected_int("progress", None));
                None
            }
        },
    };
    let status = match form.get("status") {
        "" => None,
        s => match NoteStatus::parse(s) {
            Some(st) => Some(st),
            None => {
                err(
                    "status",
                    msg.unknown_keyword(NoteStatus::CHOICES, "status", s),
                );
                None
            }
        },
    };
    let deadline = match form.get("deadline") {
        "" => None,
        d => match Date::parse(d) {
            Some(d) if status == Some(NoteStatus::Delayed) => Some(d),
            Some(_) => {
                err("deadline", msg.note_deadline_without_delayed());
                None
            }
            None => {
                err("deadline", msg.bad_date("deadline", d));
                None
            }
        },
    };
    let photos = match photos(form, lang) {
        Ok(p) => p,
        Err(m) => {
            err("photo", m);
            Vec::new()
        }
    };
    let Some(date) = date.filter(|_| errors.is_empty()) else {
        return Outcome::Invalid(errors);
    };
    let target = at.cli_target();
    let title = Some(form.get("title")).filter(|t| !t.is_empty());
    let req = NoteRequest {
        target: &target,
        items: &items,
        progress,
        status: status.map(NoteStatus::as_str),
        deadline,
        title,
        today: date,
    };
    let plan = match new::note_plan(root, &req, msg) {
        Ok(p) => p,
        Err(e) => return Outcome::Invalid(refusal(e, msg)),
    };
    // The text: the front matter `new note` writes, then the body and the
    // photos, as an editor would add them.
    let notes_dir = plan.rel.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut text = plan.text.clone();
    let body = form.get("body").replace("\r\n", "\n").replace('\r', "\n");
    if !body.is_empty() {
        text.push('\n');
        text.push_str(&body);
        text.push('\n');
    }
    let mut names = Vec::new();
    let mut n = 1;
    for (ext, _) in &photos {
        let mut name = photo::name(&plan.stem, n, ext);
        while root.join(&notes_dir).join(&name).exists() {
            n += 1;
            name = photo::name(&plan.stem, n, ext);
        }
        n += 1;
        names.push(name);
    }
    if !names.is_empty() {
        text.push('\n');
        for (i, name) in names.iter().enumerate() {
            let alt = match lang {
                Lang::ZhCn => format!("照片{}", i + 1),
                Lang::En => format!("Photo {}", i + 1),
            };
            text.push_str(&format!("![{alt}]({name})\n"));
        }
    }
    // The build's reader has the last word.
    if let Err(diags) = lookup::parse_note(root, &root.join(&plan.rel), &text, year, &known, msg) {
        let errors = diags
            .iter()
            .map(|d| (field_of_line(&text, d.line), d.message.clone()))
            .collect();
        return Outcome::Invalid(errors);
    }
    let mut written: Vec<PathBuf> = Vec::new();
    for ((_, bytes), name) in photos.iter().zip(&names) {
        let rel = notes_dir.join(name);
        if let Err(e) = write::create(root, &rel, bytes) {
            for w in &written {
                write::undo(root, w);
            }
            return Outcome::Refused(e);
        }
        written.push(rel);
    }
    if let Err(e) = write::create(root, &plan.rel, text.as_bytes()) {
        for w in &written {
            write::undo(root, w);
        }
        if let Refused::Exists = e {
            // Another note took the name meanwhile: say so, write nothing.
            return Outcome::Invalid(vec![(
                String::new(),
                msg.file_exists(&plan.rel.display().to_string()),
            )]);
        }
        return Outcome::Refused(e);
    }
    written.push(plan.rel.clone());
    Outcome::Saved(plan.rel)
}

/// An `editor` refusal as form errors: its message and what it found.
pub fn refusal(e: crate::editor::EditError, _msg: Messages) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), e.message)];
    out.extend(e.diags.iter().map(|d| (String::new(), d.to_string())));
    out
}

//! `pledgeboard init <dir>`: a new site that builds at once — site.yaml,
//! a root unit, one example unit with a roster, two pledges, a note and a
//! review template — plus a short README for editors in Chinese.

use std::path::{Path, PathBuf};

use super::templates;
use super::{EditError, create_file};
use crate::i18n::Messages;
use crate::model::Date;

/// Creates the site in `dir` (which must be missing or empty); returns
/// the files written, relative to `dir`.
pub fn init(dir: &Path, today: Date, msg: Messages) -> Result<Vec<PathBuf>, EditError> {
    let shown = dir.display().to_string();
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .map_err(|e| EditError::usage(msg.cannot_write(&shown, &e.to_string())))?;
        if !empty {
            return Err(EditError::usage(msg.init_not_empty(&shown)));
        }
    }
    let year = today.year();
    let y = year.to_string();
    let fill = |text: &str| text.replace("{YEAR}", &y);
    let unit = "content/example-community";
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), templates::site_yaml()),
        ("README.md".into(), fill(templates::readme())),
        (".gitignore".into(), "public/\n".into()),
        ("content/_unit.yaml".into(), templates::root_unit()),
        (format!("{unit}/_unit.yaml"), templates::example_unit()),
        (
            format!("{unit}/_roster.yaml"),
            fill(&templates::example_roster()),
        ),
        (
            format!("{unit}/{y}/_review.yaml"),
            fill(&templates::example_review()),
        ),
        (
            format!("{unit}/{y}/zhang-san/{today}-first-visit.md"),
            templates::example_note(),
        ),
    ];
    for (name, text) in templates::example_sheets(year, today) {
        files.push((format!("{unit}/{y}/{name}"), text));
    }
    files.sort();
    let mut written = Vec::new();
    for (rel, text) in &files {
        create_file(&dir.join(rel), text)
            .map_err(|e| EditError::usage(msg.cannot_write(rel, &e.to_string())))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

//! Entry points for the fuzz targets in `fuzz/` (and for property tests):
//! each runs one loader step on text that never touched the disk and
//! returns the diagnostics it produced. None of them may panic, whatever
//! the input; every diagnostic they return must carry a message.

use std::path::Path;

use super::fields::FileCx;
use super::{pledge, site_yaml, source, unit_yaml};
use crate::diag::Diagnostic;
use crate::i18n::Messages;

fn cx(name: &str) -> FileCx {
    FileCx::new(Path::new(name), Messages::default())
}

/// A Markdown file's front matter split and parsed, then read as a
/// member's sheet, a unit's own sheet and a progress note.
pub fn fuzz_front_matter(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for kind in 0..3 {
        let mut cx = cx("content/u/2026/zhang-wei.md");
        if let Some(page) = source::parse_page(&mut cx, text) {
            match kind {
                0 => drop(pledge::read_sheet(&mut cx, page, false)),
                1 => drop(pledge::read_sheet(&mut cx, page, true)),
                _ => drop(pledge::read_note(
                    &mut cx,
                    page,
                    "2026-03-15-visit",
                    2026,
                    Some(&["job-fair", "visit"]),
                )),
            }
        }
        out.append(&mut cx.diags);
    }
    out
}

/// A pledge sheet file (`<year>/<id>.md`), as the loader reads it.
pub fn fuzz_parse_sheet(text: &str) -> Vec<Diagnostic> {
    let mut cx = cx("content/u/2026/zhang-wei.md");
    if let Some(page) = source::parse_page(&mut cx, text) {
        let _ = pledge::read_sheet(&mut cx, page, false);
    }
    cx.diags
}

fn yaml_then(
    name: &str,
    text: &str,
    read: impl FnOnce(&mut FileCx, &super::yaml::Node),
) -> Vec<Diagnostic> {
    let mut cx = cx(name);
    if let Some(node) = source::parse_yaml(&mut cx, text) {
        read(&mut cx, &node);
    }
    cx.diags
}

/// `site.yaml`.
pub fn fuzz_site_yaml(text: &str) -> Vec<Diagnostic> {
    yaml_then("site.yaml", text, |cx, n| {
        let _ = site_yaml::read(cx, n);
    })
}

/// `_unit.yaml`.
pub fn fuzz_unit_yaml(text: &str) -> Vec<Diagnostic> {
    yaml_then("content/u/_unit.yaml", text, |cx, n| {
        let _ = unit_yaml::read_unit(cx, n);
    })
}

/// `_roster.yaml`.
pub fn fuzz_roster_yaml(text: &str) -> Vec<Diagnostic> {
    yaml_then("content/u/_roster.yaml", text, |cx, n| {
        let _ = unit_yaml::read_roster(cx, n);
    })
}

/// `_review.yaml`, in a year folder holding the sheets `_unit` and `zhang-wei`.
pub fn fuzz_review_yaml(text: &str) -> Vec<Diagnostic> {
    yaml_then("content/u/2026/_review.yaml", text, |cx, n| {
        let _ = pledge::read_reviews(cx, n, &["_unit", "zhang-wei"]);
    })
}

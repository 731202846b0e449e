//! What `check` shows: the diagnostics that `--unit` and `--only` keep,
//! and the text report that lists errors one a line (editors jump to
//! them) and groups warnings per person (a sheet and its notes folder) or
//! per unit, closed by one line counting them per advice code.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::advice::codes;
use crate::diag::Diagnostic;
use crate::editor::is_year;
use crate::i18n::{Messages, suggest};

/// One `--only` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Only {
    Errors,
    Warnings,
    Code(&'static str),
}

impl Only {
    fn keeps(self, d: &Diagnostic) -> bool {
        match self {
            Only::Errors => d.is_error(),
            Only::Warnings => !d.is_error(),
            Only::Code(code) => d.code == Some(code),
        }
    }

    /// The value's name in the site's language.
    pub fn label(self, msg: Messages) -> String {
        match self {
            Only::Errors => msg.check_only_label(true),
            Only::Warnings => msg.check_only_label(false),
            Only::Code(code) => msg.advice_code_label(Some(code)),
        }
    }
}

/// Reads the `--only` values (already split at commas): `errors`,
/// `warnings`, an advice code, or the Chinese name of any of them. An
/// unknown value gives the message listing the choices.
pub fn parse_only(values: &[String], msg: Messages) -> Result<Vec<Only>, String> {
    let zh = Messages::new(crate::model::Lang::ZhCn);
    let mut choices: Vec<(Only, String, String)> = vec![
        (Only::Errors, "errors".into(), zh.check_only_label(true)),
        (
            Only::Warnings,
            "warnings".into(),
            zh.check_only_label(false),
        ),
    ];
    for &code in codes::ALL {
        choices.push((
            Only::Code(code),
            code.into(),
            zh.advice_code_label(Some(code)),
        ));
    }
    let mut out = Vec::new();
    for value in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        let lower = value.to_ascii_lowercase();
        let found = choices.iter().find(|(_, name, zh)| {
            *name == lower || zh == value || lower == name.trim_end_matches('s')
        });
        match found {
            Some((only, ..)) => {
                if !out.contains(only) {
                    out.push(*only);
                }
            }
            None => {
                let hint = suggest(&lower, choices.iter().map(|(_, n, _)| n.as_str()));
                let listed: Vec<String> = choices
                    .iter()
                    .map(|(_, name, zh)| format!("{name}（{zh}）"))
                    .collect();
                return Err(msg.check_unknown_only(value, hint, &listed.join("、")));
            }
        }
    }
    Ok(out)
}

/// What `check` was asked to show.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// A unit path below `content/` (`""`: the root unit, so all of
    /// `content/`).
    pub unit: Option<String>,
    pub only: Vec<Only>,
}

impl Filter {
    pub fn is_set(&self) -> bool {
        self.unit.is_some() || !self.only.is_empty()
    }

    pub fn keeps(&self, d: &Diagnostic) -> bool {
        let in_unit = self.unit.as_ref().is_none_or(|u| {
            let mut dir = PathBuf::from("content");
            if !u.is_empty() {
                dir.push(u);
            }
            d.path.starts_with(dir)
        });
        in_unit && (self.only.is_empty() || self.only.iter().any(|o| o.keeps(d)))
    }
}

/// Where a warning is grouped: the sheet of a person (a note counts with
/// its sheet), else the unit whose folder holds the file (`_unit.yaml`,
/// rosters, `_review.yaml`), else the file itself (`site.yaml` …). The
/// flag says the key is a folder.
pub fn group_of(path: &Path) -> (PathBuf, bool) {
    let parts: Vec<&std::ffi::OsStr> = path.iter().collect();
    let year = (0..parts.len().saturating_sub(1))
        .rev()
        .find(|&i| parts[i].to_str().is_some_and(is_year));
    if let Some(y) = year {
        let year_dir: PathBuf = parts[..=y].iter().collect();
        let first = parts[y + 1].to_string_lossy();
        if parts.len() > y + 2 {
            return (year_dir.join(format!("{first}.md")), false);
        }
        if first.ends_with(".md") {
            return (path.to_path_buf(), false);
        }
        return (parts[..y].iter().collect(), true);
    }
    match path.file_name().and_then(|n| n.to_str()) {
        Some("_unit.yaml" | "_roster.yaml") => (
            path.parent().map_or_else(PathBuf::new, Path::to_path_buf),
            true,
        ),
        _ => (path.to_path_buf(), false),
    }
}

/// Where a warning stands, as shown under its group's heading: `12:5`
/// in the group's own file, `zhang-wei/2026-03-15-x.md:4:1` in a note,
/// `_roster.yaml:3:3` in a unit's folder.
fn location(d: &Diagnostic, key: &Path, folder: bool) -> String {
    let (line, column) = (d.line.max(1), d.column.max(1));
    if d.path == key {
        return format!("{line}:{column}");
    }
    let base = if folder { Some(key) } else { key.parent() };
    let shown = base
        .and_then(|b| d.path.strip_prefix(b).ok())
        .unwrap_or(&d.path);
    format!("{}:{line}:{column}", shown.display())
}

/// The text report's lines for `diags` (sorted, as `diag::normalize`
/// leaves them): every error on a line of its own, then the warnings per
/// group in the order of their files, then the count per kind. `root`
/// is put before every path shown.
pub fn text_lines(root: &Path, diags: &[Diagnostic], msg: Messages) -> Vec<String> {
    let shown = |p: &Path| {
        if root == Path::new(".") {
            p.to_path_buf()
        } else {
            root.join(p)
        }
    };
    let mut lines = Vec::new();
    let mut groups: BTreeMap<(PathBuf, bool), Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags {
        if d.is_error() {
            let mut e = d.clone();
            e.path = shown(&d.path);
            lines.push(e.to_string());
        } else {
            groups.entry(group_of(&d.path)).or_default().push(d);
        }
    }
    for ((key, folder), mut members) in groups {
        // The sheet's own warnings before its notes'.
        members.sort_by_key(|d| d.path != key);
        let mut heading = shown(&key).display().to_string();
        if folder {
            heading.push(std::path::MAIN_SEPARATOR);
        }
        lines.push(msg.check_group(&heading, members.len()));
        for d in members {
            lines.push(format!("  {}: {}", location(d, &key, folder), d.message));
        }
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    let kinds = codes::ALL.iter().map(|&c| Some(c)).chain([None]);
    for code in kinds {
        let n = diags
            .iter()
            .filter(|d| !d.is_error() && d.code.filter(|c| codes::ALL.contains(c)) == code)
            .count();
        if n > 0 {
            counts.push((msg.advice_code_label(code), n));
        }
    }
    if !counts.is_empty() {
        lines.push(msg.check_warning_counts(&counts));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    fn key(p: &str) -> (String, bool) {
        let (k, folder) = group_of(Path::new(p));
        (k.to_string_lossy().replace('\\', "/"), folder)
    }

    #[test]
    fn warnings_group_per_person_or_unit() {
        let sheet = ("content/a/b/2026/zhang-wei.md".to_string(), false);
        assert_eq!(key("content/a/b/2026/zhang-wei.md"), sheet);
        assert_eq!(key("content/a/b/2026/zhang-wei/2026-03-15-x.md"), sheet);
        let unit = ("content/a/b".to_string(), true);
        assert_eq!(key("content/a/b/_unit.yaml"), unit);
        assert_eq!(key("content/a/b/_roster.yaml"), unit);
        assert_eq!(key("content/a/b/2026/_roster.yaml"), unit);
        assert_eq!(key("content/a/b/2026/_review.yaml"), unit);
        assert_eq!(
            key("content/2026/_unit.md"),
            ("content/2026/_unit.md".into(), false)
        );
        assert_eq!(key("content/_unit.yaml"), ("content".into(), true));
        assert_eq!(key("site.yaml"), ("site.yaml".into(), false));
    }

    #[test]
    fn only_accepts_codes_chinese_names_and_rejects_the_rest() {
        let zh = Messages::new(Lang::ZhCn);
        let values = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_only(&values(&["errors", "no-baseline", "无基线", " "]), zh),
            Ok(vec![Only::Errors, Only::Code(codes::NO_BASELINE)])
        );
        assert_eq!(
            parse_only(&values(&["警告", "Error"]), zh),
            Ok(vec![Only::Warnings, Only::Errors])
        );
        let err = parse_only(&values(&["no-basline"]), zh).expect_err("unknown");
        assert!(err.contains("no-baseline（无基线）"), "{err}");
        assert!(err.contains("是不是“no-baseline”"), "{err}");
    }

    #[test]
    fn a_unit_scope_keeps_its_sub_units_only() {
        let filter = Filter {
            unit: Some("a/b".into()),
            only: vec![Only::Warnings],
        };
        let w = |p: &str| Diagnostic::warning(p, 1, 1, "m");
        assert!(filter.keeps(&w("content/a/b/2026/x.md")));
        assert!(filter.keeps(&w("content/a/b/c/_unit.yaml")));
        assert!(!filter.keeps(&w("content/a/bc/_unit.yaml")));
        assert!(!filter.keeps(&w("site.yaml")));
        assert!(!filter.keeps(&Diagnostic::error("content/a/b/_unit.yaml", 1, 1, "m")));
    }

    #[test]
    fn the_text_report_groups_warnings_and_counts_them() {
        let zh = Messages::new(Lang::ZhCn);
        let sheet = "content/u/2026/li.md";
        let diags = vec![
            Diagnostic::error("content/u/_unit.yaml", 2, 7, "坏"),
            Diagnostic::warning("content/u/2026/li/2026-03-01-a.md", 4, 1, "甲")
                .with_code(codes::STATUS_NOTE_WITHOUT_TEXT),
            Diagnostic::warning(sheet, 7, 5, "乙").with_code(codes::NO_BASELINE),
            Diagnostic::warning(sheet, 9, 5, "丙").with_code(codes::NO_BASELINE),
            Diagnostic::warning("content/u/_roster.yaml", 3, 3, "丁")
                .with_code(codes::COVERAGE_GAP),
        ];
        let lines = text_lines(Path::new("."), &diags, zh);
        let sep = std::path::MAIN_SEPARATOR;
        assert_eq!(
            lines,
            vec![
                "content/u/_unit.yaml:2:7: 坏".to_string(),
                format!("content/u{sep}：1 条警告"),
                "  _roster.yaml:3:3: 丁".into(),
                "content/u/2026/li.md：3 条警告".into(),
                "  7:5: 乙".into(),
                "  9:5: 丙".into(),
                "  li/2026-03-01-a.md:4:1: 甲".into(),
                "警告分类：未全覆盖 1 条、无基线 2 条、未向群众说明 1 条".into(),
            ]
        );
    }
}

//! The benchmark corpus generator (`examples/gen_corpus.rs`, included here
//! as a module so its own unit tests run too) writes a site that passes
//! `pledgeboard check`, byte for byte the same for the same arguments, and
//! Hugo and Zola sites with one page per sheet, note and unit-year.

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

use std::path::{Path, PathBuf};
use std::process::Command;

use gen_corpus::{Args, Summary, generate};

fn args(out: PathBuf, sheets: usize, seed: u64) -> Args {
    Args {
        sheets,
        notes_per_sheet: 3.0,
        seed,
        out,
        hugo: None,
        zola: None,
        note_pages: false,
        force: false,
    }
}

/// Every file under `dir`: (relative path, bytes), sorted.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn count_md(dir: &Path) -> usize {
    tree(&dir.join("content"))
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "md"))
        .count()
}

fn check(root: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_pledgeboard"))
        .args(["check", "--today", "2026-11-28", "--root"])
        .arg(root)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "check failed:\n{text}");
    text
}

#[test]
fn small_corpus_is_valid_deterministic_and_mirrored_by_the_peers() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = args(tmp.path().join("a"), 80, 7);
    a.hugo = Some(tmp.path().join("hugo"));
    a.zola = Some(tmp.path().join("zola"));
    let summary = generate(&a).unwrap();
    assert_eq!(summary.sheets, 80);
    assert!(summary.notes > 80 && summary.notes < 400, "{summary:?}");
    assert!(summary.units >= 4, "{summary:?}");

    // Warnings (overdue items …) are part of a real city's data; errors not.
    let text = check(&a.out);
    assert!(text.contains("0 个错误"), "{text}");

    // The same arguments give the same bytes.
    let b = args(tmp.path().join("b"), 80, 7);
    assert_eq!(generate(&b).unwrap(), summary);
    assert!(tree(&a.out) == tree(&b.out), "two runs differ");

    // One peer page source per sheet, per note and per unit-year list.
    let pages = summary.sheets + summary.notes + summary.unit_years;
    assert_eq!(count_md(a.hugo.as_ref().unwrap()), pages);
    assert_eq!(count_md(a.zola.as_ref().unwrap()), pages);
}

#[test]
fn note_pages_flag_and_other_seeds_stay_valid() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = args(tmp.path().join("a"), 60, 2);
    a.note_pages = true;
    let summary: Summary = generate(&a).unwrap();
    assert_eq!(summary.sheets, 60);
    let site = std::fs::read_to_string(a.out.join("site.yaml")).unwrap();
    assert!(site.contains("note_pages: true"), "{site}");
    check(&a.out);

    // An existing, non-empty output folder is refused unless forced.
    assert!(generate(&a).is_err());
    a.force = true;
    a.seed = 3;
    assert_eq!(generate(&a).unwrap().sheets, 60);
    check(&a.out);
}

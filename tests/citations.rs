//! Every section a code comment cites is in the repository: a section
//! sign with `N` or `N.M` in `src/`, `tests/`, `fuzz/`, `examples/` or
//! `bench/` names a document of the repository on its line (or the line
//! before, for a wrapped comment), and that document has a heading
//! numbered `N` / `N.M`. `SPEC` is the older name of `docs/spec.md`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const SECTION: char = '\u{a7}';

/// The documents a citation may name, as code writes them, and their files.
const DOCS: &[(&str, &str)] = &[
    ("docs/spec.md", "docs/spec.md"),
    ("docs/format.md", "docs/format.md"),
    ("SECURITY.md", "SECURITY.md"),
    ("SPEC", "docs/spec.md"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The numbers of a document's headings: `## 3. Derived facts` → `3`,
/// `### 1.2 content/` → `1.2`.
fn sections(doc: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join(doc)).expect("read the document");
    text.lines()
        .filter_map(|line| {
            let title = line.strip_prefix('#')?.trim_start_matches('#').trim_start();
            let number: String = title
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let number = number.trim_end_matches('.');
            (!number.is_empty()).then(|| number.to_string())
        })
        .collect()
}

fn code_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("target") && !path.ends_with("fixtures") && !path.ends_with("corpus")
            {
                code_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The last document named in `text`, with where its name ends.
fn last_doc(text: &str) -> Option<(usize, &'static str)> {
    DOCS.iter()
        .filter_map(|(name, file)| text.rfind(name).map(|at| (at + name.len(), *file)))
        .max()
}

/// Each citation of `text` (one file): (line number, document, section);
/// a citation naming no document is an error.
fn citations(text: &str) -> Result<Vec<(usize, &'static str, String)>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        for (at, _) in line.match_indices(SECTION) {
            let number: String = line[at + SECTION.len_utf8()..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let number = number.trim_end_matches('.').to_string();
            let doc = last_doc(&line[..at]).map(|(_, d)| d).or_else(|| {
                i.checked_sub(1)
                    .and_then(|p| last_doc(lines[p]))
                    .map(|(_, d)| d)
            });
            match doc {
                Some(doc) if !number.is_empty() => out.push((i + 1, doc, number)),
                _ => return Err(format!("line {}: {}", i + 1, line.trim())),
            }
        }
    }
    Ok(out)
}

#[test]
fn every_cited_section_exists_in_the_repository() {
    let mut files = Vec::new();
    for dir in ["src", "tests", "fuzz", "examples", "bench"] {
        code_files(&root().join(dir), &mut files);
    }
    files.sort();
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read a source file");
        let name = file
            .strip_prefix(root())
            .unwrap_or(file)
            .display()
            .to_string();
        match citations(&text) {
            Ok(found) => {
                for (line, doc, number) in found {
                    checked += 1;
                    if !sections(doc).contains(&number) {
                        problems.push(format!("{name}:{line}: {doc} has no section {number}"));
                    }
                }
            }
            Err(e) => problems.push(format!("{name}: a citation names no document: {e}")),
        }
    }
    assert!(checked > 20, "only {checked} citations found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The check finds what it is for: a missing section, a citation naming
/// no document, and a good citation of each document.
#[test]
fn the_citation_check_finds_bad_citations() {
    let s = SECTION;
    let good = format!("// docs/spec.md {s}3, {s}5 and SECURITY.md {s}8\n// SPEC {s}2");
    let found = citations(&good).expect("all name a document");
    assert_eq!(
        found,
        [
            (1, "docs/spec.md", "3".to_string()),
            (1, "docs/spec.md", "5".to_string()),
            (1, "SECURITY.md", "8".to_string()),
            (2, "docs/spec.md", "2".to_string()),
        ]
    );
    assert!(sections("docs/spec.md").contains("6"));
    assert!(sections("docs/format.md").contains("1.2"));
    assert!(!sections("docs/spec.md").contains("9"));
    assert!(citations(&format!("// see {s}3")).is_err());
    assert!(citations(&format!("// docs/spec.md {s}")).is_err());
}

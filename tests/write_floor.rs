//! The write floor (`examples/write_floor.rs`, included as a module): it
//! writes the same tree it read, on any number of threads, and never
//! writes into a folder that exists.

#[allow(dead_code)]
#[path = "../examples/write_floor.rs"]
mod write_floor;

use std::fs;
use std::path::Path;

/// Every file under `dir`: (relative path, bytes), sorted; and every folder.
fn tree(dir: &Path) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
    let (mut files, mut folders) = (Vec::new(), Vec::new());
    for e in walkdir::WalkDir::new(dir).min_depth(1) {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if e.file_type().is_dir() {
            folders.push(rel);
        } else {
            files.push((rel, fs::read(e.path()).unwrap()));
        }
    }
    files.sort();
    folders.sort();
    (files, folders)
}

fn args(list: &[&Path]) -> impl Iterator<Item = String> {
    list.iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .into_iter()
}

#[test]
fn writes_the_tree_it_read_on_any_number_of_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    // Deep and wide, with an empty folder: what a site with note pages has.
    for a in 0..5 {
        for b in 0..30 {
            let dir = src.join(format!("unit-{a}/2026/sheet-{b}/note-{b}"));
            fs::create_dir_all(&dir).unwrap();
            fs::write(
                dir.join("index.html"),
                format!("<p>{a} {b}</p>").repeat(b + 1),
            )
            .unwrap();
            fs::write(dir.parent().unwrap().join("index.html"), "sheet").unwrap();
        }
    }
    fs::create_dir_all(src.join("empty/folder")).unwrap();
    fs::write(src.join("404.html"), "").unwrap();
    for threads in ["1", "2", "7"] {
        let out = tmp.path().join(format!("out-{threads}"));
        let line = write_floor::run(
            args(&[&src, &out]).chain(["--threads".to_string(), threads.to_string()]),
        )
        .unwrap();
        assert_eq!(tree(&out), tree(&src), "{threads} threads");
        assert!(line.starts_with("phase wall_s="), "{line}");
        assert!(line.contains(" files=301 "), "{line}");
        assert!(line.ends_with(&format!(" threads={threads}")), "{line}");
    }
}

#[test]
fn never_writes_into_a_folder_that_exists() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, out) = (tmp.path().join("src"), tmp.path().join("out"));
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("a.html"), "new").unwrap();
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("a.html"), "kept").unwrap();
    let error = write_floor::run(args(&[&src, &out])).unwrap_err();
    assert!(error.contains("exists"), "{error}");
    assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "kept");
    let usage = write_floor::run(args(&[&src])).unwrap_err();
    assert!(usage.starts_with("usage:"), "{usage}");
    let threads = write_floor::run(
        args(&[&src, &tmp.path().join("new")]).chain(["--threads".into(), "0".into()]),
    )
    .unwrap_err();
    assert!(threads.contains("--threads"), "{threads}");
    assert!(!tmp.path().join("new").exists());
}

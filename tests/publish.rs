//! Publishing a day's edits (issue 19): a build over its own previous
//! output keeps every unchanged file as it was (the same file: identity
//! and time, so rsync and object-store uploads skip it), and
//! `build --changes FILE` lists exactly the files it added, changed and
//! removed — checked against a byte comparison of the two trees. The list
//! replaces only a list of its own, never an editor's file.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::{run, text, tree, write};

const TODAY: &str = "2026-11-28";

/// Every file of the output: (inode, modification time in ns).
fn identities(out: &Path) -> BTreeMap<String, (u64, i128)> {
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let meta = entry.metadata().expect("meta");
            let rel = entry.path().strip_prefix(out).expect("under");
            let mtime = meta.mtime() as i128 * 1_000_000_000 + meta.mtime_nsec() as i128;
            found.insert(rel.to_string_lossy().into_owned(), (meta.ino(), mtime));
        }
    }
    found
}

/// The list's lines by letter.
fn listed(file: &Path) -> BTreeMap<char, BTreeSet<String>> {
    let list = fs::read_to_string(file).expect("the list");
    let mut lines = list.lines();
    assert_eq!(
        lines.next(),
        Some("# pledgeboard build --changes: A added, M changed, D removed")
    );
    let mut by = BTreeMap::from([
        ('A', BTreeSet::new()),
        ('M', BTreeSet::new()),
        ('D', BTreeSet::new()),
    ]);
    let mut previous = String::new();
    for line in lines {
        let (letter, path) = line.split_once('\t').unwrap_or_else(|| panic!("{line:?}"));
        assert!(path > previous.as_str(), "not sorted at {path}");
        previous = path.to_string();
        let letter = letter.chars().next().expect("a letter");
        by.get_mut(&letter)
            .unwrap_or_else(|| panic!("letter {letter}"))
            .insert(path.to_string());
    }
    by
}

/// What truly differs between two trees, by letter.
fn truth(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> BTreeMap<char, BTreeSet<String>> {
    let mut by = BTreeMap::from([
        ('A', BTreeSet::new()),
        ('M', BTreeSet::new()),
        ('D', BTreeSet::new()),
    ]);
    for (path, bytes) in after {
        match before.get(path) {
            None => by.get_mut(&'A').unwrap().insert(path.clone()),
            Some(old) if old != bytes => by.get_mut(&'M').unwrap().insert(path.clone()),
            Some(_) => false,
        };
    }
    for path in before.keys() {
        if !after.contains_key(path) {
            by.get_mut(&'D').unwrap().insert(path.clone());
        }
    }
    by
}

fn build(root: &Path, list: &str) -> String {
    let out = run(
        root,
        &[
            "build",
            "--today",
            TODAY,
            "--out",
            "public",
            "--changes",
            list,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
}

#[test]
fn a_rebuild_keeps_unchanged_files_and_lists_exactly_what_changed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    common::serve::demo_subset(&root);
    // A static file and a photo beside a note: copied, not rendered.
    write(&root, "static/notice.txt", "监督电话 12345\n");
    let (note_dir, note) = common::serve::street_note(&root);
    fs::write(note_dir.join("photo.png"), b"\x89PNG\r\n\x1a\nnot really").expect("photo");
    fs::write(note_dir.join("old-photo.png"), b"\x89PNG\r\n\x1a\nold").expect("photo");
    let list = tmp.path().join("changes.txt");
    let list_arg = list.to_str().expect("utf-8");
    let out_dir = root.join("public");

    // The first build adds every file.
    let said = build(&root, list_arg);
    assert!(
        said.contains("新增") && said.contains("changes.txt"),
        "{said}"
    );
    let first = tree(&out_dir);
    let by = listed(&list);
    assert_eq!(
        by[&'A'],
        first
            .keys()
            .filter(|p| *p != ".pledgeboard-output")
            .cloned()
            .collect()
    );
    assert!(by[&'M'].is_empty() && by[&'D'].is_empty());

    // Nothing changed: nothing listed, every file the very same one.
    let ids = identities(&out_dir);
    build(&root, list_arg);
    assert_eq!(listed(&list), truth(&first, &first));
    assert_eq!(
        identities(&out_dir),
        ids,
        "a rebuild of the same site replaced files"
    );

    // One note edited, one photo removed: the list is the byte truth, and
    // every file not listed is still the very same file.
    let edited = fs::read_to_string(&note).expect("note") + "\n又走访了三户。\n";
    fs::write(&note, edited).expect("edit");
    fs::remove_file(note_dir.join("old-photo.png")).expect("remove a photo");
    build(&root, list_arg);
    let second = tree(&out_dir);
    let by = listed(&list);
    assert_eq!(by, truth(&first, &second));
    assert!(
        by[&'D'].iter().any(|p| p.ends_with("_unit/old-photo.png")),
        "{by:?}"
    );
    assert!(
        by[&'M'].contains("chengguan-street/2026/_unit/index.html"),
        "{by:?}"
    );
    let now = identities(&out_dir);
    let mut kept = 0;
    for (path, id) in &now {
        let listed_here = by.values().any(|set| set.contains(path));
        if !listed_here && let Some(old) = ids.get(path) {
            assert_eq!(id, old, "{path} is unchanged but was written again");
            kept += 1;
        }
    }
    assert!(kept > first.len() / 2, "only {kept} files kept");
    for kept_copy in ["notice.txt", "photo.png", ".pledgeboard-output"] {
        let path = now
            .keys()
            .find(|p| p.ends_with(kept_copy))
            .expect(kept_copy);
        assert_eq!(now[path], ids[path], "{path}");
    }
}

#[test]
fn the_list_replaces_only_a_list_of_its_own() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    common::serve::demo_subset(&root);
    write(&root, "my-notes.txt", "书记的笔记\n");
    fs::create_dir_all(root.join("lists")).expect("folder");
    for (list, why) in [
        ("my-notes.txt", "不是本程序生成的文件"),
        ("lists", "这是一个文件夹"),
        ("content/changes.txt", "content/ 文件夹里面"),
        ("public/changes.txt", "输出文件夹里面"),
    ] {
        let out = run(
            &root,
            &[
                "build",
                "--today",
                TODAY,
                "--out",
                "public",
                "--changes",
                list,
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{list}: {}", text(&out));
        assert!(text(&out).contains(why), "{list}: {}", text(&out));
        assert!(!root.join("public").exists(), "{list}: built anyway");
    }
    assert_eq!(
        fs::read_to_string(root.join("my-notes.txt")).expect("notes"),
        "书记的笔记\n"
    );
    assert!(!root.join("content/changes.txt").exists());
    // Its own list it replaces.
    build(&root, "changes.txt");
    build(&root, "changes.txt");
    assert!(
        listed(&root.join("changes.txt"))
            .values()
            .all(BTreeSet::is_empty)
    );
}

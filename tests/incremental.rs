//! `serve`'s incremental loader must give exactly what a fresh build gives,
//! after every kind of change an editor makes: edit, add, rename, delete,
//! break and fix files, add and remove units.

use std::fs;
use std::path::{Path, PathBuf};

use pledgeboard::build;
use pledgeboard::content::{LoadOptions, Loader};
use pledgeboard::model::Date;
use pledgeboard::output::OutFile;
use pledgeboard::render::RenderOptions;

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the demo site, with its root canonical as `serve` uses it.
fn demo_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = fs::canonicalize(tmp.path()).unwrap();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(demo.join("site.yaml"), root.join("site.yaml")).unwrap();
    // The root unit and one street with its communities keep it quick.
    fs::create_dir_all(root.join("content")).unwrap();
    fs::copy(
        demo.join("content/_unit.yaml"),
        root.join("content/_unit.yaml"),
    )
    .unwrap();
    copy_tree(
        &demo.join("content/chengguan-street"),
        &root.join("content/chengguan-street"),
    );
    (tmp, root)
}

fn opts() -> RenderOptions {
    RenderOptions {
        today: Date::parse("2026-11-28").unwrap(),
        live_reload: false,
        relative: false,
    }
}

fn fresh(root: &Path) -> Result<Vec<OutFile>, Vec<String>> {
    let loaded = pledgeboard::content::load(root, &LoadOptions::default());
    generate(loaded)
}

fn generate(
    loaded: Result<
        (pledgeboard::model::Site, Vec<pledgeboard::diag::Diagnostic>),
        Vec<pledgeboard::diag::Diagnostic>,
    >,
) -> Result<Vec<OutFile>, Vec<String>> {
    let strings = |d: Vec<pledgeboard::diag::Diagnostic>| d.iter().map(|d| d.to_string()).collect();
    let (site, _) = loaded.map_err(strings)?;
    build::generate(&site, &opts()).map_err(strings)
}

/// Applies `change`, reloads incrementally with the paths it reports, and
/// checks the result against a fresh load of the same tree.
fn step(loader: &mut Loader, root: &Path, change: impl FnOnce() -> Vec<PathBuf>) -> bool {
    let changed = change();
    let incremental = generate(loader.load(Some(&changed)));
    let expected = fresh(root);
    match (&incremental, &expected) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.len(), b.len(), "same number of files");
            for (x, y) in a.iter().zip(b) {
                assert_eq!(x.path, y.path);
                assert!(x.body == y.body, "{} differs from a fresh build", x.path);
            }
            true
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "same errors as a fresh build");
            false
        }
        _ => panic!(
            "incremental and fresh disagree: {:?} vs {:?}",
            incremental.as_ref().map(Vec::len),
            expected.as_ref().map(Vec::len)
        ),
    }
}

#[test]
fn every_kind_of_edit_matches_a_fresh_build() {
    let (_tmp, root) = demo_copy();
    let mut loader = Loader::new(&root, LoadOptions::default());
    assert!(generate(loader.load(None)).is_ok());
    let c = root.join("content");
    let notes = c.join("chengguan-street/2026/liao-yong");
    let first_note = fs::read_dir(&notes)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .min()
        .unwrap();

    // Edit a note's body and its progress.
    assert!(step(&mut loader, &root, || {
        let text = fs::read_to_string(&first_note).unwrap();
        let text: Vec<String> = text
            .lines()
            .map(|l| {
                if l.starts_with("progress:") {
                    "progress: 77".to_string()
                } else {
                    l.to_string()
                }
            })
            .collect();
        fs::write(
            &first_note,
            format!("{}\n新增一句进展。\n", text.join("\n")),
        )
        .unwrap();
        vec![first_note.clone()]
    }));

    // Add a note.
    let added = notes.join("2026-11-20-new-note.md");
    let item = {
        let sheet = fs::read_to_string(c.join("chengguan-street/2026/liao-yong.md")).unwrap();
        let line = sheet
            .lines()
            .find(|l| l.trim_start().starts_with("- id:"))
            .unwrap()
            .to_string();
        line.split(':').nth(1).unwrap().trim().to_string()
    };
    assert!(step(&mut loader, &root, || {
        fs::write(
            &added,
            format!("---\nitem: {item}\nprogress: 90\n---\n新的进展。\n"),
        )
        .unwrap();
        vec![added.clone()]
    }));

    // Rename it.
    let renamed = notes.join("2026-11-21-renamed.md");
    assert!(step(&mut loader, &root, || {
        fs::rename(&added, &renamed).unwrap();
        vec![added.clone(), renamed.clone()]
    }));

    // Break it: the incremental load reports the same errors as a fresh one.
    assert!(!step(&mut loader, &root, || {
        fs::write(&renamed, "---\nitem: no-such-item\n---\n").unwrap();
        vec![renamed.clone()]
    }));

    // Fix it by deleting it.
    assert!(step(&mut loader, &root, || {
        fs::remove_file(&renamed).unwrap();
        vec![renamed.clone()]
    }));

    // A new unit folder with a year and a sheet.
    let unit = c.join("chengguan-street/new-community");
    assert!(step(&mut loader, &root, || {
        fs::create_dir_all(unit.join("2026")).unwrap();
        fs::write(
            unit.join("_unit.yaml"),
            "name: 新建社区党支部\nkind: community\nmembers: 3\n",
        )
        .unwrap();
        fs::write(
            unit.join("2026/wang-a.md"),
            "---\nname: 王甲\napproved: { by: 城关街道党工委, date: 2026-02-01 }\nitems:\n  - { id: a, title: 事项, deadline: 2026-12-01 }\n---\n",
        )
        .unwrap();
        vec![unit.clone()]
    }));

    // Change the unit's own file.
    assert!(step(&mut loader, &root, || {
        fs::write(
            unit.join("_unit.yaml"),
            "name: 新建社区党委\nkind: community\nmembers: 5\n",
        )
        .unwrap();
        vec![unit.join("_unit.yaml")]
    }));

    // Remove the unit again.
    assert!(step(&mut loader, &root, || {
        fs::remove_dir_all(&unit).unwrap();
        vec![unit.clone()]
    }));

    // site.yaml: a new title reaches every page.
    assert!(step(&mut loader, &root, || {
        let site = fs::read_to_string(root.join("site.yaml")).unwrap();
        fs::write(root.join("site.yaml"), site.replace("title: ", "title: 新")).unwrap();
        vec![root.join("site.yaml")]
    }));
}

/// `build` streams pages to disk as they are rendered; `check` and `serve`
/// generate in memory. Both must give the same files, byte for byte.
#[test]
fn streamed_build_equals_in_memory_generation() {
    let (_tmp, root) = demo_copy();
    let (site, _) = pledgeboard::content::load(&root, &LoadOptions::default()).unwrap();
    let files = build::generate(&site, &opts()).unwrap();
    let out = root.join("public");
    let target = pledgeboard::outdir::choose(&root, &out, false).unwrap();
    let written = build::build_to(&site, &opts(), &target).unwrap().files;
    assert_eq!(written, files.len());
    for f in &files {
        let on_disk = fs::read(out.join(&f.path)).unwrap();
        let expected = match &f.body {
            pledgeboard::output::OutBody::Bytes(b) => b.clone(),
            pledgeboard::output::OutBody::Copy(p) => fs::read(p).unwrap(),
        };
        assert!(on_disk == expected, "{} differs", f.path);
    }
    let count = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    // Besides the site, only the mark that the folder is a build's and
    // the manifest of what it holds.
    assert!(out.join(pledgeboard::outdir::MARK).is_file());
    assert!(out.join(pledgeboard::manifest::MANIFEST).is_file());
    assert_eq!(count, files.len() + 2, "no extra files on disk");
}

/// `serve` derives each version's figures from the previous version's,
/// for the units the two share: the same facts as deriving afresh, after
/// edits in one unit, a new unit (indices shift) and a removed one.
#[test]
fn derived_from_the_previous_version_equals_derived_afresh() {
    use pledgeboard::derive::{derive_year, derive_year_from};
    let (_tmp, root) = demo_copy();
    let today = Date::parse("2026-11-28").unwrap();
    let mut loader = Loader::new(&root, LoadOptions::default());
    let (mut site, _) = loader.load(None).unwrap();
    let mut facts = derive_year(&site, 2026, today);
    let street = root.join("content/chengguan-street");
    let note = fs::read_dir(street.join("2026/liao-yong"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    let early = street.join("a-new-unit");
    let changes: Vec<Box<dyn Fn() -> Vec<PathBuf>>> = vec![
        Box::new(|| {
            let text = fs::read_to_string(&note).unwrap();
            let text: Vec<&str> = text
                .lines()
                .map(|l| {
                    if l.starts_with("progress:") {
                        "progress: 77"
                    } else {
                        l
                    }
                })
                .collect();
            fs::write(&note, text.join("\n")).unwrap();
            vec![note.clone()]
        }),
        Box::new(|| {
            fs::create_dir_all(early.join("2026")).unwrap();
            fs::write(early.join("_unit.yaml"), "name: 新单位\nkind: community\n").unwrap();
            fs::write(
                early.join("2026/li-b.md"),
                "---\nname: 李乙\napproved: { by: 党工委, date: 2026-02-01 }\nitems:\n  - { id: a, title: 事项, category: 为民服务, deadline: 2026-03-01 }\n---\n",
            )
            .unwrap();
            vec![early.clone()]
        }),
        Box::new(|| {
            fs::remove_dir_all(&early).unwrap();
            vec![early.clone()]
        }),
    ];
    for change in changes {
        let changed = change();
        let (next, _) = loader.load(Some(&changed)).unwrap();
        let shared = next
            .units
            .iter()
            .filter(|u| site.units.iter().any(|v| std::sync::Arc::ptr_eq(u, v)))
            .count();
        assert!(shared > 0, "unchanged units are shared between versions");
        let incremental = derive_year_from(&next, 2026, today, Some((&site, &facts)));
        let fresh = derive_year(&next, 2026, today);
        assert_eq!(format!("{incremental:?}"), format!("{fresh:?}"));
        (site, facts) = (next, incremental);
    }
}

//! `build` over its own earlier output updates it in place (issue 19,
//! item 2): after any sequence of edits the output is byte for byte what
//! a clean build into a fresh folder gives (manifest included), files
//! whose bytes did not change are the very same files, and nothing but
//! the previous build's own files is ever removed.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::Rng;
use pledgeboard::build::{self, Publish};
use pledgeboard::content::{self, LoadOptions};
use pledgeboard::model::Date;
use pledgeboard::outdir;
use pledgeboard::progress::Counter;
use pledgeboard::render::RenderOptions;

fn opts(today: &str) -> RenderOptions {
    RenderOptions {
        today: Date::parse(today).expect("date"),
        live_reload: false,
        relative: false,
    }
}

/// Builds the site at `root` into `out` as `build` does.
fn build_into(root: &Path, out: &Path, today: &str, fresh: bool) -> build::Built {
    let (site, _) = content::load(root, &LoadOptions::default()).expect("site loads");
    let target = outdir::choose(root, out, false).expect("output allowed");
    let publish = Publish {
        changes: true,
        fresh,
    };
    build::build_counting(&site, &opts(today), &target, &Counter::default(), publish)
        .expect("site builds")
}

/// Every file below `dir`: path → (inode, bytes).
fn files(dir: &Path) -> BTreeMap<String, (u64, Vec<u8>)> {
    common::tree(dir)
        .into_iter()
        .map(|(rel, bytes)| {
            let ino = fs::metadata(dir.join(&rel)).expect("stat").ino();
            (rel, (ino, bytes))
        })
        .collect()
}

/// Removes the sheet `m1-2` (its notes and its votes too).
fn remove_m1_2(root: &Path) {
    let sheet = root.join("content/street-0/community-1/2026/m1-2.md");
    fs::remove_file(&sheet).unwrap();
    fs::remove_dir_all(sheet.with_extension("")).unwrap();
    let review = sheet.with_file_name("_review.yaml");
    let text = fs::read_to_string(&review).unwrap();
    let (head, tail) = text.split_once("m1-2:\n").unwrap();
    fs::write(
        &review,
        format!("{head}{}", tail.split_once('\n').unwrap().1),
    )
    .unwrap();
}

/// One random edit an editor or a site's maintainer makes; returns what
/// it did, for the failure message.
fn edit(root: &Path, rng: &mut Rng, today: &mut String) -> String {
    let notes: Vec<String> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_string_lossy().into_owned())
        .filter(|p| p.contains("-note") || p.contains("added-"))
        .collect();
    let pick = |rng: &mut Rng, list: &[String]| list[rng.below(list.len() as u64) as usize].clone();
    // A member's folder: a street (every fourth unit) or a community
    // below one.
    let unit_dir = |unit: u64| {
        if unit.is_multiple_of(4) {
            format!("content/street-{unit}")
        } else {
            format!("content/street-{}/community-{unit}", unit - unit % 4)
        }
    };
    match rng.below(14) {
        0 if !notes.is_empty() => {
            let note = pick(rng, &notes);
            let mut text = fs::read_to_string(&note).unwrap();
            text.push_str(&format!("又开展了一次活动（{}）。\n", rng.below(1000)));
            fs::write(&note, text).unwrap();
            format!("edited {note}")
        }
        1 if notes.len() > 3 => {
            let note = pick(rng, &notes);
            fs::remove_file(&note).unwrap();
            format!("removed {note}")
        }
        2 => {
            let unit = rng.below(8);
            let dir = unit_dir(unit);
            let m = rng.below(3);
            let n = rng.below(100);
            common::write(
                root,
                &format!(
                    "{dir}/2026/m{unit}-{m}/2026-05-{:02}-added-{n}.md",
                    1 + n % 28
                ),
                format!(
                    "---\nitem: item-2\nprogress: {}\n---\n新增的进展{n}。\n",
                    n % 101
                ),
            );
            format!("added a note to {dir} m{unit}-{m}")
        }
        3 => {
            let unit = 4 + rng.below(4);
            let path = if unit == 4 {
                "content/street-4/_unit.yaml".to_string()
            } else {
                format!("content/street-4/community-{unit}/_unit.yaml")
            };
            let text = fs::read_to_string(root.join(&path)).unwrap();
            let renamed = text.replacen("name: ", &format!("name: 改名{}", rng.below(10)), 1);
            fs::write(root.join(&path), renamed).unwrap();
            format!("renamed the unit of {path}")
        }
        4 => {
            let site = fs::read_to_string(root.join("site.yaml")).unwrap();
            let title = format!("title: 公示网站{}\n", rng.below(10));
            let site: String = site
                .lines()
                .map(|l| {
                    if l.starts_with("title:") {
                        title.trim_end()
                    } else {
                        l
                    }
                })
                .map(|l| format!("{l}\n"))
                .collect();
            fs::write(root.join("site.yaml"), site).unwrap();
            "changed the title".into()
        }
        5 => {
            *today = format!("2026-{:02}-{:02}", 4 + rng.below(8), 1 + rng.below(28));
            format!("today is {today}")
        }
        6 => {
            let path = "themes/default/templates/note.html";
            if root.join(path).exists() {
                fs::remove_dir_all(root.join("themes")).unwrap();
                "removed the template override".into()
            } else {
                let (_, changed) = common::builtin_template_with(
                    "sheet.html",
                    &format!("<p>自己的模板{}</p>", rng.below(10)),
                );
                common::write(root, "themes/default/templates/sheet.html", changed);
                "overrode sheet.html".into()
            }
        }
        7 => {
            let site = fs::read_to_string(root.join("site.yaml")).unwrap();
            let site = if site.contains("note_pages: true") {
                site.replace("note_pages: true\n", "")
            } else {
                format!("{site}note_pages: true\n")
            };
            fs::write(root.join("site.yaml"), site).unwrap();
            "switched note pages".into()
        }
        9 => {
            // The item's status changes: its sheet's figures, the status
            // lists and every figure up the tree.
            let unit = rng.below(8);
            let m = rng.below(3);
            let (status, extra) = [
                ("done", ""),
                ("delayed", "deadline: 2026-12-31\n"),
                ("abandoned", ""),
                ("adjusted", "title: 改为新的目标\n"),
            ][rng.below(4) as usize];
            let n = rng.below(100);
            common::write(
                root,
                &format!(
                    "{}/2026/m{unit}-{m}/2026-06-{:02}-status-{n}.md",
                    unit_dir(unit),
                    1 + n % 28
                ),
                format!(
                    "---\nitem: item-{}\nstatus: {status}\n{extra}---\n说明了原因{n}。\n",
                    rng.below(3)
                ),
            );
            format!("set item status {status} in m{unit}-{m}")
        }
        10 => {
            // A member's name: their sheet, the board, the lists their
            // items are on, the feeds and the search index.
            let unit = rng.below(8);
            let m = rng.below(3);
            let path = root.join(format!("{}/2026/m{unit}-{m}.md", unit_dir(unit)));
            let text = fs::read_to_string(&path).unwrap();
            let renamed = text.replacen("name: ", &format!("name: 新{}", rng.below(10)), 1);
            fs::write(&path, renamed).unwrap();
            format!("renamed member m{unit}-{m}")
        }
        11 => {
            // The votes of a review: a sheet's satisfaction and every
            // figure up the tree.
            let unit = rng.below(8);
            let path = root.join(format!("{}/2026/_review.yaml", unit_dir(unit)));
            let text = fs::read_to_string(&path).unwrap();
            let changed = text.replacen(
                "satisfied: ",
                &format!("satisfied: {}", 1 + rng.below(9)),
                1,
            );
            fs::write(&path, changed).unwrap();
            format!("changed the votes of {}", unit_dir(unit))
        }
        12 => {
            // A unit's description and secretary: its unit page, and the
            // printed sheet of its own pledge.
            let unit = rng.below(8);
            let path = root.join(format!("{}/_unit.yaml", unit_dir(unit)));
            let text = fs::read_to_string(&path).unwrap();
            let changed = text
                .replacen("secretary: ", &format!("secretary: 新{}", rng.below(10)), 1)
                .replacen("简介", &format!("新简介{}", rng.below(10)), 1);
            fs::write(&path, changed).unwrap();
            format!("changed the details of {}", unit_dir(unit))
        }
        _ => {
            let path = root.join("static/files/notice.txt");
            if path.exists() && rng.below(2) == 0 {
                fs::remove_dir_all(root.join("static")).unwrap();
                "removed the static file".into()
            } else {
                common::write_at(&path, format!("通知{}", rng.below(1000)));
                "wrote a static file".into()
            }
        }
    }
}

/// Issue 19.2: after every step of random edit sequences, the output
/// updated in place equals a clean build's, file for file and byte for
/// byte; every file whose bytes stayed is the same file (inode); the
/// changes list names exactly what differs.
#[test]
fn in_place_builds_equal_clean_builds_after_random_edits() {
    for seed in 1..=3u64 {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        common::write_files(&root, &common::mid_site_files(8, 3), None);
        let out = root.join("public");
        let mut today = "2026-06-30".to_string();
        build_into(&root, &out, &today, false);
        let mut rng = Rng::new(seed);
        let mut done = Vec::new();
        for step in 0..12 {
            let before = files(&out);
            done.push(edit(&root, &mut rng, &mut today));
            let built = build_into(&root, &out, &today, false);
            let clean = tmp.path().join(format!("clean-{step}"));
            build_into(&root, &clean, &today, false);
            let (got, want) = (common::tree(&out), common::tree(&clean));
            assert!(
                got == want,
                "seed {seed} after {done:?}: {}",
                common::tree_diff(&got, &want)
            );
            let after = files(&out);
            let changes = built.changes.expect("asked for");
            for (path, (ino, bytes)) in &after {
                let Some((old_ino, old_bytes)) = before.get(path) else {
                    continue;
                };
                if old_bytes == bytes {
                    assert_eq!(ino, old_ino, "seed {seed} {done:?}: {path} was rewritten");
                }
            }
            let mut differs: Vec<&String> = after
                .iter()
                .filter(|(p, (_, b))| before.get(*p).is_some_and(|(_, old)| old != b))
                .map(|(p, _)| p)
                .collect();
            differs.sort();
            let listed: Vec<&String> = changes.changed.iter().collect();
            assert_eq!(listed, differs, "seed {seed} {done:?}");
            let added: Vec<&String> = after.keys().filter(|p| !before.contains_key(*p)).collect();
            assert_eq!(changes.added.iter().collect::<Vec<_>>(), added);
            let removed: Vec<&String> = before.keys().filter(|p| !after.contains_key(*p)).collect();
            assert_eq!(changes.removed.iter().collect::<Vec<_>>(), removed);
            fs::remove_dir_all(&clean).unwrap();
        }
    }
}

/// A rebuild with nothing changed renders no page and touches no file:
/// same inode and time for every file, the manifest included.
#[test]
fn a_rebuild_without_changes_touches_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::write_files(&root, &common::mid_site_files(4, 3), None);
    let out = root.join("public");
    build_into(&root, &out, "2026-06-30", false);
    let stamp = |dir: &Path| -> BTreeMap<String, (u64, i64, i64)> {
        common::tree(dir)
            .into_keys()
            .map(|rel| {
                let m = fs::metadata(dir.join(&rel)).unwrap();
                (rel, (m.ino(), m.mtime(), m.mtime_nsec()))
            })
            .collect()
    };
    let before = stamp(&out);
    assert!(before.contains_key(".pledgeboard-manifest"));
    let built = build_into(&root, &out, "2026-06-30", false);
    assert_eq!(stamp(&out), before);
    assert_eq!(built.changes.unwrap().counts(), [0, 0, 0]);
    // `--force` (fresh) makes the site anew, to the same bytes.
    let kept = common::tree(&out);
    build_into(&root, &out, "2026-06-30", true);
    assert_eq!(common::tree(&out), kept);
}

/// Files the previous build did not write are never removed, and a file
/// of the site removed or damaged by hand (its length changed) is made
/// again.
#[test]
fn only_its_own_files_are_removed_and_lost_pages_come_back() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::write_files(&root, &common::mid_site_files(4, 3), None);
    let out = root.join("public");
    build_into(&root, &out, "2026-06-30", false);
    let clean = common::tree(&out);
    let page = clean
        .keys()
        .find(|p| p.ends_with("/m1-1/index.html"))
        .expect("a sheet page")
        .clone();
    fs::remove_file(out.join(&page)).unwrap();
    let home = out.join("index.html");
    let mut damaged = fs::read(&home).unwrap();
    damaged.truncate(damaged.len() / 2);
    fs::write(&home, damaged).unwrap();
    common::write_at(&out.join("mine/notes.txt"), "operator's own");
    // The sheet goes: its page and folder are removed, the file of
    // someone else's is kept.
    remove_m1_2(&root);
    let built = build_into(&root, &out, "2026-06-30", false);
    let changes = built.changes.unwrap();
    assert!(changes.added.contains(&page), "{changes:?}");
    assert!(changes.changed.contains(&"index.html".to_string()));
    assert!(
        changes.removed.iter().any(|p| p.contains("/m1-2/")),
        "{changes:?}"
    );
    assert!(
        changes
            .removed
            .iter()
            .chain(&changes.added)
            .all(|p| !p.starts_with(".pledgeboard"))
    );
    assert_eq!(
        fs::read_to_string(out.join("mine/notes.txt")).unwrap(),
        "operator's own"
    );
    fs::remove_dir_all(out.join("mine")).unwrap();
    let fresh = tmp.path().join("fresh");
    build_into(&root, &fresh, "2026-06-30", false);
    let (got, want) = (common::tree(&out), common::tree(&fresh));
    assert!(got == want, "{}", common::tree_diff(&got, &want));
    assert!(!out.join("street-0/community-1/2026/m1-2").exists());
}

/// A link put into the output is never followed: a removed page behind
/// it stays where the link points, and nothing is written through it.
#[test]
fn links_in_the_output_are_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::write_files(&root, &common::mid_site_files(4, 3), None);
    let out = root.join("public");
    build_into(&root, &out, "2026-06-30", false);
    let elsewhere = tmp.path().join("elsewhere");
    let page_dir = out.join("street-0/community-1/2026/m1-2");
    fs::rename(&page_dir, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &page_dir).unwrap();
    let before = common::tree(&elsewhere);
    assert!(!before.is_empty());
    // The sheet goes: its page would be removed, through the link.
    remove_m1_2(&root);
    build_into(&root, &out, "2026-06-30", false);
    assert_eq!(common::tree(&elsewhere), before);
}

/// The keys of the groups made from the whole site, after loading `root`
/// as it is now: (open data of 2026, search index).
fn group_keys(root: &Path) -> (u128, u128) {
    use pledgeboard::render::{Group, Renderer};
    let (site, _) = content::load(root, &LoadOptions::default()).expect("site loads");
    let opts = opts("2026-11-28");
    let facts = build::derive_all(&site, opts.today, None);
    let refs = facts.iter().map(|(y, f)| (*y, f)).collect();
    let renderer = Renderer::new(&site, refs, &opts).expect("renderer");
    (
        renderer.group_key(Group::Data(2026)),
        renderer.group_key(Group::Search),
    )
}

/// The key of every file of search result rows, after loading `root`.
fn rows_keys(root: &Path) -> std::collections::BTreeMap<String, u128> {
    use pledgeboard::render::Renderer;
    let (site, _) = content::load(root, &LoadOptions::default()).expect("site loads");
    let opts = opts("2026-11-28");
    let facts = build::derive_all(&site, opts.today, None);
    let refs = facts.iter().map(|(y, f)| (*y, f)).collect();
    let renderer = Renderer::new(&site, refs, &opts).expect("renderer");
    let keys = std::sync::Mutex::new(std::collections::BTreeMap::new());
    renderer.search_rows_keyed_each(&|_, _| false, &|file, key| {
        keys.lock().unwrap().insert(file.path, key);
    });
    keys.into_inner().unwrap()
}

#[test]
fn a_note_edit_remakes_its_sheets_files_of_result_rows_and_a_unit_rename_more() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    common::serve::demo_subset(&root);
    let before = rows_keys(&root);
    assert!(before.len() > 2, "{before:?}");
    assert!(before.keys().all(|p| p.starts_with("search/d/")));
    let differing = |after: &std::collections::BTreeMap<String, u128>| {
        assert_eq!(after.len(), before.len());
        after
            .iter()
            .filter(|(p, k)| before.get(*p) != Some(k))
            .count()
    };
    assert_eq!(differing(&rows_keys(&root)), 0, "keys are not stable");

    let (_, note) = common::serve::street_note(&root);
    let text = fs::read_to_string(&note).expect("note");
    fs::write(&note, format!("{text}\n又走访了三户。\n")).expect("edit");
    // The sheet's documents are keyed as its page: its pledger's row,
    // its items' and its notes', each in one file here.
    let remade = differing(&rows_keys(&root));
    assert!((1..=3).contains(&remade), "{remade} files of rows remade");

    // A unit's name is in its rows, its pledgers', items' and notes'.
    let unit_yaml = root.join("content/chengguan-street/_unit.yaml");
    let yaml = fs::read_to_string(&unit_yaml).expect("unit");
    let renamed = yaml.replacen("name: ", "name: 新", 1);
    assert_ne!(renamed, yaml);
    fs::write(&unit_yaml, renamed).expect("rename");
    assert!(differing(&rows_keys(&root)) > 1);
}

/// The search index's term files and rows keys of `root` as it is now,
/// made whole: (files by path, rows keys).
type Index = (BTreeMap<String, Vec<u8>>, BTreeMap<String, u128>);

fn whole_index(root: &Path) -> Index {
    use pledgeboard::render::Renderer;
    let (site, _) = content::load(root, &LoadOptions::default()).expect("site loads");
    let opts = opts("2026-11-28");
    let facts = build::derive_all(&site, opts.today, None);
    let refs = facts.iter().map(|(y, f)| (*y, f)).collect();
    let renderer = Renderer::new(&site, refs, &opts).expect("renderer");
    let files = std::sync::Mutex::new(BTreeMap::new());
    renderer.search_terms_each(&|file| {
        let pledgeboard::output::OutBody::Bytes(bytes) = file.body else {
            panic!("a term file is made in memory");
        };
        files.lock().unwrap().insert(file.path, bytes);
    });
    (files.into_inner().unwrap(), rows_keys(root))
}

/// The term files of `root` patched from `before` (the index of the
/// previous version), or `None` when the patch declines.
fn patched_index(root: &Path, before: &Index) -> Option<BTreeMap<String, Vec<u8>>> {
    use pledgeboard::render::Renderer;
    let (site, _) = content::load(root, &LoadOptions::default()).expect("site loads");
    let opts = opts("2026-11-28");
    let facts = build::derive_all(&site, opts.today, None);
    let refs = facts.iter().map(|(y, f)| (*y, f)).collect();
    let renderer = Renderer::new(&site, refs, &opts).expect("renderer");
    let kept =
        renderer.search_rows_keyed_each(&|path, key| before.1.get(path) == Some(&key), &|_, _| {});
    let files = std::sync::Mutex::new(BTreeMap::new());
    let patched =
        renderer.search_terms_patched(&kept, &|path| before.0.get(path).cloned(), &|file| {
            let pledgeboard::output::OutBody::Bytes(bytes) = file.body else {
                panic!("a term file is made in memory");
            };
            files.lock().unwrap().insert(file.path, bytes);
        });
    patched.then(|| files.into_inner().unwrap())
}

#[test]
fn the_term_files_patched_after_an_edit_are_those_made_whole() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    common::write_files(&root, &common::mid_site_files(16, 3), None);
    let notes = || {
        let mut notes: Vec<_> = walkdir::WalkDir::new(root.join("content"))
            .into_iter()
            .flatten()
            .map(|e| e.path().to_path_buf())
            .filter(|p| p.to_string_lossy().contains("-note"))
            .collect();
        notes.sort();
        notes
    };
    let first = notes()[0].clone();
    type Edit<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let edits: Vec<Edit> = vec![
        (
            "a note's text with words no document had",
            Box::new(|| {
                let text = fs::read_to_string(&first).unwrap();
                fs::write(&first, format!("{text}\n又走访了鲲鹏村 zebra42 三户。\n")).unwrap();
            }),
        ),
        (
            "the same note's text taken back",
            Box::new(|| {
                let text = fs::read_to_string(&first).unwrap();
                let back = text.replace("\n又走访了鲲鹏村 zebra42 三户。\n", "");
                fs::write(&first, back).unwrap();
            }),
        ),
        (
            "a note of the last unit removed (fewer documents)",
            Box::new(|| fs::remove_file(notes().last().unwrap()).unwrap()),
        ),
    ];
    let mut before = whole_index(&root);
    let shards = before.0.len();
    for (what, edit) in edits {
        edit();
        let whole = whole_index(&root);
        let patched =
            patched_index(&root, &before).unwrap_or_else(|| panic!("{what}: the patch declined"));
        assert_eq!(
            patched.keys().collect::<Vec<_>>(),
            whole.0.keys().collect::<Vec<_>>(),
            "{what}"
        );
        for (path, bytes) in &whole.0 {
            assert!(
                patched[path] == *bytes,
                "{what}: {path} differs:\n{}\n{}",
                String::from_utf8_lossy(&patched[path]),
                String::from_utf8_lossy(bytes)
            );
        }
        before = whole;
    }
    assert!(shards > 1, "one shard tests little: {shards}");

    // The previous index not whole: declined.
    let edit = notes()[1].clone();
    let text = fs::read_to_string(&edit).unwrap();
    fs::write(&edit, format!("{text}\n再一次。\n")).unwrap();
    let mut short = before.clone();
    short.0.remove("search/t/0.json");
    assert!(patched_index(&root, &short).is_none());
    // Most documents changed: made whole instead.
    let mut moved = before.clone();
    moved.1.values_mut().for_each(|k| *k += 1);
    assert!(patched_index(&root, &moved).is_none());
}

#[test]
fn a_note_text_edit_keeps_the_open_data_and_a_title_edit_does_not() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    common::serve::demo_subset(&root);
    let (_, note) = common::serve::street_note(&root);
    let (data, search) = group_keys(&root);

    // The text (Markdown body) is not in the open data: same key; the
    // search index holds it: a new key.
    let text = fs::read_to_string(&note).expect("note");
    fs::write(&note, format!("{text}\n又走访了三户。\n")).expect("edit");
    let (data_after, search_after) = group_keys(&root);
    assert_eq!(data_after, data, "a note's text changed the data's key");
    assert_ne!(search_after, search, "a note's text left the index's key");

    // A title is exported: a new key.
    let text = fs::read_to_string(&note).expect("note");
    let titled = if text.contains("\ntitle:") {
        text.replacen("\ntitle:", "\ntitle: 新", 1)
    } else {
        text.replacen("---\n", "---\ntitle: 新标题\n", 1)
    };
    fs::write(&note, titled).expect("title");
    let (data_titled, _) = group_keys(&root);
    assert_ne!(data_titled, data, "a note's title left the data's key");
}

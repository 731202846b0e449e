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

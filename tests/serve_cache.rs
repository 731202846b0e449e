//! The load cache (`.pledgeboard-cache/`, src/content/cache.rs): a load
//! with the cache warm gives exactly what a load from the files gives —
//! the model and every diagnostic — after edits, additions and deletions
//! (an edit that keeps size and modification time too); a damaged cache of
//! any kind is never used and never panics; nothing is written outside the
//! cache's folder; and `serve` started warm answers every page as `build`
//! writes it.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use pledgeboard::content::{LoadOptions, Loader, cache};

use common::serve::{Serve, TODAY, bin, demo_subset};

const CACHE: &str = ".pledgeboard-cache";

fn cached() -> LoadOptions {
    LoadOptions {
        cache: true,
        ..LoadOptions::default()
    }
}

/// Everything a load gives, as text: the model or the errors, and the
/// diagnostics.
fn load(root: &Path, opts: &LoadOptions) -> (String, Option<(usize, usize)>) {
    let mut loader = Loader::new(root, opts.clone());
    let got = match loader.load(None) {
        Ok((site, diags)) => format!("{site:#?}\n{diags:#?}"),
        Err(diags) => format!("errors\n{diags:#?}"),
    };
    let stats = loader.from_cache();
    loader.flush_cache();
    (got, stats)
}

/// A load from the files alone: what every cached load must equal.
fn truth(root: &Path) -> String {
    load(root, &LoadOptions::default()).0
}

/// Loads with the cache and checks the result against the files; gives
/// how many units came from the cache, of how many.
fn check(root: &Path, step: &str) -> (usize, usize) {
    let (got, stats) = load(root, &cached());
    let want = truth(root);
    assert!(
        got == want,
        "{step}: the cached load differs from the files'"
    );
    stats.expect("the cache is on")
}

/// The site's files outside the cache folder, with their bytes.
fn site_files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| e.file_name() != CACHE)
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).expect("under").to_path_buf();
            (rel, fs::read(e.path()).expect("read"))
        })
        .collect()
}

fn entries(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root.join(CACHE).join("units"))
        .expect("the cache's units")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    files.sort();
    files
}

fn demo() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = fs::canonicalize(tmp.path())
        .expect("canonical")
        .join("site");
    demo_subset(&root);
    (tmp, root)
}

/// The unit with the most files and the entry that holds it: the one
/// whose damage shows.
fn some_entry(root: &Path) -> PathBuf {
    entries(root)
        .into_iter()
        .max_by_key(|p| fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .expect("an entry")
}

#[test]
fn a_warm_load_equals_a_cold_one_and_reads_no_file() {
    if cache::disabled_by_env() {
        return;
    }
    let (_tmp, root) = demo();
    let before = site_files(&root);
    let (cached, units) = check(&root, "cold");
    assert_eq!(cached, 0, "nothing cached yet");
    assert!(units > 3, "a real site: {units} units");
    assert_eq!(entries(&root).len(), units, "one entry per unit");
    assert!(root.join(CACHE).join("CACHEDIR.TAG").is_file());
    assert_eq!(check(&root, "warm"), (units, units), "every unit cached");
    // The cache wrote only into its folder.
    assert_eq!(site_files(&root), before, "files outside the cache changed");
    // Switching the cache off reads everything and writes nothing.
    let stamp = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    let times: Vec<_> = entries(&root).iter().map(|p| stamp(p)).collect();
    let (_, stats) = load(&root, &LoadOptions::default());
    assert_eq!(stats, None);
    let again: Vec<_> = entries(&root).iter().map(|p| stamp(p)).collect();
    assert_eq!(times, again);
}

#[test]
fn edits_additions_and_deletions_are_read_again() {
    if cache::disabled_by_env() {
        return;
    }
    let (_tmp, root) = demo();
    let (_, units) = check(&root, "cold");
    let year = root.join("content/chengguan-street/2026");
    let note = year.join("liao-yong/2026-04-27-qiye-zoufang.md");

    // An edit that keeps the size and the modification time: only the
    // change time tells.
    let meta = fs::metadata(&note).expect("note");
    let text = fs::read_to_string(&note).expect("note");
    let swapped = text.replacen("企业", "单位", 1);
    assert_eq!(swapped.len(), text.len(), "same size");
    assert_ne!(swapped, text);
    fs::write(&note, &swapped).expect("edit");
    fs::File::options()
        .write(true)
        .open(&note)
        .and_then(|f| f.set_modified(meta.modified().expect("mtime")))
        .expect("set mtime back");
    let after = fs::metadata(&note).expect("note");
    assert_eq!(
        (after.len(), after.modified().ok()),
        (meta.len(), meta.modified().ok())
    );
    let (hits, read) = check(&root, "same size and mtime");
    assert_eq!((hits, read), (units - 1, units), "only that unit re-read");

    // A broken file: its error comes back from the cache as it was read.
    fs::write(&note, "---\nitem: [\n---\n").expect("break");
    check(&root, "broken note");
    let (got, _) = load(&root, &cached());
    assert!(got.starts_with("errors"), "the error is kept: {got}");
    fs::write(&note, &text).expect("fix");
    check(&root, "fixed note");

    // A new note, a new sheet, a deleted note, a deleted unit.
    fs::write(
        year.join("liao-yong/2026-05-01-new.md"),
        "---\nitem: qiye-zoufang\nprogress: 50\n---\n新的一条。\n",
    )
    .expect("add");
    check(&root, "note added");
    fs::remove_file(&note).expect("delete");
    check(&root, "note deleted");
    let units_now = |root: &Path| check(root, "again").1;
    let communities: Vec<PathBuf> = fs::read_dir(root.join("content/chengguan-street"))
        .expect("street")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("_unit.yaml").is_file())
        .collect();
    let gone = communities.first().expect("a community");
    fs::remove_dir_all(gone).expect("delete unit");
    let left = units_now(&root);
    check(&root, "unit deleted");
    // Its entry is gone too (the others are all there).
    assert_eq!(entries(&root).len(), left);

    // Settings that change every file's reading: every unit read again.
    let site_yaml = root.join("site.yaml");
    let yaml = fs::read_to_string(&site_yaml).expect("site.yaml");
    fs::write(&site_yaml, format!("{yaml}\nmember_names: surname\n")).expect("names");
    let (hits, _) = check(&root, "member_names");
    assert_eq!(hits, 0, "a new setting reads every unit again");
}

#[test]
fn a_damaged_cache_is_never_used() {
    if cache::disabled_by_env() {
        return;
    }
    let (_tmp, root) = demo();
    let (_, units) = check(&root, "cold");
    let entry = some_entry(&root);
    let good = fs::read(&entry).expect("entry");

    // Each damage, with whether the cache may replace the file (only its
    // own files: the magic must be there).
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x01;
    let mut other_version = good.clone();
    other_version[8] = other_version[8].wrapping_add(1);
    let mut other_build = good.clone();
    other_build[20] ^= 0xff; // inside the fingerprint of the loader's code
    let mut longer = good.clone();
    longer.push(0);
    let damages: Vec<(&str, Vec<u8>, bool)> = vec![
        ("truncated", good[..good.len() - 7].to_vec(), true),
        ("only the header", good[..60].to_vec(), true),
        ("one byte flipped", flipped, true),
        ("another format", other_version, true),
        ("another build", other_build, true),
        ("a byte more", longer, true),
        ("empty", Vec::new(), false),
        (
            "garbage",
            (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect(),
            false,
        ),
    ];
    for (what, bytes, replaced) in damages {
        fs::write(&entry, &bytes).expect("damage");
        let (hits, _) = check(&root, what);
        assert_eq!(hits, units - 1, "{what}: the damaged entry was used");
        let now = fs::read(&entry).expect("entry");
        if replaced {
            assert!(
                now.starts_with(b"PBCACHE\0") && now != bytes,
                "{what}: the entry is written anew"
            );
            assert_eq!(check(&root, what).0, units, "{what}: warm again");
        } else {
            assert_eq!(now, bytes, "{what}: a file not the cache's was replaced");
        }
        fs::write(&entry, &good).expect("restore");
    }

    // A folder where an entry should be: not used, left alone.
    fs::remove_file(&entry).expect("rm");
    fs::create_dir(&entry).expect("a folder in its place");
    fs::write(entry.join("keep.txt"), "mine").expect("a file in it");
    let (hits, _) = check(&root, "a folder");
    assert_eq!(hits, units - 1);
    assert_eq!(fs::read(entry.join("keep.txt")).expect("kept"), b"mine");
    fs::remove_dir_all(&entry).expect("rm");

    // The cache folder's `units/` as a file, then the cache folder itself
    // as a file: loads still right, the files untouched.
    let units_dir = root.join(CACHE).join("units");
    fs::remove_dir_all(&units_dir).expect("rm");
    fs::write(&units_dir, "not a folder").expect("file");
    assert_eq!(check(&root, "units/ is a file").0, 0);
    assert_eq!(fs::read(&units_dir).expect("kept"), b"not a folder");
    fs::remove_dir_all(root.join(CACHE)).expect("rm");
    fs::write(root.join(CACHE), "mine").expect("file");
    assert_eq!(check(&root, "the cache folder is a file").0, 0);
    assert_eq!(check(&root, "still a file").0, 0);
    assert_eq!(fs::read(root.join(CACHE)).expect("kept"), b"mine");
}

#[cfg(unix)]
#[test]
fn a_cache_folder_that_is_a_link_is_not_written_through() {
    if cache::disabled_by_env() {
        return;
    }
    let (tmp, root) = demo();
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir(&elsewhere).expect("mkdir");
    std::os::unix::fs::symlink(&elsewhere, root.join(CACHE)).expect("link");
    assert_eq!(check(&root, "linked").0, 0);
    assert_eq!(check(&root, "linked again").0, 0);
    assert_eq!(
        fs::read_dir(&elsewhere).expect("dir").count(),
        0,
        "written through the link"
    );
}

/// Every page `build` writes, as `serve` answers it: warm and cold alike.
#[test]
fn serve_started_warm_answers_what_build_writes() {
    if cache::disabled_by_env() {
        return;
    }
    let (tmp, root) = demo();
    let out = tmp.path().join("out");
    let built = std::process::Command::new(bin())
        .args(["build", "--today", TODAY, "--root"])
        .arg(&root)
        .arg("--out")
        .arg(&out)
        .env(cache::NO_CACHE_ENV, "1")
        .output()
        .expect("build");
    assert!(built.status.success(), "{built:?}");
    assert!(!root.join(CACHE).exists(), "the cache was off");
    let pages: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(&out).expect("under");
            let url = rel.to_string_lossy().replace('\\', "/");
            let url = url.strip_suffix("index.html").unwrap_or(&url).to_string();
            (url, fs::read(e.path()).expect("page"))
        })
        .collect();
    assert!(pages.len() > 20);
    for round in ["cold", "warm"] {
        let serve = Serve::start(&root);
        for (url, page) in &pages {
            let (status, body) = serve.get(url);
            let ok = status == 200 || (url == "404.html" && status == 404);
            assert!(ok, "{round}: {url} answered {status}");
            let body = common::serve::strip_live_reload(&body);
            assert!(body == *page, "{round}: {url} differs from the build");
        }
        let log = serve.log();
        let line = log
            .lines()
            .find(|l| l.contains("加载缓存"))
            .expect("the cache's line");
        // Cold, nothing came from the cache; warm, every unit did.
        match round {
            "cold" => assert!(line.contains("都从文件读取"), "cold: {line}"),
            _ => assert!(line.contains("取得全部"), "warm: {line}"),
        }
    }
}

/// `serve` reloads an edited file without walking the tree again: the
/// identities it has are the last walk's, so the cache must not answer.
#[test]
fn an_edit_reloaded_without_a_walk_is_read_from_its_file() {
    if cache::disabled_by_env() {
        return;
    }
    let (_tmp, root) = demo();
    // Files changed more than 2 s before a load are kept without their
    // bytes' hash: only their identity stands between the cache and them.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let mut loader = Loader::new(&root, cached());
    loader.load(None).expect("loads");
    loader.flush_cache();
    let unit_yaml = root.join("content/chengguan-street/_unit.yaml");
    let fine = fs::read_to_string(&unit_yaml).expect("unit yaml");
    fs::write(&unit_yaml, format!("{fine}\nkind: [unclosed\n")).expect("break");
    let got = match loader.load(Some(std::slice::from_ref(&unit_yaml))) {
        Ok((site, diags)) => format!("{site:#?}\n{diags:#?}"),
        Err(diags) => format!("errors\n{diags:#?}"),
    };
    assert!(got.starts_with("errors"), "the broken file was not read");
    assert!(got == truth(&root), "the reload differs from the files'");
}

/// What `serve` looks for once its watcher is ready (`Loader::rescan`,
/// unit folder by unit folder): nothing when nothing changed, the unit of
/// an edited note, and the whole of `content/` when a folder becomes a
/// unit.
#[test]
fn the_start_up_rescan_finds_what_changed_and_nothing_else() {
    let (_tmp, root) = demo();
    let mut loader = Loader::new(&root, cached());
    loader.load(None).expect("loads");
    assert_eq!(loader.rescan(), Vec::<PathBuf>::new(), "nothing changed");
    let unit = root.join("content/chengguan-street");
    let note = unit.join("2026/liao-yong/2026-04-27-qiye-zoufang.md");
    let text = fs::read_to_string(&note).expect("note");
    fs::write(&note, text.replacen("企业", "单位", 1)).expect("edit");
    assert_eq!(loader.rescan(), vec![note.clone()], "the edited note");
    fs::write(&note, &text).expect("put back");
    // A folder that is no unit becomes one: the walk itself changes.
    let loose = unit.join("new-branch");
    fs::create_dir(&loose).expect("folder");
    fs::write(loose.join("notes.txt"), "x").expect("file");
    // (Against the last walk: the note put back is still a change.)
    let changed = loader.rescan();
    assert!(
        changed.contains(&loose) && changed.iter().all(|p| p.starts_with(&unit)),
        "a new folder in the unit: {changed:?}"
    );
    loader
        .load(Some(std::slice::from_ref(&loose)))
        .expect("loads");
    assert_eq!(loader.rescan(), Vec::<PathBuf>::new(), "nothing since");
    fs::write(loose.join("_unit.yaml"), "name: x\nkind: community\n").expect("unit");
    assert_eq!(loader.rescan(), vec![root.join("content")], "a new unit");
}

/// The root unit's folder is `content/` itself: an edit of one of its
/// files before the watcher watched is that file, not `content/` (which
/// would read the whole city again, beside the site being served, and
/// hold both in memory), and the reload keeps every other unit as it was.
#[test]
fn an_edit_in_the_root_unit_before_watching_reloads_that_unit_only() {
    let (_tmp, root) = demo();
    let mut loader = Loader::new(&root, cached());
    let (before, _) = loader.load(None).expect("loads");
    let unit_yaml = root.join("content/_unit.yaml");
    let text = fs::read_to_string(&unit_yaml).expect("root unit");
    fs::write(&unit_yaml, format!("{text}\n# 备注\n")).expect("edit");
    let changed = loader.rescan();
    assert_eq!(changed, vec![unit_yaml.clone()], "the edited file only");
    let (after, _) = loader.load(Some(&changed)).expect("reloads");
    // The same allocation: the unit was kept, not read again.
    let street = |site: &pledgeboard::model::Site| {
        let u = site.unit_at("chengguan-street").expect("the street");
        std::ptr::from_ref(site.unit(u))
    };
    assert!(
        std::ptr::eq(street(&before), street(&after)),
        "the street was read again"
    );
    // A new year folder in the root unit: that folder.
    let year = root.join("content/2026");
    fs::create_dir(&year).expect("year folder");
    let changed = loader.rescan();
    let street_dir = root.join("content/chengguan-street");
    assert!(
        changed.contains(&year) && !changed.iter().any(|p| p.starts_with(&street_dir)),
        "the new year folder (and, against the last walk, the edit): {changed:?}"
    );
    let (again, _) = loader.load(Some(&changed)).expect("reloads");
    assert!(
        std::ptr::eq(street(&before), street(&again)),
        "the street was read again after a new folder"
    );
}

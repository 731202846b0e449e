//! `build` over an output it left, when nothing it reads has changed
//! (issue 19, item 2, "≤ 2 s for none"): it reads no file's contents,
//! renders and writes nothing, says so, repeats the last build's
//! warnings, and lists no change. Anything that could make the output
//! differ — a content file, site.yaml, a template override, a static
//! file, the options, the program's output folder itself being damaged or
//! cut short — makes it build as always, and the output is then byte for
//! byte a clean build's.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::Duration;

use common::{run, text, tree, write};

const TODAY: &str = "2026-11-28";
const UP_TO_DATE: &str = "已是最新";
const BUILT: &str = "已生成";

/// Identities taken within this long of being read prove nothing
/// (`content::cache`'s slack of 2 s): wait it out before a build that
/// should find nothing changed.
fn settle() {
    std::thread::sleep(Duration::from_millis(2_100));
}

fn build(root: &Path, extra: &[&str]) -> String {
    build_on(root, TODAY, extra)
}

fn build_on(root: &Path, today: &str, extra: &[&str]) -> String {
    let mut args = vec!["build", "--today", today, "--out", "public"];
    args.extend_from_slice(extra);
    let out = run(root, &args);
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
}

/// The build's own lines that are warnings (what an editor reads).
fn warnings(said: &str) -> Vec<&str> {
    said.lines().filter(|l| l.contains("警告")).collect()
}

/// Every file of the output: (inode, modification time in ns).
fn identities(out: &Path) -> BTreeMap<String, (u64, i128)> {
    common::tree(out)
        .into_keys()
        .map(|rel| {
            let meta = fs::metadata(out.join(&rel)).expect("stat");
            let mtime = meta.mtime() as i128 * 1_000_000_000 + meta.mtime_nsec() as i128;
            (rel, (meta.ino(), mtime))
        })
        .collect()
}

/// The output equals a clean build's of the same site and options,
/// manifest included.
fn equals_clean_build(root: &Path, today: &str) {
    let clean = tempfile::tempdir().expect("tmp");
    let out = clean.path().join("clean");
    let built = run(
        root,
        &[
            "build",
            "--today",
            today,
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert!(built.status.success(), "{}", text(&built));
    let (ours, clean) = (tree(&root.join("public")), tree(&out));
    assert!(
        ours == clean,
        "differs from a clean build: {}",
        common::tree_diff(&ours, &clean)
    );
}

#[test]
fn an_unchanged_site_is_left_alone_and_any_change_builds_again() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    common::serve::demo_subset(&root);
    // A link in content/ is skipped with a warning: the warnings of a
    // build that does nothing must be the same as the last full build's.
    std::os::unix::fs::symlink("/etc/hostname", root.join("content/link.md")).expect("symlink");
    write(&root, "static/notice.txt", "监督电话 12345\n");
    let list = tmp.path().join("changes.txt");
    let list_arg = list.to_str().expect("utf-8");
    let out = root.join("public");
    settle();

    let first = build(&root, &[]);
    assert!(first.contains(BUILT), "{first}");
    // The load cache is written as by every build (the walk that took
    // the stamp is the load's own).
    let entries = fs::read_dir(root.join(".pledgeboard-cache/units"))
        .expect("the load cache")
        .count();
    assert!(entries >= 5, "{entries} cache entries for 5 units");
    assert!(
        !warnings(&first).is_empty(),
        "no warning to repeat: {first}"
    );
    let ids = identities(&out);

    // Nothing changed: nothing made, nothing touched, nothing listed.
    let again = build(&root, &["--changes", list_arg]);
    assert!(again.contains(UP_TO_DATE), "{again}");
    assert!(!again.contains(BUILT), "{again}");
    assert_eq!(warnings(&again), warnings(&first));
    assert_eq!(identities(&out), ids, "an up-to-date build touched files");
    let listed = fs::read_to_string(&list).expect("list");
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(
        listed.starts_with("# pledgeboard build --changes"),
        "{listed}"
    );

    // A page removed by hand: built again, and the page is back.
    let page = "chengguan-street/2026/index.html";
    let before = fs::read(out.join(page)).expect("page");
    fs::remove_file(out.join(page)).expect("rm");
    let said = build(&root, &[]);
    assert!(said.contains(BUILT), "{said}");
    assert_eq!(fs::read(out.join(page)).expect("page back"), before);

    // Another day: every date-dependent page is due again.
    settle();
    let said = build_on(&root, "2026-11-29", &[]);
    assert!(said.contains(BUILT), "{said}");
    equals_clean_build(&root, "2026-11-29");
    let said = build(&root, &[]);
    assert!(said.contains(BUILT), "{said}");

    // A note edited with its size and modification time put back: its
    // change time still moved.
    let (_, note) = common::serve::street_note(&root);
    let old = fs::read_to_string(&note).expect("note");
    let mtime = fs::metadata(&note)
        .and_then(|m| m.modified())
        .expect("mtime");
    // (。 and ！ are both three bytes in UTF-8.)
    let edited = old.replacen('。', "！", 1);
    assert!(edited != old && edited.len() == old.len(), "{old}");
    fs::write(&note, &edited).expect("edit");
    fs::File::options()
        .write(true)
        .open(&note)
        .and_then(|f| f.set_modified(mtime))
        .expect("set mtime");
    settle();
    let said = build(&root, &[]);
    assert!(said.contains(BUILT), "{said}");
    equals_clean_build(&root, TODAY);

    // Right after an edit, identities prove nothing: built as always.
    fs::write(&note, &old).expect("edit back");
    let said = build(&root, &[]);
    assert!(said.contains(BUILT), "{said}");
    equals_clean_build(&root, TODAY);
    // (That build could not vouch for its inputs, so it left no record:
    // the next one builds, and the one after it has nothing to do.)
    settle();
    let said = build(&root, &[]);
    assert!(said.contains(BUILT), "{said}");
    let said = build(&root, &[]);
    assert!(said.contains(UP_TO_DATE), "{said}");

    // A template override, a static file and site.yaml are inputs too.
    let (_, template) = common::builtin_template_with("index.html", "<p>覆盖</p>");
    write(&root, "themes/default/templates/index.html", template);
    settle();
    let said = build(&root, &[]);
    assert!(said.contains(BUILT), "{said}");
    assert!(
        fs::read_to_string(out.join("index.html"))
            .expect("home")
            .contains("<p>覆盖</p>"),
        "the override is not on the home page"
    );
    write(&root, "static/notice.txt", "监督电话 67890\n");
    settle();
    let said = build(&root, &[]);
    assert!(said.contains(BUILT), "{said}");
    assert_eq!(
        fs::read_to_string(out.join("notice.txt")).expect("copy"),
        "监督电话 67890\n"
    );
    let yaml = fs::read_to_string(root.join("site.yaml")).expect("site.yaml");
    fs::write(root.join("site.yaml"), yaml.replace("title: ", "title: 新")).expect("title");
    settle();
    let said = build(&root, &[]);
    assert!(said.contains(BUILT), "{said}");
    equals_clean_build(&root, TODAY);

    // Other options, and `--force`, build as always.
    let said = build(&root, &["--relative"]);
    assert!(said.contains(BUILT), "{said}");
    let said = build(&root, &[]);
    assert!(said.contains(BUILT), "{said}");
    let said = build(&root, &[]);
    assert!(said.contains(UP_TO_DATE), "{said}");
    let said = build(&root, &["--force"]);
    assert!(said.contains(BUILT), "{said}");
    equals_clean_build(&root, TODAY);
}

#[test]
fn an_output_left_by_a_build_cut_short_is_built_again() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    common::serve::demo_subset(&root);
    settle();
    build(&root, &[]);
    let said = build(&root, &[]);
    assert!(said.contains(UP_TO_DATE), "{said}");

    // A journal beside the output: an in-place build was killed.
    let journal = root.join(".public.pledgeboard-journal");
    fs::write(&journal, "pledgeboard journal 1\nend\n").expect("journal");
    let said = build(&root, &[]);
    assert!(said.contains(BUILT), "{said}");
    assert!(!journal.exists(), "the journal was not cleared");
    equals_clean_build(&root, TODAY);

    // A page cut to another length, and the manifest edited by hand.
    let page = root.join("public/index.html");
    let mut bytes = fs::read(&page).expect("page");
    bytes.truncate(bytes.len() / 2);
    fs::write(&page, &bytes).expect("cut");
    let said = build(&root, &[]);
    assert!(said.contains(BUILT), "{said}");
    equals_clean_build(&root, TODAY);
    let manifest = root.join("public/.pledgeboard-manifest");
    let listing = fs::read_to_string(&manifest).expect("manifest");
    fs::write(&manifest, listing.replacen("index.html", "index.htm", 1)).expect("manifest");
    let said = build(&root, &[]);
    assert!(said.contains(BUILT), "{said}");
    equals_clean_build(&root, TODAY);

    // The record itself damaged: not trusted, built as always.
    let builds = root.join(".pledgeboard-cache/builds");
    for entry in fs::read_dir(&builds).expect("records") {
        let path = entry.expect("entry").path();
        let mut bytes = fs::read(&path).expect("record");
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        fs::write(&path, bytes).expect("damage");
    }
    let said = build(&root, &[]);
    assert!(said.contains(BUILT), "{said}");
    let said = build(&root, &[]);
    assert!(said.contains(UP_TO_DATE), "{said}");

    // With the cache turned off, nothing is kept and nothing skipped.
    let off = std::process::Command::new(env!("CARGO_BIN_EXE_pledgeboard"))
        .args(["build", "--today", TODAY, "--out", "public"])
        .current_dir(&root)
        .env("PLEDGEBOARD_NO_CACHE", "1")
        .output()
        .expect("run");
    assert!(text(&off).contains(BUILT), "{}", text(&off));
}

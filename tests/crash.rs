//! Issue 19.2: a build killed at any moment (kill -9) leaves every file of
//! the output whole, never loses a page that both the old and the new
//! version of the site have, and the next build repairs the output to
//! exactly what a clean build gives.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Rng;

const TODAY: &str = "2026-06-30";

fn build(root: &Path, out: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pledgeboard"));
    cmd.args(["build", "--out", out, "--today", TODAY])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// The two versions the site switches between: they differ on every
/// page (the title) and in their files (note pages), so a build between
/// them replaces and removes thousands of files, in place.
fn set_version(root: &Path, b: bool) {
    let mut site = format!(
        "title: 版本{}\nbase_url: https://example.org/p/\n",
        if b { "乙" } else { "甲" }
    );
    if b {
        site.push_str("note_pages: true\n");
    }
    fs::write(root.join("site.yaml"), site).unwrap();
}

#[test]
fn builds_killed_at_random_moments_are_repaired_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::write_files(&root, &common::mid_site_files(24, 5), None);
    // Clean builds of both versions into fresh folders: the references.
    let mut refs = Vec::new();
    let mut took = Duration::ZERO;
    for b in [false, true] {
        set_version(&root, b);
        let name = format!("ref-{b}");
        let started = Instant::now();
        assert!(build(&root, &name).status().unwrap().success());
        took = took.max(started.elapsed());
        refs.push(common::tree(&root.join(&name)));
    }
    let (a, b) = (&refs[0], &refs[1]);
    let out = root.join("public");
    set_version(&root, false);
    assert!(build(&root, "public").status().unwrap().success());
    let mut rng = Rng::new(19);
    let mut kills = 0;
    let mut version = false;
    while kills < 20 {
        version = rng.below(2) == 1;
        set_version(&root, version);
        let mut child = build(&root, "public").spawn().unwrap();
        // From start-up to past the end of a build, so that every phase
        // (loading, rendering, putting in place, removing) is hit.
        let wait = rng.below(took.as_millis() as u64 * 3 / 2 + 1);
        std::thread::sleep(Duration::from_millis(wait));
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        if !finished {
            kills += 1;
        }
        // Every file is whole: one version's bytes of that path.
        let now = common::tree(&out);
        for (path, bytes) in &now {
            assert!(
                a.get(path) == Some(bytes) || b.get(path) == Some(bytes),
                "kill {kills} after {wait} ms: {path} is neither version"
            );
        }
        // No page both versions have is ever missing.
        for path in a.keys().filter(|p| b.contains_key(*p)) {
            assert!(
                now.contains_key(path),
                "kill {kills} after {wait} ms: {path} missing"
            );
        }
    }
    // The next build repairs: exactly a clean build, manifest included.
    assert!(build(&root, "public").status().unwrap().success());
    let want = &refs[usize::from(version)];
    let got = common::tree(&out);
    assert!(&got == want, "{}", common::tree_diff(&got, want));
    // And nothing is left beside the output (the load cache in the site
    // root is the loader's, kept on purpose).
    let beside: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != pledgeboard::content::cache::DIR)
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

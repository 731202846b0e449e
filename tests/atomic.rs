//! Atomic output (SECURITY.md §1): `pledgeboard build` is killed with
//! SIGKILL at pseudo-random moments, again and again, while it replaces a
//! site; after every kill the output folder must be exactly one complete
//! build — the one before or the one being made — compared file by file
//! and byte by byte with reference builds. Staging folders left by the
//! killed builds must not disturb the next build, which removes them.
//! This is the promise of a staged build (`--force`, or a first build);
//! a build updating its earlier output in place keeps each file whole
//! instead, and is killed the same way in `tests/crash.rs`.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Rng, tree, tree_diff};

/// The two builds alternated into the output: the same site seen on two
/// days, so every file that shows the date differs between them.
const DAYS: [&str; 2] = ["2026-06-30", "2026-07-01"];

fn start(root: &Path, out: &Path, day: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_pledgeboard"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(["--today", day, "--force"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pledgeboard")
}

fn build(root: &Path, out: &Path, day: &str) {
    let output = start(root, out, day).wait_with_output().expect("wait");
    assert!(
        output.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Staging and retired folders beside `out`.
fn staging_folders(out: &Path) -> Vec<String> {
    let name = out.file_name().expect("name").to_string_lossy().to_string();
    std::fs::read_dir(out.parent().expect("parent"))
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(&format!(".{name}.pledgeboard-")))
        .collect()
}

#[cfg(unix)]
#[test]
fn killed_builds_leave_one_complete_site() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    common::write_files(&root, &common::mid_site_files(12, 4), None);

    let references: Vec<_> = DAYS
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let out = tmp.path().join(format!("ref-{i}"));
            build(&root, &out, day);
            tree(&out)
        })
        .collect();
    assert!(references[0].len() > 100, "{} files", references[0].len());
    assert_ne!(references[0], references[1]);

    let out = tmp.path().join("public");
    let started = Instant::now();
    build(&root, &out, DAYS[0]);
    // Kill moments spread over the whole length of a build (and a little
    // beyond, so some builds finish), measured on this machine.
    let span = started.elapsed().as_micros() as u64 * 13 / 10;
    let mut state = 0usize;
    let mut rng = Rng::new(0x5EED_0007);
    let (mut interrupted, mut finished, mut leftovers) = (0, 0, 0);
    for round in 0..20 {
        let next = 1 - state;
        let mut child = start(&root, &out, DAYS[next]);
        std::thread::sleep(Duration::from_micros(rng.below(span)));
        let running = child.try_wait().expect("try_wait").is_none();
        child.kill().expect("SIGKILL");
        let status = child.wait().expect("wait");
        let now = tree(&out);
        if now == references[next] {
            state = next;
        } else {
            assert!(
                now == references[state],
                "round {round}: after the kill the output is neither the previous nor the new build \
                 (vs previous: {}; vs new: {})",
                tree_diff(&references[state], &now),
                tree_diff(&references[next], &now),
            );
        }
        if running {
            interrupted += 1;
        } else {
            finished += 1;
            assert!(
                status.success(),
                "round {round}: the build failed: {status}"
            );
            assert_eq!(state, next, "round {round}: a finished build is in place");
        }
        leftovers += staging_folders(&out).len();
    }
    eprintln!(
        "{interrupted} builds killed while running, {finished} finished first; \
         {leftovers} staging folders seen after kills"
    );
    assert!(interrupted > 0, "no build was killed while running");

    // The next build succeeds, is complete, and removes what the killed
    // builds left beside the output.
    let next = 1 - state;
    build(&root, &out, DAYS[next]);
    assert!(
        tree(&out) == references[next],
        "{}",
        tree_diff(&references[next], &tree(&out))
    );
    assert_eq!(staging_folders(&out), Vec::<String>::new());
}

/// A failed build (a content error) writes nothing and leaves the site.
#[test]
fn a_build_with_errors_leaves_the_previous_site() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    common::write_files(&root, &common::mid_site_files(4, 2), None);
    let out = tmp.path().join("public");
    build(&root, &out, DAYS[0]);
    let before = tree(&out);
    std::fs::write(
        root.join("content/street-0/2026/m0-0/2026-05-01-bad.md"),
        "---\nitem: no-such-item\n---\n",
    )
    .expect("write");
    let output = start(&root, &out, DAYS[1])
        .wait_with_output()
        .expect("wait");
    assert_eq!(output.status.code(), Some(1));
    assert!(tree(&out) == before, "{}", tree_diff(&before, &tree(&out)));
    assert_eq!(staging_folders(&out), Vec::<String>::new());
}

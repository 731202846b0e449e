//! The repository's own files agree with each other where CI relies on
//! it. `.ci/run` builds the fuzz targets with `--locked`; a dependency
//! added to or dropped from Cargo.toml without `cargo update -w` in
//! `fuzz/` failed CI there after five minutes, while every test here
//! passed. This catches it in the test suite, in milliseconds.

use std::fs;
use std::path::Path;

/// The `dependencies` list of the `[[package]]` named `name` in a
/// Cargo.lock, as written (e.g. `serde`, or `rand 0.8.5` when two versions
/// are locked).
fn locked_dependencies(lock: &str, name: &str) -> Vec<String> {
    let header = format!("name = \"{name}\"\n");
    let block = lock
        .split("[[package]]")
        .find(|b| b.trim_start().starts_with(&header))
        .unwrap_or_else(|| panic!("no package {name} in the lock file"));
    let Some(start) = block.find("dependencies = [") else {
        return Vec::new();
    };
    let list = &block[start..];
    let end = list.find(']').expect("dependencies list closes");
    list[..end]
        .lines()
        .skip(1)
        .map(|l| l.trim().trim_end_matches(',').trim_matches('"').to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The names declared under `[dev-dependencies]` in Cargo.toml: the fuzz
/// crate depends on ours as a library, so they are not in its lock.
fn dev_dependencies(manifest: &str) -> Vec<String> {
    manifest
        .split("\n[")
        .filter(|s| s.starts_with("dev-dependencies]"))
        .flat_map(|s| s.lines().skip(1))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned()))
        .filter(|k| !k.is_empty() && !k.starts_with('#'))
        .collect()
}

#[test]
fn the_fuzz_lock_file_locks_the_crates_own_dependencies() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let main = fs::read_to_string(root.join("Cargo.lock")).unwrap();
    let fuzz = fs::read_to_string(root.join("fuzz/Cargo.lock")).unwrap();
    let dev = dev_dependencies(&fs::read_to_string(root.join("Cargo.toml")).unwrap());
    assert!(dev.iter().any(|d| d == "tempfile"), "{dev:?}");
    let ours: Vec<String> = locked_dependencies(&main, "pledgeboard")
        .into_iter()
        .filter(|d| !dev.contains(&d.split(' ').next().unwrap().to_owned()))
        .collect();
    assert!(ours.iter().any(|d| d == "pulldown-cmark"), "{ours:?}");
    // Names only: the fuzz tree may lock a second version of a crate that
    // the main tree has once, which changes how the entry is written.
    let names = |v: Vec<String>| -> Vec<String> {
        v.into_iter()
            .map(|d| d.split(' ').next().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        names(locked_dependencies(&fuzz, "pledgeboard")),
        names(ours),
        "fuzz/Cargo.lock is out of date: run `cargo update --offline -w` in fuzz/"
    );
}

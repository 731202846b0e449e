//! Deterministic output (SECURITY.md §6): the same content built twice
//! with the same `--today` gives byte-identical trees, even when its files
//! were created on disk in different orders (so folders list them in
//! different orders) and the builds ran in different folders.

mod common;

use std::path::Path;
use std::process::Command;

use common::{tree, tree_diff};

fn build(root: &Path, out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_pledgeboard"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(["--today", "2026-06-30"])
        .output()
        .expect("run pledgeboard");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn shuffled_creation_order_gives_identical_output() {
    let tmp = tempfile::tempdir().expect("tmp");
    let files = common::mid_site_files(12, 4);
    let mut trees = Vec::new();
    for (i, seed) in [None, Some(7), Some(0xDEC0DE)].into_iter().enumerate() {
        let root = tmp.path().join(format!("site-{i}"));
        common::write_files(&root, &files, seed);
        let out = tmp.path().join(format!("out-{i}"));
        build(&root, &out);
        trees.push(tree(&out));
    }
    assert!(trees[0].len() > 100, "{} files", trees[0].len());
    for t in &trees[1..] {
        assert!(*t == trees[0], "{}", tree_diff(&trees[0], t));
    }
}

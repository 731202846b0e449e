//! `check` tries templates: every page when the site brings templates of
//! its own (an error on one page among hundreds is found), a sample of
//! pages with the built-in theme.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pledgeboard"))
        .arg("--root")
        .arg(root)
        .args(args)
        .args(["--today", "2026-06-30"])
        .output()
        .expect("run pledgeboard")
}

/// A sheet template of the site's own that fails for one pledger only:
/// `m9-4`, which is neither the first sheet page nor on the sample grid.
fn site_with_a_template_failing_on_one_page() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    let mut files = common::mid_site_files(12, 6);
    files[0].1.push_str("theme: mine\n");
    let (_, broken) = common::builtin_template_with(
        "sheet.html",
        "{% if sheet.id == \"m9-4\" %}{{ nope.missing }}{% endif %}",
    );
    files.push(("themes/mine/templates/sheet.html".into(), broken));
    common::write_files(dir.path(), &files, None);
    dir
}

#[test]
fn check_renders_every_page_with_the_sites_own_templates() {
    let dir = site_with_a_template_failing_on_one_page();
    let check = run(dir.path(), &["check"]);
    let err = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{err}");
    assert!(err.contains("themes/mine/templates/sheet.html:"), "{err}");
    // `build` agrees, and writes nothing.
    let out = dir.path().join("public");
    let build = run(
        dir.path(),
        &["build", "--out", out.to_str().expect("utf-8")],
    );
    assert_eq!(build.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn the_same_site_with_a_sound_template_checks_clean() {
    let dir = site_with_a_template_failing_on_one_page();
    let template = dir.path().join("themes/mine/templates/sheet.html");
    let fixed = std::fs::read_to_string(&template)
        .expect("read")
        .replace("{{ nope.missing }}", "");
    std::fs::write(&template, fixed).expect("write");
    let check = run(dir.path(), &["check"]);
    let err = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{err}");
}

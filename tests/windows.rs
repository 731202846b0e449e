//! The Windows package editors download, run under wine: it is built with
//! `scripts/package.sh windows` (cross-compiled with mingw-w64), unpacked,
//! and its `pledgeboard.exe` must print its version, make a new site that
//! checks clean, and build the demo district into the same bytes as the
//! Linux build of this test run.
//!
//! Needs `wine`, Debian's `gcc-mingw-w64-x86-64`, the Rust target
//! `x86_64-pc-windows-gnu` and `python3`. Without them the test prints a
//! notice and passes, unless `PB_REQUIRE_WINE=1` (as in CI), where it fails.
//! It builds with the `wine-test` profile (`dist` without optimization:
//! the same code and package, minutes faster). The cross build goes to `target/package/` (its own folder: the
//! `cargo test` that runs us holds the lock of `target/`). Wine 8 (Debian
//! 12) lacks `bcryptprimitives.dll`, which Windows 10 and 11 have: the test
//! builds a stand-in from `tests/fixtures/wine/` beside the program.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TRIPLE: &str = "x86_64-pc-windows-gnu";

fn require() -> bool {
    std::env::var("PB_REQUIRE_WINE").is_ok_and(|v| v == "1")
}

/// What is missing to build and run the Windows package, if anything.
fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    for (tool, package) in [
        ("wine", "wine"),
        ("x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64"),
        ("python3", "python3"),
    ] {
        if common::which(&[tool]).is_none() {
            missing.push(format!("{tool} (apt-get install {package})"));
        }
    }
    let libdir = Command::new("rustc")
        .args(["--print", "target-libdir", "--target", TRIPLE])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    if !libdir.is_some_and(|d| d.is_dir()) {
        missing.push(format!("the Rust target (rustup target add {TRIPLE})"));
    }
    missing
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("the command starts");
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `pledgeboard.exe ARGS` under wine, in `dir`, with a prefix of its own.
fn wine(exe: &Path, prefix: &Path, dir: &Path, args: &[&str]) -> Output {
    run(Command::new("wine")
        .arg(exe)
        .args(args)
        .current_dir(dir)
        .env("WINEPREFIX", prefix)
        .env("WINEDEBUG", "-all")
        .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
        .env_remove("DISPLAY"))
}

#[test]
fn the_windows_package_runs_under_wine() {
    let missing = missing_tools();
    if !missing.is_empty() {
        let notice = format!(
            "\n!!! SKIPPED the_windows_package_runs_under_wine: missing {}\n",
            missing.join(", ")
        );
        assert!(!require(), "{notice}(PB_REQUIRE_WINE=1: failing)");
        eprintln!("{notice}");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let dist = tmp.path().join("dist");
    let out = run(Command::new("bash")
        .arg(repo.join("scripts/package.sh"))
        .arg("windows")
        .env("PB_DIST", &dist)
        .env("PB_PROFILE", "wine-test")
        .env("CARGO_TARGET_DIR", repo.join("target/package")));
    let zip = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(zip.is_file(), "package.sh names the zip it wrote: {zip:?}");

    // The zip as an editor unpacks it: one folder with the program, the
    // double-click preview script and the guide, under their Chinese names.
    let unpacked = tmp.path().join("unpacked");
    run(Command::new("python3")
        .args(["-m", "zipfile", "-e"])
        .arg(&zip)
        .arg(&unpacked));
    let folders: Vec<PathBuf> = fs::read_dir(&unpacked)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(folders.len(), 1, "one top folder: {folders:?}");
    let top = &folders[0];
    let mut names: Vec<String> = fs::read_dir(top)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["pledgeboard.exe", "使用说明.txt", "预览.bat"]);
    let bat = fs::read(top.join("预览.bat")).unwrap();
    assert!(
        bat.is_ascii(),
        "cmd.exe reads .bat files in the ANSI code page"
    );
    assert!(
        bat.windows(2).all(|w| w[1] != b'\n' || w[0] == b'\r'),
        "the .bat has CRLF line ends"
    );
    let guide = fs::read(top.join("使用说明.txt")).unwrap();
    assert!(
        guide.starts_with("\u{feff}".as_bytes()),
        "a BOM for Notepad"
    );

    // Wine 8 lacks a DLL that Windows 10 and 11 have (see the fixture).
    run(Command::new("x86_64-w64-mingw32-gcc")
        .args(["-shared", "-O2", "-o"])
        .arg(top.join("bcryptprimitives.dll"))
        .arg(repo.join("tests/fixtures/wine/bcryptprimitives.c"))
        .arg("-ladvapi32"));
    let exe = top.join("pledgeboard.exe");
    let prefix = tmp.path().join("wine");
    let version = wine(&exe, &prefix, top, &["--version"]);
    let version = String::from_utf8_lossy(&version.stdout);
    assert!(
        version.contains(concat!("pledgeboard ", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );

    // What 预览.bat does on the first run: a new site beside it, which
    // checks clean.
    wine(&exe, &prefix, top, &["init", "site"]);
    assert!(top.join("site/site.yaml").is_file());
    wine(&exe, &prefix, top, &["check", "--root", "site"]);

    // The demo district, built on "Windows" and here: the same bytes.
    let demo = tmp.path().join("demo");
    fs::create_dir_all(&demo).unwrap();
    fs::copy(repo.join("site.yaml"), demo.join("site.yaml")).unwrap();
    copy_dir(&repo.join("content"), &demo.join("content"));
    let args = ["build", "--today", "2026-11-28", "--out"];
    wine(
        &exe,
        &prefix,
        &demo,
        &[&args[..], &["public-windows"]].concat(),
    );
    run(Command::new(env!("CARGO_BIN_EXE_pledgeboard"))
        .args(args)
        .arg("public-linux")
        .current_dir(&demo));
    let (windows, linux) = (
        common::tree(&demo.join("public-windows")),
        common::tree(&demo.join("public-linux")),
    );
    assert!(linux.contains_key("index.html"));
    let differ: Vec<&String> = linux
        .keys()
        .chain(windows.keys())
        .filter(|k| linux.get(*k) != windows.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "{} files differ between the Windows and Linux builds, e.g. {:?}",
        differ.len(),
        &differ[..differ.len().min(5)]
    );
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

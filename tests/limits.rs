//! Limits without crashes (SECURITY.md §7): oversized, huge, deep,
//! numerous, looping, escaping, unreadable, special and badly named
//! content either builds or is reported with a clear message — never a
//! crash, a hang, a stack overflow or unbounded memory. Every build runs
//! in a child process, so its peak memory can be read afterwards.
//!
//! 100,000 empty files take longer than the default suite should: that
//! test is `#[ignore]`d; run it with `cargo test --release --test limits
//! -- --ignored` (a recorded run is in SECURITY.md).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::write_at as write;

fn site(root: &Path) {
    write(
        &root.join("site.yaml"),
        b"title: t\nbase_url: https://example.org/\n",
    );
    write(
        &root.join("content/u/_unit.yaml"),
        "name: 单位\nkind: community\n".as_bytes(),
    );
}

fn sheet(items: &str) -> String {
    format!(
        "---\nname: 张伟\napproved: {{ by: 党委, date: 2026-01-10 }}\nitems:\n{items}---\n承诺。\n"
    )
}

const ONE_ITEM: &str = "  - { id: a, title: 事项, deadline: 2026-12-01 }\n";

/// Runs `pledgeboard <args> --root root` (with `--out` for `build`).
fn run(root: &Path, cmd: &str) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pledgeboard"));
    c.arg(cmd)
        .arg("--root")
        .arg(root)
        .args(["--today", "2026-06-30"]);
    if cmd == "build" {
        c.arg("--out").arg(root.join("public"));
    }
    c.output().expect("run pledgeboard")
}

/// Whether a line of `err` reports `path` (relative to the site root;
/// the position is not checked) with a message containing `message`.
fn reported(err: &str, path: &str, message: &str) -> bool {
    err.lines().any(|l| {
        let at = l.find(&format!("{path}:"));
        at.is_some_and(|i| (i == 0 || l[..i].ends_with('/')) && l.contains(message))
    })
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The largest resident size of any child this process has waited for, in
/// MiB (Linux reports KiB).
#[cfg(target_os = "linux")]
fn peak_child_mib() -> u64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    (usage.ru_maxrss as u64) / 1024
}

#[cfg(not(target_os = "linux"))]
fn peak_child_mib() -> u64 {
    0
}

#[test]
fn a_50_mb_note_is_refused_with_a_clear_message() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    site(root);
    write(
        &root.join("content/u/2026/zhang.md"),
        sheet(ONE_ITEM).as_bytes(),
    );
    let mut note = b"---\nitem: a\nprogress: 10\n---\n".to_vec();
    let line = "今天走访群众，解决问题。**加粗** [链接](https://example.org/)\n\n".as_bytes();
    while note.len() < 50 << 20 {
        note.extend_from_slice(line);
    }
    write(&root.join("content/u/2026/zhang/2026-03-01-big.md"), &note);
    let o = run(root, "build");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        reported(
            &err,
            "content/u/2026/zhang/2026-03-01-big.md",
            "文件太大（51 MB，上限 1 MB）"
        ),
        "{err}"
    );
    assert!(!root.join("public").exists());
    // Refused before it is read: far less memory than the file.
    assert!(peak_child_mib() < 1024, "{} MiB", peak_child_mib());
}

#[test]
fn a_note_just_under_the_limit_builds() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    site(root);
    write(
        &root.join("content/u/2026/zhang.md"),
        sheet(ONE_ITEM).as_bytes(),
    );
    let mut note = b"---\nitem: a\nprogress: 10\n---\n".to_vec();
    let line = b"Visited residents, solved problems. <b>bold</b> [link](https://example.org/)\n\n";
    // Just under the Markdown limit (1 MiB).
    while note.len() + line.len() < 1 << 20 {
        note.extend_from_slice(line);
    }
    write(&root.join("content/u/2026/zhang/2026-03-01-big.md"), &note);
    let o = run(root, "build");
    assert!(o.status.success(), "{}", stderr(&o));
    let page = fs::read_to_string(root.join("public/u/2026/zhang/index.html")).expect("sheet");
    assert!(page.len() > 1 << 20);
}

#[test]
fn ten_thousand_items_in_one_sheet_build() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    site(root);
    let mut items = String::new();
    for i in 0..10_000 {
        items.push_str(&format!(
            "  - {{ id: i{i}, title: 第{i}项, category: 类别{}, deadline: 2026-{:02}-01 }}\n",
            i % 7,
            1 + i % 12
        ));
    }
    write(
        &root.join("content/u/2026/zhang.md"),
        sheet(&items).as_bytes(),
    );
    write(
        &root.join("content/u/2026/zhang/2026-03-01-a.md"),
        b"---\nitem: [i1, i9999]\nprogress: 50\n---\n",
    );
    let o = run(root, "build");
    assert!(o.status.success(), "{}", stderr(&o));
    let data = fs::read_to_string(root.join("public/data/2026.json")).expect("json");
    let data: serde_json::Value = serde_json::from_str(&data).expect("json");
    assert_eq!(
        data["pledgers"][0]["items"]
            .as_array()
            .expect("items")
            .len(),
        10_000
    );
}

#[test]
fn two_hundred_levels_of_nested_units_build() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    site(root);
    let mut dir = root.join("content/u");
    for level in 0..200 {
        dir = dir.join("a");
        write(
            &dir.join("_unit.yaml"),
            format!("name: 第{level}级\nkind: community\n").as_bytes(),
        );
    }
    write(&dir.join("2026/zhang.md"), sheet(ONE_ITEM).as_bytes());
    let o = run(root, "build");
    assert!(o.status.success(), "{}", stderr(&o));
    let data = fs::read_to_string(root.join("public/data/2026.json")).expect("json");
    let data: serde_json::Value = serde_json::from_str(&data).expect("json");
    let units = data["units"].as_array().expect("units");
    assert_eq!(units.len(), 201);
    // The top unit counts the one item 200 levels down.
    assert_eq!(units[0]["items"], 1);
    // The home page's tree stops after a few levels; every unit has its
    // page, with its crumbs down from the top.
    let home = fs::read_to_string(root.join("public/index.html")).expect("home");
    assert!(home.contains("第5级"));
    let deepest = format!("public/u/{}index.html", "a/".repeat(200));
    let page = fs::read_to_string(root.join(deepest)).expect("deepest unit page");
    assert!(page.contains("第199级") && page.contains("第0级"));
}

#[test]
fn deeply_nested_yaml_is_an_error_not_a_crash() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    site(root);
    let deep = format!(
        "name: 单位\nkind: community\nextra: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    write(&root.join("content/u/_unit.yaml"), deep.as_bytes());
    let deep_map = format!(
        "---\nname: 张伟\nextra:\n{}---\n",
        (0..2000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect::<String>()
    );
    write(&root.join("content/u/2026/zhang.md"), deep_map.as_bytes());
    let o = run(root, "check");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/u/_unit.yaml:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_billion_laughs_alias_bomb_is_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    site(root);
    let mut yaml = String::from(
        "name: 单位\nkind: community\nextra:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        yaml.push_str(&format!("  a{i}: &a{i} [{}]\n", vec![prev; 10].join(",")));
    }
    write(&root.join("content/u/_unit.yaml"), yaml.as_bytes());
    let o = run(root, "check");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/u/_unit.yaml:"),
        "{}",
        stderr(&o)
    );
    assert!(peak_child_mib() < 1024, "{} MiB", peak_child_mib());
}

#[test]
fn ten_thousand_empty_files_are_reported() {
    many_empty_files(10_000);
}

/// The full-size run: `cargo test --release --test limits -- --ignored`.
#[test]
#[ignore = "100,000 files: about a minute in a debug build; see SECURITY.md"]
fn a_hundred_thousand_empty_files_are_reported() {
    many_empty_files(100_000);
}

fn many_empty_files(n: usize) {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    site(root);
    let year = root.join("content/u/2026");
    fs::create_dir_all(&year).expect("mkdir");
    for i in 0..n {
        fs::write(year.join(format!("m{i}.md")), b"").expect("write");
    }
    let o = run(root, "check");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        reported(&err, "content/u/2026/m0.md", ""),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.contains(&format!("发现 {n} 个错误")),
        "{}",
        &err[err.len().saturating_sub(500)..]
    );
    assert!(peak_child_mib() < 2048, "{} MiB", peak_child_mib());
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed_and_are_reported() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().expect("tmp");
    let outside = tmp.path().join("outside");
    write(
        &outside.join("secret.md"),
        sheet("  - { id: a, title: SECRET-OUTSIDE-MARKER, deadline: 2026-12-01 }\n").as_bytes(),
    );
    write(
        &outside.join("_unit.yaml"),
        "name: SECRET-UNIT-MARKER\nkind: village\n".as_bytes(),
    );
    let root = tmp.path().join("site");
    site(&root);
    write(
        &root.join("content/u/2026/zhang.md"),
        sheet(ONE_ITEM).as_bytes(),
    );
    // A loop, a link to a folder outside, a link to a file outside, a
    // dangling link, a link to /etc/passwd.
    symlink("..", root.join("content/u/loop")).expect("symlink");
    symlink(root.join("content/u/self"), root.join("content/u/self")).expect("symlink");
    symlink(&outside, root.join("content/u/escape")).expect("symlink");
    symlink(outside.join("secret.md"), root.join("content/u/2026/li.md")).expect("symlink");
    symlink("/nonexistent/x", root.join("content/u/2026/gone.md")).expect("symlink");
    symlink("/etc/passwd", root.join("content/u/2026/passwd.md")).expect("symlink");
    let o = run(&root, "build");
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for link in [
        "content/u/loop",
        "content/u/self",
        "content/u/escape",
        "content/u/2026/li.md",
        "content/u/2026/gone.md",
        "content/u/2026/passwd.md",
    ] {
        assert!(
            reported(&err, link, "警告：符号链接不会被跟随"),
            "{link} not reported:\n{err}"
        );
    }
    for entry in walkdir::WalkDir::new(root.join("public"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let text = fs::read(entry.path()).expect("read");
            let text = String::from_utf8_lossy(&text);
            assert!(
                !text.contains("SECRET-") && !text.contains("root:x:0:0"),
                "{} holds content from outside the site",
                entry.path().display()
            );
        }
    }
}

/// A file the build cannot read. As root every file is readable, so the
/// build then runs as `nobody`; without root, `chmod 000` is enough.
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    site(&root);
    write(
        &root.join("content/u/2026/zhang.md"),
        sheet(ONE_ITEM).as_bytes(),
    );
    write(
        &root.join("content/u/2026/li.md"),
        sheet(ONE_ITEM).as_bytes(),
    );
    let locked = root.join("content/u/2026/li.md");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    let locked_dir = root.join("content/u/sub");
    write(&locked_dir.join("_unit.yaml"), b"name: x\nkind: village\n");
    fs::set_permissions(&locked_dir, fs::Permissions::from_mode(0o000)).expect("chmod");
    // SAFETY: geteuid has no preconditions.
    let as_root = unsafe { libc::geteuid() } == 0;
    // `nobody` may not reach the build's own binary (a checkout in a
    // private folder such as `mktemp -d`'s): it runs a copy in `tmp`.
    let binary = if as_root {
        let copy = tmp.path().join("pledgeboard");
        fs::copy(env!("CARGO_BIN_EXE_pledgeboard"), &copy).expect("copy the binary");
        fs::set_permissions(&copy, fs::Permissions::from_mode(0o755)).expect("chmod");
        copy
    } else {
        PathBuf::from(env!("CARGO_BIN_EXE_pledgeboard"))
    };
    let mut cmd = Command::new(&binary);
    cmd.arg("check").arg("--root").arg(&root);
    if as_root {
        for dir in [tmp.path(), &root] {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        for entry in walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
        {
            let p = entry.path();
            if p != locked && p != locked_dir && !p.starts_with(&locked_dir) {
                let mode = if entry.file_type().is_dir() {
                    0o755
                } else {
                    0o644
                };
                fs::set_permissions(p, fs::Permissions::from_mode(mode)).expect("chmod");
            }
        }
        cmd.uid(65534).gid(65534);
    }
    let o = cmd.output().expect("run");
    fs::set_permissions(&locked_dir, fs::Permissions::from_mode(0o755)).expect("chmod back");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        reported(
            &err,
            "content/u/2026/li.md",
            "无法读取文件：Permission denied"
        ),
        "{err}"
    );
    assert!(reported(&err, "content/u/sub", "无法读取文件"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_fifo_does_not_hang_the_build() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    site(root);
    write(
        &root.join("content/u/2026/zhang.md"),
        sheet(ONE_ITEM).as_bytes(),
    );
    let fifo = root.join("content/u/2026/li.md");
    let c = std::ffi::CString::new(fifo.to_str().expect("utf-8")).expect("path");
    // SAFETY: a valid path; mkfifo creates a special file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let o = run(root, "build");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        reported(&stderr(&o), "content/u/2026/li.md", "警告：这不是普通文件"),
        "{}",
        stderr(&o)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn names_that_are_not_utf8_are_reported() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    site(root);
    let year = root.join("content/u/2026");
    write(&year.join("zhang.md"), sheet(ONE_ITEM).as_bytes());
    let bad = std::ffi::OsStr::from_bytes(b"li\xff\xfe.md");
    fs::write(year.join(bad), sheet(ONE_ITEM)).expect("write");
    let bad_dir = std::ffi::OsStr::from_bytes(b"sub\xc3\x28");
    write(
        &root.join("content/u").join(bad_dir).join("_unit.yaml"),
        b"name: x\nkind: village\n",
    );
    let o = run(root, "check");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        reported(
            &err,
            "content/u/2026/li\u{FFFD}\u{FFFD}.md",
            "文件名或文件夹名含有无法识别的字符"
        ),
        "{err}"
    );
    assert!(
        reported(
            &err,
            "content/u/sub\u{FFFD}(",
            "文件名或文件夹名含有无法识别的字符"
        ),
        "{err}"
    );
}

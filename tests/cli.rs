//! The command line speaks the site's language (issue 16): `--help`, every
//! usage error and clap's own words are Chinese for a Chinese site (and
//! outside a site), English for `language: en` however it is quoted;
//! usage errors exit 2.

use std::path::Path;
use std::process::{Command, Output};

fn pledgeboard(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pledgeboard"))
        .current_dir(cwd)
        .args(args)
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run pledgeboard")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// clap's English words, none of which a Chinese editor should meet.
const CLAP_ENGLISH: &[&str] = &[
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Print help",
    "Print version",
    "error:",
    "For more information",
    "[default",
    "[possible",
    "OPTIONS",
    "COMMAND",
];

fn assert_chinese(what: &str, out: &str) {
    for word in CLAP_ENGLISH {
        assert!(!out.contains(word), "{what}: English {word:?} in:\n{out}");
    }
}

#[test]
fn help_is_chinese_for_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "-h"],
        &["serve", "--help"],
        &["new", "--help"],
        &["new", "note", "--help"],
        &["init", "--help"],
        &["import", "--help"],
        &["import", "roster", "--help"],
    ] {
        let o = pledgeboard(tmp.path(), args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let out = text(&o);
        assert!(out.contains("用法：pledgeboard"), "{args:?}: {out}");
        assert!(out.contains("显示本帮助"), "{args:?}: {out}");
        assert_chinese(&format!("{args:?}"), &out);
    }
    let o = pledgeboard(tmp.path(), &["build", "--help"]);
    assert!(text(&o).contains("--out <文件夹>"), "{}", text(&o));
}

#[test]
fn usage_errors_are_plain_chinese_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    for (args, says) in [
        (&["biuld"][..], "是不是“build”"),
        (&["build", "--otu", "x"], "不认识的选项“--otu”"),
        (&["serve", "--port", "abc"], "“abc”无效"),
        (&["check", "--format", "xml"], "只能是：text、json"),
        (&["init"], "缺少必须写的 <文件夹>"),
        (&[], "请写明要做什么"),
    ] {
        let o = pledgeboard(tmp.path(), args);
        let out = text(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {out}");
        assert!(out.contains(says), "{args:?}: {says:?} not in {out}");
        assert!(out.contains("用法："), "{args:?}: {out}");
        assert_chinese(&format!("{args:?}"), &out);
    }
}

#[test]
fn an_english_site_gets_english_however_language_is_quoted() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("site.yaml"),
        "title: T\nbase_url: \"http://example.org/\"\nlanguage: \"en\"\n",
    )
    .unwrap();
    let o = pledgeboard(tmp.path(), &["build", "--otu", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("unexpected argument '--otu'"),
        "{}",
        text(&o)
    );
    let o = pledgeboard(tmp.path(), &["--help"]);
    assert!(text(&o).contains("Usage:"), "{}", text(&o));
    // The same from elsewhere, naming the site with --root.
    let elsewhere = tempfile::tempdir().unwrap();
    let root = tmp.path().to_str().unwrap();
    let o = pledgeboard(
        elsewhere.path(),
        &["--root", root, "check", "--format", "xml"],
    );
    assert!(text(&o).contains("invalid value 'xml'"), "{}", text(&o));
}

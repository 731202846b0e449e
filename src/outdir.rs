//! Which folder `build` may replace (SECURITY.md §1): an absent folder, an
//! empty one, or one an earlier build wrote (it carries the mark); any other
//! folder only with `--force`; never the site root, a folder holding it, or
//! the site's own inputs (`content/`, `themes/`, `static/`), whatever the
//! options. Paths are judged after resolving symbolic links and `..`.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The file every build puts at the top of its output: a folder holding
/// it is an earlier build, which the next one may replace whole.
pub const MARK: &str = ".pledgeboard-output";

/// The mark's bytes: constant, so output stays byte-identical.
pub const MARK_TEXT: &str = "pledgeboard output\n\
This folder was written by `pledgeboard build`. The next build replaces it \
whole: do not keep files of your own here.\n";

/// What a folder's mark must start with (later versions may reword the rest).
const MARK_MAGIC: &str = "pledgeboard output\n";

/// The site's input folders below its root, in the order they are judged,
/// and the load cache (`content::cache`): not an input, but a build that
/// replaced it would delete what `serve` and `build` read.
const INPUTS: [&str; 4] = ["content", "themes", "static", crate::content::cache::DIR];

/// An output folder that passed [`choose`]: absolute, with every symbolic
/// link and `..` of its existing part resolved, so the folder judged is the
/// folder written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutDir {
    path: PathBuf,
}

impl OutDir {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Why a folder may not receive the site.
#[derive(Debug)]
pub enum Refusal {
    /// It is the site root (`site.yaml` and `content/` would be replaced).
    SiteRoot,
    /// It contains the site root.
    ContainsSite,
    /// It is, or is inside, one of the site's inputs (`content`, `themes`,
    /// `static`, or a theme folder those point to).
    InsideInput(&'static str),
    /// It contains one of the site's inputs.
    ContainsInput(&'static str),
    /// It exists and is a file (or something else that is not a folder).
    NotAFolder,
    /// A non-empty folder without the mark, and no `--force`.
    NotEmpty,
    /// Its path could not be resolved or read (a broken link, no access).
    Unreadable(io::Error),
}

/// A refused output folder: the path as given, the path it resolves to
/// (when it got that far), and why.
#[derive(Debug)]
pub struct Refused {
    pub given: PathBuf,
    pub resolved: Option<PathBuf>,
    pub why: Refusal,
}

/// Judges `out` as the output folder of the site at `root`. `force` lets a
/// non-empty folder without the mark be replaced (its files are deleted
/// after the swap, as an earlier build's are); it never lets the site root,
/// a folder holding it, or the site's inputs be touched.
pub fn choose(root: &Path, out: &Path, force: bool) -> Result<OutDir, Refused> {
    let refuse = |resolved: Option<&Path>, why| Refused {
        given: out.to_path_buf(),
        resolved: resolved.map(Path::to_path_buf),
        why,
    };
    let root = fs::canonicalize(root).map_err(|e| refuse(None, Refusal::Unreadable(e)))?;
    let path = resolve(out).map_err(|e| refuse(None, Refusal::Unreadable(e)))?;
    let refuse = |why| Err(refuse(Some(&path), why));
    if root == path {
        return refuse(Refusal::SiteRoot);
    }
    if root.starts_with(&path) {
        return refuse(Refusal::ContainsSite);
    }
    for (name, input) in inputs(&root) {
        if path.starts_with(&input) {
            return refuse(Refusal::InsideInput(name));
        }
        if input.starts_with(&path) {
            return refuse(Refusal::ContainsInput(name));
        }
    }
    // `path` has no link left in its existing part: this is the folder.
    match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return refuse(Refusal::Unreadable(e)),
        Ok(meta) if !meta.is_dir() => return refuse(Refusal::NotAFolder),
        Ok(_) => {
            let empty = match fs::read_dir(&path) {
                Ok(mut entries) => entries.next().is_none(),
                Err(e) => return refuse(Refusal::Unreadable(e)),
            };
            if !empty && !force && !is_marked(&path) {
                return refuse(Refusal::NotEmpty);
            }
        }
    }
    Ok(OutDir { path })
}

/// Whether `dir` carries an earlier build's mark (a regular file, not a
/// link that could point at some other folder's mark).
pub fn is_marked(dir: &Path) -> bool {
    let mark = dir.join(MARK);
    fs::symlink_metadata(&mark).is_ok_and(|m| m.is_file())
        && fs::read(&mark).is_ok_and(|bytes| bytes.starts_with(MARK_MAGIC.as_bytes()))
}

/// The site input folder (`content`, `themes`, `static`) that holds the
/// resolved `path`, if any: what no command may write into. `root` must
/// be canonical.
pub fn input_holding(root: &Path, path: &Path) -> Option<&'static str> {
    inputs(root)
        .into_iter()
        .find(|(_, input)| path.starts_with(input))
        .map(|(name, _)| name)
}

/// The site's input folders, resolved: `content/`, `themes/` (and each
/// theme folder, which may be a link to elsewhere) and `static/`. Missing
/// ones are judged where they would be made.
fn inputs(root: &Path) -> Vec<(&'static str, PathBuf)> {
    let mut found = Vec::new();
    for name in INPUTS {
        if let Ok(path) = resolve(&root.join(name)) {
            found.push((name, path));
        }
    }
    if let Ok(themes) = fs::read_dir(root.join("themes")) {
        for theme in themes.flatten() {
            if let Ok(path) = fs::canonicalize(theme.path())
                && path.is_dir()
            {
                found.push(("themes", path));
            }
        }
    }
    found
}

/// `path` made absolute with its existing part canonical (links and `..`
/// resolved the way the system resolves them) and its missing part taken
/// as written, `..` there dropping the previous missing name: exactly the
/// folder `create_dir_all` would then make.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut real = PathBuf::new();
    let mut missing: Vec<OsString> = Vec::new();
    for part in path.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => real.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if missing.pop().is_none() {
                    real.pop();
                }
            }
            Component::Normal(name) => {
                if !missing.is_empty() {
                    missing.push(name.to_os_string());
                    continue;
                }
                let next = real.join(name);
                match fs::symlink_metadata(&next) {
                    // A broken link fails here: refused, not guessed.
                    Ok(_) => real = fs::canonicalize(&next)?,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        missing.push(name.to_os_string());
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    }
    real.extend(missing);
    Ok(real)
}

/// Every file of the built site in `dir` (its mark left out), relative
/// with `/` separators, in path order: what `--zip` packs and
/// `--changes` compares.
pub fn site_files(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(io::Error::from)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .map_err(io::Error::other)?
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel != MARK {
            out.push(rel);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site root with content, themes and static, beside other folders.
    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        for dir in ["content/a", "themes/t/static", "static", "docs"] {
            fs::create_dir_all(root.join(dir)).unwrap();
        }
        fs::write(root.join("site.yaml"), "title: x\n").unwrap();
        fs::write(root.join("docs/notes.txt"), "mine").unwrap();
        (tmp, root)
    }

    fn why(root: &Path, out: &Path, force: bool) -> String {
        match choose(root, out, force) {
            Ok(_) => "ok".into(),
            Err(r) => format!("{:?}", r.why),
        }
    }

    #[test]
    fn the_site_and_its_inputs_are_refused_even_with_force() {
        let (tmp, root) = site();
        for force in [false, true] {
            let cases: &[(PathBuf, &str)] = &[
                (root.clone(), "SiteRoot"),
                (root.join("."), "SiteRoot"),
                (root.join("content/.."), "SiteRoot"),
                (root.join("new/.."), "SiteRoot"),
                (tmp.path().to_path_buf(), "ContainsSite"),
                (PathBuf::from("/"), "ContainsSite"),
                (root.join("content"), "InsideInput(\"content\")"),
                (root.join("content/../content"), "InsideInput(\"content\")"),
                (root.join("content/a"), "InsideInput(\"content\")"),
                (root.join("content/new/deeper"), "InsideInput(\"content\")"),
                (root.join("themes"), "InsideInput(\"themes\")"),
                (root.join("themes/t/static"), "InsideInput(\"themes\")"),
                (root.join("static"), "InsideInput(\"static\")"),
                (
                    root.join(".pledgeboard-cache/units"),
                    "InsideInput(\".pledgeboard-cache\")",
                ),
                (root.join("site.yaml"), "NotAFolder"),
            ];
            for (out, want) in cases {
                assert_eq!(why(&root, out, force), *want, "{out:?} force={force}");
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_before_judging() {
        use std::os::unix::fs::symlink;
        let (tmp, root) = site();
        symlink(root.join("content"), root.join("out-link")).unwrap();
        symlink("..", root.join("up")).unwrap();
        symlink(root.join("no-such"), root.join("broken")).unwrap();
        // A theme kept elsewhere and linked in is an input too.
        let shared = tmp.path().join("shared-theme");
        fs::create_dir_all(&shared).unwrap();
        symlink(&shared, root.join("themes/linked")).unwrap();
        for force in [false, true] {
            for (out, want) in [
                ("out-link", "InsideInput(\"content\")"),
                ("out-link/new", "InsideInput(\"content\")"),
                ("up", "ContainsSite"),
                ("up/site", "SiteRoot"),
                ("broken", "Unreadable"),
            ] {
                let got = why(&root, &root.join(out), force);
                assert!(got.starts_with(want), "{out} force={force}: {got}");
            }
            assert_eq!(
                why(&root, &shared, force),
                "InsideInput(\"themes\")",
                "force={force}"
            );
        }
    }

    #[test]
    fn only_absent_empty_or_marked_folders_without_force() {
        let (_tmp, root) = site();
        assert_eq!(why(&root, &root.join("public"), false), "ok");
        assert_eq!(why(&root, &root.join("new/deep/public"), false), "ok");
        fs::create_dir_all(root.join("empty")).unwrap();
        assert_eq!(why(&root, &root.join("empty"), false), "ok");
        assert_eq!(why(&root, &root.join("docs"), false), "NotEmpty");
        assert_eq!(why(&root, &root.join("docs"), true), "ok");
        // A mark with other bytes, or a link to a mark, is no mark.
        fs::write(root.join("docs").join(MARK), "something else").unwrap();
        assert_eq!(why(&root, &root.join("docs"), false), "NotEmpty");
        fs::write(root.join("docs").join(MARK), MARK_TEXT).unwrap();
        assert_eq!(why(&root, &root.join("docs"), false), "ok");
        // The folder judged is the folder written: resolved and absolute.
        let chosen = choose(&root, &root.join("content/../public"), false).unwrap();
        assert_eq!(
            chosen.path(),
            fs::canonicalize(&root).unwrap().join("public")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_mark_is_no_mark() {
        let (tmp, root) = site();
        let real = tmp.path().join("real-mark");
        fs::write(&real, MARK_TEXT).unwrap();
        std::os::unix::fs::symlink(&real, root.join("docs").join(MARK)).unwrap();
        assert_eq!(why(&root, &root.join("docs"), false), "NotEmpty");
    }

    #[test]
    fn resolve_drops_missing_names_on_dot_dot() {
        let tmp = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(tmp.path()).unwrap();
        assert_eq!(resolve(&base.join("a/b/../c")).unwrap(), base.join("a/c"));
        assert_eq!(resolve(&base.join("a/../../x")).unwrap(), {
            let mut p = base.clone();
            p.pop();
            p.join("x")
        });
    }
}

//! `build --changes FILE`: which files of the site a build added, changed
//! and removed against the site it replaced, for operators who sync the
//! output to a web server or an object store. Unchanged files are the
//! previous site's own (hard-linked by `output::Staging`), so they keep
//! their identity and time, and rsync skips them even without the list.
//!
//! The list is text, one file a line, sorted by path, each line a letter
//! (`A` added, `M` changed, `D` removed), a tab and the path relative to
//! the output folder with `/` separators; the first line is [`HEADER`], by
//! which a later build knows the file is its own to replace.

use std::collections::HashSet;
use std::fs;
use std::io::{self, BufRead, Write};
use std::path::Path;

/// The first line of every list: `build` replaces only such a file.
pub const HEADER: &str = "# pledgeboard build --changes: A added, M changed, D removed";

/// What a build did to the files of the output folder.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl Changes {
    pub fn counts(&self) -> [usize; 3] {
        [self.added.len(), self.changed.len(), self.removed.len()]
    }

    /// The list as written to `FILE`.
    pub fn to_text(&self) -> String {
        let mut lines: Vec<(&str, char)> = Vec::new();
        lines.extend(self.added.iter().map(|p| (p.as_str(), 'A')));
        lines.extend(self.changed.iter().map(|p| (p.as_str(), 'M')));
        lines.extend(self.removed.iter().map(|p| (p.as_str(), 'D')));
        lines.sort_unstable();
        let mut out = format!("{HEADER}\n");
        for (path, letter) in lines {
            out.push(letter);
            out.push('\t');
            out.push_str(path);
            out.push('\n');
        }
        out
    }
}

/// Compares the staged site `new` with the site it replaces (`old`, none
/// on a first build). A file is unchanged when it is the old one (the
/// same file, linked) or holds the same bytes. The build's mark is not a
/// file of the site and is left out.
pub fn diff(old: Option<&Path>, new: &Path) -> io::Result<Changes> {
    let mut changes = Changes::default();
    let new_files = crate::outdir::site_files(new)?;
    for rel in &new_files {
        let Some(old) = old else {
            changes.added.push(rel.clone());
            continue;
        };
        let before = old.join(rel);
        match fs::symlink_metadata(&before) {
            Ok(meta) if meta.is_file() => {
                if !same_file(&before, &new.join(rel), &meta)? {
                    changes.changed.push(rel.clone());
                }
            }
            _ => changes.added.push(rel.clone()),
        }
    }
    if let Some(old) = old {
        let kept: HashSet<&str> = new_files.iter().map(String::as_str).collect();
        changes.removed = crate::outdir::site_files(old)?
            .into_iter()
            .filter(|rel| !kept.contains(rel.as_str()))
            .collect();
    }
    Ok(changes)
}

/// Whether the file `after` is `before` (`meta` is its metadata) or holds
/// the same bytes.
fn same_file(before: &Path, after: &Path, meta: &fs::Metadata) -> io::Result<bool> {
    let now = fs::symlink_metadata(after)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.dev() == now.dev() && meta.ino() == now.ino() {
            return Ok(true);
        }
    }
    Ok(meta.len() == now.len() && crate::output::same_contents(before, after))
}

/// Whether `file` is a list of changes this program wrote.
pub fn is_ours(file: &Path) -> bool {
    let Ok(f) = fs::File::open(file) else {
        return false;
    };
    let mut first = String::new();
    io::BufReader::new(f).read_line(&mut first).is_ok() && first.trim_end() == HEADER
}

/// Writes the list to `file` (judged by `archive::choose_side_file`):
/// beside it first, then renamed over it, so it is always whole.
pub fn write(file: &Path, changes: &Changes) -> io::Result<()> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "changes.txt".into());
    let part = file.with_file_name(format!(".{name}.part-{}", std::process::id()));
    let result = fs::File::create(&part)
        .and_then(|mut f| f.write_all(changes.to_text().as_bytes()))
        .and_then(|()| fs::rename(&part, file));
    if result.is_err() {
        let _ = fs::remove_file(&part);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outdir::MARK;

    fn put(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn added_changed_removed_and_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
        put(&old, "index.html", "home");
        put(&old, "a/index.html", "a");
        put(&old, "gone/index.html", "gone");
        put(&old, MARK, "mark");
        put(&new, "index.html", "home");
        put(&new, "a/index.html", "a, changed");
        put(&new, "b/index.html", "b");
        put(&new, MARK, "mark");
        fs::hard_link(old.join("gone/index.html"), tmp.path().join("x")).unwrap();
        let changes = diff(Some(&old), &new).unwrap();
        assert_eq!(
            changes,
            Changes {
                added: vec!["b/index.html".into()],
                changed: vec!["a/index.html".into()],
                removed: vec!["gone/index.html".into()],
            }
        );
        assert_eq!(
            changes.to_text(),
            format!("{HEADER}\nM\ta/index.html\nA\tb/index.html\nD\tgone/index.html\n")
        );
        // A first build adds everything.
        assert_eq!(diff(None, &new).unwrap().added.len(), 3);
    }

    #[test]
    fn only_its_own_list_is_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("changes.txt");
        assert!(!is_ours(&file));
        fs::write(&file, "notes of my own\n").unwrap();
        assert!(!is_ours(&file));
        write(&file, &Changes::default()).unwrap();
        assert!(is_ours(&file));
        assert_eq!(fs::read_to_string(&file).unwrap(), format!("{HEADER}\n"));
    }
}

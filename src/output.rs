//! The files a build produces, and writing them to disk atomically: the
//! site is written into a fresh folder beside the output and swapped in
//! only when complete, so a failed build leaves the previous site intact.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// One output file, path relative to the output root with `/` separators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub body: OutBody,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutBody {
    Bytes(Vec<u8>),
    /// Copied from this source file when written (pictures, static files).
    Copy(PathBuf),
}

impl OutFile {
    pub fn text(path: impl Into<String>, text: String) -> Self {
        OutFile {
            path: path.into(),
            body: OutBody::Bytes(text.into_bytes()),
        }
    }
}

/// Writes `files` as the new content of `out`, replacing what was there
/// only once every file is written.
pub fn write_atomic(out: &Path, files: &[OutFile]) -> io::Result<()> {
    let out = absolute(out)?;
    let parent = out.parent().unwrap_or(Path::new("/")).to_path_buf();
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    fs::create_dir_all(&parent)?;
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.pledgeboard-new-{pid}"));
    let retired = parent.join(format!(".{name}.pledgeboard-old-{pid}"));
    remove_if_exists(&staging)?;
    let result = write_tree(&staging, files).and_then(|()| swap_in(&staging, &out, &retired));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn absolute(path: &Path) -> io::Result<PathBuf> {
    if path.is_absolute() {
        Ok(path.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(path))
    }
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Writes every file under `dir` (folders first, then files in parallel).
pub fn write_tree(dir: &Path, files: &[OutFile]) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let folders: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(d, _)| d))
        .collect();
    for folder in folders {
        fs::create_dir_all(dir.join(folder))?;
    }
    files.par_iter().try_for_each(|f| {
        let target = dir.join(&f.path);
        match &f.body {
            OutBody::Bytes(bytes) => fs::write(&target, bytes),
            OutBody::Copy(source) => fs::copy(source, &target).map(|_| ()),
        }
    })
}

fn swap_in(staging: &Path, out: &Path, retired: &Path) -> io::Result<()> {
    remove_if_exists(retired)?;
    let had_previous = out.exists();
    if had_previous {
        fs::rename(out, retired)?;
    }
    if let Err(e) = fs::rename(staging, out) {
        if had_previous {
            let _ = fs::rename(retired, out);
        }
        return Err(e);
    }
    if had_previous {
        fs::remove_dir_all(retired)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_atomic(&out, &[OutFile::text("a/index.html", "one".into())]).unwrap();
        write_atomic(&out, &[OutFile::text("b.txt", "two".into())]).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "two");
        // No staging folders are left behind.
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_atomic(&out, &[OutFile::text("index.html", "old".into())]).unwrap();
        let missing = OutFile {
            path: "pic.jpg".into(),
            body: OutBody::Copy(tmp.path().join("no-such-file")),
        };
        assert!(write_atomic(&out, &[missing]).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
    }
}

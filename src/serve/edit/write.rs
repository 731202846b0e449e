//! Writing for the editing layer: only below `content/`, only to paths
//! made from the site model, always atomically (a temporary file in the
//! same folder, then a rename or a link), never over a file that changed
//! since its form was made.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use super::token;

/// Why a write did not happen.
#[derive(Debug)]
pub enum Refused {
    /// The path is not a plain path below `content/` (never expected: the
    /// paths come from the site model; a guard all the same).
    Outside,
    /// The file is not the version the form was made from.
    Conflict,
    /// A new file's name is taken (by a file made meanwhile).
    Exists,
    Io(std::io::Error),
}

/// `root/rel` when `rel` is a plain relative path below `content/` whose
/// existing folders are real folders inside the site's `content/` (no
/// `..`, no symbolic link out).
pub fn inside_content(root: &Path, rel: &Path) -> Result<PathBuf, Refused> {
    let mut parts = rel.components();
    if parts.next() != Some(Component::Normal("content".as_ref())) {
        return Err(Refused::Outside);
    }
    if !parts.all(|c| matches!(c, Component::Normal(_))) || rel.components().count() < 2 {
        return Err(Refused::Outside);
    }
    let content = root
        .join("content")
        .canonicalize()
        .map_err(|_| Refused::Outside)?;
    // The deepest folder that exists must resolve inside content/.
    let path = root.join(rel);
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d.exists() {
            let real = d.canonicalize().map_err(|_| Refused::Outside)?;
            if !real.starts_with(&content) || !real.is_dir() {
                return Err(Refused::Outside);
            }
            break;
        }
        dir = d.parent();
    }
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Refused::Outside);
    }
    Ok(path)
}

/// A temporary file beside `path` holding `bytes` (its name starts with
/// `.`: the loader skips hidden files).
fn temp_beside(path: &Path, bytes: &[u8]) -> Result<PathBuf, Refused> {
    let dir = path.parent().ok_or(Refused::Outside)?;
    std::fs::create_dir_all(dir).map_err(Refused::Io)?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or(Refused::Outside)?;
    for n in 0..100 {
        let temp = dir.join(format!(".{name}.pb-edit-{}-{n}", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(mut f) => {
                let written = f.write_all(bytes).and_then(|()| f.sync_all());
                if let Err(e) = written {
                    let _ = std::fs::remove_file(&temp);
                    return Err(Refused::Io(e));
                }
                return Ok(temp);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(Refused::Io(e)),
        }
    }
    Err(Refused::Exists)
}

/// Writes a new file at `root/rel`; never replaces one.
pub fn create(root: &Path, rel: &Path, bytes: &[u8]) -> Result<(), Refused> {
    let path = inside_content(root, rel)?;
    if path.exists() {
        return Err(Refused::Exists);
    }
    let temp = temp_beside(&path, bytes)?;
    // A hard link fails when the name is taken: no check-then-write race.
    let linked = match std::fs::hard_link(&temp, &path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Refused::Exists),
        // File systems without links (FAT on a USB stick): rename, after
        // looking once more.
        Err(_) if !path.exists() => std::fs::rename(&temp, &path).map_err(Refused::Io),
        Err(_) => Err(Refused::Exists),
    };
    let _ = std::fs::remove_file(&temp);
    linked
}

/// Replaces the file at `root/rel`, whose version must still be
/// `version` (else `Conflict`, and nothing is written).
pub fn replace(root: &Path, rel: &Path, version: &str, bytes: &[u8]) -> Result<(), Refused> {
    let path = inside_content(root, rel)?;
    let now = std::fs::read(&path).ok();
    if token::version(now.as_deref()) != version {
        return Err(Refused::Conflict);
    }
    let temp = temp_beside(&path, bytes)?;
    // Looked at once more just before the rename: the window for a
    // change to be lost is the rename itself.
    let again = std::fs::read(&path).ok();
    if token::version(again.as_deref()) != version {
        let _ = std::fs::remove_file(&temp);
        return Err(Refused::Conflict);
    }
    std::fs::rename(&temp, &path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Refused::Io(e)
    })
}

/// Removes a file `create` wrote (when a later part of the same form
/// failed).
pub fn undo(root: &Path, rel: &Path) {
    if let Ok(path) = inside_content(root, rel) {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_below_content_are_written() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/a")).expect("mkdir");
        for bad in [
            "site.yaml",
            "content",
            "content/../site.yaml",
            "content/a/../../x",
            "/etc/passwd",
            "static/x.css",
            "./content/a/x.md",
        ] {
            assert!(
                matches!(create(root, Path::new(bad), b"x"), Err(Refused::Outside)),
                "{bad}"
            );
        }
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().expect("tmp");
            std::os::unix::fs::symlink(outside.path(), root.join("content/link")).expect("ln");
            assert!(matches!(
                create(root, Path::new("content/link/x.md"), b"x"),
                Err(Refused::Outside)
            ));
            assert!(
                std::fs::read_dir(outside.path())
                    .expect("ls")
                    .next()
                    .is_none()
            );
        }
        create(root, Path::new("content/a/new/x.md"), b"one").expect("create");
        assert!(matches!(
            create(root, Path::new("content/a/new/x.md"), b"two"),
            Err(Refused::Exists)
        ));
        assert_eq!(
            std::fs::read(root.join("content/a/new/x.md")).expect("read"),
            b"one"
        );
        let v = token::version(Some(b"one"));
        assert!(matches!(
            replace(root, Path::new("content/a/new/x.md"), "other", b"two"),
            Err(Refused::Conflict)
        ));
        replace(root, Path::new("content/a/new/x.md"), &v, b"two").expect("replace");
        assert_eq!(
            std::fs::read(root.join("content/a/new/x.md")).expect("read"),
            b"two"
        );
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(root.join("content/a/new"))
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["x.md"]);
    }
}

//! `build --zip FILE`: the finished site as one archive, for handing to
//! the web-server operators. The archive holds the output folder's files
//! at its top level (unpack it into the web root), in path order with
//! fixed times, so the same site gives the same bytes. It is written
//! beside `FILE` and renamed over it when complete, and it replaces only
//! a file that is itself such an archive (its zip comment says so):
//! never a file this program did not write.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// The zip comment that marks an archive as ours.
pub const COMMENT: &str = "pledgeboard site archive";

/// Why an archive was not written.
#[derive(Debug)]
pub enum ArchiveError {
    /// `FILE` exists and is not an archive this program wrote: untouched.
    NotOurs(PathBuf),
    /// `FILE` is a folder.
    IsFolder(PathBuf),
    /// `FILE` would be inside the site's inputs (`content`, `themes`,
    /// `static`) or inside the output folder it archives.
    Inside(&'static str),
    Io(io::Error),
}

/// Judges `file` as the archive of the site at `root` built into `out`
/// (before anything is loaded, so a wrong path is a usage error): the
/// path to write, resolved, or why not.
pub fn choose(root: &Path, out: &Path, file: &Path) -> Result<PathBuf, ArchiveError> {
    choose_side_file(root, out, file, is_ours)
}

/// The rule for every file `build` writes beside the site (`--zip`,
/// `--changes`): not inside the site's inputs nor the output folder, and
/// replacing only a file that `ours` recognises as written by us.
pub fn choose_side_file(
    root: &Path,
    out: &Path,
    file: &Path,
    ours: fn(&Path) -> bool,
) -> Result<PathBuf, ArchiveError> {
    let root = fs::canonicalize(root)?;
    let path = crate::outdir::resolve(file)?;
    if let Some(input) = crate::outdir::input_holding(&root, &path) {
        return Err(ArchiveError::Inside(input));
    }
    if path.starts_with(crate::outdir::resolve(out)?) {
        return Err(ArchiveError::Inside("out"));
    }
    may_replace(&path, ours)?;
    Ok(path)
}

impl From<io::Error> for ArchiveError {
    fn from(e: io::Error) -> Self {
        ArchiveError::Io(e)
    }
}

impl From<zip::result::ZipError> for ArchiveError {
    fn from(e: zip::result::ZipError) -> Self {
        ArchiveError::Io(io::Error::other(e))
    }
}

/// Whether `file` may be (re)written: missing, or a file `ours` claims.
pub fn may_replace(file: &Path, ours: fn(&Path) -> bool) -> Result<(), ArchiveError> {
    match fs::symlink_metadata(file) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
        Ok(meta) if meta.is_dir() => Err(ArchiveError::IsFolder(file.to_path_buf())),
        Ok(meta) if !meta.is_file() || !ours(file) => {
            Err(ArchiveError::NotOurs(file.to_path_buf()))
        }
        Ok(_) => Ok(()),
    }
}

/// Whether `file` is an archive this program wrote (its zip comment).
fn is_ours(file: &Path) -> bool {
    fs::File::open(file)
        .ok()
        .and_then(|f| ZipArchive::new(f).ok())
        .is_some_and(|z| z.comment() == COMMENT.as_bytes())
}

/// Writes every file under `site` (the finished output folder, less its
/// build mark) into the archive `file`; returns how many files it holds.
pub fn write_zip(site: &Path, file: &Path) -> Result<usize, ArchiveError> {
    may_replace(file, is_ours)?;
    let part = part_path(file);
    let result = write_part(site, &part);
    match result {
        Ok(count) => {
            fs::rename(&part, file)?;
            Ok(count)
        }
        Err(e) => {
            let _ = fs::remove_file(&part);
            Err(e)
        }
    }
}

/// The temporary name the archive is written under, beside `file`.
fn part_path(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site.zip".into());
    file.with_file_name(format!(".{name}.part-{}", std::process::id()))
}

fn write_part(site: &Path, part: &Path) -> Result<usize, ArchiveError> {
    let mut zip = ZipWriter::new(io::BufWriter::new(fs::File::create(part)?));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut count = 0;
    // Sorted, not following links: the output holds only what a build
    // wrote, and the order fixes the bytes.
    for rel in crate::outdir::site_files(site)? {
        let path = site.join(&rel);
        zip.start_file(rel, options)?;
        zip.write_all(&fs::read(&path)?)?;
        count += 1;
    }
    zip.set_comment(COMMENT)?;
    zip.finish()?.flush()?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outdir::MARK;

    fn site(dir: &Path) {
        fs::create_dir_all(dir.join("a/b")).unwrap();
        fs::write(dir.join("index.html"), "home").unwrap();
        fs::write(dir.join("a/b/index.html"), "deep").unwrap();
        fs::write(dir.join(MARK), "mark").unwrap();
    }

    fn names(file: &Path) -> Vec<String> {
        let z = ZipArchive::new(fs::File::open(file).unwrap()).unwrap();
        z.file_names().map(|n| n.unwrap().into_owned()).collect()
    }

    #[test]
    fn the_archive_holds_the_site_and_is_the_same_every_time() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        site(&out);
        let file = tmp.path().join("site.zip");
        assert_eq!(write_zip(&out, &file).unwrap(), 2);
        let mut got = names(&file);
        got.sort();
        assert_eq!(got, ["a/b/index.html", "index.html"]);
        let first = fs::read(&file).unwrap();
        // Rewriting our own archive is allowed, and gives the same bytes.
        write_zip(&out, &file).unwrap();
        assert_eq!(fs::read(&file).unwrap(), first);
        // No temporary file is left beside it.
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_file_that_is_not_our_archive_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        site(&out);
        let report = tmp.path().join("report.docx");
        fs::write(&report, "an editor's document").unwrap();
        assert!(matches!(
            write_zip(&out, &report),
            Err(ArchiveError::NotOurs(_))
        ));
        assert_eq!(fs::read_to_string(&report).unwrap(), "an editor's document");
        // Another program's zip is not ours either.
        let other = tmp.path().join("other.zip");
        let mut z = ZipWriter::new(fs::File::create(&other).unwrap());
        z.start_file("x", SimpleFileOptions::default()).unwrap();
        z.finish().unwrap();
        let before = fs::read(&other).unwrap();
        assert!(matches!(
            write_zip(&out, &other),
            Err(ArchiveError::NotOurs(_))
        ));
        assert_eq!(fs::read(&other).unwrap(), before);
        assert!(matches!(
            write_zip(&out, tmp.path()),
            Err(ArchiveError::IsFolder(_))
        ));
    }

    #[test]
    fn the_archive_never_goes_into_the_inputs_or_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::create_dir_all(root.join("content/unit")).unwrap();
        let out = root.join("public");
        for (file, inside) in [
            ("content/site.zip", "content"),
            ("content/unit/new/site.zip", "content"),
            ("static/site.zip", "static"),
            ("public/site.zip", "out"),
        ] {
            match choose(root, &out, &root.join(file)) {
                Err(ArchiveError::Inside(what)) => assert_eq!(what, inside, "{file}"),
                other => panic!("{file}: {other:?}"),
            }
        }
        assert!(choose(root, &out, &root.join("site.zip")).is_ok());
    }
}

//! Walking `content/`: which folders are units, which are years, which
//! files belong where. Reads names only, never file contents.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::i18n::Messages;
use crate::model::{FIRST_YEAR, LAST_YEAR, UnitIx};

/// Top-level names used by the site's own pages and files; no top-level
/// unit may take one (`names` also catches them in any letter case, and
/// the numbered parts of a large sitemap).
pub const RESERVED: &[&str] = &[
    "data",
    "search",
    "categories",
    "status",
    "years",
    "glossary",
    "assets",
    "feeds",
    "static",
    "index.html",
    "404.html",
    "robots.txt",
    "sitemap.xml",
];

/// Allowed attachment types: pictures and documents. Nothing a browser
/// would run (HTML, SVG, JS) is ever copied from an editor's folder.
const ATTACHMENT_TYPES: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "avif", "bmp", "pdf", "doc", "docx", "xls", "xlsx", "ppt",
    "pptx", "txt", "csv", "mp3", "mp4",
];

/// Whether a file of a notes folder is an attachment (copied beside the
/// notes' page).
pub fn is_attachment(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| ATTACHMENT_TYPES.contains(&ext.to_ascii_lowercase().as_str()))
}

/// The pledger id of a year folder's file that is a pledge sheet:
/// `<member-id>.md` or `_unit.md` (other `_` files are not sheets).
pub fn sheet_id(name: &str) -> Option<&str> {
    let id = name.strip_suffix(".md")?;
    (!id.starts_with('_') || id == crate::model::UNIT_SHEET).then_some(id)
}

/// A folder's entries. Names only, sorted: `serve` keeps the listings of
/// a city's hundreds of thousands of files, and full paths would take
/// twice the memory.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    pub dir: PathBuf,
    pub files: Vec<String>,
    pub dirs: Vec<String>,
    /// Parallel to `files` when the walk was asked for them (the load
    /// cache compares them): each file's identity.
    pub ids: Vec<FileId>,
    /// The folder's own identity, taken before its names were read, when
    /// identities were asked for and the listing gave no diagnostic: what
    /// the next walk compares to use these names again (`Known`).
    pub id: Option<FileId>,
    /// The names came from `Known`, not from reading the folder.
    pub known: bool,
}

/// Folders as an earlier walk listed them, by full path (kept in the load
/// cache). A folder's modification and change times move whenever a name
/// in it is added, removed or renamed, so a folder whose identity is the
/// same holds the same names: the walk then takes each file's identity
/// without reading the folder, which costs a third of a city's walk. A
/// file edited in place keeps its folder's times, and its own identity
/// shows the edit as always.
pub type Known = HashMap<PathBuf, KnownDir>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownDir {
    pub id: FileId,
    pub files: Vec<String>,
    pub dirs: Vec<String>,
}

/// A file's identity: size, modification and change times (ns) and inode.
/// The change time moves on every write and on every change of the
/// modification time, so an edit that keeps size and modification time
/// still shows; only a change within one tick of the clock can hide.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FileId {
    pub size: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
    pub ino: u64,
}

impl FileId {
    /// Adds the identity to a digest (`tree_digest`, `Loader::input_stamp`).
    pub fn hash_into(&self, h: &mut crate::manifest::Hash) {
        h.u128(u128::from(self.size) << 64 | u128::from(self.ino));
        h.u128((self.mtime_ns as u128) << 64 | u128::from(self.ctime_ns as u64));
    }

    pub fn of(meta: &fs::Metadata) -> FileId {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            FileId {
                size: meta.len(),
                mtime_ns: unix_ns(meta.mtime(), meta.mtime_nsec()),
                ctime_ns: unix_ns(meta.ctime(), meta.ctime_nsec()),
                ino: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let ns = |t: std::io::Result<std::time::SystemTime>| {
                t.ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
            };
            FileId {
                size: meta.len(),
                mtime_ns: ns(meta.modified()),
                ctime_ns: ns(meta.created()),
                ino: 0,
            }
        }
    }
}

/// A time in seconds and nanoseconds as nanoseconds (`FileId`).
#[cfg(unix)]
fn unix_ns(s: i64, n: i64) -> i64 {
    s.saturating_mul(1_000_000_000).saturating_add(n)
}

/// The identity of the regular file `name` in the folder open as `dir`,
/// asked of the folder (`fstatat`), not along a full path: a city's paths
/// are nine folders deep, and walking them again for each of its 400,000
/// files was a third of the walk. `None` when it is not there as a
/// regular file (a link is not followed).
#[cfg(unix)]
fn file_in(dir: &fs::File, name: &str) -> Option<FileId> {
    use std::os::fd::AsRawFd;
    let name = std::ffi::CString::new(name.as_bytes()).ok()?;
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: the folder's descriptor is open for the whole call, `name`
    // is NUL-terminated, and `st` is a place for one stat.
    let rc = unsafe {
        libc::fstatat(
            dir.as_raw_fd(),
            name.as_ptr(),
            st.as_mut_ptr(),
            libc::AT_SYMLINK_NOFOLLOW,
        )
    };
    if rc != 0 {
        return None;
    }
    // SAFETY: fstatat filled `st` (it returned 0).
    let st = unsafe { st.assume_init() };
    (st.st_mode & libc::S_IFMT == libc::S_IFREG).then(|| FileId {
        size: st.st_size as u64,
        mtime_ns: unix_ns(st.st_mtime, st.st_mtime_nsec),
        ctime_ns: unix_ns(st.st_ctime, st.st_ctime_nsec),
        ino: st.st_ino,
    })
}

impl Listing {
    fn of(dir: &Path) -> Self {
        Listing {
            dir: dir.to_path_buf(),
            ..Listing::default()
        }
    }

    pub fn has_file(&self, name: &str) -> bool {
        self.files.iter().any(|n| n == name)
    }

    /// Whether `path` is one of the files listed.
    pub fn lists_file(&self, path: &Path) -> bool {
        path.parent() == Some(self.dir.as_path())
            && path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| self.has_file(n))
    }

    /// (name, full path) of every file.
    pub fn files(&self) -> impl Iterator<Item = (&String, PathBuf)> {
        self.files.iter().map(|n| (n, self.dir.join(n)))
    }

    /// (name, full path) of every folder.
    pub fn dirs(&self) -> impl Iterator<Item = (&String, PathBuf)> {
        self.dirs.iter().map(|n| (n, self.dir.join(n)))
    }
}

#[derive(Clone, Debug)]
pub struct UnitDir {
    pub path: String,
    pub dir: PathBuf,
    pub parent: Option<UnitIx>,
    pub depth: usize,
    pub listing: Listing,
    pub years: Vec<YearDir>,
}

impl UnitDir {
    /// The folder's place in the tree, without its listings.
    pub fn clone_head(&self) -> UnitDir {
        UnitDir {
            path: self.path.clone(),
            dir: self.dir.clone(),
            parent: self.parent,
            depth: self.depth,
            listing: Listing::default(),
            years: Vec::new(),
        }
    }

    /// What differs between this listing of the unit's folders and `now`,
    /// a later one: each file added, removed or changed (by identity),
    /// and each year or notes folder that appeared or vanished, as full
    /// paths; likewise each other folder of the unit's own (new folders,
    /// which may hold files `now` does not list). Reporting these rather
    /// than the unit's folder keeps a reload to this unit: the root
    /// unit's folder is `content/`, which means the whole tree.
    pub fn differences(&self, now: &UnitDir) -> Vec<PathBuf> {
        let mut out = Vec::new();
        listing_differences(&self.listing, &now.listing, &mut out);
        type Year<'a> = (&'a Listing, HashMap<&'a str, &'a Listing>);
        fn years(d: &UnitDir) -> HashMap<&Path, Year<'_>> {
            d.years
                .iter()
                .map(|y| {
                    let notes = y.notes.iter().map(|(n, l)| (n.as_str(), l)).collect();
                    (y.dir.as_path(), (&y.listing, notes))
                })
                .collect()
        }
        let (then_years, now_years) = (years(self), years(now));
        for (dir, then_year) in &then_years {
            let Some(now_year) = now_years.get(dir) else {
                out.push(dir.to_path_buf());
                continue;
            };
            listing_differences(then_year.0, now_year.0, &mut out);
            for (name, a) in &then_year.1 {
                match now_year.1.get(name) {
                    Some(b) => listing_differences(a, b, &mut out),
                    None => out.push(dir.join(name)),
                }
            }
            for name in now_year.1.keys().filter(|n| !then_year.1.contains_key(*n)) {
                out.push(dir.join(name));
            }
        }
        for dir in now_years.keys().filter(|d| !then_years.contains_key(*d)) {
            out.push(dir.to_path_buf());
        }
        out.sort();
        out.dedup();
        out
    }
}

/// The files of two listings of one folder that differ by name or
/// identity, and the folders in one and not the other, onto `out`.
fn listing_differences(then: &Listing, now: &Listing, out: &mut Vec<PathBuf>) {
    let files = |l: &Listing| -> HashMap<String, Option<FileId>> {
        let ids = |i: usize| l.ids.get(i).copied();
        l.files
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), ids(i)))
            .collect()
    };
    let (a, b) = (files(then), files(now));
    for (name, id) in &a {
        if b.get(name) != Some(id) {
            out.push(then.dir.join(name));
        }
    }
    for name in b.keys().filter(|n| !a.contains_key(*n)) {
        out.push(now.dir.join(name));
    }
    for name in then.dirs.iter().filter(|n| !now.dirs.contains(n)) {
        out.push(then.dir.join(name));
    }
    for name in now.dirs.iter().filter(|n| !then.dirs.contains(n)) {
        out.push(now.dir.join(name));
    }
}

#[derive(Clone, Debug)]
pub struct YearDir {
    pub year: i32,
    pub dir: PathBuf,
    pub listing: Listing,
    /// Listings of the notes folders in this year folder, by folder name.
    pub notes: Vec<(String, Listing)>,
}

/// Files editors' tools leave behind, never content.
pub fn is_junk(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with('~')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "Thumbs.db"
        || name == "desktop.ini"
}

pub fn year_of(name: &str) -> Option<i32> {
    (name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()))
        .then(|| name.parse().ok())
        .flatten()
}

/// Lists every folder under `content`, reporting unreadable entries,
/// symlinks and names that are not Unicode; with `ids`, also every file's
/// identity (`FileId`, one `fstatat` beside the folder's listing, cheaper
/// than a stat by path later). Folders near the top are listed first, then
/// the subtrees below them in parallel, each without recursion (any depth).
pub fn list_tree(
    root: &Path,
    content: &Path,
    msg: Messages,
    diags: &mut Vec<Diagnostic>,
    ids: bool,
    known: Option<&Known>,
) -> HashMap<PathBuf, Listing> {
    let mut tree = HashMap::new();
    let mut frontier = vec![content.to_path_buf()];
    // A few levels breadth-first give enough subtrees for every core.
    for _ in 0..3 {
        let mut next = Vec::new();
        for dir in frontier {
            let (listing, subdirs) = list_dir_known(root, &dir, msg, diags, ids, known);
            tree.insert(dir, listing);
            next.extend(subdirs);
        }
        frontier = next;
    }
    type Subtree = (Vec<(PathBuf, Listing)>, Vec<Diagnostic>);
    let subtrees: Vec<Subtree> = frontier
        .par_iter()
        .map(|top| {
            let mut listed = Vec::new();
            let mut diags = Vec::new();
            let mut stack = vec![top.clone()];
            while let Some(dir) = stack.pop() {
                let (listing, subdirs) = list_dir_known(root, &dir, msg, &mut diags, ids, known);
                listed.push((dir, listing));
                stack.extend(subdirs);
            }
            (listed, diags)
        })
        .collect();
    for (listed, mut d) in subtrees {
        tree.extend(listed);
        diags.append(&mut d);
    }
    tree
}

/// A digest of the whole listed tree: every folder's place below
/// `content`, its names, and each file's identity (`FileId`). Any file
/// added, removed, renamed or written, anywhere, changes it. `None` when
/// the identities were not taken, or when a file changed within the slack
/// of `since_ns` (the walk's start) or later: a second change within the
/// same clock tick could keep its identity, so it proves nothing
/// (`cache::recent`, the load cache's rule).
pub(super) fn tree_digest(
    tree: &HashMap<PathBuf, Listing>,
    content: &Path,
    since_ns: i64,
) -> Option<crate::manifest::Digest> {
    // Each folder digested on every core (a city's are 92,000), then
    // the digests in the order of the folders' paths.
    let mut dirs: Vec<(std::borrow::Cow<str>, Option<crate::manifest::Digest>)> = tree
        .par_iter()
        .map(|(dir, l)| {
            let rel = dir.strip_prefix(content).unwrap_or(dir);
            (rel.to_string_lossy(), folder_digest(l, since_ns))
        })
        .collect();
    dirs.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut h = crate::manifest::Hash::default();
    for (dir, digest) in dirs {
        h.str(&dir);
        h.u128(digest?);
    }
    Some(h.finish())
}

/// A folder's names and its files' identities (see `tree_digest`).
fn folder_digest(l: &Listing, since_ns: i64) -> Option<crate::manifest::Digest> {
    if l.ids.len() != l.files.len() {
        return None;
    }
    let mut h = crate::manifest::Hash::default();
    h.u128(l.dirs.len() as u128);
    for d in &l.dirs {
        h.str(d);
    }
    h.u128(l.files.len() as u128);
    for (name, id) in l.files.iter().zip(&l.ids) {
        if super::cache::recent(id, since_ns) {
            return None;
        }
        h.str(name);
        id.hash_into(&mut h);
    }
    Some(h.finish())
}

/// One folder's listing (names sorted) and the paths of its folders.
pub(super) fn list_dir(
    root: &Path,
    dir: &Path,
    msg: Messages,
    diags: &mut Vec<Diagnostic>,
    ids: bool,
) -> (Listing, Vec<PathBuf>) {
    list_dir_known(root, dir, msg, diags, ids, None)
}

/// `list_dir`, taking the names from `known` when the folder's identity
/// is what it was (see `Known`).
fn list_dir_known(
    root: &Path,
    dir: &Path,
    msg: Messages,
    diags: &mut Vec<Diagnostic>,
    ids: bool,
    known: Option<&Known>,
) -> (Listing, Vec<PathBuf>) {
    let before = known.filter(|_| ids).and_then(|k| k.get(dir));
    if let Some(before) = before
        && let Some(listed) = listed_before(dir, before)
    {
        return listed;
    }
    // Before the names are read: a change while they are read moves the
    // times past this identity, and the next walk reads them again.
    let id = ids
        .then(|| fs::metadata(dir).ok())
        .flatten()
        .filter(fs::Metadata::is_dir)
        .map(|m| FileId::of(&m));
    let diags_before = diags.len();
    let (mut listing, subdirs) = read_dir_listing(root, dir, msg, diags, ids);
    listing.id = id.filter(|_| diags.len() == diags_before);
    (listing, subdirs)
}

/// The listing of a folder from its names in `Known` when its identity
/// is the same, with every file's identity taken anew; `None` when the
/// folder changed, or a file is no longer there as a file (a change
/// under way): the folder is read instead.
#[cfg(unix)]
fn listed_before(dir: &Path, before: &KnownDir) -> Option<(Listing, Vec<PathBuf>)> {
    let folder = fs::File::open(dir).ok()?;
    let meta = folder.metadata().ok()?;
    if !meta.is_dir() || FileId::of(&meta) != before.id {
        return None;
    }
    let ids = before
        .files
        .iter()
        .map(|name| file_in(&folder, name))
        .collect::<Option<Vec<FileId>>>()?;
    let listing = Listing {
        dir: dir.to_path_buf(),
        files: before.files.clone(),
        dirs: before.dirs.clone(),
        ids,
        id: Some(before.id),
        known: true,
    };
    let subdirs = before.dirs.iter().rev().map(|d| dir.join(d)).collect();
    Some((listing, subdirs))
}

/// (Not on Windows: the loader keeps no `Known` there.)
#[cfg(not(unix))]
fn listed_before(_: &Path, _: &KnownDir) -> Option<(Listing, Vec<PathBuf>)> {
    None
}

fn read_dir_listing(
    root: &Path,
    dir: &Path,
    msg: Messages,
    diags: &mut Vec<Diagnostic>,
    ids: bool,
) -> (Listing, Vec<PathBuf>) {
    let mut listing = Listing::of(dir);
    let cannot_read = |diags: &mut Vec<Diagnostic>, e: std::io::Error| {
        diags.push(Diagnostic::error(
            rel(root, dir),
            0,
            0,
            msg.cannot_read(&e.to_string()),
        ));
    };
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            cannot_read(diags, e);
            return (listing, Vec::new());
        }
    };
    let mut entries: Vec<(std::ffi::OsString, fs::DirEntry)> = entries
        .filter_map(|e| e.map_err(|e| cannot_read(diags, e)).ok())
        .map(|e| (e.file_name(), e))
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut subdirs = Vec::new();
    for (name, entry) in entries {
        let path = entry.path();
        let Some(name) = name.to_str().map(str::to_string) else {
            diags.push(Diagnostic::error(
                rel(root, &path),
                0,
                0,
                msg.name_not_utf8(),
            ));
            continue;
        };
        if is_junk(&name) {
            continue;
        }
        let ft = match entry.file_type() {
            Ok(ft) => ft,
            Err(e) => {
                let why = msg.cannot_read(&e.to_string());
                diags.push(Diagnostic::error(rel(root, &path), 0, 0, why));
                continue;
            }
        };
        if ft.is_symlink() {
            diags.push(Diagnostic::warning(
                rel(root, &path),
                0,
                0,
                msg.symlink_skipped(),
            ));
        } else if ft.is_dir() {
            listing.dirs.push(name);
            subdirs.push(path);
        } else if ft.is_file() {
            if ids {
                // An unreadable file's identity does not matter: reading
                // it fails, and the cache keeps no unit that failed.
                let id = entry.metadata().map(|m| FileId::of(&m));
                listing.ids.push(id.unwrap_or_default());
            }
            listing.files.push(name);
        } else {
            // A FIFO would block the build forever on reading.
            diags.push(Diagnostic::warning(
                rel(root, &path),
                0,
                0,
                msg.special_file_skipped(),
            ));
        }
    }
    // Kept for the whole load (and a `serve`'s life): a city's 92,000
    // lists, grown by doubling, would keep several MB of room unused.
    listing.files.shrink_to_fit();
    listing.dirs.shrink_to_fit();
    listing.ids.shrink_to_fit();
    // Depth-first from a stack: the last pushed is listed first.
    subdirs.reverse();
    (listing, subdirs)
}

/// Classifies the listed tree into units (pre-order) and their years.
/// The listings move from `tree` into the units (a city's are tens of MB:
/// not held twice).
pub fn find_units(
    root: &Path,
    content: &Path,
    mut tree: HashMap<PathBuf, Listing>,
    msg: Messages,
    diags: &mut Vec<Diagnostic>,
) -> Vec<UnitDir> {
    let mut units = Vec::new();
    let mut stack = vec![(content.to_path_buf(), String::new(), None::<UnitIx>, 0usize)];
    // Depth-first with children pushed in reverse keeps pre-order and
    // sorted siblings without recursion (200 levels must not overflow).
    while let Some((dir, path, parent, depth)) = stack.pop() {
        let listing = tree.remove(&dir).unwrap_or_else(|| Listing::of(&dir));
        let is_unit = listing.has_file("_unit.yaml");
        let this = if is_unit {
            units.push(UnitDir {
                path: path.clone(),
                dir: dir.clone(),
                parent,
                depth,
                listing: listing.clone(),
                years: Vec::new(),
            });
            Some(UnitIx::new(units.len() - 1))
        } else {
            parent
        };
        let child_depth = if is_unit { depth + 1 } else { depth };
        let mut children = Vec::new();
        for (name, sub) in listing.dirs() {
            if let Some(year) = year_of(name) {
                if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
                    diags.push(Diagnostic::error(
                        rel(root, &sub),
                        0,
                        0,
                        msg.year_out_of_range(name),
                    ));
                    continue;
                }
                match (is_unit, this) {
                    (true, Some(u)) => {
                        let sub_listing = tree.remove(&sub).unwrap_or_else(|| Listing::of(&sub));
                        let year = year_dir(year, &sub, sub_listing, &mut tree);
                        units[u.get()].years.push(year);
                    }
                    _ => diags.push(Diagnostic::error(
                        rel(root, &sub),
                        0,
                        0,
                        msg.year_folder_without_unit(),
                    )),
                }
                continue;
            }
            let empty = Listing::of(&sub);
            let sub_listing = tree.get(&sub).unwrap_or(&empty);
            let child_path = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}/{name}")
            };
            if sub_listing.has_file("_unit.yaml") {
                if path.is_empty() && RESERVED.contains(&name.as_str()) {
                    diags.push(Diagnostic::error(
                        rel(root, &sub.join("_unit.yaml")),
                        0,
                        0,
                        msg.reserved_name(name),
                    ));
                    continue;
                }
                children.push((sub, child_path, this, child_depth));
            } else if !sub_listing.files.is_empty() || !sub_listing.dirs.is_empty() {
                diags.push(Diagnostic::warning(
                    rel(root, &sub),
                    0,
                    0,
                    msg.folder_not_unit(),
                ));
                // Its year folders would be silently lost: a unit folder
                // missing its `_unit.yaml` is an error, not a warning.
                for (name, year_dir) in sub_listing.dirs() {
                    if year_of(name).is_some() {
                        diags.push(Diagnostic::error(
                            rel(root, &year_dir),
                            0,
                            0,
                            msg.year_folder_without_unit(),
                        ));
                    }
                }
            }
        }
        stack.extend(children.into_iter().rev());
        if !is_unit && dir != content {
            continue;
        }
        for (name, file) in listing.files() {
            if is_unit && (name == "_unit.yaml" || name == "_roster.yaml") {
                continue;
            }
            diags.push(Diagnostic::warning(
                rel(root, &file),
                0,
                0,
                msg.file_ignored(),
            ));
        }
    }
    units
}

fn year_dir(
    year: i32,
    dir: &Path,
    listing: Listing,
    tree: &mut HashMap<PathBuf, Listing>,
) -> YearDir {
    let notes = listing
        .dirs()
        .map(|(name, sub)| {
            let notes = tree.remove(&sub).unwrap_or_else(|| Listing::of(&sub));
            (name.clone(), notes)
        })
        .collect();
    YearDir {
        year,
        dir: dir.to_path_buf(),
        listing,
        notes,
    }
}

/// `path` relative to the site root, for messages.
pub fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

//! The load cache, `.pledgeboard-cache/` in the site root: what loading
//! each unit folder gave (the unit as the model holds it, and the
//! diagnostics of its files with their positions), kept with a digest of
//! what the walk found in its folders: every name, and every file's
//! identity (`walk::FileId`: size, modification and change times in ns,
//! inode). A later load — `serve` starting, a `build` or `check` — walks
//! the tree as always (taking each file's identity beside its folder's
//! listing) and takes a unit from the cache when the digest is the same;
//! it reads and parses only the other units.
//!
//! The change time moves on every write and on every `set_modified`, so an
//! edit that keeps size and modification time is seen too. A file changed
//! within [`SLACK_NS`] of being read may change again within the same
//! clock tick without its identity changing: the SHA-256 of the bytes read
//! is kept for it, and compared on lookup.
//!
//! Each unit is one file, `units/<hash of its folder>.bin`: magic, format
//! number, a fingerprint of the loader's own sources (any change to how
//! files are read makes every entry stale), the body's length and CRC-32
//! (enough to tell a damaged file, and a tenth of SHA-256's cost over a
//! city's 150 MB of entries read by every build), and the body. Anything
//! that does not match, cannot be decoded or does not describe the folder
//! asked for is a miss: the unit is read from its
//! files and its entry written anew. Entries are written whole to a
//! temporary file and renamed over the old one; a file without the magic
//! is never replaced or deleted, and nothing is written when the folder
//! or `units/` is not a plain directory (a link could lead anywhere).
//! The folder can be deleted at any time.
//!
//! `folders.bin`, in the same envelope, holds the names of every folder
//! the last walk listed (`walk::Known`), for the next walk to take instead
//! of reading each folder whose identity is unchanged.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use super::UnitLoad;
use super::walk::{FileId, Known, KnownDir, Listing, UnitDir};
use crate::diag::{Diagnostic, Severity};
use crate::model::{
    Approval, Attachment, Comment, Date, FieldValue, Grade, Half, Item, Keyword, Lang, MemberNames,
    MemberStatus, Note, NoteStatus, PledgeForm, Pos, Rectification, Review, Role, RosterEntry,
    Sheet, Unit, UnitIx, UnitKind, UnitYear, Votes,
};

/// The cache's folder in the site root.
pub const DIR: &str = ".pledgeboard-cache";

/// Set (to anything but `0` or empty), loads neither read nor write the
/// cache: for debugging the loader, or timing it.
pub const NO_CACHE_ENV: &str = "PLEDGEBOARD_NO_CACHE";

const UNITS: &str = "units";
/// The folders of the last walk (`walk::Known`), in the cache's folder.
const FOLDERS: &str = "folders.bin";
const MAGIC: &[u8; 8] = b"PBCACHE\0";
/// The layout of an entry; the fingerprint covers the code that makes it.
const FORMAT: u32 = 2;
const HEADER: usize = MAGIC.len() + 4 + 32 + 8 + 4;
/// Files modified or changed this close to (or after) being read are
/// hashed: some file systems keep times to the second or two.
const SLACK_NS: i64 = 2_000_000_000;
/// Tells backup tools the folder holds nothing to keep
/// (<https://bford.info/cachedir/>).
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
    # pledgeboard's load cache: safe to delete, made again when needed.\n";

/// Whether the environment turns the cache off.
pub fn disabled_by_env() -> bool {
    std::env::var_os(NO_CACHE_ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

macro_rules! sources {
    ($($name:literal),* $(,)?) => {
        /// What the loader's output depends on: its sources, the model and
        /// messages it fills, and the locked dependencies (the YAML parser).
        const SOURCES: &[(&str, &str)] = &[$(($name, include_str!($name))),*];
    };
}

sources!(
    "../../Cargo.lock",
    "../model.rs",
    "../diag.rs",
    "../schema.rs",
    "../i18n/mod.rs",
    "cache.rs",
    "fields.rs",
    "fuzzing.rs",
    "keyboard.rs",
    "lookup.rs",
    "mod.rs",
    "names.rs",
    "pledge.rs",
    "site_yaml.rs",
    "source.rs",
    "unit_yaml.rs",
    "walk.rs",
    "yaml.rs",
    "yaml_simple.rs",
);

fn fingerprint() -> &'static [u8; 32] {
    static FP: OnceLock<[u8; 32]> = OnceLock::new();
    FP.get_or_init(|| {
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION"));
        for (name, text) in SOURCES {
            h.update((name.len() as u64).to_le_bytes());
            h.update(name);
            h.update((text.len() as u64).to_le_bytes());
            h.update(text);
        }
        h.finalize().into()
    })
}

// --- what a load read -------------------------------------------------

/// A file a unit's load read that had changed too recently for its
/// identity to be trusted (a second change within the same clock tick
/// would keep it): the SHA-256 of the bytes read, compared on lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Stamp {
    path: PathBuf,
    hash: [u8; 32],
}

/// Whether a file with identity `id` changed within [`SLACK_NS`] of
/// `since_ns` or later.
pub(super) fn recent(id: &FileId, since_ns: i64) -> bool {
    id.mtime_ns >= since_ns - SLACK_NS || id.ctime_ns >= since_ns - SLACK_NS
}

/// What `Store::folders` reads back of the listed `tree`: each folder
/// that gave no diagnostic and had not changed within [`SLACK_NS`] of the
/// walk's start `since_ns` (a second change within the same clock tick
/// could keep its identity). `None` when every folder's names came from
/// the last walk's: nothing to write.
pub(super) fn folders_body(
    tree: &std::collections::HashMap<PathBuf, Listing>,
    content: &Path,
    since_ns: i64,
) -> Option<Vec<u8>> {
    if tree.values().all(|l| l.known) {
        return None;
    }
    let kept: Vec<(&str, &Listing, FileId)> = tree
        .iter()
        .filter_map(|(dir, l)| {
            let id = l.id.filter(|id| !recent(id, since_ns))?;
            let rel = dir.strip_prefix(content).ok()?.to_str()?;
            Some((rel, l, id))
        })
        .collect();
    let root = Path::new("");
    let mut w = W {
        buf: Vec::with_capacity(kept.len() * 128),
        root,
        without_paths: false,
    };
    w.var(kept.len() as u64);
    for (rel, l, id) in kept {
        put_str(&mut w, rel).ok()?;
        w.var(id.size);
        w.var(id.mtime_ns as u64);
        w.var(id.ctime_ns as u64);
        w.var(id.ino);
        put_slice(&mut w, &l.files).ok()?;
        put_slice(&mut w, &l.dirs).ok()?;
    }
    Some(w.buf)
}

pub(super) fn system_ns(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_nanos()).unwrap_or(i64::MAX),
    }
}

/// The files read on this thread since [`start_reading`].
struct Reads {
    since_ns: i64,
    stamps: Vec<Stamp>,
    /// A file could not be opened or read: the error may go away without
    /// any identity changing, so the unit is not kept.
    failed: bool,
}

thread_local! {
    static READS: RefCell<Option<Reads>> = const { RefCell::new(None) };
}

/// Starts recording the files this thread reads (a unit is loaded on one
/// thread).
fn start_reading() {
    let since_ns = system_ns(SystemTime::now());
    READS.with(|r| {
        *r.borrow_mut() = Some(Reads {
            since_ns,
            stamps: Vec::new(),
            failed: false,
        })
    });
}

fn stop_reading() -> Option<Reads> {
    READS.with(|r| r.borrow_mut().take())
}

/// `source::read_text` read `bytes` from `path`, opened with `meta`.
pub(super) fn note_read(path: &Path, meta: &fs::Metadata, bytes: Option<&[u8]>) {
    READS.with(|r| {
        let mut r = r.borrow_mut();
        let Some(reads) = r.as_mut() else { return };
        if !recent(&FileId::of(meta), reads.since_ns) {
            return;
        }
        match bytes {
            Some(b) => reads.stamps.push(Stamp {
                path: path.to_path_buf(),
                hash: Sha256::digest(b).into(),
            }),
            // Too large to be read, and too recent to trust its times.
            None => reads.failed = true,
        }
    });
}

/// `source::read_text` could not open or read a file.
pub(super) fn note_failed() {
    READS.with(|r| {
        if let Some(reads) = r.borrow_mut().as_mut() {
            reads.failed = true;
        }
    });
}

/// Loads a unit with `load`, recording what it reads; the stamps come back
/// only when the unit may be kept.
pub(super) fn recorded<T>(load: impl FnOnce() -> T) -> (T, Option<Vec<Stamp>>) {
    start_reading();
    let value = load();
    let reads = stop_reading();
    let stamps = reads.and_then(|r| (!r.failed).then_some(r.stamps));
    (value, stamps)
}

// --- the store ----------------------------------------------------------

/// What else decides a unit's load besides its files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Params {
    pub lang: Lang,
    pub require_approval: bool,
    pub names: MemberNames,
}

/// The cache of one site root: looks units up, and writes entries on a
/// thread of its own (dropping the store waits for it).
pub(super) struct Store {
    root: PathBuf,
    units: PathBuf,
    read_only: bool,
    writer: Option<(Sender<WriteJob>, JoinHandle<()>)>,
}

enum WriteJob {
    Entry(Box<Fresh>),
    /// The body of `FOLDERS`.
    Folders(Vec<u8>),
    /// Deletes the entries of unit folders not in the set (a full walk).
    Prune(HashSet<String>),
}

/// A unit just read from its files, to be written.
pub(super) struct Fresh {
    pub dir: String,
    pub params: Params,
    pub shape: [u8; 32],
    pub stamps: Vec<Stamp>,
    pub load: UnitLoad,
}

impl Store {
    pub fn new(root: &Path, read_only: bool) -> Store {
        let units = root.join(DIR).join(UNITS);
        Store {
            root: root.to_path_buf(),
            units,
            read_only,
            writer: None,
        }
    }

    fn file_of(&self, dir: &str) -> PathBuf {
        let h = Sha256::digest(dir.as_bytes());
        self.units.join(format!("{}.bin", hex(&h[..16])))
    }

    /// The cached load of the unit folder `d` (named `dir` below
    /// `content/`), if its entry is whole and every file is as it was.
    pub fn lookup(&self, dir: &str, d: &UnitDir, params: Params) -> Option<UnitLoad> {
        // Into one buffer per thread, kept: a fresh one for each of a
        // city's 3,316 entries (150 MB) made the allocator fault in and
        // zero new pages for every read, a fifth of a day's build.
        thread_local! {
            static BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        }
        BUF.with_borrow_mut(|buf| {
            use std::io::Read;
            buf.clear();
            fs::File::open(self.file_of(dir))
                .and_then(|mut f| f.read_to_end(buf))
                .ok()?;
            let unit = self.lookup_in(buf, dir, d, params);
            // A city's largest entry is a few MB; a buffer grown past
            // what an entry needs is not kept.
            if buf.capacity() > 16 << 20 {
                *buf = Vec::new();
            }
            unit
        })
    }

    fn lookup_in(&self, bytes: &[u8], dir: &str, d: &UnitDir, params: Params) -> Option<UnitLoad> {
        let body = open_entry(bytes)?;
        let mut r = R {
            b: body,
            at: 0,
            root: &self.root,
        };
        let head = Head::get(&mut r).ok()?;
        let fresh = head.dir == dir
            && head.params == params
            && Some(head.shape) == shape_of(d)
            && head.stamps.iter().all(Stamp::still_holds);
        if !fresh {
            return None;
        }
        let unit = Option::<Unit>::get(&mut r).ok()?;
        let diags = Vec::<Diagnostic>::get(&mut r).ok()?;
        (r.at == r.b.len()).then_some((unit.map(std::sync::Arc::new), diags))
    }

    /// The folders the last walk listed (`walk::Known`), below `content`,
    /// when their entry is whole.
    pub fn folders(&self, content: &Path) -> Option<Known> {
        let bytes = fs::read(self.root.join(DIR).join(FOLDERS)).ok()?;
        let body = open_entry(&bytes)?;
        let mut r = R {
            b: body,
            at: 0,
            root: &self.root,
        };
        let n = r.len().ok()?;
        let mut known = Known::with_capacity(n);
        for _ in 0..n {
            let rel = String::get(&mut r).ok()?;
            let id = FileId {
                size: r.var().ok()?,
                mtime_ns: r.var().ok()? as i64,
                ctime_ns: r.var().ok()? as i64,
                ino: r.var().ok()?,
            };
            let files = Vec::<String>::get(&mut r).ok()?;
            let dirs = Vec::<String>::get(&mut r).ok()?;
            let dir = if rel.is_empty() {
                content.to_path_buf()
            } else {
                content.join(rel)
            };
            known.insert(dir, KnownDir { id, files, dirs });
        }
        (r.at == r.b.len()).then_some(known)
    }

    /// Keeps the folders of a walk for the next (`folders_body`).
    pub fn keep_folders(&mut self, body: Vec<u8>) {
        self.send(WriteJob::Folders(body));
    }

    /// Writes `fresh` on the writer thread.
    pub fn keep(&mut self, fresh: Box<Fresh>) {
        self.send(WriteJob::Entry(fresh));
    }

    /// Deletes, on the writer thread, the entries of folders that are no
    /// longer units (`dirs`: every unit folder of the walk).
    pub fn prune(&mut self, dirs: HashSet<String>) {
        self.send(WriteJob::Prune(dirs));
    }

    fn send(&mut self, job: WriteJob) {
        if self.read_only {
            return;
        }
        if self.writer.is_none() {
            let (tx, rx) = mpsc::channel();
            let (root, units) = (self.root.clone(), self.units.clone());
            let spawned = std::thread::Builder::new()
                .name("cache-writer".into())
                .spawn(move || write_loop(&root, &units, &rx));
            match spawned {
                Ok(handle) => self.writer = Some((tx, handle)),
                Err(_) => return,
            }
        }
        if let Some((tx, _)) = &self.writer {
            let _ = tx.send(job);
        }
    }

    /// Waits until every entry sent is written.
    pub fn flush(&mut self) {
        if let Some((tx, handle)) = self.writer.take() {
            drop(tx);
            let _ = handle.join();
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        self.flush();
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The body of a whole entry of this format and fingerprint.
fn open_entry(bytes: &[u8]) -> Option<&[u8]> {
    let head = bytes.get(..HEADER)?;
    let (magic, rest) = head.split_at(MAGIC.len());
    let (format, rest) = rest.split_at(4);
    let (fp, rest) = rest.split_at(32);
    let (len, sum) = rest.split_at(8);
    let body = &bytes[HEADER..];
    let ok = magic == MAGIC
        && format == FORMAT.to_le_bytes()
        && fp == fingerprint()
        && len == (body.len() as u64).to_le_bytes()
        && sum == checksum(body);
    ok.then_some(body)
}

/// An entry body's check sum.
fn checksum(body: &[u8]) -> [u8; 4] {
    crc32fast::hash(body).to_le_bytes()
}

fn is_ours(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 8];
    fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| &magic == MAGIC)
}

/// Whether `path` is a directory itself, not a link to one.
fn plain_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Makes the cache folder and `units/` if need be; false when either is
/// something else (a file, a link).
fn ready(root: &Path, units: &Path) -> bool {
    let top = root.join(DIR);
    if !plain_dir(&top) {
        if fs::symlink_metadata(&top).is_ok() || fs::create_dir(&top).is_err() {
            return false;
        }
        let _ = fs::write(top.join("CACHEDIR.TAG"), CACHEDIR_TAG);
    }
    if !plain_dir(units) && (fs::symlink_metadata(units).is_ok() || fs::create_dir(units).is_err())
    {
        return false;
    }
    plain_dir(&top) && plain_dir(units)
}

fn write_loop(root: &Path, units: &Path, rx: &Receiver<WriteJob>) {
    let mut usable = None;
    let mut n = 0u64;
    for job in rx {
        if !*usable.get_or_insert_with(|| ready(root, units)) {
            continue; // drain the channel: loads never wait on a full one
        }
        match job {
            WriteJob::Entry(fresh) => {
                n += 1;
                let _ = write_entry(root, units, &fresh, n);
            }
            WriteJob::Prune(dirs) => prune(units, &dirs),
            WriteJob::Folders(body) => {
                n += 1;
                let _ = put_whole(&root.join(DIR), FOLDERS, &body, n);
            }
        }
    }
}

fn write_entry(root: &Path, units: &Path, f: &Fresh, n: u64) -> Option<()> {
    let mut w = W {
        buf: Vec::with_capacity(1 << 16),
        root,
        without_paths: false,
    };
    let head = HeadRef {
        dir: &f.dir,
        params: f.params,
        shape: f.shape,
        stamps: &f.stamps,
    };
    head.put(&mut w).ok()?;
    put_opt(&mut w, f.load.0.as_deref()).ok()?;
    f.load.1.put(&mut w).ok()?;
    let h = Sha256::digest(f.dir.as_bytes());
    put_whole(units, &format!("{}.bin", hex(&h[..16])), &w.buf, n)
}

/// Writes `body` in an entry's envelope (magic, format, fingerprint,
/// length, CRC-32) to `dir/name`: whole to a temporary file `n`, then
/// renamed over the old one, which must be a file of ours.
fn put_whole(dir: &Path, name: &str, body: &[u8], n: u64) -> Option<()> {
    let mut file = Vec::with_capacity(HEADER + body.len());
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(&FORMAT.to_le_bytes());
    file.extend_from_slice(fingerprint());
    file.extend_from_slice(&(body.len() as u64).to_le_bytes());
    file.extend_from_slice(&checksum(body));
    file.extend_from_slice(body);
    let target = dir.join(name);
    if fs::symlink_metadata(&target).is_ok() && !is_ours(&target) {
        return None; // not ours to replace
    }
    let tmp = dir.join(format!(".tmp-{}-{n}", std::process::id()));
    let written = fs::File::create_new(&tmp).and_then(|mut t| t.write_all(&file));
    if written.is_err() || fs::rename(&tmp, &target).is_err() {
        let _ = fs::remove_file(&tmp);
        return None;
    }
    Some(())
}

// --- build records --------------------------------------------------------

const BUILDS: &str = "builds";

/// What a build left in an output folder, kept in `builds/` (one file per
/// output folder, named by a hash of its absolute path): the digest of
/// every input it read (`Loader::input_stamp` with the build's options),
/// the digest of the manifest it wrote, and what it reported. A later
/// build with the same stamp over that output, still whole, has nothing
/// to do (README, Design, "Up to date").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildRecord {
    pub stamp: crate::manifest::Digest,
    pub manifest: crate::manifest::Digest,
    /// Units, sheets, notes and files, as the build reported them.
    pub counts: [u64; 4],
    pub warnings: Vec<Diagnostic>,
}

fn record_name(out: &Path) -> String {
    let h = Sha256::digest(out.to_string_lossy().as_bytes());
    format!("{}.bin", hex(&h[..16]))
}

/// The record of the last build into `out` (an absolute path) from the
/// site at `root`, if there is a whole one of this program's format.
pub fn read_record(root: &Path, out: &Path) -> Option<BuildRecord> {
    if disabled_by_env() {
        return None;
    }
    let bytes = fs::read(root.join(DIR).join(BUILDS).join(record_name(out))).ok()?;
    let body = open_entry(&bytes)?;
    let mut r = R {
        b: body,
        at: 0,
        root,
    };
    let mut word =
        || -> Res<u128> { Ok(u128::from(u64::get(&mut r)?) << 64 | u128::from(u64::get(&mut r)?)) };
    let (stamp, manifest) = (word().ok()?, word().ok()?);
    let mut counts = [0u64; 4];
    for c in &mut counts {
        *c = u64::get(&mut r).ok()?;
    }
    let warnings = Vec::<Diagnostic>::get(&mut r).ok()?;
    (r.at == r.b.len()).then_some(BuildRecord {
        stamp,
        manifest,
        counts,
        warnings,
    })
}

/// Keeps `record` for the output `out`; quietly nothing when the cache
/// folder cannot be used (it is only ever a shortcut).
pub fn write_record(root: &Path, out: &Path, record: &BuildRecord) {
    if disabled_by_env() {
        return;
    }
    let builds = root.join(DIR).join(BUILDS);
    if !ready(root, &builds) {
        return;
    }
    let mut w = W {
        buf: Vec::new(),
        root,
        without_paths: false,
    };
    let put = |w: &mut W| -> Res<()> {
        for word in [record.stamp, record.manifest] {
            ((word >> 64) as u64).put(w)?;
            (word as u64).put(w)?;
        }
        for c in record.counts {
            c.put(w)?;
        }
        record.warnings.put(w)
    };
    if put(&mut w).is_ok() {
        let _ = put_whole(&builds, &record_name(out), &w.buf, 0);
    }
}

/// Removes the record of `out` (before a build changes it).
pub fn forget_record(root: &Path, out: &Path) {
    let path = root.join(DIR).join(BUILDS).join(record_name(out));
    if fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) && is_ours(&path) {
        let _ = fs::remove_file(&path);
    }
}

/// Deletes entries (ours only) of unit folders not in `dirs`, and
/// temporary files that a stopped process left.
fn prune(units: &Path, dirs: &HashSet<String>) {
    let keep: HashSet<String> = dirs
        .iter()
        .map(|d| format!("{}.bin", hex(&Sha256::digest(d.as_bytes())[..16])))
        .collect();
    let Ok(entries) = fs::read_dir(units) else {
        return;
    };
    let mine = format!(".tmp-{}-", std::process::id());
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let stale = (name.ends_with(".bin") && !keep.contains(&name))
            || (name.starts_with(".tmp-") && !name.starts_with(&mine));
        let path = e.path();
        if stale && e.file_type().is_ok_and(|t| t.is_file()) && is_ours(&path) {
            let _ = fs::remove_file(&path);
        }
    }
}

impl Stamp {
    /// Whether the file still holds the bytes that were read.
    fn still_holds(&self) -> bool {
        fs::read(&self.path).is_ok_and(|b| Sha256::digest(&b).as_slice() == self.hash)
    }
}

/// A digest of what a unit folder's walk found (its own files and
/// folders, its years' and their notes folders', with every file's
/// identity): any file added, removed, renamed or written changes it.
/// `None` when the walk did not take the identities.
pub(super) fn shape_of(d: &UnitDir) -> Option<[u8; 32]> {
    let mut h = Sha256::new();
    let mut whole = true;
    let mut listing = |tag: &[u8], l: &Listing| {
        h.update(tag);
        whole &= l.ids.len() == l.files.len();
        for (kind, names) in [(b'f', &l.files), (b'd', &l.dirs)] {
            h.update([kind]);
            h.update((names.len() as u64).to_le_bytes());
            for n in names {
                h.update((n.len() as u64).to_le_bytes());
                h.update(n.as_bytes());
            }
        }
        for id in &l.ids {
            h.update(id.size.to_le_bytes());
            h.update(id.mtime_ns.to_le_bytes());
            h.update(id.ctime_ns.to_le_bytes());
            h.update(id.ino.to_le_bytes());
        }
    };
    listing(b"unit", &d.listing);
    for y in &d.years {
        listing(&y.year.to_le_bytes(), &y.listing);
        for (name, l) in &y.notes {
            listing(name.as_bytes(), l);
        }
    }
    whole.then(|| h.finalize().into())
}

// --- the entry's head ---------------------------------------------------

/// What a lookup reads before deciding: the rest is decoded only on a hit.
struct Head {
    dir: String,
    params: Params,
    shape: [u8; 32],
    stamps: Vec<Stamp>,
}

struct HeadRef<'a> {
    dir: &'a str,
    params: Params,
    shape: [u8; 32],
    stamps: &'a [Stamp],
}

impl HeadRef<'_> {
    fn put(&self, w: &mut W) -> Res<()> {
        put_str(w, self.dir)?;
        self.params.put(w)?;
        self.shape.put(w)?;
        put_slice(w, self.stamps)
    }
}

impl Head {
    fn get(r: &mut R) -> Res<Head> {
        Ok(Head {
            dir: Codec::get(r)?,
            params: Codec::get(r)?,
            shape: Codec::get(r)?,
            stamps: Codec::get(r)?,
        })
    }
}

// --- the encoding ---------------------------------------------------------

/// Something that cannot be written (a path that is no UTF-8) or read
/// back (a truncated or foreign body).
#[derive(Debug)]
pub(super) struct Bad;

type Res<T> = Result<T, Bad>;

pub(super) struct W<'a> {
    buf: Vec<u8>,
    /// Paths below it are kept relative, so a moved site keeps its cache.
    root: &'a Path,
    /// Leave source paths out (`digest_with`): where a file sits on this
    /// machine is not what a page shows, and a key holding it would differ
    /// between a Windows and a Linux build, or a moved site, of one content.
    without_paths: bool,
}

pub(super) struct R<'a> {
    b: &'a [u8],
    at: usize,
    root: &'a Path,
}

impl W<'_> {
    fn var(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }
}

impl<'a> R<'a> {
    fn byte(&mut self) -> Res<u8> {
        let b = *self.b.get(self.at).ok_or(Bad)?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Res<&'a [u8]> {
        let end = self.at.checked_add(n).ok_or(Bad)?;
        let s = self.b.get(self.at..end).ok_or(Bad)?;
        self.at = end;
        Ok(s)
    }

    fn var(&mut self) -> Res<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(Bad)
    }

    /// A length of things still to read: never more than the bytes left,
    /// so a bad length cannot ask for a huge allocation.
    fn len(&mut self) -> Res<usize> {
        let n = usize::try_from(self.var()?).map_err(|_| Bad)?;
        if n > self.b.len() - self.at {
            return Err(Bad);
        }
        Ok(n)
    }
}

pub(super) trait Codec: Sized {
    fn put(&self, w: &mut W) -> Res<()>;
    fn get(r: &mut R) -> Res<Self>;
}

fn put_str(w: &mut W, s: &str) -> Res<()> {
    w.var(s.len() as u64);
    w.buf.extend_from_slice(s.as_bytes());
    Ok(())
}

fn put_slice<T: Codec>(w: &mut W, items: &[T]) -> Res<()> {
    w.var(items.len() as u64);
    items.iter().try_for_each(|t| t.put(w))
}

fn put_opt<T: Codec>(w: &mut W, t: Option<&T>) -> Res<()> {
    match t {
        None => w.buf.push(0),
        Some(t) => {
            w.buf.push(1);
            t.put(w)?;
        }
    }
    Ok(())
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl Codec for $t {
            fn put(&self, w: &mut W) -> Res<()> {
                w.var(*self as u64);
                Ok(())
            }
            fn get(r: &mut R) -> Res<Self> {
                <$t>::try_from(r.var()?).map_err(|_| Bad)
            }
        }
    )*};
}
unsigned!(u8, u32, u64, usize);

macro_rules! signed {
    ($($t:ty),*) => {$(
        impl Codec for $t {
            fn put(&self, w: &mut W) -> Res<()> {
                let v = i64::from(*self);
                w.var(((v << 1) ^ (v >> 63)) as u64);
                Ok(())
            }
            fn get(r: &mut R) -> Res<Self> {
                let u = r.var()?;
                let v = ((u >> 1) as i64) ^ -((u & 1) as i64);
                <$t>::try_from(v).map_err(|_| Bad)
            }
        }
    )*};
}
signed!(i32, i64);

impl Codec for bool {
    fn put(&self, w: &mut W) -> Res<()> {
        w.buf.push(u8::from(*self));
        Ok(())
    }
    fn get(r: &mut R) -> Res<Self> {
        match r.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Bad),
        }
    }
}

impl Codec for [u8; 32] {
    fn put(&self, w: &mut W) -> Res<()> {
        w.buf.extend_from_slice(self);
        Ok(())
    }
    fn get(r: &mut R) -> Res<Self> {
        r.take(32)?.try_into().map_err(|_| Bad)
    }
}

impl Codec for String {
    fn put(&self, w: &mut W) -> Res<()> {
        put_str(w, self)
    }
    fn get(r: &mut R) -> Res<Self> {
        let n = r.len()?;
        let bytes = r.take(n)?;
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|_| Bad)
    }
}

impl Codec for PathBuf {
    fn put(&self, w: &mut W) -> Res<()> {
        if w.without_paths {
            return Ok(());
        }
        match self.strip_prefix(w.root) {
            Ok(rel) if !w.root.as_os_str().is_empty() => {
                w.buf.push(1);
                put_str(w, rel.to_str().ok_or(Bad)?)
            }
            _ => {
                w.buf.push(0);
                put_str(w, self.to_str().ok_or(Bad)?)
            }
        }
    }
    fn get(r: &mut R) -> Res<Self> {
        let below_root = bool::get(r)?;
        let path = PathBuf::from(String::get(r)?);
        Ok(if below_root { r.root.join(path) } else { path })
    }
}

impl<T: Codec> Codec for Option<T> {
    fn put(&self, w: &mut W) -> Res<()> {
        put_opt(w, self.as_ref())
    }
    fn get(r: &mut R) -> Res<Self> {
        match r.byte()? {
            0 => Ok(None),
            1 => Ok(Some(T::get(r)?)),
            _ => Err(Bad),
        }
    }
}

impl<T: Codec> Codec for Vec<T> {
    fn put(&self, w: &mut W) -> Res<()> {
        put_slice(w, self)
    }
    fn get(r: &mut R) -> Res<Self> {
        // Exactly `n`: collecting through `Result` grows the list by
        // doubling, and a city's 400,000 lists of notes and items would
        // keep ~60 MiB of room they never use. `len` is bounded by the
        // bytes left, so a damaged count cannot ask for more than that.
        let n = r.len()?;
        let mut list = Vec::with_capacity(n);
        for _ in 0..n {
            list.push(T::get(r)?);
        }
        Ok(list)
    }
}

/// Maps are written in key order and must be read back in it.
fn put_map<'a, K: 'a, V: Codec + 'a>(
    w: &mut W,
    len: usize,
    entries: impl Iterator<Item = (&'a K, &'a V)>,
    mut key: impl FnMut(&mut W, &K) -> Res<()>,
) -> Res<()> {
    w.var(len as u64);
    for (k, v) in entries {
        key(w, k)?;
        v.put(w)?;
    }
    Ok(())
}

fn get_map<K: Ord, V: Codec>(
    r: &mut R,
    mut key: impl FnMut(&mut R) -> Res<K>,
) -> Res<BTreeMap<K, V>> {
    let n = r.len()?;
    let mut map = BTreeMap::new();
    let mut last = None::<usize>;
    for _ in 0..n {
        let k = key(r)?;
        let v = V::get(r)?;
        map.insert(k, v);
        if last == Some(map.len()) {
            return Err(Bad); // a key twice
        }
        last = Some(map.len());
    }
    Ok(map)
}

impl Codec for BTreeMap<i32, UnitYear> {
    fn put(&self, w: &mut W) -> Res<()> {
        put_map(w, self.len(), self.iter(), |w, k| k.put(w))
    }
    fn get(r: &mut R) -> Res<Self> {
        get_map(r, i32::get)
    }
}

impl Codec for BTreeMap<String, Review> {
    fn put(&self, w: &mut W) -> Res<()> {
        put_map(w, self.len(), self.iter(), |w, k| k.put(w))
    }
    fn get(r: &mut R) -> Res<Self> {
        get_map(r, String::get)
    }
}

/// Generic fields are named by the schema's own `&'static str`s: a name
/// the schema does not declare cannot be read back.
impl Codec for BTreeMap<&'static str, FieldValue> {
    fn put(&self, w: &mut W) -> Res<()> {
        put_map(w, self.len(), self.iter(), |w, k| put_str(w, k))
    }
    fn get(r: &mut R) -> Res<Self> {
        get_map(r, |r| {
            let name = String::get(r)?;
            crate::schema::ALL
                .iter()
                .flat_map(|s| s.fields)
                .map(|f| f.name)
                .find(|n| *n == name)
                .ok_or(Bad)
        })
    }
}

impl Codec for Date {
    fn put(&self, w: &mut W) -> Res<()> {
        i32::from(self.0.year()).put(w)?;
        (self.0.month() as u8).put(w)?;
        (self.0.day() as u8).put(w)
    }
    fn get(r: &mut R) -> Res<Self> {
        let year = i16::try_from(i32::get(r)?).map_err(|_| Bad)?;
        let month = i8::try_from(u8::get(r)?).map_err(|_| Bad)?;
        let day = i8::try_from(u8::get(r)?).map_err(|_| Bad)?;
        jiff::civil::Date::new(year, month, day)
            .map(Date)
            .map_err(|_| Bad)
    }
}

impl Codec for UnitIx {
    fn put(&self, w: &mut W) -> Res<()> {
        self.get().put(w)
    }
    fn get(r: &mut R) -> Res<Self> {
        usize::get(r).map(UnitIx::new)
    }
}

/// `extra:` holds anything: kept as its JSON text.
impl Codec for serde_json::Value {
    fn put(&self, w: &mut W) -> Res<()> {
        put_str(w, &serde_json::to_string(self).map_err(|_| Bad)?)
    }
    fn get(r: &mut R) -> Res<Self> {
        serde_json::from_str(&String::get(r)?).map_err(|_| Bad)
    }
}

macro_rules! keywords {
    ($($t:ty),*) => {$(
        impl Codec for $t {
            fn put(&self, w: &mut W) -> Res<()> {
                let i = <$t>::VALUES.iter().position(|v| v == self).ok_or(Bad)?;
                i.put(w)
            }
            fn get(r: &mut R) -> Res<Self> {
                <$t>::VALUES.get(usize::get(r)?).copied().ok_or(Bad)
            }
        }
    )*};
}
keywords!(
    Lang,
    MemberNames,
    UnitKind,
    Role,
    MemberStatus,
    PledgeForm,
    NoteStatus,
    Grade,
    Half
);

impl Codec for Severity {
    fn put(&self, w: &mut W) -> Res<()> {
        matches!(self, Severity::Warning).put(w)
    }
    fn get(r: &mut R) -> Res<Self> {
        Ok(match bool::get(r)? {
            true => Severity::Warning,
            false => Severity::Error,
        })
    }
}

/// The loader's diagnostics have no advice code; one that has cannot be
/// kept (its `&'static str` could not be read back).
impl Codec for Diagnostic {
    fn put(&self, w: &mut W) -> Res<()> {
        let Diagnostic {
            path,
            line,
            column,
            severity,
            message,
            code,
        } = self;
        if code.is_some() {
            return Err(Bad);
        }
        path.put(w)?;
        line.put(w)?;
        column.put(w)?;
        severity.put(w)?;
        message.put(w)
    }
    fn get(r: &mut R) -> Res<Self> {
        Ok(Diagnostic {
            path: Codec::get(r)?,
            line: Codec::get(r)?,
            column: Codec::get(r)?,
            severity: Codec::get(r)?,
            message: Codec::get(r)?,
            code: None,
        })
    }
}

impl Codec for FieldValue {
    fn put(&self, w: &mut W) -> Res<()> {
        match self {
            FieldValue::Text(t) => {
                w.buf.push(0);
                t.put(w)
            }
            FieldValue::Int(i) => {
                w.buf.push(1);
                i.put(w)
            }
            FieldValue::Bool(b) => {
                w.buf.push(2);
                b.put(w)
            }
            FieldValue::Date(d) => {
                w.buf.push(3);
                d.put(w)
            }
            FieldValue::Keyword(k) => {
                w.buf.push(4);
                put_str(w, k)
            }
            FieldValue::List(items) => {
                w.buf.push(5);
                items.put(w)
            }
        }
    }
    fn get(r: &mut R) -> Res<Self> {
        Ok(match r.byte()? {
            0 => FieldValue::Text(Codec::get(r)?),
            1 => FieldValue::Int(Codec::get(r)?),
            2 => FieldValue::Bool(Codec::get(r)?),
            3 => FieldValue::Date(Codec::get(r)?),
            4 => {
                let k = String::get(r)?;
                let keyword = crate::schema::ALL
                    .iter()
                    .flat_map(|s| s.fields)
                    .filter_map(|f| f.choices())
                    .flatten()
                    .map(|c| c.keyword)
                    .find(|kw| *kw == k)
                    .ok_or(Bad)?;
                FieldValue::Keyword(keyword)
            }
            5 => FieldValue::List(Codec::get(r)?),
            _ => return Err(Bad),
        })
    }
}

/// A struct written field by field. The pattern names every field, so a
/// field added to the model does not compile until it is added here.
macro_rules! record {
    ($($t:ident { $($f:ident),* $(,)? })*) => {$(
        impl Codec for $t {
            fn put(&self, w: &mut W) -> Res<()> {
                let $t { $($f),* } = self;
                $(Codec::put($f, w)?;)*
                Ok(())
            }
            fn get(r: &mut R) -> Res<Self> {
                // (Struct fields are evaluated in the order written.)
                Ok($t { $($f: Codec::get(r)?),* })
            }
        }
    )*};
}

record! {
    Pos { line, column }
    Params { lang, require_approval, names }
    Stamp { path, hash }
    Rectification { pos, year, issued, deadline, reason, done }
    RosterEntry { pos, id, name, role, status, exempt, has_exempt_reason }
    Approval { by, date }
    Item { pos, id, title, category, deadline, baseline, target, responsibility, fields }
    Attachment { name, source }
    Note {
        id, date, items, progress, status, deadline, status_pos, title, author, body, extra,
        fields, attachments,
    }
    Sheet {
        id, name, name_pos, role, form, approved, published, items, body, extra, fields, notes,
    }
    Comment { half, by, date, text }
    Votes { satisfied, basic, unsatisfied }
    Review { comments, votes, grade, exemplary }
    UnitYear { year, roster, sheets, drafts, reviews }
    Unit {
        path, parent, children, depth, name, kind, secretary, members, established,
        description, exemplary, rectification, extra, roster, years,
    }
}

// --- digests of the model ------------------------------------------------

/// A digest of everything `put` writes, through this encoding: the
/// `record!` patterns name every field of the model, so two values with
/// the same digest are the same value but for their source paths (the
/// build's page keys rest on this; pages never show where a file sits,
/// see `W::without_paths`). A value this encoding cannot write is
/// digested through its `Debug` text, which shows every field too.
fn digest_with(
    put: impl FnOnce(&mut W) -> Res<()>,
    debug: impl FnOnce() -> String,
) -> crate::manifest::Digest {
    let mut w = W {
        buf: Vec::with_capacity(4096),
        root: Path::new(""),
        without_paths: true,
    };
    let mut h = crate::manifest::Hash::default();
    match put(&mut w) {
        Ok(()) => h.bytes(&w.buf),
        Err(Bad) => {
            h.bytes(b"debug\0");
            h.str(&debug());
        }
    }
    h.finish()
}

/// Two digests of a sheet: of the whole sheet (its fields, items and
/// notes), and of all of it but the Markdown bodies of the sheet and its
/// notes — what the open data exports (`data.rs` writes no body), so that
/// an edit of a note's text leaves a year's data files in place.
pub fn sheet_digests(sheet: &Sheet) -> (crate::manifest::Digest, crate::manifest::Digest) {
    let bodiless = digest_with(|w| put_without_bodies(sheet, w), || format!("{sheet:?}"));
    let mut h = crate::manifest::Hash::default();
    h.u128(bodiless);
    h.str(&sheet.body);
    h.u128(sheet.notes.len() as u128);
    for note in &sheet.notes {
        h.str(&note.body);
    }
    (h.finish(), bodiless)
}

/// `Sheet::put` but for the bodies (every other field named, so a new
/// field cannot be forgotten here).
fn put_without_bodies(sheet: &Sheet, w: &mut W) -> Res<()> {
    let Sheet {
        id,
        name,
        name_pos,
        role,
        form,
        approved,
        published,
        items,
        body: _,
        extra,
        fields,
        notes,
    } = sheet;
    id.put(w)?;
    name.put(w)?;
    name_pos.put(w)?;
    role.put(w)?;
    form.put(w)?;
    approved.put(w)?;
    published.put(w)?;
    items.put(w)?;
    extra.put(w)?;
    fields.put(w)?;
    notes.len().put(w)?;
    for note in notes {
        let Note {
            id,
            date,
            items,
            progress,
            status,
            deadline,
            status_pos,
            title,
            author,
            body: _,
            extra,
            fields,
            attachments,
        } = note;
        id.put(w)?;
        date.put(w)?;
        items.put(w)?;
        progress.put(w)?;
        status.put(w)?;
        deadline.put(w)?;
        status_pos.put(w)?;
        title.put(w)?;
        author.put(w)?;
        extra.put(w)?;
        fields.put(w)?;
        attachments.put(w)?;
    }
    Ok(())
}

/// A digest of the unit without its sheets' contents (only their ids, in
/// order): its place, details, rosters, drafts and reviews. With the
/// digests of its sheets it covers the whole unit.
pub fn unit_head_digest(unit: &Unit) -> crate::manifest::Digest {
    let Unit {
        path,
        parent,
        children,
        depth,
        name,
        kind,
        secretary,
        members,
        established,
        description,
        exemplary,
        rectification,
        extra,
        roster,
        years,
    } = unit;
    let put = |w: &mut W| -> Res<()> {
        path.put(w)?;
        parent.put(w)?;
        children.put(w)?;
        depth.put(w)?;
        name.put(w)?;
        kind.put(w)?;
        secretary.put(w)?;
        members.put(w)?;
        established.put(w)?;
        description.put(w)?;
        exemplary.put(w)?;
        rectification.put(w)?;
        extra.put(w)?;
        roster.put(w)?;
        w.var(years.len() as u64);
        for (y, uy) in years {
            let UnitYear {
                year,
                roster,
                sheets,
                drafts,
                reviews,
            } = uy;
            y.put(w)?;
            year.put(w)?;
            roster.put(w)?;
            w.var(sheets.len() as u64);
            for sheet in sheets {
                sheet.id.put(w)?;
            }
            drafts.put(w)?;
            reviews.put(w)?;
        }
        Ok(())
    };
    let debug = || {
        let ids: Vec<Vec<&str>> = years
            .values()
            .map(|y| y.sheets.iter().map(|s| s.id.as_str()).collect())
            .collect();
        let mut head = unit.clone();
        for y in head.years.values_mut() {
            y.sheets.clear();
        }
        format!("{head:?} {ids:?}")
    };
    digest_with(put, debug)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Codec>(t: &T, root: &Path) -> T {
        let mut w = W {
            buf: Vec::new(),
            root,
            without_paths: false,
        };
        t.put(&mut w).expect("encodes");
        let mut r = R {
            b: &w.buf,
            at: 0,
            root,
        };
        let back = T::get(&mut r).expect("decodes");
        assert_eq!(r.at, w.buf.len(), "all read");
        back
    }

    #[test]
    fn every_unit_of_the_demo_reads_back_as_it_was_written() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (site, _) = super::super::load(root, &Default::default()).expect("demo loads");
        for u in &site.units {
            let back = round_trip(&**u, root);
            assert_eq!(format!("{back:?}"), format!("{u:?}"), "{}", u.path);
        }
        // A moved site: paths below the root follow it.
        let u = &site.units[1];
        let mut w = W {
            buf: Vec::new(),
            root,
            without_paths: false,
        };
        u.put(&mut w).expect("encodes");
        let moved = Path::new("/elsewhere/site");
        let back = Unit::get(&mut R {
            b: &w.buf,
            at: 0,
            root: moved,
        })
        .expect("decodes");
        let attachments = |u: &Unit| -> Vec<PathBuf> {
            u.years
                .values()
                .flat_map(|y| &y.sheets)
                .flat_map(|s| &s.notes)
                .flat_map(|n| &n.attachments)
                .map(|a| a.source.clone())
                .collect()
        };
        let (before, after) = (attachments(u), attachments(&back));
        assert_eq!(before.len(), after.len());
        for (b, a) in before.iter().zip(&after) {
            assert_eq!(moved.join(b.strip_prefix(root).unwrap()), *a);
        }
    }

    #[test]
    fn numbers_and_texts_round_trip_at_their_edges() {
        let root = Path::new("/r");
        for v in [0i64, 1, -1, 63, -64, 64, i64::MAX, i64::MIN] {
            assert_eq!(round_trip(&v, root), v);
        }
        for v in [0u64, 127, 128, u64::MAX] {
            assert_eq!(round_trip(&v, root), v);
        }
        let s = "承诺\u{0}x".to_string();
        assert_eq!(round_trip(&s, root), s);
        let fields: BTreeMap<&'static str, FieldValue> = BTreeMap::new();
        assert!(round_trip(&fields, root).is_empty());
    }

    #[test]
    fn truncated_or_garbled_bodies_never_decode_into_a_unit() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (site, _) = super::super::load(root, &Default::default()).expect("demo loads");
        let mut w = W {
            buf: Vec::new(),
            root,
            without_paths: false,
        };
        site.units[1].put(&mut w).expect("encodes");
        let whole = w.buf;
        // Every prefix fails (none panics); a length made huge fails.
        for cut in 0..whole.len() {
            let mut r = R {
                b: &whole[..cut],
                at: 0,
                root,
            };
            assert!(
                Unit::get(&mut r).is_err(),
                "a prefix of {cut} bytes decoded"
            );
        }
        let mut r = R {
            b: &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
            at: 0,
            root,
        };
        assert!(Vec::<String>::get(&mut r).is_err());
    }

    #[test]
    fn the_fingerprint_covers_every_loader_source() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/content");
        for e in fs::read_dir(dir).expect("src/content") {
            let name = e.expect("entry").file_name().to_string_lossy().into_owned();
            if name.ends_with(".rs") {
                assert!(
                    SOURCES.iter().any(|(n, _)| *n == name),
                    "src/content/{name} is not in cache.rs's sources!"
                );
            }
        }
    }

    #[test]
    fn entries_check_magic_format_fingerprint_length_and_sum() {
        let body = b"body".to_vec();
        let mut file = Vec::new();
        file.extend_from_slice(MAGIC);
        file.extend_from_slice(&FORMAT.to_le_bytes());
        file.extend_from_slice(fingerprint());
        file.extend_from_slice(&(body.len() as u64).to_le_bytes());
        file.extend_from_slice(&checksum(&body));
        file.extend_from_slice(&body);
        assert_eq!(open_entry(&file), Some(&body[..]));
        for i in 0..file.len() {
            let mut bad = file.clone();
            bad[i] ^= 0x40;
            assert_eq!(open_entry(&bad), None, "byte {i} flipped");
        }
        for cut in 0..file.len() {
            assert_eq!(open_entry(&file[..cut]), None);
        }
    }

    /// The walk takes a folder's names from the last walk only while the
    /// folder is as it was: every change of names shows, an edit in place
    /// shows in the file's identity, and the result is what reading every
    /// folder gives.
    #[cfg(unix)]
    #[test]
    fn a_walk_from_known_folders_lists_what_reading_them_lists() {
        use super::super::walk::list_tree;
        let site = tempfile::tempdir().expect("temp dir");
        let root = site.path();
        let content = root.join("content");
        for dir in ["a/2026/x", "a/2026/y", "b/2026/z", "c"] {
            fs::create_dir_all(content.join(dir)).expect("folders");
        }
        for file in [
            "a/_unit.yaml",
            "a/2026/x/1.md",
            "a/2026/x/2.md",
            "a/2026/y/1.md",
            "b/2026/z/1.md",
            "c/keep.md",
        ] {
            fs::write(content.join(file), "x").expect("files");
        }
        let msg = crate::i18n::Messages::default();
        let walk = |known: Option<&Known>| {
            let mut diags = Vec::new();
            let tree = list_tree(root, &content, msg, &mut diags, true, known);
            assert!(diags.is_empty(), "{diags:?}");
            tree
        };
        let first = walk(None);
        // As if the walk had started well after these folders were made
        // (their times are within the slack of now).
        let later = system_ns(SystemTime::now()) + 10 * SLACK_NS;
        let body = folders_body(&first, &content, later).expect("folders to keep");
        let store = Store::new(root, false);
        let mut writer = Store::new(root, false);
        writer.keep_folders(body);
        writer.flush();
        let known = store.folders(&content).expect("folders read back");
        assert_eq!(known.len(), first.len());
        // Nothing changed: every folder's names are the known ones.
        let again = walk(Some(&known));
        assert!(again.values().all(|l| l.known));
        assert!(folders_body(&again, &content, later).is_none());
        // Past the clock's tick, so every change moves a folder's times.
        std::thread::sleep(std::time::Duration::from_millis(50));
        let mut f = fs::OpenOptions::new()
            .append(true)
            .open(content.join("a/2026/x/1.md"))
            .expect("open");
        f.write_all(b" more").expect("edit in place");
        drop(f);
        fs::write(content.join("a/2026/y/2.md"), "new").expect("add");
        fs::remove_file(content.join("b/2026/z/1.md")).expect("remove");
        fs::rename(content.join("c"), content.join("d")).expect("rename");
        let from_known = walk(Some(&known));
        let read = walk(None);
        assert_eq!(from_known.len(), read.len());
        for (dir, l) in &read {
            let k = &from_known[dir];
            assert_eq!(
                (&k.files, &k.dirs, &k.ids),
                (&l.files, &l.dirs, &l.ids),
                "{dir:?}"
            );
        }
        let by = |rel: &str| from_known[&content.join(rel)].known;
        // The edited file's folder kept its names; the others were read.
        assert!(by("a/2026/x") && by("a/2026") && by("b/2026"));
        assert!(!by("a/2026/y") && !by("b/2026/z") && !by("") && !by("d"));
        assert!(folders_body(&from_known, &content, later).is_some());
    }
}

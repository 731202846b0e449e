//! The files a build produces, and the two ways they reach the disk:
//!
//! - `Staging`: a first build (or one over a folder without a manifest,
//!   or `--force`) writes the site into a fresh folder beside the output
//!   and swaps it in only when complete;
//! - `InPlace`: a build over its own earlier output writes only the files
//!   whose input key or bytes changed, each whole (written in the pending
//!   folder beside the output, then renamed over the old one), and removes
//!   last the files of the previous manifest the new site no longer has.
//!
//! Either way a failed build (content errors) changes nothing, and a build
//! that reports success has its new site complete in place. Which folder
//! may be replaced at all is `outdir`'s rule; the manifest is `manifest`'s.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::manifest::{self, Digest, Entry, JOURNAL, MANIFEST, PENDING, beside};
use crate::outdir::{MARK, MARK_TEXT};

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

    /// The bytes this file holds in memory; a copied file holds none.
    pub fn held_len(&self) -> usize {
        match &self.body {
            OutBody::Bytes(bytes) => bytes.len(),
            OutBody::Copy(_) => 0,
        }
    }
}

/// Writes `files` as the new content of `out`, replacing what was there
/// only once every file is written. Staging folders left by builds that
/// were killed (their process is gone) are cleaned up first. The caller
/// has judged `out` (`outdir::choose`); `build` does.
pub fn write_atomic(out: &Path, files: &[OutFile]) -> io::Result<Swapped> {
    let staging = Staging::begin(out)?;
    write_tree(&staging.dir, files)?;
    Ok(staging.commit()?)
}

/// A swap that put the new site in place.
#[derive(Debug)]
pub struct Swapped {
    /// The previous site's copy that could not be deleted afterwards: where
    /// it is, and why. The new site is complete all the same.
    pub leftover: Option<(PathBuf, io::Error)>,
}

/// A swap that did not put the new site in place.
#[derive(Debug)]
pub enum SwapError {
    /// Nothing changed: the previous output (if there was one) is in place
    /// as it was, and the new site is discarded.
    Kept(io::Error),
    /// The two-rename fallback moved the previous site aside and could
    /// neither put the new one in nor the previous one back: the output is
    /// missing and the previous site is at `previous` (the next build puts
    /// it back first).
    Stranded { error: io::Error, previous: PathBuf },
}

impl From<SwapError> for io::Error {
    fn from(e: SwapError) -> io::Error {
        match e {
            SwapError::Kept(e) | SwapError::Stranded { error: e, .. } => e,
        }
    }
}

/// A new site being written beside `out`. Files can be added from many
/// threads as they are rendered; `commit` swaps the folder in, and
/// dropping it uncommitted removes it, leaving `out` untouched.
pub struct Staging {
    pub dir: PathBuf,
    out: PathBuf,
    retired: PathBuf,
    committed: bool,
    /// The site being replaced, if any: a file whose bytes did not change
    /// is hard-linked from it instead of written again.
    previous: Option<PathBuf>,
    /// The manifest's entries of the files written so far.
    entries: Mutex<Vec<(String, Entry)>>,
    /// The folders made so far, by a hash of their path: see `folders`.
    folders: Mutex<std::collections::HashSet<u64>>,
}

impl Staging {
    pub fn begin(out: &Path) -> io::Result<Staging> {
        let out = absolute(out)?;
        let parent = out.parent().unwrap_or(Path::new("/")).to_path_buf();
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        fs::create_dir_all(&parent)?;
        clean_stale(&parent, &name, &out)?;
        let pid = std::process::id();
        let dir = parent.join(format!(".{name}{NEW}{pid}"));
        let retired = parent.join(format!(".{name}{OLD}{pid}"));
        remove_if_exists(&dir)?;
        fs::create_dir_all(&dir)?;
        // In the staged tree, so the swap carries it: the folder is ours.
        let previous = fs::symlink_metadata(&out)
            .is_ok_and(|m| m.is_dir())
            .then(|| out.clone());
        let old_mark = previous.as_ref().map(|p| p.join(MARK));
        let linked = old_mark.is_some_and(|old| {
            same_bytes(&old, MARK_TEXT.as_bytes()) && fs::hard_link(&old, dir.join(MARK)).is_ok()
        });
        if !linked {
            fs::write(dir.join(MARK), MARK_TEXT)?;
        }
        Ok(Staging {
            dir,
            out,
            retired,
            committed: false,
            previous,
            entries: Mutex::new(Vec::new()),
            folders: Mutex::default(),
        })
    }

    /// Makes the folders of the file `path` this staging has not made
    /// yet, from the highest down, so that no call fails: a note page's
    /// folder was a failed create, a failed `mkdir` of the folder and a
    /// `mkdir` of its sheet's before the two that work (33,000 failed
    /// calls at M with note pages). Two paths of one hash would leave a
    /// folder unmade: a folder below it, or the write that finds it
    /// missing, makes it then.
    fn folders(&self, path: &str) -> io::Result<()> {
        let hash = folder_hash;
        let Some((folder, _)) = path.rsplit_once('/') else {
            return Ok(());
        };
        let mut made = lock(&self.folders);
        let mut missing = Vec::new();
        let mut at = Some(folder);
        while let Some(f) = at.filter(|f| !made.contains(&hash(f))) {
            missing.push(f);
            at = f.rsplit_once('/').map(|(up, _)| up);
        }
        for f in missing.into_iter().rev() {
            let dir = self.dir.join(f);
            match fs::create_dir(&dir) {
                // A folder above was taken for made (two paths, one hash).
                Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(&dir)?,
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
                _ => {}
            }
            made.insert(hash(f));
        }
        Ok(())
    }

    /// Writes one file, and its folders first when this staging has not
    /// made them yet.
    ///
    /// A page whose bytes equal the previous site's copy is hard-linked
    /// from there: a rebuild of an unchanged site then creates no new
    /// files, only names (creating and freeing files is most of a big
    /// build's time), and retiring the old site frees nothing. The old
    /// copy is never written to, so the previous site stays as it was.
    pub fn write(&self, file: &OutFile) -> io::Result<()> {
        let entry = entry_of(file, None)?;
        self.write_entry(file, entry)
    }

    /// `write`, with the file's manifest entry made already.
    pub fn write_entry(&self, file: &OutFile, entry: Entry) -> io::Result<()> {
        record(&self.entries, &file.path, entry);
        let target = self.dir.join(&file.path);
        let unchanged = self.previous.as_ref().and_then(|previous| {
            let old = previous.join(&file.path);
            let same = match &file.body {
                OutBody::Bytes(bytes) => same_bytes(&old, bytes),
                OutBody::Copy(source) => same_contents(&old, source),
            };
            same.then_some(old)
        });
        self.folders(&file.path)?;
        let put = || {
            if let Some(old) = &unchanged
                && fs::hard_link(old, &target).is_ok()
            {
                return Ok(());
            }
            match &file.body {
                OutBody::Bytes(bytes) => fs::write(&target, bytes),
                OutBody::Copy(source) => fs::copy(source, &target).map(|_| ()),
            }
        };
        match put() {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(folder) = target.parent() {
                    fs::create_dir_all(folder)?;
                }
                put()
            }
            result => result,
        }
    }

    /// Writes the file at `path` through `body` as it is made (files too
    /// big to hold whole: a city's open data runs to hundreds of MB).
    pub fn write_with(
        &self,
        path: &str,
        key: Option<Digest>,
        body: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let target = self.dir.join(path);
        self.folders(path)?;
        let file = match fs::File::create(&target) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(folder) = target.parent() {
                    fs::create_dir_all(folder)?;
                }
                fs::File::create(&target)?
            }
            file => file?,
        };
        let mut tee = Tee::new(file);
        body(&mut tee)?;
        record(&self.entries, path, tee.entry_keyed(key));
        // Unchanged, it becomes the previous copy (as `write`'s pages do),
        // keeping its identity and time for whoever syncs the output.
        if let Some(previous) = &self.previous {
            let old = previous.join(path);
            if same_contents(&old, &target) {
                let linked = target.with_file_name(format!(
                    ".{}.link",
                    target.file_name().unwrap_or_default().to_string_lossy()
                ));
                if fs::hard_link(&old, &linked).is_ok() && fs::rename(&linked, &target).is_err() {
                    let _ = fs::remove_file(&linked);
                }
            }
        }
        Ok(())
    }

    /// What this build adds, changes and removes against the site it
    /// replaces (`build --changes`); asked before `commit`.
    pub fn changes(&self) -> io::Result<crate::changes::Changes> {
        // The manifest is a file of the site: it is compared too.
        self.seal()?;
        crate::changes::diff(self.previous.as_deref(), &self.dir)
    }

    /// Writes the manifest of the files written so far into the staged
    /// site (again, if asked twice: the same bytes).
    fn seal(&self) -> io::Result<()> {
        let text = manifest::to_text(&mut lock(&self.entries).clone());
        let part = self.dir.join(format!("{MANIFEST}.part"));
        manifest::write_whole(&self.dir.join(MANIFEST), &part, &text)
    }

    /// Puts the new site in place of the old one.
    pub fn commit(self) -> Result<Swapped, SwapError> {
        self.commit_with(&RealFs)
    }

    fn commit_with(mut self, fs_ops: &dyn SwapFs) -> Result<Swapped, SwapError> {
        self.seal().map_err(SwapError::Kept)?;
        // A journal left by an in-place build killed before this one
        // speaks of files this site replaces whole.
        remove_file_if_exists(&beside(&self.out, JOURNAL)).map_err(SwapError::Kept)?;
        self.committed = true;
        let result = swap_in(fs_ops, &self.dir, &self.out, &self.retired);
        if result.is_err() {
            // The staging folder still holds the new site (never the old
            // one: a swap that moved the old one there succeeded).
            let _ = fs::remove_dir_all(&self.dir);
        }
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Where a build's files go: a staged new site, or the earlier output
/// updated in place.
pub enum Target {
    Staging(Staging),
    InPlace(InPlace),
}

impl Target {
    /// An update in place when `out` is an earlier build with a manifest
    /// (and `fresh` is not asked for), else a staged new site.
    pub fn begin(out: &Path, fresh: bool) -> io::Result<Target> {
        if !fresh && let Some(in_place) = InPlace::begin(out)? {
            return Ok(Target::InPlace(in_place));
        }
        Staging::begin(out).map(Target::Staging)
    }

    /// Whether the file at `path` made from `key` is in place already
    /// (and so kept as it is).
    pub fn known(&self, path: &str, key: Digest) -> bool {
        match self {
            Target::Staging(_) => false,
            Target::InPlace(t) => t.known(path, key),
        }
    }

    /// The bytes of `path` as the previous build wrote them: `None`
    /// unless the file in place has the length and the hash its manifest
    /// entry records (what a build may start from instead of making it
    /// anew).
    pub fn previous(&self, path: &str) -> Option<Vec<u8>> {
        match self {
            Target::Staging(_) => None,
            Target::InPlace(t) => t.previous(path),
        }
    }

    pub fn write_entry(&self, file: &OutFile, entry: Entry) -> io::Result<()> {
        match self {
            Target::Staging(t) => t.write_entry(file, entry),
            Target::InPlace(t) => t.write_entry(file, entry),
        }
    }

    /// The file at `path` through `body`; `key` as `entry_of`'s.
    pub fn write_with(
        &self,
        path: &str,
        key: Option<Digest>,
        body: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        match self {
            Target::Staging(t) => t.write_with(path, key, body),
            Target::InPlace(t) => t.write_with(path, key, body),
        }
    }

    /// The files of a group made from `key` (`render::Group`), when the
    /// previous build made the same group from the same key and all of
    /// them are in place: then they are kept as they are.
    pub fn known_group(&self, key: Digest) -> Option<Vec<String>> {
        match self {
            Target::Staging(_) => None,
            Target::InPlace(t) => t.known_group(key),
        }
    }

    pub fn changes(&self) -> io::Result<crate::changes::Changes> {
        match self {
            Target::Staging(t) => t.changes(),
            Target::InPlace(t) => Ok(t.changes()),
        }
    }
}

/// The key of a folder in `Staging::folders`' set (a fixed hash).
fn folder_hash(folder: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(folder)
}

/// A poisoned lock only means another thread panicked; its data is whole.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn record(entries: &Mutex<Vec<(String, Entry)>>, path: &str, entry: Entry) {
    lock(entries).push((path.to_string(), entry));
}

/// The manifest entry of `file`: its bytes' hash and length, and `key`
/// (a page's input key) or, for files made whole every time, the hash
/// again. A copied file is read for it (photos and static files are few
/// beside the pages).
pub fn entry_of(file: &OutFile, key: Option<Digest>) -> io::Result<Entry> {
    let (hash, len) = match &file.body {
        OutBody::Bytes(bytes) => (manifest::of_bytes(bytes), bytes.len() as u64),
        OutBody::Copy(source) => {
            let mut tee = Tee::new(io::sink());
            io::copy(&mut fs::File::open(source)?, &mut tee)?;
            (tee.hash.finish(), tee.len)
        }
    };
    Ok(Entry {
        hash,
        len,
        key: key.unwrap_or(hash),
    })
}

/// A writer that hashes and counts what passes through it.
struct Tee<W> {
    inner: W,
    hash: manifest::Hash,
    len: u64,
}

impl<W: Write> Tee<W> {
    fn new(inner: W) -> Self {
        Tee {
            inner,
            hash: manifest::Hash::default(),
            len: 0,
        }
    }
    fn entry(&self) -> Entry {
        self.entry_keyed(None)
    }
    fn entry_keyed(&self, key: Option<Digest>) -> Entry {
        let hash = self.hash.finish();
        Entry {
            hash,
            len: self.len,
            key: key.unwrap_or(hash),
        }
    }
}

impl<W: Write> Write for Tee<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.bytes(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A build updating its own earlier output where it is (see the module
/// comment). Until `commit` nothing of the site is touched: new files
/// wait under `PENDING`, and dropping it uncommitted removes them.
pub struct InPlace {
    out: PathBuf,
    pending: PathBuf,
    /// The previous build's manifest.
    old: HashMap<String, Entry>,
    /// Files an interrupted build may have replaced or removed: their
    /// entries in `old` are not trusted, their bytes are compared.
    doubtful: HashSet<String>,
    entries: Mutex<Vec<(String, Entry)>>,
    /// Files to put in place: path and its number under `pending`.
    moves: Mutex<Vec<(String, u64)>>,
    next: AtomicU64,
    /// An interrupted build left a journal (removed once this one is done).
    journal: bool,
    committed: bool,
    settled: std::sync::OnceLock<Settled>,
}

/// See `InPlace::settled`.
#[derive(Default)]
struct Settled {
    /// The new manifest's bytes.
    text: Vec<u8>,
    /// The files `commit` removes, sorted.
    gone: Vec<String>,
}

/// The digest of the manifest in `out`'s bytes (what a build record
/// keeps of the output it left).
pub fn manifest_digest(out: &Path) -> Option<Digest> {
    manifest::read_bytes(out).map(|b| manifest::of_bytes(&b))
}

/// Whether `out` still holds the site a build left there with the
/// manifest of digest `manifest`: marked as ours, no journal or pending
/// files of an in-place build cut short, that very manifest, and every
/// file it lists in place at its length (what `InPlace::known` asks of a
/// page it keeps).
pub fn still_holds(out: &Path, manifest: Digest) -> bool {
    let cut_short = [JOURNAL, PENDING, &format!("{JOURNAL}.part")]
        .iter()
        .any(|what| fs::symlink_metadata(beside(out, what)).is_ok());
    if cut_short || !crate::outdir::is_marked(out) {
        return false;
    }
    // Read once: digested, then parsed.
    let Some(bytes) = manifest::read_bytes(out) else {
        return false;
    };
    if manifest::of_bytes(&bytes) != manifest {
        return false;
    }
    let Some(entries) = manifest::parse(&bytes) else {
        return false;
    };
    entries.par_iter().all(|(path, e)| {
        fs::symlink_metadata(out.join(path)).is_ok_and(|m| m.is_file() && m.len() == e.len)
    })
}

/// What `InPlace::commit` did.
#[derive(Debug, Default)]
pub struct Applied {
    pub written: usize,
    pub removed: usize,
}

impl InPlace {
    /// `None` when `out` is not an earlier build with a manifest this
    /// version reads (then the build stages the whole site instead).
    pub fn begin(out: &Path) -> io::Result<Option<InPlace>> {
        let out = absolute(out)?;
        if !crate::outdir::is_marked(&out) {
            return Ok(None);
        }
        let Some(mut old) = manifest::read(&out) else {
            return Ok(None);
        };
        let found = manifest::read_journal(&out);
        let journal = found.is_some();
        let doubtful: HashSet<String> = match found {
            None => HashSet::new(),
            Some(Some(paths)) => paths.into_iter().collect(),
            // Nothing can be known of a journal cut short: every file of
            // the previous manifest is compared by its bytes.
            Some(None) => old.keys().cloned().collect(),
        };
        // Every doubtful file is the old or the new version of itself, or
        // gone; none of their old keys can be trusted.
        for path in &doubtful {
            if let Some(e) = old.get_mut(path) {
                e.key = 0;
            }
        }
        if let Some(parent) = out.parent()
            && let Some(name) = out.file_name()
        {
            clean_stale(parent, &name.to_string_lossy(), &out)?;
        }
        // Half a journal a killed build was writing (the mark's and the
        // manifest's halves are in the pending folder).
        let part = beside(&out, &format!("{JOURNAL}.part"));
        if fs::symlink_metadata(&part).is_ok_and(|m| m.is_file()) {
            fs::remove_file(&part)?;
        }
        let pending = beside(&out, PENDING);
        // Left by a killed build: only files of ours, never put in place.
        if fs::symlink_metadata(&pending).is_ok_and(|m| m.is_dir()) {
            fs::remove_dir_all(&pending)?;
        } else if fs::symlink_metadata(&pending).is_ok() {
            fs::remove_file(&pending)?;
        }
        fs::create_dir(&pending)?;
        Ok(Some(InPlace {
            out,
            pending,
            old,
            doubtful,
            entries: Mutex::new(Vec::new()),
            moves: Mutex::new(Vec::new()),
            next: AtomicU64::new(0),
            journal,
            committed: false,
            settled: std::sync::OnceLock::new(),
        }))
    }

    /// Whether the file at `path` was made from `key` and is still there
    /// at its length (a file removed or edited by hand is made again); if
    /// so it is kept as it is.
    pub fn known(&self, path: &str, key: Digest) -> bool {
        let Some(e) = self.old.get(path) else {
            return false;
        };
        if e.key != key || key == 0 {
            return false;
        }
        let there = fs::symlink_metadata(self.out.join(path))
            .is_ok_and(|m| m.is_file() && m.len() == e.len);
        if there {
            record(&self.entries, path, *e);
        }
        there
    }

    /// See `Target::known_group`. A group's files are those of the old
    /// manifest with its key (no other file's key can equal it: a page's
    /// key or a file's hash are digests of other data). After an
    /// interrupted build no group is known: a doubtful file's key is not
    /// trusted, so the group's list could be short.
    pub fn known_group(&self, key: Digest) -> Option<Vec<String>> {
        if self.journal || key == 0 {
            return None;
        }
        // A scan, not a map of every key: a build asks for a few groups.
        let paths: Vec<(&String, &Entry)> = self
            .old
            .iter()
            .filter(|(_, e)| e.key == key && e.key != e.hash)
            .collect();
        if paths.is_empty() {
            return None;
        }
        let there = paths.iter().all(|(p, e)| {
            fs::symlink_metadata(self.out.join(p)).is_ok_and(|m| m.is_file() && m.len() == e.len)
        });
        if !there {
            return None;
        }
        for (p, e) in &paths {
            record(&self.entries, p, **e);
        }
        Some(paths.into_iter().map(|(p, _)| p.clone()).collect())
    }

    /// See `Target::previous`.
    pub fn previous(&self, path: &str) -> Option<Vec<u8>> {
        let e = self.old.get(path)?;
        let bytes = fs::read(self.out.join(path)).ok()?;
        (bytes.len() as u64 == e.len && manifest::of_bytes(&bytes) == e.hash).then_some(bytes)
    }

    /// Whether the file in place at `path` already holds what `entry`
    /// describes.
    fn in_place(&self, path: &str, entry: &Entry) -> bool {
        let Some(e) = self.old.get(path) else {
            return false;
        };
        if e.hash != entry.hash || e.len != entry.len {
            return false;
        }
        let target = self.out.join(path);
        if self.doubtful.contains(path) {
            let mut tee = Tee::new(io::sink());
            let read = fs::File::open(&target).and_then(|mut f| io::copy(&mut f, &mut tee));
            return read.is_ok() && tee.entry().hash == entry.hash && tee.len == entry.len;
        }
        fs::symlink_metadata(&target).is_ok_and(|m| m.is_file() && m.len() == e.len)
    }

    fn pending_file(&self) -> (u64, PathBuf) {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        (n, self.pending.join(n.to_string()))
    }

    /// Writes `file` (whose entry is `entry`) unless the file in place
    /// holds its bytes already.
    pub fn write_entry(&self, file: &OutFile, entry: Entry) -> io::Result<()> {
        record(&self.entries, &file.path, entry);
        if self.in_place(&file.path, &entry) {
            return Ok(());
        }
        let (n, part) = self.pending_file();
        match &file.body {
            OutBody::Bytes(bytes) => fs::write(&part, bytes)?,
            OutBody::Copy(source) => {
                fs::copy(source, &part)?;
            }
        }
        lock(&self.moves).push((file.path.clone(), n));
        Ok(())
    }

    /// The file at `path` through `body` as it is made; it replaces the
    /// one in place only if its bytes differ.
    pub fn write_with(
        &self,
        path: &str,
        key: Option<Digest>,
        body: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let (n, part) = self.pending_file();
        let mut tee = Tee::new(io::BufWriter::with_capacity(
            1 << 16,
            fs::File::create(&part)?,
        ));
        body(&mut tee)?;
        tee.flush()?;
        let entry = tee.entry_keyed(key);
        drop(tee);
        record(&self.entries, path, entry);
        if self.in_place(path, &entry) {
            fs::remove_file(&part)?;
        } else {
            lock(&self.moves).push((path.to_string(), n));
        }
        Ok(())
    }

    /// The files of the previous output (and of an interrupted build)
    /// that the new site does not have: what `commit` removes. `new`:
    /// the new manifest's entries, sorted by path.
    fn removals(&self, new: &[(String, Entry)]) -> Vec<String> {
        use rayon::prelude::*;
        // Most builds remove nothing: every old path is among the new
        // ones, which a count over the new (on every core) shows without
        // a set of 144,000 paths.
        let distinct = |i: usize| i == 0 || new[i - 1].0 != new[i].0;
        let kept = (0..new.len())
            .into_par_iter()
            .filter(|&i| distinct(i) && self.old.contains_key(&new[i].0))
            .count();
        let in_new = |p: &String| {
            new.binary_search_by(|(q, _)| q.as_str().cmp(p.as_str()))
                .is_ok()
        };
        let mut gone: Vec<String> = if kept == self.old.len() {
            Vec::new()
        } else {
            self.old
                .par_iter()
                .map(|(p, _)| p)
                .filter(|p| !in_new(p))
                .cloned()
                .collect()
        };
        gone.extend(self.doubtful.iter().filter(|p| !in_new(p)).cloned());
        gone.sort_unstable();
        gone.dedup();
        gone
    }

    /// What this build adds, changes and removes (`build --changes`),
    /// from the manifests: asked before `commit`.
    pub fn changes(&self) -> crate::changes::Changes {
        let settled = self.settled();
        let mut changes = crate::changes::Changes::default();
        for (path, _) in lock(&self.moves).iter() {
            // Against the output as it is: a page removed by hand is added.
            if self.old.contains_key(path) && fs::symlink_metadata(self.out.join(path)).is_ok() {
                changes.changed.push(path.clone());
            } else {
                changes.added.push(path.clone());
            }
        }
        changes.removed = settled.gone.clone();
        // The manifest is a file of the output too.
        match fs::read(self.out.join(MANIFEST)) {
            Ok(old) if old == settled.text => {}
            Ok(_) => changes.changed.push(MANIFEST.to_string()),
            Err(_) => changes.added.push(MANIFEST.to_string()),
        }
        changes.added.sort_unstable();
        changes.changed.sort_unstable();
        changes
    }

    /// The new manifest and the files to remove, made once when every
    /// file has been written or kept (`changes` and `commit` both ask:
    /// at a city's size each costs a tenth of a second).
    fn settled(&self) -> &Settled {
        self.settled.get_or_init(|| {
            let mut entries = std::mem::take(&mut *lock(&self.entries));
            let text = manifest::to_text(&mut entries);
            let gone = self.removals(&entries);
            crate::drop_aside(entries);
            Settled { text, gone }
        })
    }

    /// Puts the new files in place and removes the old ones the site no
    /// longer has, then writes the new manifest. The journal, written
    /// first, names every file this may touch: a build killed on the way
    /// leaves each file whole (old or new), and the next build compares
    /// those by their bytes and ends with the exact site.
    pub fn commit(mut self) -> io::Result<Applied> {
        self.committed = true;
        self.settled();
        crate::progress::phase("manifest made");
        let Settled { text, gone } = self.settled.take().unwrap_or_default();
        crate::drop_aside(std::mem::take(&mut self.old));
        let moves = std::mem::take(&mut *lock(&self.moves));
        let mark_ok = fs::read(self.out.join(MARK)).is_ok_and(|b| b == MARK_TEXT.as_bytes());
        let nothing = moves.is_empty() && gone.is_empty() && !self.journal;
        let manifest_path = self.out.join(MANIFEST);
        let journal_path = beside(&self.out, JOURNAL);
        let journal_part = beside(&self.out, &format!("{JOURNAL}.part"));
        let part = self.pending.join("part");
        let manifest_ok = fs::read(&manifest_path).is_ok_and(|b| b == text);
        if nothing && mark_ok && manifest_ok {
            fs::remove_dir_all(&self.pending)?;
            return Ok(Applied::default());
        }
        let journal = manifest::journal_text(
            moves
                .iter()
                .map(|(p, _)| p.as_str())
                .chain(gone.iter().map(String::as_str))
                .chain(self.doubtful.iter().map(String::as_str)),
        );
        manifest::write_whole(&journal_path, &journal_part, &journal)?;
        if !mark_ok {
            manifest::write_whole(&self.out.join(MARK), &part, MARK_TEXT.as_bytes())?;
        }
        // A removed file where a new folder goes (or a removed folder's
        // files where a new file goes) must go first.
        let gone_set: HashSet<&str> = gone.iter().map(String::as_str).collect();
        let mut first: Vec<&str> = Vec::new();
        for (path, _) in &moves {
            let mut at = path.as_str();
            while let Some((parent, _)) = at.rsplit_once('/') {
                if gone_set.contains(parent) {
                    first.push(parent);
                }
                at = parent;
            }
        }
        let prefixes: HashSet<&str> = moves.iter().map(|(p, _)| p.as_str()).collect();
        for g in &gone {
            let mut at = g.as_str();
            while let Some((parent, _)) = at.rsplit_once('/') {
                if prefixes.contains(parent) {
                    first.push(g);
                    break;
                }
                at = parent;
            }
        }
        let mut real = HashSet::new();
        for path in &first {
            self.remove(path, &mut real)?;
        }
        for (path, n) in &moves {
            if !self.through_folders(path, &mut real) {
                return Err(io::Error::other(format!(
                    "{path}: a folder on the way is a link or a file, not written through"
                )));
            }
            let target = self.out.join(path);
            let part = self.pending.join(n.to_string());
            match fs::rename(&part, &target) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    if let Some(folder) = target.parent() {
                        fs::create_dir_all(folder)?;
                    }
                    fs::rename(&part, &target)?;
                }
                result => result?,
            }
        }
        for path in &gone {
            self.remove(path, &mut real)?;
        }
        manifest::write_whole(&manifest_path, &part, &text)?;
        fs::remove_file(&journal_path)?;
        let _ = fs::remove_dir_all(&self.pending);
        Ok(Applied {
            written: moves.len(),
            removed: gone.len(),
        })
    }

    /// Removes the file at `path` (a file a manifest or journal lists, so
    /// ours) and the folders it leaves empty; a folder is only ever
    /// removed when empty.
    fn remove(&self, path: &str, real: &mut HashSet<PathBuf>) -> io::Result<()> {
        // Never through a link that someone put in the output.
        if !self.through_folders(path, real) {
            return Ok(());
        }
        let target = self.out.join(path);
        match fs::symlink_metadata(&target) {
            Ok(m) if m.is_dir() => {
                // A folder at a path we wrote as a file: a build of ours
                // made it; its files are each removed by their own entry.
                return Ok(());
            }
            Ok(_) => fs::remove_file(&target)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let mut folder = target.parent();
        while let Some(dir) = folder {
            if dir == self.out || fs::remove_dir(dir).is_err() {
                break;
            }
            folder = dir.parent();
        }
        Ok(())
    }
}

impl InPlace {
    /// Whether every folder on the way from the output to `path` is a
    /// real folder or missing (then made by us): a link there would take
    /// a write or a removal outside the output. `real` remembers the
    /// folders found so.
    fn through_folders(&self, path: &str, real: &mut HashSet<PathBuf>) -> bool {
        let mut folder = self.out.clone();
        let parts: Vec<&str> = path.split('/').collect();
        for part in &parts[..parts.len().saturating_sub(1)] {
            folder.push(part);
            if real.contains(&folder) {
                continue;
            }
            match fs::symlink_metadata(&folder) {
                Ok(m) if m.is_dir() => {
                    real.insert(folder.clone());
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => return true,
                _ => return false,
            }
        }
        true
    }
}

impl Drop for InPlace {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.pending);
        }
    }
}

/// Whether the regular file at `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    meta.is_file() && meta.len() == bytes.len() as u64 && fs::read(path).is_ok_and(|b| b == bytes)
}

/// Whether the regular files `a` and `b` hold the same bytes.
/// Read a block at a time: open data runs to hundreds of MB.
pub(crate) fn same_contents(a: &Path, b: &Path) -> bool {
    match (fs::symlink_metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) if x.is_file() && x.len() == y.len() => same_stream(a, b).unwrap_or(false),
        _ => false,
    }
}

fn same_stream(a: &Path, b: &Path) -> io::Result<bool> {
    use std::io::Read;
    let (mut a, mut b) = (fs::File::open(a)?, fs::File::open(b)?);
    let (mut x, mut y) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let n = a.read(&mut x)?;
        if n == 0 {
            // Same length: `b` ends here too, unless it grew meanwhile.
            return Ok(b.read(&mut y[..1])? == 0);
        }
        b.read_exact(&mut y[..n])?;
        if x[..n] != y[..n] {
            return Ok(false);
        }
    }
}

/// The staging folder's name is `.<out name>` + `NEW` + pid; the retired
/// previous site's (when the swap takes two renames) `OLD` instead.
const NEW: &str = ".pledgeboard-new-";
const OLD: &str = ".pledgeboard-old-";

/// Removes the staging folders of `out` left by builds whose process is
/// gone (killed mid-build). If such a build was killed between the two
/// renames of a non-atomic swap, `out` is missing and its retired folder
/// holds the previous complete site: that is put back first.
fn clean_stale(parent: &Path, name: &str, out: &Path) -> io::Result<()> {
    let prefix = format!(".{name}");
    let mut stale_old = Vec::new();
    let mut stale_new = Vec::new();
    for entry in fs::read_dir(parent)?.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let (list, pid) = if let Some(pid) = rest.strip_prefix(OLD) {
            (&mut stale_old, pid)
        } else if let Some(pid) = rest.strip_prefix(NEW) {
            (&mut stale_new, pid)
        } else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        // Only a real folder of that name is ours: never a file, nor a
        // link (removing through it would reach whatever it points to).
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        if pid != std::process::id() && !process_alive(pid) {
            list.push(entry.path());
        }
    }
    if !out.exists() {
        // The newest retired site is the one that was `out` last.
        stale_old.sort_by_key(|p| fs::metadata(p).and_then(|m| m.modified()).ok());
        if let Some(previous) = stale_old.pop() {
            fs::rename(&previous, out)?;
        }
    }
    // Best effort: a folder that cannot be removed only wastes space.
    for dir in stale_old.into_iter().chain(stale_new) {
        let _ = remove_if_exists(&dir);
    }
    Ok(())
}

/// Whether a process with this id exists (on other systems than Unix we
/// cannot tell, and leave its folders alone).
#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 checks existence and permission without sending anything.
    // SAFETY: kill(2) with signal 0 has no effect on the target.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

fn absolute(path: &Path) -> io::Result<PathBuf> {
    if path.is_absolute() {
        Ok(path.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(path))
    }
}

fn remove_file_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
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

/// The file-system steps of a swap, as one value so that tests can make
/// any one of them fail and check what the swap then claims.
trait SwapFs {
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<bool>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn remove_dir_all(&self, dir: &Path) -> io::Result<()>;
}

struct RealFs;

impl SwapFs for RealFs {
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<bool> {
        exchange(a, b)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
    fn remove_dir_all(&self, dir: &Path) -> io::Result<()> {
        fs::remove_dir_all(dir)
    }
}

/// Puts `staging` in place of `out`. On Linux one `renameat2` with
/// `RENAME_EXCHANGE` swaps the two folders atomically, so `out` is never
/// missing, not even for an instant; elsewhere (or on file systems without
/// it) two renames, with `out` briefly absent between them.
///
/// The order makes every outcome one of three true statements: nothing
/// changed (`Kept`), the new site is complete in place (`Ok`, whatever
/// happens to the old copy afterwards: deleting it is best effort and
/// reported with its place), or — only when both the second rename and
/// the rename back fail — the previous site is at a named place.
fn swap_in(
    ops: &dyn SwapFs,
    staging: &Path,
    out: &Path,
    retired: &Path,
) -> Result<Swapped, SwapError> {
    remove_if_exists(retired).map_err(SwapError::Kept)?;
    if fs::symlink_metadata(out).is_err() {
        ops.rename(staging, out).map_err(SwapError::Kept)?;
        return Ok(Swapped { leftover: None });
    }
    if ops.exchange(staging, out).map_err(SwapError::Kept)? {
        // `staging` now holds the previous site.
        return Ok(retire(ops, staging));
    }
    ops.rename(out, retired).map_err(SwapError::Kept)?;
    if let Err(error) = ops.rename(staging, out) {
        return Err(match ops.rename(retired, out) {
            Ok(()) => SwapError::Kept(error),
            Err(_) => SwapError::Stranded {
                error,
                previous: retired.to_path_buf(),
            },
        });
    }
    Ok(retire(ops, retired))
}

/// Deletes the previous site's copy after a successful swap; a failure
/// leaves the copy where it is and says so (the next build's clean-up
/// tries again).
fn retire(ops: &dyn SwapFs, old: &Path) -> Swapped {
    Swapped {
        leftover: ops
            .remove_dir_all(old)
            .err()
            .map(|e| (old.to_path_buf(), e)),
    }
}

/// Swaps the two paths atomically. `Ok(false)`: not supported here.
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(ca), Ok(cb)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return Ok(false);
    };
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        // Old kernels and file systems without RENAME_EXCHANGE.
        Some(libc::ENOSYS | libc::EINVAL | libc::ENOTSUP) => Ok(false),
        _ => Err(err),
    }
}

#[cfg(not(target_os = "linux"))]
pub fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_contents_compares_every_block() {
        let tmp = tempfile::tempdir().unwrap();
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut last = big.clone();
        *last.last_mut().unwrap() ^= 1;
        let mut first = big.clone();
        first[0] ^= 1;
        let path = |n: &str| tmp.path().join(n);
        for (name, bytes) in [("a", &big), ("b", &big), ("c", &last), ("d", &first)] {
            fs::write(path(name), bytes).unwrap();
        }
        fs::write(path("short"), &big[..1000]).unwrap();
        assert!(same_contents(&path("a"), &path("b")));
        assert!(!same_contents(&path("a"), &path("c")));
        assert!(!same_contents(&path("a"), &path("d")));
        assert!(!same_contents(&path("a"), &path("short")));
        assert!(!same_contents(&path("a"), &path("missing")));
    }

    /// A folder taken for made when it is not (two paths of one hash) is
    /// made all the same: above a new folder, by `folders`; as a file's
    /// own folder, by the write that finds it missing.
    #[test]
    fn folders_taken_for_made_are_made_when_missing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staging = Staging::begin(&out).unwrap();
        for folder in ["a", "c/d", "e"] {
            lock(&staging.folders).insert(folder_hash(folder));
        }
        for path in ["a/b/index.html", "c/d/index.html", "top.html"] {
            staging
                .write(&OutFile::text(path, path.to_string()))
                .unwrap();
        }
        staging
            .write_with("e/data.json", None, |w: &mut dyn io::Write| {
                w.write_all(b"{}")
            })
            .unwrap();
        staging.commit().unwrap();
        for path in ["a/b/index.html", "c/d/index.html", "top.html"] {
            assert_eq!(fs::read_to_string(out.join(path)).unwrap(), path);
        }
        assert_eq!(fs::read_to_string(out.join("e/data.json")).unwrap(), "{}");
    }

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

    /// A rebuild links unchanged files from the previous site, writes the
    /// changed ones anew, and never writes into the previous site's files.
    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_and_the_old_site_is_not_touched() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let build = |files: &[(&str, &str)]| {
            let staging = Staging::begin(&out).unwrap();
            for (path, text) in files {
                staging
                    .write(&OutFile::text(*path, text.to_string()))
                    .unwrap();
            }
            staging.commit().unwrap();
        };
        let inode = |path: &str| fs::metadata(out.join(path)).unwrap().ino();
        build(&[("a/index.html", "same"), ("b/index.html", "old")]);
        let (a, b) = (inode("a/index.html"), inode("b/index.html"));
        let kept = tmp.path().join("kept-b");
        fs::hard_link(out.join("b/index.html"), &kept).unwrap();
        // Same length, other bytes: must be written, not linked.
        build(&[("a/index.html", "same"), ("b/index.html", "NEW")]);
        assert_eq!(inode("a/index.html"), a, "unchanged: linked");
        assert_ne!(inode("b/index.html"), b, "changed: a new file");
        assert_eq!(fs::read_to_string(out.join("b/index.html")).unwrap(), "NEW");
        assert_eq!(fs::read_to_string(&kept).unwrap(), "old");
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "same"
        );
        // Only the output and the kept link are left.
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 2);
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

    /// The id of a process that has exited (and been reaped).
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[cfg(unix)]
    #[test]
    fn stale_staging_folders_of_dead_builds_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_atomic(&out, &[OutFile::text("index.html", "old".into())]).unwrap();
        let dead = dead_pid();
        // The test runner that started us: alive.
        let parent_pid = std::os::unix::process::parent_id();
        // Named like a dead build's folders, but a file and a link: never
        // removed, and nothing is removed through the link.
        let dead2 = dead_pid();
        let elsewhere = tmp.path().join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        fs::write(elsewhere.join("keep.txt"), "mine").unwrap();
        fs::write(tmp.path().join(format!(".public{NEW}{dead2}")), "a file").unwrap();
        std::os::unix::fs::symlink(&elsewhere, tmp.path().join(format!(".public{OLD}{dead2}")))
            .unwrap();
        for dir in [
            format!(".public{NEW}{dead}"),
            format!(".public{OLD}{dead}"),
            format!(".public{NEW}{parent_pid}"),
            ".public.pledgeboard-new-notapid".to_string(),
            format!(".other{NEW}{dead}"),
        ] {
            fs::create_dir_all(tmp.path().join(&dir).join("half")).unwrap();
        }
        write_atomic(&out, &[OutFile::text("index.html", "new".into())]).unwrap();
        let mut left: Vec<String> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let mut want = vec![
            ".other.pledgeboard-new-".to_string() + &dead.to_string(),
            format!(".public{NEW}{parent_pid}"),
            ".public.pledgeboard-new-notapid".to_string(),
            format!(".public{NEW}{dead2}"),
            format!(".public{OLD}{dead2}"),
            "elsewhere".to_string(),
            "public".to_string(),
        ];
        want.sort();
        assert_eq!(left, want);
        assert_eq!(
            fs::read_to_string(elsewhere.join("keep.txt")).unwrap(),
            "mine"
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
    }

    /// A build killed between the two renames of the fallback swap left
    /// `out` missing and the previous site in its retired folder: the
    /// next build's clean-up puts it back before anything else.
    #[cfg(unix)]
    #[test]
    fn a_retired_site_is_restored_when_the_output_is_missing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let retired = tmp.path().join(format!(".public{OLD}{}", dead_pid()));
        fs::create_dir_all(&retired).unwrap();
        fs::write(retired.join("index.html"), "previous").unwrap();
        clean_stale(tmp.path(), "public", &out).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        assert!(!retired.exists());
    }

    /// Swap steps (exchange, rename, remove, in the order they are asked
    /// for) of which those whose number is in `fail` fail; `exchange` says
    /// whether the atomic exchange is available.
    struct Faulty {
        fail: u32,
        exchange: bool,
        step: std::cell::Cell<u32>,
    }

    impl Faulty {
        fn next(&self) -> io::Result<()> {
            let n = self.step.get();
            self.step.set(n + 1);
            if self.fail & (1 << n) != 0 {
                Err(io::Error::other(format!("injected at step {n}")))
            } else {
                Ok(())
            }
        }
    }

    impl SwapFs for Faulty {
        fn exchange(&self, a: &Path, b: &Path) -> io::Result<bool> {
            self.next()?;
            if self.exchange {
                exchange(a, b)
            } else {
                Ok(false)
            }
        }
        fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
            self.next()?;
            fs::rename(from, to)
        }
        fn remove_dir_all(&self, dir: &Path) -> io::Result<()> {
            self.next()?;
            fs::remove_dir_all(dir)
        }
    }

    /// Every file below `dir`, path → text; the manifest left out (a
    /// staged site gets it only as it is committed).
    fn tree(dir: &Path) -> std::collections::BTreeMap<String, String> {
        let mut files = std::collections::BTreeMap::new();
        let mut todo = vec![dir.to_path_buf()];
        while let Some(d) = todo.pop() {
            for e in fs::read_dir(&d).unwrap().flatten() {
                if e.file_type().unwrap().is_dir() {
                    todo.push(e.path());
                } else {
                    let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
                    if rel != MANIFEST {
                        files.insert(rel, fs::read_to_string(e.path()).unwrap());
                    }
                }
            }
        }
        files
    }

    /// Issue 13.5: whatever step of the swap fails, and whichever steps
    /// fail after it, what the swap reports is what is on disk: `Kept`
    /// means the previous site is in place and nothing else is left;
    /// `Ok` means the new site is complete in place, and any copy of the
    /// old one left is named; `Stranded` names where the previous site is.
    #[test]
    fn every_swap_outcome_is_reported_truly() {
        let mut seen = std::collections::BTreeSet::new();
        for exchange_works in [true, false] {
            if exchange_works && !cfg!(target_os = "linux") {
                continue;
            }
            for had_site in [true, false] {
                for fail in 0..16u32 {
                    let tmp = tempfile::tempdir().unwrap();
                    let out = tmp.path().join("public");
                    if had_site {
                        write_atomic(&out, &[OutFile::text("a/index.html", "old".into())]).unwrap();
                    }
                    let before = had_site.then(|| tree(&out));
                    let staging = Staging::begin(&out).unwrap();
                    staging
                        .write(&OutFile::text("b/index.html", "new".into()))
                        .unwrap();
                    let new = tree(&staging.dir);
                    let faults = Faulty {
                        fail,
                        exchange: exchange_works,
                        step: Default::default(),
                    };
                    let case =
                        format!("exchange={exchange_works} had_site={had_site} fail={fail:04b}");
                    let others = || -> Vec<PathBuf> {
                        fs::read_dir(tmp.path())
                            .unwrap()
                            .flatten()
                            .map(|e| e.path())
                            .filter(|p| *p != out)
                            .collect()
                    };
                    match staging.commit_with(&faults) {
                        Ok(Swapped { leftover: None }) => {
                            seen.insert("ok");
                            assert_eq!(tree(&out), new, "{case}");
                            assert_eq!(others(), Vec::<PathBuf>::new(), "{case}");
                        }
                        Ok(Swapped {
                            leftover: Some((old, _)),
                        }) => {
                            seen.insert("ok, old copy left");
                            assert_eq!(tree(&out), new, "{case}");
                            assert_eq!(Some(tree(&old)), before, "{case}");
                            assert_eq!(others(), vec![old], "{case}");
                        }
                        Err(SwapError::Kept(_)) => {
                            seen.insert("kept");
                            match &before {
                                Some(before) => assert_eq!(&tree(&out), before, "{case}"),
                                None => assert!(!out.exists(), "{case}"),
                            }
                            assert_eq!(others(), Vec::<PathBuf>::new(), "{case}");
                        }
                        Err(SwapError::Stranded { previous, .. }) => {
                            seen.insert("stranded");
                            assert!(!out.exists(), "{case}");
                            assert_eq!(Some(tree(&previous)), before, "{case}");
                            assert_eq!(others(), vec![previous], "{case}");
                        }
                    }
                }
            }
        }
        let want = ["kept", "ok", "ok, old copy left", "stranded"];
        assert_eq!(seen.into_iter().collect::<Vec<_>>(), want);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        fs::write(a.join("x"), "A").unwrap();
        fs::write(b.join("x"), "B").unwrap();
        assert!(
            exchange(&a, &b).unwrap(),
            "RENAME_EXCHANGE is not supported here"
        );
        assert_eq!(fs::read_to_string(a.join("x")).unwrap(), "B");
        assert_eq!(fs::read_to_string(b.join("x")).unwrap(), "A");
    }

    /// While builds replace the output over and over, a reader looking at
    /// it all the time never finds it missing nor half written. (With the
    /// two-rename fallback the reader sees `out` missing within a few
    /// swaps; with RENAME_EXCHANGE, never.)
    #[cfg(target_os = "linux")]
    #[test]
    fn the_output_is_never_missing_during_a_swap() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let files = |n: usize| -> Vec<OutFile> {
            (0..20)
                .map(|i| OutFile::text(format!("d{i}/index.html"), format!("build {n}")))
                .chain([OutFile::text("index.html", format!("build {n}"))])
                .collect()
        };
        write_atomic(&out, &files(0)).unwrap();
        let done = Arc::new(AtomicBool::new(false));
        let reader = {
            let (out, done) = (out.clone(), Arc::clone(&done));
            std::thread::spawn(move || {
                let mut problems = Vec::new();
                let mut looks = 0u64;
                while !done.load(Ordering::Relaxed) || looks < 1000 {
                    looks += 1;
                    match fs::read_to_string(out.join("index.html")) {
                        Ok(text) if text.starts_with("build ") => {}
                        other => problems.push(format!("{other:?}")),
                    }
                }
                problems
            })
        };
        for n in 1..=100 {
            write_atomic(&out, &files(n)).unwrap();
        }
        done.store(true, Ordering::Relaxed);
        let problems = reader.join().unwrap();
        assert!(
            problems.is_empty(),
            "{} misses: {:?}",
            problems.len(),
            &problems[..problems.len().min(3)]
        );
    }
}

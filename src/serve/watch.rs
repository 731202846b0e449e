//! Watching the site's files, and cutting the events into bursts: one
//! reload per burst of saves.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use super::Msg;

/// Editors' tools save in bursts (temp file, write, rename, touch). While
/// a file written in the burst is still open, the burst ends after this
/// long without events…
const QUIET: Duration = Duration::from_millis(100);

/// …and once every file written has been closed (inotify says so; polling
/// never does), after this much: a save is then complete, and the reload
/// should not wait.
const SETTLED: Duration = Duration::from_millis(15);

/// What is watched under the site root: `site.yaml` and these folders.
const FOLDERS: [&str; 3] = ["content", "themes", "static"];

/// Starts watching `site.yaml`, `content/`, `themes/` and `static/` (the
/// root itself too, so that `site.yaml` saved by renaming over it, and
/// `themes/` or `static/` made later, are seen); events go to the site
/// loop. The returned watcher must be kept alive.
pub fn start(root: &Path, poll: bool, tx: Sender<Msg>) -> Result<Box<dyn Watcher + Send>, String> {
    let handler = move |event: notify::Result<Event>| {
        let _ = tx.send(Msg::Fs(event));
    };
    let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
    let mut watcher: Box<dyn Watcher + Send> = if poll {
        Box::new(PollWatcher::new(handler, config).map_err(|e| e.to_string())?)
    } else {
        Box::new(RecommendedWatcher::new(handler, config).map_err(|e| e.to_string())?)
    };
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("{}: {e}", root.display()))?;
    for name in FOLDERS {
        let path = root.join(name);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(watcher)
}

/// What `site.yaml`, `themes/` and `static/` held when the first load
/// began: every file's path and identity (size, modification and change
/// times, inode). Taken before the load reads them, so a file saved after
/// that has another identity when [`Outside::changed`] looks again.
pub struct Outside(BTreeMap<PathBuf, [i128; 4]>);

impl Outside {
    pub fn take(root: &Path) -> Outside {
        let mut files = BTreeMap::new();
        let site_yaml = root.join("site.yaml");
        if let Some(id) = identity(&site_yaml) {
            files.insert(site_yaml, id);
        }
        for name in ["themes", "static"] {
            let found = walkdir::WalkDir::new(root.join(name))
                .into_iter()
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let id = identity(e.path())?;
                    Some((e.into_path(), id))
                });
            files.extend(found);
        }
        Outside(files)
    }

    /// The paths added, removed or written since `self` was taken: what
    /// `serve` reloads once its watcher comes after the first load.
    pub fn changed(&self, root: &Path) -> Vec<PathBuf> {
        let now = Outside::take(root);
        let mut changed: Vec<PathBuf> = now
            .0
            .iter()
            .filter(|(p, id)| self.0.get(*p) != Some(*id))
            .map(|(p, _)| p.clone())
            .collect();
        changed.extend(self.0.keys().filter(|p| !now.0.contains_key(*p)).cloned());
        changed
    }
}

/// A path's identity as [`Outside`] compares it (not following a link).
fn identity(path: &Path) -> Option<[i128; 4]> {
    let m = std::fs::symlink_metadata(path).ok()?;
    let ns = |t: std::io::Result<std::time::SystemTime>| {
        t.ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128)
    };
    #[cfg(unix)]
    let (ctime, ino) = {
        use std::os::unix::fs::MetadataExt;
        let ctime = i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec());
        (ctime, i128::from(m.ino()))
    };
    #[cfg(not(unix))]
    let (ctime, ino) = (ns(m.created()), 0);
    Some([i128::from(m.len()), ns(m.modified()), ctime, ino])
}

/// Starts watching the folders of `changed` that were just made.
pub fn watch_new_folders(watcher: &mut dyn Watcher, root: &Path, changed: &[PathBuf]) {
    for name in FOLDERS {
        let path = root.join(name);
        if changed.contains(&path) && path.is_dir() {
            let _ = watcher.watch(&path, RecursiveMode::Recursive);
        }
    }
}

/// Whether a change at `path` can change the site (not the output folder
/// or anything else that lives in the root).
fn relevant(root: &Path, path: &Path) -> bool {
    path == root.join("site.yaml") || FOLDERS.iter().any(|f| path.starts_with(root.join(f)))
}

/// The changes of one burst, as they come in.
#[derive(Default)]
struct Burst {
    paths: Vec<PathBuf>,
    /// Files written to and not closed yet.
    open: HashSet<PathBuf>,
}

impl Burst {
    /// Takes in one event; false when it was only a read, or elsewhere.
    fn add(&mut self, root: &Path, mut event: Event) -> bool {
        event.paths.retain(|p| relevant(root, p));
        if event.paths.is_empty() {
            return false;
        }
        let write = matches!(
            event.kind,
            EventKind::Create(CreateKind::File | CreateKind::Any)
                | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any)
        );
        let closed = matches!(
            event.kind,
            EventKind::Access(AccessKind::Close(AccessMode::Write))
        );
        if matches!(event.kind, EventKind::Access(_)) && !closed {
            return false; // reading is not a change: the reload itself reads
        }
        for p in event.paths {
            if write {
                self.open.insert(p.clone());
            } else if closed
                || matches!(
                    event.kind,
                    EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
                )
            {
                self.open.remove(&p);
            }
            // A close is not a change of its own, but ends one.
            if !closed && !self.paths.contains(&p) {
                self.paths.push(p);
            }
        }
        true
    }

    fn quiet(&self) -> Duration {
        if self.open.is_empty() { SETTLED } else { QUIET }
    }
}

/// Waits for a change and for the quiet after it, handing every set-up
/// reported meanwhile (done or failed) to `on_other`, and returning at
/// once with no change when the watcher is ready (after handing it over).
/// Returns the paths that changed and when the first event came, or None
/// when the watcher is gone.
pub fn next_burst(
    rx: &Receiver<Msg>,
    root: &Path,
    mut on_other: impl FnMut(Msg),
) -> Option<(Vec<PathBuf>, Instant)> {
    let mut burst = Burst::default();
    let mut first = None;
    let mut last = Instant::now();
    loop {
        let msg = if burst.paths.is_empty() {
            rx.recv().ok()?
        } else {
            let deadline = last + burst.quiet();
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => {
                    return Some((burst.paths, first.unwrap_or(last)));
                }
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        };
        match msg {
            Msg::SetupFailed(_) | Msg::Prepared => on_other(msg),
            // The site loop takes the watcher in at once.
            Msg::Watching(_) => {
                on_other(msg);
                return Some((Vec::new(), Instant::now()));
            }
            Msg::Fs(Ok(event)) => {
                if burst.add(root, event) && !burst.paths.is_empty() {
                    last = Instant::now();
                    first.get_or_insert(last);
                }
            }
            Msg::Fs(Err(_)) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{DataChange, RemoveKind, RenameMode};

    fn event(kind: EventKind, path: &Path) -> Event {
        Event::new(kind).add_path(path.to_path_buf())
    }

    #[test]
    fn a_burst_settles_when_its_files_are_closed() {
        let root = Path::new("/site");
        let note = root.join("content/a/2026/x/2026-03-01-n.md");
        let mut burst = Burst::default();
        // Opening or reading is no change.
        let open = EventKind::Access(AccessKind::Open(AccessMode::Any));
        assert!(!burst.add(root, event(open, &note)));
        assert!(burst.paths.is_empty());
        // Written: wait for more, as long as it is open…
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        assert!(burst.add(root, event(write, &note)));
        assert_eq!(burst.quiet(), QUIET);
        // …and hardly at all once it is closed.
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert!(burst.add(root, event(close, &note)));
        assert_eq!(burst.quiet(), SETTLED);
        assert_eq!(burst.paths, std::slice::from_ref(&note));
        // A temp file renamed over the note ends its write too.
        let tmp = note.with_extension("md.tmp");
        burst.add(root, event(EventKind::Create(CreateKind::File), &tmp));
        assert_eq!(burst.quiet(), QUIET);
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        burst.add(root, event(rename, &tmp));
        assert_eq!(burst.quiet(), SETTLED);
        burst.add(root, event(EventKind::Remove(RemoveKind::File), &note));
        assert_eq!(burst.paths, [note, tmp]);
        // Outside site.yaml and the watched folders: not a change.
        let out = root.join("public/index.html");
        assert!(!burst.add(root, event(write, &out)));
        assert!(burst.add(root, event(write, &root.join("site.yaml"))));
    }
}

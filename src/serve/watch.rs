//! Watching the site's files and rebuilding after each burst of changes.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use super::{ServeOptions, State, rebuild};
use crate::content::Loader;

/// Editors' tools save in bursts (temp file, rename, touch): 100 ms of
/// quiet makes one rebuild of a burst.
const QUIET: Duration = Duration::from_millis(100);

/// Starts watching; the returned watcher must be kept alive.
pub fn start(
    opts: &ServeOptions,
    mut loader: Loader,
    state: Arc<State>,
) -> Result<Box<dyn Watcher>, String> {
    let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
    let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
    let mut watcher: Box<dyn Watcher> = if opts.poll {
        Box::new(PollWatcher::new(tx, config).map_err(|e| e.to_string())?)
    } else {
        Box::new(RecommendedWatcher::new(tx, config).map_err(|e| e.to_string())?)
    };
    let root = std::fs::canonicalize(&opts.root).unwrap_or_else(|_| opts.root.clone());
    for name in ["site.yaml", "content", "themes", "static"] {
        let path = root.join(name);
        if path.exists() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    let opts = ServeOptions {
        root: opts.root.clone(),
        bind: opts.bind.clone(),
        port: opts.port,
        today: opts.today,
        poll: opts.poll,
    };
    std::thread::spawn(move || {
        while let Some(changed) = next_burst(&rx) {
            rebuild(&opts, &mut loader, &state, Some(&changed));
        }
    });
    Ok(watcher)
}

/// Waits for a change and for the quiet after it; returns the paths that
/// changed, or None when the watcher is gone. Reading a file is not a
/// change: the rebuild itself reads every file.
fn next_burst(rx: &Receiver<notify::Result<Event>>) -> Option<Vec<PathBuf>> {
    let mut paths = Vec::new();
    loop {
        let event = if paths.is_empty() {
            rx.recv().ok()?
        } else {
            match rx.recv_timeout(QUIET) {
                Ok(e) => e,
                Err(RecvTimeoutError::Timeout) => return Some(paths),
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        };
        let Ok(event) = event else { continue };
        if matches!(event.kind, EventKind::Access(_)) {
            continue;
        }
        for p in event.paths {
            if !paths.contains(&p) {
                paths.push(p);
            }
        }
    }
}

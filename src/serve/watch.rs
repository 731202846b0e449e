//! Watching the site's files and rebuilding after each burst of changes.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{Config, DebounceEventResult, Debouncer, new_debouncer_opt};

use super::{ServeOptions, State, rebuild};

/// Keeps the watcher alive; dropping it stops watching.
pub enum Handle {
    Native(Debouncer<RecommendedWatcher>),
    Poll(Debouncer<PollWatcher>),
}

/// Editors' tools save in bursts (temp file, rename, touch): 150 ms of
/// quiet makes one rebuild of a burst.
const QUIET: Duration = Duration::from_millis(150);

pub fn start(opts: &ServeOptions, state: Arc<State>) -> Result<Handle, String> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let config = Config::default().with_timeout(QUIET).with_notify_config(
        notify::Config::default().with_poll_interval(Duration::from_millis(500)),
    );
    let mut handle = if opts.poll {
        Handle::Poll(new_debouncer_opt(config, tx).map_err(|e| e.to_string())?)
    } else {
        Handle::Native(new_debouncer_opt(config, tx).map_err(|e| e.to_string())?)
    };
    let root = opts.root.clone();
    for name in ["site.yaml", "content", "themes", "static"] {
        let path = root.join(name);
        if !path.exists() {
            continue;
        }
        let result = match &mut handle {
            Handle::Native(d) => d.watcher().watch(&path, RecursiveMode::Recursive),
            Handle::Poll(d) => d.watcher().watch(&path, RecursiveMode::Recursive),
        };
        result.map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let opts = ServeOptions {
        root: opts.root.clone(),
        bind: opts.bind.clone(),
        port: opts.port,
        today: opts.today,
        poll: opts.poll,
    };
    std::thread::spawn(move || {
        for events in rx {
            let Ok(events) = events else { continue };
            let changed: Vec<String> = events
                .iter()
                .filter_map(|e| e.path.strip_prefix(&root).ok())
                .map(|p| p.display().to_string())
                .collect();
            let what = match changed.as_slice() {
                [] => String::new(),
                [one] => format!("{one}: "),
                [first, rest @ ..] => format!("{first} (+{}): ", rest.len()),
            };
            rebuild(&opts, &state, &what);
        }
    });
    Ok(handle)
}

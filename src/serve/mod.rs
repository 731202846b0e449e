//! `pledgeboard serve`: build into memory, serve it, rebuild on every
//! change, and tell open pages to reload. Three parts joined by one shared
//! state: the builder (`rebuild`), the watcher (`watch`), the server (`http`).

mod http;
mod watch;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Instant;

use crate::build;
use crate::content::{LoadOptions, Loader};
use crate::diag::Diagnostic;
use crate::i18n::Messages;
use crate::model::{Date, Lang};
use crate::output::{OutBody, OutFile};
use crate::render::RenderOptions;

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub today: Option<Date>,
    pub poll: bool,
}

/// What the server hands out: the last good site, and the errors of the
/// last build if it failed.
#[derive(Default)]
pub struct Served {
    pub files: HashMap<String, OutBody>,
    pub base_path: String,
    pub errors: Vec<Diagnostic>,
    pub lang: Lang,
}

/// Shared between builder, watcher and server. `version` counts builds;
/// live-reload connections wait on `changed` for it to move.
pub struct State {
    pub served: RwLock<Served>,
    pub version: Mutex<u64>,
    pub changed: Condvar,
}

impl State {
    fn bump(&self) {
        let mut v = self.version.lock().unwrap_or_else(|e| e.into_inner());
        *v += 1;
        self.changed.notify_all();
    }
}

pub fn run(opts: &ServeOptions) -> Result<(), String> {
    let state = Arc::new(State {
        served: RwLock::new(Served::default()),
        version: Mutex::new(0),
        changed: Condvar::new(),
    });
    let root = std::fs::canonicalize(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let mut loader = Loader::new(&root, LoadOptions::default());
    rebuild(opts, &mut loader, &state, None);
    let msg = Messages::new(state.served.read().map(|s| s.lang).unwrap_or_default());
    let server = http::bind(&opts.bind, opts.port, msg)?;
    let addr = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let base = state
        .served
        .read()
        .map(|s| s.base_path.clone())
        .unwrap_or_default();
    eprintln!("{}", msg.serve_url(&format!("http://{addr}{base}")));
    let _watcher = watch::start(opts, loader, Arc::clone(&state))?;
    http::serve(server, state);
    Ok(())
}

/// Re-reads what changed (`None`: everything), regenerates the site in
/// memory and swaps it in; on errors keeps the last good site and records
/// the errors for the overlay.
pub fn rebuild(
    opts: &ServeOptions,
    loader: &mut Loader,
    state: &State,
    changed: Option<&[PathBuf]>,
) {
    let started = Instant::now();
    let what = describe(&opts.root, changed);
    let render = RenderOptions {
        today: opts.today.unwrap_or_else(build::today),
        live_reload: true,
    };
    let result = loader.load(changed).and_then(|(site, warnings)| {
        let files = build::generate(&site, &render).map_err(|mut errs| {
            errs.extend(warnings.iter().cloned());
            errs
        })?;
        Ok((site, files, warnings))
    });
    let mut served = state.served.write().unwrap_or_else(|e| e.into_inner());
    match result {
        Ok((site, files, warnings)) => {
            let count = files.len();
            served.files = files
                .into_iter()
                .map(|f: OutFile| (f.path, f.body))
                .collect();
            served.base_path = site.config.base_path();
            served.lang = site.config.language;
            served.errors.clear();
            let msg = Messages::new(site.config.language);
            for w in &warnings {
                let mut w = w.clone();
                w.message = format!("{}{}", msg.warning_label(), w.message);
                eprintln!("{w}");
            }
            let ms = started.elapsed().as_millis();
            eprintln!("{}", msg.serve_rebuilt(&what, count, ms));
        }
        Err(diags) => {
            for d in &diags {
                eprintln!("{d}");
            }
            if served.base_path.is_empty() {
                served.base_path = "/".into();
            }
            served.errors = diags;
        }
    }
    drop(served);
    state.bump();
}

/// "content/a/2026/x.md: " for the terminal line of a rebuild.
fn describe(root: &std::path::Path, changed: Option<&[PathBuf]>) -> String {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let names: Vec<String> = changed
        .unwrap_or(&[])
        .iter()
        .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => format!("{one}: "),
        [first, rest @ ..] => format!("{first} (+{}): ", rest.len()),
    }
}

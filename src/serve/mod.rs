//! `pledgeboard serve`: load the site, serve it, reload it on every change,
//! and tell open pages to reload. Pages are rendered when they are asked
//! for, not after every change, so an edit is live as soon as the site has
//! been read again and its figures derived, however big the site is.
//!
//! Three parts joined by one shared [`State`]:
//!
//! - the **site loop** (`SiteLoop`, one thread) owns the incremental
//!   [`Loader`]. It waits for a burst of file events (`watch`), re-reads
//!   what changed, derives the figures and publishes a new [`Snapshot`]
//!   (the version moves and open pages get `event: reload`), or only tells
//!   pages to swap style sheets (`event: css`) when nothing but `.css`
//!   static files changed. Between changes it builds a `Renderer` over the
//!   current snapshot and hands page requests to a few render threads that
//!   share it;
//! - the **watcher** (`watch`) feeds file events into the same channel;
//! - the **server** (`http`) answers from the snapshot's cache, and asks the
//!   site loop for what is not rendered yet.
//!
//! Served bytes equal `build`'s for every path, but for the live-reload
//! script in pages (and the error overlay while the content has errors).

mod http;
mod watch;

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, OnceLock, RwLock};
use std::time::Instant;

use crate::build;
use crate::content::{LoadOptions, Loader};
use crate::data;
use crate::derive::{self, YearFacts};
use crate::diag::Diagnostic;
use crate::i18n::Messages;
use crate::model::{Date, Lang, Site};
use crate::output::{OutBody, OutFile};
use crate::render::{Extras, RenderOptions, Renderer};

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub today: Option<Date>,
    pub poll: bool,
}

/// Rendered pages kept per snapshot, at most this many bytes (the pages
/// an editor looks at; a crawl of a city-sized site would not fit).
const PAGE_CACHE_BYTES: usize = 64 << 20;

/// The site's 404 page (`render::urls::NOT_FOUND`).
const NOT_FOUND: &str = "404.html";

/// A served file: bytes in memory, or a file copied as it is (static
/// files and attachments, read when asked for, as `build` copies them).
#[derive(Clone, Debug)]
pub enum Body {
    Bytes(Arc<Vec<u8>>),
    File(PathBuf),
}

impl Body {
    fn from_out(body: OutBody) -> Body {
        match body {
            OutBody::Bytes(b) => Body::Bytes(Arc::new(b)),
            OutBody::Copy(p) => Body::File(p),
        }
    }

    pub fn bytes(&self) -> Vec<u8> {
        match self {
            Body::Bytes(b) => b.as_ref().clone(),
            Body::File(p) => std::fs::read(p).unwrap_or_default(),
        }
    }
}

type Files = HashMap<String, Body>;

fn files(list: Vec<OutFile>) -> Files {
    list.into_iter()
        .map(|f| (f.path, Body::from_out(f.body)))
        .collect()
}

/// One loaded version of the site: the model and its derived figures, and
/// what has been rendered of it so far.
pub struct Snapshot {
    site: Site,
    facts: BTreeMap<i32, YearFacts>,
    opts: RenderOptions,
    pages: Mutex<PageCache>,
    /// The cheap non-page files (made with the page list) and the costly
    /// ones, each group made when one of its files is first asked for.
    basic: OnceLock<Files>,
    feeds: OnceLock<Files>,
    search: OnceLock<Files>,
    data: OnceLock<Files>,
    /// Pages rendered for this snapshot (for the terminal line).
    rendered: AtomicUsize,
}

#[derive(Default)]
struct PageCache {
    pages: HashMap<String, Arc<Vec<u8>>>,
    bytes: usize,
}

impl Snapshot {
    fn new(site: Site, facts: BTreeMap<i32, YearFacts>, opts: RenderOptions) -> Snapshot {
        Snapshot {
            site,
            facts,
            opts,
            pages: Mutex::new(PageCache::default()),
            basic: OnceLock::new(),
            feeds: OnceLock::new(),
            search: OnceLock::new(),
            data: OnceLock::new(),
            rendered: AtomicUsize::new(0),
        }
    }

    /// What is already made for `key`, without asking the render threads.
    fn cached(&self, key: &str) -> Option<Body> {
        let page = self
            .pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pages
            .get(key)
            .cloned();
        if let Some(page) = page {
            return Some(Body::Bytes(page));
        }
        [&self.basic, &self.feeds, &self.search, &self.data]
            .iter()
            .find_map(|group| group.get().and_then(|f| f.get(key)).cloned())
    }

    fn remember(&self, key: &str, page: &Arc<Vec<u8>>) {
        let mut cache = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if cache.bytes + page.len() > PAGE_CACHE_BYTES {
            // Memory stays bounded: start over rather than keep a crawl.
            *cache = PageCache::default();
        }
        cache.bytes += page.len();
        cache.pages.insert(key.to_string(), Arc::clone(page));
    }

    /// The open data files of every year (what `build` adds to the pages).
    fn data_files(&self) -> &Files {
        self.data.get_or_init(|| {
            let mut list = Vec::new();
            for year in &self.site.years {
                list.extend(data::data_files(&self.site, &self.facts[year]));
            }
            files(list)
        })
    }
}

/// What the server hands out: the last good site, and the errors of the
/// last load if it failed.
pub struct Live {
    pub snap: Option<Arc<Snapshot>>,
    pub errors: Arc<Vec<Diagnostic>>,
    pub base_path: String,
    pub lang: Lang,
}

/// What open pages are told: `reload`, or `css` (swap style sheets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Reload,
    Css,
}

/// The version counts events; `reload_at` is the last that was a reload,
/// so a page that slept through several events reloads if any was one.
#[derive(Default)]
pub struct Versions {
    pub version: u64,
    pub reload_at: u64,
}

/// Shared between the site loop, the watcher and the server.
pub struct State {
    live: RwLock<Arc<Live>>,
    pub versions: Mutex<Versions>,
    pub changed: Condvar,
    /// Into the site loop: file events and page requests.
    to_loop: Mutex<Sender<Msg>>,
}

impl State {
    fn live(&self) -> Arc<Live> {
        Arc::clone(&self.live.read().unwrap_or_else(|e| e.into_inner()))
    }

    fn publish(&self, live: Live) {
        *self.live.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(live);
    }

    fn bump(&self, event: Event) {
        let mut v = self.versions.lock().unwrap_or_else(|e| e.into_inner());
        v.version += 1;
        if event == Event::Reload {
            v.reload_at = v.version;
        }
        self.changed.notify_all();
    }

    /// Asks the render threads for `key`; waits for the answer.
    fn ask(&self, key: &str) -> Reply {
        let (tx, rx) = mpsc::channel();
        let job = Job {
            key: key.to_string(),
            reply: tx,
        };
        let sent = self
            .to_loop
            .lock()
            .map(|s| s.send(Msg::Get(job)).is_ok())
            .unwrap_or(false);
        if !sent {
            return Reply::NoSite;
        }
        rx.recv().unwrap_or(Reply::NoSite)
    }
}

/// Into the site loop.
pub enum Msg {
    Fs(notify::Result<notify::Event>),
    Get(Job),
}

/// A request for one output file (`key`: its path in the site).
pub struct Job {
    key: String,
    reply: Sender<Reply>,
}

pub enum Reply {
    Found(Body),
    /// `key` is a folder: add the slash.
    Redirect,
    /// With the site's 404 page.
    NotFound(Option<Body>),
    /// The page failed to render (a template error at run time).
    Failed(Vec<Diagnostic>),
    /// No site was ever loaded without errors.
    NoSite,
}

pub fn run(opts: &ServeOptions) -> Result<(), String> {
    let root = std::fs::canonicalize(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let (tx, rx) = mpsc::channel::<Msg>();
    let state = Arc::new(State {
        live: RwLock::new(Arc::new(Live {
            snap: None,
            errors: Arc::new(Vec::new()),
            base_path: "/".into(),
            lang: Lang::default(),
        })),
        versions: Mutex::new(Versions::default()),
        changed: Condvar::new(),
        to_loop: Mutex::new(tx.clone()),
    });
    // Watching starts first: what changes during the first load is seen.
    let watcher = watch::start(&root, opts.poll, tx)?;
    let site = SiteLoop {
        watcher,
        loader: Loader::new(&root, LoadOptions::default()),
        root,
        render: RenderOptions {
            today: opts.today.unwrap_or_else(build::today),
            live_reload: true,
        },
        state: Arc::clone(&state),
        good: None,
        errors: Arc::new(Vec::new()),
    };
    std::thread::spawn(move || site.run(rx));
    // The first load is published (or its errors are) before listening.
    {
        let v = state.versions.lock().unwrap_or_else(|e| e.into_inner());
        let _v = state
            .changed
            .wait_while(v, |v| v.version == 0)
            .unwrap_or_else(|e| e.into_inner());
    }
    let live = state.live();
    let msg = Messages::new(live.lang);
    let server = http::bind(&opts.bind, opts.port, msg)?;
    let addr = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_default();
    eprintln!(
        "{}",
        msg.serve_url(&format!("http://{addr}{}", live.base_path))
    );
    http::serve(server, state);
    Ok(())
}

/// The site loop's own state.
struct SiteLoop {
    watcher: Box<dyn notify::Watcher + Send>,
    loader: Loader,
    root: PathBuf,
    render: RenderOptions,
    state: Arc<State>,
    /// The last site that loaded and set up without errors.
    good: Option<Arc<Snapshot>>,
    errors: Arc<Vec<Diagnostic>>,
}

/// A freshly loaded site, not yet published, and what to say about it.
struct Candidate {
    snap: Arc<Snapshot>,
    warnings: Vec<Diagnostic>,
    what: String,
    first_event: Instant,
    load_ms: u128,
    derive_ms: u128,
    /// From the first file event to the reload event.
    published_ms: std::cell::Cell<u128>,
    rendered_before: Option<usize>,
}

impl Candidate {
    /// For the terminal line: to the reload event, reading, figures,
    /// preparing the pages.
    fn times(&self, setup_ms: u128) -> [u128; 4] {
        [
            self.published_ms.get(),
            self.load_ms,
            self.derive_ms,
            setup_ms,
        ]
    }
}

/// How many render threads share a snapshot's renderer.
fn render_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 4)
}

impl SiteLoop {
    fn run(mut self, rx: Receiver<Msg>) {
        let mut candidate = self.reload(None, Instant::now());
        loop {
            let burst = match candidate.take() {
                Some(c) => {
                    // Published first (open pages reload now), set up while
                    // they ask for pages: their requests wait in the queue.
                    let previous = self.accept(&c);
                    match timed(|| Ready::set_up(&c.snap)) {
                        (Ok(ready), setup_ms) => {
                            let msg = Messages::new(c.snap.site.config.language);
                            eprintln!(
                                "{}",
                                msg.serve_updated(
                                    &c.what,
                                    ready.index.len(),
                                    c.rendered_before,
                                    c.times(setup_ms)
                                )
                            );
                            drop_elsewhere(previous);
                            serve_with(&ready, &rx, &self.root)
                        }
                        (Err(diags), _) => {
                            // A template or output path error: back to the
                            // last good site, with the errors over it.
                            self.good = previous;
                            self.reject(diags);
                            continue;
                        }
                    }
                }
                None => match self.good.clone() {
                    // It was set up once already: it sets up again.
                    Some(snap) => match Ready::set_up(&snap) {
                        Ok(ready) => serve_with(&ready, &rx, &self.root),
                        Err(_) => no_site(&rx, &self.root),
                    },
                    None => no_site(&rx, &self.root),
                },
            };
            let Some((changed, first_event)) = burst else {
                return; // the watcher is gone
            };
            watch::watch_new_folders(self.watcher.as_mut(), &self.root, &changed);
            candidate = self.reload(Some(&changed), first_event);
        }
    }

    /// Re-reads what changed (`None`: everything) and derives the figures:
    /// a site to publish, or nothing (errors published, or only style
    /// sheets changed).
    fn reload(&mut self, changed: Option<&[PathBuf]>, first_event: Instant) -> Option<Candidate> {
        let what = describe(&self.root, changed);
        if let (Some(changed), Some(snap)) = (changed, &self.good)
            && self.errors.is_empty()
            && css_only(changed, &snap.site)
        {
            // Static files are read when asked for: nothing to reload.
            self.state.bump(Event::Css);
            let msg = Messages::new(snap.site.config.language);
            let ms = first_event.elapsed().as_millis();
            eprintln!("{}", msg.serve_css_only(&what, ms));
            return None;
        }
        let rendered_before = self
            .good
            .as_ref()
            .map(|s| s.rendered.load(Ordering::Relaxed));
        let (loaded, load_ms) = timed(|| self.loader.load(changed));
        match loaded {
            Ok((site, warnings)) => {
                let previous = self.good.as_deref();
                let (facts, derive_ms) = timed(|| derive_all(&site, self.render.today, previous));
                let snap = Arc::new(Snapshot::new(site, facts, self.render.clone()));
                Some(Candidate {
                    snap,
                    warnings,
                    what,
                    first_event,
                    load_ms,
                    derive_ms,
                    published_ms: Default::default(),
                    rendered_before,
                })
            }
            Err(diags) => {
                self.reject(diags);
                None
            }
        }
    }

    /// Publishes a site that loaded without errors: open pages reload.
    /// Returns the site it replaces.
    fn accept(&mut self, c: &Candidate) -> Option<Arc<Snapshot>> {
        let msg = Messages::new(c.snap.site.config.language);
        for w in &c.warnings {
            let mut w = w.clone();
            w.message = format!("{}{}", msg.warning_label(), w.message);
            eprintln!("{w}");
        }
        self.errors = Arc::new(Vec::new());
        self.state.publish(Live {
            base_path: c.snap.site.config.base_path(),
            lang: c.snap.site.config.language,
            snap: Some(Arc::clone(&c.snap)),
            errors: Arc::clone(&self.errors),
        });
        self.state.bump(Event::Reload);
        c.published_ms.set(c.first_event.elapsed().as_millis());
        self.good.replace(Arc::clone(&c.snap))
    }

    /// Keeps the last good site and shows `diags` over its pages.
    fn reject(&mut self, diags: Vec<Diagnostic>) {
        for d in &diags {
            eprintln!("{d}");
        }
        self.errors = Arc::new(diags);
        let old = self.state.live();
        self.state.publish(Live {
            snap: self.good.clone(),
            errors: Arc::clone(&self.errors),
            base_path: old.base_path.clone(),
            lang: old.lang,
        });
        self.state.bump(Event::Reload);
    }
}

/// `build::derive_all`, reusing what `previous` derived for the units it
/// shares with `site` (all but the changed ones).
fn derive_all(site: &Site, today: Date, previous: Option<&Snapshot>) -> BTreeMap<i32, YearFacts> {
    let mut years = site.years.clone();
    years.extend(site.site_year());
    years
        .into_iter()
        .map(|y| {
            let before = previous.and_then(|p| p.facts.get(&y).map(|f| (&p.site, f)));
            (y, derive::derive_year_from(site, y, today, before))
        })
        .collect()
}

/// Freeing a whole site takes a while: not on the way to the next reload.
fn drop_elsewhere(snap: Option<Arc<Snapshot>>) {
    if let Some(snap) = snap {
        std::thread::spawn(move || drop(snap));
    }
}

/// Runs `f`, and says how many milliseconds it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, u128) {
    let started = Instant::now();
    let value = f();
    (value, started.elapsed().as_millis())
}

/// Serves page requests from `ready` with a few render threads until the
/// next burst of changes, which it returns (with when it began).
fn serve_with(ready: &Ready, rx: &Receiver<Msg>, root: &Path) -> Option<(Vec<PathBuf>, Instant)> {
    let (jobs_tx, jobs_rx) = mpsc::channel::<Job>();
    let jobs_rx = Mutex::new(jobs_rx);
    std::thread::scope(|s| {
        for _ in 0..render_threads() {
            s.spawn(|| {
                loop {
                    let job = jobs_rx.lock().ok().and_then(|rx| rx.recv().ok());
                    let Some(job) = job else { return };
                    let _ = job.reply.send(ready.answer(&job.key));
                }
            });
        }
        let burst = watch::next_burst(rx, root, |job| {
            let _ = jobs_tx.send(job);
        });
        // The render threads finish what they were given and stop.
        drop(jobs_tx);
        burst
    })
}

/// Until the next burst: there is no site to serve.
fn no_site(rx: &Receiver<Msg>, root: &Path) -> Option<(Vec<PathBuf>, Instant)> {
    watch::next_burst(rx, root, |job| {
        let _ = job.reply.send(Reply::NoSite);
    })
}

/// A snapshot ready to render: its renderer and where each page goes.
struct Ready<'a> {
    snap: &'a Snapshot,
    renderer: Renderer<'a>,
    index: HashMap<String, usize>,
}

impl<'a> Ready<'a> {
    /// Builds the renderer and the page index, and checks what `build`
    /// would refuse before writing: template errors, two outputs at one
    /// path.
    fn set_up(snap: &'a Snapshot) -> Result<Ready<'a>, Vec<Diagnostic>> {
        let facts = snap.facts.iter().map(|(y, f)| (*y, f)).collect();
        let renderer = Renderer::new(&snap.site, facts, &snap.opts)?;
        let mut index = HashMap::with_capacity(renderer.page_count());
        let mut errors = Vec::new();
        let twice = |path: &str| {
            Diagnostic::error(
                path,
                0,
                0,
                format!("two outputs would be written to `{path}`"),
            )
        };
        for i in 0..renderer.page_count() {
            match index.entry(renderer.page_path(i)) {
                Entry::Occupied(e) => errors.push(twice(e.key())),
                Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
        }
        let basic = snap
            .basic
            .get_or_init(|| files(renderer.extras_of(Extras::Basic)));
        errors.extend(
            basic
                .keys()
                .filter(|p| index.contains_key(*p))
                .map(|p| twice(p)),
        );
        if !errors.is_empty() {
            crate::diag::normalize(&mut errors);
            return Err(errors);
        }
        Ok(Ready {
            snap,
            renderer,
            index,
        })
    }

    fn answer(&self, key: &str) -> Reply {
        if let Some(body) = self.snap.cached(key) {
            return Reply::Found(body);
        }
        if let Some(&i) = self.index.get(key) {
            return match self.page(i, key) {
                Ok(page) => Reply::Found(Body::Bytes(page)),
                Err(diags) => Reply::Failed(diags),
            };
        }
        if let Some(body) = self.extra(key) {
            return Reply::Found(body);
        }
        if !key.is_empty()
            && !key.ends_with('/')
            && self.index.contains_key(&format!("{key}/index.html"))
        {
            return Reply::Redirect;
        }
        let not_found = self
            .index
            .get(NOT_FOUND)
            .and_then(|&i| self.page(i, NOT_FOUND).ok());
        Reply::NotFound(not_found.map(Body::Bytes))
    }

    fn page(&self, i: usize, key: &str) -> Result<Arc<Vec<u8>>, Vec<Diagnostic>> {
        if let Some(Body::Bytes(page)) = self.snap.cached(key) {
            return Ok(page);
        }
        let file = self.renderer.render_page(i).inspect_err(|diags| {
            for d in diags {
                eprintln!("{d}");
            }
        })?;
        let page = Arc::new(match file.body {
            OutBody::Bytes(b) => b,
            OutBody::Copy(p) => std::fs::read(p).unwrap_or_default(),
        });
        self.snap.rendered.fetch_add(1, Ordering::Relaxed);
        self.snap.remember(key, &page);
        Ok(page)
    }

    /// A non-page file, making its group first if need be.
    fn extra(&self, key: &str) -> Option<Body> {
        let group = |cell: &OnceLock<Files>, g: Extras| {
            cell.get_or_init(|| files(self.renderer.extras_of(g)))
                .get(key)
                .cloned()
        };
        if key.starts_with("data/") {
            return self.snap.data_files().get(key).cloned();
        }
        if key.starts_with("search/") {
            return group(&self.snap.search, Extras::Search);
        }
        if key.ends_with(".xml") {
            return group(&self.snap.feeds, Extras::Feeds);
        }
        None
    }
}

/// Only style sheets under `static/` or the theme's `static/` changed,
/// each one already served: pages can swap them without reloading.
fn css_only(changed: &[PathBuf], site: &Site) -> bool {
    !changed.is_empty()
        && changed.iter().all(|p| {
            p.extension().is_some_and(|e| e == "css")
                && p.is_file()
                && site.static_files.iter().any(|(_, source)| source == p)
        })
}

/// "content/a/2026/x.md: " for the terminal line of a reload.
fn describe(root: &Path, changed: Option<&[PathBuf]>) -> String {
    let names: Vec<String> = changed
        .unwrap_or(&[])
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => format!("{one}: "),
        [first, rest @ ..] => format!("{first} (+{}): ", rest.len()),
    }
}

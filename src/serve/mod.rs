//! `pledgeboard serve`: load the site, serve it, reload it on every change,
//! and tell open pages to reload. Pages are rendered when they are asked
//! for, not after every change, so an edit is live as soon as the changed
//! files have been read again and the figures derived.
//!
//! Four parts joined by one shared [`State`]:
//!
//! - the **site loop** (`SiteLoop`, one thread) owns the incremental
//!   [`Loader`]. It waits for a burst of file events (`watch`), re-reads
//!   what changed (unchanged units are shared with the previous version),
//!   derives the figures (patching the changed units and their ancestors
//!   into the previous version's), publishes a new
//!   [`Snapshot`] (the version moves and open pages get `event: reload`)
//!   and hands it to the render thread; or only tells pages to swap style
//!   sheets (`event: css`) when nothing but `.css` static files changed.
//!   It never renders, so a reload never waits for rendering;
//! - the **render thread** (`render_loop`) sets up a `Renderer` over the
//!   newest snapshot, taking over from the version before what the change
//!   left as it was (compiled templates, the outline's tables, the page
//!   list, page index and sitemap), and answers requests with a few
//!   threads sharing it until the next snapshot comes. A set-up that fails
//!   (a template error) goes back to the site loop, which shows the errors
//!   over the last good site; a page that fails to render shows its error
//!   over the page as last served;
//! - the **watcher** (`watch`) feeds file events to the site loop;
//! - the **server** (`http`) answers from the snapshot's cache, and asks the
//!   render thread for what is not made yet, over a bounded HTTP/1.1
//!   connection layer (`conn`) that no request can crash or exhaust.
//!
//! Served bytes equal `build`'s for every path, but for the live-reload
//! script in pages (and the error overlay while the content has errors).
//!
//! Every step after an edit costs what changed, not the site: one unit
//! read, its facts and its ancestors' sums, and a renderer set-up that
//! only walks the site's item list once (the status lists).

mod conn;
mod edit;
mod http;
mod watch;

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, OnceLock, RwLock};
use std::time::Instant;

use crate::build;
use crate::content::{LoadOptions, Loader};
use crate::data;
use crate::derive::YearFacts;
use crate::diag::Diagnostic;
use crate::i18n::Messages;
use crate::model::{Date, Lang, Site};
use crate::output::{OutBody, OutFile};
use crate::render::{Extras, Kept, RenderOptions, Renderer};

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub today: Option<Date>,
    pub poll: bool,
    /// Open the site in the system's browser once it is served.
    pub open: bool,
    /// Add the editing layer (`edit`) to pages served to this computer.
    pub edit: bool,
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

    /// The bytes, not copied when nothing else holds them (a file made
    /// for one request).
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Body::Bytes(b) => Arc::try_unwrap(b).unwrap_or_else(|b| b.as_ref().clone()),
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
    /// The cheap non-page files, made with the page list.
    basic: OnceLock<Arc<Files>>,
    /// The search index's term shards and `meta.json`, made together when
    /// one of them is first asked for (a shard's contents depend on every
    /// document's terms). Everything else that is not a page is made per
    /// request, the one file asked for: a feed or a file of result rows
    /// is kept in the page cache like a page; the open data is written
    /// into the connection as it is made (a city's JSON alone is hundreds
    /// of MB), never held whole.
    terms: OnceLock<Packed>,
    /// Pages rendered for this snapshot (for the terminal line).
    rendered: AtomicUsize,
}

/// Files made together, as one buffer: a city's term shards are tens of
/// thousands of small files, and one allocation each would add up.
#[derive(Default)]
struct Packed {
    bytes: Vec<u8>,
    at: HashMap<String, (usize, usize)>,
}

impl Packed {
    fn of(each: impl FnOnce(&(dyn Fn(OutFile) + Sync))) -> Packed {
        let packed = Mutex::new(Packed::default());
        each(&|file| {
            let bytes = match file.body {
                OutBody::Bytes(b) => b,
                OutBody::Copy(p) => std::fs::read(p).unwrap_or_default(),
            };
            let mut p = packed.lock().unwrap_or_else(|e| e.into_inner());
            let start = p.bytes.len();
            p.bytes.extend_from_slice(&bytes);
            let end = p.bytes.len();
            p.at.insert(file.path, (start, end));
        });
        let mut packed = packed.into_inner().unwrap_or_else(|e| e.into_inner());
        packed.bytes.shrink_to_fit();
        packed.at.shrink_to_fit();
        packed
    }

    fn get(&self, key: &str) -> Option<Body> {
        let &(start, end) = self.at.get(key)?;
        Some(Body::Bytes(Arc::new(self.bytes.get(start..end)?.to_vec())))
    }
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
            terms: OnceLock::new(),
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
        if let Some(body) = self.basic.get().and_then(|f| f.get(key)) {
            return Some(body.clone());
        }
        self.terms.get().and_then(|t| t.get(key))
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

    /// The open data file at `key` (what `build` adds to the pages), as
    /// a writer that makes it into the connection: never held whole.
    fn data_file(self: &Arc<Self>, key: &str) -> Option<conn::BodyWriter> {
        let (year, write) = self.site.years.iter().find_map(|&year| {
            let [json, csv] = data::paths(year);
            let write: data::Writer = if key == json {
                data::write_json
            } else if key == csv {
                data::write_csv
            } else {
                return None;
            };
            Some((year, write))
        })?;
        self.facts.get(&year)?;
        let snap = Arc::clone(self);
        Some(Box::new(move |out: &mut dyn std::io::Write| {
            write(&snap.site, &snap.facts[&year], out)
        }))
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
    /// The pages served lately, as served: what a page that fails to
    /// render later is shown as, under its error.
    last_good: Mutex<LastGood>,
    pub versions: Mutex<Versions>,
    pub changed: Condvar,
    /// Into the render thread: page requests.
    to_render: Mutex<Sender<ToRender>>,
    /// `serve --edit`: the editing layer.
    edit: Option<edit::Editor>,
}

impl State {
    fn live(&self) -> Arc<Live> {
        Arc::clone(&self.live.read().unwrap_or_else(|e| e.into_inner()))
    }

    fn publish(&self, live: Live) {
        *self.live.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(live);
    }

    fn last_good(&self, key: &str, page: &Arc<Vec<u8>>) {
        let mut last = self.last_good.lock().unwrap_or_else(|e| e.into_inner());
        last.keep(key, page);
    }

    fn last_good_of(&self, key: &str) -> Option<Arc<Vec<u8>>> {
        let last = self.last_good.lock().unwrap_or_else(|e| e.into_inner());
        last.pages
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, p)| Arc::clone(p))
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
            .to_render
            .lock()
            .map(|s| s.send(ToRender::Get(job)).is_ok())
            .unwrap_or(false);
        if !sent {
            return Reply::NoSite;
        }
        rx.recv().unwrap_or(Reply::NoSite)
    }
}

/// The last good pages kept for error overlays, at most this many bytes
/// (a few pages an editor has open; mostly shared with the page cache).
const LAST_GOOD_BYTES: usize = 16 << 20;

/// The pages served lately, oldest first.
#[derive(Default)]
struct LastGood {
    pages: VecDeque<(String, Arc<Vec<u8>>)>,
    bytes: usize,
}

impl LastGood {
    fn keep(&mut self, key: &str, page: &Arc<Vec<u8>>) {
        if let Some(i) = self.pages.iter().position(|(k, _)| k == key)
            && let Some((_, old)) = self.pages.remove(i)
        {
            self.bytes -= old.len();
        }
        self.pages.push_back((key.to_string(), Arc::clone(page)));
        self.bytes += page.len();
        while self.bytes > LAST_GOOD_BYTES && self.pages.len() > 1 {
            if let Some((_, old)) = self.pages.pop_front() {
                self.bytes -= old.len();
            }
        }
    }
}

/// Into the site loop: file events, set-ups done or failed, and the
/// watcher once it watches.
pub enum Msg {
    Fs(notify::Result<notify::Event>),
    SetupFailed(Failed),
    /// The render thread has set up a site and serves it.
    Prepared,
    Watching(Result<Box<dyn notify::Watcher + Send>, String>),
}

/// A published site whose renderer could not be set up (a template
/// error, two outputs at one path), and the site served instead.
pub struct Failed {
    failed: Arc<Snapshot>,
    serving: Option<Arc<Snapshot>>,
    diags: Vec<Diagnostic>,
}

/// Into the render thread: a new site to serve, or a request.
pub enum ToRender {
    Snapshot(Arc<Snapshot>, Option<Report>),
    Get(Job),
}

/// What the terminal line of a reload says, once the renderer is set up.
pub struct Report {
    what: String,
    /// To the reload event, reading, figures (ms).
    times: [u128; 3],
    rendered_before: Option<usize>,
    /// The loader's warnings in this version (advice is `check`'s).
    warnings: usize,
    /// The first site loaded: no page is open to reload yet.
    first: bool,
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
    let today = opts.today.unwrap_or_else(build::today);
    let editor = match opts.edit {
        true => Some(edit::Editor::new(&root, today).ok_or("no random numbers for --edit")?),
        false => None,
    };
    let (tx, rx) = mpsc::channel::<Msg>();
    let (render_tx, render_rx) = mpsc::channel::<ToRender>();
    let state = Arc::new(State {
        live: RwLock::new(Arc::new(Live {
            snap: None,
            errors: Arc::new(Vec::new()),
            base_path: "/".into(),
            lang: Lang::default(),
        })),
        last_good: Mutex::new(LastGood::default()),
        versions: Mutex::new(Versions::default()),
        changed: Condvar::new(),
        to_render: Mutex::new(render_tx.clone()),
        edit: editor,
    });
    let site = SiteLoop {
        watcher: None,
        watch: Some((opts.poll, tx.clone())),
        outside: None,
        loader: Loader::new(
            &root,
            LoadOptions {
                cache: true,
                ..LoadOptions::default()
            },
        ),
        root,
        render: RenderOptions {
            today,
            live_reload: true,
            relative: false,
        },
        state: Arc::clone(&state),
        good: None,
        errors: Arc::new(Vec::new()),
        to_render: render_tx,
    };
    std::thread::spawn(move || render_loop(&render_rx, &tx));
    std::thread::spawn(move || site.run(&rx));
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
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let url = format!("http://{addr}{}", live.base_path);
    eprintln!("{}", msg.serve_url(&url));
    if opts.edit {
        eprintln!("{}", msg.serve_edit_on());
    }
    if opts.open && !open_browser(&url) {
        eprintln!("{}", msg.browser_not_opened(&url));
    }
    http::serve(server, state);
    Ok(())
}

/// Asks the system to open `url` in the default browser (what the
/// double-click 预览 scripts rely on); whether that could be started.
fn open_browser(url: &str) -> bool {
    use std::process::{Command, Stdio};
    let mut cmd = if cfg!(windows) {
        // `start` is a cmd.exe built-in; its first quoted argument is the
        // window title.
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]).arg(url);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .is_ok()
}

/// The site loop's own state.
struct SiteLoop {
    /// `None` until it watches (it is set up after the first load).
    watcher: Option<Box<dyn notify::Watcher + Send>>,
    /// How to start the watcher (`--poll`, and where it reports), until
    /// it is started.
    watch: Option<(bool, Sender<Msg>)>,
    /// `site.yaml`, themes and static files as the first load found them,
    /// until the watcher watches.
    outside: Option<watch::Outside>,
    loader: Loader,
    root: PathBuf,
    render: RenderOptions,
    state: Arc<State>,
    /// The site published last (the last good one while there are errors).
    good: Option<Arc<Snapshot>>,
    errors: Arc<Vec<Diagnostic>>,
    to_render: Sender<ToRender>,
}

/// How many render threads share a snapshot's renderer.
fn render_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 4)
}

impl SiteLoop {
    /// Loads the site, then reloads it after each burst of changes, until
    /// the watcher is gone. Never renders: a reload is never held up by
    /// the render thread setting up the previous version.
    fn run(mut self, rx: &Receiver<Msg>) {
        self.outside = Some(watch::Outside::take(&self.root));
        self.reload(None, Instant::now());
        if self.good.is_none() {
            // Nothing for the render thread to set up: watch for the fix.
            self.start_watching();
        }
        let root = self.root.clone();
        loop {
            let mut watching = None;
            let burst = watch::next_burst(rx, &root, |m| match m {
                Msg::SetupFailed(f) => {
                    self.setup_failed(f);
                    self.start_watching();
                }
                Msg::Prepared => self.start_watching(),
                Msg::Watching(w) => watching = Some(w),
                Msg::Fs(_) => {}
            });
            if let Some(w) = watching {
                match w {
                    Ok(w) => self.watching(w),
                    Err(e) => {
                        eprintln!("{}", Messages::new(self.state.live().lang).serve_failed(&e));
                        std::process::exit(1);
                    }
                }
                continue;
            }
            let Some((changed, first_event)) = burst else {
                return; // the watcher is gone
            };
            if let Some(w) = &mut self.watcher {
                watch::watch_new_folders(w.as_mut(), &self.root, &changed);
            }
            self.reload(Some(&changed), first_event);
        }
    }

    /// Starts watching, once. Watching a city's folders costs seconds of
    /// both cores (an inotify watch per folder), so it waits until the
    /// first site is ready to serve; once it watches, the tree is walked
    /// again for what changed meanwhile (`watching`).
    fn start_watching(&mut self) {
        let Some((poll, tx)) = self.watch.take() else {
            return;
        };
        let root = self.root.clone();
        std::thread::spawn(move || {
            let watcher = watch::start(&root, poll, tx.clone());
            let _ = tx.send(Msg::Watching(watcher));
        });
    }

    /// The watcher watches: what changed between the first load's walk
    /// and now had no event, so the tree is walked again and compared
    /// (unit folders, site.yaml, themes and static files by their files'
    /// identities), and anything changed is reloaded.
    fn watching(&mut self, watcher: Box<dyn notify::Watcher + Send>) {
        self.watcher = Some(watcher);
        let started = Instant::now();
        let mut changed = self.loader.rescan();
        if let Some(outside) = self.outside.take() {
            changed.extend(outside.changed(&self.root));
        }
        if !changed.is_empty() {
            self.reload(Some(&changed), started);
        }
    }

    /// Re-reads what changed (`None`: everything), derives the figures and
    /// publishes the new site (open pages reload); or keeps the last good
    /// one and publishes the errors; or, when only style sheets changed,
    /// tells pages to swap them.
    fn reload(&mut self, changed: Option<&[PathBuf]>, first_event: Instant) {
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
            return;
        }
        let rendered_before = self
            .good
            .as_ref()
            .map(|s| s.rendered.load(Ordering::Relaxed));
        let (loaded, load_ms) = timed(|| self.loader.load(changed));
        if changed.is_none()
            && let Some((hits, units)) = self.loader.from_cache()
        {
            let lang = crate::content::site_language(&self.root).unwrap_or_default();
            eprintln!("{}", Messages::new(lang).serve_cache(hits, units));
        }
        let (site, warnings) = match loaded {
            Ok(loaded) => loaded,
            Err(diags) => return self.reject(diags),
        };
        // Reuses what the previous site derived for the units it shares
        // with this one (all but the changed ones).
        let previous = self.good.as_deref().map(|p| (&p.site, &p.facts));
        let (facts, derive_ms) = timed(|| build::derive_all(&site, self.render.today, previous));
        let snap = Arc::new(Snapshot::new(site, facts, self.render.clone()));
        let msg = Messages::new(snap.site.config.language);
        for w in &warnings {
            let mut w = w.clone();
            w.message = format!("{}{}", msg.warning_label(), w.message);
            eprintln!("{w}");
        }
        self.errors = Arc::new(Vec::new());
        let report = Report {
            what,
            times: [first_event.elapsed().as_millis(), load_ms, derive_ms],
            first: rendered_before.is_none() && changed.is_none(),
            rendered_before,
            warnings: warnings.len(),
        };
        // The renderer hears of the new site before any page can: a page
        // that reloads on the event asks for itself after this, in the
        // same queue, so the old renderer never answers it.
        let _ = self
            .to_render
            .send(ToRender::Snapshot(Arc::clone(&snap), Some(report)));
        self.state.publish(Live {
            base_path: snap.site.config.base_path(),
            lang: snap.site.config.language,
            snap: Some(Arc::clone(&snap)),
            errors: Arc::clone(&self.errors),
        });
        self.state.bump(Event::Reload);
        drop_elsewhere(self.good.replace(snap));
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

    /// The render thread could not set up the site published last: back to
    /// the site it serves instead, with the errors over it.
    fn setup_failed(&mut self, f: Failed) {
        let current = self
            .good
            .as_ref()
            .is_some_and(|g| Arc::ptr_eq(g, &f.failed));
        if current {
            drop_elsewhere(std::mem::replace(&mut self.good, f.serving));
            self.reject(f.diags);
        }
    }
}

/// The render thread: sets up a renderer for each new site (the newest
/// one sent, skipping any it has not got to) and serves page requests
/// from it with a few render threads until the next site comes.
fn render_loop(rx: &Receiver<ToRender>, to_site: &Sender<Msg>) {
    // The last site set up without errors, and requests that came while
    // looking for the newest site.
    let mut ok: Option<Prepared> = None;
    let mut waiting: Vec<Job> = Vec::new();
    let mut next: Option<(Arc<Snapshot>, Option<Report>)> = None;
    loop {
        let again = || ok.as_ref().map(|p| (Arc::clone(&p.snap), None));
        let (mut snap, mut report) = match next.take().or_else(again) {
            Some(n) => n,
            None => loop {
                // No site at all yet.
                match rx.recv() {
                    Ok(ToRender::Snapshot(s, r)) => break (s, r),
                    Ok(ToRender::Get(job)) => {
                        let _ = job.reply.send(Reply::NoSite);
                    }
                    Err(_) => return,
                }
            },
        };
        while let Ok(m) = rx.try_recv() {
            match m {
                ToRender::Snapshot(s, r) => (snap, report) = (s, r),
                ToRender::Get(job) => waiting.push(job),
            }
        }
        let (ready, setup_ms) = timed(|| Ready::set_up(&snap, ok.as_ref()));
        let ready = match ready {
            Ok(ready) => ready,
            Err(diags) => {
                let serving = ok.as_ref().map(|p| Arc::clone(&p.snap));
                let _ = to_site.send(Msg::SetupFailed(Failed {
                    failed: snap,
                    serving,
                    diags,
                }));
                continue; // serve `ok` again
            }
        };
        if let Some(r) = report {
            let msg = Messages::new(snap.site.config.language);
            let [published, load, derive] = r.times;
            let times = [published, load, derive, setup_ms];
            let pages = ready.index.len();
            let mut line = if r.first {
                msg.serve_loaded(pages, times)
            } else {
                msg.serve_updated(&r.what, pages, r.rendered_before, times)
            };
            if r.warnings > 0 {
                line.push_str(&msg.serve_warning_count(r.warnings));
            }
            eprintln!("{line}");
        }
        let _ = to_site.send(Msg::Prepared);
        let prepared = Prepared {
            snap: Arc::clone(&snap),
            kept: ready.renderer.kept(),
            index: Arc::clone(&ready.index),
        };
        // Freeing the version before (its cached pages) is not the next
        // page's business.
        drop_elsewhere(ok.replace(prepared));
        match serve_with(&ready, rx, std::mem::take(&mut waiting)) {
            Some(n) => next = Some(n),
            None => return,
        }
    }
}

/// Freeing a whole site takes a while: not on the way to the next reload.
fn drop_elsewhere<T: Send + 'static>(old: Option<T>) {
    if let Some(old) = old {
        std::thread::spawn(move || drop(old));
    }
}

/// Runs `f`, and says how many milliseconds it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, u128) {
    let started = Instant::now();
    let value = f();
    (value, started.elapsed().as_millis())
}

/// Serves `waiting`, then every request that comes, from `ready` with a
/// few render threads, until a new site comes (returned) or the channel
/// closes (`None`).
fn serve_with(
    ready: &Ready,
    rx: &Receiver<ToRender>,
    waiting: Vec<Job>,
) -> Option<(Arc<Snapshot>, Option<Report>)> {
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
        for job in waiting {
            let _ = jobs_tx.send(job);
        }
        let next = loop {
            match rx.recv() {
                Ok(ToRender::Get(job)) => {
                    let _ = jobs_tx.send(job);
                }
                Ok(ToRender::Snapshot(s, r)) => break Some((s, r)),
                Err(_) => break None,
            }
        };
        // The render threads finish what they were given and stop.
        drop(jobs_tx);
        next
    })
}

/// A snapshot ready to render: its renderer and where each page goes.
struct Ready<'a> {
    snap: &'a Snapshot,
    renderer: Renderer<'a>,
    index: Arc<HashMap<String, usize>>,
}

/// The last snapshot set up, and what its set-up can lend the next one.
struct Prepared {
    snap: Arc<Snapshot>,
    kept: Kept,
    index: Arc<HashMap<String, usize>>,
}

impl<'a> Ready<'a> {
    /// Builds the renderer and the page index, and checks what `build`
    /// would refuse before writing: template errors, two outputs at one
    /// path. What `before` made and `snap` did not change is taken over:
    /// an edit that keeps every page where it was costs no new page index,
    /// sitemap or templates.
    fn set_up(snap: &'a Snapshot, before: Option<&Prepared>) -> Result<Ready<'a>, Vec<Diagnostic>> {
        let facts = snap.facts.iter().map(|(y, f)| (*y, f)).collect();
        let kept = before.map(|p| (&p.snap.site, &p.kept));
        let (renderer, same_pages) = Renderer::reusing(&snap.site, facts, &snap.opts, kept)?;
        if let Some(p) = before
            && same_pages
            && p.snap.site.static_files == snap.site.static_files
            && let Some(basic) = p.snap.basic.get()
        {
            // Same pages, settings and static files: the same sitemap,
            // robots.txt and copies (attachments are part of the outline).
            let _ = snap.basic.set(Arc::clone(basic));
            return Ok(Ready {
                snap,
                renderer,
                index: Arc::clone(&p.index),
            });
        }
        let twice = |path: &str| {
            Diagnostic::error(
                path,
                0,
                0,
                format!("two outputs would be written to `{path}`"),
            )
        };
        // Two independent halves of a city's set-up (a page index of
        // ~100,000 paths; the sitemap and copies): on both cores.
        let ((index, mut errors), basic) = rayon::join(
            || {
                let mut index = HashMap::with_capacity(renderer.page_count());
                let mut errors = Vec::new();
                for i in 0..renderer.page_count() {
                    match index.entry(renderer.page_path(i)) {
                        Entry::Occupied(e) => errors.push(twice(e.key())),
                        Entry::Vacant(e) => {
                            e.insert(i);
                        }
                    }
                }
                (index, errors)
            },
            || {
                snap.basic
                    .get_or_init(|| Arc::new(files(renderer.extras_of(Extras::Basic))))
            },
        );
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
            index: Arc::new(index),
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

    /// A non-page file: the one asked for, or the term shards and
    /// `meta.json` together.
    fn extra(&self, key: &str) -> Option<Body> {
        if let Some(n) = rows_number(key) {
            return self.made_alone(key, self.renderer.search_rows(n)?);
        }
        if key.starts_with("search/") {
            let terms = self
                .snap
                .terms
                .get_or_init(|| Packed::of(|emit| self.renderer.search_terms_each(emit)));
            return terms.get(key);
        }
        if key.ends_with(".xml") {
            return self.made_alone(key, self.renderer.feed_file(key)?);
        }
        None
    }

    /// A file made for one request, kept in the page cache.
    fn made_alone(&self, key: &str, file: OutFile) -> Option<Body> {
        let bytes = match file.body {
            OutBody::Bytes(b) => Arc::new(b),
            OutBody::Copy(p) => return Some(Body::File(p)),
        };
        self.snap.remember(key, &bytes);
        Some(Body::Bytes(bytes))
    }
}

/// `n` of `search/d/<n>.json`, as the index names its files (no leading
/// zeros, so that no two keys are one file).
fn rows_number(key: &str) -> Option<usize> {
    let n = key.strip_prefix("search/d/")?.strip_suffix(".json")?;
    let parsed: usize = n.parse().ok()?;
    (parsed.to_string() == n).then_some(parsed)
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

/// "content/a/2026/x.md: " for the terminal line of a reload. Files that
/// still exist come first, so that a save through a temporary file is
/// named by the file saved, not by the temporary file (gone by then).
fn describe(root: &Path, changed: Option<&[PathBuf]>) -> String {
    let mut paths: Vec<&PathBuf> = changed.unwrap_or(&[]).iter().collect();
    paths.sort_by_key(|p| !p.is_file());
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => format!("{one}: "),
        [first, rest @ ..] => format!("{first} (+{}): ", rest.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::rows_number;

    #[test]
    fn rows_files_are_named_as_the_index_names_them() {
        assert_eq!(rows_number("search/d/0.json"), Some(0));
        assert_eq!(rows_number("search/d/17.json"), Some(17));
        assert_eq!(rows_number("search/d/017.json"), None);
        assert_eq!(rows_number("search/d/+1.json"), None);
        assert_eq!(rows_number("search/d/1.json.gz"), None);
        assert_eq!(rows_number("search/t/1.json"), None);
        assert_eq!(rows_number("search/d/99999999999999999999999.json"), None);
    }
}

//! Rendering: the site model and its derived facts in, output files out.
//! Never touches the disk: templates are embedded (or come in
//! `site.templates`), static files and attachments are `OutBody::Copy`.
//!
//! - `pages`: the page list and each page's view model;
//! - `context`: the rendering environment and the view models' parts;
//! - `theme`: templates, overrides and template errors;
//! - `search`: the search index and the search page;
//! - `feeds`: Atom feeds, the sitemap and `robots.txt`;
//! - `charts`, `qr`: SVG drawn at build time;
//! - `markdown`, `strings`, `urls`: Markdown, UI words, links.

mod charts;
mod context;
mod feeds;
mod keys;
mod markdown;
mod native;
mod pages;
mod qr;
mod reuse;
mod search;
mod theme;
pub(crate) mod urls;
mod zlib;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::derive::{self, YearFacts};
use crate::diag::{self, Diagnostic};
use crate::manifest::{self, Digest};
use crate::model::{Date, Site};
use crate::output::{OutBody, OutFile};

use context::{Env, Outline};
use theme::Theme;

pub use crate::i18n::ui::percent;
pub use markdown::{MdOptions, render as render_markdown};
pub use urls::{category_slug, encode_path};

/// The search index's insides, for `bench/search_index.rs` and tests
/// that read the index as `search.js` does: not an API.
#[doc(hidden)]
pub mod search_internals {
    use std::collections::BTreeMap;

    use crate::derive::YearFacts;
    use crate::model::{Date, Site};

    pub use super::search::{CHUNK, IndexStats, decode_postings, query_terms, shard_of};

    /// The figures of the index `render_site` writes for `site`.
    pub fn index_stats(site: &Site, facts: &BTreeMap<i32, YearFacts>, today: Date) -> IndexStats {
        let env = super::Env::new(site, facts.iter().map(|(y, f)| (*y, f)).collect(), today);
        super::search::index_files_each(&env, &|_| {})
    }
}

#[derive(Clone, Debug)]
pub struct RenderOptions {
    pub today: Date,
    /// Adds the live-reload script (`serve` only; `build` never).
    pub live_reload: bool,
    /// Links relative to each page, folders as `…/index.html`, so a copy
    /// works from a folder or a USB stick (`build --relative`).
    pub relative: bool,
}

/// Renders every page of docs/spec.md §4 (data files excepted: see `crate::data`)
/// into memory. `build` streams pages to disk through `Renderer` instead.
pub fn render_site(
    site: &Site,
    facts: &BTreeMap<i32, YearFacts>,
    opts: &RenderOptions,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    // Years without facts (e.g. a configured year with no folder) get
    // theirs here, so every page can count on them.
    let mut years: BTreeSet<i32> = site.years.iter().copied().collect();
    years.extend(site.site_year());
    let missing: BTreeMap<i32, YearFacts> = years
        .iter()
        .filter(|y| !facts.contains_key(y))
        .map(|&y| (y, derive::derive_year(site, y, opts.today)))
        .collect();
    let all_facts = years
        .iter()
        .filter_map(|y| facts.get(y).or_else(|| missing.get(y)).map(|f| (*y, f)))
        .collect();
    let renderer = Renderer::new(site, all_facts, opts)?;
    let results: Vec<Result<OutFile, Vec<Diagnostic>>> = (0..renderer.page_count())
        .into_par_iter()
        .map(|i| renderer.render_page(i))
        .collect();
    let mut files = Vec::with_capacity(results.len() + site.static_files.len() + 1);
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => errors.extend(d),
        }
    }
    files.extend(renderer.extras());
    check_unique(&files, &mut errors);
    if errors.is_empty() {
        Ok(files)
    } else {
        diag::normalize(&mut errors);
        Err(errors)
    }
}

/// A site ready to render: its page list, theme and shared values, built
/// once. Pages are rendered one at a time, so `build` can write each as it
/// is done and `serve` can render each when it is asked for.
pub struct Renderer<'a> {
    env: Env<'a>,
    theme: Arc<Theme>,
    common: Common,
    opts: RenderOptions,
    pages: Arc<Vec<pages::Page>>,
    /// The compiled copies of built-in templates, when the site replaces
    /// none of those they copy.
    native: Option<native::Native>,
    /// See `global_key`.
    global: Digest,
    /// What the input keys are made of (`build` only: made when first
    /// asked for).
    deps: std::sync::OnceLock<keys::Deps>,
}

/// The parts of a renderer that a renderer of a later version of the site
/// can take over when what they depend on did not change (`serve`).
#[derive(Clone)]
pub struct Kept {
    theme: Arc<Theme>,
    outline: Arc<Outline>,
    pages: Arc<Vec<pages::Page>>,
}

impl<'a> Renderer<'a> {
    /// `facts` must hold every year in `site.years` and the site year.
    pub fn new(
        site: &'a Site,
        facts: BTreeMap<i32, &'a YearFacts>,
        opts: &RenderOptions,
    ) -> Result<Self, Vec<Diagnostic>> {
        Renderer::reusing(site, facts, opts, None).map(|(r, _)| r)
    }

    /// `new`, taking over from `before` (what a renderer of `before_site`
    /// kept) the compiled templates, the outline's tables and the page
    /// list where they are still right for `site`. Also tells whether the
    /// pages are the same as `before`'s, at the same paths.
    pub fn reusing(
        site: &'a Site,
        facts: BTreeMap<i32, &'a YearFacts>,
        opts: &RenderOptions,
        before: Option<(&Site, &Kept)>,
    ) -> Result<(Self, bool), Vec<Diagnostic>> {
        // The theme is made of the built-in templates and these only (and
        // speaks the site's language in its errors).
        let theme = match before {
            Some((b, k))
                if b.templates == site.templates
                    && b.config.theme == site.config.theme
                    && b.config.language == site.config.language =>
            {
                Arc::clone(&k.theme)
            }
            _ => Arc::new(Theme::load(site)?),
        };
        let years: Vec<i32> = facts.keys().copied().collect();
        let kept_outline = before
            .filter(|(b, k)| k.outline.fits(b, site, &years))
            .map(|(_, k)| Arc::clone(&k.outline));
        let outline_kept = kept_outline.is_some();
        let outline = kept_outline.unwrap_or_else(|| Arc::new(Outline::new(site, years)));
        let env = Env::with_outline(site, facts, opts.today, outline);
        let common = Common::new(&env);
        let list = pages::all(&env);
        // With the outline and the settings unchanged, equal page lists
        // put every page at the same path.
        let (pages, same) = match before {
            Some((b, k)) if outline_kept && b.config == site.config && *k.pages == list => {
                (Arc::clone(&k.pages), true)
            }
            _ => (Arc::new(list), false),
        };
        let global = global_key(site, &common, opts);
        let native = native::Native::new(&env, &theme);
        let renderer = Renderer {
            env,
            theme,
            common,
            opts: opts.clone(),
            pages,
            native,
            global,
            deps: std::sync::OnceLock::new(),
        };
        Ok((renderer, same))
    }

    /// What a renderer of the next version may take over.
    pub fn kept(&self) -> Kept {
        Kept {
            theme: Arc::clone(&self.theme),
            outline: Arc::clone(&self.env.outline),
            pages: Arc::clone(&self.pages),
        }
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Page `i`'s kind (`Page::key`: `sheet`, `note`, `poster`…).
    pub fn page_kind(&self, i: usize) -> &'static str {
        self.pages[i].key()
    }

    /// The output file of page `i`, without rendering it.
    pub fn page_path(&self, i: usize) -> String {
        pages::output(&self.env, &self.pages[i])
    }

    /// The pages in the order `build` makes them: the few about the
    /// whole site first (each is tenths of a second of one core at a
    /// city's size, made to learn its key: started last, the other core
    /// would wait for them), then the rest backwards, so that the year,
    /// status and category lists are not left for the end either.
    pub fn build_order(&self) -> Vec<usize> {
        let whole_site = |page: &pages::Page| keys::keyed_by_context(page);
        let first = (0..self.pages.len()).filter(|&i| whole_site(&self.pages[i]));
        let rest = (0..self.pages.len())
            .rev()
            .filter(|&i| !whole_site(&self.pages[i]));
        first.chain(rest).collect()
    }

    /// Whether the site replaces any built-in template.
    pub fn has_site_templates(&self) -> bool {
        self.theme.has_overrides()
    }

    /// The first page of each kind (pages of a kind use the same
    /// template), in page order.
    pub fn first_of_each_kind(&self) -> Vec<usize> {
        let mut seen = Vec::new();
        let mut firsts = Vec::new();
        for (i, page) in self.pages.iter().enumerate() {
            let kind = std::mem::discriminant(page);
            if !seen.contains(&kind) {
                seen.push(kind);
                firsts.push(i);
            }
        }
        firsts
    }

    pub fn render_page(&self, i: usize) -> Result<OutFile, Vec<Diagnostic>> {
        let page = &self.pages[i];
        if let Some(native) = self.native.as_ref().filter(|n| n.compiles(page)) {
            return Ok(self.render_native(native, page));
        }
        render_page(&self.env, &self.theme, &self.common, page, &self.opts)
    }

    /// Page `i` as Tera renders it, compiled copies or not.
    #[cfg(test)]
    fn render_with_tera(&self, i: usize) -> Result<OutFile, Vec<Diagnostic>> {
        render_page(
            &self.env,
            &self.theme,
            &self.common,
            &self.pages[i],
            &self.opts,
        )
    }

    /// A page of a kind `native` compiles, its links written in their
    /// final form as it goes.
    fn render_native(&self, native: &native::Native, page: &pages::Page) -> OutFile {
        let env = &self.env;
        let render = |dir: &str, write: &dyn Fn(&str, &urls::LinkForm) -> Vec<u8>| {
            let (path, url) = (urls::index_file(dir), env.urls.dir(dir));
            let links = urls::LinkForm::new(self.opts.relative, &path, &url, env.urls.base());
            let html = write(&print_vars(env, &url), &links);
            finished(env, html, path, &self.opts)
        };
        match *page {
            pages::Page::Note {
                unit,
                year,
                sheet,
                note,
            } => {
                let parts = pages::note_parts(env, unit, year, sheet, note);
                render(&parts.dir, &|vars, links| {
                    native.note_page(&parts, vars, links)
                })
            }
            pages::Page::Sheet { unit, year, sheet } => {
                let parts = pages::sheet_parts(env, unit, year, sheet);
                render(&parts.dir, &|vars, links| {
                    native.sheet_page(&parts, vars, links)
                })
            }
            pages::Page::Status { year, status, page } => {
                let parts = pages::status_parts(env, year, status, page);
                render(&parts.dir, &|vars, links| {
                    native.status_page(&parts, vars, links)
                })
            }
            pages::Page::Category(ref name, page) => {
                let parts = pages::category_parts(env, name, page);
                render(&parts.dir, &|vars, links| {
                    native.category_page(&parts, vars, links)
                })
            }
            _ => unreachable!("`Native::compiles` is false for other pages"),
        }
    }

    /// Page `i` with its input key, unless `known(path, key)` says the
    /// file made from that key is in place already (then `None`, and
    /// nothing is rendered).
    pub fn render_keyed(
        &self,
        i: usize,
        known: &(dyn Fn(&str, Digest) -> bool + Sync),
    ) -> Result<Option<(OutFile, Digest)>, Vec<Diagnostic>> {
        let page = &self.pages[i];
        let path = pages::output(&self.env, page);
        if let Some(key) = self.deps().page_key(&self.env, page, &path) {
            if known(&path, key) {
                return Ok(None);
            }
            return Ok(Some((self.render_page(i)?, key)));
        }
        let (mut prepared, built) = prepare_page(&self.env, &self.common, page);
        let key = page_key(self.global, &prepared, &built);
        if known(&prepared.path, key) {
            return Ok(None);
        }
        prepared.ctx.insert_value(prepared.key, built.data);
        let file = render_prepared(&self.env, &self.theme, prepared, &self.opts)?;
        Ok(Some((file, key)))
    }

    /// Makes the digests every input key starts from now, on every core
    /// (otherwise the first page to need them makes them while the pages
    /// on other threads wait).
    pub fn make_keys(&self) {
        self.deps();
    }

    fn deps(&self) -> &keys::Deps {
        self.deps
            .get_or_init(|| keys::Deps::new(&self.env, self.global))
    }

    /// The input key of a group of files that are not pages: `build`
    /// keeps a group whole when its key is the previous build's.
    pub fn group_key(&self, group: Group) -> Digest {
        match group {
            Group::Sitemap => self.deps().group_key("sitemap"),
            Group::Search => self.deps().group_key("search terms"),
            Group::Data(year) => self.deps().data_key(&format!("data {year}")),
        }
    }

    /// Everything that is not a page: sitemap, robots.txt, feeds, the
    /// search index, the style sheet, static files and attachments.
    pub fn extras(&self) -> Vec<OutFile> {
        let mut files = self.extras_of(Extras::Basic);
        files.extend(self.extras_of(Extras::Feeds));
        files.extend(self.extras_of(Extras::Search));
        files
    }

    /// One group of `extras`: `serve` makes each group only when one of
    /// its files is first asked for.
    pub fn extras_of(&self, group: Extras) -> Vec<OutFile> {
        let files = std::sync::Mutex::new(Vec::new());
        self.extras_each(group, &|f| {
            if let Ok(mut files) = files.lock() {
                files.push(f);
            }
        });
        let mut files = files.into_inner().unwrap_or_default();
        // Made in parallel: back into a fixed order.
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    /// The Atom feeds, each with its input key, but those `known(path,
    /// key)` says are in place already: a unit's feed is keyed by its
    /// subtree, the site's by the whole site.
    pub fn feeds_keyed_each(
        &self,
        known: &(dyn Fn(&str, Digest) -> bool + Sync),
        emit: &(dyn Fn(OutFile, Digest) + Sync),
    ) {
        let deps = self.deps();
        let key = |path: &str, unit| deps.feed_key(path, unit);
        feeds::feed_files_each(
            &self.env,
            &|path, unit| known(path, key(path, unit)),
            &|file, unit| {
                let k = key(&file.path, unit);
                emit(file, k)
            },
        );
    }

    /// The sitemap and robots.txt (`Group::Sitemap`).
    pub fn sitemap_each(&self, emit: &(dyn Fn(OutFile) + Sync)) {
        let env = &self.env;
        let pages: Vec<String> = (0..self.pages.len())
            .map(|i| self.page_path(i))
            .filter_map(|p| p.strip_suffix("index.html").map(|dir| env.urls.file(dir)))
            .collect();
        feeds::sitemap_files_each(&env.urls, &env.origin, &pages, emit);
        drop(pages);
        // A site's own `static/robots.txt` replaces the generated one.
        if !env.site.static_files.iter().any(|(p, _)| p == urls::ROBOTS) {
            emit(feeds::robots(env));
        }
    }

    /// The style sheet, scripts, static files and attachments: copies.
    pub fn copies_each(&self, emit: &(dyn Fn(OutFile) + Sync)) {
        copies(&self.env).into_iter().for_each(emit);
    }

    /// The Atom feed at `path` alone (`None`: no feed is there), so that
    /// `serve` never holds every feed of a city to answer one.
    pub fn feed_file(&self, path: &str) -> Option<OutFile> {
        let found = std::sync::Mutex::new(None);
        feeds::feed_files_each(&self.env, &|p, _| p != path, &|f, _| {
            if let Ok(mut found) = found.lock() {
                *found = Some(f);
            }
        });
        found.into_inner().unwrap_or_default()
    }

    /// `search/meta.json` and the term shards, each handed to `emit`: the
    /// part of the index that is made whole (`Extras::Search` less the
    /// result rows).
    pub fn search_terms_each(&self, emit: &(dyn Fn(OutFile) + Sync)) {
        search::term_files_each(&self.env, emit);
    }

    /// The files of search result rows, each with its input key, but
    /// those `known(path, key)` says are in place already (`build`; the
    /// terms and `meta.json` are `Group::Search`).
    pub fn search_rows_keyed_each(
        &self,
        known: &(dyn Fn(&str, Digest) -> bool + Sync),
        emit: &(dyn Fn(OutFile, Digest) + Sync),
    ) -> Vec<bool> {
        search::rows_keyed_each(&self.env, self.deps(), known, emit)
    }

    /// The term shards and `meta.json`, made from the previous build's
    /// when few documents changed (see `search::terms_patched`; `kept`
    /// is what `search_rows_keyed_each` returned). `false`, having made
    /// nothing, when they must be made whole.
    pub fn search_terms_patched(
        &self,
        kept: &[bool],
        previous: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
        emit: &(dyn Fn(OutFile) + Sync),
    ) -> bool {
        search::terms_patched(&self.env, kept, previous, emit)
    }

    /// The result rows `search/d/<n>.json` alone.
    pub fn search_rows(&self, n: usize) -> Option<OutFile> {
        search::rows_file(&self.env, n)
    }

    /// One group of `extras`, each file handed to `emit` as soon as it is
    /// made (from any thread), so `build` holds no more than a city's
    /// feeds or index at a time.
    pub fn extras_each(&self, group: Extras, emit: &(dyn Fn(OutFile) + Sync)) {
        match group {
            Extras::Basic => {
                self.sitemap_each(emit);
                self.copies_each(emit);
            }
            Extras::Feeds => feeds::feed_files_each(&self.env, &|_, _| false, &|f, _| emit(f)),
            Extras::Search => {
                search::index_files_each(&self.env, emit);
            }
        }
    }
}

/// The groups of files `build` keys as one (`Renderer::group_key`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// The sitemap and robots.txt.
    Sitemap,
    /// The search index's term shards and `meta.json` (each file of
    /// result rows has a key of its own).
    Search,
    /// A year's open data, JSON and CSV.
    Data(i32),
}

/// The groups of non-page outputs, by what they cost to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extras {
    /// Cheap: sitemap, robots.txt, style sheet, static files, attachments.
    Basic,
    /// The Atom feeds: `feeds/atom.xml` and `<unit>/atom.xml`.
    Feeds,
    /// The search index, every file under `search/` but the search page.
    Search,
}

/// Context values shared by every page, built once.
struct Common {
    site: tera::Value,
    t: tera::Value,
}

impl Common {
    fn new(env: &Env) -> Self {
        let c = &env.site.config;
        let year = env.site.site_year();
        let site = serde_json::json!({
            "title": c.title,
            "base_url": c.base_url,
            "base": env.urls.base(),
            "lang": c.language.code(),
            "year": year,
            "year_url": year.map(|y| env.year_url(y)),
            "home_url": env.urls.dir(""),
            "years_url": env.urls.dir(urls::YEARS),
            "categories_url": env.urls.dir(urls::CATEGORIES),
            "style_url": env.urls.file(urls::STYLE),
            "reader_url": env.urls.file(urls::READER_JS),
            "search_url": env.urls.dir(urls::SEARCH),
            "glossary_url": env.urls.dir(urls::GLOSSARY),
            "feed_url": env.urls.file(urls::SITE_FEED),
            "today": env.today.to_string(),
            "note_pages": c.note_pages,
            "origin": env.origin,
            "as_of_print": env.t.fill("print_as_of", &[("date", env.today.to_string())]),
            "supervision": (!c.supervision.is_empty()).then_some(&c.supervision),
        });
        Common {
            site: tera::Value::from_serializable(&site),
            t: tera::Value::from_serializable(env.t.map()),
        }
    }
}

/// A page's template, file and context, before it is rendered.
struct Prepared {
    /// See `Page::key`.
    key: &'static str,
    template: &'static str,
    path: String,
    /// Served at any depth (the 404 page): its links stay absolute.
    anywhere: bool,
    ctx: tera::Context,
}

fn prepare_page(env: &Env, common: &Common, page: &pages::Page) -> (Prepared, pages::Built) {
    let built = pages::build(env, page);
    let path = built
        .file
        .clone()
        .unwrap_or_else(|| urls::index_file(&built.dir));
    let mut ctx = tera::Context::new();
    ctx.insert_value("site", common.site.clone());
    ctx.insert_value("t", common.t.clone());
    ctx.insert("crumbs", &built.crumbs);
    let url = env.urls.dir(&built.dir);
    ctx.insert("page", &page_value(env, &built, url, page.key()));
    let prepared = Prepared {
        key: page.key(),
        template: built.template,
        path,
        anywhere: built.file.is_some(),
        ctx,
    };
    (prepared, built)
}

fn page_value(env: &Env, built: &pages::Built, url: String, kind: &str) -> serde_json::Value {
    serde_json::json!({
        "title": built.title,
        "print_vars": print_vars(env, &url),
        "url": url,
        "kind": kind,
        "feed": built.feed.as_ref().map(|f| &f.url),
        "feed_title": built.feed.as_ref().map(|f| &f.label),
    })
}

fn render_page(
    env: &Env,
    theme: &Theme,
    common: &Common,
    page: &pages::Page,
    opts: &RenderOptions,
) -> Result<OutFile, Vec<Diagnostic>> {
    let (mut prepared, built) = prepare_page(env, common, page);
    prepared.ctx.insert_value(prepared.key, built.data);
    render_prepared(env, theme, prepared, opts)
}

fn render_prepared(
    env: &Env,
    theme: &Theme,
    prepared: Prepared,
    opts: &RenderOptions,
) -> Result<OutFile, Vec<Diagnostic>> {
    let Prepared {
        key: _,
        template,
        path,
        anywhere,
        ctx,
    } = prepared;
    let html = theme.render(template, &ctx, &path)?;
    Ok(finish(env, html, path, anywhere, opts))
}

/// A page's HTML from Tera, as it is written at `path`: its links
/// shortened or made relative, and the live-reload script added.
fn finish(
    env: &Env,
    mut html: Vec<u8>,
    path: String,
    anywhere: bool,
    opts: &RenderOptions,
) -> OutFile {
    // The 404 page is served at any depth: only absolute links work there.
    if !anywhere {
        let base = env.urls.base();
        html = if opts.relative {
            urls::relativize(&html, &path, base)
        } else {
            let dir = path.strip_suffix(urls::INDEX).unwrap_or(&path);
            urls::shorten(&html, &env.urls.dir(dir.trim_end_matches('/')), base)
        };
    }
    finished(env, html, path, opts)
}

/// A page whose links are in their final form, with the live-reload
/// script added when asked for.
fn finished(env: &Env, mut html: Vec<u8>, path: String, opts: &RenderOptions) -> OutFile {
    if opts.live_reload {
        inject_live_reload(&mut html, env.urls.base());
    }
    OutFile {
        path,
        body: OutBody::Bytes(html),
    }
}

/// What every page's bytes depend on besides its own context: the
/// program (its code and built-in theme), the site's templates, the
/// options and the values shared by every page. Hashed once per build.
fn global_key(site: &Site, common: &Common, opts: &RenderOptions) -> Digest {
    let mut h = manifest::Hash::default();
    h.str(manifest::program_identity());
    h.bytes(&[u8::from(opts.relative), u8::from(opts.live_reload)]);
    let templates: BTreeMap<&String, &String> =
        site.templates.iter().map(|(n, t)| (n, t)).collect();
    h.u128(templates.len() as u128);
    for (name, text) in templates {
        h.str(name);
        h.str(text);
    }
    hash_value(&common.site, &mut h);
    hash_value(&common.t, &mut h);
    h.finish()
}

/// A page's input key: the global key, its file, its template and every
/// value of its context. Rendering is a pure function of these (no
/// template reads anything else), so equal keys mean equal bytes.
fn page_key(global: Digest, prepared: &Prepared, built: &pages::Built) -> Digest {
    let mut h = manifest::Hash::default();
    h.u128(global);
    h.str(&prepared.path);
    h.str(prepared.template);
    h.bytes(&[u8::from(prepared.anywhere)]);
    for name in ["crumbs", "page"] {
        h.str(name);
        match prepared.ctx.get(name) {
            Some(v) => hash_value(v, &mut h),
            None => h.str(""),
        }
    }
    h.str(prepared.key);
    hash_value(&built.data, &mut h);
    h.finish()
}

/// Hashes a template value, maps in key order (Tera's maps have none of
/// their own), and strings with whether they are marked safe (which
/// decides their escaping).
fn hash_value(value: &tera::Value, h: &mut manifest::Hash) {
    if let Some(map) = value.as_map() {
        let mut entries: Vec<_> = map.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        h.bytes(b"{");
        h.u128(entries.len() as u128);
        for (k, v) in entries {
            match k.as_str() {
                Some(s) => h.str(s),
                None => h.str(&format!("\u{0}{k:?}")),
            }
            hash_value(v, h);
        }
    } else if let Some(items) = value.as_array() {
        h.bytes(b"[");
        h.u128(items.len() as u128);
        for v in items {
            hash_value(v, h);
        }
    } else if let Some(s) = value.as_str() {
        h.bytes(if value.is_safe() { b"S" } else { b"s" });
        h.str(s);
    } else {
        // Numbers, booleans, none, bytes: their JSON (tagged by kind, so
        // 1 and 1.0 and "1" differ).
        h.str(value.name());
        let _ = serde_json::to_writer(&mut *h, value);
    }
}

/// What a printed page says of itself, in the line above its content
/// and in the bottom margin of every sheet of paper: its address (the
/// path; the host is the site's) and the date of its data, as CSS custom
/// properties (`--u`, `--d`) for
/// `<html style='…'>`; the style sheet's `@page` margin boxes and
/// `body::before` lay them out next to the site's name ([`print_sheet`]),
/// so a page carries only what is its own. The date is the page's, not
/// the style sheet's: a page kept in a browser's cache still prints the
/// date of its own figures.
fn print_vars(env: &Env, url: &str) -> String {
    let as_of = env
        .t
        .fill("print_as_of", &[("date", env.today.to_string())]);
    format!(
        "--u:{};--d:{}",
        css_string(&urls::with_letters(url)),
        css_string(&as_of)
    )
}

/// `assets/print.css`: a `:root` rule with what a printed page says of
/// every page of the site: its name (`--pb-site`), the scheme and host
/// before a page's path (`--pb-origin`) and the word before its address
/// (`--pb-src`). The built-in style sheet imports it for print; a site's
/// own style sheet may too. Its own file, not part of the style sheet,
/// so that a theme's `style.css` is still copied as it is.
fn print_sheet(env: &Env) -> String {
    format!(
        ":root{{--pb-site:{};--pb-origin:{};--pb-src:{}}}\n",
        css_string(&env.site.config.title),
        css_string(&env.origin),
        css_string(env.t.get("print_source")),
    )
}

/// `text` as a quoted CSS string that cannot end the string, the rule or
/// the `<style>` element: quotes, backslashes, angle brackets, `&` and
/// control characters become CSS escapes.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c.is_control() || matches!(c, '"' | '\'' | '\\' | '<' | '>' | '&') {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// Where `serve`'s open pages listen for reloads, under the site's path.
pub(crate) const LIVE_RELOAD: &str = "__livereload";

/// [`LIVE_RELOAD`] under `base`, as a script's string literal.
pub(crate) fn live_reload_url(base: &str) -> String {
    serde_json::to_string(&format!("{base}{LIVE_RELOAD}"))
        .unwrap_or_else(|_| format!("\"/{LIVE_RELOAD}\""))
        .replace("</", "<\\/")
}

/// Marks a page's live-reload script with the version of the site it was
/// served from: its stream then starts there, and a change made between
/// serving the page and the script connecting reloads it at once.
pub(crate) fn stamp_live_reload(html: &mut Vec<u8>, version: u64) {
    let end = format!("{LIVE_RELOAD}\"");
    if let Some(at) = memchr::memmem::rfind(html, end.as_bytes()) {
        let at = at + LIVE_RELOAD.len();
        html.splice(at..at, format!("?since={version}").bytes());
    }
}

/// The `serve` script: reload, or swap style sheets, when the server says so.
pub(crate) fn inject_live_reload(html: &mut Vec<u8>, base: &str) {
    let url = live_reload_url(base);
    // `reload`: the page's content changed. `css`: only style sheets
    // changed: each `<link rel=stylesheet>` is loaded again beside the old
    // one (with a query against the cache), which goes when it has loaded.
    let script = format!(
        "<script>(function(){{var s=new EventSource({url});\
         s.addEventListener(\"reload\",function(){{location.reload();}});\
         s.addEventListener(\"css\",function(){{var n=Date.now();\
         document.querySelectorAll(\"link[rel~=stylesheet]\").forEach(function(l){{\
         var c=l.cloneNode();c.href=l.href.split(\"?\")[0]+\"?pb-css=\"+n;\
         c.onload=c.onerror=function(){{l.remove();}};l.after(c);}});}});\
         s.onmessage=function(e){{if(e.data===\"reload\")location.reload();}};}})();</script>\n"
    );
    let at = html
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    html.splice(at..at, script.bytes());
}

/// Style sheet, static files and note attachments, copied as they are.
fn copies(env: &Env) -> Vec<OutFile> {
    let site = env.site;
    let mut out = Vec::new();
    for (path, text) in [
        (urls::STYLE, theme::STYLE_CSS.to_string()),
        (urls::PRINT_CSS, print_sheet(env)),
        (urls::SEARCH_JS, theme::SEARCH_JS.to_string()),
        (urls::READER_JS, theme::READER_JS.to_string()),
    ] {
        if !site.static_files.iter().any(|(p, _)| p == path) {
            out.push(OutFile::text(path, text));
        }
    }
    for (path, source) in &site.static_files {
        out.push(OutFile {
            path: path.clone(),
            body: OutBody::Copy(source.clone()),
        });
    }
    for unit in &site.units {
        for (&year, uy) in &unit.years {
            for sheet in &uy.sheets {
                let dir = urls::sheet_dir(&unit.path, year, &sheet.id);
                for note in &sheet.notes {
                    out.extend(note.attachments.iter().map(|a| OutFile {
                        path: urls::join(&[&dir, &a.name]),
                        body: OutBody::Copy(a.source.clone()),
                    }));
                }
            }
        }
    }
    out
}

/// Two files at one path would silently lose one: report it instead.
fn check_unique(files: &[OutFile], errors: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for f in files {
        if !seen.insert(f.path.as_str()) {
            let source = match &f.body {
                OutBody::Copy(p) => p.display().to_string(),
                OutBody::Bytes(_) => "a page".to_string(),
            };
            errors.push(Diagnostic::error(
                "content",
                0,
                0,
                format!(
                    "two outputs would be written to `{}` (the second is {source}); rename one of them",
                    f.path
                ),
            ));
        }
    }
}

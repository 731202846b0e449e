//! Loading: walk the site tree, parse YAML and front matter with positions,
//! validate against docs/spec.md §2 and §5, and build the immutable `Site`.

pub mod cache;
mod fields;
mod fuzzing;
pub(crate) mod keyboard;
pub mod lookup;
mod names;
mod pledge;
mod site_yaml;
mod source;
mod unit_yaml;
mod walk;
pub mod yaml;
mod yaml_simple;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::diag::{self, Diagnostic};
use crate::i18n::{Messages, suggest};
use crate::model::{
    Attachment, Lang, MemberNames, RosterEntry, Sheet, Site, SiteConfig, UNIT_SHEET, Unit, UnitIx,
    UnitYear,
};
use fields::FileCx;
use pledge::FILE_START;
use walk::{Listing, UnitDir, YearDir, rel};

pub use fuzzing::{
    fuzz_front_matter, fuzz_parse_sheet, fuzz_review_yaml, fuzz_roster_yaml, fuzz_site_yaml,
    fuzz_unit_yaml,
};
pub use site_yaml::normalize_base_url;
pub use walk::RESERVED;

#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Publish sheets that are not approved yet (`build --drafts`).
    pub drafts: bool,
    /// Overrides `base_url` from site.yaml (`build --base-url`).
    pub base_url: Option<String>,
    /// Reads and keeps units in the load cache (`cache`), unless the
    /// environment turns it off.
    pub cache: bool,
    /// Reads the load cache but never writes it: `check` writes nothing
    /// (SPEC §5).
    pub cache_read_only: bool,
}

/// Loads the site at `root`. Returns the site and its warnings, or every
/// diagnostic (errors and warnings) when there is any error.
pub fn load(root: &Path, opts: &LoadOptions) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    Loader::new(root, opts.clone()).load(None)
}

/// A loader that remembers what it read, for `serve`: given the paths that
/// changed, it re-reads only the units those paths belong to, and walks the
/// tree again only when files or folders appeared or vanished. What one
/// change costs beyond reading its unit is a few steps per unit, no path
/// hashing or tree search over the whole site.
pub struct Loader {
    root: PathBuf,
    opts: LoadOptions,
    config: Option<SiteConfig>,
    walked: Option<Walked>,
    /// Parallel to `walked.dirs`: what loading each unit folder gave last
    /// time, already placed in the tree as walked; `None`: to be read.
    units: Vec<Option<UnitLoad>>,
    /// Units kept across a new walk, by folder, until it places them.
    carried: HashMap<PathBuf, UnitLoad>,
    cache: Option<cache::Store>,
    /// Of the unit folders the last load had to read, how many the cache
    /// gave.
    from_cache: (usize, usize),
    /// `input_stamp` walked the tree for the next full load.
    walk_unused: bool,
}

/// A unit as loaded from its folder, or nothing and its errors.
type UnitLoad = (Option<Arc<Unit>>, Vec<Diagnostic>);

/// The unit folders as last walked, and the walk's own diagnostics. The
/// listing of every folder is not kept: the unit folders' listings say
/// which files are known.
struct Walked {
    dirs: Vec<UnitDir>,
    /// Unit folder → its index in `dirs`.
    index: HashMap<PathBuf, usize>,
    /// Per unit folder, its children's indices.
    children: Vec<Vec<UnitIx>>,
    diags: Vec<Diagnostic>,
    /// YAML and Markdown files found under `content/`: what `check` says
    /// it checked.
    files: usize,
    /// `walk::tree_digest` of the listed tree.
    stamp: Option<crate::manifest::Digest>,
}

impl Walked {
    fn new(dirs: Vec<UnitDir>, diags: Vec<Diagnostic>, files: usize) -> Self {
        let mut children = vec![Vec::new(); dirs.len()];
        for (i, d) in dirs.iter().enumerate() {
            if let Some(p) = d.parent {
                children[p.get()].push(UnitIx::new(i));
            }
        }
        let index = dirs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.dir.clone(), i))
            .collect();
        Walked {
            dirs,
            index,
            children,
            diags,
            files,
            stamp: None,
        }
    }

    /// The unit folder that owns `path`: the deepest one at or above it.
    fn owner(&self, path: &Path) -> Option<usize> {
        path.ancestors().find_map(|a| self.index.get(a).copied())
    }

    /// Whether the walk listed `path` as a file of unit `u` (its own, a
    /// year's or a notes folder's).
    fn knows(&self, u: usize, path: &Path) -> bool {
        let d = &self.dirs[u];
        let listed = |l: &Listing| l.lists_file(path);
        listed(&d.listing)
            || d.years
                .iter()
                .any(|y| listed(&y.listing) || y.notes.iter().any(|(_, l)| listed(l)))
    }

    /// Puts a loaded unit where the walk places it (a unit already in
    /// place is left shared with the version loaded before).
    fn place(&self, i: usize, load: &mut UnitLoad) {
        let (Some(u), d) = (&mut load.0, &self.dirs[i]) else {
            return;
        };
        let children = &self.children[i];
        let placed = u.path == d.path
            && u.parent == d.parent
            && u.depth == d.depth
            && u.children == *children;
        if !placed {
            let u = Arc::make_mut(u);
            u.path.clone_from(&d.path);
            u.parent = d.parent;
            u.depth = d.depth;
            u.children.clone_from(children);
        }
    }
}

impl Loader {
    /// How many files the last load read: site.yaml and the YAML and
    /// Markdown files under `content/` (editors' junk aside).
    pub fn files_read(&self) -> usize {
        usize::from(self.root.join("site.yaml").is_file())
            + self.walked.as_ref().map_or(0, |w| w.files)
    }

    pub fn new(root: &Path, opts: LoadOptions) -> Self {
        Loader {
            root: root.to_path_buf(),
            config: None,
            walked: None,
            units: Vec::new(),
            carried: HashMap::new(),
            cache: (opts.cache && !cache::disabled_by_env())
                .then(|| cache::Store::new(root, opts.cache_read_only)),
            from_cache: (0, 0),
            walk_unused: false,
            opts,
        }
    }

    /// Of the unit folders the last load had to read (all of them on the
    /// first load), how many came from the load cache: (cached, read).
    /// `None` when the cache is off.
    pub fn from_cache(&self) -> Option<(usize, usize)> {
        self.cache.as_ref().map(|_| self.from_cache)
    }

    /// The files and folders that changed since the last walk, unit by
    /// unit (`UnitDir::differences`; a unit's folder when only the
    /// folder's own identity moved), and `content/` itself when units
    /// appeared or vanished: walks the tree
    /// again and compares every unit folder's names and file identities
    /// (`serve` calls it once its watcher is ready, for what changed before
    /// it watched). A loader made without `cache` took no identities:
    /// `content/` then, to be read again whole.
    pub fn rescan(&self) -> Vec<PathBuf> {
        let content = self.root.join("content");
        let Some(walked) = &self.walked else {
            return vec![content];
        };
        if !self.opts.cache {
            return vec![content];
        }
        let msg = Messages::new(
            self.config
                .as_ref()
                .map_or_else(Lang::default, |c| c.language),
        );
        // Unit folder by unit folder, in parallel, keeping no listing of the
        // whole tree (a city's is over 100 MB next to the model).
        let new_units = AtomicBool::new(false);
        let changed: Vec<PathBuf> = (0..walked.dirs.len())
            .into_par_iter()
            .flat_map_iter(|i| {
                let then = &walked.dirs[i];
                let mut ignored = Vec::new();
                let mut list =
                    |dir: &Path| walk::list_dir(&self.root, dir, msg, &mut ignored, true).0;
                let listing = list(&then.dir);
                let children: Vec<&Path> = walked.children[i]
                    .iter()
                    .map(|c| walked.dirs[c.get()].dir.as_path())
                    .collect();
                // A folder that is no unit and becomes one, or gains a year
                // folder (an error), changes the walk itself.
                for (name, sub) in listing.dirs() {
                    if walk::year_of(name).is_some() || children.contains(&sub.as_path()) {
                        continue;
                    }
                    let other = list(&sub);
                    if other.has_file("_unit.yaml")
                        || other.dirs.iter().any(|n| walk::year_of(n).is_some())
                    {
                        new_units.store(true, Ordering::Relaxed);
                    }
                }
                let years = then
                    .years
                    .iter()
                    .map(|y| {
                        let listing = list(&y.dir);
                        let notes = listing
                            .dirs()
                            .map(|(name, sub)| (name.clone(), list(&sub)))
                            .collect();
                        walk::YearDir {
                            year: y.year,
                            dir: y.dir.clone(),
                            listing,
                            notes,
                        }
                    })
                    .collect();
                let now = walk::UnitDir {
                    listing,
                    years,
                    ..then.clone_head()
                };
                let shape = cache::shape_of(then);
                if shape.is_some() && cache::shape_of(&now) == shape {
                    return Vec::new();
                }
                // Only a folder's own identity moved (a name came and
                // went): the unit, to be sure.
                let differences = then.differences(&now);
                if differences.is_empty() {
                    vec![then.dir.clone()]
                } else {
                    differences
                }
            })
            .collect();
        // Units added at the top (`content/` need not be a unit itself).
        let top = walked.dirs.first().is_some_and(|d| d.dir == content);
        if !top {
            let mut ignored = Vec::new();
            let (listing, _) = walk::list_dir(&self.root, &content, msg, &mut ignored, true);
            let known = |p: &Path| walked.index.contains_key(p);
            let added = listing.dirs().any(|(_, sub)| {
                !known(&sub)
                    && walk::list_dir(&self.root, &sub, msg, &mut Vec::new(), false)
                        .0
                        .has_file("_unit.yaml")
            });
            new_units.fetch_or(added, Ordering::Relaxed);
        }
        if new_units.load(Ordering::Relaxed) {
            return vec![content];
        }
        changed
    }

    /// Waits until the load cache has written what the loads so far read
    /// (dropping the loader waits too).
    pub fn flush_cache(&mut self) {
        if let Some(c) = &mut self.cache {
            c.flush();
        }
    }

    /// Lists the tree under `content/` (with every file's identity),
    /// finds the unit folders, checks the names, and places the units
    /// carried over from the last walk.
    /// With `stamp`, also digests the listed tree (`input_stamp` only).
    fn walk(&mut self, msg: Messages, note_pages: bool, stamp: bool) {
        let root = self.root.clone();
        let content = root.join("content");
        let mut diags = Vec::new();
        let since_ns = cache::system_ns(std::time::SystemTime::now());
        // Identities for the cache, and for `rescan` even when the
        // environment turns the cache off.
        // The cache's `Known` folders are only trusted with identities,
        // and where a folder's change time moves with its names (not on
        // Windows, whose "change time" is the creation time).
        let known = self
            .cache
            .as_ref()
            .filter(|_| self.opts.cache && cfg!(unix))
            .and_then(|c| c.folders(&content));
        crate::progress::phase("known folders read");
        let tree = walk::list_tree(
            &root,
            &content,
            msg,
            &mut diags,
            self.opts.cache,
            known.as_ref(),
        );
        crate::progress::phase("tree listed");
        if let Some(c) = &mut self.cache
            && cfg!(unix)
            && let Some(body) = cache::folders_body(&tree, &content, since_ns)
        {
            c.keep_folders(body);
        }
        crate::drop_aside(known);
        let stamp = stamp
            .then(|| walk::tree_digest(&tree, &content, since_ns))
            .flatten();
        crate::progress::phase("tree digested");
        let files = tree
            .values()
            .flat_map(|listing| &listing.files)
            .filter(|name| name.ends_with(".md") || name.ends_with(".yaml"))
            .count();
        let dirs = walk::find_units(&root, &content, tree, msg, &mut diags);
        // (A new `note_pages` walks again: the config is compared in `load`.)
        crate::progress::phase("units found");
        names::check(&root, &dirs, note_pages, msg, &mut diags);
        crate::progress::phase("names checked");
        let mut walked = Walked::new(dirs, diags, files);
        walked.stamp = stamp;
        if let Some(c) = &mut self.cache {
            c.prune(
                walked
                    .dirs
                    .iter()
                    .filter_map(|d| cache_key(&content, d))
                    .collect(),
            );
        }
        let mut carried = std::mem::take(&mut self.carried);
        self.units = (0..walked.dirs.len())
            .map(|i| {
                let mut load = carried.remove(&walked.dirs[i].dir)?;
                walked.place(i, &mut load);
                Some(load)
            })
            .collect();
        self.walked = Some(walked);
    }

    /// A digest of everything a full load would read, taken without
    /// reading any file's contents: the options, site.yaml, every name
    /// and file identity under `content/`, and the theme's and static
    /// files. Walks the tree (the next `load(None)` uses this walk).
    /// `None` when a file changed too recently for its identity to prove
    /// anything, or identities are not taken (the cache is off).
    pub fn input_stamp(&mut self) -> Option<crate::manifest::Digest> {
        self.cache.as_ref()?;
        let since_ns = cache::system_ns(std::time::SystemTime::now());
        let root = self.root.clone();
        let mut ignored = Vec::new();
        let (config, msg) = read_config(&root, &self.opts, &mut ignored);
        let config = config?;
        let mut h = crate::manifest::Hash::default();
        h.str("pledgeboard input stamp 1");
        h.str(crate::manifest::program_identity());
        h.str(&format!("{:?}", self.opts));
        // Every file outside content/ that a load reads.
        let theme = config.theme.as_deref().unwrap_or("default");
        let mut others = vec![root.join("site.yaml")];
        let theme_dir = root.join("themes").join(theme);
        h.u128(u128::from(theme_dir.is_dir()));
        for dir in [
            theme_dir.join("templates"),
            theme_dir.join("static"),
            root.join("static"),
        ] {
            h.str(&dir.to_string_lossy());
            others.extend(files_under(&dir).into_iter().map(|(_, p)| p));
        }
        for path in &others {
            // Followed, as reading site.yaml follows a link.
            let id = std::fs::metadata(path).ok()?;
            let id = walk::FileId::of(&id);
            if cache::recent(&id, since_ns) {
                return None;
            }
            h.str(&path.to_string_lossy());
            id.hash_into(&mut h);
        }
        self.walked = None;
        self.units.clear();
        self.carried.clear();
        self.walk(msg, config.note_pages, true);
        self.config = Some(config);
        self.walk_unused = true;
        h.u128(self.walked.as_ref()?.stamp?);
        Some(h.finish())
    }

    /// Loads the site. `changed` lists the paths changed since the last
    /// call (`None`: assume everything changed).
    pub fn load(
        &mut self,
        changed: Option<&[PathBuf]>,
    ) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
        let root = self.root.clone();
        let mut diags = Vec::new();
        let (config, msg) = read_config(&root, &self.opts, &mut diags);
        if !root.join("site.yaml").is_file() {
            // Not a site root: nothing else is worth reporting.
            return Err(diags);
        }
        // A new language or approval rule changes every file's reading;
        // a full load walks again, unless `input_stamp` has just walked.
        let fresh_walk = std::mem::take(&mut self.walk_unused);
        if config != self.config || (changed.is_none() && !fresh_walk) {
            self.walked = None;
            self.units.clear();
            self.carried.clear();
        }
        self.config = config.clone();
        self.forget(changed.unwrap_or(&[]));
        let content = root.join("content");
        // The cache compares a unit's files with the identities this walk
        // took: after a reload that did not walk again (an edit of a known
        // file), they are the last walk's, so the cache is left out. A walk
        // `input_stamp` has just made is this load's own.
        let mut walks = fresh_walk;
        if self.walked.is_none() {
            let note_pages = config.as_ref().is_some_and(|c| c.note_pages);
            self.walk(msg, note_pages, false);
            walks = true;
        }
        let Some(walked) = &self.walked else {
            return Err(diags);
        };
        diags.extend(walked.diags.iter().cloned());
        let require_approval =
            config.as_ref().is_none_or(|c| c.require_approval) && !self.opts.drafts;

        let todo: Vec<usize> = (0..walked.dirs.len())
            .filter(|&i| self.units[i].is_none())
            .collect();
        let names = config
            .as_ref()
            .map_or(MemberNames::Full, |c| c.member_names);
        let params = cache::Params {
            lang: msg.lang,
            require_approval,
            names,
        };
        let store = self.cache.as_ref().filter(|_| walks);
        let loaded: Vec<(usize, UnitLoad, Cached)> =
            todo.par_iter()
                .map(|&i| {
                    let d = &walked.dirs[i];
                    let key = store.and_then(|_| cache_key(&content, d));
                    let hit = store
                        .zip(key.as_deref())
                        .and_then(|(s, k)| s.lookup(k, d, params));
                    let (mut load, cached) = match hit {
                        Some(load) => (load, Cached::Hit),
                        None => {
                            let read = || {
                                let (mut unit, diags) = load_unit(&root, d, msg, require_approval);
                                if let Some(u) = &mut unit {
                                    hide_member_names(std::slice::from_mut(u), names);
                                }
                                (unit.map(Arc::new), diags)
                            };
                            let (load, stamps) = match key {
                                Some(_) => cache::recorded(read),
                                None => (read(), None),
                            };
                            let shape = cache::shape_of(d);
                            let fresh = key.zip(stamps).zip(shape).map(|((dir, stamps), shape)| {
                                cache::Fresh {
                                    dir,
                                    params,
                                    shape,
                                    stamps,
                                    load: load.clone(),
                                }
                            });
                            (
                                load,
                                fresh.map_or(Cached::No, |f| Cached::Fresh(Box::new(f))),
                            )
                        }
                    };
                    walked.place(i, &mut load);
                    (i, load, cached)
                })
                .collect();
        crate::progress::phase("units decoded or read");
        let hits = loaded
            .iter()
            .filter(|(_, _, c)| matches!(c, Cached::Hit))
            .count();
        self.from_cache = (hits, loaded.len());
        for (i, load, cached) in loaded {
            self.units[i] = Some(load);
            if let (Some(c), Cached::Fresh(f)) = (&mut self.cache, cached) {
                c.keep(f);
            }
        }

        let mut units = Vec::with_capacity(walked.dirs.len());
        for load in &self.units {
            // (every unit folder was loaded above)
            let Some((unit, unit_diags)) = load else {
                units.push(None);
                continue;
            };
            diags.extend(unit_diags.iter().cloned());
            units.push(unit.clone());
        }
        let (templates, static_files) = read_theme(&root, config.as_ref(), msg, &mut diags);
        assemble(config, units, templates, static_files, diags)
    }

    /// Drops what `changed` invalidates: the units that own the changed
    /// files, and the walk when anything was added, removed or renamed.
    fn forget(&mut self, changed: &[PathBuf]) {
        let Some(walked) = &self.walked else { return };
        let content = self.root.join("content");
        let mut rewalk = false;
        for path in changed {
            let junk = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(walk::is_junk);
            if junk {
                continue; // editors' swap and backup files are never read
            }
            let Ok(inside) = path.strip_prefix(&content) else {
                continue; // site.yaml, themes and static are read every time
            };
            let owner = walked.owner(path);
            let known = owner.is_some_and(|u| walked.knows(u, path));
            if !known || !path.is_file() || inside.as_os_str().is_empty() {
                rewalk = true;
            }
            if let Some(u) = owner {
                self.units[u] = None;
            }
        }
        if rewalk {
            // Folders may have moved between units: start over, but keep
            // the units whose folders are untouched.
            let units = std::mem::take(&mut self.units);
            self.carried = walked
                .dirs
                .iter()
                .zip(units)
                .filter(|(d, _)| {
                    !changed
                        .iter()
                        .any(|p| p.starts_with(&d.dir) || d.dir.starts_with(p))
                })
                .filter_map(|(d, load)| Some((d.dir.clone(), load?)))
                .collect();
            self.walked = None;
        }
    }
}

/// Where a unit's load came from, as far as the cache is concerned.
enum Cached {
    Hit,
    /// Read from its files, to be kept.
    Fresh(Box<cache::Fresh>),
    /// Read from its files, not to be kept (no cache, or a file failed).
    No,
}

/// A unit folder's name in the load cache: its path below `content/`.
fn cache_key(content: &Path, d: &UnitDir) -> Option<String> {
    let rel = d.dir.strip_prefix(content).ok()?;
    rel.to_str().map(str::to_string)
}

fn assemble(
    config: Option<SiteConfig>,
    units: Vec<Option<Arc<Unit>>>,
    templates: Vec<(String, String)>,
    static_files: Vec<(String, PathBuf)>,
    mut diags: Vec<Diagnostic>,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    diag::normalize(&mut diags);
    let failed = diags.iter().any(Diagnostic::is_error);
    let (Some(config), false) = (config, failed) else {
        return Err(diags);
    };
    // Units come placed (children included) and with member names hidden.
    let Some(units) = units.into_iter().collect::<Option<Vec<Arc<Unit>>>>() else {
        return Err(diags);
    };
    let mut years: Vec<i32> = units.iter().flat_map(|u| u.years.keys().copied()).collect();
    years.sort_unstable();
    years.dedup();
    let site = Site {
        config,
        units,
        years,
        static_files,
        templates,
    };
    Ok((site, diags))
}

/// `member_names: surname`: every member's name the model holds — sheet
/// names, roster names, secretaries — becomes surname + 同志 here, once
/// per unit as it is loaded, so no page, data file, feed or index can show
/// a full name.
fn hide_member_names(units: &mut [Unit], mode: MemberNames) {
    if mode == MemberNames::Full {
        return;
    }
    let roster = |r: &mut Option<Vec<RosterEntry>>| {
        for e in r.iter_mut().flatten() {
            e.name = mode.show(&e.name);
        }
    };
    for unit in units {
        if let Some(s) = &mut unit.secretary {
            *s = mode.show(s);
        }
        roster(&mut unit.roster);
        for uy in unit.years.values_mut() {
            roster(&mut uy.roster);
            for sheet in uy.sheets.iter_mut().filter(|s| !s.is_unit()) {
                if let Some(name) = &mut sheet.name {
                    *name = mode.show(name);
                }
            }
        }
    }
}

/// The language site.yaml asks for, read with the loader's own rules (so
/// `language: "en"` counts too), or `None` where there is no site.yaml.
pub fn site_language(root: &Path) -> Option<Lang> {
    if !root.join("site.yaml").is_file() {
        return None;
    }
    let (_, msg) = read_config(root, &LoadOptions::default(), &mut Vec::new());
    Some(msg.lang)
}

/// The `language:` a site.yaml says, read from its lines, so even its
/// YAML syntax errors are reported in the site's language.
fn sniff_language(text: &str) -> Option<crate::model::Lang> {
    text.lines().find_map(|line| {
        let value = line.strip_prefix("language")?.trim_start();
        let value = value
            .strip_prefix(':')
            .or_else(|| value.strip_prefix('：'))?;
        let value = value.split(" #").next().unwrap_or(value).trim();
        crate::model::Lang::parse(value.trim_matches(['"', '\'']))
    })
}

/// Reads site.yaml. The messages follow its `language` even when the rest
/// of it is broken, so the whole site is answered in one language.
fn read_config(
    root: &Path,
    opts: &LoadOptions,
    diags: &mut Vec<Diagnostic>,
) -> (Option<SiteConfig>, Messages) {
    let path = root.join("site.yaml");
    let mut cx = FileCx::new(Path::new("site.yaml"), Messages::default());
    if !path.is_file() {
        cx.error(Default::default(), cx.msg.no_site_yaml());
        diags.append(&mut cx.diags);
        return (None, cx.msg);
    }
    let config = source::read_text(&mut cx, &path)
        .and_then(|text| {
            // Syntax errors come before `language` is read: look for it.
            cx.msg.lang = sniff_language(&text).unwrap_or_default();
            source::parse_yaml(&mut cx, &text)
        })
        .and_then(|node| site_yaml::read(&mut cx, &node));
    diags.append(&mut cx.diags);
    let msg = cx.msg;
    let Some(mut config) = config else {
        return (None, msg);
    };
    if let Some(url) = &opts.base_url {
        match normalize_base_url(url) {
            Some(url) => config.base_url = url,
            None => diags.push(Diagnostic::error("--base-url", 0, 0, cx.msg.bad_base_url())),
        }
    }
    (Some(config), msg)
}

fn file_cx(root: &Path, path: &Path, msg: Messages) -> FileCx {
    FileCx::new(&rel(root, path), msg)
}

fn load_unit(
    root: &Path,
    dir: &UnitDir,
    msg: Messages,
    require_approval: bool,
) -> (Option<Unit>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let unit_path = dir.dir.join("_unit.yaml");
    let mut cx = file_cx(root, &unit_path, msg);
    let file = source::read_text(&mut cx, &unit_path)
        .and_then(|t| source::parse_yaml(&mut cx, &t))
        .and_then(|n| unit_yaml::read_unit(&mut cx, &n));
    diags.append(&mut cx.diags);
    let roster = dir
        .listing
        .files()
        .find(|(n, _)| *n == "_roster.yaml")
        .and_then(|(_, p)| read_roster(root, &p, msg, &mut diags));
    let mut years = BTreeMap::new();
    for y in &dir.years {
        let uy = load_year(
            root,
            y,
            roster.as_deref(),
            msg,
            require_approval,
            &mut diags,
        );
        years.insert(y.year, uy);
    }
    let unit = file.map(|f| Unit {
        path: dir.path.clone(),
        parent: dir.parent,
        children: Vec::new(),
        depth: dir.depth,
        name: f.name,
        kind: f.kind,
        secretary: f.secretary,
        members: f.members,
        established: f.established,
        description: f.description,
        exemplary: f.exemplary,
        rectification: f.rectification,
        extra: f.extra,
        roster,
        years,
    });
    (unit, diags)
}

fn read_roster(
    root: &Path,
    path: &Path,
    msg: Messages,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<RosterEntry>> {
    let mut cx = file_cx(root, path, msg);
    let roster = source::read_text(&mut cx, path)
        .and_then(|t| source::parse_yaml(&mut cx, &t))
        .and_then(|n| unit_yaml::read_roster(&mut cx, &n));
    diags.append(&mut cx.diags);
    roster
}

fn load_year(
    root: &Path,
    dir: &YearDir,
    unit_roster: Option<&[RosterEntry]>,
    msg: Messages,
    require_approval: bool,
    diags: &mut Vec<Diagnostic>,
) -> UnitYear {
    let year = dir.year;
    let mut uy = UnitYear {
        year,
        ..UnitYear::default()
    };
    let mut review_file = None;
    let mut sheet_files = Vec::new();
    for (name, path) in dir.listing.files() {
        match (name.as_str(), walk::sheet_id(name)) {
            ("_roster.yaml", _) => uy.roster = read_roster(root, &path, msg, diags),
            ("_review.yaml", _) => review_file = Some(path),
            (_, Some(id)) => sheet_files.push((id.to_string(), path)),
            _ => diags.push(Diagnostic::warning(
                rel(root, &path),
                0,
                0,
                msg.year_file_ignored(),
            )),
        }
    }
    let roster = uy.roster.as_deref().or(unit_roster);

    // Every sheet id in the folder, published or not: notes folders and
    // review keys may name drafts without error.
    let all_ids: Vec<&str> = sheet_files.iter().map(|(id, _)| id.as_str()).collect();
    let mut sheets = Vec::with_capacity(sheet_files.len());
    for (id, path) in &sheet_files {
        let is_unit = id == UNIT_SHEET;
        let mut cx = file_cx(root, path, msg);
        let file = source::read_text(&mut cx, path)
            .and_then(|t| source::parse_page(&mut cx, &t))
            .and_then(|p| pledge::read_sheet(&mut cx, p, is_unit));
        if let (false, Some(roster)) = (is_unit, roster) {
            match roster.iter().find(|e| &e.id == id) {
                None => {
                    let hint = suggest(id, roster.iter().map(|e| e.id.as_str()));
                    cx.error(FILE_START, msg.unknown_member(id, hint));
                }
                Some(e) if e.exempt_in(year) => cx.error(FILE_START, msg.exempt_member(id, year)),
                Some(_) => {}
            }
        }
        let ok = !cx.has_errors();
        diags.append(&mut cx.diags);
        // Notes are checked even when their sheet is broken, so one build
        // reports every error; their item ids only when the items are known.
        let notes_dir = dir.notes.iter().find(|(n, _)| n == id).map(|(_, l)| l);
        let item_ids: Option<Vec<&str>> = file
            .as_ref()
            .map(|f| f.items.iter().map(|i| i.id.as_str()).collect());
        let notes = notes_dir
            .map(|l| load_notes(root, l, year, item_ids.as_deref(), msg, diags))
            .unwrap_or_default();
        let (Some(file), true) = (file, ok) else {
            continue;
        };
        if require_approval && file.approved.is_none() {
            uy.drafts.push(id.clone());
            continue;
        }
        sheets.push(Sheet {
            id: id.clone(),
            name: file.name,
            name_pos: file.name_pos,
            role: file.role,
            form: file.form,
            approved: file.approved,
            published: file.published,
            items: file.items,
            body: file.body,
            extra: file.extra,
            fields: file.fields,
            notes,
        });
    }
    for (name, _) in &dir.notes {
        if !all_ids.contains(&name.as_str()) {
            diags.push(Diagnostic::error(
                rel(root, &dir.dir.join(name)),
                0,
                0,
                msg.notes_without_sheet(name),
            ));
        }
    }
    // `_unit` first, then by id (file names are already sorted).
    sheets.sort_by(|a, b| (!a.is_unit(), &a.id).cmp(&(!b.is_unit(), &b.id)));
    // Kept for the whole run: a city's sheets and notes are most of the
    // model, and a grown list's spare room would be a quarter of it.
    sheets.shrink_to_fit();
    uy.sheets = sheets;

    if let Some(path) = &review_file {
        let mut cx = file_cx(root, path, msg);
        if let Some(node) =
            source::read_text(&mut cx, path).and_then(|t| source::parse_yaml(&mut cx, &t))
        {
            let mut reviews = pledge::read_reviews(&mut cx, &node, &all_ids);
            reviews.retain(|id, _| uy.sheets.iter().any(|s| &s.id == id));
            uy.reviews = reviews;
        }
        diags.append(&mut cx.diags);
    }
    uy
}

fn load_notes(
    root: &Path,
    listing: &Listing,
    year: i32,
    items: Option<&[&str]>,
    msg: Messages,
    diags: &mut Vec<Diagnostic>,
) -> Vec<crate::model::Note> {
    let mut notes = Vec::with_capacity(listing.files.iter().filter(|n| n.ends_with(".md")).count());
    let mut attachments = Vec::new();
    for (name, path) in listing.files() {
        if let Some(stem) = name.strip_suffix(".md") {
            let mut cx = file_cx(root, &path, msg);
            let note = source::read_text(&mut cx, &path)
                .and_then(|t| source::parse_page(&mut cx, &t))
                .and_then(|p| pledge::read_note(&mut cx, p, stem, year, items));
            diags.append(&mut cx.diags);
            notes.extend(note);
            continue;
        }
        if walk::is_attachment(name) {
            attachments.push(Attachment {
                name: name.clone(),
                source: path,
            });
        } else {
            diags.push(Diagnostic::warning(
                rel(root, &path),
                0,
                0,
                msg.attachment_ignored(),
            ));
        }
    }
    for (_, dir) in listing.dirs() {
        diags.push(Diagnostic::warning(
            rel(root, &dir),
            0,
            0,
            msg.notes_subfolder_ignored(),
        ));
    }
    // docs/spec.md §3 walks notes by date, then file name.
    notes.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    notes.shrink_to_fit();
    // Attachments belong to the notes folder as a whole; every note can
    // link any of them, so they ride on the first note.
    if let Some(first) = notes.first_mut() {
        first.attachments = attachments;
    }
    notes
}

type Theme = (Vec<(String, String)>, Vec<(String, PathBuf)>);

/// Reads the theme's template overrides and the static files of the theme
/// and of the site (the site's own `static/` wins on a name clash).
fn read_theme(
    root: &Path,
    config: Option<&SiteConfig>,
    msg: Messages,
    diags: &mut Vec<Diagnostic>,
) -> Theme {
    let name = config
        .and_then(|c| c.theme.clone())
        .unwrap_or_else(|| "default".to_string());
    let theme_dir = root.join("themes").join(&name);
    let mut templates = Vec::new();
    let mut statics = BTreeMap::new();
    if theme_dir.is_dir() {
        let tpl_dir = theme_dir.join("templates");
        for (rel_name, path) in files_under(&tpl_dir) {
            if !rel_name.ends_with(".html") && !rel_name.ends_with(".xml") {
                continue;
            }
            let mut cx = file_cx(root, &path, msg);
            if let Some(text) = source::read_text(&mut cx, &path) {
                templates.push((rel_name, text));
            }
            diags.append(&mut cx.diags);
        }
        statics.extend(files_under(&theme_dir.join("static")));
    } else if name != "default" {
        diags.push(Diagnostic::error(
            "site.yaml",
            0,
            0,
            msg.theme_missing(&name),
        ));
    }
    statics.extend(files_under(&root.join("static")));
    (templates, statics.into_iter().collect())
}

/// Every regular file below `dir`: (path relative to `dir` with `/`, path).
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_str().is_none_or(walk::is_junk))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let parts: Option<Vec<&str>> = rel.iter().map(|p| p.to_str()).collect();
            Some((parts?.join("/"), e.path().to_path_buf()))
        })
        .collect()
}

use walkdir::WalkDir;

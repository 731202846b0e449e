//! The whole pipeline for `build`, `check` and `serve`:
//! load → derive → render → (write). Everything but the final write is
//! in memory, so a failed build never touches the previous output.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::content::{self, LoadOptions};
use crate::data;
use crate::derive::{self, YearFacts};
use crate::diag::Diagnostic;
use crate::manifest::{Digest, Entry};
use crate::model::{Date, Site};
use crate::outdir::{MARK, OutDir};
use crate::output::{self, OutFile, SwapError, Target};
use crate::progress::Counter;
use crate::render::{self, Group, RenderOptions, Renderer};

/// Derived facts for every year that has a year folder anywhere (and the
/// site year, so the home page always has figures). `previous`: an
/// earlier site and its facts (`serve`, after a change), whose facts are
/// reused for the units the two share; the result is the same either way.
pub fn derive_all(
    site: &Site,
    today: Date,
    previous: Option<(&Site, &BTreeMap<i32, YearFacts>)>,
) -> BTreeMap<i32, YearFacts> {
    let mut years = site.years.clone();
    years.extend(site.site_year());
    years
        .into_iter()
        .map(|y| {
            let before = previous.and_then(|(s, facts)| facts.get(&y).map(|f| (s, f)));
            (y, derive::derive_year_from(site, y, today, before))
        })
        .collect()
}

/// Every output file of the site: pages, static files and open data.
pub fn generate(site: &Site, opts: &RenderOptions) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let facts = derive_all(site, opts.today, None);
    let mut files = render::render_site(site, &facts, opts)?;
    for year in &site.years {
        files.extend(data::data_files(site, &facts[year]));
    }
    // A later file of the same path wins (generated pages over static
    // files); sorting makes the list independent of render order.
    files.reverse();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|later, earlier| later.path == earlier.path);
    Ok(files)
}

/// Why `build_to` failed. In every case but `Stranded` and `Unfinished`
/// the previous output is in place as it was.
#[derive(Debug)]
pub enum BuildError {
    /// Content errors: nothing was written.
    Content(Vec<Diagnostic>),
    /// Writing or swapping failed; the new site was discarded.
    Io(std::io::Error),
    /// Updating the output in place stopped part way: every file is
    /// whole (the old or the new version), and the next build, finding
    /// the journal, completes the update exactly.
    Unfinished(std::io::Error),
    /// The output is missing and the previous site is at `previous`
    /// (see `output::SwapError::Stranded`).
    Stranded {
        error: std::io::Error,
        previous: PathBuf,
    },
}

/// A build whose new site is complete in place.
#[derive(Debug)]
pub struct Built {
    /// Files of the site (the output's mark not counted).
    pub files: usize,
    /// The previous site's copy that could not be deleted, and why.
    pub leftover: Option<(PathBuf, std::io::Error)>,
    /// What changed against the previous site (when asked for).
    pub changes: Option<crate::changes::Changes>,
}

/// Renders the site and writes it to `out`, each page as soon as it is
/// rendered (so memory does not grow with the site): over an earlier
/// build, only what changed, in place (`output::InPlace`); otherwise into
/// a staging folder that replaces `out` only when everything succeeded.
pub fn build_to(site: &Site, opts: &RenderOptions, out: &OutDir) -> Result<Built, BuildError> {
    build_counting(site, opts, out, &Counter::default(), Publish::default())
}

/// How `build` publishes, besides what it renders.
#[derive(Clone, Copy, Debug, Default)]
pub struct Publish {
    /// List what changed against the previous site.
    pub changes: bool,
    /// Make the whole site anew in a staging folder, trusting nothing of
    /// the previous output (`build --force`).
    pub fresh: bool,
}

/// `build_to`, counting pages in `progress` (for the progress bar).
pub fn build_counting(
    site: &Site,
    opts: &RenderOptions,
    out: &OutDir,
    progress: &Counter,
    publish: Publish,
) -> Result<Built, BuildError> {
    // The previous output's manifest is read while the site is derived
    // and the renderer made: at a city's size each takes a tenth of a
    // second on one core. (A target dropped unused leaves the output as
    // it was.)
    let (out_path, fresh) = (out.path().to_path_buf(), publish.fresh);
    let begun = std::thread::spawn(move || Target::begin(&out_path, fresh));
    let target = move || {
        begun
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("reading the output failed")))
    };
    let facts = derive_all(site, opts.today, None);
    crate::progress::phase("derived");
    let refs = facts.iter().map(|(y, f)| (*y, f)).collect();
    let renderer = match Renderer::new(site, refs, opts) {
        Ok(renderer) => renderer,
        Err(diags) => {
            drop(target());
            return Err(BuildError::Content(diags));
        }
    };
    // Before the pages, on every core: each page's key starts from them.
    renderer.make_keys();
    crate::progress::phase("renderer made");
    progress.set_total(renderer.page_count());
    let target = target().map_err(BuildError::Io)?;
    crate::progress::phase("target begun");
    // The mark is the build's: a static file of its name is a clash.
    let seen = Mutex::new(HashSet::from([MARK.to_string()]));
    let errors = Mutex::new(Vec::new());
    let io_error = Mutex::new(None);
    // One thread creates the files while the others render: rendering
    // keeps the cores busy, and at a city's size two threads creating
    // files in one folder tree mostly take turns in the file system
    // (BENCHMARKS.md: the note-page write floor at L ran at 1.09 CPU/wall
    // on two threads). The bounded queue keeps memory flat when writing
    // falls behind.
    let (queue, written) = std::sync::mpsc::sync_channel::<(OutFile, Entry)>(256);
    // Whether `path` is still free; a second output for it is an error.
    let claim = |path: &str| {
        let fresh = seen
            .lock()
            .map(|mut s| s.insert(path.to_string()))
            .unwrap_or(true);
        if !fresh {
            let message = format!("two outputs would be written to `{path}`");
            if let Ok(mut e) = errors.lock() {
                e.push(Diagnostic::error(path, 0, 0, message));
            }
        }
        fresh
    };
    let failed = |e: std::io::Error| {
        if let Ok(mut slot) = io_error.lock() {
            slot.get_or_insert(e);
        }
    };
    // Hashed here, on the making thread: the writer has enough. The
    // writer only stops early when the build is failing anyway.
    let send = |queue: &mut std::sync::mpsc::SyncSender<(OutFile, Entry)>, file: OutFile, key| {
        match output::entry_of(&file, key) {
            Ok(entry) => {
                let _ = queue.send((file, entry));
            }
            Err(e) => failed(e),
        }
    };
    let put = |queue: &mut std::sync::mpsc::SyncSender<(OutFile, Entry)>, file: OutFile, key| {
        if claim(&file.path) {
            send(queue, file, key);
        }
    };
    // A group of files made from one key is neither made nor written
    // when the previous build made it from the same key and its files
    // are in place; their paths are still claimed.
    let kept_group = |key| match target.known_group(key) {
        Some(paths) => {
            for path in &paths {
                claim(path);
            }
            true
        }
        None => false,
    };
    // A page whose file, made from the same input key, is in place is
    // neither rendered nor written.
    let known = |path: &str, key| !claim(path) || target.known(path, key);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for (file, entry) in written {
                if let Err(e) = target.write_entry(&file, entry) {
                    failed(e);
                }
            }
        });
        // The search index, feeds and data files are built mostly on one
        // thread: alongside the pages, not after them.
        rayon::join(
            || {
                renderer
                    .build_order()
                    .into_par_iter()
                    .for_each_with(queue.clone(), |queue, i| {
                        match renderer.render_keyed(i, &known) {
                            Ok(None) => progress.add(1),
                            Ok(Some((file, key))) => {
                                send(queue, file, Some(key));
                                progress.add(1);
                            }
                            Err(d) => {
                                if let Ok(mut e) = errors.lock() {
                                    e.extend(d);
                                }
                            }
                        }
                    });
                crate::progress::phase("pages done");
            },
            || {
                // Each file goes to the writer as soon as it is made: a
                // city's feeds and search index are never held whole.
                rayon::join(
                    || {
                        // `known` has claimed each file's path already.
                        let kept = renderer.search_rows_keyed_each(&known, &|file, key| {
                            send(&mut queue.clone(), file, Some(key))
                        });
                        let key = renderer.group_key(Group::Search);
                        if !kept_group(key) {
                            let emit = |file| put(&mut queue.clone(), file, Some(key));
                            let previous = |path: &str| target.previous(path);
                            if !renderer.search_terms_patched(&kept, &previous, &emit) {
                                renderer.search_terms_each(&emit);
                            }
                        }
                        crate::progress::phase("search done");
                    },
                    || {
                        // `known` has claimed each feed's path already.
                        renderer.feeds_keyed_each(&known, &|file, key| {
                            send(&mut queue.clone(), file, Some(key))
                        });
                        let key = renderer.group_key(Group::Sitemap);
                        if !kept_group(key) {
                            renderer.sitemap_each(&|file| put(&mut queue.clone(), file, Some(key)));
                        }
                        renderer.copies_each(&|file| put(&mut queue.clone(), file, None));
                        crate::progress::phase("feeds done");
                    },
                );
                // Written straight to their files: at a city's size the
                // JSON alone is hundreds of MB.
                for year in &site.years {
                    let key = renderer.group_key(Group::Data(*year));
                    if kept_group(key) {
                        continue;
                    }
                    let [json, csv] = data::paths(*year);
                    let writers: [(String, data::Writer); 2] =
                        [(json, data::write_json), (csv, data::write_csv)];
                    for (path, write) in writers {
                        if claim(&path)
                            && let Err(e) = target
                                .write_with(&path, Some(key), |w| write(site, &facts[year], w))
                        {
                            failed(e);
                        }
                    }
                }
            },
        );
        drop(queue);
    });
    crate::progress::phase("rendered and written");
    let mut errors = errors.into_inner().unwrap_or_default();
    if !errors.is_empty() {
        crate::diag::normalize(&mut errors);
        return Err(BuildError::Content(errors));
    }
    if let Some(e) = io_error.into_inner().ok().flatten() {
        return Err(BuildError::Io(e));
    }
    let files = seen.into_inner().map(|s| s.len() - 1).unwrap_or(0);
    let changes = if publish.changes {
        Some(target.changes().map_err(BuildError::Io)?)
    } else {
        None
    };
    crate::progress::phase("changes listed");
    let staging = match target {
        Target::InPlace(in_place) => {
            in_place.commit().map_err(BuildError::Unfinished)?;
            return Ok(Built {
                files,
                leftover: None,
                changes,
            });
        }
        Target::Staging(staging) => staging,
    };
    match staging.commit() {
        Ok(swapped) => Ok(Built {
            files,
            leftover: swapped.leftover,
            changes,
        }),
        Err(SwapError::Kept(e)) => Err(BuildError::Io(e)),
        Err(SwapError::Stranded { error, previous }) => {
            Err(BuildError::Stranded { error, previous })
        }
    }
}

/// Renders pages and throws them away: what `check` does to catch
/// template errors without holding or writing the site. Every page when
/// the site brings templates of its own; otherwise the built-in theme's
/// templates (tested with this program) are tried on a sample: the first
/// page of every run of one kind and every `CHECK_EVERY`th page, which
/// keeps `check` a fraction of a build.
pub fn check_render(
    site: &Site,
    facts: &BTreeMap<i32, YearFacts>,
    opts: &RenderOptions,
) -> Result<(), Vec<Diagnostic>> {
    let refs = facts.iter().map(|(y, f)| (*y, f)).collect();
    let renderer = Renderer::new(site, refs, opts)?;
    let pages: Vec<usize> = if renderer.has_site_templates() {
        (0..renderer.page_count()).collect()
    } else {
        // Kinds are interleaved (a board, its sheets, the next board…):
        // each kind's first page once, not every change of kind, which
        // was one page in nine on a city.
        let mut pages: Vec<usize> = (0..renderer.page_count())
            .step_by(CHECK_EVERY)
            .chain(renderer.first_of_each_kind())
            .collect();
        pages.sort_unstable();
        pages.dedup();
        pages
    };
    let mut errors: Vec<Diagnostic> = pages
        .into_par_iter()
        .filter_map(|i| renderer.render_page(i).err())
        .flatten()
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    crate::diag::normalize(&mut errors);
    Err(errors)
}

/// One page in this many is rendered by `check` with the built-in theme.
pub const CHECK_EVERY: usize = 50;

/// Loads and generates in one step: what `build` and `serve` do.
pub fn load_and_generate(
    root: &Path,
    load: &LoadOptions,
    render: &RenderOptions,
) -> Result<(Site, Vec<OutFile>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (site, warnings) = content::load(root, load)?;
    let files = generate(&site, render).map_err(|mut errs| {
        errs.extend(warnings.iter().cloned());
        errs
    })?;
    Ok((site, files, warnings))
}

/// The stamp a build record keeps: the loader's (every input and load
/// option) with the render options (`--today`, `--relative`).
pub fn input_stamp(loaded: Digest, opts: &RenderOptions) -> Digest {
    let mut h = crate::manifest::Hash::default();
    h.u128(loaded);
    h.str(&format!("{opts:?}"));
    h.finish()
}

/// Today's date on this machine, for builds without `--today`.
pub fn today() -> Date {
    Date(jiff::ZonedDateTime::now().date())
}

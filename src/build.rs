//! The whole pipeline for `build`, `check` and `serve`:
//! load → derive → render → (write). Everything but the final write is
//! in memory, so a failed build never touches the previous output.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::content::{self, LoadOptions};
use crate::data;
use crate::derive::{self, YearFacts};
use crate::diag::Diagnostic;
use crate::model::{Date, Site};
use crate::output::OutFile;
use crate::output::Staging;
use crate::render::{self, RenderOptions, Renderer};

/// Derived facts for every year that has a year folder anywhere (and the
/// site year, so the home page always has figures).
pub fn derive_all(site: &Site, today: Date) -> BTreeMap<i32, YearFacts> {
    let mut years = site.years.clone();
    years.extend(site.site_year());
    years
        .into_iter()
        .map(|y| (y, derive::derive_year(site, y, today)))
        .collect()
}

/// Every output file of the site: pages, static files and open data.
pub fn generate(site: &Site, opts: &RenderOptions) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let facts = derive_all(site, opts.today);
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

/// Why `build_to` failed: the content (nothing was written), or the disk.
#[derive(Debug)]
pub enum BuildError {
    Content(Vec<Diagnostic>),
    Io(std::io::Error),
}

/// Renders the site and writes it to `out`, each page as soon as it is
/// rendered (so memory does not grow with the site), into a staging folder
/// that replaces `out` only when everything succeeded. Returns the number
/// of files written.
pub fn build_to(site: &Site, opts: &RenderOptions, out: &Path) -> Result<usize, BuildError> {
    let facts = derive_all(site, opts.today);
    let refs = facts.iter().map(|(y, f)| (*y, f)).collect();
    let renderer = Renderer::new(site, refs, opts).map_err(BuildError::Content)?;
    let staging = Staging::begin(out).map_err(BuildError::Io)?;
    let seen = Mutex::new(HashSet::new());
    let errors = Mutex::new(Vec::new());
    let io_error = Mutex::new(None);
    let put = |file: OutFile| {
        let fresh = seen
            .lock()
            .map(|mut s| s.insert(file.path.clone()))
            .unwrap_or(true);
        if !fresh {
            let message = format!("two outputs would be written to `{}`", file.path);
            if let Ok(mut e) = errors.lock() {
                e.push(Diagnostic::error(&file.path, 0, 0, message));
            }
            return;
        }
        if let Err(e) = staging.write(&file)
            && let Ok(mut slot) = io_error.lock()
        {
            slot.get_or_insert(e);
        }
    };
    (0..renderer.page_count())
        .into_par_iter()
        .for_each(|i| match renderer.render_page(i) {
            Ok(file) => put(file),
            Err(d) => {
                if let Ok(mut e) = errors.lock() {
                    e.extend(d);
                }
            }
        });
    let mut rest = renderer.extras();
    for year in &site.years {
        rest.extend(data::data_files(site, &facts[year]));
    }
    rest.into_par_iter().for_each(put);
    let mut errors = errors.into_inner().unwrap_or_default();
    if !errors.is_empty() {
        crate::diag::normalize(&mut errors);
        return Err(BuildError::Content(errors));
    }
    if let Some(e) = io_error.into_inner().ok().flatten() {
        return Err(BuildError::Io(e));
    }
    let count = seen.into_inner().map(|s| s.len()).unwrap_or(0);
    staging.commit().map_err(BuildError::Io)?;
    Ok(count)
}

/// Renders every page and throws it away: what `check` does to catch
/// template errors without holding or writing the site.
pub fn check_render(site: &Site, opts: &RenderOptions) -> Result<(), Vec<Diagnostic>> {
    let facts = derive_all(site, opts.today);
    let refs = facts.iter().map(|(y, f)| (*y, f)).collect();
    let renderer = Renderer::new(site, refs, opts)?;
    let mut errors: Vec<Diagnostic> = (0..renderer.page_count())
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

/// Today's date on this machine, for builds without `--today`.
pub fn today() -> Date {
    Date(jiff::ZonedDateTime::now().date())
}

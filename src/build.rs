//! The whole pipeline for `build`, `check` and `serve`:
//! load → derive → render → (write). Everything but the final write is
//! in memory, so a failed build never touches the previous output.

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::{self, LoadOptions};
use crate::data;
use crate::derive::{self, YearFacts};
use crate::diag::Diagnostic;
use crate::model::{Date, Site};
use crate::output::OutFile;
use crate::render::{self, RenderOptions};

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

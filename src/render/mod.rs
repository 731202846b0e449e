//! Rendering: the site model and its derived facts in, output files out.
//! Never touches the disk.

use std::collections::BTreeMap;

use crate::derive::YearFacts;
use crate::diag::Diagnostic;
use crate::model::{Date, Site};
use crate::output::OutFile;

#[derive(Clone, Debug)]
pub struct RenderOptions {
    pub today: Date,
    /// Adds the live-reload script (`serve` only; `build` never).
    pub live_reload: bool,
}

/// Renders every page of SPEC §4 (data files excepted: see `crate::data`).
pub fn render_site(
    site: &Site,
    facts: &BTreeMap<i32, YearFacts>,
    opts: &RenderOptions,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let _ = (site, facts, opts);
    Ok(Vec::new())
}

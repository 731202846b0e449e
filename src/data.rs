//! Open data: `/data/<year>.json` and `/data/<year>.csv` (SPEC §4).

use crate::derive::YearFacts;
use crate::model::Site;
use crate::output::OutFile;

pub fn data_files(site: &Site, facts: &YearFacts) -> Vec<OutFile> {
    let _ = (site, facts);
    Vec::new()
}

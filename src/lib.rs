//! pledgeboard: a static-site generator for public pledge boards.
//!
//! The pipeline, one module per step: `content` (load and validate) →
//! `model` (immutable site) → `derive` (docs/spec.md §3 figures) → `render` and
//! `data` (pages and open data, in memory) → `output` (atomic write, into
//! a folder `outdir` allows).

pub mod advice;
pub mod archive;
pub mod build;
pub mod changes;
pub mod content;
pub mod data;
pub mod derive;
pub mod diag;
pub mod editor;
pub mod escape;
pub mod i18n;
pub mod manifest;
pub mod model;
pub mod outdir;
pub mod output;
pub mod progress;
pub mod render;
pub mod report;
pub mod schema;
pub mod serve;

/// Frees `what` on a thread of its own. A city's manifest holds 144,000
/// paths and its walk half a million names: freeing them one by one
/// costs a tenth of a second the build need not wait for (when the
/// process ends first, the system takes the memory back at once).
pub(crate) fn drop_aside<T: Send + 'static>(what: T) {
    // Where no thread can be made, the failed spawn drops it here.
    let _ = std::thread::Builder::new().spawn(move || drop(what));
}

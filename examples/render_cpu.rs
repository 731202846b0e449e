//! What rendering a site costs the processor, apart from the disk: loads
//! `ROOT` (not timed), then renders every output file into memory on all
//! cores, ROUNDS times, and prints one line per round:
//!
//! ```sh
//! cargo run --release --example render_cpu -- ROOT --today 2026-12-01 [--rounds 5]
//! # round=1 wall_s=… user_s=… sys_s=… files=… bytes=…
//! cargo run --release --example render_cpu -- ROOT --today 2026-12-01 --by-kind
//! # kind=sheet pages=… ms=… us_per_page=… kb_per_page=… share=…%
//! ```
//!
//! `--by-kind` renders every page once more on one thread, in page order,
//! and says what each kind of page cost (its view, its template and its
//! links together): where a change to one kind shows.
//!
//! A build's time on this machine moves with the file system's state by
//! more than a code change saves; the user time of this loop does not
//! touch the disk, so two binaries' rendering can be compared over
//! alternated runs (BENCHMARKS.md, "Rendering CPU"). Nothing is written.

#[path = "support/cpu.rs"]
mod cpu;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use cpu::cpu_times;

use pledgeboard::build;
use pledgeboard::content::{self, LoadOptions};
use pledgeboard::model::Date;
use pledgeboard::render::{RenderOptions, Renderer};

/// The allocator `pledgeboard` itself uses (src/main.rs): allocating is
/// a tenth or more of rendering's time, and glibc's costs more.
#[cfg(unix)]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    match run(std::env::args().skip(1)) {
        Ok(lines) => lines.iter().for_each(|line| println!("{line}")),
        Err(message) => {
            eprintln!("render_cpu: {message}");
            std::process::exit(2);
        }
    }
}

/// Measures as the arguments say; a line per round, or what went wrong.
pub fn run(mut args: impl Iterator<Item = String>) -> Result<Vec<String>, String> {
    let usage = "usage: render_cpu ROOT --today YYYY-MM-DD [--rounds N] [--by-kind]";
    let (mut root, mut today, mut rounds, mut by_kind) = (None, None, 3usize, false);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--today" => today = args.next().and_then(|d| Date::parse(&d)),
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or(usage)?;
            }
            "--by-kind" => by_kind = true,
            _ => root = Some(PathBuf::from(arg)),
        }
    }
    let (root, today) = root.zip(today).ok_or(usage)?;
    let load = LoadOptions::default();
    let (site, _) = content::load(&root, &load)
        .map_err(|errors| format!("{} content errors (run `pledgeboard check`)", errors.len()))?;
    let opts = RenderOptions {
        today,
        live_reload: false,
        relative: false,
    };
    let mut lines = Vec::new();
    for round in 1..=rounds {
        let (t0, before) = (Instant::now(), cpu_times());
        let files = build::generate(&site, &opts)
            .map_err(|errors| format!("{} render errors", errors.len()))?;
        let (wall, after) = (t0.elapsed().as_secs_f64(), cpu_times());
        let bytes: usize = files.iter().map(|f| f.held_len()).sum();
        lines.push(format!(
            "round={round} wall_s={wall:.3} user_s={:.3} sys_s={:.3} files={} bytes={bytes}",
            after.0 - before.0,
            after.1 - before.1,
            files.len(),
        ));
    }
    if by_kind {
        lines.extend(kinds(&site, &opts)?);
    }
    Ok(lines)
}

/// Every page rendered once on this thread, in page order (a member's
/// QR code is made for their board's desk cards and taken by their
/// sheet, as in a build), timed and summed by kind, costliest first.
fn kinds(site: &pledgeboard::model::Site, opts: &RenderOptions) -> Result<Vec<String>, String> {
    let facts = build::derive_all(site, opts.today, None);
    let renderer = Renderer::new(site, facts.iter().map(|(y, f)| (*y, f)).collect(), opts)
        .map_err(|errors| format!("{} render errors", errors.len()))?;
    // kind → (pages, seconds, bytes)
    let mut by: BTreeMap<&str, (usize, f64, usize)> = BTreeMap::new();
    for i in 0..renderer.page_count() {
        let t0 = Instant::now();
        let file = renderer
            .render_page(i)
            .map_err(|errors| format!("{} render errors", errors.len()))?;
        let e = by.entry(renderer.page_kind(i)).or_default();
        e.0 += 1;
        e.1 += t0.elapsed().as_secs_f64();
        e.2 += file.held_len();
    }
    let total: f64 = by.values().map(|e| e.1).sum();
    let mut rows: Vec<_> = by.into_iter().collect();
    rows.sort_by(|a, b| b.1.1.total_cmp(&a.1.1));
    let all = rows.iter().fold((0, 0.0, 0), |acc, (_, e)| {
        (acc.0 + e.0, acc.1 + e.1, acc.2 + e.2)
    });
    Ok(rows
        .into_iter()
        .chain([("all", all)])
        .map(|(kind, (pages, secs, bytes))| {
            format!(
                "kind={kind} pages={pages} ms={:.1} us_per_page={:.1} kb_per_page={:.1} share={:.1}%",
                secs * 1e3,
                secs * 1e6 / pages as f64,
                bytes as f64 / 1024.0 / pages as f64,
                100.0 * secs / total.max(f64::MIN_POSITIVE),
            )
        })
        .collect())
}

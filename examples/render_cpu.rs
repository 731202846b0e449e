//! What rendering a site costs the processor, apart from the disk: loads
//! `ROOT` (not timed), then renders every output file into memory on all
//! cores, ROUNDS times, and prints one line per round:
//!
//! ```sh
//! cargo run --release --example render_cpu -- ROOT --today 2026-12-01 [--rounds 5]
//! # round=1 wall_s=… user_s=… sys_s=… files=… bytes=…
//! ```
//!
//! A build's time on this machine moves with the file system's state by
//! more than a code change saves; the user time of this loop does not
//! touch the disk, so two binaries' rendering can be compared over
//! alternated runs (BENCHMARKS.md, "Rendering CPU"). Nothing is written.

#[path = "support/cpu.rs"]
mod cpu;

use std::path::PathBuf;
use std::time::Instant;

use cpu::cpu_times;

use pledgeboard::build;
use pledgeboard::content::{self, LoadOptions};
use pledgeboard::model::Date;
use pledgeboard::render::RenderOptions;

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
    let usage = "usage: render_cpu ROOT --today YYYY-MM-DD [--rounds N]";
    let (mut root, mut today, mut rounds) = (None, None, 3usize);
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
    Ok(lines)
}

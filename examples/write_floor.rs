//! The least it costs this machine to write a given site: reads every file
//! of `SRC` into memory (not timed), then writes the same tree into the new
//! folder `OUT` with one thread per core, creating each folder and file
//! once, and prints what that write cost:
//!
//! ```sh
//! cargo run --release --example write_floor -- SRC OUT [--threads N]
//! # prints one line: phase wall_s=… user_s=… sys_s=… files=… folders=… bytes=… threads=…
//! ```
//!
//! `cp -r` does the same work on one core and reads as it goes; this is the
//! floor of a generator that renders for free and writes on every core, so
//! a build with note pages can be set against the cost of its own output
//! (bench/run.sh, tool `floor-write-notes`; BENCHMARKS.md). `OUT` must not
//! exist: nothing is ever written over.

#[path = "support/cpu.rs"]
mod cpu;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use cpu::cpu_times;

/// Entries a thread takes at a time: neighbours in walk order share their
/// folders, as a generator's pages of one sheet do.
const CHUNK: usize = 64;

enum Entry {
    Folder(PathBuf),
    File(PathBuf, Vec<u8>),
}

fn main() {
    match run(std::env::args().skip(1)) {
        Ok(line) => println!("{line}"),
        Err(message) => {
            eprintln!("write_floor: {message}");
            std::process::exit(2);
        }
    }
}

/// Copies as the arguments say; the line to print, or what went wrong.
pub fn run(mut args: impl Iterator<Item = String>) -> Result<String, String> {
    let mut positional = Vec::new();
    let mut threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    while let Some(arg) = args.next() {
        if arg == "--threads" {
            threads = args
                .next()
                .and_then(|n| n.parse().ok())
                .filter(|&n| n > 0)
                .ok_or("--threads takes a number above 0")?;
        } else {
            positional.push(PathBuf::from(arg));
        }
    }
    let [src, out] = <[PathBuf; 2]>::try_from(positional)
        .map_err(|_| "usage: write_floor SRC OUT [--threads N]".to_string())?;
    if out.exists() {
        return Err(format!("{} exists: give a new folder", out.display()));
    }
    let entries = load(&src).map_err(|e| format!("reading {}: {e}", src.display()))?;
    let before = cpu_times();
    let started = Instant::now();
    fs::create_dir(&out).map_err(|e| format!("creating {}: {e}", out.display()))?;
    write_all(&out, &entries, threads).map_err(|e| format!("writing {}: {e}", out.display()))?;
    let wall = started.elapsed().as_secs_f64();
    let after = cpu_times();
    let files = entries
        .iter()
        .filter(|e| matches!(e, Entry::File(..)))
        .count();
    let bytes: usize = entries
        .iter()
        .map(|e| match e {
            Entry::File(_, body) => body.len(),
            Entry::Folder(_) => 0,
        })
        .sum();
    Ok(format!(
        "phase wall_s={wall:.3} user_s={:.3} sys_s={:.3} files={files} folders={} bytes={bytes} threads={threads}",
        after.0 - before.0,
        after.1 - before.1,
        entries.len() - files,
    ))
}

/// Every folder and file under `src`, in walk order (a folder before what
/// it holds), with paths relative to `src`.
fn load(src: &Path) -> io::Result<Vec<Entry>> {
    let mut entries = Vec::new();
    for entry in walkdir::WalkDir::new(src).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(src).map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            entries.push(Entry::Folder(rel.to_path_buf()));
        } else if entry.file_type().is_file() {
            entries.push(Entry::File(rel.to_path_buf(), fs::read(entry.path())?));
        }
    }
    Ok(entries)
}

/// Writes `entries` under `out` on `threads` threads taking chunks in turn.
/// A folder whose parent another thread has not made yet is made with its
/// parents; one made already is taken as it is.
fn write_all(out: &Path, entries: &[Entry], threads: usize) -> io::Result<()> {
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| -> io::Result<()> {
                    loop {
                        let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                        if start >= entries.len() {
                            return Ok(());
                        }
                        for entry in &entries[start..(start + CHUNK).min(entries.len())] {
                            write_one(out, entry)?;
                        }
                    }
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join()
                .unwrap_or_else(|_| Err(io::Error::other("a writer panicked")))
        })
    })
}

fn write_one(out: &Path, entry: &Entry) -> io::Result<()> {
    match entry {
        Entry::Folder(rel) => match fs::create_dir(out.join(rel)) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(out.join(rel)),
            result => result,
        },
        Entry::File(rel, body) => {
            let target = out.join(rel);
            match fs::write(&target, body) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    if let Some(parent) = target.parent() {
                        fs::create_dir_all(parent)?;
                    }
                    fs::write(&target, body)
                }
                result => result,
            }
        }
    }
}

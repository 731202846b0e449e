//! The progress line of long builds. It appears only after a second and
//! only on a terminal: short builds, logs, CI and tests see nothing.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// What the build has done, shared with the display.
#[derive(Default)]
pub struct Counter {
    total: AtomicUsize,
    done: AtomicUsize,
}

impl Counter {
    pub fn set_total(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }
    pub fn add(&self, n: usize) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }
    /// (done, total); total is 0 until rendering starts.
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// Draws `Counter` on stderr until dropped.
pub struct Display {
    stop: Arc<AtomicBool>,
    shown: Arc<Mutex<Option<ProgressBar>>>,
    thread: Option<JoinHandle<()>>,
}

/// How long a build runs before it gets a progress line.
const QUIET_FOR: Duration = Duration::from_secs(1);
const TICK: Duration = Duration::from_millis(100);

impl Display {
    /// `loading` is shown (with a spinner) until the counter has a total,
    /// then `rendering` with a bar of pages.
    pub fn start(counter: Arc<Counter>, loading: String, rendering: String) -> Display {
        let stop = Arc::new(AtomicBool::new(false));
        let shown = Arc::new(Mutex::new(None));
        if !std::io::stderr().is_terminal() {
            return Display {
                stop,
                shown,
                thread: None,
            };
        }
        let stopped = Arc::clone(&stop);
        let slot = Arc::clone(&shown);
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            while started.elapsed() < QUIET_FOR {
                if stopped.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(TICK / 2);
            }
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let spinner = ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            let pages = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            bar.set_style(spinner);
            bar.set_message(loading);
            if let Ok(mut slot) = slot.lock() {
                *slot = Some(bar.clone());
            }
            let mut counting = false;
            while !stopped.load(Ordering::Relaxed) {
                let (done, total) = counter.get();
                if total > 0 && !counting {
                    counting = true;
                    bar.set_length(total as u64);
                    bar.set_style(pages.clone());
                    bar.set_message(rendering.clone());
                }
                if counting {
                    bar.set_position(done.min(total) as u64);
                } else {
                    bar.tick();
                }
                std::thread::sleep(TICK);
            }
            bar.finish_and_clear();
        });
        Display {
            stop,
            shown,
            thread: Some(thread),
        }
    }

    /// Prints a line on stderr above the progress line, if one is shown.
    pub fn println(&self, line: String) {
        let bar = self.shown.lock().ok().and_then(|b| b.clone());
        match bar {
            Some(bar) => bar.println(line),
            // A closed stderr (`2>&1 | head`) is no reason to panic.
            None => {
                use std::io::Write;
                let _ = writeln!(std::io::stderr().lock(), "{line}");
            }
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// With `PB_PHASES` set, names a phase of the build on stderr with the
/// time since the first call: how BENCHMARKS.md splits a build's time.
pub fn phase(name: &str) {
    static START: std::sync::OnceLock<Option<Instant>> = std::sync::OnceLock::new();
    let start = START.get_or_init(|| std::env::var_os("PB_PHASES").map(|_| Instant::now()));
    if let Some(start) = start {
        eprintln!("phase {:>6} ms  {name}", start.elapsed().as_millis());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counter_counts_across_threads() {
        let c = Counter::default();
        assert_eq!(c.get(), (0, 0));
        c.set_total(10);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| c.add(2));
            }
        });
        assert_eq!(c.get(), (8, 10));
    }
}

//! Values several pages of one render need, made once: a member's QR
//! code (their sheet and their desk card), a unit-year's board and its
//! members' items (its board, its two posters and its desk cards).
//! Pages are rendered one at a time on every core, so the value is kept
//! from its first use until its last and handed over in between.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// Values waiting for their remaining uses. Each is made by the first
/// page that asks (a page on another core asking meanwhile waits for it
/// rather than making it twice) and forgotten when its last use has
/// taken it. Uses that never come (a page `serve` is not asked for, a
/// page an incremental build keeps) would keep it for good: when
/// `keep` values wait, they are all let go, and a value made again is
/// the same.
pub struct Reuse<K, V> {
    waiting: Mutex<HashMap<K, Waiting<V>>>,
    keep: usize,
}

struct Waiting<V> {
    value: Arc<OnceLock<V>>,
    /// Uses still to come.
    left: usize,
}

impl<K: Hash + Eq, V: Clone> Reuse<K, V> {
    pub fn new(keep: usize) -> Self {
        Reuse {
            waiting: Mutex::new(HashMap::new()),
            keep,
        }
    }

    /// The value of `key`, wanted by `uses` pages in all (this one
    /// included), made by `make` if no page made it before.
    pub fn get<Q>(&self, key: &Q, uses: usize, make: impl FnOnce() -> V) -> V
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        let cell = {
            let mut waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
            match waiting.get_mut(key) {
                Some(w) => {
                    w.left = w.left.saturating_sub(1);
                    let cell = Arc::clone(&w.value);
                    if w.left == 0 {
                        waiting.remove(key);
                    }
                    cell
                }
                None => {
                    let cell = Arc::new(OnceLock::new());
                    if uses > 1 {
                        if waiting.len() >= self.keep {
                            waiting.clear();
                        }
                        let w = Waiting {
                            value: Arc::clone(&cell),
                            left: uses - 1,
                        };
                        waiting.insert(key.to_owned(), w);
                    }
                    cell
                }
            }
        };
        cell.get_or_init(make).clone()
    }

    /// How many values wait.
    #[cfg(test)]
    pub fn waiting(&self) -> usize {
        self.waiting
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn made_once_for_all_its_uses_then_forgotten() {
        let reuse: Reuse<String, usize> = Reuse::new(8);
        let made = AtomicUsize::new(0);
        let make = || made.fetch_add(1, Ordering::SeqCst) + 10;
        assert_eq!(reuse.get("a", 3, make), 10);
        assert_eq!(reuse.waiting(), 1);
        assert_eq!(reuse.get("a", 3, make), 10);
        assert_eq!(reuse.get("a", 3, make), 10);
        assert_eq!(made.load(Ordering::SeqCst), 1);
        assert_eq!(reuse.waiting(), 0);
        // Asked for again (serve), it is made again.
        assert_eq!(reuse.get("a", 3, make), 11);
        // A value of one use is not kept.
        assert_eq!(reuse.get("b", 1, make), 12);
        assert_eq!(reuse.waiting(), 1);
    }

    #[test]
    fn uses_that_never_come_do_not_keep_values_for_good() {
        let reuse: Reuse<String, usize> = Reuse::new(4);
        for i in 0..4 {
            reuse.get(&i.to_string(), 2, || i);
        }
        assert_eq!(reuse.waiting(), 4);
        assert_eq!(reuse.get("x", 2, || 99), 99);
        assert_eq!(reuse.waiting(), 1);
        // A value let go is made again by its next use: the same value.
        assert_eq!(reuse.get("0", 2, || 0), 0);
    }

    #[test]
    fn pages_on_other_cores_wait_for_the_first_instead_of_making_it() {
        let reuse: Reuse<String, usize> = Reuse::new(8);
        let made = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    let v = reuse.get("k", 4, || {
                        made.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        7
                    });
                    assert_eq!(v, 7);
                });
            }
        });
        assert_eq!(made.load(Ordering::SeqCst), 1);
        assert_eq!(reuse.waiting(), 0);
    }
}

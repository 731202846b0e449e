//! The process's processor time, for the measuring examples.

/// User and system CPU seconds of this process so far (all its threads).
#[cfg(unix)]
pub fn cpu_times() -> (f64, f64) {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return (f64::NAN, f64::NAN);
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (secs(usage.ru_utime), secs(usage.ru_stime))
}

#[cfg(not(unix))]
pub fn cpu_times() -> (f64, f64) {
    (f64::NAN, f64::NAN)
}

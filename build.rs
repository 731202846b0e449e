//! The program's own identity for `build`'s input keys (src/manifest.rs):
//! a hash of everything that decides what a page looks like besides its
//! content — our sources, the built-in theme and the locked dependencies
//! (Tera's rendering among them). Hashed from the files' bytes, not their
//! times, so a Windows and a Linux program made from one checkout agree,
//! and their outputs stay byte-identical.

use std::fs;
use std::path::Path;

fn main() {
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    for top in [
        "src",
        "themes/default",
        "Cargo.lock",
        "Cargo.toml",
        "build.rs",
    ] {
        println!("cargo:rerun-if-changed={top}");
        walk(Path::new(top), &mut hash);
    }
    println!("cargo:rustc-env=PLEDGEBOARD_SOURCE_HASH={:016x}", hash.0);
}

/// Files in name order, each as its path then its bytes.
fn walk(path: &Path, hash: &mut Fnv) {
    if path.is_dir() {
        let mut entries: Vec<_> = fs::read_dir(path)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for entry in entries {
            walk(&entry, hash);
        }
    } else if let Ok(bytes) = fs::read(path) {
        let name: Vec<String> = path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        hash.eat(name.join("/").as_bytes());
        hash.eat(&(bytes.len() as u64).to_le_bytes());
        hash.eat(&bytes);
    }
}

/// FNV-1a: a build script has no dependencies to hash with.
struct Fnv(u64);

impl Fnv {
    fn eat(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

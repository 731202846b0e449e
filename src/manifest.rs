//! The manifest every build leaves in its output: per file of the site,
//! a hash of its bytes, its length and the *input key* it was made from.
//! The next build over the same folder renders and writes only what has
//! a new key (`output::InPlace`), and removes only files a manifest or the
//! journal lists: never anything this program did not write.
//!
//! The manifest is deterministic (no times, no machine's paths): two
//! builds of the same input, anywhere, leave the same bytes, as they do
//! for every other file of the output.

use std::collections::HashMap;
use std::fs;
use std::hash::Hasher;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use siphasher::sip128::{Hasher128, SipHasher13};

/// The manifest's name, at the top of the output beside the mark: a file
/// of the output like any other (zipped, synced, listed by `--changes`),
/// so that the output folder alone says what it holds.
pub const MANIFEST: &str = ".pledgeboard-manifest";
/// Beside the output, present while an in-place build changes it: the
/// files it may have replaced or removed (a killed build's next one
/// trusts none of them).
pub const JOURNAL: &str = ".pledgeboard-journal";
/// Beside the output (the same file system): new files are written
/// whole here before they are renamed into place.
pub const PENDING: &str = ".pledgeboard-pending";

/// The bookkeeping file or folder `what` (`JOURNAL`, `PENDING`) of the
/// output folder `out`: `.public.pledgeboard-journal` for `public/`.
pub fn beside(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}{what}"))
}

/// First line of the manifest; a file that does not start with it is not
/// one this version can trust.
const HEADER: &str = "pledgeboard manifest 1: hash length key path";
const JOURNAL_HEADER: &str = "pledgeboard journal 1";

/// A 128-bit SipHash-1-3: fast (a city's pages are gigabytes), and
/// collisions are out of reach for content that is not crafted for them
/// (the keys are fixed so that hashes are the same on every machine).
pub type Digest = u128;

/// Hashing as an `io::Write`, so serializers and copies stream into it.
#[derive(Clone)]
pub struct Hash(SipHasher13);

impl Default for Hash {
    fn default() -> Self {
        Hash(SipHasher13::new_with_keys(
            0x7065_6467_6562_6f61,
            0x7264_2d6d_616e_6966,
        ))
    }
}

impl Hash {
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }
    /// A string, with its length first, so that parts cannot run together.
    pub fn str(&mut self, text: &str) {
        self.0.write_u64(text.len() as u64);
        self.0.write(text.as_bytes());
    }
    pub fn u128(&mut self, n: u128) {
        self.0.write_u128(n);
    }
    /// A value's `Debug` text, streamed (no string is made: keys hash one
    /// for each of a city's pages), then a byte no UTF-8 text holds, so
    /// that parts cannot run together.
    pub fn debug(&mut self, value: &dyn std::fmt::Debug) {
        struct Stream<'a>(&'a mut SipHasher13);
        impl std::fmt::Write for Stream<'_> {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0.write(s.as_bytes());
                Ok(())
            }
        }
        let _ = std::fmt::write(&mut Stream(&mut self.0), format_args!("{value:?}"));
        self.0.write_u8(0xff);
    }
    pub fn finish(&self) -> Digest {
        self.0.finish128().into()
    }
}

impl Write for Hash {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub fn of_bytes(bytes: &[u8]) -> Digest {
    let mut h = Hash::default();
    h.bytes(bytes);
    h.finish()
}

/// What the manifest knows of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Of the file's bytes.
    pub hash: Digest,
    pub len: u64,
    /// Of everything the file was made from; for files that are not pages
    /// (made whole on every build) the bytes' hash again.
    pub key: Digest,
}

/// The program's identity, part of every page's key: the version and a
/// hash of the sources and the built-in theme (build.rs).
pub fn program_identity() -> &'static str {
    concat!(
        env!("CARGO_PKG_VERSION"),
        "+",
        env!("PLEDGEBOARD_SOURCE_HASH")
    )
}

/// Paths are written with `\` and newlines escaped: a line is one file.
fn escape(path: &str) -> String {
    path.replace('\\', "\\\\").replace('\n', "\\n")
}

/// Whether `path` is one a build could have written: relative, `/`
/// separators, no empty, `.` or `..` part. A manifest or journal is a
/// file in the output that anyone with access could edit; a path that
/// could reach outside the output makes the whole file untrusted.
fn plausible(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && !path.contains('\0')
        && (cfg!(unix) || !path.contains(':'))
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next()? {
                '\\' => out.push('\\'),
                'n' => out.push('\n'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    plausible(&out).then_some(out)
}

/// The manifest's text for `entries` (sorted here, so it is the same
/// whatever order the files were made in).
pub fn to_text(entries: &mut [(String, Entry)]) -> Vec<u8> {
    use rayon::prelude::*;
    // On every core: a city's manifest has 144,000 lines, made (and
    // compared) on every build, at the end, when nothing else is left.
    entries.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let lines: Vec<Vec<u8>> = entries
        .par_chunks(4096)
        .map(|chunk| {
            let mut out = Vec::with_capacity(chunk.len() * 120);
            for (path, e) in chunk {
                line(&mut out, path, e);
            }
            out
        })
        .collect();
    let mut out = Vec::with_capacity(lines.iter().map(Vec::len).sum::<usize>() + 64);
    out.extend_from_slice(HEADER.as_bytes());
    out.push(b'\n');
    lines.iter().for_each(|l| out.extend_from_slice(l));
    out.extend_from_slice(b"end\n");
    out
}

/// One entry's line, by hand, not `write!`.
fn line(out: &mut Vec<u8>, path: &str, e: &Entry) {
    let hex = |out: &mut Vec<u8>, n: Digest| {
        out.extend(
            (0..32)
                .rev()
                .map(|i| b"0123456789abcdef"[(n >> (4 * i)) as usize & 15]),
        );
    };
    hex(out, e.hash);
    out.push(b' ');
    out.extend_from_slice(e.len.to_string().as_bytes());
    out.push(b' ');
    hex(out, e.key);
    out.push(b' ');
    if path.contains(['\\', '\n']) {
        out.extend_from_slice(escape(path).as_bytes());
    } else {
        out.extend_from_slice(path.as_bytes());
    }
    out.push(b'\n');
}

/// The manifest in `out`, or `None` when there is none this version can
/// read whole (then nothing in the folder is known, and the build makes
/// the site anew).
pub fn read(out: &Path) -> Option<HashMap<String, Entry>> {
    parse(&read_bytes(out)?)
}

/// The manifest file's bytes, when `out` has one (a file, not a link).
pub fn read_bytes(out: &Path) -> Option<Vec<u8>> {
    let path = out.join(MANIFEST);
    if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    fs::read(&path).ok()
}

/// A manifest's entries from its bytes (`None` unless whole and valid).
pub fn parse(bytes: &[u8]) -> Option<HashMap<String, Entry>> {
    let text = std::str::from_utf8(bytes).ok()?;
    // Lines as `BufRead::lines` cuts them: at `\n`, a `\r` before it
    // dropped, the last without one kept.
    let mut lines = text
        .strip_suffix('\n')
        .unwrap_or(text)
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l));
    if text.is_empty() || lines.next()? != HEADER {
        return None;
    }
    let mut entries = HashMap::with_capacity(text.len() / 110);
    let mut ended = false;
    for line in lines {
        // A manifest cut short (a full disk) is not trusted: it ends so.
        if ended {
            return None;
        }
        if line == "end" {
            ended = true;
            continue;
        }
        let mut parts = line.splitn(4, ' ');
        let hash = Digest::from_str_radix(parts.next()?, 16).ok()?;
        let len = parts.next()?.parse().ok()?;
        let key = Digest::from_str_radix(parts.next()?, 16).ok()?;
        let path = parts.next()?;
        let path = match path.contains('\\') {
            true => unescape(path)?,
            false => plausible(path).then(|| path.to_string())?,
        };
        if entries.insert(path, Entry { hash, len, key }).is_some() {
            return None;
        }
    }
    ended.then_some(entries)
}

/// Writes `bytes` to `path` whole: to `part` first (on the same file
/// system, outside the output when `path` is in it), then renamed over.
pub fn write_whole(path: &Path, part: &Path, bytes: &[u8]) -> io::Result<()> {
    let result = fs::write(part, bytes).and_then(|()| fs::rename(part, path));
    if result.is_err() {
        let _ = fs::remove_file(part);
    }
    result
}

/// The paths an interrupted in-place build may have replaced or removed;
/// `None` when no build was interrupted. A journal that cannot be read
/// whole means every file is in doubt (`Some(None)`).
pub fn read_journal(out: &Path) -> Option<Option<Vec<String>>> {
    let path = beside(out, JOURNAL);
    fs::symlink_metadata(&path).ok()?;
    let Ok(text) = fs::read_to_string(&path) else {
        return Some(None);
    };
    let mut lines = text.lines();
    if lines.next() != Some(JOURNAL_HEADER) || !text.ends_with("\nend\n") {
        return Some(None);
    }
    let paths: Option<Vec<String>> = lines.take_while(|l| *l != "end").map(unescape).collect();
    Some(paths)
}

/// The journal's text for `paths`; its last line says it is whole.
pub fn journal_text<'a>(paths: impl Iterator<Item = &'a str>) -> Vec<u8> {
    let mut out = format!("{JOURNAL_HEADER}\n").into_bytes();
    for p in paths {
        out.extend_from_slice(escape(p).as_bytes());
        out.push(b'\n');
    }
    out.extend_from_slice(b"end\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_as_written() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let e = |n: u128| Entry {
            hash: n,
            len: n as u64 * 3,
            key: u128::MAX - n,
        };
        let mut entries = vec![
            ("b/index.html".to_string(), e(2)),
            ("a b\nd/index.html".to_string(), e(1)),
        ];
        let text = to_text(&mut entries);
        fs::create_dir_all(&out).unwrap();
        write_whole(&out.join(MANIFEST), &tmp.path().join("part"), &text).unwrap();
        assert!(!tmp.path().join("part").exists());
        let back = read(&out).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back["a b\nd/index.html"], e(1));
        assert_eq!(back["b/index.html"], e(2));
        // Sorted, so the order it was made in does not show.
        entries.reverse();
        assert_eq!(to_text(&mut entries), text);
        // Each line: hash, length, key (hex, 32 digits), path escaped.
        let line = format!("{:032x} 6 {:032x} b/index.html\n", 2, u128::MAX - 2);
        assert!(String::from_utf8(text).unwrap().contains(&line));
        // A path that could reach outside the output spoils the file.
        for bad in ["../x", "a/../b", "/etc/passwd", "a//b", ""] {
            let mut entries = vec![(bad.to_string(), e(1))];
            fs::write(out.join(MANIFEST), to_text(&mut entries)).unwrap();
            assert!(read(&out).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_damaged_manifest_or_journal_is_not_trusted() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(&out).unwrap();
        let (manifest, journal_file) = (out.join(MANIFEST), beside(&out, JOURNAL));
        let mut entries = vec![(
            "index.html".to_string(),
            Entry {
                hash: 1,
                len: 2,
                key: 3,
            },
        )];
        let text = to_text(&mut entries);
        for cut in [0, 10, HEADER.len() + 5, text.len() - 3] {
            fs::write(&manifest, &text[..cut]).unwrap();
            assert!(read(&out).is_none(), "cut at {cut}");
        }
        assert!(read_journal(&out).is_none());
        let journal = journal_text(["a/index.html", "b.txt"].into_iter());
        fs::write(&journal_file, &journal).unwrap();
        assert_eq!(
            read_journal(&out),
            Some(Some(vec!["a/index.html".into(), "b.txt".into()]))
        );
        fs::write(&journal_file, &journal[..journal.len() - 2]).unwrap();
        assert_eq!(read_journal(&out), Some(None));
        // A path that could reach outside the output spoils the file.
        for bad in ["../x", "a/../../x", "/etc/passwd", "a//b", "./a", ""] {
            let journal = journal_text([bad].into_iter());
            fs::write(&journal_file, &journal).unwrap();
            assert_eq!(read_journal(&out), Some(None), "{bad}");
            let mut entries = vec![(
                bad.to_string(),
                Entry {
                    hash: 1,
                    len: 2,
                    key: 3,
                },
            )];
            fs::write(&manifest, to_text(&mut entries)).unwrap();
            assert!(read(&out).is_none(), "{bad}");
        }
    }
}

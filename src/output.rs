//! The files a build produces, and writing them to disk atomically: the
//! site is written into a fresh folder beside the output and swapped in
//! only when complete, so a failed build leaves the previous site intact.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One output file, path relative to the output root with `/` separators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub body: OutBody,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutBody {
    Bytes(Vec<u8>),
    /// Copied from this source file when written (pictures, static files).
    Copy(PathBuf),
}

impl OutFile {
    pub fn text(path: impl Into<String>, text: String) -> Self {
        OutFile {
            path: path.into(),
            body: OutBody::Bytes(text.into_bytes()),
        }
    }
}

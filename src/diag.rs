//! Diagnostics: content errors and warnings with a file position, reported
//! all together as `path:line:column: message`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    /// Relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub message: String,
    /// A stable name for advice warnings (`coverage-gap` …), for
    /// `check --format json`; `None` for the loader's diagnostics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

impl Diagnostic {
    pub fn error(
        path: impl AsRef<Path>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.as_ref().to_path_buf(),
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
            code: None,
        }
    }

    pub fn warning(
        path: impl AsRef<Path>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    /// Names the diagnostic with a stable code (see `advice::codes`).
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Always print line and column so editors' tools can jump there;
        // a whole-file problem points at 1:1.
        let line = self.line.max(1);
        let column = self.column.max(1);
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            line,
            column,
            self.message
        )
    }
}

/// Sorts diagnostics by file and position and drops exact repeats, so a
/// build reports the same list whatever order files were read in.
pub fn normalize(diags: &mut Vec<Diagnostic>) {
    diags.sort();
    diags.dedup();
}

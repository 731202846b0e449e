//! The editors' commands that write content files: `new` (a unit, a
//! pledge sheet, a progress note), `init` (a whole new site) and `import`
//! (a pledge spreadsheet to sheets, a 党员名册 to rosters). They never
//! replace what an editor wrote: `import` only appends to sheets and
//! rosters, and what they write passes `check`.

pub mod dates;
pub mod import;
pub mod init;
mod merge;
pub mod new;
pub mod roster_import;
pub mod scope;
pub mod table;
pub(crate) mod templates;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::content::RESERVED;
use crate::content::lookup::{self, UnitFolder};
use crate::diag::Diagnostic;
use crate::i18n::{Messages, suggest};

/// Why an editors' command stopped: a usage problem (exit 2: wrong path,
/// unknown unit, existing file …) or broken content it had to read (exit 1;
/// `diags` says where).
#[derive(Clone, Debug)]
pub struct EditError {
    pub message: String,
    pub diags: Vec<Diagnostic>,
}

impl EditError {
    pub fn usage(message: String) -> Self {
        EditError {
            message,
            diags: Vec::new(),
        }
    }

    pub fn content(diags: Vec<Diagnostic>, msg: Messages) -> Self {
        EditError {
            message: msg.fix_first(),
            diags,
        }
    }

    /// The exit status docs/spec.md §6 gives it.
    pub fn exit_code(&self) -> u8 {
        if self.diags.iter().any(Diagnostic::is_error) {
            1
        } else {
            2
        }
    }
}

/// The item titles a new sheet's template holds until an editor writes
/// real ones (`new pledge`, `import` without items), read from the
/// template itself so `check` knows them without a copy of the text.
pub fn placeholder_titles() -> &'static [String] {
    static TITLES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TITLES.get_or_init(|| {
        let text = templates::sheet(&templates::SheetTemplate {
            name: Some("x"),
            role: None,
            approver: "x",
            year: 2000,
            approved: None,
            items: None,
            body: "",
        });
        let front = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
            .map_or("", |(front, _)| front);
        let Ok(node) = crate::content::yaml::parse(front, 2) else {
            return Vec::new();
        };
        use crate::content::yaml::Value;
        let field = |node: &crate::content::yaml::Node, name: &str| match &node.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.name == name)
                .map(|(_, v)| v.value.clone()),
            _ => None,
        };
        let Some(Value::Seq(items)) = field(&node, "items") else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| match field(item, "title") {
                Some(Value::Str(title)) => Some(title),
                _ => None,
            })
            .collect()
    })
}

/// Splits a path argument (`chengguan-street/2026/zhang-wei`) into its
/// segments: backslashes count as slashes, a leading `content/` and a
/// trailing `.md` are dropped, empty segments are ignored.
pub fn segments(arg: &str) -> Vec<String> {
    let arg = arg.replace('\\', "/");
    let mut parts: Vec<String> = arg
        .split('/')
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != ".")
        .map(str::to_string)
        .collect();
    if parts.first().is_some_and(|p| p == "content") {
        parts.remove(0);
    }
    if let Some(last) = parts.last_mut()
        && let Some(stem) = last.strip_suffix(".md")
    {
        *last = stem.to_string();
    }
    parts
}

/// Whether `name` can be a folder or file name in `content/` (it becomes
/// part of a URL): no path tricks, no characters Windows refuses, no
/// leading `.` `_` `~` `#` (hidden, reserved or editors' junk).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name != ".."
        && !name.starts_with(['.', '_', '~', '#', '-'])
        && !name.ends_with(['~', '.', ' '])
        && name
            .chars()
            .all(|c| !c.is_control() && !c.is_whitespace() && !"/\\:*?\"<>|%".contains(c))
}

/// Whether `name` is a four-digit year (a year folder, never a unit).
pub fn is_year(name: &str) -> bool {
    name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a top-level unit may take this name.
pub fn reserved(name: &str) -> bool {
    RESERVED.contains(&name)
}

/// The unit at `path` (below `content/`; `""` for the root unit), or an
/// error naming the closest existing unit.
pub fn find_unit(root: &Path, path: &str, msg: Messages) -> Result<UnitFolder, EditError> {
    let units = lookup::unit_folders(root);
    if let Some(u) = units.iter().find(|u| u.path == path) {
        return Ok(u.clone());
    }
    let known: Vec<&str> = units.iter().map(|u| u.path.as_str()).collect();
    let hint = suggest(path, known.iter().copied()).or_else(|| {
        // `xinhua-community` for `chengguan-street/xinhua-community`.
        known
            .iter()
            .copied()
            .find(|k| k.rsplit('/').next() == Some(path))
    });
    Err(EditError::usage(msg.unknown_unit(path, hint, &known)))
}

/// The site must exist (site.yaml) before anything is added to it.
pub fn require_site(root: &Path, msg: Messages) -> Result<(), EditError> {
    if root.join("site.yaml").is_file() {
        Ok(())
    } else {
        Err(EditError::usage(msg.no_site_yaml()))
    }
}

/// Writes a new file, creating its folders; never replaces an existing
/// file (the check and the create are one step).
pub fn create_file(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// `create_file` with the error in the site's language.
pub fn write_new(root: &Path, rel: &Path, text: &str, msg: Messages) -> Result<(), EditError> {
    let path = root.join(rel);
    if path.exists() {
        return Err(EditError::usage(
            msg.file_exists(&rel.display().to_string()),
        ));
    }
    create_file(&path, text).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            EditError::usage(msg.file_exists(&rel.display().to_string()))
        } else {
            EditError::usage(msg.cannot_write(&rel.display().to_string(), &e.to_string()))
        }
    })
}

/// A unit's folder relative to the site root.
pub fn unit_rel_dir(unit_path: &str) -> PathBuf {
    let mut dir = PathBuf::from("content");
    if !unit_path.is_empty() {
        dir.push(unit_path);
    }
    dir
}

/// A text value for YAML: plain when that reads back as the same text,
/// else double-quoted (JSON escapes are valid YAML).
pub fn yaml_text(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && s.chars()
            .all(|c| !c.is_control() && !"{}[],\"'".contains(c))
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "null" | "~" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check` can only warn about a placeholder it could read from the
    /// template: an empty list would silence the warning for good.
    #[test]
    fn the_sheet_templates_placeholder_title_is_read() {
        let titles = placeholder_titles();
        assert_eq!(titles.len(), 1, "{titles:?}");
        assert!(titles[0].chars().count() > 4, "{titles:?}");
    }

    #[test]
    fn path_arguments_are_split_forgivingly() {
        assert_eq!(
            segments("content/a/b/2026/zhang-wei.md"),
            ["a", "b", "2026", "zhang-wei"]
        );
        assert_eq!(segments("a\\2026\\x"), ["a", "2026", "x"]);
        assert_eq!(segments("/2026/x/"), ["2026", "x"]);
    }

    #[test]
    fn names_that_cannot_be_content_names() {
        assert!(valid_name("zhang-wei"));
        assert!(valid_name("新华社区"));
        for bad in ["", "..", ".x", "_x", "a b", "a:b", "a/b", "x~", "a%20"] {
            assert!(!valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn yaml_text_reads_back_as_written() {
        for s in [
            "张伟",
            "组织招聘会，不少于4场",
            "目标: 30人",
            "- 列表",
            "#1",
            "true",
            "a \"q\" b",
            "2026",
            "x #y",
            "{x}",
            "a'b",
        ] {
            let yaml = format!("v: {}\n", yaml_text(s));
            let node = crate::content::yaml::parse(&yaml, 1).expect("parses");
            let crate::content::yaml::Value::Map(m) = node.value else {
                panic!("{yaml}")
            };
            let got = match &m[0].1.value {
                crate::content::yaml::Value::Str(t) => t.clone(),
                _ => m[0].1.raw.clone().unwrap_or_default(),
            };
            assert_eq!(got, s, "{yaml}");
        }
    }
}

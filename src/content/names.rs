//! The names editors give folders and files become folders and files of
//! the built site. Checked here, from the walk's listings alone, for what
//! the output could not hold: two things at one address, a name the
//! site's own files use, a name too long for a disk or holding control
//! characters. Each is a content error at its file (`check` and `build`
//! alike), not an operating-system error in the middle of writing.
//!
//! Names are compared in lower case: Windows and macOS disks ignore case,
//! so `Index.html/` and `index.html` cannot sit side by side there, and
//! the same content must build everywhere. A name Windows refuses but
//! this disk accepted is only a warning: the site builds here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::walk::{self, RESERVED, UnitDir, rel};
use crate::diag::Diagnostic;
use crate::i18n::Messages;
use crate::render::urls::{self, INDEX, MAX_NAME_BYTES, UNIT_FEED};

/// Checks every output name the units in `dirs` claim (`note_pages`:
/// whether notes get folders of their own).
pub fn check(
    root: &Path,
    dirs: &[UnitDir],
    note_pages: bool,
    msg: Messages,
    diags: &mut Vec<Diagnostic>,
) {
    let mut cx = Cx {
        root,
        msg,
        diags: &mut *diags,
    };
    // Unit folders, by the unit path of the folder holding them.
    let mut folders: HashMap<&str, Folder> = HashMap::new();
    for d in dirs.iter().filter(|d| !d.path.is_empty()) {
        let (parent, name) = d.path.rsplit_once('/').unwrap_or(("", &d.path));
        let folder = folders.entry(parent).or_insert_with(|| {
            Folder::new(if parent.is_empty() {
                Owner::Top
            } else {
                Owner::Unit
            })
        });
        folder.claim(&mut cx, name, d.dir.join("_unit.yaml"));
    }
    // Each unit's years are their own folders: checked on every core (a
    // city has 400,000 names), the problems kept in the units' order.
    let found: Vec<Vec<Diagnostic>> = dirs
        .par_iter()
        .map(|d| {
            let mut diags = Vec::new();
            let mut cx = Cx {
                root,
                msg,
                diags: &mut diags,
            };
            check_years(&mut cx, d, note_pages);
            diags
        })
        .collect();
    found.into_iter().for_each(|mut d| diags.append(&mut d));
}

/// The names of a unit's year folders: sheets, attachments and notes.
fn check_years(cx: &mut Cx, d: &UnitDir, note_pages: bool) {
    for y in &d.years {
        // A board (or, for the root unit, the year page) and the
        // sheets' folders.
        let mut board = Folder::new(Owner::Page);
        let mut ids = Vec::new();
        for (name, path) in y.listing.files() {
            if let Some(id) = walk::sheet_id(name) {
                board.claim(cx, id, path);
                ids.push(id);
            }
        }
        // A sheet's folder: its page, the attachments of its notes
        // folder, and with note pages a folder per note.
        for (_, notes) in y.notes.iter().filter(|(n, _)| ids.contains(&n.as_str())) {
            let mut sheet = Folder::new(Owner::Page);
            for (name, path) in notes.files() {
                if walk::is_attachment(name) {
                    sheet.claim(cx, name, path);
                } else if let Some(stem) = name.strip_suffix(".md")
                    && note_pages
                {
                    sheet.claim(cx, stem, path);
                }
            }
        }
    }
}

struct Cx<'a> {
    root: &'a Path,
    msg: Messages,
    diags: &'a mut Vec<Diagnostic>,
}

impl Cx<'_> {
    fn error(&mut self, path: &Path, message: String) {
        self.diags
            .push(Diagnostic::error(rel(self.root, path), 0, 0, message));
    }
}

/// Which of the site's own files share an output folder.
#[derive(Clone, Copy)]
enum Owner {
    /// The top of the site: its own pages' folders and files.
    Top,
    /// A unit's folder: its page and its feed.
    Unit,
    /// A board's, year page's or sheet's folder: its page.
    Page,
}

impl Owner {
    fn takes(self, lower: &str) -> bool {
        match self {
            Owner::Top => RESERVED.contains(&lower) || urls::is_sitemap_part(lower),
            Owner::Unit => lower == INDEX || lower == UNIT_FEED,
            Owner::Page => lower == INDEX,
        }
    }
}

/// One output folder being filled: the names claimed in it so far.
struct Folder {
    owner: Owner,
    /// Lower-cased name → the name as written and the file claiming it.
    claims: HashMap<String, (String, PathBuf)>,
}

impl Folder {
    fn new(owner: Owner) -> Self {
        Folder {
            owner,
            claims: HashMap::new(),
        }
    }

    /// `name` in this folder, for the editor's file `source`; a problem
    /// is reported at `source`. Claims come in the walk's sorted order,
    /// so the same one of two colliding names is reported every time.
    fn claim(&mut self, cx: &mut Cx, name: &str, source: PathBuf) {
        if !usable(cx, name, &source) {
            return;
        }
        let lower = name.to_lowercase();
        if self.owner.takes(&lower) {
            let message = match self.owner {
                Owner::Top => cx.msg.reserved_name(name),
                Owner::Unit | Owner::Page => cx.msg.name_taken(name),
            };
            cx.error(&source, message);
            return;
        }
        match self.claims.get(&lower) {
            Some((other, other_source)) => {
                let other_path = rel(cx.root, other_source).display().to_string();
                let message = cx.msg.names_collide(name, other, &other_path);
                cx.error(&source, message);
            }
            None => {
                self.claims.insert(lower, (name.to_string(), source));
            }
        }
    }
}

/// Whether `name` can be a file or folder name of the output; reports
/// why not at `source`, and warns of a name Windows refuses.
fn usable(cx: &mut Cx, name: &str, source: &Path) -> bool {
    if name.len() > MAX_NAME_BYTES {
        cx.error(source, cx.msg.name_too_long(name.len(), MAX_NAME_BYTES));
        return false;
    }
    if name.chars().any(char::is_control) {
        cx.error(source, cx.msg.name_has_control());
        return false;
    }
    if !windows_allows(name) {
        cx.diags.push(Diagnostic::warning(
            rel(cx.root, source),
            0,
            0,
            cx.msg.name_not_portable(name),
        ));
    }
    true
}

/// Whether Windows can create a file named `name`: not a device name
/// (`CON`, `NUL.txt`…), no final dot or space, none of `< > : " | ? *`.
fn windows_allows(name: &str) -> bool {
    const DEVICES: &[&str] = &["con", "prn", "aux", "nul"];
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let stem = stem.to_ascii_lowercase();
    let numbered = stem.len() == 4
        && (stem.starts_with("com") || stem.starts_with("lpt"))
        && stem.as_bytes()[3].is_ascii_digit()
        && stem.as_bytes()[3] != b'0';
    !(DEVICES.contains(&stem.as_str())
        || numbered
        || name.ends_with(['.', ' '])
        || name.contains(['<', '>', ':', '"', '|', '?', '*', '\\']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_windows_refuses() {
        for name in [
            "CON", "nul.txt", "Com1", "lpt9.md", "a.", "a ", "a:b", "a*b", "x?",
        ] {
            assert!(!windows_allows(name), "{name}");
        }
        for name in ["console", "com0", "com10", "nul-x", "a.b", "张伟", "a-b_c"] {
            assert!(windows_allows(name), "{name}");
        }
    }

    #[test]
    fn long_and_control_names_are_errors_and_windows_names_warnings() {
        let mut diags = Vec::new();
        let mut cx = Cx {
            root: Path::new("/s"),
            msg: Messages::default(),
            diags: &mut diags,
        };
        let mut f = Folder::new(Owner::Page);
        f.claim(&mut cx, &"张".repeat(86), "/s/a.md".into()); // 258 bytes
        f.claim(&mut cx, "a\nb", "/s/b.md".into());
        f.claim(&mut cx, "aux", "/s/aux.md".into());
        f.claim(&mut cx, "AUX", "/s/AUX.md".into());
        let got: Vec<(String, bool)> = diags
            .iter()
            .map(|d| (d.path.display().to_string(), d.is_error()))
            .collect();
        let want = [("a.md", true), ("b.md", true), ("aux.md", false)];
        let want: Vec<(String, bool)> = want.iter().map(|(p, e)| (p.to_string(), *e)).collect();
        assert_eq!(got[..3], want[..]);
        // `AUX` warns too, and collides with `aux`.
        assert!(
            got[3..].iter().any(|(p, e)| p == "AUX.md" && *e),
            "{diags:?}"
        );
    }

    /// A board's printable pages sit beside its sheets' folders: their
    /// names are ones no pledge file can take, so they never collide.
    #[test]
    fn print_pages_take_names_no_sheet_can() {
        for name in [urls::POSTER, urls::POSTER_A3, urls::CARDS] {
            assert_eq!(walk::sheet_id(&format!("{name}.md")), None, "{name}");
        }
        assert_eq!(walk::sheet_id("poster.md"), Some("poster"));
    }

    /// Every top-level file and folder the site writes is one no
    /// top-level unit may take: a new one added to `urls` must be added
    /// to `RESERVED` too.
    #[test]
    fn every_top_level_output_is_reserved() {
        let [json, csv] = crate::data::paths(2026);
        let outputs = [
            urls::CATEGORIES,
            urls::STATUS,
            urls::YEARS,
            urls::STYLE,
            urls::PRINT_CSS,
            urls::SEARCH,
            urls::SEARCH_JS,
            urls::SITE_FEED,
            urls::SITEMAP,
            urls::ROBOTS,
            urls::NOT_FOUND,
            INDEX,
            &json,
            &csv,
        ];
        for path in outputs {
            let top = path.split('/').next().unwrap_or(path);
            assert!(Owner::Top.takes(top), "{top} is not reserved");
        }
        assert!(Owner::Top.takes(&urls::sitemap_part(7)));
    }
}

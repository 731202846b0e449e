//! What both imports (pledges and rosters) share: the units a spreadsheet
//! may name — by full name, short name (`新华社区` for `新华社区党委`) or an
//! `aliases:` entry — the rows that hold no data (titles, blank lines,
//! footnotes), and the member ids made for people without one.

use std::path::Path;

use super::table::{Cell, half_width};
use super::{EditError, find_unit, valid_name};
use crate::content::lookup::{self, UnitFolder};
use crate::i18n::Messages;

/// A unit rows may name.
pub struct UnitRef {
    pub folder: UnitFolder,
    pub name: String,
    pub aliases: Vec<String>,
    /// Who approves the unit's own sheet.
    pub parent_name: String,
}

/// The units an import may write to: `--unit` and its descendants (the
/// whole site when `--unit` is left out and there is no root unit).
pub struct Scope {
    pub units: Vec<UnitRef>,
    /// The unit rows belong to when they name none.
    pub default: Option<usize>,
}

/// The unit a text names.
pub enum Named {
    One(usize),
    Unknown,
    /// Several units share the short name.
    Many(Vec<usize>),
}

impl Scope {
    /// `unit` is the `--unit` path; `""` is the root unit, or the whole
    /// site when there is none.
    pub fn load(root: &Path, unit: &str, msg: Messages) -> Result<Scope, EditError> {
        let all = lookup::unit_folders(root);
        let target = if unit.is_empty() && !all.iter().any(|u| u.path.is_empty()) {
            None
        } else {
            Some(find_unit(root, unit, msg)?)
        };
        let name_of = |dir: &Path| lookup::read_unit(root, dir, msg);
        let mut units = Vec::new();
        let prefix = target.as_ref().map(|t| format!("{}/", t.path));
        for f in all.iter().filter(|u| match (&target, &prefix) {
            (Some(t), Some(p)) => u.path == t.path || t.path.is_empty() || u.path.starts_with(p),
            _ => true,
        }) {
            let info = name_of(&f.dir).map_err(|d| EditError::content(d, msg))?;
            let parent_name = match f.path.rsplit_once('/') {
                Some((p, _)) => all.iter().find(|u| u.path == p),
                None if !f.path.is_empty() => all.iter().find(|u| u.path.is_empty()),
                None => None,
            }
            .and_then(|u| name_of(&u.dir).ok())
            .map(|u| u.name)
            .unwrap_or_else(|| msg.upper_level());
            units.push(UnitRef {
                folder: f.clone(),
                name: info.name,
                aliases: info.aliases,
                parent_name,
            });
        }
        let default = target.and_then(|t| units.iter().position(|u| u.folder.path == t.path));
        Ok(Scope { units, default })
    }

    /// The unit `text` names: its full name, an alias or its folder first,
    /// then its short name (the name without 中共 and 党委, 党支部 …).
    pub fn named(&self, text: &str) -> Named {
        let t = squash(text);
        if t.is_empty() {
            return Named::Unknown;
        }
        let exact: Vec<usize> = (0..self.units.len())
            .filter(|&i| {
                let u = &self.units[i];
                squash(&u.name) == t
                    || u.aliases.iter().any(|a| squash(a) == t)
                    || u.folder.path == t
                    || u.folder.path.rsplit('/').next() == Some(t.as_str())
            })
            .collect();
        let short = || -> Vec<usize> {
            let c = core_name(&t);
            (0..self.units.len())
                .filter(|&i| {
                    let u = &self.units[i];
                    !c.is_empty()
                        && (core_name(&u.name) == c || u.aliases.iter().any(|a| core_name(a) == c))
                })
                .collect()
        };
        let found = if exact.is_empty() { short() } else { exact };
        match found.as_slice() {
            [] => Named::Unknown,
            [one] => Named::One(*one),
            _ => Named::Many(found),
        }
    }

    /// The unit a section heading names: `新华社区`, `一、新华社区`, `（二）机关支部`.
    pub fn heading(&self, text: &str) -> Option<usize> {
        const NUMBERING: &str = "一二三四五六七八九十0123456789、.．)）(（ ";
        let bare = text.trim_start_matches(|c: char| NUMBERING.contains(c));
        [text, bare].into_iter().find_map(|t| match self.named(t) {
            Named::One(u) => Some(u),
            _ => None,
        })
    }

    /// Whether a 姓名 cell names the unit itself (its own pledge sheet).
    pub fn is_unit(&self, u: usize, name: &str) -> bool {
        matches!(self.named(name), Named::One(i) if i == u)
    }

    pub fn names(&self) -> Vec<&str> {
        self.units.iter().map(|u| u.name.as_str()).collect()
    }

    pub fn names_of(&self, ids: &[usize]) -> String {
        ids.iter()
            .map(|i| self.units[*i].name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// A unit's name without what people leave out when they write it: 中共
/// (中国共产党) in front and the organization's kind at the end
/// (新华社区党委 → 新华社区, 中共城关街道工作委员会 → 城关街道).
pub fn core_name(name: &str) -> String {
    const PREFIXES: &[&str] = &["中国共产党", "中共"];
    const SUFFIXES: &[&str] = &[
        "党工委",
        "工作委员会",
        "党委员会",
        "委员会",
        "党委",
        "党总支部",
        "党总支",
        "总支部",
        "总支",
        "党支部",
        "支部",
        "党组",
    ];
    let mut s = squash(name);
    for p in PREFIXES {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest.to_string();
            break;
        }
    }
    // One kind word at the end (a name such as 第一党支部委员会 has two).
    for _ in 0..2 {
        if let Some(rest) = SUFFIXES
            .iter()
            .find_map(|x| s.strip_suffix(x).filter(|r| !r.is_empty()))
        {
            s = rest.to_string();
        }
    }
    s
}

/// A row that holds no data.
#[derive(Clone, Debug, PartialEq)]
pub enum Skip {
    Blank,
    /// A title or section heading (one text, often merged across the row).
    Title(String),
    /// 注：…, 填表人：…, 说明：… below the table.
    Footnote(String),
    /// The header repeated (as on every printed page).
    Header,
}

/// Words that start a footnote or a signature line, before a colon.
const FOOTNOTE_WORDS: &[&str] = &[
    "注",
    "备注",
    "说明",
    "填表说明",
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "审核",
    "联系人",
    "联系电话",
    "负责人",
    "填表单位",
    "填报单位",
    "填表日期",
    "填报日期",
    "制表日期",
    "制表",
    "签字",
    "盖章",
];

/// Whether `text` is a footnote: `注：`, `注1：`, `填表人：` …
pub fn is_footnote(text: &str) -> bool {
    let t: String = text.chars().map(half_width).collect();
    let t = t.trim_start_matches(['*', '※', ' ']);
    FOOTNOTE_WORDS.iter().any(|w| {
        t.strip_prefix(w).is_some_and(|rest| {
            rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ')
                .starts_with([':', '：'])
        })
    })
}

/// Why a row holds no data, if it does not. `data_cols` are the columns
/// that hold a person's data (a lone text in another column, or the same
/// text merged across several, is a title).
pub fn skip(cells: &[Cell], ignored: Option<usize>, data_cols: &[usize]) -> Option<Skip> {
    let texts: Vec<(usize, String)> = cells
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != ignored)
        .map(|(i, c)| (i, c.text()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    // A footnote may start in the 序号 column.
    if let Some(lead) = cells.iter().map(Cell::text).find(|t| !t.is_empty())
        && is_footnote(&lead)
    {
        return Some(Skip::Footnote(lead));
    }
    let Some((first_col, first)) = texts.first() else {
        return Some(Skip::Blank);
    };
    let one_text = texts.iter().all(|(_, t)| t == first);
    if one_text && (texts.len() > 1 || !data_cols.contains(first_col)) {
        return Some(Skip::Title(first.clone()));
    }
    None
}

/// A cell's text with runs of spaces (full-width too) made one space.
pub fn collapse(s: &str) -> String {
    s.chars()
        .map(half_width)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name or unit as compared: half-width, without any spaces.
pub fn squash(s: &str) -> String {
    s.chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// How ids are made for people the spreadsheet gives none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdScheme {
    /// The name itself (张伟; 张伟-2 for a second 张伟 in the unit).
    Name,
    /// `member-1`, `member-2` … (sites that hide full names,
    /// `member_names: surname`, since ids are in URLs).
    Counter,
}

/// A new member id for `name`, unique among `taken` (the unit's ids).
pub fn new_member_id(name: &str, scheme: IdScheme, taken: &[String]) -> String {
    let free = |id: &str| !taken.iter().any(|t| t == id);
    let base: String = squash(name)
        .chars()
        .filter(|c| !c.is_control() && !"/\\:*?\"<>|%#".contains(*c))
        .collect();
    let base = base.trim_start_matches(['.', '_', '~', '-']).to_string();
    if scheme == IdScheme::Name && valid_name(&base) {
        if free(&base) {
            return base;
        }
        return (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| free(id))
            .unwrap_or(base);
    }
    (1..)
        .map(|n| format!("member-{n}"))
        .find(|id| free(id))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_drop_the_party_and_the_kind() {
        assert_eq!(core_name("新华社区党委"), "新华社区");
        assert_eq!(core_name("中共城关街道工作委员会"), "城关街道");
        assert_eq!(core_name("城关街道党工委"), "城关街道");
        assert_eq!(core_name("机关第一党支部"), "机关第一");
        assert_eq!(core_name(" 新华 社区 "), "新华社区");
        assert_eq!(core_name("党委"), "党委", "a kind word alone is kept");
    }

    #[test]
    fn footnotes_and_titles_are_told_from_data() {
        for f in [
            "注：本表一式两份",
            "注1：时限写到日",
            "填表人：王芳",
            "说明:无",
            "※注：",
        ] {
            assert!(is_footnote(f), "{f}");
        }
        for d in ["注意安全生产", "张伟", "说明会组织2场"] {
            assert!(!is_footnote(d), "{d}");
        }
        let t = |s: &str| Cell::Text(s.into());
        let title = t("2026年党员公开承诺汇总表");
        assert_eq!(
            skip(&[title.clone(), title.clone(), title], None, &[1, 2]),
            Some(Skip::Title("2026年党员公开承诺汇总表".into()))
        );
        assert_eq!(
            skip(&[Cell::Empty, Cell::Empty], None, &[0]),
            Some(Skip::Blank)
        );
        assert_eq!(
            skip(&[t("3"), Cell::Empty], Some(0), &[1]),
            Some(Skip::Blank)
        );
        assert_eq!(skip(&[Cell::Empty, t("张伟")], None, &[1]), None);
        assert_eq!(skip(&[t("张伟"), t("讲党课")], None, &[0, 1]), None);
    }

    #[test]
    fn new_ids_are_the_name_then_a_counter() {
        let taken = vec!["张伟".to_string(), "张伟-2".to_string()];
        assert_eq!(new_member_id("李 娜", IdScheme::Name, &taken), "李娜");
        assert_eq!(new_member_id("张伟", IdScheme::Name, &taken), "张伟-3");
        assert_eq!(
            new_member_id("张伟", IdScheme::Counter, &["member-1".into()]),
            "member-2"
        );
        assert_eq!(new_member_id("_", IdScheme::Name, &[]), "member-1");
    }
}

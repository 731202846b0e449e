//! The immutable site model: everything loaded from disk, validated, and
//! nothing derived. Built once by `content::load`, then only read.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

/// The years a pledge year can be, in folder names and `year` fields
/// alike: a four-digit folder outside them is a slip (`0000` would be
/// published at `/0/`), and every year's URL is then its four digits.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2999;

/// A calendar date, always written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    /// Parses exactly `YYYY-MM-DD` and rejects dates that do not exist.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return None;
        }
        let year: i16 = text[0..4].parse().ok()?;
        let month: i8 = text[5..7].parse().ok()?;
        let day: i8 = text[8..10].parse().ok()?;
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    pub fn year(self) -> i32 {
        i32::from(self.0.year())
    }

    pub fn month(self) -> u32 {
        self.0.month() as u32
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        let span = later.0.since(self.0).map(|s| s.get_days()).unwrap_or(0);
        i64::from(span)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The UI language of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SiteConfig {
    pub title: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub language: Lang,
    pub theme: Option<String>,
    pub year: Option<i32>,
    pub require_approval: bool,
    pub note_pages: bool,
    /// How members' names are shown everywhere (`member_names`).
    pub member_names: MemberNames,
    /// Where residents report a broken pledge (`supervision`): printed on
    /// posters and sheets, shown in every page's footer.
    pub supervision: Supervision,
}

/// `supervision:` in site.yaml: the site's 监督电话, 意见箱 and address;
/// each optional, none by default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Supervision {
    pub phone: Option<String>,
    pub mailbox: Option<String>,
    pub address: Option<String>,
}

impl Supervision {
    pub fn is_empty(&self) -> bool {
        self.phone.is_none() && self.mailbox.is_none() && self.address.is_none()
    }
}

impl SiteConfig {
    /// The path part of `base_url`, starting and ending with `/`
    /// (e.g. `/pledges/`): every link in the site starts with it.
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map(|(_, rest)| rest)
            .unwrap_or(&self.base_url);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        }
    }
}

macro_rules! keyword_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The accepted spellings, for error messages.
            pub fn choices() -> String {
                [$($text),+].join(" | ")
            }
        }
    };
}

keyword_enum!(
    /// `member_names` in site.yaml: members' names in full (the default),
    /// or as surname + 同志 (张伟 → 张同志).
    MemberNames {
        Full = "full",
        Surname = "surname",
    }
);

// The enum comes from `keyword_enum!`, which cannot mark a default variant.
#[allow(clippy::derivable_impls)]
impl Default for MemberNames {
    fn default() -> Self {
        MemberNames::Full
    }
}

/// Two-character surnames (复姓), simplified and traditional.
pub const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "钟离", "端木", "西门", "南宫", "独孤", "百里", "呼延", "澹台", "公冶",
    "太史", "申屠", "闻人", "赫连", "万俟", "濮阳", "淳于", "单于", "宗政", "仲孙", "叔孙", "司空",
    "司寇", "拓跋", "完颜", "第五", "歐陽", "諸葛", "東方", "尉遲", "長孫", "軒轅", "鍾離", "聞人",
    "赫連", "萬俟", "單于", "鐘離",
];

impl MemberNames {
    /// A member's name as the site shows it. The loader applies this to
    /// every member name it reads (sheets, rosters, secretaries), so the
    /// model never holds a full name that the option hides.
    pub fn show(self, name: &str) -> String {
        match self {
            MemberNames::Full => name.to_string(),
            MemberNames::Surname => surname_form(name),
        }
    }
}

/// 张伟 → 张同志, 欧阳修 → 欧阳同志; a name already ending in 同志 is
/// kept. A transliterated name with `·` (艾尔肯·吐尼亚孜) keeps its first
/// part; a name in Latin letters (Ann Lee) keeps its last word.
pub fn surname_form(name: &str) -> String {
    const SUFFIX: &str = "同志";
    let name = name.trim();
    if name.ends_with(SUFFIX) || name.is_empty() {
        return name.to_string();
    }
    if let Some((first, _)) = name.split_once(['·', '•', '・']) {
        return format!("{}{SUFFIX}", first.trim());
    }
    let first = name.chars().next().unwrap_or_default();
    if first.is_ascii() {
        let last = name.split_whitespace().last().unwrap_or(name);
        return format!("{last} {SUFFIX}");
    }
    let surname = COMPOUND_SURNAMES
        .iter()
        .find(|s| name.starts_with(*s))
        .map_or_else(|| first.to_string(), |s| s.to_string());
    format!("{surname}{SUFFIX}")
}

keyword_enum!(UnitKind {
    Committee = "committee",
    Township = "township",
    Village = "village",
    Street = "street",
    Community = "community",
    Soe = "soe",
    Organ = "organ",
    School = "school",
    Institution = "institution",
    Nonpublic = "nonpublic",
    Social = "social",
});

keyword_enum!(Role {
    Secretary = "secretary",
    Committee = "committee",
    Member = "member",
    AffairsWorker = "affairs-worker",
    Student = "student",
});

keyword_enum!(MemberStatus {
    Active = "active",
    Retired = "retired",
    Floating = "floating",
    NoPost = "no-post",
});

keyword_enum!(PledgeForm {
    Public = "public",
    Written = "written",
    Oral = "oral",
});

keyword_enum!(
    /// A status a progress note may report.
    NoteStatus {
        InProgress = "in-progress",
        Done = "done",
        Delayed = "delayed",
        Adjusted = "adjusted",
        Abandoned = "abandoned",
    }
);

keyword_enum!(Grade {
    Excellent = "excellent",
    Qualified = "qualified",
    Basic = "basic",
    Unqualified = "unqualified",
});

/// A 1-based position in a file (not in its front-matter block).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Rectification {
    /// Where its entry starts in `_unit.yaml`, for `check`'s advice.
    #[serde(skip)]
    pub pos: Pos,
    pub year: i32,
    pub issued: Date,
    pub deadline: Date,
    pub reason: String,
    pub done: Option<Date>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RosterEntry {
    /// Where its entry starts in the roster file, for `check`'s advice.
    #[serde(skip)]
    pub pos: Pos,
    pub id: String,
    pub name: String,
    pub role: Option<Role>,
    pub status: MemberStatus,
    /// Years exempted from pledging. The reason is deliberately not kept:
    /// it often holds health information and is never published.
    #[serde(skip)]
    pub exempt: Vec<i32>,
    #[serde(skip)]
    pub has_exempt_reason: bool,
}

impl RosterEntry {
    pub fn exempt_in(&self, year: i32) -> bool {
        self.exempt.contains(&year)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Approval {
    pub by: String,
    pub date: Date,
}

#[derive(Clone, Debug, Serialize)]
pub struct Item {
    /// Where its entry starts in the sheet's front matter, for `check`'s
    /// advice.
    #[serde(skip)]
    pub pos: Pos,
    pub id: String,
    pub title: String,
    pub category: Option<String>,
    pub deadline: Date,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub responsibility: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Note {
    /// The file stem: the note's anchor and id.
    pub id: String,
    pub date: Date,
    pub items: Vec<String>,
    pub progress: Option<u8>,
    pub status: Option<NoteStatus>,
    /// The approved new deadline (延期至); only ever given with
    /// `status: delayed` (SPEC §5).
    pub deadline: Option<Date>,
    /// Where `status:` is written, for `check`'s advice.
    #[serde(skip)]
    pub status_pos: Pos,
    pub title: Option<String>,
    pub author: Option<String>,
    /// Markdown source, not yet rendered.
    pub body: String,
    pub extra: serde_json::Value,
    /// Files beside the note (pictures) to copy next to its page.
    #[serde(skip)]
    pub attachments: Vec<Attachment>,
    #[serde(skip)]
    pub source: PathBuf,
}

/// A non-Markdown file in a notes folder, copied as is.
#[derive(Clone, Debug)]
pub struct Attachment {
    pub name: String,
    pub source: PathBuf,
}

/// One pledge sheet (公开承诺书): a member's or the unit's own.
#[derive(Clone, Debug, Serialize)]
pub struct Sheet {
    /// The member id, or `_unit` for the unit's own pledge.
    pub id: String,
    pub name: Option<String>,
    pub role: Option<String>,
    pub form: PledgeForm,
    pub approved: Option<Approval>,
    pub published: Option<Date>,
    pub items: Vec<Item>,
    pub body: String,
    pub extra: serde_json::Value,
    /// Sorted by date, then file name (SPEC §3).
    pub notes: Vec<Note>,
    #[serde(skip)]
    pub source: PathBuf,
}

pub const UNIT_SHEET: &str = "_unit";

impl Sheet {
    pub fn is_unit(&self) -> bool {
        self.id == UNIT_SHEET
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Comment {
    pub half: u8,
    pub by: String,
    pub date: Date,
    pub text: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Votes {
    pub satisfied: u64,
    pub basic: u64,
    pub unsatisfied: u64,
}

impl Votes {
    pub fn total(&self) -> u64 {
        self.satisfied + self.basic + self.unsatisfied
    }

    pub fn add(&mut self, other: &Votes) {
        self.satisfied += other.satisfied;
        self.basic += other.basic;
        self.unsatisfied += other.unsatisfied;
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Review {
    pub comments: Vec<Comment>,
    pub votes: Option<Votes>,
    pub grade: Option<Grade>,
    pub exemplary: bool,
}

/// A unit's pledge year: the contents of its `<year>/` folder.
#[derive(Clone, Debug, Default)]
pub struct UnitYear {
    pub year: i32,
    /// `<year>/_roster.yaml`, which replaces the unit's roster for the year.
    pub roster: Option<Vec<RosterEntry>>,
    /// Published sheets only, `_unit` first, then by id. Unpublished sheets
    /// never reach this list, so nothing downstream can leak them.
    pub sheets: Vec<Sheet>,
    /// Ids of sheets left out because they are not approved yet.
    pub drafts: Vec<String>,
    /// Keyed by sheet id; only entries for published sheets are kept.
    pub reviews: BTreeMap<String, Review>,
}

impl UnitYear {
    pub fn unit_sheet(&self) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.is_unit())
    }

    pub fn member_sheets(&self) -> impl Iterator<Item = &Sheet> {
        self.sheets.iter().filter(|s| !s.is_unit())
    }
}

#[derive(Clone, Debug)]
pub struct Unit {
    /// Slash-joined folder names below `content/`; `""` for the root unit.
    pub path: String,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub depth: usize,
    pub name: String,
    pub kind: UnitKind,
    pub secretary: Option<String>,
    pub members: Option<u32>,
    pub established: Option<Date>,
    /// Markdown source.
    pub description: Option<String>,
    pub exemplary: Vec<i32>,
    pub rectification: Vec<Rectification>,
    pub extra: serde_json::Value,
    pub roster: Option<Vec<RosterEntry>>,
    pub years: BTreeMap<i32, UnitYear>,
}

impl Unit {
    /// The roster in force for `year`: the year's own, else the unit's.
    pub fn roster_for(&self, year: i32) -> Option<&[RosterEntry]> {
        self.years
            .get(&year)
            .and_then(|y| y.roster.as_deref())
            .or(self.roster.as_deref())
    }

    pub fn slug(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or("")
    }
}

/// The whole loaded site. Units are in tree order (pre-order, children
/// sorted by folder name), so index order is also display order.
#[derive(Clone, Debug)]
pub struct Site {
    pub config: SiteConfig,
    /// Shared, never changed once loaded: `serve` keeps the units that did
    /// not change from one version of the site to the next.
    pub units: Vec<Arc<Unit>>,
    /// Every year that has a year folder anywhere, ascending.
    pub years: Vec<i32>,
    /// `static/` files and theme static files: (output path, source).
    pub static_files: Vec<(String, PathBuf)>,
    /// Theme template overrides: (template name, source text).
    pub templates: Vec<(String, String)>,
}

impl Site {
    /// The year the home page shows.
    pub fn site_year(&self) -> Option<i32> {
        self.config.year.or_else(|| self.years.last().copied())
    }

    /// The unit and all its descendants, in tree order.
    pub fn subtree(&self, unit: usize) -> Vec<usize> {
        let mut out = vec![unit];
        let mut i = 0;
        while i < out.len() {
            out.extend(self.units[out[i]].children.iter().copied());
            i += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surname_forms() {
        for (full, shown) in [
            ("张伟", "张同志"),
            ("王芳", "王同志"),
            ("欧阳修", "欧阳同志"),
            ("司马光", "司马同志"),
            ("诸葛亮", "诸葛同志"),
            ("上官婉儿", "上官同志"),
            ("令狐冲", "令狐同志"),
            ("钟离春", "钟离同志"),
            ("端木赐", "端木同志"),
            ("夏侯惇", "夏侯同志"),
            ("东方明", "东方同志"),
            ("马东方", "马同志"),
            ("李", "李同志"),
            ("李同志", "李同志"),
            ("艾尔肯·吐尼亚孜", "艾尔肯同志"),
            ("Ann Lee", "Lee 同志"),
        ] {
            assert_eq!(surname_form(full), shown, "{full}");
        }
        assert_eq!(MemberNames::Full.show("张伟"), "张伟");
        assert_eq!(MemberNames::Surname.show("张伟"), "张同志");
    }
}

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
    /// The settings of a site.yaml that gives only `title` and
    /// `base_url` (which must end with `/`): every other setting at the
    /// schema's default (`content::site_yaml` tests that the loader reads
    /// such a file as this).
    pub fn new(title: impl Into<String>, base_url: impl Into<String>) -> Self {
        SiteConfig {
            title: title.into(),
            base_url: base_url.into(),
            language: Lang::ZhCn,
            theme: None,
            year: None,
            require_approval: true,
            note_pages: false,
            member_names: MemberNames::default(),
            supervision: Supervision::default(),
        }
    }

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

/// One allowed value of a keyword field, as the format declares it
/// (docs/format.md §3.3): the keyword written in files and data, its
/// Chinese name first and then the other Chinese words an editor may write
/// instead, and its English name.
#[derive(Debug, PartialEq, Eq)]
pub struct Choice {
    pub keyword: &'static str,
    pub zh: &'static [&'static str],
    pub en: &'static str,
}

impl Choice {
    /// The Chinese name shown beside the keyword (`street（街道）`).
    pub fn zh_name(&self) -> &'static str {
        self.zh.first().copied().unwrap_or(self.keyword)
    }
}

/// The choice `text` names: its keyword or one of its Chinese words.
pub fn parse_choice(choices: &[Choice], text: &str) -> Option<usize> {
    let text = text.trim();
    choices
        .iter()
        .position(|c| c.keyword == text || c.zh.contains(&text))
}

/// The choice `text` probably means: a keyword a typo away (`strete`),
/// or a choice whose Chinese word it contains or is part of
/// (`街道办事处`, `优`); the longest such word wins.
pub fn hint_choice(choices: &[Choice], text: &str) -> Option<usize> {
    let text = text.trim();
    let keywords = choices.iter().map(|c| c.keyword);
    // Not for one or two characters: `3` is not a typo of `1`.
    if text.chars().count() >= 3
        && let Some(kw) = crate::i18n::suggest(text, keywords)
    {
        return parse_choice(choices, kw);
    }
    let cjk = |w: &str| !w.is_ascii();
    if text.is_empty() || !cjk(text) {
        return None;
    }
    choices
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.zh.iter().map(move |w| (i, *w)))
        .filter(|(_, w)| cjk(w) && (text.contains(w) || w.contains(text)))
        .max_by_key(|(_, w)| w.chars().count())
        .map(|(i, _)| i)
}

/// A value written as one of a few keywords. Each keyword has a Chinese
/// name, shown beside it in messages (`street（街道）`), and Chinese words
/// an editor may write instead (`kind: 街道`), which read exactly as the
/// keyword; the site and its data always carry the keyword. The table of
/// choices is declared once, with the enum (`keyword_enum!`), and the
/// schema (`crate::schema`) points at it.
pub trait Keyword: Copy + Sized + PartialEq + 'static {
    /// Every value, in the order of `CHOICES`.
    const VALUES: &'static [Self];
    const CHOICES: &'static [Choice];

    fn parse(text: &str) -> Option<Self> {
        parse_choice(Self::CHOICES, text).map(|i| Self::VALUES[i])
    }

    /// (keyword, Chinese name) of every value, for messages.
    fn choices() -> Vec<(&'static str, &'static str)> {
        Self::CHOICES
            .iter()
            .map(|c| (c.keyword, c.zh_name()))
            .collect()
    }

    /// This value's declaration.
    fn declared(self) -> &'static Choice {
        let i = Self::VALUES.iter().position(|v| *v == self).unwrap_or(0);
        &Self::CHOICES[i]
    }

    /// This value's keyword and Chinese name.
    fn choice(self) -> (&'static str, &'static str) {
        let c = self.declared();
        (c.keyword, c.zh_name())
    }

    /// The value `text` probably means (see [`hint_choice`]).
    fn hint(text: &str) -> Option<Self> {
        hint_choice(Self::CHOICES, text).map(|i| Self::VALUES[i])
    }
}

macro_rules! keyword_enum {
    ($(#[$m:meta])* $name:ident {
        $($variant:ident = $text:literal [$($zh:literal),+] $en:literal),+ $(,)?
    }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The keyword, or one of its Chinese words (see [`Keyword`]).
            pub fn parse(text: &str) -> Option<$name> {
                <$name as Keyword>::parse(text)
            }
        }

        impl Keyword for $name {
            const VALUES: &'static [$name] = $name::ALL;
            const CHOICES: &'static [Choice] = &[$(Choice {
                keyword: $text,
                zh: &[$($zh),+],
                en: $en,
            }),+];
        }
    };
}

keyword_enum!(
    /// `member_names` in site.yaml: members' names in full (the default),
    /// or as surname + 同志 (张伟 → 张同志).
    MemberNames {
        Full = "full" ["全名"] "Full names",
        Surname = "surname" ["姓氏", "姓加同志"] "Surname and 同志",
    }
);

// The enum comes from `keyword_enum!`, which cannot mark a default variant.
#[allow(clippy::derivable_impls)]
impl Default for MemberNames {
    fn default() -> Self {
        MemberNames::Full
    }
}

keyword_enum!(
    /// The UI language of the site (`language` in site.yaml).
    Lang {
        ZhCn = "zh-CN" ["简体中文", "中文", "zh", "zh-Hans"] "Simplified Chinese",
        En = "en" ["英文", "英语", "en-US", "en-GB"] "English",
    }
);

// The enum comes from `keyword_enum!`, which cannot mark a default variant.
#[allow(clippy::derivable_impls)]
impl Default for Lang {
    fn default() -> Self {
        Lang::ZhCn
    }
}

impl Lang {
    pub fn code(self) -> &'static str {
        self.as_str()
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
    Committee = "committee" ["党委"] "Party committee",
    Township = "township" ["乡镇", "乡", "镇"] "Township",
    Village = "village" ["村", "行政村"] "Village",
    Street = "street" ["街道"] "Street",
    Community = "community" ["社区"] "Community",
    Soe = "soe" ["国有企业", "国企"] "State-owned enterprise",
    Organ = "organ" ["机关"] "Government organ",
    School = "school" ["学校"] "School",
    Institution = "institution" ["事业单位"] "Public institution",
    Nonpublic = "nonpublic" ["非公有制经济组织", "非公企业"] "Private enterprise",
    Social = "social" ["社会组织"] "Social organization",
});

keyword_enum!(Role {
    Secretary = "secretary" ["书记"] "Secretary",
    Committee = "committee" ["委员"] "Committee member",
    Member = "member" ["党员"] "Member",
    AffairsWorker = "affairs-worker" ["党务工作者"] "Party affairs worker",
    Student = "student" ["学生党员"] "Student member",
});

keyword_enum!(MemberStatus {
    Active = "active" ["在职党员", "在职"] "Active",
    Retired = "retired" ["离退休党员", "离退休", "退休"] "Retired",
    Floating = "floating" ["流动党员", "流动"] "Floating",
    NoPost = "no-post" ["无职党员", "无职"] "Without a post",
});

keyword_enum!(PledgeForm {
    Public = "public" ["公开承诺", "公开"] "Public",
    Written = "written" ["书面承诺", "书面"] "Written",
    Oral = "oral" ["口头承诺", "口头"] "Oral",
});

keyword_enum!(
    /// A status a progress note may report.
    NoteStatus {
        InProgress = "in-progress" ["进行中", "推进中"] "In progress",
        Done = "done" ["已完成", "完成"] "Done",
        Delayed = "delayed" ["已延期", "延期"] "Delayed",
        Adjusted = "adjusted" ["已调整", "调整"] "Adjusted",
        Abandoned = "abandoned" ["已放弃", "放弃"] "Abandoned",
    }
);

keyword_enum!(Grade {
    Excellent = "excellent" ["优秀"] "Excellent",
    Qualified = "qualified" ["合格"] "Qualified",
    Basic = "basic" ["基本合格"] "Basically qualified",
    Unqualified = "unqualified" ["不合格"] "Unqualified",
});

keyword_enum!(
    /// A leader comment's half of the year (`half` in _review.yaml).
    Half {
        First = "1" ["上半年"] "First half",
        Second = "2" ["下半年"] "Second half",
    }
);

impl Half {
    pub fn number(self) -> u8 {
        match self {
            Half::First => 1,
            Half::Second => 2,
        }
    }
}

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
    /// The schema's generic item fields (docs/format.md §2.4.3), by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: GenericFields,
}

/// The value of a field the schema declares `generic` (no typed code
/// reads it; see README "Adding a field"), as read: exported in the open
/// data as written (a keyword as its keyword, a date as `YYYY-MM-DD`).
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Text(String),
    Int(i64),
    Bool(bool),
    Date(Date),
    Keyword(&'static str),
    List(Vec<FieldValue>),
}

impl Serialize for FieldValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Text(t) => s.serialize_str(t),
            FieldValue::Int(i) => s.serialize_i64(*i),
            FieldValue::Bool(b) => s.serialize_bool(*b),
            FieldValue::Date(d) => d.serialize(s),
            FieldValue::Keyword(k) => s.serialize_str(k),
            FieldValue::List(items) => s.collect_seq(items),
        }
    }
}

/// Generic fields by name (public ones only: the loader drops private ones).
pub type GenericFields = BTreeMap<&'static str, FieldValue>;

#[derive(Clone, Debug, Serialize)]
pub struct Note {
    /// The file stem: the note's anchor and id.
    pub id: String,
    pub date: Date,
    pub items: Vec<String>,
    pub progress: Option<u8>,
    pub status: Option<NoteStatus>,
    /// The approved new deadline (延期至); only ever given with
    /// `status: delayed` (docs/spec.md §5).
    pub deadline: Option<Date>,
    /// Where `status:` is written, for `check`'s advice.
    #[serde(skip)]
    pub status_pos: Pos,
    pub title: Option<String>,
    pub author: Option<String>,
    /// Markdown source, not yet rendered.
    pub body: String,
    pub extra: serde_json::Value,
    /// The schema's generic note fields (docs/format.md §2.5), by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: GenericFields,
    /// Files beside the note (pictures) to copy next to its page.
    #[serde(skip)]
    pub attachments: Vec<Attachment>,
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
    /// Where `name` is written, for `check`'s advice (1:1 when it is not).
    #[serde(skip)]
    pub name_pos: Pos,
    pub role: Option<String>,
    pub form: PledgeForm,
    pub approved: Option<Approval>,
    pub published: Option<Date>,
    pub items: Vec<Item>,
    pub body: String,
    pub extra: serde_json::Value,
    /// The schema's generic sheet fields (docs/format.md §2.4.3), by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: GenericFields,
    /// Sorted by date, then file name (docs/spec.md §3).
    /// (A sheet's file and its notes' are where their ids say:
    /// `Unit::sheet_file`, `Unit::note_file`; a city's 400,000 paths are
    /// not kept.)
    pub notes: Vec<Note>,
}

pub const UNIT_SHEET: &str = "_unit";

impl Sheet {
    pub fn is_unit(&self) -> bool {
        self.id == UNIT_SHEET
    }

    pub fn item(&self, i: ItemIx) -> &Item {
        &self.items[i.0]
    }

    pub fn note(&self, n: NoteIx) -> &Note {
        &self.notes[n.0]
    }

    /// Every note with its index, in order.
    pub fn notes_ix(&self) -> impl DoubleEndedIterator<Item = (NoteIx, &Note)> + ExactSizeIterator {
        self.notes.iter().enumerate().map(|(i, n)| (NoteIx(i), n))
    }

    /// Every item with its index, in order.
    pub fn items_ix(&self) -> impl DoubleEndedIterator<Item = (ItemIx, &Item)> + ExactSizeIterator {
        self.items.iter().enumerate().map(|(i, n)| (ItemIx(i), n))
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
    pub fn sheet(&self, s: SheetIx) -> &Sheet {
        &self.sheets[s.0]
    }

    /// Every published sheet with its index, in order.
    pub fn sheets_ix(
        &self,
    ) -> impl DoubleEndedIterator<Item = (SheetIx, &Sheet)> + ExactSizeIterator {
        self.sheets.iter().enumerate().map(|(i, s)| (SheetIx(i), s))
    }

    pub fn unit_sheet(&self) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.is_unit())
    }

    pub fn member_sheets(&self) -> impl Iterator<Item = &Sheet> {
        self.sheets.iter().filter(|s| !s.is_unit())
    }
}

/// Declares an index into one list of the site model. Each list has its
/// own index type, so a unit's index cannot be passed where a sheet's or a
/// note's is expected and `f(unit, sheet)` cannot be called as
/// `f(sheet, unit)`: the compiler refuses it.
macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(usize);

        impl Idx for $name {
            fn new(index: usize) -> Self {
                $name(index)
            }
            fn get(self) -> usize {
                self.0
            }
        }

        impl $name {
            pub const fn new(index: usize) -> Self {
                $name(index)
            }

            /// The position in its list.
            pub const fn get(self) -> usize {
                self.0
            }

            /// Every index of a list of `len` entries, in order.
            pub fn all(len: usize) -> impl DoubleEndedIterator<Item = $name> + ExactSizeIterator {
                (0..len).map($name)
            }
        }
    };
}

/// What every index type of [`index_type!`] can do, for [`IxVec`].
pub trait Idx: Copy {
    fn new(index: usize) -> Self;
    fn get(self) -> usize;
}

/// A list indexed by one index type only: `facts.total[u]` takes a
/// [`UnitIx`], never a bare number or another list's index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IxVec<I, T> {
    items: Vec<T>,
    index: std::marker::PhantomData<fn(I)>,
}

impl<I: Idx, T> IxVec<I, T> {
    pub fn with_capacity(n: usize) -> Self {
        IxVec::from(Vec::with_capacity(n))
    }

    /// Adds `t` at the end and gives its index.
    pub fn push(&mut self, t: T) -> I {
        self.items.push(t);
        I::new(self.items.len() - 1)
    }

    /// Every index, in order.
    pub fn indices(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + use<I, T> {
        (0..self.items.len()).map(I::new)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// Every entry with its index, in order.
    pub fn iter_ix(&self) -> impl DoubleEndedIterator<Item = (I, &T)> + ExactSizeIterator {
        self.items.iter().enumerate().map(|(i, t)| (I::new(i), t))
    }

    pub fn get(&self, i: I) -> Option<&T> {
        self.items.get(i.get())
    }

    /// The entries without their indices, for code that reads them all.
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

impl<I, T> Default for IxVec<I, T> {
    fn default() -> Self {
        IxVec::from(Vec::new())
    }
}

impl<I, T> From<Vec<T>> for IxVec<I, T> {
    fn from(items: Vec<T>) -> Self {
        IxVec {
            items,
            index: std::marker::PhantomData,
        }
    }
}

impl<I, T> FromIterator<T> for IxVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        IxVec::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<I: Idx, T> std::ops::Index<I> for IxVec<I, T> {
    type Output = T;
    fn index(&self, i: I) -> &T {
        &self.items[i.get()]
    }
}

impl<I: Idx, T> std::ops::IndexMut<I> for IxVec<I, T> {
    fn index_mut(&mut self, i: I) -> &mut T {
        &mut self.items[i.get()]
    }
}

impl<'a, I, T> IntoIterator for &'a IxVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

index_type!(
    /// A unit's place in [`Site::units`] (tree order).
    UnitIx
);
index_type!(
    /// A sheet's place in its [`UnitYear::sheets`].
    SheetIx
);
index_type!(
    /// An item's place in its [`Sheet::items`].
    ItemIx
);
index_type!(
    /// A note's place in its [`Sheet::notes`].
    NoteIx
);

#[derive(Clone, Debug)]
pub struct Unit {
    /// Slash-joined folder names below `content/`; `""` for the root unit.
    pub path: String,
    pub parent: Option<UnitIx>,
    pub children: Vec<UnitIx>,
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
    /// A unit with only its place and name: no parent or children yet (the
    /// loader places units), no details, no years.
    pub fn new(path: impl Into<String>, name: impl Into<String>, kind: UnitKind) -> Self {
        let path = path.into();
        Unit {
            depth: path.split('/').filter(|s| !s.is_empty()).count(),
            path,
            parent: None,
            children: Vec::new(),
            name: name.into(),
            kind,
            secretary: None,
            members: None,
            established: None,
            description: None,
            exemplary: Vec::new(),
            rectification: Vec::new(),
            extra: serde_json::Value::Null,
            roster: None,
            years: BTreeMap::new(),
        }
    }

    /// The roster in force for `year`: the year's own, else the unit's.
    pub fn roster_for(&self, year: i32) -> Option<&[RosterEntry]> {
        self.years
            .get(&year)
            .and_then(|y| y.roster.as_deref())
            .or(self.roster.as_deref())
    }

    /// The unit's folder, relative to the site root (`content/a/b`).
    pub fn dir(&self) -> PathBuf {
        let mut dir = PathBuf::from("content");
        if !self.path.is_empty() {
            dir.push(&self.path);
        }
        dir
    }

    /// A sheet's file, relative to the site root
    /// (`content/a/b/2026/zhang-wei.md`).
    pub fn sheet_file(&self, year: i32, sheet: &str) -> PathBuf {
        self.dir()
            .join(year.to_string())
            .join(format!("{sheet}.md"))
    }

    /// A note's file, in its sheet's notes folder
    /// (`content/a/b/2026/zhang-wei/2026-03-01-visit.md`).
    pub fn note_file(&self, year: i32, sheet: &str, note: &str) -> PathBuf {
        self.dir()
            .join(year.to_string())
            .join(sheet)
            .join(format!("{note}.md"))
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
    /// How many pledge sheets and progress notes the site holds, over
    /// every unit and year.
    pub fn sheet_and_note_counts(&self) -> (usize, usize) {
        let sheets = || {
            self.units
                .iter()
                .flat_map(|u| u.years.values())
                .flat_map(|y| &y.sheets)
        };
        (sheets().count(), sheets().map(|s| s.notes.len()).sum())
    }

    /// The year the home page shows.
    pub fn site_year(&self) -> Option<i32> {
        self.config.year.or_else(|| self.years.last().copied())
    }

    /// The unit and all its descendants, in tree order.
    pub fn unit(&self, u: UnitIx) -> &Unit {
        &self.units[u.0]
    }

    /// The unit at `path` (slash-joined folder names below `content/`).
    pub fn unit_at(&self, path: &str) -> Option<UnitIx> {
        self.units_ix()
            .find(|(_, u)| u.path == path)
            .map(|(u, _)| u)
    }

    /// Every unit with its index, in tree order.
    pub fn units_ix(&self) -> impl DoubleEndedIterator<Item = (UnitIx, &Unit)> + ExactSizeIterator {
        self.units
            .iter()
            .enumerate()
            .map(|(i, u)| (UnitIx(i), &**u))
    }

    /// The unit and all its descendants, in tree order.
    pub fn subtree(&self, unit: UnitIx) -> Vec<UnitIx> {
        let mut out = vec![unit];
        let mut i = 0;
        while i < out.len() {
            out.extend(self.unit(out[i]).children.iter().copied());
            i += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_words_read_as_their_keywords() {
        assert_eq!(UnitKind::parse("街道"), Some(UnitKind::Street));
        assert_eq!(UnitKind::parse(" street "), Some(UnitKind::Street));
        assert_eq!(Grade::parse("合格"), Some(Grade::Qualified));
        assert_eq!(Grade::parse("基本合格"), Some(Grade::Basic));
        assert_eq!(NoteStatus::parse("完成"), Some(NoteStatus::Done));
        assert_eq!(Half::parse("上半年"), Some(Half::First));
        assert_eq!(Half::parse("2"), Some(Half::Second));
        assert_eq!(Lang::parse("中文"), Some(Lang::ZhCn));
        assert_eq!(UnitKind::parse("街道办事处"), None);
        // The data keeps the keyword.
        let json = serde_json::to_string(&UnitKind::parse("街道")).unwrap();
        assert_eq!(json, "\"street\"");
    }

    #[test]
    fn hints_for_typos_and_longer_chinese_words() {
        assert_eq!(UnitKind::hint("stret"), Some(UnitKind::Street));
        assert_eq!(UnitKind::hint("街道办事处"), Some(UnitKind::Street));
        assert_eq!(Grade::hint("优"), Some(Grade::Excellent));
        assert_eq!(Grade::hint("基本合格吧"), Some(Grade::Basic));
        assert_eq!(NoteStatus::hint("已经完成"), Some(NoteStatus::Done));
        assert_eq!(Grade::hint("zzz"), None);
        assert_eq!(Grade::hint("满意"), None);
        assert_eq!(Half::hint("3"), None);
    }

    #[test]
    fn no_word_is_accepted_for_two_values() {
        fn unique<K: Keyword + std::fmt::Debug>() {
            let mut seen = std::collections::HashMap::new();
            assert_eq!(K::VALUES.len(), K::CHOICES.len());
            for (v, c) in K::VALUES.iter().zip(K::CHOICES) {
                for w in std::iter::once(&c.keyword).chain(c.zh.iter()) {
                    if let Some(other) = seen.insert(*w, *v) {
                        panic!("{w} names both {other:?} and {v:?}");
                    }
                }
            }
        }
        unique::<UnitKind>();
        unique::<Role>();
        unique::<MemberStatus>();
        unique::<PledgeForm>();
        unique::<NoteStatus>();
        unique::<Grade>();
        unique::<Half>();
        unique::<MemberNames>();
        unique::<Lang>();
    }

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

//! The content format's one declaration (docs/format.md, 第二节 各类文件的写法): for every
//! kind of file and nested mapping, each field's name, type, whether it is
//! required, allowed values (the keyword tables of `model`), doc line and
//! privacy. The loader's unknown-field and missing-field checks and their
//! "did you mean", `new`'s commented templates and the keyboard check's
//! field names read it; a test holds docs/format.md's tables to it.

use crate::model::{
    Choice, FIRST_YEAR, Grade, Half, Keyword, LAST_YEAR, Lang, MemberNames, MemberStatus,
    NoteStatus, PledgeForm, Role, UnitKind,
};

/// What a field's value is.
#[derive(Clone, Copy, Debug)]
pub enum Type {
    /// One line or a block of text; numbers are taken as written.
    Text,
    /// Text that is rendered as Markdown.
    Markdown,
    /// A whole number, unquoted, within the range.
    Int { min: i64, max: i64 },
    /// `YYYY-MM-DD`, a day that exists.
    Date,
    /// `true` or `false`.
    Bool { default: bool },
    /// One of the choices (a keyword or one of its Chinese words).
    Keyword {
        choices: &'static [Choice],
        default: Option<&'static str>,
    },
    /// A year (FIRST_YEAR..=LAST_YEAR) or a list of years.
    Years,
    /// A text or a list of texts.
    Texts,
    /// A list of mappings, each read with the schema.
    List(&'static Schema),
    /// One nested mapping, read with the schema.
    Map(&'static Schema),
    /// `extra:`: a mapping of anything, for themes.
    Extra,
}

/// Whether a field must be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Required {
    Yes,
    No,
    /// Required in some files only; the loader's own code decides, and the
    /// text says when (as docs/format.md's 是否必填 column does).
    When(&'static str),
}

/// One field of a file kind.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Type,
    pub required: Required,
    /// What it is, in a line (Chinese): `new`'s templates show it.
    pub doc: &'static str,
    pub doc_en: &'static str,
    /// A value `new`'s templates show for a field left commented out.
    pub example: &'static str,
    /// Read and checked but never published: not kept in the model.
    pub private: bool,
    /// No typed code reads it: the loader reads it by its type into the
    /// model's `fields` map, the JSON export and the templates carry it
    /// (see README "Adding a field").
    pub generic: bool,
}

const fn field(
    name: &'static str,
    ty: Type,
    required: Required,
    doc: &'static str,
    doc_en: &'static str,
) -> Field {
    Field {
        name,
        ty,
        required,
        doc,
        doc_en,
        example: "",
        private: false,
        generic: false,
    }
}

impl Field {
    pub const fn example(mut self, example: &'static str) -> Field {
        self.example = example;
        self
    }
    pub const fn private(mut self) -> Field {
        self.private = true;
        self
    }
    pub const fn generic(mut self) -> Field {
        self.generic = true;
        self
    }

    /// The choices of a keyword field.
    pub fn choices(&self) -> Option<&'static [Choice]> {
        match self.ty {
            Type::Keyword { choices, .. } => Some(choices),
            _ => None,
        }
    }

    /// The comment `new`'s templates write after the field: 必填 or 可选,
    /// the doc line, and a keyword's choices (`in-progress 进行中 | …`).
    pub fn comment(&self) -> String {
        let label = match self.required {
            Required::Yes => "必填",
            Required::No => "可选",
            Required::When(when) => when,
        };
        self.comment_as(label)
    }

    /// `comment` with another first word (`必填` where a `When` field is
    /// required, as a member's `name`).
    pub fn comment_as(&self, label: &str) -> String {
        let mut s = format!("{label}：{}", self.doc);
        if let Some(choices) = self.choices() {
            s.push_str("，只能是 ");
            s.push_str(&choice_list(choices));
        }
        s
    }
}

/// `committee 党委 | township 乡镇 | …`, for templates.
pub fn choice_list(choices: &[Choice]) -> String {
    choices
        .iter()
        .map(|c| format!("{} {}", c.keyword, c.zh_name()))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The fields of one kind of file or nested mapping.
#[derive(Debug)]
pub struct Schema {
    /// The name docs/format.md's tables are marked with (`<!-- schema: note -->`).
    pub kind: &'static str,
    pub fields: &'static [Field],
    /// Fields it does not declare are allowed and dropped unread (a
    /// roster's own private columns).
    pub open: bool,
}

impl Schema {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Every field name, in declaration order (for "did you mean").
    pub fn names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }

    /// The fields the loader reads by type into the model's `fields`.
    pub fn generic(&self) -> impl Iterator<Item = &'static Field> {
        self.fields.iter().filter(|f| f.generic)
    }
}

use Required::{No, When, Yes};

const TEXT: Type = Type::Text;
const DATE: Type = Type::Date;
const fn int(min: i64, max: i64) -> Type {
    Type::Int { min, max }
}
const fn keyword<K: Keyword>(default: Option<&'static str>) -> Type {
    Type::Keyword {
        choices: K::CHOICES,
        default,
    }
}
const YEAR: Type = int(FIRST_YEAR as i64, LAST_YEAR as i64);
const VOTES_MAX: i64 = 1_000_000_000;
const EXTRA: Field = field(
    "extra",
    Type::Extra,
    No,
    "留给主题使用的自定义数据，其下内容随意",
    "custom data for themes, anything below it",
);

/// `site.yaml`.
pub static SITE: Schema = Schema {
    kind: "site",
    open: false,
    fields: &[
        field("title", TEXT, Yes, "网站标题", "the site's title")
            .example("某某区基层党组织和党员公开承诺公示"),
        field(
            "base_url",
            TEXT,
            Yes,
            "网站的正式网址，如 https://example.org/pledges/",
            "the site's public address",
        )
        .example("/"),
        field(
            "language",
            keyword::<Lang>(Some("zh-CN")),
            No,
            "界面语言",
            "the language of the pages and messages",
        )
        .example("zh-CN"),
        field(
            "theme",
            TEXT,
            No,
            "主题名",
            "the theme's folder under themes/",
        )
        .example("default"),
        field(
            "year",
            YEAR,
            No,
            "首页显示哪一年（默认：内容中最新的年份）",
            "the year the home page shows",
        )
        .example("2026"),
        field(
            "require_approval",
            Type::Bool { default: true },
            No,
            "true 表示没有审定信息（approved）的承诺书不公示",
            "true: sheets without `approved` are not published",
        )
        .example("true"),
        field(
            "note_pages",
            Type::Bool { default: false },
            No,
            "true 表示每条践诺进展另有一个单独的页面",
            "true: every note also gets a page of its own",
        )
        .example("false"),
        field(
            "member_names",
            keyword::<MemberNames>(Some("full")),
            No,
            "党员姓名的显示方式",
            "how members' names are shown",
        )
        .example("full"),
        field(
            "supervision",
            Type::Map(&SUPERVISION),
            No,
            "群众监督渠道：监督电话、意见箱、联系地址",
            "where residents report: phone, mailbox, address",
        ),
    ],
};

/// `supervision:` in site.yaml.
pub static SUPERVISION: Schema = Schema {
    kind: "supervision",
    open: false,
    fields: &[
        field("phone", TEXT, No, "监督电话", "the supervision phone").example("0731-12345678"),
        field("mailbox", TEXT, No, "意见箱", "the opinion box").example("各党群服务中心门口意见箱"),
        field("address", TEXT, No, "联系地址", "the address").example("人民路1号"),
    ],
};

/// `_unit.yaml`.
pub static UNIT: Schema = Schema {
    kind: "unit",
    open: false,
    fields: &[
        field("name", TEXT, Yes, "单位全称", "the unit's full name").example("示例社区党支部"),
        field(
            "kind",
            keyword::<UnitKind>(None),
            Yes,
            "组织类型",
            "the kind of organization",
        )
        .example("community"),
        field("secretary", TEXT, No, "书记姓名", "the secretary's name").example("王芳"),
        field(
            "members",
            int(0, 10_000_000),
            No,
            "党员人数（没有花名册 _roster.yaml 时用于统计覆盖率）",
            "members on the books (counts only without a roster)",
        )
        .example("30"),
        field(
            "established",
            DATE,
            No,
            "成立日期，写成 YYYY-MM-DD",
            "the day it was established",
        )
        .example("1998-07-01"),
        field(
            "description",
            Type::Markdown,
            No,
            "单位简介",
            "a short description (Markdown)",
        )
        .example("辖8个网格……"),
        field(
            "exemplary",
            Type::Years,
            No,
            "被评为先进典型的年份",
            "the years it was named exemplary",
        )
        .example("[2025]"),
        field(
            "rectification",
            Type::List(&RECTIFICATION),
            No,
            "整改通报，每条写明 year、issued、deadline、reason，完成后加 done",
            "rectification orders",
        ),
        field(
            "aliases",
            Type::Texts,
            No,
            "表格里对本单位的其他叫法（导入时用），网站上不显示",
            "other names spreadsheets use for it (for import); never shown",
        )
        .example("[机关支部]")
        .private(),
        EXTRA,
    ],
};

/// One entry of `rectification:` in `_unit.yaml`.
pub static RECTIFICATION: Schema = Schema {
    kind: "rectification",
    open: false,
    fields: &[
        field(
            "year",
            YEAR,
            Yes,
            "属于哪一年度",
            "the pledge year it belongs to",
        )
        .example("2026"),
        field("issued", DATE, Yes, "下达日期", "the day it was issued").example("2026-07-01"),
        field("deadline", DATE, Yes, "整改期限", "the deadline").example("2026-10-31"),
        field("reason", TEXT, Yes, "整改原因", "the reason").example("承诺事项空泛，群众知晓率低"),
        field("done", DATE, No, "完成整改的日期", "the day it was done").example("2026-10-20"),
    ],
};

/// One entry of `_roster.yaml`.
pub static ROSTER: Schema = Schema {
    kind: "roster",
    open: true,
    fields: &[
        field(
            "id",
            TEXT,
            Yes,
            "党员编号，与承诺书文件名一致",
            "the member id, also the sheet's file name",
        )
        .example("zhang-san"),
        field("name", TEXT, Yes, "姓名", "the member's name").example("张三"),
        field(
            "role",
            keyword::<Role>(None),
            No,
            "职务",
            "the member's role",
        )
        .example("member"),
        field(
            "status",
            keyword::<MemberStatus>(Some("active")),
            No,
            "党员类别",
            "the member's status",
        )
        .example("active"),
        field(
            "exempt",
            Type::Years,
            No,
            "经支部同意免于承诺（免诺）的年份",
            "years exempted from pledging",
        )
        .example("2026"),
        field(
            "exempt_reason",
            TEXT,
            No,
            "免诺原因：网站上永远不显示",
            "why: never published",
        )
        .example("年老体弱，行动不便")
        .private(),
    ],
};

/// A pledge sheet's front matter (`<year>/<id>.md`, `_unit.md`).
pub static SHEET: Schema = Schema {
    kind: "sheet",
    open: false,
    fields: &[
        field(
            "name",
            TEXT,
            When("党员承诺书必填；`_unit.md` 可选"),
            "承诺人姓名",
            "the pledger's name",
        )
        .example("张三"),
        field(
            "role",
            TEXT,
            No,
            "显示在承诺书上的职务",
            "the role shown on the sheet",
        )
        .example("党支部书记"),
        field(
            "form",
            keyword::<PledgeForm>(Some("public")),
            No,
            "承诺方式",
            "how the pledge was made",
        )
        .example("written"),
        field(
            "approved",
            Type::Map(&APPROVED),
            When("公示所必需（见第四节）"),
            "谁、哪天审定的；没有审定信息的承诺书不公示",
            "who approved it and when; unapproved sheets are not published",
        ),
        field(
            "published",
            DATE,
            No,
            "公布日期",
            "the day it was published",
        )
        .example("2026-01-20"),
        field(
            "items",
            Type::List(&ITEM),
            Yes,
            "承诺事项，至少一项；每项以“- id:”开头，下面的字段对齐",
            "the pledged items, at least one",
        ),
        EXTRA,
    ],
};

/// `approved:` on a sheet.
pub static APPROVED: Schema = Schema {
    kind: "approved",
    open: false,
    fields: &[
        field("by", TEXT, Yes, "审定的组织", "the approving organization"),
        field("date", DATE, Yes, "审定日期", "the day of approval"),
    ],
};

/// One entry of a sheet's `items:`.
pub static ITEM: Schema = Schema {
    kind: "item",
    open: false,
    fields: &[
        field(
            "id",
            TEXT,
            Yes,
            "事项编号，本承诺书内不能重复；践诺进展用它指明事项",
            "the item id, unique on the sheet",
        )
        .example("item-1"),
        field("title", TEXT, Yes, "承诺事项内容", "what is pledged").example("请在此填写承诺事项"),
        field(
            "category",
            TEXT,
            No,
            "类别；同类事项请写成完全相同的文字",
            "a category",
        )
        .example("服务群众"),
        field("deadline", DATE, Yes, "完成时限", "the deadline").example("2026-12-31"),
        field(
            "baseline",
            TEXT,
            No,
            "现状基础，便于对照检验",
            "the situation now, to check against",
        )
        .example("现状如何"),
        field("target", TEXT, No, "预期效果", "the expected result").example("达到什么效果"),
        field("responsibility", TEXT, No, "责任分工", "who does what")
            .example("本人牵头，居委会配合"),
    ],
};

/// A progress note's front matter (`<year>/<id>/<date>-<slug>.md`).
pub static NOTE: Schema = Schema {
    kind: "note",
    open: false,
    fields: NOTE_FIELDS,
};

const NOTE_FIELDS: &[Field] = &[
    field(
        "date",
        DATE,
        When("文件名以日期开头时可不写"),
        "进展日期",
        "the note's date",
    ),
    field(
        "item",
        Type::Texts,
        Yes,
        "事项编号；一次推进几个事项时写成 [编号1, 编号2]",
        "the item id, or a list of ids",
    ),
    field(
        "progress",
        int(0, 100),
        No,
        "这条进展之后，该事项完成了百分之几（0–100 的整数，不加引号）",
        "percent done after this note",
    )
    .example("50"),
    field(
        "status",
        keyword::<NoteStatus>(None),
        No,
        "这条进展之后该事项的状态",
        "the item's status after this note",
    )
    .example("in-progress"),
    field(
        "deadline",
        DATE,
        No,
        "延期至：经审定的新完成时限（只能与 status: delayed 一起写）",
        "the approved new deadline (only with status: delayed)",
    )
    .example("2027-01-31"),
    field("title", TEXT, No, "标题", "a title").example("第一场招聘会举办"),
    field("author", TEXT, No, "记录人", "who wrote it").example("社区党委"),
    EXTRA,
];

/// One entry of `_review.yaml` (keyed by sheet id).
pub static REVIEW: Schema = Schema {
    kind: "review",
    open: false,
    fields: &[
        field(
            "comments",
            Type::List(&COMMENT),
            No,
            "领导点评，每半年一次",
            "leaders' comments, one per half year",
        ),
        field(
            "votes",
            Type::Map(&VOTES),
            No,
            "群众评议：满意、基本满意、不满意票数",
            "residents' votes",
        ),
        field(
            "grade",
            keyword::<Grade>(None),
            No,
            "组织认定",
            "the organization's grade",
        )
        .example("excellent"),
        field(
            "exemplary",
            Type::Bool { default: false },
            No,
            "本年度评为先进典型",
            "named exemplary this year",
        )
        .example("true"),
    ],
};

/// One entry of a review's `comments:`.
pub static COMMENT: Schema = Schema {
    kind: "comment",
    open: false,
    fields: &[
        field(
            "half",
            keyword::<Half>(None),
            Yes,
            "1 上半年，2 下半年",
            "1: first half, 2: second half",
        )
        .example("1"),
        field("by", TEXT, Yes, "点评人（姓名和职务）", "who comments"),
        field("date", DATE, Yes, "点评日期", "the day of the comment"),
        field("text", TEXT, Yes, "点评内容", "the comment"),
    ],
};

/// A review's `votes:`.
pub static VOTES: Schema = Schema {
    kind: "votes",
    open: false,
    fields: &[
        field(
            "satisfied",
            int(0, VOTES_MAX),
            No,
            "满意票数",
            "satisfied votes",
        ),
        field(
            "basic",
            int(0, VOTES_MAX),
            No,
            "基本满意票数",
            "basically satisfied votes",
        ),
        field(
            "unsatisfied",
            int(0, VOTES_MAX),
            No,
            "不满意票数",
            "unsatisfied votes",
        ),
    ],
};

/// Every schema, in docs/format.md's order.
pub static ALL: &[&Schema] = &[
    &SITE,
    &SUPERVISION,
    &UNIT,
    &RECTIFICATION,
    &ROSTER,
    &SHEET,
    &APPROVED,
    &ITEM,
    &NOTE,
    &REVIEW,
    &COMMENT,
    &VOTES,
];

/// Whether `word` is a field name of any file kind (the keyboard check
/// takes only those for keys in `key:value` without a space).
pub fn is_field_name(word: &str) -> bool {
    ALL.iter().any(|s| s.field(word).is_some())
}

#[cfg(test)]
mod tests;

//! The text of the files the editors' commands write: valid content with
//! Chinese comments explaining every field (editors read them in their
//! text editor). Values from the command line go through `yaml_text`.

use super::yaml_text;
use crate::model::{Date, Item};
use crate::schema::{self, Field, Schema};

/// The schema's comment on `name` (`必填：单位全称`).
fn doc(schema: &Schema, name: &str) -> String {
    schema.field(name).map(Field::comment).unwrap_or_default()
}

/// `name: value    # comment`, or the line commented out with the
/// field's example when `value` is `None`.
fn line(indent: &str, schema: &Schema, name: &str, value: Option<&str>) -> String {
    let Some(field) = schema.field(name) else {
        return String::new();
    };
    match value {
        Some(v) => format!("{indent}{name}: {v}    # {}\n", field.comment()),
        None => format!(
            "{indent}# {name}: {}    # {}\n",
            field.example,
            field.comment()
        ),
    }
}

/// The commented-out lines of a schema's generic fields (README "Adding a
/// field"): a field declared there shows up in `new`'s file by itself.
fn generic_lines(indent: &str, schema: &Schema) -> String {
    schema
        .generic()
        .map(|f| line(indent, schema, f.name, None))
        .collect()
}

pub fn unit_yaml(name: &str, kind: &str) -> String {
    let u = &schema::UNIT;
    let mut s = String::from(
        "# 单位信息。每行“字段: 值”，冒号后面要有一个空格；# 后面是说明，程序不读。
# 去掉行首的“# ”即可启用一个可选字段。改完后运行 pledgeboard check 检查。
",
    );
    s.push_str(&line("", u, "name", Some(&yaml_text(name))));
    s.push_str(&line("", u, "kind", Some(kind)));
    for name in [
        "secretary",
        "members",
        "established",
        "description",
        "exemplary",
    ] {
        s.push_str(&line("", u, name, None));
    }
    s.push_str(&format!(
        "# rectification:    # {}\n",
        doc(u, "rectification")
    ));
    let r = &schema::RECTIFICATION;
    for f in r.fields {
        s.push_str(&format!(
            "#   {}{}: {}\n",
            if f.name == "year" { "- " } else { "  " },
            f.name,
            f.example
        ));
    }
    s.push_str(&generic_lines("", u));
    s
}

/// What a new member's or unit's pledge sheet starts with.
pub struct SheetTemplate<'a> {
    /// `None` for the unit's own sheet (`_unit.md`).
    pub name: Option<&'a str>,
    pub role: Option<&'a str>,
    /// Who approves it: the unit for a member, the upper level for a unit.
    pub approver: &'a str,
    pub year: i32,
    /// Filled in from `init` and `import`; `None` leaves `approved` commented out.
    pub approved: Option<(&'a str, Date)>,
    /// `None`: one placeholder item to fill in.
    pub items: Option<&'a [Item]>,
    pub body: &'a str,
}

pub fn sheet(t: &SheetTemplate) -> String {
    let mut s = String::from(
        "---
# 公开承诺书。每行“字段: 值”，冒号后面要有一个空格；# 后面是说明，程序不读。
# 改完后运行 pledgeboard check 检查，pledgeboard serve 预览。
",
    );
    let sh = &schema::SHEET;
    match t.name {
        Some(name) => s.push_str(&format!(
            "name: {}    # {}\n",
            yaml_text(name),
            sh.field("name")
                .map_or(String::new(), |f| f.comment_as("必填"))
        )),
        None => s.push_str("# 这是单位自己的组织承诺书，网站上总是显示单位名称，不用写 name\n"),
    }
    match t.role {
        Some(role) => s.push_str(&line("", sh, "role", Some(&yaml_text(role)))),
        None if t.name.is_some() => s.push_str(&line("", sh, "role", None)),
        None => {}
    }
    s.push_str(&line("", sh, "form", None));
    match t.approved {
        Some((by, date)) => s.push_str(&format!(
            "approved: {{ by: {}, date: {date} }}    # {}\n",
            yaml_text(by),
            sh.field("approved").map_or(String::new(), |f| f.comment_as("审定"))
        )),
        None => s.push_str(&format!(
            "# 审定：审定后去掉下一行开头的“# ”，并改成实际的审定日期。没有审定信息的承诺书不公示。\n# approved: {{ by: {}, date: {}-01-18 }}\n",
            yaml_text(t.approver),
            t.year
        )),
    }
    s.push_str(&line("", sh, "published", None));
    s.push_str(&format!("items:    # {}\n", doc(sh, "items")));
    match t.items {
        Some(items) => {
            for (i, item) in items.iter().enumerate() {
                s.push_str(&item_text(item, i == 0));
            }
        }
        None => {
            let placeholder = Item {
                fields: Default::default(),
                pos: Default::default(),
                id: "item-1".into(),
                title: "请在此填写承诺事项".into(),
                category: None,
                deadline: Date::parse(&format!("{}-12-31", t.year)).unwrap_or(DEFAULT_DEADLINE),
                baseline: None,
                target: None,
                responsibility: None,
            };
            s.push_str(&item_lines(&placeholder, true, true));
            s.push_str("  # 再加一项：复制上面从“- id:”开始的几行，改一个新的 id\n");
        }
    }
    s.push_str(&generic_lines("", sh));
    s.push_str("# 下面的 --- 之后写承诺说明（正文，可以不写）\n---\n");
    s.push_str(t.body);
    s
}

/// A year's last day, for a placeholder whose year cannot be written.
const DEFAULT_DEADLINE: Date = Date(jiff::civil::date(2026, 12, 31));

pub fn item_text(item: &Item, explain: bool) -> String {
    item_lines(item, explain, false)
}

/// An item's lines; with `explain`, each with the schema's comment, and
/// the optional fields left empty shown commented out (all of them for a
/// `placeholder`, `baseline` and `target` otherwise).
fn item_lines(item: &Item, explain: bool, placeholder: bool) -> String {
    let it = &schema::ITEM;
    let field = |name: &str, value: Option<String>| -> String {
        let first = name == "id";
        let indent = if first { "  - " } else { "    " };
        let Some(f) = it.field(name) else {
            return String::new();
        };
        let comment = if explain {
            format!("    # {}", f.comment())
        } else {
            String::new()
        };
        match value {
            Some(v) => format!("{indent}{name}: {v}{comment}\n"),
            None if explain && (placeholder || matches!(name, "baseline" | "target")) => {
                format!("    # {name}: {}    # {}\n", f.example, f.comment())
            }
            None => String::new(),
        }
    };
    let text = |v: &Option<String>| v.as_deref().map(yaml_text);
    let mut s = field("id", Some(yaml_text(&item.id)));
    s.push_str(&field("title", Some(yaml_text(&item.title))));
    s.push_str(&field("category", text(&item.category)));
    s.push_str(&field("deadline", Some(item.deadline.to_string())));
    s.push_str(&field("baseline", text(&item.baseline)));
    s.push_str(&field("target", text(&item.target)));
    s.push_str(&field("responsibility", text(&item.responsibility)));
    if explain {
        s.push_str(&generic_lines("    ", it));
    }
    s
}

/// What a new progress note starts with.
pub struct NoteTemplate<'a> {
    /// One id, or several for a note on several items.
    pub items: &'a [String],
    pub item_title: &'a str,
    pub progress: Option<u8>,
    pub status: Option<&'a str>,
    pub deadline: Option<Date>,
    pub title: Option<&'a str>,
}

pub fn note(t: &NoteTemplate) -> String {
    let mut s = String::from(
        "---
# 践诺进展。文件名开头的日期就是进展日期。改完后运行 pledgeboard check 检查。
",
    );
    let n = &schema::NOTE;
    s.push_str(&format!(
        "item: {}    # 必填：{}（{}）\n",
        match t.items {
            [one] => yaml_text(one),
            many => format!(
                "[{}]",
                many.iter()
                    .map(|i| yaml_text(i))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        n.field("item").map_or("", |f| f.doc),
        t.item_title.replace('\n', " ")
    ));
    let progress = t.progress.map(|p| p.to_string());
    s.push_str(&line("", n, "progress", progress.as_deref()));
    s.push_str(&line("", n, "status", t.status));
    let delayed = t.status == Some("delayed");
    let deadline = t.deadline.map(|d| d.to_string());
    if deadline.is_some() || delayed {
        s.push_str(&line("", n, "deadline", deadline.as_deref()));
    }
    if matches!(t.status, Some("delayed" | "adjusted" | "abandoned")) {
        s.push_str("# 延期、调整、放弃都要在正文里向群众说明原因和审定情况\n");
    }
    let title = t.title.map(yaml_text);
    s.push_str(&line("", n, "title", title.as_deref()));
    s.push_str(&line("", n, "author", None));
    s.push_str(&generic_lines("", n));
    s.push_str(
        "# 下面的 --- 之后写正文：做了什么、效果如何。照片放在本文件夹里，正文中写 ![说明](照片.jpg)\n---\n",
    );
    s
}

// --- init: a new site ---

pub fn site_yaml() -> String {
    let site = &schema::SITE;
    let mut s = String::from(
        "# 站点设置。每行“字段: 值”，冒号后面要有一个空格；# 后面是说明，程序不读。\n",
    );
    s.push_str(&line(
        "",
        site,
        "title",
        Some("某某区基层党组织和党员公开承诺公示"),
    ));
    s.push_str(&line("", site, "base_url", Some("/")));
    s.push_str("# 本机预览时 base_url 写 / 即可；发布前改成网站的正式网址\n");
    s.push_str(&line("", site, "language", Some("zh-CN")));
    s.push_str(&line("", site, "year", None));
    s.push_str(&line("", site, "require_approval", Some("true")));
    s.push_str(&line("", site, "note_pages", Some("false")));
    s.push_str(&line("", site, "member_names", None));
    s
}

pub fn root_unit() -> String {
    let u = &schema::UNIT;
    let mut s = String::from(
        "# 最上级的组织（如区委、市委）。不需要时可以删除本文件，各单位就并列在最上一级。\n",
    );
    s.push_str(&line("", u, "name", Some("中共某某区委")));
    s.push_str(&line("", u, "kind", Some("committee")));
    s.push_str(&line("", u, "secretary", None));
    s
}

pub fn example_unit() -> String {
    let u = &schema::UNIT;
    let mut s = String::from(
        "# 示例单位。照着它建立自己的单位，熟悉之后可以把整个 example-community 文件夹删除。
# 新建单位也可以用命令：pledgeboard new unit 文件夹名 --kind community --name 单位全称
",
    );
    s.push_str(&line("", u, "name", Some("示例社区党支部")));
    s.push_str(&line("", u, "kind", Some("community")));
    s.push_str(&line("", u, "secretary", Some("张三")));
    s.push_str(&line(
        "",
        u,
        "description",
        Some("这是 pledgeboard init 创建的示例单位，用来演示花名册、承诺书和践诺进展的写法。"),
    ));
    s
}

pub fn example_roster() -> String {
    let r = &schema::ROSTER;
    let mut s = String::from(
        "# 党员花名册：每名党员一项。id 是党员编号，这名党员的承诺书就叫 <id>.md。
# 电话、住址等私密信息可以照样写在这里，网站上永远不会公开。
",
    );
    s.push_str(&line("- ", r, "id", Some("zhang-san")));
    s.push_str(&line("  ", r, "name", Some("张三")));
    s.push_str(&line("  ", r, "role", Some("secretary")));
    s.push_str(&line("  ", r, "status", Some("active")));
    s.push_str(
        "- id: li-si
  name: 李四
  role: member
  status: active
- id: wang-wu
  name: 王五
  role: member
  status: retired
",
    );
    s.push_str(&line("  ", r, "exempt", Some("{YEAR}")));
    s.push_str(&line("  ", r, "exempt_reason", Some("年老体弱，行动不便")));
    s
}

pub fn example_review() -> String {
    let r = &schema::REVIEW;
    let mut s = String::from(
        "# 年终民主评诺。年底评议后，去掉下面各行开头的“# ”并填写实际内容。
# 第一层的键是 _unit（组织承诺）或承诺书的文件名（党员编号）。
# zhang-san:
",
    );
    s.push_str(&format!("#   comments:    # {}\n", doc(r, "comments")));
    s.push_str(
        "#     - { half: 1, by: 某某（街道党工委书记）, date: {YEAR}-07-05, text: 上半年承诺事项推进有序 }\n",
    );
    s.push_str(&format!(
        "#   votes: {{ satisfied: 40, basic: 3, unsatisfied: 0 }}    # {}\n",
        doc(r, "votes")
    ));
    s.push_str(&line("#   ", r, "grade", Some("excellent")));
    s.push_str(&line("#   ", r, "exemplary", Some("true")));
    s
}

pub fn readme() -> &'static str {
    "# 公开承诺公示网站 —— 编辑说明

这个文件夹是一个 pledgeboard 站点。您只需要编辑文字文件，网站由程序自动生成。

## 文件夹里有什么

```
site.yaml                       站点设置：网站标题、网址
content/
  _unit.yaml                    最上级的组织（如区委）
  example-community/            示例单位（熟悉之后可以删除）
    _unit.yaml                  单位信息
    _roster.yaml                党员花名册（私密信息不会公开）
    {YEAR}/                       年度文件夹
      zhang-san.md              党员张三的承诺书（文件名 = 党员编号）
      zhang-san/                张三的践诺进展，一条进展一个文件
      li-si.md                  党员李四的承诺书
      _review.yaml              年终民主评诺（填写说明在文件里）
```

## 常用命令

在本文件夹里打开命令行窗口，运行：

| 要做的事 | 命令 |
|---|---|
| 预览网站（浏览器打开 http://127.0.0.1:1111/，改了文件会自动刷新） | `pledgeboard serve` |
| 检查有没有错误、遗漏 | `pledgeboard check` |
| 新建单位 | `pledgeboard new unit 单位文件夹名 --kind community --name 单位全称` |
| 新建党员承诺书 | `pledgeboard new pledge 单位文件夹名/{YEAR}/党员编号` |
| 新建践诺进展 | `pledgeboard new note 单位文件夹名/{YEAR}/党员编号 --item 事项编号 --progress 50` |
| 从 Excel 表格导入党员名册（私密栏目不会公开） | `pledgeboard import roster 党员名册.xlsx` |
| 从 Excel 表格导入承诺书（再次导入时只添加新事项） | `pledgeboard import 承诺汇总表.xlsx --year {YEAR}` |
| 生成正式网站（写到 public/ 文件夹） | `pledgeboard build` |

## 注意

- 文件用 UTF-8 编码保存；每行“字段: 值”，冒号后面要有一个空格；缩进用空格，不用 Tab。
- 承诺书要写上审定信息 `approved: { by: 审定组织, date: 审定日期 }` 才会公示。
- 每次修改后运行 `pledgeboard check`：错误会写明文件、行号和改法；“警告”是提醒，不影响生成网站。
- 完整说明见 pledgeboard 的《编辑指南》（docs/editors-guide.md）和《内容格式参考手册》（docs/format.md）。
"
}

/// The example pledge sheets of `init`, approved on `today`.
pub fn example_sheets(year: i32, today: Date) -> Vec<(String, String)> {
    let date = |md: &str| Date::parse(&format!("{year}-{md}")).unwrap_or(today);
    let zhang = [
        Item {
            fields: Default::default(),
            pos: Default::default(),
            id: "visit".into(),
            title: "走访辖区困难党员和群众，帮助解决实际困难".into(),
            category: Some("服务群众".into()),
            deadline: date("12-31"),
            baseline: Some("上年走访20户".into()),
            target: Some("走访不少于30户，解决困难10件以上".into()),
            responsibility: Some("张三牵头，支部委员配合".into()),
        },
        Item {
            fields: Default::default(),
            pos: Default::default(),
            id: "study".into(),
            title: "每季度为党员讲一次党课".into(),
            category: Some("组织建设".into()),
            deadline: date("12-31"),
            baseline: Some("上年讲党课2次".into()),
            target: Some("全年讲党课不少于4次".into()),
            responsibility: None,
        },
    ];
    let li = [Item {
        fields: Default::default(),
        pos: Default::default(),
        id: "volunteer".into(),
        title: "参加社区志愿服务不少于24小时".into(),
        category: Some("志愿服务".into()),
        deadline: date("12-31"),
        baseline: Some("上年参加志愿服务10小时".into()),
        target: Some("全年志愿服务不少于24小时".into()),
        responsibility: None,
    }];
    let approver = "示例社区党支部";
    let make = |name: &str, role: &str, items: &[Item], body: &str| {
        sheet(&SheetTemplate {
            name: Some(name),
            role: Some(role),
            approver,
            year,
            approved: Some((approver, today)),
            items: Some(items),
            body,
        })
    };
    vec![
        (
            "zhang-san.md".into(),
            make(
                "张三",
                "党支部书记",
                &zhang,
                "作为支部书记，我把群众最关心的事写进承诺书，接受党员和群众监督。\n",
            ),
        ),
        (
            "li-si.md".into(),
            make(
                "李四",
                "党员",
                &li,
                "立足岗位作贡献，积极参加社区志愿服务。\n",
            ),
        ),
    ]
}

/// The example progress note of `init`.
pub fn example_note() -> String {
    let mut s = note(&NoteTemplate {
        items: &["visit".to_string()],
        item_title: "走访辖区困难党员和群众，帮助解决实际困难",
        progress: Some(10),
        status: Some("in-progress"),
        deadline: None,
        title: Some("开始走访困难群众"),
    });
    s.push_str("走访困难党员和群众3户，了解到就医、就业方面的困难2件，已登记并逐件落实。\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `field: value    # comment` line of `text` (commented out or
    /// not), as (field, comment).
    fn field_lines(text: &str) -> Vec<(String, String)> {
        text.lines()
            .filter_map(|line| {
                let (code, comment) = line.split_once("    # ")?;
                let code = code.trim_start_matches([' ', '#', '-']).trim_start();
                let (name, _) = code.split_once(':')?;
                let plain = name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
                plain.then(|| (name.to_string(), comment.to_string()))
            })
            .collect()
    }

    /// Each listed field's comment is its schema declaration's, so a doc
    /// line changes in one place (`crate::schema`).
    #[test]
    fn template_comments_come_from_the_schema() {
        let note_text = note(&NoteTemplate {
            items: &["visit".to_string()],
            item_title: "走访",
            progress: None,
            status: Some("delayed"),
            deadline: None,
            title: None,
        });
        let sheet_text = sheet(&SheetTemplate {
            name: Some("张三"),
            role: None,
            approver: "支部",
            year: 2026,
            approved: None,
            items: None,
            body: "",
        });
        let cases: [(&str, String, &Schema, &[&str]); 5] = [
            ("note", note_text, &schema::NOTE, &["item"]),
            ("unit", unit_yaml("某社区", "community"), &schema::UNIT, &[]),
            ("site", site_yaml(), &schema::SITE, &[]),
            ("roster", example_roster(), &schema::ROSTER, &[]),
            ("sheet", sheet_text, &schema::SHEET, &["name", "items"]),
        ];
        for (what, text, schema, own) in cases {
            let lines = field_lines(&text);
            assert!(lines.len() >= 3, "{what}: {text}");
            for (name, comment) in lines {
                if own.contains(&name.as_str()) {
                    continue;
                }
                // Item lines of a sheet are the item schema's.
                let field = schema
                    .field(&name)
                    .or_else(|| schema::ITEM.field(&name))
                    .unwrap_or_else(|| panic!("{what}: `{name}` is in no schema"));
                assert_eq!(comment, field.comment(), "{what}.{name}");
            }
        }
    }
}

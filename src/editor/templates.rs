//! The text of the files the editors' commands write: valid content with
//! Chinese comments explaining every field (editors read them in their
//! text editor). Values from the command line go through `yaml_text`.

use super::yaml_text;
use crate::model::{Date, Item};

const KINDS: &str = "committee 党委 | township 乡镇 | village 村 | street 街道 | community 社区 | soe 国有企业 | organ 机关 | school 学校 | institution 事业单位 | nonpublic 非公有制经济组织 | social 社会组织";

pub fn unit_yaml(name: &str, kind: &str) -> String {
    format!(
        "# 单位信息。每行“字段: 值”，冒号后面要有一个空格；# 后面是说明，程序不读。
# 去掉行首的“# ”即可启用一个可选字段。改完后运行 pledgeboard check 检查。
name: {name}    # 必填：单位全称
kind: {kind}    # 必填：组织类型，只能是 {KINDS}
# secretary: 王芳            # 可选：书记姓名
# members: 30                # 可选：党员人数（没有花名册 _roster.yaml 时用于统计覆盖率）
# established: 1998-07-01    # 可选：成立日期，写成 YYYY-MM-DD
# description: 辖8个网格……   # 可选：单位简介
# exemplary: [2025]          # 可选：被评为先进典型的年份
# rectification:             # 可选：整改通报，每条写明 year、issued、deadline、reason，完成后加 done
#   - year: 2026
#     issued: 2026-07-01
#     deadline: 2026-10-31
#     reason: 承诺事项空泛，群众知晓率低
#     done: 2026-10-20
",
        name = yaml_text(name),
    )
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
    match t.name {
        Some(name) => s.push_str(&format!(
            "name: {}    # 必填：承诺人姓名\n",
            yaml_text(name)
        )),
        None => s.push_str("# 这是单位自己的组织承诺书，网站上总是显示单位名称，不用写 name\n"),
    }
    match t.role {
        Some(role) => s.push_str(&format!(
            "role: {}    # 可选：显示在承诺书上的职务\n",
            yaml_text(role)
        )),
        None if t.name.is_some() => {
            s.push_str("# role: 党支部书记    # 可选：显示在承诺书上的职务\n")
        }
        None => {}
    }
    s.push_str("# form: written    # 可选：承诺方式 public 公开承诺（默认）| written 书面承诺 | oral 口头承诺\n");
    match t.approved {
        Some((by, date)) => s.push_str(&format!(
            "approved: {{ by: {}, date: {date} }}    # 审定：谁、哪天审定的；没有审定信息的承诺书不公示\n",
            yaml_text(by)
        )),
        None => s.push_str(&format!(
            "# 审定：审定后去掉下一行开头的“# ”，并改成实际的审定日期。没有审定信息的承诺书不公示。\n# approved: {{ by: {}, date: {}-01-18 }}\n",
            yaml_text(t.approver),
            t.year
        )),
    }
    s.push_str("# published: 2026-01-20    # 可选：公布日期\n");
    s.push_str("items:    # 必填：承诺事项，至少一项；每项以“- id:”开头，下面的字段对齐\n");
    match t.items {
        Some(items) => {
            for (i, item) in items.iter().enumerate() {
                s.push_str(&item_text(item, i == 0));
            }
        }
        None => s.push_str(&format!(
            "  - id: item-1    # 必填：事项编号，本承诺书内不能重复；建议用拼音或英文，如 job-fair
    title: 请在此填写承诺事项    # 必填：承诺事项内容，如“组织社区招聘会不少于4场”
    # category: 服务群众    # 可选：类别；同类事项请写成完全相同的文字
    deadline: {}-12-31    # 必填：完成时限，写成 YYYY-MM-DD
    # baseline: 2025年举办2场    # 可选：现状基础，便于年底对照检验
    # target: 帮助30名居民实现就业    # 可选：预期效果
    # responsibility: 本人牵头，居委会配合    # 可选：责任分工
  # 再加一项：复制上面从“- id:”开始的几行，改一个新的 id
",
            t.year
        )),
    }
    s.push_str("# 下面的 --- 之后写承诺说明（正文，可以不写）\n---\n");
    s.push_str(t.body);
    s
}

pub fn item_text(item: &Item, explain: bool) -> String {
    let c = |text: &str| {
        if explain {
            format!("    # {text}")
        } else {
            String::new()
        }
    };
    let mut s = format!(
        "  - id: {}{}\n    title: {}{}\n",
        yaml_text(&item.id),
        c("必填：事项编号，本承诺书内不能重复；践诺进展用它指明事项"),
        yaml_text(&item.title),
        c("必填：承诺事项内容")
    );
    if let Some(v) = &item.category {
        s.push_str(&format!(
            "    category: {}{}\n",
            yaml_text(v),
            c("可选：类别")
        ));
    }
    s.push_str(&format!(
        "    deadline: {}{}\n",
        item.deadline,
        c("必填：完成时限")
    ));
    match &item.baseline {
        Some(v) => s.push_str(&format!(
            "    baseline: {}{}\n",
            yaml_text(v),
            c("可选：现状基础，便于对照检验")
        )),
        None if explain => {
            s.push_str("    # baseline: 现状如何    # 可选：现状基础，便于对照检验\n")
        }
        None => {}
    }
    match &item.target {
        Some(v) => s.push_str(&format!(
            "    target: {}{}\n",
            yaml_text(v),
            c("可选：预期效果")
        )),
        None if explain => s.push_str("    # target: 达到什么效果    # 可选：预期效果\n"),
        None => {}
    }
    if let Some(v) = &item.responsibility {
        s.push_str(&format!(
            "    responsibility: {}{}\n",
            yaml_text(v),
            c("可选：责任分工")
        ));
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
    s.push_str(&format!(
        "item: {}    # 必填：事项编号（{}）；一次推进几个事项时写成 [编号1, 编号2]\n",
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
        t.item_title.replace('\n', " ")
    ));
    match t.progress {
        Some(p) => s.push_str(&format!(
            "progress: {p}    # 可选：这条进展之后，该事项完成了百分之几（0–100 的整数，不加引号）\n"
        )),
        None => s.push_str(
            "# progress: 50    # 可选：这条进展之后，该事项完成了百分之几（0–100 的整数，不加引号）\n",
        ),
    }
    let statuses =
        "in-progress 进行中 | done 已完成 | delayed 已延期 | adjusted 已调整 | abandoned 已放弃";
    match t.status {
        Some(st) => s.push_str(&format!("status: {st}    # 可选：{statuses}\n")),
        None => s.push_str(&format!("# status: in-progress    # 可选：{statuses}\n")),
    }
    let delayed = t.status == Some("delayed");
    match t.deadline {
        Some(d) => s.push_str(&format!(
            "deadline: {d}    # 延期至：经审定的新完成时限（只能与 status: delayed 一起写）\n"
        )),
        None if delayed => s.push_str(
            "# deadline: 2027-01-31    # 延期至：经审定的新完成时限（只能与 status: delayed 一起写）\n",
        ),
        None => {}
    }
    if matches!(t.status, Some("delayed" | "adjusted" | "abandoned")) {
        s.push_str("# 延期、调整、放弃都要在正文里向群众说明原因和审定情况\n");
    }
    match t.title {
        Some(title) => s.push_str(&format!("title: {}    # 可选：标题\n", yaml_text(title))),
        None => s.push_str("# title: 第一场招聘会举办    # 可选：标题\n"),
    }
    s.push_str("# author: 社区党委    # 可选：记录人\n");
    s.push_str(
        "# 下面的 --- 之后写正文：做了什么、效果如何。照片放在本文件夹里，正文中写 ![说明](照片.jpg)\n---\n",
    );
    s
}

// --- init: a new site ---

pub fn site_yaml() -> &'static str {
    "# 站点设置。每行“字段: 值”，冒号后面要有一个空格；# 后面是说明，程序不读。
title: 某某区基层党组织和党员公开承诺公示    # 必填：网站标题，请改成本地区、本单位的名称
base_url: /    # 必填：网站的正式网址，如 https://example.org/pledges/；本机预览写 / 即可
language: zh-CN    # 可选：界面语言 zh-CN（默认）或 en
# year: 2026    # 可选：首页显示哪一年（默认：内容中最新的年份）
require_approval: true    # 可选：true 表示没有审定信息（approved）的承诺书不公示
note_pages: false    # 可选：true 表示每条践诺进展另有一个单独的页面
"
}

pub fn root_unit() -> &'static str {
    "# 最上级的组织（如区委、市委）。不需要时可以删除本文件，各单位就并列在最上一级。
name: 中共某某区委    # 必填：单位全称，请改成实际名称
kind: committee    # 必填：组织类型（committee 党委）
# secretary: 王芳    # 可选：书记姓名
"
}

pub fn example_unit() -> &'static str {
    "# 示例单位。照着它建立自己的单位，熟悉之后可以把整个 example-community 文件夹删除。
# 新建单位也可以用命令：pledgeboard new unit 文件夹名 --kind community --name 单位全称
name: 示例社区党支部    # 必填：单位全称
kind: community    # 必填：组织类型
secretary: 张三    # 可选：书记姓名
description: 这是 pledgeboard init 创建的示例单位，用来演示花名册、承诺书和践诺进展的写法。    # 可选：简介
"
}

pub fn example_roster() -> &'static str {
    "# 党员花名册：每名党员一项。id 是党员编号，这名党员的承诺书就叫 <id>.md。
# 电话、住址等私密信息可以照样写在这里，网站上永远不会公开。
- id: zhang-san    # 必填：党员编号，建议用姓名拼音，重名时加数字（如 zhang-san-2）
  name: 张三    # 必填：姓名
  role: secretary    # 可选：secretary 书记 | committee 委员 | member 党员 | affairs-worker 党务工作者 | student 学生党员
  status: active    # 可选：active 在职（默认）| retired 离退休 | floating 流动 | no-post 无职
- id: li-si
  name: 李四
  role: member
  status: active
- id: wang-wu
  name: 王五
  role: member
  status: retired
  exempt: {YEAR}    # 可选：经支部同意免于这一年承诺（免诺）
  exempt_reason: 年老体弱，行动不便    # 免诺原因：网站上永远不显示
"
}

pub fn example_review() -> &'static str {
    "# 年终民主评诺。年底评议后，去掉下面各行开头的“# ”并填写实际内容。
# 第一层的键是 _unit（组织承诺）或承诺书的文件名（党员编号）。
# zhang-san:
#   comments:    # 领导点评，每半年一次
#     - { half: 1, by: 某某（街道党工委书记）, date: {YEAR}-07-05, text: 上半年承诺事项推进有序 }
#   votes: { satisfied: 40, basic: 3, unsatisfied: 0 }    # 群众评议：满意、基本满意、不满意票数
#   grade: excellent    # 组织认定：excellent 优秀 | qualified 合格 | basic 基本合格 | unqualified 不合格
#   exemplary: true    # 可选：本年度评为先进典型
"
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

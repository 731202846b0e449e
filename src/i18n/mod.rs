//! The message catalog: every text pledgeboard shows, in Simplified
//! Chinese (default) and English, each declared once with both languages
//! side by side so neither can be missing. This module holds the messages
//! for editors (every error, warning and progress line of the command
//! line, one method each, since most take values); `ui` holds the labels
//! of the pages and of the editing forms (one row each, looked up by key).

pub mod ui;

use crate::content::keyboard::{SlipKind, SyntaxCause};
use crate::model::{Choice, Keyword, Lang, hint_choice};
use crate::outdir::{MARK, Refusal};

#[derive(Clone, Copy, Debug, Default)]
pub struct Messages {
    pub lang: Lang,
}

impl Messages {
    pub fn new(lang: Lang) -> Self {
        Messages { lang }
    }

    /// The text in the site's language. Every message method passes
    /// both, so neither can be missing (the compiler sees to it); debug
    /// builds, so every test that produces a message, also check that the
    /// two are not one text left untranslated.
    fn pick(&self, zh: String, en: String) -> String {
        debug_assert!(zh != en, "one text for both languages: {zh:?}");
        match self.lang {
            Lang::ZhCn => zh,
            Lang::En => en,
        }
    }

    // --- files and folders ---

    pub fn no_site_yaml(&self) -> String {
        self.pick(
            "找不到 site.yaml：请在站点根目录运行，或用 --root 指定站点目录".into(),
            "no site.yaml here: run in the site root, or point --root at it".into(),
        )
    }
    pub fn cannot_read(&self, err: &str) -> String {
        self.pick(
            format!("无法读取文件：{err}"),
            format!("cannot read the file: {err}"),
        )
    }
    pub fn not_utf8(&self) -> String {
        self.pick(
            "文件不是 UTF-8 编码：请用“UTF-8”编码另存此文件".into(),
            "the file is not UTF-8: save it again with the UTF-8 encoding".into(),
        )
    }
    pub fn name_not_utf8(&self) -> String {
        self.pick(
            "文件名或文件夹名含有无法识别的字符：请重新命名".into(),
            "the file or folder name is not valid Unicode: rename it".into(),
        )
    }
    pub fn symlink_skipped(&self) -> String {
        self.pick(
            "符号链接不会被跟随，已跳过：请把文件本身放进 content/".into(),
            "symbolic links are not followed; skipped: put the file itself in content/".into(),
        )
    }
    pub fn special_file_skipped(&self) -> String {
        self.pick(
            "这不是普通文件（管道、套接字或设备），已跳过".into(),
            "not a regular file (a pipe, socket or device); skipped".into(),
        )
    }
    pub fn file_too_large(&self, size_mb: u64, limit_mb: u64) -> String {
        self.pick(
            format!("文件太大（{size_mb} MB，上限 {limit_mb} MB）：请拆分文字，图片等大文件请作为附件放在进展文件夹里"),
            format!("the file is too large ({size_mb} MB; the limit is {limit_mb} MB): split the text, and put pictures and other large files beside the note as attachments"),
        )
    }
    pub fn folder_not_unit(&self) -> String {
        self.pick(
            "此文件夹没有 _unit.yaml，不是单位，已忽略：如果它是一个单位，请添加 _unit.yaml".into(),
            "this folder has no _unit.yaml, so it is not a unit and is ignored: add _unit.yaml if it is one".into(),
        )
    }
    pub fn file_ignored(&self) -> String {
        self.pick(
            "不认识此文件，已忽略：单位文件夹只放 _unit.yaml、_roster.yaml 和年度文件夹".into(),
            "unexpected file, ignored: a unit folder holds _unit.yaml, _roster.yaml and year folders".into(),
        )
    }
    pub fn year_file_ignored(&self) -> String {
        self.pick(
            "不认识此文件，已忽略：年度文件夹只放承诺书（.md）、_review.yaml、_roster.yaml 和进展文件夹".into(),
            "unexpected file, ignored: a year folder holds pledge sheets (.md), _review.yaml, _roster.yaml and notes folders".into(),
        )
    }
    pub fn attachment_ignored(&self) -> String {
        self.pick(
            "此类文件不会发布，已忽略：进展文件夹中可放图片（jpg、jpeg、png、gif、webp、avif、bmp）、PDF、办公文档（doc、docx、xls、xlsx、ppt、pptx）、txt、csv、mp3、mp4".into(),
            "files of this type are not published; ignored: a notes folder may hold pictures (jpg, jpeg, png, gif, webp, avif, bmp), PDF, office documents (doc, docx, xls, xlsx, ppt, pptx), txt, csv, mp3 and mp4".into(),
        )
    }
    pub fn year_folder_without_unit(&self) -> String {
        self.pick(
            "年度文件夹必须放在单位文件夹里：请在上一级文件夹添加 _unit.yaml".into(),
            "a year folder must sit in a unit folder: add _unit.yaml to the folder above".into(),
        )
    }
    pub fn reserved_name(&self, name: &str) -> String {
        self.pick(
            format!("顶层单位文件夹不能叫“{name}”：这个名字留给站点自己的页面，请改名"),
            format!("a top-level unit folder cannot be named `{name}`: the site's own pages use that name; rename it"),
        )
    }
    pub fn year_out_of_range(&self, name: &str) -> String {
        use crate::model::{FIRST_YEAR, LAST_YEAR};
        self.pick(
            format!("年度文件夹“{name}”不是有效的年份（应在 {FIRST_YEAR} 到 {LAST_YEAR} 之间）：请改成承诺的年份，如 2026"),
            format!("year folder `{name}` is not a plausible year ({FIRST_YEAR} to {LAST_YEAR}): rename it to the pledge year, such as 2026"),
        )
    }
    pub fn name_taken(&self, name: &str) -> String {
        self.pick(
            format!("名字“{name}”与网站在同一位置自动生成的文件同名（不区分大小写）：生成网站时二者会冲突，请改名"),
            format!("the name `{name}` is the name of a file the site itself writes in the same place (letter case aside): the two would clash in the built site; rename it"),
        )
    }
    pub fn names_collide(&self, name: &str, other: &str, other_path: &str) -> String {
        self.pick(
            format!("“{name}”与“{other}”（{other_path}）在生成的网站里是同一个地址（不区分大小写，Windows 和 macOS 也不区分）：请给其中一个改名"),
            format!("`{name}` and `{other}` ({other_path}) would be one address in the built site (letter case aside, as on Windows and macOS disks): rename one of them"),
        )
    }
    pub fn name_too_long(&self, bytes: usize, limit: usize) -> String {
        self.pick(
            format!("名字太长（{bytes} 字节，上限 {limit} 字节；一个汉字占 3 字节）：生成的网站放不下这个文件名，请改短"),
            format!("the name is too long ({bytes} bytes; the limit is {limit}, and a Chinese character takes 3): the built site cannot hold it; shorten it"),
        )
    }
    pub fn name_has_control(&self) -> String {
        self.pick(
            "名字里含有控制字符（如换行或制表符）：请重新命名".into(),
            "the name holds a control character (such as a line break or a tab): rename it".into(),
        )
    }
    pub fn name_not_portable(&self, name: &str) -> String {
        self.pick(
            format!("“{name}”在 Windows 上不能作文件名（系统保留名如 CON、NUL，结尾的点或空格，或 < > : \" | ? * 等字符）：网站无法在 Windows 电脑上生成或复制，建议改名"),
            format!("`{name}` cannot be a file name on Windows (a reserved name such as CON or NUL, a final dot or space, or one of < > : \" | ? *): the site cannot be built on or copied to Windows; consider renaming it"),
        )
    }
    pub fn notes_without_sheet(&self, id: &str) -> String {
        self.pick(
            format!("进展文件夹“{id}”旁边没有承诺书 {id}.md：请添加承诺书，或把文件夹改成已有承诺书的名字"),
            format!("notes folder `{id}` has no pledge sheet `{id}.md` beside it: add the sheet or rename the folder"),
        )
    }
    pub fn theme_missing(&self, name: &str) -> String {
        self.pick(
            format!("找不到主题“{name}”：请检查 themes/{name}/ 是否存在，或删除 theme 这一行使用内置主题"),
            format!("theme `{name}` not found: check that themes/{name}/ exists, or remove `theme` to use the built-in one"),
        )
    }

    // --- YAML and types ---

    /// A YAML syntax error in the editor's terms. The Chinese text never
    /// carries the parser's English `detail`; the English one ends with it.
    pub fn yaml_syntax(&self, cause: SyntaxCause, detail: &str) -> String {
        use SyntaxCause::*;
        let (zh, en) = match cause {
            Tab => (
                "这一行用了制表符（Tab）：YAML 只认空格缩进，请把 Tab 换成空格",
                "a tab is used here: YAML indents with spaces only; replace the tab with spaces",
            ),
            ExtraColon => (
                "这一行的冒号放不下：要么这一行缩进多了（同一层的字段要左对齐），要么值里本来就有“: ”（冒号加空格）——这时请给整个值加英文引号，例如 title: \"第一阶段: 完成\"",
                "a colon that fits nowhere: either the line is indented too far (fields of one level line up), or the value itself contains `: `, and then the whole value goes in quotes, e.g. title: \"Stage one: done\"",
            ),
            NotKeyValue => (
                "这一行应当是“字段: 值”：请检查冒号（英文冒号“:”，后面加一个空格），以及缩进是否与同一层的字段对齐",
                "this line should be `field: value`: check the colon (an ASCII `:` followed by a space) and that it lines up with the fields of its level",
            ),
            ListEntry => (
                "缩进或列表项的位置不对：同一层的字段要左对齐；列表的每一项以“- ”开头，并与同一列表的其他项对齐",
                "a line or list entry is out of line: fields of one level line up; each list entry starts with `- ` and lines up with the others",
            ),
            Indentation => (
                "缩进不对：同一层的字段要左对齐，下一层比上一层多缩进两个空格",
                "wrong indentation: fields of one level line up, the next level is indented two more spaces",
            ),
            Quote => (
                "引号没有配对：值以英文引号开始，就要以同样的引号结束，结束引号后面不要再写内容；文字里要用引号请用中文引号“”",
                "unbalanced quotes: a value that opens with a quote must close with the same quote, with nothing after it; use typographic quotes inside text",
            ),
            Escape => (
                "双引号里的反斜杠“\\”有特殊含义：请改用单引号（'…'），或把“\\”写成“\\\\”",
                "a backslash inside double quotes starts an escape: use single quotes ('…'), or write the backslash twice",
            ),
            Bracket => (
                "方括号“[ ]”或花括号“{ }”没有配对：请检查是否漏写或多写了括号，括号里的各项用英文逗号“,”分隔",
                "unbalanced `[ ]` or `{ }`: check for a missing or extra bracket; separate the entries inside with ASCII commas `,`",
            ),
            MissingValue => (
                "这里缺少内容或多了符号：请检查逗号、冒号和“-”是否多写或漏写",
                "something is missing here, or a symbol is extra: check the commas, colons and `-`",
            ),
            SpecialCharacter => (
                "以“&”“*”“!”“%”“@”“`”开头的值，以及单独一行的“---”，在 YAML 里有特殊含义：如果这是文字，请给整个值加英文引号",
                "a value starting with `&`, `*`, `!`, `%`, `@` or a backquote, and a `---` line, mean something to YAML: if it is text, put the whole value in quotes",
            ),
            Comment => (
                "“#”是注释符号，前面要有空格；如果“#”是文字的一部分，请给整个值加英文引号",
                "`#` starts a comment and needs a space before it; if it is part of the text, put the whole value in quotes",
            ),
            TooDeep => (
                "文件嵌套太深或内容过于复杂：请简化结构",
                "the file nests too deep or is too complex: simplify it",
            ),
            Other => (
                "请检查缩进、冒号和引号",
                "check indentation, colons and quotes",
            ),
        };
        self.pick(
            format!("YAML 格式错误：{zh}"),
            format!("YAML syntax error: {en} (parser: {detail})"),
        )
    }
    pub fn yaml_tag(&self, tag: &str) -> String {
        self.pick(
            format!("不支持 YAML 标签“{tag}”：请去掉以 ! 开头的标签，直接写出值"),
            format!("YAML tags such as `{tag}` are not supported: drop the tag that starts with `!` and write the value itself"),
        )
    }
    pub fn control_char(&self, c: char) -> String {
        let code = format!("U+{:04X}", u32::from(c));
        self.pick(
            format!("文字里含有控制字符 {code}（多由 \\0、\\e 之类的转义写成）：请删除它，文字里只能有制表符和换行"),
            format!("the text holds the control character {code} (usually written as an escape such as \\0 or \\e): remove it; tabs and line breaks are the only ones allowed"),
        )
    }
    /// A Chinese-keyboard slip at `line`, with its fix.
    pub fn keyboard_slip(&self, kind: SlipKind, line: u32) -> String {
        use SlipKind::*;
        // `，` `［` `＂` are full-width forms (全角); `、` `【` `“` are
        // Chinese punctuation of their own (中文).
        let kind_of = |c: char| {
            if ('\u{ff00}'..='\u{ffef}').contains(&c) {
                "全角"
            } else {
                "中文"
            }
        };
        let (zh, en) = match kind {
            FullColon => (
                format!("第 {line} 行用了全角冒号“：”，请改成英文冒号“:”并在后面加一个空格"),
                format!(
                    "line {line} has a full-width colon `：`: replace it with an ASCII colon `:` followed by a space"
                ),
            ),
            FullComma(c) => (
                format!(
                    "第 {line} 行用了{}逗号“{c}”分隔各项，请改成英文逗号“,”",
                    kind_of(c)
                ),
                format!(
                    "line {line} separates entries with a full-width comma `{c}`: use an ASCII comma `,`"
                ),
            ),
            FullBracket(c @ ('［' | '］' | '【' | '】')) => (
                format!(
                    "第 {line} 行用了{}括号“{c}”，请改成英文方括号“[ ]”",
                    kind_of(c)
                ),
                format!("line {line} has a full-width bracket `{c}`: use ASCII brackets `[ ]`"),
            ),
            FullBracket(c) => (
                format!("第 {line} 行用了全角花括号“{c}”，请改成英文花括号“{{ }}”"),
                format!("line {line} has a full-width brace `{c}`: use ASCII braces `{{ }}`"),
            ),
            FullQuote(c) => (
                format!(
                    "第 {line} 行的值以{}引号“{c}”开头：要给值加引号，请改成英文引号“\"”（前后都要改）；引号本是文字的一部分时，请给整个值再加一对英文引号，例如 \"“两学一做”学习\"",
                    kind_of(c)
                ),
                format!(
                    "the value on line {line} opens with a full-width quote `{c}`: to quote a value use ASCII quotes `\"` at both ends"
                ),
            ),
            FullDash => (
                format!(
                    "第 {line} 行列表项前用了全角横线“－”，请改成英文减号“-”并在后面加一个空格"
                ),
                format!(
                    "line {line} starts a list entry with a full-width dash `－`: use an ASCII `-` followed by a space"
                ),
            ),
            Unclosed(c) => (
                format!(
                    "第 {line} 行的“{c}”没有配对的“{}”：请在这一组内容的末尾补上，各项之间用英文逗号“,”分隔",
                    if c == '[' { ']' } else { '}' }
                ),
                format!(
                    "the `{c}` on line {line} is never closed: add the closing bracket after its last entry, and separate entries with ASCII commas `,`"
                ),
            ),
            FullHash => (
                format!("第 {line} 行用了全角井号“＃”，注释请用英文井号“#”"),
                format!(
                    "line {line} starts with a full-width `＃`: a comment starts with an ASCII `#`"
                ),
            ),
            Tab => (
                format!(
                    "第 {line} 行用了制表符（Tab）缩进，请改成空格：同一层左对齐，下一层多缩进两个空格"
                ),
                format!(
                    "line {line} is indented with a tab: use spaces (fields of one level line up, the next level two more spaces)"
                ),
            ),
            FullSpace => (
                format!("第 {line} 行用了全角空格“　”缩进，请改成英文（半角）空格"),
                format!(
                    "line {line} is indented with a full-width space (U+3000): use ASCII spaces"
                ),
            ),
            NoSpaceAfterColon => (
                format!(
                    "第 {line} 行冒号“:”后面缺少空格，请在冒号后加一个空格，例如“kind: street”"
                ),
                format!(
                    "line {line} has no space after the colon `:`: add one, e.g. `kind: street`"
                ),
            ),
            FullSpaceAfterColon => (
                format!("第 {line} 行冒号后面是全角空格，请改成英文（半角）空格"),
                format!("line {line} has a full-width space after the colon: use an ASCII space"),
            ),
        };
        self.pick(zh, en)
    }
    pub fn duplicate_key(&self, key: &str) -> String {
        self.pick(
            format!("字段“{key}”重复出现：请删除多余的一个"),
            format!("`{key}` appears twice: delete one of them"),
        )
    }
    pub fn no_front_matter(&self) -> String {
        self.pick(
            "文件开头缺少以 --- 开始和结束的信息块（front matter）：第一行应为 ---".into(),
            "missing front matter: the file must begin with a `---` line and a YAML block closed by `---`".into(),
        )
    }
    pub fn unclosed_front_matter(&self) -> String {
        self.pick(
            "信息块没有结束：请在字段之后加一行 ---".into(),
            "the front matter is not closed: add a `---` line after it".into(),
        )
    }
    pub fn wrong_fence(&self, line: u32) -> String {
        self.pick(
            format!("第 {line} 行的分隔线用了全角横线或破折号：信息块的开始和结束都要写成三个英文减号 ---"),
            format!("line {line} is a fence typed with full-width dashes or em dashes: the front matter opens and closes with three ASCII hyphens `---`"),
        )
    }
    pub fn expected_map(&self, what: &str) -> String {
        self.pick(
            format!("“{what}”应当是“字段: 值”的形式"),
            format!("`{what}` must be a mapping of `field: value` lines"),
        )
    }
    pub fn expected_list(&self, what: &str) -> String {
        self.pick(
            format!("“{what}”应当是列表（每项以“- ”开头）"),
            format!("`{what}` must be a list (each entry starting with `- `)"),
        )
    }
    pub fn unknown_field(&self, key: &str, allowed: &[&str], hint: Option<&str>) -> String {
        let allowed = allowed.join(", ");
        match hint {
            Some(h) => self.pick(
                format!("不认识的字段“{key}”：是不是“{h}”？可用字段：{allowed}"),
                format!("unknown field `{key}`: did you mean `{h}`? expected one of: {allowed}"),
            ),
            None => self.pick(
                format!("不认识的字段“{key}”：可用字段：{allowed}（供主题使用的自定义数据请放在 extra: 下）"),
                format!("unknown field `{key}`: expected one of: {allowed} (put custom data for themes under `extra:`)"),
            ),
        }
    }
    pub fn missing_field(&self, key: &str) -> String {
        self.pick(
            format!("缺少必填字段“{key}”：请在此处添加“{key}: …”"),
            format!("missing required field `{key}`: add `{key}: …` here"),
        )
    }
    pub fn empty_text(&self, key: &str) -> String {
        self.pick(
            format!("“{key}”不能为空：请填写内容"),
            format!("`{key}` may not be empty: fill it in"),
        )
    }
    pub fn expected_text(&self, key: &str) -> String {
        self.pick(
            format!("“{key}”应当是一段文字"),
            format!("`{key}` must be text"),
        )
    }
    /// `quoted` is the number as written inside quotes, if it is one.
    pub fn expected_int(&self, key: &str, quoted: Option<&str>) -> String {
        if let Some(n) = quoted {
            self.pick(
                format!("“{key}”应当是整数，不要加引号：把 \"{n}\" 写成 {n}"),
                format!("`{key}` must be a whole number without quotes: write {n}, not \"{n}\""),
            )
        } else {
            self.pick(
                format!("“{key}”应当是整数，例如 50"),
                format!("`{key}` must be a whole number, for example 50"),
            )
        }
    }
    pub fn int_range(&self, key: &str, min: i64, max: i64) -> String {
        self.pick(
            format!("“{key}”应在 {min} 到 {max} 之间"),
            format!("`{key}` must be between {min} and {max}"),
        )
    }
    pub fn expected_bool(&self, key: &str) -> String {
        self.pick(
            format!("“{key}”只能是 true 或 false"),
            format!("`{key}` must be true or false"),
        )
    }
    pub fn bad_date(&self, key: &str, text: &str) -> String {
        self.pick(
            format!("“{key}”的日期“{text}”无效：请写成 YYYY-MM-DD，例如 2026-03-15，并确认这一天存在"),
            format!("`{key}`: `{text}` is not a valid date: write YYYY-MM-DD, e.g. 2026-03-15, and check the day exists"),
        )
    }
    /// `value` is none of `choices`' keywords: a guess, and every choice
    /// with its Chinese name (Chinese only).
    pub fn unknown_keyword(&self, choices: &[Choice], key: &str, value: &str) -> String {
        let hint = hint_choice(choices, value).map(|i| (choices[i].keyword, choices[i].zh_name()));
        let zh_choices = choices
            .iter()
            .map(|c| format!("{}（{}）", c.keyword, c.zh_name()))
            .collect::<Vec<_>>()
            .join("、");
        let en_choices = choices
            .iter()
            .map(|c| c.keyword)
            .collect::<Vec<_>>()
            .join(", ");
        match hint {
            Some((kw, zh)) => self.pick(
                format!("“{key}”的值“{value}”无效：是不是 {kw}（{zh}）？{key} 只能是：{zh_choices}"),
                format!("`{key}`: `{value}` is not allowed: did you mean `{kw}`? use one of {en_choices}"),
            ),
            None => self.pick(
                format!("“{key}”的值“{value}”无效：{key} 只能是：{zh_choices}"),
                format!("`{key}`: `{value}` is not allowed; use one of {en_choices}"),
            ),
        }
    }

    // --- site.yaml ---

    pub fn bad_base_url(&self) -> String {
        self.pick(
            "base_url 应以 http://、https:// 或 / 开头，例如 https://example.org/pledges/".into(),
            "base_url must start with http://, https:// or /, e.g. https://example.org/pledges/"
                .into(),
        )
    }

    // --- pledges, notes, reviews ---

    pub fn no_items(&self) -> String {
        self.pick(
            "承诺书至少要有一项承诺事项（items）".into(),
            "a pledge sheet needs at least one item (`items`)".into(),
        )
    }
    pub fn duplicate_id(&self, id: &str) -> String {
        self.pick(
            format!("编号“{id}”重复：同一文件中的编号不能相同"),
            format!("id `{id}` is used twice: ids must be unique in the file"),
        )
    }
    pub fn unknown_member(&self, id: &str, hint: Option<&str>) -> String {
        match hint {
            Some(h) => self.pick(
                format!("花名册中没有编号为“{id}”的党员：是不是“{h}”？文件名必须与 _roster.yaml 中的 id 一致"),
                format!("no member `{id}` on the roster: did you mean `{h}`? the file name must match an id in _roster.yaml"),
            ),
            None => self.pick(
                format!("花名册中没有编号为“{id}”的党员：文件名必须与 _roster.yaml 中的 id 一致，或先把他加入花名册"),
                format!("no member `{id}` on the roster: the file name must match an id in _roster.yaml, or add them to it"),
            ),
        }
    }
    pub fn exempt_member(&self, id: &str, year: i32) -> String {
        self.pick(
            format!("“{id}”在花名册上已免于 {year} 年承诺（免诺），不能再有承诺书：删除此文件或取消免诺"),
            format!("`{id}` is exempt from pledging in {year} on the roster: remove this sheet or the exemption"),
        )
    }
    pub fn note_unknown_item(&self, item: &str, known: &[&str], hint: Option<&str>) -> String {
        let known = known.join(", ");
        match hint {
            Some(h) => self.pick(
                format!("承诺书中没有编号为“{item}”的事项：是不是“{h}”？已有事项：{known}"),
                format!("the pledge sheet has no item `{item}`: did you mean `{h}`? its items are: {known}"),
            ),
            None => self.pick(
                format!("承诺书中没有编号为“{item}”的事项：已有事项：{known}"),
                format!("the pledge sheet has no item `{item}`; its items are: {known}"),
            ),
        }
    }
    pub fn note_outside_year(&self, date: &str, year: i32) -> String {
        self.pick(
            format!("进展日期 {date} 不在 {year} 年内：请改正日期，或把文件移到对应年度的文件夹"),
            format!("the note is dated {date}, outside {year}: fix the date or move the note to that year's folder"),
        )
    }
    pub fn note_date_mismatch(&self, in_name: &str, date: &str) -> String {
        self.pick(
            format!("文件名中的日期 {in_name} 与 date: {date} 不一致：请改成同一天"),
            format!("the date in the file name ({in_name}) disagrees with `date: {date}`: make them the same"),
        )
    }
    pub fn note_deadline_without_delayed(&self) -> String {
        self.pick(
            "deadline（延期至）只能写在 status: delayed 的进展里：经审定延期的，请同时写上 status: delayed；否则删去这一行（事项原定的完成时限写在承诺书里）".into(),
            "`deadline` (the approved new deadline) belongs only in a note with `status: delayed`: add `status: delayed` if the delay was approved, or remove this line (the item's own deadline is set in its pledge sheet)".into(),
        )
    }
    pub fn note_needs_date(&self) -> String {
        self.pick(
            "缺少日期：请把文件命名为 YYYY-MM-DD-标题.md，或添加 date: 字段".into(),
            "no date: name the file YYYY-MM-DD-slug.md or add a `date:` field".into(),
        )
    }
    pub fn review_unknown_key(&self, key: &str, hint: Option<&str>) -> String {
        match hint {
            Some(h) => self.pick(
                format!("本年度文件夹中没有承诺书“{key}”：是不是“{h}”？键只能是 _unit 或承诺书的文件名"),
                format!("no pledge sheet `{key}` in this year folder: did you mean `{h}`? keys are `_unit` or sheet ids"),
            ),
            None => self.pick(
                format!("本年度文件夹中没有承诺书“{key}”：键只能是 _unit 或本文件夹中承诺书的文件名"),
                format!("no pledge sheet `{key}` in this year folder: keys are `_unit` or the ids of its sheets"),
            ),
        }
    }
    pub fn notes_subfolder_ignored(&self) -> String {
        self.pick(
            "进展文件夹里的子文件夹不会发布，已忽略：请把进展和图片直接放在进展文件夹中".into(),
            "folders inside a notes folder are not published; ignored: put notes and pictures directly in the notes folder".into(),
        )
    }

    // --- command line ---

    pub fn summary_errors(&self, errors: usize, warnings: usize) -> String {
        self.pick(
            format!("发现 {errors} 个错误、{warnings} 个警告；未写入任何文件，原有网站保持不变"),
            format!("{errors} error(s), {warnings} warning(s); nothing was written, the previous site is untouched"),
        )
    }
    pub fn summary_ok(&self, warnings: usize) -> String {
        self.pick(
            format!("检查通过：0 个错误、{warnings} 个警告"),
            format!("check passed: 0 errors, {warnings} warning(s)"),
        )
    }
    pub fn built(&self, files: usize, out: &str, ms: u128) -> String {
        self.pick(
            format!("已生成 {files} 个文件到 {out}（用时 {ms} 毫秒）"),
            format!("wrote {files} files to {out} in {ms} ms"),
        )
    }
    pub fn up_to_date(&self, files: u64, out: &str, ms: u128) -> String {
        self.pick(
            format!(
                "{out} 已是最新：内容、设置和程序都没有变化，其中 {files} 个文件都未改动（用时 {ms} 毫秒）"
            ),
            format!(
                "{out} is up to date: no content, setting or program changed, and none of its {files} files was touched ({ms} ms)"
            ),
        )
    }
    pub fn progress_loading(&self) -> String {
        self.pick("读取内容".to_string(), "reading content".to_string())
    }
    pub fn progress_pages(&self) -> String {
        self.pick("生成页面".to_string(), "rendering pages".to_string())
    }
    pub fn loaded(&self, units: usize, sheets: usize, notes: usize, ms: u128) -> String {
        self.pick(
            format!("读取 {units} 个单位、{sheets} 份承诺书、{notes} 条进展（{ms} 毫秒）"),
            format!("read {units} units, {sheets} pledge sheets, {notes} notes ({ms} ms)"),
        )
    }
    pub fn write_failed(&self, err: &str) -> String {
        self.pick(
            format!("写入输出失败：{err}；原有网站保持不变"),
            format!("writing the output failed: {err}; the previous site is untouched"),
        )
    }

    /// Why `build` will not write into the folder `given` (which really is
    /// `resolved`, when known). Every case says what to do instead.
    pub fn out_refused(&self, given: &str, resolved: Option<&str>, why: &Refusal) -> String {
        let shown = self.out_shown(given, resolved);
        let input_zh = |name: &str| match name {
            "content" => "编辑写的内容",
            "themes" => "网站主题",
            "static" => "网站自带的静态文件",
            _ => "加快读取的缓存",
        };
        let instead_zh = "请输出到单独的文件夹，例如 --out public";
        let instead_en = "write to a folder of its own instead, e.g. --out public";
        match why {
            Refusal::SiteRoot => self.pick(
                format!("不能输出到{shown}：这是站点根目录本身，生成网站会把 site.yaml 和 content/ 整个替换掉；未写入任何文件。{instead_zh}"),
                format!("will not write to {shown}: it is the site root, and a build would replace site.yaml and content/; nothing was written: {instead_en}"),
            ),
            Refusal::ContainsSite => self.pick(
                format!("不能输出到{shown}：站点根目录就在这个文件夹里面，生成网站会把整个站点（包括 site.yaml 和 content/）一起替换掉；未写入任何文件。{instead_zh}"),
                format!("will not write to {shown}: the site root is inside it, and a build would replace the whole site with it; nothing was written: {instead_en}"),
            ),
            Refusal::InsideInput(name) => self.pick(
                format!("不能输出到{shown}：它是站点的 {name}/ 文件夹（{}）或在其中，生成网站会替换掉这些文件；未写入任何文件。{instead_zh}", input_zh(name)),
                format!("will not write to {shown}: it is or is inside the site's {name}/ folder, which a build would replace; nothing was written: {instead_en}"),
            ),
            Refusal::ContainsInput(name) => self.pick(
                format!("不能输出到{shown}：站点的 {name}/ 文件夹（{}）在它里面，生成网站会把它一起替换掉；未写入任何文件。{instead_zh}", input_zh(name)),
                format!("will not write to {shown}: the site's {name}/ folder is inside it, and a build would replace it; nothing was written: {instead_en}"),
            ),
            Refusal::NotAFolder => self.pick(
                format!("不能输出到{shown}：这是一个文件，不是文件夹；未写入任何文件。请换一个文件夹，例如 --out public"),
                format!("will not write to {shown}: it is a file, not a folder; nothing was written: choose a folder, e.g. --out public"),
            ),
            Refusal::NotEmpty => self.pick(
                format!("没有写入{shown}：这个文件夹里已有文件，又不是 pledgeboard 以前生成的网站（里面没有 {MARK} 标记），生成网站会删掉这些文件。请换一个新的或空的文件夹；确认其中的文件都可以删除时，加上 --force 用新网站整个替换它"),
                format!("did not write to {shown}: the folder holds files and is not an earlier pledgeboard build (it has no {MARK} mark), so a build would delete them. Choose a new or empty folder, or, if every file in it may be deleted, add --force to replace it with the site"),
            ),
            Refusal::Unreadable(e) => self.pick(
                format!("无法使用输出文件夹{shown}：{e}；未写入任何文件。请检查这个路径（是否是断开的链接、有没有权限），或换一个文件夹"),
                format!("cannot use the output folder {shown}: {e}; nothing was written: check the path (a broken link? permissions?) or choose another folder"),
            ),
        }
    }
    /// A folder as `out_refused` names it: as given, and where it really
    /// is when that differs.
    fn out_shown(&self, given: &str, resolved: Option<&str>) -> String {
        match resolved {
            Some(r) if r != given => {
                self.pick(format!("“{given}”（即 {r}）"), format!("`{given}` ({r})"))
            }
            _ => self.pick(format!("“{given}”"), format!("`{given}`")),
        }
    }
    /// Why `build --zip FILE` wrote no archive (before the build: exit 2;
    /// after it, the site itself is complete).
    pub fn zip_refused(&self, file: &str, why: &crate::archive::ArchiveError) -> String {
        self.side_file_refused(("压缩包", "the archive", "--zip site.zip"), file, why)
    }
    /// Why `build --changes FILE` wrote no list of changes.
    pub fn changes_refused(&self, file: &str, why: &crate::archive::ArchiveError) -> String {
        self.side_file_refused(
            ("变动清单", "the list of changes", "--changes changes.txt"),
            file,
            why,
        )
    }
    /// A file `build` writes beside the site (`outdir::choose_side_file`).
    fn side_file_refused(
        &self,
        (zh, en, example): (&str, &str, &str),
        file: &str,
        why: &crate::archive::ArchiveError,
    ) -> String {
        use crate::archive::ArchiveError as E;
        match why {
            E::NotOurs(_) => self.pick(
                format!("不能把{zh}写到 {file}：那里已有一个不是本程序生成的文件，不会覆盖它。请换一个文件名，例如 {example}"),
                format!("will not write {en} to {file}: a file that this program did not write is there, and it is never overwritten: choose another name, e.g. {example}"),
            ),
            E::IsFolder(_) => self.pick(
                format!("不能把{zh}写到 {file}：这是一个文件夹。请写上文件名，例如 {example}"),
                format!("will not write {en} to {file}: it is a folder: give a file name, e.g. {example}"),
            ),
            E::Inside("out") => self.pick(
                format!("不能把{zh}写到 {file}：它在输出文件夹里面，下次生成时会被替换掉。请写到输出文件夹之外，例如 {example}"),
                format!("will not write {en} to {file}: it is inside the output folder, which the next build replaces: write it elsewhere, e.g. {example}"),
            ),
            E::Inside(input) => self.pick(
                format!("不能把{zh}写到 {file}：它在站点的 {input}/ 文件夹里面，那里只放编辑写的内容。请写到别处，例如 {example}"),
                format!("will not write {en} to {file}: it is inside the site's {input}/ folder: write it elsewhere, e.g. {example}"),
            ),
            E::Io(e) => self.pick(
                format!("没能写出{zh} {file}：{e}（网站本身已生成完毕）"),
                format!("could not write {en} {file}: {e} (the site itself is complete)"),
            ),
        }
    }
    /// `build --changes FILE`: how many files of the site this build added,
    /// changed and removed.
    pub fn changes_written(&self, [a, m, d]: [usize; 3], file: &str) -> String {
        self.pick(
            format!("与上次生成相比：新增 {a} 个、改动 {m} 个、删除 {d} 个文件，清单已写到 {file}（其余文件原样保留，同步时不必再传）"),
            format!("against the previous build: {a} files added, {m} changed, {d} removed; the list is in {file} (the others are kept as they were: a sync need not send them)"),
        )
    }
    pub fn zipped(&self, count: usize, file: &str) -> String {
        self.pick(
            format!("已把 {count} 个文件打包到 {file}：把它解压到网站服务器的网站目录即可"),
            format!(
                "packed {count} files into {file}: unpack it into the web server's site folder"
            ),
        )
    }
    pub fn browser_not_opened(&self, url: &str) -> String {
        self.pick(
            format!("没能自动打开浏览器：请手动打开浏览器，在地址栏输入 {url}"),
            format!("could not open the browser: open {url} in a browser yourself"),
        )
    }
    pub fn old_copy_left(&self, path: &str, err: &str) -> String {
        self.pick(
            format!("新网站已完整生成；旧网站的副本没能删除（{err}），还在 {path}，可以手动删除它"),
            format!("the new site is complete; the previous site's copy could not be deleted ({err}) and is still at {path}: delete it by hand"),
        )
    }
    pub fn write_unfinished(&self, err: &str, out: &str) -> String {
        self.pick(
            format!("写入输出失败：{err}。{out} 只更新了一部分：每个文件都是完整的（旧版或新版），下次生成会把它补全"),
            format!("writing the output failed: {err}. {out} is only partly updated: every file in it is whole (the old or the new version), and the next build completes it"),
        )
    }
    pub fn stranded(&self, err: &str, previous: &str, out: &str) -> String {
        self.pick(
            format!("写入输出失败：{err}。新网站没有放到 {out}；原有网站暂时在 {previous}：下次生成时会自动放回原处，也可以手动把它改名为 {out}"),
            format!("writing the output failed: {err}. The new site is not at {out}; the previous site is at {previous} for now: the next build puts it back, or rename it to {out} yourself"),
        )
    }
    pub fn root_missing(&self, root: &str) -> String {
        self.pick(
            format!("找不到站点目录“{root}”（--root）：请检查路径，或在站点根目录（含 site.yaml 的文件夹）里运行"),
            format!("no site folder `{root}` (--root): check the path, or run in the site root (the folder holding site.yaml)"),
        )
    }
    pub fn root_not_folder(&self, root: &str) -> String {
        self.pick(
            format!("站点目录“{root}”（--root）不是文件夹：--root 应指向含 site.yaml 的文件夹"),
            format!("the site folder `{root}` (--root) is not a folder: point --root at the folder holding site.yaml"),
        )
    }
    pub fn bad_base_url_option(&self, url: &str) -> String {
        self.pick(
            format!("--base-url 的值“{url}”无效：{}", self.bad_base_url()),
            format!("--base-url `{url}` is not usable: {}", self.bad_base_url()),
        )
    }

    // --- check, and the editors' commands ---

    pub fn warning_label(&self) -> String {
        self.pick("警告：".into(), "warning: ".into())
    }
    pub fn bad_date_option(&self, option: &str, text: &str) -> String {
        self.pick(
            format!(
                "{option} 的日期“{text}”无效：请写成 YYYY-MM-DD，例如 2026-03-15，并确认这一天存在"
            ),
            format!("{option}: `{text}` is not a valid date: write YYYY-MM-DD, e.g. 2026-03-15"),
        )
    }
    pub fn check_failed(&self, errors: usize, warnings: usize, files: usize) -> String {
        self.pick(
            format!("检查了 {files} 个文件：发现 {errors} 个错误、{warnings} 个警告；请按提示改正错误后再检查"),
            format!("checked {files} files: {errors} error(s), {warnings} warning(s); fix the errors and check again"),
        )
    }
    pub fn check_passed(&self, warnings: usize, files: usize) -> String {
        self.pick(
            format!("检查通过：检查了 {files} 个文件，0 个错误、{warnings} 个警告"),
            format!("check passed: checked {files} files, 0 errors, {warnings} warning(s)"),
        )
    }

    // --- serve ---

    /// A reload of the site is live. `times` (ms): from the first file
    /// event to the reload event, reading, figures, and preparing the
    /// renderer. `rendered_before`: pages the previous version rendered.
    pub fn serve_updated(
        &self,
        what: &str,
        pages: usize,
        rendered_before: Option<usize>,
        times: [u128; 4],
    ) -> String {
        let [total, load, derive, setup] = times;
        let before_zh = rendered_before
            .map(|n| format!("；上一版已按需生成 {n} 个页面"))
            .unwrap_or_default();
        let before_en = rendered_before
            .map(|n| format!("; the previous version rendered {n}"))
            .unwrap_or_default();
        self.pick(
            format!(
                "{what}已更新：{total} 毫秒后通知页面刷新（读取 {load}、统计 {derive} 毫秒）；{pages} 个页面，打开时才生成（准备 {setup} 毫秒）{before_zh}"
            ),
            format!(
                "{what}updated: pages told to reload after {total} ms (read {load}, figures {derive} ms); {pages} pages, each rendered when requested (prepared in {setup} ms){before_en}"
            ),
        )
    }
    /// The first load of `serve` is ready: no page was open to reload.
    pub fn serve_loaded(&self, pages: usize, times: [u128; 4]) -> String {
        let [total, load, derive, setup] = times;
        self.pick(
            format!("已载入：{total} 毫秒（读取 {load}、统计 {derive} 毫秒）；{pages} 个页面，打开时才生成（准备 {setup} 毫秒）"),
            format!("loaded in {total} ms (read {load}, figures {derive} ms); {pages} pages, each rendered when requested (prepared in {setup} ms)"),
        )
    }
    /// The first load of `serve`: how many unit folders the load cache
    /// gave (the others were read from their files).
    pub fn serve_cache(&self, from_cache: usize, units: usize) -> String {
        let read = units.saturating_sub(from_cache);
        match (from_cache, read) {
            (_, 0) => self.pick(
                format!("已从加载缓存（.pledgeboard-cache）取得全部 {units} 个组织"),
                format!("all {units} units came from the load cache (.pledgeboard-cache)"),
            ),
            (0, _) => self.pick(
                format!("加载缓存（.pledgeboard-cache）中没有可用的内容：{units} 个组织都从文件读取"),
                format!("nothing usable in the load cache (.pledgeboard-cache): all {units} units were read from their files"),
            ),
            _ => self.pick(
                format!("已从加载缓存（.pledgeboard-cache）取得 {units} 个组织中的 {from_cache} 个，另 {read} 个从文件读取"),
                format!("{from_cache} of {units} units came from the load cache (.pledgeboard-cache), {read} from their files"),
            ),
        }
    }
    pub fn serve_css_only(&self, what: &str, ms: u128) -> String {
        self.pick(
            format!("{what}只改了样式表：页面换用新样式，不重新加载（{ms} 毫秒）"),
            format!("{what}style sheets only: pages swap them without reloading ({ms} ms)"),
        )
    }
    /// The address comes first on its line, so terminals make it a link
    /// and scripts find it.
    pub fn serve_url(&self, url: &str) -> String {
        self.pick(
            format!("{url}  ← 在浏览器中打开这个地址预览；保存文件后页面自动刷新，按 Ctrl-C 停止"),
            format!("{url}  ← open this address in a browser; pages reload when files are saved; Ctrl-C stops"),
        )
    }
    /// `serve --edit`: what the editing layer is and who gets it.
    pub fn serve_edit_on(&self) -> String {
        self.pick(
            "编辑模式已打开：在本机浏览器里打开承诺书页面，页面底部有“在浏览器里填写”的表单；保存后写入 content/ 里的文件。别的电脑打开的页面没有表单，也不能写入".into(),
            "editing is on: pledge sheet pages opened on this computer end with forms (\"Edit in the browser\") that write the files in content/; pages opened from other computers have no forms and cannot write".into(),
        )
    }
    /// `serve --edit`: the page after a form was saved.
    pub fn edit_saved(&self, file: &str) -> String {
        self.pick(format!("已保存：{file}"), format!("Saved: {file}"))
    }
    pub fn edit_photos_label(&self, max_mb: usize, max: usize) -> String {
        self.pick(
            format!("照片（JPEG、PNG、WebP、GIF，每张不超过 {max_mb} MB，最多 {max} 张）"),
            format!("Photos (JPEG, PNG, WebP, GIF; {max_mb} MB each, at most {max})"),
        )
    }
    pub fn edit_too_many_photos(&self, max: usize) -> String {
        self.pick(
            format!("一次最多上传 {max} 张照片"),
            format!("at most {max} photos at once"),
        )
    }
    pub fn edit_photo_too_large(&self, max_mb: usize) -> String {
        self.pick(
            format!("照片太大：每张不能超过 {max_mb} MB"),
            format!("a photo is too large: {max_mb} MB each at most"),
        )
    }
    pub fn edit_item_has_notes(&self, id: &str) -> String {
        self.pick(
            format!("事项“{id}”已有进展记录，不能删去：进展记录要指向承诺书里的事项。可以改它的标题或时限，或先删去那些进展记录"),
            format!("item `{id}` has progress notes, so it cannot be removed: notes must name an item of the sheet. Change its title or deadline instead, or remove those notes first"),
        )
    }
    pub fn edit_member_has_sheet(&self, id: &str, file: &str) -> String {
        self.pick(
            format!("“{id}”已有承诺书 {file}，不能从花名册删去：承诺书的文件名要对得上花名册。如果他不再承诺，可以在文本编辑器里给他写免诺（exempt）"),
            format!("`{id}` has a pledge sheet, {file}, so cannot leave the roster: a sheet's file name must be on the roster. If they no longer pledge, mark them exempt in a text editor"),
        )
    }
    pub fn serve_port_in_use(&self, port: u16, instead: u16) -> String {
        self.pick(
            format!("端口 {port} 已被占用，改用 {instead}"),
            format!("port {port} is in use; using {instead} instead"),
        )
    }
    pub fn serve_cannot_listen(&self, addr: &str, port: u16, err: &str) -> String {
        self.pick(
            format!("无法在 {addr}:{port} 上启动预览（{err}）：请用 --port 换一个端口"),
            format!("cannot listen on {addr}:{port} ({err}): try another --port"),
        )
    }
    pub fn serve_failed(&self, err: &str) -> String {
        self.pick(
            format!("预览无法启动：{err}"),
            format!("serve could not start: {err}"),
        )
    }
    pub fn serve_not_found(&self) -> String {
        self.pick("404 页面不存在".into(), "404 not found".into())
    }
    pub fn serve_no_site(&self) -> String {
        self.pick(
            "内容有错误，还没有可以显示的网站。修正后页面会自动刷新：".into(),
            "The content has errors, so there is no site to show yet. Fix them and the page reloads:"
                .into(),
        )
    }
    /// A template could not be compiled or rendered: in a built-in template
    /// or the site's own, while rendering page `page` (an output path).
    pub fn template_error(&self, builtin: bool, page: Option<&str>, detail: &str) -> String {
        let (zh, en) = match builtin {
            true => ("内置模板出错", "template error in a built-in template"),
            false => ("模板出错", "template error"),
        };
        match page {
            Some(p) => self.pick(
                format!("{zh}（生成 `{p}` 时）：{detail}"),
                format!("{en} (while rendering `{p}`): {detail}"),
            ),
            None => self.pick(format!("{zh}：{detail}"), format!("{en}: {detail}")),
        }
    }

    /// `last_good`: the page under the error is the one served before.
    pub fn serve_page_failed(&self, last_good: bool) -> String {
        match last_good {
            true => self.pick(
                "这个页面生成时出错，显示的是上一次成功生成的结果。修正后会自动刷新：".into(),
                "This page could not be made; this is its last good version. Fix the error and the page reloads:"
                    .into(),
            ),
            false => self.pick(
                "这个页面生成时出错。修正后会自动刷新：".into(),
                "This page could not be made. Fix the error and the page reloads:".into(),
            ),
        }
    }
    pub fn serve_overlay_title(&self) -> String {
        self.pick(
            "内容有错误，页面显示的是上一次成功生成的结果。修正后会自动刷新：".into(),
            "The content has errors; this is the last good build. Fix them and the page reloads:"
                .into(),
        )
    }

    // --- check: advice ---

    pub fn advice_member_without_sheet(
        &self,
        name: &str,
        id: &str,
        year: i32,
        new_arg: &str,
    ) -> String {
        self.pick(
            format!("花名册上的 {name}（{id}）还没有 {year} 年的承诺书（未全覆盖）：运行 pledgeboard new pledge {new_arg} 新建；经支部同意免诺的，在这一项加 exempt: {year} 和 exempt_reason"),
            format!("{name} (`{id}`) on the roster has no pledge for {year} (coverage gap): run `pledgeboard new pledge {new_arg}`, or add `exempt: {year}` and `exempt_reason` if the branch exempted them"),
        )
    }
    pub fn advice_members_without_sheets(&self, members: u32, pledged: usize, year: i32) -> String {
        self.pick(
            format!("本单位有党员 {members} 名，{year} 年只有 {pledged} 份承诺书（未全覆盖）：为其余党员新建承诺书；人数有变化的，请修改 members"),
            format!("the unit has {members} members but only {pledged} pledge(s) for {year} (coverage gap): add the missing sheets, or correct `members`"),
        )
    }
    pub fn advice_awaiting_approval(&self) -> String {
        self.pick(
            "承诺书尚待审定，暂不公示：审定后加上 approved: { by: 审定组织, date: 审定日期 }".into(),
            "this pledge awaits approval and is not published: once approved, add `approved: { by: …, date: … }`".into(),
        )
    }
    pub fn advice_overdue(&self, item: &str, deadline: &str) -> String {
        self.pick(
            format!("事项“{item}”已过完成时限 {deadline}，还没有结束的进展（已逾期）：完成了就新建一条 status: done 的进展；经审定调整或放弃的写 status: adjusted 或 abandoned；经审定延期的，新建一条 status: delayed 的进展并写上 deadline: 新的完成时限"),
            format!("item `{item}` is past its deadline {deadline} without a final note (overdue): add a note with `status: done` if it is done, `adjusted` or `abandoned` if so decided, or `status: delayed` with `deadline: <the new date>` if a delay was approved"),
        )
    }
    pub fn advice_status_note_without_text(&self, status: &str) -> String {
        let zh = match status {
            "delayed" => "延期",
            "adjusted" => "调整",
            _ => "放弃",
        };
        self.pick(
            format!("这条进展把事项标为 {status}（{zh}），但没有正文：承诺因客观原因未能按时兑现的，要向群众说明原因，请在 --- 之后写明为什么{zh}、经谁审定"),
            format!("this note marks the item `{status}` but has no text: a pledge not kept as promised must be explained to the public; write why, and who approved it, after the closing `---`"),
        )
    }
    pub fn advice_no_target(&self, item: &str) -> String {
        self.pick(
            format!("事项“{item}”没有写预期效果（target）：群众无法对照检验，请加上 target，如“帮助30名居民实现就业”"),
            format!("item `{item}` has no `target`: readers cannot check the result; add one, e.g. `target: 30 residents find jobs`"),
        )
    }
    pub fn advice_no_baseline(&self, item: &str) -> String {
        self.pick(
            format!("事项“{item}”写了预期效果，但没有写现状基础（baseline）：请加上 baseline，如“2025年举办2场”，便于年底对照"),
            format!("item `{item}` has a `target` but no `baseline`: add where things stand now, e.g. `baseline: 2 fairs in 2025`"),
        )
    }
    pub fn advice_no_recent_note(&self, days: i64, since: &str) -> String {
        self.pick(
            format!("这份承诺书已有 {days} 天没有践诺进展（上次：{since}）：请用 pledgeboard new note 补记最近的进展"),
            format!("no progress note for {days} days (last: {since}): add one with `pledgeboard new note`"),
        )
    }
    pub fn advice_no_note_since_approval(&self, days: i64, since: &str) -> String {
        self.pick(
            format!("这份承诺书审定（{since}）已 {days} 天，还没有一条践诺进展：请用 pledgeboard new note 记录进展"),
            format!("no progress note in the {days} days since approval ({since}): add one with `pledgeboard new note`"),
        )
    }
    pub fn advice_leader_fewer_items(&self, items: usize, median: &str) -> String {
        self.pick(
            format!("书记的承诺只有 {items} 项，少于本单位党员承诺事项数的中位数 {median} 项：领导班子成员应高标准承诺，建议增加事项"),
            format!("the secretary pledges {items} item(s), fewer than the unit's members' median of {median}: leaders pledge to a higher standard; consider adding items"),
        )
    }
    pub fn advice_exempt_without_reason(&self, name: &str) -> String {
        self.pick(
            format!("{name} 已免诺，但没有写免诺原因：请加上 exempt_reason（网站上不会显示）"),
            format!("{name} is exempt but no reason is recorded: add `exempt_reason` (it is never published)"),
        )
    }
    pub fn advice_rectification_overdue(&self, deadline: &str) -> String {
        self.pick(
            format!("整改期限 {deadline} 已过，还没有完成（逾期未整改）：整改完成后加上 done: 完成日期"),
            format!("the rectification order's deadline {deadline} has passed and it is not done: add `done: <date>` once it is"),
        )
    }

    // --- new, init ---

    pub fn fix_first(&self) -> String {
        self.pick(
            "请先改正上面文件中的错误，再运行此命令".into(),
            "fix the errors above first, then run this command again".into(),
        )
    }
    pub fn created(&self, path: &str) -> String {
        self.pick(format!("已创建 {path}"), format!("created {path}"))
    }
    pub fn next_steps_unit(&self, path: &str) -> String {
        self.pick(
            format!("下一步：打开它补充信息；需要时在同一文件夹添加花名册 _roster.yaml；再用 pledgeboard new pledge {path}/年度/党员编号 新建承诺书"),
            format!("next: fill it in; add a _roster.yaml beside it if you keep one; then `pledgeboard new pledge {path}/<year>/<member-id>`"),
        )
    }
    pub fn next_steps_pledge(&self) -> String {
        self.pick(
            "下一步：打开它填写承诺事项；审定后去掉 approved 一行开头的 #；然后运行 pledgeboard check".into(),
            "next: fill in the items; once approved, uncomment the `approved` line; then run `pledgeboard check`".into(),
        )
    }
    pub fn next_steps_note(&self) -> String {
        self.pick(
            "下一步：在文件末尾的 --- 下面写进展正文，然后运行 pledgeboard check".into(),
            "next: write what was done below the closing `---`, then run `pledgeboard check`"
                .into(),
        )
    }
    pub fn file_exists(&self, path: &str) -> String {
        self.pick(
            format!("文件已存在，不会覆盖：{path}"),
            format!("the file already exists and is not overwritten: {path}"),
        )
    }
    pub fn cannot_write(&self, path: &str, err: &str) -> String {
        self.pick(
            format!("无法写入 {path}：{err}"),
            format!("cannot write {path}: {err}"),
        )
    }
    pub fn cannot_read_file(&self, path: &str, err: &str) -> String {
        self.pick(
            format!("无法读取 {path}：{err}"),
            format!("cannot read {path}: {err}"),
        )
    }
    pub fn unknown_unit(&self, path: &str, hint: Option<&str>, known: &[&str]) -> String {
        let known: Vec<&str> = known
            .iter()
            .take(12)
            .map(|p| if p.is_empty() { "\"\"" } else { *p })
            .collect();
        let known = known.join(", ");
        match hint {
            Some(h) => self.pick(
                format!("没有单位“{path}”：是不是“{h}”？单位路径是 content/ 下的文件夹路径"),
                format!("no unit `{path}`: did you mean `{h}`? a unit path is its folder path below content/"),
            ),
            None => self.pick(
                format!("没有单位“{path}”（文件夹里要有 _unit.yaml）：已有单位：{known}"),
                format!("no unit `{path}` (a unit folder holds _unit.yaml); the units are: {known}"),
            ),
        }
    }
    pub fn bad_unit_path(&self, path: &str) -> String {
        self.pick(
            format!("单位路径“{path}”无效：请写 content/ 下的文件夹路径，例如 chengguan-street/xinhua-community"),
            format!("`{path}` is not a unit path: write its folder path below content/, e.g. chengguan-street/xinhua-community"),
        )
    }
    pub fn bad_name(&self, name: &str) -> String {
        self.pick(
            format!("“{name}”不能用作文件名或文件夹名：请用小写拼音或英文、数字和 -，例如 zhang-wei"),
            format!("`{name}` cannot be a file or folder name: use lower-case letters, digits and `-`, e.g. zhang-wei"),
        )
    }
    pub fn unit_named_like_year(&self, name: &str) -> String {
        self.pick(
            format!("单位文件夹不能叫“{name}”：四位数字的文件夹是年度文件夹"),
            format!("a unit folder cannot be named `{name}`: four-digit folders are year folders"),
        )
    }
    pub fn unknown_choice(
        &self,
        key: &str,
        value: &str,
        hint: Option<&str>,
        choices: &str,
    ) -> String {
        match hint {
            Some(h) => self.pick(
                format!("{key} 的值“{value}”无效：是不是“{h}”？只能是 {choices}"),
                format!(
                    "{key}: `{value}` is not allowed: did you mean `{h}`? use one of {choices}"
                ),
            ),
            None => self.pick(
                format!("{key} 的值“{value}”无效：只能是 {choices}"),
                format!("{key}: `{value}` is not allowed; use one of {choices}"),
            ),
        }
    }
    pub fn bad_sheet_path(&self, arg: &str) -> String {
        self.pick(
            format!("“{arg}”应写成“单位路径/年度/党员编号”，例如 chengguan-street/2026/zhang-wei（顶层单位写 2026/zhang-wei；单位自己的承诺书用 _unit）"),
            format!("`{arg}` must be `<unit path>/<year>/<member-id>`, e.g. chengguan-street/2026/zhang-wei (2026/zhang-wei for the root unit; `_unit` for the unit's own pledge)"),
        )
    }
    pub fn exempt_no_pledge(&self, id: &str, year: i32) -> String {
        self.pick(
            format!("“{id}”在花名册上已免于 {year} 年承诺（免诺），不需要承诺书；如果免诺已取消，请先在花名册中删去 exempt"),
            format!("`{id}` is exempt from pledging in {year} on the roster and needs no sheet; if that changed, remove `exempt` from the roster first"),
        )
    }
    pub fn name_required(&self, id: &str) -> String {
        self.pick(
            format!("本单位没有花名册，无法知道“{id}”的姓名：请用 --name 写明，例如 --name 张伟"),
            format!("the unit keeps no roster, so `{id}` has no name: give it with --name"),
        )
    }
    pub fn upper_level(&self) -> String {
        self.pick("上级党组织".into(), "the upper-level organization".into())
    }
    pub fn no_such_sheet(&self, path: &str, hint: Option<&str>) -> String {
        match hint {
            Some(h) => self.pick(
                format!("没有承诺书 {path}：是不是“{h}”？"),
                format!("no pledge sheet {path}: did you mean `{h}`?"),
            ),
            None => self.pick(
                format!("没有承诺书 {path}：请先用 pledgeboard new pledge 新建承诺书"),
                format!("no pledge sheet {path}: create it first with `pledgeboard new pledge`"),
            ),
        }
    }
    pub fn note_needs_item(&self, known: &[&str]) -> String {
        let known = known.join(", ");
        self.pick(
            format!("请用 --item 指明这条进展涉及的事项：已有事项：{known}"),
            format!("name the item this note advances with --item; the items are: {known}"),
        )
    }
    pub fn deadline_option_needs_delayed(&self) -> String {
        self.pick(
            "--deadline（延期至）只能与 --status delayed 一起使用".into(),
            "--deadline (the approved new deadline) goes only with --status delayed".into(),
        )
    }
    pub fn note_date_outside_year(&self, date: &str, year: i32) -> String {
        self.pick(
            format!("进展日期 {date} 不在 {year} 年内：用 --today YYYY-MM-DD 指定 {year} 年内的日期"),
            format!("the note's date {date} is outside {year}: give a date in {year} with --today YYYY-MM-DD"),
        )
    }
    pub fn role_label(&self, role: crate::model::Role) -> String {
        let c = role.declared();
        self.pick(c.zh_name().into(), c.en.into())
    }
    pub fn init_not_empty(&self, dir: &str) -> String {
        self.pick(
            format!(
                "文件夹 {dir} 不是空的：init 只在新文件夹或空文件夹里创建站点，请换一个文件夹名"
            ),
            format!("{dir} is not empty: init creates a site only in a new or empty folder"),
        )
    }
    pub fn init_done(&self, dir: &str, files: usize) -> String {
        self.pick(
            format!("已在 {dir} 创建新站点（{files} 个文件）。下一步：cd {dir}，运行 pledgeboard serve 预览，并阅读其中的 README.md"),
            format!("created a new site in {dir} ({files} files). Next: cd {dir}, run `pledgeboard serve`, and read its README.md"),
        )
    }

    // --- import ---

    pub fn approval_pair(&self) -> String {
        self.pick(
            "--approved-by 和 --approved-date 要一起使用".into(),
            "--approved-by and --approved-date go together".into(),
        )
    }
    pub fn import_unknown_type(&self, file: &str) -> String {
        self.pick(
            format!("无法导入 {file}：只能导入 .xlsx、.xls、.csv 文件"),
            format!("cannot import {file}: only .xlsx, .xls and .csv files can be imported"),
        )
    }
    pub fn import_bad_file(&self, file: &str, err: &str) -> String {
        self.pick(
            format!("无法读取表格 {file}（{err}）：请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入"),
            format!("cannot read the spreadsheet {file} ({err}): open it in Excel or WPS and save it as .xlsx"),
        )
    }
    pub fn import_bad_map(&self, arg: &str) -> String {
        self.pick(
            format!("--map “{arg}”应写成 列名=字段，例如 --map 承诺内容=title"),
            format!("--map `{arg}` must be `header=field`, e.g. --map 承诺内容=title"),
        )
    }
    pub fn import_no_header(&self, first: &str) -> String {
        self.pick(
            format!("表格前20行中找不到表头：需要“姓名”（或“编号”）、“承诺事项”、“完成时限”等列；表格第一行是：{first}。列名不同时用 --map 列名=字段 指定，例如 --map 具体内容=title"),
            format!("no header row in the first 20 rows: the table needs columns such as 姓名 (or 编号), 承诺事项 and 完成时限; its first row is: {first}. Name other headers with --map, e.g. --map 具体内容=title"),
        )
    }
    pub fn import_missing_column(&self, header: &str) -> String {
        self.pick(
            format!("表格缺少“{header}”列：请添加这一列，或用 --map 列名=字段 指明哪一列是它"),
            format!(
                "the table has no `{header}` column: add it, or say which column it is with --map"
            ),
        )
    }
    pub fn import_no_person(&self) -> String {
        self.pick(
            "姓名为空，上面也没有可以沿用的姓名：请填写姓名".into(),
            "the name is empty and there is no row above to continue: fill in the name".into(),
        )
    }
    pub fn import_same_person_failed(&self, row: usize) -> String {
        self.pick(
            format!("同一人第 {row} 行有错误，这个人的承诺书整份没有导入：改正后重新导入"),
            format!("row {row} of the same person has an error, so their whole sheet was left out: fix it and import again"),
        )
    }
    pub fn import_unknown_unit(&self, unit: &str, hint: Option<&str>) -> String {
        match hint {
            Some(h) => self.pick(
                format!("单位“{unit}”不是 --unit 指定的单位或其下级单位：是不是“{h}”？"),
                format!("`{unit}` is not the --unit unit or one of its sub-units: did you mean `{h}`?"),
            ),
            None => self.pick(
                format!("单位“{unit}”不是 --unit 指定的单位或其下级单位：请先用 pledgeboard new unit 建立该单位，或按单位分别导入"),
                format!("`{unit}` is not the --unit unit or one of its sub-units: create it with `pledgeboard new unit`, or import each unit separately"),
            ),
        }
    }
    pub fn import_no_id(&self, name: &str) -> String {
        self.pick(
            format!("无法确定“{name}”的党员编号：本单位没有花名册。请先导入党员名册（pledgeboard import roster 名册.xlsx），或导入时加 --add-to-roster 自动建立花名册，或在表格中加一列“编号”（程序不会自动生成拼音）"),
            format!("no member id for `{name}`: the unit keeps no roster. Import the roster first (pledgeboard import roster FILE.xlsx), or import with --add-to-roster, or add an 编号/id column (ids are never guessed)"),
        )
    }
    pub fn import_not_on_roster(&self, name: &str, hint: Option<&str>) -> String {
        match hint {
            Some(h) => self.pick(
                format!("花名册中没有“{name}”：是不是“{h}”？"),
                format!("no `{name}` on the roster: did you mean `{h}`?"),
            ),
            None => self.pick(
                format!("花名册中没有“{name}”：请在表格中改正姓名，或导入时加 --add-to-roster 把他加入花名册"),
                format!("no `{name}` on the roster: correct the name, or import with --add-to-roster to add them"),
            ),
        }
    }
    pub fn import_ambiguous_name(&self, name: &str, ids: &str) -> String {
        self.pick(
            format!("花名册中有几名党员都叫“{name}”（{ids}）：请在表格中加一列“编号”写明是哪一位"),
            format!(
                "several members are named `{name}` ({ids}): add an 编号/id column to say which"
            ),
        )
    }
    pub fn import_name_mismatch(&self, id: &str, roster_name: &str, given: &str) -> String {
        self.pick(
            format!("编号“{id}”在花名册上是“{roster_name}”，表格中却写作“{given}”：请核对"),
            format!("id `{id}` is `{roster_name}` on the roster but `{given}` in the table: check which is right"),
        )
    }
    pub fn import_no_title(&self) -> String {
        self.pick(
            "承诺事项为空：请填写承诺事项".into(),
            "the pledge item (承诺事项) is empty: fill it in".into(),
        )
    }
    pub fn import_no_deadline(&self) -> String {
        self.pick(
            "完成时限为空：请填写日期，例如 2026-09-30、2026/9/30 或 2026年9月30日".into(),
            "the deadline (完成时限) is empty: write a date such as 2026-09-30, 2026/9/30 or 2026年9月30日".into(),
        )
    }
    pub fn import_bad_deadline(&self, text: &str) -> String {
        self.pick(
            format!("完成时限“{text}”不是日期：请写成 2026-09-30、2026/9/30 或 2026年9月30日 等形式，并确认这一天存在"),
            format!("the deadline `{text}` is not a date: write 2026-09-30, 2026/9/30 or 2026年9月30日, and check the day exists"),
        )
    }
    pub fn import_row_problem(&self, file: &str, row: usize, reason: &str) -> String {
        self.pick(
            format!("{file} 第 {row} 行未导入：{reason}"),
            format!("{file} row {row} not imported: {reason}"),
        )
    }
    pub fn import_exists(&self, path: &str) -> String {
        self.pick(
            format!("已存在，未覆盖：{path}"),
            format!("exists, not overwritten: {path}"),
        )
    }
    pub fn import_would_write(&self, path: &str, name: &str, items: usize) -> String {
        self.pick(
            format!("将写入 {path}（{name}，{items} 项）"),
            format!("would write {path} ({name}, {items} item(s))"),
        )
    }
    pub fn import_wrote(&self, path: &str, name: &str, items: usize) -> String {
        self.pick(
            format!("已写入 {path}（{name}，{items} 项）"),
            format!("wrote {path} ({name}, {items} item(s))"),
        )
    }
    pub fn import_unused_columns(&self, columns: &str) -> String {
        self.pick(
            format!("以下列没有导入：{columns}（需要时用 --map 列名=字段 指定）"),
            format!(
                "these columns were not imported: {columns} (use --map header=field if needed)"
            ),
        )
    }
    pub fn import_unapproved_hint(&self) -> String {
        self.pick(
            "导入的承诺书没有审定信息，暂不公示：审定后在每份承诺书中去掉 approved 一行开头的 #；已审定的，导入时加 --approved-by 审定组织 --approved-date YYYY-MM-DD".into(),
            "the imported sheets carry no approval and are not published yet: uncomment `approved` in each once approved, or import with --approved-by ORG --approved-date YYYY-MM-DD".into(),
        )
    }
    pub fn import_summary(&self, c: &crate::editor::import::ImportCounts) -> String {
        let (a, b, d, e, f, rows) = (
            c.new_sheets,
            c.new_items,
            c.extended,
            c.added_items,
            c.unchanged,
            c.bad_rows,
        );
        let nothing = a + d == 0 && rows == 0;
        match (c.dry_run, nothing) {
            (true, true) => self.pick(
                format!("试运行，没有写入任何文件：没有新内容，表格中的承诺事项都已导入过（{f} 份承诺书）"),
                format!("dry run, nothing written: nothing new, every item of the table is imported already ({f} sheet(s))"),
            ),
            (false, true) => self.pick(
                format!("没有新内容：表格中的承诺事项都已导入过（{f} 份承诺书），没有改动任何文件"),
                format!("nothing new: every item of the table is imported already ({f} sheet(s)); no file changed"),
            ),
            (true, false) => self.pick(
                format!("试运行，没有写入任何文件：将新建 {a} 份承诺书（{b} 个事项），在 {d} 份已有承诺书中添加 {e} 个事项；{f} 份没有新内容；{rows} 行无法导入"),
                format!("dry run, nothing written: would write {a} new sheet(s) with {b} item(s) and add {e} item(s) to {d} existing sheet(s); {f} have nothing new; {rows} row(s) cannot be imported"),
            ),
            (false, false) => self.pick(
                format!("导入完成：新建 {a} 份承诺书（{b} 个事项），在 {d} 份已有承诺书中添加 {e} 个事项；{f} 份没有新内容；{rows} 行未导入。请运行 pledgeboard check 检查"),
                format!("import done: wrote {a} new sheet(s) with {b} item(s) and added {e} item(s) to {d} existing sheet(s); {f} had nothing new; {rows} row(s) not imported. Run `pledgeboard check` next"),
            ),
        }
    }
}

// --- import: spreadsheets as departments keep them (titles, merges,
// rosters). A block of its own; the method list of the test below
// includes these too.
impl Messages {
    pub fn import_skipped(
        &self,
        file: &str,
        row: usize,
        skip: &crate::editor::scope::Skip,
    ) -> String {
        use crate::editor::scope::Skip;
        match skip {
            Skip::Blank => self.pick(
                format!("{file} 第 {row} 行是空行，已跳过"),
                format!("{file} row {row} is blank: skipped"),
            ),
            Skip::Title(t) => self.pick(
                format!("{file} 第 {row} 行是标题“{t}”，已跳过"),
                format!("{file} row {row} is a title (`{t}`): skipped"),
            ),
            Skip::Footnote(t) => self.pick(
                format!("{file} 第 {row} 行是表格说明“{t}”，已跳过"),
                format!("{file} row {row} is a note below the table (`{t}`): skipped"),
            ),
            Skip::Header => self.pick(
                format!("{file} 第 {row} 行重复了表头，已跳过"),
                format!("{file} row {row} repeats the header: skipped"),
            ),
        }
    }
    pub fn import_roster_added(&self, path: &str, name: &str, id: &str, dry_run: bool) -> String {
        if dry_run {
            self.pick(
                format!("将在花名册 {path} 中加入 {name}（党员编号 {id}）"),
                format!("would add {name} (member id {id}) to the roster {path}"),
            )
        } else {
            self.pick(
                format!("已在花名册 {path} 中加入 {name}（党员编号 {id}）"),
                format!("added {name} (member id {id}) to the roster {path}"),
            )
        }
    }
    pub fn import_nothing_new(&self, path: &str) -> String {
        self.pick(
            format!("已有，没有新事项：{path}"),
            format!("exists, nothing new: {path}"),
        )
    }
    pub fn import_extended(&self, path: &str, name: &str, items: usize, dry_run: bool) -> String {
        if dry_run {
            self.pick(
                format!("将在已有的 {path}（{name}）中添加 {items} 项："),
                format!("would add {items} item(s) to the existing {path} ({name}):"),
            )
        } else {
            self.pick(
                format!("已在已有的 {path}（{name}）中添加 {items} 项："),
                format!("added {items} item(s) to the existing {path} ({name}):"),
            )
        }
    }
    pub fn import_added_item(&self, row: usize, id: &str, title: &str) -> String {
        self.pick(
            format!("  + {id}：{title}（第 {row} 行）"),
            format!("  + {id}: {title} (row {row})"),
        )
    }
    #[allow(clippy::too_many_arguments)]
    pub fn import_changed(
        &self,
        file: &str,
        row: usize,
        path: &str,
        item: &str,
        field: &str,
        header: &str,
        old: &str,
        new: &str,
    ) -> String {
        self.pick(
            format!("{file} 第 {row} 行与已有事项不同，未改动：{path} 中事项 {item} 的“{header}”是“{old}”，表格中是“{new}”。导入不会修改已有事项；确需修改请直接编辑该文件"),
            format!("{file} row {row} differs from the item already there, left unchanged: in {path}, item {item} has {field} `{old}`, the table `{new}`. Import never changes existing items; edit the file to change it"),
        )
    }
    pub fn import_cannot_extend(&self, path: &str) -> String {
        self.pick(
            format!("无法自动在 {path} 中添加内容（文件的写法特殊，如写成了 [ ] 形式）：请手工添加，或把它改成每项以“- ”开头的写法后重新导入"),
            format!("cannot add to {path} by program (it is written in an unusual form, such as [ ]): add the lines by hand, or write it with one `- ` entry per line and import again"),
        )
    }
    pub fn import_sheet_broken(&self, path: &str) -> String {
        self.pick(
            format!("已有的承诺书 {path} 有错误，无法在其中添加事项：先运行 pledgeboard check 改正它，再重新导入"),
            format!("the existing sheet {path} has errors, so nothing can be added to it: fix it (run `pledgeboard check`) and import again"),
        )
    }
    pub fn import_no_unit(&self) -> String {
        self.pick(
            "不知道这一行属于哪个单位：请在表格中加一列“单位”，或导入时用 --unit 单位文件夹 指定"
                .into(),
            "no unit for this row: add a 单位 column to the table, or name the unit with --unit"
                .into(),
        )
    }
    pub fn import_ambiguous_unit(&self, unit: &str, names: &str) -> String {
        self.pick(
            format!("“{unit}”可能是几个单位（{names}）：请在表格中写单位全称，或在其中一个单位的 _unit.yaml 中加 aliases: [{unit}]"),
            format!("`{unit}` could be several units ({names}): write the full name in the table, or add `aliases: [{unit}]` to one unit's _unit.yaml"),
        )
    }
    pub fn roster_plan(
        &self,
        path: &str,
        unit: &str,
        added: usize,
        existing: usize,
        dry_run: bool,
    ) -> String {
        if dry_run {
            self.pick(
                format!("将在 {path}（{unit}）中加入 {added} 人；{existing} 人已在花名册中，保持不变"),
                format!("would add {added} member(s) to {path} ({unit}); {existing} are on it already and stay as they are"),
            )
        } else {
            self.pick(
                format!("已在 {path}（{unit}）中加入 {added} 人；{existing} 人已在花名册中，保持不变"),
                format!("added {added} member(s) to {path} ({unit}); {existing} were on it already and stay as they are"),
            )
        }
    }
    pub fn roster_added_entry(&self, row: usize, id: &str, name: &str) -> String {
        self.pick(
            format!("  + {name}，党员编号 {id}（第 {row} 行）"),
            format!("  + {name}, member id {id} (row {row})"),
        )
    }
    pub fn roster_private_columns(&self, columns: &str) -> String {
        self.pick(
            format!("以下各列作为私密信息存入花名册，网站上永远不会公开：{columns}"),
            format!(
                "these columns are kept in the roster as private fields, never published: {columns}"
            ),
        )
    }
    pub fn roster_summary(&self, added: usize, problems: usize, dry_run: bool) -> String {
        if dry_run {
            self.pick(
                format!("试运行，没有写入任何文件：将加入 {added} 人；{problems} 行无法导入"),
                format!("dry run, nothing written: would add {added} member(s); {problems} row(s) cannot be imported"),
            )
        } else {
            self.pick(
                format!("花名册导入完成：加入 {added} 人；{problems} 行未导入。下一步可以导入承诺汇总表：pledgeboard import 表格.xlsx"),
                format!("roster import done: added {added} member(s); {problems} row(s) not imported. Next, import the pledge table: pledgeboard import FILE.xlsx"),
            )
        }
    }
    pub fn roster_no_header(&self) -> String {
        self.pick(
            "表格前10行中找不到花名册的表头：需要“姓名”列，以及“性别”“职务”“党员类别”“联系电话”等其他列".into(),
            "no roster header in the first 10 rows: the table needs a 姓名 column and others such as 性别, 职务, 党员类别, 联系电话".into(),
        )
    }
    pub fn roster_no_name(&self) -> String {
        self.pick(
            "姓名为空：请填写姓名，或删除这一行".into(),
            "the name (姓名) is empty: fill it in or delete the row".into(),
        )
    }
    pub fn roster_bad_status(&self, text: &str) -> String {
        self.pick(
            format!("党员类别“{text}”无法识别：请写 在职、离退休、流动 或 无职"),
            format!("the member category `{text}` is not known: write 在职 (active), 离退休 (retired), 流动 (floating) or 无职 (no post)"),
        )
    }
}

// --- check: its scope (--unit, --only), advice grouped per person or
// unit, the advice of issue 16 and serve's warning count. A block of its
// own; the method list of the test below includes these too.
impl Messages {
    /// The short name of an advice code (`None`: the loader's warnings),
    /// for summaries and `--only`.
    pub fn advice_code_label(&self, code: Option<&str>) -> String {
        use crate::advice::codes::*;
        let (zh, en) = match code {
            Some(COVERAGE_GAP) => ("未全覆盖", "coverage gap"),
            Some(AWAITING_APPROVAL) => ("待审定", "awaiting approval"),
            Some(OVERDUE_WITHOUT_FINAL_NOTE) => ("逾期未说明", "overdue"),
            Some(NO_RECENT_NOTE) => ("久无进展", "no recent note"),
            Some(NO_TARGET) => ("无预期效果", "no target"),
            Some(NO_BASELINE) => ("无基线", "no baseline"),
            Some(LEADER_FEWER_ITEMS) => ("书记承诺偏少", "secretary pledges less"),
            Some(EXEMPT_WITHOUT_REASON) => ("免诺无原因", "exempt without reason"),
            Some(RECTIFICATION_OVERDUE) => ("逾期未整改", "rectification overdue"),
            Some(STATUS_NOTE_WITHOUT_TEXT) => ("未向群众说明", "change not explained"),
            Some(PLACEHOLDER_TEXT) => ("模板占位文字", "placeholder text"),
            Some(NAME_DIFFERS_FROM_ROSTER) => ("姓名与花名册不符", "name differs from roster"),
            _ => ("其他", "other"),
        };
        self.pick(zh.into(), en.into())
    }
    /// The name of `--only errors` (`true`) or `--only warnings`.
    pub fn check_only_label(&self, errors: bool) -> String {
        match errors {
            true => self.pick("错误".into(), "errors".into()),
            false => self.pick("警告".into(), "warnings".into()),
        }
    }
    pub fn advice_placeholder_title(&self, item: &str, title: &str) -> String {
        self.pick(
            format!("事项“{item}”的内容还是模板里的占位文字“{title}”，而这份承诺书已经公示：请写上实际的承诺事项"),
            format!("item `{item}` still has the template's placeholder title `{title}`, and the sheet is published: write the real pledge"),
        )
    }
    pub fn advice_name_differs(&self, name: &str, roster_name: &str, roster: &str) -> String {
        self.pick(
            format!("承诺书上的姓名“{name}”与花名册 {roster} 上这名党员的姓名“{roster_name}”不一致：请改正写错的一处（文件名即党员编号，也请核对）"),
            format!("the name `{name}` differs from `{roster_name}`, this member's name on the roster {roster}: correct whichever is wrong (the file name is the member id: check it too)"),
        )
    }
    /// The heading of one person's or one unit's warnings.
    pub fn check_group(&self, file: &str, count: usize) -> String {
        self.pick(
            format!("{file}：{count} 条警告"),
            format!("{file}: {count} warning(s)"),
        )
    }
    /// `counts`: (label, number), in the order of `advice::codes::ALL`.
    pub fn check_warning_counts(&self, counts: &[(String, usize)]) -> String {
        let zh: Vec<String> = counts.iter().map(|(l, n)| format!("{l} {n} 条")).collect();
        let en: Vec<String> = counts.iter().map(|(l, n)| format!("{l} {n}")).collect();
        self.pick(
            format!("警告分类：{}", zh.join("、")),
            format!("warnings by kind: {}", en.join(", ")),
        )
    }
    /// What `--unit` and `--only` left out. `only`: the labels chosen.
    pub fn check_scope(
        &self,
        unit: Option<&str>,
        only: &[String],
        hidden_errors: usize,
        hidden_warnings: usize,
    ) -> String {
        let mut zh = Vec::new();
        let mut en = Vec::new();
        if let Some(u) = unit {
            let shown = if u.is_empty() {
                "content".to_string()
            } else {
                format!("content/{u}")
            };
            zh.push(format!("范围：{shown}（含下级单位）"));
            en.push(format!("scope: {shown} (with its sub-units)"));
        }
        if !only.is_empty() {
            zh.push(format!("只看：{}", only.join("、")));
            en.push(format!("only: {}", only.join(", ")));
        }
        let (zh_rest, en_rest) = match (hidden_errors, hidden_warnings) {
            (0, 0) => (
                "；没有别的诊断".to_string(),
                "; nothing else to report".to_string(),
            ),
            (0, w) => (
                format!("；另有 {w} 个警告未显示"),
                format!("; {w} other warning(s) not shown"),
            ),
            (e, w) => (
                format!(
                    "；另有 {e} 个错误、{w} 个警告未显示，未显示的错误同样会使 pledgeboard build 失败"
                ),
                format!(
                    "; {e} other error(s) and {w} warning(s) not shown: those errors still stop `pledgeboard build`"
                ),
            ),
        };
        self.pick(
            format!("{}{zh_rest}", zh.join("；")),
            format!("{}{en_rest}", en.join("; ")),
        )
    }
    /// `choices`: each accepted value with its Chinese name.
    pub fn check_unknown_only(&self, value: &str, hint: Option<&str>, choices: &str) -> String {
        let hint_zh = hint.map(|h| format!("是不是“{h}”？")).unwrap_or_default();
        let hint_en = hint
            .map(|h| format!(" did you mean `{h}`?"))
            .unwrap_or_default();
        self.pick(
            format!("--only 的值“{value}”无法识别：{hint_zh}可以写 {choices}；几个一起看时用逗号隔开，如 --only errors,no-baseline"),
            format!("--only: `{value}` is not known;{hint_en} write one of {choices}; several are separated by commas, e.g. --only errors,no-baseline"),
        )
    }
    /// Appended to `serve_updated` when the content has warnings.
    pub fn serve_warning_count(&self, warnings: usize) -> String {
        self.pick(
            format!("；{warnings} 条提醒，运行 pledgeboard check 查看"),
            format!("; {warnings} warning(s): run `pledgeboard check` to see them"),
        )
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a
/// plausible typo ("did you mean …").
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = word.chars().count().div_ceil(3).clamp(1, 3);
    candidates
        .into_iter()
        // Edits between the two, a swap of two neighbours counting as one
        // (`titel` is one edit from `title`).
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(suggest("dedline", ["deadline", "title"]), Some("deadline"));
        assert_eq!(suggest("zzz", ["deadline", "title"]), None);
        assert_eq!(suggest("titel", ["item", "title"]), Some("title"));
        assert_eq!(suggest("job-fiar", ["job-fair", "job"]), Some("job-fair"));
    }

    /// Calls each listed message in one language: (method name, text).
    macro_rules! messages {
        ($m:ident; $($name:ident($($arg:expr),*)),* $(,)?) => {
            vec![$((stringify!($name), $m.$name($($arg),*))),*]
        };
    }

    fn counts(dry_run: bool, new_sheets: usize) -> crate::editor::import::ImportCounts {
        crate::editor::import::ImportCounts {
            new_sheets,
            new_items: 2,
            extended: 1,
            added_items: 1,
            unchanged: 3,
            bad_rows: new_sheets,
            dry_run,
        }
    }

    fn every_message(m: Messages) -> Vec<(&'static str, String)> {
        use crate::editor::scope::Skip;
        let known: &[&str] = &["a", "b"];
        let mut all = messages![m;
            no_site_yaml(), cannot_read("e"), not_utf8(), name_not_utf8(), symlink_skipped(),
            special_file_skipped(), file_too_large(20, 10),
            folder_not_unit(), file_ignored(), year_file_ignored(), attachment_ignored(),
            year_folder_without_unit(), reserved_name("data"), notes_without_sheet("x"),
            year_out_of_range("0000"), name_taken("index.html"), names_collide("a", "A", "p"),
            name_too_long(300, 255), name_has_control(), name_not_portable("con"),
            yaml_tag("!!binary"), control_char('\0'),
            theme_missing("t"), yaml_syntax(SyntaxCause::Tab, "d"),
            yaml_syntax(SyntaxCause::Other, "d"), keyboard_slip(SlipKind::FullColon, 3),
            keyboard_slip(SlipKind::FullBracket('［'), 3), keyboard_slip(SlipKind::FullBracket('｛'), 3),
            keyboard_slip(SlipKind::FullComma('、'), 3), keyboard_slip(SlipKind::FullQuote('“'), 3),
            keyboard_slip(SlipKind::FullDash, 3), keyboard_slip(SlipKind::Unclosed('['), 3),
            yaml_syntax(SyntaxCause::Escape, "d"), keyboard_slip(SlipKind::FullHash, 3),
            keyboard_slip(SlipKind::Tab, 3), duplicate_key("k"), no_front_matter(), wrong_fence(1),
            unclosed_front_matter(), expected_map("w"), expected_list("w"),
            unknown_field("k", known, Some("a")), unknown_field("k", known, None),
            missing_field("k"), empty_text("k"), expected_text("k"),
            expected_int("k", Some("5")), expected_int("k", None), int_range("k", 0, 9),
            expected_bool("k"), bad_date("k", "x"),
            bad_base_url(), no_items(), duplicate_id("i"), unknown_member("i", Some("j")),
            unknown_member("i", None), exempt_member("i", 2026),
            note_unknown_item("i", known, Some("a")), note_unknown_item("i", known, None),
            note_outside_year("2025-01-01", 2026), note_date_mismatch("d", "e"),
            note_needs_date(), note_deadline_without_delayed(), review_unknown_key("k", Some("a")), review_unknown_key("k", None),
            notes_subfolder_ignored(), summary_errors(1, 2), summary_ok(1), built(1, "o", 2),
            loaded(1, 2, 3, 4), write_failed("e"),
            out_refused("o", Some("/p"), &Refusal::SiteRoot),
            out_refused("o", None, &Refusal::ContainsSite),
            out_refused("o", None, &Refusal::InsideInput("content")),
            out_refused("o", None, &Refusal::ContainsInput("static")),
            out_refused("o", None, &Refusal::NotAFolder),
            out_refused("o", None, &Refusal::NotEmpty),
            out_refused("o", None, &Refusal::Unreadable(std::io::Error::other("e"))),
            old_copy_left("p", "e"), zipped(3, "f"), browser_not_opened("u"),
            zip_refused("f", &crate::archive::ArchiveError::NotOurs("f".into())),
            zip_refused("f", &crate::archive::ArchiveError::Inside("out")),
            zip_refused("f", &crate::archive::ArchiveError::Inside("content")),
            changes_refused("f", &crate::archive::ArchiveError::IsFolder("f".into())),
            changes_written([1, 2, 3], "f"),
            stranded("e", "p", "o"), root_missing("r"), root_not_folder("r"),
            bad_base_url_option("u"), progress_loading(), progress_pages(),
            warning_label(), bad_date_option("--today", "x"), check_failed(1, 2, 3),
            check_passed(1, 2), serve_updated("f: ", 1, Some(2), [1, 2, 3, 4]),
            serve_updated("f: ", 1, None, [1, 2, 3, 4]), serve_css_only("f: ", 1),
            serve_cache(2, 3), serve_cache(0, 3), serve_cache(3, 3),
            serve_loaded(1, [1, 2, 3, 4]),
            serve_no_site(), serve_url("http://x/"), serve_edit_on(),
            serve_port_in_use(1, 2), serve_cannot_listen("a", 1, "e"), serve_failed("e"),
            serve_not_found(), serve_overlay_title(), serve_page_failed(true),
            serve_page_failed(false), template_error(true, Some("p"), "d"),
            template_error(false, None, "d"),
            advice_member_without_sheet("n", "i", 2026, "u/2026/i"),
            advice_members_without_sheets(3, 1, 2026), advice_awaiting_approval(),
            advice_overdue("i", "d"), advice_status_note_without_text("delayed"), advice_status_note_without_text("abandoned"), advice_no_target("i"), advice_no_baseline("i"),
            advice_no_recent_note(91, "d"), advice_no_note_since_approval(91, "d"),
            advice_leader_fewer_items(1, "2"), advice_exempt_without_reason("n"),
            advice_rectification_overdue("d"),
            fix_first(), created("p"), next_steps_unit("u"), next_steps_pledge(),
            next_steps_note(), file_exists("p"), cannot_write("p", "e"),
            cannot_read_file("p", "e"), unknown_unit("u", Some("v"), known),
            unknown_unit("u", None, known), bad_unit_path("p"), bad_name("n"),
            unit_named_like_year("2026"), unknown_choice("k", "v", Some("w"), "a | b"),
            unknown_choice("k", "v", None, "a | b"), bad_sheet_path("p"),
            exempt_no_pledge("i", 2026), name_required("i"), upper_level(),
            no_such_sheet("p", Some("q")), no_such_sheet("p", None), note_needs_item(known),
            note_date_outside_year("d", 2026), deadline_option_needs_delayed(), role_label(crate::model::Role::Secretary),
            role_label(crate::model::Role::Student), init_not_empty("d"), init_done("d", 3),
            approval_pair(), import_unknown_type("f"), import_bad_file("f", "e"),
            import_bad_map("m"), import_no_header("h"), import_missing_column("c"),
            import_no_person(), import_same_person_failed(3),
            import_unknown_unit("u", Some("v")), import_unknown_unit("u", None),
            import_no_id("n"), import_not_on_roster("n", Some("m")),
            import_not_on_roster("n", None), import_ambiguous_name("n", "a, b"),
            import_name_mismatch("i", "n", "m"), import_no_title(), import_no_deadline(),
            import_bad_deadline("x"), import_row_problem("f", 3, "r"), import_exists("p"),
            import_would_write("p", "n", 2), import_wrote("p", "n", 2),
            import_unused_columns("c"), import_unapproved_hint(),
            import_summary(&counts(true, 1)), import_summary(&counts(false, 1)),
            import_summary(&counts(true, 0)), import_summary(&counts(false, 0)),
            import_skipped("f", 1, &Skip::Blank), import_skipped("f", 1, &Skip::Title("t".into())),
            import_skipped("f", 1, &Skip::Footnote("n".into())), import_skipped("f", 1, &Skip::Header),
            import_roster_added("p", "n", "i", true), import_roster_added("p", "n", "i", false),
            import_nothing_new("p"), import_extended("p", "n", 2, true),
            import_extended("p", "n", 2, false), import_added_item(3, "i", "t"),
            import_changed("f", 3, "p", "i", "deadline", "完成时限", "a", "b"),
            import_cannot_extend("p"), import_sheet_broken("p"), import_no_unit(),
            import_ambiguous_unit("u", "a、b"), roster_plan("p", "u", 1, 2, true),
            roster_plan("p", "u", 1, 2, false), roster_added_entry(3, "i", "n"),
            roster_private_columns("c"), roster_summary(1, 2, true), roster_summary(1, 2, false),
            roster_no_header(), roster_no_name(), roster_bad_status("x"),
            advice_code_label(Some("no-baseline")), advice_code_label(None),
            check_only_label(true), check_only_label(false),
            advice_placeholder_title("i", "t"), advice_name_differs("a", "b", "r"),
            check_group("f", 2), check_warning_counts(&[("a".into(), 2)]),
            check_scope(Some("u"), &["a".into()], 0, 0), check_scope(None, &["a".into()], 0, 2),
            check_scope(Some(""), &[], 1, 2), check_unknown_only("x", Some("y"), "a"),
            check_unknown_only("x", None, "a"), serve_warning_count(3),
        ];
        // Generic messages, which the macro cannot call.
        all.push((
            "unknown_keyword",
            m.unknown_keyword(
                <crate::model::UnitKind as Keyword>::CHOICES,
                "kind",
                "街道办",
            ),
        ));
        all.push((
            "unknown_keyword",
            m.unknown_keyword(<crate::model::Grade as Keyword>::CHOICES, "grade", "zzz"),
        ));
        all
    }

    /// Every message listed above reads right in both languages: the
    /// Chinese one is Chinese, the English one differs from it and reads
    /// as English. (That every method is listed is no longer checked by
    /// reading this file's source; `pick` checks the two differ wherever
    /// a test produces a message.)
    #[test]
    fn every_message_in_both_languages() {
        let zh = every_message(Messages::new(Lang::ZhCn));
        let en = every_message(Messages::new(Lang::En));
        let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for ((name, zh), (_, en)) in zh.iter().zip(&en) {
            assert!(cjk(zh), "{name}: the zh-CN text is not Chinese: {zh}");
            assert_ne!(zh, en, "{name}: both languages say the same");
            let words = en
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 1);
            assert!(
                words.count() >= 1,
                "{name}: the English text has no words: {en}"
            );
        }
    }

    #[test]
    fn both_languages_differ() {
        let zh = Messages::new(Lang::ZhCn).missing_field("name");
        let en = Messages::new(Lang::En).missing_field("name");
        assert!(zh.contains("缺少"));
        assert!(en.contains("missing"));
    }
}

/// One command's or option's text in the Chinese command line (`--help`).
#[derive(Clone, Copy, Debug)]
pub struct CliText {
    pub help: &'static str,
    /// The placeholder of the option's value (`--out <文件夹>`).
    pub value: Option<&'static str>,
}

/// The Chinese text of the command or option `key`: "" is the program,
/// "build" a command, "build.out" its option, "new.note.item" a nested
/// one, "root" the option all commands share. Every command and option
/// has one (a test of the command line walks them all).
pub fn cli_zh(key: &str) -> Option<CliText> {
    let (help, value) = match key {
        "" => (
            "公开承诺公示网站生成器：把 Markdown/YAML 文件生成为公示网站",
            None,
        ),
        "root" => (
            "站点根目录（有 site.yaml 的文件夹），默认是当前文件夹",
            Some("文件夹"),
        ),
        "build" => ("生成网站（默认输出到 public/）", None),
        "build.out" => (
            "输出文件夹，默认 public（相对于站点根目录）",
            Some("文件夹"),
        ),
        "build.base_url" => ("临时改用这个网址代替 site.yaml 的 base_url", Some("网址")),
        "build.today" | "check.today" | "serve.today" => (
            "按这一天计算逾期等统计（YYYY-MM-DD，默认今天）",
            Some("日期"),
        ),
        "build.drafts" => ("连未审定的承诺书也一起发布（仅供内部预览）", None),
        "build.force" => (
            "输出文件夹里有别的文件时也替换它（里面的文件会被删除），并且整个网站重新生成，不在上次的输出上只更新改动的文件；站点本身和 content/ 永远不会被替换",
            None,
        ),
        "build.relative" => (
            "网页之间的链接写成相对路径，复制到 U 盘或别的文件夹后直接打开 index.html 也能看（网站搜索需要放到网站服务器上）",
            None,
        ),
        "build.zip" => (
            "同时把生成的网站打包成一个 zip 压缩包，交给网站管理员上传",
            Some("文件"),
        ),
        "build.changes" => (
            "把与上次生成相比新增、改动、删除的文件清单写到这个文件（同步到服务器时只传这些）",
            Some("文件"),
        ),
        "check" => ("检查内容，列出错误和提醒，不写任何文件", None),
        "check.format" => ("输出格式：text（文字，默认）或 json", Some("格式")),
        "check.unit" => (
            "只看这个单位及其下级单位的问题（content/ 下的单位路径，如 chengguan-street）",
            Some("单位路径"),
        ),
        "check.only" => (
            "只看错误（errors）、警告（warnings）或某几类提醒（如 no-baseline 无基线），多个用逗号隔开",
            Some("类别"),
        ),
        "serve" => (
            "本机预览：生成网站并在 127.0.0.1 上打开，文件保存后页面自动刷新",
            None,
        ),
        "serve.port" => ("端口，默认 1111（被占用时自动换下一个）", Some("端口")),
        "serve.bind" => ("监听地址，默认 127.0.0.1（只有本机能打开）", Some("地址")),
        "serve.poll" => ("定时查看文件有没有改动（WSL2、网络盘上用）", None),
        "serve.open" => ("启动后自动用浏览器打开网站", None),
        "serve.edit" => (
            "在本机打开的页面里加上编辑表单（记进展、审定、评议、花名册），保存即写入 content/ 里的文件",
            None,
        ),
        "new" => ("用带说明的模板新建单位、承诺书或进展记录", None),
        "new.unit" => ("新建单位：new unit 单位路径 --kind 类型 --name 名称", None),
        "new.unit.path" => (
            "单位文件夹在 content/ 下的路径，如 chengguan-street/xinhua",
            Some("单位路径"),
        ),
        "new.unit.kind" => (
            "单位类型，如 street（街道）、community（社区）",
            Some("类型"),
        ),
        "new.unit.name" | "new.pledge.name" => ("名称（单位全称或党员姓名）", Some("名称")),
        "new.pledge" => ("新建承诺书：new pledge 单位路径/年份/党员编号", None),
        "new.pledge.target" => (
            "单位路径/年份/党员编号；单位自己的承诺书用 _unit",
            Some("路径"),
        ),
        "new.note" => (
            "新建进展记录：new note 单位路径/年份/承诺人 --item 事项编号",
            None,
        ),
        "new.note.target" => (
            "单位路径/年份/承诺人编号（单位自己的承诺书用 _unit）",
            Some("路径"),
        ),
        "new.note.item" => (
            "这条进展对应的事项编号（一条进展涉及几个事项就写几次）",
            Some("事项编号"),
        ),
        "new.note.progress" => ("完成进度 0–100", Some("进度")),
        "new.note.status" => (
            "状态：in-progress（推进中）、done（已完成）、delayed（已延期）、adjusted（已调整）、abandoned（已放弃）",
            Some("状态"),
        ),
        "new.note.deadline" => (
            "经批准的新完成时限，和 --status delayed 一起用（YYYY-MM-DD）",
            Some("日期"),
        ),
        "new.note.title" => ("进展标题", Some("标题")),
        "new.note.today" => ("进展日期（YYYY-MM-DD，默认今天）", Some("日期")),
        "init" => ("在新的或空的文件夹里新建站点（带一个示例单位）", None),
        "init.dir" => ("新站点的文件夹", Some("文件夹")),
        "init.today" => ("示例承诺书的审定日期（YYYY-MM-DD，默认今天）", Some("日期")),
        "import" => ("把承诺汇总表（.xlsx、.xls、.csv）导入为承诺书", None),
        "import.file" | "import.pledges.file" => ("要导入的表格文件", Some("文件")),
        "import.unit" | "import.pledges.unit" => (
            "单位在 content/ 下的路径（下级单位可以写在“单位”列里）",
            Some("单位路径"),
        ),
        "import.year" | "import.pledges.year" => ("承诺年份，如 2026（默认今年）", Some("年份")),
        "import.map" | "import.pledges.map" => (
            "指定某列的含义：列名=字段（字段：unit name role id title category deadline target baseline responsibility item）",
            Some("列名=字段"),
        ),
        "import.dry_run" | "import.pledges.dry_run" | "import.roster.dry_run" => {
            ("只列出将要写的文件，不写入", None)
        }
        "import.approved_by" | "import.pledges.approved_by" => (
            "按已审定写入：审定的组织（和 --approved-date 一起用）",
            Some("组织"),
        ),
        "import.approved_date" | "import.pledges.approved_date" => {
            ("审定日期（YYYY-MM-DD）", Some("日期"))
        }
        "import.pledges" => ("导入承诺汇总表（不写 pledges 也一样：import 表格）", None),
        "import.add_to_roster" | "import.pledges.add_to_roster" => {
            ("花名册里没有的人，按导入名册的规则加进花名册", None)
        }
        "import.roster" => (
            "把党员名册（.xlsx、.csv）导入为各单位的花名册 _roster.yaml",
            None,
        ),
        "import.roster.file" => ("要导入的党员名册文件", Some("文件")),
        "import.roster.unit" => (
            "单位在 content/ 下的路径，默认最上级单位（下级单位可以写在“单位”列里）",
            Some("单位路径"),
        ),
        _ => return None,
    };
    Some(CliText { help, value })
}

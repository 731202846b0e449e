//! The message catalog for editors: every error, warning and progress line
//! of the command line, in Simplified Chinese (default) and English. Each
//! message is one method holding both languages, so neither can be missing.

use crate::model::Lang;

#[derive(Clone, Copy, Debug, Default)]
pub struct Messages {
    pub lang: Lang,
}

impl Messages {
    pub fn new(lang: Lang) -> Self {
        Messages { lang }
    }

    fn pick(&self, zh: String, en: String) -> String {
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

    pub fn yaml_syntax(&self, detail: &str) -> String {
        self.pick(
            format!("YAML 格式错误（{detail}）：请检查缩进、冒号和引号"),
            format!("YAML syntax error ({detail}): check indentation, colons and quotes"),
        )
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
    pub fn unknown_keyword(&self, key: &str, value: &str, choices: &str) -> String {
        self.pick(
            format!("“{key}”的值“{value}”无效：只能是 {choices}"),
            format!("`{key}`: `{value}` is not allowed; use one of {choices}"),
        )
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
}

/// The closest of `candidates` to `word`, if it is close enough to be a
/// plausible typo ("did you mean …").
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = word.chars().count().div_ceil(3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(suggest("dedline", ["deadline", "title"]), Some("deadline"));
        assert_eq!(suggest("zzz", ["deadline", "title"]), None);
    }

    #[test]
    fn both_languages_differ() {
        let zh = Messages::new(Lang::ZhCn).missing_field("name");
        let en = Messages::new(Lang::En).missing_field("name");
        assert!(zh.contains("缺少"));
        assert!(en.contains("missing"));
    }
}

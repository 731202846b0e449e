//! The common case read without a YAML parser. the format's files use a few
//! shapes: a progress note's front matter is `key: value` lines
//! (`item: xuexi`, `progress: 60`, `title: 走访企业12家`,
//! `item: [a, b]`), a pledge sheet adds a list of item maps,
//! `approved: { by: …, date: … }` and quoted text, a roster is a list of
//! member maps, a review nests maps with lists of `- { … }` comments, and
//! a unit's description is a folded block (`description: >-`). Reading
//! those by hand is several times faster than serde-saphyr, and loading
//! was a third of a city's build.
//!
//! Only what is certain is read here; anything else (comments, anchors,
//! tags, escapes, floats, negative or zero-led numbers, YAML's special
//! words in any case, multi-line flow collections, block scalars beyond
//! their plainest form, odd characters) returns `None` and goes through
//! the full parser, so the result is always the one serde-saphyr gives
//! (pinned by the property tests below, which compare the two, by the
//! YAML test suite in `tests/yaml_suite.rs` and by the
//! `yaml_readers_agree` fuzz target, both through
//! [`super::yaml::check_fast_path`]).

use super::yaml::{Key, Node, Pos, Value};

/// One line of the document: its number in the file, its indentation and
/// the rest, without trailing spaces.
struct Line<'a> {
    no: u32,
    indent: usize,
    text: &'a str,
    /// Whether the line ends plainly: no trailing spaces were cut, a line
    /// break follows, and only empty lines up to the next line. Inside a
    /// block scalar such spaces are text, so it is read only then.
    clean_end: bool,
}

/// Lines indented deeper go to the full parser: nesting costs at least
/// one column a level, so this bounds the recursion here (a hostile file
/// could nest thousands of maps deep), and real files stay far below it.
const MAX_INDENT: usize = 64;

/// `text` as YAML of the shapes the format's files use (see the module
/// comment), or `None` to parse it fully.
pub fn parse(text: &str, first_line: u32) -> Option<Node> {
    if text.contains('\t') {
        return None;
    }
    let lines = lines(text, first_line)?;
    let mut at = 0;
    let root = if lines.first()?.text.starts_with("- ") {
        list(&lines, &mut at, 0)?
    } else {
        map(&lines, &mut at, 0, None)?
    };
    (at == lines.len()).then_some(root)
}

/// The non-blank lines, or `None` if one is a comment, a document marker
/// or too deep.
fn lines(text: &str, first_line: u32) -> Option<Vec<Line<'_>>> {
    let mut lines: Vec<Line> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_end_matches(' ');
        let body = trimmed.trim_start_matches(' ');
        if body.is_empty() {
            if let Some(last) = lines.last_mut() {
                last.clean_end &= line.is_empty();
            }
            continue;
        }
        let indent = trimmed.len() - body.len();
        if indent > MAX_INDENT
            || body.starts_with('#')
            || body.starts_with("---")
            || body.starts_with("...")
        {
            return None;
        }
        lines.push(Line {
            no: first_line.checked_add(u32::try_from(i).ok()?)?,
            indent,
            text: body,
            clean_end: trimmed.len() == line.len(),
        });
    }
    if !text.ends_with('\n')
        && let Some(last) = lines.last_mut()
    {
        last.clean_end = false;
    }
    Some(lines)
}

/// The entries at `indent` from line `*at` on; `first` is an entry
/// already read on a list item's line (`- id: x`).
fn map(lines: &[Line], at: &mut usize, indent: usize, first: Option<(Key, Node)>) -> Option<Node> {
    let mut entries: Vec<(Key, Node)> = first.into_iter().collect();
    while let Some(line) = lines.get(*at) {
        if line.indent < indent {
            break;
        }
        if line.indent > indent || line.text.starts_with('-') {
            return None;
        }
        let (key, rest) = entry(line.text)?;
        let key = Key {
            name: key.to_string(),
            pos: Pos {
                line: line.no,
                column: col(indent + 1)?,
            },
        };
        *at += 1;
        let node = match rest {
            Some((offset, value)) => {
                after_key(lines, at, value, line.no, indent + offset + 1, indent)?
            }
            None => below_key(lines, at, indent)?,
        };
        if entries.iter().any(|(k, _)| k.name == key.name) {
            return None;
        }
        entries.push((key, node));
    }
    let pos = entries.first()?.0.pos;
    Some(Node {
        value: Value::Map(entries),
        pos,
        raw: None,
    })
}

/// The value of a bare `key:` in a map at `indent`: a list or a map
/// indented further. (A key with nothing under it is null, and a list at
/// the key's own indentation is valid YAML too; both go to the parser.)
fn below_key(lines: &[Line], at: &mut usize, indent: usize) -> Option<Node> {
    let next = lines.get(*at)?;
    if next.indent <= indent {
        return None;
    }
    if next.text.starts_with("- ") {
        list(lines, at, next.indent)
    } else {
        map(lines, at, next.indent, None)
    }
}

/// The value written after `key: ` on line `line` at `column`, in a map
/// at `indent`: a block scalar (its text on the lines below) or inline.
fn after_key(
    lines: &[Line],
    at: &mut usize,
    value: &str,
    line: u32,
    column: usize,
    indent: usize,
) -> Option<Node> {
    if value.starts_with(['>', '|']) {
        block_scalar(lines, at, value, line, indent)
    } else {
        inline(value, line, column)
    }
}

/// The items at `indent`, each a value or a map begun on its `- ` line.
fn list(lines: &[Line], at: &mut usize, indent: usize) -> Option<Node> {
    let mut items = Vec::new();
    let start = lines.get(*at)?.no;
    while let Some(line) = lines.get(*at) {
        if line.indent < indent {
            break;
        }
        let item = line.text.strip_prefix("- ")?;
        if line.indent > indent || item.starts_with(' ') {
            return None;
        }
        let column = indent + 3;
        *at += 1;
        match entry(item) {
            Some((key, Some((offset, value)))) => {
                let key = Key {
                    name: key.to_string(),
                    pos: Pos {
                        line: line.no,
                        column: col(column)?,
                    },
                };
                let value = after_key(lines, at, value, line.no, column + offset, indent + 2)?;
                items.push(map(lines, at, indent + 2, Some((key, value)))?);
            }
            Some((_, None)) => return None,
            None => items.push(inline(item, line.no, column)?),
        }
    }
    Some(Node {
        value: Value::Seq(items),
        pos: Pos {
            line: start,
            column: col(indent + 1)?,
        },
        raw: None,
    })
}

/// `key: value` (with the value's offset in the text) or `key:`.
fn entry(text: &str) -> Option<(&str, Option<(usize, &str)>)> {
    let (key, rest) = text.split_once(':')?;
    if !is_key(key) {
        return None;
    }
    if rest.is_empty() {
        return Some((key, None));
    }
    let value = rest.strip_prefix(' ')?.trim_start_matches(' ');
    Some((key, Some((text.len() - value.len(), value))))
}

fn col(n: usize) -> Option<u32> {
    u32::try_from(n).ok()
}

/// A value written on its key's line, starting at `column`.
fn inline(value: &str, line: u32, column: usize) -> Option<Node> {
    let pos = Pos {
        line,
        column: col(column)?,
    };
    let quoted = |q: char| {
        let inner = value.strip_prefix(q)?.strip_suffix(q)?;
        let clean = !inner.contains([q, '\\']) && !inner.chars().any(unusual);
        clean.then(|| Value::Str(inner.to_string()))
    };
    let (value, raw) = match value.chars().next()? {
        '"' => (quoted('"')?, None),
        '\'' => (quoted('\'')?, None),
        '{' => (flow_map(value, line, column)?, None),
        '[' => (flow_seq(value, line, column)?, None),
        _ => scalar(value)?,
    };
    Some(Node { value, pos, raw })
}

/// The comma-separated parts of a one-line flow collection `text`
/// (`{…}` or `[…]`), each with its column (of its first non-space
/// character); no parts for `{}` or `[ ]`. Splitting at every comma is
/// right because no part may hold one (see [`scalar`]).
fn flow_parts(text: &str, column: usize) -> Vec<(usize, &str)> {
    let inner = &text[1..text.len() - 1];
    if inner.trim_matches(' ').is_empty() {
        return Vec::new();
    }
    let mut offset = 1;
    let mut parts = Vec::new();
    for part in inner.split(',') {
        let lead = part.len() - part.trim_start_matches(' ').len();
        parts.push((
            column + text[..offset + lead].chars().count(),
            part.trim_matches(' '),
        ));
        offset += part.len() + 1;
    }
    parts
}

/// `{ key: value, key: value }` with plain values, or `{}`.
fn flow_map(text: &str, line: u32, column: usize) -> Option<Value> {
    if !text.ends_with('}') {
        return None;
    }
    let mut entries: Vec<(Key, Node)> = Vec::new();
    for (key_col, body) in flow_parts(text, column) {
        let (key, Some((at, value))) = entry(body)? else {
            return None;
        };
        if entries.iter().any(|(k, _)| k.name == key) {
            return None;
        }
        let value_col = key_col + body[..at].chars().count();
        let (value, raw) = scalar(value)?;
        entries.push((
            Key {
                name: key.to_string(),
                pos: Pos {
                    line,
                    column: col(key_col)?,
                },
            },
            Node {
                value,
                pos: Pos {
                    line,
                    column: col(value_col)?,
                },
                raw,
            },
        ));
    }
    Some(Value::Map(entries))
}

/// `[a, b]` with plain items, or `[]`.
fn flow_seq(text: &str, line: u32, column: usize) -> Option<Value> {
    if !text.ends_with(']') {
        return None;
    }
    let mut items = Vec::new();
    for (item_col, body) in flow_parts(text, column) {
        let (value, raw) = scalar(body)?;
        items.push(Node {
            value,
            pos: Pos {
                line,
                column: col(item_col)?,
            },
            raw,
        });
    }
    Some(Value::Seq(items))
}

/// A block scalar after `key: ` on line `line`, in a map at `indent`:
/// folded (`>`, `>-`) or literal (`|`, `|-`). Only its plainest form is
/// read: text lines right below the header, with no blank line between
/// them and no spaces at their ends; a folded one's all equally
/// indented (more-indented lines keep their line breaks). serde-saphyr
/// places the scalar at its first text line.
fn block_scalar(
    lines: &[Line],
    at: &mut usize,
    header: &str,
    line: u32,
    indent: usize,
) -> Option<Node> {
    let (literal, strip) = match header {
        ">" => (false, false),
        ">-" => (false, true),
        "|" => (true, false),
        "|-" => (true, true),
        _ => return None,
    };
    let first = lines.get(*at)?;
    // An empty block is placed oddly; leave it to the parser.
    if first.no != line.checked_add(1)? || first.indent <= indent {
        return None;
    }
    let margin = first.indent;
    let mut text = String::new();
    let mut previous = line;
    while let Some(next) = lines.get(*at).filter(|l| l.indent >= margin) {
        let extra = next.indent - margin;
        if next.no != previous + 1
            || !next.clean_end
            || (extra > 0 && !literal)
            || next.text.chars().any(unusual)
        {
            return None;
        }
        if previous != line {
            text.push(if literal { '\n' } else { ' ' });
        }
        text.extend(std::iter::repeat_n(' ', extra));
        text.push_str(next.text);
        previous = next.no;
        *at += 1;
    }
    if !strip {
        text.push('\n');
    }
    Some(Node {
        value: Value::Str(text),
        pos: Pos {
            line: first.no,
            column: col(margin + 1)?,
        },
        raw: None,
    })
}

/// Characters the fast reading leaves to the full parser.
fn unusual(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// A key serde-saphyr reads as the text it is: `null` (as a key) is
/// refused as not text at all.
fn is_key(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !name.eq_ignore_ascii_case("null")
}

/// A plain scalar that is certainly text, a small decimal number, a
/// date (text to YAML) or a boolean; `None` for anything else.
fn scalar(value: &str) -> Option<(Value, Option<String>)> {
    let first = value.chars().next()?;
    if value.bytes().all(|b| b.is_ascii_digit()) {
        if value.len() > 1 && first == '0' || value.len() > 18 {
            return None;
        }
        let n: i128 = value.parse().ok()?;
        return Some((Value::Int(n), Some(value.to_string())));
    }
    match value {
        "true" => return Some((Value::Bool(true), Some(value.to_string()))),
        "false" => return Some((Value::Bool(false), Some(value.to_string()))),
        _ => {}
    }
    (is_date(value) || is_text(value)).then(|| (Value::Str(value.to_string()), None))
}

/// YAML's words for null, booleans (1.1 ones too) and non-numbers.
const SPECIAL: [&str; 12] = [
    "null", "true", "false", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan",
];

/// Whether the plain scalar `value` is certainly text to serde-saphyr.
fn is_text(value: &str) -> bool {
    // An ASCII text may be a number if it starts with a digit, sign or
    // dot, or a special word (in any case); one with any other character
    // is never a number.
    let not_special = !value.is_ascii()
        || value.starts_with(|c: char| c.is_ascii_alphabetic())
            && !SPECIAL.iter().any(|w| value.eq_ignore_ascii_case(w));
    not_special && plain(value)
}

/// `YYYY-MM-DD`, which serde-saphyr gives as text.
fn is_date(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// Whether `value` is one plain scalar, the same in block and in flow
/// context: no indicator first, no `: ` (a key) or ` #` (a comment) or
/// final `:`, and none of the flow, quote or escape characters.
fn plain(value: &str) -> bool {
    let starts_plain = !value.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`', '~', '.', '+',
    ]);
    let safe = !value
        .chars()
        .any(|c| unusual(c) || matches!(c, '[' | ']' | '{' | '}' | '\\' | '"' | '\'' | ','));
    starts_plain && safe && !value.contains(": ") && !value.contains(" #") && !value.ends_with(':')
}

#[cfg(test)]
mod tests {
    use proptest::collection::vec;
    use proptest::prelude::*;

    use super::super::yaml;
    use super::*;

    /// The fast reading, where it answers, equals serde-saphyr's.
    fn same(text: &str) -> bool {
        let full = yaml::parse_full(text, 2);
        match parse(text, 2) {
            Some(fast) => {
                assert_eq!(Some(&fast), full.as_ref().ok(), "{text:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn plain_lines_read_as_the_full_parser_does() {
        for text in [
            "item: xuexi\nprogress: 100\nstatus: done\ntitle: 参加主题党日和集中学习不少于11次：全面完成\n",
            "title: 走访企业12家 \nprogress: 0\n",
            "item:   in-progress\n\nauthor: 王 芳\n",
            "a_b: 张三\nc-d: true\ne: false\n",
            "n: 123456789012345678\n",
            "a: 中文\r\nb: 2\r\n",
            "a: 2026-06-21\nb: 2025年同类\nc: \"引号\"\nd: '引号'\n",
            "name: 陈涛\napproved: { by: 城关区, date: 2026-02-21 }\npublished: 2026-02-26\nitems:\n  - id: diaoyan\n    title: 深入\n    baseline: \"2025年同类 # 1\"\n    s: '单引号, [x]'\n  - id: x\n    deadline: 2026-05-31\n",
            "a:\n  - x\nitems:\n  - id: a\n    sub:\n      - x\n",
            "members:\n    - 张三\n    - 李四\nn: 3\n",
            "items:\n  - id: a\n  - id: b\n    done: true\n",
            "a: {by: 书记,date: 2026-01-02}\n",
            "t: 完成：a:b 比例 50% (阶段)\n",
        ] {
            assert!(same(text), "not read by the fast path: {text:?}");
        }
    }

    /// What serde-saphyr reports for each shape read since, pinned one by
    /// one: a list is at its first `-`, a map at its first key, a flow
    /// collection at its bracket, a block scalar at its first text line.
    #[test]
    fn top_level_lists_read_as_the_full_parser_does() {
        for text in [
            "- a\n- b\n",
            "- id: huang-xia\n  name: 黄霞\n  phone: '14991291046'\n- id: b\n  exempt: 2026\n",
            "- [a, b]\n- { a: 1 }\n- x\n",
            "- id: a\n  sub:\n    k: v\n  list:\n    - x\n",
        ] {
            assert!(same(text), "not read by the fast path: {text:?}");
        }
    }

    #[test]
    fn nested_maps_read_as_the_full_parser_does() {
        for text in [
            "a:\n  b: 1\n",
            "_unit:\n  comments:\n    - { half: 1, by: 负责同志, date: 2026-07-19 }\n  votes: { satisfied: 89, basic: 6 }\n  grade: qualified\nx:\n    deep:\n        k: v\n",
            "a:\n   b:\n    c: 1\n   d: 2\ne: 3\n",
        ] {
            assert!(same(text), "not read by the fast path: {text:?}");
        }
    }

    #[test]
    fn flow_collections_read_as_the_full_parser_does() {
        for text in [
            "item: [xinfang-jian, zhaoshang]\n",
            "a: [1, 2]\nb: [2025]\nc: []\nd: [ ]\ne: [ a ,b,  c ]\n",
            "f: [a:b, http://x/y, 中文，文本, b#c, 1, true, 2026-01-01]\n",
            "a: {}\nb: { }\nc: {a: http://x:1/, b: c#d}\n",
            "items:\n  - { id: a }\n  - {id: b, n: 2}\n",
        ] {
            assert!(same(text), "not read by the fast path: {text:?}");
        }
    }

    #[test]
    fn block_scalars_read_as_the_full_parser_does() {
        for text in [
            "description: >-\n  中共江州市委员会现有党员80699名\n  第二行\nn: 1\n",
            "a: >\n  x\n  y\n\n\nb: |\n  x\n   y\n  z\nc: |-\n  p: q # r\n",
            "a: >-\r\n  x\r\n  y\r\nb: |\r\n  p\r\n",
            "- a: >-\n   text\n   t2\n  b: 1\n",
            "a: >-\n    x\n\nb: 1\n",
        ] {
            assert!(same(text), "not read by the fast path: {text:?}");
        }
    }

    #[test]
    fn plain_text_with_colons_and_hashes_reads_as_the_full_parser_does() {
        for text in [
            "base_url: http://127.0.0.1:1111/\nlanguage: zh-CN\n",
            "a: b#c\nc: x:y:z\nd: a/b?c=d&e=f\ne: x.y\nf: Hello world\ng: 中文#1\n",
        ] {
            assert!(same(text), "not read by the fast path: {text:?}");
        }
    }

    #[test]
    fn anything_else_goes_to_the_full_parser() {
        for text in [
            "",
            "a: 1\na: 2\n",
            "a: 007\n",
            "a: 1.5\n",
            "a: -3\n",
            "a: null\n",
            "a: ~\n",
            "a: Yes\n",
            "a: y\n",
            "a: Infinity\n",
            "a: 文本 # 注释\n",
            "a: x #注释\n",
            "a: 列表\n  续行\n",
            "a:\n",
            " a: 缩进\n",
            "a:b\n",
            "a: 中文: 冒号\n",
            "a: 中文\tTab\n",
            "a: &x 锚点\n",
            "a: !tag 文本\n",
            "a: 结尾:\n",
            "\u{feff}a: 文本\n",
            "a: 文\u{2028}本\n",
            "键: 值\n",
            "null: 1\n",
            "a: { NULL: 1 }\n",
            "list:\n- a\n",
            "a: { b: \"引号\" }\n",
            "a: { b: 1, b: 2 }\n",
            "a: \"转义\\n\"\n",
            "a: '它''的'\n",
            "items:\n  - id: a\n      deep: 1\n",
            "items:\n  -  id: a\n",
            "items:\n  - id:\n",
            "- a:\n    b: 1\n",
            "- - a\n",
            "  - a\n",
            "a:\n    b: 1\n  c: 2\n",
            "a: 1\n---\nb: 2\n",
            "# 注释\na: 1\n",
            "a: 12345678901234567890123\n",
            "a: [a, b,]\n",
            "a: [a, [b]]\n",
            "a: [a\n",
            "a: [x: y]\n",
            "a: [a:, b]\n",
            "a: [\"x\"]\n",
            "a: [-1]\n",
            "a: >-\nb: 1\n",
            "a: >-\n\n  x\n",
            "a: >-\n  x\n\n  y\n",
            "a: >-\n  x\n    y\n",
            "a: >-\n  x \n  y\n",
            "a: >-\n  x\n     \nb: 1\n",
            "a: >\n  x",
            "a: >2\n  x\n",
            "a: >+\n  x\n",
            "a: >- # 注释\n  x\n",
            "a: |\n  # 井号\n",
            "- >-\n  x\n",
            "a:\n  b: >-\n  x\n",
            "a: >-\n    x\n  \nb: 1\n",
            "- id: a\n  list:\n  - x\n",
            &format!("a:\n{}b: 1\n", " ".repeat(65)),
        ] {
            assert!(!same(text), "should go to the full parser: {text:?}");
        }
    }

    /// The five shapes that used to cost a benchmark city's build 8% in
    /// serde-saphyr, as the generator writes them: the hand reading must
    /// keep reading them (and agree).
    #[test]
    fn the_common_shapes_are_read_by_hand() {
        let note = "item: [falv-zixun, lianxi]\ntitle: 开展集中行动\nprogress: 60\n";
        let roster = "- id: li-chao\n  name: 李超\n  role: secretary\n  status: active\n\
                      - id: chen-deming\n  name: 陈德明\n  role: member\n  status: active\n  \
                      phone: '18244851494'\n  exempt: 2026\n  exempt_reason: 年老体弱，经支部研究同意免诺\n";
        let review = "_unit:\n  comments:\n    - { half: 1, by: 江州市负责同志, date: 2026-07-19, \
                      text: 「办理企业诉求23件，按时办结率100%」推进偏慢，要对照时间节点抓紧落实。 }\n  \
                      votes: { satisfied: 89, basic: 6, unsatisfied: 0 }\n  grade: qualified\n\
                      zheng-yang:\n  comments:\n    - { half: 2, by: 郑洋（党支部书记）, date: 2026-11-03, \
                      text: 全年承诺总体兑现，群众认可度高。 }\n  votes: { satisfied: 20, basic: 8, unsatisfied: 2 }\n  \
                      grade: excellent\n  exemplary: true\n";
        let unit = "name: 东风社区党委\nkind: community\nestablished: 2006-02-27\ndescription: >-\n  \
                    东风社区党委现有党员25名，辖区居民三千余户。\nexemplary: [2025]\nrectification:\n  \
                    - year: 2026\n    issued: 2026-06-16\n    reason: 践诺进展未按季度公开，台账不完整\n";
        let site = "title: 江州市基层党组织和党员公开承诺公示\nbase_url: http://127.0.0.1:1111/\n\
                    language: zh-CN\nyear: 2026\nnote_pages: false\n";
        for text in [note, roster, review, unit, site] {
            assert!(same(text), "not read by the fast path: {text}");
        }
    }

    /// Values as editors write them, now and then with YAML's syntax
    /// characters in them.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[a-z][a-z0-9-]{0,6}",
            6 => "[完成走访了一次]{1,4}[0-9a-z:：，。 #　-]{0,4}[完成走访]{0,2}",
            2 => "\"[完成a-z0-9 :#,'-]{0,5}\"",
            2 => "'[完成a-z0-9 :#,\"-]{0,5}'",
            2 => "[0-9]{1,4}",
            1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            1 => "true|false|null|yes|No|~|y|nan|Inf",
            2 => "[a-zA-Z][a-z]{0,2}(:|://|#| #|: | |/|\\.|:1)[a-z0-9./:#]{0,4}",
            3 => "[a-zA-Z0-9 :#'\"\\\\\\[\\]{}&*!|>%@`~.+_,?-]{0,3}[完成：，]{0,2}[a-z0-9 :#.-]{0,3}",
            2 => flow_seq(),
            2 => flow_map(1),
        ]
    }

    /// Items of flow collections: plain, and with weight `odd` (of 13)
    /// not.
    fn flow_item(odd: u32) -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[a-z][a-z0-9-]{0,6}",
            3 => "[「完成走访]{1,4}[0-9a-z:：，。」%（） #-]{0,6}",
            2 => "[0-9]{1,4}",
            odd => "true|false|null|~|yes|2026-01-01|-1|1.5",
            odd => "[a-z]{1,3}(:|://|#| #|: |:,)[a-z0-9./:#]{0,4}",
            odd => "[a-z :#,'\"\\[\\]{}?-]{1,4}",
            odd => "",
        ]
    }

    /// `[a, b]` with any spacing, now and then empty.
    fn flow_seq() -> impl Strategy<Value = String> {
        (vec(flow_item(1), 0..4), " ?", ", ?|,  | ,", " ?")
            .prop_map(|(items, open, sep, close)| format!("[{open}{}{close}]", items.join(&sep)))
    }

    /// `{ k: v, k: v }` with any spacing, now and then empty; `odd` as
    /// in [`flow_item`].
    fn flow_map(odd: u32) -> impl Strategy<Value = String> {
        (
            vec((key(), " {1,2}", flow_item(odd)), 0..4),
            " ?",
            ", ?",
            " ?",
        )
            .prop_map(|(entries, open, sep, close)| {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, sp, v)| format!("{k}:{sp}{v}"))
                    .collect();
                format!("{{{open}{}{close}}}", entries.join(&sep))
            })
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            20 => "[a-z_][a-z0-9_-]{0,5}",
            1 => "null|Null|true|y|~|键",
        ]
    }

    /// A text line of a block scalar: its extra indentation and text,
    /// sometimes blank, blank with spaces, or with spaces at its end.
    fn block_line() -> impl Strategy<Value = (usize, String)> {
        let extra = prop_oneof![8 => Just(0usize), 1 => 1usize..3];
        let text = prop_oneof![
            6 => "[完成走访a-z]{1,6}",
            3 => "[完成a-z #:'\"{}\\[\\],>|-]{1,8}",
            1 => Just(String::new()),
            1 => " {1,4}",
            1 => "[a-z]{1,3} {1,2}",
        ];
        (extra, text)
    }

    /// A YAML node as the content files nest them.
    #[derive(Clone, Debug)]
    enum Tree {
        Inline(String),
        /// Header, the text's indentation past its key's, text lines.
        Block(String, usize, Vec<(usize, String)>),
        /// Indentation of the entries past their key's, entries.
        Map(usize, Vec<(String, Tree)>),
        List(usize, Vec<Tree>),
    }

    fn tree() -> impl Strategy<Value = Tree> {
        let header = prop_oneof![
            8 => ">-|>|\\||\\|-",
            1 => ">\\+|>2|\\|1-|> # c|>-x",
        ];
        let leaf = prop_oneof![
            5 => value().prop_map(Tree::Inline),
            1 => (header, 1usize..4, vec(block_line(), 1..4))
                .prop_map(|(h, margin, lines)| Tree::Block(h, margin, lines)),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                (
                    prop_oneof![6 => 2usize..5, 1 => 1usize..2],
                    vec((key(), inner.clone()), 1..4)
                )
                    .prop_map(|(step, entries)| Tree::Map(step, entries)),
                (
                    prop_oneof![6 => 2usize..5, 1 => 0usize..2],
                    vec(inner, 1..4)
                )
                    .prop_map(|(step, items)| Tree::List(step, items)),
            ]
        })
    }

    /// Writes `tree`'s lines; the first line's start (indentation, `- `
    /// or `key:`) is already written, the others start at `indent`.
    fn render(out: &mut String, indent: usize, tree: &Tree) {
        let pad = |n: usize| " ".repeat(n);
        match tree {
            Tree::Inline(v) => out.push_str(&format!(" {v}\n")),
            Tree::Block(header, margin, lines) => {
                out.push_str(&format!(" {header}\n"));
                for (extra, text) in lines {
                    let lead = if text.trim().is_empty() {
                        0
                    } else {
                        indent + margin + extra
                    };
                    out.push_str(&format!("{}{text}\n", pad(lead)));
                }
            }
            Tree::Map(step, entries) => {
                out.push('\n');
                for (key, value) in entries {
                    out.push_str(&format!("{}{key}:", pad(indent + step)));
                    render(out, indent + step, value);
                }
            }
            Tree::List(step, items) => {
                out.push('\n');
                render_items(out, indent + step, items);
            }
        }
    }

    /// A list's items at `indent`; a map item begins on its `- ` line.
    fn render_items(out: &mut String, indent: usize, items: &[Tree]) {
        for item in items {
            out.push_str(&format!("{}-", " ".repeat(indent)));
            match item {
                Tree::Map(_, entries) => {
                    for (i, (key, value)) in entries.iter().enumerate() {
                        let lead = if i == 0 {
                            " ".to_string()
                        } else {
                            " ".repeat(indent + 2)
                        };
                        out.push_str(&format!("{lead}{key}:"));
                        render(out, indent + 2, value);
                    }
                }
                other => render(out, indent, other),
            }
        }
    }

    /// A whole document: a map or a list at the top, the line breaks now
    /// and then `\r\n`, the last one now and then missing.
    fn document() -> impl Strategy<Value = String> {
        (tree(), any::<bool>(), 0u8..8).prop_map(|(tree, crlf, end)| {
            let mut text = String::new();
            match &tree {
                Tree::List(_, items) => render_items(&mut text, 0, items),
                Tree::Map(_, entries) => render(&mut text, 0, &Tree::Map(0, entries.clone())),
                leaf => {
                    text.push_str("k:");
                    render(&mut text, 0, leaf);
                }
            }
            let mut text = text.trim_start_matches('\n').to_string();
            if end == 0 {
                text.pop();
            }
            if crlf && end == 1 {
                text = text.replace('\n', "\r\n");
            }
            text
        })
    }

    proptest! {
        /// Wherever the fast reading answers, serde-saphyr reads the same.
        #[test]
        fn fast_answers_are_the_full_parsers(lines in vec((
            "[a-z_][a-z0-9_-]{0,5}",
            "[ ]{0,3}",
            value(),
        ), 1..6)) {
            let text: String = lines.iter().map(|(k, sp, v)| format!("{k}:{sp}{v}\n")).collect();
            same(&text);
        }

        /// Sheets: a list of item maps and a flow map.
        #[test]
        fn fast_sheets_are_the_full_parsers(
            items in vec(vec((
                "[a-z][a-z0-9_]{0,4}",
                "[ ]{1,2}",
                value(),
            ), 1..4), 1..4),
            indent in 1usize..5,
            flow in "\\{ ?[a-z]{1,3}: [a-z0-9中文:-]{1,5}(, ?[a-z]{1,3}: [中文a-z0-9]{1,3})? ?\\}",
        ) {
            let pad = " ".repeat(indent);
            let mut text = format!("name: 张三\napproved: {flow}\nitems:\n");
            for item in &items {
                for (i, (k, sp, v)) in item.iter().enumerate() {
                    let lead = if i == 0 { format!("{pad}- ") } else { format!("{pad}  ") };
                    text.push_str(&format!("{lead}{k}:{sp}{v}\n"));
                }
            }
            same(&text);
        }

        /// Rosters: a list of member maps at the top.
        #[test]
        fn fast_rosters_are_the_full_parsers(members in vec(vec((key(), value()), 1..5), 1..4)) {
            let mut text = String::new();
            for member in &members {
                for (i, (k, v)) in member.iter().enumerate() {
                    let lead = if i == 0 { "- " } else { "  " };
                    text.push_str(&format!("{lead}{k}: {v}\n"));
                }
            }
            same(&text);
        }

        /// Reviews: maps of maps holding lists of flow-map comments.
        #[test]
        fn fast_reviews_are_the_full_parsers(
            units in vec((key(), vec(flow_map(0), 1..3), flow_map(0), value()), 1..4),
            step in 1usize..5,
            list_step in 0usize..4,
        ) {
            let (pad, list_pad) = (" ".repeat(step), " ".repeat(step + list_step));
            let mut text = String::new();
            for (unit, comments, votes, grade) in &units {
                text.push_str(&format!("{unit}:\n{pad}comments:\n"));
                for comment in comments {
                    text.push_str(&format!("{list_pad}- {comment}\n"));
                }
                text.push_str(&format!("{pad}votes: {votes}\n{pad}grade: {grade}\n"));
            }
            same(&text);
        }

        /// Block scalars with random text lines, under a key.
        #[test]
        fn fast_block_scalars_are_the_full_parsers(
            header in ">-|>|\\||\\|-|>\\+",
            margin in 1usize..4,
            lines in vec(block_line(), 1..5),
            after in "(n: 1\n)?",
        ) {
            let mut text = format!("a: 1\nd: {header}\n");
            for (extra, line) in &lines {
                let lead = if line.trim().is_empty() { 0 } else { margin + extra };
                text.push_str(&format!("{}{line}\n", " ".repeat(lead)));
            }
            text.push_str(&after);
            same(&text);
        }

        /// Any nesting of the shapes above.
        #[test]
        fn fast_documents_are_the_full_parsers(text in document()) {
            same(&text);
        }

        #[test]
        fn any_title_is_read_as_the_full_parser_does(v in "[\\PC]{1,12}") {
            same(&format!("title: {v}\n"));
        }
    }

    /// The front matter of a Markdown file, cut as `source::parse_page`
    /// cuts it (with its last line break).
    fn front_matter(text: &str) -> Option<&str> {
        let rest = text.strip_prefix("---\n")?;
        let mut end = 0;
        for line in rest.split_inclusive('\n') {
            if matches!(line.trim_end(), "---" | "...") {
                return Some(&rest[..end]);
            }
            end += line.len();
        }
        None
    }

    /// Compares both readings on every YAML text under `root`; counts
    /// (progress notes, notes read fast, all texts, texts read fast).
    fn read_tree(root: &std::path::Path) -> [usize; 4] {
        let mut counts = [0; 4];
        for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
            let path = entry.path();
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let yaml = match path.extension().and_then(|e| e.to_str()) {
                Some("yaml") => text.as_str(),
                Some("md") => match front_matter(&text) {
                    Some(front) => front,
                    None => continue,
                },
                _ => continue,
            };
            let is_note = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("20"));
            let fast = same(yaml);
            for (count, hit) in counts
                .iter_mut()
                .zip([is_note, is_note && fast, true, fast])
            {
                *count += usize::from(hit);
            }
        }
        counts
    }

    /// Every YAML text of the demo site: the fast reading agrees wherever
    /// it answers, and it answers for most progress notes.
    #[test]
    fn the_demo_site_reads_the_same() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let [notes, fast, ..] = read_tree(&root);
        assert!(
            notes > 100 && fast * 10 > notes * 8,
            "{fast} of {notes} notes read fast"
        );
    }
}

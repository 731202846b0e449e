//! The common case read without a YAML parser. SPEC's files use a few
//! shapes: a progress note's front matter is `key: value` lines
//! (`item: xuexi`, `progress: 60`, `title: 走访企业12家`), a pledge sheet
//! adds a list of item maps, `approved: { by: …, date: … }` and quoted
//! text. Reading those by hand is several times faster than serde-saphyr,
//! and loading was a third of a city's build.
//!
//! Only what is certain is read here; anything else (nested maps, block
//! and flow lists beyond these, escapes, comments, anchors, tags, floats,
//! negative or zero-led numbers, YAML's special words in any case, odd
//! characters) returns `None` and goes through the full parser, so the
//! result is always the one serde-saphyr gives (pinned by the property
//! tests below, which compare the two).

use super::yaml::{Key, Node, Pos, Value};

/// One line of the document: its number in the file, its indentation and
/// the rest, without trailing spaces.
struct Line<'a> {
    no: u32,
    indent: usize,
    text: &'a str,
}

/// `text` as YAML of the shapes SPEC's files use (maps of `key: value`,
/// a list of such maps or of values under a key, `{ key: value }`, quoted
/// text without escapes), or `None` to parse it fully.
pub fn parse(text: &str, first_line: u32) -> Option<Node> {
    if text.contains('\t') {
        return None;
    }
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_end_matches(' ');
        let body = trimmed.trim_start_matches(' ');
        if body.is_empty() {
            continue;
        }
        if body.starts_with('#') || body.starts_with("---") || body.starts_with("...") {
            return None;
        }
        lines.push(Line {
            no: first_line.checked_add(u32::try_from(i).ok()?)?,
            indent: trimmed.len() - body.len(),
            text: body,
        });
    }
    let mut at = 0;
    let root = map(&lines, &mut at, 0, None)?;
    (at == lines.len()).then_some(root)
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
            Some((offset, value)) => inline(value, line.no, indent + offset + 1)?,
            None => {
                // Only a list may follow, indented further than its key.
                let next = lines.get(*at)?;
                if next.indent <= indent || !next.text.starts_with("- ") {
                    return None;
                }
                list(lines, at, next.indent)?
            }
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
        match entry(item) {
            Some((key, Some((offset, value)))) => {
                let first = (
                    Key {
                        name: key.to_string(),
                        pos: Pos {
                            line: line.no,
                            column: col(column)?,
                        },
                    },
                    inline(value, line.no, column + offset)?,
                );
                *at += 1;
                items.push(map(lines, at, indent + 2, Some(first))?);
            }
            Some((_, None)) => return None,
            None => {
                if item.starts_with('{') {
                    return None;
                }
                items.push(inline(item, line.no, column)?);
                *at += 1;
            }
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
        '{' => (flow(value, line, column)?, None),
        _ => scalar(value)?,
    };
    Some(Node { value, pos, raw })
}

/// `{ key: value, key: value }` with plain values.
fn flow(text: &str, line: u32, column: usize) -> Option<Value> {
    let inner = text.strip_prefix('{')?.strip_suffix('}')?;
    let mut entries: Vec<(Key, Node)> = Vec::new();
    let mut offset = 1;
    for part in inner.split(',') {
        let lead = part.len() - part.trim_start_matches(' ').len();
        let body = part.trim_matches(' ');
        let (key, Some((at, value))) = entry(body)? else {
            return None;
        };
        if entries.iter().any(|(k, _)| k.name == key) {
            return None;
        }
        let key_col = column + text[..offset + lead].chars().count();
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
        offset += part.len() + 1;
    }
    (!entries.is_empty()).then_some(Value::Map(entries))
}

/// Characters the fast reading leaves to the full parser.
fn unusual(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

fn is_key(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
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
    if value.is_ascii() {
        let b = value.as_bytes();
        let date = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                _ => c.is_ascii_digit(),
            });
        // Words like `xuexi` or `in-progress`; not YAML's special words
        // (null, yes, no, on, off, y, n …) in any case.
        let word = first.is_ascii_alphabetic()
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        let special = matches!(
            value.to_ascii_lowercase().as_str(),
            "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
        return (date || word && !special).then(|| (Value::Str(value.to_string()), None));
    }
    // Text with non-ASCII letters: plain unless it holds YAML syntax.
    let starts_plain = !matches!(
        first,
        '-' | '?'
            | ':'
            | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '#'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
            | '~'
            | '.'
            | '+'
    );
    let safe = !value
        .chars()
        .any(|c| unusual(c) || matches!(c, '[' | ']' | '{' | '}' | '#' | '\\' | '"' | '\'' | ','))
        && !value.contains(": ")
        && !value.ends_with(':');
    (starts_plain && safe).then(|| (Value::Str(value.to_string()), None))
}

#[cfg(test)]
mod tests {
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
            "a: 文本 # 注释\n",
            "a: [1, 2]\n",
            "a: 列表\n  续行\n",
            "a:\n",
            "- a\n",
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
            "list:\n- a\n",
            "a:\n  b: 1\n",
            "a: { b: \"引号\" }\n",
            "a: {}\n",
            "a: { b: 1, b: 2 }\n",
            "a: \"转义\\n\"\n",
            "a: '它''的'\n",
            "items:\n  - id: a\n      deep: 1\n",
            "items:\n  -  id: a\n",
            "items:\n  - { id: a }\n",
            "items:\n  - id:\n",
            "a: 1\n---\nb: 2\n",
            "# 注释\na: 1\n",
            "a: 12345678901234567890123\n",
        ] {
            assert!(!same(text), "should go to the full parser: {text:?}");
        }
    }

    /// Values as editors write them, now and then with YAML's syntax
    /// characters in them.
    fn value() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            4 => "[a-z][a-z0-9-]{0,6}",
            6 => "[完成走访了一次]{1,4}[0-9a-z:：，。 -]{0,4}[完成走访]{0,2}",
            2 => "\"[完成a-z0-9 :#,'-]{0,5}\"",
            2 => "'[完成a-z0-9 :#,\"-]{0,5}'",
            2 => "[0-9]{1,4}",
            1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            1 => "true|false|null|yes|No|~|y",
            3 => "[a-zA-Z0-9 :#'\"\\\\\\[\\]{}&*!|>%@`~.+_,?-]{0,3}[完成：，]{0,2}[a-z0-9 :#.-]{0,3}",
        ]
    }

    proptest::proptest! {
        /// Wherever the fast reading answers, serde-saphyr reads the same.
        #[test]
        fn fast_answers_are_the_full_parsers(lines in proptest::collection::vec((
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
            items in proptest::collection::vec(proptest::collection::vec((
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

        #[test]
        fn any_title_is_read_as_the_full_parser_does(v in "[\\PC]{1,12}") {
            same(&format!("title: {v}\n"));
        }
    }

    /// Every YAML text of the demo site: the fast reading agrees wherever
    /// it answers, and it answers for most progress notes.
    #[test]
    fn the_demo_site_reads_the_same() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let (mut notes, mut fast) = (0, 0);
        for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
            let path = entry.path();
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let yaml = match path.extension().and_then(|e| e.to_str()) {
                Some("yaml") => text.as_str(),
                Some("md") => match text
                    .strip_prefix("---\n")
                    .and_then(|t| t.split_once("\n---"))
                {
                    Some((front, _)) => front,
                    None => continue,
                },
                _ => continue,
            };
            let is_note = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("20"));
            notes += usize::from(is_note);
            if same(yaml) && is_note {
                fast += 1;
            }
        }
        assert!(
            notes > 100 && fast * 10 > notes * 8,
            "{fast} of {notes} notes read fast"
        );
    }
}

//! Reading one content file: bytes to UTF-8 text, and Markdown files split
//! into their front matter and body.

use std::path::Path;

use crate::diag::Diagnostic;

use super::fields::FileCx;
use super::keyboard;
use super::yaml::{self, Node, Pos};

/// The largest YAML file read (8 MiB): a city's roster fits many times.
pub const MAX_TEXT_BYTES: u64 = 8 << 20;

/// The largest Markdown file read (1 MiB, some 300,000 Chinese characters):
/// far above any real pledge or note, and low enough that rendering the
/// worst Markdown of that size (a megabyte of links: every one goes
/// through the parser and the sanitizer, on the sheet, in the feeds and
/// the search index) stays within seconds.
pub const MAX_MARKDOWN_BYTES: u64 = 1 << 20;

/// The size limit of the file at `path`, by its kind.
pub fn max_bytes(path: &Path) -> u64 {
    if path.extension().is_some_and(|e| e == "md") {
        MAX_MARKDOWN_BYTES
    } else {
        MAX_TEXT_BYTES
    }
}

/// Reads `path` as UTF-8 text (a leading BOM is dropped). Problems are
/// reported into `cx`. Files over their `max_bytes` are refused before
/// they are read.
pub fn read_text(cx: &mut FileCx, path: &Path) -> Option<String> {
    let limit = max_bytes(path);
    let bytes = match read_bounded(path, limit) {
        Ok(Ok(b)) => b,
        Ok(Err(size)) => {
            // Rounded up, so a file just over the limit never reads as
            // "1 MB, limit 1 MB".
            let mb = |n: u64| n.div_ceil(1 << 20);
            let size_mb = mb(size).max(mb(limit) + 1);
            cx.error(Pos::default(), cx.msg.file_too_large(size_mb, mb(limit)));
            return None;
        }
        Err(e) => {
            cx.error(Pos::default(), cx.msg.cannot_read(&e.to_string()));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Some(text)
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            // The valid prefix is UTF-8 by definition.
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() as u32 + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
            cx.error(Pos { line, column }, cx.msg.not_utf8());
            None
        }
    }
}

/// The file's bytes, or `Err(size)` when it is larger than the limit
/// (also when it grows past it while being read).
fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    let read = read_opened(path, limit);
    match &read {
        Ok((meta, Ok(bytes))) => super::cache::note_read(path, meta, Some(bytes)),
        Ok((meta, Err(_))) => super::cache::note_read(path, meta, None),
        Err(_) => super::cache::note_failed(),
    }
    read.map(|(_, bytes)| bytes)
}

/// The file's bytes and its metadata as opened: the load cache keeps the
/// identity of exactly the file that was read.
fn read_opened(
    path: &Path,
    limit: u64,
) -> std::io::Result<(std::fs::Metadata, Result<Vec<u8>, u64>)> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    let size = meta.len();
    if size > limit {
        return Ok((meta, Err(size)));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok((meta, Err(bytes.len() as u64)));
    }
    Ok((meta, Ok(bytes)))
}

/// Parses a whole YAML file, reporting syntax errors.
pub fn parse_yaml(cx: &mut FileCx, text: &str) -> Option<Node> {
    parse_checked(cx, text, 1)
}

/// Parses YAML that starts at line `first_line` of its file. Chinese-
/// keyboard slips (see `keyboard`) are reported at their own place with
/// their fix: the certain ones even when the text parses, the others in
/// place of the parser's message when it does not.
fn parse_checked(cx: &mut FileCx, text: &str, first_line: u32) -> Option<Node> {
    let parsed = yaml::parse(text, first_line);
    let slips = keyboard::scan(text, first_line, &crate::schema::is_field_name);
    let report = |cx: &mut FileCx, slip: &keyboard::Slip| {
        cx.error(slip.pos, cx.msg.keyboard_slip(slip.kind, slip.pos.line));
    };
    match parsed {
        Ok(node) => {
            let mut failed = false;
            for slip in &slips {
                if slip.certain {
                    report(cx, slip);
                    failed = true;
                } else if slip.kind == keyboard::SlipKind::FullQuote('＂') {
                    // `＂…＂` parses as text: the quotes would show on the page.
                    let message = cx.msg.keyboard_slip(slip.kind, slip.pos.line);
                    let (line, column) = (slip.pos.line, slip.pos.column);
                    cx.diags
                        .push(Diagnostic::warning(&cx.path, line, column, message));
                }
            }
            report_unwanted(cx, &node, text, first_line);
            (!failed).then_some(node)
        }
        Err(e) => {
            // A slip the file could mean is the cause only if it comes
            // before the parser stumbles (a tab's error can come a line
            // early); after it, the parser's error is about something else.
            let cause = |s: &&keyboard::Slip| {
                s.certain || (e.duplicate_key.is_none() && s.pos.line <= e.pos.line + 1)
            };
            let shown: Vec<&keyboard::Slip> = slips.iter().filter(cause).collect();
            for slip in &shown {
                report(cx, slip);
            }
            if shown.is_empty() || e.duplicate_key.is_some() {
                report_syntax(cx, e);
            }
            None
        }
    }
}

/// Whether `c` may stand in text an editor writes: control characters
/// (a YAML `"\0"` or `"\e"` escape makes them) would reach pages, feeds
/// and the CSV file as raw bytes; tabs and line breaks are text.
pub fn allowed_in_text(c: char) -> bool {
    !c.is_control() || matches!(c, '\t' | '\n')
}

/// Reports what valid YAML may hold and the format's files may not: tags, and
/// keys and text values holding a character that is not
/// [`allowed_in_text`], each at its position. It runs on what either YAML
/// reader gives (the fast one leaves escapes and tags to the full one),
/// and the file is read on, so all its errors are reported at once.
fn report_unwanted(cx: &mut FileCx, node: &Node, text: &str, first_line: u32) {
    for (pos, tag) in yaml::tags(text, first_line) {
        cx.error(pos, cx.msg.yaml_tag(&tag));
    }
    let bad = |s: &str| s.chars().find(|&c| !allowed_in_text(c));
    // A list of nodes to visit, not recursion: nesting depth is the
    // editor's to choose.
    let mut todo = vec![node];
    while let Some(node) = todo.pop() {
        match &node.value {
            yaml::Value::Str(s) => {
                if let Some(c) = bad(s) {
                    cx.error(node.pos, cx.msg.control_char(c));
                }
            }
            yaml::Value::Seq(items) => todo.extend(items.iter().rev()),
            yaml::Value::Map(entries) => {
                for (key, value) in entries.iter().rev() {
                    if let Some(c) = bad(&key.name) {
                        cx.error(key.pos, cx.msg.control_char(c));
                    }
                    todo.push(value);
                }
            }
            _ => {}
        }
    }
}

fn report_syntax(cx: &mut FileCx, e: yaml::SyntaxError) {
    let message = match &e.duplicate_key {
        Some(key) => cx.msg.duplicate_key(key),
        None => cx
            .msg
            .yaml_syntax(keyboard::classify(&e.message), &e.message),
    };
    cx.error(e.pos, message);
}

/// A Markdown file: its front matter (positions in the file) and its body.
pub struct Page {
    pub front: Node,
    pub body: String,
}

/// Splits `---` front matter from the body and parses it.
pub fn parse_page(cx: &mut FileCx, text: &str) -> Option<Page> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        let message = if keyboard::is_wrong_fence(first) {
            cx.msg.wrong_fence(1)
        } else {
            cx.msg.no_front_matter()
        };
        cx.error(Pos { line: 1, column: 1 }, message);
        return None;
    }
    let start = first.len();
    let mut offset = start;
    let mut end = None;
    let mut wrong_fence = None;
    for (i, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            end = Some((offset, offset + line.len()));
            break;
        }
        if wrong_fence.is_none() && keyboard::is_wrong_fence(line) {
            wrong_fence = Some(i as u32 + 2);
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start)) = end else {
        match wrong_fence {
            Some(line) => cx.error(Pos { line, column: 1 }, cx.msg.wrong_fence(line)),
            None => cx.error(Pos { line: 1, column: 1 }, cx.msg.unclosed_front_matter()),
        }
        return None;
    };
    let front = parse_checked(cx, &text[start..yaml_end], 2)?;
    Some(Page {
        front,
        body: text[body_start..].to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Messages;

    fn cx() -> FileCx {
        FileCx::new(Path::new("x.md"), Messages::default())
    }

    #[test]
    fn front_matter_positions_are_file_lines() {
        let mut cx = cx();
        let page = parse_page(&mut cx, "---\nname: a\nitems: 1\n---\nbody\n").unwrap();
        match &page.front.value {
            yaml::Value::Map(m) => assert_eq!(m[1].0.pos.line, 3),
            _ => panic!(),
        }
        assert_eq!(page.body, "body\n");
    }

    #[test]
    fn missing_and_unclosed_front_matter_are_errors() {
        let mut c = cx();
        assert!(parse_page(&mut c, "name: a\n").is_none());
        assert!(parse_page(&mut c, "---\nname: a\n").is_none());
        assert_eq!(c.diags.len(), 2);
    }

    #[test]
    fn control_characters_in_text_are_errors_where_they_stand() {
        let mut c = cx();
        let text = "---\ntitle: \"a\\0b\"\nitems: [\"\\e\", ok]\nextra: { \"k\\x01\": 1 }\nbody: \"tab\\there\\nline\"\n---\n";
        assert!(parse_page(&mut c, text).is_some());
        let at: Vec<(u32, u32)> = c.diags.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(2, 8), (3, 9), (4, 10)], "{:?}", c.diags);
        assert!(
            c.diags[0].message.contains("U+0000"),
            "{}",
            c.diags[0].message
        );
        // The same through a YAML file, which the fast reader takes when
        // it can: a raw control character sends it to the full parser.
        let mut c = cx();
        assert!(parse_yaml(&mut c, "name: \"x\\u0007\"\nkind: street\n").is_some());
        assert_eq!((c.diags.len(), c.diags[0].line), (1, 1));
    }

    #[test]
    fn syntax_error_line_is_in_the_file() {
        let mut c = cx();
        assert!(parse_page(&mut c, "---\na: 1\na: 2\n---\n").is_none());
        assert_eq!((c.diags[0].line, c.diags[0].column), (3, 1));
    }
}

//! Adding to files editors may have edited by hand: new items at the end
//! of a sheet's `items:` list, new entries at the end of a roster. Every
//! byte already there (comments, spacing, key order) stays as it was; the
//! new lines copy the indentation of the lines before them.

use crate::content::yaml::{self, Value};

/// Why new lines cannot be added by program (the file is then left alone
/// and the editor adds them by hand).
#[derive(Clone, Debug, PartialEq)]
pub enum MergeError {
    /// The front matter or the roster does not parse.
    Unreadable,
    /// `items: [ … ]` or a roster in `[ … ]` form: no line to add after.
    Flow,
}

/// `text` (a pledge sheet) with `block` — item lines indented as
/// `templates::item_text` writes them (`  - id:` / `    key:`) — inserted
/// after the last line of the last item.
pub fn append_items(text: &str, block: &str) -> Result<String, MergeError> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return Err(MergeError::Unreadable);
    }
    // Line numbers are 1-based; the front matter runs from line 2 to `close - 1`.
    let close = lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| matches!(l.trim_end(), "---" | "..."))
        .map(|(i, _)| i + 1)
        .ok_or(MergeError::Unreadable)?;
    let front: String = lines[1..close - 1].concat();
    let node = yaml::parse(&front, 2).map_err(|_| MergeError::Unreadable)?;
    let Value::Map(entries) = &node.value else {
        return Err(MergeError::Unreadable);
    };
    let Some(at) = entries.iter().position(|(k, _)| k.name == "items") else {
        return Err(MergeError::Unreadable);
    };
    let key_line = entries[at].0.pos.line as usize;
    if !matches!(entries[at].1.value, Value::Seq(_)) {
        return Err(MergeError::Unreadable);
    }
    if !without_comment(lines[key_line - 1])
        .trim_end()
        .ends_with("items:")
    {
        return Err(MergeError::Flow);
    }
    // The list ends where the next top-level key (or the front matter) starts.
    let end = entries
        .iter()
        .map(|(k, _)| k.pos.line as usize)
        .filter(|l| *l > key_line)
        .min()
        .unwrap_or(close);
    let body = key_line + 1..end;
    let indent = body
        .clone()
        .find_map(|l| dash_indent(lines[l - 1]))
        .ok_or(MergeError::Flow)?;
    let last = body
        .rev()
        .find(|l| {
            let t = lines[*l - 1].trim();
            !t.is_empty() && !t.starts_with('#')
        })
        .ok_or(MergeError::Flow)?;
    let mut out = lines[..last].concat();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&reindent(block, "  - ", "    ", indent));
    out.push_str(&lines[last..].concat());
    Ok(out)
}

/// `text` (a roster) with `block` — entries written as `- id:` / `  key:`
/// — added at its end.
pub fn append_entries(text: &str, block: &str) -> Result<String, MergeError> {
    let indent = match yaml::parse(text, 1) {
        Ok(node) => match node.value {
            Value::Seq(items) if items.is_empty() => {
                if text.lines().any(|l| without_comment(l).trim() == "[]") {
                    return Err(MergeError::Flow);
                }
                (0, 2)
            }
            Value::Seq(_) => text
                .split_inclusive('\n')
                .find_map(dash_indent)
                .ok_or(MergeError::Flow)?,
            Value::Null => (0, 2),
            _ => return Err(MergeError::Unreadable),
        },
        Err(_) => return Err(MergeError::Unreadable),
    };
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&reindent(block, "- ", "  ", indent));
    Ok(out)
}

/// (column of `-`, column of the key after it) when `line` starts a list
/// entry (`  - id: x`).
fn dash_indent(line: &str) -> Option<(usize, usize)> {
    let dash = line.len() - line.trim_start_matches(' ').len();
    let rest = line[dash..].strip_prefix('-')?;
    let gap = rest.len() - rest.trim_start_matches(' ').len();
    if gap == 0 || rest.trim().is_empty() || rest.trim_start().starts_with('#') {
        return None;
    }
    Some((dash, dash + 1 + gap))
}

fn without_comment(line: &str) -> &str {
    // `#` starts a comment at the line's start or after a space; the
    // checked lines (`items:`, `[]`) hold no quoted text.
    match line.find(" #") {
        Some(i) => &line[..i],
        None if line.trim_start().starts_with('#') => "",
        None => line,
    }
}

/// Moves lines written with `dash` / `key` prefixes to the file's own
/// columns.
fn reindent(block: &str, dash: &str, key: &str, (d, k): (usize, usize)) -> String {
    let mut out = String::new();
    for line in block.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(dash) {
            out.push_str(&" ".repeat(d));
            out.push('-');
            out.push_str(&" ".repeat(k - d - 1));
            out.push_str(rest);
        } else if let Some(rest) = line.strip_prefix(key) {
            out.push_str(&" ".repeat(k));
            out.push_str(rest);
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEM: &str = "  - id: item-2\n    title: 新事项\n    deadline: 2026-12-31\n";

    #[test]
    fn items_go_after_the_last_item_keeping_every_other_byte() {
        let text = "---\nname: 张伟  # 姓名\nitems:   # 事项\n  - id: a\n    title: A\n    deadline: 2026-01-01\n    # 手写的说明\n\n# 下一段\nextra: {x: 1}\n---\n正文\n";
        let out = append_items(text, ITEM).expect("merged");
        assert_eq!(
            out,
            "---\nname: 张伟  # 姓名\nitems:   # 事项\n  - id: a\n    title: A\n    deadline: 2026-01-01\n  - id: item-2\n    title: 新事项\n    deadline: 2026-12-31\n    # 手写的说明\n\n# 下一段\nextra: {x: 1}\n---\n正文\n"
        );
    }

    #[test]
    fn items_follow_the_files_own_indentation() {
        let text = "---\nname: x\nitems:\n- id: a\n  title: A\n  deadline: 2026-01-01\n---\n";
        let out = append_items(text, ITEM).expect("merged");
        assert!(
            out.ends_with("  deadline: 2026-01-01\n- id: item-2\n  title: 新事项\n  deadline: 2026-12-31\n---\n"),
            "{out}"
        );
        let text = "---\nname: x\nitems: [{id: a, title: A, deadline: 2026-01-01}]\n---\n";
        assert_eq!(append_items(text, ITEM), Err(MergeError::Flow));
        assert_eq!(
            append_items("---\nname: [\n---\n", ITEM),
            Err(MergeError::Unreadable)
        );
    }

    #[test]
    fn roster_entries_go_at_the_end() {
        let entry = "- id: 张伟\n  name: 张伟\n";
        let out = append_entries("# 花名册\n  - id: a\n    name: A", entry).expect("merged");
        assert_eq!(
            out,
            "# 花名册\n  - id: a\n    name: A\n  - id: 张伟\n    name: 张伟\n"
        );
        assert_eq!(append_entries("", entry).expect("new"), entry);
        assert_eq!(append_entries("[]\n", entry), Err(MergeError::Flow));
    }
}

//! Changing a YAML file a line at a time, as an editor would: the lines
//! of the keys that change are replaced (a line's trailing comment kept),
//! lines are added where a key or a list entry was missing, entries are
//! removed with their lines, and every other byte — comments, order,
//! spacing — stays as written. The sheet, review and roster forms share
//! these rules; what they write is then read by the build's own reader.

/// A list entry's lines: its `- ` line, one past its last line (trailing
/// comments and blank lines belong to what follows), and the indentation
/// of its keys.
pub type Block = (usize, usize, usize);

pub fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// The key written on `line` at `at` spaces of indentation (after a list
/// entry's `- ` too).
pub fn key_at(line: &str, at: usize) -> Option<&str> {
    if indent(line) != at {
        return None;
    }
    let rest = line[at..].strip_prefix("- ").unwrap_or(&line[at..]);
    let (key, _) = rest.split_once(':')?;
    (!key.is_empty() && !key.contains([' ', '#', '"', '\''])).then_some(key)
}

/// What follows a value on its line: ` # comment`, kept when the value
/// is replaced.
pub fn trailing_comment(line: &str) -> &str {
    let Some((_, value)) = line.split_once(':') else {
        return "";
    };
    let v = value.trim_start();
    let start = line.len() - v.len();
    let search_from = match v.chars().next() {
        Some(q @ ('"' | '\'')) => v[1..].find(q).map_or(v.len(), |i| i + 2),
        _ => 0,
    };
    match v[search_from.min(v.len())..].find(" #") {
        Some(i) => {
            // With the spaces that line the comment up.
            let at = start + search_from + i;
            let value_end = line[..at].trim_end_matches(' ').len();
            &line[value_end..]
        }
        None => "",
    }
}

/// A page's front matter: (first line index, index of the closing `---`).
pub fn front_matter(lines: &[String]) -> Option<(usize, usize)> {
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return None;
    }
    let end = lines.iter().skip(1).position(|l| l.trim_end() == "---")? + 1;
    Some((1, end))
}

/// The lines of the block list under top-level `key` within `range`:
/// (the line after `key:`, the next top-level key or the range's end).
pub fn list_under(lines: &[String], range: (usize, usize), key: &str) -> Option<(usize, usize)> {
    let at = (range.0..range.1).find(|&i| key_at(&lines[i], 0) == Some(key))?;
    let end = (at + 1..range.1)
        .find(|&i| {
            let l = &lines[i];
            indent(l) == 0 && !is_blank_or_comment(l) && !l.starts_with('-')
        })
        .unwrap_or(range.1);
    Some((at + 1, end))
}

/// The entries of the block list in `range` (lines starting `- ` at the
/// list's indentation), in order.
pub fn entries(lines: &[String], range: (usize, usize)) -> Vec<Block> {
    let mut out = Vec::new();
    let mut dash = None;
    let mut i = range.0;
    while i < range.1 {
        let line = &lines[i];
        let t = line.trim_start();
        let starts = t.starts_with("- ") || t == "-";
        if !starts || dash.is_some_and(|d| d != indent(line)) {
            i += 1;
            continue;
        }
        let d = indent(line);
        dash = Some(d);
        let mut end = i + 1;
        while end < range.1 {
            let l = &lines[end];
            if !is_blank_or_comment(l) && indent(l) <= d {
                break;
            }
            end += 1;
        }
        let next = end;
        while end > i + 1 && is_blank_or_comment(&lines[end - 1]) {
            end -= 1;
        }
        out.push((i, end, d + 2));
        i = next;
    }
    out
}

/// Where a line after the entry's own goes (a new key, the next entry):
/// past the comments at its keys' indentation that follow it (such as
/// the template's commented-out keys), before a blank line or a comment
/// that belongs to what follows.
pub fn entry_tail(lines: &[String], block: Block) -> usize {
    let (_, end, keys) = block;
    let mut j = end;
    while j < lines.len() && lines[j].trim_start().starts_with('#') && indent(&lines[j]) >= keys {
        j += 1;
    }
    j
}

/// A plain scalar as written on a line: quotes and a trailing comment
/// taken off.
fn scalar(v: &str) -> &str {
    v.split(" #")
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(['"', '\''])
}

/// The entry of the list in `range` whose first line is `- id: <id>`.
pub fn entry_by_id(lines: &[String], range: (usize, usize), id: &str) -> Option<Block> {
    entries(lines, range).into_iter().find(|&(start, ..)| {
        lines[start]
            .trim_start()
            .strip_prefix("- id:")
            .is_some_and(|v| scalar(v) == id)
    })
}

/// One past the last line of the value of the key on line `i` (a block
/// scalar's or a nested map's deeper lines).
fn value_end(lines: &[String], i: usize, keys: usize, end: usize) -> usize {
    let mut j = i + 1;
    while j < end && !lines[j].trim().is_empty() && indent(&lines[j]) > keys {
        if lines[j].trim_start().starts_with('#') {
            break;
        }
        j += 1;
    }
    j
}

/// Sets `key` in the entry to `value` (`None`: removes the key's lines).
/// A new key goes at the entry's end.
pub fn set_in_block(lines: &mut Vec<String>, block: Block, key: &str, value: Option<&str>) {
    let (start, end, keys) = block;
    let found = (start..end).find(|&i| {
        // The `- key:` line itself holds a key at the dash's indentation.
        let at = if i == start { keys - 2 } else { keys };
        key_at(&lines[i], at) == Some(key)
    });
    match (found, value) {
        (Some(i), Some(v)) => {
            let comment = trailing_comment(&lines[i]).to_string();
            let lead = if i == start {
                format!("{}- ", " ".repeat(keys - 2))
            } else {
                " ".repeat(keys)
            };
            let to = value_end(lines, i, keys, end);
            lines.splice(i..to, [format!("{lead}{key}: {v}{comment}")]);
        }
        (Some(i), None) if i != start => {
            let to = value_end(lines, i, keys, end);
            lines.drain(i..to);
        }
        (None, Some(v)) => lines.insert(end, format!("{}{key}: {v}", " ".repeat(keys))),
        _ => {}
    }
}

/// Lines joined back as the file had them (its line ends, its last one).
pub fn join(lines: &[String], like: &str) -> String {
    let nl = if like.contains("\r\n") { "\r\n" } else { "\n" };
    let mut text = lines.join(nl);
    if like.ends_with('\n') || like.is_empty() {
        text.push_str(nl);
    }
    text
}

pub fn split(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_keys_and_comments() {
        let l = split(
            "items:\n  - id: a   # 第一项\n    title: T\n    target: >-\n      两行\n    # 说明\n\n  - id: \"b\"\n    title: U\nnext: 1\n",
        );
        let list = list_under(&l, (0, l.len()), "items").expect("list");
        assert_eq!(list, (1, 9));
        let all = entries(&l, list);
        assert_eq!(all, [(1, 5, 4), (7, 9, 4)]);
        assert_eq!(entry_by_id(&l, list, "b"), Some((7, 9, 4)));
        assert_eq!(entry_by_id(&l, list, "zz"), None);
        let mut m = l.clone();
        set_in_block(&mut m, all[0], "target", Some("一行"));
        assert_eq!(m[3], "    target: 一行");
        assert_eq!(m[4], "    # 说明");
        let mut m = l.clone();
        set_in_block(&mut m, all[0], "target", None);
        assert_eq!(m[3], "    # 说明");
        let mut m = l.clone();
        set_in_block(&mut m, all[0], "id", Some("c"));
        assert_eq!(m[1], "  - id: c   # 第一项");
        assert_eq!(trailing_comment("x: \"a #b\" # c"), " # c");
        assert_eq!(trailing_comment("x: a"), "");
        assert_eq!(join(&split("a\r\nb\r\n"), "a\r\nb\r\n"), "a\r\nb\r\n");
    }
}

//! A YAML document as a tree of nodes that remember where they stand, so
//! every later check can point at the exact line and column. Parsed through
//! serde-saphyr's self-describing mode: a quoted `"50"` stays text, a plain
//! `50` is a number, which is what docs/spec.md §5's strict types need.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

pub use crate::model::Pos;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    /// A scalar written as text: quoted, or plain but neither number nor bool.
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    /// The scalar exactly as written (for text fields given a plain number).
    pub raw: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

impl Value {
    /// What the editor wrote, in words, for "expected X, found Y" messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Seq(_) => "list",
            Value::Map(_) => "map",
        }
    }
}

/// A YAML syntax problem, with the position already moved into the file.
#[derive(Clone, Debug)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
    pub duplicate_key: Option<String>,
}

/// Parses `text`, which starts at line `first_line` of its file.
pub fn parse(text: &str, first_line: u32) -> Result<Node, SyntaxError> {
    match super::yaml_simple::parse(text, first_line) {
        Some(node) => Ok(node),
        None => parse_full(text, first_line),
    }
}

/// Whether the fast path read `text` (`Ok(false)`: it declined), or how it
/// disagrees with serde-saphyr. Where it answers it must read the very
/// tree serde-saphyr reads (values, positions and kept text alike), and
/// never a text serde-saphyr refuses. The one statement of the fast
/// path's promise, checked by `tests/yaml_suite.rs` on the YAML test
/// suite and by the `yaml_readers_agree` fuzz target.
pub fn check_fast_path(text: &str) -> Result<bool, String> {
    let Some(fast) = super::yaml_simple::parse(text, 1) else {
        return Ok(false);
    };
    match parse_full(text, 1) {
        Ok(full) if full == fast => Ok(true),
        Ok(full) => Err(format!("fast path read {fast:?}, serde-saphyr {full:?}")),
        Err(e) => Err(format!(
            "fast path read {fast:?}, serde-saphyr refused it at {}:{}: {}",
            e.pos.line, e.pos.column, e.message
        )),
    }
}

/// [`parse`] through serde-saphyr, whatever the text.
pub fn parse_full(text: &str, first_line: u32) -> Result<Node, SyntaxError> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
        // `.inf` or `1e400` is valid YAML: a text field keeps it as
        // written, a number field reports a type error, not a syntax one.
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::PassThrough,
    };
    let shift = |line: u64, column: u64| Pos {
        line: (line as u32)
            .saturating_add(first_line.saturating_sub(1))
            .max(1),
        column: (column as u32).max(1),
    };
    match serde_saphyr::from_str_with_options::<Spanned<RawNode>>(text, options) {
        Ok(root) => Ok(convert(root, text, &shift)),
        Err(err) => {
            let pos = err
                .location()
                .map(|l| shift(l.line(), l.column()))
                .unwrap_or(Pos {
                    line: first_line.max(1),
                    column: 1,
                });
            let message = strip_position(&err.without_snippet().to_string());
            let duplicate_key = message
                .strip_prefix("duplicate mapping key: ")
                .map(|rest| rest.split(',').next().unwrap_or(rest).trim().to_string());
            Err(SyntaxError {
                pos,
                message,
                duplicate_key,
            })
        }
    }
}

/// Every tag in `text` (`!!binary`, `!x`), as written, where it is
/// written; `text` starts at line `first_line` of its file. Tags are valid
/// YAML, but no field of the format's files has a use for one, and serde-saphyr
/// reads through them without a word (`!!binary` turns base64 into any
/// text, NUL bytes included), so they are looked for in the parser's
/// events — only when there is a `!` at all, which a tag needs.
pub fn tags(text: &str, first_line: u32) -> Vec<(Pos, String)> {
    use granit_parser::{Event, Parser};
    let mut found = Vec::new();
    if !text.contains('!') {
        return found;
    }
    for event in Parser::new_from_str(text) {
        // Called on text that parsed: an error cannot come, and would
        // leave nothing more to find.
        let Ok((event, span)) = event else { break };
        let (Event::Scalar(_, _, _, Some(tag))
        | Event::SequenceStart(_, _, Some(tag))
        | Event::MappingStart(_, _, Some(tag))) = event
        else {
            continue;
        };
        let at = span.tag_start.unwrap_or(span.start);
        let pos = Pos {
            line: u32::try_from(at.line())
                .unwrap_or(u32::MAX)
                .saturating_add(first_line.saturating_sub(1)),
            column: u32::try_from(at.col() + 1).unwrap_or(u32::MAX),
        };
        found.push((pos, tag.original()));
    }
    found
}

/// serde-saphyr appends " at line X, column Y"; we print the position ourselves.
fn strip_position(message: &str) -> String {
    let message = message.trim();
    let message = message.strip_prefix("error: ").unwrap_or(message);
    let cut = message.rfind(" at line ").unwrap_or(message.len());
    let message = &message[..cut];
    // Some messages also lead with "line X column Y: ".
    match message.strip_prefix("line ") {
        Some(rest) => rest.split_once(": ").map(|(_, m)| m).unwrap_or(message),
        None => message,
    }
    .to_string()
}

fn convert(node: Spanned<RawNode>, text: &str, shift: &dyn Fn(u64, u64) -> Pos) -> Node {
    let pos = shift(node.referenced.line(), node.referenced.column());
    // Only numbers and booleans keep their text: a map's or list's span is
    // the whole block, and copying it at every level was a tenth of loading.
    let raw = matches!(
        node.value,
        RawNode::Int(_) | RawNode::Float(_) | RawNode::Bool(_)
    )
    .then(|| {
        let span = node.referenced.span();
        let (start, len) = (span.byte_offset()?, span.byte_len()?);
        text.get(start as usize..(start + len) as usize)
            .map(str::to_string)
    })
    .flatten();
    let value = match node.value {
        RawNode::Null => Value::Null,
        RawNode::Bool(b) => Value::Bool(b),
        RawNode::Int(i) => Value::Int(i),
        RawNode::Float(f) => Value::Float(f),
        RawNode::Str(s) => Value::Str(s),
        RawNode::Seq(items) => {
            Value::Seq(items.into_iter().map(|n| convert(n, text, shift)).collect())
        }
        RawNode::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = Key {
                        name: k.value,
                        pos: shift(k.referenced.line(), k.referenced.column()),
                    };
                    (key, convert(v, text, shift))
                })
                .collect(),
        ),
    };
    Node { value, pos, raw }
}

/// The shape serde-saphyr hands us before positions are moved into the file.
enum RawNode {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<String>, Spanned<RawNode>)>),
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_none<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawNode, D::Error> {
        RawNode::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawNode, E> {
        Ok(RawNode::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawNode, E> {
        Ok(RawNode::Int(i128::from(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<RawNode, E> {
        Ok(RawNode::Int(i128::from(v)))
    }
    fn visit_i128<E>(self, v: i128) -> Result<RawNode, E> {
        Ok(RawNode::Int(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawNode, E> {
        Ok(RawNode::Int(i128::try_from(v).unwrap_or(i128::MAX)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawNode, E> {
        Ok(RawNode::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawNode, E> {
        Ok(RawNode::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawNode, E> {
        Ok(RawNode::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(RawNode::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(node: &Node) -> &[(Key, Node)] {
        match &node.value {
            Value::Map(m) => m,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn quoted_numbers_stay_text_and_plain_ones_are_numbers() {
        let n = parse("a: \"50\"\nb: 50\nc: y\n", 1).unwrap();
        let m = map(&n);
        assert_eq!(m[0].1.value, Value::Str("50".into()));
        assert_eq!(m[1].1.value, Value::Int(50));
        // YAML 1.1 booleans like `y` stay text.
        assert_eq!(m[2].1.value, Value::Str("y".into()));
    }

    #[test]
    fn positions_are_shifted_into_the_file() {
        let n = parse("a: 1\nb:\n  c: x\n", 2).unwrap();
        let m = map(&n);
        assert_eq!(m[1].0.pos, Pos { line: 3, column: 1 });
        let inner = map(&m[1].1);
        assert_eq!(inner[0].0.pos, Pos { line: 4, column: 3 });
    }

    #[test]
    fn duplicate_keys_are_syntax_errors_with_the_key() {
        let e = parse("a: 1\na: 2\n", 1).unwrap_err();
        assert_eq!(e.pos.line, 2);
        assert_eq!(e.duplicate_key.as_deref(), Some("a"));
    }

    #[test]
    fn tags_are_found_where_they_are_written() {
        let text = "a: 1\nb: !!binary AAAA\nc: [x, !local y]\nd: !!map\n  e: 1\nf:\n  - !!str 50\n";
        let written = tags(text, 2);
        let found: Vec<(u32, u32, &str)> = written
            .iter()
            .map(|(p, t)| (p.line, p.column, t.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (3, 4, "!!binary"),
                (4, 8, "!local"),
                (5, 4, "!!map"),
                (8, 5, "!!str")
            ]
        );
        // A `!` inside text is no tag.
        assert!(tags("a: 好！ok!\nb: \"!x\"\nc: x !y\n", 1).is_empty());
    }

    #[test]
    fn raw_text_of_plain_scalars_is_kept() {
        let n = parse("a: 1_000\n", 1).unwrap();
        assert_eq!(map(&n)[0].1.raw.as_deref(), Some("1_000"));
    }
}

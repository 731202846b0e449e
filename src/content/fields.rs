//! Typed reading of YAML nodes with SPEC §5's strict rules. Every problem
//! becomes a diagnostic at the offending key or value; reading goes on so a
//! file reports all its problems at once.

use std::path::{Path, PathBuf};

use super::yaml::{Key, Node, Pos, Value};
use crate::diag::Diagnostic;
use crate::i18n::{Messages, suggest};
use crate::model::{Date, Keyword};

/// The file being read: where its problems are reported.
pub struct FileCx {
    pub path: PathBuf,
    pub msg: Messages,
    pub diags: Vec<Diagnostic>,
}

impl FileCx {
    pub fn new(path: &Path, msg: Messages) -> Self {
        FileCx {
            path: path.to_path_buf(),
            msg,
            diags: Vec::new(),
        }
    }

    pub fn error(&mut self, pos: Pos, message: String) {
        self.diags
            .push(Diagnostic::error(&self.path, pos.line, pos.column, message));
    }

    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

/// The fields of one YAML mapping, read one by one; what is left unread at
/// `finish` is an unknown field.
pub struct Fields<'n> {
    pub pos: Pos,
    entries: &'n [(Key, Node)],
    used: Vec<bool>,
}

impl<'n> Fields<'n> {
    /// Opens `node` as a mapping, or reports that it should be one.
    pub fn open(cx: &mut FileCx, node: &'n Node, what: &str) -> Option<Fields<'n>> {
        match &node.value {
            Value::Map(entries) => Some(Fields {
                pos: node.pos,
                entries,
                used: vec![false; entries.len()],
            }),
            _ => {
                cx.error(node.pos, cx.msg.expected_map(what));
                None
            }
        }
    }

    pub fn get(&mut self, name: &str) -> Option<&'n Node> {
        let i = self.entries.iter().position(|(k, _)| k.name == name)?;
        self.used[i] = true;
        let node = &self.entries[i].1;
        // `key:` with nothing after it is the same as leaving the key out.
        (node.value != Value::Null).then_some(node)
    }

    /// Like `get`, but a missing field is reported at the mapping's start.
    pub fn require(&mut self, cx: &mut FileCx, name: &str) -> Option<&'n Node> {
        let node = self.get(name);
        if node.is_none() {
            cx.error(self.pos, cx.msg.missing_field(name));
        }
        node
    }

    /// Reports every field not read, with a "did you mean" among `known`.
    pub fn finish(self, cx: &mut FileCx, known: &[&str]) {
        for ((key, _), used) in self.entries.iter().zip(&self.used) {
            if !used {
                let hint = suggest(&key.name, known.iter().copied());
                cx.error(key.pos, cx.msg.unknown_field(&key.name, known, hint));
            }
        }
    }

    /// Unread fields are allowed (a roster's private columns): drop them.
    pub fn finish_open(self) {}

    // --- typed shortcuts: read a field and convert it ---

    pub fn text(&mut self, cx: &mut FileCx, name: &str) -> Option<String> {
        self.get(name).and_then(|n| text(cx, n, name))
    }
    pub fn req_text(&mut self, cx: &mut FileCx, name: &str) -> Option<String> {
        self.require(cx, name).and_then(|n| text(cx, n, name))
    }
    pub fn date(&mut self, cx: &mut FileCx, name: &str) -> Option<Date> {
        self.get(name).and_then(|n| date(cx, n, name))
    }
    pub fn req_date(&mut self, cx: &mut FileCx, name: &str) -> Option<Date> {
        self.require(cx, name).and_then(|n| date(cx, n, name))
    }
    pub fn int(&mut self, cx: &mut FileCx, name: &str, min: i64, max: i64) -> Option<i64> {
        self.get(name).and_then(|n| int(cx, n, name, min, max))
    }
    pub fn req_int(&mut self, cx: &mut FileCx, name: &str, min: i64, max: i64) -> Option<i64> {
        self.require(cx, name)
            .and_then(|n| int(cx, n, name, min, max))
    }
    pub fn bool(&mut self, cx: &mut FileCx, name: &str) -> Option<bool> {
        self.get(name).and_then(|n| boolean(cx, n, name))
    }
    pub fn keyword<K: Keyword>(&mut self, cx: &mut FileCx, name: &str) -> Option<K> {
        self.get(name).and_then(|n| keyword(cx, n, name))
    }
    /// `extra:` is a map for themes (SPEC §2); anything else is an error
    /// at its line, not data a theme would trip over.
    pub fn extra(&mut self, cx: &mut FileCx) -> serde_json::Value {
        match self.get("extra") {
            Some(node) if matches!(node.value, Value::Map(_)) => to_json(node),
            Some(node) => {
                cx.error(node.pos, cx.msg.expected_map("extra"));
                serde_json::Value::Null
            }
            None => serde_json::Value::Null,
        }
    }
}

/// A text value. Plain numbers and booleans are taken as written (a title
/// may well be `2026`); empty text is an error.
pub fn text(cx: &mut FileCx, node: &Node, name: &str) -> Option<String> {
    let s = match &node.value {
        Value::Str(s) => s.clone(),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => node.raw.clone().unwrap_or_default(),
        Value::Null => String::new(),
        Value::Seq(_) | Value::Map(_) => {
            cx.error(node.pos, cx.msg.expected_text(name));
            return None;
        }
    };
    if s.trim().is_empty() {
        cx.error(node.pos, cx.msg.empty_text(name));
        return None;
    }
    Some(s.trim_end().to_string())
}

pub fn int(cx: &mut FileCx, node: &Node, name: &str, min: i64, max: i64) -> Option<i64> {
    match &node.value {
        Value::Int(i) => {
            if *i < i128::from(min) || *i > i128::from(max) {
                cx.error(node.pos, cx.msg.int_range(name, min, max));
                None
            } else {
                Some(*i as i64)
            }
        }
        Value::Str(s) => {
            let quoted = s.trim().parse::<i64>().is_ok().then(|| s.trim());
            cx.error(node.pos, cx.msg.expected_int(name, quoted));
            None
        }
        _ => {
            cx.error(node.pos, cx.msg.expected_int(name, None));
            None
        }
    }
}

pub fn boolean(cx: &mut FileCx, node: &Node, name: &str) -> Option<bool> {
    match node.value {
        Value::Bool(b) => Some(b),
        _ => {
            cx.error(node.pos, cx.msg.expected_bool(name));
            None
        }
    }
}

pub fn date(cx: &mut FileCx, node: &Node, name: &str) -> Option<Date> {
    let written = match &node.value {
        Value::Str(s) => s.clone(),
        _ => node
            .raw
            .clone()
            .unwrap_or_else(|| node.value.kind_name().to_string()),
    };
    let parsed = match &node.value {
        Value::Str(s) => Date::parse(s.trim()),
        _ => None,
    };
    if parsed.is_none() {
        cx.error(node.pos, cx.msg.bad_date(name, &written));
    }
    parsed
}

/// A keyword, or one of its Chinese words (`kind: 街道`); an unknown
/// value is reported with a "did you mean" and every choice.
pub fn keyword<K: Keyword>(cx: &mut FileCx, node: &Node, name: &str) -> Option<K> {
    let written = match &node.value {
        Value::Str(s) => s.clone(),
        _ => node
            .raw
            .clone()
            .unwrap_or_else(|| node.value.kind_name().to_string()),
    };
    let found = K::parse(&written);
    if found.is_none() {
        let message = cx.msg.unknown_keyword::<K>(name, &written);
        cx.error(node.pos, message);
    }
    found
}

/// A list's entries, or the error that it is not a list.
pub fn list<'n>(cx: &mut FileCx, node: &'n Node, name: &str) -> Option<&'n [Node]> {
    match &node.value {
        Value::Seq(items) => Some(items),
        _ => {
            cx.error(node.pos, cx.msg.expected_list(name));
            None
        }
    }
}

/// One value or a list of them (`item: a` or `item: [a, b]`).
pub fn one_or_many(node: &Node) -> Vec<&Node> {
    match &node.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    }
}

/// `extra:` is free data for themes: carried over as JSON.
pub fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => i64::try_from(*i)
            .map(J::from)
            .unwrap_or_else(|_| J::String(i.to_string())),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(J::Number)
            .unwrap_or(J::Null),
        Value::Str(s) => J::String(s.clone()),
        Value::Seq(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => J::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), to_json(v)))
                .collect(),
        ),
    }
}

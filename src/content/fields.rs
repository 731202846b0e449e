//! Typed reading of YAML nodes with docs/spec.md §5's strict rules. Every problem
//! becomes a diagnostic at the offending key or value; reading goes on so a
//! file reports all its problems at once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::yaml::{Key, Node, Pos, Value};
use crate::diag::Diagnostic;
use crate::i18n::{Messages, suggest};
use crate::model::{Choice, Date, FIRST_YEAR, FieldValue, Keyword, LAST_YEAR, parse_choice};
use crate::schema::{Field, Required, Schema, Type};

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

/// The fields of one YAML mapping, read one by one as its schema
/// declares them; what is left unread at `finish` is an unknown field.
pub struct Fields<'n> {
    pub pos: Pos,
    schema: &'static Schema,
    entries: &'n [(Key, Node)],
    used: Vec<bool>,
}

impl<'n> Fields<'n> {
    /// Opens `node` as a mapping of `schema`'s fields, or reports that it
    /// should be one (`what` names it in the message).
    pub fn open(
        cx: &mut FileCx,
        node: &'n Node,
        what: &str,
        schema: &'static Schema,
    ) -> Option<Fields<'n>> {
        match &node.value {
            Value::Map(entries) => Some(Fields {
                pos: node.pos,
                schema,
                entries,
                used: vec![false; entries.len()],
            }),
            _ => {
                cx.error(node.pos, cx.msg.expected_map(what));
                None
            }
        }
    }

    /// The declaration of `name`. Reading a field the schema does not
    /// declare is a bug in the loader, never in the content.
    fn declared(&self, name: &str) -> Option<&'static Field> {
        let field = self.schema.field(name);
        debug_assert!(
            field.is_some(),
            "`{name}` is not declared in schema `{}`",
            self.schema.kind
        );
        field
    }

    pub fn get(&mut self, name: &str) -> Option<&'n Node> {
        self.declared(name);
        let i = self.entries.iter().position(|(k, _)| k.name == name)?;
        self.used[i] = true;
        let node = &self.entries[i].1;
        // `key:` with nothing after it is the same as leaving the key out.
        (node.value != Value::Null).then_some(node)
    }

    /// The field's value; a missing field that the schema requires is
    /// reported at the mapping's start.
    pub fn field(&mut self, cx: &mut FileCx, name: &str) -> Option<&'n Node> {
        let required = self
            .declared(name)
            .is_some_and(|f| f.required == Required::Yes);
        if required {
            self.require(cx, name)
        } else {
            self.get(name)
        }
    }

    /// Like `get`, but a missing field is reported at the mapping's start
    /// (for fields the schema requires only in some files: `When`).
    pub fn require(&mut self, cx: &mut FileCx, name: &str) -> Option<&'n Node> {
        let node = self.get(name);
        if node.is_none() {
            cx.error(self.pos, cx.msg.missing_field(name));
        }
        node
    }

    /// Reports every field not read, with a "did you mean" among the
    /// schema's fields; an open schema drops them instead (a roster's
    /// private columns).
    pub fn finish(self, cx: &mut FileCx) {
        if self.schema.open {
            return;
        }
        let known = self.schema.names();
        for ((key, _), used) in self.entries.iter().zip(&self.used) {
            if !used {
                let hint = suggest(&key.name, known.iter().copied());
                cx.error(key.pos, cx.msg.unknown_field(&key.name, &known, hint));
            }
        }
    }

    /// Reads every field the schema marks generic, each by its type with
    /// the same messages as typed fields. Public ones are kept, in name
    /// order; private ones are checked and dropped here, so they cannot
    /// reach any output.
    pub fn generic(&mut self, cx: &mut FileCx) -> BTreeMap<&'static str, FieldValue> {
        let mut out = BTreeMap::new();
        for field in self.schema.generic() {
            let Some(node) = self.field(cx, field.name) else {
                continue;
            };
            if let Some(value) = value(cx, node, field)
                && !field.private
            {
                out.insert(field.name, value);
            }
        }
        out
    }

    // --- typed shortcuts: read a field and convert it ---

    pub fn text(&mut self, cx: &mut FileCx, name: &str) -> Option<String> {
        self.field(cx, name).and_then(|n| text(cx, n, name))
    }
    pub fn date(&mut self, cx: &mut FileCx, name: &str) -> Option<Date> {
        self.field(cx, name).and_then(|n| date(cx, n, name))
    }
    /// A whole number within the schema's range.
    pub fn int(&mut self, cx: &mut FileCx, name: &str) -> Option<i64> {
        let (min, max) = match self.declared(name).map(|f| f.ty) {
            Some(Type::Int { min, max }) => (min, max),
            _ => (i64::MIN, i64::MAX),
        };
        self.field(cx, name)
            .and_then(|n| int(cx, n, name, min, max))
    }
    pub fn bool(&mut self, cx: &mut FileCx, name: &str) -> Option<bool> {
        self.field(cx, name).and_then(|n| boolean(cx, n, name))
    }
    pub fn keyword<K: Keyword>(&mut self, cx: &mut FileCx, name: &str) -> Option<K> {
        self.field(cx, name).and_then(|n| keyword(cx, n, name))
    }
    /// A yes/no field, or the schema's default when it is not written
    /// (or is wrong: its error is reported).
    pub fn flag(&mut self, cx: &mut FileCx, name: &str) -> bool {
        let default = match self.declared(name).map(|f| f.ty) {
            Some(Type::Bool { default }) => default,
            _ => false,
        };
        self.bool(cx, name).unwrap_or(default)
    }
    /// A keyword field, or the schema's default when it is not written
    /// (or is wrong: its error is reported).
    pub fn keyword_or_default<K: Keyword>(&mut self, cx: &mut FileCx, name: &str) -> K {
        let default = match self.declared(name).map(|f| f.ty) {
            Some(Type::Keyword {
                default: Some(d), ..
            }) => K::parse(d),
            _ => None,
        };
        debug_assert!(default.is_some(), "`{name}` declares no default");
        self.keyword(cx, name).or(default).unwrap_or(K::VALUES[0])
    }
    /// `extra:` is a map for themes (docs/spec.md §2); anything else is an error
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

/// A generic field's value, read by its declared type. Lists of mappings,
/// nested mappings and `extra` need code of their own: a test keeps them
/// out of generic fields.
fn value(cx: &mut FileCx, node: &Node, field: &Field) -> Option<FieldValue> {
    let name = field.name;
    match field.ty {
        Type::Text | Type::Markdown => text(cx, node, name).map(FieldValue::Text),
        Type::Int { min, max } => int(cx, node, name, min, max).map(FieldValue::Int),
        Type::Date => date(cx, node, name).map(FieldValue::Date),
        Type::Bool { .. } => boolean(cx, node, name).map(FieldValue::Bool),
        Type::Keyword { choices, .. } => {
            choice(cx, node, name, choices).map(|i| FieldValue::Keyword(choices[i].keyword))
        }
        Type::Years => {
            let all = one_or_many(node);
            let years: Vec<_> = all
                .iter()
                .filter_map(|n| int(cx, n, name, FIRST_YEAR.into(), LAST_YEAR.into()))
                .map(FieldValue::Int)
                .collect();
            (years.len() == all.len()).then_some(FieldValue::List(years))
        }
        Type::Texts => {
            let all = one_or_many(node);
            let texts: Vec<_> = all
                .iter()
                .filter_map(|n| text(cx, n, name))
                .map(FieldValue::Text)
                .collect();
            (texts.len() == all.len()).then_some(FieldValue::List(texts))
        }
        Type::List(_) | Type::Map(_) | Type::Extra => None,
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
    choice(cx, node, name, K::CHOICES).map(|i| K::VALUES[i])
}

/// `keyword` by the table alone: the index of the choice.
fn choice(cx: &mut FileCx, node: &Node, name: &str, choices: &[Choice]) -> Option<usize> {
    let written = match &node.value {
        Value::Str(s) => s.clone(),
        _ => node
            .raw
            .clone()
            .unwrap_or_else(|| node.value.kind_name().to_string()),
    };
    let found = parse_choice(choices, &written);
    if found.is_none() {
        let message = cx.msg.unknown_keyword(choices, name, &written);
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

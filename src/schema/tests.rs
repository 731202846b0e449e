//! The schema's own tests: docs/format.md's reference tables agree with
//! it in both directions, and its tables are well formed.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

const FORMAT_MD: &str = include_str!("../../docs/format.md");

/// One reference table of docs/format.md: the rows' cells, without the
/// header, and the heading it stands under.
#[derive(Debug)]
struct DocTable {
    section: usize,
    rows: Vec<Vec<String>>,
}

/// A keyword and its Chinese words, as docs/format.md §3.3 writes them.
type Words = (String, Vec<String>);

/// What docs/format.md says about the fields.
#[derive(Debug, Default)]
struct Docs {
    /// `<!-- schema: kind -->` → the table after it.
    fields: BTreeMap<String, DocTable>,
    /// Keyword tables after "`name` … 的可选值": (section, field, keywords).
    keywords: Vec<(usize, String, Vec<String>)>,
    /// docs/format.md §3.3: (field, [(keyword, Chinese words)]).
    aliases: Vec<(String, Vec<Words>)>,
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

/// The words between backticks in `text`, outside full-width parentheses.
fn ticked(text: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '（' => depth += 1,
            '）' => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn parse_docs(text: &str) -> Docs {
    let mut docs = Docs::default();
    let lines: Vec<&str> = text.lines().collect();
    let (mut section, mut fence) = (0, false);
    let mut marker: Option<String> = None;
    let mut keyword_of: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with("```") {
            fence = !fence;
        }
        if fence {
            i += 1;
            continue;
        }
        if line.starts_with('#') {
            section += 1;
            keyword_of = None;
        }
        if let Some(kind) = line
            .strip_prefix("<!-- schema: ")
            .and_then(|r| r.strip_suffix(" -->"))
        {
            marker = Some(kind.to_string());
        }
        if line.starts_with('`') && line.contains("的可选值") {
            keyword_of = ticked(line).into_iter().next();
        }
        if !line.starts_with('|') {
            i += 1;
            continue;
        }
        let header = cells(line);
        let mut rows = Vec::new();
        i += 2; // the header and the |---| line
        while i < lines.len() && lines[i].starts_with('|') {
            rows.push(cells(lines[i]));
            i += 1;
        }
        match header[0].as_str() {
            "字段" if header.get(1).is_some_and(|h| h == "是否必填") => {
                let kind = marker.take().unwrap_or_else(|| {
                    panic!("docs/format.md: a field table without <!-- schema: … --> before it")
                });
                let previous = docs.fields.insert(kind.clone(), DocTable { section, rows });
                assert!(previous.is_none(), "two tables are marked schema: {kind}");
            }
            "关键词" => {
                let field = keyword_of.take().unwrap_or_else(|| {
                    panic!("docs/format.md: a keyword table without “`field` … 的可选值” before it")
                });
                let keywords = rows.iter().flat_map(|r| ticked(&r[0])).collect();
                docs.keywords.push((section, field, keywords));
            }
            "字段" if header.get(1).is_some_and(|h| h.starts_with("英文关键词")) => {
                for row in rows {
                    let field = ticked(&row[0]).into_iter().next().unwrap_or_default();
                    let pairs = row[1]
                        .split('；')
                        .map(|pair| {
                            let (kw, zh) = pair.split_once(" = ").unwrap_or((pair, ""));
                            let kw = kw.trim().trim_matches('`').to_string();
                            (kw, zh.split('、').map(|w| w.trim().to_string()).collect())
                        })
                        .collect();
                    docs.aliases.push((field, pairs));
                }
            }
            _ => {}
        }
    }
    docs
}

/// Every disagreement between the docs and the schemas, in words.
fn disagreements(docs: &Docs, schemas: &[&Schema]) -> Vec<String> {
    let mut out = Vec::new();
    for kind in docs.fields.keys() {
        if !schemas.iter().any(|s| s.kind == kind) {
            out.push(format!(
                "docs mark a table `schema: {kind}`, which no schema is"
            ));
        }
    }
    let mut used_keyword_tables = BTreeSet::new();
    for schema in schemas {
        let kind = schema.kind;
        let Some(table) = docs.fields.get(kind) else {
            out.push(format!("schema `{kind}` has no table in docs/format.md"));
            continue;
        };
        let mut documented = BTreeSet::new();
        for row in &table.rows {
            if row[0] == "其他任何字段" {
                if !schema.open {
                    out.push(format!(
                        "{kind}: docs allow other fields, the schema does not"
                    ));
                }
                continue;
            }
            let name = row[0].trim_matches('`');
            documented.insert(name.to_string());
            let Some(field) = schema.field(name) else {
                out.push(format!("{kind}: docs list `{name}`, the schema does not"));
                continue;
            };
            let required = &row[1];
            let agrees = match field.required {
                Required::Yes => required == "必填",
                Required::No => required.starts_with("可选"),
                Required::When(when) => required == when,
            };
            if !agrees {
                out.push(format!(
                    "{kind}.{name}: docs say “{required}”, the schema {:?}",
                    field.required
                ));
            }
            let ty = &row[2];
            let type_ok = match field.ty {
                Type::Int { min, max } => {
                    let range = format!("{min}–{max}");
                    let has_range = ty.contains('–');
                    ty.contains("整数") && (!has_range || ty.contains(&range))
                }
                Type::Date => ty.contains("日期"),
                Type::Bool { default } => ty.contains(&format!("默认 `{default}`")),
                Type::Keyword { default, .. } => default.is_some() == ty.contains("默认"),
                Type::Years => ty.contains("年份"),
                Type::List(_) => ty.contains("列表"),
                _ => true,
            };
            if !type_ok {
                out.push(format!(
                    "{kind}.{name}: docs give the type “{ty}”, the schema {:?}",
                    field.ty
                ));
            }
            let Some(choices) = field.choices() else {
                continue;
            };
            let declared: Vec<String> = choices.iter().map(|c| c.keyword.to_string()).collect();
            let written = if ty.contains("见下表") {
                let found = docs
                    .keywords
                    .iter()
                    .enumerate()
                    .find(|(_, (section, f, _))| *section == table.section && f == name);
                match found {
                    Some((i, (_, _, kws))) => {
                        used_keyword_tables.insert(i);
                        kws.clone()
                    }
                    None => {
                        out.push(format!(
                            "{kind}.{name}: docs say 见下表, but no table follows"
                        ));
                        continue;
                    }
                }
            } else {
                ticked(ty)
            };
            if written != declared {
                out.push(format!(
                    "{kind}.{name}: docs allow {written:?}, the schema {declared:?}"
                ));
            }
            let aliases = docs
                .aliases
                .iter()
                .find(|(f, pairs)| f == name && pairs.iter().map(|(kw, _)| kw).eq(declared.iter()));
            match aliases {
                None => out.push(format!(
                    "{kind}.{name}: no row in the alias table (docs/format.md §3.3)"
                )),
                Some((_, pairs)) => {
                    for (c, (kw, zh)) in choices.iter().zip(pairs) {
                        if c.zh.iter().copied().ne(zh.iter().map(String::as_str)) {
                            out.push(format!(
                                "{kind}.{name}: docs/format.md §3.3 gives {kw} = {zh:?}, the schema {:?}",
                                c.zh
                            ));
                        }
                    }
                }
            }
        }
        for field in schema.fields {
            if !documented.contains(field.name) {
                out.push(format!(
                    "{kind}: the schema has `{}`, the docs do not",
                    field.name
                ));
            }
        }
    }
    for (i, (_, field, _)) in docs.keywords.iter().enumerate() {
        if !used_keyword_tables.contains(&i) {
            out.push(format!(
                "docs have a keyword table for `{field}` that no field uses"
            ));
        }
    }
    for (field, pairs) in &docs.aliases {
        let known = schemas.iter().flat_map(|s| s.fields).any(|f| {
            f.name == field
                && f.choices().is_some_and(|cs| {
                    cs.iter()
                        .map(|c| c.keyword)
                        .eq(pairs.iter().map(|(k, _)| k.as_str()))
                })
        });
        if !known {
            out.push(format!(
                "docs/format.md §3.3 has a row for `{field}` that no keyword field matches"
            ));
        }
    }
    out
}

#[test]
fn docs_reference_tables_agree_with_the_schema() {
    let docs = parse_docs(FORMAT_MD);
    let problems = disagreements(&docs, ALL);
    assert!(
        problems.is_empty(),
        "docs/format.md and src/schema.rs disagree:\n{}",
        problems.join("\n")
    );
}

/// The check itself finds each kind of disagreement, both ways.
#[test]
fn the_docs_check_catches_each_disagreement() {
    let docs = parse_docs(FORMAT_MD);
    let problems = |text: &str| disagreements(&parse_docs(text), ALL);
    // A field the docs list that the schema does not.
    let extra_row = FORMAT_MD.replace(
        "| `author` | 可选 | 文字 | 记录人或记录单位。 |",
        "| `author` | 可选 | 文字 | 记录人或记录单位。 |\n| `no_such_field` | 可选 | 文字 | 没有的字段。 |",
    );
    assert_ne!(extra_row, FORMAT_MD);
    let found = problems(&extra_row);
    assert!(
        found.iter().any(|p| p.contains("`no_such_field`")),
        "{found:?}"
    );
    // A field the schema has that the docs drop.
    let dropped = FORMAT_MD.replace("| `author` | 可选 | 文字 | 记录人或记录单位。 |\n", "");
    assert_ne!(dropped, FORMAT_MD);
    let found = problems(&dropped);
    assert!(
        found
            .iter()
            .any(|p| p.contains("note: the schema has `author`")),
        "{found:?}"
    );
    // Required-ness.
    let optional = FORMAT_MD.replace(
        "| `reason` | 必填 | 文字 | 整改原因。 |",
        "| `reason` | 可选 | 文字 | 整改原因。 |",
    );
    assert_ne!(optional, FORMAT_MD);
    let found = problems(&optional);
    assert!(
        found.iter().any(|p| p.contains("rectification.reason")),
        "{found:?}"
    );
    // A keyword value in a table below, and one written inline.
    let kinds = FORMAT_MD.replace("| `social` | 社会组织 |", "| `society` | 社会组织 |");
    assert_ne!(kinds, FORMAT_MD);
    let found = problems(&kinds);
    assert!(found.iter().any(|p| p.contains("unit.kind")), "{found:?}");
    let forms = FORMAT_MD.replace("、`oral` 口头承诺", "");
    assert_ne!(forms, FORMAT_MD);
    let found = problems(&forms);
    assert!(found.iter().any(|p| p.contains("sheet.form")), "{found:?}");
    // A default.
    let default = FORMAT_MD.replace(
        "`true` / `false`，默认 `false` | 为 `true` 时，每条",
        "`true` / `false`，默认 `true` | 为 `true` 时，每条",
    );
    assert_ne!(default, FORMAT_MD);
    let found = problems(&default);
    assert!(
        found.iter().any(|p| p.contains("site.note_pages")),
        "{found:?}"
    );
    // A Chinese word of docs/format.md §3.3.
    let words = FORMAT_MD.replace("`street` = 街道；", "`street` = 街道、街；");
    assert_ne!(words, FORMAT_MD);
    let found = problems(&words);
    assert!(
        found
            .iter()
            .any(|p| p.contains("unit.kind: docs/format.md §3.3")),
        "{found:?}"
    );
    // A schema with no table at all, and a table with no schema.
    static LOST: Schema = Schema {
        kind: "lost",
        open: false,
        fields: &[],
    };
    let found = disagreements(&docs, &[&SITE, &LOST]);
    assert!(
        found.iter().any(|p| p.contains("schema `lost`")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.contains("`schema: note`")),
        "{found:?}"
    );
}

#[test]
fn field_names_are_unique_and_generic_fields_have_a_generic_type() {
    for schema in ALL {
        let names = schema.names();
        let unique: BTreeSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "{}: a name twice", schema.kind);
        for f in schema.generic() {
            assert!(
                !matches!(f.ty, Type::List(_) | Type::Map(_) | Type::Extra),
                "{}.{}: a generic field must be text, number, date, yes/no, keyword or a list of those",
                schema.kind,
                f.name
            );
        }
    }
    let kinds: BTreeSet<_> = ALL.iter().map(|s| s.kind).collect();
    assert_eq!(kinds.len(), ALL.len());
}

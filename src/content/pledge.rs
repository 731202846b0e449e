//! Pledge sheets (`<year>/<id>.md`), progress notes
//! (`<year>/<id>/<date>-<slug>.md`) and `_review.yaml`.

use std::collections::BTreeMap;

use super::fields::{self, Fields, FileCx};
use super::source::Page;
use super::yaml::{Node, Pos, Value};
use crate::i18n::suggest;
use crate::model::{
    Approval, Comment, Date, Grade, Half, Item, Note, NoteStatus, PledgeForm, Review, Votes,
};
use crate::schema;

/// A sheet as read from its file; notes are attached later.
pub struct SheetFile {
    pub name: Option<String>,
    pub name_pos: Pos,
    pub role: Option<String>,
    pub form: PledgeForm,
    pub approved: Option<Approval>,
    pub published: Option<Date>,
    pub items: Vec<Item>,
    pub extra: serde_json::Value,
    /// The schema's generic sheet fields.
    pub fields: crate::model::GenericFields,
    pub body: String,
}

pub fn read_sheet(cx: &mut FileCx, page: Page, is_unit: bool) -> Option<SheetFile> {
    read_sheet_as(&schema::SHEET, cx, page, is_unit)
}

/// `read_sheet` with the schema given (its `items` field's type names the
/// items' schema): tests declare fields of their own.
fn read_sheet_as(
    schema: &'static schema::Schema,
    cx: &mut FileCx,
    page: Page,
    is_unit: bool,
) -> Option<SheetFile> {
    let mut f = Fields::open(cx, &page.front, "front matter", schema)?;
    let name_pos = f.get("name").map_or(Pos { line: 1, column: 1 }, |n| n.pos);
    let name = if is_unit {
        f.text(cx, "name")
    } else {
        // Required on a member's sheet only (docs/format.md §2.4.3).
        f.require(cx, "name")
            .and_then(|n| fields::text(cx, n, "name"))
    };
    let role = f.text(cx, "role");
    let form = f.keyword_or_default::<PledgeForm>(cx, "form");
    let approved = f.get("approved").and_then(|n| read_approval(cx, n));
    let published = f.date(cx, "published");
    let item_schema = match schema.field("items").map(|i| i.ty) {
        Some(schema::Type::List(items)) => items,
        _ => &schema::ITEM,
    };
    let items = f
        .field(cx, "items")
        .and_then(|n| read_items(cx, n, item_schema));
    let extra = f.extra(cx);
    let generic = f.generic(cx);
    f.finish(cx);
    if !is_unit && name.is_none() {
        return None;
    }
    Some(SheetFile {
        name,
        name_pos,
        role,
        form,
        approved,
        published,
        items: items?,
        extra,
        fields: generic,
        body: page.body,
    })
}

fn read_approval(cx: &mut FileCx, node: &Node) -> Option<Approval> {
    let mut f = Fields::open(cx, node, "approved", &schema::APPROVED)?;
    let by = f.text(cx, "by");
    let date = f.date(cx, "date");
    f.finish(cx);
    Some(Approval {
        by: by?,
        date: date?,
    })
}

fn read_items(cx: &mut FileCx, node: &Node, schema: &'static schema::Schema) -> Option<Vec<Item>> {
    let entries = fields::list(cx, node, "items")?;
    if entries.is_empty() {
        cx.error(node.pos, cx.msg.no_items());
        return None;
    }
    let mut items: Vec<Item> = Vec::with_capacity(entries.len());
    let mut seen = std::collections::HashSet::new();
    let mut ok = true;
    for entry in entries {
        let Some(mut f) = Fields::open(cx, entry, "items", schema) else {
            ok = false;
            continue;
        };
        let id_node = f.field(cx, "id");
        let id = id_node.and_then(|n| fields::text(cx, n, "id"));
        let title = f.text(cx, "title");
        let category = f.text(cx, "category");
        let deadline = f.date(cx, "deadline");
        let baseline = f.text(cx, "baseline");
        let target = f.text(cx, "target");
        let responsibility = f.text(cx, "responsibility");
        let generic = f.generic(cx);
        f.finish(cx);
        let (Some(id), Some(title), Some(deadline)) = (id, title, deadline) else {
            ok = false;
            continue;
        };
        if !seen.insert(id.clone()) {
            cx.error(
                id_node.map_or(entry.pos, |n| n.pos),
                cx.msg.duplicate_id(&id),
            );
            ok = false;
            continue;
        }
        items.push(Item {
            pos: entry.pos,
            id,
            title,
            category,
            deadline,
            baseline,
            target,
            responsibility,
            fields: generic,
        });
    }
    ok.then_some(items)
}

/// Reads a note. `stem` is its file stem, `year` its folder's year,
/// `items` the ids of its sheet's items (`None` when the sheet is broken:
/// the ids are then not checked).
pub fn read_note(
    cx: &mut FileCx,
    page: Page,
    stem: &str,
    year: i32,
    items: Option<&[&str]>,
) -> Option<Note> {
    read_note_as(&schema::NOTE, cx, page, stem, year, items)
}

/// `read_note` with the schema given: tests declare fields of their own.
fn read_note_as(
    schema: &'static schema::Schema,
    cx: &mut FileCx,
    page: Page,
    stem: &str,
    year: i32,
    items: Option<&[&str]>,
) -> Option<Note> {
    let mut f = Fields::open(cx, &page.front, "front matter", schema)?;
    let date_node = f.get("date");
    let date = date_node.and_then(|n| fields::date(cx, n, "date"));
    let name_date = stem.get(..10).and_then(Date::parse);
    let date_pos = date_node.map_or(f.pos, |n| n.pos);
    let date = match (date, name_date) {
        (Some(d), Some(nd)) if d != nd => {
            cx.error(
                date_pos,
                cx.msg.note_date_mismatch(&nd.to_string(), &d.to_string()),
            );
            None
        }
        (Some(d), _) => Some(d),
        (None, Some(nd)) if date_node.is_none() => Some(nd),
        (None, None) if date_node.is_none() => {
            cx.error(f.pos, cx.msg.note_needs_date());
            None
        }
        _ => None,
    };
    if let Some(d) = date
        && d.year() != year
    {
        cx.error(date_pos, cx.msg.note_outside_year(&d.to_string(), year));
    }
    let named = f.field(cx, "item").map(|n| read_item_refs(cx, n, items));
    let progress = f.int(cx, "progress").map(|p| p as u8);
    let status_node = f.get("status");
    let status_pos = status_node.map_or(f.pos, |n| n.pos);
    let status = status_node.and_then(|n| fields::keyword::<NoteStatus>(cx, n, "status"));
    let deadline_node = f.get("deadline");
    let deadline = deadline_node.and_then(|n| fields::date(cx, n, "deadline"));
    // A new deadline is what an approved delay sets (docs/spec.md §5); anywhere
    // else it would silently move an item's deadline. A status that did
    // not parse has its own error already.
    if let Some(n) = deadline_node
        && status != Some(NoteStatus::Delayed)
        && (status_node.is_none() || status.is_some())
    {
        cx.error(n.pos, cx.msg.note_deadline_without_delayed());
    }
    let title = f.text(cx, "title");
    let author = f.text(cx, "author");
    let extra = f.extra(cx);
    let generic = f.generic(cx);
    f.finish(cx);
    let named = named.flatten()?;
    if cx.has_errors() {
        return None;
    }
    Some(Note {
        id: stem.to_string(),
        date: date?,
        items: named,
        progress,
        status,
        deadline,
        status_pos,
        title,
        author,
        body: page.body,
        extra,
        fields: generic,
        attachments: Vec::new(),
    })
}

fn read_item_refs(cx: &mut FileCx, node: &Node, known: Option<&[&str]>) -> Option<Vec<String>> {
    let refs = fields::one_or_many(node);
    if refs.is_empty() {
        cx.error(node.pos, cx.msg.empty_text("item"));
        return None;
    }
    let mut out = Vec::with_capacity(refs.len());
    for r in refs {
        let id = fields::text(cx, r, "item")?;
        if let Some(known) = known
            && !known.contains(&id.as_str())
        {
            let hint = suggest(&id, known.iter().copied());
            cx.error(r.pos, cx.msg.note_unknown_item(&id, known, hint));
            return None;
        }
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Some(out)
}

/// Reads `_review.yaml`. `sheets` are the ids of every sheet in the year
/// folder (published or not). Returns reviews keyed by sheet id.
pub fn read_reviews(cx: &mut FileCx, node: &Node, sheets: &[&str]) -> BTreeMap<String, Review> {
    let mut out = BTreeMap::new();
    let entries = match &node.value {
        Value::Map(entries) => entries,
        Value::Null => return out,
        _ => {
            cx.error(node.pos, cx.msg.expected_map("_review.yaml"));
            return out;
        }
    };
    for (key, value) in entries {
        if key.name != crate::model::UNIT_SHEET && !sheets.contains(&key.name.as_str()) {
            let hint = suggest(&key.name, sheets.iter().copied());
            cx.error(key.pos, cx.msg.review_unknown_key(&key.name, hint));
            continue;
        }
        if let Some(review) = read_review(cx, value, &key.name) {
            out.insert(key.name.clone(), review);
        }
    }
    out
}

fn read_review(cx: &mut FileCx, node: &Node, name: &str) -> Option<Review> {
    let mut f = Fields::open(cx, node, name, &schema::REVIEW)?;
    let comments = f
        .get("comments")
        .and_then(|n| fields::list(cx, n, "comments"))
        .map(|list| list.iter().filter_map(|c| read_comment(cx, c)).collect())
        .unwrap_or_default();
    let votes = f.get("votes").and_then(|n| read_votes(cx, n));
    let grade = f.keyword::<Grade>(cx, "grade");
    let exemplary = f.flag(cx, "exemplary");
    f.finish(cx);
    Some(Review {
        comments,
        votes,
        grade,
        exemplary,
    })
}

fn read_comment(cx: &mut FileCx, node: &Node) -> Option<Comment> {
    let mut f = Fields::open(cx, node, "comments", &schema::COMMENT)?;
    let half = f
        .field(cx, "half")
        .and_then(|n| fields::keyword::<Half>(cx, n, "half"));
    let by = f.text(cx, "by");
    let date = f.date(cx, "date");
    let text = f.text(cx, "text");
    f.finish(cx);
    Some(Comment {
        half: half?.number(),
        by: by?,
        date: date?,
        text: text?,
    })
}

fn read_votes(cx: &mut FileCx, node: &Node) -> Option<Votes> {
    let mut f = Fields::open(cx, node, "votes", &schema::VOTES)?;
    let satisfied = f.int(cx, "satisfied");
    let basic = f.int(cx, "basic");
    let unsatisfied = f.int(cx, "unsatisfied");
    f.finish(cx);
    Some(Votes {
        satisfied: satisfied.unwrap_or(0) as u64,
        basic: basic.unwrap_or(0) as u64,
        unsatisfied: unsatisfied.unwrap_or(0) as u64,
    })
}

/// Where a file-level problem (wrong member, exempt member) is reported:
/// the start of the file.
pub const FILE_START: Pos = Pos { line: 1, column: 1 };

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldValue;
    use crate::schema::{Field, Required, Schema, Type};

    /// The note schema with three generic fields added, as README "Adding
    /// a field" says to: one line each, no other code.
    fn schema_with_fields() -> &'static Schema {
        let mut fields = schema::NOTE.fields.to_vec();
        let generic = |name, ty, doc| Field {
            name,
            ty,
            required: Required::No,
            doc,
            doc_en: "",
            example: "",
            private: false,
            generic: true,
        };
        fields.push(generic("test_witness", Type::Text, "见证人"));
        fields.push(generic("test_hours", Type::Int { min: 0, max: 24 }, "用时"));
        fields.push(Field {
            private: true,
            ..generic("test_phone", Type::Text, "联系电话：网站上永远不显示")
        });
        Box::leak(Box::new(Schema {
            kind: "note",
            open: false,
            fields: Box::leak(fields.into_boxed_slice()),
        }))
    }

    fn read(front: &str) -> (Option<Note>, Vec<String>) {
        let text = format!("---\n{front}---\n正文\n");
        let mut cx = FileCx::new(std::path::Path::new("n.md"), Default::default());
        let page = crate::content::source::parse_page(&mut cx, &text).expect("a page");
        let note = read_note_as(
            schema_with_fields(),
            &mut cx,
            page,
            "2026-03-15-visit",
            2026,
            Some(&["visit"]),
        );
        let messages = cx.diags.iter().map(|d| d.message.clone()).collect();
        (note, messages)
    }

    #[test]
    fn generic_note_fields_load_by_type_and_private_ones_are_dropped() {
        let (note, messages) =
            read("item: visit\ntest_witness: 王大爷\ntest_hours: 3\ntest_phone: '13800000000'\n");
        assert!(messages.is_empty(), "{messages:?}");
        let note = note.expect("a note");
        let fields: Vec<_> = note.fields.iter().map(|(k, v)| (*k, v.clone())).collect();
        assert_eq!(
            fields,
            [
                ("test_hours", FieldValue::Int(3)),
                ("test_witness", FieldValue::Text("王大爷".into()))
            ]
        );
        // The demo's notes declare no generic field: nothing is added.
        let (note, _) = read("item: visit\n");
        assert!(note.expect("a note").fields.is_empty());
    }

    /// Sheets and items take generic fields the same way, the items'
    /// schema from the sheet schema's `items` type.
    #[test]
    fn generic_sheet_and_item_fields_load_by_type() {
        let mut items = schema::ITEM.fields.to_vec();
        items.push(Field {
            name: "test_funding",
            ty: Type::Int {
                min: 0,
                max: 1_000_000,
            },
            required: Required::No,
            doc: "资金（元）",
            doc_en: "",
            example: "",
            private: false,
            generic: true,
        });
        let item_schema: &'static Schema = Box::leak(Box::new(Schema {
            kind: "item",
            open: false,
            fields: Box::leak(items.into_boxed_slice()),
        }));
        let mut sheet = schema::SHEET.fields.to_vec();
        for f in &mut sheet {
            if f.name == "items" {
                f.ty = Type::List(item_schema);
            }
        }
        sheet.push(Field {
            name: "test_contact",
            doc: "联系方式",
            ..item_schema.fields[item_schema.fields.len() - 1]
        });
        let sheet_schema: &'static Schema = Box::leak(Box::new(Schema {
            kind: "sheet",
            open: false,
            fields: Box::leak(sheet.into_boxed_slice()),
        }));
        let read = |front: &str| {
            let text = format!("---\nname: 张三\ntest_contact: 12345\nitems:\n{front}---\n");
            let mut cx = FileCx::new(std::path::Path::new("s.md"), Default::default());
            let page = crate::content::source::parse_page(&mut cx, &text).expect("a page");
            let sheet = read_sheet_as(sheet_schema, &mut cx, page, false);
            let messages: Vec<String> = cx.diags.iter().map(|d| d.message.clone()).collect();
            (sheet, messages)
        };
        let (sheet, messages) = read(
            "  - id: a\n    title: t\n    deadline: 2026-12-31\n    test_funding: 5000\n  - id: b\n    title: u\n    deadline: 2026-12-31\n",
        );
        assert!(messages.is_empty(), "{messages:?}");
        let sheet = sheet.expect("a sheet");
        // The sheet's own generic field, an int declared like the item's.
        assert_eq!(
            sheet.fields.get("test_contact"),
            Some(&FieldValue::Int(12345))
        );
        let items = sheet.items;
        assert_eq!(
            items[0].fields.get("test_funding"),
            Some(&FieldValue::Int(5000))
        );
        assert!(items[1].fields.is_empty());
        let (_, messages) =
            read("  - id: a\n    title: t\n    deadline: 2026-12-31\n    test_funding: lots\n");
        let msg = crate::i18n::Messages::default();
        assert_eq!(messages, [msg.expected_int("test_funding", None)]);
    }

    #[test]
    fn generic_note_fields_get_the_typed_fields_messages() {
        let msg = crate::i18n::Messages::default();
        let (note, messages) = read("item: visit\ntest_hours: \"3\"\n");
        assert!(note.is_none());
        assert_eq!(messages, [msg.expected_int("test_hours", Some("3"))]);
        let (_, messages) = read("item: visit\ntest_hours: 30\n");
        assert_eq!(messages, [msg.int_range("test_hours", 0, 24)]);
        let (_, messages) = read("item: visit\ntest_witness: \"\"\n");
        assert_eq!(messages, [msg.empty_text("test_witness")]);
        // "Did you mean" knows the new field, and lists it.
        let (_, messages) = read("item: visit\ntest_witnes: 王大爷\n");
        let known = schema_with_fields().names();
        assert_eq!(
            messages,
            [msg.unknown_field("test_witnes", &known, Some("test_witness"))]
        );
        assert!(messages[0].contains("test_witness"), "{}", messages[0]);
    }
}

//! Open data: `/data/<year>.json` and `/data/<year>.csv` (docs/spec.md §4), built
//! from the model and its derived facts.

use std::io::{self, Write};

use serde::{Serialize, Serializer};

use crate::derive::{ItemStatus, SheetFacts, Tally, YearFacts};
use crate::model::{Date, GenericFields, Grade, Note, NoteStatus, Sheet, Site, Unit, Votes};
use crate::output::OutFile;

#[derive(Serialize)]
struct YearData<U, P, N> {
    year: i32,
    today: String,
    totals: Totals,
    units: U,
    pledgers: P,
    notes: N,
}

/// A list written from an iterator as it is serialized: a city's rows are
/// never all held at once.
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// The whole site's figures (docs/spec.md §4 `totals`).
#[derive(Serialize)]
struct Totals {
    items: u64,
    done: u64,
    due: u64,
    fulfilment: Option<f64>,
    fulfilment_due: Option<f64>,
}

impl Totals {
    fn of(t: &Tally) -> Self {
        Totals {
            items: t.items,
            done: t.count(ItemStatus::Done),
            due: t.due(),
            fulfilment: t.fulfilment(),
            fulfilment_due: t.fulfilment_due(),
        }
    }
}

#[derive(Serialize)]
struct UnitRow<'a> {
    path: &'a str,
    name: &'a str,
    kind: &'static str,
    parent: Option<&'a str>,
    items: u64,
    done: u64,
    due: u64,
    fulfilment: Option<f64>,
    fulfilment_due: Option<f64>,
    pledged: u64,
    /// Unknown (`null`) when no unit of the subtree has a roster or `members`.
    required: Option<u64>,
    coverage: Option<f64>,
    satisfaction: Option<f64>,
    /// Items per derived status, subtree included.
    statuses: StatusCounts,
    sheets: u64,
    notes: u64,
    exemplary: bool,
}

#[derive(Serialize)]
struct StatusCounts {
    done: u64,
    adjusted: u64,
    abandoned: u64,
    overdue: u64,
    delayed: u64,
    #[serde(rename = "in-progress")]
    in_progress: u64,
    #[serde(rename = "not-started")]
    not_started: u64,
}

impl StatusCounts {
    fn of(t: &Tally) -> Self {
        StatusCounts {
            done: t.count(ItemStatus::Done),
            adjusted: t.count(ItemStatus::Adjusted),
            abandoned: t.count(ItemStatus::Abandoned),
            overdue: t.count(ItemStatus::Overdue),
            delayed: t.count(ItemStatus::Delayed),
            in_progress: t.count(ItemStatus::InProgress),
            not_started: t.count(ItemStatus::NotStarted),
        }
    }
}

#[derive(Serialize)]
struct PledgerRow<'a> {
    unit: &'a str,
    id: &'a str,
    name: &'a str,
    role: Option<&'a str>,
    form: &'static str,
    approved: Option<Date>,
    published: Option<Date>,
    grade: Option<Grade>,
    votes: Option<Votes>,
    exemplary: bool,
    done: u64,
    due: u64,
    fulfilment: Option<f64>,
    fulfilment_due: Option<f64>,
    satisfaction: Option<f64>,
    items: Vec<ItemRow<'a>>,
    /// The schema's generic sheet fields, beside the typed ones.
    #[serde(flatten)]
    fields: &'a GenericFields,
}

#[derive(Serialize)]
struct ItemRow<'a> {
    id: &'a str,
    title: &'a str,
    category: Option<&'a str>,
    deadline: Date,
    /// The approved new deadline (延期至), or `null`.
    new_deadline: Option<Date>,
    baseline: Option<&'a str>,
    target: Option<&'a str>,
    responsibility: Option<&'a str>,
    status: ItemStatus,
    progress: u8,
    notes: usize,
    /// The schema's generic item fields, beside the typed ones.
    #[serde(flatten)]
    fields: &'a GenericFields,
}

#[derive(Serialize)]
struct NoteRow<'a> {
    unit: &'a str,
    pledger: &'a str,
    id: &'a str,
    items: &'a [String],
    date: Date,
    progress: Option<u8>,
    status: Option<NoteStatus>,
    deadline: Option<Date>,
    title: Option<&'a str>,
    author: Option<&'a str>,
    /// The schema's generic note fields, beside the typed ones.
    #[serde(flatten)]
    fields: &'a GenericFields,
}

/// The pledger's display name: a unit's own sheet always shows the unit.
pub fn pledger_name<'a>(unit: &'a Unit, sheet: &'a Sheet) -> &'a str {
    if sheet.is_unit() {
        &unit.name
    } else {
        sheet.name.as_deref().unwrap_or(&sheet.id)
    }
}

/// Both data files of one year.
pub fn data_files(site: &Site, facts: &YearFacts) -> Vec<OutFile> {
    let [json_path, csv_path] = paths(facts.year);
    vec![
        OutFile::text(json_path, json(site, facts)),
        OutFile::text(csv_path, csv(site, facts)),
    ]
}

/// Writes one data file of a year to a writer: [`write_json`] or [`write_csv`].
pub type Writer = fn(&Site, &YearFacts, &mut dyn Write) -> io::Result<()>;

/// Where the JSON and the CSV of `year` go.
pub fn paths(year: i32) -> [String; 2] {
    [format!("data/{year}.json"), format!("data/{year}.csv")]
}

/// Every published sheet of the year with its unit and facts, in tree order.
fn sheets<'a>(
    site: &'a Site,
    facts: &'a YearFacts,
) -> impl Iterator<Item = (&'a Unit, &'a Sheet, &'a SheetFacts)> + 'a {
    site.units_ix().flat_map(move |(u, unit)| {
        unit.years
            .get(&facts.year)
            .into_iter()
            .flat_map(|uy| uy.sheets_ix())
            .map(move |(s, sheet)| (unit, sheet, facts.sheet(u, s)))
    })
}

pub fn json(site: &Site, facts: &YearFacts) -> String {
    let mut out = Vec::new();
    let _ = write_json(site, facts, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// `/data/<year>.json`, written to `w` as it is made.
pub fn write_json(site: &Site, facts: &YearFacts, w: &mut dyn Write) -> io::Result<()> {
    let year = facts.year;
    let units = || {
        site.units_ix().map(move |(u, unit)| {
            let t = &facts.total[u];
            UnitRow {
                path: &unit.path,
                name: &unit.name,
                kind: unit.kind.as_str(),
                parent: unit.parent.map(|p| site.unit(p).path.as_str()),
                items: t.items,
                done: t.count(ItemStatus::Done),
                due: t.due(),
                fulfilment: t.fulfilment(),
                fulfilment_due: t.fulfilment_due(),
                pledged: t.pledged,
                required: t.required(),
                coverage: t.coverage(),
                satisfaction: t.satisfaction(),
                statuses: StatusCounts::of(t),
                sheets: t.sheets,
                notes: t.notes,
                exemplary: unit.exemplary.contains(&year),
            }
        })
    };
    let pledgers = || {
        sheets(site, facts).map(move |(unit, sheet, sf)| {
            let review = unit
                .years
                .get(&year)
                .and_then(|uy| uy.reviews.get(&sheet.id));
            let tally = &sf.tally;
            PledgerRow {
                unit: &unit.path,
                id: &sheet.id,
                name: pledger_name(unit, sheet),
                role: sheet.role.as_deref(),
                form: sheet.form.as_str(),
                approved: sheet.approved.as_ref().map(|a| a.date),
                published: sheet.published,
                grade: review.and_then(|r| r.grade),
                votes: review.and_then(|r| r.votes),
                exemplary: review.is_some_and(|r| r.exemplary),
                done: tally.count(ItemStatus::Done),
                due: tally.due(),
                fulfilment: tally.fulfilment(),
                fulfilment_due: tally.fulfilment_due(),
                satisfaction: tally.satisfaction(),
                fields: &sheet.fields,
                items: sheet
                    .items
                    .iter()
                    .zip(&sf.items)
                    .map(|(item, st)| ItemRow {
                        id: &item.id,
                        title: &item.title,
                        category: item.category.as_deref(),
                        deadline: item.deadline,
                        new_deadline: st.new_deadline,
                        baseline: item.baseline.as_deref(),
                        target: item.target.as_deref(),
                        responsibility: item.responsibility.as_deref(),
                        status: st.status,
                        progress: st.progress,
                        notes: st.notes,
                        fields: &item.fields,
                    })
                    .collect(),
            }
        })
    };
    let notes = || {
        sheets(site, facts).flat_map(|(unit, sheet, _)| {
            sheet.notes.iter().map(move |n: &Note| NoteRow {
                unit: &unit.path,
                pledger: &sheet.id,
                id: &n.id,
                items: &n.items,
                date: n.date,
                progress: n.progress,
                status: n.status,
                deadline: n.deadline,
                title: n.title.as_deref(),
                author: n.author.as_deref(),
                fields: &n.fields,
            })
        })
    };
    let data = YearData {
        year,
        today: facts.today.to_string(),
        totals: Totals::of(&facts.site),
        units: Lazy(units),
        pledgers: Lazy(pledgers),
        notes: Lazy(notes),
    };
    let mut w = io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer_pretty(&mut w, &data)?;
    w.write_all(b"\n")?;
    w.flush()
}

const CSV_COLUMNS: &[&str] = &[
    "unit",
    "unit_name",
    "pledger",
    "pledger_name",
    "item",
    "title",
    "category",
    "deadline",
    "new_deadline",
    "status",
    "progress",
    "notes",
    "baseline",
    "target",
    "responsibility",
];

/// One row per item, UTF-8 with a BOM so that Excel reads Chinese right.
pub fn csv(site: &Site, facts: &YearFacts) -> String {
    let mut out = Vec::new();
    let _ = write_csv(site, facts, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// `/data/<year>.csv`, written to `w` as it is made: quoted where
/// needed (a comma, a quote or a line break in the cell, quotes doubled),
/// rows ending in CRLF.
pub fn write_csv(site: &Site, facts: &YearFacts, w: &mut dyn Write) -> io::Result<()> {
    w.write_all("\u{feff}".as_bytes())?;
    let mut rows = csv_writer(w);
    rows.write_record(CSV_COLUMNS)?;
    for (unit, sheet, sf) in sheets(site, facts) {
        for (item, st) in sheet.items.iter().zip(&sf.items) {
            let progress = st.progress.to_string();
            let notes = st.notes.to_string();
            let deadline = item.deadline.to_string();
            let new_deadline = st.new_deadline.map(|d| d.to_string()).unwrap_or_default();
            let cells = [
                unit.path.as_str(),
                &unit.name,
                &sheet.id,
                pledger_name(unit, sheet),
                &item.id,
                &item.title,
                item.category.as_deref().unwrap_or(""),
                &deadline,
                &new_deadline,
                st.status.as_str(),
                &progress,
                &notes,
                item.baseline.as_deref().unwrap_or(""),
                item.target.as_deref().unwrap_or(""),
                item.responsibility.as_deref().unwrap_or(""),
            ];
            for cell in cells {
                rows.write_field(&*guarded(cell))?;
            }
            rows.write_record(None::<&[u8]>)?;
        }
    }
    rows.flush()
}

/// The CSV writer of the open data, buffered.
fn csv_writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(1 << 16)
        .from_writer(w)
}

/// A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`
/// first, or a tab or line break before one, which spreadsheets skip)
/// with a leading `'`.
fn guarded(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One cell written as the open-data CSV writes it.
    fn csv_cell(text: &str) -> String {
        let mut out = Vec::new();
        let mut w = csv_writer(&mut out);
        w.write_record([guarded(text).as_ref(), "x"])
            .expect("write");
        drop(w);
        let row = String::from_utf8(out).expect("utf-8");
        row.strip_suffix(",x\r\n").expect("one row").to_string()
    }

    #[test]
    fn csv_cells_are_quoted_and_guarded() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("-5"), "'-5");
        // A line break first is skipped by spreadsheets like a tab.
        assert_eq!(csv_cell("\n=1+1"), "\"'\n=1+1\"");
        assert_eq!(csv_cell("\r\n@SUM(A1)"), "\"'\r\n@SUM(A1)\"");
        assert_eq!(csv_cell("\ta"), "'\ta");
        assert_eq!(csv_cell("普通"), "普通");
        assert_eq!(csv_cell(""), "");
    }

    /// A generic note or item field (README "Adding a field") is exported
    /// on its note or item, beside the typed fields; others get no key.
    #[test]
    fn generic_fields_are_exported_where_they_are_written() {
        use crate::model::FieldValue;
        use std::sync::Arc;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut site, _) =
            crate::content::load(root, &Default::default()).expect("the demo loads");
        let year = 2026;
        let (u, id) = site
            .units
            .iter()
            .enumerate()
            .find_map(|(u, unit)| {
                let sheet = unit
                    .years
                    .get(&year)?
                    .sheets
                    .iter()
                    .find(|s| !s.notes.is_empty())?;
                Some((u, sheet.notes[0].id.clone()))
            })
            .expect("a note in the demo");
        let unit = Arc::make_mut(&mut site.units[u]);
        let sheet = unit
            .years
            .get_mut(&year)
            .and_then(|y| y.sheets.iter_mut().find(|s| !s.notes.is_empty()))
            .expect("the sheet");
        sheet.notes[0]
            .fields
            .insert("test_witness", FieldValue::Text("王大爷".into()));
        sheet.notes[0]
            .fields
            .insert("test_hours", FieldValue::Int(3));
        sheet.items[0]
            .fields
            .insert("test_funding", FieldValue::Int(5000));
        sheet
            .fields
            .insert("test_contact", FieldValue::Text("12345".into()));
        let sheet_id = sheet.id.clone();
        let item_id = sheet.items[0].id.clone();
        let today = Date::parse("2026-11-28").expect("a date");
        let facts = crate::derive::derive_year(&site, year, today);
        let data: serde_json::Value = serde_json::from_str(&json(&site, &facts)).expect("JSON");
        let notes = data["notes"].as_array().expect("notes");
        let with: Vec<_> = notes
            .iter()
            .filter(|n| n.get("test_witness").is_some())
            .collect();
        assert_eq!(with.len(), 1, "only the one note has it");
        assert_eq!(with[0]["id"], id.as_str());
        assert_eq!(with[0]["test_witness"], "王大爷");
        assert_eq!(with[0]["test_hours"], 3);
        assert!(with[0]["title"].is_string() || with[0]["title"].is_null());
        // Items too, on their pledger's row.
        let items: Vec<_> = data["pledgers"]
            .as_array()
            .expect("pledgers")
            .iter()
            .flat_map(|p| p["items"].as_array().cloned().unwrap_or_default())
            .filter(|i| i.get("test_funding").is_some())
            .collect();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["id"], item_id.as_str());
        assert_eq!(items[0]["test_funding"], 5000);
        // And sheets, on their pledger's row.
        let pledgers: Vec<_> = data["pledgers"]
            .as_array()
            .expect("pledgers")
            .iter()
            .filter(|p| p.get("test_contact").is_some())
            .collect();
        assert_eq!(pledgers.len(), 1);
        assert_eq!(pledgers[0]["id"], sheet_id.as_str());
        assert_eq!(pledgers[0]["test_contact"], "12345");
    }
}

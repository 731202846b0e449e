//! Reading a spreadsheet into rows of cells: CSV (UTF-8, with or without a
//! BOM, or GBK/GB18030 as Chinese Excel saves it) through `csv`, and
//! xlsx/xls/ods through `calamine`, with merged cells filled from their
//! top-left cell. Row numbers are the ones the spreadsheet program shows.

use std::path::Path;

use calamine::{Data, Dimensions, Reader, Sheets, open_workbook_auto};

/// One cell as the spreadsheet holds it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// An Excel date, as its serial number.
    Date(f64),
}

impl Cell {
    /// The cell as text, trimmed; whole numbers without `.0`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) | Cell::Date(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    n.to_string()
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }
}

/// One sheet of a workbook (a CSV file is one sheet without a name).
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub name: Option<String>,
    /// (1-based row number, cells).
    pub rows: Vec<(usize, Vec<Cell>)>,
}

/// Why a spreadsheet could not be read.
#[derive(Clone, Debug)]
pub enum ReadError {
    Io(String),
    Format(String),
    UnknownType,
}

/// Reads every sheet of the file at `path`, chosen by its extension.
pub fn read(path: &Path) -> Result<Vec<Table>, ReadError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            let bytes = std::fs::read(path).map_err(|e| ReadError::Io(e.to_string()))?;
            csv_table(&bytes).map(|t| vec![t])
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => workbook(path),
        _ => Err(ReadError::UnknownType),
    }
}

/// Text of a CSV file: UTF-8 (a BOM is dropped), else GB18030, which is
/// what Excel's "CSV" saves on a Chinese Windows.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

pub fn csv_table(bytes: &[u8]) -> Result<Table, ReadError> {
    let text = decode(bytes);
    // The separator used most on any of the first lines (a title line
    // above the header has none); a comma when in doubt.
    let count = |d: u8| {
        text.lines()
            .take(20)
            .map(|l| l.matches(char::from(d)).count())
            .max()
            .unwrap_or(0)
    };
    let mut delimiter = b',';
    for d in [b'\t', b';'] {
        if count(d) > count(delimiter) {
            delimiter = d;
        }
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut table = Table::default();
    // Row numbers count records, as a spreadsheet shows them (a quoted
    // cell may span several lines of the file).
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ReadError::Format(e.to_string()))?;
        let line = i + 1;
        let cells = record
            .iter()
            .map(|c| {
                if c.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(c.to_string())
                }
            })
            .collect();
        table.rows.push((line, cells));
    }
    Ok(table)
}

fn workbook(path: &Path) -> Result<Vec<Table>, ReadError> {
    let mut book = open_workbook_auto(path).map_err(|e| ReadError::Format(e.to_string()))?;
    let mut tables = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| ReadError::Format(e.to_string()))?;
        let merged: Vec<Dimensions> = match &mut book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let Some((top, left)) = range.start() else {
            tables.push(Table {
                name: Some(name),
                rows: Vec::new(),
            });
            continue;
        };
        let mut grid: Vec<Vec<Cell>> = range
            .rows()
            .map(|row| row.iter().map(cell).collect())
            .collect();
        // A merged block holds its value in the top-left cell only.
        for m in &merged {
            let at = |r: u32, c: u32| {
                let (r, c) = (r.checked_sub(top)?, c.checked_sub(left)?);
                Some((r as usize, c as usize))
            };
            let Some(value) = at(m.start.0, m.start.1)
                .and_then(|(r, c)| grid.get(r).and_then(|row| row.get(c)))
                .cloned()
            else {
                continue;
            };
            for r in m.start.0..=m.end.0 {
                for c in m.start.1..=m.end.1 {
                    if let Some((r, c)) = at(r, c)
                        && let Some(slot) = grid.get_mut(r).and_then(|row| row.get_mut(c))
                        && slot.is_empty()
                    {
                        *slot = value.clone();
                    }
                }
            }
        }
        let rows = grid
            .into_iter()
            .enumerate()
            .map(|(i, cells)| (top as usize + i + 1, cells))
            .collect();
        tables.push(Table {
            name: Some(name),
            rows,
        });
    }
    Ok(tables)
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            if s.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.clone())
            }
        }
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(d) => Cell::Date(d.as_f64()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

/// Full-width letters, digits and punctuation (Ａ１：（）) and the
/// ideographic space as their ASCII forms.
pub fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// A header as compared: half-width, without spaces, marks such as `*`
/// or `:`, or a note in brackets (`完成时限（年月日）`), ASCII lower-cased.
pub fn normalize_header(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in header.chars().map(half_width) {
        match c {
            '(' | '【' | '[' => depth += 1,
            ')' | '】' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() || "*:：★※".contains(c) => {}
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_normalized() {
        assert_eq!(normalize_header(" 姓 名 "), "姓名");
        assert_eq!(normalize_header("完成时限（年月日）"), "完成时限");
        assert_eq!(normalize_header("*承诺事项："), "承诺事项");
        assert_eq!(normalize_header("ＩＤ"), "id");
        assert_eq!(normalize_header("预期效果／目标"), "预期效果/目标");
        assert_eq!(normalize_header("\u{3000}类别\u{a0}"), "类别");
    }

    #[test]
    fn csv_in_utf8_with_bom_and_in_gbk() {
        let t = csv_table(
            "\u{feff}姓名,承诺事项\n张伟,\"招聘会,4场\"\n李娜,\"两行\n内容\"\n赵磊,x\n".as_bytes(),
        )
        .expect("csv");
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.rows[3].0, 4, "a quoted line break stays in its row");
        assert_eq!(t.rows[0].1[0], Cell::Text("姓名".into()));
        assert_eq!(t.rows[1].0, 2);
        assert_eq!(t.rows[1].1[1].text(), "招聘会,4场");
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,承诺事项\n张伟,招聘会\n");
        let t = csv_table(&gbk).expect("gbk csv");
        assert_eq!(t.rows[1].1[0].text(), "张伟");
    }

    #[test]
    fn tab_separated_text_is_recognized() {
        let t = csv_table("姓名\t承诺事项\n张伟\t招聘会\n".as_bytes()).expect("tsv");
        assert_eq!(t.rows[1].1.len(), 2);
    }

    #[test]
    fn numbers_print_without_a_fraction() {
        assert_eq!(Cell::Number(46295.0).text(), "46295");
        assert_eq!(Cell::Number(2.5).text(), "2.5");
    }
}

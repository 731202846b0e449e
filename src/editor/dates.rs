//! Dates as spreadsheets hold them: `2026-09-30`, `2026/9/30`, `2026.9.30`,
//! `2026年9月30日`, `20260930`, Excel serial numbers (46295), and the
//! month or year ends pledge tables often give (`2026年9月底`, `年底`).

use crate::model::Date;

/// Excel counts days from 1899-12-30 (which absorbs its 1900 leap-year bug
/// for every date after February 1900).
pub fn from_serial(serial: f64) -> Option<Date> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let epoch = jiff::civil::date(1899, 12, 30);
    let days = serial.floor() as i64;
    epoch
        .checked_add(jiff::Span::new().days(days))
        .ok()
        .map(Date)
}

/// A date written in one of the usual spreadsheet forms; `year` is the
/// pledge year, for `年底` without a year.
pub fn parse(text: &str, year: i32) -> Option<Date> {
    let t: String = text.chars().map(super::table::half_width).collect();
    // A date with a time (`2026-09-30 00:00:00`, `2026-09-30T08:00`): the date part.
    let t = match (t.contains(':'), t.trim().find([' ', 'T'])) {
        (true, Some(i)) => t.trim()[..i].to_string(),
        _ => t,
    };
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches('前').trim_end_matches('之');
    if t.is_empty() {
        return None;
    }
    if let Some(d) = Date::parse(t) {
        return Some(d);
    }
    if matches!(t, "年底" | "年末" | "全年" | "本年底" | "今年底") {
        return ymd(year, 12, 31);
    }
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let (y, md) = t.split_at(4);
        let (m, d) = md.split_at(2);
        return ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    if (1..=6).contains(&t.len())
        && let Ok(serial) = t.parse::<f64>()
        && serial >= 20_000.0
    {
        return from_serial(serial);
    }
    // 2026年9月30日 / 2026年9月底 / 2026年9月 / 2026年底
    if let Some((y, rest)) = t.split_once('年') {
        let y: i32 = y.parse().ok()?;
        if matches!(rest, "底" | "末" | "") {
            return ymd(y, 12, 31);
        }
        let (m, rest) = rest.split_once('月')?;
        let m: i8 = m.parse().ok()?;
        let rest = rest.trim_end_matches(['日', '号']);
        return match rest {
            "" | "底" | "末" => month_end(y, m),
            d => ymd(y, m, d.parse().ok()?),
        };
    }
    // 2026/9/30, 2026.9.30, 2026-9-30
    let parts: Vec<&str> = t.split(['/', '.', '-']).collect();
    if let [y, m, d] = parts.as_slice()
        && y.len() == 4
    {
        return ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    None
}

fn ymd(y: i32, m: i8, d: i8) -> Option<Date> {
    let y = i16::try_from(y).ok()?;
    jiff::civil::Date::new(y, m, d).ok().map(Date)
}

fn month_end(y: i32, m: i8) -> Option<Date> {
    let first = jiff::civil::Date::new(i16::try_from(y).ok()?, m, 1).ok()?;
    Some(Date(first.last_of_month()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Date> {
        Date::parse(s)
    }

    #[test]
    fn the_usual_forms() {
        for text in [
            "2026-09-30",
            "2026/9/30",
            "2026.9.30",
            "2026-9-30",
            "2026年9月30日",
            "2026 年 9 月 30 日",
            "２０２６年９月３０日",
            "20260930",
            "46295",
            "2026-09-30 00:00:00",
            "2026-09-30T00:00:00",
            "2026年9月底",
            "2026年9月底前",
        ] {
            assert_eq!(parse(text, 2026), d("2026-09-30"), "{text}");
        }
        assert_eq!(parse("年底前", 2026), d("2026-12-31"));
        assert_eq!(parse("2026年底", 2025), d("2026-12-31"));
        assert_eq!(parse("2026年2月", 2026), d("2026-02-28"));
    }

    #[test]
    fn nonsense_is_refused() {
        for text in [
            "",
            "下半年",
            "2026-02-30",
            "2026/13/1",
            "9/30",
            "12",
            "3.5",
            "尽快",
        ] {
            assert_eq!(parse(text, 2026), None, "{text}");
        }
    }

    #[test]
    fn excel_serials() {
        assert_eq!(from_serial(46295.0), d("2026-09-30"));
        assert_eq!(from_serial(46295.75), d("2026-09-30"));
        assert_eq!(from_serial(61.0), d("1900-03-01"));
        assert_eq!(from_serial(-3.0), None);
    }
}

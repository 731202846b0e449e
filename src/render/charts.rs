//! Charts drawn at build time as inline SVG (no script): status
//! distribution, fulfilment by unit kind and by child unit, notes per
//! month, and the public evaluation. Each comes with a title, a sentence
//! that says what it shows, and its numbers as a table, so nothing is
//! only in the picture.

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::Env;
use crate::derive::{ItemStatus, Tally};
use crate::escape::xml as xml_escape;
use crate::i18n::ui::percent;
use crate::model::{UnitIx, UnitKind, Votes};

/// The drawing's width in SVG units; CSS scales it to the column (about
/// 1:1 on a phone, up to 1.3 on a desktop).
const W: f64 = 320.0;
const ROW: f64 = 32.0;
const FONT: &str = "font-size=\"12\"";
const INK: &str = "#1f1f1f";
const TRACK: &str = "#ececec";
/// Longer labels are cut (the table has them whole).
const MAX_LABEL: usize = 17;

/// One chart, ready for the `chart` template component.
#[derive(Clone, Debug, Serialize)]
pub struct Chart {
    /// Unique on its page; also the prefix of the ids inside.
    pub id: String,
    pub title: String,
    pub summary: String,
    pub svg: String,
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TableRow {
    pub head: String,
    pub cells: Vec<String>,
}

fn row(head: impl Into<String>, cells: Vec<String>) -> TableRow {
    TableRow {
        head: head.into(),
        cells,
    }
}

/// `template` with each `{key}` replaced.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in values {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

fn status_color(s: ItemStatus) -> &'static str {
    match s {
        ItemStatus::Done => "#2e7d32",
        ItemStatus::Adjusted => "#607d8b",
        ItemStatus::Abandoned => "#757575",
        ItemStatus::Overdue => "#b71c1c",
        ItemStatus::Delayed => "#e65100",
        ItemStatus::InProgress => "#1565c0",
        ItemStatus::NotStarted => "#9e9e9e",
    }
}

fn cut(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(MAX_LABEL - 1).collect();
        s.push('…');
        s
    }
}

/// The `<svg>` element around `body`, named by the figure's caption.
fn frame(id: &str, height: f64, body: &str) -> String {
    format!(
        "<svg class=\"chart-svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {height}\" \
         width=\"{W}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-s\">{body}</svg>"
    )
}

/// A bar per row, its label above it and its value at the right end.
struct Bar {
    label: String,
    value: String,
    /// 0..=1 of the full width; `None` draws only the track.
    share: Option<f64>,
    color: &'static str,
}

fn bars(id: &str, rows: &[Bar]) -> String {
    let mut body = String::new();
    for (i, b) in rows.iter().enumerate() {
        let top = i as f64 * ROW;
        body.push_str(&format!(
            "<text x=\"0\" y=\"{}\" {FONT} fill=\"{INK}\">{}</text>",
            top + 13.0,
            xml_escape(&cut(&b.label))
        ));
        body.push_str(&format!(
            "<text x=\"{W}\" y=\"{}\" {FONT} fill=\"{INK}\" text-anchor=\"end\">{}</text>",
            top + 13.0,
            xml_escape(&b.value)
        ));
        body.push_str(&format!(
            "<rect x=\"0\" y=\"{}\" width=\"{W}\" height=\"9\" rx=\"2\" fill=\"{TRACK}\"/>",
            top + 18.0
        ));
        if let Some(share) = b.share.filter(|s| *s > 0.0) {
            let w = (share.min(1.0) * W).max(2.0);
            body.push_str(&format!(
                "<rect class=\"chart-bar\" x=\"0\" y=\"{}\" width=\"{w:.1}\" height=\"9\" rx=\"2\" fill=\"{}\"/>",
                top + 18.0,
                b.color
            ));
        }
    }
    frame(id, (rows.len().max(1) as f64) * ROW, &body)
}

fn count_share(n: u64, total: u64) -> String {
    percent((total > 0).then(|| n as f64 / total as f64))
}

/// Items by status.
pub fn status(env: &Env, id: &str, tally: &Tally) -> Chart {
    let t = &env.t;
    let max = ItemStatus::ALL
        .iter()
        .map(|&s| tally.count(s))
        .max()
        .unwrap_or(0);
    let rows: Vec<Bar> = ItemStatus::ALL
        .iter()
        .map(|&s| {
            let n = tally.count(s);
            Bar {
                label: t.status(s),
                value: format!("{n} ({})", count_share(n, tally.items)),
                share: (max > 0).then(|| n as f64 / max as f64),
                color: status_color(s),
            }
        })
        .collect();
    let parts: Vec<String> = ItemStatus::ALL
        .iter()
        .filter(|&&s| tally.count(s) > 0)
        .map(|&s| {
            fill(
                t.get("chart_status_part"),
                &[("label", t.status(s)), ("n", tally.count(s).to_string())],
            )
        })
        .collect();
    let summary = if tally.items == 0 {
        t.get("chart_status_empty").to_string()
    } else {
        fill(
            t.get("chart_status_summary"),
            &[
                ("n", tally.items.to_string()),
                ("list", parts.join(t.get("list_sep"))),
            ],
        )
    };
    Chart {
        id: id.to_string(),
        title: t.get("chart_status").to_string(),
        summary,
        svg: bars(id, &rows),
        columns: vec![
            t.get("status").to_string(),
            t.get("count").to_string(),
            t.get("chart_share").to_string(),
        ],
        rows: ItemStatus::ALL
            .iter()
            .map(|&s| {
                let n = tally.count(s);
                row(
                    t.status(s),
                    vec![n.to_string(), count_share(n, tally.items)],
                )
            })
            .collect(),
    }
}

/// Fulfilment of named tallies (kinds or units), with highest and lowest.
/// While the year runs (`running`) they are ranked by the fulfilment of
/// due items, and those with nothing due are left out of the bars and the
/// ranking (named as such) instead of leading or trailing at 0 %.
fn rates(env: &Env, id: &str, title: &str, named: &[(String, Tally)], running: bool) -> Chart {
    let t = &env.t;
    let rate_of = |tally: &Tally| {
        if running {
            tally.fulfilment_due()
        } else {
            tally.fulfilment()
        }
    };
    let counts = |tally: &Tally| {
        let done = tally.count(ItemStatus::Done);
        if running {
            (done, tally.due())
        } else {
            (done, tally.items - tally.count(ItemStatus::Adjusted))
        }
    };
    let rate_name = t
        .get(if running {
            "fulfilment_due"
        } else {
            "fulfilment_year"
        })
        .to_string();
    let shown: Vec<&(String, Tally)> = named
        .iter()
        .filter(|(_, tally)| !running || tally.due() > 0)
        .collect();
    let rows: Vec<Bar> = shown
        .iter()
        .map(|(name, tally)| {
            let rate = rate_of(tally);
            let (n, d) = counts(tally);
            Bar {
                label: name.clone(),
                value: format!("{} ({n}/{d})", percent(rate)),
                share: rate,
                color: "#b71c1c",
            }
        })
        .collect();
    let known: Vec<(&String, f64)> = shown
        .iter()
        .filter_map(|(n, tally)| rate_of(tally).map(|r| (n, r)))
        .collect();
    let mut summary = match known.len() {
        0 if running => t.get("chart_rate_none_due").to_string(),
        0 => t.get("chart_rate_none").to_string(),
        1 => fill(
            t.get("chart_rate_one"),
            &[
                ("name", known[0].0.clone()),
                ("rate", rate_name.clone()),
                ("value", percent(Some(known[0].1))),
            ],
        ),
        _ => {
            // The first of equals wins, in display order.
            let mut hi = known[0];
            let mut lo = known[0];
            for &k in &known[1..] {
                if k.1 > hi.1 {
                    hi = k;
                }
                if k.1 < lo.1 {
                    lo = k;
                }
            }
            fill(
                t.get("chart_rate_summary"),
                &[
                    ("rate", rate_name.clone()),
                    ("hi", hi.0.clone()),
                    ("hi_rate", percent(Some(hi.1))),
                    ("lo", lo.0.clone()),
                    ("lo_rate", percent(Some(lo.1))),
                ],
            )
        }
    };
    let left_out: Vec<&str> = named
        .iter()
        .filter(|(_, tally)| running && tally.due() == 0 && tally.items > 0)
        .map(|(n, _)| n.as_str())
        .collect();
    if !left_out.is_empty() && !known.is_empty() {
        summary.push_str(&fill(
            t.get("chart_rate_left_out"),
            &[("list", left_out.join(t.get("list_sep")))],
        ));
    }
    let mut columns = vec![
        t.get("unit").to_string(),
        t.get("items").to_string(),
        t.get("done").to_string(),
    ];
    if running {
        columns.push(t.get("due_items").to_string());
        columns.push(t.get("fulfilment_due").to_string());
    }
    columns.push(t.get("fulfilment_year").to_string());
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        summary,
        svg: bars(id, &rows),
        columns,
        rows: named
            .iter()
            .map(|(name, tally)| {
                let mut cells = vec![
                    tally.items.to_string(),
                    tally.count(ItemStatus::Done).to_string(),
                ];
                if running {
                    cells.push(tally.due().to_string());
                    cells.push(match tally.fulfilment_due() {
                        Some(r) => percent(Some(r)),
                        None => t.get("no_due").to_string(),
                    });
                }
                cells.push(percent(tally.fulfilment()));
                row(name.clone(), cells)
            })
            .collect(),
    }
}

/// Fulfilment by unit kind over `units` (each unit's own items).
pub fn by_kind(env: &Env, id: &str, year: i32, units: &[UnitIx]) -> Option<Chart> {
    let facts = env.facts.get(&year)?;
    let mut kinds: BTreeMap<UnitKind, Tally> = BTreeMap::new();
    for &u in units {
        let own = facts.own[u];
        if own.items > 0 {
            kinds.entry(env.unit(u).kind).or_default().add(&own);
        }
    }
    if kinds.is_empty() {
        return None;
    }
    let named: Vec<(String, Tally)> = kinds
        .into_iter()
        .map(|(k, tally)| (env.t.kind(k), tally))
        .collect();
    let running = env.year_running(year);
    let mut chart = rates(env, id, env.t.get("chart_kind"), &named, running);
    chart.columns[0] = env.t.get("kind").to_string();
    Some(chart)
}

/// Fulfilment of each of `children` (its whole subtree).
pub fn by_child(env: &Env, id: &str, year: i32, children: &[UnitIx]) -> Option<Chart> {
    let facts = env.facts.get(&year)?;
    if children.is_empty() {
        return None;
    }
    let named: Vec<(String, Tally)> = children
        .iter()
        .map(|&c| (env.unit(c).name.clone(), facts.total[c]))
        .collect();
    let running = env.year_running(year);
    Some(rates(env, id, env.t.get("chart_children"), &named, running))
}

/// Progress notes per month of `year`, over `units`.
pub fn months(env: &Env, id: &str, year: i32, units: &[UnitIx]) -> Chart {
    let t = &env.t;
    let mut counts = [0u64; 12];
    for &u in units {
        if let Some(uy) = env.unit(u).years.get(&year) {
            for sheet in &uy.sheets {
                for note in &sheet.notes {
                    if note.date.year() == year {
                        counts[(note.date.month() as usize).clamp(1, 12) - 1] += 1;
                    }
                }
            }
        }
    }
    let total: u64 = counts.iter().sum();
    let max = counts.iter().copied().max().unwrap_or(0);
    let labels: Vec<String> = (1..=12)
        .map(|m| t.get(&format!("month_{m}")).to_string())
        .collect();
    let (h, base, plot) = (150.0, 130.0, 106.0);
    let step = W / 12.0;
    let mut body = format!(
        "<line x1=\"0\" y1=\"{base}\" x2=\"{W}\" y2=\"{base}\" stroke=\"#8a8a8a\" stroke-width=\"1\"/>"
    );
    for (m, &n) in counts.iter().enumerate() {
        let x = m as f64 * step + step / 2.0;
        if n > 0 {
            let bh = (n as f64 / max as f64 * plot).max(2.0);
            body.push_str(&format!(
                "<rect class=\"chart-bar\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"#b71c1c\"/>",
                x - step * 0.32,
                base - bh,
                step * 0.64
            ));
        }
        body.push_str(&format!(
            "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{INK}\" text-anchor=\"middle\">{n}</text>",
            base - if n > 0 { n as f64 / max as f64 * plot } else { 0.0 } - 4.0
        ));
        body.push_str(&format!(
            "<text x=\"{x:.1}\" y=\"{}\" font-size=\"11\" fill=\"{INK}\" text-anchor=\"middle\">{}</text>",
            base + 16.0,
            m + 1
        ));
    }
    let year_label = t.year(year);
    let summary = if total == 0 {
        fill(t.get("chart_months_empty"), &[("year", year_label)])
    } else {
        let busiest = counts.iter().position(|&c| c == max).unwrap_or(0);
        fill(
            t.get("chart_months_summary"),
            &[
                ("year", year_label),
                ("n", total.to_string()),
                ("month", labels[busiest].clone()),
                ("max", max.to_string()),
            ],
        )
    };
    Chart {
        id: id.to_string(),
        title: t.get("chart_months").to_string(),
        summary,
        svg: frame(id, h, &body),
        columns: vec![t.get("chart_month").to_string(), t.get("notes").to_string()],
        rows: labels
            .iter()
            .zip(counts)
            .map(|(l, n)| row(l.clone(), vec![n.to_string()]))
            .collect(),
    }
}

/// The public evaluation's votes as one divided bar; `None` without votes.
pub fn satisfaction(env: &Env, id: &str, votes: &Votes) -> Option<Chart> {
    let t = &env.t;
    let total = votes.total();
    if total == 0 {
        return None;
    }
    let parts = [
        ("votes_satisfied", votes.satisfied, "#2e7d32"),
        ("votes_basic", votes.basic, "#f9a825"),
        ("votes_unsatisfied", votes.unsatisfied, "#b71c1c"),
    ];
    let mut body = String::new();
    let mut x = 0.0;
    for (_, n, color) in parts {
        let w = n as f64 / total as f64 * W;
        if w > 0.0 {
            body.push_str(&format!(
                "<rect class=\"chart-bar\" x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"22\" fill=\"{color}\"/>"
            ));
        }
        x += w;
    }
    for (i, (key, n, color)) in parts.iter().enumerate() {
        let y = 34.0 + i as f64 * 22.0;
        body.push_str(&format!(
            "<rect x=\"0\" y=\"{y}\" width=\"14\" height=\"14\" fill=\"{color}\"/>\
             <text x=\"20\" y=\"{}\" {FONT} fill=\"{INK}\">{} {n} ({})</text>",
            y + 12.0,
            xml_escape(t.get(key)),
            count_share(*n, total)
        ));
    }
    let rate = percent(Some((votes.satisfied + votes.basic) as f64 / total as f64));
    Some(Chart {
        id: id.to_string(),
        title: t.get("chart_satisfaction").to_string(),
        summary: fill(
            t.get("chart_satisfaction_summary"),
            &[
                ("n", total.to_string()),
                ("s", votes.satisfied.to_string()),
                ("b", votes.basic.to_string()),
                ("u", votes.unsatisfied.to_string()),
                ("rate", rate),
            ],
        ),
        svg: frame(id, 34.0 + 3.0 * 22.0, &body),
        columns: vec![
            t.get("mass_evaluation").to_string(),
            t.get("votes_total").to_string(),
            t.get("chart_share").to_string(),
        ],
        rows: parts
            .iter()
            .map(|(key, n, _)| row(t.get(key), vec![n.to_string(), count_share(*n, total)]))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_cut_and_placeholders_filled() {
        assert_eq!(cut("短"), "短");
        assert_eq!(cut(&"长".repeat(30)).chars().count(), MAX_LABEL);
        assert_eq!(
            fill("{a}-{b}-{a}", &[("a", "1".into()), ("b", "2".into())]),
            "1-2-1"
        );
    }
}

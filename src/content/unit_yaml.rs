//! `_unit.yaml` and `_roster.yaml`.

use super::fields::{self, Fields, FileCx};
use super::yaml::Node;
use crate::model::{
    FIRST_YEAR, LAST_YEAR, MemberStatus, Rectification, Role, RosterEntry, UnitKind,
};
use crate::schema;

/// A unit's own fields, before it is placed in the tree.
pub struct UnitFile {
    pub name: String,
    pub kind: UnitKind,
    pub secretary: Option<String>,
    pub members: Option<u32>,
    pub established: Option<crate::model::Date>,
    pub description: Option<String>,
    pub exemplary: Vec<i32>,
    pub rectification: Vec<Rectification>,
    /// Other names the unit goes by in spreadsheets (`import` matches
    /// them); never shown on the site.
    pub aliases: Vec<String>,
    pub extra: serde_json::Value,
}

pub fn read_unit(cx: &mut FileCx, node: &Node) -> Option<UnitFile> {
    let mut f = Fields::open(cx, node, "_unit.yaml", &schema::UNIT)?;
    let name = f.text(cx, "name");
    let kind = f
        .field(cx, "kind")
        .and_then(|n| fields::keyword::<UnitKind>(cx, n, "kind"));
    let secretary = f.text(cx, "secretary");
    let members = f.int(cx, "members").map(|m| m as u32);
    let established = f.date(cx, "established");
    let description = f.text(cx, "description");
    let exemplary = f
        .get("exemplary")
        .map(|n| years(cx, n, "exemplary"))
        .unwrap_or_default();
    let rectification = f
        .get("rectification")
        .and_then(|n| fields::list(cx, n, "rectification"))
        .map(|orders| {
            orders
                .iter()
                .filter_map(|o| read_rectification(cx, o))
                .collect()
        })
        .unwrap_or_default();
    let aliases = f
        .get("aliases")
        .map(|n| {
            fields::one_or_many(n)
                .into_iter()
                .filter_map(|a| fields::text(cx, a, "aliases"))
                .collect()
        })
        .unwrap_or_default();
    let extra = f.extra(cx);
    f.finish(cx);
    Some(UnitFile {
        name: name?,
        kind: kind?,
        secretary,
        members,
        established,
        description,
        exemplary,
        rectification,
        aliases,
        extra,
    })
}

fn read_rectification(cx: &mut FileCx, node: &Node) -> Option<Rectification> {
    let mut f = Fields::open(cx, node, "rectification", &schema::RECTIFICATION)?;
    let year = f.int(cx, "year");
    let issued = f.date(cx, "issued");
    let deadline = f.date(cx, "deadline");
    let reason = f.text(cx, "reason");
    let done = f.date(cx, "done");
    f.finish(cx);
    Some(Rectification {
        pos: node.pos,
        year: year? as i32,
        issued: issued?,
        deadline: deadline?,
        reason: reason?,
        done,
    })
}

/// A year or a list of years.
fn years(cx: &mut FileCx, node: &Node, name: &str) -> Vec<i32> {
    fields::one_or_many(node)
        .into_iter()
        .filter_map(|n| fields::int(cx, n, name, FIRST_YEAR.into(), LAST_YEAR.into()))
        .map(|y| y as i32)
        .collect()
}

/// A roster. Fields other than those the format publishes (phone, address …) are
/// allowed and dropped here, so they cannot reach any output.
pub fn read_roster(cx: &mut FileCx, node: &Node) -> Option<Vec<RosterEntry>> {
    let entries = fields::list(cx, node, "_roster.yaml")?;
    let mut roster: Vec<RosterEntry> = Vec::with_capacity(entries.len());
    let mut seen = std::collections::HashSet::new();
    for entry in entries {
        let Some(mut f) = Fields::open(cx, entry, "_roster.yaml", &schema::ROSTER) else {
            continue;
        };
        let id_node = f.field(cx, "id");
        let id = id_node.and_then(|n| fields::text(cx, n, "id"));
        let name = f.text(cx, "name");
        let role = f.keyword::<Role>(cx, "role");
        let status = f.keyword_or_default::<MemberStatus>(cx, "status");
        let exempt = f
            .get("exempt")
            .map(|n| years(cx, n, "exempt"))
            .unwrap_or_default();
        let has_exempt_reason = f.text(cx, "exempt_reason").is_some();
        // The schema is open: other columns are dropped unread.
        f.finish(cx);
        let Some(id) = id else {
            continue;
        };
        // An entry whose name is broken still names its member, so their
        // sheet is not also reported as "not on the roster"; the name's
        // own error already stops the build.
        let name = name.unwrap_or_default();
        if !seen.insert(id.clone()) {
            let pos = id_node.map(|n| n.pos).unwrap_or(entry.pos);
            cx.error(pos, cx.msg.duplicate_id(&id));
            continue;
        }
        roster.push(RosterEntry {
            pos: entry.pos,
            id,
            name,
            role,
            status,
            exempt,
            has_exempt_reason,
        });
    }
    Some(roster)
}

//! `pledgeboard serve --edit`: forms in the previewed pages that write the
//! content files, so that editors keep a board without opening YAML. Safe
//! by construction (SECURITY.md, "The editing layer"):
//!
//! - only for loopback peers: pages served to any other address carry no
//!   form, and a post from one is refused, whatever `--bind` says;
//! - every post carries a token (HMAC-SHA256 under a per-session random
//!   key, `token`) bound to the form, its target and the target file's
//!   version, with a one-time nonce; without a valid unused token nothing
//!   is written (403). `Origin`, `Sec-Fetch-Site` and `Host` must be those
//!   of a same-origin request to a loopback address;
//! - what is written is found in the site model from the target (a sheet
//!   page), never taken from the request, only below `content/`, and
//!   atomically (`write`); a file changed since its form was made is a
//!   conflict, never overwritten;
//! - a form's result goes through the build's own reader before it is
//!   written, and its errors are shown beside the fields;
//! - `build` never has any of it: the panel is put into pages as they are
//!   served, like the live-reload script.
//!
//! After a write the watcher reloads the site as after any save; the
//! answer waits (briefly) for that, then sends the browser back to the
//! page.

mod board;
mod form;
mod html;
mod lines;
mod note;
mod photo;
mod review;
mod sheet;
mod token;
mod unit;
mod write;

use std::borrow::Cow;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::conn::{Request, Response};
use super::{Body, Live, Reply, State};
use crate::content::lookup;
use crate::i18n::Messages;
use crate::model::{Date, Lang, Sheet, Site, Unit};
use crate::render::{MdOptions, encode_path, render_markdown};
use form::Form;
use html::{Fill, esc, t};
use write::Refused;

/// Where forms post (under the site's base path).
pub const ENDPOINT: &str = "__edit";
/// Where the script asks for a Markdown preview.
pub const PREVIEW: &str = "__edit/preview";
/// The largest post: six photos and the text.
const BODY_LIMIT: u64 = (photo::MAX_PHOTOS * photo::MAX_PHOTO_BYTES) as u64 + (2 << 20);
/// The largest preview asked for (a note's limit).
const PREVIEW_LIMIT: u64 = 1 << 20;
/// How long an answer waits for the site to reload after a write.
const RELOAD_WAIT: Duration = Duration::from_secs(5);

/// The editing layer's state for one `serve --edit` session.
pub struct Editor {
    keys: token::Keys,
    root: PathBuf,
    today: Date,
}

impl Editor {
    /// `None` when the system gives no random numbers for the key.
    pub fn new(root: &Path, today: Date) -> Option<Editor> {
        Some(Editor {
            keys: token::Keys::new()?,
            root: root.to_path_buf(),
            today,
        })
    }
}

/// A sheet found in the site model from a page's folder.
pub struct Located<'a> {
    pub unit: &'a Unit,
    pub year: i32,
    pub sheet: Cow<'a, Sheet>,
    /// The sheet page's folder (`a/b/2026/zhang-wei`): the form's target.
    pub dir: String,
    /// Not approved yet: the site has no page for it, only the editing
    /// layer's (`draft_page`); the model names it (`UnitYear::drafts`),
    /// and the sheet is read from its file.
    pub draft: bool,
}

impl Located<'_> {
    /// The sheet as `pledgeboard new note` names it.
    pub fn cli_target(&self) -> String {
        crate::render::urls::sheet_dir(&self.unit.path, self.year, &self.sheet.id)
    }
}

/// The sheet whose page is in folder `dir`: a published one, or a draft
/// the model names (read from its file; `root` is the site's).
fn locate<'a>(site: &'a Site, root: &Path, dir: &str) -> Option<Located<'a>> {
    let mut parts = dir.rsplitn(3, '/');
    let id = parts.next()?;
    let year_text = parts.next()?;
    let unit_path = parts.next().unwrap_or("");
    let year: i32 = year_text.parse().ok()?;
    let unit = site.units.iter().find(|u| u.path == unit_path)?;
    let uy = unit.years.get(&year)?;
    let (sheet, draft) = match uy.sheets.iter().find(|s| s.id == id) {
        Some(sheet) => (Cow::Borrowed(sheet), false),
        None => {
            let id = uy.drafts.iter().find(|d| *d == id)?;
            let file = root
                .join(crate::editor::unit_rel_dir(&unit.path))
                .join(year.to_string())
                .join(format!("{id}.md"));
            let sheet = lookup::read_whole_sheet(root, &file, Messages::default()).ok()?;
            (Cow::Owned(sheet), true)
        }
    };
    let at = Located {
        unit,
        year,
        sheet,
        dir: dir.to_string(),
        draft,
    };
    (at.cli_target() == dir).then_some(at)
}

/// The served page of folder `dir` (the home page's is `index.html`).
fn page_key(dir: &str) -> String {
    if dir.is_empty() {
        "index.html".to_string()
    } else {
        format!("{dir}/index.html")
    }
}

/// What a submitted form came to.
pub enum Outcome {
    /// Written: this file (from the site root).
    Saved(PathBuf),
    /// Nothing to write: the form changed nothing in this file.
    Unchanged(PathBuf),
    /// Refused before writing: (field, message) pairs.
    Invalid(Vec<(String, String)>),
    Refused(Refused),
}

impl Outcome {
    /// Refused by the build's reader: its messages over the whole form.
    fn from_diags(diags: &[crate::diag::Diagnostic]) -> Outcome {
        Outcome::Invalid(
            diags
                .iter()
                .map(|d| (String::new(), d.to_string()))
                .collect(),
        )
    }

    /// Written to `rel` (a new file when there was none), or why not.
    fn written(rel: PathBuf, result: Result<(), Refused>) -> Outcome {
        match result {
            Ok(()) => Outcome::Saved(rel),
            Err(e) => Outcome::Refused(e),
        }
    }
}

/// The form field a diagnostic at `line` of `text` (a page: front matter,
/// then the body) is about: the key written on that line, or `body`.
fn field_of_line(text: &str, line: u32) -> String {
    if line == 0 {
        return String::new();
    }
    let mut fences = 0;
    for (i, l) in text.lines().enumerate() {
        if l.trim_end() == "---" {
            fences += 1;
        }
        if i + 1 == line as usize {
            if fences >= 2 && l.trim_end() != "---" {
                return "body".to_string();
            }
            let key = l.split(':').next().unwrap_or("").trim();
            return key.to_string();
        }
    }
    String::new()
}

pub fn is_loopback(peer: Option<SocketAddr>) -> bool {
    peer.is_some_and(|p| p.ip().is_loopback())
}

/// A `Host` header naming a loopback address (not a name that could be
/// made to point here: DNS rebinding).
fn loopback_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Whether `request` could only have come from a page of this server:
/// a loopback `Host`, and `Origin` and `Sec-Fetch-Site` (when the browser
/// sends them, as every current one does with a post) saying same-origin.
fn same_origin(request: &Request) -> bool {
    let Some(host) = request.header("host") else {
        return false;
    };
    if !loopback_host(host) {
        return false;
    }
    if let Some(site) = request.header("sec-fetch-site")
        && !site.eq_ignore_ascii_case("same-origin")
    {
        return false;
    }
    match request.header("origin") {
        Some(origin) => origin == format!("http://{host}"),
        None => true,
    }
}

fn path_of(request: &Request) -> &str {
    request.target.split(['?', '#']).next().unwrap_or("/")
}

/// How large a body the connection layer reads for `request`: only an
/// editing post from a loopback peer has one.
pub fn body_limit(state: &State, request: &Request) -> u64 {
    if state.edit.is_none() || !is_loopback(request.peer) {
        return 0;
    }
    let live = state.live();
    let path = path_of(request);
    if path == format!("{}{ENDPOINT}", live.base_path) {
        BODY_LIMIT
    } else if path == format!("{}{PREVIEW}", live.base_path) {
        PREVIEW_LIMIT
    } else {
        0
    }
}

fn answer(status: u16, ctype: &str, body: Vec<u8>) -> Response {
    Response::new(status, ctype, body)
        .with("Cache-Control", "no-store")
        .with("X-Frame-Options", "DENY")
        .with("Content-Security-Policy", "frame-ancestors 'none'")
}

fn text(status: u16, message: &str) -> Response {
    answer(
        status,
        "text/plain; charset=utf-8",
        message.as_bytes().to_vec(),
    )
}

/// Answers a post to the editing endpoints.
pub fn post(request: &Request, state: &State) -> Response {
    let live = state.live();
    let lang = live.lang;
    let Some(ed) = &state.edit else {
        return text(404, "404");
    };
    if !is_loopback(request.peer) || !same_origin(request) {
        return text(403, t(lang, "edit_403_elsewhere"));
    }
    if path_of(request) == format!("{}{PREVIEW}", live.base_path) {
        let source = String::from_utf8_lossy(&request.body);
        let opts = MdOptions {
            link_base: None,
            heading_offset: 2,
            footnote_prefix: "pb-preview-",
        };
        return answer(
            200,
            "text/html; charset=utf-8",
            render_markdown(&source, &opts).into_bytes(),
        );
    }
    let ctype = request.header("content-type").unwrap_or("");
    let Some(form) = form::parse(ctype, &request.body) else {
        return text(400, t(lang, "edit_400_form"));
    };
    let kind = form.get("form");
    let binding = token::Binding {
        form: kind,
        target: form.get("target"),
        version: form.get("version"),
        nonce: form.get("nonce"),
    };
    if binding.nonce.is_empty() || !ed.keys.verify(&binding, form.get("token")) {
        return text(403, t(lang, "edit_403_token"));
    }
    if !ed.keys.spend(binding.nonce) {
        return text(403, t(lang, "edit_403_replayed"));
    }
    let Some(snap) = &live.snap else {
        return text(503, t(lang, "edit_503_no_site"));
    };
    let msg = Messages::new(lang);
    if kind == board::FORM || kind == review::FORM {
        return post_board(state, &live, ed, &binding, &form, msg);
    }
    if kind == unit::ROSTER || kind == unit::SUBUNIT {
        return post_unit(state, &live, ed, &binding, &form, msg);
    }
    let Some(at) =
        locate(&snap.site, &ed.root, binding.target).filter(|at| !at.draft || kind == sheet::FORM)
    else {
        return text(404, t(lang, "edit_404_sheet"));
    };
    let sheet_rel = at.unit.sheet_file(at.year, &at.sheet.id);
    let on_disk = std::fs::read(ed.root.join(&sheet_rel)).ok();
    if token::version(on_disk.as_deref()) != binding.version {
        return again(state, &live, &at, kind, &form, Again::Conflict);
    }
    let before = site_version(state);
    let outcome = match kind {
        note::FORM => note::submit(&ed.root, &at, &form, msg),
        sheet::FORM => sheet::submit(&ed.root, &at, &form, binding.version, msg),
        _ => return text(400, "400"),
    };
    match outcome {
        Outcome::Saved(ref rel) | Outcome::Unchanged(ref rel) => {
            if let Outcome::Saved(_) = outcome {
                // A draft is in the model (published) once it is approved.
                let published = !at.draft || form.get("approve") == "1";
                wait_for_reload(state, before, rel, published);
            }
            saved(&live, &at.dir, rel)
        }
        Outcome::Invalid(errors) => again(state, &live, &at, kind, &form, Again::Invalid(&errors)),
        Outcome::Refused(Refused::Conflict) => {
            again(state, &live, &at, kind, &form, Again::Conflict)
        }
        Outcome::Refused(e) => {
            let m = match e {
                Refused::Io(io) => {
                    msg.cannot_write(&sheet_rel.display().to_string(), &io.to_string())
                }
                _ => t(lang, "edit_refused_outside").to_string(),
            };
            text(500, &m)
        }
    }
}

/// 新建承诺书 on a board.
fn post_board(
    state: &State,
    live: &Live,
    ed: &Editor,
    binding: &token::Binding,
    form: &Form,
    msg: Messages,
) -> Response {
    let lang = msg.lang;
    let Some(snap) = &live.snap else {
        return text(503, "503");
    };
    let Some(b) = board::locate(&snap.site, binding.target) else {
        return text(404, t(lang, "edit_404_board"));
    };
    let before = site_version(state);
    let kind = binding.form;
    let file = match kind {
        review::FORM => ed.root.join(review::file(&b)),
        _ => board::roster_file(&ed.root, &b),
    };
    let on_disk = std::fs::read(file).ok();
    if token::version(on_disk.as_deref()) != binding.version {
        return board_again(state, live, &b, kind, form, Again::Conflict);
    }
    let outcome = match kind {
        review::FORM => review::submit(&ed.root, &b, form, binding.version, msg),
        _ => board::submit(&ed.root, &b, form, msg),
    };
    // A new sheet: to its page (a draft's, until it is approved).
    let page = match (kind, &outcome) {
        (board::FORM, Outcome::Saved(_)) => {
            crate::render::urls::sheet_dir(&b.unit.path, b.year, form.get("member"))
        }
        _ => b.dir.clone(),
    };
    answer_outcome(state, live, before, &page, outcome, lang, |why| {
        board_again(state, live, &b, kind, form, why)
    })
}

/// The unit page's forms: a roster member, a sub-unit.
fn post_unit(
    state: &State,
    live: &Live,
    ed: &Editor,
    binding: &token::Binding,
    form: &Form,
    msg: Messages,
) -> Response {
    let lang = msg.lang;
    let Some(snap) = &live.snap else {
        return text(503, "503");
    };
    let Some(u) = unit::locate(&snap.site, binding.target) else {
        return text(404, t(lang, "edit_404_unit"));
    };
    let before = site_version(state);
    let kind = binding.form;
    let on_disk = std::fs::read(ed.root.join(unit_file(u, kind))).ok();
    if token::version(on_disk.as_deref()) != binding.version {
        return unit_again(state, live, u, kind, form, Again::Conflict);
    }
    let outcome = match kind {
        unit::ROSTER => unit::submit(&ed.root, u, form, binding.version, msg),
        _ => unit::add_subunit(&ed.root, u, form, msg),
    };
    answer_outcome(state, live, before, &u.path, outcome, lang, |why| {
        unit_again(state, live, u, kind, form, why)
    })
}

/// The site version now: a write then waits for a newer one.
fn site_version(state: &State) -> u64 {
    state
        .versions
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .version
}

/// A board's or unit page's form answered: the page once the site has
/// reloaded after a write, the form again (`again`) when refused for its
/// content or a conflict, else a refusal.
fn answer_outcome(
    state: &State,
    live: &Live,
    before: u64,
    page: &str,
    outcome: Outcome,
    lang: Lang,
    again: impl Fn(Again) -> Response,
) -> Response {
    match outcome {
        Outcome::Saved(rel) | Outcome::Unchanged(rel) => {
            wait_for_reload(state, before, &rel, false);
            saved(live, page, &rel)
        }
        Outcome::Invalid(errors) => again(Again::Invalid(&errors)),
        Outcome::Refused(Refused::Conflict) => again(Again::Conflict),
        Outcome::Refused(_) => text(500, t(lang, "edit_refused")),
    }
}

/// The file a unit form's version is taken of.
fn unit_file(u: &Unit, kind: &str) -> PathBuf {
    match kind {
        unit::ROSTER => unit::roster_file(u),
        _ => crate::editor::unit_rel_dir(&u.path).join("_unit.yaml"),
    }
}

fn unit_again(
    state: &State,
    live: &Live,
    u: &Unit,
    kind: &str,
    sent: &Form,
    why: Again,
) -> Response {
    let Some(ed) = &state.edit else {
        return text(404, "404");
    };
    let lang = live.lang;
    let mut bytes = page_bytes(state, live, &page_key(&u.path));
    let (status, notice, errors) = why.notice(lang, "edit_conflict_file");
    let fill = Fill {
        form: kind,
        sent: (!matches!(why, Again::Conflict)).then_some(sent),
        errors,
    };
    put_panel(
        &mut bytes,
        &unit_panel(ed, u, lang, &live.base_path, &fill, Some((notice, true))),
    );
    answer(status, "text/html; charset=utf-8", bytes)
}

/// A unit page's panel: the roster, 新建下级组织.
fn unit_panel(
    ed: &Editor,
    u: &Unit,
    lang: Lang,
    base: &str,
    fill: &Fill,
    notice: Option<(&str, bool)>,
) -> String {
    let version = |kind| {
        token::version(
            std::fs::read(ed.root.join(unit_file(u, kind)))
                .ok()
                .as_deref(),
        )
    };
    let empty = |form| Fill {
        form,
        sent: None,
        errors: &[],
    };
    let (roster, sub) = (empty(unit::ROSTER), empty(unit::SUBUNIT));
    let pick = |f: &'static str, e| if fill.form == f { fill } else { e };
    let mut s = panel_head(lang, notice);
    s.push_str(&form_start(
        ed,
        unit::ROSTER,
        &u.path,
        &version(unit::ROSTER),
        base,
        lang,
        "edit_roster_form",
        true,
    ));
    s.push_str(&unit::roster_fields(
        &ed.root,
        u,
        lang,
        pick(unit::ROSTER, &roster),
    ));
    s.push_str("</form></details>");
    s.push_str(&form_start(
        ed,
        unit::SUBUNIT,
        &u.path,
        &version(unit::SUBUNIT),
        base,
        lang,
        "edit_subunit_form",
        fill.form == unit::SUBUNIT,
    ));
    s.push_str(&unit::subunit_fields(lang, pick(unit::SUBUNIT, &sub)));
    s.push_str("</form></details></section>");
    s.push_str(&html::script(&format!("{base}{PREVIEW}")));
    s
}

/// Back to the page in folder `dir`, which says `rel` was saved.
fn saved(live: &Live, dir: &str, rel: &Path) -> Response {
    let folder = if dir.is_empty() {
        String::new()
    } else {
        format!("{}/", encode_path(dir))
    };
    let back = format!(
        "{}{folder}?pb-saved={}",
        live.base_path,
        encode_path(&rel.to_string_lossy().replace('\\', "/"))
    );
    answer(303, "text/plain; charset=utf-8", Vec::new()).with("Location", &back)
}

/// The page at `key` as served now (a bare page when it cannot be had).
fn page_bytes(state: &State, live: &Live, key: &str) -> Vec<u8> {
    let page = match live.snap.as_ref().and_then(|s| s.cached(key)) {
        Some(body) => Some(body),
        None => match state.ask(key) {
            Reply::Found(body) => Some(body),
            _ => None,
        },
    };
    page.map(|b: Body| b.bytes()).unwrap_or_else(|| {
        b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>".to_vec()
    })
}

/// The board page again, with its form and why it was refused.
fn board_again(
    state: &State,
    live: &Live,
    b: &board::Board,
    kind: &str,
    sent: &Form,
    why: Again,
) -> Response {
    let Some(ed) = &state.edit else {
        return text(404, "404");
    };
    let lang = live.lang;
    let mut bytes = page_bytes(state, live, &page_key(&b.dir));
    let conflict = match kind {
        review::FORM => "edit_conflict_file",
        _ => "edit_conflict_roster",
    };
    let (status, notice, errors) = why.notice(lang, conflict);
    // After a conflict the form shows the file as it is now.
    let fill = Fill {
        form: kind,
        sent: (!matches!(why, Again::Conflict)).then_some(sent),
        errors,
    };
    let panel = board_panel(ed, b, lang, &live.base_path, &fill, Some((notice, true)));
    put_panel(&mut bytes, &panel);
    answer(status, "text/html; charset=utf-8", bytes)
}

/// A board's panel: 新建承诺书.
fn board_panel(
    ed: &Editor,
    b: &board::Board,
    lang: Lang,
    base: &str,
    fill: &Fill,
    notice: Option<(&str, bool)>,
) -> String {
    let roster = std::fs::read(board::roster_file(&ed.root, b)).ok();
    let version = token::version(roster.as_deref());
    let mut s = panel_head(lang, notice);
    let empty = |form| Fill {
        form,
        sent: None,
        errors: &[],
    };
    let (pledge, rev) = (empty(board::FORM), empty(review::FORM));
    let pick = |f: &'static str, e| if fill.form == f { fill } else { e };
    s.push_str(&drafts_list(ed, b, lang, base));
    s.push_str(&form_start(
        ed,
        review::FORM,
        &b.dir,
        &token::version(std::fs::read(ed.root.join(review::file(b))).ok().as_deref()),
        base,
        lang,
        "edit_review_form",
        fill.form == review::FORM,
    ));
    s.push_str(&review::fields(b, ed.today, lang, pick(review::FORM, &rev)));
    s.push_str("</form></details>");
    s.push_str(&form_start(
        ed,
        board::FORM,
        &b.dir,
        &version,
        base,
        lang,
        "edit_pledge_form",
        true,
    ));
    s.push_str(&board::fields(
        &ed.root,
        b,
        lang,
        pick(board::FORM, &pledge),
    ));
    s.push_str("</form></details></section>");
    s.push_str(&html::script(&format!("{base}{PREVIEW}")));
    s
}

/// The panel's style, heading and notice.
fn panel_head(lang: Lang, notice: Option<(&str, bool)>) -> String {
    let mut s = String::from(html::STYLE);
    s.push_str(&format!(
        "<section id=\"pb-edit\" class=\"pb-edit\" aria-labelledby=\"pb-edit-title\"><h2 id=\"pb-edit-title\">{} <small>{}</small></h2>",
        t(lang, "edit_panel_title"),
        t(lang, "edit_panel_note"),
    ));
    if let Some((text, bad)) = notice {
        s.push_str(&format!(
            "<p class=\"pb-notice{}\" role=\"status\">{}</p>",
            if bad { " pb-bad" } else { "" },
            esc(text)
        ));
    }
    s
}

/// Waits (at most `RELOAD_WAIT`) until the site has reloaded with `rel`
/// (`in_model`: a published sheet or a note; else one reload, as for a
/// new draft sheet, which the site model does not hold).
fn wait_for_reload(state: &State, before: u64, rel: &Path, in_model: bool) {
    let deadline = Instant::now() + RELOAD_WAIT;
    let knows = |live: &Live| {
        live.snap.as_ref().is_some_and(|s| {
            s.site.units.iter().any(|u| {
                // (A deeper unit's files are below its parent's folder
                // too: the prefix only spares making every path.)
                rel.starts_with(u.dir())
                    && u.years.iter().any(|(&year, y)| {
                        y.sheets.iter().any(|sh| {
                            u.sheet_file(year, &sh.id) == rel
                                || sh
                                    .notes
                                    .iter()
                                    .any(|n| u.note_file(year, &sh.id, &n.id) == rel)
                        })
                    })
            })
        })
    };
    let mut seen = before;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        let v = state.versions.lock().unwrap_or_else(|e| e.into_inner());
        let (v, _) = state
            .changed
            .wait_timeout_while(v, left, |v| v.version == seen)
            .unwrap_or_else(|e| e.into_inner());
        seen = v.version;
        drop(v);
        let live = state.live();
        if !in_model || knows(&live) || !live.errors.is_empty() {
            return;
        }
    }
}

enum Again<'a> {
    Invalid(&'a [(String, String)]),
    Conflict,
}

impl<'a> Again<'a> {
    /// The status, the line over the form and the errors beside its
    /// fields; `conflict` (a catalog key) says which file changed.
    fn notice(
        &self,
        lang: Lang,
        conflict: &'static str,
    ) -> (u16, &'static str, &'a [(String, String)]) {
        match self {
            Again::Invalid(e) => (422, t(lang, "edit_invalid"), e),
            Again::Conflict => (409, t(lang, conflict), &[]),
        }
    }
}

/// The sheet page again, with the form as sent and why it was refused.
fn again(
    state: &State,
    live: &Live,
    at: &Located,
    kind: &str,
    sent: &Form,
    why: Again,
) -> Response {
    let Some(ed) = &state.edit else {
        return text(404, "404");
    };
    let mut bytes = if at.draft {
        draft_shell(live, at)
    } else {
        page_bytes(state, live, &page_key(&at.dir))
    };
    let lang = live.lang;
    let (status, notice, errors): (u16, String, &[(String, String)]) = match &why {
        Again::Invalid(errors) => (422, t(lang, "edit_invalid").to_string(), errors),
        Again::Conflict => (409, t(lang, "edit_conflict_sheet").to_string(), &[]),
    };
    // After a conflict a sheet's form shows the file as it is now: what
    // was sent would undo the other change. A note's text is kept.
    let keep = !matches!(why, Again::Conflict) || kind == note::FORM;
    let fill = Fill {
        form: kind,
        sent: keep.then_some(sent),
        errors,
    };
    let panel = panel(
        ed,
        at,
        lang,
        &live.base_path,
        Some(&fill),
        Some((&notice, true)),
        None,
    );
    put_panel(&mut bytes, &panel);
    answer(status, "text/html; charset=utf-8", bytes)
}

/// The panel of forms for the sheet at `at`, each with a fresh token over
/// the sheet file as it is on disk now.
fn panel(
    ed: &Editor,
    at: &Located,
    lang: Lang,
    base: &str,
    filled: Option<&Fill>,
    notice: Option<(&str, bool)>,
    only_item: Option<&str>,
) -> String {
    let bytes = std::fs::read(ed.root.join(at.unit.sheet_file(at.year, &at.sheet.id))).ok();
    let version = token::version(bytes.as_deref());
    let mut s = panel_head(lang, notice);
    let empty = Fill {
        form: note::FORM,
        sent: None,
        errors: &[],
    };
    // A draft is approved before progress is recorded on it.
    if !at.draft {
        let fill = filled.filter(|f| f.form == note::FORM).unwrap_or(&empty);
        s.push_str(&form_start(
            ed,
            note::FORM,
            &at.dir,
            &version,
            base,
            lang,
            "edit_note_form",
            true,
        ));
        s.push_str(&note::fields(at, ed.today, lang, fill, only_item));
        s.push_str("</form></details>");
    }
    let empty = Fill {
        form: sheet::FORM,
        sent: None,
        errors: &[],
    };
    let fill = filled.filter(|f| f.form == sheet::FORM);
    s.push_str(&form_start(
        ed,
        sheet::FORM,
        &at.dir,
        &version,
        base,
        lang,
        "edit_sheet_form",
        fill.is_some() || at.draft,
    ));
    s.push_str(&sheet::fields(at, ed.today, lang, fill.unwrap_or(&empty)));
    s.push_str("</form></details></section>");
    s.push_str(&html::script(&format!("{base}{PREVIEW}")));
    s
}

/// `<details><summary>…</summary><form …>` and the hidden fields.
#[allow(clippy::too_many_arguments)]
fn form_start(
    ed: &Editor,
    form: &str,
    target: &str,
    version: &str,
    base: &str,
    lang: Lang,
    title: &'static str,
    open: bool,
) -> String {
    let nonce = ed.keys.nonce();
    let token = ed.keys.token(&token::Binding {
        form,
        target,
        version,
        nonce: &nonce,
    });
    format!(
        "<details{} id=\"pb-{form}\"><summary>{}</summary><form method=\"post\" action=\"{}\" enctype=\"multipart/form-data\" accept-charset=\"utf-8\">{}",
        if open { " open" } else { "" },
        t(lang, title),
        esc(&format!("{base}{ENDPOINT}")),
        html::hidden(&[
            ("form", form),
            ("target", target),
            ("version", version),
            ("nonce", &nonce),
            ("token", &token),
        ])
    )
}

/// Puts `panel` at the end of the page's `<main>` (else before `</body>`).
fn put_panel(html: &mut Vec<u8>, panel: &str) {
    let find = |needle: &[u8]| html.windows(needle.len()).rposition(|w| w == needle);
    let at = find(b"</main>")
        .or_else(|| find(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, panel.bytes());
}

/// The value of `name` in a request target's query.
fn query<'a>(target: &'a str, name: &str) -> Option<&'a str> {
    let q = target.split_once('?')?.1.split('#').next()?;
    q.split('&')
        .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
}

/// A query value decoded; one that is not well-formed reads as empty.
fn percent_decode(s: &str) -> String {
    crate::serve::http::percent_decode(s)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// What the page says after a write: which file was saved. Only ever a
/// file of content/ (a crafted link shows nothing else).
fn saved_notice(request: &Request, lang: Lang) -> Option<String> {
    query(&request.target, "pb-saved")
        .map(percent_decode)
        .filter(|f| f.starts_with("content/") && !f.chars().any(char::is_control) && f.len() < 300)
        .map(|f| Messages::new(lang).edit_saved(&f))
}

/// The board's drafts (sheets awaiting approval, which the site does not
/// publish), each linked to its editing page: where 审定 is done.
fn drafts_list(ed: &Editor, b: &board::Board, lang: Lang, base: &str) -> String {
    let Some(uy) = b.unit.years.get(&b.year) else {
        return String::new();
    };
    if uy.drafts.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<details open id=\"pb-drafts\"><summary>{} <small>({})</small></summary><p>{}</p><ul>",
        t(lang, "edit_drafts"),
        uy.drafts.len(),
        t(lang, "edit_drafts_hint"),
    );
    for id in &uy.drafts {
        let dir = crate::render::urls::sheet_dir(&b.unit.path, b.year, id);
        let name = locate_draft_name(ed, b, id).unwrap_or_else(|| id.clone());
        s.push_str(&format!(
            "<li><a href=\"{}\">{}</a> <code>{}</code></li>",
            esc(&format!("{base}{}/", encode_path(&dir))),
            esc(&name),
            esc(id)
        ));
    }
    s.push_str("</ul></details>");
    s
}

/// A draft's name as its file gives it (the unit's for `_unit`).
fn locate_draft_name(ed: &Editor, b: &board::Board, id: &str) -> Option<String> {
    if id == crate::model::UNIT_SHEET {
        return Some(b.unit.name.clone());
    }
    let file = ed
        .root
        .join(crate::editor::unit_rel_dir(&b.unit.path))
        .join(b.year.to_string())
        .join(format!("{id}.md"));
    lookup::read_whole_sheet(&ed.root, &file, Messages::default())
        .ok()?
        .name
}

/// A draft's editing page: what the sheet says (its items) and the
/// 修改承诺书 form, where it is approved. The site has no page for it
/// (`build` never writes one): the editing layer makes this one, for
/// this computer only, in the site's style.
fn draft_shell(live: &Live, at: &Located) -> Vec<u8> {
    let lang = live.lang;
    let base = &live.base_path;
    let who = match &at.sheet.name {
        Some(n) if !at.sheet.is_unit() => n.clone(),
        _ => at.unit.name.clone(),
    };
    let board = crate::render::urls::board_dir(&at.unit.path, at.year);
    let mut s = format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\"><title>{title} · {who}</title><link rel=\"stylesheet\" href=\"{css}\"></head><body><main id=\"main\" class=\"wrap\"><p><a href=\"{back}\">{board_label}</a></p><h1>{who} <small>{year} · {title}</small></h1><p class=\"pb-notice\">{hint}</p><ol>",
        code = lang.code(),
        title = t(lang, "edit_draft_title"),
        who = esc(&who),
        css = esc(&format!("{base}{}", crate::render::urls::STYLE)),
        back = esc(&format!("{base}{}/", encode_path(&board))),
        board_label = esc(&format!("{} {}", at.unit.name, t(lang, "edit_draft_board"))),
        year = at.year,
        hint = t(lang, "edit_draft_page_hint"),
    );
    for item in &at.sheet.items {
        s.push_str(&format!(
            "<li><strong>{}</strong><br>{}：{}",
            esc(&item.title),
            t(lang, "edit_deadline"),
            item.deadline
        ));
        for (label, v) in [
            ("edit_target", &item.target),
            ("edit_baseline", &item.baseline),
        ] {
            if let Some(v) = v {
                s.push_str(&format!("<br>{}：{}", t(lang, label), esc(v)));
            }
        }
        s.push_str("</li>");
    }
    s.push_str("</ol>");
    let opts = MdOptions {
        link_base: None,
        heading_offset: 1,
        footnote_prefix: "pb-draft-",
    };
    s.push_str(&render_markdown(&at.sheet.body, &opts));
    s.push_str("</main></body></html>");
    let mut bytes = s.into_bytes();
    crate::render::inject_live_reload(&mut bytes, base);
    bytes
}

/// A draft's editing page, for `key` (not a page of the site) when
/// editing is on and the peer is on this computer.
/// A sheet's panel as a GET asks for it: the saved notice and the item
/// whose note form opens come from the query.
fn requested_panel(
    ed: &Editor,
    at: &Located,
    lang: Lang,
    live: &Live,
    request: &Request,
) -> String {
    let notice = saved_notice(request, lang);
    let item = query(&request.target, "pb-item").map(percent_decode);
    panel(
        ed,
        at,
        lang,
        &live.base_path,
        None,
        notice.as_deref().map(|n| (n, false)),
        item.as_deref(),
    )
}

pub fn draft_page(key: &str, request: &Request, state: &State, live: &Live) -> Option<Response> {
    let ed = state.edit.as_ref()?;
    if !is_loopback(request.peer) {
        return None;
    }
    let dir = key.strip_suffix("/index.html")?;
    let snap = live.snap.as_ref()?;
    let at = locate(&snap.site, &ed.root, dir).filter(|at| at.draft)?;
    let lang = live.lang;
    let mut bytes = draft_shell(live, &at);
    put_panel(&mut bytes, &requested_panel(ed, &at, lang, live, request));
    Some(answer(200, "text/html; charset=utf-8", bytes))
}

/// Adds the panel to page `key` as served to `request`, when editing is
/// on, the peer is on this computer and the page has forms. Whether it did
/// (the page must then not be framed).
pub fn inject(
    html: &mut Vec<u8>,
    key: &str,
    request: &Request,
    state: &State,
    live: &Live,
) -> bool {
    let Some(ed) = &state.edit else {
        return false;
    };
    if !is_loopback(request.peer) {
        return false;
    }
    let Some(dir) = key
        .strip_suffix("/index.html")
        .or((key == "index.html").then_some(""))
    else {
        return false;
    };
    let Some(snap) = &live.snap else {
        return false;
    };
    let lang = live.lang;
    let notice = saved_notice(request, lang);
    let Some(at) = locate(&snap.site, &ed.root, dir).filter(|at| !at.draft) else {
        let Some(b) = board::locate(&snap.site, dir) else {
            let Some(u) = unit::locate(&snap.site, dir) else {
                return false;
            };
            let fill = Fill {
                form: unit::ROSTER,
                sent: None,
                errors: &[],
            };
            let notice = notice.as_deref().map(|n| (n, false));
            put_panel(
                html,
                &unit_panel(ed, u, lang, &live.base_path, &fill, notice),
            );
            return true;
        };
        let fill = Fill {
            form: board::FORM,
            sent: None,
            errors: &[],
        };
        let notice = notice.as_deref().map(|n| (n, false));
        put_panel(
            html,
            &board_panel(ed, &b, lang, &live.base_path, &fill, notice),
        );
        return true;
    };
    put_panel(html, &requested_panel(ed, &at, lang, live, request));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_origin_loopback_posts_pass() {
        let req = |headers: &[(&str, &str)]| Request {
            method: "POST".into(),
            target: "/__edit".into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            peer: None,
            body: Vec::new(),
        };
        assert!(same_origin(&req(&[("Host", "127.0.0.1:1111")])));
        assert!(same_origin(&req(&[
            ("Host", "localhost:1111"),
            ("Origin", "http://localhost:1111"),
            ("Sec-Fetch-Site", "same-origin"),
        ])));
        assert!(same_origin(&req(&[
            ("Host", "[::1]:80"),
            ("Origin", "http://[::1]:80")
        ])));
        for bad in [
            &[][..],
            &[("Host", "evil.example:1111")],
            &[("Host", "127.0.0.1.evil.example")],
            &[
                ("Host", "127.0.0.1:1111"),
                ("Origin", "http://evil.example"),
            ],
            &[("Host", "127.0.0.1:1111"), ("Origin", "null")],
            &[
                ("Host", "127.0.0.1:1111"),
                ("Origin", "http://127.0.0.1:2222"),
            ],
            &[("Host", "127.0.0.1:1111"), ("Sec-Fetch-Site", "cross-site")],
            &[("Host", "127.0.0.1:1111"), ("Sec-Fetch-Site", "same-site")],
        ] {
            assert!(!same_origin(&req(bad)), "{bad:?}");
        }
        assert!(is_loopback(Some("127.0.0.1:5".parse().expect("addr"))));
        assert!(is_loopback(Some("[::1]:5".parse().expect("addr"))));
        assert!(!is_loopback(Some("192.0.2.1:5".parse().expect("addr"))));
        assert!(!is_loopback(None));
    }

    #[test]
    fn errors_find_their_fields() {
        let text = "---\n# c\nitem: a\nprogress: 500\n---\nbody\n";
        assert_eq!(field_of_line(text, 3), "item");
        assert_eq!(field_of_line(text, 4), "progress");
        assert_eq!(field_of_line(text, 6), "body");
        assert_eq!(field_of_line(text, 0), "");
        assert_eq!(query("/a/?pb-saved=x%2Fy&b=1", "pb-saved"), Some("x%2Fy"));
        assert_eq!(percent_decode("x%2Fy%E5%BC%A0"), "x/y张");
    }
}

//! The search index that `assets/search.js` reads: character n-grams for
//! Chinese (no segmenter needed, any part of a word is found), words and
//! their prefixes for ASCII ids, split into small files so that a phone
//! downloads only what one query needs.
//!
//! Files, all under `search/` and byte-identical from build to build:
//! - `meta.json`: the shard count, the chunk size, the units (name and
//!   link) and the labels of kinds and statuses;
//! - `t/<n>.json`: the terms whose hash falls in shard `n`, each with its
//!   posting list (see [`encode_postings`]);
//! - `d/<n>.json`: documents `n × CHUNK …` as `[kind, title, sub, status,
//!   unit, url]` rows.
//!
//! Documents are numbered units first, then pledgers, categories, items and
//! notes (newest year first, tree order within), so the lowest numbers are
//! the likeliest answers and results need no scores.
//!
//! Terms: in short fields (names, titles, categories, ids) every CJK
//! character and pair of neighbouring characters, and every ASCII word
//! with its prefixes from two letters on; in long fields (statements, note
//! text, baselines, targets) character pairs and whole ASCII words only.
//! A term's postings say which documents hold it in a short field, and
//! which only in a long one, so title matches rank first.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use pulldown_cmark::{Event, Parser};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use super::context::{Env, ItemRef, Link, note_heading};
use super::keys::Deps;
use super::urls;
use crate::derive::ItemStatus;
use crate::manifest::{Digest, Hash};
use crate::model::{NoteIx, SheetIx, UnitIx};
use crate::output::{OutBody, OutFile};

/// Documents per `d/<n>.json` file: a page of 20 results fetches at most
/// 20 small files, often one or two.
pub const CHUNK: usize = 32;
/// The size a term shard aims at (before compression).
const SHARD_TARGET: usize = 12 * 1024;
/// ASCII prefixes are indexed up to this length (and the whole word).
const MAX_PREFIX: usize = 12;
/// Above this many pledgers in the site year, the no-JavaScript list on
/// the search page names units only (each board lists its pledgers).
pub const DIRECTORY_LIMIT: usize = 3000;

/// Common English words left out of long fields.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
    "or", "that", "the", "to", "was", "were", "with",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Unit,
    Pledger,
    Category,
    Item,
    Note,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::Unit,
        Kind::Pledger,
        Kind::Category,
        Kind::Item,
        Kind::Note,
    ];

    fn code(self) -> &'static str {
        match self {
            Kind::Unit => "u",
            Kind::Pledger => "p",
            Kind::Category => "c",
            Kind::Item => "i",
            Kind::Note => "n",
        }
    }

    fn label_key(self) -> &'static str {
        match self {
            Kind::Unit => "search_kind_unit",
            Kind::Pledger => "search_kind_pledger",
            Kind::Category => "search_kind_category",
            Kind::Item => "search_kind_item",
            Kind::Note => "search_kind_note",
        }
    }
}

/// One search result as the browser shows it, and the text it is found by.
struct Doc<'a> {
    kind: Kind,
    title: String,
    sub: String,
    /// An item or note status (index into `ItemStatus::ALL`), a pledger's
    /// counts per status, or nothing.
    status: Value,
    /// Index into the units table of `meta.json`.
    unit: Option<UnitIx>,
    /// Relative to the base path, percent-encoded.
    url: String,
    short: Vec<String>,
    /// Borrowed from the site: Markdown bodies become plain text only
    /// while their terms are taken, so the index never holds a second
    /// copy of every note.
    long: Vec<LongText<'a>>,
}

/// Longer text of a document, found after names and titles.
enum LongText<'a> {
    Plain(&'a str),
    Markdown(&'a str),
}

impl Doc<'_> {
    fn row(&self) -> Value {
        json!([
            self.kind.code(),
            self.title,
            self.sub,
            self.status,
            self.unit,
            self.url
        ])
    }
}

/// What the index weighs, for the benchmark and the tests.
#[derive(Clone, Debug, Default, Serialize)]
pub struct IndexStats {
    pub docs: usize,
    pub terms: usize,
    pub postings: usize,
    pub shards: usize,
    pub chunks: usize,
    pub meta_bytes: usize,
    pub shard_bytes: usize,
    pub chunk_bytes: usize,
    pub largest_shard: usize,
}

impl IndexStats {
    pub fn total_bytes(&self) -> usize {
        self.meta_bytes + self.shard_bytes + self.chunk_bytes
    }
}

/// The documents holding a term in a name or title, and only in longer text.
type Postings = (Vec<u32>, Vec<u32>);

/// Documents per block when gathering postings in parallel.
const TERM_BLOCK: usize = 2048;
/// Blocks gathered at once before they are joined to the lists: enough to
/// keep both cores busy, few enough that a city's blocks are never all
/// held at the same time.
const BLOCKS_AT_ONCE: usize = 8;

/// A posting list while it grows: the gaps [`encode_postings`] would
/// write, appended as documents come in order. A city has tens of
/// millions of postings; as gaps they take a byte or two each instead of
/// four in a list of numbers.
#[derive(Default)]
struct Gaps {
    text: String,
    first: u32,
    last: Option<u32>,
}

impl Gaps {
    fn push(&mut self, id: u32) {
        let prev = self.last.map_or(-1, i64::from);
        push_number((i64::from(id) - prev - 1) as u64, &mut self.text);
        if self.last.is_none() {
            self.first = id;
        }
        self.last = Some(id);
    }

    /// The list as [`encode_postings`] writes it: these gaps, or the
    /// bitmap when that is shorter.
    fn finish(&self, out: &mut String) {
        let Some(last) = self.last else {
            return;
        };
        let mut head = String::from(".");
        push_number(u64::from(self.first), &mut head);
        if head.len() + ((last - self.first) as usize).div_ceil(6) >= self.text.len() {
            out.push_str(&self.text);
        } else {
            encode_postings(&gap_ids(&self.text), out);
        }
    }
}

/// The search index: every file under `search/` but the search page,
/// each handed to `emit` as soon as it is made. Returns its sizes.
pub fn index_files_each(env: &Env, emit: &(dyn Fn(OutFile) + Sync)) -> IndexStats {
    let sources = sources(env);
    let mut stats = terms_of(env, &sources, emit);
    // The rows files are independent: made on every core (a city's are
    // a second of one core, after an edit of a single note).
    let sizes: Vec<usize> = sources
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(n, chunk)| {
            let file = rows_of(env, chunk, n);
            let len = file.held_len();
            emit(file);
            len
        })
        .collect();
    stats.chunk_bytes = sizes.iter().sum();
    stats.chunks = sizes.len();
    stats
}

/// The files of result rows, each with its input key, but those
/// `known(path, key)` says are in place already: a note's text edited
/// remakes the one file of 32 rows that holds it, not a city's 144 MB.
/// A file's key is, for each of its documents in order, where it stands
/// and what the page it links to is keyed by.
pub(super) fn rows_keyed_each(
    env: &Env,
    deps: &Deps,
    known: &(dyn Fn(&str, Digest) -> bool + Sync),
    emit: &(dyn Fn(OutFile, Digest) + Sync),
) -> Vec<bool> {
    let sources = sources(env);
    sources
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(n, chunk)| {
            let key = rows_key(env, deps, n, chunk);
            let kept = known(&rows_path(n), key);
            if !kept {
                emit(rows_of(env, chunk, n), key);
            }
            kept
        })
        .collect()
}

/// The term shards and `meta.json` made from the previous build's
/// (`previous(path)`: a file's bytes as that build wrote them) when few
/// documents changed: `kept[n]` says the documents of the file of rows
/// `n` are the ones the previous build indexed, at the same numbers.
/// Every other document's number is taken out of every list, the
/// changed documents' terms are put in, and the shards are cut as a
/// whole index would be: the files are byte for byte those of
/// [`term_files_each`] (tests/incremental_build.rs compares them after
/// random edits). `false`, having emitted nothing, when the previous
/// index is not there whole or too much changed.
pub(super) fn terms_patched(
    env: &Env,
    kept: &[bool],
    previous: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    emit: &(dyn Fn(OutFile) + Sync),
) -> bool {
    let sources = sources(env);
    let changed: Vec<usize> = (0..kept.len()).filter(|&n| !kept[n]).collect();
    // Past half the documents, reading the old lists costs more than
    // making them.
    if kept.len() != sources.len().div_ceil(CHUNK) || changed.len() * 2 > kept.len() {
        return false;
    }
    let Some(old_shards) = previous_shard_count(previous) else {
        return false;
    };
    // Each shard's bytes as well: one none of whose lists changed is
    // written as it was read.
    let read = |n: usize| {
        let bytes = previous(&format!("{}/t/{n}.json", urls::SEARCH))?;
        let map: BTreeMap<String, String> = serde_json::from_slice(&bytes).ok()?;
        Some((bytes, map))
    };
    let Some(mut shards) = (0..old_shards)
        .into_par_iter()
        .map(read)
        .collect::<Option<Vec<(Vec<u8>, BTreeMap<String, String>)>>>()
    else {
        return false;
    };

    // Numbers of documents that are not the previous build's, as sorted
    // ranges: the changed files of rows, and past the last file.
    let docs = sources.len();
    let mut gone: Vec<(u32, u32)> = Vec::new();
    for &n in &changed {
        let (lo, hi) = ((n * CHUNK) as u32, ((n + 1) * CHUNK) as u32);
        match gone.last_mut() {
            Some(last) if last.1 == lo => last.1 = hi,
            _ => gone.push((lo, hi)),
        }
    }
    gone.push(((kept.len() * CHUNK) as u32, u32::MAX));
    // The changed documents' terms, in document order, by shard.
    let mut added: Vec<BTreeMap<String, Postings>> = vec![BTreeMap::new(); old_shards];
    for &n in &changed {
        let block = &sources[n * CHUNK..((n + 1) * CHUNK).min(docs)];
        for (term, (short, long)) in block_terms(env, block, (n * CHUNK) as u32) {
            let term = term.into_string();
            let entry = added[shard_of(&term, old_shards)].entry(term).or_default();
            entry.0.extend(short);
            entry.1.extend(long);
        }
    }
    // A list is remade only when its changed documents are not the ones
    // it held: after a note's text is edited, a few lists of a city's
    // thousands. The others, and every shard none of whose lists
    // changed, keep their text as it was.
    let changed_shards: Vec<bool> = shards
        .par_iter_mut()
        .zip(added.into_par_iter())
        .map(|((_, shard), mut added)| {
            let mut changed = false;
            shard.retain(|term, text| {
                let (short, long) = text.split_once('~').unwrap_or((text.as_str(), ""));
                let new = added.remove(term).unwrap_or_default();
                if ids_among(short, &gone) == new.0 && ids_among(long, &gone) == new.1 {
                    return true;
                }
                changed = true;
                let short = merged(decode_postings(short), &gone, &new.0);
                let long = merged(decode_postings(long), &gone, &new.1);
                *text = join_postings(&short, &long);
                !text.is_empty()
            });
            for (term, (short, long)) in added {
                changed = true;
                shard.insert(term, join_postings(&short, &long));
            }
            changed
        })
        .collect();

    let total: usize = shards
        .iter()
        .flat_map(|(_, shard)| shard.iter())
        .map(|(term, text)| term.len() + text.len() + 6)
        .sum();
    let count = total.div_ceil(SHARD_TARGET).max(1);
    let path = |n: usize| format!("{}/t/{n}.json", urls::SEARCH);
    if count == old_shards {
        shards
            .into_par_iter()
            .zip(changed_shards)
            .enumerate()
            .for_each(|(n, ((bytes, map), changed))| {
                emit(match changed {
                    true => OutFile::text(path(n), serde_json::to_string(&map).unwrap_or_default()),
                    false => OutFile {
                        path: path(n),
                        body: OutBody::Bytes(bytes),
                    },
                });
            });
    } else {
        let mut by_shard: Vec<BTreeMap<String, String>> = vec![BTreeMap::new(); count];
        for (term, text) in shards.into_iter().flat_map(|(_, shard)| shard) {
            by_shard[shard_of(&term, count)].insert(term, text);
        }
        by_shard.into_par_iter().enumerate().for_each(|(n, map)| {
            emit(OutFile::text(
                path(n),
                serde_json::to_string(&map).unwrap_or_default(),
            ));
        });
    }
    emit(OutFile::text(
        format!("{}/meta.json", urls::SEARCH),
        meta(env, docs, count),
    ));
    true
}

/// The numbers of a list written by [`encode_postings`] that fall in
/// `ranges` (sorted, disjoint, each from its first number to before its
/// second), read without decoding the rest: a bitmap's bits are looked
/// up, gaps are summed only up to the last range.
fn ids_among(text: &str, ranges: &[(u32, u32)]) -> Vec<u32> {
    let mut out = Vec::new();
    let Some(end) = ranges.last().map(|r| r.1) else {
        return out;
    };
    if let Some(rest) = text.strip_prefix('.') {
        let bytes = rest.as_bytes();
        let mut value = 0u64;
        let mut head = 0;
        for &b in bytes {
            head += 1;
            let d = u64::from(digit_of(b).unwrap_or(0));
            value = value * 32 + (d & 31);
            if d < 32 {
                break;
            }
        }
        let first = value as u32;
        let bits = &bytes[head..];
        let last = first as u64 + 6 * bits.len() as u64;
        for &(lo, hi) in ranges {
            let (lo, hi) = (u64::from(lo).max(first as u64), u64::from(hi).min(last + 1));
            for id in lo..hi {
                let held = id == first as u64 || {
                    let i = (id - first as u64 - 1) as usize;
                    digit_of(bits[i / 6]).unwrap_or(0) & (1 << (i % 6)) != 0
                };
                if held {
                    out.push(id as u32);
                }
            }
        }
        return out;
    }
    let mut range = 0;
    for id in gap_numbers(text) {
        if id >= end {
            break;
        }
        while id >= ranges[range].1 {
            range += 1;
        }
        if id >= ranges[range].0 {
            out.push(id);
        }
    }
    out
}

/// `ids` without those in `ranges`, with `added` (sorted, all in
/// `ranges`) put in order.
fn merged(ids: Vec<u32>, ranges: &[(u32, u32)], added: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(ids.len() + added.len());
    let mut added = added.iter().copied().peekable();
    let mut range = 0;
    for id in ids {
        while range < ranges.len() && id >= ranges[range].1 {
            range += 1;
        }
        if range < ranges.len() && id >= ranges[range].0 {
            continue;
        }
        while let Some(a) = added.next_if(|&a| a < id) {
            out.push(a);
        }
        out.push(id);
    }
    out.extend(added);
    out
}

/// The shard count of the previous build's `meta.json`, if it is one
/// this version writes.
fn previous_shard_count(previous: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync)) -> Option<usize> {
    let meta: Value =
        serde_json::from_slice(&previous(&format!("{}/meta.json", urls::SEARCH))?).ok()?;
    let same = meta["v"] == json!(1) && meta["chunk"] == json!(CHUNK);
    let shards = meta["shards"].as_u64()? as usize;
    (same && shards > 0).then_some(shards)
}

/// A term's entry in its shard: the documents holding it in a name or
/// title, then, after `~`, those holding it only in longer text.
fn join_postings(short: &[u32], long: &[u32]) -> String {
    let mut text = String::new();
    encode_postings(short, &mut text);
    if !long.is_empty() {
        text.push('~');
        encode_postings(long, &mut text);
    }
    text
}

fn rows_key(env: &Env, deps: &Deps, n: usize, chunk: &[Source]) -> Digest {
    let mut h = Hash::default();
    h.str("search rows");
    h.u128(n as u128);
    h.u128(chunk.len() as u128);
    for &src in chunk {
        match src {
            Source::Unit(u) => {
                h.str(&format!("unit {}", u.get()));
                deps.unit_doc(&mut h, u);
            }
            Source::Pledger { year, unit, sheet } => {
                h.str(&format!("pledger {year} {}", unit.get()));
                deps.sheet_doc(&mut h, unit, year, sheet.get());
            }
            Source::Category { name, slug } => {
                // Its row counts the category's items, in every sheet.
                let row = doc(env, src).row();
                h.str(&format!("category {name} {slug} {row}"));
            }
            Source::Item { year, item } => {
                h.str(&format!(
                    "item {year} {} {}",
                    item.unit.get(),
                    item.item.get()
                ));
                deps.sheet_doc(&mut h, item.unit, year, item.sheet.get());
            }
            Source::Note {
                year,
                unit,
                sheet,
                note,
            } => {
                h.str(&format!("note {year} {} {}", unit.get(), note.get()));
                deps.sheet_doc(&mut h, unit, year, sheet.get());
            }
        }
    }
    h.finish()
}

fn rows_path(n: usize) -> String {
    format!("{}/d/{n}.json", urls::SEARCH)
}

/// `search/meta.json` and the term shards `search/t/<n>.json`: what
/// needs every document's terms at once (a shard's number depends on
/// the size of all of them). `serve` makes these once per version and
/// the result rows one file at a time ([`rows_file`]).
pub fn term_files_each(env: &Env, emit: &(dyn Fn(OutFile) + Sync)) {
    terms_of(env, &sources(env), emit);
}

/// `search/d/<n>.json` alone (`None` past the last): a few documents,
/// without the terms of any, nor a list of every document.
pub fn rows_file(env: &Env, n: usize) -> Option<OutFile> {
    let start = n.checked_mul(CHUNK)?;
    let chunk: Vec<Source> = sources_each(env).skip(start).take(CHUNK).collect();
    (!chunk.is_empty()).then(|| rows_of(env, &chunk, n))
}

/// The file of result rows `n`: the documents of `chunk`.
fn rows_of(env: &Env, chunk: &[Source], n: usize) -> OutFile {
    let rows: Vec<Value> = chunk.iter().map(|&src| doc(env, src).row()).collect();
    let body = serde_json::to_string(&rows).unwrap_or_default();
    OutFile::text(rows_path(n), body)
}

/// The term shards and `meta.json` of `sources`, with their sizes (the
/// rows' left at zero).
fn terms_of(env: &Env, sources: &[Source], emit: &(dyn Fn(OutFile) + Sync)) -> IndexStats {
    let mut terms: TermMap<(Gaps, Gaps)> = TermMap::default();
    let mut postings = 0;
    let window = TERM_BLOCK * BLOCKS_AT_ONCE;
    for (w, sources) in sources.chunks(window).enumerate() {
        // Postings are gathered per block of documents in parallel, then
        // joined block by block, so every list stays in document order.
        let blocks: Vec<TermMap<Postings>> = sources
            .par_chunks(TERM_BLOCK)
            .enumerate()
            .map(|(b, block)| {
                let first = w * window + b * TERM_BLOCK;
                block_terms(env, block, first as u32)
            })
            .collect();
        for block in blocks {
            for (term, (short, long)) in block {
                postings += short.len() + long.len();
                let entry = terms.entry(term).or_default();
                short.into_iter().for_each(|id| entry.0.push(id));
                long.into_iter().for_each(|id| entry.1.push(id));
            }
        }
    }

    let mut stats = IndexStats {
        docs: sources.len(),
        terms: terms.len(),
        postings,
        ..IndexStats::default()
    };
    // The shard count needs every list's length: the lists are encoded
    // once to measure them and again into their shards, rather than held
    // encoded beside the growing ones.
    let encode = |short: &Gaps, long: &Gaps, text: &mut String| {
        text.clear();
        short.finish(text);
        if long.last.is_some() {
            text.push('~');
            long.finish(text);
        }
    };
    let mut text = String::new();
    let mut total = 0;
    for (term, (short, long)) in &terms {
        encode(short, long, &mut text);
        total += term.text_len() + text.len() + 6;
    }
    let shards = total.div_ceil(SHARD_TARGET).max(1);
    let mut by_shard: Vec<BTreeMap<String, String>> = vec![BTreeMap::new(); shards];
    for (term, (short, long)) in terms {
        let term = term.into_string();
        let mut text = String::new();
        encode(&short, &long, &mut text);
        drop((short, long));
        by_shard[shard_of(&term, shards)].insert(term, text);
    }

    for (n, map) in by_shard.into_iter().enumerate() {
        let body = serde_json::to_string(&map).unwrap_or_default();
        drop(map);
        stats.shard_bytes += body.len();
        stats.largest_shard = stats.largest_shard.max(body.len());
        emit(OutFile::text(format!("{}/t/{n}.json", urls::SEARCH), body));
    }
    stats.shards = shards;
    let meta = meta(env, sources.len(), shards);
    stats.meta_bytes = meta.len();
    emit(OutFile::text(format!("{}/meta.json", urls::SEARCH), meta));
    stats
}

/// The terms of a block of documents numbered from `first`, with the
/// documents holding each.
fn block_terms(env: &Env, block: &[Source], first: u32) -> TermMap<Postings> {
    let mut terms: TermMap<Postings> = TermMap::default();
    for (i, &src) in block.iter().enumerate() {
        let id = first + i as u32;
        let doc = doc(env, src);
        let mut add = |term: Term, short: bool| {
            let entry = terms.entry(term).or_default();
            if entry.0.last() == Some(&id) {
                return;
            }
            if short {
                entry.0.push(id);
            } else if entry.1.last() != Some(&id) {
                entry.1.push(id);
            }
        };
        // Short fields first: a term already found there is not
        // repeated in the long list.
        for text in &doc.short {
            short_terms_each(text, &mut |t| add(t, true));
        }
        for text in &doc.long {
            let plain;
            let text = match text {
                LongText::Plain(t) => *t,
                LongText::Markdown(md) => {
                    plain = plain_text(md);
                    plain.as_str()
                }
            };
            long_terms_each(text, &mut |t| add(t, false));
        }
    }
    terms
}

fn meta(env: &Env, docs: usize, shards: usize) -> String {
    let units: Vec<Value> = UnitIx::all(env.site.units.len())
        .map(|u| json!([env.unit(u).name, rel(env, &env.unit_url(u))]))
        .collect();
    let kinds: BTreeMap<&str, &str> = Kind::ALL
        .iter()
        .map(|k| (k.code(), env.t.get(k.label_key())))
        .collect();
    let statuses: Vec<Value> = ItemStatus::ALL
        .iter()
        .map(|&s| json!([s.as_str(), env.t.status(s)]))
        .collect();
    serde_json::to_string(&json!({
        "v": 1,
        "docs": docs,
        "shards": shards,
        "chunk": CHUNK,
        "units": units,
        "kinds": kinds,
        "statuses": statuses,
    }))
    .unwrap_or_default()
}

/// A link of the site relative to its base path.
fn rel(env: &Env, url: &str) -> String {
    url.strip_prefix(env.urls.base()).unwrap_or(url).to_string()
}

fn status_index(s: ItemStatus) -> usize {
    ItemStatus::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// Where a document comes from: a few numbers, so that the list of a
/// city's documents stays small. Each becomes a [`Doc`] only while its
/// block of terms or its file of rows is made.
#[derive(Clone, Copy)]
enum Source<'a> {
    Unit(UnitIx),
    Pledger {
        year: i32,
        unit: UnitIx,
        sheet: SheetIx,
    },
    Category {
        name: &'a str,
        slug: &'a str,
    },
    Item {
        year: i32,
        item: ItemRef,
    },
    Note {
        year: i32,
        unit: UnitIx,
        sheet: SheetIx,
        note: NoteIx,
    },
}

/// Every document, in result order.
fn sources<'a>(env: &'a Env) -> Vec<Source<'a>> {
    sources_each(env).collect()
}

/// [`sources`] one at a time (a file of rows needs 32 of a city's).
fn sources_each<'a>(env: &'a Env) -> impl Iterator<Item = Source<'a>> + 'a {
    let site = env.site;
    let years: Vec<i32> = env.facts.keys().rev().copied().collect();
    let units = UnitIx::all(site.units.len()).map(Source::Unit);
    let years_units = move || {
        years
            .clone()
            .into_iter()
            .flat_map(move |year| site.units_ix().map(move |(unit, u)| (year, unit, u)))
    };
    let pledgers = years_units().flat_map(|(year, unit, u)| {
        let sheets = u.years.get(&year).map_or(0, |uy| uy.sheets.len());
        SheetIx::all(sheets).map(move |sheet| Source::Pledger { year, unit, sheet })
    });
    let categories = env
        .outline
        .category_slugs
        .iter()
        .map(|(name, slug)| Source::Category { name, slug });
    let items = env.facts.keys().rev().flat_map(move |&year| {
        env.outline
            .items
            .get(&year)
            .into_iter()
            .flatten()
            .map(move |&item| Source::Item { year, item })
    });
    let notes = years_units().flat_map(|(year, unit, u)| {
        u.years.get(&year).into_iter().flat_map(move |uy| {
            uy.sheets_ix().flat_map(move |(sheet, sh)| {
                NoteIx::all(sh.notes.len()).map(move |note| Source::Note {
                    year,
                    unit,
                    sheet,
                    note,
                })
            })
        })
    });
    units
        .chain(pledgers)
        .chain(categories)
        .chain(items)
        .chain(notes)
}

/// The document a source names.
fn doc<'a>(env: &Env<'a>, src: Source<'a>) -> Doc<'a> {
    let site = env.site;
    match src {
        Source::Unit(u) => {
            let unit = site.unit(u);
            let figures = site
                .site_year()
                .and_then(|y| env.facts.get(&y))
                .map(|f| crate::i18n::ui::percent(f.total[u].fulfilment()));
            let mut sub = env.t.kind(unit.kind);
            if let Some(f) = figures {
                sub.push_str(&format!(" · {} {f}", env.t.get("fulfilment")));
            }
            let short = vec![unit.name.clone(), unit.path.replace('/', " ")];
            // The secretary is found, but after pledgers of that name.
            let mut long: Vec<LongText> =
                unit.secretary.iter().map(|s| LongText::Plain(s)).collect();
            long.extend(unit.description.iter().map(|d| LongText::Markdown(d)));
            Doc {
                kind: Kind::Unit,
                title: unit.name.clone(),
                sub,
                status: Value::Null,
                unit: unit.parent,
                url: rel(env, &env.unit_url(u)),
                short,
                long,
            }
        }
        Source::Pledger {
            year,
            unit: u,
            sheet: s,
        } => {
            let sheet = site.unit(u).years[&year].sheet(s);
            let facts = env.facts.get(&year).and_then(|f| f.sheets.get(u)?.get(s));
            let counts: Vec<u64> = ItemStatus::ALL
                .iter()
                .map(|&st| facts.map(|f| f.tally.count(st)).unwrap_or(0))
                .collect();
            let mut sub = env.t.year(year);
            if let Some(role) = super::context::pledger_role(env, u, year, sheet) {
                sub.push_str(&format!(" · {role}"));
            }
            let mut short = vec![env.pledger_name(u, sheet)];
            if !sheet.is_unit() {
                short.push(sheet.id.clone());
            }
            short.extend(sheet.role.clone());
            Doc {
                kind: Kind::Pledger,
                title: env.pledger_name(u, sheet),
                sub,
                status: json!(counts),
                unit: Some(u),
                url: rel(env, &env.sheet_url(u, year, &sheet.id)),
                short,
                long: vec![LongText::Markdown(&sheet.body)],
            }
        }
        Source::Category { name, slug } => {
            let items: usize = env
                .outline
                .by_category
                .get(name)
                .map(|years| years.values().map(Vec::len).sum())
                .unwrap_or(0);
            Doc {
                kind: Kind::Category,
                title: name.to_string(),
                sub: format!("{} {items}", env.t.get("items")),
                status: Value::Null,
                unit: None,
                url: rel(env, &env.urls.dir(&urls::category_dir(slug))),
                short: vec![name.to_string()],
                long: Vec::new(),
            }
        }
        Source::Item { year, item: r } => {
            let sheet = env.sheet(r, year);
            let item = sheet.item(r.item);
            let status = env.state(r, year).map(|s| status_index(s.status));
            let mut short = vec![item.title.clone(), item.id.clone()];
            short.extend(item.category.clone());
            Doc {
                kind: Kind::Item,
                title: item.title.clone(),
                sub: join_parts(&[
                    member_name(env, r.unit, sheet),
                    Some(env.t.year(year)),
                    Some(format!("{} {}", env.t.get("deadline"), item.deadline)),
                ]),
                status: json!(status),
                unit: Some(r.unit),
                url: urls::anchor_link(
                    &rel(env, &env.sheet_url(r.unit, year, &sheet.id)),
                    &urls::item_anchor(&item.id),
                ),
                short,
                long: [&item.baseline, &item.target, &item.responsibility]
                    .into_iter()
                    .flatten()
                    .map(|t| LongText::Plain(t))
                    .collect(),
            }
        }
        Source::Note {
            year,
            unit: u,
            sheet: s,
            note: n,
        } => {
            let sheet = site.unit(u).years[&year].sheet(s);
            let note = sheet.note(n);
            let heading = note_heading(sheet, note);
            let status = note.status.and_then(|ns| {
                ItemStatus::ALL
                    .iter()
                    .position(|s| s.as_str() == ns.as_str())
            });
            let mut short = vec![heading.clone(), note.id.clone()];
            short.extend(note.author.clone());
            Doc {
                kind: Kind::Note,
                title: heading,
                sub: join_parts(&[Some(note.date.to_string()), member_name(env, u, sheet)]),
                status: json!(status),
                unit: Some(u),
                url: urls::anchor_link(&rel(env, &env.sheet_url(u, year, &sheet.id)), &note.id),
                short,
                long: vec![LongText::Markdown(&note.body)],
            }
        }
    }
}

/// A member's name, for a result's line; none for the unit's own sheet
/// (the result names the unit already).
fn member_name(env: &Env, u: UnitIx, sheet: &crate::model::Sheet) -> Option<String> {
    (!sheet.is_unit()).then(|| env.pledger_name(u, sheet))
}

fn join_parts(parts: &[Option<String>]) -> String {
    parts
        .iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The words of a Markdown text, without its markup and link targets.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

// ------------------------------------------------------------ tokenizing

/// A stretch of text the index cuts into terms.
#[derive(Debug, PartialEq, Eq)]
enum Token {
    /// Neighbouring CJK (or other non-ASCII) letters and digits.
    Run(Vec<char>),
    /// An ASCII word, lower-cased.
    Word(String),
}

/// Full-width ASCII (ｚｈａｎｇ，１２) to ASCII, ASCII to lower case.
fn fold(c: char) -> char {
    let c = match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// The tokens of `text`; `search.js` cuts queries the same way.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    for c in text.chars().map(fold) {
        if c.is_ascii_alphanumeric() {
            if !run.is_empty() {
                out.push(Token::Run(std::mem::take(&mut run)));
            }
            word.push(c);
        } else if c.is_alphanumeric() {
            if !word.is_empty() {
                out.push(Token::Word(std::mem::take(&mut word)));
            }
            run.push(c);
        } else {
            if !run.is_empty() {
                out.push(Token::Run(std::mem::take(&mut run)));
            }
            if !word.is_empty() {
                out.push(Token::Word(std::mem::take(&mut word)));
            }
        }
    }
    if !run.is_empty() {
        out.push(Token::Run(run));
    }
    if !word.is_empty() {
        out.push(Token::Word(word));
    }
    out
}

/// A term while the index is gathered: one or two CJK characters packed
/// in a number (nearly every term of a Chinese site, and no allocation),
/// or an ASCII word. The two never spell the same text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Term {
    Chars(u64),
    Word(String),
}

impl Term {
    fn chars(a: char, b: Option<char>) -> Term {
        Term::Chars((u64::from(u32::from(a)) << 32) | b.map_or(u64::from(u32::MAX), u64::from))
    }

    /// The length of [`Term::into_string`]'s text, without making it.
    fn text_len(&self) -> usize {
        match self {
            Term::Word(w) => w.len(),
            Term::Chars(n) => [(n >> 32) as u32, *n as u32]
                .into_iter()
                .filter_map(char::from_u32)
                .map(char::len_utf8)
                .sum(),
        }
    }

    fn into_string(self) -> String {
        match self {
            Term::Word(w) => w,
            Term::Chars(n) => [(n >> 32) as u32, n as u32]
                .into_iter()
                .filter_map(char::from_u32)
                .collect(),
        }
    }
}

/// Terms are hashed millions of times a build; they are our own text, so
/// a multiply-rotate hash (as in rustc's FxHash) does instead of SipHash.
#[derive(Default)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            self.write_u64(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type TermMap<V> = HashMap<Term, V, BuildHasherDefault<FastHasher>>;

/// Terms of a name or title: every character and pair of neighbours, and
/// ASCII words with their prefixes.
fn short_terms_each(text: &str, add: &mut dyn FnMut(Term)) {
    for token in tokens(text) {
        match token {
            Token::Run(chars) => {
                chars.iter().for_each(|&c| add(Term::chars(c, None)));
                chars
                    .windows(2)
                    .for_each(|w| add(Term::chars(w[0], Some(w[1]))));
            }
            Token::Word(w) if w.len() >= 2 => {
                for n in 2..=w.len().min(MAX_PREFIX) {
                    add(Term::Word(w[..n].to_string()));
                }
                if w.len() > MAX_PREFIX {
                    add(Term::Word(w));
                }
            }
            Token::Word(_) => {}
        }
    }
}

/// Terms of longer text: pairs of characters and whole ASCII words.
fn long_terms_each(text: &str, add: &mut dyn FnMut(Term)) {
    for token in tokens(text) {
        match token {
            Token::Run(chars) => chars
                .windows(2)
                .for_each(|w| add(Term::chars(w[0], Some(w[1])))),
            Token::Word(w) => {
                let useful = w.len() >= 2
                    && !w.bytes().all(|b| b.is_ascii_digit())
                    && !STOP_WORDS.contains(&w.as_str());
                if useful {
                    add(Term::Word(w));
                }
            }
        }
    }
}

#[cfg(test)]
fn short_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    short_terms_each(text, &mut |t| out.push(t.into_string()));
    out
}

#[cfg(test)]
fn long_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    long_terms_each(text, &mut |t| out.push(t.into_string()));
    out
}

/// The terms `search.js` looks up for `query`: pairs covering each CJK
/// run (every other pair, and the last), a lone character as itself,
/// ASCII words of two or more letters; at most eight.
pub fn query_terms(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for token in tokens(query) {
        match token {
            Token::Run(r) if r.len() == 1 => out.push(r[0].to_string()),
            Token::Run(r) => {
                let mut i = 0;
                while i + 1 < r.len() {
                    out.push(r[i..i + 2].iter().collect());
                    i += 2;
                }
                if r.len() % 2 == 1 {
                    out.push(r[r.len() - 2..].iter().collect());
                }
            }
            Token::Word(w) if w.len() >= 2 => out.push(w),
            Token::Word(_) => {}
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|t| seen.insert(t.clone()));
    out.truncate(8);
    out
}

/// FNV-1a over the term's code points: the definition of where a term's
/// postings live. `search.js` computes the same (a test runs it).
pub fn shard_of(term: &str, shards: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for c in term.chars() {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    (h as usize) % shards
}

const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// One number in base 32, most significant group first: a group is one
/// character of `DIGITS`, `A`…`f` (0–31) for the last group and `g`…`_`
/// (32–63) for the groups before it.
fn push_number(mut value: u64, out: &mut String) {
    let mut groups = [0u8; 13];
    let mut n = 0;
    loop {
        groups[n] = (value & 31) as u8;
        n += 1;
        value >>= 5;
        if value == 0 {
            break;
        }
    }
    for i in (0..n).rev() {
        let digit = if i == 0 { groups[i] } else { groups[i] + 32 };
        out.push(DIGITS[digit as usize] as char);
    }
}

/// Sorted document numbers, in whichever of two forms is shorter:
/// - gaps: each number minus the previous minus one (the first: itself),
///   each with [`push_number`]; a list of neighbours takes a character a
///   document;
/// - a bitmap, for lists that hold more than about one document in six:
///   `.`, the first number, then one character of `DIGITS` for each six
///   following documents, bit `k` (from the lowest) of character `j`
///   meaning document `first + 1 + 6j + k` is in the list.
pub fn encode_postings(ids: &[u32], out: &mut String) {
    let mut gaps = String::new();
    let mut prev: i64 = -1;
    for &id in ids {
        push_number((i64::from(id) - prev - 1) as u64, &mut gaps);
        prev = i64::from(id);
    }
    let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
        return;
    };
    let span = (last - first) as usize;
    let mut head = String::from(".");
    push_number(u64::from(first), &mut head);
    if head.len() + span.div_ceil(6) >= gaps.len() {
        out.push_str(&gaps);
        return;
    }
    out.push_str(&head);
    let mut bits = vec![0u8; span.div_ceil(6)];
    for &id in &ids[1..] {
        let i = (id - first - 1) as usize;
        bits[i / 6] |= 1 << (i % 6);
    }
    out.extend(bits.iter().map(|&b| DIGITS[b as usize] as char));
}

/// The inverse of [`encode_postings`] (for tests and benchmarks;
/// `search.js` has its own).
pub fn decode_postings(text: &str) -> Vec<u32> {
    let digit = |b: u8| digit_of(b).map(u64::from);
    let mut out = Vec::new();
    if let Some(rest) = text.strip_prefix('.') {
        let mut value = 0u64;
        let mut bytes = rest.bytes();
        for b in bytes.by_ref() {
            let d = digit(b).unwrap_or(0);
            value = value * 32 + (d & 31);
            if d < 32 {
                break;
            }
        }
        let first = value as u32;
        out.push(first);
        for (j, b) in bytes.enumerate() {
            let v = digit(b).unwrap_or(0);
            for k in 0..6 {
                if v & (1 << k) != 0 {
                    out.push(first + 1 + (6 * j + k) as u32);
                }
            }
        }
        return out;
    }
    gap_ids(text)
}

/// The value of a character of `DIGITS` (a build patching a city's index
/// reads tens of millions of them).
fn digit_of(b: u8) -> Option<u8> {
    Some(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    })
}

/// The documents of a list written as gaps.
fn gap_ids(text: &str) -> Vec<u32> {
    gap_numbers(text).collect()
}

/// The numbers of a list written as gaps, in order, as they are read.
fn gap_numbers(text: &str) -> impl Iterator<Item = u32> + '_ {
    let mut prev: i64 = -1;
    let mut value: u64 = 0;
    text.bytes().filter_map(move |b| {
        let d = u64::from(digit_of(b)?);
        value = value * 32 + (d & 31);
        if d >= 32 {
            return None;
        }
        prev += value as i64 + 1;
        value = 0;
        Some(prev as u32)
    })
}

// ------------------------------------------------------- the search page

/// The search page: its form, and the plain list readers without
/// JavaScript get (units, with their pledgers while the list is small).
#[derive(Serialize)]
pub struct SearchView {
    pub year: Option<i32>,
    pub year_label: Option<String>,
    pub units: Vec<DirectoryUnit>,
    /// Whether `units[].pledgers` are listed.
    pub with_pledgers: bool,
    pub pledgers: usize,
    pub script_url: String,
    pub base: String,
    /// The site year's status lists, each with the words that lead to it
    /// (逾期, 已逾期, 超期 … lead to 已逾期).
    pub statuses: Vec<StatusLink>,
    /// Queries the hint offers, taken from the site itself, so each finds
    /// something.
    pub examples: Vec<Link>,
}

#[derive(Serialize)]
pub struct StatusLink {
    pub key: &'static str,
    pub label: String,
    pub count: usize,
    pub url: String,
    /// Space-separated, folded like a query (lower case, `-` for spaces).
    pub words: String,
}

#[derive(Serialize)]
pub struct DirectoryUnit {
    pub name: String,
    pub url: String,
    pub board_url: Option<String>,
    pub kind_label: String,
    pub depth: usize,
    pub pledgers: Vec<Link>,
}

pub fn search_view(env: &Env) -> SearchView {
    let year = env.site.site_year();
    let count: usize = year
        .map(|y| {
            env.site
                .units
                .iter()
                .filter_map(|u| u.years.get(&y))
                .map(|uy| uy.sheets.len())
                .sum()
        })
        .unwrap_or(0);
    let with_pledgers = count <= DIRECTORY_LIMIT;
    let min_depth = env.site.units.iter().map(|u| u.depth).min().unwrap_or(0);
    let units = UnitIx::all(env.site.units.len())
        .map(|u| {
            let unit = env.unit(u);
            let pledgers = match (with_pledgers, year.and_then(|y| unit.years.get(&y))) {
                (true, Some(uy)) => uy
                    .sheets
                    .iter()
                    .map(|s| {
                        // The unit's own pledge is listed as such, not by
                        // the unit's name again.
                        let label = if s.is_unit() {
                            env.t.get("unit_pledge").to_string()
                        } else {
                            env.pledger_name(u, s)
                        };
                        Link::new(label, env.sheet_url(u, uy.year, &s.id))
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let board_url = year.filter(|&y| env.has_board(u, y)).map(|y| {
                if env.outline.root == Some(u) {
                    env.year_url(y)
                } else {
                    env.board_url(u, y)
                }
            });
            DirectoryUnit {
                name: unit.name.clone(),
                url: env.unit_url(u),
                board_url,
                kind_label: env.t.kind(unit.kind),
                depth: unit.depth - min_depth,
                pledgers,
            }
        })
        .collect();
    SearchView {
        year,
        year_label: year.map(|y| env.t.year(y)),
        units,
        with_pledgers,
        pledgers: count,
        script_url: env.urls.file(urls::SEARCH_JS),
        base: env.urls.base().to_string(),
        statuses: year.map(|y| status_links(env, y)).unwrap_or_default(),
        examples: year.map(|y| examples(env, y)).unwrap_or_default(),
    }
}

fn status_links(env: &Env, year: i32) -> Vec<StatusLink> {
    ItemStatus::ALL
        .iter()
        .map(|&s| {
            let label = env.t.status(s);
            let mut words: Vec<String> = env
                .t
                .get(&format!("status_words_{}", s.as_str()))
                .split_whitespace()
                .map(str::to_lowercase)
                .collect();
            words.push(label.to_lowercase().replace(' ', "-"));
            words.dedup();
            StatusLink {
                key: s.as_str(),
                label: format!("{} {label}", env.t.year(year)),
                count: env.status_items(year, s).len(),
                url: env.status_url(year, s),
                words: words.join(" "),
            }
        })
        .collect()
}

/// A pledger's name, a unit's name and a status word of the site year,
/// each a query that finds something.
fn examples(env: &Env, year: i32) -> Vec<Link> {
    let query = |q: &str| {
        Link::new(
            q,
            format!("{}?q={}", env.urls.dir(urls::SEARCH), urls::encode_path(q)),
        )
    };
    let mut out = Vec::new();
    let sheets = env
        .site
        .units_ix()
        .filter_map(|(u, unit)| unit.years.get(&year).map(|uy| (u, uy)));
    if let Some((u, sheet)) = sheets
        .flat_map(|(u, uy)| uy.sheets.iter().map(move |s| (u, s)))
        .find(|(_, s)| !s.is_unit() && s.name.is_some())
    {
        out.push(query(&env.pledger_name(u, sheet)));
        out.push(query(&env.unit(u).name));
    }
    if let Some(s) = ItemStatus::ALL
        .iter()
        .find(|&&s| !env.status_items(year, s).is_empty())
    {
        out.push(query(&env.t.status(*s)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip() {
        for ids in [
            vec![],
            vec![0],
            vec![0, 1, 2, 3],
            vec![5, 40, 41, 1000, 1_000_000, 4_000_000_000],
            (0..200).filter(|i| i % 3 == 0).collect(),
            (7..300).filter(|i| i % 2 == 1 || i % 7 == 0).collect(),
        ] {
            let mut s = String::new();
            encode_postings(&ids, &mut s);
            assert_eq!(decode_postings(&s), ids, "{s}");
            // Lists grown one posting at a time end up in the same form.
            let mut gaps = Gaps::default();
            ids.iter().for_each(|&id| gaps.push(id));
            let mut grown = String::new();
            gaps.finish(&mut grown);
            assert_eq!(grown, s, "{ids:?}");
        }
        let mut s = String::new();
        encode_postings(&[0, 1, 40], &mut s);
        assert_eq!(s, "AAhG", "small gaps take a character");
        let mut s = String::new();
        let every_third: Vec<u32> = (0..600).filter(|i| i % 3 == 0).collect();
        encode_postings(&every_third, &mut s);
        assert!(
            s.starts_with('.') && s.len() < 110,
            "{} characters",
            s.len()
        );
    }

    #[test]
    fn the_numbers_among_ranges_are_those_a_whole_decoding_finds() {
        // Lists in both forms (sparse as gaps, dense as a bitmap), ranges
        // inside, across and past them.
        let lists: Vec<Vec<u32>> = vec![
            vec![],
            vec![0],
            vec![31, 32, 33, 64],
            (0..400).filter(|i| i % 3 == 0 || i % 7 == 0).collect(),
            (100..5000)
                .filter(|i| i % 97 == 0 || i % 101 == 3)
                .collect(),
            (40..200).collect(),
        ];
        let ranges: Vec<Vec<(u32, u32)>> = vec![
            vec![(0, 32)],
            vec![(32, 96), (320, 352), (4000, u32::MAX)],
            vec![(33, 34), (199, 200), (5000, u32::MAX)],
            vec![(1_000_000, u32::MAX)],
        ];
        for ids in &lists {
            let mut text = String::new();
            encode_postings(ids, &mut text);
            for r in &ranges {
                let inside = |id: &u32| r.iter().any(|&(lo, hi)| (lo..hi).contains(id));
                let want: Vec<u32> = ids.iter().copied().filter(inside).collect();
                assert_eq!(ids_among(&text, r), want, "{text} {r:?}");
                // Taken out and put back, or replaced by others.
                assert_eq!(&merged(ids.clone(), r, &want), ids);
                let other: Vec<u32> = r.iter().map(|&(lo, _)| lo).collect();
                let mut expect: Vec<u32> = ids.iter().copied().filter(|i| !inside(i)).collect();
                expect.extend(&other);
                expect.sort_unstable();
                assert_eq!(merged(ids.clone(), r, &other), expect);
            }
        }
    }

    #[test]
    fn chinese_is_cut_into_characters_and_pairs() {
        let t = short_terms("张伟 zhang-wei，ＪＯＢ2026");
        for want in [
            "张", "伟", "张伟", "zh", "zhang", "we", "wei", "jo", "job2026",
        ] {
            assert!(t.contains(&want.to_string()), "{want} not in {t:?}");
        }
        let t = long_terms("组织招聘会 the job fair 2026年");
        assert_eq!(t, ["组织", "织招", "招聘", "聘会", "job", "fair"]);
    }

    #[test]
    fn shards_are_stable() {
        // The published FNV-1a values (ASCII: code points are bytes).
        assert_eq!(shard_of("a", 1 << 32), 0xe40c_292c);
        assert_eq!(shard_of("foobar", 1 << 32), 0xbf9c_f968);
        assert_eq!(shard_of("张伟", 1), 0);
    }

    /// The part of `search.js` from `from` to the end of its block (the
    /// next line that closes at two spaces' indentation).
    fn script_part(from: &str) -> &'static str {
        let js = super::super::theme::SEARCH_JS;
        let start = js
            .find(from)
            .unwrap_or_else(|| panic!("search.js has {from}"));
        let len = js[start..].find("\n  }\n").expect("the end of the block") + 4;
        &js[start..start + len]
    }

    /// Runs `script` in Node.js and reads the JSON it prints.
    fn node<T: serde::de::DeserializeOwned>(script: &str) -> T {
        let out = std::process::Command::new("node")
            .arg("-e")
            .arg(script)
            .output()
            .expect("Node.js runs (the tests check search.js with it)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON from node")
    }

    /// `search.js` looks a term up in the shard `shard_of` put it in: its
    /// `shardOf`, run by Node.js, gives Rust's number for terms of every
    /// kind (Chinese, ASCII, astral, empty) and shard counts up to 2³².
    #[test]
    fn search_js_finds_the_shard_rust_wrote() {
        let terms = [
            "王",
            "张伟",
            "job-fair",
            "m07",
            "𠀀x",
            "",
            "社区招聘会",
            "ＪＯＢ",
        ];
        let counts: [u64; 4] = [1, 7, 64, 4_294_967_291];
        let from_js: Vec<Vec<u64>> = node(&format!(
            "{}\nconst terms = {};\nconst counts = {:?};\n\
             console.log(JSON.stringify(terms.map(t => counts.map(n => shardOf(t, n)))));",
            script_part("function shardOf("),
            serde_json::to_string(&terms).expect("json"),
            counts,
        ));
        let from_rust: Vec<Vec<u64>> = terms
            .iter()
            .map(|t| {
                counts
                    .iter()
                    .map(|&n| shard_of(t, n as usize) as u64)
                    .collect()
            })
            .collect();
        assert_eq!(from_js, from_rust);
    }

    /// `query_terms` (what tests and the benchmark look up) is what
    /// `search.js` looks up: its `terms`, run by Node.js, on queries of
    /// every shape.
    #[test]
    fn query_terms_are_the_terms_search_js_looks_up() {
        let queries = [
            "王",
            "张伟",
            "社区招聘会",
            "老旧小区改造不少于",
            "ＪＯＢ fair 2026年",
            "河道清理 志愿服务",
            "Zhang Wei m07 a",
            "一二三四五六七八九十一二三四五六七八九十",
            "",
        ];
        let max_terms = super::super::theme::SEARCH_JS
            .lines()
            .find(|l| l.trim_start().starts_with("var MAX_TERMS"))
            .expect("MAX_TERMS");
        let from_js: Vec<Vec<String>> = node(&format!(
            "{max_terms}\n{}\n{}\n{}\n{}\n{}\nconst queries = {};\n\
             console.log(JSON.stringify(queries.map(terms)));",
            script_part("  var letter;"),
            script_part("function fold("),
            script_part("function isAsciiAlnum("),
            script_part("function tokens("),
            script_part("function terms("),
            serde_json::to_string(&queries).expect("json"),
        ));
        let from_rust: Vec<Vec<String>> = queries.iter().map(|q| query_terms(q)).collect();
        assert_eq!(from_js, from_rust);
    }

    /// `search.js` reads a posting list as `decode_postings` does: its
    /// `decode`, run by Node.js, on gap lists and bitmaps.
    #[test]
    fn search_js_decodes_postings_as_rust_does() {
        let lists: Vec<Vec<u32>> = vec![
            vec![],
            vec![0],
            vec![5, 40, 41, 1000, 1_000_000, 4_000_000_000],
            (0..600).filter(|i| i % 3 == 0).collect(),
            (7..300).filter(|i| i % 2 == 1 || i % 7 == 0).collect(),
        ];
        let encoded: Vec<String> = lists
            .iter()
            .map(|ids| {
                let mut s = String::new();
                encode_postings(ids, &mut s);
                s
            })
            .collect();
        let digits = super::super::theme::SEARCH_JS
            .lines()
            .find(|l| l.trim_start().starts_with("var DIGITS"))
            .expect("DIGITS");
        let from_js: Vec<Vec<u32>> = node(&format!(
            "{digits}\n{}\nconst lists = {};\nconsole.log(JSON.stringify(lists.map(decode)));",
            script_part("function decode("),
            serde_json::to_string(&encoded).expect("json"),
        ));
        let from_rust: Vec<Vec<u32>> = encoded.iter().map(|s| decode_postings(s)).collect();
        assert_eq!(from_js, lists);
        assert_eq!(from_rust, lists);
    }
}

//! The mistakes a Chinese keyboard makes in YAML (full-width `：` `，`
//! `［］` `｛｝` `＂`, tabs and full-width spaces as indentation, no space
//! after `:`), found in the text itself so each is reported at its own
//! line and column with its fix, not as the parser's English somewhere
//! near it; and the parser's own errors put into plain words.
//!
//! Full-width punctuation inside a value is ordinary Chinese text
//! (`reason: 原因：资金未到位`, `text: 推进有力，成效明显`), so a character
//! is a slip only where YAML expects punctuation: a `：` right after a
//! key-like word at the start of a line or of a flow-map entry, a `，`
//! between the entries of a flow collection, a bracket or quote where a
//! value opens. Lines inside block scalars (`description: |`) and quoted
//! text are never looked at.
//!
//! A slip is *certain* when it cannot be what the editor meant even if
//! the file parses (`kind：street` at a line start, `［2024, 2025］`,
//! `　　issued:` indented with U+3000): those are errors either way. The
//! others (a `，` between Chinese words in a flow list, a tab before a
//! continuation line) are reported only when the YAML does not parse, in
//! place of the parser's message.

use super::yaml::Pos;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlipKind {
    /// `kind：street`, `{ by：x }`.
    FullColon,
    /// `[2024，2025]`, `[2024、2025]`, `{ by: x， date: y }`.
    FullComma(char),
    /// `［` `］` `【` `】` `｛` `｝` where a flow collection opens or closes.
    FullBracket(char),
    /// `＂`, `“` or `‘` opening a value.
    FullQuote(char),
    /// `－ ` as a list item's dash.
    FullDash,
    /// `＃` starting a comment line.
    FullHash,
    /// A `[` or `{` never closed before the end of the text.
    Unclosed(char),
    /// A tab in a line's indentation.
    Tab,
    /// U+3000 (full-width space) in a line's indentation or after `- `.
    FullSpace,
    /// `kind:street`.
    NoSpaceAfterColon,
    /// `kind:　street`: the space after the colon is a full-width one.
    FullSpaceAfterColon,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slip {
    pub pos: Pos,
    pub kind: SlipKind,
    /// Wrong even when the file parses (see the module comment).
    pub certain: bool,
}

/// Finds the slips in `text`, which starts at line `first_line` of its
/// file. `known` says whether a word is a field name of the format (only
/// those are taken for keys in `key:value`, so `http://` and `10:30` are
/// left alone).
pub fn scan(text: &str, first_line: u32, known: &dyn Fn(&str) -> bool) -> Vec<Slip> {
    let mut s = Scanner {
        known,
        slips: Vec::new(),
        block: None,
        flow: Vec::new(),
        quote: None,
        line: first_line,
    };
    for (i, line) in text.split('\n').enumerate() {
        s.line = first_line.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
        s.scan_line(line.strip_suffix('\r').unwrap_or(line));
    }
    if let Some(outer) = s.flow.first() {
        s.slips.push(Slip {
            pos: outer.pos,
            kind: SlipKind::Unclosed(outer.open),
            certain: false,
        });
    }
    s.slips
}

/// An open flow collection.
struct Flow {
    /// Where it opened.
    pos: Pos,
    open: char,
    map: bool,
    /// Opened with a full-width bracket (already reported).
    full: bool,
    /// In a map: the next word is a key.
    expect_key: bool,
}

struct Scanner<'k> {
    known: &'k dyn Fn(&str) -> bool,
    slips: Vec<Slip>,
    /// Inside a block scalar whose parent sits at this column (0-based):
    /// lines indented deeper are its text.
    block: Option<usize>,
    flow: Vec<Flow>,
    /// Inside quoted text that goes on to the next line.
    quote: Option<char>,
    line: u32,
}

const INDENT: [char; 3] = [' ', '\t', '\u{3000}'];

impl Scanner<'_> {
    fn slip(&mut self, text: &str, at: usize, kind: SlipKind, certain: bool) {
        let column = text[..at].chars().count() as u32 + 1;
        self.slips.push(Slip {
            pos: Pos {
                line: self.line,
                column,
            },
            kind,
            certain,
        });
    }

    fn open(&mut self, line: &str, at: usize, c: char, full: bool) {
        let map = c == '{' || c == '｛';
        self.flow.push(Flow {
            pos: Pos {
                line: self.line,
                column: line[..at].chars().count() as u32 + 1,
            },
            open: c,
            map,
            full,
            expect_key: map,
        });
    }

    fn scan_line(&mut self, line: &str) {
        if let Some(parent) = self.block {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            if line.trim_matches([' ', '\t']).is_empty() || spaces > parent {
                return;
            }
            self.block = None;
        }
        let mut at = 0;
        if let Some(q) = self.quote {
            match close_quote(line, 0, q) {
                Some(end) => {
                    self.quote = None;
                    at = end;
                }
                None => return,
            }
        }
        if !self.flow.is_empty() {
            self.scan_flow(line, at);
            return;
        }
        if at > 0 {
            return;
        }
        self.scan_block_line(line);
    }

    /// A line in block context: indentation, list dashes, a key, a value.
    fn scan_block_line(&mut self, line: &str) {
        if plain_line(line) {
            return;
        }
        let body = line.trim_start_matches(INDENT);
        let start = line.len() - body.len();
        if body.is_empty() {
            // Spaces alone are a blank line; a U+3000 is text to YAML.
            if let Some(i) = line.find('\u{3000}') {
                self.slip(line, i, SlipKind::FullSpace, false);
            }
            return;
        }
        if body.starts_with('#') || body.starts_with("---") || body.starts_with("...") {
            return;
        }
        if body.starts_with('＃') {
            self.slip(line, start, SlipKind::FullHash, false);
            return;
        }
        // Past the dashes: where a key or a list item's value starts.
        let mut at = start;
        let mut dashes = Vec::new();
        let mut full_dashes = Vec::new();
        while let Some(rest) = line[at..]
            .strip_prefix('-')
            .or_else(|| line[at..].strip_prefix('－'))
        {
            let gap = rest.len() - rest.trim_start_matches(INDENT).len();
            if gap == 0 && !rest.is_empty() {
                break;
            }
            if line[at..].starts_with('－') {
                full_dashes.push(at);
            }
            dashes.push(at);
            at = line.len() - rest.len() + gap;
        }
        let key = key_at(line, at);
        for &d in &full_dashes {
            // `－ text` may be a line of text going on; `－ id:` is not.
            self.slip(line, d, SlipKind::FullDash, key.is_some());
        }
        // Indentation that is a tab or U+3000 before a key or a list item
        // is never text; before anything else it may continue a value.
        let structural = key.is_some() || !dashes.is_empty();
        let indents = line[..at]
            .char_indices()
            .filter(|(_, c)| !matches!(c, ' ' | '-' | '－'));
        let mut seen = (false, false);
        for (i, c) in indents {
            let (kind, seen_it) = match c {
                '\t' => (SlipKind::Tab, &mut seen.0),
                _ => (SlipKind::FullSpace, &mut seen.1),
            };
            if !*seen_it {
                *seen_it = true;
                self.slip(line, i, kind, structural);
            }
        }
        if key.is_none() && dashes.is_empty() {
            self.chinese_key(line, at);
        }
        let parent = match (&key, dashes.last()) {
            (Some(_), _) => line[..at].chars().count(),
            (None, Some(&d)) => line[..d].chars().count(),
            (None, None) => return,
        };
        let value = match key {
            Some(k) => self.key_separator(line, &k),
            None => at,
        };
        self.scan_value(line, value, parent);
    }

    /// `名称：城关` where a key should be: a short word before the first
    /// `：`, and no `:` at all. Chinese text can look the same, so this is
    /// only a likely slip.
    fn chinese_key(&mut self, line: &str, at: usize) {
        let rest = &line[at..];
        let Some(i) = rest.find('：') else {
            return;
        };
        let word = &rest[..i];
        let short = (1..=8).contains(&word.chars().count());
        if short && !rest.contains(':') && word.chars().all(char::is_alphanumeric) {
            self.slip(line, at + i, SlipKind::FullColon, false);
        }
    }

    /// Reports a wrong separator after a key; returns where its value
    /// starts.
    fn key_separator(&mut self, line: &str, k: &KeyAt) -> usize {
        if let Some(i) = line[k.end..k.colon].find('\u{3000}') {
            self.slip(line, k.end + i, SlipKind::FullSpace, true);
        }
        let after = &line[k.colon..];
        if after.starts_with('：') {
            self.slip(line, k.colon, SlipKind::FullColon, true);
            return k.colon + '：'.len_utf8();
        }
        let next = after[1..].chars().next();
        match next {
            Some('\u{3000}') => {
                self.slip(line, k.colon + 1, SlipKind::FullSpaceAfterColon, true);
            }
            Some(c) if !c.is_whitespace() => {
                let known = (self.known)(&line[k.start..k.end]);
                self.slip(line, k.colon, SlipKind::NoSpaceAfterColon, known);
            }
            _ => {}
        }
        k.colon + 1
    }

    /// A value from `at`: a block scalar, quoted text, or a flow collection.
    fn scan_value(&mut self, line: &str, at: usize, parent: usize) {
        let rest = line[at..].trim_start_matches(INDENT);
        let at = line.len() - rest.len();
        let Some(first) = rest.chars().next() else {
            return;
        };
        match first {
            '|' | '>' => {
                let indicator = rest[1..]
                    .trim_start_matches(['-', '+', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
                let indicator = indicator.trim_start_matches([' ', '\t']);
                if indicator.is_empty() || indicator.starts_with('#') {
                    self.block = Some(parent);
                }
            }
            '"' | '\'' if close_quote(line, at + 1, first).is_none() => {
                self.quote = Some(first);
            }
            '＂' => self.slip(line, at, SlipKind::FullQuote(first), false),
            // `“…”` around the whole value was meant as quotes; `“两学一做”
            // 学习教育` is text that starts with a quotation.
            '“' | '‘' if rest.trim_end().ends_with(['”', '’']) => {
                self.slip(line, at, SlipKind::FullQuote(first), false);
            }
            '[' | '{' => {
                self.open(line, at, first, false);
                self.scan_flow(line, at + 1);
            }
            // Otherwise text, such as `【重点】组织招聘会`.
            '［' | '【' | '｛' if looks_like_flow(rest.trim_end(), true) => {
                self.slip(line, at, SlipKind::FullBracket(first), true);
                self.open(line, at, first, true);
                self.scan_flow(line, at + first.len_utf8());
            }
            _ => {}
        }
    }

    /// Flow context from `at` to the end of the line (it may go on).
    fn scan_flow(&mut self, line: &str, mut at: usize) {
        let mut prev = ' ';
        while let Some(c) = line[at..].chars().next() {
            let here = at;
            at += c.len_utf8();
            let Some(top) = self.flow.last_mut() else {
                return;
            };
            if top.expect_key && !c.is_whitespace() && c != '\u{3000}' {
                top.expect_key = false;
                if let Some(k) = key_at(line, here) {
                    let end = self.key_separator(line, &k);
                    at = end;
                    prev = ':';
                    continue;
                }
            }
            match c {
                '#' if prev.is_whitespace() => return,
                '"' | '\'' => match close_quote(line, at, c) {
                    Some(end) => at = end,
                    None => {
                        self.quote = Some(c);
                        return;
                    }
                },
                '＂' if matches!(prev, ':' | ',' | '[' | '{') => {
                    self.slip(line, here, SlipKind::FullQuote(c), false);
                }
                '[' | '{' => self.open(line, here, c, false),
                // Inside a flow value, `【重点】` is text: a full-width
                // bracket counts only where an entry starts and what it
                // opens looks like a list or map.
                '［' | '【' | '｛'
                    if matches!(prev, '[' | '{' | ',' | '，' | '、' | ':')
                        && looks_like_flow(&line[here..], false) =>
                {
                    self.slip(line, here, SlipKind::FullBracket(c), true);
                    self.open(line, here, c, true);
                }
                ']' | '}' => {
                    self.flow.pop();
                    if self.flow.is_empty() {
                        return;
                    }
                }
                '］' | '】' | '｝' if top.full || prev.is_ascii_alphanumeric() => {
                    if !top.full {
                        self.slip(line, here, SlipKind::FullBracket(c), true);
                    }
                    self.flow.pop();
                    if self.flow.is_empty() {
                        return;
                    }
                }
                ',' => top.expect_key = top.map,
                '，' | '、' => {
                    let next = line[at..].trim_start_matches(INDENT);
                    if top.map {
                        // In a map, `，` is text unless another key follows.
                        if key_at(next, 0).is_some() {
                            top.expect_key = true;
                            self.slip(line, here, SlipKind::FullComma(c), true);
                        }
                    } else {
                        let ascii = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                        let certain = ascii(Some(prev)) && ascii(next.chars().next());
                        self.slip(line, here, SlipKind::FullComma(c), certain);
                    }
                }
                _ => {}
            }
            if !c.is_whitespace() {
                prev = c;
            }
        }
    }
}

/// The common line, which can hold no slip: spaces, `- ` dashes, an
/// ASCII key, `: ` and a value that opens as plain text (or nothing).
/// Checked on bytes first, as nearly every line of a file is like this.
fn plain_line(line: &str) -> bool {
    let b = line.as_bytes();
    let mut i = 0;
    loop {
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        if b.get(i) == Some(&b'-') && b.get(i + 1) == Some(&b' ') {
            i += 2;
        } else {
            break;
        }
    }
    if !b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    {
        return false;
    }
    while b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
    {
        i += 1;
    }
    match &b[i..] {
        [b':'] => true,
        [b':', b' ', ..] => {
            let value = line[i + 2..].trim_start_matches(' ');
            match value.chars().next() {
                None => true,
                Some(c) if c.is_ascii() => !matches!(c, '[' | '{' | '"' | '\'' | '|' | '>' | '\t'),
                Some(c) => !matches!(c, '＂' | '“' | '‘' | '［' | '【' | '｛' | '\u{3000}'),
            }
        }
        _ => false,
    }
}

/// A key-like word at `at`: `[A-Za-z_][A-Za-z0-9_-]*`, optional spaces,
/// then `:` or `：`.
struct KeyAt {
    start: usize,
    end: usize,
    /// Where its `:` or `：` is.
    colon: usize,
}

fn key_at(line: &str, at: usize) -> Option<KeyAt> {
    let rest = &line[at..];
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    let word = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let gap = rest[word..].len() - rest[word..].trim_start_matches([' ', '\u{3000}']).len();
    let colon = at + word + gap;
    let after = &line[colon..];
    let is_key = after.starts_with('：')
        || (after.starts_with(':') && !after.starts_with("://") && !after.starts_with("::"));
    is_key.then_some(KeyAt {
        start: at,
        end: at + word,
        colon,
    })
}

/// Where quoted text opened by `q` (its opening quote before `from`)
/// ends on this line: just past the closing quote.
fn close_quote(line: &str, from: usize, q: char) -> Option<usize> {
    let mut chars = line[from..].char_indices();
    while let Some((i, c)) = chars.next() {
        if q == '"' && c == '\\' {
            chars.next();
        } else if c == q {
            if q == '\'' && line[from + i + 1..].starts_with('\'') {
                chars.next();
                continue;
            }
            return Some(from + i + 1);
        }
    }
    None
}

/// Whether a value opened with `［`, `【` or `｛` was meant as a list or a
/// map: `［2024, 2025］` (only ASCII words inside) or `｛ by: x, … ｝` (a
/// key inside), not a title such as `［重点］组织招聘会` or `［2025］1号`.
/// `whole`: the collection is all of `value` (it ends with the closer).
fn looks_like_flow(value: &str, whole: bool) -> bool {
    let mut chars = value.chars();
    let open = chars.next();
    let inner = chars.as_str();
    if open == Some('｛') {
        return key_at(inner.trim_start_matches(INDENT), 0).is_some();
    }
    let closers = ['］', '】', ']'];
    let end = if whole {
        inner.strip_suffix(closers).map(str::len)
    } else {
        inner.find(closers)
    };
    let Some(end) = end else {
        return false;
    };
    let inner = &inner[..end];
    !inner.trim().is_empty()
        && inner
            .chars()
            .all(|c| c.is_ascii() || c == '，' || c == '、' || c == '\u{3000}')
}

/// Whether `line` was meant as a front-matter fence `---` but was typed
/// with full-width dashes or dashes (`———`, `－－－`).
pub fn is_wrong_fence(line: &str) -> bool {
    let line = line.trim();
    line != "---"
        && line.chars().count() >= 2
        && line
            .chars()
            .all(|c| matches!(c, '-' | '－' | '—' | '–' | '―' | '─'))
}

/// What a YAML parser's error is about, in the editor's terms (the
/// parser's own words are English and name its internals).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxCause {
    Tab,
    /// `title: 第一阶段: 完成`: a second `: ` on a line.
    ExtraColon,
    /// A line that should be `key: value` is not.
    NotKeyValue,
    /// A list entry out of line.
    ListEntry,
    Indentation,
    Quote,
    /// An unknown `\x` inside double quotes.
    Escape,
    Bracket,
    /// Something missing where a value should be.
    MissingValue,
    /// `&`, `*`, `!`, `%` and the like start YAML syntax.
    SpecialCharacter,
    Comment,
    TooDeep,
    Other,
}

/// Sorts a parser message (serde-saphyr's, position already cut off).
pub fn classify(message: &str) -> SyntaxCause {
    let m = message.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| m.contains(w));
    use SyntaxCause::*;
    if has(&["tab"]) {
        Tab
    } else if has(&["mapping values are not allowed", "placement of ':'"]) {
        ExtraColon
    } else if has(&["'-' indicator", "block sequence entries"]) {
        ListEntry
    } else if has(&["simple key", "expected key", "mapping keys are not allowed"]) {
        NotKeyValue
    } else if has(&["indent"]) {
        Indentation
    } else if has(&["escape"]) {
        Escape
    } else if has(&["quote", "unterminated", "trailing content after"]) {
        Quote
    } else if has(&["flow", "bracket"]) {
        Bracket
    } else if has(&["node content", "end of plain scalar", "unexpected eof"]) {
        MissingValue
    } else if has(&[
        "anchor",
        "alias",
        "tag",
        "directive",
        "document",
        "reserved",
        "unexpected character",
        "binary",
    ]) {
        SpecialCharacter
    } else if has(&["comment"]) {
        Comment
    } else if has(&["recursion", "depth", "budget", "limit"]) {
        TooDeep
    } else {
        Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(w: &str) -> bool {
        [
            "kind",
            "name",
            "by",
            "date",
            "item",
            "exemplary",
            "base_url",
            "title",
        ]
        .contains(&w)
    }

    fn slips(text: &str) -> Vec<(u32, u32, SlipKind, bool)> {
        scan(text, 1, &known)
            .into_iter()
            .map(|s| (s.pos.line, s.pos.column, s.kind, s.certain))
            .collect()
    }

    use SlipKind::*;

    #[test]
    fn a_full_width_colon_after_a_key_is_certain() {
        assert_eq!(slips("name: a\nkind：street\n"), [(2, 5, FullColon, true)]);
        assert_eq!(slips("- id：a\n"), [(1, 5, FullColon, true)]);
        assert_eq!(
            slips("approved: { by：城关, date: 2026-01-18 }\n"),
            [(1, 15, FullColon, true)]
        );
    }

    #[test]
    fn full_width_punctuation_in_text_is_left_alone() {
        let legit = "title: 组织招聘会，不少于4场\n\
                     reason: 原因：资金未到位\n\
                     comments:\n  - { half: 1, by: 李明（书记）, text: 推进有力，成效明显：好 }\n\
                     description: |\n  说明：辖8个社区，\n  　　另有\tx\n\
                     title2: ［重点］组织招聘会\n\
                     t: \"a：b，[c]\"\n\
                     u: 'it''s：x'\n\
                     url: http://x.org/a:b\n\
                     time: 10:30\n\
                     - 说明：x\n";
        assert_eq!(slips(legit), []);
    }

    #[test]
    fn full_width_commas_in_flow_collections() {
        assert_eq!(
            slips("exemplary: [2024，2025]\n"),
            [(1, 17, FullComma('，'), true)]
        );
        assert_eq!(slips("c: [就业，创业]\n"), [(1, 7, FullComma('，'), false)]);
        assert_eq!(
            slips("approved: { by: 城关， date: 2026-01-18 }\n"),
            [(1, 19, FullComma('，'), true)]
        );
    }

    #[test]
    fn full_width_brackets_and_quotes() {
        assert_eq!(
            slips("exemplary: ［2024, 2025］\n"),
            [(1, 12, FullBracket('［'), true)]
        );
        assert_eq!(
            slips("approved: ｛ by: 城关, date: 2026-01-18 ｝\n"),
            [(1, 11, FullBracket('｛'), true)]
        );
        assert_eq!(slips("item: [a, b］\n"), [(1, 12, FullBracket('］'), true)]);
        assert_eq!(slips("title: ＂城关＂\n"), [(1, 8, FullQuote('＂'), false)]);
        assert_eq!(slips("title: “城关”\n"), [(1, 8, FullQuote('“'), false)]);
        assert_eq!(slips("title: “两学一做”学习教育\n"), []);
        assert_eq!(
            slips("exemplary: 【2024、2025】\n"),
            [
                (1, 12, FullBracket('【'), true),
                (1, 17, FullComma('、'), true)
            ]
        );
        assert_eq!(
            slips("item: [a, 【b, c】]\n"),
            [(1, 11, FullBracket('【'), true)]
        );
        assert_eq!(slips("- 【重点】组织\n"), []);
        assert_eq!(
            slips("c: [{ text: 招聘会【重点】推进 }, { text: 【重点】 }]\n"),
            []
        );
    }

    #[test]
    fn tabs_and_full_width_spaces_in_indentation() {
        assert_eq!(slips("a:\n\t- year: 1\n"), [(2, 1, Tab, true)]);
        assert_eq!(
            slips("a:\n  - year: 1\n　　issued: x\n"),
            [(3, 1, FullSpace, true)]
        );
        assert_eq!(slips("a:\n  -　year: 1\n"), [(2, 4, FullSpace, true)]);
        assert_eq!(slips("kind　: street\n"), [(1, 5, FullSpace, true)]);
        assert_eq!(slips("a: x\n\t续行\n"), [(2, 1, Tab, false)]);
        assert_eq!(slips("a:\n  － id: x\n"), [(2, 3, FullDash, true)]);
        assert_eq!(slips("a:\n  － 文字\n"), [(2, 3, FullDash, false)]);
        assert_eq!(slips("＃ 注释\n"), [(1, 1, FullHash, false)]);
    }

    #[test]
    fn missing_space_after_a_known_key() {
        assert_eq!(slips("kind:street\n"), [(1, 5, NoSpaceAfterColon, true)]);
        assert_eq!(slips("colour:red\n"), [(1, 7, NoSpaceAfterColon, false)]);
        assert_eq!(
            slips("kind:　street\n"),
            [(1, 6, FullSpaceAfterColon, true)]
        );
        assert_eq!(
            slips("approved: {by:城关, date:2026-01-18}\n"),
            [
                (1, 14, NoSpaceAfterColon, true),
                (1, 23, NoSpaceAfterColon, true)
            ]
        );
        assert_eq!(slips("base_url: https://a.org/\n"), []);
    }

    #[test]
    fn multi_line_flow_and_quotes_keep_their_state() {
        let text = "item: [a,\n  b，c]\nt: \"x\n\tkind：y\"\nk: v\n";
        assert_eq!(slips(text), [(2, 4, FullComma('，'), true)]);
    }

    #[test]
    fn fences_typed_with_full_width_dashes() {
        assert!(is_wrong_fence("———"));
        assert!(is_wrong_fence("－－－ "));
        assert!(!is_wrong_fence("---"));
        assert!(!is_wrong_fence("-"));
        assert!(!is_wrong_fence("--- a"));
    }

    proptest::proptest! {
        /// Any mix of the characters the scanner looks at: it never
        /// panics, and every slip points into the text.
        #[test]
        fn any_text_scans(text in "[ \t\u{3000}:：,，\\[\\]［］{}｛｝\"'＂|>#\\-ak_1中\r\n]{0,120}") {
            let lines: Vec<&str> = text.split('\n').collect();
            for slip in scan(&text, 1, &known) {
                let line = lines[slip.pos.line as usize - 1];
                proptest::prop_assert!(slip.pos.column as usize <= line.chars().count());
            }
        }
    }

    #[test]
    fn likely_slips_a_failed_parse_may_name() {
        assert_eq!(slips("名称：城关\n"), [(1, 3, FullColon, false)]);
        // A list may hold text.
        assert_eq!(slips("- 说明：一二三\n"), []);
        assert_eq!(slips("a: 这是一句很长的话：后面\n"), []);
        assert_eq!(
            slips("name: [a, b\nkind: street\n"),
            [(1, 7, Unclosed('['), false)]
        );
    }

    #[test]
    fn line_numbers_start_at_the_given_line() {
        let s = scan("name: a\nkind：b\n", 2, &known);
        assert_eq!(s[0].pos, Pos { line: 3, column: 5 });
    }
}

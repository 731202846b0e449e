//! A zlib stream (RFC 1950, 1951) for inputs of a few hundred bytes:
//! the rows of a QR code's PNG. A general compressor spends most of its
//! time on such an input setting itself up: zlib-rs at its best level
//! took ~20 µs a code, at its fastest ~8 µs for 15 % more bytes. This one
//! makes one block with greedy matching and Huffman codes fitted once to
//! a few samples of such data (`Codes::for_samples`): images of QR codes
//! are alike, and fitting codes to each one took twice as long for the
//! same bytes. ~6 µs a code, no longer than the best level's stream
//! (BENCHMARKS.md, "QR codes").

/// Longest and shortest match, farthest distance (the format's limits).
const MAX_MATCH: usize = 258;
const MIN_MATCH: usize = 3;
const WINDOW: usize = 32 * 1024;
/// Positions with the same hash of their next three bytes are chained;
/// so few are looked at that a longer chain finds nothing more on QR
/// rows, and a shorter one loses bytes.
const CHAIN: usize = 64;
const HASH_BITS: u32 = 10;

/// Length codes 257..=285: (base length, extra bits), as RFC 1951 gives
/// them (`length_code` computes them; a test compares).
#[cfg(test)]
const LENGTHS: [(u16, u8); 29] = [
    (3, 0),
    (4, 0),
    (5, 0),
    (6, 0),
    (7, 0),
    (8, 0),
    (9, 0),
    (10, 0),
    (11, 1),
    (13, 1),
    (15, 1),
    (17, 1),
    (19, 2),
    (23, 2),
    (27, 2),
    (31, 2),
    (35, 3),
    (43, 3),
    (51, 3),
    (59, 3),
    (67, 4),
    (83, 4),
    (99, 4),
    (115, 4),
    (131, 5),
    (163, 5),
    (195, 5),
    (227, 5),
    (258, 0),
];

/// Distance codes 0..=29: (base distance, extra bits).
#[cfg(test)]
const DISTANCES: [(u16, u8); 30] = [
    (1, 0),
    (2, 0),
    (3, 0),
    (4, 0),
    (5, 1),
    (7, 1),
    (9, 2),
    (13, 2),
    (17, 3),
    (25, 3),
    (33, 4),
    (49, 4),
    (65, 5),
    (97, 5),
    (129, 6),
    (193, 6),
    (257, 7),
    (385, 7),
    (513, 8),
    (769, 8),
    (1025, 9),
    (1537, 9),
    (2049, 10),
    (3073, 10),
    (4097, 11),
    (6145, 11),
    (8193, 12),
    (12289, 12),
    (16385, 13),
    (24577, 13),
];

/// The order code length codes are sent in (RFC 1951, 3.2.7).
const CL_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

const END: usize = 256;

/// A literal or a match, as the block codes it: its literal/length
/// symbol and, for a match, the length's extra bits, the distance symbol
/// and the distance's extra bits.
#[derive(Clone, Copy)]
struct Token {
    lit: u16,
    dist: u8,
    len_bits: u8,
    dist_bits: u8,
    len_extra: u16,
    dist_extra: u16,
}

impl Token {
    fn literal(b: u8) -> Self {
        Token {
            lit: u16::from(b),
            dist: 0,
            len_bits: 0,
            dist_bits: 0,
            len_extra: 0,
            dist_extra: 0,
        }
    }

    /// A match of `len` (3..=258) bytes `dist` (1..=32768) back.
    fn matched(len: usize, dist: usize) -> Self {
        let (lit, len_bits, len_extra) = length_code(len);
        let (dist, dist_bits, dist_extra) = distance_code(dist);
        Token {
            lit,
            dist,
            len_bits,
            dist_bits,
            len_extra,
            dist_extra,
        }
    }

    fn is_match(&self) -> bool {
        self.lit > END as u16
    }
}

/// `data` as a zlib stream, in one block with `codes` (made once for
/// data of its kind) unless the fixed codes or no compression make it
/// shorter.
pub fn compress(data: &[u8], codes: &Codes) -> Vec<u8> {
    let tokens = &tokens(data);
    let mut bits = Bits::with_capacity(data.len() + 64);
    // CMF: deflate with a 32 KiB window; FLG: no dictionary, and the
    // check bits that make the pair a multiple of 31.
    bits.bytes(&[0x78, 0x01]);
    let dynamic = codes.cost(tokens);
    let fixed = cost(tokens, &FIXED_LIT, &FIXED_DIST);
    let stored = 8 * (data.len() + 5) as u64;
    if stored < dynamic.min(fixed) {
        stored_blocks(&mut bits, data);
    } else if dynamic < fixed {
        bits.put(0b101, 3);
        codes.write(&mut bits, tokens);
    } else {
        bits.put(0b011, 3);
        write_tokens(
            &mut bits,
            tokens,
            &canonical(&FIXED_LIT),
            &canonical(&FIXED_DIST),
        );
    }
    bits.align();
    bits.bytes(&adler32(data).to_be_bytes());
    bits.out
}

/// Greedy LZ77 matching with one step of lookahead (a match is put off
/// when the next position starts a longer one).
fn tokens(data: &[u8]) -> Vec<Token> {
    let mut head = [u32::MAX; 1 << HASH_BITS];
    let mut prev = vec![u32::MAX; data.len()];
    let hash = |i: usize| -> usize {
        let v = u32::from(data[i]) | u32::from(data[i + 1]) << 8 | u32::from(data[i + 2]) << 16;
        (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
    };
    let mut inserted = 0;
    // Chains every position before `to` that has three bytes.
    let mut insert_to = |to: usize, head: &mut [u32], prev: &mut [u32]| {
        while inserted < to && inserted + MIN_MATCH <= data.len() {
            let h = hash(inserted);
            prev[inserted] = head[h];
            head[h] = inserted as u32;
            inserted += 1;
        }
    };
    let longest = |i: usize, head: &[u32], prev: &[u32]| -> (usize, usize) {
        if i + MIN_MATCH > data.len() {
            return (0, 0);
        }
        let max = (data.len() - i).min(MAX_MATCH);
        let ahead = &data[i..i + max];
        let (mut best, mut best_dist) = (0, 0);
        let mut at = head[hash(i)];
        for _ in 0..CHAIN {
            if at == u32::MAX || i - at as usize > WINDOW {
                break;
            }
            let j = at as usize;
            // Only a candidate longer than the best is worth comparing.
            if data.get(j + best) == ahead.get(best) {
                let len = data[j..]
                    .iter()
                    .zip(ahead)
                    .take_while(|(a, b)| a == b)
                    .count();
                if len > best {
                    (best, best_dist) = (len, i - j);
                    if len == max {
                        break;
                    }
                }
            }
            at = prev[j];
        }
        if best >= MIN_MATCH {
            (best, best_dist)
        } else {
            (0, 0)
        }
    };
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        insert_to(i, &mut head, &mut prev);
        let (len, dist) = longest(i, &head, &prev);
        if len == 0 {
            out.push(Token::literal(data[i]));
            i += 1;
            continue;
        }
        insert_to(i + 1, &mut head, &mut prev);
        if longest(i + 1, &head, &prev).0 > len {
            out.push(Token::literal(data[i]));
            i += 1;
            continue;
        }
        out.push(Token::matched(len, dist));
        i += len;
    }
    out
}

/// The length symbol (257..=285) of a match length, its extra bits and
/// their value (the table of RFC 1951, 3.2.5, as arithmetic: from 11 on,
/// each power of two of `len - 3` spans four symbols).
fn length_code(len: usize) -> (u16, u8, u16) {
    if len == MAX_MATCH {
        return (285, 0, 0);
    }
    let l = (len - MIN_MATCH) as u32;
    if l < 8 {
        return (257 + l as u16, 0, 0);
    }
    let top = 31 - l.leading_zeros();
    let extra = top - 2;
    let sym = 257 + 4 * (top - 1) + ((l >> extra) & 3);
    (sym as u16, extra as u8, (l & ((1 << extra) - 1)) as u16)
}

/// The distance symbol (0..=29), its extra bits and their value (each
/// power of two of `dist - 1` from 4 on spans two symbols).
fn distance_code(dist: usize) -> (u8, u8, u16) {
    let d = (dist - 1) as u32;
    if d < 4 {
        return (d as u8, 0, 0);
    }
    let top = 31 - d.leading_zeros();
    let extra = top - 1;
    let sym = 2 * top + ((d >> extra) & 1);
    (sym as u8, extra as u8, (d & ((1 << extra) - 1)) as u16)
}

/// Symbol counts of the literal/length and the distance alphabets.
fn counts(tokens: &[Token]) -> ([u32; 286], [u32; 30]) {
    let (mut lit, mut dist) = ([0u32; 286], [0u32; 30]);
    for t in tokens {
        lit[usize::from(t.lit)] += 1;
        if t.is_match() {
            dist[usize::from(t.dist)] += 1;
        }
    }
    lit[END] += 1;
    (lit, dist)
}

/// A code: (code bits, already reversed for sending, and length) per symbol.
type Code = Vec<(u16, u8)>;

/// Canonical codes for the lengths `lens` (RFC 1951, 3.2.2).
fn canonical(lens: &[u8]) -> Code {
    let mut count = [0u16; 16];
    for &l in lens {
        count[usize::from(l)] += 1;
    }
    count[0] = 0;
    let mut next = [0u16; 16];
    let mut code = 0u16;
    for bits in 1..16 {
        code = (code + count[bits - 1]) << 1;
        next[bits] = code;
    }
    lens.iter()
        .map(|&l| {
            if l == 0 {
                return (0, 0);
            }
            let c = next[usize::from(l)];
            next[usize::from(l)] += 1;
            // Huffman codes are sent from their first bit on.
            (c.reverse_bits() >> (16 - l), l)
        })
        .collect()
}

/// Code lengths of at most `limit` bits for the symbol counts `freq`,
/// forming a complete code (every decoder accepts it): a Huffman code,
/// its longest lengths cut to `limit` and the code completed again by
/// lengthening shorter ones. Unused symbols get 0; at least two symbols
/// get a length (a complete code needs two).
fn lengths(freq: &[u32], limit: u8) -> Vec<u8> {
    let mut used: Vec<usize> = (0..freq.len()).filter(|&s| freq[s] > 0).collect();
    for s in 0..freq.len() {
        if used.len() >= 2 {
            break;
        }
        if !used.contains(&s) {
            used.push(s);
        }
    }
    // Least frequent first; ties by symbol, so the code is always the same.
    used.sort_unstable_by_key(|&s| (u64::from(freq[s]) << 16) | s as u64);
    // Huffman's merging, with a node list: leaves 0..n, then the inner nodes.
    let n = used.len();
    let mut weight: Vec<u64> = used.iter().map(|&s| u64::from(freq[s].max(1))).collect();
    let mut parent = vec![0usize; 2 * n - 1];
    let (mut leaf, mut inner) = (0, n);
    let take = |weight: &Vec<u64>, leaf: &mut usize, inner: &mut usize, made: usize| {
        if *leaf < n && (*inner >= made || weight[*leaf] <= weight[*inner]) {
            *leaf += 1;
            *leaf - 1
        } else {
            *inner += 1;
            *inner - 1
        }
    };
    for made in n..2 * n - 1 {
        let a = take(&weight, &mut leaf, &mut inner, made);
        let b = take(&weight, &mut leaf, &mut inner, made);
        weight.push(weight[a] + weight[b]);
        parent[a] = made;
        parent[b] = made;
    }
    let mut depth = vec![0u32; 2 * n - 1];
    for node in (0..2 * n - 2).rev() {
        depth[node] = depth[parent[node]] + 1;
    }
    // How many leaves each length has, the longest cut to `limit`.
    let limit = usize::from(limit);
    let mut at_len = vec![0u32; limit + 1];
    for &d in &depth[..n] {
        at_len[(d as usize).min(limit)] += 1;
    }
    let full = 1u64 << limit;
    let mut kraft: u64 = (1..=limit)
        .map(|l| u64::from(at_len[l]) << (limit - l))
        .sum();
    while kraft > full {
        // One leaf of the longest length moves up beside another.
        at_len[limit] -= 1;
        if let Some(l) = (1..limit).rev().find(|&l| at_len[l] > 0) {
            at_len[l] -= 1;
            at_len[l + 1] += 2;
        }
        kraft = (1..=limit)
            .map(|l| u64::from(at_len[l]) << (limit - l))
            .sum();
    }
    // The shortest lengths to the most frequent symbols.
    let mut out = vec![0u8; freq.len()];
    let mut by_len = (1..=limit).flat_map(|l| std::iter::repeat_n(l as u8, at_len[l] as usize));
    for &s in used.iter().rev() {
        out[s] = by_len.next().unwrap_or(limit as u8);
    }
    out
}

/// The code length sequence of both alphabets, run-length coded: (symbol
/// 0..=18, extra bits value).
fn length_runs(lens: &[u8]) -> Vec<(u8, u8)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lens.len() {
        let l = lens[i];
        let run = lens[i..].iter().take_while(|&&x| x == l).count();
        if l == 0 && run >= 3 {
            let n = run.min(138);
            if n >= 11 {
                out.push((18, (n - 11) as u8));
            } else {
                out.push((17, (n - 3) as u8));
            }
            i += n;
        } else if l != 0 && run >= 4 {
            out.push((l, 0));
            let n = (run - 1).min(6);
            out.push((16, (n - 3) as u8));
            i += 1 + n;
        } else {
            out.push((l, 0));
            i += 1;
        }
    }
    out
}

fn cl_extra(sym: u8) -> u8 {
    match sym {
        16 => 2,
        17 => 3,
        18 => 7,
        _ => 0,
    }
}

/// Codes for a dynamic block, fitted to symbol counts: the codes, the
/// block header that describes them and its size in bits.
pub struct Codes {
    lit_lens: Vec<u8>,
    dist_lens: Vec<u8>,
    lit: Code,
    dist: Code,
    hlit: usize,
    hdist: usize,
    runs: Vec<(u8, u8)>,
    cl: Code,
    hclen: usize,
    header_bits: u64,
}

impl Codes {
    fn fitted(lit_freq: &[u32], dist_freq: &[u32]) -> Self {
        let lit_lens = lengths(lit_freq, 15);
        let dist_lens = lengths(dist_freq, 15);
        let hlit = lit_lens
            .iter()
            .rposition(|&l| l > 0)
            .map_or(257, |p| p + 1)
            .max(257);
        let hdist = dist_lens.iter().rposition(|&l| l > 0).map_or(1, |p| p + 1);
        let mut all = lit_lens[..hlit].to_vec();
        all.extend_from_slice(&dist_lens[..hdist]);
        let runs = length_runs(&all);
        let mut cl_freq = [0u32; 19];
        for &(sym, _) in &runs {
            cl_freq[usize::from(sym)] += 1;
        }
        let cl_lens = lengths(&cl_freq, 7);
        let hclen = CL_ORDER
            .iter()
            .rposition(|&s| cl_lens[s] > 0)
            .map_or(4, |p| p + 1)
            .max(4);
        let mut header_bits = 5 + 5 + 4 + 3 * hclen as u64;
        for &(sym, _) in &runs {
            header_bits += u64::from(cl_lens[usize::from(sym)] + cl_extra(sym));
        }
        Codes {
            lit: canonical(&lit_lens),
            dist: canonical(&dist_lens),
            lit_lens,
            dist_lens,
            hlit,
            hdist,
            runs,
            cl: canonical(&cl_lens),
            hclen,
            header_bits,
        }
    }

    /// Codes for data like `samples`: fitted to their symbols, every
    /// symbol counted once more so that any data can be coded.
    pub fn for_samples(samples: &[&[u8]]) -> Self {
        let (mut lit, mut dist) = ([1u32; 286], [1u32; 30]);
        for sample in samples {
            let (l, d) = counts(&tokens(sample));
            lit.iter_mut().zip(l).for_each(|(a, b)| *a += b);
            dist.iter_mut().zip(d).for_each(|(a, b)| *a += b);
        }
        Codes::fitted(&lit, &dist)
    }

    fn cost(&self, tokens: &[Token]) -> u64 {
        self.header_bits + cost(tokens, &self.lit_lens, &self.dist_lens)
    }

    fn write(&self, bits: &mut Bits, tokens: &[Token]) {
        bits.put((self.hlit - 257) as u32, 5);
        bits.put((self.hdist - 1) as u32, 5);
        bits.put((self.hclen - 4) as u32, 4);
        for &s in &CL_ORDER[..self.hclen] {
            bits.put(u32::from(self.cl[s].1), 3);
        }
        for &(sym, extra) in &self.runs {
            let (code, len) = self.cl[usize::from(sym)];
            bits.put(u32::from(code), len);
            bits.put(u32::from(extra), cl_extra(sym));
        }
        write_tokens(bits, tokens, &self.lit, &self.dist);
    }
}

/// The tokens' size in bits with these code lengths, end of block included.
fn cost(tokens: &[Token], lit: &[u8], dist: &[u8]) -> u64 {
    let mut bits = u64::from(lit[END]);
    for t in tokens {
        bits += u64::from(lit[usize::from(t.lit)]);
        if t.is_match() {
            bits += u64::from(t.len_bits + dist[usize::from(t.dist)] + t.dist_bits);
        }
    }
    bits
}

/// The fixed codes' lengths (RFC 1951, 3.2.6).
const FIXED_LIT: [u8; 288] = {
    let mut lens = [8u8; 288];
    let mut s = 144;
    while s < 280 {
        lens[s] = if s < 256 { 9 } else { 7 };
        s += 1;
    }
    lens
};
const FIXED_DIST: [u8; 30] = [5; 30];

fn write_tokens(bits: &mut Bits, tokens: &[Token], lit: &Code, dist: &Code) {
    for t in tokens {
        let (c, l) = lit[usize::from(t.lit)];
        bits.put(u32::from(c), l);
        if t.is_match() {
            bits.put(u32::from(t.len_extra), t.len_bits);
            let (c, l) = dist[usize::from(t.dist)];
            bits.put(u32::from(c), l);
            bits.put(u32::from(t.dist_extra), t.dist_bits);
        }
    }
    let (c, l) = lit[END];
    bits.put(u32::from(c), l);
}

/// Uncompressed blocks of at most 65,535 bytes each.
fn stored_blocks(bits: &mut Bits, data: &[u8]) {
    let mut chunks = data.chunks(u16::MAX as usize).peekable();
    if chunks.peek().is_none() {
        bits.put(0b001, 3);
        bits.align();
        bits.bytes(&[0, 0, 0xff, 0xff]);
    }
    while let Some(chunk) = chunks.next() {
        bits.put(u32::from(chunks.peek().is_none()), 3);
        bits.align();
        let len = chunk.len() as u16;
        bits.bytes(&len.to_le_bytes());
        bits.bytes(&(!len).to_le_bytes());
        bits.bytes(chunk);
    }
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &x in chunk {
            a += u32::from(x);
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    b << 16 | a
}

/// Bits packed from the least significant end of each byte (RFC 1951, 3.1.1).
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn with_capacity(bytes: usize) -> Self {
        Bits {
            out: Vec::with_capacity(bytes),
            acc: 0,
            n: 0,
        }
    }

    fn put(&mut self, value: u32, len: u8) {
        self.acc |= u64::from(value) << self.n;
        self.n += u32::from(len);
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    fn align(&mut self) {
        if self.n > 0 {
            self.out.push(self.acc as u8);
            self.acc = 0;
            self.n = 0;
        }
    }

    fn bytes(&mut self, bytes: &[u8]) {
        debug_assert_eq!(self.n, 0);
        self.out.extend_from_slice(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn inflate(z: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(z), &mut out)
            .expect("a valid zlib stream");
        out
    }

    #[test]
    fn round_trips_edge_cases() {
        let long_run = vec![7u8; 100_000];
        let codes = Codes::for_samples(&[b"hello, hello", &[0xff; 40]]);
        let all_bytes: Vec<u8> = (0..=255).collect();
        for data in [
            &b""[..],
            b"a",
            b"ab",
            b"aaa",
            b"abcabcabcabcabcabc",
            &long_run,
            &all_bytes,
        ] {
            assert_eq!(inflate(&compress(data, &codes)), data);
            // Codes fitted to the data itself.
            assert_eq!(inflate(&compress(data, &Codes::for_samples(&[data]))), data);
        }
    }

    /// The arithmetic of `length_code` and `distance_code` is the RFC's
    /// tables, for every length and distance.
    #[test]
    fn length_and_distance_codes_are_the_tables() {
        for len in MIN_MATCH..=MAX_MATCH {
            let i = LENGTHS.partition_point(|&(base, _)| usize::from(base) <= len) - 1;
            let (base, extra) = LENGTHS[if len == MAX_MATCH { 28 } else { i }];
            let want = (257 + i as u16, extra, (len - usize::from(base)) as u16);
            let want = if len == MAX_MATCH { (285, 0, 0) } else { want };
            assert_eq!(length_code(len), want, "length {len}");
        }
        for dist in 1..=WINDOW {
            let i = DISTANCES.partition_point(|&(base, _)| usize::from(base) <= dist) - 1;
            let (base, extra) = DISTANCES[i];
            let want = (i as u8, extra, (dist - usize::from(base)) as u16);
            assert_eq!(distance_code(dist), want, "distance {dist}");
        }
    }

    #[test]
    fn lengths_form_complete_codes_within_their_limit() {
        // Fibonacci counts make the deepest Huffman trees.
        let mut fib = vec![1u32, 1];
        while fib.len() < 30 {
            let n = fib[fib.len() - 1] + fib[fib.len() - 2];
            fib.push(n);
        }
        for (freq, limit) in [
            (fib.clone(), 15u8),
            (fib[..19].to_vec(), 7),
            (vec![0, 0, 5, 0], 7),
            (vec![0; 19], 7),
        ] {
            let lens = lengths(&freq, limit);
            assert!(lens.iter().all(|&l| l <= limit));
            let kraft: u64 = lens
                .iter()
                .filter(|&&l| l > 0)
                .map(|&l| 1u64 << (limit - l))
                .sum();
            assert_eq!(kraft, 1 << limit, "{freq:?}");
            for (s, &f) in freq.iter().enumerate() {
                assert!(f == 0 || lens[s] > 0);
            }
        }
    }

    proptest! {
        #[test]
        fn round_trips(data in proptest::collection::vec(any::<u8>(), 0..2000),
                       sample in proptest::collection::vec(any::<u8>(), 0..500)) {
            prop_assert_eq!(inflate(&compress(&data, &Codes::for_samples(&[&sample]))), data.clone());
            prop_assert_eq!(inflate(&compress(&data, &Codes::for_samples(&[&data]))), data);
        }

        /// Few distinct bytes and long runs, as in a code's rows.
        #[test]
        fn round_trips_runs(data in proptest::collection::vec(
            prop_oneof![Just(0u8), Just(0xff), any::<u8>()], 0..3000)) {
            prop_assert_eq!(inflate(&compress(&data, &Codes::for_samples(&[&data[..data.len() / 2]]))), data);
        }
    }
}

//! A zlib stream (RFC 1950, 1951) for inputs of a few hundred bytes:
//! the rows of a QR code's PNG. A general compressor spends most of its
//! time on such an input setting itself up: zlib-rs at its best level
//! took ~20 µs a code (a sixth of a sheet page's rendering), at its
//! fastest ~5 µs for a sixth more bytes. This one makes one block with
//! greedy matching and codes fitted to the block, which is what the best
//! level achieves on these rows, in a few µs (BENCHMARKS.md, "QR codes").

/// Longest and shortest match, farthest distance (the format's limits).
const MAX_MATCH: usize = 258;
const MIN_MATCH: usize = 3;
const WINDOW: usize = 32 * 1024;
/// Positions with the same hash of their next three bytes are chained;
/// so few are looked at that a longer chain finds nothing more on QR
/// rows, and a shorter one loses bytes.
const CHAIN: usize = 64;
const HASH_BITS: u32 = 10;

/// Length codes 257..=285: (base length, extra bits).
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

/// One symbol of the block: a literal byte or a match.
#[derive(Clone, Copy)]
enum Token {
    Literal(u8),
    Match { len: u16, dist: u16 },
}

/// `data` as a zlib stream.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let tokens = tokens(data);
    let mut bits = Bits::default();
    // CMF: deflate with a 32 KiB window; FLG: no dictionary, and the
    // check bits that make the pair a multiple of 31.
    bits.bytes(&[0x78, 0x01]);
    let dynamic = Dynamic::new(&tokens);
    let fixed = fixed_cost(&tokens);
    let stored = 8 * (data.len() + 5) as u64;
    if stored < dynamic.cost.min(fixed) {
        stored_blocks(&mut bits, data);
    } else if dynamic.cost < fixed {
        bits.put(0b101, 3);
        dynamic.write(&mut bits, &tokens);
    } else {
        bits.put(0b011, 3);
        let (lit, dist) = fixed_codes();
        write_tokens(&mut bits, &tokens, &lit, &dist);
    }
    bits.align();
    bits.bytes(&adler32(data).to_be_bytes());
    bits.out
}

/// Greedy LZ77 matching with one step of lookahead (a match is put off
/// when the next position starts a longer one).
fn tokens(data: &[u8]) -> Vec<Token> {
    let mut head = vec![u32::MAX; 1 << HASH_BITS];
    let mut prev = vec![u32::MAX; data.len()];
    let hash = |i: usize| -> usize {
        let v = u32::from(data[i]) | u32::from(data[i + 1]) << 8 | u32::from(data[i + 2]) << 16;
        (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
    };
    let mut inserted = 0;
    // Chains every position before `to` that has three bytes.
    let mut insert_to = |to: usize, head: &mut Vec<u32>, prev: &mut Vec<u32>| {
        while inserted < to && inserted + MIN_MATCH <= data.len() {
            let h = hash(inserted);
            prev[inserted] = head[h];
            head[h] = inserted as u32;
            inserted += 1;
        }
    };
    let longest = |i: usize, head: &Vec<u32>, prev: &Vec<u32>| -> (usize, usize) {
        if i + MIN_MATCH > data.len() {
            return (0, 0);
        }
        let max = (data.len() - i).min(MAX_MATCH);
        let (mut best, mut best_dist) = (0, 0);
        let mut at = head[hash(i)];
        for _ in 0..CHAIN {
            if at == u32::MAX || i - at as usize > WINDOW {
                break;
            }
            let j = at as usize;
            let len = data[j..]
                .iter()
                .zip(&data[i..i + max])
                .take_while(|(a, b)| a == b)
                .count();
            if len > best {
                (best, best_dist) = (len, i - j);
                if len == max {
                    break;
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
            out.push(Token::Literal(data[i]));
            i += 1;
            continue;
        }
        insert_to(i + 1, &mut head, &mut prev);
        if longest(i + 1, &head, &prev).0 > len {
            out.push(Token::Literal(data[i]));
            i += 1;
            continue;
        }
        out.push(Token::Match {
            len: len as u16,
            dist: dist as u16,
        });
        i += len;
    }
    out
}

/// The length code (257..) of a match length and its extra bits.
fn length_code(len: u16) -> (usize, u16, u8) {
    let i = LENGTHS.partition_point(|&(base, _)| base <= len) - 1;
    let (base, extra) = LENGTHS[i];
    (257 + i, len - base, extra)
}

fn distance_code(dist: u16) -> (usize, u16, u8) {
    let i = DISTANCES.partition_point(|&(base, _)| base <= dist) - 1;
    let (base, extra) = DISTANCES[i];
    (i, dist - base, extra)
}

/// Symbol counts of the literal/length and the distance alphabets.
fn counts(tokens: &[Token]) -> ([u32; 286], [u32; 30]) {
    let (mut lit, mut dist) = ([0u32; 286], [0u32; 30]);
    for t in tokens {
        match *t {
            Token::Literal(b) => lit[usize::from(b)] += 1,
            Token::Match { len, dist: d } => {
                lit[length_code(len).0] += 1;
                dist[distance_code(d).0] += 1;
            }
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
    used.sort_by_key(|&s| (freq[s], s));
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

/// A block with codes fitted to its symbols: the codes, their header and
/// its size in bits.
struct Dynamic {
    lit: Code,
    dist: Code,
    hlit: usize,
    hdist: usize,
    runs: Vec<(u8, u8)>,
    cl: Code,
    hclen: usize,
    cost: u64,
}

impl Dynamic {
    fn new(tokens: &[Token]) -> Self {
        let (lit_freq, dist_freq) = counts(tokens);
        let lit_lens = lengths(&lit_freq, 15);
        let dist_lens = lengths(&dist_freq, 15);
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
        let mut cost = 5 + 5 + 4 + 3 * hclen as u64;
        for &(sym, _) in &runs {
            cost += u64::from(cl_lens[usize::from(sym)] + cl_extra(sym));
        }
        cost += tokens_cost(tokens, &lit_lens, &dist_lens);
        Dynamic {
            lit: canonical(&lit_lens),
            dist: canonical(&dist_lens),
            hlit,
            hdist,
            runs,
            cl: canonical(&cl_lens),
            hclen,
            cost,
        }
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
fn tokens_cost(tokens: &[Token], lit: &[u8], dist: &[u8]) -> u64 {
    let mut cost = u64::from(lit[END]);
    for t in tokens {
        cost += match *t {
            Token::Literal(b) => u64::from(lit[usize::from(b)]),
            Token::Match { len, dist: d } => {
                let (lc, _, le) = length_code(len);
                let (dc, _, de) = distance_code(d);
                u64::from(lit[lc] + le + dist[dc] + de)
            }
        };
    }
    cost
}

fn fixed_lengths() -> (Vec<u8>, Vec<u8>) {
    let lit = (0..288)
        .map(|s| match s {
            0..=143 => 8,
            144..=255 => 9,
            256..=279 => 7,
            _ => 8,
        })
        .collect();
    (lit, vec![5; 30])
}

fn fixed_codes() -> (Code, Code) {
    let (lit, dist) = fixed_lengths();
    (canonical(&lit), canonical(&dist))
}

fn fixed_cost(tokens: &[Token]) -> u64 {
    let (lit, dist) = fixed_lengths();
    tokens_cost(tokens, &lit, &dist)
}

fn write_tokens(bits: &mut Bits, tokens: &[Token], lit: &Code, dist: &Code) {
    for t in tokens {
        match *t {
            Token::Literal(b) => {
                let (c, l) = lit[usize::from(b)];
                bits.put(u32::from(c), l);
            }
            Token::Match { len, dist: d } => {
                let (lc, lv, le) = length_code(len);
                bits.put(u32::from(lit[lc].0), lit[lc].1);
                bits.put(u32::from(lv), le);
                let (dc, dv, de) = distance_code(d);
                bits.put(u32::from(dist[dc].0), dist[dc].1);
                bits.put(u32::from(dv), de);
            }
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
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
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
            assert_eq!(inflate(&compress(data)), data);
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
        fn round_trips(data in proptest::collection::vec(any::<u8>(), 0..2000)) {
            prop_assert_eq!(inflate(&compress(&data)), data);
        }

        /// Few distinct bytes and long runs, as in a code's rows.
        #[test]
        fn round_trips_runs(data in proptest::collection::vec(
            prop_oneof![Just(0u8), Just(0xff), any::<u8>()], 0..3000)) {
            prop_assert_eq!(inflate(&compress(&data)), data);
        }
    }
}

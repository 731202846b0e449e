//! The search index on a generated 10,000-pledge site, for BENCHMARKS.md:
//! how much the index weighs against the pages, and what a first search
//! downloads.
//!
//! `cargo bench --bench search_index` (set `PB_BENCH_OUT=/some/folder` to
//! also write the site there, e.g. to measure it gzip-compressed);
//! `PB_SEARCH_SITE=/tmp/out cargo bench --bench search_index` gives the
//! first-search table of a site already built instead, e.g. from
//! `examples/gen_corpus.rs` (`PB_SEARCH_QUERIES="王 张伟 …"` to choose the
//! queries).

use std::collections::{BTreeMap, BTreeSet};

use pledgeboard::derive::derive_year;
use pledgeboard::model::*;
use pledgeboard::output::{OutBody, OutFile};
use pledgeboard::render::search_internals::{
    CHUNK, decode_postings, index_stats, query_terms, shard_of,
};
use pledgeboard::render::{RenderOptions, render_site};

/// The search folder and script of a built site (`render::urls`).
const SEARCH: &str = "search";
const SEARCH_JS: &str = "assets/search.js";

fn main() {
    match std::env::var("PB_SEARCH_SITE") {
        Ok(dir) => first_searches_on_a_built_site(&dir),
        Err(_) => search_index_on_10000_pledges(),
    }
}

/// A small deterministic generator (no crate): a 64-bit LCG.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() as usize) % list.len()]
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅文斌宇浩凯鹏飞云海波辉亮成林龙健东新春晓燕丹萍玲婷雪琳慧佳倩颖欣悦晨阳光荣德福顺安宁祥瑞永胜利";
const PLACES: &[&str] = &[
    "城关", "河西", "东湖", "西山", "南塘", "北关", "新华", "解放", "人民", "建设", "和平", "胜利",
    "幸福", "光明", "青山", "白沙", "柳林", "桃园", "杏花", "梨园", "荷塘", "凤凰", "龙泉", "金星",
    "红旗", "长青", "永安", "太平", "兴隆", "望江",
];
const ORG_SUFFIX: &[(&str, UnitKind)] = &[
    ("社区党委", UnitKind::Community),
    ("村党支部", UnitKind::Village),
    ("小学党支部", UnitKind::School),
    ("卫生院党支部", UnitKind::Institution),
    ("供水公司党支部", UnitKind::Soe),
    ("物业协会党支部", UnitKind::Social),
    ("科技有限公司党支部", UnitKind::Nonpublic),
];
const VERBS: &[&str] = &[
    "组织", "开展", "举办", "推进", "完成", "建设", "落实", "帮助", "走访", "整治", "改造", "培训",
    "宣传", "服务", "协调", "调解",
];
const OBJECTS: &[&str] = &[
    "社区招聘会",
    "困难群众走访",
    "老旧小区改造",
    "垃圾分类宣传",
    "党员志愿服务",
    "矛盾纠纷调解",
    "农田水利修缮",
    "特色产业培育",
    "慢病随访",
    "家庭医生签约",
    "课后托管服务",
    "安全生产检查",
    "夜市规范经营",
    "独居老人探访",
    "技能培训班",
    "消防隐患排查",
    "河道清理",
    "道路硬化",
    "便民服务站建设",
    "政策宣讲",
];
const UNITS_OF: &[&str] = &["场", "次", "户", "人", "处", "期", "公里", "个"];
const CATEGORIES: &[&str] = &[
    "就业创业",
    "民生服务",
    "基层治理",
    "乡村振兴",
    "环境整治",
    "党建工作",
    "志愿服务",
    "平安建设",
    "医疗卫生",
    "教育关爱",
    "安全生产",
    "文明创建",
];
const PHRASES: &[&str] = &[
    "本月组织党员和志愿者",
    "在社区广场",
    "协调相关部门",
    "与驻地单位联合",
    "经过前期摸底",
    "共走访群众",
    "收集意见建议",
    "解决实际困难",
    "参加人员达到",
    "群众反映良好",
    "下一步将继续推进",
    "资金已全部到位",
    "施工队伍已进场",
    "完成年度目标的",
    "召开专题会议研究",
    "邀请专业人员讲解",
    "建立工作台账",
    "落实专人负责",
    "接受群众监督",
    "整改问题",
];

fn chars(text: &str) -> Vec<char> {
    text.chars().collect()
}

fn person(rng: &mut Rng, surnames: &[char], given: &[char]) -> String {
    let mut name = String::new();
    name.push(surnames[rng.below(surnames.len() as u64) as usize]);
    name.push(given[rng.below(given.len() as u64) as usize]);
    if rng.below(3) > 0 {
        name.push(given[rng.below(given.len() as u64) as usize]);
    }
    name
}

fn date(day_of_year: u64) -> Date {
    let start = jiff::civil::date(2026, 1, 1);
    Date(
        start
            .checked_add(jiff::Span::new().days(day_of_year as i64))
            .expect("a 2026 date"),
    )
}

/// 501 units (a city committee, 20 streets and towns, 24 units under
/// each), 20 pledges in each but the committee: 10,000 pledges, 30,000
/// items, 30,000 progress notes of 40–120 characters.
pub fn generated_site() -> Site {
    let mut rng = Rng(20_261_128);
    let surnames = chars(SURNAMES);
    let given = chars(GIVEN);
    let mut units: Vec<Unit> = Vec::new();
    let blank = |path: String, name: String, kind: UnitKind, parent: Option<usize>| Unit {
        parent: parent.map(UnitIx::new),
        members: Some(20),
        ..Unit::new(path, name, kind)
    };
    units.push(blank(
        String::new(),
        "某市委".into(),
        UnitKind::Committee,
        None,
    ));
    let mut top = Vec::new();
    for t in 0..20 {
        let idx = units.len();
        let (suffix, kind) = if t % 2 == 0 {
            ("街道党工委", UnitKind::Street)
        } else {
            ("镇党委", UnitKind::Township)
        };
        units.push(blank(
            format!("t{t:02}"),
            format!("{}{suffix}", PLACES[t % PLACES.len()]),
            kind,
            Some(0),
        ));
        units[0].children.push(UnitIx::new(idx));
        top.push(idx);
        for c in 0..24 {
            let cidx = units.len();
            let (suffix, kind) = ORG_SUFFIX[(t + c) % ORG_SUFFIX.len()];
            units.push(blank(
                format!("t{t:02}/u{c:02}"),
                format!("{}{}{suffix}", PLACES[(t * 7 + c) % PLACES.len()], c + 1),
                kind,
                Some(idx),
            ));
            units[idx].children.push(UnitIx::new(cidx));
        }
    }
    let mut pledges = 0;
    for unit in units.iter_mut().skip(1) {
        let mut sheets = Vec::new();
        for m in 0..20 {
            let id = if m == 0 {
                UNIT_SHEET.to_string()
            } else {
                format!("m{m:02}")
            };
            let mut items = Vec::new();
            let mut notes = Vec::new();
            for i in 0..3 {
                let object = rng.pick(OBJECTS);
                let title = format!(
                    "{}{}不少于{}{}",
                    rng.pick(VERBS),
                    object,
                    2 + rng.below(30),
                    rng.pick(UNITS_OF)
                );
                let item_id = format!("item-{i}");
                items.push(Item {
                    fields: Default::default(),
                    pos: Default::default(),
                    id: item_id.clone(),
                    title,
                    category: Some(rng.pick(CATEGORIES).to_string()),
                    deadline: date(150 + rng.below(210)),
                    baseline: Some(format!("2025年{}{}", object, rng.below(20))),
                    target: Some(format!(
                        "{}{}，群众满意",
                        rng.pick(PHRASES),
                        rng.pick(OBJECTS)
                    )),
                    responsibility: None,
                });
                let day = 20 + rng.below(300);
                let mut body = String::new();
                for _ in 0..(3 + rng.below(5)) {
                    body.push_str(rng.pick(PHRASES));
                    body.push_str(rng.pick(OBJECTS));
                    body.push('，');
                }
                body.push_str(&format!("共{}人参加。", 10 + rng.below(200)));
                let note_date = date(day);
                notes.push(Note {
                    id: format!("{note_date}-{item_id}"),
                    date: note_date,
                    items: vec![item_id],
                    progress: Some((10 + rng.below(91)) as u8),
                    status: (rng.below(4) == 0).then_some(NoteStatus::Done),
                    deadline: None,
                    status_pos: Default::default(),
                    title: None,
                    author: None,
                    body,
                    extra: serde_json::Value::Null,
                    fields: Default::default(),
                    attachments: Vec::new(),
                });
            }
            notes.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
            sheets.push(Sheet {
                fields: Default::default(),
                id,
                name: (m > 0).then(|| person(&mut rng, &surnames, &given)),
                name_pos: Default::default(),
                role: None,
                form: PledgeForm::Public,
                approved: Some(Approval {
                    by: "上级党组织".into(),
                    date: date(15),
                }),
                published: Some(date(20)),
                items,
                body: format!(
                    "我承诺：{}{}，{}{}。",
                    rng.pick(PHRASES),
                    rng.pick(OBJECTS),
                    rng.pick(PHRASES),
                    rng.pick(OBJECTS)
                ),
                extra: serde_json::Value::Null,
                notes,
            });
            pledges += 1;
        }
        unit.years.insert(
            2026,
            UnitYear {
                year: 2026,
                sheets,
                ..UnitYear::default()
            },
        );
    }
    assert_eq!(pledges, 10_000);
    Site {
        config: SiteConfig {
            year: Some(2026),
            ..SiteConfig::new("某市基层党组织和党员公开承诺公示", "https://example.org/")
        },
        units: units.into_iter().map(std::sync::Arc::new).collect(),
        years: vec![2026],
        static_files: Vec::new(),
        templates: Vec::new(),
    }
}

fn bytes_of(f: &OutFile) -> usize {
    match &f.body {
        OutBody::Bytes(b) => b.len(),
        OutBody::Copy(_) => 0,
    }
}

/// What `search.js` downloads for `query` (search page, script and style
/// aside): meta, the shards of its terms, the chunks of its first 20
/// results. Returns (bytes, results).
fn first_search(files: &BTreeMap<String, OutFile>, query: &str) -> (usize, usize) {
    let text = |path: &str| match &files[path].body {
        OutBody::Bytes(b) => String::from_utf8(b.clone()).expect("utf-8"),
        OutBody::Copy(_) => String::new(),
    };
    let meta: serde_json::Value = serde_json::from_str(&text("search/meta.json")).expect("meta");
    let shards = meta["shards"].as_u64().expect("shards") as usize;
    let mut bytes = bytes_of(&files["search/meta.json"]);
    let mut fetched = BTreeSet::new();
    // (short, all) per term, as search.js reads them.
    let mut lists: Vec<(Vec<u32>, Vec<u32>)> = Vec::new();
    for term in query_terms(query) {
        let path = format!("search/t/{}.json", shard_of(&term, shards));
        if fetched.insert(path.clone()) {
            bytes += bytes_of(&files[&path]);
        }
        let shard: BTreeMap<String, String> = serde_json::from_str(&text(&path)).expect("shard");
        let value = shard.get(&term).cloned().unwrap_or_default();
        let mut parts = value.split('~');
        let short = decode_postings(parts.next().unwrap_or(""));
        let mut all = short.clone();
        all.extend(decode_postings(parts.next().unwrap_or("")));
        all.sort_unstable();
        lists.push((short, all));
    }
    type Pair = (Vec<u32>, Vec<u32>);
    let keep = |lists: &[Pair], pick: fn(&Pair) -> &Vec<u32>| {
        let mut out = lists.first().map(|l| pick(l).clone()).unwrap_or_default();
        for l in lists.iter().skip(1) {
            out.retain(|id| pick(l).binary_search(id).is_ok());
        }
        out
    };
    let strong = keep(&lists, |l| &l.0);
    let all = keep(&lists, |l| &l.1);
    let mut hits = strong.clone();
    hits.extend(all.iter().filter(|id| strong.binary_search(id).is_err()));
    let chunks: BTreeSet<u32> = hits.iter().take(20).map(|id| id / CHUNK as u32).collect();
    for c in chunks {
        bytes += bytes_of(&files[&format!("search/d/{c}.json")]);
    }
    (bytes, hits.len())
}

fn search_index_on_10000_pledges() {
    let site = generated_site();
    let today = Date::parse("2026-11-28").expect("date");
    let facts: BTreeMap<i32, _> = [(2026, derive_year(&site, 2026, today))].into();
    let start = std::time::Instant::now();
    let opts = RenderOptions {
        today,
        live_reload: false,
        relative: false,
    };
    let files = render_site(&site, &facts, &opts).expect("renders");
    let elapsed = start.elapsed();
    let stats = index_stats(&site, &facts, today);
    let html: usize = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(bytes_of)
        .sum();
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    let index: usize = files
        .iter()
        .filter(|f| f.path.starts_with("search/") && f.path.ends_with(".json"))
        .map(bytes_of)
        .sum();
    let by_path: BTreeMap<String, OutFile> =
        files.into_iter().map(|f| (f.path.clone(), f)).collect();
    let page = bytes_of(&by_path["search/index.html"]);
    let script = bytes_of(&by_path[SEARCH_JS]);
    println!(
        "{pages} pages, HTML {:.1} MB; index {:.2} MB ({:.1}% of the HTML) in {} shards (largest {} KB) and {} chunks; \
         {} docs, {} terms, {} postings; meta {} KB; search page {} KB, search.js {} KB; rendered in {elapsed:?}",
        html as f64 / 1e6,
        index as f64 / 1e6,
        index as f64 * 100.0 / html as f64,
        stats.shards,
        stats.largest_shard / 1024,
        stats.chunks,
        stats.docs,
        stats.terms,
        stats.postings,
        stats.meta_bytes / 1024,
        page / 1024,
        script / 1024,
    );
    assert_eq!(stats.total_bytes(), index);
    if let Ok(dir) = std::env::var("PB_BENCH_OUT") {
        for (path, f) in &by_path {
            if let OutBody::Bytes(b) = &f.body {
                let target = std::path::Path::new(&dir).join(path);
                std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
                std::fs::write(target, b).expect("write");
            }
        }
    }
    println!("| query | results | index bytes | with page and script |");
    let mut worst = 0;
    for q in [
        "王",
        "张伟",
        "文静",
        "招聘会",
        "社区招聘会",
        "垃圾分类宣传",
        "老旧小区改造不少于",
        "群众满意",
        "m07",
        "item",
        "河道清理 志愿服务",
    ] {
        let (bytes, hits) = first_search(&by_path, q);
        let total = bytes + page + script;
        worst = worst.max(total);
        println!("| {q} | {hits} | {bytes} | {total} |");
    }
    assert!(worst < 300_000, "a first search downloads {worst} bytes");
}

/// The same first-search table for a site already built in `dir`.
fn first_searches_on_a_built_site(dir: &str) {
    let root = std::path::Path::new(dir);
    let mut files = BTreeMap::new();
    let mut folders = vec![root.join(SEARCH)];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read the site").flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(root)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("a text file");
            files.insert(rel.clone(), OutFile::text(rel, text));
        }
    }
    let script = std::fs::metadata(root.join(SEARCH_JS)).map_or(0, |m| m.len() as usize);
    let page = bytes_of(&files["search/index.html"]);
    let queries = std::env::var("PB_SEARCH_QUERIES").unwrap_or_else(|_| {
        "王 张伟 建国 招聘会 社区招聘会 垃圾分类 老旧小区改造 群众满意 独居老人 zhang".into()
    });
    println!("| query | results | index bytes | with page and script |");
    for q in queries.split_whitespace() {
        let (bytes, hits) = first_search(&files, q);
        println!("| {q} | {hits} | {bytes} | {} |", bytes + page + script);
    }
}

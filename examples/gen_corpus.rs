//! Benchmark corpus generator: writes a city-sized pledgeboard site (docs/spec.md §2)
//! and, on request, the same data as a Hugo site and a Zola site with one
//! page per pledge sheet, per progress note and per unit-year list.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --sheets 10000 --notes-per-sheet 3 \
//!     --seed 1 --out /tmp/corpus-M --hugo /tmp/hugo-M --zola /tmp/zola-M
//! ```
//!
//! The output is a function of the arguments only: the unit tree is planned
//! sequentially from the seed, then every unit draws from its own generator
//! (seeded by the seed and the unit's number), so units are generated and
//! written in parallel and the bytes are the same on every run.
//! Everything is dated in 2026, notes no later than 2026-11-27, so the site
//! passes `pledgeboard check --today 2026-11-28` with no errors.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use clap::Parser;
use rayon::prelude::*;

/// The year every pledge is for.
const YEAR: i32 = 2026;
/// The last day a note may carry (`--today 2026-11-28` is the day after).
const LAST_NOTE_DOY: u32 = 331; // 2026-11-27

#[derive(Parser, Clone, Debug)]
#[command(about = "Writes a deterministic pledgeboard benchmark corpus")]
pub struct Args {
    /// Pledge sheets to write in all (members' and units' own).
    #[arg(long, default_value_t = 1000)]
    pub sheets: usize,
    /// Average number of progress notes per sheet.
    #[arg(long, default_value_t = 3.0)]
    pub notes_per_sheet: f64,
    /// Seed of the pseudo-random generator.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The pledgeboard site root to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Also write the same data as a Hugo site here.
    #[arg(long)]
    pub hugo: Option<PathBuf>,
    /// Also write the same data as a Zola site here.
    #[arg(long)]
    pub zola: Option<PathBuf>,
    /// Write `note_pages: true` in site.yaml (one page per note, as the peers).
    #[arg(long)]
    pub note_pages: bool,
    /// Delete the output folders first if they exist.
    #[arg(long)]
    pub force: bool,
}

/// What was written, for the summary line and the tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub units: usize,
    /// Units with a 2026 folder: the unit-year lists.
    pub unit_years: usize,
    pub sheets: usize,
    pub notes: usize,
    /// Files written under `--out`.
    pub files: usize,
}

fn main() {
    let args = Args::parse();
    let start = Instant::now();
    match generate(&args) {
        Ok(s) => eprintln!(
            "gen_corpus: {} units ({} unit-years), {} sheets, {} notes, {} files in {:.2} s",
            s.units,
            s.unit_years,
            s.sheets,
            s.notes,
            s.files,
            start.elapsed().as_secs_f64()
        ),
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            std::process::exit(1);
        }
    }
}

/// Plans the city and writes every requested site.
pub fn generate(args: &Args) -> io::Result<Summary> {
    if !(0.0..=1000.0).contains(&args.notes_per_sheet) {
        return Err(io::Error::other(
            "--notes-per-sheet must be between 0 and 1000",
        ));
    }
    let outs: Vec<&Path> = std::iter::once(args.out.as_path())
        .chain(args.hugo.as_deref())
        .chain(args.zola.as_deref())
        .collect();
    for dir in &outs {
        prepare_dir(dir, args.force)?;
    }
    let plan = plan_city(args.sheets, args.seed);
    write_site_files(args)?;
    let files = AtomicUsize::new(1);
    let counts: Vec<(usize, usize)> = plan
        .units
        .par_iter()
        .map(|u| {
            let data = gen_unit(u, args);
            let n = write_pledgeboard(&args.out, u, &data)?;
            files.fetch_add(n, Ordering::Relaxed);
            if let Some(dir) = &args.hugo {
                write_peer(dir, Peer::Hugo, u, &data)?;
            }
            if let Some(dir) = &args.zola {
                write_peer(dir, Peer::Zola, u, &data)?;
            }
            Ok((
                data.sheets.len(),
                data.sheets.iter().map(|s| s.notes.len()).sum(),
            ))
        })
        .collect::<io::Result<_>>()?;
    Ok(Summary {
        units: plan.units.len(),
        unit_years: plan.units.iter().filter(|u| u.sheets > 0).count(),
        sheets: counts.iter().map(|c| c.0).sum(),
        notes: counts.iter().map(|c| c.1).sum(),
        files: files.into_inner(),
    })
}

fn prepare_dir(dir: &Path, force: bool) -> io::Result<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        if !force {
            return Err(io::Error::other(format!(
                "{} exists and is not empty (use --force to replace it)",
                dir.display()
            )));
        }
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)
}

// ---------------------------------------------------------------------------
// Pseudo-random numbers: SplitMix64, no dependency.

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// An independent stream for `(seed, stream)`.
    fn stream(seed: u64, stream: u64) -> Self {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        r.next_u64();
        r
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// Word pools: (Chinese, ASCII slug).

const CITY: (&str, &str) = ("江州", "jiangzhou");

#[rustfmt::skip]
const DISTRICTS: &[(&str, &str)] = &[
    ("城关", "chengguan"), ("江南", "jiangnan"), ("江北", "jiangbei"), ("东湖", "donghu"),
    ("西山", "xishan"), ("南湖", "nanhu"), ("北塘", "beitang"), ("新城", "xincheng"),
    ("青山", "qingshan"), ("白沙", "baisha"), ("金水", "jinshui"), ("龙泉", "longquan"),
    ("清河", "qinghe"), ("云溪", "yunxi"), ("桃源", "taoyuan"), ("松江", "songjiang"),
];

#[rustfmt::skip]
const PLACES: &[(&str, &str)] = &[
    ("和平", "heping"), ("建设", "jianshe"), ("新华", "xinhua"), ("解放", "jiefang"),
    ("人民", "renmin"), ("胜利", "shengli"), ("光明", "guangming"), ("幸福", "xingfu"),
    ("朝阳", "chaoyang"), ("东风", "dongfeng"), ("红旗", "hongqi"), ("长青", "changqing"),
    ("文化", "wenhua"), ("友谊", "youyi"), ("团结", "tuanjie"), ("前进", "qianjin"),
    ("向阳", "xiangyang"), ("民主", "minzhu"), ("育才", "yucai"), ("花园", "huayuan"),
    ("滨江", "binjiang"), ("湖滨", "hubin"), ("柳树湾", "liushuwan"), ("荷塘", "hetang"),
    ("桃花", "taohua"), ("杏林", "xinglin"), ("枫林", "fenglin"), ("松山", "songshan"),
    ("竹园", "zhuyuan"), ("梅岭", "meiling"), ("石桥", "shiqiao"), ("双河", "shuanghe"),
    ("三里", "sanli"), ("五里", "wuli"), ("七星", "qixing"), ("金桥", "jinqiao"),
    ("银杏", "yinxing"), ("玉泉", "yuquan"), ("翠屏", "cuiping"), ("凤凰", "fenghuang"),
    ("龙井", "longjing"), ("白塔", "baita"), ("青石", "qingshi"), ("黄土坡", "huangtupo"),
    ("大王庄", "dawangzhuang"), ("李家湾", "lijiawan"), ("马家岭", "majialing"), ("新村", "xincun"),
];

#[rustfmt::skip]
const SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"),
    ("陈", "chen"), ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"),
    ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
    ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"),
    ("何", "he"), ("高", "gao"), ("林", "lin"), ("罗", "luo"),
    ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
    ("唐", "tang"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"),
    ("曹", "cao"), ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"),
    ("田", "tian"), ("董", "dong"), ("袁", "yuan"), ("潘", "pan"),
    ("于", "yu"), ("蒋", "jiang"), ("蔡", "cai"), ("易", "yi"),
];

#[rustfmt::skip]
const GIVEN: &[(&str, &str)] = &[
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("秀英", "xiuying"),
    ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"),
    ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"),
    ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"),
    ("明", "ming"), ("超", "chao"), ("秀兰", "xiulan"), ("霞", "xia"),
    ("平", "ping"), ("刚", "gang"), ("桂英", "guiying"), ("建华", "jianhua"),
    ("志刚", "zhigang"), ("海燕", "haiyan"), ("文静", "wenjing"), ("建国", "jianguo"),
    ("玉兰", "yulan"), ("德明", "deming"), ("红梅", "hongmei"), ("国庆", "guoqing"),
    ("晓东", "xiaodong"), ("丽华", "lihua"), ("永强", "yongqiang"), ("春生", "chunsheng"),
    ("淑珍", "shuzhen"), ("志明", "zhiming"), ("秋菊", "qiuju"), ("子轩", "zixuan"),
];

#[rustfmt::skip]
const BUREAUS: &[(&str, &str)] = &[
    ("发展和改革局", "fagai"), ("教育局", "jiaoyu"), ("财政局", "caizheng"), ("人力资源和社会保障局", "renshe"),
    ("自然资源局", "ziran"), ("住房和城乡建设局", "zhujian"), ("交通运输局", "jiaotong"), ("农业农村局", "nongye"),
    ("商务局", "shangwu"), ("文化和旅游局", "wenlv"), ("卫生健康委员会", "weijian"), ("应急管理局", "yingji"),
    ("市场监督管理局", "shijian"), ("民政局", "minzheng"), ("司法局", "sifa"), ("生态环境局", "shengtai"),
    ("城市管理局", "chengguanju"), ("统计局", "tongji"), ("医疗保障局", "yibao"), ("退役军人事务局", "tuiyi"),
];

#[rustfmt::skip]
const INDUSTRIES: &[(&str, &str)] = &[
    ("城市建设投资", "chengtou"), ("水务", "shuiwu"), ("公共交通", "gongjiao"), ("燃气", "ranqi"),
    ("建工", "jiangong"), ("文化旅游", "wenlv"), ("供电", "gongdian"), ("粮食储备", "liangshi"),
];

#[rustfmt::skip]
const INSTITUTIONS: &[(&str, &str)] = &[
    ("人民医院", "renmin-hospital"), ("中医院", "tcm-hospital"), ("妇幼保健院", "maternal-hospital"), ("疾病预防控制中心", "cdc"),
    ("图书馆", "library"), ("文化馆", "culture-center"), ("博物馆", "museum"), ("农业科学研究所", "agri-institute"),
    ("档案馆", "archives"), ("社区卫生服务中心", "health-center"),
];

#[rustfmt::skip]
const BUSINESSES: &[(&str, &str)] = &[
    ("电子科技", "dianzi"), ("食品", "shipin"), ("物流", "wuliu"), ("机械制造", "jixie"),
    ("纺织", "fangzhi"), ("新材料", "xincailiao"), ("软件", "ruanjian"), ("医药", "yiyao"),
];

#[rustfmt::skip]
const SOCIAL_ORGS: &[(&str, &str)] = &[
    ("律师协会", "lawyers"), ("个体劳动者协会", "getihu"), ("志愿者联合会", "volunteers"), ("社会工作协会", "social-work"),
    ("物业管理协会", "property"), ("慈善总会", "charity"), ("餐饮行业协会", "catering"),
];

const POSTS: &[&str] = &[
    "政策宣传岗",
    "环境卫生监督岗",
    "邻里调解岗",
    "治安巡逻岗",
    "文明劝导岗",
    "关爱帮扶岗",
];

/// A pledge item template: `{n}` in the title and `{m}` in the target are
/// replaced by numbers from the given ranges.
struct Tpl {
    id: &'static str,
    title: &'static str,
    category: &'static str,
    target: &'static str,
    n: (u32, u32),
    m: (u32, u32),
}

const fn t(
    id: &'static str,
    title: &'static str,
    category: &'static str,
    target: &'static str,
    n: (u32, u32),
    m: (u32, u32),
) -> Tpl {
    Tpl {
        id,
        title,
        category,
        target,
        n,
        m,
    }
}

#[rustfmt::skip]
const COMMON: &[Tpl] = &[
    t("xuexi", "参加主题党日和集中学习不少于{n}次", "理论学习", "全年学习笔记不少于{m}千字", (10, 12), (8, 15)),
    t("zhiyuan", "参加志愿服务活动不少于{n}小时", "志愿服务", "在志愿服务平台记录{m}小时以上", (20, 60), (20, 60)),
    t("lianxi", "联系服务群众{n}户，帮助解决实际困难", "服务群众", "为群众办实事不少于{m}件", (5, 20), (3, 12)),
    t("xuanjiang", "开展政策宣讲{n}场", "理论学习", "覆盖群众{m}人次", (2, 8), (100, 600)),
    t("jilv", "带头遵守党纪法规，做到廉洁自律", "作风建设", "全年零违纪", (1, 1), (1, 1)),
];

#[rustfmt::skip]
const COMMUNITY: &[Tpl] = &[
    t("zhaopin", "组织社区招聘会不少于{n}场", "就业创业", "帮助{m}名居民实现就业", (2, 6), (10, 60)),
    t("duju-laoren", "为{n}名独居老人提供上门探访", "服务群众", "每月探访不少于{m}次", (5, 30), (1, 4)),
    t("tiaojie", "化解邻里矛盾纠纷{n}起", "平安建设", "矛盾纠纷不出社区", (5, 30), (1, 1)),
    t("lajifenlei", "推进垃圾分类，准确率达到{n}%", "文明创建", "新增分类投放点{m}个", (80, 95), (2, 10)),
    t("laojiu-gaizao", "推动老旧小区改造{n}个", "社区治理", "惠及居民{m}户", (1, 4), (100, 900)),
    t("wangge", "担任网格员，每月走访网格内居民", "社区治理", "走访{m}户", (1, 1), (50, 300)),
    t("jiedui-bangfu", "结对帮扶困难家庭{n}户", "帮扶困难群众", "帮助申请救助{m}件", (1, 5), (1, 5)),
    t("sidianban", "开办“四点半课堂”{n}期", "服务群众", "服务学生{m}人次", (2, 8), (100, 800)),
];

#[rustfmt::skip]
const VILLAGE: &[Tpl] = &[
    t("jiti-jingji", "村集体经济收入增加{n}万元", "集体经济", "集体经济收入达到{m}万元", (3, 30), (10, 80)),
    t("renju-huanjing", "整治人居环境，清理积存垃圾{n}吨", "人居环境", "创建美丽庭院{m}户", (10, 120), (5, 40)),
    t("nongji-peixun", "开展农技培训{n}场", "乡村振兴", "培训农户{m}人次", (2, 10), (50, 400)),
    t("tese-zhongyang", "发展特色种养{n}亩", "乡村振兴", "带动农户增收{m}万元", (20, 300), (5, 60)),
    t("anquan-duxun", "汛期带班值守，确保安全度汛", "安全生产", "汛期零伤亡", (1, 1), (1, 1)),
    t("dianshang", "帮助农户网上销售农产品{n}万元", "乡村振兴", "带动{m}户农户", (5, 80), (10, 90)),
    t("nongtian-shuili", "修缮农田水利设施{n}处", "乡村振兴", "改善灌溉面积{m}亩", (2, 12), (100, 2000)),
];

#[rustfmt::skip]
const ORGAN: &[Tpl] = &[
    t("qiye-suqiu", "办理企业诉求{n}件，按时办结率100%", "优化营商环境", "企业满意率{m}%以上", (20, 200), (90, 98)),
    t("yiwang-tongban", "推动{n}项政务服务事项“一网通办”", "政务服务", "办理时限压缩{m}%", (3, 20), (20, 60)),
    t("diaoyan", "深入基层调研{n}次，形成调研报告", "调查研究", "提出可行建议{m}条", (4, 12), (3, 10)),
    t("xiafang", "参加领导干部接访下访{n}次", "服务群众", "群众诉求办结率{m}%", (2, 8), (90, 100)),
    t("jingjian-wenhui", "精简文件会议，发文数量压减{n}%", "作风建设", "会议时长压缩{m}%", (10, 30), (10, 30)),
];

#[rustfmt::skip]
const SCHOOL: &[Tpl] = &[
    t("kehou-fuwu", "开展课后服务{n}课时", "教书育人", "学生参与率{m}%", (60, 200), (80, 98)),
    t("xuekunsheng", "结对帮扶学困生{n}名", "教书育人", "帮扶学生成绩提高{m}分", (2, 6), (5, 20)),
    t("jiafang", "家访学生{n}户", "家校共育", "家长满意率{m}%", (10, 40), (90, 99)),
    t("gongkaike", "上示范公开课{n}节", "教书育人", "带教青年教师{m}名", (2, 6), (1, 3)),
    t("anquan-jiaoyu", "开展安全教育{n}次", "平安建设", "全年校园安全零事故", (4, 12), (1, 1)),
];

#[rustfmt::skip]
const SOE: &[Tpl] = &[
    t("anquan-shengchan", "所辖区域全年不发生安全生产事故", "安全生产", "隐患整改率100%", (1, 1), (1, 1)),
    t("jishu-gexin", "完成技术革新项目{n}项", "技术创新", "节约成本{m}万元", (1, 5), (10, 300)),
    t("jieneng", "单位产值能耗下降{n}%", "生产经营", "节约标准煤{m}吨", (2, 8), (50, 900)),
    t("rexian", "服务热线诉求办结率达到{n}%", "服务群众", "回访满意率{m}%", (95, 99), (90, 99)),
    t("zhongdian-xiangmu", "推进{n}个重点项目按期建成", "生产经营", "完成投资{m}亿元", (1, 6), (1, 20)),
];

#[rustfmt::skip]
const INSTITUTION: &[Tpl] = &[
    t("xiaxiang-yizhen", "参加下乡义诊{n}次", "医疗服务", "服务群众{m}人次", (3, 12), (100, 900)),
    t("manbing-suifang", "慢性病患者随访{n}人次", "医疗服务", "规范管理率{m}%", (50, 400), (80, 95)),
    t("yuedu-tuiguang", "举办公益讲座和阅读推广活动{n}场", "公共文化", "参与群众{m}人次", (4, 24), (200, 3000)),
    t("keji-xiaxiang", "开展科技下乡{n}次", "科技服务", "推广新品种新技术{m}项", (3, 12), (2, 8)),
    t("laonian-tijian", "为65岁以上老人免费体检{n}人", "医疗服务", "建立健康档案{m}份", (100, 900), (100, 900)),
];

#[rustfmt::skip]
const NONPUBLIC: &[Tpl] = &[
    t("wengang", "稳定用工岗位{n}个，不裁员", "稳岗就业", "新招用本地员工{m}人", (20, 300), (5, 60)),
    t("jineng-peixun", "组织职工技能培训{n}人次", "人才培养", "取证率{m}%", (30, 400), (60, 95)),
    t("wanqi-xingwancun", "参与“万企兴万村”结对帮扶{n}个村", "公益服务", "捐资捐物{m}万元", (1, 3), (2, 50)),
    t("zhuanli", "申请发明专利{n}项", "技术创新", "新产品产值{m}万元", (1, 6), (100, 2000)),
];

#[rustfmt::skip]
const SOCIAL: &[Tpl] = &[
    t("falv-zixun", "提供免费法律咨询{n}人次", "公益服务", "代理法律援助案件{m}件", (30, 300), (2, 12)),
    t("cishan-muji", "募集慈善款物{n}万元", "公益服务", "救助困难群众{m}人", (5, 200), (20, 500)),
    t("zhiyuan-fuwudui", "组织志愿服务队开展活动{n}次", "志愿服务", "服务群众{m}人次", (6, 40), (100, 2000)),
    t("chengxin-jingying", "开展诚信经营检查{n}次", "行业治理", "会员单位签订承诺书{m}家", (2, 10), (20, 200)),
];

#[rustfmt::skip]
const LEADERS: &[Tpl] = &[
    t("baolian", "包联{n}个社区（村），每月下沉不少于2次", "服务基层", "帮助解决难题{m}件", (1, 3), (5, 20)),
    t("zhaoshang", "引进产业项目{n}个", "经济发展", "新增投资{m}亿元", (1, 5), (1, 30)),
    t("xinfang-jian", "化解信访积案{n}件", "平安建设", "化解率{m}%以上", (3, 20), (85, 100)),
    t("zhengdun-tisheng", "推动{n}个软弱涣散基层党组织整顿提升", "基层党建", "整顿后评定为好的{m}个", (1, 5), (1, 3)),
    t("minsheng-shishi", "办好民生实事{n}件", "民生实事", "群众满意率{m}%", (5, 15), (90, 98)),
    t("wenming-chuangjian", "推进全国文明城市创建，整改问题点位{n}处", "文明创建", "测评得分{m}分以上", (20, 200), (85, 95)),
];

const NOTE_TITLES: &[&str] = &[
    "阶段性进展",
    "召开推进会",
    "开展集中行动",
    "入户走访情况",
    "月度进展",
    "活动开展情况",
    "群众回访",
    "完成阶段任务",
    "现场办公解决问题",
    "经验交流",
];

const NOTE_ACTIONS: &[&str] = &[
    "组织开展专题活动",
    "召开工作推进会",
    "深入一线走访群众",
    "联合相关单位开展集中行动",
    "整理完善工作台账",
    "邀请群众代表现场评议",
    "对照承诺逐项梳理进度",
    "发动党员志愿者参与",
];

const NOTE_RESULTS: &[&str] = &[
    "群众反映良好",
    "解决了一批急难愁盼问题",
    "完成了阶段目标",
    "收集意见建议若干条并逐条回应",
    "工作进度符合预期",
    "形成了可复制的工作做法",
];

const STATEMENTS: &[&str] = &[
    "我将以实际行动兑现承诺，做到事事有回音、件件有着落，自觉接受党员和群众监督。",
    "对照岗位职责和群众期盼，我郑重作出以下承诺，请组织和群众监督。",
    "立足本职岗位，发挥先锋模范作用，把承诺落实到日常工作中。",
    "坚持问题导向，承诺事项可量化、可检查，年底接受民主评议。",
];

const RECT_REASONS: &[&str] = &[
    "承诺事项空泛，没有具体目标，群众知晓率低",
    "践诺进展未按季度公开，台账不完整",
    "部分党员承诺与岗位职责脱节，存在形式主义",
    "承诺事项推进缓慢，群众评议满意率偏低",
];

// ---------------------------------------------------------------------------
// Dates in 2026 as day of year (1 = January 1).

const MONTH_DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

fn md(doy: u32) -> (u32, u32) {
    let mut d = doy;
    for (i, len) in MONTH_DAYS.iter().enumerate() {
        if d <= *len {
            return (i as u32 + 1, d);
        }
        d -= len;
    }
    (12, 31)
}

fn doy(month: u32, day: u32) -> u32 {
    MONTH_DAYS[..month as usize - 1].iter().sum::<u32>() + day
}

fn date(doy: u32) -> String {
    let (m, d) = md(doy);
    format!("{YEAR}-{m:02}-{d:02}")
}

// ---------------------------------------------------------------------------
// The plan: the unit tree and how many sheets each unit has.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Committee,
    Street,
    Township,
    Community,
    Village,
    Organ,
    School,
    Soe,
    Institution,
    Nonpublic,
    Social,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Committee => "committee",
            Kind::Street => "street",
            Kind::Township => "township",
            Kind::Community => "community",
            Kind::Village => "village",
            Kind::Organ => "organ",
            Kind::School => "school",
            Kind::Soe => "soe",
            Kind::Institution => "institution",
            Kind::Nonpublic => "nonpublic",
            Kind::Social => "social",
        }
    }

    fn items(self) -> &'static [Tpl] {
        match self {
            Kind::Committee | Kind::Street | Kind::Township => LEADERS,
            Kind::Community => COMMUNITY,
            Kind::Village => VILLAGE,
            Kind::Organ => ORGAN,
            Kind::School => SCHOOL,
            Kind::Soe => SOE,
            Kind::Institution => INSTITUTION,
            Kind::Nonpublic => NONPUBLIC,
            Kind::Social => SOCIAL,
        }
    }
}

#[derive(Clone, Debug)]
struct UnitPlan {
    /// Number in plan order: the unit's random stream.
    index: usize,
    /// Path under `content/` ("" for the root).
    path: String,
    name: String,
    kind: Kind,
    /// The approving (parent) organization's name.
    parent_name: String,
    /// Roster entries (0: no roster kept).
    roster: usize,
    /// Sheets to write, `_unit.md` included (0: no year folder).
    sheets: usize,
}

struct Plan {
    units: Vec<UnitPlan>,
}

struct Builder {
    units: Vec<UnitPlan>,
    /// Sheets still to place.
    left: usize,
}

impl Builder {
    /// Adds a unit that would like `want` sheets; it gets what is left.
    fn push(
        &mut self,
        path: String,
        name: String,
        kind: Kind,
        parent_name: &str,
        roster: usize,
        want: usize,
    ) {
        let sheets = want.min(self.left);
        self.left -= sheets;
        // A truncated last unit keeps on its roster the members who could
        // pledge and those without a sheet.
        let roster = roster.saturating_sub(want - sheets);
        self.units.push(UnitPlan {
            index: self.units.len(),
            path,
            name,
            kind,
            parent_name: parent_name.to_string(),
            roster,
            sheets,
        });
    }
}

/// Sibling folder names must be unique: `base`, then `base-2`, `base-3` ….
fn unique(base: &str, taken: &mut HashSet<String>) -> String {
    let mut slug = base.to_string();
    let mut n = 2;
    while !taken.insert(slug.clone()) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    slug
}

fn join(parent: &str, slug: &str) -> String {
    if parent.is_empty() {
        slug.to_string()
    } else {
        format!("{parent}/{slug}")
    }
}

/// Sheets of a unit with a roster of `roster`: the unit's own plus most
/// members' (some are exempt or have not pledged).
fn sheets_for_roster(rng: &mut Rng, roster: usize) -> usize {
    let missing = (0..roster).filter(|_| rng.chance(0.06)).count();
    1 + roster - missing
}

/// Plans a city with `total` pledge sheets: a root committee, districts,
/// streets and townships, and grassroots units filling the rest.
fn plan_city(total: usize, seed: u64) -> Plan {
    let mut rng = Rng::new(seed);
    let mut b = Builder {
        units: Vec::new(),
        left: total,
    };

    let est_grassroots = (total / 30).max(1);
    let districts =
        (((est_grassroots as f64).sqrt() / 2.0).round() as usize).clamp(1, DISTRICTS.len());
    let per_district = est_grassroots.div_ceil(districts);
    let streets_per = (((per_district as f64) * 0.65).sqrt().round() as usize).clamp(1, 30);

    let root_name = format!("中共{}市委员会", CITY.0);
    b.push(
        String::new(),
        root_name.clone(),
        Kind::Committee,
        "中共江南省委员会",
        0,
        1,
    );

    // Districts, then their streets and townships, with their leaders.
    let mut slots: Vec<Vec<(String, String, Kind)>> = Vec::new();
    let mut district_info = Vec::new();
    for (d, (dname, dslug)) in DISTRICTS.iter().take(districts).enumerate() {
        let dpath = format!("{dslug}-district");
        let dfull = format!("中共{}{}区委员会", CITY.0, dname);
        b.push(
            dpath.clone(),
            dfull.clone(),
            Kind::Committee,
            &root_name,
            0,
            1,
        );
        let mut taken = HashSet::new();
        let mut list = Vec::new();
        for s in 0..streets_per {
            let (pname, pslug) = PLACES[(d * 7 + s * 5) % PLACES.len()];
            let township = s % 5 == 3 || s % 5 == 1;
            let (name, slug, kind) = if township {
                (
                    format!("{pname}镇党委"),
                    format!("{pslug}-town"),
                    Kind::Township,
                )
            } else {
                (
                    format!("{pname}街道党工委"),
                    format!("{pslug}-street"),
                    Kind::Street,
                )
            };
            let slug = unique(&slug, &mut taken);
            let path = join(&dpath, &slug);
            let roster = rng.range(7, 11) as usize;
            b.push(path.clone(), name.clone(), kind, &dfull, roster, roster + 1);
            list.push((path, name, kind));
        }
        slots.push(list);
        district_info.push((dpath, dfull, dname.to_string(), taken));
    }

    // Grassroots units, district by district in turn, until the budget
    // is spent: about two thirds under streets and townships.
    let mut street_taken: Vec<Vec<HashSet<String>>> = slots
        .iter()
        .map(|l| vec![HashSet::new(); l.len()])
        .collect();
    let mut counters = vec![0usize; districts];
    let mut k = 0usize;
    while b.left > 0 {
        let d = k % districts;
        k += 1;
        let c = counters[d];
        counters[d] += 1;
        let roster = rng.range(25, 40) as usize;
        let want = sheets_for_roster(&mut rng, roster);
        let (dpath, dfull, dname, taken) = &mut district_info[d];
        if c % 20 < 13 {
            let s = (c / 20 * 13 + c % 20) % slots[d].len();
            let (spath, sname, skind) = &slots[d][s];
            let (pname, pslug) = PLACES[(c * 11 + s * 3 + d) % PLACES.len()];
            let (name, slug, kind) = if *skind == Kind::Township && rng.chance(0.85) {
                (
                    format!("{pname}村党支部"),
                    format!("{pslug}-village"),
                    Kind::Village,
                )
            } else {
                (
                    format!("{pname}社区党委"),
                    format!("{pslug}-community"),
                    Kind::Community,
                )
            };
            let slug = unique(&slug, &mut street_taken[d][s]);
            let (path, parent) = (join(spath, &slug), sname.clone());
            b.push(path, name, kind, &parent, roster, want);
        } else {
            let n = c / 20 * 7 + c % 20 - 13;
            let (name, slug, kind) = match n % 7 {
                0 | 4 => {
                    let (b, s) = BUREAUS[n % BUREAUS.len()];
                    (
                        format!("{dname}区{b}机关党支部"),
                        format!("{s}-bureau"),
                        Kind::Organ,
                    )
                }
                1 => {
                    let level = if n.is_multiple_of(2) {
                        ("中学", "middle")
                    } else {
                        ("小学", "primary")
                    };
                    let no = n / 7 + 1;
                    (
                        format!("{dname}区第{no}{}党支部", level.0),
                        format!("no{no}-{}-school", level.1),
                        Kind::School,
                    )
                }
                2 => {
                    let (i, s) = INDUSTRIES[n % INDUSTRIES.len()];
                    (
                        format!("{dname}{i}集团党委"),
                        format!("{s}-group"),
                        Kind::Soe,
                    )
                }
                3 => {
                    let (i, s) = INSTITUTIONS[n % INSTITUTIONS.len()];
                    (
                        format!("{dname}区{i}党委"),
                        s.to_string(),
                        Kind::Institution,
                    )
                }
                5 => {
                    let (p, ps) = PLACES[(n * 13 + d) % PLACES.len()];
                    let (b, bs) = BUSINESSES[n % BUSINESSES.len()];
                    (
                        format!("江州{p}{b}有限公司党支部"),
                        format!("{ps}-{bs}"),
                        Kind::Nonpublic,
                    )
                }
                _ => {
                    let (o, s) = SOCIAL_ORGS[n % SOCIAL_ORGS.len()];
                    (format!("{dname}区{o}党支部"), s.to_string(), Kind::Social)
                }
            };
            let slug = unique(&slug, taken);
            let path = join(dpath, &slug);
            let parent = dfull.clone();
            b.push(path, name, kind, &parent, roster, want);
        }
    }
    Plan { units: b.units }
}

// ---------------------------------------------------------------------------
// One unit's data.

struct Member {
    id: String,
    name: String,
    role: &'static str,
    status: &'static str,
    exempt: bool,
    phone: Option<String>,
}

struct Item {
    id: &'static str,
    title: String,
    category: &'static str,
    deadline: u32,
    baseline: Option<String>,
    target: String,
    responsibility: Option<String>,
}

struct Note {
    stem: String,
    doy: u32,
    /// Indexes into the sheet's items.
    items: Vec<usize>,
    progress: Option<u32>,
    status: Option<&'static str>,
    title: Option<String>,
    author: Option<String>,
    body: String,
}

struct Sheet {
    /// File stem: a member id or `_unit`.
    id: String,
    name: String,
    role: Option<String>,
    form: Option<&'static str>,
    approved_by: String,
    approved: u32,
    published: Option<u32>,
    items: Vec<Item>,
    body: String,
    notes: Vec<Note>,
}

struct Review {
    id: String,
    comments: Vec<(u32, String, u32, String)>,
    votes: (u32, u32, u32),
    grade: &'static str,
    exemplary: bool,
}

struct UnitData {
    secretary: String,
    established: u32,
    est_year: u32,
    description: Option<String>,
    exemplary: bool,
    rectification: Option<(u32, u32, &'static str, Option<u32>)>,
    roster: Vec<Member>,
    sheets: Vec<Sheet>,
    reviews: Vec<Review>,
}

fn person(rng: &mut Rng, taken: &mut HashSet<String>) -> (String, String) {
    let (s, ss) = *rng.pick(SURNAMES);
    let (g, gs) = *rng.pick(GIVEN);
    (unique(&format!("{ss}-{gs}"), taken), format!("{s}{g}"))
}

/// The short title of a unit's leader, from its name.
fn secretary_title(u: &UnitPlan) -> &'static str {
    match u.kind {
        Kind::Committee => "书记",
        Kind::Street => "党工委书记",
        Kind::Township => "镇党委书记",
        _ if u.name.ends_with("党委") => "党委书记",
        _ => "党支部书记",
    }
}

fn gen_unit(u: &UnitPlan, args: &Args) -> UnitData {
    let mut rng = Rng::stream(args.seed, u.index as u64 + 1);
    let mut ids = HashSet::new();

    // Roster: the first entry is the secretary; `roster - (sheets - 1)`
    // members have no sheet, most of them exempt.
    let member_sheets = u.sheets.saturating_sub(1);
    let mut roster = Vec::with_capacity(u.roster);
    let no_sheet = u.roster.saturating_sub(member_sheets);
    let mut without: HashSet<usize> = HashSet::new();
    while without.len() < no_sheet.min(u.roster.saturating_sub(1)) {
        without.insert(1 + rng.below(u.roster - 1));
    }
    for i in 0..u.roster {
        let (id, name) = person(&mut rng, &mut ids);
        let leader = matches!(u.kind, Kind::Street | Kind::Township);
        let role = match i {
            0 => "secretary",
            1..=3 => "committee",
            _ if leader => "committee",
            4 if rng.chance(0.5) => "affairs-worker",
            _ if u.kind == Kind::School && rng.chance(0.15) => "student",
            _ => "member",
        };
        let status = if i < 4 || leader {
            "active"
        } else {
            let x = rng.unit();
            match u.kind {
                Kind::Community | Kind::Village if x < 0.25 => "retired",
                _ if x < 0.06 => "retired",
                Kind::Village | Kind::Community if x < 0.33 => "floating",
                Kind::Village | Kind::Community if x < 0.38 => "no-post",
                _ => "active",
            }
        };
        // Of those without a sheet, most are exempt; a few simply have
        // not pledged yet (coverage below 100 %).
        let exempt = without.contains(&i) && rng.chance(0.8);
        let phone = rng
            .chance(0.5)
            .then(|| format!("1{}{:09}", rng.range(3, 9), rng.next_u64() % 1_000_000_000));
        roster.push(Member {
            id,
            name,
            role,
            status,
            exempt,
            phone,
        });
    }
    let secretary = match roster.first() {
        Some(m) => m.name.clone(),
        None => person(&mut rng, &mut ids).1,
    };

    let est_year = rng.range(1950, 2018);
    let established = rng.range(1, 365);
    let description = rng.chance(0.7).then(|| {
        format!(
            "{}现有党员{}名，{}。近年来坚持把公开承诺作为联系服务群众的重要抓手，承诺事项全部向群众公开。",
            u.name,
            if u.roster > 0 { u.roster } else { rng.range(800, 90000) as usize },
            match u.kind {
                Kind::Community => "辖区居民三千余户",
                Kind::Village => "村民四百余户，以种养业为主",
                Kind::Street => "辖若干社区，常住人口五万余人",
                Kind::Township => "辖若干行政村，以特色农业为主",
                Kind::Committee => "领导辖区基层党组织开展公开承诺工作",
                _ => "围绕中心工作开展党建活动",
            }
        )
    });
    let exemplary = rng.chance(0.05);
    let grassroots = u.kind != Kind::Committee;
    let rectification = (grassroots && rng.chance(0.04)).then(|| {
        let issued = rng.range(doy(5, 1), doy(9, 30));
        let deadline = (issued + rng.range(45, 120)).min(365);
        let done = rng
            .chance(0.5)
            .then(|| (issued + rng.range(20, 60)).min(LAST_NOTE_DOY));
        (issued, deadline, *rng.pick(RECT_REASONS), done)
    });

    // Sheets: the unit's own, then every member with one, in roster order.
    let mut sheets = Vec::with_capacity(u.sheets);
    if u.sheets > 0 {
        let n_items = rng.range(3, 4) as usize;
        let name = u.name.clone();
        sheets.push(gen_sheet(
            &mut rng,
            u,
            "_unit",
            name,
            None,
            None,
            &u.parent_name,
            n_items,
            args,
        ));
    }
    for (i, m) in roster.iter().enumerate() {
        if sheets.len() >= u.sheets || without.contains(&i) {
            continue;
        }
        let (role, form) = match (m.role, m.status) {
            ("secretary", _) => (
                format!("{}{}", short_name(&u.name), secretary_title(u)),
                None,
            ),
            ("committee", _) => ("委员".to_string(), None),
            ("affairs-worker", _) => ("党务工作者".to_string(), None),
            ("student", _) => ("学生党员".to_string(), None),
            (_, "retired") => (
                "退休党员".to_string(),
                Some(if rng.chance(0.6) { "written" } else { "oral" }),
            ),
            (_, "floating") => ("流动党员".to_string(), None),
            (_, "no-post") => (format!("无职党员（设岗定责：{}）", rng.pick(POSTS)), None),
            _ => ("党员".to_string(), None),
        };
        let leader = m.role == "secretary" || m.role == "committee";
        let n_items = if leader {
            rng.range(2, 4)
        } else {
            rng.range(1, 3)
        } as usize;
        let by = u.name.clone();
        sheets.push(gen_sheet(
            &mut rng,
            u,
            &m.id,
            m.name.clone(),
            Some(role),
            form,
            &by,
            n_items,
            args,
        ));
    }

    // Year-end evaluation for most units.
    let mut reviews = Vec::new();
    if !sheets.is_empty() && rng.chance(0.85) {
        let parent_sec = format!("{}负责同志", short_name(&u.parent_name));
        for s in &sheets {
            if s.id != "_unit" && rng.chance(0.1) {
                continue;
            }
            let by = if s.id == "_unit" {
                parent_sec.clone()
            } else {
                format!("{}（{}）", secretary, secretary_title(u))
            };
            let mut comments = vec![(
                1,
                by.clone(),
                rng.range(doy(7, 1), doy(7, 31)),
                comment(&mut rng, s, 1),
            )];
            if rng.chance(0.6) {
                comments.push((
                    2,
                    by,
                    rng.range(doy(11, 1), LAST_NOTE_DOY),
                    comment(&mut rng, s, 2),
                ));
            }
            let satisfied = if s.id == "_unit" {
                rng.range(60, 120)
            } else {
                rng.range(15, 45)
            };
            let votes = (satisfied, rng.range(0, 12), rng.range(0, 3));
            let x = rng.unit();
            let grade = if x < 0.3 {
                "excellent"
            } else if x < 0.85 {
                "qualified"
            } else if x < 0.97 {
                "basic"
            } else {
                "unqualified"
            };
            let exemplary = s.id != "_unit" && grade == "excellent" && rng.chance(0.15);
            reviews.push(Review {
                id: s.id.clone(),
                comments,
                votes,
                grade,
                exemplary,
            });
        }
    }

    UnitData {
        secretary,
        established,
        est_year,
        description,
        exemplary,
        rectification,
        roster,
        sheets,
        reviews,
    }
}

/// "城关街道党工委" → "城关街道": the name without the party body.
fn short_name(name: &str) -> &str {
    let name = name.strip_prefix("中共").unwrap_or(name);
    for suffix in ["委员会", "党工委", "党委", "党支部", "机关党支部"] {
        if let Some(s) = name.strip_suffix(suffix) {
            return s;
        }
    }
    name
}

fn comment(rng: &mut Rng, s: &Sheet, half: u32) -> String {
    let item = &rng.pick(&s.items).title;
    if half == 1 {
        match rng.below(3) {
            0 => format!("「{item}」起步较快，台账记录清楚，希望保持节奏，按期兑现。"),
            1 => format!("能够立足岗位践诺，「{item}」做得扎实。下半年要注意总结经验。"),
            _ => format!("「{item}」推进偏慢，要对照时间节点抓紧落实。"),
        }
    } else {
        match rng.below(3) {
            0 => format!("全年承诺总体兑现，「{item}」成效突出，群众认可度高。"),
            1 => format!("承诺事项基本完成，「{item}」还要注意建立长效机制。"),
            _ => format!("践诺主动性不够，「{item}」推进较慢，明年要制定更切实的承诺。"),
        }
    }
}

/// Notes for a sheet: `lo..=2·lo` uniformly, plus one with the
/// fractional part's probability, so the mean is `avg`.
fn note_count(rng: &mut Rng, avg: f64) -> usize {
    let lo = avg.floor();
    let base = rng.below(2 * lo as usize + 1);
    base + usize::from(rng.chance(avg - lo))
}

#[allow(clippy::too_many_arguments)]
fn gen_sheet(
    rng: &mut Rng,
    u: &UnitPlan,
    id: &str,
    name: String,
    role: Option<String>,
    form: Option<&'static str>,
    approved_by: &str,
    n_items: usize,
    args: &Args,
) -> Sheet {
    let pool = u.kind.items();
    let mut items: Vec<Item> = Vec::with_capacity(n_items);
    let mut used = HashSet::new();
    while items.len() < n_items {
        let tpl = if rng.chance(0.7) {
            rng.pick(pool)
        } else {
            rng.pick(COMMON)
        };
        if !used.insert(tpl.id) {
            continue;
        }
        let n = rng.range(tpl.n.0, tpl.n.1);
        let m = rng.range(tpl.m.0, tpl.m.1);
        let deadline = match rng.below(4) {
            0 => doy(6, 30),
            1 => doy(rng.range(3, 11), 15),
            2 => doy(12, 31),
            _ => {
                let month = rng.range(4, 12);
                doy(month, MONTH_DAYS[month as usize - 1])
            }
        };
        items.push(Item {
            id: tpl.id,
            title: tpl.title.replace("{n}", &n.to_string()),
            category: tpl.category,
            deadline,
            baseline: rng
                .chance(0.9)
                .then(|| format!("{}年同类工作完成率{}%", YEAR - 1, rng.range(40, 90))),
            target: tpl.target.replace("{m}", &m.to_string()),
            responsibility: (id == "_unit")
                .then(|| format!("{}牵头，各党支部配合", short_name(&u.name))),
        });
    }
    let approved = rng.range(doy(1, 8), doy(2, 27));
    let published = rng.chance(0.8).then(|| approved + rng.range(1, 5));
    let body = format!(
        "{}\n\n{}",
        if id == "_unit" {
            format!("{}{}年度公开承诺。", u.name, YEAR)
        } else {
            format!(
                "我是{}{}，{}年向党组织和群众作出公开承诺。",
                short_name(&u.name),
                name,
                YEAR
            )
        },
        rng.pick(STATEMENTS)
    );

    // Notes: each names one item (a few name two), dated after approval
    // and before today; progress rises along each item's notes.
    let k = note_count(rng, args.notes_per_sheet);
    // Every item gets a note before any gets a second.
    let mut picks: Vec<(u32, usize)> = (0..k)
        .map(|j| {
            let day = rng.range(approved + 1, LAST_NOTE_DOY);
            let item = if j < items.len() {
                j
            } else {
                rng.below(items.len())
            };
            (day, item)
        })
        .collect();
    picks.sort_unstable();
    let mut per_item = vec![0u32; items.len()];
    for p in &picks {
        per_item[p.1] += 1;
    }
    // How each item ends (done, delayed, adjusted, abandoned, running):
    // most items past their deadline are done.
    let fates: Vec<usize> = items
        .iter()
        .map(|it| {
            let roll = rng.range(0, 99);
            let due = it.deadline <= LAST_NOTE_DOY;
            let limits = if due {
                [80, 86, 89, 90]
            } else {
                [30, 36, 38, 39]
            };
            limits.iter().position(|&l| roll < l).unwrap_or(4)
        })
        .collect();
    let mut seen = vec![0u32; items.len()];
    let mut notes = Vec::with_capacity(k);
    for (j, (day, it)) in picks.into_iter().enumerate() {
        seen[it] += 1;
        let (nth, count) = (seen[it], per_item[it]);
        let last = nth == count;
        let fate = fates[it];
        let (mut progress, status) = if last && fate == 0 {
            (Some(100), Some("done"))
        } else if last && fate == 1 {
            (Some(rng.range(20, 60)), Some("delayed"))
        } else if last && fate == 2 {
            (None, Some("adjusted"))
        } else if last && fate == 3 {
            (None, Some("abandoned"))
        } else {
            let cap = if fate == 0 { 95 } else { 90 };
            (
                Some((cap * nth / (count + 1)).max(5)),
                rng.chance(0.3).then_some("in-progress"),
            )
        };
        if status.is_none() && rng.chance(0.2) {
            progress = None;
        }
        let mut note_items = vec![it];
        if items.len() > 1 && rng.chance(0.05) {
            note_items.push((it + 1) % items.len());
            progress = None;
        }
        let status = if note_items.len() > 1 { None } else { status };
        let (m, d) = md(day);
        let title = rng.chance(0.85).then(|| match status {
            Some("done") => format!("{}：全面完成", items[it].title),
            Some("delayed") => "进度滞后情况说明".to_string(),
            Some("adjusted") => "承诺事项调整说明".to_string(),
            Some("abandoned") => "承诺事项终止说明".to_string(),
            _ => rng.pick(NOTE_TITLES).to_string(),
        });
        let body = format!(
            "{m}月{d}日，围绕「{}」{}，参与党员群众{}人次，{}。",
            items[it].title,
            rng.pick(NOTE_ACTIONS),
            rng.range(5, 300),
            rng.pick(NOTE_RESULTS)
        );
        notes.push(Note {
            stem: format!("{}-{}-{}", date(day), items[it].id, j + 1),
            doy: day,
            items: note_items,
            progress,
            status,
            title,
            author: rng.chance(0.5).then(|| {
                if id == "_unit" {
                    short_name(&u.name).to_string()
                } else {
                    name.clone()
                }
            }),
            body,
        });
    }
    Sheet {
        id: id.to_string(),
        name,
        role,
        form,
        approved_by: approved_by.to_string(),
        approved,
        published,
        items,
        body,
        notes,
    }
}

// ---------------------------------------------------------------------------
// Writing.

fn write_site_files(args: &Args) -> io::Result<()> {
    let title = format!("{}市基层党组织和党员公开承诺公示", CITY.0);
    fs::write(
        args.out.join("site.yaml"),
        format!(
            "title: {title}\nbase_url: http://127.0.0.1:1111/\nlanguage: zh-CN\nyear: {YEAR}\nnote_pages: {}\n",
            args.note_pages
        ),
    )?;
    fs::create_dir_all(args.out.join("content"))?;
    if let Some(dir) = &args.hugo {
        fs::write(
            dir.join("hugo.toml"),
            format!(
                "baseURL = \"http://127.0.0.1:1313/\"\nlanguageCode = \"zh-CN\"\ntitle = \"{title}\"\n\
                 disableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n"
            ),
        )?;
        let layouts = dir.join("layouts");
        fs::create_dir_all(layouts.join("_default"))?;
        fs::write(layouts.join("index.html"), HUGO_INDEX)?;
        fs::write(layouts.join("_default/list.html"), HUGO_LIST)?;
        fs::write(layouts.join("_default/single.html"), HUGO_SINGLE)?;
        fs::create_dir_all(dir.join("content"))?;
    }
    if let Some(dir) = &args.zola {
        fs::write(
            dir.join("config.toml"),
            format!(
                "base_url = \"http://127.0.0.1:1111/\"\ntitle = \"{title}\"\ndefault_language = \"zh\"\n\
                 compile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\n"
            ),
        )?;
        let templates = dir.join("templates");
        fs::create_dir_all(&templates)?;
        fs::write(templates.join("index.html"), ZOLA_INDEX)?;
        fs::write(templates.join("section.html"), ZOLA_SECTION)?;
        fs::write(templates.join("page.html"), ZOLA_PAGE)?;
        fs::create_dir_all(dir.join("content"))?;
    }
    Ok(())
}

/// A YAML plain scalar is safe for our texts (no `: `, ` #`, leading
/// indicator); quote anything else.
fn yaml_str(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.contains([',', '[', ']', '{', '}', '"', '\''])
        && !s.starts_with(|c: char| "-?:#&*!|>%@`".contains(c) || c.is_ascii_digit() || c == ' ');
    if plain {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// A TOML (and JSON-compatible) basic string.
fn toml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn write_pledgeboard(out: &Path, u: &UnitPlan, data: &UnitData) -> io::Result<usize> {
    let dir = out.join("content").join(&u.path);
    fs::create_dir_all(&dir)?;
    let mut files = 0;

    let mut s = String::with_capacity(512);
    let _ = writeln!(s, "name: {}", yaml_str(&u.name));
    let _ = writeln!(s, "kind: {}", u.kind.key());
    let _ = writeln!(s, "secretary: {}", data.secretary);
    let (m, d) = md(data.established);
    let _ = writeln!(s, "established: {}-{m:02}-{d:02}", data.est_year);
    if let Some(desc) = &data.description {
        let _ = writeln!(s, "description: >-\n  {desc}");
    }
    if data.exemplary {
        let _ = writeln!(s, "exemplary: [{}]", YEAR - 1);
    }
    if let Some((issued, deadline, reason, done)) = &data.rectification {
        let _ = writeln!(s, "rectification:\n  - year: {YEAR}");
        let _ = writeln!(
            s,
            "    issued: {}\n    deadline: {}",
            date(*issued),
            date(*deadline)
        );
        let _ = writeln!(s, "    reason: {reason}");
        if let Some(done) = done {
            let _ = writeln!(s, "    done: {}", date(*done));
        }
    }
    fs::write(dir.join("_unit.yaml"), &s)?;
    files += 1;

    if !data.roster.is_empty() {
        s.clear();
        for m in &data.roster {
            let _ = writeln!(
                s,
                "- id: {}\n  name: {}\n  role: {}\n  status: {}",
                m.id, m.name, m.role, m.status
            );
            if m.exempt {
                let _ = writeln!(
                    s,
                    "  exempt: {YEAR}\n  exempt_reason: 年老体弱，经支部研究同意免诺"
                );
            }
            if let Some(p) = &m.phone {
                let _ = writeln!(s, "  phone: '{p}'");
            }
        }
        fs::write(dir.join("_roster.yaml"), &s)?;
        files += 1;
    }

    if data.sheets.is_empty() {
        return Ok(files);
    }
    let ydir = dir.join(YEAR.to_string());
    fs::create_dir_all(&ydir)?;
    for sheet in &data.sheets {
        s.clear();
        s.push_str("---\n");
        if sheet.id != "_unit" || sheet.name != u.name {
            let _ = writeln!(s, "name: {}", yaml_str(&sheet.name));
        }
        if let Some(role) = &sheet.role {
            let _ = writeln!(s, "role: {}", yaml_str(role));
        }
        if let Some(form) = sheet.form {
            let _ = writeln!(s, "form: {form}");
        }
        let _ = writeln!(
            s,
            "approved: {{ by: {}, date: {} }}",
            yaml_str(&sheet.approved_by),
            date(sheet.approved)
        );
        if let Some(p) = sheet.published {
            let _ = writeln!(s, "published: {}", date(p));
        }
        s.push_str("items:\n");
        for it in &sheet.items {
            let _ = writeln!(s, "  - id: {}\n    title: {}", it.id, yaml_str(&it.title));
            let _ = writeln!(
                s,
                "    category: {}\n    deadline: {}",
                it.category,
                date(it.deadline)
            );
            if let Some(b) = &it.baseline {
                let _ = writeln!(s, "    baseline: {}", yaml_str(b));
            }
            let _ = writeln!(s, "    target: {}", yaml_str(&it.target));
            if let Some(r) = &it.responsibility {
                let _ = writeln!(s, "    responsibility: {}", yaml_str(r));
            }
        }
        let _ = write!(s, "---\n{}\n", sheet.body);
        fs::write(ydir.join(format!("{}.md", sheet.id)), &s)?;
        files += 1;
        if sheet.notes.is_empty() {
            continue;
        }
        let ndir = ydir.join(&sheet.id);
        fs::create_dir_all(&ndir)?;
        for note in &sheet.notes {
            s.clear();
            s.push_str("---\n");
            if note.items.len() == 1 {
                let _ = writeln!(s, "item: {}", sheet.items[note.items[0]].id);
            } else {
                let ids: Vec<&str> = note.items.iter().map(|&i| sheet.items[i].id).collect();
                let _ = writeln!(s, "item: [{}]", ids.join(", "));
            }
            if let Some(p) = note.progress {
                let _ = writeln!(s, "progress: {p}");
            }
            if let Some(st) = note.status {
                let _ = writeln!(s, "status: {st}");
            }
            if let Some(t) = &note.title {
                let _ = writeln!(s, "title: {}", yaml_str(t));
            }
            if let Some(a) = &note.author {
                let _ = writeln!(s, "author: {}", yaml_str(a));
            }
            let _ = write!(s, "---\n{}\n", note.body);
            fs::write(ndir.join(format!("{}.md", note.stem)), &s)?;
            files += 1;
        }
    }

    if !data.reviews.is_empty() {
        s.clear();
        for r in &data.reviews {
            let _ = writeln!(s, "{}:\n  comments:", r.id);
            for (half, by, day, text) in &r.comments {
                let _ = writeln!(
                    s,
                    "    - {{ half: {half}, by: {}, date: {}, text: {} }}",
                    yaml_str(by),
                    date(*day),
                    yaml_str(text)
                );
            }
            let (a, b, c) = r.votes;
            let _ = writeln!(
                s,
                "  votes: {{ satisfied: {a}, basic: {b}, unsatisfied: {c} }}"
            );
            let _ = writeln!(s, "  grade: {}", r.grade);
            if r.exemplary {
                s.push_str("  exemplary: true\n");
            }
        }
        fs::write(ydir.join("_review.yaml"), &s)?;
        files += 1;
    }
    Ok(files)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Peer {
    Hugo,
    Zola,
}

#[rustfmt::skip]
const STATUS_ZH: &[(&str, &str)] = &[
    ("in-progress", "推进中"), ("done", "已完成"), ("delayed", "滞后"), ("adjusted", "已调整"),
    ("abandoned", "已终止"),
];

fn status_zh(s: &str) -> &str {
    STATUS_ZH
        .iter()
        .find(|(k, _)| *k == s)
        .map_or(s, |(_, v)| v)
}

/// The same unit as a Hugo or Zola content tree: `<unit>/2026/_index.md`
/// (the unit-year list), `<sheet>/_index.md` (the sheet, a section whose
/// pages are its notes) and one page per note. Front matter is YAML for
/// Hugo and TOML for Zola.
fn write_peer(out: &Path, peer: Peer, u: &UnitPlan, data: &UnitData) -> io::Result<()> {
    if data.sheets.is_empty() {
        return Ok(());
    }
    let ydir = out.join("content").join(&u.path).join(YEAR.to_string());
    fs::create_dir_all(&ydir)?;
    let (open, close) = match peer {
        Peer::Hugo => ("---\n", "---\n"),
        Peer::Zola => ("+++\n", "+++\n"),
    };
    let kv = |s: &mut String, k: &str, v: &str| {
        let _ = match peer {
            Peer::Hugo => writeln!(s, "{k}: {}", toml_str(v)),
            Peer::Zola => writeln!(s, "{k} = {}", toml_str(v)),
        };
    };
    let mut s = String::with_capacity(1024);
    s.push_str(open);
    kv(&mut s, "title", &format!("{} {YEAR}年公示栏", u.name));
    s.push_str(close);
    let _ = writeln!(s, "{}，书记：{}。", u.name, data.secretary);
    if let Some(d) = &data.description {
        let _ = writeln!(s, "\n{d}");
    }
    fs::write(ydir.join("_index.md"), &s)?;

    for sheet in &data.sheets {
        let sdir = ydir.join(&sheet.id);
        fs::create_dir_all(&sdir)?;
        s.clear();
        s.push_str(open);
        kv(&mut s, "title", &format!("{}的承诺书", sheet.name));
        match peer {
            Peer::Hugo => {
                kv(&mut s, "role", sheet.role.as_deref().unwrap_or(&u.name));
                kv(&mut s, "approved_by", &sheet.approved_by);
                kv(&mut s, "approved", &date(sheet.approved));
                s.push_str("items:\n");
                for it in &sheet.items {
                    let _ = writeln!(
                        s,
                        "  - {{ id: {}, title: {}, category: {}, deadline: {}, target: {} }}",
                        toml_str(it.id),
                        toml_str(&it.title),
                        toml_str(it.category),
                        toml_str(&date(it.deadline)),
                        toml_str(&it.target)
                    );
                }
            }
            Peer::Zola => {
                s.push_str("sort_by = \"date\"\n[extra]\n");
                kv(&mut s, "role", sheet.role.as_deref().unwrap_or(&u.name));
                kv(&mut s, "approved_by", &sheet.approved_by);
                kv(&mut s, "approved", &date(sheet.approved));
                for it in &sheet.items {
                    s.push_str("[[extra.items]]\n");
                    kv(&mut s, "id", it.id);
                    kv(&mut s, "title", &it.title);
                    kv(&mut s, "category", it.category);
                    kv(&mut s, "deadline", &date(it.deadline));
                    kv(&mut s, "target", &it.target);
                }
            }
        }
        s.push_str(close);
        let _ = writeln!(s, "{}", sheet.body);
        fs::write(sdir.join("_index.md"), &s)?;

        for note in &sheet.notes {
            s.clear();
            s.push_str(open);
            let title = note
                .title
                .clone()
                .unwrap_or_else(|| format!("{} 进展", date(note.doy)));
            kv(&mut s, "title", &title);
            let items: Vec<&str> = note
                .items
                .iter()
                .map(|&i| sheet.items[i].title.as_str())
                .collect();
            match peer {
                Peer::Hugo => {
                    let _ = writeln!(s, "date: {}", date(note.doy));
                    let _ = writeln!(
                        s,
                        "items: [{}]",
                        items
                            .iter()
                            .map(|t| toml_str(t))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    if let Some(p) = note.progress {
                        let _ = writeln!(s, "progress: {p}");
                    }
                    if let Some(st) = note.status {
                        kv(&mut s, "status", status_zh(st));
                    }
                    if let Some(a) = &note.author {
                        kv(&mut s, "author", a);
                    }
                }
                Peer::Zola => {
                    let _ = writeln!(s, "date = {}", date(note.doy));
                    // Keep the date in the URL, as pledgeboard does.
                    kv(&mut s, "slug", &note.stem);
                    s.push_str("[extra]\n");
                    let _ = writeln!(
                        s,
                        "items = [{}]",
                        items
                            .iter()
                            .map(|t| toml_str(t))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    if let Some(p) = note.progress {
                        let _ = writeln!(s, "progress = {p}");
                    }
                    if let Some(st) = note.status {
                        kv(&mut s, "status", status_zh(st));
                    }
                    if let Some(a) = &note.author {
                        kv(&mut s, "author", a);
                    }
                }
            }
            s.push_str(close);
            let _ = writeln!(s, "{}", note.body);
            fs::write(sdir.join(format!("{}.md", note.stem)), &s)?;
        }
    }
    Ok(())
}

// Minimal hand-written templates: each page shows the same information
// (a list page its sheets; a sheet its items and its notes' titles; a note
// its date, items, progress and text).

const HUGO_INDEX: &str = r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body><h1>{{ .Site.Title }}</h1>
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</body></html>
"#;

const HUGO_LIST: &str = r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title></head>
<body><h1>{{ .Title }}</h1>
{{ with .Params.role }}<p>{{ . }}</p>{{ end }}
{{ with .Params.approved }}<p>审定：{{ $.Params.approved_by }}，{{ . }}</p>{{ end }}
{{ with .Params.items }}<h2>承诺事项</h2>
<ol>{{ range . }}<li>{{ .title }}（{{ .category }}，{{ .deadline }}前）：{{ .target }}</li>{{ end }}</ol>{{ end }}
{{ .Content }}
{{ with .RegularPages }}<h2>践诺进展</h2>
<ul>{{ range . }}<li>{{ .Date.Format "2006-01-02" }} <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
{{ with .Sections }}<h2>承诺书</h2>
<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
</body></html>
"#;

const HUGO_SINGLE: &str = r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title></head>
<body><p><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></p>
<h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }}{{ with .Params.author }} · {{ . }}{{ end }}</p>
<p>事项：{{ delimit .Params.items "；" }}{{ with .Params.progress }} · 进度 {{ . }}%{{ end }}{{ with .Params.status }} · {{ . }}{{ end }}</p>
{{ .Content }}
</body></html>
"#;

const ZOLA_INDEX: &str = r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ config.title }}</title></head>
<body><h1>{{ config.title }}</h1>
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>
</body></html>
"#;

const ZOLA_SECTION: &str = r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ section.title }} - {{ config.title }}</title></head>
<body><h1>{{ section.title }}</h1>
{% if section.extra.role %}<p>{{ section.extra.role }}</p>{% endif %}
{% if section.extra.approved %}<p>审定：{{ section.extra.approved_by }}，{{ section.extra.approved }}</p>{% endif %}
{% if section.extra.items %}<h2>承诺事项</h2>
<ol>{% for it in section.extra.items %}<li>{{ it.title }}（{{ it.category }}，{{ it.deadline }}前）：{{ it.target }}</li>{% endfor %}</ol>{% endif %}
{{ section.content | safe }}
{% if section.pages %}<h2>践诺进展</h2>
<ul>{% for p in section.pages %}<li>{{ p.date }} <a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endif %}
{% if section.subsections %}<h2>承诺书</h2>
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>{% endif %}
</body></html>
"#;

const ZOLA_PAGE: &str = r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ page.title }} - {{ config.title }}</title></head>
<body>{% set parent = get_section(path=page.ancestors | last, metadata_only=true) %}<p><a href="{{ parent.permalink }}">{{ parent.title }}</a></p>
<h1>{{ page.title }}</h1>
<p>{{ page.date }}{% if page.extra.author %} · {{ page.extra.author }}{% endif %}</p>
<p>事项：{{ page.extra.items | join(sep="；") }}{% if page.extra.progress %} · 进度 {{ page.extra.progress }}%{% endif %}{% if page.extra.status %} · {{ page.extra.status }}{% endif %}</p>
{{ page.content | safe }}
</body></html>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for d in 1..=365 {
            let (m, day) = md(d);
            assert_eq!(doy(m, day), d);
        }
        assert_eq!(date(LAST_NOTE_DOY), "2026-11-27");
    }

    #[test]
    fn plan_spends_the_budget_exactly() {
        for total in [1, 7, 50, 1000, 10_000] {
            let plan = plan_city(total, 3);
            assert_eq!(plan.units.iter().map(|u| u.sheets).sum::<usize>(), total);
        }
    }
}

//! Generated fixture sites shared by the integration tests that need a
//! site bigger than the hand-written ones (atomic output, determinism,
//! serve under load). Deterministic: the same arguments give the same
//! files, and `order_seed` only changes the order they are created in.
#![allow(dead_code)]

pub mod links;
pub mod serve;

use std::fs;
use std::path::Path;

/// xorshift64*: a small deterministic pseudo-random sequence.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

const SURNAMES: &[&str] = &["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"];
const GIVEN: &[&str] = &["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇"];
const CATEGORIES: &[&str] = &["就业创业", "为民服务", "基层治理", "乡村振兴", "党员教育"];

/// Every file of a site with `units` units under a root unit (two levels:
/// streets and their communities), `members` member sheets per unit, three
/// items per sheet and two notes on each: (relative path, text).
pub fn mid_site_files(units: usize, members: usize) -> Vec<(String, String)> {
    let mut files = vec![
        (
            "site.yaml".to_string(),
            "title: 生成的测试公示网站\nbase_url: https://example.org/p/\n".to_string(),
        ),
        (
            "content/_unit.yaml".to_string(),
            "name: 某区委\nkind: committee\n".to_string(),
        ),
    ];
    for u in 0..units {
        let dir = if u % 4 == 0 {
            format!("content/street-{u}")
        } else {
            format!("content/street-{}/community-{u}", u - u % 4)
        };
        let kind = if u % 4 == 0 { "street" } else { "community" };
        files.push((
            format!("{dir}/_unit.yaml"),
            format!(
                "name: 第{u}党组织\nkind: {kind}\nsecretary: 书记{u}\ndescription: |\n  第{u}个单位的**简介**。\n"
            ),
        ));
        let mut roster = String::new();
        let mut review = String::from(
            "_unit:\n  votes: { satisfied: 10, basic: 2, unsatisfied: 1 }\n  grade: qualified\n",
        );
        for m in 0..members {
            let id = format!("m{u}-{m}");
            let name = format!("{}{}", SURNAMES[(u + m) % 10], GIVEN[(u * 7 + m) % 10]);
            roster.push_str(&format!(
                "- {{ id: {id}, name: {name}, phone: '1390000{u:02}{m:02}' }}\n"
            ));
            review.push_str(&format!(
                "{id}:\n  votes: {{ satisfied: {}, basic: 1, unsatisfied: {} }}\n",
                5 + m,
                m % 3
            ));
        }
        files.push((format!("{dir}/_roster.yaml"), roster));
        files.push((format!("{dir}/2026/_review.yaml"), review));
        for m in 0..=members {
            let (id, name) = if m == members {
                ("_unit".to_string(), String::new())
            } else {
                (
                    format!("m{u}-{m}"),
                    format!(
                        "name: {}{}\n",
                        SURNAMES[(u + m) % 10],
                        GIVEN[(u * 7 + m) % 10]
                    ),
                )
            };
            let mut items = String::new();
            for i in 0..3 {
                items.push_str(&format!(
                    "  - id: item-{i}\n    title: 第{i}项承诺：为群众办实事{u}-{m}\n    category: {}\n    deadline: 2026-{:02}-28\n    target: 完成{i}件\n",
                    CATEGORIES[(u + m + i) % CATEGORIES.len()],
                    3 + (u + m + i) % 9,
                ));
            }
            files.push((
                format!("{dir}/2026/{id}.md"),
                format!(
                    "---\n{name}approved: {{ by: 上级党组织, date: 2026-01-15 }}\nitems:\n{items}---\n我承诺认真履职，**按期完成**各项承诺。\n\n- 第一条\n- 第二条\n"
                ),
            ));
            for n in 0..2 {
                let progress = [30, 100, 60, 80][(u + m + n) % 4];
                files.push((
                    format!("{dir}/2026/{id}/2026-0{}-1{n}-note.md", 2 + n),
                    format!(
                        "---\nitem: item-{n}\nprogress: {progress}\ntitle: 进展{u}-{m}-{n}\n---\n今天开展了活动，群众反映良好。\n"
                    ),
                ));
            }
        }
    }
    files
}

/// Writes `files` under `root`, in the given order or shuffled by
/// `order_seed` (file systems list folders in creation order or by hash;
/// the output must not depend on either).
pub fn write_files(root: &Path, files: &[(String, String)], order_seed: Option<u64>) {
    let mut order: Vec<usize> = (0..files.len()).collect();
    if let Some(seed) = order_seed {
        Rng::new(seed).shuffle(&mut order);
    }
    for i in order {
        let (rel, text) = &files[i];
        let path = root.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, text).expect("write");
    }
}

/// Every file under `dir`: relative path with `/` → bytes.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).unwrap_or_default())
        })
        .collect()
}

/// What differs between two trees, briefly (for assertion messages).
pub fn tree_diff(
    a: &std::collections::BTreeMap<String, Vec<u8>>,
    b: &std::collections::BTreeMap<String, Vec<u8>>,
) -> String {
    let mut out = Vec::new();
    for k in a.keys().filter(|k| !b.contains_key(*k)) {
        out.push(format!("only in first: {k}"));
    }
    for k in b.keys().filter(|k| !a.contains_key(*k)) {
        out.push(format!("only in second: {k}"));
    }
    for (k, v) in a {
        if b.get(k).is_some_and(|w| w != v) {
            out.push(format!("differs: {k}"));
        }
    }
    let n = out.len();
    out.truncate(8);
    format!("{n} differences: {}", out.join("; "))
}

/// The built-in template `name` as shipped, and with `added` written at
/// the start of its content block: a site's own copy that differs from
/// the built-in one in a known way.
pub fn builtin_template_with(name: &str, added: &str) -> (String, String) {
    let builtin = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates")
            .join(name),
    )
    .unwrap_or_else(|e| panic!("built-in {name}: {e}"));
    let changed = builtin.replacen(
        "{% block content %}",
        &format!("{{% block content %}}{added}"),
        1,
    );
    assert_ne!(changed, builtin, "{name} has a content block");
    (builtin, changed)
}

/// `%E5%9F%8E` → the bytes of `城`: how the tests turn links back into
/// output paths. A `%` not followed by two hex digits stays as it is.
pub fn percent_decode_bytes(text: &str) -> Vec<u8> {
    percent_encoding::percent_decode_str(text).collect()
}

/// The first of `names` found on `PATH` (tests that drive outside tools
/// skip, or fail under CI, without them).
pub fn which(names: &[&str]) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// `pledgeboard ARGS` run in `root`.
pub fn run(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_pledgeboard"))
        .args(args)
        .current_dir(root)
        .output()
        .expect("run pledgeboard")
}

/// What a command printed, stdout then stderr.
pub fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Writes `bytes` to `path`, making its folders.
pub fn write_at(path: &Path, bytes: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, bytes).expect("write");
}

/// Writes `text` to `root/path`, making its folders.
pub fn write(root: &Path, path: &str, text: impl AsRef<[u8]>) {
    write_at(&root.join(path), text);
}

/// A site in a new temporary folder: `site_yaml` as its `site.yaml`, then
/// `files` as (path below the site root, content), which may replace it.
pub fn site_with(site_yaml: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "site.yaml", site_yaml);
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

//! The rendering-CPU example (`examples/render_cpu.rs`, included as a
//! module): it renders what `build` writes, round after round, and writes
//! nothing.

#[allow(dead_code)]
#[path = "../examples/render_cpu.rs"]
mod render_cpu;

use std::path::Path;

use pledgeboard::content::{self, LoadOptions};
use pledgeboard::model::Date;
use pledgeboard::render::RenderOptions;

/// Every path under `dir` with its length and modification time.
fn listing(dir: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
    let mut all: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            let path = e.path().to_string_lossy().into_owned();
            (path, meta.len(), meta.modified().unwrap())
        })
        .collect();
    all.sort();
    all
}

fn field<'a>(line: &'a str, name: &str) -> &'a str {
    line.split(' ')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("no {name} in {line}"))
}

#[test]
fn renders_what_build_writes_each_round_and_writes_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notepages");
    let before = listing(&root);
    let args = [
        root.to_string_lossy().as_ref(),
        "--today",
        "2026-12-01",
        "--rounds",
        "2",
    ]
    .map(String::from);
    let lines = render_cpu::run(args.into_iter()).unwrap();
    assert_eq!(listing(&root), before, "the site folder was touched");

    let (site, _) = content::load(&root, &LoadOptions::default()).unwrap();
    let opts = RenderOptions {
        today: Date::parse("2026-12-01").unwrap(),
        live_reload: false,
        relative: false,
    };
    let files = pledgeboard::build::generate(&site, &opts).unwrap();
    let bytes: usize = files.iter().map(|f| f.held_len()).sum();
    assert!(files.len() > 10 && bytes > 0);
    assert_eq!(lines.len(), 2, "{lines:?}");
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(field(line, "round"), (i + 1).to_string(), "{line}");
        assert_eq!(field(line, "files"), files.len().to_string(), "{line}");
        assert_eq!(field(line, "bytes"), bytes.to_string(), "{line}");
        for timed in ["wall_s", "user_s", "sys_s"] {
            let t: f64 = field(line, timed).parse().unwrap();
            assert!(t >= 0.0, "{line}");
        }
    }
}

#[test]
fn by_kind_counts_every_page_once_under_its_kind() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notepages");
    let args = [
        root.to_string_lossy().as_ref(),
        "--today",
        "2026-12-01",
        "--rounds",
        "1",
        "--by-kind",
    ]
    .map(String::from);
    let lines = render_cpu::run(args.into_iter()).unwrap();
    let kinds: Vec<&String> = lines.iter().filter(|l| l.starts_with("kind=")).collect();
    let all = kinds.last().unwrap();
    assert_eq!(field(all, "kind"), "all", "{lines:?}");
    let pages = |line: &str| field(line, "pages").parse::<usize>().unwrap();
    let counted: usize = kinds[..kinds.len() - 1].iter().map(|l| pages(l)).sum();
    assert_eq!(counted, pages(all));
    // The fixture's pages: one of each sheet and note, among the others.
    let (site, _) = content::load(&root, &LoadOptions::default()).unwrap();
    let (sheets, notes) = site.sheet_and_note_counts();
    let of = |kind: &str| {
        kinds
            .iter()
            .find(|l| field(l, "kind") == kind)
            .map_or(0, |l| pages(l))
    };
    assert!(sheets > 0 && notes > 0);
    assert_eq!((of("sheet"), of("note")), (sheets, notes), "{lines:?}");
    let share: f64 = kinds[..kinds.len() - 1]
        .iter()
        .map(|l| {
            field(l, "share")
                .trim_end_matches('%')
                .parse::<f64>()
                .unwrap()
        })
        .sum();
    assert!((share - 100.0).abs() < 1.0, "{lines:?}");
}

#[test]
fn says_how_to_call_it() {
    for args in [vec![], vec!["site"], vec!["site", "--today", "soon"]] {
        let err = render_cpu::run(args.into_iter().map(String::from)).unwrap_err();
        assert!(err.starts_with("usage: render_cpu ROOT"), "{err}");
    }
    let missing = ["/no/such/site", "--today", "2026-12-01"].map(String::from);
    assert!(
        render_cpu::run(missing.into_iter())
            .unwrap_err()
            .contains("content errors")
    );
}

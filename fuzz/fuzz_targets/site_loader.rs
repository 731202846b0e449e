//! `site_loader`: a whole site written from the input, loaded, derived and
//! rendered in memory. The input is a list of files, each introduced by a
//! line `==> <path>` (paths under `content/`, or `site.yaml`; a missing
//! site.yaml gets a valid one). Must never panic; a site that builds must
//! have no executable script in any page.
#![no_main]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pledgeboard::content::LoadOptions;
use pledgeboard::model::Date;
use pledgeboard::output::OutBody;
use pledgeboard::render::RenderOptions;

#[path = "../../tests/common/script_safety.rs"]
mod script_safety;

const DEFAULT_SITE: &str = "title: 测试\nbase_url: https://example.org/p/\n";

fn workdir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("pledgeboard-fuzz-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    })
}

/// A relative path with plain segments only (no `..`, no absolute paths).
fn safe_path(raw: &str) -> Option<PathBuf> {
    let raw = raw.trim();
    if raw != "site.yaml" && !raw.starts_with("content/") {
        return None;
    }
    let parts: Vec<&str> = raw.split('/').collect();
    if parts.len() > 10
        || parts.iter().any(|p| {
            p.is_empty() || *p == "." || *p == ".." || p.contains(['\\', '\0']) || p.len() > 60
        })
    {
        return None;
    }
    Some(parts.iter().collect())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let root = workdir();
    let _ = fs::remove_dir_all(root);
    fs::create_dir_all(root.join("content")).expect("work dir");
    let mut has_site = false;
    for (n, chunk) in text.split("==> ").skip(1).enumerate() {
        if n >= 40 {
            break;
        }
        let (path, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let Some(rel) = safe_path(path) else {
            continue;
        };
        has_site |= rel == Path::new("site.yaml");
        let full = root.join(&rel);
        if let Some(parent) = full.parent() {
            if fs::create_dir_all(parent).is_err() {
                continue;
            }
        }
        // A path that is both a file and a folder: the first one wins.
        let _ = fs::write(&full, body);
    }
    if !has_site {
        fs::write(root.join("site.yaml"), DEFAULT_SITE).expect("site.yaml");
    }
    let render = RenderOptions {
        today: Date::parse("2026-06-30").expect("date"),
        live_reload: false,
        relative: false,
    };
    match pledgeboard::build::load_and_generate(root, &LoadOptions::default(), &render) {
        Ok((site, files, _)) => {
            // The theme's own script files (editors cannot publish `.js`).
            let theme_js: Vec<String> = files
                .iter()
                .filter(|f| f.path.ends_with(".js"))
                .map(|f| format!("{}{}", site.config.base_path(), f.path))
                .collect();
            for f in files {
                let OutBody::Bytes(bytes) = &f.body else {
                    continue;
                };
                assert!(!f.path.contains(".."), "output path {}", f.path);
                if f.path.ends_with(".html") {
                    let html = String::from_utf8_lossy(bytes);
                    let theme_script = |src: &str| theme_js.iter().any(|j| j == src);
                    let allowed = script_safety::Allowed {
                        script_src: &theme_script,
                        inline: &[],
                    };
                    let doc = scraper::Html::parse_document(&html);
                    let bad = script_safety::unsafe_markup(&doc, &allowed);
                    assert!(bad.is_empty(), "{}: unsafe markup {bad:?}", f.path);
                }
            }
        }
        Err(diags) => {
            assert!(
                diags.iter().any(|d| d.is_error()),
                "failed without an error"
            );
            for d in diags {
                assert!(!d.message.is_empty(), "empty message: {d:?}");
            }
        }
    }
});

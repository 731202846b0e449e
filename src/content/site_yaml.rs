//! `site.yaml`: the site's configuration.

use super::fields::{Fields, FileCx};
use super::yaml::Node;
use crate::model::{Lang, MemberNames, SiteConfig, Supervision};
use crate::schema;

pub fn read(cx: &mut FileCx, node: &Node) -> Option<SiteConfig> {
    let mut f = Fields::open(cx, node, "site.yaml", &schema::SITE)?;
    let language = f.keyword_or_default::<Lang>(cx, "language");
    // The language decides how the remaining messages read (read first).
    cx.msg.lang = language;
    let title = f.text(cx, "title");
    let base_url = f.text(cx, "base_url");
    let base_pos = f.get("base_url").map(|n| n.pos).unwrap_or(f.pos);
    let theme = f.text(cx, "theme");
    let year = f.int(cx, "year").map(|y| y as i32);
    let require_approval = f.flag(cx, "require_approval");
    let note_pages = f.flag(cx, "note_pages");
    let member_names = f.keyword_or_default::<MemberNames>(cx, "member_names");
    let supervision = f
        .get("supervision")
        .and_then(|n| read_supervision(cx, n))
        .unwrap_or_default();
    f.finish(cx);
    let base_url = base_url.and_then(|url| {
        let url = normalize_base_url(&url);
        if url.is_none() {
            cx.error(base_pos, cx.msg.bad_base_url());
        }
        url
    });
    Some(SiteConfig {
        title: title?,
        base_url: base_url?,
        language,
        theme,
        year,
        require_approval,
        note_pages,
        member_names,
        supervision,
    })
}

/// `supervision: { phone, mailbox, address }`, each optional text.
fn read_supervision(cx: &mut FileCx, node: &Node) -> Option<Supervision> {
    let mut f = Fields::open(cx, node, "supervision", &schema::SUPERVISION)?;
    let out = Supervision {
        phone: f.text(cx, "phone"),
        mailbox: f.text(cx, "mailbox"),
        address: f.text(cx, "address"),
    };
    f.finish(cx);
    Some(out)
}

/// Checks the URL's scheme and gives it exactly one trailing slash.
pub fn normalize_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let ok = url.starts_with("http://") || url.starts_with("https://") || url.starts_with('/');
    let unsafe_char = url
        .chars()
        .any(|c| c.is_whitespace() || "\"'<>\\`".contains(c));
    if !ok || unsafe_char {
        return None;
    }
    Some(format!("{}/", url.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> (Option<SiteConfig>, Vec<crate::diag::Diagnostic>) {
        let mut cx = FileCx::new(std::path::Path::new("site.yaml"), Default::default());
        let node = crate::content::yaml::parse(text, 1).expect("valid YAML");
        let config = read(&mut cx, &node);
        (config, cx.diags)
    }

    #[test]
    fn title_and_base_url_alone_give_the_defaults() {
        let (config, diags) = read_text("title: t\nbase_url: https://a.org/\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(config, Some(SiteConfig::new("t", "https://a.org/")));
    }

    #[test]
    fn supervision_is_optional_and_strict() {
        let base = "title: t\nbase_url: https://a.org/\n";
        let (config, diags) = read_text(base);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(config.expect("config").supervision.is_empty());
        let (config, diags) = read_text(&format!(
            "{base}supervision:\n  phone: 0731-1234\n  address: 人民路1号\n"
        ));
        assert!(diags.is_empty(), "{diags:?}");
        let s = config.expect("config").supervision;
        assert_eq!(s.phone.as_deref(), Some("0731-1234"));
        assert_eq!(s.mailbox, None);
        assert_eq!(s.address.as_deref(), Some("人民路1号"));
        // A typo is an error at its line, with the known fields offered.
        let (_, diags) = read_text(&format!("{base}supervision:\n  phnoe: 0731-1234\n"));
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].line, 4);
        assert!(diags[0].message.contains("phone"), "{}", diags[0].message);
        let (_, diags) = read_text(&format!("{base}supervision: 0731-1234\n"));
        assert_eq!(diags.len(), 1, "{diags:?}");
    }

    #[test]
    fn base_url_gets_one_trailing_slash() {
        assert_eq!(
            normalize_base_url("https://a.org/p").as_deref(),
            Some("https://a.org/p/")
        );
        assert_eq!(normalize_base_url("/").as_deref(), Some("/"));
        assert_eq!(normalize_base_url("javascript:alert(1)"), None);
    }
}

//! The templates: the built-in theme embedded in the binary, replaced one
//! by one by the site theme's templates of the same name, and template
//! errors turned into diagnostics that name the template and line.

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error as _;
use std::path::PathBuf;

use tera::{Context, ErrorKind, Tera};

use crate::diag::Diagnostic;
use crate::model::{Lang, Site};

macro_rules! builtin {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),+]
    };
}

/// The built-in templates, by name.
pub const BUILTIN: &[(&str, &str)] = builtin!(
    "base.html",
    "components.html",
    "index.html",
    "unit.html",
    "board.html",
    "sheet.html",
    "note.html",
    "year.html",
    "years.html",
    "categories.html",
    "category.html",
    "status.html",
    "statuses.html",
    "partials/unit_details.html",
    "partials/board.html",
    "partials/note.html",
    "partials/year_results.html",
    "partials/charts.html",
    "partials/poster.html",
    "partials/print_links.html",
    "poster.html",
    "cards.html",
    "search.html",
    "glossary.html",
    "404.html",
);

/// The built-in style sheet, written as `assets/style.css`.
pub const STYLE_CSS: &str = include_str!("../../themes/default/static/assets/style.css");

/// The search page's script, written as `assets/search.js`.
pub const SEARCH_JS: &str = include_str!("../../themes/default/static/assets/search.js");

/// The larger-text switch, written as `assets/reader.js`.
pub const READER_JS: &str = include_str!("../../themes/default/static/assets/reader.js");

pub struct Theme {
    tera: Tera,
    /// Names of templates the site theme replaced.
    overridden: BTreeSet<String>,
    theme_dir: String,
    /// The site's language, for the errors.
    lang: Lang,
}

impl Theme {
    /// Built-in templates plus `site.templates` overrides.
    pub fn load(site: &Site) -> Result<Theme, Vec<Diagnostic>> {
        let mut sources: BTreeMap<&str, &str> = BUILTIN.iter().copied().collect();
        let mut overridden = BTreeSet::new();
        for (name, text) in &site.templates {
            sources.insert(name.as_str(), text.as_str());
            overridden.insert(name.clone());
        }
        let theme_dir = format!(
            "themes/{}/templates",
            site.config.theme.as_deref().unwrap_or("default")
        );
        let mut theme = Theme {
            tera: Tera::new(),
            overridden,
            theme_dir,
            lang: site.config.language,
        };
        theme.tera.autoescape_on([".html", ".htm", ".xml"]);
        theme.tera.set_escape_fn(crate::escape::html_to);
        if let Err(e) = theme.tera.add_raw_templates(sources) {
            return Err(theme.diagnostics(&e, None));
        }
        Ok(theme)
    }

    /// Whether the site's own theme replaces any built-in template.
    pub fn has_overrides(&self) -> bool {
        !self.overridden.is_empty()
    }

    /// Whether the site's own theme replaces the built-in template `name`
    /// with a different one (the demo site's theme folder is the built-in
    /// theme itself).
    pub fn overrides(&self, site: &Site, name: &str) -> bool {
        self.overridden.contains(name)
            && site.templates.iter().any(|(n, text)| {
                n == name
                    && BUILTIN
                        .iter()
                        .all(|&(b, builtin)| b != name || builtin != text)
            })
    }

    /// Renders `template` for the page written at `page`.
    pub fn render(
        &self,
        template: &str,
        ctx: &Context,
        page: &str,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        // Bytes, not a `String`: Tera writes only text, and checking a
        // whole page is UTF-8 again cost a few percent of a build.
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, ctx, &mut out)
            .map_err(|e| self.diagnostics(&e, Some(page)))?;
        Ok(out)
    }

    fn template_path(&self, name: &str) -> PathBuf {
        if self.overridden.contains(name) {
            PathBuf::from(format!("{}/{name}", self.theme_dir))
        } else {
            PathBuf::from(format!("themes/default/templates/{name}"))
        }
    }

    fn diagnostics(&self, e: &tera::Error, page: Option<&str>) -> Vec<Diagnostic> {
        let mut text = e.to_string();
        let mut cause = e.source();
        while let Some(c) = cause {
            text.push_str(&format!("\n  caused by: {c}"));
            cause = c.source();
        }
        let msg = crate::i18n::Messages::new(self.lang);
        let message = |name: &str, detail: &str| {
            msg.template_error(!self.overridden.contains(name), page, detail)
        };
        match e.kind() {
            ErrorKind::RenderingError(r) | ErrorKind::SyntaxError(r) => {
                let span = r.span();
                let mut detail = r.message().to_string();
                if let Some(c) = e.source() {
                    detail.push_str(&format!(": {c}"));
                }
                vec![Diagnostic::error(
                    self.template_path(r.filename()),
                    span.start_line as u32,
                    span.start_col as u32 + 1,
                    message(r.filename(), &detail),
                )]
            }
            _ => {
                // Other errors carry rustc-style reports: pick their `--> name:line:col`.
                let found: Vec<Diagnostic> = locations(&text)
                    .into_iter()
                    .map(|(name, line, col)| {
                        Diagnostic::error(
                            self.template_path(&name),
                            line,
                            col,
                            message(&name, first_line(&text)),
                        )
                    })
                    .collect();
                if found.is_empty() {
                    vec![Diagnostic::error(
                        &self.theme_dir,
                        0,
                        0,
                        msg.template_error(false, page, &text),
                    )]
                } else {
                    found
                }
            }
        }
    }
}

fn first_line(text: &str) -> &str {
    let line = text.lines().next().unwrap_or(text);
    line.strip_prefix("error: ").unwrap_or(line)
}

/// Every `--> name:line:col` in a tera report.
fn locations(text: &str) -> Vec<(String, u32, u32)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.trim_start().strip_prefix("--> ") else {
            continue;
        };
        let mut parts = rest.rsplitn(3, ':');
        let (Some(col), Some(ln), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if let (Ok(ln), Ok(col)) = (ln.trim().parse(), col.trim().parse()) {
            out.push((name.to_string(), ln, col));
        }
    }
    out
}

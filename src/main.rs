//! The `pledgeboard` command line: parses arguments, runs one command,
//! prints diagnostics and picks the exit status. Nothing else lives here.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use pledgeboard::build;
use pledgeboard::content::{self, LoadOptions};
use pledgeboard::diag::Diagnostic;
use pledgeboard::i18n::Messages;
use pledgeboard::model::{Date, Lang};
use pledgeboard::output;
use pledgeboard::render::RenderOptions;

#[derive(Parser)]
#[command(
    name = "pledgeboard",
    version,
    about = "公开承诺公示网站生成器 — a static-site generator for public pledge boards"
)]
struct Cli {
    /// The site root (the folder holding site.yaml)
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder (default public/)
    Build {
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Override base_url from site.yaml
        #[arg(long)]
        base_url: Option<String>,
        /// The date figures are computed for (YYYY-MM-DD; default: today)
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// Also publish pledges that are not approved yet
        #[arg(long)]
        drafts: bool,
    },
    /// Validate the content and report errors and warnings; write nothing
    Check {
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Build, serve on 127.0.0.1, rebuild on every change and reload pages
    Serve {
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// Poll for changes instead of file-system events (WSL2, network drives)
        #[arg(long)]
        poll: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("`{text}` is not a date: use YYYY-MM-DD"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.clone();
    match cli.command {
        Command::Build {
            out,
            base_url,
            today,
            drafts,
        } => cmd_build(&root, &out, base_url, today, drafts),
        Command::Check { today, format } => cmd_check(&root, today, format),
        Command::Serve {
            port,
            bind,
            today,
            poll,
        } => {
            let opts = pledgeboard::serve::ServeOptions {
                root,
                bind,
                port,
                today,
                poll,
            };
            match pledgeboard::serve::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("pledgeboard serve: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

/// The language of the site's messages, read before loading so even a
/// broken site is answered in its own language.
fn site_messages(root: &Path) -> Messages {
    let text = std::fs::read_to_string(root.join("site.yaml")).unwrap_or_default();
    let en = text
        .lines()
        .any(|l| l.split('#').next().unwrap_or("").trim().replace(' ', "") == "language:en");
    Messages::new(if en { Lang::En } else { Lang::ZhCn })
}

fn print_diagnostics(root: &Path, diags: &[Diagnostic], msg: Messages) {
    for d in diags {
        let mut shown = d.clone();
        if root != Path::new(".") {
            shown.path = root.join(&d.path);
        }
        if !d.is_error() {
            let label = match msg.lang {
                Lang::ZhCn => "警告：",
                Lang::En => "warning: ",
            };
            shown.message = format!("{label}{}", d.message);
        }
        eprintln!("{shown}");
    }
}

fn cmd_build(
    root: &Path,
    out: &Path,
    base_url: Option<String>,
    today: Option<Date>,
    drafts: bool,
) -> ExitCode {
    let msg = site_messages(root);
    let started = Instant::now();
    let load = LoadOptions { drafts, base_url };
    let render = RenderOptions {
        today: today.unwrap_or_else(build::today),
        live_reload: false,
    };
    let (site, warnings) = match content::load(root, &load) {
        Ok(x) => x,
        Err(diags) => return fail(root, &diags, msg),
    };
    let sheets: usize = site
        .units
        .iter()
        .flat_map(|u| u.years.values())
        .map(|y| y.sheets.len())
        .sum();
    let notes: usize = site
        .units
        .iter()
        .flat_map(|u| u.years.values())
        .flat_map(|y| &y.sheets)
        .map(|s| s.notes.len())
        .sum();
    eprintln!(
        "{}",
        msg.loaded(
            site.units.len(),
            sheets,
            notes,
            started.elapsed().as_millis()
        )
    );
    let files = match build::generate(&site, &render) {
        Ok(f) => f,
        Err(diags) => return fail(root, &diags, msg),
    };
    let out = if out.is_absolute() {
        out.to_path_buf()
    } else {
        root.join(out)
    };
    if let Err(e) = output::write_atomic(&out, &files) {
        eprintln!("{}", msg.write_failed(&e.to_string()));
        return ExitCode::from(1);
    }
    print_diagnostics(root, &warnings, msg);
    eprintln!(
        "{}",
        msg.built(
            files.len(),
            &out.display().to_string(),
            started.elapsed().as_millis()
        )
    );
    ExitCode::SUCCESS
}

fn fail(root: &Path, diags: &[Diagnostic], msg: Messages) -> ExitCode {
    print_diagnostics(root, diags, msg);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    eprintln!("{}", msg.summary_errors(errors, diags.len() - errors));
    ExitCode::from(1)
}

fn cmd_check(root: &Path, today: Option<Date>, format: Format) -> ExitCode {
    let msg = site_messages(root);
    let load = LoadOptions::default();
    let render = RenderOptions {
        today: today.unwrap_or_else(build::today),
        live_reload: false,
    };
    // Rendering in memory too, so template errors are caught; nothing is written.
    let result = build::load_and_generate(root, &load, &render);
    let diags = match &result {
        Ok((_, _, warnings)) => warnings.clone(),
        Err(diags) => diags.clone(),
    };
    let errors = diags.iter().filter(|d| d.is_error()).count();
    match format {
        Format::Json => {
            let report = serde_json::json!({
                "errors": errors,
                "warnings": diags.len() - errors,
                "diagnostics": diags,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
        }
        Format::Text => {
            print_diagnostics(root, &diags, msg);
            if errors > 0 {
                eprintln!("{}", msg.summary_errors(errors, diags.len() - errors));
            } else {
                eprintln!("{}", msg.summary_ok(diags.len()));
            }
        }
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

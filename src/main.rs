//! The `pledgeboard` command line: parses arguments, runs one command,
//! prints diagnostics and picks the exit status. Nothing else lives here.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

mod cli_zh;

use pledgeboard::content::{self, LoadOptions};
use pledgeboard::diag::{self, Diagnostic};
use pledgeboard::editor::import::{self, ImportOptions};
use pledgeboard::editor::roster_import::{self, RosterOptions};
use pledgeboard::editor::{EditError, init, new};
use pledgeboard::i18n::Messages;
use pledgeboard::model::{Date, Lang};
use pledgeboard::progress::{Counter, Display};
use pledgeboard::render::RenderOptions;
use pledgeboard::{advice, archive, build, derive, outdir, report};

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
    Build(BuildArgs),
    /// Validate the content and report errors and warnings; write nothing
    Check {
        #[arg(long)]
        today: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Only what is found in this unit and its sub-units (its path below content/)
        #[arg(long, value_name = "PATH")]
        unit: Option<String>,
        /// Only errors, warnings or these advice codes (comma-separated, e.g. errors,no-baseline)
        #[arg(long, value_delimiter = ',', value_name = "WHAT")]
        only: Vec<String>,
    },
    /// Build, serve on 127.0.0.1, rebuild on every change and reload pages
    Serve {
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long)]
        today: Option<String>,
        /// Poll for changes instead of file-system events (WSL2, network drives)
        #[arg(long)]
        poll: bool,
        /// Open the site in the browser once it is served
        #[arg(long)]
        open: bool,
        /// Add editing forms to the pages opened on this computer (writes content/)
        #[arg(long)]
        edit: bool,
    },
    /// Create a unit, a pledge sheet or a progress note from a commented template
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Create a new site in an empty folder, with an example unit
    Init {
        dir: PathBuf,
        /// The date the example pledges are approved on (default: today)
        #[arg(long)]
        today: Option<String>,
    },
    /// Turn a pledge spreadsheet (.xlsx, .xls, .csv) into pledge sheets
    /// (`import FILE` or `import pledges FILE`), or a 党员名册 into rosters
    /// (`import roster FILE`)
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Import {
        #[command(subcommand)]
        what: Option<ImportCommand>,
        #[command(flatten)]
        pledges: PledgeImportArgs,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// import pledges FILE … (the same as `import FILE …`)
    Pledges(PledgeImportArgs),
    /// import roster FILE [--unit U] [--dry-run]: a 党员名册 to _roster.yaml
    Roster {
        file: PathBuf,
        /// The unit path below content/ (default: the root unit; a 单位 column may name its sub-units)
        #[arg(long, default_value = "", hide_default_value = true)]
        unit: String,
        /// List what would be written; write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(clap::Args)]
struct PledgeImportArgs {
    #[arg(required = true)]
    file: Option<PathBuf>,
    /// The unit path below content/ (default: the root unit; a 单位 column may name its sub-units)
    #[arg(long, default_value = "", hide_default_value = true)]
    unit: String,
    /// The pledge year (default: this year)
    #[arg(long)]
    year: Option<i32>,
    /// Name a column: `列名=field` (fields: unit name role id title category deadline target baseline responsibility item)
    #[arg(long = "map")]
    map: Vec<String>,
    /// List what would be written; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Write the sheets as approved by this organization (with --approved-date)
    #[arg(long)]
    approved_by: Option<String>,
    #[arg(long)]
    approved_date: Option<String>,
    /// Add people missing from their unit's roster to it (ids from an 编号 column, else made from the name)
    #[arg(long)]
    add_to_roster: bool,
}

#[derive(Subcommand)]
enum NewCommand {
    /// new unit <path> --kind K --name N
    Unit {
        path: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        name: String,
    },
    /// new pledge <unit>/<year>/<member-id> [--name N]
    Pledge {
        target: String,
        #[arg(long)]
        name: Option<String>,
    },
    /// new note <unit>/<year>/<pledger> --item ID [--progress N] [--status S] [--deadline D] [--title T]
    Note {
        target: String,
        /// The item id (repeat for a note on several items)
        #[arg(long)]
        item: Vec<String>,
        #[arg(long, allow_hyphen_values = true)]
        progress: Option<i64>,
        #[arg(long)]
        status: Option<String>,
        /// The approved new deadline, with --status delayed (YYYY-MM-DD)
        #[arg(long)]
        deadline: Option<String>,
        #[arg(long)]
        title: Option<String>,
        /// The note's date (YYYY-MM-DD; default: today)
        #[arg(long)]
        today: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// A date option, checked in the site's language (a usage error exits 2).
fn parse_date_option(
    option: &str,
    text: Option<String>,
    msg: Messages,
) -> Result<Option<Date>, ExitCode> {
    match text {
        None => Ok(None),
        Some(t) => Date::parse(t.trim()).map(Some).ok_or_else(|| {
            tell(&msg.bad_date_option(option, &t));
            ExitCode::from(2)
        }),
    }
}

/// Prints a line on stdout. A reader that went away (`| head`) is no
/// failure of ours: the rest of the output is dropped, nothing panics.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Prints a line on stderr, as quietly as `say` when nobody reads it.
fn tell(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// A `--root` that is no folder is a usage error (exit 2), told plainly
/// before anything is looked for in it.
fn check_root(root: &Path, msg: Messages) -> Result<(), ExitCode> {
    let shown = root.display().to_string();
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => {
            tell(&msg.root_not_folder(&shown));
            Err(ExitCode::from(2))
        }
        Err(_) => {
            tell(&msg.root_missing(&shown));
            Err(ExitCode::from(2))
        }
    }
}

/// The language of the command line itself (help and usage errors),
/// decided before the arguments are parsed: the site's, where `--root`
/// (or the current folder) holds one; otherwise the system's, where it
/// names English; Chinese by default.
fn cli_language(args: &[OsString]) -> Lang {
    let mut root = PathBuf::from(".");
    let mut args = args.iter().skip(1);
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        if text == "--root" {
            if let Some(next) = args.next() {
                root = PathBuf::from(next);
            }
        } else if let Some(value) = text.strip_prefix("--root=") {
            root = PathBuf::from(value);
        }
    }
    content::site_language(&root).unwrap_or_else(system_language)
}

/// English only where the system's locale says so (`LANG=en_US.UTF-8`);
/// `C`, `POSIX`, none (Windows) or Chinese: Chinese.
fn system_language() -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .filter(|v| v.starts_with("en"))
        .map_or(Lang::ZhCn, |_| Lang::En)
}

/// The arguments, parsed with clap in the command line's language; help,
/// the version and usage errors (exit 2) are printed here.
fn parse_cli() -> Result<Cli, ExitCode> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = cli_language(&args);
    let cmd = match lang {
        Lang::ZhCn => cli_zh::localize(Cli::command()),
        Lang::En => Cli::command(),
    };
    let report = |e: clap::Error| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        _ => {
            match lang {
                Lang::ZhCn => tell(&cli_zh::explain(&e)),
                Lang::En => {
                    let _ = e.print();
                }
            }
            ExitCode::from(2)
        }
    };
    let matches = cmd.try_get_matches_from(args).map_err(report)?;
    Cli::from_arg_matches(&matches).map_err(report)
}

/// No transparent huge pages for this process: mimalloc asks for them,
/// and each first touch of a 2 MB page zeroes all of it. At L a day's
/// build then spent a fifth to a quarter of its samples in the kernel
/// zeroing pages it barely used; with 4 KB pages only what is touched is
/// zeroed (3.39 s median against 3.69 s, and 30 MB less: BENCHMARKS.md,
/// "allocator and page size").
fn small_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_SET_THP_DISABLE) takes integers only and changes
    // nothing but this process's page size policy.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// A city's load and render allocate and free millions of small strings
/// on every core: mimalloc's per-thread heaps take a core-second off a
/// day's build at L and 30 MiB off `serve`'s peak (BENCHMARKS.md,
/// "allocator and page size"). Not on Windows, where the system
/// allocator is kept.
#[cfg(unix)]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    small_pages();
    let cli = match parse_cli() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let root = cli.root.clone();
    let msg = site_messages(&root);
    if !matches!(cli.command, Command::Init { .. })
        && let Err(code) = check_root(&root, msg)
    {
        return code;
    }
    let today = |t: Option<String>| parse_date_option("--today", t, msg);
    match cli.command {
        Command::Build(args) => match today(args.today.clone()) {
            Ok(t) => cmd_build(&root, &args, t),
            Err(code) => code,
        },
        Command::Check {
            today: t,
            format,
            unit,
            only,
        } => {
            let filter = match check_filter(&root, unit, &only, msg) {
                Ok(filter) => filter,
                Err(code) => return code,
            };
            match today(t) {
                Ok(t) => cmd_check(&root, t, format, &filter),
                Err(code) => code,
            }
        }
        Command::Serve {
            port,
            bind,
            today: t,
            poll,
            open,
            edit,
        } => {
            let today = match today(t) {
                Ok(t) => t,
                Err(code) => return code,
            };
            let opts = pledgeboard::serve::ServeOptions {
                root,
                bind,
                port,
                today,
                poll,
                open,
                edit,
            };
            match pledgeboard::serve::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    tell(&msg.serve_failed(&e));
                    ExitCode::from(2)
                }
            }
        }
        Command::New { what } => cmd_new(&root, what, msg),
        Command::Init { dir, today: t } => match today(t) {
            Ok(t) => cmd_init(&dir, t.unwrap_or_else(build::today), msg),
            Err(code) => code,
        },
        Command::Import { what, pledges } => match what {
            Some(ImportCommand::Roster {
                file,
                unit,
                dry_run,
            }) => cmd_import_roster(&root, &file, &unit, dry_run, msg),
            Some(ImportCommand::Pledges(args)) => cmd_import_pledges(&root, args, msg),
            None => cmd_import_pledges(&root, pledges, msg),
        },
    }
}

/// The language of the site's messages, read before loading so even a
/// broken site is answered in its own language.
fn site_messages(root: &Path) -> Messages {
    Messages::new(content::site_language(root).unwrap_or_else(system_language))
}

fn print_diagnostics(root: &Path, diags: &[Diagnostic], msg: Messages) {
    use std::io::Write;
    // Buffered: stderr writes each piece of a line by itself, and `check`
    // on a city prints a hundred thousand warnings.
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for d in diags {
        let mut shown = d.clone();
        if root != Path::new(".") {
            shown.path = root.join(&d.path);
        }
        if !d.is_error() {
            shown.message = format!("{}{}", msg.warning_label(), d.message);
        }
        // Nothing sensible is left to do when stderr is gone.
        let _ = writeln!(err, "{shown}");
    }
    let _ = err.flush();
}

/// Prints lines on stderr in one buffered go, as `print_diagnostics`.
fn print_lines(lines: &[String]) {
    use std::io::Write;
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for line in lines {
        let _ = writeln!(err, "{line}");
    }
    let _ = err.flush();
}

/// `build`'s options, as given.
#[derive(clap::Args)]
struct BuildArgs {
    #[arg(long, default_value = "public")]
    out: PathBuf,
    /// Override base_url from site.yaml
    #[arg(long)]
    base_url: Option<String>,
    /// The date figures are computed for (YYYY-MM-DD; default: today)
    #[arg(long)]
    today: Option<String>,
    /// Also publish pledges that are not approved yet
    #[arg(long)]
    drafts: bool,
    /// Replace --out even when it is a non-empty folder that no earlier
    /// build wrote (its files are deleted), and make every file anew
    /// instead of updating an earlier build in place; never the site or
    /// its inputs
    #[arg(long)]
    force: bool,
    /// Also write the finished site as one zip archive (for uploading)
    #[arg(long, value_name = "FILE")]
    zip: Option<PathBuf>,
    /// Write links relative to each page, so the copy also works opened
    /// from a folder or a USB stick (file://) or under any folder
    #[arg(long)]
    relative: bool,
    /// Write the list of files added, changed and removed against the
    /// previous build to FILE (for syncing only what changed)
    #[arg(long, value_name = "FILE")]
    changes: Option<PathBuf>,
}

fn cmd_build(root: &Path, args: &BuildArgs, today: Option<Date>) -> ExitCode {
    let msg = site_messages(root);
    let started = Instant::now();
    // Usage errors first (exit 2), before a city takes a minute to load:
    // the same rule as base_url in site.yaml, and the output folder's.
    let base_url = match &args.base_url {
        None => None,
        Some(url) => match content::normalize_base_url(url) {
            Some(url) => Some(url),
            None => {
                tell(&msg.bad_base_url_option(url));
                return ExitCode::from(2);
            }
        },
    };
    let given = if args.out.is_absolute() {
        args.out.clone()
    } else {
        root.join(&args.out)
    };
    let out = match outdir::choose(root, &given, args.force) {
        Ok(out) => out,
        Err(refused) => {
            let resolved = refused.resolved.as_ref().map(|p| p.display().to_string());
            let given = args.out.display().to_string();
            tell(&msg.out_refused(&given, resolved.as_deref(), &refused.why));
            return ExitCode::from(2);
        }
    };
    let zip = match &args.zip {
        None => None,
        Some(file) => match archive::choose(root, out.path(), file) {
            Ok(path) => Some(path),
            Err(e) => {
                tell(&msg.zip_refused(&file.display().to_string(), &e));
                return ExitCode::from(2);
            }
        },
    };
    let changes = match &args.changes {
        None => None,
        Some(file) => {
            match archive::choose_side_file(root, out.path(), file, pledgeboard::changes::is_ours) {
                Ok(path) => Some(path),
                Err(e) => {
                    tell(&msg.changes_refused(&file.display().to_string(), &e));
                    return ExitCode::from(2);
                }
            }
        }
    };
    let load = LoadOptions {
        drafts: args.drafts,
        base_url,
        cache: true,
        cache_read_only: false,
    };
    let render = RenderOptions {
        today: today.unwrap_or_else(build::today),
        live_reload: false,
        relative: args.relative,
    };
    let counter = Arc::new(Counter::default());
    let display = Display::start(
        Arc::clone(&counter),
        msg.progress_loading(),
        msg.progress_pages(),
    );
    // Nothing read, derived or written when every input and option is
    // what the last build into this output read, and the output is as
    // that build left it (README, Design, "Up to date").
    pledgeboard::progress::phase("start");
    let mut loader = content::Loader::new(root, load.clone());
    let stamp = (!args.force)
        .then(|| loader.input_stamp())
        .flatten()
        .map(|s| build::input_stamp(s, &render));
    if let Some(stamp) = stamp
        && let Some(record) = content::cache::read_record(root, out.path())
        && record.stamp == stamp
        && pledgeboard::output::still_holds(out.path(), record.manifest)
    {
        let [units, sheets, notes, files] = record.counts;
        let ms = started.elapsed().as_millis();
        display.println(msg.loaded(units as usize, sheets as usize, notes as usize, ms));
        drop(display);
        print_diagnostics(root, &record.warnings, msg);
        let shown = given.display().to_string();
        tell(&msg.up_to_date(files, &shown, started.elapsed().as_millis()));
        let list = pledgeboard::changes::Changes::default();
        return finish_build(
            out.path(),
            changes.as_deref(),
            Some(&list),
            zip.as_deref(),
            msg,
        );
    }
    pledgeboard::progress::phase("stamp taken");
    content::cache::forget_record(root, out.path());
    let loaded = loader.load(None);
    pledgeboard::progress::phase("loaded");
    drop(loader);
    let (site, warnings) = match loaded {
        Ok(x) => x,
        Err(diags) => {
            drop(display);
            return fail(root, &diags, msg);
        }
    };
    let (sheets, notes) = site.sheet_and_note_counts();
    let units = site.units.len();
    display.println(msg.loaded(units, sheets, notes, started.elapsed().as_millis()));
    let publish = build::Publish {
        changes: changes.is_some(),
        fresh: args.force,
    };
    let built = build::build_counting(&site, &render, &out, &counter, publish);
    pledgeboard::progress::phase("built");
    // The process ends soon: freeing a city's model piece by piece takes
    // seconds, and the system takes the memory back at once.
    std::mem::forget(site);
    drop(display);
    let shown = given.display().to_string();
    let built = match built {
        Ok(built) => built,
        Err(build::BuildError::Content(diags)) => return fail(root, &diags, msg),
        Err(build::BuildError::Io(e)) => {
            tell(&msg.write_failed(&e.to_string()));
            return ExitCode::from(1);
        }
        Err(build::BuildError::Unfinished(e)) => {
            tell(&msg.write_unfinished(&e.to_string(), &shown));
            return ExitCode::from(1);
        }
        Err(build::BuildError::Stranded { error, previous }) => {
            let previous = previous.display().to_string();
            tell(&msg.stranded(&error.to_string(), &previous, &shown));
            return ExitCode::from(1);
        }
    };
    print_diagnostics(root, &warnings, msg);
    tell(&msg.built(built.files, &shown, started.elapsed().as_millis()));
    // The new site is in place: a copy of the old one left over is worth
    // a line, not a failure.
    if let Some((path, e)) = &built.leftover {
        let line = msg.old_copy_left(&path.display().to_string(), &e.to_string());
        tell(&format!("{}{line}", msg.warning_label()));
    }
    if let Some(stamp) = stamp
        && let Some(manifest) = pledgeboard::output::manifest_digest(out.path())
    {
        let record = content::cache::BuildRecord {
            stamp,
            manifest,
            counts: [units, sheets, notes, built.files].map(|n| n as u64),
            warnings,
        };
        content::cache::write_record(root, out.path(), &record);
    }
    finish_build(
        out.path(),
        changes.as_deref(),
        built.changes.as_ref(),
        zip.as_deref(),
        msg,
    )
}

/// What `build` does once the site is in place: the list of changes and
/// the zip, each when asked for.
fn finish_build(
    out: &Path,
    changes: Option<&Path>,
    list: Option<&pledgeboard::changes::Changes>,
    zip: Option<&Path>,
    msg: Messages,
) -> ExitCode {
    if let (Some(file), Some(list)) = (changes, list) {
        let shown = file.display().to_string();
        match pledgeboard::changes::write(file, list) {
            Ok(()) => tell(&msg.changes_written(list.counts(), &shown)),
            Err(e) => {
                let e = archive::ArchiveError::Io(e);
                tell(&msg.changes_refused(&shown, &e));
                return ExitCode::from(1);
            }
        }
    }
    if let Some(file) = zip {
        let shown = file.display().to_string();
        match archive::write_zip(out, file) {
            Ok(count) => tell(&msg.zipped(count, &shown)),
            Err(e) => {
                tell(&msg.zip_refused(&shown, &e));
                return ExitCode::from(1);
            }
        }
    }
    ExitCode::SUCCESS
}

fn fail(root: &Path, diags: &[Diagnostic], msg: Messages) -> ExitCode {
    print_diagnostics(root, diags, msg);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    tell(&msg.summary_errors(errors, diags.len() - errors));
    ExitCode::from(1)
}

/// `check --unit` and `--only`, checked before the site is loaded: an
/// unknown unit or value is a usage error (exit 2) with a suggestion.
fn check_filter(
    root: &Path,
    unit: Option<String>,
    only: &[String],
    msg: Messages,
) -> Result<report::Filter, ExitCode> {
    let only = report::parse_only(only, msg).map_err(|e| {
        tell(&e);
        ExitCode::from(2)
    })?;
    let unit = match unit {
        None => None,
        Some(arg) => {
            let path = pledgeboard::editor::segments(&arg).join("/");
            match pledgeboard::editor::find_unit(root, &path, msg) {
                Ok(found) => Some(found.path),
                Err(e) => {
                    tell(&e.message);
                    return Err(ExitCode::from(2));
                }
            }
        }
    };
    Ok(report::Filter { unit, only })
}

fn cmd_check(
    root: &Path,
    today: Option<Date>,
    format: Format,
    filter: &report::Filter,
) -> ExitCode {
    let msg = site_messages(root);
    let today = today.unwrap_or_else(build::today);
    let load = LoadOptions {
        cache: true,
        cache_read_only: true,
        ..LoadOptions::default()
    };
    let render = RenderOptions {
        today,
        live_reload: false,
        relative: false,
    };
    // Pages are rendered too, so template errors are caught, and then
    // dropped: nothing is written or kept. Rendering and the advice run
    // side by side.
    let mut loader = content::Loader::new(root, load);
    let mut diags = match loader.load(None) {
        Ok((site, warnings)) => {
            // Derived once for both: the advice needs the site year's.
            let facts = build::derive_all(&site, today, None);
            let year = site.site_year().unwrap_or_else(|| today.year());
            let (rendered, advice) = rayon::join(
                || build::check_render(&site, &facts, &render),
                || match facts.get(&year) {
                    Some(facts) => advice::advise(&site, facts, msg),
                    None => advice::advise(&site, &derive::derive_year(&site, year, today), msg),
                },
            );
            // As in `build`: the process ends soon, and the system frees
            // the model faster than dropping it would.
            std::mem::forget((site, facts));
            // Advice only once the site is sound, and only here: build
            // and serve stay quiet about it.
            match rendered {
                Ok(()) => warnings.into_iter().chain(advice).collect(),
                Err(errors) => errors.into_iter().chain(warnings).collect(),
            }
        }
        Err(diags) => diags,
    };
    let files = loader.files_read();
    std::mem::forget(loader);
    diag::normalize(&mut diags);
    let all_errors = diags.iter().filter(|d| d.is_error()).count();
    let all_warnings = diags.len() - all_errors;
    diags.retain(|d| filter.keeps(d));
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let (hidden_errors, hidden_warnings) = (all_errors - errors, all_warnings - warnings);
    match format {
        Format::Json => {
            let mut report = serde_json::json!({
                "errors": errors,
                "warnings": warnings,
                "files": files,
                "diagnostics": diags,
            });
            if filter.is_set() {
                report["hidden_errors"] = hidden_errors.into();
                report["hidden_warnings"] = hidden_warnings.into();
            }
            say(&serde_json::to_string_pretty(&report).unwrap_or_default());
        }
        Format::Text => {
            print_lines(&report::text_lines(root, &diags, msg));
            if filter.is_set() {
                let only: Vec<String> = filter.only.iter().map(|o| o.label(msg)).collect();
                tell(&msg.check_scope(
                    filter.unit.as_deref(),
                    &only,
                    hidden_errors,
                    hidden_warnings,
                ));
            }
            if errors > 0 {
                tell(&msg.check_failed(errors, warnings, files));
            } else {
                tell(&msg.check_passed(warnings, files));
            }
        }
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints an editors' command's failure and returns its exit status.
fn edit_failed(root: &Path, e: &EditError, msg: Messages) -> ExitCode {
    print_diagnostics(root, &e.diags, msg);
    tell(&e.message);
    ExitCode::from(e.exit_code())
}

fn cmd_new(root: &Path, what: NewCommand, msg: Messages) -> ExitCode {
    let result = match what {
        NewCommand::Unit { path, kind, name } => new::unit(root, &path, &kind, &name, msg)
            .map(|p| (p, msg.next_steps_unit(path.trim_matches('/')))),
        NewCommand::Pledge { target, name } => {
            new::pledge(root, &target, name.as_deref(), msg).map(|p| (p, msg.next_steps_pledge()))
        }
        NewCommand::Note {
            target,
            item,
            progress,
            status,
            deadline,
            title,
            today,
        } => {
            let today = match parse_date_option("--today", today, msg) {
                Ok(t) => t.unwrap_or_else(build::today),
                Err(code) => return code,
            };
            let deadline = match parse_date_option("--deadline", deadline, msg) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let req = new::NoteRequest {
                target: &target,
                items: &item,
                progress,
                status: status.as_deref(),
                deadline,
                title: title.as_deref(),
                today,
            };
            new::note(root, &req, msg).map(|p| (p, msg.next_steps_note()))
        }
    };
    match result {
        Ok((path, next)) => {
            let shown = if root == Path::new(".") {
                path
            } else {
                root.join(path)
            };
            say(&msg.created(&shown.display().to_string()));
            tell(&next);
            ExitCode::SUCCESS
        }
        Err(e) => edit_failed(root, &e, msg),
    }
}

fn cmd_init(dir: &Path, today: Date, msg: Messages) -> ExitCode {
    match init::init(dir, today, msg) {
        Ok(files) => {
            for f in &files {
                say(&msg.created(&dir.join(f).display().to_string()));
            }
            tell(&msg.init_done(&dir.display().to_string(), files.len()));
            ExitCode::SUCCESS
        }
        Err(e) => edit_failed(Path::new("."), &e, msg),
    }
}

fn cmd_import_pledges(root: &Path, args: PledgeImportArgs, msg: Messages) -> ExitCode {
    let approved = match (args.approved_by, args.approved_date) {
        (None, None) => None,
        (Some(by), Some(d)) => match parse_date_option("--approved-date", Some(d), msg) {
            Ok(Some(d)) => Some((by, d)),
            Ok(None) => None,
            Err(code) => return code,
        },
        _ => {
            eprintln!("{}", msg.approval_pair());
            return ExitCode::from(2);
        }
    };
    let file = args.file.unwrap_or_default();
    let opts = ImportOptions {
        file: &file,
        unit: &args.unit,
        year: args.year.unwrap_or_else(|| build::today().year()),
        maps: &args.map,
        dry_run: args.dry_run,
        approved,
        add_to_roster: args.add_to_roster,
    };
    cmd_import(root, &opts, msg)
}

fn cmd_import_roster(
    root: &Path,
    file: &Path,
    unit: &str,
    dry_run: bool,
    msg: Messages,
) -> ExitCode {
    let opts = RosterOptions {
        file,
        unit,
        dry_run,
    };
    match roster_import::import_roster(root, &opts, msg) {
        Ok(report) => {
            for line in report.lines(&file.display().to_string(), msg) {
                println!("{line}");
            }
            if report.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => edit_failed(root, &e, msg),
    }
}

fn cmd_import(root: &Path, opts: &ImportOptions, msg: Messages) -> ExitCode {
    match import::import(root, opts, msg) {
        Ok(report) => {
            let file = opts.file.display().to_string();
            for line in report.lines(&file, msg) {
                say(&line);
            }
            if report.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => edit_failed(root, &e, msg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and option of the command line has its Chinese text:
    /// a new option without one fails here, not in front of an editor.
    #[test]
    fn every_command_and_option_has_a_chinese_text() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            if pledgeboard::i18n::cli_zh(path).is_none() {
                missing.push(format!("command `{path}`"));
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                let key = if path.is_empty() || id == "root" {
                    id.to_string()
                } else {
                    format!("{path}.{id}")
                };
                if pledgeboard::i18n::cli_zh(&key).is_none() {
                    missing.push(format!("option `{key}`"));
                }
            }
            for sub in cmd.get_subcommands() {
                let name = sub.get_name();
                let sub_path = if path.is_empty() {
                    name.to_string()
                } else {
                    format!("{path}.{name}")
                };
                walk(sub, &sub_path, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(
            missing.is_empty(),
            "no Chinese text in i18n::cli_zh for {missing:?}"
        );
        // The Chinese command line is a valid clap command (clap checks
        // its own rules on build).
        cli_zh::localize(Cli::command()).debug_assert();
    }
}

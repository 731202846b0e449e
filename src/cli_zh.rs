//! The command line in Chinese: clap's help pages, usage lines and usage
//! errors, rebuilt from the texts in `i18n::CLI_ZH` (one per command and
//! option; a test fails when one is missing), so an editor whose site is
//! Chinese never meets clap's English.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use pledgeboard::i18n::cli_zh;

/// `cmd` with every text in Chinese. `path` names the command as the
/// table does: "" for the program, "build", "new.note" …
pub fn localize(cmd: Command) -> Command {
    localize_at(cmd, "", "pledgeboard")
}

fn localize_at(mut cmd: Command, path: &str, shown: &str) -> Command {
    if let Some(about) = cli_zh(path) {
        cmd = cmd.about(about.help).long_about(None);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().as_str().to_string())
        .collect();
    for id in ids {
        let key = arg_key(path, &id);
        cmd = cmd.mut_arg(&id, |a| match cli_zh(&key) {
            // Defaults and choices are in the Chinese text itself.
            Some(text) if a.get_action().takes_values() => {
                let a = a
                    .help(text.help)
                    .hide_default_value(true)
                    .hide_possible_values(true);
                match text.value {
                    Some(v) => a.value_name(v),
                    None => a,
                }
            }
            Some(text) => a.help(text.help),
            None => a,
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in &subs {
        let sub_path = if path.is_empty() {
            sub.clone()
        } else {
            format!("{path}.{sub}")
        };
        let sub_shown = format!("{shown} {sub}");
        cmd = cmd.mut_subcommand(sub, |s| localize_at(s, &sub_path, &sub_shown));
    }
    cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示本帮助"),
        );
    if path.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本号"),
        );
    }
    let usage = usage_line(&cmd, shown);
    let template = template(&cmd);
    cmd.override_usage(usage).help_template(template)
}

/// The table's key of option `id` of the command at `path`; `root` is
/// one option for all commands (it is global).
fn arg_key(path: &str, id: &str) -> String {
    if path.is_empty() || id == "root" {
        id.to_string()
    } else {
        format!("{path}.{id}")
    }
}

/// "pledgeboard build [选项]", "pledgeboard init [选项] <文件夹>" …
fn usage_line(cmd: &Command, shown: &str) -> String {
    let mut line = shown.to_string();
    if cmd.get_opts().next().is_some() || cmd.get_arguments().any(|a| a.get_long().is_some()) {
        line.push_str(" [选项]");
    }
    for p in cmd.get_positionals() {
        let name = p
            .get_value_names()
            .and_then(|v| v.first())
            .map(|v| v.to_string())
            .unwrap_or_else(|| p.get_id().to_string());
        line.push_str(&format!(" <{name}>"));
    }
    if cmd.has_subcommands() {
        line.push_str(" <命令>");
    }
    line
}

fn template(cmd: &Command) -> String {
    let mut t = String::from("{about-with-newline}\n用法：{usage}\n");
    if cmd.has_subcommands() {
        t.push_str("\n命令：\n{subcommands}\n");
    }
    if cmd.get_positionals().next().is_some() {
        t.push_str("\n参数：\n{positionals}\n");
    }
    t.push_str("\n选项：\n{options}\n");
    if cmd.has_subcommands() {
        t.push_str("\n每个命令的说明：pledgeboard <命令> --help\n");
    }
    t
}

/// A usage error in plain Chinese: what is wrong, the usage line of the
/// command, and where to read more. (Help and version pass through.)
pub fn explain(err: &clap::Error) -> String {
    let get = |kind| err.get(kind).map(value_text).unwrap_or_default();
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let what = match err.kind() {
        ErrorKind::UnknownArgument => {
            let mut s = format!("不认识的选项“{arg}”");
            if let Some(suggested) = err.get(ContextKind::SuggestedArg) {
                s.push_str(&format!("：是不是“{}”？", value_text(suggested)));
            } else {
                s.push('。');
            }
            s
        }
        ErrorKind::InvalidSubcommand => {
            let sub = get(ContextKind::InvalidSubcommand);
            let mut s = format!("没有“{sub}”这个命令");
            if let Some(suggested) = err.get(ContextKind::SuggestedSubcommand) {
                s.push_str(&format!("：是不是“{}”？", value_text(suggested)));
            } else {
                s.push_str("。可用的命令：build、check、serve、init、new、import");
            }
            s
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必须写的 {arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "请写明要做什么：build（生成网站）、check（检查）、serve（预览）、init（新建站点）、new（新建文件）或 import（导入表格）".to_string()
        }
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            if value.is_empty() {
                format!("{arg} 后面要写一个值")
            } else if valid.is_empty() {
                format!("{arg} 的值“{value}”无效")
            } else {
                format!("{arg} 的值“{value}”无效，只能是：{valid}")
            }
        }
        ErrorKind::ValueValidation => {
            format!("{arg} 的值“{value}”无效：应当是一个整数（端口 1–65535，年份如 2026）")
        }
        ErrorKind::ArgumentConflict => {
            let other = get(ContextKind::PriorArg);
            format!("{arg} 不能和 {other} 一起用")
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("{arg} 的值个数不对")
        }
        ErrorKind::NoEquals => format!("{arg} 要写成 {arg}=值"),
        _ => "命令写得不对".to_string(),
    };
    let usage = err
        .get(ContextKind::Usage)
        .map(value_text)
        .map(|u| u.trim_start_matches("Usage: ").trim().to_string())
        .unwrap_or_else(|| "pledgeboard <命令> [选项]".to_string());
    format!("错误：{what}\n\n用法：{usage}\n\n更多说明请运行：pledgeboard --help")
}

fn value_text(v: &ContextValue) -> String {
    match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join("、"),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(list) => list
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("、"),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

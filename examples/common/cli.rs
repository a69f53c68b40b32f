//! What every example program does with its command line: `--help`, `--version`, and
//! the value of an option, with the programs' own error messages.
//!
//! Included with `#[path = "common/cli.rs"] mod cli;`, so that a program that reads no
//! labelled files need not build `common/mod.rs`.
#![allow(dead_code)]

/// Makes a closed standard output (`evaluate … | head`) end the program quietly with
/// exit status 141, as a shell reports a broken pipe, instead of the panic that
/// `println!` raises when the reader has gone. Every other panic is reported as usual.
pub fn exit_quietly_on_closed_output() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to std") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        report(info);
    }));
}

/// Prints the program's help (what it does, each option, an example command) on
/// stdout and exits with status 0.
pub fn help(text: &str) -> ! {
    print!("{text}");
    std::process::exit(0)
}

/// Prints `PROGRAM VERSION` (the crate's version) on stdout and exits with status 0.
pub fn version(program: &str) -> ! {
    println!("{program} {}", env!("CARGO_PKG_VERSION"));
    std::process::exit(0)
}

/// The value of option `name` that `parser` has just returned: `"NAME needs a value"`
/// when there is none, as the programs have always said.
pub fn value(parser: &mut lexopt::Parser, name: &str) -> Result<String, String> {
    let value = parser
        .value()
        .map_err(|_| format!("{name} needs a value"))?;
    value
        .into_string()
        .map_err(|v| format!("{name}: not UTF-8: {v:?}"))
}

/// A positional argument as a string.
pub fn string(value: std::ffi::OsString) -> Result<String, String> {
    value
        .into_string()
        .map_err(|v| format!("argument not UTF-8: {v:?}"))
}

/// An option as it was written (`--name` or `-n`), for error messages.
pub fn written(arg: &lexopt::Arg) -> String {
    match arg {
        lexopt::Arg::Long(name) => format!("--{name}"),
        lexopt::Arg::Short(c) => format!("-{c}"),
        lexopt::Arg::Value(v) => v.to_string_lossy().into_owned(),
    }
}

/// For the programs whose arguments `common::parse_sources` reads (their `--input FILE
/// [options]` groups mean something only in order): `-h`/`--help` or `-V`/`--version`
/// anywhere on the command line prints the help or the version and exits.
/// The help is `parts` printed one after the other (the program's own text and the
/// per-input options of `common/mod.rs`).
pub fn help_or_version(args: &[String], program: &str, parts: &[&str]) {
    for arg in args {
        match arg.as_str() {
            "-h" | "--help" => help(&parts.concat()),
            "-V" | "--version" => version(program),
            _ => {}
        }
    }
}

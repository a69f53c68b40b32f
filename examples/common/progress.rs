//! A progress line on stderr for the programs that read long inputs (`classify`,
//! `report`, `conversation`): lines done, rate and elapsed time, redrawn in place.
//!
//! Shown only when stderr is a terminal, the `CI` environment variable is not set and
//! `--quiet` was not given, and only once [`SHOW_AFTER`] lines are done, so a short
//! input, a pipe, a log file or a CI job never see it. Redrawn at most every
//! [`REFRESH`]; [`Progress::clear`] wipes it before anything else goes to stderr.
//!
//! Included with `#[path = "common/progress.rs"] mod progress;`.
#![allow(dead_code)]

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Lines done before the progress line first appears.
pub const SHOW_AFTER: usize = 5_000;
/// Least time between two redraws.
pub const REFRESH: Duration = Duration::from_millis(200);

pub struct Progress {
    program: &'static str,
    unit: &'static str,
    enabled: bool,
    start: Instant,
    last_draw: Option<Instant>,
    /// Characters of the line on screen (0: none).
    shown: usize,
}

impl Progress {
    /// A progress line for `program` counting `unit`s (e.g. "lines"); off when `quiet`,
    /// when `CI` is set or when stderr is not a terminal.
    pub fn new(program: &'static str, unit: &'static str, quiet: bool) -> Self {
        let enabled = !quiet && std::env::var_os("CI").is_none() && std::io::stderr().is_terminal();
        Self {
            program,
            unit,
            enabled,
            start: Instant::now(),
            last_draw: None,
            shown: 0,
        }
    }

    /// `done` units are done: redraws the line if it is due.
    pub fn update(&mut self, done: usize) {
        if !self.enabled || done < SHOW_AFTER {
            return;
        }
        let now = Instant::now();
        if self
            .last_draw
            .is_some_and(|last| now.duration_since(last) < REFRESH)
        {
            return;
        }
        self.last_draw = Some(now);
        let elapsed = now.duration_since(self.start);
        let rate = done as f64 / elapsed.as_secs_f64().max(1e-3);
        let line = format!(
            "{}: {} {} done, {} {}/s, {} elapsed",
            self.program,
            thousands(done as u64),
            self.unit,
            thousands(rate as u64),
            self.unit,
            clock(elapsed),
        );
        let width = line.chars().count();
        // Spaces over what is left of a longer previous line.
        let pad = self.shown.saturating_sub(width);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{line}{:pad$}", "");
        let _ = err.flush();
        self.shown = width;
    }

    /// Wipes the line, if one is shown (before a message or the final summary).
    pub fn clear(&mut self) {
        if self.shown > 0 {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{:width$}\r", "", width = self.shown);
            let _ = err.flush();
            self.shown = 0;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}

/// `1234567` → `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `4.2s`, `3m05s`, `1h02m`.
fn clock(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{:.1}s", d.as_secs_f64()),
        60..3600 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, s / 60 % 60),
    }
}

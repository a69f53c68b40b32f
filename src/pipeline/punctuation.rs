//! The punctuation signals of a message: runs of `!` and `?`, ellipses, tildes and
//! repeated characters, which raise or soften its intensity.

use crate::pipeline::lexicon::is_han;

/// Punctuation signals of a message.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Punctuation {
    /// Number of `!`.
    pub exclamations: u32,
    /// Longest run of `!`.
    pub longest_exclamation_run: u32,
    /// Number of `?`.
    pub questions: u32,
    /// Longest run of `?`.
    pub longest_question_run: u32,
    /// Number of ellipses (`…`, `...`, `。。`).
    pub ellipses: u32,
    /// Number of `~` (a softener in chat).
    pub tildes: u32,
    /// Longest run of one repeated Han character (太太太, 啊啊啊).
    pub longest_char_repeat: u32,
}

/// The punctuation signals of the normalised text `s`.
pub(crate) fn punctuation(s: &str) -> Punctuation {
    let mut p = Punctuation::default();
    let mut prev: Option<char> = None;
    let mut run = 0u32;
    for c in s.chars() {
        run = if Some(c) == prev { run + 1 } else { 1 };
        match c {
            '!' => {
                p.exclamations += 1;
                p.longest_exclamation_run = p.longest_exclamation_run.max(run);
            }
            '?' => {
                p.questions += 1;
                p.longest_question_run = p.longest_question_run.max(run);
            }
            '…' if prev != Some('…') => p.ellipses += 1,
            '.' | '。' if run == 3 => p.ellipses += 1,
            '~' | '～' => p.tildes += 1,
            // (Only a run longer than the longest so far needs the Han test.)
            c if run > p.longest_char_repeat && is_han(c) => p.longest_char_repeat = run,
            _ => {}
        }
        prev = Some(c);
    }
    p
}

//! Finding the cues: every plain pattern in one Aho-Corasick pass, and the counts
//! (第三次, 打了5次) with their numbers in Arabic or Chinese numerals.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::rules::Pattern;
use super::MIN_REPEATED_CONTACTS;

/// A 128-bit summary of the characters of a text: a word can occur in a text only
/// when every bit of the word's mask is set in the text's, so that a search over many
/// context words skips most of them without scanning the text for each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct CharMask(u128);

impl CharMask {
    pub(super) fn of(s: &str) -> Self {
        Self(s.chars().fold(0, |mask, c| mask | Self::bit(c)))
    }

    /// False when `word` (with mask `of(word)`) cannot occur in the text of `self`.
    pub(super) fn may_hold(self, word: CharMask) -> bool {
        self.0 & word.0 == word.0
    }

    fn bit(c: char) -> u128 {
        1 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 25)
    }
}

/// Context words with their [`CharMask`]s, each with a tag (`()`, or the kind of
/// escalation a word applies to).
#[derive(Debug, Clone)]
pub(super) struct MaskedWords<T = ()>(Vec<(T, String, CharMask)>);

impl<T> Default for MaskedWords<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T> MaskedWords<T> {
    pub(super) fn push_tagged(&mut self, tag: T, word: String) {
        let mask = CharMask::of(&word);
        self.0.push((tag, word, mask));
    }

    /// The words (with their tags) that may occur in a text whose mask is `text`, in
    /// file order.
    pub(super) fn tagged_in(&self, text: CharMask) -> impl Iterator<Item = (&T, &str)> {
        self.0
            .iter()
            .filter(move |(_, _, mask)| text.may_hold(*mask))
            .map(|(tag, word, _)| (tag, word.as_str()))
    }

    /// True when some word whose tag `keep` accepts occurs in `text`.
    pub(super) fn any_in_where(&self, text: &str, keep: impl Fn(&T) -> bool) -> bool {
        self.tagged_in(CharMask::of(text))
            .any(|(tag, word)| keep(tag) && text.contains(word))
    }
}

impl MaskedWords {
    pub(super) fn push(&mut self, word: String) {
        self.push_tagged((), word);
    }

    /// The words that may occur in a text whose mask is `text`, in file order.
    pub(super) fn possibly_in(&self, text: CharMask) -> impl Iterator<Item = &str> {
        self.tagged_in(text).map(|(_, word)| word)
    }

    /// True when some word occurs in `text`.
    pub(super) fn any_in(&self, text: &str) -> bool {
        self.any_in_where(text, |_| true)
    }
}

/// All plain pattern texts in one Aho-Corasick automaton, so that a message is
/// scanned once for all of them.
#[derive(Debug, Clone, Default)]
pub(super) struct CueMatcher {
    /// Over the distinct texts; `None` when there are no plain patterns.
    automaton: Option<AhoCorasick>,
    /// For each distinct text (automaton pattern id), the patterns with that text.
    patterns: Vec<Vec<usize>>,
}

impl CueMatcher {
    pub(super) fn new(patterns: &[Pattern]) -> Self {
        let mut texts: Vec<&str> = Vec::new();
        let mut by_text: Vec<Vec<usize>> = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            if p.number.is_some() {
                continue;
            }
            match texts.iter().position(|t| *t == p.text) {
                Some(j) => by_text[j].push(i),
                None => {
                    texts.push(&p.text);
                    by_text.push(vec![i]);
                }
            }
        }
        // A DFA: a few hundred short patterns make a small one, and it is the
        // fastest kind to search.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(&texts)
            .or_else(|_| AhoCorasick::new(&texts))
            .ok()
            .filter(|_| !texts.is_empty());
        Self {
            automaton,
            patterns: by_text,
        }
    }

    /// Calls `found(pattern index, span)` for every match of every plain pattern in
    /// `s`, with the matches of each text those of `str::match_indices`: left to right,
    /// not overlapping one another (occurrences of different texts may overlap).
    pub(super) fn for_each_match(&self, s: &str, mut found: impl FnMut(usize, Range<usize>)) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        // (text, end of its last match kept) for the texts seen so far (few per
        // message): an occurrence that overlaps that match is one `match_indices` skips.
        let mut last_end: Vec<(usize, usize)> = Vec::new();
        for m in automaton.find_overlapping_iter(s) {
            let text = m.pattern().as_usize();
            match last_end.iter_mut().find(|(t, _)| *t == text) {
                Some((_, end)) if m.start() < *end => continue,
                Some((_, end)) => *end = m.end(),
                None => last_end.push((text, m.end())),
            }
            for &pattern in &self.patterns[text] {
                found(pattern, m.start()..m.end());
            }
        }
    }
}

/// A number in the text: its byte span and value.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Number {
    pub(super) span: Range<usize>,
    pub(super) value: u32,
}

pub(super) fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        // "A few" (几次, 好几次) and "the nth" (第n次) count as three.
        '几' | 'n' => 3,
        _ => return None,
    })
}

pub(super) fn chinese_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

/// Finds the numbers of `s`: runs of ASCII digits, or of Chinese numerals (三, 十五,
/// 二十多, 好几, 十几), with their values. An `n` counts only alone (第n次), not in words.
pub(super) fn find_numbers(s: &str) -> Vec<Number> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut at = 0;
    while let Some(c) = s[at..].chars().next() {
        if c.is_ascii_digit() {
            let len = bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let value = bytes[at..at + len].iter().fold(0u32, |v, b| {
                v.saturating_mul(10).saturating_add(u32::from(b - b'0'))
            });
            out.push(Number {
                span: at..at + len,
                value,
            });
            at += len;
            continue;
        }
        let starts_number = if c == 'n' {
            let prev_alpha = s[..at]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_alphabetic());
            let next_alpha = s[at + 1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_alphabetic());
            !prev_alpha && !next_alpha
        } else {
            chinese_digit(c).is_some() || chinese_unit(c).is_some()
        };
        if !starts_number {
            at += c.len_utf8();
            continue;
        }
        // The number runs to just before the first character that is not part of it.
        let mut end = at;
        let (mut total, mut current) = (0u32, 0u32);
        for (offset, c) in s[at..].char_indices() {
            if c == 'n' && offset > 0 {
                break;
            }
            if let Some(d) = chinese_digit(c) {
                current = d;
            } else if let Some(u) = chinese_unit(c) {
                total = total.saturating_add(current.max(1).saturating_mul(u));
                current = 0;
            } else if c == '多' && offset > 0 {
                // 十多, 二十多: "more than"; the value is the lower bound.
            } else {
                break;
            }
            end = at + offset + c.len_utf8();
        }
        total = total.saturating_add(current);
        // 好几 is one number with 几.
        let begin = if c == '几' && s[..at].ends_with('好') {
            at - '好'.len_utf8()
        } else {
            at
        };
        out.push(Number {
            span: begin..end,
            value: total,
        });
        at = end.max(at + c.len_utf8());
    }
    out
}

/// The spans where a count pattern (`before`#`after`, as in 第#次) matches `s`: a
/// number of at least [`MIN_REPEATED_CONTACTS`] between the two parts.
pub(super) fn count_matches<'a>(
    s: &'a str,
    (before, after): &'a (String, String),
    numbers: &'a [Number],
) -> impl Iterator<Item = Range<usize>> + 'a {
    numbers
        .iter()
        .filter(|n| n.value >= MIN_REPEATED_CONTACTS)
        .filter(|n| s[..n.span.start].ends_with(before.as_str()))
        .filter(|n| s[n.span.end..].starts_with(after.as_str()))
        .map(|n| n.span.start - before.len()..n.span.end + after.len())
}

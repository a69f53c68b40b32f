//! Applying the rules to one message: the cues found, then the context around each
//! match that arms or blocks it (the order of the module docs).

use std::ops::Range;

use super::matcher::{count_matches, find_numbers, CharMask};
use super::rules::{EscalationRules, Pattern, Role};
use super::{BLOCK_BEFORE_CHARS, MAX_CONTEXT_CHARS, MAX_MATCHES};
use crate::pipeline::normalize::{normalize, NormalizedText};
use crate::types::emotion::{Emotion, Polarity};
use crate::types::escalation::{Escalation, EscalationKind, EscalationReason};

impl EscalationRules {
    /// Assesses `text` on its own, without the classifier. `emotion`, when given, is
    /// the message's label (it gates positive messages and repeated contacts, see the
    /// module docs); `token` cues count where no Han character touches them.
    /// [`crate::Classifier`] calls the full version, with its segmentation.
    pub fn assess(&self, text: &str, emotion: Option<Emotion>) -> Escalation {
        let normalized = normalize(text);
        self.assess_normalized(text, &normalized, None, emotion)
    }

    /// The full assessment: `text` is the input, `normalized` its normalisation,
    /// `words` (when known) the normalised spans of the lexicon words the analysis
    /// found, used to confirm `token` cues.
    pub(crate) fn assess_normalized(
        &self,
        text: &str,
        normalized: &NormalizedText,
        words: Option<&[Range<usize>]>,
        emotion: Option<Emotion>,
    ) -> Escalation {
        if emotion.is_some_and(|e| e.polarity() == Polarity::Positive) {
            return Escalation::none();
        }
        let s = normalized.as_str();
        // (pattern index, span): the plain patterns in one pass, then the counts.
        let mut candidates: Vec<(usize, Range<usize>)> = Vec::new();
        self.cues
            .for_each_match(s, |pattern, span| candidates.push((pattern, span)));
        if self.patterns.iter().any(|p| p.number.is_some()) {
            let numbers = find_numbers(s);
            for (i, pattern) in self.patterns.iter().enumerate() {
                if let Some(number) = &pattern.number {
                    candidates.extend(count_matches(s, number, &numbers).map(|span| (i, span)));
                }
            }
        }
        // Text order, then kind, then rule order: what a stable sort by (start, kind)
        // of the matches of each pattern in turn gives. The key is unique.
        candidates.sort_unstable_by_key(|(i, span)| (span.start, self.patterns[*i].kind, *i));
        candidates.truncate(MAX_MATCHES);
        let mut found: Vec<(EscalationKind, Range<usize>)> = candidates
            .into_iter()
            .map(|(i, span)| (&self.patterns[i], span))
            .filter(|(pattern, span)| self.accepts(s, pattern, span, words, emotion))
            .map(|(pattern, span)| (pattern.kind, span))
            .collect();
        // Longest first, then keep one match per overlapping region and kind.
        found.sort_by_key(|(kind, span)| (std::cmp::Reverse(span.len()), span.start, *kind));
        let mut kept: Vec<(EscalationKind, Range<usize>)> = Vec::new();
        for (kind, span) in found {
            let overlaps = kept
                .iter()
                .any(|(k, s)| *k == kind && s.start < span.end && span.start < s.end);
            if !overlaps {
                kept.push((kind, span));
            }
        }
        kept.sort_by_key(|(kind, span)| (span.start, *kind));
        let reasons = kept
            .into_iter()
            .map(|(kind, span)| {
                let original = normalized.original_span(span);
                EscalationReason {
                    kind,
                    text: text.get(original.clone()).unwrap_or_default().to_string(),
                    start: original.start,
                    end: original.end,
                }
            })
            .collect();
        Escalation::from_reasons(reasons)
    }

    /// Applies the context rules of the module docs to one match.
    fn accepts(
        &self,
        s: &str,
        pattern: &Pattern,
        span: &Range<usize>,
        words: Option<&[Range<usize>]>,
        emotion: Option<Emotion>,
    ) -> bool {
        let kind = pattern.kind;
        if in_title(s, span.start) {
            return false;
        }
        let clause = bounds(s, span, is_clause_break);
        let sentence = bounds(s, span, is_sentence_break);
        let before = &s[clause.start..span.start];
        let near_before = last_chars(before, BLOCK_BEFORE_CHARS);
        let applies = |k: &Option<EscalationKind>| k.is_none_or(|k| k == kind);
        if self.block_before.any_in_where(near_before, applies) {
            return false;
        }
        // Someone else's experience (邻居家的热水器漏电了), anywhere before in the clause.
        if self.other_party.any_in(before) {
            return false;
        }
        // Denied (没有冒烟, 不会拒付): a negation right before the match; or another
        // word of its kind that changes its sense right before it (我妈的 is "my
        // mother's").
        if self.negated(s, span.start)
            || self
                .block_right_before
                .iter()
                .any(|(k, w)| applies(k) && s[..span.start].ends_with(w.as_str()))
        {
            return false;
        }
        let after = &s[span.end..];
        if self
            .block_after
            .iter()
            .any(|(k, w)| applies(k) && after.starts_with(w.as_str()))
        {
            return false;
        }
        if kind.blocked_by_questions() && self.is_question(s, &sentence, before) {
            return false;
        }
        let acts = &self.acts[kind.index()];
        let leads = &self.leads[kind.index()];
        let sentence_text = &s[sentence.clone()];
        // Act words inside the match itself (the 投诉 of 黑猫投诉) do not arm it, nor
        // do negated ones (快递员没骂我).
        let act_outside = |region: &Range<usize>| {
            let text = &s[region.clone()];
            acts.possibly_in(CharMask::of(text)).any(|a| {
                text.match_indices(a).any(|(i, m)| {
                    let at = region.start + i;
                    (at + m.len() <= span.start || at >= span.end) && !self.negated(s, at)
                })
            })
        };
        // Lead words arm only from before the match (让你们主管, not 主管让我等).
        let lead_before = || {
            leads.possibly_in(CharMask::of(before)).any(|w| {
                before
                    .match_indices(w)
                    .any(|(i, _)| !self.negated(s, clause.start + i))
            })
        };
        let act_region = if kind.acts_in_sentence() {
            &sentence
        } else {
            &clause
        };
        // No label counts as negative: the rules alone cannot tell.
        let negative = emotion.is_none_or(|e| e.polarity() == Polarity::Negative);
        let accepted = match pattern.role {
            Role::Cue => true,
            Role::Token => match words {
                Some(words) => words.iter().any(|w| w == span),
                None => {
                    !s[..span.start].chars().next_back().is_some_and(is_han_char)
                        && !s[span.end..].chars().next().is_some_and(is_han_char)
                }
            },
            Role::Target => {
                act_outside(act_region)
                    || lead_before()
                    || (kind.armed_by_threats() && self.threats.any_in(before))
            }
            // 今天第三次了: a count used as the predicate refers to the contacts of
            // the sentence.
            Role::Count if after.starts_with('了') => act_outside(&sentence),
            Role::Count => act_outside(&clause),
            // 住院, 输液: a risk only in a negative message, not in a question, and not
            // beside a claim or an appointment (报销, 理赔, 挂号) in its sentence.
            Role::Consequence => {
                negative
                    && !self.is_question(s, &sentence, before)
                    && !self.block_sentence.any_in_where(sentence_text, applies)
            }
        };
        if !accepted {
            return false;
        }
        if kind == EscalationKind::RepeatedContact {
            let failed = self.failures.any_in(sentence_text);
            return negative || failed;
        }
        true
    }

    /// True when a `negation` word ends right before byte `at` of `s`.
    fn negated(&self, s: &str, at: usize) -> bool {
        let before = &s[..at];
        self.negations.iter().any(|n| before.ends_with(n.as_str()))
    }

    /// A question: the sentence ends in `?` or has 吗/请问, or a question word comes
    /// before the match in its clause.
    fn is_question(&self, s: &str, sentence: &Range<usize>, before: &str) -> bool {
        let ends_in_question = s[sentence.end..]
            .chars()
            .take_while(|c| is_sentence_break(*c) || c.is_whitespace())
            .any(|c| c == '?');
        let sentence_text = &s[sentence.clone()];
        ends_in_question
            || sentence_text.contains('吗')
            || sentence_text.contains("请问")
            || self.questions.any_in(before)
    }
}

/// Characters that end a clause (in normalised text, where full-width ASCII
/// punctuation is already half-width).
fn is_clause_break(c: char) -> bool {
    is_sentence_break(c) || matches!(c, ',' | ':' | '、' | ' ' | '~' | '—' | '\t')
}

/// Characters that end a sentence.
fn is_sentence_break(c: char) -> bool {
    matches!(
        c,
        '。' | '.' | '!' | '?' | ';' | '\n' | '…' | '\r' | '｡' | '！' | '？'
    )
}

fn is_han_char(c: char) -> bool {
    crate::pipeline::lexicon::is_han(c)
}

/// The byte range of the clause or sentence around `span`. A space between two ASCII
/// characters separates words of an English sentence, not clauses.
fn bounds(s: &str, span: &Range<usize>, is_break: fn(char) -> bool) -> Range<usize> {
    let breaks_at = |i: usize, c: char| {
        is_break(c)
            && !(c == ' '
                && s[..i].chars().next_back().is_some_and(|p| p.is_ascii())
                && s[i + 1..].chars().next().is_some_and(|n| n.is_ascii()))
    };
    let mut start = span.start;
    for (i, c) in s[..span.start].char_indices().rev().take(MAX_CONTEXT_CHARS) {
        if breaks_at(i, c) {
            break;
        }
        start = i;
    }
    let mut end = span.end;
    for (i, c) in s[span.end..].char_indices().take(MAX_CONTEXT_CHARS) {
        if breaks_at(span.end + i, c) {
            break;
        }
        end = span.end + i + c.len_utf8();
    }
    start..end
}

/// The last `n` characters of `s`.
fn last_chars(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) if n > 0 => &s[i..],
        _ if n == 0 => "",
        _ => s,
    }
}

/// True when byte `at` is inside a book title 《…》.
fn in_title(s: &str, at: usize) -> bool {
    let before = last_chars(&s[..at], MAX_CONTEXT_CHARS);
    match before.rfind('《') {
        Some(open) => !before[open..].contains('》'),
        None => false,
    }
}

//! What the later steps need to know about each token, found once per message.
//!
//! Lexicon scoring looks tokens up several times (the token itself, then the next
//! few when a negation or degree word looks ahead for an emotion word), and both
//! scoring and feature extraction ask whether a token ends a clause, is whitespace or
//! lies in a masked span (URL, long number). [`token_facts`] answers all of it in one
//! pass: one lexicon hash lookup and one look at the characters per token (and, for
//! a token the lexicon lacks, whether it is a negation or degree word glued to a word
//! it knows: `Lexicon::glued`).

use crate::pipeline::lexicon::{Lexicon, WordInfo};
use crate::pipeline::normalize::NormalizedText;
use crate::pipeline::segment::Token;

/// The facts about one token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenFacts<'a> {
    /// The token's lexicon entry; `None` when it has none, when it is masked, or when
    /// no lexicon was given.
    pub info: Option<&'a WordInfo>,
    /// Punctuation, whitespace or newlines only: the token ends a clause.
    pub clause_break: bool,
    /// Whitespace only.
    pub space: bool,
    /// The token overlaps a URL or a long number.
    pub masked: bool,
    /// The segmenter kept a negation with the emotion word after it (不差, 没坏, 不吵:
    /// jieba's words, not the lexicon's): `info` is the word's, and the word is negated.
    pub negated_word: bool,
    /// The segmenter kept a one-character degree word of the lexicon with the emotion
    /// word after it (很丑, 太累, 挺脏): the degree's factor; `info` is the word's.
    pub glued_degree: Option<f32>,
}

/// The facts of each token of `tokens` (byte ranges of `text`, in text order, as the
/// segmenter makes them), into `out` (cleared first).
pub(crate) fn token_facts<'a>(
    text: &NormalizedText,
    tokens: &[Token],
    lexicon: Option<&'a Lexicon>,
    out: &mut Vec<TokenFacts<'a>>,
) {
    out.clear();
    out.reserve(tokens.len());
    let s = text.as_str();
    // Masked spans are sorted and disjoint and tokens come in text order, so one
    // forward walk answers `NormalizedText::is_masked` for every token.
    let masked = text.masked();
    let mut m = 0;
    for token in tokens {
        while m < masked.len() && masked[m].end <= token.start {
            m += 1;
        }
        let is_masked = masked.get(m).is_some_and(|r| r.start < token.end);
        let word = &s[token.clone()];
        // A first character from U+4000 on (UTF-8 lead byte 0xE4 or above) is no
        // punctuation or space, except the full-width forms (lead 0xEF: ，；：～).
        let (clause_break, space) = match word.as_bytes().first() {
            Some(&b) if b >= 0xE4 && b != 0xEF => (false, false),
            _ => (is_clause_break(word), word.chars().all(is_space)),
        };
        let mut fact = TokenFacts {
            info: None,
            clause_break,
            space,
            masked: is_masked,
            negated_word: false,
            glued_degree: None,
        };
        if let Some(lexicon) = lexicon.filter(|_| !is_masked) {
            fact.info = lexicon.get(word);
            if fact.info.is_none() && !clause_break {
                if let Some(glued) = lexicon.glued(word) {
                    fact.info = Some(glued.info);
                    fact.negated_word = glued.negated;
                    fact.glued_degree = glued.degree;
                }
            }
        }
        out.push(fact);
    }
}

/// Punctuation, whitespace and newlines end a clause.
pub(crate) fn is_clause_break(token: &str) -> bool {
    token.chars().all(|c| {
        matches!(
            c,
            ',' | '.' | '!' | '?' | ';' | ':' | '~' | '，' | '。' | '；' | '：' | '、' | '…' | '～'
        ) || is_space(c)
    })
}

/// `char::is_whitespace`, answered without its table for the characters past
/// U+3000 (all Han text), none of which is whitespace.
pub(crate) fn is_space(c: char) -> bool {
    c <= '\u{3000}' && c.is_whitespace()
}

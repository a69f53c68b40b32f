//! Features for the linear model: hashed word unigrams and bigrams, Han character
//! unigrams and bigrams, plus dense lexicon aggregates and punctuation signals.
//!
//! Layout of the feature space: indices `0 .. 2^hash_bits` are hashed n-grams
//! (FNV-1a, so the same text gives the same indices on every platform and run);
//! the [`DENSE_FEATURES`] dense features follow.

use std::ops::Range;

use crate::pipeline::normalize::NormalizedText;
use crate::pipeline::scoring::{Hit, LexiconAnalysis};
use crate::pipeline::segment::Token;
use crate::pipeline::tokens::{token_facts, TokenFacts};
use crate::types::emotion::Emotion;
use crate::types::modifier::ModifierKind;

/// Names of the dense features, in order. Part of the model format: a model file
/// records how many it was trained with.
pub const DENSE_FEATURE_NAMES: [&str; 21] = [
    "lex_anger",
    "lex_disappointment",
    "lex_anxiety",
    "lex_sadness",
    "lex_disgust",
    "lex_joy",
    "lex_gratitude",
    "lex_surprise",
    "lex_neutral",
    "no_lexicon_hit",
    "negations",
    "contrast",
    "sarcasm",
    "rhetorical",
    "exclamations",
    "exclamation_run",
    "questions",
    "question_run",
    "ellipses",
    "tildes",
    "char_repeat",
];

/// Index of the first dense feature after the per-label lexicon weights.
pub const NEGATIONS_FEATURE: usize = 10;

/// Number of dense features.
pub const DENSE_FEATURES: usize = DENSE_FEATURE_NAMES.len();

/// Default number of hash bits for n-gram features (2^17 buckets).
pub const DEFAULT_HASH_BITS: u32 = 17;

/// A sparse feature vector: (index, value) pairs. Indices may repeat; values add up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseFeatures {
    /// The non-zero entries.
    pub entries: Vec<(u32, f32)>,
}

/// Builds the features of one message into `out` (cleared first).
pub fn extract_into(
    text: &NormalizedText,
    tokens: &[Token],
    analysis: &LexiconAnalysis,
    hash_bits: u32,
    out: &mut SparseFeatures,
) {
    let mut facts = Vec::new();
    token_facts(text, tokens, None, &mut facts);
    extract_facts_into(text, tokens, &facts, analysis, hash_bits, out, None);
}

/// Where each token's hashed n-gram entries lie among a message's features, so that
/// the features of a span of tokens can be cut from the message's instead of hashed
/// again ([`crate::pipeline::model::LinearModel::span_heads`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct TokenEntries {
    tokens: Vec<TokenRecord>,
    /// The negation and degree words that acted on a lexicon word (byte spans,
    /// sorted): their tokens made no entries.
    applied: Vec<(usize, usize)>,
}

/// What one token contributed; `NONE` where there is no such entry.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokenRecord {
    /// The token's entries: `start..end` of the message's entries.
    pub start: u32,
    pub end: u32,
    /// The token whose word the bigram entry (at `start + 1`) pairs with.
    pub bigram_from: u32,
    /// The entry of the character bigram that pairs the token's first Han character
    /// with the last one of an earlier token, and that token.
    pub char_pair_at: u32,
    pub char_pair_from: u32,
}

impl TokenRecord {
    /// The message's entries of this token that pair it with a token before `first`
    /// (at most two): a span starting at token `first` has no such entries.
    pub(crate) fn crossing(&self, first: u32) -> impl Iterator<Item = usize> {
        let bigram = (self.bigram_from != NONE && self.bigram_from < first)
            .then_some(self.start as usize + 1);
        let pair = (self.char_pair_at != NONE && self.char_pair_from < first)
            .then_some(self.char_pair_at as usize);
        bigram.into_iter().chain(pair)
    }
}

impl TokenEntries {
    /// One record per token of the message.
    pub(crate) fn records(&self) -> &[TokenRecord] {
        &self.tokens
    }

    /// True when the span of tokens `span` (of `tokens`, the message's), whose lexicon
    /// hits are `hits`, has exactly the message's entries of its tokens less their
    /// [`TokenRecord::crossing`] ones: false when a negation or degree word inside it
    /// acted on a word outside it (the message left out a token the span alone keeps).
    pub(crate) fn cut_is_exact(&self, tokens: &[Token], span: Range<usize>, hits: &[Hit]) -> bool {
        let (Some(first), Some(last)) = (
            tokens.get(span.start),
            span.end.checked_sub(1).and_then(|i| tokens.get(i)),
        ) else {
            return false;
        };
        if self.tokens.len() != tokens.len() {
            return false;
        }
        let bytes = first.start..last.end;
        let lo = self.applied.partition_point(|&(a, _)| a < bytes.start);
        let inside = self.applied[lo..]
            .iter()
            .take_while(|&&(a, _)| a < bytes.end)
            .count();
        if inside == 0 {
            return true;
        }
        let mut own: Vec<(usize, usize)> = hits
            .iter()
            .flat_map(|h| &h.modifiers)
            .filter(|m| matches!(m.kind, ModifierKind::Negation | ModifierKind::Degree))
            .filter(|m| m.span.start >= bytes.start && m.span.start < bytes.end)
            .map(|m| (m.span.start, m.span.end))
            .collect();
        own.sort_unstable();
        own.dedup();
        own.as_slice() == &self.applied[lo..lo + inside]
    }
}

const NONE: u32 = u32::MAX;

/// [`extract_into`] with the tokens' facts already found (`facts[i]` is about
/// `tokens[i]`; their lexicon entries are not used).
pub(crate) fn extract_facts_into(
    text: &NormalizedText,
    tokens: &[Token],
    facts: &[TokenFacts<'_>],
    analysis: &LexiconAnalysis,
    hash_bits: u32,
    out: &mut SparseFeatures,
    mut record: Option<&mut TokenEntries>,
) {
    out.entries.clear();
    if let Some(r) = record.as_deref_mut() {
        r.tokens.clear();
        r.tokens.reserve(tokens.len());
    }
    let s = text.as_str();
    let mask = (1u64 << hash_bits) - 1;

    // Hashed word uni/bigrams and Han character bigrams. Masked spans (URLs, numbers)
    // count as one placeholder so that their digits never become features. Negation
    // and degree words that acted on a lexicon word are left out: they act through the
    // lexicon weights only, which keeps their effect monotone (see `crate::training::train` for
    // the constraints that guarantee it).
    // Sorted, so that one forward walk finds them among the tokens (which come in
    // text order) instead of a search of the whole list per token.
    let mut applied_modifiers: Vec<(usize, usize)> = analysis
        .hits
        .iter()
        .flat_map(|h| &h.modifiers)
        .filter(|m| matches!(m.kind, ModifierKind::Negation | ModifierKind::Degree))
        .map(|m| (m.span.start, m.span.end))
        .collect();
    applied_modifiers.sort_unstable();
    applied_modifiers.dedup();
    let mut next_modifier = 0;
    // The previous word's hash and the previous Han character, with the tokens they
    // come from.
    let mut prev: Option<(u64, u32)> = None;
    let mut prev_char: Option<(char, u32)> = None;
    let start = out.entries.len();
    for (i, (token, fact)) in tokens.iter().zip(facts).enumerate() {
        let i = i as u32;
        let first = out.entries.len() as u32;
        let mut rec = TokenRecord {
            start: first,
            end: first,
            bigram_from: NONE,
            char_pair_at: NONE,
            char_pair_from: NONE,
        };
        contribute(
            s,
            token,
            fact,
            i,
            mask,
            &applied_modifiers,
            &mut next_modifier,
            &mut prev,
            &mut prev_char,
            &mut rec,
            out,
        );
        if let Some(r) = record.as_deref_mut() {
            rec.end = out.entries.len() as u32;
            r.tokens.push(rec);
        }
    }
    let n = out.entries.len() - start;
    if n > 0 {
        let scale = 1.0 / (n as f32).sqrt();
        for e in &mut out.entries[start..] {
            e.1 = scale;
        }
    }

    push_dense(&dense_features(analysis), hash_bits, out);
    if let Some(r) = record {
        r.applied = applied_modifiers;
    }
}

/// The entries of one token (see [`extract_facts_into`]), with what it pairs with
/// recorded in `rec`.
#[allow(clippy::too_many_arguments)] // the walk's state, kept in the caller
#[inline]
fn contribute(
    s: &str,
    token: &Token,
    fact: &TokenFacts<'_>,
    i: u32,
    mask: u64,
    applied_modifiers: &[(usize, usize)],
    next_modifier: &mut usize,
    prev: &mut Option<(u64, u32)>,
    prev_char: &mut Option<(char, u32)>,
    rec: &mut TokenRecord,
    out: &mut SparseFeatures,
) {
    if fact.space {
        *prev = None;
        *prev_char = None;
        return;
    }
    let word = &s[token.clone()];
    let masked = fact.masked;
    let key = (token.start, token.end);
    while applied_modifiers
        .get(*next_modifier)
        .is_some_and(|&m| m < key)
    {
        *next_modifier += 1;
    }
    if applied_modifiers.get(*next_modifier) == Some(&key) {
        return;
    }
    let h = if masked {
        fnv1a(b"<num>", FNV_OFFSET)
    } else {
        fnv1a(word.as_bytes(), FNV_OFFSET)
    };
    out.entries.push(((h & mask) as u32, 1.0));
    if let Some((p, from)) = *prev {
        let bigram = fnv1a_u64(h, p ^ BIGRAM_SEED);
        out.entries.push(((bigram & mask) as u32, 1.0));
        rec.bigram_from = from;
    }
    *prev = if fact.clause_break && !matches!(word, "!" | "?") {
        None
    } else {
        Some((h, i))
    };
    // Character bigrams: robust to segmentation errors and unknown words.
    if masked {
        if !word.is_empty() {
            *prev_char = None;
        }
        return;
    }
    for c in word.chars() {
        if !crate::pipeline::lexicon::is_han(c) {
            *prev_char = None;
            continue;
        }
        // Character unigrams: the meaning of a character survives any segmentation
        // (new words and Weibo slang are split into single characters).
        out.entries.push((
            (fnv1a_u64(u64::from(c as u32), UNIGRAM_SEED) & mask) as u32,
            1.0,
        ));
        if let Some((p, from)) = *prev_char {
            if from != i {
                rec.char_pair_at = out.entries.len() as u32;
                rec.char_pair_from = from;
            }
            // The FNV-1a of the 8 bytes `p` then `c`, as little-endian u32s.
            let pair = u64::from(p as u32) | (u64::from(c as u32) << 32);
            out.entries
                .push(((fnv1a_u64(pair, CHAR_SEED) & mask) as u32, 1.0));
        }
        *prev_char = Some((c, i));
    }
}

fn push_dense(dense: &[f32; DENSE_FEATURES], hash_bits: u32, out: &mut SparseFeatures) {
    let base = 1u32 << hash_bits;
    for (i, &value) in dense.iter().enumerate() {
        if value != 0.0 {
            out.entries.push((base + i as u32, value));
        }
    }
}

/// The dense features of a message, in the order of [`DENSE_FEATURE_NAMES`].
pub fn dense_features(a: &LexiconAnalysis) -> [f32; DENSE_FEATURES] {
    dense_features_with(a, !a.hits.is_empty())
}

/// [`dense_features`] of an analysis whose hits are kept apart (`has_hits`).
pub(crate) fn dense_features_with(a: &LexiconAnalysis, has_hits: bool) -> [f32; DENSE_FEATURES] {
    // ln(1 + x) of ±0 is the same ±0: most labels and counts have no weight, and
    // skipping their logarithms is most of the cost of an aspect's dense features.
    let ln_1p = |x: f32| if x > 0.0 { x.ln_1p() } else { x.max(0.0) };
    let count_ln_1p = |n: u32| if n == 0 { 0.0 } else { (n as f32).ln_1p() };
    let mut d = [0.0f32; DENSE_FEATURES];
    for e in Emotion::ALL {
        d[e.index()] = ln_1p(a.label_weights[e.index()]);
    }
    d[9] = if has_hits { 0.0 } else { 1.0 };
    d[NEGATIONS_FEATURE] = (a.negations as f32).min(3.0);
    d[11] = a.contrast as u8 as f32;
    d[12] = a.sarcasm.min(4.0);
    d[13] = a.rhetorical.min(4.0);
    let p = &a.punctuation;
    d[14] = count_ln_1p(p.exclamations);
    d[15] = (p.longest_exclamation_run.saturating_sub(1) as f32).min(4.0);
    d[16] = count_ln_1p(p.questions);
    d[17] = (p.longest_question_run.saturating_sub(1) as f32).min(4.0);
    d[18] = (p.ellipses as f32).min(3.0);
    d[19] = (p.tildes as f32).min(3.0);
    d[20] = (p.longest_char_repeat.saturating_sub(1) as f32).min(4.0);
    d
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
const BIGRAM_SEED: u64 = 0x9e37_79b9_7f4a_7c15;
const CHAR_SEED: u64 = 0x2545_f491_4f6c_dd1d;
const UNIGRAM_SEED: u64 = 0x2545_f491_4f6c_dd1c;

/// 64-bit FNV-1a: stable across platforms and runs (unlike std's SipHash keys).
pub(crate) fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    bytes
        .iter()
        .fold(seed, |h, &b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME))
}

/// [`fnv1a`] of the 8 little-endian bytes of `value`, unrolled.
#[inline]
fn fnv1a_u64(value: u64, seed: u64) -> u64 {
    let mut h = seed;
    for i in 0..8 {
        h = (h ^ ((value >> (8 * i)) & 0xff)).wrapping_mul(FNV_PRIME);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::lexicon::Lexicon;
    use crate::pipeline::normalize::normalize;
    use crate::pipeline::scoring::analyse;
    use crate::pipeline::segment::Segmenter;

    fn features(text: &str) -> SparseFeatures {
        let l = Lexicon::empty();
        let seg = Segmenter::new(&l);
        let n = normalize(text);
        let mut tokens = Vec::new();
        seg.segment_into(n.as_str(), &l, &mut tokens);
        let a = analyse(&n, &tokens, &l);
        let mut out = SparseFeatures::default();
        extract_into(&n, &tokens, &a, 10, &mut out);
        out
    }

    #[test]
    fn indices_stay_in_range_and_are_stable() {
        let f = features("快递三天了还没到，急死了！！！");
        assert!(f
            .entries
            .iter()
            .all(|(i, _)| *i < (1 << 10) + DENSE_FEATURES as u32));
        assert_eq!(f, features("快递三天了还没到，急死了！！！"));
        assert_eq!(fnv1a(b"a", FNV_OFFSET), 0xaf63dc4c8601ec8c);
        for v in [0, 1, 0x4e2d_0000_7231, u64::MAX, 0x0123_4567_89ab_cdef] {
            assert_eq!(fnv1a_u64(v, CHAR_SEED), fnv1a(&v.to_le_bytes(), CHAR_SEED));
        }
    }

    #[test]
    fn numbers_hash_to_one_placeholder() {
        let a = features("订单12345678");
        let b = features("订单98765432");
        assert_eq!(a, b);
    }

    #[test]
    fn empty_text_has_only_dense_features() {
        let f = features("");
        assert!(f.entries.iter().all(|(i, _)| *i >= 1 << 10));
    }

    #[test]
    fn dense_names_match_count() {
        assert_eq!(DENSE_FEATURE_NAMES.len(), DENSE_FEATURES);
    }
}

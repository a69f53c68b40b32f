//! Features for the linear model: hashed word unigrams and bigrams, plus dense
//! lexicon aggregates and punctuation signals.
//!
//! Layout of the feature space: indices `0 .. 2^hash_bits` are hashed n-grams
//! (FNV-1a, so the same text gives the same indices on every platform and run);
//! the [`DENSE_FEATURES`] dense features follow.

use crate::normalize::NormalizedText;
use crate::scoring::{is_clause_break, is_space, LexiconAnalysis};
use crate::segment::Token;
use crate::Emotion;

/// Names of the dense features, in order. Part of the model format: a model file
/// records how many it was trained with.
pub const DENSE_FEATURE_NAMES: [&str; 27] = [
    "lex_anger",
    "lex_disappointment",
    "lex_anxiety",
    "lex_sadness",
    "lex_disgust",
    "lex_joy",
    "lex_gratitude",
    "lex_surprise",
    "lex_neutral",
    "lex_positive_share",
    "lex_negative_share",
    "no_lexicon_hit",
    "negations",
    "max_degree",
    "hedged",
    "contrast",
    "sarcasm",
    "rhetorical",
    "exclamations",
    "exclamation_run",
    "questions",
    "question_run",
    "question_and_negative",
    "ellipses",
    "tildes",
    "char_repeat",
    "log_length",
];

/// Number of dense features.
pub const DENSE_FEATURES: usize = DENSE_FEATURE_NAMES.len();

/// Default number of hash bits for n-gram features (2^16 buckets).
pub const DEFAULT_HASH_BITS: u32 = 16;

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
    out.entries.clear();
    let s = text.as_str();
    let mask = (1u64 << hash_bits) - 1;

    // Hashed n-grams over content tokens and punctuation marks; masked spans (URLs,
    // numbers) count as one placeholder so that their digits never become features.
    let mut prev: Option<u64> = None;
    let start = out.entries.len();
    for token in tokens {
        let word = &s[token.clone()];
        if word.chars().all(is_space) {
            prev = None;
            continue;
        }
        let h = if text.is_masked(token) {
            fnv1a(b"<num>", FNV_OFFSET)
        } else {
            fnv1a(word.as_bytes(), FNV_OFFSET)
        };
        out.entries.push(((h & mask) as u32, 1.0));
        if let Some(p) = prev {
            let bigram = fnv1a(&h.to_le_bytes(), p ^ BIGRAM_SEED);
            out.entries.push(((bigram & mask) as u32, 1.0));
        }
        prev = if is_clause_break(word) && !matches!(word, "!" | "?") {
            None
        } else {
            Some(h)
        };
    }
    let n = out.entries.len() - start;
    if n > 0 {
        let scale = 1.0 / (n as f32).sqrt();
        for e in &mut out.entries[start..] {
            e.1 = scale;
        }
    }

    let base = 1u32 << hash_bits;
    for (i, value) in dense_features(s, analysis).into_iter().enumerate() {
        if value != 0.0 {
            out.entries.push((base + i as u32, value));
        }
    }
}

/// The dense features of a message, in the order of [`DENSE_FEATURE_NAMES`].
pub fn dense_features(text: &str, a: &LexiconAnalysis) -> [f32; DENSE_FEATURES] {
    let mut d = [0.0f32; DENSE_FEATURES];
    for e in Emotion::ALL {
        d[e.index()] = a.label_weights[e.index()].max(0.0).ln_1p();
    }
    let total: f32 = a.label_weights.iter().sum();
    let positive: f32 = Emotion::POSITIVE
        .iter()
        .map(|e| a.label_weights[e.index()])
        .sum();
    let negative: f32 = Emotion::NEGATIVE
        .iter()
        .map(|e| a.label_weights[e.index()])
        .sum();
    if total > 0.0 {
        d[9] = positive / total;
        d[10] = negative / total;
    }
    d[11] = if a.hits.is_empty() { 1.0 } else { 0.0 };
    d[12] = (a.negations as f32).min(3.0);
    d[13] = (a.max_degree - 1.0).max(0.0);
    d[14] = a.hedged as u8 as f32;
    d[15] = a.contrast as u8 as f32;
    d[16] = a.sarcasm.min(4.0);
    d[17] = a.rhetorical.min(4.0);
    let p = &a.punctuation;
    d[18] = (p.exclamations as f32).ln_1p();
    d[19] = (p.longest_exclamation_run.saturating_sub(1) as f32).min(4.0);
    d[20] = (p.questions as f32).ln_1p();
    d[21] = (p.longest_question_run.saturating_sub(1) as f32).min(4.0);
    d[22] = if p.questions > 0 && negative > 0.0 {
        1.0
    } else {
        0.0
    };
    d[23] = (p.ellipses as f32).min(3.0);
    d[24] = (p.tildes as f32).min(3.0);
    d[25] = (p.longest_char_repeat.saturating_sub(1) as f32).min(4.0);
    d[26] = (text.chars().count() as f32).ln_1p() / 5.0;
    d
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
const BIGRAM_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// 64-bit FNV-1a: stable across platforms and runs (unlike std's SipHash keys).
pub(crate) fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    bytes
        .iter()
        .fold(seed, |h, &b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::normalize::normalize;
    use crate::scoring::analyse;
    use crate::segment::Segmenter;

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

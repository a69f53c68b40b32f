//! Intensity: how strong the emotion is, from 0 (none) to 1 (strongest).
//!
//! The emotion label guide grades intensity 0 (neutral), 1 (mild), 2 (moderate) and
//! 3 (strong). zh-emotion predicts that level with a small linear regression over
//! the signals the guide names, then divides by 3 and clamps to [0, 1]:
//!
//! | signal | effect |
//! |---|---|
//! | lexicon weight of the winning label (strengths × degree words) | raises |
//! | strongest degree word (非常, 太, 极其) | raises |
//! | hedges (有点, 稍微) | lower |
//! | runs of `!` and `?` | raise |
//! | insults and other strength-3 negative words | raise |
//! | repeated characters (太太太, 啊啊啊) | raise |
//! | sarcasm and rhetorical questions | raise |
//! | the model's confidence in the label | raises |
//! | the strongest single lexicon hit | raises |
//! | the length of the message (characters outside punctuation) | raises |
//! | high-stakes cues (孩子, 工资, 最后一天: `stakes` in `modifiers.tsv`) | raise |
//!
//! The coefficients are fitted by the training program (least squares on messages
//! with gold intensity) and stored in the model file; those of the raising signals
//! are kept non-negative and that of hedges non-positive, so that the table above
//! holds whatever the data. A `neutral` result has intensity 0.

use crate::scoring::LexiconAnalysis;
use crate::{Emotion, Polarity};

/// Number of intensity signals (including the constant term).
pub const INTENSITY_FEATURES: usize = 13;

/// Names of the intensity signals, in order.
pub const INTENSITY_FEATURE_NAMES: [&str; INTENSITY_FEATURES] = [
    "constant",
    "label_lexicon_weight",
    "degree",
    "hedged",
    "exclamation_run",
    "question_run",
    "strong_negative_word",
    "char_repeat",
    "sarcasm_or_rhetorical",
    "confidence",
    "strongest_hit",
    "log_length",
    "stakes",
];

/// Sign constraint of each coefficient: +1 kept ≥ 0, -1 kept ≤ 0, 0 free.
pub(crate) const INTENSITY_SIGNS: [i8; INTENSITY_FEATURES] =
    [0, 1, 1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1];

/// Coefficients used before any training: a hand-set prior with the same signs.
pub const PRIOR_COEFFICIENTS: [f32; INTENSITY_FEATURES] = [
    0.6, 0.8, 0.5, -0.4, 0.3, 0.2, 0.4, 0.2, 0.2, 0.5, 0.2, 0.1, 0.2,
];

/// The intensity signals of a message whose label is `label` with probability `confidence`.
pub fn intensity_features(
    a: &LexiconAnalysis,
    label: Emotion,
    confidence: f32,
) -> [f32; INTENSITY_FEATURES] {
    let strongest_hit = a.hits.iter().map(|h| h.weight).fold(0.0f32, f32::max);
    let strongest_negative = a
        .hits
        .iter()
        .filter(|h| h.emotion.polarity() == Polarity::Negative)
        .map(|h| h.strength)
        .fold(0.0f32, f32::max);
    let p = &a.punctuation;
    [
        1.0,
        a.label_weights[label.index()].max(0.0).ln_1p(),
        (a.max_degree - 1.0).clamp(0.0, 2.0),
        a.hedged as u8 as f32,
        (p.longest_exclamation_run as f32).min(4.0) / 2.0,
        (p.longest_question_run as f32).min(4.0) / 2.0,
        (strongest_negative - 2.0).max(0.0),
        (p.longest_char_repeat.saturating_sub(1) as f32).min(3.0) / 2.0,
        ((a.sarcasm + a.rhetorical) > 0.0) as u8 as f32,
        confidence,
        strongest_hit.min(6.0) / 3.0,
        (a.content_chars as f32).ln_1p() / 3.0,
        a.stakes.min(4.0) / 2.0,
    ]
}

/// Intensity in [0, 1] from the signals and coefficients; 0 for `neutral`.
pub fn intensity(
    coefficients: &[f32; INTENSITY_FEATURES],
    features: &[f32; INTENSITY_FEATURES],
    label: Emotion,
) -> f32 {
    if label == Emotion::Neutral {
        return 0.0;
    }
    let level: f32 = coefficients.iter().zip(features).map(|(c, f)| c * f).sum();
    if level.is_finite() {
        (level / 3.0).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Applies the sign constraints to fitted coefficients.
pub(crate) fn constrain(coefficients: &mut [f32; INTENSITY_FEATURES]) {
    for (c, sign) in coefficients.iter_mut().zip(INTENSITY_SIGNS) {
        match sign {
            1 => *c = c.max(0.0),
            -1 => *c = c.min(0.0),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prior_respects_signs() {
        let mut c = PRIOR_COEFFICIENTS;
        constrain(&mut c);
        assert_eq!(c, PRIOR_COEFFICIENTS);
    }

    #[test]
    fn neutral_has_zero_intensity_and_others_are_bounded() {
        let a = LexiconAnalysis::default();
        let f = intensity_features(&a, Emotion::Anger, 0.9);
        assert_eq!(intensity(&PRIOR_COEFFICIENTS, &f, Emotion::Neutral), 0.0);
        let i = intensity(&PRIOR_COEFFICIENTS, &f, Emotion::Anger);
        assert!((0.0..=1.0).contains(&i));
        let huge = [1e30f32; INTENSITY_FEATURES];
        assert_eq!(intensity(&huge, &f, Emotion::Anger), 1.0);
    }
}

//! Intensity: how strong the emotion is, from 0 (none) to 1 (strongest).
//!
//! The emotion label guide grades intensity 0 (neutral), 1 (mild), 2 (moderate) and
//! 3 (strong). zh-emotion predicts that level with a small linear regression over
//! the signals the guide names, then divides by 3 and clamps to [0, 1]:
//!
//! | signal | effect |
//! |---|---|
//! | the label's typical level ([`label_prior`]: anger runs high, surprise low) | raises |
//! | strongest degree word (非常, 太, 极其) | raises |
//! | hedges (有点, 稍微) | lower |
//! | runs of `!` and `?` | raise |
//! | strength-3 words on the label's side (insults, 绝绝子; any negative one for a negative label) | raise |
//! | repeated characters (太太太, 啊啊啊) | raise |
//! | sarcasm, rhetorical questions, and how many `!` and `?` the message has | raise |
//! | the model's confidence in the label | raises |
//! | a polite enquiry beside the emotion (请问, 想问一下: a `neutral` lexicon hit) | lowers |
//! | the length of the message (characters outside punctuation, up to 40: beyond that, length is detail, not strength) | raises |
//! | high-stakes cues (孩子, 工资, 最后一天: `stakes` in `modifiers.tsv`) | raise |
//! | reasons to escalate ([`crate::assess::escalation`]: threats of a complaint or the media, abuse, a safety risk; up to two kinds) | raise |
//! | the model's intensity head: a linear regression over the message's n-grams and lexicon features, fitted to how strongly readers rated real review sentences (arousal, SIGHAN 2024 dimABSA) and to the project's own 0–3 levels | raises |
//!
//! The coefficients are fitted by the training program (least squares on messages
//! with gold intensity) and stored in the model file; those of the raising signals
//! are kept non-negative and those of hedges and enquiries non-positive, so that the table above
//! holds whatever the data. A `neutral` result has intensity 0.

pub use crate::pipeline::model::{INTENSITY_FEATURES, PRIOR_COEFFICIENTS};
use crate::pipeline::scoring::LexiconAnalysis;
use crate::types::emotion::{Emotion, Polarity};
use crate::types::escalation::Escalation;

/// Names of the intensity signals, in order.
pub const INTENSITY_FEATURE_NAMES: [&str; INTENSITY_FEATURES] = [
    "constant",
    "label_prior",
    "degree",
    "hedged",
    "exclamation_run",
    "question_run",
    "strong_word",
    "char_repeat",
    "sarcasm_rhetorical_punctuation",
    "confidence",
    "enquiry",
    "log_length",
    "stakes",
    "escalation",
    "intensity_head",
];

/// Sign constraint of each coefficient: +1 kept ≥ 0, -1 kept ≤ 0, 0 free.
pub(crate) const INTENSITY_SIGNS: [i8; INTENSITY_FEATURES] =
    [0, 1, 1, -1, 1, 1, 1, 1, 1, 1, -1, 1, 1, 1, 1];

/// How far the typical intensity of `label` lies above the average over the eight
/// non-neutral labels, in levels: anger is high-arousal and usually moderate to strong,
/// surprise and disappointment usually mild to moderate. The values are the mean gold
/// levels per label of the project's hand-written training messages (`data/train/`,
/// 2,212 non-neutral messages, overall mean 1.92) minus that mean, rounded to 0.05.
pub fn label_prior(label: Emotion) -> f32 {
    match label {
        Emotion::Anger => 0.30,
        Emotion::Anxiety => 0.10,
        Emotion::Disgust | Emotion::Joy | Emotion::Gratitude => 0.0,
        Emotion::Sadness => -0.10,
        Emotion::Disappointment => -0.15,
        Emotion::Surprise => -0.40,
        Emotion::Neutral => 0.0,
    }
}

/// The intensity signals of a message whose label is `label` with probability
/// `confidence`, whose escalation assessment is `escalation`, and for which the
/// model's intensity head gives `head` ([`crate::pipeline::model::HeadOutputs::intensity`]).
pub fn intensity_features(
    a: &LexiconAnalysis,
    label: Emotion,
    confidence: f32,
    escalation: &Escalation,
    head: f32,
) -> [f32; INTENSITY_FEATURES] {
    intensity_features_with(a, &a.hits, label, confidence, escalation, head)
}

/// [`intensity_features`] of an analysis whose hits are kept apart (`hits`).
pub(crate) fn intensity_features_with(
    a: &LexiconAnalysis,
    hits: &[crate::pipeline::scoring::Hit],
    label: Emotion,
    confidence: f32,
    escalation: &Escalation,
    head: f32,
) -> [f32; INTENSITY_FEATURES] {
    // Hits that count for the label's side: the label itself, or any label of the
    // same polarity (a furious message mixes anger with disgust and disappointment).
    let same_side = |e: Emotion| {
        e == label || (label.polarity() != Polarity::Neutral && e.polarity() == label.polarity())
    };
    // The strongest word on the label's side (绝绝子 as much as 气死了), and for a
    // negative label any negative word (an insult in a disappointed message).
    let strongest_word = hits
        .iter()
        .filter(|h| {
            same_side(h.emotion)
                || (label.polarity() == Polarity::Negative
                    && h.emotion.polarity() == Polarity::Negative)
        })
        .map(|h| h.strength)
        .fold(0.0f32, f32::max);
    // A polite enquiry (请问, 想问一下, 咨询) keeps the emotion beside it mild.
    let enquiry = hits.iter().any(|h| h.emotion == Emotion::Neutral);
    let p = &a.punctuation;
    [
        1.0,
        label_prior(label),
        (a.max_degree - 1.0).clamp(0.0, 2.0),
        a.hedged as u8 as f32,
        (p.longest_exclamation_run as f32).min(4.0) / 2.0,
        (p.longest_question_run as f32).min(4.0) / 2.0,
        (strongest_word - 2.0).max(0.0),
        (p.longest_char_repeat.saturating_sub(1) as f32).min(3.0) / 2.0,
        ((a.sarcasm + a.rhetorical).min(3.0) + (p.exclamations + p.questions).min(6) as f32 / 3.0)
            / 2.0,
        confidence,
        enquiry as u8 as f32,
        (a.content_chars.min(40) as f32).ln_1p() / 3.0,
        a.stakes.min(4.0) / 2.0,
        escalation_kinds(escalation).min(2) as f32 / 2.0,
        if head.is_finite() {
            head.clamp(0.0, 1.5)
        } else {
            0.0
        },
    ]
}

/// How many kinds of reason to escalate a message has (one threat repeated counts once).
fn escalation_kinds(escalation: &Escalation) -> u32 {
    let kinds = escalation
        .reasons
        .iter()
        .fold(0u32, |set, r| set | 1 << r.kind.index());
    kinds.count_ones()
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
        let f = intensity_features(&a, Emotion::Anger, 0.9, &Escalation::none(), 0.5);
        assert_eq!(intensity(&PRIOR_COEFFICIENTS, &f, Emotion::Neutral), 0.0);
        let i = intensity(&PRIOR_COEFFICIENTS, &f, Emotion::Anger);
        assert!((0.0..=1.0).contains(&i));
        let huge = [1e30f32; INTENSITY_FEATURES];
        assert_eq!(intensity(&huge, &f, Emotion::Anger), 1.0);
    }

    #[test]
    fn reasons_to_escalate_raise_intensity() {
        use crate::assess::escalation::{EscalationKind, EscalationReason};
        let reason = |kind| EscalationReason {
            kind,
            text: String::new(),
            start: 0,
            end: 0,
        };
        let a = LexiconAnalysis::default();
        let signals = |reasons| {
            let escalation = Escalation::from_reasons(reasons);
            intensity_features(&a, Emotion::Disappointment, 0.5, &escalation, 0.5)
        };
        let none = signals(vec![]);
        // The same kind twice is one kind.
        let one = signals(vec![
            reason(EscalationKind::LegalAction),
            reason(EscalationKind::LegalAction),
        ]);
        let two = signals(vec![
            reason(EscalationKind::LegalAction),
            reason(EscalationKind::MediaExposure),
        ]);
        let model = crate::pipeline::model::LinearModel::embedded().unwrap();
        for c in [&PRIOR_COEFFICIENTS, model.intensity_coefficients()] {
            let level = |f| intensity(c, f, Emotion::Disappointment);
            assert!(level(&none) < level(&one), "{c:?}");
            assert!(level(&one) < level(&two), "{c:?}");
        }
    }
}

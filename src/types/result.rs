//! What a classification returns.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::types::aspect::Aspect;
use crate::types::emotion::Emotion;
use crate::types::escalation::Escalation;
pub use crate::types::evidence::{Evidence, ModifierEvidence};

/// The result of classifying one message.
///
/// ```
/// let r = zh_emotion::classify("快递三天了还没到，急死了！");
/// assert_eq!(r.emotion, zh_emotion::Emotion::Anxiety);
/// assert!((r.scores.iter().map(|(_, s)| s).sum::<f32>() - 1.0).abs() < 1e-4);
/// assert!(r.polarity < 0.0);
/// let evidence = &r.evidence[0];
/// assert_eq!(&"快递三天了还没到，急死了！"[evidence.start..evidence.end], evidence.text);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmotionResult {
    /// The dominant emotion: the one the reply must address.
    pub emotion: Emotion,
    /// A probability for each of the nine labels; they sum to 1. Under a clear verdict
    /// the labels of the other side have probability 0
    /// ([`crate::classifier::agree_with_verdict`]).
    pub scores: Scores,
    /// How strong the emotion is, in [0, 1]; 0 for `neutral`
    /// (see [`crate::assess::intensity`] for how it is computed).
    pub intensity: f32,
    /// Which way the message leans overall, in [-1, 1]: the verdict head's `2p − 1`
    /// for its probability `p` that the message is positive overall (see
    /// [`crate::pipeline::model`]). Near 0 for a factual message; at or beyond
    /// ±[`crate::classifier::CLEAR_VERDICT`] the verdict is clear and the label never
    /// contradicts it.
    pub polarity: f32,
    /// The lexicon words that fired, with their modifiers and byte offsets in the input.
    pub evidence: Vec<Evidence>,
    /// True when the input was longer than the classifier's maximum length and only
    /// its beginning was classified.
    pub truncated: bool,
    /// Whether the message must go to a supervisor, and why (see [`crate::assess::escalation`]).
    #[serde(default)]
    pub escalation: Escalation,
    /// The opinions of the message, in text order, each with its target, category and
    /// own emotion (see [`crate::assess::aspect`]); empty for a factual message.
    #[serde(default)]
    pub aspects: Vec<Aspect>,
}

impl EmotionResult {
    /// The most negative aspect: the one with the lowest polarity below 0, the first
    /// in text order on ties. `None` when no aspect is negative (or the result was
    /// classified without aspects).
    ///
    /// ```
    /// let c = zh_emotion::ClassifierBuilder::new().aspects(true).build();
    /// let r = c.classify("房间很干净，就是隔音太差了");
    /// assert!(r.worst_aspect().unwrap().text.contains("隔音"));
    /// assert!(c.classify("房间很干净").worst_aspect().is_none());
    /// ```
    pub fn worst_aspect(&self) -> Option<&Aspect> {
        self.aspects
            .iter()
            .filter(|a| a.polarity < 0.0)
            .fold(None, |worst: Option<&Aspect>, a| match worst {
                Some(w) if w.polarity <= a.polarity => Some(w),
                _ => Some(a),
            })
    }

    /// The probability of the winning label.
    pub fn confidence(&self) -> f32 {
        self.scores.get(self.emotion)
    }

    /// Intensity on the label guide's 0–3 scale (0 neutral, 1 mild, 2 moderate, 3 strong).
    pub fn intensity_level(&self) -> u8 {
        if self.emotion == Emotion::Neutral {
            0
        } else {
            (self.intensity * 3.0).round().clamp(1.0, 3.0) as u8
        }
    }
}

/// One score per label, serialised as a map from label id to score.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores([f32; Emotion::COUNT]);

impl Scores {
    /// Wraps scores ordered like [`Emotion::ALL`].
    pub fn new(scores: [f32; Emotion::COUNT]) -> Self {
        Self(scores)
    }

    /// The score of `emotion`.
    pub fn get(&self, emotion: Emotion) -> f32 {
        self.0[emotion.index()]
    }

    /// The scores ordered like [`Emotion::ALL`].
    pub fn as_array(&self) -> &[f32; Emotion::COUNT] {
        &self.0
    }

    /// (label, score) pairs in label order.
    pub fn iter(&self) -> impl Iterator<Item = (Emotion, f32)> + '_ {
        Emotion::ALL.into_iter().zip(self.0.iter().copied())
    }

    /// The label with the highest score (the first in label order on ties).
    pub fn best(&self) -> Emotion {
        let mut best = 0;
        for (i, s) in self.0.iter().enumerate() {
            if *s > self.0[best] {
                best = i;
            }
        }
        Emotion::ALL[best]
    }
}

impl Serialize for Scores {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(Emotion::COUNT))?;
        for (e, s) in self.iter() {
            map.serialize_entry(e.id(), &s)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Scores {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScoresVisitor;
        impl<'de> Visitor<'de> for ScoresVisitor {
            type Value = Scores;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map from emotion id to score")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scores, A::Error> {
                let mut scores = [0.0f32; Emotion::COUNT];
                while let Some((label, score)) = map.next_entry::<String, f32>()? {
                    let e: Emotion = label.parse().map_err(de::Error::custom)?;
                    scores[e.index()] = score;
                }
                Ok(Scores(scores))
            }
        }
        deserializer.deserialize_map(ScoresVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_prefers_the_first_on_ties() {
        assert_eq!(Scores::new([0.0; 9]).best(), Emotion::Anger);
        let mut s = [0.1; 9];
        s[5] = 0.2;
        assert_eq!(Scores::new(s).best(), Emotion::Joy);
    }

    #[test]
    fn intensity_level_follows_the_guide() {
        let mut r = EmotionResult {
            emotion: Emotion::Anger,
            scores: Scores::default(),
            intensity: 0.0,
            polarity: 0.0,
            evidence: vec![],
            truncated: false,
            escalation: Escalation::none(),
            aspects: vec![],
        };
        assert_eq!(r.intensity_level(), 1);
        r.intensity = 1.0;
        assert_eq!(r.intensity_level(), 3);
        r.emotion = Emotion::Neutral;
        assert_eq!(r.intensity_level(), 0);
    }
}

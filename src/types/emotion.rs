//! The nine emotion labels and their polarity.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::types::error::Error;

/// The emotional state of a customer in one message, as specified in the
/// project's label guide (`anger` … `neutral`).
///
/// ```
/// use zh_emotion::{Emotion, Polarity};
/// let e: Emotion = "anxiety".parse().unwrap();
/// assert_eq!(e, Emotion::Anxiety);
/// assert_eq!(e.zh(), "焦虑");
/// assert_eq!(e.polarity(), Polarity::Negative);
/// assert_eq!(Emotion::ALL.len(), 9);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Emotion {
    /// 愤怒: hostility, blame, accusation, insults, threats.
    Anger,
    /// 失望: unmet expectations, dissatisfaction without hostility.
    Disappointment,
    /// 焦虑: urgency, worry, fear about an outcome; urging.
    Anxiety,
    /// 悲伤: hurt, grief, helplessness, low mood.
    Sadness,
    /// 厌恶: revulsion, physical or moral; contempt for a thing.
    Disgust,
    /// 喜悦: happiness, satisfaction, liking, praise.
    Joy,
    /// 感激: thanks and appreciation aimed at staff or the company.
    Gratitude,
    /// 惊讶: the unexpected, without a stronger emotion beside it.
    Surprise,
    /// 中性: a factual question or request with no emotional load.
    Neutral,
}

/// Which way an emotion leans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    /// `joy`, `gratitude`.
    Positive,
    /// `anger`, `disappointment`, `anxiety`, `sadness`, `disgust`.
    Negative,
    /// `surprise`, `neutral`.
    Neutral,
}

impl Polarity {
    /// The side of a verdict `polarity` in [-1, 1] that is at least `clear` from 0
    /// (`None` when it is closer, or not a number).
    ///
    /// ```
    /// use zh_emotion::Polarity;
    /// assert_eq!(Polarity::of_clear_verdict(0.7, 0.5), Some(Polarity::Positive));
    /// assert_eq!(Polarity::of_clear_verdict(-0.5, 0.5), Some(Polarity::Negative));
    /// assert_eq!(Polarity::of_clear_verdict(0.2, 0.5), None);
    /// ```
    pub fn of_clear_verdict(polarity: f32, clear: f32) -> Option<Polarity> {
        if polarity >= clear {
            Some(Polarity::Positive)
        } else if polarity <= -clear {
            Some(Polarity::Negative)
        } else {
            None
        }
    }

    /// +1 for positive, -1 for negative, 0 for neutral.
    pub fn sign(self) -> f32 {
        match self {
            Polarity::Positive => 1.0,
            Polarity::Negative => -1.0,
            Polarity::Neutral => 0.0,
        }
    }
}

impl Emotion {
    /// Number of labels.
    pub const COUNT: usize = 9;

    /// Every label, in the fixed order used for score arrays and model columns.
    pub const ALL: [Emotion; Emotion::COUNT] = [
        Emotion::Anger,
        Emotion::Disappointment,
        Emotion::Anxiety,
        Emotion::Sadness,
        Emotion::Disgust,
        Emotion::Joy,
        Emotion::Gratitude,
        Emotion::Surprise,
        Emotion::Neutral,
    ];

    /// The negative labels.
    pub const NEGATIVE: [Emotion; 5] = [
        Emotion::Anger,
        Emotion::Disappointment,
        Emotion::Anxiety,
        Emotion::Sadness,
        Emotion::Disgust,
    ];

    /// The positive labels.
    pub const POSITIVE: [Emotion; 2] = [Emotion::Joy, Emotion::Gratitude];

    /// The label's id, as used in files and JSON (`"anger"`).
    pub fn id(self) -> &'static str {
        match self {
            Emotion::Anger => "anger",
            Emotion::Disappointment => "disappointment",
            Emotion::Anxiety => "anxiety",
            Emotion::Sadness => "sadness",
            Emotion::Disgust => "disgust",
            Emotion::Joy => "joy",
            Emotion::Gratitude => "gratitude",
            Emotion::Surprise => "surprise",
            Emotion::Neutral => "neutral",
        }
    }

    /// The label's Chinese name (`"愤怒"`).
    pub fn zh(self) -> &'static str {
        match self {
            Emotion::Anger => "愤怒",
            Emotion::Disappointment => "失望",
            Emotion::Anxiety => "焦虑",
            Emotion::Sadness => "悲伤",
            Emotion::Disgust => "厌恶",
            Emotion::Joy => "喜悦",
            Emotion::Gratitude => "感激",
            Emotion::Surprise => "惊讶",
            Emotion::Neutral => "中性",
        }
    }

    /// The label's English name (`"Anger"`).
    pub fn en(self) -> &'static str {
        match self {
            Emotion::Anger => "Anger",
            Emotion::Disappointment => "Disappointment",
            Emotion::Anxiety => "Anxiety",
            Emotion::Sadness => "Sadness",
            Emotion::Disgust => "Disgust",
            Emotion::Joy => "Joy",
            Emotion::Gratitude => "Gratitude",
            Emotion::Surprise => "Surprise",
            Emotion::Neutral => "Neutral",
        }
    }

    /// Which way the label leans.
    pub fn polarity(self) -> Polarity {
        match self {
            Emotion::Joy | Emotion::Gratitude => Polarity::Positive,
            Emotion::Surprise | Emotion::Neutral => Polarity::Neutral,
            _ => Polarity::Negative,
        }
    }

    /// Position of the label in [`Emotion::ALL`] (and in score arrays).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The label at position `index` of [`Emotion::ALL`], if any.
    pub fn from_index(index: usize) -> Option<Emotion> {
        Emotion::ALL.get(index).copied()
    }
}

impl fmt::Display for Emotion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Emotion {
    type Err = Error;

    /// Parses an id (`anger`), case-insensitively and ignoring surrounding spaces,
    /// or a Chinese name (`愤怒`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        Emotion::ALL
            .into_iter()
            .find(|e| e.id().eq_ignore_ascii_case(wanted) || e.zh() == wanted)
            .ok_or_else(|| Error::UnknownLabel(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_index_matches_order() {
        for (i, e) in Emotion::ALL.into_iter().enumerate() {
            assert_eq!(e.index(), i);
            assert_eq!(Emotion::from_index(i), Some(e));
            assert_eq!(e.id().parse::<Emotion>().unwrap(), e);
            assert_eq!(e.zh().parse::<Emotion>().unwrap(), e);
            assert_eq!(e.to_string(), e.id());
        }
        assert_eq!(Emotion::from_index(9), None);
    }

    #[test]
    fn unknown_label_is_a_typed_error() {
        let err = "happy".parse::<Emotion>().unwrap_err();
        assert!(matches!(err, Error::UnknownLabel(ref s) if s == "happy"));
    }

    #[test]
    fn polarity_follows_the_label_guide() {
        let negative: Vec<_> = Emotion::ALL
            .into_iter()
            .filter(|e| e.polarity() == Polarity::Negative)
            .collect();
        assert_eq!(negative, Emotion::NEGATIVE);
        assert_eq!(Emotion::Surprise.polarity(), Polarity::Neutral);
        assert_eq!(Emotion::Gratitude.polarity().sign(), 1.0);
    }
}

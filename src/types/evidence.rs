//! The evidence behind a result: each lexicon word that counted, where it is in the
//! caller's text, and the modifiers that acted on it.

use serde::{Deserialize, Serialize};

use crate::types::emotion::Emotion;
use crate::types::modifier::ModifierKind;

/// One lexicon word that contributed to the result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The word as it appears in the input.
    pub text: String,
    /// Byte offset of the word in the input (a char boundary).
    pub start: usize,
    /// Byte offset just past the word (a char boundary).
    pub end: usize,
    /// The label the word counted for, after negation and sarcasm.
    pub emotion: Emotion,
    /// The word's label in the lexicon.
    pub lexicon_emotion: Emotion,
    /// The word's weight after its modifiers.
    pub weight: f32,
    /// True when the word was negated.
    pub negated: bool,
    /// The modifiers that acted on the word.
    pub modifiers: Vec<ModifierEvidence>,
}

/// A modifier word that acted on an evidence word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModifierEvidence {
    /// Negation, degree, contrast or sarcasm.
    pub kind: ModifierKind,
    /// The modifier as it appears in the input.
    pub text: String,
    /// Byte offset of the modifier in the input.
    pub start: usize,
    /// Byte offset just past the modifier.
    pub end: usize,
    /// Its factor (degree multiplier, contrast weight; 1 for negation and sarcasm).
    pub factor: f32,
}

//! The emotion lexicon: emotion words with their strengths, and the modifier words
//! (negation, degree, contrast, sarcasm, rhetorical question) that change them.
//!
//! The default lexicon is embedded from `data/lexicon/`; its file formats are
//! documented in `data/README.md`. Words are stored normalised (see
//! [`crate::pipeline::normalize`]), so `不滿意` and `不满意`, `ＹＹＤＳ` and `yyds` are one entry.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;

use crate::pipeline::normalize::normalize;
use crate::types::emotion::Emotion;
use crate::types::error::Error;
pub use crate::types::modifier::ModifierKind;

/// Strongest strength an emotion word may have (1 mild, 2 moderate, 3 strong).
pub const MAX_STRENGTH: f32 = 3.0;

/// Longest negation scope, in tokens.
pub const MAX_NEGATION_SCOPE: u8 = 6;

impl ModifierKind {
    /// The range a value of this kind must lie in.
    fn valid_range(self) -> (f32, f32) {
        match self {
            ModifierKind::Negation => (1.0, MAX_NEGATION_SCOPE as f32),
            ModifierKind::Degree => (0.1, 5.0),
            ModifierKind::Contrast => (1.0, 5.0),
            ModifierKind::Sarcasm | ModifierKind::Rhetorical | ModifierKind::Stakes => {
                (0.1, MAX_STRENGTH)
            }
        }
    }
}

/// Everything the lexicon knows about one word.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordInfo {
    /// The labels the word expresses, each with its strength in (0, 3].
    pub emotions: Vec<(Emotion, f32)>,
    /// Negation scope in tokens, if the word negates.
    pub negation: Option<u8>,
    /// Degree multiplier, if the word is a degree word or hedge.
    pub degree: Option<f32>,
    /// Weight of the clause after this contrast conjunction.
    pub contrast: Option<f32>,
    /// Strength of this sarcasm cue.
    pub sarcasm: Option<f32>,
    /// Strength of this rhetorical-question cue.
    pub rhetorical: Option<f32>,
    /// Strength of this high-stakes cue.
    pub stakes: Option<f32>,
}

impl WordInfo {
    /// True when the word is an emotion word.
    pub fn is_emotion(&self) -> bool {
        !self.emotions.is_empty()
    }

    /// The value of the modifier of `kind`, if the word has one.
    pub fn modifier(&self, kind: ModifierKind) -> Option<f32> {
        match kind {
            ModifierKind::Negation => self.negation.map(f32::from),
            ModifierKind::Degree => self.degree,
            ModifierKind::Contrast => self.contrast,
            ModifierKind::Sarcasm => self.sarcasm,
            ModifierKind::Rhetorical => self.rhetorical,
            ModifierKind::Stakes => self.stakes,
        }
    }
}

/// An emotion lexicon. Build the default with [`Lexicon::embedded`], or start from
/// [`Lexicon::empty`] and add entries.
///
/// ```
/// use zh_emotion::{Emotion, Lexicon};
/// let mut lexicon = Lexicon::embedded();
/// lexicon.add_emotion_word("拖拖拉拉", Emotion::Anger, 2.0).unwrap();
/// assert!(lexicon.get("拖拖拉拉").unwrap().is_emotion());
/// // Strengths outside (0, 3] are refused with a typed error.
/// assert!(lexicon.add_emotion_word("好评", Emotion::Joy, 7.0).is_err());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Looked up once per token or more: FxHash hashes a short word several times
    /// faster than the default SipHash, and the keys are our own words, not an
    /// attacker's choice.
    words: HashMap<String, WordInfo, FxBuildHasher>,
    /// Entries with characters jieba would split (emoji, `[怒]`, `T_T`), by first char,
    /// longest first.
    symbols: HashMap<char, Vec<String>, FxBuildHasher>,
    /// Bit `b` set when a symbol entry starts with the ASCII byte `b`: most
    /// characters outside Han text are ASCII after normalisation, and this answers
    /// them without a hash lookup.
    symbol_ascii_starts: u128,
    /// The one-character degree words, sorted: the heads that [`Lexicon::glued`] reads
    /// a token the segmenter glued to its word by (很丑).
    degree_heads: Vec<char>,
    /// Bit `c % 1024` set for each character `c` of `degree_heads`: most tokens are
    /// no glued ones, and this answers them without a search.
    degree_head_bits: [u64; 16],
}

/// A token the lexicon does not know, read as a one-character negation (不, 没) or
/// degree word and an emotion word the lexicon knows ([`Lexicon::glued`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Glued<'a> {
    /// The emotion word's entry.
    pub info: &'a WordInfo,
    /// The head is 不 or 没.
    pub negated: bool,
    /// The head's degree factor, when it is a degree word.
    pub degree: Option<f32>,
}

/// The bytes of the one Han character (不, 没, 很, 太, …) a [`Glued`] token begins with.
pub(crate) const GLUED_HEAD_BYTES: usize = 3;

/// Tokens glued from a degree word and an emotion word that mean something else:
/// 好坏 is "good or bad" (质量好坏).
const NOT_GLUED: &[&str] = &["好坏"];

/// The embedded lexicon sources: (file name, label for two-column files).
const EMBEDDED_EMOTION_FILES: [(&str, Emotion, &str); 9] = [
    (
        "anger.tsv",
        Emotion::Anger,
        include_str!("../../data/lexicon/anger.tsv"),
    ),
    (
        "disappointment.tsv",
        Emotion::Disappointment,
        include_str!("../../data/lexicon/disappointment.tsv"),
    ),
    (
        "anxiety.tsv",
        Emotion::Anxiety,
        include_str!("../../data/lexicon/anxiety.tsv"),
    ),
    (
        "sadness.tsv",
        Emotion::Sadness,
        include_str!("../../data/lexicon/sadness.tsv"),
    ),
    (
        "disgust.tsv",
        Emotion::Disgust,
        include_str!("../../data/lexicon/disgust.tsv"),
    ),
    (
        "joy.tsv",
        Emotion::Joy,
        include_str!("../../data/lexicon/joy.tsv"),
    ),
    (
        "gratitude.tsv",
        Emotion::Gratitude,
        include_str!("../../data/lexicon/gratitude.tsv"),
    ),
    (
        "surprise.tsv",
        Emotion::Surprise,
        include_str!("../../data/lexicon/surprise.tsv"),
    ),
    (
        "neutral.tsv",
        Emotion::Neutral,
        include_str!("../../data/lexicon/neutral.tsv"),
    ),
];
const EMBEDDED_EMOJI: &str = include_str!("../../data/lexicon/emoji.tsv");
const EMBEDDED_MODIFIERS: &str = include_str!("../../data/lexicon/modifiers.tsv");

impl Lexicon {
    /// A lexicon with no entries.
    pub fn empty() -> Self {
        Self::default()
    }

    /// The lexicon shipped with the crate (`data/lexicon/`).
    pub fn embedded() -> Self {
        // The embedded files are parsed by a unit test on every build, so a parse
        // error here is a packaging defect, never a consequence of user input.
        Self::try_embedded().expect("embedded lexicon is validated by tests")
    }

    /// The shipped lexicon, or the first error in its files.
    pub fn try_embedded() -> Result<Self, Error> {
        let mut lexicon = Self::empty();
        for (origin, label, text) in EMBEDDED_EMOTION_FILES {
            lexicon.load_label_file(origin, label, text)?;
        }
        lexicon.load_tsv("emoji.tsv", EMBEDDED_EMOJI)?;
        lexicon.load_modifiers("modifiers.tsv", EMBEDDED_MODIFIERS)?;
        Ok(lexicon)
    }

    /// Number of distinct words (emotion words and modifiers).
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Number of (word, label) emotion entries.
    pub fn emotion_entry_count(&self) -> usize {
        self.words.values().map(|w| w.emotions.len()).sum()
    }

    /// What the lexicon knows about `word` (already normalised).
    pub fn get(&self, word: &str) -> Option<&WordInfo> {
        self.words.get(word)
    }

    /// `token`, which the lexicon does not know, read as a one-character negation or
    /// degree word and then an emotion word it knows: jieba keeps 不差, 没坏, 很丑 and
    /// 挺脏 whole. A degree word glues only to a complaint: with praise it can mean
    /// excess (太甜 of a dessert is a complaint).
    pub(crate) fn glued(&self, token: &str) -> Option<Glued<'_>> {
        let b = token.as_bytes();
        // A head of three UTF-8 bytes (every Han character of the BMP) and more after it.
        if b.len() <= GLUED_HEAD_BYTES || b[0] & 0xF0 != 0xE0 {
            return None;
        }
        let code =
            (u32::from(b[0] & 0x0F) << 12) | (u32::from(b[1] & 0x3F) << 6) | u32::from(b[2] & 0x3F);
        let negated = code == '不' as u32 || code == '没' as u32;
        if !negated {
            let bit = code as usize % 1024;
            if self.degree_head_bits[bit / 64] & (1 << (bit % 64)) == 0 {
                return None;
            }
            let head = char::from_u32(code)?;
            if self.degree_heads.binary_search(&head).is_err() || NOT_GLUED.contains(&token) {
                return None;
            }
        }
        let (head, rest) = token.split_at(GLUED_HEAD_BYTES);
        let info = self.words.get(rest)?;
        let complaint = info
            .emotions
            .iter()
            .all(|(e, _)| e.polarity() == crate::types::emotion::Polarity::Negative);
        let word = info.is_emotion() && info.negation.is_none() && info.degree.is_none();
        if !word || !(negated || complaint) {
            return None;
        }
        let degree = if negated {
            None
        } else {
            self.words.get(head)?.degree
        };
        Some(Glued {
            info,
            negated,
            degree,
        })
    }

    /// All words with their information, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &WordInfo)> {
        self.words.iter().map(|(w, i)| (w.as_str(), i))
    }

    /// The longest symbol entry (emoji, emoticon) starting at byte `at` of `text`,
    /// as its length in bytes.
    pub fn symbol_at(&self, text: &str, at: usize) -> Option<usize> {
        let first = text[at..].chars().next()?;
        if first.is_ascii() && self.symbol_ascii_starts & (1 << (first as u32)) == 0 {
            return None;
        }
        let candidates = self.symbols.get(&first)?;
        candidates
            .iter()
            .find(|s| text[at..].starts_with(s.as_str()))
            .map(String::len)
    }

    /// Adds an emotion word. Errors on an empty word, a strength outside (0, 3] or a
    /// (word, label) pair already present.
    pub fn add_emotion_word(
        &mut self,
        word: &str,
        emotion: Emotion,
        strength: f32,
    ) -> Result<(), Error> {
        self.insert_emotion(word, emotion, strength)
            .map_err(|reason| lexicon_error("add_emotion_word", 0, reason))
    }

    /// Adds a modifier word. Errors on an empty word, a value outside the kind's range
    /// (negation scope 1–6, degree 0.1–5, contrast 1–5, sarcasm/rhetorical/stakes 0.1–3) or
    /// a word that already has a modifier of this kind.
    pub fn add_modifier(
        &mut self,
        kind: ModifierKind,
        word: &str,
        value: f32,
    ) -> Result<(), Error> {
        self.insert_modifier(kind, word, value)
            .map_err(|reason| lexicon_error("add_modifier", 0, reason))
    }

    /// Loads a two-column file `word<TAB>strength` whose words all express `label`.
    pub fn load_label_file(
        &mut self,
        origin: &str,
        label: Emotion,
        text: &str,
    ) -> Result<(), Error> {
        for (line_no, fields) in data_lines(text) {
            let result = match fields.as_slice() {
                [word, strength] => {
                    parse_number(strength).and_then(|s| self.insert_emotion(word, label, s))
                }
                _ => Err(format!(
                    "expected 2 tab-separated fields (word, strength), found {}",
                    fields.len()
                )),
            };
            result.map_err(|reason| lexicon_error(origin, line_no, reason))?;
        }
        Ok(())
    }

    /// Loads a three-column file `word<TAB>label<TAB>strength` (the user-lexicon format,
    /// also used for emoji). Labels are ids such as `anger`.
    pub fn load_tsv(&mut self, origin: &str, text: &str) -> Result<(), Error> {
        for (line_no, fields) in data_lines(text) {
            let result = match fields.as_slice() {
                [word, label, strength] => label
                    .parse::<Emotion>()
                    .map_err(|e| e.to_string())
                    .and_then(|label| Ok((label, parse_number(strength)?)))
                    .and_then(|(label, s)| self.insert_emotion(word, label, s)),
                _ => Err(format!(
                    "expected 3 tab-separated fields (word, label, strength), found {}",
                    fields.len()
                )),
            };
            result.map_err(|reason| lexicon_error(origin, line_no, reason))?;
        }
        Ok(())
    }

    /// Loads a modifier file `kind<TAB>word<TAB>value` with kinds `negation`, `degree`,
    /// `contrast`, `sarcasm`, `rhetorical`, `stakes`.
    pub fn load_modifiers(&mut self, origin: &str, text: &str) -> Result<(), Error> {
        for (line_no, fields) in data_lines(text) {
            let result = match fields.as_slice() {
                [kind, word, value] => ModifierKind::ALL
                    .into_iter()
                    .find(|k| k.id() == *kind)
                    .ok_or_else(|| format!("unknown modifier kind {kind:?}"))
                    .and_then(|kind| Ok((kind, parse_number(value)?)))
                    .and_then(|(kind, v)| self.insert_modifier(kind, word, v)),
                _ => Err(format!(
                    "expected 3 tab-separated fields (kind, word, value), found {}",
                    fields.len()
                )),
            };
            result.map_err(|reason| lexicon_error(origin, line_no, reason))?;
        }
        Ok(())
    }

    fn insert_emotion(
        &mut self,
        word: &str,
        emotion: Emotion,
        strength: f32,
    ) -> Result<(), String> {
        if !(strength.is_finite() && strength > 0.0 && strength <= MAX_STRENGTH) {
            return Err(format!(
                "strength {strength} of {word:?} is outside (0, {MAX_STRENGTH}]"
            ));
        }
        let key = self.key_for(word)?;
        let info = self.words.entry(key).or_default();
        if info.emotions.iter().any(|(e, _)| *e == emotion) {
            return Err(format!("duplicate entry {word:?} for {emotion}"));
        }
        info.emotions.push((emotion, strength));
        Ok(())
    }

    fn insert_modifier(
        &mut self,
        kind: ModifierKind,
        word: &str,
        value: f32,
    ) -> Result<(), String> {
        let (lo, hi) = kind.valid_range();
        if !(value.is_finite() && value >= lo && value <= hi) {
            return Err(format!(
                "{} value {value} of {word:?} is outside [{lo}, {hi}]",
                kind.id()
            ));
        }
        let key = self.key_for(word)?;
        let mut chars = key.chars();
        let single = chars.next().filter(|_| chars.next().is_none());
        let info = self.words.entry(key).or_default();
        if info.modifier(kind).is_some() {
            return Err(format!("duplicate {} entry {word:?}", kind.id()));
        }
        match kind {
            ModifierKind::Negation => info.negation = Some(value.round() as u8),
            ModifierKind::Degree => {
                info.degree = Some(value);
                if let Some(c) = single {
                    if let Err(at) = self.degree_heads.binary_search(&c) {
                        self.degree_heads.insert(at, c);
                        let bit = c as usize % 1024;
                        self.degree_head_bits[bit / 64] |= 1 << (bit % 64);
                    }
                }
            }
            ModifierKind::Contrast => info.contrast = Some(value),
            ModifierKind::Sarcasm => info.sarcasm = Some(value),
            ModifierKind::Rhetorical => info.rhetorical = Some(value),
            ModifierKind::Stakes => info.stakes = Some(value),
        }
        Ok(())
    }

    /// Normalises a new word and registers it with the symbol matcher when jieba
    /// would split it.
    fn key_for(&mut self, word: &str) -> Result<String, String> {
        let key = normalize(word.trim()).as_str().to_string();
        if key.is_empty() {
            return Err("empty word".to_string());
        }
        if key.chars().any(|c| c.is_whitespace()) {
            return Err(format!("word {word:?} contains whitespace"));
        }
        if !self.words.contains_key(&key) && is_symbol_entry(&key) {
            if let Some(first) = key.chars().next() {
                if first.is_ascii() {
                    self.symbol_ascii_starts |= 1 << (first as u32);
                }
                let list = self.symbols.entry(first).or_default();
                list.push(key.clone());
                // Longest first, then by text, so matching is deterministic.
                list.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            }
        }
        Ok(key)
    }

    /// Multi-character words made of Han characters: the ones jieba must keep whole.
    pub fn segmenter_words(&self) -> impl Iterator<Item = &str> {
        self.words
            .keys()
            .filter(|w| w.chars().count() >= 2 && w.chars().any(is_han) && !is_symbol_entry(w))
            .map(String::as_str)
    }
}

/// True for CJK unified ideographs (the characters jieba segments as words).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2FFFF}')
}

/// Entries jieba would cut apart: anything with a character that is neither Han nor
/// ASCII alphanumeric (emoji, brackets, kaomoji).
fn is_symbol_entry(word: &str) -> bool {
    word.chars()
        .any(|c| !(is_han(c) || c.is_ascii_alphanumeric()))
}

fn lexicon_error(origin: &str, line: usize, reason: String) -> Error {
    Error::Lexicon {
        origin: origin.to_string(),
        line,
        reason,
    }
}

fn parse_number(field: &str) -> Result<f32, String> {
    field
        .trim()
        .parse::<f32>()
        .map_err(|_| format!("{field:?} is not a number"))
}

/// Non-comment, non-blank lines with their 1-based numbers, split on tabs.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            None
        } else {
            Some((i + 1, line.split('\t').collect()))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_parses_and_is_large() {
        let lexicon = Lexicon::try_embedded().unwrap();
        assert!(
            lexicon.emotion_entry_count() > 2000,
            "{}",
            lexicon.emotion_entry_count()
        );
        for label in Emotion::ALL {
            let n = lexicon
                .iter()
                .filter(|(_, i)| i.emotions.iter().any(|(e, _)| *e == label))
                .count();
            assert!(n >= 50, "{label}: only {n} entries");
        }
        assert!(lexicon.get("不").unwrap().negation.is_some());
        assert!(lexicon.get("非常").unwrap().degree.unwrap() > 1.0);
        assert!(lexicon.get("但是").unwrap().contrast.is_some());
    }

    #[test]
    fn traditional_and_full_width_words_share_an_entry() {
        let mut lexicon = Lexicon::empty();
        lexicon.add_emotion_word("滿意", Emotion::Joy, 2.0).unwrap();
        assert!(lexicon.get("满意").is_some());
        let err = lexicon
            .add_emotion_word("满意", Emotion::Joy, 1.0)
            .unwrap_err();
        assert!(err.to_string().contains("duplicate"), "{err}");
        lexicon
            .add_emotion_word("ＹＹＤＳ", Emotion::Joy, 3.0)
            .unwrap();
        assert!(lexicon.get("yyds").is_some());
    }

    #[test]
    fn malformed_lines_report_origin_and_line() {
        let mut lexicon = Lexicon::empty();
        let err = lexicon
            .load_tsv("user.tsv", "# c\n好评\tjoy\t2\n差评\tangry\t2\n")
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("user.tsv") && msg.contains("line 3") && msg.contains("angry"),
            "{msg}"
        );
        for bad in [
            "x\tjoy\tNaN",
            "x\tjoy\t0",
            "x\tjoy\t3.5",
            "x\tjoy",
            "\tjoy\t1",
            "x\tjoy\tinf",
        ] {
            assert!(
                Lexicon::empty().load_tsv("t", bad).is_err(),
                "{bad:?} accepted"
            );
        }
        assert!(Lexicon::empty()
            .load_modifiers("m", "degree\t非常\t99")
            .is_err());
        assert!(Lexicon::empty()
            .load_modifiers("m", "negate\t不\t2")
            .is_err());
        assert!(Lexicon::empty()
            .load_modifiers("m", "negation\t不\t2\nnegation\t不\t3")
            .is_err());
        assert!(Lexicon::empty()
            .load_label_file("l", Emotion::Joy, "好\t1\t2")
            .is_err());
    }

    #[test]
    fn symbols_match_longest_first() {
        let mut lexicon = Lexicon::empty();
        lexicon
            .add_emotion_word("[怒]", Emotion::Anger, 2.0)
            .unwrap();
        lexicon.add_emotion_word("😡", Emotion::Anger, 2.0).unwrap();
        lexicon
            .add_emotion_word("😡😡", Emotion::Anger, 3.0)
            .unwrap();
        assert_eq!(lexicon.symbol_at("a😡😡", 1), Some(8));
        assert_eq!(lexicon.symbol_at("[怒]了", 0), Some(5));
        assert_eq!(lexicon.symbol_at("[好]", 0), None);
        assert!(lexicon.segmenter_words().all(|w| !w.contains('[')));
    }
}

//! The classifier and its builder: the pipeline from text to [`EmotionResult`].

mod builder;

use std::cell::RefCell;
use std::sync::Arc;

use once_cell::sync::Lazy;
use rayon::prelude::*;

pub use crate::pipeline::model::{agree_with_verdict, CLEAR_VERDICT};
pub use builder::{ClassifierBuilder, DEFAULT_MAX_CHARS};
use builder::{DEFAULT_LEXICON, DEFAULT_MODEL, DEFAULT_SEGMENTER};

use crate::assess::intensity::{intensity, intensity_features, INTENSITY_FEATURES};
use crate::pipeline::features::{extract_facts_into, SparseFeatures, TokenEntries};
use crate::pipeline::lexicon::Lexicon;
use crate::pipeline::model::{HeadOutputs, LinearModel};
use crate::pipeline::normalize::{normalize, NormalizedText};
use crate::pipeline::scoring::{analyse_facts, LexiconAnalysis};
use crate::pipeline::segment::{Segmenter, Token};
use crate::pipeline::tokens::{token_facts, TokenFacts};
use crate::pipeline::verdict::{litotes_verdict, positive_only, praise_only, without_neutral};
use crate::types::emotion::Emotion;
use crate::types::error::Error;
use crate::types::evidence::{Evidence, ModifierEvidence};
use crate::types::result::{EmotionResult, Scores};

/// Classifies Chinese customer messages. Immutable, `Send + Sync`, and cheap to
/// clone (its data is shared).
///
/// `Classifier::default()` uses the embedded lexicon and model and costs nothing
/// until the first classification, which loads them (once per process, shared by all
/// default classifiers). Servers that want steady latency call
/// [`ClassifierBuilder::preload`] or [`Classifier::preload`].
///
/// ```
/// use zh_emotion::{Classifier, Emotion};
/// let classifier = Classifier::default();
/// let result = classifier.classify("客服态度特别好，谢谢你们！");
/// assert_eq!(result.emotion, Emotion::Gratitude);
/// let batch = classifier.classify_batch(&["好评", "请问发票怎么开？"]);
/// assert_eq!(batch[1].emotion, Emotion::Neutral);
/// ```
#[derive(Debug, Clone)]
pub struct Classifier {
    /// `None`: the embedded default, loaded on first use.
    pub(super) lexicon: Option<Arc<Lexicon>>,
    pub(super) segmenter: Option<Arc<Segmenter>>,
    pub(super) model: Option<Arc<LinearModel>>,
    pub(super) max_chars: usize,
    pub(super) aspects: bool,
}

impl Default for Classifier {
    fn default() -> Self {
        ClassifierBuilder::new().build()
    }
}

/// Buffers reused across the messages one thread classifies.
#[derive(Default)]
struct Scratch {
    normalized: NormalizedText,
    tokens: Vec<Token>,
    features: SparseFeatures,
    /// Where each token's entries lie in `features`, for the aspects' features.
    entries: TokenEntries,
    aspects: crate::assess::aspect::AspectScratch,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The intermediate products of the pipeline for one message, for training and
/// inspection.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The normalised text.
    pub normalized: NormalizedText,
    /// The lexicon analysis.
    pub lexicon: LexiconAnalysis,
    /// The model features.
    pub features: SparseFeatures,
}

impl Classifier {
    /// A builder for a customised classifier.
    pub fn builder() -> ClassifierBuilder {
        ClassifierBuilder::new()
    }

    /// Forces loading of the dictionary, lexicon, model and escalation rules now.
    pub fn preload(&self) {
        let _ = (self.lexicon(), self.segmenter(), self.model());
        let _ = crate::assess::escalation::EscalationRules::embedded();
        let _ = crate::assess::aspect::AspectTerms::embedded();
    }

    /// The maximum message length in characters.
    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        self.lexicon.as_deref().unwrap_or_else(|| &DEFAULT_LEXICON)
    }

    /// The model in use.
    pub fn model(&self) -> &LinearModel {
        self.model.as_deref().unwrap_or_else(|| &DEFAULT_MODEL)
    }

    /// The segmenter in use.
    pub fn segmenter(&self) -> &Segmenter {
        self.segmenter
            .as_deref()
            .unwrap_or_else(|| &DEFAULT_SEGMENTER)
    }

    /// Classifies one message. Never fails: empty or whitespace-only text gives the
    /// neutral result (score 1 for `neutral`, intensity 0, polarity 0), and text longer than [`Classifier::max_chars`] is
    /// truncated and flagged.
    pub fn classify(&self, text: &str) -> EmotionResult {
        let (text, truncated) = truncate_chars(text, self.max_chars);
        SCRATCH.with(|scratch| {
            let mut guard = scratch.try_borrow_mut();
            let mut local = Scratch::default();
            // Re-entrant use on one thread (never expected) falls back to fresh buffers.
            let scratch = guard.as_deref_mut().unwrap_or(&mut local);
            let mut normalized = std::mem::take(&mut scratch.normalized);
            normalized.set(text);
            let mut facts = Vec::new();
            let mut entries = std::mem::take(&mut scratch.entries);
            let record = if self.aspects {
                Some(&mut entries)
            } else {
                None
            };
            let analysis = self.analyse_into(
                &normalized,
                self.model().hash_bits(),
                scratch,
                &mut facts,
                record,
            );
            let mut result =
                self.finish(text, &normalized, &analysis, &scratch.features, truncated);
            if self.aspects {
                result.aspects = crate::assess::aspect::aspects(
                    &crate::assess::aspect::MessageParts {
                        text,
                        normalized: &normalized,
                        tokens: &scratch.tokens,
                        facts: &facts,
                        analysis: &analysis,
                        features: &scratch.features,
                        entries: &entries,
                        model: self.model(),
                        terms: crate::assess::aspect::AspectTerms::embedded(),
                        emotion: result.emotion,
                        polarity: result.polarity,
                    },
                    &mut scratch.aspects,
                );
            }
            scratch.entries = entries;
            scratch.normalized = normalized;
            result
        })
    }

    /// Classifies UTF-8 bytes; invalid UTF-8 is an error carrying the byte position.
    ///
    /// ```
    /// use zh_emotion::{Classifier, Error};
    /// let err = Classifier::default().classify_bytes(b"ok\xff").unwrap_err();
    /// assert!(matches!(err, Error::InvalidUtf8 { position: 2 }));
    /// ```
    pub fn classify_bytes(&self, bytes: &[u8]) -> Result<EmotionResult, Error> {
        let text = std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
            position: e.valid_up_to(),
        })?;
        Ok(self.classify(text))
    }

    /// Classifies many messages in parallel (rayon's current pool). The results are
    /// in input order and identical to classifying one by one.
    pub fn classify_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<EmotionResult> {
        texts
            .par_iter()
            .map(|t| self.classify(t.as_ref()))
            .collect()
    }

    /// Runs the pipeline up to the model's input: normalised text, lexicon analysis
    /// and features.
    pub fn analyse(&self, text: &str) -> Analysis {
        self.analyse_with_hash_bits(text, self.model().hash_bits())
    }

    /// [`Classifier::analyse`] with n-gram features hashed to `hash_bits` bits: what
    /// training uses to build features for a model of another size.
    pub fn analyse_with_hash_bits(&self, text: &str, hash_bits: u32) -> Analysis {
        let (text, _) = truncate_chars(text, self.max_chars);
        let normalized = normalize(text);
        let mut scratch = Scratch::default();
        let mut facts = Vec::new();
        let lexicon = self.analyse_into(&normalized, hash_bits, &mut scratch, &mut facts, None);
        Analysis {
            normalized,
            lexicon,
            features: scratch.features,
        }
    }

    /// Segments, scores and extracts features; `facts` receives the tokens' facts and
    /// `record` (when given) where each token's feature entries lie.
    fn analyse_into<'l>(
        &'l self,
        normalized: &NormalizedText,
        hash_bits: u32,
        scratch: &mut Scratch,
        facts: &mut Vec<TokenFacts<'l>>,
        record: Option<&mut TokenEntries>,
    ) -> LexiconAnalysis {
        let lexicon = self.lexicon();
        self.segmenter()
            .segment_into(normalized.as_str(), lexicon, &mut scratch.tokens);
        // One lexicon lookup per token, shared by scoring, features and aspects.
        token_facts(normalized, &scratch.tokens, Some(lexicon), facts);
        let analysis = analyse_facts(normalized, &scratch.tokens, facts);
        extract_facts_into(
            normalized,
            &scratch.tokens,
            facts,
            &analysis,
            hash_bits,
            &mut scratch.features,
            record,
        );
        analysis
    }

    fn finish(
        &self,
        text: &str,
        normalized: &NormalizedText,
        analysis: &LexiconAnalysis,
        features: &SparseFeatures,
        truncated: bool,
    ) -> EmotionResult {
        let model = self.model();
        // Nothing to read (empty or whitespace only): the neutral result, by definition.
        let heads = if text.trim().is_empty() {
            let mut probabilities = [0.0; Emotion::COUNT];
            probabilities[Emotion::Neutral.index()] = 1.0;
            HeadOutputs {
                probabilities,
                polarity: 0.0,
                intensity: 0.0,
            }
        } else {
            model.heads(features)
        };
        // A short statement whose only opinion words are negated complaints
        // (快递一点都不慢) is praise, whatever the verdict head makes of their n-grams.
        let litotes = litotes_verdict(analysis, normalized.as_str(), heads.polarity);
        let polarity = litotes.unwrap_or(heads.polarity);
        let mut probabilities = agree_with_verdict(heads.probabilities, polarity);
        if litotes.is_some() {
            probabilities = without_neutral(probabilities);
        } else if praise_only(analysis, normalized.as_str()) {
            // 态度很耐心: the label is of its words' side; the verdict stays the head's.
            probabilities = positive_only(probabilities);
        }
        let scores = Scores::new(probabilities);
        let emotion = scores.best();
        let escalation = escalation_of(text, normalized, analysis, emotion, polarity);
        let signals: [f32; INTENSITY_FEATURES] = intensity_features(
            analysis,
            emotion,
            scores.get(emotion),
            &escalation,
            heads.intensity,
        );
        let intensity = intensity(model.intensity_coefficients(), &signals, emotion);
        EmotionResult {
            emotion,
            scores,
            intensity,
            polarity,
            evidence: evidence(text, normalized, analysis),
            truncated,
            escalation,
            aspects: Vec::new(),
        }
    }
}

/// The escalation assessment of a message whose label is `emotion` and polarity
/// `polarity`: the lexicon words the analysis found confirm the rules' word cues.
///
/// The rules clear a positive message (a resolved risk, thanks); a positive label
/// counts as such only when the scores lean positive as a whole, since a label that
/// wins a near tie against several negative ones (joy 0.25, anger 0.24, …) says little
/// about the message. Otherwise the rules are given no label.
pub(crate) fn escalation_of(
    text: &str,
    normalized: &NormalizedText,
    analysis: &LexiconAnalysis,
    emotion: Emotion,
    polarity: f32,
) -> crate::assess::escalation::Escalation {
    let words: Vec<_> = analysis.hits.iter().map(|h| h.span.clone()).collect();
    let positive = emotion.polarity() == crate::types::emotion::Polarity::Positive;
    let label = (!positive || polarity > 0.0).then_some(emotion);
    crate::assess::escalation::EscalationRules::embedded().assess_normalized(
        text,
        normalized,
        Some(&words),
        label,
    )
}

/// The first `max_chars` characters of `text`, and whether anything was cut.
fn truncate_chars(text: &str, max_chars: usize) -> (&str, bool) {
    // A character is at least one byte: short text needs no count.
    if text.len() <= max_chars {
        return (text, false);
    }
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => (&text[..cut], true),
        None => (text, false),
    }
}

fn evidence(text: &str, normalized: &NormalizedText, analysis: &LexiconAnalysis) -> Vec<Evidence> {
    let slice = |span: &std::ops::Range<usize>| {
        let original = normalized.original_span(span.clone());
        (
            text.get(original.clone()).unwrap_or_default().to_string(),
            original,
        )
    };
    analysis
        .hits
        .iter()
        .map(|hit| {
            let (word, span) = slice(&hit.span);
            Evidence {
                text: word,
                start: span.start,
                end: span.end,
                emotion: hit.emotion,
                lexicon_emotion: hit.lexicon_emotion,
                weight: hit.weight,
                negated: hit.negated,
                modifiers: hit
                    .modifiers
                    .iter()
                    .map(|m| {
                        let (word, span) = slice(&m.span);
                        ModifierEvidence {
                            kind: m.kind,
                            text: word,
                            start: span.start,
                            end: span.end,
                            factor: m.factor,
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Classifies one message with the shared default classifier.
///
/// ```
/// let result = zh_emotion::classify("太失望了，跟描述完全不符");
/// assert_eq!(result.emotion, zh_emotion::Emotion::Disappointment);
/// ```
pub fn classify(text: &str) -> EmotionResult {
    static DEFAULT: Lazy<Classifier> = Lazy::new(Classifier::default);
    DEFAULT.classify(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_loads() {
        let model = LinearModel::embedded().unwrap();
        assert!(model.feature_count() > 1000);
    }

    #[test]
    fn truncation_is_on_char_boundaries() {
        assert_eq!(truncate_chars("你好吗", 2), ("你好", true));
        assert_eq!(truncate_chars("你好", 2), ("你好", false));
        assert_eq!(truncate_chars("", 1), ("", false));
    }

    #[test]
    fn classifier_is_send_sync_and_cheap_to_clone() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Classifier>();
    }

    #[test]
    fn long_input_is_truncated_and_flagged() {
        let c = Classifier::builder().max_chars(10).build();
        let r = c.classify(&"太好了".repeat(100));
        assert!(r.truncated);
        assert!(r.evidence.iter().all(|e| e.end <= 30));
        assert!(!c.classify("太好了").truncated);
    }

    #[test]
    fn a_positive_label_clears_escalation_only_when_the_scores_lean_positive() {
        let text = "再不处理，我就去12315投诉你们";
        let normalized = normalize(text);
        let analysis = LexiconAnalysis::default();
        let escalates = |emotion, polarity| {
            escalation_of(text, &normalized, &analysis, emotion, polarity).escalate
        };
        assert!(escalates(Emotion::Anger, -0.8));
        assert!(!escalates(Emotion::Joy, 0.4));
        // Joy winning a near tie against several negative labels.
        assert!(escalates(Emotion::Joy, -0.1));
    }

    #[test]
    fn empty_input_is_neutral() {
        let r = Classifier::default().classify("");
        assert_eq!(r.emotion, Emotion::Neutral);
        assert_eq!(r.intensity, 0.0);
        assert!(r.evidence.is_empty());
    }
}

//! Building a classifier: the embedded defaults, loaded once per process, and the
//! builder that replaces them with a custom lexicon, model or limits.

use std::sync::Arc;

use once_cell::sync::Lazy;

use super::Classifier;
use crate::pipeline::lexicon::Lexicon;
use crate::pipeline::model::LinearModel;
use crate::pipeline::segment::Segmenter;
use crate::types::error::Error;

/// Default maximum message length in characters; longer input is truncated and flagged.
pub const DEFAULT_MAX_CHARS: usize = 50_000;

pub(super) static DEFAULT_LEXICON: Lazy<Arc<Lexicon>> = Lazy::new(|| Arc::new(Lexicon::embedded()));
pub(super) static DEFAULT_SEGMENTER: Lazy<Arc<Segmenter>> =
    Lazy::new(|| Arc::new(Segmenter::new(&DEFAULT_LEXICON)));
pub(super) static DEFAULT_MODEL: Lazy<Arc<LinearModel>> = Lazy::new(|| {
    // The embedded model is loaded by a unit test on every build, so a failure here
    // is a packaging defect, never a consequence of user input.
    Arc::new(LinearModel::embedded().expect("embedded model is validated by tests"))
});

/// Builds a [`Classifier`] with a custom lexicon, model or limits.
///
/// ```
/// use zh_emotion::{ClassifierBuilder, Emotion, Lexicon};
/// let mut lexicon = Lexicon::embedded();
/// lexicon.add_emotion_word("拖拖拉拉", Emotion::Anger, 2.5).unwrap();
/// let classifier = ClassifierBuilder::new().lexicon(lexicon).max_chars(2_000).build();
/// assert_eq!(classifier.max_chars(), 2_000);
/// ```
#[derive(Debug, Clone, Default)]
pub struct ClassifierBuilder {
    lexicon: Option<Lexicon>,
    model: Option<LinearModel>,
    max_chars: Option<usize>,
    preload: bool,
    aspects: bool,
}

impl ClassifierBuilder {
    /// Starts from the embedded lexicon and model.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses `lexicon` instead of the embedded one (the segmenter learns its words).
    pub fn lexicon(mut self, lexicon: Lexicon) -> Self {
        self.lexicon = Some(lexicon);
        self
    }

    /// Uses `model` instead of the embedded one.
    pub fn model(mut self, model: LinearModel) -> Self {
        self.model = Some(model);
        self
    }

    /// Reads the model from bytes in the format of [`crate::pipeline::model`].
    pub fn model_bytes(self, bytes: &[u8]) -> Result<Self, Error> {
        Ok(self.model(LinearModel::from_bytes(bytes)?))
    }

    /// Reads the model from a file.
    pub fn model_file(self, path: impl AsRef<std::path::Path>) -> Result<Self, Error> {
        let bytes = std::fs::read(path)?;
        self.model_bytes(&bytes)
    }

    /// Maximum message length in characters (at least 1; default
    /// [`DEFAULT_MAX_CHARS`]). Longer messages are cut at that length and the result
    /// says `truncated`, which keeps time and memory bounded for any input.
    pub fn max_chars(mut self, max_chars: usize) -> Self {
        self.max_chars = Some(max_chars.max(1));
        self
    }

    /// Whether results carry their [`crate::assess::aspect`]s (default false: the step
    /// costs about as much again as the rest of a classification today, see
    /// `benches/aspects.rs`; `EmotionResult::aspects` is empty without it).
    ///
    /// ```
    /// let c = zh_emotion::ClassifierBuilder::new().aspects(true).build();
    /// let r = c.classify("菜很好吃，但是上菜太慢，服务员态度也差");
    /// assert!(r.aspects.len() >= 2);
    /// ```
    pub fn aspects(mut self, aspects: bool) -> Self {
        self.aspects = aspects;
        self
    }

    /// Loads everything when `build` is called instead of at the first classification.
    ///
    /// The default is lazy: building costs nothing and the first `classify` in the
    /// process loads jieba's dictionary, the lexicon and the model (a few hundred
    /// milliseconds, almost all of it jieba's dictionary; see `docs/performance.md`).
    /// Servers that want the first request as fast as the rest call `preload`.
    pub fn preload(mut self) -> Self {
        self.preload = true;
        self
    }

    /// Builds the classifier.
    pub fn build(self) -> Classifier {
        let segmenter = self.lexicon.as_ref().map(|l| Arc::new(Segmenter::new(l)));
        let classifier = Classifier {
            lexicon: self.lexicon.map(Arc::new),
            segmenter,
            model: self.model.map(Arc::new),
            max_chars: self.max_chars.unwrap_or(DEFAULT_MAX_CHARS),
            aspects: self.aspects,
        };
        if self.preload {
            classifier.preload();
        }
        classifier
    }
}

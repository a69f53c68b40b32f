//! # zh-emotion
//!
//! Reads Chinese customer messages (chats, tickets, e-mails, reviews) and tells what
//! the customer feels: one of nine [`Emotion`] labels with a probability for each,
//! how strong it is (intensity in [0, 1]), which way it leans (polarity in [-1, 1]),
//! and the evidence behind it (the lexicon words that fired, their modifiers, and
//! where they are in the input).
//!
//! ```
//! use zh_emotion::{Classifier, Emotion};
//!
//! let classifier = Classifier::default();
//! let result = classifier.classify("快递三天了还没到，急死了！");
//! assert_eq!(result.emotion, Emotion::Anxiety);
//! assert!(result.intensity > 0.3);
//! for e in &result.evidence {
//!     println!("{} ({}) at {}..{}", e.text, e.emotion, e.start, e.end);
//! }
//! ```
//!
//! The crate is built in layers, each a folder of `src/` whose modules use only the
//! layers below it:
//!
//! | layer | what it does |
//! |---|---|
//! | [`types`] | the shared vocabulary: [`Emotion`], [`EmotionResult`], [`Escalation`], [`Aspect`], [`Error`] |
//! | [`pipeline`] | [`normalize`] → [`segment`] (jieba-rs) → [`scoring`] against the [`lexicon`] → [`features`] → [`model`] (the linear heads over ndarray: emotion, verdict, intensity) |
//! | [`assess`] | what a result carries beside its label: [`intensity`], [`escalation`] (whether a message must go to a supervisor, and why, with evidence spans) and [`aspect`] (each opinion with its target, category and own emotion) |
//! | [`classifier`] | ties the pipeline and the assessments into one [`Classifier`] |
//! | [`service`] | the customer-service layer: [`conversation`] (trajectory, peak and final state of a conversation's customer turns) and [`guidance`] (the recommended response, as data) |
//! | [`training`] | [`train`] fits the heads of a model; [`metrics`] measures them |
//!
//! Every module is also reachable at the crate root (`zh_emotion::lexicon`,
//! `zh_emotion::escalation`, …), as the items most code needs are.

pub mod assess;
pub mod classifier;
pub mod pipeline;
pub mod service;
pub mod training;
pub mod types;

pub use assess::{aspect, intensity};
pub use pipeline::{features, lexicon, model, normalize, scoring, segment};
pub use service::{conversation, guidance};
pub use training::{metrics, train};
pub use types::{emotion, error, result};

/// Escalation: whether a message must go to a supervisor now, and why. The rules, and
/// the order in which they look at a cue's context, are described in
/// [`assess::escalation`]; this module adds [`escalation::detect`], which needs the
/// classifier's label and so sits above it.
pub mod escalation {
    pub use crate::assess::escalation::*;

    /// Assesses one message with the embedded rules and the default classifier's label.
    ///
    /// ```
    /// let e = zh_emotion::escalation::detect("家里闻到很重的煤气味，怎么办？");
    /// assert!(e.escalate);
    /// assert_eq!(e.reasons[0].text, "煤气味");
    /// assert!(!zh_emotion::escalation::detect("煤气费怎么交？").escalate);
    /// ```
    pub fn detect(text: &str) -> Escalation {
        crate::classifier::classify(text).escalation
    }
}

pub use aspect::{Aspect, AspectCategory};
pub use classifier::{classify, Classifier, ClassifierBuilder};
pub use emotion::{Emotion, Polarity};
pub use error::Error;
pub use escalation::{Escalation, EscalationKind, EscalationReason};
pub use lexicon::Lexicon;
pub use model::LinearModel;
pub use result::{EmotionResult, Evidence, ModifierEvidence, Scores};
pub use types::modifier::ModifierKind;

/// The README's code examples, compiled and run by `cargo test` so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The code examples of `docs/customer_service.md`, compiled and run by `cargo test`.
#[cfg(doctest)]
#[doc = include_str!("../docs/customer_service.md")]
pub struct CustomerServiceDoctests;

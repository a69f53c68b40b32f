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
//! The pipeline, one module a step: [`normalize`] → [`segment`] (jieba-rs) →
//! [`scoring`] against the [`lexicon`] → [`features`] → [`model`] (multinomial
//! logistic regression over ndarray) → [`EmotionResult`], with [`intensity`] computed
//! from the lexicon and punctuation signals and the model's confidence. [`train`]
//! fits new weights; [`metrics`] measures them.
//!
//! On top of the label sit the customer-service parts: [`escalation`] (whether a
//! message must go to a supervisor, and why, with evidence spans; part of every
//! result), [`conversation`] (trajectory, peak and final state of a conversation's
//! customer turns) and [`guidance`] (the recommended response strategy for an emotion
//! or an escalation, as data). [`aspect`] splits a message into its opinions, each with
//! its target, category and own emotion (part of every result).

pub mod aspect;
pub mod classifier;
pub mod conversation;
pub mod emotion;
pub mod error;
pub mod escalation;
pub mod features;
pub mod guidance;
pub mod intensity;
pub mod lexicon;
pub mod metrics;
pub mod model;
pub mod normalize;
pub mod result;
pub mod scoring;
pub mod segment;
mod tokens;
pub mod train;

pub use aspect::{Aspect, AspectCategory};
pub use classifier::{classify, Classifier, ClassifierBuilder};
pub use emotion::{Emotion, Polarity};
pub use error::Error;
pub use escalation::{Escalation, EscalationKind, EscalationReason};
pub use lexicon::{Lexicon, ModifierKind};
pub use model::LinearModel;
pub use result::{EmotionResult, Evidence, ModifierEvidence, Scores};

/// The README's code examples, compiled and run by `cargo test` so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

//! The crate's one error type.

/// Everything that can go wrong in zh-emotion. Classification of `&str` input never
/// fails; errors come from bytes that are not UTF-8, from user-supplied lexicon or
/// model data, from training data and from I/O.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A label that is not one of the nine ids (or Chinese names).
    #[error("unknown emotion label {0:?} (expected one of anger, disappointment, anxiety, sadness, disgust, joy, gratitude, surprise, neutral)")]
    UnknownLabel(String),

    /// Input bytes that are not valid UTF-8.
    #[error("invalid UTF-8 at byte {position}")]
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        position: usize,
    },

    /// A malformed lexicon line.
    #[error("lexicon {origin}, line {line}: {reason}")]
    Lexicon {
        /// Which lexicon source (file name or description).
        origin: String,
        /// 1-based line number (0 for entries added through the API).
        line: usize,
        /// What is wrong.
        reason: String,
    },

    /// A model file that cannot be read: wrong magic, truncated, bad checksum,
    /// non-finite weights, dimensions that do not fit this version of the crate.
    #[error("model data: {reason} (at byte {offset})")]
    Model {
        /// Byte offset in the model data where the problem was found.
        offset: usize,
        /// What is wrong.
        reason: String,
    },

    /// A model file written by an incompatible version of the format.
    #[error(
        "model format version {found} is not supported (this crate reads version {supported})"
    )]
    ModelVersion {
        /// Version found in the file.
        found: u32,
        /// Version this crate reads.
        supported: u32,
    },

    /// Training could not run (no examples, bad configuration).
    #[error("training: {0}")]
    Training(String),

    /// An escalation kind that is not one of the seven ids (or Chinese names).
    #[error("unknown escalation kind {0:?} (expected one of external_complaint, media_exposure, legal_action, cancel_service, abusive_language, safety_risk, repeated_contact)")]
    UnknownEscalationKind(String),

    /// A malformed line in escalation rules (`data/escalation.tsv` format).
    #[error("escalation rules {origin}, line {line}: {reason}")]
    EscalationRules {
        /// Which rules source (file name or description).
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },

    /// A category that is not one of the eleven aspect category ids (or Chinese names).
    #[error("unknown aspect category {0:?} (expected one of delivery, quality, features, service, price, billing, refund, technical, environment, location, general)")]
    UnknownAspectCategory(String),

    /// A malformed line in aspect terms (`data/aspects.tsv` format).
    #[error("aspect terms {origin}, line {line}: {reason}")]
    AspectTerms {
        /// Which terms source (file name or description).
        origin: String,
        /// 1-based line number (0 when the whole set could not be compiled).
        line: usize,
        /// What is wrong.
        reason: String,
    },

    /// A malformed aspect category head (`data/aspect_head.bin` format).
    #[error("aspect category head: {reason}")]
    AspectHead {
        /// What is wrong.
        reason: String,
    },

    /// An I/O error while reading or writing a file.
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
}

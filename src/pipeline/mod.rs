//! The stages from text to head outputs: normalise → segment → lexicon scoring →
//! features → the linear heads (`model`). Uses only `types`.

pub mod features;
pub mod lexicon;
pub mod model;
pub mod normalize;
pub mod punctuation;
pub mod scoring;
pub mod segment;
pub(crate) mod tokens;
pub(crate) mod verdict;

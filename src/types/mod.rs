//! The shared vocabulary: the nine labels, what a classification returns (result,
//! escalation, aspects), modifier kinds and the crate's error. Uses no other layer.

pub mod aspect;
pub mod emotion;
pub mod error;
pub mod escalation;
pub mod evidence;
pub mod modifier;
pub mod result;

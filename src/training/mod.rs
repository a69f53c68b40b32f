//! Fitting the linear heads on labelled messages (`train`) and measuring them
//! (`metrics`). Uses the `classifier` to featurise messages, and the layers below it.

pub mod metrics;
pub mod train;

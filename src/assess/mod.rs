//! The per-message assessments a result carries beside its label: intensity,
//! escalation and aspects. Uses `pipeline` and `types`.

pub mod aspect;
pub mod escalation;
pub mod intensity;

//! Python bindings of zh-emotion: the native module `zh_emotion._zh_emotion`, re-exported
//! by the Python package `zh_emotion`.
//!
//! One file a concept, like the core: [`classifier`] (the `Classifier` and the
//! module-level classify functions), [`result`] (results as typed objects),
//! [`escalation`], [`conversation`], [`guidance`], [`arrow`] (Arrow arrays in and out
//! through the C data interface), [`threads`] (the rayon pools behind `threads=`) and
//! [`error`] (exceptions, and the guard that keeps panics out of Python).

use pyo3::prelude::*;

pub mod arrow;
pub mod classifier;
pub mod conversation;
pub mod error;
pub mod escalation;
pub mod guidance;
pub mod result;
pub mod threads;

#[pymodule]
fn _zh_emotion(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add(
        "DEFAULT_MAX_CHARS",
        zh_emotion::classifier::DEFAULT_MAX_CHARS,
    )?;
    m.add("EMOTIONS", result::emotion_ids())?;
    m.add(
        "ESCALATION_KINDS",
        zh_emotion::EscalationKind::ALL
            .iter()
            .map(|k| k.id())
            .collect::<Vec<_>>(),
    )?;
    m.add(
        "RESULT_FIELDS",
        arrow::result_fields()
            .iter()
            .map(|f| f.name().clone())
            .collect::<Vec<_>>(),
    )?;

    m.add_class::<classifier::PyClassifier>()?;
    m.add_class::<result::PyEmotionResult>()?;
    m.add_class::<result::PyEvidence>()?;
    m.add_class::<result::PyModifier>()?;
    m.add_class::<result::PyAspect>()?;
    m.add_class::<escalation::PyEscalation>()?;
    m.add_class::<escalation::PyEscalationReason>()?;
    m.add_class::<guidance::PyGuidance>()?;
    m.add_class::<guidance::PyStep>()?;
    m.add_class::<guidance::PyCategoryAdvice>()?;
    m.add_class::<conversation::PyTurn>()?;
    m.add_class::<conversation::PyConversationResult>()?;
    m.add_class::<conversation::PyCustomerTurn>()?;
    m.add_class::<conversation::PyTurnState>()?;
    m.add_class::<conversation::PyTurnReason>()?;
    m.add_class::<conversation::PyComplaint>()?;

    m.add_function(wrap_pyfunction!(classifier::classify, m)?)?;
    m.add_function(wrap_pyfunction!(classifier::classify_batch, m)?)?;
    m.add_function(wrap_pyfunction!(classifier::classify_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(classifier::analyse_conversation, m)?)?;
    m.add_function(wrap_pyfunction!(conversation::negativity, m)?)?;
    m.add_function(wrap_pyfunction!(escalation::detect_escalation, m)?)?;
    m.add_function(wrap_pyfunction!(guidance::guidance_for_emotion, m)?)?;
    m.add_function(wrap_pyfunction!(guidance::guidance_for_escalation, m)?)?;
    m.add_function(wrap_pyfunction!(guidance::guidance_for_result, m)?)?;
    m.add_function(wrap_pyfunction!(guidance::guidance_by_id, m)?)?;
    m.add_function(wrap_pyfunction!(guidance::all_guidance, m)?)?;
    m.add_function(wrap_pyfunction!(guidance::guidance_for_category, m)?)?;
    m.add_function(wrap_pyfunction!(guidance::guidance_for_complaint, m)?)?;
    m.add_function(wrap_pyfunction!(guidance::all_category_advice, m)?)?;
    Ok(())
}

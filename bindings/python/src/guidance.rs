//! `Guidance` and `Step`: the response strategy recommended for an emotion or an
//! escalation (fixed data, never generated text), and the functions that pick one;
//! `CategoryAdvice`: the steps to add when the worst complaint of a message is about
//! one aspect category.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use zh_emotion::guidance::{self, AppliesTo, CategoryAdvice, Guidance, Step};
use zh_emotion::{AspectCategory, Emotion};

use crate::escalation::parse_kind;
use crate::result::{to_py_value, PyAspect, PyEmotionResult};

/// A response strategy: an id, one line in Chinese and English, and ordered steps.
#[pyclass(module = "zh_emotion", name = "Guidance", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyGuidance {
    inner: &'static Guidance,
}

#[pymethods]
impl PyGuidance {
    /// Stable snake_case id (`"defuse_anger"`).
    #[getter]
    fn id(&self) -> &'static str {
        self.inner.id
    }

    /// What the strategy is for: an emotion id, `"escalation"` or `"safety_risk"`.
    #[getter]
    fn applies_to(&self) -> &'static str {
        match self.inner.applies_to {
            AppliesTo::Emotion(e) => e.id(),
            AppliesTo::Escalation => "escalation",
            AppliesTo::SafetyRisk => "safety_risk",
        }
    }

    /// The strategy in one line, in Chinese.
    #[getter]
    fn zh(&self) -> &'static str {
        self.inner.zh
    }

    /// The strategy in one line, in English.
    #[getter]
    fn en(&self) -> &'static str {
        self.inner.en
    }

    /// The steps, in the order to take them.
    #[getter]
    fn steps(&self) -> Vec<PyStep> {
        self.inner
            .steps
            .iter()
            .map(|s| PyStep { inner: s })
            .collect()
    }

    /// The strategy as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Guidance(id={:?}, applies_to={:?}, steps={})",
            self.inner.id,
            self.applies_to(),
            self.inner.steps.len()
        )
    }
}

/// One step of a strategy.
#[pyclass(module = "zh_emotion", name = "Step", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyStep {
    inner: &'static Step,
}

#[pymethods]
impl PyStep {
    /// The step in Chinese.
    #[getter]
    fn zh(&self) -> &'static str {
        self.inner.zh
    }

    /// The step in English.
    #[getter]
    fn en(&self) -> &'static str {
        self.inner.en
    }

    /// The step as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, self.inner)
    }

    fn __repr__(&self) -> String {
        format!("Step(zh={:?}, en={:?})", self.inner.zh, self.inner.en)
    }
}

/// The steps to add to the strategy when a complaint is about one aspect category: an
/// id, the category, one line in Chinese and English, and ordered steps.
#[pyclass(module = "zh_emotion", name = "CategoryAdvice", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyCategoryAdvice {
    inner: &'static CategoryAdvice,
}

#[pymethods]
impl PyCategoryAdvice {
    /// Stable snake_case id (`"track_and_commit_delivery"`).
    #[getter]
    fn id(&self) -> &'static str {
        self.inner.id
    }

    /// The category id the complaint is about (`"delivery"`).
    #[getter]
    fn category(&self) -> &'static str {
        self.inner.category.id()
    }

    /// The advice in one line, in Chinese.
    #[getter]
    fn zh(&self) -> &'static str {
        self.inner.zh
    }

    /// The advice in one line, in English.
    #[getter]
    fn en(&self) -> &'static str {
        self.inner.en
    }

    /// The steps, in the order to take them, after the first steps of the strategy.
    #[getter]
    fn steps(&self) -> Vec<PyStep> {
        self.inner
            .steps
            .iter()
            .map(|s| PyStep { inner: s })
            .collect()
    }

    /// The advice as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "CategoryAdvice(id={:?}, category={:?}, steps={})",
            self.inner.id,
            self.inner.category.id(),
            self.inner.steps.len()
        )
    }
}

/// Parses an emotion id or Chinese name; unknown labels are a `ValueError`.
pub fn parse_emotion(emotion: &str) -> PyResult<Emotion> {
    emotion
        .parse::<Emotion>()
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The strategy for a message whose dominant emotion is `emotion` (an id or Chinese name).
#[pyfunction]
pub fn guidance_for_emotion(emotion: String) -> PyResult<PyGuidance> {
    Ok(PyGuidance {
        inner: guidance::for_emotion(parse_emotion(&emotion)?),
    })
}

/// The strategy for an escalation with reasons of these kinds: `safety_first` when one
/// of them is `safety_risk`, else `hand_to_supervisor`.
#[pyfunction]
pub fn guidance_for_escalation(kinds: Vec<String>) -> PyResult<PyGuidance> {
    let kinds = kinds
        .iter()
        .map(|k| parse_kind(k))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyGuidance {
        inner: guidance::for_escalation(&kinds),
    })
}

/// The strategy for a classified message: the escalation strategy when it escalates,
/// else that of its emotion.
#[pyfunction]
pub fn guidance_for_result(result: &PyEmotionResult) -> PyGuidance {
    PyGuidance {
        inner: guidance::for_result(&result.inner),
    }
}

/// The strategy with this id, or `None`.
#[pyfunction]
pub fn guidance_by_id(id: String) -> Option<PyGuidance> {
    guidance::by_id(&id).map(|inner| PyGuidance { inner })
}

/// Every strategy: one per emotion in label order, then escalation and safety risk.
#[pyfunction]
pub fn all_guidance() -> Vec<PyGuidance> {
    guidance::ALL
        .iter()
        .map(|inner| PyGuidance { inner })
        .collect()
}

/// Parses an aspect category id or Chinese name; unknown categories are a `ValueError`.
pub fn parse_category(category: &str) -> PyResult<AspectCategory> {
    category
        .parse::<AspectCategory>()
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The advice for complaints about `category` (an id or Chinese name); `None` for
/// `general`, whose advice is the strategy of the emotion.
#[pyfunction]
pub fn guidance_for_category(category: String) -> PyResult<Option<PyCategoryAdvice>> {
    Ok(guidance::for_category(parse_category(&category)?).map(|inner| PyCategoryAdvice { inner }))
}

/// The worst complaint of a result that has advice of its own (its most negative
/// aspect whose category is not `general`), and that advice; `None` without one (also
/// for a result classified without aspects).
#[pyfunction]
pub fn guidance_for_complaint(result: &PyEmotionResult) -> Option<(PyAspect, PyCategoryAdvice)> {
    guidance::for_complaint(&result.inner).map(|(aspect, inner)| {
        (
            PyAspect {
                inner: aspect.clone(),
            },
            PyCategoryAdvice { inner },
        )
    })
}

/// The advice for every aspect category but `general`, in category order.
#[pyfunction]
pub fn all_category_advice() -> Vec<PyCategoryAdvice> {
    guidance::CATEGORY_ADVICE
        .iter()
        .map(|inner| PyCategoryAdvice { inner })
        .collect()
}

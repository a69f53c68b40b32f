//! `Escalation` and `EscalationReason`: whether a message must go to a supervisor, and
//! why; and `detect_escalation`, the escalation check on its own.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use zh_emotion::escalation::{self, EscalationKind, EscalationReason};
use zh_emotion::Escalation;

use crate::result::{to_py_value, CharOffsets};

/// Whether a message escalates, and the reasons found (in text order).
#[pyclass(module = "zh_emotion", name = "Escalation", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyEscalation {
    /// The core value, with character offsets.
    pub inner: Escalation,
}

#[pymethods]
impl PyEscalation {
    /// True when at least one reason was found.
    #[getter]
    fn escalate(&self) -> bool {
        self.inner.escalate
    }

    /// The reasons, in text order.
    #[getter]
    fn reasons(&self) -> Vec<PyEscalationReason> {
        self.inner
            .reasons
            .iter()
            .map(|r| PyEscalationReason { inner: r.clone() })
            .collect()
    }

    /// The distinct kinds found, in the fixed kind order (`ESCALATION_KINDS`).
    fn kinds(&self) -> Vec<&'static str> {
        self.inner.kinds().into_iter().map(|k| k.id()).collect()
    }

    /// True when a reason of `kind` (an id such as `"safety_risk"`, or a Chinese
    /// name) was found; an unknown kind is a `ValueError`.
    fn has(&self, kind: String) -> PyResult<bool> {
        Ok(self.inner.has(parse_kind(&kind)?))
    }

    /// The escalation as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &self.inner)
    }

    fn __bool__(&self) -> bool {
        self.inner.escalate
    }

    fn __repr__(&self) -> String {
        format!(
            "Escalation(escalate={}, kinds={:?})",
            if self.inner.escalate { "True" } else { "False" },
            self.kinds()
        )
    }
}

/// One reason to escalate, with its cue in the caller's text.
#[pyclass(module = "zh_emotion", name = "EscalationReason", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyEscalationReason {
    inner: EscalationReason,
}

impl PyEscalationReason {
    /// Replaces the byte offsets of `reasons` by character offsets.
    pub fn to_char_offsets(reasons: &mut [EscalationReason], map: &CharOffsets) {
        for r in reasons {
            r.start = map.get(r.start);
            r.end = map.get(r.end);
        }
    }
}

#[pymethods]
impl PyEscalationReason {
    /// The kind's id (`"external_complaint"`).
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind.id()
    }

    /// The kind's Chinese name (`"外部投诉"`).
    #[getter]
    fn kind_zh(&self) -> &'static str {
        self.inner.kind.zh()
    }

    /// The cue as it appears in the input.
    #[getter]
    fn text(&self) -> &str {
        &self.inner.text
    }

    /// Index of the cue's first character in the input.
    #[getter]
    fn start(&self) -> usize {
        self.inner.start
    }

    /// Index just past the cue's last character.
    #[getter]
    fn end(&self) -> usize {
        self.inner.end
    }

    /// The reason as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "EscalationReason(kind={:?}, text={:?}, start={}, end={})",
            self.inner.kind.id(),
            self.inner.text,
            self.inner.start,
            self.inner.end
        )
    }
}

/// Parses an escalation kind id or Chinese name; unknown kinds are a `ValueError`.
pub fn parse_kind(kind: &str) -> PyResult<EscalationKind> {
    kind.parse::<EscalationKind>()
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The escalation check alone (the one every classification runs), without the
/// emotion: threats, abuse, safety risks, repeated contact.
#[pyfunction]
pub fn detect_escalation(py: Python<'_>, text: String) -> PyResult<PyEscalation> {
    let result = py.detach(|| crate::error::catch(|| escalation::detect(&text)));
    let mut inner = result.map_err(crate::error::panic_error)?;
    if !text.is_ascii() && !inner.reasons.is_empty() {
        let offsets = inner
            .reasons
            .iter()
            .flat_map(|r| [r.start, r.end])
            .collect();
        let map = CharOffsets::new(&text, offsets);
        PyEscalationReason::to_char_offsets(&mut inner.reasons, &map);
    }
    Ok(PyEscalation { inner })
}

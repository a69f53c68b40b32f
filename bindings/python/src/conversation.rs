//! Conversations: `Turn`, `ConversationResult` and its parts, and
//! `analyse_conversation`, which follows a customer's emotion over the turns.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

use zh_emotion::conversation::{
    self, Complaint, ConversationResult, CustomerTurn, Role, Turn, TurnReason, TurnState,
};
use zh_emotion::Classifier;

use crate::escalation::PyEscalationReason;
use crate::result::{to_char_offsets, to_py_value, CharOffsets, PyEmotionResult};

/// One turn of a conversation: who speaks (`"customer"` or `"agent"`) and what was said.
#[pyclass(module = "zh_emotion", name = "Turn", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyTurn {
    inner: Turn,
}

fn parse_role(role: &str) -> PyResult<Role> {
    match role {
        "customer" => Ok(Role::Customer),
        "agent" => Ok(Role::Agent),
        other => Err(PyValueError::new_err(format!(
            "unknown role {other:?} (expected \"customer\" or \"agent\")"
        ))),
    }
}

fn role_id(role: Role) -> &'static str {
    match role {
        Role::Customer => "customer",
        Role::Agent => "agent",
    }
}

#[pymethods]
impl PyTurn {
    /// A turn spoken by `role` (`"customer"` or `"agent"`).
    #[new]
    fn new(role: String, text: String) -> PyResult<Self> {
        Ok(Self {
            inner: Turn {
                role: parse_role(&role)?,
                text,
            },
        })
    }

    /// A customer turn (these are classified).
    #[staticmethod]
    fn customer(text: String) -> Self {
        Self {
            inner: Turn::customer(text),
        }
    }

    /// An agent turn (kept for turn positions, not classified).
    #[staticmethod]
    fn agent(text: String) -> Self {
        Self {
            inner: Turn::agent(text),
        }
    }

    /// `"customer"` or `"agent"`.
    #[getter]
    fn role(&self) -> &'static str {
        role_id(self.inner.role)
    }

    /// What was said.
    #[getter]
    fn text(&self) -> &str {
        &self.inner.text
    }

    /// The turn as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Turn(role={:?}, text={:?})",
            role_id(self.inner.role),
            self.inner.text
        )
    }
}

/// What a conversation amounts to: each customer turn's result, the trajectory, the
/// peak, the final state, whether to escalate and what the customer was unhappy about.
#[pyclass(module = "zh_emotion", name = "ConversationResult", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyConversationResult {
    inner: ConversationResult,
}

#[pymethods]
impl PyConversationResult {
    /// Each customer turn's result, in order.
    #[getter]
    fn turns(&self) -> Vec<PyCustomerTurn> {
        self.inner
            .turns
            .iter()
            .map(|t| PyCustomerTurn { inner: t.clone() })
            .collect()
    }

    /// `"escalating"`, `"calming"` or `"stable"`.
    #[getter]
    fn trajectory(&self) -> &'static str {
        self.inner.trajectory.id()
    }

    /// The turn (0-based, counting agent turns) where the current trajectory began;
    /// `None` when it never changed.
    #[getter]
    fn changed_at(&self) -> Option<usize> {
        self.inner.changed_at
    }

    /// The most negative (or, without negative turns, the most intense) turn.
    #[getter]
    fn peak(&self) -> Option<PyTurnState> {
        self.inner.peak.map(|inner| PyTurnState { inner })
    }

    /// The state at the last customer turn.
    #[getter]
    fn final_state(&self) -> Option<PyTurnState> {
        self.inner.final_state.map(|inner| PyTurnState { inner })
    }

    /// Whether the conversation must go to a supervisor.
    #[getter]
    fn escalate(&self) -> bool {
        self.inner.escalate
    }

    /// True when it escalates because negativity kept rising.
    #[getter]
    fn rising(&self) -> bool {
        self.inner.rising
    }

    /// Predicted satisfaction with the whole conversation, on the STC-3 annotation
    /// scale from -2 (very dissatisfied) to 2 (very satisfied).
    #[getter]
    fn satisfaction(&self) -> f32 {
        self.inner.satisfaction
    }

    /// The risk that the customer leaves dissatisfied, in [0, 1] (satisfaction mapped
    /// onto it).
    #[getter]
    fn dissatisfaction_risk(&self) -> f32 {
        self.inner.dissatisfaction_risk
    }

    /// The escalation reasons of all customer turns, in order.
    #[getter]
    fn reasons(&self) -> Vec<PyTurnReason> {
        self.inner
            .reasons
            .iter()
            .map(|r| PyTurnReason { inner: r.clone() })
            .collect()
    }

    /// What the customer was unhappy about: one `Complaint` per aspect category of the
    /// customer turns' negative aspects, the worst first (empty unless the classifier
    /// was made with `aspects=True`).
    #[getter]
    fn unhappy_about(&self) -> Vec<PyComplaint> {
        self.inner
            .unhappy_about
            .iter()
            .map(|c| PyComplaint { inner: c.clone() })
            .collect()
    }

    /// The result as plain Python values (the crate's JSON shape, character offsets).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "ConversationResult(turns={}, trajectory={:?}, changed_at={}, escalate={})",
            self.inner.turns.len(),
            self.inner.trajectory.id(),
            self.inner
                .changed_at
                .map_or_else(|| "None".to_string(), |t| t.to_string()),
            if self.inner.escalate { "True" } else { "False" }
        )
    }
}

/// The result of one customer turn.
#[pyclass(module = "zh_emotion", name = "CustomerTurn", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyCustomerTurn {
    inner: CustomerTurn,
}

#[pymethods]
impl PyCustomerTurn {
    /// Index of the turn in the conversation (0-based, counting agent turns).
    #[getter]
    fn turn(&self) -> usize {
        self.inner.turn
    }

    /// Negativity in [-1, 1]: intensity signed by polarity, 1 when the turn escalates.
    #[getter]
    fn negativity(&self) -> f32 {
        self.inner.negativity
    }

    /// Length of the turn in characters.
    #[getter]
    fn chars(&self) -> usize {
        self.inner.chars
    }

    /// Number of exclamation marks in the turn.
    #[getter]
    fn exclamations(&self) -> usize {
        self.inner.exclamations
    }

    /// The classification of the turn.
    #[getter]
    fn result(&self) -> PyEmotionResult {
        PyEmotionResult {
            inner: self.inner.result.clone(),
        }
    }

    /// The turn as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "CustomerTurn(turn={}, negativity={:.3}, emotion={:?})",
            self.inner.turn,
            self.inner.negativity,
            self.inner.result.emotion.id()
        )
    }
}

/// The emotional state at one turn.
#[pyclass(module = "zh_emotion", name = "TurnState", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyTurnState {
    inner: TurnState,
}

#[pymethods]
impl PyTurnState {
    /// Index of the turn in the conversation (0-based, counting agent turns).
    #[getter]
    fn turn(&self) -> usize {
        self.inner.turn
    }

    /// The emotion id of the turn.
    #[getter]
    fn emotion(&self) -> &'static str {
        self.inner.emotion.id()
    }

    /// Its intensity in [0, 1].
    #[getter]
    fn intensity(&self) -> f32 {
        self.inner.intensity
    }

    /// Its negativity in [-1, 1].
    #[getter]
    fn negativity(&self) -> f32 {
        self.inner.negativity
    }

    /// The state as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "TurnState(turn={}, emotion={:?}, intensity={:.3}, negativity={:.3})",
            self.inner.turn,
            self.inner.emotion.id(),
            self.inner.intensity,
            self.inner.negativity
        )
    }
}

/// An escalation reason found in one turn (offsets into that turn's text).
#[pyclass(module = "zh_emotion", name = "TurnReason", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyTurnReason {
    inner: TurnReason,
}

#[pymethods]
impl PyTurnReason {
    /// Index of the turn in the conversation.
    #[getter]
    fn turn(&self) -> usize {
        self.inner.turn
    }

    /// The kind's id (`"external_complaint"`).
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.reason.kind.id()
    }

    /// The cue as it appears in the turn.
    #[getter]
    fn text(&self) -> &str {
        &self.inner.reason.text
    }

    /// Index of the cue's first character in the turn's text.
    #[getter]
    fn start(&self) -> usize {
        self.inner.reason.start
    }

    /// Index just past the cue's last character.
    #[getter]
    fn end(&self) -> usize {
        self.inner.reason.end
    }

    /// The reason as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "TurnReason(turn={}, kind={:?}, text={:?})",
            self.inner.turn,
            self.inner.reason.kind.id(),
            self.inner.reason.text
        )
    }
}

/// One aspect category the customer complained about over a conversation.
#[pyclass(module = "zh_emotion", name = "Complaint", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyComplaint {
    inner: Complaint,
}

#[pymethods]
impl PyComplaint {
    /// The category id (`"delivery"`, `"service"`, … of the aspect guide).
    #[getter]
    fn category(&self) -> &'static str {
        self.inner.category.id()
    }

    /// Number of negative aspects of this category over the customer turns.
    #[getter]
    fn count(&self) -> usize {
        self.inner.count
    }

    /// The turn (0-based, counting agent turns) where the category first came up
    /// negatively.
    #[getter]
    fn first_turn(&self) -> usize {
        self.inner.first_turn
    }

    /// The turn of the most negative aspect of this category.
    #[getter]
    fn worst_turn(&self) -> usize {
        self.inner.worst_turn
    }

    /// The most negative aspect's text, as it appears in its turn.
    #[getter]
    fn text(&self) -> &str {
        &self.inner.text
    }

    /// Its polarity, in [-1, 0).
    #[getter]
    fn polarity(&self) -> f32 {
        self.inner.polarity
    }

    /// The complaint as plain Python values (the crate's JSON shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Complaint(category={:?}, count={}, first_turn={}, worst_turn={}, text={:?}, polarity={:.3})",
            self.inner.category.id(),
            self.inner.count,
            self.inner.first_turn,
            self.inner.worst_turn,
            self.inner.text,
            self.inner.polarity
        )
    }
}

/// Reads the turns argument: `Turn` objects, `(role, text)` pairs or
/// `{"role": ..., "text": ...}` dicts; anything else is a `TypeError` naming the index.
pub fn extract_turns(turns: &Bound<'_, PyAny>) -> PyResult<Vec<Turn>> {
    if turns.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "turns must be a sequence of Turn, (role, text) or {\"role\", \"text\"}, not str",
        ));
    }
    let mut out = Vec::new();
    for (i, item) in turns.try_iter()?.enumerate() {
        let item = item?;
        if let Ok(turn) = item.cast::<PyTurn>() {
            out.push(turn.get().inner.clone());
            continue;
        }
        let (role, text) = if let Ok(dict) = item.cast::<PyDict>() {
            (dict.get_item("role")?, dict.get_item("text")?)
        } else if let Ok(tuple) = item.cast::<PyTuple>() {
            if tuple.len() == 2 {
                (Some(tuple.get_item(0)?), Some(tuple.get_item(1)?))
            } else {
                (None, None)
            }
        } else {
            (None, None)
        };
        match (role, text) {
            (Some(role), Some(text))
                if role.is_instance_of::<PyString>() && text.is_instance_of::<PyString>() =>
            {
                let role = parse_role(&role.extract::<String>()?)
                    .map_err(|e| PyValueError::new_err(format!("turns[{i}]: {e}")))?;
                out.push(Turn {
                    role,
                    text: text.extract()?,
                });
            }
            _ => {
                return Err(PyTypeError::new_err(format!(
                "turns[{i}] is {}, expected Turn, (role, text) or {{\"role\": str, \"text\": str}}",
                item.get_type().name()?
            )))
            }
        }
    }
    Ok(out)
}

/// Analyses the turns with `classifier`, without the GIL, and converts the offsets to
/// character offsets of each turn's text.
pub fn analyse(
    py: Python<'_>,
    classifier: &Classifier,
    turns: &Bound<'_, PyAny>,
) -> PyResult<PyConversationResult> {
    let turns = extract_turns(turns)?;
    let mut result = py
        .detach(|| crate::error::catch(|| conversation::analyse(classifier, &turns)))
        .map_err(crate::error::panic_error)?;
    for t in &mut result.turns {
        to_char_offsets(&turns[t.turn].text, &mut t.result);
    }
    for r in &mut result.reasons {
        let text = &turns[r.turn].text;
        if !text.is_ascii() {
            let map = CharOffsets::new(text, vec![r.reason.start, r.reason.end]);
            PyEscalationReason::to_char_offsets(std::slice::from_mut(&mut r.reason), &map);
        }
    }
    Ok(PyConversationResult { inner: result })
}

/// Negativity of a result in [-1, 1]: its intensity when its emotion is negative,
/// minus it when positive, 0 for `neutral` and `surprise`, and 1 when it escalates.
#[pyfunction]
pub fn negativity(result: &PyEmotionResult) -> f32 {
    conversation::negativity(&result.inner)
}

//! `EmotionResult`, `Evidence` and `Modifier`: what a classification returns, as
//! typed Python objects.
//!
//! Offsets are Python string indices (characters), so that `text[e.start:e.end] ==
//! e.text` holds in Python; the core's byte offsets are converted once, on the worker
//! thread that classified the message. The objects are immutable; `scores`, `evidence`
//! and `escalation` build their Python values when read.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString};

use zh_emotion::{Emotion, EmotionResult};

use crate::escalation::{PyEscalation, PyEscalationReason};

/// The result of classifying one message.
#[pyclass(module = "zh_emotion", name = "EmotionResult", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyEmotionResult {
    /// The core result, with character offsets.
    pub inner: EmotionResult,
}

impl PyEmotionResult {
    /// Wraps a core result for `text`, converting its byte offsets to character offsets.
    pub fn new(text: &str, mut inner: EmotionResult) -> Self {
        to_char_offsets(text, &mut inner);
        Self { inner }
    }
}

#[pymethods]
impl PyEmotionResult {
    /// The dominant emotion's id (`"anxiety"`).
    #[getter]
    fn emotion(&self) -> &'static str {
        self.inner.emotion.id()
    }

    /// The dominant emotion's Chinese name (`"焦虑"`).
    #[getter]
    fn emotion_zh(&self) -> &'static str {
        self.inner.emotion.zh()
    }

    /// How strong the emotion is, in [0, 1]; 0 for `neutral`.
    #[getter]
    fn intensity(&self) -> f32 {
        self.inner.intensity
    }

    /// Intensity on the label guide's 0–3 scale (0 neutral, 1 mild, 2 moderate, 3 strong).
    #[getter]
    fn intensity_level(&self) -> u8 {
        self.inner.intensity_level()
    }

    /// The overall verdict, in [-1, 1]: 2p − 1 for the verdict head's probability p that the message is positive.
    #[getter]
    fn polarity(&self) -> f32 {
        self.inner.polarity
    }

    /// The probability of the winning label.
    #[getter]
    fn confidence(&self) -> f32 {
        self.inner.confidence()
    }

    /// One probability per label id, in label order; they sum to 1.
    #[getter]
    fn scores<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (emotion, score) in self.inner.scores.iter() {
            dict.set_item(emotion.id(), score)?;
        }
        Ok(dict)
    }

    /// The lexicon words that fired, in text order.
    #[getter]
    fn evidence(&self) -> Vec<PyEvidence> {
        self.inner
            .evidence
            .iter()
            .map(|e| PyEvidence { inner: e.clone() })
            .collect()
    }

    /// True when the message was longer than the classifier's `max_chars` and only its
    /// beginning was classified.
    #[getter]
    fn truncated(&self) -> bool {
        self.inner.truncated
    }

    /// What each opinion of the message is about, in text order (empty unless the
    /// classifier was made with `aspects=True`).
    #[getter]
    fn aspects(&self) -> Vec<PyAspect> {
        self.inner
            .aspects
            .iter()
            .map(|a| PyAspect { inner: a.clone() })
            .collect()
    }

    /// The most negative aspect (the first in text order on ties), or `None` when no
    /// aspect is negative (always without `aspects=True`).
    #[getter]
    fn worst_aspect(&self) -> Option<PyAspect> {
        self.inner
            .worst_aspect()
            .map(|a| PyAspect { inner: a.clone() })
    }

    /// Whether the message must go to a supervisor, and why.
    #[getter]
    fn escalation(&self) -> PyEscalation {
        PyEscalation {
            inner: self.inner.escalation.clone(),
        }
    }

    /// The result as plain Python values (the crate's JSON shape, character offsets).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "EmotionResult(emotion={:?}, intensity={:.3}, polarity={:.3}, escalate={}, evidence={})",
            self.inner.emotion.id(),
            self.inner.intensity,
            self.inner.polarity,
            if self.inner.escalation.escalate {
                "True"
            } else {
                "False"
            },
            self.inner.evidence.len()
        )
    }
}

/// One lexicon word that contributed to a result.
#[pyclass(module = "zh_emotion", name = "Evidence", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyEvidence {
    inner: zh_emotion::Evidence,
}

#[pymethods]
impl PyEvidence {
    /// The word as it appears in the input.
    #[getter]
    fn text(&self) -> &str {
        &self.inner.text
    }

    /// Index of the word's first character in the input.
    #[getter]
    fn start(&self) -> usize {
        self.inner.start
    }

    /// Index just past the word's last character.
    #[getter]
    fn end(&self) -> usize {
        self.inner.end
    }

    /// The label the word counted for, after negation and sarcasm.
    #[getter]
    fn emotion(&self) -> &'static str {
        self.inner.emotion.id()
    }

    /// The word's label in the lexicon.
    #[getter]
    fn lexicon_emotion(&self) -> &'static str {
        self.inner.lexicon_emotion.id()
    }

    /// The word's weight after its modifiers.
    #[getter]
    fn weight(&self) -> f32 {
        self.inner.weight
    }

    /// True when the word was negated.
    #[getter]
    fn negated(&self) -> bool {
        self.inner.negated
    }

    /// The modifiers (negation, degree, contrast, sarcasm, ...) that acted on the word.
    #[getter]
    fn modifiers(&self) -> Vec<PyModifier> {
        self.inner
            .modifiers
            .iter()
            .map(|m| PyModifier { inner: m.clone() })
            .collect()
    }

    /// The evidence as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Evidence(text={:?}, start={}, end={}, emotion={:?}, weight={:.3}, negated={})",
            self.inner.text,
            self.inner.start,
            self.inner.end,
            self.inner.emotion.id(),
            self.inner.weight,
            if self.inner.negated { "True" } else { "False" }
        )
    }
}

/// One opinion of a message: its span, target words, category and its own emotion.
#[pyclass(module = "zh_emotion", name = "Aspect", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyAspect {
    /// The core aspect, with character offsets.
    pub inner: zh_emotion::Aspect,
}

#[pymethods]
impl PyAspect {
    /// The span as it appears in the input.
    #[getter]
    fn text(&self) -> &str {
        &self.inner.text
    }

    /// Index of the span's first character in the input.
    #[getter]
    fn start(&self) -> usize {
        self.inner.start
    }

    /// Index just past the span's last character.
    #[getter]
    fn end(&self) -> usize {
        self.inner.end
    }

    /// The target words the span names (`["服务员", "态度"]`), maybe none.
    #[getter]
    fn targets(&self) -> Vec<String> {
        self.inner.targets.clone()
    }

    /// The category id (`"service"`, `"delivery"`, … of the aspect guide).
    #[getter]
    fn category(&self) -> &'static str {
        self.inner.category.id()
    }

    /// The span's own emotion id.
    #[getter]
    fn emotion(&self) -> &'static str {
        self.inner.emotion.id()
    }

    /// The span's own polarity, in [-1, 1].
    #[getter]
    fn polarity(&self) -> f32 {
        self.inner.polarity
    }

    /// The span's own intensity, in [0, 1].
    #[getter]
    fn intensity(&self) -> f32 {
        self.inner.intensity
    }

    /// The aspect as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Aspect(text={:?}, start={}, end={}, category={:?}, emotion={:?}, polarity={:.3})",
            self.inner.text,
            self.inner.start,
            self.inner.end,
            self.inner.category.id(),
            self.inner.emotion.id(),
            self.inner.polarity
        )
    }
}

/// A modifier word that acted on an evidence word.
#[pyclass(module = "zh_emotion", name = "Modifier", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyModifier {
    inner: zh_emotion::ModifierEvidence,
}

#[pymethods]
impl PyModifier {
    /// `"negation"`, `"degree"`, `"contrast"`, `"sarcasm"`, `"rhetorical"` or `"stakes"`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind.id()
    }

    /// The modifier as it appears in the input.
    #[getter]
    fn text(&self) -> &str {
        &self.inner.text
    }

    /// Index of the modifier's first character in the input.
    #[getter]
    fn start(&self) -> usize {
        self.inner.start
    }

    /// Index just past the modifier's last character.
    #[getter]
    fn end(&self) -> usize {
        self.inner.end
    }

    /// Its factor (degree multiplier, contrast weight; 1 for negation and sarcasm).
    #[getter]
    fn factor(&self) -> f32 {
        self.inner.factor
    }

    /// The modifier as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Modifier(kind={:?}, text={:?}, start={}, end={}, factor={:.3})",
            self.inner.kind.id(),
            self.inner.text,
            self.inner.start,
            self.inner.end,
            self.inner.factor
        )
    }
}

/// The label ids in the order of the score columns (`anger` … `neutral`).
pub fn emotion_ids() -> Vec<&'static str> {
    Emotion::ALL.iter().map(|e| e.id()).collect()
}

/// Replaces every byte offset of `result` (evidence, modifiers, escalation reasons,
/// aspects) by
/// the character offset in `text`: one pass over the text for all offsets.
pub fn to_char_offsets(text: &str, result: &mut EmotionResult) {
    if text.is_ascii() {
        return;
    }
    let mut offsets: Vec<usize> = Vec::new();
    for e in &result.evidence {
        offsets.extend([e.start, e.end]);
        for m in &e.modifiers {
            offsets.extend([m.start, m.end]);
        }
    }
    for r in &result.escalation.reasons {
        offsets.extend([r.start, r.end]);
    }
    for a in &result.aspects {
        offsets.extend([a.start, a.end]);
    }
    if offsets.is_empty() {
        return;
    }
    let map = CharOffsets::new(text, offsets);
    for e in &mut result.evidence {
        e.start = map.get(e.start);
        e.end = map.get(e.end);
        for m in &mut e.modifiers {
            m.start = map.get(m.start);
            m.end = map.get(m.end);
        }
    }
    PyEscalationReason::to_char_offsets(&mut result.escalation.reasons, &map);
    for a in &mut result.aspects {
        a.start = map.get(a.start);
        a.end = map.get(a.end);
    }
}

/// Byte offset → character offset for a known set of byte offsets.
pub struct CharOffsets {
    /// (byte offset, character offset), sorted by byte offset.
    pairs: Vec<(usize, usize)>,
}

impl CharOffsets {
    /// Maps `offsets` (byte offsets into `text`) to character offsets.
    pub fn new(text: &str, mut offsets: Vec<usize>) -> Self {
        offsets.sort_unstable();
        offsets.dedup();
        let mut pairs = Vec::with_capacity(offsets.len());
        let mut wanted = offsets.into_iter().peekable();
        let mut chars = 0;
        for (byte, _) in text.char_indices() {
            if wanted.peek().is_none() {
                break;
            }
            while let Some(&b) = wanted.peek() {
                if b > byte {
                    break;
                }
                // An offset inside a character (never produced by the core) maps to
                // the character that contains it.
                pairs.push((b, if b == byte { chars } else { chars - 1 }));
                wanted.next();
            }
            chars += 1;
        }
        // Offsets at or past the end of the text.
        for b in wanted {
            pairs.push((b, chars));
        }
        Self { pairs }
    }

    /// The character offset of byte offset `byte` (which must be one given to `new`).
    pub fn get(&self, byte: usize) -> usize {
        match self.pairs.binary_search_by_key(&byte, |(b, _)| *b) {
            Ok(i) => self.pairs[i].1,
            Err(_) => byte,
        }
    }
}

/// A serde value (the crate's JSON shape) as plain Python values: dicts keep the
/// field order of the Rust type.
pub fn to_py_value<'py, T: serde::Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    json_to_py(py, &json)
}

fn json_to_py<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

//! `Classifier`: builds the core classifier from Python arguments and runs it on one
//! message, a list of messages or an Arrow array, without the GIL.

use std::path::PathBuf;
use std::sync::OnceLock;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};
use rayon::prelude::*;

use zh_emotion::classifier::DEFAULT_MAX_CHARS;
use zh_emotion::{Classifier, ClassifierBuilder, Lexicon};

use crate::conversation::{self, PyConversationResult};
use crate::error::{catch, panic_error, to_py_err, to_py_err_in};
use crate::result::PyEmotionResult;
use crate::threads::{check_threads, run_in_pool};

/// Classifies Chinese customer messages: emotion, intensity, polarity, evidence,
/// escalation. Immutable and safe to share between Python threads; every method
/// releases the GIL while it classifies.
#[pyclass(module = "zh_emotion", name = "Classifier", frozen)]
pub struct PyClassifier {
    inner: Classifier,
    /// Whether results have aspects (`aspects=True`), and so `classify_arrow` an
    /// `aspects` field.
    aspects: bool,
}

/// The classifier behind the module-level functions (embedded lexicon and model).
pub fn default_classifier() -> &'static Classifier {
    static DEFAULT: OnceLock<Classifier> = OnceLock::new();
    DEFAULT.get_or_init(Classifier::default)
}

fn read_file(path: &PathBuf) -> PyResult<Vec<u8>> {
    std::fs::read(path).map_err(|e| to_py_err_in(e.into(), &path.display().to_string()))
}

fn build(
    lexicon: Option<PathBuf>,
    model: Option<&Bound<'_, PyAny>>,
    max_chars: usize,
) -> PyResult<ClassifierBuilder> {
    if max_chars == 0 {
        return Err(PyValueError::new_err("max_chars must be at least 1"));
    }
    let mut builder = ClassifierBuilder::new().max_chars(max_chars);
    if let Some(path) = lexicon {
        let name = path.display().to_string();
        let bytes = read_file(&path)?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            PyValueError::new_err(format!(
                "lexicon {name}: invalid UTF-8 at byte {}",
                e.valid_up_to()
            ))
        })?;
        let mut words = Lexicon::embedded();
        words.load_tsv(&name, text).map_err(to_py_err)?;
        builder = builder.lexicon(words);
    }
    if let Some(model) = model {
        builder = if let Ok(bytes) = model.cast::<PyBytes>() {
            builder
                .model_bytes(bytes.as_bytes())
                .map_err(|e| to_py_err_in(e, "model bytes"))?
        } else {
            let path: PathBuf = model.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "model must be a path (str or os.PathLike) or bytes, not {}",
                    model
                        .get_type()
                        .name()
                        .map(|n| n.to_string())
                        .unwrap_or_default()
                ))
            })?;
            let name = path.display().to_string();
            builder
                .model_bytes(&read_file(&path)?)
                .map_err(|e| to_py_err_in(e, &format!("model file {name}")))?
        };
    }
    Ok(builder)
}

/// Reads the texts argument as UTF-8 bytes objects (Python's own encoding, so the
/// bytes are valid UTF-8); an element that is not a `str` is a `TypeError` naming its
/// index.
fn extract_texts<'py>(texts: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyBytes>>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be a sequence of str, not a single str (use classify for one message)",
        ));
    }
    let element = |i: usize, item: &Bound<'py, PyAny>| -> PyResult<Bound<'py, PyBytes>> {
        match item.cast::<PyString>() {
            Ok(s) => s.encode_utf8(),
            Err(_) => Err(PyTypeError::new_err(format!(
                "texts[{i}] is {}, not str",
                item.get_type().name()?
            ))),
        }
    };
    if let Ok(list) = texts.cast::<PyList>() {
        return list
            .iter()
            .enumerate()
            .map(|(i, item)| element(i, &item))
            .collect();
    }
    if let Ok(tuple) = texts.cast::<PyTuple>() {
        return tuple
            .iter()
            .enumerate()
            .map(|(i, item)| element(i, &item))
            .collect();
    }
    texts
        .try_iter()
        .map_err(|_| {
            PyTypeError::new_err(format!(
                "texts must be an iterable of str, not {}",
                texts
                    .get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        })?
        .enumerate()
        .map(|(i, item)| element(i, &item?))
        .collect()
}

/// The text of a bytes object made by `str.encode("utf-8")`.
fn utf8_text<'a>(bytes: &'a Bound<'_, PyBytes>) -> &'a str {
    // SAFETY: the bytes come from `PyString::encode_utf8` (`str.encode("utf-8")`, strict
    // errors), which only produces valid UTF-8: it raises on lone surrogates instead.
    unsafe { std::str::from_utf8_unchecked(bytes.as_bytes()) }
}

/// Classifies one message without the GIL.
pub fn classify_one(
    py: Python<'_>,
    classifier: &Classifier,
    text: &Bound<'_, PyString>,
) -> PyResult<PyEmotionResult> {
    let text = text.to_cow()?;
    let text: &str = &text;
    py.detach(|| catch(|| PyEmotionResult::new(text, classifier.classify(text))))
        .map_err(panic_error)
}

/// Classifies many messages without the GIL, in parallel, in input order.
pub fn classify_many(
    py: Python<'_>,
    classifier: &Classifier,
    texts: &Bound<'_, PyAny>,
    threads: Option<usize>,
) -> PyResult<Vec<PyEmotionResult>> {
    let threads = check_threads(threads)?;
    let encoded = extract_texts(texts)?;
    let texts: Vec<&str> = encoded.iter().map(utf8_text).collect();
    let results = py.detach(|| {
        catch(|| {
            run_in_pool(threads, || {
                texts
                    .par_iter()
                    .map(|t| PyEmotionResult::new(t, classifier.classify(t)))
                    .collect::<Vec<_>>()
            })
        })
    });
    match results {
        Ok(Ok(results)) => Ok(results),
        Ok(Err(pool_error)) => Err(pyo3::exceptions::PyRuntimeError::new_err(pool_error)),
        Err(panic) => Err(panic_error(panic)),
    }
}

#[pymethods]
impl PyClassifier {
    /// A classifier with the embedded lexicon and model, or with `lexicon` (a file of
    /// `word<TAB>label<TAB>strength` lines added to the embedded lexicon) and `model` (a
    /// model file path, or its bytes). Messages longer than `max_chars` characters are
    /// cut there and flagged `truncated`. `preload=True` loads everything now instead
    /// of at the first classification. `aspects=True` gives every result its aspects
    /// (what each opinion is about; about twice the time per message).
    #[new]
    #[pyo3(signature = (lexicon=None, model=None, max_chars=DEFAULT_MAX_CHARS, preload=false, aspects=false))]
    fn new(
        py: Python<'_>,
        lexicon: Option<PathBuf>,
        model: Option<&Bound<'_, PyAny>>,
        max_chars: usize,
        preload: bool,
        aspects: bool,
    ) -> PyResult<Self> {
        let builder = build(lexicon, model, max_chars)?.aspects(aspects);
        let inner = py
            .detach(|| {
                catch(|| {
                    let classifier = builder.build();
                    if preload {
                        classifier.preload();
                    }
                    classifier
                })
            })
            .map_err(panic_error)?;
        Ok(Self { inner, aspects })
    }

    /// The maximum message length in characters.
    #[getter]
    fn max_chars(&self) -> usize {
        self.inner.max_chars()
    }

    /// Whether the classifier finds aspects (`aspects=True`).
    #[getter]
    fn aspects(&self) -> bool {
        self.aspects
    }

    /// Loads the dictionary, lexicon, model and escalation rules now.
    fn preload(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| catch(|| self.inner.preload()))
            .map_err(panic_error)
    }

    /// Classifies one message. Never fails for a `str`: empty text is `neutral`.
    fn classify(&self, py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<PyEmotionResult> {
        classify_one(py, &self.inner, text)
    }

    /// Classifies UTF-8 bytes; invalid UTF-8 is a `ValueError` giving the byte position.
    fn classify_bytes(&self, py: Python<'_>, data: &[u8]) -> PyResult<PyEmotionResult> {
        let text = std::str::from_utf8(data).map_err(|e| {
            to_py_err(zh_emotion::Error::InvalidUtf8 {
                position: e.valid_up_to(),
            })
        })?;
        py.detach(|| catch(|| PyEmotionResult::new(text, self.inner.classify(text))))
            .map_err(panic_error)
    }

    /// Classifies many messages in parallel (`threads` threads; `None`: one per core),
    /// results in input order, identical to classifying one by one.
    #[pyo3(signature = (texts, threads=None))]
    fn classify_batch(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Vec<PyEmotionResult>> {
        classify_many(py, &self.inner, texts, threads)
    }

    /// Classifies an Arrow string array (or chunked array) into a struct array with
    /// the fields `emotion`, `intensity`, `polarity`, `escalate` and one score per
    /// label; nulls stay nulls. Dictionary-encoded strings (pandas `category`, Polars
    /// `Categorical`) classify each distinct value once and give the same rows.
    ///
    /// With `aspects=True` the struct has one more field, `aspects`:
    /// `list<struct<text, start, end, targets, category, emotion, polarity,
    /// intensity>>`, the row's `EmotionResult.aspects`. `start` and `end` are
    /// character offsets (Python string indices, as `Aspect.start`/`Aspect.end`), so
    /// `s[start:end] == text` for the row's string `s` in Python, pandas or Polars. A
    /// null row has a null list; a message without opinions an empty one.
    #[pyo3(signature = (array, threads=None))]
    fn classify_arrow<'py>(
        &self,
        py: Python<'py>,
        array: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let threads = check_threads(threads)?;
        crate::arrow::classify_arrow(py, &self.inner, array, threads, self.aspects)
    }

    /// Follows a customer's emotion over the turns of one conversation: `Turn`
    /// objects, `(role, text)` pairs or `{"role": ..., "text": ...}` dicts.
    fn analyse_conversation(
        &self,
        py: Python<'_>,
        turns: &Bound<'_, PyAny>,
    ) -> PyResult<PyConversationResult> {
        conversation::analyse(py, &self.inner, turns)
    }

    fn __repr__(&self) -> String {
        if self.aspects {
            format!(
                "Classifier(max_chars={}, aspects=True)",
                self.inner.max_chars()
            )
        } else {
            format!("Classifier(max_chars={})", self.inner.max_chars())
        }
    }
}

/// Classifies one message with the default classifier.
#[pyfunction]
pub fn classify(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<PyEmotionResult> {
    classify_one(py, default_classifier(), text)
}

/// Classifies many messages with the default classifier (see `Classifier.classify_batch`).
#[pyfunction]
#[pyo3(signature = (texts, threads=None))]
pub fn classify_batch(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    threads: Option<usize>,
) -> PyResult<Vec<PyEmotionResult>> {
    classify_many(py, default_classifier(), texts, threads)
}

/// Classifies an Arrow string array with the default classifier (see
/// `Classifier.classify_arrow`).
#[pyfunction]
#[pyo3(signature = (array, threads=None))]
pub fn classify_arrow<'py>(
    py: Python<'py>,
    array: &Bound<'py, PyAny>,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    let threads = check_threads(threads)?;
    crate::arrow::classify_arrow(py, default_classifier(), array, threads, false)
}

/// Analyses a conversation with the default classifier, or with `classifier`.
#[pyfunction]
#[pyo3(signature = (turns, classifier=None))]
pub fn analyse_conversation(
    py: Python<'_>,
    turns: &Bound<'_, PyAny>,
    classifier: Option<&PyClassifier>,
) -> PyResult<PyConversationResult> {
    let classifier: &Classifier = match classifier {
        Some(c) => &c.inner,
        None => default_classifier(),
    };
    conversation::analyse(py, classifier, turns)
}

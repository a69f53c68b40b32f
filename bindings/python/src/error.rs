//! The crate's errors as Python exceptions, and the guard that keeps Rust panics out
//! of Python.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyRuntimeError, PyValueError};
use pyo3::{PyErr, PyResult};

/// Converts a core error into the Python exception a caller expects: a malformed
/// model, lexicon or label is a `ValueError` with the crate's message (which names the
/// file and the line or byte offset), a missing file is `FileNotFoundError`, other
/// I/O errors are `OSError`.
pub fn to_py_err(err: zh_emotion::Error) -> PyErr {
    match err {
        zh_emotion::Error::Io(io) => io_error(io, None),
        other => PyValueError::new_err(other.to_string()),
    }
}

/// Like [`to_py_err`], with the file the error came from put in front of the message
/// when the core's message does not name it (model data, I/O).
pub fn to_py_err_in(err: zh_emotion::Error, file: &str) -> PyErr {
    match err {
        zh_emotion::Error::Io(io) => io_error(io, Some(file)),
        e @ (zh_emotion::Error::Lexicon { .. } | zh_emotion::Error::EscalationRules { .. }) => {
            PyValueError::new_err(e.to_string())
        }
        other => PyValueError::new_err(format!("{file}: {other}")),
    }
}

fn io_error(io: std::io::Error, file: Option<&str>) -> PyErr {
    let message = match file {
        Some(file) => format!("{file}: {io}"),
        None => io.to_string(),
    };
    if io.kind() == std::io::ErrorKind::NotFound {
        PyFileNotFoundError::new_err(message)
    } else {
        PyOSError::new_err(message)
    }
}

/// Runs `f`, turning a panic into a `RuntimeError` so that no Rust panic unwinds into
/// the interpreter (the core is written never to panic; this is the last line).
pub fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => Err(PyRuntimeError::new_err(format!(
            "zh_emotion internal error: {}",
            panic_message(&payload)
        ))),
    }
}

/// Runs `f` without Python, catching a panic; the error is built when Python is back.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| panic_message(&payload))
}

/// The `RuntimeError` for a panic caught by [`catch`].
pub fn panic_error(message: String) -> PyErr {
    PyRuntimeError::new_err(format!("zh_emotion internal error: {message}"))
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

//! The `threads` argument: classification runs in a rayon pool of that many threads,
//! built once per size and kept for the life of the process; `None` uses rayon's
//! global pool (one thread per core, or `RAYON_NUM_THREADS`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use pyo3::exceptions::PyValueError;
use pyo3::PyResult;
use rayon::{ThreadPool, ThreadPoolBuilder};

/// Most threads a pool may have.
pub const MAX_THREADS: usize = 1024;

static POOLS: OnceLock<Mutex<HashMap<usize, Arc<ThreadPool>>>> = OnceLock::new();

/// Checks a `threads` argument: `None`, or 1 to [`MAX_THREADS`].
pub fn check_threads(threads: Option<usize>) -> PyResult<Option<usize>> {
    match threads {
        Some(0) => Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) if n > MAX_THREADS => Err(PyValueError::new_err(format!(
            "threads must be at most {MAX_THREADS}"
        ))),
        other => Ok(other),
    }
}

fn pool(threads: usize) -> Result<Arc<ThreadPool>, String> {
    let pools = POOLS.get_or_init(|| Mutex::new(HashMap::new()));
    let mut pools = pools
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(pool) = pools.get(&threads) {
        return Ok(pool.clone());
    }
    let pool = ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("zh-emotion-{i}"))
        .build()
        .map_err(|e| format!("cannot start {threads} threads: {e}"))?;
    let pool = Arc::new(pool);
    pools.insert(threads, pool.clone());
    Ok(pool)
}

/// Runs `f` in the pool for `threads` (the global pool for `None`); rayon's parallel
/// iterators inside `f` use that pool.
pub fn run_in_pool<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> Result<T, String> {
    match threads {
        None => Ok(f()),
        Some(n) => Ok(pool(n)?.install(f)),
    }
}

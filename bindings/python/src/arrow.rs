//! Arrow in, Arrow out: `classify_arrow` reads a string array (or a chunked array, or
//! anything else that speaks the Arrow PyCapsule interface) through the Arrow C data
//! interface and returns a struct array of results, with no Python object per message.
//!
//! Input is read zero-copy; it is classified in slices of [`CHUNK_ROWS`] rows whose
//! results go straight into the output columns, so the only memory that grows with the
//! input is the output itself (about 50 bytes a row). A chunked input is pulled one
//! chunk at a time and gives a chunked output with the same chunk lengths. Null
//! elements give a null struct whose fields are null too.
//!
//! Dictionary-encoded strings (pandas `category`, Polars `Categorical`, Parquet read
//! with dictionary encoding) classify each distinct value that a row uses once, then
//! give every row the result of its key: the output is the same struct array that the
//! decoded strings would give.
//!
//! A classifier made with `aspects=True` adds a last field, `aspects`: a list per row
//! of structs ([`aspect_fields`]) whose `start` and `end` are character offsets (Python
//! string indices), as `Aspect.start` and `Aspect.end` are. Without it the output has
//! no such field, so the schema of callers who did not ask is unchanged. The list is
//! built into offsets buffers as the rows are appended, like the other columns.

use std::collections::HashMap;
use std::ffi::CString;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::types::{
    ArrowDictionaryKeyType, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type,
    UInt64Type, UInt8Type,
};
use arrow_array::{
    make_array, Array, ArrayRef, BooleanArray, Float32Array, Int64Array, LargeStringArray,
    ListArray, PrimitiveArray, StringArray, StringViewArray, StructArray,
};
use arrow_buffer::ArrowNativeType;
use arrow_buffer::{BooleanBufferBuilder, NullBuffer, NullBufferBuilder, OffsetBuffer};
use arrow_data::ArrayData;
use arrow_schema::{DataType, Field, Fields};
use pyo3::exceptions::{PyImportError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyList};
use rayon::prelude::*;

use zh_emotion::{Aspect, Classifier, Emotion, EmotionResult};

use crate::error::{catch, panic_error};
use crate::result::CharOffsets;
use crate::threads::run_in_pool;

/// Rows classified between two appends to the output columns.
pub const CHUNK_ROWS: usize = 16_384;

/// The result fields, in order: `emotion`, `intensity`, `polarity`, `escalate`, then
/// one score per label id (`anger` … `neutral`).
pub fn result_fields() -> Fields {
    let mut fields = vec![
        Field::new("emotion", DataType::Utf8, true),
        Field::new("intensity", DataType::Float32, true),
        Field::new("polarity", DataType::Float32, true),
        Field::new("escalate", DataType::Boolean, true),
    ];
    for e in Emotion::ALL {
        fields.push(Field::new(e.id(), DataType::Float32, true));
    }
    Fields::from(fields)
}

/// The result fields of a classifier with or without aspects: [`result_fields`], then
/// `aspects` (a list of [`aspect_fields`] structs) when `aspects` is true.
pub fn output_fields(aspects: bool) -> Fields {
    let mut fields: Vec<Field> = result_fields().iter().map(|f| f.as_ref().clone()).collect();
    if aspects {
        fields.push(Field::new("aspects", aspects_type(), true));
    }
    Fields::from(fields)
}

/// The fields of one aspect: `text`, `start`, `end` (character offsets), `targets`,
/// `category`, `emotion`, `polarity`, `intensity`.
pub fn aspect_fields() -> Fields {
    Fields::from(vec![
        Field::new("text", DataType::Utf8, true),
        Field::new("start", DataType::Int64, true),
        Field::new("end", DataType::Int64, true),
        Field::new("targets", DataType::List(string_item()), true),
        Field::new("category", DataType::Utf8, true),
        Field::new("emotion", DataType::Utf8, true),
        Field::new("polarity", DataType::Float32, true),
        Field::new("intensity", DataType::Float32, true),
    ])
}

/// `list<struct<...>>` of [`aspect_fields`].
fn aspects_type() -> DataType {
    DataType::List(aspect_item())
}

fn aspect_item() -> Arc<Field> {
    Arc::new(Field::new("item", DataType::Struct(aspect_fields()), true))
}

fn string_item() -> Arc<Field> {
    Arc::new(Field::new("item", DataType::Utf8, true))
}

/// The string values of one input chunk.
enum Strings<'a> {
    Utf8(&'a StringArray),
    LargeUtf8(&'a LargeStringArray),
    View(&'a StringViewArray),
    /// An array of Arrow's null type: every element is null.
    Null(usize),
}

impl Strings<'_> {
    fn len(&self) -> usize {
        match self {
            Strings::Utf8(a) => a.len(),
            Strings::LargeUtf8(a) => a.len(),
            Strings::View(a) => a.len(),
            Strings::Null(n) => *n,
        }
    }

    fn get(&self, i: usize) -> Option<&str> {
        match self {
            Strings::Utf8(a) => (!a.is_null(i)).then(|| a.value(i)),
            Strings::LargeUtf8(a) => (!a.is_null(i)).then(|| a.value(i)),
            Strings::View(a) => (!a.is_null(i)).then(|| a.value(i)),
            Strings::Null(_) => None,
        }
    }
}

/// The input types `classify_arrow` accepts, for its `TypeError`.
const ACCEPTED: &str = "utf8, large_utf8 or string_view, or a dictionary of them";

/// Whether `classify_arrow` accepts an array of this type.
fn accepted(data_type: &DataType) -> bool {
    match data_type {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => true,
        DataType::Dictionary(key, value) => {
            key.is_dictionary_key_type()
                && matches!(
                    value.as_ref(),
                    DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
                )
        }
        _ => false,
    }
}

fn type_error(data_type: &DataType) -> PyErr {
    PyTypeError::new_err(format!(
        "classify_arrow expects an array of strings ({ACCEPTED}), got {data_type}"
    ))
}

fn strings(array: &dyn Array) -> PyResult<Strings<'_>> {
    let any = array.as_any();
    let wrong = || type_error(array.data_type());
    Ok(match array.data_type() {
        DataType::Utf8 => Strings::Utf8(any.downcast_ref().ok_or_else(wrong)?),
        DataType::LargeUtf8 => Strings::LargeUtf8(any.downcast_ref().ok_or_else(wrong)?),
        DataType::Utf8View => Strings::View(any.downcast_ref().ok_or_else(wrong)?),
        DataType::Null => Strings::Null(array.len()),
        _ => return Err(wrong()),
    })
}

/// The keys of a dictionary-encoded chunk, whatever their integer type.
trait Keys: Sync {
    fn len(&self) -> usize;

    /// Row `i`'s index into the dictionary: `None` for a null row, `Some(None)` for a
    /// key that is no index (negative), which validation on import already refuses.
    fn index(&self, i: usize) -> Option<Option<usize>>;
}

impl<K: ArrowDictionaryKeyType> Keys for PrimitiveArray<K> {
    fn len(&self) -> usize {
        Array::len(self)
    }

    fn index(&self, i: usize) -> Option<Option<usize>> {
        (!self.is_null(i)).then(|| self.value(i).to_usize())
    }
}

/// One input chunk: strings, or dictionary-encoded strings.
enum Input<'a> {
    Strings(Strings<'a>),
    Dictionary {
        keys: &'a dyn Keys,
        values: Strings<'a>,
    },
}

impl Input<'_> {
    fn len(&self) -> usize {
        match self {
            Input::Strings(s) => s.len(),
            Input::Dictionary { keys, .. } => keys.len(),
        }
    }
}

fn input(array: &dyn Array) -> PyResult<Input<'_>> {
    let DataType::Dictionary(key, value) = array.data_type() else {
        return strings(array).map(Input::Strings);
    };
    if !accepted(array.data_type()) {
        return Err(type_error(array.data_type()));
    }
    let wrong = || type_error(array.data_type());
    let dictionary = array.as_any_dictionary_opt().ok_or_else(wrong)?;
    let values = dictionary.values().as_ref();
    if values.data_type() != value.as_ref() {
        return Err(wrong());
    }
    fn keys<K: ArrowDictionaryKeyType>(keys: &dyn Array) -> Option<&dyn Keys> {
        keys.as_primitive_opt::<K>().map(|k| k as &dyn Keys)
    }
    let raw = dictionary.keys();
    let keys = match key.as_ref() {
        DataType::Int8 => keys::<Int8Type>(raw),
        DataType::Int16 => keys::<Int16Type>(raw),
        DataType::Int32 => keys::<Int32Type>(raw),
        DataType::Int64 => keys::<Int64Type>(raw),
        DataType::UInt8 => keys::<UInt8Type>(raw),
        DataType::UInt16 => keys::<UInt16Type>(raw),
        DataType::UInt32 => keys::<UInt32Type>(raw),
        DataType::UInt64 => keys::<UInt64Type>(raw),
        _ => None,
    }
    .ok_or_else(wrong)?;
    Ok(Input::Dictionary {
        keys,
        values: strings(values)?,
    })
}

/// What of one result goes into the output.
struct Row {
    emotion: Emotion,
    intensity: f32,
    polarity: f32,
    escalate: bool,
    scores: [f32; Emotion::COUNT],
    /// The aspects with character offsets (empty without `aspects=True`).
    aspects: Vec<Aspect>,
}

impl Row {
    /// The row of `r`, the result for `text`.
    fn new(text: &str, r: EmotionResult) -> Self {
        Self {
            emotion: r.emotion,
            intensity: r.intensity,
            polarity: r.polarity,
            escalate: r.escalation.escalate,
            scores: *r.scores.as_array(),
            aspects: char_offsets(text, r.aspects),
        }
    }
}

/// `aspects` of `text` with character offsets instead of byte offsets, as
/// `EmotionResult.aspects` gives them in Python.
fn char_offsets(text: &str, mut aspects: Vec<Aspect>) -> Vec<Aspect> {
    if aspects.is_empty() || text.is_ascii() {
        return aspects;
    }
    let offsets = aspects.iter().flat_map(|a| [a.start, a.end]).collect();
    let map = CharOffsets::new(text, offsets);
    for a in &mut aspects {
        a.start = map.get(a.start);
        a.end = map.get(a.end);
    }
    aspects
}

/// An i32 offset of a column of one chunk, or the error for a chunk too large for it.
fn offset(len: usize, what: &str) -> Result<i32, String> {
    i32::try_from(len).map_err(|_| {
        format!("the aspects of one Arrow chunk have more {what} than an Arrow list or string column holds; pass a chunked array with shorter chunks")
    })
}

/// A utf8 column being filled: its offsets and bytes.
struct Utf8Column {
    offsets: Vec<i32>,
    bytes: Vec<u8>,
}

impl Utf8Column {
    fn new() -> Self {
        Self {
            offsets: vec![0],
            bytes: Vec::new(),
        }
    }

    fn push(&mut self, value: &str) -> Result<(), String> {
        self.bytes.extend_from_slice(value.as_bytes());
        self.offsets.push(offset(self.bytes.len(), "text bytes")?);
        Ok(())
    }

    fn finish(self) -> Result<StringArray, String> {
        StringArray::try_new(
            OffsetBuffer::new(self.offsets.into()),
            self.bytes.into(),
            None,
        )
        .map_err(|e| e.to_string())
    }
}

/// The `aspects` column being filled: a list offset per row, then the aspects' fields.
struct AspectColumns {
    /// Where each row's aspects begin in the aspect fields, and where the last ends.
    rows: Vec<i32>,
    text: Utf8Column,
    start: Vec<i64>,
    end: Vec<i64>,
    /// Where each aspect's targets begin in `target`.
    targets: Vec<i32>,
    target: Utf8Column,
    category: Utf8Column,
    emotion: Utf8Column,
    polarity: Vec<f32>,
    intensity: Vec<f32>,
}

impl AspectColumns {
    fn with_capacity(n: usize) -> Self {
        let mut rows = Vec::with_capacity(n + 1);
        rows.push(0);
        Self {
            rows,
            text: Utf8Column::new(),
            start: Vec::new(),
            end: Vec::new(),
            targets: vec![0],
            target: Utf8Column::new(),
            category: Utf8Column::new(),
            emotion: Utf8Column::new(),
            polarity: Vec::new(),
            intensity: Vec::new(),
        }
    }

    /// Appends one row's aspects (none for a null row, whose list is null).
    fn push(&mut self, aspects: &[Aspect]) -> Result<(), String> {
        for a in aspects {
            self.text.push(&a.text)?;
            self.start.push(a.start as i64);
            self.end.push(a.end as i64);
            for t in &a.targets {
                self.target.push(t)?;
            }
            self.targets
                .push(offset(self.target.offsets.len() - 1, "targets")?);
            self.category.push(a.category.id())?;
            self.emotion.push(a.emotion.id())?;
            self.polarity.push(a.polarity);
            self.intensity.push(a.intensity);
        }
        self.rows.push(offset(self.start.len(), "aspects")?);
        Ok(())
    }

    fn finish(self, nulls: Option<NullBuffer>) -> Result<ListArray, String> {
        let targets = ListArray::try_new(
            string_item(),
            OffsetBuffer::new(self.targets.into()),
            Arc::new(self.target.finish()?),
            None,
        )
        .map_err(|e| e.to_string())?;
        let float = |values: Vec<f32>| -> ArrayRef { Arc::new(Float32Array::from(values)) };
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.text.finish()?),
            Arc::new(Int64Array::from(self.start)),
            Arc::new(Int64Array::from(self.end)),
            Arc::new(targets),
            Arc::new(self.category.finish()?),
            Arc::new(self.emotion.finish()?),
            float(self.polarity),
            float(self.intensity),
        ];
        let items =
            StructArray::try_new(aspect_fields(), columns, None).map_err(|e| e.to_string())?;
        ListArray::try_new(
            aspect_item(),
            OffsetBuffer::new(self.rows.into()),
            Arc::new(items),
            nulls,
        )
        .map_err(|e| e.to_string())
    }
}

/// The output columns being filled.
struct Columns {
    nulls: NullBufferBuilder,
    emotion_offsets: Vec<i32>,
    emotion_bytes: Vec<u8>,
    intensity: Vec<f32>,
    polarity: Vec<f32>,
    escalate: BooleanBufferBuilder,
    scores: Vec<Vec<f32>>,
    /// The `aspects` column, for a classifier with aspects.
    aspects: Option<AspectColumns>,
}

impl Columns {
    fn with_capacity(n: usize, aspects: bool) -> Self {
        let mut emotion_offsets = Vec::with_capacity(n + 1);
        emotion_offsets.push(0);
        Self {
            nulls: NullBufferBuilder::new(n),
            emotion_offsets,
            emotion_bytes: Vec::with_capacity(n * 7),
            intensity: Vec::with_capacity(n),
            polarity: Vec::with_capacity(n),
            escalate: BooleanBufferBuilder::new(n),
            scores: (0..Emotion::COUNT).map(|_| Vec::with_capacity(n)).collect(),
            aspects: aspects.then(|| AspectColumns::with_capacity(n)),
        }
    }

    fn push(&mut self, row: Option<&Row>) -> Result<(), String> {
        if let Some(aspects) = &mut self.aspects {
            aspects.push(row.map_or(&[][..], |r| &r.aspects))?;
        }
        match row {
            Some(row) => {
                self.nulls.append_non_null();
                self.emotion_bytes
                    .extend_from_slice(row.emotion.id().as_bytes());
                self.intensity.push(row.intensity);
                self.polarity.push(row.polarity);
                self.escalate.append(row.escalate);
                for (column, &s) in self.scores.iter_mut().zip(&row.scores) {
                    column.push(s);
                }
            }
            None => {
                self.nulls.append_null();
                self.intensity.push(0.0);
                self.polarity.push(0.0);
                self.escalate.append(false);
                for column in &mut self.scores {
                    column.push(0.0);
                }
            }
        }
        // At most 14 bytes a row (`disappointment`), so i32 offsets hold 150 million rows
        // per chunk; larger chunks are refused before classification starts.
        self.emotion_offsets.push(self.emotion_bytes.len() as i32);
        Ok(())
    }

    fn finish(mut self) -> Result<StructArray, String> {
        let nulls: Option<NullBuffer> = self.nulls.finish();
        let float = |values: Vec<f32>| -> ArrayRef {
            Arc::new(Float32Array::new(values.into(), nulls.clone()))
        };
        let emotion = StringArray::try_new(
            arrow_buffer::OffsetBuffer::new(self.emotion_offsets.into()),
            self.emotion_bytes.into(),
            nulls.clone(),
        )
        .map_err(|e| e.to_string())?;
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(emotion),
            float(self.intensity),
            float(self.polarity),
            Arc::new(BooleanArray::new(self.escalate.finish(), nulls.clone())),
        ];
        for scores in self.scores {
            columns.push(float(scores));
        }
        let with_aspects = self.aspects.is_some();
        if let Some(aspects) = self.aspects {
            columns.push(Arc::new(aspects.finish(nulls.clone())?));
        }
        StructArray::try_new(output_fields(with_aspects), columns, nulls).map_err(|e| e.to_string())
    }
}

/// Most rows one chunk may have (the emotion column's i32 offsets).
const MAX_CHUNK_LEN: usize = (i32::MAX as usize) / 16;

/// Classifies one chunk of strings into a struct array, in slices of [`CHUNK_ROWS`].
fn classify_chunk(
    classifier: &Classifier,
    input: &Strings<'_>,
    aspects: bool,
) -> Result<StructArray, String> {
    let len = input.len();
    let mut columns = Columns::with_capacity(len, aspects);
    for start in (0..len).step_by(CHUNK_ROWS) {
        let end = (start + CHUNK_ROWS).min(len);
        let rows: Vec<Option<Row>> = (start..end)
            .into_par_iter()
            .map(|i| {
                input
                    .get(i)
                    .map(|text| Row::new(text, classifier.classify(text)))
            })
            .collect();
        for row in &rows {
            columns.push(row.as_ref())?;
        }
    }
    columns.finish()
}

/// Where the result of each dictionary value in use is, as a position in the results.
enum Slots {
    /// One entry per dictionary value ([`Slots::UNSEEN`] until a row uses it), when the
    /// dictionary is no longer than the chunk (or one slice).
    Table(Vec<u32>),
    /// The values in use only, when the dictionary is longer (a short slice of an array
    /// with a long dictionary), so that memory follows the rows, not the dictionary.
    Map(HashMap<usize, u32>),
}

impl Slots {
    const UNSEEN: u32 = u32::MAX;

    fn new(dictionary_len: usize, rows: usize) -> Self {
        if dictionary_len <= rows.max(CHUNK_ROWS) {
            Slots::Table(vec![Self::UNSEEN; dictionary_len])
        } else {
            Slots::Map(HashMap::new())
        }
    }

    fn get(&self, value: usize) -> u32 {
        match self {
            Slots::Table(table) => table[value],
            Slots::Map(map) => map.get(&value).copied().unwrap_or(Self::UNSEEN),
        }
    }

    fn set(&mut self, value: usize, slot: u32) {
        match self {
            Slots::Table(table) => table[value] = slot,
            Slots::Map(map) => {
                map.insert(value, slot);
            }
        }
    }
}

/// Classifies one dictionary-encoded chunk into a struct array, row for row what its
/// decoded strings would give, in slices of [`CHUNK_ROWS`] rows: each slice first
/// classifies (in parallel) the dictionary values that its rows are the first to use,
/// then appends its rows from the results so far. Only the values some row uses are
/// classified, each once; values no row uses are never read. Beyond the output, memory
/// is one result per distinct value used (at most one per row, so about the output's
/// size at worst) and a [`Slots`] entry per dictionary value or per value used.
fn classify_dictionary(
    classifier: &Classifier,
    keys: &dyn Keys,
    values: &Strings<'_>,
    aspects: bool,
) -> Result<StructArray, String> {
    let len = keys.len();
    let dictionary_len = values.len();
    // For each dictionary value, its position in `results` once a row has used it.
    // Positions are below the chunk's length, itself below MAX_CHUNK_LEN < u32::MAX.
    let mut slots = Slots::new(dictionary_len, len);
    let mut results: Vec<Option<Row>> = Vec::new();
    let mut first_used: Vec<usize> = Vec::new();
    let mut columns = Columns::with_capacity(len, aspects);
    // Row `i`'s dictionary index, or an error for a key out of range (validation on
    // import already refuses those; this keeps a bad key from ever panicking).
    let index = |i: usize| -> Result<Option<usize>, String> {
        match keys.index(i) {
            None => Ok(None),
            Some(Some(k)) if k < dictionary_len => Ok(Some(k)),
            Some(_) => Err(format!(
                "dictionary key at row {i} is out of range (the dictionary has {dictionary_len} values)"
            )),
        }
    };
    for start in (0..len).step_by(CHUNK_ROWS) {
        let end = (start + CHUNK_ROWS).min(len);
        first_used.clear();
        for i in start..end {
            if let Some(k) = index(i)? {
                if slots.get(k) == Slots::UNSEEN {
                    slots.set(k, (results.len() + first_used.len()) as u32);
                    first_used.push(k);
                }
            }
        }
        results.par_extend(first_used.par_iter().map(|&k| {
            values
                .get(k)
                .map(|text| Row::new(text, classifier.classify(text)))
        }));
        for i in start..end {
            // Every value used in this slice has its result by now.
            columns.push(index(i)?.and_then(|k| results[slots.get(k) as usize].as_ref()))?;
        }
    }
    columns.finish()
}

/// Classifies an imported array without the GIL, in the pool for `threads`.
fn classify_array(
    py: Python<'_>,
    classifier: &Classifier,
    array: &ArrayRef,
    threads: Option<usize>,
    aspects: bool,
) -> PyResult<StructArray> {
    let input = input(array.as_ref())?;
    if input.len() > MAX_CHUNK_LEN {
        return Err(PyValueError::new_err(format!(
            "an Arrow chunk of {} rows is too long (at most {MAX_CHUNK_LEN}); pass a chunked array",
            input.len()
        )));
    }
    let outcome = py.detach(|| {
        catch(|| {
            run_in_pool(threads, || match &input {
                Input::Strings(strings) => classify_chunk(classifier, strings, aspects),
                Input::Dictionary { keys, values } => {
                    classify_dictionary(classifier, *keys, values, aspects)
                }
            })
        })
        .map_err(|panic| (true, panic))
        .and_then(|r| r.map_err(|e| (false, e)))
        .and_then(|r| r.map_err(|e| (false, e)))
    });
    outcome.map_err(|(panicked, message)| {
        if panicked {
            panic_error(message)
        } else {
            PyValueError::new_err(message)
        }
    })
}

/// Imports an array given as a schema capsule and an array capsule, and checks it
/// (a producer's invalid UTF-8 or offsets are an error, not undefined behaviour).
fn import_array(schema: &Bound<'_, PyAny>, array: &Bound<'_, PyAny>) -> PyResult<ArrayRef> {
    let schema = capsule_pointer::<FFI_ArrowSchema>(schema, c"arrow_schema")?;
    let array = capsule_pointer::<FFI_ArrowArray>(array, c"arrow_array")?;
    // SAFETY: the capsules carry the names the PyCapsule interface gives these
    // structs; `from_raw` moves the array out and marks the capsule's copy released,
    // so that the capsule's destructor does not release it a second time.
    let data = unsafe {
        let array = FFI_ArrowArray::from_raw(array);
        from_ffi(array, &*schema)
    }
    .map_err(|e| PyValueError::new_err(format!("cannot import the Arrow array: {e}")))?;
    checked(data)
}

fn checked(data: ArrayData) -> PyResult<ArrayRef> {
    data.validate_full()
        .map_err(|e| PyValueError::new_err(format!("invalid Arrow array: {e}")))?;
    Ok(make_array(data))
}

fn capsule_pointer<T>(capsule: &Bound<'_, PyAny>, name: &std::ffi::CStr) -> PyResult<*mut T> {
    let capsule = capsule.cast::<PyCapsule>().map_err(|_| {
        PyTypeError::new_err(format!(
            "expected a PyCapsule named {name:?} from the Arrow PyCapsule interface"
        ))
    })?;
    Ok(capsule.pointer_checked(Some(name))?.as_ptr().cast::<T>())
}

/// A chunked input being read one chunk at a time.
struct Stream {
    stream: FFI_ArrowArrayStream,
    schema: FFI_ArrowSchema,
}

impl Stream {
    fn import(capsule: &Bound<'_, PyAny>) -> PyResult<Self> {
        let raw = capsule_pointer::<FFI_ArrowArrayStream>(capsule, c"arrow_array_stream")?;
        // SAFETY: a capsule named "arrow_array_stream" holds an ArrowArrayStream;
        // `from_raw` moves it out and marks the capsule's copy released.
        let mut stream = unsafe { FFI_ArrowArrayStream::from_raw(raw) };
        let mut schema = FFI_ArrowSchema::empty();
        let get_schema = stream
            .get_schema
            .ok_or_else(|| PyValueError::new_err("Arrow stream without get_schema"))?;
        // SAFETY: a live stream and an empty schema for it to fill.
        let rc = unsafe { get_schema(&mut stream, &mut schema) };
        if rc != 0 {
            return Err(stream_error(&mut stream, rc));
        }
        Ok(Self { stream, schema })
    }

    /// The next chunk, or `None` at the end of the stream.
    fn next(&mut self) -> PyResult<Option<ArrayRef>> {
        let get_next = self
            .stream
            .get_next
            .ok_or_else(|| PyValueError::new_err("Arrow stream without get_next"))?;
        let mut array = FFI_ArrowArray::empty();
        // SAFETY: a live stream and an empty array for it to fill.
        let rc = unsafe { get_next(&mut self.stream, &mut array) };
        if rc != 0 {
            return Err(stream_error(&mut self.stream, rc));
        }
        if array.is_released() {
            return Ok(None);
        }
        // SAFETY: the stream gave an array of its schema.
        let data = unsafe { from_ffi(array, &self.schema) }
            .map_err(|e| PyValueError::new_err(format!("cannot import the Arrow chunk: {e}")))?;
        checked(data).map(Some)
    }

    fn data_type(&self) -> PyResult<DataType> {
        DataType::try_from(&self.schema)
            .map_err(|e| PyValueError::new_err(format!("cannot read the Arrow stream type: {e}")))
    }
}

fn stream_error(stream: &mut FFI_ArrowArrayStream, rc: i32) -> PyErr {
    let message = stream
        .get_last_error
        // SAFETY: the error string stays valid until the next call on the stream.
        .map(|f| unsafe { f(stream) })
        .filter(|p| !p.is_null())
        .map(|p| {
            unsafe { std::ffi::CStr::from_ptr(p) }
                .to_string_lossy()
                .into_owned()
        })
        .unwrap_or_default();
    PyValueError::new_err(format!("Arrow stream error {rc}: {message}"))
}

/// Hands a struct array to pyarrow through the C data interface.
fn to_pyarrow<'py>(py: Python<'py>, array: StructArray) -> PyResult<Bound<'py, PyAny>> {
    let pyarrow = pyarrow(py)?;
    let data = array.into_data();
    let schema = FFI_ArrowSchema::try_from(data.data_type())
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let array = FFI_ArrowArray::new(&data);
    let schema = PyCapsule::new(py, schema, Some(CString::from(c"arrow_schema")))?;
    let array = PyCapsule::new(py, array, Some(CString::from(c"arrow_array")))?;
    pyarrow
        .getattr("Array")?
        .call_method1("_import_from_c_capsule", (schema, array))
}

fn pyarrow(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("pyarrow").map_err(|e| {
        PyImportError::new_err(format!(
            "classify_arrow returns pyarrow arrays; install pyarrow (pip install pyarrow): {e}"
        ))
    })
}

/// `classify_arrow`: a string array in, a struct array out (a chunked array for a
/// chunked input), with the `aspects` field when `aspects` is true (the classifier was
/// built with aspects).
pub fn classify_arrow<'py>(
    py: Python<'py>,
    classifier: &Classifier,
    array: &Bound<'py, PyAny>,
    threads: Option<usize>,
    aspects: bool,
) -> PyResult<Bound<'py, PyAny>> {
    if array.hasattr("__arrow_c_array__")? {
        let capsules = array.call_method0("__arrow_c_array__")?;
        let (schema, data): (Bound<'py, PyAny>, Bound<'py, PyAny>) = capsules.extract()?;
        let input = import_array(&schema, &data)?;
        let output = classify_array(py, classifier, &input, threads, aspects)?;
        drop(input);
        return to_pyarrow(py, output);
    }
    if array.hasattr("__arrow_c_stream__")? {
        let capsule = array.call_method0("__arrow_c_stream__")?;
        let mut stream = Stream::import(&capsule)?;
        let data_type = stream.data_type()?;
        if !accepted(&data_type) {
            return Err(type_error(&data_type));
        }
        let chunks = PyList::empty(py);
        while let Some(input) = stream.next()? {
            let output = classify_array(py, classifier, &input, threads, aspects)?;
            drop(input);
            chunks.append(to_pyarrow(py, output)?)?;
        }
        let pyarrow = pyarrow(py)?;
        let struct_type = to_pyarrow(
            py,
            Columns::with_capacity(0, aspects)
                .finish()
                .map_err(PyValueError::new_err)?,
        )?
        .getattr("type")?;
        return pyarrow.call_method1("chunked_array", (chunks, struct_type));
    }
    Err(PyTypeError::new_err(format!(
        "classify_arrow expects an Arrow string array or chunked array, dictionary-encoded \
         or not (an object with __arrow_c_array__ or __arrow_c_stream__, such as \
         pyarrow.Array, pyarrow.ChunkedArray or polars.Series), got {}",
        array.get_type().name()?
    )))
}

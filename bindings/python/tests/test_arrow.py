"""Arrow in, Arrow out: classify_arrow over pyarrow, pandas and Polars data."""

import json
import subprocess
import sys
import textwrap

import pyarrow as pa
import pytest

import zh_emotion

from conftest import BENCH, read_lines

TEXTS = [
    "快递三天了还没到，急死了！",
    None,
    "",
    "再不退款我就去12315投诉你们",
    "客服态度特别好，谢谢你们！",
    "   ",
    None,
    "衣服质量还行，但是颜色跟图片差太多了，有点失望。",
]


def expected_row(text):
    """What classify_arrow must give for one element: classify's numbers, or None."""
    if text is None:
        return None
    r = zh_emotion.classify(text)
    row = {"emotion": r.emotion, "intensity": r.intensity, "polarity": r.polarity, "escalate": r.escalation.escalate}
    row.update(r.scores)
    return row


def assert_matches(structs, texts):
    assert isinstance(structs, (pa.StructArray, pa.ChunkedArray))
    assert structs.type == zh_emotion.result_arrow_type()
    assert [f.name for f in structs.type] == zh_emotion.RESULT_FIELDS
    assert len(structs) == len(texts)
    assert structs.null_count == sum(t is None for t in texts)
    assert structs.to_pylist() == [expected_row(t) for t in texts]


def test_result_type():
    t = zh_emotion.result_arrow_type()
    assert pa.types.is_struct(t)
    assert t.field("emotion").type == pa.string()
    assert t.field("escalate").type == pa.bool_()
    for name in ["intensity", "polarity"] + zh_emotion.EMOTIONS:
        assert t.field(name).type == pa.float32()


@pytest.mark.parametrize("arrow_type", [pa.string(), pa.large_string(), pa.string_view()])
def test_string_types_with_nulls_and_empty_strings(arrow_type):
    array = pa.array(TEXTS, type=arrow_type)
    out = zh_emotion.classify_arrow(array)
    assert isinstance(out, pa.StructArray)
    assert_matches(out, TEXTS)
    # A null input row is a null struct whose fields are null too (so flattening keeps it null).
    for column in out.flatten():
        assert column.is_null().to_pylist() == [t is None for t in TEXTS]


def test_empty_and_all_null_arrays():
    assert_matches(zh_emotion.classify_arrow(pa.array([], pa.string())), [])
    assert_matches(zh_emotion.classify_arrow(pa.array([None, None], pa.string())), [None, None])
    assert_matches(zh_emotion.classify_arrow(pa.nulls(3)), [None, None, None])


def test_sliced_array_uses_its_offset():
    array = pa.array(TEXTS * 3)[5:17]
    assert_matches(zh_emotion.classify_arrow(array), (TEXTS * 3)[5:17])


def test_chunked_array_gives_chunked_output_with_the_same_chunks():
    chunks = [TEXTS, [], TEXTS[2:5], [None]]
    chunked = pa.chunked_array([pa.array(c, pa.string()) for c in chunks], type=pa.string())
    out = zh_emotion.classify_arrow(chunked, threads=2)
    assert isinstance(out, pa.ChunkedArray)
    assert [len(c) for c in out.chunks] == [len(c) for c in chunks]
    assert_matches(out, [t for c in chunks for t in c])
    empty = zh_emotion.classify_arrow(pa.chunked_array([], type=pa.string()))
    assert isinstance(empty, pa.ChunkedArray) and len(empty) == 0
    assert empty.type == zh_emotion.result_arrow_type()


def test_threads_give_identical_results():
    lines = read_lines(BENCH)[:600]
    array = pa.array(lines)
    one = zh_emotion.classify_arrow(array, threads=1)
    assert zh_emotion.classify_arrow(array, threads=2).equals(one)
    assert zh_emotion.Classifier().classify_arrow(array).equals(one)
    assert_matches(one, lines)


def test_longer_than_one_slice():
    # More rows than one internal slice (16,384), so results cross slice boundaries.
    texts = [TEXTS[i % len(TEXTS)] for i in range(40_000)]
    out = zh_emotion.classify_arrow(pa.array(texts))
    assert len(out) == 40_000 and out.null_count == texts.count(None)
    sample = list(range(0, 40_000, 997)) + [16_383, 16_384, 32_768, 39_999]
    rows = out.take(pa.array(sample)).to_pylist()
    assert rows == [expected_row(texts[i]) for i in sample]


def test_pandas_arrow_dtype():
    pd = pytest.importorskip("pandas")
    s = pd.Series(TEXTS, dtype=pd.ArrowDtype(pa.string()))
    out = zh_emotion.classify_arrow(pa.array(s))
    df = pd.DataFrame({"text": s}).join(
        pd.DataFrame({f.name: pd.Series(out.field(f.name), dtype=pd.ArrowDtype(f.type)) for f in out.type})
    )
    assert df["emotion"].tolist()[:2] == ["anxiety", pd.NA] or df["emotion"].isna().tolist() == [t is None for t in TEXTS]
    assert df["emotion"].isna().tolist() == [t is None for t in TEXTS]
    assert df.loc[3, "escalate"] == True  # noqa: E712 (a pandas scalar)


def test_polars_series():
    pl = pytest.importorskip("polars")
    s = pl.Series("text", TEXTS)
    out = zh_emotion.classify_arrow(s)  # through __arrow_c_stream__
    assert_matches(out, TEXTS)
    df = pl.DataFrame({"text": s}).with_columns(pl.Series("result", pl.from_arrow(out)).alias("result")).unnest("result")
    assert df["emotion"].to_list() == [None if t is None else zh_emotion.classify(t).emotion for t in TEXTS]


# Dictionary-encoded strings: pandas category, Polars Categorical, Parquet dictionaries.

# A categorical column: few distinct messages, many rows, nulls among them.
CATEGORIES = [t for t in TEXTS if t is not None]
CATEGORICAL = [None if i % 7 == 3 else CATEGORIES[(i * 5) % len(CATEGORIES)] for i in range(60)]


def dictionary_array(texts, index_type, value_type):
    """`texts` dictionary-encoded with these types: each distinct text once, in order of
    first appearance, and a key per row (null for None)."""
    values = list(dict.fromkeys(t for t in texts if t is not None))
    keys = pa.array([None if t is None else values.index(t) for t in texts], index_type)
    array = pa.DictionaryArray.from_arrays(keys, pa.array(values, value_type))
    assert array.type == pa.dictionary(index_type, value_type)
    return array


def decoded(array):
    """The plain strings a dictionary array stands for, of its value type (through Python:
    pyarrow has no cast or take from dictionaries of string_view)."""
    return pa.array(array.to_pylist(), type=array.type.value_type)


@pytest.mark.parametrize("value_type", [pa.string(), pa.large_string(), pa.string_view()])
@pytest.mark.parametrize(
    "index_type", [pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.uint8(), pa.uint16(), pa.uint32(), pa.uint64()]
)
def test_dictionary_gives_the_rows_of_the_decoded_strings(index_type, value_type):
    array = dictionary_array(CATEGORICAL, index_type, value_type)
    out = zh_emotion.classify_arrow(array)
    assert isinstance(out, pa.StructArray)
    assert_matches(out, CATEGORICAL)
    plain = decoded(array)
    assert plain.type == value_type and plain.to_pylist() == CATEGORICAL
    from_plain = zh_emotion.classify_arrow(plain)
    assert out.equals(from_plain)
    assert out.to_pylist() == from_plain.to_pylist()
    for column in out.flatten():
        assert column.is_null().to_pylist() == [t is None for t in CATEGORICAL]


def test_dictionary_nulls_from_the_key_and_from_the_value():
    # Keys:    0     null  1 (a null value)  2     0     1      null
    dictionary = pa.array(["再不退款我就去12315投诉你们", None, "客服态度特别好，谢谢你们！"])
    indices = pa.array([0, None, 1, 2, 0, 1, None], pa.int16())
    array = pa.DictionaryArray.from_arrays(indices, dictionary)
    texts = [dictionary[k].as_py() if k is not None else None for k in indices.to_pylist()]
    assert texts.count(None) == 4
    out = zh_emotion.classify_arrow(array, threads=2)
    assert_matches(out, texts)
    assert out.is_null().to_pylist() == [False, True, True, False, False, True, True]
    assert out.field("emotion").to_pylist()[0] == zh_emotion.classify(texts[0]).emotion
    # A dictionary of Arrow's null type: every row is null.
    all_null = pa.array([None, None, None]).dictionary_encode()
    assert all_null.type.value_type == pa.null()
    assert_matches(zh_emotion.classify_arrow(all_null), [None, None, None])


def test_empty_dictionary_arrays():
    empty = pa.DictionaryArray.from_arrays(pa.array([], pa.int8()), pa.array([], pa.string()))
    assert_matches(zh_emotion.classify_arrow(empty), [])
    # Rows, but none of them uses the (empty) dictionary.
    only_nulls = pa.DictionaryArray.from_arrays(pa.array([None, None], pa.int32()), pa.array([], pa.string()))
    assert_matches(zh_emotion.classify_arrow(only_nulls), [None, None])
    # Dictionary values that no row uses change nothing.
    unused = pa.DictionaryArray.from_arrays(pa.array([2, 2, None], pa.uint8()), pa.array(TEXTS, pa.string()))
    assert_matches(zh_emotion.classify_arrow(unused), [TEXTS[2], TEXTS[2], None])


def test_sliced_dictionary_array_uses_its_offset():
    array = dictionary_array(CATEGORICAL, pa.int32(), pa.string())[11:47]
    assert_matches(zh_emotion.classify_arrow(array), CATEGORICAL[11:47])


def test_short_slice_of_a_long_dictionary():
    # A slice keeps the whole dictionary: 20,000 values (more than one internal slice of
    # rows) for 30 rows, of which only the used ones are classified.
    texts = [f"第{i}号订单还没到，{'急死了！' if i % 3 else '谢谢'}" for i in range(20_000)]
    keys = pa.array([(i * 7919) % 20_000 if i % 9 else None for i in range(20_000)], pa.int32())
    array = pa.DictionaryArray.from_arrays(keys, pa.array(texts))
    rows = [None if k is None else texts[k] for k in keys.to_pylist()]
    piece = array[12_345:12_375]
    assert len(piece.dictionary) == 20_000
    assert_matches(zh_emotion.classify_arrow(piece), rows[12_345:12_375])
    whole = zh_emotion.classify_arrow(array, threads=2)
    assert whole.equals(zh_emotion.classify_arrow(pa.array(rows)))


def test_chunked_dictionary_with_a_different_dictionary_per_chunk():
    chunks = [CATEGORICAL[:25], [], list(reversed(CATEGORICAL[25:])), [None, TEXTS[7]]]
    # Each chunk encodes its own values in order of appearance, so the same key means
    # a different message from one chunk to the next.
    arrays = [dictionary_array(c, pa.int32(), pa.string()) for c in chunks]
    assert arrays[0].dictionary != arrays[2].dictionary
    chunked = pa.chunked_array(arrays, type=pa.dictionary(pa.int32(), pa.string()))
    out = zh_emotion.classify_arrow(chunked, threads=2)
    assert isinstance(out, pa.ChunkedArray)
    assert [len(c) for c in out.chunks] == [len(c) for c in chunks]
    texts = [t for c in chunks for t in c]
    assert_matches(out, texts)
    assert out.to_pylist() == zh_emotion.classify_arrow(chunked.cast(pa.string())).to_pylist()


def test_dictionary_longer_than_one_slice():
    # Rows cross slice boundaries (16,384), and values first used in a later slice
    # are classified there.
    n = 40_000
    texts = [None if i % 11 == 0 else (CATEGORIES[0] if i < 20_000 else f"第{i % 97}号订单还没到，急死了！") for i in range(n)]
    array = pa.array(texts).dictionary_encode()
    assert len(array.dictionary) == 1 + 97
    out = zh_emotion.classify_arrow(array, threads=2)
    assert len(out) == n and out.null_count == texts.count(None)
    assert out.equals(zh_emotion.classify_arrow(pa.array(texts)))
    sample = list(range(0, n, 997)) + [16_383, 16_384, 20_000, 32_768, 39_999]
    assert out.take(pa.array(sample)).to_pylist() == [expected_row(texts[i]) for i in sample]


def test_pandas_categorical():
    pd = pytest.importorskip("pandas")
    s = pd.Series(CATEGORICAL, dtype="category")
    for array in [pa.array(s), pa.Array.from_pandas(s)]:
        assert pa.types.is_dictionary(array.type)
        out = zh_emotion.classify_arrow(array)
        assert_matches(out, CATEGORICAL)
    # A column of a table read from pandas comes as a chunked dictionary array.
    table = pa.Table.from_pandas(pd.DataFrame({"text": s}))
    assert pa.types.is_dictionary(table.column("text").type)
    assert_matches(zh_emotion.classify_arrow(table.column("text")), CATEGORICAL)


def test_polars_categorical_and_enum():
    pl = pytest.importorskip("polars")
    for dtype in [pl.Categorical, pl.Enum(sorted(set(CATEGORIES)))]:
        s = pl.Series("text", CATEGORICAL, dtype=dtype)
        out = zh_emotion.classify_arrow(s)  # through __arrow_c_stream__
        assert pa.types.is_dictionary(pa.chunked_array(s).type)
        assert_matches(out, CATEGORICAL)
        decoded = zh_emotion.classify_arrow(s.cast(pl.String))
        assert out.to_pylist() == decoded.to_pylist()


def test_parquet_read_with_dictionary_encoding(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "messages.parquet"
    pq.write_table(pa.table({"text": CATEGORICAL}), path, row_group_size=25)
    column = pq.read_table(path, read_dictionary=["text"]).column("text")
    assert pa.types.is_dictionary(column.type) and column.num_chunks >= 1
    out = zh_emotion.classify_arrow(column)
    assert [len(c) for c in out.chunks] == [len(c) for c in column.chunks]
    assert_matches(out, CATEGORICAL)


def test_dictionary_keys_out_of_range_are_an_error():
    dictionary = pa.array(["好评！", "差评"])
    for indices in [pa.array([0, 2], pa.int32()), pa.array([1, -1], pa.int8())]:
        bad = pa.DictionaryArray.from_arrays(indices, dictionary, safe=False)
        with pytest.raises(ValueError, match="invalid Arrow array"):
            zh_emotion.classify_arrow(bad)
    # A key under a null row is not read, whatever it is.
    validity = pa.py_buffer(bytes([0b01]))
    keys = pa.Array.from_buffers(pa.int32(), 2, [validity, pa.array([0, 7], pa.int32()).buffers()[1]])
    assert keys.to_pylist() == [0, None]
    masked = pa.DictionaryArray.from_arrays(keys, dictionary, safe=False)
    assert_matches(zh_emotion.classify_arrow(masked), ["好评！", None])


def test_type_errors():
    with pytest.raises(TypeError, match="got Int64"):
        zh_emotion.classify_arrow(pa.array([1, 2, 3]))
    with pytest.raises(TypeError, match="got Int64"):
        zh_emotion.classify_arrow(pa.chunked_array([pa.array([1])]))
    with pytest.raises(TypeError, match="expects an Arrow string array"):
        zh_emotion.classify_arrow(["a", "b"])
    with pytest.raises(TypeError, match="got Struct"):
        zh_emotion.classify_arrow(pa.record_batch({"text": ["a"]}))
    # Dictionaries of anything but strings are refused like their values would be.
    numbers = pa.array([1, 2, 1], pa.int64()).dictionary_encode()
    with pytest.raises(TypeError, match=r"or a dictionary of them\), got Dictionary\(Int32, Int64\)"):
        zh_emotion.classify_arrow(numbers)
    with pytest.raises(TypeError, match=r"got Dictionary\(Int32, Int64\)"):
        zh_emotion.classify_arrow(pa.chunked_array([numbers]))
    binary = pa.DictionaryArray.from_arrays(pa.array([0], pa.int8()), pa.array([b"x"], pa.binary()))
    with pytest.raises(TypeError, match="got Dictionary"):
        zh_emotion.classify_arrow(binary)
    with pytest.raises(ValueError, match="threads"):
        zh_emotion.classify_arrow(pa.array(["a"]), threads=0)


def test_invalid_utf8_from_a_producer_is_an_error():
    bad = pa.Array.from_buffers(
        pa.string(), 1, [None, pa.py_buffer(b"\x00\x00\x00\x00\x02\x00\x00\x00"), pa.py_buffer(b"\xff\xfe")]
    )
    with pytest.raises(ValueError, match="invalid Arrow array"):
        zh_emotion.classify_arrow(bad)


def test_a_million_rows_in_bounded_memory():
    # In a fresh process, so that the peak resident size measures this call alone.
    script = textwrap.dedent(
        """
        import json, resource
        import pyarrow as pa
        import zh_emotion
        n = 1_000_000
        texts = pa.array([None if i % 10 == 0 else ("" if i % 10 == 1 else f"订单{i}还没到，急死了！") for i in range(n)])
        zh_emotion.classify("预热")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out = zh_emotion.classify_arrow(texts)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({
            "rows": len(out), "nulls": out.null_count, "output_bytes": out.nbytes,
            "peak_growth_kib": after - before,
            "anxious": out.field("emotion")[2].as_py(), "empty": out.field("emotion")[1].as_py(),
        }))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    figures = json.loads(result.stdout)
    assert figures["rows"] == 1_000_000 and figures["nulls"] == 100_000
    assert figures["anxious"] == "anxiety" and figures["empty"] == "neutral"
    # The output itself (about 60 bytes a row) plus a bounded working set; a Python
    # object per message would need well over a gigabyte.
    growth = figures["peak_growth_kib"] * 1024
    assert growth < figures["output_bytes"] + 150 * 1024 * 1024, figures

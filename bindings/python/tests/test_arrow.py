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


def test_type_errors():
    with pytest.raises(TypeError, match="got Int64"):
        zh_emotion.classify_arrow(pa.array([1, 2, 3]))
    with pytest.raises(TypeError, match="got Int64"):
        zh_emotion.classify_arrow(pa.chunked_array([pa.array([1])]))
    with pytest.raises(TypeError, match="expects an Arrow string array"):
        zh_emotion.classify_arrow(["a", "b"])
    with pytest.raises(TypeError, match="got Struct"):
        zh_emotion.classify_arrow(pa.record_batch({"text": ["a"]}))
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

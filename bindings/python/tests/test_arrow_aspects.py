"""classify_arrow with Classifier(aspects=True): the aspects field, row for row the
results' aspects, in Python string indices."""

import json
import subprocess
import sys
import textwrap

import pyarrow as pa
import pytest

import zh_emotion

from conftest import BENCH, read_lines

ASPECTS = zh_emotion.Classifier(aspects=True)

MIXED = "菜很好吃，但是上菜太慢，服务员态度也差"
TEXTS = [
    MIXED,
    None,
    "",
    "请问发票怎么开？",  # factual: no opinion
    "包装很好看😊，但是快递太慢了👎，客服也不回消息",  # emoji (outside the BMP) before the spans
    "房间很干净，位置也方便，就是价格有点贵",
    "   ",
    None,
    "The app keeps crashing, 太垃圾了",  # ASCII before Chinese
    "衣服质量还行，但是颜色跟图片差太多了，有点失望。",
    "快递三天了还没到，急死了！",
]

ASPECT_TYPE = pa.list_(
    pa.struct(
        [
            ("text", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("targets", pa.list_(pa.string())),
            ("category", pa.string()),
            ("emotion", pa.string()),
            ("polarity", pa.float32()),
            ("intensity", pa.float32()),
        ]
    )
)


def expected_aspects(text, classifier=ASPECTS):
    """What the aspects field must hold for one element: the result's aspects as dicts."""
    if text is None:
        return None
    return [a.to_dict() for a in classifier.classify(text).aspects]


def assert_aspects_match(structs, texts):
    assert structs.type == zh_emotion.result_arrow_type(aspects=True)
    assert len(structs) == len(texts)
    if isinstance(structs, pa.ChunkedArray):
        aspects = pa.chunked_array([c.field("aspects") for c in structs.chunks], ASPECT_TYPE)
    else:
        aspects = structs.field("aspects")
    assert aspects.is_null().to_pylist() == [t is None for t in texts]
    assert aspects.to_pylist() == [expected_aspects(t) for t in texts]


def test_the_aspects_field_only_when_asked_for():
    with_aspects = zh_emotion.result_arrow_type(aspects=True)
    plain = zh_emotion.result_arrow_type()
    assert [f.name for f in plain] == zh_emotion.RESULT_FIELDS
    assert [f.name for f in with_aspects] == zh_emotion.RESULT_FIELDS + ["aspects"]
    assert with_aspects.field("aspects").type == ASPECT_TYPE
    for f in plain:
        assert with_aspects.field(f.name).type == f.type
    assert ASPECTS.aspects is True and zh_emotion.Classifier().aspects is False
    assert "aspects=True" in repr(ASPECTS)
    array = pa.array(TEXTS)
    assert zh_emotion.Classifier().classify_arrow(array).type == plain
    assert zh_emotion.classify_arrow(array).type == plain
    out = ASPECTS.classify_arrow(array)
    assert out.type == with_aspects
    # The other fields are those of a classifier without aspects.
    without = zh_emotion.classify_arrow(array)
    for name in zh_emotion.RESULT_FIELDS:
        assert out.field(name).equals(without.field(name)), name


@pytest.mark.parametrize("arrow_type", [pa.string(), pa.large_string(), pa.string_view()])
def test_aspects_equal_the_results_aspects(arrow_type):
    out = ASPECTS.classify_arrow(pa.array(TEXTS, type=arrow_type))
    assert isinstance(out, pa.StructArray)
    assert_aspects_match(out, TEXTS)
    rows = out.field("aspects").to_pylist()
    # Null rows: a null list. No opinion, or no text: an empty list.
    assert rows[1] is None and rows[7] is None
    assert rows[2] == [] and rows[3] == [] and rows[6] == []
    # The mixed message: praise of the food, complaints about the speed and the service.
    mixed = rows[0]
    assert len(mixed) >= 2
    assert mixed[0]["category"] == "quality" and mixed[0]["polarity"] > 0
    assert any(a["category"] == "service" and a["polarity"] < 0 for a in mixed)
    assert any("服务员" in a["targets"] for a in mixed)


def test_offsets_are_python_string_indices():
    out = ASPECTS.classify_arrow(pa.array(TEXTS)).field("aspects").to_pylist()
    spans = 0
    for text, aspects in zip(TEXTS, out):
        for a in aspects or []:
            assert text[a["start"] : a["end"]] == a["text"]
            for target in a["targets"]:
                assert target in a["text"]
            spans += 1
    assert spans >= 8
    # The emoji message: character offsets differ from UTF-8 byte offsets and from
    # UTF-16 code units, and still cut the text.
    emoji = TEXTS[4]
    late = [a for a in out[4] if a["start"] > emoji.index("👎")]
    assert late and all(emoji[a["start"] : a["end"]] == a["text"] for a in late)
    assert all(a["start"] < len(emoji.encode("utf-8")) for a in late)


def test_sliced_array_and_threads():
    texts = (TEXTS * 4)[3:37]
    array = pa.array(TEXTS * 4)[3:37]
    one = ASPECTS.classify_arrow(array, threads=1)
    assert_aspects_match(one, texts)
    assert ASPECTS.classify_arrow(array, threads=2).equals(one)


def test_empty_and_all_null_arrays():
    assert_aspects_match(ASPECTS.classify_arrow(pa.array([], pa.string())), [])
    assert_aspects_match(ASPECTS.classify_arrow(pa.array([None, None], pa.string())), [None, None])
    assert_aspects_match(ASPECTS.classify_arrow(pa.nulls(3)), [None, None, None])


def test_chunked_array():
    chunks = [TEXTS, [], TEXTS[3:6], [None], [MIXED]]
    chunked = pa.chunked_array([pa.array(c, pa.string()) for c in chunks], type=pa.string())
    out = ASPECTS.classify_arrow(chunked, threads=2)
    assert isinstance(out, pa.ChunkedArray)
    assert [len(c) for c in out.chunks] == [len(c) for c in chunks]
    assert_aspects_match(out, [t for c in chunks for t in c])
    empty = ASPECTS.classify_arrow(pa.chunked_array([], type=pa.string()))
    assert isinstance(empty, pa.ChunkedArray) and len(empty) == 0
    assert empty.type == zh_emotion.result_arrow_type(aspects=True)


CATEGORICAL = [None if i % 7 == 3 else TEXTS[(i * 5) % len(TEXTS)] for i in range(60)]


@pytest.mark.parametrize("index_type", [pa.int8(), pa.int32(), pa.uint64()])
@pytest.mark.parametrize("value_type", [pa.string(), pa.large_string(), pa.string_view()])
def test_dictionary_gives_the_aspects_of_the_decoded_strings(index_type, value_type):
    values = list(dict.fromkeys(t for t in CATEGORICAL if t is not None))
    keys = pa.array([None if t is None else values.index(t) for t in CATEGORICAL], index_type)
    array = pa.DictionaryArray.from_arrays(keys, pa.array(values, value_type))
    out = ASPECTS.classify_arrow(array)
    assert_aspects_match(out, CATEGORICAL)
    assert out.equals(ASPECTS.classify_arrow(pa.array(CATEGORICAL, value_type)))


def test_dictionary_null_values_and_chunks_with_their_own_dictionaries():
    dictionary = pa.array([MIXED, None, TEXTS[4]])
    array = pa.DictionaryArray.from_arrays(pa.array([0, None, 1, 2, 0, 1], pa.int16()), dictionary)
    assert_aspects_match(ASPECTS.classify_arrow(array), [MIXED, None, None, TEXTS[4], MIXED, None])
    chunks = [CATEGORICAL[:25], [], list(reversed(CATEGORICAL[25:]))]
    chunked = pa.chunked_array([pa.array(c, pa.string()).dictionary_encode() for c in chunks])
    out = ASPECTS.classify_arrow(chunked, threads=2)
    assert [len(c) for c in out.chunks] == [len(c) for c in chunks]
    assert_aspects_match(out, [t for c in chunks for t in c])
    assert out.to_pylist() == ASPECTS.classify_arrow(chunked.cast(pa.string())).to_pylist()


def test_longer_than_one_slice_plain_and_dictionary():
    # More rows than one internal slice (16,384): list offsets continue across slices.
    n = 40_000
    texts = [None if i % 13 == 0 else TEXTS[i % len(TEXTS)] for i in range(n)]
    out = ASPECTS.classify_arrow(pa.array(texts), threads=2)
    aspects = out.field("aspects")
    assert aspects.null_count == texts.count(None)
    sample = list(range(0, n, 991)) + [16_383, 16_384, 32_767, 32_768, n - 1]
    assert aspects.take(pa.array(sample)).to_pylist() == [expected_aspects(texts[i]) for i in sample]
    assert ASPECTS.classify_arrow(pa.array(texts).dictionary_encode(), threads=2).equals(out)


def test_a_longer_corpus_equals_the_batch_results():
    lines = read_lines(BENCH)[:800]
    out = ASPECTS.classify_arrow(pa.array(lines), threads=2).field("aspects").to_pylist()
    want = [[a.to_dict() for a in r.aspects] for r in ASPECTS.classify_batch(lines, threads=2)]
    assert out == want
    assert sum(len(a) for a in out) > len(lines)


def test_polars_slices_give_the_aspect_texts():
    pl = pytest.importorskip("polars")
    df = pl.DataFrame({"text": TEXTS})
    result = pl.from_arrow(ASPECTS.classify_arrow(df["text"]))  # through __arrow_c_stream__
    df = df.with_columns(result.alias("r")).unnest("r")
    assert df["aspects"].to_list() == [expected_aspects(t) for t in TEXTS]
    spans = (
        df.select(pl.col("text").alias("message"), "aspects")
        .explode("aspects")
        .drop_nulls("aspects")
        .unnest("aspects")
        .with_columns(cut=pl.col("message").str.slice(pl.col("start"), pl.col("end") - pl.col("start")))
    )
    assert spans.height >= 8
    assert spans["cut"].to_list() == spans["text"].to_list()


def test_pandas_arrow_dtype_slices_give_the_aspect_texts():
    pd = pytest.importorskip("pandas")
    s = pd.Series(TEXTS, dtype=pd.ArrowDtype(pa.string()))
    aspects = pd.Series(ASPECTS.classify_arrow(pa.array(s)).field("aspects"), dtype=pd.ArrowDtype(ASPECT_TYPE))
    assert aspects.isna().tolist() == [t is None for t in TEXTS]
    spans = 0
    for text, row in zip(TEXTS, aspects.tolist()):
        if text is None:
            continue
        assert list(row) == expected_aspects(text)
        for a in row:
            assert text[a["start"] : a["end"]] == a["text"]
            spans += 1
    assert spans >= 8


def test_many_rows_with_aspects_in_bounded_memory():
    # In a fresh process, so that the peak resident size measures this call alone.
    script = textwrap.dedent(
        """
        import json, resource
        import pyarrow as pa
        import zh_emotion
        n = 200_000
        texts = pa.array([None if i % 10 == 0 else f"第{i}单菜很好吃，但是上菜太慢，服务员态度也差" for i in range(n)])
        c = zh_emotion.Classifier(aspects=True)
        c.classify("预热")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out = c.classify_arrow(texts)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        aspects = out.field("aspects")
        print(json.dumps({
            "rows": len(out), "nulls": aspects.null_count, "output_bytes": out.nbytes,
            "aspects": len(aspects.values), "peak_growth_kib": after - before,
        }))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    figures = json.loads(result.stdout)
    assert figures["rows"] == 200_000 and figures["nulls"] == 20_000
    assert figures["aspects"] >= 2 * 180_000
    # The output plus a bounded working set (one slice of results); a Python object per
    # row or per aspect would need far more.
    growth = figures["peak_growth_kib"] * 1024
    assert growth < figures["output_bytes"] + 100 * 1024 * 1024, figures

"""The Spark example in local[2]: a generated table of 24,000 messages, Parquet and CSV."""

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

import zh_emotion

from conftest import BENCH, read_lines

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "spark_classify.py"
ROWS = 24_000

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None and not os.environ.get("JAVA_HOME"), reason="Spark needs Java"
)


def generated_table(rows):
    """Bench corpus messages cycled, with an id, a pass-through column, nulls and empty strings."""
    lines = read_lines(BENCH)
    texts = []
    for i in range(rows):
        if i % 97 == 0:
            texts.append(None)
        elif i % 101 == 0:
            texts.append("")
        else:
            texts.append(lines[i % len(lines)])
    return pa.table(
        {
            "id": pa.array(range(rows), pa.int64()),
            "text": pa.array(texts, pa.string()),
            "channel": pa.array(["chat" if i % 3 else "email" for i in range(rows)]),
        }
    )


def run_example(*args):
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), *args, "--master", "local[2]"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]


def check_output(table, out_dir, prefix="", aspects=False):
    out = pq.read_table(out_dir)
    assert out.num_rows == table.num_rows
    names = [prefix + n for n in zh_emotion.RESULT_FIELDS] + ([prefix + "aspects"] if aspects else [])
    assert out.column_names == table.column_names + names
    # Spark writes in partition order; compare by id, independently of row order.
    out = out.sort_by("id")
    assert out.column("id").to_pylist() == table.column("id").to_pylist()
    assert out.column("text").to_pylist() == table.column("text").to_pylist()
    assert out.column("channel").to_pylist() == table.column("channel").to_pylist()
    direct = zh_emotion.classify_arrow(table.column("text"))
    for name in zh_emotion.RESULT_FIELDS:
        got = out.column(prefix + name).to_pylist()
        want = pa.concat_arrays([c.field(name) for c in direct.chunks]).to_pylist()
        if name in ("emotion", "escalate"):
            assert got == want, name
        else:
            assert all((g is None and w is None) or math.isclose(g, w, rel_tol=0, abs_tol=0) for g, w in zip(got, want)), name
    nulls = [t is None for t in table.column("text").to_pylist()]
    assert out.column(prefix + "emotion").is_null().to_pylist() == nulls
    assert out.column(prefix + "neutral").is_null().to_pylist() == nulls
    return out


def test_parquet_table_in_local_mode(tmp_path):
    table = generated_table(ROWS)
    source = tmp_path / "messages.parquet"
    pq.write_table(table, source, row_group_size=5_000)
    run_example(str(source), str(tmp_path / "out"))
    out = check_output(table, tmp_path / "out")
    assert out.column("emotion").null_count > 200


def test_csv_table_with_another_column_and_prefix(tmp_path):
    table = generated_table(2_000).rename_columns(["id", "message", "channel"])
    # Quoted commas, quotes and line breaks inside messages.
    messages = table.column("message").to_pylist()
    messages[5] = '快递，"还没到"\n急死了！'
    table = table.set_column(1, "message", pa.array(messages, pa.string()))
    source = tmp_path / "messages.csv"
    pacsv.write_csv(table, source)
    run_example(str(source), str(tmp_path / "out"), "--column", "message", "--prefix", "zh_")
    out = pq.read_table(tmp_path / "out")
    # CSV columns are read as strings: order the rows by the number in "id".
    order = sorted(range(out.num_rows), key=lambda i: int(out.column("id")[i].as_py()))
    out = out.take(pa.array(order))
    assert out.num_rows == 2_000
    assert out.column_names[:3] == ["id", "message", "channel"]
    assert out.column("message")[5].as_py() == '快递，"还没到"\n急死了！'
    assert out.column("zh_emotion")[5].as_py() == zh_emotion.classify(messages[5]).emotion
    # CSV reads null and empty fields alike as null.
    got = out.column("zh_emotion").to_pylist()
    want = [None if not m else zh_emotion.classify(m).emotion for m in messages]
    assert got == want


MIXED = "菜很好吃，但是上菜太慢，服务员态度也差"


def test_aspects_column_in_the_parquet_output(tmp_path):
    messages = [
        MIXED,
        None,
        "请问发票怎么开？",
        "包装很好看😊，但是快递太慢了👎，客服也不回消息",
        "",
        "房间很干净，位置也方便，就是价格有点贵",
    ] * 50
    table = pa.table(
        {
            "id": pa.array(range(len(messages)), pa.int64()),
            "text": pa.array(messages, pa.string()),
            "channel": pa.array(["chat"] * len(messages)),
        }
    )
    source = tmp_path / "messages.parquet"
    pq.write_table(table, source, row_group_size=100)
    run_example(str(source), str(tmp_path / "out"), "--aspects")
    out = check_output(table, tmp_path / "out", aspects=True)
    item = out.schema.field("aspects").type.value_type
    assert [f.name for f in item] == ["text", "start", "end", "targets", "category", "emotion", "polarity", "intensity"]
    assert item.field("start").type == pa.int64() and item.field("polarity").type == pa.float32()
    classifier = zh_emotion.Classifier(aspects=True)
    got = out.column("aspects").to_pylist()
    want = [None if m is None else [a.to_dict() for a in classifier.classify(m).aspects] for m in messages]
    assert got == want
    # The mixed message: the food praised, the service blamed; offsets cut the message.
    mixed = got[0]
    assert mixed[0]["category"] == "quality" and mixed[0]["polarity"] > 0
    assert any(a["category"] == "service" and a["polarity"] < 0 and "服务员" in a["targets"] for a in mixed)
    assert got[1] is None and got[2] == [] and got[4] == []
    for m, aspects in zip(messages, got):
        for a in aspects or []:
            assert m[a["start"] : a["end"]] == a["text"]

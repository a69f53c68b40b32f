#!/usr/bin/env python3
"""Classifies a table of Chinese customer messages with PySpark and zh-emotion.

    python spark_classify.py INPUT OUTPUT [--column text] [--format auto|parquet|csv]
                             [--prefix P] [--aspects] [--threads N] [--master URL]
                             [--overwrite]

INPUT is a Parquet file or folder, or a CSV file or folder with a header line. The
messages are in the string column ``--column`` (default ``text``); every other column
passes through unchanged. OUTPUT is a Parquet folder with the input columns followed by
the result columns: emotion, intensity, polarity, escalate and one score per label
(anger, disappointment, anxiety, sadness, disgust, joy, gratitude, surprise, neutral),
each name preceded by ``--prefix``. A null message gives null result columns.

``--aspects`` adds one more result column, ``aspects``: what each opinion of the
message is about, an array of structs (text, start, end, targets, category, emotion,
polarity, intensity) per row, from ``zh_emotion.Classifier(aspects=True)`` (about twice
the time per message). ``start`` and ``end`` are character offsets into the message
(Python string indices, so ``text[start:end]`` is the span's text). A null
message gives a null array, a message without opinions an empty one.

The work is one ``mapInArrow`` over ``zh_emotion.classify_arrow``: each Arrow batch of
the message column goes to the classifier as it is, with no Python object per message.

Local mode (the default when no master is configured): ``--master local[2]``.
PySpark's mapInArrow needs pyarrow and pandas where it runs, and Spark needs Java 17 or
later (``JAVA_HOME``, else ``java`` on PATH); ``pip install "zh-emotion[spark]"``
installs the Python side, and the program stops with one line when a part is missing. On a cluster, install the
zh-emotion wheel on every executor (for example
``pip install zh_emotion-*.whl`` in the executors' Python environment, or ship it with
``--py-files``/a packed virtual environment) and submit the same file unchanged:

    spark-submit --master yarn spark_classify.py hdfs:///chats hdfs:///chats_emotion
"""

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys

INSTALL = 'pip install "zh-emotion[spark]" (from the source tree: pip install "./bindings/python[spark]")'


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="Parquet or CSV file or folder")
    ap.add_argument("output", help="Parquet folder to write")
    ap.add_argument("--column", default="text", help="the message column (default: text)")
    ap.add_argument(
        "--format",
        choices=["auto", "parquet", "csv"],
        default="auto",
        help="input format (default: from the file name; folders of .csv files are CSV)",
    )
    ap.add_argument("--prefix", default="", help="prefix of the result column names")
    ap.add_argument(
        "--aspects",
        action="store_true",
        help="add the aspects column (what each opinion is about; about twice the time)",
    )
    ap.add_argument(
        "--threads",
        type=int,
        default=1,
        help="classifier threads per Spark task (default 1: Spark runs one task per core)",
    )
    ap.add_argument("--master", default=None, help="Spark master (default: the configured one, else local[*])")
    ap.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it exists")
    return ap.parse_args(argv)


def input_format(path, wanted):
    if wanted != "auto":
        return wanted
    if os.path.isdir(path):
        names = os.listdir(path)
        if any(n.endswith(".csv") for n in names) and not any(n.endswith(".parquet") for n in names):
            return "csv"
        return "parquet"
    return "csv" if path.lower().endswith(".csv") else "parquet"


def aspects_type():
    """The Spark type of the aspects column: classify_arrow's list<struct<...>>."""
    from pyspark.sql.types import ArrayType, FloatType, LongType, StringType, StructField, StructType

    return ArrayType(
        StructType(
            [
                StructField("text", StringType(), True),
                StructField("start", LongType(), True),
                StructField("end", LongType(), True),
                StructField("targets", ArrayType(StringType(), True), True),
                StructField("category", StringType(), True),
                StructField("emotion", StringType(), True),
                StructField("polarity", FloatType(), True),
                StructField("intensity", FloatType(), True),
            ]
        ),
        True,
    )


def result_schema(prefix, aspects=False):
    """The Spark fields of the result columns, in RESULT_FIELDS order, then ``aspects``
    when asked for."""
    from pyspark.sql.types import BooleanType, FloatType, StringType, StructField

    import zh_emotion

    types = {"emotion": StringType(), "escalate": BooleanType()}
    fields = [StructField(prefix + name, types.get(name, FloatType()), True) for name in zh_emotion.RESULT_FIELDS]
    if aspects:
        fields.append(StructField(prefix + "aspects", aspects_type(), True))
    return fields


def classify_batches(column, prefix, threads, aspects=False):
    """The function mapInArrow runs on the executors: input batch → input columns +
    result columns (with ``aspects`` when asked for)."""

    def run(batches):
        import pyarrow as pa

        import zh_emotion

        classifier = zh_emotion.Classifier(aspects=aspects)
        for batch in batches:
            results = classifier.classify_arrow(batch.column(column), threads=threads)
            names = batch.schema.names + [prefix + f.name for f in results.type]
            yield pa.RecordBatch.from_arrays(batch.columns + results.flatten(), names=names)

    return run


def classify_table(df, column="text", prefix="", threads=1, aspects=False):
    """``df`` with the result columns added (a lazy Spark DataFrame); ``aspects=True``
    adds the aspects column too."""
    from pyspark.sql.types import StringType, StructType

    if column not in df.columns:
        raise SystemExit(f"no column {column!r} in the input (columns: {', '.join(df.columns)})")
    if not isinstance(df.schema[column].dataType, StringType):
        raise SystemExit(f"column {column!r} is {df.schema[column].dataType.simpleString()}, not a string")
    extra = result_schema(prefix, aspects)
    clashes = [f.name for f in extra if f.name in df.columns]
    if clashes:
        raise SystemExit(f"the input already has columns named {clashes}; choose a --prefix")
    schema = StructType(df.schema.fields + extra)
    return df.mapInArrow(classify_batches(column, prefix, threads, aspects), schema)


def java_major(java):
    """The major version of the ``java`` executable (8 for 1.8), or None if unknown."""
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not found:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def require_spark():
    """Stops with one line, before Spark starts, when it cannot run here: pyspark,
    pandas or pyarrow not installed, or no Java 17 or later (JAVA_HOME, else PATH)."""
    missing = [m for m in ("pyspark", "pandas", "pyarrow") if importlib.util.find_spec(m) is None]
    if missing:
        names = ", ".join(missing[:-1]) + " and " + missing[-1] if len(missing) > 1 else missing[0]
        raise SystemExit(f"spark_classify: {names} not installed; install them with {INSTALL}")
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        java = os.path.join(java_home, "bin", "java")
        if not os.access(java, os.X_OK):
            raise SystemExit(f"spark_classify: Spark needs Java 17 or later, and JAVA_HOME={java_home} has no bin/java")
    else:
        java = shutil.which("java")
        if java is None:
            raise SystemExit("spark_classify: Spark needs Java 17 or later: no java on PATH and JAVA_HOME is not set")
    major = java_major(java)
    if major is not None and major < 17:
        raise SystemExit(f"spark_classify: Spark needs Java 17 or later; {java} is Java {major}")


def main(argv=None):
    args = parse_args(argv)
    if args.threads < 1:
        raise SystemExit("--threads must be at least 1")
    require_spark()
    # In local mode the executors' Python is this one (which has zh_emotion installed).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("zh-emotion classify")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        fmt = input_format(args.input, args.format)
        if fmt == "csv":
            reader = spark.read.option("header", True).option("multiLine", True).option("escape", '"')
            df = reader.csv(args.input)
        else:
            df = spark.read.parquet(args.input)
        out = classify_table(df, args.column, args.prefix, args.threads, args.aspects)
        out.write.mode("overwrite" if args.overwrite else "errorifexists").parquet(args.output)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()

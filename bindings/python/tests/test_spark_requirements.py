"""The Spark example stops with one clear line, before Spark starts, when pyspark (or
pandas, pyarrow) or Java is missing; these run with or without Spark installed."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "spark_classify.py"


def load_example():
    spec = importlib.util.spec_from_file_location("spark_classify", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_missing_pyspark_names_the_install_line(monkeypatch):
    example = load_example()
    real = importlib.util.find_spec
    monkeypatch.setattr(example.importlib.util, "find_spec", lambda name: None if name == "pyspark" else real(name))
    with pytest.raises(SystemExit) as stop:
        example.require_spark()
    message = str(stop.value)
    assert message.startswith("spark_classify: pyspark not installed")
    assert 'pip install "zh-emotion[spark]"' in message
    assert "\n" not in message


def test_missing_java_stops_the_program_before_spark(tmp_path):
    if any(importlib.util.find_spec(m) is None for m in ("pyspark", "pandas", "pyarrow")):
        pytest.skip("the Java check follows the pyspark check: needs the [spark] extra")
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    env["PATH"] = str(tmp_path)  # an empty folder: no java
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), str(tmp_path / "in.parquet"), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "spark_classify: Spark needs Java 17 or later: no java on PATH and JAVA_HOME is not set\n"
    assert not (tmp_path / "out").exists()


def test_java_home_without_java_is_named(monkeypatch, tmp_path):
    example = load_example()
    monkeypatch.setattr(example.importlib.util, "find_spec", lambda name: object())
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(SystemExit) as stop:
        example.require_spark()
    assert str(stop.value) == f"spark_classify: Spark needs Java 17 or later, and JAVA_HOME={tmp_path} has no bin/java"


def test_old_java_is_refused(monkeypatch, tmp_path):
    example = load_example()
    monkeypatch.setattr(example.importlib.util, "find_spec", lambda name: object())
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    java.write_text('#!/bin/sh\necho \'openjdk version "1.8.0_392"\' >&2\n')
    java.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(SystemExit) as stop:
        example.require_spark()
    assert str(stop.value) == f"spark_classify: Spark needs Java 17 or later; {java} is Java 8"

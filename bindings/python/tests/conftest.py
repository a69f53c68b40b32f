"""Shared fixtures: the repository root, the shipped samples, and the Rust crate's own
results for them (computed now by the reference program, never frozen in a file)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO / "data" / "samples" / "messages.txt"
CONVERSATIONS = REPO / "data" / "samples" / "conversations.jsonl"
BENCH = REPO / "data" / "bench" / "messages.txt"


def read_lines(path):
    """The lines of a file as Rust's str::lines reads them: split at \\n, a final \\r
    removed, no empty last line for a final line break."""
    text = Path(path).read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def reference_command():
    """The command that prints the Rust crate's results: $ZH_EMOTION_REFERENCE (a built
    zh-emotion-reference binary), else cargo run on the workspace member."""
    binary = os.environ.get("ZH_EMOTION_REFERENCE")
    if binary:
        return [binary]
    if shutil.which("cargo") is None:
        return None
    return [
        "cargo",
        "run",
        "--quiet",
        "--release",
        "--manifest-path",
        str(REPO / "Cargo.toml"),
        "-p",
        "zh-emotion-reference",
        "--",
    ]


def run_reference(*args):
    """The reference program's JSON lines for these arguments."""
    command = reference_command()
    if command is None:
        if os.environ.get("ZH_EMOTION_REQUIRE_REFERENCE"):
            pytest.fail("cargo is not on PATH and ZH_EMOTION_REFERENCE is not set")
        pytest.skip("needs cargo (or ZH_EMOTION_REFERENCE) to compute the Rust results")
    out = subprocess.run(
        command + list(args),
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
    ).stdout
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture(scope="session")
def rust_results():
    """The crate's result for each line of data/samples/messages.txt, as JSON objects."""
    return run_reference("results", str(SAMPLES))


@pytest.fixture(scope="session")
def rust_aspect_results():
    """The same, from a classifier built with aspects(true): each result with its aspects."""
    return run_reference("results", str(SAMPLES), "--aspects")


@pytest.fixture(scope="session")
def rust_conversations():
    """The crate's result for each conversation of data/samples/conversations.jsonl."""
    return run_reference("conversations", str(CONVERSATIONS))


@pytest.fixture(scope="session")
def rust_aspect_conversations():
    """The same, from a classifier built with aspects(true): each turn with its aspects,
    and what the customer was unhappy about."""
    return run_reference("conversations", str(CONVERSATIONS), "--aspects")
